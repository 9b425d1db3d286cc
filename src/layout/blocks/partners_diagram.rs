//! The 五社联动 diagram: the station in the middle, the five kinds of partners around it (社区 on
//! top, 社会组织 right, 社会工作者 and 社区志愿者 below, 社会慈善资源 left), each a box listing the
//! station's partners of that kind, joined to the station by lines. A kind without partners is
//! shown with （暂无）; partners of another kind get a box of their own below. Every name is
//! shown: the names shrink together, then run on in one paragraph per kind, and only then go
//! below the smallest size (with a warning); never cut. Each box's heading and names, and the
//! station in the middle, are in each of the station's scripts (`layout/scripts.rs`).

use super::heading_style;
use crate::frame::{Item, Point, Rect};
use crate::layout::context::Context;
use crate::layout::scripts::{self, Part};
use crate::layout::text::{Align, FitStyle, Measured, VerticalAlign, block_height};
use crate::model::{FieldPath, Language, PARTNER_KINDS};
use crate::template::Block;
use crate::template::ThemeColor;

/// One box of the diagram: its heading and its partners' names, with their indices.
pub(super) struct Group {
    /// The kind, e.g. 社区.
    pub kind: String,
    /// The names with the index of their partner, in the station file's order.
    pub names: Vec<(usize, String)>,
}

/// The five kinds in [`PARTNER_KINDS`] order, each with its partners (possibly none), then
/// 其他资源 for partners of any other kind, if there are some. Partners without a name are left
/// out (`check` reports them).
pub(super) fn groups(context: &Context) -> Vec<Group> {
    let partners = &context.station.partners;
    let mut groups: Vec<Group> = PARTNER_KINDS
        .iter()
        .map(|kind| Group {
            kind: (*kind).to_owned(),
            names: Vec::new(),
        })
        .collect();
    let mut others = Vec::new();
    for (index, partner) in partners.iter().enumerate() {
        let name = partner.name.trim();
        if name.is_empty() {
            continue;
        }
        let kind = partner.kind.trim();
        match groups.iter_mut().find(|group| group.kind == kind) {
            Some(group) => group.names.push((index, name.to_owned())),
            None if kind.is_empty() => others.push((index, name.to_owned())),
            None => others.push((index, format!("{name}（{kind}）"))),
        }
    }
    if !others.is_empty() {
        groups.push(Group {
            kind: "其他资源".to_owned(),
            names: others,
        });
    }
    groups
}

/// The names of a box in `language` (`None`: Chinese), in the file's order: in a script, those
/// partners that have a translation of their name (the Chinese below shows them all).
fn names_in(context: &Context, group: &Group, language: Option<Language>) -> Vec<String> {
    group
        .names
        .iter()
        .filter_map(|(index, chinese)| match language {
            None => Some(chinese.clone()),
            Some(language) => context
                .station
                .partners
                .get(*index)
                .and_then(|partner| partner.tr.text(language, "name"))
                .map(str::to_owned),
        })
        .collect()
}

/// A box's heading (the kind, 社区) in each of the station's scripts that has it in `headings`.
fn heading_parts(context: &Context, group: &Group) -> Vec<Part> {
    scripts::parts(context, |language| match language {
        None => Some(group.kind.clone()),
        Some(language) => scripts::heading_of(context, language, &group.kind),
    })
}

/// The height of the band behind the boxes' headings: as tall as the tallest heading needs in
/// `width_pt` (one line in each script).
fn band_height(context: &Context, groups: &[Group], head: &FitStyle, width_pt: f32) -> f32 {
    let one_line = head.max_size_pt * 1.7;
    groups
        .iter()
        .map(|group| match heading_parts(context, group).as_slice() {
            [] | [_] => one_line,
            parts => {
                let style = FitStyle {
                    max_lines: 0,
                    ..head.clone()
                };
                let chinese = [Part {
                    language: None,
                    text: group.kind.clone(),
                }];
                one_line + scripts::natural_height(context, parts, width_pt, &style)
                    - scripts::natural_height(context, &chinese, width_pt, &style)
            }
        })
        .fold(one_line, f32::max)
}

