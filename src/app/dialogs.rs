//! File dialogs behind a small trait, so tests can answer them without a window.
//!
//! A system dialog that cannot open (Linux without a desktop portal or zenity) says so with
//! [`Choice::Unavailable`]; the app then offers its own box to type the path in.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What came back from a file dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// The user chose this file or folder.
    Chosen(PathBuf),
    /// The user closed the dialog without choosing.
    Cancelled,
    /// The dialog could not be shown; why, in Chinese.
    Unavailable(String),
}

impl Choice {
    /// `Some(path)` for a chosen path, `None` for a cancel.
    pub fn from_option(path: Option<PathBuf>) -> Choice {
        path.map_or(Choice::Cancelled, Choice::Chosen)
    }
}

/// A system dialog that returns nothing faster than this never showed itself: no person cancels a
/// file dialog within 0.3 s.
const TOO_FAST_TO_BE_A_PERSON: Duration = Duration::from_millis(300);

/// Set to `1` to skip the system dialogs and always type paths into the app's own box.
pub const NO_SYSTEM_DIALOGS_VAR: &str = "LIANGPAI_NO_SYSTEM_DIALOGS";

/// The message when the system's file dialog could not be opened.
pub const UNAVAILABLE_MESSAGE: &str = "系统的文件选择窗口打不开。请在下面直接输入文件或文件夹的完整路径（可在文件夹窗口中按住 Shift 右键点文件，选“复制为路径”，再粘贴到这里）。";

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
    /// 打开样式包.
    OpenStylePack,
    /// 导出样式包.
    SaveStylePack,
    /// 批量导出: the roster (.xlsx, .xls, .csv).
    OpenRoster,
    /// 批量导出: a folder of station files.
    StationFolder,
    /// 批量导出: the style pack.
    PickStylePack,
    /// 批量导出: the output folder.
    BatchOutput,
    /// 生成空白花名册: where to save it.
    SaveRoster,
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
            FilePurpose::OpenStylePack => "打开样式包",
            FilePurpose::SaveStylePack => "导出样式包",
            FilePurpose::OpenRoster => "选择站点花名册（Excel 或 CSV）",
            FilePurpose::StationFolder => "选择放着站点文件的文件夹",
            FilePurpose::PickStylePack => "选择样式包",
            FilePurpose::BatchOutput => "选择保存批量导出结果的文件夹",
            FilePurpose::SaveRoster => "保存空白花名册",
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
    /// The chosen path, a cancel, or why no dialog could be shown.
    fn choose(&mut self, request: &FileRequest) -> Choice;
}

/// The real dialogs of the operating system (rfd).
#[derive(Debug, Default)]
pub struct SystemDialogs;

impl Dialogs for SystemDialogs {
    fn choose(&mut self, request: &FileRequest) -> Choice {
        if std::env::var_os(NO_SYSTEM_DIALOGS_VAR).is_some_and(|value| value == "1") {
            return Choice::Unavailable(UNAVAILABLE_MESSAGE.to_owned());
        }
        let started = Instant::now();
        let chosen = system_dialog(request);
        if chosen.is_none()
            && cfg!(target_os = "linux")
            && started.elapsed() < TOO_FAST_TO_BE_A_PERSON
        {
            return Choice::Unavailable(UNAVAILABLE_MESSAGE.to_owned());
        }
        Choice::from_option(chosen)
    }
}

/// The operating system's dialog (rfd): on Linux the desktop portal, else zenity.
fn system_dialog(request: &FileRequest) -> Option<PathBuf> {
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
        FilePurpose::OpenStylePack => dialog
            .add_filter("亮牌样式包", &["lpstyle"])
            .add_filter("所有文件", &["*"])
            .pick_file(),
        FilePurpose::SaveStylePack => dialog.add_filter("亮牌样式包", &["lpstyle"]).save_file(),
        FilePurpose::OpenRoster => dialog
            .add_filter(
                "站点花名册",
                &["xlsx", "xls", "xlsm", "csv", "XLSX", "XLS", "CSV"],
            )
            .add_filter("所有文件", &["*"])
            .pick_file(),
        FilePurpose::PickStylePack => dialog
            .add_filter("亮牌样式包", &["lpstyle"])
            .add_filter("所有文件", &["*"])
            .pick_file(),
        FilePurpose::StationFolder | FilePurpose::BatchOutput => dialog.pick_folder(),
        FilePurpose::SaveRoster => dialog.add_filter("Excel 工作簿", &["xlsx"]).save_file(),
    }
}
