//! The app on a real office PC (issue 13): typing and IME in new list items, paste, small screens,
//! undoable deletes, dialogs that cannot open, the welcome card, portable station folders.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use egui::{Event, ImeEvent};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use liangpai::app::{AppConfig, Choice, Dialogs, FileRequest, LiangpaiApp, Section};

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

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples")
}

fn copy_example(dir: &Path) -> PathBuf {
    let source = example_dir();
    std::fs::create_dir_all(dir.join("photos")).expect("photos folder");
    for entry in std::fs::read_dir(source.join("photos")).expect("example photos") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join("photos").join(entry.file_name()))
            .expect("copy photo");
    }
    let file = dir.join("liuxi-station.json");
    std::fs::copy(source.join("liuxi-station.json"), &file).expect("copy station");
    file
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

fn settle(harness: &mut Harness<'static, LiangpaiApp>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.run_ok().is_none() {
        assert!(Instant::now() < deadline, "the UI never settled");
        std::thread::sleep(Duration::from_millis(5));
    }
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
