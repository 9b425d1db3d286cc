//! The text engine against HarfBuzz's own answer (`hb-shape`, Debian's libharfbuzz-bin) for the
//! same words and fonts, bidi with numbers, line breaks per script, vertical columns, and each
//! script's text read back from a PDF with `pdftotext`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use liangpai::fonts::{self, Face, FaceOrigin, Weight};
use liangpai::frame::{Document, Item, Page, Rect, Rgb, TextLine, TextRotation};
use liangpai::layout::text::{self, Align, FitStyle, Measured, VerticalAlign};
use liangpai::sign::SignKind;

mod frame_read;

/// One line of `text` at `size_pt` (wide enough for anything), left-aligned.
fn line(text: &str, weight: Weight, size_pt: f32) -> TextLine {
    let measured = Measured::new(fonts::bundled(), text, weight);
    let broken = measured.break_lines(1e6);
    let mut lines = measured.place(
        &broken.lines,
        size_pt,
        1.2,
        size_pt,
        Rect::new(0.0, 0.0, 1e9, 1e9),
        Align::Left,
        weight,
        Rgb::BLACK,
    );
    assert_eq!(lines.len(), 1, "{text}");
    lines.remove(0)
}

/// HarfBuzz's glyphs for `text` in `font`: (glyph id, x advance, x offset, y offset) in font
/// units, visual order.
fn harfbuzz(font: &str, text: &str) -> Vec<(u32, i64, i64, i64)> {
    let output = Command::new("hb-shape")
        .args(["--no-glyph-names", "--output-format=json", font, text])
        .output()
        .expect("hb-shape (apt-get install libharfbuzz-bin)");
    assert!(output.status.success(), "{output:?}");
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("hb-shape prints JSON");
    json.as_array()
        .expect("a list of glyphs")
        .iter()
        .map(|glyph| {
            let number = |key: &str| {
                glyph
                    .get(key)
                    .and_then(serde_json::Value::as_i64)
                    .unwrap_or(0)
            };
            (number("g") as u32, number("ax"), number("dx"), number("dy"))
        })
        .collect()
}

/// Our glyphs for `text`, in the same terms as [`harfbuzz`] (set at the font's units per em,
/// one point is one font unit).
fn ours(text: &str, weight: Weight) -> (Vec<(u32, i64, i64, i64)>, String) {
    let probe = line(text, weight, 1000.0);
    let face = probe.glyphs.first().expect("a glyph").face.clone();
    let upem = face.units_per_em();
    let shaped = line(text, weight, upem);
    let mut cursor = 0.0;
    let glyphs = shaped
        .glyphs
        .iter()
        .map(|glyph| {
            let offset = glyph.x_pt - cursor;
            cursor += glyph.advance_pt;
            (
                glyph.glyph_id,
                glyph.advance_pt.round() as i64,
                offset.round() as i64,
                (-glyph.y_pt).round() as i64,
            )
        })
        .collect();
    (glyphs, face.family().to_owned())
}

const ARABIC: &str = "fonts/scripts/NotoNaskhArabic-Regular.ttf";
const TIBETAN: &str = "fonts/scripts/NotoSerifTibetan-Regular.ttf";
const MONGOLIAN: &str = "fonts/scripts/NotoSansMongolian-Regular.ttf";
const YI: &str = "fonts/scripts/NotoSansYi-Regular.ttf";

#[test]
fn glyphs_match_harfbuzz_for_every_script() {
    let samples = [
        (ARABIC, "ئۇيغۇر"),
        (ARABIC, "شىنجاڭ"),
        (ARABIC, "ئىجتىمائىي"),
        (ARABIC, "قازاق"),
        (TIBETAN, "ཀྲ"),
        (TIBETAN, "བཀྲ་ཤིས་བདེ་ལེགས།"),
        (TIBETAN, "སྒྲུབ"),
        (TIBETAN, "བསྒྲུབས"),
        (MONGOLIAN, "ᠠᠠᠠ"),
        (MONGOLIAN, "ᠮᠣᠩᠭᠣᠯ"),
        // Free variation selector and the narrow no-break space before a suffix.
        (MONGOLIAN, "ᠭ᠋ᠠ"),
        (MONGOLIAN, "ᠠᠵᠢᠯ\u{202F}ᠤᠨ"),
        (YI, "ꆈꌠꁱꂷ"),
    ];
    for (font, text) in samples {
        let expected = harfbuzz(font, text);
        let (got, family) = ours(text, Weight::Regular);
        assert_eq!(got, expected, "{text} in {family} ({font})");
    }
}

