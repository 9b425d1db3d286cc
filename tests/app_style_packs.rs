//! Style packs (样式包) in the desktop app, driven headless through its accessible labels
//! (egui_kittest): 打开样式包… changes the preview and stores the pack relative to the station
//! file, a broken pack changes nothing, reopening the station reads its pack again, 取消样式包
//! and 导出样式包….

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use liangpai::app::{AppConfig, FilePurpose, LiangpaiApp, Modal};
use liangpai::sign::SignKind;
use liangpai::style_pack::{self, PackSpec, StationValues};

mod common;
use common::{FakeDialogs, copy_example, settle};

fn make_harness(config: AppConfig) -> Harness<'static, LiangpaiApp> {
    Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .with_context_setup(liangpai::app::install_fonts)
        .build_eframe(move |cc| LiangpaiApp::new(&cc.egui_ctx, config))
}

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

/// Opens the 样式包 menu (its label names the pack in use) and clicks `item`.
fn style_menu(harness: &mut Harness<'static, LiangpaiApp>, item: &str) {
    let label = match harness.state().style_pack() {
        Some(pack) => format!("样式包：{}", pack.name),
        None => "样式包".to_owned(),
    };
    harness.get_by_label(&label).click();
    settle(harness);
    harness.get_by_label(item).click();
    settle(harness);
}

/// The plaque's width in mm in the preview.
fn preview_width_mm(app: &LiangpaiApp) -> Option<f32> {
    app.preview_page_size_pt()
        .map(|(width, _)| width / liangpai::layout::PT_PER_MM)
}

fn county_pack(path: &Path) {
    let plaque = liangpai::template::builtin_source(SignKind::Plaque)
        .unwrap()
        .replacen("width_mm = 600", "width_mm = 800", 1);
    let spec = PackSpec {
        name: "青禾县社工站统一标识".into(),
        profile: Some(liangpai::export::OutputProfile::Board),
        overrides: StationValues {
            supervision_phone: Some("0730-1234567".into()),
            ..StationValues::default()
        },
        templates: [(SignKind::Plaque, plaque)].into_iter().collect(),
        ..PackSpec::default()
    };
    style_pack::make(path, &spec).unwrap();
}

