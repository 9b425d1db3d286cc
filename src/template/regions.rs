//! Regional presets (地区预设) as data: `templates/regions.toml`, compiled in, says for each
//! region which scripts its signs carry, in what order, at what size ratio, where the ethnic
//! columns stand on vertical signs, and which regulation says so. [`Region::languages`] turns a
//! region into a station's `languages`; [`fill_languages`] sets them on a station.

use serde::Deserialize;

use crate::model::{Language, LanguageOrder, Languages, StationFile};

/// The built-in presets.
static REGIONS_TOML: &str = include_str!("../../templates/regions.toml");

/// The tag of Chinese in `scripts`.
pub const CHINESE: &str = "zh";

/// Where the ethnic script's columns stand on vertical signs (竖牌).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerticalPlacement {
    /// On the left of the Chinese (Inner Mongolia: 竖写的蒙文在左).
    LocalLeft,
    /// On the right of the Chinese.
    LocalRight,
}

/// One regional preset.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Short id (`xinjiang`).
    pub id: String,
    /// The region's name as the app shows it (新疆维吾尔自治区).
    pub name: String,
    /// The scripts on horizontal signs, first above (or before); `zh` is Chinese.
    pub scripts: Vec<String>,
    /// On vertical signs, where the ethnic columns stand; `None` where the region says nothing.
    #[serde(default)]
    pub vertical: Option<VerticalPlacement>,
    /// Ethnic : Chinese text size.
    #[serde(default = "one")]
    pub size_ratio: f32,
    /// The regulation the rule comes from.
    pub source: String,
    /// What a user should check.
    #[serde(default)]
    pub note: String,
}

fn one() -> f32 {
    1.0
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionsFile {
    region: Vec<Region>,
}

/// Why a regions file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RegionsError {
    /// Not TOML, or not the keys of a regions file.
    #[error("地区预设文件 {file} 有误：{}", toml_reason(.source))]
    Toml {
        /// The file.
        file: String,
        /// The parser's error.
        #[source]
        source: toml::de::Error,
    },
    /// A region whose values cannot be used.
    #[error("地区预设文件 {file} 中的地区“{region}”有误：{reason}")]
    Invalid {
        /// The file.
        file: String,
        /// The region's id (or name).
        region: String,
        /// What is wrong.
        reason: String,
    },
}

/// A TOML error in Chinese when the model's table knows it, else the parser's words after a
/// Chinese lead.
fn toml_reason(error: &toml::de::Error) -> String {
    crate::model::toml_message_in_chinese(error.message())
        .unwrap_or_else(|| format!("格式有误（{}）", error.message().trim()))
}

impl Region {
    /// The ethnic languages, in their order on the signs.
    pub fn local(&self) -> Vec<Language> {
        self.scripts
            .iter()
            .filter_map(|tag| Language::from_tag(tag))
            .collect()
    }

    /// Whether Chinese stands between two ethnic scripts (Ili), which `languages.order` cannot
    /// say: the station's signs then put Chinese after them.
    pub fn chinese_between(&self) -> bool {
        let position = self.scripts.iter().position(|tag| tag == CHINESE);
        position.is_some_and(|position| position > 0 && position + 1 < self.scripts.len())
    }

    /// The station's `languages` for this region: the ethnic scripts in order, Chinese first
    /// when the region puts it first (else after them), the size ratio.
    pub fn languages(&self) -> Languages {
        let chinese_first = self.scripts.first().is_some_and(|tag| tag == CHINESE);
        Languages {
            local: self.local().iter().map(|l| l.tag().to_owned()).collect(),
            order: if chinese_first {
                LanguageOrder::ChineseFirst
            } else {
                LanguageOrder::LocalFirst
            },
            size_ratio: self.size_ratio,
            ..Languages::default()
        }
    }

