//! Pictures are read once per export or preview: each logo and staff photo path of a station is
//! resolved against the station file's folder (paths written on Windows with `\` work
//! everywhere), read once (a path used twice is read once and shared) and decoded into
//! [`layout::Assets`]. What went wrong with a picture comes back as [`Diagnostic`]s at the picture's
//! field, so `liangpai check`, the export, the batch and the app's preview report the same
//! problems from the one decoder.
//!
//! Every step is bounded, whatever the file holds:
//! - only regular files are opened (a folder, a named pipe, `/dev/zero` or a device is refused
//!   before reading, and opening never waits on a pipe), and at most [`MAX_FILE_BYTES`] are read;
//! - the format is told by content, not by the file's extension: JPEG, PNG and WebP are decoded,
//!   SVG is parsed as a vector drawing, HEIC/HEIF, AVIF and other formats are refused by name
//!   with how to convert them;
//! - the pixel size is read from the header first and a picture whose decoded pixels would pass
//!   [`MAX_DECODED_BYTES`] is refused before any pixel is decoded; decoders run under
//!   [`image::Limits`] of the same budget;
//! - a decoded picture is reduced once to [`MAX_KEPT_SIDE_PX`] on its longest side (300 dpi
//!   over the largest box a built-in template gives a picture), then turned upright by its EXIF
//!   orientation, so no full-size 50-megapixel pixels stay around;
//! - a station's kept pictures share one budget, [`MAX_STATION_PICTURE_BYTES`]: with many
//!   pictures each is kept smaller ([`kept_side_px`]), and a picture that would still pass the
//!   budget is refused from its header, before it is decoded, and the station with it
//!   ([`LoadedAssets::over_budget`]);
//! - a JPEG cut off part-way is refused (its end marker is missing) rather than printed half grey.
//!
//! [`layout::Assets`]: crate::layout::Assets

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::layout::{AssetImage, Assets};
use crate::model::{Diagnostic, FieldPath, Severity, StationFile};

/// The most bytes read from one picture file (a 200-megapixel phone JPEG is ~40 MB).
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// The most bytes read from one SVG file (a logo is a few kilobytes).
pub const MAX_SVG_BYTES: u64 = 10 * 1024 * 1024;
/// The most memory the decoded pixels of one picture may take: a 108-megapixel phone photo
/// (12000×9000, 3 bytes a pixel) fits, a 200-megapixel one or a header claiming 65500×65500
/// does not. Pictures are decoded one after another, so this bounds the decoding's peak.
pub const MAX_DECODED_BYTES: u64 = 330 * 1024 * 1024;
/// The longest side, in pixels, a decoded picture is kept at: 300 dpi over 254 mm, more than
/// the largest box a built-in template gives a photo or logo at any paper size offered.
pub const MAX_KEPT_SIDE_PX: u32 = 3000;
/// The longest side a picture is kept at however many pictures a station has: 1200 px is
/// 300 dpi over 100 mm, more than a staff photo's box on any built-in sign.
pub const MIN_KEPT_SIDE_PX: u32 = 1200;
/// The most memory the kept pictures of one station may take together. A station with many
/// pictures keeps each smaller (down to [`MIN_KEPT_SIDE_PX`]); one whose pictures would still
/// take more is refused before the picture that would pass the budget is decoded.
pub const MAX_STATION_PICTURE_BYTES: u64 = 320 * 1024 * 1024;

/// The longest side pictures are kept at when a station has `count` different pictures: as
/// large as [`MAX_KEPT_SIDE_PX`] while [`MAX_STATION_PICTURE_BYTES`] allows it for all of them
/// (RGBA, square at worst), never below [`MIN_KEPT_SIDE_PX`].
pub fn kept_side_px(count: usize) -> u32 {
    kept_side_within(count, MAX_STATION_PICTURE_BYTES)
}

fn kept_side_within(count: usize, budget_bytes: u64) -> u32 {
    let per_picture = budget_bytes / (count.max(1) as u64) / 4;
    let side = (per_picture as f64).sqrt() as u32;
    side.clamp(MIN_KEPT_SIDE_PX, MAX_KEPT_SIDE_PX)
}

/// The bytes a picture of `width_px` × `height_px` takes once kept (reduced to `side_px` on its
/// longest side, RGBA).
pub fn kept_bytes(width_px: u32, height_px: u32, side_px: u32) -> u64 {
    let longest = width_px.max(height_px).max(1);
    let scale = (f64::from(side_px) / f64::from(longest)).min(1.0);
    let width = (f64::from(width_px) * scale).round().max(1.0) as u64;
    let height = (f64::from(height_px) * scale).round().max(1.0) as u64;
    width * height * 4
}

/// Why one picture could not be used. The messages are Chinese, say what to do, and are
/// phrased to follow the picture's name (the caller names it).
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    /// A relative path in a station that has never been saved: there is no folder to look in.
    #[error("无法读取：站点文件尚未保存，无法找到相对路径的图片")]
    Unsaved,
    /// The file could not be opened or read.
    #[error("打不开：{}", crate::fsutil::io_message(source))]
    Read {
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The path is a folder.
    #[error("是一个文件夹，不是图片文件，请选择文件夹里的照片")]
    Folder,
    /// The path is a named pipe, a device or another special file.
    #[error("不是普通文件（可能是设备或管道），不能当作图片读取，请选择一张 JPG 或 PNG 照片")]
    NotRegularFile,
    /// The file is empty.
    #[error("是空文件（0 字节），可能没有拷贝完整，请重新拷贝这张图片")]
    Empty,
    /// The file is larger than [`MAX_FILE_BYTES`] (or [`MAX_SVG_BYTES`]).
    #[error(
        "文件太大（超过 {limit_mb} MB），请先用手机相册或画图软件把它缩小（例如另存为长边 4000 像素的 JPG）再用"
    )]
    FileTooLarge {
        /// The limit, in megabytes.
        limit_mb: u64,
    },
    /// The header claims more pixels than [`MAX_DECODED_BYTES`] allows.
    #[error(
        "像素太多（{width_px}×{height_px} 像素，约 {} 万像素），超过本程序一次能处理的大小；请先用手机相册或画图软件把它缩小（例如长边 4000 像素）再用",
        (u64::from(*width_px) * u64::from(*height_px)).div_ceil(10_000)
    )]
    TooManyPixels {
        /// Width from the header.
        width_px: u32,
        /// Height from the header.
        height_px: u32,
    },
    /// A format recognised by its content that this program does not read.
    #[error("是 {format} 格式，本程序读不了；{advice}")]
    Unsupported {
        /// The format's name, e.g. HEIC.
        format: &'static str,
        /// How to convert it.
        advice: &'static str,
    },
    /// The bytes are not a picture format this program knows.
    #[error("不是能识别的图片（请用 JPG、PNG、WebP 或 SVG 格式）")]
    NotAnImage,
    /// A JPEG whose data stops before its end: it would print half grey.
    #[error("图片文件不完整（可能没有传完或拷贝时中断），请重新拷贝这张照片")]
    Truncated,
    /// A known format, but the data is broken.
    #[error("图片已损坏，无法读取，请换一张照片或重新拷贝")]
    Damaged {
        /// The decoder's reason.
        #[source]
        source: image::ImageError,
    },
    /// The station's pictures together would take more memory than one station may use.
    #[error(
        "没有读入：这个站点的 {count} 张图片合起来太大（超过 {} MB），这个站点不能生成。请先把照片缩小（例如长边 1500 像素的 JPG）再用",
        MAX_STATION_PICTURE_BYTES / (1024 * 1024)
    )]
    StationBudget {
        /// How many different pictures the station has.
        count: usize,
    },
    /// An SVG file that cannot be parsed.
    #[error(
        "SVG 文件有误，无法读取（{}），请用原来的软件重新导出",
        svg_reason(source)
    )]
    BadSvg {
        /// The parser's reason.
        #[source]
        source: resvg::usvg::Error,
    },
}

