//! `liangpai batch`: every sign of many stations at once (a folder of station files, or a county
//! roster in Excel or CSV), in parallel, with a summary `report.csv`.

pub mod roster;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::export::{self, ExportEvent, ExportFailure, ExportSettings, LoadedTemplates};
use crate::model::{Diagnostic, Severity, StationFile};

/// How to fill in a roster; shown by `liangpai batch --help`. The sheets and their columns come
/// from the roster's schema ([`roster::help_columns`]).
pub fn roster_help() -> String {
    format!(
        "\
输入可以是：
  · 一个文件夹：其中每个 .json 文件是一个站点文件；
  · 一个 Excel 花名册（.xlsx）：用 liangpai batch --write-template 花名册.xlsx 生成模板后填写；
  · 一个 CSV 文件（站点.csv）：同一文件夹中的 服务项目.csv、服务人员.csv、服务流程.csv、
    五社联动.csv 一并读入（Excel 的“CSV UTF-8”“CSV”和“Unicode 文本”都能识别）。

花名册的工作表（第 1 行为列名，列的顺序不限）：
{columns}“服务项目”“服务流程”“五社联动”中站点全称写“全部”的行，用于没有自己的行的所有站点。
合并的单元格对它覆盖的每一行都有效；电话号码请存成文字（设为“文本”格式）。
照片和标志的路径相对于花名册所在的文件夹。
民族文字（双语公示牌）：在“站点”表的“民族文字”列写 维吾尔文、藏文、蒙古文 等（或在“地区预设”列写
内蒙古自治区 等），译文填在“列名（民族文字）”列，如 站点全称（维吾尔文）、姓名（藏文）；
liangpai batch --write-template 花名册.xlsx --languages 维吾尔文 生成带译文列的模板。

输出：输出文件夹/<站点全称>/<简称>-<公示牌名称>.pdf（如 柳溪镇社工站-站点门牌.pdf；工作证另有
…-工作证-拼版.pdf，每个功能室一个 …-功能室门牌-<功能室>.pdf，屏幕宣传图为 …-屏幕宣传图.png），
以及汇总表 输出文件夹/report.csv（站点、已生成、提醒、错误）。一个站点出错不影响其他站点；
有站点出错时退出码为 1。缺少站点全称、监督电话或更新日期的站点不生成（汇总表中写明缺什么），
加 --draft 则生成样稿（每页印有“样稿”，文件名以“样稿-”开头）。",
        columns = roster::help_columns()
    )
}

