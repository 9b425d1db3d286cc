//! Text into shaped clusters: normalisation (NFC), bidi levels (UAX #9, with numbers kept left
//! to right inside right-to-left text), script runs and the face of each character, shaping
//! with harfrust (a port of HarfBuzz), and the line-break opportunities of each cluster
//! (UAX #14 plus the Chinese and per-script rules of [`super::breaks`]).
//!
//! A *cluster* is the smallest piece a line can start or end at: the glyphs the shaper made for
//! one or more characters (a Tibetan stack, an Arabic letter with its marks, one Chinese
//! character). Clusters are kept in logical (reading) order; each holds its glyphs in visual
//! order, and [`super::place`] puts the clusters of a line in visual order.

use std::ops::Range;
use std::sync::Arc;

use unicode_bidi::{BidiClass, BidiInfo, Level, bidi_class};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_script::{Script, UnicodeScript};

use crate::fonts::{Face, Fonts, ScriptFace, Weight, is_format_for_shaping, is_invisible};

/// One glyph as the shaper placed it, in em (font size 1).
#[derive(Debug, Clone)]
pub(crate) struct ShapedGlyph {
    /// The face it is drawn from.
    pub face: Arc<Face>,
    /// Glyph id in `face`.
    pub glyph_id: u32,
    /// Advance along the line, in em.
    pub advance_em: f32,
    /// Offset from the pen position, in em (x right).
    pub x_offset_em: f32,
    /// Offset from the baseline, in em, y down (a Tibetan subjoined letter has a positive one).
    pub y_offset_em: f32,
}

/// How a break before a cluster is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum BreakBefore {
    /// Never (inside a word, number or Tibetan syllable; kinsoku).
    Never,
    /// Only when a long word would otherwise be split anywhere: after / . @ - _ inside a web or
    /// e-mail address or a hyphenated Latin name.
    InWord,
    /// Allowed (UAX #14 and the Chinese rules).
    Allowed,
}

/// What kind of characters a cluster holds, for justification and vertical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClusterKind {
    /// A space (word separator, may stretch when justified).
    Space,
    /// Chinese characters, kana, Hangul, Yi, full-width forms and CJK punctuation: stand
    /// upright in vertical text; space may be added between them when justified.
    Ideographic,
    /// Letters of a joining script (Arabic, Mongolian): never pulled apart.
    Joining,
    /// Anything else (Latin, digits, Tibetan…).
    Other,
}

/// The smallest unit a line can start or end at (see the module docs).
#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    /// The characters, as bytes of [`Shaped::text`].
    pub text: Range<usize>,
    /// The glyphs, as indices into [`Shaped::glyphs`], in visual order.
    pub glyphs: Range<usize>,
    /// Sum of the glyphs' advances, in em.
    pub advance_em: f32,
    /// Bidi embedding level (odd: right to left).
    pub level: u8,
    /// The paragraph's base level (odd: a right-to-left paragraph).
    pub paragraph_level: u8,
    /// What it holds.
    pub kind: ClusterKind,
    /// Whether a line may end before it.
    pub break_before: BreakBefore,
    /// A paragraph starts here (after a newline): a line must end before it.
    pub must_break_before: bool,
    /// The first character (for the Chinese rules and name boundaries).
    pub first_char: char,
    /// Ink above the baseline and below it, in em (the face's glyph bounds, at least the
    /// ideographic em box).
    pub ink_above_em: f32,
    /// See `ink_above_em`.
    pub ink_below_em: f32,
    /// How far its ink reaches left of its start, in em (0 for most: a mark placed left of its
    /// letter, like the Tibetan naro ོ, reaches out a little).
    pub ink_left_em: f32,
    /// How far its ink reaches right of its advance, in em.
    pub ink_right_em: f32,
}

/// Text shaped once, ready to be broken into lines at any width.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shaped {
    /// The text as set: NFC, line ends as `\n`, tabs as spaces, control characters removed.
    pub text: String,
    /// Clusters in logical order.
    pub clusters: Vec<Cluster>,
    /// Glyphs of all clusters.
    pub glyphs: Vec<ShapedGlyph>,
    /// Characters no font has (left out), each once.
    pub missing: Vec<char>,
}

