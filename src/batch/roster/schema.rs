//! The roster's columns: ONE table per sheet. Each column gives its Chinese header, the station
//! field it fills (as a [`FieldPath`] and as accessors), whether it is required, a short hint and
//! the note shown to whoever fills it in. The tables drive reading ([`super::read`]), writing the
//! template ([`super::write`]), the help text of `liangpai batch --help` ([`help_columns`]) and
//! the README's roster table ([`markdown_table`]). Example values come from
//! [`super::example_station`] through the same accessors.

use crate::model::{
    FieldPath, Language, LanguageOrder, Partner, ProcessStep, Rule, Service, StaffMember,
    StationFile, StationKind, Translations,
};
pub use crate::values::ListSheet;

/// Sheet names.
pub const STATION_SHEET: &str = "站点";
/// Service items.
pub const SERVICE_SHEET: &str = ListSheet::Services.name();
/// Staff.
pub const STAFF_SHEET: &str = ListSheet::Staff.name();
/// Process steps.
pub const PROCESS_SHEET: &str = ListSheet::Process.name();
/// Partners.
pub const PARTNER_SHEET: &str = ListSheet::Partners.name();
/// Rules (制度上墙).
pub const RULE_SHEET: &str = ListSheet::Rules.name();

/// The key column of every sheet.
pub const KEY: &str = "站点全称";
/// The 站点全称 that marks rows shared by every station.
pub const EVERY_STATION: &str = "全部";

/// How a cell's text becomes a value of the row's item (`T`) and back.
pub enum Value<T: 'static> {
    /// The station's 站点全称: the key of the row.
    Key,
    /// Text as written.
    Text(fn(&T) -> &String, fn(&mut T) -> &mut String),
    /// A phone number: text as written; a cell Excel keeps as a number (or shows as 1.38E+10) is
    /// refused, since digits are lost.
    Phone(fn(&T) -> &String, fn(&mut T) -> &mut String),
    /// A date, read in several forms and kept as YYYY-MM-DD.
    Date(fn(&T) -> &String, fn(&mut T) -> &mut String),
    /// A list in one cell, split at any of `separators` (and line breaks), written with `joiner`.
    List {
        /// Reads the list.
        get: fn(&T) -> &Vec<String>,
        /// Writes the list.
        set: fn(&mut T) -> &mut Vec<String>,
        /// Where the cell is split.
        separators: &'static [char],
        /// What joins the items when written.
        joiner: &'static str,
    },
    /// 是/否, `default` when the cell is empty.
    YesNo {
        /// Reads the flag.
        get: fn(&T) -> &bool,
        /// Writes the flag.
        set: fn(&mut T) -> &mut bool,
        /// The value of an empty cell.
        default: bool,
    },
    /// 场所类型.
    Kind(fn(&T) -> &StationKind, fn(&mut T) -> &mut StationKind),
    /// Label or content of QR code `index` (read in pairs: a label needs a content).
    Qr {
        /// 0-based.
        index: usize,
        /// The content (true) or the label (false).
        content: bool,
    },
    /// 民族文字: the scripts beside Chinese, by Chinese name or tag (`languages.local`).
    Languages,
    /// 地区预设: a region of `templates/regions.toml` by name or id, filling `languages`.
    Region,
    /// 文字顺序: `languages.order` ([`ORDER_CHOICES`], or `local_first` / `chinese_first`).
    Order,
    /// 民族文字字号比例: `languages.size_ratio`, a number between 0.5 and 2.
    Ratio,
}

/// One column of a sheet whose rows are `T`s.
pub struct Column<T: 'static> {
    /// The column name in the first row.
    pub name: &'static str,
    /// The field it fills, relative to the row's item (`phone` of `staff[n]`), or to the station
    /// file for the 站点 sheet (`station.county`).
    pub field: &'static str,
    /// Whether a row without it is refused.
    pub required: bool,
    /// A short hint, shown after the name in the help text and the README (“多个用“、”分开”).
    pub hint: &'static str,
    /// What goes in it (shown as a cell note in the template).
    pub note: &'static str,
    /// Values to offer in a drop-down list, if any.
    pub choices: &'static [&'static str],
    /// How the text is read and written.
    pub value: Value<T>,
}

