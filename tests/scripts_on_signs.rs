//! Signs in two or three scripts, read back: for Uyghur, Kazakh, Tibetan, Mongolian, Korean and
//! Yi stations (translations of realistic length, made here from the examples' words), the
//! translated texts are laid out (the layout's text lines) and in the PDF's text layer
//! (`pdftotext -raw`), in the order `languages` asks for relative to Chinese, at the size ratio
//! it asks for; a text without a translation stays Chinese only, and a station without
//! `languages` lays out exactly as before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use liangpai::layout::{self, Assets, Document, Item, LayoutOptions};
use liangpai::model::{Language, LanguageOrder, Languages, StationFile};
use liangpai::sign::SignKind;
use serde_json::{Value, json};

mod bilingual;
mod frame_read;
use bilingual::text_of;
use frame_read::{label_of, lines_of, pdf_text, span, squeeze, whole_lines};

/// The Uyghur example station (its Chinese data) with `language` as its script and
/// translations of every shown text made from that script's words; station names twice the
/// Chinese length.
fn station_in(language: Language, order: LanguageOrder, ratio: f32) -> StationFile {
    let mut station = example();
    let chinese_name = station.station.name.chars().count();
    let l = language;
    station.languages = Some(Languages {
        local: vec![l.tag().to_owned()],
        order,
        size_ratio: ratio,
        ..Languages::default()
    });
    let tr = &mut station.station.tr;
    tr.0.clear();
    tr.set(l, "name", &text_of(l, chinese_name * 2, 0));
    tr.set(l, "short_name", &text_of(l, 16, 6));
    tr.set(l, "operator", &text_of(l, 40, 3));
    tr.set(l, "county", &text_of(l, 8, 4));
    tr.set(l, "town", &text_of(l, 8, 6));
    tr.set(l, "slogan", &text_of(l, 30, 2));
    for index in 0..station.station.rooms.len() {
        tr.set_item(l, "rooms", index, &text_of(l, 14, index + 7));
    }
    for index in 0..station.station.guide_units.len() {
        tr.set_item(l, "guide_units", index, &text_of(l, 20, index + 1));
    }
    station.contacts.tr.0.clear();
    station.contacts.tr.set(l, "address", &text_of(l, 40, 5));
    station.contacts.tr.set(l, "hours", &text_of(l, 24, 8));
    station
        .contacts
        .tr
        .set(l, "supervision_phone", "0000-6609999");
    for (index, member) in station.staff.iter_mut().enumerate() {
        member.tr.0.clear();
        member.tr.set(l, "name", &text_of(l, 10, index + 2));
        member.tr.set(l, "post", &text_of(l, 14, index + 9));
    }
    for (index, service) in station.services.iter_mut().enumerate() {
        service.tr.0.clear();
        service.tr.set(l, "item", &text_of(l, 24, index));
        service.tr.set(l, "category", &text_of(l, 12, index + 3));
    }
    let mut headings = serde_json::Map::new();
    for (key, chinese) in liangpai::model::HEADING_KEYS {
        let length = chinese.chars().count() * 2;
        headings.insert(key.to_owned(), json!(text_of(l, length, key.len())));
    }
    station.headings = serde_json::from_value(json!({ l.tag(): Value::Object(headings) })).unwrap();
    station
}

fn example() -> StationFile {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/baiyang-station-ug.json");
    liangpai::storage::load(&path).unwrap()
}

fn lay_out(station: &StationFile, kind: SignKind) -> Document {
    layout::layout_sign(station, &Assets::default(), kind, &LayoutOptions::default()).unwrap()
}

use bilingual::SCRIPTS;

