//! The partners block: the 五社联动 resources, one per line (类型：名称).

use crate::frame::{Item, Rect};
use crate::layout::context::Context;
use crate::template::Block;

/// Draws the partners that have a name, one per line.
pub(super) fn draw(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
    let lines: Vec<String> = context
        .station
        .partners
        .iter()
        .filter(|partner| !partner.name.trim().is_empty())
        .map(|partner| {
            if partner.kind.trim().is_empty() {
                partner.name.trim().to_owned()
            } else {
                format!("{}：{}", partner.kind.trim(), partner.name.trim())
            }
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    let style = context.fit_style(&block.style, 0.0);
    context.text(items, &lines.join("\n"), rect, &style, "partners");
}
