//! Exports run on a worker thread so the window stays responsive; the outcome comes back as a
//! Chinese message.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::export;
use crate::layout::{self, Document, LayoutOptions, Page};
use crate::model::StationFile;
use crate::render::pdf::PdfOptions;
use crate::sign::SignKind;

/// What to export where.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportTarget {
    /// One sign as one PDF file.
    PdfFile(PathBuf),
    /// Every sign as one PDF each, into a folder.
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

/// A file name made safe for Windows.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|ch| {
            if "\\/:*?\"<>|".contains(ch) || ch.is_control() {
                '_'
            } else {
                ch
            }
        })
        .collect();
    if cleaned.is_empty() {
        "站点".to_owned()
    } else {
        cleaned
    }
}

/// The suggested base name (no extension) for a sign of this station.
pub fn suggested_name(station: &StationFile, kind: SignKind) -> String {
    let short = station.short_name();
    let station_name = if short.trim().is_empty() {
        "未命名站点"
    } else {
        short
    };
    safe_file_name(&format!("{station_name}-{}", kind.label()))
}

fn lay_out(
    station: &StationFile,
    assets: &layout::Assets,
    kind: SignKind,
    options: &LayoutOptions,
) -> Result<Document, String> {
    layout::layout_sign(station, assets, kind, options)
        .map_err(|error| format!("{}：{error}", kind.label()))
}

fn run(
    station: &StationFile,
    base_dir: Option<&Path>,
    kinds: &[SignKind],
    options: &LayoutOptions,
    settings: &PrintSettings,
    target: &ExportTarget,
) -> Result<String, String> {
    let assets = crate::assets::load(station, base_dir).assets;
    match target {
        ExportTarget::PdfFile(path) => {
            let kind = kinds.first().copied().unwrap_or(SignKind::Plaque);
            let document = lay_out(station, &assets, kind, options)?;
            if document.pages.is_empty() {
                return Err(format!("{}没有内容，未导出", kind.label()));
            }
            write_pdf(path, &document, settings)?;
            Ok(format!("已导出 {}", path.display()))
        }
        ExportTarget::PdfFolder(folder) => {
            let mut written = 0;
            let mut skipped = Vec::new();
            let mut failed = Vec::new();
            for &kind in kinds {
                let document = match lay_out(station, &assets, kind, options) {
                    Ok(document) => document,
                    Err(error) => {
                        failed.push(error);
                        continue;
                    }
                };
                if document.pages.is_empty() {
                    skipped.push(kind.label());
                    continue;
                }
                let path = folder.join(format!("{}.pdf", suggested_name(station, kind)));
                match write_pdf(&path, &document, settings) {
                    Ok(()) => written += 1,
                    Err(error) => failed.push(format!("{}：{error}", kind.label())),
                }
            }
            let mut message = format!("已导出 {written} 个 PDF 文件到 {}", folder.display());
            if !skipped.is_empty() {
                message.push_str(&format!("（{} 没有内容，未导出）", skipped.join("、")));
            }
            if failed.is_empty() {
                Ok(message)
            } else {
                let list: Vec<String> = failed
                    .iter()
                    .map(|error| format!("未能导出 {error}"))
                    .collect();
                Err(format!("{message}。\n\n{}", list.join("\n")))
            }
        }
        ExportTarget::Png(path) => {
            let kind = kinds.first().copied().unwrap_or(SignKind::Plaque);
            let document = lay_out(station, &assets, kind, options)?;
            let count = document.pages.len();
            if count == 0 {
                return Err(format!("{}没有内容，未导出", kind.label()));
            }
            let mut paths = Vec::new();
            for (index, page) in document.pages.iter().enumerate() {
                let page_path = if count == 1 {
                    path.clone()
                } else {
                    numbered(path, index + 1)
                };
                write_png(&page_path, page, png_dpi(kind, page))?;
                paths.push(page_path);
            }
            Ok(if count == 1 {
                format!("已导出 {}", path.display())
            } else {
                format!("已导出 {count} 张图片：{} 等", paths[0].display())
            })
        }
    }
}

/// `name.png` → `name-3.png`.
fn numbered(path: &Path, number: usize) -> PathBuf {
    let stem = path.file_stem().map_or_else(
        || "图片".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!("{stem}-{number}.png"))
}

/// 150 dpi for printing; the screen picture is 1920 pixels wide; nothing over 8000 pixels.
fn png_dpi(kind: SignKind, page: &Page) -> f32 {
    let longest_inch = page.width_pt.max(page.height_pt).max(1.0) / 72.0;
    let dpi = if kind == SignKind::Screen {
        1920.0 / (page.width_pt.max(1.0) / 72.0)
    } else {
        150.0
    };
    dpi.min(8000.0 / longest_inch)
}

/// Writes one sign as PDF (the PDF module's atomic writer).
fn write_pdf(path: &Path, document: &Document, settings: &PrintSettings) -> Result<(), String> {
    let options = PdfOptions {
        crop_marks: settings.crop_marks,
        ..PdfOptions::default()
    };
    export::write_pdf(path, document, &options).map_err(|error| error.to_string())
}

/// Writes one page as PNG.
fn write_png(path: &Path, page: &Page, dpi: f32) -> Result<(), String> {
    export::write_png(path, page, dpi).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(safe_file_name("a/b:c?"), "a_b_c_");
        assert_eq!(safe_file_name("  "), "站点");
        assert_eq!(
            numbered(Path::new("/x/门牌.png"), 2),
            PathBuf::from("/x/门牌-2.png")
        );
    }
}