/// The ideographic em box: ink above and below the baseline of CJK text, in em.
const EM_ABOVE: f32 = super::EM_BOX_ABOVE;
const EM_BELOW: f32 = super::EM_BOX_BELOW;

/// Whether a character is set upright and spaced like a Chinese character.
pub(crate) fn is_ideographic(ch: char) -> bool {
    matches!(ch,
        '\u{1100}'..='\u{11FF}'   // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}' // CJK radicals, Kangxi
        | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3100}'..='\u{31FF}' // Bopomofo, Hangul compatibility Jamo, strokes
        | '\u{3200}'..='\u{4DBF}' // enclosed, compatibility, Ext-A
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}' // Yi
        | '\u{AC00}'..='\u{D7FF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE10}'..='\u{FE1F}' // vertical forms
        | '\u{FE30}'..='\u{FE4F}' // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}' // full-width forms
        | '\u{20000}'..='\u{3FFFF}')
}

fn is_joining_script(script: Script) -> bool {
    matches!(
        script,
        Script::Arabic | Script::Mongolian | Script::Syriac | Script::Nko
    )
}

/// Whether a character is a digit (ASCII, full-width, Arabic-Indic).
fn is_digit(ch: char) -> bool {
    ch.is_ascii_digit()
        || ('０'..='９').contains(&ch)
        || ('\u{0660}'..='\u{0669}').contains(&ch)
        || ('\u{06F0}'..='\u{06F9}').contains(&ch)
}

/// Separators inside a number written with digits: phone numbers (0991-1234567, 138 0000 0001),
/// times and their ranges (10:00-14:00), dates (2026/1/5, 2026.01.05), ranges (6-14, 6~14).
fn is_number_separator(ch: char) -> bool {
    matches!(
        ch,
        '-' | '－'
            | '‐'
            | '‑'
            | '–'
            | '—'
            | ':'
            | '：'
            | '/'
            | '／'
            | '.'
            | '．'
            | ','
            | '+'
            | '＋'
            | '~'
            | '～'
            | ' '
            | '\u{00A0}'
            | '('
            | ')'
            | '（'
            | '）'
    )
}

