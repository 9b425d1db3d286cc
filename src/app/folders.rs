//! 打开文件夹: showing a folder in the system's file manager, behind a small trait so tests never
//! open a window (they record which folder was asked for).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Opens a folder in the system's file manager.
pub trait FileManager: Send + Sync {
    /// Shows `folder`, or says why it could not (Chinese).
    fn open_folder(&self, folder: &Path) -> Result<(), String>;
}

/// The system's file manager: Explorer on Windows, Finder on macOS, the desktop's default
/// (`xdg-open`) on Linux.
pub struct SystemFileManager;

impl FileManager for SystemFileManager {
    fn open_folder(&self, folder: &Path) -> Result<(), String> {
        if !folder.is_dir() {
            return Err(format!("文件夹 {} 已不存在", folder.display()));
        }
        let program = if cfg!(windows) {
            "explorer"
        } else if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        // The file manager runs on by itself; its exit status says nothing useful (Explorer
        // returns 1 on success), so only a failure to start it is reported.
        std::process::Command::new(program)
            .arg(folder)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map(|mut child| {
                // Reaped when it ends, so no finished process is left behind.
                std::thread::spawn(move || child.wait());
            })
            .map_err(|error| {
                format!(
                    "无法打开文件夹 {}：{}。请在“此电脑”或文件管理器中找到它",
                    folder.display(),
                    crate::fsutil::io_message(&error)
                )
            })
    }
}

/// A file manager that only remembers what it was asked to open (the default in tests).
#[derive(Clone, Default)]
pub struct RecordingFileManager {
    opened: Arc<Mutex<Vec<PathBuf>>>,
}

impl RecordingFileManager {
    /// The folders asked for so far, in order.
    pub fn opened(&self) -> Vec<PathBuf> {
        self.opened
            .lock()
            .map(|opened| opened.clone())
            .unwrap_or_default()
    }
}

impl FileManager for RecordingFileManager {
    fn open_folder(&self, folder: &Path) -> Result<(), String> {
        if let Ok(mut opened) = self.opened.lock() {
            opened.push(folder.to_path_buf());
        }
        Ok(())
    }
}
