//! Reading a roster: .xlsx cell by cell (never the sheet's whole rectangle), .ods cell by cell
//! and .xls with calamine after a check of its extent (see `legacy`), CSV in UTF-8, GBK or UTF-16, into stations. Merged cells give their value to every
//! row they cover; values are read as Excel shows them (times, dates, cached formula results).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::schema::{
    self, EVERY_STATION, KEY, LANGUAGES_COLUMN, ListSheet, ORDER_CHOICES, ORDER_COLUMN, PARTNERS,
    PROCESS, RATIO_COLUMN, REGION_COLUMN, RULES, SERVICES, STAFF, STATION, STATION_SHEET,
    SheetInfo, SheetSchema, Value, translated_field,
};
use super::sheet::{
    Cell, Chosen, Hidden, MAX_PART_BYTES, MAX_TEXT_BYTES, NOT_A_WORKBOOK, Sheet, SparseSheet,
    cell_from_data, cell_reference, cell_text, cell_text_lossy, choose_sheets, normalize_date,
    normalize_name, open_error, text_cell, too_big, visibility,
};
use super::{Roster, RosterError, RosterStation};
use crate::model::{
    FieldPath, Language, LanguageOrder, Languages, QrCode, StationFile, StationKind,
};

/// Reads an .xlsx/.xlsm/.xls/.ods roster.
pub fn read_workbook(path: &Path) -> Result<Roster, RosterError> {
    let sheets = if is_zip(path)? {
        check_zip_parts(path)?;
        match zip_kind(path)? {
            ZipKind::Ods => guard_damaged(path, || super::legacy::read_ods(path))?,
            ZipKind::Xlsb => {
                return Err(open_error(
                    path,
                    "是 Excel 二进制工作簿（.xlsb），本程序读不了。请在 Excel 里另存为 .xlsx 格式（文件 → 另存为 → Excel 工作簿）后再用".to_owned(),
                ));
            }
            ZipKind::Xlsx => guard_damaged(path, || super::xlsx::read_xlsx(path))?,
        }
    } else {
        check_file_size(path)?;
        guard_damaged(path, || {
            super::legacy::check_xls(path)?;
            read_other_workbook(path)
        })?
    };
    if !sheets.iter().any(|sheet| sheet.name == STATION_SHEET) {
        return Err(RosterError::NoStationSheet {
            file: path.to_path_buf(),
        });
    }
    build(&sheets)
}

/// What a zip package holds.
enum ZipKind {
    Xlsx,
    Xlsb,
    Ods,
}

/// Tells an OpenDocument spreadsheet and an .xlsb from an .xlsx by the parts they hold.
fn zip_kind(path: &Path) -> Result<ZipKind, RosterError> {
    let file = std::fs::File::open(path)
        .map_err(|error| open_error(path, crate::fsutil::io_message(&error)))?;
    let archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|_| open_error(path, NOT_A_WORKBOOK.to_owned()))?;
    let has = |name: &str| archive.index_for_name(name).is_some();
    Ok(if has("content.xml") && !has("xl/workbook.xml") {
        ZipKind::Ods
    } else if has("xl/workbook.bin") {
        ZipKind::Xlsb
    } else {
        ZipKind::Xlsx
    })
}

/// Refuses a workbook file larger than [`MAX_PART_BYTES`] before it is read.
fn check_file_size(path: &Path) -> Result<(), RosterError> {
    let metadata = std::fs::metadata(path)
        .map_err(|error| open_error(path, crate::fsutil::io_message(&error)))?;
    if metadata.len() > MAX_PART_BYTES {
        return Err(RosterError::TooBig {
            file: path.to_path_buf(),
            reason: format!(
                "文件有 {} MB，超过 {} MB 的上限。请删去多余的内容，或另存为 .xlsx 格式后再用",
                metadata.len() / (1024 * 1024),
                MAX_PART_BYTES / (1024 * 1024)
            ),
        });
    }
    Ok(())
}

/// Runs `read`; a damaged file that makes the spreadsheet library give up inside is reported as
/// damaged, never the end of the program.
fn guard_damaged(
    path: &Path,
    read: impl FnOnce() -> Result<Vec<Sheet>, RosterError>,
) -> Result<Vec<Sheet>, RosterError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(open_error(path, NOT_A_WORKBOOK.to_owned())))
}

/// Whether the file is a zip archive (.xlsx, .xlsm, .ods), from its first bytes.
fn is_zip(path: &Path) -> Result<bool, RosterError> {
    let mut file = std::fs::File::open(path)
        .map_err(|error| open_error(path, crate::fsutil::io_message(&error)))?;
    let mut magic = [0u8; 4];
    let read = file
        .read(&mut magic)
        .map_err(|error| open_error(path, crate::fsutil::io_message(&error)))?;
    Ok(read == 4 && magic == *b"PK\x03\x04")
}

/// Refuses a workbook whose parts unpack to more than [`MAX_PART_BYTES`] (a 1 GB text cell, a
/// zip bomb) before anything is unpacked.
fn check_zip_parts(path: &Path) -> Result<(), RosterError> {
    let file = std::fs::File::open(path)
        .map_err(|error| open_error(path, crate::fsutil::io_message(&error)))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|_| open_error(path, NOT_A_WORKBOOK.to_owned()))?;
    for index in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(index) else {
            return Err(open_error(path, NOT_A_WORKBOOK.to_owned()));
        };
        if part.size() > MAX_PART_BYTES {
            return Err(RosterError::TooBig {
                file: path.to_path_buf(),
                reason: format!(
                    "其中 {} 解压后有 {} MB，超过 {} MB 的上限。表格里可能有特别大的单元格或大量无用内容：请检查后另存为新文件",
                    crate::model::preview(&part.name().unwrap_or_default(), 60),
                    part.size() / (1024 * 1024),
                    MAX_PART_BYTES / (1024 * 1024)
                ),
            });
        }
    }
    Ok(())
}

/// Reads the roster's sheets of an .xls, checked first by [`super::legacy::check_xls`]
/// (calamine reads an .xls whole).
fn read_other_workbook(path: &Path) -> Result<Vec<Sheet>, RosterError> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path).map_err(|error| {
        open_error(
            path,
            match error {
                calamine::Error::Io(error) => crate::fsutil::io_message(&error),
                _ => NOT_A_WORKBOOK.to_owned(),
            },
        )
    })?;
    let mut sheets = Vec::new();
    let mut text_budget = MAX_TEXT_BYTES;
    for Chosen {
        name,
        wanted,
        notes,
    } in choose_sheets(&visibility(workbook.sheets_metadata()))
    {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|_| open_error(path, format!("“{name}”表读不出来（表格可能已损坏）")))?;
        let merges = match &workbook {
            calamine::Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let mut sparse = SparseSheet::with_text_budget(text_budget);
        for (row, col, data) in range.used_cells() {
            let row = first_row.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
            let col = first_col.saturating_add(u32::try_from(col).unwrap_or(u32::MAX));
            sparse
                .add(row, col, cell_from_data(data))
                .map_err(|why| too_big(path, wanted, &why))?;
        }
        drop(range);
        text_budget = sparse.text_budget();
        sparse.fill_merged(&merges);
        let mut sheet = sparse.finish(wanted);
        sheet.chosen_as(&name, notes);
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Reads a CSV roster: `path` is the 站点 sheet; 服务项目.csv, 服务人员.csv, 服务流程.csv and
/// 五社联动.csv beside it are the other sheets, when present.
pub fn read_csv(path: &Path) -> Result<Roster, RosterError> {
    let mut sheets = vec![read_csv_sheet(path, STATION_SHEET)?];
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    for name in schema::sheets().iter().skip(1).map(|sheet| sheet.name) {
        let companion = folder.join(format!("{name}.csv"));
        if companion.is_file() && companion != path {
            sheets.push(read_csv_sheet(&companion, name)?);
        }
    }
    build(&sheets)
}

fn read_csv_sheet(path: &Path, name: &str) -> Result<Sheet, RosterError> {
    let read_error = |source| RosterError::Read {
        file: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(RosterError::TooBig {
            file: path.to_path_buf(),
            reason: format!(
                "CSV 文件超过 {} MB。请删去多余的内容，或分成几个文件",
                MAX_PART_BYTES / (1024 * 1024)
            ),
        });
    }
    let text = decode_csv(&bytes).map_err(|reason| RosterError::Csv {
        file: path.to_path_buf(),
        reason: reason.to_string(),
    })?;
    let delimiter = csv_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sparse = SparseSheet::default();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|error| RosterError::Csv {
            file: path.to_path_buf(),
            reason: match error.position() {
                Some(position) => format!("第 {} 行格式不对", position.line()),
                None => "格式不对".into(),
            },
        })?;
        let row = u32::try_from(index).unwrap_or(u32::MAX);
        for (col, field) in record.iter().enumerate() {
            let col = u32::try_from(col).unwrap_or(u32::MAX);
            sparse
                .add(row, col, text_cell(field))
                .map_err(|why| too_big(path, name, &why))?;
        }
    }
    Ok(sparse.finish(name))
}

