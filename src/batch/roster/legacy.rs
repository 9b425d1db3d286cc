//! Bounded reading of the older roster formats.
//!
//! - OpenDocument (.ods, WPS/LibreOffice): `content.xml` is read as a stream, cell by cell, into
//!   the same sparse sheet as an .xlsx. Repeated rows and columns
//!   (`table:number-rows-repeated`, `table:number-columns-repeated`, which LibreOffice writes
//!   up to the sheet's last row and column) are counted, never expanded: an empty row repeated
//!   a million times costs nothing, a row with content repeated past [`MAX_ROWS`] is refused.
//!   Merged cells (`table:number-rows-spanned`) give their value to the rows they cover.
//! - Excel 97–2003 (.xls): calamine reads an .xls whole, into the rectangle spanned by its
//!   cells, and reserves what the sheet's DIMENSIONS record declares. So before calamine sees
//!   the file, its records are walked here (through the `cfb` container reader, without keeping
//!   the cells) and a workbook whose sheets would take more than the limits is refused with a
//!   message naming the sheet and its farthest cell, and saying to save it as .xlsx (which is
//!   read cell by cell).

use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::RosterError;
use super::sheet::{
    Cell, Chosen, Hidden, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_PART_BYTES, MAX_ROWS,
    MAX_TEXT_BYTES, NOT_A_WORKBOOK, Sheet, SparseSheet, TooBig, cell_reference, choose_sheets,
    open_error, roster_sheet_of, text_cell, too_big,
};

/// The most cells the rectangles calamine builds for an .xls may hold, all sheets together (a
/// cell is 32 bytes there: 2,000,000 cells are 64 MB).
pub const MAX_XLS_RECTANGLE_CELLS: u64 = 2_000_000;

// ---------------------------------------------------------------------------------------------
// .ods

/// One cell's value and the rows and columns it is merged over.
struct OdsCell {
    value: Cell,
    rows_spanned: u32,
    columns_spanned: u32,
}

