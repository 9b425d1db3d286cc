//! Signs in two or three scripts (DESIGN.md "Signs in two or three scripts"): every text a sign
//! shows is set in each of the station's scripts, in `languages.shown_order()`, stacked in its
//! block's box (columns side by side in a vertical block), the ethnic text at `ratio()` times the
//! Chinese size. Blocks hand [`parts`] the way to read their text in one script (`None` =
//! Chinese); a script the text has no translation in is left out (the program never translates),
//! so a station without `languages` lays out exactly as before.

use super::context::Context;
use super::text::{FitStyle, Fitted};
use crate::frame::{Item, Rect, VerticalAlign};
use crate::model::{FieldPath, HEADING_KEYS, Language, heading};

/// One script's text of a block.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Part {
    /// `None` for Chinese.
    pub language: Option<Language>,
    /// The text in that script.
    pub text: String,
}

/// The block's text in each of the station's scripts, in the order shown: `text_in(None)` is the
/// Chinese, `text_in(Some(language))` the translation (`None` or empty when there is none, and
/// then that script is left out). Without `languages`, only the Chinese.
pub(super) fn parts(
    context: &Context,
    mut text_in: impl FnMut(Option<Language>) -> Option<String>,
) -> Vec<Part> {
    let order = match &context.station.languages {
        Some(languages) if !languages.known().is_empty() => languages.shown_order(),
        _ => vec![None],
    };
    let chinese = text_in(None).unwrap_or_default();
    if chinese.trim().is_empty() {
        return Vec::new();
    }
    order
        .into_iter()
        .filter_map(|language| {
            let text = match language {
                None => chinese.clone(),
                Some(_) => text_in(language)?,
            };
            (!text.trim().is_empty()).then_some(Part { language, text })
        })
        .collect()
}

/// The ethnic : Chinese size ratio of the station (1 without `languages`).
pub(super) fn ratio(context: &Context) -> f32 {
    context
        .station
        .languages
        .as_ref()
        .map_or(1.0, |languages| languages.ratio())
}

/// The fixed word whose Chinese is `chinese` (a label like 监督电话, with or without its `：`) in
/// `language`, from the station's `headings`; `None` when it has no heading key or no
/// translation. A label keeps its colon (`: `).
pub(super) fn heading_of(context: &Context, language: Language, chinese: &str) -> Option<String> {
    let trimmed = chinese.trim();
    let (label, colon) = match trimmed.strip_suffix('：') {
        Some(label) => (label.trim(), true),
        None => (trimmed, false),
    };
    let key = HEADING_KEYS
        .iter()
        .find(|(_, text)| *text == label)
        .map(|(key, _)| *key)?;
    let word = heading(&context.station.headings, language, key)?;
    Some(if colon {
        label_in(language, word)
    } else {
        word.to_owned()
    })
}

/// `label` in `language` ended as a label is in that script, with a space before its value:
/// Tibetan ends a label with its shad ། or tsheg ་ and takes no colon after them (a colon only
/// after a bare letter); traditional Mongolian takes its own colon ᠄; Arabic script (Uyghur,
/// Kazakh) and the others take `:` (the Chinese label keeps its full-width ：). A label that
/// already ends with a colon gets none more.
pub(super) fn label_in(language: Language, label: &str) -> String {
    let label = label.trim();
    let ends_with = |marks: &[char]| label.chars().last().is_some_and(|ch| marks.contains(&ch));
    if ends_with(&[':', '：', '᠄', '᠃']) {
        return format!("{label} ");
    }
    match language {
        Language::Tibetan if ends_with(&['།', '་', '༔']) => format!("{label} "),
        Language::Mongolian => format!("{label}᠄ "),
        _ => format!("{label}: "),
    }
}

/// The heading of `key` in `language` (or, for Chinese, the key's Chinese).
pub(super) fn heading_key(
    context: &Context,
    language: Option<Language>,
    key: &str,
) -> Option<String> {
    match language {
        None => HEADING_KEYS
            .iter()
            .find(|(name, _)| *name == key)
            .map(|(_, text)| (*text).to_owned()),
        Some(language) => heading(&context.station.headings, language, key).map(str::to_owned),
    }
}

