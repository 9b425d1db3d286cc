//! SVG logos in the PDF. In RGB they are drawn by krilla-svg. In CMYK ([`PdfOptions::cmyk`])
//! every colour is written as DeviceCMYK, the same plain conversion as the rest of the page
//! ([`cmyk_of`]):
//! - a drawing of opaque, solid-coloured paths (groups, transforms, text — usvg turns text into
//!   paths) is drawn here path by path, as vector;
//! - a drawing with anything else — transparency, gradients, patterns, clip paths, masks,
//!   filters, blend modes, bitmaps — is flattened: its rectangle of the page, with what lies
//!   under it, is rastered at [`FLATTEN_DPI`] and placed as one opaque CMYK picture (no soft
//!   mask, no transparency group);
//! - a rectangle too large to raster ([`MAX_FLATTEN_PX`]) stays as krilla-svg draws it (RGB):
//!   [`cmyk_plan`] says so, and the preflight report names the logo.
//!
//! [`PdfOptions::cmyk`]: super::pdf::PdfOptions::cmyk

use std::sync::Arc;

use krilla::geom::{PathBuilder, Size, Transform};
use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use resvg::usvg;

use super::pdf::cmyk_of;
use crate::frame::{Item, Page, Rect, Rgb, VectorPicture};

/// The resolution a logo is flattened at in a CMYK file (print resolution).
pub const FLATTEN_DPI: f32 = 300.0;

/// The most pixels a flattened logo may have (a 250 mm square at 300 dpi).
pub const MAX_FLATTEN_PX: u64 = 3000 * 3000;

/// How an SVG logo is written in a CMYK file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmykPlan {
    /// As vector paths in CMYK.
    Vector,
    /// Flattened into an opaque CMYK picture at [`FLATTEN_DPI`]; why (Chinese, e.g. 透明效果).
    Flatten(&'static str),
    /// Left in RGB (too large to flatten); why it needed flattening.
    KeepRgb(&'static str),
}

/// How `picture`, placed in `rect` (pt), is written in a CMYK file.
pub fn cmyk_plan(picture: &VectorPicture, rect: Rect) -> CmykPlan {
    match obstacle(picture.tree.root()) {
        None => CmykPlan::Vector,
        Some(why) => {
            let (width_px, height_px) = flatten_px(rect);
            if width_px * height_px > MAX_FLATTEN_PX {
                CmykPlan::KeepRgb(why)
            } else {
                CmykPlan::Flatten(why)
            }
        }
    }
}

/// The flattened picture's size in pixels.
fn flatten_px(rect: Rect) -> (u64, u64) {
    let per_pt = FLATTEN_DPI / 72.0;
    let side = |pt: f32| (pt.max(0.0) * per_pt).ceil().max(1.0) as u64;
    (side(rect.width), side(rect.height))
}

/// The first thing in a group that cannot be written as opaque CMYK vector paths.
fn obstacle(group: &usvg::Group) -> Option<&'static str> {
    if group.opacity() != usvg::Opacity::ONE {
        return Some("透明效果");
    }
    if group.blend_mode() != usvg::BlendMode::Normal {
        return Some("混合模式");
    }
    if group.mask().is_some() {
        return Some("蒙版");
    }
    if !group.filters().is_empty() {
        return Some("滤镜效果");
    }
    if group.clip_path().is_some() {
        return Some("剪切路径");
    }
    group.children().iter().find_map(|node| match node {
        usvg::Node::Group(group) => obstacle(group),
        usvg::Node::Path(path) => {
            let fill = path
                .fill()
                .and_then(|fill| paint_obstacle(fill.paint(), fill.opacity()));
            fill.or_else(|| {
                path.stroke()
                    .and_then(|stroke| paint_obstacle(stroke.paint(), stroke.opacity()))
            })
        }
        usvg::Node::Image(_) => Some("嵌入的图片"),
        usvg::Node::Text(text) => obstacle(text.flattened()),
    })
}

