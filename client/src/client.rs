//! The API client: submits a registration with its idempotency key, retries what is safe to
//! retry (network errors, timeouts, 5xx, 429) with bounded, jittered back-off that respects
//! `Retry-After`, and turns every outcome into a typed error a person can read.
//!
//! It runs on any executor: waiting goes through a [`Sleeper`] (tokio on native, browser
//! timers on wasm), and per-attempt timeouts race the request against that sleeper. Every call
//! is safe to repeat: a submission that may or may not have arrived is sent again with the same
//! key, and the service answers the same registration.

use super::exchange::{Answer, SendError};
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;
use vssid_core::api::{
    OfficeList, OtpResent, OtpSubmission, PhotoSlot, Problem, ProblemCode, RegistrationData,
    RegistrationReceipt, RegistrationRequest, RegistrationState, API_PREFIX, AUTHORIZATION_HEADER,
    DECLARATION_PART, IDEMPOTENCY_KEY_HEADER,
};
use vssid_core::fields::FieldErrors;
use vssid_core::lang::{Lang, Localized};

/// A boxed future that is `Send` where threads exist (native) and need not be on wasm.
#[cfg(not(target_arch = "wasm32"))]
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
/// A boxed future that is `Send` where threads exist (native) and need not be on wasm.
#[cfg(target_arch = "wasm32")]
pub type SleepFuture = Pin<Box<dyn Future<Output = ()>>>;

/// Waits for a while on whatever runtime the app uses.
pub trait Sleeper: Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// The platform's timer: tokio on native targets, browser timers on wasm.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuntimeSleeper;

impl Sleeper for RuntimeSleeper {
    #[cfg(not(target_arch = "wasm32"))]
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }

    #[cfg(target_arch = "wasm32")]
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(gloo_timers::future::sleep(duration))
    }
}

/// How hard the client tries before giving up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The back-off before the second attempt; it doubles each time, up to `max_delay`.
    pub base_delay: Duration,
    /// The longest wait between attempts.
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the error goes to the caller.
    pub max_retry_after: Duration,
    /// How long one attempt (sending the body and reading the answer) may take.
    pub attempt_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            attempt_timeout: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `next_attempt` (2, 3, …): exponential back-off with "equal
    /// jitter" (half fixed, half random), so many clients that failed together do not return
    /// together. `seed` makes the randomness differ between submissions.
    pub fn backoff(&self, next_attempt: u32, seed: u64) -> Duration {
        let exponent = next_attempt.saturating_sub(2).min(20);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let half = ceiling / 2;
        let random = splitmix64(seed ^ u64::from(next_attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let fraction = (random >> 11) as f64 / (1u64 << 53) as f64;
        half + half.mul_f64(fraction)
    }
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x100_0000_01b3)
    })
}

/// What a client call failed with, told the way a person needs it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No connection to the service (after retrying).
    #[error("the service could not be reached")]
    Offline,
    /// The service did not answer in time (after retrying).
    #[error("the service did not answer in time")]
    Timeout,
    /// The service is overloaded or rate-limiting (after retrying, or asked to wait too long).
    #[error("the service is busy")]
    Busy { retry_after: Option<Duration> },
    /// The service failed (5xx after retrying).
    #[error("the service failed with HTTP {status}")]
    Server { status: u16 },
    /// Some fields were refused; each error belongs beside its field.
    #[error("some fields are not valid")]
    InvalidFields(FieldErrors),
    /// The service refused the request for another reason, told in its problem document.
    #[error("the request was refused: {}", .0.code)]
    Refused(Box<Problem>),
    /// The answer was not of the documented form.
    #[error("unexpected answer from the service (HTTP {status})")]
    UnexpectedResponse { status: u16 },
    /// The configured base URL cannot be used.
    #[error("the API base URL is not valid")]
    InvalidBaseUrl,
}

impl ApiError {
    /// The problem code of a refusal, if this is one.
    pub fn problem_code(&self) -> Option<ProblemCode> {
        match self {
            ApiError::Refused(problem) => problem.kind(),
            ApiError::InvalidFields(_) => Some(ProblemCode::InvalidFields),
            _ => None,
        }
    }

