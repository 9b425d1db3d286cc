//! Which texts of a station the signs print (and so need a translation in each of the station's
//! languages), and the check of `languages`, `tr` and `headings` that `validate` runs:
//!
//! - an unknown tag in `languages.local` (民族文字) is an error at that tag;
//! - each shown text with Chinese but without a translation into a chosen language is one
//!   warning at its translation's path (`station.tr.ug.name`), naming the field in the form's
//!   words and the language; an empty Chinese field needs none;
//! - translations (and headings) for a language that is not chosen, or not known, are one
//!   warning per language: they will not be printed;
//! - a translated key that is no shown field of its object (a typo, `county`) is a warning;
//! - headings missing in a chosen language are one warning per language, naming how many.
//!
//! The shown fields ([`SHOWN_FIELDS`]) are the ones the signs print: 站点信息 name, short name,
//! guide units, operator, intro, slogan and rooms; 联系方式 address, hours, and the hotline and
//! supervision phone when they hold words (`0000-6609999（青禾县民政局）`); each QR code's label;
//! each service's category, item, description, targets, method, frequency and fee (when not
//! free); each staff member's name, post, level and duties; each process step and its detail;
//! each partner's name; each rule's title and text. Not shown, so never asked for: county and
//! town (they only propose the short name), logos and photos (pictures), e-mail, QR contents,
//! staff phones and certificate numbers, the update date (digits and Latin letters print as
//! they are in every script). The fixed words (titles, labels, table heads) are `headings`.

use std::collections::BTreeMap;

use super::diagnostic::Diagnostic;
use super::field_path::FieldPath;
use super::languages::{HEADING_KEYS, Language, Translations};
use super::shown::preview;
use super::types::StationFile;

/// The fields the signs print, per object (`contacts.qr_codes` for a QR code, a list's name for
/// its items): (object, field); [`FieldPath::describe`] names them in the form's words.
/// `station.guide_units` and
/// `station.rooms` are lists, translated by lists in the same order. See the module for why the
/// others are left out.
pub const SHOWN_FIELDS: [(&str, &str); 28] = [
    ("station", "name"),
    ("station", "short_name"),
    ("station", "guide_units"),
    ("station", "operator"),
    ("station", "intro"),
    ("station", "slogan"),
    ("station", "rooms"),
    ("contacts", "address"),
    ("contacts", "hours"),
    ("contacts", "hotline"),
    ("contacts", "supervision_phone"),
    ("contacts.qr_codes", "label"),
    ("services", "category"),
    ("services", "item"),
    ("services", "description"),
    ("services", "targets"),
    ("services", "method"),
    ("services", "frequency"),
    ("services", "fee"),
    ("staff", "name"),
    ("staff", "post"),
    ("staff", "level"),
    ("staff", "duties"),
    ("process", "step"),
    ("process", "detail"),
    ("partners", "name"),
    ("rules", "title"),
    ("rules", "text"),
];

/// Whether `field` of `object` is printed on the signs (so it has a translation).
pub fn is_shown_field(object: &str, field: &str) -> bool {
    SHOWN_FIELDS
        .iter()
        .any(|(o, f)| *o == object && *f == field)
}

/// One text the signs print: its object, field (and position, for a list field), its Chinese
/// and the object's translations.
#[derive(Debug, Clone)]
pub struct ShownText<'a> {
    /// The object's path (`station`, `staff[2]`, `contacts.qr_codes[0]`).
    pub object: FieldPath,
    /// The field's name in the file (`name`).
    pub field: &'static str,
    /// The position in a list field (`station.rooms`), else `None`.
    pub index: Option<usize>,
    /// The Chinese as written (not empty).
    pub chinese: &'a str,
    /// The object's translations.
    pub tr: &'a Translations,
}

impl ShownText<'_> {
    /// Its translation into `language`, trimmed; `None` when missing or empty.
    pub fn translation(&self, language: Language) -> Option<&str> {
        match self.index {
            Some(index) => self.tr.item(language, self.field, index),
            None => self.tr.text(language, self.field),
        }
    }

    /// The path of its translation into `language` (`station.tr.ug.rooms[1]`).
    pub fn path(&self, language: Language) -> FieldPath {
        let path = self
            .object
            .clone()
            .key("tr")
            .key(language.tag())
            .key(self.field);
        match self.index {
            Some(index) => path.index(index),
            None => path,
        }
    }

    /// The path of its Chinese (`station.rooms[1]`).
    pub fn chinese_path(&self) -> FieldPath {
        let path = self.object.clone().key(self.field);
        match self.index {
            Some(index) => path.index(index),
            None => path,
        }
    }
}

