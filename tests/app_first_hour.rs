//! The first hour without surprises (issue 23, the app's part): a form that holds still while
//! the user types, errors only once a field is left (or at export), dialogs that say what they
//! are for and propose names, the bundled example opening clean, and panels that follow the
//! window at office screen sizes (egui_kittest, headless, by accessible label).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use egui::Rect;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use liangpai::app::{AppConfig, FilePurpose, LiangpaiApp, Pick};
use liangpai::model::Severity;

mod common;
use common::{FakeDialogs, copy_example, harness_sized, settle, type_slowly, wait_until};

/// The window at 1366×768 (less taskbar and title bar).
fn harness(config: AppConfig) -> Harness<'static, LiangpaiApp> {
    harness_sized(config, egui::vec2(1366.0, 698.0), 1.0)
}

/// A fresh app whose welcome card's 打开示例站点 wrote the bundled example into `dir`.
fn open_bundled_example(
    dir: &Path,
    dialogs: &FakeDialogs,
) -> (Harness<'static, LiangpaiApp>, std::path::PathBuf) {
    let mut harness = harness(AppConfig::for_tests(
        &dir.join("data"),
        Box::new(dialogs.clone()),
    ));
    settle(&mut harness);
    let example = dir.join("示例").join("柳溪镇社工站示例.json");
    std::fs::create_dir_all(example.parent().unwrap()).unwrap();
    dialogs.answer(Some(example.clone()));
    harness.get_by_label("打开示例站点").click();
    settle(&mut harness);
    (harness, example)
}

fn with_example(dir: &Path, dialogs: &FakeDialogs) -> Harness<'static, LiangpaiApp> {
    let file = copy_example(&dir.join("station"));
    let mut config = AppConfig::for_tests(&dir.join("data"), Box::new(dialogs.clone()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    harness
}

/// Deletes the whole text of the focused field, one key per frame.
fn clear_focused(harness: &mut Harness<'static, LiangpaiApp>) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    harness.key_press(egui::Key::Backspace);
    settle(harness);
}

const STATION_FIELDS: [&str; 7] = [
    "站点全称",
    "简称",
    "县区",
    "乡镇（街道）",
    "承接机构",
    "站点简介",
    "宣传主题",
];

fn rects(harness: &Harness<'static, LiangpaiApp>, labels: &[&str]) -> Vec<(String, Rect)> {
    labels
        .iter()
        .map(|label| ((*label).to_owned(), harness.get_by_label(label).rect()))
        .collect()
}

fn error_shown(harness: &Harness<'static, LiangpaiApp>) -> bool {
    harness.query_by_label_contains("错误：").is_some()
}

#[test]
fn fields_keep_their_place_while_messages_come_and_go() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialogs = FakeDialogs::default();
    let mut harness = with_example(dir.path(), &dialogs);
    let before = rects(&harness, &STATION_FIELDS);
    assert!(!error_shown(&harness));

    // Emptying 简称 brings the proposal “建议：… 采用” under it; nothing moves.
    harness.get_by_label("简称").click();
    settle(&mut harness);
    clear_focused(&mut harness);
    assert_eq!(harness.state().station().station.short_name, "");
    harness.get_by_label_contains("建议：");
    assert_eq!(
        rects(&harness, &STATION_FIELDS),
        before,
        "the proposal moved fields"
    );

    // Emptying 站点全称 is an error: not while typing, shown once the field is left; nothing moves.
    harness.get_by_label("站点全称").click();
    settle(&mut harness);
    clear_focused(&mut harness);
    assert!(
        harness
            .state()
            .problems()
            .iter()
            .any(|p| p.field == "station.name" && p.severity == Severity::Error),
        "{:?}",
        harness.state().problems()
    );
    assert!(
        !error_shown(&harness),
        "an error while the field is typed in"
    );
    assert_eq!(rects(&harness, &STATION_FIELDS), before);
    harness.get_by_label("县区").click();
    settle(&mut harness);
    assert!(
        error_shown(&harness),
        "the error shows once the field is left"
    );
    assert_eq!(
        rects(&harness, &STATION_FIELDS),
        before,
        "the error moved fields"
    );

    // Typing the name back: the error goes, the proposal comes back; nothing moves.
    harness.get_by_label("站点全称").click();
    settle(&mut harness);
    type_slowly(&mut harness, "青禾县柳溪镇社会工作服务站");
    assert!(!error_shown(&harness));
    harness.get_by_label("建议：柳溪镇社工站");
    assert_eq!(rects(&harness, &STATION_FIELDS), before);

    // A text too long for its sign gives a layout warning under the field when the preview
    // catches up, while the user goes on typing: nothing moves either.
    harness.get_by_label("宣传主题").click();
    settle(&mut harness);
    type_slowly(&mut harness, &"关爱一老一小，服务困难群众，".repeat(12));
    wait_until(&mut harness, "the preview of the long slogan", |app| {
        app.preview_shown()
            .is_some_and(|(generation, _)| generation == app.preview_generation())
    });
    assert_eq!(rects(&harness, &STATION_FIELDS), before);
    // The form/preview divider did not move with any of this.
    let divider = harness.get_by_label("拖动调整表单宽度").rect();
    assert_eq!(divider, harness.get_by_label("拖动调整表单宽度").rect());
}

