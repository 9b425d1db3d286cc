//! THE rule for the names of exported files, used by every export (the app, `liangpai export`,
//! `batch`, `print`): Chinese, with the station's short name and the sign's name in it.
//!
//! `[样稿-]<简称>-<公示牌名称>[-<用途>][-<部分>].<pdf|png>`:
//! - `<简称>`: the station's short name, given or proposed (柳溪镇社工站), `未命名站点` without one;
//! - `<公示牌名称>`: 站点门牌, 服务内容与服务清单, 工作证…;
//! - `<用途>`: the output profile's file label when one is chosen (展板, 写真喷绘…);
//! - `<部分>`: 拼版 for the A4 sheet of badges; the room for each door plate (one file per room);
//!   for PNG (one picture per page) the staff member's name on badges, else 第2页… (nothing when
//!   the sign has one page);
//! - `样稿-` in front for a draft (a sign made without one of its essentials, see
//!   [`super::essentials`]), where no file manager cuts it off.
//!
//! Every part is made safe on Windows (no \ / : * ? " < > |, no trailing dot or space, no CON…)
//! and kept short (the station and each part at most [`MAX_PART_BYTES`]), so a name stays well
//! within the 255-byte limit and old Windows' 260-character paths; two parts that would give the
//! same name (two rooms both called 活动室) get -2, -3….

use std::collections::BTreeSet;

use super::OutputProfile;
use crate::model::StationFile;
use crate::sign::SignKind;

/// The longest a station name or a part (a room, a person) may be in a file name, in bytes
/// (UTF-8: 20 Chinese characters).
pub const MAX_PART_BYTES: usize = 60;

/// What a draft's file name starts with.
pub const DRAFT_MARK: &str = "样稿";

/// The station as file names show it: its short name (given, else proposed from the full
/// name), made safe and short; `未命名站点` when it has no name.
pub fn station_label(station: &StationFile) -> String {
    part(&station.short_name(), "未命名站点")
}

/// A piece of a file name made safe and at most [`MAX_PART_BYTES`] long.
fn part(text: &str, fallback: &str) -> String {
    super::safe_name_within(text, fallback, MAX_PART_BYTES)
}

/// The name of a sign's files before their part and extension:
/// `[样稿-]<简称>-<公示牌名称>[-<用途>]`.
pub fn sign_stem(
    station: &StationFile,
    kind: SignKind,
    profile: OutputProfile,
    draft: bool,
) -> String {
    let mut stem = format!("{}-{}", station_label(station), kind.label());
    if let Some(label) = profile.file_label(kind) {
        stem.push('-');
        stem.push_str(label);
    }
    if draft { draft_stem(&stem) } else { stem }
}

/// A stem (e.g. one the user chose in a save dialog) as a draft's: `样稿-` in front, unless it
/// already says 样稿.
pub fn draft_stem(stem: &str) -> String {
    if stem.contains(DRAFT_MARK) {
        stem.to_owned()
    } else {
        format!("{DRAFT_MARK}-{stem}")
    }
}

/// The name of the preflight report of `stem`'s files: `<stem>-印前检查.txt` (a whole set's
/// stem is the station's short name).
pub fn preflight_name(stem: &str) -> String {
    format!("{stem}-印前检查.txt")
}

/// What each page of a sign is for, when each page is one thing: the room of each door plate,
/// the person of each badge (one page per room or person, in the station's order); empty for
/// the other signs (their pages are numbered).
pub fn page_names(station: &StationFile, kind: SignKind) -> Vec<String> {
    match kind {
        SignKind::RoomPlate => station
            .station
            .rooms
            .iter()
            .enumerate()
            .map(|(index, room)| named_or(room, || format!("第{}个功能室", index + 1)))
            .collect(),
        SignKind::Badge => station
            .staff
            .iter()
            .enumerate()
            .map(|(index, member)| named_or(&member.name, || format!("第{}位服务人员", index + 1)))
            .collect(),
        _ => Vec::new(),
    }
}

