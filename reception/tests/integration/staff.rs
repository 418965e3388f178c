//! The office console's server side against a real service on loopback: sessions and CSRF,
//! the lockout on the service's manual clock, office scoping (404, never 403, for another
//! office's registration), the audit log (one line per action, append-only in SQLite).
//! The `staff` subcommands of the binary are in `staff_cli.rs`.

use crate::common::{decode_mail_body, otp_in, valid_submission, TestService};
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

async fn get(base: &str, path: &str, session: Option<&Session>) -> Answer {
    let mut request = http().get(format!("{base}{path}"));
    if let Some(session) = session {
        request = request.header("cookie", &session.cookie);
    }
    send(request).await
}

async fn logout(base: &str, session: &Session, csrf: Option<&str>) -> Answer {
    let mut request = http()
        .delete(format!("{base}/v1/staff/session"))
        .header("cookie", &session.cookie);
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    send(request).await
}

/// Creates an account directly (the binary's path is tested in `staff_cli.rs`).
fn add_staff(service: &TestService, email: &str, role: Role, offices: &[&str]) -> i64 {
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
async fn register(service: &TestService, submission: &Submission, confirm: bool) -> String {
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

fn references(answer: &Answer) -> Vec<String> {
    answer.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items: {}", answer.body))
        .iter()
        .map(|item| item["reference"].as_str().unwrap().to_string())
        .collect()
}

/// The audit lines with this action, read from the store.
fn audit_lines(
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

#[tokio::test]
async fn a_staff_of_office_001_cannot_list_view_or_fetch_photos_of_a_079_registration() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(
        &service,
        "ha.noi@bhxh.example.vn",
        Role::Supervisor,
        &["001"],
    );
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let submission = valid_submission();
    let reference = register(&service, &submission, true).await;

    let hanoi = login(&base, "ha.noi@bhxh.example.vn", PASSWORD).await;
    let list = get(&base, "/v1/staff/registrations", Some(&hanoi)).await;
    assert_eq!(list.status, 200);
    assert!(references(&list).is_empty());
    assert_eq!(list.body["total"], 0);
    let other_office = get(&base, "/v1/staff/registrations?office=079", Some(&hanoi)).await;
    assert_eq!(other_office.status, 404);
    let view = get(
        &base,
        &format!("/v1/staff/registrations/{reference}"),
        Some(&hanoi),
    )
    .await;
    let none = get(
        &base,
        "/v1/staff/registrations/DK-20261125-ZZZZZZ",
        Some(&hanoi),
    )
    .await;
    assert_eq!((view.status, none.status), (404, 404));
    assert_eq!(
        view.body, none.body,
        "the same answer as for no registration"
    );
    for slot in ["portrait", "id_front", "id_back"] {
        let path = format!("/v1/staff/registrations/{reference}/photos/{slot}");
        assert_eq!(get(&base, &path, Some(&hanoi)).await.status, 404, "{slot}");
    }

    // The office's own staff sees it all.
    let hcm = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;
    let list = get(&base, "/v1/staff/registrations?office=079", Some(&hcm)).await;
    assert_eq!(references(&list), vec![reference.clone()]);
    let item = &list.body["items"][0];
    assert_eq!(item["status"], "confirmed");
    assert_eq!(item["office"], "079");
    assert_eq!(
        item["full_name"],
        submission.request.form.full_name.as_str()
    );
    assert_eq!(item["age_days"], 0);
    assert_eq!(list.headers["cache-control"], "no-store");
    let view = get(
        &base,
        &format!("/v1/staff/registrations/{reference}"),
        Some(&hcm),
    )
    .await;
    assert_eq!(view.status, 200, "{}", view.body);
    assert_eq!(
        view.body["declaration"]["person_id"],
        submission.request.form.person_id.as_str()
    );
    let link = view.body["photos"]["id_front"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        link,
        format!("/v1/staff/registrations/{reference}/photos/id_front")
    );
    let photo = get(&base, &link, Some(&hcm)).await;
    assert_eq!(photo.status, 200);
    assert_eq!(photo.headers["content-type"], "image/jpeg");
    assert_eq!(photo.headers["cache-control"], "no-store");
    assert_eq!(photo.bytes, submission.id_front);
    let unknown_slot = format!("/v1/staff/registrations/{reference}/photos/selfie");
    assert_eq!(get(&base, &unknown_slot, Some(&hcm)).await.status, 404);
}

#[tokio::test]
async fn without_a_session_401_without_the_csrf_token_403_and_logout_ends_the_session() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "lan@bhxh.example.vn", Role::Reviewer, &["079"]);
    for path in [
        "/v1/staff/registrations",
        "/v1/staff/registrations/DK-1",
        "/v1/staff/audit",
    ] {
        let answer = get(&base, path, None).await;
        assert_eq!(answer.status, 401, "{path}");
        assert_eq!(answer.code(), "staff_unauthenticated");
        assert!(!answer.body["vi"].as_str().unwrap().is_empty());
        assert!(answer.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json"));
    }
    let forged = Session {
        cookie: format!("vssid_staff={}", "A".repeat(43)),
        csrf: String::new(),
    };
    assert_eq!(
        get(&base, "/v1/staff/registrations", Some(&forged))
            .await
            .status,
        401
    );

    let session = login(&base, "lan@bhxh.example.vn", PASSWORD).await;
    assert_eq!(
        get(&base, "/v1/staff/registrations", Some(&session))
            .await
            .status,
        200
    );
    let missing = logout(&base, &session, None).await;
    assert_eq!((missing.status, missing.code()), (403, "staff_csrf_token"));
    let wrong = logout(&base, &session, Some("not-the-token")).await;
    assert_eq!(wrong.status, 403);
    assert_eq!(
        get(&base, "/v1/staff/registrations", Some(&session))
            .await
            .status,
        200
    );

    let done = logout(&base, &session, Some(&session.csrf)).await;
    assert_eq!(done.status, 204);
    assert!(done.headers["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let after = get(&base, "/v1/staff/registrations", Some(&session)).await;
    assert_eq!((after.status, after.code()), (401, "staff_unauthenticated"));
    assert_eq!(
        logout(&base, &session, Some(&session.csrf)).await.status,
        401
    );
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_and_the_lock_doubles() {
    let service = TestService::start().await;
    let base = service.base_url();
    let email = "lan@bhxh.example.vn";
    add_staff(&service, email, Role::Reviewer, &["079"]);

    // An unknown address and a wrong password get the same answer.
    let unknown = login_answer(&base, "nobody@bhxh.example.vn", PASSWORD).await;
    let wrong = login_answer(&base, email, "wrong password 1").await;
    assert_eq!((unknown.status, wrong.status), (401, 401));
    assert_eq!(unknown.body, wrong.body);
    assert_eq!(wrong.code(), "staff_login_failed");
    for n in 2..=4 {
        let answer = login_answer(&base, email, &format!("wrong password {n}")).await;
        assert_eq!(answer.status, 401, "try {n}");
    }
    let fifth = login_answer(&base, email, "wrong password 5").await;
    assert_eq!((fifth.status, fifth.code()), (429, "staff_locked"));
    assert_eq!(fifth.headers["retry-after"], "60");
    // Locked: even the right password is refused until the lock ends.
    service.clock.advance_ms(59_000);
    let right = login_answer(&base, email, PASSWORD).await;
    assert_eq!((right.status, right.code()), (429, "staff_locked"));
    assert_eq!(right.headers["retry-after"], "1");
    // After it, one more wrong password locks for twice as long.
    service.clock.advance_ms(1_000);
    let sixth = login_answer(&base, email, "wrong password 6").await;
    assert_eq!(sixth.status, 429);
    assert_eq!(sixth.headers["retry-after"], "120");
    service.clock.advance_ms(120_000);
    login(&base, email, PASSWORD).await;
    // A right password cleared the count: the next wrong one is not locked.
    assert_eq!(login_answer(&base, email, "wrong again").await.status, 401);

    // A disabled account gets the answer of a wrong password.
    accounts::disable(&service.state, email).unwrap();
    let disabled = login_answer(&base, email, PASSWORD).await;
    assert_eq!(disabled.body, unknown.body);
    assert_eq!(audit_lines(&service, "login_failed").len(), 10);
}

#[tokio::test]
async fn sessions_end_after_30_idle_minutes_or_12_hours() {
    let service = TestService::start().await;
    let base = service.base_url();
    let email = "lan@bhxh.example.vn";
    add_staff(&service, email, Role::Reviewer, &["079"]);
    let minute = 60_000;

    let idle = login(&base, email, PASSWORD).await;
    service.clock.advance_ms(29 * minute);
    assert_eq!(
        get(&base, "/v1/staff/registrations", Some(&idle))
            .await
            .status,
        200
    );
    service.clock.advance_ms(30 * minute);
    assert_eq!(
        get(&base, "/v1/staff/registrations", Some(&idle))
            .await
            .status,
        401
    );

    let busy = login(&base, email, PASSWORD).await;
    for _ in 0..28 {
        service.clock.advance_ms(25 * minute);
        assert_eq!(
            get(&base, "/v1/staff/registrations", Some(&busy))
                .await
                .status,
            200
        );
    }
    service.clock.advance_ms(25 * minute);
    assert_eq!(
        get(&base, "/v1/staff/registrations", Some(&busy))
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn unconfirmed_registrations_appear_only_when_a_supervisor_asks_for_them() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(
        &service,
        "reviewer@bhxh.example.vn",
        Role::Reviewer,
        &["079"],
    );
    add_staff(
        &service,
        "supervisor@bhxh.example.vn",
        Role::Supervisor,
        &["079"],
    );
    let reference = register(&service, &valid_submission(), false).await;
    let reviewer = login(&base, "reviewer@bhxh.example.vn", PASSWORD).await;
    let supervisor = login(&base, "supervisor@bhxh.example.vn", PASSWORD).await;

    for session in [&reviewer, &supervisor] {
        let queue = get(&base, "/v1/staff/registrations", Some(session)).await;
        assert!(references(&queue).is_empty());
    }
    let asked = get(
        &base,
        "/v1/staff/registrations?status=received",
        Some(&reviewer),
    )
    .await;
    assert_eq!((asked.status, asked.code()), (403, "staff_forbidden"));
    let view = format!("/v1/staff/registrations/{reference}");
    assert_eq!(get(&base, &view, Some(&reviewer)).await.status, 404);
    let asked = get(
        &base,
        "/v1/staff/registrations?status=received",
        Some(&supervisor),
    )
    .await;
    assert_eq!(references(&asked), vec![reference]);
    assert_eq!(get(&base, &view, Some(&supervisor)).await.status, 200);
    let bad = get(
        &base,
        "/v1/staff/registrations?status=lost",
        Some(&supervisor),
    )
    .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn the_list_searches_folded_names_and_numbers_and_the_view_shows_duplicates() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let first_submission = valid_submission();
    let first = register(&service, &first_submission, true).await;
    service.clock.advance_ms(3 * 86_400_000);
    let second = register(&service, &valid_submission(), true).await;
    service.clock.advance_ms(1_000);
    let mut elsewhere = valid_submission();
    elsewhere.request.office = "001".into();
    register(&service, &elsewhere, true).await;
    let session = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;

    let all = get(&base, "/v1/staff/registrations", Some(&session)).await;
    assert_eq!(
        references(&all),
        vec![first.clone(), second.clone()],
        "oldest first"
    );
    assert_eq!(all.body["items"][0]["age_days"], 3);
    let name = vssid_core::text::fold(&first_submission.request.form.full_name).to_uppercase();
    let form = &first_submission.request.form;
    for q in [
        name.as_str(),
        form.bhxh_code.as_str(),
        form.person_id.as_str(),
        &first[3..],
    ] {
        let url = format!("/v1/staff/registrations?q={}", q.replace(' ', "+"));
        let found = get(&base, &url, Some(&session)).await;
        assert!(references(&found).contains(&first), "{q}: {}", found.body);
    }
    let nothing = get(&base, "/v1/staff/registrations?q=zzzz", Some(&session)).await;
    assert_eq!(nothing.body["total"], 0);
    let page_two = get(&base, "/v1/staff/registrations?page=2", Some(&session)).await;
    assert!(references(&page_two).is_empty());
    assert_eq!(page_two.body["total"], 2);

    let view = get(
        &base,
        &format!("/v1/staff/registrations/{first}"),
        Some(&session),
    )
    .await;
    let duplicates = view.body["possible_duplicates"].as_array().unwrap().clone();
    assert_eq!(duplicates.len(), 2, "{duplicates:?}");
    assert_eq!(duplicates[0]["reference"], second.as_str());
    assert_eq!(duplicates[0]["status"], "confirmed");
    // Another office's registration: its office is said, its reference is not.
    assert_eq!(duplicates[1]["reference"], Value::Null);
    assert_eq!(duplicates[1]["office"], "001");
}

#[tokio::test]
async fn each_action_appears_once_in_the_audit_log_which_reviewers_cannot_read() {
    let service = TestService::start().await;
    let base = service.base_url();
    let staff_id = add_staff(&service, "sup@bhxh.example.vn", Role::Supervisor, &["079"]);
    add_staff(&service, "rev@bhxh.example.vn", Role::Reviewer, &["079"]);
    let reference = register(&service, &valid_submission(), true).await;

    assert_eq!(
        login_answer(&base, "sup@bhxh.example.vn", "wrong password")
            .await
            .status,
        401
    );
    let session = login(&base, "sup@bhxh.example.vn", PASSWORD).await;
    get(&base, "/v1/staff/registrations", Some(&session)).await;
    get(
        &base,
        &format!("/v1/staff/registrations/{reference}"),
        Some(&session),
    )
    .await;
    get(
        &base,
        &format!("/v1/staff/registrations/{reference}/photos/portrait"),
        Some(&session),
    )
    .await;
    let at = service.state.clock().now_ms();

    let audit = get(
        &base,
        &format!("/v1/staff/audit?staff={staff_id}"),
        Some(&session),
    )
    .await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "view_photo",
            "view_registration",
            "list_registrations",
            "login",
            "login_failed"
        ],
        "newest first, each once"
    );
    let by_reference = get(
        &base,
        &format!("/v1/staff/audit?reference={reference}"),
        Some(&session),
    )
    .await;
    assert_eq!(by_reference.body["items"].as_array().unwrap().len(), 2);
    let later = get(
        &base,
        "/v1/staff/audit?since=2030-01-01T00:00:00Z",
        Some(&session),
    )
    .await;
    assert_eq!(later.body["items"], json!([]));

    assert_eq!(
        logout(&base, &session, Some(&session.csrf)).await.status,
        204
    );
    for (action, count) in [
        ("login_failed", 1),
        ("login", 1),
        ("list_registrations", 1),
        ("view_registration", 1),
        ("view_photo", 1),
        ("view_audit", 3),
        ("logout", 1),
        ("staff_added", 2),
    ] {
        let lines = audit_lines(&service, action);
        assert_eq!(lines.len(), count, "{action}");
        for line in lines {
            assert_eq!(
                line.client,
                if action == "staff_added" {
                    "cli"
                } else {
                    "127.0.0.1"
                }
            );
            if action.starts_with("view_") && action != "view_audit" {
                assert_eq!(line.reference.as_deref(), Some(reference.as_str()));
                assert_eq!(line.at_ms, at);
            }
            if action != "staff_added" {
                assert_eq!(line.staff_id, Some(staff_id));
            }
        }
    }
    assert!(audit_lines(&service, "view_photo")[0].detail == "portrait");

    let reviewer = login(&base, "rev@bhxh.example.vn", PASSWORD).await;
    let refused = get(&base, "/v1/staff/audit", Some(&reviewer)).await;
    assert_eq!((refused.status, refused.code()), (403, "staff_forbidden"));
}

#[tokio::test]
async fn the_audit_log_refuses_update_and_delete_in_sqlite() {
    let service = TestService::start().await;
    add_staff(&service, "sup@bhxh.example.vn", Role::Admin, &["079"]);
    login(&service.base_url(), "sup@bhxh.example.vn", PASSWORD).await;
    let path = service.state.config().database_path();
    let connection = rusqlite::Connection::open(&path).unwrap();
    let count = || -> i64 {
        connection
            .query_row("SELECT COUNT(*) FROM audit_log", [], |row| row.get(0))
            .unwrap()
    };
    assert_eq!(count(), 2, "staff_added, login");
    for sql in [
        "UPDATE audit_log SET action = 'nothing'",
        "UPDATE audit_log SET detail = '' WHERE id = 1",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = 2",
    ] {
        let error = connection.execute(sql, []).unwrap_err();
        assert!(error.to_string().contains("append-only"), "{sql}: {error}");
    }
    assert_eq!(count(), 2);
    let actions: Vec<String> = connection
        .prepare("SELECT action FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(actions, ["staff_added", "login"]);
    // Appending still works.
    connection
        .execute(
            "INSERT INTO audit_log (at_ms, action, client) VALUES (1, 'test', 'test')",
            [],
        )
        .unwrap();
    assert_eq!(count(), 3);
}
