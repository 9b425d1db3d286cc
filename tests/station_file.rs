//! The station file contract: round trip, unknown fields, malformed input, atomic save, no panics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

use liangpai::model::{self, LoadError, Severity, StationFile, StationKind};
use proptest::prelude::*;
use serde_json::Value;

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json")
}

fn load_str(text: &str) -> Result<StationFile, LoadError> {
    StationFile::from_bytes(text.as_bytes(), Path::new("测试站点.json"))
}

#[test]
fn example_round_trips_with_every_value_equal() {
    let original: Value = serde_json::from_slice(&fs::read(example_path()).unwrap()).unwrap();
    let station = liangpai::storage::load(&example_path()).unwrap();
    assert_eq!(station.station.name, "青禾县柳溪镇社会工作服务站");
    assert_eq!(station.station.kind, StationKind::SocialWorkStation);
    assert_eq!(station.services.len(), 10);
    assert_eq!(station.staff.len(), 4);
    assert!(!station.staff[2].show_phone);
    assert_eq!(station.process.len(), 6);
    assert_eq!(station.contacts.qr_codes[1].label, "志愿者报名");
    let written: Value = serde_json::from_str(&station.to_json()).unwrap();
    assert_eq!(written, original);
    // And once more through the typed model.
    assert_eq!(load_str(&station.to_json()).unwrap(), station);
}

#[test]
fn unknown_fields_are_kept_on_save() {
    let mut value: Value = serde_json::from_slice(&fs::read(example_path()).unwrap()).unwrap();
    value["future_top"] = serde_json::json!({"a": [1, 2, 3]});
    value["station"]["some_future_field"] = serde_json::json!("保留我");
    value["contacts"]["wechat"] = serde_json::json!("liuxi");
    value["contacts"]["qr_codes"][0]["colour"] = serde_json::json!("#123456");
    value["services"][3]["price"] = serde_json::json!(0);
    value["staff"][1]["badge_no"] = serde_json::json!(17);
    value["process"][0]["icon"] = serde_json::json!(null);
    value["partners"][4]["since"] = serde_json::json!(2024);
    value["station"]["kind"] = serde_json::json!("youth_centre");
    let station = load_str(&value.to_string()).unwrap();
    assert_eq!(
        station.station.kind,
        StationKind::Other("youth_centre".into())
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("站点.json");
    liangpai::storage::save(&station, &path).unwrap();
    let saved: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved, value);
}

#[test]
fn appearance_round_trips_and_is_left_out_when_empty() {
    let mut value: Value = serde_json::from_slice(&fs::read(example_path()).unwrap()).unwrap();
    let plain = load_str(&value.to_string()).unwrap();
    assert!(plain.appearance.is_empty());
    assert!(!plain.to_json().contains("appearance"));

    value["appearance"] = serde_json::json!({
        "design": "simple",
        "style_pack": "../县中心/青禾县样式包.lpstyle",
        "future_choice": true
    });
    let station = load_str(&value.to_string()).unwrap();
    assert_eq!(station.appearance.design, "simple");
    assert_eq!(
        station.appearance.style_pack,
        "../县中心/青禾县样式包.lpstyle"
    );
    let written: Value = serde_json::from_str(&station.to_json()).unwrap();
    assert_eq!(written, value);
}

fn message(text: &str) -> String {
    load_str(text).unwrap_err().to_string()
}

