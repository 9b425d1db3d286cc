//! The logos block: the station's logos in a row, the first (the national 中国社会工作 mark)
//! first. Each keeps its proportions and colours; no other logo is larger than the first (in
//! height or area). Badges use [`draw_first`]: the national mark alone.

use crate::frame::{Item, Rect};
use crate::layout::AssetImage;
use crate::layout::context::Context;
use crate::layout::picture;
use crate::model::FieldPath;

/// Draws the station's logos in a row (at most `max_items` of them when not 0, the first
/// first), warning about ones missing or unreadable.
pub(super) fn draw(context: &mut Context, rect: Rect, max_items: usize, items: &mut Vec<Item>) {
    let limit = if max_items == 0 {
        usize::MAX
    } else {
        max_items
    };
    let logos: Vec<(usize, String)> = logos(context).into_iter().take(limit).collect();
    place_row(context, rect, &logos, items);
}

/// Draws the first logo (the national mark) alone, centred in `rect` (badges).
pub(super) fn draw_first(context: &mut Context, rect: Rect, items: &mut Vec<Item>) {
    let logos: Vec<(usize, String)> = logos(context).into_iter().take(1).collect();
    place_row(context, rect, &logos, items);
}

/// The non-empty logo paths with their index.
fn logos(context: &Context) -> Vec<(usize, String)> {
    context
        .station
        .station
        .logos
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.trim().to_owned()))
        .filter(|(_, p)| !p.is_empty())
        .collect()
}

fn place_row(context: &mut Context, rect: Rect, logos: &[(usize, String)], items: &mut Vec<Item>) {
    if logos.is_empty() {
        return;
    }
    let gap = rect.height * 0.2;
    let count = logos.len() as f32;
    let slot_width = (rect.width - gap * (count - 1.0)) / count;
    let centred = logos.len() == 1;
    let mut x = rect.x;
    // The first logo's placed size: no later logo may be taller or larger.
    let mut first: Option<Rect> = None;
    for (index, path) in logos {
        let field = FieldPath::parse("station.logos").index(*index);
        let shown = crate::model::shown_path(path, None);
        let slot_height = first.map_or(rect.height, |mark| mark.height.min(rect.height));
        let slot = Rect::new(x, rect.y, slot_width.min(rect.height * 1.6), slot_height);
        let slot = if centred {
            Rect::new(rect.x, rect.y, rect.width, rect.height)
        } else {
            slot
        };
        // The logo fitted into its slot: a drawing (SVG, kept vector) or pixels.
        let fitted = match context.assets.images.get(path) {
            Some(Ok(AssetImage::Vector(vector))) => {
                let (width, height) = vector.size();
                picture::fit_inside(width, height, slot).map(|placed| (placed, None))
            }
            Some(Ok(AssetImage::Raster(image))) => context
                .assets
                .fitted
                .contain(image, slot, 300.0)
                .map(|(picture, placed)| (placed, Some(picture))),
            Some(Err(reason)) => {
                context.warn(field, format!("标志“{shown}”无法使用：{reason}"));
                None
            }
            None => {
                context.warn(field, format!("标志“{shown}”未找到"));
                None
            }
        };
        if let Some((placed, pixels)) = fitted {
            let placed = match first {
                Some(mark) => no_larger_than(placed, mark),
                None => placed,
            };
            let placed = Rect::new(
                placed.x,
                rect.y + (rect.height - placed.height) / 2.0,
                placed.width,
                placed.height,
            );
            first.get_or_insert(placed);
            match (pixels, context.assets.images.get(path)) {
                (Some(picture), _) => items.push(Item::Image {
                    rect: placed,
                    picture,
                }),
                (None, Some(Ok(AssetImage::Vector(vector)))) => items.push(Item::Vector {
                    rect: placed,
                    picture: vector.clone(),
                }),
                _ => {}
            }
            x += placed.width + gap;
            continue;
        }
        x += slot.width + gap;
    }
}

/// `placed` scaled down (proportions kept, top left fixed) so its area is no larger than
/// `mark`'s.
pub(super) fn no_larger_than(placed: Rect, mark: Rect) -> Rect {
    let area = placed.width * placed.height;
    let limit = mark.width * mark.height;
    if area <= limit || area <= 0.0 {
        return placed;
    }
    let factor = (limit / area).sqrt();
    Rect::new(
        placed.x,
        placed.y,
        placed.width * factor,
        placed.height * factor,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_local_logo_is_scaled_to_the_mark_area_keeping_its_shape() {
        let mark = Rect::new(0.0, 0.0, 40.0, 40.0);
        let wide = Rect::new(50.0, 0.0, 120.0, 40.0);
        let placed = no_larger_than(wide, mark);
        assert!(placed.width * placed.height <= 1600.0 + 0.01);
        assert!((placed.width / placed.height - 3.0).abs() < 1e-4);
        assert_eq!(no_larger_than(mark, wide), mark);
    }
}
