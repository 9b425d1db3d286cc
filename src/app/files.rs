//! The app's own files in the platform data folder: autosave (crash recovery) and recent files.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::fsutil;
use crate::model::StationFile;

/// How many recent files are remembered.
pub const MAX_RECENT: usize = 10;

/// The folder holding `autosave.json` and `recent.json`; `None` keeps nothing.
#[derive(Debug, Clone, Default)]
pub struct DataDir {
    folder: Option<PathBuf>,
}

/// What the autosave file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Autosave {
    /// The station file being edited, if it had been saved before.
    #[serde(default)]
    pub file: Option<PathBuf>,
    /// When the autosave was written (seconds since 1970).
    #[serde(default)]
    pub saved_at: u64,
    /// The unsaved station.
    pub station: StationFile,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Recent {
    #[serde(default)]
    files: Vec<PathBuf>,
}

impl DataDir {
    /// A data folder at `folder` (created when first written).
    pub fn at(folder: impl Into<PathBuf>) -> DataDir {
        DataDir {
            folder: Some(folder.into()),
        }
    }

    /// No data folder: nothing is remembered.
    pub fn none() -> DataDir {
        DataDir { folder: None }
    }

    /// `LIANGPAI_DATA_DIR` if set, else the platform data folder
    /// (Windows: `%APPDATA%\liangpai\Liangpai\data`).
    pub fn platform() -> DataDir {
        if let Some(folder) = std::env::var_os("LIANGPAI_DATA_DIR").filter(|v| !v.is_empty()) {
            return DataDir::at(PathBuf::from(folder));
        }
        match directories::ProjectDirs::from("cn", "liangpai", "Liangpai") {
            Some(dirs) => DataDir::at(dirs.data_dir()),
            None => DataDir::none(),
        }
    }

    /// The folder, if any.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    fn file(&self, name: &str) -> Option<PathBuf> {
        self.folder.as_ref().map(|folder| folder.join(name))
    }

    /// Path of the autosave file.
    pub fn autosave_path(&self) -> Option<PathBuf> {
        self.file("autosave.json")
    }

    /// Writes the autosave file (atomically).
    pub(super) fn write_autosave(
        &self,
        file: Option<&Path>,
        station: &StationFile,
    ) -> Result<(), String> {
        let Some(path) = self.autosave_path() else {
            return Ok(());
        };
        let autosave = Autosave {
            file: file.map(Path::to_path_buf),
            saved_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs()),
            station: station.clone(),
        };
        let text = serde_json::to_string_pretty(&autosave).map_err(|error| error.to_string())?;
        self.ensure_folder()?;
        fsutil::write_atomic(&path, false, |writer| writer.write_all(text.as_bytes()))
            .map_err(|error| fsutil::io_message(&error))
    }

    /// The autosave left behind by a session that did not end normally, if any.
    pub fn read_autosave(&self) -> Option<Autosave> {
        let path = self.autosave_path()?;
        let bytes = std::fs::read(path).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Removes the autosave file (after a save, a clean exit or a declined recovery).
    pub fn clear_autosave(&self) {
        if let Some(path) = self.autosave_path() {
            let _ = std::fs::remove_file(path);
        }
    }

    /// The recent station files, newest first.
    pub fn recent(&self) -> Vec<PathBuf> {
        let Some(path) = self.file("recent.json") else {
            return Vec::new();
        };
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Recent>(&bytes).ok())
            .map(|recent| recent.files)
            .unwrap_or_default()
    }

    /// Puts `file` first in the recent list and returns the new list.
    pub fn add_recent(&self, file: &Path) -> Vec<PathBuf> {
        let file = super::absolute(file);
        let mut files = self.recent();
        files.retain(|other| other != &file);
        files.insert(0, file);
        files.truncate(MAX_RECENT);
        self.write_recent(&files);
        files
    }

    /// Removes `file` from the recent list (it could not be opened) and returns the new list.
    pub fn remove_recent(&self, file: &Path) -> Vec<PathBuf> {
        let mut files = self.recent();
        files.retain(|other| other != file);
        self.write_recent(&files);
        files
    }

    fn write_recent(&self, files: &[PathBuf]) {
        let Some(path) = self.file("recent.json") else {
            return;
        };
        let recent = Recent {
            files: files.to_vec(),
        };
        if let Ok(text) = serde_json::to_string_pretty(&recent)
            && self.ensure_folder().is_ok()
        {
            let _ = fsutil::write_atomic(&path, false, |writer| writer.write_all(text.as_bytes()));
        }
    }

    /// Path of the log file (`liangpai.log`): errors the user may not have seen, such as a window
    /// that could not open when the program was started by a double-click.
    pub fn log_path(&self) -> Option<PathBuf> {
        self.file("liangpai.log")
    }

    /// Appends one dated line to the log file; the log is started afresh beyond 1 MB.
    pub fn log(&self, message: &str) {
        use std::io::Write;
        let Some(path) = self.log_path() else {
            return;
        };
        if self.ensure_folder().is_err() {
            return;
        }
        if std::fs::metadata(&path).is_ok_and(|meta| meta.len() > 1 << 20) {
            let _ = std::fs::remove_file(&path);
        }
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
        {
            let _ = writeln!(
                file,
                "{} 亮牌 {}：{}",
                format_time(seconds),
                env!("CARGO_PKG_VERSION"),
                message.replace('\n', " ")
            );
        }
    }

    fn ensure_folder(&self) -> Result<(), String> {
        match &self.folder {
            Some(folder) => {
                std::fs::create_dir_all(folder).map_err(|error| fsutil::io_message(&error))
            }
            None => Ok(()),
        }
    }
}

