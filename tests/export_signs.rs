//! End to end: the example station exported by the CLI, checked with poppler and qpdf as a print
//! shop would; and layout invariants (nothing outside its box or the page, no text over text).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::SignPath;

use std::path::{Path, PathBuf};
use std::process::Command;

use liangpai::export;
use liangpai::layout::{self, Document, Item, LayoutOptions, Orientation, PageSize, Rect};
use liangpai::model::StationFile;
use liangpai::sign::SignKind;
use liangpai::template;

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json")
}

fn example() -> StationFile {
    liangpai::storage::load(&example_path()).unwrap()
}

fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "{program} is needed for this test (apt-get install poppler-utils qpdf): {error}"
            )
        });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn export_example(out: &Path, extra: &[&str]) -> (i32, String) {
    let example = example_path();
    let mut args = vec![
        "export",
        example.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-03-01",
    ];
    args.extend_from_slice(extra);
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args(&args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|ch| !ch.is_whitespace()).collect()
}

#[test]
fn example_station_exports_print_ready_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let (code, messages) = export_example(dir.path(), &[]);
    assert_eq!(code, 0, "{messages}");
    let station = example();
    let screen = image::open(dir.path().sign("屏幕宣传图.png")).unwrap();
    assert_eq!((screen.width(), screen.height()), (1920, 1080));
    let sheet = tool(
        "pdfinfo",
        &[dir.path().sign("工作证-拼版.pdf").to_str().unwrap()],
    );
    assert!(sheet.contains("595.276 x 841.89 pts (A4)"), "{sheet}");
    for kind in template::available_kinds() {
        if kind == SignKind::Screen {
            continue;
        }
        // Door plates: one file per room, the first room's here.
        let file = match (kind, station.station.rooms.first()) {
            (SignKind::RoomPlate, Some(room)) => format!("{}-{room}.pdf", kind.label()),
            _ => format!("{}.pdf", kind.label()),
        };
        // This example has no rules: no 制度牌, and the user is told why.
        if kind == SignKind::Rules && station.rules.is_empty() {
            assert!(common::sign_files(dir.path().join(&file)).is_empty());
            assert!(messages.contains("没有填写工作制度"), "{messages}");
            continue;
        }
        let pdf = dir.path().sign(&file);
        let path = pdf.to_str().unwrap();
        assert!(tool("qpdf", &["--check", path]).contains("No syntax or stream encoding errors"));
        let fonts = tool("pdffonts", &[path]);
        let font_lines: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!font_lines.is_empty(), "{kind:?} has no fonts");
        for line in font_lines {
            assert!(
                line.contains("NotoSansCJKsc") && line.contains(" yes yes yes "),
                "{kind:?}: not an embedded subset: {line}"
            );
        }
        let info = tool("pdfinfo", &["-box", path]);
        assert!(
            info.contains(&format!(
                "Title:           {} {}",
                station.station.name,
                kind.label()
            )),
            "{info}"
        );
        assert!(
            info.contains("TrimBox:") && info.contains("BleedBox:"),
            "{info}"
        );
        let text = squeeze(&tool("pdftotext", &["-raw", path, "-"]));
        // Small signs carry the short name (proposed from the full name when empty), the others
        // the full name.
        let name = if matches!(kind, SignKind::RoomPlate | SignKind::Badge) {
            station.short_name()
        } else {
            station.station.name.clone()
        };
        assert!(text.contains(&squeeze(&name)), "{kind:?}: {text}");
        match kind {
            SignKind::Services => {
                for service in &station.services {
                    for value in [&service.item, &service.description, &service.category] {
                        assert!(
                            text.contains(&squeeze(value)),
                            "{value} missing from services: {text}"
                        );
                    }
                }
            }
            SignKind::Staff => {
                for member in &station.staff {
                    assert!(
                        text.contains(&squeeze(&member.name)),
                        "{} missing",
                        member.name
                    );
                    if !member.phone.is_empty() {
                        assert_eq!(
                            text.contains(&squeeze(&member.phone)),
                            member.show_phone,
                            "{}",
                            member.phone
                        );
                    }
                }
                assert!(text.contains("0000-6609999"));
            }
            SignKind::Process => {
                for step in &station.process {
                    assert!(
                        text.contains(&squeeze(&step.step))
                            && text.contains(&squeeze(&step.detail)),
                        "{} missing",
                        step.step
                    );
                }
            }
            SignKind::Plaque => {
                assert!(
                    text.contains("社会工作服务站")
                        && text.contains(&squeeze(&station.station.operator))
                );
            }
            SignKind::Contacts => {
                for value in [
                    &station.contacts.address,
                    &station.contacts.hours,
                    &station.contacts.hotline,
                    &station.contacts.email,
                ] {
                    assert!(
                        text.contains(&squeeze(value)),
                        "{value} missing from contacts: {text}"
                    );
                }
                for code in &station.contacts.qr_codes {
                    assert!(text.contains(&squeeze(&code.label)));
                }
            }
            SignKind::Board => {
                let values = station
                    .services
                    .iter()
                    .map(|s| &s.item)
                    .chain(station.staff.iter().map(|s| &s.name))
                    .chain(station.process.iter().map(|s| &s.step));
                for value in values {
                    assert!(
                        text.contains(&squeeze(value)),
                        "{value} missing from the board"
                    );
                }
            }
            SignKind::RoomPlate => {
                // One file of one page per room, named by the room, the room on it.
                for room in &station.station.rooms {
                    let plate = dir.path().sign(&format!("功能室门牌-{room}.pdf"));
                    let plate = plate.to_str().unwrap();
                    let text = squeeze(&tool("pdftotext", &["-raw", plate, "-"]));
                    assert!(text.contains(&squeeze(room)), "{room} missing");
                    let info = tool("pdfinfo", &[plate]);
                    let pages = info
                        .lines()
                        .find(|line| line.starts_with("Pages:"))
                        .unwrap_or("");
                    assert_eq!(pages.split_whitespace().nth(1), Some("1"), "{info}");
                }
            }
            SignKind::Badge => {
                for member in &station.staff {
                    assert!(
                        text.contains(&squeeze(&member.name))
                            && text.contains(&squeeze(&member.level))
                    );
                }
            }
            _ => {}
        }
        if matches!(
            kind,
            SignKind::Services
                | SignKind::Staff
                | SignKind::Process
                | SignKind::Contacts
                | SignKind::Board
        ) {
            assert!(
                text.contains("监督电话") && text.contains("2026年3月1日"),
                "{kind:?} footer: {text}"
            );
        }
    }
}

