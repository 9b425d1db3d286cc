//! The station file (format `liangpai-station`, version 1): plain data, parsing from bytes, the
//! text it is saved as, typed field paths, and pure validation. No file access: reading and saving
//! files is `storage`, reading pictures is `assets`.
//!
//! The file is a public contract described in DESIGN.md. Fields this version does not know are kept in
//! the `extra` map of the object they were found in and written back on save, so a file made by a newer
//! app loses nothing when an older one saves it.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The value of the top-level `format` field.
pub const FORMAT: &str = "liangpai-station";
/// The newest station file version this app reads and writes.
pub const VERSION: u64 = 1;

/// Fields of an object that this version of the app does not know; kept as they were.
pub type Extra = Map<String, Value>;

/// One station file: everything the signs of one station are made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StationFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file's version; never above [`VERSION`].
    pub version: u64,
    /// 站点信息.
    pub station: Station,
    /// 联系方式.
    #[serde(default)]
    pub contacts: Contacts,
    /// 服务内容/服务清单.
    #[serde(default)]
    pub services: Vec<Service>,
    /// 服务人员.
    #[serde(default)]
    pub staff: Vec<StaffMember>,
    /// 服务流程.
    #[serde(default)]
    pub process: Vec<ProcessStep>,
    /// 五社联动资源.
    #[serde(default)]
    pub partners: Vec<Partner>,
    /// 工作制度 (制度上墙: one 制度牌 each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// 更新日期, ISO `YYYY-MM-DD`; shown on every public board.
    #[serde(default)]
    pub updated: String,
    /// 外观: which built-in design (设计) and which county style pack (样式包) this station's
    /// signs follow. Optional; added to version 1 in this round (an older app keeps it as an
    /// unknown field).
    #[serde(default, skip_serializing_if = "Appearance::is_empty")]
    pub appearance: Appearance,
    /// Unknown top-level fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 外观 (`appearance`): the design and style pack a station's signs follow.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Appearance {
    /// Built-in design id: `standard` (标准) or `simple` (简洁). Empty: the standard design.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub design: String,
    /// Style pack file (样式包), relative to the station file (`/` separators). Empty: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub style_pack: String,
    /// Unknown fields of `appearance`.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Appearance {
    /// Nothing chosen: the field is left out of the saved file.
    pub fn is_empty(&self) -> bool {
        self.design.is_empty() && self.style_pack.is_empty() && self.extra.is_empty()
    }
}

/// 站点信息.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Station {
    /// 站点全称 (required).
    pub name: String,
    /// 简称, e.g. 柳溪镇社工站: used where a small sign (badge, door plate) cannot hold the full
    /// name. Empty: a proposal is made from the full name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub short_name: String,
    /// 场所类型.
    #[serde(default)]
    pub kind: StationKind,
    /// 县区.
    #[serde(default)]
    pub county: String,
    /// 乡镇（街道）.
    #[serde(default)]
    pub town: String,
    /// 指导单位.
    #[serde(default)]
    pub guide_units: Vec<String>,
    /// 承接机构.
    #[serde(default)]
    pub operator: String,
    /// 站点简介.
    #[serde(default)]
    pub intro: String,
    /// 宣传主题.
    #[serde(default)]
    pub slogan: String,
    /// 标志: image paths relative to the station file.
    #[serde(default)]
    pub logos: Vec<String>,
    /// 功能室 (one door plate each).
    #[serde(default)]
    pub rooms: Vec<String>,
    /// Unknown fields of `station`.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 场所类型. Kinds a newer app may add are kept as [`StationKind::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum StationKind {
    /// 乡镇（街道）社会工作服务站.
    #[default]
    SocialWorkStation,
    /// 未成年人保护工作站.
    MinorsProtection,
    /// 老年人服务设施.
    ElderlyService,
    /// A kind this version does not know, kept verbatim.
    Other(String),
}

impl StationKind {
    /// The kinds this version knows, in the order the app offers them.
    pub const KNOWN: [StationKind; 3] = [
        StationKind::SocialWorkStation,
        StationKind::MinorsProtection,
        StationKind::ElderlyService,
    ];

    /// The value written in the file.
    pub fn code(&self) -> &str {
        match self {
            StationKind::SocialWorkStation => "social_work_station",
            StationKind::MinorsProtection => "minors_protection",
            StationKind::ElderlyService => "elderly_service",
            StationKind::Other(code) => code,
        }
    }

    /// The Chinese name shown to users.
    pub fn label(&self) -> &str {
        match self {
            StationKind::SocialWorkStation => "社会工作服务站",
            StationKind::MinorsProtection => "未成年人保护工作站",
            StationKind::ElderlyService => "老年人服务设施",
            StationKind::Other(code) => code,
        }
    }
}

impl From<String> for StationKind {
    fn from(code: String) -> Self {
        match code.as_str() {
            "social_work_station" => StationKind::SocialWorkStation,
            "minors_protection" => StationKind::MinorsProtection,
            "elderly_service" => StationKind::ElderlyService,
            _ => StationKind::Other(code),
        }
    }
}

impl From<StationKind> for String {
    fn from(kind: StationKind) -> Self {
        kind.code().to_owned()
    }
}

