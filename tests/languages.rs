//! Stations in two or three scripts: the contract's `languages`, `tr` and `headings` read from
//! the examples and kept on save.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use liangpai::model::{Language, StationFile};

fn example(name: &str) -> StationFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/examples")
        .join(name);
    liangpai::storage::load(&path).unwrap()
}

#[test]
fn the_bilingual_examples_are_read_and_saved_without_loss() {
    let uyghur = example("baiyang-station-ug.json");
    let languages = uyghur.languages.clone().expect("languages");
    assert_eq!(languages.known(), [Language::Uyghur]);
    assert_eq!(
        uyghur.station.tr.text(Language::Uyghur, "short_name"),
        Some("بەيياڭ بازىرى ئىجتىمائىي خىزمەت پونكىتى")
    );
    assert!(
        uyghur
            .station
            .tr
            .item(Language::Uyghur, "rooms", 1)
            .is_some()
    );
    assert!(uyghur.contacts.tr.text(Language::Uyghur, "hours").is_some());
    let mongolian = example("baita-station-mn.json");
    assert_eq!(
        mongolian.languages.clone().expect("languages").known(),
        [Language::Mongolian]
    );
    for station in [uyghur, mongolian] {
        let again =
            StationFile::from_bytes(station.to_json().as_bytes(), Path::new("again.json")).unwrap();
        assert_eq!(again, station);
        assert!(
            station.extra.get("languages").is_none() && station.extra.get("headings").is_none()
        );
    }
}
