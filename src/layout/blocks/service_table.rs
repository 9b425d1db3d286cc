//! The service table: services grouped by category (a category's cell spans its rows), with
//! columns for item, content, targets, method, frequency and fee; continues on further pages.

use std::rc::Rc;

use super::{ListOutcome, heading_style};
use crate::frame::{Item, Point, Rect};
use crate::layout::context::{CellKey, CellLines, Context, TableColumns};
use crate::layout::text::{self, Align, FitStyle, Measured, VerticalAlign, block_height};
use crate::model::{FieldPath, Service};
use crate::template::ThemeColor;
use crate::template::{Block, Look};

/// Lines of cell (`row`, `column`) holding `content`, at exactly `style.max_size_pt` in
/// `width`, measured and broken once per sign (a long cell continued over many pages is not
/// broken again on each). `continued`: the content is the continued form (with （续）).
fn cell_lines(
    context: &Context,
    (row, column, continued): (usize, usize, bool),
    content: impl FnOnce() -> String,
    width: f32,
    style: &FitStyle,
) -> Rc<CellLines> {
    let key: CellKey = (
        row,
        column,
        width.to_bits(),
        style.max_size_pt.to_bits(),
        style.weight,
        style.align == Align::Center,
        continued,
    );
    if let Some(found) = context.cell_lines.borrow().get(&key) {
        return Rc::clone(found);
    }
    let (measured, lines, _, forced) = measure_cell(context, &content(), width, style);
    let found = Rc::new(CellLines {
        measured,
        lines,
        forced,
    });
    context
        .cell_lines
        .borrow_mut()
        .insert(key, Rc::clone(&found));
    found
}

/// Lines of `content` at exactly `style.max_size_pt` in `width`, as (measured, lines, height).
fn measure_cell(
    context: &Context,
    content: &str,
    width: f32,
    style: &FitStyle,
) -> (Rc<Measured>, Vec<text::BrokenLine>, f32, bool) {
    let content = keep_short_together(content);
    let measured = context.measure(&content, style.weight);
    let width_em = (width / style.max_size_pt).max(0.01);
    let broken = if style.align == Align::Center {
        measured.break_balanced(width_em)
    } else {
        measured.break_lines(width_em)
    };
    let height = block_height(broken.lines.len(), style.max_size_pt, style.line_height);
    (measured, broken.lines, height, broken.forced)
}

/// A cell of up to four characters (入户, 免费, 每两周) is never broken between its characters,
/// nor is a run of up to four between punctuation (入户/电话, 独居、空巢).
fn keep_short_together(content: &str) -> String {
    let mut joined = String::with_capacity(content.len() * 2);
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, joined: &mut String| {
        let short = run.len() <= 4;
        for (position, ch) in run.iter().enumerate() {
            if short && position > 0 {
                joined.push('\u{2060}');
            }
            joined.push(*ch);
        }
        run.clear();
    };
    for ch in content.chars() {
        if ch.is_alphanumeric() {
            run.push(ch);
        } else {
            flush(&mut run, &mut joined);
            joined.push(ch);
        }
    }
    flush(&mut run, &mut joined);
    joined
}

/// The services in the order the table shows them: grouped by category, categories in order of
/// first appearance, items in file order within their category.
pub(super) fn display_order(services: &[Service]) -> Vec<usize> {
    let mut categories: Vec<&str> = Vec::new();
    for service in services {
        let category = service.category.trim();
        if !categories.contains(&category) {
            categories.push(category);
        }
    }
    categories
        .iter()
        .flat_map(|category| {
            services
                .iter()
                .enumerate()
                .filter(move |(_, service)| service.category.trim() == *category)
                .map(|(index, _)| index)
        })
        .collect()
}

/// The sums of the columns' narrowest and natural widths (padding included).
fn width_sums(
    context: &Context,
    services: &[Service],
    body: &FitStyle,
    head: &FitStyle,
    pad_x: f32,
) -> (f32, f32) {
    let columns = column_ranges(context, services, body, head, pad_x);
    let ranges = &columns.ranges;
    (
        ranges.iter().map(|range| range.0).sum(),
        ranges.iter().map(|range| range.1).sum(),
    )
}

