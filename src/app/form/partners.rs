//! The 五社联动 section: one entry per partner.

use egui::Ui;

use super::FormContext;
use super::list::{ListSection, Look, add_button, add_row};
use super::named;
use super::translation::translated;
use super::widgets::{choice, list_heading};
use crate::model::{PARTNER_KINDS, Partner};

/// The partners.
const PARTNERS: ListSection<Partner> = ListSection {
    path: "partners",
    look: Look::Group,
    name: |partner| named(&partner.name, "合作方"),
};

pub(super) fn partners_ui(ui: &mut Ui, partners: &mut Vec<Partner>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "五社联动资源",
        &PARTNERS.field(),
        "社区、社会组织、社会工作者、社区志愿者、社会慈善资源。",
    );
    PARTNERS.show(ui, cx, partners, |ui, cx, field, _, partner| {
        choice(
            ui,
            cx,
            "类别",
            &field.clone().key("kind"),
            &mut partner.kind,
            &PARTNER_KINDS,
        );
        translated(
            ui,
            cx,
            (field, &mut partner.tr),
            ("名称", "name", "如：柳溪社区居委会"),
            &mut partner.name,
        );
    });
    add_row(ui, |ui| {
        if add_button(ui, "添加资源") {
            let kind = PARTNER_KINDS
                .iter()
                .find(|kind| !partners.iter().any(|p| p.kind == **kind))
                .unwrap_or(&PARTNER_KINDS[0]);
            let partner = Partner {
                kind: (*kind).to_owned(),
                ..Partner::default()
            };
            PARTNERS.push(cx, partners, partner, "name");
        }
    });
}