/// Reads the roster's sheets of an .ods, cell by cell.
pub(super) fn read_ods(path: &Path) -> Result<Vec<Sheet>, RosterError> {
    let file = std::fs::File::open(path)
        .map_err(|error| open_error(path, crate::fsutil::io_message(&error)))?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|_| open_error(path, NOT_A_WORKBOOK.to_owned()))?;
    if ods_is_encrypted(&mut archive) {
        return Err(open_error(
            path,
            "表格设了打开密码，本程序读不了。请在 WPS 或 LibreOffice 里取消密码后另存一份再用"
                .to_owned(),
        ));
    }
    // The names of every table first, to know which are the roster's sheets.
    let content = archive
        .by_name("content.xml")
        .map_err(|_| open_error(path, NOT_A_WORKBOOK.to_owned()))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    reader.config_mut().trim_text(false);
    reader.config_mut().check_end_names = false;
    let damaged = |_| open_error(path, NOT_A_WORKBOOK.to_owned());

    // The tables named like roster sheets (or their copies): (name, hidden, sheet, cells,
    // merged ranges); which of them are read is chosen at the end (see `choose_sheets`).
    let mut tables: Vec<(
        String,
        bool,
        &'static str,
        SparseSheet,
        Vec<calamine::Dimensions>,
    )> = Vec::new();
    // Automatic table styles that hide their table (`table:display="false"`).
    let mut hidden_styles: Vec<String> = Vec::new();
    let mut table_style: Option<String> = None;
    let mut text_budget = MAX_TEXT_BYTES;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(damaged)?;
        match event {
            Event::Start(start) if start.name().as_ref() == "style:style" => {
                table_style = (attribute(&start, "style:family").as_deref() == Some("table"))
                    .then(|| attribute(&start, "style:name"))
                    .flatten();
            }
            Event::End(end) if end.name().as_ref() == "style:style" => table_style = None,
            Event::Start(start) | Event::Empty(start)
                if start.name().as_ref() == "style:table-properties" =>
            {
                if attribute(&start, "table:display").as_deref() == Some("false")
                    && let Some(style) = &table_style
                {
                    hidden_styles.push(style.clone());
                }
            }
            Event::Start(start) if start.name().as_ref() == "table:table" => {
                let name = attribute(&start, "table:name").unwrap_or_default();
                let hidden = attribute(&start, "table:style-name")
                    .is_some_and(|style| hidden_styles.contains(&style));
                let wanted = roster_sheet_of(&name).map(|(wanted, _)| wanted);
                buf.clear();
                let mut sparse = SparseSheet::with_text_budget(text_budget);
                let merges =
                    read_table(&mut reader, wanted.is_some(), &mut sparse).map_err(|error| {
                        match error {
                            TableError::Xml => open_error(
                                path,
                                format!(
                                    "“{}”表读不出来（表格可能已损坏）",
                                    crate::model::preview(&name, 40)
                                ),
                            ),
                            TableError::TooBig(why) => {
                                too_big(path, wanted.unwrap_or_default(), &why)
                            }
                        }
                    })?;
                if let Some(wanted) = wanted
                    && !tables.iter().any(|(other, ..)| *other == name)
                {
                    text_budget = sparse.text_budget();
                    tables.push((name, hidden, wanted, sparse, merges));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let visibility: Vec<(String, bool)> = tables
        .iter()
        .map(|(name, hidden, ..)| (name.clone(), *hidden))
        .collect();
    let mut sheets = Vec::new();
    for Chosen {
        name,
        wanted,
        notes,
    } in choose_sheets(&visibility)
    {
        let Some(at) = tables.iter().position(|(other, ..)| *other == name) else {
            continue;
        };
        let (_, _, _, mut sparse, merges) = tables.swap_remove(at);
        sparse.fill_merged(&merges);
        let mut sheet = sparse.finish(wanted);
        sheet.chosen_as(&name, notes);
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Whether the package says its parts are encrypted (a password to open).
fn ods_is_encrypted<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>) -> bool {
    let Ok(manifest) = archive.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = Vec::new();
    if manifest.take(1024 * 1024).read_to_end(&mut text).is_err() {
        return false;
    }
    text.windows(b"encryption-data".len())
        .any(|window| window == b"encryption-data")
}

enum TableError {
    Xml,
    TooBig(TooBig),
}

impl From<quick_xml::Error> for TableError {
    fn from(_: quick_xml::Error) -> Self {
        TableError::Xml
    }
}

/// Reads one table up to its end tag; keeps its cells in `sparse` when `keep`. Returns the
/// merged ranges (first row and column, last row and column; 0-based).
fn read_table<R: std::io::BufRead>(
    reader: &mut quick_xml::Reader<R>,
    keep: bool,
    sparse: &mut SparseSheet,
) -> Result<Vec<calamine::Dimensions>, TableError> {
    let mut merges = Vec::new();
    let mut buf = Vec::new();
    // The row being read (0-based), how many rows it stands for, the next cell's column.
    let mut row: u64 = 0;
    let mut row_repeat: u64 = 1;
    // `table:visibility` of the row being read: collapse (hidden) or filter (filtered out).
    let mut row_hidden: Option<Hidden> = None;
    let mut column: u64 = 0;
    let mut row_cells: Vec<(u32, Cell)> = Vec::new();
    // Tables inside a cell's content are passed over with it; this counts other nesting.
    let mut depth = 0usize;
    loop {
        let (start, has_content) = match reader.read_event_into(&mut buf)? {
            Event::Start(start) => (start.into_owned(), true),
            Event::Empty(start) => (start.into_owned(), false),
            Event::End(end) => {
                match end.name().as_ref() {
                    "table:table-row" if depth == 0 => {
                        if keep && !row_cells.is_empty() {
                            // A row with content stands for `row_repeat` rows: each is added,
                            // after checking they all fit the limits (an empty row repeated to
                            // the sheet's end costs nothing).
                            let kept: Vec<&Cell> = row_cells
                                .iter()
                                .filter(|(col, _)| *col < MAX_COLUMNS)
                                .map(|(_, cell)| cell)
                                .collect();
                            let text_bytes = kept
                                .iter()
                                .map(|cell| match cell {
                                    Cell::Text(text) => text.len(),
                                    _ => 0,
                                })
                                .sum();
                            sparse
                                .check_room(row_repeat, kept.len(), text_bytes)
                                .map_err(TableError::TooBig)?;
                            for offset in 0..row_repeat {
                                let at = u32::try_from(row.saturating_add(offset))
                                    .map_err(|_| TableError::TooBig(TooBig::Rows))?;
                                for (col, cell) in &row_cells {
                                    sparse
                                        .add(at, *col, cell.clone())
                                        .map_err(TableError::TooBig)?;
                                }
                                if let Some(why) = row_hidden {
                                    sparse.hide_row(at, why);
                                }
                            }
                        }
                        row = row.saturating_add(row_repeat);
                        row_repeat = 1;
                        row_cells.clear();
                    }
                    "table:table" if depth == 0 => break,
                    "table:table" => depth -= 1,
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Event::Eof => return Err(TableError::Xml),
            _ => {
                buf.clear();
                continue;
            }
        };
        buf.clear();
        match start.name().as_ref() {
            "table:table-cell" | "table:covered-table-cell" if depth == 0 => {
                let cell = read_cell(reader, &start, has_content, keep)?;
                if keep {
                    place_cell(cell.0, cell.1, row, column, &mut row_cells, &mut merges);
                }
                column = column.saturating_add(cell.1);
            }
            "table:table-row" if depth == 0 => {
                let repeat = count_attribute(&start, "table:number-rows-repeated");
                if has_content {
                    row_repeat = repeat;
                    row_hidden = match attribute(&start, "table:visibility").as_deref() {
                        Some("collapse") => Some(Hidden::Row),
                        Some("filter") => Some(Hidden::Filtered),
                        _ => None,
                    };
                    column = 0;
                    row_cells.clear();
                } else {
                    row = row.saturating_add(repeat);
                }
            }
            "table:table" if has_content => depth += 1,
            _ => {}
        }
    }
    Ok(merges)
}

/// Puts a cell read at `row`, `column` into the row's cells (each column it is repeated over,
/// up to [`MAX_COLUMNS`] and one past it, so content far to the right is noted), and its merged
/// range into `merges`.
fn place_cell(
    cell: OdsCell,
    columns: u64,
    row: u64,
    column: u64,
    row_cells: &mut Vec<(u32, Cell)>,
    merges: &mut Vec<calamine::Dimensions>,
) {
    if cell.value == Cell::Empty {
        return;
    }
    let as_u32 = |value: u64| u32::try_from(value).unwrap_or(u32::MAX);
    if cell.rows_spanned > 1 && column < u64::from(MAX_COLUMNS) {
        let first = (as_u32(row), as_u32(column));
        let last = (
            first.0.saturating_add(cell.rows_spanned - 1),
            first.1.saturating_add(cell.columns_spanned.max(1) - 1),
        );
        merges.push(calamine::Dimensions::new(first, last));
    }
    let limit = u64::from(MAX_COLUMNS);
    let end = column.saturating_add(columns.max(1));
    let mut at = column;
    while at < end {
        row_cells.push((as_u32(at), cell.value.clone()));
        if at >= limit {
            break;
        }
        at += 1;
    }
}

/// Reads one cell (its start tag read already; its content up to its end tag when
/// `has_content`): (value, columns it is repeated over). The value is left empty when not
/// `keep`.
fn read_cell<R: std::io::BufRead>(
    reader: &mut quick_xml::Reader<R>,
    start: &BytesStart<'_>,
    has_content: bool,
    keep: bool,
) -> Result<(OdsCell, u64), TableError> {
    let columns = count_attribute(start, "table:number-columns-repeated");
    let text = if has_content {
        read_cell_text(reader, keep)?
    } else {
        CellText::default()
    };
    let spanned = |name| u32::try_from(count_attribute(start, name)).unwrap_or(u32::MAX);
    let cell = OdsCell {
        value: if keep {
            cell_value(start, text)
        } else {
            Cell::Empty
        },
        rows_spanned: spanned("table:number-rows-spanned"),
        columns_spanned: spanned("table:number-columns-spanned"),
    };
    Ok((cell, columns))
}

/// A cell's text as shown, kept up to [`MAX_CELL_CHARS`] characters, and its length.
#[derive(Default)]
struct CellText {
    text: String,
    chars: usize,
}

impl CellText {
    fn push_str(&mut self, text: &str) {
        for ch in text.chars() {
            self.push(ch);
        }
    }

    fn push(&mut self, ch: char) {
        if self.chars <= MAX_CELL_CHARS {
            self.text.push(ch);
        }
        self.chars = self.chars.saturating_add(1);
    }
}

/// Reads a cell's content up to its end tag: paragraphs joined by line breaks, `text:s` spaces,
/// tabs and line breaks; notes (`office:annotation`) left out.
fn read_cell_text<R: std::io::BufRead>(
    reader: &mut quick_xml::Reader<R>,
    keep: bool,
) -> Result<CellText, TableError> {
    let mut text = CellText::default();
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut in_note = 0usize;
    let mut paragraphs = 0usize;
    loop {
        let event = reader.read_event_into(&mut buf)?;
        let keeping = keep && in_note == 0;
        match event {
            Event::Start(start) => {
                depth += 1;
                match start.name().as_ref() {
                    "office:annotation" => in_note += 1,
                    "text:p" | "text:h" if keeping => {
                        if paragraphs > 0 {
                            text.push('\n');
                        }
                        paragraphs += 1;
                    }
                    "text:s" if keeping => push_spaces(&mut text, &start),
                    _ => {}
                }
            }
            Event::Empty(start) if keeping => match start.name().as_ref() {
                "text:s" => push_spaces(&mut text, &start),
                "text:tab" => text.push('\t'),
                "text:line-break" => text.push('\n'),
                "text:p" | "text:h" => {
                    if paragraphs > 0 {
                        text.push('\n');
                    }
                    paragraphs += 1;
                }
                _ => {}
            },
            Event::Text(content) if keeping && paragraphs > 0 => {
                text.push_str(&content.xml10_content());
            }
            Event::GeneralRef(reference) if keeping && paragraphs > 0 => {
                if let Ok(Some(ch)) = reference.resolve_char_ref() {
                    text.push(ch);
                } else if let Some(entity) =
                    quick_xml::escape::resolve_predefined_entity(&reference.xml10_content())
                {
                    text.push_str(entity);
                }
            }
            Event::End(end) => {
                if depth == 0 {
                    return Ok(text);
                }
                depth -= 1;
                if end.name().as_ref() == "office:annotation" {
                    in_note = in_note.saturating_sub(1);
                }
            }
            Event::Eof => return Err(TableError::Xml),
            _ => {}
        }
        buf.clear();
    }
}

/// `text:s text:c="N"`: N spaces (at most what a cell may hold).
fn push_spaces(text: &mut CellText, start: &BytesStart<'_>) {
    let count = count_attribute(start, "text:c").min(MAX_CELL_CHARS as u64 + 1);
    for _ in 0..count {
        text.push(' ');
    }
}

/// A cell's value from its attributes (numbers, dates, times, true/false), else its text.
fn cell_value(start: &BytesStart<'_>, text: CellText) -> Cell {
    let value_type = attribute(start, "office:value-type").unwrap_or_default();
    if attribute(start, "calcext:value-type").as_deref() == Some("error") {
        return Cell::Error;
    }
    let typed = match value_type.as_str() {
        "float" | "percentage" | "currency" => attribute(start, "office:value")
            .and_then(|value| value.trim().parse::<f64>().ok())
            .map(Cell::Number),
        "date" => attribute(start, "office:date-value").and_then(|value| iso_date(&value)),
        "time" => attribute(start, "office:time-value").and_then(|value| iso_duration(&value)),
        "boolean" => attribute(start, "office:boolean-value")
            .map(|value| Cell::Bool(value.trim().eq_ignore_ascii_case("true"))),
        _ => attribute(start, "office:string-value").map(|value| text_cell(&value)),
    };
    if let Some(cell) = typed {
        return cell;
    }
    // A formula with no value and no text: not computed when the file was written.
    if text.text.is_empty()
        && let Some(formula) = attribute(start, "table:formula")
    {
        return Cell::Uncomputed(formula);
    }
    if text.chars > MAX_CELL_CHARS {
        Cell::TooLong(text.chars)
    } else if text.text.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(text.text)
    }
}

/// `2024-03-01` or `2024-03-01T08:30:00` → the date.
fn iso_date(value: &str) -> Option<Cell> {
    let date = value.trim().get(..10)?;
    let mut parts = date.split('-');
    let year = parts.next()?.parse::<u16>().ok()?;
    let month = parts.next()?.parse::<u8>().ok()?;
    let day = parts.next()?.parse::<u8>().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Cell::Date(year, month, day))
}

/// `PT08H30M00S` → 8:30.
fn iso_duration(value: &str) -> Option<Cell> {
    let rest = value.trim().strip_prefix("PT")?;
    let mut hours = 0u32;
    let mut minutes = 0u32;
    let mut seconds = 0f64;
    let mut number = String::new();
    for ch in rest.chars() {
        match ch {
            'H' => hours = number.parse().ok()?,
            'M' => minutes = number.parse().ok()?,
            'S' => seconds = number.parse().ok()?,
            _ => {
                number.push(ch);
                continue;
            }
        }
        number.clear();
    }
    let total = u64::from(hours) * 3600 + u64::from(minutes) * 60 + seconds.round() as u64;
    Some(Cell::Time(
        u32::try_from(total / 3600).unwrap_or(u32::MAX),
        ((total / 60) % 60) as u8,
        (total % 60) as u8,
    ))
}

/// An attribute's value, unescaped.
fn attribute(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.as_ref() == name)
        .and_then(|attribute| {
            attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|value| value.into_owned())
        })
}

/// A count attribute (`…-repeated`, `…-spanned`, `text:c`): at least 1.
fn count_attribute(start: &BytesStart<'_>, name: &str) -> u64 {
    attribute(start, name)
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

// ---------------------------------------------------------------------------------------------
// .xls

/// What reading one .xls sheet would cost calamine, from its records.
#[derive(Debug, Default)]
struct XlsSheetCost {
    name: String,
    /// Cells the DIMENSIONS record declares (calamine reserves room for them).
    declared_cells: u64,
    /// The rectangle spanned by value cells: (first row, first col, last row, last col).
    values: Option<(u32, u32, u32, u32)>,
    /// The rectangle spanned by formula cells.
    formulas: Option<(u32, u32, u32, u32)>,
    /// Cell records.
    cells: u64,
    /// Bytes of text the cells would take, at most.
    text_bytes: u64,
}

fn widen(rectangle: &mut Option<(u32, u32, u32, u32)>, row: u32, col: u32) {
    *rectangle = Some(match *rectangle {
        None => (row, col, row, col),
        Some((top, left, bottom, right)) => {
            (top.min(row), left.min(col), bottom.max(row), right.max(col))
        }
    });
}

fn area(rectangle: Option<(u32, u32, u32, u32)>) -> u64 {
    rectangle.map_or(0, |(top, left, bottom, right)| {
        (u64::from(bottom) - u64::from(top) + 1) * (u64::from(right) - u64::from(left) + 1)
    })
}

/// One BIFF record: its type, its data, and the data of the CONTINUE records after it.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    continued: Vec<&'a [u8]>,
}

/// The records from `stream`'s start, as calamine walks them (CONTINUE records joined to the
/// record before them); stops at the end or at a record cut short.
fn records(mut stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        let (kind, length) = header(stream)?;
        let data = stream.get(4..4 + length)?;
        stream = stream.get(4 + length..)?;
        let mut continued = Vec::new();
        while let Some((0x003C, length)) = header(stream) {
            continued.push(stream.get(4..4 + length)?);
            stream = stream.get(4 + length..)?;
        }
        Some(Record {
            kind,
            data,
            continued,
        })
    })
}

