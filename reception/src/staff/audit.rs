//! The audit log: one appended line per login, failed login, logout, list, view of a
//! registration or photo, decision, export, view of the log itself and operator command on accounts (staff,
//! the service clock's time, client address, reference); and `GET /v1/staff/audit`, for
//! supervisors and admins. Its lines hold references and codes only, never an applicant's
//! data (a search is recorded as made, without its text), since they are never deleted.

use super::call::StaffCall;
use super::{StaffProblem, StaffSession};
use crate::client_addr::ClientAddr;
use crate::problem::ApiProblem;
use crate::store::staff::{AuditFilter, NewAuditEntry, Role};
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use axum::response::Response;
use serde::{Deserialize, Serialize};

/// What an audit line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Login,
    LoginFailed,
    Logout,
    ListRegistrations,
    ViewRegistration,
    ViewPhoto,
    ViewDeclaration,
    ViewAudit,
    ReviewStarted,
    Decide,
    Export,
    /// A copy of a registration's data, asked for in person and handed over by the staff.
    AccessCopy,
    /// A registration's personal data deleted (by the applicant, the operator or the staff).
    Withdrawn,
    StaffAdded,
    StaffDisabled,
    StaffPasswordReset,
    StaffEnabled,
    StaffTotpSet,
    StaffTotpRemoved,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::LoginFailed => "login_failed",
            Action::Logout => "logout",
            Action::ListRegistrations => "list_registrations",
            Action::ViewRegistration => "view_registration",
            Action::ViewPhoto => "view_photo",
            Action::ViewDeclaration => "view_declaration",
            Action::ViewAudit => "view_audit",
            Action::ReviewStarted => "review_started",
            Action::Decide => "decide",
            Action::Export => "export",
            Action::AccessCopy => "access_copy",
            Action::Withdrawn => "withdrawn",
            Action::StaffAdded => "staff_added",
            Action::StaffDisabled => "staff_disabled",
            Action::StaffPasswordReset => "staff_password_reset",
            Action::StaffEnabled => "staff_enabled",
            Action::StaffTotpSet => "staff_totp_set",
            Action::StaffTotpRemoved => "staff_totp_removed",
        }
    }
}

/// Appends one line at the service clock's time (blocking). A failure fails the request:
/// nothing is shown that is not recorded.
pub fn record(
    state: &AppState,
    staff_id: Option<i64>,
    action: Action,
    reference: Option<&str>,
    client: &str,
    detail: impl Into<String>,
) -> Result<(), ApiProblem> {
    state.staff().append_audit(&NewAuditEntry {
        at_ms: state.clock().now_ms(),
        staff_id,
        action: action.as_str().into(),
        reference: reference.map(str::to_string),
        client: client.to_string(),
        detail: detail.into(),
        office: None,
    })?;
    Ok(())
}

/// Appends one line about an office as a whole (an export) for what a signed-in account did:
/// a supervisor of another office does not read it (blocking).
pub fn record_for_office(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    action: Action,
    office: &str,
    detail: impl Into<String>,
) -> Result<(), ApiProblem> {
    state.staff().append_audit(&NewAuditEntry {
        at_ms: state.clock().now_ms(),
        staff_id: Some(session.account.id),
        action: action.as_str().into(),
        reference: None,
        client: client_text(client),
        detail: detail.into(),
        office: Some(office.to_string()),
    })?;
    Ok(())
}

/// The client address as the audit log writes it.
/// Appends one line for what a signed-in account did, from `client` (blocking).
pub fn record_by(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    action: Action,
    reference: Option<&str>,
    detail: impl Into<String>,
) -> Result<(), ApiProblem> {
    record(
        state,
        Some(session.account.id),
        action,
        reference,
        &client_text(client),
        detail,
    )
}

pub fn client_text(client: ClientAddr) -> String {
    client.0.to_string()
}

/// The filters of `GET /v1/staff/audit`.
#[derive(Debug, Default, Deserialize)]
pub struct AuditParams {
    reference: Option<String>,
    /// A staff id, or an account's e-mail address.
    staff: Option<String>,
    /// RFC 3339: lines at or after this time.
    since: Option<String>,
    /// At most this many lines (default 200, at most 1000).
    limit: Option<u32>,
}

#[derive(Debug, Serialize)]
struct AuditLine {
    id: i64,
    at: String,
    staff_id: Option<i64>,
    action: String,
    reference: Option<String>,
    client: String,
    detail: String,
}

