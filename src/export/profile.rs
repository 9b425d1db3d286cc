//! Output profiles: what the print shop makes (a KT board, a 写真/喷绘 banner, an acrylic door
//! plate, badges at a card shop, or a print on the office printer), and what each wants: bleed,
//! crop marks, a white margin, a safe margin for text, a rounded-corner guide and the limits the
//! preflight report checks (smallest text, thinnest line, lowest photo resolution).

use crate::sign::SignKind;

pub use crate::values::OutputProfile;

/// What a profile asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProfileRules {
    /// Bleed in mm; `None` keeps the user's setting.
    pub bleed_mm: Option<f32>,
    /// Crop marks; `None` keeps the user's setting.
    pub crop_marks: Option<bool>,
    /// Text must stay this far inside the cut (mm); closer is a preflight warning (with a white
    /// margin: inside the sheet's edge, see [`OutputProfile::white_margin_mm`]).
    pub safe_margin_mm: f32,
    /// Radius of the rounded corners the shop cuts (a guide is drawn outside the artwork), mm.
    pub corner_radius_mm: Option<f32>,
    /// Smallest text size that prints readably with this process, pt.
    pub min_text_pt: f32,
    /// Thinnest line this process prints, mm.
    pub min_line_mm: f32,
    /// Lowest photo resolution at its placed size, dpi (badges: see [`OutputProfile::min_photo_dpi`]).
    pub min_photo_dpi: f32,
}

impl OutputProfile {
    /// The profile's rules.
    pub fn rules(self) -> ProfileRules {
        let base = ProfileRules {
            bleed_mm: None,
            crop_marks: None,
            safe_margin_mm: 0.0,
            corner_radius_mm: None,
            min_text_pt: 5.0,
            min_line_mm: 0.1,
            min_photo_dpi: 150.0,
        };
        match self {
            OutputProfile::Standard => base,
            OutputProfile::Board => ProfileRules {
                bleed_mm: Some(3.0),
                crop_marks: Some(true),
                safe_margin_mm: 5.0,
                ..base
            },
            OutputProfile::Banner => ProfileRules {
                bleed_mm: Some(0.0),
                crop_marks: Some(false),
                safe_margin_mm: 10.0,
                min_text_pt: 8.0,
                min_line_mm: 0.3,
                min_photo_dpi: 72.0,
                ..base
            },
            OutputProfile::Plate => ProfileRules {
                bleed_mm: Some(0.0),
                crop_marks: Some(false),
                safe_margin_mm: 3.0,
                min_text_pt: 6.0,
                min_line_mm: 0.2,
                ..base
            },
            OutputProfile::Card => ProfileRules {
                bleed_mm: Some(1.5),
                crop_marks: Some(true),
                safe_margin_mm: 3.0,
                corner_radius_mm: Some(3.0),
                min_photo_dpi: 300.0,
                ..base
            },
            OutputProfile::Office => ProfileRules {
                bleed_mm: Some(0.0),
                crop_marks: Some(false),
                safe_margin_mm: OFFICE_PRINTER_MARGIN_MM,
                min_text_pt: 4.0,
                ..base
            },
        }
    }

    /// The lowest photo resolution this profile accepts on a sign: badges are looked at from
    /// arm's length and always need 300 dpi.
    pub fn min_photo_dpi(self, kind: SignKind) -> f32 {
        let rules = self.rules();
        if kind == SignKind::Badge {
            rules.min_photo_dpi.max(300.0)
        } else {
            rules.min_photo_dpi
        }
    }

