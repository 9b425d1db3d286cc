//! SVG logos as users' files really are (hand-written here): in a `--cmyk` file every colour of
//! the logo is CMYK — plain ones as vector paths, ones with transparency, gradients or clip
//! paths flattened at 300 dpi into an opaque CMYK picture — read back from the PDF itself
//! (qpdf's uncompressed form, pdfimages); lettering in `<foreignObject>` and a missing linked
//! image are warned about by name, what can be drawn is drawn.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{SignPath, liangpai};

/// A minimal station with one logo (a path relative to the station file).
fn station_json(logo: &str) -> String {
    serde_json::json!({
        "format": "liangpai-station",
        "version": 1,
        "station": {
            "name": "青禾县石门镇社会工作服务站",
            "logos": [logo],
            "supervision_phone": "0000-6609999",
            "updated": "2026-09-01"
        }
    })
    .to_string()
}

/// The PDF with every stream uncompressed and no object streams (`qpdf --qdf`), as text.
fn qdf(pdf: &Path) -> String {
    let out = pdf.with_extension("qdf.pdf");
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&out)
        .status()
        .expect("qpdf is needed for this test (apt-get install qpdf)");
    assert!(status.success());
    String::from_utf8_lossy(&std::fs::read(out).unwrap()).into_owned()
}

