//! The console's pages against a real service on loopback: no session leads to the sign-in
//! page; the sign-in form opens the same session as the API (cookie HttpOnly, Secure,
//! SameSite=Strict); another office's registration is 404 like none; forms without the
//! session's CSRF token are refused (403) and change nothing; a decision made on the page
//! moves the status and is audited once; the language switch is remembered; registrations
//! past the review window are marked overdue; signing out ends the session.

use crate::common::staff::*;
use crate::common::{valid_submission, TestService};
use vssid_core::api::REVIEW_WINDOW_DAYS;
use vssid_reception::staff::Role;

/// A page's answer as text.
pub(crate) struct PageAnswer {
    pub status: u16,
    location: String,
    set_cookie: Vec<String>,
    pub text: String,
}

async fn fetch(request: reqwest::RequestBuilder) -> PageAnswer {
    let answer = send(request).await;
    PageAnswer {
        status: answer.status,
        location: answer
            .headers
            .get("location")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default(),
        set_cookie: answer
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect(),
        text: String::from_utf8(answer.bytes).expect("UTF-8 page"),
    }
}

pub(crate) async fn page(base: &str, path: &str, cookie: Option<&str>) -> PageAnswer {
    let request = http().get(format!("{base}{path}"));
    fetch(match cookie {
        Some(cookie) => request.header("cookie", cookie),
        None => request,
    })
    .await
}

