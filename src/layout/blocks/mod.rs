//! The content blocks of a template, one file per [`BlockKind`], and the one dispatch from a
//! block to the code that draws it ([`draw`]). Blocks use the layout [`Context`]; they never use
//! the engine, which decides pages and calls [`draw`].

mod contact_list;
mod footer;
mod logos;
mod partners;
mod partners_diagram;
mod photo;
mod process_chart;
mod qr_codes;
mod rule_text;
mod service_table;
mod staff_cards;
mod text;

use super::context::{Context, PageRole};
use crate::frame::{Item, Rect};
use crate::model::FieldPath;
use crate::template::{Block, BlockKind, Style};

/// Which part of a list block to draw; ignored by the other blocks.
#[derive(Debug, Clone, Copy)]
pub(super) struct ListSlice {
    /// The first item to show.
    pub start: usize,
    /// The text size: 0 for the template's largest, 1 for its smallest.
    pub shrink: f32,
    /// Lines of the first item already shown on earlier pages (a service row longer than a
    /// page is split; 0 for a whole item).
    pub part: usize,
}

impl ListSlice {
    /// The whole list at its smallest text (lists on per-item pages).
    pub const WHOLE: ListSlice = ListSlice {
        start: 0,
        shrink: 1.0,
        part: 0,
    };
}

/// How far a list got on one page.
pub(super) struct ListOutcome {
    /// The first item not shown (equal to the list's length when all are shown).
    pub next: usize,
    /// Lines of item `next` shown already (its row was split; 0 when it starts afresh).
    pub part: usize,
    /// Every item shown fitted without shrinking below its minimum.
    pub clean: bool,
}

impl ListOutcome {
    /// Nothing shown from `start`, nothing wrong (blocks that are not lists).
    fn unchanged(start: usize) -> ListOutcome {
        ListOutcome {
            next: start,
            part: 0,
            clean: true,
        }
    }
}

/// Draws `block` into `rect`: the one dispatch from a block kind to its code. List blocks show
/// what fits from `slice.start` and say how far they got; other blocks return `slice.start`.
pub(super) fn draw(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    role: PageRole,
    slice: ListSlice,
    items: &mut Vec<Item>,
) -> ListOutcome {
    let ListSlice {
        start,
        shrink,
        part,
    } = slice;
    match block.kind {
        BlockKind::ServiceTable => {
            return service_table::draw(context, block, rect, (start, part), shrink, items);
        }
        BlockKind::StaffCards => {
            return staff_cards::draw(context, block, rect, start, shrink, items);
        }
        BlockKind::ProcessChart => {
            return process_chart::draw(context, block, rect, start, shrink, items);
        }
        BlockKind::RuleText => {
            return rule_text::draw(context, block, rect, role, start, shrink, items);
        }
        BlockKind::Text => text::draw(context, block, rect, role, items),
        BlockKind::Footer => footer::draw(context, block, rect, items),
        BlockKind::Logos => logos::draw(context, rect, block.max_items, items),
        BlockKind::Mark => logos::draw_first(context, rect, items),
        BlockKind::QrCodes => qr_codes::draw(context, block, rect, items),
        BlockKind::ContactList => contact_list::draw(context, block, rect, items),
        BlockKind::Partners => partners::draw(context, block, rect, items),
        BlockKind::PartnersDiagram => partners_diagram::draw(context, block, rect, items),
        BlockKind::Photo => photo::draw(context, rect, role, items),
    }
    ListOutcome::unchanged(start)
}

/// How much taller than `rect` (at most `max_extra` points) the block must be for its text to
/// fit whole at no less than its smallest size: 0 when it fits, or when the block has no text
/// that grows (lists, pictures).
pub(super) fn needed_growth(
    context: &Context,
    block: &Block,
    rect: Rect,
    role: PageRole,
    max_extra: f32,
) -> f32 {
    let (parts, style) = match block.kind {
        BlockKind::Text => text::content(context, block, role),
        BlockKind::Footer => footer::content(context, block, rect),
        _ => return 0.0,
    };
    if parts.is_empty() || max_extra <= 0.0 {
        return 0.0;
    }
    let fits = |extra: f32| {
        let area = Rect {
            height: rect.height + extra,
            ..rect
        };
        match parts.as_slice() {
            [only] if only.language.is_none() => {
                let measured = context.measure(&only.text, style.weight);
                !crate::layout::text::fit_measured(&measured, area, &style).overflow
            }
            _ => super::scripts::fits(context, &parts, area, &style),
        }
    };
    if fits(0.0) {
        return 0.0;
    }
    if !fits(max_extra) {
        return max_extra;
    }
    let (mut low, mut high) = (0.0f32, max_extra);
    for _ in 0..12 {
        let middle = (low + high) / 2.0;
        if fits(middle) {
            high = middle;
        } else {
            low = middle;
        }
    }
    high
}

/// The number of items of a list block (services, staff, process steps, the pieces of the text
/// of rule `item`); `None` for a block that is not a list.
pub(super) fn list_len(context: &Context, kind: BlockKind, item: Option<usize>) -> Option<usize> {
    match kind {
        BlockKind::RuleText => Some(rule_text::piece_count(context, item)),
        BlockKind::ServiceTable => Some(context.station.services.len()),
        BlockKind::StaffCards => Some(context.station.staff.len()),
        BlockKind::ProcessChart => Some(context.station.process.len()),
        BlockKind::Text
        | BlockKind::Footer
        | BlockKind::Logos
        | BlockKind::Mark
        | BlockKind::QrCodes
        | BlockKind::ContactList
        | BlockKind::Partners
        | BlockKind::PartnersDiagram
        | BlockKind::Photo => None,
    }
}

/// The index in the station file of the item a list block shows at `position` (the service
/// table shows services grouped by category, so its order differs from the file's).
pub(super) fn item_index(context: &Context, kind: BlockKind, position: usize) -> usize {
    match kind {
        BlockKind::ServiceTable => service_table::display_order(&context.station.services)
            .get(position)
            .copied()
            .unwrap_or(position),
        _ => position,
    }
}

/// For the warning that a one-page sign cannot show a whole list: the list's field, what its
/// items are called, and the sign that shows them all.
pub(super) fn list_names(kind: BlockKind) -> (FieldPath, &'static str, &'static str) {
    match kind {
        BlockKind::ServiceTable => ("services".into(), "服务项目", "服务内容与服务清单"),
        BlockKind::StaffCards => ("staff".into(), "服务人员", "服务人员公示"),
        BlockKind::RuleText => ("rules".into(), "制度内容", "制度牌"),
        _ => ("process".into(), "流程步骤", "服务流程图"),
    }
}

/// The block's heading style, or its body style in bold.
fn heading_style(block: &Block) -> Style {
    block.heading.clone().unwrap_or_else(|| Style {
        weight: crate::fonts::Weight::Bold,
        ..block.style.clone()
    })
}
