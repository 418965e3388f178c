//! The API end to end: the real service on a loopback port, driven through the core's client.

use crate::common;

use common::{decode_mail_body, jpeg, otp_in, valid_request, valid_submission, TestService};
use std::collections::BTreeSet;
use vssid_client::{ApiError, OfficesFetch};
use vssid_core::api::{ProblemCode, RegistrationStatus};
use vssid_core::declaration::fixtures::TinyUnits;
use vssid_core::declaration::DeclarationForm;
use vssid_core::fields::FieldId;
use vssid_core::{Lang, Localized};
use vssid_reception::AppState;

fn problem_code(result: Result<impl std::fmt::Debug, ApiError>) -> ProblemCode {
    match result {
        Err(error) => error
            .problem_code()
            .unwrap_or_else(|| panic!("not a problem: {error:?}")),
        Ok(value) => panic!("expected an error, got {value:?}"),
    }
}

#[tokio::test]
async fn a_valid_registration_is_stored_once_with_its_photos_and_mail() {
    let service = TestService::start().await;
    let client = service.client();
    let mut stages = Vec::new();
    let receipt = client
        .submit(&valid_submission(), |p| stages.push(p))
        .await
        .expect("accepted");
    assert_eq!(receipt.status, RegistrationStatus::Received);
    assert!(
        receipt.reference.starts_with("DK-20261125-"),
        "{}",
        receipt.reference
    );
    assert_eq!(receipt.received_at, "2026-11-25T17:31:08Z");
    assert_eq!(stages.len(), 3, "prepared, sending, accepted: {stages:?}");
    assert_eq!(service.count(), 1);

    let photos = service.state.store().photos(&receipt.id).unwrap();
    assert_eq!(photos.len(), 3);
    for photo in &photos {
        let path = service.state.photo_directory().path_of(&photo.sha256);
        let bytes = std::fs::read(&path).expect("photo file");
        assert_eq!(vssid_reception::photos::sha256_hex(&bytes), photo.sha256);
    }

    let mails = service.mails();
    assert_eq!(mails.len(), 1);
    let (raw, body) = &mails[0];
    assert!(raw.contains("To: anh.nguyen@example.com\r\n"));
    assert!(raw.contains("Content-Type: text/plain; charset=utf-8\r\n"));
    assert!(raw.contains("Subject: =?UTF-8?B?"));
    assert!(body.contains(&receipt.reference));
    otp_in(body);

    let state = client.status(&receipt.id).await.unwrap();
    assert_eq!(state.status, RegistrationStatus::Received);
    assert_eq!(state.reference, receipt.reference);
    assert_eq!(state.office, "079");

    // Once the code is accepted, the declaration summary follows.
    client
        .confirm_otp(&receipt.id, &service.latest_otp())
        .await
        .unwrap();
    let (raw, body) = service.mails().pop().expect("the summary");
    assert!(raw.contains("To: anh.nguyen@example.com\r\n"));
    assert!(body.contains("Họ và tên: Nguyễn Thị Ánh"));
    assert!(body.contains(&receipt.reference));
    let office_name = &vssid_core::directory::Directory::global()
        .office("079")
        .expect("[079] in the directory")
        .name;
    assert!(body.contains(&format!("[079] {office_name}")), "{body}");
}

#[tokio::test]
async fn the_same_key_answers_the_same_registration() {
    let service = TestService::start().await;
    let client = service.client();
    let submission = valid_submission();
    let first = client.submit(&submission, |_| {}).await.unwrap();
    let second = client.submit(&submission, |_| {}).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(service.count(), 1);
    assert_eq!(service.mails().len(), 1, "a replay sends no second e-mail");

    // The replay is marked, with the same status code.
    let (content_type, body) = submission.multipart_body();
    let response = vssid_client::http_client()
        .unwrap()
        .post(format!("{}/v1/registrations", service.base_url()))
        .header("Idempotency-Key", submission.idempotency_key.to_uppercase())
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(response.headers()["Idempotent-Replayed"], "true");
    assert_eq!(
        response.headers()["Location"],
        format!("/v1/registrations/{}", first.id).as_str()
    );
}

