//! Reading the e-mails the reception service writes to its outbox: the decoded body, and
//! the six-digit confirmation code in it.

use base64::Engine;

/// The text of an RFC 5322 message whose body is base64 (as the service writes them);
/// `None` when it is not one.
pub fn body(raw: &str) -> Option<String> {
    let (_, body) = raw.split_once("\r\n\r\n")?;
    let joined: String = body.split("\r\n").collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(joined.trim())
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// The six-digit code on the code line of a message's text, in Vietnamese or English.
pub fn code(text: &str) -> Option<String> {
    text.lines()
        .filter(|l| {
            l.starts_with("Mã xác thực (OTP) của bạn là:")
                || l.starts_with("Your confirmation code is:")
        })
        .filter_map(|l| l.rsplit(':').next())
        .map(|c| c.trim().to_string())
        .find(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_read_from_a_message() {
        let text = "Xin chào,\r\nMã xác thực (OTP) của bạn là: 482913\r\n";
        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
        let raw = format!("Subject: x\r\n\r\n{encoded}\r\n");
        assert_eq!(body(&raw).as_deref(), Some(text));
        assert_eq!(code(text).as_deref(), Some("482913"));
        assert_eq!(code("Your confirmation code is: 12345").as_deref(), None);
        assert_eq!(
            body("Subject: x\r\n\r\nbm90aGluZw==\r\n").as_deref(),
            Some("nothing")
        );
        assert_eq!(body("no body"), None);
    }
}
