//! Reading an .xlsx roster cell by cell (never the sheet's whole rectangle), with what calamine
//! does not say read from the package's XML here:
//! - formulas without a saved result: a formula cell with no `<v>`, or, in a workbook marked
//!   `fullCalcOnLoad` (written by a script: openpyxl, XlsxWriter, rust_xlsxwriter), with the
//!   placeholder result 0 or empty text, has no result to trust. Simple formulas are computed
//!   (see `formula`; sheets they refer to are read too); others stay [`Cell::Uncomputed`] and
//!   stop their station with a message naming the cell.
//! - hidden and filtered-out rows (`<row hidden="1">`; filtered when inside an `autoFilter`
//!   with a filter set): not read, each reported (see `Sheet::skipped`).
//! - hidden sheets: from calamine's sheet list; see `choose_sheets`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Read, Seek};
use std::path::Path;

use quick_xml::events::Event;

use super::RosterError;
use super::formula::{self, Cells};
use super::sheet::{
    Cell, Chosen, Hidden, MAX_TEXT_BYTES, NOT_A_WORKBOOK, Sheet, SparseSheet, cell_from_data_ref,
    choose_sheets, open_error, text_cell, too_big, visibility,
};

/// The most formulas without a result that are computed in one workbook (the others stay
/// uncomputed and are reported).
const MAX_COMPUTED: usize = 200_000;
/// The most rows marked hidden that are kept per sheet (a sheet's row limit and then some).
const MAX_HIDDEN_ROWS: usize = 1_048_576;

/// A sheet read: its name in the workbook, the roster sheet it is (`None`: read only for
/// formulas that refer to it), notes, cells and merged ranges.
#[derive(Default)]
struct ReadSheet {
    name: String,
    wanted: Option<&'static str>,
    notes: Vec<String>,
    cells: SparseSheet,
    merges: Vec<calamine::Dimensions>,
}

/// Reads the roster's sheets of an .xlsx cell by cell.
pub(super) fn read_xlsx(path: &Path) -> Result<Vec<Sheet>, RosterError> {
    use calamine::Reader;
    let parts = PackageParts::read(path).unwrap_or_default();
    let mut workbook: calamine::Xlsx<_> = match calamine::open_workbook(path) {
        Ok(workbook) => workbook,
        Err(calamine::XlsxError::Io(error)) => {
            return Err(open_error(path, crate::fsutil::io_message(&error)));
        }
        Err(_) => return Err(open_error(path, NOT_A_WORKBOOK.to_owned())),
    };
    let all_sheets = visibility(workbook.sheets_metadata());
    let mut read: Vec<ReadSheet> = Vec::new();
    let mut text_budget = MAX_TEXT_BYTES;
    for Chosen {
        name,
        wanted,
        notes,
    } in choose_sheets(&all_sheets)
    {
        let sheet = ReadSheet {
            name,
            wanted: Some(wanted),
            notes,
            ..ReadSheet::default()
        };
        let sheet = read_sheet(
            &mut workbook,
            path,
            sheet,
            parts.full_calc_on_load,
            text_budget,
        )?;
        text_budget = sheet.cells.text_budget();
        read.push(sheet);
    }
    // Sheets that formulas without a result refer to (a 基础信息 sheet), read as well, until
    // every sheet referred to is read.
    loop {
        let referred: BTreeSet<String> = read
            .iter()
            .flat_map(|sheet| sheet.cells.uncomputed())
            .flat_map(|(_, _, text)| formula::referenced_sheets(&text))
            .filter_map(|name| {
                all_sheets
                    .iter()
                    .map(|(sheet, _)| sheet)
                    .find(|sheet| same_sheet(sheet, &name))
                    .cloned()
            })
            .filter(|name| !read.iter().any(|sheet| &sheet.name == name))
            .collect();
        if referred.is_empty() {
            break;
        }
        for name in referred {
            let sheet = ReadSheet {
                name,
                ..ReadSheet::default()
            };
            let sheet = read_sheet(
                &mut workbook,
                path,
                sheet,
                parts.full_calc_on_load,
                text_budget,
            )?;
            text_budget = sheet.cells.text_budget();
            read.push(sheet);
        }
    }
    drop(workbook);
    compute_formulas(&mut read, text_budget);

    let mut sheets = Vec::new();
    for mut sheet in read {
        let Some(wanted) = sheet.wanted else {
            continue;
        };
        if let Some(part) = parts.sheet_parts.get(&sheet.name) {
            for (row, why) in hidden_rows(path, part) {
                sheet.cells.hide_row(row, why);
            }
        }
        sheet.cells.fill_merged(&sheet.merges);
        let mut finished = sheet.cells.finish(wanted);
        finished.chosen_as(&sheet.name, sheet.notes);
        sheets.push(finished);
    }
    Ok(sheets)
}

/// Sheet names as formulas refer to them: Excel compares them without case.
fn same_sheet(name: &str, referred: &str) -> bool {
    name == referred || name.to_lowercase() == referred.to_lowercase()
}

