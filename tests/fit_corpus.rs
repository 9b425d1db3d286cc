//! The fit test over a corpus of realistic stations made here: official names of 10–40
//! characters built like real administrative names, long operators, one or two supervision
//! numbers, up to 30 services, 12 staff, 12 steps and 8 rooms. Every sign at its default size and
//! at A4 portrait and landscape: no essential text is cut (the laid-out lines hold it whole), no
//! text leaves its box or the page, no two lines overlap. Prints how many secondary texts were
//! cut.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use liangpai::layout::{self, Document, Item, LayoutOptions, Orientation, PageSize, Rect};
use liangpai::model::{
    Language, Partner, ProcessStep, QrCode, Service, StaffMember, StationFile, StationKind,
};
use liangpai::sign::SignKind;
use liangpai::template;
use rayon::prelude::*;

mod bilingual;

/// A small deterministic generator (xorshift64*), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// Phrases joined until the text has `low..=high` characters (cut at a character).
    fn prose(&mut self, phrases: &[&str], low: usize, high: usize) -> String {
        let chars = self.range(low, high);
        let mut out = String::new();
        while out.chars().count() < chars {
            out.push_str(self.pick(phrases));
        }
        out.chars().take(chars).collect()
    }
}

const PROVINCES: [&str; 12] = [
    "河北省",
    "山西省",
    "内蒙古自治区",
    "广西壮族自治区",
    "新疆维吾尔自治区",
    "宁夏回族自治区",
    "西藏自治区",
    "四川省",
    "云南省",
    "黑龙江省",
    "",
    "",
];
const PREFECTURES: [&str; 10] = [
    "石家庄市",
    "鄂尔多斯市",
    "来宾市",
    "伊犁哈萨克自治州",
    "黔东南苗族侗族自治州",
    "锡林郭勒盟",
    "大理白族自治州",
    "凉山彝族自治州",
    "怀化市",
    "",
];
const COUNTIES: [&str; 11] = [
    "青禾县",
    "伊金霍洛旗",
    "金秀瑶族自治县",
    "霍城县",
    "雷山县",
    "阿巴嘎旗",
    "剑川县",
    "木里藏族自治县",
    "新晃侗族自治县",
    "城区",
    "市中区",
];
const TOWNS: [&str; 12] = [
    "柳溪镇",
    "乌兰木伦镇",
    "六巷乡",
    "清水河镇",
    "西江镇",
    "别力古台镇",
    "沙溪镇",
    "水洛乡",
    "城关镇",
    "北京街道",
    "东风路街道",
    "扎鲁特苏木",
];
const COMMUNITIES: [&str; 5] = ["", "", "", "幸福里社区", "红旗村"];
const TYPES: [&str; 4] = [
    "社会工作服务站",
    "社会工作服务站",
    "未成年人保护工作站",
    "社工站",
];
const PHRASES: [&str; 12] = [
    "为辖区困难群众提供",
    "链接社会资源，",
    "开展政策宣传与走访慰问，",
    "建立服务档案并定期跟进，",
    "协助申请临时救助和医疗救助，",
    "组织志愿者开展陪伴服务。",
    "关注留守儿童的学习与心理健康，",
    "为独居老人提供探访与紧急援助，",
    "联合村（社区）“两委”",
    "推进“五社联动”，",
    "提供心理疏导、情绪支持、",
    "每季度召开一次居民议事会。",
];
const CATEGORIES: [&str; 8] = [
    "社会救助",
    "养老服务",
    "儿童关爱保护",
    "残疾人服务",
    "社区治理",
    "婚姻家庭",
    "心理健康与情绪疏导服务",
    "其他",
];
const ITEMS: [&str; 10] = [
    "困难群众探访",
    "独居老人定期探访与紧急呼叫响应",
    "留守儿童课业辅导",
    "临时救助申请协助",
    "残疾人康复训练陪伴与家庭支持小组活动",
    "居民议事会",
    "家庭矛盾调解",
    "政策宣讲",
    "高龄津贴申领代办及政策咨询服务（含上门办理）",
    "困境儿童个案管理",
];
const SURNAMES: [&str; 10] = [
    "王",
    "李",
    "欧阳",
    "张",
    "买买提",
    "阿依",
    "达",
    "司马",
    "陈",
    "扎西",
];
const GIVEN: [&str; 10] = [
    "磊",
    "晓燕",
    "江",
    "吐尔逊",
    "古丽",
    "瓦",
    "明远",
    "多吉",
    "芳",
    "一鸣",
];
const STEPS: [&str; 12] = [
    "接案",
    "预估",
    "计划",
    "介入",
    "评估",
    "结案",
    "回访",
    "需求评估",
    "资源链接",
    "转介",
    "个案管理",
    "跟进服务与效果回访",
];
const ROOMS: [&str; 10] = [
    "个案工作室",
    "小组活动室",
    "儿童之家",
    "老年人日间照料室",
    "心理咨询与情绪疏导室",
    "多功能活动室",
    "社工督导与培训室",
    "志愿者服务站办公室",
    "档案室",
    "四点半课堂",
];