/// What every column says about itself, whatever its sheet's row type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The column name in the first row.
    pub name: &'static str,
    /// The field it fills (see [`Column::field`]).
    pub field: &'static str,
    /// Whether a row without it is refused.
    pub required: bool,
    /// A short hint for the help text.
    pub hint: &'static str,
    /// The cell note in the template.
    pub note: &'static str,
    /// Drop-down values.
    pub choices: &'static [&'static str],
}

impl Header {
    /// The field as a typed path.
    pub fn field_path(&self) -> FieldPath {
        FieldPath::parse(self.field)
    }

    /// The name with its hint, as in the help text: 站点全称（必填，不能重复）.
    pub fn described(&self) -> String {
        let mut notes = Vec::new();
        if self.required {
            notes.push("必填");
        }
        if !self.hint.is_empty() {
            notes.push(self.hint);
        }
        if notes.is_empty() {
            self.name.to_owned()
        } else {
            format!("{}（{}）", self.name, notes.join("，"))
        }
    }
}

/// One sheet: its name, what a row is, the list of the station its rows fill, and its columns.
pub struct SheetSchema<T: 'static> {
    /// The sheet's name.
    pub name: &'static str,
    /// What one row is (一个站点).
    pub row_is: &'static str,
    /// The station's list the rows fill (`staff`); empty for the 站点 sheet.
    pub list: &'static str,
    /// Whether rows with 站点全称 “全部” are shared by stations without rows of their own.
    pub shared: bool,
    /// The columns, in template order.
    pub columns: &'static [Column<T>],
    /// The translations (`tr`) of the object a translated column belongs to: the row's item for
    /// a list sheet (the object is ""), `station`, `contacts` or `contacts.qr_codes[0]` for the
    /// 站点 sheet (see [`translated_field`]); `None` when there is no such object (a QR code
    /// that was not filled in).
    pub tr: for<'a> fn(&'a mut T, &str) -> Option<&'a mut Translations>,
    /// The same, to read.
    pub tr_of: for<'a> fn(&'a T, &str) -> Option<&'a Translations>,
}

impl<T> SheetSchema<T> {
    /// The columns as written for `languages` (see [`with_translations`]): (column, language
    /// of a translation column).
    pub fn written(&self, languages: &[Language]) -> Vec<(&Column<T>, Option<Language>)> {
        with_translations(
            self.columns.iter().map(|column| (column, column.field)),
            self.list,
            languages,
        )
    }

    /// The columns' headers.
    pub fn headers(&self) -> Vec<Header> {
        self.columns
            .iter()
            .map(|column| Header {
                name: column.name,
                field: column.field,
                required: column.required,
                hint: column.hint,
                note: column.note,
                choices: column.choices,
            })
            .collect()
    }
}

/// A sheet of any row type: what reading, the template and the help need to know.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    /// The sheet's name.
    pub name: &'static str,
    /// What one row is.
    pub row_is: &'static str,
    /// The station's list the rows fill (see [`SheetSchema::list`]).
    pub list: &'static str,
    /// The columns.
    pub headers: Vec<Header>,
}

impl SheetInfo {
    /// The columns as written for `languages` (see [`with_translations`]): (column, language of
    /// a translation column).
    pub fn written(&self, languages: &[Language]) -> Vec<(Header, Option<Language>)> {
        with_translations(
            self.headers.iter().map(|header| (*header, header.field)),
            self.list,
            languages,
        )
    }

    /// The names of the columns as written for `languages`: 站点全称, 站点全称（维吾尔文）, 简称…
    pub fn written_names(&self, languages: &[Language]) -> Vec<String> {
        self.written(languages)
            .into_iter()
            .map(|(header, language)| match language {
                Some(language) => translation_header(header.name, language),
                None => header.name.to_owned(),
            })
            .collect()
    }

    /// The names of the columns that have translation columns (the texts the signs print).
    pub fn translated_names(&self) -> Vec<&'static str> {
        self.headers
            .iter()
            .filter(|header| translated_field(self.list, header.field).is_some())
            .map(|header| header.name)
            .collect()
    }
}

