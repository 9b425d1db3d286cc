//! The output of layout and the input of both renderers: pages of positioned items in points,
//! colours, alignment and warnings. It sits below `template`, `layout` and `render` so that their
//! dependencies point one way (like typst's `Frame`). Pure data: no file access.

use std::fmt;
use std::sync::Arc;

use crate::fonts::{Face, Weight};
pub use crate::model::Diagnostic;
use crate::sign::SignKind;

/// Points per millimetre (1 pt = 1/72 inch).
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres to points.
pub fn mm_to_pt(mm: f32) -> f32 {
    mm * PT_PER_MM
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// 左对齐.
    #[default]
    Left,
    /// 居中.
    Center,
    /// 右对齐.
    Right,
    /// 两端对齐 (CJK paragraphs; the last line stays left).
    Justify,
}

/// Vertical alignment inside the box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerticalAlign {
    /// 顶端.
    #[default]
    Top,
    /// 居中.
    Middle,
    /// 底端.
    Bottom,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Rgb {
    /// Red 0-255.
    pub red: u8,
    /// Green 0-255.
    pub green: u8,
    /// Blue 0-255.
    pub blue: u8,
}

impl Rgb {
    /// White.
    pub const WHITE: Rgb = Rgb::new(255, 255, 255);
    /// Black.
    pub const BLACK: Rgb = Rgb::new(0, 0, 0);

    /// A colour from its components.
    pub const fn new(red: u8, green: u8, blue: u8) -> Rgb {
        Rgb { red, green, blue }
    }

    /// Parses `#rrggbb`.
    pub fn from_hex(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let value = u32::from_str_radix(hex, 16).ok()?;
        Some(Rgb::new(
            (value >> 16) as u8,
            (value >> 8) as u8,
            value as u8,
        ))
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f32 {
        fn channel(value: u8) -> f32 {
            let c = f32::from(value) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.red) + 0.7152 * channel(self.green) + 0.0722 * channel(self.blue)
    }

    /// WCAG contrast ratio between two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// A rectangle in points; `y` grows downwards from the top of the trimmed page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Rect {
    /// A rectangle from its left, top, width and height.
    pub const fn new(x: f32, y: f32, width: f32, height: f32) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }
    /// The rectangle shrunk by `amount` on every side (never below zero size).
    pub fn inset(&self, amount: f32) -> Rect {
        self.inset_xy(amount, amount)
    }
    /// Shrunk by `dx` left and right, `dy` top and bottom.
    pub fn inset_xy(&self, dx: f32, dy: f32) -> Rect {
        let dx = dx.min(self.width / 2.0).max(0.0);
        let dy = dy.min(self.height / 2.0).max(0.0);
        Rect::new(
            self.x + dx,
            self.y + dy,
            self.width - 2.0 * dx,
            self.height - 2.0 * dy,
        )
    }
    /// Whether `other` lies inside this rectangle (with `tolerance` points of slack).
    pub fn contains(&self, other: &Rect, tolerance: f32) -> bool {
        other.x >= self.x - tolerance
            && other.y >= self.y - tolerance
            && other.right() <= self.right() + tolerance
            && other.bottom() <= self.bottom() + tolerance
    }
    /// Whether the two rectangles overlap by more than `tolerance`.
    pub fn overlaps(&self, other: &Rect, tolerance: f32) -> bool {
        self.x + tolerance < other.right()
            && other.x + tolerance < self.right()
            && self.y + tolerance < other.bottom()
            && other.y + tolerance < self.bottom()
    }
}

/// A point in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Horizontal, from the left trim edge.
    pub x: f32,
    /// Vertical, down from the top trim edge.
    pub y: f32,
}

impl Point {
    /// A point.
    pub const fn new(x: f32, y: f32) -> Point {
        Point { x, y }
    }
}

