//! The one text engine: text into shaped glyphs, lines and positioned lines, and shrink-to-fit
//! of text into a box. Layout, the PDF and the preview all use what it makes.
//!
//! The steps: [`shape`] (NFC, bidi levels by UAX #9, script runs and faces, harfrust shaping
//! into clusters), [`breaks`] (UAX #14 with kinsoku and per-script rules), then here: lines
//! (greedy, or balanced for names and titles, breaking between the parts of an official name),
//! and placing a line (clusters reordered visually by UAX #9 rule L2, justification that only
//! stretches full lines, by a bounded amount, and never inside a joining script's word).
//! Vertical text ([`FitStyle::vertical`]): columns run top to bottom and follow each other left
//! to right in text with Mongolian, right to left in Chinese (the Chinese convention: a name
//! broken into two columns starts in the right one); Mongolian (and Latin, digits) is shaped
//! horizontally and turned 90° clockwise; Chinese stands upright with the vertical forms of its
//! punctuation.

mod breaks;
mod shape;

use std::sync::Arc;

pub use self::breaks::{NO_LINE_END, NO_LINE_START};
use self::shape::{BreakBefore, Cluster, ClusterKind, Shaped};
use crate::fonts::{Fonts, Weight};
pub use crate::frame::{Align, VerticalAlign};
use crate::frame::{PlacedGlyph, Point, Rect, Rgb, TextLine, TextRotation};

/// Vertical extent of a line's ink, in em above and below the baseline (the ideographic em box).
pub const EM_BOX_ABOVE: f32 = 0.88;
/// See [`EM_BOX_ABOVE`].
pub const EM_BOX_BELOW: f32 = 0.12;

/// The most space justification adds between two Chinese characters, in em: a line that would
/// need more is left unjustified (clreq 3.8: a justified line must not look spaced out).
const MAX_IDEOGRAPHIC_STRETCH_EM: f32 = 0.25;
/// The most space justification adds to one word space (Latin, Arabic script, Mongolian), in em.
const MAX_SPACE_STRETCH_EM: f32 = 0.6;

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
    /// Horizontal alignment (at the reading start of a right-to-left paragraph: `left` means
    /// the start, so a Uyghur paragraph set `left` is flush right). In vertical text: along
    /// each column (left = top, center = middle, right = bottom).
    pub align: Align,
    /// Vertical alignment. In vertical text: where the columns sit across the box (top = left,
    /// middle = centre, bottom = right).
    pub valign: VerticalAlign,
    /// At most this many lines (columns in vertical text; 0 = no limit).
    pub max_lines: usize,
    /// Vertical text: columns top to bottom, left to right (traditional Mongolian).
    pub vertical: bool,
}

/// A line broken at em size (size-independent).
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenLine {
    /// Indices into the clusters.
    units: std::ops::Range<usize>,
    /// Width in em, trailing spaces excluded.
    pub width_em: f32,
    /// Whether this line ends a paragraph (no justification).
    pub ends_paragraph: bool,
}

/// Text measured (shaped) once and broken into lines at any width.
#[derive(Debug, Clone)]
pub struct Measured {
    shaped: Shaped,
    /// Characters no font has (left out when drawing, reported).
    pub missing: Vec<char>,
    /// Ink above the baseline, in em (at least the ideographic em box).
    above_em: f32,
    /// Ink below the baseline, in em.
    below_em: f32,
}

/// Result of breaking: lines, and whether an unbreakable word had to be split.
#[derive(Debug, Clone)]
pub struct Broken {
    /// The lines.
    pub lines: Vec<BrokenLine>,
    /// A word, number or address was wider than the line and was split by force.
    pub forced: bool,
}

/// The longest Chinese text treated as a name or title by [`Measured::is_name_like`] (real
/// station names run to 36 characters).
const NAME_LIKE_MAX_CHARS: usize = 48;
/// The same for text in other scripts (a Uyghur name runs to twice the Chinese length).
const NAME_LIKE_MAX_OTHER: usize = 120;