fn header(stream: &[u8]) -> Option<(u16, usize)> {
    Some((u16_at(stream, 0)?, usize::from(u16_at(stream, 2)?)))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    let pair = bytes.get(at..at + 2)?;
    Some(u16::from_le_bytes([*pair.first()?, *pair.get(1)?]))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let four = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes(four.try_into().ok()?))
}

/// The character count of every string of the shared string table (SST), walked as calamine
/// reads it (strings split across CONTINUE records carry a new flags byte).
fn shared_string_lengths<'a>(record: &Record<'a>) -> Vec<u64> {
    let mut lengths = Vec::new();
    let mut parts = record.continued.iter();
    let mut data: &'a [u8] = record.data.get(8..).unwrap_or_default();
    let mut next_part = |data: &mut &'a [u8]| -> bool {
        match parts.next() {
            Some(part) => {
                *data = part;
                true
            }
            None => false,
        }
    };
    loop {
        if data.is_empty() && !next_part(&mut data) {
            break;
        }
        if data.is_empty() {
            lengths.push(0);
            continue;
        }
        let (Some(cch), Some(&flags)) = (u16_at(data, 0), data.get(2)) else {
            break;
        };
        data = data.get(3..).unwrap_or_default();
        let mut runs = 0usize;
        let mut extended = 0usize;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(data, 0).unwrap_or(0));
            data = data.get(2..).unwrap_or_default();
        }
        if flags & 0x4 != 0 {
            extended = u32_at(data, 0).map_or(usize::MAX, |value| value as usize);
            data = data.get(4..).unwrap_or_default();
        }
        let mut high_byte = flags & 0x1 != 0;
        let mut left = usize::from(cch);
        while left > 0 {
            let width = if high_byte { 2 } else { 1 };
            let taken = (data.len() / width).min(left);
            data = data.get(taken * width..).unwrap_or_default();
            left -= taken;
            if left > 0 {
                if !next_part(&mut data) {
                    return lengths;
                }
                high_byte = data.first().is_some_and(|flags| flags & 0x1 != 0);
                data = data.get(1..).unwrap_or_default();
            }
        }
        let mut skip = runs.saturating_mul(4).saturating_add(extended);
        while skip > 0 {
            if data.is_empty() && !next_part(&mut data) {
                lengths.push(u64::from(cch));
                return lengths;
            }
            let taken = skip.min(data.len());
            data = data.get(taken..).unwrap_or_default();
            skip -= taken;
        }
        lengths.push(u64::from(cch));
    }
    lengths
}

