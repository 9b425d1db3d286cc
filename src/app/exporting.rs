//! Exports run on a worker thread so the window stays responsive; the outcome comes back as a
//! Chinese message.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::export;
use crate::layout::{self, LayoutOptions};
use crate::model::StationFile;
use crate::render::pdf::{PdfDate, PdfOptions};
use crate::sign::SignKind;

/// What to export where.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportTarget {
    /// One sign as PDF, named after this file (the screen picture as PNG: see
    /// [`export::plan_files`]).
    PdfFile(PathBuf),
    /// The whole set into a folder, the same files as `liangpai export` (see [`export_set`]).
    PdfFolder(PathBuf),
    /// One sign as PNG (`name.png`, or `name-1.png`, `name-2.png`, … for several pages).
    Png(PathBuf),
}

/// Print settings chosen in the export menu.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintSettings {
    /// Draw crop marks.
    pub crop_marks: bool,
}

/// A running export.
pub struct ExportJob {
    receiver: Receiver<Result<String, String>>,
    /// What is being exported (for the status bar).
    pub what: String,
}

impl ExportJob {
    /// Starts an export on a worker thread.
    pub fn start(
        ctx: &egui::Context,
        station: StationFile,
        base_dir: Option<PathBuf>,
        kinds: Vec<SignKind>,
        options: LayoutOptions,
        settings: PrintSettings,
        target: ExportTarget,
    ) -> Result<ExportJob, String> {
        let what = match &target {
            ExportTarget::PdfFile(path) | ExportTarget::Png(path) => display_name(path),
            ExportTarget::PdfFolder(path) => format!("全套公示牌到 {}", path.display()),
        };
        let (sender, receiver) = mpsc::channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("liangpai-export".to_owned())
            .spawn(move || {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(
                        &station,
                        base_dir.as_deref(),
                        &kinds,
                        &options,
                        &settings,
                        &target,
                    )
                }))
                .unwrap_or_else(|_| Err("导出时程序内部出错，请把站点文件发给开发者".to_owned()));
                let _ = sender.send(outcome);
                ctx.request_repaint();
            })
            .map_err(|error| format!("无法开始导出：{error}"))?;
        Ok(ExportJob { receiver, what })
    }

    /// The outcome, once finished: a message to show.
    pub fn poll(&self) -> Option<Result<String, String>> {
        match self.receiver.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err("导出意外中断".to_owned())),
        }
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The suggested base name (no extension) for a sign of this station.
pub fn suggested_name(station: &StationFile, kind: SignKind) -> String {
    let short = station.short_name();
    let station_name = if short.trim().is_empty() {
        "未命名站点"
    } else {
        short.as_str()
    };
    export::safe_name(&format!("{station_name}-{}", kind.label()), "站点")
}

fn run(
    station: &StationFile,
    base_dir: Option<&Path>,
    kinds: &[SignKind],
    options: &LayoutOptions,
    settings: &PrintSettings,
    target: &ExportTarget,
) -> Result<String, String> {
    let date = Some(PdfDate::now());
    match target {
        ExportTarget::PdfFolder(folder) => export_set(
            station,
            base_dir,
            folder,
            options.bleed_mm,
            settings.crop_marks,
            date,
        ),
        ExportTarget::PdfFile(path) | ExportTarget::Png(path) => {
            let kind = kinds.first().copied().unwrap_or(SignKind::Plaque);
            let png = matches!(target, ExportTarget::Png(_));
            let pdf = PdfOptions {
                crop_marks: settings.crop_marks,
                date,
                cmyk: false,
            };
            export_sign(station, base_dir, kind, options, &pdf, png, path)
        }
    }
}

/// The whole set into `folder`: exactly what `liangpai export --out <folder>` makes with the
/// same bleed and crop marks (every sign at its standard size, `<kind>.pdf`, `badge-sheet.pdf`,
/// `screen.png`), through [`export::export_station`]. Returns the message to show.
pub fn export_set(
    station: &StationFile,
    base_dir: Option<&Path>,
    folder: &Path,
    bleed_mm: f32,
    crop_marks: bool,
    date: Option<PdfDate>,
) -> Result<String, String> {
    let settings = export::ExportSettings::whole_set(bleed_mm, crop_marks, date);
    let templates = export::load_templates(&settings);
    let report = export::export_station(station, base_dir, folder, &settings, &templates);
    let mut skipped = Vec::new();
    let mut failed = Vec::new();
    for event in &report.events {
        match event {
            export::ExportEvent::Skipped(kind) => skipped.push(kind.label()),
            export::ExportEvent::Failed(error) => failed.push(format!("未能导出：{error}")),
            // Problems and warnings are shown in the window's warning panel.
            _ => {}
        }
    }
    let mut message = format!(
        "已导出 {} 种公示牌（{} 个文件）到 {}",
        report.made().len(),
        report.files().len(),
        folder.display()
    );
    if !skipped.is_empty() {
        message.push_str(&format!("（{} 没有内容，未导出）", skipped.join("、")));
    }
    if failed.is_empty() {
        Ok(message)
    } else {
        Err(format!("{message}。\n\n{}", failed.join("\n")))
    }
}

/// One sign to the file the user chose: the files [`export::plan_files`] names with the chosen
/// file's name as the stem, in its folder (`门牌.pdf`; badges also `工作证-sheet.pdf`; PNG one
/// picture per page, `名-1.png`…; the screen picture always a 1920-pixel-wide PNG).
fn export_sign(
    station: &StationFile,
    base_dir: Option<&Path>,
    kind: SignKind,
    options: &LayoutOptions,
    pdf: &PdfOptions,
    png: bool,
    path: &Path,
) -> Result<String, String> {
    let assets = crate::assets::load(station, base_dir).assets;
    let document = layout::layout_sign(station, &assets, kind, options)
        .map_err(|error| format!("{}：{error}", kind.label()))?;
    let stem = path.file_stem().map_or_else(
        || suggested_name(station, kind),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let folder = path.parent().unwrap_or(Path::new("."));
    let plan = export::plan_files(&document, &stem, png, export::DEFAULT_DPI);
    if plan.is_empty() {
        return Err(format!("{}没有内容，未导出", kind.label()));
    }
    let written = export::write_planned(folder, &document, &plan, pdf, true)
        .map_err(|error| error.to_string())?;
    Ok(match written.as_slice() {
        [one] => format!("已导出 {}", one.path.display()),
        _ => {
            let names: Vec<String> = written
                .iter()
                .map(|file| display_name(&file.path))
                .collect();
            format!(
                "已导出 {} 个文件到 {}：{}",
                written.len(),
                folder.display(),
                names.join("、")
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_are_safe() {
        let mut station = StationFile::new();
        station.station.name = "a/b:c?".to_owned();
        assert!(!suggested_name(&station, SignKind::Plaque).contains(['/', ':', '?']));
    }
}