/// Columns with, after each one the signs print ([`translated_field`]), its translation column
/// for each of `languages` in order: the translation stands beside its Chinese.
fn with_translations<C: Copy>(
    columns: impl Iterator<Item = (C, &'static str)>,
    list: &str,
    languages: &[Language],
) -> Vec<(C, Option<Language>)> {
    let mut out = Vec::new();
    for (column, field) in columns {
        out.push((column, None));
        if translated_field(list, field).is_some() {
            out.extend(languages.iter().map(|language| (column, Some(*language))));
        }
    }
    out
}

const fn column<T>(name: &'static str, field: &'static str, value: Value<T>) -> Column<T> {
    Column {
        name,
        field,
        required: false,
        hint: "",
        note: "",
        choices: &[],
        value,
    }
}

impl<T> Column<T> {
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    const fn hint(mut self, hint: &'static str) -> Self {
        self.hint = hint;
        self
    }
    const fn note(mut self, note: &'static str) -> Self {
        self.note = note;
        self
    }
    const fn choices(mut self, choices: &'static [&'static str]) -> Self {
        self.choices = choices;
        self
    }
}

macro_rules! phone {
    ($item:ty: $($field:ident).+) => {
        Value::Phone(|item: &$item| &item.$($field).+, |item: &mut $item| &mut item.$($field).+)
    };
}

macro_rules! text {
    ($item:ty: $($field:ident).+) => {
        Value::Text(|item: &$item| &item.$($field).+, |item: &mut $item| &mut item.$($field).+)
    };
}

fn station_tr<'a>(file: &'a mut StationFile, object: &str) -> Option<&'a mut Translations> {
    match object {
        "station" => Some(&mut file.station.tr),
        "contacts" => Some(&mut file.contacts.tr),
        other => {
            let index = qr_index(other)?;
            file.contacts
                .qr_codes
                .get_mut(index)
                .map(|code| &mut code.tr)
        }
    }
}

fn station_tr_of<'a>(file: &'a StationFile, object: &str) -> Option<&'a Translations> {
    match object {
        "station" => Some(&file.station.tr),
        "contacts" => Some(&file.contacts.tr),
        other => {
            let index = qr_index(other)?;
            file.contacts.qr_codes.get(index).map(|code| &code.tr)
        }
    }
}

/// `contacts.qr_codes[1]` → 1.
fn qr_index(object: &str) -> Option<usize> {
    object
        .strip_prefix("contacts.qr_codes[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// Where the translations of a column go: (object, field), the object as [`SheetSchema::tr`]
/// takes it (`station`, `contacts`, `contacts.qr_codes[0]`; "" for the item of a list sheet),
/// the field as in `tr` (`name`). `None` for a column the signs do not print
/// ([`crate::model::SHOWN_FIELDS`]), which has no translation column. `list` is the sheet's
/// [`SheetSchema::list`], `field` the column's [`Column::field`].
pub fn translated_field<'a>(list: &str, field: &'a str) -> Option<(&'a str, &'a str)> {
    if field.is_empty() {
        return None;
    }
    let (object, name) = if list.is_empty() {
        field.rsplit_once('.')?
    } else {
        ("", field)
    };
    let shown_object = if list.is_empty() {
        object.split('[').next().unwrap_or(object)
    } else {
        list
    };
    crate::model::is_shown_field(shown_object, name).then_some((object, name))
}

/// The name of the column holding `column`'s translation into `language`:
/// 站点全称（维吾尔文）.
pub fn translation_header(column: &str, language: Language) -> String {
    format!("{column}（{}）", language.chinese_name())
}

/// The languages of a 民族文字 cell or option: names (维吾尔文, 维吾尔) or tags (ug), split at
/// 、，,；; and spaces; the parts no language has, as written.
pub fn parse_languages(text: &str) -> (Vec<Language>, Vec<String>) {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for part in text
        .split(|ch: char| LIST_SEPARATORS.contains(&ch) || ch.is_whitespace())
        .map(str::trim)
        .filter(|part| !part.is_empty())
    {
        match crate::model::language_by_name(part) {
            Some(language) if !known.contains(&language) => known.push(language),
            Some(_) => {}
            None => unknown.push(part.to_owned()),
        }
    }
    (known, unknown)
}

/// The 民族文字 column.
pub const LANGUAGES_COLUMN: &str = "民族文字";
/// The 地区预设 column.
pub const REGION_COLUMN: &str = "地区预设";
/// The 文字顺序 column (`languages.order`).
pub const ORDER_COLUMN: &str = "文字顺序";
/// The 民族文字字号比例 column (`languages.size_ratio`).
pub const RATIO_COLUMN: &str = "民族文字字号比例";
/// The values of the 文字顺序 column, as the form's 文字顺序 offers them: local first, Chinese
/// first.
pub const ORDER_CHOICES: &[&str] = &["民族文字在前", "汉文在前"];
/// The smallest and largest 民族文字字号比例 (as `check` and the form allow).
pub const RATIO_RANGE: std::ops::RangeInclusive<f32> = 0.5..=2.0;

/// The Chinese of an order, as the 文字顺序 column holds it.
pub fn order_text(order: LanguageOrder) -> &'static str {
    match order {
        LanguageOrder::LocalFirst => "民族文字在前",
        LanguageOrder::ChineseFirst => "汉文在前",
    }
}