/// What a box says below its heading, in each of the station's scripts, and how it is aligned:
/// the names one per line (centred when each fits on one line, else left-aligned with a bullet
/// so a wrapped name reads as one), or run on with 、; （暂无） for a kind without partners.
fn box_parts(
    context: &Context,
    group: &Group,
    run_on: bool,
    inner_width: f32,
    style: &FitStyle,
) -> (Vec<Part>, Align) {
    if group.names.is_empty() {
        let parts = scripts::parts(context, |language| match language {
            None => Some("（暂无）".to_owned()),
            Some(language) => {
                scripts::heading_of(context, language, "暂无").map(|word| format!("({word})"))
            }
        });
        return (parts, Align::Center);
    }
    if run_on {
        let parts = scripts::parts(context, |language| {
            let separator = if language.is_some() { ", " } else { "、" };
            Some(names_in(context, group, language).join(separator))
        });
        return (parts, Align::Left);
    }
    let ratio = scripts::ratio(context);
    let one_line = scripts::parts(context, |language| {
        Some(names_in(context, group, language).join("\n"))
    })
    .iter()
    .all(|part| {
        let size = if part.language.is_some() {
            style.max_size_pt * ratio
        } else {
            style.max_size_pt
        };
        part.text.lines().all(|name| {
            Measured::new(context.fonts, name, style.weight).single_line_em() * size <= inner_width
        })
    });
    let parts = scripts::parts(context, |language| {
        let names = names_in(context, group, language);
        Some(if one_line {
            names.join("\n")
        } else {
            let bulleted: Vec<String> = names.iter().map(|name| format!("· {name}")).collect();
            bulleted.join("\n")
        })
    });
    (parts, if one_line { Align::Center } else { Align::Left })
}

/// The geometry at one text size: where each box and the station go.
struct Plan {
    boxes: Vec<Rect>,
    station: Rect,
    band_height: f32,
    pad: f32,
}

/// Lays the boxes out at `body` / `head` sizes; `None` when they need more height than `rect`.
fn plan(
    context: &Context,
    groups: &[Group],
    rect: Rect,
    body: &FitStyle,
    head: &FitStyle,
    run_on: bool,
) -> Option<Plan> {
    let gap_x = rect.width * 0.04;
    let pad = body.max_size_pt * 0.6;
    let station_width = rect.width * 0.22;
    let side_width = (rect.width - station_width - 2.0 * gap_x) / 2.0;
    let band_height = band_height(context, groups, head, side_width - pad * 0.6);
    let half_width = (rect.width - gap_x) / 2.0;
    let top_width = rect.width * 0.56;
    let needed = |group: Option<&Group>, width: f32| -> f32 {
        let Some(group) = group else { return 0.0 };
        let inner = (width - 2.0 * pad).max(1.0);
        let (parts, align) = box_parts(context, group, run_on, inner, body);
        let text_height = match parts.as_slice() {
            [only] if only.language.is_none() => {
                let measured = Measured::new(context.fonts, &only.text, body.weight);
                let broken = if align == Align::Center {
                    measured.break_balanced(inner / body.max_size_pt)
                } else {
                    measured.break_lines(inner / body.max_size_pt)
                };
                block_height(broken.lines.len(), body.max_size_pt, body.line_height)
            }
            parts => {
                let style = FitStyle {
                    align,
                    ..body.clone()
                };
                scripts::natural_height(context, parts, inner, &style)
            }
        };
        band_height + 2.0 * pad + text_height
    };
    // Rows: [社区], [社会慈善资源, station, 社会组织], [社区志愿者, 社会工作者], [其他资源].
    let station_min = station_width * 0.7;
    let heights = [
        needed(groups.first(), top_width),
        needed(groups.get(4), side_width)
            .max(needed(groups.get(1), side_width))
            .max(station_min),
        needed(groups.get(3), half_width).max(needed(groups.get(2), half_width)),
        needed(groups.get(5), top_width),
    ];
    let rows = heights
        .iter()
        .filter(|height| **height > 0.0)
        .count()
        .max(1);
    let min_gap = rect.height * 0.035;
    let total: f32 = heights.iter().sum::<f32>() + min_gap * (rows - 1) as f32;
    if total > rect.height + 1e-3 {
        return None;
    }
    // Spare height: half makes the rows taller, half spreads them apart.
    let spare = rect.height - total;
    let grow = spare * 0.5 / rows as f32;
    let gap = min_gap
        + if rows > 1 {
            spare * 0.5 / (rows - 1) as f32
        } else {
            0.0
        };
    let mut y = rect.y + if rows > 1 { 0.0 } else { spare * 0.5 };
    let mut row_rects = Vec::new();
    for height in heights {
        if height <= 0.0 {
            row_rects.push(None);
            continue;
        }
        let row_height = height + grow;
        row_rects.push(Some((y, row_height)));
        y += row_height + gap;
    }
    let centred = |width: f32, (top, height): (f32, f32)| {
        Rect::new(rect.x + (rect.width - width) / 2.0, top, width, height)
    };
    let row = |index: usize| -> (f32, f32) {
        row_rects
            .get(index)
            .copied()
            .flatten()
            .unwrap_or((rect.y, 0.0))
    };
    let (middle_top, middle_height) = row(1);
    let (lower_top, lower_height) = row(2);
    let station_height = (station_width * 0.9).min(middle_height);
    let mut boxes = vec![
        centred(top_width, row(0)),
        Rect::new(
            rect.right() - side_width,
            middle_top,
            side_width,
            middle_height,
        ),
        Rect::new(
            rect.right() - half_width,
            lower_top,
            half_width,
            lower_height,
        ),
        Rect::new(rect.x, lower_top, half_width, lower_height),
        Rect::new(rect.x, middle_top, side_width, middle_height),
    ];
    if groups.len() > 5 {
        boxes.push(centred(top_width, row(3)));
    }
    Some(Plan {
        boxes,
        station: Rect::new(
            rect.x + (rect.width - station_width) / 2.0,
            middle_top + (middle_height - station_height) / 2.0,
            station_width,
            station_height,
        ),
        band_height,
        pad,
    })
}

