//! Renders laid-out pages to RGBA pixels at any resolution (preview and PNG export), drawing the
//! same items as the PDF: glyph outlines from each glyph's face (bundled, user or fallback font), shapes, pictures, QR modules.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{GlyphId, MetadataProvider};
use tiny_skia::{FillRule, IntSize, Paint, PathBuilder, Pixmap, PixmapPaint, Stroke, Transform};

use crate::fonts::Face;
use crate::frame::{Item, Page, PathStep, Rect, Rgb, rounded_rect_outline};

/// A rendered page.
#[derive(Debug, Clone, PartialEq)]
pub struct Pixels {
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// RGBA, 8 bits per channel, row by row, not premultiplied.
    pub rgba: Vec<u8>,
}

/// Largest picture rendered, in pixels per side (a 1200×800 mm board at 150 dpi is ~7100 px).
pub const MAX_SIDE_PX: f32 = 16_000.0;

/// Renders the trimmed page (bleed cut off) at `pixels_per_pt` (e.g. 150 dpi = 150/72).
pub fn render_page(page: &Page, pixels_per_pt: f32) -> Pixels {
    let scale = pixels_per_pt
        .min(MAX_SIDE_PX / page.width_pt.max(1.0))
        .min(MAX_SIDE_PX / page.height_pt.max(1.0))
        .max(0.001);
    let width_px = (page.width_pt * scale).round().max(1.0) as u32;
    let height_px = (page.height_pt * scale).round().max(1.0) as u32;
    let Some(mut pixmap) = Pixmap::new(width_px, height_px) else {
        return Pixels {
            width_px,
            height_px,
            rgba: vec![255; (width_px * height_px * 4) as usize],
        };
    };
    pixmap.fill(color(page.background));
    let transform = Transform::from_scale(scale, scale);
    for item in &page.items {
        draw_item(&mut pixmap, item, transform);
    }
    // The background is opaque, so premultiplied and straight alpha are the same here.
    Pixels {
        width_px,
        height_px,
        rgba: pixmap.take(),
    }
}

/// The red, green and blue bytes of RGBA pixels (alpha dropped), for encoders that take RGB.
/// Done in place in the same buffer (a 1920×1080 page is 8 MB: no second buffer to allocate
/// and fault in); trailing bytes of an incomplete pixel are dropped.
pub fn rgb_of_rgba(mut rgba: Vec<u8>) -> Vec<u8> {
    let pixels = rgba.len() / 4;
    for index in 0..pixels {
        // Pixel `index` moves from 4·index to 3·index: never over a pixel still to be read.
        let Some(&[red, green, blue, _]) = rgba
            .get(index * 4..index * 4 + 4)
            .and_then(|pixel| <&[u8; 4]>::try_from(pixel).ok())
        else {
            break;
        };
        if let Some(out) = rgba.get_mut(index * 3..index * 3 + 3) {
            out.copy_from_slice(&[red, green, blue]);
        }
    }
    rgba.truncate(pixels * 3);
    rgba
}

/// Renders the part `region` (pt) of `page` with only `items` drawn (on the page's background),
/// into `width_px`×`height_px` pixels: what lies under a logo, to flatten it (`render::pdf_svg`).
pub fn render_region(
    page: &Page,
    items: &[Item],
    region: Rect,
    width_px: u32,
    height_px: u32,
) -> Option<Pixels> {
    if !(region.width > 0.0 && region.height > 0.0) {
        return None;
    }
    let mut pixmap = Pixmap::new(width_px, height_px)?;
    pixmap.fill(color(page.background));
    let transform = Transform::from_scale(
        width_px as f32 / region.width,
        height_px as f32 / region.height,
    )
    .pre_translate(-region.x, -region.y);
    for item in items {
        draw_item(&mut pixmap, item, transform);
    }
    // The background is opaque, so premultiplied and straight alpha are the same here.
    Some(Pixels {
        width_px,
        height_px,
        rgba: pixmap.take(),
    })
}

fn color(value: Rgb) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(value.red, value.green, value.blue, 255)
}

fn paint(value: Rgb) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(color(value));
    paint.anti_alias = true;
    paint
}

