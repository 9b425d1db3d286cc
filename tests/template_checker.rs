//! The template checker for designers (issue 17 item 4): broken templates written here, each
//! problem with its exact file, line, severity and Chinese text; the built-in templates and
//! themes check clean; the key, placeholder and block-kind lists agree with the loader and with
//! templates/README.md; `liangpai check --templates` exit codes and output; export falls back to
//! the built-in design naming the line; layout warns about an unknown placeholder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::SignPath;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use liangpai::frame::Item;
use liangpai::layout::{self, Assets, LayoutOptions};
use liangpai::model::Severity;
use liangpai::sign::SignKind;
use liangpai::template::{
    self, BlockKind, Placeholder, TemplateProblem, block_keys, check_template, check_themes,
    color_names, shape_keys, style_keys, template_keys, theme_keys,
};

/// A small valid board: a title band and the station name on it.
const BASE: &str = r#"sign = "board"
width_mm = 1200
height_mm = 800

[[shapes]]
rect = [0, 0, 1, 0.13]
fill = "primary"

[[blocks]]
kind = "text"
rect = [0.1, 0.02, 0.8, 0.09]
text = "{station.name}"
essential = true
style = { weight = "bold", size = [0.07, 0.03], color = "on_primary", align = "center" }

[[blocks]]
kind = "footer"
rect = [0.05, 0.95, 0.9, 0.05]
style = { size = [0.02, 0.01], color = "muted" }
"#;

/// `BASE` with line `line` (1-based) replaced by `with` (which may hold several lines).
fn edit(line: usize, with: &str) -> String {
    let mut lines: Vec<&str> = BASE.lines().collect();
    lines[line - 1] = with;
    lines.join("\n") + "\n"
}

fn check(text: &str) -> Vec<(Option<usize>, Severity, String)> {
    check_template(text, "board.toml")
        .into_iter()
        .map(|problem| (problem.line, problem.severity, problem.message))
        .collect()
}

fn error(line: usize, message: &str) -> (Option<usize>, Severity, String) {
    (Some(line), Severity::Error, message.to_owned())
}

