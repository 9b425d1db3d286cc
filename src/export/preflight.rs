//! The preflight report: what a print shop checks before printing, measured on the laid-out
//! pages — trimmed size, bleed, fonts embedded or outlined, smallest text, thinnest line, lowest
//! photo resolution at its placed size, colour space, and how close text comes to the cut — with
//! a warning for anything below the output profile's limits. Written as `<简称>-印前检查.txt` beside
//! the files, summarised in the app.

use crate::frame::{Diagnostic, Document, Item, mm_to_pt};
use crate::model::FieldPath;
use crate::sign::SignKind;

use super::profile::OutputProfile;

/// Points per millimetre.
fn pt_to_mm(pt: f32) -> f32 {
    pt / mm_to_pt(1.0)
}

/// How the text of a file is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStorage {
    /// Fonts embedded as subsets.
    Embedded,
    /// Text drawn as glyph outlines (转曲): no fonts in the file.
    Outlined,
    /// Pixels (PNG).
    Pixels,
    /// The sign has no text.
    NoText,
}

/// The preflight figures of one sign.
#[derive(Debug, Clone, PartialEq)]
pub struct SignPreflight {
    /// Which sign.
    pub kind: SignKind,
    /// The profile the figures were checked against.
    pub profile: OutputProfile,
    /// Pages.
    pub pages: usize,
    /// Trimmed size of the first page, mm (width, height).
    pub trimmed_mm: (f32, f32),
    /// Bleed, mm.
    pub bleed_mm: f32,
    /// Fonts embedded or outlined.
    pub text: TextStorage,
    /// Smallest text size, pt (`None` without text).
    pub smallest_text_pt: Option<f32>,
    /// Thinnest line or outline, mm (`None` without lines).
    pub thinnest_line_mm: Option<f32>,
    /// Lowest resolution of a photo or logo at its placed size, dpi (`None` without pictures).
    pub lowest_photo_dpi: Option<f32>,
    /// Closest any text comes to the cut, mm (`None` without text).
    pub text_to_cut_mm: Option<f32>,
    /// CMYK (true) or RGB.
    pub cmyk: bool,
    /// In a CMYK file: whether it has photos or bitmap logos (they stay RGB).
    pub rgb_pictures: bool,
    /// In a CMYK file: SVG logos flattened into CMYK pictures, with why (`标志.svg（透明效果）`).
    pub flattened_logos: Vec<String>,
    /// In a CMYK file: SVG logos left in RGB (too large to flatten), with why.
    pub rgb_logos: Vec<String>,
    /// What is below the profile's limits (Chinese, naming the sign).
    pub warnings: Vec<Diagnostic>,
}

