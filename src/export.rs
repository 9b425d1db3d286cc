//! The one export pipeline: checked settings, templates (built in or from a user folder), which
//! files each sign makes ([`plan_files`]), and writing them atomically. `liangpai export`,
//! `batch`, `print` and the app's exports all go through here, so they make the same files. A
//! station's pictures are read once by [`crate::assets`].

pub mod check;
pub mod essentials;
pub mod naming;
pub mod preflight;
pub mod profile;

use std::path::Path;

use crate::model::StationFile;

pub use crate::values::{DesignId, OutputProfile};
pub use check::{
    CheckedStation, MAX_LIST_ITEMS, MAX_STATION_TEXT_CHARS, StationRefused, check_station,
    data_diagnostics, over_budget,
};
pub use essentials::{Essential, Unfinished};
pub use preflight::{SignPreflight, TextStorage};

use std::path::PathBuf;

use std::sync::Arc;

use crate::frame::{Diagnostic, Document, Page};
use crate::render::pdf::{PdfDate, PdfOptions};
use crate::sign::SignKind;
use crate::style_pack::StylePack;

/// An export that failed; the file that was there before is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Making the PDF failed.
    #[error(transparent)]
    Pdf(#[from] crate::render::pdf::PdfError),
    /// Encoding the PNG failed.
    #[error("生成 PNG 图片失败：{source}")]
    Png {
        /// The encoder's error.
        #[source]
        source: png::EncodingError,
    },
    /// The rendered pixels do not fill the picture (a program error).
    #[error("生成 PNG 图片失败：像素数据不完整")]
    Pixels,
    /// Writing the file failed.
    #[error("无法写入 {}：{}。原有文件未被改动。", file.display(), crate::fsutil::io_message(source))]
    Write {
        /// The file.
        file: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes a sign as PDF, atomically.
pub fn write_pdf(
    path: &Path,
    document: &Document,
    options: &PdfOptions,
) -> Result<(), ExportError> {
    let bytes = crate::render::pdf::render_pdf(document, options)?;
    write_file(path, &bytes)
}

/// Writes one page as PNG at `dpi`, atomically (trimmed page, no bleed).
pub fn write_png(path: &Path, page: &Page, dpi: f32) -> Result<(), ExportError> {
    let bytes = png_bytes(page, dpi)?;
    write_file(path, &bytes)
}

/// Encodes one page as PNG at `dpi`, recording its resolution in the file (pHYs), so a print
/// shop's software prints it at the page's size.
pub fn png_bytes(page: &Page, dpi: f32) -> Result<Vec<u8>, ExportError> {
    let pixels = crate::render::raster::render_page(page, dpi / 72.0);
    let expected = pixels.width_px as usize * pixels.height_px as usize * 4;
    if pixels.rgba.len() != expected {
        return Err(ExportError::Pixels);
    }
    // The page is opaque: RGB is enough.
    let rgb = crate::render::raster::rgb_of_rgba(pixels.rgba);
    // The resolution the pixels really have (the renderer rounds the size to whole pixels).
    let actual_dpi = pixels.width_px as f32 / (page.width_pt.max(1.0) / 72.0);
    let pixels_per_metre = (actual_dpi / 0.0254).round() as u32;
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, pixels.width_px, pixels.height_px);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // fdeflate's PNG-tuned compression: several times faster than zlib's default level, files
    // about twice as large (the example's 1920×1080 screen picture: 94 KB → 190 KB; README
    // "Throughput"); a PNG is for screens and proofs, print shops get the PDF.
    encoder.set_compression(png::Compression::Fast);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: pixels_per_metre,
        yppu: pixels_per_metre,
        unit: png::Unit::Meter,
    }));
    let png_error = |source| ExportError::Png { source };
    let mut writer = encoder.write_header().map_err(png_error)?;
    writer.write_image_data(&rgb).map_err(png_error)?;
    writer.finish().map_err(png_error)?;
    Ok(bytes)
}

/// The warning for a PNG page made at less than the resolution asked for (its longest side is
/// capped at [`MAX_PNG_SIDE_PX`]), if it was; not for the screen picture, whose size is fixed.
pub fn png_capped_warning(
    kind: SignKind,
    page_index: usize,
    page: &Page,
    dpi: f32,
) -> Option<Diagnostic> {
    let made_dpi = png_dpi(kind, page, dpi);
    (kind != SignKind::Screen && made_dpi < dpi - 0.5).then(|| {
        Diagnostic::warning(
            crate::model::FieldPath::none(),
            format!(
            "第 {} 页尺寸很大，PNG 图片的最长边限制为 {} 像素，只按约 {} dpi 生成（不是所选的 {} dpi）；大幅面印刷请用 PDF",
            page_index + 1,
            MAX_PNG_SIDE_PX,
            made_dpi.floor(),
            dpi.round()
        ),
        )
        .on(kind)
    })
}

/// Writes bytes to a file atomically (no backup).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_file_with(path, bytes, true)
}

/// Writes bytes to a file atomically, synced to disk when `durable` (see
/// [`crate::fsutil::write_atomic_with`]).
pub fn write_file_with(path: &Path, bytes: &[u8], durable: bool) -> Result<(), ExportError> {
    crate::fsutil::write_atomic_with(path, false, durable, |writer| writer.write_all(bytes))
        .map_err(|source| ExportError::Write {
            file: path.to_path_buf(),
            source,
        })
}

/// Resolution at which the screen picture's 508 mm width is 1920 pixels.
pub const SCREEN_DPI: f32 = 96.0;

/// The screen picture's width in pixels, whatever its page size.
pub const SCREEN_WIDTH_PX: f32 = 1920.0;

/// No PNG is made larger than this on its longest side (the resolution is lowered to fit), so a
/// huge custom size cannot exhaust the memory.
pub const MAX_PNG_SIDE_PX: f32 = 8000.0;

/// What one output file of a sign holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FileContent {
    /// The whole sign as one PDF (every page).
    Pdf,
    /// One page of the sign as a PDF (one door plate per room).
    PdfPage {
        /// Index of the page in the document.
        page: usize,
    },
    /// The badges imposed on A4 sheets with cut marks, as a PDF (badges only).
    BadgeSheet,
    /// One page as a PNG picture.
    Png {
        /// Index of the page in the document.
        page: usize,
        /// Resolution in dots per inch.
        dpi: f32,
    },
}

/// One file a sign produces: its name (inside the output folder) and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFile {
    /// File name, e.g. `柳溪镇社工站-站点门牌.pdf`, `柳溪镇社工站-工作证-拼版.pdf`,
    /// `柳溪镇社工站-服务人员公示-第2页.png` (see [`naming`]).
    pub name: String,
    /// What it holds.
    pub content: FileContent,
}