fn warning(line: usize, message: &str) -> (Option<usize>, Severity, String) {
    (Some(line), Severity::Warning, message.to_owned())
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_base_template_and_every_built_in_template_and_theme_check_clean() {
    assert_eq!(check(BASE), vec![]);
    for kind in template::available_kinds() {
        let file = format!("{}.toml", kind.code());
        let problems =
            template::check_template_file(template::builtin_source(kind).unwrap(), &file, &file);
        assert!(problems.is_empty(), "{file}: {problems:#?}");
    }
    // Every other built-in design too (their ruled lists print on the page's background).
    for design in template::DesignId::ALL {
        for kind in template::available_kinds() {
            let Some(source) = template::design_source(design, kind) else {
                continue;
            };
            let file = format!("{}.toml", kind.code());
            let problems = template::check_template_file(source, &file, &file);
            assert!(problems.is_empty(), "{design:?}/{file}: {problems:#?}");
        }
    }
    // A ruled list with headings in on_primary (white on white) is caught.
    let simple = template::design_source(template::DesignId::Simple, SignKind::Services).unwrap();
    let white = simple.replace(
        "heading = { weight = \"bold\", size = [0.031, 0.011], color = \"primary_dark\"",
        "heading = { weight = \"bold\", size = [0.031, 0.011], color = \"on_primary\"",
    );
    assert_ne!(white, simple);
    let problems = template::check_template_file(&white, "services.toml", "services.toml");
    assert!(
        problems
            .iter()
            .any(|problem| problem.to_string().contains("on_primary")),
        "{problems:#?}"
    );
    // A look that does not exist.
    let fancy = simple.replacen("look = \"ruled\"", "look = \"fancy\"", 1);
    let problems = template::check_template_file(&fancy, "services.toml", "services.toml");
    assert!(
        problems.iter().any(|problem| {
            let text = problem.to_string();
            text.contains("fancy") && text.contains("filled、ruled")
        }),
        "{problems:#?}"
    );
    let themes = std::fs::read_to_string(manifest().join("templates/themes.toml")).unwrap();
    assert_eq!(check_themes(&themes, "themes.toml"), vec![]);
}

#[test]
fn unknown_keys_at_every_level_with_their_line_and_the_keys_that_exist() {
    let text = edit(3, "height_mm = 800\ncolour = \"red\"")
        .replace("fill = \"primary\"", "fill = \"primary\"\nfil = \"accent\"")
        .replace("essential = true", "essential = true\nessentail = true")
        .replace("color = \"muted\" }", "colr = \"muted\" }");
    let problems = check(&text);
    assert_eq!(
        problems,
        vec![
            error(
                4,
                "未知的键 “colour”（可用：sign、width_mm、height_mm、background、shapes、blocks、single_page）"
            ),
            error(
                9,
                "未知的键 “fil”（可用：rect、fill、stroke、stroke_width、radius、moves_with、shrinks_for、stretches_with）"
            ),
            error(
                16,
                "未知的键 “essentail”（可用：kind、rect、continuation_rect、first_page_only、text、field、style、heading、rect_without_logos、max_items、essential、grow、grow_up、id、moves_with、shrinks_for、stretches_with、look）"
            ),
            error(
                22,
                "未知的键 “colr”（可用：weight、size、color、align、valign、line_height、max_lines、vertical）"
            ),
        ]
    );
    // Displayed as the brief and the CLI show it.
    let first = &check_template(&text, "模板/board.toml")[0];
    assert_eq!(
        first.to_string(),
        "模板/board.toml 第 4 行：未知的键 “colour”（可用：sign、width_mm、height_mm、background、shapes、blocks、single_page）"
    );
    // A heading is a style too.
    let heading = BASE.replace(
        "kind = \"footer\"",
        "kind = \"service_table\"\nheading = { wieght = \"bold\", color = \"on_primary\" }",
    );
    assert_eq!(
        check(&heading),
        vec![error(
            18,
            "未知的键 “wieght”（可用：weight、size、color、align、valign、line_height、max_lines、vertical）"
        )]
    );
}

#[test]
fn unknown_placeholders_are_errors_at_the_line_they_are_on() {
    let problems = check(&edit(12, "text = \"{station.nam}\""));
    let known: Vec<String> = [
        "station.name",
        "station.name_lines",
        "station.short_name",
        "station.county",
        "station.town",
        "station.operator",
        "station.intro",
        "station.slogan",
        "station.kind",
        "contacts.address",
        "contacts.hours",
        "contacts.hotline",
        "contacts.supervision_phone",
        "contacts.email",
        "services.targets",
        "services.categories",
        "sign.title",
        "updated",
        "room",
        "staff.name",
        "staff.post",
        "staff.level",
        "staff.certificate_no",
        "rule.title",
    ]
    .iter()
    .map(|name| format!("{{{name}}}"))
    .collect();
    assert_eq!(
        problems,
        vec![error(
            12,
            &format!(
                "未知的占位符 {{station.nam}}，不会换成站点数据。是不是 {{station.name}}？（可用：{}）",
                known.join("、")
            )
        )]
    );
    // In a multi-line text, at the line it is written on; each unknown one once per place;
    // a per-item placeholder on another sign and an unclosed brace are warnings.
    let text = edit(
        12,
        "text = \"\"\"\n{station.name}\n监督电话：{contacts.supervison_phone}\n{staff.name} {oops\"\"\"",
    );
    let problems = check(&text);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert_eq!(problems[0].0, Some(14));
    assert_eq!(problems[0].1, Severity::Error);
    assert!(
        problems[0].2.starts_with(
            "未知的占位符 {contacts.supervison_phone}，不会换成站点数据。是不是 {contacts.supervision_phone}？（可用：{station.name}、"
        ),
        "{problems:#?}"
    );
    assert_eq!(
        problems[1],
        warning(
            15,
            "占位符 {staff.name} 只在“工作证”（badge）上有内容，在“综合公示栏”上是空的"
        )
    );
    assert_eq!(
        problems[2],
        warning(15, "“{oops” 中的 “{” 没有对应的 “}”，会按原样印出")
    );
}

#[test]
fn rectangles_outside_the_page_beyond_the_tolerance() {
    // Edges at 0 and 1 (and 0.95 + 0.05) are fine: they run into the bleed.
    assert_eq!(check(&edit(18, "rect = [0, 0.95, 1, 0.05]")), vec![]);
    assert_eq!(check(&edit(11, "rect = [0.003, 0.02, 1, 0.09]")), vec![]);
    let outside =
        "超出页面：x、y 不能小于 0，x + 宽、y + 高不能大于 1（贴边的 0 或 1 会延伸到出血）";
    assert_eq!(
        check(&edit(11, "rect = [0.5, 0.02, 0.6, 0.09]")),
        vec![error(
            11,
            &format!("“rect” [0.5, 0.02, 0.6, 0.09] {outside}")
        )]
    );
    // A shape sticking out is cut at the trim: a warning. A continuation rect is checked too.
    let text = edit(6, "rect = [-0.1, 0, 1.2, 0.13]").replace(
        "essential = true",
        "essential = true\ncontinuation_rect = [0.1, 0.9, 0.8, 0.2]",
    );
    assert_eq!(
        check(&text),
        vec![
            warning(6, &format!("“rect” [-0.1, 0, 1.2, 0.13] {outside}")),
            error(
                14,
                &format!("“continuation_rect” [0.1, 0.9, 0.8, 0.2] {outside}")
            ),
        ]
    );
    assert_eq!(
        check(&edit(11, "rect = [0.1, 0.02, 0.8, 0]")),
        vec![error(
            11,
            "“rect” 的宽和高应大于 0，现在是 [0.1, 0.02, 0.8, 0]"
        )]
    );
}

#[test]
fn text_colours_that_miss_the_contrast_rule_in_any_theme() {
    // Body text on the primary band: too dark in every theme.
    let on_band = BASE.replace("color = \"on_primary\"", "color = \"text\"");
    let problems = check(&on_band);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let (line, severity, message) = &problems[0];
    assert_eq!((*line, *severity), (Some(14), Severity::Error));
    assert!(
        message.starts_with(
            "text 块的 style 文字颜色 text 印在第 5 行的图形（primary）上对比度不够（社工站（蓝绿） "
        ) && message.contains("未成年人保护（暖色） ")
            && message.contains("老年人服务（高对比） ")
            && message.ends_with("），至少要 4.5:1"),
        "{message}"
    );
    // Reported beside an unrelated error (every problem at once) …
    let both = check(&on_band.replace("height_mm = 800", "height_mm = 800\nzzz = 1"));
    let lines: Vec<Option<usize>> = both.iter().map(|problem| problem.0).collect();
    assert_eq!(lines, vec![Some(4), Some(15)], "{both:#?}");
    // … but not guessed when a colour cannot be read (no second error for the same mistake).
    let unknown_fill = check(&BASE.replace("fill = \"primary\"", "fill = \"blue\""));
    assert_eq!(unknown_fill.len(), 1, "{unknown_fill:#?}");
    assert!(unknown_fill[0].2.starts_with("未知的颜色 “blue”"));
    // A grey just under 4.5:1 on white fails in every theme; one just over passes.
    assert_eq!(
        check(&BASE.replace("color = \"muted\"", "color = \"#777777\"")),
        vec![error(
            19,
            "footer 块的 style 文字颜色 #777777 印在页面底色（background）上对比度不够（社工站（蓝绿） 4.48:1，未成年人保护（暖色） 4.41:1，老年人服务（高对比） 4.48:1），至少要 4.5:1"
        )]
    );
    assert_eq!(
        check(&BASE.replace("color = \"muted\"", "color = \"#757575\"")),
        vec![]
    );
    // A list's heading is printed on the list's own primary header: `text` there fails, even
    // though the block sits on a white page.
    let table = BASE.replace(
        "kind = \"footer\"\nrect = [0.05, 0.95, 0.9, 0.05]",
        "kind = \"service_table\"\nrect = [0.05, 0.2, 0.9, 0.7]\nheading = { weight = \"bold\", color = \"text\" }",
    );
    let problems = check(&table);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].0, Some(19));
    assert!(
        problems[0]
            .2
            .starts_with("service_table 块的 heading 文字颜色 text 印在service_table 块自己的底色（primary）上对比度不够"),
        "{problems:#?}"
    );
}

