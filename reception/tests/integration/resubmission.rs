//! Fixing what the office asked, against a real service on loopback: what was declared only
//! with the applicant's secret, a resubmission only in `changes_requested` (`409` otherwise)
//! and only for the parts the office named (`422` for others), once per key (the same answer
//! again, another body refused), the history kept (the old photo kept until the next
//! decision, then deleted by the sweep) and shown to the office.

use crate::common::staff::*;
use crate::common::{jpeg, valid_submission, TestService};
use serde_json::json;
use vssid_client::{ApiError, Resubmission};
use vssid_core::api::{DeclarationChanges, PhotoSlot, ProblemCode, RegistrationStatus};
use vssid_core::fields::FieldId;
use vssid_reception::staff::Role;

/// A confirmed registration: (id, secret, reference).
async fn confirmed(service: &TestService) -> (String, String, String) {
    let submission = valid_submission();
    let client = service.client();
    let receipt = client.submit(&submission, |_| {}).await.unwrap();
    let raw = std::fs::read_to_string(
        service
            .state
            .config()
            .outbox_path()
            .join(format!("{}-0.eml", receipt.reference)),
    )
    .unwrap();
    let code = crate::common::otp_in(&crate::common::decode_mail_body(&raw));
    client.confirm_otp(&receipt.id, &code).await.unwrap();
    (receipt.id, submission.idempotency_key, receipt.reference)
}

fn refused_with(error: ApiError) -> (Option<ProblemCode>, serde_json::Value) {
    let body = match &error {
        ApiError::InvalidFields(errors) => serde_json::to_value(errors).unwrap(),
        _ => serde_json::Value::Null,
    };
    (error.problem_code(), body)
}

fn photo_of(sha256: &str, service: &TestService) -> std::path::PathBuf {
    service.state.photo_directory().path_of(sha256)
}