/// Measures `document` as it is written (`text`: how its text is stored; `cmyk`: colours) and
/// checks it against `profile`.
pub fn check(
    document: &Document,
    profile: OutputProfile,
    text: TextStorage,
    cmyk: bool,
) -> SignPreflight {
    let kind = document.kind;
    let rules = profile.rules();
    let mut smallest_text_pt: Option<f32> = None;
    let mut thinnest_line_pt: Option<f32> = None;
    let mut lowest_dpi: Option<f32> = None;
    let mut text_to_cut_pt: Option<f32> = None;
    let mut rgb_pictures = false;
    let mut flattened_logos: Vec<String> = Vec::new();
    let mut rgb_logos: Vec<String> = Vec::new();
    let low = |slot: &mut Option<f32>, value: f32| {
        if value.is_finite() {
            *slot = Some(slot.map_or(value, |old: f32| old.min(value)));
        }
    };
    for page in &document.pages {
        for item in &page.items {
            match item {
                Item::Text(line) if !line.glyphs.is_empty() => {
                    low(&mut smallest_text_pt, line.size_pt);
                    if let Some(ink) = ink_bounds(line) {
                        let distance = ink
                            .x
                            .min(ink.y)
                            .min(page.width_pt - ink.right())
                            .min(page.height_pt - ink.bottom());
                        low(&mut text_to_cut_pt, distance);
                    }
                }
                Item::Line { width_pt, .. } => low(&mut thinnest_line_pt, *width_pt),
                Item::Rect {
                    stroke: Some((_, width_pt)),
                    ..
                } => low(&mut thinnest_line_pt, *width_pt),
                Item::Image { rect, picture } => {
                    let across = picture.width_px as f32 / (rect.width.max(0.01) / 72.0);
                    let down = picture.height_px as f32 / (rect.height.max(0.01) / 72.0);
                    low(&mut lowest_dpi, across.min(down));
                    rgb_pictures = true;
                }
                Item::Vector { rect, picture } if cmyk => {
                    use crate::render::pdf_svg::{CmykPlan, cmyk_plan};
                    let name = if picture.name.is_empty() {
                        "SVG 标志".to_owned()
                    } else {
                        format!("标志“{}”", picture.name)
                    };
                    let (list, why) = match cmyk_plan(picture, *rect) {
                        CmykPlan::Vector => continue,
                        CmykPlan::Flatten(why) => (&mut flattened_logos, why),
                        CmykPlan::KeepRgb(why) => (&mut rgb_logos, why),
                    };
                    let entry = format!("{name}（{why}）");
                    if !list.contains(&entry) {
                        list.push(entry);
                    }
                }
                _ => {}
            }
        }
    }
    let text = if smallest_text_pt.is_none() && text != TextStorage::Pixels {
        TextStorage::NoText
    } else {
        text
    };
    let first = document.pages.first();
    let mut report = SignPreflight {
        kind,
        profile,
        pages: document.pages.len(),
        trimmed_mm: first.map_or((0.0, 0.0), |page| {
            (pt_to_mm(page.width_pt), pt_to_mm(page.height_pt))
        }),
        bleed_mm: first.map_or(0.0, |page| pt_to_mm(page.bleed_pt)),
        text,
        smallest_text_pt,
        thinnest_line_mm: thinnest_line_pt.map(pt_to_mm),
        lowest_photo_dpi: lowest_dpi,
        text_to_cut_mm: text_to_cut_pt.map(pt_to_mm),
        cmyk,
        rgb_pictures: cmyk && rgb_pictures,
        flattened_logos,
        rgb_logos,
        warnings: Vec::new(),
    };
    let name = profile.label();
    let mut warn = |message: String| {
        report
            .warnings
            .push(Diagnostic::warning(FieldPath::none(), message).on(kind))
    };
    // Figures are compared rounded as they are printed in the report, so a photo capped at
    // exactly 300 dpi is not called too small.
    if let Some(size) = smallest_text_pt
        && round1(size) < rules.min_text_pt
    {
        warn(format!(
            "印前检查：最小的文字只有 {:.1} pt，小于“{name}”要求的 {} pt，印出来可能看不清",
            size, rules.min_text_pt
        ));
    }
    if let Some(width) = thinnest_line_pt.map(pt_to_mm)
        && round2(width) < rules.min_line_mm
    {
        warn(format!(
            "印前检查：最细的线只有 {:.2} 毫米，小于“{name}”要求的 {} 毫米，可能印不出来",
            width, rules.min_line_mm
        ));
    }
    let min_dpi = profile.min_photo_dpi(kind);
    if let Some(dpi) = lowest_dpi
        && dpi.round() < min_dpi
    {
        warn(format!(
            "印前检查：有一张图片放到版面上只有约 {:.0} dpi，低于“{name}”要求的 {min_dpi:.0} dpi，印出来会模糊",
            dpi
        ));
    }
    for logo in &report.rgb_logos.clone() {
        warn(format!(
            "印前检查：{logo}太大，无法按 {:.0} dpi 合成为 CMYK，仍为 RGB 颜色；请让印刷厂转换，或把标志的透明、渐变等效果在制作软件中去掉后重新导出",
            crate::render::pdf_svg::FLATTEN_DPI
        ));
    }
    if rules.safe_margin_mm > 0.0
        && let Some(distance) = text_to_cut_pt.map(pt_to_mm)
        && round1(distance) < rules.safe_margin_mm
    {
        warn(format!(
            "印前检查：有文字离裁切边只有 {:.1} 毫米，“{name}”要求文字离裁切边至少 {} 毫米",
            distance.max(0.0),
            rules.safe_margin_mm
        ));
    }
    report
}

/// The outline box of each glyph (font units; `None`: no ink), by face id and glyph id: a fact
/// of the font, found once per program run and shared by every sign and station (a set repeats
/// the same few hundred glyphs on each of its signs). Face ids are unique per font file
/// ([`crate::fonts::Face::id`]). Bounded: past [`GLYPH_BOXES_MAX`] glyphs it starts again empty.
static GLYPH_BOXES: std::sync::OnceLock<GlyphBoxes> = std::sync::OnceLock::new();

