//! Any sign at any paper size is laid out again (not scaled); themes keep text readable; a big
//! station still exports every sign with nothing outside its box.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use liangpai::layout::{self, Item, LayoutOptions, Orientation, PageSize, Rect};
use liangpai::model::{StationFile, StationKind};
use liangpai::sign::SignKind;
use liangpai::template::{self, THEMES};

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json")
}

fn example() -> StationFile {
    liangpai::storage::load(&example_path()).unwrap()
}

fn texts_inside(document: &layout::Document) {
    for page in &document.pages {
        let page_rect = Rect::new(0.0, 0.0, page.width_pt, page.height_pt);
        for item in &page.items {
            if let Item::Text(line) = item {
                let extent = line.extent();
                assert!(
                    line.bounds.contains(&extent, 0.05) && page_rect.contains(&extent, 0.05),
                    "{:?}: “{}” outside",
                    document.kind,
                    line.text
                );
            }
        }
    }
}

#[test]
fn a4_and_full_size_plaques_hold_all_their_text_without_warnings() {
    let station = example();
    for size in [None, PageSize::parse("A4"), PageSize::parse("600x400mm")] {
        for orientation in [
            None,
            Some(Orientation::Portrait),
            Some(Orientation::Landscape),
        ] {
            let options = LayoutOptions {
                size,
                orientation,
                ..LayoutOptions::default()
            };
            let document = layout::layout_sign(
                &station,
                &layout::Assets::default(),
                SignKind::Plaque,
                &options,
            )
            .unwrap();
            assert!(
                document.warnings.is_empty(),
                "{size:?} {orientation:?}: {:?}",
                document.warnings
            );
            texts_inside(&document);
            let name: String = document.pages[0]
                .items
                .iter()
                .filter_map(|item| {
                    if let Item::Text(line) = item {
                        Some(line.text.clone())
                    } else {
                        None
                    }
                })
                .collect();
            assert!(name.contains("社会工作服务站") && name.contains("青禾县柳溪镇"));
        }
    }
}

#[test]
fn text_is_refitted_not_zoomed() {
    // The same name at A4 portrait breaks into more lines relative to the page than at 600×400 mm
    // landscape; a zoom would keep the same line count and proportions.
    let station = example();
    let lines_and_ratio = |size: &str, orientation: Orientation| {
        let options = LayoutOptions {
            size: PageSize::parse(size),
            orientation: Some(orientation),
            ..LayoutOptions::default()
        };
        let document = layout::layout_sign(
            &station,
            &layout::Assets::default(),
            SignKind::Services,
            &options,
        )
        .unwrap();
        let page = &document.pages[0];
        let sizes: Vec<f32> = page
            .items
            .iter()
            .filter_map(|item| {
                if let Item::Text(line) = item {
                    Some(line.size_pt / page.width_pt)
                } else {
                    None
                }
            })
            .collect();
        (document.pages.len(), sizes)
    };
    let (_, portrait) = lines_and_ratio("A4", Orientation::Portrait);
    let (_, landscape) = lines_and_ratio("A4", Orientation::Landscape);
    assert_ne!(portrait, landscape);
}

#[test]
fn sizes_parse_and_turn() {
    assert_eq!(
        PageSize::parse("a3").map(|s| (s.width_mm, s.height_mm)),
        Some((297.0, 420.0))
    );
    assert_eq!(
        PageSize::parse("600x900mm").map(|s| (s.width_mm, s.height_mm)),
        Some((600.0, 900.0))
    );
    assert_eq!(
        PageSize::parse("1200×800").map(|s| s.width_mm),
        Some(1200.0)
    );
    assert!(
        PageSize::parse("0x10").is_none()
            && PageSize::parse("A9").is_none()
            && PageSize::parse("nan x 3").is_none()
    );
    let a4 = PageSize::parse("A4").unwrap();
    assert_eq!(a4.oriented(Some(Orientation::Landscape)).width_mm, 297.0);
}

