//! Style packs (样式包): one `.lpstyle` file (a zip) with which a county guidance centre gives
//! every station of the county the same look and county-wide values. It holds
//! - `manifest.toml`: `format = "liangpai-style"`, `version = 1`, `name`, optional `design` (a
//!   built-in design id), `profile` (an output profile code), `updated` (`"keep"`,
//!   `"export_date"` or a fixed `YYYY-MM-DD`), `[theme]` (colours by the names of
//!   `templates/themes.toml`, over the station kind's theme), `[override]` (values that replace the
//!   station's: `guide_units`, `supervision_phone`, `operator`) and `[prefill]` (the same keys,
//!   used only where the station's field is empty), and `[headings.<lang>]` (the signs' fixed
//!   words in a language, `headings.<lang>.<key>` of DESIGN.md, for every station of the county:
//!   each key a station has not translated itself is taken from the pack);
//! - `templates/<kind>.toml` (any subset): the pack's design of that kind;
//! - `logos/*.png|jpg|svg`: county logos, added after the station's own logos.
//!
//! Reading ([`load`], [`load_bytes`]) is bounded (file size, entry count, unpacked size counted
//! while unpacking, so a zip bomb stops at the limit), refuses unsafe names (`..`, absolute
//! paths) and checks everything before anything is used: a broken manifest, template or logo is
//! refused with a Chinese message naming the file inside the pack (and the line). Writing
//! ([`make`]) is atomic and checks the new pack by reading it back. [`apply`] (pure) gives the
//! station as the pack makes it look.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{HEADING_KEYS, Headings, Language, StationFile};
use crate::sign::SignKind;
use crate::template::{Template, Theme};
use crate::values::{DesignId, OutputProfile};

/// The `format` of every manifest.
pub const FORMAT: &str = "liangpai-style";
/// The newest manifest version this program reads (and the one it writes).
pub const VERSION: u64 = 1;
/// The extension of a style pack file (without the dot).
pub const EXTENSION: &str = "lpstyle";
/// The manifest's name inside the pack.
pub const MANIFEST: &str = "manifest.toml";
/// The largest pack file read (bytes on disk).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// The most bytes all entries may unpack to together.
pub const MAX_UNPACKED_BYTES: u64 = 20 * 1024 * 1024;
/// The most entries (files and folders) a pack may hold.
pub const MAX_ENTRIES: usize = 200;
/// The prefix of a pack logo's path in a station's `logos` after [`apply`] (never a real file:
/// the export reads its bytes from the pack).
pub const LOGO_PREFIX: &str = "样式包:";

/// The output profiles a manifest's `profile` may name: every one but the default, which is
/// what naming none gives.
pub fn pack_profiles() -> impl Iterator<Item = OutputProfile> {
    OutputProfile::ALL
        .into_iter()
        .filter(|profile| *profile != OutputProfile::Standard)
}

/// The codes of [`pack_profiles`], joined for messages.
pub fn pack_profile_codes() -> String {
    pack_profiles()
        .map(OutputProfile::code)
        .collect::<Vec<_>>()
        .join("、")
}

/// The design ids, joined for messages.
fn design_ids() -> String {
    DesignId::ALL
        .iter()
        .map(|design| design.id())
        .collect::<Vec<_>>()
        .join("、")
}

/// Station values a pack sets (`[override]`) or fills in where empty (`[prefill]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationValues {
    /// 指导单位 (`station.guide_units`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_units: Option<Vec<String>>,
    /// 监督电话 (`contacts.supervision_phone`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervision_phone: Option<String>,
    /// 承接机构 (`station.operator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

impl StationValues {
    /// Nothing set.
    pub fn is_empty(&self) -> bool {
        self.guide_units.is_none() && self.supervision_phone.is_none() && self.operator.is_none()
    }
}

/// Colours of a pack, by the colour names of `templates/themes.toml`; each replaces that colour
/// of the theme otherwise used (the station kind's), `base` first picks another built-in theme.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackTheme {
    /// A built-in theme name (see `template::THEMES`) to start from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Main colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<String>,
    /// Darker main colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_dark: Option<String>,
    /// Accent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    /// Page background.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<String>,
    /// Panel background.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surface: Option<String>,
    /// Body text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Secondary text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muted: Option<String>,
    /// Text on the main colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_primary: Option<String>,
    /// Thin lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
}

impl PackTheme {
    /// The colours as (name, value), those set.
    fn colours(&self) -> Vec<(&'static str, &String)> {
        [
            ("primary", &self.primary),
            ("primary_dark", &self.primary_dark),
            ("accent", &self.accent),
            ("background", &self.background),
            ("surface", &self.surface),
            ("text", &self.text),
            ("muted", &self.muted),
            ("on_primary", &self.on_primary),
            ("line", &self.line),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|value| (name, value)))
        .collect()
    }

    /// `theme` with this pack's base and colours.
    pub fn over(&self, theme: &Theme) -> Theme {
        let mut theme = self
            .base
            .as_deref()
            .and_then(crate::template::theme)
            .unwrap_or_else(|| theme.clone());
        let slots: [(&Option<String>, &mut String); 9] = [
            (&self.primary, &mut theme.primary),
            (&self.primary_dark, &mut theme.primary_dark),
            (&self.accent, &mut theme.accent),
            (&self.background, &mut theme.background),
            (&self.surface, &mut theme.surface),
            (&self.text, &mut theme.text),
            (&self.muted, &mut theme.muted),
            (&self.on_primary, &mut theme.on_primary),
            (&self.line, &mut theme.line),
        ];
        for (value, slot) in slots {
            if let Some(value) = value {
                value.trim().clone_into(slot);
            }
        }
        theme
    }
}

