//! Writes laid-out pages as a print-ready PDF with krilla: subset fonts, exact size, bleed,
//! TrimBox/BleedBox, optional crop marks. Pure: returns bytes.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point as PdfPoint, Rect as PdfRect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as PdfDocument, SerializeSettings};

use std::collections::BTreeMap;

use crate::frame::{Document, Item, Page, PathStep, Rgb, TextRotation, mm_to_pt};

/// A date and time written into the PDF (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfDate {
    /// Year.
    pub year: u16,
    /// Month 1-12.
    pub month: u8,
    /// Day 1-31.
    pub day: u8,
    /// Hour 0-23.
    pub hour: u8,
    /// Minute 0-59.
    pub minute: u8,
    /// Second 0-59.
    pub second: u8,
}

impl PdfDate {
    /// The current time (UTC).
    pub fn now() -> PdfDate {
        let now = jiff::tz::TimeZone::UTC.to_datetime(jiff::Timestamp::now());
        let part = |value: i8| u8::try_from(value).unwrap_or(0);
        PdfDate {
            year: u16::try_from(now.year()).unwrap_or(1970),
            month: part(now.month()),
            day: part(now.day()),
            hour: part(now.hour()),
            minute: part(now.minute()),
            second: part(now.second()),
        }
    }
}

/// Print options of a PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfOptions {
    /// Draw crop marks outside the bleed (the page grows to make room for them).
    pub crop_marks: bool,
    /// The creation date written into the file; `None` writes no date (byte-identical output).
    pub date: Option<PdfDate>,
    /// Write colours as DeviceCMYK (a plain conversion without a colour profile; photos stay
    /// RGB): crop marks in registration colour, large black areas as rich black, black text
    /// and thin black lines as pure K.
    pub cmyk: bool,
    /// Draw text as glyph outlines (转曲): no fonts in the file, the same page otherwise.
    pub outline_text: bool,
    /// Radius (mm) of the rounded corners the shop cuts: a guide is drawn at each corner
    /// outside the bleed (card shops); `None` draws none.
    pub corner_guide_mm: Option<f32>,
}

/// No crop marks, RGB, and no date: the clock is never read here; a caller that wants the
/// creation date written passes it (`PdfDate::now()` or a fixed date).
impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            crop_marks: false,
            date: None,
            cmyk: false,
            outline_text: false,
            corner_guide_mm: None,
        }
    }
}

/// Room outside the bleed for crop marks.
pub fn crop_mark_margin_pt() -> f32 {
    mm_to_pt(10.0)
}

/// The PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// krilla refused the document.
    #[error("生成 PDF 失败：{}", krilla_message(.0))]
    Krilla(#[source] krilla::error::KrillaError),
    /// A page has no valid size (zero, negative or not a number).
    #[error("生成 PDF 失败：页面尺寸无效")]
    PageSize,
    /// A bundled font could not be used.
    #[error("生成 PDF 失败：内置字体无法使用")]
    Font,
}

