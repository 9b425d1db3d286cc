//! Style packs (样式包) in the app: 打开样式包… stores the pack in the station file
//! (`appearance.style_pack`, relative to the station file), 取消样式包 removes it, 导出样式包…
//! makes a pack from the designs and settings in use. The pack a station names is read when the
//! stored path (or the station's folder) changes; the preview, exports and printing follow it.

use std::path::PathBuf;
use std::sync::Arc;

use super::dialogs::{FilePurpose, FileRequest};
use super::{Command, LiangpaiApp, Modal};
use crate::style_pack::{self, PackSpec, StylePack};

impl LiangpaiApp {
    /// Reads the style pack the station names, when that (or the station's folder) changed since
    /// the last time: on opening a station, after 打开样式包/取消样式包, undo, 另存为. A pack that
    /// cannot be read is reported once and the station works without it.
    pub(super) fn sync_style(&mut self) {
        let stored = self.doc.station.appearance.style_pack.trim().to_owned();
        let base_dir = self.base_dir();
        let key = (stored.clone(), base_dir.clone());
        if self.settings.style_for.as_ref() == Some(&key) {
            return;
        }
        // Another pack (not the same one seen from a new folder after 另存为): take its 用途.
        let new_pack = self
            .settings
            .style_for
            .as_ref()
            .is_none_or(|(before, _)| *before != stored);
        self.settings.style_for = Some(key);
        if stored.is_empty() {
            self.set_style(None);
            return;
        }
        let loaded = match style_pack::resolve(base_dir.as_deref(), &stored) {
            None => Err(format!(
                "站点选用的样式包“{stored}”是相对路径，站点文件保存后才能找到它"
            )),
            Some(path) => style_pack::load(&path).map_err(|error| error.to_string()),
        };
        match loaded {
            Ok(pack) => {
                self.status = format!("样式包：{}", pack.name);
                if new_pack {
                    self.take_profile(&pack);
                }
                self.set_style(Some(Arc::new(pack)));
            }
            Err(message) => {
                self.set_style(None);
                self.modals.push(Modal::Message {
                    title: "样式包无法使用".to_owned(),
                    text: format!(
                        "{message}\n\n本站点暂时不用样式包，按自己的设置显示和导出；站点文件中记录的样式包没有改动。"
                    ),
                });
            }
        }
    }

    /// The pack the preview, exports and printing follow.
    fn set_style(&mut self, style: Option<Arc<StylePack>>) {
        self.settings.style = style;
    }

    /// 打开样式包…: asks for a pack, checks it, stores its path in the station (relative to the
    /// station file), takes its 用途. A broken pack changes nothing.
    pub(super) fn open_style_pack(&mut self) {
        let request = FileRequest::new(
            FilePurpose::OpenStylePack,
            self.dialog_dir().as_deref(),
            None,
        );
        let Some(path) = self.ask_path(&request, Command::OpenStylePack) else {
            return;
        };
        let path = super::absolute(&path);
        let pack = match style_pack::load(&path) {
            Ok(pack) => pack,
            Err(error) => {
                self.modals.push(Modal::Message {
                    title: "样式包无法使用".to_owned(),
                    text: format!("{error}\n\n站点没有改动。"),
                });
                return;
            }
        };
        let stored = match self.base_dir() {
            Some(dir) => style_pack::stored_path(&path, &dir),
            // Not saved yet: absolute until the first save makes it relative.
            None => path.display().to_string(),
        };
        self.take_profile(&pack);
        let mut notes = vec![format!("已选用样式包：{}", pack.name)];
        notes.extend(pack.warnings.iter().cloned());
        self.doc.station.appearance.style_pack = stored.clone();
        self.settings.style_for = Some((stored, self.base_dir()));
        self.set_style(Some(Arc::new(pack)));
        self.status = notes.join("；");
    }

    /// The pack's 用途, if it names one, becomes the chosen one (the user may change it after).
    fn take_profile(&mut self, pack: &StylePack) {
        if let Some(profile) = pack.profile {
            self.settings.print.profile = profile;
        }
    }

    /// 取消样式包: the station no longer follows a pack.
    pub(super) fn clear_style_pack(&mut self) {
        if self.doc.station.appearance.style_pack.is_empty() {
            return;
        }
        self.doc.station.appearance.style_pack.clear();
        self.status = "已取消样式包".to_owned();
    }

