//! The QR codes block: each code with its label below, centred in a row. A web address is
//! encoded as a URL ([`crate::qr::payload`]); other text is kept as typed.

use crate::frame::{Item, Rect, Rgb};
use crate::layout::context::Context;
use crate::layout::text::{Align, FitStyle, VerticalAlign};
use crate::model::FieldPath;
use crate::template::Block;

/// Draws the QR codes that have content, each with its label below.
pub(super) fn draw(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
    let codes: Vec<(usize, String, String)> = context
        .station
        .contacts
        .qr_codes
        .iter()
        .enumerate()
        .filter(|(_, code)| !code.content.trim().is_empty())
        .map(|(index, code)| {
            (
                index,
                code.label.trim().to_owned(),
                code.content.trim().to_owned(),
            )
        })
        .collect();
    if codes.is_empty() {
        return;
    }
    let body = context.fit_style(&block.style, 0.0);
    let gap = rect.width * 0.06;
    let slot_width = (rect.width - gap * (codes.len() as f32 - 1.0)) / codes.len() as f32;
    let label_height = body.max_size_pt * 2.6;
    let side = slot_width.min(rect.height - label_height).max(0.0);
    let total = side * codes.len() as f32 + gap * (codes.len() as f32 - 1.0);
    let mut x = rect.x + (rect.width - total) / 2.0;
    for (index, label, content) in codes {
        let field = FieldPath::parse("contacts.qr_codes").index(index);
        match crate::qr::encode(&content) {
            Some(code) => {
                let modules = code.width();
                let dark: Vec<bool> = code
                    .to_colors()
                    .into_iter()
                    .map(|color| color == qrcode::Color::Dark)
                    .collect();
                let qr_rect = Rect::new(x, rect.y, side, side);
                items.push(Item::Qr {
                    rect: qr_rect,
                    modules_per_side: modules,
                    dark,
                    color: Rgb::BLACK,
                    quiet_modules: 4,
                });
            }
            None => context.warn(
                field.clone().key("content"),
                format!("第 {} 个二维码的内容太长，无法生成二维码", index + 1),
            ),
        }
        if !label.is_empty() {
            let style = FitStyle {
                align: Align::Center,
                valign: VerticalAlign::Top,
                max_lines: 2,
                ..body.clone()
            };
            let area = Rect::new(
                x - gap * 0.4,
                rect.y + side + body.max_size_pt * 0.2,
                side + gap * 0.8,
                label_height,
            );
            context.text(items, &label, area, &style, field.key("label"));
        }
        x += side + gap;
    }
}