/// Renders a laid-out sign to PDF bytes.
pub fn render_pdf(document: &Document, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let settings = SerializeSettings {
        ascii_compatible: false,
        compress_content_streams: true,
        ..SerializeSettings::default()
    };
    let mut pdf = PdfDocument::new_with(settings);
    // One krilla font per face (bundled, user or fallback), keyed by the face's id.
    let mut faces: BTreeMap<u64, Font> = BTreeMap::new();
    for page in &document.pages {
        for item in &page.items {
            if let Item::Text(line) = item {
                for glyph in &line.glyphs {
                    if let std::collections::btree_map::Entry::Vacant(slot) =
                        faces.entry(glyph.face.id())
                    {
                        let font = Font::new(glyph.face.bytes().into(), glyph.face.index())
                            .ok_or(PdfError::Font)?;
                        slot.insert(font);
                    }
                }
            }
        }
    }
    for page in &document.pages {
        let marks = if options.crop_marks || options.corner_guide_mm.is_some() {
            crop_mark_margin_pt()
        } else {
            0.0
        };
        let offset = page.bleed_pt + marks;
        let media_width = page.width_pt + 2.0 * offset;
        let media_height = page.height_pt + 2.0 * offset;
        let size = Size::from_wh(media_width, media_height).ok_or(PdfError::PageSize)?;
        let trim = PdfRect::from_xywh(offset, offset, page.width_pt, page.height_pt);
        let bleed = PdfRect::from_xywh(
            marks,
            marks,
            page.width_pt + 2.0 * page.bleed_pt,
            page.height_pt + 2.0 * page.bleed_pt,
        );
        let settings = PageSettings::new(size)
            .with_trim_box(trim)
            .with_bleed_box(bleed);
        let mut pdf_page = pdf.start_page_with(settings);
        let mut surface = pdf_page.surface();
        surface.push_transform(&Transform::from_translate(offset, offset));
        draw_page(&mut surface, page, &faces, options);
        surface.pop();
        if options.crop_marks {
            draw_crop_marks(&mut surface, page, marks, options.cmyk);
        }
        if let Some(radius_mm) = options.corner_guide_mm {
            draw_corner_guides(&mut surface, page, marks, mm_to_pt(radius_mm), options.cmyk);
        }
        surface.finish();
        pdf_page.finish();
    }
    let mut metadata = Metadata::new()
        .title(document.title.clone())
        .creator("亮牌 Liangpai".to_owned())
        .language("zh-CN".to_owned());
    if let Some(date) = options.date {
        metadata = metadata.creation_date(
            DateTime::new(date.year)
                .month(date.month)
                .day(date.day)
                .hour(date.hour)
                .minute(date.minute)
                .second(date.second),
        );
    }
    pdf.set_metadata(metadata);
    pdf.finish().map_err(PdfError::Krilla)
}

/// What went wrong in krilla, in Chinese (krilla's own text is English and technical).
fn krilla_message(error: &krilla::error::KrillaError) -> String {
    use krilla::error::KrillaError;
    match error {
        KrillaError::Font(..) => "字体无法嵌入 PDF".to_owned(),
        KrillaError::Limit(_) => "内容超出了 PDF 格式的限制（页面或图片过大）".to_owned(),
        KrillaError::Image(..) => "有一张图片无法写入 PDF，请换一张 JPG 或 PNG 图片".to_owned(),
        KrillaError::SixteenBitImage(..) => {
            "有一张 16 位色深的图片无法写入 PDF，请另存为普通的 JPG 或 PNG 后再试".to_owned()
        }
        KrillaError::Validation(..)
        | KrillaError::DuplicateNamedDestination(_)
        | KrillaError::DuplicateTagId(..)
        | KrillaError::UnknownTagId(..) => "程序内部错误，请把站点文件发给开发者".to_owned(),
    }
}

/// What a colour paints: decides how black is separated in CMYK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ink {
    /// Text and thin lines: black as pure K (no misregistration halo around small black).
    Fine,
    /// A filled area: black areas larger than [`RICH_BLACK_MIN_SIDE_PT`] as rich black.
    Area {
        /// Whether the area is large.
        large: bool,
    },
}

/// A filled area whose shorter side is at least this (10 mm) is "large": black there is printed
/// as rich black (C60 M40 Y40 K100), which looks deep instead of grey on a press.
pub const RICH_BLACK_MIN_SIDE_PT: f32 = 28.346_457;

/// Rich black in CMYK (bytes): C60 M40 Y40 K100.
pub const RICH_BLACK: [u8; 4] = [153, 102, 102, 255];

/// A colour as DeviceCMYK bytes (a plain conversion without a colour profile): near-neutral
/// dark colours become pure K (text) or rich black (large areas of full black).
pub fn cmyk_of(value: Rgb, large_area: bool) -> [u8; 4] {
    let [red, green, blue] =
        [value.red, value.green, value.blue].map(|channel| f32::from(channel) / 255.0);
    let byte = |fraction: f32| (fraction.clamp(0.0, 1.0) * 255.0).round() as u8;
    let black = 1.0 - red.max(green).max(blue);
    let spread = red.max(green).max(blue) - red.min(green).min(blue);
    if spread <= 8.0 / 255.0 {
        // Grey or black: one ink only, except a large area of full black.
        if large_area && black >= 0.99 {
            return RICH_BLACK;
        }
        return [0, 0, 0, byte(black)];
    }
    let part = |channel: f32| {
        if black >= 1.0 {
            0.0
        } else {
            (1.0 - channel - black) / (1.0 - black)
        }
    };
    [
        byte(part(red)),
        byte(part(green)),
        byte(part(blue)),
        byte(black),
    ]
}