/// The separator of a CSV text: a tab for Excel's “Unicode 文本” (tab-separated), else a comma.
fn csv_delimiter(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.matches('\t').count() > first_line.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Why the text of a CSV file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvEncodingError {
    /// UTF-16 (by its mark or its zero bytes) that does not decode.
    #[error(
        "文件是 {encoding}（Excel 的“Unicode 文本”）编码，但内容有损坏，无法读出。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再试"
    )]
    BrokenUtf16 {
        /// UTF-16 LE or BE.
        encoding: &'static str,
    },
    /// Zero bytes in what is not UTF-16.
    #[error(
        "文件中有空字节，不是能识别的文字编码（可能不是 CSV 文件）。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再试"
    )]
    ZeroBytes,
}

/// Text of a CSV file: UTF-16 (with its byte-order mark, as Excel's “Unicode 文本” writes it, or
/// recognised by its zero bytes), UTF-8 (BOM removed), or else GB18030 (a superset of GBK), which
/// is what Excel's plain “CSV（逗号分隔）” writes on Chinese Windows. UTF-16 that does not decode
/// is refused, naming the encoding.
pub fn decode_csv(bytes: &[u8]) -> Result<String, CsvEncodingError> {
    let utf16 = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Some((encoding_rs::UTF_16LE, rest, "UTF-16 LE"))
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Some((encoding_rs::UTF_16BE, rest, "UTF-16 BE"))
    } else {
        // No mark: text in UTF-8 or GBK never has a zero byte; in UTF-16 every tab, line break
        // and digit has one, at odd places (LE) or even places (BE).
        let sample = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or_default();
        let zeros_at = |parity: usize| {
            sample
                .iter()
                .enumerate()
                .filter(|(index, byte)| index % 2 == parity && **byte == 0)
                .count()
        };
        let (odd, even) = (zeros_at(1), zeros_at(0));
        if odd > 0 && odd >= even * 9 {
            Some((encoding_rs::UTF_16LE, bytes, "UTF-16 LE"))
        } else if even > 0 && even >= odd * 9 {
            Some((encoding_rs::UTF_16BE, bytes, "UTF-16 BE"))
        } else {
            None
        }
    };
    if let Some((encoding, rest, name)) = utf16 {
        return match encoding.decode_without_bom_handling_and_without_replacement(rest) {
            Some(text) => Ok(text.into_owned()),
            None => Err(CsvEncodingError::BrokenUtf16 { encoding: name }),
        };
    }
    if bytes.contains(&0) {
        return Err(CsvEncodingError::ZeroBytes);
    }
    Ok(decode_text(bytes))
}

/// Text of a CSV file: UTF-8 (BOM removed), or else GB18030 (a superset of GBK), which is what
/// Excel's plain “CSV（逗号分隔）” writes on Chinese Windows.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// A key cell's text: line breaks (Alt+Enter) dropped with the spaces around them, surrounding
/// spaces trimmed.
fn key_text(text: &str) -> String {
    text.split(['\n', '\r'])
        .map(str::trim)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// How keys are matched between sheets: without any spaces (also full-width ones).
fn key_match(text: &str) -> String {
    text.chars().filter(|ch| !ch.is_whitespace()).collect()
}

/// Whether `text` looks like a number Excel has shown in scientific notation (1.38E+10).
fn is_scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.trim().split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa.chars().all(|ch| ch.is_ascii_digit() || ch == '.')
        && mantissa.chars().any(|ch| ch.is_ascii_digit())
        && !exponent.is_empty()
        && exponent.chars().all(|ch| ch.is_ascii_digit())
}

/// A sheet's columns found by name.
struct Columns {
    /// normalized name → index
    index: BTreeMap<String, usize>,
    /// The translation columns: (the column's normalized name, the column translated, the
    /// language), in the order of the first row.
    translations: Vec<(String, &'static str, Language)>,
}

impl Columns {
    fn new(sheet: &Sheet, info: &SheetInfo, notes: &mut Vec<String>) -> Columns {
        let mut index = BTreeMap::new();
        let mut translations = Vec::new();
        for (position, name) in sheet.header.iter().enumerate() {
            let normalized = normalize_name(name);
            if normalized.is_empty() {
                continue;
            }
            if info
                .headers
                .iter()
                .any(|column| normalize_name(column.name) == normalized)
            {
                index.entry(normalized).or_insert(position);
                continue;
            }
            match translation_column(info, &normalized) {
                Ok(Some((column, language))) => {
                    if !index.contains_key(&normalized) {
                        index.insert(normalized.clone(), position);
                        translations.push((normalized, column, language));
                    }
                }
                Ok(None) => notes.push(format!(
                    "“{}”表第 1 行的列名“{name}”不认识，这一列没有读入（可用的列名见模板）",
                    sheet.shown_name()
                )),
                Err(why) => notes.push(format!(
                    "“{}”表第 1 行的列名“{name}”：{why}。这一列没有读入",
                    sheet.shown_name()
                )),
            }
        }
        Columns {
            index,
            translations,
        }
    }
}

/// A column name of the form `列名（民族文字）` (already normalized): the column it translates
/// and the language; `Ok(None)` when the name is not of that form; `Err` (why, in Chinese) when
/// it is meant as one but names no column with translations, or no language we know.
fn translation_column(
    info: &SheetInfo,
    normalized: &str,
) -> Result<Option<(&'static str, Language)>, String> {
    let Some(inner_start) = normalized.rfind('（') else {
        return Ok(None);
    };
    let Some(inner) = normalized
        .get(inner_start + '（'.len_utf8()..)
        .and_then(|rest| rest.strip_suffix('）'))
    else {
        return Ok(None);
    };
    let base = normalized.get(..inner_start).unwrap_or("");
    let language = crate::model::language_by_name(inner);
    let column = info
        .headers
        .iter()
        .find(|column| normalize_name(column.name) == base);
    let translated = info.translated_names();
    let example = translated.first().copied().unwrap_or(KEY);
    match (column, language) {
        (Some(column), Some(language)) if column.name == KEY && !info.list.is_empty() => {
            Err(format!(
                "这张表的“{KEY}”只用来对应站点；站点全称的{}译文请填在“{STATION_SHEET}”表的“{}”列",
                language.chinese_name(),
                schema::translation_header(KEY, language)
            ))
        }
        (Some(column), Some(language)) => {
            if translated_field(info.list, column.field).is_some() {
                Ok(Some((column.name, language)))
            } else {
                Err(format!(
                    "“{}”不印在公示牌上，不需要{}译文（有译文列的是：{}）",
                    column.name,
                    language.chinese_name(),
                    translated.join("、")
                ))
            }
        }
        (Some(column), None) => Err(format!(
            "“{inner}”不是本程序认识的民族文字，可写：{}（如“{}（{}）”）",
            crate::model::language_choices(),
            column.name,
            Language::Uyghur.chinese_name()
        )),
        (None, Some(language)) => Err(format!(
            "“{base}”不是“{}”表的列名。{}译文列应写成“列名（{}）”，如“{example}（{}）”；这张表有译文列的是：{}",
            info.name,
            language.chinese_name(),
            language.chinese_name(),
            language.chinese_name(),
            translated.join("、")
        )),
        (None, None) => Ok(None),
    }
}

/// One row being read: collects problems that name the sheet, row and column.
struct Row<'a> {
    /// Its name in the workbook, for messages.
    shown: &'a str,
    number: usize,
    cells: &'a [Cell],
    columns: &'a Columns,
    problems: Vec<String>,
    warnings: Vec<String>,
}

