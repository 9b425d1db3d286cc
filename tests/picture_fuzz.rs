//! Picture fuzzing in `cargo test`: mutants of small valid PNG, JPEG, WebP and SVG files made
//! here (bit flips, cuts, header size fields set huge, SVG bombs) go through `assets` (what
//! `check` runs) and the export (laid out on a staff badge as its photo and its mark, written
//! as PDF and PNG). Whatever the file holds: no panic, each answered within a time box, every
//! problem a Chinese message naming the field and the file (by its name, not a long path), and
//! the whole run within a memory bound (measured on this test binary's peak; this file holds
//! this one test so nothing else runs beside it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::{Duration, Instant};

use liangpai::export::{self, ExportEvent, ExportSettings};
use liangpai::model::{StaffMember, StationFile};
use liangpai::sign::SignKind;

/// The longest one mutant may take through reading, or through one export.
const TIME_BOX: Duration = Duration::from_secs(10);

/// A small deterministic random source (xorshift), so a failing mutant is found again.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

fn pattern(width: u32, height: u32) -> image::DynamicImage {
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 7 % 256) as u8,
            (y * 13 % 256) as u8,
            ((x ^ y) % 256) as u8,
        ])
    }))
}

fn encode(format: image::ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    pattern(48, 64)
        .write_to(&mut std::io::Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

const SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">
  <circle cx="60" cy="60" r="50" fill="#c8102e"/>
  <text x="60" y="70" font-size="20" text-anchor="middle" fill="#fff">社工</text>
</svg>"##;

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Header size fields set huge (and the PNG's checksum made right again, so the decoder
/// believes it).
fn huge_headers(png: &[u8], jpeg: &[u8], webp: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (width, height) in [
        (0x7FFF_FFFFu32, 1u32),
        (65_535, 65_535),
        (1, 0x7FFF_FFFF),
        (0, 0),
    ] {
        let mut bytes = png.to_vec();
        bytes[16..20].copy_from_slice(&width.to_be_bytes());
        bytes[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        out.push((format!("png {width}x{height}"), bytes));
    }
    let sof = jpeg
        .windows(2)
        .position(|pair| pair == [0xFF, 0xC0])
        .unwrap();
    for (width, height) in [(65_500u16, 65_500u16), (0, 0), (65_535, 1)] {
        let mut bytes = jpeg.to_vec();
        bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
        bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
        out.push((format!("jpeg {width}x{height}"), bytes));
    }
    // WebP: the RIFF size, and the picture's size wherever the header keeps it (VP8 or VP8L).
    let mut riff = webp.to_vec();
    riff[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    out.push(("webp riff size".to_owned(), riff));
    for at in [26usize, 28, 21, 22, 23, 24] {
        let mut bytes = webp.to_vec();
        if at + 2 <= bytes.len() {
            bytes[at..at + 2].copy_from_slice(&[0xFF, 0x3F]);
            out.push((format!("webp size at {at}"), bytes));
        }
    }
    out
}

fn svg_bombs() -> Vec<(String, Vec<u8>)> {
    vec![
        (
            "svg huge size".to_owned(),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000000" height="100000000"><rect width="100%" height="100%" fill="red"/></svg>"#.into(),
        ),
        (
            "svg deep nesting".to_owned(),
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{}{}</svg>"#,
                "<g>".repeat(5_000),
                "</g>".repeat(5_000)
            )
            .into_bytes(),
        ),
        (
            "svg huge blur".to_owned(),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="2000"><filter id="f"><feGaussianBlur stdDeviation="100000"/></filter><rect width="2000" height="2000" filter="url(#f)"/></svg>"#.into(),
        ),
        (
            "svg many uses".to_owned(),
            {
                let mut text = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><defs><rect id="a0" width="1" height="1"/>"#);
                for level in 1..12 {
                    let previous = level - 1;
                    text.push_str(&format!(
                        r##"<g id="a{level}">{}</g>"##,
                        format!(r##"<use xlink:href="#a{previous}"/>"##).repeat(10)
                    ));
                }
                text.push_str(r##"</defs><use xlink:href="#a11"/></svg>"##);
                text.into_bytes()
            },
        ),
        (
            "svg entity expansion".to_owned(),
            r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&e;&e;&e;&e;&e;</text></svg>"#.into(),
        ),
    ]
}

/// Every mutant: random bit flips and cuts of each format, plus the crafted headers and bombs.
fn mutants() -> Vec<(String, Vec<u8>)> {
    let png = encode(image::ImageFormat::Png);
    let jpeg = encode(image::ImageFormat::Jpeg);
    let webp = encode(image::ImageFormat::WebP);
    let svg = SVG.as_bytes().to_vec();
    let mut random = Random(0x5EED_1234_ABCD_0001);
    let mut out = Vec::new();
    for (name, original) in [
        ("png", &png),
        ("jpeg", &jpeg),
        ("webp", &webp),
        ("svg", &svg),
    ] {
        out.push((format!("{name} as made"), original.clone()));
        for round in 0..12 {
            let mut bytes = original.clone();
            // Flips in the header (where sizes and lengths are) more often than elsewhere.
            for _ in 0..1 + random.below(6) {
                let span = if random.below(2) == 0 {
                    64.min(bytes.len())
                } else {
                    bytes.len()
                };
                let at = random.below(span);
                bytes[at] ^= 1 << random.below(8);
            }
            out.push((format!("{name} flips {round}"), bytes));
        }
        for round in 0..6 {
            let cut = random.below(original.len());
            out.push((
                format!("{name} cut {round} at {cut}"),
                original[..cut].to_vec(),
            ));
        }
    }
    out.extend(huge_headers(&png, &jpeg, &webp));
    out.extend(svg_bombs());
    out
}

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn is_chinese(message: &str) -> bool {
    message
        .chars()
        .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
}

#[test]
fn mutated_pictures_never_panic_hang_or_speak_english() {
    let dir = tempfile::tempdir().unwrap();
    // A long folder name: messages must name the file, not this path.
    let folder = dir.path().join("县社工总站资料备份".repeat(4));
    std::fs::create_dir_all(&folder).unwrap();
    let mut settings = ExportSettings::whole_set(3.0, false, None);
    let mut outcomes = Vec::new();
    for (index, (name, bytes)) in mutants().into_iter().enumerate() {
        let file = format!(
            "照片{index}.{}",
            if name.starts_with("svg") {
                "svg"
            } else {
                "jpg"
            }
        );
        let path = folder.join(&file);
        std::fs::write(&path, &bytes).unwrap();
        let mut station = StationFile::new();
        station.station.name = "青禾县柳溪镇社会工作服务站".into();
        station.station.logos = vec![path.display().to_string()];
        station.staff = vec![StaffMember {
            name: "王芳".into(),
            photo: file.clone(),
            ..StaffMember::default()
        }];

        // What `check` runs.
        let started = Instant::now();
        let loaded = liangpai::assets::load(&station, Some(&folder));
        assert!(
            started.elapsed() < TIME_BOX,
            "{name}: read in {:?}",
            started.elapsed()
        );
        for problem in &loaded.problems {
            let message = &problem.message;
            assert!(is_chinese(message), "{name}: {message}");
            assert!(message.contains(&format!("“{file}”")), "{name}: {message}");
            assert!(
                !message.contains("县社工总站资料备份"),
                "{name}: long path in {message}"
            );
            assert!(
                message.starts_with("标志") || message.starts_with("服务人员“王芳”的照片"),
                "{name}: {message}"
            );
            assert!(message.chars().count() < 300, "{name}: {message}");
        }
        let decoded = loaded.problems.is_empty();
        drop(loaded);

        // The export of the badge (the photo, and the first logo as its mark): every picture
        // that reads, and some that do not; as PDF, every third as PNG (at a low resolution,
        // to stay quick in a debug build).
        if !decoded && index % 3 != 0 {
            outcomes.push((name, decoded));
            continue;
        }
        settings.kinds = vec![SignKind::Badge];
        settings.png = index % 3 == 0;
        settings.dpi = 40.0;
        let out = dir.path().join(format!("out{index}"));
        let templates = export::load_templates(&settings);
        let started = Instant::now();
        let report = export::export_station(&station, Some(&folder), &out, &settings, &templates);
        assert!(
            started.elapsed() < TIME_BOX,
            "{name}: export in {:?}",
            started.elapsed()
        );
        for event in &report.events {
            match event {
                ExportEvent::Diagnostic(diagnostic) => {
                    assert!(
                        is_chinese(&diagnostic.message),
                        "{name}: {}",
                        diagnostic.message
                    )
                }
                ExportEvent::Failed(failure) => {
                    let message = failure.to_string();
                    assert!(is_chinese(&message), "{name}: {message}");
                    assert!(!message.contains("内部错误"), "{name}: {message}");
                }
                _ => {}
            }
        }
        // A picture that reads is drawn: both signs are made.
        if decoded {
            assert_eq!(report.made().len(), 1, "{name}: {:?}", report.events);
        }
        outcomes.push((name, decoded));
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&path);
    }
    let refused = outcomes.iter().filter(|(_, decoded)| !decoded).count();
    eprintln!("{} mutants, {refused} refused", outcomes.len());
    // The crafted headers and bombs are among the refused; the files as made are read.
    for (name, decoded) in &outcomes {
        if name.ends_with("as made") {
            assert!(decoded, "{name} refused");
        }
        if name.starts_with("png 2147483647") || name.starts_with("jpeg 65500") {
            assert!(!decoded, "{name} read");
        }
    }
    if let Some(peak) = peak_memory_mb() {
        eprintln!("peak {peak:.0} MB");
        assert!(peak < 200.0, "peak memory {peak:.0} MB");
    }
}
