//! The fonts text is set in: the bundled Noto Sans CJK SC Regular and Bold and the Noto faces of
//! the other scripts (Naskh Arabic for Uyghur and Kazakh, Serif Tibetan, Sans Mongolian, Sans Yi;
//! all compiled in), the user's own fonts and the fallback font (both read from files by
//! `font_files` and handed in as bytes), their metrics, which face draws a character, and the
//! missing-glyph check. No file access here.
//!
//! A character is looked up by script first (an Arabic-script letter in Noto Naskh Arabic of the
//! text's weight, Tibetan in Noto Serif Tibetan, …), then in the bundled CJK face of the text's
//! weight (Chinese, Latin, digits, Hangul), then in the user's fonts in order, then in the
//! fallback font (BabelStone Han, for CJK Ext-B to Ext-H characters that Noto lacks). The text
//! engine (`layout::text`) chooses faces through [`Fonts::face_for`] and shapes with each face's
//! [`Face::shaper_data`]; PDF and preview draw the glyphs it chose, so they agree on every glyph.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::{GlyphMetrics, Metrics};
use skrifa::string::StringId;
use skrifa::{FontRef, GlyphId, MetadataProvider};

/// Noto Sans CJK SC Regular, subset by `scripts/make-fonts.sh`.
pub static REGULAR_BYTES: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Regular.otf");
/// Noto Sans CJK SC Bold, subset by `scripts/make-fonts.sh`.
pub static BOLD_BYTES: &[u8] = include_bytes!("../fonts/NotoSansCJKsc-Bold.otf");
/// Noto Naskh Arabic Regular (Uyghur, Kazakh), from Debian's fonts-noto-core, unmodified.
pub static ARABIC_REGULAR_BYTES: &[u8] =
    include_bytes!("../fonts/scripts/NotoNaskhArabic-Regular.ttf");
/// Noto Naskh Arabic Bold.
pub static ARABIC_BOLD_BYTES: &[u8] = include_bytes!("../fonts/scripts/NotoNaskhArabic-Bold.ttf");
/// Noto Serif Tibetan Regular.
pub static TIBETAN_REGULAR_BYTES: &[u8] =
    include_bytes!("../fonts/scripts/NotoSerifTibetan-Regular.ttf");
/// Noto Serif Tibetan Bold.
pub static TIBETAN_BOLD_BYTES: &[u8] = include_bytes!("../fonts/scripts/NotoSerifTibetan-Bold.ttf");
/// Noto Sans Mongolian (one weight; bold Mongolian text uses it too).
pub static MONGOLIAN_BYTES: &[u8] =
    include_bytes!("../fonts/scripts/NotoSansMongolian-Regular.ttf");
/// Noto Sans Yi (one weight).
pub static YI_BYTES: &[u8] = include_bytes!("../fonts/scripts/NotoSansYi-Regular.ttf");

/// The scripts that have bundled faces of their own (everything else is set in the CJK face:
/// Chinese, Latin (Zhuang too), digits, Hangul).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScriptFace {
    /// Arabic script: Uyghur (`ug`), Kazakh (`kk`).
    Arabic,
    /// Tibetan (`bo`).
    Tibetan,
    /// Traditional Mongolian (`mn`), set vertically.
    Mongolian,
    /// Yi (`ii`).
    Yi,
}

impl ScriptFace {
    /// The bundled script face a Unicode script is set in, if it has one of its own.
    pub fn for_script(script: unicode_script::Script) -> Option<ScriptFace> {
        use unicode_script::Script;
        match script {
            Script::Arabic => Some(ScriptFace::Arabic),
            Script::Tibetan => Some(ScriptFace::Tibetan),
            Script::Mongolian => Some(ScriptFace::Mongolian),
            Script::Yi => Some(ScriptFace::Yi),
            _ => None,
        }
    }

    /// The script face of a character's own script (none for Han, Latin, digits, punctuation).
    pub fn of(ch: char) -> Option<ScriptFace> {
        ScriptFace::for_script(unicode_script::UnicodeScript::script(&ch))
    }
}

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

/// Where a face comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaceOrigin {
    /// Compiled into the program.
    Bundled,
    /// One of the user's fonts (the fonts folder in the data folder, or `--fonts DIR`); the file.
    User(String),
    /// The fallback font for characters no other font has; the file.
    Fallback(String),
}

