//! Printing: sends a sign to a printer through CUPS (`lp`, `lpstat`) on Linux and macOS, and
//! through the shell's print verb on Windows; lists the printers.
//!
//! Only `std::process::Command` is used, so every line compiles everywhere; the Windows code is
//! behind `cfg(windows)`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::layout::{LayoutOptions, Orientation, PageSize};
use crate::model::StationFile;
use crate::sign::SignKind;

/// A printer the system knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printer {
    /// Its name, as `--printer` takes it.
    pub name: String,
    /// Whether it is the system's default printer.
    pub is_default: bool,
}

/// Why printing did not happen. Every message is Chinese and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// No printing system is installed (no `lp`/`lpstat`).
    #[error(
        "这台电脑没有安装打印服务（找不到 lp 命令）。Linux 请安装 CUPS（如 sudo apt install cups cups-client），或把 PDF 拷到能打印的电脑上打印。"
    )]
    NoSpooler,
    /// CUPS is installed but not running, or cannot be reached.
    #[error(
        "打印服务（CUPS）没有运行，无法打印。请开启打印服务后再试（Linux：sudo systemctl start cups；macOS：在“打印机与扫描仪”中添加打印机会自动开启）。"
    )]
    NotRunning,
    /// No printer has been added.
    #[error("这台电脑上还没有添加打印机。请先在系统设置中添加打印机，再打印。")]
    NoPrinter,
    /// Several printers, none is the default, none was chosen.
    #[error("没有设置默认打印机，请选择一台打印机（可用的有：{available}）。")]
    NoDefault {
        /// The printers there are.
        available: String,
    },
    /// The printer asked for does not exist.
    #[error("找不到打印机“{name}”。可用的打印机：{available}。")]
    UnknownPrinter {
        /// The name asked for.
        name: String,
        /// The printers there are.
        available: String,
    },
    /// Copies out of range.
    #[error("打印份数应在 1 到 {} 之间。", MAX_COPIES)]
    BadCopies,
    /// The file to print is missing.
    #[error("要打印的文件 {} 不存在。", .0.display())]
    FileMissing(PathBuf),
    /// Windows: no program is registered to print PDF files.
    #[error(
        "这台电脑上没有能打印 PDF 的程序。请安装 PDF 阅读器（如 WPS、福昕阅读器），或用 PDF 阅读器打开导出的文件后打印。"
    )]
    NoPdfHandler,
    /// The temporary folder for the file to print cannot be made.
    #[error("无法准备要打印的公示牌：无法创建临时文件夹：{}", crate::fsutil::io_message(.0))]
    TempFolder(#[source] std::io::Error),
    /// The sign's template cannot be used.
    #[error("无法准备要打印的公示牌：{0}")]
    Template(#[from] crate::template::TemplateError),
    /// The sign was not made (the reasons the export gave, Chinese).
    #[error("无法准备要打印的公示牌：{0}")]
    NotMade(String),
    /// The printing program could not be started.
    #[error("打印失败：无法启动打印程序：{}", crate::fsutil::io_message(.0))]
    Spawn(#[source] std::io::Error),
    /// The printing system refused the job (what it said).
    #[error("打印失败：{0}")]
    Failed(String),
}

/// The most copies one command sends.
pub const MAX_COPIES: u32 = 999;

/// The printers the system knows, the default one marked.
pub fn list_printers() -> Result<Vec<Printer>, PrintError> {
    platform::list_printers()
}

/// Sends a PDF (or PNG) file to `printer` (the default printer when `None`), `copies` times.
/// The page is fitted to the printer's paper.
pub fn print_pdf(path: &Path, printer: Option<&str>, copies: u32) -> Result<(), PrintError> {
    if !(1..=MAX_COPIES).contains(&copies) {
        return Err(PrintError::BadCopies);
    }
    if !path.is_file() {
        return Err(PrintError::FileMissing(path.to_path_buf()));
    }
    let printers = list_printers()?;
    let chosen = choose_printer(&printers, printer)?;
    platform::print_file(path, &chosen, copies)
}

/// Picks the printer to use: the one named, else the default, else the only one.
pub fn choose_printer(printers: &[Printer], wanted: Option<&str>) -> Result<String, PrintError> {
    let available = || {
        printers
            .iter()
            .map(|printer| printer.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    if printers.is_empty() {
        return Err(PrintError::NoPrinter);
    }
    match wanted.map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) => printers
            .iter()
            .find(|printer| printer.name == name)
            .or_else(|| {
                printers
                    .iter()
                    .find(|printer| printer.name.eq_ignore_ascii_case(name))
            })
            .map(|printer| printer.name.clone())
            .ok_or_else(|| PrintError::UnknownPrinter {
                name: name.to_owned(),
                available: available(),
            }),
        None => match printers.iter().find(|printer| printer.is_default) {
            Some(printer) => Ok(printer.name.clone()),
            None => match printers {
                [only] => Ok(only.name.clone()),
                _ => Err(PrintError::NoDefault {
                    available: available(),
                }),
            },
        },
    }
}

/// What to print and where.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintOptions {
    /// Printer name; `None` for the default printer.
    pub printer: Option<String>,
    /// Copies (1 to [`MAX_COPIES`]).
    pub copies: u32,
    /// Paper; `None` for A4 (office printers).
    pub size: Option<PageSize>,
    /// Orientation; `None` follows the sign (landscape signs print landscape).
    pub orientation: Option<Orientation>,
    /// The fonts (bundled and the user's; the fallback is added when the station needs it).
    pub fonts: crate::fonts::Fonts,
    /// The style pack (样式包) to follow; `None`: the station's own, if it names one.
    pub style: Option<std::sync::Arc<crate::style_pack::StylePack>>,
    /// Built-in design (id or label); `None` follows the station's `appearance.design`.
    pub design: Option<String>,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            printer: None,
            copies: 1,
            size: None,
            orientation: None,
            fonts: crate::fonts::bundled().clone(),
            style: None,
            design: None,
        }
    }
}

