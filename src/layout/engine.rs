//! Turns a template into pages: page geometry, placeholders, shapes, and list pagination.

use super::blocks::{self, ListOutcome};
use super::text::{self, FitStyle, Fitted};
use super::{Assets, LayoutOptions};
use crate::fonts::{self, Fonts};
use crate::frame::*;
use crate::model::{self, FieldPath, StationFile};
use crate::sign::SignKind;
use crate::template::{Block, BlockKind, Style, Template, Theme};

/// Everything a block needs while laying out one page.
pub(super) struct Context<'a> {
    pub station: &'a StationFile,
    pub assets: &'a Assets,
    pub fonts: &'static Fonts,
    pub theme: &'a Theme,
    pub kind: SignKind,
    /// The page's shorter side in points: template sizes are fractions of it.
    pub unit: f32,
    pub page_width: f32,
    pub page_height: f32,
    pub warnings: Vec<Warning>,
    /// Trial layouts (choosing a size) skip the costly picture work.
    pub measuring: bool,
}

impl Context<'_> {
    /// A template rectangle (fractions of the page) in points.
    pub fn rect(&self, fractions: [f32; 4]) -> Rect {
        let [x, y, width, height] = fractions;
        Rect::new(
            x * self.page_width,
            y * self.page_height,
            width * self.page_width,
            height * self.page_height,
        )
    }

    /// The style at `shrink` (0 = the template's largest size, 1 = its smallest).
    pub fn fit_style(&self, style: &Style, shrink: f32) -> FitStyle {
        let max = style.size[0] * self.unit;
        let min = (style.size[1] * self.unit * self.theme.min_text_scale).min(max);
        let size = max + (min - max) * shrink.clamp(0.0, 1.0);
        FitStyle {
            weight: style.weight,
            max_size_pt: size,
            min_size_pt: min.min(size),
            line_height: style.line_height,
            color: self.theme.color(&style.color),
            align: style.align,
            valign: style.valign,
            max_lines: style.max_lines,
        }
    }

    /// A colour of the theme.
    pub fn color(&self, name: &str) -> Rgb {
        self.theme.color(name)
    }

    /// Records a warning about `field`.
    pub fn warn(&mut self, field: impl Into<FieldPath>, message: String) {
        let warning = Warning {
            sign: self.kind,
            field: field.into(),
            message,
        };
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    /// Fits `text` into `area`, adds its lines to `items`, and reports what went wrong.
    pub fn text(
        &mut self,
        items: &mut Vec<Item>,
        content: &str,
        area: Rect,
        style: &FitStyle,
        field: &str,
    ) -> Fitted {
        let fitted = text::fit(self.fonts, content, area, style);
        self.report(&fitted, field);
        items.extend(fitted.lines.iter().cloned().map(Item::Text));
        fitted
    }

    /// Reports overflow and missing characters of a fitted text.
    pub fn report(&mut self, fitted: &Fitted, field: &str) {
        let label = field_name(field);
        if fitted.overflow {
            self.warn(
                field,
                format!("{label}文字太多，缩到最小字号仍放不下，超出部分未印出，请精简"),
            );
        } else if fitted.forced {
            self.warn(
                field,
                format!("{label}中有一串字母或数字太长，只能拆成两行"),
            );
        }
        if !fitted.missing.is_empty() {
            let chars: String = fitted.missing.iter().collect();
            self.warn(
                field,
                format!("{label}中的“{chars}”没有字体可以显示，不会印出，请换成常用字"),
            );
        }
    }
}

/// The Chinese name of a field for messages.
pub(super) fn field_name(field: &str) -> String {
    let label = model::field_label(field);
    if label.is_empty() {
        "文字".to_owned()
    } else {
        label
    }
}

