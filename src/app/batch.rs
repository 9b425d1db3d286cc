//! 批量导出: the signs of many stations at once, from a county roster (.xlsx/.xls/.csv) or a
//! folder of station files, as `liangpai batch` makes them.
//!
//! The dialog has three pages: the choices (input, optional style pack, output folder, 用途, PDF
//! or PNG, which signs), the progress of the running batch (stations done, a bar, time left, the
//! warnings and errors so far, 取消), and the report (a table with the roster's own problems
//! first; a row shows that station's problems). The batch runs on a worker thread and reports
//! through a channel polled each frame; nothing slow happens while drawing. Every side effect
//! (file dialogs, starting, cancelling, writing the roster template) is a [`Command`].

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use egui::{RichText, Ui};

use super::dialogs::{FilePurpose, FileRequest};
use super::exporting::PrintSettings;
use super::form::{ERROR_COLOR, WARNING_COLOR};
use super::jobs::{JobError, JobKind, Progress, Worker};
use super::{Command, LiangpaiApp, Modal};
use crate::batch::{self, Outcome};
use crate::export::ExportSettings;
use crate::model::{Language, Languages};
use crate::render::pdf::PdfDate;
use crate::sign::SignKind;

/// Which path of the dialog a file choice fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchPath {
    /// The roster (.xlsx, .xls, .csv) as the input.
    Roster,
    /// A folder of station files as the input.
    Folder,
    /// The style pack (optional).
    StylePack,
    /// The output folder.
    Output,
}

impl BatchPath {
    fn purpose(self) -> FilePurpose {
        match self {
            BatchPath::Roster => FilePurpose::OpenRoster,
            BatchPath::Folder => FilePurpose::StationFolder,
            BatchPath::StylePack => FilePurpose::PickStylePack,
            BatchPath::Output => FilePurpose::BatchOutput,
        }
    }
}

/// A line under the dialog's choices: what happened last (Chinese).
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The text.
    pub text: String,
    /// Shown in red (something the user must fix) rather than plain.
    pub error: bool,
}

/// The 批量导出 dialog, while it is open.
pub struct BatchDialog {
    /// The roster file or the folder of station files (typed or chosen).
    pub input: String,
    /// The style pack's path (typed or chosen; empty: none), passed through [`apply_style_pack`]
    /// only.
    pub style_pack: String,
    /// The output folder (typed or chosen).
    pub output: String,
    /// 用途, 文字转曲, 裁切线: the same choices as the single export's (the app's are the start).
    pub print: PrintSettings,
    /// Bleed in millimetres (用途 other than 标准 sets its own).
    pub bleed_mm: f32,
    /// PNG pictures instead of PDF.
    pub png: bool,
    /// Each sign and whether it is made.
    pub kinds: Vec<(SignKind, bool)>,
    /// What happened last.
    pub note: Option<Note>,
    /// Choosing, running or reporting.
    pub phase: Phase,
}

/// The dialog's page.
pub enum Phase {
    /// Choosing the input, output and settings.
    Setup,
    /// The batch is running.
    Running(Box<BatchJob>),
    /// The batch has ended: its report.
    Report(Box<BatchReport>),
}

impl BatchDialog {
    /// A new dialog with the app's print choices.
    pub fn new(print: &PrintSettings, bleed_mm: f32) -> BatchDialog {
        BatchDialog {
            input: String::new(),
            style_pack: String::new(),
            output: String::new(),
            // The open station's style pack is not the batch's: the dialog has its own field.
            print: PrintSettings {
                style: None,
                ..print.clone()
            },
            bleed_mm,
            png: false,
            kinds: crate::template::available_kinds()
                .into_iter()
                .map(|kind| (kind, true))
                .collect(),
            note: None,
            phase: Phase::Setup,
        }
    }

    fn set_error(&mut self, text: impl Into<String>) {
        self.note = Some(Note {
            text: text.into(),
            error: true,
        });
    }

    fn path_mut(&mut self, which: BatchPath) -> &mut String {
        match which {
            BatchPath::Roster | BatchPath::Folder => &mut self.input,
            BatchPath::StylePack => &mut self.style_pack,
            BatchPath::Output => &mut self.output,
        }
    }
}

/// What the batch's worker tells the window while it runs.
enum Message {
    /// The input was read.
    Started {
        stations: usize,
        notes: usize,
        problems: usize,
    },
    /// One station is done.
    Done(Box<Outcome>),
}

/// Sends the batch's progress to the window.
struct Reporter<'a>(&'a Progress<Message>);

impl batch::Progress for Reporter<'_> {
    fn started(&self, stations: usize, notes: &[String], problems: &[String]) {
        self.0.send(Message::Started {
            stations,
            notes: notes.len(),
            problems: problems.len(),
        });
    }

    fn station_done(&self, outcome: &Outcome) {
        self.0.send(Message::Done(Box::new(outcome.clone())));
    }

    fn finished(&self) {}
}

