//! Rosters with translation columns (signs in two or three scripts): the blank roster written
//! with `--languages 维吾尔文、藏文` has a `列名（民族文字）` column beside every column the signs
//! print; filled in by a script as a county would (openpyxl: Uyghur and Tibetan text, 站点全称
//! merged down a station's staff rows, full-width digits in dates, a mistyped translation
//! header) and given to `liangpai batch`, it makes bilingual sets whose PDFs hold the
//! translations whole (`pdftotext`); the mistyped header is a warning naming its sheet and
//! column. A CSV roster without 民族文字 gets the languages of its translations, with a warning.
//! A station file's order and size ratio (Chinese first, 0.8) survive a roster written and read
//! back through 文字顺序 and 民族文字字号比例; a ratio of 8 is named with its sheet, row and column.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{SignPath, liangpai};

use std::path::Path;
use std::process::Command;

use liangpai::batch::roster;
use liangpai::model::{Language, LanguageOrder, StationFile};

const BAIYANG: &str = "新疆维吾尔自治区青禾县白杨镇社会工作服务站";
const DEQING: &str = "西藏自治区青禾县德庆镇社会工作服务站";
const BAIYANG_UG: &str =
    "شىنجاڭ ئۇيغۇر ئاپتونوم رايونى چىڭخې ناھىيەسى بەيياڭ بازىرى ئىجتىمائىي خىزمەت مۇلازىمەت پونكىتى";
const OPERATOR_UG: &str = "چىڭخې ناھىيەسى ئىجتىمائىي خىزمەت مەركىزى";
const ROOMS_UG: [&str; 2] = ["يەككە خىزمەت ئۆيى", "گۇرۇپپا پائالىيەت ئۆيى"];
const STAFF_UG: [&str; 2] = ["گۈلنار ئابدۇرېھىم", "ئەخمەتجان تۇرسۇن"];
const DEQING_BO: &str = "བོད་རང་སྐྱོང་ལྗོངས་ལྷ་ས་གྲོང་ཁྱེར་བདེ་ཆེན་གྲོང་རྡལ་སྤྱི་ཚོགས་ལས་དོན་ཞབས་ཞུ་ས་ཚིགས།";
const STAFF_BO: &str = "བསྟན་འཛིན་སྒྲོལ་མ།";
const SERVICE_BO: &str = "དཀའ་ངལ་ཁྱིམ་ཚང་ལ་ཐུག་འཚམས།";

/// [`pdf_text`] of every PDF in `folder`.
fn folder_text(folder: &Path) -> String {
    let mut text = String::new();
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    files.sort();
    for file in files {
        text.push_str(&pdf_text(&file));
    }
    text
}

/// `pdftotext` in its reading order (bidi resolved: `-raw` gives right-to-left runs in drawing
/// order, which splits a word at its lam-alef ligature), without spaces, line breaks and
/// direction marks: a text broken over lines is found whole.
fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext");
    squeeze(&String::from_utf8_lossy(&output.stdout))
}

fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|ch| {
            !ch.is_whitespace()
                && !('\u{200B}'..='\u{200F}').contains(ch)
                && !('\u{202A}'..='\u{202E}').contains(ch)
                && !('\u{2060}'..='\u{206F}').contains(ch)
        })
        .collect()
}

/// `translation` is in `text`, whole and in order (spaces and line breaks aside).
fn assert_words_in(text: &str, translation: &str, what: &str) {
    assert!(
        text.contains(&squeeze(translation)),
        "{what}: “{translation}” not in the PDFs: {text}"
    );
}

fn station<'a>(read: &'a roster::Roster, name: &str) -> &'a StationFile {
    let entry = read
        .stations
        .iter()
        .find(|entry| entry.name == name)
        .unwrap_or_else(|| panic!("{name} not read"));
    entry
        .station
        .as_ref()
        .unwrap_or_else(|problems| panic!("{name}: {problems:?}"))
}

/// Fills the written template as a county would, with openpyxl: the example rows deleted, two
/// stations, 站点全称 merged down Baiyang's staff rows, full-width digits, one mistyped
/// translation header.
const FILL: &str = r#"
import sys, openpyxl
path = sys.argv[1]
book = openpyxl.load_workbook(path)
def columns(sheet):
    return {cell.value: cell.column for cell in sheet[1] if cell.value}