    /// Whether trying the same call again later may succeed (the draft stays in the outbox).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Offline | ApiError::Timeout | ApiError::Busy { .. } | ApiError::Server { .. }
        )
    }
}

impl Localized for ApiError {
    fn code(&self) -> &'static str {
        match self {
            ApiError::Offline => "offline",
            ApiError::Timeout => "timeout",
            ApiError::Busy { .. } => "server_busy",
            ApiError::Server { .. } => "server_error",
            ApiError::InvalidFields(_) => "invalid_fields",
            ApiError::Refused(problem) => problem.kind().map_or("refused", ProblemCode::as_str),
            ApiError::UnexpectedResponse { .. } => "unexpected_response",
            ApiError::InvalidBaseUrl => "invalid_base_url",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            ApiError::Offline => (
                "Không kết nối được máy chủ. Hồ sơ đã được lưu và sẽ được gửi lại khi có mạng.",
                "Cannot reach the server. Your registration is saved and will be sent when you are online.",
            ),
            ApiError::Timeout => (
                "Máy chủ không phản hồi kịp. Hồ sơ đã được lưu, vui lòng thử gửi lại.",
                "The server did not answer in time. Your registration is saved; please try again.",
            ),
            ApiError::Busy { .. } => (
                "Hệ thống đang bận. Hồ sơ đã được lưu, vui lòng thử lại sau ít phút.",
                "The service is busy. Your registration is saved; please try again in a few minutes.",
            ),
            ApiError::Server { .. } => (
                "Hệ thống đang gặp sự cố. Hồ sơ đã được lưu, vui lòng thử lại sau.",
                "The service has a problem. Your registration is saved; please try again later.",
            ),
            ApiError::InvalidFields(_) => {
                return ProblemCode::InvalidFields.message(lang);
            }
            ApiError::Refused(problem) => return problem.message(lang),
            ApiError::UnexpectedResponse { .. } => (
                "Máy chủ trả lời không đúng định dạng. Vui lòng thử lại sau.",
                "The server gave an unexpected answer. Please try again later.",
            ),
            ApiError::InvalidBaseUrl => (
                "Địa chỉ máy chủ không hợp lệ.",
                "The server address is not valid.",
            ),
        };
        match lang {
            Lang::Vi => vi.into(),
            Lang::En => en.into(),
        }
    }
}

/// A registration ready to send: the declaration part, the three JPEG photos, and the
/// idempotency key made when the draft was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// A UUID made once per draft; every attempt sends the same one.
    pub idempotency_key: String,
    pub request: RegistrationRequest,
    pub portrait: Vec<u8>,
    pub id_front: Vec<u8>,
    pub id_back: Vec<u8>,
}

impl Submission {
    /// The JPEG bytes of one slot.
    pub fn photo(&self, slot: PhotoSlot) -> &[u8] {
        match slot {
            PhotoSlot::Portrait => &self.portrait,
            PhotoSlot::IdFront => &self.id_front,
            PhotoSlot::IdBack => &self.id_back,
        }
    }

