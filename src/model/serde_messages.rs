//! serde_json's and serde's English messages translated into Chinese a user can act on, in one
//! place (loading a station file uses it; nothing else shows a serde message).

use super::shown::preview;

pub(super) fn syntax_reason(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => "文件在此处意外结束（可能缺少 } 或 ]）".to_owned(),
        _ => translate_serde_message(&error.to_string()),
    }
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

/// `text` cut to at most `max_chars` characters for a message, with what was left out said in

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
