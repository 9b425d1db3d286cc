//! Shaped preview lines for translations (维吾尔文, 藏文, 蒙古文 …) in the form.
//!
//! egui's text edit has no bidi, no Arabic joining, no Tibetan stacking and no vertical
//! Mongolian, so what the user types into a translation field looks wrong in the field itself.
//! Beside each such field the app draws the text as it will print: laid out by the program's
//! own text engine ([`crate::layout::text::fit`]) and drawn by the sign renderer
//! ([`crate::render::raster`]). Previews are kept while they are shown and dropped otherwise.

use std::collections::HashMap;

use egui::{Color32, Response, Sense, Stroke, TextureHandle, TextureOptions, Ui, Vec2};

use crate::fonts::{self, Weight};
use crate::frame::{Item, Page, Rect, Rgb, TextLine};
use crate::layout::text::{self, Align, FitStyle, VerticalAlign};
use crate::model::Language;
use crate::render::raster;

/// Text size of a preview line, in egui points.
pub const PREVIEW_SIZE_PT: f32 = 16.0;
/// Line height of the preview, in multiples of its size.
const LINE_HEIGHT: f32 = 1.5;
/// Margin around the text inside the preview strip, in egui points.
const MARGIN_PT: f32 = 4.0;
/// Length of the columns of a vertical (Mongolian) preview, in egui points.
const COLUMN_LENGTH_PT: f32 = 140.0;
/// Widths are rounded down to a multiple of this, so that a window being resized does not lay
/// the text out again at every pixel.
const WIDTH_STEP_PT: f32 = 16.0;

/// A translation laid out as it will print.
#[derive(Debug, Clone)]
pub struct ShapedPreview {
    /// The lines (columns for Mongolian) in preview points, relative to the strip's corner.
    pub lines: Vec<TextLine>,
    /// The strip's size in preview points.
    pub width_pt: f32,
    /// The strip's height in preview points.
    pub height_pt: f32,
    /// Characters no font has (they would be missing on the sign too).
    pub missing: Vec<char>,
}

/// Lays out `value` in `language` for a strip `width_pt` wide: the script's reading direction and
/// start (a Uyghur line sits at the right), vertical columns for Mongolian, lines broken by the
/// script's rules. Pure: no egui.
pub fn shape(language: Language, value: &str, width_pt: f32) -> ShapedPreview {
    let width_pt = width_pt.max(4.0 * PREVIEW_SIZE_PT);
    let vertical = language.is_vertical();
    let area = if vertical {
        Rect::new(
            MARGIN_PT,
            MARGIN_PT,
            width_pt - 2.0 * MARGIN_PT,
            COLUMN_LENGTH_PT,
        )
    } else {
        // Tall enough for any text typed into a field: the text keeps its size and takes lines.
        Rect::new(MARGIN_PT, MARGIN_PT, width_pt - 2.0 * MARGIN_PT, 10_000.0)
    };
    let style = FitStyle {
        weight: Weight::Regular,
        max_size_pt: PREVIEW_SIZE_PT,
        min_size_pt: PREVIEW_SIZE_PT,
        line_height: LINE_HEIGHT,
        color: Rgb::BLACK,
        align: Align::Left,
        valign: VerticalAlign::Top,
        max_lines: 0,
        vertical,
    };
    let fitted = text::fit(fonts::bundled(), value, area, &style);
    let height_pt = if vertical {
        COLUMN_LENGTH_PT + 2.0 * MARGIN_PT
    } else {
        // The ink of the last line (Arabic marks and Tibetan stacks reach further than Chinese).
        let bottom = fitted
            .lines
            .iter()
            .map(|line| line.extent().y + line.extent().height)
            .fold(MARGIN_PT + PREVIEW_SIZE_PT, f32::max);
        bottom + MARGIN_PT
    };
    ShapedPreview {
        lines: fitted.lines,
        width_pt,
        height_pt,
        missing: fitted.missing,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    language: Language,
    text: String,
    width_steps: u32,
    pixels_per_point_milli: u32,
}

struct Entry {
    shaped: ShapedPreview,
    texture: TextureHandle,
    used_frame: u64,
}

/// A word of each script with its tall letters and marks: the strip under an empty input is as
/// tall as this word shaped, so that the first letter typed moves nothing below it.
fn sample(language: Language) -> &'static str {
    match language {
        Language::Uyghur => "ئۇيغۇرچە",
        Language::Kazakh => "قازاقشا",
        Language::Tibetan => "བསྒྲུབས་ཀྱི",
        Language::Mongolian => "ᠮᠣᠩᠭᠣᠯ",
        Language::Korean => "한국어",
        Language::Yi => "ꆈꌠꉙ",
        Language::Zhuang => "Cuengh",
    }
}