    /// The scripts in Chinese, in order (维吾尔文、汉文).
    pub fn scripts_text(&self) -> String {
        self.scripts
            .iter()
            .map(|tag| match Language::from_tag(tag) {
                Some(language) => language.chinese_name(),
                None => "汉文",
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    /// What is wrong with this region's values, if anything.
    fn problem(&self) -> Option<String> {
        if self.id.trim().is_empty() || self.name.trim().is_empty() {
            return Some("id 和 name 都要写".into());
        }
        if let Some(tag) = self
            .scripts
            .iter()
            .find(|tag| *tag != CHINESE && Language::from_tag(tag).is_none())
        {
            return Some(format!(
                "scripts 中的“{tag}”不认识，可选：zh（汉文）、{}",
                crate::model::language_choices()
            ));
        }
        if self.scripts.iter().filter(|tag| *tag == CHINESE).count() != 1 {
            return Some("scripts 中要有且只有一个 zh（汉文）".into());
        }
        if self.local().is_empty() {
            return Some("scripts 中至少要有一种民族文字".into());
        }
        let mut seen = Vec::new();
        for tag in &self.scripts {
            if seen.contains(&tag) {
                return Some(format!("scripts 中“{tag}”写了两次"));
            }
            seen.push(tag);
        }
        if !(self.size_ratio.is_finite() && (0.5..=2.0).contains(&self.size_ratio)) {
            return Some(format!(
                "size_ratio 是 {}，应在 0.5 到 2 之间",
                self.size_ratio
            ));
        }
        if self.source.trim().is_empty() {
            return Some("source（依据的条例）要写".into());
        }
        None
    }
}

/// Parses a regions file; `file` names it in messages. Every region is checked (known scripts,
/// Chinese once, a size ratio between 0.5 and 2, a source) and ids are unique.
pub fn parse_regions(text: &str, file: &str) -> Result<Vec<Region>, RegionsError> {
    let parsed: RegionsFile = toml::from_str(text).map_err(|source| RegionsError::Toml {
        file: file.to_owned(),
        source,
    })?;
    for (index, region) in parsed.region.iter().enumerate() {
        let invalid = |reason: String| RegionsError::Invalid {
            file: file.to_owned(),
            region: if region.id.trim().is_empty() {
                format!("第 {} 个", index + 1)
            } else {
                region.id.clone()
            },
            reason,
        };
        if let Some(reason) = region.problem() {
            return Err(invalid(reason));
        }
        if parsed
            .region
            .iter()
            .take(index)
            .any(|other| other.id == region.id)
        {
            return Err(invalid("id 重复了".into()));
        }
    }
    Ok(parsed.region)
}

/// The template checker's view of a regions file (`liangpai check --templates` on a folder with
/// a `regions.toml`): no problem, or one error with its line when the parser knows it.
pub fn check_regions_file(text: &str, file: &str) -> Vec<super::TemplateProblem> {
    match parse_regions(text, file) {
        Ok(_) => Vec::new(),
        Err(error) => {
            let line = match &error {
                RegionsError::Toml { source, .. } => source.span().and_then(|span| {
                    text.get(..span.start)
                        .map(|before| before.matches('\n').count() + 1)
                }),
                RegionsError::Invalid { .. } => None,
            };
            vec![super::TemplateProblem {
                file: file.to_owned(),
                line,
                severity: crate::model::Severity::Error,
                message: error.to_string(),
            }]
        }
    }
}

/// The built-in presets (`templates/regions.toml`).
pub fn builtin_regions() -> Result<Vec<Region>, RegionsError> {
    parse_regions(REGIONS_TOML, "templates/regions.toml")
}

/// The built-in preset with this id or name (`xinjiang`, 新疆维吾尔自治区, or the start of the
/// name: 新疆).
pub fn region(id_or_name: &str) -> Option<Region> {
    let wanted = id_or_name.trim();
    if wanted.is_empty() {
        return None;
    }
    builtin_regions().ok()?.into_iter().find(|region| {
        region.id.eq_ignore_ascii_case(wanted)
            || region.name == wanted
            || region.name.starts_with(wanted)
    })
}

/// Sets the station's `languages` from `region`, keeping fields of `languages` this version
/// does not know. Translations already typed are kept (a language left out is reported by
/// `check`, never deleted).
pub fn fill_languages(station: &mut StationFile, region: &Region) {
    let extra = station
        .languages
        .take()
        .map(|languages| languages.extra)
        .unwrap_or_default();
    station.languages = Some(Languages {
        extra,
        ..region.languages()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_regions_follow_their_rules() {
        let regions = builtin_regions().unwrap_or_else(|error| panic!("{error}"));
        let ids: Vec<&str> = regions.iter().map(|region| region.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "xinjiang",
                "ili",
                "tibet",
                "inner_mongolia",
                "yanbian",
                "liangshan",
                "guangxi"
            ]
        );
        for region in &regions {
            assert!(region.source.contains('《') || region.note.contains("核实"));
        }
        let mongolia = region("内蒙古").unwrap_or_else(|| panic!("inner mongolia"));
        assert_eq!(mongolia.vertical, Some(VerticalPlacement::LocalLeft));
        let languages = mongolia.languages();
        assert_eq!(languages.local, ["mn"]);
        assert_eq!(languages.order, LanguageOrder::LocalFirst);
        assert!((languages.size_ratio - 1.0).abs() < f32::EPSILON);
        let ili = region("ili").unwrap_or_else(|| panic!("ili"));
        assert_eq!(ili.local(), [Language::Kazakh, Language::Uyghur]);
        assert!(ili.chinese_between());
        assert_eq!(ili.scripts_text(), "哈萨克文、汉文、维吾尔文");
        assert_eq!(
            ili.languages().shown_order(),
            [Some(Language::Kazakh), Some(Language::Uyghur), None]
        );
        let guangxi = region("广西壮族自治区").unwrap_or_else(|| panic!("guangxi"));
        assert_eq!(guangxi.languages().order, LanguageOrder::ChineseFirst);
        assert!(!guangxi.chinese_between());
        assert!(region("").is_none() && region("台湾").is_none());
    }

    #[test]
    fn a_wrong_region_is_refused_naming_it_and_the_value() {
        let region = |body: &str| {
            format!("[[region]]\nid = \"x\"\nname = \"某州\"\nsource = \"《某条例》\"\n{body}\n")
        };
        let refused = |body: &str| match parse_regions(&region(body), "regions.toml") {
            Err(error) => error.to_string(),
            Ok(_) => panic!("{body} accepted"),
        };
        assert!(refused("scripts = [\"ug\", \"uy\", \"zh\"]").contains("“uy”不认识"));
        assert!(refused("scripts = [\"ug\"]").contains("有且只有一个 zh"));
        assert!(refused("scripts = [\"zh\"]").contains("至少要有一种民族文字"));
        assert!(refused("scripts = [\"ug\", \"zh\", \"ug\"]").contains("“ug”写了两次"));
        assert!(refused("scripts = [\"ug\", \"zh\"]\nsize_ratio = 0.1").contains("0.5 到 2"));
        let message = refused("scripts = [\"ug\", \"zh\"]\nsizeratio = 1.0");
        assert!(
            message.starts_with("地区预设文件 regions.toml 有误"),
            "{message}"
        );
        let twice = format!(
            "{}{}",
            region("scripts = [\"ug\", \"zh\"]"),
            region("scripts = [\"bo\", \"zh\"]")
        );
        let message = parse_regions(&twice, "r.toml")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert_eq!(message, "地区预设文件 r.toml 中的地区“x”有误：id 重复了");
    }

    #[test]
    fn filling_languages_keeps_translations_and_unknown_fields() {
        let mut station = StationFile::new();
        station.station.tr.set(Language::Uyghur, "name", "پونكىت");
        let mut old = Languages::default();
        old.extra
            .insert("from_newer_app".into(), serde_json::Value::Bool(true));
        station.languages = Some(old);
        let tibet = region("tibet").unwrap_or_else(|| panic!("tibet"));
        fill_languages(&mut station, &tibet);
        let languages = station.languages.clone().unwrap_or_default();
        assert_eq!(languages.local, ["bo"]);
        assert!(languages.extra.contains_key("from_newer_app"));
        assert_eq!(
            station.station.tr.text(Language::Uyghur, "name"),
            Some("پونكىت")
        );
    }
}
