//! Rosters as scripts, WPS and county officers really leave them (issue 24, items 1 and 2), each
//! built in the test with rust_xlsxwriter:
//! - formulas with no saved result (a script's placeholder 0 in a workbook marked
//!   `fullCalcOnLoad`, or no `<v>` at all): simple ones computed (references to other sheets,
//!   `&`, CONCAT, TEXT of a date), others stop their station with a message naming the cell and
//!   what to do; a saved result is used;
//! - a file saved by LibreOffice (its results saved) reads those results;
//! - hidden rows, filtered-out rows and an old hidden sheet beside its visible copy `站点 (2)`:
//!   skipped, each with a warning naming sheet and rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::path::Path;

use liangpai::batch::roster::{self, Roster};
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
        .unwrap_or_else(|| panic!("{name} not read: {:?}", roster));
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
        .unwrap_or_else(|| panic!("{name} not read: {roster:?}"));
    match &entry.station {
        Ok(station) => panic!("{name} should fail: {station:?}"),
        Err(problems) => problems,
    }
}

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
