//! The desktop app (eframe/egui): the only module that knows egui.
//!
//! One frame: take what the preview and export workers finished; read the keyboard shortcuts; draw
//! the toolbar, the form (left) and the preview (right), where the `*_ui` functions edit the
//! station directly or push a [`Command`]; record the frame's edits for undo; then run the commands
//! — dialogs, files, exports — in one place ([`LiangpaiApp::run_commands`]); autosave; set the title.

mod batch;
mod commands;
mod dialogs;
mod exporting;
mod files;
mod folders;
mod form;
mod history;
mod jobs;
mod navigation;
mod office;
mod panels;
mod portable;
mod preview;
mod printing;
mod script_preview;
mod state;
mod style;
mod toolbar;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use batch::{BatchPath, BatchRow, Note as BatchNote, apply_style_pack};
pub use commands::{Command, ImageTarget, Pending};
pub use dialogs::{Choice, Dialogs, FilePurpose, FileRequest, Filter, Pick, SystemDialogs};
pub use exporting::export_set;
pub use files::{Autosave, DataDir};
pub use folders::{FileManager, RecordingFileManager, SystemFileManager};
pub use jobs::{JobError, JobKind};
pub use navigation::Section;
pub use preview::{PreviewRenderer, PreviewUpdate, color_image};
pub use printing::{NoPrinters, PrintDialog, Printing, SystemPrinting};
pub use script_preview::{PREVIEW_SIZE_PT, ShapedPreview, shape as shape_preview};

use crate::layout::LayoutOptions;
use crate::model::{Diagnostic, Language, PathPart, Severity, StationFile};
use crate::sign::SignKind;
pub use exporting::PrintSettings;
use form::{FormContext, ItemKeys, ProblemIndex};
use navigation::{room_of_field, rule_of_field};
use preview::Preview;
use state::{Document, FormState, Jobs, Settings, System};

/// The form's share of the window's width when the app starts.
const FORM_SHARE: f32 = 0.42;
/// The narrowest the form gets (its labels and fields stay usable).
const FORM_MIN_WIDTH: f32 = 320.0;
/// The narrowest the preview gets beside the form.
const PREVIEW_MIN_WIDTH: f32 = 240.0;
/// The warnings panel's share of the height under the toolbar when the app starts.
const WARNINGS_SHARE: f32 = 0.22;
/// The least height left to the preview above the warnings.
const PREVIEW_MIN_HEIGHT: f32 = 160.0;

/// `share` of `total`, at least `min` and leaving at least `rest` of `total` (the minimum wins
/// when `total` is too small for both).
fn share_of(total: f32, share: f32, min: f32, rest: f32) -> f32 {
    (total * share)
        .min(total - rest)
        .max(min)
        .min(total.max(0.0))
}

/// The width of `text` on one line in `style` (to decide what goes on which row).
pub(crate) fn text_width(
    ui: &egui::Ui,
    text: impl Into<egui::WidgetText>,
    style: egui::TextStyle,
) -> f32 {
    text.into()
        .into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, style)
        .size()
        .x
}

/// A divider between two panels that the user drags: the strip `rect` (along a vertical line
/// when `vertical`). Returns the pointer's position across the line while it is dragged.
fn divider(ui: &mut egui::Ui, id: &str, rect: egui::Rect, vertical: bool) -> Option<f32> {
    let response = ui.interact(rect, egui::Id::unique(id), egui::Sense::drag());
    let label = if vertical {
        "拖动调整表单宽度"
    } else {
        "拖动调整提醒区高度"
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Splitter, true, label));
    if response.hovered() || response.dragged() {
        ui.ctx().set_cursor_icon(if vertical {
            egui::CursorIcon::ResizeHorizontal
        } else {
            egui::CursorIcon::ResizeVertical
        });
        let stroke = ui.visuals().widgets.hovered.fg_stroke;
        let center = rect.center();
        if vertical {
            ui.painter().vline(center.x, rect.y_range(), stroke);
        } else {
            ui.painter().hline(rect.x_range(), center.y, stroke);
        }
    }
    let pointer = response.interact_pointer_pos()?;
    response
        .dragged()
        .then_some(if vertical { pointer.x } else { pointer.y })
}

/// How often unsaved changes are written to the autosave file.
pub const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(30);

/// The window could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// eframe could not create the window or its OpenGL context.
    #[cfg_attr(
        windows,
        error(
            "亮牌无法打开窗口：{0}\n\n这台电脑的显卡驱动可能不支持 OpenGL 2。请确认解压后的 opengl32.dll 和 liangpai.exe 在同一个文件夹里（不要只复制 liangpai.exe），或安装显卡驱动后再试。"
        )
    )]
    #[cfg_attr(
        not(windows),
        error(
            "亮牌无法打开窗口：{0}\n（需要图形界面和 OpenGL 2；没有显卡驱动时可用 Mesa 软件渲染。）"
        )
    )]
    Window(#[source] eframe::Error),
}

/// Where timing diagnostics go (one line each): the command line passes a sink that prints them
/// when `LIANGPAI_TIMING` is set; the app itself never prints.
pub type TimingSink = Arc<dyn Fn(String) + Send + Sync>;

