//! The app on a real office PC (issue 13): typing and IME in new list items, paste, small screens,
//! undoable deletes, dialogs that cannot open, the welcome card, portable station folders.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use egui::{Event, ImeEvent};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use liangpai::app::{AppConfig, Choice, Dialogs, FileRequest, LiangpaiApp, Section};

mod common;
use common::{copy_example, example_dir, settle};

/// Answers file dialogs from a queue; an empty queue means the user cancelled.
#[derive(Clone, Default)]
struct FakeDialogs {
    answers: Rc<RefCell<VecDeque<Choice>>>,
}

impl FakeDialogs {
    fn answer(&self, choice: Choice) {
        self.answers.borrow_mut().push_back(choice);
    }
}

impl Dialogs for FakeDialogs {
    fn choose(&mut self, _request: &FileRequest) -> Choice {
        self.answers
            .borrow_mut()
            .pop_front()
            .unwrap_or(Choice::Cancelled)
    }
}

fn harness_sized(config: AppConfig, size: egui::Vec2, scale: f32) -> Harness<'static, LiangpaiApp> {
    Harness::builder()
        .with_size(size)
        .with_pixels_per_point(scale)
        .with_context_setup(liangpai::app::install_fonts)
        .build_eframe(move |cc| LiangpaiApp::new(&cc.egui_ctx, config))
}

fn harness(config: AppConfig) -> Harness<'static, LiangpaiApp> {
    harness_sized(config, egui::vec2(1280.0, 800.0), 1.0)
}

/// The example station open in a fresh app, at its 服务人员 section.
fn example_at_staff(dir: &Path) -> Harness<'static, LiangpaiApp> {
    let file = copy_example(&dir.join("station"));
    let mut config = AppConfig::for_tests(&dir.join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    harness.get_by_label("服务人员").click();
    settle(&mut harness);
    assert_eq!(harness.state().section(), Section::Staff);
    harness
}

/// One key stroke per frame, as a person types: each character its own `Text` event.
fn type_slowly(harness: &mut Harness<'static, LiangpaiApp>, text: &str) {
    for character in text.chars() {
        harness.event(Event::Text(character.to_string()));
        harness.step();
        harness.step();
    }
    settle(harness);
}

/// A Chinese input method: pinyin preedit growing letter by letter, then the commit.
fn type_with_ime(harness: &mut Harness<'static, LiangpaiApp>, pinyin: &str, chinese: &str) {
    let mut preedit = String::new();
    for letter in pinyin.chars() {
        preedit.push(letter);
        harness.event(Event::Ime(ImeEvent::Preedit {
            text: preedit.clone(),
            active_range_chars: None,
        }));
        harness.step();
    }
    harness.event(Event::Ime(ImeEvent::Commit(chinese.to_owned())));
    harness.step();
    settle(harness);
}

#[test]
fn a_new_staff_member_keeps_every_typed_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = example_at_staff(dir.path());
    harness.get_by_label("添加服务人员").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().staff.len(), 5);
    let names: Vec<_> = harness.get_all_by_label("姓名").collect();
    assert_eq!(names.len(), 1);
    assert!(
        names[0].is_focused(),
        "the new card's first field has the cursor"
    );
    type_slowly(&mut harness, "欧阳晓");
    assert_eq!(harness.state().station().staff[4].name, "欧阳晓");
    // Tab to 联系电话 is not needed: the name field keeps the focus while errors come and go.
    assert!(harness.get_by_label("姓名").is_focused());
}

#[test]
fn ime_commits_land_in_a_new_staff_member_and_in_the_station_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = example_at_staff(dir.path());
    harness.get_by_label("添加服务人员").click();
    settle(&mut harness);
    type_with_ime(&mut harness, "ouyang", "欧阳");
    type_with_ime(&mut harness, "xiaofang", "晓芳");
    assert_eq!(harness.state().station().staff[4].name, "欧阳晓芳");

    harness.get_by_label("站点信息").click();
    settle(&mut harness);
    harness.get_by_label("站点全称").click();
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    settle(&mut harness);
    type_with_ime(&mut harness, "qinghexian", "青禾县");
    type_with_ime(&mut harness, "liuxizhen", "柳溪镇");
    type_slowly(&mut harness, "社会工作服务站");
    assert_eq!(
        harness.state().station().station.name,
        "青禾县柳溪镇社会工作服务站"
    );
}

