//! Printing: sends a sign to a printer through CUPS (`lp`, `lpstat`, `lpoptions`) on Linux and
//! macOS, and through the shell's print verb on Windows; lists the printers.
//!
//! The paper is the sign's page as laid out ([`Paper`]): CUPS gets it as `media` (a named size
//! such as `A4` with the orientation, or `Custom.600x400mm`), Windows as the printer's paper size
//! and orientation (`Set-PrintConfiguration`) before the PDF program prints. A printer whose
//! paper list lacks the size is refused with a Chinese message listing what it has. The screen
//! picture (1920×1080 pixels for LED screens and TVs) is not printed ([`PrintError::ScreenPicture`]).
//!
//! Programs are run through [`Runner`] (the system's in use, a recording fake in tests), so
//! the command lines are checked without a printer. Only `std::process::Command` is used, so
//! every line compiles everywhere; the Windows code is behind `cfg(windows)`, its script is
//! built by [`windows_print_script`] on every system.

use std::ffi::OsString;
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
    #[error("这台电脑不能直接打印（没有打印服务）。{}", EXPORT_INSTEAD)]
    NoSpooler,
    /// The printing service is not running, or cannot be reached.
    #[error("这台电脑的打印服务没有运行，不能直接打印。{}", EXPORT_INSTEAD)]
    NotRunning,
    /// No printer has been added.
    #[error("这台电脑上还没有添加打印机。{}", EXPORT_INSTEAD)]
    NoPrinter,
    /// The sign lacks an essential and no draft was asked for (the lines say what and where).
    #[error(
        "没有打印：公示牌缺少必备内容——{}。请填写后再打印；只想先核对版面时，可以打印样稿（每页印有“样稿”；命令行加 --draft）。",
        .0.join("；")
    )]
    Unfinished(Vec<String>),
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
    /// The printer has no paper of the sign's size.
    #[error(
        "打印机“{printer}”没有 {paper} 的纸张（它可用的纸张：{available}）。请换一台有这种纸张的打印机，或用 A4、A3 等它有的纸张打印（命令行 --size A4，程序中在“纸张”里选），或导出 PDF 交给印刷厂。"
    )]
    NoSuchPaper {
        /// The printer.
        printer: String,
        /// The paper asked for, as a person says it (`600×400 毫米`, `A3`).
        paper: String,
        /// The paper sizes the printer has.
        available: String,
    },
    /// Windows: a size that is not a named paper size cannot be set for the printer.
    #[error(
        "在 Windows 上不能让打印机自动使用 {paper} 的自定义纸张。请导出 PDF，用 PDF 阅读器打开，在打印设置里选这台打印机的自定义纸张后打印；或用 A4、A3 等标准纸张打印。"
    )]
    CustomPaperOnWindows {
        /// The paper asked for.
        paper: String,
    },
    /// The screen picture is for LED screens and TVs, not for paper.
    #[error(
        "屏幕宣传图是给 LED 屏、电视播放的图片（1920×1080 像素），不能打印。请用“导出”保存 screen.png，拷到屏幕上播放；要张贴纸质的，请打印站点门牌、综合公示栏等公示牌。"
    )]
    ScreenPicture,
}

/// What to do when this computer cannot print: the user's next step is a PDF (an office
/// printer elsewhere, or a print shop).
pub const EXPORT_INSTEAD: &str =
    "请点“导出PDF”把公示牌存成 PDF 文件，拷到能打印的电脑上打印，或发给打印店、广告公司制作。";

/// The most copies one command sends.
pub const MAX_COPIES: u32 = 999;

/// The printers the system knows, the default one marked.
pub fn list_printers() -> Result<Vec<Printer>, PrintError> {
    platform::list_printers()
}

