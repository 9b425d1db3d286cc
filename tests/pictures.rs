//! Photos and logos end to end, as the program is run: hostile and damaged pictures answered
//! quickly in little memory by `check`, `export` and `batch` alike (the same messages from the
//! one decoder), big phone photos exported within a memory bound, SVG logos drawn as vector.
//! Memory is measured on the child process with `/usr/bin/time -v` (GNU time, Debian `time`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;
use common::SignPath;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What one run of the program gave: exit code, stdout + stderr, peak memory, time.
struct Run {
    code: i32,
    text: String,
    max_rss_mb: f64,
    elapsed: Duration,
}

/// Runs `liangpai ARGS` under `/usr/bin/time -v`.
fn run_measured(args: &[&str]) -> Run {
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_liangpai"))
        .args(args)
        .output()
        .expect("/usr/bin/time is needed for this test (apt-get install time)");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let max_rss_kb: f64 = stderr
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("no memory figure from /usr/bin/time: {stderr}"));
    // GNU time reports the child's own exit code in its last line when it is not zero.
    let code = stderr
        .lines()
        .find_map(|line| line.trim().strip_prefix("Exit status: "))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(-1);
    Run {
        code,
        text: String::from_utf8_lossy(&output.stdout).into_owned() + &stderr,
        max_rss_mb: max_rss_kb / 1024.0,
        elapsed,
    }
}

fn encode(image: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

/// A photo-like picture (gradients, so encoders keep real data).
fn photo(width: u32, height: u32) -> image::DynamicImage {
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            ((x / 64 + y / 64) % 2 * 120 + 60) as u8,
        ])
    }))
}

