//! The registration service behind the handlers: validate with the core, store with the
//! photos, write the e-mails (the code, the declaration), and the codes and references.

use crate::client_addr::ClientAddr;
use crate::mail::{code_message, declaration_message, CodeMail, DeclarationMail};
use crate::photos::{check_photo, sha256_hex, PhotoError};
use crate::problem::ApiProblem;
use crate::store::{InsertOutcome, MailCap, NewRegistration, PhotoRecord, RegistrationRecord};
use crate::AppState;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use vssid_core::api::{
    PhotoSlot, Problem, ProblemCode, RegistrationReceipt, RegistrationRequest, OTP_LENGTH,
};
use vssid_core::fields::{FieldError, FieldErrors};

/// A photo part as read: its bytes, or the fact that it was over the limit.
pub(super) type PhotoPart = Result<Bytes, PhotoError>;

/// The parts of a registration as read from the multipart body.
#[derive(Default)]
pub(super) struct ReadParts {
    pub(super) declaration: Option<Bytes>,
    pub(super) photos: [Option<PhotoPart>; 3],
}

/// The answer when the data directory's disk is nearly full: nothing is written.
pub(super) fn disk_full() -> ApiProblem {
    tracing::warn!("free disk space is below limits.min_free_disk_bytes; writes are refused");
    ApiProblem::new(ProblemCode::Unavailable).retry_after_ms(60_000)
}

pub(super) fn receipt_of(record: &RegistrationRecord) -> RegistrationReceipt {
    RegistrationReceipt {
        id: record.id.clone(),
        reference: record.reference.clone(),
        status: record.status,
        received_at: crate::clock::rfc3339(record.received_at_ms),
    }
}

/// The answer to a key that is already stored: the same registration for the same body,
/// a conflict for another body. A registration stored just before the service died may still
/// wait for its first e-mail: the replay writes it (with a fresh code) before answering.
pub(super) fn replay(
    state: &AppState,
    record: &RegistrationRecord,
    body_hash: &str,
) -> Result<(RegistrationReceipt, bool), ApiProblem> {
    if record.withdrawn_at_ms.is_some() {
        return Err(ApiProblem::new(ProblemCode::NotFound)
            .with_detail_owned("this registration was withdrawn and its data deleted"));
    }
    if record.body_hash == body_hash {
        tracing::info!(reference = %record.reference, "registration replayed");
        write_missing_first_mail(state, &record.id)?;
        Ok((receipt_of(record), true))
    } else {
        tracing::info!(reference = %record.reference, "idempotency key reused with another body");
        Err(ApiProblem::new(ProblemCode::IdempotencyKeyReused))
    }
}

/// The cap on e-mails to one address, from the configuration.
pub(super) fn mail_cap(state: &AppState) -> MailCap {
    MailCap {
        max: state.config().limits.mails_per_recipient_per_day,
        window_ms: crate::retention::MAIL_WINDOW_MS,
    }
}

/// The refusal when an address had its e-mails for the day.
pub(super) fn recipient_cap_reached() -> ApiProblem {
    ApiProblem::new(ProblemCode::RecipientMailLimit)
}

