//! The contact list: address, hours, hotline, supervision phone and e-mail as labelled lines,
//! all labels at one size and all values at another.

use super::heading_style;
use crate::frame::{Item, Rect};
use crate::layout::context::Context;
use crate::layout::scripts::{self, Part};
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
    let rows: Vec<(Vec<Part>, Vec<Part>, &str)> = entries
        .iter()
        .map(|(label, value, field)| {
            let labels = scripts::parts(context, |language| match language {
                None => Some(format!("{label}：")),
                Some(language) => scripts::heading_of(context, language, &format!("{label}：")),
            });
            let key = field.trim_start_matches("contacts.");
            let values = scripts::parts(context, |language| match language {
                None => Some(value.clone()),
                // A number, e-mail address or time reads the same in every script: once.
                Some(_) if scripts::is_script_neutral(value) => None,
                Some(language) => context
                    .station
                    .contacts
                    .tr
                    .text(language, key)
                    .map(str::to_owned),
            });
            (labels, values, *field)
        })
        .collect();
    if rows
        .iter()
        .any(|(labels, values, _)| labels.len() > 1 || values.len() > 1)
    {
        draw_in_scripts(context, block, rect, &rows, items);
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
    let areas = row_areas(rect, slot, widest_label_em, &label_style);
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

/// The contact list in two or three scripts: each row's label and value stacked in the
/// station's scripts (a label or value without translation in Chinese only); all labels at one
/// size and all values at another, the smallest any row needs; the supervision phone never cut.
fn draw_in_scripts(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    rows: &[(Vec<Part>, Vec<Part>, &str)],
    items: &mut Vec<Item>,
) {
    let head = context.fit_style(&heading_style(block), 0.0);
    let body = context.fit_style(&block.style, 0.0);
    let label_style = FitStyle {
        valign: VerticalAlign::Middle,
        max_lines: 1,
        ..head
    };
    let value_style = FitStyle {
        valign: VerticalAlign::Middle,
        ..body
    };
    let ratio = scripts::ratio(context);
    let widest_label_em = rows
        .iter()
        .flat_map(|(labels, _, _)| labels)
        .map(|part| {
            let scale = if part.language.is_some() { ratio } else { 1.0 };
            context
                .measure(&part.text, label_style.weight)
                .single_line_em()
                * scale
        })
        .fold(0.0f32, f32::max);
    let slot = rect.height / rows.len() as f32;
    let areas = row_areas(rect, slot, widest_label_em, &label_style);
    let mut label_size = label_style.max_size_pt;
    let mut value_size = value_style.max_size_pt;
    for (position, (labels, values, _)) in rows.iter().enumerate() {
        let (label_area, value_area) = areas(position);
        label_size = label_size
            .min(scripts::fit_stack(context, labels, label_area, &label_style, true).size_pt);
        value_size = value_size
            .min(scripts::fit_stack(context, values, value_area, &value_style, false).size_pt);
    }
    let label_style = FitStyle {
        max_size_pt: label_size,
        ..label_style
    };
    let value_style = FitStyle {
        max_size_pt: value_size,
        ..value_style
    };
    for (position, (labels, values, field)) in rows.iter().enumerate() {
        let (label_area, value_area) = areas(position);
        let essential = *field == "contacts.supervision_phone";
        let field = crate::model::FieldPath::parse(field);
        scripts::draw_stack(
            context,
            items,
            labels,
            label_area,
            &label_style,
            field.clone(),
            true,
        );
        scripts::draw_stack(
            context,
            items,
            values,
            value_area,
            &value_style,
            field,
            essential,
        );
    }
}

/// The label and value boxes of row `position` (rows `slot_pt` tall): the label column as wide
/// as the widest label needs (`widest_label_em` between the style's largest and smallest size),
/// at most 40 % of the block, labels never cut; a 2 % gap; the value in the rest.
fn row_areas(
    rect: Rect,
    slot_pt: f32,
    widest_label_em: f32,
    label_style: &FitStyle,
) -> impl Fn(usize) -> (Rect, Rect) {
    let label_width = (widest_label_em * label_style.max_size_pt)
        .min(rect.width * 0.4)
        .max(widest_label_em * label_style.min_size_pt)
        .min(rect.width * 0.5);
    let gap = rect.width * 0.02;
    move |position: usize| {
        let row = Rect::new(
            rect.x,
            rect.y + position as f32 * slot_pt,
            rect.width,
            slot_pt,
        );
        (
            Rect::new(row.x, row.y, label_width, row.height * 0.9),
            Rect::new(
                row.x + label_width + gap,
                row.y,
                (row.width - label_width - gap).max(0.0),
                row.height * 0.9,
            ),
        )
    }
}
