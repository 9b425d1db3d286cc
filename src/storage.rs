//! Station files on disk: reading one (with the Chinese messages of [`LoadError`]) and saving one
//! atomically. The parsing itself is pure and lives in [`crate::model`].

use std::path::{Path, PathBuf};

use crate::fsutil;
use crate::model::{LoadError, StationFile};

/// Reads and parses a station file.
///
/// # Errors
/// [`LoadError::Read`] when the file cannot be read, else whatever
/// [`StationFile::from_bytes`] finds wrong with its contents.
pub fn load(path: &Path) -> Result<StationFile, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
        file: path.to_path_buf(),
        source,
    })?;
    StationFile::from_bytes(&bytes, path)
}

/// Saves atomically: a temporary file in the same folder is written and synced, the previous
/// file is kept as `NAME.bak`, then the temporary file replaces it. On any failure the old file
/// is left byte-identical.
///
/// # Errors
/// [`SaveError`] naming the file and why (disk full, no permission, …).
pub fn save(station: &StationFile, path: &Path) -> Result<(), SaveError> {
    let text = station.to_json();
    fsutil::write_atomic(path, true, |writer| writer.write_all(text.as_bytes())).map_err(|source| {
        SaveError {
            file: path.to_path_buf(),
            source,
        }
    })
}

/// A failed save; the old file is left as it was.
#[derive(Debug, thiserror::Error)]
#[error("无法保存 {}：{}。原文件未被改动。", file.display(), crate::fsutil::io_message(source))]
pub struct SaveError {
    /// The file.
    pub file: PathBuf,
    /// Why.
    pub source: std::io::Error,
}
