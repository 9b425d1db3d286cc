//! `liangpai batch` as a county clerk runs it: a folder of station files with a broken one among
//! them, the Excel roster from `--write-template` filled in and read back, CSV files (UTF-8 and
//! GBK), and report.csv.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use liangpai::batch::roster;
use liangpai::model::StationFile;

mod common;
use common::SignPath;
use common::{examples, liangpai};

/// The example station under another name, photos pointing at the shared example photos.
fn station_named(name: &str) -> StationFile {
    let mut station = liangpai::storage::load(&examples().join("liuxi-station.json")).unwrap();
    station.station.name = name.to_owned();
    for member in &mut station.staff {
        member.photo = examples().join(&member.photo).display().to_string();
    }
    station
}

fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed (apt-get install poppler-utils)");
    assert!(output.status.success(), "pdftotext {}", path.display());
    String::from_utf8_lossy(&output.stdout)
        .chars()
        .filter(|ch| !ch.is_whitespace())
        .collect()
}

/// report.csv rows (BOM checked and removed), header first.
fn report(out: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(out.join("report.csv")).unwrap();
    let text = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("report.csv starts with a UTF-8 BOM");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text);
    reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn folder_with_a_broken_file_makes_the_others_and_reports_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("站点");
    std::fs::create_dir(&input).unwrap();
    let names = ["青禾县柳溪镇社会工作服务站", "青禾县石桥镇/社会工作服务站"];
    for (index, name) in names.iter().enumerate() {
        liangpai::storage::save(&station_named(name), &input.join(format!("{index}.json")))
            .unwrap();
    }
    std::fs::write(
        input.join("坏文件.json"),
        "{\"format\":\"liangpai-station\",\"version\":1,\n\"station\":{\"name\":\"坏站\",}}",
    )
    .unwrap();
    std::fs::write(input.join("说明.txt"), "not a station").unwrap();
    let out = dir.path().join("输出");
    let (code, text) = liangpai(&[
        "batch",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-03-01",
        "--jobs",
        "2",
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("坏文件.json"), "{text}");
    assert!(text.contains("3 个站点，1 个有错误"), "{text}");

    let folders = ["青禾县柳溪镇社会工作服务站", "青禾县石桥镇_社会工作服务站"];
    for folder in folders {
        let folder = out.join(folder);
        for kind in liangpai::template::available_kinds() {
            let file = match kind {
                liangpai::sign::SignKind::Screen => "屏幕宣传图.png".to_owned(),
                // One door plate per room: the first room's.
                liangpai::sign::SignKind::RoomPlate => "功能室门牌-个案工作室.pdf".to_owned(),
                other => format!("{}.pdf", other.label()),
            };
            // These stations have no rules: no 制度牌 (like door plates without rooms).
            if kind == liangpai::sign::SignKind::Rules {
                assert!(
                    common::sign_files(folder.join(&file)).is_empty(),
                    "{file} without rules"
                );
                continue;
            }
            assert!(folder.sign(&file).is_file(), "{} missing", file);
        }
        assert!(folder.sign("工作证-拼版.pdf").is_file());
    }
    let plaque = pdf_text(&out.join(folders[1]).sign("站点门牌.pdf"));
    assert!(plaque.contains("石桥镇/社会工作服务站"), "{plaque}");

    let rows = report(&out);
    assert_eq!(rows[0], ["站点", "已生成", "提醒", "错误", "文件夹"]);
    assert_eq!(rows.len(), 4, "{rows:?}");
    // Input order: 0.json, 1.json, 坏文件.json.
    assert_eq!(rows[1][0], names[0]);
    assert!(
        rows[1][1].contains("站点门牌") && rows[1][1].contains("工作证"),
        "{rows:?}"
    );
    assert_eq!(rows[1][3], "", "{rows:?}");
    assert_eq!(rows[2][4], folders[1]);
    assert_eq!(rows[3][0], "坏文件.json");
    assert_eq!(rows[3][1], "");
    assert!(rows[3][3].contains("第 2 行"), "{rows:?}");
    assert!(!out.join("坏站").exists());
}

#[test]
fn same_input_and_date_give_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    liangpai::storage::save(&station_named("甲站"), &input.join("a.json")).unwrap();
    let mut runs = Vec::new();
    for run in ["one", "two"] {
        let out = dir.path().join(run);
        let (code, text) = liangpai(&[
            "batch",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--sign",
            "plaque,contacts",
            "--size",
            "A3",
            "--landscape",
            "--crop-marks",
            "--bleed",
            "5",
            "--date",
            "2026-03-01",
        ]);
        assert_eq!(code, 0, "{text}");
        assert!(common::sign_files(out.join("甲站").join("服务人员公示.pdf")).is_empty());
        runs.push(std::fs::read(out.join("甲站").sign("站点门牌.pdf")).unwrap());
    }
    assert_eq!(runs[0], runs[1]);
}

