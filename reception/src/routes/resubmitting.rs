//! Fixing what the office asked: `GET /v1/registrations/{id}/declaration` (what was declared
//! and what may be corrected now) and `POST /v1/registrations/{id}/resubmission` (only the
//! changed parts: photo parts by slot name, a `declaration` part with only the changed fields).
//! Both need the applicant's secret (`Authorization: Bearer`, as for the data and the
//! withdrawal). A resubmission is taken only in `changes_requested` (`409` otherwise), only for
//! what the office named (`422` for the rest, by the core's `apply_corrections`, the same check
//! the app runs), once per idempotency key; the registration goes back to the queue as
//! `resubmitted`, the replaced photos kept for the office until its next decision.

use super::handlers::{idempotency_key, last_decision, read_parts, state_with_decision};
use super::registering::{disk_full, remove_unused_photos, ReadParts};
use crate::photos::{check_photo, sha256_hex};
use crate::problem::{blocking, ApiProblem};
use crate::store::resubmissions::{NewResubmission, ResubmitOutcome};
use crate::store::{PhotoRecord, RegistrationRecord};
use crate::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sha2::{Digest, Sha256};
use vssid_core::api::{
    apply_corrections, Decision, DecisionSummary, DeclarationChanges, DeclaredRegistration,
    PhotoSlot, Problem, ProblemCode, RegistrationRequest, RegistrationState, RegistrationStatus,
    IDEMPOTENT_REPLAYED_HEADER,
};
use vssid_core::fields::{FieldError, FieldErrors, FieldId};

/// What the office asks to be corrected now: the fields of its last decision while the
/// registration is in `changes_requested`.
fn fields_to_fix(record: &RegistrationRecord, decision: Option<&DecisionSummary>) -> Vec<FieldId> {
    match decision {
        Some(d)
            if record.status == RegistrationStatus::ChangesRequested
                && d.decision == Decision::RequestChanges =>
        {
            d.fields.clone()
        }
        _ => Vec::new(),
    }
}

