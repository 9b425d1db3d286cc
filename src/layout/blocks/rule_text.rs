//! The text of one rule (制度牌): its paragraphs and numbered clauses exactly as written, one
//! after another; a rule too long for one page continues on the next (the engine's lists).
//!
//! The text is cut into pieces (sentences, or shorter runs of a very long sentence) so that a
//! page can end inside a long paragraph; the pieces of one paragraph on one page are joined
//! again, so a paragraph reads as written.
//!
//! On a station with `languages` the rule's text is set in each script that has it
//! ([`scripts::parts`], `rules[].tr.<lang>.text`), the ethnic text at `ratio()` times the
//! Chinese size: paragraph by paragraph in the order shown when the translation has as many
//! paragraphs as the Chinese (a reader finds each clause beside its translation), else each
//! script's whole text in turn.

use super::ListOutcome;
use crate::frame::{Item, Rect};
use crate::layout::context::{Context, PageRole};
use crate::layout::scripts::{self, Part};
use crate::layout::text::{self, FitStyle, VerticalAlign};
use crate::model::{FieldPath, Language};
use crate::template::Block;
use crate::template::ThemeColor;

/// A piece longer than this (characters) is cut further at a comma, or by force.
const MAX_PIECE_CHARS: usize = 60;

/// One piece of a rule's text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Piece {
    /// The paragraph (line of the rule's text) it belongs to.
    pub paragraph: usize,
    /// The clause it belongs to: its paragraph's, or, when a translation is set clause by
    /// clause, the one its paragraph shares with the other scripts' (set closer together).
    pub clause: usize,
    /// The text, with the paragraph's own leading spaces on its first piece.
    pub text: String,
    /// Its script: `None` for Chinese.
    pub language: Option<Language>,
}

/// Cuts a rule's text into pieces: each non-empty line is a paragraph; paragraphs are cut after
/// 。！？；, and runs still longer than [`MAX_PIECE_CHARS`] after ，、 or by force.
pub(super) fn pieces(rule_text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    for (paragraph, line) in paragraphs(rule_text).into_iter().enumerate() {
        push_pieces(&mut out, (paragraph, paragraph), line, None);
    }
    out
}

