//! `POST /v1/staff/registrations/{reference}/review`: someone at the office takes a
//! registration from the queue (`in_review`); `POST …/decision`: the office approves, rejects
//! or asks for changes. The body is checked by the core (`DecisionRequest::validate`), the status move
//! by the one table (`next_status`, in the store's transaction: `409` when it cannot happen),
//! the decision is audited, and the applicant gets its notice (`crate::notices`).

use super::audit::{record_by, Action};
use super::call::StaffCall;
use super::registrations::visible;
use super::{StaffProblem, StaffSession};
use crate::client_addr::ClientAddr;
use crate::problem::ApiProblem;
use crate::store::staff::NewDecision;
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::Path;
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use vssid_core::api::{
    DecisionError, DecisionRequest, InvalidTransition, RegistrationStatus, StatusChange,
};
use vssid_core::{Lang, Localized};

/// The answer to a decision (or to the start of a review): the new status and when.
#[derive(Debug, Serialize)]
pub struct Decided {
    pub reference: String,
    pub status: RegistrationStatus,
    pub decided_at: String,
}

/// `422` with the rule the body broke, in both languages.
fn refused(error: DecisionError) -> ApiProblem {
    ApiProblem::from(super::console_problem(
        error.code(),
        422,
        &error.to_string(),
        &error.message(Lang::Vi),
        &error.message(Lang::En),
    ))
}

/// The status a move answered with, or the console's refusal: no such registration (`404`),
/// or one whose status does not allow it (`409`).
fn moved(
    outcome: Option<Result<RegistrationStatus, InvalidTransition>>,
) -> Result<RegistrationStatus, ApiProblem> {
    match outcome {
        None => Err(super::not_found()),
        Some(Err(_)) => Err(StaffProblem::WrongStatus.into()),
        Some(Ok(status)) => Ok(status),
    }
}

/// Audits the move and answers the new status.
fn audit_moved(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    action: Action,
    detail: String,
    decided: Decided,
) -> Result<Decided, ApiProblem> {
    record_by(
        state,
        session,
        client,
        action,
        Some(&decided.reference),
        detail,
    )?;
    Ok(decided)
}

/// `POST /v1/staff/registrations/{reference}/review`: `in_review`, from `confirmed` or
/// `resubmitted` (`409` otherwise).
pub async fn start_review(
    call: StaffCall,
    Path(reference): Path<String>,
) -> Result<Response, ApiProblem> {
    call.json(move |state, session, client| review_started(state, session, client, &reference))
        .await
}

/// Takes the registration from the queue and audits it (blocking): the API's and the
/// console's.
pub(crate) fn review_started(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    reference: &str,
) -> Result<Decided, ApiProblem> {
    let registration = visible(state, session, reference)?;
    let status = moved(
        state
            .store()
            .change_status(&registration.id, StatusChange::ReviewStarted)?,
    )?;
    let at_ms = state.clock().now_ms();
    audit_moved(
        state,
        session,
        client,
        Action::ReviewStarted,
        String::new(),
        Decided {
            reference: registration.reference,
            status,
            decided_at: crate::clock::rfc3339(at_ms),
        },
    )
}

/// `POST /v1/staff/registrations/{reference}/decision`.
pub async fn decide(
    call: StaffCall,
    Path(reference): Path<String>,
    body: Result<Json<DecisionRequest>, JsonRejection>,
) -> Result<Response, ApiProblem> {
    let Json(body) = body.map_err(|e| ApiProblem::bad_request(e.body_text()))?;
    call.json(move |state, session, client| {
        decision_recorded(state, session, client, &reference, &body)
    })
    .await
}

/// Checks the body (`422`), records the decision with its status move (`404`, `409`) and
/// audits it (blocking): the API's and the console's.
pub(crate) fn decision_recorded(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    reference: &str,
    body: &DecisionRequest,
) -> Result<Decided, ApiProblem> {
    let valid = body.validate().map_err(refused)?;
    let registration = visible(state, session, reference)?;
    let at_ms = state.clock().now_ms();
    let detail = format!("{}:{}", valid.decision.as_str(), valid.reason.as_str());
    let new = NewDecision {
        at_ms,
        staff_id: session.account.id,
        decision: valid,
    };
    let status = moved(state.staff().decide(&registration.id, &new)?)?;
    crate::notices::send_decision_notice(state, &registration, &new.decision, at_ms);
    audit_moved(
        state,
        session,
        client,
        Action::Decide,
        detail,
        Decided {
            reference: registration.reference,
            status,
            decided_at: crate::clock::rfc3339(at_ms),
        },
    )
}
