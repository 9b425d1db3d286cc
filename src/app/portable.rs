//! Portable station folders: on save, every picture of the station ends up inside the station's
//! folder and is stored relative to the station file, so the folder can be copied to another PC.
//! Also the example station (compiled in with its photos), written where the user chooses.

use std::path::{Path, PathBuf};

use crate::model::StationFile;

/// The folder beside the station file that pictures from elsewhere are copied into.
pub const PICTURE_FOLDER: &str = "照片";

/// What saving did to the station's pictures.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Gathered {
    /// Pictures copied into [`PICTURE_FOLDER`], as stored now (`照片/王磊.jpg`).
    pub copied: Vec<String>,
    /// Pictures that could not be copied (Chinese, naming the file); their paths are kept.
    pub failed: Vec<String>,
}

impl Gathered {
    /// One line for the status bar, empty when nothing was copied or failed.
    pub fn note(&self) -> String {
        let mut parts = Vec::new();
        if !self.copied.is_empty() {
            parts.push(format!(
                "已把 {} 张图片复制到站点文件旁的“{PICTURE_FOLDER}”文件夹（{}），整个文件夹可以复制到别的电脑",
                self.copied.len(),
                self.copied.join("、")
            ));
        }
        parts.extend(self.failed.iter().cloned());
        parts.join("；")
    }
}

/// The station as it is saved in `new_dir`: every picture path relative to `new_dir` (with `/`).
/// Relative paths are read against `old_dir` (the folder of the file it was opened from, if any);
/// a picture outside `new_dir` is copied into `new_dir/照片/` (a new name when another file has
/// the name). Missing pictures keep their path (the form already shows that problem).
pub fn gather_pictures(
    station: &StationFile,
    old_dir: Option<&Path>,
    new_dir: &Path,
) -> (StationFile, Gathered) {
    let mut station = station.clone();
    let mut gathered = Gathered::default();
    let mut fix = |path: &mut String| {
        let trimmed = path.trim();
        if trimmed.is_empty() {
            return;
        }
        let source = if Path::new(trimmed).is_absolute() {
            PathBuf::from(trimmed)
        } else if let Some(old_dir) = old_dir {
            old_dir.join(trimmed)
        } else {
            // Relative without a folder: already meant relative to the file being saved.
            return;
        };
        if let Some(relative) = relative_inside(&source, new_dir) {
            *path = relative;
            return;
        }
        if !source.is_file() {
            if !Path::new(trimmed).is_absolute() {
                // Keep pointing at the same (missing) file from the new folder.
                *path = source.display().to_string();
            }
            return;
        }
        match copy_into_folder(&source, &new_dir.join(PICTURE_FOLDER)) {
            Ok(name) => {
                let stored = format!("{PICTURE_FOLDER}/{name}");
                gathered.copied.push(stored.clone());
                *path = stored;
            }
            Err(error) => gathered.failed.push(format!(
                "图片“{}”无法复制到“{PICTURE_FOLDER}”文件夹：{}",
                source.display(),
                crate::fsutil::io_message(&error)
            )),
        }
    };
    for logo in &mut station.station.logos {
        fix(logo);
    }
    for member in &mut station.staff {
        fix(&mut member.photo);
    }
    (station, gathered)
}

