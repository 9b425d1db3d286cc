//! Set-up shared by the integration tests: running the `liangpai` binary, the shared example
//! stations, and file dialogs answered from a queue for the app tests. Each test file uses
//! only part of it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;

use liangpai::app::{Choice, Dialogs, FilePurpose, FileRequest, LiangpaiApp};

/// Runs the `liangpai` binary with `args`: its exit code (-1 when killed) and its stdout
/// followed by its stderr.
pub fn liangpai(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

/// The shared example stations' folder (`../shared/examples`).
pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples")
}

/// The same folder under the name the app tests use.
pub fn example_dir() -> PathBuf {
    examples()
}

/// Answers file dialogs from a queue and remembers what was asked.
#[derive(Clone, Default)]
pub struct FakeDialogs {
    answers: Rc<RefCell<VecDeque<Option<PathBuf>>>>,
    asked: Rc<RefCell<Vec<FileRequest>>>,
}

impl FakeDialogs {
    /// Queues the answer to the next dialog (`None`: cancelled).
    pub fn answer(&self, path: Option<PathBuf>) {
        self.answers.borrow_mut().push_back(path);
    }
    /// What the dialogs asked for so far, in order.
    pub fn asked(&self) -> Vec<FilePurpose> {
        self.asked
            .borrow()
            .iter()
            .map(|request| request.purpose)
            .collect()
    }
}

impl FakeDialogs {
    /// The dialogs asked for so far, in order, with their titles and proposed names.
    pub fn requests(&self) -> Vec<FileRequest> {
        self.asked.borrow().clone()
    }
}

impl Dialogs for FakeDialogs {
    fn choose(&mut self, request: &FileRequest) -> Choice {
        self.asked.borrow_mut().push(request.clone());
        Choice::from_option(self.answers.borrow_mut().pop_front().flatten())
    }
}

/// Runs frames until the app has nothing left to do (at most a minute).
pub fn settle(harness: &mut Harness<'static, LiangpaiApp>) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while harness.run_ok().is_none() {
        assert!(Instant::now() < deadline, "the UI never settled");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A copy of the example station (with its photos) in `dir`; returns the station file.
pub fn copy_example(dir: &Path) -> PathBuf {
    let source = example_dir();
    std::fs::create_dir_all(dir.join("photos")).expect("photos folder");
    for entry in std::fs::read_dir(source.join("photos")).expect("example photos") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join("photos").join(entry.file_name()))
            .expect("copy photo");
    }
    let file = dir.join("liuxi-station.json");
    std::fs::copy(source.join("liuxi-station.json"), &file).expect("copy station");
    file
}

/// The app in a window of `size` points at `scale` (pixels per point), fonts installed.
pub fn harness_sized(
    config: liangpai::app::AppConfig,
    size: egui::Vec2,
    scale: f32,
) -> Harness<'static, LiangpaiApp> {
    Harness::builder()
        .with_size(size)
        .with_pixels_per_point(scale)
        .with_context_setup(liangpai::app::install_fonts)
        .build_eframe(move |cc| LiangpaiApp::new(&cc.egui_ctx, config))
}

/// Steps frames until `done` holds (previews and exports run on worker threads), at most two
/// minutes, then settles.
pub fn wait_until(
    harness: &mut Harness<'static, LiangpaiApp>,
    what: &str,
    done: impl Fn(&LiangpaiApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    settle(harness);
}

/// One key stroke per frame, as a person types: each character its own `Text` event.
pub fn type_slowly(harness: &mut Harness<'static, LiangpaiApp>, text: &str) {
    for character in text.chars() {
        harness.event(egui::Event::Text(character.to_string()));
        harness.step();
        harness.step();
    }
    settle(harness);
}

/// The exported files in `path`'s folder whose names end with `-<file name of path>`: every
/// export names its files `<简称>-<公示牌名称>…` (see `liangpai::export::naming`), so
/// `sign_files(out.join("站点门牌.pdf"))` finds `out/柳溪镇社工站-站点门牌.pdf`. Drafts
/// (`样稿-…`) are left out.
pub fn sign_files(path: impl AsRef<Path>) -> Vec<PathBuf> {
    let path = path.as_ref();
    let folder = path.parent().unwrap();
    let ending = format!("-{}", path.file_name().unwrap().to_string_lossy());
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|file| {
                    let name = file.file_name().unwrap().to_string_lossy().into_owned();
                    name.ends_with(&ending) && !name.starts_with("样稿")
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The one exported file that [`sign_files`] finds; panics (listing the folder) unless there is
/// exactly one.
pub fn sign_file(path: impl AsRef<Path>) -> PathBuf {
    let path = path.as_ref();
    let found = sign_files(path);
    match found.as_slice() {
        [one] => one.clone(),
        _ => {
            let listed: Vec<String> = std::fs::read_dir(path.parent().unwrap())
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|entry| entry.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            panic!(
                "expected one file ending with -{}, found {found:?}; the folder has {listed:?}",
                path.file_name().unwrap().to_string_lossy()
            )
        }
    }
}

/// `folder.sign("站点门牌.pdf")`: the [`sign_file`] of `folder.join("站点门牌.pdf")`.
pub trait SignPath {
    /// The one exported file in this folder whose name ends with `-<ending>`.
    fn sign(&self, ending: &str) -> PathBuf;
}

impl<T: AsRef<Path>> SignPath for T {
    fn sign(&self, ending: &str) -> PathBuf {
        sign_file(self.as_ref().join(ending))
    }
}
