//! The handlers of `/v1`: the office list, a registration received (its multipart body read,
//! replayed for a repeated key), its state (with the office's last decision), and the e-mail code checked and sent again.

use crate::client_addr::ClientAddr;
use crate::photos::PhotoError;
use crate::problem::blocking;
use crate::problem::ApiProblem;
use crate::store::{OtpOutcome, OtpPolicy, RegistrationRecord, ResendOutcome};
use crate::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use vssid_core::api::{
    OtpResent, OtpSubmission, PhotoSlot, Problem, ProblemCode, RegistrationState, DECLARATION_PART,
    IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, MAX_DECLARATION_BYTES,
};

use super::registering::*;

/// `GET /v1/offices`: the directory, with an ETag; 304 when the client's copy is current.
pub(super) async fn list_offices(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let published = state.published_offices();
    crate::published::conditional_json(&headers, &published.etag, published.body.clone())
}

/// Reads every part, keeping at most `max_photo_bytes` of each photo (a larger one is
/// drained and remembered as too large, so the client still gets a field error).
pub(super) async fn read_parts(
    mut multipart: Multipart,
    max_photo_bytes: usize,
) -> Result<ReadParts, ApiProblem> {
    let mut parts = ReadParts::default();
    let multipart_error = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiProblem::new(ProblemCode::PayloadTooLarge)
        } else {
            ApiProblem::bad_request(format!("malformed multipart body: {}", error.body_text()))
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let (limit, slot) = if name == DECLARATION_PART {
            (MAX_DECLARATION_BYTES, None)
        } else if let Some(slot) = PhotoSlot::from_part_name(&name) {
            (max_photo_bytes, Some(slot))
        } else {
            // Unknown parts are read and ignored.
            while field.chunk().await.map_err(multipart_error)?.is_some() {}
            continue;
        };
        let mut content = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            if too_large || content.len() + chunk.len() > limit {
                too_large = true;
                content = Vec::new();
                continue;
            }
            content.extend_from_slice(&chunk);
        }
        let duplicate = || ApiProblem::bad_request(format!("the part {name} appears twice"));
        match slot {
            None => {
                if too_large {
                    return Err(ApiProblem::new(ProblemCode::PayloadTooLarge)
                        .with_detail_owned("the declaration part is too large"));
                }
                if parts.declaration.replace(content.into()).is_some() {
                    return Err(duplicate());
                }
            }
            Some(slot) => {
                let part = if too_large {
                    Err(PhotoError::TooLarge {
                        max_bytes: max_photo_bytes,
                    })
                } else {
                    Ok(Bytes::from(content))
                };
                let index = PhotoSlot::ALL.iter().position(|s| *s == slot).unwrap_or(0);
                if parts.photos[index].replace(part).is_some() {
                    return Err(duplicate());
                }
            }
        }
    }
    Ok(parts)
}

/// The idempotency key: a UUID, normalised to lowercase hyphenated form.
pub(super) fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiProblem> {
    let key = headers
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| uuid::Uuid::parse_str(v.trim()).ok())
        .ok_or_else(|| ApiProblem::new(ProblemCode::IdempotencyKeyInvalid))?;
    Ok(key.hyphenated().to_string())
}

