//! Pure validation of a station's data: what a user wants to hear before printing. No file is
//! read; the pictures themselves (missing, unreadable, not an image) are checked where they are
//! read, by `assets`. Each part of the station checks itself (`StaffMember::check(&self, at,
//! out)`) at the field path it is given, so the messages and the paths come from one place.

use super::diagnostic::Diagnostic;
use super::field_path::FieldPath;
use super::numbers::{check_phone, parse_iso_date};
use super::shown::preview;
use super::types::{
    Contacts, LEVELS, PARTNER_KINDS, Partner, ProcessStep, QrCode, Rule, Service, StaffMember,
    Station, StationFile, StationKind,
};

/// Checks a station for what a user wants to hear before printing (see the module).
pub fn validate(file: &StationFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    file.station.check(&field("station"), &mut out);
    file.contacts.check(&field("contacts"), &mut out);
    if file.services.is_empty() {
        out.push(Diagnostic::warning(field("services"), "服务清单是空的"));
    }
    check_list(&file.services, "services", &mut out, Service::check);
    if file.staff.is_empty() {
        out.push(Diagnostic::warning(field("staff"), "服务人员名单是空的"));
    }
    check_list(&file.staff, "staff", &mut out, StaffMember::check);
    if file.process.is_empty() {
        out.push(Diagnostic::warning(field("process"), "服务流程是空的"));
    }
    check_list(&file.process, "process", &mut out, ProcessStep::check);
    check_list(&file.partners, "partners", &mut out, Partner::check);
    check_list(&file.rules, "rules", &mut out, Rule::check);
    check_updated(&file.updated, &mut out);
    super::translated::check_translations(file, &mut out);
    out
}

/// Runs `check` on each item of a list at its path (`staff[2]`).
fn check_list<T>(
    items: &[T],
    list: &str,
    out: &mut Vec<Diagnostic>,
    check: fn(&T, &FieldPath, &mut Vec<Diagnostic>),
) {
    for (index, item) in items.iter().enumerate() {
        check(item, &field(list).index(index), out);
    }
}

/// The 1-based position of the item at `at` (`staff[2]` → 3), for messages.
fn number(at: &FieldPath) -> usize {
    at.list_item().map_or(1, |(_, index)| index + 1)
}

fn check_updated(updated: &str, out: &mut Vec<Diagnostic>) {
    let at = field("updated");
    if updated.trim().is_empty() {
        out.push(Diagnostic::warning(
            at,
            "更新日期未填写，公示牌页脚将不显示更新日期",
        ));
    } else if parse_iso_date(updated.trim()).is_none() {
        out.push(Diagnostic::error(
            at,
            format!(
                "更新日期“{}”格式不对，应形如 2026-03-01",
                preview(updated.trim(), 40)
            ),
        ));
    }
}

