//! The console's style sheet and script, compiled into the service.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const CSS: &str = include_str!("static/console.css");
const JS: &str = include_str!("static/console.js");

fn file(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=300"),
    );
    response
}

/// `GET /console/console.css`.
pub async fn css() -> Response {
    file(CSS, "text/css; charset=utf-8")
}

/// `GET /console/console.js`.
pub async fn js() -> Response {
    file(JS, "text/javascript; charset=utf-8")
}