#[test]
fn bad_toml_is_reported_with_its_line() {
    let problems = check(&edit(2, "width_mm = oops"));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].0, Some(2));
    assert_eq!(problems[0].1, Severity::Error);
    assert!(
        problems[0].2.starts_with(
            "TOML 格式有误：文字要用英文引号 \"…\" 括起来（string values must be quoted"
        ),
        "{problems:#?}"
    );
    // Two broken lines: both reported.
    let problems = check(&edit(2, "width_mm = oops").replace("essential = true", "essential = "));
    let lines: Vec<Option<usize>> = problems.iter().map(|problem| problem.0).collect();
    assert_eq!(lines, vec![Some(2), Some(13)], "{problems:#?}");
    // A key written twice.
    let problems = check(&edit(3, "height_mm = 800\nwidth_mm = 900"));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].0, Some(4));
    assert!(
        problems[0]
            .2
            .starts_with("TOML 格式有误：同一个键写了两次（duplicate key"),
        "{problems:#?}"
    );
    // An unclosed [[blocks] header.
    let problems = check(&edit(9, "[[blocks]"));
    assert!(
        problems.iter().any(|problem| problem.0 == Some(9)
            && problem.2.starts_with("TOML 格式有误：[[…]] 少了右边的 ]]")),
        "{problems:#?}"
    );
}

