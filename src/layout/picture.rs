//! Fitting photos and logos into boxes: cover-crop, downsampling, resolution warnings.

use std::sync::Arc;

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
    let cropped = image::imageops::crop_imm(image, x, y, crop_w, crop_h).to_image();
    let placed_dpi = dpi(crop_w, rect.width);
    let target_w = ((rect.width / 72.0) * max_dpi).round().max(1.0) as u32;
    let target_h = ((rect.height / 72.0) * max_dpi).round().max(1.0) as u32;
    let pixels = if crop_w > target_w && crop_h > target_h {
        image::imageops::resize(&cropped, target_w, target_h, FilterType::CatmullRom)
    } else {
        cropped
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
