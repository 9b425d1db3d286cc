//! Rosters as county staff really keep them, each built in the test: merged 站点全称 and 服务类别
//! cells, time cells, dates Excel made from text, phones typed as numbers, Alt+Enter in key cells,
//! formulas, a stray cell at XFD1048576, over-long and gigantic cells, CSV saved as Excel's
//! “Unicode 文本” (UTF-16, tab-separated); formulas without a saved result (computed, or the
//! station stopped naming the cell), results saved by LibreOffice, hidden and filtered-out rows
//! and a hidden old sheet beside its copy `站点 (2)` (in .xlsx and as LibreOffice saves .ods).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::SignPath;

use std::io::{Read, Write};
use std::path::Path;

use liangpai::batch::roster::{self, Roster, RosterError};
use liangpai::model::StationFile;
use rust_xlsxwriter::{ExcelDateTime, FilterCondition, Format, Formula, Workbook};

const LIUXI: &str = "青禾县柳溪镇社会工作服务站";
const DONGHU: &str = "青禾县东湖街道未成年人保护工作站";
const BAISHA: &str = "青禾县白沙镇社会工作服务站";

fn read(path: &Path) -> Roster {
    roster::read_workbook(path).unwrap_or_else(|error| panic!("{error}"))
}

fn station<'a>(roster: &'a Roster, name: &str) -> &'a StationFile {
    let entry = roster
        .stations
        .iter()
        .find(|entry| entry.name == name)
        .unwrap_or_else(|| panic!("{name} not read: {:?}", roster.stations));
    match &entry.station {
        Ok(station) => station,
        Err(problems) => panic!("{name} failed: {problems:?}"),
    }
}

fn problems<'a>(roster: &'a Roster, name: &str) -> &'a [String] {
    let entry = roster
        .stations
        .iter()
        .find(|entry| entry.name == name)
        .unwrap_or_else(|| panic!("{name} not read"));
    match &entry.station {
        Ok(_) => panic!("{name} should fail"),
        Err(problems) => problems,
    }
}