/// What signs show as 更新日期 (`updated` in the manifest).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum UpdatedPolicy {
    /// `"keep"`: the station's own date.
    #[default]
    Keep,
    /// `"export_date"`: the date the signs are made.
    ExportDate,
    /// A fixed date, `YYYY-MM-DD`.
    Fixed(String),
}

impl UpdatedPolicy {
    /// The manifest's text for this policy.
    pub fn code(&self) -> &str {
        match self {
            UpdatedPolicy::Keep => "keep",
            UpdatedPolicy::ExportDate => "export_date",
            UpdatedPolicy::Fixed(date) => date,
        }
    }

    /// The policy a manifest's (or the command line's) text names, if any.
    pub fn parse(text: &str) -> Option<UpdatedPolicy> {
        match text.trim() {
            "" | "keep" => Some(UpdatedPolicy::Keep),
            "export_date" => Some(UpdatedPolicy::ExportDate),
            date => {
                crate::model::parse_iso_date(date).map(|_| UpdatedPolicy::Fixed(date.to_owned()))
            }
        }
    }

    /// A Chinese description.
    pub fn describe(&self) -> String {
        match self {
            UpdatedPolicy::Keep => "用站点自己的更新日期".to_owned(),
            UpdatedPolicy::ExportDate => "用导出当天的日期".to_owned(),
            UpdatedPolicy::Fixed(date) => format!("统一为 {date}"),
        }
    }
}

/// A county logo in the pack.
#[derive(Debug, Clone, PartialEq)]
pub struct PackLogo {
    /// Its name inside the pack, e.g. `logos/青禾县.png`.
    pub name: String,
    /// The file's bytes (checked to decode when the pack was read).
    pub bytes: Vec<u8>,
}

impl PackLogo {
    /// The path this logo has in a station's `logos` after [`apply`].
    pub fn station_path(&self) -> String {
        format!("{LOGO_PREFIX}{}", self.name)
    }
}

/// A style pack, read and checked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StylePack {
    /// The pack file's name (e.g. `青禾县.lpstyle`), for messages.
    pub file_name: String,
    /// `name`: what the pack is called, e.g. 青禾县社工站统一标识.
    pub name: String,
    /// `design`: a built-in design.
    pub design: Option<DesignId>,
    /// `profile`: an output profile (never the default one).
    pub profile: Option<OutputProfile>,
    /// `[theme]`.
    pub theme: Option<PackTheme>,
    /// `[override]`.
    pub overrides: StationValues,
    /// `[prefill]`.
    pub prefill: StationValues,
    /// `updated`.
    pub updated: UpdatedPolicy,
    /// `[headings.<lang>]`: the signs' fixed words by language tag, then key.
    pub headings: Headings,
    /// `templates/<kind>.toml`, parsed, with their text (to write the pack again).
    pub templates: BTreeMap<SignKind, (Template, String)>,
    /// `logos/*`, in name order.
    pub logos: Vec<PackLogo>,
    /// Things that do not stop the pack from being used (e.g. a file it does not know), Chinese.
    pub warnings: Vec<String>,
}

impl StylePack {
    /// The pack's template of a kind, if it has one.
    pub fn template(&self, kind: SignKind) -> Option<&Template> {
        self.templates.get(&kind).map(|(template, _)| template)
    }

    /// The bytes of each pack logo by the path [`apply`] gives it in a station's `logos`.
    pub fn logo_bytes(&self) -> BTreeMap<String, Vec<u8>> {
        self.logos
            .iter()
            .map(|logo| (logo.station_path(), logo.bytes.clone()))
            .collect()
    }

    /// What to make this pack again from (e.g. the app exporting the pack in use).
    pub fn to_spec(&self) -> PackSpec {
        PackSpec {
            name: self.name.clone(),
            design: self.design,
            profile: self.profile,
            theme: self.theme.clone(),
            overrides: self.overrides.clone(),
            prefill: self.prefill.clone(),
            updated: self.updated.clone(),
            headings: self.headings.clone(),
            templates: self
                .templates
                .iter()
                .map(|(kind, (_, text))| (*kind, text.clone()))
                .collect(),
            logos: self
                .logos
                .iter()
                .map(|logo| {
                    let file = logo.name.strip_prefix("logos/").unwrap_or(&logo.name);
                    (file.to_owned(), logo.bytes.clone())
                })
                .collect(),
        }
    }

