//! Turns a template into pages: page geometry, background shapes, which pages a sign has (one
//! per room or staff member, or as many as its lists need), and the text size of each list.
//! Draws every block through [`blocks::draw`]; the blocks never call back into the engine.

use super::blocks::{self, ListOutcome, ListSlice};
use super::context::{Context, PageRole};
use super::{Assets, LayoutOptions};
use crate::frame::*;
use crate::model::StationFile;
use crate::sign::SignKind;
use crate::template::{Block, Room, Template, Theme};

/// Lays out one sign.
pub(super) fn layout(
    station: &StationFile,
    assets: &Assets,
    template: &Template,
    theme: &Theme,
    options: &LayoutOptions,
) -> crate::layout::Document {
    let size = options
        .size
        .unwrap_or(super::PageSize {
            width_mm: template.width_mm,
            height_mm: template.height_mm,
        })
        .oriented(options.orientation);
    let page_width = mm_to_pt(size.width_mm.max(1.0));
    let page_height = mm_to_pt(size.height_mm.max(1.0));
    let mut context = Context {
        station,
        assets,
        fonts: &options.fonts,
        theme,
        kind: template.sign,
        unit: page_width.min(page_height),
        page_width,
        page_height,
        warnings: Vec::new(),
        measuring: false,
        fitted: Default::default(),
        measured: Default::default(),
        cell_lines: Default::default(),
        column_ranges: Default::default(),
    };
    warn_unknown_placeholders(&mut context, template);
    let bleed_pt = mm_to_pt(options.bleed_mm.clamp(0.0, 10.0));
    let pages = match template.sign {
        SignKind::RoomPlate => {
            if station
                .station
                .rooms
                .iter()
                .all(|room| room.trim().is_empty())
            {
                context.warn(
                    "station.rooms",
                    "没有填写功能室，无法制作功能室门牌".to_owned(),
                );
            }
            per_item_pages(
                &mut context,
                template,
                bleed_pt,
                station.station.rooms.len(),
            )
        }
        SignKind::Badge => {
            if station.staff.is_empty() {
                context.warn("staff", "没有填写服务人员，无法制作工作证".to_owned());
            }
            per_item_pages(&mut context, template, bleed_pt, station.staff.len())
        }
        SignKind::Rules => rule_pages(&mut context, template, bleed_pt),
        _ => paginated_pages(&mut context, template, bleed_pt, None),
    };
    let title = format!("{} {}", station.station.name.trim(), template.sign.label());
    crate::layout::Document {
        kind: template.sign,
        title,
        pages,
        warnings: context.warnings,
    }
}

/// One warning per unknown `{placeholder}` in the template's text blocks, naming the template
/// file: the placeholder is printed as written (see `placeholders::fill_placeholders_in`), so the
/// designer finds it on the proof and here, and `liangpai check --templates` says the line.
fn warn_unknown_placeholders(context: &mut Context, template: &Template) {
    let file = if template.file.is_empty() {
        format!("“{}”的模板", template.sign.label())
    } else {
        template.file.clone()
    };
    for block in &template.blocks {
        if block.kind != crate::template::BlockKind::Text {
            continue;
        }
        for name in crate::template::unknown_placeholders(&block.text) {
            context.warn(
                crate::model::FieldPath::none(),
                format!("模板 {file} 中的占位符 {{{name}}} 不存在，已按原样印出（可用的占位符见 templates/README.md，或运行 liangpai check --templates 检查模板）"),
            );
        }
    }
}

/// Where the shapes and blocks of one page go: the template's rectangles, with growing blocks
/// (`grow`) taking the room their text needs and the other items making room as their
/// `moves_with` / `shrinks_for` / `stretches_with` say.
struct Geometry {
    shapes: Vec<Rect>,
    blocks: Vec<Rect>,
}

fn geometry(context: &Context, template: &Template, role: PageRole) -> Geometry {
    let has_logos = context
        .station
        .station
        .logos
        .iter()
        .any(|logo| !logo.trim().is_empty());
    let base: Vec<Rect> = template
        .blocks
        .iter()
        .map(|block| match (role.page_index, block.continuation_rect) {
            (0, _) | (_, None) => match block.rect_without_logos {
                Some(rect) if !has_logos => context.rect(rect),
                _ => context.rect(block.rect),
            },
            (_, Some(continuation)) => context.rect(continuation),
        })
        .collect();
    // Growths are decided in template order: a block sees the growth of the blocks before it.
    let mut growths: Vec<(usize, f32)> = Vec::new();
    for (index, (block, rect)) in template.blocks.iter().zip(&base).enumerate() {
        if block.grow <= 0.0 || (block.first_page_only && role.page_index > 0) {
            continue;
        }
        let rect = make_room(*rect, block.room(), template, &growths);
        let extra =
            blocks::needed_growth(context, block, rect, role, block.grow * context.page_height);
        if extra > 0.0 {
            growths.push((index, extra));
        }
    }
    let blocks = template
        .blocks
        .iter()
        .zip(&base)
        .enumerate()
        .map(|(index, (block, rect))| {
            let mut rect = make_room(*rect, block.room(), template, &growths);
            if let Some((_, extra)) = growths.iter().find(|(grown, _)| *grown == index) {
                if block.grow_up {
                    rect.y -= extra;
                }
                rect.height += extra;
            }
            rect
        })
        .collect();
    let shapes = template
        .shapes
        .iter()
        .map(|shape| make_room(context.rect(shape.rect), shape.room(), template, &growths))
        .collect();
    Geometry { shapes, blocks }
}

