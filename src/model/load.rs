//! Reading a station file from its bytes — format, version and name checked before the fields,
//! every message in Chinese naming the file and the field in the form's words — and the text it
//! is saved as.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::field_path::FieldPath;
use super::normalize::normalize_value;
use super::parser_messages::{syntax_reason, translate_serde_message};
use super::shown::preview;
use super::types::{FORMAT, StationFile, VERSION};

impl StationFile {
    /// Parses a station file from its bytes. `file` names the file in messages.
    pub fn from_bytes(bytes: &[u8], file: &Path) -> Result<StationFile, LoadError> {
        let file = file.to_path_buf();
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|error| LoadError::NotUtf8 {
            file: file.clone(),
            byte_offset: error.valid_up_to(),
        })?;
        if text.trim().is_empty() {
            return Err(LoadError::Empty { file });
        }
        // A file that does not even start like JSON (a .txt, a Word file saved as text) is not a
        // station file: say so and what one is, not where the JSON went wrong.
        if !text.trim_start().starts_with(['{', '[']) {
            return Err(LoadError::NotStationFile { file });
        }
        let value: Value = serde_json::from_str(text).map_err(|error| LoadError::Syntax {
            file: file.clone(),
            line: error.line(),
            column: error.column(),
            reason: syntax_reason(&error),
        })?;
        let Value::Object(object) = &value else {
            return Err(LoadError::NotAnObject { file });
        };
        match object.get("format") {
            Some(Value::String(format)) if format == FORMAT => {}
            Some(other) => {
                return Err(LoadError::WrongFormat {
                    file,
                    found: preview(&other.to_string(), 40),
                });
            }
            None => return Err(LoadError::MissingFormat { file }),
        }
        let found = |value: &dyn std::fmt::Display| preview(&value.to_string(), 40);
        match object.get("version") {
            Some(Value::Number(number)) => match number.as_u64() {
                Some(version) if version > VERSION => {
                    return Err(LoadError::NewerVersion { file, version });
                }
                Some(version) if version >= 1 => {}
                _ => {
                    return Err(LoadError::BadVersion {
                        file,
                        found: found(number),
                    });
                }
            },
            Some(other) => {
                return Err(LoadError::BadVersion {
                    file,
                    found: found(other),
                });
            }
            None => return Err(LoadError::MissingVersion { file }),
        }
        match object.get("station") {
            None => return Err(LoadError::MissingName { file }),
            Some(Value::Object(station)) if !station.contains_key("name") => {
                return Err(LoadError::MissingName { file });
            }
            _ => {}
        }
        let mut value = value;
        normalize_value(&mut value);
        serde_path_to_error::deserialize(value).map_err(|error| {
            // serde's path is read once into a typed path; its Chinese name comes from the parts.
            let path = FieldPath::parse(&error.path().to_string());
            let inner = error.into_inner();
            LoadError::Field {
                file,
                place: path.describe_long(),
                expected: path.expected_value(),
                detail: translate_serde_message(&inner.to_string()),
                field: path,
            }
        })
    }

    /// The file's text as saved: pretty JSON, two-space indent, UTF-8, trailing newline.
    pub fn to_json(&self) -> String {
        // Serialising plain strings, numbers and maps cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Why a station file could not be opened. Every message is Chinese and names the file and field.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("无法读取文件 {}：{}", file.display(), crate::fsutil::io_message(source))]
    Read {
        /// The file.
        file: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Bytes that are not UTF-8 (often a GBK file saved by an old editor).
    #[error(
        "文件 {} 不是 UTF-8 编码的文本（第 {byte_offset} 字节起无法识别）。请用记事本“另存为”并选择 UTF-8 编码后再打开。",
        file.display()
    )]
    NotUtf8 {
        /// The file.
        file: PathBuf,
        /// Where the first bad byte is.
        byte_offset: usize,
    },
    /// Nothing in the file.
    #[error("文件 {} 是空的，里面没有站点信息。", file.display())]
    Empty {
        /// The file.
        file: PathBuf,
    },
    /// Invalid JSON.
    #[error("文件 {} 第 {line} 行第 {column} 列：{reason}。", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, in Chinese.
        reason: String,
    },
    /// The JSON is not an object.
    #[error("文件 {} 不是亮牌站点文件：最外层应当是 {{ }} 括起来的对象。", file.display())]
    NotAnObject {
        /// The file.
        file: PathBuf,
    },
    /// No `format` field.
    #[error("文件 {} 不是亮牌站点文件：缺少字段 format（文件格式），应为 \"liangpai-station\"。", file.display())]
    MissingFormat {
        /// The file.
        file: PathBuf,
    },
    /// `format` is not ours.
    #[error("文件 {} 不是亮牌站点文件：字段 format（文件格式）是 {found}，应为 \"liangpai-station\"。", file.display())]
    WrongFormat {
        /// The file.
        file: PathBuf,
        /// What it says instead.
        found: String,
    },
    /// No `version` field.
    #[error("文件 {}：缺少字段 version（文件版本），应为 1。", file.display())]
    MissingVersion {
        /// The file.
        file: PathBuf,
    },
    /// `version` is not a positive whole number.
    #[error("文件 {}：字段 version（文件版本）是 {found}，应为正整数 1。", file.display())]
    BadVersion {
        /// The file.
        file: PathBuf,
        /// What it says instead.
        found: String,
    },
    /// Made by a newer app.
    #[error(
        "文件 {} 是较新版本的亮牌制作的（文件版本 {version}），本程序只认识到版本 {}。请升级亮牌后再打开，以免丢失信息。",
        file.display(), VERSION
    )]
    NewerVersion {
        /// The file.
        file: PathBuf,
        /// The file's version.
        version: u64,
    },
    /// `station.name` is missing.
    #[error("文件 {}：没有站点全称。站点全称必须填写。", file.display())]
    MissingName {
        /// The file.
        file: PathBuf,
    },
    /// A field has the wrong type or a required field is missing.
    #[error("文件 {}：{place}有误：{detail}；应为{expected}。", file.display())]
    Field {
        /// The file.
        file: PathBuf,
        /// The field's path, e.g. `services[3].free` (the command line shows it after the message).
        field: FieldPath,
        /// Where it is in the form, in Chinese (服务内容与清单 › 第 4 项服务的是否免费).
        place: String,
        /// What was wrong.
        detail: String,
        /// What the field should hold.
        expected: &'static str,
    },
    /// Not a station file at all (not JSON: a text file, a document, a picture).
    #[error(
        "文件 {} 不是亮牌站点文件。站点文件是亮牌保存的 .json 文件，里面是一个站点的全部信息（站点全称、联系方式、服务清单、服务人员等）。请打开以 .json 结尾、由亮牌保存的站点文件，或点“新建”从头填写。",
        file.display()
    )]
    NotStationFile {
        /// The file.
        file: PathBuf,
    },
}

