//! Issue 23 in the app: exporting a station without its 监督电话 asks 去填写 / 生成样稿 / 取消
//! before any file dialog; 生成样稿 makes drafts named 样稿-…; after an export 打开文件夹 opens
//! the export's folder (recorded by a fake file manager: no window opens in tests).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use liangpai::app::{AppConfig, LiangpaiApp, Modal, RecordingFileManager, Section};

mod common;
use common::{FakeDialogs, copy_example, settle};

fn harness(config: AppConfig) -> Harness<'static, LiangpaiApp> {
    Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(liangpai::app::install_fonts)
        .build_eframe(move |cc| LiangpaiApp::new(&cc.egui_ctx, config))
}

fn wait_for_export(harness: &mut Harness<'static, LiangpaiApp>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.state().is_exporting() {
        assert!(Instant::now() < deadline, "the export never finished");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    settle(harness);
}

fn export_set(harness: &mut Harness<'static, LiangpaiApp>) {
    harness.get_by_label("导出PDF").click();
    settle(harness);
    harness.get_by_label("全套公示牌…").click();
    settle(harness);
}

#[test]
fn an_unfinished_station_asks_before_exporting_and_makes_drafts_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(&dir.path().join("station"));
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    value["contacts"]["supervision_phone"] = "".into();
    std::fs::write(&file, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
    let dialogs = FakeDialogs::default();
    let folders = RecordingFileManager::default();
    let mut config = AppConfig::for_tests(&dir.path().join("data"), Box::new(dialogs.clone()));
    config.file = Some(file);
    config.file_manager = Arc::new(folders.clone());
    let mut harness = harness(config);
    settle(&mut harness);

    // The question comes before any file dialog, and says what is missing and where.
    export_set(&mut harness);
    match harness.state().modal() {
        Some(Modal::Unfinished { text, .. }) => {
            assert!(text.contains("没有填写监督电话"), "{text}");
            assert!(text.contains("联系方式 › 监督电话"), "{text}");
        }
        other => panic!("expected the question, got {other:?}"),
    }
    assert!(dialogs.asked().is_empty());
    // 取消: nothing happens.
    harness.get_by_label("取消").click();
    settle(&mut harness);
    assert!(harness.state().modal().is_none());
    assert!(dialogs.asked().is_empty());

    // 去填写: the form shows 联系方式.
    export_set(&mut harness);
    harness.get_by_label("去填写").click();
    settle(&mut harness);
    assert!(harness.state().modal().is_none());
    assert_eq!(harness.state().section(), Section::Contacts);

    // 生成样稿: the folder dialog, then drafts of the signs that show the phone.
    let out = dir.path().join("导出");
    std::fs::create_dir_all(&out).unwrap();
    dialogs.answer(Some(out.clone()));
    export_set(&mut harness);
    harness.get_by_label("生成样稿").click();
    settle(&mut harness);
    wait_for_export(&mut harness);
    assert!(
        harness.state().modal().is_none(),
        "{:?}",
        harness.state().modal()
    );
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"样稿-柳溪镇社工站-联系方式.pdf".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"柳溪镇社工站-站点门牌.pdf".to_owned()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"柳溪镇社工站-联系方式.pdf".to_owned()),
        "{names:?}"
    );
    assert!(
        harness.state().status().contains("样稿"),
        "{}",
        harness.state().status()
    );

    // 打开文件夹 opens the export's folder.
    assert_eq!(harness.state().exported_folder(), Some(out.as_path()));
    harness.get_by_label("打开文件夹").click();
    settle(&mut harness);
    assert_eq!(folders.opened(), [out]);
}
