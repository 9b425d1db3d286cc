//! The service table: services grouped by category (a category's cell spans its rows), with
//! columns for item, content, targets, method, frequency and fee; continues on further pages.
//!
//! Drawn in three steps: [`measure`] decides the sizes and column widths for the page,
//! [`slice_rows`] takes the rows (or the part of a long row) that fit, [`paint`] draws them.
//! On a station with `languages` every cell, column title and category stacks its text in each
//! of the station's scripts ([`scripts::parts`], in `languages.shown_order()`), the ethnic text
//! at `ratio()` times the Chinese size; Arabic-script text reads from the right of its cell.

use std::rc::Rc;

use super::{ListOutcome, heading_style};
use crate::frame::{Item, Point, Rect};
use crate::layout::context::{CellKey, CellLines, Context, TableColumns};
use crate::layout::scripts::{self, Part};
use crate::layout::text::{self, Align, FitStyle, Measured, VerticalAlign, block_height};
use crate::model::{FieldPath, Language, Service};
use crate::template::ThemeColor;
use crate::template::{Block, Look};

/// Lines of cell (`row`, `column`) holding `content` in `language` (`None`: Chinese), at
/// exactly `style.max_size_pt` in `width`, measured and broken once per sign (a long cell
/// continued over many pages is not broken again on each). `continued`: the content is the
/// continued form (with （续）).
fn cell_lines(
    context: &Context,
    (row, column, continued, language): (usize, usize, bool, Option<Language>),
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
        language,
    );
    if let Some(found) = context.cell_lines.borrow().get(&key) {
        return Rc::clone(found);
    }
    let (measured, lines, _, forced) = measure_cell(context, &content(), language, width, style);
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
    language: Option<Language>,
    width: f32,
    style: &FitStyle,
) -> (Rc<Measured>, Vec<text::BrokenLine>, f32, bool) {
    let content = joined(content, language);
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

/// Chinese text with its short runs kept together ([`keep_short_together`]); text in another
/// script as it is (its words never break inside, and a joiner between its letters could
/// break a Tibetan stack or an Arabic joining).
fn joined(content: &str, language: Option<Language>) -> String {
    match language {
        None => keep_short_together(content),
        Some(_) => content.to_owned(),
    }
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
        ranges: measure_column_ranges(context, services, body, head, pad_x, false),
        chinese: measure_column_ranges(context, services, body, head, pad_x, true),
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
    chinese_only: bool,
) -> Vec<(f32, f32)> {
    let ratio = scripts::ratio(context);
    // Each script's text at its own size (the ethnic scripts at the station's ratio).
    let measure = |parts: &[Part], style: &FitStyle| -> (f32, f32) {
        parts
            .iter()
            .filter(|part| !chinese_only || part.language.is_none())
            .fold((0.0f32, 0.0f32), |(narrow, natural), part| {
                let measured = context.measure(&joined(&part.text, part.language), style.weight);
                let size = part_size(style.max_size_pt, part.language, ratio);
                (
                    narrow.max(measured.longest_word_em() * size),
                    natural.max(measured.single_line_em() * size),
                )
            })
    };
    // A column title never makes its column wider than its cells need: it may be set down to
    // [`HEADER_MIN_SHARE`] of the heading size (as the header row does), so its narrowest width
    // is that much smaller; its natural width is the full size.
    let title = |parts: &[Part]| {
        let (narrow, natural) = measure(parts, head);
        (narrow * HEADER_MIN_SHARE, natural)
    };
    let titles = column_titles(context);
    let mut ranges: Vec<(f32, f32)> = Vec::with_capacity(COLUMNS.len() + 1);
    // The category column (heading style), and its title.
    let mut category = title(titles.first().map_or(&[], Vec::as_slice));
    for service in services {
        let (narrow, natural) = measure(&category_parts(context, service, services), head);
        category = (category.0.max(narrow), category.1.max(natural));
    }
    ranges.push(category);
    for (position, column) in COLUMNS.iter().enumerate() {
        let mut range = title(titles.get(position + 1).map_or(&[], Vec::as_slice));
        let mut cells_natural: f32 = 0.0;
        for service in services {
            let (narrow, natural) = measure(&cell_parts(context, column, service), body);
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

/// The size of text in `language` when the Chinese is set at `size_pt`.
fn part_size(size_pt: f32, language: Option<Language>, ratio: f32) -> f32 {
    match language {
        None => size_pt,
        Some(_) => size_pt * ratio,
    }
}

/// The column titles (the category column's first) in each of the station's scripts: a title's
/// translation is the heading of its field (`item`, `description`…, `category`).
fn column_titles(context: &Context) -> Vec<Vec<Part>> {
    std::iter::once(("服务类别", "category"))
        .chain(COLUMNS.iter().map(|column| (column.title, column.field)))
        .map(|(title, key)| {
            scripts::parts(context, |language| match language {
                None => Some(title.to_owned()),
                Some(_) => scripts::heading_key(context, language, key),
            })
        })
        .collect()
}

/// The text of `column` for `service` in each of the station's scripts (a script without its
/// translation left out; at least the Chinese, even when empty).
fn cell_parts(context: &Context, column: &Column, service: &Service) -> Vec<Part> {
    let chinese = (column.value)(service);
    let parts = scripts::parts(context, |language| match language {
        None => Some(chinese.clone()),
        Some(language) => translation(context, column, service, language),
    });
    if parts.is_empty() {
        vec![Part {
            language: None,
            text: chinese,
        }]
    } else {
        parts
    }
}

/// The translation of `column`'s cell: the service's own (`tr.<language>.<field>`); for a free
/// service, the heading `free_of_charge` (免费); a bare 收费 has none.
fn translation(
    context: &Context,
    column: &Column,
    service: &Service,
    language: Language,
) -> Option<String> {
    if column.field == "fee" {
        if service.free {
            return scripts::heading_key(context, Some(language), "free_of_charge");
        }
        if service.fee.trim().is_empty() {
            return None;
        }
    }
    service.tr.text(language, column.field).map(str::to_owned)
}

/// The category label of `service` in each of the station's scripts: its category (其他 when
/// empty, in Chinese only), translated by the first service of the category that translates it.
fn category_parts(context: &Context, service: &Service, services: &[Service]) -> Vec<Part> {
    let category = service.category.trim();
    if category.is_empty() {
        return vec![Part {
            language: None,
            text: "其他".to_owned(),
        }];
    }
    scripts::parts(context, |language| match language {
        None => Some(category.to_owned()),
        Some(language) => services
            .iter()
            .filter(|other| other.category.trim() == category)
            .find_map(|other| other.tr.text(language, "category"))
            .map(str::to_owned),
    })
}

/// The continued form of a service's name in each script: 名称（续）, and the translation with
/// the heading `continued` (the translation alone when that has none).
fn continued_parts(context: &Context, parts: &[Part]) -> Vec<Part> {
    parts
        .iter()
        .map(|part| Part {
            language: part.language,
            text: match part.language {
                None => format!("{}（续）", part.text),
                Some(_) => match scripts::heading_key(context, part.language, "continued") {
                    Some(continued) => format!("{} {continued}", part.text),
                    None => part.text.clone(),
                },
            },
        })
        .collect()
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

/// Whether a column of running text (one whose longest Chinese cell is longer than
/// [`MIN_RUNNING_EM`]; a translation's length does not make a column running text) gets fewer than [`MIN_RUNNING_EM`] characters a line at `body`'s size.
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
        .zip(columns.chinese.iter())
        .any(|(width, (_, natural))| *natural > running && *width < running)
}

/// The smallest a column title is set, as a share of the heading size (a title in a narrow
/// column is set smaller; it never widens its column).
const HEADER_MIN_SHARE: f32 = 0.5;

/// A continued row repeats its service's name whole when it takes at most this many lines.
const NAME_REPEAT_LINES: usize = 4;

/// One script's text in a cell: its text measured, the lines shown here and its size.
struct CellPart {
    /// `None` for Chinese.
    language: Option<Language>,
    measured: Rc<Measured>,
    lines: Vec<text::BrokenLine>,
    size_pt: f32,
}

impl CellPart {
    /// The height of its lines (Chinese: the ideographic em box; other scripts: their ink).
    fn height(&self, line_height: f32) -> f32 {
        match self.language {
            None => block_height(self.lines.len(), self.size_pt, line_height),
            Some(_) => self
                .measured
                .block_height(self.lines.len(), self.size_pt, line_height),
        }
    }

    /// The height of its first line alone.
    fn first_line_pt(&self) -> f32 {
        match self.language {
            None => self.size_pt * (text::EM_BOX_ABOVE + text::EM_BOX_BELOW),
            Some(_) => {
                let (above, below) = self.measured.ink_em();
                self.size_pt * (above + below)
            }
        }
    }

    /// The distance between its baselines.
    fn pitch_pt(&self, line_height: f32) -> f32 {
        match self.language {
            None => self.size_pt * line_height,
            Some(_) => self.size_pt * self.measured.pitch(line_height),
        }
    }

    /// From the top of its first line to its baseline.
    fn ascent_pt(&self) -> f32 {
        match self.language {
            None => self.size_pt * text::EM_BOX_ABOVE,
            Some(_) => self.size_pt * self.measured.ink_em().0,
        }
    }
}

/// One cell on this page: its text in each of the station's scripts, stacked in the order
/// shown (one part without `languages`). The lines of a cell count through its parts: a row
/// continued on the next page goes on from the line where it stopped, in whichever script.
struct Cell {
    parts: Vec<CellPart>,
}

impl Cell {
    /// A cell of `whole` (each script's measured text, all its lines, its size) showing `take`
    /// lines at most after the first `skip`.
    fn window(whole: Vec<CellPart>, skip: usize, take: usize) -> Cell {
        let mut skip = skip;
        let mut take = take;
        let parts = whole
            .into_iter()
            .map(|mut part| {
                let skipped = skip.min(part.lines.len());
                skip -= skipped;
                let lines: Vec<text::BrokenLine> =
                    part.lines.drain(..).skip(skipped).take(take).collect();
                take -= lines.len();
                CellPart { lines, ..part }
            })
            .collect();
        Cell { parts }
    }

    /// The parts that show lines here.
    fn shown(&self) -> impl Iterator<Item = &CellPart> {
        self.parts.iter().filter(|part| !part.lines.is_empty())
    }

    /// The height of its stacked parts, `gap_pt` between two scripts.
    fn height(&self, line_height: f32, gap_pt: f32) -> f32 {
        self.shown()
            .enumerate()
            .map(|(index, part)| part.height(line_height) + if index > 0 { gap_pt } else { 0.0 })
            .sum()
    }

    /// How many of its lines fit in `room_pt` from its top; `None` when all do.
    fn lines_fitting(&self, room_pt: f32, line_height: f32, gap_pt: f32) -> Option<usize> {
        let mut used = 0.0;
        let mut count = 0;
        for (index, part) in self.shown().enumerate() {
            let gap = if index > 0 { gap_pt } else { 0.0 };
            let room = room_pt - used - gap;
            let first_line = part.first_line_pt();
            if room < first_line {
                return Some(count);
            }
            let fitting = ((room - first_line) / part.pitch_pt(line_height)).floor() as usize + 1;
            if fitting < part.lines.len() {
                return Some(count + fitting);
            }
            used += gap + part.height(line_height);
            count += part.lines.len();
        }
        None
    }

    /// Keeps its first `lines` lines.
    fn truncate(&mut self, lines: usize) {
        let mut left = lines;
        for part in &mut self.parts {
            part.lines.truncate(left);
            left -= part.lines.len();
        }
    }
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
    /// The column titles in each script, the category column's first.
    titles: Vec<Vec<Part>>,
    header_height: f32,
    /// The most lines a row can show on this page.
    page_lines: usize,
    /// The most lines of a cell taken for one page (at the smallest script size).
    take_lines: usize,
    /// The ethnic : Chinese size ratio.
    ratio: f32,
    /// The gap between two scripts' texts in a body cell.
    gap_pt: f32,
}

/// One category's rows on this page, with its spanning category cell.
struct Group {
    /// The top of its first row.
    top: f32,
    /// Its rows' heights together.
    height: f32,
    rows: Vec<Row>,
    category_style: FitStyle,
    category: Cell,
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
    let ratio = scripts::ratio(context);
    let titles = column_titles(context);
    let header_height = if titles.iter().all(|title| title.len() <= 1) {
        block_height(1, head.max_size_pt, head.line_height) + 2.0 * pad_y
    } else {
        header_text_height(context, &titles, &all_widths, &head, pad_x, ratio) + 2.0 * pad_y
    };
    let room = rect.bottom() - (rect.y + header_height) - 2.0 * pad_y;
    let lines_in = |line_size: f32| {
        let first_line = line_size * (text::EM_BOX_ABOVE + text::EM_BOX_BELOW);
        if room >= first_line {
            ((room - first_line) / (line_size * body.line_height)).floor() as usize + 1
        } else {
            1
        }
    };
    let page_lines = lines_in(size_pt);
    let take_lines = if ratio < 1.0 {
        lines_in(size_pt * ratio)
    } else {
        page_lines
    } + 1;
    Measure {
        gap_pt: size_pt * scripts::GAP_EM,
        body,
        head,
        size_pt,
        pad_x,
        pad_y,
        category_width,
        widths,
        centred,
        titles,
        header_height,
        page_lines,
        take_lines,
        ratio,
    }
}

/// The most lines an ethnic column title takes before it is set smaller.
const TITLE_LINES: usize = 2;

/// The height of the tallest column title stacked in its scripts at the full heading size (an
/// ethnic title on up to [`TITLE_LINES`] lines).
fn header_text_height(
    context: &Context,
    titles: &[Vec<Part>],
    widths: &[f32],
    head: &FitStyle,
    pad_x: f32,
    ratio: f32,
) -> f32 {
    let gap = head.max_size_pt * scripts::GAP_EM;
    titles
        .iter()
        .zip(widths)
        .map(|(parts, width)| {
            parts
                .iter()
                .enumerate()
                .map(|(index, part)| {
                    let size = part_size(head.max_size_pt, part.language, ratio);
                    let measured = context.measure(&part.text, head.weight);
                    let height = match part.language {
                        None => block_height(1, size, head.line_height),
                        Some(_) => {
                            let inner_em = ((width - pad_x) / size).max(0.01);
                            let lines = measured
                                .break_lines(inner_em)
                                .lines
                                .len()
                                .clamp(1, TITLE_LINES);
                            measured.block_height(lines, size, head.line_height)
                        }
                    };
                    height + if index > 0 { gap } else { 0.0 }
                })
                .sum::<f32>()
        })
        .fold(0.0, f32::max)
}

/// The cells of the service at `service_index` on this page, `first_part` of its lines shown
/// already (a continued row shows the lines not shown yet; its name is shown whole again,
/// marked （续）, when it is short). Each cell holds at most [`Measure::take_lines`] lines.
/// Sets `clean` to false when a word had to be split by force.
fn row_cells(
    context: &Context,
    measure: &Measure,
    (service_index, service): (usize, &Service),
    first_part: usize,
    clean: &mut bool,
) -> Vec<Cell> {
    let mut cells = Vec::with_capacity(COLUMNS.len());
    for (column_index, (column, width)) in COLUMNS.iter().zip(measure.widths.iter()).enumerate() {
        let inner = width - 2.0 * measure.pad_x;
        let lines_of = |parts: &[Part], continued: bool| -> (Vec<CellPart>, bool) {
            let mut forced = false;
            let found = parts
                .iter()
                .map(|part| {
                    let size_pt = part_size(measure.size_pt, part.language, measure.ratio);
                    let style = FitStyle {
                        max_size_pt: size_pt,
                        ..measure.body.clone()
                    };
                    let lines = cell_lines(
                        context,
                        (service_index, column_index, continued, part.language),
                        || part.text.clone(),
                        inner,
                        &style,
                    );
                    forced |= lines.forced;
                    CellPart {
                        language: part.language,
                        measured: Rc::clone(&lines.measured),
                        lines: lines.lines.clone(),
                        size_pt,
                    }
                })
                .collect();
            (found, forced)
        };
        let parts = cell_parts(context, column, service);
        let whole = lines_of(&parts, false);
        // A long name continues like the other cells (shown whole again on every page it would
        // never end).
        let ((found, forced), skip) = if column.field == "item" && first_part > 0 {
            let repeated = lines_of(&continued_parts(context, &parts), true);
            let repeated_lines: usize = repeated.0.iter().map(|part| part.lines.len()).sum();
            let limit = NAME_REPEAT_LINES.min(measure.page_lines / 2) * parts.len().max(1);
            if repeated_lines <= limit {
                (repeated, 0)
            } else {
                (whole, first_part)
            }
        } else {
            (whole, first_part)
        };
        if forced {
            *clean = false;
        }
        // Only what one page can show is taken: a longer cell is split anyway.
        cells.push(Cell::window(found, skip, measure.take_lines));
    }
    cells
}

/// The height of a row of `cells` (at least one line tall), padding included.
fn row_height(measure: &Measure, cells: &[Cell]) -> f32 {
    let line_height = measure.body.line_height;
    let one_line = block_height(1, measure.size_pt, line_height);
    cells
        .iter()
        .map(|cell| cell.height(line_height, measure.gap_pt))
        .fold(one_line, f32::max)
        + 2.0 * measure.pad_y
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
    let pad_y = measure.pad_y;
    let line_height = measure.body.line_height;
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
            let height = row_height(measure, &cells);
            if y + group_height + height > rect.bottom() + 0.01 {
                // A row taller than all the room a page has is split: the lines that fit here,
                // the rest on the next page (every cell shows as many lines).
                let alone = group_rows.is_empty()
                    && next == start
                    && (y - (rect.y + measure.header_height)).abs() < 0.01;
                let room = rect.bottom() - y - 2.0 * pad_y;
                let fitting = cells
                    .iter()
                    .filter_map(|cell| cell.lines_fitting(room, line_height, measure.gap_pt))
                    .min()
                    .unwrap_or(0);
                if alone && fitting > 0 {
                    for cell in &mut cells {
                        cell.truncate(fitting);
                    }
                    let height = row_height(measure, &cells);
                    group_height += height;
                    group_rows.push(Row {
                        position: next,
                        service: service_index,
                        height,
                        cells,
                    });
                    split = Some((next, first_part + fitting));
                }
                break;
            }
            group_height += height;
            group_rows.push(Row {
                position: next,
                service: service_index,
                height,
                cells,
            });
            next += 1;
        }
        if group_rows.is_empty() {
            break;
        }
        // The category cell: its text must fit in the rows' height, else the rows grow.
        let category_style = FitStyle {
            align: Align::Center,
            valign: VerticalAlign::Middle,
            color: context.color(ThemeColor::PrimaryDark),
            ..measure.head.clone()
        };
        let category_row = order.get(index).copied().unwrap_or(0);
        let category_cell = Cell {
            parts: category_parts(context, first, services)
                .iter()
                .map(|part| {
                    let size_pt =
                        part_size(category_style.max_size_pt, part.language, measure.ratio);
                    let found = cell_lines(
                        context,
                        (category_row, usize::MAX, false, part.language),
                        || part.text.clone(),
                        measure.category_width - 2.0 * measure.pad_x,
                        &FitStyle {
                            max_size_pt: size_pt,
                            ..category_style.clone()
                        },
                    );
                    CellPart {
                        language: part.language,
                        measured: Rc::clone(&found.measured),
                        lines: found.lines.clone(),
                        size_pt,
                    }
                })
                .collect(),
        };
        let category_height = category_cell.height(
            category_style.line_height,
            category_style.max_size_pt * scripts::GAP_EM,
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
            category: category_cell,
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

/// Paints the header row: a filled band (ruled: a strong rule under it) with the column titles,
/// each stacked in the station's scripts.
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
    let widths = std::iter::once(measure.category_width).chain(measure.widths.iter().copied());
    for (parts, width) in measure.titles.iter().zip(widths) {
        let cell = Rect::new(x, rect.y, width, header_height)
            .inset_xy(measure.pad_x * 0.5, measure.pad_y * 0.5);
        let style = FitStyle {
            min_size_pt: measure.head.max_size_pt * HEADER_MIN_SHARE,
            ..header_style.clone()
        };
        match parts.as_slice() {
            [only] if only.language.is_none() => {
                let fitted = context.fit(&only.text, cell, &style);
                items.extend(fitted.lines.into_iter().map(Item::Text));
            }
            _ => {
                // A title is never cut: smaller rather than cut, like the Chinese alone.
                let style = FitStyle {
                    max_lines: TITLE_LINES,
                    ..style
                };
                let stack = scripts::fit_stack(context, parts, cell, &style, true);
                items.extend(
                    stack
                        .fitted
                        .into_iter()
                        .flat_map(|fitted| fitted.lines)
                        .map(Item::Text),
                );
            }
        }
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
    let style = &group.category_style;
    place_cell(
        &group.category,
        top,
        category_area,
        Align::Center,
        style,
        style.max_size_pt * scripts::GAP_EM,
        items,
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

/// Places a cell's parts stacked from `top` in `area`, `gap_pt` between two scripts, each at
/// its size in `style`'s weight and colour (`align` Left is the reading start: the right for
/// Arabic script).
fn place_cell(
    cell: &Cell,
    top: f32,
    area: Rect,
    align: Align,
    style: &FitStyle,
    gap_pt: f32,
    items: &mut Vec<Item>,
) {
    let mut part_top = top;
    for part in cell.shown() {
        items.extend(
            part.measured
                .place(
                    &part.lines,
                    part.size_pt,
                    style.line_height,
                    part_top + part.ascent_pt(),
                    area,
                    align,
                    style.weight,
                    style.color,
                )
                .into_iter()
                .map(Item::Text),
        );
        part_top += part.height(style.line_height) + gap_pt;
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
    let body = &measure.body;
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
        let used = cell.height(body.line_height, measure.gap_pt);
        let top = area.y + (area.height - used).max(0.0) / 2.0;
        place_cell(cell, top, area, align, body, measure.gap_pt, items);
        for part in &cell.parts {
            if part.measured.missing.is_empty() {
                continue;
            }
            let chars = crate::model::name_chars(&part.measured.missing);
            let field = FieldPath::parse("services").index(row.service);
            let field = match part.language {
                None => field.key(column.field),
                Some(language) => field.key("tr").key(language.tag()).key(column.field),
            };
            context.warn(
                field,
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
