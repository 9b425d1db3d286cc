//! Text as it is kept: invisible characters pasted from Word, WeChat or PDFs removed, Kangxi
//! radicals replaced by the ideographs they look like. (Numbers typed with full-width digits are
//! kept as typed and read by `numbers`.)

use serde_json::Value;

use super::types::StationFile;

/// Characters pasted from Word, WeChat or PDFs that print as nothing or as a stray mark and are
/// removed from text where the text does not use them: the soft hyphen, zero-width spaces, the
/// word joiner and invisible operators and the byte-order mark always; joiners, bidi marks,
/// embeddings and isolates, and the Mongolian vowel separator only where no script around them
/// needs them (see [`is_needed_format`]).
pub fn is_removed_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whether the format character at `chars[index]` is one the text needs, so it is kept: the
/// Mongolian vowel separator U+180E next to Mongolian letters; a zero-width joiner or non-joiner
/// next to a letter of a joining or complex script (Arabic, Mongolian, Tibetan…, not Chinese or
/// Latin); direction marks, embeddings and isolates in text that holds right-to-left letters
/// (Uyghur, Kazakh), where they set the order of numbers and words.
pub fn is_needed_format(chars: &[char], index: usize) -> bool {
    use unicode_script::{Script, UnicodeScript};
    let Some(&ch) = chars.get(index) else {
        return false;
    };
    let neighbour_scripts = || {
        [index.checked_sub(1), Some(index + 1)]
            .into_iter()
            .flatten()
            .filter_map(|at| chars.get(at))
            .map(|neighbour| neighbour.script())
    };
    match ch {
        '\u{180E}' => neighbour_scripts().any(|script| script == Script::Mongolian),
        '\u{200C}' | '\u{200D}' => neighbour_scripts().any(|script| {
            !matches!(
                script,
                Script::Han | Script::Latin | Script::Common | Script::Inherited | Script::Unknown
            )
        }),
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => chars.iter().any(|other| {
            matches!(
                other.script(),
                Script::Arabic | Script::Hebrew | Script::Syriac | Script::Thaana | Script::Nko
            )
        }),
        _ => false,
    }
}

/// Text as it should be kept: invisible characters ([`is_removed_invisible`]) removed unless the
/// text needs them ([`is_needed_format`]), Kangxi radicals (U+2F00–U+2FDF, look-alikes that PDFs
/// produce, ⽅ for 方) replaced by the ideograph Unicode's NFKC gives for them. Everything else
/// is left alone (full-width letters, variation selectors, Mongolian free variation selectors,
/// compatibility ideographs are the user's choice). `None` when nothing changes.
pub fn normalize_text(text: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let changes = |ch: char| is_removed_invisible(ch) || ('\u{2F00}'..='\u{2FDF}').contains(&ch);
    if !text.chars().any(changes) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &ch) in chars.iter().enumerate() {
        if is_removed_invisible(ch) && !is_needed_format(&chars, index) {
            continue;
        }
        if ('\u{2F00}'..='\u{2FDF}').contains(&ch) {
            out.extend(std::iter::once(ch).nfkc());
        } else {
            out.push(ch);
        }
    }
    (out != text).then_some(out)
}

/// [`normalize_text`] applied to every string of a JSON value (keys are left alone).
pub(super) fn normalize_value(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let Some(normal) = normalize_text(text) {
                *text = normal;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_value),
        Value::Object(map) => map.values_mut().for_each(normalize_value),
        _ => {}
    }
}

impl StationFile {
    /// Normalises every text of the station with [`normalize_text`] (what loading does; the app
    /// calls it after each edit). Returns whether anything changed.
    pub fn normalize(&mut self) -> bool {
        let Ok(mut value) = serde_json::to_value(&*self) else {
            return false;
        };
        let before = value.clone();
        normalize_value(&mut value);
        if value == before {
            return false;
        }
        match serde_json::from_value::<StationFile>(value) {
            Ok(normal) => {
                *self = normal;
                true
            }
            Err(_) => false,
        }
    }
}
