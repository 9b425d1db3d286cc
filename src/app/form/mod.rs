//! The station form: every field of the station file, in seven sections (one file each).
//!
//! The `*_ui` functions edit the station directly; anything with a side effect (choosing a picture)
//! is pushed as a [`Command`] and run at the end of the frame.

mod contacts;
mod languages;
mod list;
mod partners;
mod process;
mod rules;
mod services;
mod staff;
mod station;
mod touched;
mod translation;
mod widgets;

use std::collections::HashMap;

use egui::{Align, Id, Response, RichText, Ui};

use super::commands::Command;
use super::navigation::{Jump, Section};
use super::script_preview::ScriptPreviews;
use crate::model::{Diagnostic, FieldPath, Language, Languages, PathPart, Severity, StationFile};

pub use touched::{Touched, identify};
use widgets::ListAction;
pub use widgets::{ERROR_COLOR, WARNING_COLOR};

/// Two deletes closer together than this are one double click: the second is ignored (it would
/// hit the next item's 删除 button, which has moved under the pointer).
pub const DOUBLE_CLICK_S: f64 = 0.5;

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
    by_field: HashMap<FieldPath, Vec<Diagnostic>>,
    counts: HashMap<Section, (usize, usize)>,
    /// Fields with errors, in the order the problems came.
    errors: Vec<FieldPath>,
}

impl ProblemIndex {
    /// Indexes a list of problems.
    pub fn new(problems: &[Diagnostic]) -> ProblemIndex {
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
                Severity::Error => {
                    count.0 += 1;
                    index.errors.push(problem.field.clone());
                }
                Severity::Warning => count.1 += 1,
            }
        }
        index
    }

    /// Problems at exactly this field.
    pub fn at(&self, field: &FieldPath) -> &[Diagnostic] {
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

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.counts.values().map(|(errors, _)| errors).sum()
    }

    /// The field of the first error in form order (section by section), if any.
    pub fn first_error(&self) -> Option<&FieldPath> {
        self.errors.first()
    }

    /// The errors at the fields for which `matches` holds.
    pub fn errors_where(&self, mut matches: impl FnMut(&FieldPath) -> bool) -> Vec<Diagnostic> {
        self.by_field
            .iter()
            .filter(|(field, _)| matches(field))
            .flat_map(|(_, problems)| problems.iter())
            .filter(|problem| problem.severity == Severity::Error)
            .cloned()
            .collect()
    }

    /// (errors, warnings) in a section.
    pub fn count(&self, section: Section) -> (usize, usize) {
        self.counts.get(&section).copied().unwrap_or_default()
    }
}

/// Keys of list items that follow the items when they move, so a text field keeps its id (and its
/// focus and input-method composition) whatever is shown above it or where its item goes.
/// They travel with the station's undo steps: a move undone takes its keys back too.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ItemKeys {
    lists: HashMap<String, Vec<u64>>,
}

/// The last key given out: keys are never given twice, whatever undo brings back.
static LAST_KEY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A key no item has had.
fn fresh_key() -> u64 {
    LAST_KEY.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
}

impl ItemKeys {
    /// The keys of `list`, grown or cut to `len` (a list changed by undo or opening a file gets
    /// fresh keys for the new items).
    fn keys(&mut self, list: &FieldPath, len: usize) -> &mut Vec<u64> {
        let keys = self.lists.entry(list.to_string()).or_default();
        keys.truncate(len);
        while keys.len() < len {
            keys.push(fresh_key());
        }
        keys
    }

    /// The key of item `index` of `list`.
    fn key(&mut self, list: &FieldPath, index: usize) -> u64 {
        let len = self
            .lists
            .get(&list.to_string())
            .map_or(0, Vec::len)
            .max(index + 1);
        self.keys(list, len).get(index).copied().unwrap_or_default()
    }

    /// Moves the keys as `action` moves the items of a list of `len` items.
    fn apply(&mut self, list: &FieldPath, len: usize, action: ListAction) {
        action.apply(self.keys(list, len));
    }

    /// A fresh key at `index` of `list` (of `len` items before), for an item put back there.
    pub fn insert(&mut self, list: &FieldPath, len: usize, index: usize) {
        let key = fresh_key();
        let keys = self.keys(list, len);
        keys.insert(index.min(keys.len()), key);
    }

    /// Forgets every key (another station was opened).
    pub fn clear(&mut self) {
        self.lists.clear();
    }
}