    /// The `multipart/form-data` body and its content type. The boundary is derived from the
    /// key and checked against the content, so the same submission always gives the same body.
    pub fn multipart_body(&self) -> (String, Vec<u8>) {
        let declaration = self.request.canonical_json();
        let mut salt = 0u64;
        let boundary = loop {
            let candidate = format!(
                "vssid-{:016x}{:016x}",
                fnv1a(self.idempotency_key.as_bytes()),
                splitmix64(salt)
            );
            let clashes = std::iter::once(declaration.as_slice())
                .chain(PhotoSlot::ALL.iter().map(|slot| self.photo(*slot)))
                .any(|content| contains(content, candidate.as_bytes()));
            if !clashes {
                break candidate;
            }
            salt += 1;
        };
        let mut body = Vec::with_capacity(
            declaration.len()
                + PhotoSlot::ALL
                    .iter()
                    .map(|s| self.photo(*s).len())
                    .sum::<usize>()
                + 1024,
        );
        let mut part = |name: &str, filename: Option<&str>, content_type: &str, content: &[u8]| {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            match filename {
                Some(filename) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n"
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n").as_bytes(),
                ),
            }
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n\r\n").as_bytes());
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        };
        part(DECLARATION_PART, None, "application/json", &declaration);
        for slot in PhotoSlot::ALL {
            let filename = format!("{}.jpg", slot.part_name());
            part(
                slot.part_name(),
                Some(&filename),
                "image/jpeg",
                self.photo(slot),
            );
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

impl Submission {
    /// The submission of the flow's validated payload with the photos' JPEG bytes (read by the
    /// shell from the payload's storage keys).
    pub fn from_payload(
        payload: &vssid_core::flow::SubmitPayload,
        portrait: Vec<u8>,
        id_front: Vec<u8>,
        id_back: Vec<u8>,
    ) -> Submission {
        let declaration = &payload.declaration;
        Submission {
            idempotency_key: payload.idempotency_key.clone(),
            request: RegistrationRequest {
                form: vssid_core::declaration::DeclarationForm {
                    bhxh_code: declaration.bhxh_code.as_str().to_string(),
                    full_name: declaration.full_name.as_str().to_string(),
                    person_id: declaration.person_id.as_str().to_string(),
                    province: declaration.address.province.clone(),
                    commune: declaration.address.commune.clone(),
                    street: declaration.address.street.as_str().to_string(),
                    phone: declaration.phone.as_str().to_string(),
                },
                office: payload.office.clone(),
                email: payload.email.as_str().to_string(),
                lang: payload.lang,
                consent: Some(payload.consent.clone()),
            },
            portrait,
            id_front,
            id_back,
        }
    }
}

impl ApiError {
    /// The flow's view of a failed submission: field errors, "try again later" (the draft
    /// stays in the outbox), or a refusal.
    pub fn to_submit_failure(&self) -> vssid_core::flow::SubmitFailure {
        use vssid_core::flow::SubmitFailure;
        match self {
            ApiError::InvalidFields(errors) => SubmitFailure::Invalid {
                errors: errors.clone(),
            },
            error if error.is_transient() => SubmitFailure::Transient {
                message: vssid_core::fields::FieldError::from_localized(error),
            },
            error => SubmitFailure::Rejected {
                message: vssid_core::fields::FieldError::from_localized(error),
            },
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// What a submission is doing, for a progress indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitProgress {
    /// The body is built: `bytes` to send.
    Prepared { bytes: usize },
    /// Attempt `attempt` (from 1) is sending.
    Sending { attempt: u32, bytes: usize },
    /// Attempt `attempt` failed with a transient error (`reason` is its code); the next one
    /// starts after `delay`.
    Waiting {
        attempt: u32,
        delay: Duration,
        reason: &'static str,
    },
    /// The service stored the registration (the answer was read).
    Accepted { attempt: u32 },
}

/// The answer to an office directory request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfficesFetch {
    /// The cached copy (with the ETag sent) is still current.
    NotModified,
    /// A new copy, with its ETag for next time.
    Fresh {
        etag: Option<String>,
        list: OfficeList,
    },
}

/// The outcome of one attempt, before deciding whether to try again.
enum Attempt {
    Answered(Answer),
    Transient {
        error: ApiError,
        retry_after: Option<Duration>,
    },
}

/// The HTTP client of the registration API.
#[derive(Clone)]
pub struct ApiClient {
    base: String,
    http: reqwest::Client,
    policy: RetryPolicy,
    sleeper: Arc<dyn Sleeper>,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base", &self.base)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl ApiClient {
    /// A client for the service at `base_url` (e.g. `http://127.0.0.1:8787`), with the default
    /// retry policy and the platform's timer. Release builds refuse `http://` except to
    /// loopback ([`validate_base_url`](vssid_core::api::validate_base_url)).
    pub fn new(base_url: &str) -> Result<ApiClient, ApiError> {
        Self::with_transport_rule(base_url, vssid_core::api::ALLOW_INSECURE_BY_DEFAULT)
    }

    /// Like [`ApiClient::new`], saying explicitly whether plain `http://` to another machine
    /// is allowed.
    pub fn with_transport_rule(
        base_url: &str,
        allow_insecure: bool,
    ) -> Result<ApiClient, ApiError> {
        let base = vssid_core::api::validate_base_url(base_url, allow_insecure)
            .map_err(|_| ApiError::InvalidBaseUrl)?;
        Ok(ApiClient {
            base,
            http: http_client()?,
            policy: RetryPolicy::default(),
            sleeper: Arc::new(RuntimeSleeper),
        })
    }

    /// Replaces the retry policy.
    pub fn with_policy(mut self, policy: RetryPolicy) -> ApiClient {
        self.policy = policy;
        self
    }

    /// Replaces the timer (for another runtime, or for tests).
    pub fn with_sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> ApiClient {
        self.sleeper = sleeper;
        self
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}{path}", self.base)
    }

    /// Sends a registration and returns its receipt once the service has stored it. Safe to
    /// call again after any error or an app restart: the idempotency key makes the service
    /// answer the same registration instead of creating a second one.
    pub async fn submit(
        &self,
        submission: &Submission,
        mut progress: impl FnMut(SubmitProgress),
    ) -> Result<RegistrationReceipt, ApiError> {
        let (content_type, body) = submission.multipart_body();
        let bytes = body.len();
        progress(SubmitProgress::Prepared { bytes });
        let url = self.url("/registrations");
        let seed = fnv1a(submission.idempotency_key.as_bytes());
        let mut attempt = 0;
        loop {
            attempt += 1;
            progress(SubmitProgress::Sending { attempt, bytes });
            let request = self
                .http
                .post(&url)
                .header(IDEMPOTENCY_KEY_HEADER, &submission.idempotency_key)
                .header("Content-Type", &content_type)
                .header("Accept", "application/json, application/problem+json")
                .body(body.clone());
            let outcome = self.attempt(request).await?;
            let (error, retry_after) = match outcome {
                Attempt::Answered(answer) if answer.status == 200 || answer.status == 201 => {
                    let receipt = serde_json::from_slice::<RegistrationReceipt>(&answer.body)
                        .map_err(|_| ApiError::UnexpectedResponse {
                            status: answer.status,
                        })?;
                    progress(SubmitProgress::Accepted { attempt });
                    return Ok(receipt);
                }
                Attempt::Answered(answer) => match classify_failure(answer) {
                    Attempt::Transient { error, retry_after } => (error, retry_after),
                    Attempt::Answered(answer) => return Err(refusal(&answer)),
                },
                Attempt::Transient { error, retry_after } => (error, retry_after),
            };
            let delay = self.next_delay(attempt, seed, &error, retry_after)?;
            progress(SubmitProgress::Waiting {
                attempt,
                delay,
                reason: error.code(),
            });
            self.sleeper.sleep(delay).await;
        }
    }

    /// Sends the e-mail confirmation code. Entering a code for a registration that is already
    /// confirmed (e.g. the answer to a first attempt was lost) answers its state.
    pub async fn confirm_otp(&self, id: &str, code: &str) -> Result<RegistrationState, ApiError> {
        let path = format!("/registrations/{}/otp", path_segment(id)?);
        let body = serde_json::to_vec(&OtpSubmission {
            code: code.trim().to_string(),
        })
        .map_err(|_| ApiError::InvalidBaseUrl)?;
        match self
            .call_json(reqwest::Method::POST, &path, Some(body))
            .await
        {
            Ok(answer) => parse_ok(&answer),
            Err(error) if error.problem_code() == Some(ProblemCode::AlreadyConfirmed) => {
                self.status(id).await
            }
            Err(error) => Err(error),
        }
    }

    /// Asks for a new confirmation code by e-mail.
    pub async fn resend_otp(&self, id: &str) -> Result<OtpResent, ApiError> {
        let path = format!("/registrations/{}/otp/resend", path_segment(id)?);
        let answer = self
            .call_json(reqwest::Method::POST, &path, Some(b"{}".to_vec()))
            .await?;
        parse_ok(&answer)
    }

    /// The state of a registration.
    pub async fn status(&self, id: &str) -> Result<RegistrationState, ApiError> {
        let path = format!("/registrations/{}", path_segment(id)?);
        let answer = self.call_json(reqwest::Method::GET, &path, None).await?;
        parse_ok(&answer)
    }

    /// Withdraws the consent: the service deletes the registration's personal data and
    /// photos. `secret` is the idempotency key the registration was sent with. A registration
    /// already withdrawn answers the same.
    pub async fn withdraw(&self, id: &str, secret: &str) -> Result<(), ApiError> {
        let path = format!("/registrations/{}", path_segment(id)?);
        self.call_with_secret(reqwest::Method::DELETE, &path, secret)
            .await
            .map(|_| ())
    }

    /// A copy of everything the service holds about the registration, as the JSON it sent
    /// (`RegistrationData`).
    pub async fn registration_data(&self, id: &str, secret: &str) -> Result<String, ApiError> {
        let path = format!("/registrations/{}/data", path_segment(id)?);
        let answer = self
            .call_with_secret(reqwest::Method::GET, &path, secret)
            .await?;
        let _: RegistrationData = parse_ok(&answer)?;
        Ok(String::from_utf8_lossy(&answer.body).into_owned())
    }

    /// The operator's privacy notice.
    pub async fn privacy_notice(
        &self,
    ) -> Result<vssid_core::privacy_notice::PrivacyNotice, ApiError> {
        let answer = self
            .call_json(reqwest::Method::GET, "/privacy", None)
            .await?;
        parse_ok(&answer)
    }

    /// One call with the applicant's secret, with retries; the successful (2xx) answer.
    async fn call_with_secret(
        &self,
        method: reqwest::Method,
        path: &str,
        secret: &str,
    ) -> Result<Answer, ApiError> {
        let url = self.url(path);
        let seed = fnv1a(url.as_bytes());
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request = self
                .http
                .request(method.clone(), &url)
                .header("Accept", "application/json, application/problem+json")
                .header(AUTHORIZATION_HEADER, format!("Bearer {}", secret.trim()));
            let (error, retry_after) = match self.attempt(request).await? {
                Attempt::Answered(answer) if (200..300).contains(&answer.status) => {
                    return Ok(answer)
                }
                Attempt::Answered(answer) => match classify_failure(answer) {
                    Attempt::Transient { error, retry_after } => (error, retry_after),
                    Attempt::Answered(answer) => return Err(refusal(&answer)),
                },
                Attempt::Transient { error, retry_after } => (error, retry_after),
            };
            let delay = self.next_delay(attempt, seed, &error, retry_after)?;
            self.sleeper.sleep(delay).await;
        }
    }

    /// The office directory; with the ETag of a cached copy, `NotModified` when it is current.
    pub async fn offices(&self, cached_etag: Option<&str>) -> Result<OfficesFetch, ApiError> {
        let url = self.url("/offices");
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self.http.get(&url).header("Accept", "application/json");
            if let Some(etag) = cached_etag {
                request = request.header("If-None-Match", etag);
            }
            let (error, retry_after) = match self.attempt(request).await? {
                Attempt::Answered(answer) if answer.status == 304 => {
                    return Ok(OfficesFetch::NotModified)
                }
                Attempt::Answered(answer) if answer.status == 200 => {
                    let list = serde_json::from_slice(&answer.body).map_err(|_| {
                        ApiError::UnexpectedResponse {
                            status: answer.status,
                        }
                    })?;
                    return Ok(OfficesFetch::Fresh {
                        etag: answer.etag,
                        list,
                    });
                }
                Attempt::Answered(answer) => match classify_failure(answer) {
                    Attempt::Transient { error, retry_after } => (error, retry_after),
                    Attempt::Answered(answer) => return Err(refusal(&answer)),
                },
                Attempt::Transient { error, retry_after } => (error, retry_after),
            };
            let delay = self.next_delay(attempt, fnv1a(url.as_bytes()), &error, retry_after)?;
            self.sleeper.sleep(delay).await;
        }
    }