impl Shaped {
    /// Shapes `text` in `weight` with `fonts`. Newlines end paragraphs.
    pub fn new(fonts: &Fonts, text: &str, weight: Weight) -> Shaped {
        let text = prepare(text);
        let mut shaped = Shaped::default();
        if text.is_empty() {
            return shaped;
        }
        let levels = bidi_levels(&text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let scripts = resolve_scripts(&chars);
        let items = itemize(
            fonts,
            weight,
            &chars,
            &scripts,
            &levels,
            &mut shaped.missing,
        );
        shaped.clusters.reserve(chars.len());
        shaped.glyphs.reserve(chars.len());
        for item in &items {
            shape_item(&text, item, &mut shaped);
        }
        shaped.clusters.sort_by_key(|cluster| cluster.text.start);
        let breaks = super::breaks::Opportunities::new(&text);
        let mut previous_end = 0;
        for (index, cluster) in shaped.clusters.iter_mut().enumerate() {
            let start = cluster.text.start;
            let must = index > 0
                && text
                    .get(previous_end..start)
                    .is_some_and(|between| between.contains('\n'));
            cluster.must_break_before = must;
            cluster.break_before = if must {
                BreakBefore::Allowed
            } else {
                breaks.before(start)
            };
            previous_end = cluster.text.end;
        }
        shaped.text = text;
        shaped
    }
}

/// The text as it is set: NFC (a decomposed e + U+0301 becomes é, so the accent sits on its
/// letter), `\r\n` and `\r` as `\n`, tabs as spaces, other control characters removed. Format
/// characters a script needs (joiners, Mongolian selectors, direction marks) are kept.
fn prepare(text: &str) -> String {
    let unified = text.replace("\r\n", "\n");
    unified
        .nfc()
        .filter_map(|ch| match ch {
            '\n' => Some('\n'),
            '\r' => Some('\n'),
            '\t' => Some(' '),
            ch if ch.is_control() => None,
            ch => Some(ch),
        })
        .collect()
}

/// Bidi levels of every byte of `text` (UAX #9), with each number written with digits and
/// separators (0991-1234567, 10:00-14:00, 6-14) kept at one even level, so that it reads left
/// to right inside right-to-left text: plain UAX #9 turns 0991-1234567 into 1234567-0991 after
/// Arabic letters, because the hyphen between two Arabic numbers resolves right to left.
/// Returns the levels and each byte's paragraph level. Text without right-to-left characters
/// is all level 0.
fn bidi_levels(text: &str) -> (Vec<u8>, Vec<u8>) {
    let has_rtl = text.chars().any(|ch| {
        matches!(
            bidi_class(ch),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
    });
    if !has_rtl {
        return (vec![0; text.len()], vec![0; text.len()]);
    }
    let info = BidiInfo::new(text, None);
    let mut levels: Vec<u8> = info.levels.iter().map(|level| level.number()).collect();
    let mut paragraph_levels = vec![0u8; text.len()];
    for paragraph in &info.paragraphs {
        if let Some(slots) = paragraph_levels.get_mut(paragraph.range.clone()) {
            slots.fill(paragraph.level.number());
        }
    }
    // Numbers: a run of digits and the separators between digits.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let Some(&(start, ch)) = chars.get(index) else {
            break;
        };
        if !is_digit(ch) {
            index += 1;
            continue;
        }
        // Extend over digits, and separators followed by a digit.
        let mut end = index + 1;
        let mut last_digit = index;
        while let Some(&(_, next)) = chars.get(end) {
            if is_digit(next) {
                last_digit = end;
                end += 1;
            } else if is_number_separator(next)
                && chars
                    .get(end + 1)
                    .is_some_and(|&(_, after)| is_digit(after) || is_number_separator(after))
            {
                end += 1;
            } else {
                break;
            }
        }
        let end_byte = chars
            .get(last_digit)
            .map_or(text.len(), |&(position, ch)| position + ch.len_utf8());
        if let Some(run) = levels.get_mut(start..end_byte) {
            let highest = run.iter().copied().max().unwrap_or(0);
            let lowest = run.iter().copied().min().unwrap_or(0);
            if highest != lowest || highest % 2 == 1 {
                let even = highest + highest % 2;
                run.fill(even.max(Level::ltr().number()));
            }
        }
        index = last_digit + 1;
    }
    (levels, paragraph_levels)
}

/// The script of every character, with Common and Inherited characters (spaces, digits,
/// punctuation, combining marks) taking the script of the text around them: the one before,
/// else the one after.
fn resolve_scripts(chars: &[(usize, char)]) -> Vec<Script> {
    let mut scripts: Vec<Script> = chars.iter().map(|&(_, ch)| ch.script()).collect();
    let is_real =
        |script: Script| !matches!(script, Script::Common | Script::Inherited | Script::Unknown);
    let mut previous: Option<Script> = None;
    for script in scripts.iter_mut() {
        if is_real(*script) {
            previous = Some(*script);
        } else if let Some(found) = previous {
            *script = found;
        }
    }
    let mut next: Option<Script> = None;
    for script in scripts.iter_mut().rev() {
        if is_real(*script) {
            next = Some(*script);
        } else if let Some(found) = next {
            *script = found;
        }
    }
    scripts
}

/// A run of text shaped in one call: one face, one bidi level, one script.
struct Item {
    /// Bytes of the text.
    range: Range<usize>,
    face: Arc<Face>,
    level: u8,
    paragraph_level: u8,
    script: Script,
}

