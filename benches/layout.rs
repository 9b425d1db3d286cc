//! Hot paths: font loading, layout and PDF of each sign for the example station.

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

criterion_group! {
    name = layout;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = benches
}
criterion_main!(layout);
