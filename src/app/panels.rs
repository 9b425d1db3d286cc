//! The window's panels, one small type each (as in egui's demo app): each borrows what it shows
//! and asks for what it cannot do while drawing as a [`Command`], run at the end of the frame.
//! The form (`form/`), the preview (`preview.rs`), the toolbar and the 批量导出 dialog have their
//! own files.

use std::path::Path;

use egui::{RichText, Ui};

use super::exporting::ExportJob;
use super::form::{self, ProblemIndex};
use super::printing::PrintDialog;
use super::{Command, text_width};
use crate::model::Diagnostic;
use crate::sign::SignKind;

/// The status bar: the last message on the left, the station file on the right. The file takes
/// at most a third of the row (cut with “…”, whole under the pointer); the message wraps in the
/// rest, so the two never overlap.
pub(super) struct StatusBar<'a> {
    /// The last message.
    pub status: &'a str,
    /// The station file, if saved.
    pub file: Option<&'a Path>,
    /// The export running, if any (a spinner and what it makes).
    pub export: Option<&'a ExportJob>,
    /// The last export wrote files: offer 打开文件夹.
    pub exported: bool,
}

impl StatusBar<'_> {
    pub fn ui(&self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let file = self.file.map_or("尚未保存为文件".to_owned(), |path| {
            path.display().to_string()
        });
        let file_text = RichText::new(file).weak().small();
        let file_width = text_width(ui, file_text.clone(), egui::TextStyle::Small)
            .min(ui.available_width() / 3.0);
        let gap = 2.0 * ui.spacing().item_spacing.x;
        let message_width = (ui.available_width() - file_width - gap).max(0.0);
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(message_width, 0.0),
                egui::Layout::left_to_right(egui::Align::Center).with_main_wrap(true),
                |ui| {
                    ui.set_max_width(message_width);
                    if let Some(job) = self.export {
                        ui.spinner();
                        ui.add(egui::Label::new(format!("正在导出 {}…", job.what)).wrap());
                    } else {
                        if self.exported && ui.button("打开文件夹").clicked() {
                            commands.push(Command::OpenExportFolder);
                        }
                        ui.add(egui::Label::new(self.status).wrap());
                    }
                },
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.set_max_width(file_width);
                ui.add(egui::Label::new(file_text).truncate());
            });
        });
    }
}

/// The 提醒 panel under the preview: how many errors the form shows (a link to the first), then
/// the layout's warnings and the missing translations, each a link to its sign and field.
pub(super) struct WarningsPanel<'a> {
    /// The problems the form shows.
    pub problems: &'a ProblemIndex,
    /// The warnings listed.
    pub warnings: Vec<Diagnostic>,
}

impl WarningsPanel<'_> {
    /// Draws the panel; a warning clicked shows its sign (`kind`) and jumps to its field.
    pub fn ui(&self, ui: &mut Ui, kind: &mut SignKind, commands: &mut Vec<Command>) {
        // The errors the form shows (those of fields still being filled in wait).
        let errors = self.problems.error_count();
        ui.horizontal(|ui| {
            ui.label(RichText::new("提醒").strong());
            if errors > 0 {
                let link = ui.link(
                    RichText::new(format!("表单中有 {errors} 处错误，点此查看"))
                        .color(form::ERROR_COLOR),
                );
                if link.clicked()
                    && let Some(field) = self.problems.first_error()
                {
                    commands.push(Command::JumpTo(field.clone()));
                }
            } else {
                ui.label(RichText::new("表单没有错误").weak());
            }
        });
        if self.warnings.is_empty() {
            ui.label(RichText::new("排版没有发现问题。").weak());
            return;
        }
        egui::ScrollArea::vertical()
            .id_salt("warnings")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for warning in &self.warnings {
                    let text = if warning.field.is_empty() {
                        warning.to_string()
                    } else {
                        format!("{warning}（{}）", warning.field.describe_long())
                    };
                    let color = if warning.is_error() {
                        form::ERROR_COLOR
                    } else {
                        form::WARNING_COLOR
                    };
                    if ui.link(RichText::new(text).color(color)).clicked() {
                        if let Some(&sign) = warning.signs.first()
                            && !warning.signs.contains(kind)
                        {
                            *kind = sign;
                        }
                        if !warning.field.is_empty() {
                            commands.push(Command::JumpTo(warning.field.clone()));
                        }
                    }
                }
            });
    }
}

/// What the 打印 dialog's buttons asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PrintChoice {
    /// 开始打印.
    Start,
    /// 取消.
    Cancel,
}

impl PrintDialog {
    /// The 打印 dialog for `kind`: printer and copies; returns the button pressed, if any.
    pub(super) fn ui(&mut self, ctx: &egui::Context, kind: SignKind) -> Option<PrintChoice> {
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("liangpai-print")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(format!("打印：{}", kind.label()));
            ui.add_space(6.0);
            ui.label(
                "用办公室打印机打印（默认 A4 纸，可在“纸张”里改）。要印制大幅公示牌，请用“导出PDF”交给印刷厂。",
            );
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = ui.label("打印机");
                let chosen = self
                    .printers
                    .get(self.chosen)
                    .map_or(String::new(), |printer| printer.name.clone());
                egui::ComboBox::from_id_salt("printer")
                    .selected_text(chosen)
                    .show_ui(ui, |ui| {
                        for (index, printer) in self.printers.iter().enumerate() {
                            let name = if printer.is_default {
                                format!("{}（默认）", printer.name)
                            } else {
                                printer.name.clone()
                            };
                            ui.selectable_value(&mut self.chosen, index, name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                let label = ui.label("份数");
                ui.add(
                    egui::DragValue::new(&mut self.copies)
                        .range(1..=crate::print::MAX_COPIES)
                        .speed(0.2),
                )
                .labelled_by(label.id);
            });
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui.button("开始打印").clicked() {
                    choice = Some(PrintChoice::Start);
                }
                if ui.button("取消").clicked() {
                    choice = Some(PrintChoice::Cancel);
                }
            });
        });
        choice
    }
}
