//! Property test: arbitrary text (CJK, Latin, punctuation, emoji, very long) in every field never
//! panics and never puts text outside its box or the page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use liangpai::layout::{self, Item, LayoutOptions, PageSize, Rect};
use liangpai::model::{ProcessStep, Service, StaffMember, StationFile};
use liangpai::template;
use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[\\p{Han}，。、（）《》“”：；！？0-9a-zA-Z @.-]{0,40}",
        1 => "[\\p{Han}\\p{Latin}\\p{Emoji}，。（）0-9 \\n-]{0,300}",
        1 => "[a-z0-9.@-]{30,120}",
        1 => "[\\p{Han}，。]{1200,1500}",
    ]
}

fn station() -> impl Strategy<Value = StationFile> {
    (
        prop::collection::vec(any_text(), 12),
        prop::collection::vec((any_text(), any_text(), any_text()), 0..14),
        prop::collection::vec((any_text(), any_text()), 0..8),
        prop::collection::vec((any_text(), any_text(), any::<bool>()), 0..7),
    )
        .prop_map(|(fields, services, steps, staff)| {
            let mut file = StationFile::new();
            let field = |index: usize| fields.get(index).cloned().unwrap_or_default();
            file.station.name = field(0);
            file.station.county = field(1);
            file.station.town = field(2);
            file.station.operator = field(3);
            file.station.intro = field(4);
            file.station.slogan = field(5);
            file.station.guide_units = vec![field(6)];
            file.contacts.hotline = field(7);
            file.contacts.supervision_phone = field(8);
            file.contacts.hours = field(9);
            file.contacts.address = field(10);
            file.updated = field(11);
            file.services = services
                .into_iter()
                .map(|(category, item, description)| Service {
                    category,
                    item,
                    description,
                    targets: field(4),
                    ..Service::default()
                })
                .collect();
            file.process = steps
                .into_iter()
                .map(|(step, detail)| ProcessStep {
                    step,
                    detail,
                    ..ProcessStep::default()
                })
                .collect();
            file.staff = staff
                .into_iter()
                .map(|(name, duties, show_phone)| StaffMember {
                    name,
                    duties,
                    show_phone,
                    phone: field(7),
                    ..StaffMember::default()
                })
                .collect();
            file
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_stays_inside_its_box(file in station(), a4 in any::<bool>()) {
        let options = LayoutOptions { size: a4.then_some(PageSize::ISO[0].1), ..LayoutOptions::default() };
        for kind in template::available_kinds() {
            let document = layout::layout_sign(&file, &layout::Assets::default(), kind, &options).unwrap();
            for page in &document.pages {
                let page_rect = Rect::new(0.0, 0.0, page.width_pt, page.height_pt);
                for item in &page.items {
                    if let Item::Text(line) = item {
                        let extent = line.extent();
                        prop_assert!(line.bounds.contains(&extent, 0.05), "{:?}: {:?} outside {:?}", kind, extent, line.bounds);
                        prop_assert!(page_rect.contains(&extent, 0.05));
                    }
                }
            }
        }
    }
}

/// A services row of five 4,500-character cells runs over several pages in time growing about
/// linearly with the text (each cell is broken into lines once, not once a page), and every
/// character of every cell is printed exactly once: a long name continues like the other cells
/// rather than being repeated whole on each page (which never ended).
#[test]
fn a_row_of_long_cells_splits_over_pages_quickly_and_loses_nothing() {
    use liangpai::sign::SignKind;
    let columns = ['甲', '乙', '丙', '丁', '戊'];
    let cell = |mark: char, length: usize| -> String {
        "社区居民服务包括走访慰问、"
            .chars()
            .chain([mark, '，'])
            .cycle()
            .take(length)
            .collect()
    };
    let mut timings = Vec::new();
    for length in [900usize, 4_500] {
        let mut file = StationFile::new();
        file.station.name = "青禾县柳溪镇社会工作服务站".into();
        file.services = vec![Service {
            category: "老年人服务".into(),
            item: cell(columns[0], length),
            description: cell(columns[1], length),
            targets: cell(columns[2], length),
            method: cell(columns[3], length),
            frequency: cell(columns[4], length),
            ..Service::default()
        }];
        let expected = cell(columns[0], length)
            .chars()
            .filter(|ch| *ch == columns[0])
            .count();
        let started = std::time::Instant::now();
        let document = layout::layout_sign(
            &file,
            &layout::Assets::default(),
            SignKind::Services,
            &LayoutOptions::default(),
        )
        .unwrap();
        let elapsed = started.elapsed();
        timings.push(elapsed);
        assert!(document.pages.len() > 1, "{} pages", document.pages.len());
        // The table's text (on the first page the table starts below the 服务对象 summary).
        let printed: String = document
            .pages
            .iter()
            .enumerate()
            .flat_map(|(index, page)| {
                let top = if index == 0 {
                    page.height_pt * 0.345
                } else {
                    0.0
                };
                page.items.iter().filter_map(move |item| match item {
                    Item::Text(line) if line.origin.y > top => Some(line.text.as_str()),
                    _ => None,
                })
            })
            .collect();
        for mark in columns {
            assert_eq!(
                printed.chars().filter(|ch| *ch == mark).count(),
                expected,
                "column {mark}, {length} characters, {} pages",
                document.pages.len()
            );
        }
        assert!(
            document.warnings.is_empty()
                || document
                    .warnings
                    .iter()
                    .all(|warning| !warning.to_string().contains("未印出")),
            "{:?}",
            document.warnings
        );
        eprintln!("{length}: {} pages in {elapsed:?}", document.pages.len());
        assert!(elapsed.as_secs_f32() < 10.0, "{length}: {elapsed:?}");
    }
    // Five times the text takes well under 25 times as long (it took minutes before).
    assert!(
        timings[1] < timings[0] * 12 + std::time::Duration::from_millis(500),
        "{timings:?}"
    );
}
