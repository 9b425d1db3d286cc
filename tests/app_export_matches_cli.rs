//! The app's whole-set export and `liangpai export` make the same files from the same station:
//! the same names and, with the same fixed date, the same bytes. Also the file plan itself.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use liangpai::export::{self, FileContent};
use liangpai::layout::{self, LayoutOptions};
use liangpai::render::pdf::PdfDate;
use liangpai::sign::SignKind;

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json")
}

/// Every file of a folder: name → bytes.
fn files(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_apps_whole_set_is_what_the_cli_makes() {
    let dir = tempfile::tempdir().unwrap();
    let by_cli = dir.path().join("cli");
    let by_app = dir.path().join("app");
    let example = example_path();
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args([
            "export",
            example.to_str().unwrap(),
            "--out",
            by_cli.to_str().unwrap(),
            "--date",
            "2026-03-01",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.code() == Some(0) || output.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let station = liangpai::storage::load(&example).unwrap();
    let date = PdfDate {
        year: 2026,
        month: 3,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
    };
    std::fs::create_dir_all(&by_app).unwrap();
    // The CLI's defaults: 3 mm bleed, no crop marks.
    let message = liangpai::app::export_set(
        &station,
        example.parent(),
        &by_app,
        export::DEFAULT_BLEED_MM,
        &liangpai::app::PrintSettings::default(),
        Some(date),
    );
    assert!(message.is_ok(), "{message:?}");

    let cli = files(&by_cli);
    let app = files(&by_app);
    assert_eq!(
        cli.keys().collect::<Vec<_>>(),
        app.keys().collect::<Vec<_>>(),
        "file names differ"
    );
    assert!(
        cli.contains_key("柳溪镇社工站-工作证-拼版.pdf")
            && cli.contains_key("柳溪镇社工站-屏幕宣传图.png")
            && cli.contains_key("柳溪镇社工站-印前检查.txt"),
        "{:?}",
        cli.keys()
    );
    for (name, bytes) in &cli {
        assert!(app.get(name) == Some(bytes), "{name} differs");
    }
}

#[test]
fn the_plan_names_every_file_of_a_sign() {
    let station = liangpai::storage::load(&example_path()).unwrap();
    let assets = liangpai::assets::load(&station, example_path().parent()).assets;
    let lay_out =
        |kind| layout::layout_sign(&station, &assets, kind, &LayoutOptions::default()).unwrap();
    let names = |plan: Vec<export::PlannedFile>| -> Vec<String> {
        plan.into_iter().map(|file| file.name).collect()
    };

    let stem =
        |kind| export::naming::sign_stem(&station, kind, export::OutputProfile::Standard, false);
    let plan = |document: &layout::Document, png: bool| {
        let page_names = export::naming::page_names(&station, document.kind);
        names(export::plan_files(
            document,
            &stem(document.kind),
            &page_names,
            png,
            150.0,
        ))
    };

    // Badges: every badge in one PDF, and the A4 sheet; as PNG one picture per person.
    let badges = lay_out(SignKind::Badge);
    assert_eq!(
        plan(&badges, false),
        ["柳溪镇社工站-工作证.pdf", "柳溪镇社工站-工作证-拼版.pdf"]
    );
    let people: Vec<String> = station
        .staff
        .iter()
        .map(|member| format!("柳溪镇社工站-工作证-{}.png", member.name))
        .collect();
    assert!(people.len() > 1);
    assert_eq!(plan(&badges, true), people);
    let plaque = lay_out(SignKind::Plaque);
    assert_eq!(plan(&plaque, false), ["柳溪镇社工站-站点门牌.pdf"]);
    assert_eq!(plan(&plaque, true), ["柳溪镇社工站-站点门牌.png"]);
    // A name the user chose in the app's save dialog is the stem.
    assert_eq!(
        names(export::plan_files(&plaque, "门牌", &[], false, 150.0)),
        ["门牌.pdf"]
    );
    // Door plates: one file per room, named by the room.
    let rooms = lay_out(SignKind::RoomPlate);
    let by_room: Vec<String> = station
        .station
        .rooms
        .iter()
        .map(|room| format!("柳溪镇社工站-功能室门牌-{room}.pdf"))
        .collect();
    assert!(!by_room.is_empty());
    assert_eq!(plan(&rooms, false), by_room);

    // The screen picture: always a PNG, 1920 pixels wide, even when PDF is asked for.
    let screen = lay_out(SignKind::Screen);
    let plan = export::plan_files(&screen, &stem(SignKind::Screen), &[], false, 150.0);
    assert_eq!(plan.len(), 1);
    assert_eq!(plan[0].name, "柳溪镇社工站-屏幕宣传图.png");
    let FileContent::Png { page, dpi } = plan[0].content else {
        panic!("{plan:?}");
    };
    let width_px = (screen.pages[page].width_pt / 72.0 * dpi).round();
    assert_eq!(width_px, 1920.0);
}