/// Sends a PDF file to `printer` (the default printer when `None`), `copies` times, on `paper`
/// (the PDF's page size; `None`: the printer's own paper). The page is fitted to the paper.
pub fn print_pdf(
    path: &Path,
    printer: Option<&str>,
    copies: u32,
    paper: Option<Paper>,
) -> Result<(), PrintError> {
    if !(1..=MAX_COPIES).contains(&copies) {
        return Err(PrintError::BadCopies);
    }
    if !path.is_file() {
        return Err(PrintError::FileMissing(path.to_path_buf()));
    }
    let printers = list_printers()?;
    let chosen = choose_printer(&printers, printer)?;
    platform::print_file(path, &chosen, copies, paper)
}

/// The paper a sign is printed on: its page as laid out, in mm (width and height as the page
/// stands, so a landscape page is wider than high).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paper {
    /// Width, mm.
    pub width_mm: f32,
    /// Height, mm.
    pub height_mm: f32,
}

impl Paper {
    /// Whether the page is wider than high.
    pub fn is_landscape(&self) -> bool {
        self.width_mm > self.height_mm + 0.5
    }

    /// The ISO name (A4, A3, …) when the page is that size in either orientation (within 1 mm).
    pub fn iso_name(&self) -> Option<&'static str> {
        let (short, long) = (
            self.width_mm.min(self.height_mm),
            self.width_mm.max(self.height_mm),
        );
        PageSize::ISO.iter().find_map(|(name, size)| {
            ((size.width_mm - short).abs() <= 1.0 && (size.height_mm - long).abs() <= 1.0)
                .then_some(*name)
        })
    }

    /// How a person names the paper: `A3` or `600×400 毫米`.
    pub fn label(&self) -> String {
        match self.iso_name() {
            Some(name) => name.to_owned(),
            None => format!(
                "{}×{} 毫米",
                mm_text(self.width_mm),
                mm_text(self.height_mm)
            ),
        }
    }

    /// CUPS' `media` value: the ISO name, else `Custom.WxHmm` as the page stands.
    pub fn cups_media(&self) -> String {
        match self.iso_name() {
            Some(name) => name.to_owned(),
            None => format!(
                "Custom.{}x{}mm",
                mm_text(self.width_mm),
                mm_text(self.height_mm)
            ),
        }
    }
}

/// A length in whole mm, or with one decimal when it has one.
fn mm_text(mm: f32) -> String {
    let tenths = (mm * 10.0).round();
    if tenths % 10.0 == 0.0 {
        format!("{}", tenths / 10.0)
    } else {
        format!("{:.1}", tenths / 10.0)
    }
}

/// The paper sizes a printer offers (from its `PageSize` option or Windows' paper names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperChoices {
    /// The named sizes (`A4`, `Letter`, …).
    pub names: Vec<String>,
    /// Whether it takes custom sizes.
    pub custom: bool,
}

impl PaperChoices {
    /// Whether `paper` can be printed: its ISO name is offered (also as `iso_a3_…`), or it is a
    /// custom size and custom sizes are taken.
    pub fn has(&self, paper: &Paper) -> bool {
        match paper.iso_name() {
            Some(name) => {
                let pwg = format!("iso_{}_", name.to_ascii_lowercase());
                self.names.iter().any(|offered| {
                    offered.eq_ignore_ascii_case(name)
                        || offered.to_ascii_lowercase().starts_with(&pwg)
                }) || self.custom
            }
            None => self.custom,
        }
    }

    /// The error for a printer without `paper`.
    fn refuse(&self, printer: &str, paper: &Paper) -> PrintError {
        let mut available = self.names.join("、");
        if available.is_empty() {
            available = "没有列出".to_owned();
        }
        PrintError::NoSuchPaper {
            printer: printer.to_owned(),
            paper: paper.label(),
            available,
        }
    }
}