/// The county's way: 站点全称 merged down each station's rows in 服务人员 and 服务项目, 服务类别
/// merged down its items, 县区 merged down the 站点 sheet.
#[test]
fn merged_cells_give_their_value_to_every_row_they_cover() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let mut workbook = Workbook::new();
    let plain = Format::new();
    let sheet = workbook.add_worksheet().set_name("站点").unwrap();
    sheet
        .write_row(0, 0, ["站点全称", "县区", "乡镇（街道）"])
        .unwrap();
    sheet.write_string(1, 0, LIUXI).unwrap();
    sheet.write_string(2, 0, DONGHU).unwrap();
    sheet.merge_range(1, 1, 2, 1, "青禾县", &plain).unwrap();
    sheet.write_string(1, 2, "柳溪镇").unwrap();
    sheet.write_string(2, 2, "东湖街道").unwrap();

    let sheet = workbook.add_worksheet().set_name("服务人员").unwrap();
    sheet.write_row(0, 0, ["站点全称", "姓名", "岗位"]).unwrap();
    sheet.merge_range(1, 0, 3, 0, LIUXI, &plain).unwrap();
    for (row, (name, post)) in [
        ("李晓雯", "站长"),
        ("王磊", "驻站社工"),
        ("𪟝佳", "驻站社工"),
    ]
    .into_iter()
    .enumerate()
    {
        sheet.write_row(row as u32 + 1, 1, [name, post]).unwrap();
    }
    // A key with an Alt+Enter line break and spaces around it still matches.
    sheet
        .write_row(
            4,
            0,
            ["青禾县东湖街道\n未成年人保护工作站 ", "赵一", "站长"],
        )
        .unwrap();

    let sheet = workbook.add_worksheet().set_name("服务项目").unwrap();
    sheet
        .write_row(0, 0, ["站点全称", "服务类别", "服务项目"])
        .unwrap();
    sheet.merge_range(1, 0, 4, 0, LIUXI, &plain).unwrap();
    sheet.merge_range(1, 1, 2, 1, "社会救助", &plain).unwrap();
    sheet.merge_range(3, 1, 4, 1, "养老服务", &plain).unwrap();
    for (row, item) in ["低保走访", "临时救助", "独居老人探访", "助餐"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string(row as u32 + 1, 2, item).unwrap();
    }
    // A station's rows merged across two columns belong to the first one only.
    sheet.merge_range(5, 0, 5, 1, DONGHU, &plain).unwrap();
    sheet.write_string(5, 2, "儿童之家活动").unwrap();
    workbook.save(&path).unwrap();

    let roster = read(&path);
    assert!(roster.problems.is_empty(), "{:?}", roster.problems);
    let liuxi = station(&roster, LIUXI);
    let donghu = station(&roster, DONGHU);
    assert_eq!(liuxi.station.county, "青禾县");
    assert_eq!(donghu.station.county, "青禾县");
    let names: Vec<&str> = liuxi
        .staff
        .iter()
        .map(|member| member.name.as_str())
        .collect();
    assert_eq!(names, ["李晓雯", "王磊", "𪟝佳"]);
    assert_eq!(donghu.staff.len(), 1);
    assert_eq!(donghu.staff[0].name, "赵一");
    let services: Vec<(&str, &str)> = liuxi
        .services
        .iter()
        .map(|service| (service.category.as_str(), service.item.as_str()))
        .collect();
    assert_eq!(
        services,
        [
            ("社会救助", "低保走访"),
            ("社会救助", "临时救助"),
            ("养老服务", "独居老人探访"),
            ("养老服务", "助餐"),
        ]
    );
    assert_eq!(donghu.services.len(), 1);
    assert_eq!(donghu.services[0].category, "");
}

/// A row whose 站点全称 is empty and not merged fails the station above it: never dropped while
/// the station is made.
#[test]
fn a_row_without_its_station_fails_the_station_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("站点").unwrap();
    sheet
        .write_row(0, 0, ["站点全称", "监督电话", "更新日期"])
        .unwrap();
    sheet
        .write_row(1, 0, [LIUXI, "0000-6609999", "2026-03-01"])
        .unwrap();
    sheet
        .write_row(2, 0, [DONGHU, "0000-6609999", "2026-03-01"])
        .unwrap();
    let sheet = workbook.add_worksheet().set_name("服务人员").unwrap();
    sheet.write_row(0, 0, ["站点全称", "姓名"]).unwrap();
    sheet.write_row(1, 0, [LIUXI, "李晓雯"]).unwrap();
    // Typed under the first as if the key were merged, but it is not.
    sheet.write_row(2, 1, ["王磊"]).unwrap();
    sheet.write_row(3, 0, [DONGHU, "赵一"]).unwrap();
    workbook.save(&path).unwrap();

    let roster = read(&path);
    let problems = problems(&roster, LIUXI);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("“服务人员”表第 3 行“站点全称”列是空的（也不是合并单元格）"),
        "{problems:?}"
    );
    assert_eq!(station(&roster, DONGHU).staff.len(), 1);

    // Through the batch: the station is not made and report.csv says why.
    let out = dir.path().join("out");
    let settings = liangpai::export::ExportSettings {
        kinds: vec![liangpai::sign::SignKind::Staff],
        ..liangpai::export::ExportSettings::whole_set(0.0, false, None)
    };
    liangpai::batch::batch(&path, &out, &settings, Some(1), &liangpai::batch::Silent).unwrap();
    let report = std::fs::read_to_string(out.join("report.csv")).unwrap();
    assert!(
        report.contains("“服务人员”表第 3 行“站点全称”列是空的"),
        "{report}"
    );
    assert!(common::sign_files(out.join(LIUXI).join("服务人员公示.pdf")).is_empty());
    assert!(out.join(DONGHU).sign("服务人员公示.pdf").is_file());
}

