//! The contact list: address, hours, hotline, supervision phone and e-mail as labelled lines,
//! all labels at one size and all values at another.

use super::heading_style;
use crate::frame::{Item, Rect};
use crate::layout::context::Context;
use crate::layout::text::{FitStyle, VerticalAlign};
use crate::template::Block;

/// Draws the station's contact details that are filled in, one labelled line each.
pub(super) fn draw(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
    let contacts = &context.station.contacts;
    let entries: Vec<(&str, String, &str)> = [
        (
            "地址",
            contacts.address.trim().to_owned(),
            "contacts.address",
        ),
        (
            "开放时间",
            contacts.hours.trim().to_owned(),
            "contacts.hours",
        ),
        (
            "服务热线",
            contacts.hotline.trim().to_owned(),
            "contacts.hotline",
        ),
        (
            "监督电话",
            contacts.supervision_phone.trim().to_owned(),
            "contacts.supervision_phone",
        ),
        ("邮箱", contacts.email.trim().to_owned(), "contacts.email"),
    ]
    .into_iter()
    .filter(|(_, value, _)| !value.is_empty())
    .collect();
    if entries.is_empty() {
        return;
    }
    let head = context.fit_style(&heading_style(block), 0.0);
    let body = context.fit_style(&block.style, 0.0);
    let slot = rect.height / entries.len() as f32;
    let label_style = FitStyle {
        valign: VerticalAlign::Middle,
        max_lines: 1,
        ..head.clone()
    };
    let value_style = FitStyle {
        valign: VerticalAlign::Middle,
        ..body.clone()
    };
    // The label column is as wide as the widest label needs (between its smallest and largest
    // size), at most 40 % of the block; labels are never cut.
    let widest_label_em = entries
        .iter()
        .map(|(label, _, _)| {
            context
                .measure(&format!("{label}："), label_style.weight)
                .single_line_em()
        })
        .fold(0.0f32, f32::max);
    let label_width = (widest_label_em * label_style.max_size_pt)
        .min(rect.width * 0.4)
        .max(widest_label_em * label_style.min_size_pt)
        .min(rect.width * 0.5);
    let gap = rect.width * 0.02;
    let areas = |position: usize| {
        let row = Rect::new(rect.x, rect.y + position as f32 * slot, rect.width, slot);
        (
            Rect::new(row.x, row.y, label_width, row.height * 0.9),
            Rect::new(
                row.x + label_width + gap,
                row.y,
                (row.width - label_width - gap).max(0.0),
                row.height * 0.9,
            ),
        )
    };
    // All labels share one size, and all values another: the smallest each needs.
    let mut label_size = label_style.max_size_pt;
    let mut value_size = value_style.max_size_pt;
    for (position, (label, value, _)) in entries.iter().enumerate() {
        let (label_area, value_area) = areas(position);
        label_size = label_size.min(
            context
                .fit(&format!("{label}："), label_area, &label_style)
                .size_pt,
        );
        value_size = value_size.min(context.fit(value, value_area, &value_style).size_pt);
    }
    let label_style = FitStyle {
        max_size_pt: label_size,
        ..label_style
    };
    let value_style = FitStyle {
        max_size_pt: value_size,
        ..value_style
    };
    for (position, (label, value, field)) in entries.iter().enumerate() {
        let (label_area, value_area) = areas(position);
        context.essential_text(
            items,
            &format!("{label}："),
            label_area,
            &label_style,
            *field,
        );
        // The supervision phone is essential: never cut (smaller rather than cut).
        if *field == "contacts.supervision_phone" {
            context.essential_text(items, value, value_area, &value_style, *field);
        } else {
            context.text(items, value, value_area, &value_style, *field);
        }
    }
}