#[test]
fn the_plaque_sets_the_ethnic_name_above_the_chinese_at_the_ratio() {
    for language in SCRIPTS {
        for ratio in [1.0, 0.8] {
            let station = station_in(language, LanguageOrder::LocalFirst, ratio);
            let document = lay_out(&station, SignKind::Plaque);
            let ethnic = station.station.tr.text(language, "name").unwrap();
            let ethnic_lines = whole_lines(&document, 0, ethnic);
            let chinese_lines = whole_lines(&document, 0, &station.station.name);
            let (_, ethnic_bottom) = span(&ethnic_lines);
            let (chinese_top, _) = span(&chinese_lines);
            assert!(
                ethnic_bottom <= chinese_top,
                "{language:?}: the ethnic name ends at {ethnic_bottom}, below the Chinese top {chinese_top}"
            );
            let chinese_size = chinese_lines[0].size_pt;
            for line in &ethnic_lines {
                assert!(
                    (line.size_pt / chinese_size - ratio).abs() < 0.01,
                    "{language:?}: {} pt against Chinese {chinese_size} pt, ratio {ratio}",
                    line.size_pt
                );
            }
            // The operator label and value in the script, before the Chinese operator line.
            let operator = station.station.tr.text(language, "operator").unwrap();
            let label = liangpai::model::heading(&station.headings, language, "operator").unwrap();
            let with_label = format!("{}{operator}", label_of(language, label));
            let operator_lines = whole_lines(&document, 0, &with_label);
            let chinese_operator = whole_lines(
                &document,
                0,
                &format!("承接机构：{}", station.station.operator),
            );
            assert!(span(&operator_lines).1 <= span(&chinese_operator).0);
        }
    }
}

#[test]
fn chinese_first_puts_chinese_above() {
    let station = station_in(Language::Tibetan, LanguageOrder::ChineseFirst, 1.0);
    let document = lay_out(&station, SignKind::Plaque);
    let ethnic = whole_lines(
        &document,
        0,
        station.station.tr.text(Language::Tibetan, "name").unwrap(),
    );
    let chinese = whole_lines(&document, 0, &station.station.name);
    assert!(span(&chinese).1 <= span(&ethnic).0);
}

#[test]
fn door_plates_badges_and_footers_carry_each_script() {
    for language in [Language::Uyghur, Language::Tibetan, Language::Mongolian] {
        let station = station_in(language, LanguageOrder::LocalFirst, 1.0);
        let plates = lay_out(&station, SignKind::RoomPlate);
        for (index, room) in station.station.rooms.iter().enumerate() {
            let translated = station.station.tr.item(language, "rooms", index).unwrap();
            let ethnic = whole_lines(&plates, index, translated);
            let chinese = whole_lines(&plates, index, room);
            assert!(
                span(&ethnic).1 <= span(&chinese).0,
                "{language:?} room {index}"
            );
            whole_lines(
                &plates,
                index,
                station.station.tr.text(language, "short_name").unwrap(),
            );
        }
        let badges = lay_out(&station, SignKind::Badge);
        for (index, member) in station.staff.iter().enumerate() {
            let name = member.tr.text(language, "name").unwrap();
            let ethnic = whole_lines(&badges, index, name);
            let chinese = whole_lines(&badges, index, &member.name);
            assert!(span(&ethnic).1 <= span(&chinese).0);
            assert!((ethnic[0].size_pt - chinese[0].size_pt).abs() < 0.01);
        }
        // The footer of the services board: label and phone in the script, above the Chinese.
        let services = lay_out(&station, SignKind::Services);
        let label =
            liangpai::model::heading(&station.headings, language, "supervision_phone").unwrap();
        let page = services.pages.len() - 1;
        let text: String = services.pages[page]
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text(line) => Some(squeeze(&line.text)),
                _ => None,
            })
            .collect();
        let ethnic_phone = squeeze(&format!("{}0000-6609999", label_of(language, label)));
        let at = text
            .find(&ethnic_phone)
            .unwrap_or_else(|| panic!("{language:?}: {ethnic_phone} not in {text}"));
        let chinese_at = text.rfind(&squeeze("监督电话：0000-6609999")).unwrap();
        assert!(
            at < chinese_at,
            "{language:?}: the ethnic footer is drawn first"
        );
        // A fixed section heading (站点简介) in the script, above its Chinese.
        let intro = liangpai::model::heading(&station.headings, language, "intro").unwrap();
        let ethnic_intro = whole_lines(&services, 0, intro);
        assert!(span(&ethnic_intro).1 <= span(&whole_lines(&services, 0, "站点简介")).0);
        // The contact list: the address and the supervision phone's label in the script, each
        // above its Chinese, the phone whole in both.
        let contacts = lay_out(&station, SignKind::Contacts);
        let address = station.contacts.tr.text(language, "address").unwrap();
        let ethnic = whole_lines(&contacts, 0, address);
        let chinese = whole_lines(&contacts, 0, &station.contacts.address);
        assert!(span(&ethnic).1 <= span(&chinese).0, "{language:?} address");
        let ethnic_label = whole_lines(&contacts, 0, &label_of(language, label));
        let chinese_label = whole_lines(&contacts, 0, "监督电话：");
        assert!(span(&ethnic_label).1 <= span(&chinese_label).0);
    }
}