/// Why a batch could not start.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The input does not exist.
    #[error("找不到输入 {}：{}", path.display(), crate::fsutil::io_message(source))]
    Missing {
        /// The input.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The input is neither a folder nor a roster.
    #[error(
        "不认识的输入 {}：应为站点文件夹、Excel 花名册（.xlsx）、CSV 文件（.csv）或站点文件（.json）",
        path.display()
    )]
    UnknownInput {
        /// The input.
        path: PathBuf,
    },
    /// The folder holds no station files.
    #[error(
        "文件夹 {} 里没有站点文件（.json）。如果用的是花名册，请直接给出花名册文件，如 liangpai batch 花名册.xlsx --out 输出",
        path.display()
    )]
    EmptyFolder {
        /// The folder.
        path: PathBuf,
    },
    /// The roster cannot be read.
    #[error(transparent)]
    Roster(#[from] roster::RosterError),
    /// The output folder cannot be made.
    #[error("无法创建输出文件夹 {}：{}", path.display(), crate::fsutil::io_message(source))]
    Output {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The report cannot be written.
    #[error("无法写入汇总表 {}：{}", path.display(), crate::fsutil::io_message(source))]
    Report {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// One station to make, as found in the input.
#[derive(Debug, Clone)]
pub struct Job {
    /// The name shown in the report: the station's name, or the file name when it cannot be read.
    pub label: String,
    /// The station and the folder its relative paths start from, or why it cannot be used.
    pub station: Result<(StationFile, Option<PathBuf>), Vec<String>>,
    /// Warnings found while reading it (a roster's date in a text column), in Chinese.
    pub warnings: Vec<String>,
    /// Where list items came from in a roster (field prefix → “sheet, row”), for messages.
    pub origins: Vec<(crate::model::FieldPath, String)>,
}

/// The stations of an input, plus problems and notes not belonging to one station.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// The stations.
    pub jobs: Vec<Job>,
    /// Problems that fail the batch but belong to no station (Chinese).
    pub problems: Vec<String>,
    /// Notes to show that fail nothing (Chinese).
    pub notes: Vec<String>,
}

/// Reads the stations of a folder of station files, an Excel roster, a CSV roster or a single
/// station file.
pub fn read_input(path: &Path) -> Result<Input, BatchError> {
    let metadata = std::fs::metadata(path).map_err(|source| BatchError::Missing {
        path: path.to_path_buf(),
        source,
    })?;
    if metadata.is_dir() {
        return read_folder(path);
    }
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let roster = match extension.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => roster::read_workbook(path)?,
        "csv" => roster::read_csv(path)?,
        "json" => {
            return Ok(Input {
                jobs: vec![job_from_file(path)],
                ..Input::default()
            });
        }
        _ => {
            return Err(BatchError::UnknownInput {
                path: path.to_path_buf(),
            });
        }
    };
    let base_dir = path.parent().map(Path::to_path_buf);
    Ok(Input {
        jobs: roster
            .stations
            .into_iter()
            .map(|entry| Job {
                label: entry.name,
                station: entry.station.map(|station| (station, base_dir.clone())),
                warnings: entry.warnings,
                origins: entry.origins,
            })
            .collect(),
        problems: roster.problems,
        notes: roster.notes,
    })
}

fn read_folder(folder: &Path) -> Result<Input, BatchError> {
    let entries = std::fs::read_dir(folder).map_err(|source| BatchError::Missing {
        path: folder.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|extension| extension.eq_ignore_ascii_case("json"))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(BatchError::EmptyFolder {
            path: folder.to_path_buf(),
        });
    }
    Ok(Input {
        jobs: files.iter().map(|file| job_from_file(file)).collect(),
        ..Input::default()
    })
}

fn job_from_file(file: &Path) -> Job {
    let file_name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    match crate::storage::load(file) {
        Ok(station) => Job {
            label: if station.station.name.trim().is_empty() {
                file_name
            } else {
                station.station.name.trim().to_owned()
            },
            station: Ok((station, file.parent().map(Path::to_path_buf))),
            warnings: Vec::new(),
            origins: Vec::new(),
        },
        Err(error) => Job {
            label: file_name,
            station: Err(vec![error.to_string()]),
            warnings: Vec::new(),
            origins: Vec::new(),
        },
    }
}

/// The longest file or folder name most file systems allow, in bytes (UTF-8).
pub const MAX_NAME_BYTES: usize = 255;

/// Names in the output folder that are not station folders.
const RESERVED_NAMES: &[&str] = &["report.csv"];

/// A station's name made safe as a folder name on Windows, macOS and Linux: no \ / : * ? " < > |
/// or control characters, at most [`MAX_NAME_BYTES`] bytes (cut on a character boundary), then
/// no trailing dots or spaces, no reserved device names (CON, NUL…).
pub fn folder_name(name: &str) -> String {
    export::safe_name_within(name, "未命名站点", MAX_NAME_BYTES)
}

/// Folder names for the labels, made unique (ignoring case, as Windows does) with -2, -3…, never
/// `report.csv`, each within [`MAX_NAME_BYTES`] (the name is cut further to make room for the
/// number).
pub fn unique_folder_names<'a>(labels: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: BTreeSet<String> = RESERVED_NAMES
        .iter()
        .map(|name| name.to_lowercase())
        .collect();
    labels
        .into_iter()
        .map(|label| {
            let base = folder_name(label);
            let mut name = base.clone();
            let mut number = 2;
            while !taken.insert(name.to_lowercase()) {
                let suffix = format!("-{number}");
                let room = MAX_NAME_BYTES.saturating_sub(suffix.len());
                let stem = export::cut_to_bytes(&base, room).trim_end_matches(['.', ' ']);
                name = format!("{stem}{suffix}");
                number += 1;
            }
            name
        })
        .collect()
}

