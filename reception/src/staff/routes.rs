//! The staff routes (`/v1/staff/…`), merged into the service's router under its limits.

use super::{audit, registrations, sessions};
use crate::AppState;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

/// The staff API.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/staff/session",
            post(sessions::login).delete(sessions::logout),
        )
        .route("/v1/staff/registrations", get(registrations::list))
        .route(
            "/v1/staff/registrations/{reference}",
            get(registrations::view),
        )
        .route(
            "/v1/staff/registrations/{reference}/photos/{slot}",
            get(registrations::photo),
        )
        .route("/v1/staff/audit", get(audit::audit_log))
}

/// JSON that no cache keeps (the staff API's answers carry personal data or secrets).
pub(crate) fn private_json<T: Serialize>(body: &T) -> Response {
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