/// A Chinese description of why an SVG could not be parsed.
fn svg_reason(error: &resvg::usvg::Error) -> &'static str {
    use resvg::usvg::Error;
    match error {
        Error::NotAnUtf8Str => "不是 UTF-8 文本",
        Error::MalformedGZip => "压缩数据已损坏",
        Error::ElementsLimitReached => "图形元素太多",
        Error::InvalidSize => "没有有效的宽高",
        Error::ParsingFailed(_) => "XML 格式错误",
    }
}

/// The pictures of one station and the problems met reading them.
#[derive(Debug, Default)]
pub struct LoadedAssets {
    /// Every non-empty logo and photo path → its decoded picture, or why not (Chinese).
    pub assets: Assets,
    /// One problem per field whose picture cannot be used, in field order (logos, then staff).
    pub problems: Vec<Diagnostic>,
    /// Whether the station's pictures passed [`MAX_STATION_PICTURE_BYTES`]: the station cannot
    /// be made (the pictures past the budget were not decoded).
    pub over_budget: bool,
}

/// Reads and decodes every logo and staff photo of `station`. `base_dir` is the station file's
/// folder; `None` for a station never saved (relative paths are then reported, not read).
pub fn load(station: &StationFile, base_dir: Option<&Path>) -> LoadedAssets {
    load_with(station, base_dir, read_picture_file)
}

/// [`load`], reading files with `read` (tests count the reads through it).
fn load_with(
    station: &StationFile,
    base_dir: Option<&Path>,
    read: impl FnMut(&Path) -> Result<Vec<u8>, PictureError>,
) -> LoadedAssets {
    load_within(station, base_dir, read, MAX_STATION_PICTURE_BYTES)
}

/// [`load`], with some pictures given as bytes instead of files: a path of the station found in
/// `given` (a style pack's logos, see `style_pack::StylePack::logo_bytes`) is decoded from those
/// bytes and never looked up on disk.
pub fn load_given(
    station: &StationFile,
    base_dir: Option<&Path>,
    given: &BTreeMap<String, Vec<u8>>,
) -> LoadedAssets {
    load_within_given(
        station,
        base_dir,
        given,
        read_picture_file,
        MAX_STATION_PICTURE_BYTES,
    )
}

/// [`load_with`], the kept pictures within `budget_bytes`.
#[cfg_attr(not(test), allow(dead_code))]
fn load_within(
    station: &StationFile,
    base_dir: Option<&Path>,
    read: impl FnMut(&Path) -> Result<Vec<u8>, PictureError>,
    budget_bytes: u64,
) -> LoadedAssets {
    load_within_given(station, base_dir, &BTreeMap::new(), read, budget_bytes)
}

/// [`load_within`], pictures in `given` decoded from their bytes.
fn load_within_given(
    station: &StationFile,
    base_dir: Option<&Path>,
    given: &BTreeMap<String, Vec<u8>>,
    mut read: impl FnMut(&Path) -> Result<Vec<u8>, PictureError>,
    budget_bytes: u64,
) -> LoadedAssets {
    let pictures = pictures(station);
    let mut paths: Vec<&str> = pictures.iter().map(|picture| picture.path).collect();
    paths.sort_unstable();
    paths.dedup();
    let side_px = kept_side_within(paths.len(), budget_bytes);
    let mut left = budget_bytes;
    let mut over_budget = false;
    let mut decoded: BTreeMap<&str, Result<AssetImage, PictureError>> = BTreeMap::new();
    let mut gaps: BTreeMap<&str, Vec<SvgGap>> = BTreeMap::new();
    for picture in &pictures {
        if decoded.contains_key(picture.path) {
            continue;
        }
        let result = if over_budget {
            Err(PictureError::StationBudget { count: paths.len() })
        } else {
            match (
                given.get(picture.path),
                resolve_path(base_dir, picture.path),
            ) {
                (Some(bytes), _) => decode_in(bytes, side_px, left, None),
                (None, None) => Err(PictureError::Unsaved),
                (None, Some(resolved)) => read(&resolved)
                    .and_then(|bytes| decode_in(&bytes, side_px, left, resolved.parent())),
            }
        };
        let result = result.map(|(image, found)| {
            gaps.insert(picture.path, found);
            match image {
                // The drawing knows its file's name, for messages about it (preflight).
                AssetImage::Vector(mut vector) => {
                    vector.name = Arc::from(shown_name(picture.path));
                    AssetImage::Vector(vector)
                }
                raster => raster,
            }
        });
        match &result {
            Ok(AssetImage::Raster(image)) => {
                left =
                    left.saturating_sub(u64::from(image.width()) * u64::from(image.height()) * 4);
            }
            Err(PictureError::StationBudget { .. }) => over_budget = true,
            _ => {}
        }
        let result = result.map_err(|error| match error {
            PictureError::StationBudget { .. } => {
                PictureError::StationBudget { count: paths.len() }
            }
            other => other,
        });
        decoded.insert(picture.path, result);
    }
    let mut problems: Vec<Diagnostic> = pictures
        .iter()
        .filter_map(|picture| {
            let error = decoded.get(picture.path)?.as_ref().err()?;
            Some(problem(picture, error, base_dir))
        })
        .collect();
    // What of an SVG logo could not be drawn: a warning at each field that shows it.
    for picture in &pictures {
        for gap in gaps.get(picture.path).into_iter().flatten() {
            problems.push(Diagnostic::warning(
                picture.field.clone(),
                gap.message(&shown_name(picture.path)),
            ));
        }
    }
    let images = decoded
        .into_iter()
        .map(|(path, result)| {
            let result = result.map_err(|error| Arc::new(error) as crate::layout::PictureProblem);
            (path.to_owned(), result)
        })
        .collect();
    LoadedAssets {
        assets: Assets {
            images,
            fitted: Default::default(),
        },
        problems,
        over_budget,
    }
}

/// One picture field of a station.
struct Picture<'a> {
    field: FieldPath,
    /// How a user names it, e.g. 标志 or 服务人员“张三”的照片.
    label: String,
    /// As written in the station file.
    path: &'a str,
}

