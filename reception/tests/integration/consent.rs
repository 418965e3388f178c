//! Consent and the person's rights: a registration without consent to the current notice is
//! refused on the field `consent`; the notice is published with an ETag; `DELETE` removes the
//! personal data from every file of the data directory (checked on the bytes) and keeps the
//! minimal record; the copy of the data holds what was sent.

use crate::common;

use common::{decode_mail_body, valid_submission, TestService};
use std::path::{Path, PathBuf};
use vssid_client::ApiError;
use vssid_core::api::{ProblemCode, RegistrationData, RegistrationStatus};
use vssid_core::consent::{Consent, GuardianConsent, NOTICE_VERSION};
use vssid_core::fields::FieldId;

fn invalid_fields(result: Result<impl std::fmt::Debug, ApiError>) -> Vec<FieldId> {
    match result {
        Err(ApiError::InvalidFields(errors)) => errors.keys().copied().collect(),
        other => panic!("expected invalid fields, got {other:?}"),
    }
}

#[tokio::test]
async fn a_registration_without_consent_or_with_a_stale_notice_is_refused_on_consent() {
    let service = TestService::start().await;
    let client = service.client();

    let mut none = valid_submission();
    none.request.consent = None;
    assert_eq!(
        invalid_fields(client.submit(&none, |_| {}).await),
        vec![FieldId::Consent]
    );

    let mut stale = valid_submission();
    stale.request.consent.as_mut().unwrap().notice_version = "2025-01-01".into();
    match client.submit(&stale, |_| {}).await {
        Err(ApiError::InvalidFields(errors)) => {
            assert_eq!(errors[&FieldId::Consent].code, "consent_stale_notice");
            assert!(!errors[&FieldId::Consent].vi.is_empty());
        }
        other => panic!("expected 422 consent, got {other:?}"),
    }
    assert_eq!(service.count(), 0, "nothing is stored");

    // A 13-year-old without a guardian, then with one.
    let mut child = valid_submission();
    child.request.form.person_id = "079212001234".into();
    assert_eq!(
        invalid_fields(client.submit(&child, |_| {}).await),
        vec![
            FieldId::GuardianName,
            FieldId::GuardianRelation,
            FieldId::GuardianConsent
        ]
    );
    child.request.consent.as_mut().unwrap().guardian = Some(GuardianConsent {
        name: "Nguyễn Văn Bình".into(),
        relation: "father".into(),
        accepted: true,
    });
    let receipt = client.submit(&child, |_| {}).await.expect("accepted");

    // The consent is stored with the registration.
    let record = service.state.store().get(&receipt.id).unwrap().unwrap();
    let stored: vssid_core::api::RegistrationRequest =
        serde_json::from_str(&record.declaration_json).unwrap();
    let consent: Consent = stored.consent.unwrap();
    assert_eq!(consent.notice_version, NOTICE_VERSION);
    assert_eq!(consent.guardian.unwrap().name, "Nguyễn Văn Bình");
}

