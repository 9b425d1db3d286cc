//! The desktop app driven through its accessible labels (egui_kittest, headless).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use liangpai::app::{AppConfig, FilePurpose, LiangpaiApp, Modal, Section};

mod common;
use common::SignPath;
use common::{FakeDialogs, copy_example};

fn harness(config: AppConfig) -> Harness<'static, LiangpaiApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(liangpai::app::install_fonts)
        .build_eframe(move |cc| LiangpaiApp::new(&cc.egui_ctx, config))
}

/// Runs frames until the UI settles; the preview's spinner repaints while the worker is busy.
/// [`common::settle`], then egui_kittest's accessibility check.
fn settle(harness: &mut Harness<'static, LiangpaiApp>) {
    common::settle(harness);
    harness.check_accessibility();
}

/// Steps frames until `done` holds (the preview and exports run on worker threads).
fn wait_until(
    harness: &mut Harness<'static, LiangpaiApp>,
    what: &str,
    done: impl Fn(&LiangpaiApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    settle(harness);
}

/// The app with a copy of the example station (in `dir`) open, settled; the copy's path.
fn open_example(dir: &Path) -> (Harness<'static, LiangpaiApp>, PathBuf) {
    let file = copy_example(&dir.join("station"));
    let mut config = AppConfig::for_tests(&dir.join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file.clone());
    let mut harness = harness(config);
    settle(&mut harness);
    (harness, file)
}

/// Brings the widget named `label` into view and clicks it.
fn click(harness: &mut Harness<'static, LiangpaiApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    settle(harness);
    harness.get_by_label(label).click();
    settle(harness);
}

fn type_into(harness: &mut Harness<'static, LiangpaiApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    settle(harness);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

#[test]
fn typing_a_station_name_changes_the_model_and_the_preview() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(AppConfig::for_tests(
        data.path(),
        Box::new(FakeDialogs::default()),
    ));
    settle(&mut harness);
    // First start: the welcome card stands where the preview will be.
    harness.get_by_label("新建站点").click();
    settle(&mut harness);
    wait_until(&mut harness, "first preview", |app| {
        app.preview_shown().is_some()
    });
    let first_generation = harness.state().preview_generation();
    assert!(!harness.state().is_dirty());

    type_into(&mut harness, "站点全称", "柳溪镇社会工作服务站");
    assert_eq!(
        harness.state().station().station.name,
        "柳溪镇社会工作服务站"
    );
    assert!(harness.state().is_dirty());
    assert!(
        harness.state().title().contains(" *"),
        "title {}",
        harness.state().title()
    );
    assert!(harness.state().preview_generation() > first_generation);
    wait_until(&mut harness, "preview of the new name", |app| {
        app.preview_shown().is_some_and(|(generation, title)| {
            generation == app.preview_generation() && title.contains("柳溪镇社会工作服务站")
        })
    });
}

#[test]
fn adding_and_removing_staff_and_undo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    assert_eq!(harness.state().station().staff.len(), 4);

    harness.get_by_label("服务人员").click();
    settle(&mut harness);
    assert_eq!(harness.state().section(), Section::Staff);
    assert_eq!(
        harness.state().sign_kind(),
        liangpai::sign::SignKind::Staff,
        "the preview follows the section"
    );
    harness.get_by_label("添加服务人员").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().staff.len(), 5);
    // The new member's card is open with the name field focused.
    let names: Vec<_> = harness.get_all_by_label("姓名").collect();
    assert_eq!(names.len(), 1, "only the new card is open");
    assert!(names[0].is_focused());
    names[0].type_text("赵小芳");
    settle(&mut harness);
    assert_eq!(harness.state().station().staff[4].name, "赵小芳");

    // Remove the new member with the last 删除 button (the only open card; scrolled into view,
    // the card being taller than the form at this window size).
    harness.get_by_label("删除").scroll_to_me();
    settle(&mut harness);
    harness.get_by_label("删除").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().staff.len(), 4);

    // Undo brings the member back, then the name, then the empty member goes too. (The first
    // 撤销 is the toolbar's; the second is the note "已删除 赵小芳 · 撤销".)
    assert_eq!(
        harness.state().deleted_note().as_deref(),
        Some("已删除 赵小芳")
    );
    harness.get_all_by_label("撤销").next().unwrap().click();
    settle(&mut harness);
    assert_eq!(harness.state().station().staff.len(), 5);
    assert_eq!(harness.state().station().staff[4].name, "赵小芳");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert_eq!(harness.state().station().staff[4].name, "");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert_eq!(harness.state().station().staff.len(), 4);
    assert!(!harness.state().is_dirty(), "back to the file as saved");
    // And redo.
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    settle(&mut harness);
    assert_eq!(harness.state().station().staff.len(), 5);
}

