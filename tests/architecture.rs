//! The layering rules of the crate, checked on its source: dependencies point one way
//! (`model` → `frame` → `template` → `layout` → `render` → `export` ← `app`, `cli`), only `app`
//! knows egui, only `cli` knows clap, prints or picks exit codes, and the pure layers do no file
//! access. A module that breaks a rule fails this test with the file and line.

#![allow(clippy::expect_used)] // a test: a broken source tree should fail loudly

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, with its top-level module (`layout` for `src/layout/text.rs`).
fn source_files() -> Vec<(String, PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(&src).expect("under src");
                let first = relative
                    .components()
                    .next()
                    .expect("a component")
                    .as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_owned();
                let text = std::fs::read_to_string(&path).expect("source is UTF-8");
                files.push((first, path, text));
            }
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
}

/// The source without comments and string literals, line by line (so a doc comment that
/// mentions `std::fs` or a message that says "println!" is not counted).
fn code_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_block_comment = 0usize;
    for line in text.lines() {
        let mut out = String::new();
        let mut chars = line.chars().peekable();
        let mut in_string = false;
        while let Some(ch) = chars.next() {
            if in_block_comment > 0 {
                if ch == '*' && chars.peek() == Some(&'/') {
                    chars.next();
                    in_block_comment -= 1;
                } else if ch == '/' && chars.peek() == Some(&'*') {
                    chars.next();
                    in_block_comment += 1;
                }
                continue;
            }
            if in_string {
                if ch == '\\' {
                    chars.next();
                } else if ch == '"' {
                    in_string = false;
                    out.push('"');
                }
                continue;
            }
            match ch {
                '/' if chars.peek() == Some(&'/') => break,
                '/' if chars.peek() == Some(&'*') => {
                    chars.next();
                    in_block_comment += 1;
                }
                '"' => {
                    in_string = true;
                    out.push('"');
                }
                _ => out.push(ch),
            }
        }
        lines.push(out);
    }
    lines
}

/// The code of a file with its `#[cfg(test)] mod tests` part left out (tests may use files).
fn non_test_lines(text: &str) -> Vec<String> {
    let lines = code_lines(text);
    let end = lines
        .iter()
        .position(|line| line.trim() == "#[cfg(test)]")
        .unwrap_or(lines.len());
    lines.into_iter().take(end).collect()
}

fn top_level_modules(files: &[(String, PathBuf, String)]) -> BTreeSet<String> {
    files
        .iter()
        .map(|(module, _, _)| module.clone())
        .filter(|module| module != "lib" && module != "main")
        .collect()
}

/// `crate::X` references of each top-level module to the others.
fn module_graph(files: &[(String, PathBuf, String)]) -> BTreeMap<String, BTreeSet<String>> {
    let modules = top_level_modules(files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|module| (module.clone(), BTreeSet::new()))
        .collect();
    for (module, _, text) in files {
        let Some(edges) = graph.get_mut(module) else {
            continue;
        };
        for line in code_lines(text) {
            for target in crate_references(&line) {
                if modules.contains(&target) && &target != module {
                    edges.insert(target);
                }
            }
        }
    }
    graph
}