#[test]
fn written_template_reads_back_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("花名册.xlsx");
    let (code, text) = liangpai(&["batch", "--write-template", template.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    // A second time it refuses: the file may be a filled-in roster.
    let written = std::fs::read(&template).unwrap();
    let (code, text) = liangpai(&["batch", "--write-template", template.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("已经存在"), "{text}");
    assert_eq!(std::fs::read(&template).unwrap(), written);

    let read = roster::read_workbook(&template).unwrap();
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    assert_eq!(read.stations.len(), 1);
    assert_eq!(
        read.stations[0].station.as_ref().unwrap(),
        &roster::example_station()
    );
    // The new columns and the 工作制度 sheet were written with the example row and read back.
    let example = read.stations[0].station.as_ref().unwrap();
    assert_eq!(example.station.short_name, "柳溪镇社工站");
    assert!(
        example
            .services
            .iter()
            .any(|s| !s.free && s.fee.contains("20 元"))
    );
    assert_eq!(example.staff[0].certificate_no, "示例-0001");
    assert_eq!(example.rules.len(), 1);
    assert!(
        example.rules[0].text.contains("\n二、"),
        "{:?}",
        example.rules
    );

    let out = dir.path().join("out");
    let (code, text) = liangpai(&[
        "batch",
        template.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-03-01",
    ]);
    assert_eq!(code, 0, "{text}");
    let folder = out.join("青禾县柳溪镇社会工作服务站");
    let rules = pdf_text(&folder.sign("制度牌.pdf"));
    assert!(rules.contains("服务承诺"), "{rules}");
    let staff = pdf_text(&folder.sign("服务人员公示.pdf"));
    assert!(
        staff.contains("李晓雯") && staff.contains("王磊"),
        "{staff}"
    );
    assert!(staff.contains("13800000001") && !staff.contains("13800000002"));
    let process = pdf_text(&folder.sign("服务流程图.pdf"));
    assert!(
        process.contains("接案") && process.contains("结案"),
        "{process}"
    );
    let rows = report(&out);
    assert_eq!(rows.len(), 2, "{rows:?}");
    // The example has no photos: a warning that points at the roster row, not an error.
    assert!(rows[1][2].contains("“服务人员”表第 2 行"), "{rows:?}");
}

/// A roster typed by hand in Excel: a real date cell, bad values. (Phones typed as numbers are
/// refused: see tests/roster_inputs.rs.)
#[test]
fn roster_rows_with_bad_values_fail_alone_with_sheet_row_and_column() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    let sheet = workbook.add_worksheet().set_name("站点").unwrap();
    sheet
        .write_row(
            0,
            0,
            ["站点全称", "场所类型", "服务热线", "更新日期", "监督电话"],
        )
        .unwrap();
    sheet.write_row(1, 0, ["好站", "老年人服务设施"]).unwrap();
    sheet.write_string(1, 2, "6601234").unwrap();
    sheet.write_string(1, 4, "0000-6609999").unwrap();
    sheet
        .write_datetime_with_format(1, 3, ExcelDateTime::from_ymd(2026, 3, 1).unwrap(), &date)
        .unwrap();
    sheet.write_row(2, 0, ["坏站", "敬老院"]).unwrap();
    let sheet = workbook.add_worksheet().set_name("服务人员").unwrap();
    sheet
        .write_row(0, 0, ["站点全称", "姓名", "公开电话", "联系电话"])
        .unwrap();
    sheet.write_row(1, 0, ["好站", "张三", "是"]).unwrap();
    sheet.write_string(1, 3, "13800000009").unwrap();
    sheet.write_row(2, 0, ["坏站", "李四", "不知道"]).unwrap();
    sheet.write_row(3, 0, ["没有的站", "王五"]).unwrap();
    workbook.save(&path).unwrap();

    let out = dir.path().join("out");
    let (code, text) = liangpai(&[
        "batch",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "plaque,staff,contacts",
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("“站点”表第 3 行“场所类型”列：“敬老院”不对"),
        "{text}"
    );
    assert!(
        text.contains("“服务人员”表第 3 行“公开电话”列：“不知道”应为“是”或“否”"),
        "{text}"
    );
    assert!(
        text.contains("“服务人员”表第 4 行“站点全称”列：“没有的站”在“站点”表中找不到"),
        "{text}"
    );
    let good = out.join("好站");
    assert!(good.sign("服务人员公示.pdf").is_file());
    assert!(!out.join("坏站").exists());
    let staff = pdf_text(&good.sign("服务人员公示.pdf"));
    assert!(
        staff.contains("张三") && staff.contains("13800000009"),
        "{staff}"
    );
    let contacts = pdf_text(&good.sign("联系方式.pdf"));
    assert!(contacts.contains("6601234"), "{contacts}");
    assert!(
        contacts.contains("2026-03-01") || contacts.contains("2026年3月1日"),
        "{contacts}"
    );

    let rows = report(&out);
    let labels: Vec<&str> = rows.iter().map(|row| row[0].as_str()).collect();
    assert_eq!(labels, ["站点", "好站", "坏站", "（花名册）"]);
    assert_eq!(rows[1][3], "");
    assert!(
        rows[2][3].contains("敬老院") && rows[2][3].contains("不知道"),
        "{rows:?}"
    );
    assert!(rows[3][3].contains("没有的站"), "{rows:?}");
}

#[test]
fn csv_roster_in_utf8_and_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let stations = "\u{feff}站点全称,县区,乡镇(街道),功能室,服务热线,监督电话,更新日期\n\
                    青禾县东湖街道社会工作服务站,青禾县,东湖街道,个案工作室、儿童之家,0000-1234567,0000-6609999,2026-03-01\n\
                    青禾县西山镇社会工作服务站,青禾县,西山镇,,0000-7654321,0000-6609999,2026-03-01\n";
    std::fs::write(dir.path().join("站点.csv"), stations).unwrap();
    // Photo paths are relative to the roster's folder.
    std::fs::create_dir(dir.path().join("照片")).unwrap();
    std::fs::copy(
        examples().join("photos/li-xiaowen.jpg"),
        dir.path().join("照片/赵一.jpg"),
    )
    .unwrap();
    let (staff, _, _) = encoding_rs::GBK.encode(
        "站点全称,姓名,岗位,职业水平,照片\n\
         青禾县东湖街道社会工作服务站,赵一,站长,社会工作师,照片/赵一.jpg\n\
         青禾县西山镇社会工作服务站,钱二,驻站社工,未持证,\n",
    );
    std::fs::write(dir.path().join("服务人员.csv"), staff).unwrap();
    std::fs::write(
        dir.path().join("服务流程.csv"),
        "站点全称,步骤,说明\n全部,接案,登记\n全部,结案,回访\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, text) = liangpai(&[
        "batch",
        dir.path().join("站点.csv").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "staff,process,room_plate",
    ]);
    assert_eq!(code, 0, "{text}");
    let east = out.join("青禾县东湖街道社会工作服务站");
    let west = out.join("青禾县西山镇社会工作服务站");
    assert!(pdf_text(&east.sign("服务人员公示.pdf")).contains("赵一"));
    assert!(pdf_text(&west.sign("服务人员公示.pdf")).contains("钱二"));
    assert!(pdf_text(&west.sign("服务流程图.pdf")).contains("回访"));
    // One door plate per room, named by the room.
    assert!(pdf_text(&east.sign("功能室门牌-儿童之家.pdf")).contains("儿童之家"));
    // West has no rooms: its door plates are skipped with a warning, not an error.
    let west_files: Vec<String> = std::fs::read_dir(&west)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !west_files.iter().any(|name| name.contains("功能室门牌")),
        "{west_files:?}"
    );
    let rows = report(&out);
    assert!(rows[2][2].contains("功能室门牌"), "{rows:?}");
    // 赵一's photo was found (a missing one is an error); 钱二 has none (a warning).
    assert_eq!(rows[1][3], "", "{rows:?}");
    assert!(!rows[1][2].contains("没有照片"), "{rows:?}");
    assert!(rows[2][2].contains("没有照片"), "{rows:?}");
}