impl Station {
    /// Checks 站点信息 at `at` (`station`).
    pub fn check(&self, at: &FieldPath, out: &mut Vec<Diagnostic>) {
        let name = at.clone().key("name");
        if self.name.trim().is_empty() {
            out.push(Diagnostic::error(name, "站点全称不能为空"));
        } else if self.name.chars().count() > 40 {
            out.push(Diagnostic::warning(
                name,
                "站点全称超过 40 个字，门牌上的字会很小",
            ));
        }
        let short_name = self.short_name.trim().chars().count();
        if short_name > 16 {
            out.push(Diagnostic::warning(
                at.clone().key("short_name"),
                format!(
                    "简称有 {short_name} 个字，工作证和功能室门牌上的字会很小，建议不超过 12 个字"
                ),
            ));
        }
        if let StationKind::Other(code) = &self.kind {
            out.push(Diagnostic::warning(
                at.clone().key("kind"),
                format!(
                    "场所类型“{}”本程序不认识，将按社会工作服务站的样式制作",
                    preview(code, 40)
                ),
            ));
        }
        if self.operator.trim().is_empty() {
            out.push(Diagnostic::warning(
                at.clone().key("operator"),
                "承接机构未填写，公示牌页脚将不显示承接机构",
            ));
        }
        if self.guide_units.iter().all(|unit| unit.trim().is_empty()) {
            out.push(Diagnostic::warning(
                at.clone().key("guide_units"),
                "指导单位未填写，公示牌页脚将不显示指导单位",
            ));
        }
        for (index, unit) in self.guide_units.iter().enumerate() {
            if unit.trim().is_empty() {
                out.push(Diagnostic::error(
                    at.clone().key("guide_units").index(index),
                    format!("第 {} 个指导单位是空的", index + 1),
                ));
            }
        }
        let intro = at.clone().key("intro");
        let intro_chars = self.intro.chars().count();
        if self.intro.trim().is_empty() {
            out.push(Diagnostic::warning(intro, "站点简介未填写"));
        } else if intro_chars > 150 {
            out.push(Diagnostic::warning(
                intro,
                format!("站点简介有 {intro_chars} 个字，建议不超过 150 个字，否则字会缩小"),
            ));
        }
        if self.logos.iter().all(|logo| logo.trim().is_empty()) {
            out.push(Diagnostic::warning(
                at.clone().key("logos"),
                "没有标志：公示牌和工作证应展示中国社会工作标志。请在“站点信息”的“标志”中点“添加标志…”，\
                 先选中国社会工作标志的图片文件，再添加本地标志（可不加）；排在第一个的标志印在最前",
            ));
        }
        for (index, logo) in self.logos.iter().enumerate() {
            if logo.trim().is_empty() {
                out.push(Diagnostic::error(
                    at.clone().key("logos").index(index),
                    "标志的文件路径是空的",
                ));
            }
        }
        for (index, room) in self.rooms.iter().enumerate() {
            let room_at = at.clone().key("rooms").index(index);
            if room.trim().is_empty() {
                out.push(Diagnostic::error(
                    room_at,
                    format!("第 {} 个功能室名称是空的", index + 1),
                ));
            } else if self
                .rooms
                .iter()
                .take(index)
                .any(|other| other.trim() == room.trim())
            {
                out.push(Diagnostic::warning(
                    room_at,
                    format!("功能室“{}”重复了", preview(room.trim(), 60)),
                ));
            }
        }
    }
}

impl Contacts {
    /// Checks 联系方式 at `at` (`contacts`).
    pub fn check(&self, at: &FieldPath, out: &mut Vec<Diagnostic>) {
        if self.address.trim().is_empty() {
            out.push(Diagnostic::warning(at.clone().key("address"), "地址未填写"));
        }
        if self.hours.trim().is_empty() {
            out.push(Diagnostic::warning(
                at.clone().key("hours"),
                "开放时间未填写",
            ));
        }
        check_phone(
            at.clone().key("hotline"),
            "服务热线",
            &self.hotline,
            true,
            out,
        );
        check_phone(
            at.clone().key("supervision_phone"),
            "监督电话",
            &self.supervision_phone,
            true,
            out,
        );
        let email = self.email.trim();
        if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
            out.push(Diagnostic::warning(
                at.clone().key("email"),
                format!(
                    "邮箱“{}”看起来不对（应形如 name@example.org）",
                    preview(email, 60)
                ),
            ));
        }
        for (index, code) in self.qr_codes.iter().enumerate() {
            code.check(&at.clone().key("qr_codes").index(index), out);
        }
    }
}

impl QrCode {
    /// Checks one QR code at `at` (`contacts.qr_codes[1]`).
    pub fn check(&self, at: &FieldPath, out: &mut Vec<Diagnostic>) {
        let number = number(at);
        if self.content.trim().is_empty() {
            out.push(Diagnostic::error(
                at.clone().key("content"),
                format!("第 {number} 个二维码没有内容"),
            ));
        } else if qrcode::QrCode::new(self.content.as_bytes()).is_err() {
            out.push(Diagnostic::error(
                at.clone().key("content"),
                format!("第 {number} 个二维码的内容太长，无法生成二维码"),
            ));
        }
        if self.label.trim().is_empty() {
            out.push(Diagnostic::warning(
                at.clone().key("label"),
                format!("第 {number} 个二维码没有说明文字"),
            ));
        }
    }
}

