//! Hot paths: font loading, layout and PDF of each sign for the example station, and the text
//! engine on a Chinese paragraph and on the same paragraph's length in Uyghur, Tibetan and
//! Mongolian (shaping, bidi, breaking, placing). `cargo bench --bench layout -- text/` for the
//! text engine alone.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use liangpai::fonts::Fonts;
use liangpai::layout::{LayoutOptions, layout_sign};
use liangpai::render::{pdf, raster};
use liangpai::template;

fn benches(c: &mut Criterion) {
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