/// The non-empty picture paths of a station, logos first, then staff photos.
fn pictures(station: &StationFile) -> Vec<Picture<'_>> {
    let logos = station
        .station
        .logos
        .iter()
        .enumerate()
        .map(|(index, path)| Picture {
            field: FieldPath::parse("station.logos").index(index),
            label: "标志".to_owned(),
            path,
        });
    let photos = station.staff.iter().enumerate().map(|(index, member)| {
        let who = if member.name.trim().is_empty() {
            format!("第 {} 位服务人员", index + 1)
        } else {
            format!("服务人员“{}”", member.name.trim())
        };
        Picture {
            field: FieldPath::parse("staff").index(index).key("photo"),
            label: format!("{who}的照片"),
            path: &member.photo,
        }
    });
    logos
        .chain(photos)
        .filter(|picture| !picture.path.trim().is_empty())
        .collect()
}

/// The problem a picture's error is for a user: its label, its path (relative to the station
/// file, or only the file's name; cut short), then what is wrong.
fn problem(picture: &Picture<'_>, error: &PictureError, base_dir: Option<&Path>) -> Diagnostic {
    let severity = match error {
        PictureError::Unsaved => Severity::Warning,
        _ => Severity::Error,
    };
    Diagnostic::new(
        severity,
        picture.field.clone(),
        format!(
            "{}“{}”{error}",
            picture.label,
            crate::model::shown_path(picture.path, base_dir)
        ),
    )
}

/// A picture's file name as a user knows it (the last part of its path, `\\` or `/`).
fn shown_name(path: &str) -> String {
    path.trim()
        .rsplit(['/', '\\'])
        .find(|part| !part.is_empty())
        .unwrap_or(path)
        .to_owned()
}

/// Resolves a path from the station file against the file's folder. Absolute paths stay as they
/// are; relative ones need a folder (`None` when the station has never been saved). A path
/// written on Windows (`photos\张三.jpg`) is read with `/` on other systems, unless a file with
/// the backslash in its name exists.
pub fn resolve_path(base_dir: Option<&Path>, path: &str) -> Option<PathBuf> {
    let written = path.trim();
    let resolve = |text: &str| {
        let path = Path::new(text);
        if path.is_absolute() {
            Some(path.to_path_buf())
        } else {
            base_dir.map(|dir| dir.join(path))
        }
    };
    let as_written = resolve(written)?;
    if std::path::MAIN_SEPARATOR == '\\' || !written.contains('\\') || as_written.exists() {
        return Some(as_written);
    }
    resolve(&written.replace('\\', "/"))
}

/// Reads a picture file: refuses anything but a regular file before reading (opening never
/// waits on a named pipe) and reads at most [`MAX_FILE_BYTES`].
pub fn read_picture_file(path: &Path) -> Result<Vec<u8>, PictureError> {
    let check = |metadata: &std::fs::Metadata| {
        if metadata.is_dir() {
            Err(PictureError::Folder)
        } else if !metadata.is_file() {
            Err(PictureError::NotRegularFile)
        } else if metadata.len() > MAX_FILE_BYTES {
            Err(PictureError::FileTooLarge {
                limit_mb: MAX_FILE_BYTES / (1024 * 1024),
            })
        } else {
            Ok(metadata.len())
        }
    };
    let read_error = |source| PictureError::Read { source };
    check(&std::fs::metadata(path).map_err(read_error)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // The file may have been swapped for a pipe since the check: never block opening it.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(read_error)?;
    let length = check(&file.metadata().map_err(read_error)?)?;
    let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(PictureError::FileTooLarge {
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    Ok(bytes)
}

/// Whether the file at `path` is a picture this program can use, read and decoded as an export
/// reads it: what the app's picture picker checks before it takes a photo or a logo (a HEIC, a
/// document or a broken file is refused there, with the reason, and the old picture is kept).
pub fn check_picture_file(path: &Path) -> Result<(), PictureError> {
    let bytes = read_picture_file(path)?;
    decode(&bytes).map(|_| ())
}

/// A picture format told by the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    WebP,
    /// SVG (text starting with XML and holding an `<svg` element), or gzip (SVGZ).
    Svg,
    /// A format this program does not read, with its name and how to convert it.
    Unsupported {
        /// The format's name.
        format: &'static str,
        /// How to convert it.
        advice: &'static str,
    },
    /// Nothing known.
    Unknown,
}

const SAVE_AS_JPG: &str = "请用手机相册、画图或其他看图软件把它另存为 JPG 或 PNG 再用";
const HEIC_ADVICE: &str = "这是苹果手机的照片格式，请在 iPhone 的“设置 → 相机 → 格式”中选“兼容性最佳”后重新拍摄，或把照片另存为 JPG 再用";

/// Tells a picture's format by its content (never by its extension).
pub fn sniff(bytes: &[u8]) -> Sniffed {
    let unsupported = |format, advice| Sniffed::Unsupported { format, advice };
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Jpeg;
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Png;
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Sniffed::WebP;
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return match iso_family(bytes) {
            Some(IsoFamily::Avif) => unsupported("AVIF", SAVE_AS_JPG),
            Some(IsoFamily::Heif) => unsupported("HEIC/HEIF", HEIC_ADVICE),
            None => unsupported("视频（MP4/MOV）", "请选一张照片，而不是视频"),
        };
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return unsupported("GIF", SAVE_AS_JPG);
    }
    if bytes.starts_with(b"BM") && bytes.len() > 26 {
        return unsupported("BMP", SAVE_AS_JPG);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return unsupported("TIFF", SAVE_AS_JPG);
    }
    if bytes.starts_with(b"%PDF") {
        return unsupported("PDF", "请从 PDF 中截图或导出图片，另存为 JPG 或 PNG 再用");
    }
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Sniffed::Svg;
    }
    let head = bytes.get(..4096).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') && text.contains("<svg") {
        return Sniffed::Svg;
    }
    Sniffed::Unknown
}

enum IsoFamily {
    Heif,
    Avif,
}

/// Whether an ISO base media file (`ftyp` box) is an AVIF or HEIF picture, from its brands.
fn iso_family(bytes: &[u8]) -> Option<IsoFamily> {
    let size = bytes
        .get(0..4)
        .and_then(|size| <[u8; 4]>::try_from(size).ok())
        .map_or(0, |size| u32::from_be_bytes(size) as usize);
    let end = size.clamp(16, 256).min(bytes.len());
    let major = bytes.get(8..12);
    let compatible = bytes.get(16..end).unwrap_or_default();
    let brands: Vec<&[u8]> = major
        .into_iter()
        .chain(compatible.chunks_exact(4))
        .collect();
    let has = |names: &[&[u8]]| brands.iter().any(|brand| names.contains(brand));
    if has(&[b"avif", b"avis"]) {
        Some(IsoFamily::Avif)
    } else if has(&[
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
    ]) {
        Some(IsoFamily::Heif)
    } else {
        None
    }
}

