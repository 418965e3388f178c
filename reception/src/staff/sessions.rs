//! Staff sessions: `POST /v1/staff/session` (login: e-mail and password; a cookie with an
//! opaque random token and a CSRF token in the body), `DELETE /v1/staff/session` (logout),
//! and the [`StaffSession`] extractor every staff route takes: no live session → 401; a
//! state-changing method without the session's `X-CSRF-Token` → 403.
//!
//! The cookie's token is 32 random bytes (base64url); the database keeps only its SHA-256.
//! A wrong address and a wrong password get the same answer, and an unknown address is
//! checked against a dummy hash so that both take as long.

use super::audit::{client_text, record, record_by, Action};
use super::call::StaffCall;
use super::{password, StaffProblem, LOCKOUT_POLICY, SESSION_POLICY};
use crate::client_addr::ClientAddr;
use crate::photos::sha256_hex;
use crate::problem::{blocking, ApiProblem};
use crate::store::staff::{NewSession, Role, StaffAccount};
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;
use vssid_core::api::StaffLogin;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "vssid_staff";
/// The header that carries the CSRF token on state-changing requests.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A live session of a staff account, for the staff routes. Its `Debug` names the account
/// only: the token's hash and the CSRF token stay out of logs.
#[derive(Clone)]
pub struct StaffSession {
    pub account: StaffAccount,
    pub token_sha256: String,
    /// The session's CSRF token (the console's pages put it in their forms).
    pub csrf_token: String,
}

impl std::fmt::Debug for StaffSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffSession")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// The answer to a login.
#[derive(Debug, Serialize)]
pub struct SessionInfo {
    pub csrf_token: String,
    pub name: String,
    pub role: Role,
    pub offices: Vec<String>,
}

/// 32 random bytes, base64url without padding (43 characters).
fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The cookie of a new session.
pub(crate) fn session_cookie(token: &str) -> HeaderValue {
    cookie(token, SESSION_POLICY.absolute_ms / 1000)
}

/// The cookie that deletes the session's.
pub(crate) fn cleared_cookie() -> HeaderValue {
    cookie("", 0)
}

/// The session cookie with `value`, kept `max_age` seconds (0 deletes it).
fn cookie(value: &str, max_age: i64) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={value}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={max_age}"
    ))
    .expect("tokens are base64url")
}

/// The session token of the request's `Cookie` headers.
fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim().to_string())
        .filter(|value| value.len() == 43)
}

/// Compares without stopping at the first difference.
fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (
        sha256_hex(given.as_bytes()),
        sha256_hex(expected.as_bytes()),
    );
    a.bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// The live session of the request's cookie (its last use moved to now), or
/// `401 staff_unauthenticated`. The CSRF token is not checked here: see [`csrf_matches`].
pub(crate) async fn live_session(
    headers: &HeaderMap,
    state: &AppState,
) -> Result<StaffSession, ApiProblem> {
    let token = cookie_token(headers).ok_or(StaffProblem::Unauthenticated)?;
    let token_sha256 = sha256_hex(token.as_bytes());
    let worker = state.clone();
    let hash = token_sha256.clone();
    let session = blocking(move || {
        let now = worker.clock().now_ms();
        Ok(worker.staff().session(&hash, now, SESSION_POLICY)?)
    })
    .await?
    .ok_or(StaffProblem::Unauthenticated)?;
    Ok(StaffSession {
        account: session.account,
        token_sha256,
        csrf_token: session.csrf_token,
    })
}

/// Whether `given` is the session's CSRF token (compared without stopping at the first
/// difference).
pub(crate) fn csrf_matches(given: &str, session: &StaffSession) -> bool {
    same_secret(given, &session.csrf_token)
}

impl FromRequestParts<AppState> for StaffSession {
    type Rejection = ApiProblem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = live_session(&parts.headers, state).await?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let given = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !csrf_matches(given, &session) {
                return Err(StaffProblem::CsrfToken.into());
            }
        }
        Ok(session)
    }
}

/// What a login came to.
pub(crate) enum Login {
    Opened { token: String, info: SessionInfo },
    Refused(ApiProblem),
}

/// `POST /v1/staff/session`.
pub async fn login(
    State(state): State<AppState>,
    client: ClientAddr,
    body: Result<Json<StaffLogin>, JsonRejection>,
) -> Result<Response, ApiProblem> {
    let Json(request) = body.map_err(|rejection| {
        ApiProblem::bad_request(format!(
            "expected {{\"email\": \"…\", \"password\": \"…\"}}: {}",
            rejection.body_text()
        ))
    })?;
    match blocking(move || check_login(&state, &request, &client_text(client))).await? {
        Login::Opened { token, info } => {
            let mut response = super::private_json::private_json(&info).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, session_cookie(&token));
            Ok(response)
        }
        Login::Refused(problem) => Err(problem),
    }
}