/// Values as Excel shows them.
#[test]
fn values_are_read_as_excel_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let mut workbook = Workbook::new();
    let time = Format::new().set_num_format("h:mm");
    let date = Format::new().set_num_format("m\"月\"d\"日\"");
    let sheet = workbook.add_worksheet().set_name("站点").unwrap();
    sheet
        .write_row(
            0,
            0,
            ["站点全称", "开放时间", "服务热线", "监督电话", "承接机构"],
        )
        .unwrap();
    sheet.write_string(1, 0, LIUXI).unwrap();
    sheet
        .write_datetime_with_format(1, 1, ExcelDateTime::from_hms(8, 30, 0).unwrap(), &time)
        .unwrap();
    sheet.write_string(1, 2, "0000-6601234").unwrap();
    sheet.write_string(1, 3, "0000-6609999").unwrap();
    // A formula gives its cached value.
    sheet
        .write_formula(
            1,
            4,
            Formula::new("=\"青禾县同心\"&\"社会工作服务中心\"")
                .set_result("青禾县同心社会工作服务中心"),
        )
        .unwrap();
    sheet.write_string(2, 0, DONGHU).unwrap();
    sheet.write_number(2, 2, 6601234).unwrap();
    sheet.write_string(2, 3, "1.38E+10").unwrap();
    let sheet = workbook.add_worksheet().set_name("服务项目").unwrap();
    sheet
        .write_row(0, 0, ["站点全称", "服务项目", "服务频次"])
        .unwrap();
    sheet.write_row(1, 0, [LIUXI, "走访"]).unwrap();
    // “1-2” that Excel turned into 1月2日.
    sheet
        .write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2026, 1, 2).unwrap(), &date)
        .unwrap();
    let sheet = workbook.add_worksheet().set_name("服务人员").unwrap();
    sheet
        .write_row(0, 0, ["站点全称", "姓名", "联系电话"])
        .unwrap();
    sheet.write_row(1, 0, [DONGHU, "赵一"]).unwrap();
    sheet.write_number(1, 2, 13800000001_f64).unwrap();
    workbook.save(&path).unwrap();

    let roster = read(&path);
    let liuxi_entry = roster
        .stations
        .iter()
        .find(|entry| entry.name == LIUXI)
        .unwrap();
    let liuxi = station(&roster, LIUXI);
    assert_eq!(liuxi.contacts.hours, "8:30");
    assert_eq!(liuxi.station.operator, "青禾县同心社会工作服务中心");
    assert_eq!(liuxi.contacts.hotline, "0000-6601234");
    assert_eq!(liuxi.services[0].frequency, "2026-01-02");
    assert_eq!(liuxi_entry.warnings.len(), 1, "{:?}", liuxi_entry.warnings);
    let warning = &liuxi_entry.warnings[0];
    assert!(
        warning.starts_with(
            "“服务项目”表第 2 行“服务频次”列（C2 单元格）：这是一个日期格式的单元格（2026-01-02）"
        ),
        "{warning}"
    );
    let problems = problems(&roster, DONGHU);
    assert!(
        problems.iter().any(|problem| problem
            .starts_with("“站点”表第 3 行“服务热线”列：（C3 单元格）电话号码“6601234”存成了数字")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|problem| problem.starts_with(
            "“站点”表第 3 行“监督电话”列：（D3 单元格）电话号码显示成了科学计数法“1.38E+10”"
        )),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|problem| problem.starts_with(
            "“服务人员”表第 2 行“联系电话”列：（C2 单元格）电话号码“13800000001”存成了数字"
        )),
        "{problems:?}"
    );
}

