//! The sheets of a roster as read from any file type (.xlsx, .ods, .xls, CSV): cells, hidden
//! rows, the size limits, which workbook sheet is which roster sheet, and the cell conversions
//! every reader shares. `read` (building stations), `xlsx` and `legacy` (.ods, .xls) all use
//! these; none of them imports another for them.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::RosterError;
use super::schema::{self, KEY};

/// The most characters a cell may hold (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most rows with content a sheet may have.
pub const MAX_ROWS: usize = 50_000;
/// The most cells with content a sheet may have.
pub const MAX_CELLS: usize = 1_000_000;
/// Columns from this one on (0-based; column BL) are not read: a roster has about 20.
pub const MAX_COLUMNS: u32 = 64;
/// The largest part of an .xlsx file (a sheet, the shared text), unpacked, and the largest CSV
/// file, in bytes.
pub const MAX_PART_BYTES: u64 = 50 * 1024 * 1024;
/// The most bytes of text all the cells a workbook's roster sheets read may hold together (a
/// cell of 32,767 characters repeated down thousands of rows is refused, not copied).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;
/// Rows above the column names that are passed over (a title row such as “柳溪镇花名册”).
const MAX_TITLE_ROWS: usize = 10;

/// One cell as read from a workbook or CSV file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// TRUE/FALSE.
    Bool(bool),
    /// A date: (year, month, day).
    Date(u16, u8, u8),
    /// A time of day or a duration: (hours, minutes, seconds), shown as 8:30.
    Time(u32, u8, u8),
    /// An Excel error value such as #N/A.
    Error,
    /// Text longer than [`MAX_CELL_CHARS`]: its length in characters (the text is not kept).
    TooLong(usize),
    /// A cell covered by a merged range: the value of the range's first cell (shared, not
    /// copied: a long text merged down 50,000 rows is kept once).
    Merged(Arc<Cell>),
    /// A formula with no saved result that is not one of the simple formulas computed here
    /// (see `formula`): its text. Reading it stops the station with a message.
    Uncomputed(String),
}

/// Why a row with content was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// The row is hidden (隐藏).
    Row,
    /// The row is hidden by a filter (筛选).
    Filtered,
}

/// A row that was not read because it is hidden or filtered out.
#[derive(Debug, Clone)]
pub struct SkippedRow {
    /// Its row number (1-based) as Excel shows it.
    pub number: usize,
    /// Its cells.
    pub cells: Vec<Cell>,
    /// Hidden or filtered out.
    pub why: Hidden,
}

/// One sheet: its name, its column names (first row) and its other rows with their 1-based row
/// numbers as Excel shows them.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Column names from the first row, trimmed.
    pub header: Vec<String>,
    /// (row number, cells).
    pub rows: Vec<(usize, Vec<Cell>)>,
    /// Notes from reading it (content far to the right that was not read, a hidden sheet
    /// passed over for its visible copy), in Chinese.
    pub notes: Vec<String>,
    /// Hidden and filtered-out rows below the column names: not read, each reported.
    pub skipped: Vec<SkippedRow>,
    /// The sheet's name in the workbook when it is not `name` (a copy such as `站点 (2)`, a
    /// name with spaces): messages name the sheet the user sees.
    pub workbook_name: Option<String>,
}

impl Sheet {
    /// The name messages give the sheet: its name in the workbook.
    pub fn shown_name(&self) -> &str {
        self.workbook_name.as_deref().unwrap_or(&self.name)
    }

    /// Notes about choosing it, and its name in the workbook when that differs.
    pub(super) fn chosen_as(&mut self, workbook_name: &str, notes: Vec<String>) {
        if workbook_name != self.name {
            self.workbook_name = Some(workbook_name.to_owned());
        }
        self.notes.extend(notes);
    }
}

