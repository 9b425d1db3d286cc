//! Why a background job of the app (an export, a print) did not succeed, typed up to the message
//! box that shows it.

use crate::export::ExportFailure;
use crate::print::PrintError;
use crate::sign::SignKind;

/// Which background job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// 导出.
    Export,
    /// 打印.
    Print,
}

impl JobKind {
    /// 导出 / 打印.
    pub fn verb(self) -> &'static str {
        match self {
            JobKind::Export => "导出",
            JobKind::Print => "打印",
        }
    }
}

/// Why an export or a print from the app did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Some signs or files of an export were not made: what was made, then why not the others.
    #[error("{made}。\n\n{}", failure_lines(failures))]
    NotAllMade {
        /// What was made (Chinese summary).
        made: String,
        /// Why the rest was not.
        failures: Vec<ExportFailure>,
    },
    /// The sign had nothing to export.
    #[error("{}没有内容，未导出", .0.label())]
    Empty(SignKind),
    /// Printing failed.
    #[error(transparent)]
    Print(#[from] PrintError),
    /// The worker failed inside (a program error).
    #[error("{}时程序内部出错，请把站点文件发给开发者", .0.verb())]
    Internal(JobKind),
    /// The worker ended without an answer.
    #[error("{}中断了", .0.verb())]
    Interrupted(JobKind),
    /// The worker thread could not be started.
    #[error("无法开始{}：{}", kind.verb(), crate::fsutil::io_message(source))]
    Start {
        /// Which job.
        kind: JobKind,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

fn failure_lines(failures: &[ExportFailure]) -> String {
    failures
        .iter()
        .map(|failure| format!("未能导出：{failure}"))
        .collect::<Vec<_>>()
        .join("\n")
}
