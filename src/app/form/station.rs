//! The 站点信息 section: name, kind, places, texts, guide units, rooms, logos.

use egui::{RichText, Ui};

use super::languages::{headings_ui, languages_ui};
use super::list::{ListSection, Look, add_row};
use super::translation::{follow, item_translations, translated, translated_lines, translations};
use super::widgets::{
    COMBO_WIDTH, LABEL_WIDTH, ListAction, join_pasted_lines, list_heading, picture, plain_row,
    problems_or, problems_ui, row, text, text_field,
};
use super::{DeletedTranslations, FormContext, named};
use crate::app::commands::{Command, ImageTarget};
use crate::app::files::today_iso;
use crate::model::FieldPath;
use crate::model::{StationFile, StationKind};

pub(super) fn station_ui(ui: &mut Ui, file: &mut StationFile, cx: &mut FormContext) {
    let station = &mut file.station;
    text(
        ui,
        cx,
        "站点全称",
        &"station.name".into(),
        &mut station.name,
        "如：青禾县柳溪镇社会工作服务站",
    );
    let object: FieldPath = "station".into();
    translations(ui, cx, "站点全称", &object, "name", &mut station.tr, false);
    let short_field: FieldPath = "station.short_name".into();
    text_field(
        ui,
        cx,
        "简称",
        &short_field,
        &mut station.short_name,
        "用于工作证和功能室门牌，如：柳溪镇社工站",
    );
    // When the short name is empty, propose one from the full name (the signs use it until the
    // user writes their own), in the message row under it: nothing moves when it comes or goes.
    let proposal = (station.short_name.trim().is_empty() && !station.name.trim().is_empty())
        .then(|| crate::model::propose_short_name(&station.name, &station.county, &station.town))
        .filter(|proposal| proposal != station.name.trim());
    problems_or(ui, cx, &short_field, |ui| {
        if let Some(proposal) = proposal {
            ui.label(RichText::new(format!("建议：{proposal}")).small());
            if ui
                .link(RichText::new("采用").small())
                .on_hover_text("把建议的简称填入“简称”，之后可以修改")
                .clicked()
            {
                station.short_name = proposal;
            }
        }
    });
    translations(
        ui,
        cx,
        "简称",
        &object,
        "short_name",
        &mut station.tr,
        false,
    );
    let response = row(ui, "场所类型", |ui| {
        egui::ComboBox::from_id_salt("station.kind")
            .selected_text(station.kind.label().to_owned())
            .width(COMBO_WIDTH.min(ui.available_width() - 24.0))
            .show_ui(ui, |ui| {
                if let StationKind::Other(_) = station.kind {
                    let current = station.kind.clone();
                    let label = current.label().to_owned();
                    ui.selectable_value(&mut station.kind, current, label);
                }
                for kind in StationKind::KNOWN {
                    let label = kind.label().to_owned();
                    ui.selectable_value(&mut station.kind, kind, label);
                }
            })
            .response
    });
    cx.arrive(&"station.kind".into(), &response, false);
    problems_ui(ui, cx, &"station.kind".into());
    design_row(ui, cx, &mut file.appearance);
    let station = &mut file.station;
    text(
        ui,
        cx,
        "县区",
        &"station.county".into(),
        &mut station.county,
        "如：青禾县",
    );
    text(
        ui,
        cx,
        "乡镇（街道）",
        &"station.town".into(),
        &mut station.town,
        "如：柳溪镇",
    );
    translated(
        ui,
        cx,
        (&object, &mut station.tr),
        ("承接机构", "operator", "运营站点的社会工作服务机构"),
        &mut station.operator,
    );
    translated_lines(
        ui,
        cx,
        (&object, &mut station.tr),
        ("站点简介", "intro", "简要介绍站点的服务对象和服务内容"),
        &mut station.intro,
        Some(150),
    );
    translated(
        ui,
        cx,
        (&object, &mut station.tr),
        ("宣传主题", "slogan", "如：推进“五社联动” 关爱“一小一老”"),
        &mut station.slogan,
    );
    let response = row(ui, "更新日期", |ui| {
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut file.updated)
                    .id(cx.field_id(&"updated".into()))
                    .hint_text("2026-03-01")
                    .desired_width(120.0),
            );
            if ui.button("今天").on_hover_text("填入今天的日期").clicked() {
                file.updated = today_iso();
            }
            edit
        })
        .inner
    });
    cx.arrive(&"updated".into(), &response, true);
    problems_ui(ui, cx, &"updated".into());

    ui.add_space(8.0);
    ui.label(RichText::new("民族文字（双语公示牌）").strong().size(16.0));
    ui.label(
        RichText::new("民族自治地方的公示牌同时印民族文字；不选就只用汉文")
            .weak()
            .small(),
    );
    languages_ui(ui, cx, file);
    cx.languages = file
        .languages
        .as_ref()
        .map(crate::model::Languages::known)
        .unwrap_or_default();
    let station = &mut file.station;
    list_heading(
        ui,
        cx,
        "指导单位",
        &"station.guide_units".into(),
        "显示在每块公示牌的页脚，如：县民政局、镇人民政府",
    );
    list_with_translations(
        ui,
        cx,
        (&GUIDE_UNITS, "guide_units"),
        ("指导单位", "添加指导单位"),
        &mut station.guide_units,
        &mut station.tr,
    );

    list_heading(
        ui,
        cx,
        "功能室",
        &"station.rooms".into(),
        "每个功能室生成一块门牌，如：个案工作室、小组活动室",
    );
    list_with_translations(
        ui,
        cx,
        (&ROOMS, "rooms"),
        ("功能室", "添加功能室"),
        &mut station.rooms,
        &mut station.tr,
    );

    list_heading(
        ui,
        cx,
        "标志",
        &"station.logos".into(),
        "站点或机构的标志图片，显示在门牌和工作证上",
    );
    LOGOS.show(ui, cx, &mut station.logos, |ui, cx, path, item, logo| {
        let index = item.index();
        let response = plain_row(ui, &format!("标志 {}", index + 1), |ui| {
            ui.horizontal(|ui| {
                let response = picture(ui, cx, logo, ImageTarget::Logo(Some(index)));
                item.show(ui);
                response
            })
            .inner
        });
        cx.arrive(path, &response, false);
        problems_ui(ui, cx, path);
    });
    add_row(ui, |ui| {
        ui.add_space(LABEL_WIDTH);
        if ui.button("添加标志…").clicked() {
            cx.commands
                .push(Command::PickImage(ImageTarget::Logo(None)));
        }
    });
    headings_ui(ui, cx, &mut file.headings);
}

