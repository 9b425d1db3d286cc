//! `liangpai style make` and `liangpai style show`: making a county style pack (样式包) and
//! saying what one holds.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::sign::SignKind;
use crate::style_pack::{self, PackSpec, PackTheme, StationValues, UpdatedPolicy};

/// `liangpai style` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum StyleCommand {
    /// 制作样式包（.lpstyle）：全县统一的设计、模板、配色、县级标志、指导单位、监督电话、更新日期规则
    Make(Box<MakeArgs>),
    /// 显示样式包中有什么
    Show {
        /// 样式包文件（.lpstyle）
        #[arg(value_name = "样式包")]
        pack: PathBuf,
    },
}

/// `liangpai style make` options.
#[derive(Debug, clap::Args)]
pub struct MakeArgs {
    /// 要生成的样式包文件（.lpstyle）
    #[arg(long, value_name = "样式包")]
    pub out: PathBuf,
    /// 从这个站点文件取设计、县级以外的设置：它的设计（appearance.design），以及它的指导单位和监督电话（作为“站点未填时填入”的值）
    #[arg(long, value_name = "站点文件")]
    pub from: Option<PathBuf>,
    /// 样式包名称，如“青禾县社工站统一标识”（不写则用输出文件名）
    #[arg(long, value_name = "名称")]
    pub name: Option<String>,
    /// 设计：standard（标准）、simple（简洁）、vertical（竖牌）
    #[arg(long, value_name = "设计")]
    pub design: Option<String>,
    /// 用途：board、banner、plate、card、office（见 liangpai export --help）
    #[arg(long, value_name = "用途")]
    pub profile: Option<String>,
    /// 配色：social_work_station、minors_protection、elderly_service（所有站点统一用这套配色）
    #[arg(long, value_name = "配色")]
    pub theme: Option<String>,
    /// 模板文件夹：其中的 <种类>.toml 放进样式包
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// 县级标志图片（PNG、JPG、SVG），可写多次；印在中国社会工作标志和站点自己的标志之后
    #[arg(long, value_name = "图片")]
    pub logo: Vec<PathBuf>,
    /// 统一的监督电话（替换各站点填写的）
    #[arg(long, value_name = "电话")]
    pub supervision_phone: Option<String>,
    /// 统一的指导单位，可写多次（替换各站点填写的）
    #[arg(long, value_name = "单位")]
    pub guide_unit: Vec<String>,
    /// 统一的承接机构（替换各站点填写的）
    #[arg(long, value_name = "机构")]
    pub operator: Option<String>,
    /// 上面的监督电话、指导单位、承接机构只填入站点没有填写的地方，不替换站点已填的
    #[arg(long)]
    pub prefill_only: bool,
    /// 更新日期：keep（用站点自己的，默认）、export_date（用导出当天）或固定日期 YYYY-MM-DD
    #[arg(long, value_name = "规则")]
    pub updated: Option<String>,
}