/// Column widths as an automatic table layout makes them: each column between its narrowest
/// width (its longest unbreakable run, a short cell whole) and its natural width (its longest
/// cell on one line); what is left over goes to the columns that can use it. The first width
/// is the category column's.
fn column_widths(
    context: &Context,
    services: &[Service],
    body: &FitStyle,
    head: &FitStyle,
    total_width: f32,
    pad_x: f32,
) -> Vec<f32> {
    let columns = column_ranges(context, services, body, head, pad_x);
    let ranges = &columns.ranges;
    let narrow_sum: f32 = ranges.iter().map(|range| range.0).sum();
    let natural_sum: f32 = ranges.iter().map(|range| range.1).sum();
    if natural_sum <= total_width {
        // Everything fits on one line: share the rest in proportion to the natural widths.
        let scale = total_width / natural_sum.max(0.01);
        return ranges.iter().map(|range| range.1 * scale).collect();
    }
    if narrow_sum <= total_width {
        let room = total_width - narrow_sum;
        let wants = (natural_sum - narrow_sum).max(0.01);
        return ranges
            .iter()
            .map(|(narrow, natural)| narrow + room * (natural - narrow) / wants)
            .collect();
    }
    // Not even the narrowest widths fit: shrink them all alike.
    let scale = total_width / narrow_sum.max(0.01);
    ranges.iter().map(|range| range.0 * scale).collect()
}

/// Each column's (narrowest, natural) width, padding included; the category column first.
/// Measured once per sign and sizes (every page of a long table asks again).
fn column_ranges(
    context: &Context,
    services: &[Service],
    body: &FitStyle,
    head: &FitStyle,
    pad_x: f32,
) -> Rc<TableColumns> {
    let key = (
        body.max_size_pt.to_bits(),
        head.max_size_pt.to_bits(),
        pad_x.to_bits(),
        body.weight,
        head.weight,
    );
    if let Some(found) = context.column_ranges.borrow().get(&key) {
        return Rc::clone(found);
    }
    // A column of short values only (方式, 频次, 收费) is centred, the others left-aligned.
    let short = COLUMNS
        .iter()
        .map(|column| {
            services.iter().all(|service| {
                context
                    .measure(&(column.value)(service), body.weight)
                    .single_line_em()
                    <= 4.5
            })
        })
        .collect();
    let found = Rc::new(TableColumns {
        ranges: measure_column_ranges(context, services, body, head, pad_x),
        short,
    });
    context
        .column_ranges
        .borrow_mut()
        .insert(key, Rc::clone(&found));
    found
}

fn measure_column_ranges(
    context: &Context,
    services: &[Service],
    body: &FitStyle,
    head: &FitStyle,
    pad_x: f32,
) -> Vec<(f32, f32)> {
    let measure = |content: &str, style: &FitStyle| -> (f32, f32) {
        let measured = context.measure(&keep_short_together(content), style.weight);
        (
            measured.longest_word_em() * style.max_size_pt,
            measured.single_line_em() * style.max_size_pt,
        )
    };
    // A column title never makes its column wider than its cells need: it may be set down to
    // [`HEADER_MIN_SHARE`] of the heading size (as the header row does), so its narrowest width
    // is that much smaller; its natural width is the full size.
    let title = |content: &str| {
        let (narrow, natural) = measure(content, head);
        (narrow * HEADER_MIN_SHARE, natural)
    };
    let mut ranges: Vec<(f32, f32)> = Vec::with_capacity(COLUMNS.len() + 1);
    // The category column (heading style), and its title.
    let mut category = title("服务类别");
    for service in services {
        let label = service.category.trim();
        let (narrow, natural) = measure(if label.is_empty() { "其他" } else { label }, head);
        category = (category.0.max(narrow), category.1.max(natural));
    }
    ranges.push(category);
    for column in &COLUMNS {
        let mut range = title(column.title);
        let mut cells_natural: f32 = 0.0;
        for service in services {
            let (narrow, natural) = measure(&(column.value)(service), body);
            range = (range.0.max(narrow), range.1.max(natural));
            cells_natural = cells_natural.max(natural);
        }
        // No column is squeezed below [`MIN_COLUMN_EM`] characters (困难群众探访 on six lines)
        // unless its cells are all shorter.
        range.0 = range
            .0
            .max(cells_natural.min(MIN_COLUMN_EM * body.max_size_pt));
        ranges.push(range);
    }
    ranges
        .into_iter()
        .map(|(narrow, natural)| (narrow + 2.0 * pad_x, natural.max(narrow) + 2.0 * pad_x))
        .collect()
}

