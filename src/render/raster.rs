//! Renders laid-out pages to RGBA pixels at any resolution: the preview and PNG export.

use crate::layout::Page;

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

/// Renders the trimmed page (bleed cut off) at `pixels_per_pt` (e.g. 150 dpi = 150/72).
pub fn render_page(page: &Page, pixels_per_pt: f32) -> Pixels {
    let width_px = (page.width_pt * pixels_per_pt).round().max(1.0) as u32;
    let height_px = (page.height_pt * pixels_per_pt).round().max(1.0) as u32;
    let mut rgba = Vec::with_capacity((width_px * height_px * 4) as usize);
    for _ in 0..width_px * height_px {
        rgba.extend_from_slice(&[
            page.background.red,
            page.background.green,
            page.background.blue,
            255,
        ]);
    }
    Pixels {
        width_px,
        height_px,
        rgba,
    }
}
