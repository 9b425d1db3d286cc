//! The template checker for designers: reads a template's (or `themes.toml`'s) TOML text and
//! reports every problem it finds — not only the first — each with the file and line, in
//! Chinese: TOML syntax, unknown keys at every level (with the keys that exist), values of the
//! wrong type or range, unknown placeholders, block kinds and colour names, rectangles outside
//! the page, references to block ids that do not exist, and text colours that miss the contrast
//! rule (4.5:1) in any theme against what they are printed on. Pure: the caller reads the file
//! (`export::load_template`, `liangpai check --templates`, the style-pack loader).

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{BlockKind, ColorRef, Placeholder, THEMES, TextPiece, Theme, ThemeColor, text_pieces};
use crate::frame::Rgb;
use crate::model::Severity;
use crate::sign::SignKind;
use crate::values::{serde_fields, serde_variants};

// The schema is written once, as the serde types the loader reads: the key lists below are
// taken from them (`values::serde_fields`, `values::serde_variants`).

/// The keys of a template's top level.
pub fn template_keys() -> &'static [&'static str] {
    serde_fields::<super::Template>()
}

/// The keys of a `[[shapes]]` entry.
pub fn shape_keys() -> &'static [&'static str] {
    serde_fields::<super::Shape>()
}

/// The keys of a `[[blocks]]` entry.
pub fn block_keys() -> &'static [&'static str] {
    serde_fields::<super::Block>()
}

/// The keys of a `style` or `heading` table.
pub fn style_keys() -> &'static [&'static str] {
    serde_fields::<super::Style>()
}

/// The keys of one theme in `themes.toml`.
pub fn theme_keys() -> &'static [&'static str] {
    serde_fields::<Theme>()
}

/// The colour names a template may use (besides `#rrggbb`): the theme's colours.
pub fn color_names() -> &'static [&'static str] {
    serde_variants::<ThemeColor>()
}

/// `style.weight` values.
pub fn weights() -> &'static [&'static str] {
    serde_variants::<crate::fonts::Weight>()
}
/// `style.align` values.
pub fn aligns() -> &'static [&'static str] {
    serde_variants::<crate::frame::Align>()
}
/// `look` values of list blocks.
pub fn looks() -> &'static [&'static str] {
    serde_variants::<super::Look>()
}
/// `style.valign` values.
pub fn valigns() -> &'static [&'static str] {
    serde_variants::<crate::frame::VerticalAlign>()
}

/// The smallest contrast ratio between text and what it is printed on (WCAG AA).
pub const MIN_CONTRAST: f32 = 4.5;

/// The text/background colour pairs every theme keeps at [`MIN_CONTRAST`] or more: the pairs
/// the built-in designs and the block kinds use (a block's own panels: table rows, step boxes,
/// staff cards).
pub const THEME_CONTRAST_PAIRS: [(ThemeColor, ThemeColor); 9] = [
    (ThemeColor::OnPrimary, ThemeColor::Primary),
    (ThemeColor::OnPrimary, ThemeColor::PrimaryDark),
    (ThemeColor::Text, ThemeColor::Background),
    (ThemeColor::Text, ThemeColor::Surface),
    (ThemeColor::Muted, ThemeColor::Background),
    (ThemeColor::Muted, ThemeColor::Surface),
    (ThemeColor::PrimaryDark, ThemeColor::Background),
    (ThemeColor::PrimaryDark, ThemeColor::Surface),
    (ThemeColor::Accent, ThemeColor::Background),
];

/// How far (a fraction of the page) a rectangle may reach past the page edge before it counts
/// as outside: edges at 0 or 1 run into the bleed, and rounding (0.95 + 0.05) is no mistake.
pub const RECT_TOLERANCE: f32 = 0.005;

/// One problem in a template or theme file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateProblem {
    /// The file as the caller named it (`board.toml`, `模板/board.toml`).
    pub file: String,
    /// 1-based line, when the problem is at one place in the file.
    pub line: Option<usize>,
    /// Errors make the template unusable (the built-in one is used instead); warnings do not.
    pub severity: Severity,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} 第 {} 行：{}", self.file, line, self.message),
            None => write!(f, "{}：{}", self.file, self.message),
        }
    }
}

/// Checks a template's TOML text against the built-in themes; `file` names it in the
/// problems. Reports every problem found, sorted by line. A template with no
/// [`Severity::Error`] among them loads with [`super::parse`] and lays out as designed.
pub fn check_template(text: &str, file: &str) -> Vec<TemplateProblem> {
    let themes: Vec<(String, Theme)> = THEMES
        .iter()
        .filter_map(|name| super::theme(name).map(|theme| (theme.label.clone(), theme)))
        .collect();
    check_template_with_themes(text, file, &themes)
}

