//! Sign designs as data: one TOML file per sign kind under `templates/`, compiled in; plus the
//! colour themes and the regional presets of signs in two or three scripts (`regions`). Pure: a user's template folder is read by `export::load_templates`, which
//! hands the text to [`parse`].

use serde::Deserialize;

mod check;
mod regions;
mod theme;

pub use check::{
    MIN_CONTRAST, RECT_TOLERANCE, THEME_CONTRAST_PAIRS, TemplateProblem, aligns, block_keys,
    check_template, check_template_file, check_template_with_themes, check_themes, color_names,
    looks, shape_keys, style_keys, template_keys, theme_keys, valigns, weights,
};

pub use crate::values::DesignId;
pub use theme::{ColorRef, THEMES, Theme, ThemeColor, UnknownColor, theme, theme_for};

pub use regions::{
    CHINESE, Region, RegionsError, VerticalPlacement, builtin_regions, check_regions_file,
    fill_languages, parse_regions, region,
};

use crate::fonts::Weight;
use crate::frame::{Align, VerticalAlign};
use crate::sign::SignKind;

/// A sign design. Positions are fractions of the trimmed page (`[x, y, width, height]`); sizes
/// (fonts, gaps, line widths) are fractions of the page's shorter side, so one design works at
/// any paper size.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Which sign this designs.
    pub sign: SignKind,
    /// Default trimmed width in mm.
    pub width_mm: f32,
    /// Default trimmed height in mm.
    pub height_mm: f32,
    /// Background colour (see [`Theme::resolve`]).
    #[serde(default = "default_background")]
    pub background: ColorRef,
    /// Decorations, drawn first, in order.
    #[serde(default)]
    pub shapes: Vec<Shape>,
    /// Content regions.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Never continue on further pages (combined boards): lists shrink to their minimum and
    /// what still does not fit is reported.
    #[serde(default)]
    pub single_page: bool,
    /// The file it was read from, as [`parse`] was told (`templates/board.toml` for a built-in
    /// one): layout names it in warnings about the design (an unknown placeholder).
    #[serde(skip)]
    pub file: String,
}

fn default_background() -> ColorRef {
    ColorRef::Theme(ThemeColor::Background)
}

/// A decoration: a filled or outlined (rounded) rectangle, or a rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// `[x, y, width, height]` as fractions of the page; edges at 0 or 1 run into the bleed.
    pub rect: [f32; 4],
    /// Fill colour.
    #[serde(default)]
    pub fill: Option<ColorRef>,
    /// Outline colour.
    #[serde(default)]
    pub stroke: Option<ColorRef>,
    /// Outline width, fraction of the shorter side.
    #[serde(default)]
    pub stroke_width: f32,
    /// Corner radius, fraction of the shorter side.
    #[serde(default)]
    pub radius: f32,
    /// Growing blocks (by `id`) this item moves with: what lies below a title moves down with it.
    #[serde(default)]
    pub moves_with: Vec<String>,
    /// Growing blocks this item shrinks for: it gives up the room on the side facing them (a list
    /// under a title: its top moves down, its bottom stays).
    #[serde(default)]
    pub shrinks_for: Vec<String>,
    /// Growing blocks this item stretches with (the band behind a title grows with it).
    #[serde(default)]
    pub stretches_with: Vec<String>,
}

/// How an item (shape or block) makes room for the blocks that grow on a page.
#[derive(Debug, Clone, Copy)]
pub struct Room<'a> {
    /// See `Block::moves_with`.
    pub moves_with: &'a [String],
    /// See `Block::shrinks_for`.
    pub shrinks_for: &'a [String],
    /// See `Block::stretches_with`.
    pub stretches_with: &'a [String],
}

impl Shape {
    /// How this shape makes room.
    pub fn room(&self) -> Room<'_> {
        Room {
            moves_with: &self.moves_with,
            shrinks_for: &self.shrinks_for,
            stretches_with: &self.stretches_with,
        }
    }
}