#[test]
fn each_malformed_input_gets_its_own_chinese_message() {
    let newer = message(r#"{"format":"liangpai-station","version":2,"station":{"name":"甲"}}"#);
    assert!(
        newer.contains("较新版本") && newer.contains("测试站点.json"),
        "{newer}"
    );

    let wrong_format = message(r#"{"format":"other-app","version":1,"station":{"name":"甲"}}"#);
    assert!(
        wrong_format.contains("不是亮牌站点文件") && wrong_format.contains("format"),
        "{wrong_format}"
    );

    let missing_format = message(r#"{"version":1,"station":{"name":"甲"}}"#);
    assert!(
        missing_format.contains("缺少字段 format"),
        "{missing_format}"
    );

    let syntax = message(
        "{\n  \"format\": \"liangpai-station\",\n  \"version\": 1,\n  \"station\": {\"name\": \"甲\",}\n}",
    );
    assert!(
        syntax.contains("第 4 行") && syntax.contains("列") && syntax.contains("逗号"),
        "{syntax}"
    );

    let truncated = message("{\"format\": \"liangpai-station\", \"station\": {");
    assert!(truncated.contains("意外结束"), "{truncated}");

    let not_utf8 =
        StationFile::from_bytes(b"{\"format\":\"\xc9\xe7\xb9\xa4\"}", Path::new("gbk.json"))
            .unwrap_err()
            .to_string();
    assert!(
        not_utf8.contains("UTF-8") && not_utf8.contains("gbk.json"),
        "{not_utf8}"
    );

    let missing_name =
        message(r#"{"format":"liangpai-station","version":1,"station":{"county":"青禾县"}}"#);
    assert!(
        missing_name.contains("没有站点全称") && !missing_name.contains("station.name"),
        "{missing_name}"
    );

    let wrong_type = message(
        r#"{"format":"liangpai-station","version":1,"station":{"name":"甲"},"services":[{"item":"走访","free":"是"}]}"#,
    );
    // In the form's words; the field path is kept apart for the command line.
    assert!(
        wrong_type.contains("服务内容与清单 › 第 1 项服务的是否免费")
            && !wrong_type.contains("services["),
        "{wrong_type}"
    );
    let error = StationFile::from_bytes(
        r#"{"format":"liangpai-station","version":1,"station":{"name":"甲"},"services":[{"item":"走访","free":"是"}]}"#.as_bytes(),
        Path::new("测试站点.json"),
    )
    .unwrap_err();
    assert_eq!(
        error.field().map(ToString::to_string).as_deref(),
        Some("services[0].free")
    );

    // Not a station file at all (a .txt): said so, and what a station file is.
    let text_file = message(
        "柳溪镇社工站的资料
地址：柳溪镇",
    );
    assert!(
        text_file.contains("不是亮牌站点文件")
            && text_file.contains(".json")
            && !text_file.contains("第 1 行"),
        "{text_file}"
    );

    let bad_version =
        message(r#"{"format":"liangpai-station","version":"一","station":{"name":"甲"}}"#);
    assert!(
        bad_version.contains("version") && bad_version.contains("正整数"),
        "{bad_version}"
    );

    let empty = message("   ");
    assert!(empty.contains("空的"), "{empty}");

    // All different messages.
    let all = [
        &newer,
        &wrong_format,
        &missing_format,
        &syntax,
        &not_utf8,
        &missing_name,
        &wrong_type,
        &empty,
    ];
    for (index, one) in all.iter().enumerate() {
        for other in all.iter().skip(index + 1) {
            assert_ne!(one, other);
        }
    }
}

#[test]
fn byte_order_mark_from_notepad_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(&fs::read(example_path()).unwrap());
    assert!(StationFile::from_bytes(&bytes, Path::new("bom.json")).is_ok());
}

#[test]
fn empty_station_name_is_a_validation_error() {
    let station =
        load_str(r#"{"format":"liangpai-station","version":1,"station":{"name":"  "}}"#).unwrap();
    let problems = model::validate(&station);
    let name = problems
        .iter()
        .find(|problem| problem.field == "station.name")
        .unwrap();
    assert_eq!(name.severity, Severity::Error);
    assert!(name.message.contains("站点全称"));
}

#[test]
fn validation_finds_what_a_user_must_fix() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("broken.jpg"), b"not a picture").unwrap();
    let mut station = liangpai::storage::load(&example_path()).unwrap();
    station.contacts.hotline = "电话待定".into();
    station.staff[0].name = String::new();
    station.staff[1].photo = "photos/nobody.jpg".into();
    station.staff[2].photo = "broken.jpg".into();
    station.staff[3].phone = "---".into();
    station.staff[3].show_phone = true;
    station.station.logos = vec!["logo.png".into()];
    station.updated = "2026-02-30".into();
    station.contacts.qr_codes[0].content = String::new();
    let mut problems = model::validate(&station);
    problems.extend(liangpai::assets::load(&station, Some(dir.path())).problems);
    let errors: Vec<String> = problems
        .iter()
        .filter(|problem| problem.severity == Severity::Error)
        .map(|problem| problem.field.to_string())
        .collect();
    for field in [
        "contacts.hotline",
        "staff[0].name",
        "staff[1].photo",
        "staff[2].photo",
        "staff[3].phone",
        "station.logos[0]",
        "updated",
        "contacts.qr_codes[0].content",
    ] {
        assert!(
            errors.iter().any(|error| error == field),
            "{field} not reported: {problems:#?}"
        );
    }
    // The example itself, next to its photos, is clean but for having no logo (stations are
    // asked to show the national mark: the warning says how to add it).
    let clean = liangpai::storage::load(&example_path()).unwrap();
    let problems = model::validate(&clean);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].severity, Severity::Warning);
    assert_eq!(problems[0].field.to_string(), "station.logos");
    assert!(problems[0].message.contains("添加标志"), "{problems:#?}");
    assert!(
        liangpai::assets::load(&clean, example_path().parent())
            .problems
            .is_empty()
    );
}

#[test]
fn failed_save_leaves_old_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("站点.json");
    fs::write(&path, b"{\"the\": \"old file\"}").unwrap();
    // Temporary names are random and created exclusively, so the save is made to fail while
    // keeping the backup: a folder (not empty) stands where 站点.json.bak would go.
    let temp = dir.path().join("站点.json.bak");
    fs::create_dir(&temp).unwrap();
    fs::write(temp.join("x"), b"x").unwrap();
    let station = liangpai::storage::load(&example_path()).unwrap();
    let error = liangpai::storage::save(&station, &path)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("无法保存") && error.contains("原文件未被改动"),
        "{error}"
    );
    assert_eq!(fs::read(&path).unwrap(), b"{\"the\": \"old file\"}");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    fs::remove_dir_all(&temp).unwrap();
    // A save into a missing folder fails cleanly too.
    assert!(liangpai::storage::save(&station, &dir.path().join("没有/站点.json")).is_err());
    // And a good save keeps the previous version as .bak.
    liangpai::storage::save(&station, &path).unwrap();
    assert_eq!(
        fs::read(dir.path().join("站点.json.bak")).unwrap(),
        b"{\"the\": \"old file\"}"
    );
    assert_eq!(liangpai::storage::load(&path).unwrap(), station);
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|n| serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("format".to_owned()),
                    Just("version".to_owned()),
                    Just("station".to_owned()),
                    Just("name".to_owned()),
                    Just("staff".to_owned()),
                    Just("services".to_owned()),
                    Just("photo".to_owned()),
                    Just("free".to_owned()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(station) = StationFile::from_bytes(&bytes, Path::new("x.json")) {
            let _ = model::validate(&station);
        }
    }

    #[test]
    fn arbitrary_json_never_panics(mut value in arbitrary_json(), station in arbitrary_json()) {
        if let Value::Object(map) = &mut value {
            map.insert("format".into(), Value::from("liangpai-station"));
            map.insert("version".into(), Value::from(1));
            map.insert("station".into(), station);
        }
        if let Ok(file) = load_str(&value.to_string()) {
            let _ = model::validate(&file);
            prop_assert_eq!(load_str(&file.to_json()).ok(), Some(file));
        }
    }
}
