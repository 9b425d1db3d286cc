//! The form's building blocks: labelled rows, text fields, choices, list buttons, cards, pictures.

use egui::{Align, Color32, Layout, Response, RichText, Ui, UiBuilder, Vec2};

use super::FormContext;
use crate::app::commands::{Command, ImageTarget};
use crate::model::{Diagnostic, FieldPath, Severity};

/// Width of the label column.
pub(super) const LABEL_WIDTH: f32 = 100.0;
/// Width of a drop-down in the form (less in a narrow form: it never reaches past the form).
pub(super) const COMBO_WIDTH: f32 = 220.0;
/// Red for errors.
pub const ERROR_COLOR: Color32 = Color32::from_rgb(196, 30, 30);
/// Background of a text field with an error.
pub const ERROR_BACKGROUND: Color32 = Color32::from_rgb(255, 232, 232);
/// Dark orange for warnings.
pub const WARNING_COLOR: Color32 = Color32::from_rgb(176, 100, 0);

/// A row: the label on the left (right-aligned), the widget filling the rest. Returns the widget's
/// response; the label names the widget for screen readers and tests.
pub(super) fn row(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    labelled_row(ui, label, true, add)
}

/// A row whose widget keeps its own accessible name (buttons, check boxes).
pub(super) fn plain_row(
    ui: &mut Ui,
    label: &str,
    add: impl FnOnce(&mut Ui) -> Response,
) -> Response {
    labelled_row(ui, label, false, add)
}

pub(super) fn labelled_row(
    ui: &mut Ui,
    label: &str,
    name_widget: bool,
    add: impl FnOnce(&mut Ui) -> Response,
) -> Response {
    ui.horizontal_top(|ui| {
        let height = ui.spacing().interact_size.y;
        let (rect, _) =
            ui.allocate_exact_size(Vec2::new(LABEL_WIDTH, height), egui::Sense::hover());
        let label_response = ui
            .scope_builder(
                UiBuilder::new()
                    .max_rect(rect)
                    .layout(Layout::right_to_left(Align::Center)),
                // Wrapped: a long label (站点全称（维吾尔文）) takes two lines rather than
                // reaching out of the form on the left.
                |ui| ui.add(egui::Label::new(label).wrap()),
            )
            .inner;
        let response = add(ui);
        if name_widget {
            response.labelled_by(label_response.id)
        } else {
            response
        }
    })
    .inner
}

/// The problems at `field`, in the message row under it.
pub(super) fn problems_ui(ui: &mut Ui, cx: &FormContext, field: &FieldPath) {
    problems_or(ui, cx, field, |_| {});
}

/// The problems at `field` in the message row under it; when there are none, `otherwise` fills
/// the row (the proposed short name).
pub(super) fn problems_or(
    ui: &mut Ui,
    cx: &FormContext,
    field: &FieldPath,
    otherwise: impl FnOnce(&mut Ui),
) {
    let problems = cx.problems.at(field);
    message_row(ui, None, |ui| {
        if problems.is_empty() {
            otherwise(ui);
        } else {
            problem_text(ui, problems);
        }
    });
}

/// Height of the message row under a field: one line of small text.
pub(super) fn message_row_height(ui: &Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Small) + 2.0
}

/// The row under a field where its messages go. It is always there and always one line high,
/// so a field never moves while the user types (a click lands where it was aimed) when a message
/// comes or goes; a longer message is cut with “…” and shown whole under the pointer. `count`
/// (a character count, “12 / 150 字”) goes to the right end.
pub(super) fn message_row(ui: &mut Ui, count: Option<RichText>, add: impl FnOnce(&mut Ui)) {
    // Closer to its field than to the next one.
    ui.add_space(-(ui.spacing().item_spacing.y - 1.0).max(0.0));
    let height = message_row_height(ui);
    let (rect, _) = ui.allocate_exact_size(
        Vec2::new(ui.available_width(), height),
        egui::Sense::hover(),
    );
    let mut inner = rect;
    inner.min.x += LABEL_WIDTH + ui.spacing().item_spacing.x;
    if let Some(count) = count {
        let galley = egui::WidgetText::from(count).into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Small,
        );
        let width = galley.size().x + ui.spacing().item_spacing.x;
        let count_rect = egui::Rect::from_min_max(
            egui::pos2((inner.max.x - width).max(inner.min.x), inner.min.y),
            inner.max,
        );
        inner.max.x = count_rect.min.x;
        let mut count_ui = ui.new_child(
            UiBuilder::new()
                .max_rect(count_rect)
                .layout(Layout::right_to_left(Align::Center)),
        );
        count_ui.add(egui::Label::new(galley).selectable(false));
    }
    // A child that does not take room in `ui`: whatever it holds, the row stays one line.
    let mut child = ui.new_child(
        UiBuilder::new()
            .max_rect(inner)
            .layout(Layout::left_to_right(Align::Center)),
    );
    child.shrink_clip_rect(inner);
    child.spacing_mut().item_spacing.x = 4.0;
    add(&mut child);
}

