//! Files in and out: writing PDFs and PNGs atomically (a station's pictures are read by
//! [`crate::assets`]).

use std::path::Path;

use crate::model::{self, StationFile};

/// An export that failed; the file that was there before is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Making the PDF failed.
    #[error(transparent)]
    Pdf(#[from] crate::render::pdf::PdfError),
    /// Encoding the PNG failed.
    #[error("生成 PNG 图片失败：{0}")]
    Png(String),
    /// Writing the file failed.
    #[error("无法写入 {}：{}。原有文件未被改动。", file.display(), crate::fsutil::io_message(source))]
    Write {
        /// The file.
        file: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes a sign as PDF, atomically.
pub fn write_pdf(
    path: &Path,
    document: &crate::layout::Document,
    options: &crate::render::pdf::PdfOptions,
) -> Result<(), ExportError> {
    let bytes = crate::render::pdf::render_pdf(document, options)?;
    write_file(path, &bytes)
}

/// Writes one page as PNG at `dpi`, atomically (trimmed page, no bleed).
pub fn write_png(path: &Path, page: &crate::layout::Page, dpi: f32) -> Result<(), ExportError> {
    let bytes = png_bytes(page, dpi)?;
    write_file(path, &bytes)
}

/// Encodes one page as PNG at `dpi`.
pub fn png_bytes(page: &crate::layout::Page, dpi: f32) -> Result<Vec<u8>, ExportError> {
    let pixels = crate::render::raster::render_page(page, dpi / 72.0);
    let image = image::RgbaImage::from_raw(pixels.width_px, pixels.height_px, pixels.rgba)
        .ok_or_else(|| ExportError::Png("像素数据不完整".into()))?;
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(image)
        .to_rgb8()
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .map_err(|error| ExportError::Png(error.to_string()))?;
    Ok(bytes)
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

/// Writes the files of one sign into `folder`: `<kind>.pdf` (badges also `badge-sheet.pdf`, the
/// badges imposed on A4 with cut marks), or PNG pictures (one per page) with `png`. The screen
/// picture is always a PNG of exactly 1920×1080 pixels.
pub fn write_sign(
    folder: &Path,
    document: &crate::layout::Document,
    png: bool,
    dpi: f32,
    pdf_options: &crate::render::pdf::PdfOptions,
) -> Result<(), ExportError> {
    write_sign_with(folder, document, png, dpi, pdf_options, true)
}

/// [`write_sign`], with the files synced to disk only when `durable`.
pub fn write_sign_with(
    folder: &Path,
    document: &crate::layout::Document,
    png: bool,
    dpi: f32,
    pdf_options: &crate::render::pdf::PdfOptions,
    durable: bool,
) -> Result<(), ExportError> {
    use crate::sign::SignKind;
    let kind = document.kind;
    let write_pdf = |path: &Path, document: &crate::layout::Document| {
        let bytes = crate::render::pdf::render_pdf(document, pdf_options)?;
        write_file_with(path, &bytes, durable)
    };
    if png || kind == SignKind::Screen {
        let dpi = if kind == SignKind::Screen {
            SCREEN_DPI
        } else {
            dpi
        };
        let many = document.pages.len() > 1;
        return document
            .pages
            .iter()
            .enumerate()
            .try_for_each(|(index, page)| {
                let name = if many {
                    format!("{}-{}.png", kind.code(), index + 1)
                } else {
                    format!("{}.png", kind.code())
                };
                write_file_with(&folder.join(name), &png_bytes(page, dpi)?, durable)
            });
    }
    write_pdf(&folder.join(format!("{}.pdf", kind.code())), document)?;
    if kind == SignKind::Badge {
        let sheet = crate::layout::impose(document, crate::layout::PageSize::ISO[0].1);
        write_pdf(&folder.join("badge-sheet.pdf"), &sheet)?;
    }
    Ok(())
}

/// Resolution at which the screen picture's 508 mm width is 1920 pixels.
pub const SCREEN_DPI: f32 = 96.0;

/// Which signs `--sign` names: one code, or `all` for every sign this version can make.
pub fn parse_sign_list(text: &str) -> Option<Vec<crate::sign::SignKind>> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Some(crate::template::available_kinds());
    }
    text.split(',')
        .map(|code| crate::sign::SignKind::from_code(code.trim()))
        .collect()
}

/// Checked choices for making signs, shared by `liangpai export`, `batch` and `print`.
#[derive(Debug, Clone)]
pub struct ExportSettings {
    /// Which signs.
    pub kinds: Vec<crate::sign::SignKind>,
    /// Size, orientation, bleed.
    pub layout: crate::layout::LayoutOptions,
    /// Crop marks, date, colours.
    pub pdf: crate::render::pdf::PdfOptions,
    /// PNG pictures instead of PDF.
    pub png: bool,
    /// PNG resolution.
    pub dpi: f32,
    /// Folder of user templates.
    pub templates: Option<std::path::PathBuf>,
    /// Colour theme; `None` follows each station's kind.
    pub theme: Option<crate::template::Theme>,
    /// Sync each file to disk (`false` in a batch: see [`crate::fsutil::write_atomic_with`]).
    pub durable: bool,
}

/// Checks the sign options of `liangpai export` (the same options `batch` and `print` take) and
/// returns them, or a Chinese message saying which option is wrong (a usage error, exit code 2).
pub fn settings_from_args(
    args: &crate::cli::SignArgs,
    format: &str,
    dpi: f32,
) -> Result<ExportSettings, String> {
    use crate::layout::{LayoutOptions, Orientation, PageSize};

    let Some(kinds) = parse_sign_list(&args.sign) else {
        let codes: Vec<&str> = crate::template::available_kinds()
            .iter()
            .map(|kind| kind.code())
            .collect();
        return Err(format!(
            "错误：--sign 的值“{}”不对，可选：{} 或 all",
            args.sign,
            codes.join("、")
        ));
    };
    let size = match &args.size {
        None => None,
        Some(text) => Some(PageSize::parse(text).ok_or_else(|| {
            format!(
                "错误：--size 的值“{text}”不对，应为 A4、A3、A2、A1、A0 或 宽x高mm（如 600x900mm，20 到 5000 毫米）"
            )
        })?),
    };
    if !(0.0..=10.0).contains(&args.bleed) {
        return Err("错误：--bleed 出血应在 0 到 10 毫米之间".into());
    }
    let png = match format.to_ascii_lowercase().as_str() {
        "pdf" => false,
        "png" => true,
        other => return Err(format!("错误：--format 的值“{other}”不对，应为 pdf 或 png")),
    };
    if !(10.0..=1200.0).contains(&dpi) {
        return Err("错误：--dpi 应在 10 到 1200 之间".into());
    }
    let date = match &args.date {
        None => Some(crate::render::pdf::PdfDate::now()),
        Some(text) => match crate::model::parse_iso_date(text.trim()) {
            Some((year, month, day)) => Some(crate::render::pdf::PdfDate {
                year: year as u16,
                month: month as u8,
                day: day as u8,
                hour: 0,
                minute: 0,
                second: 0,
            }),
            None => return Err(format!("错误：--date 的值“{text}”不对，应形如 2026-03-01")),
        },
    };
    let theme = match &args.theme {
        None => None,
        Some(name) => Some(crate::template::theme(name.trim()).ok_or_else(|| {
            format!(
                "错误：--theme 的值“{name}”不对，可选：{}",
                crate::template::THEMES.join("、")
            )
        })?),
    };
    Ok(ExportSettings {
        kinds,
        layout: LayoutOptions {
            size,
            orientation: if args.landscape {
                Some(Orientation::Landscape)
            } else if args.portrait {
                Some(Orientation::Portrait)
            } else {
                None
            },
            bleed_mm: args.bleed,
        },
        pdf: crate::render::pdf::PdfOptions {
            crop_marks: args.crop_marks,
            date,
            cmyk: args.cmyk,
        },
        png,
        dpi,
        templates: args.templates.clone(),
        theme,
        durable: true,
    })
}

/// The template of each chosen sign, loaded once (a batch shares them between stations): the
/// template and its warnings, or why it cannot be used (Chinese).
pub type LoadedTemplates = Vec<(
    crate::sign::SignKind,
    Result<(crate::template::Template, Vec<crate::layout::Warning>), String>,
)>;

/// Loads the templates of `settings.kinds`.
pub fn load_templates(settings: &ExportSettings) -> LoadedTemplates {
    settings
        .kinds
        .iter()
        .map(|&kind| {
            let loaded = crate::template::load(kind, settings.templates.as_deref())
                .map_err(|error| error.to_string());
            (kind, loaded)
        })
        .collect()
}

/// What happened while exporting one station, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportEvent {
    /// A problem in the station's data (from [`model::validate`]) or its pictures (from
    /// [`crate::assets::load`]): errors count as failures, warnings do not.
    Problem(crate::model::Problem),
    /// A layout warning.
    Warning(crate::layout::Warning),
    /// A sign was written.
    Made {
        /// Which sign.
        kind: crate::sign::SignKind,
        /// How many pages.
        pages: usize,
    },
    /// A sign had nothing to show (e.g. door plates without rooms).
    Skipped(crate::sign::SignKind),
    /// A sign could not be made or written (Chinese message).
    Failed(String),
}

