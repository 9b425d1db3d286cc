//! The list signs in two or three scripts, read back (issue 22): for Uyghur, Tibetan and
//! Mongolian stations, the services board's table (column titles, categories, items,
//! descriptions, 免费), the process chart (step names and details) and the 制度牌 (titles and
//! text) carry each translation in the layout's text lines and in the PDF's text layer, before
//! (above) its Chinese, at `size_ratio` times the Chinese size; a long service split over pages
//! loses no line in either script; the contact list prints a number once; a Tibetan label takes
//! no colon after its shad; a station whose texts have no translation lays out as before.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use liangpai::layout::{self, Assets, Document, LayoutOptions, TextLine};
use liangpai::model::{Language, Rule, StationFile, heading};
use liangpai::sign::SignKind;

mod bilingual;
mod frame_read;
use bilingual::text_of;
use frame_read::{label_of, pdf_text, span, squeeze, text_lines, whole_lines};

const SCRIPTS: [Language; 3] = [Language::Uyghur, Language::Tibetan, Language::Mongolian];

/// Words found nowhere else on the signs, for the texts whose order the PDF test checks.
fn marker_words(language: Language) -> [&'static str; 4] {
    match language {
        Language::Uyghur => ["ياردەم", "تەكشۈرۈش", "ئائىلە", "مەسلىھەت"],
        Language::Tibetan => ["རོགས་རམ་", "ཁྱིམ་ཚང་", "བྱིས་པ་", "རྒན་པ་"],
        _ => ["ᠲᠤᠰᠠᠯᠠᠮᠵᠢ", "ᠭᠡᠷ", "ᠬᠡᠦᠬᠡᠳ", "ᠪᠦᠯᠡ"],
    }
}

/// A text of `count` numbered marker words (each line of it found nowhere else).
fn numbered(language: Language, count: usize) -> String {
    let words = marker_words(language);
    let separator = if language == Language::Tibetan {
        ""
    } else {
        " "
    };
    (0..count)
        .map(|index| format!("{}{}", words[index % words.len()], index + 1))
        .collect::<Vec<_>>()
        .join(separator)
}

const RULE_TEXT: &str = "一、工作人员对服务对象的个人信息严格保密，不得向无关人员透露。\n\
二、个案档案专柜存放、专人管理，借阅须登记。\n\
三、确需转介的，须征得服务对象本人或监护人同意。\n\
四、违反本制度的，按有关规定严肃处理。";

/// The Uyghur example's Chinese data with `language` as its script at `ratio`, every text
/// the list signs show translated (twice the Chinese length), the first service's description
/// in marker words, and a 制度牌 of four clauses translated clause by clause.
fn station(language: Language, ratio: f32) -> StationFile {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/baiyang-station-ug.json");
    let mut station: StationFile = liangpai::storage::load(&path).unwrap();
    let l = language;
    station.station.tr.0.clear();
    station.contacts.tr.0.clear();
    station.headings.clear();
    for member in &mut station.staff {
        member.tr.0.clear();
    }
    station.rules = vec![Rule {
        title: "服务对象隐私保护制度".to_owned(),
        text: RULE_TEXT.to_owned(),
        ..Rule::default()
    }];
    bilingual::translate(&mut station, l, 0);
    if let Some(languages) = station.languages.as_mut() {
        languages.size_ratio = ratio;
    }
    // Numbered: no translation reads like another text on the sign.
    let mut number = 0;
    let mut twice = |text: &str, seed: usize| {
        number += 1;
        format!("{} {number}", text_of(l, text.chars().count() * 2, seed))
    };
    for (index, service) in station.services.iter_mut().enumerate() {
        service.tr.0.clear();
        // One translation per category (the category cell spans its services).
        let category = format!(
            "{} {}",
            text_of(l, service.category.chars().count() * 2, 1),
            service.category.chars().map(u32::from).sum::<u32>() % 1000
        );
        service.tr.set(l, "category", &category);
        service.tr.set(l, "item", &twice(&service.item, index + 2));
        service
            .tr
            .set(l, "targets", &twice(&service.targets, index + 3));
        service
            .tr
            .set(l, "method", &twice(&service.method, index + 4));
        service
            .tr
            .set(l, "frequency", &twice(&service.frequency, index + 5));
        let description = if index == 0 {
            numbered(l, 8)
        } else {
            twice(&service.description, index + 6)
        };
        service.tr.set(l, "description", &description);
    }
    for (index, step) in station.process.iter_mut().enumerate() {
        step.tr.0.clear();
        step.tr.set(l, "step", &twice(&step.step, index));
        step.tr.set(l, "detail", &twice(&step.detail, index + 2));
    }
    let clauses: Vec<String> = RULE_TEXT
        .lines()
        .enumerate()
        .map(|(index, clause)| twice(clause, index + 1))
        .collect();
    let rule = &mut station.rules[0];
    rule.tr.set(l, "title", &twice(&rule.title.clone(), 3));
    rule.tr.set(l, "text", &clauses.join("\n"));
    station
        .contacts
        .tr
        .set(l, "address", &twice(&station.contacts.address.clone(), 5));
    station
        .contacts
        .tr
        .set(l, "hours", &twice(&station.contacts.hours.clone(), 6));
    station
}

