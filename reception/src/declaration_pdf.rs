//! The tờ khai as a PDF (the layout is `vssid-declaration-pdf`'s, shared with the CLI):
//! made from a registration's stored, normalized values, attached to the e-mail that follows
//! the accepted code, and served to the applicant
//! (`GET /v1/registrations/{id}/declaration.pdf`, behind the applicant's secret in the
//! `Authorization` header, as for the copy of the data)
//! and to the office's staff (`GET /v1/staff/registrations/{reference}/declaration.pdf`,
//! audited like a photo view). Only once the code was accepted: before that the address is
//! not proved and the declaration goes nowhere.

use crate::client_addr::ClientAddr;
use crate::mail::Attachment;
use crate::problem::{blocking, ApiProblem};
use crate::staff::audit::{record_by, Action};
use crate::staff::StaffSession;
use crate::store::RegistrationRecord;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use vssid_core::api::{ProblemCode, RegistrationRequest, RegistrationStatus};
use vssid_declaration_pdf::{DeclarationDocument, Submitted};

/// Whether a registration in `status` has a tờ khai: once its code was accepted, until its
/// data is deleted.
pub fn exists(status: RegistrationStatus, withdrawn: bool) -> bool {
    !withdrawn && status.has_declaration_pdf()
}

/// The PDF of a registration whose code was accepted; `None` before that, or once its data
/// was deleted.
pub fn pdf_of(
    state: &AppState,
    record: &RegistrationRecord,
) -> Result<Option<Vec<u8>>, ApiProblem> {
    if !exists(record.status, record.withdrawn_at_ms.is_some()) {
        return Ok(None);
    }
    let request: RegistrationRequest =
        serde_json::from_str(&record.declaration_json).map_err(ApiProblem::internal)?;
    let document = DeclarationDocument::from_request(
        &request,
        state.units().as_ref(),
        state.offices().find(&record.office),
        Some(Submitted {
            reference: record.reference.clone(),
            received_at_ms: record.received_at_ms,
        }),
    );
    vssid_declaration_pdf::render(&document)
        .map(Some)
        .map_err(ApiProblem::internal)
}

/// The file name of a registration's tờ khai (ASCII: the reference is).
pub fn file_name(record: &RegistrationRecord) -> String {
    format!("to-khai-{}.pdf", record.reference)
}

/// The tờ khai as an e-mail attachment.
pub fn attachment(record: &RegistrationRecord, bytes: Vec<u8>) -> Attachment {
    Attachment {
        file_name: file_name(record),
        content_type: "application/pdf".into(),
        bytes,
    }
}

/// The PDF as an answer: a download, never cached.
fn pdf_response(record: &RegistrationRecord, bytes: Vec<u8>) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(disposition) =
        HeaderValue::from_str(&format!("attachment; filename=\"{}\"", file_name(record)))
    {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

fn not_found() -> ApiProblem {
    ApiProblem::new(ProblemCode::NotFound)
}

/// `GET /v1/registrations/{id}/declaration.pdf`: the applicant's copy, with `Authorization:
/// Bearer <the idempotency key>` (404 for an unknown id, a wrong or missing secret, and
/// before the code was accepted).
pub async fn for_applicant(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiProblem> {
    blocking(move || {
        // The whole declaration: behind the applicant's secret, like the copy of the data.
        let record = crate::rights::record_for(&state, &id, &headers)?;
        let bytes = pdf_of(&state, &record)?.ok_or_else(not_found)?;
        Ok(pdf_response(&record, bytes))
    })
    .await
}

/// `GET /v1/staff/registrations/{reference}/declaration.pdf`: for the staff of the
/// registration's office (404 otherwise, as for every console read), audited.
pub async fn for_staff(
    State(state): State<AppState>,
    client: ClientAddr,
    session: StaffSession,
    Path(reference): Path<String>,
) -> Result<Response, ApiProblem> {
    blocking(move || {
        let record = crate::staff::registrations::visible(&state, &session, &reference)?;
        let bytes = pdf_of(&state, &record)?.ok_or_else(crate::staff::not_found)?;
        record_by(
            &state,
            &session,
            client,
            Action::ViewDeclaration,
            Some(&record.reference),
            "declaration.pdf",
        )?;
        Ok(pdf_response(&record, bytes))
    })
    .await
}
