//! The vertical plaque (design `vertical`, 竖牌): the Mongolian example station's plaque read
//! back from its layout and from the PDF made by `liangpai export --design 竖牌`: a portrait
//! page of 400×1200 mm, the Mongolian name whole in columns turned to run top to bottom, every
//! Mongolian column left of every Chinese column (local_first; the Chinese on the left with
//! chinese_first), both at `size_ratio`; with a generated very long Mongolian name and a long
//! Chinese one the name is still whole in both scripts (more columns or smaller type, never
//! cut) and inside the page; a Chinese-only station gets one upright column.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use liangpai::frame::TextRotation;
use liangpai::layout::{self, Assets, Document, Item, LayoutOptions, TextLine};
use liangpai::model::{Language, LanguageOrder, StationFile};
use liangpai::sign::SignKind;

mod bilingual;
use bilingual::text_of;

const MM: f32 = 72.0 / 25.4;

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/baita-station-mn.json")
}

/// The Mongolian example station in the vertical design.
fn baita() -> StationFile {
    let mut station = liangpai::storage::load(&example_path()).unwrap();
    station.appearance.design = "vertical".into();
    station
}

fn plaque(station: &StationFile) -> Document {
    layout::layout_sign(
        station,
        &Assets::default(),
        SignKind::Plaque,
        &LayoutOptions::default(),
    )
    .unwrap()
}

fn is_mongolian(ch: char) -> bool {
    ('\u{1800}'..='\u{18AF}').contains(&ch)
}

fn is_han(ch: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&ch)
}

/// Text without spaces and format characters (NNBSP, FVS, MVS, ZWJ…).
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|ch| {
            !ch.is_whitespace()
                && !('\u{180B}'..='\u{180F}').contains(ch)
                && !('\u{200B}'..='\u{200F}').contains(ch)
                && !('\u{2060}'..='\u{206F}').contains(ch)
        })
        .collect()
}

/// The text lines of the page holding any character `of` marks, in drawing order.
fn lines_with(document: &Document, of: fn(char) -> bool) -> Vec<&TextLine> {
    document.pages[0]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text(line) if line.text.chars().any(of) => Some(line),
            _ => None,
        })
        .collect()
}

/// Left and right edge of the lines' ink.
fn columns_span(lines: &[&TextLine]) -> (f32, f32) {
    let left = lines
        .iter()
        .map(|line| line.extent().x)
        .fold(f32::INFINITY, f32::min);
    let right = lines
        .iter()
        .map(|line| line.extent().x + line.extent().width)
        .fold(f32::NEG_INFINITY, f32::max);
    (left, right)
}

/// Checks the plaque of `station`: the name whole in both scripts, the Mongolian columns turned
/// and on the side `order` asks for, sizes at the ratio, everything on the page. Returns the
/// number of Mongolian and Chinese columns.
fn check_plaque(station: &StationFile, ratio: f32) -> (usize, usize) {
    let document = plaque(station);
    let page = &document.pages[0];
    assert!(
        (page.width_pt - 400.0 * MM).abs() < 0.5 && (page.height_pt - 1200.0 * MM).abs() < 0.5,
        "a 400×1200 mm portrait plaque, got {}×{} pt",
        page.width_pt,
        page.height_pt
    );
    let mongolian = lines_with(&document, is_mongolian);
    let chinese = lines_with(&document, is_han);
    let name_mn = station
        .station
        .tr
        .text(Language::Mongolian, "name")
        .unwrap();
    let joined_mn: String = mongolian.iter().map(|line| squeeze(&line.text)).collect();
    assert_eq!(
        joined_mn,
        squeeze(name_mn),
        "the Mongolian name whole, in order"
    );
    let joined_zh: String = chinese.iter().map(|line| squeeze(&line.text)).collect();
    assert_eq!(
        joined_zh,
        squeeze(&station.station.name),
        "the Chinese name whole"
    );
    for line in &mongolian {
        assert_eq!(line.rotation, TextRotation::Clockwise, "{}", line.text);
    }
    // The columns follow each other left to right, each running down the page.
    for pair in mongolian.windows(2) {
        assert!(
            pair[0].extent().x < pair[1].extent().x,
            "columns left to right"
        );
    }
    // A Chinese name in two columns starts in the right one, as Chinese is read.
    for pair in chinese.windows(2) {
        assert!(
            pair[0].extent().x > pair[1].extent().x,
            "Chinese right to left"
        );
    }
    for line in mongolian.iter().chain(&chinese) {
        let extent = line.extent();
        assert!(
            extent.height > extent.width,
            "a column runs down: {} is {}×{}",
            line.text,
            extent.width,
            extent.height
        );
        assert!(
            extent.x >= 0.0
                && extent.y >= 0.0
                && extent.x + extent.width <= page.width_pt
                && extent.y + extent.height <= page.height_pt,
            "on the page: {}",
            line.text
        );
    }
    let (mn_left, mn_right) = columns_span(&mongolian);
    let (zh_left, zh_right) = columns_span(&chinese);
    let local_first = station
        .languages
        .as_ref()
        .is_none_or(|languages| languages.order == LanguageOrder::LocalFirst);
    if local_first {
        assert!(
            mn_right <= zh_left,
            "Mongolian ({mn_left}–{mn_right}) left of the Chinese ({zh_left}–{zh_right})"
        );
    } else {
        assert!(zh_right <= mn_left, "Chinese first: on the left");
    }
    let chinese_size = chinese[0].size_pt;
    for line in &mongolian {
        assert!(
            (line.size_pt / chinese_size - ratio).abs() < 0.01,
            "Mongolian {} pt against Chinese {chinese_size} pt, ratio {ratio}",
            line.size_pt
        );
    }
    // No text is cut (the essential name) and nothing is reported as not fitting.
    assert!(
        !document
            .warnings
            .iter()
            .any(|warning| warning.message.contains("放不下")),
        "{:?}",
        document.warnings
    );
    (mongolian.len(), chinese.len())
}

