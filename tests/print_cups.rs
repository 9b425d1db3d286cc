//! Printing through a real CUPS server with the cups-pdf virtual printer “PDF” (set up by
//! `.ci/run`): `liangpai print` must put a PDF in cups-pdf's output folder. Without a local CUPS
//! the test is skipped with a message, unless LIANGPAI_CUPS_TEST=1 (CI), which makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn liangpai(args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code().unwrap_or(-1), text)
}

fn example() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/examples/liuxi-station.json")
        .display()
        .to_string()
}

fn lpstat(arg: &str) -> String {
    Command::new("lpstat")
        .arg(arg)
        .env("LC_ALL", "C")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default()
}

/// Whether a local CUPS with the printer “PDF” is there; skips (false) or, in CI, fails.
fn cups_with_pdf_printer() -> bool {
    let running = lpstat("-r").starts_with("scheduler is running");
    let has_printer = running && lpstat("-e").lines().any(|line| line.trim() == "PDF");
    if has_printer {
        return true;
    }
    let why = if running {
        "CUPS is running but has no printer named PDF (lpadmin -p PDF -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd -E)"
    } else {
        "no CUPS scheduler is running locally"
    };
    assert!(
        std::env::var("LIANGPAI_CUPS_TEST").as_deref() != Ok("1"),
        "LIANGPAI_CUPS_TEST=1 but {why}; bash .ci/run sets CUPS up"
    );
    eprintln!(
        "SKIPPED print_cups: {why}. Run bash .ci/run (or set up CUPS with cups-pdf) to run it."
    );
    false
}

/// Where cups-pdf writes: `Out` (with ${HOME} of this user) and `AnonDirName` from its
/// configuration, and their defaults.
fn cups_pdf_folders() -> Vec<PathBuf> {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let config = std::fs::read_to_string("/etc/cups/cups-pdf.conf").unwrap_or_default();
    let mut folders: Vec<PathBuf> = config
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            line.strip_prefix("Out ")
                .or_else(|| line.strip_prefix("AnonDirName "))
        })
        .map(|value| PathBuf::from(value.trim().replace("${HOME}", &home)))
        .collect();
    folders.push(PathBuf::from(home).join("PDF"));
    folders.push(PathBuf::from("/var/spool/cups-pdf/ANONYMOUS"));
    folders
}

/// Printing tests of this file one at a time (each looks for the newest PDF cups-pdf wrote).
static PRINTING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Prints the example's plaque to the printer “PDF” with `extra` options (one print job of
/// this file at a time): what liangpai said and the PDF cups-pdf wrote.
fn print_plaque_to_pdf_printer(extra: &[&str]) -> (String, PathBuf) {
    let _one_job_at_a_time = PRINTING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let folders = cups_pdf_folders();
    let before = pdfs_in(&folders);
    let example = example();
    let mut args = vec!["print", &example, "--sign", "plaque", "--printer", "PDF"];
    args.extend_from_slice(extra);
    let (code, text) = liangpai(&args, &[]);
    assert_eq!(code, 0, "{text}");
    let printed = wait_for_printed_pdf(&folders, &before);
    (text, printed)
}

/// The first complete PDF that appears in `folders` and is not one of `before` (within 90 s).
fn wait_for_printed_pdf(folders: &[PathBuf], before: &[PathBuf]) -> PathBuf {
    let started = Instant::now();
    loop {
        let found: Vec<PathBuf> = pdfs_in(folders)
            .into_iter()
            .filter(|path| !before.contains(path))
            .collect();
        let complete: Vec<PathBuf> = found
            .into_iter()
            .filter(|path| {
                std::fs::read(path).is_ok_and(|bytes| {
                    bytes.starts_with(b"%PDF") && bytes.windows(5).any(|w| w == b"%%EOF")
                })
            })
            .collect();
        if let Some(path) = complete.into_iter().next() {
            return path;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "no PDF appeared in {folders:?} within 90 s (lpstat -o: {})",
            lpstat("-o")
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn pdfinfo(path: &Path) -> String {
    let info = Command::new("pdfinfo").arg(path).output().unwrap();
    String::from_utf8_lossy(&info.stdout).into_owned()
}

fn field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|line| line.strip_prefix(name))
        .map(|value| value.trim().to_owned())
        .unwrap_or_default()
}

/// “W x H pts” of pdfinfo's “Page size:” line.
fn page_size_pt(info: &str) -> (f32, f32) {
    let size = field(info, "Page size:");
    let numbers: Vec<f32> = size
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    match numbers.as_slice() {
        [width, height, ..] => (*width, *height),
        _ => panic!("no page size in {info}"),
    }
}

/// The PDFs in `folders`.
fn pdfs_in(folders: &[PathBuf]) -> Vec<PathBuf> {
    folders
        .iter()
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "pdf"))
        .collect()
}