impl Block {
    /// How this block makes room.
    pub fn room(&self) -> Room<'_> {
        Room {
            moves_with: &self.moves_with,
            shrinks_for: &self.shrinks_for,
            stretches_with: &self.stretches_with,
        }
    }
}

/// What a block shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A text with `{placeholders}`.
    Text,
    /// The station's logos in a row, the national mark first and never smaller.
    Logos,
    /// The first logo alone (the national mark, on badges).
    Mark,
    /// The service list as a table grouped by category.
    ServiceTable,
    /// Staff as photo cards.
    StaffCards,
    /// The process as a flow chart.
    ProcessChart,
    /// Address, hours, phones, e-mail as labelled lines.
    ContactList,
    /// QR codes with their labels.
    QrCodes,
    /// The 五社联动 partners, compactly: one line per kind (for the combined board).
    Partners,
    /// The 五社联动 partners as a diagram: the five kinds around the station.
    PartnersDiagram,
    /// The text of the rule a 制度牌 page shows; continues on further pages.
    RuleText,
    /// 指导单位 · 承接机构 · 监督电话 · 更新日期.
    Footer,
    /// The photo of the staff member a badge is for.
    Photo,
}

impl BlockKind {
    /// Every block kind, in the order templates/README.md lists them.
    pub const ALL: [BlockKind; 13] = [
        BlockKind::Text,
        BlockKind::Logos,
        BlockKind::Mark,
        BlockKind::ServiceTable,
        BlockKind::StaffCards,
        BlockKind::ProcessChart,
        BlockKind::ContactList,
        BlockKind::QrCodes,
        BlockKind::Partners,
        BlockKind::PartnersDiagram,
        BlockKind::RuleText,
        BlockKind::Footer,
        BlockKind::Photo,
    ];

    /// The name a template writes (`kind = "service_table"`).
    pub fn code(self) -> &'static str {
        match self {
            BlockKind::Text => "text",
            BlockKind::Logos => "logos",
            BlockKind::Mark => "mark",
            BlockKind::ServiceTable => "service_table",
            BlockKind::StaffCards => "staff_cards",
            BlockKind::ProcessChart => "process_chart",
            BlockKind::ContactList => "contact_list",
            BlockKind::QrCodes => "qr_codes",
            BlockKind::Partners => "partners",
            BlockKind::PartnersDiagram => "partners_diagram",
            BlockKind::RuleText => "rule_text",
            BlockKind::Footer => "footer",
            BlockKind::Photo => "photo",
        }
    }

    /// The kind a template names, if there is one.
    pub fn from_code(code: &str) -> Option<BlockKind> {
        BlockKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// A `{placeholder}` in a text block's `text`, filled with station data by layout. The one list
/// of placeholders: layout fills exactly these, the checker accepts exactly these, and
/// templates/README.md lists them (a test compares).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// `station.name`.
    StationName,
    /// The name broken after the town or county.
    StationNameLines,
    /// The short name, given or proposed.
    StationShortName,
    /// `station.county`.
    StationCounty,
    /// `station.town`.
    StationTown,
    /// `station.operator`.
    StationOperator,
    /// `station.intro`.
    StationIntro,
    /// `station.slogan`.
    StationSlogan,
    /// The station kind's Chinese name.
    StationKind,
    /// `contacts.address`.
    ContactsAddress,
    /// `contacts.hours`.
    ContactsHours,
    /// `contacts.hotline`.
    ContactsHotline,
    /// `contacts.supervision_phone`.
    ContactsSupervisionPhone,
    /// `contacts.email`.
    ContactsEmail,
    /// Every distinct service target.
    ServicesTargets,
    /// The service categories.
    ServicesCategories,
    /// The sign's name (with （续） on continuation pages).
    SignTitle,
    /// `updated`.
    Updated,
    /// The room of a door plate.
    Room,
    /// The staff member of a badge: name.
    StaffName,
    /// … post.
    StaffPost,
    /// … level.
    StaffLevel,
    /// … certificate number.
    StaffCertificateNo,
    /// The title of the rule a 制度牌 page shows.
    RuleTitle,
}