/// A running batch, as the window sees it.
pub struct BatchJob {
    worker: Worker<Message, Box<batch::Finished>>,
    cancel: Arc<AtomicBool>,
    started: Instant,
    /// When the input had been read and the first station started (the time left is estimated
    /// from the stations done since, not from reading a large roster).
    stations_started: Option<Instant>,
    output: PathBuf,
    /// Stations in the input, once read.
    total: Option<usize>,
    /// Stations done.
    done: usize,
    /// Warnings so far (the roster's notes included).
    warnings: usize,
    /// Errors so far (the roster's problems included).
    errors: usize,
    /// The station done last.
    last: String,
    /// 取消 was pressed.
    cancelling: bool,
}

impl BatchJob {
    /// Starts the batch on a worker thread.
    fn start(
        ctx: &egui::Context,
        input: PathBuf,
        output: PathBuf,
        settings: ExportSettings,
    ) -> Result<BatchJob, JobError> {
        let cancel = Arc::new(AtomicBool::new(false));
        let worker_cancel = Arc::clone(&cancel);
        let worker_output = output.clone();
        let worker = Worker::start(ctx, JobKind::Batch, move |progress| {
            let finished = batch::batch_unless_cancelled(
                &input,
                &worker_output,
                &settings,
                None,
                &Reporter(progress),
                &worker_cancel,
            )?;
            Ok(Box::new(finished))
        })?;
        Ok(BatchJob {
            worker,
            cancel,
            started: Instant::now(),
            stations_started: None,
            output,
            total: None,
            done: 0,
            warnings: 0,
            errors: 0,
            last: String::new(),
            cancelling: false,
        })
    }

    /// Stations done and in the input (once read).
    pub fn progress(&self) -> (usize, Option<usize>) {
        (self.done, self.total)
    }

    /// The time left, estimated from the stations done so far.
    fn time_left(&self) -> Option<Duration> {
        let total = self.total?;
        let since = self.stations_started?;
        if self.done == 0 {
            return None;
        }
        let per_station = since.elapsed().as_secs_f64() / self.done as f64;
        Some(Duration::from_secs_f64(
            per_station * total.saturating_sub(self.done) as f64,
        ))
    }
}

/// One row of the report table.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRow {
    /// The station's name (or file name); [`batch::ROSTER_ROW`] for the roster's own problems.
    pub station: String,
    /// Signs made.
    pub made: usize,
    /// Warnings (Chinese, with the roster's sheet and row where known).
    pub warnings: Vec<String>,
    /// Errors (Chinese, with the roster's sheet and row where known).
    pub errors: Vec<String>,
    /// The station's folder inside the output folder (empty: none).
    pub folder: String,
    /// Not (or not completely) made: the batch was cancelled.
    pub cancelled: bool,
    /// The roster's own row (its problems and notes), not a station.
    pub roster: bool,
}

/// The report of a finished (or cancelled) batch.
pub struct BatchReport {
    /// The roster's own problems first (when there are any), then every station in order.
    pub rows: Vec<BatchRow>,
    /// The row whose problems are shown.
    pub selected: Option<usize>,
    /// The closing line (Chinese).
    pub message: String,
    /// The output folder.
    pub output: PathBuf,
    /// Show only the rows with warnings, errors or 已取消.
    pub only_problems: bool,
}

impl BatchReport {
    fn new(finished: &batch::Finished, output: PathBuf) -> BatchReport {
        let mut rows = Vec::new();
        if !finished.roster_problems.is_empty() || !finished.roster_notes.is_empty() {
            rows.push(BatchRow {
                station: batch::ROSTER_ROW.to_owned(),
                made: 0,
                warnings: finished.roster_notes.clone(),
                errors: finished.roster_problems.clone(),
                folder: String::new(),
                cancelled: false,
                roster: true,
            });
        }
        rows.extend(finished.stations.iter().map(|outcome| BatchRow {
            station: outcome.label.clone(),
            made: outcome.made.len(),
            warnings: outcome.warnings(),
            errors: outcome.errors(),
            folder: outcome.folder.clone(),
            cancelled: outcome.cancelled,
            roster: false,
        }));
        BatchReport {
            rows,
            selected: None,
            message: finished.summary.message(&output),
            output,
            only_problems: false,
        }
    }
}

