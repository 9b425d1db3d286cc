//! `liangpai check` as a user runs it: exit codes and one Chinese line per problem.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

mod common;
use common::liangpai;

fn example() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/examples/liuxi-station.json")
        .display()
        .to_string()
}

#[test]
fn example_station_checks_clean() {
    let (code, text) = liangpai(&["check", &example()]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("0 个错误"), "{text}");
}

#[test]
fn errors_exit_1_with_file_field_and_message_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("坏站点.json");
    std::fs::write(
        &bad,
        r#"{"format":"liangpai-station","version":1,"station":{"name":""},"staff":[{"name":"","phone":"无"}]}"#,
    )
    .unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"format\": ").unwrap();
    let (code, text) = liangpai(&[
        "check",
        &example(),
        bad.to_str().unwrap(),
        broken.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{text}");
    let name_line = text
        .lines()
        .find(|line| line.contains("station.name"))
        .unwrap();
    assert!(
        name_line.contains("坏站点.json")
            && name_line.contains("错误")
            && name_line.contains("站点全称")
    );
    assert!(
        text.lines()
            .any(|line| line.contains("staff[0].phone") && line.contains("没有数字"))
    );
    assert!(
        text.lines()
            .any(|line| line.contains("broken.json") && line.contains("第 1 行"))
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(liangpai(&["check"]).0, 2);
    assert_eq!(liangpai(&["no-such-command"]).0, 2);
}

#[test]
fn missing_and_broken_pictures_are_reported_with_their_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.jpg"), b"not a picture").unwrap();
    let file = dir.path().join("站点.json");
    std::fs::write(
        &file,
        r#"{"format":"liangpai-station","version":1,
            "station":{"name":"柳溪镇社会工作服务站","logos":["logo.png"]},
            "staff":[{"name":"张三","photo":"broken.jpg"},{"name":"李四","photo":"photos/nobody.jpg"}]}"#,
    )
    .unwrap();
    let (code, text) = liangpai(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    let line = |field: &str| {
        text.lines()
            .find(|line| line.ends_with(&format!("（{field}）")))
            .unwrap_or_else(|| panic!("{field} not reported: {text}"))
            .to_owned()
    };
    assert!(
        line("station.logos[0]").contains("标志“logo.png”打不开"),
        "{text}"
    );
    assert!(
        line("staff[0].photo").contains("服务人员“张三”的照片“broken.jpg”不是能识别的图片"),
        "{text}"
    );
    assert!(line("staff[1].photo").contains("打不开"), "{text}");
}

#[test]
fn a_36_character_name_exports_with_no_essential_cut() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example()).unwrap();
    let mut station: serde_json::Value = serde_json::from_str(&text).unwrap();
    let name = "新疆维吾尔自治区伊犁哈萨克自治州木里藏族自治县东风路街道幸福里社区社工站";
    assert_eq!(name.chars().count(), 36);
    station["station"]["name"] = name.into();
    station["station"]["short_name"] = "".into();
    station["station"]["operator"] =
        "新疆维吾尔自治区益民社会工作服务中心（民办非企业单位）".into();
    station["contacts"]["supervision_phone"] = "0999-8612345、0999-8698765".into();
    // The photos stay with the example; this copy lives elsewhere.
    if let Some(staff) = station["staff"].as_array_mut() {
        for member in staff {
            member["photo"] = "".into();
        }
    }
    let file = dir.path().join("long.json");
    std::fs::write(&file, serde_json::to_string(&station).unwrap()).unwrap();
    let out = dir.path().join("out");
    let (code, output) = liangpai(&[
        "export",
        &file.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--format",
        "png",
        "--dpi",
        "12",
    ]);
    assert_eq!(code, 0, "{output}");
    assert!(
        output.contains("建议的简称“东风路街道幸福里社区社工站”"),
        "{output}"
    );
    for line in output.lines() {
        let essential = [
            "station.name",
            "station.short_name",
            "supervision_phone",
            "updated",
            ".name）",
            "station.rooms",
        ]
        .iter()
        .any(|field| line.contains(field));
        assert!(!(essential && line.contains("未印出")), "{line}");
    }
}

/// `liangpai export FILE --out OUT --sign contacts` with a fixed date.
fn export_contacts(file: &Path, out: &Path) -> (i32, String) {
    liangpai(&[
        "export",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "contacts",
        "--date",
        "2026-01-01",
    ])
}

/// A station file with these contacts and one staff member with this phone (shown on the signs).
fn station_with_phones(
    hotline: &str,
    supervision: &str,
    staff_phone: &str,
    updated: &str,
) -> String {
    let mut station = liangpai::storage::load(Path::new(&example())).unwrap();
    station.contacts.hotline = hotline.to_owned();
    station.contacts.supervision_phone = supervision.to_owned();
    station.staff[0].phone = staff_phone.to_owned();
    station.staff[0].show_phone = true;
    station.updated = updated.to_owned();
    station.to_json()
}

