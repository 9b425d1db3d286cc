//! The kinds of sign Liangpai makes, with their Chinese names and default sizes.

use serde::{Deserialize, Serialize};

/// One kind of sign (one template each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignKind {
    /// 站点门牌.
    Plaque,
    /// 服务内容与服务清单.
    Services,
    /// 服务人员公示.
    Staff,
    /// 服务流程图.
    Process,
    /// 联系方式.
    Contacts,
    /// 综合公示栏.
    Board,
    /// 功能室门牌 (one page per room).
    RoomPlate,
    /// 工作证 (one per staff member).
    Badge,
    /// 屏幕宣传图 (1920×1080 px picture).
    Screen,
    /// 五社联动 (the five kinds of partners around the station).
    Partners,
    /// 制度牌 (one page per rule).
    Rules,
}

impl SignKind {
    /// Every kind, in the order the app and `--sign all` use.
    pub const ALL: [SignKind; 11] = [
        SignKind::Plaque,
        SignKind::Services,
        SignKind::Staff,
        SignKind::Process,
        SignKind::Contacts,
        SignKind::Partners,
        SignKind::Rules,
        SignKind::Board,
        SignKind::RoomPlate,
        SignKind::Badge,
        SignKind::Screen,
    ];

    /// The code used on the command line and in file names, e.g. `plaque`.
    pub fn code(self) -> &'static str {
        match self {
            SignKind::Plaque => "plaque",
            SignKind::Services => "services",
            SignKind::Staff => "staff",
            SignKind::Process => "process",
            SignKind::Contacts => "contacts",
            SignKind::Board => "board",
            SignKind::RoomPlate => "room_plate",
            SignKind::Badge => "badge",
            SignKind::Screen => "screen",
            SignKind::Partners => "partners",
            SignKind::Rules => "rules",
        }
    }

    /// The Chinese name, e.g. 站点门牌.
    pub fn label(self) -> &'static str {
        match self {
            SignKind::Plaque => "站点门牌",
            SignKind::Services => "服务内容与服务清单",
            SignKind::Staff => "服务人员公示",
            SignKind::Process => "服务流程图",
            SignKind::Contacts => "联系方式",
            SignKind::Board => "综合公示栏",
            SignKind::RoomPlate => "功能室门牌",
            SignKind::Badge => "工作证",
            SignKind::Screen => "屏幕宣传图",
            SignKind::Partners => "五社联动",
            SignKind::Rules => "制度牌",
        }
    }

    /// Parses a code such as `plaque`.
    pub fn from_code(code: &str) -> Option<SignKind> {
        SignKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}
