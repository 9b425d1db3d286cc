//! Rosters in the older formats, each built in the test: .xls (a hand-built BIFF8 workbook in a
//! compound file) and .ods (a zip with a content.xml written here). A stray cell far away, a
//! DIMENSIONS record claiming millions of cells, rows repeated to the sheet's end and a long text
//! repeated down thousands of rows are answered quickly with a Chinese message, never by
//! allocating the sheet's rectangle; peak memory is measured on the program run as a user runs
//! it (`liangpai batch`, under `/usr/bin/time -v`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use liangpai::batch::roster::{self, Roster};

const LIUXI: &str = "青禾县柳溪镇社会工作服务站";
const DONGHU: &str = "青禾县东湖街道未成年人保护工作站";

// ----- .xls (BIFF8) -----

fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&u16::try_from(data.len()).unwrap().to_le_bytes());
    out.extend_from_slice(data);
}

fn bof(out: &mut Vec<u8>, sheet: bool) {
    let kind: u16 = if sheet { 0x0010 } else { 0x0005 };
    let mut data = vec![];
    data.extend_from_slice(&0x0600u16.to_le_bytes());
    data.extend_from_slice(&kind.to_le_bytes());
    data.extend_from_slice(&[0u8; 12]);
    record(out, 0x0809, &data);
}

/// A UTF-16 LABEL cell.
fn label(out: &mut Vec<u8>, row: u16, col: u16, text: &str) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut data = vec![];
    data.extend_from_slice(&row.to_le_bytes());
    data.extend_from_slice(&col.to_le_bytes());
    data.extend_from_slice(&0u16.to_le_bytes());
    data.extend_from_slice(&u16::try_from(units.len()).unwrap().to_le_bytes());
    data.push(1);
    for unit in units {
        data.extend_from_slice(&unit.to_le_bytes());
    }
    record(out, 0x0204, &data);
}

/// A LABELSST cell pointing at shared string `index`.
fn label_sst(out: &mut Vec<u8>, row: u16, col: u16, index: u32) {
    let mut data = vec![];
    data.extend_from_slice(&row.to_le_bytes());
    data.extend_from_slice(&col.to_le_bytes());
    data.extend_from_slice(&0u16.to_le_bytes());
    data.extend_from_slice(&index.to_le_bytes());
    record(out, 0x00FD, &data);
}

/// Writes a sheet's cell records.
type WriteCells<'a> = Box<dyn Fn(&mut Vec<u8>) + 'a>;

/// One sheet: its name, an optional DIMENSIONS record (first row, past-last row, first col,
/// past-last col) and its cells, written by `cells`.
struct XlsSheet<'a> {
    name: &'a str,
    dimensions: Option<(u32, u32, u16, u16)>,
    cells: WriteCells<'a>,
}