/// The previews shown in the form, with their textures.
#[derive(Default)]
pub struct ScriptPreviews {
    entries: HashMap<Key, Entry>,
    /// The height of one line of each script at a width (steps of [`WIDTH_STEP_PT`]).
    line_heights: HashMap<(Language, u32), f32>,
    frame: u64,
}

impl std::fmt::Debug for ScriptPreviews {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ScriptPreviews({} shown)", self.entries.len())
    }
}

impl ScriptPreviews {
    /// Starts a frame: previews not shown in the last frame are dropped.
    pub fn begin_frame(&mut self) {
        let frame = self.frame;
        self.entries
            .retain(|_, entry| entry.used_frame + 1 >= frame);
        self.frame += 1;
    }

    /// The preview of `value` in `language` as shown now, if it is shown.
    pub fn shown(&self, language: Language, value: &str) -> Option<&ShapedPreview> {
        self.entries
            .iter()
            .find(|(key, _)| key.language == language && key.text == value)
            .map(|(_, entry)| &entry.shaped)
    }

    /// The least height of a strip `steps` wide in `language`: one line of the script.
    fn line_height(&mut self, language: Language, steps: f32) -> f32 {
        *self
            .line_heights
            .entry((language, steps as u32))
            .or_insert_with(|| {
                // A whole line box, or the ink of the script's tall letters if that reaches
                // further.
                let line_box = 2.0 * MARGIN_PT + LINE_HEIGHT * PREVIEW_SIZE_PT;
                shape(language, sample(language), steps * WIDTH_STEP_PT)
                    .height_pt
                    .max(line_box)
            })
    }

    /// The strip's room under an input with nothing typed yet (as tall as one line of the script:
    /// the first letter typed moves nothing).
    pub fn empty(&mut self, ui: &mut Ui, language: Language) {
        let steps = (ui.available_width() / WIDTH_STEP_PT).floor().max(4.0);
        let height = self.line_height(language, steps);
        ui.allocate_exact_size(Vec2::new(steps * WIDTH_STEP_PT, height), Sense::hover());
    }