/// One generated station.
fn station(seed: u64) -> StationFile {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for _ in 0..4 {
        rng.next();
    }
    let mut file = StationFile::new();
    let (county, town, name) = loop {
        let province = rng.pick(&PROVINCES);
        let prefecture = rng.pick(&PREFECTURES);
        let county = rng.pick(&COUNTIES);
        let town = rng.pick(&TOWNS);
        let community = rng.pick(&COMMUNITIES);
        let kind = rng.pick(&TYPES);
        let name = format!("{province}{prefecture}{county}{town}{community}{kind}");
        if (10..=40).contains(&name.chars().count()) {
            break (county, town, name);
        }
    };
    file.station.name = name;
    file.station.kind = if file.station.name.contains("未成年人") {
        StationKind::MinorsProtection
    } else if rng.chance(20) {
        StationKind::ElderlyService
    } else {
        StationKind::SocialWorkStation
    };
    if rng.chance(50) {
        file.station.county = county.to_owned();
        file.station.town = town.to_owned();
    }
    let operator = format!(
        "{}{}",
        rng.pick(&[county, "", "鄂尔多斯市", "新疆维吾尔自治区"]),
        rng.pick(&[
            "社会工作服务中心",
            "众益社会工作发展促进会",
            "阳光社会工作服务社",
            "益民社会工作服务中心（民办非企业单位）",
        ])
    );
    file.station.operator = operator.chars().take(30).collect();
    file.station.guide_units = vec![format!("{county}民政局"), format!("{town}人民政府")];
    file.station.intro = rng.prose(&PHRASES, 0, 150);
    file.station.slogan = rng
        .pick(&[
            "推进“五社联动” 关爱“一小一老”",
            "用心服务 温暖万家",
            "",
            "助人自助，让每一位困难群众都能感受到党和政府的温暖与关怀",
        ])
        .to_owned();
    let area = rng.range(1000, 9999);
    let phone = |rng: &mut Rng| format!("0{area}-{}", rng.range(1_000_000, 9_999_999));
    file.contacts.supervision_phone = if rng.chance(50) {
        let first = phone(&mut rng);
        format!("{first}、{}", phone(&mut rng))
    } else {
        phone(&mut rng)
    };
    file.contacts.hotline = phone(&mut rng);
    file.contacts.address = format!("{}{}幸福路{}号便民服务中心二楼", county, town, area % 300);
    file.contacts.hours = "周一至周五 8:30—12:00，14:30—17:30（节假日除外）".to_owned();
    if rng.chance(50) {
        file.contacts.email = format!("sgz{area}@example.org");
    }
    for label in ["微信公众号", "服务预约小程序", "意见反馈"]
        .iter()
        .take(rng.range(0, 3))
    {
        file.contacts.qr_codes.push(QrCode {
            label: (*label).to_owned(),
            content: format!("https://example.org/{area}/{label}"),
            ..QrCode::default()
        });
    }
    for _ in 0..rng.range(0, 30) {
        let item: String = rng.pick(&ITEMS).chars().take(30).collect();
        file.services.push(Service {
            category: rng.pick(&CATEGORIES).to_owned(),
            item,
            description: rng.prose(&PHRASES, 0, 120),
            targets: rng
                .pick(&[
                    "低保户、特困人员",
                    "留守儿童",
                    "独居、空巢及高龄老人",
                    "全体居民",
                ])
                .to_owned(),
            method: rng.pick(&["入户", "到站", "线上", "入户/电话"]).to_owned(),
            frequency: rng
                .pick(&["每周", "每两周", "每月一次", "按需", "每季度"])
                .to_owned(),
            free: rng.chance(80),
            ..Service::default()
        });
    }
    for _ in 0..rng.range(0, 12) {
        let name = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
        file.staff.push(StaffMember {
            name,
            post: rng.pick(&["站长", "驻站社工", "督导"]).to_owned(),
            level: rng
                .pick(&["助理社会工作师", "社会工作师", "高级社会工作师", "未持证"])
                .to_owned(),
            phone: format!("1{}", rng.range(3_000_000_000, 9_999_999_999)),
            show_phone: rng.chance(50),
            duties: rng.prose(&PHRASES, 0, 60),
            ..StaffMember::default()
        });
    }
    for _ in 0..rng.range(0, 12) {
        file.process.push(ProcessStep {
            step: rng.pick(&STEPS).to_owned(),
            detail: rng.prose(&PHRASES, 0, 50),
            ..ProcessStep::default()
        });
    }
    for _ in 0..rng.range(0, 8) {
        file.station.rooms.push(rng.pick(&ROOMS).to_owned());
    }
    file.updated = format!("2026-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28));
    file
}

/// The corpus: at least 50 stations, and the one with the longest name among them.
fn corpus() -> Vec<StationFile> {
    let mut stations: Vec<StationFile> = (1..=50).map(station).collect();
    // Make sure the extremes are in: a 40-character name with everything at its maximum.
    let mut longest = station(7);
    longest.station.name =
        "新疆维吾尔自治区伊犁哈萨克自治州木里藏族自治县东风路街道幸福里社区社工站"
            .chars()
            .take(40)
            .collect();
    stations.push(longest);
    stations
}

/// Text without spaces and line breaks (a name broken over lines reads whole again).
fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|ch| !ch.is_whitespace() && *ch != '\u{2060}')
        .collect()
}

