//! The API client's calls: submit a registration with its idempotency key, confirm and resend
//! the e-mail code, read a registration's state, fetch what was declared and send the
//! corrections the office asked for, withdraw the consent, get a copy of the data, the privacy
//! notice and the office directory. Every call goes through the one retry
//! loop ([`retrying`]) and is safe to repeat: a submission that may or may not have arrived is
//! sent again with the same key, and the service answers the same registration.

use crate::error::ApiError;
use crate::exchange::Answer;
use crate::http::{http_client, send};
use crate::resubmission::Resubmission;
use crate::retry::{retrying, RetryPolicy, Step};
use crate::sleep::{RuntimeSleeper, Sleeper};
use crate::submission::{Submission, SubmitProgress};
use std::sync::Arc;
use vssid_core::api::{
    validate_base_url, DeclaredRegistration, OfficeList, OtpResent, OtpSubmission, Problem,
    ProblemCode, RegistrationData, RegistrationReceipt, RegistrationState,
    ALLOW_INSECURE_BY_DEFAULT, API_PREFIX, AUTHORIZATION_HEADER, IDEMPOTENCY_KEY_HEADER,
};
use vssid_core::privacy_notice::PrivacyNotice;

/// What the client accepts as an answer: the JSON it asked for or a problem document.
const JSON_OR_PROBLEM: &str = "application/json, application/problem+json";

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
    /// loopback ([`validate_base_url`]).
    pub fn new(base_url: &str) -> Result<ApiClient, ApiError> {
        Self::with_transport_rule(base_url, ALLOW_INSECURE_BY_DEFAULT)
    }

    /// Like [`ApiClient::new`], saying explicitly whether plain `http://` to another machine
    /// is allowed.
    pub fn with_transport_rule(
        base_url: &str,
        allow_insecure: bool,
    ) -> Result<ApiClient, ApiError> {
        let base =
            validate_base_url(base_url, allow_insecure).map_err(|_| ApiError::InvalidBaseUrl)?;
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
        let mut last_attempt = 0;
        let answer = retrying(
            &self.policy,
            self.sleeper.as_ref(),
            &submission.idempotency_key,
            |status| status == 200 || status == 201,
            || {
                send(
                    self.http
                        .post(&url)
                        .header(IDEMPOTENCY_KEY_HEADER, &submission.idempotency_key)
                        .header("Content-Type", &content_type)
                        .header("Accept", JSON_OR_PROBLEM)
                        .body(body.clone()),
                )
            },
            |step| match step {
                Step::Sending { attempt } => {
                    last_attempt = attempt;
                    progress(SubmitProgress::Sending { attempt, bytes });
                }
                Step::Waiting {
                    attempt,
                    delay,
                    reason,
                } => progress(SubmitProgress::Waiting {
                    attempt,
                    delay,
                    reason,
                }),
            },
        )
        .await?;
        let receipt = parse_ok(&answer)?;
        progress(SubmitProgress::Accepted {
            attempt: last_attempt,
        });
        Ok(receipt)
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
            .call(reqwest::Method::POST, &path, Some(body), None)
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
            .call(reqwest::Method::POST, &path, Some(b"{}".to_vec()), None)
            .await?;
        parse_ok(&answer)
    }

    /// The state of a registration.
    pub async fn status(&self, id: &str) -> Result<RegistrationState, ApiError> {
        let path = format!("/registrations/{}", path_segment(id)?);
        let answer = self.call(reqwest::Method::GET, &path, None, None).await?;
        parse_ok(&answer)
    }

    /// What was declared and what the office asks to be corrected now.
    pub async fn declaration(
        &self,
        id: &str,
        secret: &str,
    ) -> Result<DeclaredRegistration, ApiError> {
        let path = format!("/registrations/{}/declaration", path_segment(id)?);
        let answer = self
            .call(reqwest::Method::GET, &path, None, Some(secret))
            .await?;
        parse_ok(&answer)
    }

    /// Sends corrections (only what changed) under their own idempotency key: safe to call
    /// again after any error, the service answers the same resubmission.
    pub async fn resubmit(
        &self,
        id: &str,
        secret: &str,
        resubmission: &Resubmission,
    ) -> Result<RegistrationState, ApiError> {
        let url = self.url(&format!(
            "/registrations/{}/resubmission",
            path_segment(id)?
        ));
        let (content_type, body) = resubmission.multipart_body();
        let answer = retrying(
            &self.policy,
            self.sleeper.as_ref(),
            &resubmission.idempotency_key,
            |status| status == 200,
            || {
                send(
                    self.http
                        .post(&url)
                        .header(IDEMPOTENCY_KEY_HEADER, &resubmission.idempotency_key)
                        .header(AUTHORIZATION_HEADER, format!("Bearer {}", secret.trim()))
                        .header("Content-Type", &content_type)
                        .header("Accept", JSON_OR_PROBLEM)
                        .body(body.clone()),
                )
            },
            |_| {},
        )
        .await?;
        parse_ok(&answer)
    }

    /// Withdraws the consent: the service deletes the registration's personal data and
    /// photos. `secret` is the idempotency key the registration was sent with. A registration
    /// already withdrawn answers the same.
    pub async fn withdraw(&self, id: &str, secret: &str) -> Result<(), ApiError> {
        let path = format!("/registrations/{}", path_segment(id)?);
        self.call(reqwest::Method::DELETE, &path, None, Some(secret))
            .await
            .map(|_| ())
    }

    /// A copy of everything the service holds about the registration, as the JSON it sent
    /// (`RegistrationData`).
    pub async fn registration_data(&self, id: &str, secret: &str) -> Result<String, ApiError> {
        let path = format!("/registrations/{}/data", path_segment(id)?);
        let answer = self
            .call(reqwest::Method::GET, &path, None, Some(secret))
            .await?;
        let _: RegistrationData = parse_ok(&answer)?;
        Ok(String::from_utf8_lossy(&answer.body).into_owned())
    }

    /// The tờ khai as a PDF (`GET /v1/registrations/{id}/declaration.pdf`, once the code was
    /// accepted), behind the same secret as the data: it holds the whole declaration.
    pub async fn declaration_pdf(&self, id: &str, secret: &str) -> Result<Vec<u8>, ApiError> {
        let path = format!("/registrations/{}/declaration.pdf", path_segment(id)?);
        let answer = self
            .call(reqwest::Method::GET, &path, None, Some(secret))
            .await?;
        if !answer.body.starts_with(b"%PDF-") {
            return Err(ApiError::UnexpectedResponse {
                status: answer.status,
            });
        }
        Ok(answer.body.to_vec())
    }

    /// The operator's privacy notice.
    pub async fn privacy_notice(&self) -> Result<PrivacyNotice, ApiError> {
        let answer = self
            .call(reqwest::Method::GET, "/privacy", None, None)
            .await?;
        parse_ok(&answer)
    }

    /// The office directory; with the ETag of a cached copy, `NotModified` when it is current.
    pub async fn offices(&self, cached_etag: Option<&str>) -> Result<OfficesFetch, ApiError> {
        let url = self.url("/offices");
        let answer = retrying(
            &self.policy,
            self.sleeper.as_ref(),
            &url,
            |status| status == 200 || status == 304,
            || {
                let request = self.http.get(&url).header("Accept", "application/json");
                send(match cached_etag {
                    Some(etag) => request.header("If-None-Match", etag),
                    None => request,
                })
            },
            |_| {},
        )
        .await?;
        if answer.status == 304 {
            return Ok(OfficesFetch::NotModified);
        }
        let list = parse_ok(&answer)?;
        Ok(OfficesFetch::Fresh {
            etag: answer.etag,
            list,
        })
    }

    /// A JSON call (with a JSON `body`, with the applicant's `secret`) through the retry loop;
    /// the successful (2xx) answer.
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Vec<u8>>,
        secret: Option<&str>,
    ) -> Result<Answer, ApiError> {
        let url = self.url(path);
        retrying(
            &self.policy,
            self.sleeper.as_ref(),
            &url,
            |status| (200..300).contains(&status),
            || {
                let mut request = self
                    .http
                    .request(method.clone(), &url)
                    .header("Accept", JSON_OR_PROBLEM);
                if let Some(secret) = secret {
                    request =
                        request.header(AUTHORIZATION_HEADER, format!("Bearer {}", secret.trim()));
                }
                if let Some(body) = &body {
                    request = request
                        .header("Content-Type", "application/json")
                        .body(body.clone());
                }
                send(request)
            },
            |_| {},
        )
        .await
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

#[cfg(test)]
mod tests {
    use super::*;

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
