//! `check` of stations in two or three scripts: unknown 民族文字, shown texts without a
//! translation (one warning per field and language, naming both in the form's words), languages
//! translated but not chosen, and `liangpai check --headings` for a language office.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use liangpai::model::{
    Diagnostic, HEADING_KEYS, Language, Languages, Partner, ProcessStep, QrCode, Rule, Service,
    Severity, StaffMember, StationFile, validate,
};

mod common;
use common::{examples, liangpai};

fn example(name: &str) -> StationFile {
    liangpai::storage::load(&examples().join(name)).unwrap()
}

/// The paths of the warnings about missing translations (`….tr.<tag>.…`).
fn missing(problems: &[Diagnostic], tag: &str) -> BTreeSet<String> {
    problems
        .iter()
        .filter(|d| d.message.contains("译文，公示牌上只印中文"))
        .filter(|d| d.field.translation_tag() == Some(tag))
        .map(|d| d.field.to_string())
        .collect()
}

#[test]
fn baiyang_lacks_exactly_the_translations_its_file_leaves_out() {
    let station = example("baiyang-station-ug.json");
    let problems = validate(&station);
    // What the example translates: the station's name, short name, operator and rooms, the
    // address and hours, item (and one method) of two services, staff names and posts, the
    // first two steps. Everything else shown is missing, once per field.
    let expected: BTreeSet<String> = [
        "station.tr.ug.guide_units[0]",
        "station.tr.ug.guide_units[1]",
        "station.tr.ug.intro",
        "station.tr.ug.slogan",
        // 0000-6609999（青禾县民政局）holds words; the hotline is digits only.
        "contacts.tr.ug.supervision_phone",
        "contacts.qr_codes[0].tr.ug.label",
        "contacts.qr_codes[1].tr.ug.label",
        "services[0].tr.ug.category",
        "services[0].tr.ug.description",
        "services[0].tr.ug.targets",
        "services[0].tr.ug.frequency",
        "services[1].tr.ug.category",
        "services[1].tr.ug.description",
        "services[1].tr.ug.targets",
        "services[1].tr.ug.method",
        "services[1].tr.ug.frequency",
        "services[2].tr.ug.category",
        "services[2].tr.ug.item",
        "services[2].tr.ug.description",
        "services[2].tr.ug.targets",
        "services[2].tr.ug.method",
        "services[2].tr.ug.frequency",
        "staff[0].tr.ug.level",
        "staff[0].tr.ug.duties",
        "staff[1].tr.ug.level",
        "staff[1].tr.ug.duties",
        "process[0].tr.ug.detail",
        "process[1].tr.ug.detail",
        "process[2].tr.ug.step",
        "process[2].tr.ug.detail",
        "process[3].tr.ug.step",
        "process[3].tr.ug.detail",
        "process[4].tr.ug.step",
        "process[4].tr.ug.detail",
        "process[5].tr.ug.step",
        "process[5].tr.ug.detail",
        "partners[0].tr.ug.name",
        "partners[1].tr.ug.name",
        "partners[2].tr.ug.name",
        "partners[3].tr.ug.name",
        "partners[4].tr.ug.name",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(missing(&problems, "ug"), expected);
    // One warning per field and language: no path twice.
    let count = problems
        .iter()
        .filter(|d| {
            d.field.translation_tag() == Some("ug") && d.message.contains("译文，公示牌上只印中文")
        })
        .count();
    assert_eq!(count, expected.len());
    // Named in the form's words with the language, warnings only.
    let slogan = problems
        .iter()
        .find(|d| d.field == "station.tr.ug.slogan")
        .unwrap();
    assert_eq!(slogan.severity, Severity::Warning);
    assert_eq!(
        slogan.field.describe_long(),
        "站点信息 › 宣传主题（维吾尔文）"
    );
    assert!(
        slogan
            .message
            .starts_with("宣传主题“推进“五社联动” 关爱“一小一老””还没有维吾尔文译文"),
        "{slogan:?}"
    );
    let room_unit = problems
        .iter()
        .find(|d| d.field == "station.tr.ug.guide_units[1]")
        .unwrap();
    assert_eq!(
        room_unit.field.describe_long(),
        "站点信息 › 第 2 个指导单位（维吾尔文）"
    );
    let duty = problems
        .iter()
        .find(|d| d.field == "staff[1].tr.ug.duties")
        .unwrap();
    assert_eq!(
        duty.field.describe_long(),
        "服务人员 › 第 2 位服务人员的工作职责（维吾尔文）"
    );
    // The headings it lacks: one warning for the language, with the count.
    let headings = problems.iter().find(|d| d.field == "headings.ug").unwrap();
    assert!(
        headings.message.starts_with(&format!(
            "固定标题有 {} 个还没有维吾尔文译文",
            HEADING_KEYS.len() - 9
        )),
        "{headings:?}"
    );
    assert!(!problems.iter().any(Diagnostic::is_error), "{problems:?}");
}

#[test]
fn baita_mongolian_is_checked_in_mongolian_only() {
    let station = example("baita-station-mn.json");
    let problems = validate(&station);
    assert!(!missing(&problems, "mn").is_empty());
    assert!(missing(&problems, "ug").is_empty());
    // Every Mongolian translation the file gives silences its field.
    let given = station
        .station
        .tr
        .text(Language::Mongolian, "name")
        .is_some();
    assert!(given);
    assert!(!missing(&problems, "mn").contains("station.tr.mn.name"));
}

/// A station as a Xinjiang county would make it: long official names, full-width digits, every
/// shown text translated.
fn translated_station(staff: usize) -> StationFile {
    let mut file = StationFile::new();
    file.languages = Some(Languages {
        local: vec!["ug".into()],
        ..Languages::default()
    });
    let ug = Language::Uyghur;
    let station = &mut file.station;
    station.name =
        "新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县琼博拉镇社会工作服务站".into();
    station.short_name = "琼博拉镇社工站".into();
    station.guide_units = vec!["察布查尔锡伯自治县民政局".into()];
    station.operator = "察布查尔县同心社会工作服务中心".into();
    station.intro = "立足民政兜底保障职责".into();
    station.slogan = String::new();
    station.rooms = vec!["个案工作室".into(), "小组活动室".into()];
    station.county = "察布查尔锡伯自治县".into();
    station.tr.set(
        ug,
        "name",
        "چاپچال شىبە ئاپتونوم ناھىيەسى چوڭبورا بازىرى ئىجتىمائىي خىزمەت مۇلازىمەت پونكىتى",
    );
    station
        .tr
        .set(ug, "short_name", "چوڭبورا ئىجتىمائىي خىزمەت پونكىتى");
    station.tr.set_item(
        ug,
        "guide_units",
        0,
        "چاپچال ناھىيەلىك پۇقرالار ئىشلىرى ئىدارىسى",
    );
    station.tr.set(
        ug,
        "operator",
        "چاپچال ناھىيەلىك تۇڭشىن ئىجتىمائىي خىزمەت مەركىزى",
    );
    station.tr.set(ug, "intro", "پۇقرالار ئىشلىرى كاپالىتى");
    station
        .tr
        .set_item(ug, "rooms", 0, "يەككە دېلو خىزمەت ئۆيى");
    station
        .tr
        .set_item(ug, "rooms", 1, "گۇرۇپپا پائالىيەت ئۆيى");
    let contacts = &mut file.contacts;
    contacts.address = "琼博拉镇人民路１８号".into();
    contacts.hours = "周一至周五 10:00-19:30".into();
    contacts.hotline = "０９９９－３６２１２３４".into();
    contacts.supervision_phone = "0999-3629999（县民政局）".into();
    contacts.qr_codes = vec![QrCode {
        label: "微信公众号".into(),
        content: "https://example.org/q".into(),
        ..QrCode::default()
    }];
    contacts
        .tr
        .set(ug, "address", "چوڭبورا بازىرى خەلق يولى 18-نومۇر");
    contacts
        .tr
        .set(ug, "hours", "دۈشەنبىدىن جۈمەگىچە 10:00-19:30");
    contacts.tr.set(
        ug,
        "supervision_phone",
        "0999-3629999 (ناھىيەلىك پۇقرالار ئىشلىرى ئىدارىسى)",
    );
    contacts.qr_codes[0]
        .tr
        .set(ug, "label", "ئۈندىدار ئاممىۋى نومۇرى");
    let mut service = Service {
        category: "社会救助".into(),
        item: "临时救助转介".into(),
        description: String::new(),
        targets: "困难群众".into(),
        method: "个案".into(),
        frequency: "随时".into(),
        free: false,
        fee: "按成本收取".into(),
        ..Service::default()
    };
    for (field, text) in [
        ("category", "ئىجتىمائىي ياردەم"),
        ("item", "ۋاقىتلىق ياردەم يۆتكەش"),
        ("targets", "قىيىنچىلىقى بار ئاممە"),
        ("method", "يەككە"),
        ("frequency", "ھەر ۋاقىت"),
        ("fee", "تەننەرخ بويىچە"),
    ] {
        service.tr.set(ug, field, text);
    }
    file.services = vec![service];
    file.staff = (0..staff)
        .map(|index| {
            let mut member = StaffMember {
                name: format!("阿依古丽·买买提{index}"),
                post: "驻站社工".into(),
                level: "社会工作师".into(),
                phone: "１３８００００００１".into(),
                duties: "负责社会救助走访".into(),
                ..StaffMember::default()
            };
            member.tr.set(ug, "name", &format!("ئايگۈل مەمەت {index}"));
            member.tr.set(ug, "post", "پونكىتتىكى ئىجتىمائىي خىزمەتچى");
            member.tr.set(ug, "level", "ئىجتىمائىي خىزمەتچى");
            member.tr.set(ug, "duties", "ئىجتىمائىي ياردەم زىيارىتى");
            member
        })
        .collect();
    let mut step = ProcessStep {
        step: "接案".into(),
        detail: String::new(),
        ..ProcessStep::default()
    };
    step.tr.set(ug, "step", "دېلو قوبۇل قىلىش");
    file.process = vec![step];
    let mut partner = Partner {
        kind: "社区".into(),
        name: "琼博拉社区居委会".into(),
        ..Partner::default()
    };
    partner
        .tr
        .set(ug, "name", "چوڭبورا مەھەللە ئاھالىلەر كومىتېتى");
    file.partners = vec![partner];
    let mut rule = Rule {
        title: "保密制度".into(),
        text: "一、保守服务对象的隐私。".into(),
        ..Rule::default()
    };
    rule.tr.set(ug, "title", "مەخپىيەتلىك تۈزۈمى");
    rule.tr.set(
        ug,
        "text",
        "1. مۇلازىمەت ئوبيېكتىنىڭ شەخسىي مەخپىيىتىنى ساقلاش.",
    );
    file.rules = vec![rule];
    for (key, _) in HEADING_KEYS {
        file.headings
            .entry("ug".into())
            .or_default()
            .insert(key.into(), format!("ماۋزۇ {key}"));
    }
    file.updated = "２０２６－０３－０１".into();
    file
}

/// The diagnostics about languages, translations and headings.
fn language_problems(file: &StationFile) -> Vec<Diagnostic> {
    validate(file)
        .into_iter()
        .filter(|d| {
            d.field.translation_tag().is_some() || d.field.keys().next() == Some("languages")
        })
        .collect()
}

#[test]
fn a_fully_translated_station_has_nothing_to_say_and_each_gap_is_named() {
    let mut file = translated_station(12);
    assert_eq!(language_problems(&file), []);
    // Empty Chinese fields (the slogan, a service's description, a step's detail) asked
    // nothing; a digits-only hotline neither.
    file.staff[7].tr.set(Language::Uyghur, "duties", "  ");
    file.station.tr.set_item(Language::Uyghur, "rooms", 1, "");
    file.contacts
        .tr
        .set(Language::Uyghur, "supervision_phone", "");
    // Free again: the fee is not printed, its translation is not asked for.
    file.services[0].free = true;
    file.services[0].tr.set(Language::Uyghur, "fee", "");
    let problems = language_problems(&file);
    let paths: Vec<String> = problems.iter().map(|d| d.field.to_string()).collect();
    assert_eq!(
        paths,
        [
            "station.tr.ug.rooms[1]",
            "contacts.tr.ug.supervision_phone",
            "staff[7].tr.ug.duties"
        ]
    );
    assert_eq!(
        problems[0].message,
        "第 2 个功能室“小组活动室”还没有维吾尔文译文，公示牌上只印中文"
    );
    assert_eq!(
        problems[2].field.describe_long(),
        "服务人员 › 第 8 位服务人员的工作职责（维吾尔文）"
    );
    // A second language: every shown text warned once more, in Kazakh.
    file.languages.as_mut().unwrap().local.push("kk".into());
    let problems = language_problems(&file);
    let kazakh = missing(&problems, "kk");
    assert!(kazakh.contains("station.tr.kk.name"));
    assert!(kazakh.contains("staff[11].tr.kk.name"));
    assert!(!kazakh.contains("station.tr.kk.slogan"));
    assert_eq!(missing(&problems, "ug").len(), 3);
}

#[test]
fn an_unknown_language_is_an_error_naming_the_field() {
    let mut file = translated_station(1);
    file.languages.as_mut().unwrap().local =
        vec!["ug".into(), "uy".into(), " ".into(), "ug".into()];
    let problems = language_problems(&file);
    let unknown = problems
        .iter()
        .find(|d| d.field == "languages.local[1]")
        .unwrap();
    assert!(unknown.is_error());
    assert!(
        unknown
            .message
            .starts_with("民族文字“uy”本程序不认识，可选：ug（维吾尔文）")
    );
    assert_eq!(unknown.field.describe_long(), "站点信息 › 第 2 个民族文字");
    let empty = problems
        .iter()
        .find(|d| d.field == "languages.local[2]")
        .unwrap();
    assert!(empty.is_error());
    let twice = problems
        .iter()
        .find(|d| d.field == "languages.local[3]")
        .unwrap();
    assert_eq!(twice.severity, Severity::Warning);
    assert_eq!(twice.message, "民族文字中维吾尔文选了两次");
    // The known language is still checked.
    assert!(missing(&problems, "ug").is_empty());
}

#[test]
fn translations_in_a_language_not_chosen_are_one_warning_per_language() {
    let mut file = translated_station(3);
    for member in &mut file.staff {
        member.tr.set(Language::Kazakh, "name", "ايگۇل");
        member.tr.set(Language::Kazakh, "post", "قىزمەتكەر");
    }
    file.station
        .tr
        .0
        .entry("uy".into())
        .or_default()
        .insert("name".into(), "x".into());
    file.headings
        .entry("kk".into())
        .or_default()
        .insert("hours".into(), "ۋاقىتى".into());
    let problems = language_problems(&file);
    let kazakh: Vec<&Diagnostic> = problems
        .iter()
        .filter(|d| d.field.translation_tag() == Some("kk"))
        .collect();
    assert_eq!(kazakh.len(), 1, "{problems:?}");
    assert_eq!(kazakh[0].field, "staff[0].tr.kk");
    assert_eq!(
        kazakh[0].message,
        "有 7 处哈萨克文译文，但“民族文字”中没有选哈萨克文，这些译文不会印出"
    );
    let unknown = problems
        .iter()
        .find(|d| d.field.translation_tag() == Some("uy"))
        .unwrap();
    assert!(
        unknown
            .message
            .starts_with("有 1 处译文的语言“uy”本程序不认识")
    );
    // Without languages at all, translations are said unused too, and nothing is missing.
    file.languages = None;
    let problems = language_problems(&file);
    assert!(missing(&problems, "ug").is_empty());
    assert!(problems.iter().any(|d| {
        d.field == "station.tr.ug"
            && d.message
                .contains("维吾尔文译文，但“民族文字”中没有选维吾尔文")
    }));
}

#[test]
fn a_translated_key_that_is_not_printed_and_an_unknown_heading_are_said() {
    let mut file = translated_station(1);
    file.station.tr.set(Language::Uyghur, "county", "چاپچال");
    file.staff[0].tr.set(Language::Uyghur, "nmae", "ئايگۈل");
    file.headings
        .entry("ug".into())
        .or_default()
        .insert("hotlien".into(), "x".into());
    let problems = language_problems(&file);
    let paths: BTreeSet<String> = problems.iter().map(|d| d.field.to_string()).collect();
    assert_eq!(
        paths,
        [
            "headings.ug.hotlien",
            "station.tr.ug.county",
            "staff[0].tr.ug.nmae"
        ]
        .into_iter()
        .map(str::to_owned)
        .collect()
    );
    let nmae = problems
        .iter()
        .find(|d| d.field == "staff[0].tr.ug.nmae")
        .unwrap();
    assert_eq!(
        nmae.message,
        "第 1 位服务人员的维吾尔文译文中有“nmae”，它不是公示牌上印的内容，不会印出"
    );
}

#[test]
fn cli_check_names_field_and_language_and_exits_by_errors() {
    let path = examples().join("baiyang-station-ug.json");
    let (code, text) = liangpai(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.lines().any(|line| line.ends_with(
            "提醒：站点信息 › 站点简介（维吾尔文）：站点简介“柳溪镇社会工作服务站立足民政兜底保障职责…（共 96 个字符）”还没有维吾尔文译文，公示牌上只印中文（station.tr.ug.intro）"
        )),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("站点.json");
    let mut file = translated_station(2);
    file.languages.as_mut().unwrap().local = vec!["维吾尔".into()];
    std::fs::write(&bad, file.to_json()).unwrap();
    let (code, text) = liangpai(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("错误：站点信息 › 第 1 个民族文字：民族文字“维吾尔”本程序不认识"),
        "{text}"
    );
}

#[test]
fn cli_lists_every_heading_for_a_language_office() {
    let (code, text) = liangpai(&["check", "--headings", "ug"]);
    assert_eq!(code, 0, "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.first(), Some(&"键\t中文\t维吾尔文"));
    for (key, chinese) in HEADING_KEYS {
        assert!(
            lines.contains(&format!("{key}\t{chinese}\t").as_str()),
            "{key}: {text}"
        );
    }
    // With the station: its translations beside the Chinese; by Chinese name too.
    let path = examples().join("baiyang-station-ug.json");
    let (code, text) = liangpai(&["check", "--headings", "维吾尔文", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("supervision_phone\t监督电话\tنازارەت تېلېفونى\n"),
        "{text}"
    );
    assert!(text.contains("badge\t工作证\t\n"), "{text}");
    assert!(text.contains(&format!(
        "共 {} 个固定标题，已有维吾尔文译文 9 个",
        HEADING_KEYS.len()
    )));
    // Unknown language: a Chinese usage error listing the choices.
    let (code, text) = liangpai(&["check", "--headings", "uy"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--headings 的值“uy”不对"), "{text}");
    assert!(text.contains("mn（蒙古文）"), "{text}");
    let missing_file = Path::new("no/such/station.json");
    let (code, _) = liangpai(&["check", "--headings", "ug", missing_file.to_str().unwrap()]);
    assert_eq!(code, 1);
}

/// A county pack with Uyghur headings for every key but one, and a typo key.
fn pack_with_headings(dir: &Path) -> std::path::PathBuf {
    use liangpai::style_pack::{PackSpec, make};
    let mut headings = liangpai::model::Headings::new();
    let table = headings.entry("ug".into()).or_default();
    for (key, _) in HEADING_KEYS.iter().skip(1) {
        table.insert((*key).into(), format!("ناھىيە {key}"));
    }
    table.insert("hotlien".into(), "خاتا".into());
    let path = dir.join("青禾县.lpstyle");
    let pack = make(
        &path,
        &PackSpec {
            name: "青禾县社工站统一标识".into(),
            headings,
            ..PackSpec::default()
        },
    )
    .unwrap();
    assert_eq!(pack.headings["ug"].len(), HEADING_KEYS.len());
    assert!(
        pack.warnings
            .iter()
            .any(|warning| warning.contains("[headings.ug] 中的“hotlien”不是公示牌上的固定标题")),
        "{:?}",
        pack.warnings
    );
    assert!(
        pack.describe()
            .iter()
            .any(|line| line.starts_with("固定标题译文（维吾尔文）"))
    );
    path
}

#[test]
fn a_style_pack_gives_its_headings_to_stations_without_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let pack_path = pack_with_headings(dir.path());
    let pack = liangpai::style_pack::load(&pack_path).unwrap();
    // The Uyghur example translates 9 headings itself: those stay, the others come from the pack.
    let station = example("baiyang-station-ug.json");
    let applied = liangpai::style_pack::apply(&station, &pack, "2026-03-01");
    let ug = &applied.headings["ug"];
    assert_eq!(ug["supervision_phone"], "نازارەت تېلېفونى");
    assert_eq!(ug["badge"], "ناھىيە badge");
    // `plaque` is in neither: still missing, and `check` says so (1 heading).
    assert!(!ug.contains_key("plaque"));
    let problems = validate(&applied);
    let headings = problems.iter().find(|d| d.field == "headings.ug").unwrap();
    assert!(
        headings
            .message
            .starts_with("固定标题有 1 个还没有维吾尔文译文（站点门牌）"),
        "{headings:?}"
    );
    // A station of another language is left alone.
    let mongolian = example("baita-station-mn.json");
    let applied = liangpai::style_pack::apply(&mongolian, &pack, "2026-03-01");
    assert_eq!(applied.headings.get("mn"), mongolian.headings.get("mn"));
    // Through the command line: a station naming the pack lists the pack's headings.
    let mut file = example("baiyang-station-ug.json");
    file.appearance.style_pack = "青禾县.lpstyle".into();
    // The copy lies away from the example's photos.
    for member in &mut file.staff {
        member.photo.clear();
    }
    let station_path = dir.path().join("白杨镇.json");
    std::fs::write(&station_path, file.to_json()).unwrap();
    let (code, text) = liangpai(&["check", "--headings", "ug", station_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("badge\t工作证\tناھىيە badge\n"), "{text}");
    assert!(text.contains("plaque\t站点门牌\t\n"), "{text}");
    let (code, text) = liangpai(&["check", station_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("固定标题有 1 个还没有维吾尔文译文"), "{text}");
}

#[test]
fn a_pack_with_headings_in_an_unknown_language_is_refused_at_its_line() {
    let spec = liangpai::style_pack::PackSpec {
        name: "某县".into(),
        headings: [(
            "uy".to_owned(),
            [("hours".to_owned(), "x".to_owned())].into(),
        )]
        .into(),
        ..liangpai::style_pack::PackSpec::default()
    };
    let error = liangpai::style_pack::pack_bytes(&spec, "某县.lpstyle")
        .unwrap_err()
        .to_string();
    assert!(error.contains("[headings.uy] 的语言“uy”不认识"), "{error}");
    assert!(error.contains("manifest.toml"), "{error}");
}

#[test]
fn regions_fill_languages_and_a_broken_regions_file_is_found_by_the_template_checker() {
    let xinjiang = liangpai::template::region("新疆").unwrap();
    let mut station = example("liuxi-station.json");
    liangpai::template::fill_languages(&mut station, &xinjiang);
    assert_eq!(
        station.languages.as_ref().unwrap().known(),
        [Language::Uyghur]
    );
    // Now every shown text of the (Chinese only) example is asked for in Uyghur.
    let problems = validate(&station);
    assert!(missing(&problems, "ug").contains("station.tr.ug.name"));
    // The built-in file passes the checker; a copy with a wrong script is an error naming it.
    let dir = tempfile::tempdir().unwrap();
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/regions.toml");
    let text = std::fs::read_to_string(&built_in).unwrap();
    std::fs::write(dir.path().join("regions.toml"), &text).unwrap();
    let (code, output) = liangpai(&["check", "--templates", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{output}");
    assert!(
        output.contains("regions.toml：检查完毕，0 个错误"),
        "{output}"
    );
    std::fs::write(
        dir.path().join("regions.toml"),
        text.replace(
            "scripts = [\"bo\", \"zh\"]",
            "scripts = [\"tibetan\", \"zh\"]",
        ),
    )
    .unwrap();
    let (code, output) = liangpai(&["check", "--templates", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{output}");
    assert!(
        output.contains("地区“tibet”有误：scripts 中的“tibetan”不认识"),
        "{output}"
    );
}