/// The first problem (errors first) on one line; all of them under the pointer.
fn problem_text(ui: &mut Ui, problems: &[Diagnostic]) {
    let mut sorted: Vec<&Diagnostic> = problems.iter().collect();
    sorted.sort_by_key(|problem| problem.severity != Severity::Error);
    let Some(first) = sorted.first() else {
        return;
    };
    // The signs it shows on, then the message (never a field path).
    let line = |problem: &Diagnostic| format!("{}：{problem}", problem.severity.label());
    let mut text = line(first);
    if sorted.len() > 1 {
        text.push_str(&format!("（共 {} 条）", sorted.len()));
    }
    let color = match first.severity {
        Severity::Error => ERROR_COLOR,
        Severity::Warning => WARNING_COLOR,
    };
    let all = sorted
        .iter()
        .map(|problem| line(problem))
        .collect::<Vec<_>>()
        .join("\n");
    ui.add(
        egui::Label::new(RichText::new(text).color(color).small())
            .truncate()
            .show_tooltip_when_elided(false),
    )
    .on_hover_text(all);
}

/// A one-line text field with its message row.
pub(super) fn text(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    field: &FieldPath,
    value: &mut String,
    hint: &str,
) {
    text_field(ui, cx, label, field, value, hint);
    problems_ui(ui, cx, field);
}

/// A one-line text field without its message row (the caller adds it).
pub(super) fn text_field(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    field: &FieldPath,
    value: &mut String,
    hint: &str,
) {
    let error = cx.problems.has_error_at(field);
    let id = cx.field_id(field);
    join_pasted_lines(ui, id);
    let response = row(ui, label, |ui| {
        let mut edit = egui::TextEdit::singleline(value)
            .id(id)
            .hint_text(hint)
            .desired_width(f32::INFINITY);
        if error {
            edit = edit.background_color(ERROR_BACKGROUND);
        }
        ui.add(edit)
    });
    if response.gained_focus() {
        cx.focused = Some(field.clone());
    }
    cx.arrive(field, &response, true);
}

/// Text pasted into the one-line field `id` (if it has the focus): its lines trimmed and joined
/// with one space, blank lines dropped — text copied from Word or WeChat keeps every word.
pub(super) fn join_pasted_lines(ui: &Ui, id: egui::Id) {
    if !ui.memory(|memory| memory.has_focus(id)) {
        return;
    }
    ui.ctx().input_mut(|input| {
        for event in &mut input.events {
            if let egui::Event::Paste(text) = event {
                *text = one_line(text);
            }
        }
    });
}

/// `text` on one line: lines trimmed, blank ones dropped, joined with a space.
pub fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A multi-line text field, with a character count when `limit` is given.
pub(super) fn multiline(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    field: &FieldPath,
    value: &mut String,
    hint: &str,
    limit: Option<usize>,
) {
    let error = cx.problems.has_error_at(field);
    let id = cx.field_id(field);
    let response = row(ui, label, |ui| {
        let mut edit = egui::TextEdit::multiline(value)
            .id(id)
            .hint_text(hint)
            .desired_rows(3)
            .desired_width(f32::INFINITY);
        if error {
            edit = edit.background_color(ERROR_BACKGROUND);
        }
        ui.add(edit)
    });
    if response.gained_focus() {
        cx.focused = Some(field.clone());
    }
    cx.arrive(field, &response, true);
    let count = limit.map(|limit| {
        let count = value.chars().count();
        let text = RichText::new(format!("{count} / {limit} 字")).small();
        if count > limit {
            text.color(WARNING_COLOR)
        } else {
            text.weak()
        }
    });
    let problems = cx.problems.at(field);
    message_row(ui, count, |ui| problem_text(ui, problems));
}

/// A drop-down of fixed choices for a text field. A value not in the list is kept and shown.
pub(super) fn choice(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    field: &FieldPath,
    value: &mut String,
    choices: &[&str],
) {
    let response = row(ui, label, |ui| {
        let shown = if value.trim().is_empty() {
            "（请选择）".to_owned()
        } else {
            value.clone()
        };
        let inner = egui::ComboBox::from_id_salt(field.to_string())
            .selected_text(shown)
            .width(COMBO_WIDTH.min(ui.available_width() - 24.0))
            .show_ui(ui, |ui| {
                let current = value.trim().to_owned();
                if !current.is_empty() && !choices.contains(&current.as_str()) {
                    ui.selectable_value(value, current.clone(), current);
                }
                for option in choices {
                    ui.selectable_value(value, (*option).to_owned(), *option);
                }
            });
        inner.response
    });
    cx.arrive(field, &response, false);
    problems_ui(ui, cx, field);
}

/// What the user asked to do to one item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListAction {
    Up(usize),
    Down(usize),
    Remove(usize),
}