impl<'a> Row<'a> {
    fn new(sheet: &'a Sheet, number: usize, cells: &'a [Cell], columns: &'a Columns) -> Row<'a> {
        Row {
            shown: sheet.shown_name(),
            number,
            cells,
            columns,
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn location(&self) -> String {
        format!("“{}”表第 {} 行", self.shown, self.number)
    }

    fn problem(&mut self, column: &str, message: String) {
        let location = self.location();
        self.problems
            .push(format!("{location}“{column}”列：{message}"));
    }

    /// The column's position and cell.
    fn cell(&self, column: &str) -> Option<(usize, &'a Cell)> {
        let position = *self.columns.index.get(&normalize_name(column))?;
        let cells: &'a [Cell] = self.cells;
        Some((position, cells.get(position).unwrap_or(&Cell::Empty)))
    }

    /// “（E5 单元格）”.
    fn reference(&self, position: usize) -> String {
        format!("（{} 单元格）", cell_reference(self.number, position))
    }

    fn text(&mut self, column: &str) -> String {
        let Some((position, cell)) = self.cell(column) else {
            return String::new();
        };
        match cell_text(cell) {
            Ok(text) => text,
            Err(message) => {
                // A formula names its cell: the user opens the file at it.
                let message = if matches!(cell, Cell::Uncomputed(_)) {
                    format!("{}{message}", self.reference(position))
                } else {
                    message
                };
                self.problem(column, message);
                String::new()
            }
        }
    }

    /// The text of a text column: a date there is most likely text Excel turned into a date
    /// (服务频次 “1-2” → 1月2日), kept as the date but warned about.
    fn plain_text(&mut self, column: &str) -> String {
        if let Some((position, cell)) = self.cell(column) {
            let inner = match cell {
                Cell::Merged(inner) => inner.as_ref(),
                other => other,
            };
            if let Cell::Date(..) = inner {
                let shown = cell_text_lossy(inner);
                let location = self.location();
                let reference = self.reference(position);
                self.warnings.push(format!(
                    "{location}“{column}”列{reference}：这是一个日期格式的单元格（{shown}），这一列应是文字。如果原本填的是“1-2”“3/4”之类，Excel 把它当成了日期：请把这一列设为“文本”格式后重新输入"
                ));
            }
        }
        self.text(column)
    }

    /// A phone number: refused when Excel keeps it as a number (a leading 0 is lost, long
    /// numbers turn into 1.38E+10).
    fn phone(&mut self, column: &str) -> String {
        let Some((position, cell)) = self.cell(column) else {
            return String::new();
        };
        let inner = match cell {
            Cell::Merged(inner) => inner.as_ref(),
            other => other,
        };
        let reference = self.reference(position);
        match inner {
            Cell::Number(_) => {
                let shown = cell_text_lossy(inner);
                self.problem(
                    column,
                    format!(
                        "{reference}电话号码“{shown}”存成了数字：数字会丢掉开头的 0，长号码会变成科学计数法。请把这一列设为“文本”格式后重新输入号码"
                    ),
                );
                String::new()
            }
            Cell::Text(text) if is_scientific(text) => {
                let shown = crate::model::preview(text.trim(), 40);
                self.problem(
                    column,
                    format!(
                        "{reference}电话号码显示成了科学计数法“{shown}”，号码已经丢失了几位。请把这一列设为“文本”格式后重新输入完整号码"
                    ),
                );
                String::new()
            }
            _ => self.plain_text(column),
        }
    }

    /// The key (站点全称) of the row, line breaks and surrounding spaces removed.
    fn key(&mut self) -> String {
        key_text(&self.text(KEY))
    }

    /// Whether the row has nothing of its own (cells a merged range covers do not count).
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|cell| match cell {
            Cell::Empty | Cell::Merged(_) => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        })
    }

    fn list(&mut self, column: &str, separators: &[char]) -> Vec<String> {
        self.plain_text(column)
            .split(|ch: char| separators.contains(&ch) || ch == '\n')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn yes_no(&mut self, column: &str, default: bool) -> bool {
        let text = self.text(column);
        match text.to_lowercase().as_str() {
            "" => default,
            "是" | "y" | "yes" | "true" | "1" | "√" | "✓" | "公开" | "免费" => true,
            "否" | "n" | "no" | "false" | "0" | "×" | "不公开" | "收费" => false,
            _ => {
                let shown = crate::model::preview(&text, 40);
                self.problem(column, format!("“{shown}”应为“是”或“否”"));
                default
            }
        }
    }

    fn kind(&mut self, column: &str) -> StationKind {
        let text = self.text(column);
        if text.is_empty() {
            return StationKind::default();
        }
        let found = StationKind::KNOWN.into_iter().find(|kind| {
            kind.code() == text
                || kind.label() == text
                || (kind.label() == "社会工作服务站" && text.ends_with("社会工作服务站"))
        });
        match found {
            Some(kind) => kind,
            None => {
                self.problem(
                    column,
                    format!(
                        "“{}”不对，应为 社会工作服务站、未成年人保护工作站 或 老年人服务设施",
                        crate::model::preview(&text, 40)
                    ),
                );
                StationKind::default()
            }
        }
    }

    fn date(&mut self, column: &str) -> String {
        let text = self.text(column);
        if text.is_empty() {
            return text;
        }
        match normalize_date(&text) {
            Some(date) => date,
            None => {
                let shown = crate::model::preview(&text, 40);
                self.problem(column, format!("“{shown}”不是日期，应形如 2026-03-01"));
                String::new()
            }
        }
    }
}

/// Builds the stations from the sheets.
fn build(sheets: &[Sheet]) -> Result<Roster, RosterError> {
    let mut roster = Roster::default();
    for sheet in sheets {
        roster.notes.extend(sheet.notes.iter().cloned());
    }
    // key_match(站点全称) → index in roster.stations.
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    let mut row_problems: Vec<Vec<String>> = Vec::new();
    for sheet in sheets.iter().filter(|sheet| sheet.name == STATION_SHEET) {
        let info = schema::sheets()
            .into_iter()
            .find(|known| known.name == STATION_SHEET)
            .ok_or_else(|| RosterError::NoKeyColumn {
                sheet: sheet.shown_name().to_owned(),
            })?;
        let columns = Columns::new(sheet, &info, &mut roster.notes);
        if !columns.index.contains_key(KEY) {
            return Err(RosterError::NoKeyColumn {
                sheet: sheet.shown_name().to_owned(),
            });
        }
        for (number, cells) in &sheet.rows {
            let mut row = Row::new(sheet, *number, cells, &columns);
            if row.is_blank() {
                continue;
            }
            let name = row.key();
            if name.is_empty() {
                if row.problems.is_empty() {
                    let location = row.location();
                    roster.problems.push(format!(
                        "{location}“{KEY}”列是空的：站点全称必须填写，这一行没有生成"
                    ));
                } else {
                    // A formula without a result: its message says what to do.
                    roster.problems.extend(row.problems);
                }
                continue;
            }
            if let Some(&first) = by_name.get(&key_match(&name)) {
                let location = row.location();
                if let Some(problems) = row_problems.get_mut(first) {
                    problems.push(format!(
                        "{location}与前面的行站点全称重复（“{}”），请删除重复的行或改名",
                        crate::model::preview(&name, 40)
                    ));
                }
                continue;
            }
            let station = station_from_row(&mut row, name.clone());
            let location = row.location();
            by_name.insert(key_match(&name), roster.stations.len());
            row_problems.push(row.problems);
            roster.stations.push(RosterStation {
                name,
                station: Ok(station),
                warnings: row.warnings,
                origins: ["station", "contacts", "updated"]
                    .into_iter()
                    .map(|field| (FieldPath::parse(field), location.clone()))
                    .collect(),
            });
        }
        for (why, key, numbers) in skipped_rows(sheet, &columns) {
            roster.notes.push(skipped_message(
                sheet.shown_name(),
                &numbers,
                why,
                &key,
                true,
            ));
        }
    }
    // The list sheets; any other sheet (填写说明) was never collected, and is not read here.
    for (sheet, list) in sheets
        .iter()
        .filter_map(|sheet| Some((sheet, ListSheet::from_name(&sheet.name)?)))
    {
        let Some(info) = schema::sheets()
            .into_iter()
            .find(|known| known.name == sheet.name)
        else {
            continue;
        };
        let columns = Columns::new(sheet, &info, &mut roster.notes);
        if sheet.skipped.is_empty()
            && sheet
                .rows
                .iter()
                .all(|(_, cells)| cells.iter().all(|cell| cell_text_lossy(cell).is_empty()))
        {
            continue;
        }
        if !columns.index.contains_key(KEY) {
            return Err(RosterError::NoKeyColumn {
                sheet: sheet.shown_name().to_owned(),
            });
        }
        // Rows for every station, applied after the sheet to stations without rows of their own.
        let mut shared: Vec<Item> = Vec::new();
        let mut has_own = vec![false; roster.stations.len()];
        // The station of the last row with a key: a row below it without one most likely
        // belongs to it (its key cell was meant to be merged).
        let mut previous: Option<usize> = None;
        for (number, cells) in &sheet.rows {
            let mut row = Row::new(sheet, *number, cells, &columns);
            if row.is_blank() {
                continue;
            }
            let key = row.key();
            let item = item_from_row(list, &mut row);
            let location = row.location();
            if key.is_empty() && !row.problems.is_empty() {
                // A formula without a result in 站点全称: its message says what to do.
                match previous.and_then(|index| row_problems.get_mut(index)) {
                    Some(problems) => problems.extend(row.problems),
                    None => roster.problems.extend(row.problems),
                }
                continue;
            }
            if key.is_empty() {
                // Never dropped quietly: the station it most likely belongs to is not made.
                let message = format!(
                    "{location}“{KEY}”列是空的（也不是合并单元格），不知道这一行属于哪个站点，这一行没有读入。请填写站点全称，或把它与上面的站点全称合并成一个单元格"
                );
                match previous.and_then(|index| row_problems.get_mut(index)) {
                    Some(problems) => problems.push(message),
                    None => roster.problems.push(message),
                }
                continue;
            }
            if key == EVERY_STATION && shared_rows(list) {
                previous = None;
                roster.problems.extend(row.problems);
                roster.notes.extend(row.warnings);
                shared.push(item);
                continue;
            }
            let Some(&index) = by_name.get(&key_match(&key)) else {
                previous = None;
                roster.problems.push(format!(
                    "{location}“{KEY}”列：“{}”在“站点”表中找不到，请检查名称是否一致",
                    crate::model::preview(&key, 60)
                ));
                continue;
            };
            previous = Some(index);
            if let Some(problems) = row_problems.get_mut(index) {
                problems.extend(row.problems);
            }
            if let Some(flag) = has_own.get_mut(index) {
                *flag = true;
            }
            if let Some(entry) = roster.stations.get_mut(index) {
                entry.warnings.extend(row.warnings);
                add_item(entry, item, location);
            }
        }
        for (why, key, numbers) in skipped_rows(sheet, &columns) {
            let entry = by_name
                .get(&key_match(&key))
                .and_then(|index| roster.stations.get_mut(*index));
            match entry {
                Some(entry) => entry.warnings.push(skipped_message(
                    sheet.shown_name(),
                    &numbers,
                    why,
                    "",
                    false,
                )),
                None => roster.notes.push(skipped_message(
                    sheet.shown_name(),
                    &numbers,
                    why,
                    &key,
                    false,
                )),
            }
        }
        if !shared.is_empty() {
            for (index, entry) in roster.stations.iter_mut().enumerate() {
                if has_own.get(index).copied().unwrap_or(true) {
                    continue;
                }
                for item in &shared {
                    add_item(
                        entry,
                        item.clone(),
                        format!("“{}”表中站点全称为“全部”的行", sheet.shown_name()),
                    );
                }
            }
        }
    }
    for (entry, problems) in roster.stations.iter_mut().zip(row_problems) {
        if !problems.is_empty() {
            entry.station = Err(problems);
        } else if let Ok(station) = &mut entry.station {
            choose_translated_languages(station, &mut entry.warnings);
            drop_unused_languages(station, &mut entry.warnings);
        }
    }
    Ok(roster)
}

/// A station with translations but no 民族文字 (and no 地区预设) gets the languages it has
/// translations in, ethnic script first at equal size, and a warning saying so: the translations
/// were written to be printed.
fn choose_translated_languages(station: &mut StationFile, warnings: &mut Vec<String>) {
    if station
        .languages
        .as_ref()
        .is_some_and(|languages| !languages.local.is_empty())
    {
        return;
    }
    let found = translated_languages(station);
    if found.is_empty() {
        return;
    }
    let names: Vec<&str> = found
        .iter()
        .map(|language| language.chinese_name())
        .collect();
    let languages = station.languages.get_or_insert_with(Languages::default);
    languages.local = found
        .iter()
        .map(|language| language.tag().to_owned())
        .collect();
    let size = if (languages.size_ratio - 1.0).abs() < f32::EPSILON {
        "与汉字同样大小".to_owned()
    } else {
        format!("字号为汉字的 {}", schema::ratio_text(languages.size_ratio))
    };
    let place = match languages.order {
        LanguageOrder::LocalFirst => "在汉字之前",
        LanguageOrder::ChineseFirst => "在汉字之后",
    };
    warnings.push(format!(
        "“{STATION_SHEET}”表中站点“{}”没有填写“{LANGUAGES_COLUMN}”，已按填写的译文印出{}（{place}，{size}）；如不对，请填写“{LANGUAGES_COLUMN}”或“{REGION_COLUMN}”",
        crate::model::preview(&station.station.name, 40),
        names.join("、")
    ));
}

/// A station whose `languages` has no script after reading (only 文字顺序 or 民族文字字号比例
/// were written, with neither 民族文字, 地区预设 nor translations) prints Chinese only: its
/// `languages` goes, with a warning naming the columns that do nothing.
fn drop_unused_languages(station: &mut StationFile, warnings: &mut Vec<String>) {
    if station
        .languages
        .as_ref()
        .is_none_or(|languages| !languages.local.is_empty())
    {
        return;
    }
    station.languages = None;
    warnings.push(format!(
        "“{STATION_SHEET}”表中站点“{}”填写了“{ORDER_COLUMN}”或“{RATIO_COLUMN}”，但没有填写“{LANGUAGES_COLUMN}”或“{REGION_COLUMN}”，也没有译文：这个站点只印汉字，这两列不起作用",
        crate::model::preview(&station.station.name, 40),
    ));
}

/// The hidden and filtered-out rows of a sheet with content, grouped by why and the 站点全称
/// written in them (in row order): (why, 站点全称, row numbers).
fn skipped_rows(sheet: &Sheet, columns: &Columns) -> Vec<(Hidden, String, Vec<usize>)> {
    let mut groups: Vec<(Hidden, String, Vec<usize>)> = Vec::new();
    for skipped in &sheet.skipped {
        let mut row = Row::new(sheet, skipped.number, &skipped.cells, columns);
        if row.is_blank() {
            continue;
        }
        let key = row.key();
        match groups.iter_mut().find(|(why, group_key, _)| {
            *why == skipped.why && key_match(group_key) == key_match(&key)
        }) {
            Some((_, _, numbers)) => numbers.push(skipped.number),
            None => groups.push((skipped.why, key, vec![skipped.number])),
        }
    }
    groups
}

/// The warning for hidden or filtered-out rows that were not read. `key` (站点全称) is named
/// when the rows are not reported with their station.
fn skipped_message(
    sheet: &str,
    numbers: &[usize],
    why: Hidden,
    key: &str,
    station_sheet: bool,
) -> String {
    let numbers = numbers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("、");
    let (what, undo) = match why {
        Hidden::Row => ("是隐藏的行", "取消隐藏"),
        Hidden::Filtered => ("被筛选隐藏了（表格设了筛选）", "清除筛选"),
    };
    let key = crate::model::preview(key, 40);
    if station_sheet {
        let named = if key.is_empty() {
            String::new()
        } else {
            format!("（{key}）")
        };
        format!(
            "“{sheet}”表第 {numbers} 行{named}{what}，没有生成这个站点。隐藏的行一般是已不再使用的站点；如果仍要生成，请在 Excel 里{undo}后再运行"
        )
    } else {
        let named = if key.is_empty() {
            String::new()
        } else {
            format!("（站点全称“{key}”）")
        };
        format!(
            "“{sheet}”表第 {numbers} 行{named}{what}，没有读入。隐藏的行一般是已不在岗的人员或已停止的项目；如果仍然有效，请在 Excel 里{undo}后再运行"
        )
    }
}

/// Whether rows with 站点全称 “全部” are shared in this sheet.
fn shared_rows(list: ListSheet) -> bool {
    match list {
        ListSheet::Services => SERVICES.shared,
        ListSheet::Staff => STAFF.shared,
        ListSheet::Process => PROCESS.shared,
        ListSheet::Partners => PARTNERS.shared,
        ListSheet::Rules => RULES.shared,
    }
}

/// Reads the cell of `column` into `item`, as the column's [`Value`] says.
fn read_value<T>(row: &mut Row<'_>, name: &str, value: &Value<T>, item: &mut T) {
    match value {
        Value::Key
        | Value::Qr { .. }
        | Value::Languages
        | Value::Region
        | Value::Order
        | Value::Ratio => {}
        Value::Text(_, set) => *set(item) = row.plain_text(name),
        Value::Phone(_, set) => *set(item) = row.phone(name),
        Value::Date(_, set) => *set(item) = row.date(name),
        Value::List {
            set, separators, ..
        } => *set(item) = row.list(name, separators),
        Value::YesNo { set, default, .. } => *set(item) = row.yes_no(name, *default),
        Value::Kind(_, set) => *set(item) = row.kind(name),
    }
}

/// A row of a sheet as its item, every column read through the schema, with its translations.
fn read_item<T: Default>(row: &mut Row<'_>, sheet: &SheetSchema<T>) -> T {
    let mut item = T::default();
    for column in sheet.columns {
        read_value(row, column.name, &column.value, &mut item);
    }
    if !sheet.list.is_empty() {
        read_translations(row, sheet, &mut item);
    }
    item
}

/// The row's translation columns (`站点全称（维吾尔文）`) into the `tr` of the object each
/// column belongs to; a list column's translation is split as its Chinese is and kept by
/// position (功能室（藏文）).
fn read_translations<T>(row: &mut Row<'_>, sheet: &SheetSchema<T>, item: &mut T) {
    let translations = row.columns.translations.clone();
    for (header, translated, language) in translations {
        let Some(column) = sheet
            .columns
            .iter()
            .find(|column| column.name == translated)
        else {
            continue;
        };
        let Some((object, field)) = translated_field(sheet.list, column.field) else {
            continue;
        };
        let (texts, is_list) = match &column.value {
            Value::List { separators, .. } => {
                // By position: an empty place (“、甲”) is an item without translation.
                let mut texts: Vec<String> = row
                    .plain_text(&header)
                    .split(|ch: char| separators.contains(&ch) || ch == '\n')
                    .map(|part| part.trim().to_owned())
                    .collect();
                while texts.last().is_some_and(String::is_empty) {
                    texts.pop();
                }
                let chinese = row
                    .cell(column.name)
                    .map(|(_, cell)| cell_text_lossy(cell))
                    .unwrap_or_default()
                    .split(|ch: char| separators.contains(&ch) || ch == '\n')
                    .filter(|part| !part.trim().is_empty())
                    .count();
                if texts.len() > chinese {
                    let location = row.location();
                    row.warnings.push(format!(
                        "{location}“{header}”列：译文有 {} 项，“{}”只有 {chinese} 项。译文按先后与中文一一对应，多出的 {} 项不会印出",
                        texts.len(),
                        column.name,
                        texts.len() - chinese
                    ));
                }
                (texts, true)
            }
            _ => (vec![row.plain_text(&header)], false),
        };
        if texts.iter().all(|text| text.is_empty()) {
            continue;
        }
        let Some(tr) = (sheet.tr)(item, object) else {
            row.problem(
                &header,
                format!(
                    "填写了{}译文，但“{}”是空的（或不完整），译文没有地方放。请先填写“{}”",
                    language.chinese_name(),
                    column.name,
                    column.name
                ),
            );
            continue;
        };
        if is_list {
            for (index, text) in texts.iter().enumerate() {
                tr.set_item(language, field, index, text);
            }
        } else if let Some(text) = texts.first() {
            tr.set(language, field, text);
        }
    }
}

/// 民族文字, 地区预设, 文字顺序 and 民族文字字号比例 of a 站点 row into `languages`: the region's
/// scripts, order and size ratio, then the 民族文字 written (in their order) instead of the
/// region's scripts, then the order and ratio written instead of the region's. An unknown
/// language or region, or a bad order or ratio, stops the station with a message naming the
/// column; an order or ratio for a station without scripts is a warning (it changes nothing).
fn read_languages(row: &mut Row<'_>, station: &mut StationFile) {
    let region_text = row.plain_text(REGION_COLUMN);
    if !region_text.is_empty() {
        match crate::template::region(&region_text) {
            Some(region) => crate::template::fill_languages(station, &region),
            None => {
                let names: Vec<String> = crate::template::builtin_regions()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|region| region.name)
                    .collect();
                row.problem(
                    REGION_COLUMN,
                    format!(
                        "“{}”不是本程序有预设的地区，可写：{}；其他地区请不填这一列，在“{LANGUAGES_COLUMN}”列写民族文字",
                        crate::model::preview(&region_text, 40),
                        names.join("、")
                    ),
                );
            }
        }
    }
    let languages_text = row.plain_text(LANGUAGES_COLUMN);
    if !languages_text.is_empty() {
        let (known, unknown) = schema::parse_languages(&languages_text);
        for part in unknown {
            row.problem(
                LANGUAGES_COLUMN,
                format!(
                    "“{}”不是本程序认识的民族文字，可写：{}",
                    crate::model::preview(&part, 40),
                    crate::model::language_choices()
                ),
            );
        }
        if !known.is_empty() {
            let languages = station.languages.get_or_insert_with(Languages::default);
            languages.local = known
                .iter()
                .map(|language| language.tag().to_owned())
                .collect();
        }
    }
    read_order_and_ratio(row, station);
}

/// 文字顺序 and 民族文字字号比例 into the station's `languages` (after 民族文字 and 地区预设).
fn read_order_and_ratio(row: &mut Row<'_>, station: &mut StationFile) {
    let order_text = row.plain_text(ORDER_COLUMN);
    let order = if order_text.is_empty() {
        None
    } else {
        let order = schema::parse_order(&order_text);
        if order.is_none() {
            row.problem(
                ORDER_COLUMN,
                format!(
                    "“{}”不对，应为“{}”",
                    crate::model::preview(&order_text, 40),
                    ORDER_CHOICES.join("”或“")
                ),
            );
        }
        order
    };
    let ratio_text = row.text(RATIO_COLUMN);
    let ratio = if ratio_text.is_empty() {
        None
    } else {
        match schema::parse_ratio(&ratio_text) {
            Ok(ratio) => Some(ratio),
            Err(error) => {
                row.problem(RATIO_COLUMN, error.to_string());
                None
            }
        }
    };
    if order.is_none() && ratio.is_none() {
        return;
    }
    // Kept even without scripts yet: translations in any sheet may choose them
    // (`choose_translated_languages`); `drop_unused_languages` warns when none do.
    let languages = station.languages.get_or_insert_with(Languages::default);
    if let Some(order) = order {
        languages.order = order;
    }
    if let Some(ratio) = ratio {
        languages.size_ratio = ratio;
    }
}

/// The languages `station` has translations in, in [`Language::ALL`]'s order.
fn translated_languages(station: &StationFile) -> Vec<Language> {
    let shown = crate::model::shown_texts(station);
    Language::ALL
        .into_iter()
        .filter(|language| {
            shown
                .iter()
                .any(|text| text.translation(*language).is_some())
        })
        .collect()
}

fn station_from_row(row: &mut Row<'_>, name: String) -> StationFile {
    let mut station = read_item(row, &STATION);
    station.station.name = name;
    // QR codes come in pairs of columns: a label needs a content.
    let mut pairs: Vec<(usize, &str, &str)> = Vec::new();
    for column in STATION.columns {
        if let Value::Qr { index, content } = column.value {
            match pairs.iter_mut().find(|(at, ..)| *at == index) {
                Some(pair) if content => pair.2 = column.name,
                Some(pair) => pair.1 = column.name,
                None if content => pairs.push((index, "", column.name)),
                None => pairs.push((index, column.name, "")),
            }
        }
    }
    pairs.sort_by_key(|(index, ..)| *index);
    for (index, label_column, content_column) in pairs {
        let label = row.plain_text(label_column);
        let content = row.plain_text(content_column);
        let number = index + 1;
        if !content.is_empty() {
            station.contacts.qr_codes.push(QrCode {
                label,
                content,
                ..QrCode::default()
            });
        } else if !label.is_empty() {
            row.problem(
                content_column,
                format!("填写了二维码{number}说明“{label}”，但没有填写二维码内容"),
            );
        }
    }
    read_languages(row, &mut station);
    read_translations(row, &STATION, &mut station);
    station
}

/// One row of a list sheet.
#[derive(Debug, Clone)]
enum Item {
    Service(crate::model::Service),
    Staff(crate::model::StaffMember),
    Step(crate::model::ProcessStep),
    Partner(crate::model::Partner),
    Rule(crate::model::Rule),
}

fn item_from_row(list: ListSheet, row: &mut Row<'_>) -> Item {
    match list {
        ListSheet::Services => Item::Service(read_item(row, &SERVICES)),
        ListSheet::Staff => Item::Staff(read_item(row, &STAFF)),
        ListSheet::Process => Item::Step(read_item(row, &PROCESS)),
        ListSheet::Rules => Item::Rule(read_item(row, &RULES)),
        ListSheet::Partners => Item::Partner(read_item(row, &PARTNERS)),
    }
}

/// Adds `item` to its list and remembers where it came from (`staff[2]` → “服务人员”表第 5 行).
fn add_item(entry: &mut RosterStation, item: Item, location: String) {
    let Ok(station) = &mut entry.station else {
        return;
    };
    let (list, index) = match item {
        Item::Service(service) => {
            station.services.push(service);
            (SERVICES.list, station.services.len() - 1)
        }
        Item::Staff(member) => {
            station.staff.push(member);
            (STAFF.list, station.staff.len() - 1)
        }
        Item::Step(step) => {
            station.process.push(step);
            (PROCESS.list, station.process.len() - 1)
        }
        Item::Partner(partner) => {
            station.partners.push(partner);
            (PARTNERS.list, station.partners.len() - 1)
        }
        Item::Rule(rule) => {
            station.rules.push(rule);
            (RULES.list, station.rules.len() - 1)
        }
    };
    entry
        .origins
        .push((FieldPath::parse(list).index(index), location));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::roster::sheet::date_time_cell;
    use crate::batch::roster::write::{example_station, station_rows};
    use crate::batch::roster::{MAX_CELL_CHARS, MAX_ROWS, PROCESS_SHEET, SERVICE_SHEET};
    use crate::model::Languages;

    fn sheet(name: &str, header: &[&str], rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: name.into(),
            header: header.iter().map(|text| (*text).to_owned()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(index, row)| {
                    (
                        index + 2,
                        row.iter()
                            .map(|text| {
                                if text.is_empty() {
                                    Cell::Empty
                                } else {
                                    Cell::Text((*text).to_owned())
                                }
                            })
                            .collect(),
                    )
                })
                .collect(),
            notes: Vec::new(),
            skipped: Vec::new(),
            workbook_name: None,
        }
    }

