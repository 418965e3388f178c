//! Reading the e-mails the reception service writes to its outbox: the decoded body, and
//! the six-digit confirmation code in it.

use base64::Engine;

/// The boundary of a multipart message, from its `Content-Type` header.
fn boundary(head: &str) -> Option<&str> {
    let at = head.find("boundary=\"")? + "boundary=\"".len();
    let rest = &head[at..];
    Some(&rest[..rest.find('"')?])
}

/// The parts of a multipart message: each part's headers and its decoded bytes.
pub fn parts(raw: &str) -> Vec<(String, Vec<u8>)> {
    let Some((head, body)) = raw.split_once("\r\n\r\n") else {
        return Vec::new();
    };
    let Some(boundary) = boundary(head) else {
        return Vec::new();
    };
    let delimiter = format!("--{boundary}");
    body.split(delimiter.as_str())
        .skip(1)
        .filter(|part| !part.starts_with("--"))
        .filter_map(|part| {
            let (headers, content) = part.trim_start_matches("\r\n").split_once("\r\n\r\n")?;
            let joined: String = content.split("\r\n").collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(joined.trim())
                .ok()?;
            Some((headers.to_string(), bytes))
        })
        .collect()
}

/// The text of an RFC 5322 message whose body is base64 (as the service writes them), or of
/// its first part when it is multipart (the text before the attachments); `None` when it is
/// neither.
pub fn body(raw: &str) -> Option<String> {
    let (head, body) = raw.split_once("\r\n\r\n")?;
    if boundary(head).is_some() {
        let (_, text) = parts(raw).into_iter().next()?;
        return String::from_utf8(text).ok();
    }
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
