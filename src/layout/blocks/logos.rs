//! The logos block: the station's logos in a row, each scaled to fit its slot.

use crate::frame::{Item, Rect};
use crate::layout::context::Context;
use crate::model::FieldPath;

/// Draws the station's logos in a row, warning about ones missing or unreadable.
pub(super) fn draw(context: &mut Context, rect: Rect, items: &mut Vec<Item>) {
    let logos: Vec<(usize, String)> = context
        .station
        .station
        .logos
        .iter()
        .enumerate()
        .map(|(i, p)| (i, p.trim().to_owned()))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    if logos.is_empty() {
        return;
    }
    let gap = rect.height * 0.2;
    let slot_width = (rect.width - gap * (logos.len() as f32 - 1.0)) / logos.len() as f32;
    let mut x = rect.x;
    for (index, path) in logos {
        let field = FieldPath::parse("station.logos").index(index);
        let slot = Rect::new(x, rect.y, slot_width.min(rect.height * 1.6), rect.height);
        match context.assets.images.get(&path) {
            Some(Ok(image)) => {
                if let Some((picture, placed)) = context.assets.fitted.contain(image, slot, 300.0) {
                    items.push(Item::Image {
                        rect: placed,
                        picture,
                    });
                    x += placed.width + gap;
                    continue;
                }
            }
            Some(Err(reason)) => context.warn(field, format!("标志“{path}”无法使用：{reason}")),
            None => context.warn(field, format!("标志“{path}”未找到")),
        }
        x += slot.width + gap;
    }
}