/// The non-empty lines of a rule's text (its paragraphs), trailing spaces removed.
fn paragraphs(rule_text: &str) -> Vec<String> {
    rule_text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(|line| line.trim_end().to_owned())
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// Sentence ends and the places a long run may be cut, in Chinese and in the other scripts: an
/// ethnic text is cut only after its sentence marks (. ؟ ! ؛ ། ᠃) and between words (a space or
/// the Tibetan tsheg), never inside a word (a cut there could break a Tibetan stack or an
/// Arabic joining across pages).
fn push_pieces(
    out: &mut Vec<Piece>,
    (paragraph, clause): (usize, usize),
    line: String,
    language: Option<Language>,
) {
    let (ends, pauses) = match language {
        None => ("。！？；!?;", "，、,：:"),
        Some(_) => (".!?;؟؛།᠃", " ་،,:᠂"),
    };
    for sentence in split_after(&line, ends) {
        if sentence.chars().count() <= MAX_PIECE_CHARS {
            out.push(Piece {
                paragraph,
                clause,
                text: sentence,
                language,
            });
            continue;
        }
        for run in split_after(&sentence, pauses) {
            match language {
                None => {
                    let chars: Vec<char> = run.chars().collect();
                    for chunk in chars.chunks(MAX_PIECE_CHARS) {
                        out.push(Piece {
                            paragraph,
                            clause,
                            text: chunk.iter().collect(),
                            language,
                        });
                    }
                }
                // A single word longer than a piece stays whole.
                Some(_) => out.push(Piece {
                    paragraph,
                    clause,
                    text: run,
                    language,
                }),
            }
        }
    }
}

/// The pieces of a rule's text in each of the station's scripts (see the module's note).
fn pieces_in_scripts(context: &Context, rule: Option<&crate::model::Rule>) -> Vec<Piece> {
    let chinese = rule.map(|rule| rule.text.clone()).unwrap_or_default();
    let parts: Vec<Part> = scripts::parts(context, |language| match language {
        None => Some(chinese.clone()),
        Some(language) => rule
            .and_then(|rule| rule.tr.text(language, "text"))
            .map(str::to_owned),
    });
    if parts.len() <= 1 {
        return pieces(&chinese);
    }
    let texts: Vec<(Option<Language>, Vec<String>)> = parts
        .iter()
        .map(|part| (part.language, paragraphs(&part.text)))
        .collect();
    let counts_agree = texts
        .iter()
        .all(|(_, lines)| lines.len() == texts.first().map_or(0, |(_, first)| first.len()));
    let mut out = Vec::new();
    let mut paragraph = 0;
    if counts_agree {
        let count = texts.first().map_or(0, |(_, lines)| lines.len());
        for at in 0..count {
            for (language, lines) in &texts {
                if let Some(line) = lines.get(at) {
                    push_pieces(&mut out, (paragraph, at), line.clone(), *language);
                    paragraph += 1;
                }
            }
        }
    } else {
        for (language, lines) in texts {
            for line in lines {
                push_pieces(&mut out, (paragraph, paragraph), line, language);
                paragraph += 1;
            }
        }
    }
    out
}

/// `text` cut after each of `marks` (closing quotes and brackets stay with the mark).
fn split_after(text: &str, marks: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut after_mark = false;
    for ch in text.chars() {
        if after_mark && !"”’）》」』】)".contains(ch) {
            out.push(std::mem::take(&mut current));
            after_mark = false;
        }
        current.push(ch);
        if marks.contains(ch) {
            after_mark = true;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The number of pieces of rule `item`'s text (at least 1, for the note that it is empty).
pub(super) fn piece_count(context: &Context, item: Option<usize>) -> usize {
    let rule = item.and_then(|index| context.station.rules.get(index));
    pieces_in_scripts(context, rule).len().max(1)
}

/// Draws the pieces of the page's rule from `start` at `shrink`, as many as fit in `rect`.
pub(super) fn draw(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    role: PageRole,
    start: usize,
    shrink: f32,
    items: &mut Vec<Item>,
) -> ListOutcome {
    let Some(index) = role.item else {
        return ListOutcome {
            next: start,
            part: 0,
            clean: true,
        };
    };
    let field = FieldPath::parse("rules").index(index).key("text");
    let all = pieces_in_scripts(context, context.station.rules.get(index));
    let ratio = scripts::ratio(context);
    let body = context.fit_style(&block.style, shrink);
    let size = body.max_size_pt;
    let style = FitStyle {
        min_size_pt: size,
        valign: VerticalAlign::Top,
        max_lines: 0,
        ..body
    };
    if all.is_empty() {
        if !context.measuring {
            context.warn(field, format!("第 {} 项工作制度没有填写内容", index + 1));
        }
        let note = FitStyle {
            color: context.color(ThemeColor::Muted),
            ..style
        };
        context.text(
            items,
            "（尚未填写制度内容）",
            rect,
            &note,
            FieldPath::none(),
        );
        return ListOutcome {
            next: start.max(1),
            part: 0,
            clean: true,
        };
    }
    // Paragraphs from `start`: the pieces of one paragraph joined.
    let paragraph_gap = size * 0.5;
    let mut y = rect.y;
    let mut next = start;
    let mut drawn = Vec::new();
    while next < all.len() {
        let Some(first) = all.get(next) else { break };
        // Take the pieces of this paragraph one by one while they fit.
        let mut end = next;
        let mut best: Option<(usize, text::Fitted)> = None;
        while let Some(piece) = all.get(end) {
            if piece.paragraph != first.paragraph {
                break;
            }
            let joined: String = all
                .get(next..=end)
                .unwrap_or_default()
                .iter()
                .map(|piece| piece.text.as_str())
                .collect();
            let area = Rect::new(rect.x, y, rect.width, (rect.bottom() - y).max(0.0));
            let fitted = match first.language {
                None => text::fit(context.fonts, &joined, area, &style),
                Some(_) => {
                    let size = style.max_size_pt * ratio;
                    let ethnic = FitStyle {
                        max_size_pt: size,
                        min_size_pt: size,
                        ..style.clone()
                    };
                    text::fit(context.fonts, &joined, area, &ethnic)
                }
            };
            if fitted.overflow {
                break;
            }
            end += 1;
            best = Some((end, fitted));
        }
        let Some((after, fitted)) = best else { break };
        // The scripts of one clause stand closer together than two clauses.
        let same_clause = all
            .get(after)
            .is_some_and(|piece| piece.clause == first.clause);
        y += fitted.used_height
            + if same_clause {
                paragraph_gap * 0.4
            } else {
                paragraph_gap
            };
        drawn.push((fitted, first.language));
        let whole_paragraph = all
            .get(after)
            .is_none_or(|piece| piece.paragraph != first.paragraph);
        next = after;
        if !whole_paragraph {
            break;
        }
    }
    for (fitted, language) in &drawn {
        // A translation's trouble names its own field (rules[0].tr.ug.text).
        let field = match language {
            None => field.clone(),
            Some(language) => FieldPath::parse("rules")
                .index(index)
                .key("tr")
                .key(language.tag())
                .key("text"),
        };
        context.report(fitted, &field);
        items.extend(fitted.lines.iter().cloned().map(Item::Text));
    }
    ListOutcome {
        next,
        part: 0,
        clean: drawn.iter().all(|(fitted, _)| !fitted.forced),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_keep_every_character_and_the_paragraphs() {
        let rule = "一、按时开放，热情接待来访群众。\n\n二、服务对象的个人信息“不外传”；档案专柜上锁。\n（一）".to_owned()
            + &"很长的一句话没有标点".repeat(12);
        let all = pieces(&rule);
        let rebuilt: String = all.iter().map(|piece| piece.text.as_str()).collect();
        assert_eq!(rebuilt, rule.replace('\n', ""));
        assert_eq!(all.iter().map(|p| p.paragraph).max(), Some(2));
        assert!(
            all.iter()
                .all(|p| p.text.chars().count() <= MAX_PIECE_CHARS)
        );
        // A closing quote stays with its sentence.
        assert!(all.iter().any(|p| p.text.ends_with("；")));
        assert_eq!(
            all.first().map(|p| p.text.as_str()),
            Some("一、按时开放，热情接待来访群众。")
        );
    }
}
