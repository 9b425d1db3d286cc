//! The 样稿 (draft) mark: a sign made without one of its essentials (station name, 监督电话,
//! 更新日期) gets “样稿” across every page, large and diagonal, on top of everything, so it cannot
//! pass for the finished sign. It is drawn here, as the page's own lines (the glyph outlines of
//! the bold face, stroked hollow: light red over a white halo, visible on any background and
//! hiding little of what lies under it), so the PDF, the PNG and the preview show the same mark.

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};

use crate::fonts::{Fonts, Weight};
use crate::frame::{Document, Item, Page, Point, Rgb};

/// The text of the mark.
pub const DRAFT_TEXT: &str = "样稿";

/// The mark's colour: a light red.
pub const DRAFT_COLOR: Rgb = Rgb::new(232, 110, 110);

/// The share of the page (each way) the mark's box may take.
const PAGE_SHARE: f32 = 0.8;

/// Stroke width as a share of the character size, and its least width in points.
const STROKE_EM: f32 = 0.012;
const MIN_STROKE_PT: f32 = 1.0;

/// Where the ink of a Chinese character is centred, above the baseline, in em.
const INK_CENTRE_EM: f32 = 0.38;

/// `document` with the 样稿 mark on every page and “（样稿）” after its title.
pub fn mark_draft(mut document: Document, fonts: &Fonts) -> Document {
    let outlines = outlines(fonts);
    for page in &mut document.pages {
        mark_page(page, &outlines);
    }
    if !document.title.contains(DRAFT_TEXT) {
        document.title.push_str("（样稿）");
    }
    document
}

/// Whether `page` carries the mark (its coloured strokes).
pub fn has_draft_mark(page: &Page) -> bool {
    page.items
        .iter()
        .any(|item| matches!(item, Item::Line { color, .. } if *color == DRAFT_COLOR))
}

/// The closed contours of the mark's characters, in em (x right, y down, the run centred on the
/// origin), each a list of points.
fn outlines(fonts: &Fonts) -> Vec<Vec<(f32, f32)>> {
    let glyphs: Vec<_> = DRAFT_TEXT
        .chars()
        .filter_map(|ch| fonts.glyph(Weight::Bold, ch))
        .collect();
    let advances: Vec<f32> = glyphs
        .iter()
        .map(|(face, glyph)| face.advance_em(*glyph))
        .collect();
    let total: f32 = advances.iter().sum();
    let mut contours = Vec::new();
    let mut x_em = -total / 2.0;
    for ((face, glyph), advance) in glyphs.iter().zip(advances) {
        let scale = 1.0 / face.units_per_em().max(1.0);
        let mut pen = Flattener {
            contours: Vec::new(),
            origin: (x_em, INK_CENTRE_EM),
            scale,
        };
        if let Some(outline) = face.font().outline_glyphs().get(*glyph) {
            let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
            if outline.draw(settings, &mut pen).is_ok() {
                contours.append(&mut pen.contours);
            }
        }
        x_em += advance;
    }
    contours
}

/// Puts the mark on one page: along the diagonal from bottom left to top right, as large as fits
/// in [`PAGE_SHARE`] of the page.
fn mark_page(page: &mut Page, contours: &[Vec<(f32, f32)>]) {
    let (width, height) = (page.width_pt, page.height_pt);
    if width <= 0.0 || height <= 0.0 || contours.is_empty() {
        return;
    }
    let run_em = DRAFT_TEXT.chars().count() as f32;
    let angle = height.atan2(width);
    let (sin, cos) = angle.sin_cos();
    // The box of a run_em × 1 em run turned by `angle` fits in the page's share.
    let size_pt =
        (PAGE_SHARE * width / (run_em * cos + sin)).min(PAGE_SHARE * height / (run_em * sin + cos));
    let stroke_pt = (size_pt * STROKE_EM).max(MIN_STROKE_PT);
    let centre = (width / 2.0, height / 2.0);
    // Em coordinates (x along the run, y down) to the page: turned up to the right.
    let place = |(u, v): (f32, f32)| {
        Point::new(
            centre.0 + size_pt * (u * cos + v * sin),
            centre.1 + size_pt * (-u * sin + v * cos),
        )
    };
    let mut halo = Vec::new();
    let mut strokes = Vec::new();
    for contour in contours {
        let points: Vec<Point> = contour.iter().copied().map(place).collect();
        for pair in points.windows(2) {
            let [from, to] = pair else { continue };
            // Square ends (half the width past each point) close the corners between segments.
            for (list, width_pt, color) in [
                (&mut halo, stroke_pt * 2.2, Rgb::WHITE),
                (&mut strokes, stroke_pt, DRAFT_COLOR),
            ] {
                let (from, to) = extended(*from, *to, width_pt / 2.0);
                list.push(Item::Line {
                    from,
                    to,
                    color,
                    width_pt,
                });
            }
        }
    }
    page.items.append(&mut halo);
    page.items.append(&mut strokes);
}

