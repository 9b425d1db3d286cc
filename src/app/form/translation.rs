//! 译文: under each text the signs show, one input per chosen script (站点全称（维吾尔文）),
//! editing the object's `tr`, with the text shaped as it will print beside it (egui's own text
//! edit shows Arabic unjoined and left to right, Mongolian sideways).

use egui::{Align2, Ui};
use serde_json::Value;

use super::FormContext;
use super::widgets::{
    LABEL_WIDTH, ListAction, join_pasted_lines, multiline, problems_ui, row, text,
};
use crate::model::{FieldPath, Language, Translations};

/// The label of the translation of `label` into `language`: 站点全称（维吾尔文）.
fn translation_label(label: &str, language: Language) -> String {
    format!("{label}（{}）", language.chinese_name())
}

/// The inputs for the translations of `field` of the object at `object` (`station`,
/// `services[2]`), one per chosen script. Their paths are `<object>.tr.<lang>.<field>`, the
/// paths `check` names.
pub(super) fn translations(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    object: &FieldPath,
    field: &str,
    tr: &mut Translations,
    multiline: bool,
) {
    inputs(ui, cx, label, (object, field, None), None, tr, multiline);
}

/// A one-line text `key` of `object` (`services[2].item`) with its hint, and an input per chosen
/// script under it for its translations (`services[2].tr.<lang>.item`).
pub(super) fn translated(
    ui: &mut Ui,
    cx: &mut FormContext,
    (object, tr): (&FieldPath, &mut Translations),
    (label, key, hint): (&str, &str, &str),
    value: &mut String,
) {
    text(ui, cx, label, &object.clone().key(key), value, hint);
    translations(ui, cx, label, object, key, tr, false);
}

/// [`translated`] for a text of several lines (with a character count when `limit` is given).
pub(super) fn translated_lines(
    ui: &mut Ui,
    cx: &mut FormContext,
    (object, tr): (&FieldPath, &mut Translations),
    (label, key, hint): (&str, &str, &str),
    value: &mut String,
    limit: Option<usize>,
) {
    multiline(ui, cx, label, &object.clone().key(key), value, hint, limit);
    translations(ui, cx, label, object, key, tr, true);
}

/// The inputs for item `index` of the list `field` (`rooms`): their ids follow the item (`item`,
/// the item's own path), their paths are `<object>.tr.<lang>.<field>[index]`.
pub(super) fn item_translations(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    (object, field, index): (&FieldPath, &str, usize),
    item: &FieldPath,
    tr: &mut Translations,
) {
    inputs(
        ui,
        cx,
        label,
        (object, field, Some(index)),
        Some(item),
        tr,
        false,
    );
}

/// One input per chosen script for `field` (item `index` of it when given) of `object`.
fn inputs(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    (object, field, index): (&FieldPath, &str, Option<usize>),
    item: Option<&FieldPath>,
    tr: &mut Translations,
    multiline: bool,
) {
    for language in cx.languages.clone() {
        let path = object.clone().key("tr").key(language.tag()).key(field);
        let path = match index {
            Some(index) => path.index(index),
            None => path,
        };
        let id = match item {
            Some(item) => cx.field_id(item).with(("tr", language.tag())),
            None => cx.field_id(&path),
        };
        let mut value = raw(tr, language, field, index);
        let label = translation_label(label, language);
        if translation_input(ui, cx, &label, &path, id, language, &mut value, multiline) {
            match index {
                Some(index) => tr.set_item(language, field, index, &value),
                None => tr.set(language, field, &value),
            }
        }
    }
}

