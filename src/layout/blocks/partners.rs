//! The partners block, compactly (the combined board): one line per kind of 五社联动 in
//! [`PARTNER_KINDS`](crate::model::PARTNER_KINDS) order, 社区：名称、名称, a kind without partners
//! with 暂无. When they do not all fit, a note points to the 五社联动 sign and a warning names it;
//! nothing is cut silently.

use super::partners_diagram::groups;
use crate::frame::{Item, Rect};
use crate::layout::context::Context;
use crate::layout::text;
use crate::sign::SignKind;
use crate::template::Block;

/// Draws the partners, one line per kind, or the note that they are on their own sign.
pub(super) fn draw(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
    let groups = groups(context);
    let count: usize = groups.iter().map(|group| group.names.len()).sum();
    let lines: Vec<String> = groups
        .iter()
        .map(|group| {
            let names: Vec<&str> = group.names.iter().map(|(_, name)| name.as_str()).collect();
            let names = if names.is_empty() {
                "暂无".to_owned()
            } else {
                names.join("、")
            };
            format!("{}：{names}", group.kind)
        })
        .collect();
    let style = context.fit_style(&block.style, 0.0);
    let fitted = text::fit(context.fonts, &lines.join("\n"), rect, &style);
    if !fitted.overflow && !fitted.forced {
        context.text(items, &lines.join("\n"), rect, &style, "partners");
        return;
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
