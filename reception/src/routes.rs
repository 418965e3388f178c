//! The HTTP routes of `/v1`: office directory, registrations, e-mail codes and status; errors
//! as `application/problem+json`; rate limiting, body limits and timeouts around them.

use crate::client_addr::ClientAddr;
use crate::mail::{code_message, declaration_message, CodeMail, DeclarationMail};
use crate::photos::{check_photo, sha256_hex, PhotoError};
use crate::problem::blocking;
pub use crate::problem::ApiProblem;
use crate::store::{
    InsertOutcome, MailCap, NewRegistration, OtpOutcome, OtpPolicy, PhotoRecord,
    RegistrationRecord, ResendOutcome,
};
use crate::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, MatchedPath, Multipart, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use vssid_core::api::{
    OtpResent, OtpSubmission, PhotoSlot, Problem, ProblemCode, RegistrationReceipt,
    RegistrationRequest, RegistrationState, DECLARATION_PART, IDEMPOTENCY_KEY_HEADER,
    IDEMPOTENT_REPLAYED_HEADER, MAX_DECLARATION_BYTES, OTP_LENGTH, PROBLEM_CONTENT_TYPE,
};
use vssid_core::fields::{FieldError, FieldErrors};

/// The router of the whole API, with its limits.
pub fn router(state: AppState) -> Router {
    let limits = state.config().limits.clone();
    let timeout = state.config().request_timeout();
    Router::new()
        .route("/v1/offices", get(list_offices))
        .route("/v1/registrations", post(create_registration))
        .route("/v1/privacy", get(crate::rights::privacy_notice))
        .route(
            "/v1/registrations/{id}",
            get(registration_state).delete(crate::rights::withdraw),
        )
        .route(
            "/v1/registrations/{id}/data",
            get(crate::rights::registration_data),
        )
        .route("/v1/registrations/{id}/otp", post(confirm_otp))
        .route("/v1/registrations/{id}/otp/resend", post(resend_otp))
        .merge(crate::staff::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            resolve_client,
        ))
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(middleware::from_fn(plain_errors_as_problems))
        .layer(middleware::from_fn_with_state(state.clone(), shed_load))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(cors(&state.config().allowed_origins))
        .with_state(state)
}

/// The span of a request: its method and route template (`/v1/registrations/{id}/otp`), never
/// its path, which holds the registration id (the applicant's only credential).
fn request_span(request: &Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(no route)", MatchedPath::as_str);
    tracing::debug_span!("request", method = %request.method(), route)
}

/// Which web pages on other origins may call the API: only the configured ones (outermost,
/// so that refusals such as 429 and 408 are readable by those pages too). With none
/// configured no CORS header is sent, and browsers keep other origins out.
fn cors(allowed_origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = allowed_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            header::IF_NONE_MATCH,
            header::AUTHORIZATION,
            header_name(IDEMPOTENCY_KEY_HEADER),
        ])
        .expose_headers([
            header::LOCATION,
            header::RETRY_AFTER,
            header::ETAG,
            header_name(IDEMPOTENT_REPLAYED_HEADER),
        ])
        .max_age(std::time::Duration::from_secs(600))
}

/// The API's own header names (constants, so always valid; stored lower-case).
fn header_name(name: &'static str) -> HeaderName {
    HeaderName::from_bytes(name.as_bytes()).expect("the API's header names are valid")
}

/// Turns the plain-text errors of the layers (413 body too large, 408 timeout) into problem
/// documents so clients see one error format.
async fn plain_errors_as_problems(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_CONTENT_TYPE.as_bytes()));
    if is_problem {
        return response;
    }
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiProblem::new(ProblemCode::PayloadTooLarge).into_response()
        }
        StatusCode::REQUEST_TIMEOUT => ApiProblem::new(ProblemCode::Timeout).into_response(),
        _ => response,
    }
}

/// Resolves the client's address (the peer, or what a trusted proxy says) and hands it to
/// the handlers as a [`ClientAddr`] extension.
async fn resolve_client(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let client = state.trusted_proxies().client_of(peer, request.headers());
    request.extensions_mut().insert(ClientAddr(client));
    next.run(request).await
}

/// Load shedding: at most `limits.max_requests_in_flight` requests are handled at once;
/// beyond that `503` with `Retry-After` at once, before any work.
async fn shed_load(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.in_flight().clone().try_acquire_owned() {
        Ok(permit) => {
            let response = next.run(request).await;
            drop(permit);
            response
        }
        Err(_) => ApiProblem::new(ProblemCode::Unavailable)
            .retry_after_ms(1_000)
            .into_response(),
    }
}