/// Parses `lpoptions -p PRINTER -l`: the `PageSize` line's choices (the default is marked with
/// `*`; `Custom.WIDTHxHEIGHT` means custom sizes are taken). `None` when the printer has no
/// `PageSize` option (its paper cannot be told, so nothing is refused).
pub fn parse_page_sizes(lpoptions: &str) -> Option<PaperChoices> {
    let line = lpoptions
        .lines()
        .find(|line| line.starts_with("PageSize/") || line.starts_with("PageSize:"))?;
    let (_, choices) = line.split_once(':')?;
    let mut names = Vec::new();
    let mut custom = false;
    for choice in choices.split_whitespace() {
        let choice = choice.trim_start_matches('*');
        if choice.starts_with("Custom.") {
            custom = true;
        } else if !choice.is_empty() {
            names.push(choice.to_owned());
        }
    }
    Some(PaperChoices { names, custom })
}

/// The arguments of `lp` for one job: printer, copies, the paper (`media`, and for a named size
/// the orientation; a custom size is given as the page stands), fitted to the paper, titled with
/// the file's name.
pub fn cups_lp_args(
    path: &Path,
    printer: &str,
    copies: u32,
    paper: Option<Paper>,
) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec![
        "-d".into(),
        printer.into(),
        "-n".into(),
        copies.to_string().into(),
    ];
    if let Some(paper) = paper {
        args.push("-o".into());
        args.push(format!("media={}", paper.cups_media()).into());
        if paper.iso_name().is_some() {
            // 3 portrait, 4 landscape (RFC 8011 orientation-requested).
            let orientation = if paper.is_landscape() { 4 } else { 3 };
            args.push("-o".into());
            args.push(format!("orientation-requested={orientation}").into());
        }
    }
    args.push("-o".into());
    args.push("fit-to-page".into());
    args.push("-t".into());
    args.push(
        path.file_name()
            .map(|name| name.to_os_string())
            .unwrap_or_default(),
    );
    args.push("--".into());
    args.push(path.as_os_str().to_os_string());
    args
}

/// What Windows' PowerShell script prints on stderr before the paper names when the printer has
/// no paper of the size asked for.
pub const WINDOWS_NO_PAPER: &str = "LIANGPAI-NO-PAPER:";

/// Quotes a string for PowerShell (single quotes, doubled inside).
fn powershell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The PowerShell script that prints `path` on Windows: checks the printer's paper names
/// (`Win32_Printer.PrinterPaperNames`) for the sign's ISO size, sets that paper and the
/// orientation as the printer's (`Set-PrintConfiguration`, which the PDF program prints with),
/// then hands the file to the program registered for PDF files (`PrintTo`), `copies` times.
/// A custom size cannot be set this way ([`PrintError::CustomPaperOnWindows`]).
pub fn windows_print_script(
    path: &Path,
    printer: &str,
    copies: u32,
    paper: Option<Paper>,
) -> Result<String, PrintError> {
    let quoted_printer = powershell_quote(printer);
    let mut script = String::from("$ErrorActionPreference = 'Stop'; ");
    if let Some(paper) = paper {
        let Some(name) = paper.iso_name() else {
            return Err(PrintError::CustomPaperOnWindows {
                paper: paper.label(),
            });
        };
        script.push_str(&format!(
            "[Console]::OutputEncoding = [Text.Encoding]::UTF8; \
             $names = @((Get-CimInstance Win32_Printer | Where-Object {{ $_.Name -eq {quoted_printer} }}).PrinterPaperNames); \
             if ($names.Count -gt 0 -and -not ($names | Where-Object {{ $_ -eq '{name}' -or $_ -like '{name} *' }})) \
             {{ [Console]::Error.WriteLine('{WINDOWS_NO_PAPER}' + ($names -join '、')); exit 3 }}; \
             try {{ Set-PrintConfiguration -PrinterName {quoted_printer} -PaperSize {name} -Landscape ${} }} catch {{ }}; ",
            paper.is_landscape()
        ));
    }
    script.push_str(&format!(
        "for ($i = 0; $i -lt {copies}; $i++) {{ \
         Start-Process -FilePath {} -Verb PrintTo -ArgumentList {} -WindowStyle Hidden }}",
        powershell_quote(&path.to_string_lossy()),
        powershell_quote(&format!("\"{printer}\"")),
    ));
    Ok(script)
}

