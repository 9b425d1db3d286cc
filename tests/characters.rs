//! Every character is printed or reported: the bundled Noto subset keeps every non-Hangul
//! character of Noto Sans CJK SC, the fallback font (BabelStone Han, Debian's
//! fonts-babelstone-han, installed by .ci/run) draws what Noto lacks, user fonts come between,
//! a character in no font is an error in a name (check and export exit 1, naming the field), and
//! invisible / look-alike characters are cleaned when a file is loaded.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::SignPath;

use std::path::{Path, PathBuf};
use std::process::Command;

use liangpai::fonts::{self, FaceOrigin, Fonts, Weight};
use liangpai::layout::{self, Item, LayoutOptions};
use liangpai::model::{self, StationFile};
use liangpai::sign::SignKind;

/// Ext-C, Ext-D, Ext-E name characters of the 2013 通用规范汉字表 that Noto Sans CJK SC has.
const NOTO_RARE: &str = "𪟝𪨰𫄨𫍣𫘝";
/// Ext-B and Ext-G characters Noto lacks and BabelStone Han has.
const FALLBACK_ONLY: &str = "𪛖𰀀";
/// An Egyptian hieroglyph: in no font the program has.
const NO_FONT: char = '\u{13000}';

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/examples/liuxi-station.json")
}

fn example() -> StationFile {
    liangpai::storage::load(&example_path()).unwrap()
}

/// Writes the station beside a copy of the example's pictures (its paths are relative).
fn write_station(dir: &Path, station: &StationFile) -> PathBuf {
    let examples = example_path().parent().unwrap().to_path_buf();
    for entry in std::fs::read_dir(&examples).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_dir() {
            let target = dir.join(entry.file_name());
            std::fs::create_dir_all(&target).unwrap();
            for file in std::fs::read_dir(entry.path()).unwrap() {
                let file = file.unwrap();
                std::fs::copy(file.path(), target.join(file.file_name())).unwrap();
            }
        }
    }
    let path = dir.join("站点.json");
    std::fs::write(&path, station.to_json()).unwrap();
    path
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args(args)
        .env(
            "LIANGPAI_DATA_DIR",
            std::env::temp_dir().join("liangpai-characters-test-data"),
        )
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn bundled_faces_have_the_rare_name_characters() {
    for weight in [Weight::Regular, Weight::Bold] {
        let face = fonts::bundled().face(weight);
        for ch in NOTO_RARE.chars() {
            let glyph = face.glyph(ch);
            assert!(glyph.is_some_and(|g| g.to_u32() != 0), "{ch} in {weight:?}");
        }
        // Not a toy subset: about 33,000 characters (Noto's 44,810 less Hangul).
        assert!(face.char_count() > 33_000, "{}", face.char_count());
    }
}

/// The cmap check over the bundled face against its source, Debian's Noto Sans CJK SC: every
/// character but Hangul is kept.
#[test]
fn bundled_faces_keep_every_non_hangul_character_of_noto() {
    let sources = [
        (
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            Weight::Regular,
        ),
        (
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
            Weight::Bold,
        ),
    ];
    for (path, weight) in sources {
        let bytes = std::fs::read(path)
            .unwrap_or_else(|error| panic!("{path} (apt-get install fonts-noto-cjk): {error}"));
        use skrifa::MetadataProvider;
        let source = skrifa::FontRef::from_index(&bytes, 2).unwrap();
        let name = source
            .localized_strings(skrifa::string::StringId::FULL_NAME)
            .english_or_first()
            .map(|name| name.to_string())
            .unwrap_or_default();
        assert!(name.contains("SC"), "{name}");
        let face = fonts::bundled().face(weight);
        let hangul = |c: u32| {
            matches!(c, 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF
                | 0x3200..=0x321E | 0x3260..=0x327F | 0xFFA0..=0xFFDC)
        };
        let mut lost = Vec::new();
        let mut kept = 0;
        for (code, _) in source.charmap().mappings() {
            if hangul(code) {
                continue;
            }
            match char::from_u32(code).and_then(|ch| face.glyph(ch)) {
                Some(_) => kept += 1,
                None => lost.push(format!("U+{code:04X}")),
            }
        }
        assert!(
            lost.is_empty(),
            "{weight:?} lost {} characters: {:?}",
            lost.len(),
            &lost[..lost.len().min(20)]
        );
        assert!(kept > 33_000, "{kept}");
    }
}