/// [`check_template`] with the colours checked against these themes (label, theme) instead of
/// the built-in ones (a style pack's own themes).
pub fn check_template_with_themes(
    text: &str,
    file: &str,
    themes: &[(String, Theme)],
) -> Vec<TemplateProblem> {
    let mut checker = Checker::new(text, file);
    let (root, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        let template = checker.template(&root);
        // Contrast is checked even beside other errors (every problem at once), unless a colour
        // or an item's place could not be read.
        if !checker.unsure_colors {
            checker.contrast(&template, themes);
        }
        if !checker.has_errors() {
            // The checker's reading and the loader's must agree: anything the walk let through
            // that the loader refuses is still reported.
            if let Err(error) = toml::from_str::<super::Template>(text) {
                checker.error(
                    error.span().unwrap_or(0..0),
                    format!(
                        "模板读不进来：{}",
                        crate::model::toml_message_in_chinese(error.message()).map_or_else(
                            || error.message().trim().to_owned(),
                            |chinese| format!("{chinese}（{}）", error.message().trim())
                        )
                    ),
                );
            }
        }
    } else {
        checker.syntax(&errors);
    }
    checker.finish()
}

/// Checks a `themes.toml` text: every theme has every colour as `#rrggbb`, no unknown keys,
/// and its text colours keep [`MIN_CONTRAST`] on the backgrounds they are used on
/// ([`THEME_CONTRAST_PAIRS`]).
pub fn check_themes(text: &str, file: &str) -> Vec<TemplateProblem> {
    let mut checker = Checker::new(text, file);
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        checker.syntax(&errors);
        return checker.finish();
    }
    for (name, value) in root.get_ref().iter() {
        let name_text: &str = name.get_ref();
        let Some(table) = value.get_ref().as_table() else {
            checker.error(
                name.span(),
                format!("“{name_text}” 应为一个配色表 [{name_text}]"),
            );
            continue;
        };
        if !THEMES.contains(&name_text) {
            checker.warning(
                name.span(),
                format!(
                    "配色 “{name_text}” 不是程序认识的配色名，不会被使用（可用：{}）",
                    THEMES.join("、")
                ),
            );
        }
        let mut colors: Vec<(ThemeColor, Rgb, Range<usize>)> = Vec::new();
        for (key, value) in table.iter() {
            let key_text: &str = key.get_ref();
            match key_text {
                "label" => {
                    checker.string(key_text, value);
                }
                "min_text_scale" => {
                    if let Some(scale) = checker.number(key_text, value)
                        && !(0.5..=3.0).contains(&scale)
                    {
                        checker.error(
                            value.span(),
                            format!("“min_text_scale” 应在 0.5 到 3 之间，现在是 {scale}"),
                        );
                    }
                }
                _ if let Some(color) = ThemeColor::from_code(key_text) => {
                    if let Some(hex) = checker.string(key_text, value) {
                        match Rgb::from_hex(hex) {
                            Some(rgb) => colors.push((color, rgb, value.span())),
                            None => checker.error(
                                value.span(),
                                format!("“{key_text}” 的颜色 “{hex}” 应写成 #rrggbb（如 #1d5f8a）"),
                            ),
                        }
                    }
                }
                _ => checker.unknown_key(key, theme_keys()),
            }
        }
        let missing: Vec<&str> = theme_keys()
            .iter()
            .copied()
            .filter(|key| *key != "min_text_scale")
            .filter(|key| !table.iter().any(|(k, _)| k.get_ref() == key))
            .collect();
        if !missing.is_empty() {
            checker.error(
                name.span(),
                format!("配色 “{name_text}” 缺少：{}", missing.join("、")),
            );
        }
        let color = |name: ThemeColor| colors.iter().find(|(key, _, _)| *key == name);
        for (foreground, background) in THEME_CONTRAST_PAIRS {
            if let (Some((_, fg, span)), Some((_, bg, _))) = (color(foreground), color(background))
            {
                let ratio = fg.contrast(*bg);
                if ratio < MIN_CONTRAST {
                    checker.error(
                        span.clone(),
                        format!(
                            "配色 “{name_text}” 的 {} 印在 {} 上对比度只有 {ratio:.2}:1，至少要 4.5:1",
                            foreground.code(),
                            background.code()
                        ),
                    );
                }
            }
        }
    }
    checker.finish()
}

/// A text-bearing part of a block, for the contrast check.
struct TextColor {
    /// The colour.
    color: ColorRef,
    /// Where to report (the `color` value, else the style, else the block).
    span: Range<usize>,
    /// `style` or `heading`.
    part: &'static str,
}

/// What the contrast check needs of a shape.
struct ShapeInfo {
    rect: [f32; 4],
    fill: Option<ColorRef>,
    line: usize,
}

/// What the contrast check needs of a block.
struct BlockInfo {
    kind: BlockKind,
    /// `look = "ruled"`: lists drawn with lines only, their text on what lies under the block.
    ruled: bool,
    rect: [f32; 4],
    body: TextColor,
    heading: TextColor,
}

/// What the walk collected for the checks across items.
struct Collected {
    background: ColorRef,
    shapes: Vec<ShapeInfo>,
    blocks: Vec<BlockInfo>,
}

