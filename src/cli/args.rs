//! The arguments of `liangpai export`, `batch` and `print`, and their conversion into the
//! library's settings ([`settings_from_args`] → [`crate::export::ExportSettings`]).

use std::path::PathBuf;

use crate::export::{DEFAULT_BLEED_MM, DEFAULT_DPI, ExportSettings, OutputProfile};
use crate::layout::{LayoutOptions, Orientation, PageSize};
use crate::render::pdf::PdfDate;

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
    /// 用途（交给谁印）：board（展板/KT板/铝塑板：3 毫米出血、裁切线）、banner（写真/喷绘：无出血、四周留 20 毫米白边打扣眼）、plate（亚克力/钛金门牌：无出血、准确尺寸）、card（工作证：1.5 毫米出血、裁切线、3 毫米圆角参考线）、office（办公室打印机：A4/A3、无出血、留 5 毫米不可打印边）；文件名带用途，如 柳溪镇社工站-站点门牌-写真喷绘.pdf。不写则按 --bleed、--crop-marks（两者不能与 --profile 同时使用）
    #[arg(long, value_name = "用途")]
    pub profile: Option<String>,
    /// 出血（毫米，0 到 10；默认 3；选了 --profile 时由用途决定，不能再写）
    #[arg(long, value_name = "毫米")]
    pub bleed: Option<f32>,
    /// 加裁切线
    #[arg(long)]
    pub crop_marks: bool,
    /// 文字转曲：文字画成轮廓，PDF 中不含字体（印刷厂要求“转曲”时使用；文字不能再复制、搜索）
    #[arg(long)]
    pub outline_text: bool,
    /// 配色：social_work_station（蓝绿）、minors_protection（暖色）、elderly_service（高对比）；默认按场所类型
    #[arg(long, value_name = "配色")]
    pub theme: Option<String>,
    /// 颜色全部按 CMYK 写入（裁切线为套准色，大面积黑色为四色黑，黑色文字为单色黑；简单换算，照片仍为 RGB；印刷厂要求时使用）
    #[arg(long)]
    pub cmyk: bool,
    /// 自定义模板文件夹（其中的 <种类>.toml 替换内置模板）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// 设计：standard（标准）、simple（简洁）或 vertical（竖牌：站点门牌为竖牌，蒙古文在左），可写中文名；不写则按各站点文件中选的设计
    #[arg(long, value_name = "设计")]
    pub design: Option<String>,
    /// 写入 PDF 的固定日期 YYYY-MM-DD（同样的输入得到完全相同的文件）
    #[arg(long, value_name = "日期")]
    pub date: Option<String>,
    /// 自己的字体文件夹（.ttf、.otf、.ttc）：内置字体没有的字先在这里找，再用后备字体
    #[arg(long, value_name = "文件夹")]
    pub fonts: Option<PathBuf>,
    /// 样式包（.lpstyle）：全县统一的模板、配色、县级标志、指导单位、监督电话等；不写则按站点文件中选的样式包（如有）
    #[arg(long, value_name = "样式包")]
    pub style: Option<PathBuf>,
    /// 缺少站点全称、监督电话或更新日期时，仍生成样稿（每页印有“样稿”，文件名以“样稿-”开头，只供核对）；不写则不生成并报错
    #[arg(long)]
    pub draft: bool,
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
    #[arg(long, default_value_t = DEFAULT_DPI, value_name = "dpi")]
    pub dpi: f32,
}

/// `liangpai batch` options.
#[derive(Debug, clap::Args)]
#[command(after_help = crate::batch::roster_help())]
pub struct BatchArgs {
    /// 站点文件夹（每个 .json 一个站点）、Excel 花名册（.xlsx）或 CSV 文件
    #[arg(value_name = "输入", required_unless_present = "write_template")]
    pub input: Option<PathBuf>,
    /// 输出文件夹（每个站点一个子文件夹，另有汇总表 report.csv）
    #[arg(
        long,
        value_name = "文件夹",
        required_unless_present = "write_template"
    )]
    pub out: Option<PathBuf>,
    /// 公示牌选项
    #[command(flatten)]
    pub signs: SignArgs,
    /// 同时处理的站点数（默认为 CPU 核数）
    #[arg(long, value_name = "个数")]
    pub jobs: Option<usize>,
    /// 生成一个空白花名册模板（含全部列和一个示例站点）到这个 .xlsx 文件，然后退出
    #[arg(long, value_name = "花名册.xlsx", conflicts_with_all = ["input", "out"])]
    pub write_template: Option<PathBuf>,
    /// 与 --write-template 一起用：为这些民族文字加上译文列（如“站点全称（维吾尔文）”），如 维吾尔文，或 蒙古文、藏文（也可写 ug、mn）
    #[arg(long, value_name = "民族文字", requires = "write_template")]
    pub languages: Option<String>,
}