    /// What the pack holds, in Chinese, one line each (`liangpai style show`, the app).
    pub fn describe(&self) -> Vec<String> {
        let mut lines = vec![format!("样式包：{}（{}）", self.name, self.file_name)];
        lines.push(format!(
            "设计：{}",
            self.design.map_or_else(
                || "未指定（按站点自己的选择）".to_owned(),
                |design| format!("{}（{}）", design.label(), design.id())
            )
        ));
        lines.push(format!(
            "用途：{}",
            self.profile.map_or_else(
                || "未指定".to_owned(),
                |profile| format!("{}（{}）", profile.label(), profile.code())
            )
        ));
        match &self.theme {
            Some(theme) => {
                let mut parts: Vec<String> = theme
                    .colours()
                    .into_iter()
                    .map(|(name, value)| format!("{name} = {value}"))
                    .collect();
                if let Some(base) = &theme.base {
                    let label = crate::template::theme(base)
                        .map(|theme| theme.label)
                        .unwrap_or_default();
                    parts.insert(0, format!("基于“{label}”（{base}）"));
                }
                lines.push(format!("配色：{}", parts.join("，")));
            }
            None => lines.push("配色：按场所类型".to_owned()),
        }
        for (label, values) in [
            ("统一改为", &self.overrides),
            ("站点未填时填入", &self.prefill),
        ] {
            if let Some(units) = &values.guide_units {
                lines.push(format!("{label}指导单位：{}", units.join("、")));
            }
            if let Some(phone) = &values.supervision_phone {
                lines.push(format!("{label}监督电话：{phone}"));
            }
            if let Some(operator) = &values.operator {
                lines.push(format!("{label}承接机构：{operator}"));
            }
        }
        lines.push(format!("更新日期：{}", self.updated.describe()));
        for (tag, headings) in &self.headings {
            let name = Language::from_tag(tag).map_or_else(
                || tag.clone(),
                |language| language.chinese_name().to_owned(),
            );
            lines.push(format!(
                "固定标题译文（{name}）：{} 个，站点自己没有译的标题用这些",
                headings.len()
            ));
        }
        if self.templates.is_empty() {
            lines.push("模板：无（用所选设计的模板）".to_owned());
        } else {
            let kinds: Vec<String> = self
                .templates
                .keys()
                .map(|kind| format!("{}（templates/{}.toml）", kind.label(), kind.code()))
                .collect();
            lines.push(format!("模板：{}", kinds.join("、")));
        }
        if self.logos.is_empty() {
            lines.push("县级标志：无".to_owned());
        } else {
            let names: Vec<&str> = self.logos.iter().map(|logo| logo.name.as_str()).collect();
            lines.push(format!("县级标志：{}", names.join("、")));
        }
        lines.extend(
            self.warnings
                .iter()
                .map(|warning| format!("提醒：{warning}")),
        );
        lines
    }
}

/// Why a style pack could not be read or made. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum StylePackError {
    /// The file could not be read.
    #[error("无法读取样式包 {}：{}", file.display(), crate::fsutil::io_message(source))]
    Read {
        /// The pack file.
        file: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a zip (not a style pack at all, or damaged).
    #[error("{pack} 不是样式包（不是 .{EXTENSION} 文件，或文件已损坏）：{reason}")]
    NotAZip {
        /// The pack file's name.
        pack: String,
        /// The zip reader's reason.
        reason: String,
    },
    /// Larger than the limits (a zip bomb, or far too many files).
    #[error("样式包 {pack} 太大：{reason}，不能使用")]
    TooLarge {
        /// The pack file's name.
        pack: String,
        /// Which limit.
        reason: String,
    },
    /// A name inside the pack that could write or read outside it.
    #[error("样式包 {pack} 中的文件名“{name}”不安全（含 .. 或绝对路径），不能使用")]
    UnsafeName {
        /// The pack file's name.
        pack: String,
        /// The name inside.
        name: String,
    },
    /// The pack has no manifest.
    #[error("样式包 {pack} 中没有 {MANIFEST}，不是亮牌的样式包")]
    NoManifest {
        /// The pack file's name.
        pack: String,
    },
    /// Made by a newer version of the program.
    #[error(
        "样式包 {pack} 由较新版本的亮牌制作（格式版本 {version}，本程序只能读到版本 {VERSION}），请先升级亮牌"
    )]
    Newer {
        /// The pack file's name.
        pack: String,
        /// The manifest's version.
        version: u64,
    },
    /// A file inside the pack is wrong.
    #[error("样式包 {pack} 中的 {file}{}：{message}", line.map(|line| format!(" 第 {line} 行")).unwrap_or_default())]
    Entry {
        /// The pack file's name.
        pack: String,
        /// The file inside the pack, e.g. `templates/board.toml`.
        file: String,
        /// The line, when known.
        line: Option<usize>,
        /// What is wrong (Chinese).
        message: String,
    },
    /// Writing the pack failed; the file that was there is unchanged.
    #[error("无法写入样式包 {}：{}。原有文件未被改动。", file.display(), crate::fsutil::io_message(source))]
    Write {
        /// The pack file.
        file: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Building the zip failed.
    #[error("无法生成样式包：{reason}")]
    Zip {
        /// The zip writer's reason.
        reason: String,
    },
}

