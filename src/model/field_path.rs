//! Field paths of the station file (`staff[2].phone`): typed keys and list positions, and their
//! Chinese names in the form's own words (`FieldPath::describe`: 第 3 位服务人员的联系电话;
//! `FieldPath::describe_long`: 联系方式 › 监督电话), matched on the path's parts, never by printing
//! and re-reading the path.

use std::fmt;

/// One step of a [`FieldPath`]: an object key or a list position (0-based).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathPart {
    /// An object key such as `staff` or `phone`.
    Key(String),
    /// A position in a list, 0-based.
    Index(usize),
}

/// A field of the station file, e.g. `staff[2].phone`: the keys and list positions from the top
/// of the file. Used by validation, layout warnings, the roster reader and the app's form alike;
/// written as in the file's JSON paths (`staff[2].phone`), and named in Chinese by [`FieldPath::label`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FieldPath(Vec<PathPart>);

impl FieldPath {
    /// The empty path (a message about no one field).
    pub const fn none() -> FieldPath {
        FieldPath(Vec::new())
    }

    /// Parses `staff[2].phone` (also `station.logos[0]`). Anything unparsable is kept as keys.
    pub fn parse(text: &str) -> FieldPath {
        let mut parts = Vec::new();
        for segment in text.trim().split('.').filter(|segment| !segment.is_empty()) {
            let mut rest = segment;
            if let Some(open) = rest.find('[') {
                let key = rest.get(..open).unwrap_or("");
                if !key.is_empty() {
                    parts.push(PathPart::Key(key.to_owned()));
                }
                rest = rest.get(open..).unwrap_or("");
                while let Some(inner) = rest.strip_prefix('[') {
                    let Some(close) = inner.find(']') else {
                        parts.push(PathPart::Key(rest.to_owned()));
                        rest = "";
                        break;
                    };
                    let number = inner.get(..close).unwrap_or("");
                    match number.parse() {
                        Ok(index) => parts.push(PathPart::Index(index)),
                        Err(_) => parts.push(PathPart::Key(number.to_owned())),
                    }
                    rest = inner.get(close + 1..).unwrap_or("");
                }
                if !rest.is_empty() {
                    parts.push(PathPart::Key(rest.to_owned()));
                }
            } else {
                parts.push(PathPart::Key(rest.to_owned()));
            }
        }
        FieldPath(parts)
    }

    /// This path with `key` added: `staff[2]` → `staff[2].phone`.
    pub fn key(mut self, key: &str) -> FieldPath {
        self.0.push(PathPart::Key(key.to_owned()));
        self
    }

    /// This path with a list position added: `staff` → `staff[2]`.
    pub fn index(mut self, index: usize) -> FieldPath {
        self.0.push(PathPart::Index(index));
        self
    }

    /// Whether this is the empty path.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The steps from the top.
    pub fn parts(&self) -> &[PathPart] {
        &self.0
    }

    /// Whether `prefix` is this path or one of its ancestors (`staff[1]` of `staff[1].name`).
    pub fn starts_with(&self, prefix: &FieldPath) -> bool {
        self.0.starts_with(&prefix.0)
    }

    /// The keys only, joined by dots (`staff.phone` for `staff[2].phone`): the field's kind.
    pub fn kind(&self) -> String {
        self.keys().collect::<Vec<_>>().join(".")
    }

    /// The first list and position on the path: `staff[2].phone` → (`staff`, 2).
    pub fn list_item(&self) -> Option<(FieldPath, usize)> {
        let position = self
            .0
            .iter()
            .position(|part| matches!(part, PathPart::Index(_)))?;
        let index = match self.0.get(position)? {
            PathPart::Index(index) => *index,
            PathPart::Key(_) => return None,
        };
        Some((FieldPath(self.0.get(..position)?.to_vec()), index))
    }

    /// The language tag of a translation's path: `ug` for `station.tr.ug.name` and for
    /// `headings.ug.hours`; `None` for other paths.
    pub fn translation_tag(&self) -> Option<&str> {
        let mut keys = self.0.iter().enumerate();
        while let Some((position, part)) = keys.next() {
            let is_tr = matches!(part, PathPart::Key(key) if key == "tr" && position > 0)
                || matches!(part, PathPart::Key(key) if key == "headings" && position == 0);
            if is_tr {
                return match keys.next() {
                    Some((_, PathPart::Key(tag))) => Some(tag.as_str()),
                    _ => None,
                };
            }
        }
        None
    }

    /// The path of the Chinese text a translation's path translates: `station.tr.ug.rooms[1]`
    /// → `station.rooms[1]`; any other path unchanged.
    pub fn untranslated(&self) -> FieldPath {
        let Some(position) =
            self.0.iter().enumerate().position(|(position, part)| {
                position > 0 && *part == PathPart::Key("tr".to_owned())
            })
        else {
            return self.clone();
        };
        let mut parts = self.0.clone();
        let end = (position + 2).min(parts.len());
        parts.drain(position..end);
        FieldPath(parts)
    }