/// A BIFF8 workbook stream: globals (BoundSheet8 per sheet, an SST of `strings`), then the
/// sheets.
fn workbook_stream(sheets: &[XlsSheet<'_>], strings: &[String]) -> Vec<u8> {
    let mut sheet_streams = Vec::new();
    for sheet in sheets {
        let mut out = Vec::new();
        bof(&mut out, true);
        if let Some((first_row, past_row, first_col, past_col)) = sheet.dimensions {
            let mut data = vec![];
            data.extend_from_slice(&first_row.to_le_bytes());
            data.extend_from_slice(&past_row.to_le_bytes());
            data.extend_from_slice(&first_col.to_le_bytes());
            data.extend_from_slice(&past_col.to_le_bytes());
            data.extend_from_slice(&0u16.to_le_bytes());
            record(&mut out, 0x0200, &data);
        }
        (sheet.cells)(&mut out);
        record(&mut out, 0x000A, &[]);
        sheet_streams.push(out);
    }
    let bound_sheet = |position: u32, name: &str| {
        let units: Vec<u16> = name.encode_utf16().collect();
        let mut data = vec![];
        data.extend_from_slice(&position.to_le_bytes());
        data.extend_from_slice(&[0, 0]);
        data.push(u8::try_from(units.len()).unwrap());
        data.push(1);
        for unit in units {
            data.extend_from_slice(&unit.to_le_bytes());
        }
        data
    };
    // The globals' size is known before the positions are: BoundSheet8 records have fixed sizes.
    let mut globals_len = 4 + 16 + 4 + 2;
    for sheet in sheets {
        globals_len += 4 + bound_sheet(0, sheet.name).len();
    }
    // The SST, in records of at most 8224 bytes: a string's characters running past a record
    // go on in a CONTINUE record that starts with the flags byte again.
    let mut parts: Vec<Vec<u8>> = vec![Vec::new()];
    let room = |parts: &Vec<Vec<u8>>| 8224 - parts.last().unwrap().len();
    parts
        .last_mut()
        .unwrap()
        .extend_from_slice(&u32::try_from(strings.len()).unwrap().to_le_bytes());
    parts
        .last_mut()
        .unwrap()
        .extend_from_slice(&u32::try_from(strings.len()).unwrap().to_le_bytes());
    for text in strings {
        let units: Vec<u16> = text.encode_utf16().collect();
        if room(&parts) < 5 {
            parts.push(Vec::new());
        }
        let last = parts.last_mut().unwrap();
        last.extend_from_slice(&u16::try_from(units.len()).unwrap().to_le_bytes());
        last.push(1);
        for unit in units {
            if room(&parts) < 2 {
                parts.push(vec![1]);
            }
            parts
                .last_mut()
                .unwrap()
                .extend_from_slice(&unit.to_le_bytes());
        }
    }
    let mut sst_records = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        record(
            &mut sst_records,
            if index == 0 { 0x00FC } else { 0x003C },
            part,
        );
    }
    globals_len += sst_records.len() + 4;
    let mut out = Vec::new();
    bof(&mut out, false);
    record(&mut out, 0x0042, &1200u16.to_le_bytes());
    let mut position = globals_len;
    for (sheet, stream) in sheets.iter().zip(&sheet_streams) {
        record(
            &mut out,
            0x0085,
            &bound_sheet(u32::try_from(position).unwrap(), sheet.name),
        );
        position += stream.len();
    }
    out.extend_from_slice(&sst_records);
    record(&mut out, 0x000A, &[]);
    assert_eq!(out.len(), globals_len);
    for stream in sheet_streams {
        out.extend_from_slice(&stream);
    }
    out
}

fn write_xls(path: &Path, sheets: &[XlsSheet<'_>], strings: &[String]) {
    let stream = workbook_stream(sheets, strings);
    let mut file = cfb::create(path).unwrap();
    let mut workbook = file.create_stream("/Workbook").unwrap();
    workbook.write_all(&stream).unwrap();
    drop(workbook);
    file.flush().unwrap();
}

/// The 站点 sheet of two stations, as LABEL cells.
fn station_sheet<'a>(extra: impl Fn(&mut Vec<u8>) + 'a) -> XlsSheet<'a> {
    XlsSheet {
        name: "站点",
        dimensions: Some((0, 3, 0, 2)),
        cells: Box::new(move |out| {
            label(out, 0, 0, "站点全称");
            label(out, 0, 1, "县区");
            label(out, 1, 0, LIUXI);
            label(out, 1, 1, "青禾县");
            label(out, 2, 0, DONGHU);
            label(out, 2, 1, "青禾县");
            extra(out);
        }),
    }
}

fn county(roster: &Roster, name: &str) -> String {
    let entry = roster
        .stations
        .iter()
        .find(|entry| entry.name == name)
        .unwrap_or_else(|| panic!("{name} not read: {:?}", roster.stations));
    entry.station.as_ref().unwrap().station.county.clone()
}

/// Reads `path`, asserting it is refused within a second with a Chinese message holding every
/// one of `expected`.
fn refused_quickly(path: &Path, expected: &[&str]) -> String {
    let started = Instant::now();
    let result = roster::read_workbook(path);
    let elapsed = started.elapsed();
    let message = match result {
        Ok(roster) => panic!("should be refused: {:?}", roster.stations.len()),
        Err(error) => error.to_string(),
    };
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}: {message}");
    for part in expected {
        assert!(message.contains(part), "{part} not in: {message}");
    }
    message
}

#[test]
fn a_plain_xls_roster_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xls");
    let staff = XlsSheet {
        name: "服务人员",
        dimensions: Some((0, 3, 0, 2)),
        cells: Box::new(|out| {
            label_sst(out, 0, 0, 0);
            label_sst(out, 0, 1, 1);
            label_sst(out, 1, 0, 2);
            label(out, 1, 1, "王芳");
            label_sst(out, 2, 0, 2);
            label(out, 2, 1, "李强");
        }),
    };
    let strings = ["站点全称", "姓名", LIUXI].map(str::to_owned);
    write_xls(&path, &[station_sheet(|_| {}), staff], &strings);
    let roster = roster::read_workbook(&path).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(county(&roster, LIUXI), "青禾县");
    assert_eq!(county(&roster, DONGHU), "青禾县");
    let liuxi = roster
        .stations
        .iter()
        .find(|entry| entry.name == LIUXI)
        .unwrap();
    let names: Vec<&str> = liuxi
        .station
        .as_ref()
        .unwrap()
        .staff
        .iter()
        .map(|member| member.name.as_str())
        .collect();
    assert_eq!(names, ["王芳", "李强"]);
}