#[test]
fn printing_the_plaque_puts_a_pdf_in_the_cups_pdf_folder() {
    if !cups_with_pdf_printer() {
        return;
    }
    let (code, text) = liangpai(&["printers"], &[]);
    assert_eq!(code, 0, "{text}");
    assert!(text.lines().any(|line| line.starts_with("PDF")), "{text}");

    let (text, printed) = print_plaque_to_pdf_printer(&[]);
    assert!(text.contains("已发送到打印机"), "{text}");
    let info = pdfinfo(&printed);
    assert_eq!(field(&info, "Pages:"), "1", "{info}");
    // Printed on A4 (the landscape plaque is laid out on A4 landscape; the A4 sheet is fed
    // portrait and the page turned onto it).
    assert!(field(&info, "Page size:").contains("(A4)"), "{info}");
    // cups-pdf redraws the fonts as Type 3, so the text cannot be extracted: check the page has ink.
    let picture = std::env::temp_dir().join(format!("liangpai-printed-{}", std::process::id()));
    let status = Command::new("pdftoppm")
        .args(["-r", "20", "-png", "-singlefile"])
        .arg(&printed)
        .arg(&picture)
        .status()
        .unwrap();
    assert!(status.success());
    let png = picture.with_extension("png");
    let image = image::open(&png).unwrap().to_luma8();
    let _ = std::fs::remove_file(&png);
    let dark = image.pixels().filter(|pixel| pixel.0[0] < 128).count();
    let share = dark as f64 / (image.width() * image.height()) as f64;
    assert!(
        share > 0.05,
        "the printed page is almost blank ({share:.3} dark)"
    );
}

/// `--size 600x400mm`: the printer is asked for that paper (media=Custom.600x400mm), so
/// cups-pdf's page is 600×400 mm (1700.8×1133.9 pt), not its default A4.
#[test]
fn a_plaque_at_its_own_size_is_printed_on_paper_of_that_size() {
    if !cups_with_pdf_printer() {
        return;
    }
    let (_, printed) = print_plaque_to_pdf_printer(&["--size", "600x400mm"]);
    let info = pdfinfo(&printed);
    let (width_pt, height_pt) = page_size_pt(&info);
    let mm = |pt: f32| pt / 72.0 * 25.4;
    assert!(
        (mm(width_pt) - 600.0).abs() < 1.0 && (mm(height_pt) - 400.0).abs() < 1.0,
        "{info}"
    );
}

/// The screen picture is not printed: a usage error (exit 2) in Chinese, before CUPS is asked.
#[test]
fn the_screen_picture_is_not_printed() {
    let (code, text) = liangpai(
        &["print", &example(), "--sign", "screen"],
        &[("CUPS_SERVER", "127.0.0.1:9")],
    );
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("屏幕宣传图") && text.contains("不能打印") && text.contains("screen.png"),
        "{text}"
    );
    // The list of what can be printed leaves it out.
    let (code, text) = liangpai(&["print", &example(), "--sign", "门牌"], &[]);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("plaque") && !text.contains("screen"),
        "{text}"
    );
}

#[test]
fn unknown_printer_is_named_in_chinese() {
    if !cups_with_pdf_printer() {
        return;
    }
    let (code, text) = liangpai(
        &[
            "print",
            &example(),
            "--sign",
            "plaque",
            "--printer",
            "没有这台",
        ],
        &[],
    );
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("找不到打印机“没有这台”") && text.contains("PDF"),
        "{text}"
    );
}

/// Runs everywhere: a CUPS server that cannot be reached (or no CUPS at all) gives a Chinese
/// message and exit code 1, never a crash or English text.
#[test]
fn unreachable_cups_gives_a_clear_chinese_message() {
    let env = [("CUPS_SERVER", "127.0.0.1:9")];
    let (code, text) = liangpai(&["printers"], &env);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("打印服务没有运行") || text.contains("没有打印服务"),
        "{text}"
    );
    // The next step offered is a PDF, not a shell command.
    assert!(text.contains("导出PDF") && !text.contains("sudo"), "{text}");
    let (code, text) = liangpai(&["print", &example(), "--sign", "plaque"], &env);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("打印服务"), "{text}");
    let (code, text) = liangpai(&["print", &example(), "--sign", "门牌"], &env);
    assert_eq!(code, 2, "{text}");
}