/// A colour as RGB, or (for print shops that ask for it) as DeviceCMYK (see [`cmyk_of`]).
fn paint(value: Rgb, cmyk: bool, ink: Ink) -> krilla::paint::Paint {
    if !cmyk {
        return rgb::Color::new(value.red, value.green, value.blue).into();
    }
    let [c, m, y, k] = cmyk_of(value, matches!(ink, Ink::Area { large: true }));
    krilla::color::cmyk::Color::new(c, m, y, k).into()
}

fn fill(value: Rgb, cmyk: bool, ink: Ink) -> Fill {
    Fill {
        paint: paint(value, cmyk, ink),
        ..Fill::default()
    }
}

/// Whether a filled rectangle counts as a large area.
fn large(width: f32, height: f32) -> Ink {
    Ink::Area {
        large: width.abs().min(height.abs()) >= RICH_BLACK_MIN_SIDE_PT,
    }
}

fn draw_page(
    surface: &mut Surface,
    page: &Page,
    faces: &BTreeMap<u64, Font>,
    options: &PdfOptions,
) {
    let cmyk = options.cmyk;
    // Background, bleed included.
    let background = PdfRect::from_xywh(
        -page.bleed_pt,
        -page.bleed_pt,
        page.width_pt + 2.0 * page.bleed_pt,
        page.height_pt + 2.0 * page.bleed_pt,
    );
    if let Some(rect) = background {
        let ink = large(rect.width(), rect.height());
        fill_path(surface, cmyk, ink, rect_path(rect, 0.0), page.background);
    }
    for item in &page.items {
        match item {
            Item::Rect {
                rect,
                fill: fill_color,
                stroke,
                corner_radius_pt,
            } => {
                let Some(pdf_rect) = PdfRect::from_xywh(rect.x, rect.y, rect.width, rect.height)
                else {
                    continue;
                };
                if let Some(fill_color) = fill_color {
                    fill_path(
                        surface,
                        cmyk,
                        large(rect.width, rect.height),
                        rect_path(pdf_rect, *corner_radius_pt),
                        *fill_color,
                    );
                }
                if let Some((stroke_color, width)) = stroke {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: paint(*stroke_color, cmyk, Ink::Fine),
                        width: *width,
                        ..Stroke::default()
                    }));
                    if let Some(path) = rect_path(pdf_rect, *corner_radius_pt) {
                        surface.draw_path(&path);
                    }
                    surface.set_stroke(None);
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
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        paint: paint(*line_color, cmyk, Ink::Fine),
                        width: *width_pt,
                        line_cap: LineCap::Butt,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
            Item::Polygon {
                points,
                fill: fill_color,
            } => {
                let mut builder = PathBuilder::new();
                for (index, point) in points.iter().enumerate() {
                    if index == 0 {
                        builder.move_to(point.x, point.y)
                    } else {
                        builder.line_to(point.x, point.y)
                    }
                }
                builder.close();
                let (mut left, mut top, mut right, mut bottom) =
                    (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
                for point in points {
                    left = left.min(point.x);
                    top = top.min(point.y);
                    right = right.max(point.x);
                    bottom = bottom.max(point.y);
                }
                let ink = large(right - left, bottom - top);
                fill_path(surface, cmyk, ink, builder.finish(), *fill_color);
            }
            Item::Text(line) if options.outline_text => {
                surface.set_stroke(None);
                surface.set_fill(Some(fill(line.color, cmyk, Ink::Fine)));
                if let Some(path) = outlined_text(line) {
                    surface.draw_path(&path);
                }
            }
            Item::Text(line) => {
                let size = line.size_pt.max(0.01);
                surface.set_stroke(None);
                surface.set_fill(Some(fill(line.color, cmyk, Ink::Fine)));
                // A rotated line (vertical Mongolian) is drawn as a horizontal line turned 90°
                // clockwise about its origin: (x, y) → (origin.x − y, origin.y + x).
                let (origin_x, origin_y) = match line.rotation {
                    TextRotation::None => (line.origin.x, line.origin.y),
                    TextRotation::Clockwise => {
                        surface.push_transform(&Transform::from_row(
                            0.0,
                            1.0,
                            -1.0,
                            0.0,
                            line.origin.x,
                            line.origin.y,
                        ));
                        (0.0, 0.0)
                    }
                };
                // A run per face: a line mixes faces (Chinese and Uyghur, a user font, the
                // fallback font).
                let mut start = 0;
                while let Some(first) = line.glyphs.get(start) {
                    let run_len = line
                        .glyphs
                        .get(start..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|glyph| glyph.face.id() == first.face.id())
                        .count();
                    let run = line.glyphs.get(start..start + run_len).unwrap_or_default();
                    start += run_len.max(1);
                    // Every face was loaded above; a run without one is skipped, never drawn wrong.
                    let Some(font) = faces.get(&first.face.id()) else {
                        continue;
                    };
                    // The run's text: right-to-left runs hold their glyphs in visual order, so
                    // their ranges go backwards; each glyph keeps its own range (copy and search
                    // give the logical text).
                    let text_start = run
                        .iter()
                        .map(|glyph| glyph.text_range.start)
                        .min()
                        .unwrap_or(0);
                    let text_end = run
                        .iter()
                        .map(|glyph| glyph.text_range.end)
                        .max()
                        .unwrap_or(text_start);
                    // Each glyph's advance is the distance to the next one (offsets and
                    // justification included), its y offset the shaper's (PDF's y is up).
                    let glyphs: Vec<KrillaGlyph> = run
                        .iter()
                        .enumerate()
                        .map(|(index, glyph)| {
                            let advance = run
                                .get(index + 1)
                                .map_or(glyph.advance_pt, |next| next.x_pt - glyph.x_pt);
                            KrillaGlyph::new(
                                GlyphId::new(glyph.glyph_id),
                                advance / size,
                                0.0,
                                -glyph.y_pt / size,
                                0.0,
                                glyph.text_range.start.saturating_sub(text_start)
                                    ..glyph.text_range.end.saturating_sub(text_start),
                                None,
                            )
                        })
                        .collect();
                    surface.draw_glyphs(
                        PdfPoint::from_xy(origin_x + first.x_pt, origin_y),
                        &glyphs,
                        font.clone(),
                        line.text.get(text_start..text_end).unwrap_or_default(),
                        size,
                        false,
                    );
                }
                if line.rotation == TextRotation::Clockwise {
                    surface.pop();
                }
            }
            Item::Image { rect, picture } => {
                let image = pdf_image(picture);
                if let Some(size) = Size::from_wh(rect.width, rect.height) {
                    surface.push_transform(&Transform::from_translate(rect.x, rect.y));
                    surface.draw_image(image, size);
                    surface.pop();
                }
            }
            Item::Vector { rect, picture } => {
                // Vector; in CMYK converted or flattened (see `pdf_svg`).
                super::pdf_svg::draw(surface, page, item, *rect, picture, cmyk);
            }
            Item::Qr {
                rect,
                modules_per_side,
                dark,
                color: qr_color,
                quiet_modules,
            } => {
                let total = (*modules_per_side + 2 * quiet_modules) as f32;
                if total <= 0.0 {
                    continue;
                }
                let module = rect.width / total;
                if let Some(white) = PdfRect::from_xywh(rect.x, rect.y, rect.width, rect.height) {
                    fill_path(surface, cmyk, Ink::Fine, rect_path(white, 0.0), Rgb::WHITE);
                }
                let mut builder = PathBuilder::new();
                for (index, is_dark) in dark.iter().enumerate() {
                    if !is_dark {
                        continue;
                    }
                    let (row, column) = (index / modules_per_side, index % modules_per_side);
                    let x = rect.x + (column + quiet_modules) as f32 * module;
                    let y = rect.y + (row + quiet_modules) as f32 * module;
                    // Slight overlap so no hairline gaps appear between neighbouring modules.
                    if let Some(square) = PdfRect::from_xywh(x, y, module + 0.01, module + 0.01) {
                        builder.push_rect(square);
                    }
                }
                // QR modules are small: one ink, so they stay sharp.
                fill_path(surface, cmyk, Ink::Fine, builder.finish(), *qr_color);
            }
        }
    }
}

