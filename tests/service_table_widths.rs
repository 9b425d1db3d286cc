//! Issue 23, item 11: the service table uses the room there is. Its column titles do not decide
//! its widths, the long 服务内容 column gets the room the short ones do not need, and the warning
//! “服务清单的列太多太宽…” appears only when the table really is set below its smallest size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use liangpai::layout::{self, Item, LayoutOptions, PageSize};
use liangpai::model::{Service, StationFile};
use liangpai::sign::SignKind;

const TOO_WIDE: &str = "服务清单的列太多太宽";

fn station(services: Vec<Service>) -> StationFile {
    let mut station = StationFile::new();
    station.station.name = "新疆维吾尔自治区伊犁哈萨克自治州青禾县柳溪镇社会工作服务站".into();
    station.contacts.supervision_phone = "0994-6821234".into();
    station.updated = "2026-03-01".into();
    station.services = services;
    station
}

fn service(item: &str, description: &str) -> Service {
    Service {
        category: "老年人服务".into(),
        item: item.into(),
        description: description.into(),
        targets: "辖区老年人".into(),
        method: "入户".into(),
        frequency: "每月一次".into(),
        free: true,
        ..Service::default()
    }
}

/// The services sign laid out at `size` (its standard size when `None`): its warnings and the
/// text lines of its first page.
fn lay_out(station: &StationFile, size: Option<PageSize>) -> (Vec<String>, Vec<String>) {
    let options = LayoutOptions {
        size,
        ..LayoutOptions::default()
    };
    let document = layout::layout_sign(
        station,
        &layout::Assets::default(),
        SignKind::Services,
        &options,
    )
    .unwrap();
    let warnings = document
        .warnings
        .iter()
        .map(|warning| warning.message.clone())
        .collect();
    let lines = document.pages[0]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text(line) => Some(line.text.clone()),
            _ => None,
        })
        .collect();
    (warnings, lines)
}

/// The lines of the table that hold part of `text`.
fn lines_of(lines: &[String], text: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|line| line.chars().count() >= 3 && text.contains(line.trim()))
        .cloned()
        .collect()
}

#[test]
fn no_services_give_no_width_warning() {
    for size in [None, Some(PageSize::ISO[0].1)] {
        let (warnings, _) = lay_out(&station(Vec::new()), size);
        assert!(
            !warnings.iter().any(|warning| warning.contains(TOO_WIDE)),
            "{warnings:?}"
        );
    }
}

#[test]
fn two_short_services_get_wide_content_and_no_warning() {
    let content = "上门探访独居老人，了解生活需要，协助链接助餐、助医和助洁资源";
    let services = vec![
        service("探访", content),
        service("助餐", "为有需要的老人联系助餐点"),
    ];
    for size in [None, Some(PageSize::ISO[0].1), Some(PageSize::ISO[1].1)] {
        let (warnings, lines) = lay_out(&station(services.clone()), size);
        assert!(
            !warnings.iter().any(|warning| warning.contains(TOO_WIDE)),
            "{size:?}: {warnings:?}"
        );
        // 服务内容 has the room the other columns do not need: its 31 characters take at most
        // three lines (squeezed to the width of its title they took seven), and no line is as
        // short as five characters unless it is the last.
        let content_lines = lines_of(&lines, content);
        assert!(
            !content_lines.is_empty() && content_lines.len() <= 3,
            "{size:?}: {content_lines:?}"
        );
        for line in content_lines.iter().take(content_lines.len() - 1) {
            assert!(line.chars().count() > 8, "{size:?}: {content_lines:?}");
        }
    }
}

#[test]
fn a_table_that_really_does_not_fit_still_warns() {
    // Six columns of long unbreakable words (codes pasted from a system) on a narrow strip: even at
    // the design's smallest size their narrowest widths do not fit.
    let word = "QINGHEXIANLIUXIZHENSHEHUIGONGZUOFUWUZHANBIANHAO";
    let wide = Service {
        category: "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH".into(),
        item: word.into(),
        description: word.into(),
        targets: word.into(),
        method: word.into(),
        frequency: word.into(),
        free: false,
        fee: word.into(),
        ..Service::default()
    };
    let size = PageSize {
        width_mm: 120.0,
        height_mm: 600.0,
    };
    let (warnings, _) = lay_out(&station(vec![wide]), Some(size));
    assert!(
        warnings.iter().any(|warning| warning.contains(TOO_WIDE)),
        "{warnings:?}"
    );
}
