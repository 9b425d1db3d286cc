//! What every block sees while one page is laid out: the station, its pictures, the fonts, the
//! theme and page geometry ([`Context`]), which item a per-item page shows ([`PageRole`]), and
//! the warnings collected so far. Used by the engine and by the blocks; depends on neither.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::Assets;
use super::text::Measured;
use super::text::{self, FitStyle, Fitted};
use crate::fonts::Fonts;
use crate::fonts::Weight;
use crate::frame::*;
use crate::model::{FieldPath, StationFile};
use crate::sign::SignKind;
use crate::template::{ColorRef, Style, Theme, ThemeColor};

/// Everything a block needs while laying out one page.
pub(super) struct Context<'a> {
    pub station: &'a StationFile,
    pub assets: &'a Assets,
    pub fonts: &'a Fonts,
    pub theme: &'a Theme,
    pub kind: SignKind,
    /// The page's shorter side in points: template sizes are fractions of it.
    pub unit: f32,
    pub page_width: f32,
    pub page_height: f32,
    pub warnings: Vec<Diagnostic>,
    /// Trial layouts (choosing a size) skip the costly picture work.
    pub measuring: bool,
    /// Pictures already fitted to a box on this sign, so a photo shown the same size on many
    /// pages (a thousand badges) is cropped and scaled once and its pixels shared.
    pub fitted: PictureCache,
    /// Texts measured so far on this sign (trial layouts measure the same texts again and
    /// again; measuring is size-independent).
    pub measured: RefCell<HashMap<(Weight, String), Rc<Measured>>>,
    /// Table cells measured and broken into lines on this sign, by [`CellKey`]: a service whose
    /// long text runs over many pages is broken once, not once a page (which made a table of
    /// long cells take time growing with the square of its text).
    pub cell_lines: RefCell<HashMap<CellKey, Rc<CellLines>>>,
    /// A table's columns, by (body size, heading size, padding as bits, weights).
    pub column_ranges: RefCell<HashMap<ColumnsKey, Rc<TableColumns>>>,
}

/// A table's columns at one size: (body size, heading size, padding in points as bits, body
/// weight, heading weight).
pub(super) type ColumnsKey = (u32, u32, u32, Weight, Weight);

/// What a table's columns need, measured once per sign and sizes.
pub(super) struct TableColumns {
    /// Each column's (narrowest, natural) width in points, padding included.
    pub ranges: Vec<(f32, f32)>,
    /// The same of the Chinese text alone (equal to `ranges` without `languages`): whether a
    /// column is running text is judged by its Chinese.
    pub chinese: Vec<(f32, f32)>,
    /// Whether each body column (the category column not included) holds short values only.
    pub short: Vec<bool>,
}

/// A table cell at one width and size: (row, column, width and size in points as bits, weight,
/// balanced lines, continued, script: `None` for Chinese).
pub(super) type CellKey = (
    usize,
    usize,
    u32,
    u32,
    Weight,
    bool,
    bool,
    Option<crate::model::Language>,
);

/// A table cell's text measured and broken into lines.
pub(super) struct CellLines {
    /// The text measured.
    pub measured: Rc<Measured>,
    /// Its lines at the cell's width.
    pub lines: Vec<text::BrokenLine>,
    /// Whether a word had to be split by force.
    pub forced: bool,
}

/// Fitted pictures by (path, box width and height in points as bits, cropped from the top).
pub(super) type PictureCache =
    std::collections::HashMap<(String, u32, u32, bool), (crate::frame::Picture, f32)>;

/// Which item a per-item page (door plate, badge) shows.
#[derive(Clone, Copy)]
pub(super) struct PageRole {
    /// 0 for the first page.
    pub page_index: usize,
    /// The room or staff member of this page.
    pub item: Option<usize>,
}