struct Column {
    title: &'static str,
    value: fn(&Service) -> String,
    field: &'static str,
}

const COLUMNS: [Column; 6] = [
    Column {
        title: "服务项目",
        value: |s| s.item.trim().to_owned(),
        field: "item",
    },
    Column {
        title: "服务内容",
        value: |s| s.description.trim().to_owned(),
        field: "description",
    },
    Column {
        title: "服务对象",
        value: |s| s.targets.trim().to_owned(),
        field: "targets",
    },
    Column {
        title: "方式",
        value: |s| s.method.trim().to_owned(),
        field: "method",
    },
    Column {
        title: "频次",
        value: |s| s.frequency.trim().to_owned(),
        field: "frequency",
    },
    Column {
        title: "收费标准",
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

/// The narrowest a column with longer cells is made, in characters.
const MIN_COLUMN_EM: f32 = 4.0;

/// A column of running text should hold at least this many characters a line.
const MIN_RUNNING_EM: f32 = 10.0;

/// Each step down in size when running text is squeezed, and the most steps.
const NARROWING_STEP: f32 = 0.92;
const MAX_NARROWING_STEPS: usize = 12;

/// Whether a column of running text (one whose longest cell is longer than
/// [`MIN_RUNNING_EM`]) gets fewer than [`MIN_RUNNING_EM`] characters a line at `body`'s size.
fn squeezed(
    context: &Context,
    services: &[Service],
    body: &FitStyle,
    head: &FitStyle,
    total_width: f32,
) -> bool {
    let size = body.max_size_pt;
    let pad_x = size * 0.45;
    let widths = column_widths(context, services, body, head, total_width, pad_x);
    let columns = column_ranges(context, services, body, head, pad_x);
    let running = MIN_RUNNING_EM * size + 2.0 * pad_x;
    widths
        .iter()
        .zip(columns.ranges.iter())
        .any(|(width, (_, natural))| *natural > running && *width < running)
}

/// The smallest a column title is set, as a share of the heading size (a title in a narrow
/// column is set smaller; it never widens its column).
const HEADER_MIN_SHARE: f32 = 0.5;

/// A continued row repeats its service's name whole when it takes at most this many lines.
const NAME_REPEAT_LINES: usize = 4;

/// One cell of a row on this page: its text measured, and the lines shown here.
struct Cell {
    measured: Rc<Measured>,
    lines: Vec<text::BrokenLine>,
}

/// One row on this page: its position in the display order, the service's index in the file,
/// its height and its cells (one per column of [`COLUMNS`]).
struct Row {
    position: usize,
    service: usize,
    height: f32,
    cells: Vec<Cell>,
}

/// The sizes of the table on one page, decided before any row is placed: the text styles (set
/// smaller when the columns do not fit), paddings, column widths and the header's height.
struct Measure {
    body: FitStyle,
    head: FitStyle,
    /// The body text size.
    size_pt: f32,
    pad_x: f32,
    pad_y: f32,
    /// The category column's width.
    category_width: f32,
    /// The other columns' widths, in the order of [`COLUMNS`].
    widths: Vec<f32>,
    /// Whether each column of [`COLUMNS`] is centred (short values only).
    centred: Vec<bool>,
    header_height: f32,
    /// The height of a one-line cell's text.
    first_line_pt: f32,
    /// The most lines a row can show on this page.
    page_lines: usize,
}

/// One category's rows on this page, with its spanning category cell.
struct Group {
    /// The top of its first row.
    top: f32,
    /// Its rows' heights together.
    height: f32,
    rows: Vec<Row>,
    category_style: FitStyle,
    category_measured: Rc<Measured>,
    category_lines: Vec<text::BrokenLine>,
    category_height: f32,
}

/// The rows that fit on this page, grouped by category.
struct Slices {
    groups: Vec<Group>,
    /// The bottom of the last row.
    bottom: f32,
    /// The first position not shown.
    next: usize,
    /// Where a split row continues: (position, lines shown).
    split: Option<(usize, usize)>,
    /// No cell had a word split by force.
    clean: bool,
}

/// Draws the table from service `start` (in display order; `part` lines of it shown already) at
/// `shrink`, as far as it fits in `rect`. A service taller than the page is split: its lines
/// continue on the next page, its name repeated with （续）.
pub(super) fn draw(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    (start, part): (usize, usize),
    shrink: f32,
    items: &mut Vec<Item>,
) -> ListOutcome {
    let measure = measure(context, block, rect, shrink);
    if measure.header_height > rect.height {
        return ListOutcome {
            next: start,
            part,
            clean: false,
        };
    }
    let slices = slice_rows(context, &measure, rect, (start, part));
    paint(context, block, &measure, &slices, rect, items);
    match slices.split {
        Some((next, part)) => ListOutcome {
            next,
            part,
            clean: false,
        },
        None => ListOutcome {
            next: slices.next,
            part: 0,
            clean: slices.clean,
        },
    }
}

/// Measures the table for `rect` at `shrink`: sets it smaller when not even every column's
/// narrowest width fits, or when running text would be squeezed, then decides the columns.
fn measure(context: &mut Context, block: &Block, rect: Rect, shrink: f32) -> Measure {
    let mut body = context.fit_style(&block.style, shrink);
    let mut head = context.fit_style(&heading_style(block), shrink);
    let services = &context.station.services;
    // When not even every column's narrowest width fits (a wide table on a narrow page), the
    // whole table is set smaller rather than break 入户 or 每两周 between their characters.
    let (narrow_sum, _) = width_sums(context, services, &body, &head, body.max_size_pt * 0.45);
    if narrow_sum > rect.width && narrow_sum > 0.0 {
        let scale = rect.width / narrow_sum * 0.999;
        let designed_min_pt = body.min_size_pt;
        for style in [&mut body, &mut head] {
            style.max_size_pt *= scale;
            style.min_size_pt = style.min_size_pt.min(style.max_size_pt);
        }
        // Only a table set below the design's smallest size is worth a warning.
        if !context.measuring && body.max_size_pt < designed_min_pt * 0.999 {
            context.warn(
                "services",
                "服务清单的列太多太宽，表格字号已小于设计的最小字号；可换用更大的纸张".to_owned(),
            );
        }
    }
    let services = &context.station.services;
    // Running text (服务内容) squeezed to a few characters a line reads badly while the short
    // columns keep their room: the table is set smaller, within the design's range, until every
    // column of running text holds [`MIN_RUNNING_EM`] characters a line.
    for _ in 0..MAX_NARROWING_STEPS {
        let next_pt = body.max_size_pt * NARROWING_STEP;
        if next_pt < body.min_size_pt || !squeezed(context, services, &body, &head, rect.width) {
            break;
        }
        for style in [&mut body, &mut head] {
            style.max_size_pt *= NARROWING_STEP;
        }
    }
    let size_pt = body.max_size_pt;
    let pad_x = size_pt * 0.45;
    let pad_y = size_pt * 0.35;
    let all_widths = column_widths(context, services, &body, &head, rect.width, pad_x);
    let category_width = all_widths.first().copied().unwrap_or(0.0);
    let widths: Vec<f32> = all_widths.iter().skip(1).copied().collect();
    // A column of short values only (方式, 频次, 收费) is centred, the others left-aligned.
    let centred = column_ranges(context, services, &body, &head, pad_x)
        .short
        .clone();
    let header_height = block_height(1, head.max_size_pt, head.line_height) + 2.0 * pad_y;
    let first_line_pt = size_pt * (text::EM_BOX_ABOVE + text::EM_BOX_BELOW);
    let body_room = rect.bottom() - (rect.y + header_height) - 2.0 * pad_y;
    let page_lines = if body_room >= first_line_pt {
        ((body_room - first_line_pt) / (size_pt * body.line_height)).floor() as usize + 1
    } else {
        1
    };
    Measure {
        body,
        head,
        size_pt,
        pad_x,
        pad_y,
        category_width,
        widths,
        centred,
        header_height,
        first_line_pt,
        page_lines,
    }
}

/// The cells of the service at `service_index` on this page, `first_part` of its lines shown
/// already (a continued row shows the lines not shown yet; its name is shown whole again,
/// marked （续）, when it is short). Each cell holds at most one page's lines and a line more.
/// Sets `clean` to false when a word had to be split by force.
fn row_cells(
    context: &Context,
    measure: &Measure,
    (service_index, service): (usize, &Service),
    first_part: usize,
    clean: &mut bool,
) -> Vec<Cell> {
    let body = &measure.body;
    let mut cells = Vec::with_capacity(COLUMNS.len());
    for (column_index, (column, width)) in COLUMNS.iter().zip(measure.widths.iter()).enumerate() {
        let inner = width - 2.0 * measure.pad_x;
        let whole = cell_lines(
            context,
            (service_index, column_index, false),
            || (column.value)(service),
            inner,
            body,
        );
        // A long name continues like the other cells (shown whole again on every page it would
        // never end).
        let (found, skip) = if column.field == "item" && first_part > 0 {
            let repeated = cell_lines(
                context,
                (service_index, column_index, true),
                || format!("{}（续）", (column.value)(service)),
                inner,
                body,
            );
            if repeated.lines.len() <= NAME_REPEAT_LINES.min(measure.page_lines / 2) {
                (repeated, 0)
            } else {
                (whole, first_part)
            }
        } else {
            (whole, first_part)
        };
        if found.forced {
            *clean = false;
        }
        // Only what one page can show is taken: a longer cell is split anyway.
        let lines: Vec<text::BrokenLine> = found
            .lines
            .iter()
            .skip(skip)
            .take(measure.page_lines + 1)
            .cloned()
            .collect();
        cells.push(Cell {
            measured: Rc::clone(&found.measured),
            lines,
        });
    }
    cells
}

/// The rows from position `start` (`part` lines of it shown already) that fit below the header
/// in `rect`, grouped by category. A row taller than a whole page is split; a category cell
/// taller than its rows makes the last row taller (or moves it to the next page).
fn slice_rows(
    context: &Context,
    measure: &Measure,
    rect: Rect,
    (start, part): (usize, usize),
) -> Slices {
    let services = &context.station.services;
    let order = display_order(services);
    let size = measure.size_pt;
    let body = &measure.body;
    let pad_y = measure.pad_y;
    let mut clean = true;
    let mut groups = Vec::new();
    let mut y = rect.y + measure.header_height;
    // Body rows, grouped by category (a category's cell spans its rows). `index` counts
    // positions in the display order.
    let mut index = start;
    let mut split: Option<(usize, usize)> = None;
    while index < order.len() {
        let Some(first) = order.get(index).and_then(|&at| services.get(at)) else {
            break;
        };
        let category = first.category.trim().to_owned();
        let mut group_rows: Vec<Row> = Vec::new();
        let mut group_height = 0.0;
        let mut next = index;
        while let Some((service_index, service)) = order
            .get(next)
            .and_then(|&at| services.get(at).map(|service| (at, service)))
        {
            if service.category.trim() != category {
                break;
            }
            let first_part = if next == start { part } else { 0 };
            let mut cells = row_cells(
                context,
                measure,
                (service_index, service),
                first_part,
                &mut clean,
            );
            let most_lines = cells
                .iter()
                .map(|cell| cell.lines.len())
                .max()
                .unwrap_or(1)
                .max(1);
            let row_height = block_height(most_lines, size, body.line_height) + 2.0 * pad_y;
            if y + group_height + row_height > rect.bottom() + 0.01 {
                // A row taller than all the room a page has is split: the lines that fit here,
                // the rest on the next page.
                let alone = group_rows.is_empty()
                    && next == start
                    && (y - (rect.y + measure.header_height)).abs() < 0.01;
                let room = rect.bottom() - y - 2.0 * pad_y;
                if alone && room >= measure.first_line_pt {
                    let fitting = ((room - measure.first_line_pt) / (size * body.line_height))
                        .floor() as usize
                        + 1;
                    for cell in &mut cells {
                        cell.lines.truncate(fitting);
                    }
                    let row_height = block_height(fitting, size, body.line_height) + 2.0 * pad_y;
                    group_height += row_height;
                    group_rows.push(Row {
                        position: next,
                        service: service_index,
                        height: row_height,
                        cells,
                    });
                    split = Some((next, first_part + fitting));
                }
                break;
            }
            group_height += row_height;
            group_rows.push(Row {
                position: next,
                service: service_index,
                height: row_height,
                cells,
            });
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
            color: context.color(ThemeColor::PrimaryDark),
            ..measure.head.clone()
        };
        let category_cell = cell_lines(
            context,
            (order.get(index).copied().unwrap_or(0), usize::MAX, false),
            || category_label.clone(),
            measure.category_width - 2.0 * measure.pad_x,
            &category_style,
        );
        let category_height = block_height(
            category_cell.lines.len(),
            category_style.max_size_pt,
            category_style.line_height,
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
                    last.height += extra;
                }
            }
            group_height = group_rows.iter().map(|row| row.height).sum();
        }
        let next_index = group_rows.last().map_or(index, |row| row.position + 1);
        groups.push(Group {
            top: y,
            height: group_height,
            rows: group_rows,
            category_measured: Rc::clone(&category_cell.measured),
            category_lines: category_cell.lines.clone(),
            category_height,
            category_style,
        });
        y += group_height;
        index = next_index;
        if split.is_some() {
            break;
        }
    }
    Slices {
        groups,
        bottom: y,
        next: index,
        split,
        clean,
    }
}