/// What happened to one station.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// The station's name (or file name).
    pub label: String,
    /// Its output folder's name inside the output folder (empty when nothing was made).
    pub folder: String,
    /// The signs made.
    pub made: Vec<crate::sign::SignKind>,
    /// The signs of `made` made as drafts (样稿: they lack an essential; only with `--draft`).
    pub drafts: Vec<crate::sign::SignKind>,
    /// What was found about the station (its data, pictures, signs; the roster's notes), each
    /// problem once naming every sign it affects. Any error fails the batch.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the station or some of its signs were not made; any fails the batch.
    pub failures: Vec<ExportFailure>,
    /// The batch was cancelled before this station was finished: the signs in `made` were
    /// written (complete), the others were not made.
    pub cancelled: bool,
}

impl Outcome {
    /// The errors as report.csv and the app show them (the form's words, no field paths).
    pub fn errors(&self) -> Vec<String> {
        self.failures
            .iter()
            .map(ToString::to_string)
            .chain(
                self.diagnostics
                    .iter()
                    .filter(|diagnostic| diagnostic.is_error())
                    .map(ToString::to_string),
            )
            .collect()
    }

    /// The warnings as report.csv and the app show them.
    pub fn warnings(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .filter(|diagnostic| !diagnostic.is_error())
            .map(ToString::to_string)
            .collect()
    }

    /// Whether the station failed (an error, or something not made).
    pub fn failed(&self) -> bool {
        !self.failures.is_empty() || self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The note for a cancelled station in the report (Chinese), or `None`.
    pub fn cancelled_note(&self) -> Option<&'static str> {
        match (self.cancelled, self.made.is_empty()) {
            (false, _) => None,
            (true, true) => Some(CANCELLED),
            (true, false) => Some("已取消（只生成了“已生成”中的公示牌，其余没有生成）"),
        }
    }
}

/// How report.csv marks a station not made because the batch was cancelled.
pub const CANCELLED: &str = "已取消（没有生成）";

/// Adds “〔“服务人员”表第 5 行〕” to a diagnostic about a field that came from a roster row.
fn with_origin(
    mut diagnostic: Diagnostic,
    origins: &[(crate::model::FieldPath, String)],
) -> Diagnostic {
    if let Some((_, location)) = origins
        .iter()
        .find(|(prefix, _)| !diagnostic.field.is_empty() && diagnostic.field.starts_with(prefix))
    {
        diagnostic.message = format!("{}〔{location}〕", diagnostic.message);
    }
    diagnostic
}

/// A message of the roster reader (it names its sheet, row and column) as a diagnostic.
fn roster_diagnostic(severity: Severity, message: &str) -> Diagnostic {
    Diagnostic::new(severity, crate::model::FieldPath::none(), message)
}

/// The roster reader's notes (warnings) and problems (errors) as diagnostics.
fn roster_diagnostics(notes: &[String], problems: &[String]) -> Vec<Diagnostic> {
    notes
        .iter()
        .map(|note| roster_diagnostic(Severity::Warning, note))
        .chain(
            problems
                .iter()
                .map(|problem| roster_diagnostic(Severity::Error, problem)),
        )
        .collect()
}

/// Makes one station's signs into `out/<folder>`. With `cancel` set before it starts, nothing is
/// made (the outcome is [`Outcome::cancelled`]); set while it runs, the signs not yet started are
/// not made.
pub fn run_job(
    job: &Job,
    folder: &str,
    out: &Path,
    settings: &ExportSettings,
    templates: &LoadedTemplates,
    cancel: &AtomicBool,
) -> Outcome {
    let mut outcome = Outcome {
        label: job.label.clone(),
        diagnostics: roster_diagnostics(&job.warnings, &[]),
        ..Outcome::default()
    };
    let (station, base_dir) = match &job.station {
        Ok(loaded) => loaded,
        Err(problems) => {
            outcome
                .diagnostics
                .extend(roster_diagnostics(&[], problems));
            return outcome;
        }
    };
    if cancel.load(Ordering::Relaxed) {
        outcome.cancelled = true;
        return outcome;
    }
    outcome.folder = folder.to_owned();
    let report = export::export_station_unless_cancelled(
        station,
        base_dir.as_deref(),
        &out.join(folder),
        settings,
        templates,
        cancel,
    );
    outcome.diagnostics.extend(
        report
            .diagnostics()
            .into_iter()
            .map(|diagnostic| with_origin(diagnostic, &job.origins)),
    );
    for event in report.events {
        match event {
            ExportEvent::Diagnostic(_) => {}
            ExportEvent::Made { kind, draft, .. } => {
                outcome.made.push(kind);
                if !draft.is_empty() {
                    outcome.drafts.push(kind);
                }
            }
            ExportEvent::Unfinished(unfinished) => {
                // Nothing of this station was written: no folder to point to.
                outcome.folder.clear();
                outcome.diagnostics.push(Diagnostic::error(
                    crate::model::FieldPath::none(),
                    format!(
                        "{}。请填写后重新生成，或生成样稿（命令行加 --draft）",
                        unfinished.summary()
                    ),
                ));
            }
            ExportEvent::Skipped(kind) => outcome.diagnostics.push(
                Diagnostic::warning(crate::model::FieldPath::none(), "没有可生成的页面，已跳过")
                    .on(kind),
            ),
            ExportEvent::Failed(failure) => outcome.failures.push(failure),
            ExportEvent::Cancelled(_) => outcome.cancelled = true,
        }
    }
    outcome
}

