//! The roster's columns: every sheet and column, with the note shown to whoever fills it in.

/// Sheet names.
pub const STATION_SHEET: &str = "站点";
/// Service items.
pub const SERVICE_SHEET: &str = "服务项目";
/// Staff.
pub const STAFF_SHEET: &str = "服务人员";
/// Process steps.
pub const PROCESS_SHEET: &str = "服务流程";
/// Partners.
pub const PARTNER_SHEET: &str = "五社联动";

/// The key column of every sheet.
pub const KEY: &str = "站点全称";
/// The 站点全称 that marks rows shared by every station.
pub const EVERY_STATION: &str = "全部";

/// One column of a roster sheet: its name and a note for the person filling it in.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The column name in the first row.
    pub name: &'static str,
    /// What goes in it (shown as a cell note in the template).
    pub note: &'static str,
    /// Values to offer in a drop-down list, if any.
    pub choices: &'static [&'static str],
}

const fn column(name: &'static str, note: &'static str) -> Column {
    Column {
        name,
        note,
        choices: &[],
    }
}

const YES_NO: &[&str] = &["是", "否"];
const KINDS: &[&str] = &["社会工作服务站", "未成年人保护工作站", "老年人服务设施"];

/// Columns of the 站点 sheet.
pub const STATION_COLUMNS: &[Column] = &[
    column(
        KEY,
        "必填，如 青禾县柳溪镇社会工作服务站；其他表用它找到站点",
    ),
    Column {
        name: "场所类型",
        note: "社会工作服务站、未成年人保护工作站 或 老年人服务设施；空着即社会工作服务站",
        choices: KINDS,
    },
    column("县区", "如 青禾县"),
    column("乡镇（街道）", "如 柳溪镇"),
    column(
        "指导单位",
        "多个单位用顿号“、”分开，如 青禾县民政局、柳溪镇人民政府",
    ),
    column("承接机构", "承接运营站点的社会工作机构"),
    column("站点简介", "150 字以内"),
    column("宣传主题", "如 推进“五社联动” 关爱“一小一老”"),
    column(
        "标志",
        "标志图片的路径（相对于本表格所在的文件夹），多个用分号“；”分开；可不填",
    ),
    column("功能室", "多个用顿号“、”分开，每个功能室生成一块门牌"),
    column("地址", ""),
    column("开放时间", ""),
    column("服务热线", ""),
    column("监督电话", ""),
    column("邮箱", "可不填"),
    column("二维码1说明", "如 微信公众号"),
    column("二维码1内容", "二维码里的网址或文字"),
    column("二维码2说明", ""),
    column("二维码2内容", ""),
    column("更新日期", "如 2026-03-01"),
];

/// Columns of the 服务项目 sheet.
pub const SERVICE_COLUMNS: &[Column] = &[
    column(
        KEY,
        "与“站点”表中的站点全称一致；写“全部”表示所有没有自己服务项目的站点通用",
    ),
    column(
        "服务类别",
        "如 社会救助、养老服务、儿童关爱保护、残疾人服务、社区治理",
    ),
    column("服务项目", ""),
    column("服务内容", ""),
    column("服务对象", ""),
    column("服务方式", "如 入户、个案、小组、社区"),
    column("服务频次", "如 每月"),
    Column {
        name: "是否免费",
        note: "是 或 否；空着即“是”",
        choices: YES_NO,
    },
];

/// Columns of the 服务人员 sheet.
pub const STAFF_COLUMNS: &[Column] = &[
    column(KEY, "与“站点”表中的站点全称一致"),
    column("姓名", ""),
    Column {
        name: "岗位",
        note: "站长、驻站社工 或 督导",
        choices: &crate::model::POSTS,
    },
    Column {
        name: "职业水平",
        note: "助理社会工作师、社会工作师、高级社会工作师 或 未持证",
        choices: &crate::model::LEVELS,
    },
    column("联系电话", ""),
    Column {
        name: "公开电话",
        note: "是：电话印在公示牌上；否或空着：不印",
        choices: YES_NO,
    },
    column("工作职责", ""),
    column(
        "照片",
        "照片文件的路径（相对于本表格所在的文件夹），如 照片/李晓雯.jpg",
    ),
];

/// Columns of the 服务流程 sheet.
pub const PROCESS_COLUMNS: &[Column] = &[
    column(
        KEY,
        "与“站点”表中的站点全称一致；写“全部”表示所有没有自己流程的站点通用",
    ),
    column(
        "步骤",
        "如 接案、预估、计划、介入、评估、结案，按顺序一行一步",
    ),
    column("说明", ""),
];

/// Columns of the 五社联动 sheet.
pub const PARTNER_COLUMNS: &[Column] = &[
    column(
        KEY,
        "与“站点”表中的站点全称一致；写“全部”表示所有没有自己资源的站点通用",
    ),
    Column {
        name: "类别",
        note: "社区、社会组织、社会工作者、社区志愿者 或 社会慈善资源",
        choices: &crate::model::PARTNER_KINDS,
    },
    column("名称", ""),
];

/// Every sheet the roster reads, in template order.
pub const SHEETS: [(&str, &[Column]); 5] = [
    (STATION_SHEET, STATION_COLUMNS),
    (SERVICE_SHEET, SERVICE_COLUMNS),
    (STAFF_SHEET, STAFF_COLUMNS),
    (PROCESS_SHEET, PROCESS_COLUMNS),
    (PARTNER_SHEET, PARTNER_COLUMNS),
];
