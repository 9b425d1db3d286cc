//! The 服务内容与清单 section: one card per service item.

use egui::Ui;

use super::FormContext;
use super::list::{ListSection, Look, add_button, add_row, numbered};
use super::named;
use super::translation::{translated, translated_lines, translations};
use super::widgets::{list_heading, plain_row, problems_ui, row};
use crate::model::FieldPath;
use crate::model::Service;

/// Service categories offered in the 服务类别 menu.
pub const CATEGORIES: [&str; 6] = [
    "社会救助",
    "养老服务",
    "儿童关爱保护",
    "残疾人服务",
    "社区治理",
    "其他服务",
];

/// The list of services.
const SERVICES: ListSection<Service> = ListSection {
    path: "services",
    look: Look::Card(|index, service| {
        let category = service.category.trim();
        let category = if category.is_empty() {
            String::new()
        } else {
            format!("［{category}］")
        };
        numbered(index, &service.item, "（未填写服务项目）", &category)
    }),
    name: |service| named(&service.item, "服务项目"),
};

pub(super) fn services_ui(ui: &mut Ui, services: &mut Vec<Service>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "服务清单",
        &SERVICES.field(),
        "每一项服务写清楚服务对象、方式和频次；同一类别的项目在公示牌上排在一起。",
    );
    SERVICES.show(ui, cx, services, |ui, cx, field, _, service| {
        service_ui(ui, cx, field, service);
    });
    add_row(ui, |ui| {
        if add_button(ui, "添加服务项目") {
            let category = services
                .last()
                .map(|s| s.category.clone())
                .unwrap_or_default();
            let service = Service {
                category,
                free: true,
                ..Service::default()
            };
            SERVICES.push(cx, services, service, "item");
        }
    });
}

/// The fields of one service.
fn service_ui(ui: &mut Ui, cx: &mut FormContext, field: &FieldPath, service: &mut Service) {
    let path = field.clone().key("category");
    let response = row(ui, "服务类别", |ui| {
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut service.category)
                    .id(cx.field_id(&path))
                    .hint_text("如：养老服务")
                    .desired_width(180.0),
            );
            ui.menu_button("常用类别", |ui| {
                for category in CATEGORIES {
                    if ui.button(category).clicked() {
                        service.category = category.to_owned();
                        ui.close();
                    }
                }
            });
            edit
        })
        .inner
    });
    cx.arrive(&path, &response, true);
    problems_ui(ui, cx, &path);
    translations(
        ui,
        cx,
        "服务类别",
        field,
        "category",
        &mut service.tr,
        false,
    );
    translated(
        ui,
        cx,
        (field, &mut service.tr),
        ("服务项目", "item", "如：独居老人探访"),
        &mut service.item,
    );
    translated_lines(
        ui,
        cx,
        (field, &mut service.tr),
        ("服务内容", "description", "具体做什么"),
        &mut service.description,
        None,
    );
    translated(
        ui,
        cx,
        (field, &mut service.tr),
        ("服务对象", "targets", "如：独居、空巢老人"),
        &mut service.targets,
    );
    translated(
        ui,
        cx,
        (field, &mut service.tr),
        ("服务方式", "method", "如：入户、个案、小组"),
        &mut service.method,
    );
    translated(
        ui,
        cx,
        (field, &mut service.tr),
        ("服务频次", "frequency", "如：每月"),
        &mut service.frequency,
    );
    let response = plain_row(ui, "是否免费", |ui| {
        ui.checkbox(&mut service.free, "免费服务")
    });
    cx.arrive(&field.clone().key("free"), &response, false);
    if service.free {
        // A fee jumped to while the service is free: nothing to show.
        if cx.wants(&field.clone().key("fee")) {
            *cx.jump = None;
        }
    } else {
        translated(
            ui,
            cx,
            (field, &mut service.tr),
            ("收费标准", "fee", "如：每次 10 元；困难家庭免收"),
            &mut service.fee,
        );
    }
}