/// Checks the password (blocking: Argon2 and the database), counts failures, opens the
/// session; every outcome is audited. The console's sign-in page calls it too.
pub(crate) fn check_login(
    state: &AppState,
    request: &StaffLogin,
    client: &str,
) -> Result<Login, ApiProblem> {
    let now = state.clock().now_ms();
    let email = request.email_key();
    let refused = |staff_id: Option<i64>, detail: &str, problem: ApiProblem| {
        record(state, staff_id, Action::LoginFailed, None, client, detail)?;
        Ok(Login::Refused(problem))
    };
    let account = if email.is_empty() {
        None
    } else {
        state.staff().staff_by_email(&email)?
    };
    let Some(account) = account else {
        let _ = password::verify(&request.password, password::dummy_hash());
        // The address typed is not recorded: people type passwords into the wrong box.
        return refused(None, "unknown account", StaffProblem::LoginFailed.into());
    };
    if let Some(until) = account.locked_until_ms.filter(|until| *until > now) {
        let problem = ApiProblem::from(StaffProblem::Locked).retry_after_ms(until - now);
        return refused(Some(account.id), "locked", problem);
    }
    let right = password::verify(&request.password, &account.password_hash);
    if account.disabled {
        return refused(
            Some(account.id),
            "disabled",
            StaffProblem::LoginFailed.into(),
        );
    }
    let failure = if !right {
        Some("wrong password")
    } else if let Some(secret) = &account.totp_secret {
        second_factor_failure(state, &account, secret, request, now)?
    } else {
        None
    };
    if let Some(failure) = failure {
        return match state
            .staff()
            .login_failed(account.id, now, LOCKOUT_POLICY)?
        {
            Some(until) => refused(
                Some(account.id),
                &format!("{failure}; locked"),
                ApiProblem::from(StaffProblem::Locked).retry_after_ms(until - now),
            ),
            None => refused(Some(account.id), failure, StaffProblem::LoginFailed.into()),
        };
    }
    let token = new_token().map_err(ApiProblem::internal)?;
    let csrf_token = new_token().map_err(ApiProblem::internal)?;
    state.staff().login_succeeded(&NewSession {
        token_sha256: sha256_hex(token.as_bytes()),
        staff_id: account.id,
        csrf_token: csrf_token.clone(),
        created_at_ms: now,
    })?;
    record(state, Some(account.id), Action::Login, None, client, "")?;
    Ok(Login::Opened {
        token,
        info: SessionInfo {
            csrf_token,
            name: account.name,
            role: account.role,
            offices: account.offices,
        },
    })
}

/// Why the second factor refuses the login (`None`: the code is right and now used).
/// A missing, wrong or reused code is a failed login like a wrong password, with the same
/// answer, so that the answer never tells that the password was right.
fn second_factor_failure(
    state: &AppState,
    account: &StaffAccount,
    secret: &str,
    request: &StaffLogin,
    now_ms: i64,
) -> Result<Option<&'static str>, ApiProblem> {
    if request.totp.is_none() {
        return Ok(Some("no second-factor code"));
    }
    let Some(code) = request.totp_digits() else {
        return Ok(Some("wrong second-factor code"));
    };
    let step = super::totp::matching_step(secret, &code, now_ms).map_err(ApiProblem::internal)?;
    Ok(match step {
        None => Some("wrong second-factor code"),
        Some(step) if !state.staff().use_totp_step(account.id, step)? => {
            Some("second-factor code used again")
        }
        Some(_) => None,
    })
}

/// `DELETE /v1/staff/session`: ends the session (with its CSRF token), clears the cookie.
pub async fn logout(call: StaffCall) -> Result<Response, ApiProblem> {
    call.run(end_session).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cleared_cookie());
    Ok(response)
}

/// Ends the session (with its CSRF token) and audits the logout (blocking).
pub(crate) fn end_session(
    state: &AppState,
    session: &StaffSession,
    client: ClientAddr,
) -> Result<(), ApiProblem> {
    state.staff().end_session(&session.token_sha256)?;
    record_by(state, session, client, Action::Logout, None, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_32_random_bytes_in_base64url() {
        let a = new_token().unwrap();
        assert_eq!(a.len(), 43);
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_ne!(a, new_token().unwrap());
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let token = new_token().unwrap();
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=b"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("lang=vi; {COOKIE_NAME}={token}")).unwrap(),
        );
        assert_eq!(cookie_token(&headers), Some(token));
        let mut short = HeaderMap::new();
        short.insert(header::COOKIE, HeaderValue::from_static("vssid_staff=abc"));
        assert_eq!(cookie_token(&short), None);
        let set = cookie("x", 43_200);
        assert_eq!(
            set.to_str().unwrap(),
            "vssid_staff=x; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=43200"
        );
        assert!(same_secret("abc", "abc") && !same_secret("abc", "abd"));
    }
}
