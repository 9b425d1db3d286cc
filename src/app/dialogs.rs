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
pub const UNAVAILABLE_MESSAGE: &str = "系统的文件选择窗口没能打开。";

/// What a file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// 打开站点文件.
    OpenStation,
    /// 保存站点文件（另存为）.
    SaveStation,
    /// 打开示例站点: where to keep the example before it is opened.
    SaveExample,
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

/// What kind of dialog a purpose needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// An existing file.
    OpenFile,
    /// A file to write (it may exist).
    SaveFile,
    /// A folder.
    Folder,
}

/// A file type the dialog shows: its name and its extensions (without the dot).
pub type Filter = (&'static str, &'static [&'static str]);

const STATION_FILES: Filter = ("亮牌站点文件（.json）", &["json", "JSON"]);
const STYLE_PACKS: Filter = ("亮牌样式包（.lpstyle）", &["lpstyle"]);
const IMAGES: Filter = (
    "图片（JPG、PNG）",
    &["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"],
);

impl FilePurpose {
    /// The dialog's title: what it is for, in the user's words.
    pub fn title(self) -> &'static str {
        match self {
            FilePurpose::OpenStation => "打开站点文件（亮牌保存的 .json 文件）",
            FilePurpose::SaveStation => "保存站点文件：选择保存的位置和文件名",
            FilePurpose::SaveExample => {
                "打开示例站点：先选择把示例保存在哪里（示例照片保存在旁边的 photos 文件夹）"
            }
            FilePurpose::SavePdf => "导出本牌 PDF：选择保存的位置和文件名",
            FilePurpose::ExportFolder => "导出全套公示牌：选择保存的文件夹（每块公示牌一个 PDF）",
            FilePurpose::SavePng => "导出 PNG 图片：选择保存的位置和文件名",
            FilePurpose::PickImage => "选择图片（JPG 或 PNG 格式的照片或标志）",
            FilePurpose::OpenStylePack => "打开样式包（.lpstyle 文件）",
            FilePurpose::SaveStylePack => "导出样式包：选择保存的位置和文件名",
            FilePurpose::OpenRoster => "批量导出：选择站点花名册（Excel 或 CSV 文件）",
            FilePurpose::StationFolder => "批量导出：选择放着站点文件（.json）的文件夹",
            FilePurpose::PickStylePack => "批量导出：选择样式包（.lpstyle 文件）",
            FilePurpose::BatchOutput => "批量导出：选择保存导出结果的文件夹",
            FilePurpose::SaveRoster => "生成空白花名册：选择保存的位置和文件名",
        }
    }

    /// Whether it asks for a file to open, a file to write, or a folder.
    pub fn pick(self) -> Pick {
        match self {
            FilePurpose::OpenStation
            | FilePurpose::PickImage
            | FilePurpose::OpenStylePack
            | FilePurpose::OpenRoster
            | FilePurpose::PickStylePack => Pick::OpenFile,
            FilePurpose::SaveStation
            | FilePurpose::SaveExample
            | FilePurpose::SavePdf
            | FilePurpose::SavePng
            | FilePurpose::SaveStylePack
            | FilePurpose::SaveRoster => Pick::SaveFile,
            FilePurpose::ExportFolder | FilePurpose::StationFolder | FilePurpose::BatchOutput => {
                Pick::Folder
            }
        }
    }

    /// The file types the dialog shows (none for folders). Only what the program can use: no
    /// “all files” that would lead to a refusal afterwards.
    pub fn filters(self) -> &'static [Filter] {
        match self {
            FilePurpose::OpenStation | FilePurpose::SaveStation | FilePurpose::SaveExample => {
                &[STATION_FILES]
            }
            FilePurpose::SavePdf => &[("PDF 文件", &["pdf"])],
            FilePurpose::SavePng => &[("PNG 图片", &["png"])],
            FilePurpose::PickImage => &[IMAGES],
            FilePurpose::OpenStylePack
            | FilePurpose::SaveStylePack
            | FilePurpose::PickStylePack => &[STYLE_PACKS],
            FilePurpose::OpenRoster => &[(
                "站点花名册（Excel 或 CSV）",
                &["xlsx", "xls", "xlsm", "csv", "XLSX", "XLS", "XLSM", "CSV"],
            )],
            FilePurpose::SaveRoster => &[("Excel 工作簿（.xlsx）", &["xlsx"])],
            FilePurpose::ExportFolder | FilePurpose::StationFolder | FilePurpose::BatchOutput => {
                &[]
            }
        }
    }

    /// What to type into the app's own path box (when the system's dialog cannot open).
    pub fn prompt(self) -> &'static str {
        match self.pick() {
            Pick::OpenFile => "请在下面输入要打开的文件的完整路径（包括文件名）：",
            Pick::SaveFile => "请在下面输入要保存成的文件的完整路径（包括文件名）：",
            Pick::Folder => "请在下面输入文件夹的完整路径：",
        }
    }

    /// An example path for the path box.
    pub fn example_path(self) -> &'static str {
        match self {
            FilePurpose::OpenStation | FilePurpose::SaveStation | FilePurpose::SaveExample => {
                "如：D:\\公示牌\\柳溪镇社工站.json"
            }
            FilePurpose::SavePdf => "如：D:\\公示牌\\柳溪镇社工站-站点门牌.pdf",
            FilePurpose::SavePng => "如：D:\\公示牌\\柳溪镇社工站-屏幕宣传图.png",
            FilePurpose::PickImage => "如：D:\\公示牌\\照片\\王磊.jpg",
            FilePurpose::OpenStylePack
            | FilePurpose::SaveStylePack
            | FilePurpose::PickStylePack => "如：D:\\公示牌\\青禾县样式包.lpstyle",
            FilePurpose::OpenRoster | FilePurpose::SaveRoster => "如：D:\\公示牌\\站点花名册.xlsx",
            FilePurpose::ExportFolder | FilePurpose::BatchOutput => "如：D:\\公示牌\\导出",
            FilePurpose::StationFolder => "如：D:\\公示牌\\各站点",
        }
    }

    /// The label of the path box.
    pub fn path_label(self) -> &'static str {
        match self.pick() {
            Pick::Folder => "文件夹路径",
            Pick::OpenFile | Pick::SaveFile => "文件路径",
        }
    }
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
        FileRequest {
            purpose,
            title: purpose.title().to_owned(),
            directory: directory.map(Path::to_path_buf),
            file_name,
        }
    }

    /// What the path box starts with: the folder and the proposed name.
    pub fn start_path(&self) -> String {
        let mut start = self.directory.clone().unwrap_or_default();
        if let Some(name) = &self.file_name {
            start.push(name);
        }
        start.display().to_string()
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
    for (name, extensions) in request.purpose.filters() {
        dialog = dialog.add_filter(*name, extensions);
    }
    match request.purpose.pick() {
        Pick::OpenFile => dialog.pick_file(),
        Pick::SaveFile => dialog.save_file(),
        Pick::Folder => dialog.pick_folder(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [FilePurpose; 14] = [
        FilePurpose::OpenStation,
        FilePurpose::SaveStation,
        FilePurpose::SaveExample,
        FilePurpose::SavePdf,
        FilePurpose::ExportFolder,
        FilePurpose::SavePng,
        FilePurpose::PickImage,
        FilePurpose::OpenStylePack,
        FilePurpose::SaveStylePack,
        FilePurpose::OpenRoster,
        FilePurpose::StationFolder,
        FilePurpose::PickStylePack,
        FilePurpose::BatchOutput,
        FilePurpose::SaveRoster,
    ];

    #[test]
    fn every_dialog_says_what_it_is_for_and_shows_what_it_takes() {
        let mut titles = std::collections::HashSet::new();
        for purpose in ALL {
            assert!(
                titles.insert(purpose.title()),
                "{purpose:?}: same title as another"
            );
            let filters = purpose.filters();
            // Folders have no file types; files only the types the program reads or writes.
            assert_eq!(
                filters.is_empty(),
                purpose.pick() == Pick::Folder,
                "{purpose:?}"
            );
            for (name, extensions) in filters {
                assert!(
                    !extensions.contains(&"*"),
                    "{purpose:?}: {name} lets anything through"
                );
            }
            // The example in the path box is of the kind asked for.
            let example = purpose.example_path();
            let matches_filter = filters.iter().any(|(_, extensions)| {
                extensions
                    .iter()
                    .any(|extension| example.ends_with(&format!(".{extension}")))
            });
            assert_eq!(
                matches_filter,
                purpose.pick() != Pick::Folder,
                "{purpose:?}: example {example}"
            );
            // A folder is never called a file, nor a file a folder.
            let prompt = purpose.prompt();
            assert_eq!(
                prompt.contains("文件夹"),
                purpose.pick() == Pick::Folder,
                "{prompt}"
            );
            assert!(!prompt.contains("文件或文件夹"));
        }
        assert!(FilePurpose::SaveExample.title().contains("示例"));
        assert!(FilePurpose::PickImage.example_path().ends_with(".jpg"));
    }

    #[test]
    fn the_path_box_starts_with_the_proposed_name() {
        let request = FileRequest::new(
            FilePurpose::SaveStation,
            None,
            Some("柳溪镇社工站.json".to_owned()),
        );
        assert_eq!(request.start_path(), "柳溪镇社工站.json");
        let request = FileRequest::new(
            FilePurpose::SaveStation,
            Some(Path::new("/home/社工")),
            Some("柳溪镇社工站.json".to_owned()),
        );
        assert_eq!(
            PathBuf::from(request.start_path()),
            Path::new("/home/社工").join("柳溪镇社工站.json")
        );
    }
}
