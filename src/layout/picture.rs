//! Fitting photos and logos into boxes: cover-crop, downsampling, resolution warnings; and
//! [`FittedPictures`], which remembers the results so the same photo in the same box is scaled
//! once, not at every keystroke.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

use crate::frame::{Picture, Rect};

/// Dots per inch of `source_px` pixels placed across `placed_pt` points.
pub fn dpi(source_px: u32, placed_pt: f32) -> f32 {
    if placed_pt <= 0.0 {
        f32::INFINITY
    } else {
        source_px as f32 / (placed_pt / 72.0)
    }
}

/// Crops `image` to the aspect ratio of `rect` (cover) and downsamples it to at most `max_dpi`.
/// Portraits (`keep_top`) are cropped from the top third so the face stays. Returns the picture
/// and the resolution it is printed at.
pub fn cover(
    image: &image::RgbaImage,
    rect: Rect,
    keep_top: bool,
    max_dpi: f32,
) -> Option<(Picture, f32)> {
    let (plan, placed_dpi) = cover_plan(image.dimensions(), rect, keep_top, max_dpi)?;
    Some((fitted(image, plan)?, placed_dpi))
}

/// Scales `image` to fit inside `rect` keeping its aspect ratio (logos: never distorted or cropped).
/// Returns the picture and where it goes.
pub fn contain(image: &image::RgbaImage, rect: Rect, max_dpi: f32) -> Option<(Picture, Rect)> {
    let (plan, placed) = contain_plan(image.dimensions(), rect, max_dpi)?;
    Some((fitted(image, plan)?, placed))
}

/// What is taken from a source picture and at what size: the pixels of a fitted picture depend
/// on this alone (two boxes of the same shape, such as a staff photo on the staff sign and on the
/// board, get one picture).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct FitPlan {
    crop: Crop,
    /// The size in pixels the crop is downsampled to; `None`: the crop as it is (it has no more
    /// pixels than the box needs at the highest resolution).
    target_px: Option<(u32, u32)>,
}

/// [`cover`]'s crop and size for a source of `(width, height)` pixels, and the resolution the
/// crop is printed at (dpi).
fn cover_plan(
    (width, height): (u32, u32),
    rect: Rect,
    keep_top: bool,
    max_dpi: f32,
) -> Option<(FitPlan, f32)> {
    if width == 0 || height == 0 || rect.width <= 0.0 || rect.height <= 0.0 {
        return None;
    }
    let box_aspect = rect.width / rect.height;
    let image_aspect = width as f32 / height as f32;
    let (crop_w, crop_h) = if image_aspect > box_aspect {
        (
            ((height as f32) * box_aspect).round().max(1.0) as u32,
            height,
        )
    } else {
        (width, ((width as f32) / box_aspect).round().max(1.0) as u32)
    };
    let crop_w = crop_w.min(width);
    let crop_h = crop_h.min(height);
    let x = (width - crop_w) / 2;
    let y = if keep_top {
        (height - crop_h) / 3
    } else {
        (height - crop_h) / 2
    };
    let placed_dpi = dpi(crop_w, rect.width);
    let target_w = ((rect.width / 72.0) * max_dpi).round().max(1.0) as u32;
    let target_h = ((rect.height / 72.0) * max_dpi).round().max(1.0) as u32;
    let plan = FitPlan {
        crop: Crop {
            x,
            y,
            width: crop_w,
            height: crop_h,
        },
        target_px: (crop_w > target_w && crop_h > target_h).then_some((target_w, target_h)),
    };
    Some((plan, placed_dpi))
}

/// [`contain`]'s size for a source of `(width, height)` pixels (the whole picture), and where it
/// goes in `rect`.
fn contain_plan((width, height): (u32, u32), rect: Rect, max_dpi: f32) -> Option<(FitPlan, Rect)> {
    let placed = fit_inside(width as f32, height as f32, rect)?;
    let target_w = ((placed.width / 72.0) * max_dpi).round().max(1.0) as u32;
    let target_h = ((placed.height / 72.0) * max_dpi).round().max(1.0) as u32;
    let plan = FitPlan {
        crop: Crop {
            x: 0,
            y: 0,
            width,
            height,
        },
        target_px: (width > target_w && height > target_h).then_some((target_w, target_h)),
    };
    Some((plan, placed))
}

