//! Property test: arbitrary text (CJK, Latin, punctuation, emoji, very long) in every field never
//! panics and never puts text outside its box or the page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use liangpai::layout::{self, Item, LayoutOptions, PageSize, Rect, text};
use liangpai::model::{ProcessStep, Service, StaffMember, StationFile};
use liangpai::template;
use proptest::prelude::*;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[\\p{Han}，。、（）《》“”：；！？0-9a-zA-Z @.-]{0,40}",
        1 => "[\\p{Han}\\p{Latin}\\p{Emoji}，。（）0-9 \\n-]{0,300}",
        1 => "[a-z0-9.@-]{30,120}",
        1 => "[\\p{Han}，。]{400,600}",
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
                        let extent = line.extent(text::EM_BOX_ABOVE, text::EM_BOX_BELOW);
                        prop_assert!(line.bounds.contains(&extent, 0.05), "{:?}: {:?} outside {:?}", kind, extent, line.bounds);
                        prop_assert!(page_rect.contains(&extent, 0.05));
                    }
                }
            }
        }
    }
}