#[test]
fn page_size_bleed_and_crop_marks_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let (code, messages) = export_example(
        dir.path(),
        &["--sign", "plaque", "--bleed", "5", "--crop-marks"],
    );
    assert_eq!(code, 0, "{messages}");
    let info = tool(
        "pdfinfo",
        &["-box", dir.path().sign("站点门牌.pdf").to_str().unwrap()],
    );
    let box_of = |name: &str| -> Vec<f32> {
        let line = info.lines().find(|line| line.starts_with(name)).unwrap();
        line.split_whitespace()
            .skip(1)
            .map(|value| value.parse().unwrap())
            .collect()
    };
    let mm = |value: f32| value * 72.0 / 25.4;
    let trim = box_of("TrimBox:");
    let bleed = box_of("BleedBox:");
    let media = box_of("MediaBox:");
    assert!(
        ((trim[2] - trim[0]) - mm(600.0)).abs() < 0.01
            && ((trim[3] - trim[1]) - mm(400.0)).abs() < 0.01,
        "{trim:?}"
    );
    assert!(
        ((bleed[2] - bleed[0]) - mm(610.0)).abs() < 0.01,
        "{bleed:?}"
    );
    assert!(
        media[2] - media[0] > bleed[2] - bleed[0] + mm(10.0),
        "room for crop marks: {media:?}"
    );
}

#[test]
fn fixed_date_gives_byte_identical_files() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    assert_eq!(export_example(first.path(), &["--sign", "services"]).0, 0);
    assert_eq!(export_example(second.path(), &["--sign", "services"]).0, 0);
    let a = std::fs::read(first.path().sign("服务内容与服务清单.pdf")).unwrap();
    let b = std::fs::read(second.path().sign("服务内容与服务清单.pdf")).unwrap();
    assert!(a == b, "two exports differ");
}

