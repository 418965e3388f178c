//! The person's rights over their data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Điều 4):
//! the privacy notice (`GET /v1/privacy`), withdrawing consent and deleting the registration
//! (`DELETE /v1/registrations/{id}`, or `vssid-reception erase <reference>` for a request made
//! by another channel; the console for one made in person: `crate::staff::requests`), and a
//! copy of the data (`GET /v1/registrations/{id}/data`). Every erasure is one `withdrawn` line
//! in the audit log, saying through which channel it came.
//!
//! Deleting means no copy is left in the data directory: the row's personal fields are
//! cleared with SQLite's `secure_delete` on and the write-ahead log checkpointed and
//! truncated, the photo files no other registration uses are removed, and so are the e-mails
//! of the registration still in the outbox. A minimal record stays for the audit: reference,
//! office, dates, consent version and time, "withdrawn".

use crate::client_addr::ClientAddr;
use crate::mail::MailMessage;
use crate::problem::{blocking, ApiProblem};
use crate::staff::audit::{client_text, Action};
use crate::staff::StaffSession;
use crate::store::{RegistrationRecord, WithdrawOutcome};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use vssid_core::api::{
    ProblemCode, RegistrationData, RegistrationRequest, StoredPhoto, AUTHORIZATION_HEADER,
};
use vssid_core::privacy_notice::{Operator, PrivacyNotice, Retention};
use vssid_core::Lang;

/// The notice as the service publishes it: the JSON body and its ETag.
#[derive(Debug, Clone)]
pub struct PublishedNotice {
    pub notice: PrivacyNotice,
    pub body: String,
    pub etag: String,
}

impl PublishedNotice {
    /// The notice of `operator` with `retention`.
    pub fn new(operator: &Operator, retention: Retention) -> PublishedNotice {
        let notice = PrivacyNotice::new(operator, retention);
        let body = serde_json::to_string_pretty(&notice).unwrap_or_default();
        let etag = format!(
            "\"{}-{}\"",
            notice.version,
            &crate::photos::sha256_hex(body.as_bytes())[..16]
        );
        PublishedNotice { notice, body, etag }
    }
}

/// `GET /v1/privacy`: the notice, with an ETag; 304 when the client's copy is current.
pub async fn privacy_notice(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let published = state.privacy_notice();
    crate::published::conditional_json(&headers, &published.etag, published.body.clone())
}

/// The applicant's secret from `Authorization: Bearer …`: the idempotency key the
/// registration was sent with.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION_HEADER)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let key = uuid::Uuid::parse_str(token.trim()).ok()?;
    Some(key.hyphenated().to_string())
}

/// Whether `headers` carry this registration's secret (compared by hash, so the time taken
/// does not tell how much of it matched).
fn authorised(headers: &HeaderMap, record: &RegistrationRecord) -> bool {
    bearer(headers).is_some_and(|key| {
        crate::photos::sha256_hex(key.as_bytes())
            == crate::photos::sha256_hex(record.idempotency_key.as_bytes())
    })
}

/// The same answer for an unknown id and a wrong secret: nothing tells which ids exist.
fn not_found() -> ApiProblem {
    ApiProblem::from(vssid_core::api::Problem::new(ProblemCode::NotFound))
}

