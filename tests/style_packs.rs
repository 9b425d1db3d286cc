//! Style packs (样式包) as a county centre uses them: made from one configured station with
//! `liangpai style make --from`, opened for another station (`export --style`, the station
//! file's own `appearance.style_pack`, `batch --style`), and broken packs refused naming the file
//! inside the pack with nothing changed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::Command;

use liangpai::model::StationFile;
use liangpai::sign::SignKind;
use liangpai::style_pack::{self, PackSpec, StationValues, StylePackError, UpdatedPolicy};

mod common;
use common::SignPath;
use common::{examples, liangpai};

/// The example station under another (long, real-style) name, pictures pointing at the shared
/// examples, the national mark as its first logo.
fn station_named(name: &str) -> StationFile {
    let mut station = liangpai::storage::load(&examples().join("shimen-station.json")).unwrap();
    station.station.name = name.to_owned();
    for member in &mut station.staff {
        if !member.photo.is_empty() {
            member.photo = examples().join(&member.photo).display().to_string();
        }
    }
    for logo in &mut station.station.logos {
        *logo = examples().join(&*logo).display().to_string();
    }
    station
}

fn save(station: &StationFile, path: &Path) -> String {
    liangpai::storage::save(station, path).unwrap();
    path.display().to_string()
}

fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed (apt-get install poppler-utils)");
    assert!(output.status.success(), "pdftotext {}", path.display());
    String::from_utf8_lossy(&output.stdout)
        .chars()
        .filter(|ch| !ch.is_whitespace())
        .collect()
}

/// The number of raster images in a PDF (`pdfimages -list`).
fn image_count(path: &Path) -> usize {
    let output = Command::new("pdfimages")
        .args(["-list", path.to_str().unwrap()])
        .output()
        .expect("pdfimages is needed (apt-get install poppler-utils)");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .skip(2)
        .filter(|line| line.split_whitespace().nth(2) == Some("image"))
        .count()
}