/// Whether `text` reads the same in every script: no Chinese in it (phone numbers, dates,
/// e-mail addresses, certificate numbers).
pub(super) fn is_script_neutral(text: &str) -> bool {
    !text.chars().any(is_chinese)
}

/// A Han character or Chinese punctuation.
fn is_chinese(ch: char) -> bool {
    matches!(ch,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{20000}'..='\u{3134F}')
}

/// Literal template text (between placeholders) in `language`: punctuation and spaces in their
/// plain form, a label (承接机构：) by its heading; `None` when a word has no translation.
pub(super) fn literal_in(context: &Context, language: Language, literal: &str) -> Option<String> {
    if literal.trim().is_empty() {
        return Some(if literal.is_empty() {
            String::new()
        } else {
            " ".to_owned()
        });
    }
    if literal.chars().all(|ch| !ch.is_alphanumeric()) {
        return Some(
            literal
                .chars()
                .map(|ch| match ch {
                    '、' | '，' => ", ".to_owned(),
                    '：' => ": ".to_owned(),
                    '　' => "  ".to_owned(),
                    '（' => "(".to_owned(),
                    '）' => ")".to_owned(),
                    '；' => "; ".to_owned(),
                    '。' => ".".to_owned(),
                    other => other.to_string(),
                })
                .collect(),
        );
    }
    heading_of(context, language, literal)
}

/// The parts laid out: each part's fitted lines, stacked.
pub(super) struct Stack {
    /// The fitted parts, in the order shown.
    pub fitted: Vec<Fitted>,
    /// The Chinese size chosen.
    pub size_pt: f32,
    /// Some part did not fit (only when not essential).
    pub overflow: bool,
}

impl Stack {
    /// The extent the parts take along the stacking direction, gaps included (their own
    /// heights when laid out from the top).
    pub fn used_height(&self) -> f32 {
        let gaps = self.fitted.len().saturating_sub(1) as f32 * self.size_pt * GAP_EM;
        self.fitted
            .iter()
            .map(|fitted| fitted.used_height)
            .sum::<f32>()
            + gaps
    }

    /// Whether some part's word was split by force.
    pub fn forced(&self) -> bool {
        self.fitted.iter().any(|fitted| fitted.forced)
    }
}

/// The gap between two scripts' texts, as a fraction of the Chinese size.
pub(super) const GAP_EM: f32 = 0.3;

/// The style of one part at Chinese size `size_pt`: the ethnic scripts at `ratio` times it.
fn part_style(style: &FitStyle, part: &Part, size_pt: f32, ratio: f32, lines: usize) -> FitStyle {
    let size = if part.language.is_some() {
        size_pt * ratio
    } else {
        size_pt
    };
    FitStyle {
        max_size_pt: size,
        min_size_pt: size,
        valign: VerticalAlign::Top,
        max_lines: lines,
        ..style.clone()
    }
}

/// The box along the stacking direction from `start` with extent `extent` (height; width in a
/// vertical block, whose scripts stand side by side as columns).
fn slice(rect: Rect, vertical: bool, start: f32, extent: f32) -> Rect {
    if vertical {
        Rect::new(rect.x + start, rect.y, extent, rect.height)
    } else {
        Rect::new(rect.x, rect.y + start, rect.width, extent)
    }
}

/// Lays out the parts at Chinese size `size_pt`: each part at its fixed size in turn, with
/// `lines` lines at most (0 = any). `None` when a part is cut or they do not fit together.
fn stack_at(
    context: &Context,
    parts: &[Part],
    rect: Rect,
    style: &FitStyle,
    size_pt: f32,
    lines: usize,
    ratio: f32,
) -> Option<(Vec<Fitted>, f32)> {
    let extent = if style.vertical {
        rect.width
    } else {
        rect.height
    };
    let gap = size_pt * GAP_EM;
    let mut used = 0.0f32;
    let mut fitted = Vec::with_capacity(parts.len());
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            used += gap;
        }
        let area = slice(rect, style.vertical, used, (extent - used).max(0.0));
        let one = context.fit(
            &part.text,
            area,
            &part_style(style, part, size_pt, ratio, lines),
        );
        if one.overflow {
            return None;
        }
        used += one.used_height;
        fitted.push(one);
    }
    (used <= extent + 0.01).then_some((fitted, used))
}