/// 联系方式.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Contacts {
    /// 地址.
    #[serde(default)]
    pub address: String,
    /// 开放时间.
    #[serde(default)]
    pub hours: String,
    /// 服务热线.
    #[serde(default)]
    pub hotline: String,
    /// 监督电话.
    #[serde(default)]
    pub supervision_phone: String,
    /// 邮箱 (optional).
    #[serde(default)]
    pub email: String,
    /// 二维码.
    #[serde(default)]
    pub qr_codes: Vec<QrCode>,
    /// Unknown fields of `contacts`.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One QR code: the app makes the code from `content`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QrCode {
    /// 说明, e.g. 微信公众号.
    #[serde(default)]
    pub label: String,
    /// 内容 (usually a web address).
    #[serde(default)]
    pub content: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One item of the service list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Service {
    /// 服务类别 (groups items).
    #[serde(default)]
    pub category: String,
    /// 服务项目.
    #[serde(default)]
    pub item: String,
    /// 服务内容.
    #[serde(default)]
    pub description: String,
    /// 服务对象.
    #[serde(default)]
    pub targets: String,
    /// 服务方式.
    #[serde(default)]
    pub method: String,
    /// 服务频次.
    #[serde(default)]
    pub frequency: String,
    /// 是否免费.
    #[serde(default = "default_true")]
    pub free: bool,
    /// 收费标准, shown when `free` is false (optional).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fee: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One member of staff.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StaffMember {
    /// 姓名.
    #[serde(default)]
    pub name: String,
    /// 岗位: 站长/驻站社工/督导.
    #[serde(default)]
    pub post: String,
    /// 职业水平: 助理社会工作师/社会工作师/高级社会工作师/未持证.
    #[serde(default)]
    pub level: String,
    /// 联系电话.
    #[serde(default)]
    pub phone: String,
    /// 是否公开电话.
    #[serde(default)]
    pub show_phone: bool,
    /// 职业资格证书编号 (optional; shown when given, never invented).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub certificate_no: String,
    /// 工作职责.
    #[serde(default)]
    pub duties: String,
    /// 照片 path relative to the station file; empty for none.
    #[serde(default)]
    pub photo: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One step of the service process.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProcessStep {
    /// 步骤名称, e.g. 接案.
    #[serde(default)]
    pub step: String,
    /// 说明.
    #[serde(default)]
    pub detail: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One rule hung on the wall (制度上墙): 工作制度、服务承诺、保密制度、督导制度….
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Rule {
    /// 制度名称, e.g. 保密制度.
    #[serde(default)]
    pub title: String,
    /// 制度内容: paragraphs and numbered clauses as written (lines separated by `\n`).
    #[serde(default)]
    pub text: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One partner of 五社联动.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Partner {
    /// 类别: 社区、社会组织、社会工作者、社区志愿者、社会慈善资源.
    #[serde(default)]
    pub kind: String,
    /// 名称.
    #[serde(default)]
    pub name: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

fn default_true() -> bool {
    true
}

/// Staff posts the app offers.
pub const POSTS: [&str; 3] = ["站长", "驻站社工", "督导"];
/// Professional levels the app offers.
pub const LEVELS: [&str; 4] = ["助理社会工作师", "社会工作师", "高级社会工作师", "未持证"];
/// The five kinds of 五社联动 partners.
pub const PARTNER_KINDS: [&str; 5] = [
    "社区",
    "社会组织",
    "社会工作者",
    "社区志愿者",
    "社会慈善资源",
];

/// Common rules the app offers under 填入常用制度 (制度名称, 制度内容): wording for a station to
/// adapt; paragraphs and numbered clauses one per line.
pub const COMMON_RULES: [(&str, &str); 4] = [
    (
        "社会工作服务站工作制度",
        "一、服务站在乡镇（街道）党委、政府领导和县（市、区）民政部门指导下开展工作，坚持以人民为中心，面向困难群众和特殊群体提供专业社会工作服务。\n\
二、服务站按公示的开放时间对外服务，驻站社工实行坐班和值班制度，不得无故离岗；外出走访应登记去向。\n\
三、接待来访群众做到热情、耐心、细致，首问负责，对不属于本站职责的事项做好解释和转介。\n\
四、服务遵循接案、预估、计划、介入、评估、结案的专业流程，每项服务都有记录，个案、小组、社区活动资料按要求归档。\n\
五、每月召开一次站务会，总结上月工作，研究解决困难问题，安排下月重点任务。\n\
六、推进社区、社会组织、社会工作者、社区志愿者、社会慈善资源“五社联动”，整合资源，共同服务群众。\n\
七、服务站的设施、设备和物资专物专用，登记造册，妥善保管，不得挪作他用。\n\
八、自觉接受民政部门、乡镇（街道）和群众的监督，公开服务内容、服务流程、服务人员和监督电话。",
    ),
    (
        "服务承诺",
        "我们郑重承诺：\n\
一、热情服务。来访有迎声，问询有答声，办事有回声，做到首问负责、一次告知。\n\
二、尊重平等。尊重每一位服务对象的人格、意愿和选择，不因身份、贫富、年龄、性别区别对待。\n\
三、专业规范。按社会工作专业方法和服务流程开展服务，持证上岗，亮明身份。\n\
四、公开透明。服务内容、服务清单、收费标准、服务人员和监督电话全部公开。\n\
五、保护隐私。严格保守服务对象的个人信息和隐私，未经同意不对外透露。\n\
六、廉洁自律。不收受服务对象的财物，不利用工作之便谋取私利。\n\
欢迎群众监督，如对服务不满意，请拨打监督电话反映。",
    ),
    (
        "保密制度",
        "一、社会工作者对工作中知悉的服务对象个人信息、家庭情况、健康状况等隐私负有保密义务，离岗后仍须遵守。\n\
二、个案记录、评估表、协议书等服务档案由专人管理，存放在上锁的档案柜中；电子档案设置密码，不得存放在公共电脑上。\n\
三、未经服务对象本人（或其监护人）书面同意，不得向他人提供或公开其资料；宣传报道中使用照片、姓名须事先征得同意，涉及未成年人的一律做隐私处理。\n\
四、个案会谈在个案工作室等不受打扰的场所进行，讨论个案时不在公共场合提及服务对象的真实姓名。\n\
五、发现服务对象有伤害自己或他人的危险，或有儿童、老人遭受侵害等依法必须报告的情形时，按规定及时报告，并告知服务对象保密的限度。\n\
六、查阅、借出档案须经站长同意并登记；档案按规定期限保存，到期后按程序销毁。",
    ),
    (
        "督导制度",
        "一、服务站建立专业督导制度，由承接机构安排持证督导定期对驻站社工进行行政、教育和支持性督导。\n\
二、督导每月到站不少于一次，每次不少于半天；遇到复杂、危机个案时，驻站社工可随时申请督导。\n\
三、督导形式包括个别督导、团体督导和现场督导，内容包括服务计划审核、个案研讨、专业方法指导和情绪支持。\n\
四、驻站社工在督导前整理好待讨论的个案和问题，督导后按督导意见调整服务计划。\n\
五、每次督导都要填写督导记录，由督导和被督导社工签字后归档。\n\
六、督导对驻站社工的服务质量进行评价，评价结果作为年度考核的依据之一。",
    ),
];

impl Default for StationFile {
    fn default() -> Self {
        StationFile {
            format: FORMAT.to_owned(),
            version: VERSION,
            station: Station::default(),
            contacts: Contacts::default(),
            services: Vec::new(),
            staff: Vec::new(),
            process: Vec::new(),
            partners: Vec::new(),
            rules: Vec::new(),
            updated: String::new(),
            appearance: Appearance::default(),
            extra: Extra::new(),
        }
    }
}

impl Default for Station {
    fn default() -> Self {
        Station {
            name: String::new(),
            short_name: String::new(),
            kind: StationKind::default(),
            county: String::new(),
            town: String::new(),
            guide_units: Vec::new(),
            operator: String::new(),
            intro: String::new(),
            slogan: String::new(),
            logos: Vec::new(),
            rooms: Vec::new(),
            extra: Extra::new(),
        }
    }
}

impl StationFile {
    /// A new, empty station with today's format and version.
    pub fn new() -> Self {
        Self::default()
    }

    /// The station's short name for small signs: `station.short_name` (简称) when given, else
    /// the one [`propose_short_name`] proposes from the full name.
    pub fn short_name(&self) -> String {
        let given = self.station.short_name.trim();
        if !given.is_empty() {
            return given.to_owned();
        }
        self.proposed_short_name()
    }

    /// The short name proposed when `station.short_name` is empty ([`propose_short_name`]).
    pub fn proposed_short_name(&self) -> String {
        propose_short_name(&self.station.name, &self.station.county, &self.station.town)
    }

    /// Services grouped by category, categories in order of first appearance.
    pub fn services_by_category(&self) -> Vec<(&str, Vec<&Service>)> {
        let mut groups: Vec<(&str, Vec<&Service>)> = Vec::new();
        for service in &self.services {
            let category = service.category.trim();
            match groups.iter_mut().find(|(name, _)| *name == category) {
                Some((_, items)) => items.push(service),
                None => groups.push((category, vec![service])),
            }
        }
        groups
    }

    /// Parses a station file from its bytes. `file` names the file in messages.
    pub fn from_bytes(bytes: &[u8], file: &Path) -> Result<StationFile, LoadError> {
        let file = file.to_path_buf();
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|error| LoadError::NotUtf8 {
            file: file.clone(),
            byte_offset: error.valid_up_to(),
        })?;
        if text.trim().is_empty() {
            return Err(LoadError::Empty { file });
        }
        let value: Value = serde_json::from_str(text).map_err(|error| LoadError::Syntax {
            file: file.clone(),
            line: error.line(),
            column: error.column(),
            reason: syntax_reason(&error),
        })?;
        let Value::Object(object) = &value else {
            return Err(LoadError::NotAnObject { file });
        };
        match object.get("format") {
            Some(Value::String(format)) if format == FORMAT => {}
            Some(other) => {
                return Err(LoadError::WrongFormat {
                    file,
                    found: preview(&other.to_string(), 40),
                });
            }
            None => return Err(LoadError::MissingFormat { file }),
        }
        match object.get("version") {
            Some(Value::Number(number)) => match number.as_u64() {
                Some(version) if version > VERSION => {
                    return Err(LoadError::NewerVersion { file, version });
                }
                Some(version) if version >= 1 => {}
                _ => {
                    return Err(LoadError::BadVersion {
                        file,
                        found: preview(&number.to_string(), 40),
                    });
                }
            },
            Some(other) => {
                return Err(LoadError::BadVersion {
                    file,
                    found: preview(&other.to_string(), 40),
                });
            }
            None => return Err(LoadError::MissingVersion { file }),
        }
        match object.get("station") {
            None => return Err(LoadError::MissingName { file }),
            Some(Value::Object(station)) if !station.contains_key("name") => {
                return Err(LoadError::MissingName { file });
            }
            _ => {}
        }
        let mut value = value;
        normalize_value(&mut value);
        serde_path_to_error::deserialize(value).map_err(|error| {
            let field = error.path().to_string();
            let inner = error.into_inner();
            LoadError::Field {
                file,
                label: field_label(&field),
                expected: expected_type(&field),
                field,
                detail: translate_serde_message(&inner.to_string()),
            }
        })
    }

    /// The file's text as saved: pretty JSON, two-space indent, UTF-8, trailing newline.
    pub fn to_json(&self) -> String {
        // Serialising plain strings, numbers and maps cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn syntax_reason(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => "文件在此处意外结束（可能缺少 } 或 ]）".to_owned(),
        _ => translate_serde_message(&error.to_string()),
    }
}

/// Turns serde_json's English messages into Chinese ones a user can act on. Every message
/// serde_json and serde can give has its Chinese words here; anything else becomes a general
/// Chinese sentence (never English shown to a user).
fn translate_serde_message(message: &str) -> String {
    // serde_json appends " at line L column C"; the caller reports the position itself.
    let message = message.split(" at line ").next().unwrap_or(message).trim();
    let table: [(&str, &str); 33] = [
        ("trailing comma", "多了一个逗号"),
        ("expected `,` or `}`", "缺少逗号或 }"),
        ("expected `,` or `]`", "缺少逗号或 ]"),
        ("expected `:`", "缺少冒号"),
        ("expected `\"`", "缺少英文双引号"),
        ("expected value", "这里应当是一个值"),
        ("expected ident", "无法识别的词（文字要放在英文双引号里）"),
        ("key must be a string", "字段名必须放在英文双引号里"),
        (
            "expected key to be a number",
            "字段名应是放在英文双引号里的数字",
        ),
        ("float key must be finite", "字段名不能是无穷大或非数字"),
        (
            "control character",
            "文字中有不允许的控制字符（如未转义的换行）",
        ),
        (
            "lone leading surrogate",
            "文字中有不成对的 \\u 转义（代理字符只有前一半）",
        ),
        (
            "unexpected end of hex escape",
            "文字中的 \\u 转义不完整（应为 \\u 加 4 位十六进制数）",
        ),
        (
            "invalid unicode code point",
            "文字中的 \\u 转义不是有效的字符",
        ),
        ("invalid escape", "文字中有无效的转义符 \\"),
        (
            "recursion limit exceeded",
            "括号嵌套层数太多（文件可能已损坏）",
        ),
        ("number out of range", "数字太大或太小"),
        ("invalid number", "数字格式不对"),
        ("trailing characters", "JSON 结束后还有多余内容"),
        (
            "EOF while parsing a string",
            "文件意外结束（文字缺少结尾的英文双引号）",
        ),
        ("EOF while parsing a list", "文件意外结束（缺少 ]）"),
        ("EOF while parsing an object", "文件意外结束（缺少 }）"),
        ("EOF while parsing", "文件意外结束"),
        ("invalid type: ", "值的类型不对："),
        ("invalid value: ", "值不对"),
        ("invalid length", "列表的项数不对"),
        ("unknown variant", "值不是可选的几种之一"),
        ("unknown field", "有不认识的字段"),
        ("duplicate field", "同一个字段写了两次"),
        ("missing field", "缺少字段"),
        ("data did not match any variant", "值的写法不对"),
        ("Unexpected end of input", "文件意外结束"),
        ("out of memory", "文件太大，内存不够"),
    ];
    for (english, chinese) in table {
        if message.contains(english) {
            if english == "invalid type: " {
                return describe_invalid_type(message);
            }
            return chinese.to_owned();
        }
    }
    // Our own deserializers speak Chinese; anything else is not shown in English.
    if message
        .chars()
        .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
    {
        preview(message, 80)
    } else {
        "格式有误".to_owned()
    }
}

/// `text` cut to at most `max_chars` characters for a message, with what was left out said in
/// Chinese: a 5 MB value becomes a short preview, never a 5 MB message.
pub fn preview(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_owned();
    }
    let start: String = text.chars().take(max_chars).collect();
    format!("{start}…（共 {count} 个字符）")
}

/// The most characters a file name takes in a message (longer ones keep their start and end).
pub const SHOWN_PATH_CHARS: usize = 40;

/// A picture path as a message shows it: relative to the station file's folder `base_dir` when
/// it lies inside it, else only the file's name (never a long absolute path), then cut to
/// [`SHOWN_PATH_CHARS`] keeping its start and its end (the extension). Paths written on Windows
/// (`D:\照片\张三.jpg`, `照片\张三.jpg`) are read the same on every system. Pure: no file is
/// touched.
pub fn shown_path(written: &str, base_dir: Option<&std::path::Path>) -> String {
    let written = written.trim();
    let slashed = written.replace('\\', "/");
    let drive = slashed
        .as_bytes()
        .get(1..3)
        .is_some_and(|pair| pair == b":/")
        && slashed
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_alphabetic);
    let absolute = slashed.starts_with('/') || drive;
    let shown = if absolute {
        let inside = base_dir.and_then(|dir| {
            let dir = dir.to_string_lossy().replace('\\', "/");
            let dir = dir.trim_end_matches('/');
            slashed
                .strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
                .filter(|rest| !dir.is_empty() && !rest.is_empty())
                .map(str::to_owned)
        });
        inside.unwrap_or_else(|| {
            slashed
                .rsplit('/')
                .find(|part| !part.is_empty())
                .unwrap_or(&slashed)
                .to_owned()
        })
    } else {
        written.to_owned()
    };
    preview_ends(&shown, SHOWN_PATH_CHARS)
}

/// `text` cut to about `max_chars` characters keeping its start and its end, joined by “…”
/// (a file name keeps its extension).
pub fn preview_ends(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_owned();
    }
    let tail = max_chars / 2;
    let head = max_chars.saturating_sub(tail + 1);
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// `invalid type: string "是", expected a boolean` → `现在填的是文字 "是"`.
fn describe_invalid_type(message: &str) -> String {
    let found = message
        .trim_start_matches("invalid type: ")
        .split(", expected")
        .next()
        .unwrap_or("");
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = preview(value.trim_matches('`'), 40);
    match kind {
        "string" => format!("现在填的是文字 {value}"),
        "integer" | "floating" => format!("现在填的是数字 {value}"),
        "boolean" => format!("现在填的是 {value}"),
        "map" => "现在填的是一个对象 { }".to_owned(),
        "sequence" => "现在填的是一个列表 [ ]".to_owned(),
        "null" => "现在填的是 null（空值）".to_owned(),
        _ => "值的类型不对".to_owned(),
    }
}

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
        self.0
            .iter()
            .filter_map(|part| match part {
                PathPart::Key(key) => Some(key.as_str()),
                PathPart::Index(_) => None,
            })
            .collect::<Vec<_>>()
            .join(".")
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

    /// The Chinese name of the field, e.g. 联系电话 for `staff[2].phone`; empty if unknown.
    pub fn label(&self) -> String {
        field_label(&self.to_string())
    }

    /// The Chinese name with the list position, e.g. 第 3 位服务人员的联系电话; falls back to
    /// [`FieldPath::label`], and to 文字 for an unknown field.
    pub fn describe(&self) -> String {
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

/// The Chinese name of a field path such as `services[3].free`.
pub fn field_label(path: &str) -> String {
    let last = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .split('[')
        .next()
        .unwrap_or("");
    let parent = if path.starts_with("contacts.qr_codes") {
        "qr"
    } else {
        path.split(['.', '[']).next().unwrap_or("")
    };
    let label = match (parent, last) {
        (_, "format") => "文件格式",
        (_, "version") => "文件版本",
        (_, "station") => "站点信息",
        ("station", "name") => "站点全称",
        (_, "short_name") => "简称",
        (_, "fee") => "收费标准",
        (_, "certificate_no") => "职业资格证书编号",
        (_, "rules") => "工作制度",
        ("rules", "title") => "制度名称",
        ("rules", "text") => "制度内容",
        ("station", "kind") => "场所类型",
        ("appearance", "design") => "设计",
        (_, "county") => "县区",
        (_, "town") => "乡镇（街道）",
        (_, "guide_units") => "指导单位",
        (_, "operator") => "承接机构",
        (_, "intro") => "站点简介",
        (_, "slogan") => "宣传主题",
        (_, "logos") => "标志",
        (_, "rooms") => "功能室",
        (_, "contacts") => "联系方式",
        (_, "address") => "地址",
        (_, "hours") => "开放时间",
        (_, "hotline") => "服务热线",
        (_, "supervision_phone") => "监督电话",
        (_, "email") => "邮箱",
        (_, "qr_codes") => "二维码",
        ("qr", "label") => "二维码说明",
        ("qr", "content") => "二维码内容",
        (_, "services") => "服务清单",
        (_, "category") => "服务类别",
        (_, "item") => "服务项目",
        (_, "description") => "服务内容",
        (_, "targets") => "服务对象",
        (_, "method") => "服务方式",
        (_, "frequency") => "服务频次",
        (_, "free") => "是否免费",
        ("staff", "name") => "姓名",
        (_, "staff") => "服务人员",
        (_, "post") => "岗位",
        (_, "level") => "职业水平",
        (_, "phone") => "联系电话",
        (_, "show_phone") => "是否公开电话",
        (_, "duties") => "工作职责",
        (_, "photo") => "照片",
        (_, "process") => "服务流程",
        (_, "step") => "步骤名称",
        (_, "detail") => "步骤说明",
        (_, "partners") => "五社联动资源",
        ("partners", "kind") => "资源类别",
        ("partners", "name") => "资源名称",
        (_, "updated") => "更新日期",
        _ => "",
    };
    label.to_owned()
}

fn expected_type(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let expected = if last.ends_with(']') {
        if path.starts_with("station.") {
            "文字（用英文双引号括起来）"
        } else {
            "一个对象（用 { } 括起来）"
        }
    } else {
        match last {
            "free" | "show_phone" => "true（是）或 false（否）",
            "guide_units" | "logos" | "rooms" | "qr_codes" | "services" | "staff" | "process"
            | "partners" | "rules" => "列表（用 [ ] 括起来）",
            "station" | "contacts" => "一个对象（用 { } 括起来）",
            _ => "文字（用英文双引号括起来）",
        }
    };
    expected.to_owned()
}

/// Why a station file could not be opened. Every message is Chinese and names the file and field.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("无法读取文件 {}：{}", file.display(), crate::fsutil::io_message(source))]
    Read {
        /// The file.
        file: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Bytes that are not UTF-8 (often a GBK file saved by an old editor).
    #[error(
        "文件 {} 不是 UTF-8 编码的文本（第 {byte_offset} 字节起无法识别）。请用记事本“另存为”并选择 UTF-8 编码后再打开。",
        file.display()
    )]
    NotUtf8 {
        /// The file.
        file: PathBuf,
        /// Where the first bad byte is.
        byte_offset: usize,
    },
    /// Nothing in the file.
    #[error("文件 {} 是空的，里面没有站点信息。", file.display())]
    Empty {
        /// The file.
        file: PathBuf,
    },
    /// Invalid JSON.
    #[error("文件 {} 第 {line} 行第 {column} 列：{reason}。", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, in Chinese.
        reason: String,
    },
    /// The JSON is not an object.
    #[error("文件 {} 不是亮牌站点文件：最外层应当是 {{ }} 括起来的对象。", file.display())]
    NotAnObject {
        /// The file.
        file: PathBuf,
    },
    /// No `format` field.
    #[error("文件 {} 不是亮牌站点文件：缺少字段 format（文件格式），应为 \"liangpai-station\"。", file.display())]
    MissingFormat {
        /// The file.
        file: PathBuf,
    },
    /// `format` is not ours.
    #[error("文件 {} 不是亮牌站点文件：字段 format（文件格式）是 {found}，应为 \"liangpai-station\"。", file.display())]
    WrongFormat {
        /// The file.
        file: PathBuf,
        /// What it says instead.
        found: String,
    },
    /// No `version` field.
    #[error("文件 {}：缺少字段 version（文件版本），应为 1。", file.display())]
    MissingVersion {
        /// The file.
        file: PathBuf,
    },
    /// `version` is not a positive whole number.
    #[error("文件 {}：字段 version（文件版本）是 {found}，应为正整数 1。", file.display())]
    BadVersion {
        /// The file.
        file: PathBuf,
        /// What it says instead.
        found: String,
    },
    /// Made by a newer app.
    #[error(
        "文件 {} 是较新版本的亮牌制作的（文件版本 {version}），本程序只认识到版本 {}。请升级亮牌后再打开，以免丢失信息。",
        file.display(), VERSION
    )]
    NewerVersion {
        /// The file.
        file: PathBuf,
        /// The file's version.
        version: u64,
    },
    /// `station.name` is missing.
    #[error("文件 {}：缺少字段 station.name（站点全称）。站点全称必须填写。", file.display())]
    MissingName {
        /// The file.
        file: PathBuf,
    },
    /// A field has the wrong type or a required field is missing.
    #[error("文件 {}：字段 {field}（{label}）有误：{detail}；应为{expected}。", file.display())]
    Field {
        /// The file.
        file: PathBuf,
        /// The field's path, e.g. `services[3].free`.
        field: String,
        /// Its Chinese name.
        label: String,
        /// What was wrong.
        detail: String,
        /// What the field should hold.
        expected: String,
    },
}

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Printing can go ahead, but the user should look.
    Warning,
    /// The signs would be wrong; fix before printing.
    Error,
}