/// Glyph boxes by face id and glyph id.
type GlyphBoxes = std::sync::RwLock<std::collections::HashMap<(u64, u32), Option<GlyphBox>>>;

/// Glyph boxes kept at most (about 8 MB).
const GLYPH_BOXES_MAX: usize = 250_000;

/// A glyph's outline box in font units: left, bottom, right, top.
type GlyphBox = (f32, f32, f32, f32);

/// Where a text line's ink is on the page: the bounds of its glyph outlines (the same skrifa
/// outlines both renderers draw), `None` for a line of spaces. Each glyph's box is found once
/// ([`GLYPH_BOXES`]).
pub fn ink_bounds(line: &crate::frame::TextLine) -> Option<crate::frame::Rect> {
    use skrifa::MetadataProvider;
    use skrifa::instance::{LocationRef, Size};
    use skrifa::outline::{DrawSettings, OutlinePen};

    #[derive(Default)]
    struct Bounds(Option<(f32, f32, f32, f32)>);
    impl Bounds {
        fn add(&mut self, x: f32, y: f32) {
            self.0 = Some(match self.0 {
                None => (x, y, x, y),
                Some((left, bottom, right, top)) => {
                    (left.min(x), bottom.min(y), right.max(x), top.max(y))
                }
            });
        }
    }
    // Control points bound the curve, so this is the ink's box or a little more.
    impl OutlinePen for Bounds {
        fn move_to(&mut self, x: f32, y: f32) {
            self.add(x, y);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.add(x, y);
        }
        fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
            self.add(cx0, cy0);
            self.add(x, y);
        }
        fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
            self.add(cx0, cy0);
            self.add(cx1, cy1);
            self.add(x, y);
        }
        fn close(&mut self) {}
    }

    let mut page: Option<(f32, f32, f32, f32)> = None;
    let boxes = GLYPH_BOXES.get_or_init(Default::default);
    for glyph in &line.glyphs {
        // Each glyph from its own face (bundled, a user font or the fallback font).
        let face = &glyph.face;
        let key = (face.id(), glyph.glyph_id);
        let known = boxes.read().ok().and_then(|boxes| boxes.get(&key).copied());
        let glyph_box = match known {
            Some(known) => known,
            None => {
                let found = face
                    .font()
                    .outline_glyphs()
                    .get(skrifa::GlyphId::new(glyph.glyph_id))
                    .and_then(|outline| {
                        let mut bounds = Bounds::default();
                        outline
                            .draw(
                                DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
                                &mut bounds,
                            )
                            .ok()?;
                        bounds.0
                    });
                if let Ok(mut boxes) = boxes.write() {
                    if boxes.len() >= GLYPH_BOXES_MAX {
                        boxes.clear();
                    }
                    boxes.insert(key, found);
                }
                found
            }
        };
        let Some((left, bottom, right, top)) = glyph_box else {
            continue;
        };
        // Font units are y-up; the page is y-down; a rotated line turns: the corners of the
        // glyph's box, through the line's matrix.
        let [a, b, c, d, e, f] = line.glyph_matrix(glyph);
        let corners = [(left, bottom), (left, top), (right, bottom), (right, top)]
            .map(|(u, v)| (a * u + c * v + e, b * u + d * v + f));
        let glyph_box = corners.iter().fold(
            (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
            |(l, t, r, b), &(x, y)| (l.min(x), t.min(y), r.max(x), b.max(y)),
        );
        page = Some(match page {
            None => glyph_box,
            Some((l, t, r, b)) => (
                l.min(glyph_box.0),
                t.min(glyph_box.1),
                r.max(glyph_box.2),
                b.max(glyph_box.3),
            ),
        });
    }
    page.map(|(left, top, right, bottom)| {
        crate::frame::Rect::new(left, top, right - left, bottom - top)
    })
}

fn round1(value: f32) -> f32 {
    (value * 10.0).round() / 10.0
}