#[test]
fn usage_errors_exit_2_and_missing_input_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, text) = liangpai(&["batch", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{text}");
    let (code, text) = liangpai(&[
        "batch",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "门牌",
    ]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--sign"), "{text}");
    let (code, text) = liangpai(&[
        "batch",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("没有站点文件"), "{text}");
    let (code, text) = liangpai(&["batch", "--help"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("服务人员") && text.contains("--write-template"),
        "{text}"
    );
}

/// One station over its budget (text pasted a thousand times, a list of 6,000 staff) is refused
/// before anything is laid out for it, with its row in report.csv; the good stations are made.
#[test]
fn stations_over_their_budget_are_refused_and_the_others_made() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("站点");
    std::fs::create_dir(&input).unwrap();
    let good = ["青禾县柳溪镇社会工作服务站", "青禾县石桥镇社会工作服务站"];
    liangpai::storage::save(&station_named(good[0]), &input.join("1.json")).unwrap();
    let mut wordy = station_named("青禾县长文镇社会工作服务站");
    wordy.station.intro = "本站坚持以人民为中心，".repeat(50_000);
    liangpai::storage::save(&wordy, &input.join("2.json")).unwrap();
    let mut crowded = station_named("青禾县人多镇社会工作服务站");
    let member = crowded.staff[0].clone();
    crowded.staff = vec![member; 6_000];
    liangpai::storage::save(&crowded, &input.join("3.json")).unwrap();
    liangpai::storage::save(&station_named(good[1]), &input.join("4.json")).unwrap();
    let out = dir.path().join("输出");
    let started = std::time::Instant::now();
    let (code, text) = liangpai(&[
        "batch",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-03-01",
        "--sign",
        "plaque,staff",
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("4 个站点，2 个有错误"), "{text}");
    let rows = report(&out);
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(rows[2][0], "青禾县长文镇社会工作服务站");
    assert!(rows[2][3].contains("万字的上限，没有生成"), "{rows:?}");
    assert_eq!(rows[2][1], "");
    assert_eq!(rows[3][0], "青禾县人多镇社会工作服务站");
    assert!(
        rows[3][3].contains("服务人员有 6000 项，超过了一个站点最多 5000 项的上限"),
        "{rows:?}"
    );
    for (row, name) in [(1, good[0]), (4, good[1])] {
        assert_eq!(rows[row][0], name);
        assert_eq!(rows[row][3], "", "{rows:?}");
        assert!(out.join(name).sign("站点门牌.pdf").is_file());
        assert!(out.join(name).sign("服务人员公示.pdf").is_file());
    }
    // Refused stations leave no files.
    assert!(
        common::sign_files(out.join("青禾县长文镇社会工作服务站").join("站点门牌.pdf")).is_empty()
    );
    assert!(
        common::sign_files(
            out.join("青禾县人多镇社会工作服务站")
                .join("服务人员公示.pdf")
        )
        .is_empty()
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}

/// Every file under `folder`, recursively.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// No temporary file is left, and every PDF is whole (from `%PDF-` to `%%EOF`).
fn assert_no_temp_and_whole_pdfs(out: &Path) {
    for file in files_under(out) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".tmp"),
            "temporary file left: {}",
            file.display()
        );
        if name.ends_with(".pdf") {
            let bytes = std::fs::read(&file).unwrap();
            assert!(bytes.starts_with(b"%PDF-"), "{}", file.display());
            let tail =
                String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(32)..]).into_owned();
            assert!(
                tail.trim_end().ends_with("%%EOF"),
                "{} is cut off",
                file.display()
            );
        }
    }
}

