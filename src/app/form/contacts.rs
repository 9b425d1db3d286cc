//! The 联系方式 section: address, hours, phones, e-mail and QR codes.

use egui::Ui;

use super::FormContext;
use super::list::{ListSection, Look, add_button, add_row};
use super::named;
use super::translation::translated;
use super::widgets::{list_heading, text};
use crate::model::FieldPath;
use crate::model::{QrCode, StationFile};

pub(super) fn contacts_ui(ui: &mut Ui, file: &mut StationFile, cx: &mut FormContext) {
    let contacts = &mut file.contacts;
    let object: FieldPath = "contacts".into();
    translated(
        ui,
        cx,
        (&object, &mut contacts.tr),
        ("地址", "address", "如：柳溪镇人民路18号 镇党群服务中心二楼"),
        &mut contacts.address,
    );
    translated(
        ui,
        cx,
        (&object, &mut contacts.tr),
        (
            "开放时间",
            "hours",
            "如：周一至周五 8:30-12:00，14:30-17:30",
        ),
        &mut contacts.hours,
    );
    translated(
        ui,
        cx,
        (&object, &mut contacts.tr),
        ("服务热线", "hotline", ""),
        &mut contacts.hotline,
    );
    translated(
        ui,
        cx,
        (&object, &mut contacts.tr),
        (
            "监督电话",
            "supervision_phone",
            "如：0000-6609999（县民政局）",
        ),
        &mut contacts.supervision_phone,
    );
    text(
        ui,
        cx,
        "邮箱",
        &"contacts.email".into(),
        &mut contacts.email,
        "选填",
    );

    list_heading(
        ui,
        cx,
        "二维码",
        &"contacts.qr_codes".into(),
        "填写网址或文字，程序自动生成二维码，如微信公众号、志愿者报名链接。",
    );
    QR_CODES.show(ui, cx, &mut contacts.qr_codes, |ui, cx, field, _, code| {
        translated(
            ui,
            cx,
            (field, &mut code.tr),
            ("说明文字", "label", "如：微信公众号"),
            &mut code.label,
        );
        text(
            ui,
            cx,
            "内容",
            &field.clone().key("content"),
            &mut code.content,
            "如：https://…",
        );
    });
    add_row(ui, |ui| {
        if add_button(ui, "添加二维码") {
            QR_CODES.push(cx, &mut contacts.qr_codes, QrCode::default(), "label");
        }
    });
}

/// The QR codes of 联系方式.
const QR_CODES: ListSection<QrCode> = ListSection {
    path: "contacts.qr_codes",
    look: Look::Card(|index, code| {
        let label = code.label.trim();
        format!(
            "二维码 {}　{}",
            index + 1,
            if label.is_empty() {
                "（未填写说明）"
            } else {
                label
            }
        )
    }),
    name: |code| named(&code.label, "二维码"),
};
