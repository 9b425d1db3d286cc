//! 民族文字 in 站点信息: which scripts the signs carry beside Chinese (at most two), their order and
//! size, and 固定标题译文, the translations of the signs' fixed words (`headings`).

use std::sync::OnceLock;

use egui::{RichText, Ui};

use super::FormContext;
use super::translation::translation_input;
use super::widgets::{COMBO_WIDTH, LABEL_WIDTH, labelled_row, problems_ui, row};
use crate::model::{
    HEADING_KEYS, Headings, Language, LanguageOrder, Languages, StationFile, heading,
};
use crate::template::{Region, builtin_regions, fill_languages};

/// The most scripts beside Chinese a station can choose (three scripts on one sign, as in Ili).
pub(super) const MAX_SCRIPTS: usize = 2;

/// The 民族文字 rows: a check box per script; once one is chosen, the order and the size ratio.
/// Choosing none removes `languages` from the file.
pub(super) fn languages_ui(ui: &mut Ui, cx: &mut FormContext, file: &mut StationFile) {
    region_row(ui, file);
    let field = "languages".into();
    let mut chosen = file
        .languages
        .as_ref()
        .map(Languages::known)
        .unwrap_or_default();
    let before = chosen.clone();
    let response = labelled_row(ui, "民族文字", false, |ui| {
        ui.horizontal_wrapped(|ui| {
            let mut first = None;
            for language in Language::ALL {
                let mut on = chosen.contains(&language);
                let enabled = on || chosen.len() < MAX_SCRIPTS;
                let response = ui
                    .add_enabled(
                        enabled,
                        egui::Checkbox::new(&mut on, language.chinese_name()),
                    )
                    .on_disabled_hover_text("最多选两种民族文字");
                if response.changed() {
                    if on {
                        chosen.push(language);
                    } else {
                        chosen.retain(|other| *other != language);
                    }
                }
                first.get_or_insert(response);
            }
            ui.label(RichText::new("不选：只用汉文").weak().small());
            first.unwrap_or_else(|| ui.label(""))
        })
        .inner
    });
    cx.arrive(&field, &response, false);
    if chosen != before {
        set_scripts(file, &chosen);
    }
    problems_ui(ui, cx, &field);
    let Some(languages) = file.languages.as_mut() else {
        return;
    };
    if languages.known().is_empty() {
        return;
    }
    let field = "languages.order".into();
    let response = labelled_row(ui, "文字顺序", false, |ui| {
        ui.horizontal(|ui| {
            let response = ui
                .radio_value(
                    &mut languages.order,
                    LanguageOrder::LocalFirst,
                    "民族文字在前",
                )
                .on_hover_text("民族文字在上（并排时在阅读起点；竖排蒙古文在左）");
            ui.radio_value(
                &mut languages.order,
                LanguageOrder::ChineseFirst,
                "汉文在前",
            );
            response
        })
        .inner
    });
    cx.arrive(&field, &response, false);
    problems_ui(ui, cx, &field);
    let field = "languages.size_ratio".into();
    let response = labelled_row(ui, "字号比例", false, |ui| {
        ui.horizontal(|ui| {
            let response = ui
                .add(
                    egui::Slider::new(&mut languages.size_ratio, 0.5..=2.0)
                        .step_by(0.05)
                        .fixed_decimals(2)
                        .text("民族文字 : 汉文"),
                )
                .on_hover_text("多数地区规定两种文字同样大小（1.00）");
            if ui.small_button("同样大小").clicked() {
                languages.size_ratio = 1.0;
            }
            response
        })
        .inner
    });
    cx.arrive(&field, &response, false);
    problems_ui(ui, cx, &field);
}

/// The regional presets (`templates/regions.toml`, compiled in), read once.
fn regions() -> &'static [Region] {
    static REGIONS: OnceLock<Vec<Region>> = OnceLock::new();
    REGIONS.get_or_init(|| builtin_regions().unwrap_or_default())
}

/// The preset whose scripts, order and size the station's `languages` has, if any.
fn region_of(languages: Option<&Languages>) -> Option<&'static Region> {
    let languages = languages?;
    regions().iter().find(|region| {
        let preset = region.languages();
        preset.local == languages.local
            && preset.order == languages.order
            && (preset.ratio() - languages.ratio()).abs() < 0.001
    })
}