/// Decodes a picture file's bytes: a bitmap (reduced and upright) or an SVG drawing.
pub fn decode(bytes: &[u8]) -> Result<AssetImage, PictureError> {
    decode_within(bytes, MAX_KEPT_SIDE_PX, u64::MAX)
}

/// [`decode`], keeping a bitmap at most `side_px` on its longest side, and refusing it
/// ([`PictureError::StationBudget`]) from its header when kept it would take more than
/// `budget_bytes`.
pub fn decode_within(
    bytes: &[u8],
    side_px: u32,
    budget_bytes: u64,
) -> Result<AssetImage, PictureError> {
    decode_in(bytes, side_px, budget_bytes, None).map(|(image, _)| image)
}

/// [`decode_within`] for a file in `folder` (where an SVG's linked images are), with what of
/// an SVG could not be drawn.
fn decode_in(
    bytes: &[u8],
    side_px: u32,
    budget_bytes: u64,
    folder: Option<&Path>,
) -> Result<(AssetImage, Vec<SvgGap>), PictureError> {
    if bytes.is_empty() {
        return Err(PictureError::Empty);
    }
    let format = match sniff(bytes) {
        Sniffed::Jpeg => image::ImageFormat::Jpeg,
        Sniffed::Png => image::ImageFormat::Png,
        Sniffed::WebP => image::ImageFormat::WebP,
        Sniffed::Svg => {
            return parse_svg_in(bytes, folder)
                .map(|(picture, gaps)| (AssetImage::Vector(picture), gaps));
        }
        Sniffed::Unsupported { format, advice } => {
            return Err(PictureError::Unsupported { format, advice });
        }
        Sniffed::Unknown => return Err(PictureError::NotAnImage),
    };
    decode_bitmap_within(bytes, format, side_px, budget_bytes)
        .map(|image| (AssetImage::Raster(Arc::new(image)), Vec::new()))
}

/// Parses an SVG drawing with nothing outside the file read (a linked image is not drawn); text
/// is drawn with the bundled fonts.
pub fn parse_svg(bytes: &[u8]) -> Result<crate::frame::VectorPicture, PictureError> {
    parse_svg_in(bytes, None).map(|(picture, _)| picture)
}

/// What of an SVG drawing could not be drawn (the rest is drawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SvgGap {
    /// Lettering inside `<foreignObject>` (HTML inside the SVG) without an SVG fallback: its text.
    ForeignObject {
        /// The text it holds (shortened).
        text: String,
    },
    /// A linked image (`<image href="emblem.png">`) that is missing or cannot be read.
    MissingImage {
        /// The link as written.
        href: String,
        /// Why (Chinese).
        reason: String,
    },
}

impl SvgGap {
    /// The warning for the logo named `name` (Chinese).
    pub fn message(&self, name: &str) -> String {
        match self {
            SvgGap::ForeignObject { text } if text.is_empty() => format!(
                "标志“{name}”里有写在 foreignObject（网页内容）中的部分，本程序画不出来，已略去；请在制作标志的软件中把文字转为曲线后重新导出 SVG"
            ),
            SvgGap::ForeignObject { text } => format!(
                "标志“{name}”里的文字“{text}”写在 foreignObject（网页内容）中，本程序画不出来，已略去；请在制作标志的软件中把文字转为曲线（或普通 SVG 文字）后重新导出 SVG"
            ),
            SvgGap::MissingImage { href, reason } => format!(
                "标志“{name}”链接的图片“{href}”{reason}，这部分没有画出；请把图片放在标志文件旁边，或在制作标志的软件中把图片嵌入 SVG 后重新导出"
            ),
        }
    }
}

/// Parses an SVG drawing whose file is in `folder`: a linked image is read from beside it
/// (relative links only, as a picture file is read: bounded, regular files, PNG/JPEG/WebP), and
/// what could not be drawn — lettering in `<foreignObject>`, an image missing or unreadable —
/// comes back as [`SvgGap`]s. Text is drawn with the bundled fonts.
pub fn parse_svg_in(
    bytes: &[u8],
    folder: Option<&Path>,
) -> Result<(crate::frame::VectorPicture, Vec<SvgGap>), PictureError> {
    use resvg::usvg;
    if bytes.len() as u64 > MAX_SVG_BYTES {
        return Err(PictureError::FileTooLarge {
            limit_mb: MAX_SVG_BYTES / (1024 * 1024),
        });
    }
    let missing: Arc<std::sync::Mutex<Vec<SvgGap>>> = Arc::default();
    let folder = folder.map(Path::to_path_buf);
    let noted = missing.clone();
    let mut options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(move |href, _| {
                let result = linked_image(href, folder.as_deref());
                if let Err(reason) = &result
                    && let Ok(mut noted) = noted.lock()
                {
                    noted.push(SvgGap::MissingImage {
                        href: href.chars().take(60).collect(),
                        reason: reason.clone(),
                    });
                }
                result.ok()
            }),
        },
        ..usvg::Options::default()
    };
    options.font_family = SVG_FONT_FAMILY.to_owned();
    options.fontdb = svg_fonts();
    let tree =
        usvg::Tree::from_data(bytes, &options).map_err(|source| PictureError::BadSvg { source })?;
    drop(options);
    let mut gaps = foreign_objects(bytes);
    if let Ok(mut missing) = missing.lock() {
        missing.dedup();
        gaps.append(&mut missing);
    }
    Ok((
        crate::frame::VectorPicture {
            tree: Arc::new(tree),
            name: Arc::from(""),
        },
        gaps,
    ))
}

/// An image an SVG links to by name, read from the SVG's folder; why not (Chinese) otherwise.
fn linked_image(href: &str, folder: Option<&Path>) -> Result<resvg::usvg::ImageKind, String> {
    use resvg::usvg::ImageKind;
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        return Err("在网上，不会下载".to_owned());
    }
    let local = href.strip_prefix("file://").unwrap_or(href);
    let decoded = percent_decode(local);
    let path = Path::new(&decoded);
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match folder {
            Some(folder) => folder.join(path),
            None => return Err("找不到（标志不是从文件读入的）".to_owned()),
        }
    };
    let bytes = read_picture_file(&path).map_err(|error| match error {
        PictureError::Read { .. } => "找不到".to_owned(),
        other => other.to_string(),
    })?;
    let bytes = Arc::new(bytes);
    match sniff(&bytes) {
        Sniffed::Png => Ok(ImageKind::PNG(bytes)),
        Sniffed::Jpeg => Ok(ImageKind::JPEG(bytes)),
        Sniffed::WebP => Ok(ImageKind::WEBP(bytes)),
        _ => Err("不是 PNG、JPG 或 WebP 图片".to_owned()),
    }
}