/// Applies the style pack chosen in the dialog (`None`: the field is empty) to the batch's
/// settings: every station follows it (its 用途 too, when the dialog's is the default). This is
/// the only place the dialog's 样式包 reaches the export. A pack that cannot be read is refused
/// with its message (naming the file inside the pack) and the batch does not start.
pub fn apply_style_pack(
    settings: &mut ExportSettings,
    pack: Option<&Path>,
) -> Result<(), crate::style_pack::StylePackError> {
    let Some(pack) = pack else {
        return Ok(());
    };
    // A missing pack is said by the reader (无法读取样式包 …：找不到文件).
    let style = crate::style_pack::load(pack)?;
    let chosen = settings.profile != crate::export::OutputProfile::Standard;
    *settings = settings
        .clone()
        .with_style(Some(std::sync::Arc::new(style)), chosen);
    Ok(())
}

/// A path typed into the dialog, without surrounding spaces and quotes (Windows' “复制为路径”).
fn typed(text: &str) -> Option<PathBuf> {
    let trimmed = text.trim().trim_matches('"').trim();
    (!trimmed.is_empty()).then(|| PathBuf::from(trimmed))
}

/// `12 秒`, `3 分 05 秒`, `1 小时 02 分`.
fn duration_text(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if seconds < 60 {
        format!("{seconds} 秒")
    } else if seconds < 3600 {
        format!("{} 分 {:02} 秒", seconds / 60, seconds % 60)
    } else {
        format!("{} 小时 {:02} 分", seconds / 3600, seconds % 3600 / 60)
    }
}

impl LiangpaiApp {
    /// 批量导出: opens the dialog (the report of the last batch, if it is still open).
    pub(super) fn open_batch(&mut self) {
        if self.batch.is_none() {
            self.batch = Some(BatchDialog::new(
                &self.settings.print,
                self.settings.options.bleed_mm,
            ));
        }
    }

    /// 选择…: fills in a path of the dialog from a file dialog (or the typed-path box).
    pub(super) fn choose_batch_path(&mut self, which: BatchPath) {
        if self.batch.is_none() {
            return;
        }
        let request = FileRequest::new(which.purpose(), self.dialog_dir().as_deref(), None);
        if let Some(path) = self.ask_path(&request, Command::BatchChoose(which))
            && let Some(dialog) = &mut self.batch
        {
            *dialog.path_mut(which) = path.display().to_string();
            dialog.note = None;
        }
    }

    /// 开始: checks the choices and starts the batch on a worker thread.
    pub(super) fn start_batch(&mut self) {
        let fonts = self.settings.options.clone();
        let Some(dialog) = &mut self.batch else {
            return;
        };
        if !matches!(dialog.phase, Phase::Setup) {
            return;
        }
        match batch_settings(dialog, &fonts) {
            Ok((input, output, settings)) => {
                match BatchJob::start(&self.ctx, input, output, settings) {
                    Ok(job) => {
                        dialog.note = None;
                        dialog.phase = Phase::Running(Box::new(job));
                        self.status = "正在批量导出…".to_owned();
                    }
                    Err(error) => dialog.set_error(error.to_string()),
                }
            }
            Err(error) => dialog.set_error(error),
        }
    }

    /// 取消: no further station or sign is started; the files being written are finished.
    pub(super) fn cancel_batch(&mut self) {
        if let Some(BatchDialog {
            phase: Phase::Running(job),
            ..
        }) = &mut self.batch
        {
            job.cancel.store(true, Ordering::Relaxed);
            job.cancelling = true;
            self.status = "正在取消批量导出：等正在写的文件写完…".to_owned();
        }
    }

    /// 关闭 (not while the batch runs).
    pub(super) fn close_batch(&mut self) {
        if !self.is_batch_running() {
            self.batch = None;
        }
    }

    /// 再导出一批: back to the choices, keeping them.
    pub(super) fn new_batch(&mut self) {
        if let Some(dialog) = &mut self.batch
            && matches!(dialog.phase, Phase::Report(_))
        {
            dialog.phase = Phase::Setup;
            dialog.note = None;
        }
    }

    /// 生成空白花名册…: writes the roster template where the user chooses (never over an existing
    /// file) and says where it went.
    pub(super) fn write_roster_template(&mut self) {
        let request = FileRequest::new(
            FilePurpose::SaveRoster,
            self.dialog_dir().as_deref(),
            Some("站点花名册.xlsx".to_owned()),
        );
        let Some(mut path) = self.ask_path(&request, Command::WriteRosterTemplate) else {
            return;
        };
        if path
            .extension()
            .is_none_or(|ext| !ext.eq_ignore_ascii_case("xlsx"))
        {
            path.as_mut_os_string().push(".xlsx");
        }
        // The open station's scripts: a county in an autonomous area gets translation columns
        // without choosing them again.
        let languages = self.doc.station.languages.clone().unwrap_or_default();
        let columns = translation_columns_text(&languages.known());
        match batch::roster::write_template_for(&path, &languages) {
            Ok(()) => {
                let text = format!(
                    "已生成空白花名册：{}。{columns}第 2 行起是一个示例站点，请在 Excel 中改成自己的站点（或删除）后保存，再在这里选择它。",
                    path.display()
                );
                self.status = format!("已生成空白花名册：{}", path.display());
                if let Some(dialog) = &mut self.batch {
                    if matches!(dialog.phase, Phase::Setup) {
                        dialog.input = path.display().to_string();
                    }
                    dialog.note = Some(Note { text, error: false });
                } else {
                    self.modals.push(Modal::Message {
                        title: "已生成空白花名册".to_owned(),
                        text,
                    });
                }
            }
            Err(error) => self.modals.push(Modal::Message {
                title: "无法生成花名册".to_owned(),
                text: error.to_string(),
            }),
        }
    }