/// A title row above the column names is passed over.
#[test]
fn a_title_row_above_the_column_names_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("站点").unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            3,
            "青禾县社会工作服务站花名册（2026年）",
            &Format::new(),
        )
        .unwrap();
    sheet.write_row(1, 0, ["站点全称", "县区"]).unwrap();
    sheet.write_row(2, 0, [LIUXI, "青禾县"]).unwrap();
    workbook.save(&path).unwrap();
    let roster = read(&path);
    assert_eq!(station(&roster, LIUXI).station.county, "青禾县");
    assert!(roster.problems.is_empty(), "{:?}", roster.problems);
}

/// A stray cell at XFD1048576 and a note far to the right cost nothing and are noted.
#[test]
fn a_stray_far_cell_does_not_make_the_reader_allocate_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("站点").unwrap();
    sheet.write_row(0, 0, ["站点全称", "县区"]).unwrap();
    sheet.write_row(1, 0, [LIUXI, "青禾县"]).unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    sheet.write_string(3, 300, "备注：请于月底前报送").unwrap();
    workbook.save(&path).unwrap();
    let started = std::time::Instant::now();
    let roster = read(&path);
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(station(&roster, LIUXI).station.county, "青禾县");
    assert!(
        roster
            .notes
            .iter()
            .any(|note| note.contains("第 4 行第 301 列（KO4）及更靠右的内容没有读入")),
        "{:?}",
        roster.notes
    );
}

/// Rewrites `path` (an .xlsx) with `marker` in the shared strings replaced by `replacement`,
/// stored without compression.
fn replace_shared_string(path: &Path, marker: &str, replacement: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut text = Vec::new();
        part.read_to_end(&mut text).unwrap();
        if name == "xl/sharedStrings.xml" {
            text = String::from_utf8(text)
                .unwrap()
                .replace(marker, replacement)
                .into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&text).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// A cell longer than Excel allows fails its station, naming the cell; a part that unpacks to
/// more than the limit (a gigantic cell) refuses the file before anything is unpacked.
#[test]
fn over_long_and_gigantic_cells_are_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("站点").unwrap();
    sheet.write_row(0, 0, ["站点全称", "站点简介"]).unwrap();
    sheet.write_row(1, 0, [LIUXI, "LONGCELL"]).unwrap();
    sheet.write_row(2, 0, [DONGHU, "短简介"]).unwrap();
    workbook.save(&path).unwrap();
    let long = std::fs::read(&path).unwrap();
    replace_shared_string(&path, "LONGCELL", &"长".repeat(40_000));
    let roster = read(&path);
    let problems = problems(&roster, LIUXI);
    assert!(
        problems[0].starts_with("“站点”表第 2 行“站点简介”列：单元格有 40000 个字符"),
        "{problems:?}"
    );
    assert_eq!(station(&roster, DONGHU).station.intro, "短简介");

    std::fs::write(&path, long).unwrap();
    let huge = "a".repeat(roster::MAX_PART_BYTES as usize + 1);
    replace_shared_string(&path, "LONGCELL", &huge);
    drop(huge);
    let started = std::time::Instant::now();
    match roster::read_workbook(&path) {
        Err(error @ RosterError::TooBig { .. }) => {
            let message = error.to_string();
            assert!(
                message.contains("xl/sharedStrings.xml 解压后有 50 MB"),
                "{message}"
            );
        }
        other => panic!("should be refused by size: {other:?}"),
    }
    assert!(started.elapsed().as_secs() < 5);
}