    /// A JSON call with retries; returns the successful (2xx) answer.
    async fn call_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Answer, ApiError> {
        let url = self.url(path);
        let seed = fnv1a(url.as_bytes());
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self
                .http
                .request(method.clone(), &url)
                .header("Accept", "application/json, application/problem+json");
            if let Some(body) = &body {
                request = request
                    .header("Content-Type", "application/json")
                    .body(body.clone());
            }
            let (error, retry_after) = match self.attempt(request).await? {
                Attempt::Answered(answer) if (200..300).contains(&answer.status) => {
                    return Ok(answer)
                }
                Attempt::Answered(answer) => match classify_failure(answer) {
                    Attempt::Transient { error, retry_after } => (error, retry_after),
                    Attempt::Answered(answer) => return Err(refusal(&answer)),
                },
                Attempt::Transient { error, retry_after } => (error, retry_after),
            };
            let delay = self.next_delay(attempt, seed, &error, retry_after)?;
            self.sleeper.sleep(delay).await;
        }
    }

    /// The wait before the attempt after `attempt`, or the error when no attempt is left or
    /// the service asks for a longer wait than the policy allows.
    fn next_delay(
        &self,
        attempt: u32,
        seed: u64,
        error: &ApiError,
        retry_after: Option<Duration>,
    ) -> Result<Duration, ApiError> {
        if attempt >= self.policy.max_attempts {
            return Err(error.clone());
        }
        match retry_after {
            Some(wait) if wait > self.policy.max_retry_after => Err(error.clone()),
            Some(wait) => Ok(wait.max(self.policy.backoff(attempt + 1, seed) / 4)),
            None => Ok(self.policy.backoff(attempt + 1, seed)),
        }
    }

    /// Sends one request and reads the whole answer within the attempt timeout.
    async fn attempt(&self, request: reqwest::RequestBuilder) -> Result<Attempt, ApiError> {
        let timeout = self.sleeper.sleep(self.policy.attempt_timeout);
        match race(exchange(request), timeout).await {
            None | Some(Err(SendError::Timeout)) => Ok(Attempt::Transient {
                error: ApiError::Timeout,
                retry_after: None,
            }),
            Some(Ok(answer)) => Ok(Attempt::Answered(answer)),
            Some(Err(SendError::Builder)) => Err(ApiError::InvalidBaseUrl),
            Some(Err(SendError::Network)) => Ok(Attempt::Transient {
                error: ApiError::Offline,
                retry_after: None,
            }),
        }
    }
}

