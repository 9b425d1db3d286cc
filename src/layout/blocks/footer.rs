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
    let (content, style) = content(context, block, rect);
    let field = FieldPath::parse(footer_field(context));
    context.essential_text_of_parts(items, &content, rect, &style, field, &parts);
}

/// The field a footer problem is about: the longest of its parts (what to shorten).
fn footer_field(context: &Context) -> &'static str {
    let station = context.station;
    let operator = station.station.operator.trim().chars().count();
    let units: usize = station
        .station
        .guide_units
        .iter()
        .map(|unit| unit.trim().chars().count())
        .sum();
    if operator >= units {
        "station.operator"
    } else {
        "station.guide_units"
    }
}

/// The footer text for `rect` (parts on one line or two balanced ones) and its style.
pub(super) fn content(context: &Context, block: &Block, rect: Rect) -> (String, FitStyle) {
    let parts = footer_parts(context.station);
    let style = context.fit_style(&block.style, 0.0);
    let texts: Vec<String> = parts.iter().map(|(_, text)| text.clone()).collect();
    let content = footer_lines(context.fonts, &texts, rect, &style);
    (content, style)
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