fn round2(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

impl SignPreflight {
    /// What the colours are, never more than the file holds.
    fn colour_text(&self) -> String {
        if !self.cmyk {
            return "RGB".to_owned();
        }
        let mut text = "CMYK（大面积黑色为四色黑，黑色文字为单色黑".to_owned();
        if !self.flattened_logos.is_empty() {
            text.push_str(&format!(
                "；{}按 {:.0} dpi 连同底色合成为 CMYK 图片",
                self.flattened_logos.join("、"),
                crate::render::pdf_svg::FLATTEN_DPI
            ));
        }
        let mut rgb: Vec<String> = Vec::new();
        if self.rgb_pictures {
            rgb.push("照片和位图标志".to_owned());
        }
        rgb.extend(self.rgb_logos.iter().cloned());
        if !rgb.is_empty() {
            text.push_str(&format!("；{}仍为 RGB", rgb.join("、")));
        }
        text.push('）');
        if !rgb.is_empty() {
            return format!("CMYK 与 RGB 混合：{text}");
        }
        text
    }

    /// The report's lines for this sign (Chinese), as in the preflight report (`…-印前检查.txt`).
    pub fn lines(&self) -> Vec<String> {
        let (width, height) = self.trimmed_mm;
        let mut lines = vec![
            format!(
                "【{}】{}（用途：{}）",
                self.kind.label(),
                self.kind.code(),
                self.profile.label()
            ),
            format!(
                "成品尺寸：{width:.1} × {height:.1} 毫米，共 {} 页",
                self.pages
            ),
            format!("出血：{:.1} 毫米", self.bleed_mm),
            format!(
                "字体：{}",
                match self.text {
                    TextStorage::Embedded => "已嵌入（子集，Noto Sans CJK SC）",
                    TextStorage::Outlined => "已转曲（文件中没有字体）",
                    TextStorage::Pixels => "PNG 图片（文字为像素）",
                    TextStorage::NoText => "没有文字",
                }
            ),
            format!(
                "最小文字：{}",
                self.smallest_text_pt
                    .map_or("没有文字".to_owned(), |pt| format!("{pt:.1} pt"))
            ),
            format!(
                "文字离裁切边最近（按字形）：{}",
                self.text_to_cut_mm
                    .map_or("没有文字".to_owned(), |mm| format!(
                        "{:.1} 毫米",
                        mm.max(0.0)
                    ))
            ),
            format!(
                "最细线条：{}",
                self.thinnest_line_mm
                    .map_or("没有线条".to_owned(), |mm| format!("{mm:.2} 毫米"))
            ),
            format!(
                "图片最低分辨率（按版面尺寸）：{}",
                self.lowest_photo_dpi
                    .map_or("没有图片".to_owned(), |dpi| format!("{dpi:.0} dpi"))
            ),
            format!("颜色：{}", self.colour_text()),
        ];
        if self.warnings.is_empty() {
            lines.push("检查结果：符合要求".to_owned());
        } else {
            for warning in &self.warnings {
                lines.push(format!("警告：{}", warning.message));
            }
        }
        lines
    }
}

/// The whole preflight report (`…-印前检查.txt`) of one station's export.
pub fn report_text(station_name: &str, signs: &[SignPreflight]) -> String {
    let mut text = format!("印前检查报告 — {station_name}\n\n");
    for sign in signs {
        for line in sign.lines() {
            text.push_str(&line);
            text.push('\n');
        }
        text.push('\n');
    }
    let warnings: usize = signs.iter().map(|sign| sign.warnings.len()).sum();
    text.push_str(&summary(signs));
    text.push('\n');
    if warnings > 0 {
        text.push_str("有警告的项目请改正后再交付印刷，或与印刷厂确认。\n");
    }
    text
}

/// A short Chinese summary for the app: how many signs were checked and how many warnings.
pub fn summary(signs: &[SignPreflight]) -> String {
    let warnings: usize = signs.iter().map(|sign| sign.warnings.len()).sum();
    let smallest = signs
        .iter()
        .filter_map(|sign| sign.smallest_text_pt)
        .fold(None, |low: Option<f32>, pt| {
            Some(low.map_or(pt, |l| l.min(pt)))
        });
    let lowest_dpi = signs
        .iter()
        .filter_map(|sign| sign.lowest_photo_dpi)
        .fold(None, |low: Option<f32>, dpi| {
            Some(low.map_or(dpi, |l| l.min(dpi)))
        });
    let mut text = format!("印前检查：{} 种公示牌", signs.len());
    if let Some(pt) = smallest {
        text.push_str(&format!("，最小文字 {pt:.1} pt"));
    }
    if let Some(dpi) = lowest_dpi {
        text.push_str(&format!("，图片最低 {dpi:.0} dpi"));
    }
    if warnings == 0 {
        text.push_str("，全部符合要求");
    } else {
        text.push_str(&format!("，{warnings} 条警告（见“印前检查”文件）"));
    }
    text
}
