//! Signs in two or three scripts (DESIGN.md "Signs in two or three scripts"): the station's
//! `languages` (which scripts, in what order, at what size ratio), the translations `tr` beside
//! each object's fields, and `headings`, the translations of the signs' fixed words. Plain data;
//! the program never translates: a text without a translation is printed in Chinese only.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::types::Extra;

/// A language the signs can carry beside Chinese (DESIGN.md's tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// `ug` 维吾尔文 (Arabic script, right to left).
    Uyghur,
    /// `kk` 哈萨克文 (Arabic script, right to left).
    Kazakh,
    /// `bo` 藏文.
    Tibetan,
    /// `mn` 蒙古文 (traditional Mongolian, vertical).
    Mongolian,
    /// `ko` 朝鲜文.
    Korean,
    /// `ii` 彝文.
    Yi,
    /// `za` 壮文 (Latin).
    Zhuang,
}

impl Language {
    /// Every language, in the order the app lists them.
    pub const ALL: [Language; 7] = [
        Language::Uyghur,
        Language::Kazakh,
        Language::Tibetan,
        Language::Mongolian,
        Language::Korean,
        Language::Yi,
        Language::Zhuang,
    ];

    /// The tag used in station files (`ug`, `kk`, `bo`, `mn`, `ko`, `ii`, `za`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::Uyghur => "ug",
            Language::Kazakh => "kk",
            Language::Tibetan => "bo",
            Language::Mongolian => "mn",
            Language::Korean => "ko",
            Language::Yi => "ii",
            Language::Zhuang => "za",
        }
    }

    /// The language of a tag (exact, lower case), if it is one of ours.
    pub fn from_tag(tag: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.tag() == tag.trim())
    }

    /// Its name in Chinese, as the form shows it (维吾尔文).
    pub fn chinese_name(self) -> &'static str {
        match self {
            Language::Uyghur => "维吾尔文",
            Language::Kazakh => "哈萨克文",
            Language::Tibetan => "藏文",
            Language::Mongolian => "蒙古文",
            Language::Korean => "朝鲜文",
            Language::Yi => "彝文",
            Language::Zhuang => "壮文",
        }
    }

    /// Written right to left (Arabic script).
    pub fn is_right_to_left(self) -> bool {
        matches!(self, Language::Uyghur | Language::Kazakh)
    }

    /// Written in vertical columns (traditional Mongolian).
    pub fn is_vertical(self) -> bool {
        self == Language::Mongolian
    }
}

/// Where the ethnic script stands relative to Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LanguageOrder {
    /// The ethnic script above Chinese; side by side at its reading start; on vertical signs,
    /// Mongolian on the left (the default, as most regional rules say).
    #[default]
    LocalFirst,
    /// Chinese first.
    ChineseFirst,
}

/// 民族文字 (`languages`): which scripts the signs carry beside Chinese, in what order, at what
/// size. Absent: Chinese only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Languages {
    /// Language tags in the order shown (`ug`, `kk`, `bo`, `mn`, `ko`, `ii`, `za`). An unknown
    /// tag is an error at this field.
    #[serde(default)]
    pub local: Vec<String>,
    /// Ethnic script first or Chinese first.
    #[serde(default)]
    pub order: LanguageOrder,
    /// Ethnic : Chinese text size (1.0 unless the region says otherwise).
    #[serde(default = "one")]
    pub size_ratio: f32,
    /// Unknown fields of `languages`.
    #[serde(flatten)]
    pub extra: Extra,
}

fn one() -> f32 {
    1.0
}

impl Default for Languages {
    fn default() -> Self {
        Languages {
            local: Vec::new(),
            order: LanguageOrder::LocalFirst,
            size_ratio: 1.0,
            extra: Extra::new(),
        }
    }
}

impl Languages {
    /// The known languages of `local`, in order, each once (unknown tags are left out: `check`
    /// reports them).
    pub fn known(&self) -> Vec<Language> {
        let mut out: Vec<Language> = Vec::new();
        for tag in &self.local {
            if let Some(language) = Language::from_tag(tag)
                && !out.contains(&language)
            {
                out.push(language);
            }
        }
        out
    }

    /// The order texts are shown in: `None` stands for Chinese.
    pub fn shown_order(&self) -> Vec<Option<Language>> {
        let local = self.known().into_iter().map(Some);
        match self.order {
            LanguageOrder::LocalFirst => local.chain([None]).collect(),
            LanguageOrder::ChineseFirst => std::iter::once(None).chain(local).collect(),
        }
    }

    /// The size ratio as used: between 0.5 and 2 (a typo like 0 or 10 would make one script
    /// unreadable), 1.0 when not a number.
    pub fn ratio(&self) -> f32 {
        if self.size_ratio.is_finite() {
            self.size_ratio.clamp(0.5, 2.0)
        } else {
            1.0
        }
    }
}

/// 译文 (`tr`): an object's translations, by language tag, then by the object's own field
/// names (`station.tr.ug.name`). A list field (`station.rooms`) is translated by a list in the
/// same order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Translations(pub BTreeMap<String, Map<String, Value>>);

impl Translations {
    /// Whether there is no translation at all (left out of the file).
    pub fn is_empty(&self) -> bool {
        self.0.values().all(Map::is_empty)
    }

    /// The translation of `field` into `language`, trimmed; `None` when missing or empty.
    pub fn text(&self, language: Language, field: &str) -> Option<&str> {
        self.0
            .get(language.tag())?
            .get(field)?
            .as_str()
            .map(str::trim)
            .filter(|text| !text.is_empty())
    }

