//! Characters no font has: every printed text of the station with its field, and the check that
//! names each missing character by its code point (an error in a name, a warning elsewhere).

use serde_json::Value;

use super::diagnostic::Diagnostic;
use super::field_path::FieldPath;
use super::normalize::is_removed_invisible;
use super::types::StationFile;

/// Keys whose text is never printed (file paths, codes), left out of [`text_fields`].
const UNPRINTED_KEYS: [&str; 5] = ["format", "kind", "logos", "photo", "version"];

/// Every text of the station that may be printed, with its field path, in file order.
pub fn text_fields(file: &StationFile) -> Vec<(FieldPath, String)> {
    fn walk(value: &Value, path: FieldPath, out: &mut Vec<(FieldPath, String)>) {
        match value {
            Value::String(text) => out.push((path, text.clone())),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, path.clone().index(index), out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    if !UNPRINTED_KEYS.contains(&key.as_str()) {
                        walk(item, path.clone().key(key), out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::to_value(file) {
        walk(&value, FieldPath::none(), &mut out);
    }
    out
}

/// Whether a field is a name that must be printed whole: the station's name and short name, the
/// operator, a staff member's name, a room.
pub fn is_name_field(path: &FieldPath) -> bool {
    use super::field_path::PathPart::{Index, Key};
    matches!(
        path.parts(),
        [Key(top), Key(key)] if top == "station" && matches!(key.as_str(), "name" | "short_name" | "operator")
    ) || matches!(path.parts(), [Key(top), Index(_), Key(key)] if top == "staff" && key == "name")
        || matches!(path.parts(), [Key(top), Key(key), Index(_)] if top == "station" && key == "rooms")
}

/// Characters for a message, each with its code point: `“𫄨”（U+2B128）`; one that cannot be
/// seen (a space, a control or format character, a variation selector, a private-use character)
/// by its code point only, never quoted invisibly.
pub fn name_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|&ch| {
            let unseen = ch.is_whitespace()
                || ch.is_control()
                || is_removed_invisible(ch)
                || matches!(ch, '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E0FFF}' | '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..)
                || ('\u{2061}'..='\u{206F}').contains(&ch);
            if !unseen {
                format!("“{ch}”（{}）", code_point(ch))
            } else {
                code_point(ch)
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// `U+2B128` for a character.
pub fn code_point(ch: char) -> String {
    format!("U+{:04X}", u32::from(ch))
}

/// The characters of the station's printed texts that no font has (`has_char` says which it
/// has), each reported at its field with its code point: an error in a name ([`is_name_field`]),
/// a warning elsewhere. Characters that cannot be seen are named by code point only.
pub fn check_characters(file: &StationFile, has_char: impl Fn(char) -> bool) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    for (path, text) in text_fields(file) {
        let mut missing: Vec<char> = Vec::new();
        for ch in text.chars() {
            if !has_char(ch) && !missing.contains(&ch) {
                missing.push(ch);
            }
        }
        if missing.is_empty() {
            continue;
        }
        let named = name_chars(&missing);
        let label = path.describe();
        if is_name_field(&path) {
            problems.push(Diagnostic::error(
                path,
                format!(
                    "{label}中的字 {named} 没有任何字体能显示，印出来会缺字。请在字体文件夹中加入有这个字的字体，或改用常用字"
                ),
            ));
        } else {
            problems.push(Diagnostic::warning(
                path,
                format!(
                    "{label}中的字 {named} 没有任何字体能显示，不会印出。请在字体文件夹中加入有这个字的字体，或改用常用字"
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Severity, StaffMember};

    #[test]
    fn characters_in_messages_are_named_by_code_point_and_never_quoted_invisibly() {
        assert_eq!(
            name_chars(&['𫄨', '😀']),
            "“𫄨”（U+2B128）、“😀”（U+1F600）"
        );
        assert_eq!(
            name_chars(&['\u{200B}', '\u{3000}', '\u{E000}']),
            "U+200B、U+3000、U+E000"
        );
        assert!(is_name_field(&FieldPath::parse("staff[3].name")));
        assert!(is_name_field(&FieldPath::parse("station.rooms[0]")));
        assert!(is_name_field(&FieldPath::parse("station.operator")));
        assert!(!is_name_field(&FieldPath::parse("staff[3].duties")));
        assert!(!is_name_field(&FieldPath::parse("station.intro")));
        let mut file = StationFile::new();
        file.station.name = "柳溪站".to_owned();
        file.staff.push(StaffMember {
            name: "王\u{13000}".to_owned(),
            photo: "\u{13000}.jpg".to_owned(),
            ..StaffMember::default()
        });
        let problems = check_characters(&file, |ch| ch != '\u{13000}');
        // The photo's path is never printed, so only the name is reported.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field.to_string(), "staff[0].name");
        assert_eq!(problems[0].severity, Severity::Error);
    }
}