/// One request and its whole answer, through reqwest (which follows no redirect:
/// [`http_client`]).
#[cfg(not(target_arch = "wasm32"))]
async fn exchange(request: reqwest::RequestBuilder) -> Result<Answer, SendError> {
    let sent = async move {
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let retry_after = headers
            .get("Retry-After")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let etag = headers
            .get("ETag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.bytes().await?.to_vec();
        Ok::<Answer, reqwest::Error>(Answer {
            status,
            retry_after,
            etag,
            body,
        })
    };
    sent.await.map_err(|error| {
        if error.is_builder() {
            SendError::Builder
        } else if error.is_timeout() {
            SendError::Timeout
        } else {
            SendError::Network
        }
    })
}

/// One request and its whole answer, through the browser's fetch with `redirect: "error"`
/// (reqwest 0.13's wasm client has no redirect setting and lets the browser follow them,
/// re-sending the body of a 307 to wherever it points).
#[cfg(target_arch = "wasm32")]
async fn exchange(request: reqwest::RequestBuilder) -> Result<Answer, SendError> {
    let request = request.build().map_err(|_| SendError::Builder)?;
    super::browser_fetch::send(&request).await
}

/// Runs `work` until it finishes or `deadline` fires first (then `None`).
async fn race<T>(work: impl Future<Output = T>, deadline: SleepFuture) -> Option<T> {
    let mut work = pin!(work);
    let mut deadline = deadline;
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(value) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(value));
        }
        if deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// Sorts a non-2xx answer into "try again" (5xx, 408, 429 rate limiting) or a final answer.