/// The applicant's registration (secret checked); a withdrawn one holds nothing (`404`).
fn applicants(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<RegistrationRecord, ApiProblem> {
    let record = crate::rights::record_for(state, id, headers)?;
    if record.withdrawn_at_ms.is_some() {
        return Err(ApiProblem::new(ProblemCode::NotFound));
    }
    Ok(record)
}

fn stored_request(record: &RegistrationRecord) -> Result<RegistrationRequest, ApiProblem> {
    serde_json::from_str(&record.declaration_json).map_err(ApiProblem::internal)
}

/// `GET /v1/registrations/{id}/declaration`.
pub(super) async fn declaration(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    blocking(move || {
        let record = applicants(&state, &id, &headers)?;
        let decision = last_decision(&state, &record.id)?;
        let photos = state
            .store()
            .photos(&record.id)?
            .into_iter()
            .map(|p| p.slot)
            .collect();
        let answer = DeclaredRegistration {
            id: record.id.clone(),
            reference: record.reference.clone(),
            status: record.status,
            office: record.office.clone(),
            declaration: stored_request(&record)?.form,
            photos,
            fields_to_fix: fields_to_fix(&record, decision.as_ref()),
            decision,
        };
        // Personal data: never kept by a cache on the way.
        let mut response = Json(&answer).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        Ok(response)
    })
    .await
}

/// `POST /v1/registrations/{id}/resubmission`.
pub(super) async fn resubmission(
    State(state): State<AppState>,
    Path(id): Path<String>,
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
    let (answer, replayed) = blocking(move || resubmit(&state, &id, &key, &headers, parts)).await?;
    let mut response = Json(&answer).into_response();
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED_HEADER, HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// Checks and stores a resubmission (blocking: hashing, files, database).
fn resubmit(
    state: &AppState,
    id: &str,
    key: &str,
    headers: &HeaderMap,
    parts: ReadParts,
) -> Result<(RegistrationState, bool), ApiProblem> {
    let record = applicants(state, id, headers)?;
    let changes: DeclarationChanges = match &parts.declaration {
        None => DeclarationChanges::new(),
        Some(bytes) => serde_json::from_slice(bytes).map_err(|error| {
            ApiProblem::bad_request(format!(
                "the declaration part is not an object of field codes and texts (line {}, column {})",
                error.line(),
                error.column()
            ))
        })?,
    };
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_vec(&changes).unwrap_or_default());
    for (slot, part) in PhotoSlot::ALL.iter().zip(&parts.photos) {
        let hash = match part {
            Some(Ok(bytes)) => sha256_hex(bytes),
            Some(Err(_)) => "too-large".into(),
            None => "-".into(),
        };
        hasher.update(format!("\n{}:{hash}", slot.part_name()));
    }
    let body_hash = crate::photos::hex(&hasher.finalize());

    // A key already used: the same answer for the same corrections, a refusal otherwise.
    let store = state.store();
    if let Some(existing) = store.find_resubmission(key)? {
        if existing.registration_id == record.id && existing.body_hash == body_hash {
            return Ok((state_with_decision(state, &record)?, true));
        }
        return Err(ApiProblem::new(ProblemCode::IdempotencyKeyReused));
    }
    if record.status != RegistrationStatus::ChangesRequested {
        return Err(ApiProblem::new(ProblemCode::NoChangesRequested));
    }
    let decision = last_decision(state, &record.id)?;
    let asked = fields_to_fix(&record, decision.as_ref());

    // Photos by the registration's rules; the corrections by the core's one check.
    let mut errors = FieldErrors::new();
    let mut sent_photos = Vec::new();
    let mut photos = Vec::new();
    let max_photo_bytes = state.config().limits.max_photo_bytes;
    for (slot, part) in PhotoSlot::ALL.iter().zip(&parts.photos) {
        let Some(part) = part else { continue };
        sent_photos.push(slot.field());
        let checked = match part {
            Err(error) => Err(error.clone()),
            Ok(bytes) => check_photo(bytes, max_photo_bytes).map(|info| (bytes, info)),
        };
        match checked {
            Ok((bytes, info)) => photos.push((*slot, bytes.clone(), info)),
            Err(error) => {
                errors.insert(slot.field(), FieldError::from_localized(&error));
            }
        }
    }
    let mut request = stored_request(&record)?;
    match apply_corrections(
        &request.form,
        &changes,
        &sent_photos,
        &asked,
        state.units().as_ref(),
    ) {
        Ok(valid) => {
            let before = request.form.clone();
            request.form = valid.to_form();
            if errors.is_empty() {
                return store_resubmission(
                    state, &record, key, body_hash, &before, request, &changes, photos,
                );
            }
        }
        Err(rule_errors) => {
            for (field, error) in rule_errors {
                errors.entry(field).or_insert(error);
            }
        }
    }
    Err(ApiProblem::from(Problem::invalid_fields(errors)))
}

/// Writes the new photos, then the resubmission with the status move.
#[allow(clippy::too_many_arguments)]
fn store_resubmission(
    state: &AppState,
    record: &RegistrationRecord,
    key: &str,
    body_hash: String,
    before: &vssid_core::declaration::DeclarationForm,
    request: RegistrationRequest,
    changes: &DeclarationChanges,
    photos: Vec<(PhotoSlot, bytes::Bytes, crate::photos::JpegInfo)>,
) -> Result<(RegistrationState, bool), ApiProblem> {
    let records: Vec<PhotoRecord> = photos
        .iter()
        .map(|(slot, bytes, info)| PhotoRecord {
            slot: *slot,
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
            width: info.width,
            height: info.height,
        })
        .collect();
    let to_store: Vec<(&str, &[u8])> = records
        .iter()
        .zip(&photos)
        .map(|(record, (_, bytes, _))| (record.sha256.as_str(), bytes.as_ref()))
        .collect();
    state
        .photo_store()
        .put_all(&to_store)
        .map_err(ApiProblem::internal)?;
    let changed: serde_json::Map<String, serde_json::Value> = changes
        .keys()
        .map(|field| {
            let value = serde_json::json!({
                "before": before.get(*field).unwrap_or_default(),
                "after": request.form.get(*field).unwrap_or_default(),
            });
            (field.as_str().to_string(), value)
        })
        .collect();
    let new = NewResubmission {
        registration_id: record.id.clone(),
        idempotency_key: key.to_string(),
        body_hash: body_hash.clone(),
        at_ms: state.clock().now_ms(),
        declaration_json: String::from_utf8_lossy(&request.canonical_json()).into_owned(),
        changes_json: serde_json::Value::Object(changed).to_string(),
        photos: records,
    };
    let outcome = state.store().resubmit(&new);
    let stored = match outcome {
        Ok(ResubmitOutcome::Stored(stored)) => stored,
        other => {
            remove_unused_photos(state, &new.photos);
            return match other? {
                ResubmitOutcome::Existing(existing)
                    if existing.registration_id == record.id && existing.body_hash == body_hash =>
                {
                    Ok((state_with_decision(state, record)?, true))
                }
                ResubmitOutcome::Existing(_) => {
                    Err(ApiProblem::new(ProblemCode::IdempotencyKeyReused))
                }
                ResubmitOutcome::Refused(_) => {
                    Err(ApiProblem::new(ProblemCode::NoChangesRequested))
                }
                ResubmitOutcome::NotFound | ResubmitOutcome::Stored(_) => {
                    Err(ApiProblem::new(ProblemCode::NotFound))
                }
            };
        }
    };
    tracing::info!(reference = %stored.reference, "corrections received");
    Ok((state_with_decision(state, &stored)?, false))
}