#[test]
fn export_through_a_fake_dialog_gives_a_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let dialogs = FakeDialogs::default();
    let mut config = AppConfig::for_tests(&dir.path().join("data"), Box::new(dialogs.clone()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);

    let pdf = dir.path().join("门牌");
    dialogs.answer(Some(pdf.clone()));
    harness.get_by_label("导出PDF").click();
    settle(&mut harness);
    harness.get_by_label_contains("本牌").click();
    settle(&mut harness);
    wait_until(&mut harness, "export", |app| !app.is_exporting());
    assert_eq!(dialogs.asked(), vec![FilePurpose::SavePdf]);
    assert!(
        harness.state().modal().is_none(),
        "no error: {:?}",
        harness.state().modal()
    );
    let bytes = std::fs::read(dir.path().join("门牌.pdf")).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"), "a PDF file");

    // The whole set into a folder: one PDF per sign.
    let folder = dir.path().join("全套");
    std::fs::create_dir_all(&folder).expect("folder");
    dialogs.answer(Some(folder.clone()));
    harness.get_by_label("导出PDF").click();
    settle(&mut harness);
    harness.get_by_label("全套公示牌…").click();
    settle(&mut harness);
    wait_until(&mut harness, "export of the set", |app| !app.is_exporting());
    let pdfs: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    // Every sign that can be made gets its PDF; a sign that cannot is named in a message.
    let failed = match harness.state().modal() {
        None => 0,
        Some(Modal::Message { text, .. }) => text.matches("未能导出").count().max(1),
        Some(other) => panic!("unexpected {other:?}"),
    };
    assert!(!pdfs.is_empty());
    if failed == 0 {
        // The example has no rules: every sign but the 制度牌 (the message says it had no content),
        // the door plates one file per room, the badges also on their sheet, the screen picture
        // a PNG.
        let rooms = harness.state().station().station.rooms.len();
        assert_eq!(
            pdfs.len(),
            liangpai::sign::SignKind::ALL.len() - 1 + (rooms - 1),
            "{pdfs:?}"
        );
        assert!(common::sign_files(folder.join("制度牌.pdf")).is_empty());
    }
    for pdf in &pdfs {
        let bytes = std::fs::read(pdf).expect("read PDF");
        assert!(bytes.starts_with(b"%PDF"), "{}", pdf.display());
    }
}

#[test]
fn unsaved_changes_are_not_discarded_without_asking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dialogs = FakeDialogs::default();
    let mut harness = harness(AppConfig::for_tests(dir.path(), Box::new(dialogs.clone())));
    settle(&mut harness);
    type_into(&mut harness, "站点全称", "测试站");
    assert!(harness.state().is_dirty());

    // 新建 asks; 取消 keeps everything.
    harness.get_by_label("新建").click();
    settle(&mut harness);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::ConfirmDiscard(_))
    ));
    harness.get_by_label("取消").click();
    settle(&mut harness);
    assert!(harness.state().modal().is_none());
    assert_eq!(harness.state().station().station.name, "测试站");

    // 新建 → 保存 asks for a file, saves, then starts a new station.
    let saved = dir.path().join("测试站.json");
    dialogs.answer(Some(saved.clone()));
    harness.get_by_label("新建").click();
    settle(&mut harness);
    // The dialog's 保存, not the toolbar's (the dialog comes later in the tree).
    let buttons: Vec<_> = harness.get_all_by_label("保存").collect();
    assert_eq!(buttons.len(), 2);
    buttons[1].click();
    settle(&mut harness);
    assert_eq!(dialogs.asked(), vec![FilePurpose::SaveStation]);
    let on_disk = liangpai::storage::load(&saved).expect("saved station");
    assert_eq!(on_disk.station.name, "测试站");
    assert_eq!(harness.state().station().station.name, "");
    assert!(!harness.state().is_dirty());

    // 打开 while dirty → 不保存 → the dialog opens the saved file.
    type_into(&mut harness, "站点全称", "不要的修改");
    dialogs.answer(Some(saved.clone()));
    harness.get_by_label("打开").click();
    settle(&mut harness);
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::ConfirmDiscard(_))
    ));
    harness.get_by_label("不保存").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().station.name, "测试站");
    assert_eq!(harness.state().path(), Some(saved.as_path()));
    assert!(
        harness.state().title().starts_with("测试站.json - "),
        "{}",
        harness.state().title()
    );
}

#[test]
fn recovery_after_a_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    {
        let mut config = AppConfig::for_tests(&data, Box::new(FakeDialogs::default()));
        config.autosave_interval = Duration::ZERO;
        let mut harness = harness(config);
        settle(&mut harness);
        type_into(&mut harness, "站点全称", "崩溃前的站点");
        settle(&mut harness);
        assert!(data.join("autosave.json").is_file(), "autosave written");
        // The harness is dropped without closing the window: a crash.
    }
    let mut harness = harness(AppConfig::for_tests(
        &data,
        Box::new(FakeDialogs::default()),
    ));
    settle(&mut harness);
    assert!(matches!(harness.state().modal(), Some(Modal::Recover(_))));
    harness.get_by_label("恢复").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().station.name, "崩溃前的站点");
    assert!(harness.state().is_dirty(), "recovered changes are unsaved");

    // Declining throws the autosave away.
    let mut again = harness_with_data(&data);
    settle(&mut again);
    assert!(matches!(again.state().modal(), Some(Modal::Recover(_))));
    again.get_by_label("不恢复").click();
    settle(&mut again);
    assert!(!data.join("autosave.json").exists());
    assert_eq!(again.state().station().station.name, "");
}

fn harness_with_data(data: &Path) -> Harness<'static, LiangpaiApp> {
    harness(AppConfig::for_tests(data, Box::new(FakeDialogs::default())))
}