pub(crate) async fn post_form(
    base: &str,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> PageAnswer {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let request = http()
        .post(format!("{base}{path}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    fetch(match cookie {
        Some(cookie) => request.header("cookie", cookie),
        None => request,
    })
    .await
}

/// Borrowed pairs of owned ones.
fn as_pairs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

/// Signs in through the console's form; the cookie to send back.
pub(crate) async fn sign_in(base: &str, email: &str) -> String {
    let answer = post_form(
        base,
        "/console/sign-in",
        None,
        &[("email", email), ("password", PASSWORD), ("totp", "")],
    )
    .await;
    assert_eq!(answer.status, 303, "{}", answer.text);
    assert_eq!(answer.location, "/console/");
    let cookie = answer
        .set_cookie
        .iter()
        .find(|c| c.starts_with("vssid_staff="))
        .expect("the session cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(cookie.split("; ").any(|a| a == attribute), "{cookie}");
    }
    cookie.split(';').next().unwrap().to_string()
}

/// The CSRF token of a page's forms.
pub(crate) fn csrf_of(page: &str) -> String {
    let start = page
        .find(r#"name="csrf_token" value=""#)
        .expect("a form with the CSRF token")
        + r#"name="csrf_token" value=""#.len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn pages_without_a_session_lead_to_the_sign_in_page() {
    let service = TestService::start().await;
    let base = service.base_url();
    for path in [
        "/console/",
        "/console/registrations/DK-20261125-ZZZZZZ",
        "/console/export",
    ] {
        let answer = page(&base, path, None).await;
        assert_eq!(
            (answer.status, answer.location.as_str()),
            (303, "/console/sign-in"),
            "{path}"
        );
    }
    let posted = post_form(
        &base,
        "/console/registrations/DK-20261125-ZZZZZZ/decision",
        None,
        &[("decision", "reject")],
    )
    .await;
    assert_eq!(
        (posted.status, posted.location.as_str()),
        (303, "/console/sign-in")
    );
    let old = page(
        &base,
        "/console/",
        Some("vssid_staff=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
    )
    .await;
    assert_eq!(old.status, 303, "an unknown session is none");

    // The sign-in page: Vietnamese first, each field labelled, the `totp` field there.
    let form = page(&base, "/console/sign-in", None).await;
    assert_eq!(form.status, 200);
    assert!(form.text.starts_with("<!doctype html>\n<html lang=\"vi\">"));
    for needle in [
        r#"<label for="email">"#,
        r#"<label for="password">"#,
        r#"<label for="totp">"#,
        r#"name="totp""#,
        "Đăng nhập",
    ] {
        assert!(form.text.contains(needle), "{needle}");
    }
    // A wrong password: the form again with the login's refusal, and an audit line.
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let wrong = post_form(
        &base,
        "/console/sign-in",
        None,
        &[
            ("email", "hcm@bhxh.example.vn"),
            ("password", "sai mật khẩu rồi"),
        ],
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert!(wrong
        .text
        .contains("Email, mật khẩu hoặc mã xác thực không đúng"));
    assert!(wrong.text.contains(r#"value="hcm@bhxh.example.vn""#));
    assert!(wrong.set_cookie.is_empty());
    assert_eq!(audit_lines(&service, "login_failed").len(), 1);
}

#[tokio::test]
async fn staff_of_001_cannot_see_a_079_registration_in_the_console() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hn@bhxh.example.vn", Role::Supervisor, &["001"]);
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let submission = valid_submission();
    let reference = register(&service, &submission, true).await;
    let name = submission.request.form.full_name.as_str();

    let hanoi = sign_in(&base, "hn@bhxh.example.vn").await;
    let queue = page(&base, "/console/", Some(&hanoi)).await;
    assert_eq!(queue.status, 200);
    assert!(!queue.text.contains(&reference) && !queue.text.contains(name));
    let other_office = page(&base, "/console/?office=079", Some(&hanoi)).await;
    assert_eq!(other_office.status, 404);
    let view = page(
        &base,
        &format!("/console/registrations/{reference}"),
        Some(&hanoi),
    )
    .await;
    let none = page(
        &base,
        "/console/registrations/DK-20261125-ZZZZZZ",
        Some(&hanoi),
    )
    .await;
    assert_eq!((view.status, none.status), (404, 404));
    assert!(!view.text.contains(name));
    // Deciding on it through the page: 404 as well, and nothing moved.
    let csrf = csrf_of(&queue.text);
    let decided = post_form(
        &base,
        &format!("/console/registrations/{reference}/decision"),
        Some(&hanoi),
        &[
            ("csrf_token", &csrf),
            ("decision", "reject"),
            ("reason", "duplicate"),
        ],
    )
    .await;
    assert_eq!(decided.status, 404);
    assert!(audit_lines(&service, "decide").is_empty());

    // The office's own staff sees it in the queue, with the counts, and on its page.
    let hcm = sign_in(&base, "hcm@bhxh.example.vn").await;
    let queue = page(&base, "/console/", Some(&hcm)).await;
    assert_eq!(queue.status, 200);
    assert!(queue.text.contains(&format!(
        r#"<a class="open" href="/console/registrations/{reference}">{reference}</a>"#
    )));
    assert!(
        queue.text.contains(name),
        "the name as stored, not escaped away"
    );
    assert!(queue.text.contains("Số hồ sơ theo trạng thái"));
    assert!(queue.text.contains(
        r#"<a href="/console/?office=079&amp;status=confirmed" aria-label="Chờ xem xét: 1">1</a>"#
    ));
    assert!(!queue.text.contains("Quá hạn</strong>"), "not overdue yet");
    let view = page(
        &base,
        &format!("/console/registrations/{reference}"),
        Some(&hcm),
    )
    .await;
    assert_eq!(view.status, 200);
    for slot in ["portrait", "id_front", "id_back"] {
        assert!(
            view.text.contains(&format!(
                r#"<img src="/v1/staff/registrations/{reference}/photos/{slot}""#
            )),
            "{slot}"
        );
    }
    assert!(view.text.contains(&submission.request.form.person_id));
    assert!(view.text.contains("Tân Định"), "the commune by name");
    // The reasons are the core's, in Vietnamese.
    assert!(view.text.contains("Ảnh chân dung chưa đúng quy định"));
    let views = audit_lines(&service, "view_registration");
    assert_eq!(
        views.len(),
        1,
        "one view audited (the other office's was a 404)"
    );
    assert_eq!(views[0].reference.as_deref(), Some(reference.as_str()));
}

#[tokio::test]
async fn a_decision_on_the_page_needs_the_csrf_token_and_is_audited_once() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let submission = valid_submission();
    let reference = register(&service, &submission, true).await;
    let cookie = sign_in(&base, "hcm@bhxh.example.vn").await;
    let path = format!("/console/registrations/{reference}");
    let view = page(&base, &path, Some(&cookie)).await;
    let csrf = csrf_of(&view.text);
    let changes = |token: &str| -> Vec<(&'static str, String)> {
        vec![
            ("csrf_token", token.to_string()),
            ("decision", "request_changes".into()),
            ("reason", "portrait_unsuitable".into()),
            ("fields", "portrait".into()),
            ("note", "Ảnh chân dung đeo kính râm".into()),
        ]
    };
    let status = || {
        service
            .state
            .store()
            .find_by_reference(&reference)
            .unwrap()
            .unwrap()
            .status
            .as_str()
    };

    // Without the token, or with another: 403, nothing recorded.
    for form in [changes("")[1..].to_vec(), changes("not-the-token")] {
        let refused = post_form(
            &base,
            &format!("{path}/decision"),
            Some(&cookie),
            &as_pairs(&form),
        )
        .await;
        assert_eq!(refused.status, 403, "{}", refused.text);
        assert!(refused.text.contains("mã bảo vệ"));
    }
    let refused = post_form(&base, &format!("{path}/review"), Some(&cookie), &[]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(status(), "confirmed");
    assert!(audit_lines(&service, "decide").is_empty());

    // A body the core refuses: the page again, with the core's message, nothing recorded.
    let bad = post_form(
        &base,
        &format!("{path}/decision"),
        Some(&cookie),
        &[
            ("csrf_token", &csrf),
            ("decision", "approve"),
            ("reason", "verified"),
            ("account_name", "12345"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad
        .text
        .contains("Tên đăng nhập đã cấp phải là Mã BHXH hợp lệ"));
    assert_eq!(status(), "confirmed");

    // Taken from the queue, then changes asked for: each moves the status and is audited.
    let taken = post_form(
        &base,
        &format!("{path}/review"),
        Some(&cookie),
        &[("csrf_token", &csrf)],
    )
    .await;
    assert_eq!(
        (taken.status, taken.location.as_str()),
        (303, path.as_str())
    );
    assert_eq!(status(), "in_review");
    let form = changes(&csrf);
    let done = post_form(
        &base,
        &format!("{path}/decision"),
        Some(&cookie),
        &as_pairs(&form),
    )
    .await;
    assert_eq!((done.status, done.location.as_str()), (303, path.as_str()));
    assert_eq!(status(), "changes_requested");
    let decided = audit_lines(&service, "decide");
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0].reference.as_deref(), Some(reference.as_str()));
    assert_eq!(decided[0].detail, "request_changes:portrait_unsuitable");
    assert_eq!(audit_lines(&service, "review_started").len(), 1);
    // The page shows the decision in its history, and no more decision forms.
    let after = page(&base, &path, Some(&cookie)).await;
    assert!(after
        .text
        .contains("Yêu cầu bổ sung: Ảnh chân dung chưa đúng quy định"));
    assert!(after.text.contains("cần bổ sung: Ảnh cá nhân"));
    assert!(!after.text.contains(r#"id="changes-form""#));
    // Deciding again: 409, shown on the page.
    let again = post_form(
        &base,
        &format!("{path}/decision"),
        Some(&cookie),
        &as_pairs(&form),
    )
    .await;
    assert_eq!(again.status, 409);
    assert!(again
        .text
        .contains("Không thể thực hiện với hồ sơ ở trạng thái hiện tại"));
    assert_eq!(audit_lines(&service, "decide").len(), 1);
}

#[tokio::test]
async fn the_language_is_remembered_overdue_ones_are_marked_and_signing_out_ends_the_session() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let reference = register(&service, &valid_submission(), true).await;
    let cookie = sign_in(&base, "hcm@bhxh.example.vn").await;

    let english = page(&base, "/console/?lang=en", Some(&cookie)).await;
    assert_eq!(english.status, 200);
    assert!(english.text.contains("<html lang=\"en\">"));
    assert!(english.text.contains("Registration queue"));
    let lang = english
        .set_cookie
        .iter()
        .find(|c| c.starts_with("vssid_console_lang=en"))
        .expect("the language cookie");
    assert!(lang.contains("SameSite=Strict") && lang.contains("Path=/console"));
    let both = format!("{cookie}; vssid_console_lang=en");
    let remembered = page(&base, "/console/", Some(&both)).await;
    assert!(remembered.text.contains("Registration queue"));
    assert!(remembered.text.contains(r#"href="/console/?lang=vi""#));
    assert_eq!(
        remembered.set_cookie.len(),
        0,
        "the cookie is set only when asked"
    );

    // Ten days after confirmation the registration is overdue, in the list and the counts
    // (the session of ten days ago has ended: a new one).
    service
        .clock
        .advance_ms(REVIEW_WINDOW_DAYS * 86_400_000 + 60_000);
    assert_eq!(page(&base, "/console/", Some(&cookie)).await.status, 303);
    let cookie = sign_in(&base, "hcm@bhxh.example.vn").await;
    let queue = page(&base, "/console/", Some(&cookie)).await;
    assert!(
        queue.text.contains(r#"<tr class="overdue">"#),
        "{}",
        queue.text
    );
    assert!(queue.text.contains("10 ngày <strong>Quá hạn</strong>"));
    assert!(queue.text.contains(&reference));
    let view = page(
        &base,
        &format!("/console/registrations/{reference}"),
        Some(&cookie),
    )
    .await;
    assert!(view
        .text
        .contains(r#"<strong class="overdue">Quá hạn</strong>"#));

    // Signing out: the token is needed; then the session is gone.
    let csrf = csrf_of(&queue.text);
    let refused = post_form(&base, "/console/sign-out", Some(&cookie), &[]).await;
    assert_eq!(refused.status, 403);
    let out = post_form(
        &base,
        "/console/sign-out",
        Some(&cookie),
        &[("csrf_token", &csrf)],
    )
    .await;
    assert_eq!(
        (out.status, out.location.as_str()),
        (303, "/console/sign-in")
    );
    assert!(out
        .set_cookie
        .iter()
        .any(|c| c.starts_with("vssid_staff=;") && c.contains("Max-Age=0")));
    assert_eq!(page(&base, "/console/", Some(&cookie)).await.status, 303);
    assert_eq!(audit_lines(&service, "logout").len(), 1);
    assert_eq!(audit_lines(&service, "login").len(), 2);
}

#[tokio::test]
async fn console_pages_forbid_framing_and_other_origins() {
    let service = TestService::start().await;
    let answer = send(http().get(format!("{}/console/sign-in", service.base_url()))).await;
    let csp = answer.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(answer.headers["cache-control"], "no-store");
    assert_eq!(answer.headers["x-frame-options"], "DENY");
    let script = send(http().get(format!("{}/console/console.js", service.base_url()))).await;
    assert_eq!(script.status, 200);
    assert!(script.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
}

#[tokio::test]
async fn the_sign_in_form_takes_the_authenticator_code_of_an_account_with_one() {
    use vssid_reception::clock::Clock;
    let service = TestService::start().await;
    let base = service.base_url();
    let email = "lan@bhxh.example.vn";
    add_staff(&service, email, Role::Reviewer, &["079"]);
    let setup = vssid_reception::staff::accounts::set_totp(&service.state, email).unwrap();
    let form = [("email", email), ("password", PASSWORD), ("totp", "")];
    // Without the code (an empty field), the form comes back refused.
    let without = post_form(&base, "/console/sign-in", None, &form).await;
    assert_eq!(without.status, 401, "{}", without.text);
    assert!(without.text.contains("mã xác thực"), "{}", without.text);
    let code = vssid_reception::staff::totp::code_at(
        &setup.secret,
        (service.clock.now_ms() / 1000) as u64,
    )
    .unwrap();
    let form = [
        ("email", email),
        ("password", PASSWORD),
        ("totp", code.as_str()),
    ];
    let with = post_form(&base, "/console/sign-in", None, &form).await;
    assert_eq!(with.status, 303, "{}", with.text);
    let details: Vec<String> = audit_lines(&service, "login_failed")
        .into_iter()
        .map(|line| line.detail)
        .collect();
    assert_eq!(details, ["no second-factor code"]);
}

#[tokio::test]
async fn a_search_is_sent_by_post_and_keeps_names_out_of_addresses() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let submission = valid_submission();
    let reference = register(&service, &submission, true).await;
    let name = submission.request.form.full_name.clone();
    let cookie = sign_in(&base, "hcm@bhxh.example.vn").await;
    let queue = page(&base, "/console/", Some(&cookie)).await;
    // The form posts; its text goes nowhere in an address.
    assert!(queue
        .text
        .contains(r#"<form method="post" action="/console/search""#));
    let csrf = csrf_of(&queue.text);

    // Without the session's token: refused, nothing searched.
    let forged = post_form(
        &base,
        "/console/search",
        Some(&cookie),
        &[("q", name.as_str())],
    )
    .await;
    assert_eq!(forged.status, 403);
    let lines_before = audit_lines(&service, "list_registrations").len();

    let found = post_form(
        &base,
        "/console/search",
        Some(&cookie),
        &[("csrf_token", &csrf), ("q", &name.to_lowercase())],
    )
    .await;
    assert_eq!(found.status, 200, "{}", found.text);
    assert!(found
        .text
        .contains(&format!("/console/registrations/{reference}")));
    // The search text is in the form's field again, in no link of the page.
    let encoded: String = form_urlencoded::byte_serialize(name.to_lowercase().as_bytes()).collect();
    assert!(!found.text.contains(&format!("q={encoded}")));
    assert!(!found.text.contains("?q="));
    assert_eq!(
        audit_lines(&service, "list_registrations").len(),
        lines_before + 1,
        "searched as the API lists: one audit line"
    );
    // No match; a bad page number is a clear error.
    let none = post_form(
        &base,
        "/console/search",
        Some(&cookie),
        &[("csrf_token", &csrf), ("q", "zzzz không có")],
    )
    .await;
    assert_eq!(none.status, 200);
    assert!(none.text.contains("Không có hồ sơ nào."));
    let bad = post_form(
        &base,
        "/console/search",
        Some(&cookie),
        &[("csrf_token", &csrf), ("q", "a"), ("page", "x")],
    )
    .await;
    assert_eq!(bad.status, 400);
    // The language switch of a search's page (a GET) leads back to the queue.
    let switched = page(&base, "/console/search?lang=en", Some(&cookie)).await;
    assert_eq!(
        (switched.status, switched.location.as_str()),
        (303, "/console/")
    );
}
