//! The colour themes (`templates/themes.toml`, one per station kind) and the one place a colour
//! is looked up: [`Theme::color`] by [`ThemeColor`], [`Theme::resolve`] for a template's
//! [`ColorRef`] (a theme colour or `#rrggbb`). Templates are deserialised straight into
//! [`ColorRef`], so an unknown colour name is an error when the template is read, never black in
//! silence.

use serde::Deserialize;

use crate::frame::Rgb;
use crate::model::StationKind;
pub use crate::values::ThemeColor;

/// A colour as a template names it: one of the theme's colours, or a fixed `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum ColorRef {
    /// A colour of the station's theme.
    Theme(ThemeColor),
    /// A fixed colour (`#rrggbb`).
    Fixed(Rgb),
}

impl ColorRef {
    /// A theme colour name (`primary`) or `#rrggbb`; `None` for anything else.
    pub fn parse(text: &str) -> Option<ColorRef> {
        ThemeColor::from_code(text)
            .map(ColorRef::Theme)
            .or_else(|| Rgb::from_hex(text).map(ColorRef::Fixed))
    }

    /// The colour names a template may use (besides `#rrggbb`), joined for messages.
    pub fn choices() -> String {
        ThemeColor::ALL
            .iter()
            .map(|color| color.code())
            .collect::<Vec<_>>()
            .join("、")
    }
}

impl From<ThemeColor> for ColorRef {
    fn from(color: ThemeColor) -> Self {
        ColorRef::Theme(color)
    }
}

/// A colour name that is neither a theme colour nor `#rrggbb` (the text as written).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("未知的颜色 “{0}”（可用：{choices}，或 #rrggbb）", choices = ColorRef::choices())]
pub struct UnknownColor(pub String);

impl TryFrom<String> for ColorRef {
    type Error = UnknownColor;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        ColorRef::parse(&text).ok_or(UnknownColor(text))
    }
}

impl std::fmt::Display for ColorRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ColorRef::Theme(color) => f.write_str(color.code()),
            ColorRef::Fixed(rgb) => write!(f, "#{:02x}{:02x}{:02x}", rgb.red, rgb.green, rgb.blue),
        }
    }
}

/// Colours of one station kind.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Chinese name.
    pub label: String,
    /// Main colour (bands, step boxes).
    pub primary: String,
    /// Darker main colour (titles on white).
    pub primary_dark: String,
    /// Accent (small highlights).
    pub accent: String,
    /// Page background.
    pub background: String,
    /// Panel background (cards, table stripes).
    pub surface: String,
    /// Body text.
    pub text: String,
    /// Secondary text.
    pub muted: String,
    /// Text on the main colour.
    pub on_primary: String,
    /// Thin lines and borders.
    pub line: String,
    /// Multiplies every minimum text size (larger for elderly-service designs).
    #[serde(default = "one")]
    pub min_text_scale: f32,
}

fn one() -> f32 {
    1.0
}

impl Theme {
    /// One of the theme's colours (black if the theme's value is no `#rrggbb`, which
    /// `check_themes` reports).
    pub fn color(&self, color: ThemeColor) -> Rgb {
        let value = match color {
            ThemeColor::Primary => &self.primary,
            ThemeColor::PrimaryDark => &self.primary_dark,
            ThemeColor::Accent => &self.accent,
            ThemeColor::Background => &self.background,
            ThemeColor::Surface => &self.surface,
            ThemeColor::Text => &self.text,
            ThemeColor::Muted => &self.muted,
            ThemeColor::OnPrimary => &self.on_primary,
            ThemeColor::Line => &self.line,
        };
        Rgb::from_hex(value).unwrap_or(Rgb::BLACK)
    }

    /// A template's colour in this theme.
    pub fn resolve(&self, color: ColorRef) -> Rgb {
        match color {
            ColorRef::Theme(color) => self.color(color),
            ColorRef::Fixed(rgb) => rgb,
        }
    }
}

/// The names of the themes, in the order the app offers them.
pub const THEMES: [&str; 3] = [
    "social_work_station",
    "minors_protection",
    "elderly_service",
];

static THEMES_TOML: &str = include_str!("../../templates/themes.toml");

/// A theme by name (one of [`THEMES`]).
pub fn theme(name: &str) -> Option<Theme> {
    let mut all: std::collections::BTreeMap<String, Theme> = toml::from_str(THEMES_TOML).ok()?;
    all.remove(name)
}

/// The theme for a station kind (unknown kinds get the social-work station's).
pub fn theme_for(kind: &StationKind) -> Theme {
    let name = match kind {
        StationKind::MinorsProtection => "minors_protection",
        StationKind::ElderlyService => "elderly_service",
        _ => "social_work_station",
    };
    theme(name)
        .or_else(|| theme("social_work_station"))
        .unwrap_or_else(fallback_theme)
}

fn fallback_theme() -> Theme {
    Theme {
        label: "默认".into(),
        primary: "#1f5f8b".into(),
        primary_dark: "#163f5c".into(),
        accent: "#2a9d8f".into(),
        background: "#ffffff".into(),
        surface: "#eef4f8".into(),
        text: "#1d2630".into(),
        muted: "#4a5866".into(),
        on_primary: "#ffffff".into(),
        line: "#b8c7d3".into(),
        min_text_scale: 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_names_are_read_into_types_and_unknown_ones_refused() {
        assert_eq!(
            ColorRef::parse("primary_dark"),
            Some(ColorRef::Theme(ThemeColor::PrimaryDark))
        );
        assert_eq!(
            ColorRef::parse("#1d5f8a"),
            Some(ColorRef::Fixed(Rgb::new(0x1d, 0x5f, 0x8a)))
        );
        assert_eq!(ColorRef::parse("primay"), None);
        let error = ColorRef::try_from("primay".to_owned())
            .unwrap_err()
            .to_string();
        assert!(error.contains("未知的颜色 “primay”"), "{error}");
        assert!(error.contains("primary_dark"), "{error}");
        let theme = theme_for(&StationKind::default());
        for color in ThemeColor::ALL {
            let rgb = theme.color(color);
            assert_eq!(theme.resolve(ColorRef::Theme(color)), rgb);
            assert_eq!(
                ColorRef::parse(&ColorRef::Fixed(rgb).to_string()),
                Some(ColorRef::Fixed(rgb))
            );
        }
        assert_eq!(theme.color(ThemeColor::Primary), Rgb::new(0x1d, 0x5f, 0x8a));
    }

    #[test]
    fn a_misspelt_colour_in_a_template_is_refused_when_it_is_read() {
        let head = "sign = \"plaque\"\nwidth_mm = 600\nheight_mm = 400\n";
        let good = format!("{head}[[shapes]]\nrect = [0, 0, 1, 0.2]\nfill = \"primary_dark\"\n");
        let template = crate::template::parse(&good, "x.toml").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            template.shapes[0].fill,
            Some(ColorRef::Theme(ThemeColor::PrimaryDark))
        );
        let bad = good.replace("primary_dark", "primay_dark");
        let error = crate::template::parse(&bad, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(error.contains("未知的颜色 “primay_dark”"), "{error}");
    }
}