/// Reads and checks the style pack at `path` (see the module documentation).
///
/// # Errors
/// [`StylePackError`] naming the file (and the file inside the pack, and its line).
pub fn load(path: &Path) -> Result<StylePack, StylePackError> {
    let read_error = |source| StylePackError::Read {
        file: path.to_path_buf(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    let pack = display_name(path);
    if !metadata.is_file() {
        return Err(StylePackError::NotAZip {
            pack,
            reason: "这是文件夹或特殊文件".into(),
        });
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(StylePackError::TooLarge {
            pack,
            reason: format!("文件超过 {} MB", MAX_FILE_BYTES / (1024 * 1024)),
        });
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    load_bytes(&bytes, &pack)
}

/// The file name of `path` as messages show it.
fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Reads and checks a style pack from its bytes; `pack` names it in messages.
///
/// # Errors
/// See [`load`].
pub fn load_bytes(bytes: &[u8], pack: &str) -> Result<StylePack, StylePackError> {
    let files = unpack(bytes, pack)?;
    let entry_error = |file: &str, line: Option<usize>, message: String| StylePackError::Entry {
        pack: pack.to_owned(),
        file: file.to_owned(),
        line,
        message,
    };
    let manifest_bytes = files
        .get(MANIFEST)
        .ok_or_else(|| StylePackError::NoManifest {
            pack: pack.to_owned(),
        })?;
    let manifest_text = std::str::from_utf8(manifest_bytes)
        .map_err(|_| entry_error(MANIFEST, None, "不是 UTF-8 文本".into()))?;
    let manifest = parse_manifest(manifest_text, pack)?;
    let mut style = StylePack {
        file_name: pack.to_owned(),
        ..StylePack::default()
    };
    style.name = manifest.name.trim().to_owned();
    (style.design, style.profile) = manifest_choices(&manifest, manifest_text, pack)?;
    style.theme = manifest.theme;
    style.overrides = manifest.overrides.unwrap_or_default();
    style.prefill = manifest.prefill.unwrap_or_default();
    style.headings = manifest.headings.unwrap_or_default();
    style.updated = match manifest.updated.as_deref() {
        None => UpdatedPolicy::Keep,
        Some(text) => UpdatedPolicy::parse(text).ok_or_else(|| {
            entry_error(
                MANIFEST,
                line_of_key(manifest_text, "updated"),
                format!(
                    "updated 的值“{text}”不对，应为 keep、export_date 或形如 2026-03-01 的日期"
                ),
            )
        })?,
    };
    check_manifest_values(&style, manifest_text, pack)?;
    style.warnings.extend(heading_warnings(&style.headings));
    for (name, bytes) in &files {
        if name == MANIFEST {
            continue;
        }
        if let Some(file) = name.strip_prefix("templates/") {
            let Some(kind) = file.strip_suffix(".toml").and_then(SignKind::from_code) else {
                return Err(entry_error(
                    name,
                    None,
                    "不是已知公示牌种类的模板（文件名应为 plaque.toml、board.toml 等）".into(),
                ));
            };
            let text = std::str::from_utf8(bytes)
                .map_err(|_| entry_error(name, None, "不是 UTF-8 文本".into()))?;
            let template = parse_template(
                text,
                name,
                kind,
                pack,
                style.theme.as_ref(),
                &mut style.warnings,
            )?;
            style.templates.insert(kind, (template, text.to_owned()));
        } else if let Some(file) = name.strip_prefix("logos/") {
            let lower = file.to_lowercase();
            if ![".png", ".jpg", ".jpeg", ".svg"]
                .iter()
                .any(|extension| lower.ends_with(extension))
            {
                return Err(entry_error(
                    name,
                    None,
                    "标志只能是 PNG、JPG 或 SVG 图片".into(),
                ));
            }
            crate::assets::decode(bytes)
                .map_err(|error| entry_error(name, None, format!("标志图片{error}")))?;
            style.logos.push(PackLogo {
                name: name.clone(),
                bytes: bytes.clone(),
            });
        } else {
            style.warnings.push(format!(
                "样式包 {pack} 中的 {name} 不是样式包的内容，已忽略"
            ));
        }
    }
    Ok(style)
}

/// The manifest as written.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    format: String,
    version: u64,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    design: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    profile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    theme: Option<PackTheme>,
    #[serde(default, rename = "override", skip_serializing_if = "Option::is_none")]
    overrides: Option<StationValues>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prefill: Option<StationValues>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    headings: Option<Headings>,
}

/// The 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .unwrap_or(text)
        .matches('\n')
        .count()
        + 1
}

/// The line where `key = …` is first written, if it is.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|index| index + 1)
}

/// A TOML error as (line, Chinese message).
fn toml_problem(text: &str, error: &toml::de::Error) -> (Option<usize>, String) {
    let line = error.span().map(|span| line_at(text, span.start));
    (line, chinese_reason(error.message().trim()))
}

/// The TOML reader's (English) reason in Chinese ([`crate::model::toml_message_in_chinese`]);
/// one it does not know is kept after a Chinese lead.
fn chinese_reason(reason: &str) -> String {
    crate::model::toml_message_in_chinese(reason).unwrap_or_else(|| format!("格式有误（{reason}）"))
}

/// Parses the manifest: the format and version first (a newer pack may have keys this version
/// does not know), then every key strictly.
fn parse_manifest(text: &str, pack: &str) -> Result<Manifest, StylePackError> {
    let entry_error = |line: Option<usize>, message: String| StylePackError::Entry {
        pack: pack.to_owned(),
        file: MANIFEST.to_owned(),
        line,
        message,
    };
    let table: toml::Table = toml::from_str(text).map_err(|error| {
        let (line, message) = toml_problem(text, &error);
        entry_error(line, message)
    })?;
    match table.get("format").and_then(toml::Value::as_str) {
        Some(FORMAT) => {}
        _ => {
            return Err(entry_error(
                line_of_key(text, "format"),
                format!("format 应为 \"{FORMAT}\"，这不是亮牌的样式包"),
            ));
        }
    }
    let version = table.get("version").and_then(toml::Value::as_integer);
    match version {
        Some(version) if version > 0 && version as u64 > VERSION => {
            return Err(StylePackError::Newer {
                pack: pack.to_owned(),
                version: version as u64,
            });
        }
        Some(version) if version >= 1 => {}
        _ => {
            return Err(entry_error(
                line_of_key(text, "version"),
                format!("version 应为正整数（本程序写 {VERSION}）"),
            ));
        }
    }
    let manifest: Manifest = toml::from_str(text).map_err(|error| {
        let (line, message) = toml_problem(text, &error);
        entry_error(line, message)
    })?;
    if manifest.name.trim().is_empty() {
        return Err(entry_error(
            line_of_key(text, "name"),
            "name（样式包名称）不能为空".into(),
        ));
    }
    Ok(manifest)
}

