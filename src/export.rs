//! Files in and out: loading a station's images, writing PDFs and PNGs atomically.

use std::path::Path;
use std::sync::Arc;

use crate::layout::Assets;
use crate::model::{self, StationFile};

/// Reads and decodes every photo and logo of a station. `base_dir` is the station file's folder
/// (`None` for an unsaved station: relative paths are then reported as unreadable).
pub fn load_assets(station: &StationFile, base_dir: Option<&Path>) -> Assets {
    let mut assets = Assets::default();
    let paths = station
        .station
        .logos
        .iter()
        .chain(station.staff.iter().map(|member| &member.photo))
        .filter(|path| !path.trim().is_empty());
    for path in paths {
        if assets.images.contains_key(path) {
            continue;
        }
        let decoded = match model::resolve_path(base_dir, path) {
            None => Err("站点文件尚未保存，无法找到相对路径的图片".to_owned()),
            Some(resolved) => std::fs::read(&resolved)
                .map_err(|error| crate::fsutil::io_message(&error))
                .and_then(|bytes| decode_image(&bytes)),
        };
        assets.images.insert(path.clone(), decoded.map(Arc::new));
    }
    assets
}

/// Decodes an image, honouring its EXIF orientation.
pub fn decode_image(bytes: &[u8]) -> Result<image::RgbaImage, String> {
    use image::ImageDecoder;
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| crate::fsutil::io_message(&error))?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| "不是能识别的图片（请用 JPG 或 PNG）".to_owned())?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = image::DynamicImage::from_decoder(decoder)
        .map_err(|_| "图片已损坏，无法读取".to_owned())?;
    image.apply_orientation(orientation);
    Ok(image.into_rgba8())
}

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
    crate::fsutil::write_atomic(path, false, |writer| writer.write_all(bytes)).map_err(|source| {
        ExportError::Write {
            file: path.to_path_buf(),
            source,
        }
    })
}