/// How many clusters a balanced break may move to reach a name boundary.
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
/// (see [`Measured::prefer_name_boundaries`]). In scripts written with spaces every break is
/// at a space, between words.
fn is_name_boundary(chars: &[char], index: usize) -> bool {
    let (Some(head), Some(tail)) = (chars.get(..index), chars.get(index..)) else {
        return false;
    };
    if head.last().is_some_and(|ch| *ch == ' ') {
        return true;
    }
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

/// The vertical presentation form of CJK punctuation (Unicode's Vertical Forms and CJK
/// Compatibility Forms), used upright in vertical text.
fn vertical_form(ch: char) -> Option<char> {
    Some(match ch {
        '，' => '︐',
        '、' => '︑',
        '。' => '︒',
        '：' => '︓',
        '；' => '︔',
        '！' => '︕',
        '？' => '︖',
        '「' | '“' => '﹁',
        '」' | '”' => '﹂',
        '『' | '‘' => '﹃',
        '』' | '’' => '﹄',
        '（' => '︵',
        '）' => '︶',
        '《' => '︽',
        '》' => '︾',
        '【' => '︻',
        '】' => '︼',
        '〔' => '︹',
        '〕' => '︺',
        '〈' => '︿',
        '〉' => '﹀',
        '…' => '︙',
        '—' => '︱',
        '～' => '︴',
        _ => return None,
    })
}

impl Measured {
    /// Shapes `text` in the faces of `weight`. Newlines are paragraph breaks.
    pub fn new(fonts: &Fonts, text: &str, weight: Weight) -> Measured {
        let shaped = Shaped::new(fonts, text, weight);
        let above_em = shaped
            .clusters
            .iter()
            .map(|cluster| cluster.ink_above_em)
            .fold(EM_BOX_ABOVE, f32::max);
        let below_em = shaped
            .clusters
            .iter()
            .map(|cluster| cluster.ink_below_em)
            .fold(EM_BOX_BELOW, f32::max);
        Measured {
            missing: shaped.missing.clone(),
            shaped,
            above_em,
            below_em,
        }
    }

    fn units(&self) -> &[Cluster] {
        &self.shaped.clusters
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        self.units()
            .iter()
            .all(|unit| unit.kind == ClusterKind::Space)
    }

    /// The text as it is set (NFC, newlines between paragraphs).
    pub fn text(&self) -> &str {
        &self.shaped.text
    }

    /// Ink above and below the baseline, in em: the ideographic em box for Chinese, more for
    /// Tibetan stacks and Arabic marks.
    pub fn ink_em(&self) -> (f32, f32) {
        (self.above_em, self.below_em)
    }

    /// Distance between baselines, as a multiple of the size: the style's line height, or more
    /// where the ink needs it (a Tibetan line set at 1.2 would touch the next).
    pub fn pitch(&self, line_height: f32) -> f32 {
        line_height.max(self.above_em + self.below_em)
    }

    /// Height of `lines` lines at `size_pt` (see [`block_height`]), with this text's ink.
    pub fn block_height(&self, lines: usize, size_pt: f32, line_height: f32) -> f32 {
        if lines == 0 {
            return 0.0;
        }
        size_pt * (self.above_em + self.below_em)
            + (lines - 1) as f32 * size_pt * self.pitch(line_height)
    }

    /// The clusters of each paragraph (a newline starts a new one).
    fn paragraphs(&self) -> Vec<std::ops::Range<usize>> {
        let units = self.units();
        let mut out = Vec::new();
        let mut start = 0;
        for (index, unit) in units.iter().enumerate() {
            if index > start && unit.must_break_before {
                out.push(start..index);
                start = index;
            }
        }
        if start < units.len() {
            out.push(start..units.len());
        }
        out
    }

    /// Breaks into lines no wider than `max_width_em`: as much on each line as fits, at the
    /// allowed breaks; a word wider than a line breaks after / . @ - _ before it is split
    /// anywhere (`forced`). A paragraph's last line never holds a single Chinese character
    /// alone when one more can come down with it (不因 / 身份, not 不因身 / 份).
    pub fn break_lines(&self, max_width_em: f32) -> Broken {
        self.each_paragraph(|paragraph| self.break_paragraph(paragraph, max_width_em))
    }

    /// The lines of every paragraph, each broken by `breaker`, one after the other.
    fn each_paragraph(&self, breaker: impl Fn(std::ops::Range<usize>) -> Broken) -> Broken {
        let mut broken = Broken {
            lines: Vec::new(),
            forced: false,
        };
        for paragraph in self.paragraphs() {
            let part = breaker(paragraph);
            broken.forced |= part.forced;
            broken.lines.extend(part.lines);
        }
        broken
    }

    /// [`Measured::break_lines`] for one paragraph's clusters.
    fn break_paragraph(&self, paragraph: std::ops::Range<usize>, max_width_em: f32) -> Broken {
        let mut lines: Vec<BrokenLine> = Vec::new();
        let mut forced = false;
        let units = self.units();
        let stop = paragraph.end.min(units.len());
        let mut start = paragraph.start;
        while start < stop {
            // Skip spaces at the start of a line (not the paragraph's first line).
            while start < stop
                && !lines.is_empty()
                && units
                    .get(start)
                    .is_some_and(|u| u.kind == ClusterKind::Space)
            {
                start += 1;
            }
            if start >= stop {
                break;
            }
            let mut width = 0.0f32;
            // Ink reaching past the clusters' advances (a Tibetan naro): at most this much
            // at either end of the line.
            let mut overhang = 0.0f32;
            let mut last_break: Option<usize> = None;
            let mut last_in_word: Option<usize> = None;
            let mut end = start;
            while end < stop {
                let Some(unit) = units.get(end) else { break };
                if end > start {
                    match unit.break_before {
                        BreakBefore::Allowed => last_break = Some(end),
                        BreakBefore::InWord => last_in_word = Some(end),
                        BreakBefore::Never => {}
                    }
                }
                let trailing_space = unit.kind == ClusterKind::Space;
                let reach = overhang.max(unit.ink_left_em + unit.ink_right_em);
                if !trailing_space
                    && width + unit.advance_em + reach > max_width_em + 1e-4
                    && end > start
                {
                    break;
                }
                overhang = reach;
                width += unit.advance_em;
                end += 1;
            }
            let mut line_end = end;
            if end < stop {
                match (last_break, last_in_word) {
                    (Some(index), _) if index > start => line_end = index,
                    (_, Some(index)) if index > start => line_end = index,
                    _ => {
                        // No allowed break inside: split the word by force.
                        forced = true;
                        line_end = end.max(start + 1);
                    }
                }
            }
            lines.push(BrokenLine {
                units: start..line_end,
                width_em: self.width_em(start..line_end),
                ends_paragraph: line_end >= stop,
            });
            start = line_end;
        }
        self.avoid_lone_last_character(&mut lines);
        Broken { lines, forced }
    }

    /// Moves one more Chinese character down to a paragraph's last line when it would hold a
    /// single character (and punctuation) alone, if the break before it is allowed.
    fn avoid_lone_last_character(&self, lines: &mut [BrokenLine]) {
        let count = lines.len();
        if count < 2 {
            return;
        }
        let (Some(before), Some(last)) = (lines.get(count - 2), lines.get(count - 1)) else {
            return;
        };
        let units = self.units().get(last.units.clone()).unwrap_or_default();
        let letters = units
            .iter()
            .filter(|unit| !NO_LINE_START.contains(unit.first_char))
            .count();
        let all_ideographic = units
            .iter()
            .all(|unit| unit.kind == ClusterKind::Ideographic);
        if letters != 1 || !all_ideographic {
            return;
        }
        let candidate = last.units.start.saturating_sub(1);
        let allowed = candidate > before.units.start + 1
            && self
                .units()
                .get(candidate)
                .is_some_and(|unit| unit.break_before == BreakBefore::Allowed);
        if !allowed {
            return;
        }
        let (first, second) = (before.units.start..candidate, candidate..last.units.end);
        let (first_width, second_width) =
            (self.width_em(first.clone()), self.width_em(second.clone()));
        if let Some(line) = lines.get_mut(count - 2) {
            line.units = first;
            line.width_em = first_width;
        }
        if let Some(line) = lines.get_mut(count - 1) {
            line.units = second;
            line.width_em = second_width;
        }
    }

    /// Breaks into as many lines as [`Measured::break_lines`] would, but with each
    /// paragraph's line lengths as even as possible (for centred headings: 残疾人 / 服务 rather
    /// than 残疾人服 / 务), and, for names, between the parts of the name whenever the lines
    /// still fit.
    pub fn break_balanced(&self, max_width_em: f32) -> Broken {
        self.each_paragraph(|paragraph| self.balance_paragraph(paragraph, max_width_em))
    }

    /// [`Measured::break_balanced`] for one paragraph's clusters.
    fn balance_paragraph(&self, paragraph: std::ops::Range<usize>, max_width_em: f32) -> Broken {
        let greedy = self.break_paragraph(paragraph.clone(), max_width_em);
        let count = greedy.lines.len();
        if count < 2 || greedy.forced {
            return greedy;
        }
        if let Some(lines) = self.break_at_name_boundaries(paragraph.clone(), count, max_width_em) {
            return Broken {
                lines,
                forced: false,
            };
        }
        let longest = self.longest_word_em();
        let (mut low, mut high) = (
            longest
                .max(max_width_em / count as f32 * 0.9)
                .min(max_width_em),
            max_width_em,
        );
        let mut best = greedy;
        for _ in 0..12 {
            let middle = (low + high) / 2.0;
            let candidate = self.break_paragraph(paragraph.clone(), middle);
            if candidate.lines.len() <= count && !candidate.forced {
                high = middle;
                best = candidate;
            } else {
                low = middle;
            }
        }
        self.prefer_name_boundaries(best, max_width_em)
    }

    /// `count` lines of a paragraph, each no wider than `max_width_em`, broken only between the
    /// parts of an official name (新疆维吾尔自治区 / 昌吉回族自治州吉木萨尔县 /
    /// 北庭镇社会工作服务站; in scripts written with spaces, at spaces), the widest as narrow as
    /// possible; `None` for text that is not a name, or when no such breaks fit.
    fn break_at_name_boundaries(
        &self,
        paragraph: std::ops::Range<usize>,
        count: usize,
        max_width_em: f32,
    ) -> Option<Vec<BrokenLine>> {
        let units = self.units();
        if !self.is_name_like() || !self.looks_like_official_name() {
            return None;
        }
        let chars: Vec<char> = units.iter().map(|unit| unit.first_char).collect();
        // In scripts without Chinese characters every allowed break is between words (spaces,
        // Tibetan tsheg): the lines are simply balanced.
        let spaced = !units
            .iter()
            .any(|unit| unit.kind == ClusterKind::Ideographic);
        let mut points: Vec<usize> = vec![paragraph.start];
        points.extend((paragraph.start + 1..paragraph.end).filter(|&index| {
            units
                .get(index)
                .is_some_and(|unit| unit.break_before == BreakBefore::Allowed)
                && (spaced || is_name_boundary(&chars, index))
        }));
        points.push(paragraph.end);
        // best[k][j]: the narrowest widest line breaking up to points[j] into k lines, and
        // where the last of those lines starts.
        let n = points.len();
        let infinite = f32::INFINITY;
        let mut best = vec![vec![(infinite, 0usize); n]; count + 1];
        if let Some(first) = best.get_mut(0).and_then(|row| row.get_mut(0)) {
            *first = (0.0, 0);
        }
        for lines in 1..=count {
            for j in 1..n {
                for i in 0..j {
                    let previous = best
                        .get(lines - 1)
                        .and_then(|row| row.get(i))
                        .map_or(infinite, |entry| entry.0);
                    if !previous.is_finite() {
                        continue;
                    }
                    let (Some(&from), Some(&to)) = (points.get(i), points.get(j)) else {
                        continue;
                    };
                    let width = self.width_em(self.skip_spaces(from, to)..to);
                    if width > max_width_em + 1e-4 {
                        continue;
                    }
                    let widest = previous.max(width);
                    if let Some(entry) = best.get_mut(lines).and_then(|row| row.get_mut(j))
                        && widest < entry.0 - 1e-6
                    {
                        *entry = (widest, i);
                    }
                }
            }
        }
        if !best
            .get(count)
            .and_then(|row| row.get(n - 1))?
            .0
            .is_finite()
        {
            return None;
        }
        let mut cuts = vec![n - 1];
        let mut j = n - 1;
        for lines in (1..=count).rev() {
            let i = best.get(lines).and_then(|row| row.get(j))?.1;
            cuts.push(i);
            j = i;
        }
        cuts.reverse();
        let mut out = Vec::with_capacity(count);
        for pair in cuts.windows(2) {
            let (Some(&i), Some(&j)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            let (Some(&from), Some(&to)) = (points.get(i), points.get(j)) else {
                continue;
            };
            let from = if from == paragraph.start {
                from
            } else {
                self.skip_spaces(from, to)
            };
            out.push(BrokenLine {
                units: from..to,
                width_em: self.width_em(from..to),
                ends_paragraph: to >= paragraph.end,
            });
        }
        Some(out)
    }

    /// The first cluster at or after `index` (and before `end`) that is not a space: lines
    /// after the first do not start with one.
    fn skip_spaces(&self, mut index: usize, end: usize) -> usize {
        while index < end
            && self
                .units()
                .get(index)
                .is_some_and(|unit| unit.kind == ClusterKind::Space)
        {
            index += 1;
        }
        index
    }

    /// Moves each break of `broken` by at most [`NAME_BREAK_REACH`] clusters to the nearest
    /// boundary between the parts of an official name (after 暨, 县, 镇, 街道…; before 社会工作服务站,
    /// 未成年人…), when the lines around it still fit `max_width_em`: a sign painter breaks
    /// 青禾县石门镇 / 社会工作服务站暨 / 未成年人保护工作站, never 服务站暨未 / 成年人. The number
    /// of lines never changes; kinsoku and paragraph breaks are kept.
    fn prefer_name_boundaries(&self, mut broken: Broken, max_width_em: f32) -> Broken {
        if broken.lines.len() < 2 || broken.forced {
            return broken;
        }
        let chars: Vec<char> = self.units().iter().map(|unit| unit.first_char).collect();
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
                        .units()
                        .get(candidate)
                        .is_some_and(|unit| unit.break_before == BreakBefore::Allowed);
                    let (low, high) = (current.min(candidate), current.max(candidate));
                    let crosses_paragraph = self
                        .units()
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

    /// Whether the text reads like the official name of a place (…社会工作服务站, …服务中心), or
    /// is written in a script with spaces between words, where every break falls between words:
    /// only such text is broken at name boundaries alone ([`Measured::break_at_name_boundaries`]);
    /// an address or a phone number with its office keeps its balanced breaks.
    fn looks_like_official_name(&self) -> bool {
        const KINDS: [&str; 7] = [
            "社会工作服务站",
            "社会工作站",
            "社工站",
            "工作站",
            "服务站",
            "服务中心",
            "服务设施",
        ];
        let ideographic = self
            .units()
            .iter()
            .any(|unit| unit.kind == ClusterKind::Ideographic);
        !ideographic || KINDS.iter().any(|kind| self.shaped.text.contains(kind))
    }

    /// Short text, such as a station name or a title (at most [`NAME_LIKE_MAX_CHARS`] Chinese
    /// characters, or [`NAME_LIKE_MAX_OTHER`] letters in other scripts): left-aligned, it too
    /// gets balanced lines broken between the parts of a name (same number of lines as the plain
    /// breaks). Longer text (paragraphs) keeps its plain breaks, so justified lines stay full.
    pub fn is_name_like(&self) -> bool {
        let units = self.units();
        let ideographic = units
            .iter()
            .any(|unit| unit.kind == ClusterKind::Ideographic);
        units.len()
            <= if ideographic {
                NAME_LIKE_MAX_CHARS
            } else {
                NAME_LIKE_MAX_OTHER
            }
    }

    /// Width in em of the clusters in `range`, trailing spaces excluded, with the ink that
    /// reaches past the line's ends (see [`ink_edges_em`]).
    fn width_em(&self, range: std::ops::Range<usize>) -> f32 {
        let units = self.units().get(range).unwrap_or_default();
        let visible = units
            .iter()
            .rposition(|unit| unit.kind != ClusterKind::Space)
            .map_or(0, |last| last + 1);
        let units = units.get(..visible).unwrap_or_default();
        let (lead, tail) = ink_edges_em(units);
        units.iter().map(|unit| unit.advance_em).sum::<f32>() + lead + tail
    }

    /// Widest unbreakable run in em (a line can never be narrower than this without forcing).
    pub fn longest_word_em(&self) -> f32 {
        let mut longest = 0.0f32;
        let mut current = 0.0f32;
        for unit in self.units() {
            if unit.break_before != BreakBefore::Never || unit.must_break_before {
                current = 0.0;
            }
            current += unit.advance_em;
            longest = longest.max(current);
        }
        longest
    }

    /// Width of the whole text on one line, in em.
    pub fn single_line_em(&self) -> f32 {
        let (lead, tail) = ink_edges_em(self.units());
        self.units().iter().map(|unit| unit.advance_em).sum::<f32>() + lead + tail
    }

    /// The clusters of a line without its trailing spaces.
    fn visible(&self, line: &BrokenLine) -> &[Cluster] {
        let units = self.units().get(line.units.clone()).unwrap_or_default();
        let visible = units
            .iter()
            .rposition(|unit| unit.kind != ClusterKind::Space)
            .map_or(0, |last| last + 1);
        units.get(..visible).unwrap_or_default()
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
        let pitch = self.pitch(line_height);
        let mut out = Vec::with_capacity(lines.len());
        for (index, line) in lines.iter().enumerate() {
            let units = self.visible(line);
            let rtl = units
                .first()
                .is_some_and(|unit| unit.paragraph_level % 2 == 1);
            let order = visual_order(units);
            let width_pt = line.width_em * size_pt;
            let slack = (area.width - width_pt).max(0.0);
            // Justification: the gaps that may stretch, in visual order.
            let gaps: Vec<f32> = order
                .windows(2)
                .map(|pair| match (pair.first(), pair.get(1)) {
                    (Some(&a), Some(&b)) => match (units.get(a), units.get(b)) {
                        (Some(a), Some(b)) => stretch_limit(a, b),
                        _ => 0.0,
                    },
                    _ => 0.0,
                })
                .collect();
            let capacity: f32 = gaps.iter().map(|limit| limit * size_pt).sum();
            let justify = align == Align::Justify
                && !line.ends_paragraph
                && capacity > 0.0
                && slack <= capacity + 1e-3;
            let fill = if justify && capacity > 0.0 {
                slack / capacity
            } else {
                0.0
            };
            let physical = match (align, rtl) {
                (Align::Left | Align::Justify, false) | (Align::Right, true) => Align::Left,
                (Align::Left | Align::Justify, true) | (Align::Right, false) => Align::Right,
                (Align::Center, _) => Align::Center,
            };
            let x = match physical {
                _ if justify => area.x,
                Align::Center => area.x + slack / 2.0,
                Align::Right => area.x + slack,
                Align::Left | Align::Justify => area.x,
            };
            let (text, ranges) = self.line_text(units);
            let mut cursor = ink_edges_em(units).0 * size_pt;
            let mut glyphs = Vec::with_capacity(units.len());
            for (position, &cluster_index) in order.iter().enumerate() {
                let Some(cluster) = units.get(cluster_index) else {
                    continue;
                };
                let text_range = ranges.get(cluster_index).cloned().unwrap_or(0..0);
                let extra = gaps.get(position).copied().unwrap_or(0.0) * size_pt * fill;
                let cluster_glyphs = self
                    .shaped
                    .glyphs
                    .get(cluster.glyphs.clone())
                    .unwrap_or_default();
                let count = cluster_glyphs.len();
                for (glyph_index, glyph) in cluster_glyphs.iter().enumerate() {
                    let advance = glyph.advance_em * size_pt
                        + if glyph_index + 1 == count { extra } else { 0.0 };
                    glyphs.push(PlacedGlyph {
                        face: Arc::clone(&glyph.face),
                        glyph_id: glyph.glyph_id,
                        x_pt: cursor + glyph.x_offset_em * size_pt,
                        y_pt: glyph.y_offset_em * size_pt,
                        advance_pt: advance,
                        text_range: text_range.clone(),
                    });
                    cursor += advance;
                }
            }
            out.push(TextLine {
                origin: Point::new(x, first_baseline + index as f32 * size_pt * pitch),
                size_pt,
                weight,
                color,
                text,
                glyphs,
                bounds: area,
                rotation: TextRotation::None,
                above_em: self.above_em,
                below_em: self.below_em,
            });
        }
        out
    }

    /// The logical text of a line's clusters (exactly the drawn characters, so copying from
    /// the PDF gives what is printed) and each cluster's byte range in it.
    fn line_text(&self, units: &[Cluster]) -> (String, Vec<std::ops::Range<usize>>) {
        let mut text = String::with_capacity(units.len() * 3);
        let mut ranges = Vec::with_capacity(units.len());
        for unit in units {
            let start = text.len();
            text.push_str(self.shaped.text.get(unit.text.clone()).unwrap_or_default());
            ranges.push(start..text.len());
        }
        (text, ranges)
    }

    /// Places `lines` as vertical columns (see the module docs): column `index` has its left
    /// edge at `left + index × pitch` (from the right, `left + (count − 1 − index) × pitch`, in
    /// text without Mongolian); the lines stay in reading order.
    #[allow(clippy::too_many_arguments)]
    fn place_vertical(
        &self,
        fonts_weight: Weight,
        lines: &[BrokenLine],
        size_pt: f32,
        line_height: f32,
        left: f32,
        area: Rect,
        align: Align,
        color: Rgb,
    ) -> Vec<TextLine> {
        let pitch = self.pitch(line_height) * size_pt;
        let band = (self.above_em + self.below_em) * size_pt;
        let right_to_left = !self
            .shaped
            .text
            .chars()
            .any(|ch| ('\u{1800}'..='\u{18AF}').contains(&ch));
        let mut out = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            let place = if right_to_left {
                lines.len().saturating_sub(index + 1)
            } else {
                index
            };
            let units = self.visible(line);
            let length = line.width_em * size_pt;
            let slack = (area.height - length).max(0.0);
            let mut y = area.y
                + match align {
                    Align::Center => slack / 2.0,
                    Align::Right => slack,
                    Align::Left | Align::Justify => 0.0,
                };
            let column_left = left + place as f32 * pitch;
            y += ink_edges_em(units).0 * size_pt;
            let mut start = 0;
            while start < units.len() {
                let upright = units
                    .get(start)
                    .is_some_and(|unit| unit.kind == ClusterKind::Ideographic);
                let mut end = start + 1;
                while units.get(end).is_some_and(|unit| {
                    (unit.kind == ClusterKind::Ideographic) == upright
                        || (unit.kind == ClusterKind::Space && !upright)
                }) {
                    end += 1;
                }
                let group = units.get(start..end).unwrap_or_default();
                let (text, ranges) = self.line_text(group);
                let mut glyphs = Vec::new();
                let mut cursor = 0.0;
                for (cluster_index, cluster) in group.iter().enumerate() {
                    let text_range = ranges.get(cluster_index).cloned().unwrap_or(0..0);
                    for glyph in self
                        .shaped
                        .glyphs
                        .get(cluster.glyphs.clone())
                        .unwrap_or_default()
                    {
                        let advance = glyph.advance_em * size_pt;
                        let (glyph_id, advance_pt) = if upright {
                            // The vertical form of punctuation, when the face has one.
                            let form = vertical_form(
                                self.shaped
                                    .text
                                    .get(cluster.text.clone())
                                    .and_then(|t| t.chars().next())
                                    .unwrap_or(' '),
                            )
                            .and_then(|form| glyph.face.glyph(form));
                            match form {
                                Some(form) => {
                                    (form.to_u32(), glyph.face.advance_em(form) * size_pt)
                                }
                                None => (glyph.glyph_id, advance),
                            }
                        } else {
                            (glyph.glyph_id, advance)
                        };
                        if upright {
                            // Stacked: each character in an em cell, centred on the column.
                            glyphs.push(PlacedGlyph {
                                face: Arc::clone(&glyph.face),
                                glyph_id,
                                x_pt: -advance_pt / 2.0,
                                y_pt: cursor + EM_BOX_ABOVE * size_pt,
                                advance_pt,
                                text_range: text_range.clone(),
                            });
                        } else {
                            glyphs.push(PlacedGlyph {
                                face: Arc::clone(&glyph.face),
                                glyph_id,
                                x_pt: cursor + glyph.x_offset_em * size_pt,
                                y_pt: glyph.y_offset_em * size_pt,
                                advance_pt,
                                text_range: text_range.clone(),
                            });
                        }
                        cursor += advance;
                    }
                }
                let (origin, rotation) = if upright {
                    (Point::new(column_left + band / 2.0, y), TextRotation::None)
                } else {
                    // Turned clockwise: the ink's descent lies left of the baseline.
                    (
                        Point::new(column_left + self.below_em * size_pt, y),
                        TextRotation::Clockwise,
                    )
                };
                out.push(TextLine {
                    origin,
                    size_pt,
                    weight: fonts_weight,
                    color,
                    text,
                    glyphs,
                    bounds: area,
                    rotation,
                    above_em: if upright { 0.0 } else { self.above_em },
                    below_em: if upright { 0.0 } else { self.below_em },
                });
                y += cursor;
                start = end;
            }
        }
        out
    }
}

/// How much space justification may add between two clusters side by side, in em: between
/// Chinese characters (and between Chinese and other text) a little, at a word space more,
/// and nothing inside a word, a number or a joining script's word.
fn stretch_limit(a: &Cluster, b: &Cluster) -> f32 {
    use ClusterKind::{Ideographic, Joining, Space};
    match (a.kind, b.kind) {
        (Space, _) | (_, Space) => MAX_SPACE_STRETCH_EM,
        (Ideographic, Ideographic) => MAX_IDEOGRAPHIC_STRETCH_EM,
        (Ideographic, Joining) | (Joining, Ideographic) => 0.0,
        // Chinese punctuation next to a word, or Chinese next to a number: the boundary may
        // take a little space (the word itself never does).
        (Ideographic, _) | (_, Ideographic) => MAX_IDEOGRAPHIC_STRETCH_EM,
        _ => 0.0,
    }
}

/// The clusters of a line in visual order (UAX #9 rule L2): from the highest level down to the
/// lowest odd level, every run at that level or higher is reversed. Each cluster's own glyphs
/// are already in visual order (the shaper's output).
/// How far the ink of a line's clusters reaches past the line's advances, in em: left of its
/// start and right of its end, in visual order (0 for almost all text; a mark placed left of its
/// letter or reaching over the next, like the Tibetan naro ོ, reaches out a little).
fn ink_edges_em(units: &[Cluster]) -> (f32, f32) {
    if units
        .iter()
        .all(|unit| unit.ink_left_em <= 0.0 && unit.ink_right_em <= 0.0)
    {
        return (0.0, 0.0);
    }
    let order: Vec<usize> = if units.iter().all(|unit| unit.level % 2 == 0) {
        (0..units.len()).collect()
    } else {
        visual_order(units)
    };
    let (mut pen, mut lead, mut reach) = (0.0f32, 0.0f32, 0.0f32);
    for unit in order.iter().filter_map(|&index| units.get(index)) {
        lead = lead.max(unit.ink_left_em - pen);
        reach = reach.max(pen + unit.advance_em + unit.ink_right_em);
        pen += unit.advance_em;
    }
    (lead, (reach - pen).max(0.0))
}

fn visual_order(units: &[Cluster]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..units.len()).collect();
    let levels: Vec<u8> = units.iter().map(|unit| unit.level).collect();
    let highest = levels.iter().copied().max().unwrap_or(0);
    let lowest_odd = levels.iter().copied().filter(|level| level % 2 == 1).min();
    let Some(lowest_odd) = lowest_odd else {
        return order;
    };
    let mut level = highest;
    while level >= lowest_odd {
        let mut index = 0;
        while index < order.len() {
            let at = |i: usize| {
                order
                    .get(i)
                    .and_then(|&unit| levels.get(unit))
                    .copied()
                    .unwrap_or(0)
            };
            if at(index) >= level {
                let start = index;
                while index < order.len() && at(index) >= level {
                    index += 1;
                }
                if let Some(run) = order.get_mut(start..index) {
                    run.reverse();
                }
            } else {
                index += 1;
            }
        }
        if level == 0 {
            break;
        }
        level -= 1;
    }
    order
}

/// The outcome of fitting text into a box.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// Positioned lines (only those that fit).
    pub lines: Vec<TextLine>,
    /// The size chosen.
    pub size_pt: f32,
    /// Height actually used (width in vertical text).
    pub used_height: f32,
    /// Some text did not fit even at the minimum size and was left out.
    pub overflow: bool,
    /// Characters no font has.
    pub missing: Vec<char>,
    /// A word had to be split by force.
    pub forced: bool,
}