#[test]
fn a_bad_file_opens_the_window_and_says_what_is_wrong() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("坏文件.json");
    std::fs::write(&bad, "{ \"format\": \"liangpai-station\", \"version\": 1, ").expect("write");
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(bad.clone());
    let mut harness = harness(config);
    settle(&mut harness);
    match harness.state().modal() {
        Some(Modal::Message { title, text }) => {
            assert_eq!(title, "无法打开站点文件");
            assert!(text.contains("第 1 行"), "{text}");
        }
        other => panic!("expected a message, got {other:?}"),
    }
    assert!(
        harness.state().path().is_none(),
        "the bad file is not overwritten by 保存"
    );
    harness.get_by_label("确定").click();
    settle(&mut harness);
    assert!(harness.state().modal().is_none());
}

#[test]
fn problems_link_brings_you_to_the_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let mut station = liangpai::storage::load(&file).expect("example");
    station.staff[2].name.clear();
    liangpai::storage::save(&station, &file).expect("save");
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    assert_eq!(harness.state().section(), Section::Station);
    harness.get_by_label_contains("处错误").click();
    settle(&mut harness);
    assert_eq!(harness.state().section(), Section::Staff);
    let names: Vec<_> = harness.get_all_by_label("姓名").collect();
    assert_eq!(
        names.len(),
        1,
        "the card of the member without a name is open"
    );
    assert!(names[0].is_focused());
}

#[test]
fn closing_the_window_asks_about_unsaved_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_with_data(dir.path());
    settle(&mut harness);
    let request_close = |harness: &mut Harness<'static, LiangpaiApp>| {
        harness
            .input_mut()
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .events
            .push(egui::ViewportEvent::Close);
        harness.step();
    };
    // Nothing unsaved: the window may close.
    request_close(&mut harness);
    assert!(harness.state().is_closing());

    let mut harness = harness_with_data(dir.path());
    settle(&mut harness);
    type_into(&mut harness, "站点全称", "未保存的站");
    request_close(&mut harness);
    settle(&mut harness);
    assert!(!harness.state().is_closing());
    assert!(matches!(
        harness.state().modal(),
        Some(Modal::ConfirmDiscard(_))
    ));
    harness.get_by_label("取消").click();
    settle(&mut harness);
    assert!(!harness.state().is_closing());
    request_close(&mut harness);
    settle(&mut harness);
    harness.get_by_label("不保存").click();
    settle(&mut harness);
    assert!(harness.state().is_closing());
}

#[test]
fn photo_picker_png_export_and_recent_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let dialogs = FakeDialogs::default();
    let data = dir.path().join("data");
    let mut config = AppConfig::for_tests(&data, Box::new(dialogs.clone()));
    config.file = Some(file.clone());
    let mut harness = harness(config);
    settle(&mut harness);

    // A photo inside the station's folder is stored relative to the station file.
    harness.get_by_label("服务人员").click();
    settle(&mut harness);
    harness.get_by_label_contains("李晓雯").click();
    settle(&mut harness);
    let photo = file
        .parent()
        .expect("folder")
        .join("photos")
        .join("chen-si.jpg");
    dialogs.answer(Some(photo));
    harness.get_by_label("选择图片…").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().station().staff[0].photo,
        "photos/chen-si.jpg"
    );
    // Undo puts the old photo back.
    harness.get_by_label("撤销").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().station().staff[0].photo,
        "photos/li-xiaowen.jpg"
    );

    // PNG export of the sign shown, on A4 paper (the paper picker).
    harness.get_by_label("纸张").click();
    settle(&mut harness);
    harness.get_by_label("A4").click();
    settle(&mut harness);
    let png = dir.path().join("服务人员");
    dialogs.answer(Some(png));
    harness.get_by_label("导出PNG").click();
    settle(&mut harness);
    wait_until(&mut harness, "PNG export", |app| !app.is_exporting());
    let written: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "png"))
        .collect();
    assert!(!written.is_empty(), "{}", harness.state().status());
    for path in &written {
        let bytes = std::fs::read(path).expect("png");
        assert!(bytes.starts_with(b"\x89PNG"), "{}", path.display());
        // A4 at 150 dpi: 1240 × 1754 pixels.
        let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        assert!(
            width.abs_diff(1240) <= 2 && height.abs_diff(1754) <= 2,
            "{width}×{height}"
        );
    }

    // The opened file is the first recent file; the 最近 menu opens it.
    let recent = liangpai::app::DataDir::at(&data).recent();
    assert_eq!(
        recent.first(),
        Some(&std::path::absolute(&file).expect("absolute"))
    );
    harness.get_by_label("新建").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().station.name, "");
    harness.get_by_label("最近").click();
    settle(&mut harness);
    harness.get_by_label("liuxi-station.json").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().staff.len(), 4);
}

