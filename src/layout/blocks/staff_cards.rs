//! Staff cards: one card per staff member with photo, name, post and level, phone and duties;
//! two columns on wide areas; continues on further pages.

use super::{ListOutcome, heading_style, photo};
use crate::frame::{Item, Point, Rect};
use crate::layout::context::Context;
use crate::layout::text::{Align, FitStyle, VerticalAlign};
use crate::model::FieldPath;
use crate::template::ThemeColor;
use crate::template::{Block, Look};

/// Draws staff cards from member `start` at `shrink`, as many as fit in `rect`.
pub(super) fn draw(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    start: usize,
    shrink: f32,
    items: &mut Vec<Item>,
) -> ListOutcome {
    let staff = &context.station.staff;
    let body = context.fit_style(&block.style, shrink);
    let head = context.fit_style(&heading_style(block), shrink);
    let remaining = staff.len().saturating_sub(start);
    if remaining == 0 {
        if staff.is_empty() {
            let style = FitStyle {
                align: Align::Center,
                ..body.clone()
            };
            context.text(items, "（尚未填写服务人员）", rect, &style, "staff");
        }
        return ListOutcome {
            next: start,
            part: 0,
            clean: true,
        };
    }
    let gap = context.unit * 0.02;
    let columns = if rect.width > context.unit * 0.6 && remaining > 1 {
        2
    } else {
        1
    };
    let card_width = (rect.width - gap * (columns as f32 - 1.0)) / columns as f32;
    // A card needs room for the name, one line of post and level, phone and two lines of duties.
    let min_card_height =
        head.max_size_pt * 1.3 + body.max_size_pt * body.line_height * 4.0 + body.max_size_pt * 1.6;
    let max_card_height = (card_width * 1.25).max(min_card_height);
    let rows_fitting = (((rect.height + gap) / (min_card_height + gap)).floor() as usize).max(1);
    let rows_needed = remaining.div_ceil(columns);
    let rows = rows_needed.min(rows_fitting);
    let card_height =
        ((rect.height - gap * (rows as f32 - 1.0)) / rows as f32).min(max_card_height);
    if card_height < min_card_height * 0.99 {
        return ListOutcome {
            next: start,
            part: 0,
            clean: false,
        };
    }
    let shown = (rows * columns).min(remaining);
    let used_height = rows as f32 * card_height + (rows as f32 - 1.0) * gap;
    let top = rect.y + ((rect.height - used_height) / 2.0).max(0.0);
    let mut clean = true;
    for offset in 0..shown {
        let index = start + offset;
        let Some(member) = staff.get(index) else {
            break;
        };
        let (row, column) = (offset / columns, offset % columns);
        // A lone last card is centred.
        let lone = columns > 1 && offset + 1 == shown && shown % columns == 1;
        let x = if lone {
            rect.x + (rect.width - card_width) / 2.0
        } else {
            rect.x + column as f32 * (card_width + gap)
        };
        let card = Rect::new(
            x,
            top + row as f32 * (card_height + gap),
            card_width,
            card_height,
        );
        if block.look == Look::Ruled {
            // Lines only: a rule between the rows of people.
            if row + 1 < rows {
                let rule_y = card.bottom() + gap / 2.0;
                items.push(Item::Line {
                    from: Point::new(card.x, rule_y),
                    to: Point::new(card.right(), rule_y),
                    color: context.color(ThemeColor::Line),
                    width_pt: 0.8,
                });
            }
        } else {
            items.push(Item::Rect {
                rect: card,
                fill: Some(context.color(ThemeColor::Surface)),
                stroke: Some((context.color(ThemeColor::Line), 0.8)),
                corner_radius_pt: context.unit * 0.008,
            });
        }
        let pad = context.unit * 0.014;
        let inner = card.inset(pad);
        // Tall cards: photo on top, text centred below; wide cards: photo left, text right.
        let vertical = card.height > card.width * 0.8;
        let (photo_rect, text_area, align) = if vertical {
            let photo_width = (inner.height * 0.45 * 0.75).min(inner.width * 0.6);
            let photo_height = photo_width / 0.75;
            let photo_rect = Rect::new(
                inner.x + (inner.width - photo_width) / 2.0,
                inner.y,
                photo_width,
                photo_height,
            );
            let text_top = photo_rect.bottom() + pad;
            (
                photo_rect,
                Rect::new(
                    inner.x,
                    text_top,
                    inner.width,
                    (inner.bottom() - text_top).max(0.0),
                ),
                Align::Center,
            )
        } else {
            let photo_width = (inner.height * 0.75).min(inner.width * 0.4);
            let photo_height = (photo_width / 0.75).min(inner.height);
            let photo_rect = Rect::new(
                inner.x,
                inner.y + (inner.height - photo_height) / 2.0,
                photo_width,
                photo_height,
            );
            let text_area = Rect::new(
                photo_rect.right() + pad,
                inner.y,
                inner.right() - photo_rect.right() - pad,
                inner.height,
            );
            (photo_rect, text_area, Align::Left)
        };
        photo::place(
            context,
            &member.photo,
            FieldPath::parse("staff").index(index).key("photo"),
            photo_rect,
            150.0,
            items,
        );
        if !card_text(context, index, text_area, align, &head, &body, items) {
            clean = false;
        }
    }
    ListOutcome {
        next: start + shown,
        part: 0,
        clean,
    }
}