/// Opaque photos go in as JPEG (small files); pictures with transparency as lossless RGBA, and
/// so does a photo the JPEG format cannot hold (a side over 65,535 pixels): never left out.
fn pdf_image(picture: &crate::frame::Picture) -> Image {
    let lossless = || {
        Image::from_rgba8(
            picture.rgba.as_ref().clone(),
            picture.width_px,
            picture.height_px,
        )
    };
    if picture.has_alpha {
        return lossless();
    }
    jpeg_of(picture)
        .and_then(|jpeg| Image::from_jpeg(jpeg.into(), true).ok())
        .unwrap_or_else(lossless)
}

/// The picture encoded as JPEG, once per picture: the same photo at the same size appears on
/// several signs of a station (staff, badges, the badge sheet), all clones of one picture that
/// share its encoding ([`crate::frame::Picture::jpeg`]).
fn jpeg_of(picture: &crate::frame::Picture) -> Option<std::sync::Arc<Vec<u8>>> {
    picture.jpeg.get_or_init(|| shared_jpeg(picture))
}

/// The JPEG of pictures with the same pixels made elsewhere (another sign of the station drawn
/// at the same time, or another station of a batch that shows the same photo at the same size),
/// else made now. Looked up once per picture (its [`crate::frame::Picture::jpeg`] keeps the
/// result), verified against the pixels. Two threads asking for the same pixels at once share one
/// encoding: the second waits for the first instead of encoding again.
fn shared_jpeg(picture: &crate::frame::Picture) -> Option<std::sync::Arc<Vec<u8>>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};

    /// Pixels kept (with their JPEG) at most; past this the memory starts again empty.
    const MAX_PIXEL_BYTES: usize = 64 << 20;
    type Slot = Arc<OnceLock<Option<Arc<Vec<u8>>>>>;
    /// Pictures by [`pixels_key`], each with its pixels (to verify) and its encoding.
    type Cache = Mutex<(HashMap<u64, Vec<(Arc<Vec<u8>>, Slot)>>, usize)>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = pixels_key(picture);
    let cache = CACHE.get_or_init(Mutex::default);
    let slot: Slot = match cache.lock() {
        Ok(mut cache) => {
            let found = cache.0.get(&key).and_then(|entries| {
                entries
                    .iter()
                    .find(|(pixels, _)| pixels.as_slice() == picture.rgba.as_slice())
                    .map(|(_, slot)| slot.clone())
            });
            match found {
                Some(slot) => slot,
                None => {
                    if cache.1 + picture.rgba.len() > MAX_PIXEL_BYTES {
                        *cache = Default::default();
                    }
                    cache.1 += picture.rgba.len();
                    let slot = Slot::default();
                    cache
                        .0
                        .entry(key)
                        .or_default()
                        .push((picture.rgba.clone(), slot.clone()));
                    slot
                }
            }
        }
        // A thread panicked while holding the lock: encode without sharing.
        Err(_) => Slot::default(),
    };
    slot.get_or_init(|| encode_jpeg(picture).map(Arc::new))
        .clone()
}