/// `liangpai style …`.
pub fn run_style(command: &StyleCommand) -> ExitCode {
    match command {
        StyleCommand::Show { pack } => match style_pack::load(pack) {
            Ok(style) => {
                for line in style.describe() {
                    println!("{line}");
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("错误：{error}");
                ExitCode::from(1)
            }
        },
        StyleCommand::Make(args) => make(args),
    }
}

/// `liangpai style make`: exit 0 when written, 1 when a file could not be read or the pack would
/// be broken, 2 for bad options.
fn make(args: &MakeArgs) -> ExitCode {
    let spec = match spec_from_args(args) {
        Ok(spec) => spec,
        Err((message, code)) => {
            eprintln!("{message}");
            return ExitCode::from(code);
        }
    };
    match style_pack::make(&args.out, &spec) {
        Ok(style) => {
            eprintln!("已生成样式包：{}", args.out.display());
            for line in style.describe() {
                eprintln!("  {line}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("错误：{error}");
            ExitCode::from(1)
        }
    }
}

/// The pack `args` ask for, or a message and exit code.
fn spec_from_args(args: &MakeArgs) -> Result<PackSpec, (String, u8)> {
    let usage = |message: String| (message, 2u8);
    let mut spec = PackSpec::default();
    if let Some(from) = &args.from {
        let station = crate::storage::load(from).map_err(|error| (format!("错误：{error}"), 1))?;
        if let Some(design) = crate::values::DesignId::parse(&station.appearance.design) {
            spec.design = Some(design);
        }
        let units: Vec<String> = station
            .station
            .guide_units
            .iter()
            .filter(|unit| !unit.trim().is_empty())
            .cloned()
            .collect();
        if !units.is_empty() {
            spec.prefill.guide_units = Some(units);
        }
        let phone = station.contacts.supervision_phone.trim();
        if !phone.is_empty() {
            spec.prefill.supervision_phone = Some(phone.to_owned());
        }
    }
    spec.name = args.name.clone().unwrap_or_else(|| {
        args.out
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    if spec.name.trim().is_empty() {
        return Err(usage("错误：请用 --name 写上样式包名称".into()));
    }
    if let Some(design) = &args.design {
        let Some(design) = crate::values::DesignId::parse(design) else {
            return Err(usage(format!(
                "错误：--design 的值“{design}”不对，可选：{}",
                crate::values::DesignId::choices()
            )));
        };
        spec.design = Some(design);
    }
    if let Some(profile) = &args.profile {
        let Some(profile) = crate::export::OutputProfile::from_code(profile)
            .filter(|profile| *profile != crate::export::OutputProfile::Standard)
        else {
            return Err(usage(format!(
                "错误：--profile 的值“{profile}”不对，可选：{}",
                style_pack::pack_profile_codes()
            )));
        };
        spec.profile = Some(profile);
    }
    if let Some(theme) = &args.theme {
        if crate::template::theme(theme.trim()).is_none() {
            return Err(usage(format!(
                "错误：--theme 的值“{theme}”不对，可选：{}",
                crate::template::THEMES.join("、")
            )));
        }
        spec.theme = Some(PackTheme {
            base: Some(theme.trim().to_owned()),
            ..PackTheme::default()
        });
    }
    if let Some(text) = &args.updated {
        spec.updated = UpdatedPolicy::parse(text).ok_or_else(|| {
            usage(format!(
                "错误：--updated 的值“{text}”不对，应为 keep、export_date 或形如 2026-03-01 的日期"
            ))
        })?;
    }
    let values = StationValues {
        guide_units: (!args.guide_unit.is_empty()).then(|| args.guide_unit.clone()),
        supervision_phone: args.supervision_phone.clone(),
        operator: args.operator.clone(),
    };
    if args.prefill_only {
        let prefill = &mut spec.prefill;
        if values.guide_units.is_some() {
            prefill.guide_units = values.guide_units;
        }
        if values.supervision_phone.is_some() {
            prefill.supervision_phone = values.supervision_phone;
        }
        if values.operator.is_some() {
            prefill.operator = values.operator;
        }
    } else {
        spec.overrides = values;
    }
    if let Some(folder) = &args.templates {
        if !folder.is_dir() {
            return Err(usage(format!(
                "错误：--templates 的模板文件夹“{}”不存在",
                folder.display()
            )));
        }
        for kind in SignKind::ALL {
            let path = folder.join(format!("{}.toml", kind.code()));
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|error| {
                (
                    format!(
                        "错误：无法读取模板 {}：{}",
                        path.display(),
                        crate::fsutil::io_message(&error)
                    ),
                    1,
                )
            })?;
            spec.templates.insert(kind, text);
        }
    }
    for path in &args.logo {
        let bytes = crate::assets::read_picture_file(path)
            .map_err(|error| (format!("错误：标志“{}”{error}", path.display()), 1))?;
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "标志.png".to_owned());
        if spec.logos.iter().any(|(existing, _)| *existing == name) {
            return Err(usage(format!(
                "错误：两个标志文件同名（{name}），请改名后再放进样式包"
            )));
        }
        spec.logos.push((name, bytes));
    }
    Ok(spec)
}
