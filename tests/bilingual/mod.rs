//! Texts in each script for the bilingual tests, made from the examples' words: names of
//! realistic length (a Uyghur name runs about twice the Chinese one's characters), and a
//! station's shown texts translated with them.
#![allow(dead_code)]

use liangpai::model::{Language, Languages, StationFile};

/// The scripts the bilingual tests cover (Zhuang, in Latin letters, needs no test of its own).
pub const SCRIPTS: [Language; 6] = [
    Language::Uyghur,
    Language::Kazakh,
    Language::Tibetan,
    Language::Mongolian,
    Language::Korean,
    Language::Yi,
];

/// Words of each script, joined into names of realistic length (a Uyghur name runs about twice
/// the Chinese one's characters).
fn words(language: Language) -> &'static [&'static str] {
    match language {
        Language::Uyghur => &[
            "شىنجاڭ",
            "ئۇيغۇر",
            "ئاپتونوم",
            "رايونى",
            "چىڭخې",
            "ناھىيەسى",
            "بەيياڭ",
            "بازىرى",
            "ئىجتىمائىي",
            "خىزمەت",
            "مۇلازىمەت",
            "پونكىتى",
        ],
        Language::Kazakh => &[
            "ىله",
            "قازاق",
            "اۆتونوميالى",
            "وبلىسى",
            "قورعاس",
            "اۋدانى",
            "الەۋمەتتىك",
            "جۇمىس",
            "قىزمەت",
            "بەكەتى",
        ],
        Language::Tibetan => &[
            "བོད་རང་སྐྱོང་ལྗོངས་",
            "ལྷ་ས་གྲོང་ཁྱེར་",
            "སྟོད་ལུང་བདེ་ཆེན་རྫོང་",
            "བདེ་ཆེན་གྲོང་རྡལ་",
            "སྤྱི་ཚོགས་ལས་དོན་",
            "ཞབས་ཞུ་ས་ཚིགས།",
        ],
        Language::Mongolian => &[
            "ᠦᠪᠦᠷ",
            "ᠮᠣᠩᠭᠣᠯ",
            "ᠤᠨ",
            "ᠥᠪᠡᠷᠲᠡᠭᠡᠨ",
            "ᠵᠠᠰᠠᠬᠤ",
            "ᠣᠷᠤᠨ",
            "ᠴᠠᠭᠠᠨ",
            "ᠰᠣᠪᠤᠷᠭ᠎ᠠ",
            "ᠪᠠᠯᠭᠠᠰᠤ",
            "ᠶᠢᠨ",
            "ᠨᠡᠶᠢᠭᠡᠮ",
            "ᠦᠨ",
            "ᠠᠵᠢᠯ",
            "ᠤᠨ",
            "ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ",
            "ᠶᠢᠨ",
            "ᠥᠷᠲᠡᠭᠡ",
        ],
        Language::Korean => &[
            "연변조선족자치주",
            "룡정시",
            "동성용진",
            "사회사업",
            "봉사소",
        ],
        Language::Yi => &["ꆈꌠ", "ꀊꆨꌠ", "ꉢꌠꑳ", "ꂷꄮ", "ꇩꊿ", "ꌺꐥ", "ꃅꄮꌠ"],
        Language::Zhuang => &["Gvangjsih", "Bouxcuengh", "Swcigih", "Yienh", "Ranz"],
    }
}

/// A text of about `chars` characters in `language`'s words (words kept whole).
pub fn text_of(language: Language, chars: usize, seed: usize) -> String {
    let list = words(language);
    let separator = if language == Language::Tibetan {
        ""
    } else {
        " "
    };
    let mut out = String::new();
    let mut index = seed;
    while out.chars().count() < chars {
        if !out.is_empty() {
            out.push_str(separator);
        }
        out.push_str(list[index % list.len()]);
        index += 1;
    }
    out
}

/// `station` with `language` beside Chinese and every essential translated: the name at twice
/// its Chinese length, short name, rooms, staff names and posts, partners' names, operator,
/// headings.
pub fn translate(station: &mut StationFile, language: Language, seed: usize) {
    let l = language;
    station.languages = Some(Languages {
        local: vec![l.tag().to_owned()],
        ..Languages::default()
    });
    let name_chars = station.station.name.chars().count() * 2;
    let short_chars = station.short_name().chars().count() * 2;
    let tr = &mut station.station.tr;
    tr.set(l, "name", &text_of(l, name_chars, seed));
    tr.set(l, "short_name", &text_of(l, short_chars, seed + 5));
    tr.set(
        l,
        "operator",
        &text_of(l, station.station.operator.chars().count() * 2, seed + 2),
    );
    for (index, room) in station.station.rooms.iter().enumerate() {
        tr.set_item(
            l,
            "rooms",
            index,
            &text_of(l, room.chars().count() * 2, seed + index),
        );
    }
    for (index, member) in station.staff.iter_mut().enumerate() {
        member.tr.set(
            l,
            "name",
            &text_of(l, member.name.chars().count() * 3, seed + index),
        );
        member.tr.set(
            l,
            "post",
            &text_of(l, member.post.chars().count() * 2, seed + index + 1),
        );
    }
    for (index, partner) in station.partners.iter_mut().enumerate() {
        partner.tr.set(
            l,
            "name",
            &text_of(l, partner.name.chars().count() * 2, seed + index + 3),
        );
    }
    for (index, service) in station.services.iter_mut().enumerate() {
        service.tr.set(
            l,
            "item",
            &text_of(l, service.item.chars().count() * 2, seed + index),
        );
    }
    let mut headings = std::collections::BTreeMap::new();
    for (key, chinese) in liangpai::model::HEADING_KEYS {
        headings.insert(
            key.to_owned(),
            text_of(l, chinese.chars().count() * 2, key.len()),
        );
    }
    station.headings.insert(l.tag().to_owned(), headings);
}
