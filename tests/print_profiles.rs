//! What print shops get (issue 15): output profiles checked with pdfinfo/qpdf and the rendered
//! page, `--outline-text` without fonts and rendering as the normal file does, `--cmyk` without
//! a single RGB colour operator, and the preflight report's figures on a page made to break them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::SignPath;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use liangpai::export::OutputProfile;
use liangpai::export::preflight::{self, TextStorage};
use liangpai::fonts::{self, Weight};
use liangpai::frame::{
    Document, Item, Page, Picture, PlacedGlyph, Point, Rect, Rgb, TextLine, TextRotation, mm_to_pt,
};
use liangpai::render::pdf::{self, PdfOptions};
use liangpai::sign::SignKind;

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json")
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

fn export_example(out: &Path, extra: &[&str]) -> String {
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
    let messages = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{messages}");
    messages
}

/// The boxes of the first page (pdfinfo -box), in points: (width, height) of each, and the
/// offset of each box from the media box's corner.
struct Boxes {
    media: [f32; 4],
    bleed: [f32; 4],
    trim: [f32; 4],
}

fn boxes(path: &Path) -> Boxes {
    let info = tool("pdfinfo", &["-box", path.to_str().unwrap()]);
    let get = |name: &str| -> [f32; 4] {
        let line = info
            .lines()
            .find(|line| line.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {info}"));
        let values: Vec<f32> = line
            .split_whitespace()
            .skip(1)
            .map(|value| value.parse().unwrap())
            .collect();
        [values[0], values[1], values[2], values[3]]
    };
    Boxes {
        media: get("MediaBox:"),
        bleed: get("BleedBox:"),
        trim: get("TrimBox:"),
    }
}

fn size_mm(rect: [f32; 4]) -> (f32, f32) {
    let to_mm = |pt: f32| pt * 25.4 / 72.0;
    (to_mm(rect[2] - rect[0]), to_mm(rect[3] - rect[1]))
}

fn close(actual: (f32, f32), expected: (f32, f32)) -> bool {
    (actual.0 - expected.0).abs() < 0.05 && (actual.1 - expected.1).abs() < 0.05
}

/// The page rendered by pdftoppm at `dpi`, the whole media box.
fn render(pdf: &Path, dpi: u32, page: u32) -> image::RgbImage {
    let dir = pdf.parent().unwrap();
    let stem = format!(
        "render-{}-{dpi}-{page}",
        pdf.file_stem().unwrap().to_string_lossy()
    );
    let prefix = dir.join(&stem);
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    image::open(dir.join(format!("{stem}.png")))
        .unwrap()
        .to_rgb8()
}

fn is_white(pixel: &image::Rgb<u8>) -> bool {
    pixel.0.iter().all(|&channel| channel > 245)
}

/// Whether any pixel within `radius` of (x, y) has ink.
fn ink_near(image: &image::RgbImage, x: f32, y: f32, radius: i64) -> bool {
    let (x, y) = (x.round() as i64, y.round() as i64);
    (-radius..=radius).any(|dy| {
        (-radius..=radius).any(|dx| {
            let (px, py) = (x + dx, y + dy);
            px >= 0
                && py >= 0
                && image
                    .get_pixel_checked(px as u32, py as u32)
                    .is_some_and(|pixel| !is_white(pixel))
        })
    })
}

#[test]
fn each_profile_makes_the_boxes_marks_and_names_its_shop_wants() {
    let dir = tempfile::tempdir().unwrap();
    // Board: 3 mm bleed, crop marks (the media box has room for them), named plaque-board.pdf.
    let board = dir.path().join("board");
    export_example(&board, &["--profile", "board", "--sign", "plaque"]);
    let plaque = boxes(&board.sign("站点门牌-展板.pdf"));
    assert!(close(size_mm(plaque.trim), (600.0, 400.0)));
    assert!(close(size_mm(plaque.bleed), (606.0, 406.0)));
    assert!(
        close(size_mm(plaque.media), (626.0, 426.0)),
        "crop-mark room"
    );
    let page = render(&board.sign("站点门牌-展板.pdf"), 10, 1);
    let px = |mm: f32| mm / 25.4 * 10.0;
    // A horizontal crop mark level with the top trim edge, left of the bleed (10 + 3 mm in).
    assert!(ink_near(&page, px(5.0), px(13.0), 1), "crop mark drawn");
    assert!(board.sign("印前检查.txt").is_file());
    assert!(
        common::sign_files(board.join("站点门牌.pdf")).is_empty(),
        "the profile is named in the file"
    );

    // Plate: no bleed, exact size, no marks.
    let plate = dir.path().join("plate");
    export_example(&plate, &["--profile", "plate", "--sign", "room_plate"]);
    // One file per room, the profile before the room.
    let room = boxes(&plate.sign("功能室门牌-制牌-个案工作室.pdf"));
    for rect in [room.trim, room.bleed, room.media] {
        assert!(close(size_mm(rect), (300.0, 120.0)), "{:?}", size_mm(rect));
    }

    // Banner: no bleed, no marks, a white eyelet margin round the design, which is laid out again
    // inside it (the footer band still ends above the margin).
    let banner = dir.path().join("banner");
    export_example(&banner, &["--profile", "banner", "--sign", "services"]);
    let services = boxes(&banner.sign("服务内容与服务清单-写真喷绘.pdf"));
    for rect in [services.trim, services.bleed, services.media] {
        assert!(close(size_mm(rect), (600.0, 900.0)), "{:?}", size_mm(rect));
    }
    let page = render(&banner.sign("服务内容与服务清单-写真喷绘.pdf"), 10, 1);
    let margin = liangpai::export::profile::BANNER_EYELET_MARGIN_MM;
    let edge_white = (0..page.width()).all(|x| {
        (0..px(margin - 1.0) as u32).all(|y| {
            is_white(page.get_pixel(x, y)) && is_white(page.get_pixel(x, page.height() - 1 - y))
        })
    });
    assert!(edge_white, "the eyelet margin is white");
    // The header band starts right inside the margin.
    assert!(!is_white(
        page.get_pixel(page.width() / 2, px(margin + 3.0) as u32)
    ));

    // Card: 1.5 mm bleed, crop marks and the rounded-corner guide outside the bleed.
    let card = dir.path().join("card");
    export_example(&card, &["--profile", "card", "--sign", "badge"]);
    let badge_path = card.sign("工作证-制卡.pdf");
    let badge = boxes(&badge_path);
    assert!(close(size_mm(badge.trim), (86.0, 54.0)));
    assert!(close(size_mm(badge.bleed), (89.0, 57.0)));
    assert!(close(size_mm(badge.media), (109.0, 77.0)));
    assert!(card.sign("工作证-制卡-拼版.pdf").is_file());
    let dpi = 300.0;
    let page = render(&badge_path, dpi as u32, 1);
    let at = |mm: f32| mm / 25.4 * dpi;
    // The trim's top-left corner is 11.5 mm in; the guide's arc passes about 2.1 mm outside it
    // diagonally (radius 3 mm round a corner 3 mm out), where nothing else is drawn.
    let arc = 11.5 - 3.0 + 3.0 * (1.0 - std::f32::consts::FRAC_1_SQRT_2);
    assert!(ink_near(&page, at(arc), at(arc), 2), "corner guide drawn");
    // The same bleed and crop marks without the card profile: no guide there.
    let marks_only = dir.path().join("marks-only");
    export_example(
        &marks_only,
        &["--sign", "badge", "--bleed", "1.5", "--crop-marks"],
    );
    let plain_path = marks_only.sign("工作证.pdf");
    assert!(close(size_mm(boxes(&plain_path).media), (109.0, 77.0)));
    let plain = render(&plain_path, dpi as u32, 1);
    assert!(
        !ink_near(&plain, at(arc), at(arc), 2),
        "no guide without the card profile"
    );

    // Office: A4 paper turned like the sign, no bleed, the design inside the printer's margin.
    let office = dir.path().join("office");
    export_example(
        &office,
        &["--profile", "office", "--sign", "plaque,services"],
    );
    let plaque = boxes(&office.sign("站点门牌-办公打印.pdf"));
    assert!(close(size_mm(plaque.media), (297.0, 210.0)));
    assert!(close(size_mm(plaque.trim), (297.0, 210.0)));
    let services = boxes(&office.sign("服务内容与服务清单-办公打印.pdf"));
    assert!(close(size_mm(services.media), (210.0, 297.0)));
    let page = render(&office.sign("服务内容与服务清单-办公打印.pdf"), 20, 1);
    let px20 = |mm: f32| (mm / 25.4 * 20.0) as u32;
    assert!(
        (0..page.width()).all(|x| (0..px20(4.0)).all(|y| is_white(page.get_pixel(x, y)))),
        "nothing in the printer's unprintable edge"
    );
}

#[test]
fn profile_options_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args([
            "export",
            example_path().to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
            "--profile",
            "office",
            "--size",
            "A1",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("A4 或 A3"));
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args([
            "export",
            example_path().to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
            "--profile",
            "poster",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--profile"));
    // A profile decides bleed and marks: a second say is refused, not silently overruled.
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args([
            "export",
            example_path().to_str().unwrap(),
            "--out",
            dir.path().to_str().unwrap(),
            "--profile",
            "banner",
            "--bleed",
            "3",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--bleed"));
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written on a usage error"
    );
}

#[test]
fn outlined_text_has_no_fonts_and_renders_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let normal = dir.path().join("normal");
    let outlined = dir.path().join("outlined");
    let signs = ["--sign", "plaque,contacts,badge"];
    export_example(&normal, &signs);
    let messages = export_example(&outlined, &[&signs[..], &["--outline-text"]].concat());
    let report = std::fs::read_to_string(outlined.sign("印前检查.txt")).unwrap();
    assert!(report.contains("已转曲"), "{report}\n{messages}");
    for name in ["站点门牌.pdf", "联系方式.pdf", "工作证.pdf"] {
        let fonts = tool("pdffonts", &[normal.sign(name).to_str().unwrap()]);
        assert!(fonts.lines().count() > 2, "the normal file embeds fonts");
        let fonts = tool("pdffonts", &[outlined.sign(name).to_str().unwrap()]);
        assert_eq!(fonts.lines().count(), 2, "no font rows in {name}: {fonts}");
        let dpi = if name == "工作证.pdf" { 300 } else { 40 };
        let a = render(&normal.sign(name), dpi, 1);
        let b = render(&outlined.sign(name), dpi, 1);
        assert_eq!(a.dimensions(), b.dimensions());
        let text_pixels = a.pixels().filter(|pixel| !is_white(pixel)).count();
        assert!(text_pixels > 100, "{name} has something on it");
        // poppler draws fonts (hinted) and filled outlines a little differently, so edge pixels
        // differ (by about 1 grey level on average, 30 at most in 8×8-pixel blocks: measured);
        // text drawn at another size, flipped or missing makes whole blocks differ far more.
        let (max, mean) = block_difference(&a, &b, 8);
        assert!(
            max < 48.0 && mean < 2.5,
            "{name}: blocks differ by up to {max:.1}, mean {mean:.2}"
        );
    }
}

/// The largest and the mean difference of grey levels between `a` and `b` averaged over
/// `block`×`block` pixels.
fn block_difference(a: &image::RgbImage, b: &image::RgbImage, block: u32) -> (f64, f64) {
    let grey = |image: &image::RgbImage, x: u32, y: u32| -> f64 {
        let pixel = image.get_pixel(x, y).0;
        pixel.iter().map(|&channel| f64::from(channel)).sum::<f64>() / 3.0
    };
    let (mut max, mut sum, mut count) = (0.0f64, 0.0f64, 0.0f64);
    for by in 0..a.height() / block {
        for bx in 0..a.width() / block {
            let mut difference = 0.0;
            for y in by * block..(by + 1) * block {
                for x in bx * block..(bx + 1) * block {
                    difference += grey(a, x, y) - grey(b, x, y);
                }
            }
            let difference = (difference / f64::from(block * block)).abs();
            max = max.max(difference);
            sum += difference;
            count += 1.0;
        }
    }
    (max, sum / count.max(1.0))
}

/// Every colour operator of every content stream of `pdf` (after qpdf made them readable).
fn colour_operators(pdf: &Path) -> Vec<String> {
    let qdf = pdf.with_extension("qdf.pdf");
    tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().unwrap(),
            qdf.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&qdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    // Only the pages' content streams (qpdf marks them), not image data.
    let mut streams = Vec::new();
    for part in text.split("%% Contents for page").skip(1) {
        let body = part
            .split_once("stream\n")
            .and_then(|(_, rest)| rest.split_once("endstream"))
            .map(|(body, _)| body)
            .unwrap();
        streams.push(body.to_owned());
    }
    assert!(
        !streams.is_empty(),
        "content streams found in {}",
        qdf.display()
    );
    let operators = [
        "rg", "RG", "k", "K", "g", "G", "sc", "SC", "scn", "SCN", "cs", "CS",
    ];
    let mut found = Vec::new();
    for line in streams.iter().flat_map(|stream| stream.lines()) {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        for (index, token) in tokens.iter().enumerate() {
            if operators.contains(token) {
                // The operator with its operands (numbers or a name before it).
                let start = tokens[..index]
                    .iter()
                    .rposition(|t| t.parse::<f32>().is_err() && !t.starts_with('/'))
                    .map_or(0, |position| position + 1);
                found.push(tokens[start..=index].join(" "));
            }
        }
    }
    found
}

#[test]
fn cmyk_output_has_no_rgb_colour_in_any_content_stream() {
    let dir = tempfile::tempdir().unwrap();
    // QR codes (contacts), crop marks and the card's corner guide, photos and text (badge).
    export_example(
        dir.path(),
        &[
            "--sign",
            "plaque,contacts,badge",
            "--cmyk",
            "--profile",
            "card",
        ],
    );
    let report = std::fs::read_to_string(dir.path().sign("印前检查.txt")).unwrap();
    assert!(report.contains("颜色：CMYK"), "{report}");
    for name in [
        "站点门牌-制卡.pdf",
        "联系方式-制卡.pdf",
        "工作证-制卡.pdf",
        "工作证-制卡-拼版.pdf",
    ] {
        let operators = colour_operators(&dir.path().sign(name));
        assert!(
            operators.iter().any(|op| op.ends_with(" k")),
            "{name} fills in CMYK: {operators:?}"
        );
        for op in &operators {
            let operands = op.split_whitespace().count() - 1;
            let last = op.split_whitespace().last().unwrap_or_default();
            let rgb = matches!(last, "rg" | "RG")
                || (matches!(last, "sc" | "SC" | "scn" | "SCN") && operands == 3)
                || op.contains("/DeviceRGB");
            assert!(!rgb, "{name}: RGB colour operator {op}");
        }
        // Crop marks in registration colour: every ink.
        assert!(
            operators.iter().any(|op| op == "1 1 1 1 K"),
            "{name}: registration marks: {operators:?}"
        );
    }
}

fn text_line(text: &str, size_pt: f32, origin: Point, color: Rgb) -> TextLine {
    let face = fonts::bundled().face(Weight::Regular);
    let mut glyphs = Vec::new();
    let mut x_pt = 0.0;
    for (position, ch) in text.char_indices() {
        let glyph = face.glyph(ch).unwrap();
        let advance_pt = face.advance_em(glyph) * size_pt;
        glyphs.push(PlacedGlyph {
            face: face.clone(),
            glyph_id: glyph.to_u32(),
            x_pt,
            y_pt: 0.0,
            advance_pt,
            text_range: position..position + ch.len_utf8(),
        });
        x_pt += advance_pt;
    }
    TextLine {
        origin,
        size_pt,
        weight: Weight::Regular,
        color,
        text: text.to_owned(),
        glyphs,
        bounds: Rect::new(origin.x, origin.y - size_pt, x_pt, size_pt * 1.2),
        rotation: TextRotation::None,
        above_em: 0.88,
        below_em: 0.12,
    }
}

/// A badge-sized page that breaks every limit: 4 pt text 1 mm from the cut, a 0.05 mm line, a
/// photo of 40 px across 20 mm (about 51 dpi).
fn broken_badge() -> Document {
    let width_pt = mm_to_pt(86.0);
    let height_pt = mm_to_pt(54.0);
    let photo_rect = Rect::new(
        mm_to_pt(5.0),
        mm_to_pt(12.0),
        mm_to_pt(20.0),
        mm_to_pt(25.0),
    );
    let items = vec![
        Item::Rect {
            rect: Rect::new(0.0, 0.0, width_pt, mm_to_pt(10.0)),
            fill: Some(Rgb::BLACK),
            stroke: None,
            corner_radius_pt: 0.0,
        },
        Item::Line {
            from: Point::new(mm_to_pt(30.0), mm_to_pt(40.0)),
            to: Point::new(mm_to_pt(80.0), mm_to_pt(40.0)),
            color: Rgb::BLACK,
            width_pt: mm_to_pt(0.05),
        },
        Item::Image {
            rect: photo_rect,
            picture: Picture {
                width_px: 40,
                height_px: 50,
                rgba: Arc::new(vec![128; 40 * 50 * 4]),
                has_alpha: false,
                jpeg: Default::default(),
            },
        },
        // Baseline 1 mm + ascent below the left edge's… the ink starts 1 mm from the left cut.
        Item::Text(text_line(
            "社工站李晓雯",
            4.0,
            Point::new(mm_to_pt(1.0), mm_to_pt(30.0)),
            Rgb::BLACK,
        )),
        Item::Text(text_line(
            "工作证",
            12.0,
            Point::new(mm_to_pt(35.0), mm_to_pt(30.0)),
            Rgb::new(20, 40, 120),
        )),
    ];
    Document {
        kind: SignKind::Badge,
        title: "测试".to_owned(),
        pages: vec![Page {
            width_pt,
            height_pt,
            bleed_pt: mm_to_pt(1.5),
            background: Rgb::WHITE,
            items,
        }],
        warnings: Vec::new(),
    }
}

#[test]
fn preflight_measures_a_page_made_to_break_every_limit() {
    let document = broken_badge();
    let report = preflight::check(&document, OutputProfile::Card, TextStorage::Embedded, true);
    assert!(close(report.trimmed_mm, (86.0, 54.0)));
    assert!((report.bleed_mm - 1.5).abs() < 0.01);
    assert_eq!(report.smallest_text_pt, Some(4.0));
    let line = report.thinnest_line_mm.unwrap();
    assert!((line - 0.05).abs() < 0.001, "{line}");
    let dpi = report.lowest_photo_dpi.unwrap();
    // 40 px across 20 mm = 50.8 dpi; 50 px down 25 mm the same.
    assert!((dpi - 50.8).abs() < 0.1, "{dpi}");
    // The first glyph's ink starts a hair right of its origin, 1 mm from the left cut.
    let to_cut = report.text_to_cut_mm.unwrap();
    assert!((1.0..1.5).contains(&to_cut), "{to_cut}");
    let messages: Vec<&str> = report
        .warnings
        .iter()
        .map(|warning| warning.message.as_str())
        .collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("4.0 pt") && m.contains("5 pt"))
    );
    assert!(messages.iter().any(|m| m.contains("0.05 毫米")));
    assert!(
        messages
            .iter()
            .any(|m| m.contains("51 dpi") && m.contains("300 dpi"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("离裁切边") && m.contains("3 毫米"))
    );
    let lines = report.lines().join("\n");
    for expected in [
        "成品尺寸：86.0 × 54.0 毫米",
        "出血：1.5 毫米",
        "最小文字：4.0 pt",
        "最细线条：0.05 毫米",
        "51 dpi",
        "颜色：CMYK",
    ] {
        assert!(lines.contains(expected), "{expected} in\n{lines}");
    }
    // The same page passes where the limits are lower: a banner asks 72 dpi (still too low),
    // an office printer 4 pt text.
    let office = preflight::check(
        &document,
        OutputProfile::Office,
        TextStorage::Outlined,
        false,
    );
    assert!(!office.warnings.iter().any(|w| w.message.contains("pt")));
    assert!(office.lines().join("\n").contains("已转曲"));
}

#[test]
fn cmyk_black_is_rich_in_large_areas_and_pure_k_in_text() {
    let document = broken_badge();
    let options = PdfOptions {
        cmyk: true,
        ..PdfOptions::default()
    };
    let bytes = pdf::render_pdf(&document, &options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("black.pdf");
    std::fs::write(&path, bytes).unwrap();
    let operators = colour_operators(&path);
    // The 86×10 mm black band: rich black. Black text and the thin black line: K only.
    assert!(
        operators.iter().any(|op| op == "0.6 0.4 0.4 1 k"),
        "{operators:?}"
    );
    assert!(
        operators.iter().any(|op| op == "0 0 0 1 k"),
        "{operators:?}"
    );
    assert!(
        operators.iter().any(|op| op == "0 0 0 1 K"),
        "{operators:?}"
    );
    assert_eq!(pdf::cmyk_of(Rgb::BLACK, false), [0, 0, 0, 255]);
    assert_eq!(pdf::cmyk_of(Rgb::BLACK, true), pdf::RICH_BLACK);
    assert_eq!(pdf::cmyk_of(Rgb::new(51, 51, 51), true), [0, 0, 0, 204]);
}

#[test]
fn every_export_writes_its_preflight_report() {
    let dir = tempfile::tempdir().unwrap();
    let messages = export_example(dir.path(), &["--sign", "plaque,staff"]);
    let report = std::fs::read_to_string(dir.path().sign("印前检查.txt")).unwrap();
    assert!(messages.contains("印前检查："), "{messages}");
    assert!(report.contains("青禾县柳溪镇社会工作服务站"), "{report}");
    assert!(report.contains("【站点门牌】") && report.contains("【服务人员公示】"));
    assert!(report.contains("成品尺寸：600.0 × 400.0 毫米"), "{report}");
    assert!(report.contains("字体：已嵌入"), "{report}");
    // The example's staff photos are about 103 dpi on the 600×900 sign: below 150.
    assert!(report.contains("警告：印前检查：有一张图片"), "{report}");
    // PNG exports are checked too.
    let png = dir.path().join("png");
    export_example(&png, &["--sign", "plaque", "--format", "png"]);
    let report = std::fs::read_to_string(png.sign("印前检查.txt")).unwrap();
    assert!(report.contains("PNG 图片"), "{report}");
}