/// Paints the header, the sliced rows and the frame (the simple design: rules only), and the
/// note of an empty list; warns about characters no font has.
fn paint(
    context: &mut Context,
    block: &Block,
    measure: &Measure,
    slices: &Slices,
    rect: Rect,
    items: &mut Vec<Item>,
) {
    // Ruled (the simple design): no fills, a rule under the head and between rows.
    let ruled = block.look == Look::Ruled;
    paint_header(context, measure, rect, ruled, items);
    let mut row_number = 0usize;
    for group in &slices.groups {
        paint_group(context, measure, group, rect, ruled, &mut row_number, items);
    }
    let y = slices.bottom;
    // Frame (ruled: a closing rule under the last row).
    if ruled {
        if y > rect.y + measure.header_height + 0.01 {
            items.push(Item::Line {
                from: Point::new(rect.x, y),
                to: Point::new(rect.right(), y),
                color: context.color(ThemeColor::Primary),
                width_pt: STRONG_RULE_PT,
            });
        }
    } else {
        items.push(Item::Rect {
            rect: Rect::new(rect.x, rect.y, rect.width, y - rect.y),
            fill: None,
            stroke: Some((context.color(ThemeColor::Primary), 1.2)),
            corner_radius_pt: 0.0,
        });
    }
    if context.station.services.is_empty() {
        let style = FitStyle {
            align: Align::Center,
            ..measure.body.clone()
        };
        // Below the head, clear of its rule.
        context.text(
            items,
            "（尚未填写服务项目）",
            Rect::new(
                rect.x,
                y + measure.pad_y,
                rect.width,
                (rect.height - (y - rect.y) - measure.pad_y).max(0.0),
            ),
            &style,
            "services",
        );
    }
}