    /// Takes what the batch's worker reported since the last frame.
    pub(super) fn poll_batch(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.batch else {
            return;
        };
        let Phase::Running(job) = &mut dialog.phase else {
            return;
        };
        let polled = job.worker.poll();
        for message in polled.progress {
            match message {
                Message::Started {
                    stations,
                    notes,
                    problems,
                } => {
                    job.total = Some(stations);
                    job.stations_started = Some(Instant::now());
                    job.warnings += notes;
                    job.errors += problems;
                }
                Message::Done(outcome) => {
                    job.done += 1;
                    job.warnings += outcome.warnings().len();
                    job.errors += outcome.errors().len();
                    job.last = outcome.label;
                }
            }
        }
        let ended = polled.outcome;
        match ended {
            None => {
                // The time left and the elapsed time change between stations.
                ctx.request_repaint_after(Duration::from_millis(250));
            }
            Some(Ok(finished)) => {
                let report = BatchReport::new(&finished, job.output.clone());
                self.status = report.message.clone();
                dialog.phase = Phase::Report(Box::new(report));
            }
            Some(Err(error)) => {
                self.status = "批量导出没有完成".to_owned();
                dialog.phase = Phase::Setup;
                dialog.set_error(error.to_string());
            }
        }
    }

    /// Whether a batch is running.
    pub fn is_batch_running(&self) -> bool {
        matches!(
            self.batch,
            Some(BatchDialog {
                phase: Phase::Running(_),
                ..
            })
        )
    }

    /// Whether the 批量导出 dialog is open.
    pub fn is_batch_open(&self) -> bool {
        self.batch.is_some()
    }

    /// (stations done, stations in the input once read) of the running batch.
    pub fn batch_progress(&self) -> Option<(usize, Option<usize>)> {
        match &self.batch {
            Some(BatchDialog {
                phase: Phase::Running(job),
                ..
            }) => Some(job.progress()),
            _ => None,
        }
    }

    /// The report table of the batch that ended, while it is shown.
    pub fn batch_report(&self) -> Option<&[BatchRow]> {
        match &self.batch {
            Some(BatchDialog {
                phase: Phase::Report(report),
                ..
            }) => Some(&report.rows),
            _ => None,
        }
    }

    /// The note under the dialog's choices (a template written, a path missing…).
    pub fn batch_note(&self) -> Option<&Note> {
        self.batch.as_ref().and_then(|dialog| dialog.note.as_ref())
    }

    /// Draws the 批量导出 dialog, if it is open.
    pub(super) fn batch_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.batch else {
            return;
        };
        let commands = &mut self.commands;
        let languages = self
            .doc
            .station
            .languages
            .as_ref()
            .map(Languages::known)
            .unwrap_or_default();
        let screen = ctx.content_rect();
        let width = (screen.width() - 80.0).clamp(320.0, 880.0);
        egui::Modal::new(egui::Id::unique("liangpai-batch")).show(ctx, |ui| {
            ui.set_width(width);
            // Each page is sized to fit a 1366×768 screen (the report's table scrolls).
            match &mut dialog.phase {
                Phase::Setup => setup_ui(ui, dialog, &languages, commands),
                Phase::Running(job) => running_ui(ui, job, commands),
                Phase::Report(report) => report_ui(ui, report, screen.height(), commands),
            }
        });
    }
}