/// `POST /v1/registrations`.
pub(super) async fn create_registration(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiProblem> {
    let key = idempotency_key(&headers)?;
    if !state.disk_has_room() {
        return Err(disk_full());
    }
    let multipart = multipart.map_err(|rejection| {
        ApiProblem::bad_request(format!(
            "expected multipart/form-data: {}",
            rejection.body_text()
        ))
    })?;
    let parts = read_parts(multipart, state.config().limits.max_photo_bytes).await?;
    let (receipt, replayed) = blocking(move || register(&state, &key, parts, client)).await?;
    let location = format!("/v1/registrations/{}", receipt.id);
    let mut response = (StatusCode::CREATED, Json(&receipt)).into_response();
    let response_headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&location) {
        response_headers.insert(header::LOCATION, location);
    }
    if replayed {
        response_headers.insert(IDEMPOTENT_REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    Ok(response)
}

pub(super) fn state_of(record: &RegistrationRecord) -> RegistrationState {
    RegistrationState {
        id: record.id.clone(),
        reference: record.reference.clone(),
        status: record.status,
        received_at: crate::clock::rfc3339(record.received_at_ms),
        confirmed_at: record.confirmed_at_ms.map(crate::clock::rfc3339),
        office: record.office.clone(),
        decision: None,
    }
}

/// `GET /v1/registrations/{id}`.
pub(super) async fn registration_state(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<RegistrationState>, ApiProblem> {
    blocking(move || {
        let record = state
            .store()
            .get(&id)?
            .ok_or_else(|| ApiProblem::new(ProblemCode::NotFound))?;
        Ok(Json(state_with_decision(&state, &record)?))
    })
    .await
}

pub(super) fn otp_policy(state: &AppState) -> OtpPolicy {
    let rules = &state.config().otp;
    OtpPolicy {
        max_tries: rules.max_tries,
        resend_interval_ms: rules.resend_interval_seconds as i64 * 1000,
        max_resends: rules.max_resends,
        max_wrong_total: rules.max_wrong_codes_total,
        mail_cap: mail_cap(state),
    }
}

/// `POST /v1/registrations/{id}/otp`.
pub(super) async fn confirm_otp(
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Json<OtpSubmission>, JsonRejection>,
) -> Result<Json<RegistrationState>, ApiProblem> {
    let Json(submission) = body.map_err(|rejection| {
        ApiProblem::bad_request(format!(
            "expected {{\"code\": \"123456\"}}: {}",
            rejection.body_text()
        ))
    })?;
    let outcome = blocking(move || {
        let now = state.clock().now_ms();
        let hash = otp_hash(&id, submission.code.trim());
        let outcome = state
            .store()
            .verify_otp(&id, &hash, now, otp_policy(&state))?;
        if let OtpOutcome::Confirmed(record) = &outcome {
            tracing::info!(reference = %record.reference, "registration confirmed");
            send_declaration_mail(&state, record);
        }
        Ok(outcome)
    })
    .await?;
    match outcome {
        OtpOutcome::Confirmed(record) => Ok(Json(state_of(&record))),
        OtpOutcome::Wrong { tries_left } => {
            let mut problem = Problem::new(ProblemCode::OtpWrong);
            problem.tries_left = Some(tries_left);
            Err(ApiProblem::from(problem))
        }
        OtpOutcome::Expired => Err(ApiProblem::new(ProblemCode::OtpExpired)),
        OtpOutcome::TooManyTries => Err(ApiProblem::new(ProblemCode::OtpTooManyTries)),
        OtpOutcome::TooManyWrongCodes => Err(ApiProblem::new(ProblemCode::TooManyWrongCodes)),
        OtpOutcome::AlreadyConfirmed => Err(ApiProblem::new(ProblemCode::AlreadyConfirmed)),
        OtpOutcome::NotFound => Err(ApiProblem::new(ProblemCode::NotFound)),
    }
}

/// `POST /v1/registrations/{id}/otp/resend`.
pub(super) async fn resend_otp(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<OtpResent>, ApiProblem> {
    if !state.disk_has_room() {
        return Err(disk_full());
    }
    blocking(move || {
        let now = state.clock().now_ms();
        let policy = otp_policy(&state);
        let otp = new_otp().map_err(ApiProblem::internal)?;
        let expires = now + state.config().otp.ttl_seconds as i64 * 1000;
        match state
            .store()
            .replace_otp(&id, &otp_hash(&id, &otp), now, expires, policy)?
        {
            ResendOutcome::Replaced {
                record,
                resends_left,
            } => {
                let sequence = policy.max_resends - resends_left;
                if send_code_mail(&state, &record, &otp, sequence) {
                    // Whichever e-mail reached the person first, they have a code now.
                    mark_first_mail_written(&state, &record);
                }
                tracing::info!(reference = %record.reference, "confirmation code sent again");
                Ok(Json(OtpResent {
                    expires_at: crate::clock::rfc3339(expires),
                    resend_after_seconds: state.config().otp.resend_interval_seconds,
                    resends_left,
                }))
            }
            ResendOutcome::TooSoon { retry_after_ms } => {
                Err(ApiProblem::new(ProblemCode::ResendTooSoon).retry_after_ms(retry_after_ms))
            }
            ResendOutcome::LimitReached => Err(ApiProblem::new(ProblemCode::ResendLimit)),
            ResendOutcome::RecipientCapReached => Err(recipient_cap_reached()),
            ResendOutcome::TooManyWrongCodes => {
                Err(ApiProblem::new(ProblemCode::TooManyWrongCodes))
            }
            ResendOutcome::AlreadyConfirmed => Err(ApiProblem::new(ProblemCode::AlreadyConfirmed)),
            ResendOutcome::NotFound => Err(ApiProblem::new(ProblemCode::NotFound)),
        }
    })
    .await
}

/// The office's last decision on `id`, as the applicant sees it.
pub(super) fn last_decision(
    state: &AppState,
    id: &str,
) -> Result<Option<vssid_core::api::DecisionSummary>, ApiProblem> {
    Ok(state
        .staff()
        .decisions(id)?
        .pop()
        .map(|row| vssid_core::api::DecisionSummary {
            decision: row.decision,
            reason: row.reason,
            note: row.note,
            fields: row.fields,
            decided_at: crate::clock::rfc3339(row.at_ms),
        }))
}

/// The state of a registration with its last decision, without the office's free-text note:
/// this answer needs only the id (the secret in the path, which travels in more places than a
/// header), and the note may name the person or what is on their photos. The note is in the
/// declaration (`GET …/declaration`, behind `Authorization: Bearer`) and in the notice e-mail.
pub(super) fn state_with_decision(
    state: &AppState,
    record: &RegistrationRecord,
) -> Result<RegistrationState, ApiProblem> {
    let mut answer = state_of(record);
    answer.decision = last_decision(state, &record.id)?.map(|mut decision| {
        decision.note.clear();
        decision
    });
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_must_be_uuids() {
        let mut headers = HeaderMap::new();
        assert!(idempotency_key(&headers).is_err());
        headers.insert(
            IDEMPOTENCY_KEY_HEADER,
            HeaderValue::from_static("not-a-uuid"),
        );
        assert!(idempotency_key(&headers).is_err());
        headers.insert(
            IDEMPOTENCY_KEY_HEADER,
            HeaderValue::from_static("0B9A4F8E-6D1C-4B8E-9F3A-2C5D7E8F9A0B"),
        );
        assert_eq!(
            idempotency_key(&headers).unwrap(),
            "0b9a4f8e-6d1c-4b8e-9f3a-2c5d7e8f9a0b"
        );
    }
}