fn plaque_settings() -> liangpai::export::ExportSettings {
    let mut settings = liangpai::export::ExportSettings::whole_set(3.0, false, None);
    settings.kinds = vec![liangpai::sign::SignKind::Plaque];
    settings.durable = false;
    settings
}

/// Sets the cancel flag once `after` stations are done (as 取消 in the app).
struct CancelAfter<'a> {
    after: usize,
    done: std::sync::atomic::AtomicUsize,
    cancel: &'a std::sync::atomic::AtomicBool,
}

impl liangpai::batch::Progress for CancelAfter<'_> {
    fn started(&self, _: usize, _: &[String], _: &[String]) {}
    fn station_done(&self, _: &liangpai::batch::Outcome) {
        use std::sync::atomic::Ordering;
        if self.done.fetch_add(1, Ordering::SeqCst) + 1 >= self.after {
            self.cancel.store(true, Ordering::SeqCst);
        }
    }
    fn finished(&self) {}
}

#[test]
fn cancelling_stops_before_the_next_station_and_the_report_marks_the_rest() {
    use std::sync::atomic::AtomicBool;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("站点");
    std::fs::create_dir(&input).unwrap();
    let names: Vec<String> = (1..=6)
        .map(|index| format!("青禾县柳溪镇第{index}社区社会工作服务站暨未成年人保护工作站"))
        .collect();
    for (index, name) in names.iter().enumerate() {
        liangpai::storage::save(&station_named(name), &input.join(format!("{index}.json")))
            .unwrap();
    }
    let out = dir.path().join("输出");
    let cancel = AtomicBool::new(false);
    let progress = CancelAfter {
        after: 2,
        done: Default::default(),
        cancel: &cancel,
    };
    // One worker thread: the stations are made in order, so the cut is exact.
    let finished = liangpai::batch::batch_unless_cancelled(
        &input,
        &out,
        &plaque_settings(),
        Some(1),
        &progress,
        &cancel,
    )
    .unwrap();
    let made: Vec<bool> = finished.stations.iter().map(|o| !o.cancelled).collect();
    assert_eq!(made, [true, true, false, false, false, false]);
    for outcome in &finished.stations[..2] {
        assert_eq!(outcome.made, [liangpai::sign::SignKind::Plaque]);
        assert!(out.join(&outcome.folder).sign("站点门牌.pdf").is_file());
    }
    for (outcome, name) in finished.stations[2..].iter().zip(&names[2..]) {
        assert_eq!(&outcome.label, name);
        assert!(outcome.made.is_empty() && outcome.folder.is_empty());
        assert!(!out.join(name).exists(), "{name} was started");
    }
    assert_eq!(finished.summary.cancelled, 4);
    assert_eq!(finished.summary.stations, 6);
    let message = finished.summary.message(&out);
    assert!(
        message.starts_with("已取消：6 个站点中 2 个已完成，4 个"),
        "{message}"
    );

    let rows = report(&out);
    assert_eq!(rows.len(), 7, "{rows:?}");
    for row in &rows[1..3] {
        assert_eq!(row[1], "站点门牌", "{rows:?}");
        assert!(!row[3].contains("已取消"), "{rows:?}");
    }
    for row in &rows[3..] {
        assert_eq!(row[1], "", "{rows:?}");
        assert_eq!(row[3], liangpai::batch::CANCELLED, "{rows:?}");
    }
    assert_no_temp_and_whole_pdfs(&out);
}