/// A sheet being read: only cells with content, at most [`MAX_CELLS`] of them in at most
/// [`MAX_ROWS`] rows and [`MAX_COLUMNS`] columns, so that a stray cell at XFD1048576 costs
/// nothing.
#[derive(Debug)]
pub(super) struct SparseSheet {
    /// row (0-based) → column (0-based) → cell.
    cells: BTreeMap<u32, BTreeMap<u32, Cell>>,
    count: usize,
    /// Content found beyond [`MAX_COLUMNS`]: the first such cell.
    far_right: Option<(u32, u32)>,
    /// Bytes of text this sheet may still take (what is left of [`MAX_TEXT_BYTES`]).
    text_budget: usize,
    /// Hidden and filtered-out rows (0-based).
    hidden: BTreeMap<u32, Hidden>,
}

impl Default for SparseSheet {
    fn default() -> Self {
        SparseSheet::with_text_budget(MAX_TEXT_BYTES)
    }
}

/// Why a sheet is too big to read.
#[derive(Debug)]
pub(super) enum TooBig {
    Rows,
    Cells,
    Text,
}

impl SparseSheet {
    /// An empty sheet that may hold `text_budget` bytes of text.
    pub(super) fn with_text_budget(text_budget: usize) -> Self {
        SparseSheet {
            cells: BTreeMap::new(),
            count: 0,
            far_right: None,
            text_budget,
            hidden: BTreeMap::new(),
        }
    }

    /// Marks a row (0-based) hidden or filtered out: it is not read (see [`Sheet::skipped`]).
    pub(super) fn hide_row(&mut self, row: u32, why: Hidden) {
        self.hidden.insert(row, why);
    }

    /// The cell at `row`, `col` (0-based), if it has content.
    pub(super) fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells.get(&row).and_then(|cells| cells.get(&col))
    }

    /// Replaces the content of a cell that has content.
    pub(super) fn replace(&mut self, row: u32, col: u32, cell: Cell) {
        if let Some(slot) = self
            .cells
            .get_mut(&row)
            .and_then(|cells| cells.get_mut(&col))
        {
            *slot = cell;
        }
    }

    /// The formulas without a result: (row, col, formula).
    pub(super) fn uncomputed(&self) -> Vec<(u32, u32, String)> {
        self.cells
            .iter()
            .flat_map(|(row, cells)| {
                cells.iter().filter_map(move |(col, cell)| match cell {
                    Cell::Uncomputed(formula) => Some((*row, *col, formula.clone())),
                    _ => None,
                })
            })
            .collect()
    }

    /// Bytes of text this sheet may still take.
    pub(super) fn text_budget(&self) -> usize {
        self.text_budget
    }

    /// Whether `rows` more new rows of `cells` cells and `text_bytes` bytes of text each would
    /// pass a limit (checked before a repeated row is added row by row).
    pub(super) fn check_room(
        &self,
        rows: u64,
        cells: usize,
        text_bytes: usize,
    ) -> Result<(), TooBig> {
        let rows_left = MAX_ROWS.saturating_sub(self.cells.len()) as u64;
        if rows > rows_left {
            return Err(TooBig::Rows);
        }
        if rows.saturating_mul(cells as u64) > MAX_CELLS.saturating_sub(self.count) as u64 {
            return Err(TooBig::Cells);
        }
        if rows.saturating_mul(text_bytes as u64) > self.text_budget as u64 {
            return Err(TooBig::Text);
        }
        Ok(())
    }

    pub(super) fn add(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), TooBig> {
        if cell == Cell::Empty {
            return Ok(());
        }
        if let Cell::Text(text) = &cell
            && text.trim().is_empty()
        {
            return Ok(());
        }
        if col >= MAX_COLUMNS {
            self.far_right.get_or_insert((row, col));
            return Ok(());
        }
        if self.count >= MAX_CELLS {
            return Err(TooBig::Cells);
        }
        if !self.cells.contains_key(&row) && self.cells.len() >= MAX_ROWS {
            return Err(TooBig::Rows);
        }
        if let Cell::Text(text) = &cell {
            self.text_budget = self
                .text_budget
                .checked_sub(text.len())
                .ok_or(TooBig::Text)?;
        }
        if self
            .cells
            .entry(row)
            .or_default()
            .insert(col, cell)
            .is_none()
        {
            self.count += 1;
        }
        Ok(())
    }

    /// Gives every row a merged range covers the value of its first cell (in the range's first
    /// column: a range merged across columns belongs to its first column).
    pub(super) fn fill_merged(&mut self, merges: &[calamine::Dimensions]) {
        let mut budget = MAX_CELLS;
        for merge in merges {
            let (first_row, col) = merge.start;
            let last_row = merge.end.0;
            if col >= MAX_COLUMNS || last_row <= first_row {
                continue;
            }
            let Some(value) = self
                .cells
                .get(&first_row)
                .and_then(|row| row.get(&col))
                .cloned()
            else {
                continue;
            };
            let value = match value {
                Cell::Merged(inner) => inner,
                other => Arc::new(other),
            };
            for (_, row) in self.cells.range_mut(first_row + 1..=last_row) {
                if budget == 0 {
                    return;
                }
                budget -= 1;
                row.entry(col)
                    .or_insert_with(|| Cell::Merged(Arc::clone(&value)));
            }
        }
    }

    /// The sheet: the column names from the first row that has 站点全称 (within the first few
    /// rows; else the first row), the rows below it.
    pub(super) fn finish(self, name: &str) -> Sheet {
        let header_row = self
            .cells
            .iter()
            .take(MAX_TITLE_ROWS)
            .find(|(_, cells)| {
                cells
                    .values()
                    .any(|cell| normalize_name(&cell_text_lossy(cell)) == KEY)
            })
            .or_else(|| self.cells.iter().next())
            .map(|(row, _)| *row);
        let mut sheet = Sheet {
            name: name.to_owned(),
            ..Sheet::default()
        };
        if let Some((row, col)) = self.far_right {
            sheet.notes.push(format!(
                "“{name}”表第 {} 行第 {} 列（{}）及更靠右的内容没有读入：花名册只读前 {MAX_COLUMNS} 列",
                row + 1,
                col + 1,
                cell_reference(row as usize + 1, col as usize)
            ));
        }
        let Some(header_row) = header_row else {
            return sheet;
        };
        let hidden = self.hidden;
        for (row, cells) in self.cells {
            if row < header_row {
                continue;
            }
            let width = cells.keys().next_back().map_or(0, |col| *col as usize + 1);
            let mut dense = vec![Cell::Empty; width];
            for (col, cell) in cells {
                if let Some(slot) = dense.get_mut(col as usize) {
                    *slot = cell;
                }
            }
            if row == header_row {
                sheet.header = dense.iter().map(cell_text_lossy).collect();
            } else if let Some(why) = hidden.get(&row) {
                sheet.skipped.push(SkippedRow {
                    number: row as usize + 1,
                    cells: dense,
                    why: *why,
                });
            } else {
                sheet.rows.push((row as usize + 1, dense));
            }
        }
        sheet
    }
}

