//! The command line: `liangpai check`, `export`, `batch`, `print`, `printers`, and (without a command) the desktop app.

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
    /// 检查站点文件，逐条列出问题（错误和提醒）
    Check {
        /// 一个或多个站点文件（.json）
        #[arg(required = true, value_name = "站点文件")]
        files: Vec<PathBuf>,
    },
    /// 导出公示牌（PDF 或 PNG）
    Export(ExportArgs),
    /// 批量导出多个站点的全套公示牌（站点文件夹、Excel 花名册或 CSV）
    Batch(crate::batch::BatchArgs),
    /// 打印一种公示牌
    Print(crate::print::PrintArgs),
    /// 列出这台电脑上的打印机
    Printers,
}

/// The sign options shared by `liangpai export` and `liangpai batch`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SignArgs {
    /// 公示牌种类：plaque、services、staff、process……或 all（全套）
    #[arg(long, default_value = "all", value_name = "种类")]
    pub sign: String,
    /// 纸张尺寸：A4、A3、A2、A1、A0 或 宽x高mm（如 600x900mm）；默认为各公示牌的标准尺寸
    #[arg(long, value_name = "尺寸")]
    pub size: Option<String>,
    /// 横版
    #[arg(long, conflicts_with = "portrait")]
    pub landscape: bool,
    /// 竖版
    #[arg(long)]
    pub portrait: bool,
    /// 出血（毫米，0 到 10）
    #[arg(long, default_value_t = 3.0, value_name = "毫米")]
    pub bleed: f32,
    /// 加裁切线
    #[arg(long)]
    pub crop_marks: bool,
    /// 配色：social_work_station（蓝绿）、minors_protection（暖色）、elderly_service（高对比）；默认按场所类型
    #[arg(long, value_name = "配色")]
    pub theme: Option<String>,
    /// 颜色按 CMYK 写入（简单换算，照片仍为 RGB；印刷厂要求时使用）
    #[arg(long)]
    pub cmyk: bool,
    /// 自定义模板文件夹（其中的 <种类>.toml 替换内置模板）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// 写入 PDF 的固定日期 YYYY-MM-DD（同样的输入得到完全相同的文件）
    #[arg(long, value_name = "日期")]
    pub date: Option<String>,
}

/// `liangpai export` options.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// 站点文件（.json）
    #[arg(value_name = "站点文件")]
    pub file: PathBuf,
    /// 输出文件夹
    #[arg(long, value_name = "文件夹")]
    pub out: PathBuf,
    /// 公示牌选项
    #[command(flatten)]
    pub signs: SignArgs,
    /// 输出格式：pdf 或 png
    #[arg(long, default_value = "pdf", value_name = "格式")]
    pub format: String,
    /// PNG 的分辨率（每英寸点数）
    #[arg(long, default_value_t = 150.0, value_name = "dpi")]
    pub dpi: f32,
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
            file => crate::app::run(file),
        },
        Some(Command::Check { files }) => check(&files),
        Some(Command::Export(args)) => crate::export::run_export(&args),
        Some(Command::Batch(args)) => crate::batch::run_batch(&args),
        Some(Command::Print(args)) => crate::print::run_print(&args),
        Some(Command::Printers) => crate::print::run_printers(),
    }
}

/// `liangpai check`: prints every problem, one line each (file, field, message).
fn check(files: &[PathBuf]) -> ExitCode {
    let mut any_error = false;
    for path in files {
        match crate::storage::load(path) {
            Err(error) => {
                any_error = true;
                println!("{}：错误：{error}", path.display());
            }
            Ok(station) => {
                // The same picture problems as an export meets: one reader, one decoder.
                let mut problems = model::validate(&station);
                problems.extend(crate::assets::load(&station, path.parent()).problems);
                let errors = problems
                    .iter()
                    .filter(|problem| problem.severity == Severity::Error)
                    .count();
                any_error |= errors > 0;
                for problem in &problems {
                    let label = problem.field.label();
                    println!(
                        "{}：{}：{}（{}）：{}",
                        path.display(),
                        problem.severity.label(),
                        problem.field,
                        if label.is_empty() { "—" } else { &label },
                        problem.message
                    );
                }
                println!(
                    "{}：检查完毕，{} 个错误，{} 个提醒。",
                    path.display(),
                    errors,
                    problems.len() - errors
                );
            }
        }
    }
    if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