/// Input, output and settings of the dialog, checked (Chinese message naming the field if not).
fn batch_settings(
    dialog: &BatchDialog,
    app_options: &crate::layout::LayoutOptions,
) -> Result<(PathBuf, PathBuf, ExportSettings), String> {
    let input = typed(&dialog.input)
        .ok_or("请选择花名册（Excel 或 CSV）或站点文件夹（“花名册或站点文件夹”一栏）")?;
    if !input.exists() {
        return Err(format!("找不到“{}”（花名册或站点文件夹）", input.display()));
    }
    let output = typed(&dialog.output).ok_or("请选择输出文件夹（公示牌保存到哪里）")?;
    if output.is_file() {
        return Err(format!(
            "输出文件夹“{}”是一个文件，请选择或输入一个文件夹",
            output.display()
        ));
    }
    let kinds: Vec<SignKind> = dialog
        .kinds
        .iter()
        .filter(|(_, chosen)| *chosen)
        .map(|(kind, _)| *kind)
        .collect();
    if kinds.is_empty() {
        return Err("请至少勾选一种公示牌".to_owned());
    }
    let mut options = super::preview::standard_options(app_options);
    options.bleed_mm = dialog.bleed_mm;
    let mut settings = dialog
        .print
        .export_settings(kinds, &options, Some(PdfDate::now()));
    settings.png = dialog.png;
    // Thousands of files that can be made again: no sync per file (as `liangpai batch`).
    settings.durable = false;
    settings.style = None;
    apply_style_pack(&mut settings, typed(&dialog.style_pack).as_deref())
        .map_err(|error| error.to_string())?;
    Ok((input, output, settings))
}

/// A text field with its label before it (the label names it for screen readers and tests).
fn path_field(ui: &mut Ui, label: &str, text: &mut String, hint: &str) {
    ui.horizontal(|ui| {
        let label = ui.add_sized([132.0, 24.0], egui::Label::new(label));
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(ui.available_width()),
        )
        .labelled_by(label.id);
    });
}

/// Indents the buttons under a path field to where the field starts.
fn under_field(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    ui.horizontal_wrapped(|ui| {
        ui.add_space(132.0 + ui.spacing().item_spacing.x);
        add(ui);
    });
}

/// What the blank roster holds for `languages` (the open station's scripts): “花名册里有维吾尔文
/// 译文列（按当前站点选的民族文字）。”, or nothing without scripts.
fn translation_columns_text(languages: &[Language]) -> String {
    if languages.is_empty() {
        return String::new();
    }
    format!(
        "花名册里有{}译文列（按当前站点选的民族文字）。",
        script_names(languages)
    )
}

/// 维吾尔文、藏文.
fn script_names(languages: &[Language]) -> String {
    languages
        .iter()
        .map(|language| language.chinese_name())
        .collect::<Vec<_>>()
        .join("、")
}

fn setup_ui(
    ui: &mut Ui,
    dialog: &mut BatchDialog,
    languages: &[Language],
    commands: &mut Vec<Command>,
) {
    ui.heading("批量导出");
    ui.add(
        egui::Label::new(
            "一次为许多站点生成公示牌：选择县里的站点花名册（Excel 或 CSV），或一个放着站点文件（.json）的文件夹。每个站点生成一个文件夹，汇总表 report.csv 也保存在输出文件夹中。",
        )
        .wrap(),
    );
    ui.add_space(8.0);
    path_field(
        ui,
        "花名册或站点文件夹",
        &mut dialog.input,
        "如：D:\\公示牌\\站点花名册.xlsx",
    );
    under_field(ui, |ui| {
        if ui
            .button("选择花名册…")
            .on_hover_text("Excel（.xlsx、.xls）或 CSV 花名册")
            .clicked()
        {
            commands.push(Command::BatchChoose(BatchPath::Roster));
        }
        if ui
            .button("选择站点文件夹…")
            .on_hover_text("文件夹中的每个 .json 文件是一个站点")
            .clicked()
        {
            commands.push(Command::BatchChoose(BatchPath::Folder));
        }
        ui.label(RichText::new("还没有花名册？").weak());
        if ui
            .button("生成空白花名册…")
            .on_hover_text(
                "保存一个带全部工作表、列名和示例站点的 Excel 花名册，填好后在这里选择它。当前站点选了民族文字时，花名册里有这些民族文字的译文列",
            )
            .clicked()
        {
            commands.push(Command::WriteRosterTemplate);
        }
        if !languages.is_empty() {
            ui.label(RichText::new(format!("（含{}译文列）", script_names(languages))).weak())
                .on_hover_text(
                    "按当前站点在“站点信息”中选的民族文字；不要译文列时，先在那里取消民族文字",
                );
        }
    });
    ui.add_space(4.0);
    // This field reaches the export only through apply_style_pack.
    path_field(
        ui,
        "样式包（可选）",
        &mut dialog.style_pack,
        "县里统一的样式包；不用就留空",
    );
    under_field(ui, |ui| {
        if ui.button("选择样式包…").clicked() {
            commands.push(Command::BatchChoose(BatchPath::StylePack));
        }
    });
    ui.add_space(4.0);
    path_field(ui, "输出文件夹", &mut dialog.output, "如：D:\\公示牌\\全县");
    under_field(ui, |ui| {
        if ui.button("选择输出文件夹…").clicked() {
            commands.push(Command::BatchChoose(BatchPath::Output));
        }
    });
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        super::toolbar::profile_combo(ui, "batch-profile", &mut dialog.print.profile);
        ui.separator();
        ui.label("格式");
        ui.radio_value(&mut dialog.png, false, "PDF");
        ui.radio_value(&mut dialog.png, true, "PNG 图片");
        ui.separator();
        ui.checkbox(&mut dialog.print.outline_text, "文字转曲");
        if dialog.print.profile == crate::export::OutputProfile::Standard {
            ui.checkbox(&mut dialog.print.crop_marks, "加裁切线");
            let label = ui.label("出血");
            ui.add(
                egui::DragValue::new(&mut dialog.bleed_mm)
                    .range(0.0..=10.0)
                    .speed(0.5)
                    .suffix(" 毫米"),
            )
            .labelled_by(label.id);
        } else {
            ui.label(
                RichText::new(format!(
                    "出血和裁切线按用途“{}”设定",
                    dialog.print.profile.label()
                ))
                .weak(),
            );
        }
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("公示牌").strong());
        if ui.small_button("全选").clicked() {
            for (_, chosen) in &mut dialog.kinds {
                *chosen = true;
            }
        }
        if ui.small_button("全不选").clicked() {
            for (_, chosen) in &mut dialog.kinds {
                *chosen = false;
            }
        }
    });
    egui::Grid::new("batch-kinds")
        .num_columns(5)
        .spacing([12.0, 2.0])
        .show(ui, |ui| {
            for (index, (kind, chosen)) in dialog.kinds.iter_mut().enumerate() {
                ui.checkbox(chosen, kind.label());
                if index % 5 == 4 {
                    ui.end_row();
                }
            }
        });
    if let Some(note) = &dialog.note {
        ui.add_space(6.0);
        let text = RichText::new(&note.text);
        ui.add(
            egui::Label::new(if note.error {
                text.color(ERROR_COLOR)
            } else {
                text
            })
            .wrap(),
        );
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        if ui
            .add(egui::Button::new(RichText::new("开始").strong()).min_size(egui::vec2(80.0, 28.0)))
            .clicked()
        {
            commands.push(Command::StartBatch);
        }
        if ui.button("关闭").clicked() {
            commands.push(Command::CloseBatch);
        }
    });
}