/// Runs a program and returns what it did (the system's programs; a recording fake in tests).
pub trait Runner {
    /// Runs `program` with `args` in the C locale.
    fn run(&self, program: &str, args: &[OsString]) -> Result<std::process::Output, PrintError>;
}

/// The system's programs.
pub struct SystemRunner;

impl Runner for SystemRunner {
    fn run(&self, program: &str, args: &[OsString]) -> Result<std::process::Output, PrintError> {
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
}

/// CUPS through its command-line tools (compiled everywhere, used on Linux and macOS).
pub mod cups {
    use super::{OsString, Paper, Path, PrintError, Printer, Runner, cups_error, parse_lpstat};

    /// The printers CUPS knows, the default marked.
    pub fn list_printers(runner: &dyn Runner) -> Result<Vec<Printer>, PrintError> {
        let status = runner.run("lpstat", &["-r".into()])?;
        let said = String::from_utf8_lossy(&status.stdout).to_ascii_lowercase();
        if said.contains("not running") || !said.contains("running") {
            return Err(PrintError::NotRunning);
        }
        let destinations = runner.run("lpstat", &["-e".into()])?;
        let stderr = String::from_utf8_lossy(&destinations.stderr);
        if !destinations.status.success() {
            return match cups_error(&stderr) {
                PrintError::NoPrinter => Ok(Vec::new()),
                other => Err(other),
            };
        }
        let default = runner.run("lpstat", &["-d".into()])?;
        Ok(parse_lpstat(
            &String::from_utf8_lossy(&destinations.stdout),
            &String::from_utf8_lossy(&default.stdout),
        ))
    }

    /// Sends `path` to `printer` on `paper`: refused first when the printer's paper list
    /// (`lpoptions -p PRINTER -l`) lacks it.
    pub fn print_file(
        runner: &dyn Runner,
        path: &Path,
        printer: &str,
        copies: u32,
        paper: Option<Paper>,
    ) -> Result<(), PrintError> {
        if let Some(paper) = &paper {
            let options = runner.run(
                "lpoptions",
                &["-p".into(), OsString::from(printer), "-l".into()],
            )?;
            if let Some(choices) =
                super::parse_page_sizes(&String::from_utf8_lossy(&options.stdout))
                && !choices.has(paper)
            {
                return Err(choices.refuse(printer, paper));
            }
        }
        let output = runner.run("lp", &super::cups_lp_args(path, printer, copies, paper))?;
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
    /// Built-in design; `None` follows the station's `appearance.design`.
    pub design: Option<crate::values::DesignId>,
    /// Print a draft (样稿 across every page) when the sign lacks an essential (see
    /// [`crate::export::essentials`]); without it such a sign is not printed.
    pub draft: bool,
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
            draft: false,
        }
    }
}

/// Lays out one sign for an office printer (A4 unless another size is given, no bleed, no crop
/// marks; badges as the A4 sheet of badges), writes it to a temporary folder and prints it on
/// paper of its page's size. The screen picture is refused ([`PrintError::ScreenPicture`]). This is what the app's 打印 button calls (on a worker thread:
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
    if kind == SignKind::Screen {
        return Err(PrintError::ScreenPicture);
    }
    // A sign that lacks an essential is refused first: no printer can help with that.
    if !options.draft {
        let settings = office_settings(options, kind, None, None).build();
        let unfinished = crate::export::unfinished_signs(station, base_dir, &settings);
        if !unfinished.is_empty() {
            return Err(PrintError::Unfinished(unfinished.lines(false)));
        }
    }
    // Check the printer before the work of making the sign.
    let printers = list_printers()?;
    choose_printer(&printers, options.printer.as_deref())?;
    let folder = temp_folder().map_err(PrintError::TempFolder)?;
    let result = prepare(station, base_dir, kind, options, &folder).and_then(|(file, paper)| {
        print_pdf(
            &file,
            options.printer.as_deref(),
            options.copies,
            Some(paper),
        )
    });
    // CUPS has its own copy once `lp` returns; Windows' print verb reads the file later.
    if cfg!(not(windows)) {
        let _ = std::fs::remove_dir_all(&folder);
    }
    result
}