/// What a SIGKILL between storing a registration and writing its first e-mail leaves: the row
/// without a first e-mail recorded, and nothing in the outbox.
fn lose_the_first_mails(service: &TestService) {
    let outbox = service.state.config().outbox_path();
    for entry in std::fs::read_dir(&outbox).unwrap().flatten() {
        if entry.path().extension().is_some_and(|x| x == "eml") {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    let database = rusqlite::Connection::open(service.state.config().database_path()).unwrap();
    let rows = database
        .execute("UPDATE registrations SET first_mail_at_ms = NULL", [])
        .unwrap();
    assert!(rows > 0, "no registration to change");
}

#[tokio::test]
async fn the_code_is_in_the_outbox_before_the_answer() {
    let service = TestService::start().await;
    let receipt = service
        .client()
        .submit(&valid_submission(), |_| {})
        .await
        .unwrap();
    let first_mail = service
        .state
        .config()
        .outbox_path()
        .join(format!("{}-0.eml", receipt.reference));
    assert!(first_mail.is_file(), "no {} yet", first_mail.display());
}

#[tokio::test]
async fn a_replay_writes_a_first_mail_that_was_lost_with_a_fresh_code() {
    let service = TestService::start().await;
    let client = service.client();
    let submission = valid_submission();
    let first = client.submit(&submission, |_| {}).await.unwrap();
    let lost_code = service.latest_otp();
    lose_the_first_mails(&service);

    let again = client.submit(&submission, |_| {}).await.unwrap();
    assert_eq!(again, first);
    let mails = service.mails();
    assert_eq!(mails.len(), 1, "one e-mail written again");
    let code = otp_in(&mails[0].1);
    assert_ne!(
        code, lost_code,
        "a fresh code (the lost one was never read)"
    );
    client.submit(&submission, |_| {}).await.unwrap();
    assert_eq!(
        service.mails().len(),
        1,
        "written once, not at every replay"
    );
    let state = client.confirm_otp(&first.id, &code).await.unwrap();
    assert_eq!(state.status, RegistrationStatus::Confirmed);
}

#[tokio::test]
async fn the_next_start_writes_a_first_mail_that_was_lost() {
    let service = TestService::start().await;
    let first = service
        .client()
        .submit(&valid_submission(), |_| {})
        .await
        .unwrap();
    lose_the_first_mails(&service);
    let TestService {
        state,
        clock,
        running,
        dir: _dir,
    } = service;
    running.stop().await.unwrap();
    let config = state.config().clone();
    drop(state);

    // The same clock as before the stop: with the wall clock, the registration (stored at
    // the manual clock's time) would look days old and the retention sweep at start could
    // delete it before the code is read.
    let state = AppState::builder(config)
        .clock(std::sync::Arc::new(clock))
        .build()
        .unwrap();
    let running = vssid_reception::start(state.clone()).await.unwrap();
    let first_mail = state
        .config()
        .outbox_path()
        .join(format!("{}-0.eml", first.reference));
    let raw = std::fs::read_to_string(&first_mail).expect("the first e-mail, written at start");
    let code = otp_in(&decode_mail_body(&raw));
    let confirmed = common::client_for(&running.base_url())
        .confirm_otp(&first.id, &code)
        .await
        .unwrap();
    assert_eq!(confirmed.status, RegistrationStatus::Confirmed);
    running.stop().await.unwrap();
}

#[tokio::test]
async fn only_the_configured_web_origins_may_call_from_a_browser() {
    const PAGE: &str = "https://dangky.example.vn";
    let service =
        TestService::start_with(|config| config.allowed_origins = vec![PAGE.to_string()]).await;
    let http = vssid_client::http_client().unwrap();
    let preflight = http
        .request(
            axum::http::Method::OPTIONS,
            format!("{}/v1/registrations", service.base_url()),
        )
        .header("Origin", PAGE)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "content-type,idempotency-key",
        )
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], PAGE);
    let allowed = headers["access-control-allow-headers"].to_str().unwrap();
    assert!(
        allowed.to_ascii_lowercase().contains("idempotency-key"),
        "{allowed}"
    );
    assert!(headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));

    let offices = format!("{}/v1/offices", service.base_url());
    let from_page = http
        .get(&offices)
        .header("Origin", PAGE)
        .send()
        .await
        .unwrap();
    assert_eq!(from_page.headers()["access-control-allow-origin"], PAGE);
    let exposed = from_page.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in ["location", "retry-after", "etag", "idempotent-replayed"] {
        assert!(exposed.contains(name), "{name} not exposed: {exposed}");
    }
    let from_elsewhere = http
        .get(&offices)
        .header("Origin", "https://dangky.example.vn.evil.test")
        .send()
        .await
        .unwrap();
    assert!(from_elsewhere
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    let by_default = TestService::start().await;
    let response = http
        .get(format!("{}/v1/offices", by_default.base_url()))
        .header("Origin", PAGE)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    assert!(response
        .headers()
        .get("access-control-allow-origin")
        .is_none());
}