/// The resolution of one page as PNG: `dpi`, except that the screen picture is always
/// [`SCREEN_WIDTH_PX`] wide (1920×1080 at its standard size) and nothing exceeds
/// [`MAX_PNG_SIDE_PX`].
pub fn png_dpi(kind: SignKind, page: &Page, dpi: f32) -> f32 {
    let dpi = if kind == SignKind::Screen {
        SCREEN_WIDTH_PX / (page.width_pt.max(1.0) / 72.0)
    } else {
        dpi
    };
    let longest_inch = page.width_pt.max(page.height_pt).max(1.0) / 72.0;
    dpi.min(MAX_PNG_SIDE_PX / longest_inch)
}

/// THE rule for which files a sign makes, used by every export (CLI, batch, print, app), named
/// by [`naming`] from `stem` (`柳溪镇社工站-站点门牌`, see [`naming::sign_stem`]) and, for signs
/// whose pages are one thing each, `page_names` (see [`naming::page_names`]):
/// - `<stem>.pdf` with every page; door plates instead one `<stem>-<功能室>.pdf` per room;
///   badges also `<stem>-拼版.pdf`, the badges imposed on A4 with cut marks;
/// - with `png`, instead one `<stem>.png` per page (`<stem>-第1页.png`… or `<stem>-<name>.png`
///   when there are several pages, and always by room for door plates) at `dpi` (see
///   [`png_dpi`]);
/// - the screen picture is always PNG, 1920 pixels wide.
///
/// A document without pages makes no files.
pub fn plan_files(
    document: &Document,
    stem: &str,
    page_names: &[String],
    png: bool,
    dpi: f32,
) -> Vec<PlannedFile> {
    let kind = document.kind;
    let pages = document.pages.len();
    let parts = naming::page_parts(page_names, pages);
    // Door plates are one file per room; other signs name their pages only when they have several.
    let per_page = kind == SignKind::RoomPlate;
    let part = |index: usize| {
        (per_page || pages > 1)
            .then(|| parts.get(index).map(String::as_str))
            .flatten()
    };
    if png || kind == SignKind::Screen {
        return document
            .pages
            .iter()
            .enumerate()
            .map(|(index, page)| PlannedFile {
                name: naming::file_name(stem, part(index), "png"),
                content: FileContent::Png {
                    page: index,
                    dpi: png_dpi(kind, page, dpi),
                },
            })
            .collect();
    }
    if document.pages.is_empty() {
        return Vec::new();
    }
    if per_page {
        return (0..pages)
            .map(|index| PlannedFile {
                name: naming::file_name(stem, part(index), "pdf"),
                content: FileContent::PdfPage { page: index },
            })
            .collect();
    }
    let mut files = vec![PlannedFile {
        name: naming::file_name(stem, None, "pdf"),
        content: FileContent::Pdf,
    }];
    if kind == SignKind::Badge {
        files.push(PlannedFile {
            name: naming::file_name(stem, Some("拼版"), "pdf"),
            content: FileContent::BadgeSheet,
        });
    }
    files
}

/// A file that was written.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenFile {
    /// Where.
    pub path: PathBuf,
    /// What it holds.
    pub content: FileContent,
}

/// Writes the planned files of `document` into `folder`, synced to disk when `durable`.
pub fn write_planned(
    folder: &Path,
    document: &Document,
    plan: &[PlannedFile],
    pdf_options: &PdfOptions,
    durable: bool,
) -> Result<Vec<WrittenFile>, ExportError> {
    let mut written = Vec::new();
    for file in plan {
        let bytes = match file.content {
            FileContent::Pdf => crate::render::pdf::render_pdf(document, pdf_options)?,
            FileContent::PdfPage { page } => match document.pages.get(page) {
                Some(one) => {
                    let single = Document {
                        kind: document.kind,
                        title: document.title.clone(),
                        pages: vec![one.clone()],
                        warnings: Vec::new(),
                    };
                    crate::render::pdf::render_pdf(&single, pdf_options)?
                }
                None => continue,
            },
            FileContent::BadgeSheet => {
                let sheet = crate::layout::impose(document, crate::layout::PageSize::ISO[0].1);
                // The sheet is cut along its own marks; the corner guide belongs to one card.
                let sheet_options = PdfOptions {
                    corner_guide_mm: None,
                    ..pdf_options.clone()
                };
                crate::render::pdf::render_pdf(&sheet, &sheet_options)?
            }
            FileContent::Png { page, dpi } => match document.pages.get(page) {
                Some(page) => png_bytes(page, dpi)?,
                None => continue,
            },
        };
        let path = folder.join(&file.name);
        write_file_with(&path, &bytes, durable)?;
        written.push(WrittenFile {
            path,
            content: file.content,
        });
    }
    Ok(written)
}

/// Writes the files of one sign into `folder` as [`plan_files`] says, named after `stem` and
/// `page_names` (see [`naming`]), synced to disk when `durable`.
#[allow(clippy::too_many_arguments)]
pub fn write_sign_named(
    folder: &Path,
    document: &Document,
    stem: &str,
    page_names: &[String],
    png: bool,
    dpi: f32,
    pdf_options: &PdfOptions,
    durable: bool,
) -> Result<Vec<WrittenFile>, ExportError> {
    let plan = plan_files(document, stem, page_names, png, dpi);
    write_planned(folder, document, &plan, pdf_options, durable)
}

/// Which signs `--sign` names: one code, or `all` for every sign this version can make.
pub fn parse_sign_list(text: &str) -> Option<Vec<SignKind>> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Some(crate::template::available_kinds());
    }
    text.split(',')
        .map(|code| SignKind::from_code(code.trim()))
        .collect()
}

/// A name made safe as a file or folder name on Windows, macOS and Linux: no \ / : * ? " < > |
/// or control characters, no trailing dots or spaces, no reserved device names (CON, NUL…), at
/// most 200 bytes (UTF-8, cut on a character boundary); `fallback` when nothing is left.
pub fn safe_name(name: &str, fallback: &str) -> String {
    // Room is left for what callers add (“-2”, “.pdf”) within the usual 255-byte limit.
    safe_name_within(name, fallback, 200)
}

/// The longest start of `text` of at most `max_bytes` bytes that ends on a character boundary.
pub fn cut_to_bytes(text: &str, max_bytes: usize) -> &str {
    if text.len() <= max_bytes {
        return text;
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// [`safe_name`] cut to at most `max_bytes` bytes (UTF-8), on a character boundary.
pub fn safe_name_within(name: &str, fallback: &str, max_bytes: usize) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|ch| {
            if ch.is_control() || matches!(ch, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            {
                '_'
            } else {
                ch
            }
        })
        .collect();
    // Cut by bytes on a character boundary, then trailing dots and spaces removed (Windows drops
    // them, so “站.” and “站” would be the same name).
    let cleaned = cut_to_bytes(cleaned.trim_start(), max_bytes)
        .trim_end_matches(['.', ' '])
        .to_owned();
    if cleaned.is_empty() {
        return fallback.to_owned();
    }
    let stem = cleaned
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.ends_with(|ch: char| ch.is_ascii_digit()));
    if reserved {
        format!("_{cleaned}")
    } else {
        cleaned
    }
}

