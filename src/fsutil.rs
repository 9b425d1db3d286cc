//! Safe file writing: a file is replaced whole or not at all, never left half-written.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `path` atomically: `write` fills a temporary file in the same folder, which is synced and
/// then renamed over `path`. With `keep_backup`, an existing `path` is first copied to `NAME.bak`.
/// If anything fails, the temporary file is removed and `path` is left exactly as it was.
pub fn write_atomic(
    path: &Path,
    keep_backup: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_with(path, keep_backup, true, write)
}

/// [`write_atomic`], with `durable` false skipping the syncs to disk: for many files that can be
/// made again (a batch export), where a sync per file costs more than making the file. The rename
/// still never shows a half-written file; only a power cut right after may lose the new content.
pub fn write_atomic_with(
    path: &Path,
    keep_backup: bool,
    durable: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "路径不是文件"))?;
    let temp_path = folder.join(format!(
        ".{}.{}.tmp",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let file = File::create(&temp_path)?;
        let mut writer = BufWriter::new(file);
        write(&mut writer)?;
        let file = writer.into_inner().map_err(|error| error.into_error())?;
        if durable {
            file.sync_all()?;
        }
        drop(file);
        if keep_backup && path.is_file() {
            let mut backup = path.as_os_str().to_owned();
            backup.push(".bak");
            fs::copy(path, PathBuf::from(backup))?;
        }
        fs::rename(&temp_path, path)?;
        if durable {
            sync_folder(&folder);
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result
}

#[cfg(unix)]
fn sync_folder(folder: &Path) {
    // Makes the rename itself durable; failure here does not undo the save.
    if let Ok(handle) = File::open(folder) {
        let _ = handle.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) {}

/// A Chinese description of an I/O error for messages.
pub fn io_message(error: &io::Error) -> String {
    use io::ErrorKind;
    let text = match error.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有权限（文件可能是只读的，或正被其他程序打开）",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::StorageFull => "磁盘空间不足",
        ErrorKind::ReadOnlyFilesystem => "磁盘或文件夹是只读的",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中的某一级不是文件夹",
        ErrorKind::InvalidData => "文件内容无法识别",
        ErrorKind::InvalidInput => "路径不对",
        _ => return format!("系统错误（{error}）"),
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("站点.json");
        fs::write(&path, b"old contents").unwrap_or_else(|error| panic!("{error}"));
        let result = write_atomic(&path, true, |writer| {
            writer.write_all(b"half of the new")?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        });
        assert!(result.is_err());
        assert_eq!(fs::read(&path).ok(), Some(b"old contents".to_vec()));
        let names: Vec<_> = fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.file_name())
            .collect();
        assert_eq!(names.len(), 1, "only the old file remains: {names:?}");
    }

    #[test]
    fn successful_write_keeps_backup() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("a.json");
        fs::write(&path, b"v1").unwrap_or_else(|error| panic!("{error}"));
        write_atomic(&path, true, |writer| writer.write_all(b"v2"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(fs::read(&path).ok(), Some(b"v2".to_vec()));
        assert_eq!(
            fs::read(dir.path().join("a.json.bak")).ok(),
            Some(b"v1".to_vec())
        );
    }
}