/// `%20` and other escapes of a link, as UTF-8 (a link that is not valid stays as written).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (byte, hex) {
            (b'%', Some(value)) => {
                out.push(value);
                index += 3;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// The `<foreignObject>` elements of an SVG that nothing replaces: one not inside a `<switch>`,
/// or the last choice of its `<switch>` (an SVG fallback after it is drawn instead).
fn foreign_objects(bytes: &[u8]) -> Vec<SvgGap> {
    use resvg::usvg::roxmltree;
    let unzipped;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        match resvg::usvg::decompress_svgz(bytes) {
            Ok(data) => {
                unzipped = data;
                unzipped.as_slice()
            }
            Err(_) => return Vec::new(),
        }
    } else {
        bytes
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let Ok(document) = roxmltree::Document::parse_with_options(text, options) else {
        return Vec::new();
    };
    document
        .descendants()
        .filter(|node| node.tag_name().name() == "foreignObject")
        .filter(|node| {
            let in_switch = node
                .parent_element()
                .is_some_and(|parent| parent.tag_name().name() == "switch");
            !(in_switch && node.next_siblings().skip(1).any(|next| next.is_element()))
        })
        .map(|node| {
            let words: Vec<&str> = node
                .descendants()
                .filter(|child| child.is_text())
                .filter_map(|child| child.text())
                .flat_map(str::split_whitespace)
                .collect();
            let text = words.join(" ");
            let mut short: String = text.chars().take(20).collect();
            if text.chars().count() > 20 {
                short.push('…');
            }
            SvgGap::ForeignObject { text: short }
        })
        .collect()
}

/// The family SVG text is drawn in when the family it asks for is not bundled.
const SVG_FONT_FAMILY: &str = "Noto Sans CJK SC";

/// The bundled fonts, for text in SVG drawings (made once, shared, never copied).
fn svg_fonts() -> Arc<resvg::usvg::fontdb::Database> {
    use resvg::usvg::fontdb::{Database, Source};
    static FONTS: std::sync::OnceLock<Arc<Database>> = std::sync::OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = Database::new();
            for bytes in [crate::fonts::REGULAR_BYTES, crate::fonts::BOLD_BYTES] {
                database.load_font_source(Source::Binary(Arc::new(bytes)));
            }
            for generic in [Database::set_sans_serif_family, Database::set_serif_family] {
                generic(&mut database, SVG_FONT_FAMILY);
            }
            Arc::new(database)
        })
        .clone()
}

/// Decodes a JPEG, PNG or WebP within [`MAX_DECODED_BYTES`], reduces it to
/// [`MAX_KEPT_SIDE_PX`] and applies its EXIF orientation.
pub fn decode_bitmap(
    bytes: &[u8],
    format: image::ImageFormat,
) -> Result<image::RgbaImage, PictureError> {
    decode_bitmap_within(bytes, format, MAX_KEPT_SIDE_PX, u64::MAX)
}

/// [`decode_bitmap`], kept at most `side_px` on its longest side, refused from its header when
/// kept it would take more than `budget_bytes`.
fn decode_bitmap_within(
    bytes: &[u8],
    format: image::ImageFormat,
    side_px: u32,
    budget_bytes: u64,
) -> Result<image::RgbaImage, PictureError> {
    use image::ImageDecoder;
    let damaged = |source| PictureError::Damaged { source };
    if format == image::ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(PictureError::Truncated);
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(decode_limits());
    let mut decoder = reader.into_decoder().map_err(|error| match error {
        image::ImageError::Limits(_) => too_many_pixels(bytes, format),
        other => damaged(other),
    })?;
    let (width_px, height_px) = decoder.dimensions();
    if width_px == 0 || height_px == 0 {
        return Err(PictureError::NotAnImage);
    }
    if decoder.total_bytes() > MAX_DECODED_BYTES {
        return Err(PictureError::TooManyPixels {
            width_px,
            height_px,
        });
    }
    if kept_bytes(width_px, height_px, side_px) > budget_bytes {
        return Err(PictureError::StationBudget { count: 0 });
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let image = image::DynamicImage::from_decoder(decoder).map_err(|error| match error {
        image::ImageError::Limits(_) => PictureError::TooManyPixels {
            width_px,
            height_px,
        },
        other => damaged(other),
    })?;
    // Reduce first (an area average straight into the small picture), then turn upright and
    // widen to RGBA: only the small picture is ever copied.
    let longest = width_px.max(height_px);
    let side_px = side_px.max(1);
    let mut image = if longest > side_px {
        let scale = f64::from(side_px) / f64::from(longest);
        let width = ((f64::from(width_px) * scale).round() as u32).clamp(1, side_px);
        let height = ((f64::from(height_px) * scale).round() as u32).clamp(1, side_px);
        image.thumbnail_exact(width, height)
    } else {
        image
    };
    image.apply_orientation(orientation);
    Ok(image.into_rgba8())
}

/// A small copy of a decoded picture, at most `max_side_px` on its longest side, for the app's
/// form (an SVG is rastered with resvg).
pub fn thumbnail(picture: &AssetImage, max_side_px: u32) -> Option<image::RgbaImage> {
    let max_side = max_side_px.max(1) as f32;
    match picture {
        AssetImage::Raster(image) => {
            let (width, height) = image.dimensions();
            let scale = (max_side / width.max(1) as f32)
                .min(max_side / height.max(1) as f32)
                .min(1.0);
            Some(image::imageops::thumbnail(
                image.as_ref(),
                ((width as f32 * scale).round() as u32).max(1),
                ((height as f32 * scale).round() as u32).max(1),
            ))
        }
        AssetImage::Vector(vector) => {
            let (width, height) = vector.size();
            if !(width > 0.0 && height > 0.0) {
                return None;
            }
            let scale = (max_side / width).min(max_side / height);
            let width_px = ((width * scale).round() as u32).clamp(1, max_side_px.max(1));
            let height_px = ((height * scale).round() as u32).clamp(1, max_side_px.max(1));
            let mut pixmap = resvg::tiny_skia::Pixmap::new(width_px, height_px)?;
            resvg::render(
                &vector.tree,
                resvg::tiny_skia::Transform::from_scale(
                    width_px as f32 / width,
                    height_px as f32 / height,
                ),
                &mut pixmap.as_mut(),
            );
            let rgba: Vec<u8> = pixmap
                .pixels()
                .iter()
                .flat_map(|pixel| {
                    let straight = pixel.demultiply();
                    [
                        straight.red(),
                        straight.green(),
                        straight.blue(),
                        straight.alpha(),
                    ]
                })
                .collect();
            image::RgbaImage::from_raw(width_px, height_px, rgba)
        }
    }
}

/// The limits every decoder runs under.
fn decode_limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODED_BYTES + 16 * 1024 * 1024);
    limits.max_image_width = Some(65_535);
    limits.max_image_height = Some(65_535);
    limits
}

/// The error for a picture whose decoder refused to start for its size: with the size from the
/// header when it can be read without limits on the allocation (reading dimensions allocates
/// nothing for the pixels).
fn too_many_pixels(bytes: &[u8], format: image::ImageFormat) -> PictureError {
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(64 * 1024 * 1024);
    reader.limits(limits);
    match reader.into_dimensions() {
        Ok((width_px, height_px)) => PictureError::TooManyPixels {
            width_px,
            height_px,
        },
        Err(source) => PictureError::Damaged { source },
    }
}

