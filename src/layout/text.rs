//! Chinese-aware line breaking and shrink-to-fit of text into a box.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use std::sync::Arc;

use crate::fonts::{Face, Fonts, Weight, is_invisible};
pub use crate::frame::{Align, VerticalAlign};
use crate::frame::{PlacedGlyph, Point, Rect, Rgb, TextLine};

/// Characters a line may not start with (closing punctuation and the like).
pub const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉〗”’…·—～%‰℃,.;:?!)]}>ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ";
/// Characters a line may not end with (opening punctuation and the like).
pub const NO_LINE_END: &str = "（《「『【〔〈〖“‘([{<";

/// Vertical extent of a line's ink, in em above and below the baseline (the ideographic em box).
pub const EM_BOX_ABOVE: f32 = 0.88;
/// See [`EM_BOX_ABOVE`].
pub const EM_BOX_BELOW: f32 = 0.12;

/// How a piece of text is to be fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct FitStyle {
    /// Weight.
    pub weight: Weight,
    /// Largest size in points.
    pub max_size_pt: f32,
    /// Smallest size in points.
    pub min_size_pt: f32,
    /// Line height as a multiple of the size.
    pub line_height: f32,
    /// Colour.
    pub color: Rgb,
    /// Horizontal alignment.
    pub align: Align,
    /// Vertical alignment.
    pub valign: VerticalAlign,
    /// At most this many lines (0 = no limit).
    pub max_lines: usize,
}

/// One character measured.
#[derive(Debug, Clone)]
struct Unit {
    ch: char,
    face: Arc<Face>,
    glyph: u32,
    advance_em: f32,
    /// A break is allowed before this character.
    break_before: bool,
    /// A break is required before this character (after a newline).
    must_break_before: bool,
}

/// A line broken at em size (size-independent).
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLine {
    /// Indices into the measured units.
    units: std::ops::Range<usize>,
    /// Width in em, trailing spaces excluded.
    pub width_em: f32,
    /// Whether this line ends a paragraph (no justification).
    pub ends_paragraph: bool,
}

/// Text measured once and broken into lines at any width.
#[derive(Debug, Clone)]
pub struct Measured {
    units: Vec<Unit>,
    /// Characters no font has (skipped when drawing).
    pub missing: Vec<char>,
}

/// Result of breaking: lines, and whether an unbreakable word had to be split.
#[derive(Debug, Clone)]
pub struct Broken {
    /// The lines.
    pub lines: Vec<BrokenLine>,
    /// A word, number or address was wider than the line and was split by force.
    pub forced: bool,
}

/// The longest text treated as a name or title by [`Measured::is_name_like`] (real station
/// names run to 36 characters).
const NAME_LIKE_MAX_CHARS: usize = 48;

/// How many characters a balanced break may move to reach a name boundary.
const NAME_BREAK_REACH: usize = 3;

/// Parts that end a piece of an official name (administrative units, 暨 joining two names).
const NAME_PART_ENDS: [&str; 14] = [
    "暨",
    "省",
    "自治区",
    "市",
    "自治州",
    "盟",
    "县",
    "旗",
    "区",
    "镇",
    "乡",
    "街道",
    "苏木",
    "社区",
];

/// Parts that start a piece of an official name (the kind of place).
const NAME_PART_STARTS: [&str; 8] = [
    "社会工作服务站",
    "社会工作站",
    "社工站",
    "未成年人",
    "老年人",
    "儿童",
    "养老",
    "综合",
];

/// Whether a break before `chars[index]` falls between two parts of an official name
/// (see [`Measured::prefer_name_boundaries`]).
fn is_name_boundary(chars: &[char], index: usize) -> bool {
    let (Some(head), Some(tail)) = (chars.get(..index), chars.get(index..)) else {
        return false;
    };
    let ends = |part: &str| {
        let part: Vec<char> = part.chars().collect();
        head.ends_with(&part)
    };
    let starts = |part: &str| {
        let part: Vec<char> = part.chars().collect();
        tail.starts_with(&part)
    };
    NAME_PART_ENDS.iter().any(|part| ends(part)) || NAME_PART_STARTS.iter().any(|part| starts(part))
}

