//! Issue 14: the 五社联动 and 制度牌 signs, fees, certificate numbers and the national mark, for
//! the second example station (石门) and for a station with many partners and long rules.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::SignPath;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use liangpai::frame::Item;
use liangpai::layout::{self, Assets, Document, LayoutOptions};
use liangpai::model::{self, COMMON_RULES, PARTNER_KINDS, Partner, Rule, Severity, StationFile};
use liangpai::sign::SignKind;
use serde_json::Value;

fn shimen_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/shimen-station.json")
}

fn shimen() -> StationFile {
    liangpai::storage::load(&shimen_path()).unwrap()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|ch| !ch.is_whitespace()).collect()
}

/// Every text line of a document, page after page, in drawing order, without whitespace.
fn document_text(document: &Document) -> String {
    let mut out = String::new();
    for page in &document.pages {
        for item in &page.items {
            if let Item::Text(line) = item {
                out.push_str(&line.text);
            }
        }
    }
    squeeze(&out)
}

/// The texts of each page separately.
fn page_texts(document: &Document) -> Vec<String> {
    document
        .pages
        .iter()
        .map(|page| {
            squeeze(
                &page
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Text(line) => Some(line.text.as_str()),
                        _ => None,
                    })
                    .collect::<String>(),
            )
        })
        .collect()
}

fn lay_out(station: &StationFile, kind: SignKind) -> Document {
    layout::layout_sign(station, &Assets::default(), kind, &LayoutOptions::default()).unwrap()
}

/// A station with 28 partners (long names, one of a kind outside the five, one kind without any)
/// and six rules, some far longer than a page.
fn crowded() -> StationFile {
    let mut station = shimen();
    // Pictures are not the point here (and the SVG mark is read elsewhere).
    station.station.logos.clear();
    station.station.name =
        "新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县孙扎齐牛录镇社会工作服务站".into();
    let kinds = ["社区", "社会组织", "社会工作者", "社区志愿者"];
    station.partners = (0..27)
        .map(|index| Partner {
            kind: kinds[index % kinds.len()].to_owned(),
            name: format!("察布查尔锡伯自治县第{index}号“暖心”互助服务队（𬌗齿科义诊点）"),
            ..Partner::default()
        })
        .collect();
    station.partners.push(Partner {
        kind: "企业".into(),
        name: "伊犁河谷爱心企业联盟".into(),
        ..Partner::default()
    });
    station.rules = COMMON_RULES
        .iter()
        .map(|(title, text)| Rule {
            title: (*title).to_owned(),
            text: (*text).to_owned(),
            ..Rule::default()
        })
        .collect();
    let long: String = (1..=40)
        .map(|n| {
            format!("第{n}条　社会工作者在服务中应当尊重服务对象的自决权，对第{n}类情形按规定登记、评估、转介，并在三个工作日内反馈处理结果。\n")
        })
        .collect();
    station.rules.push(Rule {
        title: "社工站服务管理细则".into(),
        text: format!("为规范服务行为，制定本细则。\n{long}本细则自公布之日起施行。"),
        ..Rule::default()
    });
    // One paragraph of 900 characters without a line break.
    station.rules.push(Rule {
        title: "志愿者管理制度".into(),
        text: "志愿者参加服务前须登记并接受培训，服务中听从安排，注意安全，保护服务对象隐私；"
            .repeat(24),
        ..Rule::default()
    });
    station
}

/// `text` cut at sentence and clause marks, in order (the rule sign only breaks pages there).
fn fragments(text: &str) -> Vec<String> {
    text.split(['\n', '。', '；', '，', '：'])
        .map(squeeze)
        .filter(|fragment| !fragment.is_empty())
        .collect()
}

