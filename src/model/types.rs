//! The station file's data types (format `liangpai-station`, version 1) as plain data
//! (`Clone + PartialEq + serde`; fields this version does not know kept in `extra` and written
//! back on save), and the lists the app offers.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::languages::{Headings, Languages, Translations};
use super::short_name::propose_short_name;

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
    /// 民族文字: the scripts the signs carry beside Chinese; absent for Chinese only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Languages>,
    /// 固定标题译文: the signs' fixed words in each language.
    #[serde(default, skip_serializing_if = "Headings::is_empty")]
    pub headings: Headings,
    /// Unknown top-level fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// 外观 (`appearance`): the design and style pack a station's signs follow.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Appearance {
    /// Built-in design id: `standard` (标准), `simple` (简洁) or `vertical` (竖牌: the plaque
    /// as a vertical plaque). Empty: the standard design.
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
    /// The built-in design `design` names (its id or Chinese label); the standard design when
    /// it is empty or names none (`template::design_problem` warns about that).
    pub fn design_id(&self) -> crate::values::DesignId {
        crate::values::DesignId::parse(&self.design).unwrap_or_default()
    }

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
    /// 译文: this object's fields in the station's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub tr: Translations,
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
    /// 译文: this object's fields in the station's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub tr: Translations,
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
    /// 译文: this object's fields in the station's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub tr: Translations,
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
    /// 译文: this object's fields in the station's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub tr: Translations,
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
    /// 译文: this object's fields in the station's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub tr: Translations,
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
    /// 译文: this object's fields in the station's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub tr: Translations,
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
    /// 译文: this object's fields in the station's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub tr: Translations,
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
    /// 译文: this object's fields in the station's other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub tr: Translations,
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
            languages: None,
            headings: Headings::new(),
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
            tr: Translations::default(),
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
}