fn is_cjk(ch: char) -> bool {
    matches!(ch, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

fn is_word_char(ch: char) -> bool {
    ch.is_ascii_graphic()
}

impl Measured {
    /// Measures `text` in the face of `weight`. Newlines are paragraph breaks.
    pub fn new(fonts: &Fonts, text: &str, weight: Weight) -> Measured {
        let mut allowed = vec![false; text.len() + 1];
        for (index, opportunity) in linebreaks(text) {
            if let Some(slot) = allowed.get_mut(index) {
                *slot = matches!(
                    opportunity,
                    BreakOpportunity::Allowed | BreakOpportunity::Mandatory
                );
            }
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut units: Vec<Unit> = Vec::with_capacity(chars.len());
        let mut missing = Vec::new();
        let mut must_break = false;
        for (position, &(start, ch)) in chars.iter().enumerate() {
            if ch == '\n' {
                must_break = true;
                continue;
            }
            if ch == '\r' || is_invisible(ch) || (ch.is_control() && ch != '\t') {
                continue;
            }
            let ch_drawn = if ch == '\t' { ' ' } else { ch };
            let found = fonts.glyph(weight, ch_drawn).or_else(|| {
                ch_drawn
                    .is_whitespace()
                    .then(|| fonts.glyph(weight, ' '))
                    .flatten()
            });
            let Some((face, glyph)) = found else {
                if !missing.contains(&ch) {
                    missing.push(ch);
                }
                continue;
            };
            let previous = position
                .checked_sub(1)
                .and_then(|p| chars.get(p))
                .map(|&(_, c)| c);
            let before_previous = position
                .checked_sub(2)
                .and_then(|p| chars.get(p))
                .map(|&(_, c)| c);
            let mut break_before = allowed.get(start).copied().unwrap_or(false);
            if NO_LINE_START.contains(ch) {
                break_before = false;
            }
            if previous.is_some_and(|p| NO_LINE_END.contains(p)) {
                break_before = false;
            }
            // Web and e-mail addresses, words with hyphens: never split.
            if previous.is_some_and(is_word_char) && is_word_char(ch) {
                break_before = false;
            }
            // "电话：138…": a label stays with the number or word after it.
            if ch.is_ascii_alphanumeric() && matches!(previous, Some('：' | ':')) {
                break_before = false;
            }
            // Phone numbers written in groups, "138 0000 0001": keep together.
            if ch.is_ascii_digit()
                && previous == Some(' ')
                && before_previous.is_some_and(|c| c.is_ascii_digit())
            {
                break_before = false;
            }
            units.push(Unit {
                ch: ch_drawn,
                face: Arc::clone(face),
                glyph: glyph.to_u32(),
                advance_em: face.advance_em(glyph),
                break_before: break_before || must_break,
                must_break_before: must_break,
            });
            must_break = false;
        }
        Measured { units, missing }
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.units.iter().all(|unit| unit.ch.is_whitespace())
    }

    /// Breaks into lines no wider than `max_width_em`.
    pub fn break_lines(&self, max_width_em: f32) -> Broken {
        let mut lines = Vec::new();
        let mut forced = false;
        let units = &self.units;
        let mut start = 0;
        while start < units.len() {
            // Skip spaces at the start of a line (not after a hard break).
            while start < units.len()
                && units
                    .get(start)
                    .is_some_and(|u| u.ch == ' ' && !u.must_break_before)
                && lines.last().is_some_and(|l: &BrokenLine| !l.ends_paragraph)
            {
                start += 1;
            }
            if start >= units.len() {
                break;
            }
            let mut width = 0.0f32;
            let mut last_break: Option<usize> = None;
            let mut end = start;
            let mut hard_end = false;
            while end < units.len() {
                let Some(unit) = units.get(end) else { break };
                if end > start && unit.must_break_before {
                    hard_end = true;
                    break;
                }
                if end > start && unit.break_before {
                    last_break = Some(end);
                }
                let trailing_space = unit.ch == ' ';
                if !trailing_space && width + unit.advance_em > max_width_em + 1e-4 && end > start {
                    break;
                }
                width += unit.advance_em;
                end += 1;
            }
            let mut line_end = end;
            if end < units.len() && !hard_end {
                match last_break {
                    Some(index) if index > start => line_end = index,
                    _ => {
                        // No allowed break inside: split the word by force.
                        forced = true;
                        line_end = end.max(start + 1);
                    }
                }
            }
            let ends_paragraph = line_end >= units.len()
                || units
                    .get(line_end)
                    .is_some_and(|unit| unit.must_break_before);
            let width_em = units
                .get(start..line_end)
                .unwrap_or_default()
                .iter()
                .rev()
                .skip_while(|unit| unit.ch == ' ')
                .map(|unit| unit.advance_em)
                .sum();
            lines.push(BrokenLine {
                units: start..line_end,
                width_em,
                ends_paragraph,
            });
            start = line_end;
        }
        Broken { lines, forced }
    }

    /// Breaks into as many lines as [`Measured::break_lines`] would, but with line lengths as
    /// even as possible (for centred headings: 残疾人 / 服务 rather than 残疾人服 / 务).
    pub fn break_balanced(&self, max_width_em: f32) -> Broken {
        let greedy = self.break_lines(max_width_em);
        let count = greedy.lines.len();
        if count < 2 || greedy.forced {
            return greedy;
        }
        let (mut low, mut high) = (
            self.longest_word_em()
                .max(max_width_em / count as f32 * 0.9),
            max_width_em,
        );
        let mut best = greedy;
        for _ in 0..12 {
            let middle = (low + high) / 2.0;
            let candidate = self.break_lines(middle);
            if candidate.lines.len() <= count && !candidate.forced {
                high = middle;
                best = candidate;
            } else {
                low = middle;
            }
        }
        self.prefer_name_boundaries(best, max_width_em)
    }

    /// Moves each break of `broken` by at most [`NAME_BREAK_REACH`] characters to the nearest
    /// boundary between the parts of an official name (after 暨, 县, 镇, 街道…; before 社会工作服务站,
    /// 未成年人…), when the lines around it still fit `max_width_em`: a sign painter breaks
    /// 青禾县石门镇 / 社会工作服务站暨 / 未成年人保护工作站, never 服务站暨未 / 成年人. The number
    /// of lines never changes; kinsoku and paragraph breaks are kept.
    fn prefer_name_boundaries(&self, mut broken: Broken, max_width_em: f32) -> Broken {
        if broken.lines.len() < 2 || broken.forced {
            return broken;
        }
        let chars: Vec<char> = self.units.iter().map(|unit| unit.ch).collect();
        // A moved break can make room for its neighbour: repeat until nothing moves.
        for _pass in 0..broken.lines.len() {
            if !self.move_breaks_once(&mut broken, &chars, max_width_em) {
                break;
            }
        }
        broken
    }

    /// One pass of [`Measured::prefer_name_boundaries`]; whether a break moved.
    fn move_breaks_once(&self, broken: &mut Broken, chars: &[char], max_width_em: f32) -> bool {
        let mut moved = false;
        for index in 1..broken.lines.len() {
            let (Some(before), Some(after)) =
                (broken.lines.get(index - 1), broken.lines.get(index))
            else {
                break;
            };
            if before.ends_paragraph {
                continue;
            }
            let current = after.units.start;
            if is_name_boundary(chars, current) {
                continue;
            }
            let (line_start, line_end) = (before.units.start, after.units.end);
            let mut choice: Option<usize> = None;
            for distance in 1..=NAME_BREAK_REACH {
                for candidate in [current.checked_sub(distance), current.checked_add(distance)]
                    .into_iter()
                    .flatten()
                {
                    if choice.is_some()
                        || candidate < line_start + 2
                        || candidate + 2 > line_end
                        || !is_name_boundary(chars, candidate)
                    {
                        continue;
                    }
                    let allowed = self
                        .units
                        .get(candidate)
                        .is_some_and(|unit| unit.break_before);
                    let (low, high) = (current.min(candidate), current.max(candidate));
                    let crosses_paragraph = self
                        .units
                        .get(low + 1..=high)
                        .unwrap_or_default()
                        .iter()
                        .any(|unit| unit.must_break_before);
                    let fits = self.width_em(line_start..candidate) <= max_width_em + 1e-4
                        && self.width_em(candidate..line_end) <= max_width_em + 1e-4;
                    if allowed && !crosses_paragraph && fits {
                        choice = Some(candidate);
                    }
                }
            }
            if let Some(candidate) = choice {
                moved = true;
                let first = line_start..candidate;
                let second = candidate..line_end;
                let (first_width, second_width) =
                    (self.width_em(first.clone()), self.width_em(second.clone()));
                if let Some(line) = broken.lines.get_mut(index - 1) {
                    line.units = first;
                    line.width_em = first_width;
                }
                if let Some(line) = broken.lines.get_mut(index) {
                    line.units = second;
                    line.width_em = second_width;
                }
            }
        }
        moved
    }

    /// Short text (at most [`NAME_LIKE_MAX_CHARS`] characters), such as a
    /// station name or a title: left-aligned, it too gets balanced lines broken between the
    /// parts of a name (same number of lines as the plain breaks).
    /// Longer text (paragraphs) keeps its plain breaks, so justified lines stay full.
    fn is_name_like(&self) -> bool {
        self.units.len() <= NAME_LIKE_MAX_CHARS
    }

    /// Width in em of the units in `range`, trailing spaces excluded.
    fn width_em(&self, range: std::ops::Range<usize>) -> f32 {
        self.units
            .get(range)
            .unwrap_or_default()
            .iter()
            .rev()
            .skip_while(|unit| unit.ch == ' ')
            .map(|unit| unit.advance_em)
            .sum()
    }

    /// Widest unbreakable run in em (a line can never be narrower than this without forcing).
    pub fn longest_word_em(&self) -> f32 {
        let mut longest = 0.0f32;
        let mut current = 0.0f32;
        for unit in &self.units {
            if unit.break_before {
                current = 0.0;
            }
            current += unit.advance_em;
            longest = longest.max(current);
        }
        longest
    }

    /// Width of the whole text on one line, in em.
    pub fn single_line_em(&self) -> f32 {
        self.units.iter().map(|unit| unit.advance_em).sum()
    }

    /// Builds positioned text lines for `lines` at `size_pt`, the first baseline at `first_baseline`.
    #[allow(clippy::too_many_arguments)]
    pub fn place(
        &self,
        lines: &[BrokenLine],
        size_pt: f32,
        line_height: f32,
        first_baseline: f32,
        area: Rect,
        align: Align,
        weight: Weight,
        color: Rgb,
    ) -> Vec<TextLine> {
        let mut out = Vec::with_capacity(lines.len());
        for (index, line) in lines.iter().enumerate() {
            let units: Vec<&Unit> = self
                .units
                .get(line.units.clone())
                .unwrap_or_default()
                .iter()
                .collect();
            // Drop trailing spaces.
            let visible = units
                .iter()
                .rposition(|unit| unit.ch != ' ')
                .map_or(0, |last| last + 1);
            let units = units.get(..visible).unwrap_or_default();
            let width_pt = line.width_em * size_pt;
            let slack = (area.width - width_pt).max(0.0);
            let justify = align == Align::Justify
                && !line.ends_paragraph
                && units.len() > 1
                && units.iter().any(|unit| is_cjk(unit.ch))
                && slack < area.width * 0.25;
            let x = match align {
                Align::Left | Align::Justify => area.x,
                Align::Center => area.x + slack / 2.0,
                Align::Right => area.x + slack,
            };
            let extra = if justify {
                slack / (units.len() - 1) as f32
            } else {
                0.0
            };
            // The line's text holds exactly the drawn characters (no joiners, no characters
            // without a glyph), so copying from the PDF gives what is printed.
            let mut text = String::with_capacity(units.len() * 3);
            let mut cursor = 0.0;
            let mut glyphs = Vec::with_capacity(units.len());
            for (position, unit) in units.iter().enumerate() {
                let advance = unit.advance_em * size_pt
                    + if position + 1 < units.len() {
                        extra
                    } else {
                        0.0
                    };
                let start = text.len();
                text.push(unit.ch);
                glyphs.push(PlacedGlyph {
                    face: Arc::clone(&unit.face),
                    glyph_id: unit.glyph,
                    x_pt: cursor,
                    advance_pt: advance,
                    text_range: start..text.len(),
                });
                cursor += advance;
            }
            out.push(TextLine {
                origin: Point::new(x, first_baseline + index as f32 * size_pt * line_height),
                size_pt,
                weight,
                color,
                text,
                glyphs,
                bounds: area,
            });
        }
        out
    }
}

/// The outcome of fitting text into a box.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// Positioned lines (only those that fit).
    pub lines: Vec<TextLine>,
    /// The size chosen.
    pub size_pt: f32,
    /// Height actually used.
    pub used_height: f32,
    /// Some text did not fit even at the minimum size and was left out.
    pub overflow: bool,
    /// Characters no font has.
    pub missing: Vec<char>,
    /// A word had to be split by force.
    pub forced: bool,
}

/// Height of `lines` lines at `size_pt`.
pub fn block_height(lines: usize, size_pt: f32, line_height: f32) -> f32 {
    if lines == 0 {
        return 0.0;
    }
    size_pt * (EM_BOX_ABOVE + EM_BOX_BELOW) + (lines - 1) as f32 * size_pt * line_height
}

/// Finds the largest size (between the style's max and min) at which `text` fits in `area`.
pub fn fit(fonts: &Fonts, text: &str, area: Rect, style: &FitStyle) -> Fitted {
    let measured = Measured::new(fonts, text, style.weight);
    fit_measured(&measured, area, style)
}

/// [`fit`] for text already measured.
pub fn fit_measured(measured: &Measured, area: Rect, style: &FitStyle) -> Fitted {
    let empty = Fitted {
        lines: Vec::new(),
        size_pt: style.max_size_pt,
        used_height: 0.0,
        overflow: false,
        missing: measured.missing.clone(),
        forced: false,
    };
    if measured.is_empty() {
        return empty;
    }
    if area.width <= 0.0 || area.height <= 0.0 {
        return Fitted {
            overflow: true,
            ..empty
        };
    }
    let max = style.max_size_pt.max(style.min_size_pt);
    let min = style.min_size_pt.min(max).max(0.5);
    let fits = |size: f32| -> Option<Broken> {
        let broken = if style.align == Align::Center || measured.is_name_like() {
            measured.break_balanced(area.width / size)
        } else {
            measured.break_lines(area.width / size)
        };
        let count_ok = style.max_lines == 0 || broken.lines.len() <= style.max_lines;
        let height_ok =
            block_height(broken.lines.len(), size, style.line_height) <= area.height + 1e-3;
        (count_ok && height_ok && !broken.forced).then_some(broken)
    };
    let mut chosen: Option<(f32, Broken)> = fits(max).map(|broken| (max, broken));
    if chosen.is_none() {
        let (mut low, mut high) = (min, max);
        if let Some(broken) = fits(min) {
            chosen = Some((min, broken));
            for _ in 0..14 {
                let middle = (low + high) / 2.0;
                match fits(middle) {
                    Some(broken) => {
                        low = middle;
                        chosen = Some((middle, broken));
                    }
                    None => high = middle,
                }
                if high - low < 0.1 {
                    break;
                }
            }
        }
    }
    let (size, broken, overflow) = match chosen {
        Some((size, broken)) => (size, broken, false),
        None => {
            // Does not fit even at the minimum: keep the lines that fit, report the rest.
            let size = min;
            let mut broken = measured.break_lines(area.width / size);
            let mut limit = ((area.height - size * (EM_BOX_ABOVE + EM_BOX_BELOW))
                / (size * style.line_height))
                .floor()
                .max(-1.0) as i64
                + 1;
            if style.max_lines > 0 {
                limit = limit.min(style.max_lines as i64);
            }
            let limit = limit.max(0) as usize;
            let overflow = broken.lines.len() > limit;
            broken.lines.truncate(limit);
            let overflow = overflow || broken.forced;
            (size, broken, overflow)
        }
    };
    let used_height = block_height(broken.lines.len(), size, style.line_height);
    let top = match style.valign {
        VerticalAlign::Top => area.y,
        VerticalAlign::Middle => area.y + (area.height - used_height).max(0.0) / 2.0,
        VerticalAlign::Bottom => area.y + (area.height - used_height).max(0.0),
    };
    let lines = measured.place(
        &broken.lines,
        size,
        style.line_height,
        top + size * EM_BOX_ABOVE,
        area,
        style.align,
        style.weight,
        style.color,
    );
    Fitted {
        lines,
        size_pt: size,
        used_height,
        overflow,
        missing: measured.missing.clone(),
        forced: broken.forced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::bundled;

    fn lines_at(text: &str, width_em: f32) -> Vec<String> {
        let measured = Measured::new(bundled(), text, Weight::Regular);
        let broken = measured.break_lines(width_em);
        measured
            .place(
                &broken.lines,
                10.0,
                1.2,
                10.0,
                Rect::new(0.0, 0.0, width_em * 10.0, 1000.0),
                Align::Left,
                Weight::Regular,
                Rgb::BLACK,
            )
            .into_iter()
            .map(|line| line.text)
            .collect()
    }

    fn balanced_at(text: &str, width_em: f32) -> Vec<String> {
        let measured = Measured::new(bundled(), text, Weight::Bold);
        let broken = measured.break_balanced(width_em);
        broken
            .lines
            .iter()
            .map(|line| {
                measured
                    .units
                    .get(line.units.clone())
                    .unwrap_or_default()
                    .iter()
                    .map(|unit| unit.ch)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn balanced_names_break_between_their_parts() {
        let name = "青禾县石门镇社会工作服务站暨未成年人保护工作站";
        assert_eq!(
            balanced_at(name, 9.2),
            ["青禾县石门镇", "社会工作服务站暨", "未成年人保护工作站"]
        );
        assert_eq!(
            balanced_at("社会工作服务站暨未成年人保护工作站", 10.0),
            ["社会工作服务站暨", "未成年人保护工作站"]
        );
        // A break already between parts stays; the line count never changes.
        assert_eq!(
            balanced_at("青禾县柳溪镇社会工作服务站", 8.0),
            ["青禾县柳溪镇", "社会工作服务站"]
        );
        // No boundary within reach: the balanced break is kept.
        let plain = balanced_at("关爱一小一老推进五社联动服务群众", 8.5);
        assert_eq!(plain.len(), 2);
        assert_eq!(plain.concat(), "关爱一小一老推进五社联动服务群众");
        // Left-aligned names too (the simple design's plaque), through fit.
        let measured = Measured::new(bundled(), name, Weight::Bold);
        let style = FitStyle {
            weight: Weight::Bold,
            max_size_pt: 10.0,
            min_size_pt: 10.0,
            line_height: 1.2,
            color: Rgb::BLACK,
            align: Align::Left,
            valign: VerticalAlign::Top,
            max_lines: 0,
        };
        let fitted = fit_measured(&measured, Rect::new(0.0, 0.0, 92.0, 1000.0), &style);
        let texts: Vec<String> = fitted.lines.iter().map(|line| line.text.clone()).collect();
        assert_eq!(
            texts,
            ["青禾县石门镇", "社会工作服务站暨", "未成年人保护工作站"]
        );
        // A name set on two lines by the design (place, then kind) balances its second part.
        assert_eq!(
            balanced_at("青禾县石门镇\n社会工作服务站暨未成年人保护工作站", 10.2),
            ["青禾县石门镇", "社会工作服务站暨", "未成年人保护工作站"]
        );
        // Never wider than the box: at 8 em the 9-character tail cannot move.
        for line in balanced_at(name, 8.0) {
            assert!(line.chars().count() <= 8, "{line}");
        }
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // 5 em wide: a naive break would put "，" at the start of line 2.
        let lines = lines_at("社工站服务，关爱一小一老。", 5.0);
        for line in &lines {
            let first = line.chars().next().unwrap_or(' ');
            assert!(!NO_LINE_START.contains(first), "{lines:?}");
        }
        let lines = lines_at("我们的站点《社会工作》很好", 5.0);
        for line in &lines {
            let last = line.chars().last().unwrap_or(' ');
            assert!(!NO_LINE_END.contains(last), "{lines:?}");
        }
    }

    #[test]
    fn phone_numbers_and_addresses_are_not_split() {
        for text in [
            "联系电话：138 0000 0001，欢迎来电咨询",
            "服务热线0000-6601234（工作日）",
            "邮箱liuxi-sgz@example.org欢迎来信",
        ] {
            let lines = lines_at(text, 13.0);
            let joined: String = lines.concat();
            for token in ["138 0000 0001", "0000-6601234", "liuxi-sgz@example.org"] {
                if text.contains(token) {
                    assert!(
                        lines.iter().any(|line| line.contains(token)),
                        "{token} split in {lines:?} ({joined})"
                    );
                }
            }
        }
    }

    #[test]
    fn shrink_to_fit_picks_a_size_between_max_and_min() {
        let style = FitStyle {
            weight: Weight::Bold,
            max_size_pt: 100.0,
            min_size_pt: 10.0,
            line_height: 1.2,
            color: Rgb::BLACK,
            align: Align::Center,
            valign: VerticalAlign::Middle,
            max_lines: 1,
        };
        let area = Rect::new(0.0, 0.0, 300.0, 200.0);
        let fitted = fit(bundled(), "青禾县柳溪镇社会工作服务站", area, &style);
        assert!(!fitted.overflow);
        assert_eq!(fitted.lines.len(), 1);
        assert!(
            fitted.size_pt < 100.0 && fitted.size_pt > 20.0,
            "{}",
            fitted.size_pt
        );
        let width: f32 = fitted
            .lines
            .iter()
            .flat_map(|line| &line.glyphs)
            .map(|glyph| glyph.advance_pt)
            .sum();
        assert!(width <= 300.0 + 0.01 && width > 280.0, "{width}");
    }

    #[test]
    fn overflow_is_reported_and_nothing_leaves_the_box() {
        let style = FitStyle {
            weight: Weight::Regular,
            max_size_pt: 12.0,
            min_size_pt: 10.0,
            line_height: 1.4,
            color: Rgb::BLACK,
            align: Align::Justify,
            valign: VerticalAlign::Top,
            max_lines: 0,
        };
        let area = Rect::new(5.0, 5.0, 100.0, 40.0);
        let fitted = fit(bundled(), &"社会工作服务站简介。".repeat(40), area, &style);
        assert!(fitted.overflow);
        assert!(!fitted.lines.is_empty());
        for line in &fitted.lines {
            let extent = line.extent(EM_BOX_ABOVE, EM_BOX_BELOW);
            assert!(area.contains(&extent, 0.01), "{extent:?} outside {area:?}");
        }
    }

    #[test]
    fn missing_characters_are_reported_not_drawn() {
        let fitted = fit(
            bundled(),
            "王😀磊",
            Rect::new(0.0, 0.0, 200.0, 50.0),
            &FitStyle {
                weight: Weight::Regular,
                max_size_pt: 20.0,
                min_size_pt: 10.0,
                line_height: 1.2,
                color: Rgb::BLACK,
                align: Align::Left,
                valign: VerticalAlign::Top,
                max_lines: 0,
            },
        );
        assert_eq!(fitted.missing, vec!['😀']);
        assert_eq!(fitted.lines.first().map(|line| line.glyphs.len()), Some(2));
    }
}