/// The width of the rules between rows and cells, and of the rules under the head and the last
/// row in the simple design.
const RULE_PT: f32 = 0.6;
const STRONG_RULE_PT: f32 = 1.4;

/// Paints the header row: a filled band (ruled: a strong rule under it) with the column titles.
fn paint_header(
    context: &Context,
    measure: &Measure,
    rect: Rect,
    ruled: bool,
    items: &mut Vec<Item>,
) {
    let header_height = measure.header_height;
    if ruled {
        items.push(Item::Line {
            from: Point::new(rect.x, rect.y + header_height),
            to: Point::new(rect.right(), rect.y + header_height),
            color: context.color(ThemeColor::Primary),
            width_pt: STRONG_RULE_PT,
        });
    } else {
        items.push(Item::Rect {
            rect: Rect::new(rect.x, rect.y, rect.width, header_height),
            fill: Some(context.color(ThemeColor::Primary)),
            stroke: None,
            corner_radius_pt: 0.0,
        });
    }
    let header_style = FitStyle {
        align: Align::Center,
        valign: VerticalAlign::Middle,
        max_lines: 1,
        ..measure.head.clone()
    };
    let mut x = rect.x;
    for (title, width) in std::iter::once(("服务类别", measure.category_width)).chain(
        COLUMNS
            .iter()
            .map(|c| c.title)
            .zip(measure.widths.iter().copied()),
    ) {
        let cell = Rect::new(x, rect.y, width, header_height)
            .inset_xy(measure.pad_x * 0.5, measure.pad_y * 0.5);
        let fitted = context.fit(
            title,
            cell,
            &FitStyle {
                min_size_pt: measure.head.max_size_pt * HEADER_MIN_SHARE,
                ..header_style.clone()
            },
        );
        items.extend(fitted.lines.into_iter().map(Item::Text));
        x += width;
    }
}

