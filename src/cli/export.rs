//! `liangpai export`: runs the export pipeline for one station and reports in Chinese.

use std::process::ExitCode;

use super::args::{ExportArgs, settings_from_args};
use crate::export::{ExportEvent, export_station, load_templates};

/// `liangpai export`: writes `<out>/<简称>-<公示牌>.pdf` (or `.png`, one per page; see
/// [`crate::export::naming`]) for each sign; warnings and problems go to stderr in Chinese. Exit
/// code 0, or 1 when the station has errors, lacks an essential of a chosen sign (without
/// `--draft`: nothing is written) or a file could not be written, 2 for bad options.
pub fn run_export(args: &ExportArgs) -> ExitCode {
    let settings = match settings_from_args(&args.signs, &args.format, args.dpi) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let station = match crate::storage::load(&args.file) {
        Ok(station) => station,
        Err(error) => {
            eprintln!("错误：{error}");
            return ExitCode::from(1);
        }
    };
    // Without a 简称, badges and door plates use the one proposed from the full name: say which.
    if station.station.short_name.trim().is_empty() && !station.station.name.trim().is_empty() {
        eprintln!(
            "提示：没有填写简称（station.short_name），工作证和功能室门牌使用建议的简称“{}”",
            station.short_name()
        );
    }
    // The station's own style pack (appearance.style_pack) when --style names none: its output
    // profile as well, as the app does.
    let mut settings = settings;
    if settings.style.is_none() {
        let (style, problem) =
            crate::export::station_style(&station, args.file.parent(), &settings);
        if let Some(problem) = problem {
            eprintln!("提醒：{}", problem.with_path());
        }
        super::args::set_style(&args.signs, &mut settings, style);
    }
    if let Some(style) = &settings.style {
        eprintln!("样式包：{}（{}）", style.name, style.file_name);
        for warning in &style.warnings {
            eprintln!("提醒：{warning}");
        }
    }
    let templates = load_templates(&settings);
    let (design, _) = crate::export::station_design(settings.design, &station);
    for (_, loaded) in templates.for_design(design) {
        if let Ok((_, warnings)) = loaded {
            for warning in warnings {
                eprintln!("提醒：{warning}");
            }
        }
    }
    let report = export_station(
        &station,
        args.file.parent(),
        &args.out,
        &settings,
        &templates,
    );
    for event in &report.events {
        match event {
            // Said once each, naming every sign, after the signs.
            ExportEvent::Diagnostic(_) => {}
            ExportEvent::Made {
                kind,
                pages,
                files,
                draft,
                ..
            } => {
                let names: Vec<String> = files
                    .iter()
                    .map(|file| file.path.display().to_string())
                    .collect();
                let what = if draft.is_empty() {
                    "已生成".to_owned()
                } else {
                    let lacks: Vec<&str> =
                        draft.iter().map(|essential| essential.label()).collect();
                    format!("已生成样稿（缺{}）", lacks.join("、"))
                };
                eprintln!(
                    "{what}：{}（{} 页）：{}",
                    kind.label(),
                    pages,
                    names.join("、")
                );
            }
            ExportEvent::Unfinished(unfinished) => {
                eprintln!("错误：公示牌缺少必备内容，没有生成任何文件：");
                for line in unfinished.lines(true) {
                    eprintln!("  · {line}");
                }
                eprintln!(
                    "请填写后再导出；只想先核对版面时，可加 --draft 生成样稿（{}）。",
                    crate::export::essentials::DRAFT_EXPLAINED
                );
            }
            ExportEvent::Skipped(kind) => eprintln!("跳过：{} 没有可生成的页面", kind.label()),
            ExportEvent::Failed(error) => eprintln!("错误：{error}"),
            ExportEvent::Cancelled(kind) => eprintln!("已取消：{}", kind.label()),
        }
    }
    for diagnostic in report.diagnostics() {
        eprintln!(
            "{}：{}：{}",
            args.file.display(),
            diagnostic.severity.label(),
            diagnostic.with_path()
        );
    }
    if !report.preflight().is_empty() {
        eprintln!(
            "{}；报告：{}",
            report.preflight_summary(),
            args.out
                .join(crate::export::preflight_file(&station))
                .display()
        );
    }
    let drafts = report.drafts();
    if !drafts.is_empty() {
        let labels: Vec<&str> = drafts.iter().map(|kind| kind.label()).collect();
        eprintln!(
            "注意：{} 是样稿（{}）。",
            labels.join("、"),
            crate::export::essentials::DRAFT_EXPLAINED
        );
    }
    if report.unfinished().is_some() {
        ExitCode::from(1)
    } else if report.failed() {
        eprintln!("有错误：请按上面的提示改正后再交付印刷。");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