#[tokio::test]
async fn corrections_go_back_to_the_office_once_with_only_what_was_asked_and_the_history_kept() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let reviewer = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;
    let (id, secret, reference) = confirmed(&service).await;
    let client = service.client();
    let new_portrait = jpeg(900, 1200, 77, 85);
    let portrait_only = |key: &str| Resubmission {
        idempotency_key: key.into(),
        changes: DeclarationChanges::new(),
        photos: vec![(PhotoSlot::Portrait, new_portrait.clone())],
    };

    // Nothing asked yet: refused, nothing changed.
    let early = client
        .resubmit(
            &id,
            &secret,
            &portrait_only(&uuid::Uuid::new_v4().to_string()),
        )
        .await
        .unwrap_err();
    assert_eq!(refused_with(early).0, Some(ProblemCode::NoChangesRequested));

    let asked = decide(
        &base,
        &reviewer,
        &reference,
        json!({"decision": "request_changes", "reason": "portrait_unsuitable",
               "note": "Ảnh đeo kính râm", "fields": ["portrait", "street"]}),
        true,
    )
    .await;
    assert_eq!(asked.status, 200, "{}", asked.body);

    // The status says why (the reason and the parts), to whoever holds the id; the office's
    // own words and the declaration only with the secret.
    let status = client.status(&id).await.unwrap();
    assert_eq!(status.status, RegistrationStatus::ChangesRequested);
    let decision = status.decision.expect("the decision");
    assert_eq!(decision.fields, [FieldId::Street, FieldId::Portrait]);
    assert_eq!(decision.note, "", "the note is not behind the id alone");
    let wrong_secret = client
        .declaration(&id, &uuid::Uuid::new_v4().to_string())
        .await
        .unwrap_err();
    assert_eq!(wrong_secret.problem_code(), Some(ProblemCode::NotFound));
    let declared = client.declaration(&id, &secret).await.unwrap();
    assert_eq!(declared.fields_to_fix, [FieldId::Street, FieldId::Portrait]);
    assert_eq!(declared.decision.as_ref().unwrap().note, "Ảnh đeo kính râm");
    // The stored (normalized) values.
    assert_eq!(
        declared.declaration.full_name,
        valid_submission().request.form.full_name
    );
    assert_eq!(declared.declaration.phone, "+84912345678");
    let old_portrait = service.state.store().photos(&id).unwrap()[0].clone();
    assert_eq!(old_portrait.slot, PhotoSlot::Portrait);

    // Parts the office did not name: 422 on each, nothing stored.
    let mut not_asked = portrait_only(&uuid::Uuid::new_v4().to_string());
    not_asked
        .photos
        .push((PhotoSlot::IdBack, jpeg(900, 600, 5, 85)));
    not_asked
        .changes
        .insert(FieldId::FullName, "Trần Văn Bình".into());
    let (_, errors) = refused_with(client.resubmit(&id, &secret, &not_asked).await.unwrap_err());
    assert_eq!(errors["id_back"]["code"], "not_asked");
    assert_eq!(errors["full_name"]["code"], "not_asked");
    assert!(errors["id_back"]["vi"]
        .as_str()
        .unwrap()
        .contains("không yêu cầu"));
    // A named field that breaks the registration's rule: 422 with that rule's words.
    let mut bad_street = portrait_only(&uuid::Uuid::new_v4().to_string());
    bad_street.changes.insert(FieldId::Street, String::new());
    let (_, errors) = refused_with(
        client
            .resubmit(&id, &secret, &bad_street)
            .await
            .unwrap_err(),
    );
    assert_eq!(errors["street"]["code"], "required");
    assert_eq!(
        client.status(&id).await.unwrap().status,
        RegistrationStatus::ChangesRequested
    );

    // The portrait and the street: back in the queue.
    let key = uuid::Uuid::new_v4().to_string();
    let mut corrections = portrait_only(&key);
    corrections
        .changes
        .insert(FieldId::Street, "  99   Hai Bà Trưng ".into());
    let answer = client.resubmit(&id, &secret, &corrections).await.unwrap();
    assert_eq!(answer.status, RegistrationStatus::Resubmitted);

    // The same key and body again: the same answer, marked as a replay, nothing applied twice.
    let (content_type, body) = corrections.multipart_body();
    let again = http()
        .post(format!("{base}/v1/registrations/{id}/resubmission"))
        .header("Idempotency-Key", &key)
        .header("Authorization", format!("Bearer {secret}"))
        .header("Content-Type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let mut other_body = corrections.clone();
    other_body
        .changes
        .insert(FieldId::Street, "1 Lê Lợi".into());
    let reused = client
        .resubmit(&id, &secret, &other_body)
        .await
        .unwrap_err();
    assert_eq!(
        reused.problem_code(),
        Some(ProblemCode::IdempotencyKeyReused)
    );
    // A new key once it is back with the office: 409.
    let late = client
        .resubmit(
            &id,
            &secret,
            &portrait_only(&uuid::Uuid::new_v4().to_string()),
        )
        .await
        .unwrap_err();
    assert_eq!(late.problem_code(), Some(ProblemCode::NoChangesRequested));

    // The history: the new values in, the old photo kept for the office, what changed shown.
    let declared = client.declaration(&id, &secret).await.unwrap();
    assert_eq!(declared.declaration.street, "99 Hai Bà Trưng");
    assert!(declared.fields_to_fix.is_empty());
    let photos = service.state.store().photos(&id).unwrap();
    let new_sha = vssid_reception::photos::sha256_hex(&new_portrait);
    assert_eq!(photos[0].sha256, new_sha);
    assert!(photo_of(&old_portrait.sha256, &service).exists());
    let view = get(
        &base,
        &format!("/v1/staff/registrations/{reference}"),
        Some(&reviewer),
    )
    .await;
    assert_eq!(view.body["status"], "resubmitted");
    let history = &view.body["resubmissions"];
    assert_eq!(history.as_array().unwrap().len(), 1, "{history}");
    assert_eq!(history[0]["photos"], json!(["portrait"]));
    assert_eq!(
        history[0]["changes"]["street"]["before"],
        valid_submission().request.form.street
    );
    assert_eq!(history[0]["changes"]["street"]["after"], "99 Hai Bà Trưng");
    let queue = get(&base, "/v1/staff/registrations", Some(&reviewer)).await;
    assert_eq!(references(&queue), vec![reference.clone()]);

    // Still with the office: the sweep keeps the old photo. Approved: it goes.
    vssid_reception::retention::sweep(&service.state).unwrap();
    assert!(photo_of(&old_portrait.sha256, &service).exists());
    assert_eq!(start_review(&base, &reviewer, &reference).await.status, 200);
    let approved = decide(
        &base,
        &reviewer,
        &reference,
        json!({"decision": "approve", "reason": "verified", "account_name": "7912345678"}),
        true,
    )
    .await;
    assert_eq!(approved.status, 200, "{}", approved.body);
    vssid_reception::retention::sweep(&service.state).unwrap();
    assert!(!photo_of(&old_portrait.sha256, &service).exists());
    assert!(photo_of(&new_sha, &service).exists());
    assert_eq!(
        client.status(&id).await.unwrap().status,
        RegistrationStatus::Approved
    );
}

