//! Fuzzing in `cargo test` (bounded cases, each time-boxed): mutated station files, small crafted
//! CSV rosters in every encoding, crafted and damaged .xlsx rosters. Whatever comes in: no panic,
//! no hang, and every message a user can see is Chinese and short.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use liangpai::batch::roster;
use liangpai::model::StationFile;
use proptest::prelude::*;

/// The longest time one input may take.
const TIME_BOX: Duration = Duration::from_secs(5);

/// Whether `message` has a sentence of plain English in it (three ASCII words in a row).
fn has_english_sentence(message: &str) -> bool {
    message
        .split(|ch: char| !ch.is_ascii_alphabetic() && ch != ' ')
        .any(|run| run.split_whitespace().filter(|word| word.len() > 1).count() >= 3)
}

/// A message a user may see: Chinese, no English sentence, not huge.
fn assert_user_message(message: &str, input: &str) {
    assert!(
        message
            .chars()
            .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
        "not Chinese: {message}\ninput: {input}"
    );
    assert!(
        !has_english_sentence(message),
        "English in: {message}\ninput: {input}"
    );
    assert!(
        message.chars().count() < 2_000,
        "message of {} characters\ninput: {input}",
        message.chars().count()
    );
}

fn example_json() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json");
    std::fs::read_to_string(path).unwrap()
}

/// One change to a station file's text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Cut the text at this fraction.
    Truncate(f64),
    /// Replace one byte.
    Byte(f64, u8),
    /// Insert text at this fraction.
    Insert(f64, String),
    /// Replace a JSON string value (the nth) with this.
    Value(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let nasty = prop_oneof![
        Just("\\ud800\\u0041".to_owned()),
        Just("\\u12".to_owned()),
        Just("[".repeat(300)),
        Just("{\"a\":".repeat(200)),
        Just("1e999".to_owned()),
        Just("\u{0}".to_owned()),
        Just("null".to_owned()),
        Just("\"format\": 7,".to_owned()),
        Just("格".repeat(20_000)),
        Just("\u{202e}\u{ad}\u{200b}".to_owned()),
        "[a-z\\[\\]{}\":,0-9 ]{0,12}",
    ];
    prop_oneof![
        (0.0..1.0f64).prop_map(Mutation::Truncate),
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, byte)| Mutation::Byte(at, byte)),
        (0.0..1.0f64, nasty.clone()).prop_map(|(at, text)| Mutation::Insert(at, text)),
        (0..60usize, nasty).prop_map(|(nth, text)| Mutation::Value(nth, text)),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let at = |fraction: f64, len: usize| ((len as f64) * fraction) as usize;
    match mutation {
        Mutation::Truncate(fraction) => bytes.truncate(at(*fraction, bytes.len())),
        Mutation::Byte(fraction, byte) => {
            let index = at(*fraction, bytes.len());
            if let Some(slot) = bytes.get_mut(index) {
                *slot = *byte;
            }
        }
        Mutation::Insert(fraction, inserted) => {
            let index = at(*fraction, bytes.len()).min(bytes.len());
            bytes.splice(index..index, inserted.bytes());
        }
        Mutation::Value(nth, value) => {
            // The nth ": "…"" value replaced, as text (valid JSON or not).
            let mut count = 0;
            let mut out = String::new();
            let mut rest = text;
            while let Some(found) = rest.find(": \"") {
                let (before, after) = rest.split_at(found + 2);
                out.push_str(before);
                let close = after
                    .get(1..)
                    .and_then(|tail| tail.find('"'))
                    .map(|end| end + 2);
                let Some(close) = close else {
                    rest = after;
                    break;
                };
                if count == *nth {
                    out.push('"');
                    out.push_str(value);
                    out.push('"');
                } else {
                    out.push_str(after.get(..close).unwrap_or_default());
                }
                rest = after.get(close..).unwrap_or_default();
                count += 1;
            }
            out.push_str(rest);
            bytes = out.into_bytes();
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    /// Mutated station files: loaded and validated, or refused with a Chinese message.
    #[test]
    fn mutated_station_files_give_chinese_messages(mutations in proptest::collection::vec(mutation(), 1..4)) {
        let example = example_json();
        let mut text = example.clone();
        let mut bytes = Vec::new();
        for mutation in &mutations {
            bytes = apply(&text, mutation);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        let started = Instant::now();
        let shown = format!("{mutations:?}");
        match StationFile::from_bytes(&bytes, Path::new("站点.json")) {
            Ok(station) => {
                for problem in liangpai::model::validate(&station) {
                    assert_user_message(&problem.to_string(), &shown);
                }
            }
            Err(error) => assert_user_message(&error.to_string(), &shown),
        }
        prop_assert!(started.elapsed() < TIME_BOX);
    }
}

/// Cells a clerk (or a tester) might put in a roster.
fn roster_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("青禾县柳溪镇社会工作服务站".to_owned()),
        Just("青禾县柳溪镇\n社会工作服务站 ".to_owned()),
        Just("全部".to_owned()),
        Just("=HYPERLINK(\"http://x\")".to_owned()),
        Just("1.38E+10".to_owned()),
        Just("2026-02-30".to_owned()),
        Just("是".to_owned()),
        Just("也许".to_owned()),
        Just("\"".to_owned()),
        Just("a\tb".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("长".repeat(40_000)),
        "[\\u{4e00}-\\u{4e20}a-z0-9 ,\"\n]{0,8}",
    ]
}

fn column_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("站点全称".to_owned()),
        Just("站点简介".to_owned()),
        Just("服务热线".to_owned()),
        Just("更新日期".to_owned()),
        Just("场所类型".to_owned()),
        Just("姓名".to_owned()),
        Just("公开电话".to_owned()),
        Just("不认识的列".to_owned()),
        Just(String::new()),
    ]
}

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Gbk,
    Utf16Le,
    Utf16BeNoBom,
}

fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Encoding::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16BeNoBom => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
    }
}

fn check_roster(result: Result<roster::Roster, roster::RosterError>, shown: &str) {
    match result {
        Ok(roster) => {
            for message in roster.problems.iter().chain(&roster.notes) {
                assert_user_message(message, shown);
            }
            for entry in &roster.stations {
                for message in &entry.warnings {
                    assert_user_message(message, shown);
                }
                if let Err(problems) = &entry.station {
                    assert!(!problems.is_empty());
                    for message in problems {
                        assert_user_message(message, shown);
                    }
                }
            }
        }
        Err(error) => assert_user_message(&error.to_string(), shown),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Small crafted CSV rosters in every encoding Excel writes, tab- or comma-separated.
    #[test]
    fn crafted_csv_rosters_give_chinese_messages(
        header in proptest::collection::vec(column_name(), 0..5),
        rows in proptest::collection::vec(proptest::collection::vec(roster_cell(), 0..5), 0..5),
        staff in proptest::collection::vec(proptest::collection::vec(roster_cell(), 0..4), 0..4),
        tabs in any::<bool>(),
        encoding in prop_oneof![
            Just(Encoding::Utf8), Just(Encoding::Utf8Bom), Just(Encoding::Gbk),
            Just(Encoding::Utf16Le), Just(Encoding::Utf16BeNoBom)
        ],
        cut in proptest::option::of(0usize..400),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(if tabs { b'\t' } else { b',' })
            .flexible(true)
            .from_writer(Vec::new());
        writer.write_record(&header).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let mut bytes = encode(&text, encoding);
        if let Some(cut) = cut {
            bytes.truncate(cut.min(bytes.len()));
        }
        let path = dir.path().join("站点.csv");
        std::fs::write(&path, &bytes).unwrap();
        let mut staff_text = String::from("站点全称,姓名,联系电话\n");
        for row in &staff {
            staff_text.push_str(&row.join(","));
            staff_text.push('\n');
        }
        std::fs::write(dir.path().join("服务人员.csv"), encode(&staff_text, encoding)).unwrap();
        let started = Instant::now();
        let shown = format!("{encoding:?} {:?}", text.chars().take(200).collect::<String>());
        check_roster(roster::read_csv(&path), &shown);
        prop_assert!(started.elapsed() < TIME_BOX);
    }
}

/// What goes in one crafted .xlsx cell.
#[derive(Debug, Clone)]
enum XlsxCell {
    Text(String),
    Number(f64),
    Time(u16, u8),
    Date(u16, u8, u8),
    Merge(String, u32),
    Bool(bool),
}

fn xlsx_cell() -> impl Strategy<Value = XlsxCell> {
    prop_oneof![
        roster_cell().prop_map(|text| XlsxCell::Text(text.chars().take(32_000).collect())),
        prop_oneof![Just(13_800_000_001.0), Just(0.5), Just(-1.0), Just(1e300)]
            .prop_map(XlsxCell::Number),
        (0u16..30, 0u8..60).prop_map(|(hour, minute)| XlsxCell::Time(hour, minute)),
        (1900u16..2100, 1u8..13, 1u8..29).prop_map(|(y, m, d)| XlsxCell::Date(y, m, d)),
        (roster_cell(), 1u32..4)
            .prop_map(|(text, rows)| XlsxCell::Merge(text.chars().take(100).collect(), rows)),
        any::<bool>().prop_map(XlsxCell::Bool),
    ]
}

/// Cells placed at (row below the header, column).
type Placed = Vec<(u32, u16, XlsxCell)>;

fn write_xlsx(
    sheets: &[(&str, Placed)],
    header: &[String],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let time = Format::new().set_num_format("h:mm");
    let date = Format::new().set_num_format("yyyy/m/d");
    let plain = Format::new();
    for (name, cells) in sheets {
        let sheet = workbook.add_worksheet().set_name(*name)?;
        sheet.write_row(0, 0, header)?;
        let mut merged: Vec<(u32, u16, u32)> = Vec::new();
        for (row, col, cell) in cells {
            let (row, col) = (*row + 1, *col);
            // Cells inside an earlier merge are left out (Excel would not have them).
            if merged
                .iter()
                .any(|(first, at, last)| *at == col && (*first..=*last).contains(&row))
            {
                continue;
            }
            match cell {
                XlsxCell::Text(text) => sheet.write_string(row, col, text.as_str()).map(|_| ()),
                XlsxCell::Number(number) => sheet.write_number(row, col, *number).map(|_| ()),
                XlsxCell::Time(hour, minute) => sheet
                    .write_datetime_with_format(
                        row,
                        col,
                        ExcelDateTime::from_hms(*hour, *minute, 0)?,
                        &time,
                    )
                    .map(|_| ()),
                XlsxCell::Date(year, month, day) => sheet
                    .write_datetime_with_format(
                        row,
                        col,
                        ExcelDateTime::from_ymd(*year, *month, *day)?,
                        &date,
                    )
                    .map(|_| ()),
                XlsxCell::Merge(text, rows) => {
                    let last = row + rows;
                    if merged
                        .iter()
                        .any(|(first, at, end)| *at == col && *first <= last && row <= *end)
                    {
                        continue;
                    }
                    merged.push((row, col, last));
                    sheet
                        .merge_range(row, col, last, col, text, &plain)
                        .map(|_| ())
                }
                XlsxCell::Bool(value) => sheet.write_boolean(row, col, *value).map(|_| ()),
            }?;
        }
    }
    workbook.save_to_buffer()
}

fn placed_cells() -> impl Strategy<Value = Placed> {
    proptest::collection::vec(
        (
            prop_oneof![4 => 0u32..8, 1 => Just(3_000u32)],
            prop_oneof![4 => 0u16..5, 1 => Just(16_383u16)],
            xlsx_cell(),
        ),
        0..10,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Crafted workbooks (merges, times, dates, numbers, far cells), also damaged byte by byte.
    #[test]
    fn crafted_and_damaged_workbooks_give_chinese_messages(
        header in proptest::collection::vec(column_name(), 1..5),
        stations in placed_cells(),
        staff in placed_cells(),
        damage in proptest::collection::vec((0.0..1.0f64, any::<u8>()), 0..3),
    ) {
        let Ok(mut bytes) = write_xlsx(&[("站点", stations), ("服务人员", staff)], &header) else {
            return Ok(());
        };
        for (at, byte) in &damage {
            let index = ((bytes.len() as f64) * at) as usize;
            if let Some(slot) = bytes.get_mut(index) {
                *slot = *byte;
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("花名册.xlsx");
        std::fs::write(&path, &bytes).unwrap();
        let started = Instant::now();
        check_roster(roster::read_workbook(&path), &format!("{header:?} {damage:?}"));
        prop_assert!(started.elapsed() < TIME_BOX);
    }
}