/// The export settings of printing `kind` with `options`: the standard profile whatever a style
/// pack says (the page is laid out for the office printer), no date in the file (only the printer
/// sees it), the design and drafts as chosen. `layout`: `None` for the checks made before
/// (no bleed); `style` is the pack to follow (`None`: the options', else the station's own).
fn office_settings(
    options: &PrintOptions,
    kind: SignKind,
    layout: Option<LayoutOptions>,
    style: Option<std::sync::Arc<crate::style_pack::StylePack>>,
) -> crate::export::ExportSettingsBuilder {
    let layout = layout.unwrap_or(LayoutOptions {
        bleed_mm: 0.0,
        ..LayoutOptions::default()
    });
    crate::export::ExportSettings::builder()
        .kinds(vec![kind])
        .layout(layout)
        .date(None)
        .design(options.design)
        .draft(options.draft)
        .profile(Some(crate::export::OutputProfile::Standard))
        .style(style.or_else(|| options.style.clone()))
}

/// A new folder of our own in the system's temporary folder (never one someone placed there).
fn temp_folder() -> std::io::Result<PathBuf> {
    crate::fsutil::create_private_dir(&std::env::temp_dir(), "liangpai-print")
}

/// Writes the file to print into `folder` and returns its path and its paper.
fn prepare(
    station: &StationFile,
    base_dir: Option<&Path>,
    kind: SignKind,
    options: &PrintOptions,
    folder: &Path,
) -> Result<(PathBuf, Paper), PrintError> {
    // The station's own style pack when none is given: its templates decide the orientation.
    let (style, _) = crate::export::station_style(
        station,
        base_dir,
        &office_settings(options, kind, None, None).build(),
    );
    let design = options
        .design
        .or(style.as_ref().and_then(|style| style.design))
        .unwrap_or_else(|| station.appearance.design_id());
    let template = crate::export::base_template(kind, style.as_deref(), design)?;
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
    let settings = office_settings(options, kind, Some(layout), style)
        .durable(false)
        .build();
    let templates = crate::export::load_templates(&settings);
    let report = crate::export::export_station(station, base_dir, folder, &settings, &templates);
    // The file the export pipeline made for this sign: the sheet of badges, else the sign's
    // PDF (or the screen's PNG).
    let files = report.files();
    let printable = files
        .iter()
        .find(|file| file.content == crate::export::FileContent::BadgeSheet)
        .or_else(|| files.first());
    if let Some(unfinished) = report.unfinished() {
        return Err(PrintError::Unfinished(unfinished.lines(false)));
    }
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
    // The sheet of badges is A4 portrait; a sign's page is its trimmed size (no bleed here).
    let paper = if printable.content == crate::export::FileContent::BadgeSheet {
        let a4 = PageSize::ISO[0].1;
        Paper {
            width_mm: a4.width_mm,
            height_mm: a4.height_mm,
        }
    } else {
        let (width_mm, height_mm) = report
            .preflight()
            .first()
            .map_or((0.0, 0.0), |sign| sign.trimmed_mm);
        Paper {
            width_mm,
            height_mm,
        }
    };
    Ok((printable.path.clone(), paper))
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
    use super::{Paper, Path, PrintError, Printer, SystemRunner, cups};

    pub fn list_printers() -> Result<Vec<Printer>, PrintError> {
        cups::list_printers(&SystemRunner)
    }

    pub fn print_file(
        path: &Path,
        printer: &str,
        copies: u32,
        paper: Option<Paper>,
    ) -> Result<(), PrintError> {
        cups::print_file(&SystemRunner, path, printer, copies, paper)
    }
}

