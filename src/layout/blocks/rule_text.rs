//! The text of one rule (制度牌): its paragraphs and numbered clauses exactly as written, one
//! after another; a rule too long for one page continues on the next (the engine's lists).
//!
//! The text is cut into pieces (sentences, or shorter runs of a very long sentence) so that a
//! page can end inside a long paragraph; the pieces of one paragraph on one page are joined
//! again, so a paragraph reads as written.

use super::ListOutcome;
use crate::frame::{Item, Rect};
use crate::layout::context::{Context, PageRole};
use crate::layout::text::{self, FitStyle, VerticalAlign};
use crate::model::FieldPath;
use crate::template::Block;
use crate::template::ThemeColor;

/// A piece longer than this (characters) is cut further at a comma, or by force.
const MAX_PIECE_CHARS: usize = 60;

/// One piece of a rule's text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Piece {
    /// The paragraph (line of the rule's text) it belongs to.
    pub paragraph: usize,
    /// The text, with the paragraph's own leading spaces on its first piece.
    pub text: String,
}

/// Cuts a rule's text into pieces: each non-empty line is a paragraph; paragraphs are cut after
/// 。！？；, and runs still longer than [`MAX_PIECE_CHARS`] after ，、 or by force.
pub(super) fn pieces(rule_text: &str) -> Vec<Piece> {
    let normalised = rule_text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let paragraphs = normalised
        .split('\n')
        .map(|line| line.trim_end())
        .filter(|line| !line.trim().is_empty());
    for (paragraph, line) in paragraphs.enumerate() {
        for sentence in split_after(line, "。！？；!?;") {
            if sentence.chars().count() <= MAX_PIECE_CHARS {
                out.push(Piece {
                    paragraph,
                    text: sentence,
                });
                continue;
            }
            for run in split_after(&sentence, "，、,：:") {
                let chars: Vec<char> = run.chars().collect();
                for chunk in chars.chunks(MAX_PIECE_CHARS) {
                    out.push(Piece {
                        paragraph,
                        text: chunk.iter().collect(),
                    });
                }
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
    let text = item
        .and_then(|index| context.station.rules.get(index))
        .map(|rule| rule.text.as_str())
        .unwrap_or("");
    pieces(text).len().max(1)
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
    let rule_text = context
        .station
        .rules
        .get(index)
        .map(|rule| rule.text.clone())
        .unwrap_or_default();
    let field = FieldPath::parse("rules").index(index).key("text");
    let all = pieces(&rule_text);
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
            let fitted = text::fit(context.fonts, &joined, area, &style);
            if fitted.overflow {
                break;
            }
            end += 1;
            best = Some((end, fitted));
        }
        let Some((after, fitted)) = best else { break };
        y += fitted.used_height + paragraph_gap;
        drawn.push(fitted);
        let whole_paragraph = all
            .get(after)
            .is_none_or(|piece| piece.paragraph != first.paragraph);
        next = after;
        if !whole_paragraph {
            break;
        }
    }
    for fitted in &drawn {
        context.report(fitted, &field);
        items.extend(fitted.lines.iter().cloned().map(Item::Text));
    }
    ListOutcome {
        next,
        part: 0,
        clean: drawn.iter().all(|fitted| !fitted.forced),
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