fn classify_failure(answer: Answer) -> Attempt {
    let status = answer.status;
    let problem_code = serde_json::from_slice::<Problem>(&answer.body)
        .ok()
        .and_then(|p| p.kind());
    let transient = match status {
        408 => Some(ApiError::Timeout),
        429 => match problem_code {
            None | Some(ProblemCode::RateLimited) => Some(ApiError::Busy {
                retry_after: answer.retry_after,
            }),
            Some(_) => None,
        },
        503 => Some(ApiError::Busy {
            retry_after: answer.retry_after,
        }),
        500..=599 => Some(ApiError::Server { status }),
        _ => None,
    };
    match transient {
        Some(error) => Attempt::Transient {
            error,
            retry_after: answer.retry_after,
        },
        None => Attempt::Answered(answer),
    }
}

/// The error for a final non-2xx answer.
fn refusal(answer: &Answer) -> ApiError {
    match serde_json::from_slice::<Problem>(&answer.body) {
        Ok(problem) if problem.kind() == Some(ProblemCode::InvalidFields) => {
            ApiError::InvalidFields(problem.errors)
        }
        Ok(mut problem) => {
            if problem.retry_after.is_none() {
                problem.retry_after = answer.retry_after.map(|d| d.as_secs());
            }
            if problem.status == 0 {
                problem.status = answer.status;
            }
            ApiError::Refused(Box::new(problem))
        }
        Err(_) => ApiError::UnexpectedResponse {
            status: answer.status,
        },
    }
}