/// The manifest's `design` and `profile`, read into their types (an unknown one is an error
/// naming its line and the choices). The one place a pack's profile is parsed.
fn manifest_choices(
    manifest: &Manifest,
    text: &str,
    pack: &str,
) -> Result<(Option<DesignId>, Option<OutputProfile>), StylePackError> {
    let entry_error = |key: &str, message: String| StylePackError::Entry {
        pack: pack.to_owned(),
        file: MANIFEST.to_owned(),
        line: line_of_key(text, key),
        message,
    };
    let design = match &manifest.design {
        None => None,
        Some(design) => Some(DesignId::parse(design).ok_or_else(|| {
            entry_error(
                "design",
                format!("design 的值“{design}”不是内置设计，可选：{}", design_ids()),
            )
        })?),
    };
    let profile = match &manifest.profile {
        None => None,
        Some(profile) => Some(
            OutputProfile::from_code(profile)
                .filter(|code| *code != OutputProfile::Standard)
                .ok_or_else(|| {
                    entry_error(
                        "profile",
                        format!(
                            "profile 的值“{profile}”不是已知的用途，可选：{}",
                            pack_profile_codes()
                        ),
                    )
                })?,
        ),
    };
    Ok((design, profile))
}

/// Checks the manifest's design, profile, colours and values.
fn check_manifest_values(style: &StylePack, text: &str, pack: &str) -> Result<(), StylePackError> {
    let entry_error = |key: &str, message: String| StylePackError::Entry {
        pack: pack.to_owned(),
        file: MANIFEST.to_owned(),
        line: line_of_key(text, key),
        message,
    };
    if let Some(theme) = &style.theme {
        if let Some(base) = &theme.base
            && crate::template::theme(base.trim()).is_none()
        {
            return Err(entry_error(
                "base",
                format!(
                    "[theme] 的 base“{base}”不是内置配色，可选：{}",
                    crate::template::THEMES.join("、")
                ),
            ));
        }
        for (name, value) in theme.colours() {
            if crate::frame::Rgb::from_hex(value).is_none() {
                return Err(entry_error(
                    name,
                    format!("[theme] 的颜色 {name}“{value}”不对，应形如 #1f5f8b"),
                ));
            }
        }
    }
    for values in [&style.overrides, &style.prefill] {
        if let Some(units) = &values.guide_units
            && units.iter().any(|unit| unit.trim().is_empty())
        {
            return Err(entry_error(
                "guide_units",
                "guide_units（指导单位）中有空的一项".into(),
            ));
        }
    }
    for tag in style.headings.keys() {
        if Language::from_tag(tag).is_none() {
            return Err(StylePackError::Entry {
                pack: pack.to_owned(),
                file: MANIFEST.to_owned(),
                line: line_of_table(text, &format!("headings.{tag}")),
                message: format!(
                    "[headings.{tag}] 的语言“{tag}”不认识，可选：{}",
                    crate::model::language_choices()
                ),
            });
        }
    }
    Ok(())
}

/// The line where the table `[name]` starts, if it is written so.
fn line_of_table(text: &str, name: &str) -> Option<usize> {
    let header = format!("[{name}]");
    text.lines()
        .position(|line| line.trim() == header)
        .map(|index| index + 1)
}

/// What a pack's headings hold that no sign uses: one warning per unknown key (a typo the county
/// should hear of; the pack is still used).
fn heading_warnings(headings: &Headings) -> Vec<String> {
    let mut out = Vec::new();
    for (tag, table) in headings {
        for key in table.keys() {
            if !HEADING_KEYS.iter().any(|(known, _)| known == key) {
                out.push(format!(
                    "manifest.toml：[headings.{tag}] 中的“{key}”不是公示牌上的固定标题，不会用到（liangpai check --headings {tag} 列出全部固定标题）"
                ));
            }
        }
    }
    out
}

