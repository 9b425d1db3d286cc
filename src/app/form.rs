//! The station form: every field of the station file, in six sections.
//!
//! The `*_ui` functions edit the station directly; anything with a side effect (choosing a picture)
//! is pushed as a [`Command`] and run at the end of the frame.

use std::collections::HashMap;

use egui::{Align, Color32, Layout, Response, RichText, Ui, UiBuilder, Vec2};

use super::commands::{Command, ImageTarget};
use super::files::today_iso;
use crate::model::{
    self, LEVELS, PARTNER_KINDS, POSTS, Partner, Problem, ProcessStep, QrCode, Service, Severity,
    StaffMember, StationFile, StationKind,
};
use crate::sign::SignKind;

/// Width of the label column.
const LABEL_WIDTH: f32 = 100.0;
/// Red for errors.
pub const ERROR_COLOR: Color32 = Color32::from_rgb(196, 30, 30);
/// Background of a text field with an error.
pub const ERROR_BACKGROUND: Color32 = Color32::from_rgb(255, 232, 232);
/// Dark orange for warnings.
pub const WARNING_COLOR: Color32 = Color32::from_rgb(176, 100, 0);

/// Service categories offered in the 服务类别 menu.
pub const CATEGORIES: [&str; 6] = [
    "社会救助",
    "养老服务",
    "儿童关爱保护",
    "残疾人服务",
    "社区治理",
    "其他服务",
];
/// The usual service process, offered when the list is empty.
pub const USUAL_PROCESS: [(&str, &str); 6] = [
    ("接案", "来访、来电、转介或走访发现，登记基本情况"),
    ("预估", "评估服务对象的问题与需求"),
    ("计划", "与服务对象共同制定服务计划"),
    ("介入", "开展个案、小组、社区服务，链接资源"),
    ("评估", "评估服务成效，必要时调整计划"),
    ("结案", "达成目标后结案，定期回访"),
];

/// The form's sections (one tab each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Section {
    /// 站点信息.
    #[default]
    Station,
    /// 服务内容与清单.
    Services,
    /// 服务人员.
    Staff,
    /// 服务流程.
    Process,
    /// 联系方式.
    Contacts,
    /// 五社联动.
    Partners,
}

impl Section {
    /// All sections in tab order.
    pub const ALL: [Section; 6] = [
        Section::Station,
        Section::Services,
        Section::Staff,
        Section::Process,
        Section::Contacts,
        Section::Partners,
    ];

    /// The tab's Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Section::Station => "站点信息",
            Section::Services => "服务内容与清单",
            Section::Staff => "服务人员",
            Section::Process => "服务流程",
            Section::Contacts => "联系方式",
            Section::Partners => "五社联动",
        }
    }

    /// The sign that shows this section best (the preview switches to it).
    pub fn sign(self) -> SignKind {
        match self {
            Section::Station => SignKind::Plaque,
            Section::Services => SignKind::Services,
            Section::Staff => SignKind::Staff,
            Section::Process => SignKind::Process,
            Section::Contacts => SignKind::Contacts,
            Section::Partners => SignKind::Board,
        }
    }

    /// The section holding a field such as `staff[2].name`.
    pub fn of_field(field: &str) -> Section {
        let head = field.split(['.', '[']).next().unwrap_or("");
        match head {
            "services" => Section::Services,
            "staff" => Section::Staff,
            "process" => Section::Process,
            "contacts" => Section::Contacts,
            "partners" => Section::Partners,
            _ => Section::Station,
        }
    }
}

/// Problems by field, for showing them where they belong.
#[derive(Debug, Default, Clone)]
pub struct ProblemIndex {
    by_field: HashMap<String, Vec<Problem>>,
    counts: HashMap<Section, (usize, usize)>,
}

impl ProblemIndex {
    /// Indexes a list of problems.
    pub fn new(problems: &[Problem]) -> ProblemIndex {
        let mut index = ProblemIndex::default();
        for problem in problems {
            index
                .by_field
                .entry(problem.field.to_string())
                .or_default()
                .push(problem.clone());
            let count = index
                .counts
                .entry(Section::of_field(&problem.field.to_string()))
                .or_default();
            match problem.severity {
                Severity::Error => count.0 += 1,
                Severity::Warning => count.1 += 1,
            }
        }
        index
    }