/// Checked choices for making signs, shared by `liangpai export`, `batch`, `print` and the app.
#[derive(Debug, Clone)]
pub struct ExportSettings {
    /// Which signs.
    pub kinds: Vec<SignKind>,
    /// Size, orientation, bleed.
    pub layout: crate::layout::LayoutOptions,
    /// Crop marks, date, colours.
    pub pdf: PdfOptions,
    /// PNG pictures instead of PDF.
    pub png: bool,
    /// PNG resolution.
    pub dpi: f32,
    /// Folder of user templates: its file for a kind wins over every design.
    pub templates: Option<PathBuf>,
    /// Built-in design for every station; `None` follows each station's `appearance.design`.
    pub design: Option<DesignId>,
    /// Colour theme; `None` follows each station's kind.
    pub theme: Option<crate::template::Theme>,
    /// Sync each file to disk (`false` in a batch: see [`crate::fsutil::write_atomic_with`]).
    pub durable: bool,
    /// Who prints the signs: sets bleed, crop marks, margins and the preflight limits, and is
    /// named in the file names (see [`OutputProfile`]).
    pub profile: OutputProfile,
    /// A county style pack (样式包) every station follows: its templates, colours, logos and
    /// values (see [`crate::style_pack`]). `None`: each station follows its own
    /// `appearance.style_pack`, if it names one.
    pub style: Option<Arc<StylePack>>,
    /// Make drafts of the signs that lack an essential (see [`essentials`]): 样稿 across every
    /// page and in front of the file name. Without it such a station is not exported at all
    /// ([`ExportEvent::Unfinished`]).
    pub draft: bool,
}

/// Builds [`ExportSettings`] (see [`ExportSettings::builder`]). The output profile is the one
/// chosen ([`ExportSettingsBuilder::profile`]), else the style pack's (unless the bleed or crop
/// marks were chosen, which a profile would override), else the standard one: decided once, in
/// [`ExportSettings::with_style`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ExportSettingsBuilder {
    settings: ExportSettings,
    profile: Option<OutputProfile>,
    output_chosen: bool,
    style: Option<Arc<StylePack>>,
}

impl ExportSettingsBuilder {
    /// The signs to make.
    pub fn kinds(mut self, kinds: Vec<SignKind>) -> Self {
        self.settings.kinds = kinds;
        self
    }

    /// Size, orientation, bleed and fonts.
    pub fn layout(mut self, layout: crate::layout::LayoutOptions) -> Self {
        self.settings.layout = layout;
        self
    }

    /// Bleed in mm.
    pub fn bleed_mm(mut self, bleed_mm: f32) -> Self {
        self.settings.layout.bleed_mm = bleed_mm;
        self
    }

    /// The fonts text is set in.
    pub fn fonts(mut self, fonts: crate::fonts::Fonts) -> Self {
        self.settings.layout.fonts = fonts;
        self
    }

    /// Crop marks outside the bleed.
    pub fn crop_marks(mut self, crop_marks: bool) -> Self {
        self.settings.pdf.crop_marks = crop_marks;
        self
    }

    /// The PDFs' date (`None`: none written).
    pub fn date(mut self, date: Option<PdfDate>) -> Self {
        self.settings.pdf.date = date;
        self
    }

    /// Every colour as DeviceCMYK.
    pub fn cmyk(mut self, cmyk: bool) -> Self {
        self.settings.pdf.cmyk = cmyk;
        self
    }

    /// Text as glyph outlines (转曲).
    pub fn outline_text(mut self, outline_text: bool) -> Self {
        self.settings.pdf.outline_text = outline_text;
        self
    }

    /// PNG pictures at `dpi` instead of PDF.
    pub fn png(mut self, png: bool, dpi: f32) -> Self {
        self.settings.png = png;
        self.settings.dpi = dpi;
        self
    }

    /// A folder of user templates.
    pub fn templates(mut self, templates: Option<PathBuf>) -> Self {
        self.settings.templates = templates;
        self
    }

    /// One design for every station (`None`: each station's own).
    pub fn design(mut self, design: Option<DesignId>) -> Self {
        self.settings.design = design;
        self
    }

    /// One colour theme for every station (`None`: by each station's kind).
    pub fn theme(mut self, theme: Option<crate::template::Theme>) -> Self {
        self.settings.theme = theme;
        self
    }

    /// Sync each file to disk (`false` for a batch).
    pub fn durable(mut self, durable: bool) -> Self {
        self.settings.durable = durable;
        self
    }

    /// Make drafts of signs that lack an essential.
    pub fn draft(mut self, draft: bool) -> Self {
        self.settings.draft = draft;
        self
    }

    /// The output profile the user chose (`None`: none, the style pack's is taken).
    pub fn profile(mut self, profile: Option<OutputProfile>) -> Self {
        self.profile = profile;
        self
    }

    /// Whether the user chose the bleed or crop marks (`--bleed`, `--crop-marks`): a style
    /// pack's profile would override them, so it is not taken.
    pub fn output_chosen(mut self, chosen: bool) -> Self {
        self.output_chosen = chosen;
        self
    }

    /// The style pack every station follows (`None`: each station's own).
    pub fn style(mut self, style: Option<Arc<StylePack>>) -> Self {
        self.style = style;
        self
    }

    /// The settings.
    pub fn build(self) -> ExportSettings {
        let mut settings = self.settings;
        if let Some(profile) = self.profile {
            settings.profile = profile;
        }
        settings.with_style(self.style, self.profile.is_some() || self.output_chosen)
    }
}

/// PNG resolution when none is chosen (print quality).
pub const DEFAULT_DPI: f32 = 150.0;

/// Default bleed in millimetres.
pub const DEFAULT_BLEED_MM: f32 = 3.0;

impl ExportSettings {
    /// Every sign this version can make, at its standard size, as PDF, with the given bleed,
    /// crop marks and date: what `liangpai export` makes without options (and the app's
    /// whole set). [`ExportSettings::builder`] with these three set.
    pub fn whole_set(bleed_mm: f32, crop_marks: bool, date: Option<PdfDate>) -> ExportSettings {
        ExportSettings::builder()
            .bleed_mm(bleed_mm)
            .crop_marks(crop_marks)
            .date(date)
            .build()
    }

    /// The one way export settings are made (the command line, printing, the app): every sign
    /// this version can make, at its standard size, as PDF with a 3 mm bleed, no crop marks, the
    /// current time, each station's own design, theme and style pack, the standard profile;
    /// change what the user chose, then [`ExportSettingsBuilder::build`].
    pub fn builder() -> ExportSettingsBuilder {
        ExportSettingsBuilder {
            settings: ExportSettings {
                kinds: crate::template::available_kinds(),
                layout: crate::layout::LayoutOptions {
                    size: None,
                    orientation: None,
                    bleed_mm: DEFAULT_BLEED_MM,
                    ..crate::layout::LayoutOptions::default()
                },
                pdf: PdfOptions::default(),
                png: false,
                dpi: DEFAULT_DPI,
                templates: None,
                design: None,
                theme: None,
                durable: true,
                profile: OutputProfile::Standard,
                style: None,
                draft: false,
            },
            profile: None,
            output_chosen: false,
            style: None,
        }
    }