/// Parses one template of the pack: the template checker (`template::check_template`, colours
/// against the pack's theme when it has one: errors refuse, warnings go to `warnings`), TOML
/// errors with their line, the template's own checks (`template::parse`), and that it is the
/// template of the kind its file name says.
fn parse_template(
    text: &str,
    name: &str,
    kind: SignKind,
    pack: &str,
    theme: Option<&PackTheme>,
    warnings: &mut Vec<String>,
) -> Result<Template, StylePackError> {
    let entry_error = |line: Option<usize>, message: String| StylePackError::Entry {
        pack: pack.to_owned(),
        file: name.to_owned(),
        line,
        message,
    };
    // The template checker: errors (unknown keys and placeholders, rectangles off the page,
    // colours missing the contrast rule…) refuse the pack, warnings are kept with it.
    let problems = match theme {
        Some(theme) => {
            let themes: Vec<(String, crate::template::Theme)> = crate::template::THEMES
                .iter()
                .filter_map(|name| crate::template::theme(name))
                .map(|base| {
                    let label = format!("{}（样式包配色）", base.label);
                    (label, theme.over(&base))
                })
                .collect();
            crate::template::check_template_with_themes(text, name, &themes)
        }
        None => crate::template::check_template(text, name),
    };
    if let Some(error) = problems
        .iter()
        .find(|problem| problem.severity == crate::model::Severity::Error)
    {
        return Err(entry_error(error.line, error.message.clone()));
    }
    warnings.extend(
        problems
            .iter()
            .map(|problem| format!("样式包 {pack} 中的 {problem}")),
    );
    if let Err(error) = toml::from_str::<Template>(text) {
        let (line, message) = toml_problem(text, &error);
        return Err(entry_error(line, message));
    }
    let template = crate::template::parse(text, name).map_err(|error| {
        let crate::template::TemplateError::Invalid { reason, .. } = error;
        entry_error(None, reason)
    })?;
    if template.sign != kind {
        return Err(entry_error(
            line_of_key(text, "sign"),
            format!(
                "这是“{}”的模板，文件名却是“{}”的（templates/{}.toml）",
                template.sign.label(),
                kind.label(),
                kind.code()
            ),
        ));
    }
    Ok(template)
}

/// Unpacks every file of the zip, within the limits; names checked to be safe.
fn unpack(bytes: &[u8], pack: &str) -> Result<BTreeMap<String, Vec<u8>>, StylePackError> {
    let too_large = |reason: String| StylePackError::TooLarge {
        pack: pack.to_owned(),
        reason,
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(format!(
            "文件超过 {} MB",
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let not_zip = |error: zip::result::ZipError| StylePackError::NotAZip {
        pack: pack.to_owned(),
        reason: error.to_string(),
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(not_zip)?;
    if archive.len() > MAX_ENTRIES {
        return Err(too_large(format!(
            "有 {} 个文件，最多 {MAX_ENTRIES} 个",
            archive.len()
        )));
    }
    let limit_mb = MAX_UNPACKED_BYTES / (1024 * 1024);
    let mut files = BTreeMap::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(not_zip)?;
        // Names written on old Windows with `\` mean folders too.
        let name = entry
            .name()
            .map_err(|error| StylePackError::NotAZip {
                pack: pack.to_owned(),
                reason: error.to_string(),
            })?
            .replace('\\', "/");
        if !safe_entry_name(&name) || entry.enclosed_name().is_none() {
            return Err(StylePackError::UnsafeName {
                pack: pack.to_owned(),
                name,
            });
        }
        if entry.is_dir() {
            continue;
        }
        if entry.is_symlink() {
            return Err(StylePackError::UnsafeName {
                pack: pack.to_owned(),
                name,
            });
        }
        // The declared size first (cheap), then the bytes really unpacked (a header may lie).
        if entry.size().saturating_add(total) > MAX_UNPACKED_BYTES {
            return Err(too_large(format!("解压后超过 {limit_mb} MB")));
        }
        let room = MAX_UNPACKED_BYTES - total;
        let mut content = Vec::new();
        (&mut entry)
            .take(room + 1)
            .read_to_end(&mut content)
            .map_err(|error| StylePackError::Entry {
                pack: pack.to_owned(),
                file: name.clone(),
                line: None,
                message: format!("无法解压（文件已损坏）：{error}"),
            })?;
        total += content.len() as u64;
        if total > MAX_UNPACKED_BYTES {
            return Err(too_large(format!("解压后超过 {limit_mb} MB")));
        }
        if files.insert(name.clone(), content).is_some() {
            return Err(StylePackError::Entry {
                pack: pack.to_owned(),
                file: name,
                line: None,
                message: "在样式包中出现了两次".into(),
            });
        }
    }
    Ok(without_common_folder(files))
}

/// The files with the one folder they all sit in removed: a pack made by zipping a folder
/// (Windows' 发送到 ▸ 压缩文件夹) holds `青禾县/manifest.toml` instead of `manifest.toml`.
fn without_common_folder(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    if files.contains_key(MANIFEST) {
        return files;
    }
    let folders: Vec<&str> = files
        .keys()
        .filter_map(|name| name.strip_suffix(MANIFEST)?.strip_suffix('/'))
        .filter(|folder| !folder.is_empty() && !folder.contains('/'))
        .collect();
    let [folder] = folders.as_slice() else {
        return files;
    };
    let prefix = format!("{folder}/");
    if !files.keys().all(|name| name.starts_with(&prefix)) {
        return files;
    }
    files
        .into_iter()
        .filter_map(|(name, bytes)| Some((name.strip_prefix(&prefix)?.to_owned(), bytes)))
        .collect()
}

/// A name inside the pack is safe: relative, `/`-separated, no `..`, no drive or backslash.
fn safe_entry_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains('\0')
        && !name.contains(':')
        && name.split('/').all(|part| part != ".." && part != ".")
}

/// What a new pack holds ([`make`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackSpec {
    /// `name`.
    pub name: String,
    /// `design`.
    pub design: Option<DesignId>,
    /// `profile`.
    pub profile: Option<OutputProfile>,
    /// `[theme]`.
    pub theme: Option<PackTheme>,
    /// `[override]`.
    pub overrides: StationValues,
    /// `[prefill]`.
    pub prefill: StationValues,
    /// `updated`.
    pub updated: UpdatedPolicy,
    /// `[headings.<lang>]`.
    pub headings: Headings,
    /// Templates by kind, as TOML text.
    pub templates: BTreeMap<SignKind, String>,
    /// Logos: file name (put under `logos/`) and bytes.
    pub logos: Vec<(String, Vec<u8>)>,
}

/// The bytes of a pack holding `spec`, checked by reading them back (a pack this program would
/// refuse is never written).
///
/// # Errors
/// [`StylePackError`] saying what in `spec` is wrong (as the pack would name it).
pub fn pack_bytes(spec: &PackSpec, pack: &str) -> Result<Vec<u8>, StylePackError> {
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        version: VERSION,
        name: spec.name.trim().to_owned(),
        design: spec.design.map(|design| design.id().to_owned()),
        profile: spec.profile.map(|profile| profile.code().to_owned()),
        updated: match spec.updated {
            UpdatedPolicy::Keep => None,
            ref other => Some(other.code().to_owned()),
        },
        theme: spec.theme.clone(),
        overrides: (!spec.overrides.is_empty()).then(|| spec.overrides.clone()),
        prefill: (!spec.prefill.is_empty()).then(|| spec.prefill.clone()),
        headings: (!spec.headings.is_empty()).then(|| spec.headings.clone()),
    };
    let zip_error = |error: &dyn std::fmt::Display| StylePackError::Zip {
        reason: error.to_string(),
    };
    let manifest_text = toml::to_string(&manifest).map_err(|error| zip_error(&error))?;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time: the same spec gives the same bytes.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut entries: Vec<(String, &[u8])> = vec![(MANIFEST.to_owned(), manifest_text.as_bytes())];
    for (kind, text) in &spec.templates {
        entries.push((format!("templates/{}.toml", kind.code()), text.as_bytes()));
    }
    for (file, bytes) in &spec.logos {
        entries.push((format!("logos/{file}"), bytes));
    }
    for (name, bytes) in entries {
        writer
            .start_file(name, options)
            .map_err(|error| zip_error(&error))?;
        writer.write_all(bytes).map_err(|error| zip_error(&error))?;
    }
    let bytes = writer
        .finish()
        .map_err(|error| zip_error(&error))?
        .into_inner();
    load_bytes(&bytes, pack)?;
    Ok(bytes)
}

