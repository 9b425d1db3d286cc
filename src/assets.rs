//! Pictures are read once per export or preview: each logo and staff photo path of a station is
//! resolved against the station file's folder, read once (a path used twice is read once) and
//! decoded, honouring its EXIF orientation, into [`layout::Assets`]. What went wrong with a
//! picture (missing, unreadable, not an image, a relative path in a station never saved) comes
//! back as [`Problem`]s at the picture's field, so `liangpai check`, the export and the app's
//! preview report the same problems from the one decoder.
//!
//! [`layout::Assets`]: crate::layout::Assets

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::layout::Assets;
use crate::model::{FieldPath, Problem, Severity, StationFile};

/// Why one picture could not be used. The messages are Chinese and do not name the picture (the
/// caller does).
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    /// A relative path in a station that has never been saved: there is no folder to look in.
    #[error("站点文件尚未保存，无法找到相对路径的图片")]
    Unsaved,
    /// The file could not be read.
    #[error("{}", crate::fsutil::io_message(source))]
    Read {
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not a picture format this program reads.
    #[error("不是能识别的图片（请用 JPG 或 PNG）")]
    NotAnImage {
        /// The decoder's reason.
        #[source]
        source: image::ImageError,
    },
    /// A known format, but the data is broken.
    #[error("图片已损坏，无法读取")]
    Damaged {
        /// The decoder's reason.
        #[source]
        source: image::ImageError,
    },
}

/// The pictures of one station and the problems met reading them.
#[derive(Debug, Default)]
pub struct LoadedAssets {
    /// Every non-empty logo and photo path → its decoded picture, or why not (Chinese).
    pub assets: Assets,
    /// One problem per field whose picture cannot be used, in field order (logos, then staff).
    pub problems: Vec<Problem>,
}

/// Reads and decodes every logo and staff photo of `station`. `base_dir` is the station file's
/// folder; `None` for a station never saved (relative paths are then reported, not read).
pub fn load(station: &StationFile, base_dir: Option<&Path>) -> LoadedAssets {
    load_with(station, base_dir, |path| std::fs::read(path))
}

/// [`load`], reading files with `read` (tests count the reads through it).
fn load_with(
    station: &StationFile,
    base_dir: Option<&Path>,
    mut read: impl FnMut(&Path) -> std::io::Result<Vec<u8>>,
) -> LoadedAssets {
    let pictures = pictures(station);
    let mut decoded: BTreeMap<&str, Result<Arc<image::RgbaImage>, PictureError>> = BTreeMap::new();
    for picture in &pictures {
        if decoded.contains_key(picture.path) {
            continue;
        }
        let result = match resolve_path(base_dir, picture.path) {
            None => Err(PictureError::Unsaved),
            Some(resolved) => read(&resolved)
                .map_err(|source| PictureError::Read { source })
                .and_then(|bytes| decode_image(&bytes))
                .map(Arc::new),
        };
        decoded.insert(picture.path, result);
    }
    let problems = pictures
        .iter()
        .filter_map(|picture| {
            let error = decoded.get(picture.path)?.as_ref().err()?;
            problem(picture, error)
        })
        .collect();
    let images = decoded
        .into_iter()
        .map(|(path, result)| (path.to_owned(), result.map_err(|error| error.to_string())))
        .collect();
    LoadedAssets {
        assets: Assets {
            images,
            fitted: Default::default(),
        },
        problems,
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

/// The problem a picture's error is for a user, if any.
fn problem(picture: &Picture<'_>, error: &PictureError) -> Option<Problem> {
    let label = &picture.label;
    let path = picture.path.trim();
    let (severity, message) = match error {
        PictureError::Unsaved => (
            Severity::Warning,
            format!("{label}“{path}”无法读取：{error}"),
        ),
        PictureError::Read { .. } => (Severity::Error, format!("{label}“{path}”打不开：{error}")),
        // An SVG logo that can be read is not reported, as before: the layout warns that it
        // cannot draw it.
        PictureError::NotAnImage { .. } | PictureError::Damaged { .. }
            if path.to_ascii_lowercase().ends_with(".svg") =>
        {
            return None;
        }
        PictureError::NotAnImage { .. } | PictureError::Damaged { .. } => (
            Severity::Error,
            format!("{label}“{path}”不是能识别的图片（请用 JPG 或 PNG）"),
        ),
    };
    Some(Problem {
        severity,
        field: picture.field.clone(),
        message,
    })
}

/// Resolves a path from the station file against the file's folder. Absolute paths stay as they
/// are; relative ones need a folder (`None` when the station has never been saved).
pub fn resolve_path(base_dir: Option<&Path>, path: &str) -> Option<PathBuf> {
    let path = Path::new(path.trim());
    if path.is_absolute() {
        Some(path.to_path_buf())
    } else {
        base_dir.map(|dir| dir.join(path))
    }
}

/// Decodes a picture, honouring its EXIF orientation.
pub fn decode_image(bytes: &[u8]) -> Result<image::RgbaImage, PictureError> {
    use image::ImageDecoder;
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|source| PictureError::Read { source })?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|source| PictureError::NotAnImage { source })?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = image::DynamicImage::from_decoder(decoder)
        .map_err(|source| PictureError::Damaged { source })?;
    image.apply_orientation(orientation);
    Ok(image.into_rgba8())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::model::StaffMember;

    fn staff(name: &str, photo: &str) -> StaffMember {
        StaffMember {
            name: name.to_owned(),
            photo: photo.to_owned(),
            ..StaffMember::default()
        }
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 40]));
        let mut bytes = Vec::new();
        image
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        bytes
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_pixel(width, height, image::Rgb([20, 90, 160]));
        let mut bytes = Vec::new();
        image
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        bytes
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
        assert_eq!(logo.dimensions(), (40, 20));
        let photo = loaded.assets.images["photos/张三.jpg"].as_ref().unwrap();
        assert_eq!(photo.dimensions(), (30, 40));
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
            "服务人员“张三”的照片“notes.png”不是能识别的图片（请用 JPG 或 PNG）"
        );
        assert_eq!(
            messages[2],
            "第 2 位服务人员的照片“empty.jpg”不是能识别的图片（请用 JPG 或 PNG）"
        );
        // The layout gets the reasons too.
        assert!(loaded.assets.images["missing.png"].is_err());
        assert!(loaded.assets.images["notes.png"].is_err());
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
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
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
        assert_eq!(decode_image(&plain).unwrap().dimensions(), (4, 2));
        assert_eq!(decode_image(&rotated).unwrap().dimensions(), (2, 4));
    }
}