/// 设计: the built-in design of the station's signs (`appearance.design`). An id this version
/// does not know is shown as it is and kept until another design is chosen; choosing 标准 stores
/// the id `standard`.
fn design_row(ui: &mut Ui, cx: &mut FormContext, appearance: &mut crate::model::Appearance) {
    use crate::values::DesignId;
    let field: FieldPath = "appearance.design".into();
    let current = appearance.design.trim().to_owned();
    let chosen = appearance.design_id();
    let shown = if current.is_empty() || DesignId::parse(&current).is_some() {
        chosen.label().to_owned()
    } else {
        format!("{current}（未知，按标准）")
    };
    let response = row(ui, "设计", |ui| {
        egui::ComboBox::from_id_salt("appearance.design")
            .selected_text(shown)
            .width(COMBO_WIDTH.min(ui.available_width() - 24.0))
            .show_ui(ui, |ui| {
                for design in DesignId::ALL {
                    let hint = match design {
                        DesignId::Simple => "白底、左侧色条、标题居左、清单为细线表格",
                        DesignId::Standard => "彩色通栏标题、卡片和色块",
                        DesignId::Vertical => {
                            "站点门牌做成竖牌（400×1200 毫米），名称竖排：蒙古文在左、汉字在右；其他公示牌同标准"
                        }
                    };
                    if ui
                        .selectable_label(chosen == design, design.label())
                        .on_hover_text(hint)
                        .clicked()
                        && appearance.design != design.id()
                    {
                        appearance.design = design.id().to_owned();
                    }
                }
            })
            .response
            .on_hover_text("公示牌的版式：标准、简洁或竖牌；配色仍按场所类型")
    });
    cx.arrive(&field, &response, false);
    problems_ui(ui, cx, &field);
}

/// 指导单位.
const GUIDE_UNITS: ListSection<String> = ListSection {
    path: "station.guide_units",
    look: Look::Row,
    name: |unit| named(unit, "指导单位"),
};

/// 功能室.
const ROOMS: ListSection<String> = ListSection {
    path: "station.rooms",
    look: Look::Row,
    name: |room| named(room, "功能室"),
};

/// 标志.
const LOGOS: ListSection<String> = ListSection {
    path: "station.logos",
    look: Look::Row,
    name: |logo| named(&crate::app::portable::display_name(logo, None), "标志"),
};

/// A list of one-line texts of the station (指导单位, 功能室) with an input per chosen script
/// under each item: a move takes the item's translations along, a delete keeps them with the
/// deleted item (its 撤销 puts them back).
fn list_with_translations(
    ui: &mut Ui,
    cx: &mut FormContext,
    (section, field): (&ListSection<String>, &str),
    (item_label, add_label): (&str, &str),
    list: &mut Vec<String>,
    tr: &mut crate::model::Translations,
) {
    let object: FieldPath = "station".into();
    let len = list.len();
    let done = section.show(ui, cx, list, |ui, cx, path, item, value| {
        let index = item.index();
        let label = format!("{item_label} {}", index + 1);
        let id = cx.field_id(path);
        join_pasted_lines(ui, id);
        let response = row(ui, &label, |ui| {
            ui.horizontal(|ui| {
                item.show(ui);
                ui.add(
                    egui::TextEdit::singleline(value)
                        .id(id)
                        .desired_width(f32::INFINITY),
                )
            })
            .inner
        });
        cx.arrive(path, &response, true);
        if response.gained_focus() {
            cx.focused = Some(path.clone());
        }
        problems_ui(ui, cx, path);
        item_translations(ui, cx, &label, (&object, field, index), path, tr);
    });
    if let Some(action) = done {
        let removed = follow(tr, field, len, action);
        if matches!(action, ListAction::Remove(_))
            && let Some(deleted) = cx.deleted.as_mut()
        {
            deleted.translations = Some(DeletedTranslations {
                object,
                field: field.to_owned(),
                by_language: removed,
            });
        }
    }
    add_row(ui, |ui| {
        ui.add_space(LABEL_WIDTH);
        if ui.button(add_label).clicked() {
            section.push(cx, list, String::new(), "");
        }
    });
}