/// Each page's text lines joined in drawing order.
fn page_texts(document: &Document) -> Vec<String> {
    document
        .pages
        .iter()
        .map(|page| {
            let mut joined = String::new();
            for item in &page.items {
                if let Item::Text(line) = item {
                    joined.push_str(&line.text);
                }
            }
            squeeze(&joined)
        })
        .collect()
}

/// The update date as the footer prints it.
fn printed_date(updated: &str) -> String {
    let parts: Vec<u32> = updated.split('-').map(|p| p.parse().unwrap()).collect();
    format!("{}年{}月{}日", parts[0], parts[1], parts[2])
}

/// What is wrong with one laid-out sign; the number of secondary texts cut is added to `cut`.
fn problems(
    station: &StationFile,
    document: &Document,
    size: &str,
    cut: &mut usize,
) -> Vec<String> {
    let kind = document.kind;
    let mut out = Vec::new();
    let mut complain = |message: String| {
        out.push(format!(
            "{} {:?} {size}: {message}",
            station.station.name, kind
        ))
    };
    // Geometry: inside the box and the page, no overlaps.
    for (page_index, page) in document.pages.iter().enumerate() {
        let page_rect = Rect::new(0.0, 0.0, page.width_pt, page.height_pt);
        let extents: Vec<(Rect, &str)> = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text(line) => {
                    let extent = line.extent();
                    if !line.bounds.contains(&extent, 0.05) {
                        complain(format!(
                            "page {page_index}: “{}” ({:.1}pt) outside its box: {extent:?} in {:?}",
                            line.text, line.size_pt, line.bounds
                        ));
                    }
                    if !page_rect.contains(&extent, 0.05) {
                        complain(format!(
                            "page {page_index}: “{}” outside the page",
                            line.text
                        ));
                    }
                    Some((extent, line.text.as_str()))
                }
                _ => None,
            })
            .collect();
        // Short table cells (入户, 每两周) are never broken between their characters: no line
        // ends with the start of one whose next line (in the same box) holds the rest.
        let lines: Vec<&layout::TextLine> = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text(line) => Some(line),
                _ => None,
            })
            .collect();
        for pair in lines.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.bounds != b.bounds {
                continue;
            }
            for short in [
                "每两周",
                "每月一次",
                "入户",
                "到站",
                "线上",
                "免费",
                "收费",
                "按需",
            ] {
                for (split, _) in short.char_indices().skip(1) {
                    let (head, tail) = short.split_at(split);
                    if a.text.ends_with(head) && b.text.starts_with(tail) {
                        complain(format!(
                            "page {page_index}: “{short}” broken as “{}” / “{}”",
                            a.text, b.text
                        ));
                    }
                }
            }
        }
        // Connectors and rules never run over text.
        for item in &page.items {
            if let Item::Line {
                from, to, width_pt, ..
            } = item
            {
                for (extent, text) in &extents {
                    if segment_crosses(*from, *to, *width_pt, extent, 0.5) {
                        complain(format!("page {page_index}: a line runs over “{text}”"));
                    }
                }
            }
        }
        for (index, (a, text_a)) in extents.iter().enumerate() {
            for (b, text_b) in extents.iter().skip(index + 1) {
                if a.overlaps(b, 0.3) {
                    complain(format!("page {page_index}: “{text_a}” overlaps “{text_b}”"));
                }
            }
        }
    }
    // Essentials, whole.
    let texts = page_texts(document);
    let name = squeeze(&station.station.name);
    let short = squeeze(&station.short_name());
    let phone = squeeze(&station.contacts.supervision_phone);
    let date = printed_date(&station.updated);
    let every_page = |needle: &str, what: &str, complain: &mut dyn FnMut(String)| {
        for (page_index, text) in texts.iter().enumerate() {
            if !text.contains(needle) {
                complain(format!("page {page_index}: {what} “{needle}” not whole"));
            }
        }
    };
    let with_footer = matches!(
        kind,
        SignKind::Services
            | SignKind::Staff
            | SignKind::Process
            | SignKind::Contacts
            | SignKind::Board
    );
    match kind {
        SignKind::RoomPlate | SignKind::Badge => every_page(&short, "short name", &mut complain),
        _ => every_page(&name, "station name", &mut complain),
    }
    if with_footer {
        every_page(&phone, "supervision phone", &mut complain);
        every_page(&date, "update date", &mut complain);
    }
    let all_text: String = texts.concat();
    match kind {
        SignKind::Staff => {
            for member in &station.staff {
                if !all_text.contains(&squeeze(&member.name)) {
                    complain(format!("staff name “{}” not whole", member.name));
                }
            }
        }
        SignKind::Badge => {
            for (member, text) in station.staff.iter().zip(&texts) {
                if !text.contains(&squeeze(&member.name)) {
                    complain(format!("badge name “{}” not whole", member.name));
                }
            }
        }
        SignKind::RoomPlate => {
            for (room, text) in station.station.rooms.iter().zip(&texts) {
                if !text.contains(&squeeze(room)) {
                    complain(format!("room “{room}” not whole on its plate"));
                }
            }
        }
        SignKind::Contacts => {
            for code in &station.contacts.qr_codes {
                if !all_text.contains(&squeeze(&code.label)) {
                    complain(format!("QR label “{}” not whole", code.label));
                }
            }
        }
        _ => {}
    }
    for warning in &document.warnings {
        if warning.message.contains("未印出") {
            *cut += 1;
            if std::env::var_os("FIT_CORPUS_VERBOSE").is_some() {
                println!("CUT {size} {warning}");
            }
        }
        let field = warning.field.to_string();
        let essential = [
            "station.name",
            "station.short_name",
            "contacts.supervision_phone",
            "updated",
            "station.rooms",
            ".name",
            ".label",
        ]
        .iter()
        .any(|key| field == *key || (key.starts_with('.') && field.ends_with(key)));
        if essential && warning.message.contains("未印出") {
            complain(format!("essential cut: {warning}"));
        }
        if warning.to_string().contains("（）") {
            complain(format!("warning names no field: {warning}"));
        }
    }
    out
}