/// A sheet's name from its BoundSheet8 record (for messages).
fn bound_sheet_name(data: &[u8], index: usize) -> String {
    let fallback = || format!("第 {} 张表", index + 1);
    let (Some(&count), Some(&flags)) = (data.get(6), data.get(7)) else {
        return fallback();
    };
    let count = usize::from(count);
    let name = if flags & 0x1 != 0 {
        let units: Vec<u16> = data
            .get(8..8 + count * 2)
            .unwrap_or_default()
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        data.get(8..8 + count)
            .unwrap_or_default()
            .iter()
            .map(|&byte| char::from(byte))
            .collect()
    };
    if name.trim().is_empty() {
        fallback()
    } else {
        crate::model::preview(&name, 40)
    }
}

/// Walks one sheet's records from `position` as calamine does.
fn sheet_cost(stream: &[u8], position: usize, strings: &[u64], name: String) -> XlsSheetCost {
    let mut cost = XlsSheetCost {
        name,
        ..XlsSheetCost::default()
    };
    let Some(sheet) = stream.get(position..) else {
        return cost;
    };
    let mut seen_bof = false;
    let mut nested = 0usize;
    let mut formula_at = (0u32, 0u32);
    for record in records(sheet) {
        if nested > 0 {
            match record.kind {
                0x0809 => nested += 1,
                0x000A => nested -= 1,
                _ => {}
            }
            continue;
        }
        let data = record.data;
        let position = || Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
        match record.kind {
            0x0809 if seen_bof => nested += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => cost.declared_cells = cost.declared_cells.max(declared_cells(data)),
            0x0203 | 0x0205 | 0x027E => {
                if let Some((row, col)) = position() {
                    widen(&mut cost.values, row, col);
                    cost.cells += 1;
                }
            }
            0x0204 | 0x00D6 => {
                if let Some((row, col)) = position() {
                    widen(&mut cost.values, row, col);
                    cost.cells += 1;
                    cost.text_bytes += data.len() as u64 * 2;
                }
            }
            0x00FD => {
                if let (Some((row, col)), Some(index)) = (position(), u32_at(data, 6))
                    && let Some(chars) = strings.get(index as usize)
                {
                    widen(&mut cost.values, row, col);
                    cost.cells += 1;
                    cost.text_bytes += chars * 3;
                }
            }
            0x00BD => {
                let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at));
                if let (Some((row, first)), Some(last)) = (position(), last)
                    && u32::from(last) >= first
                {
                    widen(&mut cost.values, row, first);
                    widen(&mut cost.values, row, u32::from(last));
                    cost.cells += u64::from(last) - u64::from(first) + 1;
                }
            }
            0x0006 => {
                if let Some((row, col)) = position() {
                    formula_at = (row, col);
                    widen(&mut cost.values, row, col);
                    widen(&mut cost.formulas, row, col);
                    cost.cells += 2;
                    cost.text_bytes += data.len() as u64 * 4;
                }
            }
            0x0207 => {
                widen(&mut cost.values, formula_at.0, formula_at.1);
                cost.cells += 1;
                cost.text_bytes += data.len() as u64 * 2;
            }
            _ => {}
        }
    }
    cost
}

