//! Signs in two or three scripts, read back: for Uyghur, Kazakh, Tibetan, Mongolian, Korean and
//! Yi stations (translations of realistic length, made here from the examples' words), the
//! translated texts are laid out (the layout's text lines) and in the PDF's text layer
//! (`pdftotext -raw`), in the order `languages` asks for relative to Chinese, at the size ratio
//! it asks for; a text without a translation stays Chinese only, and a station without
//! `languages` lays out exactly as before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use liangpai::layout::{self, Assets, Document, Item, LayoutOptions, TextLine};
use liangpai::model::{Language, LanguageOrder, Languages, StationFile};
use liangpai::sign::SignKind;
use serde_json::{Value, json};

mod bilingual;
mod frame_read;
use bilingual::text_of;
use frame_read::{label_of, lines_of, pdf_text, span, squeeze, text_lines, whole_lines};

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
        member.tr.set(l, "duties", &text_of(l, 40, index + 4));
    }
    for (index, partner) in station.partners.iter_mut().enumerate() {
        partner.tr.0.clear();
        let length = partner.name.chars().count() * 2;
        partner.tr.set(l, "name", &text_of(l, length, index + 5));
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

/// Every run of consecutive lines of `page` that together read `whole`.
fn runs_of<'a>(document: &'a Document, page: usize, whole: &str) -> Vec<Vec<&'a TextLine>> {
    let whole = squeeze(whole);
    let lines = text_lines(document, page);
    let mut runs = Vec::new();
    for start in 0..lines.len() {
        let mut joined = String::new();
        for (end, line) in lines.iter().enumerate().skip(start) {
            joined.push_str(&squeeze(&line.text));
            if joined == whole {
                runs.push(lines[start..=end].to_vec());
            }
            if !whole.starts_with(&joined) {
                break;
            }
        }
    }
    runs
}

/// The run of lines reading `ethnic` set directly above `chinese` (ending above its top, less
/// than two of its lines away, across the same column); panics naming `what` when there is
/// none.
fn directly_above<'a>(
    document: &'a Document,
    page: usize,
    ethnic: &str,
    chinese: &[&TextLine],
    what: &str,
) -> Vec<&'a TextLine> {
    above_within(document, page, ethnic, chinese, 2.5, what)
}

/// [`directly_above`], less than `lines` of the Chinese lines away (a list of names in the
/// script above the same list in Chinese).
fn above_within<'a>(
    document: &'a Document,
    page: usize,
    ethnic: &str,
    chinese: &[&TextLine],
    lines: f32,
    what: &str,
) -> Vec<&'a TextLine> {
    let (top, _) = span(chinese);
    let size = chinese[0].size_pt;
    let left = chinese
        .iter()
        .map(|line| line.bounds.x)
        .fold(f32::INFINITY, f32::min);
    let right = chinese
        .iter()
        .map(|line| line.bounds.right())
        .fold(f32::NEG_INFINITY, f32::max);
    // The nearest such run (the same words may also be a heading further up).
    runs_of(document, page, ethnic)
        .into_iter()
        .filter(|run| {
            let (_, bottom) = span(run);
            let across = run
                .iter()
                .all(|line| line.bounds.x < right && line.bounds.right() > left);
            bottom <= top + 0.01 && top - bottom < lines * size && across
        })
        .min_by(|a, b| span(b).1.total_cmp(&span(a).1))
        .unwrap_or_else(|| {
            let texts: Vec<(String, f32, f32)> = document.pages[page]
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Text(line) => Some((line.text.clone(), line.extent().y, line.bounds.x)),
                    _ => None,
                })
                .collect();
            panic!("{what}: “{ethnic}” not directly above its Chinese: {texts:?}")
        })
}

/// The lines of `whole` on `page`, `None` when it is not there whole.
fn found<'a>(document: &'a Document, page: usize, whole: &str) -> Option<Vec<&'a TextLine>> {
    let lines = lines_of(document, page, whole);
    (!lines.is_empty()).then_some(lines)
}