#[test]
fn wrong_value_types_and_unknown_names() {
    let text = edit(2, "width_mm = \"1200\"")
        .replace("essential = true", "essential = \"yes\"")
        .replace("rect = [0, 0, 1, 0.13]", "rect = [0, 0, 1]")
        .replace("kind = \"footer\"", "kind = \"foter\"")
        .replace("fill = \"primary\"", "fill = \"blue\"")
        .replace("align = \"center\"", "align = \"centre\"");
    let kinds: Vec<&str> = BlockKind::ALL.iter().map(|kind| kind.code()).collect();
    assert_eq!(
        check(&text),
        vec![
            error(2, "“width_mm” 应为数字，现在是文字"),
            error(
                6,
                "“rect” 应为 4 个数字 [x, y, 宽, 高]（页面的比例，0 到 1），现在是数组"
            ),
            error(
                7,
                "未知的颜色 “blue”（可用：primary、primary_dark、accent、background、surface、text、muted、on_primary、line，或 #rrggbb）"
            ),
            error(13, "“essential” 应为 true 或 false，现在是文字"),
            error(
                14,
                "“align” 的值 “centre” 不对（可用：left、center、right、justify）"
            ),
            error(
                17,
                &format!("未知的块种类 “foter”（可用：{}）", kinds.join("、"))
            ),
        ]
    );
    let missing = "width_mm = 1200\n[[blocks]]\nrect = [0, 0, 1, 1]\n";
    assert_eq!(
        check(missing),
        vec![
            error(1, "缺少 “sign”"),
            error(1, "缺少 “height_mm”"),
            error(2, "[[blocks]] 缺少 “kind”"),
        ]
    );
    assert_eq!(
        check(&edit(5, "[shapes]")),
        vec![error(
            5,
            "“shapes” 应写成一组 [[shapes]]（两层方括号，每项一个），现在是表"
        )]
    );
    let sign = edit(1, "sign = \"bord\"");
    let problems = check(&sign);
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .2
            .starts_with("未知的公示牌种类 “bord”（可用：plaque、")
    );
}

#[test]
fn growth_references_must_name_a_block_id() {
    let text = BASE
        .replace(
            "essential = true",
            "essential = true\nid = \"title\"\ngrow = 0.05",
        )
        .replace(
            "fill = \"primary\"",
            "fill = \"primary\"\nstretches_with = [\"titel\"]",
        );
    assert_eq!(
        check(&text),
        vec![error(
            8,
            "“stretches_with” 中的 “titel” 不是任何块的 id（有：title）"
        )]
    );
    assert_eq!(check(&text.replace("titel", "title")), vec![]);
}

#[test]
fn theme_files_are_checked_for_keys_colours_and_contrast() {
    let themes = std::fs::read_to_string(manifest().join("templates/themes.toml")).unwrap();
    let broken = themes
        .replacen("on_primary = \"#ffffff\"", "on_primary = \"#cccccc\"", 1)
        .replacen(
            "surface = \"#fdf0e3\"",
            "surface = \"fdf0e3\"\nsurfce = \"#fdf0e3\"",
            1,
        )
        .replacen("line = \"#7c9c8a\"\n", "", 1);
    let problems: Vec<(Option<usize>, Severity, String)> = check_themes(&broken, "themes.toml")
        .into_iter()
        .map(|problem| (problem.line, problem.severity, problem.message))
        .collect();
    assert_eq!(
        problems,
        vec![
            error(
                14,
                "配色 “social_work_station” 的 on_primary 印在 primary 上对比度只有 4.28:1，至少要 4.5:1"
            ),
            error(23, "“surface” 的颜色 “fdf0e3” 应写成 #rrggbb（如 #1d5f8a）"),
            error(
                24,
                "未知的键 “surfce”（可用：label、primary、primary_dark、accent、background、surface、text、muted、on_primary、line、min_text_scale）"
            ),
            error(30, "配色 “elderly_service” 缺少：line"),
        ]
    );
}

