//! The desktop app (eframe/egui): the only module that knows egui.

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the window, with `file` loaded if given.
pub fn run(file: Option<PathBuf>) -> ExitCode {
    let _ = file;
    ExitCode::SUCCESS
}