/// Height of `lines` lines of Chinese text at `size_pt` (the ideographic em box of the first
/// line, then one line height per line); [`Measured::block_height`] for text with deeper ink.
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
    // Vertical text: the line length is the box's height, the lines stack across its width.
    let (length, depth) = if style.vertical {
        (area.height, area.width)
    } else {
        (area.width, area.height)
    };
    let max = style.max_size_pt.max(style.min_size_pt);
    let min = style.min_size_pt.min(max).max(0.5);
    let fits = |size: f32| -> Option<Broken> {
        let broken = if style.align == Align::Center || measured.is_name_like() {
            measured.break_balanced(length / size)
        } else {
            measured.break_lines(length / size)
        };
        let count_ok = style.max_lines == 0 || broken.lines.len() <= style.max_lines;
        let height_ok =
            measured.block_height(broken.lines.len(), size, style.line_height) <= depth + 1e-3;
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
            let mut broken = measured.break_lines(length / size);
            let (above, below) = measured.ink_em();
            let mut limit = ((depth - size * (above + below))
                / (size * measured.pitch(style.line_height)))
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
    let used_height = measured.block_height(broken.lines.len(), size, style.line_height);
    let lines = if style.vertical {
        let left = match style.valign {
            VerticalAlign::Top => area.x,
            VerticalAlign::Middle => area.x + (area.width - used_height).max(0.0) / 2.0,
            VerticalAlign::Bottom => area.x + (area.width - used_height).max(0.0),
        };
        measured.place_vertical(
            style.weight,
            &broken.lines,
            size,
            style.line_height,
            left,
            area,
            style.align,
            style.color,
        )
    } else {
        let top = match style.valign {
            VerticalAlign::Top => area.y,
            VerticalAlign::Middle => area.y + (area.height - used_height).max(0.0) / 2.0,
            VerticalAlign::Bottom => area.y + (area.height - used_height).max(0.0),
        };
        measured.place(
            &broken.lines,
            size,
            style.line_height,
            top + size * measured.above_em,
            area,
            style.align,
            style.weight,
            style.color,
        )
    };
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
                    .units()
                    .get(line.units.clone())
                    .unwrap_or_default()
                    .iter()
                    .map(|unit| measured.text().get(unit.text.clone()).unwrap_or_default())
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
            vertical: false,
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
            vertical: false,
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
            vertical: false,
        };
        let area = Rect::new(5.0, 5.0, 100.0, 40.0);
        let fitted = fit(bundled(), &"社会工作服务站简介。".repeat(40), area, &style);
        assert!(fitted.overflow);
        assert!(!fitted.lines.is_empty());
        for line in &fitted.lines {
            let extent = line.extent();
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
                vertical: false,
            },
        );
        assert_eq!(fitted.missing, vec!['😀']);
        assert_eq!(fitted.lines.first().map(|line| line.glyphs.len()), Some(2));
    }

    #[test]
    fn a_tibetan_naro_at_the_line_start_stays_inside_the_box() {
        // The naro ོ of Noto Serif Tibetan is drawn from a little left of its letter and far
        // over the next one: set flush left, right or centred in a box exactly as wide as the
        // line, its ink stays inside, and the line is as wide as its ink.
        for text in ["བོད་རང་སྐྱོང་ལྗོངས་", "སྟོད་ལུང་བདེ་ཆེན་རྫོང་", "དོ"]
        {
            let measured = Measured::new(bundled(), text, Weight::Regular);
            let broken = measured.break_lines(100.0);
            let line = broken.lines.first().expect("one line");
            let (lead, tail) = ink_edges_em(measured.visible(line));
            assert!(lead > 0.005, "{text}: the naro reaches left ({lead})");
            if text == "དོ" {
                assert!(tail > 0.1, "{text}: the naro reaches right ({tail})");
            }
            let size_pt = 30.0;
            let area = Rect::new(100.0, 0.0, line.width_em * size_pt, 100.0);
            for align in [Align::Left, Align::Center, Align::Right] {
                let placed = measured.place(
                    &broken.lines,
                    size_pt,
                    1.2,
                    40.0,
                    area,
                    align,
                    Weight::Regular,
                    Rgb::BLACK,
                );
                let extent = placed.first().expect("placed").extent();
                assert!(
                    area.contains(&extent, 0.01),
                    "{text} {align:?}: {extent:?} outside {area:?}"
                );
                assert!(
                    (extent.x - area.x).abs() < 0.05,
                    "{text}: ink starts at the box"
                );
            }
        }
        // Chinese and Latin have no ink past their advances: widths are as before.
        let measured = Measured::new(bundled(), "社工站 Station", Weight::Regular);
        assert_eq!(ink_edges_em(measured.units()), (0.0, 0.0));
    }
}