impl ListAction {
    pub(super) fn apply<T>(self, list: &mut Vec<T>) {
        match self {
            ListAction::Up(index) if index > 0 && index < list.len() => list.swap(index, index - 1),
            ListAction::Down(index) if index + 1 < list.len() => list.swap(index, index + 1),
            ListAction::Remove(index) if index < list.len() => {
                list.remove(index);
            }
            _ => {}
        }
    }
}

/// 上移 / 下移 / 删除 buttons for item `index` of `len`.
pub(super) fn item_buttons(ui: &mut Ui, index: usize, len: usize, action: &mut Option<ListAction>) {
    if ui
        .add_enabled(index > 0, egui::Button::new("上移").small())
        .clicked()
    {
        *action = Some(ListAction::Up(index));
    }
    if ui
        .add_enabled(index + 1 < len, egui::Button::new("下移").small())
        .clicked()
    {
        *action = Some(ListAction::Down(index));
    }
    if ui
        .add(egui::Button::new(RichText::new("删除").color(ERROR_COLOR)).small())
        .on_hover_text("删除这一项（可以用“撤销”恢复）")
        .clicked()
    {
        *action = Some(ListAction::Remove(index));
    }
}

/// A sub-heading inside a section; brings itself into view for jumps to the list as a whole.
pub(super) fn list_heading(
    ui: &mut Ui,
    cx: &mut FormContext,
    title: &str,
    field: &FieldPath,
    hint: &str,
) {
    ui.add_space(8.0);
    let response = ui.label(RichText::new(title).strong().size(16.0));
    cx.arrive(field, &response, false);
    if !hint.is_empty() {
        ui.label(RichText::new(hint).weak().small());
    }
    problems_ui(ui, cx, field);
}

/// A thumbnail (or a grey box), the picture's file name, and a 选择图片 button.
pub(super) fn picture(
    ui: &mut Ui,
    cx: &mut FormContext,
    path: &str,
    target: ImageTarget,
) -> Response {
    ui.horizontal(|ui| {
        let size = Vec2::splat(64.0);
        match cx.thumbnails.get(path.trim()) {
            Some(Ok(texture)) if !path.trim().is_empty() => {
                let texture_size = texture.size_vec2();
                let scale = (size.x / texture_size.x).min(size.y / texture_size.y);
                ui.add(egui::Image::new((texture.id(), texture_size * scale)))
                    .on_hover_text(path);
            }
            _ => {
                let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                ui.painter()
                    .rect_filled(rect, 4.0, ui.visuals().faint_bg_color);
                let note = if path.trim().is_empty() {
                    "无图片"
                } else if let Some(Err(_)) = cx.thumbnails.get(path.trim()) {
                    "打不开"
                } else {
                    "读取中"
                };
                ui.painter().text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    note,
                    egui::FontId::proportional(12.0),
                    ui.visuals().weak_text_color(),
                );
            }
        }
        ui.vertical(|ui| {
            let name = if path.trim().is_empty() {
                "（未选择）".to_owned()
            } else if std::path::Path::new(path.trim()).is_absolute()
                && cx.base_dir.is_none_or(|dir| {
                    crate::app::portable::relative_inside(std::path::Path::new(path.trim()), dir)
                        .is_none()
                })
            {
                format!(
                    "{}（保存站点时复制到“{}”文件夹）",
                    crate::app::portable::display_name(path, cx.base_dir),
                    crate::app::portable::PICTURE_FOLDER
                )
            } else {
                crate::app::portable::display_name(path, cx.base_dir)
            };
            ui.add(egui::Label::new(RichText::new(name).small()).truncate());
            let button = ui.button("选择图片…").on_hover_text("选择 JPG 或 PNG 图片");
            if button.clicked() {
                cx.commands.push(Command::PickImage(target));
            }
            button
        })
        .inner
    })
    .inner
}

/// A collapsible card for one list item; opens itself when a jump goes inside it.
pub(super) fn card<R>(
    ui: &mut Ui,
    cx: &mut FormContext,
    field: &FieldPath,
    title: String,
    add: impl FnOnce(&mut Ui, &mut FormContext) -> R,
) {
    let open = cx.wants_within(field).then_some(true);
    let has_error = cx.problems.has_error_within(field);
    let title = if has_error {
        RichText::new(title).strong().color(ERROR_COLOR)
    } else {
        RichText::new(title).strong()
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let response = egui::CollapsingHeader::new(title)
            .id_salt("card")
            .open(open)
            .show(ui, |ui| add(ui, cx));
        cx.arrive(field, &response.header_response, false);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_actions() {
        let mut list = vec![1, 2, 3];
        ListAction::Up(0).apply(&mut list);
        ListAction::Down(2).apply(&mut list);
        ListAction::Remove(7).apply(&mut list);
        assert_eq!(list, vec![1, 2, 3]);
        ListAction::Up(2).apply(&mut list);
        assert_eq!(list, vec![1, 3, 2]);
        ListAction::Remove(0).apply(&mut list);
        assert_eq!(list, vec![3, 2]);
    }
}