#[tokio::test]
async fn the_same_key_with_another_body_is_refused() {
    let service = TestService::start().await;
    let client = service.client();
    let submission = valid_submission();
    client.submit(&submission, |_| {}).await.unwrap();
    let mut changed = submission.clone();
    changed.request.form.full_name = "Trần Thị Bình".into();
    let error = client.submit(&changed, |_| {}).await.unwrap_err();
    assert_eq!(
        error.problem_code(),
        Some(ProblemCode::IdempotencyKeyReused)
    );
    assert!(!error.message(Lang::Vi).is_empty());
    let mut other_photo = submission.clone();
    other_photo.portrait = jpeg(240, 320, 99, 80);
    assert_eq!(
        problem_code(client.submit(&other_photo, |_| {}).await),
        ProblemCode::IdempotencyKeyReused
    );
    assert_eq!(service.count(), 1);
}

#[tokio::test]
async fn every_field_is_reported_beside_its_field() {
    let service = TestService::start().await;
    let client = service.client();
    let mut empty = valid_submission();
    empty.request = Default::default();
    empty.portrait.clear();
    empty.id_front.clear();
    empty.id_back.clear();
    let Err(ApiError::InvalidFields(errors)) = client.submit(&empty, |_| {}).await else {
        panic!("expected field errors");
    };
    let fields: BTreeSet<FieldId> = errors.keys().copied().collect();
    // The date of birth and the guardian are asked only when the person may be under 16.
    let asked_when_needed = [
        FieldId::DateOfBirth,
        FieldId::GuardianName,
        FieldId::GuardianRelation,
        FieldId::GuardianConsent,
    ];
    assert_eq!(
        fields,
        FieldId::ALL
            .into_iter()
            .filter(|f| !asked_when_needed.contains(f))
            .collect()
    );
    for (field, error) in &errors {
        let expected = if *field == FieldId::Consent {
            "consent_required"
        } else {
            "required"
        };
        assert_eq!(error.code, expected, "{}", field.as_str());
        assert!(!error.vi.is_empty() && !error.en.is_empty());
    }
    assert_eq!(service.count(), 0);
}