impl Placeholder {
    /// Every placeholder, in the order templates/README.md lists them.
    pub const ALL: [Placeholder; 24] = [
        Placeholder::StationName,
        Placeholder::StationNameLines,
        Placeholder::StationShortName,
        Placeholder::StationCounty,
        Placeholder::StationTown,
        Placeholder::StationOperator,
        Placeholder::StationIntro,
        Placeholder::StationSlogan,
        Placeholder::StationKind,
        Placeholder::ContactsAddress,
        Placeholder::ContactsHours,
        Placeholder::ContactsHotline,
        Placeholder::ContactsSupervisionPhone,
        Placeholder::ContactsEmail,
        Placeholder::ServicesTargets,
        Placeholder::ServicesCategories,
        Placeholder::SignTitle,
        Placeholder::Updated,
        Placeholder::Room,
        Placeholder::StaffName,
        Placeholder::StaffPost,
        Placeholder::StaffLevel,
        Placeholder::StaffCertificateNo,
        Placeholder::RuleTitle,
    ];

    /// The name between the braces: `station.name`.
    pub fn name(self) -> &'static str {
        match self {
            Placeholder::StationName => "station.name",
            Placeholder::StationNameLines => "station.name_lines",
            Placeholder::StationShortName => "station.short_name",
            Placeholder::StationCounty => "station.county",
            Placeholder::StationTown => "station.town",
            Placeholder::StationOperator => "station.operator",
            Placeholder::StationIntro => "station.intro",
            Placeholder::StationSlogan => "station.slogan",
            Placeholder::StationKind => "station.kind",
            Placeholder::ContactsAddress => "contacts.address",
            Placeholder::ContactsHours => "contacts.hours",
            Placeholder::ContactsHotline => "contacts.hotline",
            Placeholder::ContactsSupervisionPhone => "contacts.supervision_phone",
            Placeholder::ContactsEmail => "contacts.email",
            Placeholder::ServicesTargets => "services.targets",
            Placeholder::ServicesCategories => "services.categories",
            Placeholder::SignTitle => "sign.title",
            Placeholder::Updated => "updated",
            Placeholder::Room => "room",
            Placeholder::StaffName => "staff.name",
            Placeholder::StaffPost => "staff.post",
            Placeholder::StaffLevel => "staff.level",
            Placeholder::StaffCertificateNo => "staff.certificate_no",
            Placeholder::RuleTitle => "rule.title",
        }
    }

    /// The placeholder of this name (without braces), if there is one.
    pub fn from_name(name: &str) -> Option<Placeholder> {
        Placeholder::ALL
            .into_iter()
            .find(|placeholder| placeholder.name() == name)
    }

    /// The one sign a per-item placeholder has content on (door plates: the room; badges: the
    /// staff member; 制度牌: the rule); `None` for placeholders that work on every sign.
    pub fn only_on(self) -> Option<SignKind> {
        match self {
            Placeholder::Room => Some(SignKind::RoomPlate),
            Placeholder::StaffName
            | Placeholder::StaffPost
            | Placeholder::StaffLevel
            | Placeholder::StaffCertificateNo => Some(SignKind::Badge),
            Placeholder::RuleTitle => Some(SignKind::Rules),
            _ => None,
        }
    }
}