/// `E5` for row 5 (1-based) and column 4 (0-based).
pub fn cell_reference(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = col + 1;
    while rest > 0 {
        let digit = ((rest - 1) % 26) as u8;
        letters.push(char::from(b'A' + digit));
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    let letters: String = letters.into_iter().collect();
    format!("{letters}{row}")
}

pub(super) fn too_big(path: &Path, sheet: &str, why: &TooBig) -> RosterError {
    RosterError::TooBig {
        file: path.to_path_buf(),
        reason: match why {
            TooBig::Rows => format!(
                "“{sheet}”表有内容的行超过 {MAX_ROWS} 行。请删去多余的行，或把花名册分成几个文件"
            ),
            TooBig::Cells => format!(
                "“{sheet}”表有内容的单元格超过 {MAX_CELLS} 个。请删去多余的内容，或把花名册分成几个文件"
            ),
            TooBig::Text => format!(
                "读到“{sheet}”表时，文字已超过 {} MB（可能有大段文字被复制到了很多行）。请删去多余的内容，或把花名册分成几个文件",
                MAX_TEXT_BYTES / (1024 * 1024)
            ),
        },
    }
}

/// Text as read, or [`Cell::TooLong`] when it is longer than a cell may be.
pub(super) fn text_cell(text: &str) -> Cell {
    let count = text.chars().count();
    if count > MAX_CELL_CHARS {
        Cell::TooLong(count)
    } else {
        Cell::Text(text.to_owned())
    }
}

/// A date or time cell as Excel shows it: a time of day (no date part) as a time, a duration as
/// hours and minutes, anything else as its date.
pub(super) fn date_time_cell(value: &calamine::ExcelDateTime) -> Cell {
    let serial = value.as_f64();
    if value.is_duration() || (0.0..1.0).contains(&serial) {
        let seconds = (serial.abs() * 86_400.0).round() as u64;
        let hours = u32::try_from(seconds / 3600).unwrap_or(u32::MAX);
        return Cell::Time(hours, ((seconds / 60) % 60) as u8, (seconds % 60) as u8);
    }
    let (year, month, day, ..) = value.to_ymd_hms_milli();
    Cell::Date(year, month, day)
}

pub(super) fn cell_from_data_ref(data: &calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => {
            text_cell(text)
        }
        DataRef::SharedString(text) => text_cell(text),
        DataRef::Int(number) => Cell::Number(*number as f64),
        DataRef::Float(number) => Cell::Number(*number),
        DataRef::Bool(value) => Cell::Bool(*value),
        DataRef::DateTime(date) => date_time_cell(date),
        DataRef::Error(_) => Cell::Error,
    }
}

