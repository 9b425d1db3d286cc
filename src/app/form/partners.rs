//! The 五社联动 section: one entry per partner.

use egui::Ui;

use super::FormContext;
use super::named;
use super::translation::translations;
use super::widgets::{LABEL_WIDTH, add_button, choice, item_buttons, list_heading, text};
use crate::model::FieldPath;
use crate::model::{PARTNER_KINDS, Partner};

pub(super) fn partners_ui(ui: &mut Ui, partners: &mut Vec<Partner>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "五社联动资源",
        &"partners".into(),
        "社区、社会组织、社会工作者、社区志愿者、社会慈善资源。",
    );
    let mut action = None;
    let len = partners.len();
    for (index, partner) in partners.iter_mut().enumerate() {
        let field = FieldPath::parse("partners").index(index);
        ui.push_id(cx.item_id(&field), |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                choice(
                    ui,
                    cx,
                    "类别",
                    &field.clone().key("kind"),
                    &mut partner.kind,
                    &PARTNER_KINDS,
                );
                text(
                    ui,
                    cx,
                    "名称",
                    &field.clone().key("name"),
                    &mut partner.name,
                    "如：柳溪社区居委会",
                );
                translations(ui, cx, "名称", &field, "name", &mut partner.tr, false);
                ui.horizontal(|ui| {
                    ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                    item_buttons(ui, index, len, &mut action);
                });
            });
        });
    }
    cx.apply(&"partners".into(), partners, action, |partner| {
        named(&partner.name, "合作方")
    });
    if add_button(ui, "添加资源") {
        let kind = PARTNER_KINDS
            .iter()
            .find(|kind| !partners.iter().any(|p| p.kind == **kind))
            .unwrap_or(&PARTNER_KINDS[0]);
        partners.push(Partner {
            kind: (*kind).to_owned(),
            ..Partner::default()
        });
        cx.added(&"partners".into(), partners.len() - 1, "name");
    }
}
