//! The 工作制度 section: the rules hung on the wall (制度上墙), one 制度牌 each: add, remove,
//! reorder, and 填入常用制度 (工作制度、服务承诺、保密制度、督导制度, from
//! [`COMMON_RULES`]) to start from.

use egui::{RichText, Ui};

use super::FormContext;
use super::translation::translations;
use super::widgets::{LABEL_WIDTH, add_button, card, item_buttons, list_heading, multiline, text};
use crate::model::{COMMON_RULES, FieldPath, Rule};

pub(super) fn rules_ui(ui: &mut Ui, rules: &mut Vec<Rule>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "工作制度",
        &"rules".into(),
        "每项制度印成一块制度牌（600×900 毫米）。分条、分段请换行，公示牌上原样排出；内容多时自动接续到下一页。",
    );
    let mut action = None;
    let len = rules.len();
    for (index, rule) in rules.iter_mut().enumerate() {
        let field = FieldPath::parse("rules").index(index);
        let title = format!(
            "{}. {}",
            index + 1,
            if rule.title.trim().is_empty() {
                "（未填写制度名称）"
            } else {
                rule.title.trim()
            }
        );
        ui.push_id(field.to_string(), |ui| {
            card(ui, cx, &field, title, |ui, cx| {
                text(
                    ui,
                    cx,
                    "制度名称",
                    &field.clone().key("title"),
                    &mut rule.title,
                    "如：保密制度",
                );
                translations(ui, cx, "制度名称", &field, "title", &mut rule.tr, false);
                multiline(
                    ui,
                    cx,
                    "制度内容",
                    &field.clone().key("text"),
                    &mut rule.text,
                    "一、……\n二、……",
                    None,
                );
                translations(ui, cx, "制度内容", &field, "text", &mut rule.tr, true);
                let count = rule.text.chars().filter(|ch| !ch.is_whitespace()).count();
                ui.horizontal(|ui| {
                    ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                    ui.label(RichText::new(format!("{count} 字")).small().weak());
                });
                ui.horizontal(|ui| {
                    ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                    item_buttons(ui, index, len, &mut action);
                });
            });
        });
    }
    if let Some(action) = action {
        action.apply(rules);
    }
    ui.horizontal(|ui| {
        if add_button(ui, "添加制度") {
            rules.push(Rule::default());
            cx.added(&"rules".into(), rules.len() - 1, "title");
        }
        ui.menu_button("填入常用制度", |ui| {
            for (title, body) in COMMON_RULES {
                let present = rules.iter().any(|rule| rule.title.trim() == title);
                let button = ui
                    .add_enabled(!present, egui::Button::new(title))
                    .on_hover_text("填入一份参考文本，请按本站实际修改")
                    .on_disabled_hover_text("已经有这项制度");
                if button.clicked() {
                    rules.push(Rule {
                        title: title.to_owned(),
                        text: body.to_owned(),
                        ..Rule::default()
                    });
                    cx.added(&"rules".into(), rules.len() - 1, "text");
                    ui.close();
                }
            }
        });
    });
}
