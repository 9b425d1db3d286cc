//! Issue 23, items 2 and 5, through the built binary: a sign without one of its essentials
//! (站点全称, 监督电话, 更新日期) is not exported as a finished sign — `export` and `batch` stop
//! with a Chinese message (exit 1) or, with `--draft`, make drafts marked 样稿 on every page and in
//! the file name — and every exported file is named `<简称>-<公示牌名称>…` in Chinese.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::path::{Path, PathBuf};

use common::liangpai;

/// The liuxi example copied into `dir` (with its photos and logos), changed by `change`.
fn example_station(dir: &Path, change: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let source = common::examples().join("liuxi-station.json");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&source).unwrap()).unwrap();
    change(&mut value);
    // The pictures are referred to relative to the station file.
    let path = dir.join("站点.json");
    copy_pictures(dir);
    std::fs::write(&path, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
    path
}

fn copy_pictures(dir: &Path) {
    for folder in ["photos", "logos"] {
        let from = common::examples().join(folder);
        if let Ok(entries) = std::fs::read_dir(&from) {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
            for entry in entries.flatten() {
                let _ = std::fs::copy(entry.path(), dir.join(folder).join(entry.file_name()));
            }
        }
    }
}

fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Pixels of the 样稿 mark's light red in an RGB picture.
fn mark_pixels(picture: &image::RgbImage) -> usize {
    picture
        .pixels()
        .filter(|pixel| {
            let [red, green, blue] = pixel.0;
            red.abs_diff(232) < 14 && green.abs_diff(110) < 14 && blue.abs_diff(110) < 14
        })
        .count()
}

/// Page `page` (from 1) of a PDF rendered at `dpi`.
fn render_pdf(pdf: &Path, page: usize, dpi: u32, dir: &Path) -> image::RgbImage {
    let prefix = dir.join(format!("page-{page}"));
    let status = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            &dpi.to_string(),
            "-f",
            &page.to_string(),
            "-l",
        ])
        .arg(page.to_string())
        .arg("-singlefile")
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    image::open(prefix.with_extension("png")).unwrap().to_rgb8()
}

fn export(station: &Path, out: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec![
        "export",
        station.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-03-01",
    ];
    args.extend_from_slice(extra);
    liangpai(&args)
}

#[test]
fn without_a_supervision_phone_nothing_is_exported_and_the_message_says_where_to_fill_it_in() {
    let dir = tempfile::tempdir().unwrap();
    let station = example_station(dir.path(), |value| {
        value["contacts"]["supervision_phone"] = "".into();
    });
    let out = dir.path().join("out");
    let (code, text) = export(&station, &out, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("没有填写监督电话"), "{text}");
    assert!(text.contains("联系方式 › 监督电话"), "{text}");
    assert!(text.contains("contacts.supervision_phone"), "{text}");
    assert!(
        text.contains("服务人员公示") && text.contains("综合公示栏"),
        "{text}"
    );
    assert!(text.contains("--draft"), "{text}");
    // Nothing at all is written: no finished-looking sign, not even the complete ones.
    assert!(names(&out).is_empty(), "{:?}", names(&out));

    // A sign that does not show the phone is exported as it is.
    let (code, text) = export(&station, &out, &["--sign", "plaque"]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        names(&out),
        ["柳溪镇社工站-印前检查.txt", "柳溪镇社工站-站点门牌.pdf"]
    );
}

