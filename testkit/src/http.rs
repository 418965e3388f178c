//! The little of HTTP/1.1 the loopback servers need: where a request read so far ends.

/// The length of the whole request (head, blank line and `Content-Length` body) at the
/// start of `data`, once all of it has arrived; `None` while more is to come.
pub(crate) fn request_length(data: &[u8]) -> Option<usize> {
    let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&data[..end]);
    let body = header(&head, "content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let total = end + 4 + body;
    (data.len() >= total).then_some(total)
}

/// The value of the header `name` (any case) in a request head.
pub(crate) fn header(head: &str, name: &str) -> Option<String> {
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_ends_after_its_body() {
        let request = b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
        assert_eq!(request_length(request), Some(request.len()));
        assert_eq!(request_length(&request[..request.len() - 1]), None);
        assert_eq!(
            request_length(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            Some(27)
        );
        assert_eq!(request_length(b"GET / HTTP/1.1\r\n"), None);
        assert_eq!(
            header(
                "GET / HTTP/1.1\r\nidempotency-KEY:  k1 \r\n",
                "Idempotency-Key"
            )
            .as_deref(),
            Some("k1")
        );
    }
}
