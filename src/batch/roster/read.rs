//! Reading a roster: .xlsx/.xls/.ods with calamine, CSV in UTF-8 or GBK, into stations.

use std::collections::BTreeMap;
use std::path::Path;

use super::schema::{
    self, EVERY_STATION, Header, KEY, PARTNERS, PROCESS, RULES, SERVICES, STAFF, STATION,
    STATION_SHEET, SheetSchema, Value,
};
use super::{Roster, RosterError, RosterStation};
use crate::model::{FieldPath, QrCode, StationFile, StationKind};

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
    /// An Excel error value such as #N/A.
    Error,
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
}

/// Reads an .xlsx/.xls/.ods roster with calamine.
pub fn read_workbook(path: &Path) -> Result<Roster, RosterError> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path).map_err(|error| RosterError::Open {
        file: path.to_path_buf(),
        reason: workbook_reason(&error),
    })?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::new();
    for wanted in schema::sheets().map(|sheet| sheet.name) {
        let Some(name) = names
            .iter()
            .find(|name| normalize_name(name) == normalize_name(wanted))
        else {
            continue;
        };
        let range = workbook
            .worksheet_range(name)
            .map_err(|error| RosterError::Open {
                file: path.to_path_buf(),
                reason: format!("“{name}”表读不出来（{error}）"),
            })?;
        sheets.push(sheet_from_range(wanted, &range));
    }
    if !sheets.iter().any(|sheet| sheet.name == STATION_SHEET) {
        return Err(RosterError::NoStationSheet {
            file: path.to_path_buf(),
        });
    }
    build(&sheets)
}

fn workbook_reason(error: &calamine::Error) -> String {
    match error {
        calamine::Error::Io(error) => crate::fsutil::io_message(error),
        _ => "不是能识别的 Excel 表格（请用 .xlsx 格式保存；文件可能已损坏或正被加密）".into(),
    }
}

fn sheet_from_range(name: &str, range: &calamine::Range<calamine::Data>) -> Sheet {
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let mut sheet = Sheet {
        name: name.to_owned(),
        ..Sheet::default()
    };
    for (index, row) in range.rows().enumerate() {
        let mut cells = vec![Cell::Empty; first_col];
        cells.extend(row.iter().map(cell_from_data));
        let number = first_row + index + 1;
        if index == 0 {
            sheet.header = cells.iter().map(cell_text_lossy).collect();
        } else {
            sheet.rows.push((number, cells));
        }
    }
    sheet
}

fn cell_from_data(data: &calamine::Data) -> Cell {
    use calamine::Data;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            Cell::Text(text.clone())
        }
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(date) => {
            let (year, month, day, ..) = date.to_ymd_hms_milli();
            Cell::Date(year, month, day)
        }
        Data::Error(_) => Cell::Error,
    }
}

fn cell_text_lossy(cell: &Cell) -> String {
    cell_text(cell).unwrap_or_default()
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
    let bytes = std::fs::read(path).map_err(|source| RosterError::Read {
        file: path.to_path_buf(),
        source,
    })?;
    let text = decode_text(&bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet {
        name: name.to_owned(),
        ..Sheet::default()
    };
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|error| RosterError::Csv {
            file: path.to_path_buf(),
            reason: match error.position() {
                Some(position) => format!("第 {} 行格式不对", position.line()),
                None => "格式不对".into(),
            },
        })?;
        let cells: Vec<Cell> = record
            .iter()
            .map(|field| {
                if field.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(field.to_owned())
                }
            })
            .collect();
        if index == 0 {
            sheet.header = cells.iter().map(cell_text_lossy).collect();
        } else {
            sheet.rows.push((index + 1, cells));
        }
    }
    Ok(sheet)
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

/// Column names compared without spaces and with half-width brackets made full-width.
fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|ch| !ch.is_whitespace())
        .map(|ch| match ch {
            '(' => '（',
            ')' => '）',
            other => other,
        })
        .collect()
}

/// The text of a cell: numbers without a spurious “.0” (phone numbers typed as numbers), dates
/// as YYYY-MM-DD, TRUE/FALSE as 是/否. Error values (#N/A…) are refused.
fn cell_text(cell: &Cell) -> Result<String, String> {
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
        Cell::Error => return Err("单元格是错误值（如 #N/A、#REF!），请改成文字".into()),
    })
}

/// A sheet's columns found by name.
struct Columns {
    /// normalized name → index
    index: BTreeMap<String, usize>,
}