/// The order a 文字顺序 cell names: 民族文字在前 / 汉文在前 (also 汉字、中文在前, 民族文字在上,
/// 汉文在上, and the station file's `local_first` / `chinese_first`); `None` for anything else.
pub fn parse_order(text: &str) -> Option<LanguageOrder> {
    let text: String = text.chars().filter(|ch| !ch.is_whitespace()).collect();
    let text = text.to_lowercase();
    let chinese = ["汉文", "汉字", "中文", "汉语"];
    let first = ["在前", "在上", "在左", "优先", "前", "上"];
    let is = |names: &[&str]| {
        names
            .iter()
            .any(|name| first.iter().any(|word| text == format!("{name}{word}")))
    };
    if text == "local_first" || is(&["民族文字", "民文", "少数民族文字"]) {
        Some(LanguageOrder::LocalFirst)
    } else if text == "chinese_first" || is(&chinese) {
        Some(LanguageOrder::ChineseFirst)
    } else {
        None
    }
}

/// The text of a 民族文字字号比例 cell: `1`, `0.8`.
pub fn ratio_text(ratio: f32) -> String {
    format!("{ratio}")
}

/// What is wrong with a 民族文字字号比例 cell (Chinese; the reader puts sheet, row and column
/// before it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatioError {
    /// Not a number.
    #[error("“{shown}”不是数字，{RATIO_HELP}")]
    NotANumber {
        /// The cell as written (shortened).
        shown: String,
    },
    /// A number outside [`RATIO_RANGE`].
    #[error("“{shown}”不对，{RATIO_HELP}")]
    OutOfRange {
        /// The cell as written (shortened).
        shown: String,
    },
}

/// What a 民族文字字号比例 cell should hold (the bounds of [`RATIO_RANGE`]).
const RATIO_HELP: &str = "应是 0.5 到 2 之间的数：1 表示民族文字与汉字同样大小（多数地区的规定），0.8 表示民族文字小一些";

/// The ratio a 民族文字字号比例 cell holds: a number (full-width digits and a full-width or
/// Chinese full stop as decimal point accepted: ０．８, 0。8) or a percentage (80%), within
/// [`RATIO_RANGE`].
pub fn parse_ratio(text: &str) -> Result<f32, RatioError> {
    let ascii = crate::model::ascii_digits(text.trim());
    let mut number: String = ascii
        .chars()
        .map(|ch| match ch {
            '．' | '。' => '.',
            other => other,
        })
        .filter(|ch| !ch.is_whitespace())
        .collect();
    let percent = number.ends_with('%') || number.ends_with('％');
    if percent {
        number.pop();
    }
    let shown = crate::model::preview(text.trim(), 20);
    let value: f32 = number
        .parse()
        .ok()
        .filter(|value: &f32| value.is_finite())
        .ok_or_else(|| RatioError::NotANumber {
            shown: shown.clone(),
        })?;
    let value = if percent { value / 100.0 } else { value };
    if RATIO_RANGE.contains(&value) {
        Ok(value)
    } else {
        Err(RatioError::OutOfRange { shown })
    }
}

const YES_NO: &[&str] = &["是", "否"];
const KINDS: &[&str] = &["社会工作服务站", "未成年人保护工作站", "老年人服务设施"];
const LIST_SEPARATORS: &[char] = &['、', ',', '，', ';', '；'];
const PATH_SEPARATORS: &[char] = &[';', '；'];

