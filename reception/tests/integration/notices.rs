//! The notice at every decision, read from the outbox directory: in the applicant's language,
//! approved with the user name, how the password comes and how to sign in; rejected with the
//! reason in plain words and what to do; changes requested with each field or photo, why, and
//! the way back through the app. Nothing else of the declaration is in them.

use crate::common::staff::*;
use crate::common::{decode_mail_body, TestService};
use serde_json::{json, Value};
use vssid_core::Lang;
use vssid_reception::staff::Role;

/// A confirmed registration in `lang`; its reference.
async fn confirmed_in(service: &TestService, lang: Lang, n: u32) -> String {
    let photos = vssid_testkit::jpeg::small_photos();
    let mut submission = vssid_testkit::sample::numbered_submission(n, &photos);
    submission.request.lang = lang;
    register(service, &submission, true).await
}

/// The decision notice of `reference` in the outbox: (raw message, body).
fn notice_of(service: &TestService, reference: &str) -> (String, String) {
    let outbox = service.state.config().outbox_path();
    let mut found: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&format!("{reference}-decided")) && name.ends_with(".eml"))
        .collect();
    assert_eq!(found.len(), 1, "one notice for {reference}: {found:?}");
    let raw = std::fs::read_to_string(outbox.join(found.pop().unwrap())).unwrap();
    let body = decode_mail_body(&raw);
    (raw, body)
}

fn assert_no_declaration(body: &str, n: u32) {
    let request = vssid_testkit::sample::numbered_request(n);
    for personal in [
        &request.form.full_name,
        &request.form.person_id,
        &request.form.street,
        &request.form.phone,
        &request.email,
    ] {
        assert!(!body.contains(personal.as_str()), "{personal} in {body}");
    }
}

async fn decided(service: &TestService, session: &Session, reference: &str, body: Value) {
    let answer = decide(&service.base_url(), session, reference, body, true).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test]
async fn every_decision_mails_the_applicant_in_their_language() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let reviewer = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;

    // Approved, in Vietnamese: the user name, the password's way, how to sign in.
    let approved = confirmed_in(&service, Lang::Vi, 1).await;
    let user = vssid_testkit::sample::numbered_request(1).form.bhxh_code;
    decided(
        &service,
        &reviewer,
        &approved,
        json!({"decision": "approve", "reason": "verified", "account_name": user}),
    )
    .await;
    let (raw, body) = notice_of(&service, &approved);
    assert!(raw.contains("Content-Language: vi"));
    assert!(body.contains(&format!("Mã hồ sơ: {approved}")), "{body}");
    assert!(body.contains(&format!("Tên đăng nhập (mã số BHXH của bạn): {user}")));
    assert!(body.contains("mật khẩu tạm thời"));
    assert!(body.contains("VssID"));
    assert!(body.contains("Quên mật khẩu"));
    assert!(body.contains("Thư này không chứa mật khẩu"));
    assert_no_declaration(&body, 1);

    // Rejected, in English: the reason in plain words and what can be done.
    let rejected = confirmed_in(&service, Lang::En, 2).await;
    decided(
        &service,
        &reviewer,
        &rejected,
        json!({"decision": "reject", "reason": "not_served_here"}),
    )
    .await;
    let (raw, body) = notice_of(&service, &rejected);
    assert!(raw.contains("Content-Language: en"));
    assert!(
        body.contains("Reason: The address is not served by this BHXH office"),
        "{body}"
    );
    assert!(body.contains("What you can do:"));
    assert!(body.contains("Register again and choose the BHXH office that serves"));
    assert!(!body.contains("Lý do"), "one language only");
    assert_no_declaration(&body, 2);

    // Changes requested, in both languages: each part named, why, and the way back.
    for (n, lang) in [(3, Lang::Vi), (4, Lang::En)] {
        let reference = confirmed_in(&service, lang, n).await;
        decided(
            &service,
            &reviewer,
            &reference,
            json!({"decision": "request_changes", "reason": "portrait_unsuitable",
                   "note": "Ảnh đeo kính râm", "fields": ["portrait", "street"]}),
        )
        .await;
        let (_, body) = notice_of(&service, &reference);
        let expected = match lang {
            Lang::Vi => [
                "- Ảnh cá nhân (chân dung)",
                "- Số nhà, tên đường",
                "Lý do: Ảnh chân dung chưa đúng quy định",
                "Ghi chú của cơ quan BHXH: Ảnh đeo kính râm",
                "\"Hồ sơ của tôi\"",
                "\"Sửa và gửi lại\"",
            ],
            Lang::En => [
                "- Portrait photo",
                "- House number and street",
                "Why: The portrait does not follow the rules",
                "The office's note: Ảnh đeo kính râm",
                "\"Hồ sơ của tôi\" (My registrations)",
                "\"Correct and send again\"",
            ],
        };
        for line in expected {
            assert!(body.contains(line), "{line} missing in {body}");
        }
        assert_no_declaration(&body, n);
    }
}