#[test]
fn cancelling_inside_a_station_finishes_the_sign_being_written_and_starts_no_other() {
    use liangpai::export::ExportEvent;
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let station = station_named("青禾县柳溪镇社会工作服务站");
    let settings = {
        let mut settings = liangpai::export::ExportSettings::whole_set(3.0, false, None);
        settings.durable = false;
        settings
    };
    let templates = liangpai::export::load_templates(&settings);

    // Cancelled before it starts: no sign is made, nothing is written.
    let out = dir.path().join("before");
    let report = liangpai::export::export_station_unless_cancelled(
        &station,
        None,
        &out,
        &settings,
        &templates,
        &AtomicBool::new(true),
    );
    assert!(report.made().is_empty());
    let cancelled = report
        .events
        .iter()
        .filter(|event| matches!(event, ExportEvent::Cancelled(_)))
        .count();
    assert_eq!(cancelled, settings.kinds.len());
    assert!(files_under(&out).is_empty(), "{:?}", files_under(&out));

    // Cancelled as the first PDF appears (one thread: the signs are made one after another).
    let out = dir.path().join("during");
    std::fs::create_dir_all(&out).unwrap();
    let cancel = AtomicBool::new(false);
    let done = AtomicBool::new(false);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let report = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                let written = std::fs::read_dir(&out)
                    .unwrap()
                    .flatten()
                    .any(|entry| entry.file_name().to_string_lossy().ends_with(".pdf"));
                if written {
                    cancel.store(true, Ordering::SeqCst);
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        });
        let report = pool.install(|| {
            liangpai::export::export_station_unless_cancelled(
                &station, None, &out, &settings, &templates, &cancel,
            )
        });
        done.store(true, Ordering::SeqCst);
        report
    });
    let made = report.made().len();
    let cancelled = report
        .events
        .iter()
        .filter(|event| matches!(event, ExportEvent::Cancelled(_)))
        .count();
    assert!(made >= 1, "{:?}", report.events);
    assert!(cancelled >= 1, "nothing was cancelled: {made} signs made");
    assert!(made + cancelled <= settings.kinds.len());
    assert_no_temp_and_whole_pdfs(&out);
    // The preflight report lists the signs made, and only those.
    let preflight = std::fs::read_to_string(out.sign("印前检查.txt")).unwrap();
    for kind in report.made() {
        assert!(preflight.contains(kind.label()), "{preflight}");
    }
}