#[test]
fn opening_a_style_pack_changes_the_preview_and_stores_its_relative_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(&dir.path().join("站点"));
    std::fs::create_dir(dir.path().join("县")).unwrap();
    let pack = dir.path().join("县").join("青禾县.lpstyle");
    county_pack(&pack);
    let broken = dir.path().join("县").join("坏.lpstyle");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let dialogs = FakeDialogs::default();
    let data = dir.path().join("data");
    let mut config = AppConfig::for_tests(&data, Box::new(dialogs.clone()));
    config.file = Some(file.clone());
    let mut harness = make_harness(config);
    settle(&mut harness);
    assert_eq!(harness.state().sign_kind(), SignKind::Plaque);
    wait_until(&mut harness, "the plaque", |app| {
        preview_width_mm(app).is_some_and(|width| (width - 600.0).abs() < 1.0)
    });

    // A broken pack: a message naming it, nothing changes.
    dialogs.answer(Some(broken.clone()));
    style_menu(&mut harness, "打开样式包…");
    match harness.state().modal() {
        Some(Modal::Message { title, text }) => {
            assert_eq!(title, "样式包无法使用");
            assert!(
                text.contains("坏.lpstyle") && text.contains("站点没有改动"),
                "{text}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(!harness.state().is_dirty());
    assert!(harness.state().style_pack().is_none());
    harness.get_by_label("确定").click();
    settle(&mut harness);

    // The county pack: the preview follows its plaque design, the path is stored relative.
    dialogs.answer(Some(pack.clone()));
    style_menu(&mut harness, "打开样式包…");
    assert_eq!(
        dialogs.asked(),
        vec![FilePurpose::OpenStylePack, FilePurpose::OpenStylePack]
    );
    assert_eq!(
        harness.state().station().appearance.style_pack,
        "../县/青禾县.lpstyle"
    );
    assert!(harness.state().is_dirty());
    assert!(harness.state().status().contains("青禾县社工站统一标识"));
    wait_until(&mut harness, "the county's plaque", |app| {
        preview_width_mm(app).is_some_and(|width| (width - 800.0).abs() < 1.0)
    });
    // The toolbar names the pack in use.
    harness.get_by_label("样式包：青禾县社工站统一标识");
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    settle(&mut harness);
    assert!(!harness.state().is_dirty());
    let saved = liangpai::storage::load(&file).unwrap();
    assert_eq!(saved.appearance.style_pack, "../县/青禾县.lpstyle");

    // 取消样式包: back to the station's own design.
    style_menu(&mut harness, "取消样式包");
    assert!(harness.state().station().appearance.style_pack.is_empty());
    wait_until(&mut harness, "the standard plaque again", |app| {
        app.style_pack().is_none()
            && preview_width_mm(app).is_some_and(|width| (width - 600.0).abs() < 1.0)
    });
}

#[test]
fn a_station_naming_its_pack_opens_with_it_and_a_missing_pack_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(&dir.path().join("站点"));
    let pack = dir.path().join("站点").join("青禾县.lpstyle");
    county_pack(&pack);
    let mut station = liangpai::storage::load(&file).unwrap();
    station.appearance.style_pack = "青禾县.lpstyle".into();
    liangpai::storage::save(&station, &file).unwrap();

    let data = dir.path().join("data");
    let dialogs = FakeDialogs::default();
    let mut config = AppConfig::for_tests(&data, Box::new(dialogs.clone()));
    config.file = Some(file.clone());
    let mut harness = make_harness(config);
    settle(&mut harness);
    assert_eq!(
        harness.state().style_pack().map(|pack| pack.name.as_str()),
        Some("青禾县社工站统一标识")
    );
    // The pack's 用途 is chosen, as `liangpai export` takes it.
    assert_eq!(
        harness.state().print_settings().profile,
        liangpai::export::OutputProfile::Board
    );
    wait_until(&mut harness, "the county's plaque", |app| {
        preview_width_mm(app).is_some_and(|width| (width - 800.0).abs() < 1.0)
    });
    // The export follows it too: the pack's 800 mm plaque.
    let exported = dir.path().join("门牌.pdf");
    dialogs.answer(Some(exported.clone()));
    harness.get_by_label("导出PDF").click();
    settle(&mut harness);
    harness.get_by_label("本牌：站点门牌…").click();
    settle(&mut harness);
    wait_until(&mut harness, "the export", |app| !app.is_exporting());
    let info = std::process::Command::new("pdfinfo")
        .arg(&exported)
        .output()
        .expect("pdfinfo is needed (apt-get install poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let width_pt: f32 = info
        .lines()
        .find(|line| line.starts_with("Page size:"))
        .and_then(|line| line.split_whitespace().nth(2))
        .and_then(|width| width.parse().ok())
        .unwrap_or_else(|| panic!("{info}"));
    let width_mm = width_pt / liangpai::layout::PT_PER_MM;
    // 800 mm trimmed, plus bleed and crop marks (the standard plaque would be about 630 mm).
    assert!((800.0..850.0).contains(&width_mm), "{width_mm} mm: {info}");
    drop(harness);

    // The pack was deleted: the station opens, says so, and works without it.
    std::fs::remove_file(&pack).unwrap();
    let mut config = AppConfig::for_tests(&data, Box::new(FakeDialogs::default()));
    config.file = Some(file.clone());
    let mut harness = make_harness(config);
    settle(&mut harness);
    match harness.state().modal() {
        Some(Modal::Message { title, text }) => {
            assert_eq!(title, "样式包无法使用");
            assert!(text.contains("青禾县.lpstyle"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!harness.state().is_dirty(), "the stored path is kept");
    harness.get_by_label("确定").click();
    wait_until(&mut harness, "the standard plaque", |app| {
        preview_width_mm(app).is_some_and(|width| (width - 600.0).abs() < 1.0)
    });
}

#[test]
fn exporting_a_style_pack_from_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(&dir.path().join("站点"));
    let dialogs = FakeDialogs::default();
    let data = dir.path().join("data");
    let mut config = AppConfig::for_tests(&data, Box::new(dialogs.clone()));
    config.file = Some(file.clone());
    let mut harness = make_harness(config);
    settle(&mut harness);
    let out = dir.path().join("导出的.lpstyle");
    dialogs.answer(Some(out.clone()));
    style_menu(&mut harness, "导出样式包…");
    assert_eq!(dialogs.asked(), vec![FilePurpose::SaveStylePack]);
    let pack = style_pack::load(&out).unwrap();
    let station = harness.state().station().clone();
    assert_eq!(
        pack.name,
        format!("{}社工站统一标识", station.station.county)
    );
    // The station's guide units and supervision phone fill in where another station has none.
    assert_eq!(
        pack.prefill.supervision_phone.as_deref(),
        Some(station.contacts.supervision_phone.as_str())
    );
    assert_eq!(
        pack.prefill.guide_units.as_ref(),
        Some(&station.station.guide_units)
    );
    assert!(pack.overrides.is_empty());
    assert!(harness.state().status().contains("已导出样式包"));
}

#[test]
fn a_pack_that_provides_the_supervision_phone_silences_the_forms_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_example(&dir.path().join("站点"));
    let mut station = liangpai::storage::load(&file).unwrap();
    station.contacts.supervision_phone.clear();
    liangpai::storage::save(&station, &file).unwrap();
    let pack = dir.path().join("青禾县.lpstyle");
    county_pack(&pack);
    let dialogs = FakeDialogs::default();
    let mut config = AppConfig::for_tests(&dir.path().join("data"), Box::new(dialogs.clone()));
    config.file = Some(file);
    let mut harness = make_harness(config);
    settle(&mut harness);
    let phone_errors = |app: &LiangpaiApp| {
        app.problems()
            .iter()
            .filter(|problem| {
                problem.field == liangpai::model::FieldPath::parse("contacts.supervision_phone")
            })
            .count()
    };
    // Without a pack the form points at the empty 监督电话.
    wait_until(&mut harness, "the phone problem", |app| {
        phone_errors(app) == 1
    });
    // The county pack replaces it: the signs print the county's number, the form stops asking.
    dialogs.answer(Some(pack));
    style_menu(&mut harness, "打开样式包…");
    wait_until(&mut harness, "the problem to go", |app| {
        app.style_pack().is_some() && phone_errors(app) == 0
    });
}