/// One font face with the metrics layout needs, all in em units (font size 1).
pub struct Face {
    id: u64,
    family: String,
    origin: FaceOrigin,
    bytes: &'static [u8],
    index: u32,
    font: FontRef<'static>,
    /// The character map, found once (looking it up for every character was a large part of
    /// measuring text).
    charmap: Charmap<'static>,
    glyph_metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    ascent_em: f32,
    descent_em: f32,
    cap_height_em: f32,
    /// Whether the font has OpenType or AAT layout tables (GSUB, GPOS, morx, kerx, kern): a face
    /// without them (the bundled CJK subset) is shaped by its character map and advances alone,
    /// which is what a shaper would do with it, only faster.
    has_layout: bool,
    /// Whether the font has colour glyphs (COLR, CBDT, sbix or SVG tables): an emoji font.
    has_color: bool,
    /// The shaper's parsed tables, made when the face first shapes text.
    shaper_data: OnceLock<harfrust::ShaperData>,
    /// Glyphs found to be a placeholder box (the same outline as `.notdef`) or empty, by id.
    placeholders: Mutex<HashMap<u32, bool>>,
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Face")
            .field("family", &self.family)
            .field("origin", &self.origin)
            .field("id", &self.id)
            .finish()
    }
}

/// Faces are equal when they are the same font data (same bytes, same index).
impl PartialEq for Face {
    fn eq(&self, other: &Face) -> bool {
        self.id == other.id
    }
}

/// A font file's bytes could not be used as a font.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// A bundled font could not be read (a broken build, never user data).
    #[error("内置字体无法读取：{0}")]
    Bundled(String),
    /// A user's or the fallback font file is not a font this program can use.
    #[error("不是可用的字体文件（支持 .ttf、.otf、.ttc）")]
    NotAFont(#[source] skrifa::raw::ReadError),
    /// The font has no character map or no outlines.
    #[error("字体文件中没有可用的字符")]
    NoCharacters,
}

/// Font data kept for the life of the process. The same file read twice (the app reloading the
/// fonts folder) is kept once, so this is bounded by the distinct fonts a user ever adds. Returns
/// the data's id: equal ids mean equal bytes.
fn intern(bytes: Vec<u8>) -> (u64, &'static [u8]) {
    static STORE: OnceLock<Mutex<HashMap<u64, &'static [u8]>>> = OnceLock::new();
    let store = STORE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut guard = match store.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    // Ids below 16 are the bundled faces'.
    let mut id = sampled_hash(&bytes).max(16);
    loop {
        match guard.get(&id) {
            Some(found) if **found == *bytes => return (id, found),
            // Same samples, other bytes: the next free id.
            Some(_) => id = id.wrapping_add(1).max(16),
            None => break,
        }
    }
    let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    guard.insert(id, leaked);
    (id, leaked)
}