impl Severity {
    /// 错误 / 提醒.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "提醒",
        }
    }
}

/// One problem found by [`validate`], at one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// How serious.
    pub severity: Severity,
    /// The field's path, e.g. `staff[2].name`.
    pub field: FieldPath,
    /// What is wrong, in Chinese, naming the field for a user.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}：{}（{}）",
            self.severity.label(),
            self.message,
            self.field
        )
    }
}

/// Checks a station for what a user wants to hear before printing: pure checks of the data, no
/// file is read. The pictures themselves (missing, unreadable, not an image) are checked where
/// they are read, by `assets::load`.
pub fn validate(file: &StationFile) -> Vec<Problem> {
    let mut problems = Problems::default();
    let station = &file.station;
    let name = field("station").key("name");
    if station.name.trim().is_empty() {
        problems.error(name, "站点全称不能为空");
    } else if station.name.chars().count() > 40 {
        problems.warning(name, "站点全称超过 40 个字，门牌上的字会很小");
    }
    let short_name = station.short_name.trim();
    if short_name.chars().count() > 16 {
        problems.warning(
            field("station").key("short_name"),
            format!(
                "简称有 {} 个字，工作证和功能室门牌上的字会很小，建议不超过 12 个字",
                short_name.chars().count()
            ),
        );
    }
    if let StationKind::Other(code) = &station.kind {
        problems.warning(
            field("station").key("kind"),
            format!(
                "场所类型“{}”本程序不认识，将按社会工作服务站的样式制作",
                preview(code, 40)
            ),
        );
    }
    if station.operator.trim().is_empty() {
        problems.warning(
            field("station").key("operator"),
            "承接机构未填写，公示牌页脚将不显示承接机构",
        );
    }
    if station
        .guide_units
        .iter()
        .all(|unit| unit.trim().is_empty())
    {
        problems.warning(
            field("station").key("guide_units"),
            "指导单位未填写，公示牌页脚将不显示指导单位",
        );
    }
    for (index, unit) in station.guide_units.iter().enumerate() {
        if unit.trim().is_empty() {
            problems.error(
                item("station.guide_units", index),
                format!("第 {} 个指导单位是空的", index + 1),
            );
        }
    }
    let intro_chars = station.intro.chars().count();
    let intro = field("station").key("intro");
    if station.intro.trim().is_empty() {
        problems.warning(intro, "站点简介未填写");
    } else if intro_chars > 150 {
        problems.warning(
            intro,
            format!("站点简介有 {intro_chars} 个字，建议不超过 150 个字，否则字会缩小"),
        );
    }
    if station.logos.iter().all(|logo| logo.trim().is_empty()) {
        problems.warning(
            field("station").key("logos"),
            "没有标志：公示牌和工作证应展示中国社会工作标志。请在“站点信息”的“标志”中点“添加标志…”，\
             先选中国社会工作标志的图片文件，再添加本地标志（可不加）；第一个标志排在最前\
             （站点文件中即 station.logos 的第一项）",
        );
    }
    for (index, logo) in station.logos.iter().enumerate() {
        if logo.trim().is_empty() {
            problems.error(item("station.logos", index), "标志的文件路径是空的");
        }
    }
    for (index, room) in station.rooms.iter().enumerate() {
        let room_field = item("station.rooms", index);
        if room.trim().is_empty() {
            problems.error(room_field, format!("第 {} 个功能室名称是空的", index + 1));
        } else if station
            .rooms
            .iter()
            .take(index)
            .any(|other| other.trim() == room.trim())
        {
            problems.warning(
                room_field,
                format!("功能室“{}”重复了", preview(room.trim(), 60)),
            );
        }
    }

    let contacts = &file.contacts;
    if contacts.address.trim().is_empty() {
        problems.warning(field("contacts").key("address"), "地址未填写");
    }
    if contacts.hours.trim().is_empty() {
        problems.warning(field("contacts").key("hours"), "开放时间未填写");
    }
    check_phone(
        &mut problems,
        field("contacts").key("hotline"),
        "服务热线",
        &contacts.hotline,
        true,
    );
    check_phone(
        &mut problems,
        field("contacts").key("supervision_phone"),
        "监督电话",
        &contacts.supervision_phone,
        true,
    );
    let email = contacts.email.trim();
    if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
        problems.warning(
            field("contacts").key("email"),
            format!(
                "邮箱“{}”看起来不对（应形如 name@example.org）",
                preview(email, 60)
            ),
        );
    }
    for (index, code) in contacts.qr_codes.iter().enumerate() {
        let number = index + 1;
        let code_field = item("contacts.qr_codes", index);
        if code.content.trim().is_empty() {
            problems.error(
                code_field.clone().key("content"),
                format!("第 {number} 个二维码没有内容"),
            );
        } else if qrcode::QrCode::new(code.content.as_bytes()).is_err() {
            problems.error(
                code_field.clone().key("content"),
                format!("第 {number} 个二维码的内容太长，无法生成二维码"),
            );
        }
        if code.label.trim().is_empty() {
            problems.warning(
                code_field.key("label"),
                format!("第 {number} 个二维码没有说明文字"),
            );
        }
    }

    if file.services.is_empty() {
        problems.warning(field("services"), "服务清单是空的");
    }
    for (index, service) in file.services.iter().enumerate() {
        let number = index + 1;
        if service.item.trim().is_empty() {
            problems.error(
                item("services", index).key("item"),
                format!("第 {number} 项服务没有填写服务项目"),
            );
        }
        if service.category.trim().is_empty() {
            problems.warning(
                item("services", index).key("category"),
                format!("第 {number} 项服务没有填写服务类别"),
            );
        }
        if !service.free && service.fee.trim().is_empty() {
            let what = if service.item.trim().is_empty() {
                format!("第 {number} 项服务")
            } else {
                format!("服务“{}”", service.item.trim())
            };
            problems.warning(
                item("services", index).key("fee"),
                format!("{what}收费，但没有填写收费标准，公示牌上只会写“收费”"),
            );
        }
    }

    if file.staff.is_empty() {
        problems.warning(field("staff"), "服务人员名单是空的");
    }
    for (index, member) in file.staff.iter().enumerate() {
        let number = index + 1;
        let who = if member.name.trim().is_empty() {
            format!("第 {number} 位服务人员")
        } else {
            format!("服务人员“{}”", preview(member.name.trim(), 60))
        };
        let member_field = item("staff", index);
        if member.name.trim().is_empty() {
            problems.error(
                member_field.clone().key("name"),
                format!("第 {number} 位服务人员没有填写姓名"),
            );
        }
        if member.post.trim().is_empty() {
            problems.warning(
                member_field.clone().key("post"),
                format!("{who}没有填写岗位"),
            );
        }
        if !member.level.trim().is_empty() && !LEVELS.contains(&member.level.trim()) {
            problems.warning(
                member_field.clone().key("level"),
                format!(
                    "{who}的职业水平“{}”不是常用写法（{}）",
                    member.level.trim(),
                    LEVELS.join("、")
                ),
            );
        }
        check_phone(
            &mut problems,
            member_field.clone().key("phone"),
            &format!("{who}的联系电话"),
            &member.phone,
            member.show_phone,
        );
        let certificate = member.certificate_no.trim();
        if !certificate.is_empty() && member.level.trim() == "未持证" {
            problems.warning(
                member_field.clone().key("certificate_no"),
                format!("{who}填写了证书编号“{certificate}”，但职业水平是“未持证”，请核对"),
            );
        } else if certificate.chars().count() > 30 {
            problems.warning(
                member_field.clone().key("certificate_no"),
                format!(
                    "{who}的证书编号有 {} 个字符，看起来不像证书编号，请核对",
                    certificate.chars().count()
                ),
            );
        }
        if member.photo.trim().is_empty() {
            problems.warning(member_field.key("photo"), format!("{who}没有照片"));
        }
    }

    if file.process.is_empty() {
        problems.warning(field("process"), "服务流程是空的");
    }
    for (index, step) in file.process.iter().enumerate() {
        if step.step.trim().is_empty() {
            problems.error(
                item("process", index).key("step"),
                format!("第 {} 个流程步骤没有名称", index + 1),
            );
        }
    }

    for (index, partner) in file.partners.iter().enumerate() {
        let number = index + 1;
        if partner.name.trim().is_empty() {
            problems.error(
                item("partners", index).key("name"),
                format!("第 {number} 个五社联动资源没有名称"),
            );
        }
        if !PARTNER_KINDS.contains(&partner.kind.trim()) {
            problems.warning(
                item("partners", index).key("kind"),
                format!(
                    "第 {number} 个五社联动资源的类别应为 {} 之一",
                    PARTNER_KINDS.join("、")
                ),
            );
        }
    }

    for (index, rule) in file.rules.iter().enumerate() {
        let number = index + 1;
        if rule.title.trim().is_empty() {
            problems.warning(
                item("rules", index).key("title"),
                format!("第 {number} 项工作制度没有填写制度名称，制度牌上将写“工作制度”"),
            );
        }
        if rule.text.trim().is_empty() {
            problems.warning(
                item("rules", index).key("text"),
                format!("第 {number} 项工作制度没有填写制度内容"),
            );
        }
    }

    let updated = field("updated");
    if file.updated.trim().is_empty() {
        problems.warning(updated, "更新日期未填写，公示牌页脚将不显示更新日期");
    } else if parse_iso_date(file.updated.trim()).is_none() {
        problems.error(
            updated,
            format!(
                "更新日期“{}”格式不对，应形如 2026-03-01",
                file.updated.trim()
            ),
        );
    }
    problems.list
}

