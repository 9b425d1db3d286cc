//! The two built-in designs (标准 and 简洁): they differ in structure, not only in colour; a
//! station's `appearance.design` and `--design` choose one (the `--templates` file of a kind wins,
//! an unknown name is refused on the command line and warned about in a station file); a batch
//! makes every station in its own design.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use liangpai::export::{self, ExportEvent, ExportSettings};
use liangpai::layout::{self, Item, LayoutOptions};
use liangpai::model::{Severity, StationFile};
use liangpai::render::pdf::PdfDate;
use liangpai::sign::SignKind;
use liangpai::template;

mod common;
use common::SignPath;
use common::{examples, liangpai};

/// The long-name example station, photos pointing at the shared example photos.
fn shimen() -> StationFile {
    let mut station = liangpai::storage::load(&examples().join("shimen-station.json")).unwrap();
    for member in &mut station.staff {
        if !member.photo.is_empty() {
            member.photo = examples().join(&member.photo).display().to_string();
        }
    }
    for logo in &mut station.station.logos {
        *logo = examples().join(&*logo).display().to_string();
    }
    station
}

fn settings(kinds: Vec<SignKind>, design: Option<&str>) -> ExportSettings {
    let mut settings = ExportSettings::whole_set(
        3.0,
        false,
        Some(PdfDate {
            year: 2026,
            month: 3,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
        }),
    );
    settings.kinds = kinds;
    settings.design = design.map(|name| template::DesignId::parse(name).unwrap());
    settings
}

fn export_bytes(
    station: &StationFile,
    settings: &ExportSettings,
    out: &Path,
    file: &str,
) -> (Vec<u8>, Vec<ExportEvent>) {
    let templates = export::load_templates(settings);
    let report = export::export_station(station, None, out, settings, &templates);
    assert!(!report.failed(), "{:?}", report.events);
    (std::fs::read(out.sign(file)).unwrap(), report.events)
}

/// Filled rectangles with rounded corners (panels, cards) and rectangles filled in the theme's
/// main colour that span at least half the page and 5 % of its height (header bands; not rules).
fn panels_and_bands(document: &layout::Document) -> (usize, usize) {
    let page = &document.pages[0];
    let primary = template::theme_for(&StationFile::default().station.kind)
        .color(template::ThemeColor::Primary);
    let mut panels = 0;
    let mut bands = 0;
    for item in &page.items {
        if let Item::Rect {
            rect,
            fill,
            stroke,
            corner_radius_pt,
        } = item
        {
            if *corner_radius_pt > 0.0 && (fill.is_some() || stroke.is_some()) {
                panels += 1;
            }
            if *fill == Some(primary)
                && rect.width > page.width_pt * 0.5
                && rect.height > page.height_pt * 0.05
            {
                bands += 1;
            }
        }
    }
    (panels, bands)
}