#[test]
fn uyghur_letters_take_their_joining_forms_right_to_left() {
    // ئۇيغۇر: initial, final, initial, medial, final, isolated; the first letter rightmost.
    let shaped = line("ئۇيغۇر", Weight::Regular, 20.0);
    let face = Face::from_bytes(
        std::fs::read(ARABIC).expect("the bundled Arabic font"),
        FaceOrigin::User("naskh".into()),
    )
    .expect("a font");
    let names: Vec<u32> = shaped.glyphs.iter().map(|glyph| glyph.glyph_id).collect();
    // The first letter (ئ, text byte 0) is drawn rightmost: last in visual order.
    assert_eq!(
        shaped.glyphs.last().map(|glyph| glyph.text_range.start),
        Some(0)
    );
    // Six glyphs, no two neighbours the same (joined forms differ from isolated ones).
    assert_eq!(names.len(), 6, "{names:?}");
    let isolated: Vec<u32> = "ئۇيغۇر"
        .chars()
        .filter_map(|ch| face.glyph(ch).map(|glyph| glyph.to_u32()))
        .collect();
    // Only the last letter (ر, leftmost) keeps its isolated (character map) form.
    assert_eq!(names.first(), isolated.last());
    for (position, glyph) in names.iter().enumerate().skip(1) {
        assert!(
            !isolated.contains(glyph),
            "glyph {position} not joined: {names:?}"
        );
    }
}

#[test]
fn tibetan_stacks_without_dotted_circles() {
    let shaped = line("ཀྲ", Weight::Regular, 20.0);
    assert_eq!(shaped.glyphs.len(), 1, "ཀྲ is one stacked glyph");
    let dotted_circle = fonts::bundled()
        .glyph(Weight::Regular, '\u{25CC}')
        .map(|(_, glyph)| glyph.to_u32());
    let shaped = line("བསྒྲུབས་ཀྱི་", Weight::Regular, 20.0);
    assert!(
        shaped
            .glyphs
            .iter()
            .all(|glyph| Some(glyph.glyph_id) != dotted_circle)
    );
    assert_eq!(shaped.text, "བསྒྲུབས་ཀྱི་");
}

#[test]
fn mongolian_letters_take_three_forms() {
    let shaped = line("ᠠᠠᠠ", Weight::Regular, 20.0);
    let ids: Vec<u32> = shaped.glyphs.iter().map(|glyph| glyph.glyph_id).collect();
    assert_eq!(ids.len(), 3);
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "{ids:?}"
    );
}

/// The characters of a line in visual order (left to right), from each glyph's text.
fn visual(line: &TextLine) -> String {
    let mut out = String::new();
    let mut last: Option<std::ops::Range<usize>> = None;
    for glyph in &line.glyphs {
        if last.as_ref() != Some(&glyph.text_range) {
            out.push_str(line.text.get(glyph.text_range.clone()).unwrap_or_default());
            last = Some(glyph.text_range.clone());
        }
    }
    out
}

#[test]
fn numbers_read_left_to_right_inside_uyghur() {
    for (text, number) in [
        ("تېلېفون 0991-1234567", "0991-1234567"),
        ("ۋاقتى 10:00-14:00 گىچە", "10:00-14:00"),
        ("يېشى 6-14 ياش", "6-14"),
        (
            "تېلېفون ０９９４－６８２１２３４",
            "０９９４－６８２１２３４",
        ),
        ("138 0000 0001 نومۇر", "138 0000 0001"),
    ] {
        let shaped = line(text, Weight::Regular, 20.0);
        let seen = visual(&shaped);
        assert!(seen.contains(number), "{text}: visual order {seen}");
        // The Uyghur word that starts the text stands at the right end.
        let first_word: String = text.chars().take_while(|ch| *ch != ' ').collect();
        if first_word.chars().all(|ch| !ch.is_ascii_digit()) {
            let rightmost = shaped.glyphs.last().map(|glyph| glyph.text_range.start);
            assert_eq!(rightmost, Some(0), "{text}: {seen}");
        }
    }
    // Chinese with a Uyghur word and a number: the number after the word stays as typed.
    let shaped = line("电话：تېلېفون 0991-1234567", Weight::Regular, 20.0);
    assert!(
        visual(&shaped).contains("0991-1234567"),
        "{}",
        visual(&shaped)
    );
    assert!(visual(&shaped).starts_with("电话："));
}

