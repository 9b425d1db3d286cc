//! Domain values as types, not strings: the theme's colours ([`ThemeColor`]), the built-in
//! designs ([`DesignId`]), the print shop's output profiles ([`OutputProfile`]) and the roster's
//! list sheets ([`ListSheet`]). A leaf module (it uses nothing of the crate), so the model, the
//! templates, style packs, the export and the roster all name the same values; the template
//! checker takes its key lists from the serde schema through [`serde_fields`] and
//! [`serde_variants`] instead of writing them out again.

use serde::{Deserialize, Serialize};

/// A colour of a theme (`templates/themes.toml`): templates name these, layout draws them.
/// Looked up with `Theme::color`; a misspelt name is a compile error here and a checked error in
/// a template, never black in silence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeColor {
    /// Main colour (bands, step boxes).
    Primary,
    /// Darker main colour (titles on white).
    PrimaryDark,
    /// Accent (small highlights).
    Accent,
    /// Page background.
    Background,
    /// Panel background (cards, table stripes).
    Surface,
    /// Body text.
    Text,
    /// Secondary text.
    Muted,
    /// Text on the main colour.
    OnPrimary,
    /// Thin lines and borders.
    Line,
}

impl ThemeColor {
    /// Every theme colour, in the order of `themes.toml`.
    pub const ALL: [ThemeColor; 9] = [
        ThemeColor::Primary,
        ThemeColor::PrimaryDark,
        ThemeColor::Accent,
        ThemeColor::Background,
        ThemeColor::Surface,
        ThemeColor::Text,
        ThemeColor::Muted,
        ThemeColor::OnPrimary,
        ThemeColor::Line,
    ];

    /// The name templates and `themes.toml` use (`primary_dark`).
    pub fn code(self) -> &'static str {
        match self {
            ThemeColor::Primary => "primary",
            ThemeColor::PrimaryDark => "primary_dark",
            ThemeColor::Accent => "accent",
            ThemeColor::Background => "background",
            ThemeColor::Surface => "surface",
            ThemeColor::Text => "text",
            ThemeColor::Muted => "muted",
            ThemeColor::OnPrimary => "on_primary",
            ThemeColor::Line => "line",
        }
    }

    /// The colour with this name, if there is one.
    pub fn from_code(code: &str) -> Option<ThemeColor> {
        ThemeColor::ALL
            .into_iter()
            .find(|color| color.code() == code)
    }
}

impl std::fmt::Display for ThemeColor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A built-in design (标准, 简洁, 竖牌). A station chooses one in `appearance.design` (kept as typed,
/// an unknown name is a warning there); `--design`, a style pack's `design` and the export
/// settings hold this type.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DesignId {
    /// 标准: coloured bands, cards and panels.
    #[default]
    Standard,
    /// 简洁: white page, a colour bar, lines only.
    Simple,
    /// 竖牌: the plaque as a vertical plaque (the name in columns, traditional Mongolian on the
    /// left of the Chinese); the other signs are the standard ones.
    Vertical,
}

impl DesignId {
    /// Every built-in design, the standard one first.
    pub const ALL: [DesignId; 3] = [DesignId::Standard, DesignId::Simple, DesignId::Vertical];

    /// The id (`standard`, `simple`): station files, style packs, folders of templates.
    pub fn id(self) -> &'static str {
        match self {
            DesignId::Standard => "standard",
            DesignId::Simple => "simple",
            DesignId::Vertical => "vertical",
        }
    }

    /// The Chinese label (标准, 简洁).
    pub fn label(self) -> &'static str {
        match self {
            DesignId::Standard => "标准",
            DesignId::Simple => "简洁",
            DesignId::Vertical => "竖牌",
        }
    }

    /// The design named by its id or its Chinese label (surrounding spaces and the id's case
    /// ignored); `None` when there is no such design.
    pub fn parse(name: &str) -> Option<DesignId> {
        let name = name.trim();
        DesignId::ALL
            .into_iter()
            .find(|design| design.id().eq_ignore_ascii_case(name) || design.label() == name)
    }

    /// The designs as the app and messages list them: 标准（standard）、简洁（simple）、竖牌（vertical）.
    pub fn choices() -> String {
        DesignId::ALL
            .map(|design| format!("{}（{}）", design.label(), design.id()))
            .join("、")
    }
}