/// One glyph of a text line.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// The face the glyph is drawn from (the bundled face of the line's weight, a user font or
    /// the fallback font).
    pub face: Arc<Face>,
    /// Glyph id in `face`.
    pub glyph_id: u32,
    /// Horizontal position relative to the line's origin, in points (the shaper's offset
    /// included). In a rotated line, along the line.
    pub x_pt: f32,
    /// Vertical position relative to the line's baseline, in points, down (a Tibetan subjoined
    /// letter or an Arabic mark has an offset; upright Chinese in a vertical column is stacked).
    pub y_pt: f32,
    /// Advance width in points (including justification space).
    pub advance_pt: f32,
    /// The bytes of [`TextLine::text`] this glyph stands for.
    pub text_range: std::ops::Range<usize>,
}

/// How a text line is turned on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextRotation {
    /// Set as it is (horizontal lines; upright Chinese stacked in a vertical column).
    #[default]
    None,
    /// Turned 90° clockwise about the origin: the line runs down the page and the tops of its
    /// letters face right (traditional Mongolian, and Latin or digits inside vertical text).
    Clockwise,
}

/// One line of text, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// Left end of the baseline.
    pub origin: Point,
    /// Font size in points.
    pub size_pt: f32,
    /// Font weight.
    pub weight: Weight,
    /// Colour.
    pub color: Rgb,
    /// The line's characters (for search and copy in the PDF).
    pub text: String,
    /// Glyphs in visual order (left to right; top to bottom when stacked).
    pub glyphs: Vec<PlacedGlyph>,
    /// The box the line was fitted into: its ink never leaves it.
    pub bounds: Rect,
    /// How the line is turned.
    pub rotation: TextRotation,
    /// How far the line's ink reaches above its baseline, in em (0.88 for Chinese: the
    /// ideographic em box; more for Tibetan stacks and Arabic marks).
    pub above_em: f32,
    /// How far the ink reaches below the baseline, in em (0.12 for Chinese).
    pub below_em: f32,
}

impl TextLine {
    /// The matrix `[a, b, c, d, e, f]` that takes a glyph's outline from its font units (y up)
    /// to the page (points, y down): x' = a·x + c·y + e, y' = b·x + d·y + f (tiny-skia's and
    /// PDF's order). Both renderers and the preflight draw glyphs through it.
    pub fn glyph_matrix(&self, glyph: &PlacedGlyph) -> [f32; 6] {
        let scale = self.size_pt / glyph.face.units_per_em().max(1.0);
        let (x, y) = (self.origin.x, self.origin.y);
        match self.rotation {
            TextRotation::None => [scale, 0.0, 0.0, -scale, x + glyph.x_pt, y + glyph.y_pt],
            // The local point (gx + s·u, gy − s·v) turns to (−local y, local x).
            TextRotation::Clockwise => [0.0, scale, scale, 0.0, x - glyph.y_pt, y + glyph.x_pt],
        }
    }

    /// The line's extent on the page: from its ink's top to its bottom (see `above_em`), from
    /// the first glyph to the end of the last (a mark, which has no advance, by its ink),
    /// turned as the line is.
    pub fn extent(&self) -> Rect {
        let (above, below) = (self.above_em * self.size_pt, self.below_em * self.size_pt);
        let mut bounds: Option<(f32, f32, f32, f32)> = None;
        for glyph in &self.glyphs {
            // A mark (no advance) by its ink, anything else by its advance box.
            let (left, right) = match glyph.face.mark_ink_x_em(
                skrifa::GlyphId::new(glyph.glyph_id),
                glyph.advance_pt / self.size_pt.max(1e-6),
            ) {
                Some((low, high)) => (
                    glyph.x_pt + low * self.size_pt,
                    glyph.x_pt + high * self.size_pt,
                ),
                None => (glyph.x_pt, glyph.x_pt + glyph.advance_pt),
            };
            let (top, bottom) = (glyph.y_pt.min(0.0) - above, glyph.y_pt.max(0.0) + below);
            bounds = Some(match bounds {
                None => (left, top, right, bottom),
                Some((l, t, r, b)) => (l.min(left), t.min(top), r.max(right), b.max(bottom)),
            });
        }
        let (left, top, right, bottom) = bounds.unwrap_or((0.0, -above, 0.0, below));
        match self.rotation {
            TextRotation::None => Rect::new(
                self.origin.x + left,
                self.origin.y + top,
                right - left,
                bottom - top,
            ),
            // (x, y) turns to (-y, x).
            TextRotation::Clockwise => Rect::new(
                self.origin.x - bottom,
                self.origin.y + left,
                bottom - top,
                right - left,
            ),
        }
    }
}