#[test]
fn the_simple_design_differs_in_structure_not_only_in_colour() {
    let mut station = shimen();
    station.station.kind = Default::default();
    let assets = layout::Assets::default();
    let options = LayoutOptions::default();
    let standard = layout::layout_sign(&station, &assets, SignKind::Board, &options).unwrap();
    station.appearance.design = "simple".into();
    let simple = layout::layout_sign(&station, &assets, SignKind::Board, &options).unwrap();
    // The standard board: a band across the top, three panels. The simple one: neither.
    let (standard_panels, standard_bands) = panels_and_bands(&standard);
    let (simple_panels, simple_bands) = panels_and_bands(&simple);
    assert!(standard_panels >= 3, "{standard_panels}");
    assert!(standard_bands >= 1, "{standard_bands}");
    assert_eq!(simple_panels, 0, "simple board has rounded panels");
    assert_eq!(simple_bands, 0, "simple board has a header band");
    // The name: centred on the standard board, set from the left margin on the simple one.
    let name_start = |document: &layout::Document| {
        let page = &document.pages[0];
        page.items
            .iter()
            .find_map(|item| match item {
                Item::Text(line) if station.station.name.starts_with(line.text.trim()) => {
                    Some(line.origin.x / page.width_pt)
                }
                _ => None,
            })
            .expect("a line of the station name")
    };
    assert!(name_start(&standard) > 0.15, "{}", name_start(&standard));
    assert!(
        name_start(&simple) > 0.15,
        "beside the logo: {}",
        name_start(&simple)
    );
    // Without a logo: still centred on the standard board, at the left margin on the simple one.
    let mut no_logo = station.clone();
    no_logo.station.logos.clear();
    let simple_no_logo = layout::layout_sign(&no_logo, &assets, SignKind::Board, &options).unwrap();
    no_logo.appearance.design = "standard".into();
    let standard_no_logo =
        layout::layout_sign(&no_logo, &assets, SignKind::Board, &options).unwrap();
    assert!(
        name_start(&standard_no_logo) > 0.15,
        "{}",
        name_start(&standard_no_logo)
    );
    assert!(
        name_start(&simple_no_logo) < 0.06,
        "{}",
        name_start(&simple_no_logo)
    );
    // Two columns: the service list, staff and process of the simple board start at two x
    // positions only (left column, right column).
    let simple_template =
        template::builtin_in(template::DesignId::Simple, SignKind::Board).unwrap();
    let columns: std::collections::BTreeSet<i32> = simple_template
        .blocks
        .iter()
        .filter(|block| {
            block.kind != template::BlockKind::Text
                && block.kind != template::BlockKind::Footer
                && block.kind != template::BlockKind::Logos
                && block.kind != template::BlockKind::QrCodes
        })
        .map(|block| (block.rect[0] * 100.0).round() as i32)
        .collect();
    assert_eq!(columns.len(), 2, "{columns:?}");
    // The service list is ruled: no striped or filled rows, no vertical rules, no frame.
    station.appearance.design = "simple".into();
    let services = layout::layout_sign(&station, &assets, SignKind::Services, &options).unwrap();
    let page = &services.pages[0];
    let vertical_rules = page
        .items
        .iter()
        .filter(|item| matches!(item, Item::Line { from, to, .. } if (from.x - to.x).abs() < 0.01 && (from.y - to.y).abs() > 1.0))
        .count();
    let filled_rects = page
        .items
        .iter()
        .filter(|item| {
            matches!(item, Item::Rect { fill: Some(_), rect, .. } if rect.width < page.width_pt * 0.9 && rect.height > page.height_pt * 0.01)
        })
        .count();
    assert_eq!(vertical_rules, 0, "the ruled table has vertical rules");
    // Only the colour bar down the left edge is a filled rectangle of some height.
    assert_eq!(
        filled_rects, 1,
        "filled rectangles on the simple service list"
    );
    station.appearance.design = String::new();
    let standard_services =
        layout::layout_sign(&station, &assets, SignKind::Services, &options).unwrap();
    assert!(
        standard_services.pages[0]
            .items
            .iter()
            .filter(
                |item| matches!(item, Item::Line { from, to, .. } if (from.x - to.x).abs() < 0.01)
            )
            .count()
            > 3
    );
}

#[test]
fn ruled_lists_draw_staff_and_steps_with_lines_only() {
    let mut station = shimen();
    station.station.logos.clear();
    let assets = layout::Assets::default();
    let options = LayoutOptions::default();
    let count = |station: &StationFile, kind: SignKind| {
        let document = layout::layout_sign(station, &assets, kind, &options).unwrap();
        let page = &document.pages[0];
        let rounded = page
            .items
            .iter()
            .filter(|item| matches!(item, Item::Rect { corner_radius_pt, .. } if *corner_radius_pt > 0.0))
            .count();
        let outlined_only = page
            .items
            .iter()
            .filter(|item| {
                matches!(
                    item,
                    Item::Rect {
                        fill: None,
                        stroke: Some(_),
                        ..
                    }
                )
            })
            .count();
        let rules = page
            .items
            .iter()
            .filter(
                |item| matches!(item, Item::Line { from, to, .. } if (from.y - to.y).abs() < 0.01),
            )
            .count();
        (rounded, outlined_only, rules)
    };
    let staff = station.staff.len();
    let steps = station.process.len();
    let standard_staff = count(&station, SignKind::Staff);
    let standard_process = count(&station, SignKind::Process);
    station.appearance.design = "simple".into();
    let simple_staff = count(&station, SignKind::Staff);
    let simple_process = count(&station, SignKind::Process);
    // Staff: cards (rounded panels) in the standard design; rules between rows in the simple one.
    assert!(standard_staff.0 >= staff, "{standard_staff:?}");
    assert_eq!(simple_staff.0, 0, "{simple_staff:?}");
    assert!(
        simple_staff.2 >= 1,
        "no rule between the rows of staff: {simple_staff:?}"
    );
    // Process: filled rounded step boxes; outlined square ones.
    assert!(standard_process.0 >= steps, "{standard_process:?}");
    assert_eq!(simple_process.0, 0, "{simple_process:?}");
    assert_eq!(simple_process.1, steps, "{simple_process:?}");
}