/// The walk over one file, collecting problems.
struct Checker<'t> {
    text: &'t str,
    file: String,
    /// Byte offset of each line's start.
    line_starts: Vec<usize>,
    problems: Vec<TemplateProblem>,
    /// A colour, rectangle, shape or style could not be read: what lies under a text is not
    /// known, so the contrast check is left until it is fixed.
    unsure_colors: bool,
}

type Value<'i> = Spanned<DeValue<'i>>;

impl<'t> Checker<'t> {
    fn new(text: &'t str, file: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.char_indices()
                .filter(|(_, ch)| *ch == '\n')
                .map(|(index, _)| index + 1),
        );
        Checker {
            text,
            file: file.to_owned(),
            line_starts,
            problems: Vec::new(),
            unsure_colors: false,
        }
    }

    /// The 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|start| *start <= offset)
            .max(1)
    }

    fn push(&mut self, severity: Severity, span: Range<usize>, message: String) {
        let line = self.line_of(span.start);
        let problem = TemplateProblem {
            file: self.file.clone(),
            line: Some(line),
            severity,
            message,
        };
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    fn error(&mut self, span: Range<usize>, message: String) {
        self.push(Severity::Error, span, message);
    }

    fn warning(&mut self, span: Range<usize>, message: String) {
        self.push(Severity::Warning, span, message);
    }

    fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|problem| problem.severity == Severity::Error)
    }

    fn finish(mut self) -> Vec<TemplateProblem> {
        // Stable: problems on one line keep the order they were found in.
        self.problems.sort_by_key(|problem| problem.line);
        self.problems
    }

    fn syntax(&mut self, errors: &[toml::de::Error]) {
        for error in errors {
            let english = error.message().trim();
            let message = match crate::model::toml_message_in_chinese(english) {
                Some(chinese) => format!("TOML 格式有误：{chinese}（{english}）"),
                None => format!(
                    "TOML 格式有误：{english}（请检查引号、括号是否成对，键和值之间是否有 “=”，同一个键是否写了两次）"
                ),
            };
            match error.span() {
                Some(span) => self.error(span, message),
                None => self.problems.push(TemplateProblem {
                    file: self.file.clone(),
                    line: None,
                    severity: Severity::Error,
                    message,
                }),
            }
        }
    }

    fn unknown_key(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, known: &[&str]) {
        self.error(
            key.span(),
            format!("未知的键 “{}”（可用：{}）", key.get_ref(), known.join("、")),
        );
    }

    fn wrong_type(&mut self, key: &str, value: &Value<'_>, expected: &str) {
        self.error(
            value.span(),
            format!(
                "“{key}” 应为{expected}，现在是{}",
                type_name(value.get_ref())
            ),
        );
    }

    fn string<'v>(&mut self, key: &str, value: &'v Value<'_>) -> Option<&'v str> {
        let text = value.get_ref().as_str();
        if text.is_none() {
            self.wrong_type(key, value, "文字（用引号括起）");
        }
        text
    }

    fn boolean(&mut self, key: &str, value: &Value<'_>) -> Option<bool> {
        let flag = value.get_ref().as_bool();
        if flag.is_none() {
            self.wrong_type(key, value, " true 或 false");
        }
        flag
    }

    fn number(&mut self, key: &str, value: &Value<'_>) -> Option<f32> {
        match number_of(value.get_ref()) {
            Some(number) if number.is_finite() => Some(number),
            Some(_) => {
                self.error(value.span(), format!("“{key}” 应为有限的数字"));
                None
            }
            None => {
                self.wrong_type(key, value, "数字");
                None
            }
        }
    }

    /// A number that is at least 0.
    fn non_negative(&mut self, key: &str, value: &Value<'_>) -> Option<f32> {
        let number = self.number(key, value)?;
        if number < 0.0 {
            self.error(value.span(), format!("“{key}” 不能小于 0，现在是 {number}"));
            return None;
        }
        Some(number)
    }

    fn count(&mut self, key: &str, value: &Value<'_>) -> Option<usize> {
        let count = value
            .get_ref()
            .as_integer()
            .and_then(|integer| {
                i64::from_str_radix(&integer.as_str().replace('_', ""), integer.radix()).ok()
            })
            .and_then(|integer| usize::try_from(integer).ok());
        if count.is_none() {
            self.wrong_type(key, value, "不小于 0 的整数");
        }
        count
    }

    fn numbers<const N: usize>(
        &mut self,
        key: &str,
        value: &Value<'_>,
        expected: &str,
    ) -> Option<[f32; N]> {
        let numbers: Option<Vec<f32>> = value.get_ref().as_array().and_then(|array| {
            array
                .iter()
                .map(|item| number_of(item.get_ref()).filter(|number| number.is_finite()))
                .collect()
        });
        match numbers.and_then(|numbers| <[f32; N]>::try_from(numbers).ok()) {
            Some(numbers) => Some(numbers),
            None => {
                self.wrong_type(key, value, expected);
                None
            }
        }
    }

    fn strings<'v>(
        &mut self,
        key: &str,
        value: &'v Value<'_>,
    ) -> Option<Vec<(&'v str, Range<usize>)>> {
        let list: Option<Vec<(&str, Range<usize>)>> =
            value.get_ref().as_array().and_then(|array| {
                array
                    .iter()
                    .map(|item| item.get_ref().as_str().map(|text| (text, item.span())))
                    .collect()
            });
        if list.is_none() {
            self.wrong_type(key, value, "文字的数组（如 [\"title\"]）");
        }
        list
    }

    fn choice<'v>(&mut self, key: &str, value: &'v Value<'_>, choices: &[&str]) -> Option<&'v str> {
        let text = self.string(key, value)?;
        if !choices.contains(&text) {
            self.error(
                value.span(),
                format!("“{key}” 的值 “{text}” 不对（可用：{}）", choices.join("、")),
            );
            return None;
        }
        Some(text)
    }

    fn color(&mut self, key: &str, value: &Value<'_>) -> Option<ColorRef> {
        let Some(text) = self.string(key, value) else {
            self.unsure_colors = true;
            return None;
        };
        match ColorRef::try_from(text.to_owned()) {
            Ok(color) => Some(color),
            Err(unknown) => {
                self.error(value.span(), unknown.to_string());
                self.unsure_colors = true;
                None
            }
        }
    }

    /// `[x, y, width, height]` on the page: positive size, inside the page (within
    /// [`RECT_TOLERANCE`]). Outside is an error for blocks (their content would be cut at the
    /// trim) and a warning for shapes (a decoration cut at the trim).
    fn rect(&mut self, key: &str, value: &Value<'_>, severity: Severity) -> Option<[f32; 4]> {
        let rect = self.rect_unflagged(key, value, severity);
        self.unsure_colors |= rect.is_none();
        rect
    }

    fn rect_unflagged(
        &mut self,
        key: &str,
        value: &Value<'_>,
        severity: Severity,
    ) -> Option<[f32; 4]> {
        let rect =
            self.numbers::<4>(key, value, " 4 个数字 [x, y, 宽, 高]（页面的比例，0 到 1）")?;
        let [x, y, width, height] = rect;
        if width <= 0.0 || height <= 0.0 {
            self.error(
                value.span(),
                format!("“{key}” 的宽和高应大于 0，现在是 {}", show_rect(rect)),
            );
            return None;
        }
        let outside = x < -RECT_TOLERANCE
            || y < -RECT_TOLERANCE
            || x + width > 1.0 + RECT_TOLERANCE
            || y + height > 1.0 + RECT_TOLERANCE;
        if outside {
            self.push(
                severity,
                value.span(),
                format!(
                    "“{key}” {} 超出页面：x、y 不能小于 0，x + 宽、y + 高不能大于 1（贴边的 0 或 1 会延伸到出血）",
                    show_rect(rect)
                ),
            );
        }
        Some(rect)
    }

    /// The whole template: keys, values, and the checks across items.
    fn template(&mut self, root: &Spanned<DeTable<'_>>) -> Collected {
        let mut collected = Collected {
            background: ColorRef::Theme(ThemeColor::Background),
            shapes: Vec::new(),
            blocks: Vec::new(),
        };
        let mut sign: Option<SignKind> = None;
        let mut references: Vec<(&str, &str, Range<usize>)> = Vec::new();
        let mut ids: Vec<(String, Range<usize>)> = Vec::new();
        let mut text_blocks: Vec<(&str, Range<usize>)> = Vec::new();
        let table = root.get_ref();
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            match name {
                "sign" => {
                    if let Some(code) = self.string(name, value) {
                        sign = SignKind::from_code(code);
                        if sign.is_none() {
                            let codes: Vec<&str> =
                                SignKind::ALL.iter().map(|kind| kind.code()).collect();
                            self.error(
                                value.span(),
                                format!("未知的公示牌种类 “{code}”（可用：{}）", codes.join("、")),
                            );
                        }
                    }
                }
                "width_mm" | "height_mm" => {
                    if let Some(mm) = self.number(name, value)
                        && !(20.0..=5000.0).contains(&mm)
                    {
                        self.error(
                            value.span(),
                            format!("“{name}” 应在 20 到 5000 毫米之间，现在是 {mm}"),
                        );
                    }
                }
                "background" => {
                    if let Some(color) = self.color(name, value) {
                        collected.background = color;
                    }
                }
                "single_page" => {
                    self.boolean(name, value);
                }
                "shapes" | "blocks" => {
                    let Some(items) = value.get_ref().as_array() else {
                        self.unsure_colors = true;
                        self.error(
                            value.span(),
                            format!(
                                "“{name}” 应写成一组 [[{name}]]（两层方括号，每项一个），现在是{}",
                                type_name(value.get_ref())
                            ),
                        );
                        continue;
                    };
                    for item in items.iter() {
                        let Some(entry) = item.get_ref().as_table() else {
                            self.unsure_colors = true;
                            self.wrong_type(name, item, &format!(" [[{name}]] 表"));
                            continue;
                        };
                        if name == "shapes" {
                            if let Some(shape) = self.shape(entry, item.span(), &mut references) {
                                collected.shapes.push(shape);
                            }
                        } else if let Some(block) = self.block(
                            entry,
                            item.span(),
                            &mut references,
                            &mut ids,
                            &mut text_blocks,
                        ) {
                            collected.blocks.push(block);
                        }
                    }
                }
                _ => self.unknown_key(key, template_keys()),
            }
        }
        for required in ["sign", "width_mm", "height_mm"] {
            if table.get(required).is_none() {
                self.error(0..0, format!("缺少 “{required}”"));
            }
        }
        for (text, span) in text_blocks {
            self.placeholders(text, span, sign);
        }
        let names: Vec<&str> = ids.iter().map(|(id, _)| id.as_str()).collect();
        for (key, target, span) in references {
            if !names.contains(&target) {
                self.error(
                    span,
                    format!(
                        "“{key}” 中的 “{target}” 不是任何块的 id（{}）",
                        if names.is_empty() {
                            "这个模板没有块写了 id".to_owned()
                        } else {
                            format!("有：{}", names.join("、"))
                        }
                    ),
                );
            }
        }
        let mut seen = BTreeSet::new();
        for (id, span) in &ids {
            if !seen.insert(id.clone()) {
                self.error(
                    span.clone(),
                    format!("id “{id}” 写了两次：每个块的 id 要不同"),
                );
            }
        }
        collected
    }

    /// Where an entry without a key of its own is reported: the line of its `[[…]]` header
    /// (the span of an array-of-tables entry) or of its first key.
    fn entry_span(entry: &DeTable<'_>, span: Range<usize>) -> Range<usize> {
        if span.end > span.start {
            return span;
        }
        entry
            .iter()
            .map(|(key, _)| key.span())
            .min_by_key(|span| span.start)
            .unwrap_or(span)
    }

    fn shape<'v>(
        &mut self,
        entry: &'v DeTable<'_>,
        span: Range<usize>,
        references: &mut Vec<(&'static str, &'v str, Range<usize>)>,
    ) -> Option<ShapeInfo> {
        let span = Self::entry_span(entry, span);
        let mut rect = None;
        let mut fill = None;
        for (key, value) in entry.iter() {
            let name: &str = key.get_ref();
            match name {
                "rect" => rect = self.rect(name, value, Severity::Warning),
                "fill" => fill = self.color(name, value),
                "stroke" => {
                    self.color(name, value);
                }
                "stroke_width" | "radius" => {
                    self.non_negative(name, value);
                }
                "moves_with" | "shrinks_for" | "stretches_with" => {
                    self.references(key_name(name), value, references);
                }
                _ => self.unknown_key(key, shape_keys()),
            }
        }
        if entry.get("rect").is_none() {
            self.unsure_colors = true;
            self.error(span.clone(), "[[shapes]] 缺少 “rect”".to_owned());
        }
        Some(ShapeInfo {
            rect: rect?,
            fill,
            line: self.line_of(span.start),
        })
    }

    fn references<'v>(
        &mut self,
        key: &'static str,
        value: &'v Value<'_>,
        references: &mut Vec<(&'static str, &'v str, Range<usize>)>,
    ) {
        if let Some(list) = self.strings(key, value) {
            references.extend(list.into_iter().map(|(target, span)| (key, target, span)));
        }
    }

    fn block<'v>(
        &mut self,
        entry: &'v DeTable<'_>,
        span: Range<usize>,
        references: &mut Vec<(&'static str, &'v str, Range<usize>)>,
        ids: &mut Vec<(String, Range<usize>)>,
        text_blocks: &mut Vec<(&'v str, Range<usize>)>,
    ) -> Option<BlockInfo> {
        let span = Self::entry_span(entry, span);
        let mut kind = None;
        let mut rect = None;
        let mut text: Option<(&str, Range<usize>)> = None;
        let default_color = |part: &'static str| TextColor {
            color: ColorRef::Theme(ThemeColor::Text),
            span: span.clone(),
            part,
        };
        let mut body = default_color("style");
        let mut heading: Option<TextColor> = None;
        let mut ruled = false;
        for (key, value) in entry.iter() {
            let name: &str = key.get_ref();
            match name {
                "look" => {
                    ruled = self.choice(name, value, looks()) == Some("ruled");
                }
                "kind" => {
                    if let Some(code) = self.string(name, value) {
                        kind = BlockKind::from_code(code);
                        if kind.is_none() {
                            let codes: Vec<&str> =
                                BlockKind::ALL.iter().map(|kind| kind.code()).collect();
                            self.error(
                                value.span(),
                                format!("未知的块种类 “{code}”（可用：{}）", codes.join("、")),
                            );
                        }
                    }
                }
                "rect" | "continuation_rect" | "rect_without_logos" => {
                    let checked = self.rect(name, value, Severity::Error);
                    if name == "rect" {
                        rect = checked;
                    }
                }
                "first_page_only" | "essential" | "grow_up" => {
                    self.boolean(name, value);
                }
                "text" => {
                    if let Some(content) = self.string(name, value) {
                        text = Some((content, value.span()));
                    }
                }
                "field" => {
                    self.string(name, value);
                }
                "id" => {
                    if let Some(id) = self.string(name, value)
                        && !id.is_empty()
                    {
                        ids.push((id.to_owned(), value.span()));
                    }
                }
                "style" | "heading" => {
                    let part = if name == "style" { "style" } else { "heading" };
                    let color = self
                        .style(name, value)
                        .map(|(color, color_span)| TextColor {
                            color: color.unwrap_or(ColorRef::Theme(ThemeColor::Text)),
                            span: color_span,
                            part,
                        });
                    match (part, color) {
                        ("style", Some(color)) => body = color,
                        (_, color) => heading = color,
                    }
                }
                "max_items" => {
                    self.count(name, value);
                }
                "grow" => {
                    if let Some(grow) = self.non_negative(name, value)
                        && grow > 1.0
                    {
                        self.error(
                            value.span(),
                            format!("“grow” 是页面高度的比例，应在 0 到 1 之间，现在是 {grow}"),
                        );
                    }
                }
                "moves_with" | "shrinks_for" | "stretches_with" => {
                    self.references(key_name(name), value, references);
                }
                _ => self.unknown_key(key, block_keys()),
            }
        }
        for required in ["kind", "rect"] {
            if entry.get(required).is_none() {
                self.error(span.clone(), format!("[[blocks]] 缺少 “{required}”"));
            }
        }
        let kind = kind?;
        if let Some((content, text_span)) = text {
            if kind == BlockKind::Text {
                text_blocks.push((content, text_span));
            } else if !content.trim().is_empty() {
                self.warning(
                    text_span,
                    format!("“text” 只用于 text 块，{} 块不显示它", kind.code()),
                );
            }
        }
        if !uses_heading(kind)
            && let Some((key, _)) = entry.iter().find(|(key, _)| key.get_ref() == "heading")
        {
            self.warning(
                    key.span(),
                    format!(
                        "{} 块没有标题，“heading” 不起作用（用于 service_table、staff_cards、process_chart、contact_list、partners_diagram）",
                        kind.code()
                    ),
                );
        }
        // A heading not given is the body style in bold, in the body's colour.
        let heading = heading.unwrap_or_else(|| TextColor {
            color: body.color,
            span: body.span.clone(),
            part: "heading",
        });
        Some(BlockInfo {
            kind,
            ruled,
            rect: rect?,
            body,
            heading,
        })
    }

    /// A `style` or `heading` table; returns its colour (if given) and where to report it.
    fn style(&mut self, key: &str, value: &Value<'_>) -> Option<(Option<ColorRef>, Range<usize>)> {
        let Some(table) = value.get_ref().as_table() else {
            self.unsure_colors = true;
            self.wrong_type(
                key,
                value,
                "表（如 { size = [0.03, 0.012], color = \"text\" }）",
            );
            return None;
        };
        let mut color = None;
        let mut color_span = value.span();
        for (entry_key, entry_value) in table.iter() {
            let name: &str = entry_key.get_ref();
            match name {
                "weight" => {
                    self.choice(name, entry_value, weights());
                }
                "align" => {
                    self.choice(name, entry_value, aligns());
                }
                "valign" => {
                    self.choice(name, entry_value, valigns());
                }
                "color" => {
                    color = self.color(name, entry_value);
                    color_span = entry_value.span();
                }
                "size" => {
                    if let Some([largest, smallest]) = self.numbers::<2>(
                        name,
                        entry_value,
                        " 2 个数字 [最大, 最小]（页面短边的比例）",
                    ) {
                        if largest <= 0.0 || smallest <= 0.0 {
                            self.error(
                                entry_value.span(),
                                format!(
                                    "“size” 的两个字号都应大于 0，现在是 [{largest}, {smallest}]"
                                ),
                            );
                        } else if smallest > largest {
                            self.warning(
                                entry_value.span(),
                                format!(
                                    "“size” 是 [最大, 最小]：最小 {smallest} 大于最大 {largest}，按最大 {largest} 排版"
                                ),
                            );
                        }
                    }
                }
                "line_height" => {
                    if let Some(height) = self.number(name, entry_value)
                        && height <= 0.0
                    {
                        self.error(
                            entry_value.span(),
                            format!("“line_height” 是字号的倍数，应大于 0，现在是 {height}"),
                        );
                    }
                }
                "max_lines" => {
                    self.count(name, entry_value);
                }
                "vertical" => {
                    self.boolean(name, entry_value);
                }
                _ => self.unknown_key(entry_key, style_keys()),
            }
        }
        Some((color, color_span))
    }

    /// Unknown placeholders (errors: printed as written), placeholders that are empty on this
    /// sign and braces never closed (warnings). Each at the line it is written on.
    fn placeholders(&mut self, text: &str, span: Range<usize>, sign: Option<SignKind>) {
        let raw = self.text.get(span.clone()).unwrap_or("");
        let at = |needle: &str| {
            span.start + raw.find(needle).unwrap_or(0)..span.start + raw.find(needle).unwrap_or(0)
        };
        for piece in text_pieces(text) {
            match piece {
                TextPiece::Literal(_) => {}
                TextPiece::Unclosed(rest) => {
                    let head: String = rest.chars().take(12).collect();
                    self.warning(
                        at(&head),
                        format!("“{head}” 中的 “{{” 没有对应的 “}}”，会按原样印出"),
                    );
                }
                TextPiece::Placeholder(name) => {
                    let written = format!("{{{name}}}");
                    match Placeholder::from_name(name) {
                        None => {
                            let known: Vec<String> = Placeholder::ALL
                                .iter()
                                .map(|placeholder| format!("{{{}}}", placeholder.name()))
                                .collect();
                            let guess = Placeholder::ALL
                                .iter()
                                .map(|placeholder| {
                                    (edit_distance(name, placeholder.name()), placeholder.name())
                                })
                                .filter(|(distance, _)| *distance <= 3)
                                .min_by_key(|(distance, _)| *distance)
                                .map(|(_, guess)| format!("。是不是 {{{guess}}}？"))
                                .unwrap_or_default();
                            self.error(
                                at(&written),
                                format!(
                                    "未知的占位符 {written}，不会换成站点数据{guess}（可用：{}）",
                                    known.join("、")
                                ),
                            );
                        }
                        Some(placeholder) => {
                            if let (Some(only), Some(sign)) = (placeholder.only_on(), sign)
                                && only != sign
                            {
                                self.warning(
                                    at(&written),
                                    format!(
                                        "占位符 {written} 只在“{}”（{}）上有内容，在“{}”上是空的",
                                        only.label(),
                                        only.code(),
                                        sign.label()
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// Every block's text colours against what they are printed on, in every theme.
    fn contrast(&mut self, collected: &Collected, themes: &[(String, Theme)]) {
        for block in &collected.blocks {
            for (text, fixed) in [
                (&block.body, body_backgrounds(block.kind, block.ruled)),
                (&block.heading, heading_backgrounds(block.kind, block.ruled)),
            ] {
                let Some(fixed) = fixed else { continue };
                let under: Vec<(ColorRef, String)> = if fixed.is_empty() {
                    backgrounds_under(block.rect, collected)
                } else {
                    fixed
                        .iter()
                        .map(|color| {
                            (
                                ColorRef::Theme(*color),
                                format!("{} 块自己的底色（{}）", block.kind.code(), color.code()),
                            )
                        })
                        .collect()
                };
                for (background, what) in under {
                    let failing: Vec<String> = themes
                        .iter()
                        .filter_map(|(label, theme)| {
                            let ratio = theme
                                .resolve(text.color)
                                .contrast(theme.resolve(background));
                            (ratio < MIN_CONTRAST).then(|| format!("{label} {ratio:.2}:1"))
                        })
                        .collect();
                    if !failing.is_empty() {
                        self.error(
                            text.span.clone(),
                            format!(
                                "{} 块的 {} 文字颜色 {} 印在{what}上对比度不够（{}），至少要 4.5:1",
                                block.kind.code(),
                                text.part,
                                text.color,
                                failing.join("，")
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// The key names of the growth references, with a static lifetime.
fn key_name(name: &str) -> &'static str {
    match name {
        "moves_with" => "moves_with",
        "shrinks_for" => "shrinks_for",
        _ => "stretches_with",
    }
}

/// Block kinds that draw a heading style (list names, categories, step names, labels).
fn uses_heading(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::ServiceTable
            | BlockKind::StaffCards
            | BlockKind::ProcessChart
            | BlockKind::ContactList
            | BlockKind::PartnersDiagram
    )
}

/// What a block's body text is printed on: `None` when it has no text in the style's colour,
/// an empty list when on what lies under the block (shapes, page), else the block's own panels
/// (as `layout::blocks` draws them).
fn body_backgrounds(kind: BlockKind, ruled: bool) -> Option<&'static [ThemeColor]> {
    match kind {
        BlockKind::ServiceTable | BlockKind::ProcessChart | BlockKind::StaffCards if ruled => {
            Some(&[])
        }
        BlockKind::Logos | BlockKind::Mark | BlockKind::Photo => None,
        BlockKind::ServiceTable => Some(&[ThemeColor::Background, ThemeColor::Surface]),
        BlockKind::ProcessChart | BlockKind::StaffCards | BlockKind::PartnersDiagram => {
            Some(&[ThemeColor::Surface])
        }
        _ => Some(&[]),
    }
}

/// Like [`body_backgrounds`] for the heading style.
fn heading_backgrounds(kind: BlockKind, ruled: bool) -> Option<&'static [ThemeColor]> {
    match kind {
        BlockKind::ServiceTable | BlockKind::ProcessChart | BlockKind::StaffCards if ruled => {
            Some(&[])
        }
        BlockKind::ServiceTable | BlockKind::ProcessChart | BlockKind::PartnersDiagram => {
            Some(&[ThemeColor::Primary])
        }
        BlockKind::StaffCards => Some(&[ThemeColor::Surface]),
        BlockKind::ContactList => Some(&[]),
        _ => None,
    }
}

/// The colours under a block: at points spread over it, the last filled shape there (shapes are
/// drawn in order), else the page background. Each with how it is named in messages.
fn backgrounds_under(rect: [f32; 4], collected: &Collected) -> Vec<(ColorRef, String)> {
    const STEPS: usize = 6;
    let [x, y, width, height] = rect;
    let mut found: Vec<(ColorRef, String)> = Vec::new();
    for row in 0..STEPS {
        for column in 0..STEPS {
            let px = x + width * (column as f32 + 0.5) / STEPS as f32;
            let py = y + height * (row as f32 + 0.5) / STEPS as f32;
            // What lies past the trim is cut off: nothing is read there.
            if !(0.0..=1.0).contains(&px) || !(0.0..=1.0).contains(&py) {
                continue;
            }
            let under = collected
                .shapes
                .iter()
                .rev()
                .find(|shape| {
                    let [sx, sy, sw, sh] = shape.rect;
                    shape.fill.is_some() && px >= sx && px <= sx + sw && py >= sy && py <= sy + sh
                })
                .and_then(|shape| {
                    let fill = shape.fill?;
                    Some((fill, format!("第 {} 行的图形（{fill}）", shape.line)))
                })
                .unwrap_or_else(|| {
                    (
                        collected.background,
                        format!("页面底色（{}）", collected.background),
                    )
                });
            if !found.contains(&under) {
                found.push(under);
            }
        }
    }
    found
}

/// Levenshtein distance in characters (for "是不是 {station.name}？").
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// A number value (integer or float) as `f32`.
fn number_of(value: &DeValue<'_>) -> Option<f32> {
    if let Some(integer) = value.as_integer() {
        return i64::from_str_radix(&integer.as_str().replace('_', ""), integer.radix())
            .ok()
            .map(|integer| integer as f32);
    }
    let float = value.as_float()?;
    let text = float.as_str().replace('_', "");
    match text.as_str() {
        "inf" | "+inf" | "-inf" | "nan" | "+nan" | "-nan" => Some(f32::NAN),
        _ => text.parse::<f64>().ok().map(|float| float as f32),
    }
}

/// A value's type in Chinese, for "应为…，现在是…".
fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "文字",
        DeValue::Integer(_) => "整数",
        DeValue::Float(_) => "小数",
        DeValue::Boolean(_) => " true/false",
        DeValue::Datetime(_) => "日期",
        DeValue::Array(_) => "数组",
        DeValue::Table(_) => "表",
    }
}

fn show_rect([x, y, width, height]: [f32; 4]) -> String {
    format!("[{x}, {y}, {width}, {height}]")
}

/// [`check_template`] for a file of a template folder (`liangpai export --templates`), which
/// uses `<sign>.toml` for a sign: also reports a file whose name does not match its `sign`
/// (an error when the name is another sign's: export would refuse it; a warning when the name
/// is no sign's: export never reads it).
pub fn check_template_file(text: &str, file: &str, file_name: &str) -> Vec<TemplateProblem> {
    let mut problems = check_template(text, file);
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let sign = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|table| table.get("sign")?.as_str().map(str::to_owned))
        .and_then(|code| SignKind::from_code(&code));
    let Some(sign) = sign else {
        return problems;
    };
    if stem == sign.code() {
        return problems;
    }
    let line = text
        .lines()
        .position(|line| line.trim_start().starts_with("sign"))
        .map(|index| index + 1);
    let (severity, message) = match SignKind::from_code(stem) {
        Some(named) => (
            Severity::Error,
            format!(
                "文件名是“{}”（{}）的，内容却是“{}”（sign = \"{}\"）的模板：导出时不会使用它，请改名为 {}.toml 或改 sign",
                named.label(),
                named.code(),
                sign.label(),
                sign.code(),
                sign.code()
            ),
        ),
        None => (
            Severity::Warning,
            format!(
                "导出时只读取 {}.toml 这样以公示牌种类命名的文件：这个文件不会被使用，要替换“{}”请改名为 {}.toml",
                sign.code(),
                sign.label(),
                sign.code()
            ),
        ),
    };
    problems.push(TemplateProblem {
        file: file.to_owned(),
        line,
        severity,
        message,
    });
    problems.sort_by_key(|problem| problem.line);
    problems
}
