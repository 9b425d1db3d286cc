//! Where a line may end: UAX #14 (unicode-linebreak) refined by the rules of Chinese
//! typesetting and of the other scripts Liangpai sets.
//!
//! - Kinsoku (clreq 3.1.7, GB/T 15834): no line starts with closing punctuation
//!   ([`NO_LINE_START`]) and none ends with opening punctuation ([`NO_LINE_END`]).
//! - Numbers, Latin words, web and e-mail addresses are not split; full-width digits and
//!   letters (from Chinese input methods and WeChat) count as their ASCII forms, so
//!   ０９９４－６８２１２３４ is one number. A word wider than the line breaks after / . @ - _
//!   before it is split anywhere ([`BreakBefore::InWord`]).
//! - "电话：138…": a label stays with the number after it; "138 0000 0001" stays together.
//! - Tibetan breaks only after the tsheg ་ and never before the shad ། (UAX #14 classes BA and
//!   EX); Arabic script and Mongolian at spaces (class AL); Yi between syllables like Chinese
//!   (class ID); Korean at spaces only (Hangul syllables are kept together, as Korean signs are
//!   set).

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::shape::BreakBefore;

/// Characters a line may not start with (closing punctuation and the like).
pub const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉〗”’…·—～%‰℃,.;:?!)]}>ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ་།";
/// Characters a line may not end with (opening punctuation and the like).
pub const NO_LINE_END: &str = "（《「『【〔〈〖“‘([{<";

/// Characters after which a long word may break (web and e-mail addresses, hyphenated names).
const IN_WORD_BREAK_AFTER: &str = "/.@-_";

/// Full-width digits, Latin letters and the connectors inside numbers and addresses
/// (－ ． ／ ＠ ＿ ＋ ＃), as Chinese input methods type them, as their ASCII forms; other
/// characters as they are. Full-width punctuation (，（）：) stays Chinese punctuation.
pub(crate) fn fold_width(ch: char) -> char {
    match ch {
        '０'..='９'
        | 'Ａ'..='Ｚ'
        | 'ａ'..='ｚ'
        | '－'
        | '．'
        | '／'
        | '＠'
        | '＿'
        | '＋'
        | '＃' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        ch => ch,
    }
}

fn is_word_char(ch: char) -> bool {
    fold_width(ch).is_ascii_graphic()
}

