//! Fitting photos and logos into boxes: cover-crop, downsampling, resolution warnings; and
//! [`FittedPictures`], which remembers the results so the same photo in the same box is scaled
//! once, not at every keystroke.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use image::imageops::FilterType;

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
    let (width, height) = image.dimensions();
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
    // A view of the crop: resampled straight from the source (no copy of the crop first).
    let cropped = image::imageops::crop_imm(image, x, y, crop_w, crop_h);
    let placed_dpi = dpi(crop_w, rect.width);
    let target_w = ((rect.width / 72.0) * max_dpi).round().max(1.0) as u32;
    let target_h = ((rect.height / 72.0) * max_dpi).round().max(1.0) as u32;
    let pixels = if crop_w > target_w && crop_h > target_h {
        image::imageops::resize(&*cropped, target_w, target_h, FilterType::CatmullRom)
    } else {
        cropped.to_image()
    };
    Some((to_picture(pixels), placed_dpi))
}

/// Scales `image` to fit inside `rect` keeping its aspect ratio (logos: never distorted or cropped).
/// Returns the picture and where it goes.
pub fn contain(image: &image::RgbaImage, rect: Rect, max_dpi: f32) -> Option<(Picture, Rect)> {
    let (width, height) = image.dimensions();
    let placed = fit_inside(width as f32, height as f32, rect)?;
    let target_w = ((placed.width / 72.0) * max_dpi).round().max(1.0) as u32;
    let target_h = ((placed.height / 72.0) * max_dpi).round().max(1.0) as u32;
    let pixels = if width > target_w && height > target_h {
        image::imageops::resize(image, target_w, target_h, FilterType::CatmullRom)
    } else {
        image.clone()
    };
    Some((to_picture(pixels), placed))
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

/// How a picture was fitted, and into what box (exact `f32` bits: a memo must never round).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct FitKey {
    /// The source picture's address; the entry holds the picture, so the address stays its own.
    source: usize,
    /// `None` for [`contain`], else [`cover`]'s `keep_top`.
    cover_keep_top: Option<bool>,
    /// The box: x, y, width, height (x and y are 0 for [`cover`], whose result does not depend on them).
    rect_bits: [u32; 4],
    max_dpi_bits: u32,
}

/// What [`cover`] or [`contain`] returned.
#[derive(Debug, Clone)]
enum FitResult {
    Cover(Option<(Picture, f32)>),
    Contain(Option<(Picture, Rect)>),
}

#[derive(Debug, Default)]
struct FittedMap {
    entries: HashMap<FitKey, (Arc<image::RgbaImage>, FitResult)>,
    bytes: usize,
}

/// A memo of [`cover`] and [`contain`] results, shared by every layout that uses the same
/// [`crate::layout::Assets`] (the preview lays out the sign again after every keystroke; scaling a
/// 12-megapixel phone photo takes far longer than the rest of the layout). Results are exactly
/// those of the functions, so layout output does not depend on what is remembered.
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
        let key = FitKey {
            source: Arc::as_ptr(image) as usize,
            cover_keep_top: Some(keep_top),
            rect_bits: [0, 0, rect.width.to_bits(), rect.height.to_bits()],
            max_dpi_bits: max_dpi.to_bits(),
        };
        match self.remembered(key, image, || {
            FitResult::Cover(cover(image, rect, keep_top, max_dpi))
        }) {
            FitResult::Cover(result) => result,
            FitResult::Contain(_) => cover(image, rect, keep_top, max_dpi),
        }
    }

    /// [`contain`], remembered.
    pub fn contain(
        &self,
        image: &Arc<image::RgbaImage>,
        rect: Rect,
        max_dpi: f32,
    ) -> Option<(Picture, Rect)> {
        let key = FitKey {
            source: Arc::as_ptr(image) as usize,
            cover_keep_top: None,
            rect_bits: [
                rect.x.to_bits(),
                rect.y.to_bits(),
                rect.width.to_bits(),
                rect.height.to_bits(),
            ],
            max_dpi_bits: max_dpi.to_bits(),
        };
        match self.remembered(key, image, || {
            FitResult::Contain(contain(image, rect, max_dpi))
        }) {
            FitResult::Contain(result) => result,
            FitResult::Cover(_) => contain(image, rect, max_dpi),
        }
    }

    /// How many fitted pictures are remembered.
    pub fn len(&self) -> usize {
        self.map.lock().map_or(0, |map| map.entries.len())
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn remembered(
        &self,
        key: FitKey,
        image: &Arc<image::RgbaImage>,
        compute: impl FnOnce() -> FitResult,
    ) -> FitResult {
        if let Ok(map) = self.map.lock()
            && let Some((source, result)) = map.entries.get(&key)
            && Arc::ptr_eq(source, image)
        {
            return result.clone();
        }
        // Computed without holding the lock (layouts on other threads go on meanwhile).
        let result = compute();
        let bytes = match &result {
            FitResult::Cover(Some((picture, _))) | FitResult::Contain(Some((picture, _))) => {
                picture.rgba.len()
            }
            FitResult::Cover(None) | FitResult::Contain(None) => 0,
        };
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
    fn cover_resamples_the_crop_exactly_as_from_a_copy() {
        // A photo-like gradient with detail; the crop is resampled from a view of the source
        // (no copy first): the pixels must be those of resampling a copied crop.
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
        let expected = image::imageops::resize(&copied, target_w, target_h, FilterType::CatmullRom);
        assert_eq!((picture.width_px, picture.height_px), (target_w, target_h));
        assert!(target_w < crop_w, "the photo is downsampled");
        assert!(picture.rgba.as_slice() == expected.as_raw().as_slice());
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
        assert_eq!(memo.len(), 4);
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