impl Columns {
    fn new(sheet: &Sheet, known: &[Header], notes: &mut Vec<String>) -> Columns {
        let mut index = BTreeMap::new();
        for (position, name) in sheet.header.iter().enumerate() {
            let normalized = normalize_name(name);
            if normalized.is_empty() {
                continue;
            }
            if known
                .iter()
                .any(|column| normalize_name(column.name) == normalized)
            {
                index.entry(normalized).or_insert(position);
            } else {
                notes.push(format!(
                    "“{}”表第 1 行的列名“{name}”不认识，这一列没有读入（可用的列名见模板）",
                    sheet.name
                ));
            }
        }
        Columns { index }
    }
}

/// One row being read: collects problems that name the sheet, row and column.
struct Row<'a> {
    sheet: &'a str,
    number: usize,
    cells: &'a [Cell],
    columns: &'a Columns,
    problems: Vec<String>,
}

impl Row<'_> {
    fn location(&self) -> String {
        format!("“{}”表第 {} 行", self.sheet, self.number)
    }

    fn problem(&mut self, column: &str, message: String) {
        let location = self.location();
        self.problems
            .push(format!("{location}“{column}”列：{message}"));
    }

    fn text(&mut self, column: &str) -> String {
        let Some(&position) = self.columns.index.get(&normalize_name(column)) else {
            return String::new();
        };
        match cell_text(self.cells.get(position).unwrap_or(&Cell::Empty)) {
            Ok(text) => text,
            Err(message) => {
                self.problem(column, message);
                String::new()
            }
        }
    }

    fn is_blank(&self) -> bool {
        self.cells.iter().all(|cell| match cell {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        })
    }

    fn list(&mut self, column: &str, separators: &[char]) -> Vec<String> {
        self.text(column)
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
                self.problem(column, format!("“{text}”应为“是”或“否”"));
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
                        "“{text}”不对，应为 社会工作服务站、未成年人保护工作站 或 老年人服务设施"
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
                self.problem(column, format!("“{text}”不是日期，应形如 2026-03-01"));
                String::new()
            }
        }
    }
}

/// `2026-3-1`, `2026/03/01`, `2026.3.1`, `2026年3月1日` → `2026-03-01`, if that day exists.
pub fn normalize_date(text: &str) -> Option<String> {
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

/// Builds the stations from the sheets.
fn build(sheets: &[Sheet]) -> Result<Roster, RosterError> {
    let mut roster = Roster::default();
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    let mut row_problems: Vec<Vec<String>> = Vec::new();
    for sheet in sheets.iter().filter(|sheet| sheet.name == STATION_SHEET) {
        let columns = Columns::new(sheet, &STATION.headers(), &mut roster.notes);
        if !columns.index.contains_key(KEY) {
            return Err(RosterError::NoKeyColumn {
                sheet: sheet.name.clone(),
            });
        }
        for (number, cells) in &sheet.rows {
            let mut row = Row {
                sheet: &sheet.name,
                number: *number,
                cells,
                columns: &columns,
                problems: Vec::new(),
            };
            if row.is_blank() {
                continue;
            }
            let name = row.text(KEY);
            if name.is_empty() {
                let location = row.location();
                roster.problems.push(format!(
                    "{location}“{KEY}”列是空的：站点全称必须填写，这一行没有生成"
                ));
                continue;
            }
            if let Some(&first) = by_name.get(&name) {
                let location = row.location();
                if let Some(problems) = row_problems.get_mut(first) {
                    problems.push(format!(
                        "{location}与前面的行站点全称重复（“{name}”），请删除重复的行或改名"
                    ));
                }
                continue;
            }
            let station = station_from_row(&mut row, name.clone());
            let location = row.location();
            by_name.insert(name.clone(), roster.stations.len());
            row_problems.push(row.problems);
            roster.stations.push(RosterStation {
                name,
                station: Ok(station),
                origins: ["station", "contacts", "updated"]
                    .into_iter()
                    .map(|field| (FieldPath::parse(field), location.clone()))
                    .collect(),
            });
        }
    }
    for sheet in sheets.iter().filter(|sheet| sheet.name != STATION_SHEET) {
        let known = schema::sheets()
            .into_iter()
            .find(|known| known.name == sheet.name)
            .map(|known| known.headers)
            .unwrap_or_default();
        let columns = Columns::new(sheet, &known, &mut roster.notes);
        if sheet
            .rows
            .iter()
            .all(|(_, cells)| cells.iter().all(|cell| cell_text_lossy(cell).is_empty()))
        {
            continue;
        }
        if !columns.index.contains_key(KEY) {
            return Err(RosterError::NoKeyColumn {
                sheet: sheet.name.clone(),
            });
        }
        // Rows for every station, applied after the sheet to stations without rows of their own.
        let mut shared: Vec<Item> = Vec::new();
        let mut has_own = vec![false; roster.stations.len()];
        for (number, cells) in &sheet.rows {
            let mut row = Row {
                sheet: &sheet.name,
                number: *number,
                cells,
                columns: &columns,
                problems: Vec::new(),
            };
            if row.is_blank() {
                continue;
            }
            let key = row.text(KEY);
            let item = item_from_row(&mut row);
            let location = row.location();
            if key == EVERY_STATION && shared_rows(&sheet.name) {
                roster.problems.extend(row.problems);
                shared.push(item);
                continue;
            }
            let Some(&index) = by_name.get(&key) else {
                let message = if key.is_empty() {
                    format!("{location}“{KEY}”列是空的，不知道这一行属于哪个站点")
                } else {
                    format!("{location}“{KEY}”列：“{key}”在“站点”表中找不到，请检查名称是否一致")
                };
                roster.problems.push(message);
                continue;
            };
            if let Some(problems) = row_problems.get_mut(index) {
                problems.extend(row.problems);
            }
            if let Some(flag) = has_own.get_mut(index) {
                *flag = true;
            }
            if let Some(entry) = roster.stations.get_mut(index) {
                add_item(entry, item, location);
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
                        format!("“{}”表中站点全称为“全部”的行", sheet.name),
                    );
                }
            }
        }
    }
    for (entry, problems) in roster.stations.iter_mut().zip(row_problems) {
        if !problems.is_empty() {
            entry.station = Err(problems);
        }
    }
    Ok(roster)
}