#[test]
fn bad_options_are_refused_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (code, messages) = export_example(dir.path(), &["--sign", "door"]);
    assert_eq!(code, 2);
    assert!(messages.contains("--sign"), "{messages}");
    let (code, messages) = export_example(dir.path(), &["--sign", "plaque", "--theme", "pink"]);
    assert_eq!(code, 2);
    assert!(messages.contains("--theme"), "{messages}");
    let (code, messages) = export_example(
        dir.path(),
        &["--sign", "plaque", "--theme", "elderly_service", "--cmyk"],
    );
    assert_eq!(code, 0, "{messages}");
    assert!(
        tool(
            "qpdf",
            &["--check", dir.path().sign("站点门牌.pdf").to_str().unwrap()]
        )
        .contains("No syntax or stream encoding errors")
    );
    let (code, messages) = export_example(dir.path(), &["--size", "B7"]);
    assert_eq!(code, 2);
    assert!(messages.contains("--size"), "{messages}");
}

#[test]
fn failed_export_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    // Temporary files have random names and are created exclusively, so the write is made to
    // fail at its last step: the target is a folder (with a file in it) that a file cannot
    // replace.
    let target = dir.path().join("柳溪镇社工站-站点门牌.pdf");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), b"old contents").unwrap();
    let document = layout::layout_sign(
        &example(),
        &layout::Assets::default(),
        SignKind::Plaque,
        &LayoutOptions::default(),
    )
    .unwrap();
    let error = export::write_pdf(&target, &document, &Default::default()).unwrap_err();
    assert!(error.to_string().contains("原有文件未被改动"), "{error}");
    assert_eq!(
        std::fs::read(target.join("keep.txt")).unwrap(),
        b"old contents"
    );
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, ["柳溪镇社工站-站点门牌.pdf"], "{names:?}");
}

/// Every text line inside its box and the page, and no two lines overlapping.
pub fn assert_sound(document: &Document) {
    for (page_number, page) in document.pages.iter().enumerate() {
        let page_rect = Rect::new(0.0, 0.0, page.width_pt, page.height_pt);
        let lines: Vec<Rect> = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text(line) => {
                    let extent = line.extent();
                    assert!(
                        line.bounds.contains(&extent, 0.05),
                        "{:?} page {page_number}: “{}” {extent:?} leaves its box {:?}",
                        document.kind,
                        line.text,
                        line.bounds
                    );
                    assert!(
                        page_rect.contains(&extent, 0.05),
                        "{:?}: “{}” leaves the page",
                        document.kind,
                        line.text
                    );
                    Some(extent)
                }
                Item::Image { rect, .. } | Item::Qr { rect, .. } => {
                    assert!(
                        page_rect.contains(rect, 0.05),
                        "{:?}: picture leaves the page",
                        document.kind
                    );
                    None
                }
                _ => None,
            })
            .collect();
        for (index, a) in lines.iter().enumerate() {
            for b in lines.iter().skip(index + 1) {
                assert!(
                    !a.overlaps(b, 0.5),
                    "{:?} page {page_number}: text over text {a:?} {b:?}",
                    document.kind
                );
            }
        }
    }
}

#[test]
fn example_signs_are_sound_at_every_size() {
    let station = example();
    let assets = liangpai::assets::load(&station, example_path().parent()).assets;
    let mut sizes: Vec<Option<PageSize>> = vec![None];
    sizes.extend(PageSize::ISO.iter().map(|(_, size)| Some(*size)));
    for kind in template::available_kinds() {
        for size in &sizes {
            for orientation in [None, Some(Orientation::Landscape)] {
                let options = LayoutOptions {
                    size: *size,
                    orientation,
                    bleed_mm: 3.0,
                    ..LayoutOptions::default()
                };
                let document = layout::layout_sign(&station, &assets, kind, &options).unwrap();
                assert_sound(&document);
                let overflow: Vec<_> = document
                    .warnings
                    .iter()
                    .filter(|w| w.message.contains("放不下"))
                    .collect();
                assert!(
                    overflow.is_empty(),
                    "{kind:?} {size:?} {orientation:?}: {overflow:?}"
                );
            }
        }
    }
}