#[test]
fn multi_line_paste_into_a_one_line_field_is_joined_with_a_space() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    harness.get_by_label("站点全称").click();
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    settle(&mut harness);
    // As Word puts it on the clipboard: CR LF line ends, a blank line, a trailing line end.
    harness.event(Event::Paste(
        "青禾县柳溪镇\r\n\r\n社会工作服务站\r\n".to_owned(),
    ));
    settle(&mut harness);
    assert_eq!(
        harness.state().station().station.name,
        "青禾县柳溪镇 社会工作服务站"
    );
    // A multi-line field keeps the lines (without the CR).
    harness.get_by_label("站点简介").click();
    settle(&mut harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    settle(&mut harness);
    harness.event(Event::Paste("第一段。\r\n第二段。\r\n".to_owned()));
    settle(&mut harness);
    assert_eq!(
        harness.state().station().station.intro,
        "第一段。\n第二段。"
    );
}

#[test]
fn deleting_shows_a_note_with_undo_and_a_double_click_deletes_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = example_at_staff(dir.path());
    // Open 王磊's card (the second) and press its 删除 twice in quick succession.
    harness.get_by_label_contains("王磊").click();
    settle(&mut harness);
    // (The card is taller than the form at this window size: its 删除 is scrolled into view.)
    harness.get_by_label("删除").scroll_to_me();
    settle(&mut harness);
    harness.get_by_label("删除").click();
    harness.step();
    // The next card's buttons are now where the pointer is; a second click a frame later.
    if let Some(button) = harness.query_by_label("删除") {
        button.click();
    }
    settle(&mut harness);
    let names: Vec<String> = harness
        .state()
        .station()
        .staff
        .iter()
        .map(|member| member.name.clone())
        .collect();
    assert_eq!(
        names,
        ["李晓雯", "陈思", "周敏"],
        "one click of a double click deleted"
    );
    assert_eq!(
        harness.state().deleted_note().as_deref(),
        Some("已删除 王磊")
    );
    harness.get_by_label("已删除 王磊");
    // Type somewhere else first: the note's 撤销 still puts 王磊 back in his place.
    harness.get_by_label_contains("陈思").click();
    settle(&mut harness);
    harness.get_by_label("联系电话").click();
    settle(&mut harness);
    type_slowly(&mut harness, "9");
    let undo: Vec<_> = harness.get_all_by_label("撤销").collect();
    assert_eq!(undo.len(), 2, "the toolbar's 撤销 and the note's");
    undo[1].click();
    settle(&mut harness);
    let station = harness.state().station();
    let names: Vec<&str> = station.staff.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["李晓雯", "王磊", "陈思", "周敏"]);
    assert_eq!(station.staff[1].photo, "photos/wang-lei.jpg");
    assert_eq!(
        station.staff[2].phone, "138 0000 00039",
        "the later typing is kept"
    );
    assert!(harness.state().deleted_note().is_none());
    // A deliberate delete later than a double click happens (陈思's card is the open one).
    harness.run_steps(40);
    harness.get_by_label("删除").scroll_to_me();
    settle(&mut harness);
    harness.get_by_label("删除").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().staff.len(), 3);
    assert_eq!(
        harness.state().deleted_note().as_deref(),
        Some("已删除 陈思")
    );
}

