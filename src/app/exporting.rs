//! Exports run on a worker thread so the window stays responsive; the outcome comes back as a
//! Chinese message.

use std::path::{Path, PathBuf};

use super::jobs::Worker;
use super::{JobError, JobKind};
use crate::export;
use crate::layout::LayoutOptions;
use crate::model::StationFile;
use crate::render::pdf::PdfDate;
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintSettings {
    /// Draw crop marks.
    pub crop_marks: bool,
    /// Who prints the signs (用途): sets bleed, marks and margins, named in the file names.
    pub profile: export::OutputProfile,
    /// Text as outlines (转曲): no fonts in the PDF.
    pub outline_text: bool,
    /// The style pack (样式包) the signs follow (`None`: none). The app keeps its one copy in its
    /// settings and puts it here when a job starts.
    pub style: Option<std::sync::Arc<crate::style_pack::StylePack>>,
    /// Make the signs that lack an essential as drafts (样稿): set only for the one export the
    /// user chose 生成样稿 for.
    pub draft: bool,
}

impl PrintSettings {
    /// The export settings of these choices for `kinds` laid out with `options`.
    pub(super) fn export_settings(
        &self,
        kinds: Vec<SignKind>,
        options: &LayoutOptions,
        date: Option<PdfDate>,
    ) -> export::ExportSettings {
        // The profile is the user's choice in the toolbar (set from a style pack when it was
        // opened), so the pack's is not taken again here.
        export::ExportSettings::builder()
            .kinds(kinds)
            .layout(options.clone())
            .crop_marks(self.crop_marks)
            .date(date)
            .profile(Some(self.profile))
            .outline_text(self.outline_text)
            .style(self.style.clone())
            .draft(self.draft)
            .build()
    }
}

/// A finished export: the message to show and the folder the files are in (for 打开文件夹).
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    /// What was made (Chinese).
    pub message: String,
    /// The folder the files were written to.
    pub folder: PathBuf,
}