/// Opens the window, with `file` loaded if given; returns when it is closed. The error (also
/// written to the log, and on Windows shown in a message box) is for the command line to print.
/// With `timing`, the time to the first frame, slow frames and preview updates are reported to it.
pub fn run(file: Option<PathBuf>, timing: Option<TimingSink>) -> Result<(), AppError> {
    let started = Instant::now();
    let config = AppConfig {
        started: Some(started),
        timing,
        ..AppConfig::desktop(file)
    };
    // Errors and panics of a program started by a double-click go nowhere visible: keep them.
    let log = DataDir::platform();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        log.log(&format!("程序出错：{info}"));
        previous_hook(info);
    }));
    let mut viewport = egui::ViewportBuilder::default();
    if let Ok(icon) = crate::assets::decode_bitmap(
        include_bytes!("../../assets/liangpai-64.png"),
        image::ImageFormat::Png,
    ) {
        viewport = viewport.with_icon(egui::IconData {
            width: icon.width(),
            height: icon.height(),
            rgba: icon.into_raw(),
        });
    }
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: viewport
            .with_title("亮牌")
            .with_app_id("liangpai")
            // Maximized: inside the screen's work area on a 1366×768 or 1280×720 screen at any
            // scaling (the size below is for un-maximizing; `fit_to_screen` keeps it inside).
            .with_maximized(true)
            .with_inner_size([1200.0, 660.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    let result = eframe::run_native(
        "亮牌",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            Ok(Box::new(LiangpaiApp::new(&cc.egui_ctx, config)))
        }),
    );
    result.map_err(|error| {
        DataDir::platform().log(&format!("无法打开窗口：{error}"));
        let error = AppError::Window(error);
        #[cfg(windows)]
        {
            let _ = rfd::MessageDialog::new()
                .set_title("亮牌")
                .set_description(error.to_string())
                .set_level(rfd::MessageLevel::Error)
                .show();
        }
        error
    })
}