/// [`run_job`], with a failure inside it (a bug, a library that gives up) reported as an error of
/// this station instead of ending the whole batch: the other stations are still made and the
/// report still written.
fn run_job_guarded(
    job: &Job,
    folder: &str,
    out: &Path,
    settings: &ExportSettings,
    templates: &LoadedTemplates,
    cancel: &AtomicBool,
) -> Outcome {
    guarded(&job.label, folder, || {
        run_job(job, folder, out, settings, templates, cancel)
    })
}

/// Runs `make`; if it fails inside, the outcome is an error of station `label` (in Chinese).
fn guarded(label: &str, folder: &str, make: impl FnOnce() -> Outcome) -> Outcome {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(make)) {
        Ok(outcome) => outcome,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let detail = crate::model::preview(&detail, 80);
            Outcome {
                label: label.to_owned(),
                folder: folder.to_owned(),
                diagnostics: vec![roster_diagnostic(
                    Severity::Error,
                    &format!(
                        "生成这个站点时程序内部出错，这个站点没有生成完整（其他站点不受影响）。请把这个站点的资料发给维护人员。内部信息：{detail}"
                    ),
                )],
                ..Outcome::default()
            }
        }
    }
}

/// Runs every job on `threads` worker threads (all cores when `None`), calling `progress` after
/// each station. The outcomes come back in the jobs' order.
pub fn run_jobs(
    jobs: &[Job],
    out: &Path,
    settings: &ExportSettings,
    threads: Option<usize>,
    progress: &(dyn Fn(&Outcome) + Sync),
) -> Result<Vec<Outcome>, BatchError> {
    let never = AtomicBool::new(false);
    run_jobs_unless_cancelled(jobs, out, settings, threads, progress, &never)
}

/// [`run_jobs`], calling `progress` after each station it worked on. The outcomes come back in the jobs' order. Once `cancel` is set,
/// no further station or sign is started (those stations come back [`Outcome::cancelled`],
/// without a call to `progress`); the signs being written are finished.
pub fn run_jobs_unless_cancelled(
    jobs: &[Job],
    out: &Path,
    settings: &ExportSettings,
    threads: Option<usize>,
    progress: &(dyn Fn(&Outcome) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<Outcome>, BatchError> {
    let folders = unique_folder_names(jobs.iter().map(|job| job.label.as_str()));
    let templates = export::load_templates(settings);
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = threads {
        builder = builder.num_threads(threads);
    }
    let run = |(job, folder): (&Job, &String)| {
        let started = !cancel.load(Ordering::Relaxed);
        let outcome = run_job_guarded(job, folder, out, settings, &templates, cancel);
        if started {
            progress(&outcome);
        }
        outcome
    };
    match builder.build() {
        Ok(pool) => Ok(pool.install(|| jobs.par_iter().zip(folders.par_iter()).map(run).collect())),
        // No threads to be had: every station is still made, one after another.
        Err(_) => Ok(jobs.iter().zip(folders.iter()).map(run).collect()),
    }
}

/// The summary table: UTF-8 with a BOM (so Excel on Windows reads the Chinese), one row per
/// station: 站点, 已生成, 提醒, 错误, 文件夹.
pub fn report_csv(outcomes: &[Outcome]) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut bytes);
        let mut rows = vec![vec![
            "站点".to_owned(),
            "已生成".to_owned(),
            "提醒".to_owned(),
            "错误".to_owned(),
            "文件夹".to_owned(),
        ]];
        for outcome in outcomes {
            let made: Vec<String> = outcome
                .made
                .iter()
                .map(|kind| {
                    if outcome.drafts.contains(kind) {
                        format!("{}（样稿）", kind.label())
                    } else {
                        kind.label().to_owned()
                    }
                })
                .collect();
            let errors: Vec<String> = outcome
                .cancelled_note()
                .map(str::to_owned)
                .into_iter()
                .chain(outcome.errors())
                .collect();
            rows.push(vec![
                outcome.label.clone(),
                made.join("、"),
                outcome.warnings().join("\n"),
                errors.join("\n"),
                outcome.folder.clone(),
            ]);
        }
        for row in rows {
            let row: Vec<String> = row.iter().map(|cell| inert_cell(cell)).collect();
            // Writing into a Vec cannot fail.
            let _ = writer.write_record(&row);
        }
        let _ = writer.flush();
    }
    bytes
}