#[tokio::test]
async fn declaration_rules_are_the_cores_rules() {
    let service = TestService::start().await;
    let client = service.client();
    let forms = [
        DeclarationForm {
            bhxh_code: "12".into(),
            full_name: "   ".into(),
            phone: "12345".into(),
            ..valid_request().form
        },
        DeclarationForm {
            province: "01".into(),
            commune: "26740".into(),
            person_id: "abc".into(),
            ..valid_request().form
        },
        DeclarationForm {
            province: "99".into(),
            commune: "99999".into(),
            street: "".into(),
            ..valid_request().form
        },
    ];
    for form in forms {
        let expected = form.validate(&TinyUnits).unwrap_err();
        let mut submission = valid_submission();
        submission.request.form = form;
        match client.submit(&submission, |_| {}).await {
            Err(ApiError::InvalidFields(errors)) => assert_eq!(errors, expected),
            other => panic!("expected field errors, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn office_and_photo_problems_are_field_errors() {
    let service = TestService::start().await;
    let client = service.client();
    let mut submission = valid_submission();
    submission.request.office = "99999".into();
    // A PNG signature is not a JPEG.
    submission.id_front = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    // A real JPEG that is too small.
    submission.id_back = jpeg(120, 100, 4, 80);
    // A real JPEG made larger than 5 MB by trailing bytes.
    let mut big = jpeg(240, 320, 5, 80);
    big.resize(vssid_core::api::MAX_PHOTO_BYTES + 1, 0);
    submission.portrait = big;
    let Err(ApiError::InvalidFields(errors)) = client.submit(&submission, |_| {}).await else {
        panic!("expected field errors");
    };
    let codes: Vec<(&str, &str)> = errors
        .iter()
        .map(|(f, e)| (f.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("portrait", "photo_too_large"),
            ("id_front", "photo_not_jpeg"),
            ("id_back", "photo_too_small"),
            ("office", "unknown_office"),
        ]
    );
    assert_eq!(service.count(), 0);
}

#[tokio::test]
async fn a_closed_office_is_refused_with_its_successor() {
    let service = TestService::start().await;
    let client = service.client();
    let mut submission = valid_submission();
    submission.request.office = "07901".into();
    let Err(ApiError::InvalidFields(errors)) = client.submit(&submission, |_| {}).await else {
        panic!("expected field errors");
    };
    let error = &errors[&vssid_core::fields::FieldId::Office];
    assert_eq!(error.code, "office_closed");
    assert!(
        error
            .vi
            .starts_with("[07901] BHXH Quận 1 đã giải thể từ 01/7/2025; nay là"),
        "{}",
        error.vi
    );
    assert!(error.vi.contains("BHXH Cơ sở Tân Định"), "{}", error.vi);
    assert!(error.en.contains("dissolved on 01/7/2025"), "{}", error.en);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(service.count(), 0);
}

#[tokio::test]
async fn the_right_code_confirms_and_a_repeat_is_harmless() {
    let service = TestService::start().await;
    let client = service.client();
    let receipt = client.submit(&valid_submission(), |_| {}).await.unwrap();
    let code = service.latest_otp();
    let state = client.confirm_otp(&receipt.id, &code).await.unwrap();
    assert_eq!(state.status, RegistrationStatus::Confirmed);
    assert_eq!(state.confirmed_at.as_deref(), Some("2026-11-25T17:31:08Z"));
    // A lost answer followed by a second attempt gives the same state.
    let again = client.confirm_otp(&receipt.id, &code).await.unwrap();
    assert_eq!(again, state);
    assert_eq!(
        problem_code(client.resend_otp(&receipt.id).await),
        ProblemCode::AlreadyConfirmed
    );
}

#[tokio::test]
async fn wrong_codes_count_down_then_lock() {
    let service = TestService::start().await;
    let client = service.client();
    let receipt = client.submit(&valid_submission(), |_| {}).await.unwrap();
    let code = service.latest_otp();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for expected_left in [4, 3, 2, 1] {
        match client.confirm_otp(&receipt.id, wrong).await {
            Err(ApiError::Refused(problem)) => {
                assert_eq!(problem.kind(), Some(ProblemCode::OtpWrong));
                assert_eq!(problem.tries_left, Some(expected_left));
            }
            other => panic!("expected a wrong code, got {other:?}"),
        }
    }
    assert_eq!(
        problem_code(client.confirm_otp(&receipt.id, wrong).await),
        ProblemCode::OtpTooManyTries
    );
    assert_eq!(
        problem_code(client.confirm_otp(&receipt.id, &code).await),
        ProblemCode::OtpTooManyTries,
        "even the right code is refused once locked"
    );
    // A new code unlocks.
    service.clock.advance_ms(60_000);
    client.resend_otp(&receipt.id).await.unwrap();
    let new_code = service.latest_otp();
    let state = client.confirm_otp(&receipt.id, &new_code).await.unwrap();
    assert_eq!(state.status, RegistrationStatus::Confirmed);
}

#[tokio::test]
async fn codes_expire_after_ten_minutes() {
    let service = TestService::start().await;
    let client = service.client();
    let receipt = client.submit(&valid_submission(), |_| {}).await.unwrap();
    let code = service.latest_otp();
    service.clock.advance_ms(10 * 60 * 1000);
    assert_eq!(
        problem_code(client.confirm_otp(&receipt.id, &code).await),
        ProblemCode::OtpExpired
    );
    let state = client.status(&receipt.id).await.unwrap();
    assert_eq!(state.status, RegistrationStatus::Received);
}

#[tokio::test]
async fn resends_are_spaced_and_limited() {
    let service = TestService::start().await;
    let client = service.client();
    let receipt = client.submit(&valid_submission(), |_| {}).await.unwrap();
    let first_code = service.latest_otp();
    match client.resend_otp(&receipt.id).await {
        Err(ApiError::Refused(problem)) => {
            assert_eq!(problem.kind(), Some(ProblemCode::ResendTooSoon));
            assert_eq!(problem.retry_after, Some(60));
        }
        other => panic!("expected too soon, got {other:?}"),
    }
    // 4 resends by default: with the first e-mail, the 5 a recipient may get in a day.
    for left in (0..4).rev() {
        service.clock.advance_ms(60_000);
        let resent = client.resend_otp(&receipt.id).await.unwrap();
        assert_eq!(resent.resends_left, left);
        assert_eq!(resent.resend_after_seconds, 60);
    }
    assert_eq!(service.mails().len(), 5);
    service.clock.advance_ms(60_000);
    assert_eq!(
        problem_code(client.resend_otp(&receipt.id).await),
        ProblemCode::ResendLimit
    );
    // Only the newest code works.
    let latest = service.latest_otp();
    if latest != first_code {
        assert_eq!(
            problem_code(client.confirm_otp(&receipt.id, &first_code).await),
            ProblemCode::OtpWrong
        );
    }
    assert!(client.confirm_otp(&receipt.id, &latest).await.is_ok());
}

#[tokio::test]
async fn offices_are_cached_with_an_etag() {
    let service = TestService::start().await;
    let client = service.client();
    let OfficesFetch::Fresh { etag, list } = client.offices(None).await.unwrap() else {
        panic!("expected the list");
    };
    assert!(list.offices.iter().any(|o| o.code == "079"));
    let etag = etag.expect("an etag");
    assert_eq!(
        client.offices(Some(&etag)).await.unwrap(),
        OfficesFetch::NotModified
    );
    assert!(matches!(
        client.offices(Some("\"stale\"")).await.unwrap(),
        OfficesFetch::Fresh { .. }
    ));
}

#[tokio::test]
async fn unknown_ids_and_bad_requests_are_problem_documents() {
    let service = TestService::start().await;
    let client = service.client();
    assert_eq!(
        problem_code(client.status("0b9a4f8e-6d1c-4b8e-9f3a-2c5d7e8f9a0b").await),
        ProblemCode::NotFound
    );
    let http = vssid_client::http_client().unwrap();
    let url = format!("{}/v1/registrations", service.base_url());
    let no_key = http.post(&url).body("x").send().await.unwrap();
    assert_eq!(no_key.status().as_u16(), 400);
    assert_eq!(no_key.headers()["Content-Type"], "application/problem+json");
    let problem: vssid_core::api::Problem =
        serde_json::from_slice(&no_key.bytes().await.unwrap()).unwrap();
    assert_eq!(problem.kind(), Some(ProblemCode::IdempotencyKeyInvalid));
    let not_multipart = http
        .post(&url)
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(not_multipart.status().as_u16(), 400);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_whole() {
    let service = TestService::start_with(|c| c.limits.max_body_bytes = 64 * 1024).await;
    let client = service.client();
    let mut submission = valid_submission();
    submission.portrait = jpeg(600, 800, 7, 95);
    assert!(submission.portrait.len() > 64 * 1024);
    assert_eq!(
        problem_code(client.submit(&submission, |_| {}).await),
        ProblemCode::PayloadTooLarge
    );
    assert_eq!(service.count(), 0);
}

#[tokio::test]
async fn clients_over_their_rate_are_told_when_to_return() {
    let service = TestService::start_with(|c| {
        c.limits.rate_per_second = 1.0;
        c.limits.rate_burst = 2.0;
    })
    .await;
    let http = vssid_client::http_client().unwrap();
    let url = format!("{}/v1/offices", service.base_url());
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..3 {
        let response = http.get(&url).send().await.unwrap();
        statuses.push(response.status().as_u16());
        if response.status().as_u16() == 429 {
            retry_after = response.headers().get("Retry-After").cloned();
            assert_eq!(
                response.headers()["Content-Type"],
                "application/problem+json"
            );
        }
    }
    assert_eq!(statuses, vec![200, 200, 429]);
    assert_eq!(retry_after.unwrap(), "1");
    // The client waits as told and gets through.
    assert!(service.client().offices(None).await.is_ok());
}