/// A piece of a text block's `text`: literal text, a `{name}`, or a `{` never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPiece<'a> {
    /// Printed as it is.
    Literal(&'a str),
    /// The name between `{` and the next `}` (known or not).
    Placeholder(&'a str),
    /// From a `{` that has no `}` after it to the end: printed as it is.
    Unclosed(&'a str),
}

/// Splits a template text into literal pieces and `{placeholders}`: the one reading of the
/// braces, shared by layout (filling) and the checker (reporting).
pub fn text_pieces(text: &str) -> Vec<TextPiece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let before = rest.get(..open).unwrap_or("");
        if !before.is_empty() {
            pieces.push(TextPiece::Literal(before));
        }
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else {
            pieces.push(TextPiece::Unclosed(rest.get(open..).unwrap_or("")));
            return pieces;
        };
        pieces.push(TextPiece::Placeholder(after.get(..close).unwrap_or("")));
        rest = after.get(close + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        pieces.push(TextPiece::Literal(rest));
    }
    pieces
}

/// The names of the placeholders in `text` that are not [`Placeholder`]s, in order, each once.
pub fn unknown_placeholders(text: &str) -> Vec<&str> {
    let mut unknown: Vec<&str> = Vec::new();
    for piece in text_pieces(text) {
        if let TextPiece::Placeholder(name) = piece
            && Placeholder::from_name(name).is_none()
            && !unknown.contains(&name)
        {
            unknown.push(name);
        }
    }
    unknown
}

/// A content region.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// What it shows.
    pub kind: BlockKind,
    /// `[x, y, width, height]` as fractions of the page.
    pub rect: [f32; 4],
    /// Where a list continues on its further pages (default: the same rectangle).
    #[serde(default)]
    pub continuation_rect: Option<[f32; 4]>,
    /// Shown on the first page only.
    #[serde(default)]
    pub first_page_only: bool,
    /// For text blocks: the text, with placeholders such as `{station.name}`.
    #[serde(default)]
    pub text: String,
    /// The station file field the text comes from (named in warnings).
    #[serde(default)]
    pub field: String,
    /// Text style (for lists: the body text).
    #[serde(default)]
    pub style: Style,
    /// Style of headings inside lists (category, names, step names).
    #[serde(default)]
    pub heading: Option<Style>,
    /// Where the block goes when the station has no logos (a header beside the logo is centred
    /// on the whole band instead of keeping empty room for a logo).
    #[serde(default)]
    pub rect_without_logos: Option<[f32; 4]>,
    /// For logos: show at most this many (0: all), the first (the national mark) first.
    #[serde(default)]
    pub max_items: usize,
    /// Essential text (station name, phones, dates, names): never cut. When it does not fit at
    /// the smallest size the block first grows (`grow`), then its text goes below the smallest
    /// size, and only then is it reported; secondary text is shrunk and cut instead.
    #[serde(default)]
    pub essential: bool,
    /// The block's height is a range: it may grow by up to this fraction of the page height when
    /// its text needs the room (more lines of a long name). Other items make room as their
    /// `moves_with` / `shrinks_for` / `stretches_with` say.
    #[serde(default)]
    pub grow: f32,
    /// Grow upwards (a footer band at the bottom of the page) instead of downwards.
    #[serde(default)]
    pub grow_up: bool,
    /// The name other items use to refer to this block's growth.
    #[serde(default)]
    pub id: String,
    /// Growing blocks (by `id`) this item moves with: what lies below a title moves down with it.
    #[serde(default)]
    pub moves_with: Vec<String>,
    /// Growing blocks this item shrinks for: it gives up the room on the side facing them (a list
    /// under a title: its top moves down, its bottom stays).
    #[serde(default)]
    pub shrinks_for: Vec<String>,
    /// Growing blocks this item stretches with (the band behind a title grows with it).
    #[serde(default)]
    pub stretches_with: Vec<String>,
    /// How a list block is drawn: filled panels (the standard design) or lines only.
    #[serde(default)]
    pub look: Look,
}

/// How a list block (service table, staff, process chart) is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Look {
    /// Filled panels: a coloured table head and striped rows, staff on cards, filled step boxes.
    #[default]
    Filled,
    /// Lines only, on the page's background: an open table ruled under its head and between
    /// rows, staff as rows divided by rules, step boxes outlined.
    Ruled,
}