/// The largest Chinese size between `high` and `low` at which the parts fit, with the part
/// stacks placed by the block's `valign` (`align` across columns when vertical).
fn largest(
    context: &Context,
    parts: &[Part],
    rect: Rect,
    style: &FitStyle,
    (low, high): (f32, f32),
    lines: usize,
    ratio: f32,
) -> Option<(Vec<Fitted>, f32, f32)> {
    if let Some((fitted, used)) = stack_at(context, parts, rect, style, high, lines, ratio) {
        return Some((fitted, used, high));
    }
    let (fitted, used) = stack_at(context, parts, rect, style, low, lines, ratio)?;
    let mut best = (fitted, used, low);
    let (mut low, mut high) = (low, high);
    for _ in 0..12 {
        let middle = (low + high) / 2.0;
        match stack_at(context, parts, rect, style, middle, lines, ratio) {
            Some((fitted, used)) => {
                best = (fitted, used, middle);
                low = middle;
            }
            None => high = middle,
        }
        if high - low < 0.05 {
            break;
        }
    }
    Some(best)
}

/// Fits the parts into `rect` together: one Chinese size for all (the ethnic scripts at the
/// station's ratio of it), as large as the style allows. Essential text is never cut: below the
/// style's smallest size it goes smaller (down to a sixth of it), first within `max_lines`, then
/// on as many lines as it needs, like [`Context::essential_text`]. Text that is not essential
/// keeps what fits at the smallest size and says it overflowed.
pub(super) fn fit_stack(
    context: &Context,
    parts: &[Part],
    rect: Rect,
    style: &FitStyle,
    essential: bool,
) -> Stack {
    let ratio = ratio(context);
    let found = largest(
        context,
        parts,
        rect,
        style,
        (style.min_size_pt, style.max_size_pt),
        style.max_lines,
        ratio,
    )
    .or_else(|| {
        if !essential {
            return None;
        }
        (0..16).find_map(|step| {
            let low = style.min_size_pt * 0.88f32.powi(step + 1);
            let lines = if step >= 6 { 0 } else { style.max_lines };
            largest(
                context,
                parts,
                rect,
                style,
                (low, style.min_size_pt.min(style.max_size_pt)),
                lines,
                ratio,
            )
        })
    });
    match found {
        Some((fitted, used, size_pt)) => {
            let extent = if style.vertical {
                rect.width
            } else {
                rect.height
            };
            let free = (extent - used).max(0.0);
            let offset = match style.valign {
                VerticalAlign::Top => 0.0,
                VerticalAlign::Middle => free / 2.0,
                VerticalAlign::Bottom => free,
            };
            let fitted = place(context, parts, rect, style, size_pt, ratio, offset, fitted);
            Stack {
                fitted,
                size_pt,
                overflow: false,
            }
        }
        None => overflowing(context, parts, rect, style, ratio),
    }
}

/// Moves the stacked parts by `offset` along the stacking direction (re-fitted there, so each
/// line's bounds are its own box).
#[allow(clippy::too_many_arguments)]
fn place(
    context: &Context,
    parts: &[Part],
    rect: Rect,
    style: &FitStyle,
    size_pt: f32,
    ratio: f32,
    offset: f32,
    fitted: Vec<Fitted>,
) -> Vec<Fitted> {
    let gap = size_pt * GAP_EM;
    let mut start = offset;
    parts
        .iter()
        .zip(fitted)
        .map(|(part, one)| {
            let area = slice(rect, style.vertical, start, one.used_height + 0.01);
            let lines = one.lines.len().max(1);
            let placed = context.fit(
                &part.text,
                area,
                &part_style(style, part, size_pt, ratio, lines),
            );
            start += one.used_height + gap;
            if placed.overflow { one } else { placed }
        })
        .collect()
}