#[test]
fn the_mongolian_example_stands_left_of_the_chinese_in_columns() {
    let station = baita();
    let (mongolian, chinese) = check_plaque(&station, 1.0);
    assert!(mongolian >= 1 && chinese >= 1);
    // The example's Chinese name (19 characters) stands in one column.
    assert_eq!(chinese, 1, "the Chinese name in one column");
}

#[test]
fn the_size_ratio_and_chinese_first_are_followed() {
    let mut station = baita();
    if let Some(languages) = &mut station.languages {
        languages.size_ratio = 0.8;
    }
    check_plaque(&station, 0.8);
    if let Some(languages) = &mut station.languages {
        languages.order = LanguageOrder::ChineseFirst;
        languages.size_ratio = 1.0;
    }
    check_plaque(&station, 1.0);
}

#[test]
fn a_very_long_name_takes_more_columns_and_is_never_cut() {
    let mut station = baita();
    let short = plaque(&station);
    let short_size = lines_with(&short, is_han)[0].size_pt;
    // A 40-character Chinese name and a Mongolian one of about 200 letters.
    station.station.name =
        "内蒙古自治区锡林郭勒盟东乌珠穆沁旗额吉淖尔镇哈拉图嘎查社会工作服务站".into();
    let long_mn = text_of(Language::Mongolian, 200, 0);
    station
        .station
        .tr
        .set(Language::Mongolian, "name", &long_mn);
    let (mongolian, _) = check_plaque(&station, 1.0);
    assert!(
        mongolian >= 3,
        "the long name takes more columns: {mongolian}"
    );
    let long = plaque(&station);
    let long_size = lines_with(&long, is_han)[0].size_pt;
    assert!(
        long_size < short_size,
        "smaller type: {long_size} < {short_size}"
    );
    // Still longer: smaller than the design's smallest size, said in a warning, never cut.
    let longer = text_of(Language::Mongolian, 2000, 3);
    station.station.tr.set(Language::Mongolian, "name", &longer);
    check_plaque(&station, 1.0);
    let document = plaque(&station);
    assert!(
        document
            .warnings
            .iter()
            .any(|warning| warning.message.contains("字号已小于设计的最小字号")),
        "{:?}",
        document.warnings
    );
}

#[test]
fn a_chinese_only_station_gets_one_upright_column() {
    let mut station = baita();
    station.languages = None;
    let document = plaque(&station);
    assert!(lines_with(&document, is_mongolian).is_empty());
    let chinese = lines_with(&document, is_han);
    assert_eq!(chinese.len(), 1, "one column");
    assert_eq!(squeeze(&chinese[0].text), station.station.name);
    assert_eq!(chinese[0].rotation, TextRotation::None);
    let extent = chinese[0].extent();
    assert!(extent.height > extent.width * 8.0, "a column: {extent:?}");
}

/// `liangpai export --design 竖牌` of the example: the PDF is 400×1200 mm and its text layer
/// holds the Mongolian name before the Chinese (the left columns come first).
#[test]
fn the_exported_pdf_holds_the_mongolian_name_left_of_the_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("输出");
    let status = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .arg("export")
        .arg(example_path())
        .arg("--out")
        .arg(&out)
        .args(["--sign", "plaque", "--design", "竖牌", "--bleed", "0"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = out.join("白塔镇社工站-站点门牌.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let size: Vec<f32> = info
        .lines()
        .find_map(|line| line.strip_prefix("Page size:"))
        .map(|size| {
            size.split_whitespace()
                .filter_map(|part| part.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        size.len() == 2
            && (size[0] - 400.0 * MM).abs() < 0.5
            && (size[1] - 1200.0 * MM).abs() < 0.5,
        "400×1200 mm: {info}"
    );
    let text = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = squeeze(&String::from_utf8_lossy(&text.stdout));
    let station = baita();
    let name_mn = station
        .station
        .tr
        .text(Language::Mongolian, "name")
        .unwrap();
    let chinese_at = text
        .find(&squeeze(&station.station.name))
        .expect("the Chinese name");
    for word in name_mn.split(' ') {
        let at = text
            .find(&squeeze(word))
            .unwrap_or_else(|| panic!("{word} not in {text}"));
        assert!(at < chinese_at, "{word} after the Chinese");
    }
}