/// Loads the bundled Chinese font into egui (first in the fallback order) and sets a legible,
/// light style. Call before the first frame; tests call it in the harness's context setup.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans-sc".to_owned(),
        Arc::new(egui::FontData::from_static(crate::fonts::REGULAR_BYTES)),
    );
    // The script faces after egui's own, so that a translation typed into its field shows its
    // letters (unjoined and left to right: the shaped preview under the field shows them as
    // they will print).
    let scripts = [
        ("noto-naskh-arabic", crate::fonts::ARABIC_REGULAR_BYTES),
        ("noto-serif-tibetan", crate::fonts::TIBETAN_REGULAR_BYTES),
        ("noto-sans-mongolian", crate::fonts::MONGOLIAN_BYTES),
        ("noto-sans-yi", crate::fonts::YI_BYTES),
    ];
    for (name, bytes) in scripts {
        fonts.font_data.insert(
            name.to_owned(),
            Arc::new(egui::FontData::from_static(bytes)),
        );
    }
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let names = fonts.families.entry(family).or_default();
        names.insert(0, "noto-sans-sc".to_owned());
        names.extend(scripts.iter().map(|(name, _)| (*name).to_owned()));
    }
    ctx.set_fonts(fonts);
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(12.5, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(15.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(15.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(20.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(14.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.spacing.interact_size.y = 24.0;
    });
}

/// How the app is set up: where its files go and how it asks for paths.
pub struct AppConfig {
    /// The station file to open.
    pub file: Option<PathBuf>,
    /// Without `file`, open the station edited last.
    pub open_last: bool,
    /// Folder for autosave and recent files.
    pub data_dir: DataDir,
    /// File dialogs.
    pub dialogs: Box<dyn Dialogs>,
    /// Autosave interval (tests use zero).
    pub autosave_interval: Duration,
    /// When the process started, to report the time to the first frame (`LIANGPAI_TIMING=1`).
    pub started: Option<Instant>,
    /// Printers (the system's in the app; tests never reach a real printer).
    pub printing: std::sync::Arc<dyn Printing>,
    /// 打开文件夹 after an export (the system's file manager; tests only record the folder).
    pub file_manager: std::sync::Arc<dyn FileManager>,
    /// Where timing diagnostics go; `None`: nowhere.
    pub timing: Option<TimingSink>,
}

impl AppConfig {
    /// The real desktop setup: platform data folder, system dialogs.
    pub fn desktop(file: Option<PathBuf>) -> AppConfig {
        AppConfig {
            file,
            open_last: true,
            data_dir: DataDir::platform(),
            dialogs: Box::new(SystemDialogs),
            autosave_interval: AUTOSAVE_INTERVAL,
            started: None,
            printing: std::sync::Arc::new(SystemPrinting),
            file_manager: std::sync::Arc::new(SystemFileManager),
            timing: None,
        }
    }

    /// A setup for tests: the given data folder and dialogs, nothing opened automatically.
    pub fn for_tests(data_dir: &Path, dialogs: Box<dyn Dialogs>) -> AppConfig {
        AppConfig {
            file: None,
            open_last: false,
            data_dir: DataDir::at(data_dir),
            dialogs,
            autosave_interval: AUTOSAVE_INTERVAL,
            started: None,
            printing: std::sync::Arc::new(NoPrinters),
            file_manager: std::sync::Arc::new(RecordingFileManager::default()),
            timing: None,
        }
    }
}

/// A dialog box over the window.
#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// A message with an OK button.
    Message {
        /// Title.
        title: String,
        /// Text.
        text: String,
    },
    /// Unsaved changes would be lost: save, discard or cancel.
    ConfirmDiscard(Pending),
    /// An autosave from a session that did not end normally: restore it?
    Recover(Box<Autosave>),
    /// The system file dialog could not open: type the path.
    TypePath(TypePath),
    /// The signs to export or print lack an essential: 去填写 / 生成样稿 / 取消.
    Unfinished {
        /// What the user was doing (done again as a draft on 生成样稿).
        action: commands::DraftAction,
        /// What is missing, where to fill it in and which signs need it (Chinese).
        text: String,
        /// Where 去填写 leads: the first missing field.
        field: crate::model::FieldPath,
    },
}

/// The app's own box for typing a path, when the system's file dialog cannot open.
#[derive(Debug, Clone, PartialEq)]
pub struct TypePath {
    /// What the path is for.
    pub request: FileRequest,
    /// Why the system dialog did not open (Chinese).
    pub reason: String,
    /// The path typed so far.
    pub text: String,
    /// What is wrong with the typed path, if anything.
    pub error: Option<String>,
    /// The command to run again with the path.
    pub retry: Box<Command>,
}

/// The app: what it talks to outside, the document, the settings, the jobs and the form's state
/// (see [`state`]), and the window's own parts (dialogs, status bar, panel sizes).
pub struct LiangpaiApp {
    ctx: egui::Context,
    system: System,

    doc: Document,
    settings: Settings,
    jobs: Jobs,
    form: FormState,
    preview: Preview,

    /// Side effects asked for while drawing, run at the end of the frame.
    commands: Vec<Command>,
    modals: Vec<Modal>,
    status: String,
    print_dialog: Option<PrintDialog>,
    /// The 批量导出 dialog, while open (with its running batch or report).
    batch: Option<batch::BatchDialog>,
    recent: Vec<PathBuf>,
    title: String,
    allow_close: bool,
    started: Option<Instant>,
    /// Where the time of the last frame went (with `timing`).
    frame_parts: Vec<(&'static str, f32)>,
    /// A path typed into the path box, for the command run again with it.
    typed_path: Option<(FilePurpose, PathBuf)>,
    /// Show the welcome card (first start, nothing opened or typed yet).
    welcome: bool,
    /// The form's width as a share of the window's (follows the window; changed by dragging).
    form_share: f32,
    /// The warnings panel's height as a share of the room under the toolbar.
    warnings_share: f32,
    /// The window was checked against the screen's size.
    fitted_to_screen: bool,
}

impl LiangpaiApp {
    /// Creates the app: opens the file of the config (or the last one), offers crash recovery.
    pub fn new(ctx: &egui::Context, config: AppConfig) -> LiangpaiApp {
        let station = new_station();
        // The user's fonts: the `fonts` folder in the data folder (shown in the 字体 menu).
        let fonts = crate::fonts::bundled();
        let user_fonts = crate::font_files::read_user_fonts(
            &config
                .data_dir
                .folder()
                .map(|folder| (folder.join(crate::font_files::USER_FONTS_FOLDER), true))
                .into_iter()
                .collect::<Vec<_>>(),
        );
        let mut app = LiangpaiApp {
            ctx: ctx.clone(),
            recent: config.data_dir.recent(),
            system: System {
                dialogs: config.dialogs,
                data: config.data_dir,
                autosave_interval: config.autosave_interval,
                file_manager: config.file_manager.clone(),
                printing: config.printing.clone(),
                timing: config.timing.clone(),
            },
            doc: Document::new(station),
            settings: Settings {
                kind: SignKind::Plaque,
                options: LayoutOptions {
                    fonts: fonts.clone().with_user_fonts(user_fonts.faces),
                    ..LayoutOptions::default()
                },
                font_problems: user_fonts.problems,
                custom_size: false,
                print: PrintSettings::default(),
                style: None,
                style_for: None,
            },
            jobs: Jobs::default(),
            form: FormState::default(),
            preview: Preview::new(ctx, config.timing.clone()),
            commands: Vec::new(),
            modals: Vec::new(),
            status: String::new(),
            print_dialog: None,
            batch: None,
            title: String::new(),
            allow_close: false,
            started: config.started,
            frame_parts: Vec::new(),
            typed_path: None,
            welcome: false,
            form_share: FORM_SHARE,
            warnings_share: WARNINGS_SHARE,
            fitted_to_screen: false,
        };
        app.form.touched.reset(true);
        if let Some(file) = config.file {
            match crate::storage::load(&file) {
                Ok(station) => app.replace_document(station, Some(file)),
                Err(error) => app.modals.push(Modal::Message {
                    title: "无法打开站点文件".to_owned(),
                    text: format!("{error}\n\n现在打开的是一个空白站点；原文件没有被改动。"),
                }),
            }
        } else if config.open_last {
            let last = app.recent.iter().find(|path| path.is_file()).cloned();
            if let Some(last) = last {
                match crate::storage::load(&last) {
                    Ok(station) => app.replace_document(station, Some(last)),
                    Err(_) => {
                        app.status =
                            format!("上次编辑的 {} 无法打开，已新建空白站点", last.display());
                    }
                }
            }
        }
        if let Some(autosave) = app.system.data.read_autosave() {
            app.modals.push(Modal::Recover(Box::new(autosave)));
        }
        app.welcome = app.doc.path.is_none() && app.modals.is_empty();
        app
    }

    // -----------------------------------------------------------------------------------------
    // For tests and diagnostics.

    /// The station being edited.
    pub fn station(&self) -> &StationFile {
        &self.doc.station
    }

    /// The folder of the last export that wrote files (what 打开文件夹 opens).
    pub fn exported_folder(&self) -> Option<&Path> {
        self.jobs.exported_folder.as_deref()
    }

    /// The station file, if the station has been saved or opened.
    pub fn path(&self) -> Option<&Path> {
        self.doc.path.as_deref()
    }

    /// Whether there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.doc.saved.as_ref() != Some(&self.doc.station)
    }

    /// The window title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The dialog box shown, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modals.first()
    }

    /// The sign shown in the preview.
    pub fn kind(&self) -> SignKind {
        self.settings.kind
    }

    /// The 打印 dialog, while it is open.
    pub fn print_dialog(&self) -> Option<&PrintDialog> {
        self.print_dialog.as_ref()
    }

    /// Whether a print is still being prepared or sent.
    pub fn printing(&self) -> bool {
        self.jobs.print.is_some()
    }

    /// The status bar message.
    pub fn status(&self) -> &str {
        &self.status
    }

    /// Whether the window may close now (nothing unsaved, or the user chose).
    pub fn is_closing(&self) -> bool {
        self.allow_close
    }

    /// Whether an export is running.
    pub fn is_exporting(&self) -> bool {
        self.jobs.export.is_some()
    }

    /// The generation of the latest preview request (grows with every change).
    pub fn preview_generation(&self) -> u64 {
        self.preview.generation()
    }

    /// (generation, document title) of the preview shown.
    pub fn preview_shown(&self) -> Option<(u64, &str)> {
        self.preview
            .shown
            .as_ref()
            .map(|shown| (shown.generation, shown.title.as_str()))
    }

    /// The trimmed page size (points) of the sign the preview shows.
    pub fn preview_page_size_pt(&self) -> Option<(f32, f32)> {
        self.preview
            .shown
            .as_ref()
            .filter(|shown| shown.page_count > 0)
            .map(|shown| (shown.page_size_pt.x, shown.page_size_pt.y))
    }

    /// A hash of the preview picture shown (changes when what is shown changes).
    pub fn preview_pixels_hash(&self) -> Option<u64> {
        self.preview.shown.as_ref().map(|shown| shown.pixels_hash)
    }

    /// Layout and render times of the last preview update, in ms.
    pub fn preview_timing(&self) -> Option<(f32, f32)> {
        self.preview
            .shown
            .as_ref()
            .map(|shown| (shown.layout_ms, shown.render_ms))
    }

    /// Validation problems of the station as shown in the form.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.form.problems
    }

    /// What the signs known so far say, each problem once naming every sign it shows on: the
    /// layout's warnings, and the pictures' problems on the signs that show them (a bad photo is
    /// one line naming the staff sign, the badge and the board).
    pub fn layout_warnings(&self) -> Vec<Diagnostic> {
        crate::model::merge(
            self.preview
                .picture_problems
                .iter()
                .cloned()
                .chain(self.preview.warnings.values().flatten().cloned()),
        )
        .into_iter()
        .filter(|diagnostic| !diagnostic.signs.is_empty())
        .collect()
    }

    /// The signs whose layout warnings are known (the shown one at once, the others after a
    /// pause in typing).
    pub fn checked_signs(&self) -> Vec<SignKind> {
        self.preview.warnings.keys().copied().collect()
    }

    /// What `check` says about translations (a text without its translation, a heading
    /// missing), as the warnings panel lists them.
    pub fn translation_warnings(&self) -> Vec<Diagnostic> {
        self.form
            .problems
            .iter()
            .filter(|problem| !problem.is_error())
            .filter(|problem| {
                let parts = problem.field.parts();
                matches!(parts.first(), Some(PathPart::Key(key)) if key == "headings")
                    || parts
                        .iter()
                        .any(|part| matches!(part, PathPart::Key(key) if key == "tr"))
            })
            .cloned()
            .collect()
    }

    /// The page of the sign shown in the preview (0-based).
    pub fn preview_page(&self) -> usize {
        self.preview.page
    }

    /// The translation `text` in `language` as its shaped preview line in the form shows it
    /// (laid out by the program's text engine), if the form shows it now.
    pub fn script_preview(&self, language: Language, text: &str) -> Option<&ShapedPreview> {
        self.form.scripts.shown(language, text)
    }

    /// The form section shown.
    pub fn section(&self) -> Section {
        self.form.section
    }

    /// The sign shown in the preview.
    pub fn sign_kind(&self) -> SignKind {
        self.settings.kind
    }

    // -----------------------------------------------------------------------------------------

    fn base_dir(&self) -> Option<PathBuf> {
        self.doc
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    /// Makes `station` the document (after open, new or recovery).
    fn replace_document(&mut self, station: StationFile, path: Option<PathBuf>) {
        self.doc.saved = Some(station.clone());
        self.doc.history.reset(&station, &ItemKeys::default());
        self.doc.station = station;
        self.form.touched.reset(path.is_none());
        let path = path.map(|path| absolute(&path));
        if let Some(path) = &path {
            self.recent = self.system.data.add_recent(path);
        }
        self.doc.path = path;
        self.form.jump = None;
        self.doc.autosaved = None;
        self.preview.page = 0;
        self.welcome = false;
        self.form.deleted = None;
        self.form.item_keys.clear();
    }

    /// Whether the welcome card is shown.
    pub fn is_welcome_shown(&self) -> bool {
        self.welcome
    }

    /// The note about the item deleted last ("已删除 王磊"), if shown.
    pub fn deleted_note(&self) -> Option<String> {
        self.form
            .deleted
            .as_ref()
            .map(|deleted| format!("已删除 {}", deleted.name))
    }

    /// The keyboard focus is on `focus` at the end of this frame: a field left shows its errors
    /// from now on; the field come to keeps those it shows now until it is left.
    fn note_focus(&mut self, focus: Option<egui::Id>) {
        if focus == self.form.touched.focused() {
            return;
        }
        let before = self.form.touched.focused();
        let shown = match focus {
            Some(id) => {
                let keys = &mut self.form.item_keys;
                self.form
                    .problem_index
                    .errors_where(|field| form::identify(keys, field).0 == id)
            }
            None => Vec::new(),
        };
        self.form.touched.focus_moved(before, focus, shown);
    }

    /// Shows every error there is (the user tries to export or print).
    pub(crate) fn reveal_errors(&mut self) {
        self.form.touched.reveal();
        self.update_problems();
    }

    /// A blank station nobody has typed into yet: its empty required fields are not errors yet.
    fn untouched_blank(&self) -> bool {
        self.doc.path.is_none() && !self.is_dirty()
    }

    /// Validation problems plus layout warnings, indexed by field for the form. Recomputed only
    /// when the station or the worker's results change.
    fn update_problems(&mut self) {
        let version = self.preview.version;
        let up_to_date = self
            .form
            .problems_of
            .as_ref()
            .is_some_and(|(station, seen, touched)| {
                *seen == version
                    && *touched == self.form.touched.generation()
                    && *station == self.doc.station
            });
        if up_to_date {
            return;
        }
        let mut problems = if self.untouched_blank() {
            Vec::new()
        } else {
            // The same checks as `liangpai check` and every export, on the station as its style
            // pack makes it (a county pack may fill in 监督电话, 指导单位: the form does not ask
            // for what the pack provides).
            let styled = self.settings.style.as_ref().map(|style| {
                crate::style_pack::apply(&self.doc.station, style, &files::today_iso())
            });
            let styled = styled.as_ref().unwrap_or(&self.doc.station);
            let fonts =
                crate::font_files::with_fallback_if_needed(&self.settings.options.fonts, styled);
            crate::export::data_diagnostics(styled, &fonts, None).1
        };
        problems.extend(self.preview.picture_problems.iter().cloned());
        // Errors of fields still being filled in wait until the user leaves them. Each problem
        // once, naming every sign it shows on (a bad photo: one line, not one per sign); layout
        // warnings about no one field are shown in the warnings panel only.
        let waiting: Vec<Diagnostic> = problems
            .iter()
            .filter(|problem| {
                self.form
                    .touched
                    .holds_back(&mut self.form.item_keys, problem)
            })
            .cloned()
            .collect();
        let shown = crate::model::merge(
            problems
                .iter()
                .filter(|problem| !waiting.contains(problem))
                .cloned()
                .chain(
                    self.preview
                        .warnings
                        .values()
                        .flatten()
                        .filter(|warning| !warning.field.is_empty())
                        .cloned(),
                ),
        );
        self.form.problem_index = ProblemIndex::new(&shown);
        self.form.problems = problems;
        self.form.problems_of = Some((
            self.doc.station.clone(),
            version,
            self.form.touched.generation(),
        ));
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let shift = Modifiers::COMMAND | Modifiers::SHIFT;
        let table = [
            (KeyboardShortcut::new(shift, Key::Z), Command::Redo),
            (KeyboardShortcut::new(shift, Key::S), Command::SaveAs),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
                Command::Redo,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Z),
                Command::Undo,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
                Command::Save,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
                Command::Open,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::N),
                Command::New,
            ),
        ];
        if !self.modals.is_empty() || self.batch.is_some() {
            return;
        }
        for (shortcut, command) in table {
            if ctx.input_mut(|input| input.consume_shortcut(&shortcut)) {
                self.commands.push(command);
            }
        }
    }

    fn modal_ui(&mut self, ctx: &egui::Context) {
        if self.type_path_ui(ctx) {
            return;
        }
        let Some(modal) = self.modals.first().cloned() else {
            if let Some(dialog) = self.print_dialog.as_mut() {
                match dialog.ui(ctx, self.settings.kind) {
                    Some(panels::PrintChoice::Start) => self.commands.push(Command::PrintNow),
                    Some(panels::PrintChoice::Cancel) => self.print_dialog = None,
                    None => {}
                }
            }
            return;
        };
        egui::Modal::new(egui::Id::unique("liangpai-modal")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            match &modal {
                Modal::Message { title, text } => {
                    ui.heading(title);
                    ui.add_space(6.0);
                    ui.add(egui::Label::new(text).wrap());
                    ui.add_space(10.0);
                    if ui.button("确定").clicked() {
                        self.commands.push(Command::Dismiss);
                    }
                }
                Modal::Unfinished {
                    action,
                    text,
                    field,
                } => {
                    ui.heading("公示牌还不完整");
                    ui.add_space(6.0);
                    ui.add(egui::Label::new(text).wrap());
                    ui.add_space(6.0);
                    ui.add(
                        egui::Label::new(format!(
                            "可以先生成样稿核对版面：{}。",
                            crate::export::essentials::DRAFT_EXPLAINED
                        ))
                        .wrap(),
                    );
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if ui.button("去填写").clicked() {
                            self.commands.push(Command::Dismiss);
                            self.commands.push(Command::JumpTo(field.clone()));
                        }
                        if ui.button("生成样稿").clicked() {
                            self.commands.push(Command::Dismiss);
                            self.commands.push(Command::Draft(*action));
                        }
                        if ui.button("取消").clicked() {
                            self.commands.push(Command::Dismiss);
                        }
                    });
                }
                Modal::ConfirmDiscard(pending) => {
                    ui.heading("有未保存的修改");
                    ui.add_space(6.0);
                    let what = match pending {
                        Pending::Close => "关闭亮牌",
                        Pending::New => "新建站点",
                        Pending::Open | Pending::OpenPath(_) => "打开其他站点",
                    };
                    ui.label(format!(
                        "“{}”有未保存的修改。{what}之前要保存吗？",
                        self.display_name()
                    ));
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if ui.button("保存").clicked() {
                            self.commands.push(Command::SaveThen(pending.clone()));
                        }
                        if ui.button("不保存").clicked() {
                            self.commands.push(Command::Proceed(pending.clone()));
                        }
                        if ui.button("取消").clicked() {
                            self.commands.push(Command::Dismiss);
                        }
                    });
                }
                // Drawn by `type_path_ui`.
                Modal::TypePath(_) => {}
                Modal::Recover(autosave) => {
                    ui.heading("恢复未保存的修改？");
                    ui.add_space(6.0);
                    let name = if autosave.station.station.name.trim().is_empty() {
                        "未命名站点".to_owned()
                    } else {
                        autosave.station.station.name.trim().to_owned()
                    };
                    let file = autosave
                        .file
                        .as_ref()
                        .map_or("尚未保存为文件".to_owned(), |file| file.display().to_string());
                    ui.add(
                        egui::Label::new(format!(
                            "亮牌上次没有正常关闭。自动保存的内容还在：\n站点：{name}\n文件：{file}\n自动保存时间：{}",
                            files::format_time(autosave.saved_at)
                        ))
                        .wrap(),
                    );
                    ui.add_space(10.0);
                    ui.horizontal(|ui| {
                        if ui.button("恢复").clicked() {
                            self.commands.push(Command::Recover);
                        }
                        if ui.button("不恢复").clicked() {
                            self.commands.push(Command::DeclineRecovery);
                        }
                    });
                }
            }
        });
    }

    fn display_name(&self) -> String {
        match &self.doc.path {
            Some(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            None if !self.doc.station.station.name.trim().is_empty() => {
                self.doc.station.station.name.trim().to_owned()
            }
            None => "未命名站点".to_owned(),
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = format!(
            "{}{} - 亮牌",
            self.display_name(),
            if self.is_dirty() { " *" } else { "" }
        );
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        if !self.is_dirty() || matches!(self.modals.first(), Some(Modal::Recover(_))) {
            return;
        }
        if self.doc.autosaved.as_ref() == Some(&self.doc.station) {
            return;
        }
        let elapsed = self.doc.last_autosave.elapsed();
        if elapsed < self.system.autosave_interval {
            ctx.request_repaint_after(self.system.autosave_interval - elapsed);
            return;
        }
        match self
            .system
            .data
            .write_autosave(self.doc.path.as_deref(), &self.doc.station)
        {
            Ok(()) => self.doc.autosaved = Some(self.doc.station.clone()),
            Err(error) => self.status = format!("自动保存失败：{error}"),
        }
        self.doc.last_autosave = Instant::now();
    }

    /// Draws one frame into `ui` (the whole window).
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let frame_started = Instant::now();
        self.frame_contents(ui);
        if let Some(timing) = &self.system.timing {
            let elapsed = frame_started.elapsed().as_secs_f32() * 1000.0;
            if elapsed > 8.0 {
                timing(format!(
                    "slow frame: {elapsed:.1} ms ({:?})",
                    self.frame_parts
                ));
            }
        }
    }

    fn frame_contents(&mut self, ui: &mut egui::Ui) {
        let mut laps = (Instant::now(), Vec::new());
        let ctx = ui.ctx().clone();
        if let Some(started) = self.started.take()
            && let Some(timing) = &self.system.timing
        {
            timing(format!(
                "first frame after {:.0} ms",
                started.elapsed().as_secs_f32() * 1000.0
            ));
        }
        self.preview.poll(&ctx);
        if let Some(job) = &self.jobs.print
            && let Some(outcome) = job.poll()
        {
            self.jobs.print = None;
            match outcome {
                Ok(message) => self.status = message,
                Err(error) => {
                    self.status = "打印失败".to_owned();
                    self.modals.push(Modal::Message {
                        title: "打印失败".to_owned(),
                        text: error.to_string(),
                    });
                }
            }
        }
        if let Some(job) = &self.jobs.export
            && let Some(outcome) = job.poll()
        {
            self.jobs.export = None;
            match outcome {
                Ok(exporting::Exported { message, folder }) => {
                    self.jobs.exported_folder = Some(folder);
                    let errors = self
                        .form
                        .problems
                        .iter()
                        .filter(|problem| problem.severity == Severity::Error)
                        .count();
                    self.status = if errors > 0 {
                        format!("{message}（注意：表单中还有 {errors} 处错误，公示牌上可能有误）")
                    } else {
                        message
                    };
                }
                Err(error) => {
                    self.jobs.exported_folder = None;
                    self.status = "导出失败".to_owned();
                    self.modals.push(Modal::Message {
                        title: "导出失败".to_owned(),
                        text: error.to_string(),
                    });
                }
            }
        }
        self.poll_batch(&ctx);
        lap(&mut laps, "poll");
        normalize_paste(&ctx);
        self.fit_to_screen(&ctx);
        if self.welcome && (self.is_dirty() || self.doc.path.is_some()) {
            self.welcome = false;
        }
        self.update_problems();
        self.sync_style();
        self.shortcuts(&ctx);
        // A station file dropped on the window is opened (asking about unsaved changes first).
        let dropped = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .find(|path| {
                    path.extension()
                        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
                })
        });
        if let Some(path) = dropped {
            self.commands.push(Command::OpenPath(path));
        }

        if ctx.input(|input| input.viewport().close_requested()) && !self.allow_close {
            if self.jobs.export.is_some() {
                // Closing now would cut a file off half-written.
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.status = "正在导出，请等导出完成后再关闭".to_owned();
            } else if self.is_batch_running() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.status =
                    "正在批量导出：请先在批量导出窗口中点“取消”，或等它完成后再关闭".to_owned();
            } else if self.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                if !matches!(
                    self.modals.first(),
                    Some(Modal::ConfirmDiscard(Pending::Close))
                ) {
                    self.commands.push(Command::Close);
                }
            } else {
                self.allow_close = true;
            }
        }

        lap(&mut laps, "problems");
        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(3.0);
            self.toolbar_ui(ui);
            ui.add_space(1.0);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            panels::StatusBar {
                status: &self.status,
                file: self.doc.path.as_deref(),
                export: self.jobs.export.as_ref(),
                exported: self.jobs.exported_folder.is_some(),
            }
            .ui(ui, &mut self.commands);
        });
        lap(&mut laps, "toolbar");
        // The form takes a share of the window's width and follows it when the window changes;
        // only dragging the divider changes the share (never what the form shows).
        let width = ui.available_width();
        let base_dir = self.base_dir();
        let form_width = share_of(width, self.form_share, FORM_MIN_WIDTH, PREVIEW_MIN_WIDTH);
        let form = egui::Panel::left("form")
            .resizable(false)
            .exact_size(form_width)
            .show(ui, |ui| {
                self.deleted_note_ui(ui);
                let now_s = ui.input(|input| input.time);
                self.form.scripts.begin_frame();
                let mut cx = FormContext {
                    problems: &self.form.problem_index,
                    jump: &mut self.form.jump,
                    commands: &mut self.commands,
                    thumbnails: &self.preview.thumbnails,
                    focused: None,
                    keys: &mut self.form.item_keys,
                    deleted: &mut self.form.deleted,
                    last_delete_s: &mut self.form.last_delete_s,
                    now_s,
                    base_dir: base_dir.as_deref(),
                    languages: Vec::new(),
                    scripts: &mut self.form.scripts,
                    pack_headings: self
                        .settings
                        .style
                        .as_deref()
                        .map(|style| &style.headings)
                        .filter(|headings| !headings.is_empty()),
                    touched: &mut self.form.touched,
                };
                if form::form_ui(ui, &mut self.doc.station, &mut self.form.section, &mut cx) {
                    // The preview follows the section the user turns to.
                    self.settings.kind = self.form.section.sign();
                }
                // Editing a room's name shows that room's door plate.
                if let Some(room) = cx.focused.as_ref().and_then(room_of_field) {
                    self.settings.kind = SignKind::RoomPlate;
                    self.preview.page = room;
                }
                // Editing a rule shows its 制度牌 (its first page: rules before it that have
                // nothing in them make no page).
                if let Some(rule) = cx.focused.as_ref().and_then(rule_of_field) {
                    self.settings.kind = SignKind::Rules;
                    self.preview.page = self
                        .doc
                        .station
                        .rules
                        .iter()
                        .take(rule)
                        .filter(|rule| {
                            !rule.title.trim().is_empty() || !rule.text.trim().is_empty()
                        })
                        .count();
                }
            });
        let edge = form.response.rect;
        if let Some(x) = divider(
            ui,
            "form-divider",
            egui::Rect::from_x_y_ranges(edge.right() - 3.0..=edge.right() + 3.0, edge.y_range()),
            true,
        ) {
            self.form_share = ((x - edge.left()) / width.max(1.0)).clamp(0.05, 0.95);
        }
        lap(&mut laps, "form");
        // The warnings panel too: a share of the height, at least a few lines.
        let height = ui.available_height();
        let line = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        let warnings_height = share_of(height, self.warnings_share, 4.0 * line, PREVIEW_MIN_HEIGHT);
        let warnings = egui::Panel::bottom("warnings")
            .resizable(false)
            .exact_size(warnings_height)
            .show(ui, |ui| {
                // Texts without a translation are listed like the layout's warnings (each jumps
                // to its input): the form shows them only on the section that has them.
                let mut warnings = self.layout_warnings();
                warnings.extend(self.translation_warnings());
                panels::WarningsPanel {
                    problems: &self.form.problem_index,
                    warnings,
                }
                .ui(ui, &mut self.settings.kind, &mut self.commands);
            });
        let edge = warnings.response.rect;
        if let Some(y) = divider(
            ui,
            "warnings-divider",
            egui::Rect::from_x_y_ranges(edge.x_range(), edge.top() - 3.0..=edge.top() + 3.0),
            false,
        ) {
            self.warnings_share = ((edge.bottom() - y) / height.max(1.0)).clamp(0.05, 0.9);
        }
        lap(&mut laps, "warnings");
        egui::CentralPanel::default_margins().show(ui, |ui| {
            if self.welcome {
                self.welcome_ui(ui);
                return;
            }
            preview::preview_ui(
                ui,
                &mut self.preview,
                &self.doc.station,
                base_dir,
                self.settings.kind,
                (&self.settings.options, self.settings.style.as_ref()),
            );
        });
        lap(&mut laps, "preview");
        // Under the other dialogs: a message or the path box opened from it shows on top.
        self.batch_ui(&ctx);
        self.modal_ui(&ctx);

        // Pasted invisible characters and Kangxi radicals are cleaned as they are typed.
        self.doc.station.normalize();
        let focus = ctx.memory(|memory| memory.focused());
        self.note_focus(focus);
        self.doc.history.note(
            &self.doc.station,
            &self.form.item_keys,
            focus.map(|id| id.value()),
            Instant::now(),
        );
        self.run_commands();
        if let Some(jump) = &mut self.form.jump {
            if jump.frames_left == 0 {
                self.form.jump = None;
            } else {
                jump.frames_left -= 1;
                ctx.request_repaint();
            }
        }
        lap(&mut laps, "commands");
        self.autosave(&ctx);
        self.update_title(&ctx);
        lap(&mut laps, "title");
        self.frame_parts = laps.1;
    }
}