fn lay_out(station: &StationFile, kind: SignKind, options: &LayoutOptions) -> Document {
    layout::layout_sign(station, &Assets::default(), kind, options).unwrap()
}

/// The lines right after `before` on `page` (in drawing order) that read `whole`.
fn lines_after<'a>(
    document: &'a Document,
    page: usize,
    before: &[&TextLine],
    whole: &str,
) -> Vec<&'a TextLine> {
    let lines = text_lines(document, page);
    let last = before.last().expect("lines");
    let Some(at) = lines.iter().position(|line| std::ptr::eq(*line, *last)) else {
        return Vec::new();
    };
    let whole = squeeze(whole);
    let mut joined = String::new();
    for (end, line) in lines.iter().enumerate().skip(at + 1) {
        joined.push_str(&squeeze(&line.text));
        if joined == whole {
            return lines[at + 1..=end].to_vec();
        }
        if !whole.starts_with(&joined) {
            break;
        }
    }
    Vec::new()
}

/// Checks that `ethnic` is whole on `page` and its Chinese follows it, the ethnic lines above
/// the Chinese ones, at `ratio` times their size; returns the Chinese size.
fn above_at_ratio(
    document: &Document,
    page: usize,
    (ethnic, chinese): (&str, &str),
    ratio: f32,
    what: &str,
) -> f32 {
    // The run of the translation that its Chinese follows (a short heading may also stand
    // elsewhere on the sign).
    let lines = text_lines(document, page);
    let wanted = squeeze(ethnic);
    let (ethnic_lines, chinese_lines) = (0..lines.len())
        .find_map(|start| {
            let mut joined = String::new();
            for (end, line) in lines.iter().enumerate().skip(start) {
                joined.push_str(&squeeze(&line.text));
                if joined == wanted {
                    let run = lines[start..=end].to_vec();
                    let after = lines_after(document, page, &run, chinese);
                    return (!after.is_empty()).then_some((run, after));
                }
                if !wanted.starts_with(&joined) {
                    return None;
                }
            }
            None
        })
        .unwrap_or_else(|| {
            panic!("{what}: no “{ethnic}” followed by its Chinese “{chinese}” on page {page}")
        });
    let (_, ethnic_bottom) = span(&ethnic_lines);
    let (chinese_top, _) = span(&chinese_lines);
    assert!(
        ethnic_bottom <= chinese_top + 0.01,
        "{what}: the translation ends at {ethnic_bottom}, below the Chinese top {chinese_top}"
    );
    let chinese_size = chinese_lines[0].size_pt;
    for line in ethnic_lines.iter().chain(&chinese_lines) {
        let expected = if chinese_lines.contains(line) {
            chinese_size
        } else {
            chinese_size * ratio
        };
        assert!(
            (line.size_pt - expected).abs() < 0.01,
            "{what}: “{}” at {} pt, expected {expected} (Chinese {chinese_size}, ratio {ratio})",
            line.text,
            line.size_pt
        );
    }
    chinese_size
}

fn heading_in(station: &StationFile, language: Language, key: &str) -> String {
    heading(&station.headings, language, key)
        .unwrap()
        .to_owned()
}