    /// These settings following `style` (its templates, colours, logos and values) and, unless
    /// the user chose the profile, bleed or crop marks (`profile_chosen`), its output profile.
    /// The one place settings take a style pack: `liangpai export/batch/print --style`, a
    /// station's own pack, the app's exports and batch.
    #[must_use]
    pub fn with_style(mut self, style: Option<Arc<StylePack>>, profile_chosen: bool) -> Self {
        if !profile_chosen && let Some(profile) = style.as_deref().and_then(|style| style.profile) {
            self.profile = profile;
        }
        self.style = style;
        self
    }

    /// The layout and PDF options of one sign under [`ExportSettings::profile`], and the white
    /// margin (points) the design is laid out within (a banner's eyelets, an office printer's
    /// unprintable edge). The standard profile changes nothing.
    pub fn for_sign(
        &self,
        kind: SignKind,
        template_size_mm: (f32, f32),
    ) -> (crate::layout::LayoutOptions, PdfOptions, f32) {
        use crate::layout::PageSize;
        let rules = self.profile.rules();
        let mut layout = self.layout.clone();
        let mut pdf = self.pdf.clone();
        if let Some(bleed_mm) = rules.bleed_mm {
            layout.bleed_mm = bleed_mm;
        }
        if let Some(crop_marks) = rules.crop_marks {
            pdf.crop_marks = crop_marks;
        }
        pdf.corner_guide_mm = rules.corner_radius_mm.filter(|_| kind == SignKind::Badge);
        let template_size = PageSize {
            width_mm: template_size_mm.0,
            height_mm: template_size_mm.1,
        };
        let mut size = layout.size.unwrap_or(template_size);
        let mut orientation = layout.orientation;
        if self.profile.office_paper(kind) {
            // Office paper is A4 unless another size is chosen, turned like the sign.
            if layout.size.is_none() {
                size = PageSize::ISO[0].1;
            }
            if orientation.is_none() {
                orientation = Some(if template_size.width_mm > template_size.height_mm {
                    crate::layout::Orientation::Landscape
                } else {
                    crate::layout::Orientation::Portrait
                });
            }
        }
        let sheet = size.oriented(orientation);
        let white_margin_mm = self
            .profile
            .white_margin_mm(kind, (sheet.width_mm, sheet.height_mm));
        if white_margin_mm > 0.0 || self.profile.office_paper(kind) {
            // The design is laid out again inside the margin, never just shrunk.
            layout.size = Some(PageSize {
                width_mm: (sheet.width_mm - 2.0 * white_margin_mm).max(10.0),
                height_mm: (sheet.height_mm - 2.0 * white_margin_mm).max(10.0),
            });
            layout.orientation = None;
        }
        (layout, pdf, crate::frame::mm_to_pt(white_margin_mm))
    }
}

/// The pages of `document` on sheets `margin_pt` larger on every side, the margin white (the
/// bleed stays the design's: none with the profiles that use a margin).
pub fn with_white_margin(document: Document, margin_pt: f32) -> Document {
    use crate::frame::{Item, Rect, Rgb};
    if margin_pt <= 0.0 {
        return document;
    }
    let pages = document
        .pages
        .into_iter()
        .map(|page| {
            let mut items = Vec::with_capacity(page.items.len() + 1);
            // The design's background, now inside the white margin.
            items.push(Item::Rect {
                rect: Rect::new(margin_pt, margin_pt, page.width_pt, page.height_pt),
                fill: Some(page.background),
                stroke: None,
                corner_radius_pt: 0.0,
            });
            items.extend(page.items.into_iter().map(|mut item| {
                item.translate(margin_pt, margin_pt);
                item
            }));
            crate::frame::Page {
                width_pt: page.width_pt + 2.0 * margin_pt,
                height_pt: page.height_pt + 2.0 * margin_pt,
                bleed_pt: page.bleed_pt,
                background: Rgb::WHITE,
                items,
            }
        })
        .collect();
    Document { pages, ..document }
}

/// The template of each chosen sign in one design: the template and its warnings, or why it
/// cannot be used.
pub type KindTemplates = Vec<(
    SignKind,
    Result<(crate::template::Template, Vec<Diagnostic>), Arc<crate::template::TemplateError>>,
)>;

/// The templates of the chosen signs, loaded once per design when a station first needs it (a
/// batch shares them between its stations, whatever design each one chose; one station's export
/// reads only its own design's).
#[derive(Debug)]
pub struct LoadedTemplates {
    /// Each design that may be asked for, the standard design first, with its templates once read.
    designs: Vec<(DesignId, std::sync::OnceLock<KindTemplates>)>,
    kinds: Vec<SignKind>,
    templates: Option<PathBuf>,
    style: Option<Arc<StylePack>>,
}

impl LoadedTemplates {
    /// The templates of `design` (read now if not yet); the first design's when that one is not
    /// among them (`--design` chose one for every station).
    pub fn for_design(&self, design: DesignId) -> &KindTemplates {
        static NONE: KindTemplates = Vec::new();
        self.designs
            .iter()
            .find(|(id, _)| *id == design)
            .or_else(|| self.designs.first())
            .map_or(&NONE, |(id, templates)| {
                templates.get_or_init(|| self.read(*id))
            })
    }

    /// The designs that may be asked for.
    pub fn designs(&self) -> Vec<DesignId> {
        self.designs.iter().map(|(id, _)| *id).collect()
    }

    /// The designs whose templates have been read so far.
    pub fn designs_read(&self) -> Vec<DesignId> {
        self.designs
            .iter()
            .filter(|(_, templates)| templates.get().is_some())
            .map(|(id, _)| *id)
            .collect()
    }

    fn read(&self, design: DesignId) -> KindTemplates {
        self.kinds
            .iter()
            .map(|&kind| {
                (
                    kind,
                    load_template_styled(
                        kind,
                        self.templates.as_deref(),
                        design,
                        self.style.as_deref(),
                    )
                    .map_err(Arc::new),
                )
            })
            .collect()
    }
}

/// The templates of `settings.kinds` (see [`load_template_in`]): in the design `settings.design`
/// when one is chosen, else in every built-in design (each station follows its own
/// `appearance.design`), each design read when first asked for.
pub fn load_templates(settings: &ExportSettings) -> LoadedTemplates {
    let designs: Vec<DesignId> = match settings.design {
        Some(design) => vec![design],
        None => DesignId::ALL.to_vec(),
    };
    LoadedTemplates {
        designs: designs
            .into_iter()
            .map(|design| (design, std::sync::OnceLock::new()))
            .collect(),
        kinds: settings.kinds.clone(),
        templates: settings.templates.clone(),
        style: settings.style.clone(),
    }
}

/// The design a station's signs are made in: `chosen` (the settings' design) when given, else the station's
/// `appearance.design`, else the standard one. An unknown `appearance.design` gives the standard
/// design and a warning naming the field.
pub fn station_design(
    chosen: Option<DesignId>,
    station: &StationFile,
) -> (DesignId, Option<crate::model::Diagnostic>) {
    if let Some(design) = chosen {
        return (design, None);
    }
    (
        station.appearance.design_id(),
        crate::template::design_problem(&station.appearance.design),
    )
}

