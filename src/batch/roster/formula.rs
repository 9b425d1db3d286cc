//! Simple formulas of roster cells that have no saved result (files written by scripts, some WPS
//! and online-sheet exports): computed here as Excel would show them, so that a station is not
//! made with an empty 监督电话 or 更新日期. Understood: literals ("文字", 123, TRUE), cell
//! references (`B2`, `$B$2`, `基础信息!B2`, `'基础 信息'!B2`), `&`, `CONCAT`/`CONCATENATE`,
//! and `TEXT` of a date (or a date serial, or a date typed as text) with a date format such as
//! `yyyy-mm-dd` or `yyyy年m月d日`, or of a number with `0` or `@`. Anything else (ranges, other
//! functions, arithmetic) is not guessed at: the cell stays [`Cell::Uncomputed`] and the
//! station is stopped with a message naming the cell.

use super::sheet::{Cell, MAX_COLUMNS, normalize_date};

/// Deepest chain of formulas referring to formulas that is followed.
const MAX_DEPTH: usize = 32;

/// Where a formula's references are looked up: the cell at (sheet, row, column), 0-based, or
/// `None` when the sheet is not known. A formula cell without a result is [`Cell::Uncomputed`],
/// which is computed in turn through `compute`.
pub(super) trait Cells {
    /// The cell as stored (for an unknown sheet: `None`).
    fn cell(&mut self, sheet: &str, row: u32, col: u32) -> Option<Cell>;
    /// The value of an uncomputed formula cell (memoised by the caller), `None` if it cannot
    /// be computed.
    fn computed(&mut self, sheet: &str, row: u32, col: u32, depth: usize) -> Option<Cell>;
}

/// The sheets a formula refers to by name (to read them before computing).
pub(super) fn referenced_sheets(formula: &str) -> Vec<String> {
    let Some(tokens) = tokenize(formula) else {
        return Vec::new();
    };
    let mut names: Vec<String> = Vec::new();
    for token in tokens {
        if let Token::Reference {
            sheet: Some(sheet), ..
        } = token
            && !names.contains(&sheet)
        {
            names.push(sheet);
        }
    }
    names
}

/// The value of `formula` (without or with its leading `=`) in a cell of `sheet`, or `None`
/// when it is not one of the simple formulas understood here.
pub(super) fn compute(
    formula: &str,
    sheet: &str,
    cells: &mut dyn Cells,
    depth: usize,
) -> Option<Cell> {
    if depth > MAX_DEPTH {
        return None;
    }
    let tokens = tokenize(formula)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        sheet,
        cells,
        depth,
    };
    let value = parser.expression()?;
    if parser.at != tokens.len() {
        return None;
    }
    match value {
        // A formula showing an empty cell shows 0.
        Cell::Empty => Some(Cell::Number(0.0)),
        Cell::Error => None,
        other => Some(other),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Text(String),
    Number(f64),
    Bool(bool),
    Reference {
        sheet: Option<String>,
        row: u32,
        col: u32,
    },
    Function(String),
    Open,
    Close,
    Comma,
    Ampersand,
}