/// A note typed at IV65536 (the last cell of an .xls sheet) would make calamine build a
/// 65536 × 256 rectangle (512 MB): refused from the records, naming the sheet and the cell.
#[test]
fn a_stray_cell_far_away_in_an_xls_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xls");
    write_xls(
        &path,
        &[station_sheet(|out| label(out, 65_535, 255, "备注"))],
        &[],
    );
    refused_quickly(&path, &["“站点”表", "IV65536", "另存为 .xlsx"]);

    // The same note in another sheet (calamine reads every sheet) is refused too.
    let other = XlsSheet {
        name: "填写说明",
        dimensions: None,
        cells: Box::new(|out| {
            label(out, 0, 0, "说明");
            label(out, 60_000, 200, "x");
        }),
    };
    write_xls(&path, &[station_sheet(|_| {}), other], &[]);
    refused_quickly(&path, &["“填写说明”表", "GS60001", "另存为 .xlsx"]);
}

/// A DIMENSIONS record claiming 4 billion rows (calamine reserves room for them): refused.
#[test]
fn an_xls_claiming_a_huge_sheet_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xls");
    let mut sheet = station_sheet(|_| {});
    sheet.dimensions = Some((0, u32::MAX, 0, 256));
    write_xls(&path, &[sheet], &[]);
    refused_quickly(&path, &["“站点”表声明的范围", "另存为 .xlsx"]);
}

/// One long shared text in 30,000 cells: calamine would copy it into each (2.6 GB); refused by
/// the text it would take.
#[test]
fn a_long_text_repeated_in_an_xls_is_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xls");
    let long = "服务内容".repeat(8_000);
    let notes = XlsSheet {
        name: "服务项目",
        dimensions: None,
        cells: Box::new(|out| {
            for row in 0..30_000u16 {
                label_sst(out, row, 0, 0);
            }
        }),
    };
    write_xls(&path, &[station_sheet(|_| {}), notes], &[long]);
    refused_quickly(&path, &["“服务项目”表里的文字太多", "另存为 .xlsx"]);
}

// ----- .ods -----

/// An .ods package around `tables` (the `<table:table>` elements).
fn write_ods(path: &Path, tables: &str) {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

fn text_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

/// As LibreOffice saves a sheet: its rows, then empty rows and columns repeated to the sheet's
/// last row and column.
fn ods_table(name: &str, rows: &[String]) -> String {
    let mut table = format!(
        r#"<table:table table:name="{name}"><table:table-column table:number-columns-repeated="16384"/>"#
    );
    for row in rows {
        table.push_str("<table:table-row>");
        table.push_str(row);
        table.push_str(
            r#"<table:table-cell table:number-columns-repeated="16380"/></table:table-row>"#,
        );
    }
    table.push_str(r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>"#);
    table
}

#[test]
fn an_ods_roster_is_read_cell_by_cell_with_merged_cells_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.ods");
    let station_rows = [
        [text_cell("站点全称"), text_cell("县区"), text_cell("更新日期"), text_cell("值班时间")].concat(),
        [
            text_cell(LIUXI),
            r#"<table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>青禾县</text:p></table:table-cell>"#.to_owned(),
            r#"<table:table-cell office:value-type="date" office:date-value="2026-03-01"><text:p>2026/3/1</text:p></table:table-cell>"#.to_owned(),
            r#"<table:table-cell office:value-type="time" office:time-value="PT08H30M00S"><text:p>08:30</text:p></table:table-cell>"#.to_owned(),
        ]
        .concat(),
        [text_cell(DONGHU), "<table:covered-table-cell/>".to_owned()].concat(),
        // A note far to the right.
        [
            r#"<table:table-cell table:number-columns-repeated="300"/>"#.to_owned(),
            text_cell("备注：请于月底前报送"),
        ]
        .concat(),
    ];
    let staff_rows = [
        [text_cell("站点全称"), text_cell("姓名")].concat(),
        [
            text_cell(LIUXI),
            r#"<table:table-cell office:value-type="string"><text:p>王<text:s text:c="1"/>芳</text:p><office:annotation><text:p>批注</text:p></office:annotation></table:table-cell>"#.to_owned(),
        ]
        .concat(),
    ];
    write_ods(
        &path,
        &[
            ods_table("站点", &station_rows),
            ods_table("服务人员", &staff_rows),
        ]
        .concat(),
    );
    let started = Instant::now();
    let roster = roster::read_workbook(&path).unwrap_or_else(|error| panic!("{error}"));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(county(&roster, LIUXI), "青禾县");
    // The merged 县区 gives its value to the row it covers.
    assert_eq!(county(&roster, DONGHU), "青禾县");
    let liuxi = roster
        .stations
        .iter()
        .find(|entry| entry.name == LIUXI)
        .unwrap()
        .station
        .as_ref()
        .unwrap();
    assert_eq!(liuxi.updated, "2026-03-01");
    assert_eq!(liuxi.staff.len(), 1);
    assert_eq!(liuxi.staff[0].name, "王 芳");
    assert!(
        roster
            .notes
            .iter()
            .any(|note| note.contains("第 4 行第 301 列（KO4）及更靠右的内容没有读入")),
        "{:?}",
        roster.notes
    );
}

/// A row with content repeated a million times, and a long text repeated down the rows: refused
/// with a message naming the sheet, without expanding the repeats.
#[test]
fn repeated_rows_with_content_in_an_ods_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.ods");
    let header = [text_cell("站点全称"), text_cell("县区")].concat();
    let tables = format!(
        r#"<table:table table:name="站点"><table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="1000000">{}</table:table-row></table:table>"#,
        [text_cell(LIUXI), text_cell("青禾县")].concat()
    );
    write_ods(&path, &tables);
    refused_quickly(&path, &["“站点”表有内容的行超过"]);

    let long = "服务内容".repeat(8_000);
    let tables = format!(
        r#"<table:table table:name="站点"><table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="20000">{}</table:table-row></table:table>"#,
        [text_cell(LIUXI), text_cell(&long)].concat()
    );
    write_ods(&path, &tables);
    refused_quickly(&path, &["“站点”表时，文字已超过"]);

    // A cell repeated across every column of a million rows, and spaces by the billion.
    let tables = format!(
        r#"<table:table table:name="站点"><table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>x<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row></table:table>"#
    );
    write_ods(&path, &tables);
    refused_quickly(&path, &["“站点”表"]);
}