#[tokio::test]
async fn the_privacy_notice_is_published_with_its_version_and_an_etag() {
    let service = TestService::start().await;
    let http = vssid_client::http_client().unwrap();
    let url = format!("{}/v1/privacy", service.base_url());
    let answer = http.get(&url).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let etag = answer.headers()["etag"].to_str().unwrap().to_string();
    let notice: serde_json::Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
    assert_eq!(notice["version"], NOTICE_VERSION);
    assert!(notice["vi"]
        .as_str()
        .unwrap()
        .contains("Bên kiểm soát dữ liệu"));
    assert!(notice["en"].as_str().unwrap().contains("Data controller"));
    let again = http
        .get(&url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let notice = service.client().privacy_notice().await.unwrap();
    assert_eq!(notice.version, NOTICE_VERSION);
}

/// Every regular file under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The files of the data directory that hold any of `needles` (an e-mail's base64 body is
/// decoded and searched too).
fn files_holding(dir: &Path, needles: &[&[u8]]) -> Vec<String> {
    let mut found = Vec::new();
    for path in files_under(dir) {
        let mut bytes = std::fs::read(&path).unwrap();
        if path.extension().is_some_and(|x| x == "eml") {
            let raw = String::from_utf8_lossy(&bytes).into_owned();
            bytes.extend_from_slice(decode_mail_body(&raw).as_bytes());
        }
        for needle in needles {
            if contains(&bytes, needle) {
                found.push(format!(
                    "{} holds {:?}",
                    path.display(),
                    String::from_utf8_lossy(&needle[..needle.len().min(20)])
                ));
            }
        }
    }
    found
}

#[tokio::test]
async fn delete_removes_the_personal_data_from_every_file_and_keeps_the_minimal_record() {
    let service = TestService::start().await;
    let client = service.client();
    let submission = valid_submission();
    let secret = submission.idempotency_key.clone();
    let receipt = client.submit(&submission, |_| {}).await.expect("accepted");
    let code = service.latest_otp();
    client
        .confirm_otp(&receipt.id, &code)
        .await
        .expect("confirmed");

    let form = &submission.request.form;
    let photo_pieces: Vec<&[u8]> = [
        &submission.portrait,
        &submission.id_front,
        &submission.id_back,
    ]
    .iter()
    .map(|jpeg| &jpeg[jpeg.len() / 2..jpeg.len() / 2 + 64])
    .collect();
    let mut needles: Vec<&[u8]> = vec![
        form.full_name.as_bytes(),
        form.person_id.as_bytes(),
        form.phone.as_bytes(),
        form.bhxh_code.as_bytes(),
        form.street.as_bytes(),
    ];
    needles.extend(photo_pieces.iter().copied());
    let dir = service.dir.path();
    let before = files_holding(dir, &needles);
    assert!(
        before.len() >= needles.len(),
        "the search finds the data before: {before:?}"
    );

    // The copy of the data, with the secret only.
    let json = client
        .registration_data(&receipt.id, &secret)
        .await
        .expect("the copy");
    let data: RegistrationData = serde_json::from_str(&json).unwrap();
    assert_eq!(data.declaration.form.full_name, form.full_name);
    assert_eq!(data.photos.len(), 3);
    assert_eq!(
        data.declaration.consent.unwrap().notice_version,
        NOTICE_VERSION
    );
    let wrong = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        client
            .registration_data(&receipt.id, &wrong)
            .await
            .unwrap_err()
            .problem_code(),
        Some(ProblemCode::NotFound)
    );
    assert_eq!(
        client
            .withdraw(&receipt.id, &wrong)
            .await
            .unwrap_err()
            .problem_code(),
        Some(ProblemCode::NotFound),
        "a wrong secret deletes nothing"
    );

    client
        .withdraw(&receipt.id, &secret)
        .await
        .expect("deleted");
    let after = files_holding(dir, &needles);
    assert!(after.is_empty(), "personal data left on disk: {after:?}");
    // The e-mail address is only in the confirmation of the deletion.
    let email = submission.request.email.as_bytes();
    let with_email = files_holding(dir, &[email]);
    assert_eq!(with_email.len(), 1, "{with_email:?}");
    assert!(with_email[0].contains("-withdrawn.eml"), "{with_email:?}");
    let mails = service.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].1.contains(&receipt.reference));

    // The minimal record.
    let state = client.status(&receipt.id).await.unwrap();
    assert_eq!(state.status, RegistrationStatus::Withdrawn);
    assert_eq!(state.reference, receipt.reference);
    assert_eq!(state.office, "079");
    assert!(state.confirmed_at.is_some());
    let record = service.state.store().get(&receipt.id).unwrap().unwrap();
    assert!(record.withdrawn_at_ms.is_some());
    assert!(record.email.is_empty());
    // One audit line, with no address of the applicant's.
    let audited = crate::common::staff::audit_lines(&service, "withdrawn");
    assert_eq!(audited.len(), 1);
    assert_eq!(
        audited[0].reference.as_deref(),
        Some(receipt.reference.as_str())
    );
    assert_eq!(
        (
            audited[0].staff_id,
            audited[0].client.as_str(),
            audited[0].detail.as_str()
        ),
        (None, "applicant", "by the applicant")
    );

    // Again: the same answer, nothing more; the code and a replay find nothing.
    client
        .withdraw(&receipt.id, &secret)
        .await
        .expect("idempotent");
    assert_eq!(service.mails().len(), 1);
    assert_eq!(
        crate::common::staff::audit_lines(&service, "withdrawn").len(),
        1
    );
    assert_eq!(
        client
            .resend_otp(&receipt.id)
            .await
            .unwrap_err()
            .problem_code(),
        Some(ProblemCode::NotFound)
    );
    assert_eq!(
        client
            .submit(&submission, |_| {})
            .await
            .unwrap_err()
            .problem_code(),
        Some(ProblemCode::NotFound)
    );
}