/// Draws the diagram into `rect`, at the largest size at which every name fits.
pub(super) fn draw(context: &mut Context, block: &Block, rect: Rect, items: &mut Vec<Item>) {
    let groups = groups(context);
    if groups.iter().all(|group| group.names.is_empty()) {
        context.warn(
            "partners",
            "没有填写五社联动资源，五个类别都将显示“暂无”（在“五社联动”中添加）".to_owned(),
        );
    }
    let styles = |shrink: f32| {
        (
            context.fit_style(&block.style, shrink),
            context.fit_style(&heading_style(block), shrink),
        )
    };
    // The largest size at which the names fit one per line; then run on; then the smallest.
    let mut chosen = None;
    for run_on in [false, true] {
        let (body, head) = styles(1.0);
        if plan(context, &groups, rect, &body, &head, run_on).is_none() {
            continue;
        }
        let (mut low, mut high) = (0.0f32, 1.0f32);
        if plan(
            context,
            &groups,
            rect,
            &styles(0.0).0,
            &styles(0.0).1,
            run_on,
        )
        .is_some()
        {
            high = 0.0;
        } else {
            for _ in 0..10 {
                let middle = (low + high) / 2.0;
                let (body, head) = styles(middle);
                if plan(context, &groups, rect, &body, &head, run_on).is_some() {
                    high = middle;
                } else {
                    low = middle;
                }
            }
        }
        chosen = Some((high, run_on));
        break;
    }
    let (shrink, run_on) = chosen.unwrap_or((1.0, true));
    let (body, head) = styles(shrink);
    let layout = plan(context, &groups, rect, &body, &head, run_on).unwrap_or_else(|| {
        // Even the smallest run-on text needs more room: share the height evenly and let the
        // text report what it cannot show.
        let share = rect.height / 4.0;
        let unit = Rect::new(rect.x, rect.y, rect.width, share * 0.9);
        let boxes = (0..groups.len().min(6))
            .map(|index| {
                let half = (rect.width - rect.width * 0.04) / 2.0;
                let row = (index / 2) as f32;
                let x = if index % 2 == 0 {
                    rect.x
                } else {
                    rect.right() - half
                };
                Rect::new(x, rect.y + row * share, half, unit.height)
            })
            .collect();
        Plan {
            boxes,
            station: Rect::new(rect.x, rect.y, 0.0, 0.0),
            band_height: band_height(context, &groups, &head, rect.width * 0.4),
            pad: body.max_size_pt * 0.5,
        }
    });

    // Lines from the station to every box, under the boxes.
    let centre = Point {
        x: layout.station.x + layout.station.width / 2.0,
        y: layout.station.y + layout.station.height / 2.0,
    };
    if layout.station.width > 0.0 {
        for area in &layout.boxes {
            let middle = Point {
                x: area.x + area.width / 2.0,
                y: area.y + area.height / 2.0,
            };
            // From the station's edge to the box's edge: never over either one's text.
            items.push(Item::Line {
                from: leave(layout.station, centre, middle),
                to: leave(*area, middle, centre),
                color: context.color(ThemeColor::Accent),
                width_pt: (context.unit * 0.005).max(0.75),
            });
        }
    }
    let radius = context.unit * 0.012;
    for (group, area) in groups.iter().zip(layout.boxes.iter().copied()) {
        items.push(Item::Rect {
            rect: area,
            fill: Some(context.color(ThemeColor::Surface)),
            stroke: Some((
                context.color(ThemeColor::Line),
                (context.unit * 0.002).max(0.5),
            )),
            corner_radius_pt: radius,
        });
        let band = Rect::new(area.x, area.y, area.width, layout.band_height);
        items.push(Item::Rect {
            rect: band,
            fill: Some(context.color(ThemeColor::Primary)),
            stroke: None,
            corner_radius_pt: radius,
        });
        let heading = FitStyle {
            align: Align::Center,
            valign: VerticalAlign::Middle,
            max_lines: 1,
            min_size_pt: head.min_size_pt.min(head.max_size_pt),
            ..head.clone()
        };
        match heading_parts(context, group).as_slice() {
            [] | [_] => {
                context.text(
                    items,
                    &group.kind,
                    band.inset(layout.pad * 0.3),
                    &heading,
                    "partners",
                );
            }
            parts => {
                let stacked = FitStyle {
                    max_lines: 0,
                    ..heading.clone()
                };
                scripts::draw_stack(
                    context,
                    items,
                    parts,
                    band.inset(layout.pad * 0.3),
                    &stacked,
                    "partners".into(),
                    true,
                );
            }
        }
        let body_area = Rect::new(
            area.x + layout.pad,
            band.bottom() + layout.pad,
            (area.width - 2.0 * layout.pad).max(0.0),
            (area.bottom() - band.bottom() - 2.0 * layout.pad).max(0.0),
        );
        let empty = group.names.is_empty();
        let (parts, align) = box_parts(context, group, run_on, body_area.width, &body);
        let names = FitStyle {
            align,
            valign: VerticalAlign::Middle,
            color: if empty {
                context.color(ThemeColor::Muted)
            } else {
                body.color
            },
            ..body.clone()
        };
        let field = group
            .names
            .first()
            .map(|(index, _)| FieldPath::parse("partners").index(*index).key("name"))
            .unwrap_or_else(|| FieldPath::parse("partners"));
        // Names are never cut: when even run on at the smallest size they need more room than
        // the page has, they go smaller still (and say so).
        match parts.as_slice() {
            [only] if only.language.is_none() => {
                context.essential_text(items, &only.text, body_area, &names, field);
            }
            parts => {
                scripts::draw_stack(context, items, parts, body_area, &names, field, true);
            }
        }
    }
    if layout.station.width > 0.0 {
        items.push(Item::Rect {
            rect: layout.station,
            fill: Some(context.color(ThemeColor::PrimaryDark)),
            stroke: Some((
                context.color(ThemeColor::Accent),
                (context.unit * 0.004).max(0.75),
            )),
            corner_radius_pt: layout.station.height.min(layout.station.width) / 2.0,
        });
        let short = context.station.short_name().to_owned();
        // The station's short name in each script (essential: never cut).
        let parts = scripts::parts(context, |language| match language {
            None if short.is_empty() => Some("社工站".to_owned()),
            None => Some(short.clone()),
            Some(language) => context
                .station
                .station
                .tr
                .text(language, "short_name")
                .map(str::to_owned),
        });
        let label = FitStyle {
            align: Align::Center,
            valign: VerticalAlign::Middle,
            max_lines: 3,
            color: context.color(ThemeColor::OnPrimary),
            min_size_pt: head.min_size_pt * 0.8,
            ..head.clone()
        };
        let inner = layout
            .station
            .inset(layout.station.height.min(layout.station.width) * 0.16);
        let field = FieldPath::parse("station.short_name");
        match parts.as_slice() {
            [only] if only.language.is_none() => {
                context.essential_text(items, &only.text, inner, &label, field);
            }
            parts => {
                scripts::draw_stack(context, items, parts, inner, &label, field, true);
            }
        }
    }
}

/// Where the segment from `from` (inside `rect`) towards `to` leaves `rect` (`to` itself when it
/// lies inside).
fn leave(rect: Rect, from: Point, to: Point) -> Point {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let mut t = 1.0f32;
    if dx > 0.0 {
        t = t.min((rect.right() - from.x) / dx);
    } else if dx < 0.0 {
        t = t.min((rect.x - from.x) / dx);
    }
    if dy > 0.0 {
        t = t.min((rect.bottom() - from.y) / dy);
    } else if dy < 0.0 {
        t = t.min((rect.y - from.y) / dy);
    }
    let t = t.clamp(0.0, 1.0);
    Point {
        x: from.x + dx * t,
        y: from.y + dy * t,
    }
}
