//! Printing through a real CUPS server with the cups-pdf virtual printer “PDF” (set up by
//! `.ci/run`): `liangpai print` must put a PDF in cups-pdf's output folder. Without a local CUPS
//! the test is skipped with a message, unless LIANGPAI_CUPS_TEST=1 (CI), which makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

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

fn pdfs_newer_than(folders: &[PathBuf], since: SystemTime) -> Vec<PathBuf> {
    folders
        .iter()
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().is_some_and(|extension| extension == "pdf")
                && std::fs::metadata(path)
                    .and_then(|metadata| metadata.modified())
                    .is_ok_and(|modified| modified >= since)
        })
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

    let folders = cups_pdf_folders();
    let since = SystemTime::now() - Duration::from_secs(1);
    let (code, text) = liangpai(
        &["print", &example(), "--sign", "plaque", "--printer", "PDF"],
        &[],
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("已发送到打印机"), "{text}");
    let started = Instant::now();
    let printed = loop {
        let found = pdfs_newer_than(&folders, since);
        let complete: Vec<PathBuf> = found
            .into_iter()
            .filter(|path| {
                std::fs::read(path).is_ok_and(|bytes| {
                    bytes.starts_with(b"%PDF") && bytes.windows(5).any(|w| w == b"%%EOF")
                })
            })
            .collect();
        if let Some(path) = complete.into_iter().next() {
            break path;
        }
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "no PDF appeared in {folders:?} within 90 s (lpstat -o: {})",
            lpstat("-o")
        );
        std::thread::sleep(Duration::from_millis(300));
    };
    let info = Command::new("pdfinfo").arg(&printed).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let field = |name: &str| {
        info.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|value| value.trim().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(field("Pages:"), "1", "{info}");
    // Printed on A4 (the landscape plaque is laid out on A4 landscape and fitted to the paper).
    assert!(field("Page size:").contains("(A4)"), "{info}");
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
