//! The footer block: 指导单位 · 承接机构 · 监督电话 · 更新日期, on one line or two balanced ones.

use crate::fonts::Fonts;
use crate::frame::{Item, Rect};
use crate::layout::context::Context;
use crate::layout::placeholders::footer_parts;
use crate::layout::text::{self, FitStyle};
use crate::model::FieldPath;
use crate::template::Block;

/// Draws the footer (nothing when the station has none of its parts).
pub(super) fn draw(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
    let parts = footer_parts(context.station);
    if parts.is_empty() {
        return;
    }
    let style = context.fit_style(&block.style, 0.0);
    let texts: Vec<String> = parts.iter().map(|(_, text)| text.clone()).collect();
    let content = footer_lines(context.fonts, &texts, rect, &style);
    let mut fitted = text::fit(context.fonts, &content, rect, &style);
    items.extend(fitted.lines.iter().cloned().map(Item::Text));
    // Characters no font has are reported at the part they are in (承接机构, not 更新日期).
    let missing = std::mem::take(&mut fitted.missing);
    context.report(&fitted, &FieldPath::parse("updated"));
    for (field, part) in &parts {
        let in_part: Vec<char> = missing
            .iter()
            .copied()
            .filter(|ch| part.contains(*ch))
            .collect();
        if !in_part.is_empty() {
            let only = text::Fitted {
                lines: Vec::new(),
                overflow: false,
                forced: false,
                missing: in_part,
                ..fitted.clone()
            };
            context.report(&only, field);
        }
    }
}

/// The footer on one line if it fits well, else on two lines broken between parts, balanced.
fn footer_lines(fonts: &Fonts, parts: &[String], rect: Rect, style: &FitStyle) -> String {
    const SEPARATOR: &str = "　·　";
    let one_line = parts.join(SEPARATOR);
    let width_em = text::Measured::new(fonts, &one_line, style.weight).single_line_em();
    if width_em * style.max_size_pt * 0.85 <= rect.width || parts.len() < 2 {
        return one_line;
    }
    let mut best = one_line;
    let mut best_width = f32::INFINITY;
    for split in 1..parts.len() {
        let (first, second) = parts.split_at(split);
        let (first, second) = (first.join(SEPARATOR), second.join(SEPARATOR));
        let widest = text::Measured::new(fonts, &first, style.weight)
            .single_line_em()
            .max(text::Measured::new(fonts, &second, style.weight).single_line_em());
        if widest < best_width {
            best_width = widest;
            best = format!("{first}\n{second}");
        }
    }
    best
}
