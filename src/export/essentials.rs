//! What a public sign must show to be finished: the station's name, its 监督电话 and its 更新日期
//! (the essentials), and which sign needs which. A sign without one of its essentials is not
//! made as a finished sign: the export stops and says what is missing and where to fill it in,
//! or — when the user asks for it (`--draft`, the app's 生成样稿) — it is made as a draft that
//! cannot pass for the real thing (样稿 across every page, `样稿-` in front of the file name).
//!
//! Which sign needs which essential follows its template: every sign names its station; the
//! 监督电话 where the template has a footer, a contact list or `{contacts.supervision_phone}`;
//! the 更新日期 where it has a footer or `{updated}`. (The 站点门牌, door plates, badges and the
//! screen picture show neither.) The check is made on the station as its signs show it, after a
//! style pack filled in its values.

use crate::model::{FieldPath, StationFile};
use crate::sign::SignKind;
use crate::template::{BlockKind, Placeholder, Template, TextPiece, text_pieces};

/// One thing a finished public sign must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Essential {
    /// 站点全称 (`station.name`).
    StationName,
    /// 监督电话 (`contacts.supervision_phone`).
    SupervisionPhone,
    /// 更新日期 (`updated`).
    Updated,
}

impl Essential {
    /// Every essential, in the order messages list them.
    pub const ALL: [Essential; 3] = [
        Essential::StationName,
        Essential::SupervisionPhone,
        Essential::Updated,
    ];

    /// Its name in the form's words.
    pub fn label(self) -> &'static str {
        match self {
            Essential::StationName => "站点全称",
            Essential::SupervisionPhone => "监督电话",
            Essential::Updated => "更新日期",
        }
    }

    /// Where the app's form asks for it.
    pub fn place(self) -> &'static str {
        match self {
            Essential::StationName => "站点信息 › 站点全称",
            Essential::SupervisionPhone => "联系方式 › 监督电话",
            Essential::Updated => "站点信息 › 更新日期",
        }
    }

    /// Its field in the station file.
    pub fn field(self) -> FieldPath {
        FieldPath::parse(match self {
            Essential::StationName => "station.name",
            Essential::SupervisionPhone => "contacts.supervision_phone",
            Essential::Updated => "updated",
        })
    }

    /// Whether `station` gives it.
    pub fn given(self, station: &StationFile) -> bool {
        let text = match self {
            Essential::StationName => &station.station.name,
            Essential::SupervisionPhone => &station.contacts.supervision_phone,
            Essential::Updated => &station.updated,
        };
        !text.trim().is_empty()
    }
}

/// The essentials a sign made with `template` shows (see the module's documentation).
pub fn needed_by(template: &Template) -> Vec<Essential> {
    let has_block = |kinds: &[BlockKind]| {
        template
            .blocks
            .iter()
            .any(|block| kinds.contains(&block.kind))
    };
    let uses = |wanted: Placeholder| {
        template.blocks.iter().any(|block| {
            block.kind == BlockKind::Text
                && text_pieces(&block.text).iter().any(|piece| {
                    matches!(piece, TextPiece::Placeholder(name)
                        if Placeholder::from_name(name.trim()) == Some(wanted))
                })
        })
    };
    let mut needed = vec![Essential::StationName];
    if has_block(&[BlockKind::Footer, BlockKind::ContactList])
        || uses(Placeholder::ContactsSupervisionPhone)
    {
        needed.push(Essential::SupervisionPhone);
    }
    if has_block(&[BlockKind::Footer]) || uses(Placeholder::Updated) {
        needed.push(Essential::Updated);
    }
    needed
}

/// The signs that would not be finished, each with the essentials it lacks (in the order the
/// signs were asked for). Empty when every sign is finished.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unfinished {
    /// Each unfinished sign and what it lacks.
    pub signs: Vec<(SignKind, Vec<Essential>)>,
}

impl Unfinished {
    /// The signs of `templates` that `station` cannot finish (a template that cannot be used is
    /// left out: that sign fails on its own).
    pub fn of<'a>(
        station: &StationFile,
        templates: impl IntoIterator<Item = (SignKind, &'a Template)>,
    ) -> Unfinished {
        let missing: Vec<Essential> = Essential::ALL
            .into_iter()
            .filter(|essential| !essential.given(station))
            .collect();
        if missing.is_empty() {
            return Unfinished::default();
        }
        Unfinished {
            signs: templates
                .into_iter()
                .filter_map(|(kind, template)| {
                    let lacks: Vec<Essential> = needed_by(template)
                        .into_iter()
                        .filter(|essential| missing.contains(essential))
                        .collect();
                    (!lacks.is_empty()).then_some((kind, lacks))
                })
                .collect(),
        }
    }