/// Decoded pixels of a photo or logo, already cropped and downsampled for its box.
#[derive(Clone, PartialEq)]
pub struct Picture {
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// RGBA, 8 bits per channel, row by row.
    pub rgba: Arc<Vec<u8>>,
    /// Whether any pixel is not opaque.
    pub has_alpha: bool,
    /// Its JPEG for the PDF, made the first time a PDF needs it and shared by every clone (the
    /// same photo at the same size on the staff sign, each badge and the badge sheet).
    pub jpeg: EncodedOnce,
}

/// An encoding of a picture made at most once and shared by its clones ([`Picture::jpeg`]).
/// It never takes part in comparisons: a picture is its pixels.
#[derive(Clone, Default)]
pub struct EncodedOnce(Arc<std::sync::OnceLock<Option<Arc<Vec<u8>>>>>);

impl EncodedOnce {
    /// The encoding, made by `encode` the first time (`None`: it could not be encoded).
    pub fn get_or_init(&self, encode: impl FnOnce() -> Option<Vec<u8>>) -> Option<Arc<Vec<u8>>> {
        self.0.get_or_init(|| encode().map(Arc::new)).clone()
    }
}

impl PartialEq for EncodedOnce {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for EncodedOnce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "EncodedOnce(made)"
        } else {
            "EncodedOnce"
        })
    }
}

impl fmt::Debug for Picture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Picture({}×{})", self.width_px, self.height_px)
    }
}

/// A vector picture (an SVG logo), parsed once and shared by every sign that shows it. Drawn
/// as vector in the PDF and rastered at the page's resolution for previews and PNG.
#[derive(Clone)]
pub struct VectorPicture {
    /// The parsed drawing.
    pub tree: Arc<resvg::usvg::Tree>,
    /// Its file's name as the station gives it (`标志.svg`), for messages; may be empty.
    pub name: Arc<str>,
}

impl VectorPicture {
    /// The drawing's own width and height (its aspect ratio is kept wherever it is placed).
    pub fn size(&self) -> (f32, f32) {
        let size = self.tree.size();
        (size.width(), size.height())
    }
}

impl PartialEq for VectorPicture {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.tree, &other.tree)
    }
}

impl fmt::Debug for VectorPicture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (width, height) = self.size();
        write!(f, "VectorPicture({width}×{height})")
    }
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A filled and/or outlined rectangle, optionally with rounded corners.
    Rect {
        /// Where.
        rect: Rect,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Outline colour and width in points.
        stroke: Option<(Rgb, f32)>,
        /// Corner radius in points (0 for square corners).
        corner_radius_pt: f32,
    },
    /// A straight line.
    Line {
        /// Start.
        from: Point,
        /// End.
        to: Point,
        /// Colour.
        color: Rgb,
        /// Width in points.
        width_pt: f32,
    },
    /// A filled polygon (arrow heads, chevrons).
    Polygon {
        /// Corners in order.
        points: Vec<Point>,
        /// Fill colour.
        fill: Rgb,
    },
    /// A line of text.
    Text(TextLine),
    /// A picture stretched to `rect` (already cropped to its aspect ratio).
    Image {
        /// Where.
        rect: Rect,
        /// The pixels.
        picture: Picture,
    },
    /// A vector picture scaled to `rect` (`rect` already has the picture's aspect ratio).
    Vector {
        /// Where.
        rect: Rect,
        /// The drawing.
        picture: VectorPicture,
    },
    /// A QR code drawn as vector squares; `rect` includes the quiet zone.
    Qr {
        /// Where, quiet zone included.
        rect: Rect,
        /// Modules per side (without the quiet zone).
        modules_per_side: usize,
        /// Dark modules, row by row.
        dark: Vec<bool>,
        /// Colour of dark modules.
        color: Rgb,
        /// Quiet zone in modules on each side.
        quiet_modules: usize,
    },
}