/// How text looks and how far it may shrink.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Weight.
    #[serde(default)]
    pub weight: Weight,
    /// `[largest, smallest]` size, fractions of the page's shorter side.
    #[serde(default = "default_size")]
    pub size: [f32; 2],
    /// Colour.
    #[serde(default = "default_text_color")]
    pub color: ColorRef,
    /// Horizontal alignment.
    #[serde(default)]
    pub align: Align,
    /// Vertical alignment.
    #[serde(default)]
    pub valign: VerticalAlign,
    /// Line height as a multiple of the size.
    #[serde(default = "default_line_height")]
    pub line_height: f32,
    /// At most this many lines (0: no limit).
    #[serde(default)]
    pub max_lines: usize,
    /// Vertical text: columns top to bottom, following each other left to right (traditional
    /// Mongolian; Chinese in such a block stands upright).
    #[serde(default)]
    pub vertical: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            weight: Weight::Regular,
            size: default_size(),
            color: default_text_color(),
            align: Align::Left,
            valign: VerticalAlign::Top,
            line_height: default_line_height(),
            max_lines: 0,
            vertical: false,
        }
    }
}

fn default_size() -> [f32; 2] {
    [0.03, 0.012]
}
fn default_text_color() -> ColorRef {
    ColorRef::Theme(ThemeColor::Text)
}
fn default_line_height() -> f32 {
    1.35
}

/// The built-in design of a sign kind, if this version has one.
pub fn builtin_source(kind: SignKind) -> Option<&'static str> {
    match kind {
        SignKind::Plaque => Some(include_str!("../templates/plaque.toml")),
        SignKind::Services => Some(include_str!("../templates/services.toml")),
        SignKind::Staff => Some(include_str!("../templates/staff.toml")),
        SignKind::Process => Some(include_str!("../templates/process.toml")),
        SignKind::Contacts => Some(include_str!("../templates/contacts.toml")),
        SignKind::Board => Some(include_str!("../templates/board.toml")),
        SignKind::RoomPlate => Some(include_str!("../templates/room_plate.toml")),
        SignKind::Badge => Some(include_str!("../templates/badge.toml")),
        SignKind::Screen => Some(include_str!("../templates/screen.toml")),
        SignKind::Partners => Some(include_str!("../templates/partners.toml")),
        SignKind::Rules => Some(include_str!("../templates/rules.toml")),
    }
}

/// The warning for a station whose `appearance.design` names no built-in design (the standard
/// design is used); `None` when it is empty or known.
pub fn design_problem(design: &str) -> Option<crate::model::Diagnostic> {
    let chosen = design.trim();
    if chosen.is_empty() || DesignId::parse(chosen).is_some() {
        return None;
    }
    Some(crate::model::Diagnostic::warning(
        crate::model::FieldPath::none()
            .key("appearance")
            .key("design"),
        format!(
            "设计“{chosen}”不存在，已改用标准设计；可选的设计：{}",
            DesignId::choices()
        ),
    ))
}

/// The TOML of a kind in a built-in design, when that design has its own (the simple design has
/// none for badges and screens: they follow the standard one, see [`builtin_in`]).
pub fn design_source(design: DesignId, kind: SignKind) -> Option<&'static str> {
    match design {
        DesignId::Standard => builtin_source(kind),
        DesignId::Simple => simple_source(kind),
        DesignId::Vertical => vertical_source(kind),
    }
}

fn simple_source(kind: SignKind) -> Option<&'static str> {
    match kind {
        SignKind::Plaque => Some(include_str!("../templates/simple/plaque.toml")),
        SignKind::Services => Some(include_str!("../templates/simple/services.toml")),
        SignKind::Staff => Some(include_str!("../templates/simple/staff.toml")),
        SignKind::Process => Some(include_str!("../templates/simple/process.toml")),
        SignKind::Contacts => Some(include_str!("../templates/simple/contacts.toml")),
        SignKind::Board => Some(include_str!("../templates/simple/board.toml")),
        SignKind::Partners => Some(include_str!("../templates/simple/partners.toml")),
        SignKind::Rules => Some(include_str!("../templates/simple/rules.toml")),
        SignKind::RoomPlate => Some(include_str!("../templates/simple/room_plate.toml")),
        SignKind::Badge | SignKind::Screen => None,
    }
}

