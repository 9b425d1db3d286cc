//! Staff cards: one card per staff member with photo, name, post and level, phone and duties;
//! two columns on wide areas; continues on further pages.

use super::{ListOutcome, heading_style, photo};
use crate::frame::{Item, Point, Rect};
use crate::layout::context::Context;
use crate::layout::scripts::{self, Part, Stack};
use crate::layout::text::{Align, FitStyle, Fitted, VerticalAlign};
use crate::model::{FieldPath, Language, StaffMember};
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
    // A card needs room for the name and one line of post and level in each script the names
    // are in, phone and two lines of duties.
    let scripts = staff
        .iter()
        .map(|member| {
            scripts::parts(context, |language| {
                member_text(member, language, "name", &member.name)
            })
            .len()
        })
        .max()
        .unwrap_or(1)
        .max(1) as f32;
    let min_card_height = head.max_size_pt * 1.3 * scripts
        + body.max_size_pt * body.line_height * (2.0 * scripts + 2.0)
        + body.max_size_pt * 1.6;
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

/// One text of a card (name, post and level, certificate, phone, duties) in each script.
struct CardText {
    parts: Vec<Part>,
    is_head: bool,
    field: FieldPath,
}

/// `chinese` (a field of `member`) in `language`: as it is when it reads the same in every
/// script (a number), else its translation; `None` without one.
fn member_text(
    member: &StaffMember,
    language: Option<Language>,
    key: &str,
    chinese: &str,
) -> Option<String> {
    let chinese = chinese.trim();
    match language {
        None => Some(chinese.to_owned()),
        Some(_) if chinese.is_empty() || scripts::is_script_neutral(chinese) => {
            Some(chinese.to_owned())
        }
        Some(language) => member.tr.text(language, key).map(str::to_owned),
    }
}

/// A label (电话：) and its value in `language`: the label from the station's headings; `None`
/// when the label or the value has no translation, or the value is empty.
fn labelled(
    context: &Context,
    member: &StaffMember,
    language: Option<Language>,
    (label, key, value): (&str, &str, &str),
) -> Option<String> {
    let value = member_text(member, language, key, value)?;
    if value.is_empty() {
        return None;
    }
    let label = match language {
        None => label.to_owned(),
        Some(language) => scripts::literal_in(context, language, label)?,
    };
    Some(format!("{label}{value}"))
}

/// The texts of member `index`'s card, each in the station's scripts (empty texts left out).
fn card_texts(context: &Context, member: &StaffMember, index: usize) -> Vec<CardText> {
    let field = |key: &str| FieldPath::parse("staff").index(index).key(key);
    let name = scripts::parts(context, |language| {
        member_text(member, language, "name", &member.name)
    });
    // Post and level in one line; in a script, those of them that have a translation (the
    // Chinese line below shows both).
    let meta = scripts::parts(context, |language| {
        let pieces: Vec<String> = [("post", &member.post), ("level", &member.level)]
            .into_iter()
            .filter(|(_, chinese)| !chinese.trim().is_empty())
            .filter_map(|(key, chinese)| member_text(member, language, key, chinese))
            .collect();
        Some(pieces.join(" · "))
    });
    let labelled_parts = |spec: (&str, &str, &str)| {
        scripts::parts(context, |language| {
            labelled(context, member, language, spec)
        })
    };
    let certificate = labelled_parts(("证书编号：", "certificate_no", &member.certificate_no));
    let phone = if member.show_phone {
        labelled_parts(("电话：", "phone", &member.phone))
    } else {
        Vec::new()
    };
    let duties = labelled_parts(("职责：", "duties", &member.duties));
    [
        (name, true, "name"),
        (meta, false, "post"),
        (certificate, false, "certificate_no"),
        (phone, false, "phone"),
        (duties, false, "duties"),
    ]
    .into_iter()
    .filter(|(parts, _, _)| !parts.is_empty())
    .map(|(parts, is_head, key)| CardText {
        parts,
        is_head,
        field: field(key),
    })
    .collect()
}

/// One card text fitted at its size: Chinese alone as before, several scripts stacked by
/// [`scripts::fit_stack`] (one Chinese size, the others at the station's ratio of it).
enum FittedText {
    Chinese(Fitted),
    Scripts(Stack),
}

impl FittedText {
    fn used_height(&self) -> f32 {
        match self {
            FittedText::Chinese(fitted) => fitted.used_height,
            FittedText::Scripts(stack) => stack.used_height(),
        }
    }

    fn fits(&self) -> bool {
        match self {
            FittedText::Chinese(fitted) => !fitted.overflow && !fitted.forced,
            FittedText::Scripts(stack) => !stack.overflow && !stack.forced(),
        }
    }
}

/// A staff member's name, post and level, certificate, phone and duties, each in the station's
/// scripts, shrunk together until they fit. The name is essential in each script: too long for
/// a line even at the smallest size (a foreign volunteer's Latin name, a Uyghur name), it takes
/// more lines, and only then smaller type, rather than being cut.
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
    let texts = card_texts(context, member, index);
    let min_factor = (body.min_size_pt / body.max_size_pt).min(1.0);
    let mut factor = 1.0f32;
    let mut name_may_wrap = false;
    loop {
        let mut y = area.y;
        let mut fits = true;
        let mut laid = Vec::with_capacity(texts.len());
        for text in &texts {
            let style = if text.is_head { head } else { body };
            let size = style.max_size_pt * factor;
            let wrap = text.is_head && name_may_wrap;
            let fit_style = FitStyle {
                max_size_pt: size,
                min_size_pt: size,
                max_lines: if text.is_head && !wrap { 1 } else { 0 },
                valign: VerticalAlign::Top,
                align,
                ..style.clone()
            };
            let remaining = Rect::new(area.x, y, area.width, (area.bottom() - y).max(0.0));
            let fitted = match text.parts.as_slice() {
                [only] if only.language.is_none() => FittedText::Chinese(if wrap {
                    let measured = context.measure(&only.text, fit_style.weight);
                    crate::layout::context::fit_whole_measured(&measured, remaining, &fit_style)
                } else {
                    context.fit(&only.text, remaining, &fit_style)
                }),
                parts => FittedText::Scripts(scripts::fit_stack(
                    context, parts, remaining, &fit_style, wrap,
                )),
            };
            if !fitted.fits() {
                fits = false;
            }
            y += fitted.used_height() + size * if text.is_head { 0.55 } else { 0.4 };
            laid.push((fitted, fit_style));
        }
        if !fits && factor <= min_factor + 1e-3 && !name_may_wrap {
            name_may_wrap = true;
            continue;
        }
        if fits || factor <= min_factor + 1e-3 {
            for (text, (fitted, style)) in texts.iter().zip(laid) {
                match fitted {
                    FittedText::Chinese(fitted) => {
                        items.extend(fitted.lines.iter().cloned().map(Item::Text));
                        context.report(&fitted, &text.field);
                    }
                    FittedText::Scripts(stack) => scripts::report_stack(
                        context,
                        items,
                        &text.parts,
                        &stack,
                        &style,
                        text.field.clone(),
                        text.is_head,
                    ),
                }
            }
            return fits;
        }
        factor = (factor * 0.92).max(min_factor);
    }
}
