//! The app's state in parts, each with one job: what the app talks to outside ([`System`]), the
//! document being edited ([`Document`]), how its signs are made ([`Settings`]), the background
//! jobs ([`Jobs`]) and the form's own state ([`FormState`]). The window's panels and dialogs are
//! in `LiangpaiApp` itself.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::exporting::{ExportJob, PrintSettings};
use super::form::{DeletedItem, ItemKeys, ProblemIndex, Touched};
use super::history::History;
use super::navigation::{Jump, Section};
use super::printing::PrintJob;
use super::script_preview::ScriptPreviews;
use super::{DataDir, Dialogs, FileManager, Printing, TimingSink};
use crate::layout::LayoutOptions;
use crate::model::{Diagnostic, StationFile};
use crate::sign::SignKind;
use crate::style_pack::StylePack;

/// What the app talks to outside the window (real ones on the desktop, fakes in tests).
pub(super) struct System {
    /// File dialogs.
    pub dialogs: Box<dyn Dialogs>,
    /// The data folder: autosave, recent files, the log, the user's fonts.
    pub data: DataDir,
    /// How often unsaved changes are written to the autosave file.
    pub autosave_interval: Duration,
    /// 打开文件夹 after an export.
    pub file_manager: Arc<dyn FileManager>,
    /// Printers.
    pub printing: Arc<dyn Printing>,
    /// `LIANGPAI_TIMING` is set: where the first frame, slow frames and preview updates are
    /// reported.
    pub timing: Option<TimingSink>,
}

/// The station being edited, its file, what was last saved and its undo history.
pub(super) struct Document {
    /// The station as the form shows it.
    pub station: StationFile,
    /// Its file, once opened or saved (absolute).
    pub path: Option<PathBuf>,
    /// The station as last saved or opened (`None`: never).
    pub saved: Option<StationFile>,
    /// Undo and redo; the list items' keys travel with each step.
    pub history: History<ItemKeys>,
    /// The station as last written to the autosave file.
    pub autosaved: Option<StationFile>,
    /// When the autosave file was last written.
    pub last_autosave: Instant,
}

impl Document {
    /// A document of `station`, not saved anywhere yet.
    pub fn new(station: StationFile) -> Document {
        Document {
            history: History::new(&station, &ItemKeys::default()),
            saved: Some(station.clone()),
            station,
            path: None,
            autosaved: None,
            last_autosave: Instant::now(),
        }
    }
}

/// How the signs are made and shown (not stored in the station file): the sign in the preview,
/// paper and fonts, the export menu's choices, and the style pack the station follows.
pub(super) struct Settings {
    /// The sign the preview shows (and 导出本牌 / 打印 make).
    pub kind: SignKind,
    /// Paper, orientation, bleed, fonts.
    pub options: LayoutOptions,
    /// Font files in the user's fonts folder that could not be used.
    pub font_problems: Vec<crate::font_files::FontFileProblem>,
    /// The paper size was typed in (自定义尺寸), not chosen from the list.
    pub custom_size: bool,
    /// The export menu's choices (用途, 裁切线, 转曲); its `style` is left empty (see
    /// [`Settings::export_choices`]).
    pub print: PrintSettings,
    /// The style pack (样式包) the preview, exports and printing follow, read when the station
    /// was opened or the pack chosen (`None`: no pack, or one that could not be read). The one
    /// copy: everything that follows the pack takes it from here.
    pub style: Option<Arc<StylePack>>,
    /// The stored style pack path and station folder `style` was read for.
    pub style_for: Option<(String, Option<PathBuf>)>,
}

impl Settings {
    /// The export menu's choices with the style pack in use: what an export or a print starts
    /// with.
    pub fn export_choices(&self) -> PrintSettings {
        PrintSettings {
            style: self.style.clone(),
            ..self.print.clone()
        }
    }
}

/// The jobs running on worker threads (see [`super::jobs::Worker`]); the batch runs inside its
/// dialog.
#[derive(Default)]
pub(super) struct Jobs {
    /// An export.
    pub export: Option<ExportJob>,
    /// A print.
    pub print: Option<PrintJob>,
    /// The folder of the last export that wrote files (offered as 打开文件夹).
    pub exported_folder: Option<PathBuf>,
}

/// The form's state besides the station: the section shown, where to jump, the list items' keys,
/// which errors show yet, the item deleted last, the shaped translations and the problems.
pub(super) struct FormState {
    /// The section shown.
    pub section: Section,
    /// A field to bring into view.
    pub jump: Option<Jump>,
    /// Keys of list items (text field ids that do not depend on list order).
    pub item_keys: ItemKeys,
    /// The fields the user has left and the rows still being filled in (their errors wait).
    pub touched: Touched,
    /// The list item deleted last, for the note "已删除 … · 撤销".
    pub deleted: Option<DeletedItem>,
    /// When the last list item was deleted (egui time, seconds).
    pub last_delete_s: f64,
    /// Translations shaped as they will print, shown under their inputs.
    pub scripts: ScriptPreviews,
    /// The station's problems (validation and pictures).
    pub problems: Vec<Diagnostic>,
    /// The problems the form shows, by field.
    pub problem_index: ProblemIndex,
    /// What `problems` were worked out for: the station, the preview's version and the
    /// generation of `touched`.
    pub problems_of: Option<(StationFile, u64, u64)>,
}

impl Default for FormState {
    fn default() -> FormState {
        FormState {
            section: Section::Station,
            jump: None,
            item_keys: ItemKeys::default(),
            touched: Touched::default(),
            deleted: None,
            last_delete_s: f64::NEG_INFINITY,
            scripts: ScriptPreviews::default(),
            problems: Vec::new(),
            problem_index: ProblemIndex::default(),
            problems_of: None,
        }
    }
}
