//! Commands: everything with a side effect (dialogs, files, exports) runs here, at the end of the
//! frame, never in the middle of drawing.

use std::path::{Path, PathBuf};

use super::batch::BatchPath;
use super::dialogs::{Choice, FilePurpose, FileRequest};
use super::exporting::{self, ExportJob, ExportTarget, PrintSettings};
use super::navigation::{Jump, Section};
use super::portable;
use super::{LiangpaiApp, Modal, TypePath, new_station};
use crate::model::FieldPath;

/// Something the user asked for that is done at the end of the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// 新建 (asks about unsaved changes first).
    New,
    /// 打开… (asks about unsaved changes first).
    Open,
    /// Open a recent file (asks about unsaved changes first).
    OpenPath(PathBuf),
    /// 保存.
    Save,
    /// 另存为….
    SaveAs,
    /// 导出本牌 PDF….
    ExportPdf,
    /// 导出全套 PDF….
    ExportSet,
    /// 导出 PNG….
    ExportPng,
    /// 打印…: open the print dialog.
    Print,
    /// Print with the dialog's choices.
    PrintNow,
    /// 撤销.
    Undo,
    /// 重做.
    Redo,
    /// The window is being closed (asks about unsaved changes first).
    Close,
    /// Bring a field of the form into view.
    JumpTo(FieldPath),
    /// Choose a picture for a logo or photo.
    PickImage(ImageTarget),
    /// Carry out an action without saving (the user chose 不保存, or nothing was unsaved).
    Proceed(Pending),
    /// Save, then carry out the action if saving worked.
    SaveThen(Pending),
    /// Close the dialog box.
    Dismiss,
    /// Restore the autosave.
    Recover,
    /// Throw the autosave away.
    DeclineRecovery,
    /// The path typed into the app's own path box (the system dialog could not open).
    TypedPath(PathBuf),
    /// 打开示例站点: write the built-in example where the user chooses, then open it.
    OpenExample,
    /// Close the welcome card (新建站点).
    StartBlank,
    /// Put back the list item deleted last (the 撤销 of the note "已删除 …").
    UndoDelete,
    /// 打开样式包…: choose a style pack for the station.
    OpenStylePack,
    /// 取消样式包.
    ClearStylePack,
    /// 导出样式包…: make a pack of the designs and settings in use.
    ExportStylePack,
    /// 批量导出: open the dialog.
    OpenBatch,
    /// Choose a path of the 批量导出 dialog.
    BatchChoose(BatchPath),
    /// 开始 in the 批量导出 dialog.
    StartBatch,
    /// 取消 the running batch.
    CancelBatch,
    /// Close the 批量导出 dialog.
    CloseBatch,
    /// 再导出一批: back to the dialog's choices.
    NewBatch,
    /// 生成空白花名册…: write the roster template where the user chooses.
    WriteRosterTemplate,
    /// 生成样稿: do again as a draft what stopped for a missing essential.
    Draft(DraftAction),
    /// 打开文件夹: show the last export's folder in the file manager.
    OpenExportFolder,
}

/// What stops for a missing essential and can be done again as a draft (样稿).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftAction {
    /// 导出本牌 PDF.
    ExportPdf,
    /// 导出全套 PDF.
    ExportSet,
    /// 导出 PNG.
    ExportPng,
    /// 打印.
    Print,
}

/// An action that would discard unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// 新建.
    New,
    /// 打开….
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Close the window.
    Close,
}

/// Where a chosen picture goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageTarget {
    /// Replace logo `n`, or add one (`None`).
    Logo(Option<usize>),
    /// The photo of staff member `n`.
    Photo(usize),
}

