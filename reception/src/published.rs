//! Documents the service publishes with an ETag (the office list, the privacy notice), and
//! the one conditional GET that serves them: `304 Not Modified` when the client's copy is
//! current.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Whether an `If-None-Match` value names the version `etag` (`*`, or one of a list of tags,
/// weak or strong).
pub fn if_none_match_names(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// A JSON document with its ETag (`Cache-Control: no-cache`), or `304` when the request's
/// `If-None-Match` names that version.
pub fn conditional_json(headers: &HeaderMap, etag: &str, body: impl Into<Body>) -> Response {
    let tag = HeaderValue::from_str(etag).unwrap_or(HeaderValue::from_static("\"\""));
    let current = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| if_none_match_names(v, etag));
    let cache = (header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if current {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag), cache]).into_response();
    }
    (
        StatusCode::OK,
        [
            (header::ETAG, tag),
            cache,
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        body.into(),
    )
        .into_response()
}