    /// 导出样式包…: a pack of the designs and settings in use (see [`LiangpaiApp::style_spec`]).
    pub(super) fn export_style_pack(&mut self) {
        let spec = self.style_spec();
        let name = format!(
            "{}.{}",
            crate::export::safe_name(&spec.name, "样式包"),
            style_pack::EXTENSION
        );
        let request = FileRequest::new(
            FilePurpose::SaveStylePack,
            self.dialog_dir().as_deref(),
            Some(name),
        );
        let Some(mut path) = self.ask_path(&request, Command::ExportStylePack) else {
            return;
        };
        if path.extension().is_none() {
            path.set_extension(style_pack::EXTENSION);
        }
        match style_pack::make(&path, &spec) {
            Ok(pack) => {
                self.status = format!(
                    "已导出样式包 {}（{}），其他站点在“样式包”菜单中点“打开样式包…”选用它",
                    path.display(),
                    pack.name
                );
            }
            Err(error) => self.modals.push(Modal::Message {
                title: "无法导出样式包".to_owned(),
                text: error.to_string(),
            }),
        }
    }

    /// What 导出样式包 writes: the pack in use (if any) as the start; the station's design, the
    /// chosen 用途, the station's 指导单位 and 监督电话 as values filled in where a station has
    /// none (`[prefill]`), and as county logos the station's logos after the first (the national
    /// mark, which every station has itself) and the pack's logos.
    pub fn style_spec(&self) -> PackSpec {
        let mut spec = self
            .settings
            .style
            .as_ref()
            .map_or_else(PackSpec::default, |style| style.to_spec());
        let station = &self.doc.station;
        if spec.name.trim().is_empty() {
            let county = station.station.county.trim();
            spec.name = if county.is_empty() {
                "社工站统一标识".to_owned()
            } else {
                format!("{county}社工站统一标识")
            };
        }
        if let Some(design) = crate::values::DesignId::parse(&station.appearance.design) {
            spec.design = Some(design);
        }
        if self.settings.print.profile != crate::export::OutputProfile::Standard {
            spec.profile = Some(self.settings.print.profile);
        }
        let units: Vec<String> = station
            .station
            .guide_units
            .iter()
            .filter(|unit| !unit.trim().is_empty())
            .cloned()
            .collect();
        if !units.is_empty() && spec.overrides.guide_units.is_none() {
            spec.prefill.guide_units = Some(units);
        }
        let phone = station.contacts.supervision_phone.trim();
        if !phone.is_empty() && spec.overrides.supervision_phone.is_none() {
            spec.prefill.supervision_phone = Some(phone.to_owned());
        }
        let base_dir = self.base_dir();
        for logo in station.station.logos.iter().skip(1) {
            let Some(path) = crate::assets::resolve_path(base_dir.as_deref(), logo) else {
                continue;
            };
            let Ok(bytes) = crate::assets::read_picture_file(&path) else {
                continue;
            };
            if crate::assets::decode(&bytes).is_err() {
                continue;
            }
            let file = path.file_name().map_or_else(
                || "标志.png".to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
            let name = unique_name(&spec.logos, &file);
            spec.logos.push((name, bytes));
        }
        spec
    }

    /// The export choices (用途, 裁切线, 转曲, the style pack) in use.
    pub fn print_settings(&self) -> super::PrintSettings {
        self.settings.export_choices()
    }

    /// The style pack the station follows, if one is open.
    pub fn style_pack(&self) -> Option<&StylePack> {
        self.settings.style.as_deref()
    }

    /// The 样式包 menu.
    pub(super) fn style_menu_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(style) = &self.settings.style {
            ui.label(format!("正在使用：{}", style.name));
            ui.separator();
        }
        if ui
            .button("打开样式包…")
            .on_hover_text(
                "选用县区统一的样式包（.lpstyle）：模板、配色、县级标志、指导单位、监督电话",
            )
            .clicked()
        {
            self.commands.push(Command::OpenStylePack);
            ui.close();
        }
        if ui
            .add_enabled(
                !self.doc.station.appearance.style_pack.is_empty(),
                egui::Button::new("取消样式包"),
            )
            .clicked()
        {
            self.commands.push(Command::ClearStylePack);
            ui.close();
        }
        ui.separator();
        if ui
            .button("导出样式包…")
            .on_hover_text("把现在的设计、用途、指导单位、监督电话和县级标志做成样式包，发给各站点")
            .clicked()
        {
            self.commands.push(Command::ExportStylePack);
            ui.close();
        }
    }
}

/// `file`, or `file` with `-2`, `-3`… before its extension when a logo of that name is there.
fn unique_name(logos: &[(String, Vec<u8>)], file: &str) -> String {
    let taken = |name: &str| logos.iter().any(|(existing, _)| existing == name);
    if !taken(file) {
        return file.to_owned();
    }
    let path = PathBuf::from(file);
    let stem = path
        .file_stem()
        .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
    let extension = path
        .extension()
        .map_or_else(String::new, |ext| format!(".{}", ext.to_string_lossy()));
    (2..)
        .map(|number| format!("{stem}-{number}{extension}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| file.to_owned())
}
