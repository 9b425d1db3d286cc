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
