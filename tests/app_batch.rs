//! 批量导出 in the app (issue 17), driven through its accessible labels (egui_kittest, headless):
//! the dialog, a 200-station county roster with progress and a clean cancel, the report table
//! of a finished batch and a failed station's problems, 生成空白花名册 (with the open station's
//! translation columns).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
mod common;
use common::SignPath;
use common::settle;
use liangpai::app::{AppConfig, Choice, Dialogs, FilePurpose, FileRequest, LiangpaiApp, Modal};
use liangpai::batch::roster;
use liangpai::model::StationFile;

/// Answers file dialogs from a queue (an empty queue: the user cancelled) and remembers what
/// was asked.
#[derive(Clone, Default)]
struct FakeDialogs {
    answers: Rc<RefCell<VecDeque<PathBuf>>>,
    asked: Rc<RefCell<Vec<FilePurpose>>>,
}

impl FakeDialogs {
    fn answer(&self, path: &Path) {
        self.answers.borrow_mut().push_back(path.to_path_buf());
    }
}

impl Dialogs for FakeDialogs {
    fn choose(&mut self, request: &FileRequest) -> Choice {
        self.asked.borrow_mut().push(request.purpose);
        Choice::from_option(self.answers.borrow_mut().pop_front())
    }
}

fn harness(dir: &Path, dialogs: &FakeDialogs) -> Harness<'static, LiangpaiApp> {
    harness_with(AppConfig::for_tests(
        &dir.join("data"),
        Box::new(dialogs.clone()),
    ))
}

/// The app with `config`, at 1366×768.
fn harness_with(config: AppConfig) -> Harness<'static, LiangpaiApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(liangpai::app::install_fonts)
        .build_eframe(move |cc| LiangpaiApp::new(&cc.egui_ctx, config));
    settle(&mut harness);
    harness
}

