//! Batch throughput: 200 generated stations (the example station with varied names, rooms,
//! service lists and staff, each with four photos), full sign sets, all cores; prints stations
//! per second and where the time of one station goes.
//!
//! `cargo bench --bench batch` (LIANGPAI_BENCH_STATIONS=N for another count, LIANGPAI_BENCH_JOBS=N
//! for another number of threads, LIANGPAI_BENCH_KEEP=DIR to keep the generated station files
//! there, for timing `liangpai batch DIR` on the same input).
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The allocator of the `liangpai` program (src/main.rs), so the numbers are the program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::Instant;

use liangpai::batch;

fn main() {
    let count: usize = std::env::var("LIANGPAI_BENCH_STATIONS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(200);
    let jobs: Option<usize> = std::env::var("LIANGPAI_BENCH_JOBS")
        .ok()
        .and_then(|text| text.parse().ok());
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples");
    let example = liangpai::storage::load(&examples.join("liuxi-station.json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("stations");
    std::fs::create_dir(&input).unwrap();
    let towns = [
        "柳溪镇",
        "石桥镇",
        "东湖街道",
        "西山乡",
        "南塘镇",
        "北坡街道",
        "青龙镇",
    ];
    for index in 0..count {
        let mut station = example.clone();
        let town = towns[index % towns.len()];
        station.station.town = format!("{town}{index}");
        station.station.name = format!("青禾县{town}{index}社会工作服务站");
        station.station.rooms.truncate(1 + index % 4);
        let services = station.services.clone();
        station.services = services
            .iter()
            .cycle()
            .take(5 + index % 8)
            .cloned()
            .collect();
        let staff = station.staff.clone();
        station.staff = staff.iter().cycle().take(2 + index % 5).cloned().collect();
        for member in &mut station.staff {
            member.photo = examples.join(&member.photo).display().to_string();
        }
        liangpai::storage::save(&station, &input.join(format!("{index:03}.json"))).unwrap();
    }
    if let Ok(keep) = std::env::var("LIANGPAI_BENCH_KEEP") {
        std::fs::create_dir_all(&keep).unwrap();
        for entry in std::fs::read_dir(&input).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, Path::new(&keep).join(path.file_name().unwrap())).unwrap();
        }
    }
    let args = liangpai::cli::SignArgs {
        sign: "all".into(),
        bleed: Some(3.0),
        date: Some("2026-03-01".into()),
        ..liangpai::cli::SignArgs::default()
    };
    // As `liangpai batch` does: no sync to disk per file.
    let settings = liangpai::export::ExportSettings {
        durable: false,
        ..liangpai::cli::settings_from_args(&args, "pdf", 150.0).unwrap()
    };
    let out = dir.path().join("out");

    let started = Instant::now();
    let read = batch::read_input(&input).unwrap();
    let outcomes = batch::run_jobs(&read.jobs, &out, &settings, jobs, &|_| {}).unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let failed = outcomes.iter().filter(|outcome| outcome.failed()).count();
    let signs: usize = outcomes.iter().map(|outcome| outcome.made.len()).sum();
    assert_eq!(failed, 0, "{:?}", outcomes.iter().find(|o| o.failed()));
    println!(
        "batch: {count} stations, {signs} signs, {:.2} s, {:.1} stations/s ({} threads)",
        seconds,
        count as f64 / seconds,
        jobs.unwrap_or_else(rayon::current_num_threads)
    );

    // One station, one thread: where the time goes.
    let station = liangpai::storage::load(&input.join("000.json")).unwrap();
    let assets_started = Instant::now();
    let assets = liangpai::assets::load(&station, Some(&input)).assets;
    let assets_ms = assets_started.elapsed().as_secs_f64() * 1000.0;
    let check_started = Instant::now();
    let _ = liangpai::model::validate(&station);
    let check_ms = check_started.elapsed().as_secs_f64() * 1000.0;
    println!("  load photos {assets_ms:.1} ms, validate {check_ms:.1} ms");
    let theme = liangpai::template::theme_for(&station.station.kind);
    for kind in liangpai::template::available_kinds() {
        let template = liangpai::template::builtin(kind).unwrap();
        let layout_started = Instant::now();
        let document =
            liangpai::layout::layout_with(&station, &assets, &template, &theme, &settings.layout);
        let layout_ms = layout_started.elapsed().as_secs_f64() * 1000.0;
        let write_started = Instant::now();
        liangpai::export::write_sign_named(
            dir.path(),
            &document,
            &liangpai::export::naming::sign_stem(
                &station,
                kind,
                liangpai::export::OutputProfile::Standard,
                false,
            ),
            &liangpai::export::naming::page_names(&station, kind),
            false,
            150.0,
            &settings.pdf,
            false,
        )
        .unwrap();
        let write_ms = write_started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "  {:<10} layout {layout_ms:6.1} ms, render+write {write_ms:6.1} ms",
            kind.code()
        );
    }
}