/// The translation as typed (untrimmed, so that a space typed between words stays).
fn raw(tr: &Translations, language: Language, field: &str, index: Option<usize>) -> String {
    let value =
        tr.0.get(language.tag())
            .and_then(|fields| fields.get(field));
    let value = match index {
        Some(index) => value
            .and_then(Value::as_array)
            .and_then(|list| list.get(index)),
        None => value,
    };
    value.and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// One translation input (right-aligned for Arabic script) with its shaped preview under it.
/// Returns whether the text changed.
#[allow(clippy::too_many_arguments)]
pub(super) fn translation_input(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    path: &FieldPath,
    id: egui::Id,
    language: Language,
    value: &mut String,
    multiline: bool,
) -> bool {
    if !multiline {
        join_pasted_lines(ui, id);
    }
    let response = row(ui, label, |ui| {
        let edit = if multiline {
            egui::TextEdit::multiline(value).desired_rows(2)
        } else {
            egui::TextEdit::singleline(value)
        };
        let align = if language.is_right_to_left() {
            Align2::RIGHT_TOP
        } else {
            Align2::LEFT_TOP
        };
        // A finite width: a right-aligned edit of infinite width moves the rows after it.
        let width = ui.available_width();
        ui.add(edit.id(id).align(align).desired_width(width))
    });
    if response.gained_focus() {
        cx.focused = Some(path.clone());
    }
    cx.arrive(path, &response, true);
    // The strip is there before the first letter: typing moves nothing below it.
    ui.horizontal_top(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        ui.vertical(|ui| {
            if value.trim().is_empty() {
                cx.scripts.empty(ui, language);
            } else {
                cx.scripts
                    .show(ui, language, value.trim(), &format!("{label}印刷预览"));
            }
        });
    });
    problems_ui(ui, cx, path);
    response.changed()
}

/// Moves or deletes the translations of list `field` (`rooms`) in every language as `action`
/// moved or deleted item of the list (of `len` items before), so each translation stays with
/// its item. Trailing empty translations are dropped. Returns the translations of a deleted item
/// by language tag (for its 撤销).
pub(super) fn follow(
    tr: &mut Translations,
    field: &str,
    len: usize,
    action: ListAction,
) -> Vec<(String, Value)> {
    let mut removed = Vec::new();
    for (tag, fields) in &mut tr.0 {
        let Some(Value::Array(items)) = fields.get_mut(field) else {
            continue;
        };
        while items.len() < len {
            items.push(Value::String(String::new()));
        }
        if let ListAction::Remove(index) = action
            && let Some(item) = items.get(index)
            && item.as_str().is_none_or(|text| !text.trim().is_empty())
        {
            removed.push((tag.clone(), item.clone()));
        }
        action.apply(items);
        while items
            .last()
            .is_some_and(|item| item.as_str().is_none_or(|text| text.trim().is_empty()))
        {
            items.pop();
        }
        if items.is_empty() {
            fields.remove(field);
        }
    }
    tr.0.retain(|_, fields| !fields.is_empty());
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_translations_follow_their_rooms() {
        let mut tr: Translations = serde_json::from_str(
            r#"{"ug": {"name": "ئىسىم", "rooms": ["بىر", "ئىككى"]}, "bo": {"rooms": ["གཅིག"]}}"#,
        )
        .unwrap_or_default();
        // Three rooms; the second moves up: its translation goes with it.
        assert!(follow(&mut tr, "rooms", 3, ListAction::Up(1)).is_empty());
        assert_eq!(tr.item(Language::Uyghur, "rooms", 0), Some("ئىككى"));
        assert_eq!(tr.item(Language::Uyghur, "rooms", 1), Some("بىر"));
        assert_eq!(tr.item(Language::Tibetan, "rooms", 1), Some("གཅིག"));
        assert_eq!(tr.item(Language::Tibetan, "rooms", 0), None);
        // The first is deleted: the Tibetan list is then empty and goes, the name stays; the
        // deleted room's translations come back for its 撤销.
        let removed = follow(&mut tr, "rooms", 3, ListAction::Remove(1));
        assert_eq!(
            removed,
            [
                ("bo".to_owned(), Value::from("གཅིག")),
                ("ug".to_owned(), Value::from("بىر"))
            ]
        );
        assert_eq!(tr.item(Language::Uyghur, "rooms", 0), Some("ئىككى"));
        assert_eq!(tr.item(Language::Uyghur, "rooms", 1), None);
        assert!(!tr.tags().any(|tag| tag == "bo"));
        assert_eq!(tr.text(Language::Uyghur, "name"), Some("ئىسىم"));
    }
}