/// A top-level field of the station file, e.g. `staff`.
fn field(key: &str) -> FieldPath {
    FieldPath::none().key(key)
}

/// Item `index` of a list given by its dotted path, e.g. `station.rooms` → `station.rooms[2]`.
fn item(list: &str, index: usize) -> FieldPath {
    list.split('.')
        .fold(FieldPath::none(), |path, key| path.key(key))
        .index(index)
}

/// Parses `YYYY-MM-DD` into (year, month, day), checking the day exists.
pub fn parse_iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.split('-');
    let year: u32 = parts.next().filter(|part| part.len() == 4)?.parse().ok()?;
    let month: u32 = parts.next().filter(|part| part.len() == 2)?.parse().ok()?;
    let day: u32 = parts.next().filter(|part| part.len() == 2)?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day <= days).then_some((year, month, day))
}

#[derive(Default)]
struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    fn push(
        &mut self,
        severity: Severity,
        field: impl Into<FieldPath>,
        message: impl Into<String>,
    ) {
        self.list.push(Problem {
            severity,
            field: field.into(),
            message: message.into(),
        });
    }
    fn error(&mut self, field: impl Into<FieldPath>, message: impl Into<String>) {
        self.push(Severity::Error, field, message);
    }
    fn warning(&mut self, field: impl Into<FieldPath>, message: impl Into<String>) {
        self.push(Severity::Warning, field, message);
    }
}

