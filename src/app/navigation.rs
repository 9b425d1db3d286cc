//! Where the user is in the form: the sections (tabs) and a pending jump to a field.
//!
//! Below both the form (which draws them) and the commands (which start jumps), so that neither
//! imports the other for them.

use crate::sign::SignKind;

/// The form's sections (one tab each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Section {
    /// 站点信息.
    #[default]
    Station,
    /// 服务内容与清单.
    Services,
    /// 服务人员.
    Staff,
    /// 服务流程.
    Process,
    /// 联系方式.
    Contacts,
    /// 五社联动.
    Partners,
}

impl Section {
    /// All sections in tab order.
    pub const ALL: [Section; 6] = [
        Section::Station,
        Section::Services,
        Section::Staff,
        Section::Process,
        Section::Contacts,
        Section::Partners,
    ];

    /// The tab's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Section::Station => "站点信息",
            Section::Services => "服务内容与清单",
            Section::Staff => "服务人员",
            Section::Process => "服务流程",
            Section::Contacts => "联系方式",
            Section::Partners => "五社联动",
        }
    }

    /// The sign that shows this section best (the preview switches to it).
    pub fn sign(self) -> SignKind {
        match self {
            Section::Station => SignKind::Plaque,
            Section::Services => SignKind::Services,
            Section::Staff => SignKind::Staff,
            Section::Process => SignKind::Process,
            Section::Contacts => SignKind::Contacts,
            Section::Partners => SignKind::Board,
        }
    }

    /// The section holding a field such as `staff[2].name`.
    pub fn of_field(field: &str) -> Section {
        let head = field.split(['.', '[']).next().unwrap_or("");
        match head {
            "services" => Section::Services,
            "staff" => Section::Staff,
            "process" => Section::Process,
            "contacts" => Section::Contacts,
            "partners" => Section::Partners,
            _ => Section::Station,
        }
    }
}

/// A request to bring a field into view and focus it.
#[derive(Debug, Clone, PartialEq)]
pub struct Jump {
    /// The field, e.g. `staff[1].photo`.
    pub field: String,
    /// Frames left before giving up (the field may not exist any more).
    pub frames_left: u8,
}