#[test]
fn phones_typed_in_full_width_digits_are_no_error_and_letters_in_a_phone_are() {
    let dir = tempfile::tempdir().unwrap();
    let photos = Path::new(&example()).parent().unwrap().join("photos");
    // The example's photos beside the copies, so only the phones are new.
    let copy = |name: &str, text: String| {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        file
    };
    std::fs::create_dir_all(dir.path().join("photos")).unwrap();
    for entry in std::fs::read_dir(&photos).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("photos").join(entry.file_name()),
        )
        .unwrap();
    }
    // From a Chinese input method: full-width digits and dashes everywhere.
    let wide = copy(
        "全角.json",
        station_with_phones(
            "０９９４－６８２１２３４",
            "０９９４－６８２１２３５",
            "１３８０００００００１",
            "２０２６－０３－０１",
        ),
    );
    let (code, text) = liangpai(&["check", wide.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    for field in [
        "contacts.hotline",
        "contacts.supervision_phone",
        "staff[0].phone",
        "（updated）",
    ] {
        assert!(!text.contains(field), "{field}: {text}");
    }
    assert!(!text.contains("没有数字"), "{text}");

    let typo = copy(
        "字母.json",
        station_with_phones("0994-682abcd", "0994-6821235", "138abc0001", "2026-03-01"),
    );
    let (code, text) = liangpai(&["check", typo.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    let line = |field: &str| {
        text.lines()
            .find(|line| line.ends_with(&format!("（{field}）")))
            .unwrap_or_else(|| panic!("{field} not reported: {text}"))
            .to_owned()
    };
    let hotline = line("contacts.hotline");
    assert!(
        hotline.contains("错误：联系方式 › 服务热线：服务热线“0994-682abcd”里有字母 abcd"),
        "{hotline}"
    );
    let staff = line("staff[0].phone");
    assert!(
        staff.contains("错误：服务人员 › 第 1 位服务人员的联系电话：")
            && staff.contains("的联系电话“138abc0001”里有字母 abc"),
        "{staff}"
    );
    // The export says the same and fails the same way.
    let (code, text) = export_contacts(&typo, &dir.path().join("out"));
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("服务热线“0994-682abcd”里有字母 abcd"),
        "{text}"
    );
    let (code, text) = export_contacts(&wide, &dir.path().join("out-wide"));
    assert_eq!(code, 0, "{text}");
}

#[test]
fn the_roster_reader_gives_the_same_verdict_on_phones() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("站点.csv");
    std::fs::write(
        &roster,
        "站点全称,服务热线,监督电话,更新日期\n\
         青禾县甲镇社会工作服务站,０９９４－６８２１２３４,0994-6821235,２０２６－０３－０１\n\
         青禾县乙镇社会工作服务站,0994-682abcd,0994-6821235,2026-03-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("服务人员.csv"),
        "站点全称,姓名,联系电话,公开电话\n\
         青禾县甲镇社会工作服务站,张三,１３８０００００００１,是\n\
         青禾县乙镇社会工作服务站,李四,138abc0001,是\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, text) = liangpai(&[
        "batch",
        roster.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "contacts",
        "--date",
        "2026-01-01",
    ]);
    assert_eq!(code, 1, "{text}");
    let report = std::fs::read_to_string(out.join("report.csv")).unwrap();
    let mut reader =
        csv::ReaderBuilder::new().from_reader(report.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let row = |name: &str| {
        rows.iter()
            .find(|row| row[0].contains(name))
            .unwrap_or_else(|| panic!("{name}: {rows:?}"))
            .clone()
    };
    let first = row("甲镇");
    assert!(
        !first[3].contains("电话") && !first[3].contains("服务热线"),
        "{first:?}"
    );
    assert!(!first[2].contains("没有数字"), "{first:?}");
    let second = row("乙镇");
    assert!(
        second[3].contains("服务热线“0994-682abcd”里有字母 abcd"),
        "{second:?}"
    );
    assert!(second[3].contains("“138abc0001”里有字母 abc"), "{second:?}");
    // report.csv speaks in the form's words: no field paths.
    assert!(
        !report.contains("contacts.") && !report.contains("staff["),
        "{report}"
    );
}

#[test]
fn a_broken_photo_is_one_error_naming_every_sign_it_is_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut station = liangpai::storage::load(Path::new(&example())).unwrap();
    std::fs::write(dir.path().join("王磊.heic"), {
        let mut bytes = vec![0, 0, 0, 24];
        bytes.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        bytes.extend_from_slice(&[0; 100]);
        bytes
    })
    .unwrap();
    station.staff[1].photo = "王磊.heic".into();
    for (index, member) in station.staff.iter_mut().enumerate() {
        if index != 1 {
            member.photo = String::new();
        }
    }
    let file = dir.path().join("站点.json");
    std::fs::write(&file, station.to_json()).unwrap();
    let out = dir.path().join("out");
    let (code, text) = liangpai(&[
        "export",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-01-01",
    ]);
    assert_eq!(code, 1, "{text}");
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("（staff[1].photo）"))
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    let line = lines[0];
    assert!(line.contains("错误"), "{line}");
    assert!(line.contains("HEIC"), "{line}");
    for sign in ["服务人员公示", "工作证"] {
        assert!(line.contains(sign), "{sign}: {line}");
    }
    // `check` says it once too.
    let (code, text) = liangpai(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    assert_eq!(
        text.lines()
            .filter(|line| line.contains("（staff[1].photo）"))
            .count(),
        1,
        "{text}"
    );
}