fn running_ui(ui: &mut Ui, job: &BatchJob, commands: &mut Vec<Command>) {
    ui.heading("正在批量导出");
    ui.add_space(6.0);
    let (done, total) = job.progress();
    let fraction = total.map_or(0.0, |total| {
        if total == 0 {
            1.0
        } else {
            done as f32 / total as f32
        }
    });
    match total {
        Some(total) => ui.label(format!("已完成 {done} / {total} 个站点")),
        None => ui.label("正在读取花名册…"),
    };
    ui.add(
        egui::ProgressBar::new(fraction)
            .show_percentage()
            .desired_width(ui.available_width()),
    );
    let elapsed = duration_text(job.started.elapsed());
    match job.time_left() {
        Some(left) => ui.label(format!("已用 {elapsed}，还需约 {}", duration_text(left))),
        None => ui.label(format!("已用 {elapsed}，正在估算剩余时间…")),
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("提醒 {} 条", job.warnings)).color(WARNING_COLOR));
        let errors = RichText::new(format!("错误 {} 条", job.errors));
        ui.label(if job.errors > 0 {
            errors.color(ERROR_COLOR)
        } else {
            errors
        });
    });
    if !job.last.is_empty() {
        ui.add(egui::Label::new(RichText::new(format!("刚完成：{}", job.last)).weak()).truncate());
    }
    ui.label(RichText::new(format!("输出文件夹：{}", job.output.display())).weak());
    ui.add_space(10.0);
    if job.cancelling {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("正在取消：等正在写的文件写完，已写好的文件会保留…");
        });
    } else if ui
        .button("取消")
        .on_hover_text("不再开始新的站点；已经生成的文件保留，汇总表中没有完成的站点标为“已取消”")
        .clicked()
    {
        commands.push(Command::CancelBatch);
    }
}

