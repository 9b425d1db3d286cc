//! One preview update — what the app's preview worker does after a keystroke: lay out the sign

#![allow(clippy::unwrap_used, clippy::expect_used)]
//! shown, render its page at preview size, turn the pixels into an egui image — must take less
//! than a frame (16 ms) in release for the 600×900 mm services sign.
//!
//! `cargo test --release --test app_preview_speed -- --nocapture` prints the times; in debug
//! builds the test only reports them.

use std::path::Path;
use std::time::{Duration, Instant};

use liangpai::layout::{self, LayoutOptions};
use liangpai::model::StationFile;
use liangpai::sign::SignKind;

/// About 600×900 pixels for a 600×900 mm sign: a preview on a large screen.
const PIXELS_PER_PT: f32 = 0.35;

#[test]
fn a_preview_update_takes_less_than_a_frame() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json");
    let mut station = StationFile::load(&file).expect("example station");
    let assets = liangpai::export::load_assets(&station, file.parent());
    let options = LayoutOptions::default();
    for kind in [SignKind::Services, SignKind::Staff] {
        let mut times: Vec<Duration> = Vec::new();
        let mut layout_times: Vec<Duration> = Vec::new();
        for round in 0..12 {
            // A keystroke in the intro.
            station
                .station
                .intro
                .push(if round % 2 == 0 { '站' } else { '，' });
            let started = Instant::now();
            let document = match layout::layout_sign(&station, &assets, kind, &options) {
                Ok(document) => document,
                Err(error) => {
                    eprintln!("{}: cannot be laid out yet: {error}", kind.label());
                    break;
                }
            };
            let laid_out = started.elapsed();
            let Some(page) = document.pages.first() else {
                break;
            };
            let pixels = liangpai::render::raster::render_page(page, PIXELS_PER_PT);
            let rendered = started.elapsed();
            let image = liangpai::app::color_image(&pixels);
            if round == 11 {
                eprintln!(
                    "{}: layout {:.1} ms, render {:.1} ms, to egui image {:.1} ms",
                    kind.label(),
                    laid_out.as_secs_f64() * 1000.0,
                    (rendered - laid_out).as_secs_f64() * 1000.0,
                    (started.elapsed() - rendered).as_secs_f64() * 1000.0
                );
            }
            assert!(image.width() > 100);
            if round > 1 {
                times.push(started.elapsed());
                layout_times.push(laid_out);
            }
        }
        if times.is_empty() {
            continue;
        }
        times.sort();
        layout_times.sort();
        let median = times[times.len() / 2];
        let layout_median = layout_times[layout_times.len() / 2];
        let worst = times[times.len() - 1];
        eprintln!(
            "{} preview update: median {:.1} ms (layout {:.1} ms), worst {:.1} ms",
            kind.label(),
            median.as_secs_f64() * 1000.0,
            layout_median.as_secs_f64() * 1000.0,
            worst.as_secs_f64() * 1000.0
        );
        if !cfg!(debug_assertions) {
            assert!(median < Duration::from_millis(16), "{median:?}");
        }
    }
}