/// The 站点 sheet: one row per station.
pub static STATION: SheetSchema<StationFile> = SheetSchema {
    name: STATION_SHEET,
    row_is: "一个站点",
    list: "",
    shared: false,
    columns: &[
        column(KEY, "station.name", Value::Key)
            .required()
            .hint("不能重复")
            .note("必填，如 青禾县柳溪镇社会工作服务站；其他表用它找到站点"),
        column(
            "简称",
            "station.short_name",
            text!(StationFile: station.short_name),
        )
        .note("可不填，如 柳溪镇社工站；用在工作证、功能室门牌等放不下全称的地方，空着则去掉县名"),
        column(
            "场所类型",
            "station.kind",
            Value::Kind(
                |file: &StationFile| &file.station.kind,
                |file: &mut StationFile| &mut file.station.kind,
            ),
        )
        .note("社会工作服务站、未成年人保护工作站 或 老年人服务设施；空着即社会工作服务站")
        .choices(KINDS),
        column("县区", "station.county", text!(StationFile: station.county)).note("如 青禾县"),
        column(
            "乡镇（街道）",
            "station.town",
            text!(StationFile: station.town),
        )
        .note("如 柳溪镇"),
        column(
            "指导单位",
            "station.guide_units",
            Value::List {
                get: |file: &StationFile| &file.station.guide_units,
                set: |file: &mut StationFile| &mut file.station.guide_units,
                separators: LIST_SEPARATORS,
                joiner: "、",
            },
        )
        .hint("多个用“、”分开")
        .note("多个单位用顿号“、”分开，如 青禾县民政局、柳溪镇人民政府"),
        column(
            "承接机构",
            "station.operator",
            text!(StationFile: station.operator),
        )
        .note("承接运营站点的社会工作机构"),
        column(
            "站点简介",
            "station.intro",
            text!(StationFile: station.intro),
        )
        .note("150 字以内"),
        column(
            "宣传主题",
            "station.slogan",
            text!(StationFile: station.slogan),
        )
        .note("如 推进“五社联动” 关爱“一小一老”"),
        column(
            "标志",
            "station.logos",
            Value::List {
                get: |file: &StationFile| &file.station.logos,
                set: |file: &mut StationFile| &mut file.station.logos,
                separators: PATH_SEPARATORS,
                joiner: "；",
            },
        )
        .hint("图片路径，多个用“；”分开")
        .note("标志图片的路径（相对于本表格所在的文件夹），多个用分号“；”分开；可不填"),
        column(
            "功能室",
            "station.rooms",
            Value::List {
                get: |file: &StationFile| &file.station.rooms,
                set: |file: &mut StationFile| &mut file.station.rooms,
                separators: LIST_SEPARATORS,
                joiner: "、",
            },
        )
        .hint("多个用“、”分开")
        .note("多个用顿号“、”分开，每个功能室生成一块门牌"),
        column(
            "地址",
            "contacts.address",
            text!(StationFile: contacts.address),
        ),
        column(
            "开放时间",
            "contacts.hours",
            text!(StationFile: contacts.hours),
        ),
        column(
            "服务热线",
            "contacts.hotline",
            phone!(StationFile: contacts.hotline),
        ),
        column(
            "监督电话",
            "contacts.supervision_phone",
            phone!(StationFile: contacts.supervision_phone),
        ),
        column("邮箱", "contacts.email", text!(StationFile: contacts.email)).note("可不填"),
        column(
            "二维码1说明",
            "contacts.qr_codes[0].label",
            Value::Qr {
                index: 0,
                content: false,
            },
        )
        .note("如 微信公众号"),
        column(
            "二维码1内容",
            "contacts.qr_codes[0].content",
            Value::Qr {
                index: 0,
                content: true,
            },
        )
        .note("二维码里的网址或文字"),
        column(
            "二维码2说明",
            "contacts.qr_codes[1].label",
            Value::Qr {
                index: 1,
                content: false,
            },
        ),
        column(
            "二维码2内容",
            "contacts.qr_codes[1].content",
            Value::Qr {
                index: 1,
                content: true,
            },
        ),
        column(
            "更新日期",
            "updated",
            Value::Date(
                |file: &StationFile| &file.updated,
                |file: &mut StationFile| &mut file.updated,
            ),
        )
        .note("如 2026-03-01"),
        column(LANGUAGES_COLUMN, "languages.local", Value::Languages)
            .hint("不填则只印汉字")
            .note("公示牌上与汉字并列的民族文字，如 维吾尔文、藏文、蒙古文；两种以上用“、”分开，按印出的先后；也可写 ug、bo、mn。各列的译文填在“列名（民族文字）”列，如“站点全称（维吾尔文）”"),
        column(REGION_COLUMN, "languages", Value::Region)
            .hint("按地区规定填民族文字")
            .note("如 内蒙古自治区、新疆维吾尔自治区、西藏自治区、伊犁哈萨克自治州、延边朝鲜族自治州、凉山彝族自治州、广西壮族自治区：按当地规定定下民族文字、先后和字号；同时填了“民族文字”时，以“民族文字”为准"),
        column(ORDER_COLUMN, "languages.order", Value::Order)
            .hint("民族文字在前/汉文在前")
            .note("民族文字在前（横排在上、并排在阅读起点、竖排蒙古文在左）或 汉文在前；空着按“地区预设”，没有地区预设则民族文字在前")
            .choices(ORDER_CHOICES),
        column(RATIO_COLUMN, "languages.size_ratio", Value::Ratio)
            .hint("如 1 或 0.8")
            .note("民族文字与汉字的字号之比，0.5 到 2 之间：1 为同样大小（多数地区的规定），0.8 为民族文字小一些；空着按“地区预设”，没有地区预设则为 1"),
    ],
    tr: station_tr,
    tr_of: station_tr_of,
};

