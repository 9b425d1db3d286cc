//! The app's background jobs (an export, a print, a batch): one [`Worker`] (a thread that catches
//! a panic, reports progress and sends its outcome back) and why a job did not succeed
//! ([`JobError`]), typed up to the message box that shows it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::batch::BatchError;
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
    /// 批量导出.
    Batch,
}

impl JobKind {
    /// 导出 / 打印.
    pub fn verb(self) -> &'static str {
        match self {
            JobKind::Export => "导出",
            JobKind::Print => "打印",
            JobKind::Batch => "批量导出",
        }
    }

    /// The worker thread's name after `liangpai-`.
    fn thread_name(self) -> &'static str {
        match self {
            JobKind::Export => "export",
            JobKind::Print => "print",
            JobKind::Batch => "batch",
        }
    }

    /// The files to send to the developers when the job fails inside.
    fn evidence(self) -> &'static str {
        match self {
            JobKind::Export | JobKind::Print => "站点文件",
            JobKind::Batch => "花名册或站点文件",
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
    /// A batch could not run (its input or output folder).
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// The worker failed inside (a program error).
    #[error("{}时程序内部出错，请把{}发给开发者", .0.verb(), .0.evidence())]
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

/// A job on a worker thread (an export, a print, a batch): the one place a thread is started,
/// a panic caught ([`JobError::Internal`]) and the outcome sent back. While it runs, the job may
/// report progress (`P`: a batch's stations done); every message wakes the window.
pub struct Worker<P, T> {
    receiver: Receiver<Message<P, T>>,
    kind: JobKind,
}

/// What a worker sends back.
enum Message<P, T> {
    Progress(P),
    Done(Result<T, JobError>),
}

/// A job's way to report progress to the window (from any of its threads).
pub struct Progress<P> {
    send: Box<dyn Fn(P) + Send + Sync>,
}

impl<P> Progress<P> {
    /// Sends `progress` to the window and wakes it.
    pub fn send(&self, progress: P) {
        (self.send)(progress);
    }
}

/// What a worker has sent since it was last asked.
pub struct Polled<P, T> {
    /// The progress reported, in order.
    pub progress: Vec<P>,
    /// The outcome, once the job has ended ([`JobError::Interrupted`] when the worker ended
    /// without one).
    pub outcome: Option<Result<T, JobError>>,
}

impl<P: Send + 'static, T: Send + 'static> Worker<P, T> {
    /// Runs `work` on a worker thread named `liangpai-<kind>`, giving it a [`Progress`] to report
    /// through. `Err` when the thread cannot be started.
    pub fn start(
        ctx: &egui::Context,
        kind: JobKind,
        work: impl FnOnce(&Progress<P>) -> Result<T, JobError> + Send + 'static,
    ) -> Result<Worker<P, T>, JobError> {
        let (sender, receiver) = channel::<Message<P, T>>();
        let progress = {
            let sender = sender.clone();
            let ctx = ctx.clone();
            Progress {
                send: Box::new(move |progress| {
                    let _ = sender.send(Message::Progress(progress));
                    ctx.request_repaint();
                }),
            }
        };
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name(format!("liangpai-{}", kind.thread_name()))
            .spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| work(&progress)))
                    .unwrap_or(Err(JobError::Internal(kind)));
                let _ = sender.send(Message::Done(outcome));
                ctx.request_repaint();
            })
            .map_err(|source| JobError::Start { kind, source })?;
        Ok(Worker { receiver, kind })
    }
}

impl<P, T> Worker<P, T> {
    /// What the job sent since the last poll: its progress, and its outcome once it has ended.
    pub fn poll(&self) -> Polled<P, T> {
        let mut polled = Polled {
            progress: Vec::new(),
            outcome: None,
        };
        loop {
            match self.receiver.try_recv() {
                Ok(Message::Progress(progress)) => polled.progress.push(progress),
                Ok(Message::Done(outcome)) => {
                    polled.outcome = Some(outcome);
                    break;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    polled.outcome = Some(Err(JobError::Interrupted(self.kind)));
                    break;
                }
            }
        }
        polled
    }

    /// The outcome, once the job has ended (for jobs that report no progress).
    pub fn outcome(&self) -> Option<Result<T, JobError>> {
        self.poll().outcome
    }
}

fn failure_lines(failures: &[ExportFailure]) -> String {
    failures
        .iter()
        .map(|failure| format!("未能导出：{failure}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// Polls `worker` until it has ended: the progress reported and the outcome.
    fn wait<P, T>(worker: &Worker<P, T>) -> (Vec<P>, Result<T, JobError>) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut progress = Vec::new();
        loop {
            let polled = worker.poll();
            progress.extend(polled.progress);
            if let Some(outcome) = polled.outcome {
                return (progress, outcome);
            }
            assert!(Instant::now() < deadline, "the worker never ended");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn progress_comes_in_order_before_the_outcome() {
        let ctx = egui::Context::default();
        let worker = Worker::start(&ctx, JobKind::Batch, |progress| {
            for station in 1..=5_u32 {
                progress.send(station);
            }
            Ok("全部完成")
        })
        .unwrap_or_else(|error| panic!("{error}"));
        let (progress, outcome) = wait(&worker);
        assert_eq!(progress, [1, 2, 3, 4, 5]);
        assert!(matches!(outcome, Ok("全部完成")));
    }

    #[test]
    fn a_job_that_panics_ends_with_a_chinese_message_naming_the_job() {
        let ctx = egui::Context::default();
        for (kind, expected) in [
            (
                JobKind::Export,
                "导出时程序内部出错，请把站点文件发给开发者",
            ),
            (JobKind::Print, "打印时程序内部出错，请把站点文件发给开发者"),
            (
                JobKind::Batch,
                "批量导出时程序内部出错，请把花名册或站点文件发给开发者",
            ),
        ] {
            let worker: Worker<(), ()> = Worker::start(&ctx, kind, |progress| {
                progress.send(());
                panic!("排版出错");
            })
            .unwrap_or_else(|error| panic!("{error}"));
            let (progress, outcome) = wait(&worker);
            assert_eq!(
                progress.len(),
                1,
                "what was reported before the panic arrives"
            );
            match outcome {
                Err(error @ JobError::Internal(_)) => assert_eq!(error.to_string(), expected),
                other => panic!("{kind:?}: {:?}", other.map(|()| "ok")),
            }
        }
    }
}