/// Lays out one sign.
pub(super) fn layout(
    station: &StationFile,
    assets: &Assets,
    template: &Template,
    theme: &Theme,
    options: &LayoutOptions,
) -> crate::layout::Document {
    let size = options
        .size
        .unwrap_or(super::PageSize {
            width_mm: template.width_mm,
            height_mm: template.height_mm,
        })
        .oriented(options.orientation);
    let page_width = mm_to_pt(size.width_mm.max(1.0));
    let page_height = mm_to_pt(size.height_mm.max(1.0));
    let mut context = Context {
        station,
        assets,
        fonts: fonts::bundled(),
        theme,
        kind: template.sign,
        unit: page_width.min(page_height),
        page_width,
        page_height,
        warnings: Vec::new(),
        measuring: false,
    };
    let bleed_pt = mm_to_pt(options.bleed_mm.clamp(0.0, 10.0));
    let pages = match template.sign {
        SignKind::RoomPlate => {
            if station
                .station
                .rooms
                .iter()
                .all(|room| room.trim().is_empty())
            {
                context.warn(
                    "station.rooms",
                    "没有填写功能室，无法制作功能室门牌".to_owned(),
                );
            }
            per_item_pages(
                &mut context,
                template,
                bleed_pt,
                station.station.rooms.len(),
            )
        }
        SignKind::Badge => {
            if station.staff.is_empty() {
                context.warn("staff", "没有填写服务人员，无法制作工作证".to_owned());
            }
            per_item_pages(&mut context, template, bleed_pt, station.staff.len())
        }
        _ => paginated_pages(&mut context, template, bleed_pt),
    };
    let title = format!("{} {}", station.station.name.trim(), template.sign.label());
    crate::layout::Document {
        kind: template.sign,
        title,
        pages,
        warnings: context.warnings,
    }
}

/// Which item a per-item page (door plate, badge) shows.
#[derive(Clone, Copy)]
pub(super) struct PageRole {
    /// 0 for the first page.
    pub page_index: usize,
    /// The room or staff member of this page.
    pub item: Option<usize>,
}

fn new_page(context: &Context, template: &Template, bleed_pt: f32) -> Page {
    let mut page = Page {
        width_pt: context.page_width,
        height_pt: context.page_height,
        bleed_pt,
        background: context.color(&template.background),
        items: Vec::new(),
    };
    for shape in &template.shapes {
        let mut rect = context.rect(shape.rect);
        // Shapes touching the trim edge run into the bleed.
        let epsilon = 0.5;
        if rect.x <= epsilon {
            rect.width += rect.x + bleed_pt;
            rect.x = -bleed_pt;
        }
        if rect.y <= epsilon {
            rect.height += rect.y + bleed_pt;
            rect.y = -bleed_pt;
        }
        if rect.right() >= context.page_width - epsilon {
            rect.width = context.page_width + bleed_pt - rect.x;
        }
        if rect.bottom() >= context.page_height - epsilon {
            rect.height = context.page_height + bleed_pt - rect.y;
        }
        page.items.push(Item::Rect {
            rect,
            fill: shape.fill.as_deref().map(|name| context.color(name)),
            stroke: shape.stroke.as_deref().map(|name| {
                (
                    context.color(name),
                    (shape.stroke_width * context.unit).max(0.25),
                )
            }),
            corner_radius_pt: shape.radius * context.unit,
        });
    }
    page
}

fn is_list(kind: BlockKind) -> bool {
    matches!(
        kind,
        BlockKind::ServiceTable | BlockKind::StaffCards | BlockKind::ProcessChart
    )
}