    /// The Chinese name of the field, e.g. 联系电话 for `staff[2].phone` (and for its
    /// translation `staff[2].tr.ug.phone`); empty if unknown.
    pub fn label(&self) -> String {
        let path = self.untranslated();
        let keys: Vec<&str> = path.keys().collect();
        let last = keys.last().copied().unwrap_or("");
        let parent = match keys.as_slice() {
            ["contacts", "qr_codes", ..] => "qr",
            [first, ..] => first,
            [] => "",
        };
        label_of(parent, last).to_owned()
    }

    /// The keys of the path, without list positions (`staff`, `phone` for `staff[2].phone`).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|part| match part {
            PathPart::Key(key) => Some(key.as_str()),
            PathPart::Index(_) => None,
        })
    }

    /// The name of the form's section (tab) that holds the field, as the app shows it:
    /// 站点信息, 服务内容与清单, 服务人员, 服务流程, 联系方式, 五社联动, 工作制度.
    pub fn section_name(&self) -> &'static str {
        match self.keys().next().unwrap_or("") {
            "services" => "服务内容与清单",
            "staff" => "服务人员",
            "process" => "服务流程",
            "contacts" => "联系方式",
            "partners" => "五社联动",
            "rules" => "工作制度",
            _ => "站点信息",
        }
    }

    /// Where to find the field in the form: its section, then [`FieldPath::describe`]
    /// (`联系方式 › 监督电话`, `服务人员 › 第 1 位服务人员的照片`); empty for the empty path.
    pub fn describe_long(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        format!("{} › {}", self.section_name(), self.describe())
    }

    /// The Chinese name with the list position, e.g. 第 3 位服务人员的联系电话; falls back to
    /// [`FieldPath::label`], and to 文字 for an unknown field. A translation's path names its
    /// field and language: `station.tr.ug.name` is 站点全称（维吾尔文）, `headings.ug.hours`
    /// 固定标题译文（维吾尔文）.
    pub fn describe(&self) -> String {
        let Some(tag) = self.translation_tag() else {
            return self.describe_chinese();
        };
        let language = super::languages::Language::from_tag(tag).map_or_else(
            || tag.to_owned(),
            |language| language.chinese_name().to_owned(),
        );
        let field = if self.keys().next() == Some("headings") {
            "固定标题译文".to_owned()
        } else {
            self.untranslated().describe_chinese()
        };
        format!("{field}（{language}）")
    }

    /// [`FieldPath::describe`] of a path that is no translation.
    fn describe_chinese(&self) -> String {
        let label = self.label();
        let item = self.list_item().and_then(|(list, index)| {
            let number = index + 1;
            let owner = match list.kind().as_str() {
                "staff" => format!("第 {number} 位服务人员"),
                "services" => format!("第 {number} 项服务"),
                "process" => format!("第 {number} 个流程步骤"),
                "partners" => format!("第 {number} 个五社联动资源"),
                "rules" => format!("第 {number} 项工作制度"),
                "contacts.qr_codes" => format!("第 {number} 个二维码"),
                "station.logos" => format!("第 {number} 个标志"),
                "station.rooms" => format!("第 {number} 个功能室"),
                "station.guide_units" => format!("第 {number} 个指导单位"),
                "languages.local" => format!("第 {number} 个民族文字"),
                _ => return None,
            };
            Some(owner)
        });
        match (item, label.is_empty()) {
            (Some(owner), false)
                if self
                    .parts()
                    .last()
                    .is_some_and(|part| matches!(part, PathPart::Key(_))) =>
            {
                format!("{owner}的{label}")
            }
            (Some(owner), _) => owner,
            (None, false) => label,
            (None, true) => "文字".to_owned(),
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, part) in self.0.iter().enumerate() {
            match part {
                PathPart::Key(key) if position == 0 => write!(f, "{key}")?,
                PathPart::Key(key) => write!(f, ".{key}")?,
                PathPart::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl From<&str> for FieldPath {
    fn from(text: &str) -> FieldPath {
        FieldPath::parse(text)
    }
}

impl From<String> for FieldPath {
    fn from(text: String) -> FieldPath {
        FieldPath::parse(&text)
    }
}

impl From<&String> for FieldPath {
    fn from(text: &String) -> FieldPath {
        FieldPath::parse(text)
    }
}

impl PartialEq<str> for FieldPath {
    fn eq(&self, other: &str) -> bool {
        *self == FieldPath::parse(other)
    }
}

impl PartialEq<&str> for FieldPath {
    fn eq(&self, other: &&str) -> bool {
        *self == FieldPath::parse(other)
    }
}

/// The Chinese names of fields: (the path's first key, or `qr` for a QR code, or `*` for any;
/// the path's last key; the name). The first row that matches names the field.
const LABELS: [(&str, &str, &str); 56] = [
    ("*", "format", "文件格式"),
    ("*", "version", "文件版本"),
    ("*", "station", "站点信息"),
    ("station", "name", "站点全称"),
    ("*", "short_name", "简称"),
    ("*", "fee", "收费标准"),
    ("*", "certificate_no", "职业资格证书编号"),
    ("*", "rules", "工作制度"),
    ("rules", "title", "制度名称"),
    ("rules", "text", "制度内容"),
    ("station", "kind", "场所类型"),
    ("appearance", "design", "设计"),
    ("*", "county", "县区"),
    ("*", "town", "乡镇（街道）"),
    ("*", "guide_units", "指导单位"),
    ("*", "operator", "承接机构"),
    ("*", "intro", "站点简介"),
    ("*", "slogan", "宣传主题"),
    ("*", "logos", "标志"),
    ("*", "rooms", "功能室"),
    ("*", "contacts", "联系方式"),
    ("*", "address", "地址"),
    ("*", "hours", "开放时间"),
    ("*", "hotline", "服务热线"),
    ("*", "supervision_phone", "监督电话"),
    ("*", "email", "邮箱"),
    ("*", "qr_codes", "二维码"),
    ("qr", "label", "二维码说明"),
    ("qr", "content", "二维码内容"),
    ("*", "services", "服务清单"),
    ("*", "category", "服务类别"),
    ("*", "item", "服务项目"),
    ("*", "description", "服务内容"),
    ("*", "targets", "服务对象"),
    ("*", "method", "服务方式"),
    ("*", "frequency", "服务频次"),
    ("*", "free", "是否免费"),
    ("staff", "name", "姓名"),
    ("*", "staff", "服务人员"),
    ("*", "post", "岗位"),
    ("*", "level", "职业水平"),
    ("*", "phone", "联系电话"),
    ("*", "show_phone", "是否公开电话"),
    ("*", "duties", "工作职责"),
    ("*", "photo", "照片"),
    ("*", "process", "服务流程"),
    ("*", "step", "步骤名称"),
    ("*", "detail", "步骤说明"),
    ("*", "partners", "五社联动资源"),
    ("partners", "kind", "资源类别"),
    ("partners", "name", "资源名称"),
    ("*", "updated", "更新日期"),
    ("*", "languages", "民族文字"),
    ("languages", "local", "民族文字"),
    ("languages", "order", "民族文字的位置"),
    ("languages", "size_ratio", "民族文字的字号比例"),
];

/// The Chinese name of a field whose path starts with `parent` (`qr` for a QR code) and ends with
/// the key `last`; empty when unknown.
fn label_of(parent: &str, last: &str) -> &'static str {
    LABELS
        .iter()
        .find(|(first, key, _)| (*first == "*" || *first == parent) && *key == last)
        .map_or("", |(_, _, label)| label)
}

impl FieldPath {
    /// What a field of this path holds, for a load error: 文字, a list, an object, true/false.
    pub fn expected_value(&self) -> &'static str {
        match (self.0.first(), self.0.last()) {
            (Some(PathPart::Key(top)), Some(PathPart::Index(_))) if top == "station" => {
                "文字（用英文双引号括起来）"
            }
            (_, Some(PathPart::Index(_))) => "一个对象（用 { } 括起来）",
            (_, Some(PathPart::Key(last))) => match last.as_str() {
                "free" | "show_phone" => "true（是）或 false（否）",
                "guide_units" | "logos" | "rooms" | "qr_codes" | "services" | "staff"
                | "process" | "partners" | "rules" => "列表（用 [ ] 括起来）",
                "station" | "contacts" => "一个对象（用 { } 括起来）",
                _ => "文字（用英文双引号括起来）",
            },
            (_, None) => "文字（用英文双引号括起来）",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_parse_build_and_print_alike() {
        for text in [
            "staff[2].phone",
            "station.logos[0]",
            "contacts.qr_codes[1].content",
            "updated",
            "services",
        ] {
            assert_eq!(FieldPath::parse(text).to_string(), text);
        }
        let built = FieldPath::parse("staff").index(2).key("phone");
        assert_eq!(built, FieldPath::parse("staff[2].phone"));
        assert_eq!(built, "staff[2].phone");
        assert_eq!(built.kind(), "staff.phone");
        assert_eq!(built.list_item(), Some((FieldPath::parse("staff"), 2)));
        assert!(built.starts_with(&FieldPath::parse("staff[2]")));
        assert!(!built.starts_with(&FieldPath::parse("staff[1]")));
        assert!(FieldPath::none().is_empty());
        assert_eq!(FieldPath::none().to_string(), "");
    }

    #[test]
    fn field_paths_name_their_field_in_chinese() {
        assert_eq!(FieldPath::parse("staff[2].phone").label(), "联系电话");
        assert_eq!(
            FieldPath::parse("staff[2].phone").describe(),
            "第 3 位服务人员的联系电话"
        );
        assert_eq!(
            FieldPath::parse("station.logos[0]").describe(),
            "第 1 个标志"
        );
        assert_eq!(
            FieldPath::parse("contacts.supervision_phone").describe(),
            "监督电话"
        );
        assert_eq!(FieldPath::parse("no.such.field").describe(), "文字");
    }
}