#[cfg(windows)]
mod platform {
    //! Windows: the spooler's printer list through PowerShell, and the shell's PrintTo verb
    //! (the program registered for PDF files prints it).
    use super::{Command, Paper, Path, PrintError, Printer};

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

    pub fn print_file(
        path: &Path,
        printer: &str,
        copies: u32,
        paper: Option<Paper>,
    ) -> Result<(), PrintError> {
        let script = super::windows_print_script(path, printer, copies, paper)?;
        let output = powershell(&script)?;
        if output.status.success() {
            Ok(())
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            if let Some(names) = stderr
                .lines()
                .find_map(|line| line.trim().strip_prefix(super::WINDOWS_NO_PAPER))
                && let Some(paper) = paper
            {
                let choices = super::PaperChoices {
                    names: names.split('、').map(str::to_owned).collect(),
                    custom: false,
                };
                Err(choices.refuse(printer, &paper))
            } else if stderr.contains("No application is associated")
                || stderr.contains("没有与之关联")
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
    fn without_a_printer_the_advice_is_a_pdf_not_a_command() {
        for error in [
            PrintError::NoSpooler,
            PrintError::NotRunning,
            PrintError::NoPrinter,
        ] {
            let message = error.to_string();
            assert!(message.contains("导出PDF"), "{message}");
            assert!(message.contains("打印店"), "{message}");
            for command in ["sudo", "apt", "systemctl", "lp ", "CUPS"] {
                assert!(!message.contains(command), "{message}");
            }
        }
    }

    #[test]
    fn a_sign_without_its_supervision_phone_is_not_printed_unless_as_a_draft() {
        let mut station = StationFile::new();
        station.station.name = "青禾县柳溪镇社会工作服务站".into();
        station.updated = "2026-03-01".into();
        // Refused before any printer is looked for (none is needed to say what is missing).
        let refused = print_sign(&station, None, SignKind::Contacts, &PrintOptions::default());
        let message = refused
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(message.contains("没有填写监督电话"), "{message}");
        assert!(message.contains("联系方式 › 监督电话"), "{message}");
        assert!(message.contains("样稿"), "{message}");
        // A sign that does not show the phone is not held back by it; a draft is made as one.
        // (Prepared only: nothing is sent to a printer in tests.)
        let folder = temp_folder().unwrap_or_else(|error| panic!("{error}"));
        let plaque = prepare(
            &station,
            None,
            SignKind::Plaque,
            &PrintOptions::default(),
            &folder,
        );
        let name = |(path, _paper): &(PathBuf, Paper)| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        };
        assert_eq!(
            plaque.as_ref().ok().and_then(name).as_deref(),
            Some("柳溪镇社工站-站点门牌.pdf")
        );
        let refused = prepare(
            &station,
            None,
            SignKind::Contacts,
            &PrintOptions::default(),
            &folder,
        );
        assert!(matches!(refused, Err(PrintError::Unfinished(_))));
        let draft = PrintOptions {
            draft: true,
            ..PrintOptions::default()
        };
        let drafted = prepare(&station, None, SignKind::Contacts, &draft, &folder);
        assert_eq!(
            drafted.as_ref().ok().and_then(name).as_deref(),
            Some("样稿-柳溪镇社工站-联系方式.pdf")
        );
        let _ = std::fs::remove_dir_all(&folder);
    }

    #[test]
    fn copies_are_checked_before_anything_else() {
        let result = print_pdf(Path::new("不存在.pdf"), None, 0, None);
        assert!(matches!(result, Err(PrintError::BadCopies)));
        let result = print_pdf(Path::new("不存在.pdf"), None, 1, None);
        assert!(matches!(result, Err(PrintError::FileMissing(_))));
    }

    /// Answers like CUPS and records every command line.
    struct FakeCups {
        lpoptions: &'static str,
        commands: std::sync::Mutex<Vec<Vec<String>>>,
    }

    impl FakeCups {
        fn new(lpoptions: &'static str) -> FakeCups {
            FakeCups {
                lpoptions,
                commands: std::sync::Mutex::new(Vec::new()),
            }
        }

        fn commands(&self) -> Vec<Vec<String>> {
            self.commands
                .lock()
                .map(|list| list.clone())
                .unwrap_or_default()
        }
    }

    impl Runner for FakeCups {
        fn run(
            &self,
            program: &str,
            args: &[OsString],
        ) -> Result<std::process::Output, PrintError> {
            let mut line = vec![program.to_owned()];
            line.extend(args.iter().map(|arg| arg.to_string_lossy().into_owned()));
            let stdout = match line
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["lpoptions", ..] => self.lpoptions.to_owned(),
                ["lp", ..] => "request id is Office-7 (1 file(s))\n".to_owned(),
                _ => String::new(),
            };
            if let Ok(mut commands) = self.commands.lock() {
                commands.push(line);
            }
            Ok(std::process::Output {
                status: std::process::ExitStatus::default(),
                stdout: stdout.into_bytes(),
                stderr: Vec::new(),
            })
        }
    }

