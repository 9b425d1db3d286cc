//! The service table: services grouped by category (a category's cell spans its rows), with
//! columns for item, content, targets, method, frequency and fee; continues on further pages.

use super::{ListOutcome, heading_style};
use crate::frame::{Item, Point, Rect};
use crate::layout::context::Context;
use crate::layout::text::{self, Align, FitStyle, Measured, VerticalAlign, block_height};
use crate::model::{FieldPath, Service};
use crate::template::Block;

/// Lines of `content` at exactly `style.max_size_pt` in `width`, as (measured, lines, height).
fn measure_cell(
    context: &Context,
    content: &str,
    width: f32,
    style: &FitStyle,
) -> (Measured, Vec<text::BrokenLine>, f32, bool) {
    let measured = Measured::new(context.fonts, content, style.weight);
    let width_em = (width / style.max_size_pt).max(0.01);
    let broken = if style.align == Align::Center {
        measured.break_balanced(width_em)
    } else {
        measured.break_lines(width_em)
    };
    let height = block_height(broken.lines.len(), style.max_size_pt, style.line_height);
    (measured, broken.lines, height, broken.forced)
}

struct Column {
    title: &'static str,
    fraction: f32,
    value: fn(&Service) -> String,
    field: &'static str,
}

const COLUMNS: [Column; 6] = [
    Column {
        title: "服务项目",
        fraction: 0.17,
        value: |s| s.item.trim().to_owned(),
        field: "item",
    },
    Column {
        title: "服务内容",
        fraction: 0.25,
        value: |s| s.description.trim().to_owned(),
        field: "description",
    },
    Column {
        title: "服务对象",
        fraction: 0.17,
        value: |s| s.targets.trim().to_owned(),
        field: "targets",
    },
    Column {
        title: "方式",
        fraction: 0.09,
        value: |s| s.method.trim().to_owned(),
        field: "method",
    },
    Column {
        title: "频次",
        fraction: 0.12,
        value: |s| s.frequency.trim().to_owned(),
        field: "frequency",
    },
    Column {
        title: "收费标准",
        fraction: 0.13,
        value: fee_text,
        field: "fee",
    },
];
/// The fee cell: 免费, the 收费标准 as written, or a bare 收费 when it is not given (`check`
/// warns about that).
pub(super) fn fee_text(service: &Service) -> String {
    if service.free {
        "免费".to_owned()
    } else if service.fee.trim().is_empty() {
        "收费".to_owned()
    } else {
        service.fee.trim().to_owned()
    }
}

/// One table row: the service's index, the row height, and each cell's measured lines.
type TableRow = (usize, f32, Vec<(Measured, Vec<text::BrokenLine>)>);

const CATEGORY_FRACTION: f32 = 0.16;