#[test]
fn a_new_row_shows_its_errors_only_once_a_field_is_left_or_at_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialogs = FakeDialogs::default();
    let mut harness = with_example(dir.path(), &dialogs);
    harness.get_by_label("服务人员").click();
    settle(&mut harness);
    assert!(!error_shown(&harness), "the example has no error");
    harness.get_by_label("添加服务人员").click();
    settle(&mut harness);
    // The new row's empty name is an error of the station, but not shown while it is filled in.
    assert!(
        harness
            .state()
            .problems()
            .iter()
            .any(|p| p.field == "staff[4].name" && p.severity == Severity::Error),
        "{:?}",
        harness.state().problems()
    );
    assert!(harness.get_by_label("姓名").is_focused());
    assert!(
        !error_shown(&harness),
        "a red error before anything was typed"
    );
    assert!(harness.query_by_label_contains("处错误").is_none());

    // Leaving the name empty for the phone: now the name's error shows, under the name.
    harness.get_by_label("联系电话").click();
    settle(&mut harness);
    let name = harness.get_by_label("姓名").rect();
    let error = harness.get_by_label_contains("错误：").rect();
    assert!(
        error.top() >= name.bottom() - 1.0 && error.top() < name.bottom() + 30.0,
        "the error {error:?} is not under the name {name:?}"
    );
    harness.get_by_label_contains("表单中有 1 处错误");

    // A second new row: its errors wait again, until the user tries to export.
    harness.get_by_label("添加服务人员").scroll_to_me();
    settle(&mut harness);
    harness.get_by_label("添加服务人员").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("表单中有 2 处错误")
            .is_none()
    );
    harness.get_by_label_contains("表单中有 1 处错误");
    assert_eq!(harness.state().station().staff.len(), 6);
    dialogs.answer(None);
    harness.get_by_label("导出PDF").click();
    settle(&mut harness);
    harness.get_by_label_contains("本牌").click();
    settle(&mut harness);
    assert_eq!(dialogs.asked(), vec![FilePurpose::SavePdf]);
    let shown = harness
        .get_by_label_contains("处错误")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(
        shown.contains("表单中有 2 处错误"),
        "{shown} {:?}",
        harness.state().problems()
    );
}

#[test]
fn dialogs_say_what_they_are_for_propose_names_and_filter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialogs = FakeDialogs::default();
    // 打开示例站点 asks where to keep the example, and says so.
    let (mut harness, example) = open_bundled_example(dir.path(), &dialogs);
    let request = dialogs.requests().pop().expect("a dialog");
    assert_eq!(request.purpose, FilePurpose::SaveExample);
    assert!(request.title.contains("示例"), "{}", request.title);
    assert_eq!(request.file_name.as_deref(), Some("柳溪镇社工站示例.json"));
    assert_eq!(harness.state().path(), Some(example.as_path()));

    // A new station is saved under its short name.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    settle(&mut harness);
    harness.get_by_label("站点全称").click();
    settle(&mut harness);
    type_slowly(&mut harness, "青禾县柳溪镇社会工作服务站");
    dialogs.answer(None);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    let request = dialogs.requests().pop().expect("a dialog");
    assert_eq!(request.purpose, FilePurpose::SaveStation);
    assert_eq!(request.file_name.as_deref(), Some("柳溪镇社工站.json"));
    assert!(request.title.contains("保存站点文件"), "{}", request.title);
    assert_eq!(
        request.purpose.filters(),
        &[("亮牌站点文件（.json）", &["json", "JSON"][..])]
    );

    // The photo picker shows only pictures; the whole-set export asks for a folder.
    harness.get_by_label("服务人员").click();
    settle(&mut harness);
    harness.get_by_label("添加服务人员").click();
    settle(&mut harness);
    dialogs.answer(None);
    harness.get_by_label("选择图片…").scroll_to_me();
    settle(&mut harness);
    harness.get_by_label("选择图片…").click();
    settle(&mut harness);
    let request = dialogs.requests().pop().expect("a dialog");
    assert_eq!(request.purpose, FilePurpose::PickImage);
    assert_eq!(request.purpose.pick(), Pick::OpenFile);
    let extensions: Vec<&str> = request
        .purpose
        .filters()
        .iter()
        .flat_map(|(_, extensions)| extensions.iter().copied())
        .collect();
    assert!(extensions.contains(&"jpg") && extensions.contains(&"png"));
    assert!(!extensions.iter().any(|ext| *ext == "json" || *ext == "*"));
    assert!(request.purpose.example_path().ends_with(".jpg"));

    dialogs.answer(None);
    harness.get_by_label("导出PDF").click();
    settle(&mut harness);
    harness.get_by_label("全套公示牌…").click();
    settle(&mut harness);
    // The new station lacks its 监督电话 and 更新日期: the app asks first (去填写 / 生成样稿 /
    // 取消); a draft still asks for its folder.
    harness.get_by_label("生成样稿").click();
    settle(&mut harness);
    let request = dialogs.requests().pop().expect("a dialog");
    assert_eq!(request.purpose, FilePurpose::ExportFolder);
    assert_eq!(request.purpose.pick(), Pick::Folder);
    assert!(request.title.contains("文件夹"), "{}", request.title);
}

