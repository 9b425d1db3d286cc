//! Writing the roster template: every sheet and column with notes and drop-downs, a 填写说明
//! sheet, and a fictional example station.

use std::path::Path;

use super::RosterError;
use super::schema::{
    self, Column, KEY, PARTNERS, PROCESS, RULES, SERVICES, STAFF, STATION, SheetSchema, Value,
    translated_field, translation_header,
};
use crate::model::{
    Contacts, Language, Languages, Partner, ProcessStep, QrCode, Rule, Service, StaffMember,
    Station, StationFile, StationKind,
};

/// The text of `column` for `item`, as the column's [`Value`] says (`key`: the 站点全称).
fn cell<T>(value: &Value<T>, item: &T, key: &str) -> String {
    let yes_no = |value: bool| if value { "是" } else { "否" }.to_owned();
    match value {
        Value::Key => key.to_owned(),
        Value::Text(get, _) | Value::Phone(get, _) | Value::Date(get, _) => get(item).clone(),
        Value::List { get, joiner, .. } => get(item).join(joiner),
        Value::YesNo { get, .. } => yes_no(*get(item)),
        Value::Kind(get, _) => get(item).label().to_owned(),
        Value::Qr { .. } | Value::Languages | Value::Region | Value::Order | Value::Ratio => {
            String::new()
        }
    }
}