/// Reads the cells and merged ranges of `sheet` (named, nothing read yet), with at most
/// `text_budget` bytes of text.
fn read_sheet<RS: Read + Seek>(
    workbook: &mut calamine::Xlsx<RS>,
    path: &Path,
    mut sheet: ReadSheet,
    full_calc_on_load: bool,
    text_budget: usize,
) -> Result<ReadSheet, RosterError> {
    let name = sheet.name.as_str();
    let unreadable = |_| open_error(path, format!("“{name}”表读不出来（表格可能已损坏）"));
    let merges = workbook
        .merge_cells_by_sheet_name(name)
        .map_err(unreadable)?;
    let mut sparse = SparseSheet::with_text_budget(text_budget);
    let mut reader = workbook.worksheet_cells_reader(name).map_err(unreadable)?;
    let shown = sheet.wanted.unwrap_or(name);
    while let Some(cell) = reader.next_cell_with_formula().map_err(unreadable)? {
        let (row, col) = cell.pos;
        let value = match cell.formula {
            Some(text) if !has_saved_result(&cell.value, full_calc_on_load) => {
                Cell::Uncomputed(text)
            }
            _ => cell_from_data_ref(&cell.value),
        };
        sparse
            .add(row, col, value)
            .map_err(|why| too_big(path, shown, &why))?;
    }
    drop(reader);
    sheet.cells = sparse;
    sheet.merges = merges;
    Ok(sheet)
}

/// Whether a formula's cached value is a result to trust: any value, except in a workbook that
/// asks to be recalculated when opened (written by a script), where 0 and empty text are the
/// placeholders such writers put in.
fn has_saved_result(value: &calamine::DataRef<'_>, full_calc_on_load: bool) -> bool {
    use calamine::DataRef;
    match value {
        DataRef::Empty => false,
        DataRef::String(text) if text.is_empty() => !full_calc_on_load,
        DataRef::Float(number) if *number == 0.0 => !full_calc_on_load,
        DataRef::Int(0) => !full_calc_on_load,
        _ => true,
    }
}

/// The workbook's sheets while formulas are computed: a memo of computed cells, the cells
/// being computed (a formula referring to itself is not computed), and the bytes of text the
/// results may still take.
struct Book<'a> {
    sheets: &'a [ReadSheet],
    memo: BTreeMap<(usize, u32, u32), Option<Cell>>,
    computing: BTreeSet<(usize, u32, u32)>,
    text_budget: usize,
    computed: usize,
}

impl Book<'_> {
    fn index(&self, sheet: &str) -> Option<usize> {
        self.sheets
            .iter()
            .position(|read| read.name == sheet)
            .or_else(|| {
                self.sheets
                    .iter()
                    .position(|read| same_sheet(&read.name, sheet))
            })
    }

    fn compute_at(&mut self, index: usize, row: u32, col: u32, depth: usize) -> Option<Cell> {
        let key = (index, row, col);
        if let Some(known) = self.memo.get(&key) {
            return known.clone();
        }
        if self.computed >= MAX_COMPUTED || !self.computing.insert(key) {
            return None;
        }
        self.computed += 1;
        let sheets = self.sheets;
        let read = sheets.get(index)?;
        let value = match read.cells.get(row, col) {
            Some(Cell::Uncomputed(text)) => formula::compute(text, &read.name, self, depth),
            _ => None,
        };
        self.computing.remove(&key);
        let value = value.map(|value| match value {
            Cell::Text(text) => text_cell(&text),
            other => other,
        });
        let bytes = match &value {
            Some(Cell::Text(text)) => text.len(),
            _ => 0,
        };
        if bytes > self.text_budget {
            self.memo.insert(key, None);
            return None;
        }
        self.text_budget -= bytes;
        self.memo.insert(key, value.clone());
        value
    }
}

impl Cells for Book<'_> {
    fn cell(&mut self, sheet: &str, row: u32, col: u32) -> Option<Cell> {
        let index = self.index(sheet)?;
        Some(
            self.sheets
                .get(index)?
                .cells
                .get(row, col)
                .cloned()
                .unwrap_or(Cell::Empty),
        )
    }

    fn computed(&mut self, sheet: &str, row: u32, col: u32, depth: usize) -> Option<Cell> {
        let index = self.index(sheet)?;
        self.compute_at(index, row, col, depth)
    }
}

/// Computes the formulas without a result that can be computed, in every sheet read.
fn compute_formulas(sheets: &mut [ReadSheet], text_budget: usize) {
    let pending: Vec<(usize, u32, u32)> = sheets
        .iter()
        .enumerate()
        .flat_map(|(index, sheet)| {
            sheet
                .cells
                .uncomputed()
                .into_iter()
                .map(move |(row, col, _)| (index, row, col))
        })
        .collect();
    if pending.is_empty() {
        return;
    }
    let results: Vec<((usize, u32, u32), Cell)> = {
        let mut book = Book {
            sheets: &*sheets,
            memo: BTreeMap::new(),
            computing: BTreeSet::new(),
            text_budget,
            computed: 0,
        };
        pending
            .into_iter()
            .filter_map(|(index, row, col)| {
                book.compute_at(index, row, col, 0)
                    .map(|value| ((index, row, col), value))
            })
            .collect()
    };
    for ((index, row, col), value) in results {
        if let Some(sheet) = sheets.get_mut(index) {
            sheet.cells.replace(row, col, value);
        }
    }
}