    #[test]
    fn example_rows_read_back_as_the_example() {
        let example = example_station();
        let sheets = written_sheets(&example);
        let roster = build(&sheets).unwrap_or_else(|error| panic!("{error}"));
        assert!(roster.problems.is_empty(), "{:?}", roster.problems);
        assert!(roster.notes.is_empty(), "{:?}", roster.notes);
        let [entry] = roster.stations.as_slice() else {
            panic!("one station expected");
        };
        assert_eq!(entry.station.as_ref().ok(), Some(&example));
        assert!(
            entry
                .origins
                .contains(&("staff[1]".into(), "“服务人员”表第 3 行".into()))
        );
    }

    /// The sheets of `station` as the roster writes them for its languages.
    fn written_sheets(station: &StationFile) -> Vec<Sheet> {
        let languages = station
            .languages
            .as_ref()
            .map(Languages::known)
            .unwrap_or_default();
        station_rows(station)
            .into_iter()
            .zip(schema::sheets())
            .map(|((name, rows), info)| Sheet {
                name: name.into(),
                header: info.written_names(&languages),
                rows: rows
                    .into_iter()
                    .enumerate()
                    .map(|(index, row)| (index + 2, row.into_iter().map(Cell::Text).collect()))
                    .collect(),
                notes: Vec::new(),
                skipped: Vec::new(),
                workbook_name: None,
            })
            .collect()
    }