    /// Problems at exactly this field.
    pub fn at(&self, field: &str) -> &[Problem] {
        self.by_field.get(field).map_or(&[], Vec::as_slice)
    }

    /// Whether any problem is at this field or inside it (e.g. `staff[1]` covers `staff[1].name`).
    pub fn has_error_within(&self, prefix: &str) -> bool {
        self.by_field.iter().any(|(field, problems)| {
            within(field, prefix) && problems.iter().any(|p| p.severity == Severity::Error)
        })
    }

    /// Whether an error is at exactly this field.
    pub fn has_error_at(&self, field: &str) -> bool {
        self.at(field)
            .iter()
            .any(|problem| problem.severity == Severity::Error)
    }

    /// (errors, warnings) in a section.
    pub fn count(&self, section: Section) -> (usize, usize) {
        self.counts.get(&section).copied().unwrap_or_default()
    }
}

/// Whether `field` is `prefix` or lies inside it (`staff[1]` holds `staff[1].name`, not `staff[10]`).
fn within(field: &str, prefix: &str) -> bool {
    field
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// A request to bring a field into view and focus it.
#[derive(Debug, Clone, PartialEq)]
pub struct Jump {
    /// The field, e.g. `staff[1].photo`.
    pub field: String,
    /// Frames left before giving up (the field may not exist any more).
    pub frames_left: u8,
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
    pub focused: Option<String>,
}

impl FormContext<'_> {
    fn wants(&self, field: &str) -> bool {
        self.jump.as_ref().is_some_and(|jump| jump.field == field)
    }

    fn wants_within(&self, prefix: &str) -> bool {
        self.jump
            .as_ref()
            .is_some_and(|jump| within(&jump.field, prefix))
    }

    /// Scrolls to and focuses `response` if it is the jump target.
    fn arrive(&mut self, field: &str, response: &Response, focus: bool) {
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
            }
            ui.add_space(40.0);
        });
    tab_clicked
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/// A row: the label on the left (right-aligned), the widget filling the rest. Returns the widget's
/// response; the label names the widget for screen readers and tests.
fn row(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    labelled_row(ui, label, true, add)
}

/// A row whose widget keeps its own accessible name (buttons, check boxes).
fn plain_row(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    labelled_row(ui, label, false, add)
}

fn labelled_row(
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
                |ui| ui.label(label),
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

/// The problems at `field`, under its row.
fn problems_ui(ui: &mut Ui, cx: &FormContext, field: &str) {
    for problem in cx.problems.at(field) {
        problem_line(ui, problem);
    }
}

fn problem_line(ui: &mut Ui, problem: &Problem) {
    let color = match problem.severity {
        Severity::Error => ERROR_COLOR,
        Severity::Warning => WARNING_COLOR,
    };
    ui.horizontal_top(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        ui.add(
            egui::Label::new(
                RichText::new(format!("{}：{}", problem.severity.label(), problem.message))
                    .color(color)
                    .small(),
            )
            .wrap(),
        );
    });
}

/// A one-line text field.
fn text(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    field: &str,
    value: &mut String,
    hint: &str,
) {
    let error = cx.problems.has_error_at(field);
    let response = row(ui, label, |ui| {
        let mut edit = egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(f32::INFINITY);
        if error {
            edit = edit.background_color(ERROR_BACKGROUND);
        }
        ui.add(edit)
    });
    cx.arrive(field, &response, true);
    problems_ui(ui, cx, field);
}