#[test]
fn new_fields_round_trip_and_files_without_them_stay_as_they_were() {
    let original: Value = serde_json::from_slice(&std::fs::read(shimen_path()).unwrap()).unwrap();
    let station = shimen();
    assert_eq!(station.station.short_name, "石门镇社工站");
    assert_eq!(station.rules.len(), 2);
    assert!(
        station
            .services
            .iter()
            .any(|s| !s.free && !s.fee.is_empty())
    );
    assert_eq!(station.staff[0].certificate_no, "示例-0001");
    let written: Value = serde_json::from_str(&station.to_json()).unwrap();
    assert_eq!(written, original);

    // Without the new fields: nothing is added on save.
    let mut old = original.clone();
    let object = old.as_object_mut().unwrap();
    object.remove("rules");
    object["station"]
        .as_object_mut()
        .unwrap()
        .remove("short_name");
    for service in object["services"].as_array_mut().unwrap() {
        service.as_object_mut().unwrap().remove("fee");
    }
    for member in object["staff"].as_array_mut().unwrap() {
        member.as_object_mut().unwrap().remove("certificate_no");
    }
    let loaded =
        model::StationFile::from_bytes(old.to_string().as_bytes(), Path::new("旧.json")).unwrap();
    assert!(loaded.rules.is_empty());
    // Without a 简称 the proposal is used (the station type at the end shortened).
    assert_eq!(loaded.short_name(), "石门镇社会工作服务站暨未保站");
    let again: Value = serde_json::from_str(&loaded.to_json()).unwrap();
    assert_eq!(again, old);
}

#[test]
fn partners_sign_shows_all_five_kinds_and_every_partner() {
    let station = crowded();
    let document = lay_out(&station, SignKind::Partners);
    assert_eq!(document.pages.len(), 1);
    let text = document_text(&document);
    for kind in PARTNER_KINDS {
        assert!(text.contains(kind), "{kind} missing: {text}");
    }
    // 社会慈善资源 has no partner here: shown as such, not left out.
    assert!(text.contains("（暂无）"), "{text}");
    for partner in &station.partners {
        // 𬌗 is a rare character: drawn if a font has it, else left out and reported.
        let name = squeeze(&partner.name);
        let drawable = name.replace('𬌗', "");
        assert!(
            text.contains(&name) || text.contains(&drawable),
            "{name} missing: {text}"
        );
    }
    if !text.contains('𬌗') {
        assert!(
            document
                .warnings
                .iter()
                .any(|w| w.message.contains('𬌗') && w.field.to_string().starts_with("partners[")),
            "{:?}",
            document.warnings
        );
    }
    assert!(text.contains("其他资源"), "{text}");
    assert!(text.contains("察布查尔锡伯自治县孙扎齐牛录镇社会工作服务站"));
    assert!(
        !document
            .warnings
            .iter()
            .any(|warning| warning.message.contains("放不下") || warning.message.contains("超出")),
        "{:?}",
        document.warnings
    );
    // The diagram: boxes joined to the station by lines.
    let lines = document.pages[0]
        .items
        .iter()
        .filter(|item| matches!(item, Item::Line { .. }))
        .count();
    assert!(lines >= 6, "{lines} connector lines");
}

#[test]
fn a_station_without_partners_still_shows_the_five_kinds_and_is_told() {
    let mut station = shimen();
    station.partners.clear();
    let document = lay_out(&station, SignKind::Partners);
    let text = document_text(&document);
    assert_eq!(text.matches("（暂无）").count(), 5, "{text}");
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.field == "partners"),
        "{:?}",
        document.warnings
    );
}