    /// What cups-pdf's PPD offers (custom sizes, many named ones).
    const CUPS_PDF: &str = "PageSize/Page Size: Custom.WIDTHxHEIGHT 11x14 A0 A1 A2 A3 *A4 A5 Letter\n\
                            Resolution/Output Resolution: 150dpi *300dpi 600dpi\n";
    /// An office laser printer: A4, A5 and Letter only.
    const OFFICE_LASER: &str = "PageSize/Media Size: *A4 A5 Letter Legal\nDuplex/2-Sided: *None\n";

    fn paper(width_mm: f32, height_mm: f32) -> Paper {
        Paper {
            width_mm,
            height_mm,
        }
    }

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn the_signs_page_is_the_paper_named_or_custom() {
        let plaque = paper(600.0, 400.0);
        assert_eq!(plaque.cups_media(), "Custom.600x400mm");
        assert_eq!(plaque.label(), "600×400 毫米");
        assert!(plaque.is_landscape());
        let a4_landscape = paper(297.0, 210.0);
        assert_eq!(a4_landscape.iso_name(), Some("A4"));
        assert_eq!(a4_landscape.cups_media(), "A4");
        let odd = paper(86.0, 54.5);
        assert_eq!(odd.cups_media(), "Custom.86x54.5mm");
    }

    #[test]
    fn page_sizes_are_read_from_lpoptions() {
        let cups_pdf = parse_page_sizes(CUPS_PDF).unwrap();
        assert!(cups_pdf.custom);
        assert_eq!(cups_pdf.names.first().map(String::as_str), Some("11x14"));
        assert!(
            cups_pdf.names.contains(&"A4".to_owned()),
            "the * is taken off"
        );
        let laser = parse_page_sizes(OFFICE_LASER).unwrap();
        assert!(!laser.custom);
        assert_eq!(laser.names, strings(&["A4", "A5", "Letter", "Legal"]));
        assert_eq!(parse_page_sizes("Duplex/2-Sided: *None\n"), None);
        // IPP Everywhere queues name sizes the PWG way.
        let ipp = parse_page_sizes("PageSize/Media Size: *iso_a4_210x297mm na_letter_8.5x11in\n")
            .unwrap();
        assert!(ipp.has(&paper(297.0, 210.0)));
    }