/// A cheap key for a picture's pixels: its size and about 4,000 bytes spread over the pixels
/// (hashing every pixel cost more than the lookup saves; a match is verified byte by byte).
fn pixels_key(picture: &crate::frame::Picture) -> u64 {
    use std::hash::{Hash, Hasher};
    const SAMPLES: usize = 4096;
    let rgba = picture.rgba.as_slice();
    let step = (rgba.len() / SAMPLES).max(1);
    let sample: Vec<u8> = rgba.iter().step_by(step).copied().collect();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (picture.width_px, picture.height_px, rgba.len(), sample).hash(&mut hasher);
    hasher.finish()
}

/// Quality of the photos' JPEG (1–100).
const JPEG_QUALITY: u8 = 90;

/// An opaque picture as a baseline JPEG at quality 90 with the colour at half resolution
/// (4:2:0), as phone cameras store their photos (the example's photos are 4:2:0 too): nothing the
/// source had is lost, and encoding is about a third faster than at full colour resolution
/// (README "Throughput"). `jpeg-encoder` without SIMD, so every processor writes the same bytes;
/// the alpha bytes are ignored. `None` if a side exceeds 65,535 pixels, the format's limit.
fn encode_jpeg(picture: &crate::frame::Picture) -> Option<Vec<u8>> {
    let width = u16::try_from(picture.width_px).ok()?;
    let height = u16::try_from(picture.height_px).ok()?;
    let mut jpeg = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, JPEG_QUALITY);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
    encoder
        .encode(&picture.rgba, width, height, jpeg_encoder::ColorType::Rgba)
        .ok()?;
    Some(jpeg)
}