    /// The translation of item `index` of the list `field` (rooms), trimmed; `None` when
    /// missing or empty.
    pub fn item(&self, language: Language, field: &str, index: usize) -> Option<&str> {
        self.0
            .get(language.tag())?
            .get(field)?
            .as_array()?
            .get(index)?
            .as_str()
            .map(str::trim)
            .filter(|text| !text.is_empty())
    }

    /// Sets (or, with empty text, removes) the translation of `field` into `language`.
    pub fn set(&mut self, language: Language, field: &str, text: &str) {
        let entry = self.0.entry(language.tag().to_owned()).or_default();
        if text.trim().is_empty() {
            entry.remove(field);
        } else {
            entry.insert(field.to_owned(), Value::String(text.to_owned()));
        }
        if entry.is_empty() {
            self.0.remove(language.tag());
        }
    }

    /// Sets item `index` of the list `field` (rooms) in `language`, padding with empty texts.
    pub fn set_item(&mut self, language: Language, field: &str, index: usize, text: &str) {
        let entry = self.0.entry(language.tag().to_owned()).or_default();
        let list = entry
            .entry(field.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if !list.is_array() {
            *list = Value::Array(Vec::new());
        }
        if let Value::Array(items) = list {
            while items.len() <= index {
                items.push(Value::String(String::new()));
            }
            if let Some(slot) = items.get_mut(index) {
                *slot = Value::String(text.to_owned());
            }
        }
    }

    /// The language tags present.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// 固定标题译文 (`headings`): the signs' fixed words, by language tag, then by key (a sign's
/// kind id for its title, a field's name for its label or table head).
pub type Headings = BTreeMap<String, BTreeMap<String, String>>;

/// Every heading key the signs use, with its Chinese (what `liangpai check --headings` lists
/// for a language office to translate).
pub const HEADING_KEYS: [(&str, &str); 47] = [
    ("plaque", "站点门牌"),
    ("room_plate", "功能室门牌"),
    ("services", "服务内容与服务清单"),
    ("service_list", "服务清单"),
    ("staff", "服务人员公示"),
    ("process", "服务流程图"),
    ("contacts", "联系方式"),
    ("board", "综合公示栏"),
    ("badge", "工作证"),
    ("screen", "屏幕宣传图"),
    ("partners", "五社联动"),
    ("rules", "工作制度"),
    ("intro", "站点简介"),
    ("targets", "服务对象"),
    ("category", "服务类别"),
    ("item", "服务项目"),
    ("description", "服务内容"),
    ("method", "服务方式"),
    ("frequency", "服务频次"),
    ("free", "是否免费"),
    ("fee", "收费标准"),
    ("name", "姓名"),
    ("post", "岗位"),
    ("level", "职业资格"),
    ("phone", "电话"),
    ("duties", "职责"),
    ("certificate_no", "证书编号"),
    ("address", "地址"),
    ("hours", "开放时间"),
    ("hotline", "服务热线"),
    ("supervision_phone", "监督电话"),
    ("email", "邮箱"),
    ("guide_units", "指导单位"),
    ("operator", "承接机构"),
    ("updated", "更新日期"),
    ("slogan", "宣传主题"),
    ("continued", "（续）"),
    ("free_of_charge", "免费"),
    // The five kinds of 五社联动 (`partners[].kind`), other partners, and a kind without any.
    ("community", "社区"),
    ("social_organization", "社会组织"),
    ("social_worker", "社会工作者"),
    ("volunteer", "社区志愿者"),
    ("charity", "社会慈善资源"),
    ("other_resources", "其他资源"),
    ("none", "暂无"),
    // The combined board's panel headings (the other panels use their sign's title).
    ("staff_section", "服务人员"),
    ("process_section", "服务流程"),
];

/// The heading of `key` in `language` from `headings`, trimmed; `None` when missing or empty.
pub fn heading<'a>(headings: &'a Headings, language: Language, key: &str) -> Option<&'a str> {
    headings
        .get(language.tag())?
        .get(key)
        .map(|text| text.trim())
        .filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_order_follows_the_file() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
        assert_eq!(Language::from_tag("uy"), None);
        let languages = Languages {
            local: vec!["kk".into(), "ug".into(), "xx".into(), "kk".into()],
            ..Languages::default()
        };
        assert_eq!(languages.known(), [Language::Kazakh, Language::Uyghur]);
        assert_eq!(
            languages.shown_order(),
            [Some(Language::Kazakh), Some(Language::Uyghur), None]
        );
        let chinese_first = Languages {
            order: LanguageOrder::ChineseFirst,
            ..languages
        };
        assert_eq!(chinese_first.shown_order().first(), Some(&None));
    }

    #[test]
    fn translations_read_set_and_keep_lists() {
        let mut tr: Translations =
            serde_json::from_str(r#"{"ug": {"name": " ئىسىم ", "rooms": ["ئۆي", ""]}}"#)
                .unwrap_or_default();
        assert_eq!(tr.text(Language::Uyghur, "name"), Some("ئىسىم"));
        assert_eq!(tr.item(Language::Uyghur, "rooms", 0), Some("ئۆي"));
        assert_eq!(tr.item(Language::Uyghur, "rooms", 1), None);
        assert_eq!(tr.text(Language::Kazakh, "name"), None);
        tr.set(Language::Uyghur, "name", "");
        tr.set_item(Language::Uyghur, "rooms", 3, "ئۆي٢");
        assert_eq!(tr.item(Language::Uyghur, "rooms", 3), Some("ئۆي٢"));
        tr.set(Language::Mongolian, "name", "ᠨᠡᠷ᠎ᠡ");
        assert!(!tr.is_empty());
        assert!(tr.tags().any(|tag| tag == "mn"));
    }
}