#[test]
fn a_file_named_after_another_sign_is_an_error() {
    let problems = template::check_template_file(BASE, "模板/plaque.toml", "plaque.toml");
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].line, problems[0].severity),
        (Some(1), Severity::Error)
    );
    assert!(problems[0].message.contains("请改名为 board.toml"));
    let problems = template::check_template_file(BASE, "模板/我的公示栏.toml", "我的公示栏.toml");
    assert_eq!(problems[0].severity, Severity::Warning);
}

/// The names a serde "unknown field" message lists as expected.
fn serde_fields(message: &str) -> BTreeSet<String> {
    let expected = message.split("expected").nth(1).unwrap_or("");
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|key| (*key).to_owned()).collect()
}

#[test]
fn the_checker_knows_exactly_the_keys_the_loader_reads() {
    let unknown = |text: &str| {
        let error = template::parse(text, "x.toml").unwrap_err().to_string();
        serde_fields(&error)
    };
    let head = "sign = \"board\"\nwidth_mm = 100\nheight_mm = 100\n";
    assert_eq!(unknown(&format!("{head}zzz = 1")), set(template_keys()));
    assert_eq!(
        unknown(&format!("{head}[[shapes]]\nrect = [0, 0, 1, 1]\nzzz = 1")),
        set(shape_keys())
    );
    assert_eq!(
        unknown(&format!(
            "{head}[[blocks]]\nkind = \"text\"\nrect = [0, 0, 1, 1]\nzzz = 1"
        )),
        set(block_keys())
    );
    assert_eq!(
        unknown(&format!(
            "{head}[[blocks]]\nkind = \"text\"\nrect = [0, 0, 1, 1]\nstyle = {{ zzz = 1 }}"
        )),
        set(style_keys())
    );
    let themes = std::fs::read_to_string(manifest().join("templates/themes.toml")).unwrap();
    let with_unknown = themes.replacen("label =", "zzz = 1\nlabel =", 1);
    let error =
        toml::from_str::<std::collections::BTreeMap<String, template::Theme>>(&with_unknown)
            .unwrap_err()
            .to_string();
    assert_eq!(serde_fields(&error), set(theme_keys()));
    // Block kinds: the checker's names are the loader's.
    for kind in BlockKind::ALL {
        let text = format!(
            "{head}[[blocks]]\nkind = \"{}\"\nrect = [0, 0, 1, 1]",
            kind.code()
        );
        assert_eq!(
            template::parse(&text, "x.toml").unwrap().blocks[0].kind,
            kind
        );
    }
    // Colour names: each one is a theme colour of its own.
    let theme = template::Theme {
        label: "测试".into(),
        primary: "#000001".into(),
        primary_dark: "#000002".into(),
        accent: "#000003".into(),
        background: "#000004".into(),
        surface: "#000005".into(),
        text: "#000006".into(),
        muted: "#000007".into(),
        on_primary: "#000008".into(),
        line: "#000009".into(),
        min_text_scale: 1.0,
    };
    let colours: BTreeSet<_> = template::ThemeColor::ALL
        .iter()
        .map(|color| theme.color(*color))
        .collect::<Vec<_>>()
        .into_iter()
        .map(|rgb| (rgb.red, rgb.green, rgb.blue))
        .collect();
    assert_eq!(colours.len(), color_names().len());
    let names: Vec<&str> = template::ThemeColor::ALL
        .iter()
        .map(|color| color.code())
        .collect();
    assert_eq!(names, color_names());
}

/// The first-column `code` names of the table under a heading of templates/README.md.
fn readme_table(readme: &str, heading: &str) -> BTreeSet<String> {
    let start = readme
        .lines()
        .position(|line| line.trim() == heading)
        .unwrap_or_else(|| panic!("templates/README.md has no heading {heading}"));
    readme
        .lines()
        .skip(start + 1)
        .take_while(|line| !line.starts_with('#'))
        .filter(|line| line.starts_with("| `"))
        .map(|line| line.split('`').nth(1).unwrap_or("").to_owned())
        .collect()
}