/// The app with the station file `file` open (data folder in `dir`), its dialogs answered by
/// the returned `FakeDialogs`.
fn open_station(dir: &Path, file: PathBuf) -> (FakeDialogs, Harness<'static, LiangpaiApp>) {
    let dialogs = FakeDialogs::default();
    let mut config = AppConfig::for_tests(&dir.join("data"), Box::new(dialogs.clone()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    (dialogs, harness)
}

#[test]
fn a_file_that_is_not_a_usable_picture_is_refused_in_the_picker_and_the_old_photo_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let folder = file.parent().expect("folder").to_path_buf();
    // An iPhone photo (HEIC: an ISO box with the heic brand) and a text file named .jpg.
    let heic = folder.join("IMG_0001.HEIC");
    let mut bytes = vec![0, 0, 0, 24];
    bytes.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    bytes.extend_from_slice(&[0; 200]);
    std::fs::write(&heic, bytes).expect("heic");
    let text = folder.join("名单.jpg");
    std::fs::write(&text, "张三 13800000001").expect("text");
    let (dialogs, mut harness) = open_station(dir.path(), file);
    harness.get_by_label("服务人员").click();
    settle(&mut harness);
    harness.get_by_label_contains("李晓雯").click();
    settle(&mut harness);
    for (chosen, said) in [(heic, "HEIC"), (text, "不是能识别的图片")] {
        dialogs.answer(Some(chosen));
        harness.get_by_label("选择图片…").click();
        settle(&mut harness);
        assert_eq!(
            harness.state().station().staff[0].photo,
            "photos/li-xiaowen.jpg",
            "the old photo is kept"
        );
        match harness.state().modal() {
            Some(Modal::Message { title, text }) => {
                assert_eq!(title, "不能用作照片");
                assert!(text.contains(said), "{text}");
                assert!(text.contains("原来的照片没有改动"), "{text}");
            }
            other => panic!("no message: {other:?}"),
        }
        assert!(!harness.state().is_dirty(), "nothing changed");
        harness.get_by_label("确定").click();
        settle(&mut harness);
    }
}

#[test]
fn opening_a_text_file_says_it_is_not_a_station_file_and_what_one_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = dir.path().join("柳溪镇资料.txt");
    std::fs::write(&text, "柳溪镇社会工作服务站\n地址：柳溪镇\n").expect("text");
    let broken = dir.path().join("站点.json");
    std::fs::write(
        &broken,
        r#"{"format":"liangpai-station","version":1,"station":{"name":"甲"},"staff":[{"name":"张三","show_phone":"是"}]}"#,
    )
    .expect("json");
    let dialogs = FakeDialogs::default();
    let config = AppConfig::for_tests(&dir.path().join("data"), Box::new(dialogs.clone()));
    let mut harness = harness(config);
    settle(&mut harness);
    for (file, said) in [
        (text, "不是亮牌站点文件。站点文件是亮牌保存的 .json 文件"),
        (broken, "服务人员 › 第 1 位服务人员的是否公开电话有误"),
    ] {
        dialogs.answer(Some(file));
        harness.get_by_label("打开").click();
        settle(&mut harness);
        match harness.state().modal() {
            Some(Modal::Message { title, text }) => {
                assert_eq!(title, "无法打开站点文件");
                assert!(text.contains(said), "{text}");
                assert!(!text.contains("第 1 行第 1 列"), "{text}");
                assert!(!text.contains("staff["), "{text}");
            }
            other => panic!("no message: {other:?}"),
        }
        harness.get_by_label("确定").click();
        settle(&mut harness);
    }
}

#[test]
fn a_broken_photo_is_listed_once_naming_every_sign_it_is_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    // 李晓雯's photo replaced by something that is not a picture.
    let photo = file
        .parent()
        .expect("folder")
        .join("photos")
        .join("li-xiaowen.jpg");
    std::fs::write(&photo, "这不是照片").expect("broken photo");
    let (_, mut harness) = open_station(dir.path(), file);
    // Once the other signs are laid out, the photo's problem names the staff sign, the badge
    // and the board.
    wait_until(&mut harness, "the signs that show the photo", |app| {
        app.layout_warnings().iter().any(|warning| {
            warning.field == "staff[0].photo"
                && [
                    liangpai::sign::SignKind::Staff,
                    liangpai::sign::SignKind::Badge,
                ]
                .iter()
                .all(|sign| warning.signs.contains(sign))
        })
    });
    let about_photo: Vec<_> = harness
        .state()
        .layout_warnings()
        .into_iter()
        .filter(|warning| warning.field == "staff[0].photo")
        .collect();
    assert_eq!(about_photo.len(), 1, "{about_photo:?}");
    let warning = &about_photo[0];
    assert!(warning.is_error(), "{warning:?}");
    assert!(
        warning.message.contains("不是能识别的图片"),
        "the picture reader's words: {warning:?}"
    );
    // Shown once in the warnings panel, in the form's words, with no field path.
    let shown: Vec<String> = harness
        .get_all_by_label_contains("li-xiaowen.jpg")
        .filter_map(|node| egui_kittest::kittest::NodeT::accesskit_node(&node).label())
        .filter(|label| label.contains("不是能识别的图片"))
        .collect();
    assert!(!shown.is_empty());
    for label in &shown {
        assert!(!label.contains("staff["), "{label}");
    }
    let in_panel: Vec<&String> = shown
        .iter()
        .filter(|label| label.contains("服务人员 › 第 1 位服务人员的照片"))
        .collect();
    assert_eq!(in_panel.len(), 1, "{shown:?}");
    assert!(
        in_panel[0].starts_with("服务人员公示、") || in_panel[0].contains("工作证"),
        "{shown:?}"
    );
}