/// A multi-line text field, with a character count when `limit` is given.
fn multiline(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    field: &str,
    value: &mut String,
    hint: &str,
    limit: Option<usize>,
) {
    let error = cx.problems.has_error_at(field);
    let response = row(ui, label, |ui| {
        let mut edit = egui::TextEdit::multiline(value)
            .hint_text(hint)
            .desired_rows(3)
            .desired_width(f32::INFINITY);
        if error {
            edit = edit.background_color(ERROR_BACKGROUND);
        }
        ui.add(edit)
    });
    cx.arrive(field, &response, true);
    if let Some(limit) = limit {
        let count = value.chars().count();
        ui.horizontal(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            let text = RichText::new(format!("{count} / {limit} 字")).small();
            ui.label(if count > limit {
                text.color(WARNING_COLOR)
            } else {
                text.weak()
            });
        });
    }
    problems_ui(ui, cx, field);
}

/// A drop-down of fixed choices for a text field. A value not in the list is kept and shown.
fn choice(
    ui: &mut Ui,
    cx: &mut FormContext,
    label: &str,
    field: &str,
    value: &mut String,
    choices: &[&str],
) {
    let response = row(ui, label, |ui| {
        let shown = if value.trim().is_empty() {
            "（请选择）".to_owned()
        } else {
            value.clone()
        };
        let inner = egui::ComboBox::from_id_salt(field)
            .selected_text(shown)
            .width(220.0)
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
enum ListAction {
    Up(usize),
    Down(usize),
    Remove(usize),
}

impl ListAction {
    fn apply<T>(self, list: &mut Vec<T>) {
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
fn item_buttons(ui: &mut Ui, index: usize, len: usize, action: &mut Option<ListAction>) {
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
fn list_heading(ui: &mut Ui, cx: &mut FormContext, title: &str, field: &str, hint: &str) {
    ui.add_space(8.0);
    let response = ui.label(RichText::new(title).strong().size(16.0));
    cx.arrive(field, &response, false);
    if !hint.is_empty() {
        ui.label(RichText::new(hint).weak().small());
    }
    problems_ui(ui, cx, field);
}

/// A list of one-line texts (指导单位, 功能室).
fn string_list(
    ui: &mut Ui,
    cx: &mut FormContext,
    field: &str,
    item_label: &str,
    add_label: &str,
    list: &mut Vec<String>,
) {
    let mut action = None;
    let len = list.len();
    for (index, value) in list.iter_mut().enumerate() {
        let path = format!("{field}[{index}]");
        ui.push_id(&path, |ui| {
            let response = row(ui, &format!("{item_label} {}", index + 1), |ui| {
                ui.horizontal(|ui| {
                    item_buttons(ui, index, len, &mut action);
                    ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
                })
                .inner
            });
            cx.arrive(&path, &response, true);
            if response.gained_focus() {
                cx.focused = Some(path.clone());
            }
            problems_ui(ui, cx, &path);
        });
    }
    if let Some(action) = action {
        action.apply(list);
    }
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        if ui.button(add_label).clicked() {
            list.push(String::new());
            *cx.jump = Some(Jump {
                field: format!("{field}[{}]", list.len() - 1),
                frames_left: 5,
            });
        }
    });
}

/// A thumbnail (or a grey box), the picture's file name, and a 选择图片 button.
fn picture(ui: &mut Ui, cx: &mut FormContext, path: &str, target: ImageTarget) -> Response {
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
            } else {
                path.to_owned()
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

// ---------------------------------------------------------------------------------------------
// Sections

fn station_ui(ui: &mut Ui, file: &mut StationFile, cx: &mut FormContext) {
    let station = &mut file.station;
    text(
        ui,
        cx,
        "站点全称",
        "station.name",
        &mut station.name,
        "如：青禾县柳溪镇社会工作服务站",
    );
    let response = row(ui, "场所类型", |ui| {
        egui::ComboBox::from_id_salt("station.kind")
            .selected_text(station.kind.label().to_owned())
            .width(220.0)
            .show_ui(ui, |ui| {
                if let StationKind::Other(_) = station.kind {
                    let current = station.kind.clone();
                    let label = current.label().to_owned();
                    ui.selectable_value(&mut station.kind, current, label);
                }
                for kind in StationKind::KNOWN {
                    let label = kind.label().to_owned();
                    ui.selectable_value(&mut station.kind, kind, label);
                }
            })
            .response
    });
    cx.arrive("station.kind", &response, false);
    problems_ui(ui, cx, "station.kind");
    text(
        ui,
        cx,
        "县区",
        "station.county",
        &mut station.county,
        "如：青禾县",
    );
    text(
        ui,
        cx,
        "乡镇（街道）",
        "station.town",
        &mut station.town,
        "如：柳溪镇",
    );
    text(
        ui,
        cx,
        "承接机构",
        "station.operator",
        &mut station.operator,
        "运营站点的社会工作服务机构",
    );
    multiline(
        ui,
        cx,
        "站点简介",
        "station.intro",
        &mut station.intro,
        "简要介绍站点的服务对象和服务内容",
        Some(150),
    );
    text(
        ui,
        cx,
        "宣传主题",
        "station.slogan",
        &mut station.slogan,
        "如：推进“五社联动” 关爱“一小一老”",
    );
    let response = row(ui, "更新日期", |ui| {
        ui.horizontal(|ui| {
            let edit = ui.add(
                egui::TextEdit::singleline(&mut file.updated)
                    .hint_text("2026-03-01")
                    .desired_width(120.0),
            );
            if ui.button("今天").on_hover_text("填入今天的日期").clicked() {
                file.updated = today_iso();
            }
            edit
        })
        .inner
    });
    cx.arrive("updated", &response, true);
    problems_ui(ui, cx, "updated");

    let station = &mut file.station;
    list_heading(
        ui,
        cx,
        "指导单位",
        "station.guide_units",
        "显示在每块公示牌的页脚，如：县民政局、镇人民政府",
    );
    string_list(
        ui,
        cx,
        "station.guide_units",
        "指导单位",
        "添加指导单位",
        &mut station.guide_units,
    );

    list_heading(
        ui,
        cx,
        "功能室",
        "station.rooms",
        "每个功能室生成一块门牌，如：个案工作室、小组活动室",
    );
    string_list(
        ui,
        cx,
        "station.rooms",
        "功能室",
        "添加功能室",
        &mut station.rooms,
    );

    list_heading(
        ui,
        cx,
        "标志",
        "station.logos",
        "站点或机构的标志图片，显示在门牌和工作证上",
    );
    let mut action = None;
    let len = station.logos.len();
    for (index, logo) in station.logos.iter().enumerate() {
        let path = format!("station.logos[{index}]");
        ui.push_id(&path, |ui| {
            let response = plain_row(ui, &format!("标志 {}", index + 1), |ui| {
                ui.horizontal(|ui| {
                    let response = picture(ui, cx, logo, ImageTarget::Logo(Some(index)));
                    item_buttons(ui, index, len, &mut action);
                    response
                })
                .inner
            });
            cx.arrive(&path, &response, false);
            problems_ui(ui, cx, &path);
        });
    }
    if let Some(action) = action {
        action.apply(&mut station.logos);
    }
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        if ui.button("添加标志…").clicked() {
            cx.commands
                .push(Command::PickImage(ImageTarget::Logo(None)));
        }
    });
}

/// A collapsible card for one list item; opens itself when a jump goes inside it.
fn card<R>(
    ui: &mut Ui,
    cx: &mut FormContext,
    field: &str,
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
            .id_salt(field)
            .open(open)
            .show(ui, |ui| add(ui, cx));
        cx.arrive(field, &response.header_response, false);
    });
}

fn add_button(ui: &mut Ui, label: &str) -> bool {
    ui.add_space(4.0);
    ui.button(RichText::new(label).strong()).clicked()
}

fn services_ui(ui: &mut Ui, services: &mut Vec<Service>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "服务清单",
        "services",
        "每一项服务写清楚服务对象、方式和频次；同一类别的项目在公示牌上排在一起。",
    );
    let mut action = None;
    let len = services.len();
    for (index, service) in services.iter_mut().enumerate() {
        let field = format!("services[{index}]");
        let title = format!(
            "{}. {}{}",
            index + 1,
            if service.item.trim().is_empty() {
                "（未填写服务项目）"
            } else {
                service.item.trim()
            },
            if service.category.trim().is_empty() {
                String::new()
            } else {
                format!("　［{}］", service.category.trim())
            }
        );
        ui.push_id(&field, |ui| {
            card(ui, cx, &field, title, |ui, cx| {
                let path = format!("{field}.category");
                let response = row(ui, "服务类别", |ui| {
                    ui.horizontal(|ui| {
                        let edit = ui.add(
                            egui::TextEdit::singleline(&mut service.category)
                                .hint_text("如：养老服务")
                                .desired_width(180.0),
                        );
                        ui.menu_button("常用类别", |ui| {
                            for category in CATEGORIES {
                                if ui.button(category).clicked() {
                                    service.category = category.to_owned();
                                    ui.close();
                                }
                            }
                        });
                        edit
                    })
                    .inner
                });
                cx.arrive(&path, &response, true);
                problems_ui(ui, cx, &path);
                text(
                    ui,
                    cx,
                    "服务项目",
                    &format!("{field}.item"),
                    &mut service.item,
                    "如：独居老人探访",
                );
                multiline(
                    ui,
                    cx,
                    "服务内容",
                    &format!("{field}.description"),
                    &mut service.description,
                    "具体做什么",
                    None,
                );
                text(
                    ui,
                    cx,
                    "服务对象",
                    &format!("{field}.targets"),
                    &mut service.targets,
                    "如：独居、空巢老人",
                );
                text(
                    ui,
                    cx,
                    "服务方式",
                    &format!("{field}.method"),
                    &mut service.method,
                    "如：入户、个案、小组",
                );
                text(
                    ui,
                    cx,
                    "服务频次",
                    &format!("{field}.frequency"),
                    &mut service.frequency,
                    "如：每月",
                );
                let response = plain_row(ui, "是否免费", |ui| {
                    ui.checkbox(&mut service.free, "免费服务")
                });
                cx.arrive(&format!("{field}.free"), &response, false);
                ui.horizontal(|ui| {
                    ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                    item_buttons(ui, index, len, &mut action);
                });
            });
        });
    }
    if let Some(action) = action {
        action.apply(services);
    }
    if add_button(ui, "添加服务项目") {
        let category = services
            .last()
            .map(|s| s.category.clone())
            .unwrap_or_default();
        services.push(Service {
            category,
            free: true,
            ..Service::default()
        });
        *cx.jump = Some(Jump {
            field: format!("services[{}].item", services.len() - 1),
            frames_left: 5,
        });
    }
}