/// Steps frames (as the window does while the batch runs) until `done` holds.
fn wait_until(
    harness: &mut Harness<'static, LiangpaiApp>,
    what: &str,
    done: impl Fn(&LiangpaiApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn click(harness: &mut Harness<'static, LiangpaiApp>, label: &str) {
    harness.get_by_label(label).click();
    settle(harness);
}

fn type_into(harness: &mut Harness<'static, LiangpaiApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    settle(harness);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

/// The example station as station number `index` of a county, with a long official name.
fn county_station(index: usize) -> StationFile {
    const TOWNS: [&str; 8] = [
        "柳溪镇",
        "石桥镇",
        "东湖街道",
        "龙潭乡",
        "白鹭洲街道",
        "青石板镇",
        "桂花乡",
        "鹤鸣镇",
    ];
    let mut station = roster::example_station();
    let town = TOWNS[index % TOWNS.len()];
    station.station.town = town.to_owned();
    station.station.name = format!("青禾县{town}第{index}社区社会工作服务站暨未成年人保护工作站");
    station.station.short_name = format!("{town}{index}号站");
    station
}

/// Writes a roster of `stations` through the roster's schema (every sheet and column, as the
/// template has them); `tweak` may change the rows of each sheet before they are written.
fn write_roster(
    path: &Path,
    stations: &[StationFile],
    tweak: impl Fn(&str, &[&str], &mut Vec<Vec<String>>),
) {
    let sheets = roster::sheets();
    let mut rows: Vec<Vec<Vec<String>>> = vec![Vec::new(); sheets.len()];
    for station in stations {
        for (index, (_, sheet_rows)) in roster::station_rows(station).into_iter().enumerate() {
            rows[index].extend(sheet_rows);
        }
    }
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (info, mut rows) in sheets.iter().zip(rows) {
        let headers: Vec<&str> = info.headers.iter().map(|header| header.name).collect();
        tweak(info.name, &headers, &mut rows);
        let sheet = workbook.add_worksheet().set_name(info.name).unwrap();
        for (col, header) in headers.iter().enumerate() {
            sheet.write_string(0, col as u16, *header).unwrap();
        }
        for (row, values) in rows.iter().enumerate() {
            for (col, value) in values.iter().enumerate() {
                if !value.is_empty() {
                    sheet
                        .write_string(row as u32 + 1, col as u16, value)
                        .unwrap();
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

/// report.csv rows (BOM removed), header first.
fn report_csv(out: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(out.join("report.csv")).unwrap();
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text)
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

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
    files
}

/// Only 站点门牌 ticked (keeps the test fast; the sign choice is the dialog's own).
fn only_the_plaque(harness: &mut Harness<'static, LiangpaiApp>) {
    click(harness, "全不选");
    // (The toolbar's 公示牌 picker shows 站点门牌 too.)
    harness
        .get_by_role_and_label(egui::accesskit::Role::CheckBox, "站点门牌")
        .click();
    settle(harness);
}

#[test]
fn the_dialog_opens_checks_its_fields_and_writes_a_blank_roster() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(dir.path(), &dialogs);
    assert!(!harness.state().is_batch_open());
    click(&mut harness, "批量导出");
    assert!(harness.state().is_batch_open());
    for label in ["花名册或站点文件夹", "样式包（可选）", "输出文件夹", "开始"]
    {
        harness.get_by_label(label);
    }
    // 用途 as in the toolbar, and in the dialog.
    assert_eq!(harness.get_all_by_label("用途").count(), 2);

    // 开始 with nothing chosen names the field to fill in.
    click(&mut harness, "开始");
    let note = harness.state().batch_note().cloned().unwrap();
    assert!(
        note.error && note.text.contains("花名册或站点文件夹"),
        "{note:?}"
    );
    assert!(!harness.state().is_batch_running());

    // 生成空白花名册…: the name without .xlsx gets it; the note says where it went.
    let template = dir.path().join("县里的花名册");
    dialogs.answer(&template);
    click(&mut harness, "生成空白花名册…");
    assert_eq!(
        dialogs.asked.borrow().last(),
        Some(&FilePurpose::SaveRoster)
    );
    let written = dir.path().join("县里的花名册.xlsx");
    let read = roster::read_workbook(&written).unwrap();
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.stations.len(), 1);
    assert_eq!(
        read.stations[0].station.as_ref().unwrap(),
        &roster::example_station()
    );
    let note = harness.state().batch_note().cloned().unwrap();
    assert!(!note.error, "{note:?}");
    assert!(
        note.text.contains(&written.display().to_string()),
        "{note:?}"
    );
    assert!(harness.state().status().contains("已生成空白花名册"));

    // Never over an existing roster: a message, and the file stays as it was.
    let before = std::fs::read(&written).unwrap();
    dialogs.answer(&written);
    click(&mut harness, "生成空白花名册…");
    match harness.state().modal() {
        Some(Modal::Message { title, text }) => {
            assert_eq!(title, "无法生成花名册");
            assert!(text.contains("已经存在"), "{text}");
        }
        other => panic!("expected a message, got {other:?}"),
    }
    assert_eq!(std::fs::read(&written).unwrap(), before);
    click(&mut harness, "确定");

    // An output folder that is a file is refused, naming it.
    type_into(&mut harness, "输出文件夹", &written.display().to_string());
    click(&mut harness, "开始");
    let note = harness.state().batch_note().cloned().unwrap();
    assert!(note.error && note.text.contains("输出文件夹"), "{note:?}");
    assert!(!harness.state().is_batch_running());

    click(&mut harness, "关闭");
    assert!(!harness.state().is_batch_open());
}

/// The header row of `sheet` in the workbook at `path`.
fn header_row(path: &Path, sheet: &str) -> Vec<String> {
    use calamine::Reader;
    let mut workbook = calamine::open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_blank_roster_has_the_open_stations_translation_columns() {
    let dir = tempfile::tempdir().unwrap();
    // A station with Uyghur chosen, Chinese first at 0.8, as the app saved it.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/bilingual/ug.json"),
    )
    .unwrap()
    .replace("\"local_first\"", "\"chinese_first\"")
    .replace("\"size_ratio\": 1.0", "\"size_ratio\": 0.8");
    let file = dir.path().join("白杨镇社工站.json");
    std::fs::write(&file, text).unwrap();
    let dialogs = FakeDialogs::default();
    let mut config = AppConfig::for_tests(&dir.path().join("data"), Box::new(dialogs.clone()));
    config.file = Some(file);
    let mut harness = harness_with(config);
    let chosen = harness.state().station().languages.clone().unwrap();
    assert_eq!(chosen.local, ["ug"]);

    click(&mut harness, "批量导出");
    // Said beside the button, before anything is written.
    harness.get_by_label("（含维吾尔文译文列）");
    let template = dir.path().join("县里的花名册.xlsx");
    dialogs.answer(&template);
    click(&mut harness, "生成空白花名册…");
    let headers = header_row(&template, "站点");
    for name in [
        "站点全称（维吾尔文）",
        "承接机构（维吾尔文）",
        "功能室（维吾尔文）",
        "文字顺序",
        "民族文字字号比例",
    ] {
        assert!(
            headers.iter().any(|header| header == name),
            "{name}: {headers:?}"
        );
    }
    assert!(
        header_row(&template, "服务人员")
            .iter()
            .any(|header| header == "姓名（维吾尔文）")
    );
    assert!(
        !headers.iter().any(|header| header.contains("藏文")),
        "{headers:?}"
    );
    // Read back: the example station has the open station's scripts, order and size.
    let read = roster::read_workbook(&template).unwrap();
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let example = read.stations[0].station.as_ref().unwrap();
    assert_eq!(example.languages.as_ref(), Some(&chosen));
    let note = harness.state().batch_note().cloned().unwrap();
    assert!(
        !note.error
            && note
                .text
                .contains("花名册里有维吾尔文译文列（按当前站点选的民族文字）"),
        "{note:?}"
    );
}

#[test]
fn a_200_station_roster_shows_progress_and_cancels_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let stations: Vec<StationFile> = (1..=200).map(county_station).collect();
    let roster_path = dir.path().join("全县站点花名册.xlsx");
    write_roster(&roster_path, &stations, |_, _, _| {});
    let out = dir.path().join("输出");
    let dialogs = FakeDialogs::default();
    let mut harness = harness(dir.path(), &dialogs);
    click(&mut harness, "批量导出");
    dialogs.answer(&roster_path);
    click(&mut harness, "选择花名册…");
    dialogs.answer(&out);
    click(&mut harness, "选择输出文件夹…");
    assert_eq!(
        *dialogs.asked.borrow(),
        [FilePurpose::OpenRoster, FilePurpose::BatchOutput]
    );
    only_the_plaque(&mut harness);

    harness.get_by_label("开始").click();
    let started = Instant::now();
    harness.step();
    harness.step();
    // The window came back at once: the batch runs on its own thread.
    assert!(harness.state().is_batch_running());
    assert!(started.elapsed() < Duration::from_secs(5));
    wait_until(&mut harness, "the first stations", |app| {
        app.batch_progress()
            .is_some_and(|(done, total)| done >= 1 && total == Some(200))
    });
    let (first, _) = harness.state().batch_progress().unwrap();
    wait_until(&mut harness, "more stations", |app| {
        app.batch_progress().is_some_and(|(done, _)| done > first)
    });
    harness.step();
    let (done, _) = harness.state().batch_progress().unwrap();
    harness.get_by_label(&format!("已完成 {done} / 200 个站点"));
    harness.get_by_label_contains("还需约");
    harness.get_by_label_contains("错误 0 条");

    // Closing the window now would cut files off: it stays open and says why.
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    assert!(!harness.state().is_closing());
    assert!(
        harness.state().status().contains("正在批量导出"),
        "{}",
        harness.state().status()
    );

    harness.get_by_label("取消").click();
    wait_until(&mut harness, "the batch to stop", |app| {
        app.batch_report().is_some()
    });
    settle(&mut harness);
    let rows = harness.state().batch_report().unwrap().to_vec();
    assert_eq!(rows.len(), 200, "no roster row: the roster has no problems");
    let cancelled: Vec<_> = rows.iter().filter(|row| row.cancelled).collect();
    let finished: Vec<_> = rows.iter().filter(|row| !row.cancelled).collect();
    assert!(
        !cancelled.is_empty() && cancelled.len() < 200,
        "{} cancelled",
        cancelled.len()
    );
    assert!(
        finished.len() >= done,
        "{} finished, {done} seen",
        finished.len()
    );
    for row in &finished {
        assert_eq!(row.made, 1, "{row:?}");
        assert!(row.errors.is_empty(), "{row:?}");
        assert!(
            out.join(&row.folder).sign("站点门牌.pdf").is_file(),
            "{row:?}"
        );
    }
    // The last stations never started.
    let last = rows.last().unwrap();
    assert!(
        last.cancelled && last.made == 0 && last.folder.is_empty(),
        "{last:?}"
    );
    assert!(!out.join(&stations[199].station.name).exists());

    // report.csv is written with the cancelled stations marked, and nothing is half-written.
    let csv = report_csv(&out);
    assert_eq!(csv.len(), 201);
    let marked = csv[1..]
        .iter()
        .filter(|row| row[3].starts_with("已取消"))
        .count();
    assert_eq!(marked, cancelled.len());
    for file in files_under(&out) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "left behind: {}", file.display());
        if name.ends_with(".pdf") {
            let bytes = std::fs::read(&file).unwrap();
            let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(32)..])
                .trim_end()
                .to_owned();
            assert!(
                bytes.starts_with(b"%PDF-") && tail.ends_with("%%EOF"),
                "{} is not whole",
                file.display()
            );
        }
    }
    assert!(
        harness.state().status().starts_with("已取消"),
        "{}",
        harness.state().status()
    );
}

