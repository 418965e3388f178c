//! Files handed to staff: CSV cells safe to open in a spreadsheet, the byte order mark that
//! makes Excel read UTF-8, and the download answer no cache keeps (the exports and the audit
//! log's CSV).

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The UTF-8 byte order mark that opens the CSV.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV cell: quoted when it holds a separator, a quote or a line break; a leading `=`, `+`,
/// `-` or `@` is preceded by `'` so that a spreadsheet does not run it as a formula.
pub fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A download that no cache keeps.
pub fn attachment(body: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut response = super::private_json::no_store(body.into_response());
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}