/// The template of a kind in the standard design (see [`load_template_in`]).
pub fn load_template(
    kind: SignKind,
    user_folder: Option<&Path>,
) -> Result<(crate::template::Template, Vec<Diagnostic>), crate::template::TemplateError> {
    load_template_in(kind, user_folder, DesignId::Standard)
}

/// The template of a kind: `<folder>/<kind>.toml` if that file exists, else the built-in one of
/// `design` (the standard one for a kind the design has no variant of). A user template goes
/// through [`crate::template::check_template`] first: one with errors falls back to the built-in
/// one with a warning naming the file and the lines; its warnings (a placeholder that is empty on
/// this sign …) come along as warnings.
pub fn load_template_in(
    kind: SignKind,
    user_folder: Option<&Path>,
    design: DesignId,
) -> Result<(crate::template::Template, Vec<Diagnostic>), crate::template::TemplateError> {
    use crate::template;
    if let Some(folder) = user_folder {
        let path = folder.join(format!("{}.toml", kind.code()));
        let warning = |message: String| {
            Diagnostic::warning(crate::model::FieldPath::none(), message).on(kind)
        };
        let read = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => {
                return Ok((
                    template::builtin_in(design, kind)?,
                    vec![warning(format!(
                        "自定义模板 {} 读不出（应为 UTF-8 编码的文本），已改用内置模板：{error}",
                        path.display()
                    ))],
                ));
            }
        };
        if let Some(text) = read {
            let file = path.display().to_string();
            let problems = template::check_template(&text, &file);
            let (errors, warnings): (Vec<_>, Vec<_>) = problems
                .iter()
                .partition(|problem| problem.severity == crate::model::Severity::Error);
            if !errors.is_empty() {
                const SHOWN: usize = 3;
                let mut listed: Vec<String> = errors
                    .iter()
                    .take(SHOWN)
                    .map(|problem| problem.to_string())
                    .collect();
                if errors.len() > SHOWN {
                    listed.push(format!(
                        "另有 {} 处（liangpai check --templates 列出全部）",
                        errors.len() - SHOWN
                    ));
                }
                return Ok((
                    template::builtin_in(design, kind)?,
                    vec![warning(format!(
                        "自定义模板有误，已改用内置模板：{}",
                        listed.join("；")
                    ))],
                ));
            }
            let warnings: Vec<Diagnostic> = warnings
                .iter()
                .map(|problem| warning(format!("自定义模板：{problem}")))
                .collect();
            return match template::parse(&text, &file) {
                Ok(template) if template.sign == kind => Ok((template, warnings)),
                Ok(_) => Ok((
                    template::builtin_in(design, kind)?,
                    vec![warning(format!(
                        "自定义模板 {} 不是“{}”的模板，已改用内置模板",
                        path.display(),
                        kind.label()
                    ))],
                )),
                Err(error) => Ok((
                    template::builtin_in(design, kind)?,
                    vec![warning(format!("{error}；已改用内置模板"))],
                )),
            };
        }
    }
    Ok((template::builtin_in(design, kind)?, Vec::new()))
}

/// Why a template folder could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum TemplateFolderError {
    /// The folder cannot be listed.
    #[error("模板文件夹 {path} 打不开：{source}")]
    Read {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Checks every `*.toml` of a template folder (`liangpai check --templates`): `themes.toml` with
/// [`crate::template::check_themes`], `regions.toml` with
/// [`crate::template::check_regions_file`], the others with
/// [`crate::template::check_template_file`]. Returns each file (in name order) with its
/// problems; a file that cannot be read as UTF-8 text is one error.
pub fn check_template_folder(
    folder: &Path,
) -> Result<Vec<(PathBuf, Vec<crate::template::TemplateProblem>)>, TemplateFolderError> {
    let read_error = |source| TemplateFolderError::Read {
        path: folder.to_owned(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(read_error)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|ext| ext.eq_ignore_ascii_case("toml"))
        })
        .collect();
    files.sort();
    Ok(files
        .into_iter()
        .map(|path| {
            let file = path.display().to_string();
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let problems = match std::fs::read_to_string(&path) {
                Ok(text) if name.eq_ignore_ascii_case("themes.toml") => {
                    crate::template::check_themes(&text, &file)
                }
                Ok(text) if name.eq_ignore_ascii_case("regions.toml") => {
                    crate::template::check_regions_file(&text, &file)
                }
                Ok(text) => crate::template::check_template_file(&text, &file, &name),
                Err(error) => vec![crate::template::TemplateProblem {
                    file: file.clone(),
                    line: None,
                    severity: crate::model::Severity::Error,
                    message: format!("读不出这个文件（应为 UTF-8 编码的文本）：{error}"),
                }],
            };
            (path, problems)
        })
        .collect())
}

/// The template of a kind with a style pack: `<folder>/<kind>.toml` when that file exists, else
/// the pack's template, else the built-in one of `design` (see [`load_template_in`]).
pub fn load_template_styled(
    kind: SignKind,
    user_folder: Option<&Path>,
    design: DesignId,
    style: Option<&StylePack>,
) -> Result<(crate::template::Template, Vec<Diagnostic>), crate::template::TemplateError> {
    let in_folder =
        user_folder.is_some_and(|folder| folder.join(format!("{}.toml", kind.code())).is_file());
    match style.and_then(|style| style.template(kind)) {
        Some(template) if !in_folder => Ok((template.clone(), Vec::new())),
        _ => load_template_in(kind, user_folder, design),
    }
}

/// The template a sign is made with when no user folder has one: the style pack's, else the
/// built-in one of `design` (the preview and printing use it).
pub fn base_template(
    kind: SignKind,
    style: Option<&StylePack>,
    design: DesignId,
) -> Result<crate::template::Template, crate::template::TemplateError> {
    if let Some(template) = style.and_then(|style| style.template(kind)) {
        return Ok(template.clone());
    }
    crate::template::builtin_in(design, kind)
}

/// The style pack an export of `station` follows: the settings' one, else the one the station
/// file names (`appearance.style_pack`, relative to its folder). A pack named by the station
/// that cannot be read gives a warning at `appearance.style_pack` and the station is made
/// without it.
pub fn station_style(
    station: &StationFile,
    base_dir: Option<&Path>,
    settings: &ExportSettings,
) -> (Option<Arc<StylePack>>, Option<crate::model::Diagnostic>) {
    if settings.style.is_some() {
        return (settings.style.clone(), None);
    }
    let stored = station.appearance.style_pack.trim();
    if stored.is_empty() {
        return (None, None);
    }
    let problem = |message: String| {
        crate::model::Diagnostic::warning(
            crate::model::FieldPath::none()
                .key("appearance")
                .key("style_pack"),
            message,
        )
    };
    let Some(path) = crate::style_pack::resolve(base_dir, stored) else {
        return (
            None,
            Some(problem(format!(
                "样式包“{stored}”：站点文件尚未保存，找不到相对路径的样式包，本次不用样式包"
            ))),
        );
    };
    match crate::style_pack::load(&path) {
        Ok(pack) => (Some(Arc::new(pack)), None),
        Err(error) => (None, Some(problem(format!("{error}；本次不用样式包")))),
    }
}