/// Validates, stores and acknowledges a registration (blocking: hashing, files, database).
pub(super) fn register(
    state: &AppState,
    key: &str,
    parts: ReadParts,
    client: ClientAddr,
) -> Result<(RegistrationReceipt, bool), ApiProblem> {
    let declaration = parts
        .declaration
        .ok_or_else(|| ApiProblem::bad_request("the declaration part is missing"))?;
    let request: RegistrationRequest = serde_json::from_slice(&declaration).map_err(|error| {
        ApiProblem::bad_request(format!(
            "the declaration part is not valid JSON of the documented shape (line {}, column {})",
            error.line(),
            error.column()
        ))
    })?;
    let canonical = request.canonical_json();

    // The hash of the canonical request identifies "the same registration" for the key.
    let photo_hashes: Vec<Option<String>> = parts
        .photos
        .iter()
        .map(|part| match part {
            Some(Ok(bytes)) => Some(sha256_hex(bytes)),
            _ => None,
        })
        .collect();
    let mut hasher = Sha256::new();
    hasher.update(&canonical);
    for (slot, hash) in PhotoSlot::ALL.iter().zip(&photo_hashes) {
        hasher.update(format!(
            "\n{}:{}",
            slot.part_name(),
            hash.as_deref().unwrap_or("-")
        ));
    }
    let body_hash = crate::photos::hex(&hasher.finalize());

    let store = state.store();
    if let Some(existing) = store.find_by_key(key)? {
        return replay(state, &existing, &body_hash);
    }

    // The same rules as the app, in the one core function, against the office list the
    // service publishes (an unknown office, or one closed in the 2025 reorganisation, is
    // refused there); what is stored and mailed is the normalized values it returns, never
    // the raw text.
    let validated = request.validate(state.units().as_ref(), state.offices().list());
    let mut errors = match &validated {
        Ok(_) => FieldErrors::new(),
        Err(errors) => errors.clone(),
    };
    let max_photo_bytes = state.config().limits.max_photo_bytes;
    let mut photos = Vec::with_capacity(3);
    for (index, slot) in PhotoSlot::ALL.iter().enumerate() {
        let checked = match &parts.photos[index] {
            None => Err(PhotoError::Missing),
            Some(Err(error)) => Err(error.clone()),
            Some(Ok(bytes)) => check_photo(bytes, max_photo_bytes).map(|info| (bytes, info)),
        };
        match checked {
            Ok((bytes, info)) => photos.push((*slot, bytes, info)),
            Err(error) => {
                errors.insert(slot.field(), FieldError::from_localized(&error));
            }
        }
    }
    let valid = match validated {
        Ok(valid) if errors.is_empty() => valid,
        _ => return Err(ApiProblem::from(Problem::invalid_fields(errors))),
    };
    let normalized = valid.normalized_request();

    // Before anything is written: the address's e-mails today, and this client's
    // registrations this hour.
    let now = state.clock().now_ms();
    let cap = mail_cap(state);
    if cap.max > 0 && store.mails_sent_since(&normalized.email, now - cap.window_ms)? >= cap.max {
        return Err(recipient_cap_reached());
    }
    if let Err(wait_ms) = state
        .registration_quota()
        .take(client.bucket(), state.uptime_ms())
    {
        return Err(ApiProblem::new(ProblemCode::RateLimited).retry_after_ms(wait_ms));
    }

    // Photos first (content-addressed, so a repeated request leaves nothing wrong), then the
    // record, then the e-mail. Photos written for a request that then fails are deleted.
    let photo_records: Vec<PhotoRecord> = photos
        .iter()
        .zip(photo_hashes.iter().flatten())
        .map(|((slot, bytes, info), hash)| PhotoRecord {
            slot: *slot,
            sha256: hash.clone(),
            bytes: bytes.len() as u64,
            width: info.width,
            height: info.height,
        })
        .collect();
    let to_store: Vec<(&str, &[u8])> = photo_records
        .iter()
        .zip(&photos)
        .map(|(record, (_, bytes, _))| (record.sha256.as_str(), bytes.as_ref()))
        .collect();
    state
        .photo_store()
        .put_all(&to_store)
        .map_err(ApiProblem::internal)?;

    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    let otp = new_otp().map_err(ApiProblem::internal)?;
    let otp_rules = &state.config().otp;
    let mut registration = NewRegistration {
        id: id.clone(),
        reference: String::new(),
        idempotency_key: key.to_string(),
        body_hash: body_hash.clone(),
        office: normalized.office.clone(),
        email: normalized.email.clone(),
        lang: normalized.lang,
        declaration_json: String::from_utf8_lossy(&normalized.canonical_json()).into_owned(),
        received_at_ms: now,
        otp_hash: otp_hash(&id, &otp),
        otp_expires_at_ms: now + otp_rules.ttl_seconds as i64 * 1000,
        photos: photo_records,
        mail_cap: cap,
        consent_notice_version: request
            .consent
            .as_ref()
            .map(|c| c.notice_version.clone())
            .unwrap_or_default(),
        consent_accepted_at: request
            .consent
            .as_ref()
            .map(|c| c.accepted_at.clone())
            .unwrap_or_default(),
    };
    let outcome = insert_registration(state, &mut registration, now);
    let record = match outcome {
        Ok(InsertOutcome::Created(created)) => created,
        Ok(InsertOutcome::Existing(existing)) => return replay(state, &existing, &body_hash),
        Ok(InsertOutcome::RecipientCapReached) => {
            remove_unused_photos(state, &registration.photos);
            return Err(recipient_cap_reached());
        }
        Ok(InsertOutcome::ReferenceTaken) => {
            remove_unused_photos(state, &registration.photos);
            return Err(ApiProblem::internal("no free reference"));
        }
        Err(problem) => {
            remove_unused_photos(state, &registration.photos);
            return Err(problem);
        }
    };
    tracing::info!(reference = %record.reference, "registration received");
    // The registration is durable; the e-mail with its code is written before the answer, so
    // an acknowledged registration always has it (if the service dies in between, the client's
    // retry or the next start writes it: `write_missing_first_mail`).
    write_first_mail(state, &record, &otp);
    Ok((receipt_of(&record), false))
}