/// The parts at the smallest size when they do not fit: the Chinese first gets the room it
/// needs (it is what every reader can be sure to find), the other scripts share the rest by
/// their length; what does not fit in its share is left out (and reported).
fn overflowing(
    context: &Context,
    parts: &[Part],
    rect: Rect,
    style: &FitStyle,
    ratio: f32,
) -> Stack {
    let size_pt = style.min_size_pt;
    let extent = if style.vertical {
        rect.width
    } else {
        rect.height
    };
    let gap = size_pt * GAP_EM;
    let room = (extent - gap * parts.len().saturating_sub(1) as f32).max(0.0);
    let chinese_needs = parts
        .iter()
        .find(|part| part.language.is_none())
        .map_or(0.0, |part| {
            let fitted = context.fit(
                &part.text,
                slice(rect, style.vertical, 0.0, room),
                &part_style(style, part, size_pt, ratio, style.max_lines),
            );
            fitted.used_height.min(room)
        });
    let others: f32 = parts
        .iter()
        .filter(|part| part.language.is_some())
        .map(|part| part.text.chars().count().max(1) as f32)
        .sum();
    let rest = (room - chinese_needs).max(0.0);
    let mut start = 0.0;
    let fitted = parts
        .iter()
        .map(|part| {
            let share = match part.language {
                None => chinese_needs + 0.01,
                Some(_) => rest * part.text.chars().count().max(1) as f32 / others.max(1.0),
            };
            let area = slice(rect, style.vertical, start, share);
            start += share + gap;
            context.fit(
                &part.text,
                area,
                &part_style(style, part, size_pt, ratio, style.max_lines),
            )
        })
        .collect();
    Stack {
        fitted,
        size_pt,
        overflow: true,
    }
}

/// The height the parts take stacked at the style's largest size in a box `width_pt` wide, on
/// as many lines as they need (gaps between the scripts included).
pub(super) fn natural_height(
    context: &Context,
    parts: &[Part],
    width_pt: f32,
    style: &FitStyle,
) -> f32 {
    let rect = Rect::new(0.0, 0.0, width_pt, f32::MAX / 4.0);
    stack_at(
        context,
        parts,
        rect,
        style,
        style.max_size_pt,
        0,
        ratio(context),
    )
    .map_or(0.0, |(_, used)| used)
}

/// Whether the parts fit into `rect` at no less than the style's smallest size.
pub(super) fn fits(context: &Context, parts: &[Part], rect: Rect, style: &FitStyle) -> bool {
    largest(
        context,
        parts,
        rect,
        style,
        (style.min_size_pt, style.max_size_pt),
        style.max_lines,
        ratio(context),
    )
    .is_some()
}

/// Draws the parts stacked in `rect` and reports what went wrong at `field` (essential text that
/// had to go below the smallest size, overflow, missing characters).
pub(super) fn draw_stack(
    context: &mut Context,
    items: &mut Vec<Item>,
    parts: &[Part],
    rect: Rect,
    style: &FitStyle,
    field: FieldPath,
    essential: bool,
) -> Stack {
    let stack = fit_stack(context, parts, rect, style, essential);
    report_stack(context, items, parts, &stack, style, field, essential);
    stack
}

/// Adds the lines of a stack fitted by [`fit_stack`] to `items` and reports what went wrong at
/// `field` (essential text that had to go below the style's smallest size, overflow, a
/// translation that did not fit, missing characters).
pub(super) fn report_stack(
    context: &mut Context,
    items: &mut Vec<Item>,
    parts: &[Part],
    stack: &Stack,
    style: &FitStyle,
    field: FieldPath,
    essential: bool,
) {
    if essential && stack.size_pt < style.min_size_pt * 0.99 && !field.is_empty() {
        let label = field.label();
        context.warn(
            field.clone(),
            format!("{label}较长，为完整印出，字号已小于设计的最小字号"),
        );
    }
    for (part, fitted) in parts.iter().zip(&stack.fitted) {
        let mut report = fitted.clone();
        report.overflow = stack.overflow && fitted.overflow;
        context.report(&report, &field);
        if let (Some(language), true) = (part.language, report.overflow) {
            let label = field.label();
            context.warn(
                field.clone(),
                format!("{label}的{}译文放不下，请精简", language.chinese_name()),
            );
        }
        items.extend(fitted.lines.iter().cloned().map(Item::Text));
    }
}