impl LiangpaiApp {
    /// Runs the commands pushed during the frame.
    pub(super) fn run_commands(&mut self) {
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            self.run_command(command);
        }
    }

    fn run_command(&mut self, command: Command) {
        if matches!(
            command,
            Command::ExportPdf | Command::ExportSet | Command::ExportPng | Command::Print
        ) {
            // Trying to export or print shows every error, also of fields not yet left.
            self.reveal_errors();
        }
        match command {
            Command::New => self.guard(Pending::New),
            Command::Open => self.guard(Pending::Open),
            Command::OpenPath(path) => self.guard(Pending::OpenPath(path)),
            Command::Close => self.guard(Pending::Close),
            Command::Save => {
                self.save(Command::Save);
            }
            Command::SaveAs => {
                self.save_as(Command::SaveAs);
            }
            Command::Undo => {
                if self
                    .doc
                    .history
                    .undo(&mut self.doc.station, &mut self.form.item_keys)
                {
                    self.status = "已撤销".to_owned();
                }
            }
            Command::Redo => {
                if self
                    .doc
                    .history
                    .redo(&mut self.doc.station, &mut self.form.item_keys)
                {
                    self.status = "已重做".to_owned();
                }
            }
            Command::ExportPdf => self.export(ExportKind::Pdf, false),
            Command::ExportSet => self.export(ExportKind::Set, false),
            Command::ExportPng => self.export(ExportKind::Png, false),
            Command::Print => self.open_print_dialog(false),
            Command::Draft(action) => match action {
                DraftAction::ExportPdf => self.export(ExportKind::Pdf, true),
                DraftAction::ExportSet => self.export(ExportKind::Set, true),
                DraftAction::ExportPng => self.export(ExportKind::Png, true),
                DraftAction::Print => self.open_print_dialog(true),
            },
            Command::OpenExportFolder => {
                if let Some(folder) = self.jobs.exported_folder.clone()
                    && let Err(error) = self.system.file_manager.open_folder(&folder)
                {
                    self.modals.push(Modal::Message {
                        title: "无法打开文件夹".to_owned(),
                        text: error,
                    });
                }
            }
            Command::PrintNow => self.print_now(),
            Command::JumpTo(field) => {
                self.form.section = Section::of_field(&field);
                self.form.jump = Some(Jump {
                    field,
                    frames_left: 8,
                });
            }
            Command::PickImage(target) => self.pick_image(target),
            Command::Proceed(pending) => {
                self.modals
                    .retain(|modal| !matches!(modal, Modal::ConfirmDiscard(_)));
                self.perform(pending);
            }
            Command::SaveThen(pending) => {
                self.modals
                    .retain(|modal| !matches!(modal, Modal::ConfirmDiscard(_)));
                if self.save(Command::SaveThen(pending.clone())) {
                    self.perform(pending);
                }
            }
            Command::Dismiss => {
                if !self.modals.is_empty() {
                    self.modals.remove(0);
                }
            }
            Command::Recover => self.recover(),
            Command::DeclineRecovery => {
                self.modals
                    .retain(|modal| !matches!(modal, Modal::Recover(_)));
                self.system.data.clear_autosave();
                self.status = "已丢弃自动保存的内容".to_owned();
            }
            Command::TypedPath(path) => {
                let Some(index) = self
                    .modals
                    .iter()
                    .position(|modal| matches!(modal, Modal::TypePath(_)))
                else {
                    return;
                };
                let Modal::TypePath(typed) = self.modals.remove(index) else {
                    return;
                };
                self.typed_path = Some((typed.request.purpose, path));
                self.run_command(*typed.retry);
                self.typed_path = None;
            }
            Command::OpenExample => self.open_example(),
            Command::StartBlank => {
                self.welcome = false;
                self.form.section = Section::Station;
                self.form.jump = Some(Jump {
                    field: "station.name".into(),
                    frames_left: 8,
                });
            }
            Command::UndoDelete => self.undo_delete(),
            Command::OpenStylePack => self.open_style_pack(),
            Command::ClearStylePack => self.clear_style_pack(),
            Command::ExportStylePack => self.export_style_pack(),
            Command::OpenBatch => self.open_batch(),
            Command::BatchChoose(which) => self.choose_batch_path(which),
            Command::StartBatch => self.start_batch(),
            Command::CancelBatch => self.cancel_batch(),
            Command::CloseBatch => self.close_batch(),
            Command::NewBatch => self.new_batch(),
            Command::WriteRosterTemplate => self.write_roster_template(),
        }
    }

    /// Asks for a path: the path typed into the app's own box for this purpose if there is one,
    /// else the system dialog. When that cannot open, shows the path box, which runs `retry` again
    /// with the typed path; never silence.
    pub(super) fn ask_path(&mut self, request: &FileRequest, retry: Command) -> Option<PathBuf> {
        if let Some((purpose, path)) = self.typed_path.take()
            && purpose == request.purpose
        {
            return Some(path);
        }
        match self.system.dialogs.choose(request) {
            Choice::Chosen(path) => Some(path),
            Choice::Cancelled => None,
            Choice::Unavailable(reason) => {
                self.modals.push(Modal::TypePath(TypePath {
                    request: request.clone(),
                    reason,
                    text: request.start_path(),
                    error: None,
                    retry: Box::new(retry),
                }));
                None
            }
        }
    }

    /// 打开示例站点: asks where to keep it, writes it there with its photos, opens it.
    fn open_example(&mut self) {
        if self.is_dirty() {
            self.guard(Pending::New);
            return;
        }
        let request = FileRequest::new(
            FilePurpose::SaveExample,
            self.dialog_dir().as_deref(),
            Some(portable::EXAMPLE_FILE_NAME.to_owned()),
        );
        let Some(mut path) = self.ask_path(&request, Command::OpenExample) else {
            return;
        };
        if path.extension().is_none() {
            path.set_extension("json");
        }
        match portable::write_example(&path) {
            Ok(()) => {
                self.open_path(&path);
                if self.doc.path.is_some() {
                    self.status = format!(
                        "示例站点已保存到 {}（照片在旁边的 photos 文件夹），可以随意修改",
                        path.display()
                    );
                }
            }
            Err(error) => self.modals.push(Modal::Message {
                title: "无法保存示例站点".to_owned(),
                text: error,
            }),
        }
    }

    /// Puts the item named by the delete note back where it was.
    fn undo_delete(&mut self) {
        let Some(note) = self.form.deleted.take() else {
            return;
        };
        match note.restore(&self.doc.station) {
            Some(station) => {
                let len = note.list_len(&self.doc.station);
                self.form.item_keys.insert(&note.list, len, note.index);
                self.doc.station = station;
                self.status = format!("已恢复 {}", note.name);
            }
            None => self.status = format!("无法恢复 {}：这个列表已经改变", note.name),
        }
    }

    /// Asks first if `pending` would discard unsaved changes.
    fn guard(&mut self, pending: Pending) {
        if self.is_dirty() {
            if !self
                .modals
                .iter()
                .any(|modal| matches!(modal, Modal::ConfirmDiscard(_)))
            {
                self.modals.push(Modal::ConfirmDiscard(pending));
            }
        } else {
            self.perform(pending);
        }
    }

    fn perform(&mut self, pending: Pending) {
        match pending {
            Pending::New => {
                self.replace_document(new_station(), None);
                self.system.data.clear_autosave();
                self.form.section = Section::Station;
                self.status = "已新建空白站点".to_owned();
            }
            Pending::Open => {
                let request =
                    FileRequest::new(FilePurpose::OpenStation, self.dialog_dir().as_deref(), None);
                if let Some(path) = self.ask_path(&request, Command::Proceed(Pending::Open)) {
                    self.open_path(&path);
                }
            }
            Pending::OpenPath(path) => self.open_path(&path),
            Pending::Close => {
                self.allow_close = true;
                self.system.data.clear_autosave();
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn open_path(&mut self, path: &Path) {
        match crate::storage::load(path) {
            Ok(station) => {
                self.replace_document(station, Some(path.to_path_buf()));
                self.system.data.clear_autosave();
                self.status = format!("已打开 {}", path.display());
            }
            Err(error) => {
                if !path.exists() {
                    self.recent = self.system.data.remove_recent(path);
                }
                self.modals.push(Modal::Message {
                    title: "无法打开站点文件".to_owned(),
                    text: error.to_string(),
                });
            }
        }
    }

    /// The folder dialogs start in.
    pub(super) fn dialog_dir(&self) -> Option<PathBuf> {
        self.base_dir().or_else(|| {
            directories::UserDirs::new().map(|dirs| {
                dirs.document_dir()
                    .unwrap_or_else(|| dirs.home_dir())
                    .to_path_buf()
            })
        })
    }

    /// Saves to the current file, or asks for one. Returns whether the station was saved.
    /// `retry` runs again with the typed path when the system dialog cannot open.
    fn save(&mut self, retry: Command) -> bool {
        match self.doc.path.clone() {
            Some(path) => self.save_to(&path),
            None => self.save_as(retry),
        }
    }

    fn save_as(&mut self, retry: Command) -> bool {
        let name = format!(
            "{}.json",
            crate::export::safe_name(&self.doc.station.short_name(), "未命名站点")
        );
        let request = FileRequest::new(
            FilePurpose::SaveStation,
            self.dialog_dir().as_deref(),
            Some(name),
        );
        let Some(mut path) = self.ask_path(&request, retry) else {
            return false;
        };
        if path.extension().is_none() {
            path.set_extension("json");
        }
        self.save_to(&path)
    }

    /// Saves to `path`. Pictures end up inside the station's folder, stored relative to the file
    /// (those from elsewhere copied into 照片/), so the folder can be moved to another PC.
    fn save_to(&mut self, path: &Path) -> bool {
        let mut gathered = portable::Gathered::default();
        let path = super::absolute(path);
        if let Some(new_dir) = path.parent() {
            let old_dir = self.base_dir();
            let (mut portable, report) =
                portable::gather_pictures(&self.doc.station, old_dir.as_deref(), new_dir);
            // The style pack stays the same file, named relative to the new folder.
            let stored = portable.appearance.style_pack.trim().to_owned();
            if !stored.is_empty()
                && let Some(pack) = crate::style_pack::resolve(old_dir.as_deref(), &stored)
            {
                portable.appearance.style_pack = crate::style_pack::stored_path(&pack, new_dir);
            }
            gathered = report;
            if portable != self.doc.station {
                self.doc.station = portable;
                self.doc.history.rebase(&self.doc.station);
                // The same pictures under new names: read them again.
                self.preview.reload_images();
            }
        }
        let path = path.as_path();
        match crate::storage::save(&self.doc.station, path) {
            Ok(()) => {
                self.doc.saved = Some(self.doc.station.clone());
                self.doc.path = Some(super::absolute(path));
                self.recent = self.system.data.add_recent(path);
                self.system.data.clear_autosave();
                self.doc.autosaved = None;
                self.status = format!("已保存 {}", path.display());
                let note = gathered.note();
                if !note.is_empty() {
                    self.status = format!("{}。{note}", self.status);
                }
                true
            }
            Err(error) => {
                self.modals.push(Modal::Message {
                    title: "保存失败".to_owned(),
                    text: error.to_string(),
                });
                false
            }
        }
    }

    fn recover(&mut self) {
        let Some(index) = self
            .modals
            .iter()
            .position(|modal| matches!(modal, Modal::Recover(_)))
        else {
            return;
        };
        let Modal::Recover(autosave) = self.modals.remove(index) else {
            return;
        };
        let autosave = *autosave;
        let on_disk = autosave
            .file
            .as_deref()
            .and_then(|file| crate::storage::load(file).ok());
        self.replace_document(autosave.station.clone(), autosave.file.clone());
        // Typed before the crash: its errors show at once.
        self.form.touched.reset(false);
        // Unsaved again: the file on disk (if any) is what "saved" means.
        self.doc.saved = on_disk;
        self.doc.autosaved = Some(autosave.station);
        self.status = "已恢复自动保存的内容，请记得保存".to_owned();
    }

    fn pick_image(&mut self, target: ImageTarget) {
        let request = FileRequest::new(FilePurpose::PickImage, self.dialog_dir().as_deref(), None);
        let Some(chosen) = self.ask_path(&request, Command::PickImage(target)) else {
            return;
        };
        // A file that is not a usable picture (a HEIC photo, a document, a broken copy) is
        // refused here, with why and what to do; the picture there was is kept.
        if let Err(error) = crate::assets::check_picture_file(&chosen) {
            let what = match target {
                ImageTarget::Logo(_) => "标志",
                ImageTarget::Photo(_) => "照片",
            };
            let name = chosen.file_name().map_or_else(
                || chosen.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            self.modals.push(Modal::Message {
                title: format!("不能用作{what}"),
                text: format!(
                    "“{}”{error}。\n\n原来的{what}没有改动。",
                    crate::model::preview_ends(&name, crate::model::SHOWN_PATH_CHARS)
                ),
            });
            return;
        }
        let value = station_path(&chosen, self.base_dir().as_deref());
        // The file may have been replaced under the same name: read the pictures again.
        self.preview.reload_images();
        match target {
            ImageTarget::Logo(Some(index)) => {
                if let Some(logo) = self.doc.station.station.logos.get_mut(index) {
                    *logo = value;
                }
            }
            ImageTarget::Logo(None) => self.doc.station.station.logos.push(value),
            ImageTarget::Photo(index) => {
                if let Some(member) = self.doc.station.staff.get_mut(index) {
                    member.photo = value;
                }
            }
        }
    }

    /// Stops (with 去填写 / 生成样稿 / 取消) when `kinds` lack an essential and no draft was
    /// chosen; returns whether to go on.
    fn essentials_ready(
        &mut self,
        kinds: &[crate::sign::SignKind],
        options: &crate::layout::LayoutOptions,
        action: DraftAction,
    ) -> bool {
        let settings =
            self.settings
                .export_choices()
                .export_settings(kinds.to_vec(), options, None);
        let unfinished = crate::export::unfinished_signs(
            &self.doc.station,
            self.base_dir().as_deref(),
            &settings,
        );
        let Some(first) = unfinished.first() else {
            return true;
        };
        self.modals.push(Modal::Unfinished {
            action,
            text: unfinished.lines(false).join("\n"),
            field: first.field(),
        });
        false
    }

    fn export(&mut self, kind: ExportKind, draft: bool) {
        if self.jobs.export.is_some() {
            self.status = "上一个导出还没有完成，请稍候".to_owned();
            return;
        }
        let (all, action) = match kind {
            ExportKind::Pdf => (vec![self.settings.kind], DraftAction::ExportPdf),
            ExportKind::Png => (vec![self.settings.kind], DraftAction::ExportPng),
            ExportKind::Set => (crate::template::available_kinds(), DraftAction::ExportSet),
        };
        if !draft && !self.essentials_ready(&all, &self.settings.options.clone(), action) {
            return;
        }
        let dir = self.dialog_dir();
        let (request, kinds) = match kind {
            ExportKind::Pdf => (
                FileRequest::new(
                    FilePurpose::SavePdf,
                    dir.as_deref(),
                    Some(format!(
                        "{}.pdf",
                        exporting::suggested_name_for(
                            &self.doc.station,
                            self.settings.kind,
                            self.settings.print.profile,
                            draft
                        )
                    )),
                ),
                vec![self.settings.kind],
            ),
            ExportKind::Png => (
                FileRequest::new(
                    FilePurpose::SavePng,
                    dir.as_deref(),
                    Some(format!(
                        "{}.png",
                        exporting::suggested_name(&self.doc.station, self.settings.kind, draft)
                    )),
                ),
                vec![self.settings.kind],
            ),
            ExportKind::Set => (
                FileRequest::new(FilePurpose::ExportFolder, dir.as_deref(), None),
                crate::template::available_kinds(),
            ),
        };
        let retry = match kind {
            ExportKind::Pdf => Command::ExportPdf,
            ExportKind::Set => Command::ExportSet,
            ExportKind::Png => Command::ExportPng,
        };
        let Some(mut path) = self.ask_path(&request, retry) else {
            return;
        };
        let target = match kind {
            ExportKind::Pdf => {
                if path
                    .extension()
                    .is_none_or(|ext| !ext.eq_ignore_ascii_case("pdf"))
                {
                    path.as_mut_os_string().push(".pdf");
                }
                ExportTarget::PdfFile(path)
            }
            ExportKind::Png => {
                if path
                    .extension()
                    .is_none_or(|ext| !ext.eq_ignore_ascii_case("png"))
                {
                    path.as_mut_os_string().push(".png");
                }
                ExportTarget::Png(path)
            }
            ExportKind::Set => ExportTarget::PdfFolder(path),
        };
        // The whole set at each sign's standard size; one sign as previewed.
        let options = match kind {
            ExportKind::Set => super::preview::standard_options(&self.settings.options),
            ExportKind::Pdf | ExportKind::Png => self.settings.options.clone(),
        };
        match ExportJob::start(
            &self.ctx,
            self.doc.station.clone(),
            self.base_dir(),
            kinds,
            options,
            PrintSettings {
                draft,
                ..self.settings.export_choices()
            },
            target,
        ) {
            Ok(job) => {
                self.jobs.exported_folder = None;
                self.jobs.export = Some(job);
            }
            Err(error) => self.modals.push(Modal::Message {
                title: "导出失败".to_owned(),
                text: error.to_string(),
            }),
        }
    }
}

impl LiangpaiApp {
    fn open_print_dialog(&mut self, draft: bool) {
        if self.jobs.print.is_some() {
            self.status = "上一次打印还没有完成，请稍候".to_owned();
            return;
        }
        if self.settings.kind == crate::sign::SignKind::Screen {
            self.modals.push(Modal::Message {
                title: "无法打印".to_owned(),
                text: crate::print::PrintError::ScreenPicture.to_string(),
            });
            return;
        }
        if !draft
            && !self.essentials_ready(
                &[self.settings.kind],
                &self.settings.options.clone(),
                DraftAction::Print,
            )
        {
            return;
        }
        match self.system.printing.printers() {
            Ok(printers) if printers.is_empty() => self.modals.push(Modal::Message {
                title: "无法打印".to_owned(),
                text: crate::print::PrintError::NoPrinter.to_string(),
            }),
            Ok(printers) => {
                let chosen = printers
                    .iter()
                    .position(|printer| printer.is_default)
                    .unwrap_or(0);
                self.print_dialog = Some(super::PrintDialog {
                    printers,
                    chosen,
                    copies: 1,
                    draft,
                });
            }
            Err(error) => self.modals.push(Modal::Message {
                title: "无法打印".to_owned(),
                text: error.to_string(),
            }),
        }
    }

    fn print_now(&mut self) {
        let Some(dialog) = self.print_dialog.take() else {
            return;
        };
        let options = crate::print::PrintOptions {
            printer: dialog
                .printers
                .get(dialog.chosen)
                .map(|printer| printer.name.clone()),
            copies: dialog.copies,
            size: self.settings.options.size,
            orientation: self.settings.options.orientation,
            fonts: self.settings.options.fonts.clone(),
            style: self.settings.style.clone(),
            // The station's own design (`appearance.design`).
            design: None,
            draft: dialog.draft,
        };
        match super::printing::PrintJob::start(
            &self.ctx,
            self.system.printing.clone(),
            self.doc.station.clone(),
            self.base_dir(),
            self.settings.kind,
            options,
        ) {
            Ok(job) => {
                self.status = format!("正在准备打印“{}”…", self.settings.kind.label());
                self.jobs.print = Some(job);
            }
            Err(error) => self.modals.push(Modal::Message {
                title: "打印失败".to_owned(),
                text: error.to_string(),
            }),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum ExportKind {
    Pdf,
    Set,
    Png,
}

/// How a chosen picture is written in the station file: relative to the file's folder when it is
/// inside it (with `/`, so the file works on every system), otherwise absolute.
fn station_path(chosen: &Path, base_dir: Option<&Path>) -> String {
    if let Some(base) = base_dir
        && let Ok(relative) = chosen.strip_prefix(base)
    {
        let parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        return parts.join("/");
    }
    chosen.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picture_paths() {
        assert_eq!(
            station_path(Path::new("/a/b/photos/x.jpg"), Some(Path::new("/a/b"))),
            "photos/x.jpg"
        );
        assert_eq!(
            station_path(Path::new("/c/x.jpg"), Some(Path::new("/a/b"))),
            "/c/x.jpg"
        );
    }
}
