//! The office console's server side against a real service on loopback: office scoping
//! (404, never 403, for another office's registration), sessions and CSRF, the lockout on the
//! service's manual clock, unconfirmed registrations. The audit log is in `staff_audit.rs`,
//! the `staff` subcommands of the binary in `staff_cli.rs`.

use crate::common::staff::*;
use crate::common::{valid_submission, TestService};
use serde_json::json;
use vssid_reception::clock::Clock;
use vssid_reception::staff::Role;
use vssid_reception::staff::{accounts, totp};

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
async fn an_account_with_a_second_factor_needs_a_fresh_code_each_login() {
    let service = TestService::start().await;
    let base = service.base_url();
    let email = "lan@bhxh.example.vn";
    add_staff(&service, email, Role::Reviewer, &["079"]);
    let before = login(&base, email, PASSWORD).await;
    let setup = accounts::set_totp(&service.state, email).unwrap();
    assert!(setup.link.starts_with("otpauth://totp/"), "{}", setup.link);
    // Setting a second factor ends the sessions opened without it.
    let ended = get(&base, "/v1/staff/registrations", Some(&before)).await;
    assert_eq!(ended.status, 401);

    let login_with = |code: Option<String>| {
        let mut body = json!({"email": email, "password": PASSWORD});
        if let Some(code) = code {
            body["totp"] = json!(code);
        }
        send(
            http()
                .post(format!("{base}/v1/staff/session"))
                .header("content-type", "application/json")
                .body(body.to_string()),
        )
    };
    let code_now = || {
        let seconds = (service.clock.now_ms() / 1000) as u64;
        totp::code_at(&setup.secret, seconds).unwrap()
    };
    // The right password alone, or with a wrong code, is answered like a wrong password.
    let wrong_password = login_answer(&base, email, "wrong password").await;
    let without = login_with(None).await;
    assert_eq!((without.status, &without.body), (401, &wrong_password.body));
    let wrong_code = format!(
        "{:06}",
        (code_now().parse::<u32>().unwrap() + 1) % 1_000_000
    );
    assert_eq!(login_with(Some(wrong_code)).await.status, 401);
    // The right code opens a session; the same code a second time does not.
    let code = code_now();
    let answer = login_with(Some(code.clone())).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(login_with(Some(code)).await.status, 401);
    // Half a minute on, the code of the step already used is still refused; the new one
    // opens a session.
    service.clock.advance_ms(30_000);
    let late = totp::code_at(&setup.secret, (service.clock.now_ms() / 1000 - 30) as u64).unwrap();
    assert_eq!(
        login_with(Some(late)).await.status,
        401,
        "step already used"
    );
    assert_eq!(login_with(Some(code_now())).await.status, 200);
    // Failed codes count towards the lockout like wrong passwords.
    for _ in 0..5 {
        login_with(Some("000000".into())).await;
    }
    let locked = login_with(Some(code_now())).await;
    assert_eq!((locked.status, locked.code()), (429, "staff_locked"));
    let details: Vec<String> = audit_lines(&service, "login_failed")
        .iter()
        .map(|line| line.detail.clone())
        .collect();
    for expected in [
        "no second-factor code",
        "wrong second-factor code",
        "second-factor code used again",
        "wrong second-factor code; locked",
    ] {
        assert!(
            details.iter().any(|d| d == expected),
            "{expected}: {details:?}"
        );
    }

    // Without the second factor, the password is enough again; enabling a disabled account
    // lets it in.
    accounts::remove_totp(&service.state, email).unwrap();
    service.clock.advance_ms(3_600_000);
    login(&base, email, PASSWORD).await;
    accounts::disable(&service.state, email).unwrap();
    assert_eq!(login_answer(&base, email, PASSWORD).await.status, 401);
    accounts::enable(&service.state, email).unwrap();
    login(&base, email, PASSWORD).await;
    for action in ["staff_totp_set", "staff_totp_removed", "staff_enabled"] {
        assert_eq!(audit_lines(&service, action).len(), 1, "{action}");
    }
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