/// The picture a plan makes of `image`.
fn fitted(image: &image::RgbaImage, plan: FitPlan) -> Option<Picture> {
    let crop = plan.crop;
    let pixels = match plan.target_px {
        Some((width_px, height_px)) => resample(image, crop, width_px, height_px)?,
        None if crop.x == 0 && crop.y == 0 && (crop.width, crop.height) == image.dimensions() => {
            image.clone()
        }
        None => {
            image::imageops::crop_imm(image, crop.x, crop.y, crop.width, crop.height).to_image()
        }
    };
    Some(to_picture(pixels))
}

/// A rectangle of a source picture, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Crop {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
}

/// Downsamples `crop` of `image` to `width_px` × `height_px` with the Catmull-Rom filter
/// (`fast_image_resize`, SIMD where the processor has it), colours weighted by their alpha so
/// transparent pixels (a logo's background, of any colour) do not bleed into the edges.
/// `None` only if the sizes do not fit the image (never for what [`cover`] and [`contain`] ask).
fn resample(
    image: &image::RgbaImage,
    crop: Crop,
    width_px: u32,
    height_px: u32,
) -> Option<image::RgbaImage> {
    let source = ImageRef::new(
        image.width(),
        image.height(),
        image.as_raw(),
        PixelType::U8x4,
    )
    .ok()?;
    let mut target = Image::new(width_px, height_px, PixelType::U8x4);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom))
        .crop(
            f64::from(crop.x),
            f64::from(crop.y),
            f64::from(crop.width),
            f64::from(crop.height),
        )
        .use_alpha(true);
    Resizer::new().resize(&source, &mut target, &options).ok()?;
    image::RgbaImage::from_raw(width_px, height_px, target.into_vec())
}

/// Where a picture of `width` × `height` (any unit) goes inside `rect`: as large as fits, its
/// aspect ratio kept, centred. `None` for an empty picture or box.
pub fn fit_inside(width: f32, height: f32, rect: Rect) -> Option<Rect> {
    if !(width > 0.0 && height > 0.0 && rect.width > 0.0 && rect.height > 0.0) {
        return None;
    }
    let scale = (rect.width / width).min(rect.height / height);
    let (placed_w, placed_h) = (width * scale, height * scale);
    Some(Rect::new(
        rect.x + (rect.width - placed_w) / 2.0,
        rect.y + (rect.height - placed_h) / 2.0,
        placed_w,
        placed_h,
    ))
}

fn to_picture(pixels: image::RgbaImage) -> Picture {
    let (width_px, height_px) = pixels.dimensions();
    let raw = pixels.into_raw();
    let has_alpha = raw
        .chunks_exact(4)
        .any(|pixel| pixel.get(3).is_some_and(|alpha| *alpha < 255));
    Picture {
        width_px,
        height_px,
        rgba: Arc::new(raw),
        has_alpha,
        jpeg: Default::default(),
    }
}

/// Scaled copies kept at most (about 128 MB of pixels); past this the memory starts again empty.
const FITTED_MAX_BYTES: usize = 128 << 20;

/// Which picture was fitted, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct FitKey {
    /// The source picture's address; the entry holds the picture, so the address stays its own.
    source: usize,
    plan: FitPlan,
}

#[derive(Debug, Default)]
struct FittedMap {
    entries: HashMap<FitKey, (Arc<image::RgbaImage>, Option<Picture>)>,
    bytes: usize,
}

/// A memo of [`cover`] and [`contain`] results, shared by every layout that uses the same
/// [`crate::layout::Assets`] (the preview lays out the sign again after every keystroke; scaling a
/// 12-megapixel phone photo takes far longer than the rest of the layout). Remembered by what is
/// taken from the picture and at what size, not by the box: a photo in boxes of the same shape
/// (the staff sign and the board) is one picture, whose clones share one JPEG when drawn.
/// Results are exactly those of the functions, so layout output does not depend on what is
/// remembered.
#[derive(Debug, Clone, Default)]
pub struct FittedPictures {
    map: Arc<Mutex<FittedMap>>,
}

impl FittedPictures {
    /// [`cover`], remembered.
    pub fn cover(
        &self,
        image: &Arc<image::RgbaImage>,
        rect: Rect,
        keep_top: bool,
        max_dpi: f32,
    ) -> Option<(Picture, f32)> {
        let (plan, placed_dpi) = cover_plan(image.dimensions(), rect, keep_top, max_dpi)?;
        Some((self.remembered(image, plan)?, placed_dpi))
    }

