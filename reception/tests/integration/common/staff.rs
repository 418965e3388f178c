//! Helpers of the staff API tests: logins, requests with the session cookie and CSRF token,
//! accounts and registrations to look at, the audit log's lines.

use super::{decode_mail_body, otp_in, TestService};
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use vssid_client::Submission;
use vssid_reception::staff::accounts::{self, AccountRequest};
use vssid_reception::staff::Role;

pub const PASSWORD: &str = "mật khẩu đủ dài 2026";

/// An HTTP answer: status, headers, JSON body (`Null` when there is none).
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

/// A logged-in staff member: the cookie and the CSRF token.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

pub async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("answer");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body").to_vec();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
        bytes,
    }
}

pub fn http() -> reqwest::Client {
    vssid_client::http_client().expect("client")
}

pub async fn login_answer(base: &str, email: &str, password: &str) -> Answer {
    send(
        http()
            .post(format!("{base}/v1/staff/session"))
            .header("content-type", "application/json")
            .body(json!({"email": email, "password": password}).to_string()),
    )
    .await
}

pub async fn login(base: &str, email: &str, password: &str) -> Session {
    let answer = login_answer(base, email, password).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let set_cookie = answer.headers["set-cookie"].to_str().unwrap().to_string();
    for attribute in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/",
        "Max-Age=43200",
    ] {
        assert!(
            set_cookie.split("; ").any(|a| a == attribute),
            "{set_cookie}"
        );
    }
    Session {
        cookie: set_cookie.split(';').next().unwrap().to_string(),
        csrf: answer.body["csrf_token"].as_str().unwrap().to_string(),
    }
}

/// `request` with the session's cookie, and the CSRF token `csrf` when one is given.
pub fn signed_in(
    request: reqwest::RequestBuilder,
    session: &Session,
    csrf: Option<&str>,
) -> reqwest::RequestBuilder {
    let request = request.header("cookie", &session.cookie);
    match csrf {
        Some(csrf) => request.header("x-csrf-token", csrf),
        None => request,
    }
}

pub async fn get(base: &str, path: &str, session: Option<&Session>) -> Answer {
    let request = http().get(format!("{base}{path}"));
    send(match session {
        Some(session) => signed_in(request, session, None),
        None => request,
    })
    .await
}

pub async fn logout(base: &str, session: &Session, csrf: Option<&str>) -> Answer {
    send(signed_in(
        http().delete(format!("{base}/v1/staff/session")),
        session,
        csrf,
    ))
    .await
}

/// Creates an account directly (the binary's path is tested in `staff_cli.rs`).
pub fn add_staff(service: &TestService, email: &str, role: Role, offices: &[&str]) -> i64 {
    accounts::add(
        &service.state,
        &AccountRequest {
            email: email.into(),
            name: format!("Cán bộ {email}"),
            role,
            offices: offices.iter().map(|o| o.to_string()).collect(),
            password: PASSWORD.into(),
        },
    )
    .expect("staff added")
}

/// Submits a registration (confirmed with its e-mail code when asked); its reference.
pub async fn register(service: &TestService, submission: &Submission, confirm: bool) -> String {
    let client = service.client();
    let receipt = client.submit(submission, |_| {}).await.unwrap();
    if confirm {
        let mail = service
            .state
            .config()
            .outbox_path()
            .join(format!("{}-0.eml", receipt.reference));
        let raw = std::fs::read_to_string(mail).expect("the code e-mail");
        let code = otp_in(&decode_mail_body(&raw));
        client.confirm_otp(&receipt.id, &code).await.unwrap();
    }
    receipt.reference
}

pub fn references(answer: &Answer) -> Vec<String> {
    answer.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items: {}", answer.body))
        .iter()
        .map(|item| item["reference"].as_str().unwrap().to_string())
        .collect()
}

/// The audit lines with this action, read from the store.
pub fn audit_lines(
    service: &TestService,
    action: &str,
) -> Vec<vssid_reception::store::staff::AuditEntry> {
    service
        .state
        .staff()
        .audit(&vssid_reception::store::staff::AuditFilter {
            limit: 10_000,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|line| line.action == action)
        .collect()
}

/// `POST …/review`: a reviewer takes the registration from the queue.
pub async fn start_review(base: &str, session: &Session, reference: &str) -> Answer {
    let request = http().post(format!("{base}/v1/staff/registrations/{reference}/review"));
    send(signed_in(request, session, Some(&session.csrf))).await
}

/// `POST …/decision` with `body` (with the session's CSRF token when `csrf`).
pub async fn decide(
    base: &str,
    session: &Session,
    reference: &str,
    body: Value,
    csrf: bool,
) -> Answer {
    let request = http()
        .post(format!(
            "{base}/v1/staff/registrations/{reference}/decision"
        ))
        .header("content-type", "application/json")
        .body(body.to_string());
    send(signed_in(
        request,
        session,
        csrf.then_some(session.csrf.as_str()),
    ))
    .await
}