fn staff_ui(ui: &mut Ui, staff: &mut Vec<StaffMember>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "服务人员名单",
        "staff",
        "公示牌和工作证上显示照片、姓名、岗位、职业水平；电话只在勾选“公开电话”时显示。",
    );
    let mut action = None;
    let len = staff.len();
    for (index, member) in staff.iter_mut().enumerate() {
        let field = format!("staff[{index}]");
        let title = format!(
            "{}. {}{}",
            index + 1,
            if member.name.trim().is_empty() {
                "（未填写姓名）"
            } else {
                member.name.trim()
            },
            if member.post.trim().is_empty() {
                String::new()
            } else {
                format!("　{}", member.post.trim())
            }
        );
        ui.push_id(&field, |ui| {
            card(ui, cx, &field, title, |ui, cx| {
                text(
                    ui,
                    cx,
                    "姓名",
                    &format!("{field}.name"),
                    &mut member.name,
                    "",
                );
                choice(
                    ui,
                    cx,
                    "岗位",
                    &format!("{field}.post"),
                    &mut member.post,
                    &POSTS,
                );
                choice(
                    ui,
                    cx,
                    "职业水平",
                    &format!("{field}.level"),
                    &mut member.level,
                    &LEVELS,
                );
                text(
                    ui,
                    cx,
                    "联系电话",
                    &format!("{field}.phone"),
                    &mut member.phone,
                    "如：138 0000 0001",
                );
                let response = plain_row(ui, "公开电话", |ui| {
                    ui.checkbox(&mut member.show_phone, "在公示牌上显示电话")
                });
                cx.arrive(&format!("{field}.show_phone"), &response, false);
                multiline(
                    ui,
                    cx,
                    "工作职责",
                    &format!("{field}.duties"),
                    &mut member.duties,
                    "如：负责养老服务和社会救助走访",
                    None,
                );
                let path = format!("{field}.photo");
                let response = plain_row(ui, "照片", |ui| {
                    ui.horizontal(|ui| {
                        let response = picture(ui, cx, &member.photo, ImageTarget::Photo(index));
                        if !member.photo.is_empty() && ui.small_button("清除照片").clicked() {
                            member.photo.clear();
                        }
                        response
                    })
                    .inner
                });
                cx.arrive(&path, &response, false);
                problems_ui(ui, cx, &path);
                ui.horizontal(|ui| {
                    ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                    item_buttons(ui, index, len, &mut action);
                });
            });
        });
    }
    if let Some(action) = action {
        action.apply(staff);
    }
    if add_button(ui, "添加服务人员") {
        staff.push(StaffMember {
            post: POSTS[1].to_owned(),
            ..StaffMember::default()
        });
        *cx.jump = Some(Jump {
            field: format!("staff[{}].name", staff.len() - 1),
            frames_left: 5,
        });
    }
}