fn parse_ok<T: serde::de::DeserializeOwned>(answer: &Answer) -> Result<T, ApiError> {
    serde_json::from_slice(&answer.body).map_err(|_| ApiError::UnexpectedResponse {
        status: answer.status,
    })
}

/// A registration id as a path segment: only ASCII letters, digits and dashes pass.
fn path_segment(id: &str) -> Result<&str, ApiError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(id)
    } else {
        Err(ApiError::Refused(Box::new(Problem::new(
            ProblemCode::NotFound,
        ))))
    }
}

/// The HTTP client the API client uses: on native targets rustls on the ring provider with
/// the webpki roots (no system TLS library), on wasm the browser's fetch.
#[cfg(not(target_arch = "wasm32"))]
pub fn http_client() -> Result<reqwest::Client, ApiError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|_| ApiError::InvalidBaseUrl)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        // A redirect is an answer, never followed: a 307 would re-send the registration
        // (identity and photos) to wherever it points.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("vssid/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|_| ApiError::InvalidBaseUrl)
}

/// The HTTP client the API client uses to build requests on wasm; they are sent by the
/// browser's fetch without following redirects (`browser_fetch`).
#[cfg(target_arch = "wasm32")]
pub fn http_client() -> Result<reqwest::Client, ApiError> {
    reqwest::Client::builder()
        .build()
        .map_err(|_| ApiError::InvalidBaseUrl)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vssid_core::declaration::DeclarationForm;

    fn submission() -> Submission {
        Submission {
            idempotency_key: "0b9a4f8e-6d1c-4b8e-9f3a-2c5d7e8f9a0b".into(),
            request: RegistrationRequest {
                form: DeclarationForm {
                    full_name: "Nguyễn Văn An".into(),
                    ..Default::default()
                },
                office: "079".into(),
                email: "an@example.vn".into(),
                lang: Lang::Vi,
                consent: None,
            },
            portrait: vec![0xFF, 0xD8, 1, 2, 3],
            id_front: vec![0xFF, 0xD8, 4, 5],
            id_back: vec![0xFF, 0xD8, 6],
        }
    }

    #[test]
    fn multipart_body_is_deterministic_and_holds_every_part() {
        let s = submission();
        let (content_type, body) = s.multipart_body();
        assert_eq!(s.multipart_body(), (content_type.clone(), body.clone()));
        let boundary = content_type.split("boundary=").nth(1).unwrap();
        let text = String::from_utf8_lossy(&body);
        for name in ["declaration", "portrait", "id_front", "id_back"] {
            assert!(text.contains(&format!("name=\"{name}\"")), "{name} missing");
        }
        assert!(text.contains("Nguyễn Văn An"));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        assert_eq!(text.matches(&format!("--{boundary}\r\n")).count(), 4);
    }

    #[test]
    fn boundary_avoids_content_that_contains_it() {
        let mut s = submission();
        let (content_type, _) = s.multipart_body();
        let boundary = content_type.split("boundary=").nth(1).unwrap().to_string();
        s.portrait.extend_from_slice(boundary.as_bytes());
        let (other, _) = s.multipart_body();
        assert_ne!(other, content_type);
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let policy = RetryPolicy::default();
        let seeds = [1u64, 2, 3, 4, 5];
        for attempt in 2..=10 {
            let ceiling = policy
                .base_delay
                .saturating_mul(1 << (attempt - 2))
                .min(policy.max_delay);
            for seed in seeds {
                let d = policy.backoff(attempt, seed);
                assert!(d >= ceiling / 2 && d <= ceiling, "{d:?} vs {ceiling:?}");
            }
        }
        let spread: std::collections::BTreeSet<_> =
            seeds.iter().map(|s| policy.backoff(3, *s)).collect();
        assert!(spread.len() > 1, "jitter should differ between seeds");
    }

    #[test]
    fn errors_are_told_in_both_languages() {
        let errors = [
            ApiError::Offline,
            ApiError::Timeout,
            ApiError::Busy { retry_after: None },
            ApiError::Server { status: 500 },
            ApiError::InvalidFields(FieldErrors::new()),
            ApiError::Refused(Box::new(Problem::new(ProblemCode::OtpWrong))),
            ApiError::UnexpectedResponse { status: 200 },
            ApiError::InvalidBaseUrl,
        ];
        for error in errors {
            assert_ne!(error.message(Lang::Vi), error.message(Lang::En));
        }
        assert_eq!(
            ApiError::Refused(Box::new(Problem::new(ProblemCode::OtpWrong))).code(),
            "otp_wrong"
        );
        assert!(ApiError::Offline.is_transient());
        assert!(matches!(
            ApiError::Timeout.to_submit_failure(),
            vssid_core::flow::SubmitFailure::Transient { .. }
        ));
        assert!(matches!(
            ApiError::Refused(Box::new(Problem::new(ProblemCode::IdempotencyKeyReused))).to_submit_failure(),
            vssid_core::flow::SubmitFailure::Rejected { message } if message.code == "idempotency_key_reused"
        ));
        assert!(!ApiError::InvalidFields(FieldErrors::new()).is_transient());
    }

    #[test]
    fn plain_http_to_another_machine_needs_the_insecure_allowance() {
        assert!(matches!(
            ApiClient::with_transport_rule("http://192.168.1.20:8787", false),
            Err(ApiError::InvalidBaseUrl)
        ));
        assert!(ApiClient::with_transport_rule("http://192.168.1.20:8787", true).is_ok());
        assert!(ApiClient::with_transport_rule("http://127.0.0.1:8787", false).is_ok());
        assert!(ApiClient::with_transport_rule("https://api.example.vn", false).is_ok());
        // `new` follows the build: debug builds allow it, release builds refuse it.
        assert_eq!(
            ApiClient::new("http://192.168.1.20:8787").is_ok(),
            cfg!(debug_assertions)
        );
    }

    #[test]
    fn base_url_must_be_http() {
        assert!(matches!(
            ApiClient::new("ftp://x"),
            Err(ApiError::InvalidBaseUrl)
        ));
        assert_eq!(
            ApiClient::new("http://127.0.0.1:8787/").unwrap().base_url(),
            "http://127.0.0.1:8787"
        );
    }

    #[test]
    fn ids_are_checked_before_they_go_into_a_path() {
        assert!(path_segment("0b9a4f8e-6d1c").is_ok());
        assert!(path_segment("../etc").is_err());
        assert!(path_segment("").is_err());
    }
}