/// Writes a pack holding `spec` to `out`, atomically (see [`pack_bytes`]); returns it as read
/// back.
///
/// # Errors
/// What is wrong in `spec`, or why the file could not be written (the old file is unchanged).
pub fn make(out: &Path, spec: &PackSpec) -> Result<StylePack, StylePackError> {
    let pack = display_name(out);
    let bytes = pack_bytes(spec, &pack)?;
    crate::fsutil::write_atomic(out, false, |writer| writer.write_all(&bytes)).map_err(
        |source| StylePackError::Write {
            file: out.to_path_buf(),
            source,
        },
    )?;
    load_bytes(&bytes, &pack)
}

/// The station as the pack makes it look (pure): `[override]` values replace the station's,
/// `[prefill]` values fill its empty fields, the 更新日期 follows `updated` (`export_date` is
/// `today`, `YYYY-MM-DD`), the pack's logos are added after the station's own (with paths
/// starting [`LOGO_PREFIX`], whose bytes [`StylePack::logo_bytes`] gives), the pack's design
/// replaces the station's, and each heading the station has not translated itself
/// (`headings.<lang>.<key>` missing or blank) is taken from the pack's `[headings.<lang>]`.
pub fn apply(station: &StationFile, pack: &StylePack, today: &str) -> StationFile {
    let mut out = station.clone();
    let fill = |values: &StationValues, out: &mut StationFile, only_empty: bool| {
        if let Some(units) = &values.guide_units {
            let empty = out
                .station
                .guide_units
                .iter()
                .all(|unit| unit.trim().is_empty());
            if !only_empty || empty {
                out.station.guide_units.clone_from(units);
            }
        }
        if let Some(phone) = &values.supervision_phone
            && (!only_empty || out.contacts.supervision_phone.trim().is_empty())
        {
            out.contacts.supervision_phone.clone_from(phone);
        }
        if let Some(operator) = &values.operator
            && (!only_empty || out.station.operator.trim().is_empty())
        {
            out.station.operator.clone_from(operator);
        }
    };
    fill(&pack.prefill, &mut out, true);
    fill(&pack.overrides, &mut out, false);
    match &pack.updated {
        UpdatedPolicy::Keep => {}
        UpdatedPolicy::ExportDate => today.clone_into(&mut out.updated),
        UpdatedPolicy::Fixed(date) => date.clone_into(&mut out.updated),
    }
    out.station
        .logos
        .extend(pack.logos.iter().map(PackLogo::station_path));
    if let Some(design) = pack.design {
        design.id().clone_into(&mut out.appearance.design);
    }
    for (tag, table) in &pack.headings {
        let own = out.headings.entry(tag.clone()).or_default();
        for (key, text) in table {
            let missing = own.get(key).is_none_or(|mine| mine.trim().is_empty());
            if missing && !text.trim().is_empty() {
                own.insert(key.clone(), text.clone());
            }
        }
        if own.is_empty() {
            out.headings.remove(tag);
        }
    }
    out
}