/// A cell as Excel shows it without running it: text that Excel would take for a formula (it
/// starts with = + - @, a tab or a carriage return) gets a leading `'`.
fn inert_cell(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Counts for the closing message.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    /// Stations in the input.
    pub stations: usize,
    /// Stations with errors.
    pub failed: usize,
    /// Stations not (or not completely) made because the batch was cancelled.
    pub cancelled: usize,
    /// Stations with warnings only.
    pub warned: usize,
    /// Roster problems belonging to no station.
    pub roster_problems: usize,
    /// Seconds taken.
    pub seconds: f64,
}

impl Summary {
    /// The closing line, in Chinese.
    pub fn message(&self, out: &Path) -> String {
        let mut text = if self.cancelled > 0 {
            format!(
                "已取消：{} 个站点中 {} 个已完成，{} 个没有生成或只生成了一部分（汇总表中标为“已取消”），{} 个有错误，{} 个有提醒，用时 {:.1} 秒。汇总表：{}",
                self.stations,
                self.stations - self.cancelled,
                self.cancelled,
                self.failed,
                self.warned,
                self.seconds,
                out.join("report.csv").display()
            )
        } else {
            format!(
                "完成：{} 个站点，{} 个有错误，{} 个有提醒，用时 {:.1} 秒。汇总表：{}",
                self.stations,
                self.failed,
                self.warned,
                self.seconds,
                out.join("report.csv").display()
            )
        };
        if self.roster_problems > 0 {
            text.push_str(&format!(
                "。花名册中另有 {} 处问题，见上面的提示和汇总表",
                self.roster_problems
            ));
        }
        text
    }
}

/// What a batch tells its caller while it runs (the command line shows a progress bar).
pub trait Progress: Sync {
    /// The input was read: how many stations, and the roster's notes and problems that belong
    /// to no station (Chinese).
    fn started(&self, stations: usize, notes: &[String], problems: &[String]);
    /// One station is done (called from worker threads, in any order).
    fn station_done(&self, outcome: &Outcome);
    /// Every station is done; the report is written next.
    fn finished(&self);
}

/// A [`Progress`] that shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn started(&self, _: usize, _: &[String], _: &[String]) {}
    fn station_done(&self, _: &Outcome) {}
    fn finished(&self) {}
}

/// Reads the input, makes every station (telling `progress`), writes `out/report.csv`.
pub fn batch(
    input: &Path,
    out: &Path,
    settings: &ExportSettings,
    threads: Option<usize>,
    progress: &dyn Progress,
) -> Result<Summary, BatchError> {
    let never = AtomicBool::new(false);
    batch_unless_cancelled(input, out, settings, threads, progress, &never)
        .map(|finished| finished.summary)
}

/// The label of the roster's own row in report.csv (problems and notes belonging to no station).
pub const ROSTER_ROW: &str = "（花名册）";