/// A list item that was deleted, kept so that the note "已删除 王磊 · 撤销" can put it back.
#[derive(Debug, Clone, PartialEq)]
pub struct DeletedItem {
    /// What the note calls it (王磊, 独居老人探访, …).
    pub name: String,
    /// The list it was in.
    pub list: FieldPath,
    /// Where it was.
    pub index: usize,
    /// The item as in the station file.
    pub item: serde_json::Value,
    /// The item's translations kept in its owner's `tr` (a room's are in the station's
    /// `tr.<lang>.rooms[i]`), to put back with it.
    pub translations: Option<DeletedTranslations>,
}

/// The translations of a deleted item of a list of texts, by language.
#[derive(Debug, Clone, PartialEq)]
pub struct DeletedTranslations {
    /// The object whose `tr` holds them (`station`).
    pub object: FieldPath,
    /// The list's key in `tr.<lang>` (`rooms`).
    pub field: String,
    /// (language tag, translation) of every language that had one.
    pub by_language: Vec<(String, serde_json::Value)>,
}

impl DeletedItem {
    /// How many items the list has in `station`.
    pub fn list_len(&self, station: &StationFile) -> usize {
        serde_json::to_value(station)
            .ok()
            .and_then(|value| value.pointer(&self.pointer()).cloned())
            .and_then(|list| list.as_array().map(Vec::len))
            .unwrap_or(0)
    }

    /// The list's JSON pointer (`/station/logos`).
    fn pointer(&self) -> String {
        pointer_of(&self.list)
    }

    /// `station` with the item back at its place (or at the end of a list that got shorter);
    /// `None` if the list is gone.
    pub fn restore(&self, station: &StationFile) -> Option<StationFile> {
        let mut value = serde_json::to_value(station).ok()?;
        let pointer = self.pointer();
        let (parent, key) = pointer.rsplit_once('/')?;
        let parent = value.pointer_mut(parent)?.as_object_mut()?;
        let list = parent
            .entry(key.to_owned())
            .or_insert_with(|| serde_json::Value::Array(Vec::new()));
        if list.is_null() {
            *list = serde_json::Value::Array(Vec::new());
        }
        let list = list.as_array_mut()?;
        let index = self.index.min(list.len());
        list.insert(index, self.item.clone());
        if let Some(translations) = &self.translations {
            restore_translations(&mut value, translations, index)?;
        }
        serde_json::from_value(value).ok()
    }
}