impl Context<'_> {
    /// A template rectangle (fractions of the page) in points.
    pub fn rect(&self, fractions: [f32; 4]) -> Rect {
        let [x, y, width, height] = fractions;
        Rect::new(
            x * self.page_width,
            y * self.page_height,
            width * self.page_width,
            height * self.page_height,
        )
    }

    /// The style at `shrink` (0 = the template's largest size, 1 = its smallest).
    pub fn fit_style(&self, style: &Style, shrink: f32) -> FitStyle {
        let max = style.size[0] * self.unit;
        let min = (style.size[1] * self.unit * self.theme.min_text_scale).min(max);
        let size = max + (min - max) * shrink.clamp(0.0, 1.0);
        FitStyle {
            weight: style.weight,
            max_size_pt: size,
            min_size_pt: min.min(size),
            line_height: style.line_height,
            color: self.theme.resolve(style.color),
            align: style.align,
            valign: style.valign,
            max_lines: style.max_lines,
            vertical: style.vertical,
        }
    }

    /// `content` measured in `weight`, from the sign's cache when it was measured before.
    pub fn measure(&self, content: &str, weight: Weight) -> Rc<Measured> {
        let key = (weight, content.to_owned());
        if let Some(found) = self.measured.borrow().get(&key) {
            return Rc::clone(found);
        }
        let measured = Rc::new(Measured::new(self.fonts, content, weight));
        self.measured.borrow_mut().insert(key, Rc::clone(&measured));
        measured
    }

    /// Fits `content` into `area` (like [`text::fit`], measuring through the cache).
    pub fn fit(&self, content: &str, area: Rect, style: &FitStyle) -> Fitted {
        text::fit_measured(&self.measure(content, style.weight), area, style)
    }

    /// A colour of the theme.
    pub fn color(&self, color: ThemeColor) -> Rgb {
        self.theme.color(color)
    }

    /// A template's colour (a theme colour or `#rrggbb`) in the theme.
    pub fn resolve(&self, color: ColorRef) -> Rgb {
        self.theme.resolve(color)
    }

    /// Records a warning about `field`.
    pub fn warn(&mut self, field: impl Into<FieldPath>, message: String) {
        let warning = Diagnostic::warning(field, message).on(self.kind);
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    /// Fits `text` into `area`, adds its lines to `items`, and reports what went wrong.
    pub fn text(
        &mut self,
        items: &mut Vec<Item>,
        content: &str,
        area: Rect,
        style: &FitStyle,
        field: impl Into<FieldPath>,
    ) -> Fitted {
        let fitted = self.fit(content, area, style);
        self.report(&fitted, &field.into());
        items.extend(fitted.lines.iter().cloned().map(Item::Text));
        fitted
    }

    /// [`Context::text`] for essential text (station name, phones, dates, names): never cut.
    /// When it does not fit at the style's smallest size, it goes smaller (and may take more
    /// lines) until it is whole; that is reported, since the design wanted larger text.
    pub fn essential_text(
        &mut self,
        items: &mut Vec<Item>,
        content: &str,
        area: Rect,
        style: &FitStyle,
        field: impl Into<FieldPath>,
    ) -> Fitted {
        self.essential_text_of_parts(items, content, area, style, field.into(), &[])
    }

    /// [`Context::essential_text`] for a text made of parts from several fields (the footer's
    /// 指导单位 · 承接机构 · 监督电话 · 更新日期): a character no font has is reported at the part it
    /// is in (承接机构, not 更新日期); everything else at `field`. With no parts, all at `field`.
    pub fn essential_text_of_parts(
        &mut self,
        items: &mut Vec<Item>,
        content: &str,
        area: Rect,
        style: &FitStyle,
        field: FieldPath,
        parts: &[(FieldPath, String)],
    ) -> Fitted {
        let mut fitted = fit_whole_measured(&self.measure(content, style.weight), area, style);
        if fitted.size_pt < style.min_size_pt * 0.99 && !fitted.overflow && !field.is_empty() {
            let label = text_label(&field);
            self.warn(
                field.clone(),
                format!("{label}较长，为完整印出，字号已小于设计的最小字号"),
            );
        }
        let missing = if parts.is_empty() {
            Vec::new()
        } else {
            std::mem::take(&mut fitted.missing)
        };
        self.report(&fitted, &field);
        for (part_field, part) in parts {
            let in_part: Vec<char> = missing
                .iter()
                .copied()
                .filter(|ch| part.contains(*ch))
                .collect();
            if !in_part.is_empty() {
                let only = Fitted {
                    lines: Vec::new(),
                    overflow: false,
                    forced: false,
                    missing: in_part,
                    ..fitted.clone()
                };
                self.report(&only, part_field);
            }
        }
        fitted.missing.extend(missing);
        items.extend(fitted.lines.iter().cloned().map(Item::Text));
        fitted
    }

    /// Reports overflow and missing characters of a fitted text.
    pub fn report(&mut self, fitted: &Fitted, field: &FieldPath) {
        let label = text_label(field);
        if fitted.overflow {
            self.warn(
                field.clone(),
                format!("{label}文字太多，缩到最小字号仍放不下，超出部分未印出，请精简"),
            );
        } else if fitted.forced {
            self.warn(
                field.clone(),
                format!("{label}中有一串字母或数字太长，只能拆成两行"),
            );
        }
        if !fitted.missing.is_empty() {
            let chars = crate::model::name_chars(&fitted.missing);
            self.warn(
                field.clone(),
                format!("{label}中的字 {chars} 没有字体可以显示，不会印出，请换成常用字"),
            );
        }
    }
}

/// Fits essential text so that it is whole: at the style's sizes if possible, else smaller
/// (down to a sixth of the smallest size), first within `max_lines`, then on as many lines as
/// it needs.
pub(super) fn fit_whole_measured(measured: &Measured, area: Rect, style: &FitStyle) -> Fitted {
    let fitted = text::fit_measured(measured, area, style);
    if !fitted.overflow {
        return fitted;
    }
    let mut relaxed = style.clone();
    for step in 0..16 {
        relaxed.min_size_pt = style.min_size_pt * 0.88f32.powi(step + 1);
        relaxed.max_size_pt = relaxed.max_size_pt.min(style.min_size_pt);
        if step >= 6 {
            relaxed.max_lines = 0;
        }
        let candidate = text::fit_measured(measured, area, &relaxed);
        if !candidate.overflow {
            return candidate;
        }
    }
    fitted
}

/// The Chinese name of a text's field for messages ([`FieldPath::label`]), 文字 when it has none.
fn text_label(field: &FieldPath) -> String {
    let label = field.label();
    if label.is_empty() {
        "文字".to_owned()
    } else {
        label
    }
}