#[test]
fn every_public_board_of_the_long_name_station_exports_differently_in_both_designs() {
    let dir = tempfile::tempdir().unwrap();
    let station = shimen();
    let public = [
        SignKind::Plaque,
        SignKind::Services,
        SignKind::Staff,
        SignKind::Process,
        SignKind::Contacts,
        SignKind::Board,
        SignKind::Partners,
        SignKind::Rules,
        SignKind::RoomPlate,
    ];
    for kind in public {
        // Door plates: one file per room, the first room's here.
        let file = match (kind, station.station.rooms.first()) {
            (SignKind::RoomPlate, Some(room)) => format!("{}-{}.pdf", kind.label(), room.trim()),
            _ => format!("{}.pdf", kind.label()),
        };
        let (standard, _) = export_bytes(
            &station,
            &settings(vec![kind], None),
            &dir.path().join("standard"),
            &file,
        );
        let (simple, events) = export_bytes(
            &station,
            &settings(vec![kind], Some("简洁")),
            &dir.path().join("simple"),
            &file,
        );
        assert!(simple.starts_with(b"%PDF"));
        assert_ne!(standard, simple, "{file}: the designs give the same PDF");
        // Nothing essential cut in either design.
        for event in events {
            if let ExportEvent::Diagnostic(warning) = event {
                let field = warning.field.to_string();
                assert!(
                    !(warning.message.contains("未印出")
                        && ["station.name", "contacts.supervision_phone", "updated"]
                            .contains(&field.as_str())),
                    "{file}: {warning}"
                );
            }
        }
    }
}

#[test]
fn a_station_file_chooses_its_design_and_an_unknown_one_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let kinds = vec![SignKind::Board, SignKind::Services];
    let mut station = shimen();
    let (by_option, _) = export_bytes(
        &station,
        &settings(kinds.clone(), Some("simple")),
        &dir.path().join("option"),
        "综合公示栏.pdf",
    );
    let (standard, _) = export_bytes(
        &station,
        &settings(kinds.clone(), None),
        &dir.path().join("standard"),
        "综合公示栏.pdf",
    );
    // The station's own choice, with no option: the same file as --design simple.
    station.appearance.design = "simple".into();
    let (by_station, events) = export_bytes(
        &station,
        &settings(kinds.clone(), None),
        &dir.path().join("station"),
        "综合公示栏.pdf",
    );
    assert_eq!(by_station, by_option);
    assert!(!events.iter().any(|event| matches!(event, ExportEvent::Diagnostic(problem) if problem.field == "appearance.design")));
    // The option wins over the station's choice.
    let (forced, _) = export_bytes(
        &station,
        &settings(kinds.clone(), Some("标准")),
        &dir.path().join("forced"),
        "综合公示栏.pdf",
    );
    assert_eq!(forced, standard);
    // A design this version does not know: the standard one, and a warning naming the field.
    station.appearance.design = "华丽".into();
    let (unknown, events) = export_bytes(
        &station,
        &settings(kinds, None),
        &dir.path().join("unknown"),
        "综合公示栏.pdf",
    );
    assert_eq!(unknown, standard);
    let warning = events
        .iter()
        .find_map(|event| match event {
            ExportEvent::Diagnostic(problem) if problem.field == "appearance.design" => {
                Some(problem.clone())
            }
            _ => None,
        })
        .expect("a warning about appearance.design");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("华丽"), "{}", warning.message);
    assert!(warning.message.contains("简洁"), "{}", warning.message);
}