fn tokenize(formula: &str) -> Option<Vec<Token>> {
    let text = formula.trim();
    let text = text.strip_prefix('=').unwrap_or(text);
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(&ch) = chars.get(at) {
        match ch {
            ' ' | '\t' | '\n' | '\r' => at += 1,
            '(' => {
                tokens.push(Token::Open);
                at += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                at += 1;
            }
            ',' => {
                tokens.push(Token::Comma);
                at += 1;
            }
            '&' => {
                tokens.push(Token::Ampersand);
                at += 1;
            }
            '"' => {
                let (text, next) = quoted(&chars, at, '"')?;
                tokens.push(Token::Text(text));
                at = next;
            }
            '\'' => {
                let (sheet, next) = quoted(&chars, at, '\'')?;
                if chars.get(next) != Some(&'!') {
                    return None;
                }
                let (row, col, next) = reference(&chars, next + 1)?;
                tokens.push(Token::Reference {
                    sheet: Some(sheet),
                    row,
                    col,
                });
                at = next;
            }
            '0'..='9' | '.' => {
                let start = at;
                while chars
                    .get(at)
                    .is_some_and(|ch| ch.is_ascii_digit() || *ch == '.')
                {
                    at += 1;
                }
                let number: String = chars.get(start..at)?.iter().collect();
                tokens.push(Token::Number(number.parse().ok()?));
            }
            _ => {
                // A word: a sheet name before `!`, a function before `(`, a reference, TRUE/FALSE.
                let start = at;
                while chars.get(at).is_some_and(|ch| {
                    !matches!(
                        ch,
                        ' ' | '\t'
                            | '\n'
                            | '\r'
                            | '('
                            | ')'
                            | ','
                            | '&'
                            | '"'
                            | '\''
                            | '!'
                            | ':'
                            | '+'
                            | '-'
                            | '*'
                            | '/'
                            | '^'
                            | '='
                            | '<'
                            | '>'
                            | '%'
                            | ';'
                            | '{'
                            | '}'
                    )
                }) {
                    at += 1;
                }
                if at == start {
                    return None;
                }
                let word: String = chars.get(start..at)?.iter().collect();
                match chars.get(at) {
                    Some('!') => {
                        let (row, col, next) = reference(&chars, at + 1)?;
                        tokens.push(Token::Reference {
                            sheet: Some(word),
                            row,
                            col,
                        });
                        at = next;
                    }
                    Some('(') => {
                        let upper = word.to_ascii_uppercase();
                        let name = upper.strip_prefix("_XLFN.").unwrap_or(&upper).to_owned();
                        tokens.push(Token::Function(name));
                    }
                    _ => {
                        if word.eq_ignore_ascii_case("TRUE") {
                            tokens.push(Token::Bool(true));
                        } else if word.eq_ignore_ascii_case("FALSE") {
                            tokens.push(Token::Bool(false));
                        } else {
                            let word_chars: Vec<char> = word.chars().collect();
                            let (row, col, next) = reference(&word_chars, 0)?;
                            if next != word_chars.len() {
                                return None;
                            }
                            tokens.push(Token::Reference {
                                sheet: None,
                                row,
                                col,
                            });
                        }
                    }
                }
            }
        }
    }
    Some(tokens)
}

/// A quoted text from `chars[at]` (the quote): its content (doubled quotes made single) and the
/// position after the closing quote.
fn quoted(chars: &[char], at: usize, quote: char) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut at = at + 1;
    loop {
        let ch = *chars.get(at)?;
        if ch == quote {
            if chars.get(at + 1) == Some(&quote) {
                text.push(quote);
                at += 2;
                continue;
            }
            return Some((text, at + 1));
        }
        text.push(ch);
        at += 1;
    }
}

