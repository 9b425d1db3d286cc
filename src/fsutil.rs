//! Safe file writing: a file is replaced whole or not at all, never left half-written. Temporary
//! files are created exclusively under a random name beside the target (never following an
//! existing file or symbolic link), and those left by a killed run are removed by the next write
//! into the same folder.

use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// How many random names are tried before giving up (each collision is a file someone else
/// placed there).
const TEMP_ATTEMPTS: usize = 32;

/// A leftover temporary file younger than this is left alone: it may belong to a write that has
/// just created it and not yet locked it.
const LEFTOVER_MIN_AGE: Duration = Duration::from_secs(2);

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
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "路径不是文件"))?
        .to_string_lossy()
        .into_owned();
    remove_leftovers(&folder, &file_name);
    let (file, temp_path) = create_temp(&folder, &file_name, random_names())?;
    let result = (|| {
        let mut writer = BufWriter::new(&file);
        write(&mut writer)?;
        writer.flush()?;
        drop(writer);
        if durable {
            file.sync_all()?;
        }
        if keep_backup && path.is_file() {
            copy_backup(path, &folder, &file_name)?;
        }
        // The temporary file stays open (and locked) until it has its final name, so that a
        // concurrent run never takes it for a leftover.
        fs::rename(&temp_path, path)?;
        if durable {
            sync_folder(&folder);
        }
        Ok(())
    })();
    drop(file);
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result
}

/// Copies `path` to `NAME.bak` through a temporary file of its own, so an existing `NAME.bak`
/// that is a link is replaced, never written through.
fn copy_backup(path: &Path, folder: &Path, file_name: &str) -> io::Result<()> {
    let backup_name = format!("{file_name}.bak");
    let (mut backup, backup_temp) = create_temp(folder, &backup_name, random_names())?;
    let result = (|| {
        let mut source = File::open(path)?;
        io::copy(&mut source, &mut backup)?;
        fs::rename(&backup_temp, folder.join(&backup_name))
    })();
    drop(backup);
    if result.is_err() {
        let _ = fs::remove_file(&backup_temp);
    }
    result
}

/// Endless random parts for temporary names (random per process, then varied per call).
fn random_names() -> impl Iterator<Item = String> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    std::iter::from_fn(|| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u32(std::process::id());
        if let Ok(since) = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH) {
            hasher.write_u128(since.as_nanos());
        }
        Some(format!("{:016x}", hasher.finish()))
    })
}

/// Creates a new folder `PREFIX-RANDOM` in `parent` for temporary files, exclusively (an
/// existing folder or link of that name is never used) and, on Unix, readable by its owner only.
pub fn create_private_dir(parent: &Path, prefix: &str) -> io::Result<PathBuf> {
    let mut last = io::Error::new(io::ErrorKind::AlreadyExists, "临时文件夹名都已被占用");
    for random in random_names().take(TEMP_ATTEMPTS) {
        let folder = parent.join(format!("{prefix}-{random}"));
        // Only Unix sets a mode on it (Windows: the folder inherits its parent's access list).
        #[cfg_attr(not(unix), allow(unused_mut))]
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&folder) {
            Ok(()) => return Ok(folder),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => last = error,
            Err(error) => return Err(error),
        }
    }
    Err(last)
}

/// The temporary name for `file_name` with random part `random`: `.NAME.RANDOM.tmp`.
fn temp_name(file_name: &str, random: &str) -> String {
    format!(".{file_name}.{random}.tmp")
}

/// Creates a new temporary file for `file_name` in `folder`, exclusively (`create_new` never opens
/// an existing file and never follows a link), trying the names `randoms` gives until one is
/// free. The file is locked while it is open.
fn create_temp(
    folder: &Path,
    file_name: &str,
    randoms: impl Iterator<Item = String>,
) -> io::Result<(File, PathBuf)> {
    let mut last = io::Error::new(io::ErrorKind::AlreadyExists, "临时文件名都已被占用");
    for random in randoms.take(TEMP_ATTEMPTS) {
        let temp_path = folder.join(temp_name(file_name, &random));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp_path)
        {
            Ok(file) => {
                // Advisory: tells another run's clean-up that this file is in use. Where locks
                // are not supported the age rule still protects it.
                let _ = file.try_lock();
                return Ok((file, temp_path));
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => last = error,
            Err(error) => return Err(error),
        }
    }
    Err(last)
}

