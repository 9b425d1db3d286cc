//! The parsers' English messages (serde_json for station files, toml for templates, themes and
//! style-pack manifests, serde's own) translated into Chinese a user can act on, in one place:
//! the station loader, the style-pack reader and the template checker all ask here.

use super::shown::preview;

pub(super) fn syntax_reason(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => "文件在此处意外结束（可能缺少 } 或 ]）".to_owned(),
        _ => translate_serde_message(&error.to_string()),
    }
}

/// A TOML parser's (or serde's, under TOML) English message in Chinese, in a template's or a
/// manifest's words (键); `None` when it is not one this table knows (the caller then keeps the
/// English after a Chinese lead, for the designer).
pub fn toml_message_in_chinese(message: &str) -> Option<String> {
    let message = message.trim();
    let quoted = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = quoted(rest);
        let (unknown, allowed) = names
            .split_first()
            .map_or((String::new(), &[][..]), |(first, rest)| {
                (first.clone(), rest)
            });
        return Some(if allowed.is_empty() {
            format!("不认识的键“{unknown}”")
        } else {
            format!(
                "不认识的键“{unknown}”，这里可用的键：{}",
                allowed.join("、")
            )
        });
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return Some(format!("缺少必填的键“{}”", quoted(rest).join("")));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((value, allowed)) = quoted(rest).split_first()
    {
        return Some(format!("值“{value}”不对，可选：{}", allowed.join("、")));
    }
    const KNOWN: [(&str, &str); 11] = [
        ("duplicate key", "同一个键写了两次"),
        (
            "string values must be quoted",
            "文字要用英文引号 \"…\" 括起来",
        ),
        ("unclosed array table", "[[…]] 少了右边的 ]]"),
        ("unclosed inline table", "{ … } 少了右边的 }"),
        ("unclosed table", "[…] 少了右边的 ]"),
        ("unclosed array", "[ … ] 少了右边的 ]"),
        ("invalid basic string", "引号没有成对（少了右边的 \"）"),
        ("invalid literal string", "单引号没有成对（少了右边的 '）"),
        ("key with no value", "键后面缺少 “= 值”"),
        ("invalid type", "值的类型不对"),
        ("invalid value", "值不对"),
    ];
    KNOWN
        .iter()
        .find(|(prefix, _)| message.starts_with(prefix))
        .map(|(_, chinese)| (*chinese).to_owned())
}

/// Turns serde_json's English messages into Chinese ones a user can act on. Every message
/// serde_json and serde can give has its Chinese words here; anything else becomes a general
/// Chinese sentence (never English shown to a user).
pub(super) fn translate_serde_message(message: &str) -> String {
    // serde_json appends " at line L column C"; the caller reports the position itself.
    let message = message.split(" at line ").next().unwrap_or(message).trim();
    let table: [(&str, &str); 33] = [
        ("trailing comma", "多了一个逗号"),
        ("expected `,` or `}`", "缺少逗号或 }"),
        ("expected `,` or `]`", "缺少逗号或 ]"),
        ("expected `:`", "缺少冒号"),
        ("expected `\"`", "缺少英文双引号"),
        ("expected value", "这里应当是一个值"),
        ("expected ident", "无法识别的词（文字要放在英文双引号里）"),
        ("key must be a string", "字段名必须放在英文双引号里"),
        (
            "expected key to be a number",
            "字段名应是放在英文双引号里的数字",
        ),
        ("float key must be finite", "字段名不能是无穷大或非数字"),
        (
            "control character",
            "文字中有不允许的控制字符（如未转义的换行）",
        ),
        (
            "lone leading surrogate",
            "文字中有不成对的 \\u 转义（代理字符只有前一半）",
        ),
        (
            "unexpected end of hex escape",
            "文字中的 \\u 转义不完整（应为 \\u 加 4 位十六进制数）",
        ),
        (
            "invalid unicode code point",
            "文字中的 \\u 转义不是有效的字符",
        ),
        ("invalid escape", "文字中有无效的转义符 \\"),
        (
            "recursion limit exceeded",
            "括号嵌套层数太多（文件可能已损坏）",
        ),
        ("number out of range", "数字太大或太小"),
        ("invalid number", "数字格式不对"),
        ("trailing characters", "JSON 结束后还有多余内容"),
        (
            "EOF while parsing a string",
            "文件意外结束（文字缺少结尾的英文双引号）",
        ),
        ("EOF while parsing a list", "文件意外结束（缺少 ]）"),
        ("EOF while parsing an object", "文件意外结束（缺少 }）"),
        ("EOF while parsing", "文件意外结束"),
        ("invalid type: ", "值的类型不对："),
        ("invalid value: ", "值不对"),
        ("invalid length", "列表的项数不对"),
        ("unknown variant", "值不是可选的几种之一"),
        ("unknown field", "有不认识的字段"),
        ("duplicate field", "同一个字段写了两次"),
        ("missing field", "缺少字段"),
        ("data did not match any variant", "值的写法不对"),
        ("Unexpected end of input", "文件意外结束"),
        ("out of memory", "文件太大，内存不够"),
    ];
    for (english, chinese) in table {
        if message.contains(english) {
            if english == "invalid type: " {
                return describe_invalid_type(message);
            }
            return chinese.to_owned();
        }
    }
    // Our own deserializers speak Chinese; anything else is not shown in English.
    if message
        .chars()
        .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
    {
        preview(message, 80)
    } else {
        "格式有误".to_owned()
    }
}

/// `invalid type: string "是", expected a boolean` → `现在填的是文字 "是"`.
fn describe_invalid_type(message: &str) -> String {
    let found = message
        .trim_start_matches("invalid type: ")
        .split(", expected")
        .next()
        .unwrap_or("");
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let value = preview(value.trim_matches('`'), 40);
    match kind {
        "string" => format!("现在填的是文字 {value}"),
        "integer" | "floating" => format!("现在填的是数字 {value}"),
        "boolean" => format!("现在填的是 {value}"),
        "map" => "现在填的是一个对象 { }".to_owned(),
        "sequence" => "现在填的是一个列表 [ ]".to_owned(),
        "null" => "现在填的是 null（空值）".to_owned(),
        _ => "值的类型不对".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_messages_are_chinese() {
        assert_eq!(
            toml_message_in_chinese("unknown field `foo`, expected one of `rect`, `fill`")
                .as_deref(),
            Some("不认识的键“foo”，这里可用的键：rect、fill")
        );
        assert_eq!(
            toml_message_in_chinese("missing field `sign`").as_deref(),
            Some("缺少必填的键“sign”")
        );
        assert_eq!(
            toml_message_in_chinese("unknown variant `big`, expected `a` or `b`").as_deref(),
            Some("值“big”不对，可选：a、b")
        );
        assert_eq!(
            toml_message_in_chinese("duplicate key `x`").as_deref(),
            Some("同一个键写了两次")
        );
        assert_eq!(toml_message_in_chinese("expected `=`"), None);
    }
}
