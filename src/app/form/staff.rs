//! The 服务人员 section: one card per staff member.

use egui::Ui;

use super::FormContext;
use super::list::{ListSection, Look, add_button, add_row, numbered};
use super::named;
use super::translation::{translated, translated_lines, translations};
use super::widgets::{choice, list_heading, picture, plain_row, problems_ui, text};
use crate::app::commands::ImageTarget;
use crate::model::FieldPath;
use crate::model::{LEVELS, POSTS, StaffMember};

/// The list of staff members.
const STAFF: ListSection<StaffMember> = ListSection {
    path: "staff",
    look: Look::Card(|index, member| numbered(index, &member.name, "（未填写姓名）", &member.post)),
    name: |member| named(&member.name, "服务人员"),
};

pub(super) fn staff_ui(ui: &mut Ui, staff: &mut Vec<StaffMember>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "服务人员名单",
        &STAFF.field(),
        "公示牌和工作证上显示照片、姓名、岗位、职业水平；电话只在勾选“公开电话”时显示。",
    );
    STAFF.show(ui, cx, staff, |ui, cx, field, item, member| {
        member_ui(ui, cx, (field, item.index()), member);
    });
    add_row(ui, |ui| {
        if add_button(ui, "添加服务人员") {
            let member = StaffMember {
                post: POSTS[1].to_owned(),
                ..StaffMember::default()
            };
            STAFF.push(cx, staff, member, "name");
        }
    });
}

/// The fields of one staff member.
fn member_ui(
    ui: &mut Ui,
    cx: &mut FormContext,
    (field, index): (&FieldPath, usize),
    member: &mut StaffMember,
) {
    translated(
        ui,
        cx,
        (field, &mut member.tr),
        ("姓名", "name", ""),
        &mut member.name,
    );
    choice(
        ui,
        cx,
        "岗位",
        &field.clone().key("post"),
        &mut member.post,
        &POSTS,
    );
    translations(ui, cx, "岗位", field, "post", &mut member.tr, false);
    choice(
        ui,
        cx,
        "职业水平",
        &field.clone().key("level"),
        &mut member.level,
        &LEVELS,
    );
    translations(ui, cx, "职业水平", field, "level", &mut member.tr, false);
    text(
        ui,
        cx,
        "证书编号",
        &field.clone().key("certificate_no"),
        &mut member.certificate_no,
        "职业资格证书编号，没有就不填（不会替你编造）",
    );
    text(
        ui,
        cx,
        "联系电话",
        &field.clone().key("phone"),
        &mut member.phone,
        "如：138 0000 0001",
    );
    let response = plain_row(ui, "公开电话", |ui| {
        ui.checkbox(&mut member.show_phone, "在公示牌上显示电话")
    });
    cx.arrive(&field.clone().key("show_phone"), &response, false);
    translated_lines(
        ui,
        cx,
        (field, &mut member.tr),
        ("工作职责", "duties", "如：负责养老服务和社会救助走访"),
        &mut member.duties,
        None,
    );
    let path = field.clone().key("photo");
    let response = plain_row(ui, "照片", |ui| {
        ui.horizontal(|ui| {
            let response = picture(ui, cx, &member.photo, ImageTarget::Photo(index));
            if !member.photo.is_empty() && ui.small_button("清除照片").clicked() {
                member.photo.clear();
            }
            response
        })
        .inner
    });
    cx.arrive(&path, &response, false);
    problems_ui(ui, cx, &path);
}