    #[test]
    fn translations_are_written_beside_their_column_and_read_back() {
        let mut example = example_station();
        example.languages = Some(Languages {
            local: vec!["ug".into(), "bo".into()],
            ..Languages::default()
        });
        let (ug, bo) = (Language::Uyghur, Language::Tibetan);
        example
            .station
            .tr
            .set(ug, "name", "بەيياڭ بازىرى ئىجتىمائىي خىزمەت پونكىتى");
        example
            .station
            .tr
            .set(bo, "name", "བདེ་ཆེན་གྲོང་རྡལ་སྤྱི་ཚོགས་ལས་དོན་ཞབས་ཞུ་ས་ཚིགས།");
        example
            .station
            .tr
            .set_item(ug, "rooms", 0, "يەككە خىزمەت ئۆيى");
        example.station.tr.set_item(ug, "rooms", 1, "گۇرۇپپا ئۆيى");
        example
            .station
            .tr
            .set_item(ug, "guide_units", 1, "بازار خەلق ھۆكۈمىتى");
        example.contacts.tr.set(bo, "address", "ལྷ་ས།");
        example.contacts.qr_codes[0].tr.set(ug, "label", "ئۈندىدار");
        example.staff[1].tr.set(bo, "name", "བསྟན་འཛིན།");
        example.services[2].tr.set(ug, "fee", "20 يۈەن");
        example.rules[0].tr.set(bo, "title", "ཞབས་ཞུའི་ཁས་ལེན།");
        let sheets = written_sheets(&example);
        let header = &sheets[0].header;
        let at = |name: &str| header.iter().position(|column| column == name);
        // Each translation stands beside its Chinese, in the languages' order.
        assert_eq!(at("站点全称（维吾尔文）"), Some(1));
        assert_eq!(at("站点全称（藏文）"), Some(2));
        assert_eq!(at("简称（维吾尔文）").map(|at| at - 1), at("简称"));
        assert_eq!(at("县区（维吾尔文）"), None, "county is not printed");
        assert_eq!(at("邮箱（藏文）"), None);
        assert!(at("二维码1说明（维吾尔文）").is_some());
        assert_eq!(at("二维码1内容（维吾尔文）"), None);
        assert!(sheets[2].header.contains(&"姓名（藏文）".to_owned()));
        assert!(!sheets[2].header.contains(&"联系电话（藏文）".to_owned()));
        assert_eq!(
            sheets[0].rows[0].1.get(at("民族文字").unwrap_or(0)),
            Some(&Cell::Text("维吾尔文、藏文".into()))
        );
        let roster = build(&sheets).unwrap_or_else(|error| panic!("{error}"));
        assert!(roster.notes.is_empty(), "{:?}", roster.notes);
        let [entry] = roster.stations.as_slice() else {
            panic!("one station expected");
        };
        assert!(entry.warnings.is_empty(), "{:?}", entry.warnings);
        assert_eq!(entry.station.as_ref().ok(), Some(&example));
    }