fn draw_item(pixmap: &mut Pixmap, item: &Item, transform: Transform) {
    match item {
        Item::Rect {
            rect,
            fill,
            stroke,
            corner_radius_pt,
        } => {
            let Some(path) =
                rounded_rect(rect.x, rect.y, rect.width, rect.height, *corner_radius_pt)
            else {
                return;
            };
            if let Some(fill) = fill {
                pixmap.fill_path(&path, &paint(*fill), FillRule::Winding, transform, None);
            }
            if let Some((stroke_color, width)) = stroke {
                let stroke = Stroke {
                    width: *width,
                    ..Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(*stroke_color), &stroke, transform, None);
            }
        }
        Item::Line {
            from,
            to,
            color: line_color,
            width_pt,
        } => {
            let mut builder = PathBuilder::new();
            builder.move_to(from.x, from.y);
            builder.line_to(to.x, to.y);
            if let Some(path) = builder.finish() {
                let stroke = Stroke {
                    width: *width_pt,
                    ..Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(*line_color), &stroke, transform, None);
            }
        }
        Item::Polygon { points, fill } => {
            let mut builder = PathBuilder::new();
            for (index, point) in points.iter().enumerate() {
                if index == 0 {
                    builder.move_to(point.x, point.y);
                } else {
                    builder.line_to(point.x, point.y);
                }
            }
            builder.close();
            if let Some(path) = builder.finish() {
                pixmap.fill_path(&path, &paint(*fill), FillRule::Winding, transform, None);
            }
        }
        Item::Text(line) => {
            let text_paint = paint(line.color);
            for glyph in &line.glyphs {
                let Some(path) = glyph_path(&glyph.face, glyph.glyph_id) else {
                    continue;
                };
                // Font units are y-up; the page is y-down; a rotated line turns.
                let [a, b, c, d, e, f] = line.glyph_matrix(glyph);
                let glyph_transform = Transform::from_row(a, b, c, d, e, f);
                pixmap.fill_path(
                    &path,
                    &text_paint,
                    FillRule::Winding,
                    glyph_transform.post_concat(transform),
                    None,
                );
            }
        }
        Item::Image { rect, picture } => {
            let Some(size) = IntSize::from_wh(picture.width_px, picture.height_px) else {
                return;
            };
            if picture.rgba.len() != size.width() as usize * size.height() as usize * 4 {
                return;
            }
            // Opaque pictures are drawn from their own pixels (premultiplied and straight alpha
            // are the same); only pictures with transparency need a premultiplied copy.
            let premultiplied: Option<Pixmap> = if picture.has_alpha {
                let mut pixels = picture.rgba.as_ref().clone();
                for pixel in pixels.chunks_exact_mut(4) {
                    if let [red, green, blue, alpha] = pixel {
                        let a = u16::from(*alpha);
                        *red = ((u16::from(*red) * a + 127) / 255) as u8;
                        *green = ((u16::from(*green) * a + 127) / 255) as u8;
                        *blue = ((u16::from(*blue) * a + 127) / 255) as u8;
                    }
                }
                Pixmap::from_vec(pixels, size)
            } else {
                None
            };
            let image = match &premultiplied {
                Some(pixmap) => pixmap.as_ref(),
                None if picture.has_alpha => return,
                None => match tiny_skia::PixmapRef::from_bytes(
                    &picture.rgba,
                    picture.width_px,
                    picture.height_px,
                ) {
                    Some(image) => image,
                    None => return,
                },
            };
            let image_transform = Transform::from_row(
                rect.width / picture.width_px as f32,
                0.0,
                0.0,
                rect.height / picture.height_px as f32,
                rect.x,
                rect.y,
            );
            let paint = PixmapPaint {
                quality: tiny_skia::FilterQuality::Bilinear,
                ..PixmapPaint::default()
            };
            pixmap.draw_pixmap(
                0,
                0,
                image,
                &paint,
                image_transform.post_concat(transform),
                None,
            );
        }
        Item::Vector { rect, picture } => draw_vector(pixmap, *rect, picture, transform),
        Item::Qr {
            rect,
            modules_per_side,
            dark,
            color: qr_color,
            quiet_modules,
        } => {
            let total = (*modules_per_side + 2 * quiet_modules) as f32;
            if total <= 0.0 {
                return;
            }
            if let Some(white) = rounded_rect(rect.x, rect.y, rect.width, rect.height, 0.0) {
                pixmap.fill_path(
                    &white,
                    &paint(Rgb::WHITE),
                    FillRule::Winding,
                    transform,
                    None,
                );
            }
            let module = rect.width / total;
            let mut builder = PathBuilder::new();
            for (index, is_dark) in dark.iter().enumerate() {
                if *is_dark {
                    let (row, column) = (index / modules_per_side, index % modules_per_side);
                    let x = rect.x + (column + quiet_modules) as f32 * module;
                    let y = rect.y + (row + quiet_modules) as f32 * module;
                    if let Some(square) =
                        tiny_skia::Rect::from_xywh(x, y, module + 0.01, module + 0.01)
                    {
                        builder.push_rect(square);
                    }
                }
            }
            if let Some(path) = builder.finish() {
                let mut qr_paint = paint(*qr_color);
                qr_paint.anti_alias = false;
                pixmap.fill_path(&path, &qr_paint, FillRule::Winding, transform, None);
            }
        }
    }
}