/// Lays out and writes one sign for `liangpai export`; returns its messages, `true` for errors.
#[allow(clippy::too_many_arguments)]
fn make_sign(
    kind: crate::sign::SignKind,
    station: &StationFile,
    assets: &Assets,
    theme: &crate::template::Theme,
    options: &crate::layout::LayoutOptions,
    args: &crate::cli::ExportArgs,
    png: bool,
    pdf_options: &crate::render::pdf::PdfOptions,
) -> Vec<(bool, String)> {
    let mut messages = Vec::new();
    let (template, template_warnings) = match crate::template::load(kind, args.templates.as_deref())
    {
        Ok(loaded) => loaded,
        Err(error) => return vec![(true, format!("错误：{error}"))],
    };
    let document = crate::layout::layout_with(station, assets, &template, theme, options);
    for warning in template_warnings.iter().chain(&document.warnings) {
        messages.push((false, format!("提醒：{warning}")));
    }
    if document.pages.is_empty() {
        messages.push((false, format!("跳过：{} 没有可生成的页面", kind.label())));
        return messages;
    }
    match write_sign(&args.out, &document, png, args.dpi, pdf_options) {
        Ok(()) => messages.push((
            false,
            format!(
                "已生成：{}（{} 页）",
                args.out.join(kind.code()).display(),
                document.pages.len()
            ),
        )),
        Err(error) => messages.push((true, format!("错误：{error}"))),
    }
    messages
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
    use crate::sign::SignKind;
    let kind = document.kind;
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
                write_png(&folder.join(name), page, dpi)
            });
    }
    write_pdf(
        &folder.join(format!("{}.pdf", kind.code())),
        document,
        pdf_options,
    )?;
    if kind == SignKind::Badge {
        let sheet = crate::layout::impose(document, crate::layout::PageSize::ISO[0].1);
        write_pdf(&folder.join("badge-sheet.pdf"), &sheet, pdf_options)?;
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

/// `liangpai export`: writes `<out>/<kind>.pdf` (or `.png`, one per page) for each sign; warnings
/// and problems go to stderr in Chinese. Exit code 0, or 1 when the station has errors or a file
/// could not be written, 2 for bad options.
pub fn run_export(args: &crate::cli::ExportArgs) -> std::process::ExitCode {
    use std::process::ExitCode;

    use crate::layout::{LayoutOptions, Orientation, PageSize};
    use crate::model::Severity;

    let Some(kinds) = parse_sign_list(&args.sign) else {
        let codes: Vec<&str> = crate::template::available_kinds()
            .iter()
            .map(|kind| kind.code())
            .collect();
        eprintln!(
            "错误：--sign 的值“{}”不对，可选：{} 或 all",
            args.sign,
            codes.join("、")
        );
        return ExitCode::from(2);
    };
    let size = match &args.size {
        None => None,
        Some(text) => match PageSize::parse(text) {
            Some(size) => Some(size),
            None => {
                eprintln!(
                    "错误：--size 的值“{text}”不对，应为 A4、A3、A2、A1、A0 或 宽x高mm（如 600x900mm，20 到 5000 毫米）"
                );
                return ExitCode::from(2);
            }
        },
    };
    if !(0.0..=10.0).contains(&args.bleed) {
        eprintln!("错误：--bleed 出血应在 0 到 10 毫米之间");
        return ExitCode::from(2);
    }
    let png = match args.format.to_ascii_lowercase().as_str() {
        "pdf" => false,
        "png" => true,
        other => {
            eprintln!("错误：--format 的值“{other}”不对，应为 pdf 或 png");
            return ExitCode::from(2);
        }
    };
    if !(10.0..=1200.0).contains(&args.dpi) {
        eprintln!("错误：--dpi 应在 10 到 1200 之间");
        return ExitCode::from(2);
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
            None => {
                eprintln!("错误：--date 的值“{text}”不对，应形如 2026-03-01");
                return ExitCode::from(2);
            }
        },
    };
    let station = match StationFile::load(&args.file) {
        Ok(station) => station,
        Err(error) => {
            eprintln!("错误：{error}");
            return ExitCode::from(1);
        }
    };
    let base_dir = args.file.parent();
    let problems = model::validate(&station, base_dir);
    let mut failed = false;
    for problem in problems
        .iter()
        .filter(|problem| problem.severity == Severity::Error)
    {
        eprintln!("{}：{problem}", args.file.display());
        failed = true;
    }
    if let Err(error) = std::fs::create_dir_all(&args.out) {
        eprintln!(
            "错误：无法创建输出文件夹 {}：{}",
            args.out.display(),
            crate::fsutil::io_message(&error)
        );
        return ExitCode::from(1);
    }
    let options = LayoutOptions {
        size,
        orientation: if args.landscape {
            Some(Orientation::Landscape)
        } else if args.portrait {
            Some(Orientation::Portrait)
        } else {
            None
        },
        bleed_mm: args.bleed,
    };
    let pdf_options = crate::render::pdf::PdfOptions {
        crop_marks: args.crop_marks,
        date,
        cmyk: args.cmyk,
    };
    let assets = load_assets(&station, base_dir);
    let theme = match &args.theme {
        None => crate::template::theme_for(&station.station.kind),
        Some(name) => match crate::template::theme(name.trim()) {
            Some(theme) => theme,
            None => {
                eprintln!(
                    "错误：--theme 的值“{name}”不对，可选：{}",
                    crate::template::THEMES.join("、")
                );
                return ExitCode::from(2);
            }
        },
    };
    // Each sign is made on its own thread; messages are printed in order afterwards.
    let outcomes: Vec<Vec<(bool, String)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = kinds
            .iter()
            .map(|&kind| {
                let (station, assets, theme, options, pdf_options) =
                    (&station, &assets, &theme, &options, &pdf_options);
                scope.spawn(move || {
                    make_sign(
                        kind,
                        station,
                        assets,
                        theme,
                        options,
                        args,
                        png,
                        pdf_options,
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| vec![(true, "错误：制作时出现内部错误".to_owned())])
            })
            .collect()
    });
    for (is_error, message) in outcomes.into_iter().flatten() {
        failed |= is_error;
        eprintln!("{message}");
    }
    if failed {
        eprintln!("有错误：请按上面的提示改正后再交付印刷。");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