/// Where a station's `appearance.style_pack` points: relative paths against the station file's
/// folder (`None` for a relative path in a station never saved).
pub fn resolve(base_dir: Option<&Path>, stored: &str) -> Option<PathBuf> {
    crate::assets::resolve_path(base_dir, stored)
}

/// The path to store in a station file for the pack at `pack`: relative to the station file's
/// folder `station_dir` with `/` separators (`../县里/青禾县.lpstyle` when it is beside the
/// folder), or absolute when they share no folder (another drive).
pub fn stored_path(pack: &Path, station_dir: &Path) -> String {
    let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let pack_abs = absolute(pack);
    let dir_abs = absolute(station_dir);
    let pack_parts: Vec<_> = pack_abs.components().collect();
    let dir_parts: Vec<_> = dir_abs.components().collect();
    let common = pack_parts
        .iter()
        .zip(&dir_parts)
        .take_while(|(a, b)| a == b)
        .count();
    // Nothing in common but the root (or another drive): keep it absolute.
    if common <= 1 {
        return pack_abs.display().to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    for _ in common..dir_parts.len() {
        parts.push("..".to_owned());
    }
    for part in pack_parts.iter().skip(common) {
        parts.push(part.as_os_str().to_string_lossy().into_owned());
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> PackSpec {
        PackSpec {
            name: "青禾县社工站统一标识".into(),
            overrides: StationValues {
                supervision_phone: Some("0730-1234567".into()),
                ..StationValues::default()
            },
            prefill: StationValues {
                guide_units: Some(vec!["青禾县民政局".into()]),
                operator: Some("青禾县社会工作协会".into()),
                ..StationValues::default()
            },
            ..PackSpec::default()
        }
    }

    #[test]
    fn a_pack_reads_back_what_was_put_in() {
        let bytes = pack_bytes(&spec(), "青禾县.lpstyle").unwrap_or_else(|error| panic!("{error}"));
        let pack = load_bytes(&bytes, "青禾县.lpstyle").unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(pack.name, "青禾县社工站统一标识");
        assert_eq!(
            pack.overrides.supervision_phone.as_deref(),
            Some("0730-1234567")
        );
        assert_eq!(pack.to_spec(), spec());
        // Deterministic: the same spec, the same bytes.
        assert_eq!(pack_bytes(&spec(), "x").ok(), Some(bytes));
    }

    #[test]
    fn override_replaces_and_prefill_fills_only_empty_fields() {
        let bytes = pack_bytes(&spec(), "p").unwrap_or_default();
        let pack = load_bytes(&bytes, "p").unwrap_or_else(|error| panic!("{error}"));
        let mut station = StationFile::new();
        station.contacts.supervision_phone = "0730-0000000".into();
        station.station.operator = "柳溪社工中心".into();
        let applied = apply(&station, &pack, "2026-03-01");
        assert_eq!(applied.contacts.supervision_phone, "0730-1234567");
        assert_eq!(applied.station.operator, "柳溪社工中心");
        assert_eq!(applied.station.guide_units, vec!["青禾县民政局".to_owned()]);
    }

    #[test]
    fn unsafe_names_are_refused() {
        for name in [
            "../x.toml",
            "/etc/passwd",
            "a/../../b",
            "logos\\..\\x.png",
            "C:/x",
        ] {
            assert!(!safe_entry_name(name), "{name}");
        }
        assert!(safe_entry_name("templates/board.toml"));
        assert!(safe_entry_name("logos/青禾县.png"));
    }

    #[test]
    fn toml_reasons_are_chinese() {
        assert_eq!(
            chinese_reason("unknown field `foo`, expected one of `rect`, `fill`"),
            "不认识的键“foo”，这里可用的键：rect、fill"
        );
        assert_eq!(chinese_reason("missing field `sign`"), "缺少必填的键“sign”");
        assert!(chinese_reason("expected `=`").starts_with("格式有误"));
    }

    #[test]
    fn a_zipped_folder_is_read_as_its_contents() {
        let files: BTreeMap<String, Vec<u8>> = [
            ("青禾县/manifest.toml".to_owned(), b"m".to_vec()),
            ("青禾县/logos/a.png".to_owned(), b"l".to_vec()),
        ]
        .into_iter()
        .collect();
        let stripped = without_common_folder(files);
        assert_eq!(
            stripped.keys().collect::<Vec<_>>(),
            vec!["logos/a.png", "manifest.toml"]
        );
        let mixed: BTreeMap<String, Vec<u8>> = [
            ("a/manifest.toml".to_owned(), Vec::new()),
            ("b/x".to_owned(), Vec::new()),
        ]
        .into_iter()
        .collect();
        assert!(without_common_folder(mixed).contains_key("a/manifest.toml"));
    }

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 2), 2);
        assert_eq!(line_of_key("x = 1\n  updated = \"y\"", "updated"), Some(2));
    }

    #[test]
    fn stored_paths_are_relative_with_slashes() {
        let base = Path::new("/data/县/站点");
        assert_eq!(
            stored_path(Path::new("/data/县/站点/青禾.lpstyle"), base),
            "青禾.lpstyle"
        );
        assert_eq!(
            stored_path(Path::new("/data/县/包/青禾.lpstyle"), base),
            "../包/青禾.lpstyle"
        );
    }
}