/// Signs whose lists continue on further pages until every item is shown.
fn paginated_pages(context: &mut Context, template: &Template, bleed_pt: f32) -> Vec<Page> {
    // Per list block: the shrink chosen (0 largest … 1 smallest) and the next item to show.
    let mut shrinks: Vec<Option<f32>> = vec![None; template.blocks.len()];
    let mut cursors: Vec<usize> = vec![0; template.blocks.len()];
    let mut pages = Vec::new();
    loop {
        let page_index = pages.len();
        let mut page = new_page(context, template, bleed_pt);
        let mut progressed = false;
        for (index, block) in template.blocks.iter().enumerate() {
            if block.first_page_only && page_index > 0 {
                continue;
            }
            let rect = match (page_index, block.continuation_rect) {
                (0, _) | (_, None) => context.rect(block.rect),
                (_, Some(continuation)) => context.rect(continuation),
            };
            let role = PageRole {
                page_index,
                item: None,
            };
            if is_list(block.kind) {
                let start = cursors.get(index).copied().unwrap_or(0);
                if page_index > 0 && start >= blocks::list_len(context, block.kind) {
                    continue;
                }
                let shrink = match shrinks.get(index).copied().flatten() {
                    Some(shrink) => shrink,
                    None => {
                        let shrink = choose_shrink(context, block, rect, start);
                        if let Some(slot) = shrinks.get_mut(index) {
                            *slot = Some(shrink);
                        }
                        shrink
                    }
                };
                let outcome = blocks::list(context, block, rect, start, shrink, &mut page.items);
                let total = blocks::list_len(context, block.kind);
                if template.single_page && outcome.next < total {
                    let (field, what, sign) = match block.kind {
                        BlockKind::ServiceTable => ("services", "服务项目", "服务内容与服务清单"),
                        BlockKind::StaffCards => ("staff", "服务人员", "服务人员公示"),
                        _ => ("process", "流程步骤", "服务流程图"),
                    };
                    context.warn(
                        field,
                        format!("{}放不下全部{what}（显示了 {} 项，共 {total} 项），完整内容请用“{sign}”", template.sign.label(), outcome.next),
                    );
                }
                if outcome.next > start {
                    progressed = true;
                }
                if let Some(cursor) = cursors.get_mut(index) {
                    *cursor = outcome.next;
                }
            } else {
                draw_block(context, block, rect, role, &mut page.items);
            }
        }
        pages.push(page);
        if template.single_page {
            break;
        }
        let unfinished = template.blocks.iter().enumerate().any(|(index, block)| {
            is_list(block.kind)
                && cursors.get(index).copied().unwrap_or(0) < blocks::list_len(context, block.kind)
        });
        if !unfinished {
            break;
        }
        if !progressed && page_index > 0 || pages.len() >= 200 {
            context.warn(
                "",
                "有一项内容太大，任何一页都放不下，已略去，请精简文字".to_owned(),
            );
            break;
        }
    }
    pages
}

/// The largest text (smallest shrink) at which a list shows every item from `start` in `rect`;
/// 1 (the smallest text) when it cannot, and the list continues on further pages.
fn choose_shrink(context: &mut Context, block: &Block, rect: Rect, start: usize) -> f32 {
    let total = blocks::list_len(context, block.kind);
    let fits = |context: &mut Context, shrink: f32| -> bool {
        let mut scratch = Vec::new();
        let saved = context.warnings.len();
        context.measuring = true;
        let outcome: ListOutcome = blocks::list(context, block, rect, start, shrink, &mut scratch);
        context.measuring = false;
        context.warnings.truncate(saved);
        outcome.next >= total && outcome.clean
    };
    if fits(context, 0.0) {
        return 0.0;
    }
    if !fits(context, 1.0) {
        return 1.0;
    }
    let (mut low, mut high) = (0.0f32, 1.0f32);
    for _ in 0..8 {
        let middle = (low + high) / 2.0;
        if fits(context, middle) {
            high = middle;
        } else {
            low = middle;
        }
    }
    high
}

/// Door plates and badges: one page per room or staff member.
fn per_item_pages(
    context: &mut Context,
    template: &Template,
    bleed_pt: f32,
    count: usize,
) -> Vec<Page> {
    let mut pages = Vec::new();
    for item in 0..count {
        if template.sign == SignKind::RoomPlate
            && context
                .station
                .station
                .rooms
                .get(item)
                .is_none_or(|room| room.trim().is_empty())
        {
            continue;
        }
        let mut page = new_page(context, template, bleed_pt);
        let role = PageRole {
            page_index: 0,
            item: Some(item),
        };
        for block in &template.blocks {
            let rect = context.rect(block.rect);
            draw_block(context, block, rect, role, &mut page.items);
        }
        pages.push(page);
    }
    pages
}