/// 地区: choosing a region fills 民族文字 (scripts, order, size) from its preset; the rule's
/// source and what to check with the language office are shown under it.
fn region_row(ui: &mut Ui, file: &mut StationFile) {
    let current = region_of(file.languages.as_ref());
    let shown = match (current, file.languages.as_ref()) {
        (Some(region), _) => region.name.clone(),
        (None, Some(languages)) if !languages.known().is_empty() => "自选".to_owned(),
        _ => "（不按地区，只用汉文）".to_owned(),
    };
    let mut chosen = None;
    row(ui, "地区", |ui| {
        egui::ComboBox::from_id_salt("languages.region")
            .selected_text(shown)
            .width(COMBO_WIDTH.min(ui.available_width() - 24.0))
            .show_ui(ui, |ui| {
                for region in regions() {
                    let selected = current.is_some_and(|current| current.id == region.id);
                    if ui
                        .selectable_label(selected, region.name.as_str())
                        .on_hover_text(region.scripts_text())
                        .clicked()
                    {
                        chosen = Some(region);
                    }
                }
            })
            .response
            .on_hover_text("按所在地区的语言文字规定填好民族文字、次序和字号，之后仍可修改")
    });
    if let Some(region) = chosen {
        fill_languages(file, region);
    }
    if let Some(region) = region_of(file.languages.as_ref()) {
        let mut note = format!("{}：{}", region.scripts_text(), region.source);
        if !region.note.is_empty() {
            note.push('。');
            note.push_str(&region.note);
        }
        ui.horizontal(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            ui.add(egui::Label::new(RichText::new(note).weak().small()).wrap());
        });
    }
}

/// Sets the chosen scripts, keeping tags this version does not know (check names them) and the
/// order and ratio; no script and nothing else set: `languages` is left out of the file.
pub(super) fn set_scripts(file: &mut StationFile, chosen: &[Language]) {
    let mut languages = file.languages.take().unwrap_or_default();
    let unknown: Vec<String> = languages
        .local
        .iter()
        .filter(|tag| Language::from_tag(tag).is_none())
        .cloned()
        .collect();
    languages.local = chosen
        .iter()
        .map(|language| language.tag().to_owned())
        .chain(unknown)
        .collect();
    if !languages.local.is_empty() || !languages.extra.is_empty() {
        file.languages = Some(languages);
    }
}

/// 固定标题译文: every heading key with its Chinese and an input per chosen script, in a section
/// that opens when a jump goes into it.
pub(super) fn headings_ui(ui: &mut Ui, cx: &mut FormContext, headings: &mut Headings) {
    if cx.languages.is_empty() {
        return;
    }
    ui.add_space(8.0);
    let filled = |language: Language| {
        HEADING_KEYS
            .iter()
            .filter(|(key, _)| heading(headings, language, key).is_some())
            .count()
    };
    let counts: Vec<String> = cx
        .languages
        .iter()
        .map(|&language| {
            format!(
                "{} {}/{}",
                language.chinese_name(),
                filled(language),
                HEADING_KEYS.len()
            )
        })
        .collect();
    let open = cx.wants_within(&"headings".into()).then_some(true);
    egui::CollapsingHeader::new(
        RichText::new(format!("固定标题译文（{}）", counts.join("，"))).strong(),
    )
    .id_salt("headings")
    .open(open)
    .show(ui, |ui| {
        ui.label(
            RichText::new(
                "公示牌上固定的文字（标题、栏目名）。请填写语委审定的译文；没有译文的标题只印汉文。",
            )
            .weak()
            .small(),
        );
        if let Some(pack) = cx.pack_headings {
            let missing = missing_from(headings, pack, &cx.languages);
            if missing > 0 {
                ui.horizontal(|ui| {
                    if ui
                        .button("从样式包导入")
                        .on_hover_text(format!(
                            "把样式包里的 {missing} 项标题译文填入还没有填写的标题（已填写的不改）"
                        ))
                        .clicked()
                    {
                        import_headings(headings, pack, &cx.languages);
                    }
                    ui.label(
                        RichText::new(format!("样式包里有 {missing} 项本站还没有填写"))
                            .weak()
                            .small(),
                    );
                });
            }
        }
        for (key, chinese) in HEADING_KEYS {
            ui.horizontal(|ui| {
                ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                ui.label(RichText::new(chinese).strong());
            });
            for language in cx.languages.clone() {
                let path = crate::model::FieldPath::parse("headings")
                    .key(language.tag())
                    .key(key);
                let id = cx.field_id(&path);
                let mut value = headings
                    .get(language.tag())
                    .and_then(|words| words.get(key))
                    .cloned()
                    .unwrap_or_default();
                let label = format!("标题“{chinese}”（{}）", language.chinese_name());
                if translation_input(ui, cx, &label, &path, id, language, &mut value, false) {
                    set_heading(headings, language, key, &value);
                }
            }
        }
    });
}