/// Who prints the signs. [`OutputProfile::Standard`] is what the program did before profiles
/// existed (the user's bleed and crop-mark choices) and stays the default. What each profile
/// asks for (bleed, marks, limits) is `export::profile`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum OutputProfile {
    /// The user's own bleed and crop-mark settings.
    #[default]
    Standard,
    /// 展板 / KT 板 / 铝塑板: 3 mm bleed, crop marks.
    Board,
    /// 写真 / 喷绘: no bleed, a white margin for eyelets, lower photo resolution needed.
    Banner,
    /// 亚克力 / 钛金 door plates: no bleed, exact size.
    Plate,
    /// 工作证 at a card shop: 1.5 mm bleed, crop marks, 3 mm rounded-corner guide, text 3 mm
    /// inside the cut, photos at 300 dpi.
    Card,
    /// A4/A3 on an office printer: no bleed, laid out inside the printable area.
    Office,
}

impl OutputProfile {
    /// Every profile, the default first.
    pub const ALL: [OutputProfile; 6] = [
        OutputProfile::Standard,
        OutputProfile::Board,
        OutputProfile::Banner,
        OutputProfile::Plate,
        OutputProfile::Card,
        OutputProfile::Office,
    ];

    /// The code used on the command line, in style packs and in file names.
    pub fn code(self) -> &'static str {
        match self {
            OutputProfile::Standard => "standard",
            OutputProfile::Board => "board",
            OutputProfile::Banner => "banner",
            OutputProfile::Plate => "plate",
            OutputProfile::Card => "card",
            OutputProfile::Office => "office",
        }
    }

    /// The profile with this code (case-insensitive, surrounding spaces ignored).
    pub fn from_code(code: &str) -> Option<OutputProfile> {
        OutputProfile::ALL
            .into_iter()
            .find(|profile| profile.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The Chinese name shown in the app and in messages.
    pub fn label(self) -> &'static str {
        match self {
            OutputProfile::Standard => "通用（默认）",
            OutputProfile::Board => "展板/KT板/铝塑板",
            OutputProfile::Banner => "写真/喷绘",
            OutputProfile::Plate => "亚克力/钛金门牌",
            OutputProfile::Card => "工作证（制卡店）",
            OutputProfile::Office => "办公室打印机（A4/A3）",
        }
    }

    /// A short name for narrow places (the app's toolbar).
    pub fn short_label(self) -> &'static str {
        match self {
            OutputProfile::Standard => "通用",
            OutputProfile::Board => "展板",
            OutputProfile::Banner => "写真喷绘",
            OutputProfile::Plate => "门牌",
            OutputProfile::Card => "工作证",
            OutputProfile::Office => "办公打印",
        }
    }
}

/// A roster sheet that holds one list of every station (a row is one item), as opposed to the
/// 站点 sheet (a row is one station).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListSheet {
    /// 服务项目: one service a row.
    Services,
    /// 服务人员: one person a row.
    Staff,
    /// 服务流程: one step a row, in order.
    Process,
    /// 五社联动: one partner a row.
    Partners,
    /// 工作制度: one rule a row.
    Rules,
}

impl ListSheet {
    /// Every list sheet, in the roster's order.
    pub const ALL: [ListSheet; 5] = [
        ListSheet::Services,
        ListSheet::Staff,
        ListSheet::Process,
        ListSheet::Partners,
        ListSheet::Rules,
    ];

    /// The sheet's name in the workbook (and of its CSV file without `.csv`).
    pub const fn name(self) -> &'static str {
        match self {
            ListSheet::Services => "服务项目",
            ListSheet::Staff => "服务人员",
            ListSheet::Process => "服务流程",
            ListSheet::Partners => "五社联动",
            ListSheet::Rules => "工作制度",
        }
    }

    /// The list sheet of this name; `None` for the 站点 sheet and any other.
    pub fn from_name(name: &str) -> Option<ListSheet> {
        ListSheet::ALL
            .into_iter()
            .find(|sheet| sheet.name() == name)
    }
}

/// The keys a serde struct reads (its fields after `rename`, without skipped ones), taken from
/// its `Deserialize` implementation: the schema written once. Empty for a type that is not a
/// derived struct.
pub fn serde_fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    introspect::<T>(Wanted::Fields)
}