/// A cell reference (`B2`, `$B$2`) from `chars[at]`: (row, column) 0-based and the position
/// after it. A range (`B2:C3`) is not one.
fn reference(chars: &[char], at: usize) -> Option<(u32, u32, usize)> {
    let mut at = at;
    if chars.get(at) == Some(&'$') {
        at += 1;
    }
    let mut col: u32 = 0;
    let mut letters = 0;
    while let Some(ch) = chars.get(at).filter(|ch| ch.is_ascii_alphabetic()) {
        col = col
            .checked_mul(26)?
            .checked_add(u32::from(ch.to_ascii_uppercase()) - u32::from('A') + 1)?;
        letters += 1;
        at += 1;
    }
    if !(1..=3).contains(&letters) {
        return None;
    }
    if chars.get(at) == Some(&'$') {
        at += 1;
    }
    let mut row: u32 = 0;
    let mut digits = 0;
    while let Some(digit) = chars.get(at).and_then(|ch| ch.to_digit(10)) {
        row = row.checked_mul(10)?.checked_add(digit)?;
        digits += 1;
        at += 1;
    }
    if digits == 0 || row == 0 || chars.get(at) == Some(&':') {
        return None;
    }
    Some((row - 1, col - 1, at))
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    sheet: &'a str,
    cells: &'a mut dyn Cells,
    depth: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at)?.clone();
        self.at += 1;
        Some(token)
    }

    /// term (`&` term)*
    fn expression(&mut self) -> Option<Cell> {
        let first = self.term()?;
        if self.tokens.get(self.at) != Some(&Token::Ampersand) {
            return Some(first);
        }
        let mut text = shown(&first)?;
        while self.tokens.get(self.at) == Some(&Token::Ampersand) {
            self.at += 1;
            let next = self.term()?;
            text.push_str(&shown(&next)?);
        }
        Some(Cell::Text(text))
    }

    fn term(&mut self) -> Option<Cell> {
        match self.next()? {
            Token::Text(text) => Some(Cell::Text(text)),
            Token::Number(number) => Some(Cell::Number(number)),
            Token::Bool(value) => Some(Cell::Bool(value)),
            Token::Reference { sheet, row, col } => {
                if col >= MAX_COLUMNS {
                    return None;
                }
                let sheet = sheet.unwrap_or_else(|| self.sheet.to_owned());
                match self.cells.cell(&sheet, row, col)? {
                    Cell::Uncomputed(_) => self.cells.computed(&sheet, row, col, self.depth + 1),
                    Cell::Merged(inner) => Some(inner.as_ref().clone()),
                    Cell::TooLong(_) => None,
                    other => Some(other),
                }
            }
            Token::Open => {
                let value = self.expression()?;
                (self.next()? == Token::Close).then_some(value)
            }
            Token::Function(name) => {
                if self.next()? != Token::Open {
                    return None;
                }
                let mut arguments = Vec::new();
                if self.tokens.get(self.at) == Some(&Token::Close) {
                    self.at += 1;
                } else {
                    loop {
                        arguments.push(self.expression()?);
                        match self.next()? {
                            Token::Comma => {}
                            Token::Close => break,
                            _ => return None,
                        }
                    }
                }
                function(&name, &arguments)
            }
            Token::Close | Token::Comma | Token::Ampersand => None,
        }
    }
}

fn function(name: &str, arguments: &[Cell]) -> Option<Cell> {
    match name {
        "CONCAT" | "CONCATENATE" => {
            let mut text = String::new();
            for argument in arguments {
                text.push_str(&shown(argument)?);
            }
            Some(Cell::Text(text))
        }
        "TEXT" => {
            let [value, format] = arguments else {
                return None;
            };
            let format = shown(format)?;
            text_function(value, &format).map(Cell::Text)
        }
        _ => None,
    }
}

/// How a value is shown when joined with `&` (Excel: a date is its serial number).
fn shown(value: &Cell) -> Option<String> {
    Some(match value {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Number(number) => number_text(*number),
        Cell::Bool(true) => "TRUE".into(),
        Cell::Bool(false) => "FALSE".into(),
        Cell::Date(year, month, day) => number_text(serial(*year, *month, *day)? as f64),
        Cell::Time(hours, minutes, seconds) => number_text(
            (f64::from(*hours) * 3600.0 + f64::from(*minutes) * 60.0 + f64::from(*seconds))
                / 86_400.0,
        ),
        Cell::Merged(inner) => return shown(inner),
        Cell::Error | Cell::TooLong(_) | Cell::Uncomputed(_) => return None,
    })
}

/// A number as Excel's General format shows it (up to 15 significant digits, no “.0”).
fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        return format!("{}", number as i64);
    }
    // Rounded to 15 significant digits, then shown in the shortest form.
    format!("{:.14e}", number)
        .parse::<f64>()
        .map_or_else(|_| format!("{number}"), |rounded| format!("{rounded}"))
}

/// Days since 1899-12-30 (Excel's serial for dates after 1900-03-01).
fn serial(year: u16, month: u8, day: u8) -> Option<i64> {
    let date = jiff::civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()?;
    let serial = i64::from(EXCEL_EPOCH.until(date).ok()?.get_days());
    (serial >= 61).then_some(serial)
}

