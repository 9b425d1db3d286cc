//! How user text and file paths appear inside messages: cut short with what was left out said in
//! Chinese, picture paths relative to the station file or by their name alone.

/// `text` cut to at most `max_chars` characters for a message, with what was left out said in
/// Chinese: a 5 MB value becomes a short preview, never a 5 MB message.
pub fn preview(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_owned();
    }
    let start: String = text.chars().take(max_chars).collect();
    format!("{start}…（共 {count} 个字符）")
}

/// The most characters a file name takes in a message (longer ones keep their start and end).
pub const SHOWN_PATH_CHARS: usize = 40;

/// A picture path as a message shows it: relative to the station file's folder `base_dir` when
/// it lies inside it, else only the file's name (never a long absolute path), then cut to
/// [`SHOWN_PATH_CHARS`] keeping its start and its end (the extension). Paths written on Windows
/// (`D:\照片\张三.jpg`, `照片\张三.jpg`) are read the same on every system. Pure: no file is
/// touched.
pub fn shown_path(written: &str, base_dir: Option<&std::path::Path>) -> String {
    let written = written.trim();
    let slashed = written.replace('\\', "/");
    let drive = slashed
        .as_bytes()
        .get(1..3)
        .is_some_and(|pair| pair == b":/")
        && slashed
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_alphabetic);
    let absolute = slashed.starts_with('/') || drive;
    let shown = if absolute {
        let inside = base_dir.and_then(|dir| {
            let dir = dir.to_string_lossy().replace('\\', "/");
            let dir = dir.trim_end_matches('/');
            slashed
                .strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
                .filter(|rest| !dir.is_empty() && !rest.is_empty())
                .map(str::to_owned)
        });
        inside.unwrap_or_else(|| {
            slashed
                .rsplit('/')
                .find(|part| !part.is_empty())
                .unwrap_or(&slashed)
                .to_owned()
        })
    } else {
        written.to_owned()
    };
    preview_ends(&shown, SHOWN_PATH_CHARS)
}

/// `text` cut to about `max_chars` characters keeping its start and its end, joined by “…”
/// (a file name keeps its extension).
pub fn preview_ends(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_owned();
    }
    let tail = max_chars / 2;
    let head = max_chars.saturating_sub(tail + 1);
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn picture_paths_are_shown_short() {
        let base = Path::new("/home/社工站/柳溪镇");
        // Relative paths stay as written; absolute ones inside the station's folder become
        // relative; others show only their file name.
        assert_eq!(shown_path("照片/张三.jpg", Some(base)), "照片/张三.jpg");
        assert_eq!(
            shown_path("/home/社工站/柳溪镇/照片/张三.jpg", Some(base)),
            "照片/张三.jpg"
        );
        assert_eq!(
            shown_path("/media/u盘/备份/2024/照片/张三.jpg", Some(base)),
            "张三.jpg"
        );
        assert_eq!(shown_path(r"D:\资料\照片\李四.png", Some(base)), "李四.png");
        assert_eq!(shown_path(r"C:\Users\x\Desktop\王五.jpg", None), "王五.jpg");
        // A very long name keeps its start and its extension.
        let long = format!("/tmp/{}.jpg", "很长的名字".repeat(200));
        let shown = shown_path(&long, None);
        assert!(shown.chars().count() <= SHOWN_PATH_CHARS, "{shown}");
        assert!(
            shown.starts_with("很长的名字") && shown.ends_with(".jpg"),
            "{shown}"
        );
        assert!(shown.contains('…'));
    }
}