/// Lays out one sign for an office printer (A4 unless another size is given, no bleed, no crop
/// marks; badges as the A4 sheet of badges; the screen picture as its PNG), writes it to a
/// temporary folder and prints it. This is what the app's 打印 button calls (on a worker thread:
/// it takes about as long as exporting the sign).
pub fn print_sign(
    station: &StationFile,
    base_dir: Option<&Path>,
    kind: SignKind,
    options: &PrintOptions,
) -> Result<(), PrintError> {
    if !(1..=MAX_COPIES).contains(&options.copies) {
        return Err(PrintError::BadCopies);
    }
    // Check the printer before the work of making the sign.
    let printers = list_printers()?;
    choose_printer(&printers, options.printer.as_deref())?;
    let folder = temp_folder().map_err(PrintError::TempFolder)?;
    let result = prepare(station, base_dir, kind, options, &folder)
        .and_then(|file| print_pdf(&file, options.printer.as_deref(), options.copies));
    // CUPS has its own copy once `lp` returns; Windows' print verb reads the file later.
    if cfg!(not(windows)) {
        let _ = std::fs::remove_dir_all(&folder);
    }
    result
}

/// A new folder of our own in the system's temporary folder (never one someone placed there).
fn temp_folder() -> std::io::Result<PathBuf> {
    crate::fsutil::create_private_dir(&std::env::temp_dir(), "liangpai-print")
}

/// Writes the file to print into `folder` and returns its path.
fn prepare(
    station: &StationFile,
    base_dir: Option<&Path>,
    kind: SignKind,
    options: &PrintOptions,
    folder: &Path,
) -> Result<PathBuf, PrintError> {
    // The station's own style pack when none is given: its templates decide the orientation.
    let (style, _) = crate::export::station_style(
        station,
        base_dir,
        &crate::export::ExportSettings {
            style: options.style.clone(),
            ..crate::export::ExportSettings::whole_set(0.0, false, None)
        },
    );
    let design = options
        .design
        .as_deref()
        .or(style.as_ref().and_then(|style| style.design.as_deref()))
        .unwrap_or(&station.appearance.design)
        .to_owned();
    let template = crate::export::base_template(kind, style.as_deref(), &design)?;
    let layout = if kind == SignKind::Badge || kind == SignKind::Screen {
        LayoutOptions {
            bleed_mm: 0.0,
            fonts: options.fonts.clone(),
            ..LayoutOptions::default()
        }
    } else {
        let follows_sign = if template.width_mm > template.height_mm {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        };
        LayoutOptions {
            size: Some(options.size.unwrap_or(PageSize::ISO[0].1)),
            orientation: Some(options.orientation.unwrap_or(follows_sign)),
            bleed_mm: 0.0,
            fonts: options.fonts.clone(),
        }
    };
    let settings = crate::export::ExportSettings {
        kinds: vec![kind],
        layout,
        // A file only the printer sees: no date in it.
        pdf: crate::render::pdf::PdfOptions::default(),
        png: false,
        dpi: crate::export::DEFAULT_DPI,
        templates: None,
        design: options.design.clone(),
        theme: None,
        durable: false,
        profile: crate::export::OutputProfile::Standard,
        style,
    };
    let templates = crate::export::load_templates(&settings);
    let report = crate::export::export_station(station, base_dir, folder, &settings, &templates);
    // The file the export pipeline made for this sign: the sheet of badges, else the sign's
    // PDF (or the screen's PNG).
    let files = report.files();
    let printable = files
        .iter()
        .find(|file| file.content == crate::export::FileContent::BadgeSheet)
        .or_else(|| files.first());
    let Some(printable) = printable else {
        let why: Vec<String> = report
            .events
            .iter()
            .filter_map(|event| match event {
                crate::export::ExportEvent::Failed(error) => Some(error.to_string()),
                crate::export::ExportEvent::Skipped(kind) => {
                    Some(format!("{}没有可打印的内容", kind.label()))
                }
                _ => None,
            })
            .collect();
        return Err(PrintError::NotMade(why.join("；")));
    };
    Ok(printable.path.clone())
}

