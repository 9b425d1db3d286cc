//! `liangpai batch`: runs the batch with a progress bar (on a terminal) or one line per station.

use std::io::IsTerminal;
use std::process::ExitCode;

use super::args::{BatchArgs, settings_from_args};
use crate::batch::{Outcome, Progress, roster};
use crate::export::{DEFAULT_DPI, ExportSettings};

/// `liangpai batch`. Exit code 0 when every station was made without errors, 1 when any failed
/// (the others are still made), 2 for bad options.
pub fn run_batch(args: &BatchArgs) -> ExitCode {
    if let Some(path) = &args.write_template {
        let (languages, unknown) =
            roster::parse_languages(args.languages.as_deref().unwrap_or_default());
        if !unknown.is_empty() {
            eprintln!(
                "错误：--languages 的“{}”不是本程序认识的民族文字，可选：{}",
                unknown.join("、"),
                crate::model::language_choices()
            );
            return ExitCode::from(2);
        }
        return match roster::write_template_in(path, &languages) {
            Ok(()) => {
                let columns = if languages.is_empty() {
                    String::new()
                } else {
                    let names: Vec<&str> = languages
                        .iter()
                        .map(|language| language.chinese_name())
                        .collect();
                    format!(
                        "；{}译文填在“列名（{}）”列",
                        names.join("、"),
                        names.first().copied().unwrap_or_default()
                    )
                };
                eprintln!(
                    "已生成花名册模板：{}（第 2 行起是示例站点，请改成自己的站点或删除{columns}）",
                    path.display()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("错误：{error}");
                ExitCode::from(1)
            }
        };
    }
    let (Some(input), Some(out)) = (&args.input, &args.out) else {
        eprintln!("错误：请给出输入（站点文件夹或花名册）和 --out 输出文件夹");
        return ExitCode::from(2);
    };
    if args.jobs == Some(0) {
        eprintln!("错误：--jobs 至少为 1");
        return ExitCode::from(2);
    }
    let settings = match settings_from_args(&args.signs, "pdf", DEFAULT_DPI) {
        // Thousands of files that can be made again: a sync per file would take longer than
        // making them (see fsutil::write_atomic_with).
        Ok(settings) => ExportSettings {
            durable: false,
            ..settings
        },
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    // A user template with errors is replaced by the built-in one for every station: say so
    // once, before the stations, naming the file and lines.
    // (The same warnings in every design: those of the first design loaded.)
    let templates = crate::export::load_templates(&settings);
    for (_, loaded) in templates.for_design(crate::values::DesignId::Standard) {
        if let Ok((_, warnings)) = loaded {
            for warning in warnings {
                eprintln!("提醒：{warning}");
            }
        }
    }
    let progress = Bar::new();
    match crate::batch::batch(input, out, &settings, args.jobs, &progress) {
        Ok(summary) => {
            eprintln!("{}", summary.message(out));
            if summary.failed > 0 || summary.roster_problems > 0 || summary.cancelled > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            progress.bar.finish_and_clear();
            eprintln!("错误：{error}");
            ExitCode::from(1)
        }
    }
}

/// The batch's progress on stderr: a bar on a terminal, else one line per station.
struct Bar {
    bar: indicatif::ProgressBar,
    terminal: bool,
}

impl Bar {
    fn new() -> Bar {
        Bar {
            bar: indicatif::ProgressBar::hidden(),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn show(&self, line: String) {
        if self.bar.is_hidden() {
            eprintln!("{line}");
        } else {
            self.bar.println(line);
        }
    }
}

impl Progress for Bar {
    fn started(&self, stations: usize, notes: &[String], problems: &[String]) {
        for note in notes {
            eprintln!("提醒：{note}");
        }
        for problem in problems {
            eprintln!("错误：{problem}");
        }
        if self.terminal {
            self.bar.set_length(stations as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} 个站点  已用 {elapsed}  还需约 {eta}  {wide_msg}",
            ) {
                self.bar.set_style(style);
            }
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.bar.reset_elapsed();
        }
    }

    fn station_done(&self, outcome: &Outcome) {
        if outcome.failed() {
            self.show(format!(
                "出错：{}：{}",
                outcome.label,
                outcome.errors().join("；")
            ));
        } else if self.bar.is_hidden() {
            self.show(format!(
                "已生成：{}（{} 种公示牌{}）",
                outcome.label,
                outcome.made.len(),
                if outcome.warnings().is_empty() {
                    String::new()
                } else {
                    format!("，{} 条提醒", outcome.warnings().len())
                }
            ));
        }
        self.bar.set_message(outcome.label.clone());
        self.bar.inc(1);
    }

    fn finished(&self) {
        self.bar.finish_and_clear();
    }
}