/// `pdfimages -list` rows (after the two header lines).
fn images(pdf: &Path) -> Vec<Vec<String>> {
    let list = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages is needed for this test (apt-get install poppler-utils)");
    String::from_utf8_lossy(&list.stdout)
        .lines()
        .skip(2)
        .map(|line| line.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// Exports the plaque of a station whose logo is `svg` (named `name`), with `extra` options:
/// what the export said and the output folder.
fn export_plaque(
    dir: &Path,
    name: &str,
    svg: &str,
    extra: &[&str],
) -> (String, std::path::PathBuf) {
    std::fs::write(dir.join(name), svg).unwrap();
    let station = dir.join("站点.json");
    std::fs::write(&station, station_json(name)).unwrap();
    let out = dir.join("out");
    let (station, folder) = (station.display().to_string(), out.display().to_string());
    let mut args = vec!["export", &station, "--out", &folder, "--sign", "plaque"];
    args.extend_from_slice(extra);
    let (code, text) = liangpai(&args);
    assert_eq!(code, 0, "{text}");
    (text, out)
}

/// The preflight report's colour line.
fn colour_line(out: &Path) -> String {
    let report = std::fs::read_to_string(out.sign("印前检查.txt")).unwrap();
    report
        .lines()
        .find(|line| line.starts_with("颜色："))
        .unwrap()
        .to_owned()
}

/// Nothing in the file is RGB or transparent: no RGB colour space, no RGB colour operator, no
/// soft mask, no transparency group, no constant alpha.
fn assert_all_cmyk_and_opaque(qdf: &str) {
    for needle in [
        "/DeviceRGB",
        "/CalRGB",
        "/SMask",
        "/Group",
        "/S /Transparency",
        "/ca ",
        "/CA ",
    ] {
        assert!(!qdf.contains(needle), "{needle} in the CMYK file");
    }
    for line in qdf.lines() {
        let ops: Vec<&str> = line.split_whitespace().collect();
        if let Some(last) = ops.last()
            && (*last == "rg" || *last == "RG")
            && ops.len() == 4
            && ops[..3].iter().all(|value| value.parse::<f32>().is_ok())
        {
            panic!("RGB colour operator in the CMYK file: {line}");
        }
    }
    assert!(
        qdf.contains(" k\n") || qdf.contains(" K\n"),
        "no CMYK colour"
    );
}

/// The CMYK fill colours (`c m y k k`) of the file's content streams.
fn cmyk_fills(qdf: &str) -> Vec<[f32; 4]> {
    let words: Vec<&str> = qdf.split_whitespace().collect();
    words
        .windows(5)
        .filter(|window| window[4] == "k")
        .filter_map(|window| {
            let values: Vec<f32> = window[..4].iter().filter_map(|w| w.parse().ok()).collect();
            <[f32; 4]>::try_from(values).ok()
        })
        .collect()
}

/// Solid paths and SVG text: vector, in CMYK (no picture at all).
#[test]
fn a_plain_svg_logo_is_cmyk_vector_in_a_cmyk_file() {
    let dir = tempfile::tempdir().unwrap();
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">
  <g transform="translate(100 100)">
    <circle r="95" fill="#c8102e"/>
    <circle r="70" fill="none" stroke="#ffd100" stroke-width="8" stroke-dasharray="12 6"/>
    <path d="M-40 20 L0 -50 L40 20 Z" fill="rgb(0, 94, 184)" fill-rule="evenodd"/>
  </g>
  <text x="100" y="185" font-size="22" text-anchor="middle" fill="#ffffff">社工</text>
</svg>"##;
    let (text, out) = export_plaque(dir.path(), "站徽.svg", svg, &["--cmyk"]);
    let pdf = out.sign("站点门牌.pdf");
    assert_all_cmyk_and_opaque(&qdf(&pdf));
    assert!(images(&pdf).is_empty(), "the logo stays vector");
    // The red of the circle (#c8102e) as the page converts it: C0 M92 Y77 K22.
    let fills = cmyk_fills(&qdf(&pdf));
    assert!(
        fills.iter().any(|fill| {
            fill.iter()
                .zip([0.0, 0.92, 0.77, 0.22])
                .all(|(have, want)| (have - want).abs() < 0.006)
        }),
        "{fills:?}"
    );
    let colour = colour_line(&out);
    assert_eq!(
        colour, "颜色：CMYK（大面积黑色为四色黑，黑色文字为单色黑）",
        "{text}"
    );
}

/// Group opacity, a gradient and a clip path: flattened with what is under it at 300 dpi into
/// one opaque CMYK picture; the preflight report says so by the logo's name.
#[test]
fn a_transparent_svg_logo_is_flattened_to_cmyk_and_the_report_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1f5f99"/>
      <stop offset="1" stop-color="#e0a020" stop-opacity="0.4"/>
    </linearGradient>
    <clipPath id="round"><circle cx="100" cy="100" r="90"/></clipPath>
  </defs>
  <g clip-path="url(#round)">
    <rect width="200" height="200" fill="url(#sky)"/>
  </g>
  <g opacity="0.5"><circle cx="100" cy="100" r="40" fill="#c8102e"/></g>
  <rect x="60" y="150" width="80" height="20" fill="#000000" fill-opacity="0.3"/>
</svg>"##;
    let (_, out) = export_plaque(dir.path(), "透明标志.svg", svg, &["--cmyk"]);
    let pdf = out.sign("站点门牌.pdf");
    assert_all_cmyk_and_opaque(&qdf(&pdf));
    let images = images(&pdf);
    assert_eq!(images.len(), 1, "{images:?}");
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi …
    let row = &images[0];
    assert_eq!(row[5], "cmyk", "{row:?}");
    assert_eq!(row[6], "4", "{row:?}");
    let x_ppi: f32 = row[12].parse().unwrap();
    assert!(
        (x_ppi - 300.0).abs() < 3.0,
        "flattened at {x_ppi} ppi: {row:?}"
    );
    let colour = colour_line(&out);
    assert!(
        colour.contains("标志“透明标志.svg”（剪切路径）按 300 dpi 连同底色合成为 CMYK 图片"),
        "{colour}"
    );
    assert!(!colour.contains("RGB"), "{colour}");
}

/// The same logo without `--cmyk` stays vector (krilla-svg), and the report says RGB.
#[test]
fn without_cmyk_the_logo_stays_vector_rgb() {
    let dir = tempfile::tempdir().unwrap();
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
  <circle cx="50" cy="50" r="45" fill="#c8102e" opacity="0.5"/></svg>"##;
    let (_, out) = export_plaque(dir.path(), "标志.svg", svg, &[]);
    assert!(images(&out.sign("站点门牌.pdf")).is_empty());
    assert_eq!(colour_line(&out), "颜色：RGB");
}

/// A logo with lettering in `<foreignObject>` (bare, and inside a `<switch>` with an SVG
/// fallback), a linked image beside it and one that is missing.
const LETTERED: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="200" viewBox="0 0 300 200">
  <rect width="300" height="200" fill="#ffffff"/>
  <foreignObject x="10" y="10" width="280" height="60">
    <div xmlns="http://www.w3.org/1999/xhtml" style="font-size:40px">社工之家</div>
  </foreignObject>
  <switch>
    <foreignObject x="10" y="80" width="140" height="50" requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility">
      <div xmlns="http://www.w3.org/1999/xhtml">服务站</div>
    </foreignObject>
    <text x="10" y="125" font-size="40" fill="#00c8c8">服务站</text>
  </switch>
  <image x="200" y="100" width="80" height="80" xlink:href="emblem.png"/>
  <image x="200" y="10" width="80" height="80" href="images/missing%20seal.png"/>
</svg>"##;

fn write_lettered(dir: &Path) -> std::path::PathBuf {
    std::fs::write(dir.join("标志.svg"), LETTERED).unwrap();
    let emblem = image::RgbImage::from_pixel(40, 40, image::Rgb([255, 0, 255]));
    emblem.save(dir.join("emblem.png")).unwrap();
    let station = dir.join("站点.json");
    std::fs::write(&station, station_json("标志.svg")).unwrap();
    station
}

#[test]
fn foreign_object_lettering_and_a_missing_linked_image_are_warned_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let station = write_lettered(dir.path());
    let (code, check) = liangpai(&["check", station.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings only: {check}");
    let out = dir.path().join("out");
    let (code, export) = liangpai(&[
        "export",
        station.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "plaque",
        "--format",
        "png",
        "--dpi",
        "60",
    ]);
    assert_eq!(code, 0, "{export}");
    for text in [&check, &export] {
        assert!(
            text.contains("标志“标志.svg”里的文字“社工之家”写在 foreignObject（网页内容）中，本程序画不出来，已略去"),
            "{text}"
        );
        assert!(
            text.contains(
                "标志“标志.svg”链接的图片“images/missing%20seal.png”找不到，这部分没有画出"
            ),
            "{text}"
        );
        // What is drawn is not warned about: the image beside the logo, the switch's fallback.
        assert!(!text.contains("emblem.png"), "{text}");
        assert!(!text.contains("服务站”"), "{text}");
    }
    // Drawn: the linked emblem (magenta) and the fallback lettering (teal).
    let png = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "png"))
        .unwrap();
    let picture = image::open(&png).unwrap().to_rgb8();
    let count = |wanted: [u8; 3]| {
        picture
            .pixels()
            .filter(|pixel| {
                pixel
                    .0
                    .iter()
                    .zip(wanted)
                    .all(|(have, want)| have.abs_diff(want) < 40)
            })
            .count()
    };
    assert!(count([255, 0, 255]) > 20, "the linked emblem is drawn");
    assert!(count([0, 200, 200]) > 5, "the fallback lettering is drawn");
}

/// Linked images are read only as pictures are: a folder or a non-picture is said, not read.
#[test]
fn a_linked_file_that_is_not_a_picture_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
  <rect width="100" height="100" fill="#1f5f99"/>
  <image width="50" height="50" href="notes.txt"/>
  <image width="50" height="50" href="https://example.com/seal.png"/></svg>"##;
    std::fs::write(dir.path().join("标志.svg"), svg).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a picture").unwrap();
    let station = dir.path().join("站点.json");
    std::fs::write(&station, station_json("标志.svg")).unwrap();
    let (_, check) = liangpai(&["check", station.to_str().unwrap()]);
    assert!(
        check.contains("链接的图片“notes.txt”不是 PNG、JPG 或 WebP 图片"),
        "{check}"
    );
    assert!(
        check.contains("链接的图片“https://example.com/seal.png”在网上，不会下载"),
        "{check}"
    );
}
