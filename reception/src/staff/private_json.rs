//! Answers of the staff API (JSON, photos), marked so that no cache keeps them.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// JSON that no cache keeps (the staff API's answers carry personal data or secrets).
pub(crate) fn private_json<T: Serialize>(body: &T) -> Response {
    no_store(Json(body).into_response())
}

/// An answer that no cache keeps.
pub(crate) fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