/// Excel's “Unicode 文本”: UTF-16 LE with a byte-order mark, tab-separated, CRLF.
#[test]
fn csv_saved_as_unicode_text_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "站点全称\t县区\t开放时间\r\n{LIUXI}\t青禾县\t\"周一至周五 8:30-12:00，14:30-17:30\"\r\n"
    );
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let path = dir.path().join("站点.csv");
    std::fs::write(&path, &bytes).unwrap();
    // The staff sheet in UTF-16 BE without a mark.
    let staff = format!("站点全称\t姓名\r\n{LIUXI}\t李晓雯\r\n");
    let staff: Vec<u8> = staff.encode_utf16().flat_map(u16::to_be_bytes).collect();
    std::fs::write(dir.path().join("服务人员.csv"), staff).unwrap();
    let roster = roster::read_csv(&path).unwrap_or_else(|error| panic!("{error}"));
    let liuxi = station(&roster, LIUXI);
    assert_eq!(liuxi.station.county, "青禾县");
    assert_eq!(liuxi.contacts.hours, "周一至周五 8:30-12:00，14:30-17:30");
    assert_eq!(liuxi.staff[0].name, "李晓雯");

    // Damaged UTF-16 (a lone surrogate) is refused, naming the encoding.
    bytes.extend([0x00, 0xD8, 0x41, 0x00]);
    std::fs::write(&path, &bytes).unwrap();
    let error = roster::read_csv(&path).expect_err("damaged UTF-16 refused");
    let message = error.to_string();
    assert!(
        message.contains("UTF-16 LE（Excel 的“Unicode 文本”）"),
        "{message}"
    );
}

// Issue 24, items 1 and 2: formulas with no saved result (a script's placeholder 0 in a workbook
// marked `fullCalcOnLoad`, or no `<v>` at all), results saved by LibreOffice, hidden rows,
// filtered-out rows and an old hidden sheet beside its visible copy `站点 (2)`.

fn warnings<'a>(roster: &'a Roster, name: &str) -> &'a [String] {
    &roster
        .stations
        .iter()
        .find(|entry| entry.name == name)
        .unwrap_or_else(|| panic!("{name} not read"))
        .warnings
}

/// A roster whose 站点 sheet is all formulas over a 基础信息 sheet, as a county's script
/// writes it: rust_xlsxwriter puts the placeholder result 0 in every formula without one and
/// marks the workbook `fullCalcOnLoad`.
fn formula_roster(path: &Path) {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    let sheet = workbook.add_worksheet().set_name("站点").unwrap();
    sheet
        .write_row(
            0,
            0,
            [
                "站点全称",
                "县区",
                "乡镇（街道）",
                "监督电话",
                "更新日期",
                "承接机构",
                "地址",
            ],
        )
        .unwrap();
    // 柳溪镇: every value computed from 基础信息 and other formula cells.
    let liuxi = [
        "=基础信息!$A$1&C2&\"社会工作服务站\"",
        "=基础信息!A1",
        "柳溪镇",
        "='基础 信息'!B2",
        "=TEXT(基础信息!B3,\"yyyy-mm-dd\")",
        "=CONCATENATE(B2,\"同心社会工作服务中心\")",
        "=_xlfn.CONCAT(B2,C2,\"人民路 8 号\")",
    ];
    for (col, value) in liuxi.into_iter().enumerate() {
        let col = col as u16;
        if let Some(formula) = value.strip_prefix('=') {
            sheet
                .write_formula(1, col, Formula::new(format!("={formula}")))
                .unwrap();
        } else {
            sheet.write_string(1, col, value).unwrap();
        }
    }
    // 东湖街道: a lookup this program does not compute, with no saved result.
    sheet.write_string(2, 0, DONGHU).unwrap();
    sheet
        .write_formula(2, 3, Formula::new("=VLOOKUP(A3,'基础 信息'!A:B,2,FALSE)"))
        .unwrap();
    sheet.write_string(2, 4, "2026-03-01").unwrap();
    // 白沙镇: the same lookup with its result saved.
    sheet.write_string(3, 0, BAISHA).unwrap();
    sheet
        .write_formula(
            3,
            3,
            Formula::new("=VLOOKUP(A4,'基础 信息'!A:B,2,FALSE)").set_result("0571-8888 1234"),
        )
        .unwrap();
    sheet.write_string(3, 4, "2026-03-01").unwrap();

    let sheet = workbook.add_worksheet().set_name("基础信息").unwrap();
    sheet.write_string(0, 0, "青禾县").unwrap();
    sheet
        .write_datetime_with_format(2, 1, ExcelDateTime::from_ymd(2026, 3, 1).unwrap(), &date)
        .unwrap();
    let sheet = workbook.add_worksheet().set_name("基础 信息").unwrap();
    sheet.write_string(1, 1, "0571-8888 6666").unwrap();
    sheet.write_row(2, 0, [BAISHA, "0571-8888 1234"]).unwrap();
    workbook.save(path).unwrap();
}

