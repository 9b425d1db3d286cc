//! What a QR code on a sign holds. A web address is encoded as a URL: its host in IDNA
//! (punycode, `青禾县.gov.cn` → `xn--….gov.cn`), non-ASCII characters and spaces in its path,
//! query and fragment percent-encoded (UTF-8), so that every phone scanner and WeChat opens the
//! address the user typed; raw UTF-8 in a QR code is read as Latin-1 or Shift-JIS by some
//! scanners. Anything else (a phone number, a line of text) is kept as typed.

/// The text a QR code for `content` holds: the trimmed content, or for an `http://` or
/// `https://` address, the address encoded as a URL. An address that cannot be understood as
/// one (no host, a space inside the host) is kept as typed.
pub fn payload(content: &str) -> String {
    let content = content.trim();
    if !is_web_address(content) {
        return content.to_owned();
    }
    match url::Url::parse(content) {
        Ok(url) if url.host().is_some() => url.to_string(),
        _ => content.to_owned(),
    }
}

/// Whether `content` starts with `http://` or `https://` (any case).
fn is_web_address(content: &str) -> bool {
    let lower: String = content
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The QR code for `content` (its [`payload`]), error correction level M, or `None` when it is
/// too long for a QR code.
pub fn encode(content: &str) -> Option<qrcode::QrCode> {
    qrcode::QrCode::with_error_correction_level(payload(content).as_bytes(), qrcode::EcLevel::M)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_encoded_and_text_is_kept() {
        assert_eq!(
            payload(" https://青禾县.gov.cn/服务 指南?站点=柳溪镇#地址 "),
            "https://xn--5nr179f9iu.gov.cn/%E6%9C%8D%E5%8A%A1%20%E6%8C%87%E5%8D%97?%E7%AB%99%E7%82%B9=%E6%9F%B3%E6%BA%AA%E9%95%87#%E5%9C%B0%E5%9D%80"
        );
        // Already encoded: unchanged (no %25 doubling).
        assert_eq!(
            payload("https://mp.weixin.qq.com/s?__biz=MzA%3D&mid=1"),
            "https://mp.weixin.qq.com/s?__biz=MzA%3D&mid=1"
        );
        assert_eq!(payload("HTTP://Example.ORG"), "http://example.org/");
        assert_eq!(
            payload("柳溪镇社工站 0571-8888 6666"),
            "柳溪镇社工站 0571-8888 6666"
        );
        assert_eq!(payload("www.example.org/服务"), "www.example.org/服务");
        assert_eq!(payload("https://"), "https://");
        assert!(encode(&"很".repeat(2000)).is_none());
    }
}