/// `liangpai print` options.
#[derive(Debug, clap::Args)]
pub struct PrintArgs {
    /// 站点文件（.json）
    #[arg(value_name = "站点文件")]
    pub file: PathBuf,
    /// 要打印的公示牌：plaque、services、staff、process、contacts、partners、rules、board、room_plate、badge（屏幕宣传图 screen 不打印）
    #[arg(long, value_name = "种类")]
    pub sign: String,
    /// 打印机名称（见 liangpai printers）；不写则用默认打印机
    #[arg(long, value_name = "打印机")]
    pub printer: Option<String>,
    /// 份数
    #[arg(long, default_value_t = 1, value_name = "份数")]
    pub copies: u32,
    /// 纸张尺寸：A4（默认）、A3 或 宽x高mm（打印机要有这种纸张）；工作证总是排在 A4 上
    #[arg(long, value_name = "尺寸")]
    pub size: Option<String>,
    /// 横版（默认与公示牌相同）
    #[arg(long, conflicts_with = "portrait")]
    pub landscape: bool,
    /// 竖版
    #[arg(long)]
    pub portrait: bool,
    /// 设计：standard（标准）、simple（简洁）或 vertical（竖牌：站点门牌为竖牌，蒙古文在左），可写中文名；不写则按各站点文件中选的设计
    #[arg(long, value_name = "设计")]
    pub design: Option<String>,
    /// 自己的字体文件夹（.ttf、.otf、.ttc）：内置字体没有的字先在这里找，再用后备字体
    #[arg(long, value_name = "文件夹")]
    pub fonts: Option<PathBuf>,
    /// 样式包（.lpstyle）；不写则按站点文件中选的样式包（如有）
    #[arg(long, value_name = "样式包")]
    pub style: Option<PathBuf>,
    /// 缺少站点全称、监督电话或更新日期时，仍打印样稿（每页印有“样稿”）；不写则不打印并报错
    #[arg(long)]
    pub draft: bool,
}

/// A wrong option value (a usage error, exit code 2); each message names the option and what it
/// may be.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// `--sign`.
    #[error("错误：--sign 的值“{given}”不对，可选：{choices} 或 all")]
    Sign {
        /// What was given.
        given: String,
        /// The sign codes.
        choices: String,
    },
    /// `--size`.
    #[error(
        "错误：--size 的值“{0}”不对，应为 A4、A3、A2、A1、A0 或 宽x高mm（如 600x900mm，20 到 5000 毫米）"
    )]
    Size(String),
    /// `--profile`.
    #[error("错误：--profile 的值“{given}”不对，可选：{choices}")]
    Profile {
        /// What was given.
        given: String,
        /// The profiles.
        choices: String,
    },
    /// `--profile` with `--bleed` or `--crop-marks`.
    #[error(
        "错误：--profile {} 已经决定出血和裁切线，请不要同时写 --bleed 或 --crop-marks",
        .0.code()
    )]
    ProfileDecidesBleed(OutputProfile),
    /// `--bleed` out of range.
    #[error("错误：--bleed 出血应在 0 到 10 毫米之间")]
    Bleed,
    /// `--profile office` with a paper other than A4/A3.
    #[error("错误：--profile office（办公室打印机）只能用 A4 或 A3 纸，请改 --size")]
    OfficePaper,
    /// `--format`.
    #[error("错误：--format 的值“{0}”不对，应为 pdf 或 png")]
    Format(String),
    /// `--dpi` out of range.
    #[error("错误：--dpi 应在 10 到 1200 之间")]
    Dpi,
    /// `--date`.
    #[error("错误：--date 的值“{0}”不对，应形如 2026-03-01")]
    Date(String),
    /// `--theme`.
    #[error("错误：--theme 的值“{0}”不对，可选：{themes}", themes = crate::template::THEMES.join("、"))]
    Theme(String),
    /// `--design`.
    #[error("错误：--design 的值“{0}”不对，可选：{choices}", choices = crate::values::DesignId::choices())]
    Design(String),
    /// `--fonts` names no folder.
    #[error("错误：--fonts 的字体文件夹“{}”不存在", .0.display())]
    FontsFolder(std::path::PathBuf),
    /// `--style` names a pack that cannot be used.
    #[error("错误：{0}")]
    Style(#[from] crate::style_pack::StylePackError),
}

/// The `--design` value checked: the design, or a Chinese message listing the designs (a
/// usage error, exit code 2).
pub fn design_from_arg(name: Option<&str>) -> Result<Option<crate::values::DesignId>, UsageError> {
    name.map(|name| {
        crate::values::DesignId::parse(name).ok_or_else(|| UsageError::Design(name.to_owned()))
    })
    .transpose()
}

/// The orientation `--landscape` / `--portrait` ask for.
pub(super) fn orientation(landscape: bool, portrait: bool) -> Option<Orientation> {
    if landscape {
        Some(Orientation::Landscape)
    } else if portrait {
        Some(Orientation::Portrait)
    } else {
        None
    }
}