/// The date signs show under the `export_date` policy: the day in China (UTC+8) at the PDF's
/// time (`--date` gives midnight, so that very day), else now.
pub fn export_date_iso(settings: &ExportSettings) -> String {
    let date = settings.pdf.date.unwrap_or_else(PdfDate::now);
    let utc = jiff::civil::Date::new(
        i16::try_from(date.year).unwrap_or(i16::MAX),
        i8::try_from(date.month).unwrap_or(0),
        i8::try_from(date.day).unwrap_or(0),
    );
    match utc {
        // From 16:00 UTC it is the next day in China.
        Ok(utc) => {
            let day = if date.hour >= 16 {
                utc.tomorrow().unwrap_or(utc)
            } else {
                utc
            };
            format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
        }
        Err(_) => format!("{:04}-{:02}-{:02}", date.year, date.month, date.day),
    }
}

/// The colours of a station's signs: the chosen theme, else the station kind's with the style
/// pack's colours over it.
pub fn station_theme(
    theme: Option<&crate::template::Theme>,
    style: Option<&StylePack>,
    station: &StationFile,
) -> crate::template::Theme {
    if let Some(theme) = theme {
        return theme.clone();
    }
    let kind = crate::template::theme_for(&station.station.kind);
    match style.and_then(|style| style.theme.as_ref()) {
        Some(pack_theme) => pack_theme.over(&kind),
        None => kind,
    }
}

/// The station as its signs show it under `style` (see [`crate::style_pack::apply`]), and its
/// pictures read once (the pack's logos from the pack).
pub fn styled_inputs(
    station: &StationFile,
    base_dir: Option<&Path>,
    style: Option<&StylePack>,
    today: &str,
) -> (StationFile, crate::assets::LoadedAssets) {
    match style {
        Some(style) => {
            let styled = crate::style_pack::apply(station, style, today);
            let loaded = crate::assets::load_given(&styled, base_dir, &style.logo_bytes());
            (styled, loaded)
        }
        None => (station.clone(), crate::assets::load(station, base_dir)),
    }
}

/// What happened while exporting one station, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportEvent {
    /// A problem of the station ([`check_station`]) or of one sign (layout, preflight): errors
    /// count as failures, warnings do not. [`StationReport::diagnostics`] says each once.
    Diagnostic(Diagnostic),
    /// A sign was written.
    Made {
        /// Which sign.
        kind: SignKind,
        /// How many pages.
        pages: usize,
        /// The files written, as [`plan_files`] named them.
        files: Vec<WrittenFile>,
        /// The preflight figures of the sign.
        preflight: Box<SignPreflight>,
        /// Made as a draft (样稿): it lacks these essentials.
        draft: Vec<Essential>,
    },
    /// Nothing was made: these signs would lack an essential and no draft was asked for (see
    /// [`essentials`]).
    Unfinished(Unfinished),
    /// A sign had nothing to show (e.g. door plates without rooms).
    Skipped(SignKind),
    /// The station or a sign could not be made or written.
    Failed(ExportFailure),
    /// A sign was not started because the export was cancelled (see
    /// [`export_station_unless_cancelled`]).
    Cancelled(SignKind),
}

/// Why a station or one of its signs was not made. Shown where the export is reported.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ExportFailure {
    /// The station cannot be made at all (too big).
    #[error(transparent)]
    Refused(#[from] StationRefused),
    /// The output folder could not be made.
    #[error("无法创建输出文件夹 {}：{}", folder.display(), crate::fsutil::io_message(source))]
    OutputFolder {
        /// The folder.
        folder: PathBuf,
        /// Why.
        #[source]
        source: Arc<std::io::Error>,
    },
    /// The sign's template could not be used.
    #[error("{source}")]
    Template {
        /// Which sign.
        sign: SignKind,
        /// Why.
        #[source]
        source: Arc<crate::template::TemplateError>,
    },
    /// A file could not be made or written.
    #[error(transparent)]
    Write(Arc<ExportError>),
    /// Making a sign panicked (a program error).
    #[error("制作“{}”时出现内部错误，请把站点文件发给开发者", sign.label())]
    Internal {
        /// Which sign.
        sign: SignKind,
    },
}

impl PartialEq for ExportFailure {
    fn eq(&self, other: &ExportFailure) -> bool {
        self.to_string() == other.to_string()
    }
}

impl From<ExportError> for ExportFailure {
    fn from(error: ExportError) -> ExportFailure {
        ExportFailure::Write(Arc::new(error))
    }
}

/// Everything that happened while exporting one station.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StationReport {
    /// The events, in order.
    pub events: Vec<ExportEvent>,
}

impl StationReport {
    /// What `pick` takes from each sign written, in order.
    fn each_made<'a, T: 'a, I: IntoIterator<Item = T>>(
        &'a self,
        pick: impl Fn(SignKind, &'a [WrittenFile], &'a SignPreflight) -> I,
    ) -> Vec<T> {
        self.events
            .iter()
            .filter_map(|event| match event {
                ExportEvent::Made {
                    kind,
                    files,
                    preflight,
                    ..
                } => Some(pick(*kind, files, preflight)),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The signs written.
    pub fn made(&self) -> Vec<SignKind> {
        self.each_made(|kind, _, _| [kind])
    }

    /// Every file written, in order.
    pub fn files(&self) -> Vec<&WrittenFile> {
        self.each_made(|_, files, _| files)
    }

    /// The preflight figures of every sign written, in order.
    pub fn preflight(&self) -> Vec<&SignPreflight> {
        self.each_made(|_, _, preflight| [preflight])
    }

    /// A short Chinese summary of the preflight checks (for the app's status line).
    pub fn preflight_summary(&self) -> String {
        let signs: Vec<SignPreflight> = self.preflight().into_iter().cloned().collect();
        preflight::summary(&signs)
    }

    /// Every diagnostic of the export, each problem once naming every sign it was met on
    /// ([`crate::model::merge`]), in the order met.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        crate::model::merge(self.events.iter().filter_map(|event| match event {
            ExportEvent::Diagnostic(diagnostic) => Some(diagnostic.clone()),
            _ => None,
        }))
    }

    /// Why the station or its signs were not made, in order.
    pub fn failures(&self) -> Vec<&ExportFailure> {
        self.events
            .iter()
            .filter_map(|event| match event {
                ExportEvent::Failed(failure) => Some(failure),
                _ => None,
            })
            .collect()
    }

    /// Whether anything is an error (bad data, a sign not made, a station not exported because
    /// it lacks an essential).
    pub fn failed(&self) -> bool {
        self.events.iter().any(|event| match event {
            ExportEvent::Diagnostic(diagnostic) => diagnostic.is_error(),
            ExportEvent::Failed(_) | ExportEvent::Unfinished(_) => true,
            _ => false,
        })
    }

    /// The signs that would lack an essential, when the export stopped for them.
    pub fn unfinished(&self) -> Option<&Unfinished> {
        self.events.iter().find_map(|event| match event {
            ExportEvent::Unfinished(unfinished) => Some(unfinished),
            _ => None,
        })
    }

    /// The signs made as drafts (样稿).
    pub fn drafts(&self) -> Vec<SignKind> {
        self.events
            .iter()
            .filter_map(|event| match event {
                ExportEvent::Made { kind, draft, .. } if !draft.is_empty() => Some(*kind),
                _ => None,
            })
            .collect()
    }
}