/// No two text lines of any page overlap (ink boxes, 0.3 pt of tolerance).
fn assert_no_overlaps(document: &Document, what: &str) {
    for index in 0..document.pages.len() {
        let lines = text_lines(document, index);
        for (number, a) in lines.iter().enumerate() {
            for b in lines.iter().skip(number + 1) {
                assert!(
                    !a.extent().overlaps(&b.extent(), 0.3),
                    "{what} page {index}: “{}” overlaps “{}”",
                    a.text,
                    b.text
                );
            }
        }
    }
}

/// The default size and A4 portrait.
fn default_and_a4() -> [(&'static str, LayoutOptions); 2] {
    [
        ("default", LayoutOptions::default()),
        (
            "A4",
            LayoutOptions {
                size: Some(liangpai::layout::PageSize::ISO[0].1),
                orientation: Some(liangpai::layout::Orientation::Portrait),
                ..LayoutOptions::default()
            },
        ),
    ]
}

/// `check(station, document, what)` for `kind` laid out for each script (Uyghur, Tibetan,
/// Mongolian), ratio (1 and 0.8) and size (default and A4), after checking that no two lines
/// overlap.
fn for_each_script(kind: SignKind, mut check: impl FnMut(&StationFile, &Document, f32, &str)) {
    for language in [Language::Uyghur, Language::Tibetan, Language::Mongolian] {
        for ratio in [1.0, 0.8] {
            let station = station_in(language, LanguageOrder::LocalFirst, ratio);
            for (size, options) in default_and_a4() {
                let document =
                    layout::layout_sign(&station, &Assets::default(), kind, &options).unwrap();
                let what = format!("{language:?} {ratio} {size}");
                assert_no_overlaps(&document, &what);
                check(&station, &document, ratio, &what);
            }
        }
    }
}

/// The station's one script.
fn script_of(station: &StationFile) -> Language {
    station.languages.as_ref().unwrap().known()[0]
}

#[test]
fn the_staff_board_sets_names_posts_and_duties_in_each_script() {
    for_each_script(SignKind::Staff, |station, document, ratio, what| {
        let language = script_of(station);
        for member in &station.staff {
            let page = (0..document.pages.len())
                .find(|&page| found(document, page, &member.name).is_some())
                .unwrap_or_else(|| panic!("{what}: {} not whole", member.name));
            let chinese = whole_lines(document, page, &member.name);
            // The name in the script, whole, above the Chinese, at the ratio.
            let name = member.tr.text(language, "name").unwrap();
            let ethnic = directly_above(document, page, name, &chinese, what);
            for line in &ethnic {
                let measured = line.size_pt / chinese[0].size_pt;
                assert!(
                    (measured - ratio).abs() < 0.01,
                    "{what}: name at {measured} of the Chinese size"
                );
            }
            // The post above the Chinese post and level; the duties with their label.
            let post = member.tr.text(language, "post").unwrap();
            let chinese_meta = format!("{} · {}", member.post, member.level);
            let chinese_post = whole_lines(document, page, &chinese_meta);
            let ethnic_post = directly_above(document, page, post, &chinese_post, what);
            assert!(span(&chinese).1 <= span(&ethnic_post).0, "{what}");
            let label = liangpai::model::heading(&station.headings, language, "duties").unwrap();
            let duties = member.tr.text(language, "duties").unwrap();
            let text: String = text_lines(document, page)
                .iter()
                .map(|line| squeeze(&line.text))
                .collect();
            // Duties are secondary text (they may give way on a crowded card): at
            // least their label and first words are in the script.
            let first_words: String = duties.chars().take(6).collect();
            assert!(
                text.contains(&squeeze(&format!(
                    "{}{first_words}",
                    label_of(language, label)
                ))),
                "{what}: no duties in the script in {text}"
            );
        }
    });
}

#[test]
fn badges_carry_name_and_post_in_each_script_at_default_size_and_a4() {
    for language in [Language::Uyghur, Language::Tibetan, Language::Mongolian] {
        let mut station = station_in(language, LanguageOrder::LocalFirst, 1.0);
        // The longest names a station has: a Uyghur-length name and a long post.
        station.staff[1]
            .tr
            .set(language, "name", &text_of(language, 30, 3));
        station.staff[1]
            .tr
            .set(language, "post", &text_of(language, 30, 8));
        for (size, options) in default_and_a4() {
            let document =
                layout::layout_sign(&station, &Assets::default(), SignKind::Badge, &options)
                    .unwrap();
            let what = format!("{language:?} {size}");
            assert_no_overlaps(&document, &what);
            let label = liangpai::model::heading(&station.headings, language, "post").unwrap();
            for (index, member) in station.staff.iter().enumerate() {
                let name = member.tr.text(language, "name").unwrap();
                let ethnic = whole_lines(&document, index, name);
                let chinese = whole_lines(&document, index, &member.name);
                assert!(span(&ethnic).1 <= span(&chinese).0, "{what}");
                assert!((ethnic[0].size_pt - chinese[0].size_pt).abs() < 0.01);
                let post = member.tr.text(language, "post").unwrap();
                let ethnic_post = whole_lines(
                    &document,
                    index,
                    &format!("{}{post}", label_of(language, label)),
                );
                let chinese_post = whole_lines(&document, index, &format!("岗位：{}", member.post));
                assert!(span(&chinese).1 <= span(&ethnic_post).0, "{what}");
                assert!(span(&ethnic_post).1 <= span(&chinese_post).0, "{what}");
                assert!((ethnic_post[0].size_pt - chinese_post[0].size_pt).abs() < 0.01);
            }
            let cut: Vec<String> = document
                .warnings
                .iter()
                .filter(|warning| {
                    // The level and certificate below give way (secondary text, warned).
                    let field = warning.field.to_string();
                    (field.ends_with(".name") || field.ends_with(".post"))
                        && (warning.message.contains("未印出")
                            || warning.message.contains("放不下"))
                })
                .map(ToString::to_string)
                .collect();
            assert!(cut.is_empty(), "{what}: {cut:?}");
        }
    }
}

#[test]
fn door_plates_keep_each_room_whole_in_each_script_at_a4() {
    for language in [Language::Uyghur, Language::Tibetan, Language::Mongolian] {
        let mut station = station_in(language, LanguageOrder::LocalFirst, 1.0);
        station
            .station
            .tr
            .set_item(language, "rooms", 0, &text_of(language, 40, 2));
        for (size, options) in default_and_a4() {
            let plates =
                layout::layout_sign(&station, &Assets::default(), SignKind::RoomPlate, &options)
                    .unwrap();
            assert_no_overlaps(&plates, &format!("{language:?} {size}"));
            for (index, room) in station.station.rooms.iter().enumerate() {
                let translated = station.station.tr.item(language, "rooms", index).unwrap();
                let ethnic = whole_lines(&plates, index, translated);
                let chinese = whole_lines(&plates, index, room);
                assert!(span(&ethnic).1 <= span(&chinese).0);
                assert!((ethnic[0].size_pt - chinese[0].size_pt).abs() < 0.01);
            }
        }
    }
}

#[test]
fn partners_show_names_kinds_and_the_station_in_each_script() {
    for_each_script(SignKind::Partners, |station, document, ratio, what| {
        let language = script_of(station);
        // The station name on top and the short name in the middle, each script
        // above its Chinese.
        let name = station.station.tr.text(language, "name").unwrap();
        let chinese_name = whole_lines(document, 0, &station.station.name);
        directly_above(document, 0, name, &chinese_name, what);
        let short = station.station.tr.text(language, "short_name").unwrap();
        let chinese_short = whole_lines(document, 0, &station.short_name());
        directly_above(document, 0, short, &chinese_short, what);
        // Each kind's heading and each partner's name: the script above the Chinese,
        // at the ratio.
        for kind in ["社区", "社会组织", "社会工作者"] {
            let key = match kind {
                "社区" => "community",
                "社会组织" => "social_organization",
                _ => "social_worker",
            };
            let heading = liangpai::model::heading(&station.headings, language, key).unwrap();
            let chinese = whole_lines(document, 0, kind);
            directly_above(document, 0, heading, &chinese, &format!("{what} {kind}"));
        }
        for partner in &station.partners {
            let translated = partner.tr.text(language, "name").unwrap();
            // One per line, or with a bullet when some name takes two lines.
            // A box has bullets in every script or in none.
            let bullets = found(document, 0, &partner.name).is_none();
            let bullet = |name: &str| {
                if bullets {
                    format!("· {name}")
                } else {
                    name.to_owned()
                }
            };
            let chinese = whole_lines(document, 0, &bullet(&partner.name));
            // A box lists the names in the script above the names in Chinese.
            let ethnic = above_within(
                document,
                0,
                &bullet(translated),
                &chinese,
                3.0 * station.partners.len() as f32,
                what,
            );
            let measured = ethnic[0].size_pt / chinese[0].size_pt;
            assert!((measured - ratio).abs() < 0.01, "{what}: {measured}");
        }
    });
}

#[test]
fn the_staff_board_and_partners_are_in_the_pdf_text_layer_in_each_script() {
    for language in [Language::Uyghur, Language::Tibetan, Language::Mongolian] {
        let station = station_in(language, LanguageOrder::LocalFirst, 1.0);
        for kind in [SignKind::Staff, SignKind::Partners, SignKind::Badge] {
            let read = squeeze(&pdf_text(&lay_out(&station, kind)));
            let pairs: Vec<(String, String)> = match kind {
                SignKind::Partners => station
                    .partners
                    .iter()
                    .map(|partner| {
                        (
                            partner.tr.text(language, "name").unwrap().to_owned(),
                            partner.name.clone(),
                        )
                    })
                    .collect(),
                _ => station
                    .staff
                    .iter()
                    .flat_map(|member| {
                        [
                            (
                                member.tr.text(language, "name").unwrap().to_owned(),
                                member.name.clone(),
                            ),
                            (
                                member.tr.text(language, "post").unwrap().to_owned(),
                                member.post.clone(),
                            ),
                        ]
                    })
                    .collect(),
            };
            for (ethnic, chinese) in pairs {
                let chinese_at = read
                    .find(&squeeze(&chinese))
                    .unwrap_or_else(|| panic!("{language:?} {kind:?}: {chinese} not in {read}"));
                // Right-to-left words come out in visual order: each word is found, in the
                // text layer before its Chinese. (pdftotext gives the two letters of the
                // lam-alef ligature لا out of order in a right-to-left word, so words with it
                // are left to the layout tests above.)
                for word in ethnic
                    .split([' ', '་'])
                    .filter(|word| !word.is_empty() && !word.contains("لا"))
                {
                    let at = read[..chinese_at].rfind(word);
                    assert!(
                        at.is_some(),
                        "{language:?} {kind:?}: {word} not before {chinese} in {read}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_board_shows_its_panels_and_staff_in_each_script() {
    for_each_script(SignKind::Board, |station, document, ratio, what| {
        let language = script_of(station);
        // Each panel's heading in the script, directly above its Chinese, at the ratio.
        for (key, chinese) in [
            ("services", "服务内容与服务清单"),
            ("staff_section", "服务人员"),
            ("process_section", "服务流程"),
            ("partners", "五社联动"),
            ("contacts", "联系方式"),
        ] {
            let heading = liangpai::model::heading(&station.headings, language, key).unwrap();
            let chinese_lines = whole_lines(document, 0, chinese);
            let ethnic = directly_above(document, 0, heading, &chinese_lines, what);
            let measured = ethnic[0].size_pt / chinese_lines[0].size_pt;
            assert!((measured - ratio).abs() < 0.01, "{what} {key}: {measured}");
        }
        // The staff cards in the script.
        for member in &station.staff {
            let chinese = whole_lines(document, 0, &member.name);
            let name = member.tr.text(language, "name").unwrap();
            directly_above(document, 0, name, &chinese, what);
        }
    });
}
