//! The partners block, compactly (the combined board): one line per kind of 五社联动 in
//! [`PARTNER_KINDS`](crate::model::PARTNER_KINDS) order, 社区：名称、名称, a kind without partners
//! with 暂无. When they do not all fit, a note points to the 五社联动 sign and a warning names it;
//! nothing is cut silently.

use super::partners_diagram::{Group, groups};
use crate::frame::{Item, Rect};
use crate::layout::context::Context;
use crate::layout::scripts;
use crate::layout::text;
use crate::model::Language;
use crate::sign::SignKind;
use crate::template::Block;

/// The lines in `language` (`None`: Chinese): 社区：名称、名称 per kind, with 暂无 for a kind
/// without partners. In a script, the kinds and 暂无 from the station's `headings` (`None` when
/// one is missing: the Chinese shows them) and the partners whose names are translated (a kind
/// none of whose partners is translated is left out).
fn lines_in(context: &Context, groups: &[Group], language: Option<Language>) -> Option<String> {
    let mut lines = Vec::with_capacity(groups.len());
    for group in groups {
        let Some(language) = language else {
            let names: Vec<&str> = group.names.iter().map(|(_, name)| name.as_str()).collect();
            let names = if names.is_empty() {
                "暂无".to_owned()
            } else {
                names.join("、")
            };
            lines.push(format!("{}：{names}", group.kind));
            continue;
        };
        let kind = scripts::heading_of(context, language, &group.kind)?;
        let names: Vec<&str> = group
            .names
            .iter()
            .filter_map(|(index, _)| {
                context
                    .station
                    .partners
                    .get(*index)
                    .and_then(|partner| partner.tr.text(language, "name"))
            })
            .collect();
        let names = match (group.names.is_empty(), names.is_empty()) {
            (true, _) => scripts::heading_of(context, language, "暂无")?,
            (false, true) => continue,
            (false, false) => names.join(", "),
        };
        lines.push(format!("{kind}: {names}"));
    }
    Some(lines.join("\n"))
}

/// Draws the partners, one line per kind (in each of the station's scripts), or the note that
/// they are on their own sign.
pub(super) fn draw(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
    let groups = groups(context);
    let count: usize = groups.iter().map(|group| group.names.len()).sum();
    let parts = scripts::parts(context, |language| lines_in(context, &groups, language));
    let style = context.fit_style(&block.style, 0.0);
    match parts.as_slice() {
        [only] if only.language.is_none() => {
            let fitted = text::fit(context.fonts, &only.text, rect, &style);
            if !fitted.overflow && !fitted.forced {
                context.text(items, &only.text, rect, &style, "partners");
                return;
            }
        }
        parts => {
            if scripts::fits(context, parts, rect, &style) {
                scripts::draw_stack(
                    context,
                    items,
                    parts,
                    rect,
                    &style,
                    "partners".into(),
                    false,
                );
                return;
            }
        }
    }
    let sign = SignKind::Partners.label();
    context.warn(
        "partners",
        format!(
            "{}放不下全部五社联动资源（共 {count} 个），板上只写了“详见{sign}公示牌”，完整内容请用“{sign}”",
            context.kind.label()
        ),
    );
    let note = format!("五社联动资源共 {count} 个，详见“{sign}”公示牌");
    context.text(items, &note, rect, &style, "partners");
}
