//! The console's reads of registrations: the list of an account's offices
//! (`GET /v1/staff/registrations`), one registration with its possible duplicates
//! (`…/{reference}`) and its photos (`…/{reference}/photos/{slot}`). A registration of an
//! office the account does not serve, or an unconfirmed one for a reviewer, is answered like
//! one that does not exist (404), so references do not leak. Every read is audited.

use super::audit::{record_by, Action};
use super::call::StaffCall;
use super::{not_found, StaffProblem, StaffSession};
use crate::client_addr::ClientAddr;
use crate::problem::ApiProblem;
use crate::store::staff::{ConsoleQuery, DecisionRow};
use crate::store::RegistrationRecord;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vssid_core::api::{review_overdue, PhotoSlot, RegistrationStatus};

/// Registrations per page of the list.
pub const PAGE_SIZE: u32 = 50;
/// The longest search text, in characters.
const MAX_SEARCH_CHARS: usize = 100;

/// The filters of the list (the console's queue page takes the same).
#[derive(Debug, Default, Deserialize)]
pub struct ListParams {
    pub office: Option<String>,
    pub status: Option<String>,
    pub q: Option<String>,
    pub page: Option<u32>,
}

#[derive(Debug, Serialize)]
pub struct ListItem {
    pub reference: String,
    pub status: RegistrationStatus,
    pub office: String,
    pub full_name: String,
    pub received_at: String,
    pub confirmed_at: Option<String>,
    pub age_days: i64,
    /// Still with the office after the review window (`REVIEW_WINDOW_DAYS`).
    pub overdue: bool,
}

#[derive(Debug, Serialize)]
pub struct ListPage {
    pub items: Vec<ListItem>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    /// The statuses listed (not on the wire: the console shows them).
    #[serde(skip)]
    pub statuses: Vec<RegistrationStatus>,
}

#[derive(Debug, Serialize)]
pub struct Duplicate {
    /// `null` when the registration is of an office the account does not serve.
    pub reference: Option<String>,
    pub status: RegistrationStatus,
    pub office: String,
}

#[derive(Debug, Serialize)]
pub struct RegistrationView {
    pub reference: String,
    pub status: RegistrationStatus,
    pub office: String,
    pub received_at: String,
    pub confirmed_at: Option<String>,
    pub withdrawn_at: Option<String>,
    /// The normalized declaration as stored (`null` once withdrawn).
    pub declaration: Option<serde_json::Value>,
    /// Photo links by slot.
    pub photos: BTreeMap<&'static str, String>,
    pub possible_duplicates: Vec<Duplicate>,
    /// The office's decisions, oldest first.
    pub decisions: Vec<DecisionRow>,
    /// Whole days since confirmation (else reception), as in the list.
    #[serde(skip)]
    pub age_days: i64,
    /// What the applicant corrected after a request for changes, oldest first.
    pub resubmissions: Vec<crate::store::resubmissions::ResubmissionRecord>,
}

/// Whether the account may see a registration of `office` with `status`.
fn may_see(session: &StaffSession, office: &str, status: RegistrationStatus) -> bool {
    session.account.serves(office)
        && (status != RegistrationStatus::Received || session.account.role.supervises())
}

/// The registration with this reference, if the account may see it (else 404).
pub(crate) fn visible(
    state: &AppState,
    session: &StaffSession,
    reference: &str,
) -> Result<RegistrationRecord, ApiProblem> {
    state
        .store()
        .find_by_reference(reference.trim())?
        .filter(|record| may_see(session, &record.office, record.status))
        .ok_or_else(not_found)
}

/// Whole days from `from_ms` to `now_ms`.
pub(crate) fn age_days(from_ms: i64, now_ms: i64) -> i64 {
    (now_ms - from_ms).max(0) / 86_400_000
}