impl Service {
    /// Checks one service at `at` (`services[3]`).
    pub fn check(&self, at: &FieldPath, out: &mut Vec<Diagnostic>) {
        let number = number(at);
        if self.item.trim().is_empty() {
            out.push(Diagnostic::error(
                at.clone().key("item"),
                format!("第 {number} 项服务没有填写服务项目"),
            ));
        }
        if self.category.trim().is_empty() {
            out.push(Diagnostic::warning(
                at.clone().key("category"),
                format!("第 {number} 项服务没有填写服务类别"),
            ));
        }
        if !self.free && self.fee.trim().is_empty() {
            let what = if self.item.trim().is_empty() {
                format!("第 {number} 项服务")
            } else {
                format!("服务“{}”", self.item.trim())
            };
            out.push(Diagnostic::warning(
                at.clone().key("fee"),
                format!("{what}收费，但没有填写收费标准，公示牌上只会写“收费”"),
            ));
        }
    }
}

impl StaffMember {
    /// Checks one staff member at `at` (`staff[2]`).
    pub fn check(&self, at: &FieldPath, out: &mut Vec<Diagnostic>) {
        let number = number(at);
        let who = if self.name.trim().is_empty() {
            format!("第 {number} 位服务人员")
        } else {
            format!("服务人员“{}”", preview(self.name.trim(), 60))
        };
        if self.name.trim().is_empty() {
            out.push(Diagnostic::error(
                at.clone().key("name"),
                format!("第 {number} 位服务人员没有填写姓名"),
            ));
        }
        if self.post.trim().is_empty() {
            out.push(Diagnostic::warning(
                at.clone().key("post"),
                format!("{who}没有填写岗位"),
            ));
        }
        let level = self.level.trim();
        if !level.is_empty() && !LEVELS.contains(&level) {
            out.push(Diagnostic::warning(
                at.clone().key("level"),
                format!(
                    "{who}的职业水平“{level}”不是常用写法（{}）",
                    LEVELS.join("、")
                ),
            ));
        }
        check_phone(
            at.clone().key("phone"),
            &format!("{who}的联系电话"),
            &self.phone,
            self.show_phone,
            out,
        );
        let certificate = self.certificate_no.trim();
        if !certificate.is_empty() && level == "未持证" {
            out.push(Diagnostic::warning(
                at.clone().key("certificate_no"),
                format!("{who}填写了证书编号“{certificate}”，但职业水平是“未持证”，请核对"),
            ));
        } else if certificate.chars().count() > 30 {
            out.push(Diagnostic::warning(
                at.clone().key("certificate_no"),
                format!(
                    "{who}的证书编号有 {} 个字符，看起来不像证书编号，请核对",
                    certificate.chars().count()
                ),
            ));
        }
        if self.photo.trim().is_empty() {
            out.push(Diagnostic::warning(
                at.clone().key("photo"),
                format!("{who}没有照片"),
            ));
        }
    }
}

impl ProcessStep {
    /// Checks one step of 服务流程 at `at` (`process[0]`).
    pub fn check(&self, at: &FieldPath, out: &mut Vec<Diagnostic>) {
        if self.step.trim().is_empty() {
            out.push(Diagnostic::error(
                at.clone().key("step"),
                format!("第 {} 个流程步骤没有名称", number(at)),
            ));
        }
    }
}

impl Partner {
    /// Checks one 五社联动 resource at `at` (`partners[1]`).
    pub fn check(&self, at: &FieldPath, out: &mut Vec<Diagnostic>) {
        let number = number(at);
        if self.name.trim().is_empty() {
            out.push(Diagnostic::error(
                at.clone().key("name"),
                format!("第 {number} 个五社联动资源没有名称"),
            ));
        }
        if !PARTNER_KINDS.contains(&self.kind.trim()) {
            out.push(Diagnostic::warning(
                at.clone().key("kind"),
                format!(
                    "第 {number} 个五社联动资源的类别应为 {} 之一",
                    PARTNER_KINDS.join("、")
                ),
            ));
        }
    }
}

