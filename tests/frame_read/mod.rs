//! Reading laid-out signs back for the bilingual tests: the text lines of a page that together
//! read a text, where their ink lies, and the PDF's text layer (`pdftotext -raw`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use liangpai::layout::{Document, Item, TextLine};
use liangpai::render::pdf::{PdfOptions, render_pdf};

/// Text without spaces, line breaks, joiners and direction marks.
pub fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|ch| !ch.is_whitespace() && !('\u{2060}'..='\u{206F}').contains(ch))
        .filter(|ch| {
            !('\u{200E}'..='\u{200F}').contains(ch) && !('\u{202A}'..='\u{202E}').contains(ch)
        })
        .collect()
}

/// The text lines of page `page`, in drawing order.
pub fn text_lines(document: &Document, page: usize) -> Vec<&TextLine> {
    document.pages[page]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text(line) => Some(line),
            _ => None,
        })
        .collect()
}

/// The run of consecutive text lines of page `page` (in drawing order) that together read
/// `whole` (spaces and line breaks aside); empty when there is none.
pub fn lines_of<'a>(document: &'a Document, page: usize, whole: &str) -> Vec<&'a TextLine> {
    let whole = squeeze(whole);
    let lines = text_lines(document, page);
    for start in 0..lines.len() {
        let mut joined = String::new();
        for (end, line) in lines.iter().enumerate().skip(start) {
            joined.push_str(&squeeze(&line.text));
            if joined == whole {
                return lines[start..=end].to_vec();
            }
            if !whole.starts_with(&joined) {
                break;
            }
        }
    }
    Vec::new()
}

/// The lines of `whole` on `page`, checked to hold it whole.
pub fn whole_lines<'a>(document: &'a Document, page: usize, whole: &str) -> Vec<&'a TextLine> {
    let lines = lines_of(document, page, whole);
    if lines.is_empty() {
        let texts: Vec<(String, f32)> = text_lines(document, page)
            .iter()
            .map(|line| (line.text.clone(), line.size_pt))
            .collect();
        panic!("“{whole}” not whole on page {page}: {texts:?}");
    }
    lines
}

/// The top and bottom of a set of lines' ink.
pub fn span(lines: &[&TextLine]) -> (f32, f32) {
    let top = lines
        .iter()
        .map(|line| line.extent().y)
        .fold(f32::INFINITY, f32::min);
    let bottom = lines
        .iter()
        .map(|line| line.extent().y + line.extent().height)
        .fold(f32::NEG_INFINITY, f32::max);
    (top, bottom)
}

/// `pdftotext -raw` of the document's PDF.
pub fn pdf_text(document: &Document) -> String {
    let bytes = render_pdf(document, &PdfOptions::default()).expect("a PDF");
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("sign.pdf");
    std::fs::write(&path, bytes).expect("written");
    let output = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A label in `language` as the signs end it: Tibetan after its shad or tsheg without a colon,
/// Mongolian with its own colon ᠄, the others with `:`.
pub fn label_of(language: liangpai::model::Language, label: &str) -> String {
    use liangpai::model::Language;
    match language {
        Language::Tibetan if label.ends_with(['།', '་']) => format!("{label} "),
        Language::Mongolian => format!("{label}᠄ "),
        _ => format!("{label}: "),
    }
}
