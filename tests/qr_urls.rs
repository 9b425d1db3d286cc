//! QR codes on a printed sign: a web address with Chinese in its host, path and query is encoded
//! as a URL (IDNA host, percent-encoded path and query), so every scanner opens the address the
//! user typed; plain text is kept as typed. The contacts sign is laid out and rendered, and the
//! codes in its pixels are decoded with `rqrr`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use liangpai::layout::{self, LayoutOptions};
use liangpai::model::QrCode;
use liangpai::sign::SignKind;

/// The texts of the QR codes that decode on the contacts sign, as raw bytes, left to right.
fn decoded_codes(contents: &[&str]) -> Vec<Vec<u8>> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/example/liuxi-station.json");
    let mut station = liangpai::storage::load(&file).expect("example station");
    station.contacts.qr_codes = contents
        .iter()
        .enumerate()
        .map(|(index, content)| QrCode {
            label: format!("二维码{}", index + 1),
            content: (*content).to_owned(),
            ..QrCode::default()
        })
        .collect();
    let assets = liangpai::assets::load(&station, file.parent()).assets;
    let document = layout::layout_sign(
        &station,
        &assets,
        SignKind::Contacts,
        &LayoutOptions::default(),
    )
    .expect("contacts sign");
    let page = document.pages.first().expect("a page");
    // 150 dpi, as the PNG export.
    let pixels = liangpai::render::raster::render_page(page, 150.0 / 72.0);
    let width = pixels.width_px as usize;
    let height = pixels.height_px as usize;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let at = (y * width + x) * 4;
        let rgb = &pixels.rgba[at..at + 3];
        let luma = (u16::from(rgb[0]) + u16::from(rgb[1]) + u16::from(rgb[2])) / 3;
        if luma < 128 { 0 } else { 255 }
    });
    let mut grids = image.detect_grids();
    grids.sort_by_key(|grid| grid.bounds[0].x);
    // Other shapes (the logo, photos) may look like finder patterns: only codes that decode
    // count, and the test asserts how many there are.
    grids
        .iter()
        .filter_map(|grid| {
            let mut bytes = Vec::new();
            grid.decode_to(&mut bytes).ok().map(|_| bytes)
        })
        .collect()
}

#[test]
fn chinese_addresses_are_encoded_as_urls_and_open_what_was_typed() {
    let typed = "https://青禾县.gov.cn/柳溪镇/服务 指南?站点=柳溪镇社工站&类别=养老";
    let text = "柳溪镇社会工作服务站 监督电话 0571-8888 6666";
    let codes = decoded_codes(&[typed, text]);
    assert_eq!(codes.len(), 2, "two QR codes on the sign");

    // The address: only ASCII, the host in punycode, the path and query percent-encoded.
    let address = String::from_utf8(codes[0].clone()).expect("UTF-8");
    assert!(address.is_ascii(), "{address}");
    assert_eq!(
        address,
        "https://xn--5nr179f9iu.gov.cn/%E6%9F%B3%E6%BA%AA%E9%95%87/%E6%9C%8D%E5%8A%A1%20%E6%8C%87%E5%8D%97?%E7%AB%99%E7%82%B9=%E6%9F%B3%E6%BA%AA%E9%95%87%E7%A4%BE%E5%B7%A5%E7%AB%99&%E7%B1%BB%E5%88%AB=%E5%85%BB%E8%80%81"
    );
    // It opens the address typed: the same URL as the browser makes of what the user typed,
    // and its parts decode back to the Chinese typed.
    let opened = url::Url::parse(&address).expect("a URL");
    assert_eq!(opened, url::Url::parse(typed).expect("typed URL"));
    let (host, _) = idna::domain_to_unicode(opened.host_str().expect("host"));
    assert_eq!(host, "青禾县.gov.cn");
    let path: Vec<String> = opened
        .path_segments()
        .expect("path")
        .map(|segment| {
            percent_encoding::percent_decode_str(segment)
                .decode_utf8()
                .expect("UTF-8")
                .into_owned()
        })
        .collect();
    assert_eq!(path, ["柳溪镇", "服务 指南"]);
    let query: Vec<(String, String)> = opened
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    assert_eq!(
        query,
        [
            ("站点".to_owned(), "柳溪镇社工站".to_owned()),
            ("类别".to_owned(), "养老".to_owned())
        ]
    );

    // Plain text is kept as typed (UTF-8).
    assert_eq!(String::from_utf8(codes[1].clone()).expect("UTF-8"), text);
}