/// Parses `lpstat -e` (one destination a line) and `lpstat -d` (“system default destination:
/// NAME” or “no system default destination”), run in the C locale.
pub fn parse_lpstat(destinations: &str, default: &str) -> Vec<Printer> {
    let default = default
        .lines()
        .find_map(|line| line.trim().strip_prefix("system default destination:"))
        .map(str::trim)
        .unwrap_or_default();
    destinations
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|name| Printer {
            name: name.to_owned(),
            is_default: name == default,
        })
        .collect()
}

/// Maps what CUPS said on stderr to an error.
pub fn cups_error(stderr: &str) -> PrintError {
    let lower = stderr.to_ascii_lowercase();
    if lower.contains("scheduler is not running")
        || lower.contains("unable to connect")
        || lower.contains("connection refused")
        || lower.contains("no such file or directory") && lower.contains("cups")
    {
        PrintError::NotRunning
    } else if lower.contains("no destinations added") || lower.contains("no default destination") {
        PrintError::NoPrinter
    } else if lower.contains("does not exist") || lower.contains("unknown destination") {
        PrintError::UnknownPrinter {
            name: String::new(),
            available: String::new(),
        }
    } else {
        PrintError::Failed(stderr.trim().to_owned())
    }
}

#[cfg(not(windows))]
mod platform {
    //! CUPS through its command-line tools.
    use super::{Command, Path, PrintError, Printer, cups_error, parse_lpstat};

    fn run(program: &str, args: &[&std::ffi::OsStr]) -> Result<std::process::Output, PrintError> {
        Command::new(program)
            .args(args)
            .env("LC_ALL", "C")
            .env("LANG", "C")
            .output()
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound => PrintError::NoSpooler,
                _ => PrintError::Spawn(error),
            })
    }

    pub fn list_printers() -> Result<Vec<Printer>, PrintError> {
        let status = run("lpstat", &["-r".as_ref()])?;
        let said = String::from_utf8_lossy(&status.stdout).to_ascii_lowercase();
        if said.contains("not running") || !said.contains("running") {
            return Err(PrintError::NotRunning);
        }
        let destinations = run("lpstat", &["-e".as_ref()])?;
        let stderr = String::from_utf8_lossy(&destinations.stderr);
        if !destinations.status.success() {
            return match cups_error(&stderr) {
                PrintError::NoPrinter => Ok(Vec::new()),
                other => Err(other),
            };
        }
        let default = run("lpstat", &["-d".as_ref()])?;
        Ok(parse_lpstat(
            &String::from_utf8_lossy(&destinations.stdout),
            &String::from_utf8_lossy(&default.stdout),
        ))
    }

    pub fn print_file(path: &Path, printer: &str, copies: u32) -> Result<(), PrintError> {
        let copies = copies.to_string();
        let title = path
            .file_name()
            .map(|name| name.to_os_string())
            .unwrap_or_default();
        let output = run(
            "lp",
            &[
                "-d".as_ref(),
                printer.as_ref(),
                "-n".as_ref(),
                copies.as_ref(),
                "-o".as_ref(),
                "fit-to-page".as_ref(),
                "-t".as_ref(),
                title.as_os_str(),
                "--".as_ref(),
                path.as_os_str(),
            ],
        )?;
        if output.status.success() {
            Ok(())
        } else {
            Err(match cups_error(&String::from_utf8_lossy(&output.stderr)) {
                PrintError::UnknownPrinter { .. } => PrintError::UnknownPrinter {
                    name: printer.to_owned(),
                    available: String::new(),
                },
                other => other,
            })
        }
    }
}

#[cfg(windows)]
mod platform {
    //! Windows: the spooler's printer list through PowerShell, and the shell's PrintTo verb
    //! (the program registered for PDF files prints it).
    use super::{Command, Path, PrintError, Printer};