#[test]
fn the_service_table_stacks_each_cell_translation_above_its_chinese_at_the_ratio() {
    for language in SCRIPTS {
        for ratio in [1.0, 0.8] {
            let station = station(language, ratio);
            let document = lay_out(&station, SignKind::Services, &LayoutOptions::default());
            let what = |field: &str| format!("{language:?} ratio {ratio} {field}");
            let mut body_size = None;
            for service in &station.services {
                for (field, chinese) in [
                    ("item", &service.item),
                    ("description", &service.description),
                    ("targets", &service.targets),
                    ("method", &service.method),
                    ("frequency", &service.frequency),
                ] {
                    let ethnic = service.tr.text(language, field).unwrap();
                    let size = above_at_ratio(&document, 0, (ethnic, chinese), ratio, &what(field));
                    // One body size for the whole table.
                    assert!((body_size.get_or_insert(size).to_owned() - size).abs() < 0.01);
                }
                let category = service.tr.text(language, "category").unwrap();
                above_at_ratio(
                    &document,
                    0,
                    (category, &service.category),
                    ratio,
                    &what("category"),
                );
            }
            // The column titles, and 免费, from the headings.
            for (key, chinese) in [
                ("category", "服务类别"),
                ("item", "服务项目"),
                ("description", "服务内容"),
                ("fee", "收费标准"),
                ("free_of_charge", "免费"),
            ] {
                let ethnic = heading_in(&station, language, key);
                above_at_ratio(&document, 0, (&ethnic, chinese), ratio, &what(key));
            }
        }
    }
}

#[test]
fn a_cell_without_translation_is_chinese_only_and_arabic_script_starts_at_the_right() {
    let mut station = station(Language::Uyghur, 1.0);
    station.services[1].tr.set(Language::Uyghur, "targets", "");
    let document = lay_out(&station, SignKind::Services, &LayoutOptions::default());
    // The Chinese targets alone: the line before it is not a translation of it.
    let chinese = whole_lines(&document, 0, &station.services[1].targets);
    let lines = text_lines(&document, 0);
    let at = lines
        .iter()
        .position(|line| std::ptr::eq(*line, chinese[0]))
        .unwrap();
    let before = squeeze(&lines[at - 1].text);
    let description = squeeze(&station.services[1].description);
    assert!(
        description.ends_with(&before),
        "the line before the Chinese targets is the description's last, not “{before}”"
    );
    // A Uyghur item and its Chinese share a cell: the Uyghur ends at the cell's right, the
    // Chinese starts at its left.
    let service = &station.services[0];
    let ethnic = whole_lines(
        &document,
        0,
        service.tr.text(Language::Uyghur, "item").unwrap(),
    );
    let chinese = whole_lines(&document, 0, &service.item);
    let right = |line: &TextLine| line.extent().x + line.extent().width;
    let chinese_left = chinese[0].extent().x;
    let widest = chinese
        .iter()
        .chain(&ethnic)
        .map(|line| right(line))
        .fold(0.0f32, f32::max);
    for line in &ethnic {
        assert!(
            widest - right(line) < 1.0,
            "the Uyghur line “{}” ends at {}, not at the cell's right ({widest})",
            line.text,
            right(line)
        );
        assert!(line.extent().x > chinese_left - 0.5);
    }
}

#[test]
fn a_service_split_over_pages_loses_no_line_in_either_script() {
    for language in [Language::Uyghur, Language::Tibetan] {
        let mut station = station(language, 1.0);
        // Numbered clauses: each line of the cell is found nowhere else.
        let chinese: String = (1..=120)
            .map(|index| format!("第{index}条入户走访并登记，"))
            .collect();
        station.services[0].description = chinese.clone();
        let ethnic = numbered(language, 240);
        station.services[0].tr.set(language, "description", &ethnic);
        let options = LayoutOptions {
            size: Some(liangpai::layout::PageSize::ISO[0].1),
            ..LayoutOptions::default()
        };
        let document = lay_out(&station, SignKind::Services, &options);
        assert!(document.pages.len() > 1, "{language:?}: one page");
        let (ethnic_whole, chinese_whole) = (squeeze(&ethnic), squeeze(&chinese));
        let mut ethnic_read = String::new();
        let mut chinese_read = String::new();
        let mut first_chinese_page = None;
        for page in 0..document.pages.len() {
            for line in text_lines(&document, page) {
                let text = squeeze(&line.text);
                let marked = marker_words(language)
                    .iter()
                    .any(|word| text.contains(word.trim_end_matches('་')));
                if marked && ethnic_whole.contains(&text) {
                    assert!(
                        first_chinese_page.is_none_or(|first| first >= page),
                        "{language:?}: the translation continues after the Chinese began"
                    );
                    ethnic_read.push_str(&text);
                } else if text.chars().count() >= 3 && chinese_whole.contains(&text) {
                    first_chinese_page.get_or_insert(page);
                    chinese_read.push_str(&text);
                }
            }
            // The essentials on every page: the station name and the supervision phone.
            let all: String = text_lines(&document, page)
                .iter()
                .map(|line| squeeze(&line.text))
                .collect();
            assert!(all.contains(&squeeze(&station.station.name)), "page {page}");
            assert!(all.contains("0000-6609999"), "page {page}");
        }
        assert_eq!(ethnic_read, ethnic_whole, "{language:?}");
        assert_eq!(chinese_read, chinese_whole, "{language:?}");
    }
}