pub(super) fn cell_from_data(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text_cell(text),
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(date) => date_time_cell(date),
        Data::Error(_) => Cell::Error,
    }
}

/// The roster sheet `name` is (names compared without spaces), or a copy of (`站点 (2)`, as
/// Excel names a copied sheet): (the roster sheet, whether it is a copy).
pub(super) fn roster_sheet_of(name: &str) -> Option<(&'static str, bool)> {
    let normalized = normalize_name(name);
    schema::sheets().into_iter().find_map(|sheet| {
        let own = normalize_name(sheet.name);
        if normalized == own {
            return Some((sheet.name, false));
        }
        let number = normalized
            .strip_prefix(&own)?
            .strip_prefix('（')?
            .strip_suffix('）')?;
        (!number.is_empty() && number.chars().all(|ch| ch.is_ascii_digit()))
            .then_some((sheet.name, true))
    })
}

/// A roster sheet to read: its name in the workbook, the roster sheet it is, and notes about
/// the sheets of the same name passed over for it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Chosen {
    pub(super) name: String,
    pub(super) wanted: &'static str,
    pub(super) notes: Vec<String>,
}

/// The sheets to read, from the workbook's sheets (name, hidden) in workbook order. A county
/// officer hides an old sheet and works on its copy (`站点 (2)`): of the sheets named like a
/// roster sheet (or its copies), the visible one with the sheet's own name is read, else the
/// first visible copy, else (nothing visible) the hidden sheet itself. Every sheet passed over,
/// and a hidden sheet read, is noted by name.
pub(super) fn choose_sheets(sheets: &[(String, bool)]) -> Vec<Chosen> {
    let mut chosen = Vec::new();
    for info in schema::sheets() {
        // (name, hidden, is a copy)
        let candidates: Vec<(&String, bool, bool)> = sheets
            .iter()
            .filter_map(|(name, hidden)| match roster_sheet_of(name) {
                Some((wanted, copy)) if wanted == info.name => Some((name, *hidden, copy)),
                _ => None,
            })
            .collect();
        let pick = candidates
            .iter()
            .find(|(_, hidden, copy)| !hidden && !copy)
            .or_else(|| candidates.iter().find(|(_, hidden, _)| !hidden))
            .or_else(|| candidates.iter().find(|(_, _, copy)| !copy))
            .or_else(|| candidates.first());
        let Some(&(name, hidden, _)) = pick else {
            continue;
        };
        let mut notes = Vec::new();
        if hidden {
            notes.push(format!(
                "“{name}”表是隐藏的工作表，没有找到显示着的同名表，仍然读入了。如果这个表已经不用，请删除它"
            ));
        }
        for (other, other_hidden, _) in &candidates {
            if *other == name {
                continue;
            }
            notes.push(if *other_hidden {
                format!("“{other}”表是隐藏的工作表，没有读入：读的是显示着的“{name}”表")
            } else {
                format!(
                    "“{other}”表没有读入：读的是“{name}”表。如果“{other}”才是要用的，请删除或改名另一个"
                )
            });
        }
        chosen.push(Chosen {
            name: name.clone(),
            wanted: info.name,
            notes,
        });
    }
    chosen
}