def put(sheet, row, values):
    cols = columns(sheet)
    for name, value in values.items():
        if name not in cols:
            raise SystemExit("no column " + name + " in " + sheet.title + ": " + ", ".join(cols))
        sheet.cell(row=row, column=cols[name], value=value)
for sheet in book.worksheets[1:]:
    sheet.delete_rows(2, sheet.max_row)
s = book["站点"]
put(s, 2, {
    "站点全称": sys.argv[2], "简称": "白杨镇社工站", "县区": "青禾县", "乡镇（街道）": "白杨镇",
    "承接机构": "青禾县同心社会工作服务中心", "功能室": "个案工作室、小组活动室",
    "监督电话": "０９９１－６６０９９９９", "更新日期": "２０２６－０３－０１", "民族文字": "维吾尔文",
    "站点全称（维吾尔文）": sys.argv[4], "承接机构（维吾尔文）": sys.argv[5],
    "功能室（维吾尔文）": sys.argv[6] + "、" + sys.argv[7],
})
put(s, 3, {
    "站点全称": sys.argv[3], "简称": "德庆镇社工站", "监督电话": "0891-6609999",
    "更新日期": "2026年3月1日", "地区预设": "西藏自治区", "站点全称（藏文）": sys.argv[10],
})
t = book["服务人员"]
put(t, 2, {"站点全称": sys.argv[2], "姓名": "古丽娜尔", "岗位": "站长", "姓名（维吾尔文）": sys.argv[8]})
put(t, 3, {"姓名": "艾合买提江", "岗位": "驻站社工", "姓名（维吾尔文）": sys.argv[9]})
t.merge_cells("A2:A3")
put(t, 4, {"站点全称": sys.argv[3], "姓名": "丹增卓玛", "岗位": "站长", "姓名（藏文）": sys.argv[11]})
bad = t.max_column + 1
t.cell(row=1, column=bad, value="岗位（维语）")
t.cell(row=2, column=bad, value="مەسئۇل")
v = book["服务项目"]
put(v, 2, {"站点全称": sys.argv[3], "服务类别": "社会救助", "服务项目": "困难家庭走访",
           "服务项目（藏文）": sys.argv[12]})
book.save(path)
"#;