/// `rect` after the growing blocks `growths` (block index, extra height) took their room.
fn make_room(mut rect: Rect, room: Room, template: &Template, growths: &[(usize, f32)]) -> Rect {
    for &(index, extra) in growths {
        let Some(block) = template.blocks.get(index) else {
            continue;
        };
        if block.id.is_empty() {
            continue;
        }
        let id = &block.id;
        let up = block.grow_up;
        if room.moves_with.contains(id) {
            rect.y += if up { -extra } else { extra };
        }
        if room.shrinks_for.contains(id) {
            if !up {
                rect.y += extra;
            }
            rect.height -= extra;
        }
        if room.stretches_with.contains(id) {
            if up {
                rect.y -= extra;
            }
            rect.height += extra;
        }
    }
    rect.height = rect.height.max(0.0);
    rect
}

fn new_page(context: &Context, template: &Template, shapes: &[Rect], bleed_pt: f32) -> Page {
    let mut page = Page {
        width_pt: context.page_width,
        height_pt: context.page_height,
        bleed_pt,
        background: context.resolve(template.background),
        items: Vec::new(),
    };
    for (shape, rect) in template.shapes.iter().zip(shapes) {
        let mut rect = *rect;
        // Shapes touching the trim edge run into the bleed.
        let epsilon = 0.5;
        if rect.x <= epsilon {
            rect.width += rect.x + bleed_pt;
            rect.x = -bleed_pt;
        }
        if rect.y <= epsilon {
            rect.height += rect.y + bleed_pt;
            rect.y = -bleed_pt;
        }
        if rect.right() >= context.page_width - epsilon {
            rect.width = context.page_width + bleed_pt - rect.x;
        }
        if rect.bottom() >= context.page_height - epsilon {
            rect.height = context.page_height + bleed_pt - rect.y;
        }
        page.items.push(Item::Rect {
            rect,
            fill: shape.fill.map(|color| context.resolve(color)),
            stroke: shape.stroke.map(|color| {
                (
                    context.resolve(color),
                    (shape.stroke_width * context.unit).max(0.25),
                )
            }),
            corner_radius_pt: shape.radius * context.unit,
        });
    }
    page
}

/// 制度牌: one sign per rule with a title or text, each continuing on further pages until the
/// whole text is shown.
fn rule_pages(context: &mut Context, template: &Template, bleed_pt: f32) -> Vec<Page> {
    let rules = &context.station.rules;
    let shown: Vec<usize> = rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| !rule.title.trim().is_empty() || !rule.text.trim().is_empty())
        .map(|(index, _)| index)
        .collect();
    if shown.is_empty() {
        context.warn(
            "rules",
            "没有填写工作制度，无法制作制度牌（在“工作制度”中添加，或用“填入常用制度”）".to_owned(),
        );
    }
    let mut pages = Vec::new();
    for index in shown {
        pages.extend(paginated_pages(context, template, bleed_pt, Some(index)));
    }
    pages
}

/// The most pages one sign's lists may run to.
pub(super) const MAX_PAGES: usize = 2_000;