fn report_ui(
    ui: &mut Ui,
    report: &mut BatchReport,
    screen_height: f32,
    commands: &mut Vec<Command>,
) {
    ui.heading("批量导出汇总");
    ui.add(egui::Label::new(&report.message).wrap());
    ui.add_space(4.0);
    ui.checkbox(&mut report.only_problems, "只看有提醒、错误或已取消的站点");
    ui.label(RichText::new("点击站点名查看它的问题。").weak());
    let shown: Vec<usize> = report
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            !report.only_problems
                || row.cancelled
                || !row.errors.is_empty()
                || !row.warnings.is_empty()
        })
        .map(|(index, _)| index)
        .collect();
    // The table and the problems share what the screen leaves (a 768-pixel screen included).
    let room = (screen_height - 330.0).max(160.0);
    let table_height = if report.selected.is_some() {
        room * 0.55
    } else {
        room
    };
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let width = ui.available_width();
    let columns = [width * 0.42, width * 0.12, width * 0.08, width * 0.08];
    let header = |ui: &mut Ui| {
        ui.horizontal(|ui| {
            for (text, column) in ["站点", "已生成", "提醒", "错误"].into_iter().zip(columns)
            {
                ui.add_sized(
                    [column, row_height],
                    egui::Label::new(RichText::new(text).strong()),
                );
            }
            ui.label(RichText::new("文件夹").strong());
        });
    };
    header(ui);
    ui.separator();
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("batch-report")
        .max_height(table_height)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, shown.len(), |ui, range| {
            for &index in shown.get(range).unwrap_or_default() {
                let Some(row) = report.rows.get(index) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let name = egui::Button::selectable(
                        report.selected == Some(index),
                        RichText::new(&row.station).color(if !row.errors.is_empty() {
                            ERROR_COLOR
                        } else {
                            ui.visuals().text_color()
                        }),
                    )
                    .truncate();
                    if ui
                        .add_sized([columns[0], row_height], name)
                        .on_hover_text(&row.station)
                        .clicked()
                    {
                        clicked = Some(index);
                    }
                    let made = match (row.roster, row.cancelled, row.made) {
                        (true, _, _) => "—".to_owned(),
                        (false, true, 0) => "已取消".to_owned(),
                        (false, true, made) => format!("{made}（已取消）"),
                        (false, false, made) => made.to_string(),
                    };
                    ui.add_sized([columns[1], row_height], egui::Label::new(made));
                    let warnings = RichText::new(row.warnings.len().to_string());
                    ui.add_sized(
                        [columns[2], row_height],
                        egui::Label::new(if row.warnings.is_empty() {
                            warnings
                        } else {
                            warnings.color(WARNING_COLOR)
                        }),
                    );
                    let errors = RichText::new(row.errors.len().to_string());
                    ui.add_sized(
                        [columns[3], row_height],
                        egui::Label::new(if row.errors.is_empty() {
                            errors
                        } else {
                            errors.color(ERROR_COLOR)
                        }),
                    );
                    ui.add(egui::Label::new(RichText::new(&row.folder).weak()).truncate());
                });
            }
        });
    if let Some(index) = clicked {
        report.selected = if report.selected == Some(index) {
            None
        } else {
            Some(index)
        };
    }
    if let Some(row) = report.selected.and_then(|index| report.rows.get(index)) {
        ui.separator();
        problems_ui(ui, row, &report.output, room - table_height);
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("再导出一批").clicked() {
            commands.push(Command::NewBatch);
        }
        if ui.button("关闭").clicked() {
            commands.push(Command::CloseBatch);
        }
    });
}

/// `message` after `prefix`, unless it already starts with it (some warnings say 提醒： themselves).
fn prefixed(prefix: &str, message: &str) -> String {
    if message.starts_with(prefix) {
        message.to_owned()
    } else {
        format!("{prefix}{message}")
    }
}

