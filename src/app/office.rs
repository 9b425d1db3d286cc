//! The parts of the window that help on a real office PC: the welcome card on first start, the
//! note after a delete (with 撤销), the box for typing a path when the system's file dialog cannot
//! open, and keeping the window inside a small screen.

use egui::{RichText, Ui};

use super::form::{ERROR_COLOR, WARNING_COLOR};
use super::{Command, LiangpaiApp, Modal};

/// Room left for a taskbar and the window's title bar when the window is fitted to the screen.
const SCREEN_MARGIN: egui::Vec2 = egui::vec2(0.0, 72.0);

impl LiangpaiApp {
    /// The welcome card, in place of the preview, until something is opened or typed.
    pub(super) fn welcome_ui(&mut self, ui: &mut Ui) {
        egui::ScrollArea::vertical()
            .id_salt("welcome")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.add_space((ui.available_height() * 0.12).min(60.0));
                ui.vertical_centered(|ui| {
                    egui::Frame::group(ui.style())
                        .inner_margin(egui::Margin::same(18))
                        .show(ui, |ui| {
                            ui.set_max_width(420.0);
                            ui.heading("欢迎使用亮牌");
                            ui.add_space(6.0);
                            ui.add(
                                egui::Label::new(
                                    "把站点信息填写一次，就能得到站点要悬挂、张贴的全部公示牌，导出 PDF 交给印刷厂或直接打印。",
                                )
                                .wrap(),
                            );
                            ui.add_space(12.0);
                            let wide = egui::vec2(ui.available_width().min(260.0), 32.0);
                            if ui
                                .add(egui::Button::new(RichText::new("新建站点").strong()).min_size(wide))
                                .on_hover_text("从空白开始，在左边的表单里填写")
                                .clicked()
                            {
                                self.commands.push(Command::StartBlank);
                            }
                            ui.add_space(4.0);
                            if ui
                                .add(egui::Button::new("打开站点文件").min_size(wide))
                                .on_hover_text("打开以前保存的站点文件（.json）")
                                .clicked()
                            {
                                self.commands.push(Command::Open);
                            }
                            ui.add_space(4.0);
                            if ui
                                .add(egui::Button::new("打开示例站点").min_size(wide))
                                .on_hover_text("柳溪镇社工站的示例（带照片），保存到您选的文件夹后打开，可以随意修改")
                                .clicked()
                            {
                                self.commands.push(Command::OpenExample);
                            }
                        });
                });
            });
    }

    /// "已删除 王磊 · 撤销" above the form while there is a deleted item to put back.
    pub(super) fn deleted_note_ui(&mut self, ui: &mut Ui) {
        let Some(deleted) = &self.form.deleted else {
            return;
        };
        let text = format!("已删除 {}", deleted.name);
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(255, 244, 214))
            .inner_margin(egui::Margin::symmetric(8, 4))
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(text).color(WARNING_COLOR));
                    ui.label("·");
                    if ui
                        .link(RichText::new("撤销").strong())
                        .on_hover_text("把删除的这一项放回原处")
                        .clicked()
                    {
                        self.commands.push(Command::UndoDelete);
                    }
                    if ui
                        .small_button("知道了")
                        .on_hover_text("关闭这条提示")
                        .clicked()
                    {
                        self.form.deleted = None;
                    }
                });
            });
        ui.add_space(4.0);
    }

    /// The box for typing a path (the system's file dialog could not open). Returns whether it is
    /// the modal shown.
    pub(super) fn type_path_ui(&mut self, ctx: &egui::Context) -> bool {
        let Some(Modal::TypePath(typed)) = self.modals.first_mut() else {
            return false;
        };
        let mut ok = false;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("liangpai-type-path")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading(&typed.request.title);
            ui.add_space(6.0);
            let purpose = typed.request.purpose;
            ui.add(egui::Label::new(format!("{}{}", typed.reason, purpose.prompt())).wrap());
            ui.add_space(6.0);
            let label = ui.label(purpose.path_label());
            let response = ui.add(
                egui::TextEdit::singleline(&mut typed.text)
                    .id(egui::Id::unique("liangpai-type-path-text"))
                    .hint_text(purpose.example_path())
                    .desired_width(f32::INFINITY),
            );
            let response = response.labelled_by(label.id);
            if !response.has_focus() && !response.lost_focus() && typed.error.is_none() {
                response.request_focus();
            }
            if response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter)) {
                ok = true;
            }
            if let Some(error) = &typed.error {
                ui.label(RichText::new(error).color(ERROR_COLOR));
            }
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui.button("确定").clicked() {
                    ok = true;
                }
                if ui.button("取消").clicked() {
                    cancel = true;
                }
            });
        });
        if ok {
            match check_typed_path(typed.request.purpose, &typed.text) {
                Ok(path) => self.commands.push(Command::TypedPath(path)),
                Err(error) => typed.error = Some(error),
            }
        } else if cancel {
            self.commands.push(Command::Dismiss);
        }
        true
    }

    /// Fits the window to the screen it opened on, once: unless the window manager already
    /// maximized it, the window is made as large as the screen less a taskbar (the size it goes
    /// back to when un-maximized), moved to the top left, and maximized.
    pub(super) fn fit_to_screen(&mut self, ctx: &egui::Context) {
        if self.fitted_to_screen {
            return;
        }
        let (monitor, maximized) = ctx.input(|input| {
            let viewport = input.viewport();
            (viewport.monitor_size, viewport.maximized)
        });
        let Some(monitor) = monitor else {
            return;
        };
        self.fitted_to_screen = true;
        if maximized == Some(true) {
            return;
        }
        let room = (monitor - SCREEN_MARGIN).max(egui::vec2(320.0, 240.0));
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(room));
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(egui::pos2(0.0, 0.0)));
        ctx.send_viewport_cmd(egui::ViewportCommand::Maximized(true));
    }
}