fn process_ui(ui: &mut Ui, process: &mut Vec<ProcessStep>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "服务流程",
        "process",
        "按先后顺序填写步骤，流程图上用箭头依次连接。",
    );
    if !process.is_empty() {
        let chain: Vec<&str> = process.iter().map(|step| step.step.trim()).collect();
        ui.label(RichText::new(chain.join(" → ")).weak());
    }
    let mut action = None;
    let len = process.len();
    for (index, step) in process.iter_mut().enumerate() {
        let field = format!("process[{index}]");
        let title = format!(
            "第 {} 步　{}",
            index + 1,
            if step.step.trim().is_empty() {
                "（未填写）"
            } else {
                step.step.trim()
            }
        );
        ui.push_id(&field, |ui| {
            card(ui, cx, &field, title, |ui, cx| {
                text(
                    ui,
                    cx,
                    "步骤名称",
                    &format!("{field}.step"),
                    &mut step.step,
                    "如：接案",
                );
                multiline(
                    ui,
                    cx,
                    "说明",
                    &format!("{field}.detail"),
                    &mut step.detail,
                    "这一步做什么",
                    None,
                );
                ui.horizontal(|ui| {
                    ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                    item_buttons(ui, index, len, &mut action);
                });
            });
        });
    }
    if let Some(action) = action {
        action.apply(process);
    }
    ui.horizontal(|ui| {
        if add_button(ui, "添加步骤") {
            process.push(ProcessStep::default());
            *cx.jump = Some(Jump {
                field: format!("process[{}].step", process.len() - 1),
                frames_left: 5,
            });
        }
        if process.is_empty()
            && ui
                .button("填入常用流程")
                .on_hover_text("接案 → 预估 → 计划 → 介入 → 评估 → 结案")
                .clicked()
        {
            process.extend(USUAL_PROCESS.iter().map(|(step, detail)| ProcessStep {
                step: (*step).to_owned(),
                detail: (*detail).to_owned(),
                ..ProcessStep::default()
            }));
        }
    });
}