#[test]
fn a_text_without_translation_stays_chinese_only_and_no_languages_changes_nothing() {
    let mut plain = example();
    plain.languages = None;
    let before: Vec<Document> = [
        SignKind::Plaque,
        SignKind::Badge,
        SignKind::RoomPlate,
        SignKind::Services,
    ]
    .into_iter()
    .map(|kind| lay_out(&plain, kind))
    .collect();
    // The same station with Uyghur chosen but no translation at all: the same pages.
    let mut untranslated = plain.clone();
    untranslated.languages = Some(Languages {
        local: vec!["ug".into()],
        ..Languages::default()
    });
    untranslated.station.tr.0.clear();
    untranslated.contacts.tr.0.clear();
    untranslated.headings.clear();
    for member in &mut untranslated.staff {
        member.tr.0.clear();
    }
    for service in &mut untranslated.services {
        service.tr.0.clear();
    }
    for (kind, expected) in [
        SignKind::Plaque,
        SignKind::Badge,
        SignKind::RoomPlate,
        SignKind::Services,
    ]
    .into_iter()
    .zip(&before)
    {
        let again = lay_out(&untranslated, kind);
        assert_eq!(
            format!("{:?}", again.pages),
            format!("{:?}", expected.pages),
            "{kind:?}"
        );
    }
    // A label without its heading translation: the operator line is Chinese only.
    let mut station = station_in(Language::Uyghur, LanguageOrder::LocalFirst, 1.0);
    station.headings.get_mut("ug").unwrap().remove("operator");
    let document = lay_out(&station, SignKind::Plaque);
    let operator = station
        .station
        .tr
        .text(Language::Uyghur, "operator")
        .unwrap();
    assert!(lines_of(&document, 0, operator).is_empty());
    whole_lines(
        &document,
        0,
        &format!("承接机构：{}", station.station.operator),
    );
}

#[test]
fn the_translations_are_in_the_pdf_text_layer_before_the_chinese() {
    for language in [Language::Uyghur, Language::Tibetan, Language::Mongolian] {
        let station = station_in(language, LanguageOrder::LocalFirst, 1.0);
        for kind in [SignKind::Plaque, SignKind::Badge] {
            let read = squeeze(&pdf_text(&lay_out(&station, kind)));
            let (ethnic, chinese) = match kind {
                SignKind::Plaque => (
                    station
                        .station
                        .tr
                        .text(language, "name")
                        .unwrap()
                        .to_owned(),
                    station.station.name.clone(),
                ),
                _ => (
                    station.staff[0]
                        .tr
                        .text(language, "name")
                        .unwrap()
                        .to_owned(),
                    station.staff[0].name.clone(),
                ),
            };
            let chinese_at = read
                .find(&squeeze(&chinese))
                .expect("the Chinese in the PDF");
            // Right-to-left words come out in visual order: each word is found in logical order,
            // all before the Chinese.
            for word in ethnic.split([' ', '་']).filter(|word| !word.is_empty()) {
                let at = read
                    .find(word)
                    .unwrap_or_else(|| panic!("{language:?} {kind:?}: {word} not in {read}"));
                assert!(
                    at < chinese_at,
                    "{language:?} {kind:?}: {word} after the Chinese"
                );
            }
        }
    }
}
