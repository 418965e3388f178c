//! Requests a person makes about their own data in person (at the counter, or by letter),
//! handled by the office's staff: a copy of everything the service holds about the
//! registration (`GET /v1/staff/registrations/{reference}/data`, any account of its office),
//! and its erasure (`DELETE /v1/staff/registrations/{reference}`, supervisors and admins).
//! The same copy and the same deletion as the applicant's own routes (`crate::rights`), each
//! one line in the audit log (`access_copy`, `withdrawn`). The console's buttons call these.

use super::audit::{record_by, Action};
use super::call::StaffCall;
use super::registrations::visible;
use super::{StaffProblem, StaffSession};
use crate::client_addr::ClientAddr;
use crate::problem::ApiProblem;
use crate::rights::{data_of, erase_on_request, Erased, ErasureChannel};
use crate::AppState;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use vssid_core::api::RegistrationData;

/// The copy's file name (ASCII: the reference is).
pub fn copy_file_name(reference: &str) -> String {
    format!("du-lieu-{reference}.json")
}

/// The copy of a registration's data for a request made in person, audited (blocking).
pub(crate) fn access_copy(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    reference: &str,
) -> Result<RegistrationData, ApiProblem> {
    let record = visible(state, session, reference)?;
    let data = data_of(state, &record)?;
    record_by(
        state,
        session,
        client,
        Action::AccessCopy,
        Some(&record.reference),
        "in person: data.json",
    )?;
    Ok(data)
}

/// Erases a registration for a request made in person: supervisors and admins only (403
/// otherwise), the registration of one of their offices (404 otherwise) (blocking).
pub(crate) fn erased_in_person(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    reference: &str,
) -> Result<Erased, ApiProblem> {
    if !session.account.role.supervises() {
        return Err(StaffProblem::Forbidden.into());
    }
    let record = visible(state, session, reference)?;
    erase_on_request(state, &record, ErasureChannel::Staff { session, client })
}

/// `GET /v1/staff/registrations/{reference}/data`: the copy as a JSON file.
pub async fn data(call: StaffCall, Path(reference): Path<String>) -> Result<Response, ApiProblem> {
    call.run(move |state, session, client| {
        let data = access_copy(state, session, client, &reference)?;
        let body = serde_json::to_vec_pretty(&data).map_err(ApiProblem::internal)?;
        Ok(super::download::attachment(
            body,
            "application/json",
            &copy_file_name(&data.reference),
        ))
    })
    .await
}

/// `DELETE /v1/staff/registrations/{reference}`: erased (204), also when it had been before.
pub async fn erase(call: StaffCall, Path(reference): Path<String>) -> Result<Response, ApiProblem> {
    call.run(move |state, session, client| {
        erased_in_person(state, session, client, &reference)?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
    .await
}
