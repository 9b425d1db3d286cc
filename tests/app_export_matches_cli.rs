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
    assert!(cli.contains_key("badge-sheet.pdf") && cli.contains_key("screen.png"));
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

    let badges = lay_out(SignKind::Badge);
    assert_eq!(
        names(export::plan_files(&badges, "badge", false, 150.0)),
        ["badge.pdf", "badge-sheet.pdf"]
    );
    let plaque = lay_out(SignKind::Plaque);
    assert_eq!(
        names(export::plan_files(&plaque, "门牌", false, 150.0)),
        ["门牌.pdf"]
    );
    assert_eq!(
        names(export::plan_files(&plaque, "门牌", true, 150.0)),
        ["门牌.png"]
    );

    // The screen picture: always a PNG, 1920 pixels wide, even when PDF is asked for.
    let screen = lay_out(SignKind::Screen);
    let plan = export::plan_files(&screen, "screen", false, 150.0);
    assert_eq!(plan.len(), 1);
    assert_eq!(plan[0].name, "screen.png");
    let FileContent::Png { page, dpi } = plan[0].content else {
        panic!("{plan:?}");
    };
    let width_px = (screen.pages[page].width_pt / 72.0 * dpi).round();
    assert_eq!(width_px, 1920.0);
}