/// The top-level modules named by `crate::x` and `crate::{x, y::z}` on one line.
fn crate_references(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(position) = rest.find("crate::") {
        let before = rest.get(..position).unwrap_or("");
        rest = rest.get(position + "crate::".len()..).unwrap_or("");
        if before.ends_with(|ch: char| ch.is_alphanumeric() || ch == '_') {
            continue; // e.g. `liangpai_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or("");
            for item in group.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|ch| ch.is_ascii_lowercase() || *ch == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|ch| ch.is_ascii_lowercase() || *ch == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

/// The edges `a → b` that lie on a cycle.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<(String, String)> {
    fn reaches(
        graph: &BTreeMap<String, BTreeSet<String>>,
        from: &str,
        to: &str,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        if from == to {
            return true;
        }
        if !seen.insert(from.to_owned()) {
            return false;
        }
        graph
            .get(from)
            .is_some_and(|next| next.iter().any(|n| reaches(graph, n, to, seen)))
    }
    let mut found = Vec::new();
    for (from, targets) in graph {
        for to in targets {
            if reaches(graph, to, from, &mut BTreeSet::new()) {
                found.push((from.clone(), to.clone()));
            }
        }
    }
    found
}

/// Lines of files outside `allowed` modules whose code matches one of `patterns`.
fn offenders(
    files: &[(String, PathBuf, String)],
    allowed: &[&str],
    patterns: &[&str],
    skip_tests: bool,
) -> Vec<String> {
    let mut found = Vec::new();
    for (module, path, text) in files {
        if allowed.contains(&module.as_str()) {
            continue;
        }
        let lines = if skip_tests {
            non_test_lines(text)
        } else {
            code_lines(text)
        };
        for (number, line) in lines.iter().enumerate() {
            if patterns.iter().any(|pattern| contains_word(line, pattern)) {
                found.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

/// Whether `pattern` occurs in `line` not as the tail of a longer identifier.
fn contains_word(line: &str, pattern: &str) -> bool {
    line.match_indices(pattern).any(|(position, _)| {
        !line
            .get(..position)
            .unwrap_or("")
            .ends_with(|ch: char| ch.is_alphanumeric() || ch == '_')
    })
}

#[test]
fn no_import_cycles_between_top_level_modules() {
    let files = source_files();
    let graph = module_graph(&files);
    assert!(graph.len() > 8, "modules found: {graph:?}");
    let found = cycles(&graph);
    assert!(
        found.is_empty(),
        "import cycles: {found:?}\ngraph: {graph:#?}"
    );
}

#[test]
fn only_app_knows_egui() {
    let found = offenders(
        &source_files(),
        &["app"],
        &["egui::", "eframe::", "egui_kittest"],
        false,
    );
    assert!(found.is_empty(), "egui outside app:\n{}", found.join("\n"));
}

#[test]
fn only_cli_knows_clap_prints_and_picks_exit_codes() {
    let found = offenders(
        &source_files(),
        &["cli", "main"],
        &[
            "clap::",
            "ExitCode",
            "println!",
            "eprintln!",
            "print!",
            "eprint!",
            "indicatif::",
        ],
        true,
    );
    assert!(found.is_empty(), "outside cli:\n{}", found.join("\n"));
}

#[test]
fn pure_layers_do_no_file_access() {
    let files: Vec<_> = source_files()
        .into_iter()
        .filter(|(module, _, _)| {
            [
                "model", "frame", "template", "layout", "render", "sign", "fonts",
            ]
            .contains(&module.as_str())
        })
        .collect();
    let found = offenders(
        &files,
        &[],
        &[
            "std::fs",
            "fs::",
            "File::",
            "OpenOptions",
            "read_dir",
            "std::process",
            "std::net",
        ],
        true,
    );
    assert!(
        found.is_empty(),
        "file access in a pure layer:\n{}",
        found.join("\n")
    );
}

#[test]
fn layers_point_one_way() {
    let graph = module_graph(&source_files());
    // (module, modules it must not use)
    let rules: [(&str, &[&str]); 7] = [
        (
            "model",
            &[
                "frame", "template", "layout", "render", "export", "app", "cli", "batch", "print",
                "assets", "storage",
            ],
        ),
        (
            "frame",
            &[
                "template", "layout", "render", "export", "app", "cli", "batch", "print",
            ],
        ),
        (
            "template",
            &["layout", "render", "export", "app", "cli", "batch", "print"],
        ),
        (
            "layout",
            &["render", "export", "app", "cli", "batch", "print"],
        ),
        (
            "render",
            &[
                "layout", "template", "export", "app", "cli", "batch", "print",
            ],
        ),
        ("export", &["app", "cli", "batch", "print"]),
        // Style packs are read and written beside storage and assets, below the export.
        ("style_pack", &["export", "app", "cli", "batch", "print"]),
    ];
    let mut broken = Vec::new();
    for (module, forbidden) in rules {
        let uses = graph.get(module).cloned().unwrap_or_default();
        for target in forbidden {
            if uses.contains(*target) {
                broken.push(format!("{module} uses {target}"));
            }
        }
    }
    assert!(broken.is_empty(), "{broken:?}\ngraph: {graph:#?}");
}

/// The signatures of functions visible outside their top-level module (`pub fn`, `pub(crate)
/// fn`, not in tests) whose error type is `String`: `Result<_, String>` anywhere in the return
/// type. Errors cross module boundaries as typed enums (a `thiserror` enum per module) and are
/// turned into text only where they are shown.
fn string_errors(files: &[(String, PathBuf, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (_, path, text) in files {
        let lines = non_test_lines(text);
        for (number, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if !(trimmed.starts_with("pub fn ") || trimmed.starts_with("pub(crate) fn ")) {
                continue;
            }
            // The whole signature, up to its body or `where`.
            let mut signature = String::new();
            for next in lines.iter().skip(number) {
                signature.push_str(next.trim());
                signature.push(' ');
                if next.contains('{') || next.trim_end().ends_with(';') {
                    break;
                }
            }
            let signature = signature.split(" where ").next().unwrap_or("").to_owned();
            let Some((_, returned)) = signature.split_once("->") else {
                continue;
            };
            if result_error_types(returned)
                .iter()
                .any(|error| error == "String")
            {
                found.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    trimmed.trim()
                ));
            }
        }
    }
    found
}

/// The error types of every `Result<T, E>` in a type (`E` with spaces removed).
fn result_error_types(text: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let mut rest = text;
    while let Some(position) = rest.find("Result<") {
        let inner = &rest[position + "Result<".len()..];
        // Split the generic arguments at the top-level comma.
        let mut depth = 0usize;
        let mut comma = None;
        let mut end = inner.len();
        for (index, ch) in inner.char_indices() {
            match ch {
                '<' | '(' | '[' => depth += 1,
                '>' | ')' | ']' if depth == 0 => {
                    end = index;
                    break;
                }
                '>' | ')' | ']' => depth -= 1,
                ',' if depth == 0 && comma.is_none() => comma = Some(index),
                _ => {}
            }
        }
        if let Some(comma) = comma {
            errors.push(inner[comma + 1..end].replace(' ', ""));
        }
        rest = inner;
    }
    errors
}

#[test]
fn no_string_errors_cross_module_boundaries() {
    let found = string_errors(&source_files());
    assert!(
        found.is_empty(),
        "Result<_, String> in a pub fn (use the module's thiserror enum):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_string_error_check_finds_made_up_offenders() {
    let files = vec![(
        "a".to_owned(),
        PathBuf::from("a.rs"),
        "pub fn a() -> Result<(), String> {}\npub fn b(\n    x: u8,\n) -> Option<Result<Vec<u8>, String>> {\n}\npub fn c() -> Result<String, Error> {}\npub(super) fn d() -> Result<(), String> {}\nfn e() -> Result<(), String> {}\npub(crate) fn f() -> std::result::Result<HashMap<String, String>, String> {}\n#[cfg(test)]\nmod tests { pub fn g() -> Result<(), String> {} }\n".to_owned(),
    )];
    let found = string_errors(&files);
    assert_eq!(line_numbers(&found), ["1", "2", "9"], "{found:?}");
    assert_eq!(
        result_error_types("Result<HashMap<String, String>, String>"),
        ["String"]
    );
}

/// Other places a `String` error crosses a module boundary: an `impl` whose `type Error =
/// String` (a `TryFrom`, a `FromStr`), and, outside `app` and `cli` (the modules that show
/// errors), a `pub` field or `pub type` holding `Result<_, String>` (e.g. a map of pictures
/// to why they could not be read).
fn string_error_items(files: &[(String, PathBuf, String)]) -> Vec<String> {
    matching_lines(files, |module, _| {
        let shows_errors = module == "app" || module == "cli" || module == "main";
        Some(move |line: &str| {
            let trimmed = line.trim();
            let error_alias = trimmed.replace(' ', "").starts_with("typeError=String;");
            let public_item = !shows_errors
                && trimmed.starts_with("pub ")
                && !trimmed.starts_with("pub fn ")
                && (trimmed.starts_with("pub type ") || trimmed.contains(':'))
                && result_error_types(trimmed)
                    .iter()
                    .any(|error| error == "String");
            error_alias || public_item
        })
    })
}

/// The non-test lines (`path:line: code`) of each file for which `rule` gives a predicate
/// (`None`: the file is not checked) that the predicate accepts.
fn matching_lines<F: Fn(&str) -> bool>(
    files: &[(String, PathBuf, String)],
    rule: impl Fn(&str, &Path) -> Option<F>,
) -> Vec<String> {
    let mut found = Vec::new();
    for (module, path, text) in files {
        let Some(matches) = rule(module, path) else {
            continue;
        };
        for (number, line) in non_test_lines(text).iter().enumerate() {
            if matches(line) {
                found.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    found
}

#[test]
fn no_string_error_items_cross_module_boundaries() {
    let found = string_error_items(&source_files());
    assert!(
        found.is_empty(),
        "String as an error type outside the modules that show errors (use a thiserror enum):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_string_error_item_check_finds_made_up_offenders() {
    let files = vec![
        (
            "layout".to_owned(),
            PathBuf::from("layout.rs"),
            "pub struct A {\n    pub images: BTreeMap<String, Result<Image, String>>,\n    pub fine: Result<Image, Error>,\n    names: Vec<Result<u8, String>>,\n}\npub type R = Result<u8, String>;\nimpl TryFrom<String> for C {\n    type Error = String;\n}\n".to_owned(),
        ),
        (
            "app".to_owned(),
            PathBuf::from("app.rs"),
            "pub type Thumbs = Vec<Result<u8, String>>;\n".to_owned(),
        ),
    ];
    let found = string_error_items(&files);
    assert_eq!(line_numbers(&found), ["2", "6", "8"], "{found:?}");
}

/// Calls that look a colour up by a string literal (`context.color("line")`,
/// `ThemeColor::from_code("line")`, `ColorRef::parse("#fff")`) outside the theme module
/// (`src/template/theme.rs`) and the leaf module of domain values (`src/values.rs`): colours are
/// named by `ThemeColor`, so a misspelt name cannot draw black in silence.
fn colours_by_literal(files: &[(String, PathBuf, String)]) -> Vec<String> {
    matching_lines(files, |_, path| {
        let allowed = path.ends_with("template/theme.rs") || path.ends_with("values.rs");
        (!allowed).then_some(|line: &str| {
            let compact = line.replace(' ', "");
            ["color(\"", "color(&\"", "colour(\"", "colour(&\""]
                .iter()
                .any(|call| contains_word(&compact, call))
                || compact.contains("ThemeColor::from_code(\"")
                || compact.contains("ColorRef::parse(\"")
        })
    })
}

#[test]
fn no_colour_looked_up_by_a_string_literal_outside_the_theme_module() {
    let found = colours_by_literal(&source_files());
    assert!(
        found.is_empty(),
        "colour looked up by a string literal (use ThemeColor):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_colour_check_finds_made_up_offenders_but_not_typed_ones() {
    let files = vec![
        (
            "layout".to_owned(),
            PathBuf::from("src/layout/blocks/x.rs"),
            "let a = context.color(\"line\");\nlet b = context.color(ThemeColor::Line);\nlet c = theme.color( &\"primay\");\nlet d = ThemeColor::from_code(\"muted\");\nlet e = \"context.color(x)\";\nlet f = default_color(\"style\");\n".to_owned(),
        ),
        (
            "template".to_owned(),
            PathBuf::from("src/template/theme.rs"),
            "let a = theme.color(\"line\");\n".to_owned(),
        ),
    ];
    let found = colours_by_literal(&files);
    assert_eq!(line_numbers(&found), ["1", "3", "4"], "{found:?}");
}

// The checks above must be able to fail: they are run here on made-up sources.

/// The line numbers of offenders (`path:line: code`).
fn line_numbers(found: &[String]) -> Vec<&str> {
    found
        .iter()
        .map(|line| line.split(':').nth(1).unwrap_or(""))
        .collect()
}

#[test]
fn the_cycle_check_finds_a_made_up_cycle() {
    let files = vec![
        (
            "a".to_owned(),
            PathBuf::from("a.rs"),
            "use crate::b::X;".to_owned(),
        ),
        (
            "b".to_owned(),
            PathBuf::from("b.rs"),
            "use crate::{c, d::Y};".to_owned(),
        ),
        (
            "c".to_owned(),
            PathBuf::from("c.rs"),
            "fn f() { crate::a::g() }".to_owned(),
        ),
        (
            "d".to_owned(),
            PathBuf::from("d.rs"),
            "// crate::a in a comment".to_owned(),
        ),
    ];
    let graph = module_graph(&files);
    assert_eq!(graph["b"], BTreeSet::from(["c".to_owned(), "d".to_owned()]));
    assert!(graph["d"].is_empty(), "comments are not imports");
    let found = cycles(&graph);
    assert!(
        found.contains(&("a".to_owned(), "b".to_owned())),
        "{found:?}"
    );
    assert!(!found.iter().any(|(from, _)| from == "d"), "{found:?}");
}

#[test]
fn the_rule_check_finds_made_up_offenders_but_not_strings_or_tests() {
    let files = vec![(
        "layout".to_owned(),
        PathBuf::from("layout.rs"),
        "fn a() { let _ = std::fs::read(\"x\"); }\nfn b() { let _ = \"std::fs in a message\"; }\n#[cfg(test)]\nmod tests { fn c() { std::fs::read(\"y\"); } }\n".to_owned(),
    )];
    let found = offenders(&files, &[], &["std::fs"], true);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("layout.rs:1:"), "{found:?}");
    assert!(!contains_word("my_println!(x)", "println!"));
    assert!(contains_word("    println!(x)", "println!"));
}