#[test]
fn a_layout_warning_brings_you_to_its_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    // The other signs are laid out for their warnings once the user pauses.
    wait_until(&mut harness, "warnings of the staff sign", |app| {
        app.layout_warnings()
            .iter()
            .any(|warning| warning.field == "staff[1].photo")
    });
    let label = harness
        .get_all_by_label_contains("photos/wang-lei.jpg")
        .filter_map(|node| egui_kittest::kittest::NodeT::accesskit_node(&node).label())
        .find(|label| label.starts_with("服务人员公示"))
        .expect("a warning about 王磊's photo on the staff sign");
    // The warnings panel is short: scroll the warning into view, then click it.
    harness.get_by_label(&label).scroll_to_me();
    settle(&mut harness);
    harness.get_by_label(&label).click();
    settle(&mut harness);
    assert_eq!(harness.state().section(), Section::Staff);
    assert_eq!(harness.state().sign_kind(), liangpai::sign::SignKind::Staff);
    // 王磊's card is open and the warning is shown under his photo.
    assert_eq!(harness.get_all_by_label("姓名").count(), 1);
    assert!(harness.query_by_label_contains("清除照片").is_some());
}

#[test]
fn ctrl_s_saves_to_the_open_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let dialogs = FakeDialogs::default();
    let mut config = AppConfig::for_tests(&dir.path().join("data"), Box::new(dialogs.clone()));
    config.file = Some(file.clone());
    let mut harness = harness(config);
    settle(&mut harness);
    type_into(&mut harness, "宣传主题", "！");
    assert!(harness.state().is_dirty());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    assert!(!harness.state().is_dirty());
    assert!(
        dialogs.asked().is_empty(),
        "no dialog for a file that has a name"
    );
    let saved = liangpai::storage::load(&file).expect("saved file");
    assert!(
        saved.station.slogan.contains('！'),
        "{}",
        saved.station.slogan
    );
    assert!(
        file.with_extension("json.bak").is_file(),
        "the previous version is kept"
    );
    assert!(!harness.state().title().contains('*'));
}

#[test]
fn editing_a_room_shows_its_door_plate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    harness.get_by_label("功能室 3").scroll_to_me();
    settle(&mut harness);
    harness.get_by_label("功能室 3").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().sign_kind(),
        liangpai::sign::SignKind::RoomPlate
    );
    wait_until(&mut harness, "the third door plate", |app| {
        app.preview_shown()
            .is_some_and(|(generation, _)| generation == app.preview_generation())
    });
    assert_eq!(harness.state().preview_page(), 2);
}

/// Printers that record what they were asked to print.
struct FakePrinting {
    printers: Vec<liangpai::print::Printer>,
    printed: std::sync::Arc<
        std::sync::Mutex<Vec<(liangpai::sign::SignKind, liangpai::print::PrintOptions)>>,
    >,
}

impl liangpai::app::Printing for FakePrinting {
    fn printers(&self) -> Result<Vec<liangpai::print::Printer>, liangpai::print::PrintError> {
        Ok(self.printers.clone())
    }

    fn print(
        &self,
        station: &liangpai::model::StationFile,
        _base_dir: Option<&Path>,
        kind: liangpai::sign::SignKind,
        options: &liangpai::print::PrintOptions,
    ) -> Result<(), liangpai::print::PrintError> {
        assert_eq!(station.station.name, "青禾县柳溪镇社会工作服务站");
        self.printed.lock().unwrap().push((kind, options.clone()));
        Ok(())
    }
}

/// What a [`FakePrinting`] was asked to print.
type Printed = std::sync::Arc<
    std::sync::Mutex<Vec<(liangpai::sign::SignKind, liangpai::print::PrintOptions)>>,
>;

/// The app on a copy of the example in `dir`, with these printers `(name, is_default)`.
fn printing_harness(
    dir: &Path,
    printers: &[(&str, bool)],
) -> (egui_kittest::Harness<'static, LiangpaiApp>, Printed) {
    let file = copy_example(dir);
    let printed = Printed::default();
    let mut config = AppConfig::for_tests(&dir.join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    config.printing = std::sync::Arc::new(FakePrinting {
        printers: printers
            .iter()
            .map(|(name, is_default)| liangpai::print::Printer {
                name: (*name).to_owned(),
                is_default: *is_default,
            })
            .collect(),
        printed: printed.clone(),
    });
    let mut harness = harness(config);
    settle(&mut harness);
    (harness, printed)
}

#[test]
fn printing_sends_the_shown_sign_to_the_chosen_printer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, printed) =
        printing_harness(dir.path(), &[("PDF", false), ("办公室打印机", true)]);
    harness.get_by_label("打印").click();
    settle(&mut harness);
    let dialog = harness
        .state()
        .print_dialog()
        .cloned()
        .expect("the print dialog opens");
    assert_eq!(
        dialog
            .printers
            .get(dialog.chosen)
            .map(|printer| printer.name.as_str()),
        Some("办公室打印机")
    );
    harness.get_by_label("开始打印").click();
    wait_until(&mut harness, "the print job", |app| {
        !app.printing() && app.print_dialog().is_none()
    });
    let printed = printed.lock().unwrap().clone();
    assert_eq!(printed.len(), 1);
    assert_eq!(printed[0].0, harness.state().kind());
    assert_eq!(printed[0].1.printer.as_deref(), Some("办公室打印机"));
    assert_eq!(printed[0].1.copies, 1);
    assert!(
        harness.state().status().contains("办公室打印机"),
        "{}",
        harness.state().status()
    );
}

