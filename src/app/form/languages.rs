//! 民族文字 in 站点信息: which scripts the signs carry beside Chinese (at most two), their order and
//! size, and 固定标题译文, the translations of the signs' fixed words (`headings`).

use egui::{RichText, Ui};

use super::FormContext;
use super::translation::translation_input;
use super::widgets::{LABEL_WIDTH, labelled_row, problems_ui};
use crate::model::{
    HEADING_KEYS, Headings, Language, LanguageOrder, Languages, StationFile, heading,
};

/// The most scripts beside Chinese a station can choose (three scripts on one sign, as in Ili).
pub(super) const MAX_SCRIPTS: usize = 2;

/// The 民族文字 rows: a check box per script; once one is chosen, the order and the size ratio.
/// Choosing none removes `languages` from the file.
pub(super) fn languages_ui(ui: &mut Ui, cx: &mut FormContext, file: &mut StationFile) {
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