#[test]
fn the_translations_are_in_the_pdf_text_layer_before_their_chinese() {
    for language in SCRIPTS {
        let station = station(language, 1.0);
        let options = LayoutOptions::default();
        // The services board: the marker description before its Chinese.
        let read = squeeze(&pdf_text(&lay_out(&station, SignKind::Services, &options)));
        let chinese_at = read
            .find(&squeeze(&station.services[0].description))
            .unwrap_or_else(|| panic!("{language:?}: the Chinese description not in {read}"));
        let description = station.services[0]
            .tr
            .text(language, "description")
            .unwrap();
        for word in marker_words(language) {
            let at = read
                .find(squeeze(word).trim_end_matches('་'))
                .unwrap_or_else(|| panic!("{language:?}: {word} not in {read}"));
            assert!(description.contains(word));
            assert!(at < chinese_at, "{language:?}: {word} after the Chinese");
        }
        // The process chart and the 制度牌: each translation's words before its Chinese.
        for (kind, ethnic, chinese) in [
            (
                SignKind::Process,
                station.process[1].tr.text(language, "detail").unwrap(),
                station.process[1].detail.as_str(),
            ),
            (
                SignKind::Rules,
                station.rules[0]
                    .tr
                    .text(language, "text")
                    .unwrap()
                    .lines()
                    .next()
                    .unwrap(),
                RULE_TEXT.lines().next().unwrap(),
            ),
        ] {
            let read = squeeze(&pdf_text(&lay_out(&station, kind, &options)));
            let words: Vec<&str> = ethnic
                .split([' ', '་', '\n'])
                .filter(|word| word.chars().count() > 1)
                .collect();
            assert!(!words.is_empty());
            let chinese_at = read
                .find(&squeeze(chinese))
                .unwrap_or_else(|| panic!("{language:?} {kind:?}: {chinese} not in {read}"));
            for word in words {
                assert!(
                    read.find(word).is_some_and(|at| at < chinese_at),
                    "{language:?} {kind:?}: {word} missing or after “{chinese}” in {read}"
                );
            }
        }
    }
}

#[test]
fn process_steps_and_details_stand_in_each_script_above_the_chinese() {
    for language in SCRIPTS {
        for ratio in [1.0, 0.8] {
            let station = station(language, ratio);
            let document = lay_out(&station, SignKind::Process, &LayoutOptions::default());
            for (index, step) in station.process.iter().enumerate() {
                let what = format!("{language:?} ratio {ratio} step {index}");
                // The number once, with the script read first.
                let ethnic = format!(
                    "{}\u{00A0}{}",
                    index + 1,
                    step.tr.text(language, "step").unwrap()
                );
                above_at_ratio(&document, 0, (&ethnic, &step.step), ratio, &what);
                above_at_ratio(
                    &document,
                    0,
                    (step.tr.text(language, "detail").unwrap(), &step.detail),
                    ratio,
                    &what,
                );
            }
        }
    }
}

