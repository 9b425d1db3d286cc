//! The toolbar: files, undo, the sign and paper pickers, exports.

use egui::{RichText, Ui};

use super::{Command, LiangpaiApp};
use crate::layout::{Orientation, PT_PER_MM, PageSize};
use crate::sign::SignKind;

impl LiangpaiApp {
    pub(super) fn toolbar_ui(&mut self, ui: &mut Ui) {
        let exporting = self.jobs.export.is_some();
        ui.horizontal_wrapped(|ui| {
            // A label never breaks inside a button: on a narrow window whole buttons go to the
            // next row instead of one character per line.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            if ui
                .button("新建")
                .on_hover_text("新建空白站点（Ctrl+N）")
                .clicked()
            {
                self.commands.push(Command::New);
            }
            if ui
                .button("打开")
                .on_hover_text("打开站点文件（Ctrl+O）")
                .clicked()
            {
                self.commands.push(Command::Open);
            }
            ui.menu_button("最近", |ui| {
                if self.recent.is_empty() {
                    ui.label(RichText::new("还没有最近打开的文件").weak());
                }
                for path in &self.recent {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        self.commands.push(Command::OpenPath(path.clone()));
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text("最近打开的站点文件");
            if ui.button("保存").on_hover_text("保存（Ctrl+S）").clicked() {
                self.commands.push(Command::Save);
            }
            if ui
                .button("另存为")
                .on_hover_text("保存为新的文件（Ctrl+Shift+S）")
                .clicked()
            {
                self.commands.push(Command::SaveAs);
            }
            ui.separator();
            if ui
                .add_enabled(self.doc.history.can_undo(), egui::Button::new("撤销"))
                .on_hover_text("撤销上一步修改（Ctrl+Z）")
                .clicked()
            {
                self.commands.push(Command::Undo);
            }
            if ui
                .add_enabled(self.doc.history.can_redo(), egui::Button::new("重做"))
                .on_hover_text("重做（Ctrl+Shift+Z）")
                .clicked()
            {
                self.commands.push(Command::Redo);
            }
            ui.separator();

            let label = ui.label("公示牌");
            egui::ComboBox::from_id_salt("sign-kind")
                .selected_text(self.settings.kind.label())
                .width(150.0)
                .height(400.0)
                .show_ui(ui, |ui| {
                    for kind in SignKind::ALL {
                        ui.selectable_value(&mut self.settings.kind, kind, kind.label());
                    }
                })
                .response
                .labelled_by(label.id);

            let label = ui.label("纸张");
            let size_name = match self.settings.options.size {
                None => "默认尺寸".to_owned(),
                Some(_) if self.settings.custom_size => "自定义".to_owned(),
                Some(size) => PageSize::ISO
                    .iter()
                    .find(|(_, iso)| {
                        *iso == size || *iso == size.oriented(Some(Orientation::Portrait))
                    })
                    .map_or_else(
                        || format!("{:.0}×{:.0} 毫米", size.width_mm, size.height_mm),
                        |(name, _)| (*name).to_owned(),
                    ),
            };
            egui::ComboBox::from_id_salt("paper-size")
                .selected_text(size_name)
                .width(90.0)
                .height(400.0)
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(self.settings.options.size.is_none(), "默认尺寸")
                        .on_hover_text("每种公示牌的标准尺寸，如服务清单 600×900 毫米")
                        .clicked()
                    {
                        self.settings.options.size = None;
                        self.settings.custom_size = false;
                    }
                    for (name, size) in PageSize::ISO {
                        let chosen =
                            !self.settings.custom_size && self.settings.options.size == Some(size);
                        if ui.selectable_label(chosen, name).clicked() {
                            self.settings.options.size = Some(size);
                            self.settings.custom_size = false;
                        }
                    }
                    if ui
                        .selectable_label(self.settings.custom_size, "自定义尺寸")
                        .on_hover_text("输入宽和高（毫米），如 800×1200")
                        .clicked()
                    {
                        self.settings.custom_size = true;
                        if self.settings.options.size.is_none() {
                            // Start from the size shown now.
                            let shown = self.preview.shown.as_ref().map(|shown| shown.page_size_pt);
                            let (width, height) = shown.map_or((600.0, 900.0), |size| {
                                (size.x / PT_PER_MM, size.y / PT_PER_MM)
                            });
                            self.settings.options.size = Some(PageSize {
                                width_mm: width.round(),
                                height_mm: height.round(),
                            });
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            if self.settings.custom_size
                && let Some(size) = &mut self.settings.options.size
            {
                let width = ui.label("宽");
                ui.add(
                    egui::DragValue::new(&mut size.width_mm)
                        .range(20.0..=5000.0)
                        .speed(5.0)
                        .max_decimals(0),
                )
                .labelled_by(width.id);
                let height = ui.label("高");
                ui.add(
                    egui::DragValue::new(&mut size.height_mm)
                        .range(20.0..=5000.0)
                        .speed(5.0)
                        .max_decimals(0)
                        .suffix(" 毫米"),
                )
                .labelled_by(height.id);
            }

            profile_combo(ui, "output-profile", &mut self.settings.print.profile);

            let label = ui.label("方向");
            let orientation_name = match self.settings.options.orientation {
                None => "默认",
                Some(Orientation::Portrait) => "竖版",
                Some(Orientation::Landscape) => "横版",
            };
            egui::ComboBox::from_id_salt("orientation")
                .selected_text(orientation_name)
                .width(60.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.settings.options.orientation, None, "默认");
                    ui.selectable_value(
                        &mut self.settings.options.orientation,
                        Some(Orientation::Portrait),
                        "竖版",
                    );
                    ui.selectable_value(
                        &mut self.settings.options.orientation,
                        Some(Orientation::Landscape),
                        "横版",
                    );
                })
                .response
                .labelled_by(label.id);
            ui.separator();

            // Plain widgets, not sub-Uis, so that each one wraps to the next row as a whole.
            ui.menu_button("导出PDF", |ui| {
                if ui
                    .add_enabled(
                        !exporting,
                        egui::Button::new(format!("本牌：{}…", self.settings.kind.label())),
                    )
                    .on_hover_text("把预览中的这块公示牌导出为 PDF")
                    .clicked()
                {
                    self.commands.push(Command::ExportPdf);
                    ui.close();
                }
                if ui
                    .add_enabled(!exporting, egui::Button::new("全套公示牌…"))
                    .on_hover_text("每种公示牌按标准尺寸各导出一个 PDF，保存到选定的文件夹")
                    .clicked()
                {
                    self.commands.push(Command::ExportSet);
                    ui.close();
                }
                ui.separator();
                ui.checkbox(
                    &mut self.settings.print.outline_text,
                    "文字转曲（印刷厂要求时勾选，PDF 中不含字体）",
                );
                if self.settings.print.profile != crate::export::OutputProfile::Standard {
                    ui.label(format!(
                        "出血和裁切线按用途“{}”设定",
                        self.settings.print.profile.label()
                    ));
                }
                ui.checkbox(
                    &mut self.settings.print.crop_marks,
                    "加裁切线（印刷厂需要时勾选）",
                );
                ui.horizontal(|ui| {
                    let label = ui.label("出血");
                    ui.add(
                        egui::DragValue::new(&mut self.settings.options.bleed_mm)
                            .range(0.0..=10.0)
                            .speed(0.5)
                            .suffix(" 毫米"),
                    )
                    .labelled_by(label.id);
                });
            })
            .response
            .on_hover_text(if exporting {
                "正在导出，请稍候"
            } else {
                "导出 PDF 交给印刷厂"
            });
            if ui
                .add_enabled(!exporting, egui::Button::new("导出PNG"))
                .on_hover_text("把预览中的这块公示牌导出为 PNG 图片（用于电子屏、电视、微信）")
                .clicked()
            {
                self.commands.push(Command::ExportPng);
            }
            if ui
                .add_enabled(self.jobs.print.is_none(), egui::Button::new("打印"))
                .on_hover_text("用办公室打印机打印预览中的这块公示牌")
                .clicked()
            {
                self.commands.push(Command::Print);
            }
            if ui
                .button("批量导出")
                .on_hover_text("按县里的站点花名册或一个文件夹的站点文件，一次生成许多站点的公示牌")
                .clicked()
            {
                self.commands.push(Command::OpenBatch);
            }
            ui.menu_button("字体", |ui| self.fonts_menu_ui(ui));
            let style_label = match &self.settings.style {
                Some(style) => format!("样式包：{}", style.name),
                None => "样式包".to_owned(),
            };
            ui.menu_button(style_label, |ui| self.style_menu_ui(ui))
                .response
                .on_hover_text("县区统一的样式包：打开、取消、导出");
        });
    }

    /// The 字体 menu: which fonts text is set in, in the order a character is looked up, where
    /// to put one's own fonts, and font files that could not be used.
    fn fonts_menu_ui(&mut self, ui: &mut egui::Ui) {
        let fonts = &self.settings.options.fonts;
        ui.label("文字按以下顺序找字体：");
        ui.label(format!(
            "1. 内置字体：{}（常规、粗体）",
            fonts.face(crate::fonts::Weight::Regular).family()
        ));
        if fonts.user_faces().is_empty() {
            ui.label("2. 自己的字体：没有");
        } else {
            for face in fonts.user_faces() {
                let file = match face.origin() {
                    crate::fonts::FaceOrigin::User(file) => file.as_str(),
                    _ => "",
                };
                ui.label(format!("2. 自己的字体：{}（{}）", face.family(), file));
            }
        }
        match crate::font_files::fallback_candidates()
            .into_iter()
            .find(|path| path.is_file())
        {
            Some(path) => ui.label(format!("3. 后备字体（生僻字）：{}", path.display())),
            None => ui.label("3. 后备字体（生僻字）：没有找到，生僻字可能印不出"),
        };
        for problem in &self.settings.font_problems {
            ui.colored_label(
                egui::Color32::from_rgb(200, 90, 0),
                format!("{problem}，没有使用"),
            );
        }
        ui.separator();
        match self.system.data.folder() {
            Some(folder) => {
                let fonts_folder = folder.join(crate::font_files::USER_FONTS_FOLDER);
                ui.label(format!(
                    "把自己的字体文件（.ttf、.otf、.ttc）放进这个文件夹，重新打开程序后使用：\n{}",
                    fonts_folder.display()
                ));
            }
            None => {
                ui.label("没有数据文件夹，不能添加自己的字体");
            }
        }
    }
}

/// The 用途 (output profile) choice with its label, as in the toolbar and the 批量导出 dialog.
pub(super) fn profile_combo(
    ui: &mut Ui,
    id_salt: &str,
    profile: &mut crate::export::OutputProfile,
) -> egui::Response {
    let label = ui.label("用途");
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(profile.short_label())
        .width(72.0)
        .show_ui(ui, |ui| {
            for choice in crate::export::OutputProfile::ALL {
                ui.selectable_value(profile, choice, choice.label())
                    .on_hover_text(profile_hint(choice));
            }
        })
        .response
        .on_hover_text("交给谁印：决定出血、裁切线、留边和印前检查的要求，文件名中带用途")
        .labelled_by(label.id)
}

/// What each 用途 means, for its tooltip.
fn profile_hint(profile: crate::export::OutputProfile) -> &'static str {
    use crate::export::OutputProfile;
    match profile {
        OutputProfile::Standard => "按“导出PDF”菜单中的出血和裁切线设置",
        OutputProfile::Board => "展板、KT板、铝塑板：3 毫米出血，加裁切线",
        OutputProfile::Banner => "写真、喷绘：不留出血，四周留 20 毫米白边打扣眼，图片 72 dpi 即可",
        OutputProfile::Plate => "亚克力、钛金门牌：不留出血，准确尺寸",
        OutputProfile::Card => {
            "工作证（制卡店）：1.5 毫米出血，裁切线和 3 毫米圆角参考线，照片至少 300 dpi"
        }
        OutputProfile::Office => {
            "办公室打印机：A4 或 A3 纸，不留出血，四周留 5 毫米打印机印不到的边"
        }
    }
}
