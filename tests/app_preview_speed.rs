//! One preview update — what the app's preview worker does after a keystroke: lay out the sign
//! shown, render its page at preview size, turn the pixels into an egui image — must take less
//! than a frame (16 ms) in release for the 600×900 mm services sign.
//!
//! `cargo test --release --test app_preview_speed -- --nocapture` prints the times. Besides wall
//! time it reports the thread's CPU time (Linux), which other busy processes (a parallel build)
//! do not inflate; the release check uses that. Debug builds only report.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use liangpai::layout::{self, LayoutOptions};
use liangpai::model::StationFile;
use liangpai::sign::SignKind;

/// The preview scale in the app's default 1280×760 window (357×536 pixels for 600×900 mm),
/// and on a large screen (595×893 pixels).
const SCALES: [(&str, f32); 2] = [("default window", 0.21), ("large screen", 0.35)];
/// Timed updates per sign and scale (few in debug builds, which only report).
const ROUNDS: usize = if cfg!(debug_assertions) { 2 } else { 30 };

/// CPU time of this thread so far (Linux), else `None`.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[test]
fn a_preview_update_takes_less_than_a_frame() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json");
    let mut station = liangpai::storage::load(&file).expect("example station");
    let assets = liangpai::assets::load(&station, file.parent()).assets;
    let options = LayoutOptions::default();
    for (kind, (screen, pixels_per_pt)) in [SignKind::Services, SignKind::Staff, SignKind::Board]
        .into_iter()
        .flat_map(|kind| SCALES.into_iter().map(move |scale| (kind, scale)))
    {
        let mut wall: Vec<Duration> = Vec::new();
        let (mut layout_total, mut render_total, mut convert_total) =
            (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        let mut cpu_total = Duration::ZERO;
        for round in 0..ROUNDS + 2 {
            // A keystroke in the intro.
            station
                .station
                .intro
                .push(if round % 2 == 0 { '站' } else { '，' });
            let cpu_start = thread_cpu_time();
            let started = Instant::now();
            let document = match layout::layout_sign(&station, &assets, kind, &options) {
                Ok(document) => document,
                Err(error) => panic!("{}: {error}", kind.label()),
            };
            let laid_out = started.elapsed();
            let page = document.pages.first().expect("a page");
            let pixels = liangpai::render::raster::render_page(page, pixels_per_pt);
            let rendered = started.elapsed();
            let image = liangpai::app::color_image(&pixels);
            let done = started.elapsed();
            assert!(image.width() > 100);
            if round >= 2 {
                wall.push(done);
                layout_total += laid_out;
                render_total += rendered - laid_out;
                convert_total += done - rendered;
                if let (Some(start), Some(end)) = (cpu_start, thread_cpu_time()) {
                    cpu_total += end - start;
                }
            }
        }
        wall.sort();
        let median = wall[wall.len() / 2];
        let rounds = ROUNDS as u32;
        let cpu = cpu_total / rounds;
        eprintln!(
            "{} at {screen} ({}×{} px): wall median {:.1} ms (layout {:.1}, render {:.1}, to egui {:.1} on average), CPU {:.1} ms per update",
            kind.label(),
            (page_width(kind, &station, &assets) * pixels_per_pt).round(),
            (page_height(kind, &station, &assets) * pixels_per_pt).round(),
            ms(median),
            ms(layout_total / rounds),
            ms(render_total / rounds),
            ms(convert_total / rounds),
            ms(cpu)
        );
        if !cfg!(debug_assertions) && kind == SignKind::Services && screen == "default window" {
            let measured = if cpu > Duration::ZERO { cpu } else { median };
            assert!(measured < Duration::from_millis(16), "{measured:?}");
        }
    }
}

fn page_width(kind: SignKind, station: &StationFile, assets: &layout::Assets) -> f32 {
    layout::layout_sign(station, assets, kind, &LayoutOptions::default())
        .map_or(0.0, |document| document.pages[0].width_pt)
}

fn page_height(kind: SignKind, station: &StationFile, assets: &layout::Assets) -> f32 {
    layout::layout_sign(station, assets, kind, &LayoutOptions::default())
        .map_or(0.0, |document| document.pages[0].height_pt)
}