fn full_fonts() -> Fonts {
    let face = liangpai::font_files::fallback_face()
        .unwrap_or_else(|error| panic!("{error} (apt-get install fonts-babelstone-han)"));
    fonts::bundled().clone().with_fallback(face)
}

#[test]
fn the_fallback_draws_only_what_noto_lacks() {
    let fonts = full_fonts();
    // 中 and a Noto Ext-E character come from the bundled face, never the fallback.
    for ch in "中𫄨".chars() {
        let (face, _) = fonts.glyph(Weight::Bold, ch).unwrap();
        assert_eq!(face.origin(), &FaceOrigin::Bundled, "{ch}");
    }
    for ch in FALLBACK_ONLY.chars() {
        let (face, glyph) = fonts.glyph(Weight::Regular, ch).unwrap();
        assert!(matches!(face.origin(), FaceOrigin::Fallback(_)), "{ch}");
        assert_ne!(glyph.to_u32(), 0);
    }
    assert_eq!(fonts.missing_chars(&format!("王{NO_FONT}")), vec![NO_FONT]);
}

#[test]
fn user_fonts_come_after_the_bundled_ones_and_before_the_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let system = Path::new(liangpai::font_files::SYSTEM_FALLBACK);
    assert!(system.is_file(), "apt-get install fonts-babelstone-han");
    std::os::unix::fs::symlink(system, dir.path().join("我的字体.ttf")).unwrap();
    let user = liangpai::font_files::read_user_fonts(&[(dir.path().to_path_buf(), false)]);
    assert!(user.problems.is_empty(), "{:?}", user.problems);
    let fonts = full_fonts().with_user_fonts(user.faces);
    let (face, _) = fonts.glyph(Weight::Regular, '𪛖').unwrap();
    assert!(matches!(face.origin(), FaceOrigin::User(file) if file.ends_with("我的字体.ttf")));
    let (face, _) = fonts.glyph(Weight::Regular, '方').unwrap();
    assert_eq!(face.origin(), &FaceOrigin::Bundled);
}

fn rare_station() -> StationFile {
    let mut station = example();
    station.staff[0].name = "王𫄨".to_owned();
    station.staff[1].name = "李𪛖".to_owned();
    station
}