/// Today's date in China (UTC+8) as `YYYY-MM-DD`.
pub fn today_iso() -> String {
    let now = china_time(jiff::Timestamp::now());
    format!("{:04}-{:02}-{:02}", now.year(), now.month(), now.day())
}

/// A `saved_at` time as local (UTC+8) `YYYY-MM-DD HH:MM`.
pub fn format_time(seconds_since_epoch: u64) -> String {
    let at = i64::try_from(seconds_since_epoch)
        .ok()
        .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let at = china_time(at);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// The civil time in China (UTC+8) at `timestamp`.
fn china_time(timestamp: jiff::Timestamp) -> jiff::civil::DateTime {
    jiff::tz::Offset::constant(8).to_datetime(timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(format_time(0), "1970-01-01 08:00");
        // 2026-03-01 00:00 UTC is 08:00 in China; 16:00 UTC is the next day there.
        assert_eq!(format_time(20_513 * 86_400), "2026-03-01 08:00");
        assert_eq!(format_time(20_513 * 86_400 + 16 * 3600), "2026-03-02 00:00");
        assert_eq!(format_time(20_513 * 86_400 - 60), "2026-03-01 07:59");
    }

    #[test]
    fn autosave_and_recent_round_trip() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let data = DataDir::at(dir.path().join("data"));
        assert!(data.read_autosave().is_none());
        let mut station = StationFile::new();
        station.station.name = "测试站".to_owned();
        data.write_autosave(Some(Path::new("/x/y.json")), &station)
            .unwrap_or_else(|error| panic!("{error}"));
        let autosave = data
            .read_autosave()
            .unwrap_or_else(|| panic!("no autosave"));
        assert_eq!(autosave.station, station);
        data.clear_autosave();
        assert!(data.read_autosave().is_none());
        let a = dir.path().join("a.json");
        let b = dir.path().join("b.json");
        data.add_recent(&a);
        let files = data.add_recent(&b);
        assert_eq!(files, vec![b.clone(), a.clone()]);
        assert_eq!(data.remove_recent(&b), vec![a]);
        data.log("窗口无法打开\n第二行");
        let log = std::fs::read_to_string(data.log_path().unwrap_or_default())
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(log.contains("窗口无法打开 第二行"), "{log}");
    }
}