/// Rewrites an .xlsx as WPS and online sheets leave it: formulas without any `<v>`, and no
/// `fullCalcOnLoad`.
fn strip_results(from: &Path, to: &Path) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut text = Vec::new();
        part.read_to_end(&mut text).unwrap();
        if name.ends_with(".xml") {
            let mut xml = String::from_utf8(text).unwrap();
            xml = xml.replace(" fullCalcOnLoad=\"1\"", "");
            // <f>…</f><v>0</v> → <f>…</f>; a saved result (not 0) stays.
            xml = xml.replace("</f><v>0</v>", "</f>");
            text = xml.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn formulas_without_results_are_computed_or_stop_their_station() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("脚本生成.xlsx");
    formula_roster(&script);
    let wps = dir.path().join("无结果.xlsx");
    strip_results(&script, &wps);
    let text = |path: &Path| -> String {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut xml = String::new();
        archive
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    };
    assert!(text(&script).contains("</f><v>0</v>"));
    assert!(!text(&wps).contains("</f><v>0</v>"), "{}", text(&wps));

    for path in [&script, &wps] {
        let roster = read(path);
        let liuxi = station(&roster, LIUXI);
        assert_eq!(liuxi.station.county, "青禾县", "{path:?}");
        assert_eq!(liuxi.station.town, "柳溪镇");
        assert_eq!(liuxi.contacts.supervision_phone, "0571-8888 6666");
        assert_eq!(liuxi.updated, "2026-03-01");
        assert_eq!(liuxi.station.operator, "青禾县同心社会工作服务中心");
        assert_eq!(liuxi.contacts.address, "青禾县柳溪镇人民路 8 号");

        // Not computed, no saved result: the station stops, the message names the cell.
        let donghu = problems(&roster, DONGHU);
        assert_eq!(
            donghu,
            [
                "“站点”表第 3 行“监督电话”列：（D3 单元格）单元格里是公式“=VLOOKUP(A3,'基础 信息'!A:B,2,FALSE)”，文件里没有保存它的计算结果，本程序也算不出来。请用 Excel 或 WPS 打开这个花名册，保存一次（公式会算出结果）后再用"
            ],
            "{path:?}"
        );
        // A saved result is used.
        assert_eq!(
            station(&roster, BAISHA).contacts.supervision_phone,
            "0571-8888 1234"
        );
        assert!(roster.problems.is_empty(), "{:?}", roster.problems);
    }
}

/// `file` converted by LibreOffice (headless) to `format` (xlsx, ods) in `out`.
fn libreoffice(file: &Path, format: &str, out: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(out).unwrap();
    let profile = out.join("lo-profile");
    let status = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out)
        .arg(file)
        .status()
        .expect("soffice (libreoffice-calc-nogui, listed in .ci/run) runs");
    assert!(status.success());
    out.join(file.file_stem().unwrap()).with_extension(format)
}

