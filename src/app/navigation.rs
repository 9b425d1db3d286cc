//! Where the user is in the form: the sections (tabs) and a pending jump to a field.
//!
//! Below both the form (which draws them) and the commands (which start jumps), so that neither
//! imports the other for them.

use crate::model::{FieldPath, PathPart};
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
    /// 工作制度.
    Rules,
}

impl Section {
    /// All sections in tab order.
    pub const ALL: [Section; 7] = [
        Section::Station,
        Section::Services,
        Section::Staff,
        Section::Process,
        Section::Contacts,
        Section::Partners,
        Section::Rules,
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
            Section::Rules => "工作制度",
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
            Section::Partners => SignKind::Partners,
            Section::Rules => SignKind::Rules,
        }
    }

    /// The section holding a field such as `staff[2].name`.
    pub fn of_field(field: &FieldPath) -> Section {
        let head = match field.parts().first() {
            Some(PathPart::Key(key)) => key.as_str(),
            _ => "",
        };
        match head {
            "services" => Section::Services,
            "staff" => Section::Staff,
            "process" => Section::Process,
            "contacts" => Section::Contacts,
            "partners" => Section::Partners,
            "rules" => Section::Rules,
            _ => Section::Station,
        }
    }
}

/// A request to bring a field into view and focus it.
#[derive(Debug, Clone, PartialEq)]
pub struct Jump {
    /// The field, e.g. `staff[1].photo`.
    pub field: FieldPath,
    /// Frames left before giving up (the field may not exist any more).
    pub frames_left: u8,
}

/// The rule a field belongs to: `n` for `rules[n]` and the fields inside it (editing a rule shows
/// its 制度牌).
pub fn rule_of_field(field: &FieldPath) -> Option<usize> {
    match field.parts() {
        [PathPart::Key(rules), PathPart::Index(rule), ..] if rules == "rules" => Some(*rule),
        _ => None,
    }
}

/// The door plate a field belongs to: `n` for `station.rooms[n]` (editing a room's name shows it).
pub fn room_of_field(field: &FieldPath) -> Option<usize> {
    match field.parts() {
        [
            PathPart::Key(station),
            PathPart::Key(rooms),
            PathPart::Index(room),
        ] if station == "station" && rooms == "rooms" => Some(*room),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_of_fields() {
        assert_eq!(
            Section::of_field(&"contacts.qr_codes[0].label".into()),
            Section::Contacts
        );
        assert_eq!(Section::of_field(&"staff[2].photo".into()), Section::Staff);
        assert_eq!(Section::of_field(&"updated".into()), Section::Station);
        assert_eq!(Section::of_field(&FieldPath::none()), Section::Station);
        assert_eq!(room_of_field(&"station.rooms[2]".into()), Some(2));
        assert_eq!(room_of_field(&"station.rooms".into()), None);
        assert_eq!(room_of_field(&"station.guide_units[2]".into()), None);
        assert_eq!(Section::of_field(&"rules[1].text".into()), Section::Rules);
        assert_eq!(Section::Rules.sign(), SignKind::Rules);
        assert_eq!(Section::Partners.sign(), SignKind::Partners);
        assert_eq!(rule_of_field(&"rules[3].title".into()), Some(3));
        assert_eq!(rule_of_field(&"rules".into()), None);
    }
}
