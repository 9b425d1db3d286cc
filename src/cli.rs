//! The command line: `liangpai check`, `liangpai export`, and (without a command) the desktop app.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::model::{self, Severity, StationFile};

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
        None => crate::app::run(cli.file),
        Some(Command::Check { files }) => check(&files),
    }
}

/// `liangpai check`: prints every problem, one line each (file, field, message).
fn check(files: &[PathBuf]) -> ExitCode {
    let mut any_error = false;
    for path in files {
        match StationFile::load(path) {
            Err(error) => {
                any_error = true;
                println!("{}：错误：{error}", path.display());
            }
            Ok(station) => {
                let problems = model::validate(&station, path.parent());
                let errors = problems
                    .iter()
                    .filter(|problem| problem.severity == Severity::Error)
                    .count();
                any_error |= errors > 0;
                for problem in &problems {
                    let label = model::field_label(&problem.field);
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