/// Inserts with a fresh reference, drawing again while the reference is taken.
pub(super) fn insert_registration(
    state: &AppState,
    registration: &mut NewRegistration,
    now: i64,
) -> Result<InsertOutcome, ApiProblem> {
    let mut outcome = InsertOutcome::ReferenceTaken;
    for _ in 0..8 {
        registration.reference = new_reference(now).map_err(ApiProblem::internal)?;
        outcome = state.store().insert(registration)?;
        if outcome != InsertOutcome::ReferenceTaken {
            break;
        }
    }
    Ok(outcome)
}

/// Deletes the photo files of a request that failed after writing them, unless a stored
/// registration uses the same photo. Failures are logged: the sweeper deletes what is left.
pub(super) fn remove_unused_photos(state: &AppState, photos: &[PhotoRecord]) {
    for photo in photos {
        match state.store().photo_referenced(&photo.sha256) {
            Ok(false) => {
                if let Err(error) = state.photo_store().remove(&photo.sha256) {
                    tracing::warn!(%error, "cannot delete the photo of a failed request");
                }
            }
            Ok(true) => {}
            Err(error) => tracing::warn!(%error, "cannot tell whether a photo is in use"),
        }
    }
}

/// Writes the first e-mail (sequence 0) and records that it was written.
pub(super) fn write_first_mail(state: &AppState, record: &RegistrationRecord, otp: &str) {
    if send_code_mail(state, record, otp, 0) {
        mark_first_mail_written(state, record);
    }
}

pub(super) fn mark_first_mail_written(state: &AppState, record: &RegistrationRecord) {
    if let Err(error) = state
        .store()
        .first_mail_written(&record.id, state.clock().now_ms())
    {
        tracing::error!(reference = %record.reference, %error, "cannot record that the e-mail was written");
    }
}

/// For a registration stored without its first e-mail (the service died in between): a fresh
/// code (the first one was never sent) and the e-mail with it. Nothing when it was written.
pub(super) fn write_missing_first_mail(state: &AppState, id: &str) -> Result<(), ApiProblem> {
    let now = state.clock().now_ms();
    let otp = new_otp().map_err(ApiProblem::internal)?;
    let expires = now + state.config().otp.ttl_seconds as i64 * 1000;
    if let Some(record) =
        state
            .store()
            .reissue_unsent_first_code(id, &otp_hash(id, &otp), now, expires)?
    {
        tracing::info!(reference = %record.reference, "first e-mail written late");
        write_first_mail(state, &record, &otp);
    }
    Ok(())
}

/// Writes the first e-mail of every registration that was stored without it (run at start,
/// before serving: a client that gave up after the service died still gets its code).
/// Returns how many were written.
pub fn write_missing_first_mails(state: &AppState) -> Result<usize, ApiProblem> {
    let ids = state.store().without_first_mail()?;
    for id in &ids {
        // A withdrawn registration gets no mail.
        let withdrawn = state
            .store()
            .get(id)?
            .is_some_and(|record| record.withdrawn_at_ms.is_some());
        if !withdrawn {
            write_missing_first_mail(state, id)?;
        }
    }
    Ok(ids.len())
}