/// Paints one category's spanning cell and its rows; `row_number` counts the rows painted on
/// this page (alternate rows are tinted).
fn paint_group(
    context: &mut Context,
    measure: &Measure,
    group: &Group,
    rect: Rect,
    ruled: bool,
    row_number: &mut usize,
    items: &mut Vec<Item>,
) {
    let line_color = context.color(ThemeColor::Line);
    let (y, group_height) = (group.top, group.height);
    let category_width = measure.category_width;
    let category_style = &group.category_style;
    // Category cell.
    if !ruled {
        items.push(Item::Rect {
            rect: Rect::new(rect.x, y, category_width, group_height),
            fill: Some(context.color(ThemeColor::Surface)),
            stroke: Some((line_color, RULE_PT)),
            corner_radius_pt: 0.0,
        });
    }
    let category_area =
        Rect::new(rect.x, y, category_width, group_height).inset_xy(measure.pad_x, measure.pad_y);
    let top = category_area.y + (category_area.height - group.category_height).max(0.0) / 2.0;
    items.extend(
        group
            .category_measured
            .place(
                &group.category_lines,
                size_of(category_style),
                category_style.line_height,
                top + size_of(category_style) * text::EM_BOX_ABOVE,
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
    for row in &group.rows {
        let fill = if row_number.is_multiple_of(2) {
            context.color(ThemeColor::Background)
        } else {
            context.color(ThemeColor::Surface)
        };
        if !ruled {
            items.push(Item::Rect {
                rect: Rect::new(
                    rect.x + category_width,
                    row_y,
                    rect.width - category_width,
                    row.height,
                ),
                fill: Some(fill),
                stroke: None,
                corner_radius_pt: 0.0,
            });
        }
        paint_cells(
            context,
            measure,
            row,
            row_y,
            rect.x + category_width,
            ruled,
            items,
        );
        row_y += row.height;
        // Ruled: the last row of a category is ruled across the category column too.
        let group_end = (row_y - (y + group_height)).abs() < 0.01;
        let from_x = if ruled && group_end {
            rect.x
        } else {
            rect.x + category_width
        };
        items.push(Item::Line {
            from: Point::new(from_x, row_y),
            to: Point::new(rect.right(), row_y),
            color: line_color,
            width_pt: RULE_PT,
        });
        *row_number += 1;
    }
}

/// Paints a row's cells from `left`, each with its text centred vertically (and the rule at its
/// left when the table is not ruled).
fn paint_cells(
    context: &mut Context,
    measure: &Measure,
    row: &Row,
    row_y: f32,
    left: f32,
    ruled: bool,
    items: &mut Vec<Item>,
) {
    let line_color = context.color(ThemeColor::Line);
    let (size, body) = (measure.size_pt, &measure.body);
    let mut cell_x = left;
    for (column_index, (cell, (width, column))) in row
        .cells
        .iter()
        .zip(measure.widths.iter().zip(COLUMNS.iter()))
        .enumerate()
    {
        let area =
            Rect::new(cell_x, row_y, *width, row.height).inset_xy(measure.pad_x, measure.pad_y);
        let align = if measure.centred.get(column_index).copied().unwrap_or(false) {
            Align::Center
        } else {
            Align::Left
        };
        let used = block_height(cell.lines.len(), size, body.line_height);
        let top = area.y + (area.height - used).max(0.0) / 2.0;
        items.extend(
            cell.measured
                .place(
                    &cell.lines,
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
        if !cell.measured.missing.is_empty() {
            let chars = crate::model::name_chars(&cell.measured.missing);
            context.warn(
                FieldPath::parse("services")
                    .index(row.service)
                    .key(column.field),
                format!(
                    "第 {} 项服务中的字 {chars} 没有字体可以显示，不会印出",
                    row.service + 1
                ),
            );
        }
        if !ruled {
            items.push(Item::Line {
                from: Point::new(cell_x, row_y),
                to: Point::new(cell_x, row_y + row.height),
                color: line_color,
                width_pt: RULE_PT,
            });
        }
        cell_x += width;
    }
}

fn size_of(style: &FitStyle) -> f32 {
    style.max_size_pt
}