/// `path` made absolute, with `.` and `..` resolved by name (no symlinks followed, and no
/// `\\?\` prefix on Windows), for the title, the status bar and the recent list.
pub fn absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !clean.pop() {
                    clean.push(component);
                }
            }
            other => clean.push(other),
        }
    }
    clean
}

/// Text pasted from other programs: Windows line ends (`\r\n`, as Word and WeChat copy) become
/// `\n` and trailing line ends go, before any field sees it. One-line fields then join the lines
/// with a space (see `form::widgets::join_pasted_lines`).
fn normalize_paste(ctx: &egui::Context) {
    ctx.input_mut(|input| {
        for event in &mut input.events {
            if let egui::Event::Paste(text) = event {
                let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
                *text = normalized.trim_end_matches('\n').to_owned();
            }
        }
    });
}

/// Notes the time since the previous lap under `name` (frame timing diagnostics).
fn lap(laps: &mut (Instant, Vec<(&'static str, f32)>), name: &'static str) {
    let now = Instant::now();
    laps.1.push((name, (now - laps.0).as_secs_f32() * 1000.0));
    laps.0 = now;
}

/// A new station: empty, dated today.
fn new_station() -> StationFile {
    let mut station = StationFile::new();
    station.updated = files::today_iso();
    station
}

impl eframe::App for LiangpaiApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // The user saved or chose not to save before the window closed.
        self.system.data.clear_autosave();
    }
}
