//! The text block: the template's text with its `{placeholders}` filled, fitted into its rect.

use crate::frame::{Item, Rect};
use crate::layout::context::{Context, PageRole};
use crate::layout::placeholders::fill_placeholders_in;
use crate::layout::scripts::{self, Part};
use crate::model::FieldPath;
use crate::template::Block;

/// The block's text in each of the station's scripts, and its style at the largest size.
pub(super) fn content(
    context: &Context,
    block: &Block,
    role: PageRole,
) -> (Vec<Part>, crate::layout::text::FitStyle) {
    (
        text_parts(context, block, role),
        context.fit_style(&block.style, 0.0),
    )
}

/// The block's text with its placeholders filled, in each script that has it.
fn text_parts(context: &Context, block: &Block, role: PageRole) -> Vec<Part> {
    scripts::parts(context, |language| {
        Some(fill_placeholders_in(context, &block.text, role, language))
    })
}

/// Draws the block's text (nothing when it comes out empty).
pub(super) fn draw(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    role: PageRole,
    items: &mut Vec<Item>,
) {
    let parts = text_parts(context, block, role);
    let style = context.fit_style(&block.style, 0.0);
    let field = item_field(&block.field, role);
    // Fixed template text (a sign's title, a section heading) is never cut either.
    let essential =
        block.essential || !block.text.contains('{') || block.text.trim() == "{sign.title}";
    match parts.as_slice() {
        [] => {}
        [only] if only.language.is_none() => {
            if essential {
                context.essential_text(items, &only.text, rect, &style, field);
            } else {
                context.text(items, &only.text, rect, &style, field);
            }
        }
        _ => {
            scripts::draw_stack(context, items, &parts, rect, &style, field, essential);
        }
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