    /// [`contain`], remembered.
    pub fn contain(
        &self,
        image: &Arc<image::RgbaImage>,
        rect: Rect,
        max_dpi: f32,
    ) -> Option<(Picture, Rect)> {
        let (plan, placed) = contain_plan(image.dimensions(), rect, max_dpi)?;
        Some((self.remembered(image, plan)?, placed))
    }

    /// How many fitted pictures are remembered.
    pub fn len(&self) -> usize {
        self.map.lock().map_or(0, |map| map.entries.len())
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn remembered(&self, image: &Arc<image::RgbaImage>, plan: FitPlan) -> Option<Picture> {
        let key = FitKey {
            source: Arc::as_ptr(image) as usize,
            plan,
        };
        if let Ok(map) = self.map.lock()
            && let Some((source, result)) = map.entries.get(&key)
            && Arc::ptr_eq(source, image)
        {
            return result.clone();
        }
        // Computed without holding the lock (layouts on other threads go on meanwhile).
        let result = fitted(image, plan);
        let bytes = result.as_ref().map_or(0, |picture| picture.rgba.len());
        if let Ok(mut map) = self.map.lock() {
            if map.bytes + bytes > FITTED_MAX_BYTES {
                map.entries.clear();
                map.bytes = 0;
            }
            if map
                .entries
                .insert(key, (image.clone(), result.clone()))
                .is_none()
            {
                map.bytes += bytes;
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_resamples_the_crop_as_a_reference_catmull_rom_does() {
        // A photo-like gradient with detail, cropped from the top third and downsampled: the
        // pixels must be those of the `image` crate's Catmull-Rom resample of a copied crop, up
        // to rounding (another crop, filter or offset differs by far more).
        let image = image::RgbaImage::from_fn(413, 579, |x, y| {
            image::Rgba([
                (x * 255 / 412) as u8,
                (y * 255 / 578) as u8,
                ((x * 7 + y * 13) % 256) as u8,
                255,
            ])
        });
        let rect = Rect::new(0.0, 0.0, 63.4, 82.6);
        let (picture, _) = cover(&image, rect, true, 300.0).unwrap_or_else(|| panic!("fits"));
        let (crop_w, crop_h) = (413, (413.0_f32 / (63.4 / 82.6)).round() as u32);
        let copied =
            image::imageops::crop_imm(&image, 0, (579 - crop_h) / 3, crop_w, crop_h).to_image();
        let target_w = (63.4_f32 / 72.0 * 300.0).round() as u32;
        let target_h = (82.6_f32 / 72.0 * 300.0).round() as u32;
        let expected = image::imageops::resize(
            &copied,
            target_w,
            target_h,
            image::imageops::FilterType::CatmullRom,
        );
        assert_eq!((picture.width_px, picture.height_px), (target_w, target_h));
        assert!(target_w < crop_w, "the photo is downsampled");
        let (mean, max) = difference(&picture.rgba, expected.as_raw());
        // (The largest differences lie at the sawtooth's jumps, where the two round overshoot apart.)
        assert!(mean < 0.5 && max <= 16, "mean {mean}, max {max}");
        // The same comparison with the crop six rows lower is far off: the offset is checked.
        let shifted =
            image::imageops::crop_imm(&image, 0, (579 - crop_h) / 3 + 6, crop_w, crop_h).to_image();
        let shifted = image::imageops::resize(
            &shifted,
            target_w,
            target_h,
            image::imageops::FilterType::CatmullRom,
        );
        let (mean_shifted, _) = difference(&picture.rgba, shifted.as_raw());
        assert!(
            mean_shifted > 3.0 * mean.max(0.5),
            "{mean_shifted} vs {mean}"
        );
    }

    /// Mean and largest difference of two equally long byte buffers.
    fn difference(left: &[u8], right: &[u8]) -> (f64, u8) {
        assert_eq!(left.len(), right.len());
        let mut sum = 0u64;
        let mut max = 0u8;
        for (a, b) in left.iter().zip(right) {
            let delta = a.abs_diff(*b);
            sum += u64::from(delta);
            max = max.max(delta);
        }
        (sum as f64 / left.len().max(1) as f64, max)
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    #[allow(unsafe_code)]
    fn every_processor_makes_the_same_pixels() {
        // `fast_image_resize` picks SSE4.1 or AVX2 at run time; an old office PC without them
        // must make the same files as the machine that made them before (same input, same bytes).
        let photo = image::RgbaImage::from_fn(413, 579, |x, y| {
            image::Rgba([
                (x * 5 % 256) as u8,
                (y * 3 % 256) as u8,
                ((x ^ y) % 256) as u8,
                255,
            ])
        });
        let options = ResizeOptions::new()
            .resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom))
            .crop(0.0, 9.0, 413.0, 551.0)
            .use_alpha(true);
        let source = ImageRef::new(413, 579, photo.as_raw(), PixelType::U8x4)
            .unwrap_or_else(|error| panic!("{error}"));
        let expected = resample(
            &photo,
            Crop {
                x: 0,
                y: 9,
                width: 413,
                height: 551,
            },
            264,
            344,
        )
        .unwrap_or_else(|| panic!("resamples"));
        let mut compared = 0;
        for extensions in [
            fast_image_resize::CpuExtensions::None,
            fast_image_resize::CpuExtensions::Sse4_1,
            fast_image_resize::CpuExtensions::Avx2,
        ] {
            if !extensions.is_supported() {
                continue;
            }
            let mut resizer = Resizer::new();
            // SAFETY: only extensions this processor supports are chosen (checked just above).
            unsafe { resizer.set_cpu_extensions(extensions) };
            let mut target = Image::new(264, 344, PixelType::U8x4);
            resizer
                .resize(&source, &mut target, &options)
                .unwrap_or_else(|error| panic!("{error}"));
            assert!(
                target.buffer() == expected.as_raw().as_slice(),
                "{extensions:?} gives other pixels"
            );
            compared += 1;
        }
        assert!(compared >= 1, "at least the plain code was compared");
    }

    #[test]
    fn a_logo_on_a_transparent_background_keeps_its_colour_at_the_edges() {
        // A red logo on a transparent background whose hidden colour is green (as drawing
        // programs leave it): downsampled, the edge pixels are partly transparent red, never
        // green-tinted.
        let logo = image::RgbaImage::from_fn(900, 300, |x, _| {
            if x % 90 < 45 {
                image::Rgba([200, 0, 0, 255])
            } else {
                image::Rgba([0, 255, 0, 0])
            }
        });
        let (picture, _) =
            contain(&logo, Rect::new(0.0, 0.0, 72.0, 24.0), 100.0).unwrap_or_else(|| panic!());
        assert_eq!((picture.width_px, picture.height_px), (100, 33));
        assert!(picture.has_alpha);
        let mut partly = 0;
        for pixel in picture.rgba.chunks_exact(4) {
            if let [red, green, _, alpha] = *pixel
                && alpha > 8
            {
                assert!(green <= 2, "green bled into {pixel:?}");
                assert!(red >= 180, "edge darkened: {pixel:?}");
                if alpha < 250 {
                    partly += 1;
                }
            }
        }
        assert!(partly > 0, "the edges are partly transparent");
    }

    #[test]
    fn portrait_is_cropped_from_the_top_third_and_downsampled() {
        // 1000×3000 image into a 3:4 box of 72×96 pt (1×1.33 in): crop 1000×1333 at y = (3000-1333)/3.
        let mut image = image::RgbaImage::new(1000, 3000);
        for (_, y, pixel) in image.enumerate_pixels_mut() {
            *pixel = image::Rgba([if y < 555 { 255 } else { 0 }, 0, 0, 255]);
        }
        let (picture, placed_dpi) =
            cover(&image, Rect::new(0.0, 0.0, 72.0, 96.0), true, 300.0).unwrap_or_else(|| panic!());
        assert_eq!((picture.width_px, picture.height_px), (300, 400));
        assert!((placed_dpi - 1000.0).abs() < 1.0);
        // The top row of the crop lies at y ≈ 555, just past the red part.
        assert!(picture.rgba.first().is_some_and(|red| *red < 128));
    }

    #[test]
    fn fit_inside_keeps_the_aspect_ratio_and_centres() {
        let placed = fit_inside(240.0, 120.0, Rect::new(10.0, 20.0, 100.0, 100.0))
            .unwrap_or_else(|| panic!());
        assert_eq!(placed, Rect::new(10.0, 45.0, 100.0, 50.0));
        let tall =
            fit_inside(1.0, 3.0, Rect::new(0.0, 0.0, 90.0, 30.0)).unwrap_or_else(|| panic!());
        assert_eq!(tall, Rect::new(40.0, 0.0, 10.0, 30.0));
        assert!(fit_inside(0.0, 3.0, Rect::new(0.0, 0.0, 90.0, 30.0)).is_none());
        assert!(fit_inside(f32::NAN, 3.0, Rect::new(0.0, 0.0, 90.0, 30.0)).is_none());
    }

    #[test]
    fn small_photo_reports_low_dpi() {
        let image = image::RgbaImage::new(100, 133);
        let (_, placed_dpi) = cover(&image, Rect::new(0.0, 0.0, 144.0, 192.0), true, 300.0)
            .unwrap_or_else(|| panic!());
        assert!(placed_dpi < 150.0);
    }

    #[test]
    fn a_photo_in_boxes_of_one_shape_is_one_picture() {
        // The staff sign and the board show the example's 413×579 photos in boxes of the same
        // 3:4 shape but different sizes; neither needs downsampling: one picture, whose pixels
        // (and so whose JPEG) the two signs share. A box of another shape crops anew.
        let photo = Arc::new(image::RgbaImage::from_fn(413, 579, |x, y| {
            image::Rgba([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8, 255])
        }));
        let memo = FittedPictures::default();
        let (staff, staff_dpi) = memo
            .cover(&photo, Rect::new(40.0, 300.0, 120.0, 160.0), true, 300.0)
            .unwrap_or_else(|| panic!());
        let (board, board_dpi) = memo
            .cover(&photo, Rect::new(700.0, 90.0, 150.0, 200.0), true, 300.0)
            .unwrap_or_else(|| panic!());
        assert!(Arc::ptr_eq(&staff.rgba, &board.rgba), "one picture");
        assert_eq!((staff.width_px, staff.height_px), (413, 551));
        // Each placement keeps its own resolution.
        assert!((staff_dpi - 413.0 / (120.0 / 72.0)).abs() < 0.01);
        assert!((board_dpi - 413.0 / (150.0 / 72.0)).abs() < 0.01);
        assert_eq!(memo.len(), 1);
        let (square, _) = memo
            .cover(&photo, Rect::new(0.0, 0.0, 100.0, 100.0), true, 300.0)
            .unwrap_or_else(|| panic!());
        assert_eq!((square.width_px, square.height_px), (413, 413));
        assert_eq!(memo.len(), 2);
        // The same as without the memo.
        assert_eq!(
            Some(board),
            cover(&photo, Rect::new(0.0, 0.0, 150.0, 200.0), true, 300.0).map(|(p, _)| p)
        );
    }

    #[test]
    fn remembered_pictures_are_the_computed_ones() {
        // A tall phone photo: a 3:4 box crops it from the top third or the middle.
        let photo = Arc::new(image::RgbaImage::from_fn(1200, 2000, |x, y| {
            image::Rgba([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8, 255])
        }));
        let logo = Arc::new(image::RgbaImage::from_fn(900, 300, |x, _| {
            image::Rgba([0, 0, 0, (x % 256) as u8])
        }));
        let memo = FittedPictures::default();
        let rect = Rect::new(10.0, 20.0, 60.0, 80.0);
        for _ in 0..2 {
            let (remembered, dpi) = memo
                .cover(&photo, rect, true, 300.0)
                .unwrap_or_else(|| panic!());
            let (computed, computed_dpi) =
                cover(&photo, rect, true, 300.0).unwrap_or_else(|| panic!());
            assert_eq!(remembered, computed);
            assert_eq!(dpi.to_bits(), computed_dpi.to_bits());
            // Moving the box does not change a cover-cropped picture; another crop does.
            let moved = memo
                .cover(&photo, Rect::new(500.0, 7.0, 60.0, 80.0), true, 300.0)
                .map(|(picture, _)| picture);
            assert_eq!(moved.as_ref(), Some(&computed));
            let centred = memo
                .cover(&photo, rect, false, 300.0)
                .map(|(picture, _)| picture);
            assert_eq!(
                centred,
                cover(&photo, rect, false, 300.0).map(|(picture, _)| picture)
            );
            assert_ne!(centred.as_ref(), Some(&computed));
            for slot in [rect, Rect::new(40.0, 0.0, 60.0, 80.0)] {
                assert_eq!(
                    memo.contain(&logo, slot, 300.0),
                    contain(&logo, slot, 300.0)
                );
            }
        }
        // The two logo slots place it at the same size: one picture.
        assert_eq!(memo.len(), 3);
        // Another picture at the same address is never mistaken for the first.
        let other = Arc::new(image::RgbaImage::from_pixel(
            1600,
            1200,
            image::Rgba([9, 9, 9, 255]),
        ));
        let (picture, _) = memo
            .cover(&other, rect, true, 300.0)
            .unwrap_or_else(|| panic!());
        assert!(
            picture
                .rgba
                .chunks_exact(4)
                .all(|pixel| pixel == [9, 9, 9, 255])
        );
    }
}