    fn powershell(script: &str) -> Result<std::process::Output, PrintError> {
        use std::os::windows::process::CommandExt;
        /// No console window flashes up: liangpai.exe is a GUI program without a console.
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        Command::new("powershell")
            .args(["-NoProfile", "-NonInteractive", "-Command", script])
            .creation_flags(CREATE_NO_WINDOW)
            .output()
            .map_err(PrintError::Spawn)
    }

    /// Quotes a string for PowerShell (single quotes, doubled inside).
    fn quote(text: &str) -> String {
        format!("'{}'", text.replace('\'', "''"))
    }

    pub fn list_printers() -> Result<Vec<Printer>, PrintError> {
        let output = powershell(
            "[Console]::OutputEncoding = [Text.Encoding]::UTF8; \
             Get-CimInstance Win32_Printer | ForEach-Object { \"$($_.Default)`t$($_.Name)\" }",
        )?;
        if !output.status.success() {
            return Err(PrintError::NotRunning);
        }
        Ok(String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.split_once('\t'))
            .map(|(default, name)| Printer {
                name: name.trim().to_owned(),
                is_default: default.trim().eq_ignore_ascii_case("true"),
            })
            .filter(|printer| !printer.name.is_empty())
            .collect())
    }

    pub fn print_file(path: &Path, printer: &str, copies: u32) -> Result<(), PrintError> {
        let script = format!(
            "$ErrorActionPreference = 'Stop'; for ($i = 0; $i -lt {copies}; $i++) {{ \
             Start-Process -FilePath {} -Verb PrintTo -ArgumentList {} -WindowStyle Hidden }}",
            quote(&path.to_string_lossy()),
            quote(&format!("\"{printer}\"")),
        );
        let output = powershell(&script)?;
        if output.status.success() {
            Ok(())
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            if stderr.contains("No application is associated") || stderr.contains("没有与之关联")
            {
                Err(PrintError::NoPdfHandler)
            } else {
                Err(PrintError::Failed(stderr.trim().to_owned()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printer(name: &str, is_default: bool) -> Printer {
        Printer {
            name: name.into(),
            is_default,
        }
    }

    #[test]
    fn lpstat_output_is_parsed() {
        let printers = parse_lpstat(
            "PDF\nOffice_Laser\n",
            "system default destination: Office_Laser\n",
        );
        assert_eq!(
            printers,
            [printer("PDF", false), printer("Office_Laser", true)]
        );
        let printers = parse_lpstat("PDF\n", "no system default destination\n");
        assert_eq!(printers, [printer("PDF", false)]);
    }

    #[test]
    fn the_printer_is_chosen_by_name_default_or_being_the_only_one() {
        let two = [printer("PDF", false), printer("Laser", true)];
        assert_eq!(choose_printer(&two, None).ok().as_deref(), Some("Laser"));
        assert_eq!(
            choose_printer(&two, Some("pdf")).ok().as_deref(),
            Some("PDF")
        );
        let unknown = choose_printer(&two, Some("Inkjet"));
        assert!(matches!(unknown, Err(PrintError::UnknownPrinter { .. })));
        assert_eq!(
            unknown.err().map(|error| error.to_string()).as_deref(),
            Some("找不到打印机“Inkjet”。可用的打印机：PDF、Laser。")
        );
        let no_default = [printer("A", false), printer("B", false)];
        assert!(matches!(
            choose_printer(&no_default, None),
            Err(PrintError::NoDefault { .. })
        ));
        assert_eq!(
            choose_printer(&no_default[..1], None).ok().as_deref(),
            Some("A")
        );
        assert!(matches!(
            choose_printer(&[], Some("A")),
            Err(PrintError::NoPrinter)
        ));
    }

    #[test]
    fn cups_messages_become_chinese_errors() {
        assert!(matches!(
            cups_error("lpstat: Unable to connect to server: Connection refused"),
            PrintError::NotRunning
        ));
        assert!(matches!(
            cups_error("lpstat: No destinations added."),
            PrintError::NoPrinter
        ));
        assert!(matches!(
            cups_error("lp: The printer or class does not exist."),
            PrintError::UnknownPrinter { .. }
        ));
        assert!(matches!(
            cups_error("lp: something else"),
            PrintError::Failed(_)
        ));
    }

    #[test]
    fn copies_are_checked_before_anything_else() {
        let result = print_pdf(Path::new("不存在.pdf"), None, 0);
        assert!(matches!(result, Err(PrintError::BadCopies)));
        let result = print_pdf(Path::new("不存在.pdf"), None, 1);
        assert!(matches!(result, Err(PrintError::FileMissing(_))));
    }
}