/// Writes the e-mail with the code (reference and code only) to the outbox; false (and
/// logged) when it cannot: the registration stays stored, and a resend writes a new message.
pub(super) fn send_code_mail(
    state: &AppState,
    record: &RegistrationRecord,
    otp: &str,
    sequence: u32,
) -> bool {
    let sender = state.config().mail_sender();
    let mail = CodeMail {
        from: &sender,
        to: &record.email,
        lang: record.lang,
        reference: &record.reference,
        otp,
        otp_ttl_minutes: state.config().otp.ttl_seconds.div_ceil(60),
        sequence,
        operator: &state.config().operator,
    };
    let message = code_message(&mail, state.clock().now_ms());
    let stem = format!("{}-{}", record.reference, sequence);
    match state.outbox().deliver(&stem, &message) {
        Ok(_) => true,
        Err(error) => {
            tracing::error!(reference = %record.reference, %error, "cannot write the e-mail to the outbox");
            false
        }
    }
}

/// Once the code was accepted: the declaration summary (the stored, normalized values) and
/// the tờ khai as a PDF to the address the code proved. A failure is logged; the confirmation stands.
pub(super) fn send_declaration_mail(state: &AppState, record: &RegistrationRecord) {
    let request: RegistrationRequest = match serde_json::from_str(&record.declaration_json) {
        Ok(request) => request,
        Err(error) => {
            tracing::error!(reference = %record.reference, %error, "cannot read the stored declaration");
            return;
        }
    };
    let sender = state.config().mail_sender();
    let mail = DeclarationMail {
        from: &sender,
        reference: &record.reference,
        received_at_ms: record.received_at_ms,
        office: state.offices().find(&record.office),
        operator: &state.config().operator,
    };
    let mut message = declaration_message(
        &request,
        state.units().as_ref(),
        &mail,
        state.clock().now_ms(),
    );
    // The tờ khai itself goes with it; without it (a fault, logged) the summary still goes.
    match crate::declaration_pdf::pdf_of(state, record) {
        Ok(Some(pdf)) => message
            .attachments
            .push(crate::declaration_pdf::attachment(record, pdf)),
        Ok(None) => {}
        Err(problem) => {
            tracing::error!(reference = %record.reference, ?problem, "cannot make the declaration PDF")
        }
    }
    let stem = format!("{}-confirmed", record.reference);
    if let Err(error) = state.outbox().deliver(&stem, &message) {
        tracing::error!(reference = %record.reference, %error, "cannot write the declaration e-mail to the outbox");
    }
}

/// A 6-digit code from the operating system's random source, uniform over 000000..=999999.
pub(super) fn new_otp() -> Result<String, getrandom::Error> {
    const LIMIT: u32 = u32::MAX - (u32::MAX % 1_000_000);
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes)?;
        let value = u32::from_le_bytes(bytes);
        if value < LIMIT {
            return Ok(format!("{:0width$}", value % 1_000_000, width = OTP_LENGTH));
        }
    }
}

/// The stored form of a code: it is never kept in clear.
pub(super) fn otp_hash(id: &str, code: &str) -> String {
    sha256_hex(format!("{id}:{code}").as_bytes())
}

/// A reference like `DK-20261125-7KQ3MX` (date, then 6 random Crockford base-32 characters).
pub(super) fn new_reference(now_ms: i64) -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes)?;
    let suffix: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect();
    Ok(format!(
        "DK-{}-{suffix}",
        crate::clock::CivilTime::from_unix_ms(now_ms).compact_date()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_references_have_their_shape() {
        for _ in 0..100 {
            let otp = new_otp().unwrap();
            assert_eq!(otp.len(), 6);
            assert!(otp.bytes().all(|b| b.is_ascii_digit()));
        }
        let reference = new_reference(1_795_627_868_000).unwrap();
        assert!(reference.starts_with("DK-20261125-"), "{reference}");
        assert_eq!(reference.len(), "DK-20261125-".len() + 6);
        assert_ne!(otp_hash("a", "123456"), otp_hash("b", "123456"));
    }
}