pub(super) fn open_error(path: &Path, reason: String) -> RosterError {
    RosterError::Open {
        file: path.to_path_buf(),
        reason,
    }
}

pub(super) const NOT_A_WORKBOOK: &str =
    "不是能识别的 Excel 表格（请用 .xlsx 格式保存；文件可能已损坏或正被加密）";

/// (name, hidden) of each sheet, from calamine's sheet list.
pub(super) fn visibility(sheets: &[calamine::Sheet]) -> Vec<(String, bool)> {
    sheets
        .iter()
        .map(|sheet| {
            (
                sheet.name.clone(),
                sheet.visible != calamine::SheetVisible::Visible,
            )
        })
        .collect()
}

/// `2026-3-1`, `2026/03/01`, `2026.3.1`, `2026年3月1日` → `2026-03-01`, if that day exists;
/// full-width digits and dashes (２０２６－０３－０１) are read as the same
/// ([`crate::model::ascii_digits`]).
pub fn normalize_date(text: &str) -> Option<String> {
    let text = crate::model::ascii_digits(text.trim());
    let text = text.trim();
    let text = text.strip_suffix('日').unwrap_or(text);
    let parts: Vec<&str> = text
        .split(['-', '/', '.', '年', '月'])
        .map(str::trim)
        .collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let year: u32 = year.parse().ok()?;
    let month: u32 = month.parse().ok()?;
    let day: u32 = day.parse().ok()?;
    let iso = format!("{year:04}-{month:02}-{day:02}");
    crate::model::parse_iso_date(&iso).map(|_| iso)
}

/// Column names compared without spaces and with half-width brackets made full-width.
pub(super) fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|ch| !ch.is_whitespace())
        .map(|ch| match ch {
            '(' => '（',
            ')' => '）',
            other => other,
        })
        .collect()
}

/// The text of a cell as Excel shows it: numbers without a spurious “.0”, dates as YYYY-MM-DD,
/// times as 8:30, TRUE/FALSE as 是/否. Error values (#N/A…) and over-long text are refused.
pub(super) fn cell_text(cell: &Cell) -> Result<String, String> {
    Ok(match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.trim().to_owned(),
        Cell::Number(number) => {
            if number.fract() == 0.0 && number.abs() < 1e15 {
                format!("{}", *number as i64)
            } else {
                format!("{number}")
            }
        }
        Cell::Bool(true) => "是".into(),
        Cell::Bool(false) => "否".into(),
        Cell::Date(year, month, day) => format!("{year:04}-{month:02}-{day:02}"),
        Cell::Time(hours, minutes, 0) => format!("{hours}:{minutes:02}"),
        Cell::Time(hours, minutes, seconds) => format!("{hours}:{minutes:02}:{seconds:02}"),
        Cell::Error => return Err("单元格是错误值（如 #N/A、#REF!），请改成文字".into()),
        Cell::TooLong(count) => {
            return Err(format!(
                "单元格有 {count} 个字符，超过了单元格最多 {MAX_CELL_CHARS} 个字符的上限，请检查是否误粘贴了大段内容"
            ));
        }
        Cell::Merged(inner) => return cell_text(inner),
        Cell::Uncomputed(formula) => {
            return Err(format!(
                "单元格里是公式“={}”，文件里没有保存它的计算结果，本程序也算不出来。请用 Excel 或 WPS 打开这个花名册，保存一次（公式会算出结果）后再用",
                crate::model::preview(
                    formula.trim_start_matches("of:").trim_start_matches('='),
                    60
                )
            ));
        }
    })
}

/// [`cell_text`], an unreadable cell as empty text.
pub(super) fn cell_text_lossy(cell: &Cell) -> String {
    cell_text(cell).unwrap_or_default()
}