/// Draws the table from service `start` at `shrink`, as far as it fits in `rect`.
pub(super) fn draw(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    start: usize,
    shrink: f32,
    items: &mut Vec<Item>,
) -> ListOutcome {
    let body = context.fit_style(&block.style, shrink);
    let head = context.fit_style(&heading_style(block), shrink);
    let size = body.max_size_pt;
    let pad_x = size * 0.45;
    let pad_y = size * 0.35;
    let scale = rect.width / (CATEGORY_FRACTION + COLUMNS.iter().map(|c| c.fraction).sum::<f32>());
    let category_width = CATEGORY_FRACTION * scale;
    let widths: Vec<f32> = COLUMNS
        .iter()
        .map(|column| column.fraction * scale)
        .collect();
    let line_color = context.color("line");
    let mut clean = true;

    // Header row.
    let header_height = block_height(1, head.max_size_pt, head.line_height) + 2.0 * pad_y;
    if header_height > rect.height {
        return ListOutcome {
            next: start,
            clean: false,
        };
    }
    items.push(Item::Rect {
        rect: Rect::new(rect.x, rect.y, rect.width, header_height),
        fill: Some(context.color("primary")),
        stroke: None,
        corner_radius_pt: 0.0,
    });
    let header_style = FitStyle {
        align: Align::Center,
        valign: VerticalAlign::Middle,
        max_lines: 1,
        ..head.clone()
    };
    let mut x = rect.x;
    for (title, width) in std::iter::once(("服务类别", category_width))
        .chain(COLUMNS.iter().map(|c| c.title).zip(widths.iter().copied()))
    {
        let cell = Rect::new(x, rect.y, width, header_height).inset_xy(pad_x * 0.5, pad_y * 0.5);
        let fitted = text::fit(
            context.fonts,
            title,
            cell,
            &FitStyle {
                min_size_pt: head.max_size_pt * 0.5,
                ..header_style.clone()
            },
        );
        items.extend(fitted.lines.into_iter().map(Item::Text));
        x += width;
    }
    let mut y = rect.y + header_height;

    // Body rows, grouped by category (a category's cell spans its rows).
    let services = &context.station.services;
    let mut index = start;
    let mut row_number = 0usize;
    while index < services.len() {
        let Some(first) = services.get(index) else {
            break;
        };
        let category = first.category.trim().to_owned();
        let mut group_rows: Vec<TableRow> = Vec::new();
        let mut group_height = 0.0;
        let mut next = index;
        while let Some(service) = services.get(next) {
            if service.category.trim() != category {
                break;
            }
            let mut row_height = 0.0f32;
            let mut cells = Vec::new();
            for (column, width) in COLUMNS.iter().zip(widths.iter()) {
                let value = (column.value)(service);
                let (measured, lines, height, forced) =
                    measure_cell(context, &value, width - 2.0 * pad_x, &body);
                if forced {
                    clean = false;
                }
                row_height = row_height.max(height);
                cells.push((measured, lines));
            }
            let row_height = row_height.max(block_height(1, size, body.line_height)) + 2.0 * pad_y;
            if y + group_height + row_height > rect.bottom() + 0.01 {
                break;
            }
            group_height += row_height;
            group_rows.push((next, row_height, cells));
            next += 1;
        }
        if group_rows.is_empty() {
            break;
        }
        // The category cell: its text must fit in the rows' height, else the rows grow.
        let category_label = if category.is_empty() {
            "其他".to_owned()
        } else {
            category.clone()
        };
        let category_style = FitStyle {
            align: Align::Center,
            valign: VerticalAlign::Middle,
            color: context.color("primary_dark"),
            ..head.clone()
        };
        let (category_measured, category_lines, category_height, _) = measure_cell(
            context,
            &category_label,
            category_width - 2.0 * pad_x,
            &category_style,
        );
        let needed = category_height + 2.0 * pad_y;
        if needed > group_height {
            if let Some(last) = group_rows.last_mut() {
                let extra = needed - group_height;
                if y + group_height + extra > rect.bottom() + 0.01 {
                    if group_rows.len() == 1 {
                        break;
                    }
                    group_rows.pop();
                } else {
                    last.1 += extra;
                }
            }
            group_height = group_rows.iter().map(|row| row.1).sum();
        }
        // Category cell.
        items.push(Item::Rect {
            rect: Rect::new(rect.x, y, category_width, group_height),
            fill: Some(context.color("surface")),
            stroke: Some((line_color, 0.6)),
            corner_radius_pt: 0.0,
        });
        let category_area =
            Rect::new(rect.x, y, category_width, group_height).inset_xy(pad_x, pad_y);
        let top = category_area.y + (category_area.height - category_height).max(0.0) / 2.0;
        items.extend(
            category_measured
                .place(
                    &category_lines,
                    size_of(&category_style),
                    category_style.line_height,
                    top + size_of(&category_style) * text::EM_BOX_ABOVE,
                    category_area,
                    Align::Center,
                    category_style.weight,
                    category_style.color,
                )
                .into_iter()
                .map(Item::Text),
        );
        // Rows.
        let mut row_y = y;
        for (service_index, row_height, cells) in group_rows.iter() {
            let fill = if row_number.is_multiple_of(2) {
                context.color("background")
            } else {
                context.color("surface")
            };
            items.push(Item::Rect {
                rect: Rect::new(
                    rect.x + category_width,
                    row_y,
                    rect.width - category_width,
                    *row_height,
                ),
                fill: Some(fill),
                stroke: None,
                corner_radius_pt: 0.0,
            });
            let mut cell_x = rect.x + category_width;
            for ((measured, lines), (width, column)) in
                cells.iter().zip(widths.iter().zip(COLUMNS.iter()))
            {
                let area = Rect::new(cell_x, row_y, *width, *row_height).inset_xy(pad_x, pad_y);
                let align = if column.fraction < 0.12 || column.field == "fee" {
                    Align::Center
                } else {
                    Align::Left
                };
                let used = block_height(lines.len(), size, body.line_height);
                let top = area.y + (area.height - used).max(0.0) / 2.0;
                items.extend(
                    measured
                        .place(
                            lines,
                            size,
                            body.line_height,
                            top + size * text::EM_BOX_ABOVE,
                            area,
                            align,
                            body.weight,
                            body.color,
                        )
                        .into_iter()
                        .map(Item::Text),
                );
                if !measured.missing.is_empty() {
                    let chars: String = measured.missing.iter().collect();
                    context.warn(
                        FieldPath::parse("services")
                            .index(*service_index)
                            .key(column.field),
                        format!(
                            "第 {} 项服务中的“{chars}”没有字体可以显示，不会印出",
                            service_index + 1
                        ),
                    );
                }
                items.push(Item::Line {
                    from: Point::new(cell_x, row_y),
                    to: Point::new(cell_x, row_y + row_height),
                    color: line_color,
                    width_pt: 0.6,
                });
                cell_x += width;
            }
            row_y += row_height;
            items.push(Item::Line {
                from: Point::new(rect.x + category_width, row_y),
                to: Point::new(rect.right(), row_y),
                color: line_color,
                width_pt: 0.6,
            });
            row_number += 1;
        }
        y += group_height;
        index = group_rows.last().map_or(index, |row| row.0 + 1);
    }
    // Frame.
    items.push(Item::Rect {
        rect: Rect::new(rect.x, rect.y, rect.width, y - rect.y),
        fill: None,
        stroke: Some((context.color("primary"), 1.2)),
        corner_radius_pt: 0.0,
    });
    if services.is_empty() {
        let style = FitStyle {
            align: Align::Center,
            ..body.clone()
        };
        context.text(
            items,
            "（尚未填写服务项目）",
            Rect::new(rect.x, y, rect.width, rect.height - (y - rect.y)),
            &style,
            "services",
        );
    }
    ListOutcome { next: index, clean }
}

fn size_of(style: &FitStyle) -> f32 {
    style.max_size_pt
}