fn draw_block(
    context: &mut Context,
    block: &Block,
    rect: Rect,
    role: PageRole,
    items: &mut Vec<Item>,
) {
    match block.kind {
        BlockKind::Text => {
            let content = fill_placeholders(context, &block.text, role);
            if content.trim().is_empty() {
                return;
            }
            let style = context.fit_style(&block.style, 0.0);
            context.text(items, &content, rect, &style, &block.field);
        }
        BlockKind::Footer => {
            let parts = footer_parts(context.station);
            if parts.is_empty() {
                return;
            }
            let style = context.fit_style(&block.style, 0.0);
            let content = footer_lines(context.fonts, &parts, rect, &style);
            context.text(items, &content, rect, &style, "updated");
        }
        _ => blocks::draw(context, block, rect, role, items),
    }
}

/// The footer on one line if it fits well, else on two lines broken between parts, balanced.
fn footer_lines(fonts: &Fonts, parts: &[String], rect: Rect, style: &FitStyle) -> String {
    const SEPARATOR: &str = "　·　";
    let one_line = parts.join(SEPARATOR);
    let width_em = text::Measured::new(fonts, &one_line, style.weight).single_line_em();
    if width_em * style.max_size_pt * 0.85 <= rect.width || parts.len() < 2 {
        return one_line;
    }
    let mut best = one_line;
    let mut best_width = f32::INFINITY;
    for split in 1..parts.len() {
        let (first, second) = parts.split_at(split);
        let (first, second) = (first.join(SEPARATOR), second.join(SEPARATOR));
        let widest = text::Measured::new(fonts, &first, style.weight)
            .single_line_em()
            .max(text::Measured::new(fonts, &second, style.weight).single_line_em());
        if widest < best_width {
            best_width = widest;
            best = format!("{first}\n{second}");
        }
    }
    best
}

/// DESIGN.md's footer: 指导单位 · 承接机构 · 监督电话 · 更新日期 (empty parts left out).
pub(super) fn footer_parts(station: &StationFile) -> Vec<String> {
    let units: Vec<&str> = station
        .station
        .guide_units
        .iter()
        .map(|unit| unit.trim())
        .filter(|unit| !unit.is_empty())
        .collect();
    let mut parts = Vec::new();
    if !units.is_empty() {
        parts.push(format!("指导单位：{}", units.join("、")));
    }
    if !station.station.operator.trim().is_empty() {
        parts.push(format!("承接机构：{}", station.station.operator.trim()));
    }
    if !station.contacts.supervision_phone.trim().is_empty() {
        parts.push(format!(
            "监督电话：{}",
            station.contacts.supervision_phone.trim()
        ));
    }
    if let Some((year, month, day)) = model::parse_iso_date(station.updated.trim()) {
        parts.push(format!("更新日期：{year}年{month}月{day}日"));
    } else if !station.updated.trim().is_empty() {
        parts.push(format!("更新日期：{}", station.updated.trim()));
    }
    parts
}

/// The station name split after its place name: 青禾县柳溪镇 / 社会工作服务站.
pub(super) fn name_lines(station: &StationFile) -> String {
    let name = station.station.name.trim();
    for place in [station.station.town.trim(), station.station.county.trim()] {
        if place.is_empty() {
            continue;
        }
        if let Some(position) = name.find(place) {
            let split = position + place.len();
            let (head, tail) = (
                name.get(..split).unwrap_or(name),
                name.get(split..).unwrap_or(""),
            );
            if tail.chars().count() >= 2 {
                return format!("{head}\n{tail}");
            }
        }
    }
    name.to_owned()
}