fn contacts_ui(ui: &mut Ui, file: &mut StationFile, cx: &mut FormContext) {
    let contacts = &mut file.contacts;
    text(
        ui,
        cx,
        "地址",
        "contacts.address",
        &mut contacts.address,
        "如：柳溪镇人民路18号 镇党群服务中心二楼",
    );
    text(
        ui,
        cx,
        "开放时间",
        "contacts.hours",
        &mut contacts.hours,
        "如：周一至周五 8:30-12:00，14:30-17:30",
    );
    text(
        ui,
        cx,
        "服务热线",
        "contacts.hotline",
        &mut contacts.hotline,
        "",
    );
    text(
        ui,
        cx,
        "监督电话",
        "contacts.supervision_phone",
        &mut contacts.supervision_phone,
        "如：0000-6609999（县民政局）",
    );
    text(
        ui,
        cx,
        "邮箱",
        "contacts.email",
        &mut contacts.email,
        "选填",
    );

    list_heading(
        ui,
        cx,
        "二维码",
        "contacts.qr_codes",
        "填写网址或文字，程序自动生成二维码，如微信公众号、志愿者报名链接。",
    );
    let mut action = None;
    let len = contacts.qr_codes.len();
    for (index, code) in contacts.qr_codes.iter_mut().enumerate() {
        let field = format!("contacts.qr_codes[{index}]");
        let title = format!(
            "二维码 {}　{}",
            index + 1,
            if code.label.trim().is_empty() {
                "（未填写说明）"
            } else {
                code.label.trim()
            }
        );
        ui.push_id(&field, |ui| {
            card(ui, cx, &field, title, |ui, cx| {
                text(
                    ui,
                    cx,
                    "说明文字",
                    &format!("{field}.label"),
                    &mut code.label,
                    "如：微信公众号",
                );
                text(
                    ui,
                    cx,
                    "内容",
                    &format!("{field}.content"),
                    &mut code.content,
                    "如：https://…",
                );
                ui.horizontal(|ui| {
                    ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                    item_buttons(ui, index, len, &mut action);
                });
            });
        });
    }
    if let Some(action) = action {
        action.apply(&mut contacts.qr_codes);
    }
    if add_button(ui, "添加二维码") {
        contacts.qr_codes.push(QrCode::default());
        *cx.jump = Some(Jump {
            field: format!("contacts.qr_codes[{}].label", contacts.qr_codes.len() - 1),
            frames_left: 5,
        });
    }
}

