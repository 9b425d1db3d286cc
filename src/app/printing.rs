//! Printing behind a small trait (the system's printers in the app, a fake in tests), and the
//! print job that runs on a worker thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::jobs::Worker;
use super::{JobError, JobKind};
use crate::model::StationFile;
use crate::print::{self, PrintOptions, Printer};
use crate::sign::SignKind;

/// Lists printers and prints a sign.
pub trait Printing: Send + Sync {
    /// The printers the system knows, or why they cannot be listed.
    fn printers(&self) -> Result<Vec<Printer>, print::PrintError>;
    /// Lays out and prints one sign (runs on a worker thread).
    fn print(
        &self,
        station: &StationFile,
        base_dir: Option<&Path>,
        kind: SignKind,
        options: &PrintOptions,
    ) -> Result<(), print::PrintError>;
}

/// The system's printers: CUPS on Linux and macOS, the Windows print path on Windows.
pub struct SystemPrinting;

impl Printing for SystemPrinting {
    fn printers(&self) -> Result<Vec<Printer>, print::PrintError> {
        print::list_printers()
    }

    fn print(
        &self,
        station: &StationFile,
        base_dir: Option<&Path>,
        kind: SignKind,
        options: &PrintOptions,
    ) -> Result<(), print::PrintError> {
        print::print_sign(station, base_dir, kind, options)
    }
}

/// A computer without printers (the default in tests: nothing is ever sent to a real printer).
pub struct NoPrinters;

impl Printing for NoPrinters {
    fn printers(&self) -> Result<Vec<Printer>, print::PrintError> {
        Ok(Vec::new())
    }

    fn print(
        &self,
        _: &StationFile,
        _: Option<&Path>,
        _: SignKind,
        _: &PrintOptions,
    ) -> Result<(), print::PrintError> {
        Err(print::PrintError::NoPrinter)
    }
}

/// The 打印 dialog's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintDialog {
    /// The printers to choose from.
    pub printers: Vec<Printer>,
    /// Index of the chosen printer.
    pub chosen: usize,
    /// Copies.
    pub copies: u32,
    /// Print as a draft (样稿): the user chose 生成样稿 for a sign that lacks an essential.
    pub draft: bool,
}

/// A print running on a worker thread.
pub struct PrintJob {
    worker: Worker<(), String>,
}

impl PrintJob {
    /// Starts printing `kind` of `station` on a worker thread.
    pub fn start(
        ctx: &egui::Context,
        printing: Arc<dyn Printing>,
        station: StationFile,
        base_dir: Option<PathBuf>,
        kind: SignKind,
        options: PrintOptions,
    ) -> Result<PrintJob, JobError> {
        let worker = Worker::start(ctx, JobKind::Print, move |_| {
            let printer = options
                .printer
                .clone()
                .unwrap_or_else(|| "默认打印机".to_owned());
            printing.print(&station, base_dir.as_deref(), kind, &options)?;
            Ok(format!(
                "已把“{}”{}发送到打印机“{printer}”，共 {} 份",
                kind.label(),
                if options.draft { "（样稿）" } else { "" },
                options.copies
            ))
        })?;
        Ok(PrintJob { worker })
    }

    /// The outcome, once finished.
    pub fn poll(&self) -> Option<Result<String, JobError>> {
        self.worker.outcome()
    }
}
