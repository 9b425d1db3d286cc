//! The text block: the template's text with its `{placeholders}` filled, fitted into its rect.

use crate::frame::{Item, Rect};
use crate::layout::context::{Context, PageRole};
use crate::layout::placeholders::fill_placeholders;
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
    // Fixed template text (a sign's title, a section heading) is never cut either.
    if block.essential || !block.text.contains('{') {
        context.essential_text(items, &content, rect, &style, &block.field);
    } else {
        context.text(items, &content, rect, &style, &block.field);
    }
}