/// Splits the text into items and chooses each character's face (see [`Fonts::face_for`]). A
/// combining mark or a format character stays in the face of the character before it; a
/// character no font has is left out and reported once.
fn itemize(
    fonts: &Fonts,
    weight: Weight,
    chars: &[(usize, char)],
    scripts: &[Script],
    (levels, paragraph_levels): &(Vec<u8>, Vec<u8>),
    missing: &mut Vec<char>,
) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut current: Option<Item> = None;
    for (position, &(start, ch)) in chars.iter().enumerate() {
        let end = start + ch.len_utf8();
        if ch == '\n' {
            items.extend(current.take());
            continue;
        }
        let script = scripts.get(position).copied().unwrap_or(Script::Common);
        let level = levels.get(start).copied().unwrap_or(0);
        let paragraph_level = paragraph_levels.get(start).copied().unwrap_or(0);
        let attaches = is_format_for_shaping(ch) || is_combining_mark(ch) || ch == '\u{202F}';
        // Marks and format characters stay with the character before them when its face has
        // them (format characters need no glyph: the shaper hides them).
        if let Some(item) = current.as_mut()
            && attaches
            && item.level == level
            && item.range.end == start
            && (is_format_for_shaping(ch) || item.face.glyph(ch).is_some())
        {
            item.range.end = end;
            continue;
        }
        let face = if is_format_for_shaping(ch) {
            // A format character at the start of a run: the face of what follows.
            let following = chars
                .get(position + 1..)
                .unwrap_or_default()
                .iter()
                .find(|(_, next)| !is_format_for_shaping(*next) && *next != '\n');
            following
                .and_then(|&(_, next)| fonts.face_for(weight, ScriptFace::for_script(script), next))
                .map(|(face, _)| Arc::clone(face))
        } else {
            fonts
                .face_for(weight, ScriptFace::for_script(script), ch)
                .map(|(face, _)| Arc::clone(face))
        };
        let Some(face) = face else {
            // Invisible characters (the word joiners the layout itself puts between a name's
            // characters) are never “missing”.
            if !is_invisible(ch) && !ch.is_whitespace() && !missing.contains(&ch) {
                missing.push(ch);
            }
            items.extend(current.take());
            continue;
        };
        match current.as_mut() {
            Some(item)
                if item.face == face
                    && item.level == level
                    && item.script == script
                    && item.range.end == start =>
            {
                item.range.end = end;
            }
            _ => {
                items.extend(current.take());
                current = Some(Item {
                    range: start..end,
                    face,
                    level,
                    paragraph_level,
                    script,
                });
            }
        }
    }
    items.extend(current);
    items
}

