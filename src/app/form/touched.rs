//! Which errors the form shows yet: an error of a field appears once the user has left the field
//! (or tries to export or print), never while a new row or a new station is still being filled in.
//!
//! - A new station and list items added in this session are *fresh*: their errors wait until the
//!   field has been left.
//! - In a station opened from a file every error shows at once, except a new error at the field
//!   being typed in: it waits until the field is left (an error it had when the user came to it
//!   stays until it is fixed).
//! - Trying to export or print shows everything there is ([`Touched::reveal`]).

use std::collections::HashSet;

use egui::Id;

use super::ItemKeys;
use crate::model::{Diagnostic, FieldPath, PathPart, Severity};

/// The fields the user has been to, and what is still fresh.
#[derive(Debug, Default, Clone)]
pub struct Touched {
    /// The station is new (not opened from a file): errors wait until their field is left.
    fresh_station: bool,
    /// Keys of list items added in this session, whose errors wait until their field is left.
    fresh_items: HashSet<u64>,
    /// Text fields the user has left at least once.
    left: HashSet<Id>,
    /// The field being typed in, and the errors it showed when the user came to it.
    focused: Option<(Id, Vec<Diagnostic>)>,
    /// Grows with every change, so that the form's problems are worked out again.
    generation: u64,
}

impl Touched {
    /// Forgets everything: another station is open (`fresh`: a new one).
    pub fn reset(&mut self, fresh: bool) {
        *self = Touched {
            fresh_station: fresh,
            generation: self.generation + 1,
            ..Touched::default()
        };
    }

    /// Shows every error there is now (the user tries to export or print). Rows added later are
    /// fresh again.
    pub fn reveal(&mut self) {
        self.fresh_station = false;
        self.fresh_items.clear();
        if let Some((id, _)) = &self.focused {
            self.left.insert(*id);
        }
        self.generation += 1;
    }

    /// The list item with key `key` was just added.
    pub fn added(&mut self, key: u64) {
        self.fresh_items.insert(key);
        self.generation += 1;
    }

    /// The keyboard focus moved from `before` to `now`; `shown_at_now` are the errors the form
    /// showed at the field `now` when the user came to it.
    pub fn focus_moved(
        &mut self,
        before: Option<Id>,
        now: Option<Id>,
        shown_at_now: Vec<Diagnostic>,
    ) {
        if before == now {
            return;
        }
        if let Some(before) = before {
            self.left.insert(before);
        }
        self.focused = now.map(|id| (id, shown_at_now));
        self.generation += 1;
    }

    /// The field with the focus, if any.
    pub fn focused(&self) -> Option<Id> {
        self.focused.as_ref().map(|(id, _)| *id)
    }

    /// A number that changes whenever what is held back may change.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether the form holds `problem` back for now (its field is being filled in).
    pub fn holds_back(&self, keys: &mut ItemKeys, problem: &Diagnostic) -> bool {
        if problem.severity != Severity::Error {
            return false;
        }
        let (id, items) = identify(keys, &problem.field);
        if self.left.contains(&id) {
            return false;
        }
        if let Some((focused, shown)) = &self.focused
            && *focused == id
        {
            return !shown.contains(problem);
        }
        self.fresh_station || items.iter().any(|key| self.fresh_items.contains(key))
    }
}

/// The id of the text field at `field` and the keys of the list items it lies in: made from the
/// field's keys and its items' keys, so it does not change with messages shown above it or when
/// its item moves in the list.
pub fn identify(keys: &mut ItemKeys, field: &FieldPath) -> (Id, Vec<u64>) {
    let mut id = Id::unique("liangpai-field");
    let mut prefix = FieldPath::none();
    let mut items = Vec::new();
    for part in field.parts() {
        match part {
            PathPart::Key(key) => {
                id = id.with(key.as_str());
                prefix = prefix.key(key);
            }
            PathPart::Index(index) => {
                let key = keys.key(&prefix, *index);
                items.push(key);
                id = id.with(("item", key));
                prefix = prefix.index(*index);
            }
        }
    }
    (id, items)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: &str) -> Diagnostic {
        Diagnostic::error(field, "不能为空")
    }

    #[test]
    fn a_new_row_shows_its_errors_once_a_field_is_left() {
        let mut keys = ItemKeys::default();
        let mut touched = Touched::default();
        let name = error("staff[1].name");
        let phone = error("staff[1].phone");
        let old = error("staff[0].name");
        let (name_id, items) = identify(&mut keys, &name.field);
        touched.added(items[0]);
        assert!(touched.holds_back(&mut keys, &name));
        assert!(touched.holds_back(&mut keys, &phone));
        assert!(
            !touched.holds_back(&mut keys, &old),
            "an old row shows its errors"
        );
        // Typing in the name: still held; after leaving it, shown.
        touched.focus_moved(None, Some(name_id), Vec::new());
        assert!(touched.holds_back(&mut keys, &name));
        let (phone_id, _) = identify(&mut keys, &phone.field);
        touched.focus_moved(Some(name_id), Some(phone_id), Vec::new());
        assert!(!touched.holds_back(&mut keys, &name));
        assert!(touched.holds_back(&mut keys, &phone));
        // Moving the row keeps its key: still fresh, and the name still left.
        keys.apply(&"staff".into(), 2, super::super::widgets::ListAction::Up(1));
        assert!(!touched.holds_back(&mut keys, &error("staff[0].name")));
        assert!(touched.holds_back(&mut keys, &error("staff[0].duties")));
        // Export: everything shows.
        touched.reveal();
        assert!(!touched.holds_back(&mut keys, &error("staff[0].duties")));
        assert!(!touched.holds_back(&mut keys, &error("staff[0].phone")));
    }

    #[test]
    fn an_opened_file_shows_old_errors_but_not_new_ones_while_typing() {
        let mut keys = ItemKeys::default();
        let mut touched = Touched::default();
        touched.reset(false);
        let empty = error("station.name");
        assert!(!touched.holds_back(&mut keys, &empty));
        let (id, _) = identify(&mut keys, &empty.field);
        // The user clears the name: the new error waits until the field is left.
        touched.focus_moved(None, Some(id), Vec::new());
        assert!(touched.holds_back(&mut keys, &empty));
        touched.focus_moved(Some(id), None, Vec::new());
        assert!(!touched.holds_back(&mut keys, &empty));
        // An error the field had when the user came to it stays.
        let phone = error("contacts.supervision_phone");
        let (phone_id, _) = identify(&mut keys, &phone.field);
        touched.focus_moved(None, Some(phone_id), vec![phone.clone()]);
        assert!(!touched.holds_back(&mut keys, &phone));
        // Warnings are never held.
        let warning = Diagnostic {
            severity: Severity::Warning,
            ..error("station.slogan")
        };
        touched.reset(true);
        assert!(!touched.holds_back(&mut keys, &warning));
        assert!(touched.holds_back(&mut keys, &error("station.slogan")));
    }
}