fn is_hangul(ch: char) -> bool {
    matches!(ch, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{A960}'..='\u{A97F}' | '\u{AC00}'..='\u{D7FF}')
}

/// The break opportunities of a text, by byte position.
pub(crate) struct Opportunities {
    /// For each byte position, how a break before it is allowed.
    before: Vec<BreakBefore>,
}

impl Opportunities {
    /// Finds the opportunities of `text` (paragraphs separated by `\n`).
    pub fn new(text: &str) -> Opportunities {
        // UAX #14 on the text with full-width ASCII folded (same characters, other widths):
        // map the folded byte positions back.
        let mut folded = String::with_capacity(text.len());
        let mut original_of: Vec<usize> = Vec::with_capacity(text.len() + 1);
        for (start, ch) in text.char_indices() {
            let folded_ch = fold_width(ch);
            for _ in 0..folded_ch.len_utf8() {
                original_of.push(start);
            }
            folded.push(folded_ch);
        }
        original_of.push(text.len());
        let mut uax14 = vec![false; text.len() + 1];
        for (index, opportunity) in linebreaks(&folded) {
            if let (Some(&original), true) = (
                original_of.get(index),
                matches!(
                    opportunity,
                    BreakOpportunity::Allowed | BreakOpportunity::Mandatory
                ),
            ) && let Some(slot) = uax14.get_mut(original)
            {
                *slot = true;
            }
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut before = vec![BreakBefore::Never; text.len() + 1];
        // Word tokens (runs of ASCII graphic characters, full-width included) holding a letter:
        // these may break inside after / . @ - _ when they are too long for a line.
        let mut token_has_letter = vec![false; chars.len()];
        let mut index = 0;
        while index < chars.len() {
            if !chars.get(index).is_some_and(|&(_, ch)| is_word_char(ch)) {
                index += 1;
                continue;
            }
            let start = index;
            while chars.get(index).is_some_and(|&(_, ch)| is_word_char(ch)) {
                index += 1;
            }
            let has_letter = chars
                .get(start..index)
                .unwrap_or_default()
                .iter()
                .any(|&(_, ch)| fold_width(ch).is_ascii_alphabetic());
            if let Some(slots) = token_has_letter.get_mut(start..index) {
                slots.fill(has_letter);
            }
        }
        for (position, &(start, ch)) in chars.iter().enumerate() {
            let previous = position
                .checked_sub(1)
                .and_then(|p| chars.get(p))
                .map(|&(_, c)| c);
            let before_previous = position
                .checked_sub(2)
                .and_then(|p| chars.get(p))
                .map(|&(_, c)| c);
            let Some(previous) = previous else {
                continue;
            };
            let folded_ch = fold_width(ch);
            let mut verdict = if uax14.get(start).copied().unwrap_or(false) {
                BreakBefore::Allowed
            } else {
                BreakBefore::Never
            };
            if previous == '\n' {
                verdict = BreakBefore::Allowed;
            } else if NO_LINE_START.contains(ch) || NO_LINE_END.contains(previous) {
                verdict = BreakBefore::Never;
            } else if is_word_char(previous) && is_word_char(ch) {
                // Web and e-mail addresses, numbers, words with hyphens: kept whole while they
                // fit; a long one breaks after / . @ - _ before it is split anywhere.
                let in_word = token_has_letter.get(position).copied().unwrap_or(false)
                    && IN_WORD_BREAK_AFTER.contains(fold_width(previous));
                verdict = if in_word {
                    BreakBefore::InWord
                } else {
                    BreakBefore::Never
                };
            } else if folded_ch.is_ascii_alphanumeric() && matches!(previous, '：' | ':') {
                // "电话：138…": a label stays with the number or word after it.
                verdict = BreakBefore::Never;
            } else if folded_ch.is_ascii_digit()
                && matches!(previous, ' ' | '\u{3000}')
                && before_previous.is_some_and(|c| fold_width(c).is_ascii_digit())
            {
                // Phone numbers written in groups, "138 0000 0001": kept together.
                verdict = BreakBefore::Never;
            } else if is_hangul(previous) && is_hangul(ch) {
                // Korean breaks at spaces.
                verdict = BreakBefore::Never;
            }
            if let Some(slot) = before.get_mut(start) {
                *slot = verdict;
            }
        }
        Opportunities { before }
    }

    /// How a break before the character at byte `position` is allowed.
    pub fn before(&self, position: usize) -> BreakBefore {
        self.before
            .get(position)
            .copied()
            .unwrap_or(BreakBefore::Never)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text split at every allowed break.
    fn pieces(text: &str) -> Vec<String> {
        let opportunities = Opportunities::new(text);
        let mut out = vec![String::new()];
        for (start, ch) in text.char_indices() {
            if start > 0 && opportunities.before(start) == BreakBefore::Allowed {
                out.push(String::new());
            }
            if let Some(last) = out.last_mut() {
                last.push(ch);
            }
        }
        out
    }

    #[test]
    fn tibetan_breaks_only_after_the_tsheg_and_never_before_the_shad() {
        // བཀྲ་ཤིས་བདེ་ལེགས། "tashi delek"
        assert_eq!(pieces("བཀྲ་ཤིས་བདེ་ལེགས།"), ["བཀྲ་", "ཤིས་", "བདེ་", "ལེགས།"]);
        // The shad after a tsheg stays on its line.
        assert_eq!(pieces("ཀ་།ཁ"), ["ཀ་།", "ཁ"]);
    }

    #[test]
    fn arabic_script_and_mongolian_break_at_spaces() {
        assert_eq!(
            pieces("ئىجتىمائىي خىزمەت پونكىتى"),
            ["ئىجتىمائىي ", "خىزمەت ", "پونكىتى"]
        );
        assert_eq!(pieces("ᠨᠡᠶᠢᠭᠡᠮ ᠤᠨ ᠠᠵᠢᠯ"), ["ᠨᠡᠶᠢᠭᠡᠮ ", "ᠤᠨ ", "ᠠᠵᠢᠯ"]);
        // The narrow no-break space before a Mongolian suffix does not break.
        assert_eq!(pieces("ᠠᠵᠢᠯ\u{202F}ᠤᠨ ᠭᠠᠵᠠᠷ").len(), 2);
    }

    #[test]
    fn korean_breaks_at_spaces_and_yi_between_syllables() {
        assert_eq!(pieces("사회복지 서비스센터"), ["사회복지 ", "서비스센터"]);
        assert_eq!(pieces("ꆈꌠꁱꂷ"), ["ꆈ", "ꌠ", "ꁱ", "ꂷ"]);
    }

    #[test]
    fn full_width_phone_numbers_are_one_number() {
        let text = "监督电话０９９４－６８２１２３４转";
        let pieces = pieces(text);
        assert!(
            pieces
                .iter()
                .any(|piece| piece.contains("０９９４－６８２１２３４")),
            "{pieces:?}"
        );
    }

    #[test]
    fn addresses_break_inside_only_after_separators() {
        let text = "网址https://mzj.example.gov.cn/shegong/liuxi";
        let opportunities = Opportunities::new(text);
        let in_word: Vec<char> = text
            .char_indices()
            .filter(|&(start, _)| opportunities.before(start) == BreakBefore::InWord)
            .filter_map(|(start, _)| text.get(..start).and_then(|head| head.chars().last()))
            .collect();
        assert!(!in_word.is_empty());
        assert!(
            in_word.iter().all(|ch| "/.@-_".contains(*ch)),
            "{in_word:?}"
        );
        // A phone number has no letters: it never breaks inside.
        let phone = Opportunities::new("0994-6821234");
        assert!((1.."0994-6821234".len()).all(|start| phone.before(start) == BreakBefore::Never));
    }
}