#[tokio::test]
async fn a_photo_another_registration_uses_stays_until_both_are_deleted() {
    let service = TestService::start().await;
    let client = service.client();
    let first = valid_submission();
    let mut second = valid_submission();
    second.portrait = first.portrait.clone();
    let a = client.submit(&first, |_| {}).await.unwrap();
    let b = client.submit(&second, |_| {}).await.unwrap();
    let shared = vssid_reception::photos::sha256_hex(&first.portrait);
    let path = service.state.photo_directory().path_of(&shared);
    client
        .withdraw(&a.id, &first.idempotency_key)
        .await
        .unwrap();
    assert!(path.exists(), "still used by the second registration");
    client
        .withdraw(&b.id, &second.idempotency_key)
        .await
        .unwrap();
    assert!(!path.exists());
}

#[tokio::test]
async fn delete_is_allowed_by_cors_for_the_configured_origin() {
    let origin = "http://127.0.0.1:9";
    let service = TestService::start_with(|c| c.allowed_origins = vec![origin.into()]).await;
    let answer = vssid_client::http_client()
        .unwrap()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/v1/registrations/x", service.base_url()),
        )
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "DELETE")
        .header("Access-Control-Request-Headers", "authorization")
        .send()
        .await
        .unwrap();
    let headers = answer.headers();
    assert_eq!(headers["access-control-allow-origin"], origin);
    let methods = headers["access-control-allow-methods"].to_str().unwrap();
    assert!(methods.contains("DELETE"), "{methods}");
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("authorization"), "{allowed}");
}

#[tokio::test]
async fn erase_by_reference_deletes_like_the_api_for_requests_by_other_channels() {
    let service = TestService::start().await;
    let client = service.client();
    let submission = valid_submission();
    let receipt = client.submit(&submission, |_| {}).await.unwrap();
    let state = service.state.clone();
    let reference = receipt.reference.clone();
    let erased = tokio::task::spawn_blocking(move || {
        vssid_reception::rights::erase_by_reference(&state, &reference)
    })
    .await
    .unwrap()
    .expect("erased");
    assert_eq!(
        erased,
        vssid_reception::rights::Erased::Now { mailed: true }
    );
    let name = submission.request.form.full_name.as_bytes();
    assert!(files_holding(service.dir.path(), &[name]).is_empty());
    let audited = crate::common::staff::audit_lines(&service, "withdrawn");
    assert_eq!(audited.len(), 1);
    assert_eq!(
        (audited[0].staff_id, audited[0].detail.as_str()),
        (None, "by the operator's command")
    );
    assert_eq!(
        client.status(&receipt.id).await.unwrap().status,
        RegistrationStatus::Withdrawn
    );
    let state = service.state.clone();
    let unknown = tokio::task::spawn_blocking(move || {
        vssid_reception::rights::erase_by_reference(&state, "DK-00000000-NOSUCH")
    })
    .await
    .unwrap();
    assert!(matches!(
        unknown,
        Err(vssid_reception::rights::EraseError::Unknown(_))
    ));
}
