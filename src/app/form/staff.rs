//! The 服务人员 section: one card per staff member.

use egui::Ui;

use super::FormContext;
use super::named;
use super::translation::translations;
use super::widgets::{
    LABEL_WIDTH, add_button, card, choice, item_buttons, list_heading, multiline, picture,
    plain_row, problems_ui, text,
};
use crate::app::commands::ImageTarget;
use crate::model::FieldPath;
use crate::model::{LEVELS, POSTS, StaffMember};

pub(super) fn staff_ui(ui: &mut Ui, staff: &mut Vec<StaffMember>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "服务人员名单",
        &"staff".into(),
        "公示牌和工作证上显示照片、姓名、岗位、职业水平；电话只在勾选“公开电话”时显示。",
    );
    let mut action = None;
    let len = staff.len();
    for (index, member) in staff.iter_mut().enumerate() {
        let field = FieldPath::parse("staff").index(index);
        let title = format!(
            "{}. {}{}",
            index + 1,
            if member.name.trim().is_empty() {
                "（未填写姓名）"
            } else {
                member.name.trim()
            },
            if member.post.trim().is_empty() {
                String::new()
            } else {
                format!("　{}", member.post.trim())
            }
        );
        ui.push_id(cx.item_id(&field), |ui| {
            card(ui, cx, &field, title, |ui, cx| {
                text(
                    ui,
                    cx,
                    "姓名",
                    &field.clone().key("name"),
                    &mut member.name,
                    "",
                );
                translations(ui, cx, "姓名", &field, "name", &mut member.tr, false);
                choice(
                    ui,
                    cx,
                    "岗位",
                    &field.clone().key("post"),
                    &mut member.post,
                    &POSTS,
                );
                translations(ui, cx, "岗位", &field, "post", &mut member.tr, false);
                choice(
                    ui,
                    cx,
                    "职业水平",
                    &field.clone().key("level"),
                    &mut member.level,
                    &LEVELS,
                );
                translations(ui, cx, "职业水平", &field, "level", &mut member.tr, false);
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
                multiline(
                    ui,
                    cx,
                    "工作职责",
                    &field.clone().key("duties"),
                    &mut member.duties,
                    "如：负责养老服务和社会救助走访",
                    None,
                );
                translations(ui, cx, "工作职责", &field, "duties", &mut member.tr, true);
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
                ui.horizontal(|ui| {
                    ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                    item_buttons(ui, index, len, &mut action);
                });
            });
        });
    }
    cx.apply(&"staff".into(), staff, action, |member| {
        named(&member.name, "服务人员")
    });
    if add_button(ui, "添加服务人员") {
        staff.push(StaffMember {
            post: POSTS[1].to_owned(),
            ..StaffMember::default()
        });
        cx.added(&"staff".into(), staff.len() - 1, "name");
    }
}