#[test]
fn a_dialog_that_cannot_open_offers_a_box_to_type_the_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let dialogs = FakeDialogs::default();
    let mut harness = harness(AppConfig::for_tests(
        &dir.path().join("data"),
        Box::new(dialogs.clone()),
    ));
    settle(&mut harness);
    dialogs.answer(Choice::Unavailable("系统的文件选择窗口打不开".to_owned()));
    harness.get_by_label("打开").click();
    settle(&mut harness);
    harness.get_by_label_contains("系统的文件选择窗口打不开");
    let field = harness.get_by_label("文件路径");
    assert!(field.is_focused());
    // A path that does not exist: a Chinese message, the box stays.
    field.type_text("/没有/这个.json");
    settle(&mut harness);
    harness.get_by_label("确定").click();
    settle(&mut harness);
    harness.get_by_label_contains("找不到文件");
    assert!(harness.state().path().is_none());
    // The right path, quoted as Windows' 复制为路径 gives it.
    harness.get_by_label("文件路径").click();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    settle(&mut harness);
    harness
        .get_by_label("文件路径")
        .type_text(&format!("\"{}\"", file.display()));
    settle(&mut harness);
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert_eq!(harness.state().path(), Some(file.as_path()));
    assert_eq!(harness.state().station().staff.len(), 4);
    assert!(harness.state().modal().is_none());
}

#[test]
fn first_start_welcome_card_and_the_compiled_in_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialogs = FakeDialogs::default();
    let mut harness = harness(AppConfig::for_tests(
        &dir.path().join("data"),
        Box::new(dialogs.clone()),
    ));
    settle(&mut harness);
    assert!(harness.state().is_welcome_shown());
    harness.get_by_label("新建站点");
    harness.get_by_label("打开站点文件");
    // No red error before anything was typed.
    assert!(
        harness.state().problems().is_empty(),
        "{:?}",
        harness.state().problems()
    );
    assert!(harness.query_by_label_contains("处错误").is_none());
    assert!(harness.query_by_label_contains("错误：").is_none());

    let chosen = dir.path().join("我的站点").join("示例.json");
    std::fs::create_dir_all(chosen.parent().unwrap()).unwrap();
    dialogs.answer(Choice::Chosen(chosen.clone()));
    harness.get_by_label("打开示例站点").click();
    settle(&mut harness);
    assert_eq!(harness.state().path(), Some(chosen.as_path()));
    assert!(!harness.state().is_welcome_shown());
    assert_eq!(
        harness.state().station().station.name,
        "青禾县柳溪镇社会工作服务站"
    );
    for member in &harness.state().station().staff {
        assert!(
            chosen.parent().unwrap().join(&member.photo).is_file(),
            "{} is beside the station file",
            member.photo
        );
    }
    // The photos are read: no picture problem.
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.state().preview_shown().is_none() {
        assert!(Instant::now() < deadline);
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    settle(&mut harness);
    assert!(
        harness
            .state()
            .problems()
            .iter()
            .all(|problem| !problem.field.to_string().contains("photo")),
        "{:?}",
        harness.state().problems()
    );
}

#[test]
fn 新建站点_starts_typing_and_errors_appear_only_then() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(AppConfig::for_tests(
        &dir.path().join("data"),
        Box::new(FakeDialogs::default()),
    ));
    settle(&mut harness);
    harness.get_by_label("新建站点").click();
    settle(&mut harness);
    assert!(!harness.state().is_welcome_shown());
    assert!(harness.get_by_label("站点全称").is_focused());
    assert!(harness.state().problems().is_empty());
    type_slowly(&mut harness, "柳溪镇");
    assert_eq!(harness.state().station().station.name, "柳溪镇");
    assert!(
        !harness.state().problems().is_empty(),
        "once typing started the form checks the other fields"
    );
}

