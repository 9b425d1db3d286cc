//! The app's background jobs (an export, a print): one worker (a thread that catches a panic and
//! sends its outcome back) and why a job did not succeed, typed up to the message box that shows
//! it.

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
    /// Signs lack an essential (station name, 监督电话, 更新日期) and no draft was asked for:
    /// what is missing and where to fill it in (Chinese).
    #[error("{0}")]
    Unfinished(String),
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

/// Runs `work` on a worker thread named `liangpai-<what>`: its outcome (or
/// [`JobError::Internal`] when it panics) is sent back and the window repainted. `Err` when the
/// thread cannot be started.
pub(super) fn spawn<T: Send + 'static>(
    ctx: &egui::Context,
    kind: JobKind,
    work: impl FnOnce() -> Result<T, JobError> + Send + 'static,
) -> Result<std::sync::mpsc::Receiver<Result<T, JobError>>, JobError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let ctx = ctx.clone();
    let name = match kind {
        JobKind::Export => "liangpai-export",
        JobKind::Print => "liangpai-print",
    };
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
                .unwrap_or(Err(JobError::Internal(kind)));
            let _ = sender.send(outcome);
            ctx.request_repaint();
        })
        .map_err(|source| JobError::Start { kind, source })?;
    Ok(receiver)
}

/// The outcome of a job on a worker thread, once it has sent one; [`JobError::Interrupted`] when
/// the worker ended without an answer.
pub(super) fn poll<T>(
    receiver: &std::sync::mpsc::Receiver<Result<T, JobError>>,
    kind: JobKind,
) -> Option<Result<T, JobError>> {
    use std::sync::mpsc::TryRecvError;
    match receiver.try_recv() {
        Ok(outcome) => Some(outcome),
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Disconnected) => Some(Err(JobError::Interrupted(kind))),
    }
}

fn failure_lines(failures: &[ExportFailure]) -> String {
    failures
        .iter()
        .map(|failure| format!("未能导出：{failure}"))
        .collect::<Vec<_>>()
        .join("\n")
}