/// The cells a DIMENSIONS record makes calamine reserve room for (as it computes them; a
/// record it would get wrong counts as too many).
fn declared_cells(data: &[u8]) -> u64 {
    let read = || -> Option<(u32, u32, u32, u32)> {
        match data.len() {
            10 => Some((
                u32::from(u16_at(data, 0)?),
                u32::from(u16_at(data, 2)?),
                u32::from(u16_at(data, 4)?),
                u32::from(u16_at(data, 6)?),
            )),
            14 | 16 => Some((
                u32_at(data, 0)?,
                u32_at(data, 4)?,
                u32::from(u16_at(data, 8)?),
                u32::from(u16_at(data, 10)?),
            )),
            _ => None,
        }
    };
    let Some((first_row, past_row, mut first_col, past_col)) = read() else {
        return 0;
    };
    if first_col > 0xFF || past_col < first_col {
        first_col = 0;
    }
    if past_row >= 1 && past_col >= 1 {
        let rows = u64::from(past_row - 1).checked_sub(u64::from(first_row));
        let cols = u64::from(past_col - 1).checked_sub(u64::from(first_col));
        match (rows, cols) {
            (Some(rows), Some(cols)) => (rows + 1) * (cols + 1),
            _ => u64::MAX,
        }
    } else {
        1
    }
}