/// How many headings of `languages` the pack has that the station has not filled in.
fn missing_from(headings: &Headings, pack: &Headings, languages: &[Language]) -> usize {
    languages
        .iter()
        .flat_map(|&language| {
            HEADING_KEYS.iter().filter(move |(key, _)| {
                heading(pack, language, key).is_some() && heading(headings, language, key).is_none()
            })
        })
        .count()
}

/// Copies the pack's headings of `languages` into those the station has not filled in (what
/// the station has is kept).
fn import_headings(headings: &mut Headings, pack: &Headings, languages: &[Language]) {
    for &language in languages {
        for (key, _) in HEADING_KEYS {
            if heading(headings, language, key).is_none()
                && let Some(text) = heading(pack, language, key)
            {
                set_heading(headings, language, key, text);
            }
        }
    }
}

/// Sets (or, with empty text, removes) the heading `key` in `language`.
pub(super) fn set_heading(headings: &mut Headings, language: Language, key: &str, text: &str) {
    let words = headings.entry(language.tag().to_owned()).or_default();
    if text.trim().is_empty() {
        words.remove(key);
    } else {
        words.insert(key.to_owned(), text.to_owned());
    }
    if words.is_empty() {
        headings.remove(language.tag());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_scripts_sets_languages_and_none_removes_them() {
        let mut file = StationFile::new();
        set_scripts(&mut file, &[Language::Kazakh, Language::Uyghur]);
        let languages = file.languages.clone().unwrap_or_default();
        assert_eq!(languages.local, ["kk", "ug"]);
        assert_eq!(languages.order, LanguageOrder::LocalFirst);
        if let Some(languages) = file.languages.as_mut() {
            languages.order = LanguageOrder::ChineseFirst;
            languages.local.push("uy".into());
        }
        set_scripts(&mut file, &[Language::Uyghur]);
        let languages = file.languages.clone().unwrap_or_default();
        assert_eq!(
            languages.local,
            ["ug", "uy"],
            "an unknown tag is kept for check"
        );
        assert_eq!(languages.order, LanguageOrder::ChineseFirst);
        if let Some(languages) = file.languages.as_mut() {
            languages.local.retain(|tag| tag != "uy");
        }
        set_scripts(&mut file, &[]);
        assert_eq!(file.languages, None);
    }

    #[test]
    fn a_region_fills_languages_and_is_recognised() {
        let xinjiang = regions()
            .iter()
            .find(|region| region.id == "xinjiang")
            .cloned()
            .unwrap_or_else(|| panic!("no xinjiang preset"));
        let mut file = StationFile::new();
        fill_languages(&mut file, &xinjiang);
        assert_eq!(
            file.languages.as_ref().map(Languages::known),
            Some(vec![Language::Uyghur])
        );
        assert_eq!(
            region_of(file.languages.as_ref()).map(|region| region.id.as_str()),
            Some("xinjiang")
        );
        // Changed by hand: no longer the preset.
        set_scripts(&mut file, &[Language::Uyghur, Language::Kazakh]);
        assert_eq!(region_of(file.languages.as_ref()), None);
    }

    #[test]
    fn importing_headings_keeps_what_the_station_has() {
        let mut pack = Headings::new();
        set_heading(&mut pack, Language::Uyghur, "services", "مۇلازىمەت");
        set_heading(&mut pack, Language::Uyghur, "staff", "خادىملار");
        set_heading(&mut pack, Language::Tibetan, "staff", "ལས་བྱེད་པ།");
        let mut own = Headings::new();
        set_heading(&mut own, Language::Uyghur, "staff", "خىزمەتچىلەر");
        assert_eq!(missing_from(&own, &pack, &[Language::Uyghur]), 1);
        import_headings(&mut own, &pack, &[Language::Uyghur]);
        assert_eq!(
            heading(&own, Language::Uyghur, "services"),
            Some("مۇلازىمەت")
        );
        assert_eq!(
            heading(&own, Language::Uyghur, "staff"),
            Some("خىزمەتچىلەر")
        );
        assert_eq!(
            heading(&own, Language::Tibetan, "staff"),
            None,
            "only chosen scripts"
        );
        assert_eq!(missing_from(&own, &pack, &[Language::Uyghur]), 0);
    }

    #[test]
    fn headings_are_set_and_removed() {
        let mut headings = Headings::new();
        set_heading(&mut headings, Language::Tibetan, "services", "ཞབས་ཞུ།");
        assert_eq!(
            heading(&headings, Language::Tibetan, "services"),
            Some("ཞབས་ཞུ།")
        );
        set_heading(&mut headings, Language::Tibetan, "services", "  ");
        assert!(headings.is_empty());
    }
}
