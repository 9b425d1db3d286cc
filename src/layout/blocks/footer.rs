//! The footer block: 指导单位 · 承接机构 · 监督电话 · 更新日期, on one line or two balanced ones.

use crate::fonts::Fonts;
use crate::frame::{Item, Rect};
use crate::layout::context::Context;
use crate::layout::placeholders::footer_parts;
use crate::layout::scripts::{self, Part};
use crate::layout::text::{self, FitStyle};
use crate::model::{FieldPath, Language};
use crate::template::Block;

/// Draws the footer (nothing when the station has none of its parts).
pub(super) fn draw(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
    let parts = footer_parts(context.station);
    if parts.is_empty() {
        return;
    }
    let (content, style) = content(context, block, rect);
    let field = FieldPath::parse(footer_field(context));
    match content.as_slice() {
        [only] if only.language.is_none() => {
            context.essential_text_of_parts(items, &only.text, rect, &style, field, &parts);
        }
        _ => {
            scripts::draw_stack(context, items, &content, rect, &style, field, true);
        }
    }
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

/// The footer text for `rect` in each of the station's scripts (parts on one line or two
/// balanced ones) and its style.
pub(super) fn content(context: &Context, block: &Block, rect: Rect) -> (Vec<Part>, FitStyle) {
    let style = context.fit_style(&block.style, 0.0);
    let parts = scripts::parts(context, |language| {
        let texts: Vec<String> = match language {
            None => footer_parts(context.station)
                .into_iter()
                .map(|(_, text)| text)
                .collect(),
            Some(language) => footer_parts_in(context, language),
        };
        (!texts.is_empty()).then(|| footer_lines(context.fonts, &texts, rect, &style))
    });
    (parts, style)
}

/// The footer's parts in `language`: each part whose label (`headings`) and value (`tr`, or a
/// number) it has; the others are shown in Chinese only.
fn footer_parts_in(context: &Context, language: Language) -> Vec<String> {
    let station = context.station;
    let label = |key: &str| scripts::heading_key(context, Some(language), key);
    let mut parts = Vec::new();
    let units: Vec<(usize, &str)> = station
        .station
        .guide_units
        .iter()
        .map(|unit| unit.trim())
        .enumerate()
        .filter(|(_, unit)| !unit.is_empty())
        .collect();
    let translated: Option<Vec<&str>> = units
        .iter()
        .map(|(index, _)| station.station.tr.item(language, "guide_units", *index))
        .collect();
    if let (false, Some(label), Some(translated)) =
        (units.is_empty(), label("guide_units"), translated)
    {
        parts.push(format!(
            "{}{}",
            scripts::label_in(language, &label),
            translated.join(", ")
        ));
    }
    if !station.station.operator.trim().is_empty()
        && let (Some(label), Some(operator)) = (
            label("operator"),
            station.station.tr.text(language, "operator"),
        )
    {
        parts.push(format!("{}{operator}", scripts::label_in(language, &label)));
    }
    let phone = station.contacts.supervision_phone.trim();
    if !phone.is_empty() {
        let value = if scripts::is_script_neutral(phone) {
            Some(phone)
        } else {
            station.contacts.tr.text(language, "supervision_phone")
        };
        if let (Some(label), Some(value)) = (label("supervision_phone"), value) {
            parts.push(format!("{}{value}", scripts::label_in(language, &label)));
        }
    }
    let updated = station.updated.trim();
    if !updated.is_empty()
        && scripts::is_script_neutral(updated)
        && let Some(label) = label("updated")
    {
        parts.push(format!("{}{updated}", scripts::label_in(language, &label)));
    }
    parts
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