#[tokio::test]
async fn a_withdrawal_after_corrections_leaves_no_old_photo_or_old_value() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let reviewer = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;
    let (id, secret, reference) = confirmed(&service).await;
    let client = service.client();
    decide(
        &base,
        &reviewer,
        &reference,
        json!({"decision": "request_changes", "reason": "details_wrong", "fields": ["street"]}),
        true,
    )
    .await;
    let mut changes = DeclarationChanges::new();
    changes.insert(FieldId::Street, "99 Hai Bà Trưng".into());
    let old_photos = service.state.store().photos(&id).unwrap();
    client
        .resubmit(
            &id,
            &secret,
            &Resubmission {
                idempotency_key: uuid::Uuid::new_v4().to_string(),
                changes,
                photos: vec![],
            },
        )
        .await
        .unwrap();
    client.withdraw(&id, &secret).await.unwrap();
    let history = service.state.store().resubmissions(&id).unwrap();
    assert_eq!(history[0].changes, json!({}));
    for photo in old_photos {
        assert!(!photo_of(&photo.sha256, &service).exists());
    }
    let gone = client.declaration(&id, &secret).await.unwrap_err();
    assert_eq!(gone.problem_code(), Some(ProblemCode::NotFound));
}

#[tokio::test]
async fn the_console_page_shows_what_the_applicant_changed_escaped_in_both_languages() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let reviewer = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;
    let (id, secret, reference) = confirmed(&service).await;
    decide(
        &base,
        &reviewer,
        &reference,
        json!({"decision": "request_changes", "reason": "portrait_unsuitable",
               "fields": ["portrait", "street"]}),
        true,
    )
    .await;
    let cookie = crate::staff_console::sign_in(&base, "hcm@bhxh.example.vn").await;
    let path = format!("/console/registrations/{reference}");
    let before = crate::staff_console::page(&base, &path, Some(&cookie)).await;
    assert!(
        !before.text.contains("id=\"resubmissions\""),
        "nothing sent yet"
    );

    let mut changes = DeclarationChanges::new();
    changes.insert(FieldId::Street, "99 <b>Hai Bà Trưng</b>".into());
    service
        .client()
        .resubmit(
            &id,
            &secret,
            &Resubmission {
                idempotency_key: uuid::Uuid::new_v4().to_string(),
                changes,
                photos: vec![(PhotoSlot::Portrait, jpeg(900, 1200, 77, 85))],
            },
        )
        .await
        .unwrap();

    let vi = crate::staff_console::page(&base, &path, Some(&cookie)).await;
    assert_eq!(vi.status, 200);
    let section = &vi.text[vi.text.find("id=\"resubmissions\"").expect("the section")..];
    assert!(section.contains("Người đăng ký đã bổ sung"), "{section}");
    assert!(section.contains("Số nhà, tên đường"), "{section}");
    assert!(section.contains(&format!(
        "<del>{}</del>",
        valid_submission().request.form.street
    )));
    assert!(
        section.contains("<ins>99 &lt;b&gt;Hai Bà Trưng&lt;/b&gt;</ins>"),
        "escaped: {section}"
    );
    assert!(!vi.text.contains("<b>Hai"), "never as markup");
    assert!(section.contains("Ảnh đã thay"), "{section}");
    assert!(section.contains("Ảnh cá nhân"), "{section}");

    let en = crate::staff_console::page(&base, &format!("{path}?lang=en"), Some(&cookie)).await;
    let section = &en.text[en.text.find("id=\"resubmissions\"").expect("the section")..];
    assert!(section.contains("What the applicant changed"), "{section}");
    assert!(section.contains("Photos replaced"), "{section}");
    assert!(section.contains("Corrections sent at"), "{section}");
}