#[test]
fn printing_without_a_printer_says_so_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    // A finished station (an empty one is first asked for its name: see app_drafts.rs).
    let file = copy_example(&dir.path().join("station"));
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    harness.get_by_label("打印").click();
    settle(&mut harness);
    match harness.state().modal() {
        // The next step is a PDF, not a command.
        Some(Modal::Message { text, .. }) => assert!(
            text.contains("还没有添加打印机") && text.contains("导出PDF"),
            "{text}"
        ),
        other => panic!("expected a message, got {other:?}"),
    }
    assert!(harness.state().print_dialog().is_none());
}

/// The screen picture is for LED screens: 打印 says so and sends nothing, even with printers.
#[test]
fn printing_the_screen_picture_is_refused_with_a_chinese_message() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, printed) = printing_harness(dir.path(), &[("办公室打印机", true)]);
    harness.get_by_label("公示牌").click();
    settle(&mut harness);
    harness.get_by_label("屏幕宣传图").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().sign_kind(),
        liangpai::sign::SignKind::Screen
    );
    harness.get_by_label("打印").click();
    settle(&mut harness);
    match harness.state().modal() {
        Some(Modal::Message { text, .. }) => {
            assert!(
                text.contains("屏幕宣传图") && text.contains("不能打印"),
                "{text}"
            );
            assert!(text.contains("screen.png"), "{text}");
        }
        other => panic!("expected a message, got {other:?}"),
    }
    assert!(harness.state().print_dialog().is_none());
    assert!(printed.lock().unwrap().is_empty());
}

#[test]
fn rules_section_fills_in_a_common_rule_and_shows_its_sign() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    harness.get_by_label("工作制度").click();
    settle(&mut harness);
    assert_eq!(harness.state().sign_kind(), liangpai::sign::SignKind::Rules);
    harness.get_by_label("填入常用制度").click();
    settle(&mut harness);
    harness.get_by_label("保密制度").click();
    settle(&mut harness);
    let rules = &harness.state().station().rules;
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].title, "保密制度");
    assert!(rules[0].text.contains("\n二、"), "{:?}", rules[0].text);
    assert!(harness.state().is_dirty());
    // Added, then removed again.
    harness.get_by_label("添加制度").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().rules.len(), 2);
    let problems = harness.state().problems().to_vec();
    assert!(
        problems.iter().any(|p| p.field == "rules[1].title"),
        "{problems:?}"
    );
    harness
        .get_all_by_label("删除")
        .last()
        .expect("a 删除 button")
        .click();
    settle(&mut harness);
    assert_eq!(harness.state().station().rules.len(), 1);
    wait_until(&mut harness, "the 制度牌 preview", |app| {
        app.preview_shown().is_some_and(|(generation, title)| {
            generation == app.preview_generation() && title.contains("制度牌")
        })
    });
}

#[test]
fn a_service_that_is_not_free_asks_for_its_fee_at_the_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let mut config =
        AppConfig::for_tests(&dir.path().join("data"), Box::new(FakeDialogs::default()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);
    harness.get_by_label("服务内容与清单").click();
    settle(&mut harness);
    assert!(harness.query_by_label("收费标准").is_none());
    harness.get_by_label_contains("1. 低保").click();
    settle(&mut harness);
    harness
        .get_all_by_label("免费服务")
        .next()
        .expect("a 免费服务 checkbox")
        .click();
    settle(&mut harness);
    assert!(!harness.state().station().services[0].free);
    let problems = harness.state().problems().to_vec();
    assert!(
        problems.iter().any(|p| p.field == "services[0].fee"),
        "{problems:?}"
    );
    type_into(&mut harness, "收费标准", "每次 10 元");
    assert_eq!(harness.state().station().services[0].fee, "每次 10 元");
    let problems = harness.state().problems().to_vec();
    assert!(
        !problems.iter().any(|p| p.field == "services[0].fee"),
        "{problems:?}"
    );
}

#[test]
fn output_profile_and_outlined_text_reach_the_exported_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let dialogs = FakeDialogs::default();
    let mut config = AppConfig::for_tests(&dir.path().join("data"), Box::new(dialogs.clone()));
    config.file = Some(file);
    let mut harness = harness(config);
    settle(&mut harness);

    // 用途 beside 纸张: a card shop.
    harness.get_by_label("用途").click();
    settle(&mut harness);
    harness.get_by_label("工作证（制卡店）").click();
    settle(&mut harness);
    let folder = dir.path().join("制卡店");
    std::fs::create_dir_all(&folder).expect("folder");
    dialogs.answer(Some(folder.clone()));
    harness.get_by_label("导出PDF").click();
    settle(&mut harness);
    harness.get_by_label_contains("文字转曲").click();
    settle(&mut harness);
    if harness.query_by_label("全套公示牌…").is_none() {
        // The menu closed with the click: open it again.
        harness.get_by_label("导出PDF").click();
        settle(&mut harness);
    }
    harness.get_by_label("全套公示牌…").click();
    settle(&mut harness);
    wait_until(&mut harness, "export of the set", |app| !app.is_exporting());
    let status = harness.state().status().to_owned();
    assert!(status.contains("印前检查"), "{status}");
    // The profile is in the file names, the card gets its bleed, the text is outlined.
    let badge = std::fs::read(folder.sign("工作证-制卡.pdf")).expect("工作证-制卡.pdf");
    assert!(badge.starts_with(b"%PDF"));
    assert!(folder.sign("工作证-制卡-拼版.pdf").is_file());
    assert!(common::sign_files(folder.join("工作证.pdf")).is_empty());
    let report = std::fs::read_to_string(folder.sign("印前检查.txt")).expect("印前检查.txt");
    assert!(report.contains("用途：工作证（制卡店）"), "{report}");
    assert!(report.contains("出血：1.5 毫米"), "{report}");
    assert!(report.contains("已转曲"), "{report}");
    assert!(!report.contains("已嵌入"), "{report}");
}

