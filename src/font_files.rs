//! Font files on disk: the user's own fonts (the `fonts` folder in the data folder, and
//! `liangpai … --fonts DIR`) and the fallback font for characters no other font has (BabelStone
//! Han: beside the program in the Windows zip, or Debian's `fonts-babelstone-han`). Reads them
//! and hands them to [`crate::fonts::Fonts`] as bytes; layout and rendering never read files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::fonts::{Face, FaceOrigin, Fonts};
use crate::model::StationFile;

/// The name of the fonts folder inside the data folder.
pub const USER_FONTS_FOLDER: &str = "fonts";
/// The fallback font's file name beside the program (in its `fonts` folder).
pub const FALLBACK_FILE: &str = "BabelStoneHan-Liangpai.ttf";
/// Debian's BabelStone Han (`fonts-babelstone-han`).
pub const SYSTEM_FALLBACK: &str = "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf";

/// A font file that could not be used; the message is Chinese and names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontFileProblem {
    /// The file or folder.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for FontFileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "字体“{}”：{}", self.path.display(), self.message)
    }
}

/// The user's fonts read from folders.
#[derive(Debug, Default)]
pub struct UserFonts {
    /// The faces, in the order they are tried: folder by folder, files by name.
    pub faces: Vec<Face>,
    /// Files that are not usable fonts, folders that could not be read.
    pub problems: Vec<FontFileProblem>,
}

fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            matches!(
                extension.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        })
}

/// Reads every font file (.ttf, .otf, .ttc; the first face of a collection) in `folders`, in
/// order, files sorted by name. A missing folder is skipped when `optional` says so for it (the
/// data folder's `fonts` folder need not exist); otherwise it is a problem.
pub fn read_user_fonts(folders: &[(PathBuf, bool)]) -> UserFonts {
    let mut fonts = UserFonts::default();
    for (folder, optional) in folders {
        let entries = match std::fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(error) if *optional && error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => {
                fonts.problems.push(FontFileProblem {
                    path: folder.clone(),
                    message: format!("字体文件夹无法读取：{}", crate::fsutil::io_message(&error)),
                });
                continue;
            }
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.is_file() && is_font_file(path))
            .collect();
        files.sort();
        for path in files {
            match read_face(&path, FaceOrigin::User(path.display().to_string())) {
                Ok(face) => fonts.faces.push(face),
                Err(problem) => fonts.problems.push(problem),
            }
        }
    }
    fonts
}

fn read_face(path: &Path, origin: FaceOrigin) -> Result<Face, FontFileProblem> {
    let bytes = std::fs::read(path).map_err(|error| FontFileProblem {
        path: path.to_path_buf(),
        message: format!("无法读取：{}", crate::fsutil::io_message(&error)),
    })?;
    Face::from_bytes(bytes, origin).map_err(|error| FontFileProblem {
        path: path.to_path_buf(),
        message: error.to_string(),
    })
}

/// Where the fallback font is looked for, first found wins: `LIANGPAI_FALLBACK_FONT`, the
/// `fonts` folder beside the program, Debian's package.
pub fn fallback_candidates() -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(file) = std::env::var_os("LIANGPAI_FALLBACK_FONT").filter(|value| !value.is_empty())
    {
        candidates.push(PathBuf::from(file));
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(folder) = exe.parent()
    {
        candidates.push(folder.join("fonts").join(FALLBACK_FILE));
    }
    candidates.push(PathBuf::from(SYSTEM_FALLBACK));
    candidates
}

/// Why the fallback font cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FallbackFontError {
    /// It is in none of the places it is looked for.
    #[error("没有找到后备字体 {FALLBACK_FILE}（应在程序旁的 fonts 文件夹中）")]
    NotFound,
    /// It is there but cannot be read.
    #[error("{0}")]
    Unusable(FontFileProblem),
}

/// The fallback font, read once per process (it is large: read only when a station needs it).
/// `Err` says where it was looked for.
pub fn fallback_face() -> Result<Arc<Face>, FallbackFontError> {
    static FALLBACK: OnceLock<Result<Arc<Face>, FallbackFontError>> = OnceLock::new();
    FALLBACK
        .get_or_init(|| {
            let candidates = fallback_candidates();
            for path in &candidates {
                if path.is_file() {
                    return read_face(path, FaceOrigin::Fallback(path.display().to_string()))
                        .map(Arc::new)
                        .map_err(FallbackFontError::Unusable);
                }
            }
            Err(FallbackFontError::NotFound)
        })
        .clone()
}

/// `fonts` with the fallback font added when some text of the station has a character that
/// `fonts` lacks (and the fallback font can be found); otherwise `fonts` as it is.
pub fn with_fallback_if_needed(fonts: &Fonts, station: &StationFile) -> Fonts {
    if fonts.fallback().is_some() {
        return fonts.clone();
    }
    let needs = crate::model::text_fields(station)
        .iter()
        .any(|(_, text)| text.chars().any(|ch| !fonts.has_char(ch)));
    if !needs {
        return fonts.clone();
    }
    match fallback_face() {
        Ok(face) => fonts.clone().with_fallback(face),
        Err(_) => fonts.clone(),
    }
}

/// The bundled fonts, the user's fonts from `folders` and (when found) the fallback font: what
/// `check` uses, and the app shows. Problems name the font files.
pub fn all_fonts(folders: &[(PathBuf, bool)]) -> (Fonts, Vec<FontFileProblem>) {
    let user = read_user_fonts(folders);
    let mut fonts = crate::fonts::bundled().clone().with_user_fonts(user.faces);
    if let Ok(face) = fallback_face() {
        fonts = fonts.with_fallback(face);
    }
    (fonts, user.problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_a_broken_font_reports_it_and_keeps_the_good_one() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(dir.path().join("坏字体.ttf"), b"not a font")
            .unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(dir.path().join("b-good.otf"), crate::fonts::BOLD_BYTES)
            .unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(dir.path().join("readme.txt"), b"x")
            .unwrap_or_else(|error| panic!("{error}"));
        let fonts = read_user_fonts(&[
            (dir.path().to_path_buf(), false),
            (dir.path().join("没有"), true),
        ]);
        assert_eq!(fonts.faces.len(), 1);
        assert_eq!(fonts.faces[0].family(), "Noto Sans CJK SC");
        assert_eq!(fonts.problems.len(), 1);
        let message = fonts.problems[0].to_string();
        assert!(
            message.contains("坏字体.ttf") && message.contains("不是可用的字体文件"),
            "{message}"
        );
        let missing = read_user_fonts(&[(dir.path().join("没有"), false)]);
        assert_eq!(missing.problems.len(), 1);
        assert!(
            missing.problems[0]
                .to_string()
                .contains("字体文件夹无法读取")
        );
    }
}
