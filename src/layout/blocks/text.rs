//! The text block: the template's text with its `{placeholders}` filled, fitted into its rect.

use crate::frame::{Item, Rect};
use crate::layout::context::{Context, PageRole};
use crate::layout::placeholders::fill_placeholders;
use crate::model::FieldPath;
use crate::template::Block;

/// The block's text with its placeholders filled, and its style at the largest size.
pub(super) fn content(
    context: &Context,
    block: &Block,
    role: PageRole,
) -> (String, crate::layout::text::FitStyle) {
    (
        fill_placeholders(context, &block.text, role),
        context.fit_style(&block.style, 0.0),
    )
}

/// Draws the block's text (nothing when it comes out empty).
pub(super) fn draw(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    role: PageRole,
    items: &mut Vec<Item>,
) {
    let content = fill_placeholders(context, &block.text, role);
    if content.trim().is_empty() {
        return;
    }
    let style = context.fit_style(&block.style, 0.0);
    let field = item_field(&block.field, role);
    // Fixed template text (a sign's title, a section heading) is never cut either.
    if block.essential || !block.text.contains('{') {
        context.essential_text(items, &content, rect, &style, field);
    } else {
        context.text(items, &content, rect, &style, field);
    }
}

/// The field a text names in warnings: on a per-item page (badge, 制度牌) `staff.name` or
/// `rules.title` become the item's own field, `staff[2].name`.
fn item_field(field: &str, role: PageRole) -> FieldPath {
    let path = FieldPath::parse(field);
    match (role.item, field.split_once('.')) {
        (Some(index), Some((list @ ("staff" | "rules"), rest))) if !rest.contains('.') => {
            FieldPath::parse(list).index(index).key(rest)
        }
        _ => path,
    }
}