/// Removes temporary files `.NAME.*.tmp` left in `folder` by a run that was killed: regular files
/// only, not locked by a running write, and not just created. Failures are ignored (the file is
/// tried again next time).
fn remove_leftovers(folder: &Path, file_name: &str) {
    let prefix = format!(".{file_name}.");
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(middle) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        if middle.is_empty() || middle.contains('.') {
            continue;
        }
        let Ok(metadata) = fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !metadata.file_type().is_file() {
            continue;
        }
        let old_enough = metadata
            .modified()
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok())
            .is_some_and(|age| age >= LEFTOVER_MIN_AGE);
        if !old_enough {
            continue;
        }
        let Ok(file) = OpenOptions::new().write(true).open(entry.path()) else {
            continue;
        };
        if file.try_lock().is_ok() {
            drop(file);
            let _ = fs::remove_file(entry.path());
        }
    }
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
        ErrorKind::InvalidFilename => "文件名不对（太长或含有不允许的字符）",
        ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
        ErrorKind::ResourceBusy => "文件正被其他程序使用",
        ErrorKind::FileTooLarge => "文件太大",
        ErrorKind::TimedOut => "操作超时",
        ErrorKind::UnexpectedEof => "文件不完整（意外结束）",
        ErrorKind::OutOfMemory => "内存不足",
        ErrorKind::CrossesDevices => "不能跨磁盘移动文件",
        ErrorKind::Unsupported => "系统不支持这个操作",
        ErrorKind::QuotaExceeded => "磁盘配额已用完",
        ErrorKind::TooManyLinks => "链接太多",
        ErrorKind::StaleNetworkFileHandle
        | ErrorKind::NetworkUnreachable
        | ErrorKind::NetworkDown => "网络文件夹连接不上",
        // The system's own words are English: only its error number is shown.
        _ => {
            return match error.raw_os_error() {
                Some(code) => format!("系统错误（错误代码 {code}）"),
                None => "系统错误".to_owned(),
            };
        }
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

    #[cfg(unix)]
    #[test]
    fn private_folders_are_new_and_never_a_planted_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let first = create_private_dir(dir.path(), "liangpai-print")
            .unwrap_or_else(|error| panic!("{error}"));
        let second = create_private_dir(dir.path(), "liangpai-print")
            .unwrap_or_else(|error| panic!("{error}"));
        assert_ne!(first, second);
        let mode = fs::metadata(&first)
            .map(|metadata| metadata.permissions().mode() & 0o777)
            .unwrap_or_default();
        assert_eq!(mode, 0o700);
        assert!(fs::symlink_metadata(&first).is_ok_and(|metadata| metadata.is_dir()));
    }

    #[test]
    fn io_messages_are_chinese() {
        assert_eq!(
            io_message(&io::Error::from_raw_os_error(24)),
            "系统错误（错误代码 24）"
        );
        assert_eq!(
            io_message(&io::Error::other("Something went very wrong")),
            "系统错误"
        );
        assert_eq!(
            io_message(&io::Error::from(io::ErrorKind::StorageFull)),
            "磁盘空间不足"
        );
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

    #[cfg(unix)]
    #[test]
    fn temp_file_never_follows_a_planted_link() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"precious").unwrap_or_else(|error| panic!("{error}"));
        // A link at the temporary name that would be tried first, and at the name older
        // versions used (process id).
        let planted = dir.path().join(temp_name("out.pdf", "aaaa"));
        std::os::unix::fs::symlink(&victim, &planted).unwrap_or_else(|error| panic!("{error}"));
        let legacy = dir
            .path()
            .join(format!(".out.pdf.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &legacy).unwrap_or_else(|error| panic!("{error}"));
        let (mut file, temp) = create_temp(
            dir.path(),
            "out.pdf",
            ["aaaa".to_owned(), "bbbb".to_owned()].into_iter(),
        )
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(temp, dir.path().join(temp_name("out.pdf", "bbbb")));
        file.write_all(b"new")
            .unwrap_or_else(|error| panic!("{error}"));
        drop(file);
        assert_eq!(fs::read(&victim).ok(), Some(b"precious".to_vec()));
        // Only links at every name: refused, the target untouched.
        let refused = create_temp(
            dir.path(),
            "out.pdf",
            std::iter::repeat_n("aaaa".to_owned(), 3),
        );
        assert!(refused.is_err());
        // The whole write, with the links in place.
        write_atomic(&dir.path().join("out.pdf"), true, |writer| {
            writer.write_all(b"pdf")
        })
        .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(fs::read(&victim).ok(), Some(b"precious".to_vec()));
        assert_eq!(
            fs::read(dir.path().join("out.pdf")).ok(),
            Some(b"pdf".to_vec())
        );
        // Links are not leftovers of ours: left in place, never opened.
        assert!(fs::symlink_metadata(&planted).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn backup_replaces_a_link_instead_of_writing_through_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, b"precious").unwrap_or_else(|error| panic!("{error}"));
        let path = dir.path().join("a.json");
        fs::write(&path, b"v1").unwrap_or_else(|error| panic!("{error}"));
        std::os::unix::fs::symlink(&victim, dir.path().join("a.json.bak"))
            .unwrap_or_else(|error| panic!("{error}"));
        write_atomic(&path, true, |writer| writer.write_all(b"v2"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(fs::read(&victim).ok(), Some(b"precious".to_vec()));
        assert_eq!(
            fs::read(dir.path().join("a.json.bak")).ok(),
            Some(b"v1".to_vec())
        );
    }

    #[test]
    fn leftovers_of_a_killed_run_are_removed_by_the_next_write() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let old = SystemTime::now() - Duration::from_secs(3600);
        let leftover = |name: &str| {
            let path = dir.path().join(name);
            let file = File::create(&path).unwrap_or_else(|error| panic!("{error}"));
            file.set_modified(old)
                .unwrap_or_else(|error| panic!("{error}"));
            path
        };
        let killed = leftover(".board.pdf.0123456789abcdef.tmp");
        let legacy = leftover(".board.pdf.4242.tmp");
        let other_file = leftover(".badge.pdf.0123456789abcdef.tmp");
        let not_ours = leftover(".board.pdf.bak.1.tmp");
        // A write in progress (open and locked) is never taken for a leftover.
        let (busy, busy_path) = create_temp(dir.path(), "board.pdf", random_names())
            .unwrap_or_else(|error| panic!("{error}"));
        busy.set_modified(old)
            .unwrap_or_else(|error| panic!("{error}"));
        write_atomic(&dir.path().join("board.pdf"), false, |writer| {
            writer.write_all(b"x")
        })
        .unwrap_or_else(|error| panic!("{error}"));
        assert!(!killed.exists());
        assert!(!legacy.exists());
        assert!(
            other_file.exists(),
            "another file's leftovers wait for its own write"
        );
        assert!(not_ours.exists());
        assert!(
            busy_path.exists(),
            "a locked temporary file belongs to a running write"
        );
        drop(busy);
    }
}