/// Whether the segment from `from` to `to`, `width_pt` wide, runs into `rect` by more than
/// `tolerance` (a diagonal connector is checked along its length, not by its bounding box).
fn segment_crosses(
    from: layout::Point,
    to: layout::Point,
    width_pt: f32,
    rect: &Rect,
    tolerance: f32,
) -> bool {
    // The rectangle grown by half the line's width and shrunk by the tolerance; the segment
    // clipped to it (Liang–Barsky): anything left means they cross.
    let grow = width_pt / 2.0 - tolerance;
    let (left, right) = (rect.x - grow, rect.right() + grow);
    let (top, bottom) = (rect.y - grow, rect.bottom() + grow);
    if left >= right || top >= bottom {
        return false;
    }
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-dx, from.x - left),
        (dx, right - from.x),
        (-dy, from.y - top),
        (dy, bottom - from.y),
    ] {
        if p.abs() < 1e-9 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

/// The three sizes every sign is checked at: its default size, A4 portrait, A4 landscape.
fn sizes() -> [(&'static str, LayoutOptions); 3] {
    [
        ("default", LayoutOptions::default()),
        (
            "A4 portrait",
            LayoutOptions {
                size: Some(PageSize::ISO[0].1),
                orientation: Some(Orientation::Portrait),
                ..LayoutOptions::default()
            },
        ),
        (
            "A4 landscape",
            LayoutOptions {
                size: Some(PageSize::ISO[0].1),
                orientation: Some(Orientation::Landscape),
                ..LayoutOptions::default()
            },
        ),
    ]
}

/// Lays out every sign of every corpus station in `design` at the sizes `sizes_for(station
/// index)` picks from [`sizes`], and fails on any problem.
fn check_corpus(design: &str, sizes_for: impl Fn(usize) -> usize + Sync) {
    let stations = corpus();
    assert!(stations.len() >= 50);
    let sizes = sizes();
    let results: Vec<(Vec<String>, usize, usize)> = stations
        .par_iter()
        .enumerate()
        .map(|(index, station)| {
            let mut station = station.clone();
            station.appearance.design = design.to_owned();
            let mut found = Vec::new();
            let mut cut = 0usize;
            let mut signs = 0usize;
            // Kinds the design has no variant of use the standard templates, checked already.
            let kinds = template::available_kinds().into_iter().filter(|kind| {
                design == "standard"
                    || liangpai::values::DesignId::parse(design)
                        .is_some_and(|design| template::design_source(design, *kind).is_some())
            });
            for kind in kinds {
                for (size, options) in sizes.iter().take(sizes_for(index)) {
                    let document =
                        layout::layout_sign(&station, &layout::Assets::default(), kind, options)
                            .unwrap();
                    signs += 1;
                    found.extend(
                        problems(&station, &document, size, &mut cut)
                            .into_iter()
                            .map(|problem| format!("[{design}] {problem}")),
                    );
                }
            }
            (found, cut, signs)
        })
        .collect();
    let cut: usize = results.iter().map(|(_, cut, _)| cut).sum();
    let signs: usize = results.iter().map(|(_, _, signs)| signs).sum();
    let found: Vec<&String> = results.iter().flat_map(|(found, _, _)| found).collect();
    println!(
        "fit corpus, design {design}: {} stations, {signs} signs laid out; secondary texts cut: {cut}",
        stations.len(),
    );
    for problem in found.iter().take(60) {
        println!("{problem}");
    }
    assert!(
        found.is_empty(),
        "{} problems (first ones above)",
        found.len()
    );
}

#[test]
fn every_sign_of_every_corpus_station_keeps_its_essentials() {
    check_corpus("standard", |_| 3);
}

/// The simple design: every station at the signs' default sizes, every third station at A4
/// portrait and landscape too (the whole corpus at three sizes twice would double the time);
/// badges and the screen picture, which have no simple variant, are not laid out again.
#[test]
fn every_sign_of_every_corpus_station_keeps_its_essentials_in_the_simple_design() {
    check_corpus("simple", |index| if index % 3 == 0 { 3 } else { 1 });
}

/// The vertical design (竖牌): every station's vertical plaque (its only own sign) at its default
/// size and at A4 portrait and landscape: the name in columns, whole.
#[test]
fn every_corpus_station_keeps_its_name_on_the_vertical_plaque() {
    check_corpus("vertical", |_| 3);
}

#[test]
fn short_names_are_proposed_for_every_corpus_station() {
    for station in corpus() {
        let short = station.short_name();
        assert!(
            short.chars().count() <= 16 && short.chars().count() >= 4,
            "{} → {short}",
            station.station.name
        );
        assert!(
            station
                .station
                .name
                .contains(short.trim_end_matches("社工站").trim_end_matches("未保站")),
            "{short}"
        );
    }
}

#[test]
fn badges_show_the_first_logo_and_centre_the_header_without_one() {
    use std::sync::Arc;
    let mut station = station(11);
    station.staff = vec![StaffMember {
        name: "欧阳晓燕".into(),
        post: "站长".into(),
        ..StaffMember::default()
    }];
    let options = LayoutOptions::default();
    // Without a logo the header is centred on the page.
    let document = layout::layout_sign(
        &station,
        &layout::Assets::default(),
        SignKind::Badge,
        &options,
    )
    .unwrap();
    let page = &document.pages[0];
    let short = station.short_name();
    let header = page
        .items
        .iter()
        .find_map(|item| match item {
            Item::Text(line) if squeeze(&short).starts_with(&line.text) => Some(line),
            _ => None,
        })
        .expect("header line");
    let extent = header.extent();
    let centre = extent.x + extent.width / 2.0;
    assert!(
        (centre - page.width_pt / 2.0).abs() < page.width_pt * 0.01,
        "header centred at {centre} on a page {} wide",
        page.width_pt
    );
    // With two logos, only the first (the national mark) is on the badge.
    station.station.logos = vec!["mark.png".into(), "local.png".into()];
    let mut assets = layout::Assets::default();
    for path in ["mark.png", "local.png"] {
        assets.images.insert(
            path.to_owned(),
            Ok(layout::AssetImage::Raster(Arc::new(
                image::RgbaImage::from_pixel(600, 600, image::Rgba([200, 30, 30, 255])),
            ))),
        );
    }
    let document = layout::layout_sign(&station, &assets, SignKind::Badge, &options).unwrap();
    let images = document.pages[0]
        .items
        .iter()
        .filter(|item| matches!(item, Item::Image { .. }))
        .count();
    assert_eq!(
        images, 1,
        "the badge shows the first logo only (no photo given)"
    );
}

/// All text of a document, page after page.
fn document_text(document: &Document) -> String {
    page_texts(document).concat()
}

#[test]
fn a_service_longer_than_a_page_continues_on_the_next_page() {
    let mut station = station(3);
    let long: String = "为辖区困难群众提供政策咨询、走访慰问和资源链接服务，".repeat(150);
    station.services = vec![
        Service {
            category: "社会救助".into(),
            item: "困难群众探访".into(),
            description: long.clone(),
            ..Service::default()
        },
        Service {
            category: "养老服务".into(),
            item: "独居老人探访".into(),
            description: "每周上门".into(),
            ..Service::default()
        },
        // A category listed apart from its first item is still shown with it.
        Service {
            category: "社会救助".into(),
            item: "临时救助申请协助".into(),
            description: "协助申请".into(),
            ..Service::default()
        },
    ];
    let document = layout::layout_sign(
        &station,
        &layout::Assets::default(),
        SignKind::Services,
        &LayoutOptions::default(),
    )
    .unwrap();
    assert!(document.pages.len() >= 2, "{} pages", document.pages.len());
    for warning in &document.warnings {
        assert!(
            !warning.message.contains("未印出") && !warning.message.contains("略去"),
            "{warning}"
        );
    }
    let all = document_text(&document);
    // Every character of the description is printed, in order, across the pages.
    let description_chars = squeeze(&long).chars().count();
    let printed = all.matches("走访慰问").count();
    assert_eq!(
        printed, 150,
        "description not printed whole ({description_chars} characters)"
    );
    assert!(
        all.contains("困难群众探访（续）"),
        "continued row names its item"
    );
    // Grouped by category in order of first appearance: 社会救助's two items before 养老服务.
    let first = all.find("临时救助申请协助").unwrap();
    let second = all.find("独居老人探访").unwrap();
    assert!(first < second, "services not grouped by category");
}

#[test]
fn thousands_of_staff_are_all_shown() {
    let mut station = station(5);
    station.staff = (0..3300)
        .map(|number| StaffMember {
            name: format!("社工{number:04}"),
            post: "驻站社工".into(),
            ..StaffMember::default()
        })
        .collect();
    let document = layout::layout_sign(
        &station,
        &layout::Assets::default(),
        SignKind::Staff,
        &LayoutOptions::default(),
    )
    .unwrap();
    assert!(document.pages.len() > 200, "{} pages", document.pages.len());
    let all = document_text(&document);
    for number in 0..3300 {
        assert!(
            all.contains(&format!("社工{number:04}")),
            "社工{number:04} missing"
        );
    }
    assert!(
        document
            .warnings
            .iter()
            .all(|warning| !warning.field.is_empty())
    );
}

/// 五社联动 partners of real length for a bilingual station: from none to three of each kind
/// (long official names among them), and now and then one of another kind.
fn add_partners(station: &mut StationFile, seed: usize) {
    const NAMES: [&str; 8] = [
        "柳溪社区居民委员会",
        "青禾县同心社会工作服务中心",
        "新疆维吾尔自治区慈善总会青禾县分会",
        "柳溪镇“暖阳”志愿服务队",
        "乐龄互助会",
        "青禾县红十字会",
        "白杨镇中心小学家长志愿者协会",
        "县人民医院",
    ];
    let kinds = [
        "社区",
        "社会组织",
        "社会工作者",
        "社区志愿者",
        "社会慈善资源",
        "社区食堂",
    ];
    for (number, kind) in kinds.iter().enumerate() {
        let count = (seed + number * 7) % 4;
        let count = if number == 5 { count % 2 } else { count };
        for item in 0..count {
            station.partners.push(Partner {
                kind: (*kind).to_owned(),
                name: NAMES[(seed + number * 3 + item) % NAMES.len()].to_owned(),
                ..Partner::default()
            });
        }
    }
}

/// The essentials of `language` on one laid-out sign: the translated station name on every page
/// (short name on badges and door plates), each room's name on its plate, each staff member's
/// name on the staff sign and on their badge, each partner's name on the 五社联动 sign.
fn script_problems(station: &StationFile, language: Language, document: &Document) -> Vec<String> {
    let kind = document.kind;
    let texts = page_texts(document);
    let tr = &station.station.tr;
    let mut out = Vec::new();
    let mut need = |page: usize, text: &str, what: &str| {
        if !texts
            .get(page)
            .is_some_and(|found| found.contains(&squeeze(text)))
        {
            out.push(format!(
                "{} {kind:?} {language:?}: page {page}: {what} “{text}” not whole",
                station.station.name
            ));
        }
    };
    let title = match kind {
        SignKind::RoomPlate | SignKind::Badge => tr.text(language, "short_name"),
        _ => tr.text(language, "name"),
    };
    if let Some(title) = title {
        for page in 0..texts.len() {
            need(page, title, "name");
        }
    }
    match kind {
        SignKind::RoomPlate => {
            for index in 0..station.station.rooms.len() {
                if let Some(room) = tr.item(language, "rooms", index) {
                    need(index, room, "room");
                }
            }
        }
        SignKind::Badge => {
            for (index, member) in station.staff.iter().enumerate() {
                if let Some(name) = member.tr.text(language, "name") {
                    need(index, name, "staff name");
                }
            }
        }
        SignKind::Partners => {
            let all: String = texts.concat();
            for partner in &station.partners {
                if let Some(name) = partner.tr.text(language, "name")
                    && !all.contains(&squeeze(name))
                {
                    out.push(format!("{kind:?} {language:?}: partner “{name}” not whole"));
                }
            }
        }
        SignKind::Staff => {
            let all: String = texts.concat();
            for member in &station.staff {
                if let Some(name) = member.tr.text(language, "name")
                    && !all.contains(&squeeze(name))
                {
                    out.push(format!(
                        "{kind:?} {language:?}: staff name “{name}” not whole"
                    ));
                }
            }
        }
        _ => {}
    }
    out
}

/// Generated bilingual stations for each script (Uyghur, Kazakh, Tibetan, Mongolian, Korean,
/// Yi): translated names twice the Chinese length, 五社联动 partners; every sign in both designs
/// at its default size and A4 portrait keeps its essentials whole in Chinese and in the script,
/// and no text leaves its box or overlaps another.
#[test]
fn bilingual_stations_keep_their_essentials_in_every_script() {
    let scripts = bilingual::SCRIPTS;
    let mut cases: Vec<(Language, StationFile)> = Vec::new();
    for (index, language) in scripts.into_iter().enumerate() {
        for seed in [3 + index as u64, 20 + index as u64, 41 + index as u64] {
            let mut station = station(seed);
            add_partners(&mut station, seed as usize);
            bilingual::translate(&mut station, language, seed as usize);
            cases.push((language, station));
        }
        let mut longest = corpus().pop().unwrap();
        add_partners(&mut longest, 11);
        bilingual::translate(&mut longest, language, index);
        cases.push((language, longest));
    }
    let sizes = sizes();
    let found: Vec<String> = cases
        .par_iter()
        .flat_map_iter(|(language, station)| {
            let mut found = Vec::new();
            let mut cut = 0usize;
            // Both designs: the simple one stacks the scripts in its own boxes.
            for design in ["standard", "simple"] {
                let mut station = station.clone();
                station.appearance.design = design.to_owned();
                for kind in template::available_kinds() {
                    for (size, options) in sizes.iter().take(2) {
                        let document = layout::layout_sign(
                            &station,
                            &layout::Assets::default(),
                            kind,
                            options,
                        )
                        .unwrap();
                        let size = format!("{design} {size}");
                        found.extend(problems(&station, &document, &size, &mut cut));
                        found.extend(script_problems(&station, *language, &document));
                    }
                }
            }
            found
        })
        .collect();
    for problem in found.iter().take(60) {
        println!("{problem}");
    }
    assert!(
        found.is_empty(),
        "{} problems (first ones above)",
        found.len()
    );
}

#[test]
fn long_latin_and_uyghur_staff_names_are_never_cut() {
    // A foreign volunteer and a Uyghur colleague among eight staff, on the A4 staff sign and
    // the A4 board: each name is printed whole (more lines rather than cut).
    let names = [
        "Alexander Konstantinovich Vasilyev-Smirnov",
        "مۇھەممەتئېلى ئابدۇرەھىم ئابدۇكېرىم",
        "Maria-Fernanda Rodríguez de la Torre",
    ];
    let mut station = station(7);
    station.staff = (0..8)
        .map(|number| StaffMember {
            name: names
                .get(number)
                .map_or_else(|| format!("社工{number}"), |name| (*name).to_owned()),
            post: "驻站社工".into(),
            level: "社会工作师".into(),
            duties: "个案辅导、小组活动、社区活动和资源链接".into(),
            ..StaffMember::default()
        })
        .collect();
    for kind in [SignKind::Staff, SignKind::Board] {
        for (label, options) in sizes() {
            let document =
                layout::layout_sign(&station, &layout::Assets::default(), kind, &options).unwrap();
            let text = page_texts(&document).concat();
            for name in names {
                assert!(
                    text.contains(&squeeze(name)),
                    "{kind:?} {label}: {name} cut in {text}"
                );
            }
        }
    }
}

#[test]
fn the_connector_check_follows_the_line_not_its_bounding_box() {
    let point = |x, y| layout::Point::new(x, y);
    let text = Rect::new(10.0, 10.0, 40.0, 10.0);
    // Straight through the text, and along a rule under it.
    assert!(segment_crosses(
        point(0.0, 15.0),
        point(100.0, 15.0),
        1.0,
        &text,
        0.5
    ));
    assert!(!segment_crosses(
        point(0.0, 22.0),
        point(100.0, 22.0),
        1.0,
        &text,
        0.5
    ));
    // A diagonal whose bounding box holds the text but which passes beside it.
    assert!(!segment_crosses(
        point(60.0, 0.0),
        point(100.0, 40.0),
        1.0,
        &text,
        0.5
    ));
    assert!(segment_crosses(
        point(0.0, 0.0),
        point(60.0, 30.0),
        1.0,
        &text,
        0.5
    ));
}