/// Everything that happened while exporting one station.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StationReport {
    /// The events, in order.
    pub events: Vec<ExportEvent>,
}

impl StationReport {
    /// The signs written.
    pub fn made(&self) -> Vec<crate::sign::SignKind> {
        self.events
            .iter()
            .filter_map(|event| match event {
                ExportEvent::Made { kind, .. } => Some(*kind),
                _ => None,
            })
            .collect()
    }

    /// Whether anything is an error (bad data or a sign not made).
    pub fn failed(&self) -> bool {
        self.events.iter().any(|event| match event {
            ExportEvent::Problem(problem) => problem.severity == crate::model::Severity::Error,
            ExportEvent::Failed(_) => true,
            _ => false,
        })
    }
}

/// Lays out and writes one sign.
fn make_sign(
    kind: crate::sign::SignKind,
    loaded: &Result<(crate::template::Template, Vec<crate::layout::Warning>), String>,
    station: &StationFile,
    assets: &crate::layout::Assets,
    theme: &crate::template::Theme,
    out: &Path,
    settings: &ExportSettings,
) -> Vec<ExportEvent> {
    let template = match loaded {
        Ok((template, _)) => template,
        Err(error) => return vec![ExportEvent::Failed(error.clone())],
    };
    let document = crate::layout::layout_with(station, assets, template, theme, &settings.layout);
    let mut events: Vec<ExportEvent> = document
        .warnings
        .iter()
        .cloned()
        .map(ExportEvent::Warning)
        .collect();
    if document.pages.is_empty() {
        events.push(ExportEvent::Skipped(kind));
        return events;
    }
    events.push(
        match write_sign_with(
            out,
            &document,
            settings.png,
            settings.dpi,
            &settings.pdf,
            settings.durable,
        ) {
            Ok(()) => ExportEvent::Made {
                kind,
                pages: document.pages.len(),
            },
            Err(error) => ExportEvent::Failed(error.to_string()),
        },
    );
    events
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
    let mut report = StationReport::default();
    // Each picture is read once, here; its problems are reported with the data's.
    let loaded = crate::assets::load(station, base_dir);
    report.events.extend(
        model::validate(station)
            .into_iter()
            .chain(loaded.problems)
            .map(ExportEvent::Problem),
    );
    if let Err(error) = std::fs::create_dir_all(out) {
        report.events.push(ExportEvent::Failed(format!(
            "无法创建输出文件夹 {}：{}",
            out.display(),
            crate::fsutil::io_message(&error)
        )));
        return report;
    }
    let assets = loaded.assets;
    let theme = settings
        .theme
        .clone()
        .unwrap_or_else(|| crate::template::theme_for(&station.station.kind));
    // The signs are made in parallel (rayon: nested inside a batch's parallel stations, the
    // threads are shared); a panic in one sign is reported as that sign's error.
    let per_sign: Vec<Vec<ExportEvent>> = {
        use rayon::prelude::*;
        templates
            .par_iter()
            .map(|(kind, loaded)| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    make_sign(*kind, loaded, station, &assets, &theme, out, settings)
                }))
                .unwrap_or_else(|_| {
                    vec![ExportEvent::Failed(format!(
                        "制作“{}”时出现内部错误，请把站点文件发给开发者",
                        kind.label()
                    ))]
                })
            })
            .collect()
    };
    report.events.extend(per_sign.into_iter().flatten());
    report
}

