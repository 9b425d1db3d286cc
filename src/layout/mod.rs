//! Layout (pure: no files, no egui, no PDF types): station + template + page size → pages of
//! positioned items in points, plus warnings.
//!
//! Inside, dependencies point one way: `engine` (which pages a sign has, list pagination and text
//! size) → `blocks` (one dispatch, one file per block kind) → `placeholders` (template text filled
//! with station data) → `context` (what a block sees, warnings) → `text` (fitting and line
//! breaking) and `picture` (scaling and cropping photos). `impose` puts badges on sheets;
//! `watermark` puts the 样稿 mark on a draft's pages.

mod blocks;
mod context;
mod engine;
mod impose;
pub mod picture;
mod placeholders;
mod scripts;
pub mod text;
pub mod watermark;

pub use crate::frame::*;
pub use impose::impose;
pub use watermark::mark_draft;

use crate::fonts::Fonts;
use crate::template::{Template, Theme};

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::StationFile;
use crate::sign::SignKind;

/// A paper size in millimetres (the trimmed size, without bleed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width in mm.
    pub width_mm: f32,
    /// Height in mm.
    pub height_mm: f32,
}

impl PageSize {
    /// The ISO sizes offered to users, portrait.
    pub const ISO: [(&'static str, PageSize); 5] = [
        (
            "A4",
            PageSize {
                width_mm: 210.0,
                height_mm: 297.0,
            },
        ),
        (
            "A3",
            PageSize {
                width_mm: 297.0,
                height_mm: 420.0,
            },
        ),
        (
            "A2",
            PageSize {
                width_mm: 420.0,
                height_mm: 594.0,
            },
        ),
        (
            "A1",
            PageSize {
                width_mm: 594.0,
                height_mm: 841.0,
            },
        ),
        (
            "A0",
            PageSize {
                width_mm: 841.0,
                height_mm: 1189.0,
            },
        ),
    ];

    /// Parses `A4`…`A0` or `600x900mm` / `600×900` (width × height in mm, 20 to 5000 mm).
    pub fn parse(text: &str) -> Option<PageSize> {
        let text = text.trim();
        if let Some((_, size)) = PageSize::ISO
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
        {
            return Some(*size);
        }
        let text = text.to_ascii_lowercase();
        let text = text.strip_suffix("mm").unwrap_or(&text);
        let (width, height) = text.split_once(['x', '×', '*'])?;
        let width_mm: f32 = width.trim().parse().ok()?;
        let height_mm: f32 = height.trim().parse().ok()?;
        let valid = |mm: f32| mm.is_finite() && (20.0..=5000.0).contains(&mm);
        (valid(width_mm) && valid(height_mm)).then_some(PageSize {
            width_mm,
            height_mm,
        })
    }

    /// This size turned to the orientation asked for.
    pub fn oriented(self, orientation: Option<Orientation>) -> PageSize {
        let (short, long) = (
            self.width_mm.min(self.height_mm),
            self.width_mm.max(self.height_mm),
        );
        match orientation {
            None => self,
            Some(Orientation::Portrait) => PageSize {
                width_mm: short,
                height_mm: long,
            },
            Some(Orientation::Landscape) => PageSize {
                width_mm: long,
                height_mm: short,
            },
        }
    }
}

/// Page orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Orientation {
    /// 竖版.
    Portrait,
    /// 横版.
    Landscape,
}

/// What the user chose for one layout.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Paper size; `None` for the sign's default size.
    pub size: Option<PageSize>,
    /// Orientation; `None` keeps the size as given (or the sign's default).
    pub orientation: Option<Orientation>,
    /// Bleed in mm (0 to 10): backgrounds run this far past the trim edge.
    pub bleed_mm: f32,
    /// The fonts text is set in: the bundled ones, then the user's, then the fallback (read
    /// from files by `font_files`; layout never reads files).
    pub fonts: Fonts,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            size: None,
            orientation: None,
            bleed_mm: 3.0,
            fonts: crate::fonts::bundled().clone(),
        }
    }
}

/// Why a picture could not be read: the reader's own error (`assets::PictureError`), kept
/// typed with its source chain; layout only shows it.
pub type PictureProblem = std::sync::Arc<dyn std::error::Error + Send + Sync>;

/// Decoded images of a station (photos and logos), keyed by the path as written in the station
/// file. Loaded by `assets::load`; layout itself never reads files.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Path as in the station file → decoded picture, or why it could not be read (its
    /// Chinese message follows the picture's name).
    pub images: BTreeMap<String, Result<AssetImage, PictureProblem>>,
    /// The pictures already scaled for their boxes by layouts with these assets (a memo kept
    /// across layouts, so the preview does not rescale photos at every keystroke; the output is
    /// the same with or without it; clones share it).
    pub fitted: picture::FittedPictures,
}

/// One decoded picture of a station.
#[derive(Debug, Clone)]
pub enum AssetImage {
    /// A photo or bitmap logo, already reduced to what its largest placement needs and turned
    /// upright (EXIF orientation applied).
    Raster(Arc<image::RgbaImage>),
    /// An SVG logo.
    Vector(crate::frame::VectorPicture),
}

/// Why a sign could not be laid out at all.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// A template file is broken (only possible with user-supplied templates).
    #[error("模板有误：{0}")]
    Template(String),
}

/// Lays out one sign of a station with the built-in template of the station's design
/// (`appearance.design`; the standard design when it is empty or unknown) and the theme of its
/// kind.
pub fn layout_sign(
    station: &StationFile,
    assets: &Assets,
    kind: SignKind,
    options: &LayoutOptions,
) -> Result<Document, LayoutError> {
    let template = crate::template::builtin_in(station.appearance.design_id(), kind)
        .map_err(|error| LayoutError::Template(error.to_string()))?;
    let theme = crate::template::theme_for(&station.station.kind);
    Ok(engine::layout(station, assets, &template, &theme, options))
}

/// Lays out one sign with a given template and theme (user templates, theme overrides).
pub fn layout_with(
    station: &StationFile,
    assets: &Assets,
    template: &Template,
    theme: &Theme,
    options: &LayoutOptions,
) -> Document {
    engine::layout(station, assets, template, theme, options)
}