/// Damaged .ods packages: a Chinese message, no panic.
#[test]
fn damaged_ods_files_give_chinese_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.ods");
    for tables in [
        r#"<table:table table:name="站点"><table:table-row>"#,
        r#"<table:table table:name="站点"><table:table-row><table:table-cell office:value-type="float" office:value="x"/></table:table-row></table:table>"#,
        r#"<table:table table:name="站点"></table:table-row></table:table>"#,
    ] {
        write_ods(&path, tables);
        let message = match roster::read_workbook(&path) {
            Ok(roster) => format!("{:?}", roster.problems),
            Err(error) => error.to_string(),
        };
        assert!(
            message
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
            "{message}"
        );
    }
}

// ----- as the program is run -----

/// `liangpai batch` on the crafted .xls and .ods answers within a second or two in well under
/// 200 MB, with the Chinese message.
#[test]
fn the_program_answers_crafted_xls_and_ods_in_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let xls = dir.path().join("远处有备注.xls");
    write_xls(
        &xls,
        &[station_sheet(|out| label(out, 65_535, 255, "备注"))],
        &[],
    );
    let ods = dir.path().join("重复的行.ods");
    let header = [text_cell("站点全称"), text_cell("县区")].concat();
    write_ods(
        &ods,
        &format!(
            r#"<table:table table:name="站点"><table:table-row>{header}</table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>{}</text:p></table:table-cell></table:table-row></table:table>"#,
            "长".repeat(30_000)
        ),
    );
    for (input, expected) in [(&xls, "另存为 .xlsx"), (&ods, "“站点”表")] {
        let out = dir.path().join("out");
        let started = Instant::now();
        let output = Command::new("/usr/bin/time")
            .arg("-v")
            .arg(env!("CARGO_BIN_EXE_liangpai"))
            .args([
                "batch",
                input.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .expect("/usr/bin/time is needed for this test (apt-get install time)");
        let elapsed = started.elapsed();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let text = String::from_utf8_lossy(&output.stdout).into_owned() + &stderr;
        let max_rss_mb = stderr
            .lines()
            .find_map(|line| {
                line.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|value| value.trim().parse::<f64>().ok())
            .unwrap()
            / 1024.0;
        eprintln!("{}: {elapsed:?}, {max_rss_mb:.0} MB", input.display());
        assert!(text.contains(expected), "{text}");
        assert!(max_rss_mb < 200.0, "{max_rss_mb} MB: {text}");
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
}