impl Item {
    /// Moves the item by (`dx`, `dy`) points: the one way laid-out items are moved (a white
    /// margin around a page, badges imposed on a sheet).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        let point = |point: &mut Point| *point = Point::new(point.x + dx, point.y + dy);
        let rect =
            |rect: &mut Rect| *rect = Rect::new(rect.x + dx, rect.y + dy, rect.width, rect.height);
        match self {
            Item::Rect { rect: area, .. }
            | Item::Image { rect: area, .. }
            | Item::Vector { rect: area, .. }
            | Item::Qr { rect: area, .. } => rect(area),
            Item::Line { from, to, .. } => {
                point(from);
                point(to);
            }
            Item::Polygon { points, .. } => points.iter_mut().for_each(point),
            Item::Text(line) => {
                point(&mut line.origin);
                rect(&mut line.bounds);
            }
        }
    }
}

/// One page of a sign.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Trimmed width in points.
    pub width_pt: f32,
    /// Trimmed height in points.
    pub height_pt: f32,
    /// Bleed around the trimmed page, in points (backgrounds run into it).
    pub bleed_pt: f32,
    /// Background colour of the whole page, bleed included.
    pub background: Rgb,
    /// What is drawn, in painting order.
    pub items: Vec<Item>,
}

/// A laid-out sign: one or more pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Which sign.
    pub kind: SignKind,
    /// "<station name> <sign name>".
    pub title: String,
    /// The pages.
    pub pages: Vec<Page>,
    /// Non-fatal problems found while laying out (warnings naming this sign).
    pub warnings: Vec<Diagnostic>,
}

/// One step of an outline (what both renderers turn into their own path type).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathStep {
    /// Start a new outline here.
    MoveTo(Point),
    /// Straight line to here.
    LineTo(Point),
    /// Cubic Bézier through two control points to the third point.
    CubicTo(Point, Point, Point),
    /// Back to the start.
    Close,
}

/// The outline of `rect` with corners rounded by `radius_pt` (clamped to half the shorter side).
pub fn rounded_rect_outline(rect: Rect, radius_pt: f32) -> Vec<PathStep> {
    let radius = radius_pt
        .min(rect.width / 2.0)
        .min(rect.height / 2.0)
        .max(0.0);
    let (left, top, right, bottom) = (rect.x, rect.y, rect.right(), rect.bottom());
    if radius <= 0.01 {
        return vec![
            PathStep::MoveTo(Point::new(left, top)),
            PathStep::LineTo(Point::new(right, top)),
            PathStep::LineTo(Point::new(right, bottom)),
            PathStep::LineTo(Point::new(left, bottom)),
            PathStep::Close,
        ];
    }
    // Circle approximation constant for cubic Béziers.
    let k = radius * 0.552_284_8;
    let p = Point::new;
    vec![
        PathStep::MoveTo(p(left + radius, top)),
        PathStep::LineTo(p(right - radius, top)),
        PathStep::CubicTo(
            p(right - radius + k, top),
            p(right, top + radius - k),
            p(right, top + radius),
        ),
        PathStep::LineTo(p(right, bottom - radius)),
        PathStep::CubicTo(
            p(right, bottom - radius + k),
            p(right - radius + k, bottom),
            p(right - radius, bottom),
        ),
        PathStep::LineTo(p(left + radius, bottom)),
        PathStep::CubicTo(
            p(left + radius - k, bottom),
            p(left, bottom - radius + k),
            p(left, bottom - radius),
        ),
        PathStep::LineTo(p(left, top + radius)),
        PathStep::CubicTo(
            p(left, top + radius - k),
            p(left + radius - k, top),
            p(left + radius, top),
        ),
        PathStep::Close,
    ]
}