#[test]
fn a_photo_chosen_before_the_first_save_is_copied_beside_the_station() {
    let dir = tempfile::tempdir().expect("temp dir");
    let downloads = dir.path().join("下载");
    std::fs::create_dir_all(&downloads).unwrap();
    let photo = downloads.join("王磊.jpg");
    std::fs::copy(example_dir().join("photos/wang-lei.jpg"), &photo).unwrap();
    let dialogs = FakeDialogs::default();
    let mut harness = harness(AppConfig::for_tests(
        &dir.path().join("data"),
        Box::new(dialogs.clone()),
    ));
    settle(&mut harness);
    harness.get_by_label("新建站点").click();
    settle(&mut harness);
    type_slowly(&mut harness, "柳溪镇社工站");
    harness.get_by_label("服务人员").click();
    settle(&mut harness);
    harness.get_by_label("添加服务人员").click();
    settle(&mut harness);
    type_slowly(&mut harness, "王磊");
    dialogs.answer(Choice::Chosen(photo.clone()));
    harness.get_by_label("选择图片…").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().station().staff[0].photo,
        photo.display().to_string()
    );
    harness.get_by_label_contains("保存站点时复制到“照片”文件夹");

    let station_dir = dir.path().join("柳溪镇");
    std::fs::create_dir_all(&station_dir).unwrap();
    let file = station_dir.join("柳溪镇.json");
    dialogs.answer(Choice::Chosen(file.clone()));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    assert_eq!(harness.state().path(), Some(file.as_path()));
    assert_eq!(harness.state().station().staff[0].photo, "照片/王磊.jpg");
    assert!(
        harness.state().status().contains("照片"),
        "{}",
        harness.state().status()
    );
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("\"照片/王磊.jpg\""), "{saved}");

    // The folder moved to another PC (and the download gone) keeps its picture.
    let moved = dir.path().join("另一台电脑");
    std::fs::rename(&station_dir, &moved).unwrap();
    std::fs::remove_file(&photo).unwrap();
    let station = liangpai::storage::load(&moved.join("柳溪镇.json")).unwrap();
    let loaded = liangpai::assets::load(&station, Some(&moved));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

/// Screen sizes of office PCs: (pixels, scaling) → the window's inner size in points after the
/// taskbar (40 px) and a title bar (30 px).
const SCREENS: [((f32, f32), f32); 6] = [
    ((1366.0, 768.0), 1.0),
    ((1366.0, 768.0), 1.25),
    ((1366.0, 768.0), 1.5),
    ((1280.0, 720.0), 1.0),
    ((1280.0, 720.0), 1.25),
    ((1280.0, 720.0), 1.5),
];

#[test]
fn every_control_and_the_status_bar_fit_on_small_screens() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    for ((width_px, height_px), scale) in SCREENS {
        let size = egui::vec2(width_px / scale, (height_px - 70.0) / scale);
        let mut config =
            AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
        config.file = Some(file.clone());
        let mut harness = harness_sized(config, size, scale);
        settle(&mut harness);
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
        let what = format!("{width_px}×{height_px} at {:.0} %", scale * 100.0);
        let line_height = 15.0 * 1.6;
        for label in [
            "新建",
            "打开",
            "最近",
            "保存",
            "另存为",
            "撤销",
            "重做",
            "公示牌",
            "纸张",
            "导出PDF",
            "打印",
            "站点信息",
            "服务人员",
            "联系方式",
            "提醒",
        ] {
            let node = harness.get_by_label(label);
            let rect = node.rect();
            assert!(
                screen.contains_rect(rect),
                "{what}: {label} at {rect:?} is outside the window {screen:?}"
            );
            assert!(
                rect.height() < 2.0 * line_height && rect.width() > rect.height() * 0.9,
                "{what}: {label} wraps ({rect:?})"
            );
        }
        // The status bar names the station file, inside the window.
        let name = file.display().to_string();
        let status = harness.get_by_label(&name);
        assert!(
            screen.contains_rect(status.rect()),
            "{what}: the status bar at {:?} is off the window",
            status.rect()
        );
        // The first and the last field of the form can be reached (the form scrolls).
        harness.get_by_label("站点全称").click();
        settle(&mut harness);
        harness.get_by_label("站点全称").scroll_to_me();
        harness.get_by_label("添加功能室").scroll_to_me();
        settle(&mut harness);
        let button = harness.get_by_label("添加功能室").rect();
        assert!(
            screen.contains_rect(button),
            "{what}: 添加功能室 at {button:?}"
        );
    }
}
