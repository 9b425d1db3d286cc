//! Hot paths: the whole set of the example station as `liangpai export` makes it, font loading,
//! layout and PDF of each sign for the example station, and the text engine on a Chinese
//! paragraph and on the same paragraph's length in Uyghur, Tibetan and Mongolian (shaping, bidi,
//! breaking, placing). `cargo bench --bench layout -- text/` for the text engine alone,
//! `-- export/` for the whole set.

/// The allocator of the `liangpai` program (src/main.rs), so the numbers are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use liangpai::fonts::Fonts;
use liangpai::layout::{LayoutOptions, layout_sign};
use liangpai::render::{pdf, raster};
use liangpai::template;

fn benches(c: &mut Criterion) {
    whole_set(c);
    c.bench_function("fonts/load", |b| {
        b.iter(|| black_box(Fonts::load().is_ok()))
    });
    text_engine(c);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json");
    let Ok(station) = liangpai::storage::load(&path) else {
        eprintln!("example station not found at {}", path.display());
        return;
    };
    let assets = liangpai::assets::load(&station, path.parent()).assets;
    let options = LayoutOptions::default();
    let pdf_options = pdf::PdfOptions {
        crop_marks: false,
        date: None,
        ..pdf::PdfOptions::default()
    };
    for kind in template::available_kinds() {
        c.bench_function(&format!("layout/{}", kind.code()), |b| {
            b.iter(|| {
                black_box(
                    layout_sign(&station, &assets, kind, &options)
                        .map(|d| d.pages.len())
                        .ok(),
                )
            })
        });
        let Ok(document) = layout_sign(&station, &assets, kind, &options) else {
            continue;
        };
        c.bench_function(&format!("layout+pdf/{}", kind.code()), |b| {
            b.iter(|| {
                let document = layout_sign(&station, &assets, kind, &options).ok();
                black_box(
                    document
                        .and_then(|document| pdf::render_pdf(&document, &pdf_options).ok())
                        .map(|bytes| bytes.len()),
                )
            })
        });
        if let Some(page) = document.pages.first() {
            c.bench_function(&format!("preview-raster/{}", kind.code()), |b| {
                // Preview size: about 700 px tall.
                let scale = 700.0 / page.height_pt;
                b.iter(|| black_box(raster::render_page(page, scale).rgba.len()))
            });
        }
    }
}

/// The whole set of `liuxi-station.json` (10 PDFs, the screen PNG, the preflight report) as
/// `liangpai export --date 2026-01-01` makes it: station read, photos decoded, every sign laid
/// out, drawn and written, on ONE thread, so the time is the CPU time of a set. Before each
/// iteration (untimed) the station is copied with photos that differ from every earlier
/// iteration's in two pixels in the middle, so nothing remembered from an earlier iteration (a photo's JPEG) is
/// reused. What a running program keeps as facts of its fonts (faces loaded, shaping tables, each
/// glyph's ink box) stays from the first iteration, as in the app or a batch; a fresh `liangpai
/// export` process also pays for those and for starting (README "Throughput": `perf stat`).
fn whole_set(c: &mut Criterion) {
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json");
    let Ok(station) = liangpai::storage::load(&example) else {
        eprintln!("example station not found at {}", example.display());
        return;
    };
    let photos: Vec<image::RgbImage> = station
        .staff
        .iter()
        .map(|member| {
            let source = example
                .parent()
                .unwrap_or(Path::new("."))
                .join(&member.photo);
            image::open(&source)
                .unwrap_or_else(|error| panic!("{}: {error}", source.display()))
                .to_rgb8()
        })
        .collect();
    let Ok(work) = tempfile::tempdir() else {
        return;
    };
    let mut turn = 0u32;
    // A copy of the station whose photos no earlier turn had.
    let mut fresh_station = || {
        turn += 1;
        let dir = work.path().join(format!("station-{}", turn % 8));
        std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
        let mut copy = station.clone();
        for (index, (member, photo)) in copy.staff.iter_mut().zip(&photos).enumerate() {
            let mut photo = photo.clone();
            // In the middle: kept by every crop and size.
            let [a, b, c, d] = turn.to_le_bytes();
            let (x, y) = (photo.width() / 2, photo.height() / 2);
            photo.put_pixel(x, y, image::Rgb([a, b, c]));
            photo.put_pixel(x + 1, y, image::Rgb([d, 0, 0]));
            let name = format!("photo-{index}.png");
            photo
                .save(dir.join(&name))
                .unwrap_or_else(|error| panic!("{error}"));
            member.photo = name;
        }
        let file = dir.join("station.json");
        liangpai::storage::save(&copy, &file).unwrap_or_else(|error| panic!("{error}"));
        file
    };
    let args = liangpai::cli::SignArgs {
        sign: "all".into(),
        date: Some("2026-01-01".into()),
        ..liangpai::cli::SignArgs::default()
    };
    let Ok(settings) = liangpai::cli::settings_from_args(&args, "pdf", 150.0) else {
        eprintln!("settings refused");
        return;
    };
    // Files are written as `liangpai export` writes them, without the sync to disk (I/O, not CPU).
    let settings = liangpai::export::ExportSettings {
        durable: false,
        ..settings
    };
    let out = work.path().join("out");
    let Ok(one_thread) = rayon::ThreadPoolBuilder::new().num_threads(1).build() else {
        return;
    };
    c.bench_function("export/whole-set/liuxi", |b| {
        b.iter_batched(
            &mut fresh_station,
            |file| {
                one_thread.install(|| {
                    let Ok(station) = liangpai::storage::load(&file) else {
                        panic!("{} not read", file.display());
                    };
                    let templates = liangpai::export::load_templates(&settings);
                    let report = liangpai::export::export_station(
                        &station,
                        file.parent(),
                        &out,
                        &settings,
                        &templates,
                    );
                    let made = report
                        .events
                        .iter()
                        .filter(|event| matches!(event, liangpai::export::ExportEvent::Made { .. }))
                        .count();
                    assert_eq!(
                        made, 10,
                        "the whole set: 10 signs (no 制度牌 in the example)"
                    );
                    black_box(report.events.len())
                })
            },
            criterion::BatchSize::PerIteration,
        )
    });
}