#[test]
fn with_draft_the_unfinished_signs_are_marked_on_every_page_and_in_their_names() {
    let dir = tempfile::tempdir().unwrap();
    let station = example_station(dir.path(), |value| {
        value["contacts"]["supervision_phone"] = "".into();
        value["updated"] = "".into();
    });
    let out = dir.path().join("out");
    let (code, text) = export(&station, &out, &["--draft"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("已生成样稿（缺监督电话、更新日期）"),
        "{text}"
    );
    let files = names(&out);
    for expected in [
        "样稿-柳溪镇社工站-联系方式.pdf",
        "样稿-柳溪镇社工站-服务内容与服务清单.pdf",
        "样稿-柳溪镇社工站-综合公示栏.pdf",
        // Signs that show neither essential are finished signs.
        "柳溪镇社工站-站点门牌.pdf",
        "柳溪镇社工站-工作证.pdf",
        "柳溪镇社工站-工作证-拼版.pdf",
        "柳溪镇社工站-功能室门牌-个案工作室.pdf",
        "柳溪镇社工站-屏幕宣传图.png",
    ] {
        assert!(
            files.contains(&expected.to_owned()),
            "{expected}: {files:?}"
        );
    }
    // No draft can pass for the real thing: every unfinished sign's file says 样稿.
    for label in [
        "联系方式",
        "服务内容与服务清单",
        "服务人员公示",
        "服务流程图",
        "综合公示栏",
    ] {
        let unmarked = format!("柳溪镇社工站-{label}.pdf");
        assert!(!files.contains(&unmarked), "{unmarked}: {files:?}");
    }
    // 样稿 across the page: the mark's colour covers a good part of a draft, none of a finished
    // sign; the PDF's title says 样稿 too.
    let draft = render_pdf(
        &out.join("样稿-柳溪镇社工站-联系方式.pdf"),
        1,
        10,
        dir.path(),
    );
    let share = mark_pixels(&draft) as f32 / (draft.width() * draft.height()) as f32;
    assert!(share > 0.01, "{share}");
    let finished = render_pdf(&out.join("柳溪镇社工站-站点门牌.pdf"), 1, 10, dir.path());
    assert_eq!(mark_pixels(&finished), 0);
    let info = std::process::Command::new("pdfinfo")
        .arg(out.join("样稿-柳溪镇社工站-联系方式.pdf"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&info.stdout).contains("（样稿）"));

    // PNG: the same mark on the picture.
    let png_out = dir.path().join("png");
    let (code, text) = export(
        &station,
        &png_out,
        &[
            "--draft", "--format", "png", "--dpi", "30", "--sign", "contacts",
        ],
    );
    assert_eq!(code, 0, "{text}");
    let picture = image::open(png_out.join("样稿-柳溪镇社工站-联系方式.png"))
        .unwrap()
        .to_rgb8();
    let share = mark_pixels(&picture) as f32 / (picture.width() * picture.height()) as f32;
    assert!(share > 0.005, "{share}");
}

#[test]
fn every_page_of_a_long_draft_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let station = example_station(dir.path(), |value| {
        value["updated"] = "".into();
        let services = value["services"].as_array().cloned().unwrap();
        let mut many = Vec::new();
        for round in 0..8 {
            for service in &services {
                let mut service = service.clone();
                service["item"] =
                    format!("{}（第{}期）", service["item"].as_str().unwrap(), round + 1).into();
                many.push(service);
            }
        }
        value["services"] = many.into();
    });
    let out = dir.path().join("out");
    let (code, text) = export(
        &station,
        &out,
        &["--draft", "--sign", "services", "--size", "A4"],
    );
    assert_eq!(code, 0, "{text}");
    let pdf = out.join("样稿-柳溪镇社工站-服务内容与服务清单.pdf");
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .unwrap();
    let pages: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|pages| pages.trim().parse().ok())
        .unwrap();
    assert!(pages >= 2, "{pages}");
    for page in 1..=pages {
        let picture = render_pdf(&pdf, page, 20, dir.path());
        assert!(mark_pixels(&picture) > 100, "page {page} has no 样稿 mark");
    }
}