    /// The profile as file names show it (see [`super::naming`]): `None` for the standard
    /// profile and for the screen picture, which is for screens, not print shops
    /// (`柳溪镇社工站-站点门牌-写真喷绘.pdf`, `柳溪镇社工站-屏幕宣传图.png`).
    pub fn file_label(self, kind: SignKind) -> Option<&'static str> {
        match self {
            OutputProfile::Standard => None,
            _ if kind == SignKind::Screen => None,
            OutputProfile::Board => Some("展板"),
            OutputProfile::Banner => Some("写真喷绘"),
            OutputProfile::Plate => Some("制牌"),
            OutputProfile::Card => Some("制卡"),
            OutputProfile::Office => Some("办公打印"),
        }
    }

    /// The white margin (mm) a sign of this sheet size gets inside its trimmed page: a banner's
    /// eyelet margin on sheets whose shorter side is at least [`BANNER_EYELET_MIN_SIDE_MM`]
    /// (smaller prints are mounted, not hung by eyelets), an office printer's edge on office
    /// paper; none on the screen picture.
    pub fn white_margin_mm(self, kind: SignKind, sheet_mm: (f32, f32)) -> f32 {
        match self {
            _ if kind == SignKind::Screen => 0.0,
            OutputProfile::Banner if sheet_mm.0.min(sheet_mm.1) >= BANNER_EYELET_MIN_SIDE_MM => {
                BANNER_EYELET_MARGIN_MM
            }
            OutputProfile::Office if self.office_paper(kind) => OFFICE_PRINTER_MARGIN_MM,
            _ => 0.0,
        }
    }

    /// Whether the sign is laid out on office paper (A4 unless another size is chosen) with this
    /// profile: every sign but the badge (which is printed on its A4 sheet) and the screen picture.
    pub fn office_paper(self, kind: SignKind) -> bool {
        self == OutputProfile::Office && !matches!(kind, SignKind::Badge | SignKind::Screen)
    }
}

/// The white margin around a 喷绘 banner where the shop punches eyelets (扣眼), mm.
pub const BANNER_EYELET_MARGIN_MM: f32 = 20.0;

/// Banners smaller than this on their shorter side get no eyelet margin, mm.
pub const BANNER_EYELET_MIN_SIDE_MM: f32 = 300.0;

/// What an office printer cannot print at the paper's edge, mm.
pub const OFFICE_PRINTER_MARGIN_MM: f32 = 5.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_stems_name_the_profile() {
        // The codes round-trip in `values`.
        assert_eq!(OutputProfile::Standard.file_label(SignKind::Plaque), None);
        assert_eq!(
            OutputProfile::Card.file_label(SignKind::Badge),
            Some("制卡")
        );
    }

    #[test]
    fn each_profile_sets_what_its_shop_wants() {
        assert_eq!(OutputProfile::Board.rules().bleed_mm, Some(3.0));
        assert_eq!(OutputProfile::Board.rules().crop_marks, Some(true));
        assert_eq!(OutputProfile::Banner.rules().bleed_mm, Some(0.0));
        assert_eq!(
            OutputProfile::Banner.white_margin_mm(SignKind::Services, (600.0, 900.0)),
            BANNER_EYELET_MARGIN_MM
        );
        assert_eq!(
            OutputProfile::Banner.white_margin_mm(SignKind::Badge, (86.0, 54.0)),
            0.0
        );
        assert_eq!(
            OutputProfile::Board.white_margin_mm(SignKind::Services, (600.0, 900.0)),
            0.0
        );
        assert_eq!(
            OutputProfile::Office.white_margin_mm(SignKind::Badge, (86.0, 54.0)),
            0.0
        );
        assert_eq!(
            OutputProfile::Office.white_margin_mm(SignKind::Staff, (210.0, 297.0)),
            5.0
        );
        assert_eq!(OutputProfile::Card.file_label(SignKind::Screen), None);
        assert_eq!(OutputProfile::Banner.min_photo_dpi(SignKind::Staff), 72.0);
        assert_eq!(OutputProfile::Card.rules().bleed_mm, Some(1.5));
        assert_eq!(OutputProfile::Card.rules().corner_radius_mm, Some(3.0));
        assert_eq!(OutputProfile::Card.min_photo_dpi(SignKind::Badge), 300.0);
        assert_eq!(OutputProfile::Plate.rules().bleed_mm, Some(0.0));
        assert_eq!(OutputProfile::Standard.rules().bleed_mm, None);
        assert!(OutputProfile::Office.office_paper(SignKind::Services));
        assert!(!OutputProfile::Office.office_paper(SignKind::Badge));
    }
}