/// The segment made `by` longer at each end.
fn extended(from: Point, to: Point, by: f32) -> (Point, Point) {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let length = (dx * dx + dy * dy).sqrt();
    if length <= f32::EPSILON {
        return (from, to);
    }
    let (ux, uy) = (dx / length * by, dy / length * by);
    (
        Point::new(from.x - ux, from.y - uy),
        Point::new(to.x + ux, to.y + uy),
    )
}

/// Collects a glyph's contours as closed polygons in em (curves cut into short segments).
struct Flattener {
    contours: Vec<Vec<(f32, f32)>>,
    /// Where the glyph's origin goes, in em (x, and the baseline's distance below the centre).
    origin: (f32, f32),
    /// Font units to em.
    scale: f32,
}

/// Segments per curve.
const CURVE_STEPS: usize = 10;

impl Flattener {
    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        (
            self.origin.0 + x * self.scale,
            self.origin.1 - y * self.scale,
        )
    }

    fn last(&self) -> (f32, f32) {
        self.contours
            .last()
            .and_then(|contour| contour.last())
            .copied()
            .unwrap_or((0.0, 0.0))
    }

    fn push(&mut self, point: (f32, f32)) {
        match self.contours.last_mut() {
            Some(contour) => contour.push(point),
            None => self.contours.push(vec![point]),
        }
    }
}

impl OutlinePen for Flattener {
    fn move_to(&mut self, x: f32, y: f32) {
        let point = self.point(x, y);
        self.contours.push(vec![point]);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let point = self.point(x, y);
        self.push(point);
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let start = self.last();
        let control = self.point(cx0, cy0);
        let end = self.point(x, y);
        for step in 1..=CURVE_STEPS {
            let t = step as f32 / CURVE_STEPS as f32;
            let mt = 1.0 - t;
            let at = |a: f32, b: f32, c: f32| mt * mt * a + 2.0 * mt * t * b + t * t * c;
            self.push((at(start.0, control.0, end.0), at(start.1, control.1, end.1)));
        }
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let start = self.last();
        let first = self.point(cx0, cy0);
        let second = self.point(cx1, cy1);
        let end = self.point(x, y);
        for step in 1..=CURVE_STEPS {
            let t = step as f32 / CURVE_STEPS as f32;
            let mt = 1.0 - t;
            let at = |a: f32, b: f32, c: f32, d: f32| {
                mt * mt * mt * a + 3.0 * mt * mt * t * b + 3.0 * mt * t * t * c + t * t * t * d
            };
            self.push((
                at(start.0, first.0, second.0, end.0),
                at(start.1, first.1, second.1, end.1),
            ));
        }
    }

    fn close(&mut self) {
        if let Some(contour) = self.contours.last_mut()
            && let Some(first) = contour.first().copied()
            && contour.last() != Some(&first)
        {
            contour.push(first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::SignKind;

    fn page(width_pt: f32, height_pt: f32) -> Page {
        Page {
            width_pt,
            height_pt,
            bleed_pt: 0.0,
            background: Rgb::WHITE,
            items: Vec::new(),
        }
    }

    fn ink_box(page: &Page) -> (f32, f32, f32, f32) {
        let mut bounds = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for item in &page.items {
            if let Item::Line { from, to, .. } = item {
                for point in [from, to] {
                    bounds = (
                        bounds.0.min(point.x),
                        bounds.1.min(point.y),
                        bounds.2.max(point.x),
                        bounds.3.max(point.y),
                    );
                }
            }
        }
        bounds
    }

    #[test]
    fn every_page_is_marked_large_inside_the_page_and_titled() {
        for (width, height) in [(1700.0, 2551.0), (850.0, 340.0), (244.0, 153.0)] {
            let document = Document {
                kind: SignKind::Contacts,
                title: "柳溪镇社会工作服务站 联系方式".into(),
                pages: vec![page(width, height), page(width, height)],
                warnings: Vec::new(),
            };
            let marked = mark_draft(document, crate::fonts::bundled());
            assert_eq!(marked.title, "柳溪镇社会工作服务站 联系方式（样稿）");
            for page in &marked.pages {
                assert!(has_draft_mark(page));
                let (left, top, right, bottom) = ink_box(page);
                assert!(left > 0.0 && top > 0.0, "{left} {top}");
                assert!(right < width && bottom < height, "{right} {bottom}");
                // Large: the mark spans most of the page one way or the other.
                let share = ((right - left) / width).max((bottom - top) / height);
                assert!(share > 0.6, "{width}×{height}: {share}");
                // Diagonal: its ink rises to the right (the first character lower left).
                assert!(bottom - top > 0.3 * height && right - left > 0.3 * width);
            }
        }
    }

    #[test]
    fn an_unmarked_page_is_not_taken_for_a_draft() {
        assert!(!has_draft_mark(&page(100.0, 100.0)));
    }
}