#[test]
fn files_are_named_in_chinese_after_the_station_and_the_sign() {
    let dir = tempfile::tempdir().unwrap();
    let station = example_station(dir.path(), |value| {
        // A short name with characters Windows refuses in file names.
        value["station"]["short_name"] = "柳溪:镇/社工站?".into();
    });
    let out = dir.path().join("out");
    let (code, text) = export(&station, &out, &["--sign", "plaque,badge,room_plate"]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        names(&out),
        [
            "柳溪_镇_社工站_-功能室门牌-个案工作室.pdf",
            "柳溪_镇_社工站_-功能室门牌-儿童之家.pdf",
            "柳溪_镇_社工站_-功能室门牌-小组活动室.pdf",
            "柳溪_镇_社工站_-功能室门牌-老年人活动室.pdf",
            "柳溪_镇_社工站_-印前检查.txt",
            "柳溪_镇_社工站_-工作证-拼版.pdf",
            "柳溪_镇_社工站_-工作证.pdf",
            "柳溪_镇_社工站_-站点门牌.pdf",
        ]
    );
    // With a 用途 it is named after the station, the sign and the 用途.
    let banner = dir.path().join("banner");
    let (code, text) = export(
        &station,
        &banner,
        &["--sign", "plaque", "--profile", "banner"],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        banner
            .join("柳溪_镇_社工站_-站点门牌-写真喷绘.pdf")
            .is_file(),
        "{:?}",
        names(&banner)
    );
    // PNG pages are numbered, badges named by the person.
    let png = dir.path().join("png");
    let (code, text) = export(
        &station,
        &png,
        &["--sign", "badge", "--format", "png", "--dpi", "20"],
    );
    assert_eq!(code, 0, "{text}");
    let files = names(&png);
    let pictures: Vec<&String> = files.iter().filter(|name| name.ends_with(".png")).collect();
    assert_eq!(pictures.len(), 4, "{files:?}");
    assert!(
        files.contains(&"柳溪_镇_社工站_-工作证-李晓雯.png".to_owned()),
        "{files:?}"
    );
    assert!(
        pictures
            .iter()
            .all(|name| name.starts_with("柳溪_镇_社工站_-工作证-")),
        "{files:?}"
    );
}

#[test]
fn a_batch_reports_a_station_without_its_update_date_and_makes_it_only_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("stations");
    std::fs::create_dir_all(&input).unwrap();
    let good = example_station(&input, |_| {});
    std::fs::rename(&good, input.join("甲.json")).unwrap();
    let missing = example_station(&input, |value| {
        value["station"]["name"] = "青禾县石桥镇社会工作服务站".into();
        value["station"]["town"] = "石桥镇".into();
        value["updated"] = "".into();
    });
    std::fs::rename(&missing, input.join("乙.json")).unwrap();
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "batch",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--sign",
            "plaque,contacts",
            "--date",
            "2026-03-01",
        ];
        args.extend_from_slice(extra);
        liangpai(&args)
    };
    let (code, text) = run(&[]);
    assert_eq!(code, 1, "{text}");
    let report = std::fs::read_to_string(out.join("report.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(report.trim_start_matches('\u{feff}').as_bytes());
    let row: Vec<String> = reader
        .records()
        .flatten()
        .map(|record| record.iter().map(str::to_owned).collect::<Vec<_>>())
        .find(|row| row[0] == "青禾县石桥镇社会工作服务站")
        .unwrap_or_else(|| panic!("{report}"));
    // 已生成 is empty; 错误 says what is missing, where, and how to make a draft.
    assert_eq!(row[1], "", "{row:?}");
    assert!(
        row[3].contains("没有填写更新日期（站点信息 › 更新日期）"),
        "{row:?}"
    );
    assert!(row[3].contains("--draft"), "{row:?}");
    assert!(!out.join("青禾县石桥镇社会工作服务站").exists());
    assert!(
        out.join("青禾县柳溪镇社会工作服务站/柳溪镇社工站-联系方式.pdf")
            .is_file()
    );

    let (code, text) = run(&["--draft"]);
    assert_eq!(code, 0, "{text}");
    let shiqiao = out.join("青禾县石桥镇社会工作服务站");
    assert_eq!(
        names(&shiqiao),
        [
            "样稿-石桥镇社工站-联系方式.pdf",
            "石桥镇社工站-印前检查.txt",
            "石桥镇社工站-站点门牌.pdf",
        ]
    );
    let report = std::fs::read_to_string(out.join("report.csv")).unwrap();
    assert!(report.contains("站点门牌、联系方式（样稿）"), "{report}");
}
