//! One list editor for every list of the form (services, staff, process steps, rules, partners,
//! guide units, rooms, logos): each item drawn under an id made from its stable key (so its text
//! fields, its card's open or closed state and its focus follow it when it moves), 上移 / 下移 /
//! 删除 buttons, and every change carried out through [`FormContext::apply`] — moves take the
//! keys along, a delete is remembered for the note “已删除 … · 撤销”, and the second click of a
//! double click is ignored.

use egui::{RichText, Ui};

use super::FormContext;
use super::widgets::{LABEL_WIDTH, ListAction, card, item_buttons};
use crate::model::FieldPath;

/// How an item is framed.
pub(super) enum Look<T> {
    /// A collapsible card with this title (`1. 独居老人探访　［养老服务］`).
    Card(fn(usize, &T) -> String),
    /// A plain group frame.
    Group,
    /// No frame: the item draws its own row (a one-line text, a logo).
    Row,
}

/// One list of the form.
pub(super) struct ListSection<T> {
    /// The list's path in the station file (`services`, `station.rooms`).
    pub path: &'static str,
    /// How its items are framed.
    pub look: Look<T>,
    /// What the delete note calls an item (王磊, 一项服务项目（未填写）).
    pub name: fn(&T) -> String,
}

/// The 上移 / 下移 / 删除 buttons of one item, for the item to place (inline in its row); where
/// the item does not place them they go under it.
pub(super) struct ItemButtons<'a> {
    index: usize,
    len: usize,
    action: &'a mut Option<ListAction>,
    drawn: bool,
}

impl ItemButtons<'_> {
    /// The item's place in the list (0-based).
    pub fn index(&self) -> usize {
        self.index
    }

    /// Draws the buttons here.
    pub fn show(&mut self, ui: &mut Ui) {
        item_buttons(ui, self.index, self.len, self.action);
        self.drawn = true;
    }
}

impl<T: serde::Serialize> ListSection<T> {
    /// The list's path.
    pub fn field(&self) -> FieldPath {
        FieldPath::parse(self.path)
    }

    /// Draws every item of `list` with `item` (given the item's path, its buttons and the item)
    /// and carries out what its buttons asked for. Returns the move or delete carried out, for
    /// what follows the list's order elsewhere (the translations of a list of texts).
    pub fn show(
        &self,
        ui: &mut Ui,
        cx: &mut FormContext,
        list: &mut Vec<T>,
        mut item: impl FnMut(&mut Ui, &mut FormContext, &FieldPath, &mut ItemButtons, &mut T),
    ) -> Option<ListAction> {
        let list_path = self.field();
        let mut action = None;
        let len = list.len();
        for (index, value) in list.iter_mut().enumerate() {
            let field = list_path.clone().index(index);
            let mut buttons = ItemButtons {
                index,
                len,
                action: &mut action,
                drawn: false,
            };
            let title = match &self.look {
                Look::Card(title) => Some(title(index, value)),
                Look::Group | Look::Row => None,
            };
            let mut body = |ui: &mut Ui, cx: &mut FormContext| {
                item(ui, cx, &field, &mut buttons, value);
                if !buttons.drawn {
                    ui.horizontal(|ui| {
                        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                        buttons.show(ui);
                    });
                }
            };
            ui.push_id(cx.item_id(&field), |ui| match (&self.look, title) {
                (Look::Card(_), Some(title)) => card(ui, cx, &field, title, body),
                (Look::Group, _) => {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        body(ui, cx);
                    });
                }
                (Look::Card(_) | Look::Row, _) => body(ui, cx),
            });
        }
        cx.apply(&list_path, list, action, self.name)
    }

    /// Adds `item` at the end of `list`: its errors wait until its fields are left, and its
    /// field `first` gets the focus.
    pub fn push(&self, cx: &mut FormContext, list: &mut Vec<T>, item: T, first: &str) {
        list.push(item);
        cx.added(&self.field(), list.len() - 1, first);
    }
}

/// The row under a list for its 添加 buttons.
pub(super) fn add_row(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    ui.add_space(4.0);
    ui.horizontal(add);
}

/// A 添加 button (bold).
pub(super) fn add_button(ui: &mut Ui, label: &str) -> bool {
    ui.button(RichText::new(label).strong()).clicked()
}

/// A card title: `1. 名称` with `missing` when the name is empty, and `more` (trimmed) after a
/// full-width space when there is any.
pub(super) fn numbered(index: usize, name: &str, missing: &str, more: &str) -> String {
    let name = name.trim();
    let more = more.trim();
    format!(
        "{}. {}{}{more}",
        index + 1,
        if name.is_empty() { missing } else { name },
        if more.is_empty() { "" } else { "　" }
    )
}
