//! The bundled fonts (Noto Sans CJK SC Regular and Bold), their metrics and the missing-glyph check.

use std::sync::OnceLock;

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::{GlyphMetrics, Metrics};
use skrifa::{FontRef, GlyphId};

/// Noto Sans CJK SC Regular, subset by `scripts/make-fonts.sh`.
pub static REGULAR_BYTES: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Regular.otf");
/// Noto Sans CJK SC Bold, subset by `scripts/make-fonts.sh`.
pub static BOLD_BYTES: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Bold.otf");

/// Font weight used by templates.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Weight {
    /// 常规.
    #[default]
    Regular,
    /// 粗体 (titles).
    Bold,
}

/// One font face with the metrics layout needs, all in em units (font size 1).
pub struct Face {
    bytes: &'static [u8],
    font: FontRef<'static>,
    /// The character map, found once (looking it up for every character was a large part of
    /// measuring text).
    charmap: Charmap<'static>,
    glyph_metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    ascent_em: f32,
    descent_em: f32,
    cap_height_em: f32,
}

impl Face {
    fn parse(bytes: &'static [u8]) -> Result<Face, FontError> {
        let font = FontRef::new(bytes).map_err(|error| FontError(error.to_string()))?;
        let metrics = Metrics::new(&font, Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em.max(1));
        let glyph_metrics = GlyphMetrics::new(&font, Size::unscaled(), LocationRef::default());
        Ok(Face {
            bytes,
            charmap: Charmap::new(&font),
            font,
            glyph_metrics,
            units_per_em,
            ascent_em: metrics.ascent / units_per_em,
            descent_em: -metrics.descent / units_per_em,
            cap_height_em: metrics.cap_height.unwrap_or(metrics.ascent * 0.8) / units_per_em,
        })
    }

    /// The font file's bytes.
    pub fn bytes(&self) -> &'static [u8] {
        self.bytes
    }

    /// The parsed font.
    pub fn font(&self) -> &FontRef<'static> {
        &self.font
    }

    /// The glyph for a character, if the font has one.
    pub fn glyph(&self, ch: char) -> Option<GlyphId> {
        self.charmap.map(ch)
    }

    /// Advance width of a glyph in em.
    pub fn advance_em(&self, glyph: GlyphId) -> f32 {
        self.glyph_metrics.advance_width(glyph).unwrap_or(0.0) / self.units_per_em
    }

    /// Font units per em.
    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// Ascender above the baseline, in em (positive).
    pub fn ascent_em(&self) -> f32 {
        self.ascent_em
    }

    /// Descender below the baseline, in em (positive).
    pub fn descent_em(&self) -> f32 {
        self.descent_em
    }

    /// Height of capital letters, in em.
    pub fn cap_height_em(&self) -> f32 {
        self.cap_height_em
    }
}

/// The bundled fonts, one face per weight.
pub struct Fonts {
    regular: Face,
    bold: Face,
}

/// A bundled font could not be read (a broken build, never user data).
#[derive(Debug, thiserror::Error)]
#[error("内置字体无法读取：{0}")]
pub struct FontError(String);

impl Fonts {
    /// Parses the bundled fonts.
    pub fn load() -> Result<Fonts, FontError> {
        Ok(Fonts {
            regular: Face::parse(REGULAR_BYTES)?,
            bold: Face::parse(BOLD_BYTES)?,
        })
    }

    /// The face of a weight.
    pub fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Whether a character can be printed (some bundled font has it). White space and control
    /// characters count as printable: layout handles them without glyphs.
    pub fn has_char(&self, ch: char) -> bool {
        ch.is_whitespace()
            || ch.is_control()
            || is_invisible(ch)
            || self.regular.glyph(ch).is_some()
    }

    /// The characters of `text` that no bundled font has, each once, in order of appearance.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = Vec::new();
        for ch in text.chars() {
            if !self.has_char(ch) && !missing.contains(&ch) {
                missing.push(ch);
            }
        }
        missing
    }
}

/// Zero-width characters that are dropped rather than reported (joiners, variation selectors).
pub fn is_invisible(ch: char) -> bool {
    matches!(ch, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
        || ('\u{E0100}'..='\u{E01EF}').contains(&ch)
}

/// The bundled fonts, parsed once per process.
pub fn bundled() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| match Fonts::load() {
        Ok(fonts) => fonts,
        // The fonts are compiled into the binary; failing to parse them is a build defect.
        Err(error) => panic!("{error}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_name_characters_are_covered() {
        let fonts = bundled();
        for weight in [Weight::Regular, Weight::Bold] {
            for ch in "堃喆昇犇燚淼珺玥赟祎𠮷“”（）《》，。0123456789@-ABCxyz".chars()
            {
                assert!(
                    fonts.face(weight).glyph(ch).is_some(),
                    "{ch} missing in {weight:?}"
                );
            }
        }
        assert!(fonts.missing_chars("李𠮷").is_empty());
    }

    #[test]
    fn emoji_is_reported() {
        assert_eq!(bundled().missing_chars("王磊😀好😀"), vec!['😀']);
    }

    #[test]
    fn metrics_are_sane() {
        let face = bundled().face(Weight::Regular);
        let glyph = face.glyph('中').unwrap_or_default();
        assert!((face.advance_em(glyph) - 1.0).abs() < 0.01);
        assert!(face.ascent_em() > 0.8 && face.descent_em() > 0.1);
    }
}