/// A running export.
pub struct ExportJob {
    worker: Worker<(), Exported>,
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
    ) -> Result<ExportJob, JobError> {
        let what = match &target {
            ExportTarget::PdfFile(path) | ExportTarget::Png(path) => display_name(path),
            ExportTarget::PdfFolder(path) => format!("全套公示牌到 {}", path.display()),
        };
        let worker = Worker::start(ctx, JobKind::Export, move |_| {
            run(
                &station,
                base_dir.as_deref(),
                &kinds,
                &options,
                &settings,
                &target,
            )
        })?;
        Ok(ExportJob { worker, what })
    }

    /// The outcome, once finished: what was made and where, or why not.
    pub fn poll(&self) -> Option<Result<Exported, JobError>> {
        self.worker.outcome()
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The suggested base name (no extension) for a sign of this station: the name every export
/// gives it (see [`export::naming`]), `样稿-` in front for a draft.
pub fn suggested_name(station: &StationFile, kind: SignKind, draft: bool) -> String {
    export::naming::sign_stem(station, kind, export::OutputProfile::Standard, draft)
}

/// The suggested base name with the chosen 用途 after it (none for the default), so files for
/// different shops do not overwrite each other: `柳溪镇社工站-站点门牌-写真喷绘`.
pub fn suggested_name_for(
    station: &StationFile,
    kind: SignKind,
    profile: export::OutputProfile,
    draft: bool,
) -> String {
    export::naming::sign_stem(station, kind, profile, draft)
}

fn run(
    station: &StationFile,
    base_dir: Option<&Path>,
    kinds: &[SignKind],
    options: &LayoutOptions,
    settings: &PrintSettings,
    target: &ExportTarget,
) -> Result<Exported, JobError> {
    let date = Some(PdfDate::now());
    match target {
        ExportTarget::PdfFolder(folder) => export_set_with_fonts(
            station, base_dir, folder, options, settings, date,
        )
        .map(|message| Exported {
            message,
            folder: folder.clone(),
        }),
        ExportTarget::PdfFile(path) | ExportTarget::Png(path) => {
            let kind = kinds.first().copied().unwrap_or(SignKind::Plaque);
            let mut export_settings = settings.export_settings(vec![kind], options, date);
            export_settings.png = matches!(target, ExportTarget::Png(_));
            let message = export_sign(station, base_dir, kind, &export_settings, path)?;
            Ok(Exported {
                message,
                folder: path
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            })
        }
    }
}

/// The whole set into `folder`: exactly what `liangpai export --out <folder>` makes with the
/// same bleed, crop marks, 用途 (`--profile`), 转曲 (`--outline-text`) and 样稿 (`--draft`):
/// every sign at its standard size, named as [`export::naming`] says
/// (`柳溪镇社工站-站点门牌.pdf`, `…-工作证-拼版.pdf`, `…-屏幕宣传图.png`, `…-印前检查.txt`),
/// through [`export::export_station`]. Returns the message to show, with the short preflight
/// summary.
pub fn export_set(
    station: &StationFile,
    base_dir: Option<&Path>,
    folder: &Path,
    bleed_mm: f32,
    print: &PrintSettings,
    date: Option<PdfDate>,
) -> Result<String, JobError> {
    let options = LayoutOptions {
        bleed_mm,
        ..LayoutOptions::default()
    };
    export_set_with_fonts(station, base_dir, folder, &options, print, date)
}

/// [`export_set`] with the bleed and the fonts (the user's fonts) of `options`.
fn export_set_with_fonts(
    station: &StationFile,
    base_dir: Option<&Path>,
    folder: &Path,
    options: &LayoutOptions,
    print: &PrintSettings,
    date: Option<PdfDate>,
) -> Result<String, JobError> {
    let settings = export::ExportSettings::builder()
        .bleed_mm(options.bleed_mm)
        .fonts(options.fonts.clone())
        .crop_marks(print.crop_marks)
        .date(date)
        .profile(Some(print.profile))
        .outline_text(print.outline_text)
        .style(print.style.clone())
        .draft(print.draft)
        .build();
    let templates = export::load_templates(&settings);
    let report = export::export_station(station, base_dir, folder, &settings, &templates);
    if let Some(unfinished) = report.unfinished() {
        return Err(JobError::Unfinished(unfinished_message(unfinished)));
    }
    let skipped: Vec<&str> = report
        .events
        .iter()
        .filter_map(|event| match event {
            export::ExportEvent::Skipped(kind) => Some(kind.label()),
            // Problems and warnings are shown in the window's warning panel.
            _ => None,
        })
        .collect();
    let failures: Vec<export::ExportFailure> = report.failures().into_iter().cloned().collect();
    let mut message = format!(
        "已导出 {} 种公示牌（{} 个文件）到 {}",
        report.made().len(),
        report.files().len(),
        folder.display()
    );
    if !skipped.is_empty() {
        message.push_str(&format!("（{} 没有内容，未导出）", skipped.join("、")));
    }
    let drafts = report.drafts();
    if !drafts.is_empty() {
        let labels: Vec<&str> = drafts.iter().map(|kind| kind.label()).collect();
        message.push_str(&format!("；其中 {} 是样稿", labels.join("、")));
    }
    if !report.preflight().is_empty() {
        message.push_str(&format!("。\n{}", report.preflight_summary()));
    }
    if failures.is_empty() {
        Ok(message)
    } else {
        Err(JobError::NotAllMade {
            made: message,
            failures,
        })
    }
}

/// One sign to the file the user chose: the files [`export::plan_files`] names with the chosen
/// file's name as the stem, in its folder (`门牌.pdf`; badges also `工作证-sheet.pdf`; PNG one
/// picture per page, `名-1.png`…; the screen picture always a 1920-pixel-wide PNG).
fn export_sign(
    station: &StationFile,
    base_dir: Option<&Path>,
    kind: SignKind,
    settings: &export::ExportSettings,
    path: &Path,
) -> Result<String, JobError> {
    let stem = path.file_stem().map_or_else(
        || suggested_name(station, kind, settings.draft),
        |stem| stem.to_string_lossy().into_owned(),
    );
    let folder = path.parent().unwrap_or(Path::new("."));
    let report = export::export_one(station, base_dir, kind, folder, &stem, settings);
    if let Some(unfinished) = report.unfinished() {
        return Err(JobError::Unfinished(unfinished_message(unfinished)));
    }
    let failures: Vec<export::ExportFailure> = report.failures().into_iter().cloned().collect();
    if !failures.is_empty() {
        return Err(JobError::NotAllMade {
            made: format!("“{}”没有导出", kind.label()),
            failures,
        });
    }
    let written = report.files();
    let mut message = match written.as_slice() {
        [] => return Err(JobError::Empty(kind)),
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
    };
    message.push_str(&format!("。\n{}", report.preflight_summary()));
    Ok(message)
}

/// Why an export stopped for a missing essential (the app asks before exporting, so this is
/// seen only when the station changed in between).
pub fn unfinished_message(unfinished: &export::Unfinished) -> String {
    format!(
        "公示牌缺少必备内容，没有导出：\n{}",
        unfinished.lines(false).join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_are_safe() {
        let mut station = StationFile::new();
        station.station.name = "a/b:c?".to_owned();
        assert!(!suggested_name(&station, SignKind::Plaque, false).contains(['/', ':', '?']));
        station.station.name = "青禾县柳溪镇社会工作服务站".to_owned();
        let plain = suggested_name_for(
            &station,
            SignKind::Plaque,
            export::OutputProfile::Standard,
            false,
        );
        assert_eq!(plain, "柳溪镇社工站-站点门牌");
        let banner = suggested_name_for(
            &station,
            SignKind::Plaque,
            export::OutputProfile::Banner,
            false,
        );
        assert_eq!(banner, format!("{plain}-写真喷绘"));
        assert_eq!(
            suggested_name(&station, SignKind::Contacts, true),
            "样稿-柳溪镇社工站-联系方式"
        );
    }
}