#[test]
fn the_path_box_asks_for_a_folder_when_it_wants_a_folder() {
    use liangpai::app::{Choice, Dialogs, FileRequest};
    /// No system dialog on this PC.
    struct NoDialogs;
    impl Dialogs for NoDialogs {
        fn choose(&mut self, _request: &FileRequest) -> Choice {
            Choice::Unavailable("系统的文件选择窗口没能打开。".to_owned())
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let mut config = AppConfig::for_tests(&dir.path().join("data"), Box::new(NoDialogs));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    harness.get_by_label("导出PDF").click();
    settle(&mut harness);
    harness.get_by_label("全套公示牌…").click();
    settle(&mut harness);
    harness.get_by_label("文件夹路径");
    assert!(harness.query_by_label("文件路径").is_none());
    assert!(harness.query_by_label_contains("文件或文件夹").is_none());
    harness.get_by_label_contains("请在下面输入文件夹的完整路径");
    harness.get_by_label("取消").click();
    settle(&mut harness);

    // Saving a new station: the box starts with the proposed name.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    settle(&mut harness);
    harness.get_by_label("站点全称").click();
    settle(&mut harness);
    type_slowly(&mut harness, "青禾县石门乡社会工作服务站");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    let field = harness.get_by_label("文件路径");
    let text = field.value().unwrap_or_default();
    assert!(text.ends_with("石门乡社工站.json"), "{text}");
    harness.get_by_label_contains("请在下面输入要保存成的文件的完整路径");
}

#[test]
fn the_bundled_example_opens_without_warnings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialogs = FakeDialogs::default();
    let (mut harness, example) = open_bundled_example(dir.path(), &dialogs);
    assert_eq!(harness.state().path(), Some(example.as_path()));
    // Every sign laid out (the others after the pause), then nothing to warn about.
    let all = liangpai::template::available_kinds();
    wait_until(&mut harness, "every sign checked", |app| {
        let checked = app.checked_signs();
        all.iter().all(|kind| checked.contains(kind))
    });
    assert_eq!(harness.state().layout_warnings(), Vec::new());
    // The example has no logo (the national mark is not ours to bundle): that advice stays.
    assert!(
        harness
            .state()
            .problems()
            .iter()
            .all(|problem| problem.field == "station.logos"),
        "{:?}",
        harness.state().problems()
    );
    harness.get_by_label("排版没有发现问题。");
    harness.get_by_label("表单没有错误");
}

/// Window sizes of office PCs (the screen less a 40 px taskbar and a 30 px title bar), at 100 %
/// and 125 %.
const SCREENS: [((f32, f32), f32); 6] = [
    ((1366.0, 768.0), 1.0),
    ((1366.0, 768.0), 1.25),
    ((1280.0, 720.0), 1.0),
    ((1280.0, 720.0), 1.25),
    ((800.0, 600.0), 1.0),
    ((800.0, 600.0), 1.25),
];

fn overlap(a: Rect, b: Rect) -> bool {
    a.intersect(b).is_positive()
}

#[test]
fn panels_follow_the_window_and_nothing_overlaps_or_wraps_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A long path, as Windows folders are.
    let folder = dir
        .path()
        .join("青禾县民政局社会工作服务总站各乡镇社工站公示牌资料二〇二六年第一季度更新");
    let file = copy_example(&folder);
    for ((width_px, height_px), scale) in SCREENS {
        let size = egui::vec2(width_px / scale, (height_px - 70.0) / scale);
        let what = format!("{width_px}×{height_px} at {:.0} %", scale * 100.0);
        let mut config =
            AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
        config.file = Some(file.clone());
        let mut harness = harness_sized(config, size, scale);
        settle(&mut harness);
        // A long status message beside the file's path.
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
        settle(&mut harness);
        assert!(harness.state().status().starts_with("已保存"), "{what}");
        let window = Rect::from_min_size(egui::Pos2::ZERO, size);

        // The form takes its share of the width; the preview title and zoom buttons do not meet.
        let name = harness.get_by_label("站点全称").rect();
        let form_share = name.right() / size.x;
        assert!(
            (0.3..0.6).contains(&form_share),
            "{what}: the form ends at {:.0} of {:.0}",
            name.right(),
            size.x
        );
        let title = harness.get_by_label_contains("预览：").rect();
        for button in ["缩小", "放大", "适合窗口"] {
            let rect = harness.get_by_label(button).rect();
            assert!(window.contains_rect(rect), "{what}: {button} at {rect:?}");
            assert!(
                !overlap(rect, title),
                "{what}: {button} covers the preview title"
            );
            assert!(
                rect.left() > name.right(),
                "{what}: {button} is over the form"
            );
        }
        // The status message and the file's path share the status bar without overlapping.
        let status = harness.get_by_label_contains("已保存").rect();
        let path = harness
            .get_by_label(&harness.state().path().unwrap().display().to_string())
            .rect();
        assert!(
            !overlap(status, path),
            "{what}: {status:?} overlaps {path:?}"
        );
        assert!(window.contains_rect(path), "{what}: the path at {path:?}");

        // The warnings panel shows several lines, and the preview keeps most of the height.
        let warnings = harness.get_by_label("提醒").rect();
        let line = 15.0 * 1.3;
        assert!(
            size.y - warnings.top() > 4.0 * line,
            "{what}: the warnings panel starts at {:.0} of {:.0}",
            warnings.top(),
            size.y
        );
        assert!(
            warnings.top() > size.y * 0.5,
            "{what}: the warnings take half"
        );

        // Every tab on one line (its count never alone on a row).
        for label in [
            "站点信息",
            "服务内容与清单",
            "服务人员",
            "服务流程",
            "联系方式",
        ] {
            let rect = harness.get_by_label(label).rect();
            assert!(
                rect.height() < 2.0 * line,
                "{what}: {label} wraps ({rect:?})"
            );
            assert!(window.contains_rect(rect), "{what}: {label} at {rect:?}");
        }

        // The window is maximized: the form grows with it (keeping its share); shrunk and
        // back to its size: the form is where it was.
        harness.set_size(size * 1.4);
        settle(&mut harness);
        let right = harness.get_by_label("站点全称").rect().right();
        assert!(
            right > name.right() + 0.2 * size.x * 0.4 * 0.42,
            "{what}: maximized, the form ends at {right:.0}, was {:.0}",
            name.right()
        );
        let share = right / (size.x * 1.4);
        assert!(
            (0.38..0.46).contains(&share),
            "{what}: maximized, share {share:.2}"
        );
        harness.set_size(size * 0.7);
        settle(&mut harness);
        harness.set_size(size);
        settle(&mut harness);
        assert_eq!(harness.get_by_label("站点全称").rect(), name, "{what}");
    }
}

#[test]
fn the_divider_moves_when_dragged_and_stays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialogs = FakeDialogs::default();
    let mut harness = with_example(dir.path(), &dialogs);
    let divider = harness.get_by_label("拖动调整表单宽度").rect();
    let start = divider.center();
    harness.hover_at(start);
    harness.step();
    harness.drag_at(start);
    harness.step();
    let target = egui::pos2(start.x - 150.0, start.y);
    harness.hover_at(egui::pos2(start.x - 75.0, start.y));
    harness.step();
    harness.hover_at(target);
    harness.step();
    harness.drop_at(target);
    settle(&mut harness);
    let moved = harness.get_by_label("拖动调整表单宽度").rect();
    assert!(
        (moved.center().x - target.x).abs() < 4.0,
        "the divider is at {:?}, dragged to {target:?}",
        moved.center()
    );
    // Typing and messages do not move it.
    harness.get_by_label("站点全称").click();
    settle(&mut harness);
    clear_focused(&mut harness);
    harness.get_by_label("县区").click();
    settle(&mut harness);
    assert_eq!(harness.get_by_label("拖动调整表单宽度").rect(), moved);
}