fn named_or(name: &str, fallback: impl FnOnce() -> String) -> String {
    let fallback = fallback();
    part(name, &fallback)
}

/// The parts of a sign's page files: `names` when there is one per page (made unique), else
/// 第1页, 第2页….
pub fn page_parts(names: &[String], pages: usize) -> Vec<String> {
    if names.len() == pages {
        unique(names)
    } else {
        (1..=pages).map(|number| format!("第{number}页")).collect()
    }
}

/// The names made unique, ignoring case as Windows does: a repeated name gets -2, -3….
fn unique(names: &[String]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    names
        .iter()
        .map(|name| {
            let mut candidate = name.clone();
            let mut number = 2;
            while !taken.insert(candidate.to_lowercase()) {
                candidate = format!("{name}-{number}");
                number += 1;
            }
            candidate
        })
        .collect()
}

/// `<stem>-<part>.<extension>` (`<stem>.<extension>` without a part).
pub fn file_name(stem: &str, part: Option<&str>, extension: &str) -> String {
    match part {
        Some(part) => format!("{stem}-{part}.{extension}"),
        None => format!("{stem}.{extension}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station(name: &str, short: &str) -> StationFile {
        let mut station = StationFile::new();
        station.station.name = name.to_owned();
        station.station.short_name = short.to_owned();
        station
    }

    #[test]
    fn stems_name_the_station_the_sign_the_profile_and_drafts() {
        let liuxi = station("青禾县柳溪镇社会工作服务站", "");
        assert_eq!(
            sign_stem(&liuxi, SignKind::Plaque, OutputProfile::Standard, false),
            "柳溪镇社工站-站点门牌"
        );
        assert_eq!(
            sign_stem(&liuxi, SignKind::Contacts, OutputProfile::Banner, true),
            "样稿-柳溪镇社工站-联系方式-写真喷绘"
        );
        // The screen picture is for screens, not a print shop: no profile in its name.
        assert_eq!(
            sign_stem(&liuxi, SignKind::Screen, OutputProfile::Banner, false),
            "柳溪镇社工站-屏幕宣传图"
        );
        assert_eq!(draft_stem("门牌"), "样稿-门牌");
        assert_eq!(draft_stem("门牌（样稿）"), "门牌（样稿）");
        assert_eq!(
            sign_stem(
                &station("", ""),
                SignKind::Badge,
                OutputProfile::Standard,
                false
            ),
            "未命名站点-工作证"
        );
    }

    #[test]
    fn names_are_safe_on_windows_and_short() {
        let hostile = station("x", "柳溪:镇/社工*站?\"<>|.");
        let stem = sign_stem(&hostile, SignKind::Plaque, OutputProfile::Standard, false);
        assert_eq!(stem, "柳溪_镇_社工_站_____-站点门牌");
        let long = station("x", &"很长的站名".repeat(20));
        let stem = sign_stem(&long, SignKind::Services, OutputProfile::Office, true);
        let mut rooms = station("x", "");
        rooms.station.rooms = vec!["活".repeat(200), "CON".into(), "".into()];
        let parts = page_parts(&page_names(&rooms, SignKind::RoomPlate), 3);
        assert_eq!(parts[1], "_CON");
        assert_eq!(parts[2], "第3个功能室");
        for part in &parts {
            let name = file_name(&stem, Some(part), "pdf");
            assert!(name.len() <= 255 - 20, "{name} is {} bytes", name.len());
            assert!(name.chars().count() <= 100, "{name}");
        }
    }

    #[test]
    fn repeated_parts_are_numbered_and_pages_without_names_counted() {
        let mut station = station("x", "");
        station.station.rooms = vec!["活动室".into(), "个案工作室".into(), "活动室".into()];
        let names = page_names(&station, SignKind::RoomPlate);
        assert_eq!(page_parts(&names, 3), ["活动室", "个案工作室", "活动室-2"]);
        assert_eq!(page_parts(&[], 2), ["第1页", "第2页"]);
        assert!(page_names(&station, SignKind::Rules).is_empty());
    }
}