/// Measures, fits and places one paragraph per script into a 300 pt wide box.
fn text_engine(c: &mut Criterion) {
    use liangpai::fonts::{Weight, bundled};
    use liangpai::frame::{Align, Rect, Rgb, VerticalAlign};
    use liangpai::layout::text::{FitStyle, fit};
    let samples = [
        (
            "chinese",
            "柳溪镇社会工作服务站立足民政兜底保障职责，聚焦低保户、特困人员、留守儿童、困境儿童、独居老人和残疾人等群体，提供个案辅导、小组活动、社区活动和资源链接服务，推进“五社联动”，关爱“一小一老”。",
        ),
        (
            "uyghur",
            "شىنجاڭ ئۇيغۇر ئاپتونوم رايونى چىڭخې ناھىيەسى بەيياڭ بازىرى ئىجتىمائىي خىزمەت مۇلازىمەت پونكىتى تېلېفون 0991-1234567 ۋاقتى 10:00-14:00 ئىجتىمائىي خىزمەت مۇلازىمەت پونكىتى",
        ),
        (
            "tibetan",
            "བཀྲ་ཤིས་བདེ་ལེགས། སྤྱི་ཚོགས་ལས་ཀའི་ཞབས་ཞུ་ས་ཚིགས། བསྒྲུབས་ཀྱི་ལས་དོན་དང་ཞབས་ཞུ་ཁག་ལ་འགན་འཁུར་བྱེད་པ།",
        ),
        (
            "mongolian",
            "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠠᠵᠢᠯ ᠤᠨ ᠲᠥᠪ ᠪᠠᠶᠢᠷ ᠰᠠᠭᠤᠷᠢ ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠠᠵᠢᠯ ᠤᠨ ᠲᠥᠪ",
        ),
    ];
    let style = FitStyle {
        weight: Weight::Regular,
        max_size_pt: 14.0,
        min_size_pt: 8.0,
        line_height: 1.4,
        color: Rgb::BLACK,
        align: Align::Justify,
        valign: VerticalAlign::Top,
        max_lines: 0,
        vertical: false,
    };
    for (name, text) in samples {
        c.bench_function(&format!("text/{name}"), |b| {
            b.iter(|| {
                black_box(
                    fit(bundled(), text, Rect::new(0.0, 0.0, 300.0, 200.0), &style)
                        .lines
                        .len(),
                )
            })
        });
    }
}

criterion_group! {
    name = layout;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = benches
}
criterion_main!(layout);