#[test]
fn the_readme_lists_every_key_placeholder_block_kind_and_colour() {
    let readme = std::fs::read_to_string(manifest().join("templates/README.md")).unwrap();
    assert_eq!(
        readme_table(&readme, "### Template keys (top level)"),
        set(template_keys())
    );
    assert_eq!(
        readme_table(&readme, "### `[[shapes]]` keys"),
        set(shape_keys())
    );
    assert_eq!(
        readme_table(&readme, "### `[[blocks]]` keys"),
        set(block_keys())
    );
    assert_eq!(
        readme_table(&readme, "### `style` and `heading` keys"),
        set(style_keys())
    );
    assert_eq!(
        readme_table(&readme, "### Colour names"),
        set(color_names())
    );
    assert_eq!(readme_table(&readme, "### Theme keys"), set(theme_keys()));
    let kinds: Vec<&str> = BlockKind::ALL.iter().map(|kind| kind.code()).collect();
    assert_eq!(readme_table(&readme, "## Block kinds"), set(&kinds));
    let placeholders: Vec<String> = Placeholder::ALL
        .iter()
        .map(|placeholder| format!("{{{}}}", placeholder.name()))
        .collect();
    let placeholders: Vec<&str> = placeholders.iter().map(String::as_str).collect();
    assert_eq!(readme_table(&readme, "## Placeholders"), set(&placeholders));
    // Each per-item placeholder names the sign it works on.
    for placeholder in Placeholder::ALL {
        let row = readme
            .lines()
            .find(|line| line.starts_with(&format!("| `{{{}}}` |", placeholder.name())))
            .unwrap();
        let on = row.split('|').nth(2).unwrap().trim();
        match placeholder.only_on() {
            Some(sign) => assert_eq!(on, format!("`{}`", sign.code())),
            None => assert_eq!(on, "every sign"),
        }
    }
}

#[test]
fn layout_warns_about_an_unknown_placeholder_naming_the_file_and_prints_it_as_written() {
    let station =
        liangpai::storage::load(&manifest().join("../shared/examples/liuxi-station.json")).unwrap();
    let text = edit(12, "text = \"{station.nam}\"");
    let template = template::parse(&text, "我的模板/board.toml").unwrap();
    let theme = template::theme_for(&station.station.kind);
    let document = layout::layout_with(
        &station,
        &Assets::default(),
        &template,
        &theme,
        &LayoutOptions::default(),
    );
    let warnings: Vec<&layout::Diagnostic> = document
        .warnings
        .iter()
        .filter(|warning| warning.message.contains("占位符"))
        .collect();
    assert_eq!(warnings.len(), 1, "{:#?}", document.warnings);
    assert_eq!(warnings[0].signs, [SignKind::Board]);
    assert_eq!(
        warnings[0].message,
        "模板 我的模板/board.toml 中的占位符 {station.nam} 不存在，已按原样印出（可用的占位符见 templates/README.md，或运行 liangpai check --templates 检查模板）"
    );
    let printed: String = document.pages[0]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text(text) => Some(text.text.as_str()),
            _ => None,
        })
        .collect();
    assert!(printed.contains("{station.nam}"), "{printed}");
    // The built-in designs have none.
    let document = layout::layout_sign(
        &station,
        &Assets::default(),
        SignKind::Board,
        &LayoutOptions::default(),
    )
    .unwrap();
    assert!(
        !document
            .warnings
            .iter()
            .any(|warning| warning.message.contains("占位符"))
    );
}

