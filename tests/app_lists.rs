//! The form's lists and background jobs, driven headless by accessible labels (egui_kittest):
//! every list is one list editor (ids from each item's key, the delete note with 撤销), a
//! deleted room comes back with its translations, the translation preview strip keeps its room
//! before the first letter, and a job that fails inside says so in Chinese without taking the
//! app down.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use liangpai::app::{AppConfig, LiangpaiApp, Modal};
use liangpai::model::Language;

mod common;
use common::{FakeDialogs, copy_example, example_dir, settle, type_slowly, wait_until};

fn harness(config: AppConfig) -> Harness<'static, LiangpaiApp> {
    common::harness_sized(config, egui::vec2(1366.0, 768.0), 1.0)
}

/// A copy of the shared example `name` in `dir` with `edit` applied to its JSON; its path.
fn example_copy(dir: &Path, name: &str, edit: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let text = std::fs::read_to_string(example_dir().join(name)).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    edit(&mut value);
    std::fs::create_dir_all(dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    file
}

/// The app with `file` open, settled.
fn open(dir: &Path, file: PathBuf) -> Harness<'static, LiangpaiApp> {
    let mut config = AppConfig::for_tests(&dir.join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    harness
}

/// (value, accessibility id) of every text field named `label`, in form order.
fn fields(harness: &Harness<'static, LiangpaiApp>, label: &str) -> Vec<(String, u128)> {
    harness
        .get_all_by_label(label)
        .map(|node| {
            (
                node.value().unwrap_or_default(),
                u128::from(node.accesskit_node().id()),
            )
        })
        .collect()
}

fn rule_titles(harness: &Harness<'static, LiangpaiApp>) -> Vec<String> {
    harness
        .state()
        .station()
        .rules
        .iter()
        .map(|rule| rule.title.clone())
        .collect()
}

#[test]
fn a_moved_rule_keeps_its_fields_and_its_open_card_and_undo_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = example_copy(&dir.path().join("station"), "shimen-station.json", |_| {});
    let mut harness = open(dir.path(), file);
    harness.get_by_label("工作制度").click();
    settle(&mut harness);
    assert_eq!(rule_titles(&harness), ["服务承诺", "督导制度"]);
    let supervision_text = harness.state().station().rules[1].text.clone();
    // Only the second rule's card is open.
    harness.get_by_label("2. 督导制度").click();
    settle(&mut harness);
    let before = fields(&harness, "制度名称");
    assert_eq!(before.len(), 1, "{before:?}");
    assert_eq!(before[0].0, "督导制度");
    let content_before = fields(&harness, "制度内容");
    assert_eq!(content_before[0].0, supervision_text);

    harness.get_by_label("上移").click();
    settle(&mut harness);
    assert_eq!(rule_titles(&harness), ["督导制度", "服务承诺"]);
    // The open card went up with its rule, and its fields kept their ids (focus, the input
    // method's composition and the errors shown follow the rule, not the place).
    harness.get_by_label("1. 督导制度");
    assert_eq!(fields(&harness, "制度名称"), before);
    assert_eq!(fields(&harness, "制度内容"), content_before);

    // The toolbar's 撤销 (there is no delete note) puts the order back.
    harness.get_by_label("撤销").click();
    settle(&mut harness);
    assert_eq!(rule_titles(&harness), ["服务承诺", "督导制度"]);
    assert_eq!(fields(&harness, "制度名称"), before);

    // Both cards open; 删除 on 督导制度 shows the note, and a second click at once (the
    // other card's 删除 a frame later) deletes nothing more.
    harness.get_by_label("1. 服务承诺").click();
    settle(&mut harness);
    // 督导制度's 删除: the one under its card's header, brought into view.
    supervision_delete(&harness).scroll_to_me();
    settle(&mut harness);
    let delete = supervision_delete(&harness).rect();
    click_at(&mut harness, delete, false);
    assert_eq!(
        harness.state().deleted_note().as_deref(),
        Some("已删除 督导制度")
    );
    if let Some(button) = harness.get_all_by_label("删除").next() {
        button.click();
    }
    settle(&mut harness);
    assert_eq!(
        rule_titles(&harness),
        ["服务承诺"],
        "a double click deleted two"
    );
    assert_eq!(
        harness.state().deleted_note().as_deref(),
        Some("已删除 督导制度")
    );
    undo_delete(&mut harness);
    assert_eq!(rule_titles(&harness), ["服务承诺", "督导制度"]);
    assert_eq!(harness.state().station().rules[1].text, supervision_text);
}