/// What the package says beyond calamine: whether it asks to be recalculated on opening, and
/// the part of each sheet (to read its rows' visibility).
#[derive(Debug, Default)]
struct PackageParts {
    full_calc_on_load: bool,
    /// sheet name → part path in the zip (`xl/worksheets/sheet1.xml`).
    sheet_parts: BTreeMap<String, String>,
}

impl PackageParts {
    /// Reads `xl/workbook.xml` and its relationships; `None` when they cannot be read (calamine
    /// then reports the damaged file).
    fn read(path: &Path) -> Option<PackageParts> {
        let file = std::fs::File::open(path).ok()?;
        let mut archive = zip::ZipArchive::new(BufReader::new(file)).ok()?;
        let mut parts = PackageParts::default();
        // relationship id → target
        let mut targets: BTreeMap<String, String> = BTreeMap::new();
        each_start(
            &mut archive,
            "xl/_rels/workbook.xml.rels",
            |name, attributes| {
                if name == "Relationship"
                    && let (Some(id), Some(target)) =
                        (attributes.get("Id"), attributes.get("Target"))
                {
                    targets.insert(id.clone(), target.clone());
                }
            },
        )?;
        let mut sheets: Vec<(String, String)> = Vec::new();
        each_start(
            &mut archive,
            "xl/workbook.xml",
            |name, attributes| match name {
                "sheet" => {
                    if let (Some(sheet), Some(id)) =
                        (attributes.get("name"), attributes.get("r:id"))
                    {
                        sheets.push((sheet.clone(), id.clone()));
                    }
                }
                "calcPr" => {
                    parts.full_calc_on_load = attributes
                        .get("fullCalcOnLoad")
                        .is_some_and(|value| value == "1" || value == "true");
                }
                _ => {}
            },
        )?;
        for (sheet, id) in sheets {
            if let Some(target) = targets.get(&id) {
                let part = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("xl/{target}"),
                };
                parts.sheet_parts.insert(sheet, part);
            }
        }
        Some(parts)
    }
}

/// Calls `each` with the local name and attributes (qualified name → value) of every start
/// or empty element of the part `name`; `None` when the part is missing or not XML.
fn each_start<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    mut each: impl FnMut(&str, &BTreeMap<String, String>),
) -> Option<()> {
    let part = archive.by_name(name).ok()?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(start) | Event::Empty(start) => {
                let attributes: BTreeMap<String, String> = start
                    .attributes()
                    .flatten()
                    .filter_map(|attribute| {
                        let key = attribute.key.as_ref().to_owned();
                        let value = attribute
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()?
                            .into_owned();
                        Some((key, value))
                    })
                    .collect();
                each(start.local_name().as_ref(), &attributes);
            }
            Event::Eof => return Some(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The hidden rows (0-based) of a sheet's part, each as hidden or filtered out (hidden inside
/// the sheet's `autoFilter` range while a filter is set). Nothing when the part cannot be read.
fn hidden_rows(path: &Path, part: &str) -> Vec<(u32, Hidden)> {
    let Ok(file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    let Ok(mut archive) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Vec::new();
    };
    let mut hidden: Vec<u32> = Vec::new();
    let mut next_row: u32 = 0;
    let mut filter: Option<(u32, u32)> = None;
    let mut filter_set = false;
    let read = each_start(&mut archive, part, |name, attributes| match name {
        "row" => {
            let row = attributes
                .get("r")
                .and_then(|r| r.trim().parse::<u32>().ok())
                .and_then(|r| r.checked_sub(1))
                .unwrap_or(next_row);
            next_row = row.saturating_add(1);
            let is_hidden = attributes
                .get("hidden")
                .is_some_and(|value| value == "1" || value == "true");
            if is_hidden && hidden.len() < MAX_HIDDEN_ROWS {
                hidden.push(row);
            }
        }
        "autoFilter" => {
            filter = attributes.get("ref").and_then(|range| row_range(range));
        }
        "filterColumn" | "filters" | "customFilters" | "top10" | "dynamicFilter"
        | "colorFilter" | "iconFilter" => filter_set = true,
        _ => {}
    });
    if read.is_none() {
        return Vec::new();
    }
    hidden
        .into_iter()
        .map(|row| {
            let filtered =
                filter_set && filter.is_some_and(|(first, last)| row > first && row <= last);
            (
                row,
                if filtered {
                    Hidden::Filtered
                } else {
                    Hidden::Row
                },
            )
        })
        .collect()
}

/// The first and last row (0-based) of a range such as `A1:I30`.
fn row_range(range: &str) -> Option<(u32, u32)> {
    let row_of = |cell: &str| -> Option<u32> {
        let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
        digits.parse::<u32>().ok()?.checked_sub(1)
    };
    let (first, last) = range.split_once(':').unwrap_or((range, range));
    Some((row_of(first)?, row_of(last)?))
}