/// Rasters an SVG drawing (resvg) at the page's resolution into its rectangle: the drawing is
/// rendered at the size it covers on the page, then composited, so it stays sharp.
fn draw_vector(
    pixmap: &mut Pixmap,
    rect: Rect,
    picture: &crate::frame::VectorPicture,
    transform: Transform,
) {
    // Pages are drawn with a scale and offset only (no rotation).
    let left = rect.x * transform.sx + transform.tx;
    let top = rect.y * transform.sy + transform.ty;
    let width = rect.width * transform.sx;
    let height = rect.height * transform.sy;
    let (tree_width, tree_height) = picture.size();
    if !(width > 0.0 && height > 0.0 && tree_width > 0.0 && tree_height > 0.0) {
        return;
    }
    let (origin_x, origin_y) = (left.floor(), top.floor());
    let width_px = (left + width - origin_x).ceil().clamp(1.0, MAX_SIDE_PX) as u32;
    let height_px = (top + height - origin_y).ceil().clamp(1.0, MAX_SIDE_PX) as u32;
    let Some(mut layer) = resvg::tiny_skia::Pixmap::new(width_px, height_px) else {
        return;
    };
    let svg_transform = resvg::tiny_skia::Transform::from_row(
        width / tree_width,
        0.0,
        0.0,
        height / tree_height,
        left - origin_x,
        top - origin_y,
    );
    resvg::render(&picture.tree, svg_transform, &mut layer.as_mut());
    // resvg draws with its own tiny-skia version; both hold premultiplied RGBA rows.
    let Some(size) = IntSize::from_wh(width_px, height_px) else {
        return;
    };
    let Some(layer) = Pixmap::from_vec(layer.take(), size) else {
        return;
    };
    pixmap.draw_pixmap(
        origin_x as i32,
        origin_y as i32,
        layer.as_ref(),
        &PixmapPaint::default(),
        Transform::identity(),
        None,
    );
}

fn rounded_rect(x: f32, y: f32, width: f32, height: f32, radius: f32) -> Option<tiny_skia::Path> {
    if !(width > 0.0 && height > 0.0) {
        return None;
    }
    let mut builder = PathBuilder::new();
    for step in rounded_rect_outline(Rect::new(x, y, width, height), radius) {
        match step {
            PathStep::MoveTo(point) => builder.move_to(point.x, point.y),
            PathStep::LineTo(point) => builder.line_to(point.x, point.y),
            PathStep::CubicTo(first, second, end) => {
                builder.cubic_to(first.x, first.y, second.x, second.y, end.x, end.y)
            }
            PathStep::Close => builder.close(),
        }
    }
    builder.finish()
}

struct PathPen(PathBuilder);

impl OutlinePen for PathPen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

type GlyphCache = Mutex<HashMap<(u64, u32), Option<Arc<tiny_skia::Path>>>>;