#[test]
fn brackets_are_mirrored_in_right_to_left_text() {
    let shaped = line("(ئۇيغۇر)", Weight::Regular, 20.0);
    let face = shaped.glyphs.first().expect("glyphs").face.clone();
    let open = face.glyph('(').expect("(").to_u32();
    let close = face.glyph(')').expect(")").to_u32();
    // Visually rightmost: the logical "(" drawn as ")" — mirrored, it opens to the left.
    let rightmost = shaped.glyphs.last().expect("glyphs");
    assert_eq!(shaped.text.get(rightmost.text_range.clone()), Some("("));
    assert_eq!(rightmost.glyph_id, close);
    let leftmost = shaped.glyphs.first().expect("glyphs");
    assert_eq!(leftmost.glyph_id, open);
}

fn style(size_pt: f32, align: Align) -> FitStyle {
    FitStyle {
        weight: Weight::Regular,
        max_size_pt: size_pt,
        min_size_pt: size_pt,
        line_height: 1.4,
        color: Rgb::BLACK,
        align,
        valign: VerticalAlign::Top,
        max_lines: 0,
        vertical: false,
    }
}

fn lines_of(text: &str, width_pt: f32, align: Align) -> Vec<String> {
    text::fit(
        fonts::bundled(),
        text,
        Rect::new(0.0, 0.0, width_pt, 10_000.0),
        &style(10.0, align),
    )
    .lines
    .into_iter()
    .map(|line| line.text)
    .collect()
}

#[test]
fn lines_break_where_each_script_allows() {
    // Uyghur at spaces: every line is whole words.
    let name = "شىنجاڭ ئۇيغۇر ئاپتونوم رايونى چىڭخې ناھىيەسى بەيياڭ بازىرى ئىجتىمائىي خىزمەت مۇلازىمەت پونكىتى";
    let words: Vec<&str> = name.split(' ').collect();
    let lines = lines_of(name, 150.0, Align::Left);
    assert!(lines.len() > 2, "{lines:?}");
    for line in &lines {
        for word in line.split(' ') {
            assert!(words.contains(&word), "{word} in {lines:?}");
        }
    }
    // Tibetan after the tsheg, never before the shad.
    let tibetan = "བཀྲ་ཤིས་བདེ་ལེགས། སྤྱི་ཚོགས་ལས་ཀའི་ཞབས་ཞུ་ས་ཚིགས།";
    let lines = lines_of(tibetan, 60.0, Align::Left);
    assert!(lines.len() > 1, "{lines:?}");
    for line in &lines[..lines.len() - 1] {
        assert!(
            line.ends_with('་') || line.ends_with('།') || line.ends_with(' '),
            "{lines:?}"
        );
    }
    assert!(lines.iter().all(|line| !line.starts_with('།')), "{lines:?}");
    // Korean at spaces.
    let lines = lines_of("사회복지 서비스센터 상담실", 60.0, Align::Left);
    assert!(lines.iter().all(|line| {
        ["사회복지", "서비스센터", "상담실"]
            .iter()
            .any(|word| line.trim() == *word || line.contains(word))
    }));
    // Full-width phone numbers are never split.
    let lines = lines_of(
        "监督电话：０９９４－６８２１２３４（县民政局）",
        150.0,
        Align::Left,
    );
    assert!(lines.len() > 1, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|line| line.contains("０９９４－６８２１２３４")),
        "{lines:?}"
    );
    // A long address breaks after / . @ - _ rather than anywhere.
    let lines = lines_of(
        "https://mzj.qinghe.example.gov.cn/shegong/liuxi-station/index.html",
        120.0,
        Align::Left,
    );
    assert!(lines.len() > 1);
    for line in &lines[..lines.len() - 1] {
        let last = line.chars().last().unwrap_or(' ');
        assert!("/.@-_".contains(last), "{lines:?}");
    }
}

#[test]
fn xinjiang_names_break_between_administrative_units() {
    let name = "新疆维吾尔自治区昌吉回族自治州吉木萨尔县北庭镇社会工作服务站";
    let centred = |width_em: f32| {
        let measured = Measured::new(fonts::bundled(), name, Weight::Bold);
        let broken = measured.break_balanced(width_em);
        let placed = measured.place(
            &broken.lines,
            10.0,
            1.2,
            10.0,
            Rect::new(0.0, 0.0, width_em * 10.0, 1000.0),
            Align::Center,
            Weight::Bold,
            Rgb::BLACK,
        );
        placed.into_iter().map(|line| line.text).collect::<Vec<_>>()
    };
    assert_eq!(
        centred(13.0),
        [
            "新疆维吾尔自治区",
            "昌吉回族自治州吉木萨尔县",
            "北庭镇社会工作服务站"
        ]
    );
    for width in [11.0, 12.0, 15.0, 16.0, 20.0] {
        let lines = centred(width);
        let joined: String = lines.concat();
        assert_eq!(joined, name);
        for line in &lines {
            assert!(line.chars().count() as f32 <= width, "{lines:?}");
        }
    }
}