/// What every sign of one station is made from.
struct StationInputs<'a> {
    station: &'a StationFile,
    assets: &'a crate::layout::Assets,
    theme: &'a crate::template::Theme,
    /// The signs that lack an essential (made as drafts: the export stops before making any
    /// sign when drafts were not asked for).
    unfinished: &'a Unfinished,
}

/// Lays out and writes one sign under the settings' output profile, and checks it (preflight).
/// Its files are named by [`naming`]: after `stem` when given (the app's "save as"), else after
/// the station and the sign; a sign that lacks an essential is made as a draft.
fn make_sign(
    kind: SignKind,
    loaded: &Result<
        (crate::template::Template, Vec<Diagnostic>),
        Arc<crate::template::TemplateError>,
    >,
    inputs: &StationInputs,
    out: &Path,
    settings: &ExportSettings,
    stem: Option<&str>,
) -> Vec<ExportEvent> {
    let StationInputs {
        station,
        assets,
        theme,
        unfinished,
    } = *inputs;
    let draft = unfinished.lacks(kind).to_vec();
    let template = match loaded {
        Ok((template, _)) => template,
        Err(error) => {
            return vec![ExportEvent::Failed(ExportFailure::Template {
                sign: kind,
                source: Arc::clone(error),
            })];
        }
    };
    let (layout, pdf, white_margin_pt) =
        settings.for_sign(kind, (template.width_mm, template.height_mm));
    let document = crate::layout::layout_with(station, assets, template, theme, &layout);
    let document = with_white_margin(document, white_margin_pt);
    let mut events: Vec<ExportEvent> = document
        .warnings
        .iter()
        .cloned()
        .map(ExportEvent::Diagnostic)
        .collect();
    if document.pages.is_empty() {
        events.push(ExportEvent::Skipped(kind));
        return events;
    }
    if settings.png {
        events.extend(
            document
                .pages
                .iter()
                .enumerate()
                .filter_map(|(index, page)| png_capped_warning(kind, index, page, settings.dpi))
                .map(ExportEvent::Diagnostic),
        );
    }
    let png = settings.png || kind == SignKind::Screen;
    let text = if png {
        TextStorage::Pixels
    } else if pdf.outline_text {
        TextStorage::Outlined
    } else {
        TextStorage::Embedded
    };
    let preflight = preflight::check(&document, settings.profile, text, pdf.cmyk && !png);
    events.extend(
        preflight
            .warnings
            .iter()
            .cloned()
            .map(ExportEvent::Diagnostic),
    );
    let document = if draft.is_empty() {
        document
    } else {
        crate::layout::mark_draft(document, &settings.layout.fonts)
    };
    let stem = match stem {
        Some(stem) if draft.is_empty() => stem.to_owned(),
        Some(stem) => naming::draft_stem(stem),
        None => naming::sign_stem(station, kind, settings.profile, !draft.is_empty()),
    };
    events.push(
        match write_sign_named(
            out,
            &document,
            &stem,
            &naming::page_names(station, kind),
            settings.png,
            settings.dpi,
            &pdf,
            settings.durable,
        ) {
            Ok(files) => ExportEvent::Made {
                kind,
                pages: document.pages.len(),
                files,
                preflight: Box::new(preflight),
                draft,
            },
            Err(error) => ExportEvent::Failed(error.into()),
        },
    );
    events
}
/// [`check_station`] and the report that starts with its diagnostics; no station when it cannot
/// be made at all (the report says why).
fn checked_report(
    station: &StationFile,
    base_dir: Option<&Path>,
    settings: &ExportSettings,
) -> (Option<CheckedStation>, StationReport) {
    let checked = check_station(station, base_dir, settings);
    let mut report = StationReport {
        events: checked
            .diagnostics
            .iter()
            .cloned()
            .map(ExportEvent::Diagnostic)
            .collect(),
    };
    match &checked.refused {
        // Pictures over the budget are already named by their diagnostics.
        Some(StationRefused::PicturesOverBudget) => (None, report),
        Some(refused) => {
            report
                .events
                .push(ExportEvent::Failed(refused.clone().into()));
            (None, report)
        }
        None => (Some(checked), report),
    }
}

/// Exports the chosen signs of one station into `out` (created if needed): validates the station
/// and reads its pictures once (problems are reported, errors fail the station, but the signs are
/// still made so the user sees them), lays out each sign with its template and writes it with
/// [`write_sign`]. Never stops at the first problem.
pub fn export_station(
    station: &StationFile,
    base_dir: Option<&Path>,
    out: &Path,
    settings: &ExportSettings,
    templates: &LoadedTemplates,
) -> StationReport {
    let never = std::sync::atomic::AtomicBool::new(false);
    export_station_unless_cancelled(station, base_dir, out, settings, templates, &never)
}