/// The translation of `column` of `item` into `language`, as its cell holds it (a list's items
/// joined as its Chinese is).
fn translation_cell<T>(
    sheet: &SheetSchema<T>,
    column: &Column<T>,
    item: &T,
    language: Language,
) -> String {
    let Some((object, field)) = translated_field(sheet.list, column.field) else {
        return String::new();
    };
    let Some(tr) = (sheet.tr_of)(item, object) else {
        return String::new();
    };
    match &column.value {
        Value::List { get, joiner, .. } => (0..get(item).len())
            .map(|index| tr.item(language, field, index).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(joiner),
        _ => tr.text(language, field).unwrap_or_default().to_owned(),
    }
}

/// The rows of `items` in `sheet`, in the columns' order, with translation columns for
/// `languages`.
fn rows<T>(
    sheet: &SheetSchema<T>,
    items: &[T],
    key: &str,
    languages: &[Language],
) -> Vec<Vec<String>> {
    let columns = sheet.written(languages);
    items
        .iter()
        .map(|item| {
            columns
                .iter()
                .map(|(column, language)| match language {
                    Some(language) => translation_cell(sheet, column, item, *language),
                    None => cell(&column.value, item, key),
                })
                .collect()
        })
        .collect()
}

/// The languages of `station` (its `languages.local` we know), in order.
fn languages_of(station: &StationFile) -> Vec<Language> {
    station
        .languages
        .as_ref()
        .map(Languages::known)
        .unwrap_or_default()
}

/// The rows of one station in every sheet, as text, in the columns' order (with translation
/// columns for the station's languages, see `SheetInfo::written_names`): used for the template's
/// example and for tests (reading them back gives the station again).
pub fn station_rows(station: &StationFile) -> Vec<(&'static str, Vec<Vec<String>>)> {
    let key = station.station.name.as_str();
    let languages = languages_of(station);
    let station_row: Vec<String> = STATION
        .written(&languages)
        .into_iter()
        .map(|(column, language)| match (language, &column.value) {
            (Some(language), _) => translation_cell(&STATION, column, station, language),
            (None, Value::Languages) => languages
                .iter()
                .map(|language| language.chinese_name())
                .collect::<Vec<_>>()
                .join("、"),
            // Order and ratio stand beside the scripts they are for.
            (None, Value::Order) => match (&station.languages, languages.is_empty()) {
                (Some(chosen), false) => schema::order_text(chosen.order).to_owned(),
                _ => String::new(),
            },
            (None, Value::Ratio) => match (&station.languages, languages.is_empty()) {
                (Some(chosen), false) => schema::ratio_text(chosen.size_ratio),
                _ => String::new(),
            },
            (None, value) => match *value {
                Value::Qr { index, content } => station
                    .contacts
                    .qr_codes
                    .get(index)
                    .map(|code| {
                        if content {
                            code.content.clone()
                        } else {
                            code.label.clone()
                        }
                    })
                    .unwrap_or_default(),
                _ => cell(value, station, key),
            },
        })
        .collect();
    let l = &languages;
    vec![
        (STATION.name, vec![station_row]),
        (SERVICES.name, rows(&SERVICES, &station.services, key, l)),
        (STAFF.name, rows(&STAFF, &station.staff, key, l)),
        (PROCESS.name, rows(&PROCESS, &station.process, key, l)),
        (PARTNERS.name, rows(&PARTNERS, &station.partners, key, l)),
        (RULES.name, rows(&RULES, &station.rules, key, l)),
    ]
}

/// A fictional station for the template's example rows.
pub fn example_station() -> StationFile {
    let service = |category: &str,
                   item: &str,
                   description: &str,
                   targets: &str,
                   method: &str,
                   frequency: &str| Service {
        category: category.into(),
        item: item.into(),
        description: description.into(),
        targets: targets.into(),
        method: method.into(),
        frequency: frequency.into(),
        free: true,
        ..Service::default()
    };
    let member =
        |name: &str, post: &str, level: &str, phone: &str, show: bool, duties: &str| StaffMember {
            name: name.into(),
            post: post.into(),
            level: level.into(),
            phone: phone.into(),
            show_phone: show,
            duties: duties.into(),
            photo: String::new(),
            ..StaffMember::default()
        };
    let step = |step: &str, detail: &str| ProcessStep {
        step: step.into(),
        detail: detail.into(),
        ..ProcessStep::default()
    };
    let partner = |kind: &str, name: &str| Partner {
        kind: kind.into(),
        name: name.into(),
        ..Partner::default()
    };
    let mut station = StationFile {
        station: Station {
            name: "青禾县柳溪镇社会工作服务站".into(),
            kind: StationKind::SocialWorkStation,
            county: "青禾县".into(),
            town: "柳溪镇".into(),
            guide_units: vec!["青禾县民政局".into(), "柳溪镇人民政府".into()],
            operator: "青禾县同心社会工作服务中心".into(),
            intro: "柳溪镇社会工作服务站聚焦低保户、特困人员、留守儿童、独居老人和残疾人等群体，提供个案辅导、小组活动、社区活动和资源链接服务。".into(),
            slogan: "推进“五社联动” 关爱“一小一老”".into(),
            logos: Vec::new(),
            rooms: vec!["个案工作室".into(), "小组活动室".into()],
            ..Station::default()
        },
        contacts: Contacts {
            address: "青禾县柳溪镇人民路18号 镇党群服务中心二楼".into(),
            hours: "周一至周五 8:30-12:00，14:30-17:30".into(),
            hotline: "0000-6601234".into(),
            supervision_phone: "0000-6609999".into(),
            email: String::new(),
            qr_codes: vec![QrCode {
                label: "微信公众号".into(),
                content: "https://example.org/liuxi-sgz".into(),
                ..QrCode::default()
            }],
            ..Contacts::default()
        },
        services: vec![
            service("社会救助", "低保、特困家庭走访", "定期入户走访，了解生活状况和困难需求", "低保户、特困人员", "入户", "每月"),
            service("养老服务", "独居、空巢老人探访", "探访关怀、安全检查、心理慰藉", "独居、空巢、高龄老人", "入户", "每两周"),
            service("儿童关爱保护", "留守、困境儿童建档随访", "建立档案，定期随访", "留守儿童、困境儿童", "个案", "每季度"),
        ],
        staff: vec![
            member("李晓雯", "站长", "社会工作师", "138 0000 0001", true, "统筹站点运营，负责个案管理与资源链接"),
            member("王磊", "驻站社工", "助理社会工作师", "138 0000 0002", false, "负责养老服务和社会救助走访"),
        ],
        process: vec![
            step("接案", "来访、来电、转介或走访发现，登记基本情况"),
            step("预估", "评估服务对象的问题与需求"),
            step("计划", "与服务对象共同制定服务计划"),
            step("介入", "开展个案、小组、社区服务，链接资源"),
            step("评估", "评估服务成效，必要时调整计划"),
            step("结案", "达成目标后结案，定期回访"),
        ],
        partners: vec![
            partner("社区", "柳溪社区居委会"),
            partner("社区志愿者", "柳溪镇“暖阳”志愿服务队"),
        ],
        rules: vec![Rule {
            title: "服务承诺".into(),
            text: "一、热情服务，首问负责，一次告知。\n二、尊重服务对象的意愿和隐私。\n三、服务内容、收费标准和监督电话全部公开。".into(),
            ..Rule::default()
        }],
        updated: "2026-03-01".into(),
        ..StationFile::default()
    };
    station.station.short_name = "柳溪镇社工站".into();
    if let Some(service) = station.services.get_mut(2) {
        service.free = false;
        service.fee = "教材费每学期 20 元（困难家庭免收）".into();
    }
    if let Some(member) = station.staff.first_mut() {
        member.certificate_no = "示例-0001".into();
    }
    station
}

/// Writes an empty roster (refusing to replace an existing file) with every sheet and column, a note on each column name, drop-down
/// lists where the values are fixed, a 填写说明 sheet, and the example station's rows.
pub fn write_template(path: &Path) -> Result<(), RosterError> {
    write_template_in(path, &[])
}

/// [`write_template`] for stations that print `languages` beside Chinese: beside each column
/// the signs print, a translation column per language (`站点全称（维吾尔文）`), and the example
/// station's 民族文字 filled in (its translations are left empty: the program never translates).
pub fn write_template_in(path: &Path, languages: &[Language]) -> Result<(), RosterError> {
    write_template_for(
        path,
        &Languages {
            local: languages
                .iter()
                .map(|language| language.tag().to_owned())
                .collect(),
            ..Languages::default()
        },
    )
}

/// [`write_template_in`] for a station's whole `languages` (as the app's open station has
/// them): the translation columns of its known scripts, and the example station's 民族文字,
/// 文字顺序 and 民族文字字号比例 as `languages` has them. Without a known script it is
/// [`write_template`].
pub fn write_template_for(path: &Path, languages: &Languages) -> Result<(), RosterError> {
    if path.exists() {
        // Never overwrite a roster someone has filled in.
        return Err(RosterError::Exists {
            file: path.to_path_buf(),
        });
    }
    let bytes = template_bytes(languages).map_err(|error| RosterError::Write {
        file: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    crate::fsutil::write_atomic(path, false, |writer| writer.write_all(&bytes)).map_err(|error| {
        RosterError::Write {
            file: path.to_path_buf(),
            reason: crate::fsutil::io_message(&error),
        }
    })
}

/// The instructions on the template's first sheet.
pub const INSTRUCTIONS: &[&str] = &[
    "亮牌 站点花名册 填写说明",
    "1. 每个工作表的第 1 行是列名，请不要修改列名；列的先后顺序可以调整。",
    "2. “站点”表：一个站点一行。站点全称必须填写，且不能重复。",
    "3. “服务项目”“服务人员”“服务流程”“五社联动”“工作制度”表：一行一项，第一列填写所属站点的站点全称（与“站点”表一致）。",
    "4. “服务项目”“服务流程”“五社联动”“工作制度”表中，站点全称写“全部”的行，用于本表中没有自己的行的所有站点（例如全县统一的服务流程）。",
    "5. 照片和标志填写图片文件的路径，相对于本表格所在的文件夹，例如 照片/李晓雯.jpg。",
    "6. 第 2 行起是一个虚构的示例站点，请改成自己的站点或删除。",
    "7. 填好后运行：liangpai batch 本文件.xlsx --out 输出文件夹。每个站点生成一个文件夹，汇总见输出文件夹中的 report.csv。",
    "8. 鼠标移到列名上可以看到这一列的填写要求。",
    "9. 民族文字（双语公示牌）：在“站点”表的“民族文字”列写 维吾尔文、藏文、蒙古文 等（或在“地区预设”列写 内蒙古自治区 等），译文填在“列名（民族文字）”列，如“站点全称（维吾尔文）”“姓名（藏文）”，放在哪一列都可以。“文字顺序”写 民族文字在前 或 汉文在前，“民族文字字号比例”写 1（同样大小）或 0.8 等，不填则按地区预设（没有地区预设时民族文字在前、同样大小）。没有译文的只印汉字；本程序不翻译，译文请以语委审定的为准。",
];

fn template_bytes(chosen: &Languages) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DataValidation, Format, Note, Workbook};
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(0xDDEBF7)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let text = Format::new().set_num_format("@");
    let help = workbook.add_worksheet();
    help.set_name("填写说明")?;
    help.set_column_width(0, 110)?;
    for (row, line) in INSTRUCTIONS.iter().enumerate() {
        help.write_string(row as u32, 0, *line)?;
    }
    let translation_header_format = Format::new()
        .set_bold()
        .set_background_color(0xFCE4D6)
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let languages = chosen.known();
    let languages = languages.as_slice();
    let mut example = example_station();
    if !languages.is_empty() {
        example.languages = Some(Languages {
            local: languages
                .iter()
                .map(|language| language.tag().to_owned())
                .collect(),
            order: chosen.order,
            size_ratio: chosen.ratio(),
            ..Languages::default()
        });
    }
    let rows = station_rows(&example);
    for (info, (_, example_rows)) in schema::sheets().into_iter().zip(rows) {
        let sheet = workbook.add_worksheet();
        sheet.set_name(info.name)?;
        for (col, (column, language)) in info.written(languages).into_iter().enumerate() {
            let col = col as u16;
            // Text format keeps phone numbers and dates typed by users as typed.
            sheet.set_column_format(col, &text)?;
            let width = if column.name == KEY || column.name == "站点简介" {
                34
            } else {
                16
            };
            if let Some(language) = language {
                let name = translation_header(column.name, language);
                sheet.write_string_with_format(0, col, &name, &translation_header_format)?;
                sheet.set_column_width(col, width + 4)?;
                let note = format!(
                    "“{}”的{}译文（请用语委审定的译文）；不填则这一项只印汉字",
                    column.name,
                    language.chinese_name()
                );
                sheet.insert_note(0, col, &Note::new(note).set_author("亮牌"))?;
                continue;
            }
            sheet.write_string_with_format(0, col, column.name, &header)?;
            sheet.set_column_width(col, width)?;
            if !column.note.is_empty() {
                sheet.insert_note(0, col, &Note::new(column.note).set_author("亮牌"))?;
            }
            if !column.choices.is_empty() {
                let validation = DataValidation::new()
                    .allow_list_strings(column.choices)?
                    .ignore_blank(true)
                    .set_error_title("请从列表中选择")?
                    .set_error_message(format!("可选：{}", column.choices.join("、")))?;
                sheet.add_data_validation(1, col, 10_000, col, &validation)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        for (row, values) in example_rows.iter().enumerate() {
            for (col, value) in values.iter().enumerate() {
                if !value.is_empty() {
                    sheet.write_string(row as u32 + 1, col as u16, value)?;
                }
            }
        }
    }
    workbook.save_to_buffer()
}