/// Replaces `{placeholders}` with station data, line by line. A line that is only a label with
/// nothing after it ("承接机构：") is left out. Unknown placeholders are left as they are.
pub(super) fn fill_placeholders(context: &Context, template_text: &str, role: PageRole) -> String {
    template_text
        .split('\n')
        .filter_map(|line| {
            let filled = fill_line(context, line, role);
            let empty_label = line.trim_end().ends_with('}') && filled.trim_end().ends_with('：');
            let nothing_filled = line.contains('{') && filled.trim().is_empty();
            (!empty_label && !nothing_filled).then_some(filled)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn fill_line(context: &Context, template_text: &str, role: PageRole) -> String {
    let station = context.station;
    let mut out = String::with_capacity(template_text.len() + 32);
    let mut rest = template_text;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else {
            out.push_str(rest.get(open..).unwrap_or(""));
            rest = "";
            break;
        };
        let key = after.get(..close).unwrap_or("");
        let member = role.item.and_then(|index| station.staff.get(index));
        let room = role.item.and_then(|index| station.station.rooms.get(index));
        let value: Option<String> = match key {
            "station.name" => Some(station.station.name.trim().to_owned()),
            "station.name_lines" => Some(name_lines(station)),
            "station.short_name" => Some(station.short_name().to_owned()),
            "station.county" => Some(station.station.county.trim().to_owned()),
            "station.town" => Some(station.station.town.trim().to_owned()),
            "station.operator" => Some(station.station.operator.trim().to_owned()),
            "station.intro" => Some(station.station.intro.trim().to_owned()),
            "station.slogan" => Some(station.station.slogan.trim().to_owned()),
            "station.kind" => Some(station.station.kind.label().to_owned()),
            "contacts.address" => Some(station.contacts.address.trim().to_owned()),
            "contacts.hours" => Some(station.contacts.hours.trim().to_owned()),
            "contacts.hotline" => Some(station.contacts.hotline.trim().to_owned()),
            "contacts.supervision_phone" => {
                Some(station.contacts.supervision_phone.trim().to_owned())
            }
            "contacts.email" => Some(station.contacts.email.trim().to_owned()),
            "services.targets" => Some(targets_summary(station)),
            "services.categories" => Some(
                station
                    .services_by_category()
                    .iter()
                    .map(|(category, _)| *category)
                    .filter(|c| !c.is_empty())
                    .map(keep_together)
                    .collect::<Vec<_>>()
                    .join("　"),
            ),
            "sign.title" => Some(if role.page_index == 0 {
                context.kind.label().to_owned()
            } else {
                match context.kind {
                    SignKind::Services => "服务清单（续）".to_owned(),
                    other => format!("{}（续）", other.label()),
                }
            }),
            "room" => Some(room.map(|room| room.trim().to_owned()).unwrap_or_default()),
            "staff.name" => Some(
                member
                    .map(|member| member.name.trim().to_owned())
                    .unwrap_or_default(),
            ),
            "staff.post" => Some(
                member
                    .map(|member| member.post.trim().to_owned())
                    .unwrap_or_default(),
            ),
            "staff.level" => Some(
                member
                    .map(|member| member.level.trim().to_owned())
                    .unwrap_or_default(),
            ),
            "updated" => Some(station.updated.trim().to_owned()),
            _ => None,
        };
        match value {
            Some(value) => out.push_str(&value),
            None => {
                out.push('{');
                out.push_str(key);
                out.push('}');
            }
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Joins the characters of a short phrase with word joiners so a line never breaks inside it.
pub(super) fn keep_together(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len() * 2);
    for (index, ch) in phrase.chars().enumerate() {
        if index > 0 {
            out.push('\u{2060}');
        }
        out.push(ch);
    }
    out
}

/// Every distinct service target, in order: 低保户、特困人员、….
pub(super) fn targets_summary(station: &StationFile) -> String {
    let mut targets: Vec<&str> = Vec::new();
    for service in &station.services {
        for target in service.targets.split(['、', '，', ',', '；', ';', '/']) {
            let target = target.trim();
            if !target.is_empty() && !targets.contains(&target) {
                targets.push(target);
            }
        }
    }
    targets.join("、")
}