/// Checks the sign options of `liangpai export` (the same options `batch` takes) and returns
/// them as the export pipeline's settings, or a Chinese message saying which option is wrong (a
/// usage error, exit code 2). Without `--date` the PDFs carry the current time.
pub fn settings_from_args(
    args: &SignArgs,
    format: &str,
    dpi: f32,
) -> Result<ExportSettings, UsageError> {
    let Some(kinds) = crate::export::parse_sign_list(&args.sign) else {
        let codes: Vec<&str> = crate::template::available_kinds()
            .iter()
            .map(|kind| kind.code())
            .collect();
        return Err(UsageError::Sign {
            given: args.sign.clone(),
            choices: codes.join("、"),
        });
    };
    let size = match &args.size {
        None => None,
        Some(text) => Some(PageSize::parse(text).ok_or_else(|| UsageError::Size(text.clone()))?),
    };
    let profile = match &args.profile {
        None => OutputProfile::Standard,
        Some(code) => OutputProfile::from_code(code).ok_or_else(|| {
            let codes: Vec<String> = OutputProfile::ALL
                .iter()
                .skip(1)
                .map(|profile| format!("{}（{}）", profile.code(), profile.label()))
                .collect();
            UsageError::Profile {
                given: code.clone(),
                choices: codes.join("、"),
            }
        })?,
    };
    if profile != OutputProfile::Standard && (args.bleed.is_some() || args.crop_marks) {
        return Err(UsageError::ProfileDecidesBleed(profile));
    }
    let bleed_mm = args.bleed.unwrap_or(DEFAULT_BLEED_MM);
    if !(0.0..=10.0).contains(&bleed_mm) {
        return Err(UsageError::Bleed);
    }
    if profile == OutputProfile::Office
        && let Some(size) = size
    {
        let portrait = size.oriented(Some(Orientation::Portrait));
        if !PageSize::ISO.iter().take(2).any(|(_, iso)| {
            (iso.width_mm - portrait.width_mm).abs() < 0.5
                && (iso.height_mm - portrait.height_mm).abs() < 0.5
        }) {
            return Err(UsageError::OfficePaper);
        }
    }
    let png = match format.to_ascii_lowercase().as_str() {
        "pdf" => false,
        "png" => true,
        other => return Err(UsageError::Format(other.to_owned())),
    };
    if !(10.0..=1200.0).contains(&dpi) {
        return Err(UsageError::Dpi);
    }
    let date = match &args.date {
        None => PdfDate::now(),
        Some(text) => match crate::model::parse_iso_date(text.trim()) {
            Some((year, month, day)) => PdfDate {
                year: year as u16,
                month: month as u8,
                day: day as u8,
                hour: 0,
                minute: 0,
                second: 0,
            },
            None => return Err(UsageError::Date(text.clone())),
        },
    };
    let theme = match &args.theme {
        None => None,
        Some(name) => Some(
            crate::template::theme(name.trim()).ok_or_else(|| UsageError::Theme(name.clone()))?,
        ),
    };
    let design = design_from_arg(args.design.as_deref())?;
    let fonts = user_fonts(args.fonts.as_deref())?;
    let style = match &args.style {
        None => None,
        Some(path) => Some(std::sync::Arc::new(crate::style_pack::load(path)?)),
    };
    Ok(ExportSettings::builder()
        .kinds(kinds)
        .layout(LayoutOptions {
            size,
            orientation: orientation(args.landscape, args.portrait),
            bleed_mm,
            fonts,
        })
        .crop_marks(args.crop_marks)
        .date(Some(date))
        .cmyk(args.cmyk)
        .outline_text(args.outline_text)
        .png(png, dpi)
        .templates(args.templates.clone())
        .design(design)
        .theme(theme)
        .draft(args.draft)
        .profile(args.profile.is_some().then_some(profile))
        .output_chosen(output_chosen(args))
        .style(style)
        .build())
}

/// Whether `--profile`, `--bleed` or `--crop-marks` was given: a style pack's profile is then
/// not taken.
fn output_chosen(args: &SignArgs) -> bool {
    args.profile.is_some() || args.bleed.is_some() || args.crop_marks
}

/// Makes `settings` follow `style`: its output profile too, unless `--profile`, `--bleed` or
/// `--crop-marks` chose otherwise.
pub(super) fn set_style(
    args: &SignArgs,
    settings: &mut ExportSettings,
    style: Option<std::sync::Arc<crate::style_pack::StylePack>>,
) {
    *settings = settings.clone().with_style(style, output_chosen(args));
}

/// The fonts of a command: the bundled ones, then the fonts in the data folder's `fonts` folder,
/// then those in `--fonts DIR` (the fallback font is added by the export when a station needs
/// it). Unusable font files are printed as 提醒; a `--fonts` folder that does not exist is an
/// error (exit code 2).
pub fn user_fonts(dir: Option<&std::path::Path>) -> Result<crate::fonts::Fonts, UsageError> {
    let mut folders = Vec::new();
    if let Some(data) = crate::app::DataDir::platform().folder() {
        folders.push((data.join(crate::font_files::USER_FONTS_FOLDER), true));
    }
    if let Some(dir) = dir {
        if !dir.is_dir() {
            return Err(UsageError::FontsFolder(dir.to_path_buf()));
        }
        folders.push((dir.to_path_buf(), false));
    }
    let read = crate::font_files::read_user_fonts(&folders);
    for problem in &read.problems {
        eprintln!("提醒：{problem}，没有使用");
    }
    Ok(crate::fonts::bundled().clone().with_user_fonts(read.faces))
}