/// The JSON pointer of `path` (`/station/logos`).
fn pointer_of(path: &FieldPath) -> String {
    let mut pointer = String::new();
    for part in path.parts() {
        match part {
            PathPart::Key(key) => {
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            PathPart::Index(index) => pointer.push_str(&format!("/{index}")),
        }
    }
    pointer
}

/// Where the translations of a deleted list item go back: at its place in every language's
/// list (an empty translation before it where that list is shorter).
fn restore_translations(
    value: &mut serde_json::Value,
    translations: &DeletedTranslations,
    index: usize,
) -> Option<()> {
    use serde_json::Value;
    let object = value
        .pointer_mut(&pointer_of(&translations.object))?
        .as_object_mut()?;
    let tr = object
        .entry("tr")
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    if tr.is_null() {
        *tr = Value::Object(serde_json::Map::new());
    }
    let tr = tr.as_object_mut()?;
    for (tag, text) in &translations.by_language {
        let fields = tr
            .entry(tag.clone())
            .or_insert_with(|| Value::Object(serde_json::Map::new()))
            .as_object_mut()?;
        let items = fields
            .entry(translations.field.clone())
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()?;
        while items.len() < index {
            items.push(Value::String(String::new()));
        }
        items.insert(index, text.clone());
    }
    Some(())
}

/// An item's name for the delete note, or `what` when it has none.
fn named(name: &str, what: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        format!("一项{what}（未填写）")
    } else {
        name.to_owned()
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
    /// Keys of list items, for ids that do not depend on list order.
    pub keys: &'a mut ItemKeys,
    /// The item deleted last (for the note with 撤销).
    pub deleted: &'a mut Option<DeletedItem>,
    /// When the last item was deleted (egui time, seconds).
    pub last_delete_s: &'a mut f64,
    /// The time of this frame (egui time, seconds).
    pub now_s: f64,
    /// The station file's folder (picture names are shown relative to it).
    pub base_dir: Option<&'a std::path::Path>,
    /// The scripts chosen in 民族文字 (set by [`form_ui`] from the station): each text the signs
    /// show gets an input per script.
    pub languages: Vec<Language>,
    /// The shaped previews of translations.
    pub scripts: &'a mut ScriptPreviews,
    /// The headings of the station's style pack, if it has any (for 从样式包导入).
    pub pack_headings: Option<&'a crate::model::Headings>,
    /// Which fields the user has left, and which rows are new (their errors wait).
    pub touched: &'a mut Touched,
}

impl FormContext<'_> {
    /// The id of the text field at `field`: made from the field's keys and its items' keys, so it
    /// does not change with messages shown above it or when its item moves in the list.
    pub fn field_id(&mut self, field: &FieldPath) -> Id {
        identify(self.keys, field).0
    }

    /// Item `index` of `list` was just added: its errors wait until its fields are left, and its
    /// field `first` (the item itself when empty) gets the focus.
    fn added(&mut self, list: &FieldPath, index: usize, first: &str) {
        let key = self.keys.key(list, index);
        self.touched.added(key);
        let item = list.clone().index(index);
        *self.jump = Some(Jump {
            field: if first.is_empty() {
                item
            } else {
                item.key(first)
            },
            frames_left: 5,
        });
    }

    /// An id for the widgets of list item `field` (`staff[2]`) that follows the item.
    pub fn item_id(&mut self, field: &FieldPath) -> Id {
        self.field_id(field).with("item-ui")
    }

    /// Carries out a list action on `list` (at `list_path`): moves follow their keys; a delete is
    /// remembered for the note "已删除 … · 撤销", and a second delete within a double click is
    /// ignored. Returns the action carried out.
    fn apply<T: serde::Serialize>(
        &mut self,
        list_path: &FieldPath,
        list: &mut Vec<T>,
        action: Option<ListAction>,
        name: impl Fn(&T) -> String,
    ) -> Option<ListAction> {
        let action = action?;
        if let ListAction::Remove(index) = action {
            if self.now_s - *self.last_delete_s < DOUBLE_CLICK_S {
                return None;
            }
            let item = list.get(index)?;
            let value = serde_json::to_value(item).ok()?;
            *self.deleted = Some(DeletedItem {
                name: name(item),
                list: list_path.clone(),
                index,
                item: value,
                translations: None,
            });
            *self.last_delete_s = self.now_s;
        }
        self.keys.apply(list_path, list.len(), action);
        action.apply(list);
        Some(action)
    }

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
    cx.languages = station
        .languages
        .as_ref()
        .map(Languages::known)
        .unwrap_or_default();
    if let Some(jump) = cx.jump.as_ref() {
        *section = Section::of_field(&jump.field);
    }
    ui.horizontal_wrapped(|ui| {
        // Each tab has a slot for its count as wide as two digits, filled or not: the tabs
        // wrap at the same places and keep their place whether counts come or go, and a
        // tab goes to the next row together with its count (never the count alone).
        let text_width =
            |ui: &Ui, text: &str, style| super::text_width(ui, RichText::new(text).strong(), style);
        let slot = egui::vec2(
            text_width(ui, "00", egui::TextStyle::Body),
            ui.spacing().interact_size.y,
        );
        for candidate in Section::ALL {
            let needed = text_width(ui, candidate.label(), egui::TextStyle::Button)
                + 2.0 * ui.spacing().button_padding.x
                + 2.0 * ui.spacing().item_spacing.x
                + slot.x;
            if needed > ui.available_size_before_wrap().x && ui.cursor().min.x > ui.min_rect().min.x
            {
                ui.end_row();
            }
            if ui
                .selectable_value(section, candidate, candidate.label())
                .clicked()
            {
                tab_clicked = true;
            }
            let (errors, warnings) = cx.problems.count(candidate);
            if errors > 0 {
                ui.add_sized(
                    slot,
                    egui::Label::new(
                        RichText::new(format!("{errors}"))
                            .color(ERROR_COLOR)
                            .strong(),
                    ),
                )
                .on_hover_text(format!("{errors} 个错误需要修改"));
            } else if warnings > 0 {
                ui.add_sized(
                    slot,
                    egui::Label::new(RichText::new(format!("{warnings}")).color(WARNING_COLOR)),
                )
                .on_hover_text(format!("{warnings} 个提醒"));
            } else {
                ui.allocate_exact_size(slot, egui::Sense::hover());
            }
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
        let problem = |field: &str, severity| Diagnostic::new(severity, field, "");
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