/// [`export_station`] that looks at `cancel` before each sign: once it is set, the signs not yet
/// started are not made ([`ExportEvent::Cancelled`]); a sign being written is finished, so every
/// file written is complete (and written atomically: no temporary file is left).
pub fn export_station_unless_cancelled(
    station: &StationFile,
    base_dir: Option<&Path>,
    out: &Path,
    settings: &ExportSettings,
    templates: &LoadedTemplates,
    cancel: &std::sync::atomic::AtomicBool,
) -> StationReport {
    // The one station check: the style pack applied, each picture read once, every problem of
    // the station's data; errors fail the station, but the signs are still made so the user
    // sees them. A station too big to make is refused before anything is read for it.
    let (checked, mut report) = checked_report(station, base_dir, settings);
    let Some(checked) = checked else {
        return report;
    };
    let CheckedStation {
        station: styled,
        style,
        assets,
        fonts,
        design,
        ..
    } = checked;
    let station = &styled;
    let own_templates;
    let templates = if settings.style.is_none() && style.is_some() {
        let with_style = ExportSettings {
            style: style.clone(),
            ..settings.clone()
        };
        own_templates = load_templates(&with_style);
        &own_templates
    } else {
        templates
    };
    let kind_templates = templates.for_design(design);
    let unfinished = Unfinished::of(
        station,
        kind_templates.iter().filter_map(|(kind, loaded)| {
            loaded.as_ref().ok().map(|(template, _)| (*kind, template))
        }),
    );
    if !unfinished.is_empty() && !settings.draft {
        // Nothing that would look finished without its essentials is written.
        report.events.push(ExportEvent::Unfinished(unfinished));
        return report;
    }
    let mut with_fonts = settings.clone();
    with_fonts.layout.fonts = fonts;
    let settings = &with_fonts;
    if let Err(error) = std::fs::create_dir_all(out) {
        report
            .events
            .push(ExportEvent::Failed(ExportFailure::OutputFolder {
                folder: out.to_path_buf(),
                source: Arc::new(error),
            }));
        return report;
    }
    let theme = station_theme(settings.theme.as_ref(), style.as_deref(), station);
    let inputs = StationInputs {
        station,
        assets: &assets,
        theme: &theme,
        unfinished: &unfinished,
    };
    // The signs are made in parallel (rayon: nested inside a batch's parallel stations, the
    // threads are shared); a panic in one sign is reported as that sign's error.
    let per_sign: Vec<Vec<ExportEvent>> = {
        use rayon::prelude::*;
        kind_templates
            .par_iter()
            .map(|(kind, loaded)| {
                if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                    return vec![ExportEvent::Cancelled(*kind)];
                }
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    make_sign(*kind, loaded, &inputs, out, settings, None)
                }))
                .unwrap_or_else(|_| {
                    vec![ExportEvent::Failed(ExportFailure::Internal { sign: *kind })]
                })
            })
            .collect()
    };
    report.events.extend(per_sign.into_iter().flatten());
    let preflight_name = naming::preflight_name(&naming::station_label(station));
    write_preflight(station, out, &preflight_name, settings, &mut report);
    report
}

/// Exports one sign of a station into `folder`, its files named after `stem` (the app's "save
/// as"), with the same profile, checks, draft rule and preflight report as [`export_station`].
pub fn export_one(
    station: &StationFile,
    base_dir: Option<&Path>,
    kind: SignKind,
    folder: &Path,
    stem: &str,
    settings: &ExportSettings,
) -> StationReport {
    let (checked, mut report) = checked_report(station, base_dir, settings);
    let Some(checked) = checked else {
        return report;
    };
    let mut with_fonts = settings.clone();
    with_fonts.layout.fonts = checked.fonts.clone();
    let template = load_template_styled(
        kind,
        settings.templates.as_deref(),
        checked.design,
        checked.style.as_deref(),
    )
    .map_err(Arc::new);
    let theme = station_theme(
        settings.theme.as_ref(),
        checked.style.as_deref(),
        &checked.station,
    );
    let unfinished = match &template {
        Ok((template, _)) => Unfinished::of(&checked.station, [(kind, template)]),
        Err(_) => Unfinished::default(),
    };
    if !unfinished.is_empty() && !settings.draft {
        report.events.push(ExportEvent::Unfinished(unfinished));
        return report;
    }
    let inputs = StationInputs {
        station: &checked.station,
        assets: &checked.assets,
        theme: &theme,
        unfinished: &unfinished,
    };
    report.events.extend(make_sign(
        kind,
        &template,
        &inputs,
        folder,
        &with_fonts,
        Some(stem),
    ));
    let draft = !unfinished.is_empty();
    let preflight_stem = if draft {
        naming::draft_stem(stem)
    } else {
        stem.to_owned()
    };
    write_preflight(
        &checked.station,
        folder,
        &naming::preflight_name(&preflight_stem),
        &with_fonts,
        &mut report,
    );
    report
}

/// Writes the preflight report `name` (see [`naming::preflight_name`]) for the signs made so far
/// (nothing when none was made).
fn write_preflight(
    station: &StationFile,
    out: &Path,
    name: &str,
    settings: &ExportSettings,
    report: &mut StationReport,
) {
    let checked: Vec<SignPreflight> = report.preflight().into_iter().cloned().collect();
    if !checked.is_empty() {
        let text = preflight::report_text(&station.station.name, &checked);
        let path = out.join(name);
        if let Err(error) = write_file_with(&path, text.as_bytes(), settings.durable) {
            report.events.push(ExportEvent::Failed(error.into()));
        }
    }
}

/// The name of the preflight report written beside a station's files:
/// `<简称>-印前检查.txt` (see [`naming::preflight_name`]).
pub fn preflight_file(station: &StationFile) -> String {
    naming::preflight_name(&naming::station_label(station))
}

/// The signs of `station` that would lack an essential when exported with `settings` (the
/// station as its style pack makes it, each sign in the design it is made in): the app asks
/// 去填写 / 生成样稿 / 取消 before an export when this is not empty.
pub fn unfinished_signs(
    station: &StationFile,
    base_dir: Option<&Path>,
    settings: &ExportSettings,
) -> Unfinished {
    let (style, _) = station_style(station, base_dir, settings);
    let styled = match style.as_deref() {
        Some(style) => crate::style_pack::apply(station, style, &export_date_iso(settings)),
        None => station.clone(),
    };
    let (design, _) = station_design(settings.design, &styled);
    let templates: Vec<(SignKind, crate::template::Template)> = settings
        .kinds
        .iter()
        .filter_map(|&kind| {
            load_template_styled(
                kind,
                settings.templates.as_deref(),
                design,
                style.as_deref(),
            )
            .ok()
            .map(|(template, _)| (kind, template))
        })
        .collect();
    Unfinished::of(
        &styled,
        templates.iter().map(|(kind, template)| (*kind, template)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builder_takes_a_style_packs_profile_only_when_none_was_chosen() {
        let pack = Arc::new(StylePack {
            profile: Some(OutputProfile::Banner),
            ..StylePack::default()
        });
        let with_pack = || ExportSettings::builder().style(Some(Arc::clone(&pack)));
        assert_eq!(with_pack().build().profile, OutputProfile::Banner);
        assert!(with_pack().build().style.is_some());
        assert_eq!(
            with_pack()
                .profile(Some(OutputProfile::Office))
                .build()
                .profile,
            OutputProfile::Office
        );
        // The standard profile chosen (printing) is kept too.
        assert_eq!(
            with_pack()
                .profile(Some(OutputProfile::Standard))
                .build()
                .profile,
            OutputProfile::Standard
        );
        // --bleed or --crop-marks chosen: the pack's profile would override them.
        assert_eq!(
            with_pack().output_chosen(true).build().profile,
            OutputProfile::Standard
        );
        assert_eq!(
            ExportSettings::builder().build().profile,
            OutputProfile::Standard
        );
        let whole = ExportSettings::whole_set(2.0, true, None);
        assert_eq!(whole.layout.bleed_mm, 2.0);
        assert!(whole.pdf.crop_marks);
        assert_eq!(whole.kinds, crate::template::available_kinds());
        assert!(whole.durable && !whole.png && !whole.draft);
        let built = ExportSettings::builder()
            .png(true, 72.0)
            .design(Some(DesignId::Simple))
            .durable(false)
            .build();
        assert!(built.png && !built.durable);
        assert_eq!(built.dpi, 72.0);
        assert_eq!(built.design, Some(DesignId::Simple));
    }
}