    #[test]
    fn a_translation_of_the_key_in_a_list_sheet_points_to_the_station_sheet() {
        let sheets = [
            sheet(STATION_SHEET, &["站点全称"], &[&["甲站"]]),
            sheet(
                SERVICE_SHEET,
                &[
                    "站点全称",
                    "服务项目",
                    "站点全称（藏文）",
                    "服务项目（藏文）",
                ],
                &[&["甲站", "走访", "x", "ཐུག་འཚམས།"]],
            ),
        ];
        let roster = build(&sheets).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(
            roster.notes,
            [
                "“服务项目”表第 1 行的列名“站点全称（藏文）”：这张表的“站点全称”只用来对应站点；站点全称的藏文译文请填在“站点”表的“站点全称（藏文）”列。这一列没有读入"
            ]
        );
        let station = roster.stations[0].station.as_ref().ok();
        assert_eq!(
            station.and_then(|station| station.services[0].tr.text(Language::Tibetan, "item")),
            Some("ཐུག་འཚམས།")
        );
        // The station got the language of its translations, with a warning.
        assert_eq!(
            station.and_then(|station| station.languages.as_ref().map(Languages::known)),
            Some(vec![Language::Tibetan])
        );
        assert_eq!(roster.stations[0].warnings.len(), 1);
    }