    /// Whether every sign is finished.
    pub fn is_empty(&self) -> bool {
        self.signs.is_empty()
    }

    /// What `kind` lacks (empty: it is finished).
    pub fn lacks(&self, kind: SignKind) -> &[Essential] {
        self.signs
            .iter()
            .find(|(sign, _)| *sign == kind)
            .map_or(&[], |(_, lacks)| lacks.as_slice())
    }

    /// The essentials missing, each with the signs that need it.
    pub fn by_essential(&self) -> Vec<(Essential, Vec<SignKind>)> {
        Essential::ALL
            .into_iter()
            .filter_map(|essential| {
                let signs: Vec<SignKind> = self
                    .signs
                    .iter()
                    .filter(|(_, lacks)| lacks.contains(&essential))
                    .map(|(kind, _)| *kind)
                    .collect();
                (!signs.is_empty()).then_some((essential, signs))
            })
            .collect()
    }

    /// The first missing essential (where 去填写 leads).
    pub fn first(&self) -> Option<Essential> {
        self.by_essential().first().map(|(essential, _)| *essential)
    }

    /// One line per missing essential: what, where to fill it in (with the station file's field
    /// when `with_field` is set, for the command line) and which signs need it.
    pub fn lines(&self, with_field: bool) -> Vec<String> {
        self.by_essential()
            .into_iter()
            .map(|(essential, signs)| {
                let labels: Vec<&str> = signs.iter().map(|kind| kind.label()).collect();
                let field = if with_field {
                    format!("，站点文件中为 {}", essential.field())
                } else {
                    String::new()
                };
                format!(
                    "没有填写{}（在“{}”填写{field}）：{}要印它",
                    essential.label(),
                    essential.place(),
                    labels.join("、")
                )
            })
            .collect()
    }

    /// A one-line summary (for report.csv and status lines).
    pub fn summary(&self) -> String {
        let missing: Vec<String> = self
            .by_essential()
            .into_iter()
            .map(|(essential, _)| format!("{}（{}）", essential.label(), essential.place()))
            .collect();
        format!(
            "没有填写{}，{} 种公示牌不完整，没有生成",
            missing.join("、"),
            self.signs.len()
        )
    }
}

/// What a draft is, said the same way wherever the user chooses to make one.
pub const DRAFT_EXPLAINED: &str =
    "样稿每页印有大大的“样稿”二字，文件名以“样稿-”开头，只供核对，不能作为正式公示牌张贴";

#[cfg(test)]
mod tests {
    use super::*;

    fn template(kind: SignKind) -> Template {
        crate::template::builtin_in(crate::values::DesignId::Standard, kind)
            .unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn signs_need_what_their_templates_show() {
        assert_eq!(
            needed_by(&template(SignKind::Plaque)),
            [Essential::StationName]
        );
        assert_eq!(
            needed_by(&template(SignKind::Badge)),
            [Essential::StationName]
        );
        for kind in [
            SignKind::Services,
            SignKind::Staff,
            SignKind::Contacts,
            SignKind::Board,
        ] {
            assert_eq!(
                needed_by(&template(kind)),
                Essential::ALL,
                "{}",
                kind.label()
            );
        }
    }

    #[test]
    fn a_station_without_its_supervision_phone_leaves_the_signs_that_show_it_unfinished() {
        let mut station = StationFile::new();
        station.station.name = "青禾县柳溪镇社会工作服务站".into();
        station.updated = "2026-03-01".into();
        station.contacts.supervision_phone = " \u{3000}".into();
        let templates: Vec<(SignKind, Template)> = [SignKind::Plaque, SignKind::Contacts]
            .into_iter()
            .map(|kind| (kind, template(kind)))
            .collect();
        let unfinished = Unfinished::of(
            &station,
            templates.iter().map(|(kind, template)| (*kind, template)),
        );
        assert_eq!(
            unfinished.signs,
            [(SignKind::Contacts, vec![Essential::SupervisionPhone])]
        );
        assert!(unfinished.lacks(SignKind::Plaque).is_empty());
        assert_eq!(unfinished.first(), Some(Essential::SupervisionPhone));
        assert_eq!(
            unfinished.lines(true),
            [
                "没有填写监督电话（在“联系方式 › 监督电话”填写，站点文件中为 contacts.supervision_phone）：联系方式要印它"
            ]
        );
        station.contacts.supervision_phone = "0994-6821234".into();
        let finished = Unfinished::of(
            &station,
            templates.iter().map(|(kind, template)| (*kind, template)),
        );
        assert!(finished.is_empty());
    }
}