/// Every text of `file` that the signs print and that has Chinese, in the form's order (see
/// [`SHOWN_FIELDS`]).
pub fn shown_texts(file: &StationFile) -> Vec<ShownText<'_>> {
    let mut out = Vec::new();
    let station = &file.station;
    let at = FieldPath::none().key("station");
    let tr = &station.tr;
    push(&mut out, &at, tr, "name", &station.name);
    push(&mut out, &at, tr, "short_name", &station.short_name);
    for (index, unit) in station.guide_units.iter().enumerate() {
        push_item(&mut out, &at, tr, "guide_units", index, unit);
    }
    push(&mut out, &at, tr, "operator", &station.operator);
    push(&mut out, &at, tr, "intro", &station.intro);
    push(&mut out, &at, tr, "slogan", &station.slogan);
    for (index, room) in station.rooms.iter().enumerate() {
        push_item(&mut out, &at, tr, "rooms", index, room);
    }
    let contacts = &file.contacts;
    let at = FieldPath::none().key("contacts");
    let tr = &contacts.tr;
    push(&mut out, &at, tr, "address", &contacts.address);
    push(&mut out, &at, tr, "hours", &contacts.hours);
    if has_words(&contacts.hotline) {
        push(&mut out, &at, tr, "hotline", &contacts.hotline);
    }
    if has_words(&contacts.supervision_phone) {
        push(
            &mut out,
            &at,
            tr,
            "supervision_phone",
            &contacts.supervision_phone,
        );
    }
    for (index, code) in contacts.qr_codes.iter().enumerate() {
        let at = at.clone().key("qr_codes").index(index);
        push(&mut out, &at, &code.tr, "label", &code.label);
    }
    for (index, service) in file.services.iter().enumerate() {
        let at = FieldPath::none().key("services").index(index);
        let tr = &service.tr;
        push(&mut out, &at, tr, "category", &service.category);
        push(&mut out, &at, tr, "item", &service.item);
        push(&mut out, &at, tr, "description", &service.description);
        push(&mut out, &at, tr, "targets", &service.targets);
        push(&mut out, &at, tr, "method", &service.method);
        push(&mut out, &at, tr, "frequency", &service.frequency);
        if !service.free {
            push(&mut out, &at, tr, "fee", &service.fee);
        }
    }
    for (index, member) in file.staff.iter().enumerate() {
        let at = FieldPath::none().key("staff").index(index);
        let tr = &member.tr;
        push(&mut out, &at, tr, "name", &member.name);
        push(&mut out, &at, tr, "post", &member.post);
        push(&mut out, &at, tr, "level", &member.level);
        push(&mut out, &at, tr, "duties", &member.duties);
    }
    for (index, step) in file.process.iter().enumerate() {
        let at = FieldPath::none().key("process").index(index);
        push(&mut out, &at, &step.tr, "step", &step.step);
        push(&mut out, &at, &step.tr, "detail", &step.detail);
    }
    for (index, partner) in file.partners.iter().enumerate() {
        let at = FieldPath::none().key("partners").index(index);
        push(&mut out, &at, &partner.tr, "name", &partner.name);
    }
    for (index, rule) in file.rules.iter().enumerate() {
        let at = FieldPath::none().key("rules").index(index);
        push(&mut out, &at, &rule.tr, "title", &rule.title);
        push(&mut out, &at, &rule.tr, "text", &rule.text);
    }
    out
}

fn push<'a>(
    out: &mut Vec<ShownText<'a>>,
    object: &FieldPath,
    tr: &'a Translations,
    field: &'static str,
    chinese: &'a str,
) {
    push_at(out, object, tr, (field, None), chinese);
}

fn push_item<'a>(
    out: &mut Vec<ShownText<'a>>,
    object: &FieldPath,
    tr: &'a Translations,
    field: &'static str,
    index: usize,
    chinese: &'a str,
) {
    push_at(out, object, tr, (field, Some(index)), chinese);
}

/// Adds the text at `field` (and position, for a list field) when it has Chinese.
fn push_at<'a>(
    out: &mut Vec<ShownText<'a>>,
    object: &FieldPath,
    tr: &'a Translations,
    (field, index): (&'static str, Option<usize>),
    chinese: &'a str,
) {
    if !chinese.trim().is_empty() {
        out.push(ShownText {
            object: object.clone(),
            field,
            index,
            chinese,
            tr,
        });
    }
}

/// Whether a phone field holds words beside its digits (a Chinese character), so that it needs a
/// translation: `0000-6609999（青禾县民政局）` does, `０９９４－６８２１２３４` does not.
fn has_words(phone: &str) -> bool {
    phone.chars().any(is_han)
}

