//! The station form: every field of the station file, in seven sections (one file each).
//!
//! The `*_ui` functions edit the station directly; anything with a side effect (choosing a picture)
//! is pushed as a [`Command`] and run at the end of the frame.

mod contacts;
mod partners;
mod process;
mod rules;
mod services;
mod staff;
mod station;
mod widgets;

use std::collections::HashMap;

use egui::{Align, Response, RichText, Ui};

use super::commands::Command;
use super::navigation::{Jump, Section};
use crate::model::{FieldPath, Problem, Severity, StationFile};

pub use widgets::{ERROR_COLOR, WARNING_COLOR};

use contacts::contacts_ui;
use partners::partners_ui;
use process::process_ui;
use rules::rules_ui;
use services::services_ui;
use staff::staff_ui;
use station::station_ui;

/// Problems by field, for showing them where they belong.
#[derive(Debug, Default, Clone)]
pub struct ProblemIndex {
    by_field: HashMap<FieldPath, Vec<Problem>>,
    counts: HashMap<Section, (usize, usize)>,
}

impl ProblemIndex {
    /// Indexes a list of problems.
    pub fn new(problems: &[Problem]) -> ProblemIndex {
        let mut index = ProblemIndex::default();
        for problem in problems {
            index
                .by_field
                .entry(problem.field.clone())
                .or_default()
                .push(problem.clone());
            let count = index
                .counts
                .entry(Section::of_field(&problem.field))
                .or_default();
            match problem.severity {
                Severity::Error => count.0 += 1,
                Severity::Warning => count.1 += 1,
            }
        }
        index
    }

    /// Problems at exactly this field.
    pub fn at(&self, field: &FieldPath) -> &[Problem] {
        self.by_field.get(field).map_or(&[], Vec::as_slice)
    }

    /// Whether any problem is at this field or inside it (e.g. `staff[1]` covers `staff[1].name`).
    pub fn has_error_within(&self, prefix: &FieldPath) -> bool {
        self.by_field.iter().any(|(field, problems)| {
            field.starts_with(prefix) && problems.iter().any(|p| p.severity == Severity::Error)
        })
    }

    /// Whether an error is at exactly this field.
    pub fn has_error_at(&self, field: &FieldPath) -> bool {
        self.at(field)
            .iter()
            .any(|problem| problem.severity == Severity::Error)
    }

    /// (errors, warnings) in a section.
    pub fn count(&self, section: Section) -> (usize, usize) {
        self.counts.get(&section).copied().unwrap_or_default()
    }
}

/// A thumbnail of a photo or logo, or why it cannot be shown.
pub type Thumbnails = HashMap<String, Result<egui::TextureHandle, String>>;

/// What the form needs besides the station.
pub struct FormContext<'a> {
    /// Validation problems.
    pub problems: &'a ProblemIndex,
    /// A field to bring into view.
    pub jump: &'a mut Option<Jump>,
    /// Side effects to run at the end of the frame.
    pub commands: &'a mut Vec<Command>,
    /// Thumbnails of the station's pictures.
    pub thumbnails: &'a Thumbnails,
    /// The field that just got the keyboard focus, if any (the preview may follow it).
    pub focused: Option<FieldPath>,
}

impl FormContext<'_> {
    fn wants(&self, field: &FieldPath) -> bool {
        self.jump.as_ref().is_some_and(|jump| jump.field == *field)
    }

    fn wants_within(&self, prefix: &FieldPath) -> bool {
        self.jump
            .as_ref()
            .is_some_and(|jump| jump.field.starts_with(prefix))
    }

    /// Scrolls to and focuses `response` if it is the jump target.
    fn arrive(&mut self, field: &FieldPath, response: &Response, focus: bool) {
        if self.wants(field) {
            response.scroll_to_me(Some(Align::Center));
            if focus {
                response.request_focus();
            }
            *self.jump = None;
        }
    }
}

/// The tab row and the chosen section. Returns whether the user chose another tab.
pub fn form_ui(
    ui: &mut Ui,
    station: &mut StationFile,
    section: &mut Section,
    cx: &mut FormContext,
) -> bool {
    let mut tab_clicked = false;
    if let Some(jump) = cx.jump.as_ref() {
        *section = Section::of_field(&jump.field);
    }
    ui.horizontal_wrapped(|ui| {
        for candidate in Section::ALL {
            if ui
                .selectable_value(section, candidate, candidate.label())
                .clicked()
            {
                tab_clicked = true;
            }
            let (errors, warnings) = cx.problems.count(candidate);
            if errors > 0 {
                ui.label(
                    RichText::new(format!("{errors}"))
                        .color(ERROR_COLOR)
                        .strong(),
                )
                .on_hover_text(format!("{errors} 个错误需要修改"));
            } else if warnings > 0 {
                ui.label(RichText::new(format!("{warnings}")).color(WARNING_COLOR))
                    .on_hover_text(format!("{warnings} 个提醒"));
            }
            ui.add_space(6.0);
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt(("form", *section))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(4.0);
            match section {
                Section::Station => station_ui(ui, station, cx),
                Section::Services => services_ui(ui, &mut station.services, cx),
                Section::Staff => staff_ui(ui, &mut station.staff, cx),
                Section::Process => process_ui(ui, &mut station.process, cx),
                Section::Contacts => contacts_ui(ui, station, cx),
                Section::Partners => partners_ui(ui, &mut station.partners, cx),
                Section::Rules => rules_ui(ui, &mut station.rules, cx),
            }
            ui.add_space(40.0);
        });
    tab_clicked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_within_items() {
        let problem = |field: &str, severity| Problem {
            severity,
            field: field.into(),
            message: String::new(),
        };
        let index = ProblemIndex::new(&[
            problem("staff[1].name", Severity::Error),
            problem("contacts.qr_codes[0].label", Severity::Warning),
        ]);
        assert!(index.has_error_within(&"staff[1]".into()));
        assert!(index.has_error_within(&"staff[1].name".into()));
        assert!(!index.has_error_within(&"staff[10]".into()));
        assert!(!index.has_error_within(&"contacts.qr_codes".into()));
        assert!(index.has_error_at(&"staff[1].name".into()));
        assert_eq!(index.at(&"contacts.qr_codes[0].label".into()).len(), 1);
        assert_eq!(index.count(Section::Staff), (1, 0));
        assert_eq!(index.count(Section::Contacts), (0, 1));
    }
}
