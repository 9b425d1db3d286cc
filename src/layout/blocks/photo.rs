//! Staff photos: the badge's photo block, and the cover-cropped photo (or placeholder) that
//! staff cards use too, with the warnings about missing or blurry pictures.

use crate::frame::{Item, Rect};
use crate::layout::AssetImage;
use crate::layout::context::{Context, PageRole};
use crate::layout::picture;
use crate::layout::text::{self, Align, FitStyle, VerticalAlign};
use crate::model::FieldPath;
use crate::template::ThemeColor;

/// The photo block of a badge: the photo of the page's staff member (nothing on other pages).
pub(super) fn draw(context: &mut Context, rect: Rect, role: PageRole, items: &mut Vec<Item>) {
    if let Some(index) = role.item
        && let Some(member) = context.station.staff.get(index)
    {
        let path = member.photo.clone();
        let field = FieldPath::parse("staff").index(index).key("photo");
        place(context, &path, field, rect, 300.0, items);
    }
}

/// Draws a photo cover-cropped into `rect`, or a placeholder; warns about low resolution.
pub(super) fn place(
    context: &mut Context,
    path: &str,
    field: FieldPath,
    rect: Rect,
    min_dpi: f32,
    items: &mut Vec<Item>,
) {
    let path = path.trim();
    if context.measuring {
        return;
    }
    let shown = crate::model::shown_path(path, None);
    let image = if path.is_empty() {
        None
    } else {
        context.assets.images.get(path)
    };
    match image {
        Some(Ok(AssetImage::Vector(vector))) => {
            // A drawing as a photo: shown whole (never cropped or distorted), any resolution.
            let (width, height) = vector.size();
            if let Some(placed) = picture::fit_inside(width, height, rect) {
                items.push(Item::Vector {
                    rect: placed,
                    picture: vector.clone(),
                });
                return;
            }
        }
        Some(Ok(AssetImage::Raster(image))) => {
            let key = (
                path.to_owned(),
                rect.width.to_bits(),
                rect.height.to_bits(),
                true,
            );
            let fitted = match context.fitted.get(&key) {
                Some(fitted) => Some(fitted.clone()),
                None => {
                    let fitted = context.assets.fitted.cover(image, rect, true, 300.0);
                    if let Some(fitted) = &fitted {
                        context.fitted.insert(key, fitted.clone());
                    }
                    fitted
                }
            };
            if let Some((picture, placed_dpi)) = fitted {
                if placed_dpi < min_dpi {
                    context.warn(field, format!("照片“{shown}”分辨率只有约 {} dpi（至少需要 {} dpi），印出来会模糊，请换一张更清晰的照片", placed_dpi.round(), min_dpi.round()));
                }
                items.push(Item::Image { rect, picture });
                return;
            }
        }
        Some(Err(reason)) => context.warn(field, format!("照片“{shown}”无法使用：{reason}")),
        None if !path.is_empty() => context.warn(field, format!("照片“{shown}”未找到")),
        None => {}
    }
    items.push(Item::Rect {
        rect,
        fill: Some(context.color(ThemeColor::Background)),
        stroke: Some((context.color(ThemeColor::Line), 0.8)),
        corner_radius_pt: 0.0,
    });
    let style = FitStyle {
        weight: crate::fonts::Weight::Regular,
        max_size_pt: rect.width * 0.2,
        min_size_pt: rect.width * 0.05,
        line_height: 1.2,
        color: context.color(ThemeColor::Muted),
        align: Align::Center,
        valign: VerticalAlign::Middle,
        max_lines: 1,
        vertical: false,
    };
    let fitted = text::fit(context.fonts, "照片", rect.inset(rect.width * 0.1), &style);
    items.extend(fitted.lines.into_iter().map(Item::Text));
}