/// The 删除 of the rule 督导制度 (second of two open cards): the one under its card's header.
fn supervision_delete<'h>(harness: &'h Harness<'static, LiangpaiApp>) -> egui_kittest::Node<'h> {
    let header = harness.get_by_label("2. 督导制度").rect();
    let deletes: Vec<_> = harness.get_all_by_label("删除").collect();
    assert_eq!(deletes.len(), 2);
    deletes
        .into_iter()
        .find(|button| button.rect().top() > header.bottom())
        .expect("督导制度's 删除")
}

/// The room rows' 删除 buttons, in form order (the one on the row of 功能室 n is the nth).
fn room_buttons(harness: &Harness<'static, LiangpaiApp>, label: &str) -> Vec<egui::Rect> {
    let rows: Vec<egui::Rect> = harness
        .get_all_by_label_contains("功能室 ")
        .filter(|node| node.value().is_some())
        .map(|node| node.rect())
        .collect();
    harness
        .get_all_by_label(label)
        .map(|node| node.rect())
        .filter(|button| {
            rows.iter()
                .any(|row| row.y_range().contains(button.center().y))
        })
        .collect()
}

/// A click at the middle of `rect`, in one frame; then the UI settles if `settle_after`.
fn click_at(harness: &mut Harness<'static, LiangpaiApp>, rect: egui::Rect, settle_after: bool) {
    let position = rect.center();
    harness.event(egui::Event::PointerMoved(position));
    harness.event(egui::Event::PointerButton {
        pos: position,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: position,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.step();
    if settle_after {
        settle(harness);
    }
}

/// Each room with its Uyghur translation in the station and in the form's input under it.
fn rooms(harness: &Harness<'static, LiangpaiApp>) -> Vec<(String, String, String)> {
    let station = &harness.state().station().station;
    station
        .rooms
        .iter()
        .enumerate()
        .map(|(index, room)| {
            let input = harness
                .get_by_label(&format!("功能室 {}（维吾尔文）", index + 1))
                .value()
                .unwrap_or_default();
            let translation = station.tr.item(Language::Uyghur, "rooms", index);
            (room.clone(), translation.unwrap_or("").to_owned(), input)
        })
        .collect()
}

/// Clicks the 撤销 of the note "已删除 …" (the toolbar has the other one).
fn undo_delete(harness: &mut Harness<'static, LiangpaiApp>) {
    let undo: Vec<_> = harness.get_all_by_label("撤销").collect();
    assert_eq!(undo.len(), 2, "the toolbar's 撤销 and the note's");
    undo[1].click();
    settle(harness);
}

#[test]
fn a_room_takes_its_translation_when_it_moves_and_gets_it_back_with_undo() {
    let dir = tempfile::tempdir().unwrap();
    let file = example_copy(
        &dir.path().join("station"),
        "baiyang-station-ug.json",
        |_| {},
    );
    let mut harness = open(dir.path(), file);
    let room = |name: &str, translation: &str| {
        (
            name.to_owned(),
            translation.to_owned(),
            translation.to_owned(),
        )
    };
    let casework = room("个案工作室", "يەككە دېلو خىزمەت ئۆيى");
    let group = room("小组活动室", "گۇرۇپپا پائالىيەت ئۆيى");
    harness.get_by_label("功能室 1").scroll_to_me();
    settle(&mut harness);
    assert_eq!(rooms(&harness), [casework.clone(), group.clone()]);

    // 下移 on the first room: its translation goes down with it, in the model and the form.
    let down = room_buttons(&harness, "下移");
    assert_eq!(down.len(), 2, "one 下移 per room row");
    click_at(&mut harness, down[0], true);
    assert_eq!(rooms(&harness), [group.clone(), casework.clone()]);

    // 删除 on 个案工作室 (now second), then the note's 撤销: back with its translation.
    let delete = room_buttons(&harness, "删除");
    click_at(&mut harness, delete[1], true);
    assert_eq!(rooms(&harness), std::slice::from_ref(&group));
    assert_eq!(
        harness.state().deleted_note().as_deref(),
        Some("已删除 个案工作室")
    );
    undo_delete(&mut harness);
    assert_eq!(rooms(&harness), [group.clone(), casework.clone()]);

    // The first room deleted and put back: its translation goes back before the other.
    harness.run_steps(40);
    let delete = room_buttons(&harness, "删除");
    click_at(&mut harness, delete[0], true);
    assert_eq!(rooms(&harness), std::slice::from_ref(&casework));
    undo_delete(&mut harness);
    assert_eq!(rooms(&harness), [group, casework]);
}

#[test]
fn the_first_letter_of_a_translation_moves_nothing_below_it() {
    let dir = tempfile::tempdir().unwrap();
    // The station's Uyghur name not written yet.
    let file = example_copy(
        &dir.path().join("station"),
        "baiyang-station-ug.json",
        |value| {
            if let Some(tr) = value.pointer_mut("/station/tr/ug") {
                tr.as_object_mut().unwrap().remove("name");
            }
        },
    );
    let mut harness = open(dir.path(), file);
    let field = "站点全称（维吾尔文）";
    assert_eq!(harness.get_by_label(field).value().as_deref(), Some(""));
    harness.get_by_label(field).click();
    settle(&mut harness);
    let below = |harness: &Harness<'static, LiangpaiApp>| {
        (
            harness.get_by_label("简称").rect(),
            harness.get_by_label("场所类型").rect(),
        )
    };
    let before = below(&harness);
    // As an input method sends it: one letter, one text event.
    type_slowly(&mut harness, "ش");
    assert_eq!(
        harness
            .state()
            .station()
            .station
            .tr
            .text(Language::Uyghur, "name"),
        Some("ش")
    );
    assert!(
        harness
            .state()
            .script_preview(Language::Uyghur, "ش")
            .is_some(),
        "the shaped preview shows the letter"
    );
    assert_eq!(below(&harness), before, "the fields below moved");
    // A few more letters on the same line: still nothing moves.
    type_slowly(&mut harness, "ىنجاڭ");
    assert_eq!(below(&harness), before, "the fields below moved");
}

/// Printers whose print fails inside (a program error in the print path).
struct PanickingPrinting;

impl liangpai::app::Printing for PanickingPrinting {
    fn printers(&self) -> Result<Vec<liangpai::print::Printer>, liangpai::print::PrintError> {
        Ok(vec![liangpai::print::Printer {
            name: "办公室打印机".to_owned(),
            is_default: true,
        }])
    }

    fn print(
        &self,
        _: &liangpai::model::StationFile,
        _: Option<&Path>,
        _: liangpai::sign::SignKind,
        _: &liangpai::print::PrintOptions,
    ) -> Result<(), liangpai::print::PrintError> {
        panic!("排版时下标越界");
    }
}

#[test]
fn a_job_that_fails_inside_shows_a_chinese_message_and_the_app_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(&dir.path().join("station"));
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    config.printing = std::sync::Arc::new(PanickingPrinting);
    let mut harness = harness(config);
    settle(&mut harness);
    harness.get_by_label("打印").click();
    settle(&mut harness);
    harness.get_by_label("开始打印").click();
    wait_until(&mut harness, "the print job's message", |app| {
        app.modal().is_some() && !app.printing()
    });
    match harness.state().modal() {
        Some(Modal::Message { title, text }) => {
            assert_eq!(title, "打印失败");
            assert_eq!(text, "打印时程序内部出错，请把站点文件发给开发者");
        }
        other => panic!("expected the message, got {other:?}"),
    }
    harness.get_by_label("确定").click();
    settle(&mut harness);
    assert!(harness.state().modal().is_none());
    // The window goes on: typing still edits the station, and printing can be tried again.
    harness.get_by_label("站点全称").click();
    settle(&mut harness);
    type_slowly(&mut harness, "新");
    assert!(
        harness.state().station().station.name.ends_with('新'),
        "{}",
        harness.state().station().station.name
    );
    harness.get_by_label("打印").click();
    settle(&mut harness);
    assert!(harness.state().print_dialog().is_some());
}