/// Signs whose lists continue on further pages until every item is shown; `item` is the rule a
/// 制度牌 shows (`None` for other signs).
fn paginated_pages(
    context: &mut Context,
    template: &Template,
    bleed_pt: f32,
    item: Option<usize>,
) -> Vec<Page> {
    // Per list block: the shrink chosen (0 largest … 1 smallest) and the next item to show.
    let mut shrinks: Vec<Option<f32>> = vec![None; template.blocks.len()];
    // (next item, lines of it already shown) per list block.
    let mut cursors: Vec<(usize, usize)> = vec![(0, 0); template.blocks.len()];
    let mut pages = Vec::new();
    loop {
        let page_index = pages.len();
        let role = PageRole { page_index, item };
        let geometry = geometry(context, template, role);
        let mut page = new_page(context, template, &geometry.shapes, bleed_pt);
        let mut progressed = false;
        for ((index, block), rect) in template.blocks.iter().enumerate().zip(geometry.blocks) {
            if block.first_page_only && page_index > 0 {
                continue;
            }
            if let Some(total) = blocks::list_len(context, block.kind, item) {
                let (start, part) = cursors.get(index).copied().unwrap_or((0, 0));
                if page_index > 0 && start >= total {
                    continue;
                }
                let shrink = match shrinks.get(index).copied().flatten() {
                    Some(shrink) => shrink,
                    None => {
                        let shrink = choose_shrink(context, block, rect, role, start, total);
                        if let Some(slot) = shrinks.get_mut(index) {
                            *slot = Some(shrink);
                        }
                        shrink
                    }
                };
                let slice = ListSlice {
                    start,
                    shrink,
                    part,
                };
                let outcome = blocks::draw(context, block, rect, role, slice, &mut page.items);
                if template.single_page && outcome.next < total {
                    let (field, what, sign) = blocks::list_names(block.kind);
                    context.warn(
                        field,
                        format!("{}放不下全部{what}（显示了 {} 项，共 {total} 项），完整内容请用“{sign}”", template.sign.label(), outcome.next),
                    );
                }
                if (outcome.next, outcome.part) > (start, part) {
                    progressed = true;
                }
                if let Some(cursor) = cursors.get_mut(index) {
                    *cursor = (outcome.next, outcome.part);
                }
            } else {
                blocks::draw(
                    context,
                    block,
                    rect,
                    role,
                    ListSlice::WHOLE,
                    &mut page.items,
                );
            }
        }
        pages.push(page);
        if template.single_page {
            break;
        }
        let unfinished: Vec<(usize, usize)> = template
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(index, block)| {
                let total = blocks::list_len(context, block.kind, item)?;
                let (next, _) = cursors.get(index).copied().unwrap_or((0, 0));
                (next < total).then_some((index, next))
            })
            .collect();
        if unfinished.is_empty() {
            break;
        }
        // A last guard: no sign runs to more pages than any real station needs.
        if pages.len() >= MAX_PAGES {
            for (index, next) in unfinished {
                let Some(block) = template.blocks.get(index) else {
                    continue;
                };
                let (field, what, _) = blocks::list_names(block.kind);
                context.warn(
                    field.index(blocks::item_index(context, block.kind, next)),
                    format!(
                        "{}已排到 {MAX_PAGES} 页，从第 {} 项{what}起未印出，请精简文字或分成几个站点",
                        template.sign.label(),
                        next + 1
                    ),
                );
            }
            break;
        }
        // Every page shows at least one more item (or more lines of one), so the pages end;
        // only an item that fits on no page at all stops them, and it is named.
        if !progressed && page_index > 0 {
            for (index, next) in unfinished {
                let Some(block) = template.blocks.get(index) else {
                    continue;
                };
                let (field, what, _) = blocks::list_names(block.kind);
                context.warn(
                    field.index(blocks::item_index(context, block.kind, next)),
                    format!(
                        "第 {} 项{what}太大，任何一页都放不下，从这一项起未印出，请精简文字或换用更大的纸张",
                        next + 1
                    ),
                );
            }
            break;
        }
    }
    pages
}

/// The largest text (smallest shrink) at which a list shows every item from `start` in `rect`;
/// 1 (the smallest text) when it cannot, and the list continues on further pages.
/// `total` is the list's length.
fn choose_shrink(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    role: PageRole,
    start: usize,
    total: usize,
) -> f32 {
    let fits = |context: &mut Context, shrink: f32| -> bool {
        let mut scratch = Vec::new();
        let saved = context.warnings.len();
        context.measuring = true;
        let slice = ListSlice {
            start,
            shrink,
            part: 0,
        };
        let outcome: ListOutcome = blocks::draw(context, block, rect, role, slice, &mut scratch);
        context.measuring = false;
        context.warnings.truncate(saved);
        outcome.next >= total && outcome.clean
    };
    if fits(context, 0.0) {
        return 0.0;
    }
    if !fits(context, 1.0) {
        return 1.0;
    }
    let (mut low, mut high) = (0.0f32, 1.0f32);
    for _ in 0..8 {
        let middle = (low + high) / 2.0;
        if fits(context, middle) {
            high = middle;
        } else {
            low = middle;
        }
    }
    high
}

/// Door plates and badges: one page per room or staff member.
fn per_item_pages(
    context: &mut Context,
    template: &Template,
    bleed_pt: f32,
    count: usize,
) -> Vec<Page> {
    let mut pages = Vec::new();
    for item in 0..count {
        if template.sign == SignKind::RoomPlate
            && context
                .station
                .station
                .rooms
                .get(item)
                .is_none_or(|room| room.trim().is_empty())
        {
            continue;
        }
        let role = PageRole {
            page_index: 0,
            item: Some(item),
        };
        let geometry = geometry(context, template, role);
        let mut page = new_page(context, template, &geometry.shapes, bleed_pt);
        for (block, rect) in template.blocks.iter().zip(geometry.blocks) {
            blocks::draw(
                context,
                block,
                rect,
                role,
                ListSlice::WHOLE,
                &mut page.items,
            );
        }
        pages.push(page);
    }
    pages
}