#[test]
fn every_theme_keeps_text_contrast_at_least_4_5() {
    for name in THEMES {
        let theme = template::theme(name).unwrap();
        // The one list, shared with the template checker (`liangpai check --templates`).
        let pairs = template::THEME_CONTRAST_PAIRS;
        for (foreground, background) in pairs {
            let ratio = theme.color(foreground).contrast(theme.color(background));
            assert!(
                ratio >= template::MIN_CONTRAST,
                "{name}: {foreground} on {background} is only {ratio:.2}:1"
            );
        }
    }
}

#[test]
fn station_kind_picks_its_theme_and_elderly_text_is_larger() {
    let mut station = example();
    let colors = |station: &StationFile| {
        let document = layout::layout_sign(
            station,
            &layout::Assets::default(),
            SignKind::Plaque,
            &LayoutOptions::default(),
        )
        .unwrap();
        document.pages[0].items.iter().find_map(|item| {
            if let Item::Rect {
                fill: Some(fill), ..
            } = item
            {
                Some(*fill)
            } else {
                None
            }
        })
    };
    let social = colors(&station);
    station.station.kind = StationKind::MinorsProtection;
    let minors = colors(&station);
    station.station.kind = StationKind::ElderlyService;
    let elderly = colors(&station);
    assert!(social != minors && minors != elderly && social != elderly);
    assert!(template::theme("elderly_service").unwrap().min_text_scale > 1.0);
}

#[test]
fn big_station_exports_every_sign_soundly() {
    let mut station = example();
    let services = station.services.clone();
    station.services = (0..30)
        .map(|index| services[index % services.len()].clone())
        .collect();
    let staff = station.staff.clone();
    station.staff = (0..12)
        .map(|index| staff[index % staff.len()].clone())
        .collect();
    let steps = station.process.clone();
    station.process = (0..10)
        .map(|index| steps[index % steps.len()].clone())
        .collect();
    station.rules = liangpai::model::COMMON_RULES
        .iter()
        .map(|(title, text)| liangpai::model::Rule {
            title: (*title).to_owned(),
            text: text.repeat(3),
            ..Default::default()
        })
        .collect();
    station.partners = (0..25)
        .map(|index| liangpai::model::Partner {
            kind: liangpai::model::PARTNER_KINDS[index % 5].to_owned(),
            name: format!("青禾县柳溪镇第{index}号合作单位"),
            ..Default::default()
        })
        .collect();
    let assets = liangpai::assets::load(&station, example_path().parent()).assets;
    for kind in template::available_kinds() {
        let document =
            layout::layout_sign(&station, &assets, kind, &LayoutOptions::default()).unwrap();
        assert!(!document.pages.is_empty(), "{kind:?}");
        texts_inside(&document);
    }
    // The combined board says what it could not show.
    let board = layout::layout_sign(
        &station,
        &assets,
        SignKind::Board,
        &LayoutOptions::default(),
    )
    .unwrap();
    assert_eq!(board.pages.len(), 1);
}

#[test]
fn badges_are_imposed_on_a4_with_cut_marks() {
    let station = example();
    let badges = layout::layout_sign(
        &station,
        &layout::Assets::default(),
        SignKind::Badge,
        &LayoutOptions::default(),
    )
    .unwrap();
    assert_eq!(badges.pages.len(), station.staff.len());
    assert!((badges.pages[0].width_pt - layout::mm_to_pt(86.0)).abs() < 0.01);
    let sheet = layout::impose(&badges, PageSize::ISO[0].1);
    assert_eq!(sheet.pages.len(), 1);
    let marks = sheet.pages[0]
        .items
        .iter()
        .filter(|item| matches!(item, Item::Line { .. }))
        .count();
    assert_eq!(marks, station.staff.len() * 8);
    texts_inside(&sheet);
}

#[test]
fn room_plates_one_page_per_room() {
    let mut station = example();
    let document = layout::layout_sign(
        &station,
        &layout::Assets::default(),
        SignKind::RoomPlate,
        &LayoutOptions::default(),
    )
    .unwrap();
    assert_eq!(document.pages.len(), 4);
    station.station.rooms.clear();
    let empty = layout::layout_sign(
        &station,
        &layout::Assets::default(),
        SignKind::RoomPlate,
        &LayoutOptions::default(),
    )
    .unwrap();
    assert!(empty.pages.is_empty());
    assert!(
        empty
            .warnings
            .iter()
            .any(|warning| warning.field == "station.rooms")
    );
}