fn is_han(ch: char) -> bool {
    matches!(ch, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// The languages the program knows, for messages: `ug（维吾尔文）、kk（哈萨克文）…`.
pub fn language_choices() -> String {
    Language::ALL
        .iter()
        .map(|language| format!("{}（{}）", language.tag(), language.chinese_name()))
        .collect::<Vec<_>>()
        .join("、")
}

/// The language named by a tag (`ug`) or its Chinese name (`维吾尔文`, also without 文:
/// `维吾尔`), as a user types it on the command line or in a roster heading.
pub fn language_by_name(text: &str) -> Option<Language> {
    let text = text.trim();
    Language::from_tag(&text.to_ascii_lowercase()).or_else(|| {
        Language::ALL.into_iter().find(|language| {
            let name = language.chinese_name();
            text == name || Some(text) == name.strip_suffix('文')
        })
    })
}

/// The check of `languages`, `tr` and `headings` (see the module).
pub fn check_translations(file: &StationFile, out: &mut Vec<Diagnostic>) {
    let chosen = check_languages(file, out);
    let texts = shown_texts(file);
    for language in &chosen {
        for text in &texts {
            if text.translation(*language).is_none() {
                let at = text.path(*language);
                let name = text.chinese_path().describe();
                out.push(Diagnostic::warning(
                    at,
                    format!(
                        "{name}“{}”还没有{}译文，公示牌上只印中文",
                        preview(text.chinese.trim(), 20),
                        language.chinese_name()
                    ),
                ));
            }
        }
    }
    check_unknown_keys(file, &chosen, out);
    check_unused_languages(file, &chosen, out);
    check_headings(file, &chosen, out);
}

/// `languages`: unknown, empty and repeated tags, the size ratio. Returns the chosen languages.
fn check_languages(file: &StationFile, out: &mut Vec<Diagnostic>) -> Vec<Language> {
    let Some(languages) = &file.languages else {
        return Vec::new();
    };
    let at = FieldPath::none().key("languages").key("local");
    let mut chosen: Vec<Language> = Vec::new();
    for (index, tag) in languages.local.iter().enumerate() {
        let tag_at = at.clone().index(index);
        match Language::from_tag(tag) {
            None if tag.trim().is_empty() => out.push(Diagnostic::error(
                tag_at,
                format!("民族文字的第 {} 项是空的", index + 1),
            )),
            None => out.push(Diagnostic::error(
                tag_at,
                format!(
                    "民族文字“{}”本程序不认识，可选：{}",
                    preview(tag.trim(), 20),
                    language_choices()
                ),
            )),
            Some(language) if chosen.contains(&language) => out.push(Diagnostic::warning(
                tag_at,
                format!("民族文字中{}选了两次", language.chinese_name()),
            )),
            Some(language) => chosen.push(language),
        }
    }
    let ratio = languages.size_ratio;
    if !(0.5..=2.0).contains(&ratio) {
        out.push(Diagnostic::warning(
            FieldPath::none().key("languages").key("size_ratio"),
            format!(
                "民族文字与汉字的字号比例是 {ratio}，应在 0.5 到 2 之间，公示牌按 {} 制作",
                languages.ratio()
            ),
        ));
    }
    chosen
}

/// Every object's translations with its path and object kind (`services`), for the checks that
/// look at what is translated rather than at what needs translating.
fn all_translations(file: &StationFile) -> Vec<(FieldPath, &'static str, &Translations)> {
    let top = |key: &str| FieldPath::none().key(key);
    let mut out = vec![
        (top("station"), "station", &file.station.tr),
        (top("contacts"), "contacts", &file.contacts.tr),
    ];
    for (index, code) in file.contacts.qr_codes.iter().enumerate() {
        let at = top("contacts").key("qr_codes").index(index);
        out.push((at, "contacts.qr_codes", &code.tr));
    }
    let lists: [(&'static str, Vec<&Translations>); 5] = [
        ("services", file.services.iter().map(|s| &s.tr).collect()),
        ("staff", file.staff.iter().map(|s| &s.tr).collect()),
        ("process", file.process.iter().map(|s| &s.tr).collect()),
        ("partners", file.partners.iter().map(|s| &s.tr).collect()),
        ("rules", file.rules.iter().map(|s| &s.tr).collect()),
    ];
    for (list, trs) in lists {
        for (index, tr) in trs.into_iter().enumerate() {
            out.push((top(list).index(index), list, tr));
        }
    }
    out
}

/// A translated key that is no shown field of its object: one warning each.
fn check_unknown_keys(file: &StationFile, chosen: &[Language], out: &mut Vec<Diagnostic>) {
    for (at, kind, tr) in all_translations(file) {
        for language in chosen {
            let Some(fields) = tr.0.get(language.tag()) else {
                continue;
            };
            for key in fields.keys() {
                if !is_shown_field(kind, key) {
                    let key_at = at.clone().key("tr").key(language.tag()).key(key);
                    let owner = at.describe();
                    out.push(Diagnostic::warning(
                        key_at,
                        format!(
                            "{owner}的{}译文中有“{}”，它不是公示牌上印的内容，不会印出",
                            language.chinese_name(),
                            preview(key, 30)
                        ),
                    ));
                }
            }
        }
    }
}

/// Translations and headings in a language that is not chosen (or not known): one warning per
/// language, at the first place it is met, saying how many texts it has.
fn check_unused_languages(file: &StationFile, chosen: &[Language], out: &mut Vec<Diagnostic>) {
    // tag → (first place, how many texts)
    let mut unused: BTreeMap<&str, (FieldPath, usize)> = BTreeMap::new();
    let mut found: Vec<(&str, FieldPath, usize)> = Vec::new();
    for (at, _, tr) in all_translations(file) {
        for (tag, fields) in &tr.0 {
            if !fields.is_empty() {
                found.push((tag, at.clone().key("tr").key(tag), fields.len()));
            }
        }
    }
    for (tag, headings) in &file.headings {
        if !headings.is_empty() {
            let at = FieldPath::none().key("headings").key(tag);
            found.push((tag, at, headings.len()));
        }
    }
    for (tag, at, count) in &found {
        if Language::from_tag(tag).is_some_and(|language| chosen.contains(&language)) {
            continue;
        }
        let entry = unused.entry(tag).or_insert_with(|| (at.clone(), 0));
        entry.1 += count;
    }
    for (tag, (at, count)) in unused {
        let message = match Language::from_tag(tag) {
            Some(language) => format!(
                "有 {count} 处{name}译文，但“民族文字”中没有选{name}，这些译文不会印出",
                name = language.chinese_name()
            ),
            None => format!(
                "有 {count} 处译文的语言“{}”本程序不认识（可选：{}），这些译文不会印出",
                preview(tag, 20),
                language_choices()
            ),
        };
        out.push(Diagnostic::warning(at, message));
    }
}

/// Headings: unknown keys, and how many of the signs' fixed words a chosen language lacks.
fn check_headings(file: &StationFile, chosen: &[Language], out: &mut Vec<Diagnostic>) {
    for (tag, headings) in &file.headings {
        for key in headings.keys() {
            if !HEADING_KEYS.iter().any(|(known, _)| known == key) {
                out.push(Diagnostic::warning(
                    FieldPath::none().key("headings").key(tag).key(key),
                    format!(
                        "固定标题译文中的“{}”不是公示牌上的固定标题，不会印出（liangpai check --headings {tag} 列出全部固定标题）",
                        preview(key, 30)
                    ),
                ));
            }
        }
    }
    for language in chosen {
        let missing: Vec<&str> = HEADING_KEYS
            .iter()
            .filter(|(key, _)| super::languages::heading(&file.headings, *language, key).is_none())
            .map(|(_, chinese)| *chinese)
            .collect();
        if missing.is_empty() {
            continue;
        }
        let shown: Vec<&str> = missing.iter().take(6).copied().collect();
        let more = if missing.len() > shown.len() {
            "等"
        } else {
            ""
        };
        out.push(Diagnostic::warning(
            FieldPath::none().key("headings").key(language.tag()),
            format!(
                "固定标题有 {} 个还没有{}译文（{}{more}），这些标题只印中文；liangpai check --headings {} 列出全部固定标题",
                missing.len(),
                language.chinese_name(),
                shown.join("、"),
                language.tag()
            ),
        ));
    }
}

/// One fixed word of the signs for a language office to translate: its key, its Chinese and its
/// current translation (`None` when missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingRow<'a> {
    /// The key in `headings.<lang>` (`supervision_phone`).
    pub key: &'static str,
    /// The Chinese (监督电话).
    pub chinese: &'static str,
    /// The translation given, trimmed.
    pub translation: Option<&'a str>,
}

/// Every heading key ([`HEADING_KEYS`], in its order) with its Chinese and its translation into
/// `language` from `headings`.
pub fn heading_rows(
    headings: &super::languages::Headings,
    language: Language,
) -> Vec<HeadingRow<'_>> {
    HEADING_KEYS
        .iter()
        .map(|&(key, chinese)| HeadingRow {
            key,
            chinese,
            translation: super::languages::heading(headings, language, key),
        })
        .collect()
}
