//! The content blocks: service table, staff cards, process chart, logos, contacts, QR codes.

use super::engine::{Context, PageRole};
use super::picture;
use super::text::{self, Align, FitStyle, Measured, VerticalAlign, block_height};
use crate::frame::*;
use crate::model::Service;
use crate::template::{Block, BlockKind, Style};

/// How far a list got on one page.
pub(super) struct ListOutcome {
    /// The first item not shown (equal to the list's length when all are shown).
    pub next: usize,
    /// Every item shown fitted without shrinking below its minimum.
    pub clean: bool,
}

/// Items in a list block.
pub(super) fn list_len(context: &Context, kind: BlockKind) -> usize {
    match kind {
        BlockKind::ServiceTable => context.station.services.len(),
        BlockKind::StaffCards => context.station.staff.len(),
        BlockKind::ProcessChart => context.station.process.len(),
        _ => 0,
    }
}

/// Lays out a list block from item `start` at `shrink`, as far as it fits in `rect`.
pub(super) fn list(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    start: usize,
    shrink: f32,
    items: &mut Vec<Item>,
) -> ListOutcome {
    match block.kind {
        BlockKind::ServiceTable => service_table(context, block, rect, start, shrink, items),
        BlockKind::StaffCards => staff_cards(context, block, rect, start, shrink, items),
        BlockKind::ProcessChart => process_chart(context, block, rect, start, shrink, items),
        _ => ListOutcome {
            next: start,
            clean: true,
        },
    }
}

/// Draws a block that is not a list.
pub(super) fn draw(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    role: PageRole,
    items: &mut Vec<Item>,
) {
    match block.kind {
        BlockKind::Logos => logos(context, rect, items),
        BlockKind::QrCodes => qr_codes(context, block, rect, items),
        BlockKind::ContactList => contact_list(context, block, rect, items),
        BlockKind::Partners => partners(context, block, rect, items),
        BlockKind::ServiceTable | BlockKind::StaffCards | BlockKind::ProcessChart => {
            let _ = list(context, block, rect, 0, 1.0, items);
        }
        BlockKind::Photo => {
            if let Some(index) = role.item
                && let Some(member) = context.station.staff.get(index)
            {
                let path = member.photo.clone();
                photo(
                    context,
                    &path,
                    &format!("staff[{index}].photo"),
                    rect,
                    300.0,
                    items,
                );
            }
        }
        BlockKind::Text | BlockKind::Footer => {}
    }
}

fn heading_style(block: &Block) -> Style {
    block.heading.clone().unwrap_or_else(|| Style {
        weight: crate::fonts::Weight::Bold,
        ..block.style.clone()
    })
}

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

// ---------------------------------------------------------------------------------------------
// Service table

struct Column {
    title: &'static str,
    fraction: f32,
    value: fn(&Service) -> String,
    field: &'static str,
}

const COLUMNS: [Column; 6] = [
    Column {
        title: "服务项目",
        fraction: 0.19,
        value: |s| s.item.trim().to_owned(),
        field: "item",
    },
    Column {
        title: "服务内容",
        fraction: 0.27,
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
        title: "收费",
        fraction: 0.09,
        value: |s| {
            if s.free {
                "免费".to_owned()
            } else {
                "收费".to_owned()
            }
        },
        field: "free",
    },
];
/// One table row: the service's index, the row height, and each cell's measured lines.
type TableRow = (usize, f32, Vec<(Measured, Vec<text::BrokenLine>)>);

const CATEGORY_FRACTION: f32 = 0.16;