/// `station.name`.
static STATION_NAME: std::sync::LazyLock<FieldPath> =
    std::sync::LazyLock::new(|| FieldPath::none().key("station").key("name"));

impl LoadError {
    /// The field path the error is about, for the command line (county IT staff); `None` when it
    /// is about the file as a whole.
    pub fn field(&self) -> Option<&FieldPath> {
        match self {
            LoadError::Field { field, .. } => Some(field),
            LoadError::MissingName { .. } => Some(&STATION_NAME),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parser_messages::translate_serde_message;
    use crate::model::types::{Extra, Rule};

    /// Whether `message` has a sentence of plain English in it (three ASCII words in a row).
    fn has_english_sentence(message: &str) -> bool {
        message
            .split(|ch: char| !ch.is_ascii_alphabetic() && ch != ' ')
            .any(|run| run.split_whitespace().filter(|word| word.len() > 1).count() >= 3)
    }

    fn load_message(text: &str) -> String {
        match StationFile::from_bytes(text.as_bytes(), Path::new("站点.json")) {
            Ok(_) => panic!("should fail: {}", preview(text, 80)),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn every_serde_reason_is_chinese() {
        let cases = [
            (format!("{}1{}", "[".repeat(200), "]".repeat(200)), "嵌套"),
            (r#"{"format": "\ud800\u0041"}"#.to_owned(), "不成对"),
            (r#"{"format": "\u12"}"#.to_owned(), "转义"),
            (r#"{"format": 1e999}"#.to_owned(), "数字"),
            (r#"{"format": "liangpai-station", "version": 1, "station": {"name": ["甲"]}}"#.to_owned(), "列表"),
            (r#"{"format": "liangpai-station", "version": 1, "station": {"name": "甲"}, "staff": {"a": 1}}"#.to_owned(), "对象"),
            (r#"{"format": "liangpai-station", "version": 1, "station": {"name": "甲"}, "staff": [{"name": null}]}"#.to_owned(), ""),
            ("{\"a\": \"".to_owned(), "意外结束"),
        ];
        for (text, words) in cases {
            let message = load_message(&text);
            assert!(message.contains(words), "{message}");
            assert!(!has_english_sentence(&message), "English in: {message}");
            assert!(!message.contains("格式有误（"), "{message}");
        }
        assert!(!has_english_sentence(&translate_serde_message(
            "something nobody expected here"
        )));
    }

    #[test]
    fn a_huge_wrong_value_gives_a_short_message() {
        let huge = "格".repeat(5 * 1024 * 1024 / 3);
        let message = load_message(&format!(r#"{{"format": "{huge}", "version": 1}}"#));
        assert!(
            message.chars().count() < 300,
            "{} characters",
            message.chars().count()
        );
        assert!(message.contains("共 1747628 个字符"), "{message}");
        let message = load_message(&format!(
            r#"{{"format": "liangpai-station", "version": 1, "station": {{"name": "甲", "rooms": "{}"}}}}"#,
            huge.get(..300_000).unwrap_or_default()
        ));
        assert!(
            message.chars().count() < 300,
            "{} characters",
            message.chars().count()
        );
    }

    #[test]
    fn files_without_the_fields_added_this_version_load_and_keep_them_on_save() {
        let old = r#"{"format":"liangpai-station","version":1,"station":{"name":"青禾县柳溪镇社会工作服务站"},
            "services":[{"item":"政策咨询","free":false}],"staff":[{"name":"王磊"}]}"#;
        let station = StationFile::from_bytes(old.as_bytes(), Path::new("旧.json"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(station.rules.is_empty());
        assert_eq!(station.station.short_name, "");
        assert_eq!(station.services[0].fee, "");
        assert_eq!(station.staff[0].certificate_no, "");

        let mut new = station.clone();
        new.station.short_name = "柳溪镇社工站".into();
        new.services[0].fee = "每次 10 元".into();
        new.staff[0].certificate_no = "S2024320000123".into();
        new.rules.push(Rule {
            title: "保密制度".into(),
            text: "一、……\n二、……".into(),
            tr: Default::default(),
            extra: Extra::new(),
        });
        let again = StationFile::from_bytes(new.to_json().as_bytes(), Path::new("新.json"))
            .unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(again, new);
        assert_eq!(again.short_name(), "柳溪镇社工站");
    }

    #[test]
    fn a_file_that_is_not_a_station_file_says_so_and_what_one_is() {
        for text in ["hello", "站点信息：柳溪镇", "PK\u{3}\u{4}", "1"] {
            let message = load_message(text);
            assert!(message.contains("不是亮牌站点文件"), "{message}");
            assert!(
                message.contains("站点文件是亮牌保存的 .json 文件"),
                "{message}"
            );
            assert!(!message.contains("第 1 行第 1 列"), "{message}");
        }
    }

    #[test]
    fn a_wrong_field_is_named_in_the_forms_words_and_its_path_kept_apart() {
        let text = r#"{"format": "liangpai-station", "version": 1, "station": {"name": "甲"},
            "services": [{"item": "a"}, {"item": "b", "free": "是"}]}"#;
        let error = match StationFile::from_bytes(text.as_bytes(), Path::new("站点.json")) {
            Ok(_) => panic!("should fail"),
            Err(error) => error,
        };
        let message = error.to_string();
        assert!(
            message.contains("服务内容与清单 › 第 2 项服务的是否免费有误：现在填的是文字 \"是\""),
            "{message}"
        );
        assert!(
            message.contains("应为true（是）或 false（否）"),
            "{message}"
        );
        assert!(!message.contains("services["), "{message}");
        assert_eq!(
            error.field().map(ToString::to_string).as_deref(),
            Some("services[1].free")
        );
    }
}