/// The typed path, or what is wrong with it (Chinese). Surrounding quotes (as Windows' “复制为
/// 路径” adds) and spaces are removed.
pub(super) fn check_typed_path(
    purpose: super::FilePurpose,
    text: &str,
) -> Result<std::path::PathBuf, String> {
    use super::FilePurpose;
    let trimmed = text.trim().trim_matches('"').trim();
    if trimmed.is_empty() {
        return Err("请输入文件的完整路径".to_owned());
    }
    let path = std::path::PathBuf::from(trimmed);
    match purpose {
        FilePurpose::OpenStation
        | FilePurpose::PickImage
        | FilePurpose::OpenRoster
        | FilePurpose::PickStylePack
        | FilePurpose::OpenStylePack
            if !path.is_file() =>
        {
            Err(format!("找不到文件“{}”", path.display()))
        }
        FilePurpose::StationFolder if !path.is_dir() => {
            Err(format!("找不到文件夹“{}”", path.display()))
        }
        FilePurpose::ExportFolder | FilePurpose::BatchOutput if path.is_file() => Err(format!(
            "“{}”是一个文件，请输入文件夹的路径",
            path.display()
        )),
        FilePurpose::SaveStation
        | FilePurpose::SaveExample
        | FilePurpose::SavePdf
        | FilePurpose::SavePng
        | FilePurpose::SaveRoster
        | FilePurpose::SaveStylePack
            if path.is_dir() =>
        {
            Err(format!(
                "“{}”是一个文件夹，请在后面加上文件名",
                path.display()
            ))
        }
        FilePurpose::SaveStation
        | FilePurpose::SaveExample
        | FilePurpose::SavePdf
        | FilePurpose::SavePng
        | FilePurpose::SaveRoster
        | FilePurpose::SaveStylePack
            if path
                .parent()
                .is_some_and(|parent| !parent.as_os_str().is_empty() && !parent.is_dir()) =>
        {
            Err(format!(
                "文件夹“{}”不存在",
                path.parent()
                    .map_or(String::new(), |p| p.display().to_string())
            ))
        }
        _ => Ok(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::FilePurpose;

    #[test]
    fn typed_paths_are_checked_in_chinese() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("站点.json");
        std::fs::write(&file, "{}").expect("file");
        let quoted = format!("  \"{}\" ", file.display());
        assert_eq!(
            check_typed_path(FilePurpose::OpenStation, &quoted),
            Ok(file.clone())
        );
        assert!(
            check_typed_path(FilePurpose::OpenStation, "/没有/这个.json")
                .unwrap_err()
                .contains("找不到文件")
        );
        assert!(check_typed_path(FilePurpose::OpenStation, "  ").is_err());
        assert!(
            check_typed_path(FilePurpose::SaveStation, &dir.path().display().to_string())
                .unwrap_err()
                .contains("文件夹")
        );
        assert!(
            check_typed_path(FilePurpose::SavePdf, "/没有这个文件夹/a.pdf")
                .unwrap_err()
                .contains("不存在")
        );
        let new_file = dir.path().join("新.json");
        assert_eq!(
            check_typed_path(FilePurpose::SaveStation, &new_file.display().to_string()),
            Ok(new_file)
        );
    }
}