fn partners_ui(ui: &mut Ui, partners: &mut Vec<Partner>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "五社联动资源",
        "partners",
        "社区、社会组织、社会工作者、社区志愿者、社会慈善资源。",
    );
    let mut action = None;
    let len = partners.len();
    for (index, partner) in partners.iter_mut().enumerate() {
        let field = format!("partners[{index}]");
        ui.push_id(&field, |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                choice(
                    ui,
                    cx,
                    "类别",
                    &format!("{field}.kind"),
                    &mut partner.kind,
                    &PARTNER_KINDS,
                );
                text(
                    ui,
                    cx,
                    "名称",
                    &format!("{field}.name"),
                    &mut partner.name,
                    "如：柳溪社区居委会",
                );
                ui.horizontal(|ui| {
                    ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
                    item_buttons(ui, index, len, &mut action);
                });
            });
        });
    }
    if let Some(action) = action {
        action.apply(partners);
    }
    if add_button(ui, "添加资源") {
        let kind = PARTNER_KINDS
            .iter()
            .find(|kind| !partners.iter().any(|p| p.kind == **kind))
            .unwrap_or(&PARTNER_KINDS[0]);
        partners.push(Partner {
            kind: (*kind).to_owned(),
            ..Partner::default()
        });
        *cx.jump = Some(Jump {
            field: format!("partners[{}].name", partners.len() - 1),
            frames_left: 5,
        });
    }
}

/// Problems of the station that do not touch the pictures (fast: no file is read).
pub fn quick_problems(station: &StationFile) -> Vec<Problem> {
    // Pictures are checked off the UI thread; mask their paths so validation reads no files.
    let mut masked = station.clone();
    for logo in &mut masked.station.logos {
        if !logo.trim().is_empty() {
            *logo = "x.png".to_owned();
        }
    }
    for member in &mut masked.staff {
        if !member.photo.trim().is_empty() {
            member.photo = "x.png".to_owned();
        }
    }
    model::validate(&masked)
}

/// Whether a field holds a picture path.
pub fn is_picture_field(field: &str) -> bool {
    field.starts_with("station.logos[") || field.ends_with(".photo")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_within_items() {
        assert!(within("staff[1].name", "staff[1]"));
        assert!(within("staff[1]", "staff[1]"));
        assert!(!within("staff[10].name", "staff[1]"));
        assert!(within("contacts.qr_codes[0].label", "contacts.qr_codes"));
        assert_eq!(
            Section::of_field("contacts.qr_codes[0].label"),
            Section::Contacts
        );
        assert_eq!(Section::of_field("updated"), Section::Station);
    }

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
