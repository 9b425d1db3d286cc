//! The station file (format `liangpai-station`, version 1). No file access: reading and saving
//! files is `storage`, reading pictures is `assets`. One job a file:
//!
//! | file | job |
//! |---|---|
//! | `types` | the data types (plain `Clone + PartialEq + serde` data) and the lists the app offers |
//! | `load` | parsing from bytes with Chinese messages (`LoadError`), the saved text |
//! | `parser_messages` | the parsers' English messages (JSON, TOML, serde) in Chinese, in one place |
//! | `field_path` | `FieldPath` and its Chinese names in the form's words |
//! | `diagnostic` | `Diagnostic`, the one problem type from the model to the app, and `merge` |
//! | `validate` | pure validation; each part of the station checks itself |
//! | `numbers` | phones and dates as people type them (full-width digits) |
//! | `normalize` | invisible characters and look-alike radicals removed from text |
//! | `characters` | characters no font has |
//! | `languages` | signs in two or three scripts: `languages`, the translations `tr`, `headings` |
//! | `translated` | the texts the signs print, and the check of `languages`, `tr`, `headings` |
//! | `short_name` | the proposed 简称 |
//! | `shown` | user text and paths inside messages, cut short |
//!
//! The file is a public contract described in DESIGN.md. Fields this version does not know are
//! kept in the `extra` map of the object they were found in and written back on save, so a file
//! made by a newer app loses nothing when an older one saves it.

mod characters;
mod diagnostic;
mod field_path;
mod languages;
mod load;
mod normalize;
mod numbers;
mod parser_messages;
mod short_name;
mod shown;
mod translated;
mod types;
mod validate;

pub use characters::{check_characters, code_point, is_name_field, name_chars, text_fields};
pub use diagnostic::{Diagnostic, Severity, count, merge};
pub use field_path::{FieldPath, PathPart};
pub use languages::{
    HEADING_KEYS, Headings, Language, LanguageOrder, Languages, Translations, heading,
};
pub use load::LoadError;
pub use normalize::{is_needed_format, is_removed_invisible, normalize_text};
pub use numbers::{ascii_digits, check_phone, parse_iso_date};
pub use parser_messages::toml_message_in_chinese;
pub use short_name::propose_short_name;
pub use shown::{SHOWN_PATH_CHARS, preview, preview_ends, shown_path};
pub use translated::{
    HeadingRow, SHOWN_FIELDS, ShownText, heading_rows, is_shown_field, language_by_name,
    language_choices, shown_texts,
};
pub use types::*;
pub use validate::validate;
