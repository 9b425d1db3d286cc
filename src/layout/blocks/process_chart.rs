//! The process chart: numbered step boxes joined by arrows, each with its details beside it; a
//! second column when one is not enough; continues on further pages. On a station with
//! `languages` a step's name and its details are stacked in each of the station's scripts
//! ([`scripts::parts`]); the boxes are made taller for them.

use super::{ListOutcome, heading_style};
use crate::frame::{Item, Point, Rect, Rgb};
use crate::layout::context::Context;
use crate::layout::scripts::{self, Part};
use crate::layout::text::{self, Align, FitStyle, VerticalAlign};
use crate::model::FieldPath;
use crate::template::ThemeColor;
use crate::template::{Block, Look};

/// Draws the chart from step `start` at `shrink`, as many steps as fit in `rect`.
pub(super) fn draw(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    start: usize,
    shrink: f32,
    items: &mut Vec<Item>,
) -> ListOutcome {
    let steps = &context.station.process;
    let body = context.fit_style(&block.style, shrink);
    let head = context.fit_style(&heading_style(block), shrink);
    let remaining = steps.len().saturating_sub(start);
    if remaining == 0 {
        if steps.is_empty() {
            let style = FitStyle {
                align: Align::Center,
                ..body.clone()
            };
            context.text(items, "（尚未填写服务流程）", rect, &style, "process");
        }
        return ListOutcome {
            next: start,
            part: 0,
            clean: true,
        };
    }
    // A box holds its name in each script the steps are translated into.
    let scripts_shown = steps
        .iter()
        .skip(start)
        .map(|step| step_parts(context, start, step).len())
        .max()
        .unwrap_or(1)
        .max(1);
    let min_box = head.max_size_pt * (2.0 + 1.4 * (scripts_shown - 1) as f32);
    let arrow = (head.max_size_pt * 0.9).max(context.unit * 0.02);
    let column_gap = context.unit * 0.05;
    // A step box is at least as wide as its number and a short step name (up to four characters,
    // never broken) at the smallest heading size, with the box's padding.
    // The label's padding left and right in its box.
    let label_inset = head.max_size_pt * 0.36;
    let needed_box_width = steps
        .iter()
        .skip(start)
        .enumerate()
        .map(|(offset, step)| {
            let label = step_label(start + offset, &step.step);
            let width_em =
                text::Measured::new(context.fonts, &label, head.weight).longest_word_em();
            width_em * head.min_size_pt
        })
        .fold(0.0f32, f32::max);
    let box_width_for = |column_width: f32, columns: usize| {
        let share = if columns == 1 { 0.3 } else { 0.36 };
        (column_width * share).max(needed_box_width + 2.0 * label_inset + 1.0)
    };
    let column_width_for =
        |columns: usize| (rect.width - column_gap * (columns as f32 - 1.0)) / columns as f32;
    // Two columns need room for the connector above and below the boxes, and wide enough boxes.
    let two_columns_possible = box_width_for(column_width_for(2), 2) <= column_width_for(2) * 0.6;
    let rows_in = |height: f32| ((height + arrow) / (min_box + arrow)).floor().max(1.0) as usize;
    let rows_one_column = rows_in(rect.height);
    let columns = if remaining <= rows_one_column || !two_columns_possible {
        1
    } else {
        2
    };
    // Connectors between columns run above and below the boxes, inside the block.
    let area = if columns == 2 {
        rect.inset_xy(0.0, arrow * 0.6)
    } else {
        rect
    };
    let per_column_capacity = rows_in(area.height);
    let shown = remaining.min(per_column_capacity * columns);
    let rows = shown.div_ceil(columns);
    // Boxes grow with the room there is (up to a limit), arrows with the boxes.
    let spacious = area.height / (rows as f32 + 0.5 * (rows as f32 - 1.0));
    let box_height = spacious.min(context.unit * 0.13).max(min_box);
    let arrow = if box_height > min_box {
        arrow
            .max(box_height * 0.5)
            .min((area.height - rows as f32 * box_height) / (rows as f32 - 1.0).max(1.0))
    } else {
        arrow
    };
    let arrow = arrow.max(head.max_size_pt * 0.9);
    let used_height = rows as f32 * box_height + (rows as f32 - 1.0) * arrow;
    let top = area.y + ((area.height - used_height) / 2.0).max(0.0);
    let column_width = column_width_for(columns);
    let box_width = box_width_for(column_width, columns).min(column_width);
    let primary = context.color(ThemeColor::Primary);
    let mut clean = true;
    for offset in 0..shown {
        let index = start + offset;
        let Some(step) = steps.get(index) else { break };
        let (column, row) = (offset / rows, offset % rows);
        let column_x = rect.x + column as f32 * (column_width + column_gap);
        let step_box = Rect::new(
            column_x,
            top + row as f32 * (box_height + arrow),
            box_width,
            box_height,
        );
        let ruled = block.look == Look::Ruled;
        items.push(if ruled {
            // Lines only: an outlined box, its label in the heading colour.
            let width_pt = (box_height * 0.03).clamp(0.8, 2.5);
            Item::Rect {
                rect: step_box.inset(width_pt / 2.0),
                fill: None,
                stroke: Some((primary, width_pt)),
                corner_radius_pt: 0.0,
            }
        } else {
            Item::Rect {
                rect: step_box,
                fill: Some(primary),
                stroke: None,
                corner_radius_pt: box_height * 0.18,
            }
        });
        let label_style = FitStyle {
            min_size_pt: head.min_size_pt.min(head.max_size_pt),
            ..head.clone()
        };
        let label_area = step_box.inset_xy(label_inset.min(box_width * 0.2), box_height * 0.12);
        let step_field = FieldPath::parse("process").index(index).key("step");
        match step_parts(context, index, step).as_slice() {
            [] => {}
            [only] if only.language.is_none() => {
                // Step names are short labels: smaller rather than cut.
                let fitted = crate::layout::context::fit_whole_measured(
                    &context.measure(&only.text, label_style.weight),
                    label_area,
                    &label_style,
                );
                if fitted.overflow {
                    clean = false;
                }
                context.report(&fitted, &step_field);
                items.extend(fitted.lines.into_iter().map(Item::Text));
            }
            parts => {
                let stack = scripts::draw_stack(
                    context,
                    items,
                    parts,
                    label_area,
                    &FitStyle {
                        max_lines: label_style.max_lines.max(2),
                        ..label_style.clone()
                    },
                    step_field,
                    true,
                );
                if stack.size_pt < label_style.min_size_pt * 0.999 {
                    clean = false;
                }
            }
        }
        // Details beside the box.
        let detail_area = Rect::new(
            step_box.right() + column_width * 0.04,
            step_box.y,
            column_width - box_width - column_width * 0.04,
            box_height,
        );
        if !step.detail.trim().is_empty() {
            if !ruled {
                items.push(Item::Rect {
                    rect: detail_area,
                    fill: Some(context.color(ThemeColor::Surface)),
                    stroke: None,
                    corner_radius_pt: box_height * 0.12,
                });
            }
            let detail_area = detail_area.inset_xy(box_height * 0.2, box_height * 0.08);
            let detail_style = FitStyle {
                valign: VerticalAlign::Middle,
                ..body.clone()
            };
            let detail_field = FieldPath::parse("process").index(index).key("detail");
            let parts = scripts::parts(context, |language| match language {
                None => Some(step.detail.trim().to_owned()),
                Some(language) => step.tr.text(language, "detail").map(str::to_owned),
            });
            if let [_, _, ..] = parts.as_slice() {
                let stack = scripts::draw_stack(
                    context,
                    items,
                    &parts,
                    detail_area,
                    &detail_style,
                    detail_field,
                    false,
                );
                clean = clean && !stack.overflow;
            } else {
                let fitted = context.fit(step.detail.trim(), detail_area, &detail_style);
                if fitted.overflow || fitted.size_pt < body.max_size_pt * 0.999 && shrink < 1.0 {
                    clean = clean && !fitted.overflow;
                }
                context.report(&fitted, &detail_field);
                items.extend(fitted.lines.into_iter().map(Item::Text));
            }
        }
        // Arrow to the next step.
        let is_last = offset + 1 == shown && start + shown >= steps.len();
        if is_last {
            continue;
        }
        let center_x = step_box.x + box_width / 2.0;
        if row + 1 < rows && offset + 1 < shown {
            arrow_down(
                items,
                center_x,
                step_box.bottom(),
                step_box.bottom() + arrow,
                primary,
                arrow,
            );
        } else if column + 1 < columns && offset + 1 < shown {
            // From the bottom of this column, through the gutter, to the top of the next.
            let next_center = column_x + column_width + column_gap + box_width / 2.0;
            let gutter_x = column_x + column_width + column_gap / 2.0;
            let below = (step_box.bottom() + arrow * 0.5).min(rect.bottom());
            let above = (top - arrow * 0.5).max(rect.y);
            let width_pt = (arrow * 0.12).max(1.0);
            for (from, to) in [
                (
                    Point::new(center_x, step_box.bottom()),
                    Point::new(center_x, below),
                ),
                (Point::new(center_x, below), Point::new(gutter_x, below)),
                (Point::new(gutter_x, below), Point::new(gutter_x, above)),
                (Point::new(gutter_x, above), Point::new(next_center, above)),
            ] {
                items.push(Item::Line {
                    from,
                    to,
                    color: primary,
                    width_pt,
                });
            }
            arrow_down(items, next_center, above, top, primary, arrow);
        }
    }
    ListOutcome {
        next: start + shown,
        part: 0,
        clean,
    }
}