/// Day 0 of Excel's serial dates (for dates after 1900-03-01, where Excel's serials are right).
const EXCEL_EPOCH: jiff::civil::Date = jiff::civil::date(1899, 12, 30);

/// The date of an Excel serial (after 1900-03-01).
fn from_serial(serial: f64) -> Option<(u16, u8, u8)> {
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = jiff::Span::new().try_days(serial.floor() as i64).ok()?;
    let date = EXCEL_EPOCH.checked_add(days).ok()?;
    Some((
        u16::try_from(date.year()).ok()?,
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    ))
}

/// `TEXT(value, format)` for a date format or `0`/`@`.
fn text_function(value: &Cell, format: &str) -> Option<String> {
    let value = match value {
        Cell::Merged(inner) => inner.as_ref(),
        other => other,
    };
    let trimmed = format.trim();
    if trimmed == "@" {
        return shown(value);
    }
    if trimmed == "0" {
        return match value {
            Cell::Number(number) => Some(number_text(number.round())),
            _ => None,
        };
    }
    let date = match value {
        Cell::Date(year, month, day) => (*year, *month, *day),
        Cell::Number(number) => from_serial(*number)?,
        Cell::Text(text) => {
            let iso = normalize_date(text)?;
            let mut parts = iso.split('-');
            (
                parts.next()?.parse().ok()?,
                parts.next()?.parse().ok()?,
                parts.next()?.parse().ok()?,
            )
        }
        _ => return None,
    };
    date_format(date, format)
}

