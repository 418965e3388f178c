//! The staff routes (`/v1/staff/…`), merged into the service's router under its limits.

use super::{audit, decisions, exports, registrations, requests, sessions};
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

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
            get(registrations::view).delete(requests::erase),
        )
        .route(
            "/v1/staff/registrations/{reference}/data",
            get(requests::data),
        )
        .route(
            "/v1/staff/registrations/{reference}/photos/{slot}",
            get(registrations::photo),
        )
        .route(
            "/v1/staff/registrations/{reference}/declaration.pdf",
            get(crate::declaration_pdf::for_staff),
        )
        .route(
            "/v1/staff/registrations/{reference}/review",
            post(decisions::start_review),
        )
        .route(
            "/v1/staff/registrations/{reference}/decision",
            post(decisions::decide),
        )
        .route("/v1/staff/audit", get(audit::audit_log))
        .route("/v1/staff/audit.csv", get(audit::audit_log_csv))
        .route(
            "/v1/staff/exports/approved.csv",
            get(exports::approved_csv_route),
        )
        .route(
            "/v1/staff/exports/approved.zip",
            get(exports::approved_zip_route),
        )
}
