//! The command line: `liangpai check`, `export`, `batch`, `print`, `printers`, `style`, and (without a
//! command) the desktop app. The top layer: the only module that knows clap, prints, or picks
//! exit codes (0 success, 1 errors in the data, 2 usage errors). The library below returns typed
//! errors; the runners here turn them into Chinese lines and exit codes.

mod args;
mod batch;
mod export;
mod print;
mod style;

pub use args::{BatchArgs, ExportArgs, PrintArgs, SignArgs, settings_from_args};
pub use style::{MakeArgs, StyleCommand};

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model::{self, Severity};

/// 亮牌：乡镇（街道）社工站公示牌制作工具。不带参数运行时打开程序窗口。
#[derive(Debug, Parser)]
#[command(name = "liangpai", version, about, long_about = None)]
#[command(disable_help_subcommand = true, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// 要执行的命令
    #[command(subcommand)]
    pub command: Option<Command>,
    /// 在程序窗口中打开的站点文件
    #[arg(value_name = "站点文件")]
    pub file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查站点文件或自定义模板，逐条列出问题（错误和提醒）
    Check {
        /// 一个或多个站点文件（.json）；只检查模板（--templates）或列出固定标题（--headings）时可以不写
        #[arg(required_unless_present_any = ["templates", "headings"], value_name = "站点文件")]
        files: Vec<PathBuf>,
        /// 检查这个文件夹中的自定义模板（每个 .toml，以及 themes.toml）：列出每个问题的文件和行号
        #[arg(long, value_name = "文件夹")]
        templates: Option<PathBuf>,
        /// 自己的字体文件夹（.ttf、.otf、.ttc）：内置字体没有的字先在这里找，再用后备字体
        #[arg(long, value_name = "文件夹")]
        fonts: Option<PathBuf>,
        /// 列出公示牌上全部固定标题（标题、标签、表头）的中文，供语委翻译：写民族文字，如 ug 或 维吾尔文；同时写一个站点文件时列出它现有的译文。输出用制表符分隔，可直接粘贴到 Excel
        #[arg(long, value_name = "民族文字", conflicts_with = "templates")]
        headings: Option<String>,
    },
    /// 导出公示牌（PDF 或 PNG）
    Export(ExportArgs),
    /// 批量导出多个站点的全套公示牌（站点文件夹、Excel 花名册或 CSV）
    Batch(BatchArgs),
    /// 打印一种公示牌
    Print(PrintArgs),
    /// 列出这台电脑上的打印机
    Printers,
    /// 样式包（.lpstyle，县区统一标识）：make 制作、show 查看
    #[command(subcommand)]
    Style(StyleCommand),
}

/// Runs the program with these arguments and returns its exit code:
/// 0 success (warnings allowed), 1 errors in the data, 2 usage errors.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(match error.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            });
        }
    };
    match cli.command {
        None => match cli.file {
            // A word that is neither a file nor a .json name is a mistyped command, not a station.
            Some(file)
                if !file.exists() && !file.to_string_lossy().to_lowercase().ends_with(".json") =>
            {
                eprintln!(
                    "错误：没有“{}”这个命令，也没有这个文件。可用的命令见 liangpai --help",
                    file.display()
                );
                ExitCode::from(2)
            }
            file => match crate::app::run(file, timing_sink()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("{error}");
                    ExitCode::from(1)
                }
            },
        },
        Some(Command::Check {
            headings: Some(language),
            files,
            ..
        }) => ExitCode::from(list_headings(&language, &files)),
        Some(Command::Check {
            files,
            fonts,
            templates,
            headings: None,
        }) => {
            let templates_code = templates.as_deref().map_or(0, check_templates);
            if templates_code == 2 || files.is_empty() {
                return ExitCode::from(templates_code);
            }
            ExitCode::from(check(&files, fonts.as_deref()).max(templates_code))
        }
        Some(Command::Export(args)) => export::run_export(&args),
        Some(Command::Batch(args)) => batch::run_batch(&args),
        Some(Command::Print(args)) => print::run_print(&args),
        Some(Command::Printers) => print::run_printers(),
        Some(Command::Style(command)) => style::run_style(&command),
    }
}

/// With `LIANGPAI_TIMING` set, the app's timing lines (first frame, slow frames, preview updates)
/// go to stderr.
fn timing_sink() -> Option<crate::app::TimingSink> {
    std::env::var_os("LIANGPAI_TIMING")
        .map(|_| std::sync::Arc::new(|line: String| eprintln!("{line}")) as crate::app::TimingSink)
}