/// A glyph's outline in font units (y up), cached for the life of the process.
fn glyph_path(face: &Face, glyph_id: u32) -> Option<Arc<tiny_skia::Path>> {
    static CACHE: OnceLock<GlyphCache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(guard) = cache.lock()
        && let Some(found) = guard.get(&(face.id(), glyph_id))
    {
        return found.clone();
    }
    let outlines = face.font().outline_glyphs();
    let path = outlines.get(GlyphId::new(glyph_id)).and_then(|glyph| {
        let mut pen = PathPen(PathBuilder::new());
        glyph
            .draw(
                DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
                &mut pen,
            )
            .ok()?;
        pen.0.finish().map(Arc::new)
    });
    if let Ok(mut guard) = cache.lock() {
        guard.insert((face.id(), glyph_id), path.clone());
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{self, Weight};
    use crate::frame::{PlacedGlyph, Point, Rect, TextLine};

    #[test]
    fn rgb_keeps_red_green_blue_of_every_pixel_in_order() {
        let rgba: Vec<u8> = (0..=255u8).collect();
        let rgb = rgb_of_rgba(rgba);
        let expected: Vec<u8> = (0..=255u8).filter(|byte| byte % 4 != 3).collect();
        assert_eq!(rgb, expected);
        assert!(rgb_of_rgba(Vec::new()).is_empty());
        // An incomplete last pixel is dropped, never read past.
        assert_eq!(rgb_of_rgba(vec![1, 2, 3, 255, 9, 9]), vec![1, 2, 3]);
    }

    #[test]
    fn vector_pictures_fill_their_rect_sharp_and_undistorted() {
        // A 2:1 drawing: left half red, right half blue, placed at 2:1 at 3 px per pt.
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">
            <rect width="10" height="10" fill="#ff0000"/>
            <rect x="10" width="10" height="10" fill="#0000ff"/></svg>"##;
        let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
            .unwrap_or_else(|error| panic!("{error}"));
        let picture = crate::frame::VectorPicture {
            name: std::sync::Arc::from("mark.svg"),
            tree: Arc::new(tree),
        };
        let page = Page {
            width_pt: 100.0,
            height_pt: 50.0,
            bleed_pt: 0.0,
            background: Rgb::WHITE,
            items: vec![Item::Vector {
                rect: Rect::new(10.0, 10.0, 40.0, 20.0),
                picture,
            }],
        };
        let pixels = render_page(&page, 3.0);
        assert_eq!((pixels.width_px, pixels.height_px), (300, 150));
        let at = |x: usize, y: usize| {
            pixels
                .rgba
                .get((y * 300 + x) * 4..(y * 300 + x) * 4 + 4)
                .map(<[u8]>::to_vec)
        };
        // Inside: red left of x = 30 pt (90 px), blue right of it; white outside the rect.
        assert_eq!(at(31, 31), Some(vec![255, 0, 0, 255]));
        assert_eq!(at(88, 88), Some(vec![255, 0, 0, 255]));
        assert_eq!(at(92, 31), Some(vec![0, 0, 255, 255]));
        assert_eq!(at(148, 88), Some(vec![0, 0, 255, 255]));
        assert_eq!(at(28, 50), Some(vec![255, 255, 255, 255]));
        assert_eq!(at(152, 50), Some(vec![255, 255, 255, 255]));
        assert_eq!(at(100, 92), Some(vec![255, 255, 255, 255]));
    }

    #[test]
    fn text_and_shapes_leave_ink_where_they_are() {
        let mut page = Page {
            width_pt: 200.0,
            height_pt: 100.0,
            bleed_pt: 0.0,
            background: Rgb::WHITE,
            items: Vec::new(),
        };
        page.items.push(Item::Rect {
            rect: Rect::new(0.0, 0.0, 50.0, 50.0),
            fill: Some(Rgb::new(255, 0, 0)),
            stroke: None,
            corner_radius_pt: 0.0,
        });
        // 社工 in bold at 40 pt, its baseline 40 pt down from the top of the text area.
        let size_pt = 40.0;
        let face = fonts::bundled().face(Weight::Bold);
        let mut glyphs = Vec::new();
        let mut x_pt = 0.0;
        for (position, ch) in "社工".char_indices() {
            let glyph = face.glyph(ch).expect("the bundled font has 社 and 工");
            let advance_pt = face.advance_em(glyph) * size_pt;
            glyphs.push(PlacedGlyph {
                y_pt: 0.0,
                face: Arc::clone(face),
                glyph_id: glyph.to_u32(),
                x_pt,
                advance_pt,
                text_range: position..position + ch.len_utf8(),
            });
            x_pt += advance_pt;
        }
        page.items.push(Item::Text(TextLine {
            origin: Point::new(100.0, 10.0 + size_pt),
            size_pt,
            weight: Weight::Bold,
            color: Rgb::BLACK,
            text: "社工".to_owned(),
            glyphs,
            bounds: Rect::new(100.0, 10.0, 100.0, 80.0),
            rotation: crate::frame::TextRotation::None,
            above_em: 0.88,
            below_em: 0.12,
        }));
        let pixels = render_page(&page, 1.0);
        assert_eq!((pixels.width_px, pixels.height_px), (200, 100));
        let at = |x: usize, y: usize| {
            pixels
                .rgba
                .get((y * 200 + x) * 4..(y * 200 + x) * 4 + 4)
                .map(<[u8]>::to_vec)
        };
        assert_eq!(at(10, 10), Some(vec![255, 0, 0, 255]));
        let dark_in_text = (100..200)
            .flat_map(|x| (10..60).map(move |y| (x, y)))
            .filter(|&(x, y)| at(x, y).is_some_and(|p| p[0] < 100))
            .count();
        assert!(dark_in_text > 200, "{dark_in_text}");
    }
}