/// A JPEG whose frame header claims `width` × `height` (the data is an 8×8 picture's).
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = encode(photo(8, 8), image::ImageFormat::Jpeg);
    let sof = bytes
        .windows(2)
        .position(|pair| pair == [0xFF, 0xC0])
        .unwrap();
    bytes[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    bytes[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    bytes
}

/// A PNG whose header claims 30000×30000 RGBA pixels (3.6 GB decoded): a real 8×8 PNG with
/// its header's size changed (and its checksum made right again).
fn png_30000() -> Vec<u8> {
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
    let mut bytes = encode(
        image::DynamicImage::ImageRgba8(photo(8, 8).to_rgba8()),
        image::ImageFormat::Png,
    );
    // Signature (8), length (4), "IHDR" (4), width, height, …; the CRC after 13 data bytes.
    bytes[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// A station file with these staff `(name, photo)` and the example's SVG logo.
fn station_json(staff: &[(String, String)]) -> String {
    let logo =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/logos/mark-example.svg");
    let staff: Vec<serde_json::Value> = staff
        .iter()
        .map(|(name, photo)| {
            serde_json::json!({"name": name, "role": "社工", "phone": "13800000000", "photo": photo})
        })
        .collect();
    serde_json::json!({
        "format": "liangpai-station",
        "version": 1,
        "station": {
            "name": "青禾县石门镇社会工作服务站",
            "logos": [logo.display().to_string()]
        },
        // The essentials every sign with a footer prints (without them nothing is exported).
        "contacts": {"supervision_phone": "0000-6609999"},
        "updated": "2026-09-01",
        "staff": staff
    })
    .to_string()
}

/// The lines of `text` about staff photos, sorted (check and export print them alike).
fn photo_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|line| line.contains("的照片“"))
        .map(|line| {
            // From the label on: check puts the file name before it, export does not.
            let start = line.find("服务人员“").unwrap_or(0);
            let line = &line[start..];
            // Export names the field at the end, check before the message.
            match line.rfind("（staff[") {
                Some(end) if line.ends_with("photo）") => line[..end].to_owned(),
                _ => line.to_owned(),
            }
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn hostile_pictures_get_their_message_fast_and_small_in_check_export_and_batch() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("stations");
    let photos = folder.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    let bomb = jpeg_claiming(65500, 65500);
    assert!(bomb.len() < 1000);
    std::fs::write(photos.join("bomb.jpg"), bomb).unwrap();
    let started = Instant::now();
    let big_png = png_30000();
    eprintln!("png made in {:?}", started.elapsed());
    assert!(big_png.len() < 1000, "{}", big_png.len());
    std::fs::write(photos.join("bomb.png"), big_png).unwrap();
    let whole = encode(photo(400, 300), image::ImageFormat::Jpeg);
    std::fs::write(photos.join("cut.jpg"), &whole[..whole.len() / 2]).unwrap();
    std::fs::write(photos.join("empty.jpg"), b"").unwrap();
    std::fs::create_dir(photos.join("folder.jpg")).unwrap();
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.extend_from_slice(&[0; 100]);
    std::fs::write(photos.join("IMG_0001.HEIC"), heic).unwrap();
    std::fs::write(
        photos.join("webp.jpg"),
        encode(photo(300, 400), image::ImageFormat::WebP),
    )
    .unwrap();
    let made = Command::new("mkfifo")
        .arg(photos.join("pipe.jpg"))
        .status()
        .unwrap();
    assert!(made.success());
    let cases: &[(&str, &str, &str)] = &[
        ("甲", "photos/bomb.jpg", "像素太多（65500×65500 像素"),
        ("乙", "photos/bomb.png", "像素太多（30000×30000 像素"),
        ("丙", "photos/cut.jpg", "图片文件不完整"),
        ("丁", "photos/empty.jpg", "是空文件"),
        ("戊", "photos/folder.jpg", "是一个文件夹"),
        ("己", "photos/pipe.jpg", "不是普通文件"),
        ("庚", "/dev/zero", "不是普通文件"),
        ("辛", r"photos\IMG_0001.HEIC", "是 HEIC/HEIF 格式"),
    ];
    let mut staff: Vec<(String, String)> = cases
        .iter()
        .map(|(name, path, _)| (format!("服务人员{name}"), (*path).to_owned()))
        .collect();
    staff.push(("服务人员壬".to_owned(), "photos/webp.jpg".to_owned()));
    let station = folder.join("站点.json");
    std::fs::write(&station, station_json(&staff)).unwrap();
    let station_arg = station.to_str().unwrap();

    let check = run_measured(&["check", station_arg]);
    eprintln!("check: {:?}, {:.0} MB", check.elapsed, check.max_rss_mb);
    assert_eq!(check.code, 1, "{}", check.text);
    for (name, path, expected) in cases {
        // Messages name a file by its path relative to the station, or by its name alone when
        // it lies elsewhere (never a long absolute path).
        let shown = if path.starts_with('/') {
            path.rsplit('/').next().unwrap()
        } else {
            path
        };
        let line = format!("服务人员“服务人员{name}”的照片“{shown}”{expected}");
        assert!(check.text.contains(&line), "{line}\n{}", check.text);
    }
    // The WebP named .jpg is read: nothing about its photo.
    assert!(
        !check.text.contains("照片“photos/webp.jpg”"),
        "{}",
        check.text
    );
    assert!(
        check.elapsed < Duration::from_secs(5),
        "{:?}",
        check.elapsed
    );
    assert!(
        check.max_rss_mb < 200.0,
        "check took {} MB",
        check.max_rss_mb
    );

    let out = dir.path().join("out");
    let export = run_measured(&[
        "export",
        station_arg,
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "badge",
    ]);
    eprintln!("export: {:?}, {:.0} MB", export.elapsed, export.max_rss_mb);
    assert_ne!(export.code, 0, "{}", export.text);
    assert_eq!(
        photo_lines(&export.text),
        photo_lines(&check.text),
        "{}",
        export.text
    );
    assert!(
        export.max_rss_mb < 200.0,
        "export took {} MB",
        export.max_rss_mb
    );

    // A batch of the folder: the same messages, and its report names them.
    let batch_out = dir.path().join("batch");
    let batch = run_measured(&[
        "batch",
        folder.to_str().unwrap(),
        "--out",
        batch_out.to_str().unwrap(),
        "--sign",
        "badge",
    ]);
    assert!(
        batch.max_rss_mb < 200.0,
        "batch took {} MB",
        batch.max_rss_mb
    );
    let report = std::fs::read_to_string(batch_out.join("report.csv")).unwrap_or_default();
    let all = batch.text.clone() + &report;
    for (_, _, expected) in cases {
        assert!(all.contains(expected), "{expected}\n{all}");
    }
}

/// About 16 s in the dev profile (the image crates are built at opt-level 2 there, see
/// Cargo.toml), 3 s in release.
#[test]
fn four_50_megapixel_phone_photos_export_every_sign_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // 8160×6144 is a 50-megapixel phone's full size. One encoding, four files (each is decoded).
    let big = encode(photo(8160, 6144), image::ImageFormat::Jpeg);
    let mut staff = Vec::new();
    for (index, name) in ["李晓雯", "王磊", "陈思", "周敏"].iter().enumerate() {
        let file = format!("IMG_{index}.jpg");
        std::fs::write(dir.path().join(&file), &big).unwrap();
        staff.push(((*name).to_owned(), file));
    }
    let station = dir.path().join("站点.json");
    std::fs::write(&station, station_json(&staff)).unwrap();
    let out = dir.path().join("out");
    let run = run_measured(&[
        "export",
        station.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-03-01",
    ]);
    assert!(!run.text.contains("错误："), "{}", run.text);
    assert!(out.sign("工作证.pdf").is_file(), "{}", run.text);
    assert!(out.sign("综合公示栏.pdf").is_file(), "{}", run.text);
    eprintln!(
        "four 50 MP photos: {:.0} MB peak, {:?}",
        run.max_rss_mb, run.elapsed
    );
    assert!(run.max_rss_mb < 400.0, "export took {} MB", run.max_rss_mb);
}

fn pdftoppm_pixels(pdf: &Path, dpi: u32, out: &Path) -> PathBuf {
    let prefix = out.join("page");
    let status = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm is needed for this test (apt-get install poppler-utils)");
    assert!(status.success());
    prefix.with_extension("png")
}

#[test]
fn svg_logos_are_vector_in_the_pdf_and_round_in_the_png() {
    let dir = tempfile::tempdir().unwrap();
    let station = dir.path().join("站点.json");
    std::fs::write(&station, station_json(&[])).unwrap();
    let out = dir.path().join("out");
    let run = run_measured(&[
        "export",
        station.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "plaque,screen",
    ]);
    assert!(out.sign("站点门牌.pdf").is_file(), "{}", run.text);
    assert!(!run.text.contains("标志"), "{}", run.text);
    // No picture in the PDF: the logo is paths.
    let list = Command::new("pdfimages")
        .arg("-list")
        .arg(out.sign("站点门牌.pdf"))
        .output()
        .expect("pdfimages is needed for this test (apt-get install poppler-utils)");
    let list = String::from_utf8_lossy(&list.stdout);
    assert_eq!(list.lines().count(), 2, "{list}");
    // Both the PDF (rendered by poppler) and the PNG show the logo's flame with the shape it
    // has in the drawing itself (never distorted).
    let (width, height) = flame_extent(&svg_rastered(400));
    let expected = width as f32 / height as f32;
    let rendered = pdftoppm_pixels(&out.sign("站点门牌.pdf"), 72, dir.path());
    for picture in [rendered, out.sign("屏幕宣传图.png")] {
        let image = image::open(&picture).unwrap().to_rgb8();
        let (width, height) = flame_extent(&image);
        assert!(
            width > 10 && height > 20,
            "{}: {width}×{height}",
            picture.display()
        );
        let ratio = width as f32 / height as f32;
        assert!(
            (ratio - expected).abs() < 0.08,
            "{}: {width}×{height}, expected ratio {expected}",
            picture.display()
        );
    }
}

/// The example's logo rastered by resvg at `size_px`, on white.
fn svg_rastered(size_px: u32) -> image::RgbImage {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/logos/mark-example.svg");
    let tree =
        resvg::usvg::Tree::from_data(&std::fs::read(path).unwrap(), &Default::default()).unwrap();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size_px, size_px).unwrap();
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    let scale = size_px as f32 / tree.size().width();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    image::RgbImage::from_fn(size_px, size_px, |x, y| {
        let pixel = pixmap.pixel(x, y).unwrap();
        image::Rgb([pixel.red(), pixel.green(), pixel.blue()])
    })
}

/// Width and height of the logo's yellow flame (#e0a020) in the top-left third of a picture.
fn flame_extent(image: &image::RgbImage) -> (u32, u32) {
    let (mut left, mut right, mut top, mut bottom) = (u32::MAX, 0, u32::MAX, 0);
    for (x, y, pixel) in image.enumerate_pixels() {
        if (x > image.width() / 3 || y > image.height() / 3) && image.width() != image.height() {
            continue;
        }
        let [red, green, blue] = pixel.0;
        if red.abs_diff(0xe0) < 24 && green.abs_diff(0xa0) < 24 && blue.abs_diff(0x20) < 40 {
            left = left.min(x);
            right = right.max(x);
            top = top.min(y);
            bottom = bottom.max(y);
        }
    }
    if right < left {
        return (0, 0);
    }
    (right - left + 1, bottom - top + 1)
}

#[test]
fn a_photo_on_many_pages_is_fitted_once_and_its_pixels_shared() {
    use liangpai::layout::{self, AssetImage, Assets, Item, LayoutOptions};
    use std::sync::Arc;
    let mut station = liangpai::model::StationFile::new();
    station.station.name = "青禾县石门镇社会工作服务站".to_owned();
    station.staff = (0..200)
        .map(|index| liangpai::model::StaffMember {
            name: format!("服务人员{index}"),
            photo: if index % 2 == 0 { "a.jpg" } else { "b.jpg" }.to_owned(),
            ..Default::default()
        })
        .collect();
    let mut assets = Assets::default();
    for path in ["a.jpg", "b.jpg"] {
        let image = photo(900, 1200).to_rgba8();
        assets
            .images
            .insert(path.to_owned(), Ok(AssetImage::Raster(Arc::new(image))));
    }
    let document = layout::layout_sign(
        &station,
        &assets,
        liangpai::sign::SignKind::Badge,
        &LayoutOptions::default(),
    )
    .unwrap();
    let pixels: Vec<*const Vec<u8>> = document
        .pages
        .iter()
        .flat_map(|page| page.items.iter())
        .filter_map(|item| match item {
            Item::Image { picture, .. } => Some(Arc::as_ptr(&picture.rgba)),
            _ => None,
        })
        .collect();
    assert_eq!(pixels.len(), 200);
    let mut distinct = pixels.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 2, "one fitted copy per photo");
}