#[test]
fn the_app_proposes_a_short_name_that_can_be_accepted() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(AppConfig::for_tests(
        data.path(),
        Box::new(FakeDialogs::default()),
    ));
    settle(&mut harness);
    type_into(
        &mut harness,
        "站点全称",
        "内蒙古自治区鄂尔多斯市伊金霍洛旗乌兰木伦镇社会工作服务站",
    );
    assert_eq!(harness.state().station().station.short_name, "");
    harness.get_by_label("建议：乌兰木伦镇社工站");
    harness.get_by_label("采用").click();
    settle(&mut harness);
    assert_eq!(
        harness.state().station().station.short_name,
        "乌兰木伦镇社工站"
    );
    assert!(harness.query_by_label("采用").is_none());
}

#[test]
fn choosing_the_simple_design_changes_the_station_and_the_preview() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut harness, file) = open_example(dir.path());
    wait_until(&mut harness, "first preview", |app| {
        app.preview_shown()
            .is_some_and(|(generation, _)| generation == app.preview_generation())
    });
    let before = harness.state().preview_pixels_hash().expect("a picture");
    let generation = harness.state().preview_generation();
    assert_eq!(harness.state().station().appearance.design, "");
    assert!(!harness.state().is_dirty());

    harness.get_by_label("设计").click();
    settle(&mut harness);
    harness.get_by_label("简洁").click();
    settle(&mut harness);
    assert_eq!(harness.state().station().appearance.design, "simple");
    assert!(harness.state().is_dirty());
    assert!(harness.state().preview_generation() > generation);
    wait_until(&mut harness, "preview in the simple design", |app| {
        app.preview_shown()
            .is_some_and(|(generation, _)| generation == app.preview_generation())
    });
    let simple = harness.state().preview_pixels_hash().expect("a picture");
    assert_ne!(simple, before, "the preview did not change with the design");

    // Saved in the station file; undone like any other edit.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    let saved = liangpai::storage::load(&file).expect("saved station");
    assert_eq!(saved.appearance.design, "simple");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut harness);
    assert_eq!(harness.state().station().appearance.design, "");
    wait_until(&mut harness, "preview back in the standard design", |app| {
        app.preview_shown()
            .is_some_and(|(generation, _)| generation == app.preview_generation())
    });
    assert_eq!(harness.state().preview_pixels_hash(), Some(before));
}

/// Clears the field `label` (End, then Backspace over it all) and types `text` into it.
fn retype(harness: &mut Harness<'static, LiangpaiApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    settle(harness);
    harness.key_press(egui::Key::End);
    for _ in 0..40 {
        harness.key_press(egui::Key::Backspace);
    }
    settle(harness);
    harness.get_by_label(label).type_text(text);
    settle(harness);
}

#[test]
fn the_form_gives_the_same_verdict_on_phones_as_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = copy_example(&dir.path().join("station"));
    let (_, mut harness) = open_station(dir.path(), file);
    harness.get_by_label("联系方式").click();
    settle(&mut harness);
    let at_hotline = |app: &LiangpaiApp| -> Vec<(bool, String)> {
        app.problems()
            .iter()
            .filter(|problem| problem.field == "contacts.hotline")
            .map(|problem| (problem.is_error(), problem.message.clone()))
            .collect()
    };
    // Typed with a Chinese input method: full-width digits and dash. Kept as typed, no error.
    retype(&mut harness, "服务热线", "０９９４－６８２１２３４");
    assert_eq!(
        harness.state().station().contacts.hotline,
        "０９９４－６８２１２３４"
    );
    assert_eq!(at_hotline(harness.state()), [], "no false error");
    // Letters in a phone: an error at the field, as `liangpai check` says.
    retype(&mut harness, "服务热线", "0994-682abcd");
    assert_eq!(harness.state().station().contacts.hotline, "0994-682abcd");
    let found = at_hotline(harness.state());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0, "an error: {found:?}");
    assert!(
        found[0]
            .1
            .starts_with("服务热线“0994-682abcd”里有字母 abcd"),
        "{found:?}"
    );
}