/// Whether rows with 站点全称 “全部” are shared in this sheet.
fn shared_rows(sheet: &str) -> bool {
    match sheet {
        name if name == SERVICES.name => SERVICES.shared,
        name if name == STAFF.name => STAFF.shared,
        name if name == PROCESS.name => PROCESS.shared,
        name if name == PARTNERS.name => PARTNERS.shared,
        name if name == RULES.name => RULES.shared,
        _ => false,
    }
}

/// Reads the cell of `column` into `item`, as the column's [`Value`] says.
fn read_value<T>(row: &mut Row<'_>, name: &str, value: &Value<T>, item: &mut T) {
    match value {
        Value::Key | Value::Qr { .. } => {}
        Value::Text(_, set) => *set(item) = row.text(name),
        Value::Date(_, set) => *set(item) = row.date(name),
        Value::List {
            set, separators, ..
        } => *set(item) = row.list(name, separators),
        Value::YesNo { set, default, .. } => *set(item) = row.yes_no(name, *default),
        Value::Kind(_, set) => *set(item) = row.kind(name),
    }
}

/// A row of a sheet as its item, every column read through the schema.
fn read_item<T: Default>(row: &mut Row<'_>, sheet: &SheetSchema<T>) -> T {
    let mut item = T::default();
    for column in sheet.columns {
        read_value(row, column.name, &column.value, &mut item);
    }
    item
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
        let label = row.text(label_column);
        let content = row.text(content_column);
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

fn item_from_row(row: &mut Row<'_>) -> Item {
    match row.sheet {
        name if name == SERVICES.name => Item::Service(read_item(row, &SERVICES)),
        name if name == STAFF.name => Item::Staff(read_item(row, &STAFF)),
        name if name == PROCESS.name => Item::Step(read_item(row, &PROCESS)),
        name if name == RULES.name => Item::Rule(read_item(row, &RULES)),
        _ => Item::Partner(read_item(row, &PARTNERS)),
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
    use crate::batch::roster::write::{example_station, station_rows};
    use crate::batch::roster::{PROCESS_SHEET, SERVICE_SHEET};

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
        }
    }

    #[test]
    fn example_rows_read_back_as_the_example() {
        let example = example_station();
        let sheets: Vec<Sheet> = station_rows(&example)
            .into_iter()
            .zip(schema::sheets())
            .map(|((name, rows), info)| Sheet {
                name: name.into(),
                header: info
                    .headers
                    .iter()
                    .map(|column| column.name.to_owned())
                    .collect(),
                rows: rows
                    .into_iter()
                    .enumerate()
                    .map(|(index, row)| (index + 2, row.into_iter().map(Cell::Text).collect()))
                    .collect(),
            })
            .collect();
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