/// `GET /v1/staff/registrations?office=&status=&q=&page=`.
pub async fn list(
    call: StaffCall,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response, ApiProblem> {
    let Query(params) = params.map_err(|e| ApiProblem::bad_request(e.body_text()))?;
    call.json(move |state, session, client| list_page(state, session, client, &params))
        .await
}

/// One page of the list of the account's offices, audited (blocking): the JSON list's and
/// the console queue's.
pub(crate) fn list_page(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    params: &ListParams,
) -> Result<ListPage, ApiProblem> {
    let offices = match params.office.as_deref().map(str::trim) {
        None | Some("") => session.account.offices.clone(),
        Some(office) if session.account.serves(office) => vec![office.to_string()],
        Some(_) => return Err(not_found()),
    };
    // Default: the office's queue, every registration waiting for it (confirmed, being
    // reviewed, sent again after changes); or a comma-separated list of statuses.
    let statuses: Vec<RegistrationStatus> = match params.status.as_deref().map(str::trim) {
        None | Some("") => RegistrationStatus::ALL
            .into_iter()
            .filter(|s| s.with_the_office())
            .collect(),
        Some(text) => text
            .split(',')
            .map(|word| {
                RegistrationStatus::parse(word.trim()).ok_or_else(|| {
                    ApiProblem::bad_request(format!("status: unknown status {}", word.trim()))
                })
            })
            .collect::<Result<_, _>>()?,
    };
    if statuses.contains(&RegistrationStatus::Received) && !session.account.role.supervises() {
        return Err(StaffProblem::Forbidden.into());
    }
    let search = params.q.as_deref().map(str::trim).unwrap_or("");
    if search.chars().count() > MAX_SEARCH_CHARS {
        return Err(ApiProblem::bad_request(format!(
            "q: at most {MAX_SEARCH_CHARS} characters"
        )));
    }
    let page = params.page.unwrap_or(1).clamp(1, 1_000_000);
    let query = ConsoleQuery {
        offices,
        statuses: statuses.clone(),
        search: vssid_core::text::fold(search),
        offset: (page - 1).saturating_mul(PAGE_SIZE),
        limit: PAGE_SIZE,
    };
    let result = state.staff().console_registrations(&query)?;
    let detail = format!(
        "office={} status={} page={page} search={}",
        query.offices.join(","),
        statuses
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(","),
        if query.search.is_empty() { "no" } else { "yes" }
    );
    record_by(
        state,
        session,
        client,
        Action::ListRegistrations,
        None,
        detail,
    )?;
    let now = state.clock().now_ms();
    let items = result
        .rows
        .into_iter()
        .map(|row| {
            let age_days = age_days(row.confirmed_at_ms.unwrap_or(row.received_at_ms), now);
            ListItem {
                age_days,
                overdue: review_overdue(row.status, age_days),
                reference: row.reference,
                status: row.status,
                office: row.office,
                full_name: row.full_name,
                received_at: crate::clock::rfc3339(row.received_at_ms),
                confirmed_at: row.confirmed_at_ms.map(crate::clock::rfc3339),
            }
        })
        .collect();
    Ok(ListPage {
        items,
        page,
        per_page: PAGE_SIZE,
        total: result.total,
        statuses,
    })
}

/// `GET /v1/staff/registrations/{reference}`.
pub async fn view(call: StaffCall, Path(reference): Path<String>) -> Result<Response, ApiProblem> {
    call.json(move |state, session, client| registration_view(state, session, client, &reference))
        .await
}

/// One registration with its photo links, possible duplicates and history, audited as a
/// view (blocking): the JSON page's and the console's.
pub(crate) fn registration_view(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
    reference: &str,
) -> Result<RegistrationView, ApiProblem> {
    let record = visible(state, session, reference)?;
    let declaration: Option<serde_json::Value> = if record.withdrawn_at_ms.is_some() {
        None
    } else {
        Some(serde_json::from_str(&record.declaration_json).map_err(ApiProblem::internal)?)
    };
    let field = |name: &str| {
        declaration
            .as_ref()
            .and_then(|d| d.get(name))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string()
    };
    let possible_duplicates = state
        .staff()
        .possible_duplicates(&record.reference, &field("bhxh_code"), &field("person_id"))?
        .into_iter()
        .filter(|d| d.status != RegistrationStatus::Received || session.account.role.supervises())
        .map(|d| Duplicate {
            reference: session.account.serves(&d.office).then_some(d.reference),
            status: d.status,
            office: d.office,
        })
        .collect();
    let photos = state
        .store()
        .photos(&record.id)?
        .into_iter()
        .map(|photo| {
            let slot = photo.slot.part_name();
            let link = format!("/v1/staff/registrations/{}/photos/{slot}", record.reference);
            (slot, link)
        })
        .collect();
    let decisions = state.staff().decisions(&record.id)?;
    let resubmissions = state.store().resubmissions(&record.id)?;
    record_by(
        state,
        session,
        client,
        Action::ViewRegistration,
        Some(&record.reference),
        "",
    )?;
    let now = state.clock().now_ms();
    Ok(RegistrationView {
        age_days: age_days(record.confirmed_at_ms.unwrap_or(record.received_at_ms), now),
        reference: record.reference,
        status: record.status,
        office: record.office,
        received_at: crate::clock::rfc3339(record.received_at_ms),
        confirmed_at: record.confirmed_at_ms.map(crate::clock::rfc3339),
        withdrawn_at: record.withdrawn_at_ms.map(crate::clock::rfc3339),
        declaration,
        photos,
        possible_duplicates,
        decisions,
        resubmissions,
    })
}

/// `GET /v1/staff/registrations/{reference}/photos/{slot}`: the JPEG, never cached.
pub async fn photo(
    call: StaffCall,
    Path((reference, slot)): Path<(String, String)>,
) -> Result<Response, ApiProblem> {
    call.run(move |state, session, client| {
        let record = visible(state, session, &reference)?;
        let slot = PhotoSlot::from_part_name(&slot).ok_or_else(not_found)?;
        let stored = state
            .store()
            .photos(&record.id)?
            .into_iter()
            .find(|photo| photo.slot == slot)
            .ok_or_else(not_found)?;
        let bytes = state
            .photo_store()
            .read(&stored.sha256)
            .map_err(ApiProblem::internal)?;
        record_by(
            state,
            session,
            client,
            Action::ViewPhoto,
            Some(&record.reference),
            slot.part_name(),
        )?;
        let mut response = super::private_json::no_store(bytes.into_response());
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        Ok(response)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_whole_days_and_never_negative() {
        assert_eq!(age_days(0, 86_400_000 - 1), 0);
        assert_eq!(age_days(0, 3 * 86_400_000 + 5), 3);
        assert_eq!(age_days(10, 0), 0);
    }
}