/// `liangpai export`: writes `<out>/<kind>.pdf` (or `.png`, one per page) for each sign; warnings
/// and problems go to stderr in Chinese. Exit code 0, or 1 when the station has errors or a file
/// could not be written, 2 for bad options.
pub fn run_export(args: &crate::cli::ExportArgs) -> std::process::ExitCode {
    use std::process::ExitCode;

    let settings = match settings_from_args(&args.signs, &args.format, args.dpi) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let station = match crate::storage::load(&args.file) {
        Ok(station) => station,
        Err(error) => {
            eprintln!("错误：{error}");
            return ExitCode::from(1);
        }
    };
    let templates = load_templates(&settings);
    for (_, loaded) in &templates {
        if let Ok((_, warnings)) = loaded {
            for warning in warnings {
                eprintln!("提醒：{warning}");
            }
        }
    }
    let report = export_station(
        &station,
        args.file.parent(),
        &args.out,
        &settings,
        &templates,
    );
    for event in &report.events {
        match event {
            ExportEvent::Problem(problem) => {
                if problem.severity == crate::model::Severity::Error {
                    eprintln!("{}：{problem}", args.file.display());
                }
            }
            ExportEvent::Warning(warning) => eprintln!("提醒：{warning}"),
            ExportEvent::Made { kind, pages } => eprintln!(
                "已生成：{}（{} 页）",
                args.out.join(kind.code()).display(),
                pages
            ),
            ExportEvent::Skipped(kind) => eprintln!("跳过：{} 没有可生成的页面", kind.label()),
            ExportEvent::Failed(error) => eprintln!("错误：{error}"),
        }
    }
    if report.failed() {
        eprintln!("有错误：请按上面的提示改正后再交付印刷。");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