    /// Draws the preview of `value` in `language` as wide as the space left in `ui`, named
    /// `label` for screen readers, at least one line of the script high. Characters no font has
    /// are named under it.
    pub fn show(&mut self, ui: &mut Ui, language: Language, value: &str, label: &str) -> Response {
        let pixels_per_point = ui.ctx().pixels_per_point();
        let steps = (ui.available_width() / WIDTH_STEP_PT).floor().max(4.0);
        let least_height = self.line_height(language, steps);
        let key = Key {
            language,
            text: value.to_owned(),
            width_steps: steps as u32,
            pixels_per_point_milli: (pixels_per_point * 1000.0).round() as u32,
        };
        let frame = self.frame;
        let entry = self.entries.entry(key).or_insert_with(|| {
            let shaped = shape(language, value, steps * WIDTH_STEP_PT);
            let page = Page {
                width_pt: shaped.width_pt,
                height_pt: shaped.height_pt,
                bleed_pt: 0.0,
                background: Rgb::WHITE,
                items: shaped.lines.iter().cloned().map(Item::Text).collect(),
            };
            let pixels = raster::render_page(&page, pixels_per_point);
            let image = egui::ColorImage::from_rgba_unmultiplied(
                [pixels.width_px as usize, pixels.height_px as usize],
                &pixels.rgba,
            );
            let texture = ui.ctx().load_texture(
                format!("script-preview:{}:{value}", language.tag()),
                image,
                TextureOptions::LINEAR,
            );
            Entry {
                shaped,
                texture,
                used_frame: frame,
            }
        });
        entry.used_frame = frame;
        let size = Vec2::new(entry.shaped.width_pt, entry.shaped.height_pt);
        let (room, response) =
            ui.allocate_exact_size(Vec2::new(size.x, size.y.max(least_height)), Sense::hover());
        let rect = egui::Rect::from_min_size(room.min, size);
        let painter = ui.painter();
        painter.image(
            entry.texture.id(),
            rect,
            egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
            Color32::WHITE,
        );
        painter.rect_stroke(
            rect,
            2.0,
            Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
            egui::StrokeKind::Inside,
        );
        let label = label.to_owned();
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
        if !entry.shaped.missing.is_empty() {
            let missing: String = entry.shaped.missing.iter().collect();
            ui.label(
                egui::RichText::new(format!("没有字体的字符（印不出来）：{missing}"))
                    .color(crate::app::form::ERROR_COLOR)
                    .small(),
            );
        }
        response.on_hover_text("印在公示牌上的样子")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uyghur_is_joined_and_set_from_the_right() {
        let name = "بايتوغراق يېزىلىق ئىجتىمائىي خىزمەت مۇلازىمەت پونكىتى";
        let shaped = shape(Language::Uyghur, name, 800.0);
        assert_eq!(shaped.lines.len(), 1, "{:?}", shaped.lines);
        let line = &shaped.lines[0];
        assert_eq!(line.text, name);
        assert!(shaped.missing.is_empty());
        // Right to left: the leftmost glyph stands for the end of the text.
        let first = line.glyphs.first().map(|glyph| glyph.text_range.start);
        let last = line.glyphs.last().map(|glyph| glyph.text_range.start);
        assert!(first > last, "glyphs not in right-to-left order");
        // Flush right: the line ends at the strip's right margin.
        let extent = line.extent();
        assert!((extent.x + extent.width - (800.0 - MARGIN_PT)).abs() < 1.0);
        assert!(extent.x > 300.0);
        // Joined: the letters take their contextual forms, not the forms of the character map.
        let face = &line.glyphs[0].face;
        assert!(face.family().contains("Arabic"), "{}", face.family());
        let contextual = line
            .glyphs
            .iter()
            .filter(|glyph| {
                let ch = line.text[glyph.text_range.clone()].chars().next();
                ch.and_then(|ch| glyph.face.glyph(ch))
                    .is_some_and(|nominal| nominal.to_u32() != glyph.glyph_id)
            })
            .count();
        assert!(contextual > 20, "only {contextual} glyphs in joined forms");
    }

    #[test]
    fn mongolian_runs_in_columns_and_a_long_name_takes_more_lines() {
        let shaped = shape(
            Language::Mongolian,
            "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠠᠵᠢᠯ ᠤᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠶᠢᠨ ᠥᠷᠲᠡᠭᠡ",
            400.0,
        );
        assert!(!shaped.lines.is_empty());
        assert!(
            shaped
                .lines
                .iter()
                .all(|line| line.rotation == crate::frame::TextRotation::Clockwise)
        );
        let long = "ئىجتىمائىي ".repeat(12);
        let wide = shape(Language::Uyghur, &long, 800.0);
        let narrow = shape(Language::Uyghur, &long, 240.0);
        assert!(narrow.lines.len() > wide.lines.len());
        assert!(narrow.height_pt > wide.height_pt);
        let kept: usize = narrow
            .lines
            .iter()
            .map(|line| line.text.split_whitespace().count())
            .sum();
        assert_eq!(kept, 12, "every word is shown");
    }
}