/// A date shown with a format of `y`, `e`, `m`, `d` runs, quoted or escaped literals and other
/// literal characters; a format with times, weekdays or locale codes is not understood.
fn date_format((year, month, day): (u16, u8, u8), format: &str) -> Option<String> {
    let chars: Vec<char> = format.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    let mut any_field = false;
    while let Some(&ch) = chars.get(at) {
        let run = chars
            .get(at..)?
            .iter()
            .take_while(|next| next.eq_ignore_ascii_case(&ch))
            .count();
        match ch.to_ascii_lowercase() {
            'y' | 'e' => {
                if run <= 2 && ch.eq_ignore_ascii_case(&'y') {
                    out.push_str(&format!("{:02}", year % 100));
                } else {
                    out.push_str(&format!("{year:04}"));
                }
                any_field = true;
                at += run;
            }
            'm' => {
                match run {
                    1 => out.push_str(&month.to_string()),
                    2 => out.push_str(&format!("{month:02}")),
                    _ => return None,
                }
                any_field = true;
                at += run;
            }
            'd' => {
                match run {
                    1 => out.push_str(&day.to_string()),
                    2 => out.push_str(&format!("{day:02}")),
                    _ => return None,
                }
                any_field = true;
                at += run;
            }
            '"' => {
                let (literal, next) = quoted(&chars, at, '"')?;
                out.push_str(&literal);
                at = next;
            }
            '\\' => {
                out.push(*chars.get(at + 1)?);
                at += 2;
            }
            letter if letter.is_ascii_alphabetic() => return None,
            '[' | '@' | '#' | '0' | '?' | '*' | '_' | ';' => return None,
            _ => {
                out.push(ch);
                at += 1;
            }
        }
    }
    any_field.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Cells of made-up sheets; formulas computed without memo (the tests are small).
    struct Sheets(BTreeMap<(String, u32, u32), Cell>);

    impl Cells for Sheets {
        fn cell(&mut self, sheet: &str, row: u32, col: u32) -> Option<Cell> {
            if !self.0.keys().any(|(name, ..)| name == sheet) {
                return None;
            }
            Some(
                self.0
                    .get(&(sheet.to_owned(), row, col))
                    .cloned()
                    .unwrap_or(Cell::Empty),
            )
        }
        fn computed(&mut self, sheet: &str, row: u32, col: u32, depth: usize) -> Option<Cell> {
            let Some(Cell::Uncomputed(formula)) = self.cell(sheet, row, col) else {
                return None;
            };
            compute(&formula, sheet, self, depth)
        }
    }

    fn sheets() -> Sheets {
        let mut cells = BTreeMap::new();
        let mut put = |sheet: &str, reference: &str, cell: Cell| {
            let chars: Vec<char> = reference.chars().collect();
            let (row, col, _) = reference_of(&chars);
            cells.insert((sheet.to_owned(), row, col), cell);
        };
        put("基础 信息", "B2", Cell::Text("0571-8888 6666".into()));
        put("基础信息", "A1", Cell::Text("青禾县".into()));
        put("基础信息", "B3", Cell::Date(2026, 3, 1));
        put("站点", "A2", Cell::Text("柳溪镇".into()));
        put(
            "站点",
            "C2",
            Cell::Uncomputed("基础信息!A1&A2&\"社会工作服务站\"".into()),
        );
        put("站点", "D2", Cell::Uncomputed("D2".into()));
        put("站点", "E2", Cell::Number(46082.0));
        Sheets(cells)
    }

    fn reference_of(chars: &[char]) -> (u32, u32, usize) {
        reference(chars, 0).unwrap_or((0, 0, 0))
    }

    fn value(formula: &str) -> Option<Cell> {
        compute(formula, "站点", &mut sheets(), 0)
    }

    fn text(value: &str) -> Option<Cell> {
        Some(Cell::Text(value.into()))
    }

    #[test]
    fn simple_formulas_are_computed_as_excel_shows_them() {
        assert_eq!(value("='基础 信息'!$B$2"), text("0571-8888 6666"));
        assert_eq!(
            value("基础信息!A1&A2&\"社会工作服务站\""),
            text("青禾县柳溪镇社会工作服务站")
        );
        assert_eq!(value("C2"), text("青禾县柳溪镇社会工作服务站"));
        assert_eq!(
            value("_xlfn.CONCAT(基础信息!A1, \"民政局\", 1)"),
            text("青禾县民政局1")
        );
        assert_eq!(
            value("CONCATENATE(\"说\"\"明\"\"\",A2)"),
            text("说\"明\"柳溪镇")
        );
        assert_eq!(
            value("TEXT(基础信息!B3,\"yyyy-mm-dd\")"),
            text("2026-03-01")
        );
        assert_eq!(value("TEXT(E2,\"yyyy年m月d日\")"), text("2026年3月1日"));
        assert_eq!(
            value("TEXT(\"2026/3/1\",\"yyyy.mm.dd\")"),
            text("2026.03.01")
        );
        // A date joined with & is its serial number, as in Excel.
        assert_eq!(value("\"更新于\"&基础信息!B3"), text("更新于46082"));
        assert_eq!(value("基础信息!B3"), Some(Cell::Date(2026, 3, 1)));
        // An empty cell shows 0.
        assert_eq!(value("Z9"), Some(Cell::Number(0.0)));
        assert_eq!(value("\"文字\""), text("文字"));
    }

    #[test]
    fn other_formulas_are_not_guessed() {
        for formula in [
            "VLOOKUP(A2,基础信息!A:B,2,FALSE)",
            "SUM(E2:E3)",
            "E2+1",
            "TODAY()",
            "TEXT(E2,\"yyyy-mm-dd hh:mm\")",
            "TEXT(E2,\"aaaa\")",
            "D2",
            "不存在!A1",
            "A2&",
            "BZ2",
        ] {
            assert_eq!(value(formula), None, "{formula}");
        }
        assert_eq!(
            referenced_sheets("'基础 信息'!B2&基础信息!A1&A2"),
            ["基础 信息", "基础信息"]
        );
        assert_eq!(serial(2026, 3, 1), Some(46082));
        assert_eq!(from_serial(46082.0), Some((2026, 3, 1)));
        assert_eq!(serial(2024, 2, 29), Some(45351));
        assert_eq!(from_serial(45351.75), Some((2024, 2, 29)));
        assert_eq!(from_serial(61.0), Some((1900, 3, 1)));
        assert_eq!(serial(1900, 2, 28), None);
        assert_eq!(serial(2026, 2, 30), None);
    }
}