#[test]
fn long_lists_continue_on_further_pages_and_drop_nothing() {
    let mut station = example();
    let services = station.services.clone();
    station.services = (0..60)
        .map(|index| services[index % services.len()].clone())
        .collect();
    for (index, service) in station.services.iter_mut().enumerate() {
        service.item = format!("服务项目第{index}号");
    }
    let staff = station.staff.clone();
    station.staff = (0..40)
        .map(|index| staff[index % staff.len()].clone())
        .collect();
    for (index, member) in station.staff.iter_mut().enumerate() {
        member.name = format!("社工{index}号");
    }
    let steps = station.process.clone();
    station.process = (0..60)
        .map(|index| steps[index % steps.len()].clone())
        .collect();
    for (index, step) in station.process.iter_mut().enumerate() {
        step.step = format!("步骤{index}");
    }
    let options = LayoutOptions {
        size: Some(PageSize::ISO[0].1),
        ..LayoutOptions::default()
    };
    for kind in [SignKind::Services, SignKind::Staff, SignKind::Process] {
        let document =
            layout::layout_sign(&station, &layout::Assets::default(), kind, &options).unwrap();
        assert!(
            document.pages.len() > 1,
            "{kind:?} should continue on a second page"
        );
        assert_sound(&document);
        let all_text: String = document
            .pages
            .iter()
            .flat_map(|page| &page.items)
            .filter_map(|item| {
                if let Item::Text(line) = item {
                    Some(line.text.as_str())
                } else {
                    None
                }
            })
            .collect();
        let wanted: Vec<String> = match kind {
            SignKind::Services => station.services.iter().map(|s| s.item.clone()).collect(),
            SignKind::Staff => station.staff.iter().map(|s| s.name.clone()).collect(),
            _ => station.process.iter().map(|s| s.step.clone()).collect(),
        };
        for item in wanted {
            assert!(all_text.contains(&item), "{kind:?}: {item} dropped");
        }
        if kind == SignKind::Services {
            assert!(all_text.contains("服务清单（续）"));
        }
    }
}

#[test]
fn too_long_text_is_warned_with_sign_and_field() {
    let mut station = example();
    station.station.operator = "青禾县同心社会工作服务中心".repeat(30);
    station.station.name.push('😀');
    let document = layout::layout_sign(
        &station,
        &layout::Assets::default(),
        SignKind::Plaque,
        &LayoutOptions::default(),
    )
    .unwrap();
    assert_sound(&document);
    let operator = document
        .warnings
        .iter()
        .find(|w| w.field == "station.operator")
        .expect("overflow warning");
    assert_eq!(operator.signs, [SignKind::Plaque]);
    assert!(operator.message.contains("承接机构"), "{operator}");
    assert!(
        document
            .warnings
            .iter()
            .any(|w| w.field == "station.name" && w.message.contains('😀'))
    );
}

#[test]
fn user_templates_override_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("模板");
    std::fs::create_dir(&templates).unwrap();
    let custom = template::builtin_source(SignKind::Plaque).unwrap().replace(
        "承接机构：{station.operator}",
        "运营单位：{station.operator}",
    );
    std::fs::write(templates.join("plaque.toml"), custom).unwrap();
    std::fs::write(
        templates.join("process.toml"),
        "sign = \"process\"\nwidth_mm = oops",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, messages) = export_example(
        &out,
        &[
            "--sign",
            "plaque,process",
            "--templates",
            templates.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{messages}");
    let plaque = squeeze(&tool(
        "pdftotext",
        &["-raw", out.sign("站点门牌.pdf").to_str().unwrap(), "-"],
    ));
    assert!(
        plaque.contains("运营单位") && !plaque.contains("承接机构"),
        "{plaque}"
    );
    assert!(
        messages.contains("process.toml") && messages.contains("内置模板"),
        "{messages}"
    );
    assert!(out.sign("服务流程图.pdf").exists());
}