#[test]
fn a_written_template_filled_with_uyghur_and_tibetan_makes_bilingual_sets() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("花名册.xlsx");
    let (code, text) = liangpai(&[
        "batch",
        "--write-template",
        template.to_str().unwrap(),
        "--languages",
        "维吾尔文、藏文",
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("译文填在“列名（维吾尔文）”列"), "{text}");

    // The blank roster reads back as the example with its languages and no translations.
    let blank = roster::read_workbook(&template).unwrap();
    assert!(blank.notes.is_empty(), "{:?}", blank.notes);
    let example = blank.stations[0].station.as_ref().unwrap();
    assert_eq!(
        example
            .languages
            .as_ref()
            .map(|languages| languages.local.clone()),
        Some(vec!["ug".to_owned(), "bo".to_owned()])
    );

    let status = Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(FILL)
        .arg(&template)
        .args([BAIYANG, DEQING, BAIYANG_UG, OPERATOR_UG])
        .args(ROOMS_UG)
        .args(STAFF_UG)
        .args([DEQING_BO, STAFF_BO, SERVICE_BO])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&status.stderr)
    );

    let read = roster::read_workbook(&template).unwrap();
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    // The mistyped header: a warning naming the sheet and the column, nothing dropped quietly.
    assert_eq!(
        read.notes,
        [format!(
            "“服务人员”表第 1 行的列名“岗位（维语）”：“维语”不是本程序认识的民族文字，可写：{}（如“岗位（维吾尔文）”）。这一列没有读入",
            liangpai::model::language_choices()
        )]
    );
    let baiyang = station(&read, BAIYANG);
    assert_eq!(baiyang.languages.as_ref().unwrap().local, ["ug"]);
    assert_eq!(
        baiyang.station.tr.text(Language::Uyghur, "name"),
        Some(BAIYANG_UG)
    );
    // Read, printed where its label has a heading (固定标题译文, e.g. from a style pack).
    assert_eq!(
        baiyang.station.tr.text(Language::Uyghur, "operator"),
        Some(OPERATOR_UG)
    );
    assert_eq!(
        baiyang.station.tr.item(Language::Uyghur, "rooms", 1),
        Some(ROOMS_UG[1])
    );
    assert_eq!(baiyang.updated, "2026-03-01", "full-width digits read");
    // The merged 站点全称 gives Baiyang both staff rows, each with its translation.
    let names: Vec<Option<&str>> = baiyang
        .staff
        .iter()
        .map(|member| member.tr.text(Language::Uyghur, "name"))
        .collect();
    assert_eq!(names, [Some(STAFF_UG[0]), Some(STAFF_UG[1])]);
    let deqing = station(&read, DEQING);
    // 地区预设 西藏自治区: Tibetan, before Chinese, equal size.
    let languages = deqing.languages.as_ref().unwrap();
    assert_eq!(languages.local, ["bo"]);
    assert_eq!(languages.size_ratio, 1.0);
    // Read into the service's `tr` (the service table shows it where it sets translations).
    assert_eq!(
        deqing.services[0].tr.text(Language::Tibetan, "item"),
        Some(SERVICE_BO)
    );

    let out = dir.path().join("输出");
    let (code, text) = liangpai(&[
        "batch",
        template.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2026-03-01",
    ]);
    assert_eq!(code, 0, "{text}");
    let baiyang_pdfs = folder_text(&out.join(BAIYANG));
    assert_words_in(&baiyang_pdfs, BAIYANG_UG, "Baiyang's name");
    for room in ROOMS_UG {
        assert_words_in(&baiyang_pdfs, room, "a room plate");
    }
    for name in STAFF_UG {
        assert_words_in(&baiyang_pdfs, name, "a staff name");
    }
    let footer = pdf_text(&out.join(BAIYANG).sign("服务人员公示.pdf"));
    assert!(footer.contains("更新日期：2026年3月1日"), "{footer}");
    let deqing_pdfs = folder_text(&out.join(DEQING));
    assert_words_in(&deqing_pdfs, DEQING_BO, "Deqing's name");
    assert_words_in(&deqing_pdfs, STAFF_BO, "Deqing's staff");
    // The plaque: the Tibetan name before the Chinese in the text layer (Tibetan above).
    let plaque = pdf_text(&out.join(DEQING).sign("站点门牌.pdf"));
    let tibetan_at = plaque.find("ཞབས").expect("Tibetan on the plaque");
    let chinese_at = plaque.find("德庆镇社会工作服务站").expect("Chinese");
    assert!(tibetan_at < chinese_at, "{plaque}");
    // The warning reaches report.csv too.
    let report = std::fs::read_to_string(out.join("report.csv")).unwrap();
    assert!(report.contains("岗位（维语）"), "{report}");
}

/// A CSV roster saved from Excel: half-width brackets in the translation headers, no
/// 民族文字 (the station gets the language of its translations, with a warning), and a
/// translation column for a column the roster does not have and one for a column the signs do
/// not print (each a warning naming it).
#[test]
fn a_csv_roster_with_translations_gets_its_languages_and_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("站点.csv");
    let csv = format!(
        "\u{feff}站点全称,监督电话,更新日期,站点全称(维吾尔文),站点名称（维吾尔文）,邮箱（维吾尔文）\n{BAIYANG},0991-6609999,２０２６/３/１,{BAIYANG_UG},x,y\n"
    );
    std::fs::write(&path, csv).unwrap();
    let read = roster::read_csv(&path).unwrap();
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.notes.len(), 2, "{:?}", read.notes);
    assert!(
        read.notes[0].starts_with("“站点”表第 1 行的列名“站点名称（维吾尔文）”：“站点名称”不是“站点”表的列名。维吾尔文译文列应写成“列名（维吾尔文）”，如“站点全称（维吾尔文）”"),
        "{:?}",
        read.notes
    );
    assert!(
        read.notes[1].starts_with(
            "“站点”表第 1 行的列名“邮箱（维吾尔文）”：“邮箱”不印在公示牌上，不需要维吾尔文译文"
        ),
        "{:?}",
        read.notes
    );
    let entry = &read.stations[0];
    let baiyang = entry.station.as_ref().unwrap();
    assert_eq!(baiyang.languages.as_ref().unwrap().local, ["ug"]);
    assert_eq!(
        entry.warnings,
        [format!(
            "“站点”表中站点“{BAIYANG}”没有填写“民族文字”，已按填写的译文印出维吾尔文（在汉字之前，与汉字同样大小）；如不对，请填写“民族文字”或“地区预设”"
        )]
    );
    let out = dir.path().join("输出");
    let (code, text) = liangpai(&[
        "batch",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "plaque",
    ]);
    assert_eq!(code, 0, "{text}");
    let plaque = pdf_text(&out.join(BAIYANG).sign("站点门牌.pdf"));
    assert_words_in(&plaque, BAIYANG_UG, "the plaque");
}

