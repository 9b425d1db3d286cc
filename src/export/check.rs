//! The one station check. [`check_station`] gives the station as its signs show it (its style
//! pack applied), its pictures read once, its fonts, its design and every diagnostic about it;
//! `liangpai check`, every export (one sign or the whole set), batch and print go through it, and
//! the app checks its form with [`data_diagnostics`], the same checks without reading pictures
//! (its preview worker reads those through [`super::styled_inputs`]). So all of them say the same
//! about the same station, e.g. none asks for a 监督电话 the style pack provides.

use std::path::Path;
use std::sync::Arc;

use super::{ExportSettings, station_design, station_style, styled_inputs};
use crate::fonts::Fonts;
use crate::model::{Diagnostic, StationFile};
use crate::style_pack::StylePack;

/// The most characters of text one station may hold, all its fields together (a station's
/// texts are a few thousand; 400,000 is a book).
pub const MAX_STATION_TEXT_CHARS: usize = 400_000;
/// The most items one list of a station may hold (staff, services, steps, partners, rules,
/// rooms, logos).
pub const MAX_LIST_ITEMS: usize = 5_000;

/// Why a station cannot be made at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StationRefused {
    /// A list longer than [`MAX_LIST_ITEMS`].
    #[error(
        "这个站点的{list}有 {count} 项，超过了一个站点最多 {MAX_LIST_ITEMS} 项的上限，没有生成。请检查是否重复粘贴了内容，或把站点分开"
    )]
    TooManyItems {
        /// The list, in the form's words (服务人员).
        list: &'static str,
        /// How many items it has.
        count: usize,
    },
    /// More text than [`MAX_STATION_TEXT_CHARS`].
    #[error(
        "这个站点的文字一共约 {} 万字，超过了一个站点最多 {} 万字的上限，没有生成。请检查是否误粘贴了大段内容（例如整篇文件）",
        chars / 10_000,
        MAX_STATION_TEXT_CHARS / 10_000
    )]
    TooMuchText {
        /// How many characters.
        chars: usize,
    },
    /// Its pictures together pass [`crate::assets::MAX_STATION_PICTURE_BYTES`] (the diagnostics
    /// say which pictures were not read and what to do).
    #[error("这个站点的图片合计太大，没有生成（见上面关于图片的提示）")]
    PicturesOverBudget,
}

/// Why a station is too big to be made at all, judged from its data before anything is read or
/// laid out for it: too much text, or a list too long. `None` when it is within
/// [`MAX_STATION_TEXT_CHARS`] and [`MAX_LIST_ITEMS`]. Pictures have their own budget
/// ([`crate::assets::MAX_STATION_PICTURE_BYTES`]), checked from their headers.
pub fn over_budget(station: &StationFile) -> Option<StationRefused> {
    let lists = [
        ("服务人员", station.staff.len()),
        ("服务项目", station.services.len()),
        ("服务流程", station.process.len()),
        ("五社联动", station.partners.len()),
        ("工作制度", station.rules.len()),
        ("功能室", station.station.rooms.len()),
        ("标志", station.station.logos.len()),
    ];
    if let Some(&(list, count)) = lists.iter().find(|(_, count)| *count > MAX_LIST_ITEMS) {
        return Some(StationRefused::TooManyItems { list, count });
    }
    let chars = serde_json::to_string(station)
        .map(|text| text.chars().count())
        .unwrap_or(0);
    (chars > MAX_STATION_TEXT_CHARS).then_some(StationRefused::TooMuchText { chars })
}

/// A station checked and ready to be made.
pub struct CheckedStation {
    /// The station as its signs show it (style pack applied).
    pub station: StationFile,
    /// The style pack used: the settings', else the one the station names (when it can be read).
    pub style: Option<Arc<StylePack>>,
    /// Its pictures, each read and decoded once.
    pub assets: crate::layout::Assets,
    /// The settings' fonts, with the fallback face when some text needs it.
    pub fonts: Fonts,
    /// The design its signs are made in.
    pub design: crate::values::DesignId,
    /// Everything to say about the station's data, pictures, style pack and design, each
    /// problem once ([`crate::model::merge`]).
    pub diagnostics: Vec<Diagnostic>,
    /// Why it cannot be made at all, if so (nothing else is then read).
    pub refused: Option<StationRefused>,
}

impl CheckedStation {
    /// Whether it has errors or cannot be made.
    pub fn failed(&self) -> bool {
        self.refused.is_some() || self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The one station check (see the module): the style pack (the settings', else the station's
/// own) applied, the pictures read once, then validation, characters no font has, the design and
/// the pictures' problems. `base_dir` is the station file's folder (`None`: never saved).
pub fn check_station(
    station: &StationFile,
    base_dir: Option<&Path>,
    settings: &ExportSettings,
) -> CheckedStation {
    if let Some(refused) = over_budget(station) {
        return CheckedStation {
            station: station.clone(),
            style: None,
            assets: crate::layout::Assets::default(),
            fonts: settings.layout.fonts.clone(),
            design: crate::values::DesignId::Standard,
            diagnostics: Vec::new(),
            refused: Some(refused),
        };
    }
    let (style, style_problem) = station_style(station, base_dir, settings);
    let (styled, loaded) = styled_inputs(
        station,
        base_dir,
        style.as_deref(),
        &super::export_date_iso(settings),
    );
    let fonts = crate::font_files::with_fallback_if_needed(&settings.layout.fonts, &styled);
    let (design, mut diagnostics) = data_diagnostics(&styled, &fonts, settings.design);
    diagnostics.extend(style_problem);
    diagnostics.extend(loaded.problems);
    CheckedStation {
        station: styled,
        style,
        assets: loaded.assets,
        fonts,
        design,
        diagnostics: crate::model::merge(diagnostics),
        refused: loaded
            .over_budget
            .then_some(StationRefused::PicturesOverBudget),
    }
}

/// What the station's data says without its pictures: validation, characters no `fonts` has
/// (errors in names), an unknown `appearance.design` (unless `chosen_design` overrides it); and
/// the design the signs are made in. `styled` is the station as its style pack makes it (see
/// [`crate::style_pack::apply`]).
pub fn data_diagnostics(
    styled: &StationFile,
    fonts: &Fonts,
    chosen_design: Option<crate::values::DesignId>,
) -> (crate::values::DesignId, Vec<Diagnostic>) {
    let mut diagnostics = crate::model::validate(styled);
    diagnostics.extend(crate::model::check_characters(styled, |ch| {
        fonts.has_char(ch)
    }));
    let (design, design_problem) = station_design(chosen_design, styled);
    diagnostics.extend(design_problem);
    (design, diagnostics)
}