/// The 服务项目 sheet: one row per service item.
pub static SERVICES: SheetSchema<Service> = SheetSchema {
    name: SERVICE_SHEET,
    row_is: "一个服务项目",
    list: "services",
    shared: true,
    columns: &[
        column(KEY, "", Value::Key)
            .note("与“站点”表中的站点全称一致；写“全部”表示所有没有自己服务项目的站点通用"),
        column("服务类别", "category", text!(Service: category))
            .note("如 社会救助、养老服务、儿童关爱保护、残疾人服务、社区治理"),
        column("服务项目", "item", text!(Service: item)),
        column("服务内容", "description", text!(Service: description)),
        column("服务对象", "targets", text!(Service: targets)),
        column("服务方式", "method", text!(Service: method)).note("如 入户、个案、小组、社区"),
        column("服务频次", "frequency", text!(Service: frequency)).note("如 每月"),
        column(
            "是否免费",
            "free",
            Value::YesNo {
                get: |service: &Service| &service.free,
                set: |service: &mut Service| &mut service.free,
                default: true,
            },
        )
        .hint("是/否，空着为是")
        .note("是 或 否；空着即“是”")
        .choices(YES_NO),
        column("收费标准", "fee", text!(Service: fee))
            .hint("收费时填写")
            .note("“是否免费”为否时填写，如 每次 10 元；公示牌上显示在“收费标准”一栏"),
    ],
    tr: |item: &mut Service, _| Some(&mut item.tr),
    tr_of: |item: &Service, _| Some(&item.tr),
};

/// The 服务人员 sheet: one row per staff member.
pub static STAFF: SheetSchema<StaffMember> = SheetSchema {
    name: STAFF_SHEET,
    row_is: "一个人",
    list: "staff",
    shared: false,
    columns: &[
        column(KEY, "", Value::Key).note("与“站点”表中的站点全称一致"),
        column("姓名", "name", text!(StaffMember: name)),
        column("岗位", "post", text!(StaffMember: post))
            .note("站长、驻站社工 或 督导")
            .choices(&crate::model::POSTS),
        column("职业水平", "level", text!(StaffMember: level))
            .note("助理社会工作师、社会工作师、高级社会工作师 或 未持证")
            .choices(&crate::model::LEVELS),
        column(
            "证书编号",
            "certificate_no",
            text!(StaffMember: certificate_no),
        )
        .note("社会工作者职业资格证书编号，可不填；填了就印在公示牌和工作证上"),
        column("联系电话", "phone", phone!(StaffMember: phone)),
        column(
            "公开电话",
            "show_phone",
            Value::YesNo {
                get: |member: &StaffMember| &member.show_phone,
                set: |member: &mut StaffMember| &mut member.show_phone,
                default: false,
            },
        )
        .hint("是/否")
        .note("是：电话印在公示牌上；否或空着：不印")
        .choices(YES_NO),
        column("工作职责", "duties", text!(StaffMember: duties)),
        column("照片", "photo", text!(StaffMember: photo))
            .hint("图片路径")
            .note("照片文件的路径（相对于本表格所在的文件夹），如 照片/李晓雯.jpg"),
    ],
    tr: |item: &mut StaffMember, _| Some(&mut item.tr),
    tr_of: |item: &StaffMember, _| Some(&item.tr),
};