#[test]
fn the_rule_sign_sets_title_and_each_clause_translation_above_its_chinese() {
    for language in SCRIPTS {
        for ratio in [1.0, 0.8] {
            let station = station(language, ratio);
            let document = lay_out(&station, SignKind::Rules, &LayoutOptions::default());
            let rule = &station.rules[0];
            let what = format!("{language:?} ratio {ratio}");
            above_at_ratio(
                &document,
                0,
                (rule.tr.text(language, "title").unwrap(), &rule.title),
                ratio,
                &what,
            );
            let translated: Vec<&str> = rule.tr.text(language, "text").unwrap().lines().collect();
            let mut last_bottom = f32::NEG_INFINITY;
            for (ethnic, chinese) in translated.iter().zip(RULE_TEXT.lines()) {
                above_at_ratio(&document, 0, (ethnic, chinese), ratio, &what);
                // Clause by clause: this clause's translation below the last clause.
                let (top, _) = span(&whole_lines(&document, 0, ethnic));
                assert!(top >= last_bottom, "{what}: clauses out of order");
                last_bottom = span(&whole_lines(&document, 0, chinese)).1;
            }
        }
    }
}

#[test]
fn the_contact_list_prints_each_number_once_and_labels_end_as_their_script_does() {
    for language in SCRIPTS {
        let station = station(language, 1.0);
        let document = lay_out(&station, SignKind::Contacts, &LayoutOptions::default());
        let texts: Vec<String> = text_lines(&document, 0)
            .iter()
            .map(|line| squeeze(&line.text))
            .collect();
        let all: String = texts.concat();
        // The contact list's numbers and address: once (the footer carries the supervision
        // phone in each script of its own).
        for value in ["0000-6601234", "liuxi-sgz@example.org"] {
            assert_eq!(
                all.matches(value).count(),
                1,
                "{language:?}: {value} in {texts:?}"
            );
        }
        for key in ["address", "hours", "hotline", "supervision_phone"] {
            let label = heading_in(&station, language, key);
            whole_lines(&document, 0, &label_of(language, &label));
        }
        // No colon after a Tibetan shad or tsheg, anywhere on the sign.
        if language == Language::Tibetan {
            for text in &texts {
                assert!(
                    !text.contains("།:") && !text.contains("་:"),
                    "a colon after a shad: {text}"
                );
            }
        }
        let address = station.contacts.tr.text(language, "address").unwrap();
        let ethnic = whole_lines(&document, 0, address);
        let chinese = whole_lines(&document, 0, &station.contacts.address);
        assert!(span(&ethnic).1 <= span(&chinese).0);
    }
}

#[test]
fn a_label_and_number_line_gives_the_number_once_and_the_label_in_each_script() {
    // 服务热线：{contacts.hotline} on the process sign and 五社联动: the number reads the same in
    // every script, so it stands once, on the Chinese line; the other scripts carry the label.
    for language in SCRIPTS {
        let station = station(language, 1.0);
        let label = heading_in(&station, language, "hotline");
        for kind in [SignKind::Process, SignKind::Partners] {
            let document = lay_out(&station, kind, &LayoutOptions::default());
            let texts: Vec<String> = text_lines(&document, 0)
                .iter()
                .map(|line| squeeze(&line.text))
                .collect();
            let all: String = texts.concat();
            assert_eq!(
                all.matches("0000-6601234").count(),
                1,
                "{language:?} {kind:?}: the hotline in {texts:?}"
            );
            let ethnic = whole_lines(&document, 0, &label);
            let chinese = whole_lines(&document, 0, "服务热线：0000-6601234");
            assert!(
                span(&ethnic).1 <= span(&chinese).0,
                "{language:?} {kind:?}: the label stands above the Chinese line"
            );
        }
    }
}

#[test]
fn without_translations_the_list_signs_lay_out_as_before() {
    let mut plain = station(Language::Uyghur, 1.0);
    plain.languages = None;
    let mut untranslated = station(Language::Uyghur, 1.0);
    untranslated.headings.clear();
    untranslated.station.tr.0.clear();
    untranslated.contacts.tr.0.clear();
    for service in &mut untranslated.services {
        service.tr.0.clear();
    }
    for step in &mut untranslated.process {
        step.tr.0.clear();
    }
    for rule in &mut untranslated.rules {
        rule.tr.0.clear();
    }
    for member in &mut untranslated.staff {
        member.tr.0.clear();
    }
    for kind in [
        SignKind::Services,
        SignKind::Process,
        SignKind::Rules,
        SignKind::Contacts,
        SignKind::Board,
    ] {
        let options = LayoutOptions::default();
        assert_eq!(
            format!("{:?}", lay_out(&untranslated, kind, &options).pages),
            format!("{:?}", lay_out(&plain, kind, &options).pages),
            "{kind:?}"
        );
    }
}