#[test]
fn justified_lines_are_full_and_never_spaced_out() {
    // The built-in 服务承诺: a justified paragraph.
    let text = "二、尊重平等。不因身份、年龄、性别、民族、宗教信仰、经济状况等区别对待服务对象，不满意可拨打监督电话。";
    let fitted = text::fit(
        fonts::bundled(),
        text,
        Rect::new(0.0, 0.0, 173.0, 10_000.0),
        &style(10.0, Align::Justify),
    );
    assert!(fitted.lines.len() > 2);
    for (index, line) in fitted.lines.iter().enumerate() {
        // No gap between two glyphs wider than a quarter em beyond their advances.
        let mut widest_gap = 0.0f32;
        for pair in line.glyphs.windows(2) {
            let natural = pair[0].face.advance_em(skrifa_glyph(pair[0].glyph_id)) * 10.0;
            widest_gap = widest_gap.max(pair[1].x_pt - pair[0].x_pt - natural);
        }
        assert!(
            widest_gap <= 2.5 + 0.01,
            "line {index} {}: gap {widest_gap}",
            line.text
        );
        // The last line is a paragraph end: never stretched, and never one lone character.
        if index + 1 == fitted.lines.len() {
            assert!(
                line.text
                    .chars()
                    .filter(|ch| !"，。、".contains(*ch))
                    .count()
                    >= 2
            );
        }
    }
}

fn skrifa_glyph(id: u32) -> skrifa::GlyphId {
    skrifa::GlyphId::new(id)
}

#[test]
fn accents_sit_on_their_letters_and_placeholders_are_missing() {
    // e + U+0301 is set as é: one glyph, the accented letter's own.
    let shaped = line("Jose\u{301} Martí", Weight::Regular, 20.0);
    assert_eq!(shaped.text, "José Martí");
    let face = fonts::bundled().face(Weight::Regular);
    let accented = face.glyph('é').expect("é").to_u32();
    assert!(shaped.glyphs.iter().any(|glyph| glyph.glyph_id == accented));
    assert_eq!(shaped.glyphs.len(), "José Martí".chars().count());
    // A flag drawn as two boxed letters by a font without emoji counts as missing.
    let babelstone = "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf";
    let bytes = std::fs::read(babelstone).expect("fonts-babelstone-han (in .ci/run)");
    let user = Face::from_bytes(bytes, FaceOrigin::User(babelstone.into())).expect("a font");
    let with_user = fonts::bundled().clone().with_user_fonts([user]);
    let measured = Measured::new(&with_user, "中国🇨🇳社工", Weight::Regular);
    assert_eq!(measured.missing, vec!['🇨', '🇳']);
    assert_eq!(measured.single_line_em(), 4.0);
}

#[test]
fn vertical_mongolian_runs_down_in_columns_left_to_right() {
    let text = "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠠᠵᠢᠯ ᠤᠨ ᠲᠥᠪ ᠪᠠᠶᠢᠷ ᠰᠠᠭᠤᠷᠢ";
    let fitted = text::fit(
        fonts::bundled(),
        text,
        Rect::new(50.0, 20.0, 200.0, 120.0),
        &FitStyle {
            vertical: true,
            valign: VerticalAlign::Top,
            ..style(14.0, Align::Left)
        },
    );
    assert!(!fitted.overflow);
    assert!(fitted.lines.len() >= 2, "{} columns", fitted.lines.len());
    let mut previous_x = f32::MIN;
    for line in &fitted.lines {
        assert_eq!(line.rotation, TextRotation::Clockwise, "{}", line.text);
        assert!(line.origin.x > previous_x);
        previous_x = line.origin.x;
        let extent = line.extent();
        assert!(
            Rect::new(50.0, 20.0, 200.0, 120.0).contains(&extent, 0.5),
            "{extent:?}"
        );
        // Taller than wide: the column runs down.
        assert!(extent.height > extent.width, "{extent:?}");
    }
    let joined: Vec<String> = fitted.lines.iter().map(|line| line.text.clone()).collect();
    assert_eq!(joined.join(" "), text);
}