#[test]
fn a_template_folder_wins_over_the_design_for_its_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let custom = template::builtin_source(SignKind::Plaque)
        .unwrap()
        .replace("承接机构：", "运营单位：");
    std::fs::write(dir.path().join("plaque.toml"), custom).unwrap();
    let (plaque, warnings) = export::load_template_in(
        SignKind::Plaque,
        Some(dir.path()),
        template::DesignId::Simple,
    )
    .unwrap();
    assert!(warnings.is_empty());
    assert!(
        plaque
            .blocks
            .iter()
            .any(|block| block.text.contains("运营单位："))
    );
    // A kind the folder has no file for follows the design.
    let (board, _) = export::load_template_in(
        SignKind::Board,
        Some(dir.path()),
        template::DesignId::Simple,
    )
    .unwrap();
    assert_eq!(
        board,
        template::builtin_in(template::DesignId::Simple, SignKind::Board).unwrap()
    );
    // Kinds the simple design has no variant of are the standard ones.
    assert_eq!(
        template::builtin_in(template::DesignId::Simple, SignKind::Badge).unwrap(),
        template::builtin(SignKind::Badge).unwrap()
    );
}

#[test]
fn cli_design_option_and_a_bad_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = examples().join("liuxi-station.json");
    let run = |design: Option<&str>, out: &str| {
        let out = dir.path().join(out);
        let mut args = vec![
            "export",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--sign",
            "board",
            "--date",
            "2026-03-01",
        ];
        if let Some(design) = design {
            args.extend(["--design", design]);
        }
        let (code, text) = liangpai(&args);
        (code, text, out.join("综合公示栏.pdf"))
    };
    let (code, text, standard) = run(None, "standard");
    assert_eq!(code, 0, "{text}");
    let (code, text, simple) = run(Some("简洁"), "simple-label");
    assert_eq!(code, 0, "{text}");
    let (code, text, simple_id) = run(Some("simple"), "simple-id");
    assert_eq!(code, 0, "{text}");
    let standard = std::fs::read(common::sign_file(standard)).unwrap();
    let simple = std::fs::read(common::sign_file(simple)).unwrap();
    assert_ne!(standard, simple);
    assert_eq!(simple, std::fs::read(common::sign_file(simple_id)).unwrap());
    // An unknown name: a usage error listing the designs in Chinese, nothing written.
    let (code, text, board) = run(Some("华丽"), "bad");
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--design"), "{text}");
    assert!(text.contains("标准") && text.contains("简洁"), "{text}");
    assert!(common::sign_files(board).is_empty());
}