fn check_phone(problems: &mut Problems, field: FieldPath, label: &str, phone: &str, wanted: bool) {
    let phone = phone.trim();
    if phone.is_empty() {
        if wanted {
            problems.warning(field, format!("{label}未填写"));
        }
        return;
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if digits == 0 {
        problems.error(field, format!("{label}“{}”里没有数字", preview(phone, 40)));
    } else if digits < 7 {
        problems.warning(
            field,
            format!(
                "{label}“{}”只有 {digits} 位数字，请检查",
                preview(phone, 40)
            ),
        );
    }
}

/// Characters pasted from Word, WeChat or PDFs that print as nothing or as a stray mark and are
/// removed from text where the text does not use them: the soft hyphen, zero-width spaces, the
/// word joiner and invisible operators and the byte-order mark always; joiners, bidi marks,
/// embeddings and isolates, and the Mongolian vowel separator only where no script around them
/// needs them (see [`is_needed_format`]).
pub fn is_removed_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whether the format character at `chars[index]` is one the text needs, so it is kept: the
/// Mongolian vowel separator U+180E next to Mongolian letters; a zero-width joiner or non-joiner
/// next to a letter of a joining or complex script (Arabic, Mongolian, Tibetan…, not Chinese or
/// Latin); direction marks, embeddings and isolates in text that holds right-to-left letters
/// (Uyghur, Kazakh), where they set the order of numbers and words.
pub fn is_needed_format(chars: &[char], index: usize) -> bool {
    use unicode_script::{Script, UnicodeScript};
    let Some(&ch) = chars.get(index) else {
        return false;
    };
    let neighbour_scripts = || {
        [index.checked_sub(1), Some(index + 1)]
            .into_iter()
            .flatten()
            .filter_map(|at| chars.get(at))
            .map(|neighbour| neighbour.script())
    };
    match ch {
        '\u{180E}' => neighbour_scripts().any(|script| script == Script::Mongolian),
        '\u{200C}' | '\u{200D}' => neighbour_scripts().any(|script| {
            !matches!(
                script,
                Script::Han | Script::Latin | Script::Common | Script::Inherited | Script::Unknown
            )
        }),
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => chars.iter().any(|other| {
            matches!(
                other.script(),
                Script::Arabic | Script::Hebrew | Script::Syriac | Script::Thaana | Script::Nko
            )
        }),
        _ => false,
    }
}

/// Text as it should be kept: invisible characters ([`is_removed_invisible`]) removed unless the
/// text needs them ([`is_needed_format`]), Kangxi radicals (U+2F00–U+2FDF, look-alikes that PDFs
/// produce, ⽅ for 方) replaced by the ideograph Unicode's NFKC gives for them. Everything else
/// is left alone (full-width letters, variation selectors, Mongolian free variation selectors,
/// compatibility ideographs are the user's choice). `None` when nothing changes.
pub fn normalize_text(text: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let changes = |ch: char| is_removed_invisible(ch) || ('\u{2F00}'..='\u{2FDF}').contains(&ch);
    if !text.chars().any(changes) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &ch) in chars.iter().enumerate() {
        if is_removed_invisible(ch) && !is_needed_format(&chars, index) {
            continue;
        }
        if ('\u{2F00}'..='\u{2FDF}').contains(&ch) {
            out.extend(std::iter::once(ch).nfkc());
        } else {
            out.push(ch);
        }
    }
    (out != text).then_some(out)
}