/// A step's box label in each of the station's scripts: the number with the first script shown
/// (the reading start), then the name in each script that translates it.
fn step_parts(context: &Context, index: usize, step: &crate::model::ProcessStep) -> Vec<Part> {
    let mut parts = scripts::parts(context, |language| match language {
        None => Some(step.step.clone()),
        Some(language) => step.tr.text(language, "step").map(str::to_owned),
    });
    if parts.is_empty() {
        // No name: the number alone, as the Chinese.
        parts.push(Part {
            language: None,
            text: String::new(),
        });
    }
    for (position, part) in parts.iter_mut().enumerate() {
        part.text = match (position, part.language) {
            (0, None) => step_label(index, &part.text),
            (0, Some(_)) => format!("{}\u{00A0}{}", index + 1, part.text.trim()),
            (_, None) => step_label_unnumbered(&part.text),
            (_, Some(_)) => part.text.trim().to_owned(),
        };
    }
    parts
}

/// A step's name without its number, a short name kept whole (see [`step_label`]).
fn step_label_unnumbered(name: &str) -> String {
    let label = step_label(0, name);
    label
        .split_once('\u{00A0}')
        .map_or(label.clone(), |(_, name)| name.to_owned())
}

/// A step's box label: its number and name; a name of up to four characters is never broken
/// (接案, never 接 / 案).
fn step_label(index: usize, name: &str) -> String {
    let name = name.trim();
    let name = if name.chars().count() <= 4 {
        let mut joined = String::with_capacity(name.len() * 2);
        for (position, ch) in name.chars().enumerate() {
            if position > 0 {
                joined.push('\u{2060}');
            }
            joined.push(ch);
        }
        joined
    } else {
        name.to_owned()
    };
    format!("{}\u{00A0}{name}", index + 1)
}

fn arrow_down(items: &mut Vec<Item>, x: f32, from_y: f32, to_y: f32, color: Rgb, arrow: f32) {
    let head = (arrow * 0.45).min((to_y - from_y).abs() * 0.6);
    let width_pt = (arrow * 0.12).max(1.0);
    items.push(Item::Line {
        from: Point::new(x, from_y),
        to: Point::new(x, to_y - head * 0.8),
        color,
        width_pt,
    });
    items.push(Item::Polygon {
        points: vec![
            Point::new(x - head * 0.6, to_y - head),
            Point::new(x + head * 0.6, to_y - head),
            Point::new(x, to_y),
        ],
        fill: color,
    });
}