/// `path` relative to `dir` with `/`, if it lies inside `dir`.
pub fn relative_inside(path: &Path, dir: &Path) -> Option<String> {
    let path = super::absolute(path);
    let dir = super::absolute(dir);
    let relative = path.strip_prefix(&dir).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// How a picture path is shown: relative to the station's folder when inside it, otherwise the
/// file name (the full path is in the tooltip).
pub fn display_name(stored: &str, base_dir: Option<&Path>) -> String {
    let trimmed = stored.trim();
    let path = Path::new(trimmed);
    if !path.is_absolute() {
        return trimmed.to_owned();
    }
    if let Some(relative) = base_dir.and_then(|dir| relative_inside(path, dir)) {
        return relative;
    }
    path.file_name().map_or_else(
        || trimmed.to_owned(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Copies `source` into `folder` (made if missing) under its own name, or `名字-2.jpg` … when a
/// different file has that name; the same file already there is reused. Returns the name used.
fn copy_into_folder(source: &Path, folder: &Path) -> std::io::Result<String> {
    std::fs::create_dir_all(folder)?;
    let bytes = std::fs::read(source)?;
    let name = source.file_name().map_or_else(
        || "图片".to_owned(),
        |name| name.to_string_lossy().into_owned(),
    );
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem.to_owned(), format!(".{extension}")),
        _ => (name.clone(), String::new()),
    };
    for attempt in 1..1000 {
        let candidate = if attempt == 1 {
            name.clone()
        } else {
            format!("{stem}-{attempt}{extension}")
        };
        let target = folder.join(&candidate);
        match std::fs::read(&target) {
            Ok(existing) if existing == bytes => return Ok(candidate),
            Ok(_) => continue,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                crate::fsutil::write_atomic(&target, false, |out| out.write_all(&bytes))?;
                return Ok(candidate);
            }
            Err(error) => return Err(error),
        }
    }
    Err(std::io::Error::other("同名文件太多"))
}

/// The example station file, compiled in.
const EXAMPLE_STATION: &[u8] = include_bytes!("../../assets/example/liuxi-station.json");
/// The example's photos, as the station file names them.
const EXAMPLE_PHOTOS: [(&str, &[u8]); 4] = [
    (
        "photos/li-xiaowen.jpg",
        include_bytes!("../../assets/example/photos/li-xiaowen.jpg"),
    ),
    (
        "photos/wang-lei.jpg",
        include_bytes!("../../assets/example/photos/wang-lei.jpg"),
    ),
    (
        "photos/chen-si.jpg",
        include_bytes!("../../assets/example/photos/chen-si.jpg"),
    ),
    (
        "photos/zhou-min.jpg",
        include_bytes!("../../assets/example/photos/zhou-min.jpg"),
    ),
];

/// The suggested file name of the example station.
pub const EXAMPLE_FILE_NAME: &str = "柳溪镇社工站示例.json";

/// Writes the example station to `file` and its photos beside it (`photos/…`). Existing photos
/// of the same name are left alone. Returns a Chinese message naming the file on failure.
pub(super) fn write_example(file: &Path) -> Result<(), String> {
    let folder = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    for (relative, bytes) in EXAMPLE_PHOTOS {
        let target = folder.join(relative);
        if target.is_file() {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|error| {
                format!(
                    "无法建立文件夹“{}”：{}",
                    parent.display(),
                    crate::fsutil::io_message(&error)
                )
            })?;
        }
        crate::fsutil::write_atomic(&target, false, |out| out.write_all(bytes)).map_err(
            |error| {
                format!(
                    "无法写入示例照片“{}”：{}",
                    target.display(),
                    crate::fsutil::io_message(&error)
                )
            },
        )?;
    }
    crate::fsutil::write_atomic(file, true, |out| out.write_all(EXAMPLE_STATION)).map_err(|error| {
        format!(
            "无法写入示例站点文件“{}”：{}",
            file.display(),
            crate::fsutil::io_message(&error)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_example_reads_and_names_its_photos() {
        let station = StationFile::from_bytes(EXAMPLE_STATION, Path::new("example.json"))
            .expect("the example parses");
        let mut photos: Vec<&str> = station
            .staff
            .iter()
            .map(|member| member.photo.as_str())
            .collect();
        photos.sort_unstable();
        let mut bundled: Vec<&str> = EXAMPLE_PHOTOS.iter().map(|(path, _)| *path).collect();
        bundled.sort_unstable();
        assert_eq!(photos, bundled);
    }

    #[test]
    fn pictures_from_elsewhere_are_copied_beside_the_station() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = dir.path().join("下载");
        std::fs::create_dir_all(&outside).expect("folder");
        std::fs::write(outside.join("王磊.jpg"), b"photo one").expect("photo");
        let other = dir.path().join("手机");
        std::fs::create_dir_all(&other).expect("folder");
        std::fs::write(other.join("王磊.jpg"), b"photo two").expect("photo");
        let station_dir = dir.path().join("站点");
        std::fs::create_dir_all(station_dir.join("photos")).expect("folder");
        std::fs::write(station_dir.join("photos/x.jpg"), b"inside").expect("photo");

        let mut station = StationFile::new();
        for photo in [
            outside.join("王磊.jpg").display().to_string(),
            other.join("王磊.jpg").display().to_string(),
            station_dir.join("photos/x.jpg").display().to_string(),
            dir.path().join("没有.jpg").display().to_string(),
        ] {
            station.staff.push(crate::model::StaffMember {
                photo,
                ..Default::default()
            });
        }
        let (saved, gathered) = gather_pictures(&station, None, &station_dir);
        let photos: Vec<&str> = saved.staff.iter().map(|m| m.photo.as_str()).collect();
        assert_eq!(
            photos[..3],
            ["照片/王磊.jpg", "照片/王磊-2.jpg", "photos/x.jpg"]
        );
        assert!(photos[3].ends_with("没有.jpg") && Path::new(photos[3]).is_absolute());
        assert_eq!(gathered.copied, ["照片/王磊.jpg", "照片/王磊-2.jpg"]);
        assert_eq!(
            std::fs::read(station_dir.join("照片/王磊-2.jpg")).expect("copied"),
            b"photo two"
        );
        assert!(gathered.note().contains("照片"));
        // Saving again copies nothing more.
        let (again, gathered) = gather_pictures(&saved, Some(&station_dir), &station_dir);
        assert_eq!(again, saved);
        assert!(gathered.copied.is_empty());
    }

    #[test]
    fn relative_pictures_follow_a_save_elsewhere() {
        let dir = tempfile::tempdir().expect("temp dir");
        let old_dir = dir.path().join("a");
        std::fs::create_dir_all(old_dir.join("photos")).expect("folder");
        std::fs::write(old_dir.join("photos/x.jpg"), b"x").expect("photo");
        let mut station = StationFile::new();
        station.station.logos.push("photos/x.jpg".to_owned());
        // Into a parent folder: still inside, stored relative.
        let (up, gathered) = gather_pictures(&station, Some(&old_dir), dir.path());
        assert_eq!(up.station.logos, ["a/photos/x.jpg"]);
        assert!(gathered.copied.is_empty());
        // Somewhere else: copied.
        let away = dir.path().join("b");
        let (moved, gathered) = gather_pictures(&station, Some(&old_dir), &away);
        assert_eq!(moved.station.logos, ["照片/x.jpg"]);
        assert_eq!(gathered.copied.len(), 1);
        assert!(away.join("照片/x.jpg").is_file());
    }

    #[test]
    fn names_shown_relative_to_the_station() {
        let dir = Path::new("/srv/站点");
        assert_eq!(display_name("照片/a.jpg", Some(dir)), "照片/a.jpg");
        assert_eq!(
            display_name("/srv/站点/照片/a.jpg", Some(dir)),
            "照片/a.jpg"
        );
        assert_eq!(display_name("/home/u/下载/a.jpg", Some(dir)), "a.jpg");
        assert_eq!(display_name("/home/u/下载/a.jpg", None), "a.jpg");
    }
}