/// The page size of a PDF's first page in points (`pdfinfo`).
fn page_size_pt(path: &Path) -> (f32, f32) {
    let output = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo is needed (apt-get install poppler-utils)");
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text
        .lines()
        .find(|line| line.starts_with("Page size:"))
        .unwrap();
    let numbers: Vec<f32> = line
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// A red county logo as PNG bytes (a bitmap: it shows up in `pdfimages`).
fn county_logo_png() -> Vec<u8> {
    let image = image::RgbImage::from_fn(240, 240, |x, y| {
        let dx = x as i32 - 120;
        let dy = y as i32 - 120;
        if dx * dx + dy * dy < 110 * 110 {
            image::Rgb([200, 30, 30])
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// The built-in plaque design turned into a county one: a wide 800×400 mm plaque.
fn county_plaque_template() -> String {
    let text = liangpai::template::builtin_source(SignKind::Plaque).unwrap();
    let replaced = text.replacen("width_mm = 600", "width_mm = 800", 1);
    assert_ne!(replaced, text, "the plaque template has width_mm = 600");
    replaced
}

/// A zip with these entries, for hand-made (broken) packs.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const MANIFEST: &str =
    "format = \"liangpai-style\"\nversion = 1\nname = \"青禾县社工站统一标识\"\n";

#[test]
fn a_pack_made_from_one_station_changes_another_stations_signs() {
    let dir = tempfile::tempdir().unwrap();
    // The county centre's configured station.
    let mut county = station_named("青禾县社会工作指导中心示范站");
    county.contacts.supervision_phone = "0730-8888888（青禾县民政局）".into();
    county.station.guide_units = vec!["青禾县民政局".into(), "青禾县社会工作指导中心".into()];
    let county_file = save(&county, &dir.path().join("county.json"));
    let templates = dir.path().join("模板");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("plaque.toml"), county_plaque_template()).unwrap();
    let logo = dir.path().join("青禾县标志.png");
    std::fs::write(&logo, county_logo_png()).unwrap();
    let pack = dir.path().join("青禾县.lpstyle");
    let (code, text) = liangpai(&[
        "style",
        "make",
        "--out",
        pack.to_str().unwrap(),
        "--from",
        &county_file,
        "--name",
        "青禾县社工站统一标识",
        "--profile",
        "board",
        "--templates",
        templates.to_str().unwrap(),
        "--logo",
        logo.to_str().unwrap(),
        "--supervision-phone",
        "0730-1234567",
        "--updated",
        "2026-05-01",
    ]);
    assert_eq!(code, 0, "{text}");
    let (code, shown) = liangpai(&["style", "show", pack.to_str().unwrap()]);
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("青禾县社工站统一标识"), "{shown}");
    assert!(shown.contains("统一改为监督电话：0730-1234567"), "{shown}");
    assert!(
        shown.contains("站点未填时填入指导单位：青禾县民政局、青禾县社会工作指导中心"),
        "{shown}"
    );
    assert!(shown.contains("logos/青禾县标志.png"), "{shown}");
    assert!(shown.contains("templates/plaque.toml"), "{shown}");

    // Another station of the county, with its own phone and no guide units.
    let mut other = station_named("新疆维吾尔自治区伊犁哈萨克自治州青禾县柳溪镇社会工作服务站");
    other.contacts.supervision_phone = "0000-6609999".into();
    other.station.guide_units.clear();
    let other_file = save(&other, &dir.path().join("other.json"));
    let plain = dir.path().join("plain");
    let styled = dir.path().join("styled");
    let common = ["--sign", "plaque,board", "--date", "2026-03-01"];
    let (code, text) = liangpai(
        &[
            &["export", &other_file, "--out", plain.to_str().unwrap()][..],
            &common,
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{text}");
    let (code, text) = liangpai(
        &[
            &[
                "export",
                &other_file,
                "--out",
                styled.to_str().unwrap(),
                "--style",
                pack.to_str().unwrap(),
            ][..],
            &common,
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{text}");
    // The pack's profile names the files.
    assert!(styled.sign("综合公示栏-展板.pdf").is_file(), "{text}");
    assert!(styled.sign("站点门牌-展板.pdf").is_file(), "{text}");
    assert!(plain.sign("综合公示栏.pdf").is_file());
    let plain_board = pdf_text(&plain.sign("综合公示栏.pdf"));
    let styled_board = pdf_text(&styled.sign("综合公示栏-展板.pdf"));
    // Overridden: the county's supervision phone, not the station's.
    assert!(plain_board.contains("0000-6609999"), "{plain_board}");
    assert!(styled_board.contains("0730-1234567"), "{styled_board}");
    assert!(!styled_board.contains("0000-6609999"), "{styled_board}");
    // Prefilled: the station had no guide units.
    assert!(
        styled_board.contains("青禾县社会工作指导中心"),
        "{styled_board}"
    );
    // The fixed update date.
    assert!(styled_board.contains("2026年5月1日"), "{styled_board}");
    assert!(plain_board.contains("2026年3月1日") || !plain_board.contains("2026年5月1日"));
    // The county logo is printed after the national mark (an SVG, drawn as vector).
    assert_eq!(
        image_count(&styled.sign("站点门牌-展板.pdf")),
        image_count(&plain.sign("站点门牌.pdf")) + 1
    );
    // The pack's plaque design: 800 mm wide instead of 600.
    let (plain_width, _) = page_size_pt(&plain.sign("站点门牌.pdf"));
    let (styled_width, _) = page_size_pt(&styled.sign("站点门牌-展板.pdf"));
    assert!(
        styled_width - plain_width > 500.0,
        "{plain_width} → {styled_width}"
    );
    // The essential station name is whole on the styled plaque.
    let plaque = pdf_text(&styled.sign("站点门牌-展板.pdf"));
    assert!(
        plaque.contains("新疆维吾尔自治区伊犁哈萨克自治州青禾县柳溪镇社会工作服务站"),
        "{plaque}"
    );
}

#[test]
fn a_station_file_naming_its_pack_is_exported_with_it_and_a_broken_one_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("县里");
    std::fs::create_dir(&packs).unwrap();
    let spec = PackSpec {
        name: "青禾县统一标识".into(),
        overrides: StationValues {
            supervision_phone: Some("0730-7777777".into()),
            ..StationValues::default()
        },
        ..PackSpec::default()
    };
    style_pack::make(&packs.join("青禾县.lpstyle"), &spec).unwrap();
    let stations = dir.path().join("站点");
    std::fs::create_dir(&stations).unwrap();
    let mut station = station_named("青禾县柳溪镇社会工作服务站");
    station.appearance.style_pack = "../县里/青禾县.lpstyle".into();
    let file = save(&station, &stations.join("柳溪.json"));
    let out = dir.path().join("out");
    let (code, text) = liangpai(&[
        "export",
        &file,
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "board",
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("样式包：青禾县统一标识"), "{text}");
    assert!(pdf_text(&out.sign("综合公示栏.pdf")).contains("0730-7777777"));

    // The pack is gone: a warning naming it, the station is made with its own values.
    std::fs::remove_file(packs.join("青禾县.lpstyle")).unwrap();
    let out = dir.path().join("out2");
    let (code, text) = liangpai(&[
        "export",
        &file,
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "board",
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("青禾县.lpstyle"), "{text}");
    assert!(text.contains("本次不用样式包"), "{text}");
    let board = pdf_text(&out.sign("综合公示栏.pdf"));
    assert!(!board.contains("0730-7777777"));
    assert!(board.contains(&station.contacts.supervision_phone.replace(' ', "")));
    // `check` names it too (a warning: the station can still be made).
    let (code, text) = liangpai(&["check", &file]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("appearance.style_pack") && text.contains("青禾县.lpstyle"),
        "{text}"
    );
}

#[test]
fn batch_style_applies_to_every_station() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("站点");
    std::fs::create_dir(&folder).unwrap();
    let names = [
        "青禾县柳溪镇社会工作服务站",
        "青禾县石门乡社会工作服务站",
        "青禾县城关街道社会工作服务站",
    ];
    for (index, name) in names.iter().enumerate() {
        let mut station = station_named(name);
        station.contacts.supervision_phone = format!("0000-100000{index}");
        save(&station, &folder.join(format!("{index}.json")));
    }
    let pack = dir.path().join("县.lpstyle");
    let spec = PackSpec {
        name: "青禾县统一标识".into(),
        profile: Some(liangpai::export::OutputProfile::Office),
        overrides: StationValues {
            supervision_phone: Some("0730-5555555".into()),
            ..StationValues::default()
        },
        updated: UpdatedPolicy::ExportDate,
        ..PackSpec::default()
    };
    style_pack::make(&pack, &spec).unwrap();
    let out = dir.path().join("out");
    let (code, text) = liangpai(&[
        "batch",
        folder.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "contacts",
        "--style",
        pack.to_str().unwrap(),
        "--date",
        "2026-07-09",
        "--jobs",
        "2",
    ]);
    assert_eq!(code, 0, "{text}");
    for name in names {
        let file = out.join(name).sign("联系方式-办公打印.pdf");
        assert!(file.is_file(), "{} missing: {text}", file.display());
        let contacts = pdf_text(&file);
        assert!(contacts.contains("0730-5555555"), "{name}: {contacts}");
        assert!(!contacts.contains("0000-100000"), "{name}: {contacts}");
        // `export_date`: the date of the export (--date) on every sign.
        assert!(contacts.contains("2026年7月9日"), "{name}: {contacts}");
    }
}

#[test]
fn prefill_fills_only_empty_fields_and_override_replaces() {
    let spec = PackSpec {
        name: "县".into(),
        overrides: StationValues {
            operator: Some("青禾县社会工作协会".into()),
            ..StationValues::default()
        },
        prefill: StationValues {
            guide_units: Some(vec!["青禾县民政局".into()]),
            supervision_phone: Some("0730-2222222".into()),
            operator: Some("不会用到".into()),
        },
        ..PackSpec::default()
    };
    let pack = style_pack::load_bytes(
        &style_pack::pack_bytes(&spec, "县.lpstyle").unwrap(),
        "县.lpstyle",
    )
    .unwrap();
    let mut filled = station_named("青禾县柳溪镇社会工作服务站");
    filled.contacts.supervision_phone = "0000-1111111".into();
    filled.station.guide_units = vec!["柳溪镇人民政府".into()];
    let applied = style_pack::apply(&filled, &pack, "2026-01-02");
    assert_eq!(applied.contacts.supervision_phone, "0000-1111111");
    assert_eq!(
        applied.station.guide_units,
        vec!["柳溪镇人民政府".to_owned()]
    );
    assert_eq!(applied.station.operator, "青禾县社会工作协会");
    let mut empty = filled.clone();
    empty.contacts.supervision_phone = "  ".into();
    empty.station.guide_units = vec![String::new()];
    let applied = style_pack::apply(&empty, &pack, "2026-01-02");
    assert_eq!(applied.contacts.supervision_phone, "0730-2222222");
    assert_eq!(applied.station.guide_units, vec!["青禾县民政局".to_owned()]);
    // `keep`: the station's own date.
    assert_eq!(applied.updated, empty.updated);
}

#[test]
fn updated_policies() {
    let station = station_named("青禾县柳溪镇社会工作服务站");
    let with = |updated: UpdatedPolicy| {
        let spec = PackSpec {
            name: "县".into(),
            updated,
            ..PackSpec::default()
        };
        let bytes = style_pack::pack_bytes(&spec, "p").unwrap();
        style_pack::apply(
            &station,
            &style_pack::load_bytes(&bytes, "p").unwrap(),
            "2026-09-30",
        )
        .updated
    };
    assert_eq!(with(UpdatedPolicy::Keep), station.updated);
    assert_eq!(with(UpdatedPolicy::ExportDate), "2026-09-30");
    assert_eq!(
        with(UpdatedPolicy::Fixed("2026-05-01".into())),
        "2026-05-01"
    );
    assert_eq!(UpdatedPolicy::parse("2月30日"), None);
    assert_eq!(UpdatedPolicy::parse("2026-02-30"), None);
}

/// Loads hand-made pack bytes through the file loader, returning the message.
fn refused(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("青禾县.lpstyle");
    std::fs::write(&path, bytes).unwrap();
    match style_pack::load(&path) {
        Ok(pack) => panic!("accepted: {pack:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn broken_packs_are_refused_naming_the_file_inside() {
    // A broken manifest: the file and the line.
    let message = refused(&zip_of(&[(
        "manifest.toml",
        b"format = \"liangpai-style\"\nversion = 1\nname = \"x\"\nsupervision = \"0730\"\n",
    )]));
    assert!(
        message.contains("样式包 青禾县.lpstyle 中的 manifest.toml 第 4 行"),
        "{message}"
    );
    let message = refused(&zip_of(&[(
        "manifest.toml",
        format!("{MANIFEST}updated = \"明天\"\n").as_bytes(),
    )]));
    assert!(
        message.contains("manifest.toml 第 4 行") && message.contains("明天"),
        "{message}"
    );
    let message = refused(&zip_of(&[(
        "manifest.toml",
        format!("{MANIFEST}[theme]\nprimary = \"blue\"\n").as_bytes(),
    )]));
    assert!(
        message.contains("manifest.toml 第 5 行") && message.contains("blue"),
        "{message}"
    );
    // A template with a key the design does not know, on line 12.
    let mut template: Vec<String> = liangpai::template::builtin_source(SignKind::Board)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let line_12 = template
        .iter()
        .position(|line| line.trim().is_empty())
        .unwrap_or(5);
    template.insert(line_12, "colour_of_everything = \"red\"".to_owned());
    let line = line_12 + 1;
    let message = refused(&zip_of(&[
        ("manifest.toml", MANIFEST.as_bytes()),
        ("templates/board.toml", template.join("\n").as_bytes()),
    ]));
    assert!(
        message.contains(&format!(
            "样式包 青禾县.lpstyle 中的 templates/board.toml 第 {line} 行"
        )),
        "{message}"
    );
    assert!(message.contains("“colour_of_everything”"), "{message}");
    // The template checker's findings: an unknown placeholder is reported (refused or kept as a
    // warning of the pack, naming the file inside the pack).
    let plaque = liangpai::template::builtin_source(SignKind::Plaque).unwrap();
    let typo = plaque.replacen("{station.operator}", "{station.nmae}", 1);
    assert_ne!(typo, plaque);
    let bytes = zip_of(&[
        ("manifest.toml", MANIFEST.as_bytes()),
        ("templates/plaque.toml", typo.as_bytes()),
    ]);
    match style_pack::load_bytes(&bytes, "青禾县.lpstyle") {
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.contains("templates/plaque.toml") && message.contains("station.nmae"),
                "{message}"
            );
        }
        Ok(pack) => assert!(
            pack.warnings
                .iter()
                .any(|warning| warning.contains("templates/plaque.toml")
                    && warning.contains("station.nmae")),
            "{:?}",
            pack.warnings
        ),
    }
    // The plaque's design under the board's name.
    let message = refused(&zip_of(&[
        ("manifest.toml", MANIFEST.as_bytes()),
        (
            "templates/board.toml",
            liangpai::template::builtin_source(SignKind::Plaque)
                .unwrap()
                .as_bytes(),
        ),
    ]));
    assert!(
        message.contains("templates/board.toml") && message.contains("站点门牌"),
        "{message}"
    );
    // A logo that is not a picture.
    let message = refused(&zip_of(&[
        ("manifest.toml", MANIFEST.as_bytes()),
        ("logos/县徽.png", b"not a picture"),
    ]));
    assert!(message.contains("logos/县徽.png"), "{message}");
    // Made by a newer version.
    let message = refused(&zip_of(&[(
        "manifest.toml",
        b"format = \"liangpai-style\"\nversion = 2\nname = \"x\"\nnew_thing = true\n",
    )]));
    assert!(message.contains("由较新版本"), "{message}");
    // No manifest, another format.
    let message = refused(&zip_of(&[("templates/board.toml", b"")]));
    assert!(message.contains("没有 manifest.toml"), "{message}");
    let message = refused(&zip_of(&[(
        "manifest.toml",
        b"format = \"other\"\nversion = 1\n",
    )]));
    assert!(message.contains("不是亮牌的样式包"), "{message}");
    // Not a zip at all (a station file renamed).
    let message = refused(b"{\"format\": \"liangpai-station\"}");
    assert!(message.contains("不是样式包"), "{message}");
    // A name reaching outside the pack.
    let message = refused(&zip_of(&[
        ("manifest.toml", MANIFEST.as_bytes()),
        ("../../evil.toml", b"x"),
    ]));
    assert!(
        message.contains("不安全") && message.contains("../../evil.toml"),
        "{message}"
    );
    // Too many entries.
    let many: Vec<(String, Vec<u8>)> = (0..=style_pack::MAX_ENTRIES)
        .map(|index| (format!("extra/{index}.txt"), Vec::new()))
        .collect();
    let entries: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let message = refused(&zip_of(&entries));
    assert!(
        message.contains("太大") && message.contains("个文件"),
        "{message}"
    );
}

#[test]
fn a_zip_bomb_is_stopped_at_the_limit() {
    // 24 MB of zeros deflate to about 24 KB; the unpacked limit is 20 MB.
    let zeros = vec![0u8; 24 * 1024 * 1024];
    let bomb = zip_of(&[
        ("manifest.toml", MANIFEST.as_bytes()),
        ("logos/bomb.png", &zeros),
    ]);
    drop(zeros);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    let message = refused(&bomb);
    assert!(message.contains("解压后超过 20 MB"), "{message}");
    // A header lying about the size is caught while unpacking: the declared size is patched
    // to 10 bytes in the local and central headers.
    let mut lying = bomb.clone();
    let declared = (24u32 * 1024 * 1024).to_le_bytes();
    let mut patched = 0;
    let mut index = 0;
    while index + 4 <= lying.len() {
        if lying[index..index + 4] == declared {
            lying[index..index + 4].copy_from_slice(&10u32.to_le_bytes());
            patched += 1;
        }
        index += 1;
    }
    assert!(patched >= 2, "{patched}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lying.lpstyle");
    std::fs::write(&path, &lying).unwrap();
    match style_pack::load(&path) {
        Ok(_) => panic!("a lying zip bomb was accepted"),
        Err(StylePackError::TooLarge { .. } | StylePackError::Entry { .. }) => {}
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn a_broken_style_refuses_the_export_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = save(
        &station_named("青禾县柳溪镇社会工作服务站"),
        &dir.path().join("s.json"),
    );
    let pack = dir.path().join("坏.lpstyle");
    std::fs::write(
        &pack,
        zip_of(&[(
            "manifest.toml",
            b"format = \"liangpai-style\"\nversion = 99\nname = \"x\"\n",
        )]),
    )
    .unwrap();
    let out = dir.path().join("out");
    for command in ["export", "batch"] {
        let (code, text) = liangpai(&[
            command,
            &file,
            "--out",
            out.to_str().unwrap(),
            "--style",
            pack.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{command}: {text}");
        assert!(
            text.contains("坏.lpstyle") && text.contains("较新版本"),
            "{text}"
        );
        assert!(!out.exists(), "{command} wrote files with a refused pack");
    }
    // `style make` never writes a pack that would be refused, and leaves the old one as it was.
    let good = dir.path().join("好.lpstyle");
    style_pack::make(
        &good,
        &PackSpec {
            name: "县".into(),
            ..PackSpec::default()
        },
    )
    .unwrap();
    let before = std::fs::read(&good).unwrap();
    let bad_template = dir.path().join("模板");
    std::fs::create_dir(&bad_template).unwrap();
    std::fs::write(
        bad_template.join("plaque.toml"),
        "sign = \"plaque\"\nwidth_mm = -5\n",
    )
    .unwrap();
    let (code, text) = liangpai(&[
        "style",
        "make",
        "--out",
        good.to_str().unwrap(),
        "--templates",
        bad_template.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("templates/plaque.toml"), "{text}");
    assert_eq!(std::fs::read(&good).unwrap(), before);
}

#[test]
fn the_manifest_profile_and_design_are_read_into_their_types() {
    // Every profile but the default one round-trips through a pack's manifest.
    for profile in style_pack::pack_profiles() {
        let spec = PackSpec {
            name: "测试".into(),
            profile: Some(profile),
            design: Some(liangpai::values::DesignId::Simple),
            ..PackSpec::default()
        };
        let bytes = style_pack::pack_bytes(&spec, "测试.lpstyle").unwrap();
        let pack = style_pack::load_bytes(&bytes, "测试.lpstyle").unwrap();
        assert_eq!(pack.profile, Some(profile));
        assert_eq!(pack.design, Some(liangpai::values::DesignId::Simple));
    }
    assert!(
        !style_pack::pack_profiles()
            .any(|profile| profile == liangpai::export::OutputProfile::Standard)
    );
    assert_eq!(
        style_pack::pack_profile_codes(),
        "board、banner、plate、card、office"
    );
}

#[test]
fn the_export_date_is_the_day_in_china() {
    use liangpai::render::pdf::PdfDate;
    let at = |year, month, day, hour| {
        let mut settings = liangpai::export::ExportSettings::whole_set(3.0, false, None);
        settings.pdf.date = Some(PdfDate {
            year,
            month,
            day,
            hour,
            minute: 0,
            second: 0,
        });
        liangpai::export::export_date_iso(&settings)
    };
    // `--date` gives midnight: that very day.
    assert_eq!(at(2026, 3, 1, 0), "2026-03-01");
    // 17:00 UTC is 01:00 the next morning in China.
    assert_eq!(at(2026, 12, 31, 17), "2027-01-01");
    assert_eq!(at(2028, 2, 28, 20), "2028-02-29");
    assert_eq!(at(2027, 2, 28, 20), "2027-03-01");
    assert_eq!(at(2026, 4, 30, 15), "2026-04-30");
}

#[test]
fn the_packs_design_is_the_design_the_signs_are_made_in() {
    let dir = tempfile::tempdir().unwrap();
    let file = save(
        &station_named("青禾县柳溪镇社会工作服务站"),
        &dir.path().join("s.json"),
    );
    let pack = dir.path().join("简洁.lpstyle");
    style_pack::make(
        &pack,
        &PackSpec {
            name: "青禾县简洁版".into(),
            design: Some(liangpai::values::DesignId::Simple),
            ..PackSpec::default()
        },
    )
    .unwrap();
    let export = |out: &str, extra: &[&str]| {
        let out = dir.path().join(out);
        let (code, text) = liangpai(
            &[
                &["export", &file, "--out", out.to_str().unwrap()][..],
                &["--sign", "plaque", "--date", "2026-03-01"],
                extra,
            ]
            .concat(),
        );
        assert_eq!(code, 0, "{text}");
        std::fs::read(out.sign("站点门牌.pdf")).unwrap()
    };
    let standard = export("standard", &[]);
    let simple = export("simple", &["--design", "simple"]);
    let styled = export("styled", &["--style", pack.to_str().unwrap()]);
    assert_ne!(standard, simple, "the two designs differ");
    assert_eq!(styled, simple, "the pack's design is 简洁");
    // `--design` wins over the pack's.
    let chosen = export(
        "chosen",
        &["--style", pack.to_str().unwrap(), "--design", "standard"],
    );
    assert_eq!(chosen, standard);
}

/// `liangpai check` checks the station as its pack makes it, as the export and the app do: a
/// 监督电话 the pack fills in is not asked for (issue 25.1); without the pack it is.
#[test]
fn check_does_not_ask_for_what_the_style_pack_provides() {
    let dir = tempfile::tempdir().unwrap();
    let spec = PackSpec {
        name: "青禾县统一标识".into(),
        prefill: StationValues {
            supervision_phone: Some("0730-2222222".into()),
            guide_units: Some(vec!["青禾县民政局".into()]),
            ..StationValues::default()
        },
        ..PackSpec::default()
    };
    style_pack::make(&dir.path().join("青禾县.lpstyle"), &spec).unwrap();
    let mut station = station_named("青禾县柳溪镇社会工作服务站");
    station.contacts.supervision_phone = String::new();
    station.station.guide_units = Vec::new();
    let without = save(&station, &dir.path().join("无样式包.json"));
    station.appearance.style_pack = "青禾县.lpstyle".into();
    let with = save(&station, &dir.path().join("有样式包.json"));
    let (_, text) = liangpai(&["check", &without]);
    assert!(text.contains("监督电话未填写"), "{text}");
    assert!(text.contains("指导单位未填写"), "{text}");
    let (code, text) = liangpai(&["check", &with]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("监督电话未填写"), "{text}");
    assert!(!text.contains("指导单位未填写"), "{text}");
    // The export of the same file says the same (nothing about either field).
    let out = dir.path().join("out");
    let (code, text) = liangpai(&[
        "export",
        &with,
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "contacts",
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("监督电话未填写"), "{text}");
    assert!(pdf_text(&common::sign_file(out.join("联系方式.pdf"))).contains("0730-2222222"));
}
