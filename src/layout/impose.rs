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

/// Moves an item by (dx, dy); rectangles are cut back to the badge (bleed dropped).
fn translate_clipped(item: &Item, dx: f32, dy: f32, width: f32, height: f32) -> Option<Item> {
    let clip = |rect: &Rect| -> Option<Rect> {
        let left = rect.x.max(0.0);
        let top = rect.y.max(0.0);
        let right = rect.right().min(width);
        let bottom = rect.bottom().min(height);
        (right > left && bottom > top)
            .then(|| Rect::new(left + dx, top + dy, right - left, bottom - top))
    };
    let shift = |point: &Point| Point::new(point.x + dx, point.y + dy);
    Some(match item {
        Item::Rect {
            rect,
            fill,
            stroke,
            corner_radius_pt,
        } => Item::Rect {
            rect: clip(rect)?,
            fill: *fill,
            stroke: *stroke,
            corner_radius_pt: *corner_radius_pt,
        },
        Item::Line {
            from,
            to,
            color,
            width_pt,
        } => Item::Line {
            from: shift(from),
            to: shift(to),
            color: *color,
            width_pt: *width_pt,
        },
        Item::Polygon { points, fill } => Item::Polygon {
            points: points.iter().map(shift).collect(),
            fill: *fill,
        },
        Item::Text(line) => {
            let mut line = line.clone();
            line.origin = shift(&line.origin);
            line.bounds = Rect::new(
                line.bounds.x + dx,
                line.bounds.y + dy,
                line.bounds.width,
                line.bounds.height,
            );
            Item::Text(line)
        }
        Item::Image { rect, picture } => Item::Image {
            rect: Rect::new(rect.x + dx, rect.y + dy, rect.width, rect.height),
            picture: picture.clone(),
        },
        Item::Vector { rect, picture } => Item::Vector {
            rect: Rect::new(rect.x + dx, rect.y + dy, rect.width, rect.height),
            picture: picture.clone(),
        },
        Item::Qr {
            rect,
            modules_per_side,
            dark,
            color,
            quiet_modules,
        } => Item::Qr {
            rect: Rect::new(rect.x + dx, rect.y + dy, rect.width, rect.height),
            modules_per_side: *modules_per_side,
            dark: dark.clone(),
            color: *color,
            quiet_modules: *quiet_modules,
        },
    })
}
