//! `POST /v1/staff/registrations/{reference}/review`: someone at the office takes a
//! registration from the queue (`in_review`); `POST …/decision`: the office approves, rejects
//! or asks for changes. The body is checked by the core (`DecisionRequest::validate`), the status move
//! by the one table (`next_status`, in the store's transaction: `409` when it cannot happen),
//! and the decision is audited.

use super::audit::{client_text, record, Action};
use super::registrations::visible;
use super::{StaffProblem, StaffSession};
use crate::client_addr::ClientAddr;
use crate::problem::{blocking, ApiProblem};
use crate::store::staff::NewDecision;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use vssid_core::api::{
    DecisionError, DecisionRequest, Problem, ProblemCode, RegistrationStatus, StatusChange,
};
use vssid_core::Localized;

/// The answer to a decision (or to the start of a review): the new status and when.
#[derive(Debug, Serialize)]
struct Decided {
    reference: String,
    status: RegistrationStatus,
    decided_at: String,
}

/// `422` with the rule the body broke, in both languages.
fn refused(error: DecisionError) -> ApiProblem {
    let mut problem = Problem::new(ProblemCode::BadRequest);
    problem.type_uri = format!("https://vssid.invalid/problems/{}", error.code());
    problem.title = error.to_string();
    problem.status = 422;
    problem.code = error.code().into();
    problem.vi = error.message(vssid_core::Lang::Vi);
    problem.en = error.message(vssid_core::Lang::En);
    ApiProblem::from(problem)
}

/// `POST /v1/staff/registrations/{reference}/review`: `in_review`, from `confirmed` or
/// `resubmitted` (`409` otherwise).
pub async fn start_review(
    State(state): State<AppState>,
    client: ClientAddr,
    session: StaffSession,
    Path(reference): Path<String>,
) -> Result<Response, ApiProblem> {
    blocking(move || {
        let registration = visible(&state, &session, &reference)?;
        let status = match state
            .store()
            .change_status(&registration.id, StatusChange::ReviewStarted)?
        {
            None => return Err(super::not_found()),
            Some(Err(_)) => return Err(StaffProblem::WrongStatus.into()),
            Some(Ok(status)) => status,
        };
        record(
            &state,
            Some(session.account.id),
            Action::ReviewStarted,
            Some(&registration.reference),
            &client_text(client),
            "",
        )?;
        Ok(super::private_json::private_json(&Decided {
            reference: registration.reference,
            status,
            decided_at: crate::clock::rfc3339(state.clock().now_ms()),
        })
        .into_response())
    })
    .await
}

/// `POST /v1/staff/registrations/{reference}/decision`.
pub async fn decide(
    State(state): State<AppState>,
    client: ClientAddr,
    session: StaffSession,
    Path(reference): Path<String>,
    body: Result<Json<DecisionRequest>, JsonRejection>,
) -> Result<Response, ApiProblem> {
    let Json(body) = body.map_err(|e| ApiProblem::bad_request(e.body_text()))?;
    let valid = body.validate().map_err(refused)?;
    blocking(move || {
        let registration = visible(&state, &session, &reference)?;
        let at_ms = state.clock().now_ms();
        let new = NewDecision {
            at_ms,
            staff_id: session.account.id,
            decision: valid.clone(),
        };
        let status = match state.staff().decide(&registration.id, &new)? {
            None => return Err(super::not_found()),
            Some(Err(_)) => return Err(StaffProblem::WrongStatus.into()),
            Some(Ok(status)) => status,
        };
        record(
            &state,
            Some(session.account.id),
            Action::Decide,
            Some(&registration.reference),
            &client_text(client),
            format!("{}:{}", valid.decision.as_str(), valid.reason.as_str()),
        )?;
        Ok(super::private_json::private_json(&Decided {
            reference: registration.reference,
            status,
            decided_at: crate::clock::rfc3339(at_ms),
        })
        .into_response())
    })
    .await
}