/// The vertical design (竖牌) has its own plaque only: every other sign is the standard one.
fn vertical_source(kind: SignKind) -> Option<&'static str> {
    match kind {
        SignKind::Plaque => Some(include_str!("../templates/vertical/plaque.toml")),
        _ => None,
    }
}

/// The template of a kind in a built-in design; a kind the design has no variant of gets the
/// standard template.
pub fn builtin_in(design: DesignId, kind: SignKind) -> Result<Template, TemplateError> {
    if design == DesignId::Standard {
        return builtin(kind);
    }
    match design_source(design, kind) {
        Some(source) => parse(
            source,
            &format!("templates/{}/{}.toml", design.id(), kind.code()),
        ),
        None => builtin(kind),
    }
}

/// The sign kinds this version can make.
pub fn available_kinds() -> Vec<SignKind> {
    SignKind::ALL
        .into_iter()
        .filter(|kind| builtin_source(*kind).is_some())
        .collect()
}

/// Why a template could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The TOML does not describe a template.
    #[error("模板 {name} 有误：{reason}")]
    Invalid {
        /// File or built-in name.
        name: String,
        /// What is wrong.
        reason: String,
    },
}

/// Parses a template from TOML text; `name` names it in messages.
pub fn parse(text: &str, name: &str) -> Result<Template, TemplateError> {
    let mut template: Template = toml::from_str(text).map_err(|error| TemplateError::Invalid {
        name: name.to_owned(),
        reason: error.to_string(),
    })?;
    let bad_size = |mm: f32| !(mm.is_finite() && mm > 0.0);
    if bad_size(template.width_mm) || bad_size(template.height_mm) {
        return Err(TemplateError::Invalid {
            name: name.to_owned(),
            reason: "纸张尺寸必须为正数".into(),
        });
    }
    name.clone_into(&mut template.file);
    Ok(template)
}

/// The built-in template of a kind.
pub fn builtin(kind: SignKind) -> Result<Template, TemplateError> {
    let name = format!("templates/{}.toml", kind.code());
    let source = builtin_source(kind).ok_or_else(|| TemplateError::Invalid {
        name: name.clone(),
        reason: format!("本版本还不能制作“{}”", kind.label()),
    })?;
    parse(source, &name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_parses() {
        for kind in available_kinds() {
            let template = builtin(kind).unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(template.sign, kind);
        }
    }

    #[test]
    fn every_design_parses_and_falls_back_to_standard() {
        for design in DesignId::ALL {
            for kind in available_kinds() {
                let template = builtin_in(design, kind).unwrap_or_else(|error| panic!("{error}"));
                assert_eq!(template.sign, kind, "{design:?}");
                if design_source(design, kind).is_none() {
                    assert_eq!(Ok(&template), builtin(kind).as_ref().map_err(|_| ()));
                }
            }
        }
        // Every public board has its own simple variant.
        for kind in [
            SignKind::Plaque,
            SignKind::Services,
            SignKind::Staff,
            SignKind::Process,
            SignKind::Contacts,
            SignKind::Board,
            SignKind::Partners,
            SignKind::Rules,
        ] {
            assert!(design_source(DesignId::Simple, kind).is_some(), "{kind:?}");
            assert_ne!(
                builtin_in(DesignId::Simple, kind).ok(),
                builtin(kind).ok(),
                "{kind:?}"
            );
        }
        assert!(design_problem("华丽").is_some());
        assert!(design_problem(" 简洁 ").is_none());
        assert!(design_problem("").is_none());
    }

    #[test]
    fn every_theme_parses() {
        for name in THEMES {
            assert!(theme(name).is_some(), "{name}");
        }
    }
}