    #[test]
    fn languages_and_regions_are_read_and_bad_ones_named() {
        let sheets = [sheet(
            STATION_SHEET,
            &[
                "站点全称",
                "民族文字",
                "地区预设",
                "功能室",
                "功能室（蒙古文）",
                "二维码1说明（蒙古文）",
            ],
            &[
                &["甲站", "", "内蒙古自治区", "甲室、乙室", "ᠠ、ᠡ", ""],
                &["乙站", "ug、mn", "", "", "", ""],
                &["丙站", "维语", "火星", "", "", ""],
                &["丁站", "", "", "", "", "ᠪ"],
            ],
        )];
        let roster = build(&sheets).unwrap_or_else(|error| panic!("{error}"));
        let languages = |index: usize| {
            roster.stations[index]
                .station
                .as_ref()
                .ok()
                .and_then(|station| station.languages.clone())
        };
        let first = languages(0).unwrap_or_default();
        assert_eq!(first.local, ["mn"]);
        let first_station = roster.stations[0].station.as_ref().ok();
        assert_eq!(
            first_station.and_then(|station| station.station.tr.item(
                Language::Mongolian,
                "rooms",
                1
            )),
            Some("ᠡ")
        );
        assert_eq!(languages(1).unwrap_or_default().local, ["ug", "mn"]);
        let Err(problems) = &roster.stations[2].station else {
            panic!("丙站 should fail");
        };
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("“站点”表第 4 行“地区预设”列：“火星”不是本程序有预设的地区，可写：新疆维吾尔自治区、"), "{problems:?}");
        assert!(
            problems[1].starts_with(
                "“站点”表第 4 行“民族文字”列：“维语”不是本程序认识的民族文字，可写：ug（维吾尔文）"
            ),
            "{problems:?}"
        );
        // A QR label's translation without a QR code: said, not dropped.
        let Err(problems) = &roster.stations[3].station else {
            panic!("丁站 should fail");
        };
        assert_eq!(
            problems,
            &["“站点”表第 5 行“二维码1说明（蒙古文）”列：填写了蒙古文译文，但“二维码1说明”是空的（或不完整），译文没有地方放。请先填写“二维码1说明”".to_owned()]
        );
    }

    #[test]
    fn order_and_ratio_survive_the_roster() {
        let mut example = example_station();
        example.languages = Some(Languages {
            local: vec!["ug".into()],
            order: crate::model::LanguageOrder::ChineseFirst,
            size_ratio: 0.8,
            ..Languages::default()
        });
        let sheets = written_sheets(&example);
        let station_sheet = sheets.first().expect("站点");
        let at = |name: &str| {
            let column = station_sheet
                .header
                .iter()
                .position(|header| header == name);
            column.and_then(|column| station_sheet.rows.first()?.1.get(column).cloned())
        };
        assert_eq!(at("文字顺序"), Some(Cell::Text("汉文在前".into())));
        assert_eq!(at("民族文字字号比例"), Some(Cell::Text("0.8".into())));
        let roster = build(&sheets).unwrap_or_else(|error| panic!("{error}"));
        assert!(roster.problems.is_empty(), "{:?}", roster.problems);
        let [entry] = roster.stations.as_slice() else {
            panic!("one station expected");
        };
        assert!(entry.warnings.is_empty(), "{:?}", entry.warnings);
        assert_eq!(entry.station.as_ref().ok(), Some(&example));
        // A station printing Chinese only writes neither.
        let plain = written_sheets(&example_station());
        let plain = plain.first().expect("站点");
        for name in ["文字顺序", "民族文字字号比例"] {
            let column = plain.header.iter().position(|header| header == name);
            let cell = column.and_then(|column| plain.rows.first()?.1.get(column).cloned());
            assert_eq!(cell, Some(Cell::Text(String::new())), "{name}");
        }
    }

    #[test]
    fn order_and_ratio_as_counties_type_them_and_bad_ones_named() {
        let header = &[
            "站点全称",
            "民族文字",
            "地区预设",
            "文字顺序",
            "民族文字字号比例",
        ];
        let mut sheets = vec![sheet(
            STATION_SHEET,
            header,
            &[
                &["甲站", "维吾尔文", "", "汉字在前", "０．８"],
                &["乙站", "", "内蒙古自治区", "汉文在前", ""],
                &["丙站", "藏文", "", "", "80%"],
                &["丁站", "ug", "", "民族文字在后", "3"],
                &["戊站", "ug", "", "", "零点八"],
                &["己站", "", "", "汉文在前", "0.8"],
                &["庚站", "朝鲜文", "", "民族文字在前", "1"],
            ],
        )];
        // A number cell as Excel keeps a typed 0.75.
        if let Some(row) = sheets[0].rows.get_mut(6) {
            row.1[4] = Cell::Number(0.75);
        }
        let roster = build(&sheets).unwrap_or_else(|error| panic!("{error}"));
        let languages = |index: usize| {
            let entry = &roster.stations[index];
            let station = entry
                .station
                .as_ref()
                .unwrap_or_else(|problems| panic!("{}: {problems:?}", entry.name));
            station.languages.clone()
        };
        use crate::model::LanguageOrder::{ChineseFirst, LocalFirst};
        let first = languages(0).expect("甲站");
        assert_eq!(
            (first.local, first.order, first.size_ratio),
            (vec!["ug".to_owned()], ChineseFirst, 0.8)
        );
        // The region's scripts and ratio, the order written instead of the region's.
        let second = languages(1).expect("乙站");
        assert_eq!(
            (second.local, second.order),
            (vec!["mn".to_owned()], ChineseFirst)
        );
        let third = languages(2).expect("丙站");
        assert_eq!((third.order, third.size_ratio), (LocalFirst, 0.8));
        let Err(problems) = &roster.stations[3].station else {
            panic!("丁站 should fail");
        };
        assert_eq!(
            problems,
            &[
                "“站点”表第 5 行“文字顺序”列：“民族文字在后”不对，应为“民族文字在前”或“汉文在前”".to_owned(),
                "“站点”表第 5 行“民族文字字号比例”列：“3”不对，应是 0.5 到 2 之间的数：1 表示民族文字与汉字同样大小（多数地区的规定），0.8 表示民族文字小一些".to_owned(),
            ]
        );
        let Err(problems) = &roster.stations[4].station else {
            panic!("戊站 should fail");
        };
        assert_eq!(
            problems,
            &["“站点”表第 6 行“民族文字字号比例”列：“零点八”不是数字，应是 0.5 到 2 之间的数：1 表示民族文字与汉字同样大小（多数地区的规定），0.8 表示民族文字小一些".to_owned()]
        );
        // Order and ratio without any script: Chinese only, and said.
        assert_eq!(languages(5), None);
        assert_eq!(
            roster.stations[5].warnings,
            ["“站点”表中站点“己站”填写了“文字顺序”或“民族文字字号比例”，但没有填写“民族文字”或“地区预设”，也没有译文：这个站点只印汉字，这两列不起作用".to_owned()]
        );
        let seventh = languages(6).expect("庚站");
        assert_eq!(
            (seventh.local, seventh.order, seventh.size_ratio),
            (vec!["ko".to_owned()], LocalFirst, 0.75)
        );
    }

    #[test]
    fn bad_values_name_sheet_row_and_column() {
        let sheets = [
            sheet(
                STATION_SHEET,
                &["站点全称", "场所类型", "更新日期"],
                &[&["甲站", "养老院", "2026-02-30"], &["乙站", "", "2026/3/1"]],
            ),
            sheet(
                SERVICE_SHEET,
                &["站点全称", "服务项目", "是否免费"],
                &[&["乙站", "走访", "也许"], &["丙站", "走访", ""]],
            ),
        ];
        let roster = build(&sheets).unwrap_or_else(|error| panic!("{error}"));
        let first = roster.stations.first().map(|entry| &entry.station);
        let Some(Err(problems)) = first else {
            panic!("甲站 should fail: {first:?}");
        };
        assert!(problems.contains(&"“站点”表第 2 行“场所类型”列：“养老院”不对，应为 社会工作服务站、未成年人保护工作站 或 老年人服务设施".to_owned()), "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("“站点”表第 2 行“更新日期”列")),
            "{problems:?}"
        );
        let second = roster.stations.get(1).map(|entry| &entry.station);
        let Some(Err(problems)) = second else {
            panic!("乙站 should fail: {second:?}");
        };
        assert_eq!(
            problems,
            &["“服务项目”表第 2 行“是否免费”列：“也许”应为“是”或“否”".to_owned()]
        );
        assert_eq!(roster.problems.len(), 1, "{:?}", roster.problems);
        assert!(
            roster
                .problems
                .iter()
                .all(|p| p.contains("第 3 行") && p.contains("丙站"))
        );
    }

    #[test]
    fn shared_rows_fill_stations_without_their_own() {
        let sheets = [
            sheet(STATION_SHEET, &["站点全称"], &[&["甲站"], &["乙站"]]),
            sheet(
                PROCESS_SHEET,
                &["站点全称", "步骤"],
                &[
                    &["全部", "接案"],
                    &["全部", "结案"],
                    &["乙站", "自己的步骤"],
                ],
            ),
        ];
        let roster = build(&sheets).unwrap_or_else(|error| panic!("{error}"));
        let steps: Vec<Vec<String>> = roster
            .stations
            .iter()
            .map(|entry| {
                entry
                    .station
                    .as_ref()
                    .map(|station| {
                        station
                            .process
                            .iter()
                            .map(|step| step.step.clone())
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(steps, [vec!["接案", "结案"], vec!["自己的步骤"]]);
    }

    #[test]
    fn numbers_and_dates_become_text_as_typed() {
        assert_eq!(
            cell_text(&Cell::Number(13800000001.0)).ok(),
            Some("13800000001".into())
        );
        assert_eq!(
            cell_text(&Cell::Date(2026, 3, 1)).ok(),
            Some("2026-03-01".into())
        );
        assert!(cell_text(&Cell::Error).is_err());
        assert_eq!(
            normalize_date("2026年3月1日").as_deref(),
            Some("2026-03-01")
        );
        assert_eq!(normalize_date("2026.12.31").as_deref(), Some("2026-12-31"));
        assert_eq!(normalize_date("2026-02-29"), None);
        assert_eq!(normalize_date("三月"), None);
    }

    #[test]
    fn sheets_are_bounded_with_clear_messages() {
        let mut sparse = SparseSheet::default();
        for row in 0..MAX_ROWS as u32 {
            assert!(sparse.add(row, 0, Cell::Text("x".into())).is_ok());
        }
        // More cells in a row already there are fine; one more row is not.
        assert!(sparse.add(5, 1, Cell::Text("y".into())).is_ok());
        let Err(why) = sparse.add(MAX_ROWS as u32, 0, Cell::Text("z".into())) else {
            panic!("row limit");
        };
        let message = too_big(Path::new("花名册.xlsx"), "服务人员", &why).to_string();
        assert_eq!(
            message,
            "花名册 花名册.xlsx 太大，没有读入：“服务人员”表有内容的行超过 50000 行。请删去多余的行，或把花名册分成几个文件"
        );
        // Far to the right: not kept, noted once.
        let mut sparse = SparseSheet::default();
        assert!(sparse.add(0, 0, Cell::Text(KEY.into())).is_ok());
        assert!(sparse.add(9, 16_383, Cell::Text("备注".into())).is_ok());
        assert!(sparse.add(10, 200, Cell::Text("备注".into())).is_ok());
        let sheet = sparse.finish("站点");
        assert!(sheet.rows.is_empty());
        assert_eq!(
            sheet.notes,
            ["“站点”表第 10 行第 16384 列（XFD10）及更靠右的内容没有读入：花名册只读前 64 列"]
        );
        // Over-long text is not kept.
        assert_eq!(
            text_cell(&"长".repeat(MAX_CELL_CHARS + 1)),
            Cell::TooLong(MAX_CELL_CHARS + 1)
        );
        assert_eq!(cell_reference(5, 0), "A5");
        assert_eq!(cell_reference(1, 26), "AA1");
    }

    #[test]
    fn keys_match_across_line_breaks_and_spaces() {
        assert_eq!(
            key_text(" 青禾县柳溪镇\r\n 社会工作服务站 "),
            "青禾县柳溪镇社会工作服务站"
        );
        assert_eq!(key_match("青禾县 柳溪镇\u{3000}站"), "青禾县柳溪镇站");
        assert!(is_scientific("1.38E+10"));
        assert!(is_scientific("1.38e10"));
        assert!(!is_scientific("0000-6601234"));
        assert!(!is_scientific("E+10"));
        assert!(!is_scientific("138 0000 0001"));
    }

    #[test]
    fn time_cells_read_as_excel_shows_them() {
        let time =
            calamine::ExcelDateTime::new(8.5 / 24.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_time_cell(&time), Cell::Time(8, 30, 0));
        assert_eq!(
            cell_text(&Cell::Time(8, 30, 0)).ok().as_deref(),
            Some("8:30")
        );
        let date =
            calamine::ExcelDateTime::new(46082.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_time_cell(&date), Cell::Date(2026, 3, 1));
        let duration =
            calamine::ExcelDateTime::new(1.5, calamine::ExcelDateTimeType::TimeDelta, false);
        assert_eq!(
            cell_text(&date_time_cell(&duration)).ok().as_deref(),
            Some("36:00")
        );
    }

    #[test]
    fn gbk_csv_text_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("站点全称,县区\n甲站,青禾县\n");
        assert_eq!(decode_text(&bytes), "站点全称,县区\n甲站,青禾县\n");
        assert_eq!(decode_text("\u{feff}站点".as_bytes()), "站点");
    }

    #[test]
    fn duplicate_and_unknown_columns_are_reported() {
        let sheets = [sheet(
            STATION_SHEET,
            &["站点全称", "站点名称(旧)"],
            &[&["甲站", "x"], &["甲站", "y"]],
        )];
        let roster = build(&sheets).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(roster.stations.len(), 1);
        assert_eq!(roster.notes.len(), 1, "{:?}", roster.notes);
        let Some(Err(problems)) = roster.stations.first().map(|entry| &entry.station) else {
            panic!("duplicate should fail the station");
        };
        assert!(
            problems
                .iter()
                .any(|p| p.contains("第 3 行") && p.contains("重复"))
        );
    }
}