/// One row's problems: errors first, then warnings, each with the roster's sheet and row where
/// batch found them.
fn problems_ui(ui: &mut Ui, row: &BatchRow, output: &Path, height: f32) {
    let title = if row.roster {
        "花名册本身的问题".to_owned()
    } else {
        format!("“{}”的问题", row.station)
    };
    ui.label(RichText::new(title).strong());
    egui::ScrollArea::vertical()
        .id_salt("batch-problems")
        .max_height(height.max(80.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if row.cancelled {
                ui.label(
                    RichText::new(if row.made == 0 {
                        "已取消：这个站点没有生成。"
                    } else {
                        "已取消：这个站点只生成了一部分公示牌（已生成的文件是完整的）。"
                    })
                    .color(WARNING_COLOR),
                );
            }
            for error in &row.errors {
                ui.add(
                    egui::Label::new(RichText::new(prefixed("错误：", error)).color(ERROR_COLOR))
                        .wrap(),
                );
            }
            for warning in &row.warnings {
                ui.add(
                    egui::Label::new(
                        RichText::new(prefixed("提醒：", warning)).color(WARNING_COLOR),
                    )
                    .wrap(),
                );
            }
            if row.errors.is_empty() && row.warnings.is_empty() && !row.cancelled {
                ui.label("没有问题。");
            }
            if !row.folder.is_empty() {
                ui.label(
                    RichText::new(format!("文件在：{}", output.join(&row.folder).display())).weak(),
                );
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_chinese() {
        assert_eq!(duration_text(Duration::from_secs(12)), "12 秒");
        assert_eq!(duration_text(Duration::from_secs(185)), "3 分 05 秒");
        assert_eq!(duration_text(Duration::from_secs(3720)), "1 小时 02 分");
    }

    #[test]
    fn time_left_is_estimated_from_the_stations_done() {
        let worker = Worker::start(&egui::Context::default(), JobKind::Batch, |_| {
            Err(JobError::Interrupted(JobKind::Batch))
        })
        .unwrap_or_else(|error| panic!("{error}"));
        let mut job = BatchJob {
            worker,
            cancel: Arc::new(AtomicBool::new(false)),
            started: Instant::now(),
            stations_started: None,
            output: PathBuf::new(),
            total: None,
            done: 0,
            warnings: 0,
            errors: 0,
            last: String::new(),
            cancelling: false,
        };
        assert_eq!(job.time_left(), None);
        job.total = Some(200);
        job.stations_started = Instant::now().checked_sub(Duration::from_secs(10));
        assert_eq!(job.time_left(), None, "nothing done yet: no estimate");
        job.done = 50;
        // 10 s for 50 stations: 150 left take about 30 s.
        let left = job
            .time_left()
            .map(|left| left.as_secs_f64())
            .unwrap_or(0.0);
        assert!((29.0..=32.0).contains(&left), "{left}");
    }

    #[test]
    fn the_dialogs_choices_become_the_batch_settings() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let roster = dir.path().join("花名册.xlsx");
        std::fs::write(&roster, b"x").unwrap_or_else(|error| panic!("{error}"));
        let open_station_pack = crate::style_pack::StylePack {
            name: "本站样式包".into(),
            ..crate::style_pack::StylePack::default()
        };
        let mut dialog = BatchDialog::new(
            &PrintSettings {
                profile: crate::export::OutputProfile::Board,
                style: Some(std::sync::Arc::new(open_station_pack)),
                ..PrintSettings::default()
            },
            2.0,
        );
        let options = crate::layout::LayoutOptions::default();
        let error = |dialog: &BatchDialog| batch_settings(dialog, &options).err();
        assert!(error(&dialog).is_some_and(|e| e.contains("花名册或站点文件夹")));
        dialog.input = format!(" \"{}\" ", dir.path().join("没有.xlsx").display());
        assert!(error(&dialog).is_some_and(|e| e.contains("找不到")));
        dialog.input = format!("\"{}\"", roster.display());
        assert!(error(&dialog).is_some_and(|e| e.contains("输出文件夹")));
        dialog.output = roster.display().to_string();
        assert!(error(&dialog).is_some_and(|e| e.contains("是一个文件")));
        dialog.output = dir.path().join("输出").display().to_string();
        for (_, chosen) in &mut dialog.kinds {
            *chosen = false;
        }
        assert!(error(&dialog).is_some_and(|e| e.contains("至少勾选一种")));
        if let Some((_, chosen)) = dialog
            .kinds
            .iter_mut()
            .find(|(kind, _)| *kind == SignKind::Staff)
        {
            *chosen = true;
        }
        dialog.png = true;
        let (input, output, settings) =
            batch_settings(&dialog, &options).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(input, roster);
        assert_eq!(output, dir.path().join("输出"));
        assert_eq!(settings.kinds, [SignKind::Staff]);
        assert!(settings.png && !settings.durable);
        assert_eq!(settings.profile, crate::export::OutputProfile::Board);
        assert_eq!(settings.layout.bleed_mm, 2.0);
        assert_eq!(settings.layout.size, None, "each sign at its standard size");
        assert!(settings.style.is_none(), "not the open station's pack");
        // A missing pack names the file; none changes nothing.
        dialog.style_pack = dir.path().join("县样式包.zip").display().to_string();
        assert!(error(&dialog).is_some_and(|e| e.contains("县样式包.zip")));
        // A pack every station follows; a broken one is refused naming it.
        let pack = dir.path().join("青禾县.lpstyle");
        crate::style_pack::make(
            &pack,
            &crate::style_pack::PackSpec {
                name: "青禾县统一标识".into(),
                ..crate::style_pack::PackSpec::default()
            },
        )
        .unwrap_or_else(|error| panic!("{error}"));
        dialog.style_pack = format!("\"{}\"", pack.display());
        let (_, _, settings) =
            batch_settings(&dialog, &options).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            settings.style.as_ref().map(|style| style.name.as_str()),
            Some("青禾县统一标识")
        );
        let broken = dir.path().join("坏.lpstyle");
        std::fs::write(&broken, b"not a zip").unwrap_or_else(|error| panic!("{error}"));
        dialog.style_pack = broken.display().to_string();
        assert!(
            error(&dialog).is_some_and(|e| e.contains("坏.lpstyle") && e.contains("不是样式包"))
        );
    }
}