#[test]
fn vertical_chinese_stands_upright_with_vertical_punctuation() {
    let fitted = text::fit(
        fonts::bundled(),
        "社工站，欢迎您。",
        Rect::new(0.0, 0.0, 40.0, 200.0),
        &FitStyle {
            vertical: true,
            ..style(20.0, Align::Left)
        },
    );
    assert_eq!(fitted.lines.len(), 1);
    let column = &fitted.lines[0];
    assert_eq!(column.rotation, TextRotation::None);
    // Stacked: each character below the one before, all on one x.
    for pair in column.glyphs.windows(2) {
        assert!(pair[1].y_pt > pair[0].y_pt);
        assert!(
            (pair[1].x_pt + pair[1].advance_pt / 2.0 - pair[0].x_pt - pair[0].advance_pt / 2.0)
                .abs()
                < 0.01
        );
    }
    let face = fonts::bundled().face(Weight::Regular);
    let vertical_comma = face.glyph('︐').expect("the vertical comma").to_u32();
    assert!(
        column
            .glyphs
            .iter()
            .any(|glyph| glyph.glyph_id == vertical_comma)
    );
}

#[test]
fn vertical_chinese_columns_run_right_to_left() {
    // A name in two columns starts in the right one, as Chinese is read; the lines stay in
    // reading order (the PDF's text too).
    let area = Rect::new(0.0, 0.0, 160.0, 200.0);
    let fitted = text::fit(
        fonts::bundled(),
        "内蒙古自治区青禾旗白塔镇社会工作服务站",
        area,
        &FitStyle {
            vertical: true,
            ..style(20.0, Align::Left)
        },
    );
    assert!(!fitted.overflow);
    assert!(fitted.lines.len() >= 2, "{} columns", fitted.lines.len());
    assert!(fitted.lines[0].text.starts_with("内蒙古"));
    for pair in fitted.lines.windows(2) {
        assert!(pair[0].origin.x > pair[1].origin.x, "right to left");
    }
    for line in &fitted.lines {
        assert!(area.contains(&line.extent(), 0.5), "{:?}", line.extent());
    }
}

/// A page holding each sample on its own line, as a PDF; what `pdftotext -raw` reads back.
fn pdf_text(samples: &[&str]) -> String {
    let mut items = Vec::new();
    for (index, sample) in samples.iter().enumerate() {
        let fitted = text::fit(
            fonts::bundled(),
            sample,
            Rect::new(20.0, 20.0 + index as f32 * 40.0, 500.0, 36.0),
            &style(14.0, Align::Left),
        );
        items.extend(fitted.lines.into_iter().map(Item::Text));
    }
    let document = Document {
        kind: SignKind::Plaque,
        title: "文字".into(),
        pages: vec![Page {
            width_pt: 560.0,
            height_pt: 40.0 * samples.len() as f32 + 40.0,
            bleed_pt: 0.0,
            background: Rgb::WHITE,
            items,
        }],
        warnings: Vec::new(),
    };
    frame_read::pdf_text(&document)
}

#[test]
fn every_script_reads_back_from_the_pdf() {
    let samples = [
        "青禾县白杨镇社会工作服务站",
        "ئىجتىمائىي خىزمەت پونكىتى",
        "བཀྲ་ཤིས་བདེ་ལེགས།",
        "ᠨᠡᠶᠢᠭᠡᠮ ᠦᠨ ᠠᠵᠢᠯ",
        "사회복지 서비스센터",
        "ꆈꌠꁱꂷ",
        "José Martí 0991-1234567",
    ];
    let read = pdf_text(&samples);
    let squeeze =
        |text: &str| -> String { text.chars().filter(|ch| !ch.is_whitespace()).collect() };
    // pdftotext puts right-to-left words in visual order, between embedding marks; each word
    // reads in logical order.
    let read: String = squeeze(&read)
        .chars()
        .filter(|ch| !('\u{202A}'..='\u{202E}').contains(ch))
        .collect();
    for sample in samples {
        for word in sample.split(' ') {
            assert!(read.contains(word), "{word} not in {read}");
        }
    }
}

#[test]
fn format_characters_are_shaped_not_reported() {
    // The layout's own word joiners, a zero-width space from WeChat, a soft hyphen from Word.
    let measured = Measured::new(
        fonts::bundled(),
        "青禾县\u{2060}柳溪镇\u{200B}社会\u{00AD}工作\u{FEFF}站",
        Weight::Regular,
    );
    assert!(measured.missing.is_empty(), "{:?}", measured.missing);
    // Nor are they in the line's text (what copying from the PDF gives).
    let broken = measured.break_lines(100.0);
    let placed = measured.place(
        &broken.lines,
        10.0,
        1.2,
        10.0,
        Rect::new(0.0, 0.0, 1000.0, 100.0),
        Align::Left,
        Weight::Regular,
        Rgb::BLACK,
    );
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].text, "青禾县柳溪镇社会工作站");
    // Eleven characters, one em each; the format characters take no room.
    assert!(
        (measured.single_line_em() - 11.0).abs() < 0.01,
        "{}",
        measured.single_line_em()
    );
}