#[test]
fn a_batch_makes_every_station_in_its_own_design() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("站点");
    std::fs::create_dir(&input).unwrap();
    let mut plain = shimen();
    plain.station.name = "青禾县柳溪镇社会工作服务站".into();
    let mut simple = plain.clone();
    simple.station.name = "青禾县石桥镇社会工作服务站".into();
    simple.appearance.design = "simple".into();
    liangpai::storage::save(&plain, &input.join("a.json")).unwrap();
    liangpai::storage::save(&simple, &input.join("b.json")).unwrap();
    let out = dir.path().join("输出");
    let (code, text) = liangpai(&[
        "batch",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "board",
        "--date",
        "2026-03-01",
    ]);
    assert_eq!(code, 0, "{text}");
    // Each station's board is the one a single export in its design gives.
    for (station, folder, design) in [
        (&plain, "青禾县柳溪镇社会工作服务站", "standard"),
        (&simple, "青禾县石桥镇社会工作服务站", "simple"),
    ] {
        let (single, _) = export_bytes(
            station,
            &settings(vec![SignKind::Board], Some(design)),
            &dir.path().join(design),
            "综合公示栏.pdf",
        );
        let batch = std::fs::read(out.join(folder).sign("综合公示栏.pdf")).unwrap();
        assert!(
            batch == single,
            "{folder}: batch board differs from its {design} export"
        );
    }
    // With --design every station gets it.
    let forced = dir.path().join("forced");
    let (code, text) = liangpai(&[
        "batch",
        input.to_str().unwrap(),
        "--out",
        forced.to_str().unwrap(),
        "--sign",
        "board",
        "--date",
        "2026-03-01",
        "--design",
        "标准",
    ]);
    assert_eq!(code, 0, "{text}");
    let (single, _) = export_bytes(
        &simple,
        &settings(vec![SignKind::Board], Some("standard")),
        &dir.path().join("forced-single"),
        "综合公示栏.pdf",
    );
    let batch = std::fs::read(
        forced
            .join("青禾县石桥镇社会工作服务站")
            .sign("综合公示栏.pdf"),
    )
    .unwrap();
    assert!(
        batch == single,
        "--design 标准 not used for a station that chose 简洁"
    );
}

#[test]
fn check_names_an_unknown_design_in_a_station_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut station = liangpai::storage::load(&examples().join("liuxi-station.json")).unwrap();
    station.appearance.design = "华丽".into();
    let file = dir.path().join("站点.json");
    liangpai::storage::save(&station, &file).unwrap();
    // The photos are missing here (other lines): only the design's line matters.
    let (code, text) = liangpai(&["check", file.to_str().unwrap()]);
    assert!(code == 0 || code == 1, "{text}");
    let line = text
        .lines()
        .find(|line| line.contains("appearance.design"))
        .unwrap_or_else(|| panic!("no line about appearance.design: {text}"));
    assert!(
        line.contains("设计") && line.contains("华丽") && line.contains("简洁"),
        "{line}"
    );
    // A known design: nothing said about it.
    station.appearance.design = "简洁".into();
    liangpai::storage::save(&station, &file).unwrap();
    let (_, text) = liangpai(&["check", file.to_str().unwrap()]);
    assert!(!text.contains("appearance.design"), "{text}");
}

#[test]
fn print_refuses_an_unknown_design_before_printing() {
    let file = examples().join("liuxi-station.json");
    let (code, text) = liangpai(&[
        "print",
        file.to_str().unwrap(),
        "--sign",
        "board",
        "--design",
        "华丽",
    ]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--design") && text.contains("简洁"), "{text}");
}

#[test]
fn templates_are_loaded_once_per_design() {
    // Without --design: both designs, each station picks its own from them.
    let all = export::load_templates(&settings(vec![SignKind::Board, SignKind::Badge], None));
    assert_eq!(all.designs(), template::DesignId::ALL);
    assert!(
        all.designs_read().is_empty(),
        "nothing read before a station asks"
    );
    let simple_board = all
        .for_design(template::DesignId::Simple)
        .iter()
        .find(|(kind, _)| *kind == SignKind::Board)
        .and_then(|(_, loaded)| loaded.as_ref().ok())
        .map(|(template, _)| template.clone())
        .unwrap();
    assert_eq!(
        simple_board,
        template::builtin_in(template::DesignId::Simple, SignKind::Board).unwrap()
    );
    // Only the design a station asked for was read (a one-station export reads one design).
    assert_eq!(all.designs_read(), [template::DesignId::Simple]);
    let again = all.for_design(template::DesignId::Simple);
    assert!(std::ptr::eq(
        again,
        all.for_design(template::DesignId::Simple)
    ));
    assert_eq!(all.designs_read(), [template::DesignId::Simple]);
    // With --design: only that one, whatever design a station asks for.
    let forced = export::load_templates(&settings(vec![SignKind::Board], Some("简洁")));
    assert_eq!(forced.designs(), [template::DesignId::Simple]);
    assert_eq!(
        forced.for_design(template::DesignId::Standard).len(),
        1,
        "the forced design answers for every station"
    );
}