#[test]
fn a_finished_batch_shows_the_report_and_a_failed_rows_problems() {
    let dir = tempfile::tempdir().unwrap();
    let stations: Vec<StationFile> = (1..=3).map(county_station).collect();
    let bad = stations[1].station.name.clone();
    let roster_path = dir.path().join("花名册.xlsx");
    write_roster(&roster_path, &stations, |sheet, headers, rows| {
        let column = |name: &str| headers.iter().position(|header| *header == name).unwrap();
        if sheet == roster::STATION_SHEET {
            // Row 3 of the 站点 sheet: a place type the roster does not know.
            rows[1][column("场所类型")] = "敬老院".to_owned();
        }
        if sheet == roster::STAFF_SHEET {
            let mut stray = vec![String::new(); headers.len()];
            stray[column(roster::KEY)] = "青禾县没有这个站".to_owned();
            stray[column("姓名")] = "王五".to_owned();
            rows.push(stray);
        }
    });
    let out = dir.path().join("输出");
    let dialogs = FakeDialogs::default();
    let mut harness = harness(dir.path(), &dialogs);
    click(&mut harness, "批量导出");
    // Typed, as when the system's file dialog cannot open.
    type_into(
        &mut harness,
        "花名册或站点文件夹",
        &format!("\"{}\"", roster_path.display()),
    );
    type_into(&mut harness, "输出文件夹", &out.display().to_string());
    only_the_plaque(&mut harness);
    harness.get_by_label("开始").click();
    wait_until(&mut harness, "the report", |app| {
        app.batch_report().is_some()
    });
    settle(&mut harness);

    let rows = harness.state().batch_report().unwrap().to_vec();
    let labels: Vec<&str> = rows.iter().map(|row| row.station.as_str()).collect();
    assert_eq!(
        labels,
        [
            liangpai::batch::ROSTER_ROW,
            stations[0].station.name.as_str(),
            bad.as_str(),
            stations[2].station.name.as_str()
        ]
    );
    // The roster's own problem first.
    assert!(rows[0].roster && !rows[1..].iter().any(|row| row.roster));
    assert_eq!(rows[0].errors.len(), 1, "{:?}", rows[0]);
    assert!(
        rows[0].errors[0].contains("青禾县没有这个站"),
        "{:?}",
        rows[0]
    );
    // The good stations: the plaque made, no errors; the bad one: nothing made, its error.
    for row in [&rows[1], &rows[3]] {
        assert_eq!(
            (row.made, row.errors.len(), row.cancelled),
            (1, 0, false),
            "{row:?}"
        );
    }
    assert_eq!(rows[2].made, 0);
    assert_eq!(rows[2].errors.len(), 1, "{:?}", rows[2]);
    assert!(
        rows[2].errors[0].contains("“站点”表第 3 行“场所类型”列：“敬老院”"),
        "{:?}",
        rows[2]
    );
    // The table says what report.csv says, row for row (the roster's row is last there).
    let csv = report_csv(&out);
    assert_eq!(csv.len(), 5);
    let lines = |cell: &str| cell.lines().filter(|line| !line.is_empty()).count();
    for (row, csv_row) in rows[1..].iter().zip(&csv[1..4]) {
        assert_eq!(row.station, csv_row[0]);
        assert_eq!(
            row.warnings.len(),
            lines(&csv_row[2]),
            "{row:?} {csv_row:?}"
        );
        assert_eq!(row.errors.len(), lines(&csv_row[3]), "{row:?} {csv_row:?}");
        assert_eq!(row.folder, csv_row[4]);
    }
    assert_eq!(csv[4][0], liangpai::batch::ROSTER_ROW);
    assert!(
        harness
            .state()
            .status()
            .starts_with("完成：3 个站点，1 个有错误"),
        "{}",
        harness.state().status()
    );

    // A click on the failed station shows its problems, in Chinese, with the sheet and row.
    harness.get_by_label(&bad).click();
    settle(&mut harness);
    harness.get_by_label(&format!("“{bad}”的问题"));
    harness.get_by_label_contains("错误：“站点”表第 3 行“场所类型”列：“敬老院”");
    // The roster's row shows the stray staff row.
    harness.get_by_label(liangpai::batch::ROSTER_ROW).click();
    settle(&mut harness);
    harness.get_by_label("花名册本身的问题");
    harness.get_by_label_contains("青禾县没有这个站");

    // 再导出一批 keeps the choices.
    click(&mut harness, "再导出一批");
    assert!(harness.state().batch_report().is_none());
    assert!(harness.state().is_batch_open());
    click(&mut harness, "关闭");
    assert!(!harness.state().is_batch_open());
}