/// One token bucket per client address (IPv6: per /64); 429 with `Retry-After` when it is
/// empty.
async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let client = request
        .extensions()
        .get::<ClientAddr>()
        .copied()
        .unwrap_or(ClientAddr(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
    match state.limiter().check(client.bucket(), state.uptime_ms()) {
        Ok(()) => next.run(request).await,
        Err(wait_ms) => ApiProblem::new(ProblemCode::RateLimited)
            .retry_after_ms(wait_ms)
            .into_response(),
    }
}

async fn not_found() -> ApiProblem {
    ApiProblem::new(ProblemCode::NotFound).with_detail_owned("no such resource")
}

impl ApiProblem {
    fn with_detail_owned(self, detail: &str) -> ApiProblem {
        ApiProblem::from((*self.0).with_detail(detail))
    }
}

/// `GET /v1/offices`: the directory, with an ETag; 304 when the client's copy is current.
async fn list_offices(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let published = state.published_offices();
    crate::published::conditional_json(&headers, &published.etag, published.body.clone())
}

/// A photo part as read: its bytes, or the fact that it was over the limit.
type PhotoPart = Result<Bytes, PhotoError>;

/// The parts of a registration as read from the multipart body.
#[derive(Default)]
struct ReadParts {
    declaration: Option<Bytes>,
    photos: [Option<PhotoPart>; 3],
}

/// Reads every part, keeping at most `max_photo_bytes` of each photo (a larger one is
/// drained and remembered as too large, so the client still gets a field error).
async fn read_parts(
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
fn idempotency_key(headers: &HeaderMap) -> Result<String, ApiProblem> {
    let key = headers
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| uuid::Uuid::parse_str(v.trim()).ok())
        .ok_or_else(|| ApiProblem::new(ProblemCode::IdempotencyKeyInvalid))?;
    Ok(key.hyphenated().to_string())
}

/// `POST /v1/registrations`.
async fn create_registration(
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
    let worker_state = state.clone();
    let (receipt, replayed) =
        tokio::task::spawn_blocking(move || register(&worker_state, &key, parts, client))
            .await
            .map_err(ApiProblem::internal)??;
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

/// The answer when the data directory's disk is nearly full: nothing is written.
fn disk_full() -> ApiProblem {
    tracing::warn!("free disk space is below limits.min_free_disk_bytes; writes are refused");
    ApiProblem::new(ProblemCode::Unavailable).retry_after_ms(60_000)
}

fn receipt_of(record: &RegistrationRecord) -> RegistrationReceipt {
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
fn replay(
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
fn mail_cap(state: &AppState) -> MailCap {
    MailCap {
        max: state.config().limits.mails_per_recipient_per_day,
        window_ms: crate::retention::MAIL_WINDOW_MS,
    }
}

/// The refusal when an address had its e-mails for the day.
fn recipient_cap_reached() -> ApiProblem {
    ApiProblem::new(ProblemCode::RecipientMailLimit)
}

/// Validates, stores and acknowledges a registration (blocking: hashing, files, database).
fn register(
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
fn insert_registration(
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
fn remove_unused_photos(state: &AppState, photos: &[PhotoRecord]) {
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
fn write_first_mail(state: &AppState, record: &RegistrationRecord, otp: &str) {
    if send_code_mail(state, record, otp, 0) {
        mark_first_mail_written(state, record);
    }
}

fn mark_first_mail_written(state: &AppState, record: &RegistrationRecord) {
    if let Err(error) = state
        .store()
        .first_mail_written(&record.id, state.clock().now_ms())
    {
        tracing::error!(reference = %record.reference, %error, "cannot record that the e-mail was written");
    }
}

/// For a registration stored without its first e-mail (the service died in between): a fresh
/// code (the first one was never sent) and the e-mail with it. Nothing when it was written.
fn write_missing_first_mail(state: &AppState, id: &str) -> Result<(), ApiProblem> {
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
fn send_code_mail(state: &AppState, record: &RegistrationRecord, otp: &str, sequence: u32) -> bool {
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

/// Once the code was accepted: the declaration summary (the stored, normalized values) to
/// the address the code proved. A failure is logged; the confirmation stands.
fn send_declaration_mail(state: &AppState, record: &RegistrationRecord) {
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
    let message = declaration_message(
        &request,
        state.units().as_ref(),
        &mail,
        state.clock().now_ms(),
    );
    let stem = format!("{}-confirmed", record.reference);
    if let Err(error) = state.outbox().deliver(&stem, &message) {
        tracing::error!(reference = %record.reference, %error, "cannot write the declaration e-mail to the outbox");
    }
}

/// A 6-digit code from the operating system's random source, uniform over 000000..=999999.
fn new_otp() -> Result<String, getrandom::Error> {
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
fn otp_hash(id: &str, code: &str) -> String {
    sha256_hex(format!("{id}:{code}").as_bytes())
}

/// A reference like `DK-20261125-7KQ3MX` (date, then 6 random Crockford base-32 characters).
fn new_reference(now_ms: i64) -> Result<String, getrandom::Error> {
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

fn state_of(record: &RegistrationRecord) -> RegistrationState {
    RegistrationState {
        id: record.id.clone(),
        reference: record.reference.clone(),
        status: record.status,
        received_at: crate::clock::rfc3339(record.received_at_ms),
        confirmed_at: record.confirmed_at_ms.map(crate::clock::rfc3339),
        office: record.office.clone(),
    }
}

/// `GET /v1/registrations/{id}`.
async fn registration_state(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<RegistrationState>, ApiProblem> {
    let record = blocking(move || Ok(state.store().get(&id)?)).await?;
    record
        .map(|r| Json(state_of(&r)))
        .ok_or_else(|| ApiProblem::new(ProblemCode::NotFound))
}

fn otp_policy(state: &AppState) -> OtpPolicy {
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
async fn confirm_otp(
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
async fn resend_otp(
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
