//! Placeholder filling for text blocks: `{station.name}`, `{staff.name}`, `{sign.title}` …
//! replaced by station data, and the small text helpers behind them (the station name on two
//! lines, the footer's parts, the service targets, phrases kept on one line).

use super::context::{Context, PageRole};
use super::scripts;
use crate::model::{self, FieldPath, Language, StationFile};
use crate::sign::SignKind;
use crate::template::{Placeholder, TextPiece, text_pieces};

/// DESIGN.md's footer: 指导单位 · 承接机构 · 监督电话 · 更新日期 (empty parts left out).
pub(super) fn footer_parts(station: &StationFile) -> Vec<(FieldPath, String)> {
    let units: Vec<&str> = station
        .station
        .guide_units
        .iter()
        .map(|unit| unit.trim())
        .filter(|unit| !unit.is_empty())
        .collect();
    let mut parts = Vec::new();
    if !units.is_empty() {
        parts.push((
            FieldPath::parse("station.guide_units"),
            format!("指导单位：{}", units.join("、")),
        ));
    }
    if !station.station.operator.trim().is_empty() {
        parts.push((
            FieldPath::parse("station.operator"),
            format!("承接机构：{}", station.station.operator.trim()),
        ));
    }
    if !station.contacts.supervision_phone.trim().is_empty() {
        parts.push((
            FieldPath::parse("contacts.supervision_phone"),
            format!("监督电话：{}", station.contacts.supervision_phone.trim()),
        ));
    }
    let updated = FieldPath::parse("updated");
    if let Some((year, month, day)) = model::parse_iso_date(station.updated.trim()) {
        parts.push((updated, format!("更新日期：{year}年{month}月{day}日")));
    } else if !station.updated.trim().is_empty() {
        parts.push((updated, format!("更新日期：{}", station.updated.trim())));
    }
    parts
}