impl Rule {
    /// Checks one 工作制度 at `at` (`rules[0]`).
    pub fn check(&self, at: &FieldPath, out: &mut Vec<Diagnostic>) {
        let number = number(at);
        if self.title.trim().is_empty() {
            out.push(Diagnostic::warning(
                at.clone().key("title"),
                format!("第 {number} 项工作制度没有填写制度名称，制度牌上将写“工作制度”"),
            ));
        }
        if self.text.trim().is_empty() {
            out.push(Diagnostic::warning(
                at.clone().key("text"),
                format!("第 {number} 项工作制度没有填写制度内容"),
            ));
        }
    }
}

/// A top-level field of the station file, e.g. `staff`.
fn field(key: &str) -> FieldPath {
    FieldPath::none().key(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    #[test]
    fn validation_reads_no_pictures_but_wants_their_paths() {
        let mut station = StationFile::new();
        station.station.logos = vec!["no/such/logo.png".into(), " ".into()];
        station.staff = vec![
            StaffMember {
                name: "张三".into(),
                photo: "no/such/photo.jpg".into(),
                ..StaffMember::default()
            },
            StaffMember {
                name: "李四".into(),
                ..StaffMember::default()
            },
        ];
        let problems = validate(&station);
        let at = |field: &str| {
            problems
                .iter()
                .filter(|problem| problem.field == field)
                .map(|problem| (problem.severity, problem.message.as_str()))
                .collect::<Vec<_>>()
        };
        assert!(at("station.logos[0]").is_empty());
        assert_eq!(
            at("station.logos[1]"),
            [(Severity::Error, "标志的文件路径是空的")]
        );
        assert!(at("staff[0].photo").is_empty());
        assert_eq!(
            at("staff[1].photo"),
            [(Severity::Warning, "服务人员“李四”没有照片")]
        );
        // No message names a field by its path.
        assert!(
            problems
                .iter()
                .all(|problem| !problem.message.contains("station.")),
            "{problems:?}"
        );
    }

    #[test]
    fn each_item_checks_itself_at_the_path_it_is_given() {
        let member = StaffMember {
            phone: "138abc0001".into(),
            show_phone: true,
            ..StaffMember::default()
        };
        let mut out = Vec::new();
        member.check(&field("staff").index(4), &mut out);
        let phone = out
            .iter()
            .find(|d| d.field == "staff[4].phone")
            .unwrap_or_else(|| panic!("{out:?}"));
        assert_eq!(phone.severity, Severity::Error);
        assert!(
            phone
                .message
                .starts_with("第 5 位服务人员的联系电话“138abc0001”里有字母 abc"),
            "{phone:?}"
        );
        assert_eq!(phone.field.describe(), "第 5 位服务人员的联系电话");
        assert_eq!(
            phone.field.describe_long(),
            "服务人员 › 第 5 位服务人员的联系电话"
        );
        assert!(
            out.iter()
                .any(|d| d.field == "staff[4].name" && d.is_error())
        );
    }

    #[test]
    fn full_width_contacts_and_dates_get_no_false_error() {
        let mut station = StationFile::new();
        station.station.name = "青禾县柳溪镇社会工作服务站".into();
        station.contacts.hotline = "０９９４－６８２１２３４".into();
        station.contacts.supervision_phone = "0994－6821235".into();
        station.updated = "２０２６－０３－０１".into();
        let problems = validate(&station);
        for field in ["contacts.hotline", "contacts.supervision_phone", "updated"] {
            assert!(
                !problems.iter().any(|problem| problem.field == field),
                "{field}: {problems:?}"
            );
        }
        station.contacts.hotline = "0994-682abcd".into();
        let problems = validate(&station);
        let hotline: Vec<_> = problems
            .iter()
            .filter(|problem| problem.field == "contacts.hotline")
            .collect();
        assert_eq!(hotline.len(), 1, "{problems:?}");
        assert!(hotline[0].is_error());
        assert!(hotline[0].message.starts_with("服务热线“0994-682abcd”"));
    }
}