#[test]
fn a_uyghur_name_typed_into_its_field_is_shown_shaped_and_saved() {
    use liangpai::model::{FieldPath, Language};
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut harness, file) = open_example(dir.path());
    assert!(harness.state().station().languages.is_none());
    assert_eq!(
        harness.query_all_by_label("站点全称（维吾尔文）").count(),
        0,
        "no translation inputs before a script is chosen"
    );

    click(&mut harness, "维吾尔文");
    let languages = harness.state().station().languages.clone().expect("chosen");
    assert_eq!(languages.local, ["ug"]);
    assert!(harness.query_by_label("汉文在前").is_some());

    // Typed as an input method commits it: word by word, as text events.
    let name = "بايتوغراق يېزىلىق ئىجتىمائىي خىزمەت مۇلازىمەت پونكىتى";
    click(&mut harness, "站点全称（维吾尔文）");
    let words: Vec<&str> = name.split(' ').collect();
    for (index, word) in words.iter().enumerate() {
        let text = if index + 1 < words.len() {
            format!("{word} ")
        } else {
            (*word).to_owned()
        };
        harness.event(egui::Event::Text(text));
        harness.step();
    }
    settle(&mut harness);
    let typed = |harness: &Harness<'static, LiangpaiApp>| {
        let tr = &harness.state().station().station.tr;
        tr.text(Language::Uyghur, "name").map(str::to_owned)
    };
    assert_eq!(typed(&harness).as_deref(), Some(name));
    assert_eq!(
        harness
            .get_by_label("站点全称（维吾尔文）")
            .value()
            .as_deref(),
        Some(name)
    );

    // Texts still without a translation are listed in the warnings panel; a click on one
    // brings its input into view with the focus.
    let warnings = harness.state().translation_warnings();
    let at = |path: &str| {
        warnings
            .iter()
            .find(|warning| warning.field == FieldPath::parse(path))
            .cloned()
    };
    assert!(at("station.tr.ug.name").is_none(), "{warnings:?}");
    let short = at("station.tr.ug.operator")
        .unwrap_or_else(|| panic!("the operator has no translation: {warnings:?}"));
    assert!(short.to_string().contains("维吾尔文"), "{short}");
    assert!(at("services[0].tr.ug.item").is_some(), "{warnings:?}");
    harness
        .get_by_label(&format!("{short}（{}）", short.field.describe_long()))
        .click();
    settle(&mut harness);
    assert!(harness.get_by_label("承接机构（维吾尔文）").is_focused());

    // The preview under the field: laid out by the text engine, every word, joined letter
    // forms from the Arabic face, right to left, flush with the right end of the strip.
    let preview = harness
        .state()
        .script_preview(Language::Uyghur, name)
        .expect("a shaped preview of the name")
        .clone();
    assert!(
        harness
            .query_by_label("站点全称（维吾尔文）印刷预览")
            .is_some()
    );
    let shown: Vec<String> = preview
        .lines
        .iter()
        .flat_map(|line| line.text.split_whitespace().map(str::to_owned))
        .collect();
    assert_eq!(shown, words);
    let line = preview.lines.first().expect("a line");
    assert!(
        line.glyphs
            .iter()
            .all(|glyph| glyph.face.family().contains("Arabic"))
    );
    let joined = line
        .glyphs
        .iter()
        .filter(|glyph| {
            line.text[glyph.text_range.clone()]
                .chars()
                .next()
                .and_then(|ch| glyph.face.glyph(ch))
                .is_some_and(|nominal| nominal.to_u32() != glyph.glyph_id)
        })
        .count();
    assert!(joined >= 10, "only {joined} glyphs in joined forms");
    let starts: Vec<usize> = line
        .glyphs
        .iter()
        .map(|glyph| glyph.text_range.start)
        .collect();
    assert!(
        starts.first() > starts.last(),
        "not right to left: {starts:?}"
    );
    let extent = line.extent();
    assert!(
        (preview.width_pt - (extent.x + extent.width)) < 8.0,
        "not flush right: {extent:?} in {}",
        preview.width_pt
    );

    // A heading translated in 固定标题译文.
    let headings_label = format!(
        "固定标题译文（维吾尔文 0/{}）",
        liangpai::model::HEADING_KEYS.len()
    );
    harness.get_by_label(&headings_label).scroll_to_me();
    settle(&mut harness);
    harness.get_by_label(&headings_label).click();
    settle(&mut harness);
    let heading = "مۇلازىمەت مەزمۇنى ۋە تىزىملىكى";
    harness
        .get_by_label("标题“服务内容与服务清单”（维吾尔文）")
        .focus();
    settle(&mut harness);
    harness.event(egui::Event::Text(heading.to_owned()));
    settle(&mut harness);
    assert_eq!(
        liangpai::model::heading(
            &harness.state().station().headings,
            Language::Uyghur,
            "services"
        ),
        Some(heading)
    );

    // Saved in the station file at station.tr.ug.name.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    let text = std::fs::read_to_string(&file).expect("saved");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["station"]["tr"]["ug"]["name"], name);
    assert_eq!(json["languages"]["local"][0], "ug");
    assert_eq!(json["headings"]["ug"]["services"], heading);

    // A region fills 民族文字 from its preset.
    click(&mut harness, "地区");
    click(&mut harness, "西藏自治区");
    let languages = harness.state().station().languages.clone().expect("filled");
    assert_eq!(languages.local, ["bo"]);
    assert!(
        harness
            .query_by_label("标题“服务内容与服务清单”（藏文）")
            .is_some()
    );
    click(&mut harness, "地区");
    click(&mut harness, "新疆维吾尔自治区");

    // No script chosen: the inputs go, the translations stay in the file.
    click(&mut harness, "维吾尔文");
    assert!(harness.state().station().languages.is_none());
    assert_eq!(
        harness.query_all_by_label("站点全称（维吾尔文）").count(),
        0
    );
    assert_eq!(
        typed(&harness).as_deref(),
        Some(name),
        "the translation is kept"
    );
}