/// A staff name with an Ext-E character (Noto) and one with an Ext-B character (fallback) are
/// laid out with real glyphs, in the PDF's text layer and in the PNG.
#[test]
fn rare_staff_names_are_printed_in_pdf_and_png() {
    let station = rare_station();
    let options = LayoutOptions {
        fonts: full_fonts(),
        ..LayoutOptions::default()
    };
    let document = layout::layout_sign(
        &station,
        &layout::Assets::default(),
        SignKind::Staff,
        &options,
    )
    .unwrap();
    for name in ["王𫄨", "李𪛖"] {
        let line = document
            .pages
            .iter()
            .flat_map(|page| &page.items)
            .find_map(|item| match item {
                Item::Text(line) if line.text.contains(name) => Some(line),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name} not laid out"));
        assert_eq!(line.text.chars().count(), line.glyphs.len());
        assert!(
            line.glyphs.iter().all(|glyph| glyph.glyph_id != 0),
            "{name}"
        );
    }
    assert!(
        !document
            .warnings
            .iter()
            .any(|w| w.message.contains("没有字体")),
        "{:?}",
        document.warnings
    );

    let dir = tempfile::tempdir().unwrap();
    let path = write_station(dir.path(), &station);
    let out = dir.path().join("out");
    let (code, _, stderr) = run(&[
        "export",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "staff",
        "--date",
        "2026-03-01",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let text = Command::new("pdftotext")
        .args(["-raw", out.sign("服务人员公示.pdf").to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).replace([' ', '\n'], "");
    assert!(text.contains("王𫄨") && text.contains("李𪛖"), "{text}");
    let fonts = Command::new("pdffonts")
        .arg(out.sign("服务人员公示.pdf"))
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).to_string();
    assert!(fonts.contains("BabelStone"), "{fonts}");

    let (code, _, stderr) = run(&[
        "export",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "staff",
        "--format",
        "png",
        "--dpi",
        "30",
    ]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_name_character_in_no_font_is_an_error_at_its_field() {
    let mut station = example();
    station.staff[0].name = format!("王{NO_FONT}");
    station.station.intro.push(NO_FONT);
    let problems = model::check_characters(&station, |ch| full_fonts().has_char(ch));
    let name = problems
        .iter()
        .find(|p| p.field == "staff[0].name")
        .unwrap();
    assert_eq!(name.severity, model::Severity::Error);
    assert!(name.message.contains("U+13000"), "{}", name.message);
    let intro = problems
        .iter()
        .find(|p| p.field == "station.intro")
        .unwrap();
    assert_eq!(intro.severity, model::Severity::Warning);

    let dir = tempfile::tempdir().unwrap();
    let path = write_station(dir.path(), &station);
    let (code, stdout, _) = run(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.lines().any(|line| line.contains("错误")
            && line.contains("staff[0].name")
            && line.contains("U+13000")),
        "{stdout}"
    );
    let out = dir.path().join("out");
    let (code, _, stderr) = run(&[
        "export",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "staff",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("staff[0].name"), "{stderr}");
}

/// A character no font has in 承接机构 is reported at station.operator, not at the footer's
/// 更新日期.
#[test]
fn the_footer_reports_a_missing_character_at_its_own_part() {
    let mut station = example();
    station.station.operator = format!("青禾{NO_FONT}社会工作服务中心");
    let document = layout::layout_sign(
        &station,
        &layout::Assets::default(),
        SignKind::Plaque,
        &LayoutOptions::default(),
    )
    .unwrap();
    let missing: Vec<_> = document
        .warnings
        .iter()
        .filter(|w| w.message.contains("没有字体"))
        .collect();
    assert!(!missing.is_empty(), "{:?}", document.warnings);
    for warning in missing {
        assert_eq!(warning.field.to_string(), "station.operator", "{warning:?}");
        assert!(warning.message.contains("U+13000"), "{}", warning.message);
    }
}

#[test]
fn invisible_and_look_alike_characters_are_cleaned_when_loaded() {
    let mut station = example();
    // Word's soft hyphen, WeChat's zero-width space, a PDF's bidi mark and Kangxi radical ⽅.
    station.station.name = "青禾县柳溪镇社\u{00AD}会工作\u{200B}服务站\u{200E}".to_owned();
    station.staff[0].name = "⽅⽂".to_owned();
    let dir = tempfile::tempdir().unwrap();
    let path = write_station(dir.path(), &station);
    let loaded = liangpai::storage::load(&path).unwrap();
    assert_eq!(loaded.station.name, "青禾县柳溪镇社会工作服务站");
    assert_eq!(loaded.staff[0].name, "方文");
    assert_eq!(
        model::normalize_text("⽊\u{FEFF}林"),
        Some("木林".to_owned())
    );
    assert_eq!(model::normalize_text("普通文字"), None);
    // Compatibility forms other than Kangxi radicals are the user's choice.
    assert_eq!(model::normalize_text("ＡＢ①"), None);
    // Format characters a script needs are kept where it uses them: the Mongolian vowel
    // separator and free variation selectors, a joiner inside Uyghur, direction marks in
    // right-to-left text; the same characters in Chinese text are cleaned.
    for needed in [
        "ᠬᠠᠷ\u{180E}ᠠ",
        "ᠭ\u{180B}ᠠ ᠠᠵᠢᠯ\u{202F}ᠤᠨ",
        "ئۇ\u{200D}يغۇر",
        "\u{2067}تېلېفون 0991-1234567\u{2069}",
        "ئۇيغۇر\u{200F} 6-14",
    ] {
        assert_eq!(model::normalize_text(needed), None, "{needed:?}");
    }
    assert_eq!(
        model::normalize_text("社工\u{180E}站\u{200D}服务\u{200F}"),
        Some("社工站服务".to_owned())
    );
    // And `check` calls none of them a character no font has.
    assert!(
        liangpai::fonts::bundled()
            .missing_chars("ᠭ\u{180B}ᠠ\u{180E}ᠠ\u{202F}ᠤᠨ\u{200D}\u{2067}ئ\u{2069}،")
            .is_empty()
    );
    // What the app does after each edit.
    let mut typed = example();
    typed.staff[1].name = "张\u{200B}⽅".to_owned();
    assert!(typed.normalize());
    assert_eq!(typed.staff[1].name, "张方");
    assert!(!typed.normalize());
}
