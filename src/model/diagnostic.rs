//! One diagnostic type from the model to the app: [`Diagnostic`] is what validation, the picture
//! reader, the character check, the layout and the preflight report all say about a station, and
//! what the command line, `report.csv` and the app show. A problem that shows on several signs
//! (a bad photo on the staff sign, the badge and the board) is one diagnostic naming every sign
//! ([`merge`]), never one line per sign.

use std::fmt;

use super::field_path::FieldPath;
use crate::sign::SignKind;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Printing can go ahead, but the user should look.
    Warning,
    /// The signs would be wrong; fix before printing.
    Error,
}

impl Severity {
    /// 错误 / 提醒.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "提醒",
        }
    }
}

/// One problem of a station, at one field, on the signs it shows on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious.
    pub severity: Severity,
    /// The signs it was met on, in the order met; empty when it is about the station's data as a
    /// whole (validation, pictures no sign has shown yet, the style pack).
    pub signs: Vec<SignKind>,
    /// The field it is about, e.g. `staff[2].phone` (empty when it is about no one field, e.g. a
    /// template or the paper size).
    pub field: FieldPath,
    /// What is wrong, in Chinese, in the form's words.
    pub message: String,
}

impl Diagnostic {
    /// An error at `field` of the station's data.
    pub fn error(field: impl Into<FieldPath>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, field, message)
    }

    /// A warning at `field` of the station's data.
    pub fn warning(field: impl Into<FieldPath>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, field, message)
    }

    /// A diagnostic of `severity` at `field` of the station's data.
    pub fn new(
        severity: Severity,
        field: impl Into<FieldPath>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            signs: Vec::new(),
            field: field.into(),
            message: message.into(),
        }
    }

    /// This diagnostic as met on `sign`.
    #[must_use]
    pub fn on(mut self, sign: SignKind) -> Diagnostic {
        if !self.signs.contains(&sign) {
            self.signs.push(sign);
        }
        self
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The signs it shows on, in Chinese (`服务人员公示、工作证`); empty when none.
    pub fn signs_text(&self) -> String {
        self.signs
            .iter()
            .map(|sign| sign.label())
            .collect::<Vec<_>>()
            .join("、")
    }

    /// For the command line: the message, then the field path for county IT staff
    /// (`……没有照片（staff[1].photo）`).
    pub fn with_path(&self) -> String {
        if self.field.is_empty() {
            self.to_string()
        } else {
            format!("{self}（{}）", self.field)
        }
    }
}

/// What a user reads: the signs it shows on (when any), then the message; never a field path.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.signs.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}：{}", self.signs_text(), self.message)
        }
    }
}

/// Whether `field` holds a picture (a logo or a staff photo).
fn is_picture_field(field: &FieldPath) -> bool {
    matches!(field.kind().as_str(), "station.logos" | "staff.photo")
}

/// Each problem once: diagnostics with the same severity, field and message become one naming
/// every sign they were met on; what a sign says about a picture that the station's own check
/// already reports (unreadable, not found, not an image) is folded into that report as one more
/// sign it affects. Order: as first met.
pub fn merge(diagnostics: impl IntoIterator<Item = Diagnostic>) -> Vec<Diagnostic> {
    // Each kept diagnostic, and whether it is the station's own report (it came with no sign).
    let mut merged: Vec<(Diagnostic, bool)> = Vec::new();
    for diagnostic in diagnostics {
        let own = diagnostic.signs.is_empty();
        let picture = is_picture_field(&diagnostic.field);
        let same = merged.iter_mut().find(|(kept, kept_own)| {
            kept.field == diagnostic.field
                && ((kept.severity == diagnostic.severity && kept.message == diagnostic.message)
                    || (picture && *kept_own != own))
        });
        match same {
            Some((kept, kept_own)) => {
                if own && !*kept_own {
                    // The station's own words about a picture replace what a sign said.
                    let signs = std::mem::take(&mut kept.signs);
                    *kept = Diagnostic {
                        signs,
                        ..diagnostic
                    };
                    *kept_own = true;
                } else {
                    for sign in diagnostic.signs {
                        if !kept.signs.contains(&sign) {
                            kept.signs.push(sign);
                        }
                    }
                }
            }
            None => merged.push((diagnostic, own)),
        }
    }
    merged
        .into_iter()
        .map(|(diagnostic, _)| diagnostic)
        .collect()
}

/// How many errors and how many warnings.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_photo_is_one_error_naming_every_sign_it_is_on() {
        let station = Diagnostic::error(
            "staff[0].photo",
            "服务人员“王磊”的照片“王磊.heic”是 HEIC 格式",
        );
        let on = |sign| Diagnostic::warning("staff[0].photo", "照片“王磊.heic”无法使用").on(sign);
        let merged = merge([
            on(SignKind::Staff),
            station.clone(),
            on(SignKind::Badge),
            on(SignKind::Board),
            on(SignKind::Badge),
        ]);
        assert_eq!(merged.len(), 1, "{merged:?}");
        assert_eq!(merged[0].severity, Severity::Error);
        assert_eq!(merged[0].message, station.message);
        assert_eq!(
            merged[0].signs,
            [SignKind::Staff, SignKind::Badge, SignKind::Board]
        );
        assert_eq!(
            merged[0].to_string(),
            "服务人员公示、工作证、综合公示栏：服务人员“王磊”的照片“王磊.heic”是 HEIC 格式"
        );
        assert_eq!(
            merged[0].with_path(),
            format!("{}（staff[0].photo）", merged[0])
        );
    }

    #[test]
    fn the_same_layout_warning_on_two_signs_is_said_once_and_different_ones_stay() {
        let cut = |sign| Diagnostic::warning("station.intro", "站点简介放不下，已截短").on(sign);
        let merged = merge([
            cut(SignKind::Plaque),
            cut(SignKind::Board),
            Diagnostic::warning("station.intro", "站点简介未填写"),
            Diagnostic::error("staff[1].name", "第 2 位服务人员没有填写姓名"),
            // A low resolution on one sign is not folded into another photo's problem.
            Diagnostic::warning("staff[1].photo", "分辨率只有约 100 dpi").on(SignKind::Badge),
            Diagnostic::error("staff[0].photo", "打不开"),
        ]);
        assert_eq!(merged.len(), 5, "{merged:?}");
        assert_eq!(merged[0].signs, [SignKind::Plaque, SignKind::Board]);
        assert_eq!(count(&merged), (2, 3));
        assert!(!merged.iter().any(|d| d.to_string().contains("station.")));
    }
}