fn paint_obstacle(paint: &usvg::Paint, opacity: usvg::Opacity) -> Option<&'static str> {
    match paint {
        usvg::Paint::Color(_) if opacity == usvg::Opacity::ONE => None,
        usvg::Paint::Color(_) => Some("透明效果"),
        usvg::Paint::LinearGradient(_) | usvg::Paint::RadialGradient(_) => Some("渐变"),
        usvg::Paint::Pattern(_) => Some("图案填充"),
    }
}

/// Draws `picture` into `rect` of `page` (`item` is its place in the page's items).
pub fn draw(
    surface: &mut Surface,
    page: &Page,
    item: &Item,
    rect: Rect,
    picture: &VectorPicture,
    cmyk: bool,
) {
    let Some(size) = Size::from_wh(rect.width, rect.height) else {
        return;
    };
    let plan = if cmyk {
        cmyk_plan(picture, rect)
    } else {
        CmykPlan::KeepRgb("")
    };
    surface.push_transform(&Transform::from_translate(rect.x, rect.y));
    match plan {
        CmykPlan::Vector => {
            let (width, height) = picture.size();
            if width > 0.0 && height > 0.0 {
                surface.push_transform(&Transform::from_scale(
                    rect.width / width,
                    rect.height / height,
                ));
                if let Some(clip) = rect_path(width, height) {
                    surface.push_clip_path(&clip, &FillRule::NonZero);
                    draw_group(surface, picture.tree.root());
                    surface.pop();
                }
                surface.pop();
            }
        }
        CmykPlan::Flatten(_) => {
            if let Some(image) = flattened(page, item, rect) {
                surface.draw_image(image, size);
            }
        }
        CmykPlan::KeepRgb(_) => {
            use krilla_svg::SurfaceExt;
            // Drawn as vector: paths stay paths, text in the drawing is outlined.
            let settings = krilla_svg::SvgSettings {
                embed_text: false,
                ..krilla_svg::SvgSettings::default()
            };
            let _drawn = surface.draw_svg(&picture.tree, size, settings);
        }
    }
    surface.pop();
}

fn rect_path(width: f32, height: f32) -> Option<krilla::geom::Path> {
    let mut builder = PathBuilder::new();
    builder.push_rect(krilla::geom::Rect::from_xywh(0.0, 0.0, width, height)?);
    builder.finish()
}

/// Draws a group of opaque solid paths (checked by [`obstacle`]) in CMYK.
fn draw_group(surface: &mut Surface, group: &usvg::Group) {
    let transform = group.transform();
    surface.push_transform(&Transform::from_row(
        transform.sx,
        transform.ky,
        transform.kx,
        transform.sy,
        transform.tx,
        transform.ty,
    ));
    for node in group.children() {
        match node {
            usvg::Node::Group(group) => draw_group(surface, group),
            usvg::Node::Path(path) => draw_path(surface, path),
            usvg::Node::Text(text) => draw_group(surface, text.flattened()),
            usvg::Node::Image(_) => {}
        }
    }
    surface.pop();
}