/// A hash of a font file's length and samples of its bytes (the whole file would take a second
/// for the 22 MB fallback font in a debug build); [`intern`] compares the bytes on a match.
fn sampled_hash(bytes: &[u8]) -> u64 {
    const WINDOW: usize = 4096;
    const STEP: usize = 1 << 20;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.len().hash(&mut hasher);
    let mut start = 0;
    while start < bytes.len() {
        bytes
            .get(start..(start + WINDOW).min(bytes.len()))
            .unwrap_or_default()
            .hash(&mut hasher);
        start += STEP;
    }
    bytes
        .get(bytes.len().saturating_sub(WINDOW)..)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

impl Face {
    fn parse(
        bytes: &'static [u8],
        index: u32,
        id: u64,
        origin: FaceOrigin,
    ) -> Result<Face, FontError> {
        let font = FontRef::from_index(bytes, index).map_err(FontError::NotAFont)?;
        let metrics = Metrics::new(&font, Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em.max(1));
        let glyph_metrics = GlyphMetrics::new(&font, Size::unscaled(), LocationRef::default());
        let has_layout = [b"GSUB", b"GPOS", b"morx", b"kerx", b"kern"]
            .iter()
            .any(|tag| font.table_data(skrifa::raw::types::Tag::new(tag)).is_some());
        let has_color = [b"COLR", b"CBDT", b"sbix", b"SVG "]
            .iter()
            .any(|tag| font.table_data(skrifa::raw::types::Tag::new(tag)).is_some());
        let family = font
            .localized_strings(StringId::FAMILY_NAME)
            .english_or_first()
            .map(|name| name.to_string())
            .unwrap_or_default();
        Ok(Face {
            id,
            family,
            origin,
            bytes,
            index,
            charmap: Charmap::new(&font),
            font,
            glyph_metrics,
            units_per_em,
            ascent_em: metrics.ascent / units_per_em,
            descent_em: -metrics.descent / units_per_em,
            cap_height_em: metrics.cap_height.unwrap_or(metrics.ascent * 0.8) / units_per_em,
            has_layout,
            has_color,
            shaper_data: OnceLock::new(),
            placeholders: Mutex::new(HashMap::new()),
        })
    }

    fn bundled(bytes: &'static [u8], id: u64) -> Result<Face, FontError> {
        Face::parse(bytes, 0, id, FaceOrigin::Bundled)
            .map_err(|error| FontError::Bundled(error.to_string()))
    }

    /// A face from a font file's bytes (.ttf, .otf; the first face of a .ttc), read by the caller.
    pub fn from_bytes(bytes: Vec<u8>, origin: FaceOrigin) -> Result<Face, FontError> {
        let (id, bytes) = intern(bytes);
        let face = Face::parse(bytes, 0, id, origin)?;
        if face.font.charmap().mappings().next().is_none() {
            return Err(FontError::NoCharacters);
        }
        Ok(face)
    }

    /// A number that tells faces apart (from the font data), stable within a process.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The font's family name (from the font itself), e.g. "Noto Sans CJK SC".
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Where the face comes from.
    pub fn origin(&self) -> &FaceOrigin {
        &self.origin
    }

    /// The font file's bytes.
    pub fn bytes(&self) -> &'static [u8] {
        self.bytes
    }

    /// Index of the face in its file (a .ttc holds several).
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The parsed font.
    pub fn font(&self) -> &FontRef<'static> {
        &self.font
    }

    /// The glyph for a character, if the font has one: never `.notdef`, and never a placeholder
    /// (a symbol or emoji the font maps to a box drawn like `.notdef`, or to nothing at all),
    /// which would print as a box or a gap.
    pub fn glyph(&self, ch: char) -> Option<GlyphId> {
        let glyph = self
            .charmap
            .map(ch)
            .filter(|glyph| *glyph != GlyphId::NOTDEF)?;
        if may_be_placeholder(ch) && self.is_placeholder(glyph) {
            return None;
        }
        // A regional indicator is half of a flag: only an emoji font (with colour glyphs) joins
        // two into a flag; any other font draws a boxed letter, which is not what was meant.
        if ('\u{1F1E6}'..='\u{1F1FF}').contains(&ch) && !self.has_color {
            return None;
        }
        Some(glyph)
    }

    /// Whether `glyph` draws nothing or the same outline as `.notdef` (checked once per glyph).
    fn is_placeholder(&self, glyph: GlyphId) -> bool {
        let mut guard = match self.placeholders.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(&known) = guard.get(&glyph.to_u32()) {
            return known;
        }
        let outline = outline_commands(&self.font, glyph);
        let placeholder =
            outline.is_empty() || outline == outline_commands(&self.font, GlyphId::NOTDEF);
        guard.insert(glyph.to_u32(), placeholder);
        placeholder
    }

    /// Whether the font has layout tables (see the field's note); without them shaping is the
    /// character map and the advances.
    pub fn has_layout(&self) -> bool {
        self.has_layout
    }

    /// The shaper's data for this face, parsed once.
    pub fn shaper_data(&self) -> &harfrust::ShaperData {
        self.shaper_data
            .get_or_init(|| harfrust::ShaperData::new(&self.font))
    }

    /// The glyph's ink from its lowest to its highest point, in em, y up (`None` for a glyph
    /// without outline bounds in the font's tables, such as CFF glyphs).
    pub fn ink_em(&self, glyph: GlyphId) -> Option<(f32, f32)> {
        let bounds = self.glyph_metrics.bounds(glyph)?;
        Some((
            bounds.y_min / self.units_per_em,
            bounds.y_max / self.units_per_em,
        ))
    }

    /// The horizontal ink of a mark (a glyph without advance, such as a Tibetan vowel sign or
    /// an Arabic vowel mark), from its leftmost to its rightmost point relative to its origin,
    /// in em; `None` for a glyph with an advance (its extent is its advance box), a glyph
    /// without outline bounds, and the bundled CJK faces. A mark is placed by the shaper's
    /// offset, and its ink may reach past the cluster it belongs to (the naro ོ of Noto Serif
    /// Tibetan starts left of its letter).
    pub fn mark_ink_x_em(&self, glyph: GlyphId, advance_em: f32) -> Option<(f32, f32)> {
        if advance_em.abs() > 1e-6 || self.is_bundled_cjk() {
            return None;
        }
        let bounds = self.glyph_metrics.bounds(glyph)?;
        Some((
            bounds.x_min / self.units_per_em,
            bounds.x_max / self.units_per_em,
        ))
    }

    /// Whether this face is the bundled CJK face (Chinese, Latin, digits, Hangul).
    pub fn is_bundled_cjk(&self) -> bool {
        self.id == 1 || self.id == 2
    }

    /// Number of characters the face maps to a glyph.
    pub fn char_count(&self) -> usize {
        self.charmap.mappings().count()
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

/// The fonts of one export or preview: the bundled faces, one per weight, then the user's fonts,
/// then the fallback font. Cheap to clone (faces are shared).
#[derive(Debug, Clone)]
pub struct Fonts {
    regular: Arc<Face>,
    bold: Arc<Face>,
    scripts: Arc<ScriptFaces>,
    user: Vec<Arc<Face>>,
    fallback: Option<Arc<Face>>,
}

/// The bundled faces of the other scripts (see [`ScriptFace`]).
#[derive(Debug)]
struct ScriptFaces {
    arabic: [Arc<Face>; 2],
    tibetan: [Arc<Face>; 2],
    mongolian: Arc<Face>,
    yi: Arc<Face>,
}

impl ScriptFaces {
    fn load() -> Result<ScriptFaces, FontError> {
        let face = |bytes, id| Face::bundled(bytes, id).map(Arc::new);
        Ok(ScriptFaces {
            arabic: [face(ARABIC_REGULAR_BYTES, 3)?, face(ARABIC_BOLD_BYTES, 4)?],
            tibetan: [
                face(TIBETAN_REGULAR_BYTES, 5)?,
                face(TIBETAN_BOLD_BYTES, 6)?,
            ],
            mongolian: face(MONGOLIAN_BYTES, 7)?,
            yi: face(YI_BYTES, 8)?,
        })
    }

    /// Every script face of a weight.
    fn all(&self, weight: Weight) -> impl Iterator<Item = &Arc<Face>> {
        [
            ScriptFace::Arabic,
            ScriptFace::Tibetan,
            ScriptFace::Mongolian,
            ScriptFace::Yi,
        ]
        .into_iter()
        .map(move |script| self.face(script, weight))
    }

    fn face(&self, script: ScriptFace, weight: Weight) -> &Arc<Face> {
        let bold = usize::from(weight == Weight::Bold);
        match script {
            ScriptFace::Arabic => &self.arabic[bold],
            ScriptFace::Tibetan => &self.tibetan[bold],
            ScriptFace::Mongolian => &self.mongolian,
            ScriptFace::Yi => &self.yi,
        }
    }
}

/// Two font sets are equal when they hold the same faces in the same order.
impl PartialEq for Fonts {
    fn eq(&self, other: &Fonts) -> bool {
        self.regular == other.regular
            && self.bold == other.bold
            && self.user == other.user
            && self.fallback == other.fallback
    }
}

impl Fonts {
    /// Parses the bundled fonts (no user fonts, no fallback).
    pub fn load() -> Result<Fonts, FontError> {
        Ok(Fonts {
            regular: Arc::new(Face::bundled(REGULAR_BYTES, 1)?),
            bold: Arc::new(Face::bundled(BOLD_BYTES, 2)?),
            scripts: Arc::new(ScriptFaces::load()?),
            user: Vec::new(),
            fallback: None,
        })
    }

    /// These fonts with the user's fonts added (tried after the bundled ones, in this order).
    pub fn with_user_fonts(mut self, faces: impl IntoIterator<Item = Face>) -> Fonts {
        self.user.extend(faces.into_iter().map(Arc::new));
        self
    }

    /// These fonts with a fallback font (tried last).
    pub fn with_fallback(mut self, face: Arc<Face>) -> Fonts {
        self.fallback = Some(face);
        self
    }

    /// The bundled face of a weight.
    pub fn face(&self, weight: Weight) -> &Arc<Face> {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// The user's fonts, in the order they are tried.
    pub fn user_faces(&self) -> &[Arc<Face>] {
        &self.user
    }

    /// The fallback font, if one was found.
    pub fn fallback(&self) -> Option<&Arc<Face>> {
        self.fallback.as_ref()
    }

    /// Every face, in the order characters are looked up (for `weight`).
    pub fn chain(&self, weight: Weight) -> impl Iterator<Item = &Arc<Face>> {
        std::iter::once(self.face(weight))
            .chain(self.user.iter())
            .chain(self.fallback.iter())
    }

    /// The bundled face of a script of its own, in `weight` (Mongolian and Yi have one weight).
    pub fn script_face(&self, script: ScriptFace, weight: Weight) -> &Arc<Face> {
        self.scripts.face(script, weight)
    }

    /// The face that draws `ch` in `weight` and its glyph: see [`Fonts::face_for`], with the
    /// character's own script.
    pub fn glyph(&self, weight: Weight, ch: char) -> Option<(&Arc<Face>, GlyphId)> {
        self.face_for(weight, ScriptFace::of(ch), ch)
    }

    /// The face that draws `ch` in `weight` where the text around it is in `script` (a digit or
    /// a comma inside Uyghur text is drawn by the Arabic face when it has one), and its glyph:
    /// the script's bundled face, else the bundled CJK face of the weight, else the first user
    /// font that has it, else the fallback font, else any bundled script face (an Arabic comma
    /// ، belongs to no script of its own but only Naskh has it).
    pub fn face_for(
        &self,
        weight: Weight,
        script: Option<ScriptFace>,
        ch: char,
    ) -> Option<(&Arc<Face>, GlyphId)> {
        script
            .map(|script| self.scripts.face(script, weight))
            .into_iter()
            .chain(self.chain(weight))
            .chain(self.scripts.all(weight))
            .find_map(|face| face.glyph(ch).map(|glyph| (face, glyph)))
    }

    /// Whether a character can be printed (some font has it). White space and control
    /// characters count as printable: layout handles them without glyphs.
    pub fn has_char(&self, ch: char) -> bool {
        ch.is_whitespace()
            || ch.is_control()
            || is_invisible(ch)
            || self.glyph(Weight::Regular, ch).is_some()
    }

    /// The characters of `text` that no font has, each once, in order of appearance.
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

/// Symbols and emoji, which a font may map to a placeholder box rather than a real glyph: the
/// arrows to miscellaneous symbols blocks, private use, and the supplementary symbol planes
/// (emoji, regional-indicator flags).
fn may_be_placeholder(ch: char) -> bool {
    matches!(ch, '\u{2190}'..='\u{2BFF}' | '\u{E000}'..='\u{F8FF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// A glyph's outline as a flat list of numbers (each command's kind and points), to compare two
/// glyphs' drawings.
fn outline_commands(font: &FontRef<'static>, glyph: GlyphId) -> Vec<i64> {
    struct Recorder(Vec<i64>);
    impl skrifa::outline::OutlinePen for Recorder {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.extend([1, x as i64, y as i64]);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.extend([2, x as i64, y as i64]);
        }
        fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
            self.0
                .extend([3, cx0 as i64, cy0 as i64, x as i64, y as i64]);
        }
        fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
            self.0.extend([
                4, cx0 as i64, cy0 as i64, cx1 as i64, cy1 as i64, x as i64, y as i64,
            ]);
        }
        fn close(&mut self) {
            self.0.push(5);
        }
    }
    let mut recorder = Recorder(Vec::new());
    if let Some(outline) = font.outline_glyphs().get(glyph) {
        let settings =
            skrifa::outline::DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        if outline.draw(settings, &mut recorder).is_err() {
            recorder.0.clear();
        }
    }
    recorder.0
}

/// Format characters, which the shaper uses and then hides (they need no glyph): Mongolian free
/// variation selectors and vowel separator (U+180B–U+180F), zero-width space, non-joiner and
/// joiner, direction marks, embeddings and isolates (for the bidi algorithm), the word joiner
/// (layout glues words with it), variation selectors, the soft hyphen and the byte-order mark.
pub fn is_format_for_shaping(ch: char) -> bool {
    matches!(ch, '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
        || ('\u{E0100}'..='\u{E01EF}').contains(&ch)
}

/// Zero-width characters that are dropped rather than reported (joiners, variation selectors).
pub fn is_invisible(ch: char) -> bool {
    matches!(ch, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{00AD}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || is_format_for_shaping(ch)
}

/// The bundled fonts alone, parsed once per process.
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
    fn font_data_read_twice_is_one_face_and_other_data_another() {
        let first = Face::from_bytes(BOLD_BYTES.to_vec(), FaceOrigin::User("a.otf".into()));
        let again = Face::from_bytes(BOLD_BYTES.to_vec(), FaceOrigin::User("b.otf".into()));
        let other = Face::from_bytes(REGULAR_BYTES.to_vec(), FaceOrigin::User("c.otf".into()));
        let (Ok(first), Ok(again), Ok(other)) = (first, again, other) else {
            panic!("the bundled fonts are fonts");
        };
        assert_eq!(first.id(), again.id());
        assert!(std::ptr::eq(first.bytes(), again.bytes()));
        assert_ne!(first.id(), other.id());
        assert!(first.id() >= 16 && other.id() >= 16);
        assert!(matches!(
            Face::from_bytes(b"not a font".to_vec(), FaceOrigin::User("x.ttf".into())),
            Err(FontError::NotAFont(_))
        ));
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