/// The 服务流程 sheet: one row per step, in order.
pub static PROCESS: SheetSchema<ProcessStep> = SheetSchema {
    name: PROCESS_SHEET,
    row_is: "一个步骤（按顺序）",
    list: "process",
    shared: true,
    columns: &[
        column(KEY, "", Value::Key)
            .note("与“站点”表中的站点全称一致；写“全部”表示所有没有自己流程的站点通用"),
        column("步骤", "step", text!(ProcessStep: step))
            .note("如 接案、预估、计划、介入、评估、结案，按顺序一行一步"),
        column("说明", "detail", text!(ProcessStep: detail)),
    ],
    tr: |item: &mut ProcessStep, _| Some(&mut item.tr),
    tr_of: |item: &ProcessStep, _| Some(&item.tr),
};

/// The 五社联动 sheet: one row per partner.
pub static PARTNERS: SheetSchema<Partner> = SheetSchema {
    name: PARTNER_SHEET,
    row_is: "一个资源",
    list: "partners",
    shared: true,
    columns: &[
        column(KEY, "", Value::Key)
            .note("与“站点”表中的站点全称一致；写“全部”表示所有没有自己资源的站点通用"),
        column("类别", "kind", text!(Partner: kind))
            .note("社区、社会组织、社会工作者、社区志愿者 或 社会慈善资源")
            .choices(&crate::model::PARTNER_KINDS),
        column("名称", "name", text!(Partner: name)),
    ],
    tr: |item: &mut Partner, _| Some(&mut item.tr),
    tr_of: |item: &Partner, _| Some(&item.tr),
};

/// The 工作制度 sheet: one row per rule (one 制度牌 each).
pub static RULES: SheetSchema<Rule> = SheetSchema {
    name: RULE_SHEET,
    row_is: "一项制度",
    list: "rules",
    shared: true,
    columns: &[
        column(KEY, "", Value::Key)
            .note("与“站点”表中的站点全称一致；写“全部”表示所有没有自己制度的站点通用"),
        column("制度名称", "title", text!(Rule: title))
            .note("如 工作制度、服务承诺、保密制度、督导制度"),
        column("制度内容", "text", text!(Rule: text))
            .hint("单元格内换行分段")
            .note("制度全文；分条、分段请在单元格内换行（Alt+回车），原样印出"),
    ],
    tr: |item: &mut Rule, _| Some(&mut item.tr),
    tr_of: |item: &Rule, _| Some(&item.tr),
};

/// Every sheet the roster reads, in template order.
pub fn sheets() -> [SheetInfo; 6] {
    fn info<T>(sheet: &SheetSchema<T>) -> SheetInfo {
        SheetInfo {
            name: sheet.name,
            row_is: sheet.row_is,
            list: sheet.list,
            headers: sheet.headers(),
        }
    }
    [
        info(&STATION),
        info(&SERVICES),
        info(&STAFF),
        info(&PROCESS),
        info(&PARTNERS),
        info(&RULES),
    ]
}

/// The sheets and their columns for `liangpai batch --help`, wrapped for a terminal.
pub fn help_columns() -> String {
    const WIDTH: usize = 48;
    let mut text = String::new();
    for sheet in sheets() {
        let names: Vec<String> = sheet.headers.iter().map(Header::described).collect();
        let mut line = String::new();
        let mut first = true;
        for (position, name) in names.iter().enumerate() {
            let piece = if position + 1 < names.len() {
                format!("{name}、")
            } else {
                name.clone()
            };
            if line.chars().count() + piece.chars().count() > WIDTH && !line.is_empty() {
                push_help_line(&mut text, sheet.name, first, &line);
                first = false;
                line.clear();
            }
            line.push_str(&piece);
        }
        push_help_line(&mut text, sheet.name, first, &line);
    }
    text
}