/// [`normalize_text`] applied to every string of a JSON value (keys are left alone).
fn normalize_value(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let Some(normal) = normalize_text(text) {
                *text = normal;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_value),
        Value::Object(map) => map.values_mut().for_each(normalize_value),
        _ => {}
    }
}

impl StationFile {
    /// Normalises every text of the station with [`normalize_text`] (what loading does; the app
    /// calls it after each edit). Returns whether anything changed.
    pub fn normalize(&mut self) -> bool {
        let Ok(mut value) = serde_json::to_value(&*self) else {
            return false;
        };
        let before = value.clone();
        normalize_value(&mut value);
        if value == before {
            return false;
        }
        match serde_json::from_value::<StationFile>(value) {
            Ok(normal) => {
                *self = normal;
                true
            }
            Err(_) => false,
        }
    }
}

/// Keys whose text is never printed (file paths, codes), left out of [`text_fields`].
const UNPRINTED_KEYS: [&str; 5] = ["format", "kind", "logos", "photo", "version"];

/// Every text of the station that may be printed, with its field path, in file order.
pub fn text_fields(file: &StationFile) -> Vec<(FieldPath, String)> {
    fn walk(value: &Value, path: FieldPath, out: &mut Vec<(FieldPath, String)>) {
        match value {
            Value::String(text) => out.push((path, text.clone())),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    walk(item, path.clone().index(index), out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    if !UNPRINTED_KEYS.contains(&key.as_str()) {
                        walk(item, path.clone().key(key), out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::to_value(file) {
        walk(&value, FieldPath::none(), &mut out);
    }
    out
}

/// Whether a field is a name that must be printed whole: the station's name and short name, the
/// operator, a staff member's name, a room.
pub fn is_name_field(path: &FieldPath) -> bool {
    let text = path.to_string();
    matches!(
        text.as_str(),
        "station.name" | "station.short_name" | "station.operator"
    ) || (text.starts_with("staff[") && text.ends_with("].name"))
        || (text.starts_with("station.rooms[") && text.ends_with(']'))
}

/// Characters for a message, each with its code point: `“𫄨”（U+2B128）`; one that cannot be
/// seen (a space, a control or format character, a variation selector, a private-use character)
/// by its code point only, never quoted invisibly.
pub fn name_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|&ch| {
            let unseen = ch.is_whitespace()
                || ch.is_control()
                || is_removed_invisible(ch)
                || matches!(ch, '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E0FFF}' | '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..)
                || ('\u{2061}'..='\u{206F}').contains(&ch);
            if !unseen {
                format!("“{ch}”（{}）", code_point(ch))
            } else {
                code_point(ch)
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// `U+2B128` for a character.
pub fn code_point(ch: char) -> String {
    format!("U+{:04X}", u32::from(ch))
}

/// The characters of the station's printed texts that no font has (`has_char` says which it
/// has), each reported at its field with its code point: an error in a name ([`is_name_field`]),
/// a warning elsewhere. Characters that cannot be seen are named by code point only.
pub fn check_characters(file: &StationFile, has_char: impl Fn(char) -> bool) -> Vec<Problem> {
    let mut problems = Problems::default();
    for (path, text) in text_fields(file) {
        let mut missing: Vec<char> = Vec::new();
        for ch in text.chars() {
            if !has_char(ch) && !missing.contains(&ch) {
                missing.push(ch);
            }
        }
        if missing.is_empty() {
            continue;
        }
        let named = name_chars(&missing);
        let label = path.label();
        let label = if label.is_empty() {
            "文字".to_owned()
        } else {
            label
        };
        if is_name_field(&path) {
            problems.error(
                path,
                format!(
                    "{label}中的字 {named} 没有任何字体能显示，印出来会缺字。请在字体文件夹中加入有这个字的字体，或改用常用字"
                ),
            );
        } else {
            problems.warning(
                path,
                format!(
                    "{label}中的字 {named} 没有任何字体能显示，不会印出。请在字体文件夹中加入有这个字的字体，或改用常用字"
                ),
            );
        }
    }
    problems.list
}

/// Station types and their usual short forms, longest first.
const TYPE_SHORT_FORMS: [(&str, &str); 6] = [
    ("社会工作服务站", "社工站"),
    ("社会工作服务中心", "社工服务中心"),
    ("社会工作站", "社工站"),
    ("未成年人保护工作站", "未保站"),
    ("社工服务站", "社工站"),
    ("社会工作室", "社工室"),
];

/// Endings of province, prefecture and county names (what a short name leaves out).
const ADMIN_ENDINGS: [char; 7] = ['省', '区', '市', '州', '盟', '县', '旗'];

/// Endings of town-level names (乡镇、街道、苏木), which a short name keeps.
const TOWN_ENDINGS: [&str; 4] = ["街道", "苏木", "镇", "乡"];

/// Proposes a short name (简称) from a station's full name: the province, prefecture and county
/// prefixes dropped, the station type shortened (社会工作服务站 → 社工站):
/// 青禾县柳溪镇社会工作服务站 → 柳溪镇社工站. `county` and `town` (which may be empty) help to
/// find where the town's name starts. Returns the trimmed full name when nothing can be dropped.
pub fn propose_short_name(name: &str, county: &str, town: &str) -> String {
    let name = name.trim();
    let (place, kind) = TYPE_SHORT_FORMS
        .iter()
        .find_map(|(long, short)| name.strip_suffix(long).map(|place| (place, *short)))
        .unwrap_or((name, ""));
    let place = town_part(place, county.trim(), town.trim());
    let proposal = format!("{place}{kind}");
    if proposal.chars().count() < 2 {
        name.to_owned()
    } else {
        proposal
    }
}

/// The part of `place` from the town's name on (the whole of it when no town is found).
fn town_part<'a>(place: &'a str, county: &str, town: &str) -> &'a str {
    if !town.is_empty()
        && let Some(position) = place.find(town)
    {
        return place.get(position..).unwrap_or(place);
    }
    // The first town ending (镇、乡、街道) that has at least two characters of name before it,
    // counting from the last province / prefecture / county ending before it.
    let chars: Vec<(usize, char)> = place.char_indices().collect();
    for (position, &(byte, _)) in chars.iter().enumerate() {
        let rest = place.get(byte..).unwrap_or("");
        if !TOWN_ENDINGS.iter().any(|ending| rest.starts_with(ending)) {
            continue;
        }
        let starts: Vec<usize> = std::iter::once(0)
            .chain(
                chars
                    .get(..position)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, ch))| ADMIN_ENDINGS.contains(ch))
                    .map(|(index, _)| index + 1),
            )
            .collect();
        if let Some(&start) = starts.iter().rev().find(|&&start| position >= start + 2) {
            let start_byte = chars.get(start).map_or(0, |&(byte, _)| byte);
            return place.get(start_byte..).unwrap_or(place);
        }
    }
    if !county.is_empty()
        && let Some(position) = place.find(county)
        && let Some(rest) = place.get(position + county.len()..)
        && rest.chars().count() >= 2
    {
        return rest;
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `message` has a sentence of plain English in it (three ASCII words in a row).
    pub(crate) fn has_english_sentence(message: &str) -> bool {
        message
            .split(|ch: char| !ch.is_ascii_alphabetic() && ch != ' ')
            .any(|run| run.split_whitespace().filter(|word| word.len() > 1).count() >= 3)
    }

    fn load_message(text: &str) -> String {
        match StationFile::from_bytes(text.as_bytes(), Path::new("站点.json")) {
            Ok(_) => panic!("should fail: {}", preview(text, 80)),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn picture_paths_are_shown_short() {
        let base = Path::new("/home/社工站/柳溪镇");
        // Relative paths stay as written; absolute ones inside the station's folder become
        // relative; others show only their file name.
        assert_eq!(shown_path("照片/张三.jpg", Some(base)), "照片/张三.jpg");
        assert_eq!(
            shown_path("/home/社工站/柳溪镇/照片/张三.jpg", Some(base)),
            "照片/张三.jpg"
        );
        assert_eq!(
            shown_path("/media/u盘/备份/2024/照片/张三.jpg", Some(base)),
            "张三.jpg"
        );
        assert_eq!(shown_path(r"D:\资料\照片\李四.png", Some(base)), "李四.png");
        assert_eq!(shown_path(r"C:\Users\x\Desktop\王五.jpg", None), "王五.jpg");
        // A very long name keeps its start and its extension.
        let long = format!("/tmp/{}.jpg", "很长的名字".repeat(200));
        let shown = shown_path(&long, None);
        assert!(shown.chars().count() <= SHOWN_PATH_CHARS, "{shown}");
        assert!(
            shown.starts_with("很长的名字") && shown.ends_with(".jpg"),
            "{shown}"
        );
        assert!(shown.contains('…'));
    }

    #[test]
    fn every_serde_reason_is_chinese() {
        let cases = [
            (format!("{}1{}", "[".repeat(200), "]".repeat(200)), "嵌套"),
            (r#"{"format": "\ud800\u0041"}"#.to_owned(), "不成对"),
            (r#"{"format": "\u12"}"#.to_owned(), "转义"),
            (r#"{"format": 1e999}"#.to_owned(), "数字"),
            (r#"{"format": "liangpai-station", "version": 1, "station": {"name": ["甲"]}}"#.to_owned(), "列表"),
            (r#"{"format": "liangpai-station", "version": 1, "station": {"name": "甲"}, "staff": {"a": 1}}"#.to_owned(), "对象"),
            (r#"{"format": "liangpai-station", "version": 1, "station": {"name": "甲"}, "staff": [{"name": null}]}"#.to_owned(), ""),
            ("{\"a\": \"".to_owned(), "意外结束"),
        ];
        for (text, words) in cases {
            let message = load_message(&text);
            assert!(message.contains(words), "{message}");
            assert!(!has_english_sentence(&message), "English in: {message}");
            assert!(!message.contains("格式有误（"), "{message}");
        }
        assert!(!has_english_sentence(&translate_serde_message(
            "something nobody expected here"
        )));
    }

    #[test]
    fn a_huge_wrong_value_gives_a_short_message() {
        let huge = "格".repeat(5 * 1024 * 1024 / 3);
        let message = load_message(&format!(r#"{{"format": "{huge}", "version": 1}}"#));
        assert!(
            message.chars().count() < 300,
            "{} characters",
            message.chars().count()
        );
        assert!(message.contains("共 1747628 个字符"), "{message}");
        let message = load_message(&format!(
            r#"{{"format": "liangpai-station", "version": 1, "station": {{"name": "甲", "rooms": "{}"}}}}"#,
            huge.get(..300_000).unwrap_or_default()
        ));
        assert!(
            message.chars().count() < 300,
            "{} characters",
            message.chars().count()
        );
    }

    #[test]
    fn characters_in_messages_are_named_by_code_point_and_never_quoted_invisibly() {
        assert_eq!(
            name_chars(&['𫄨', '😀']),
            "“𫄨”（U+2B128）、“😀”（U+1F600）"
        );
        assert_eq!(
            name_chars(&['\u{200B}', '\u{3000}', '\u{E000}']),
            "U+200B、U+3000、U+E000"
        );
        assert!(is_name_field(&FieldPath::parse("staff[3].name")));
        assert!(is_name_field(&FieldPath::parse("station.rooms[0]")));
        assert!(is_name_field(&FieldPath::parse("station.operator")));
        assert!(!is_name_field(&FieldPath::parse("staff[3].duties")));
        assert!(!is_name_field(&FieldPath::parse("station.intro")));
        let mut file = StationFile::new();
        file.station.name = "柳溪站".to_owned();
        file.staff.push(StaffMember {
            name: "王\u{13000}".to_owned(),
            photo: "\u{13000}.jpg".to_owned(),
            ..StaffMember::default()
        });
        let problems = check_characters(&file, |ch| ch != '\u{13000}');
        // The photo's path is never printed, so only the name is reported.
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field.to_string(), "staff[0].name");
        assert_eq!(problems[0].severity, Severity::Error);
    }

    #[test]
    fn validation_reads_no_pictures_but_wants_their_paths() {
        let mut station = StationFile::new();
        station.station.logos = vec!["no/such/logo.png".into(), " ".into()];
        station.staff = vec![
            StaffMember {
                name: "张三".into(),
                photo: "no/such/photo.jpg".into(),
                ..StaffMember::default()
            },
            StaffMember {
                name: "李四".into(),
                ..StaffMember::default()
            },
        ];
        let problems = validate(&station);
        let at = |field: &str| {
            problems
                .iter()
                .filter(|problem| problem.field == field)
                .map(|problem| (problem.severity, problem.message.as_str()))
                .collect::<Vec<_>>()
        };
        assert!(at("station.logos[0]").is_empty());
        assert_eq!(
            at("station.logos[1]"),
            [(Severity::Error, "标志的文件路径是空的")]
        );
        assert!(at("staff[0].photo").is_empty());
        assert_eq!(
            at("staff[1].photo"),
            [(Severity::Warning, "服务人员“李四”没有照片")]
        );
        assert_eq!(
            item("contacts.qr_codes", 1).key("content"),
            FieldPath::parse("contacts.qr_codes[1].content")
        );
    }

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
    fn files_without_the_fields_added_this_version_load_and_keep_them_on_save() {
        let old = r#"{"format":"liangpai-station","version":1,"station":{"name":"青禾县柳溪镇社会工作服务站"},
            "services":[{"item":"政策咨询","free":false}],"staff":[{"name":"王磊"}]}"#;
        let station = StationFile::from_bytes(old.as_bytes(), Path::new("旧.json"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(station.rules.is_empty());
        assert_eq!(station.station.short_name, "");
        assert_eq!(station.services[0].fee, "");
        assert_eq!(station.staff[0].certificate_no, "");

        let mut new = station.clone();
        new.station.short_name = "柳溪镇社工站".into();
        new.services[0].fee = "每次 10 元".into();
        new.staff[0].certificate_no = "S2024320000123".into();
        new.rules.push(Rule {
            title: "保密制度".into(),
            text: "一、……\n二、……".into(),
            extra: Extra::new(),
        });
        let again = StationFile::from_bytes(new.to_json().as_bytes(), Path::new("新.json"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(again, new);
        assert_eq!(again.short_name(), "柳溪镇社工站");
    }

    #[test]
    fn short_names_are_proposed_from_real_names() {
        for (name, county, town, expected) in [
            ("青禾县柳溪镇社会工作服务站", "", "", "柳溪镇社工站"),
            (
                "青禾县柳溪镇社会工作服务站",
                "青禾县",
                "柳溪镇",
                "柳溪镇社工站",
            ),
            (
                "内蒙古自治区鄂尔多斯市伊金霍洛旗乌兰木伦镇社会工作服务站",
                "",
                "",
                "乌兰木伦镇社工站",
            ),
            (
                "广西壮族自治区来宾市金秀瑶族自治县六巷乡社会工作服务站",
                "",
                "",
                "六巷乡社工站",
            ),
            (
                "广州市越秀区北京街道社会工作服务站",
                "",
                "",
                "北京街道社工站",
            ),
            ("某某市城区街道社会工作服务站", "", "", "城区街道社工站"),
            (
                "新疆维吾尔自治区伊犁哈萨克自治州霍城县清水河镇未成年人保护工作站",
                "",
                "",
                "清水河镇未保站",
            ),
            ("浙江省杭州市西湖区", "", "", "浙江省杭州市西湖区"),
            ("柳溪镇社工站", "", "", "柳溪镇社工站"),
        ] {
            assert_eq!(propose_short_name(name, county, town), expected, "{name}");
        }
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