    #[test]
    fn lp_is_given_the_signs_paper_and_orientation() {
        let cups = FakeCups::new(CUPS_PDF);
        let path = Path::new("/tmp/liangpai-print-1/plaque.pdf");
        let plaque = paper(600.0, 400.0);
        cups::print_file(&cups, path, "PDF", 2, Some(plaque)).unwrap();
        let a4_landscape = paper(297.0, 210.0);
        cups::print_file(&cups, path, "PDF", 1, Some(a4_landscape)).unwrap();
        let badge_sheet = paper(210.0, 297.0);
        cups::print_file(&cups, path, "PDF", 1, Some(badge_sheet)).unwrap();
        let commands = cups.commands();
        assert_eq!(commands.len(), 6, "{commands:?}");
        assert_eq!(commands[0], strings(&["lpoptions", "-p", "PDF", "-l"]));
        assert_eq!(
            commands[1],
            strings(&[
                "lp",
                "-d",
                "PDF",
                "-n",
                "2",
                "-o",
                "media=Custom.600x400mm",
                "-o",
                "fit-to-page",
                "-t",
                "plaque.pdf",
                "--",
                "/tmp/liangpai-print-1/plaque.pdf"
            ])
        );
        assert_eq!(
            commands[3],
            strings(&[
                "lp",
                "-d",
                "PDF",
                "-n",
                "1",
                "-o",
                "media=A4",
                "-o",
                "orientation-requested=4",
                "-o",
                "fit-to-page",
                "-t",
                "plaque.pdf",
                "--",
                "/tmp/liangpai-print-1/plaque.pdf"
            ])
        );
        assert!(
            commands[5].contains(&"orientation-requested=3".to_owned()),
            "{:?}",
            commands[5]
        );
    }

    #[test]
    fn a_printer_without_the_paper_is_refused_in_chinese() {
        let cups = FakeCups::new(OFFICE_LASER);
        let path = Path::new("/tmp/liangpai-print-1/plaque.pdf");
        let plaque = paper(600.0, 400.0);
        let error = cups::print_file(&cups, path, "Office", 1, Some(plaque)).unwrap_err();
        assert!(matches!(error, PrintError::NoSuchPaper { .. }));
        assert!(
            error.to_string().starts_with(
                "打印机“Office”没有 600×400 毫米 的纸张（它可用的纸张：A4、A5、Letter、Legal）"
            ),
            "{error}"
        );
        let a3 = paper(420.0, 297.0);
        let error = cups::print_file(&cups, path, "Office", 1, Some(a3)).unwrap_err();
        assert!(error.to_string().contains("没有 A3 的纸张"), "{error}");
        // Nothing was sent to the printer: only the paper list was asked for.
        assert!(cups.commands().iter().all(|line| line[0] == "lpoptions"));
        // A4 it has.
        let a4 = paper(210.0, 297.0);
        cups::print_file(&cups, path, "Office", 1, Some(a4)).unwrap();
        assert_eq!(
            cups.commands().last().map(|line| line[0].as_str()),
            Some("lp")
        );
    }

    #[test]
    fn windows_sets_the_paper_and_orientation_before_print_to() {
        let path = Path::new(r"C:\Users\站点\AppData\Local\Temp\liangpai-print-1\plaque.pdf");
        let a3_landscape = paper(420.0, 297.0);
        let script = windows_print_script(path, "HP LaserJet", 2, Some(a3_landscape)).unwrap();
        assert!(
            script.contains(
                "Set-PrintConfiguration -PrinterName 'HP LaserJet' -PaperSize A3 -Landscape $true"
            ),
            "{script}"
        );
        assert!(script.contains("$_.Name -eq 'HP LaserJet'"), "{script}");
        assert!(script.contains("$_ -eq 'A3'"), "{script}");
        let paper_at = script.find("Set-PrintConfiguration").unwrap();
        let print_at = script.find("-Verb PrintTo").unwrap();
        assert!(paper_at < print_at, "{script}");
        assert!(script.contains("$i -lt 2"), "{script}");
        let portrait = windows_print_script(path, "O'Brien", 1, Some(paper(210.0, 297.0))).unwrap();
        assert!(
            portrait.contains("-PrinterName 'O''Brien' -PaperSize A4 -Landscape $false"),
            "{portrait}"
        );
        let plaque = paper(600.0, 400.0);
        let error = windows_print_script(path, "HP LaserJet", 1, Some(plaque)).unwrap_err();
        assert!(matches!(error, PrintError::CustomPaperOnWindows { .. }));
        assert!(error.to_string().contains("600×400 毫米"), "{error}");
    }
}