/// `docs/bilingual/ug.json` with Chinese first and the Uyghur at 0.8 of the Chinese size, as a
/// station file saved by the app.
fn chinese_first_station(dir: &Path) -> StationFile {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/bilingual/ug.json"),
    )
    .unwrap();
    let text = text
        .replace("\"local_first\"", "\"chinese_first\"")
        .replace("\"size_ratio\": 1.0", "\"size_ratio\": 0.8");
    let path = dir.join("站点.json");
    std::fs::write(&path, text).unwrap();
    let station = liangpai::storage::load(&path).unwrap();
    let languages = station.languages.as_ref().unwrap();
    assert_eq!(
        (languages.order, languages.size_ratio),
        (LanguageOrder::ChineseFirst, 0.8),
        "the station file as meant"
    );
    station
}

/// Writes `stations` as a county's roster workbook: each sheet's columns as the roster writes
/// them for `languages`, the rows of `roster::station_rows`; a 民族文字字号比例 cell as the
/// number Excel keeps when 0.8 is typed into it.
fn write_roster_workbook(path: &Path, stations: &[StationFile], languages: &[Language]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let mut rows: Vec<Vec<Vec<String>>> = vec![Vec::new(); roster::sheets().len()];
    for station in stations {
        for (index, (_, sheet_rows)) in roster::station_rows(station).into_iter().enumerate() {
            rows[index].extend(sheet_rows);
        }
    }
    for (info, rows) in roster::sheets().iter().zip(rows) {
        let names = info.written_names(languages);
        let sheet = workbook.add_worksheet().set_name(info.name).unwrap();
        for (col, name) in names.iter().enumerate() {
            sheet.write_string(0, col as u16, name).unwrap();
        }
        for (row, values) in rows.iter().enumerate() {
            for (col, value) in values.iter().enumerate() {
                let (row, col) = (row as u32 + 1, col as u16);
                match value.parse::<f64>() {
                    Ok(number) if names[col as usize] == roster::RATIO_COLUMN => {
                        sheet.write_number(row, col, number).unwrap();
                    }
                    _ if value.is_empty() => {}
                    _ => {
                        sheet.write_string(row, col, value).unwrap();
                    }
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

#[test]
fn order_and_size_ratio_of_a_station_file_survive_a_roster() {
    let dir = tempfile::tempdir().unwrap();
    let station = chinese_first_station(dir.path());
    let path = dir.path().join("花名册.xlsx");
    write_roster_workbook(&path, std::slice::from_ref(&station), &[Language::Uyghur]);
    let read = roster::read_workbook(&path).unwrap();
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let back = self::station(&read, &station.station.name);
    assert_eq!(back.languages, station.languages);
    assert_eq!(back.station.tr, station.station.tr);

    // The blank roster for these languages: its example station carries them too.
    let template = dir.path().join("空白花名册.xlsx");
    roster::write_template_for(&template, station.languages.as_ref().unwrap()).unwrap();
    let read = roster::read_workbook(&template).unwrap();
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let example = self::station(&read, &roster::example_station().station.name);
    assert_eq!(example.languages, station.languages);

    // A county officer's typo is named with its sheet, row and column; the station is not made.
    let mut wrong = station.clone();
    wrong.languages.as_mut().unwrap().size_ratio = 8.0;
    let typo = dir.path().join("写错的花名册.xlsx");
    write_roster_workbook(&typo, &[wrong], &[Language::Uyghur]);
    let read = roster::read_workbook(&typo).unwrap();
    let Err(problems) = &read.stations[0].station else {
        panic!("a ratio of 8 should stop the station");
    };
    assert_eq!(
        problems,
        &["“站点”表第 2 行“民族文字字号比例”列：“8”不对，应是 0.5 到 2 之间的数：1 表示民族文字与汉字同样大小（多数地区的规定），0.8 表示民族文字小一些".to_owned()]
    );
}