#[test]
fn rules_sign_has_one_sign_per_rule_and_long_rules_continue_with_nothing_dropped() {
    let station = crowded();
    let document = lay_out(&station, SignKind::Rules);
    let pages = page_texts(&document);
    assert!(pages.len() > station.rules.len(), "{} pages", pages.len());
    assert!(document.warnings.is_empty(), "{:?}", document.warnings);
    // Each rule starts on a page of its own, titled; its further pages say （续）.
    let mut page = 0;
    for rule in &station.rules {
        let title = squeeze(&rule.title);
        assert!(pages[page].contains(&title), "page {page}: {}", pages[page]);
        assert!(!pages[page].contains("（续）"));
        // Every clause of the rule, in order, across its pages.
        let mut text = String::new();
        text.push_str(&pages[page]);
        page += 1;
        while page < pages.len() && pages[page].contains(&format!("{title}（续）")) {
            text.push_str(&pages[page]);
            page += 1;
        }
        let mut from = 0;
        for fragment in fragments(&rule.text) {
            let found = text[from..]
                .find(&fragment)
                .unwrap_or_else(|| panic!("“{fragment}” of {title} missing or out of order"));
            from += found + fragment.len();
        }
        // Every page carries the station name and the footer's update date.
        assert!(text.matches("察布查尔锡伯自治县孙扎齐牛录镇").count() >= 1);
    }
    assert_eq!(page, pages.len());
    for text in &pages {
        assert!(text.contains("2026年9月1日"), "{text}");
    }
    // Numbered clauses keep their own lines, as written.
    let clause_lines: Vec<String> = document
        .pages
        .iter()
        .flat_map(|page| page.items.iter())
        .filter_map(|item| match item {
            Item::Text(line) if line.text.starts_with("第") && line.text.contains("条") => {
                Some(line.text.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(clause_lines.len(), 40, "{clause_lines:?}");
}

#[test]
fn a_station_without_rules_makes_no_rules_sign_and_says_how_to_add_them() {
    let mut station = shimen();
    station.rules.clear();
    let document = lay_out(&station, SignKind::Rules);
    assert!(document.pages.is_empty());
    assert!(
        document
            .warnings
            .iter()
            .any(|w| w.message.contains("填入常用制度"))
    );
}

#[test]
fn cli_exports_partners_and_rules_with_extractable_text() {
    let dir = tempfile::tempdir().unwrap();
    let station_path = dir.path().join("站点.json");
    let station = crowded();
    std::fs::write(&station_path, station.to_json()).unwrap();
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args([
            "export",
            station_path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--sign",
            "partners,rules",
            "--date",
            "2026-03-01",
        ])
        .output()
        .unwrap();
    let messages = String::from_utf8_lossy(&output.stderr);
    // Missing photos and logos next to the copied file are reported; the signs are still made.
    assert!(out.sign("五社联动.pdf").is_file(), "{messages}");
    let info = Command::new("pdfinfo")
        .arg(out.sign("制度牌.pdf"))
        .output()
        .expect("pdfinfo is needed (apt-get install poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|pages| pages.trim().parse().ok())
        .unwrap();
    assert!(pages > station.rules.len(), "{info}");
    let text = |name: &str| {
        let output = Command::new("pdftotext")
            .args(["-raw", out.sign(name).to_str().unwrap(), "-"])
            .output()
            .unwrap();
        squeeze(&String::from_utf8_lossy(&output.stdout))
    };
    let partners = text("五社联动.pdf");
    for partner in &station.partners {
        // 𬌗 is not in Noto: it comes from the fallback font (fonts-babelstone-han, installed by .ci/run).
        let name = squeeze(&partner.name);
        assert!(partners.contains(&name), "{name}: {partners}");
    }
    let rules = text("制度牌.pdf");
    for rule in &station.rules {
        for fragment in fragments(&rule.text) {
            assert!(
                rules.contains(&fragment),
                "“{fragment}” missing from rules.pdf"
            );
        }
    }
}

#[test]
fn fee_is_shown_instead_of_a_bare_charge_and_check_warns_without_one() {
    let mut station = shimen();
    let index = station.services.iter().position(|s| !s.free).unwrap();
    let fee = station.services[index].fee.clone();
    for kind in [SignKind::Services, SignKind::Board] {
        let text = document_text(&lay_out(&station, kind));
        assert!(text.contains("收费标准"), "{kind:?}: {text}");
        assert!(
            text.contains(&squeeze(&fee)),
            "{kind:?}: {fee} missing: {text}"
        );
    }
    assert!(model::validate(&station).is_empty());

    station.services[index].fee = "  ".into();
    let problems = model::validate(&station);
    let warning = problems
        .iter()
        .find(|p| p.field.to_string() == format!("services[{index}].fee"))
        .unwrap_or_else(|| panic!("no fee warning: {problems:#?}"));
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("收费标准"), "{}", warning.message);
    assert!(
        warning
            .message
            .contains(station.services[index].item.trim())
    );
    // A free service needs no fee.
    station.services[index].free = true;
    assert!(model::validate(&station).is_empty());
}

#[test]
fn certificate_number_on_staff_sign_and_badge_only_when_given() {
    let mut station = shimen();
    station.staff[1].certificate_no = "ZS-2024-320581-000123".into();
    let staff = document_text(&lay_out(&station, SignKind::Staff));
    assert!(staff.contains("证书编号：示例-0001"), "{staff}");
    assert!(staff.contains("证书编号：ZS-2024-320581-000123"), "{staff}");
    assert_eq!(
        staff.matches("证书编号").count(),
        2,
        "never invented: {staff}"
    );
    let badges = page_texts(&lay_out(&station, SignKind::Badge));
    assert_eq!(badges.len(), station.staff.len());
    assert!(badges[0].contains("证书编号：示例-0001"), "{}", badges[0]);
    assert!(
        badges[1].contains("证书编号：ZS-2024-320581-000123"),
        "{}",
        badges[1]
    );
    for badge in &badges[2..] {
        assert!(!badge.contains("证书编号"), "{badge}");
    }
}

fn picture(width: u32, height: u32, rgb: [u8; 3]) -> layout::AssetImage {
    layout::AssetImage::Raster(Arc::new(image::RgbaImage::from_pixel(
        width,
        height,
        image::Rgba([rgb[0], rgb[1], rgb[2], 255]),
    )))
}

#[test]
fn national_mark_comes_first_is_never_smaller_and_is_on_the_badge() {
    let mut station = shimen();
    station.station.logos = vec!["mark.png".into(), "local-wide.png".into()];
    let mut assets = Assets::default();
    assets
        .images
        .insert("mark.png".into(), Ok(picture(600, 600, [200, 30, 30])));
    // A wide local logo that would be far larger than the mark if scaled to the same height.
    assets.images.insert(
        "local-wide.png".into(),
        Ok(picture(1800, 400, [30, 30, 200])),
    );
    for kind in [SignKind::Plaque, SignKind::Board, SignKind::Rules] {
        let document =
            layout::layout_sign(&station, &assets, kind, &LayoutOptions::default()).unwrap();
        let images: Vec<(liangpai::frame::Rect, u32, u32, [u8; 4])> = document.pages[0]
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Image { rect, picture } => Some((
                    *rect,
                    picture.width_px,
                    picture.height_px,
                    [
                        picture.rgba[0],
                        picture.rgba[1],
                        picture.rgba[2],
                        picture.rgba[3],
                    ],
                )),
                _ => None,
            })
            .collect();
        assert_eq!(images.len(), 2, "{kind:?}");
        let (mark, local) = (images[0], images[1]);
        // The mark (red) is first, left of the local logo.
        assert_eq!(mark.3[..3], [200, 30, 30], "{kind:?}: not recoloured");
        assert!(mark.0.x < local.0.x, "{kind:?}");
        assert!(mark.0.height + 0.01 >= local.0.height, "{kind:?}");
        assert!(
            mark.0.width * mark.0.height + 0.1 >= local.0.width * local.0.height,
            "{kind:?}: local logo larger than the mark"
        );
        // Not distorted: placed in the picture's own proportions.
        for (rect, width, height, _) in [mark, local] {
            let placed = rect.width / rect.height;
            let source = width as f32 / height as f32;
            assert!(
                (placed - source).abs() / source < 0.02,
                "{kind:?}: {placed} vs {source}"
            );
        }
    }
    let badge = layout::layout_sign(
        &station,
        &assets,
        SignKind::Badge,
        &LayoutOptions::default(),
    )
    .unwrap();
    for page in &badge.pages {
        let logos: Vec<_> = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Image { picture, .. } if picture.width_px == picture.height_px => {
                    Some(picture)
                }
                _ => None,
            })
            .collect();
        assert!(!logos.is_empty(), "the mark is on every badge");
    }

    // No logo at all: check says so and how to add one.
    station.station.logos.clear();
    let problems = model::validate(&station);
    let warning = problems
        .iter()
        .find(|p| p.field == "station.logos")
        .unwrap_or_else(|| panic!("{problems:#?}"));
    assert_eq!(warning.severity, Severity::Warning);
    assert!(warning.message.contains("添加标志"), "{}", warning.message);
}

#[test]
fn the_board_shows_partners_when_there_is_room_and_says_so_when_not() {
    let station = shimen();
    let board = lay_out(&station, SignKind::Board);
    let text = document_text(&board);
    for partner in &station.partners {
        assert!(text.contains(&squeeze(&partner.name)), "{}", partner.name);
    }
    let crowded = crowded();
    let board = lay_out(&crowded, SignKind::Board);
    let warning = board
        .warnings
        .iter()
        .find(|w| w.field == "partners")
        .unwrap_or_else(|| panic!("{:?}", board.warnings));
    assert!(warning.message.contains("五社联动"), "{}", warning.message);
    assert!(document_text(&board).contains("详见“五社联动”公示牌"));
}