/// Shapes one item and appends its clusters (in logical order) and glyphs.
fn shape_item(text: &str, item: &Item, shaped: &mut Shaped) {
    let Some(run) = text.get(item.range.clone()) else {
        return;
    };
    let rtl = item.level % 2 == 1;
    let face = &item.face;
    let upem = face.units_per_em();
    // (cluster start byte, glyph id, advance, x offset, y offset) in font units, visual order.
    let mut raw: Vec<(usize, u32, f32, f32, f32)> = Vec::with_capacity(run.len());
    let simple = !face.has_layout()
        && !rtl
        && run
            .chars()
            .all(|ch| !is_combining_mark(ch) && !is_format_for_shaping(ch));
    if simple {
        // No layout tables: shaping is the character map and the advances.
        for (offset, ch) in run.char_indices() {
            let glyph = face
                .glyph(ch)
                .or_else(|| ch.is_whitespace().then(|| face.glyph(' ')).flatten());
            let (id, advance) = match glyph {
                Some(glyph) => (glyph.to_u32(), face.advance_em(glyph) * upem),
                None => (0, 0.0),
            };
            raw.push((item.range.start + offset, id, advance, 0.0, 0.0));
        }
    } else {
        let mut buffer = harfrust::UnicodeBuffer::new();
        for (offset, ch) in run.char_indices() {
            buffer.add(ch, (item.range.start + offset) as u32);
        }
        if let Some(before) = text.get(..item.range.start) {
            let context: String = before
                .chars()
                .rev()
                .take_while(|&ch| ch != '\n')
                .take(5)
                .collect::<Vec<char>>()
                .into_iter()
                .rev()
                .collect();
            buffer.set_pre_context(&context);
        }
        if let Some(after) = text.get(item.range.end..) {
            let context: String = after.chars().take_while(|&ch| ch != '\n').take(5).collect();
            buffer.set_post_context(&context);
        }
        buffer.set_direction(if rtl {
            harfrust::Direction::RightToLeft
        } else {
            harfrust::Direction::LeftToRight
        });
        let tag = item.script.as_iso15924_tag();
        if let Some(script) =
            harfrust::Script::from_iso15924_tag(harfrust::Tag::from_be_bytes(tag.to_be_bytes()))
        {
            buffer.set_script(script);
        }
        buffer.guess_segment_properties();
        let shaper = face.shaper_data().shaper(face.font()).build();
        let output = shaper.shape(buffer, harfrust::ShapeOptions::new());
        for (info, position) in output.glyph_infos().iter().zip(output.glyph_positions()) {
            raw.push((
                info.cluster as usize,
                info.glyph_id,
                position.x_advance as f32,
                position.x_offset as f32,
                -(position.y_offset as f32),
            ));
        }
    }
    // Cluster starts in logical order; each cluster runs to the next start (or the item's end).
    let mut starts: Vec<usize> = raw.iter().map(|glyph| glyph.0).collect();
    starts.sort_unstable();
    starts.dedup();
    // Glyphs of one cluster are next to each other (HarfBuzz's monotone clusters).
    let mut groups: Vec<(usize, Range<usize>)> = Vec::new();
    for (index, glyph) in raw.iter().enumerate() {
        match groups.last_mut() {
            Some((start, range)) if *start == glyph.0 => range.end = index + 1,
            _ => groups.push((glyph.0, index..index + 1)),
        }
    }
    groups.sort_by_key(|(start, _)| *start);
    for (start, range) in groups {
        let end = starts
            .iter()
            .find(|&&next| next > start)
            .copied()
            .unwrap_or(item.range.end);
        let Some(glyphs) = raw.get(range) else {
            continue;
        };
        let cluster_text = text.get(start..end).unwrap_or_default();
        // A format character on its own (the layout's word joiner, a zero-width space) takes
        // no room and prints nothing: it is left out of the line, so copying from the PDF does
        // not give it either (its effect on line breaking is already in the opportunities).
        if cluster_text.chars().all(is_invisible)
            && glyphs.iter().all(|glyph| glyph.2.abs() < f32::EPSILON)
        {
            continue;
        }
        let first_char = cluster_text.chars().next().unwrap_or(' ');
        if glyphs.iter().any(|glyph| glyph.1 == 0) {
            // The shaper found no glyph (a sequence the face cannot draw): report it.
            for ch in cluster_text.chars() {
                if !is_invisible(ch) && !ch.is_whitespace() && !shaped.missing.contains(&ch) {
                    shaped.missing.push(ch);
                }
            }
            continue;
        }
        let glyph_start = shaped.glyphs.len();
        let mut advance_em = 0.0;
        let (mut above, mut below) = (EM_ABOVE, EM_BELOW);
        // The cluster's ink across, from its start (as `TextLine::extent` measures it).
        let (mut ink_left, mut ink_right) = (0.0f32, 0.0f32);
        for &(_, id, advance, x_offset, y_offset) in glyphs {
            let glyph = ShapedGlyph {
                face: Arc::clone(face),
                glyph_id: id,
                advance_em: advance / upem,
                x_offset_em: x_offset / upem,
                y_offset_em: y_offset / upem,
            };
            if !face.is_bundled_cjk()
                && let Some((low, high)) = face.ink_em(skrifa::GlyphId::new(id))
            {
                above = above.max(high - glyph.y_offset_em);
                below = below.max(-low + glyph.y_offset_em);
            }
            let x_em = advance_em + glyph.x_offset_em;
            let (left, right) = face
                .mark_ink_x_em(skrifa::GlyphId::new(id), glyph.advance_em)
                .map_or((x_em, x_em + glyph.advance_em), |(low, high)| {
                    (x_em + low, x_em + high)
                });
            ink_left = ink_left.min(left);
            ink_right = ink_right.max(right);
            advance_em += glyph.advance_em;
            shaped.glyphs.push(glyph);
        }
        let kind = if cluster_text.chars().all(char::is_whitespace) {
            ClusterKind::Space
        } else if is_ideographic(first_char) {
            ClusterKind::Ideographic
        } else if is_joining_script(item.script) && first_char.script() != Script::Common {
            ClusterKind::Joining
        } else {
            ClusterKind::Other
        };
        shaped.clusters.push(Cluster {
            text: start..end,
            glyphs: glyph_start..shaped.glyphs.len(),
            advance_em,
            level: item.level,
            paragraph_level: item.paragraph_level,
            kind,
            break_before: BreakBefore::Never,
            must_break_before: false,
            first_char,
            ink_above_em: above,
            ink_below_em: below,
            ink_left_em: (-ink_left).max(0.0),
            ink_right_em: (ink_right - advance_em).max(0.0),
        });
    }
}