fn fill_path(
    surface: &mut Surface,
    cmyk: bool,
    ink: Ink,
    path: Option<krilla::geom::Path>,
    value: Rgb,
) {
    if let Some(path) = path {
        surface.set_stroke(None);
        surface.set_fill(Some(fill(value, cmyk, ink)));
        surface.draw_path(&path);
    }
}

fn rect_path(rect: PdfRect, radius: f32) -> Option<krilla::geom::Path> {
    let rect = crate::frame::Rect::new(rect.left(), rect.top(), rect.width(), rect.height());
    let mut builder = PathBuilder::new();
    for step in crate::frame::rounded_rect_outline(rect, radius) {
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

/// The colour of marks outside the artwork: registration colour (every ink at 100 %) in CMYK,
/// so the marks appear on every plate; black in RGB.
fn mark_paint(cmyk: bool) -> krilla::paint::Paint {
    if cmyk {
        krilla::color::cmyk::Color::new(255, 255, 255, 255).into()
    } else {
        rgb::Color::black().into()
    }
}

/// Crop marks: short lines at each corner of the trim box, outside the bleed.
fn draw_crop_marks(surface: &mut Surface, page: &Page, margin: f32, cmyk: bool) {
    let offset = margin + page.bleed_pt;
    let gap = page.bleed_pt + mm_to_pt(2.0);
    let length = (margin + page.bleed_pt - gap).max(mm_to_pt(3.0));
    let mut builder = PathBuilder::new();
    let corners = [
        (offset, offset, -1.0, -1.0),
        (offset + page.width_pt, offset, 1.0, -1.0),
        (offset, offset + page.height_pt, -1.0, 1.0),
        (offset + page.width_pt, offset + page.height_pt, 1.0, 1.0),
    ];
    for (x, y, dx, dy) in corners {
        // Horizontal mark, level with the trim edge.
        builder.move_to(x + dx * gap, y);
        builder.line_to(x + dx * (gap + length), y);
        // Vertical mark.
        builder.move_to(x, y + dy * gap);
        builder.line_to(x, y + dy * (gap + length));
    }
    stroke_marks(surface, builder, cmyk);
}

fn stroke_marks(surface: &mut Surface, builder: PathBuilder, cmyk: bool) {
    if let Some(path) = builder.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: mark_paint(cmyk),
            width: 0.25,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

/// The rounded-corner guide for a card shop: at each corner, outside the bleed, the corner of
/// the cut as the shop makes it (a quarter circle of `radius` joining the two trim edges),
/// moved out diagonally so it never prints on the card.
fn draw_corner_guides(surface: &mut Surface, page: &Page, margin: f32, radius: f32, cmyk: bool) {
    let offset = margin + page.bleed_pt;
    let away = page.bleed_pt + mm_to_pt(1.5);
    // Cubic Bézier approximation of a quarter circle.
    let kappa = 0.552_284_8 * radius;
    let corners = [
        (offset, offset, -1.0, -1.0),
        (offset + page.width_pt, offset, 1.0, -1.0),
        (offset, offset + page.height_pt, -1.0, 1.0),
        (offset + page.width_pt, offset + page.height_pt, 1.0, 1.0),
    ];
    let mut builder = PathBuilder::new();
    for (x, y, dx, dy) in corners {
        // The corner point, moved out of the bleed.
        let (cx, cy) = (x + dx * away, y + dy * away);
        // From a point on the horizontal edge, round the corner, to a point on the vertical edge
        // (each edge drawn 2 mm past the arc so the guide reads as a corner).
        let tail = mm_to_pt(2.0);
        builder.move_to(cx - dx * (radius + tail), cy);
        builder.line_to(cx - dx * radius, cy);
        builder.cubic_to(
            cx - dx * (radius - kappa),
            cy,
            cx,
            cy - dy * (radius - kappa),
            cx,
            cy - dy * radius,
        );
        builder.line_to(cx, cy - dy * (radius + tail));
    }
    stroke_marks(surface, builder, cmyk);
}

/// A text line as one path of glyph outlines (the same skrifa outlines the raster renderer
/// draws), in page coordinates.
fn outlined_text(line: &crate::frame::TextLine) -> Option<krilla::geom::Path> {
    use skrifa::MetadataProvider;
    use skrifa::instance::{LocationRef, Size as FontSize};
    use skrifa::outline::DrawSettings;

    struct Pen<'a> {
        builder: &'a mut PathBuilder,
        /// Font units to the page (see `TextLine::glyph_matrix`).
        matrix: [f32; 6],
    }
    impl Pen<'_> {
        fn at(&self, x: f32, y: f32) -> (f32, f32) {
            let [a, b, c, d, e, f] = self.matrix;
            (a * x + c * y + e, b * x + d * y + f)
        }
    }
    impl skrifa::outline::OutlinePen for Pen<'_> {
        fn move_to(&mut self, x: f32, y: f32) {
            let (x, y) = self.at(x, y);
            self.builder.move_to(x, y);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            let (x, y) = self.at(x, y);
            self.builder.line_to(x, y);
        }
        fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
            let (cx0, cy0) = self.at(cx0, cy0);
            let (x, y) = self.at(x, y);
            self.builder.quad_to(cx0, cy0, x, y);
        }
        fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
            let (cx0, cy0) = self.at(cx0, cy0);
            let (cx1, cy1) = self.at(cx1, cy1);
            let (x, y) = self.at(x, y);
            self.builder.cubic_to(cx0, cy0, cx1, cy1, x, y);
        }
        fn close(&mut self) {
            self.builder.close();
        }
    }

    let mut builder = PathBuilder::new();
    for glyph in &line.glyphs {
        // Each glyph from its own face (bundled, a user font or the fallback font).
        let face = &glyph.face;
        let Some(outline) = face
            .font()
            .outline_glyphs()
            .get(skrifa::GlyphId::new(glyph.glyph_id))
        else {
            continue;
        };
        let mut pen = Pen {
            builder: &mut builder,
            matrix: line.glyph_matrix(glyph),
        };
        // A glyph that cannot be drawn is left out, as the raster renderer leaves it out.
        let _ = outline.draw(
            DrawSettings::unhinted(FontSize::unscaled(), LocationRef::default()),
            &mut pen,
        );
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::frame::Picture;

    fn picture(shade: u8) -> Picture {
        let rgba: Vec<u8> = (0..64 * 48)
            .flat_map(|index| [shade, (index % 251) as u8, 90, 255])
            .collect();
        Picture {
            width_px: 64,
            height_px: 48,
            rgba: Arc::new(rgba),
            has_alpha: false,
            jpeg: Default::default(),
        }
    }

    #[test]
    fn photos_are_encoded_once_and_never_mixed_up() {
        let (first, second) = (picture(10), picture(200));
        let a = jpeg_of(&first).unwrap_or_else(|| panic!("encodes"));
        let clone = first.clone();
        let again = jpeg_of(&clone).unwrap_or_else(|| panic!("encodes"));
        assert!(
            Arc::ptr_eq(&a, &again),
            "a clone of the picture reuses its JPEG"
        );
        let same_pixels = jpeg_of(&picture(10)).unwrap_or_else(|| panic!("encodes"));
        assert_eq!(a, same_pixels, "the same pixels give the same bytes");
        let b = jpeg_of(&second).unwrap_or_else(|| panic!("encodes"));
        assert_ne!(a, b);
        assert!(a.starts_with(&[0xFF, 0xD8]));
        assert_eq!(
            first,
            picture(10),
            "the encoding is not part of the picture's value"
        );
    }

    #[test]
    fn a_photo_is_encoded_faithfully_as_a_phone_stores_it() {
        // A phone-photo-like picture with a red stamp line four pixels wide: decoded again, the
        // JPEG is close to the pixels everywhere and the red line keeps its colour (4:2:0, as
        // phone cameras store photos).
        let (width, height) = (413u32, 551u32);
        let mut rgba = Vec::with_capacity((width * height * 4) as usize);
        for y in 0..height {
            for x in 0..width {
                let stamp = (200..204).contains(&x);
                rgba.extend_from_slice(&if stamp {
                    [220, 20, 30, 255]
                } else {
                    [
                        (60 + x * 120 / width) as u8,
                        (90 + y * 100 / height) as u8,
                        (150 - (x + y) * 60 / (width + height)) as u8,
                        255,
                    ]
                });
            }
        }
        let picture = Picture {
            width_px: width,
            height_px: height,
            rgba: Arc::new(rgba),
            has_alpha: false,
            jpeg: Default::default(),
        };
        let jpeg = encode_jpeg(&picture).unwrap_or_else(|| panic!("encodes"));
        // Start of frame: three components, luma 2×2 and colour 1×1 (4:2:0).
        let sof = jpeg
            .windows(2)
            .position(|pair| pair == [0xFF, 0xC0])
            .unwrap_or_else(|| panic!("baseline frame"));
        let components = jpeg.get(sof + 9..sof + 19).unwrap_or_default();
        assert_eq!(components.first(), Some(&3));
        let sampling: Vec<u8> = (0..3)
            .filter_map(|index| components.get(2 + index * 3).copied())
            .collect();
        assert_eq!(sampling, [0x22, 0x11, 0x11], "{components:?}");
        let decoded = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg)
            .unwrap_or_else(|error| panic!("{error}"))
            .to_rgba8();
        assert_eq!(decoded.dimensions(), (width, height));
        let mut sum = 0u64;
        for (a, b) in decoded.as_raw().iter().zip(picture.rgba.iter()) {
            sum += u64::from(a.abs_diff(*b));
        }
        let mean = sum as f64 / picture.rgba.len() as f64;
        assert!(mean < 2.0, "mean difference {mean}");
        for y in [10, 275, 540] {
            let stamp = decoded.get_pixel(201, y).0;
            assert!(
                stamp[0] > 170 && stamp[1] < 80 && stamp[2] < 90,
                "the red line at y {y} is {stamp:?}"
            );
        }
        // A picture wider than JPEG allows is not encoded, and goes in lossless instead.
        let wide = Picture {
            width_px: 70_000,
            height_px: 1,
            rgba: Arc::new(vec![128; 70_000 * 4]),
            has_alpha: false,
            jpeg: Default::default(),
        };
        assert!(encode_jpeg(&wide).is_none());
        assert_eq!(
            pdf_image(&wide).size(),
            (70_000, 1),
            "never left out of the page"
        );
    }

    #[test]
    fn pictures_with_the_same_pixels_share_one_encoding_even_at_once() {
        // Separate pictures (not clones) with the same pixels, as two signs drawn on two
        // threads make them: one encoding, the very same bytes, never mixed with other pixels.
        let shade = 77;
        let encodings: Vec<Arc<Vec<u8>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| scope.spawn(move || jpeg_of(&picture(shade))))
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|_| panic!("joins"))
                        .unwrap_or_else(|| panic!("encodes"))
                })
                .collect()
        });
        for encoding in &encodings {
            assert!(Arc::ptr_eq(encoding, &encodings[0]), "one shared encoding");
        }
        let other = jpeg_of(&picture(shade + 1)).unwrap_or_else(|| panic!("encodes"));
        assert_ne!(other.as_slice(), encodings[0].as_slice());
        // Same size, same sampled bytes, one pixel different: verified, not confused.
        let mut nearly = picture(shade);
        let mut rgba = nearly.rgba.as_ref().clone();
        if let Some(byte) = rgba.get_mut(5) {
            *byte ^= 0x40;
        }
        nearly.rgba = Arc::new(rgba);
        let nearly_jpeg = jpeg_of(&nearly).unwrap_or_else(|| panic!("encodes"));
        assert!(!Arc::ptr_eq(&nearly_jpeg, &encodings[0]));
    }
}