/// LibreOffice opens the roster whose formulas have no results, computes every formula (the
/// VLOOKUP too) and saves the results: they are read as saved.
#[test]
fn results_saved_by_libreoffice_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("脚本生成.xlsx");
    formula_roster(&written);
    let script = dir.path().join("花名册.xlsx");
    strip_results(&written, &script);
    let saved = libreoffice(&script, "xlsx", &dir.path().join("已保存"));
    // LibreOffice saved results and no fullCalcOnLoad.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&saved).unwrap()).unwrap();
    let mut workbook_xml = String::new();
    archive
        .by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook_xml)
        .unwrap();
    assert!(
        !workbook_xml.contains("fullCalcOnLoad=\"1\""),
        "{workbook_xml}"
    );

    let roster = read(&saved);
    let liuxi = station(&roster, LIUXI);
    assert_eq!(liuxi.contacts.supervision_phone, "0571-8888 6666");
    assert_eq!(liuxi.updated, "2026-03-01");
    assert_eq!(liuxi.contacts.address, "青禾县柳溪镇人民路 8 号");
    // LibreOffice computed the lookup: 东湖街道 has no row in 基础 信息, so #N/A.
    let donghu = problems(&roster, DONGHU);
    assert!(
        donghu[0].starts_with("“站点”表第 3 行“监督电话”列：单元格是错误值"),
        "{donghu:?}"
    );
    assert_eq!(
        station(&roster, BAISHA).contacts.supervision_phone,
        "0571-8888 1234"
    );
}

/// The county's roster after a year: an old 站点 sheet hidden beside its copy `站点 (2)`, a
/// station whose row is hidden, staff who left hidden in 服务人员, services filtered to one
/// category in 服务项目.
#[test]
fn hidden_rows_sheets_and_filtered_rows_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let mut workbook = Workbook::new();
    let old = workbook.add_worksheet().set_name("站点").unwrap();
    old.write_row(0, 0, ["站点全称", "县区"]).unwrap();
    old.write_row(1, 0, ["青禾县旧城镇社会工作服务站", "青禾县"])
        .unwrap();
    old.set_hidden(true);
    let sheet = workbook.add_worksheet().set_name("站点 (2)").unwrap();
    sheet.write_row(0, 0, ["站点全称", "县区"]).unwrap();
    sheet.write_row(1, 0, [LIUXI, "青禾县"]).unwrap();
    sheet.write_row(2, 0, [DONGHU, "青禾县"]).unwrap();
    sheet.write_row(3, 0, [BAISHA, "青禾县"]).unwrap();
    sheet.set_row_hidden(3).unwrap();
    sheet.set_active(true);

    let sheet = workbook.add_worksheet().set_name("服务人员").unwrap();
    sheet.write_row(0, 0, ["站点全称", "姓名", "岗位"]).unwrap();
    let staff = [
        (LIUXI, "李晓雯", "站长"),
        (LIUXI, "王磊", "驻站社工"),
        (LIUXI, "𪟝佳", "驻站社工"),
        (DONGHU, "赵一", "站长"),
        (DONGHU, "钱二", "驻站社工"),
        (LIUXI, "孙三", "督导"),
    ];
    for (row, (key, name, post)) in staff.into_iter().enumerate() {
        sheet
            .write_row(row as u32 + 1, 0, [key, name, post])
            .unwrap();
    }
    // 王磊 (row 3), 钱二 (row 6) and 孙三 (row 7) have left.
    for row in [2, 5, 6] {
        sheet.set_row_hidden(row).unwrap();
    }

    let sheet = workbook.add_worksheet().set_name("服务项目").unwrap();
    sheet
        .write_row(0, 0, ["站点全称", "服务类别", "服务项目"])
        .unwrap();
    let services = [
        (LIUXI, "养老服务", "高龄老人探访"),
        (LIUXI, "儿童关爱保护", "留守儿童课业辅导"),
        (DONGHU, "养老服务", "助餐服务"),
        (DONGHU, "社会救助", "低保家庭走访"),
    ];
    for (row, (key, category, item)) in services.into_iter().enumerate() {
        sheet
            .write_row(row as u32 + 1, 0, [key, category, item])
            .unwrap();
    }
    sheet.autofilter(0, 0, 4, 2).unwrap();
    sheet
        .filter_column(1, &FilterCondition::new().add_list_filter("养老服务"))
        .unwrap();
    // Excel hides the rows the filter leaves out (rust_xlsxwriter does it as Excel would).
    for row in [2, 4] {
        sheet.set_row_hidden(row).unwrap();
    }
    workbook.save(&path).unwrap();
    // The same roster saved by LibreOffice as .ods (hidden rows `table:visibility="collapse"`,
    // filtered ones "filter", the hidden table by its style).
    let ods = libreoffice(&path, "ods", &dir.path().join("ods"));
    for file in [&path, &ods] {
        check_hidden_roster(&read(file));
    }
}