/// The station name split after its place name: 青禾县柳溪镇 / 社会工作服务站.
fn name_lines(station: &StationFile) -> String {
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
/// nothing after it ("承接机构：") is left out.
///
/// An unknown placeholder (`{station.nam}`) is printed as written, and the engine warns about it
/// once per sign naming the template file: the designer sees the typo on the proof where it is,
/// and a label keeps its line. Printing nothing instead would look finished while silently
/// dropping data — "监督电话：{contacts.supervison_phone}" would lose its whole line to the
/// empty-label rule, and the supervision phone must never go missing unnoticed.
///
/// In an ethnic script (`language` not `None`) placeholders read the translations (`tr`), labels
/// the station's `headings`. In an ethnic script a line with a word that has no
/// translation is left out (the program never translates; the Chinese shows it).
pub(super) fn fill_placeholders_in(
    context: &Context,
    template_text: &str,
    role: PageRole,
    language: Option<Language>,
) -> String {
    template_text
        .split('\n')
        .filter_map(|line| {
            let filled = match language {
                None => fill_line(context, line, role),
                Some(language) => fill_line_in(context, line, role, language)?,
            };
            let empty_label = line.trim_end().ends_with('}')
                && (filled.trim_end().ends_with('：') || filled.trim_end().ends_with(':'));
            let nothing_filled = line.contains('{') && filled.trim().is_empty();
            (!empty_label && !nothing_filled).then_some(filled)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn fill_line(context: &Context, template_text: &str, role: PageRole) -> String {
    let mut out = String::with_capacity(template_text.len() + 32);
    for piece in text_pieces(template_text) {
        match piece {
            TextPiece::Literal(text) | TextPiece::Unclosed(text) => out.push_str(text),
            TextPiece::Placeholder(name) => match Placeholder::from_name(name) {
                Some(placeholder) => out.push_str(&value(context, placeholder, role)),
                // Printed as written (and reported once per sign by the engine): a designer sees
                // the mistake on the proof; printing nothing could silently drop a label's value.
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// One template line in `language`; `None` when a word or value in it has no translation (an
/// empty value counts as translated: the line is then dropped like the Chinese one). A line whose
/// values all read the same in every script (服务热线：{contacts.hotline}) gives only its label:
/// the number is printed once, on the Chinese line, as on the contacts sign.
fn fill_line_in(
    context: &Context,
    template_text: &str,
    role: PageRole,
    language: Language,
) -> Option<String> {
    let pieces = text_pieces(template_text);
    // Each placeholder's Chinese value, read once (an unknown name reads as nothing).
    let values: Vec<(Option<Placeholder>, String)> = pieces
        .iter()
        .filter_map(|piece| match piece {
            TextPiece::Placeholder(name) => {
                let placeholder = Placeholder::from_name(name);
                let chinese = placeholder
                    .map_or_else(String::new, |placeholder| value(context, placeholder, role));
                Some((placeholder, chinese))
            }
            _ => None,
        })
        .collect();
    let label_only = values.iter().any(|(_, value)| !value.trim().is_empty())
        && values
            .iter()
            .all(|(_, value)| scripts::is_script_neutral(value));
    let mut values = values.into_iter();
    let mut out = String::with_capacity(template_text.len() * 2 + 32);
    for piece in pieces {
        match piece {
            TextPiece::Literal(text) | TextPiece::Unclosed(text) => {
                out.push_str(&scripts::literal_in(context, language, text)?);
            }
            TextPiece::Placeholder(_) if label_only => {}
            TextPiece::Placeholder(_) => {
                let (placeholder, chinese) = values.next()?;
                let placeholder = placeholder?;
                if chinese.trim().is_empty() {
                    continue;
                }
                if scripts::is_script_neutral(&chinese) {
                    out.push_str(&chinese);
                } else {
                    out.push_str(&value_in(context, placeholder, role, language)?);
                }
            }
        }
    }
    if label_only {
        let label = out
            .trim_end_matches(|ch: char| ch.is_whitespace() || matches!(ch, ':' | '：' | '᠄'))
            .trim_start();
        // A line of values only (no words) needs no second line.
        return Some(if label.chars().any(char::is_alphanumeric) {
            label.to_owned()
        } else {
            String::new()
        });
    }
    Some(out)
}

/// What a placeholder reads in `language` (its translation); `None` when it has none.
fn value_in(
    context: &Context,
    placeholder: Placeholder,
    role: PageRole,
    language: Language,
) -> Option<String> {
    let station = context.station;
    let member = role.item.and_then(|index| station.staff.get(index));
    let own = |field: &str| station.station.tr.text(language, field).map(str::to_owned);
    let contact = |field: &str| station.contacts.tr.text(language, field).map(str::to_owned);
    let of_member = |field: &str| {
        member
            .and_then(|member| member.tr.text(language, field))
            .map(str::to_owned)
    };
    match placeholder {
        Placeholder::StationName | Placeholder::StationNameLines => own("name"),
        Placeholder::StationShortName => own("short_name").or_else(|| own("name")),
        Placeholder::StationCounty => own("county"),
        Placeholder::StationTown => own("town"),
        Placeholder::StationOperator => own("operator"),
        Placeholder::StationIntro => own("intro"),
        Placeholder::StationSlogan => own("slogan"),
        Placeholder::StationKind => None,
        Placeholder::ContactsAddress => contact("address"),
        Placeholder::ContactsHours => contact("hours"),
        Placeholder::ContactsHotline => contact("hotline"),
        Placeholder::ContactsSupervisionPhone => contact("supervision_phone"),
        Placeholder::ContactsEmail => contact("email"),
        Placeholder::ServicesTargets => targets_summary_in(station, language),
        Placeholder::ServicesCategories => {
            let mut names = Vec::new();
            for (category, services) in station.services_by_category() {
                if category.is_empty() {
                    continue;
                }
                let translated = services
                    .iter()
                    .find_map(|service| service.tr.text(language, "category"))?;
                names.push(translated.to_owned());
            }
            Some(names.join("   "))
        }
        Placeholder::SignTitle => {
            let key = match (context.kind, role.page_index) {
                (SignKind::Services, 1..) => "service_list",
                (kind, _) => kind.code(),
            };
            let title = scripts::heading_key(context, Some(language), key)?;
            let continued = scripts::heading_key(context, Some(language), "continued");
            Some(match (role.page_index, continued) {
                (1.., Some(continued)) => format!("{title} {continued}"),
                _ => title,
            })
        }
        Placeholder::Room => role
            .item
            .and_then(|index| station.station.tr.item(language, "rooms", index))
            .map(str::to_owned),
        Placeholder::StaffName => of_member("name"),
        Placeholder::StaffPost => of_member("post"),
        Placeholder::StaffLevel => of_member("level"),
        Placeholder::StaffCertificateNo => of_member("certificate_no"),
        Placeholder::RuleTitle => {
            let rule = role.item.and_then(|index| station.rules.get(index));
            let title = match rule {
                Some(rule) if !rule.title.trim().is_empty() => {
                    rule.tr.text(language, "title")?.to_owned()
                }
                _ => scripts::heading_key(context, Some(language), "rules")?,
            };
            let continued = scripts::heading_key(context, Some(language), "continued");
            Some(match (role.page_index, continued) {
                (1.., Some(continued)) => format!("{title} {continued}"),
                _ => title,
            })
        }
        Placeholder::Updated => None,
    }
}

/// [`targets_summary`] in `language`: every service's translated targets, each once; `None` when
/// a service with targets has no translation of them.
fn targets_summary_in(station: &StationFile, language: Language) -> Option<String> {
    let mut targets: Vec<&str> = Vec::new();
    for service in &station.services {
        if service.targets.trim().is_empty() {
            continue;
        }
        let translated = service.tr.text(language, "targets")?;
        for target in translated.split(['،', '、', '，', ',', '；', ';', '/']) {
            let target = target.trim();
            if !target.is_empty() && !targets.contains(&target) {
                targets.push(target);
            }
        }
    }
    let separator = if language.is_right_to_left() {
        "، "
    } else {
        ", "
    };
    Some(targets.join(separator))
}

/// What a placeholder reads for this station on this page.
fn value(context: &Context, placeholder: Placeholder, role: PageRole) -> String {
    let station = context.station;
    let member = role.item.and_then(|index| station.staff.get(index));
    let room = role.item.and_then(|index| station.station.rooms.get(index));
    let of_member = |get: fn(&model::StaffMember) -> &str| {
        member
            .map(|member| get(member).trim().to_owned())
            .unwrap_or_default()
    };
    match placeholder {
        Placeholder::StationName => station.station.name.trim().to_owned(),
        Placeholder::StationNameLines => name_lines(station),
        Placeholder::StationShortName => station.short_name(),
        Placeholder::StationCounty => station.station.county.trim().to_owned(),
        Placeholder::StationTown => station.station.town.trim().to_owned(),
        Placeholder::StationOperator => station.station.operator.trim().to_owned(),
        Placeholder::StationIntro => station.station.intro.trim().to_owned(),
        Placeholder::StationSlogan => station.station.slogan.trim().to_owned(),
        Placeholder::StationKind => station.station.kind.label().to_owned(),
        Placeholder::ContactsAddress => station.contacts.address.trim().to_owned(),
        Placeholder::ContactsHours => station.contacts.hours.trim().to_owned(),
        Placeholder::ContactsHotline => station.contacts.hotline.trim().to_owned(),
        Placeholder::ContactsSupervisionPhone => {
            station.contacts.supervision_phone.trim().to_owned()
        }
        Placeholder::ContactsEmail => station.contacts.email.trim().to_owned(),
        Placeholder::ServicesTargets => targets_summary(station),
        Placeholder::ServicesCategories => station
            .services_by_category()
            .iter()
            .map(|(category, _)| *category)
            .filter(|c| !c.is_empty())
            .map(keep_together)
            .collect::<Vec<_>>()
            .join("　"),
        Placeholder::SignTitle => {
            if role.page_index == 0 {
                context.kind.label().to_owned()
            } else {
                match context.kind {
                    SignKind::Services => "服务清单（续）".to_owned(),
                    other => format!("{}（续）", other.label()),
                }
            }
        }
        Placeholder::Room => room.map(|room| room.trim().to_owned()).unwrap_or_default(),
        Placeholder::StaffName => of_member(|member| &member.name),
        Placeholder::StaffPost => of_member(|member| &member.post),
        Placeholder::StaffLevel => of_member(|member| &member.level),
        Placeholder::StaffCertificateNo => of_member(|member| &member.certificate_no),
        Placeholder::RuleTitle => {
            let title = role
                .item
                .and_then(|index| station.rules.get(index))
                .map(|rule| rule.title.trim())
                .filter(|title| !title.is_empty())
                .unwrap_or("工作制度");
            if role.page_index == 0 {
                title.to_owned()
            } else {
                format!("{title}（续）")
            }
        }
        Placeholder::Updated => station.updated.trim().to_owned(),
    }
}

/// Joins the characters of a short phrase with word joiners so a line never breaks inside it.
fn keep_together(phrase: &str) -> String {
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
fn targets_summary(station: &StationFile) -> String {
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