/// What a whole batch did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Finished {
    /// The counts.
    pub summary: Summary,
    /// Every station of the input, in its order.
    pub stations: Vec<Outcome>,
    /// The roster's problems belonging to no station (Chinese).
    pub roster_problems: Vec<String>,
    /// The roster's notes that fail nothing (Chinese).
    pub roster_notes: Vec<String>,
    /// The report written: `out/report.csv`.
    pub report: PathBuf,
}

/// [`batch`] that stops early once `cancel` is set: no further station or sign is started, the
/// files already written stay (each complete: they are written atomically), and `report.csv` is
/// still written, with the stations not made marked [`CANCELLED`].
pub fn batch_unless_cancelled(
    input: &Path,
    out: &Path,
    settings: &ExportSettings,
    threads: Option<usize>,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> Result<Finished, BatchError> {
    let started = std::time::Instant::now();
    let input = read_input(input)?;
    std::fs::create_dir_all(out).map_err(|source| BatchError::Output {
        path: out.to_path_buf(),
        source,
    })?;
    progress.started(input.jobs.len(), &input.notes, &input.problems);
    let done = |outcome: &Outcome| progress.station_done(outcome);
    let outcomes = run_jobs_unless_cancelled(&input.jobs, out, settings, threads, &done, cancel)?;
    progress.finished();
    let summary = Summary {
        stations: outcomes.len(),
        failed: outcomes.iter().filter(|outcome| outcome.failed()).count(),
        cancelled: outcomes.iter().filter(|outcome| outcome.cancelled).count(),
        warned: outcomes
            .iter()
            .filter(|outcome| !outcome.failed() && !outcome.diagnostics.is_empty())
            .count(),
        roster_problems: input.problems.len(),
        seconds: started.elapsed().as_secs_f64(),
    };
    let mut rows = outcomes.clone();
    if !input.problems.is_empty() || !input.notes.is_empty() {
        rows.push(Outcome {
            label: ROSTER_ROW.into(),
            diagnostics: roster_diagnostics(&input.notes, &input.problems),
            ..Outcome::default()
        });
    }
    let report = out.join("report.csv");
    let bytes = report_csv(&rows);
    crate::fsutil::write_atomic(&report, false, |writer| writer.write_all(&bytes)).map_err(
        |source| BatchError::Report {
            path: report.clone(),
            source,
        },
    )?;
    Ok(Finished {
        summary,
        stations: outcomes,
        roster_problems: input.problems,
        roster_notes: input.notes,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_safe_on_windows() {
        assert_eq!(folder_name("青禾县/柳溪镇:站*?"), "青禾县_柳溪镇_站__");
        assert_eq!(folder_name("  站点.. "), "站点");
        assert_eq!(folder_name("con"), "_con");
        assert_eq!(folder_name("COM1.txt"), "_COM1.txt");
        assert_eq!(folder_name("COMPANY"), "COMPANY");
        assert_eq!(folder_name("\"<>|"), "____");
        assert_eq!(folder_name(" . "), "未命名站点");
        assert_eq!(folder_name("a\tb"), "a_b");
    }

    #[test]
    fn long_folder_names_are_cut_by_bytes_on_a_character_boundary() {
        // 100 CJK characters = 300 bytes: cut to 85 characters (255 bytes).
        let long = "青".repeat(100);
        let name = folder_name(&long);
        assert_eq!(name, "青".repeat(85));
        // A cut that would end in dots or spaces drops them.
        let dotted = format!("{}. .{}", "a".repeat(252), "b".repeat(10));
        assert_eq!(folder_name(&dotted), "a".repeat(252));
        // The number of a repeated name fits within the limit too.
        let names = unique_folder_names([long.as_str(), long.as_str(), long.as_str()]);
        assert_eq!(names[0], "青".repeat(85));
        assert_eq!(names[1], format!("{}-2", "青".repeat(84)));
        assert_eq!(names[2], format!("{}-3", "青".repeat(84)));
        for name in &names {
            assert!(name.len() <= MAX_NAME_BYTES, "{} bytes", name.len());
        }
        // A real 36-character station name is kept whole.
        let real = "青禾县柳溪镇社会工作服务站未成年人保护工作站老年人服务设施综合服务中心分站";
        assert_eq!(folder_name(real), real);
    }

    #[test]
    fn a_station_named_report_csv_gets_another_folder() {
        assert_eq!(
            unique_folder_names(["report.csv", "REPORT.CSV", "甲站"]),
            ["report.csv-2", "REPORT.CSV-3", "甲站"]
        );
    }

    #[test]
    fn folder_names_are_unique_ignoring_case() {
        assert_eq!(
            unique_folder_names(["甲/站", "甲_站", "Ab", "aB", "甲_站"]),
            ["甲_站", "甲_站-2", "Ab", "aB-2", "甲_站-3"]
        );
    }

    #[test]
    fn report_has_bom_and_quotes_multiline_cells() {
        let outcomes = [Outcome {
            label: "甲站".into(),
            folder: "甲站".into(),
            made: vec![
                crate::sign::SignKind::Plaque,
                crate::sign::SignKind::Contacts,
            ],
            drafts: vec![crate::sign::SignKind::Contacts],
            diagnostics: vec![
                Diagnostic::warning("staff[0].photo", "一"),
                Diagnostic::warning("station.intro", "二"),
            ],
            failures: Vec::new(),
            cancelled: false,
        }];
        let bytes = report_csv(&outcomes);
        let text = String::from_utf8(bytes).unwrap_or_default();
        assert_eq!(
            text,
            "\u{feff}站点,已生成,提醒,错误,文件夹\r\n甲站,站点门牌、联系方式（样稿）,\"一\n二\",,甲站\r\n"
        );
    }

    #[test]
    fn a_station_that_fails_inside_is_reported_and_the_others_made() {
        let outcomes: Vec<Outcome> = ["甲站", "乙站", "丙站"]
            .into_iter()
            .map(|label| {
                guarded(label, label, || {
                    if label == "乙站" {
                        panic!("index out of bounds: the len is 0 but the index is 3");
                    }
                    Outcome {
                        label: label.to_owned(),
                        folder: label.to_owned(),
                        made: vec![crate::sign::SignKind::Plaque],
                        ..Outcome::default()
                    }
                })
            })
            .collect();
        assert_eq!(outcomes[0].made, [crate::sign::SignKind::Plaque]);
        assert_eq!(outcomes[2].made, [crate::sign::SignKind::Plaque]);
        assert!(outcomes[1].made.is_empty());
        assert_eq!(outcomes[1].label, "乙站");
        assert!(
            outcomes[1].errors()[0].starts_with("生成这个站点时程序内部出错"),
            "{:?}",
            outcomes[1].errors()
        );
        let report = String::from_utf8(report_csv(&outcomes)).unwrap_or_default();
        assert_eq!(report.lines().count(), 4, "{report}");
    }

    #[test]
    fn report_cells_never_run_as_formulas() {
        let outcomes = [Outcome {
            label: "=HYPERLINK(\"http://x\",\"点我\")".into(),
            folder: "+站".into(),
            made: Vec::new(),
            drafts: Vec::new(),
            diagnostics: vec![
                Diagnostic::warning(crate::model::FieldPath::none(), "-1+1"),
                Diagnostic::error(crate::model::FieldPath::none(), "@SUM(A1)"),
            ],
            failures: Vec::new(),
            cancelled: false,
        }];
        let text = String::from_utf8(report_csv(&outcomes)).unwrap_or_default();
        let mut reader =
            csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<Vec<String>> = reader
            .records()
            .flatten()
            .map(|record| record.iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(
            rows,
            [[
                "'=HYPERLINK(\"http://x\",\"点我\")",
                "",
                "'-1+1",
                "'@SUM(A1)",
                "'+站"
            ]]
        );
    }

    #[test]
    fn origins_point_to_roster_rows() {
        let origins = vec![
            ("staff[1]".into(), "“服务人员”表第 3 行".to_owned()),
            ("station".into(), "“站点”表第 2 行".to_owned()),
        ];
        let at = |field: &str, message: &str| {
            with_origin(Diagnostic::warning(field, message), &origins).message
        };
        assert_eq!(
            at("staff[1].photo", "没有照片"),
            "没有照片〔“服务人员”表第 3 行〕"
        );
        assert_eq!(at("staff[10].photo", "x"), "x");
        assert_eq!(at("station.name", "x"), "x〔“站点”表第 2 行〕");
        // A diagnostic about no one field is not placed in a row.
        assert_eq!(at("", "x"), "x");
    }
}