/// The names a serde enum of unit variants reads (after `rename_all`), from its `Deserialize`
/// implementation. Empty for a type that is not a derived enum.
pub fn serde_variants<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    introspect::<T>(Wanted::Variants)
}

#[derive(Clone, Copy, PartialEq)]
enum Wanted {
    Fields,
    Variants,
}

fn introspect<'de, T: Deserialize<'de>>(wanted: Wanted) -> &'static [&'static str] {
    let mut found: &'static [&'static str] = &[];
    // Always an error: the deserializer only records the names it is asked for.
    let _ = T::deserialize(Introspect {
        wanted,
        found: &mut found,
    });
    found
}

/// A deserializer that holds no data: it records the field or variant names a derived
/// `Deserialize` passes to `deserialize_struct` / `deserialize_enum` and stops.
struct Introspect<'a> {
    wanted: Wanted,
    found: &'a mut &'static [&'static str],
}

impl Introspect<'_> {
    /// Keeps `names` when they are the kind wanted; always an error (nothing is deserialised).
    fn record<T>(
        self,
        kind: Wanted,
        names: &'static [&'static str],
    ) -> Result<T, serde::de::value::Error> {
        if self.wanted == kind && !names.is_empty() {
            *self.found = names;
        }
        Err(serde::de::Error::custom("introspection only"))
    }
}

impl<'de> serde::Deserializer<'de> for Introspect<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        self.record(Wanted::Fields, &[])
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.record(Wanted::Fields, fields)
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.record(Wanted::Variants, variants)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value's name reads back as the value, and the names are the serde ones (`serde`
    /// `None` for a type not read by serde).
    fn round_trip<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        name: fn(T) -> &'static str,
        read: fn(&str) -> Option<T>,
        serde: Option<&[&str]>,
    ) {
        let names: Vec<&str> = all.iter().map(|value| name(*value)).collect();
        let read_back: Vec<Option<T>> = names.iter().map(|text| read(text)).collect();
        assert_eq!(
            read_back,
            all.iter().map(|value| Some(*value)).collect::<Vec<_>>()
        );
        if let Some(serde) = serde {
            assert_eq!(names, serde);
        }
    }

    #[test]
    fn codes_and_names_read_back() {
        round_trip(
            &ThemeColor::ALL,
            ThemeColor::code,
            ThemeColor::from_code,
            Some(serde_variants::<ThemeColor>()),
        );
        assert_eq!(ThemeColor::from_code("primay"), None);
        round_trip(
            &DesignId::ALL,
            DesignId::id,
            DesignId::parse,
            Some(serde_variants::<DesignId>()),
        );
        round_trip(&DesignId::ALL, DesignId::label, DesignId::parse, None);
        assert_eq!(DesignId::parse(" SIMPLE "), Some(DesignId::Simple));
        assert_eq!(DesignId::parse("华丽"), None);
        assert_eq!(
            DesignId::choices(),
            "标准（standard）、简洁（simple）、竖牌（vertical）"
        );
        round_trip(
            &OutputProfile::ALL,
            OutputProfile::code,
            OutputProfile::from_code,
            Some(serde_variants::<OutputProfile>()),
        );
        assert_eq!(
            OutputProfile::from_code(" Banner "),
            Some(OutputProfile::Banner)
        );
        assert_eq!(OutputProfile::from_code("poster"), None);
        round_trip(&ListSheet::ALL, ListSheet::name, ListSheet::from_name, None);
        assert_eq!(ListSheet::from_name("站点"), None);
        assert_eq!(ListSheet::from_name("填写说明"), None);
    }

    #[test]
    fn introspection_reads_the_derived_schema() {
        #[derive(Deserialize)]
        #[allow(dead_code)] // only its schema is read
        struct Example {
            plain: u8,
            #[serde(rename = "other")]
            renamed: u8,
            #[serde(skip)]
            skipped: u8,
        }
        assert_eq!(serde_fields::<Example>(), ["plain", "other"]);
        assert!(serde_variants::<Example>().is_empty());
        assert!(serde_fields::<String>().is_empty());
        assert_eq!(
            serde_variants::<OutputProfile>(),
            ["standard", "board", "banner", "plate", "card", "office"]
        );
    }
}
