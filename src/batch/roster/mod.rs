//! The county roster: stations kept in an Excel workbook (or CSV files), one row per station and
//! one row per staff member, service item, process step and partner, keyed by 站点全称.
//!
//! Layout (the first row of every sheet holds the column names; column order does not matter):
//! - 站点: one row per station ([`STATION_COLUMNS`]).
//! - 服务项目, 服务人员, 服务流程, 五社联动: one row per item, with the station's 站点全称 in the
//!   first column. In 服务项目, 服务流程 and 五社联动, 站点全称 “全部” marks rows used by every
//!   station that has no rows of its own in that sheet.
//! - Translations (signs in two or three scripts): beside any column the signs print, a column
//!   named `列名（民族文字）` (站点全称（维吾尔文）, 姓名（藏文）; the language by its Chinese name
//!   in `model::Language`, or its tag) fills the `tr` of that row's object; the 站点 sheet's
//!   民族文字 (and 地区预设, a region of `templates/regions.toml`) fill the station's
//!   `languages`, and its 文字顺序 (民族文字在前 / 汉文在前) and 民族文字字号比例 (such as 0.8)
//!   the order and size ratio (instead of the region's). A translation column naming no such
//!   column or no known language is a warning naming the sheet and the column, never dropped
//!   silently.
//! - Other sheets (such as 填写说明) are ignored.
//!
//! CSV: the file given is the 站点 sheet; the other sheets are the files 服务项目.csv,
//! 服务人员.csv, 服务流程.csv and 五社联动.csv in the same folder, when present. UTF-8 (with or
//! without BOM), GBK/GB18030 (what Excel's plain “CSV” saves on Chinese Windows) and UTF-16
//! (Excel's “Unicode 文本”, tab-separated) are read.
//!
//! Merged cells (站点全称 or 服务类别 merged down a station's rows) give their value to every
//! row they cover. Reading is bounded: .xlsx and .ods cells are read one by one (never the
//! sheet's whole rectangle), an .xls is checked record by record before it is read whole, with
//! limits on rows, cells, columns, cell length, text and the unpacked size.

mod formula;
mod legacy;
mod read;
mod schema;
mod sheet;
mod write;
mod xlsx;

use std::path::PathBuf;

use crate::model::{FieldPath, StationFile};

pub use legacy::MAX_XLS_RECTANGLE_CELLS;
pub use read::{CsvEncodingError, decode_csv, decode_text, read_csv, read_workbook};
pub use schema::{
    EVERY_STATION, Header, KEY, LANGUAGES_COLUMN, ORDER_CHOICES, ORDER_COLUMN, PARTNER_SHEET,
    PROCESS_SHEET, RATIO_COLUMN, RATIO_RANGE, REGION_COLUMN, RULE_SHEET, RatioError, SERVICE_SHEET,
    STAFF_SHEET, STATION_SHEET, SheetInfo, help_columns, markdown_table, order_text,
    parse_languages, parse_order, parse_ratio, ratio_text, sheets, translated_field,
    translation_header,
};
pub use sheet::{
    Cell, Hidden, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_PART_BYTES, MAX_ROWS, MAX_TEXT_BYTES,
    Sheet, SkippedRow, cell_reference, normalize_date,
};
pub use write::{
    INSTRUCTIONS, example_station, station_rows, write_template, write_template_for,
    write_template_in,
};

/// Why a roster could not be read at all. Problems in single rows are not errors of this kind:
/// they are reported with the station they belong to.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// The workbook could not be opened.
    #[error("无法打开花名册 {}：{reason}", file.display())]
    Open {
        /// The file.
        file: PathBuf,
        /// Why (Chinese).
        reason: String,
    },
    /// A CSV file could not be read.
    #[error("无法读取 {}：{}", file.display(), crate::fsutil::io_message(source))]
    Read {
        /// The file.
        file: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A CSV file is not valid CSV.
    #[error("{} 不是有效的 CSV 表格：{reason}", file.display())]
    Csv {
        /// The file.
        file: PathBuf,
        /// Why.
        reason: String,
    },
    /// The roster is larger than it may be (a sheet's rows or cells, a part of the workbook).
    #[error("花名册 {} 太大，没有读入：{reason}", file.display())]
    TooBig {
        /// The file.
        file: PathBuf,
        /// Why (Chinese).
        reason: String,
    },
    /// The workbook has no 站点 sheet.
    #[error(
        "花名册 {} 里没有名为“站点”的工作表。请用 liangpai batch --write-template 生成的模板填写。",
        file.display()
    )]
    NoStationSheet {
        /// The file.
        file: PathBuf,
    },
    /// A sheet lacks the 站点全称 column.
    #[error("花名册“{sheet}”表的第 1 行没有“站点全称”列（第 1 行应是各列的名称）")]
    NoKeyColumn {
        /// The sheet.
        sheet: String,
    },
    /// The template would overwrite an existing file.
    #[error(
        "{} 已经存在。为免覆盖已填写的花名册，模板不会写到已有的文件上：请换一个文件名，或先删除它。",
        file.display()
    )]
    Exists {
        /// The file.
        file: PathBuf,
    },
    /// Writing the template failed.
    #[error("无法写入模板 {}：{reason}", file.display())]
    Write {
        /// The file.
        file: PathBuf,
        /// Why.
        reason: String,
    },
}

/// A station read from the roster, or the problems of its rows.
#[derive(Debug, Clone)]
pub struct RosterStation {
    /// 站点全称 as written.
    pub name: String,
    /// The station, or the problems that stop it (Chinese, each naming sheet, row and column).
    pub station: Result<StationFile, Vec<String>>,
    /// Warnings about its rows that stop nothing (a date in a text column), in Chinese.
    pub warnings: Vec<String>,
    /// Where list items came from: (field prefix such as `staff[2]`, “服务人员 表第 5 行”), to
    /// point users from a problem to the row to fix.
    pub origins: Vec<(FieldPath, String)>,
}

/// What a roster holds.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// The stations, in row order.
    pub stations: Vec<RosterStation>,
    /// Problems not belonging to any one station (rows naming a station that is not in the 站点
    /// sheet, unknown columns), in Chinese.
    pub problems: Vec<String>,
    /// Notes that do not stop anything (unknown columns that are ignored).
    pub notes: Vec<String>,
}
