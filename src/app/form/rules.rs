//! The 工作制度 section: the rules hung on the wall (制度上墙), one 制度牌 each: add, remove,
//! reorder, and 填入常用制度 (工作制度、服务承诺、保密制度、督导制度, from
//! [`COMMON_RULES`]) to start from.

use egui::{RichText, Ui};

use super::list::{ListSection, Look, add_button, add_row, numbered};
use super::translation::{translated, translated_lines};
use super::widgets::{LABEL_WIDTH, list_heading};
use super::{FormContext, named};
use crate::model::{COMMON_RULES, Rule};

/// The rules, one 制度牌 each.
const RULES: ListSection<Rule> = ListSection {
    path: "rules",
    look: Look::Card(|index, rule| numbered(index, &rule.title, "（未填写制度名称）", "")),
    name: |rule| named(&rule.title, "制度"),
};

pub(super) fn rules_ui(ui: &mut Ui, rules: &mut Vec<Rule>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "工作制度",
        &RULES.field(),
        "每项制度印成一块制度牌（600×900 毫米）。分条、分段请换行，公示牌上原样排出；内容多时自动接续到下一页。",
    );
    RULES.show(ui, cx, rules, |ui, cx, field, _, rule| {
        translated(
            ui,
            cx,
            (field, &mut rule.tr),
            ("制度名称", "title", "如：保密制度"),
            &mut rule.title,
        );
        translated_lines(
            ui,
            cx,
            (field, &mut rule.tr),
            ("制度内容", "text", "一、……\n二、……"),
            &mut rule.text,
            None,
        );
        let count = rule.text.chars().filter(|ch| !ch.is_whitespace()).count();
        ui.horizontal(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            ui.label(RichText::new(format!("{count} 字")).small().weak());
        });
    });
    add_row(ui, |ui| {
        if add_button(ui, "添加制度") {
            RULES.push(cx, rules, Rule::default(), "title");
        }
        ui.menu_button("填入常用制度", |ui| {
            for (title, body) in COMMON_RULES {
                let present = rules.iter().any(|rule| rule.title.trim() == title);
                let button = ui
                    .add_enabled(!present, egui::Button::new(title))
                    .on_hover_text("填入一份参考文本，请按本站实际修改")
                    .on_disabled_hover_text("已经有这项制度");
                if button.clicked() {
                    let rule = Rule {
                        title: title.to_owned(),
                        text: body.to_owned(),
                        ..Rule::default()
                    };
                    RULES.push(cx, rules, rule, "text");
                    ui.close();
                }
            }
        });
    });
}