#[test]
fn png_pages_record_their_dpi_and_a_capped_resolution_is_said() {
    use liangpai::export;
    use liangpai::layout::{Page, Rgb};
    let page = |width_mm: f32, height_mm: f32| Page {
        width_pt: width_mm * 72.0 / 25.4,
        height_pt: height_mm * 72.0 / 25.4,
        bleed_pt: 0.0,
        background: Rgb::WHITE,
        items: Vec::new(),
    };
    let a5 = page(148.0, 210.0);
    let bytes = export::png_bytes(&a5, 150.0).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().unwrap();
    let dims = reader.info().pixel_dims.unwrap();
    assert_eq!(dims.unit, png::Unit::Meter);
    // 150 dpi = 5906 pixels per metre.
    assert!(dims.xppu.abs_diff(5906) <= 3, "{}", dims.xppu);
    assert!(export::png_capped_warning(liangpai::sign::SignKind::Staff, 0, &a5, 300.0).is_none());
    // A 2 m board at 300 dpi would be 23622 px: capped at 8000, and said so.
    let huge = page(2000.0, 1000.0);
    let warning =
        export::png_capped_warning(liangpai::sign::SignKind::Board, 0, &huge, 300.0).unwrap();
    assert!(warning.message.contains("8000 像素"), "{}", warning.message);
    assert!(
        warning.message.contains("约 101 dpi"),
        "{}",
        warning.message
    );
}