fn push_help_line(text: &mut String, sheet: &str, first: bool, line: &str) {
    let label = if first { sheet } else { "" };
    // Sheet names are 2 or 4 CJK characters (2 columns each): pad to 10 columns.
    let pad = 10usize.saturating_sub(label.chars().count() * 2);
    text.push_str(&format!("  {label}{}{line}\n", " ".repeat(pad)));
}

/// The README's roster table (markdown), generated from the sheets.
pub fn markdown_table() -> String {
    let mut table = String::from("| 工作表 | 一行是 | 列 |\n|---|---|---|\n");
    for sheet in sheets() {
        let names: Vec<String> = sheet.headers.iter().map(Header::described).collect();
        table.push_str(&format!(
            "| {} | {} | {} |\n",
            sheet.name,
            sheet.row_is,
            names.join("、")
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_roster_table_is_generated_from_the_schema() {
        let readme = include_str!("../../../README.md");
        let table = markdown_table();
        assert!(
            readme.contains(&table),
            "README.md 的花名册表格与 schema 不一致，应为：\n{table}"
        );
    }

    #[test]
    fn orders_and_ratios_read_as_typed() {
        // The help names the range's bounds.
        assert!(RATIO_HELP.contains(&format!(
            "{} 到 {} 之间",
            RATIO_RANGE.start(),
            RATIO_RANGE.end()
        )));
        use LanguageOrder::{ChineseFirst, LocalFirst};
        for (text, order) in [
            ("民族文字在前", Some(LocalFirst)),
            ("民族文字 在上", Some(LocalFirst)),
            ("local_first", Some(LocalFirst)),
            ("汉文在前", Some(ChineseFirst)),
            ("汉字在前", Some(ChineseFirst)),
            ("中文在上", Some(ChineseFirst)),
            ("CHINESE_FIRST", Some(ChineseFirst)),
            ("汉文在后", None),
            ("前", None),
        ] {
            assert_eq!(parse_order(text), order, "{text}");
        }
        for order in [LocalFirst, ChineseFirst] {
            assert_eq!(parse_order(order_text(order)), Some(order));
            assert!(ORDER_CHOICES.contains(&order_text(order)));
        }
        for (text, ratio) in [
            ("1", 1.0),
            ("0.8", 0.8),
            ("０．８", 0.8),
            ("0。75", 0.75),
            (" 1.2 ", 1.2),
            ("80%", 0.8),
            ("５０％", 0.5),
            ("2", 2.0),
        ] {
            assert_eq!(parse_ratio(text), Ok(ratio), "{text}");
        }
        for text in ["0.4", "2.5", "0", "-1", "NaN", "inf", "一", "1:0.8", ""] {
            assert!(parse_ratio(text).is_err(), "{text}");
        }
        for ratio in [0.5_f32, 0.8, 0.85, 1.0, 1.25, 2.0] {
            assert_eq!(parse_ratio(&ratio_text(ratio)), Ok(ratio));
        }
    }

    #[test]
    fn help_lists_every_column() {
        let help = help_columns();
        for sheet in sheets() {
            assert!(help.contains(sheet.name));
            for header in &sheet.headers {
                assert!(help.contains(header.name), "{}", header.name);
            }
        }
    }

    #[test]
    fn fields_are_station_paths() {
        fn check<T>(sheet: &SheetSchema<T>) {
            for header in sheet
                .headers()
                .iter()
                .filter(|header| !header.field.is_empty())
            {
                let path = if sheet.list.is_empty() {
                    header.field_path()
                } else {
                    FieldPath::parse(sheet.list).index(0).key(header.field)
                };
                assert!(!path.label().is_empty(), "{} → {path}", header.name);
            }
        }
        check(&STATION);
        check(&SERVICES);
        check(&STAFF);
        check(&PROCESS);
        check(&PARTNERS);
    }
}
