//! File dialogs behind a small trait, so tests can answer them without a window.

use std::path::{Path, PathBuf};

/// What a file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// 打开站点文件.
    OpenStation,
    /// 保存站点文件（另存为）.
    SaveStation,
    /// 导出本牌 PDF.
    SavePdf,
    /// 导出全套 PDF: choose a folder.
    ExportFolder,
    /// 导出 PNG.
    SavePng,
    /// 选择照片或标志.
    PickImage,
}

/// One question to the user: which file or folder.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRequest {
    /// What for.
    pub purpose: FilePurpose,
    /// The dialog's title (Chinese).
    pub title: String,
    /// Folder to start in.
    pub directory: Option<PathBuf>,
    /// Suggested file name (save dialogs).
    pub file_name: Option<String>,
}

impl FileRequest {
    /// A request with the usual title for `purpose`.
    pub fn new(purpose: FilePurpose, directory: Option<&Path>, file_name: Option<String>) -> Self {
        let title = match purpose {
            FilePurpose::OpenStation => "打开站点文件",
            FilePurpose::SaveStation => "保存站点文件",
            FilePurpose::SavePdf => "导出 PDF",
            FilePurpose::ExportFolder => "选择保存全套公示牌的文件夹",
            FilePurpose::SavePng => "导出 PNG 图片",
            FilePurpose::PickImage => "选择图片（JPG 或 PNG）",
        };
        FileRequest {
            purpose,
            title: title.to_owned(),
            directory: directory.map(Path::to_path_buf),
            file_name,
        }
    }
}

/// Asks the user for a file or folder. Blocking is fine: it runs between frames.
pub trait Dialogs {
    /// The chosen path, or `None` if the user cancelled.
    fn choose(&mut self, request: &FileRequest) -> Option<PathBuf>;
}

/// The real dialogs of the operating system (rfd).
#[derive(Debug, Default)]
pub struct SystemDialogs;

impl Dialogs for SystemDialogs {
    fn choose(&mut self, request: &FileRequest) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new().set_title(&request.title);
        if let Some(directory) = request.directory.as_deref().filter(|dir| dir.is_dir()) {
            dialog = dialog.set_directory(directory);
        }
        if let Some(name) = &request.file_name {
            dialog = dialog.set_file_name(name);
        }
        match request.purpose {
            FilePurpose::OpenStation => dialog
                .add_filter("亮牌站点文件", &["json"])
                .add_filter("所有文件", &["*"])
                .pick_file(),
            FilePurpose::SaveStation => dialog.add_filter("亮牌站点文件", &["json"]).save_file(),
            FilePurpose::SavePdf => dialog.add_filter("PDF 文件", &["pdf"]).save_file(),
            FilePurpose::SavePng => dialog.add_filter("PNG 图片", &["png"]).save_file(),
            FilePurpose::ExportFolder => dialog.pick_folder(),
            FilePurpose::PickImage => dialog
                .add_filter("图片", &["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"])
                .pick_file(),
        }
    }
}