#[derive(Debug, Serialize)]
struct AuditPage {
    items: Vec<AuditLine>,
}

/// How a reading of the log is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AuditFormat {
    /// JSON, at most 1,000 lines (default 200).
    Json,
    /// A CSV file (UTF-8 with a BOM, for Excel), at most 100,000 lines (default all of them
    /// up to that), recorded as an export.
    Csv,
}

/// The lines a supervisor or an admin asked for, with the reading recorded (blocking).
fn read_audit(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    params: AuditParams,
    format: AuditFormat,
) -> Result<Vec<AuditLine>, ApiProblem> {
    if !session.account.role.supervises() {
        return Err(StaffProblem::Forbidden.into());
    }
    let since_ms = match params.since.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(
            vssid_core::datetime::unix_secs_from_rfc3339(text)
                .ok_or_else(|| ApiProblem::bad_request("since: expected an RFC 3339 time"))?
                * 1000,
        ),
    };
    let staff_id = match params.staff.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(match text.parse::<i64>() {
            Ok(id) => id,
            // An unknown address matches no line.
            Err(_) => state
                .staff()
                .staff_by_email(&vssid_core::api::staff_email_key(text))?
                .map_or(-1, |account| account.id),
        }),
    };
    let limit = match format {
        AuditFormat::Json => params.limit.unwrap_or(200).clamp(1, 1000),
        AuditFormat::Csv => params.limit.unwrap_or(100_000).clamp(1, 100_000),
    };
    let filter = AuditFilter {
        reference: params
            .reference
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty()),
        staff_id,
        since_ms,
        // A supervisor reads what concerns its offices; an admin reads everything.
        offices: (session.account.role != Role::Admin).then(|| session.account.offices.clone()),
        limit,
    };
    let entries = state.staff().audit(&filter)?;
    let (action, detail) = match format {
        AuditFormat::Json => (Action::ViewAudit, format!("{} lines", entries.len())),
        AuditFormat::Csv => (
            Action::Export,
            format!("audit.csv: {} lines", entries.len()),
        ),
    };
    record_by(
        state,
        session,
        client,
        action,
        filter.reference.as_deref(),
        detail,
    )?;
    Ok(entries
        .into_iter()
        .map(|e| AuditLine {
            id: e.id,
            at: crate::clock::rfc3339(e.at_ms),
            staff_id: e.staff_id,
            action: e.action,
            reference: e.reference,
            client: e.client,
            detail: e.detail,
        })
        .collect())
}

/// `GET /v1/staff/audit?reference=&staff=&since=&limit=`: newest first; supervisors and
/// admins only.
pub async fn audit_log(
    call: StaffCall,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Response, ApiProblem> {
    let Query(params) = params.map_err(|e| ApiProblem::bad_request(e.body_text()))?;
    call.json(move |state, session, client| {
        let items = read_audit(state, session, client, params, AuditFormat::Json)?;
        Ok(AuditPage { items })
    })
    .await
}

/// The CSV of audit lines: BOM, a heading line, one line per entry, CRLF line ends.
fn audit_csv(lines: &[AuditLine]) -> Vec<u8> {
    let mut text = String::from("id,at,staff_id,action,reference,client,detail\r\n");
    for line in lines {
        let cells = [
            line.id.to_string(),
            line.at.clone(),
            line.staff_id.map(|id| id.to_string()).unwrap_or_default(),
            line.action.clone(),
            line.reference.clone().unwrap_or_default(),
            line.client.clone(),
            line.detail.clone(),
        ];
        let cells: Vec<String> = cells.iter().map(|c| super::download::cell(c)).collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let mut bytes = super::download::BOM.to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// `GET /v1/staff/audit.csv?reference=&staff=&since=&limit=`: the same lines as a file to
/// keep or hand over (newest first), recorded as an export.
pub async fn audit_log_csv(
    call: StaffCall,
    params: Result<Query<AuditParams>, QueryRejection>,
) -> Result<Response, ApiProblem> {
    let Query(params) = params.map_err(|e| ApiProblem::bad_request(e.body_text()))?;
    call.run(move |state, session, client| {
        let lines = read_audit(state, session, client, params, AuditFormat::Csv)?;
        let name = format!(
            "audit-{}.csv",
            crate::clock::rfc3339(state.clock().now_ms())
        );
        Ok(super::download::attachment(
            audit_csv(&lines),
            "text/csv; charset=utf-8",
            &name.replace(':', "-"),
        ))
    })
    .await
}
