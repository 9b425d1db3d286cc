//! Numbers as people type them. Chinese input methods and WeChat give full-width digits and
//! dashes (０９９４－６８２１２３４); they are the same number. The station file keeps what the user
//! typed (the form shows it, the signs print it); every check reads it through [`ascii_digits`], so
//! the app's form, `liangpai check`, the export and the roster reader (which all go through
//! [`check_phone`] and [`parse_iso_date`]) give one verdict on one text.

use std::borrow::Cow;

use super::diagnostic::Diagnostic;
use super::field_path::FieldPath;
use super::shown::preview;

/// `text` with full-width digits (０–９) as ASCII digits, the dashes people type between digits
/// (full-width －, en and em dashes, the minus sign, ‐ ‑ ―, the long ー of Japanese input) as `-`,
/// full-width parentheses, plus and slash as ASCII, and the ideographic space as a space.
/// Everything else is left as it is. Borrowed when nothing changes.
pub fn ascii_digits(text: &str) -> Cow<'_, str> {
    let converted = |ch: char| -> Option<char> {
        match ch {
            '０'..='９' => char::from_u32(u32::from(ch) - 0xFF10 + u32::from('0')),
            '－' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{30FC}' | '\u{FE63}' => Some('-'),
            '（' => Some('('),
            '）' => Some(')'),
            '＋' => Some('+'),
            '／' => Some('/'),
            '\u{3000}' => Some(' '),
            _ => None,
        }
    };
    if !text.chars().any(|ch| converted(ch).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|ch| converted(ch).unwrap_or(ch)).collect())
}

/// Checks a phone number as typed (see [`ascii_digits`]): empty (a warning when it is `wanted`
/// on a sign), no digit at all, Latin letters in it (`0994-682abcd`, `138abc0001`: a typo that
/// would print as it is) are errors; fewer than 7 digits is a warning. `label` names the field in
/// the form's words (服务热线, 服务人员“王磊”的联系电话). Words around a number (`（工作日）`,
/// `转 8001`) are allowed.
pub fn check_phone(
    field: FieldPath,
    label: &str,
    phone: &str,
    wanted: bool,
    out: &mut Vec<Diagnostic>,
) {
    let typed = phone.trim();
    if typed.is_empty() {
        if wanted {
            out.push(Diagnostic::warning(field, format!("{label}未填写")));
        }
        return;
    }
    let read = ascii_digits(typed);
    let shown = preview(typed, 40);
    let letters: String = read
        .chars()
        .filter(|ch| {
            ch.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(ch) || ('ａ'..='ｚ').contains(ch)
        })
        .collect();
    let digits = read.chars().filter(char::is_ascii_digit).count();
    if !letters.is_empty() {
        out.push(Diagnostic::error(
            field,
            format!(
                "{label}“{shown}”里有字母 {}：电话号码只能由数字和 - 组成，请改正",
                preview(&letters, 10)
            ),
        ));
    } else if digits == 0 {
        out.push(Diagnostic::error(
            field,
            format!("{label}“{shown}”里没有数字"),
        ));
    } else if digits < 7 {
        out.push(Diagnostic::warning(
            field,
            format!("{label}“{shown}”只有 {digits} 位数字，请检查"),
        ));
    }
}

/// Parses `YYYY-MM-DD` into (year, month, day), checking the day exists; full-width digits and
/// dashes are read as ASCII ones (２０２６－０３－０１).
pub fn parse_iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let text = ascii_digits(text.trim());
    let mut parts = text.split('-');
    let mut number = |len: usize| -> Option<u32> {
        parts
            .next()
            .filter(|part| part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))?
            .parse()
            .ok()
    };
    let year = number(4)?;
    let month = number(2)?;
    let day = number(2)?;
    if parts.next().is_some() {
        return None;
    }
    // The day exists (the Gregorian calendar, leap years).
    jiff::civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
    .map(|_| (year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    fn verdict(phone: &str) -> Vec<(Severity, String)> {
        let mut out = Vec::new();
        check_phone(
            FieldPath::parse("contacts.hotline"),
            "服务热线",
            phone,
            true,
            &mut out,
        );
        out.into_iter().map(|d| (d.severity, d.message)).collect()
    }

    #[test]
    fn full_width_phones_are_the_numbers_they_look_like() {
        for phone in [
            "０９９４－６８２１２３４",
            "0994－6821234",
            "（0994）6821234",
            "０９９４—６８２１２３４",
            "138\u{3000}0000\u{3000}0001",
            "0994-6821234（工作日）",
            "12345 转 8001",
        ] {
            assert_eq!(verdict(phone), [], "{phone}");
        }
        assert_eq!(ascii_digits("０９９４－６８２１２３４"), "0994-6821234");
        assert!(matches!(ascii_digits("0994-6821234"), Cow::Borrowed(_)));
    }

    #[test]
    fn letters_in_a_phone_are_an_error_naming_the_field() {
        for (phone, letters) in [
            ("0994-682abcd", "abcd"),
            ("138abc0001", "abc"),
            ("１３８ａｂｃ０００１", "ａｂｃ"),
        ] {
            let found = verdict(phone);
            assert_eq!(found.len(), 1, "{phone}: {found:?}");
            assert_eq!(found[0].0, Severity::Error, "{phone}");
            assert!(
                found[0]
                    .1
                    .starts_with(&format!("服务热线“{phone}”里有字母 {letters}")),
                "{found:?}"
            );
        }
        assert_eq!(verdict("——")[0].0, Severity::Error);
        assert_eq!(verdict("１２３")[0].0, Severity::Warning);
        assert!(
            verdict("")
                .iter()
                .all(|(s, m)| *s == Severity::Warning && m == "服务热线未填写")
        );
    }

    #[test]
    fn dates_in_full_width_digits_are_read() {
        assert_eq!(parse_iso_date("２０２６－０３－０１"), Some((2026, 3, 1)));
        assert_eq!(parse_iso_date(" 2024-02-29 "), Some((2024, 2, 29)));
        assert_eq!(parse_iso_date("2023-02-29"), None);
        assert_eq!(parse_iso_date("2026-3-1"), None);
        assert_eq!(parse_iso_date("+026-03-01"), None);
    }
}