/// The registration `id` when the request carries its secret; the same `404` otherwise.
pub(crate) fn record_for(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<RegistrationRecord, ApiProblem> {
    let record = state.store().get(id)?.ok_or_else(not_found)?;
    if !authorised(headers, &record) {
        return Err(not_found());
    }
    Ok(record)
}

/// `DELETE /v1/registrations/{id}`: withdraws the consent and deletes the personal data at
/// once (204); the same answer again for a registration already withdrawn.
pub async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    blocking(move || {
        let record = record_for(&state, &id, &headers)?;
        erase_on_request(&state, &record, ErasureChannel::Applicant)?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
    .await
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Erased {
    /// Deleted now; the confirmation e-mail was written (false if it could not be).
    Now { mailed: bool },
    /// It had been deleted before.
    Already,
}

/// Where a request to erase a registration came from: the audit line's author and detail.
#[derive(Debug, Clone)]
pub enum ErasureChannel<'a> {
    /// The applicant, through the app (`DELETE /v1/registrations/{id}`). The line keeps no
    /// address of theirs: it is about a person whose data was just deleted.
    Applicant,
    /// The operator, through `vssid-reception erase` (a request by letter or e-mail).
    OperatorCommand,
    /// A member of the office's staff, for a request made in person (the console).
    Staff {
        session: &'a StaffSession,
        client: ClientAddr,
    },
}

impl ErasureChannel<'_> {
    fn author(&self) -> (Option<i64>, String, &'static str) {
        match self {
            ErasureChannel::Applicant => (None, "applicant".into(), "by the applicant"),
            ErasureChannel::OperatorCommand => (
                None,
                "vssid-reception erase".into(),
                "by the operator's command",
            ),
            ErasureChannel::Staff { session, client } => (
                Some(session.account.id),
                client_text(*client),
                "in person, by the staff",
            ),
        }
    }
}

/// Erases the registration (see [`erase`]) and, when it was deleted now, appends one
/// `withdrawn` line to the audit log saying through which channel.
pub fn erase_on_request(
    state: &AppState,
    record: &RegistrationRecord,
    channel: ErasureChannel<'_>,
) -> Result<Erased, ApiProblem> {
    let erased = erase(state, record)?;
    if let Erased::Now { .. } = erased {
        let (staff_id, client, detail) = channel.author();
        crate::staff::audit::record(
            state,
            staff_id,
            Action::Withdrawn,
            Some(&record.reference),
            &client,
            detail,
        )?;
    }
    Ok(erased)
}

/// Deletes a registration's personal data, photos and e-mails, and writes the confirmation
/// e-mail. Used by the API, the console and `vssid-reception erase`, through
/// [`erase_on_request`].
pub fn erase(state: &AppState, record: &RegistrationRecord) -> Result<Erased, ApiProblem> {
    let now = state.clock().now_ms();
    match state.store().withdraw(&record.id, now)? {
        WithdrawOutcome::NotFound => Err(not_found()),
        WithdrawOutcome::AlreadyWithdrawn(_) => Ok(Erased::Already),
        WithdrawOutcome::Withdrawn {
            record,
            email,
            lang,
            unused_photos,
        } => {
            for hash in &unused_photos {
                if let Err(error) = state.photo_store().remove(hash) {
                    tracing::error!(registration = %record.id, %error, "cannot delete a photo");
                }
            }
            let removed = state
                .outbox()
                .remove_matching(&format!("{}-", record.reference))
                .unwrap_or_else(|error| {
                    tracing::error!(registration = %record.id, %error, "cannot clear the outbox");
                    0
                });
            let mailed = !email.is_empty()
                && state
                    .outbox()
                    .deliver(
                        &format!("{}-withdrawn", record.reference),
                        &withdrawal_message(state, &record, &email, lang, now),
                    )
                    .map_err(|error| {
                        tracing::error!(registration = %record.id, %error, "cannot write the confirmation");
                    })
                    .is_ok();
            tracing::info!(
                registration = %record.id,
                reference = %record.reference,
                photos_deleted = unused_photos.len(),
                mails_deleted = removed,
                "registration withdrawn and its personal data deleted"
            );
            Ok(Erased::Now { mailed })
        }
    }
}

/// The confirmation that the registration was deleted: only the reference and the dates
/// (nothing else of the person is kept to be written in it).
fn withdrawal_message(
    state: &AppState,
    record: &RegistrationRecord,
    email: &str,
    lang: Lang,
    now_ms: i64,
) -> MailMessage {
    let when = crate::clock::rfc3339(now_ms);
    let (subject, body) = match lang {
        Lang::Vi => (
            format!("Đã xóa hồ sơ đăng ký {}", record.reference),
            format!(
                "Bạn đã rút lại sự đồng ý cho hồ sơ đăng ký tài khoản VssID {} lúc {} (UTC).\n\nToàn bộ dữ liệu cá nhân và ảnh của hồ sơ đã bị xóa khỏi dịch vụ tiếp nhận. Chỉ còn lưu mã hồ sơ, cơ quan BHXH, các mốc thời gian và trạng thái \"đã rút lại\" để chứng minh việc xóa.\n\nNếu bạn không yêu cầu việc này, vui lòng liên hệ {}.\nHỗ trợ về tài khoản VssID: 1900 9068.\n",
                record.reference,
                when,
                contact(state)
            ),
        ),
        Lang::En => (
            format!("Registration {} deleted", record.reference),
            format!(
                "You withdrew your consent for the VssID registration {} at {} (UTC).\n\nAll its personal data and photos were deleted from the reception service. Only the reference, the BHXH office, the dates and the state \"withdrawn\" are kept, to show that it was deleted.\n\nIf you did not ask for this, please contact {}.\nHelp with a VssID account: 1900 9068.\n",
                record.reference,
                when,
                contact(state)
            ),
        ),
    };
    MailMessage {
        from: state.config().mail_from.clone(),
        to: email.to_string(),
        subject,
        body,
        lang,
        date_ms: now_ms,
        message_id: format!("{}-withdrawn", record.reference),
        reply_to: None,
        attachments: Vec::new(),
    }
}

fn contact(state: &AppState) -> String {
    let operator = &state.privacy_notice().notice.operator;
    if operator.email.trim().is_empty() {
        state.config().mail_from.clone()
    } else {
        operator.email.trim().to_string()
    }
}

/// `GET /v1/registrations/{id}/data`: everything held about the registration, photos
/// included (the right of access).
pub async fn registration_data(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    blocking(move || {
        let record = record_for(&state, &id, &headers)?;
        let data = data_of(&state, &record)?;
        let mut response = axum::Json(&data).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok(response)
    })
    .await
}

/// The copy of a registration's data.
pub fn data_of(
    state: &AppState,
    record: &RegistrationRecord,
) -> Result<RegistrationData, ApiProblem> {
    let declaration: RegistrationRequest = if record.declaration_json.trim() == "{}" {
        RegistrationRequest::default()
    } else {
        serde_json::from_str(&record.declaration_json).map_err(ApiProblem::internal)?
    };
    let mut photos = Vec::new();
    for photo in state.store().photos(&record.id)? {
        let bytes = state
            .photo_store()
            .read(&photo.sha256)
            .map_err(ApiProblem::internal)?;
        photos.push(StoredPhoto {
            slot: photo.slot,
            sha256: photo.sha256,
            bytes: photo.bytes,
            width: photo.width,
            height: photo.height,
            jpeg_base64: BASE64.encode(bytes),
        });
    }
    Ok(RegistrationData {
        id: record.id.clone(),
        reference: record.reference.clone(),
        status: record.status,
        office: record.office.clone(),
        received_at: crate::clock::rfc3339(record.received_at_ms),
        confirmed_at: record.confirmed_at_ms.map(crate::clock::rfc3339),
        declaration,
        photos,
    })
}

/// Why `vssid-reception erase` could not erase.
#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error("no registration has the reference {0}")]
    Unknown(String),
    #[error("{0}")]
    Failed(String),
}

/// Erases the registration with this reference (a request made by e-mail, letter or at the
/// counter): the same deletion as `DELETE /v1/registrations/{id}`.
pub fn erase_by_reference(state: &AppState, reference: &str) -> Result<Erased, EraseError> {
    let reference = reference.trim();
    let record = state
        .store()
        .find_by_reference(reference)
        .map_err(|e| EraseError::Failed(e.to_string()))?
        .ok_or_else(|| EraseError::Unknown(reference.to_string()))?;
    erase_on_request(state, &record, ErasureChannel::OperatorCommand)
        .map_err(|problem| EraseError::Failed(problem.0.code.clone()))
}