/// Whether a JPEG's data runs to its end marker: the segments before the image data are
/// skipped by their lengths (an embedded EXIF thumbnail has its own end marker), then an end
/// marker must follow. A file cut off part-way has none.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut position = 2;
    loop {
        // Markers may be padded with 0xFF bytes.
        while bytes.get(position) == Some(&0xFF) && bytes.get(position + 1) == Some(&0xFF) {
            position += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(position), bytes.get(position + 1)) else {
            return false;
        };
        match marker {
            // Start of scan: the image data follows.
            0xDA => break,
            // End of image before any scan.
            0xD9 => return false,
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => position += 2,
            _ => {
                let length = match (bytes.get(position + 2), bytes.get(position + 3)) {
                    (Some(&high), Some(&low)) => usize::from(high) << 8 | usize::from(low),
                    _ => return false,
                };
                position += 2 + length;
            }
        }
    }
    bytes
        .get(position..)
        .unwrap_or_default()
        .windows(2)
        .any(|pair| pair == [0xFF, 0xD9])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::model::StaffMember;
    use std::time::{Duration, Instant};

    fn staff(name: &str, photo: &str) -> StaffMember {
        StaffMember {
            name: name.to_owned(),
            photo: photo.to_owned(),
            ..StaffMember::default()
        }
    }

    fn encode(image: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
        let mut bytes = Vec::new();
        image
            .write_to(&mut std::io::Cursor::new(&mut bytes), format)
            .unwrap();
        bytes
    }

    /// A picture with detail (so encoders cannot shrink it to nothing and cuts hit real data).
    fn pattern(width: u32, height: u32) -> image::DynamicImage {
        image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([
                (x * 7 % 256) as u8,
                (y * 13 % 256) as u8,
                ((x ^ y) % 256) as u8,
            ])
        }))
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        encode(pattern(width, height), image::ImageFormat::Png)
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        encode(pattern(width, height), image::ImageFormat::Jpeg)
    }

    fn webp(width: u32, height: u32) -> Vec<u8> {
        encode(pattern(width, height), image::ImageFormat::WebP)
    }

    /// A JPEG whose frame header claims `width` × `height` (the data is an 8×8 picture's).
    fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
        let mut bytes = jpeg(8, 8);
        let sof = bytes
            .windows(2)
            .position(|pair| pair == [0xFF, 0xC0])
            .unwrap();
        bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
        bytes
    }

    /// A PNG whose header claims `width` × `height` RGBA pixels, with a little data after it.
    fn png_claiming(width: u32, height: u32) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut crc_input = kind.to_vec();
            crc_input.extend_from_slice(data);
            out.extend_from_slice(&crc_input);
            out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        }
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = 0xFFFF_FFFFu32;
            for byte in bytes {
                crc ^= u32::from(*byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut header = width.to_be_bytes().to_vec();
        header.extend_from_slice(&height.to_be_bytes());
        header.extend_from_slice(&[8, 6, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &header);
        // A zlib stream of zero rows: stored blocks, enough to look like the start of the data.
        let mut idat = vec![0x78, 0x01];
        idat.extend_from_slice(&[0x00, 0x00, 0x04, 0xFF, 0xFB]);
        idat.extend_from_slice(&[0u8; 1024]);
        chunk(&mut out, b"IDAT", &idat);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn raster(picture: &AssetImage) -> &image::RgbaImage {
        match picture {
            AssetImage::Raster(image) => image,
            AssetImage::Vector(_) => panic!("expected a bitmap"),
        }
    }

    /// Decodes `bytes`, asserting it is answered quickly.
    fn timed_decode(bytes: &[u8]) -> Result<AssetImage, PictureError> {
        let started = Instant::now();
        let result = decode(bytes);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        result
    }

    /// The message one photo gets through `load`, for a station in `dir`.
    fn message_for(dir: &Path, photo: &str) -> String {
        let mut station = StationFile::new();
        station.staff = vec![staff("张三", photo)];
        let started = Instant::now();
        let loaded = load(&station, Some(dir));
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        assert_eq!(loaded.problems[0].field, "staff[0].photo");
        assert_eq!(loaded.problems[0].severity, Severity::Error);
        loaded.problems[0].message.clone()
    }

    #[test]
    fn pictures_next_to_the_station_are_decoded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("logo.png"), png(40, 20)).unwrap();
        std::fs::create_dir(dir.path().join("photos")).unwrap();
        std::fs::write(dir.path().join("photos/张三.jpg"), jpeg(30, 40)).unwrap();
        let mut station = StationFile::new();
        station.station.logos = vec!["logo.png".into()];
        station.staff = vec![staff("张三", "photos/张三.jpg")];

        let loaded = load(&station, Some(dir.path()));

        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        let logo = loaded.assets.images["logo.png"].as_ref().unwrap();
        assert_eq!(raster(logo).dimensions(), (40, 20));
        let photo = loaded.assets.images["photos/张三.jpg"].as_ref().unwrap();
        assert_eq!(raster(photo).dimensions(), (30, 40));
    }

    #[test]
    fn paths_written_on_windows_work_everywhere() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("照片/2024")).unwrap();
        std::fs::write(dir.path().join("照片/2024/张三.jpg"), jpeg(30, 40)).unwrap();
        let mut station = StationFile::new();
        station.staff = vec![staff("张三", r"照片\2024\张三.jpg")];
        let loaded = load(&station, Some(dir.path()));
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        let photo = loaded.assets.images[r"照片\2024\张三.jpg"]
            .as_ref()
            .unwrap();
        assert_eq!(raster(photo).dimensions(), (30, 40));
    }

    #[test]
    fn missing_broken_and_empty_files_each_give_one_problem_at_their_field() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.png"), b"not a picture").unwrap();
        std::fs::write(dir.path().join("empty.jpg"), b"").unwrap();
        let mut station = StationFile::new();
        station.station.logos = vec!["missing.png".into()];
        station.staff = vec![staff("张三", "notes.png"), staff("", "empty.jpg")];

        let loaded = load(&station, Some(dir.path()));

        let found: Vec<(String, Severity)> = loaded
            .problems
            .iter()
            .map(|problem| (problem.field.to_string(), problem.severity))
            .collect();
        assert_eq!(
            found,
            [
                ("station.logos[0]".to_owned(), Severity::Error),
                ("staff[0].photo".to_owned(), Severity::Error),
                ("staff[1].photo".to_owned(), Severity::Error),
            ]
        );
        let messages: Vec<&str> = loaded
            .problems
            .iter()
            .map(|problem| problem.message.as_str())
            .collect();
        assert!(
            messages[0].starts_with("标志“missing.png”打不开："),
            "{messages:?}"
        );
        assert_eq!(
            messages[1],
            "服务人员“张三”的照片“notes.png”不是能识别的图片（请用 JPG、PNG、WebP 或 SVG 格式）"
        );
        assert_eq!(
            messages[2],
            "第 2 位服务人员的照片“empty.jpg”是空文件（0 字节），可能没有拷贝完整，请重新拷贝这张图片"
        );
        // The layout gets the reasons too.
        assert!(loaded.assets.images["missing.png"].is_err());
        assert!(loaded.assets.images["notes.png"].is_err());
    }

    #[test]
    fn header_bombs_are_refused_from_their_header_with_their_pixel_size() {
        let bomb = jpeg_claiming(65500, 65500);
        assert!(bomb.len() < 1000, "{}", bomb.len());
        let error = timed_decode(&bomb).unwrap_err();
        assert!(
            matches!(
                error,
                PictureError::TooManyPixels {
                    width_px: 65500,
                    height_px: 65500
                }
            ),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("65500×65500 像素"), "{message}");
        assert!(message.contains("缩小"), "{message}");

        let error = timed_decode(&png_claiming(30000, 30000)).unwrap_err();
        assert!(
            matches!(
                error,
                PictureError::TooManyPixels {
                    width_px: 30000,
                    height_px: 30000
                }
            ),
            "{error:?}"
        );
        // A 200-megapixel phone photo is refused the same way, in check and export alike.
        let error = timed_decode(&jpeg_claiming(16320, 12240)).unwrap_err();
        assert!(error.to_string().contains("约 19976 万像素"), "{error}");
    }

    #[test]
    fn big_photos_are_reduced_once_to_the_kept_size() {
        let wide = timed_decode(&jpeg(MAX_KEPT_SIDE_PX + 600, 900)).unwrap();
        assert_eq!(raster(&wide).dimensions(), (MAX_KEPT_SIDE_PX, 750));
        let small = decode(&png(640, 480)).unwrap();
        assert_eq!(raster(&small).dimensions(), (640, 480));
    }

    #[test]
    fn a_jpeg_cut_part_way_is_refused_not_printed_half_grey() {
        let whole = jpeg(300, 200);
        assert!(decode(&whole).is_ok());
        for keep in [whole.len() / 2, whole.len() - 3, 700] {
            let error = timed_decode(&whole[..keep]).unwrap_err();
            assert!(
                matches!(error, PictureError::Truncated),
                "{keep}: {error:?}"
            );
            assert!(error.to_string().contains("不完整"), "{error}");
        }
        // A cut PNG or WebP is an error too.
        let whole = png(300, 200);
        assert!(timed_decode(&whole[..whole.len() / 2]).is_err());
        let whole = webp(300, 200);
        assert!(timed_decode(&whole[..whole.len() / 2]).is_err());
        // Bytes after the end marker (phones append data) are fine.
        let mut trailing = jpeg(30, 20);
        trailing.extend_from_slice(b"trailing data from the camera");
        assert!(decode(&trailing).is_ok());
    }

    #[test]
    fn formats_are_told_by_content_not_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        // A WebP named .jpg, a JPEG named .png, an SVG named .png: all read as what they are.
        std::fs::write(dir.path().join("webp.jpg"), webp(60, 40)).unwrap();
        std::fs::write(dir.path().join("jpeg.png"), jpeg(50, 30)).unwrap();
        std::fs::write(dir.path().join("mark.png"), SVG).unwrap();
        let mut station = StationFile::new();
        station.station.logos = vec!["mark.png".into()];
        station.staff = vec![staff("张三", "webp.jpg"), staff("李四", "jpeg.png")];
        let loaded = load(&station, Some(dir.path()));
        // The drawing's link to a file that is no picture is said (its bytes go nowhere).
        let messages: Vec<&str> = loaded
            .problems
            .iter()
            .map(|problem| problem.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "标志“mark.png”链接的图片“/etc/passwd”不是 PNG、JPG 或 WebP 图片，这部分没有画出；请把图片放在标志文件旁边，或在制作标志的软件中把图片嵌入 SVG 后重新导出"
            ]
        );
        assert!(
            loaded
                .problems
                .iter()
                .all(|problem| problem.severity == Severity::Warning)
        );
        let images = &loaded.assets.images;
        assert_eq!(
            raster(images["webp.jpg"].as_ref().unwrap()).dimensions(),
            (60, 40)
        );
        assert_eq!(
            raster(images["jpeg.png"].as_ref().unwrap()).dimensions(),
            (50, 30)
        );
        match images["mark.png"].as_ref().unwrap() {
            AssetImage::Vector(vector) => assert_eq!(vector.size(), (240.0, 120.0)),
            AssetImage::Raster(_) => panic!("an SVG is kept as vector"),
        }
    }

    /// An ISO media file's start: `ftyp` box with a major brand and compatible brands.
    fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compatible.len() as u32;
        let mut bytes = size.to_be_bytes().to_vec();
        bytes.extend_from_slice(b"ftyp");
        bytes.extend_from_slice(major);
        bytes.extend_from_slice(&[0, 0, 0, 0]);
        for brand in compatible {
            bytes.extend_from_slice(*brand);
        }
        bytes.extend_from_slice(&[0u8; 64]);
        bytes
    }

    #[test]
    fn heic_and_avif_are_refused_by_name_with_how_to_convert() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("IMG_0001.jpg"),
            ftyp(b"heic", &[b"mif1", b"heic"]),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.HEIF"),
            ftyp(b"mif1", &[b"mif1", b"heic"]),
        )
        .unwrap();
        std::fs::write(dir.path().join("c.jpg"), ftyp(b"avif", &[b"mif1", b"avif"])).unwrap();
        std::fs::write(dir.path().join("d.png"), ftyp(b"mif1", &[b"avif", b"mif1"])).unwrap();
        for name in ["IMG_0001.jpg", "b.HEIF"] {
            let message = message_for(dir.path(), name);
            assert!(message.contains("是 HEIC/HEIF 格式"), "{message}");
            assert!(message.contains("设置 → 相机 → 格式"), "{message}");
            assert!(message.contains("兼容性最佳"), "{message}");
            assert!(message.contains("另存为 JPG"), "{message}");
        }
        for name in ["c.jpg", "d.png"] {
            let message = message_for(dir.path(), name);
            assert!(message.contains("是 AVIF 格式"), "{message}");
            assert!(message.contains("另存为 JPG"), "{message}");
        }
        assert!(matches!(
            sniff(&ftyp(b"isom", &[b"isom", b"mp41"])),
            Sniffed::Unsupported {
                format: "视频（MP4/MOV）",
                ..
            }
        ));
        assert!(matches!(
            sniff(b"GIF89a......"),
            Sniffed::Unsupported { format: "GIF", .. }
        ));
    }

    #[test]
    fn folders_pipes_devices_and_huge_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("照片.jpg")).unwrap();
        let message = message_for(dir.path(), "照片.jpg");
        assert_eq!(
            message,
            "服务人员“张三”的照片“照片.jpg”是一个文件夹，不是图片文件，请选择文件夹里的照片"
        );
        // A file bigger than the limit is refused from its length (a sparse file: nothing read).
        let huge = std::fs::File::create(dir.path().join("huge.jpg")).unwrap();
        huge.set_len(MAX_FILE_BYTES + 1).unwrap();
        let message = message_for(dir.path(), "huge.jpg");
        assert!(message.contains("文件太大（超过 100 MB）"), "{message}");

        #[cfg(unix)]
        {
            let fifo = dir.path().join("pipe.jpg");
            let made = std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap();
            assert!(made.success());
            // Opening a pipe for reading would wait for a writer: it must be refused at once.
            let message = message_for(dir.path(), "pipe.jpg");
            assert!(message.contains("不是普通文件"), "{message}");
            for device in ["/dev/zero", "/dev/null", "/dev/urandom"] {
                let message = message_for(dir.path(), device);
                assert!(
                    message.contains(&format!(
                        "“{}”不是普通文件",
                        crate::model::shown_path(device, None)
                    )),
                    "{message}"
                );
            }
        }
    }

    #[test]
    fn a_station_whose_pictures_pass_its_budget_is_refused_before_decoding_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut station = StationFile::new();
        for index in 0..5 {
            let name = format!("{index}.png");
            std::fs::write(dir.path().join(&name), png(100, 100)).unwrap();
            station.staff.push(staff(&format!("员工{index}"), &name));
        }
        // The same photo twice costs it once.
        station.staff.push(staff("员工甲", "0.png"));
        let mut decoded_after_refusal = 0;
        let mut refused = false;
        // Room for two 100×100 pictures (40,000 bytes each kept).
        let loaded = load_within(
            &station,
            Some(dir.path()),
            |path| {
                if refused {
                    decoded_after_refusal += 1;
                }
                let bytes = read_picture_file(path);
                refused |= path.ends_with("2.png");
                bytes
            },
            90_000,
        );
        assert!(loaded.over_budget);
        let ok: Vec<&String> = loaded
            .assets
            .images
            .iter()
            .filter(|(_, image)| image.is_ok())
            .map(|(path, _)| path)
            .collect();
        assert_eq!(ok, ["0.png", "1.png"]);
        // Pictures after the one that passed the budget are not even read.
        assert_eq!(decoded_after_refusal, 0);
        let refused: Vec<&str> = loaded
            .problems
            .iter()
            .map(|problem| problem.message.as_str())
            .collect();
        assert_eq!(refused.len(), 3, "{refused:?}");
        assert!(
            refused[0]
                .starts_with("服务人员“员工2”的照片“2.png”没有读入：这个站点的 5 张图片合起来太大"),
            "{refused:?}"
        );
        // Many pictures are each kept smaller, never below the floor.
        assert_eq!(kept_side_px(1), MAX_KEPT_SIDE_PX);
        assert!(kept_side_px(40) < MAX_KEPT_SIDE_PX);
        assert_eq!(kept_side_px(10_000), MIN_KEPT_SIDE_PX);
        assert!(
            u64::from(kept_side_px(40)).pow(2) * 4 * 40 <= MAX_STATION_PICTURE_BYTES,
            "{}",
            kept_side_px(40)
        );
    }

    #[test]
    fn relative_paths_of_an_unsaved_station_are_reported_not_read() {
        let mut station = StationFile::new();
        station.staff = vec![staff("张三", "photos/张三.jpg")];
        let mut reads = 0;
        let loaded = load_with(&station, None, |_| {
            reads += 1;
            Ok(Vec::new())
        });
        assert_eq!(reads, 0);
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(loaded.problems[0].field, "staff[0].photo");
        assert_eq!(loaded.problems[0].severity, Severity::Warning);
        assert!(loaded.problems[0].message.contains("尚未保存"));
    }

    #[test]
    fn a_path_used_twice_is_read_once_and_shared() {
        let mut station = StationFile::new();
        station.station.logos = vec!["logo.png".into(), "logo.png".into()];
        station.staff = vec![
            staff("张三", "same.png"),
            staff("李四", "same.png"),
            staff("王五", ""),
        ];
        let mut reads: Vec<PathBuf> = Vec::new();
        let folder = Path::new("station-folder");
        let loaded = load_with(&station, Some(folder), |path| {
            reads.push(path.to_path_buf());
            Ok(png(8, 8))
        });
        assert_eq!(reads, [folder.join("logo.png"), folder.join("same.png")]);
        assert_eq!(loaded.assets.images.len(), 2);
        assert!(loaded.problems.is_empty());
    }

    #[test]
    fn one_unreadable_path_used_twice_is_a_problem_at_both_fields() {
        let station = StationFile {
            staff: vec![
                staff("张三", "/nowhere/a.jpg"),
                staff("李四", "/nowhere/a.jpg"),
            ],
            ..StationFile::new()
        };
        let mut reads = 0;
        let loaded = load_with(&station, None, |_| {
            reads += 1;
            Err(PictureError::Read {
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            })
        });
        assert_eq!(reads, 1);
        let fields: Vec<String> = loaded
            .problems
            .iter()
            .map(|problem| problem.field.to_string())
            .collect();
        assert_eq!(fields, ["staff[0].photo", "staff[1].photo"]);
    }

    #[test]
    fn exif_orientation_is_applied() {
        // A 4×2 JPEG rotated a quarter turn by its EXIF orientation comes out 2×4.
        let plain = jpeg(4, 2);
        let exif: &[u8] = &[
            0xFF, 0xE1, 0x00, 0x22, b'E', b'x', b'i', b'f', 0, 0, b'M', b'M', 0, 0x2A, 0, 0, 0,
            0x08, 0, 0x01, 0x01, 0x12, 0, 0x03, 0, 0, 0, 0x01, 0, 0x06, 0, 0, 0, 0, 0, 0,
        ];
        let mut rotated = plain[..2].to_vec();
        rotated.extend_from_slice(exif);
        rotated.extend_from_slice(&plain[2..]);
        assert_eq!(raster(&decode(&plain).unwrap()).dimensions(), (4, 2));
        assert_eq!(raster(&decode(&rotated).unwrap()).dimensions(), (2, 4));
    }

    const SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">
  <rect width="240" height="120" fill="#1f5f99"/>
  <circle cx="60" cy="60" r="40" fill="#e0a020"/>
  <image href="/etc/passwd" width="10" height="10"/>
</svg>"##;

    #[test]
    fn svg_logos_stay_vector_and_thumbnails_keep_their_shape() {
        let vector = match decode(SVG.as_bytes()).unwrap() {
            AssetImage::Vector(vector) => vector,
            AssetImage::Raster(_) => panic!("an SVG is kept as vector"),
        };
        assert_eq!(vector.size(), (240.0, 120.0));
        let thumb = thumbnail(&AssetImage::Vector(vector), 128).unwrap();
        assert_eq!(thumb.dimensions(), (128, 64));
        // The background blue at a corner, the yellow circle at its centre.
        assert_eq!(thumb.get_pixel(2, 2).0, [0x1f, 0x5f, 0x99, 255]);
        assert_eq!(thumb.get_pixel(32, 32).0, [0xe0, 0xa0, 0x20, 255]);
        let error = decode(b"<svg xmlns='http://www.w3.org/2000/svg' width='10'").unwrap_err();
        assert!(error.to_string().starts_with("SVG 文件有误"), "{error}");
    }
}