fn service_table(
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
                let align = if column.fraction < 0.12 {
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
                        &format!("services[{service_index}].{}", column.field),
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

// ---------------------------------------------------------------------------------------------
// Staff cards

fn staff_cards(
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
        items.push(Item::Rect {
            rect: card,
            fill: Some(context.color("surface")),
            stroke: Some((context.color("line"), 0.8)),
            corner_radius_pt: context.unit * 0.008,
        });
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
        photo(
            context,
            &member.photo,
            &format!("staff[{index}].photo"),
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
    let duties = if member.duties.trim().is_empty() {
        String::new()
    } else {
        format!("职责：{}", member.duties.trim())
    };
    let parts: Vec<(String, bool, String)> = vec![
        (name, true, format!("staff[{index}].name")),
        (meta, false, format!("staff[{index}].post")),
        (phone, false, format!("staff[{index}].phone")),
        (duties, false, format!("staff[{index}].duties")),
    ];
    let min_factor = (body.min_size_pt / body.max_size_pt).min(1.0);
    let mut factor = 1.0f32;
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
            let fitted = text::fit(context.fonts, content, remaining, &fit_style);
            if fitted.overflow || fitted.forced {
                fits = false;
            }
            y += fitted.used_height + size * if *is_head { 0.55 } else { 0.4 };
            lines_out.extend(fitted.lines.iter().cloned().map(Item::Text));
            reports.push((fitted, field.clone()));
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

/// Draws a photo cover-cropped into `rect`, or a placeholder; warns about low resolution.
fn photo(
    context: &mut Context,
    path: &str,
    field: &str,
    rect: Rect,
    min_dpi: f32,
    items: &mut Vec<Item>,
) {
    let path = path.trim();
    if context.measuring {
        return;
    }
    let image = if path.is_empty() {
        None
    } else {
        context.assets.images.get(path)
    };
    match image {
        Some(Ok(image)) => {
            if let Some((picture, placed_dpi)) = picture::cover(image, rect, true, 300.0) {
                if placed_dpi < min_dpi {
                    context.warn(field, format!("照片“{path}”分辨率只有约 {} dpi（至少需要 {} dpi），印出来会模糊，请换一张更清晰的照片", placed_dpi.round(), min_dpi.round()));
                }
                items.push(Item::Image { rect, picture });
                return;
            }
        }
        Some(Err(reason)) => context.warn(field, format!("照片“{path}”无法使用：{reason}")),
        None if !path.is_empty() => context.warn(field, format!("照片“{path}”未找到")),
        None => {}
    }
    items.push(Item::Rect {
        rect,
        fill: Some(context.color("background")),
        stroke: Some((context.color("line"), 0.8)),
        corner_radius_pt: 0.0,
    });
    let style = FitStyle {
        weight: crate::fonts::Weight::Regular,
        max_size_pt: rect.width * 0.2,
        min_size_pt: rect.width * 0.05,
        line_height: 1.2,
        color: context.color("muted"),
        align: Align::Center,
        valign: VerticalAlign::Middle,
        max_lines: 1,
    };
    let fitted = text::fit(context.fonts, "照片", rect.inset(rect.width * 0.1), &style);
    items.extend(fitted.lines.into_iter().map(Item::Text));
}

// ---------------------------------------------------------------------------------------------
// Process chart

fn process_chart(
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
            clean: true,
        };
    }
    let min_box = head.max_size_pt * 2.0;
    let arrow = (head.max_size_pt * 0.9).max(context.unit * 0.02);
    let column_gap = context.unit * 0.05;
    let rows_one_column = ((rect.height + arrow) / (min_box + arrow)).floor().max(1.0) as usize;
    let columns = if remaining <= rows_one_column { 1 } else { 2 };
    let per_column_capacity = rows_one_column;
    let shown = remaining.min(per_column_capacity * columns);
    let rows = shown.div_ceil(columns);
    // Boxes grow with the room there is (up to a limit), arrows with the boxes.
    let spacious = rect.height / (rows as f32 + 0.5 * (rows as f32 - 1.0));
    let box_height = spacious.min(context.unit * 0.13).max(min_box);
    let arrow = if box_height > min_box {
        arrow
            .max(box_height * 0.5)
            .min((rect.height - rows as f32 * box_height) / (rows as f32 - 1.0).max(1.0))
    } else {
        arrow
    };
    let arrow = arrow.max(head.max_size_pt * 0.9);
    let used_height = rows as f32 * box_height + (rows as f32 - 1.0) * arrow;
    let top = rect.y + ((rect.height - used_height) / 2.0).max(0.0);
    let column_width = (rect.width - column_gap * (columns as f32 - 1.0)) / columns as f32;
    let box_width = column_width * if columns == 1 { 0.3 } else { 0.36 };
    let primary = context.color("primary");
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
        items.push(Item::Rect {
            rect: step_box,
            fill: Some(primary),
            stroke: None,
            corner_radius_pt: box_height * 0.18,
        });
        let label = format!("{}\u{00A0}{}", index + 1, step.step.trim());
        let label_style = FitStyle {
            min_size_pt: head.min_size_pt.min(head.max_size_pt),
            ..head.clone()
        };
        let fitted = text::fit(
            context.fonts,
            &label,
            step_box.inset_xy(box_height * 0.18, box_height * 0.12),
            &label_style,
        );
        if fitted.overflow {
            clean = false;
        }
        context.report(&fitted, &format!("process[{index}].step"));
        items.extend(fitted.lines.into_iter().map(Item::Text));
        // Details beside the box.
        let detail_area = Rect::new(
            step_box.right() + column_width * 0.04,
            step_box.y,
            column_width - box_width - column_width * 0.04,
            box_height,
        );
        if !step.detail.trim().is_empty() {
            items.push(Item::Rect {
                rect: detail_area,
                fill: Some(context.color("surface")),
                stroke: None,
                corner_radius_pt: box_height * 0.12,
            });
            let detail_area = detail_area.inset_xy(box_height * 0.2, box_height * 0.08);
            let detail_style = FitStyle {
                valign: VerticalAlign::Middle,
                ..body.clone()
            };
            let fitted = text::fit(
                context.fonts,
                step.detail.trim(),
                detail_area,
                &detail_style,
            );
            if fitted.overflow || fitted.size_pt < body.max_size_pt * 0.999 && shrink < 1.0 {
                clean = clean && !fitted.overflow;
            }
            context.report(&fitted, &format!("process[{index}].detail"));
            items.extend(fitted.lines.into_iter().map(Item::Text));
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
            let below = step_box.bottom() + arrow * 0.5;
            let above = top - arrow * 0.5;
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
        clean,
    }
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

// ---------------------------------------------------------------------------------------------
// Logos, contacts, QR codes, partners

fn logos(context: &mut Context, rect: Rect, items: &mut Vec<Item>) {
    let logos: Vec<(usize, String)> = context
        .station
        .station
        .logos
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.trim().to_owned()))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    if logos.is_empty() {
        return;
    }
    let gap = rect.height * 0.2;
    let slot_width = (rect.width - gap * (logos.len() as f32 - 1.0)) / logos.len() as f32;
    let mut x = rect.x;
    for (index, path) in logos {
        let field = format!("station.logos[{index}]");
        let slot = Rect::new(x, rect.y, slot_width.min(rect.height * 1.6), rect.height);
        match context.assets.images.get(&path) {
            Some(Ok(image)) => {
                if let Some((picture, placed)) = picture::contain(image, slot, 300.0) {
                    items.push(Item::Image {
                        rect: placed,
                        picture,
                    });
                    x += placed.width + gap;
                    continue;
                }
            }
            Some(Err(reason)) => context.warn(&field, format!("标志“{path}”无法使用：{reason}")),
            None => context.warn(&field, format!("标志“{path}”未找到")),
        }
        x += slot.width + gap;
    }
}

fn contact_list(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
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
    let areas = |position: usize| {
        let row = Rect::new(rect.x, rect.y + position as f32 * slot, rect.width, slot);
        (
            Rect::new(row.x, row.y, row.width * 0.26, row.height * 0.9),
            Rect::new(
                row.x + row.width * 0.28,
                row.y,
                row.width * 0.72,
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
            text::fit(
                context.fonts,
                &format!("{label}："),
                label_area,
                &label_style,
            )
            .size_pt,
        );
        value_size =
            value_size.min(text::fit(context.fonts, value, value_area, &value_style).size_pt);
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
        context.text(
            items,
            &format!("{label}："),
            label_area,
            &label_style,
            field,
        );
        context.text(items, value, value_area, &value_style, field);
    }
}

fn qr_codes(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
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
        let field = format!("contacts.qr_codes[{index}].content");
        match qrcode::QrCode::with_error_correction_level(content.as_bytes(), qrcode::EcLevel::M) {
            Ok(code) => {
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
            Err(_) => context.warn(
                &field,
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
            context.text(
                items,
                &label,
                area,
                &style,
                &format!("contacts.qr_codes[{index}].label"),
            );
        }
        x += side + gap;
    }
}

fn partners(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
    let lines: Vec<String> = context
        .station
        .partners
        .iter()
        .filter(|partner| !partner.name.trim().is_empty())
        .map(|partner| {
            if partner.kind.trim().is_empty() {
                partner.name.trim().to_owned()
            } else {
                format!("{}：{}", partner.kind.trim(), partner.name.trim())
            }
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    let style = context.fit_style(&block.style, 0.0);
    context.text(items, &lines.join("\n"), rect, &style, "partners");
}