fn liangpai(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_liangpai"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn check_templates_lists_every_problem_with_file_and_line_and_exits_by_severity() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("模板");
    std::fs::create_dir(&folder).unwrap();
    let board = folder.join("board.toml");
    std::fs::write(
        &board,
        edit(12, "text = \"{station.nam}\"")
            .replace("fill = \"primary\"", "fill = \"primary\"\ncolour = \"red\""),
    )
    .unwrap();
    // Only a warning: a shape running off the page.
    let plaque = folder.join("plaque.toml");
    std::fs::write(
        &plaque,
        template::builtin_source(SignKind::Plaque)
            .unwrap()
            .replacen("rect = [0, 0, 1,", "rect = [-0.2, 0, 1.4,", 1),
    )
    .unwrap();
    std::fs::copy(
        manifest().join("templates/themes.toml"),
        folder.join("themes.toml"),
    )
    .unwrap();
    std::fs::write(folder.join("notes.txt"), "not a template").unwrap();
    let (code, out, err) = liangpai(&["check", "--templates", folder.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    let board_name = board.display().to_string();
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.contains(&format!("{board_name} 第 8 行：错误：未知的键 “colour”（可用：rect、fill、stroke、stroke_width、radius、moves_with、shrinks_for、stretches_with）").as_str()),
        "{out}"
    );
    assert!(
        lines.iter().any(|line| line.starts_with(&format!(
            "{board_name} 第 13 行：错误：未知的占位符 {{station.nam}}"
        ))),
        "{out}"
    );
    assert!(
        lines.contains(&format!("{board_name}：检查完毕，2 个错误，0 个提醒。").as_str()),
        "{out}"
    );
    let plaque_name = plaque.display().to_string();
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with(&format!("{plaque_name} 第 "))
                && line.contains("：提醒：“rect” [-0.2, 0, 1.4,")),
        "{out}"
    );
    assert!(
        lines.contains(&format!("{plaque_name}：检查完毕，0 个错误，1 个提醒。").as_str()),
        "{out}"
    );
    assert!(
        out.contains("themes.toml：检查完毕，0 个错误，0 个提醒。"),
        "{out}"
    );
    assert!(!out.contains("notes.txt"), "{out}");

    // Warnings only: exit 0.
    std::fs::remove_file(&board).unwrap();
    let (code, out, err) = liangpai(&["check", "--templates", folder.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    // With a station file too: both are checked.
    let example = manifest().join("../shared/examples/liuxi-station.json");
    let (code, out, err) = liangpai(&[
        "check",
        example.to_str().unwrap(),
        "--templates",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("liuxi-station.json：检查完毕") && out.contains("plaque.toml：检查完毕"),
        "{out}"
    );
    // A folder that does not exist: a usage error.
    let (code, _, err) = liangpai(&[
        "check",
        "--templates",
        dir.path().join("无").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("模板文件夹") && err.contains("打不开"),
        "{err}"
    );
    // An empty folder: an error.
    let empty = dir.path().join("空");
    std::fs::create_dir(&empty).unwrap();
    let (code, out, _) = liangpai(&["check", "--templates", empty.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("没有 .toml 模板文件"), "{out}");
    // Neither a station nor templates: usage.
    let (code, _, _) = liangpai(&["check"]);
    assert_eq!(code, 2);
}

#[test]
fn export_falls_back_to_the_built_in_design_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("模板");
    std::fs::create_dir(&folder).unwrap();
    let custom = template::builtin_source(SignKind::Plaque)
        .unwrap()
        .replacen("[[blocks]]", "[[blocks]]\ncolour = \"red\"", 1);
    let line = custom
        .lines()
        .position(|line| line == "colour = \"red\"")
        .unwrap()
        + 1;
    std::fs::write(folder.join("plaque.toml"), custom).unwrap();
    // Saved in GBK by an old editor: not silently ignored.
    std::fs::write(
        folder.join("contacts.toml"),
        b"sign = \"contacts\"\n# \xc1\xaa\xcf\xb5\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let example = manifest().join("../shared/examples/liuxi-station.json");
    let (code, stdout, err) = liangpai(&[
        "export",
        example.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "plaque,contacts",
        "--templates",
        folder.to_str().unwrap(),
        "--date",
        "2026-03-01",
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let expected = format!(
        "自定义模板有误，已改用内置模板：{} 第 {line} 行：未知的键 “colour”",
        folder.join("plaque.toml").display()
    );
    assert!(err.contains(&expected), "{err}");
    assert!(out.sign("站点门牌.pdf").exists());
    let unreadable = format!(
        "自定义模板 {} 读不出（应为 UTF-8 编码的文本），已改用内置模板",
        folder.join("contacts.toml").display()
    );
    assert!(err.contains(&unreadable), "{err}");
    assert!(out.sign("联系方式.pdf").exists());
}

#[test]
fn problems_display_without_a_line() {
    let problem = TemplateProblem {
        file: "themes.toml".into(),
        line: None,
        severity: Severity::Error,
        message: "读不出".into(),
    };
    assert_eq!(problem.to_string(), "themes.toml：读不出");
}

/// The checker's idea of what text is printed on (shapes under a block, a list's own panels)
/// must match what layout draws: every line of text of every built-in sign, in every theme,
/// keeps 4.5:1 against the last filled rectangle drawn under it (or the page).
#[test]
fn every_text_line_layout_draws_keeps_the_contrast_the_checker_assumes() {
    let station =
        liangpai::storage::load(&manifest().join("../shared/examples/liuxi-station.json")).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in template::THEMES {
        let theme = template::theme(name).unwrap();
        for kind in template::available_kinds() {
            let template = template::builtin(kind).unwrap();
            let document = layout::layout_with(
                &station,
                &Assets::default(),
                &template,
                &theme,
                &LayoutOptions::default(),
            );
            for page in &document.pages {
                let mut fills: Vec<(liangpai::frame::Rect, liangpai::frame::Rgb)> = Vec::new();
                for item in &page.items {
                    match item {
                        Item::Rect {
                            rect,
                            fill: Some(fill),
                            ..
                        } => fills.push((*rect, *fill)),
                        Item::Text(line) => {
                            // A point inside the first glyph's body.
                            let x = line.origin.x + line.size_pt * 0.3;
                            let y = line.origin.y - line.size_pt * 0.3;
                            let under = fills
                                .iter()
                                .rev()
                                .find(|(rect, _)| {
                                    x >= rect.x
                                        && x <= rect.x + rect.width
                                        && y >= rect.y
                                        && y <= rect.y + rect.height
                                })
                                .map_or(page.background, |(_, fill)| *fill);
                            let ratio = line.color.contrast(under);
                            checked += 1;
                            if ratio < template::MIN_CONTRAST {
                                failures.push(format!(
                                    "{name} {}: “{}” {:?} on {:?}: {ratio:.2}:1",
                                    kind.code(),
                                    line.text,
                                    line.color,
                                    under
                                ));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    eprintln!("{checked} lines checked");
    assert!(checked > 800, "only {checked} lines of text laid out");
}

/// Every template file in the source tree (built-in designs in `templates/` and any design in a
/// folder below it) and every `themes.toml` checks clean: a new design cannot ship with a
/// problem the checker would show a designer.
#[test]
fn every_template_file_in_the_source_tree_checks_clean() {
    let mut stack = vec![manifest().join("templates")];
    let mut checked = 0;
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let file = path.display().to_string();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let problems = if name == "themes.toml" {
                check_themes(&text, &file)
            } else if name == "regions.toml" {
                template::check_regions_file(&text, &file)
            } else {
                template::check_template_file(&text, &file, &name)
            };
            assert!(problems.is_empty(), "{problems:#?}");
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} files");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]

    /// Any damage to a real template (a cut, a stray character): the checker never panics,
    /// and when it reports no error the loader accepts the text.
    #[test]
    fn the_checker_never_panics_and_clean_means_loadable(
        kind_index in 0usize..11,
        start in 0usize..4000,
        length in 0usize..40,
        insert in proptest::sample::select(vec!["", "\"", "[", "]", "{", "}", "=", "\n", "x", "0", "-", "#", "，"]),
    ) {
        let kinds = template::available_kinds();
        let kind = kinds[kind_index % kinds.len()];
        let source = template::builtin_source(kind).unwrap();
        let mut cut = start.min(source.len());
        while !source.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut end = (cut + length).min(source.len());
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let text = format!("{}{}{}", &source[..cut], insert, &source[end..]);
        let problems = check_template(&text, "x.toml");
        for problem in &problems {
            proptest::prop_assert!(problem.line.is_some_and(|line| line >= 1 && line <= text.lines().count().max(1) + 1), "{problem:?}");
        }
        if !problems.iter().any(|problem| problem.severity == Severity::Error) {
            proptest::prop_assert!(template::parse(&text, "x.toml").is_ok(), "{text}");
        }
    }
}

#[test]
fn batch_says_once_which_user_template_it_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("模板");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("plaque.toml"),
        template::builtin_source(SignKind::Plaque)
            .unwrap()
            .replacen("sign = \"plaque\"", "sign = \"plaque\"\nsize = 3", 1),
    )
    .unwrap();
    let stations = dir.path().join("站点");
    std::fs::create_dir(&stations).unwrap();
    std::fs::copy(
        manifest().join("../shared/examples/liuxi-station.json"),
        stations.join("柳溪.json"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = liangpai(&[
        "batch",
        stations.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--sign",
        "plaque",
        "--templates",
        folder.to_str().unwrap(),
        "--date",
        "2026-03-01",
    ]);
    assert!(code == 0 || code == 1, "{stdout}{err}");
    let expected = format!(
        "自定义模板有误，已改用内置模板：{} 第 ",
        folder.join("plaque.toml").display()
    );
    assert_eq!(err.matches(&expected).count(), 1, "{err}");
    assert!(err.contains("未知的键 “size”"), "{err}");
}
