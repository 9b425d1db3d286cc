//! Short names (简称) proposed from a station's full name: 青禾县柳溪镇社会工作服务站 → 柳溪镇社工站.

/// Station types and their usual short forms, longest first.
const TYPE_SHORT_FORMS: [(&str, &str); 6] = [
    ("社会工作服务站", "社工站"),
    ("社会工作服务中心", "社工服务中心"),
    ("社会工作站", "社工站"),
    ("未成年人保护工作站", "未保站"),
    ("社工服务站", "社工站"),
    ("社会工作室", "社工室"),
];

/// Endings of province, prefecture and county names (what a short name leaves out).
const ADMIN_ENDINGS: [char; 7] = ['省', '区', '市', '州', '盟', '县', '旗'];

/// Endings of town-level names (乡镇、街道、苏木), which a short name keeps.
const TOWN_ENDINGS: [&str; 4] = ["街道", "苏木", "镇", "乡"];

/// Proposes a short name (简称) from a station's full name: the province, prefecture and county
/// prefixes dropped, the station type shortened (社会工作服务站 → 社工站):
/// 青禾县柳溪镇社会工作服务站 → 柳溪镇社工站. `county` and `town` (which may be empty) help to
/// find where the town's name starts. Returns the trimmed full name when nothing can be dropped.
pub fn propose_short_name(name: &str, county: &str, town: &str) -> String {
    let name = name.trim();
    let (place, kind) = TYPE_SHORT_FORMS
        .iter()
        .find_map(|(long, short)| name.strip_suffix(long).map(|place| (place, *short)))
        .unwrap_or((name, ""));
    let place = town_part(place, county.trim(), town.trim());
    let proposal = format!("{place}{kind}");
    if proposal.chars().count() < 2 {
        name.to_owned()
    } else {
        proposal
    }
}

/// The part of `place` from the town's name on (the whole of it when no town is found).
fn town_part<'a>(place: &'a str, county: &str, town: &str) -> &'a str {
    if !town.is_empty()
        && let Some(position) = place.find(town)
    {
        return place.get(position..).unwrap_or(place);
    }
    // The first town ending (镇、乡、街道) that has at least two characters of name before it,
    // counting from the last province / prefecture / county ending before it.
    let chars: Vec<(usize, char)> = place.char_indices().collect();
    for (position, &(byte, _)) in chars.iter().enumerate() {
        let rest = place.get(byte..).unwrap_or("");
        if !TOWN_ENDINGS.iter().any(|ending| rest.starts_with(ending)) {
            continue;
        }
        let starts: Vec<usize> = std::iter::once(0)
            .chain(
                chars
                    .get(..position)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, ch))| ADMIN_ENDINGS.contains(ch))
                    .map(|(index, _)| index + 1),
            )
            .collect();
        if let Some(&start) = starts.iter().rev().find(|&&start| position >= start + 2) {
            let start_byte = chars.get(start).map_or(0, |&(byte, _)| byte);
            return place.get(start_byte..).unwrap_or(place);
        }
    }
    if !county.is_empty()
        && let Some(position) = place.find(county)
        && let Some(rest) = place.get(position + county.len()..)
        && rest.chars().count() >= 2
    {
        return rest;
    }
    place
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_proposed_from_real_names() {
        for (name, county, town, expected) in [
            ("青禾县柳溪镇社会工作服务站", "", "", "柳溪镇社工站"),
            (
                "青禾县柳溪镇社会工作服务站",
                "青禾县",
                "柳溪镇",
                "柳溪镇社工站",
            ),
            (
                "内蒙古自治区鄂尔多斯市伊金霍洛旗乌兰木伦镇社会工作服务站",
                "",
                "",
                "乌兰木伦镇社工站",
            ),
            (
                "广西壮族自治区来宾市金秀瑶族自治县六巷乡社会工作服务站",
                "",
                "",
                "六巷乡社工站",
            ),
            (
                "广州市越秀区北京街道社会工作服务站",
                "",
                "",
                "北京街道社工站",
            ),
            ("某某市城区街道社会工作服务站", "", "", "城区街道社工站"),
            (
                "新疆维吾尔自治区伊犁哈萨克自治州霍城县清水河镇未成年人保护工作站",
                "",
                "",
                "清水河镇未保站",
            ),
            ("浙江省杭州市西湖区", "", "", "浙江省杭州市西湖区"),
            ("柳溪镇社工站", "", "", "柳溪镇社工站"),
        ] {
            assert_eq!(propose_short_name(name, county, town), expected, "{name}");
        }
    }
}
