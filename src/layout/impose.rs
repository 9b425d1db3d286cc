//! Imposition: several small signs (badges) on one sheet, with cut marks, for office printers.

use crate::frame::*;
use crate::layout::{Document, PageSize};

/// Gap between badges on the sheet, in mm (room for the cut marks).
const GAP_MM: f32 = 8.0;

/// Places the pages of `document` (all the same size) side by side on sheets of `sheet` size,
/// as many as fit, with cut marks at every corner. The result has no bleed.
pub fn impose(document: &Document, sheet: PageSize) -> Document {
    let mut out = Document {
        kind: document.kind,
        title: format!("{}（拼版）", document.title),
        pages: Vec::new(),
        warnings: Vec::new(),
    };
    let Some(first) = document.pages.first() else {
        return out;
    };
    let (item_width, item_height) = (first.width_pt, first.height_pt);
    let sheet_width = mm_to_pt(sheet.width_mm);
    let sheet_height = mm_to_pt(sheet.height_mm);
    let gap = mm_to_pt(GAP_MM);
    let columns = ((sheet_width - gap) / (item_width + gap)).floor().max(1.0) as usize;
    let rows = ((sheet_height - gap) / (item_height + gap))
        .floor()
        .max(1.0) as usize;
    let used_width = columns as f32 * item_width + (columns as f32 - 1.0) * gap;
    let used_height = rows as f32 * item_height + (rows as f32 - 1.0) * gap;
    let left = (sheet_width - used_width) / 2.0;
    let top = (sheet_height - used_height) / 2.0;
    for chunk in document.pages.chunks(columns * rows) {
        let mut sheet_page = Page {
            width_pt: sheet_width,
            height_pt: sheet_height,
            bleed_pt: 0.0,
            background: Rgb::WHITE,
            items: Vec::new(),
        };
        for (index, page) in chunk.iter().enumerate() {
            let (row, column) = (index / columns, index % columns);
            let x = left + column as f32 * (item_width + gap);
            let y = top + row as f32 * (item_height + gap);
            // The badge's own background, then its items, clipped to the badge by construction
            // (bleed is dropped: items that ran into it are cut back to the trim box).
            sheet_page.items.push(Item::Rect {
                rect: Rect::new(x, y, item_width, item_height),
                fill: Some(page.background),
                stroke: None,
                corner_radius_pt: 0.0,
            });
            for item in &page.items {
                if let Some(moved) = translate_clipped(item, x, y, item_width, item_height) {
                    sheet_page.items.push(moved);
                }
            }
            cut_marks(
                &mut sheet_page.items,
                Rect::new(x, y, item_width, item_height),
                gap,
            );
        }
        out.pages.push(sheet_page);
    }
    out
}

fn cut_marks(items: &mut Vec<Item>, rect: Rect, gap: f32) {
    let length = gap * 0.4;
    let offset = gap * 0.1;
    for (x, y, dx, dy) in [
        (rect.x, rect.y, -1.0, -1.0),
        (rect.right(), rect.y, 1.0, -1.0),
        (rect.x, rect.bottom(), -1.0, 1.0),
        (rect.right(), rect.bottom(), 1.0, 1.0),
    ] {
        items.push(Item::Line {
            from: Point::new(x + dx * offset, y),
            to: Point::new(x + dx * (offset + length), y),
            color: Rgb::BLACK,
            width_pt: 0.3,
        });
        items.push(Item::Line {
            from: Point::new(x, y + dy * offset),
            to: Point::new(x, y + dy * (offset + length)),
            color: Rgb::BLACK,
            width_pt: 0.3,
        });
    }
}

/// Moves an item by (dx, dy) ([`Item::translate`]); rectangles are first cut back to the badge
/// (bleed dropped), and one wholly in the bleed is left out.
fn translate_clipped(item: &Item, dx: f32, dy: f32, width: f32, height: f32) -> Option<Item> {
    let mut item = item.clone();
    if let Item::Rect { rect, .. } = &mut item {
        let left = rect.x.max(0.0);
        let top = rect.y.max(0.0);
        let right = rect.right().min(width);
        let bottom = rect.bottom().min(height);
        if right <= left || bottom <= top {
            return None;
        }
        *rect = Rect::new(left, top, right - left, bottom - top);
    }
    item.translate(dx, dy);
    Some(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_move_by_the_offset_and_rectangles_are_cut_back_to_the_badge() {
        let bleeding = Item::Rect {
            rect: Rect::new(-8.0, -8.0, 50.0, 20.0),
            fill: Some(Rgb::BLACK),
            stroke: None,
            corner_radius_pt: 0.0,
        };
        let Some(Item::Rect { rect, .. }) = translate_clipped(&bleeding, 100.0, 200.0, 40.0, 30.0)
        else {
            panic!("a rectangle stays a rectangle");
        };
        assert_eq!(rect, Rect::new(100.0, 200.0, 40.0, 12.0));
        let in_bleed = Item::Rect {
            rect: Rect::new(-8.0, 0.0, 8.0, 30.0),
            fill: Some(Rgb::BLACK),
            stroke: None,
            corner_radius_pt: 0.0,
        };
        assert_eq!(translate_clipped(&in_bleed, 1.0, 1.0, 40.0, 30.0), None);
        let mut line = Item::Line {
            from: Point::new(1.0, 2.0),
            to: Point::new(3.0, 4.0),
            color: Rgb::BLACK,
            width_pt: 0.5,
        };
        line.translate(10.0, 20.0);
        assert_eq!(
            line,
            Item::Line {
                from: Point::new(11.0, 22.0),
                to: Point::new(13.0, 24.0),
                color: Rgb::BLACK,
                width_pt: 0.5,
            }
        );
        let mut polygon = Item::Polygon {
            points: vec![
                Point::new(0.0, 0.0),
                Point::new(5.0, 0.0),
                Point::new(0.0, 5.0),
            ],
            fill: Rgb::BLACK,
        };
        polygon.translate(-1.0, 2.0);
        let Item::Polygon { points, .. } = polygon else {
            panic!("a polygon stays a polygon");
        };
        assert_eq!(
            points,
            [
                Point::new(-1.0, 2.0),
                Point::new(4.0, 2.0),
                Point::new(-1.0, 7.0)
            ]
        );
    }
}