/// A staff member's name, post and level, phone, duties, shrunk together until they fit.
fn card_text(
    context: &mut Context,
    index: usize,
    area: Rect,
    align: Align,
    head: &FitStyle,
    body: &FitStyle,
    items: &mut Vec<Item>,
) -> bool {
    let Some(member) = context.station.staff.get(index) else {
        return true;
    };
    let name = member.name.trim().to_owned();
    let meta: Vec<&str> = [member.post.trim(), member.level.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    let meta = meta.join(" · ");
    let phone = if member.show_phone && !member.phone.trim().is_empty() {
        format!("电话：{}", member.phone.trim())
    } else {
        String::new()
    };
    let certificate = if member.certificate_no.trim().is_empty() {
        String::new()
    } else {
        format!("证书编号：{}", member.certificate_no.trim())
    };
    let duties = if member.duties.trim().is_empty() {
        String::new()
    } else {
        format!("职责：{}", member.duties.trim())
    };
    let field = |key: &str| FieldPath::parse("staff").index(index).key(key);
    let parts: Vec<(String, bool, FieldPath)> = vec![
        (name, true, field("name")),
        (meta, false, field("post")),
        (certificate, false, field("certificate_no")),
        (phone, false, field("phone")),
        (duties, false, field("duties")),
    ];
    let min_factor = (body.min_size_pt / body.max_size_pt).min(1.0);
    let mut factor = 1.0f32;
    // A name is set on one line; one too long for a line even at the smallest size (a foreign
    // volunteer's Latin name, a Uyghur name) takes more lines rather than being cut.
    let mut name_may_wrap = false;
    loop {
        let mut y = area.y;
        let mut lines_out = Vec::new();
        let mut fits = true;
        let mut reports = Vec::new();
        for (content, is_head, field) in &parts {
            if content.is_empty() {
                continue;
            }
            let style = if *is_head { head } else { body };
            let size = style.max_size_pt * factor;
            let fit_style = FitStyle {
                max_size_pt: size,
                min_size_pt: size,
                max_lines: if *is_head { 1 } else { 0 },
                valign: VerticalAlign::Top,
                align,
                ..style.clone()
            };
            let remaining = Rect::new(area.x, y, area.width, (area.bottom() - y).max(0.0));
            let fitted = if *is_head && name_may_wrap {
                // The name is essential: smaller and on more lines rather than cut.
                let measured = context.measure(content, fit_style.weight);
                crate::layout::context::fit_whole_measured(&measured, remaining, &fit_style)
            } else {
                context.fit(content, remaining, &fit_style)
            };
            if fitted.overflow || fitted.forced {
                fits = false;
            }
            y += fitted.used_height + size * if *is_head { 0.55 } else { 0.4 };
            lines_out.extend(fitted.lines.iter().cloned().map(Item::Text));
            reports.push((fitted, field.clone()));
        }
        if !fits && factor <= min_factor + 1e-3 && !name_may_wrap {
            name_may_wrap = true;
            continue;
        }
        if fits || factor <= min_factor + 1e-3 {
            items.extend(lines_out);
            for (fitted, field) in reports {
                context.report(&fitted, &field);
            }
            return fits;
        }
        factor = (factor * 0.92).max(min_factor);
    }
}