/// `liangpai check --templates DIR`: every problem of every template file, one line each (file,
/// line, 错误/提醒, message), then a summary per file. Exit 1 when any file has an error, 2 when
/// the folder cannot be read.
fn check_templates(folder: &std::path::Path) -> u8 {
    let files = match crate::export::check_template_folder(folder) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("错误：{error}");
            return 2;
        }
    };
    if files.is_empty() {
        println!(
            "{}：错误：文件夹中没有 .toml 模板文件（模板文件以公示牌种类命名，如 board.toml；内置模板见 templates/README.md）",
            folder.display()
        );
        return 1;
    }
    let mut any_error = false;
    for (path, problems) in &files {
        let errors = problems
            .iter()
            .filter(|problem| problem.severity == Severity::Error)
            .count();
        any_error |= errors > 0;
        for problem in problems {
            let place = match problem.line {
                Some(line) => format!("{} 第 {line} 行", problem.file),
                None => problem.file.clone(),
            };
            println!("{place}：{}：{}", problem.severity.label(), problem.message);
        }
        println!(
            "{}：检查完毕，{} 个错误，{} 个提醒。",
            path.display(),
            errors,
            problems.len() - errors
        );
    }
    u8::from(any_error)
}

/// `liangpai check --headings LANG [站点文件]`: every heading key with its Chinese and, when a
/// station file is given, its translation there (its style pack's when it has none of its own),
/// tab-separated for pasting into Excel. Exit 2 for an unknown language or more than one file, 1
/// when the station file cannot be read.
fn list_headings(language: &str, files: &[PathBuf]) -> u8 {
    let Some(language) = model::language_by_name(language) else {
        eprintln!(
            "错误：--headings 的值“{}”不对，应为民族文字，可选：{}",
            model::preview(language.trim(), 20),
            model::language_choices()
        );
        return 2;
    };
    let station = match files {
        [] => None,
        [path] => match crate::storage::load(path) {
            Ok(station) => {
                let settings = crate::export::ExportSettings::whole_set(0.0, false, None);
                let (style, problem) =
                    crate::export::station_style(&station, path.parent(), &settings);
                if let Some(problem) = problem {
                    eprintln!("{}：提醒：{problem}", path.display());
                }
                Some(match style {
                    Some(style) => crate::style_pack::apply(
                        &station,
                        &style,
                        &crate::export::export_date_iso(&settings),
                    ),
                    None => station,
                })
            }
            Err(error) => {
                eprintln!("{}：错误：{error}", path.display());
                return 1;
            }
        },
        _ => {
            eprintln!("错误：--headings 只能和一个站点文件一起用（列出这个站点现有的译文）");
            return 2;
        }
    };
    let name = language.chinese_name();
    let headings = station.map(|station| station.headings).unwrap_or_default();
    let rows = model::heading_rows(&headings, language);
    println!("键\t中文\t{name}");
    for row in &rows {
        println!(
            "{}\t{}\t{}",
            row.key,
            row.chinese,
            row.translation.unwrap_or("")
        );
    }
    let done = rows.iter().filter(|row| row.translation.is_some()).count();
    eprintln!(
        "共 {} 个固定标题，已有{name}译文 {done} 个，还缺 {} 个。译好后写入站点文件的 headings.{}（或样式包的 headings.toml）",
        rows.len(),
        rows.len() - done,
        language.tag()
    );
    0
}

/// `liangpai check`: prints every problem, one line each (file, field, message).
fn check(files: &[PathBuf], fonts_dir: Option<&std::path::Path>) -> u8 {
    let fonts = match args::user_fonts(fonts_dir) {
        Ok(fonts) => fonts,
        Err(message) => {
            eprintln!("{message}");
            return 2;
        }
    };
    let mut any_error = false;
    for path in files {
        match crate::storage::load(path) {
            Err(error) => {
                any_error = true;
                match error.field() {
                    Some(field) => println!("{}：错误：{error}（{field}）", path.display()),
                    None => println!("{}：错误：{error}", path.display()),
                }
            }
            Ok(station) => {
                // The one station check every export makes: the style pack the station names
                // applied (a 监督电话 the pack provides is not asked for), each picture read once.
                let mut settings = crate::export::ExportSettings::whole_set(0.0, false, None);
                settings.layout.fonts = fonts.clone();
                let checked = crate::export::check_station(&station, path.parent(), &settings);
                if let Some(refused) = &checked.refused
                    && *refused != crate::export::StationRefused::PicturesOverBudget
                {
                    any_error = true;
                    println!("{}：错误：{refused}", path.display());
                    continue;
                }
                let (errors, warnings) = model::count(&checked.diagnostics);
                any_error |= checked.failed();
                for diagnostic in &checked.diagnostics {
                    println!("{}", check_line(path, diagnostic));
                }
                println!(
                    "{}：检查完毕，{errors} 个错误，{warnings} 个提醒。",
                    path.display(),
                );
            }
        }
    }
    u8::from(any_error)
}

/// One line of `liangpai check`: the file, 错误/提醒, where the field is in the form, the message,
/// then the field path for county IT staff: `站点.json：错误：联系方式 › 服务热线：服务热线“0994-682abcd”里有字母 abcd…（contacts.hotline）`.
fn check_line(path: &std::path::Path, diagnostic: &model::Diagnostic) -> String {
    let place = diagnostic.field.describe_long();
    let place = if place.is_empty() {
        String::new()
    } else {
        format!("{place}：")
    };
    format!(
        "{}：{}：{place}{}",
        path.display(),
        diagnostic.severity.label(),
        diagnostic.with_path()
    )
}