fn check_hidden_roster(roster: &Roster) {
    let names: Vec<&str> = roster
        .stations
        .iter()
        .map(|entry| entry.name.as_str())
        .collect();
    assert_eq!(names, [LIUXI, DONGHU]);

    let liuxi = station(roster, LIUXI);
    let staff: Vec<&str> = liuxi
        .staff
        .iter()
        .map(|member| member.name.as_str())
        .collect();
    assert_eq!(staff, ["李晓雯", "𪟝佳"]);
    let items: Vec<&str> = liuxi
        .services
        .iter()
        .map(|item| item.item.as_str())
        .collect();
    assert_eq!(items, ["高龄老人探访"]);
    assert_eq!(
        warnings(roster, LIUXI),
        [
            "“服务项目”表第 3 行被筛选隐藏了（表格设了筛选），没有读入。隐藏的行一般是已不在岗的人员或已停止的项目；如果仍然有效，请在 Excel 里清除筛选后再运行",
            "“服务人员”表第 3、7 行是隐藏的行，没有读入。隐藏的行一般是已不在岗的人员或已停止的项目；如果仍然有效，请在 Excel 里取消隐藏后再运行",
        ]
    );
    let donghu = station(roster, DONGHU);
    let staff: Vec<&str> = donghu
        .staff
        .iter()
        .map(|member| member.name.as_str())
        .collect();
    assert_eq!(staff, ["赵一"]);
    assert_eq!(donghu.services.len(), 1);
    assert_eq!(
        warnings(roster, DONGHU).len(),
        2,
        "{:?}",
        warnings(roster, DONGHU)
    );
    assert!(warnings(roster, DONGHU)[1].starts_with("“服务人员”表第 6 行是隐藏的行"));

    assert_eq!(
        roster.notes,
        [
            "“站点”表是隐藏的工作表，没有读入：读的是显示着的“站点 (2)”表",
            "“站点 (2)”表第 4 行（青禾县白沙镇社会工作服务站）是隐藏的行，没有生成这个站点。隐藏的行一般是已不再使用的站点；如果仍要生成，请在 Excel 里取消隐藏后再运行",
        ]
    );
    assert!(roster.problems.is_empty(), "{:?}", roster.problems);
}

/// A hidden sheet with no visible copy is still read, and the notes say so.
#[test]
fn a_hidden_sheet_without_a_visible_copy_is_read_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("花名册.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("站点").unwrap();
    sheet.write_row(0, 0, ["站点全称", "县区"]).unwrap();
    sheet.write_row(1, 0, [LIUXI, "青禾县"]).unwrap();
    let sheet = workbook.add_worksheet().set_name("服务人员").unwrap();
    sheet.write_row(0, 0, ["站点全称", "姓名"]).unwrap();
    sheet.write_row(1, 0, [LIUXI, "李晓雯"]).unwrap();
    sheet.set_hidden(true);
    workbook.save(&path).unwrap();
    let roster = read(&path);
    assert_eq!(station(&roster, LIUXI).staff.len(), 1);
    assert_eq!(
        roster.notes,
        [
            "“服务人员”表是隐藏的工作表，没有找到显示着的同名表，仍然读入了。如果这个表已经不用，请删除它"
        ]
    );
}