fn draw_path(surface: &mut Surface, path: &usvg::Path) {
    if !path.is_visible() {
        return;
    }
    let Some(outline) = krilla_path(path) else {
        return;
    };
    let fill = path.fill().and_then(|fill| {
        let usvg::Paint::Color(color) = fill.paint() else {
            return None;
        };
        Some(Fill {
            paint: cmyk_paint(*color),
            rule: match fill.rule() {
                usvg::FillRule::NonZero => FillRule::NonZero,
                usvg::FillRule::EvenOdd => FillRule::EvenOdd,
            },
            ..Fill::default()
        })
    });
    let stroke = path.stroke().and_then(|stroke| {
        let usvg::Paint::Color(color) = stroke.paint() else {
            return None;
        };
        Some(Stroke {
            paint: cmyk_paint(*color),
            width: stroke.width().get(),
            miter_limit: stroke.miterlimit().get(),
            line_cap: match stroke.linecap() {
                usvg::LineCap::Butt => LineCap::Butt,
                usvg::LineCap::Round => LineCap::Round,
                usvg::LineCap::Square => LineCap::Square,
            },
            line_join: match stroke.linejoin() {
                usvg::LineJoin::Miter | usvg::LineJoin::MiterClip => LineJoin::Miter,
                usvg::LineJoin::Round => LineJoin::Round,
                usvg::LineJoin::Bevel => LineJoin::Bevel,
            },
            dash: stroke.dasharray().map(|array| StrokeDash {
                offset: stroke.dashoffset(),
                array: array.to_vec(),
            }),
            ..Stroke::default()
        })
    });
    let (fill, stroke) = match path.paint_order() {
        usvg::PaintOrder::FillAndStroke => (fill, stroke),
        usvg::PaintOrder::StrokeAndFill => {
            surface.set_fill(None);
            surface.set_stroke(stroke);
            surface.draw_path(&outline);
            (fill, None)
        }
    };
    if fill.is_some() || stroke.is_some() {
        surface.set_fill(fill);
        surface.set_stroke(stroke);
        surface.draw_path(&outline);
    }
    surface.set_fill(None);
    surface.set_stroke(None);
}

fn cmyk_paint(color: usvg::Color) -> krilla::paint::Paint {
    let [c, m, y, k] = cmyk_of(
        Rgb {
            red: color.red,
            green: color.green,
            blue: color.blue,
        },
        false,
    );
    krilla::color::cmyk::Color::new(c, m, y, k).into()
}

fn krilla_path(path: &usvg::Path) -> Option<krilla::geom::Path> {
    use usvg::tiny_skia_path::PathSegment;
    let mut builder = PathBuilder::new();
    for segment in path.data().segments() {
        match segment {
            PathSegment::MoveTo(p) => builder.move_to(p.x, p.y),
            PathSegment::LineTo(p) => builder.line_to(p.x, p.y),
            PathSegment::QuadTo(p1, p2) => builder.quad_to(p1.x, p1.y, p2.x, p2.y),
            PathSegment::CubicTo(p1, p2, p3) => {
                builder.cubic_to(p1.x, p1.y, p2.x, p2.y, p3.x, p3.y)
            }
            PathSegment::Close => builder.close(),
        }
    }
    builder.finish()
}

/// The page's `rect` with everything up to and including `item` (what lies under the logo and
/// the logo), rastered at [`FLATTEN_DPI`] and converted to opaque CMYK.
fn flattened(page: &Page, item: &Item, rect: Rect) -> Option<Image> {
    let index = page
        .items
        .iter()
        .position(|other| std::ptr::eq(other, item))?;
    let below = page.items.get(..=index)?;
    let (width_px, height_px) = flatten_px(rect);
    let pixels = super::raster::render_region(
        page,
        below,
        rect,
        u32::try_from(width_px).ok()?,
        u32::try_from(height_px).ok()?,
    )?;
    let cmyk: Vec<u8> = pixels
        .rgba
        .chunks_exact(4)
        .flat_map(|pixel| match pixel {
            [red, green, blue, _] => cmyk_of(
                Rgb {
                    red: *red,
                    green: *green,
                    blue: *blue,
                },
                false,
            ),
            _ => [0, 0, 0, 0],
        })
        .collect();
    Image::from_custom(
        CmykPixels {
            width_px: pixels.width_px,
            height_px: pixels.height_px,
            cmyk: Arc::new(cmyk),
        },
        true,
    )
    .ok()
}

/// Opaque CMYK pixels, 8 bits a channel.
#[derive(Clone, Hash)]
struct CmykPixels {
    width_px: u32,
    height_px: u32,
    cmyk: Arc<Vec<u8>>,
}

impl CustomImage for CmykPixels {
    fn color_channel(&self) -> &[u8] {
        &self.cmyk
    }

    fn alpha_channel(&self) -> Option<&[u8]> {
        None
    }

    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }

    fn size(&self) -> (u32, u32) {
        (self.width_px, self.height_px)
    }

    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }

    fn color_space(&self) -> ImageColorspace {
        ImageColorspace::Cmyk
    }
}