/// Refuses an .xls whose sheets calamine could not read within the limits (a stray cell at
/// IV65536, a DIMENSIONS record claiming millions of cells, a long text repeated in thousands
/// of cells): every sheet counts, since calamine reads them all.
pub(super) fn check_xls(path: &Path) -> Result<(), RosterError> {
    let damaged = || open_error(path, NOT_A_WORKBOOK.to_owned());
    let mut file = cfb::open(path).map_err(|_| damaged())?;
    let stream_name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| file.is_stream(name))
        .ok_or_else(damaged)?;
    let mut stream = file.open_stream(stream_name).map_err(|_| damaged())?;
    if stream.len() > MAX_PART_BYTES {
        return Err(RosterError::TooBig {
            file: path.to_path_buf(),
            reason: format!(
                "表格内容超过 {} MB。请删去多余的内容，或另存为 .xlsx 格式（文件 → 另存为 → Excel 工作簿）后再用",
                MAX_PART_BYTES / (1024 * 1024)
            ),
        });
    }
    let mut bytes = Vec::new();
    (&mut stream)
        .take(MAX_PART_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|_| damaged())?;
    drop(stream);
    drop(file);

    let mut strings = Vec::new();
    let mut sheets = Vec::new();
    for record in records(&bytes) {
        match record.kind {
            0x0085 => {
                if let Some(position) = u32_at(record.data, 0) {
                    let name = bound_sheet_name(record.data, sheets.len());
                    sheets.push((position as usize, name));
                }
            }
            0x00FC => strings = shared_string_lengths(&record),
            0x000A => break,
            _ => {}
        }
    }
    let costs: Vec<XlsSheetCost> = sheets
        .into_iter()
        .map(|(position, name)| sheet_cost(&bytes, position, &strings, name))
        .collect();
    let save_as = "。.xls 格式只能整张表一起读入：请在 Excel 里删去远处或多余的内容，或把文件另存为 .xlsx 格式（文件 → 另存为 → Excel 工作簿）后再用";
    let refuse = |reason: String| {
        Err(RosterError::TooBig {
            file: path.to_path_buf(),
            reason,
        })
    };
    let mut rectangles = 0u64;
    let mut cells = 0u64;
    let mut text = 0u64;
    for cost in &costs {
        let name = &cost.name;
        if cost.declared_cells > MAX_XLS_RECTANGLE_CELLS {
            return refuse(format!(
                "“{name}”表声明的范围有 {} 万个单元格，超过了本程序能读入的 {} 万个{save_as}",
                cost.declared_cells.min(u64::from(u32::MAX)) / 10_000,
                MAX_XLS_RECTANGLE_CELLS / 10_000
            ));
        }
        rectangles += area(cost.values) + area(cost.formulas);
        if rectangles > MAX_XLS_RECTANGLE_CELLS {
            let far = cost.values.map_or(String::new(), |(_, _, bottom, right)| {
                format!(
                    "（内容一直到 {}）",
                    cell_reference(bottom as usize + 1, right as usize)
                )
            });
            return refuse(format!(
                "“{name}”表的内容范围太大{far}，要占 {} 万个单元格，超过了本程序能读入的 {} 万个{save_as}",
                area(cost.values) / 10_000,
                MAX_XLS_RECTANGLE_CELLS / 10_000
            ));
        }
        cells += cost.cells;
        if cells > MAX_CELLS as u64 {
            return refuse(format!(
                "“{name}”表有内容的单元格太多（所有表一共超过 {MAX_CELLS} 个）{save_as}"
            ));
        }
        text += cost.text_bytes;
        if text > MAX_TEXT_BYTES as u64 {
            return refuse(format!(
                "“{name}”表里的文字太多（所有表一共超过 {} MB，可能有大段文字被复制到了很多格）{save_as}",
                MAX_TEXT_BYTES / (1024 * 1024)
            ));
        }
    }
    let _ = (MAX_ROWS, MAX_COLUMNS);
    Ok(())
}
