//! `vssid submit` against the real reception service on a loopback port.

use std::path::Path;
use vssid_core::flow::{PhotoRef, PhotoSlot, PhotoState, Registration};
use vssid_core::Lang;
use vssid_reception::{AppState, Config};
use vssid_testkit::jpeg::jpeg;
use vssid_testkit::sample::{valid_request, CONSENTED_AT};

/// Writes a draft of the sample registration with three photos beside it; returns the
/// draft's path.
fn write_draft(dir: &Path, key: &str, email: &str) -> String {
    let mut registration = Registration::new(key, Lang::En);
    registration.consent_to_current_notice(CONSENTED_AT);
    registration.form = valid_request().form;
    registration.office = Some("79-tan-dinh".into());
    registration.email = email.into();
    for (index, slot) in PhotoSlot::ALL.into_iter().enumerate() {
        let name = format!("photo-{index}.jpg");
        let bytes = jpeg(300, 400, index as u32, 80);
        std::fs::write(dir.join(&name), &bytes).unwrap();
        *registration.photos.get_mut(slot) = PhotoState::Ready(PhotoRef {
            key: name,
            bytes: bytes.len() as u64,
            width: 300,
            height: 400,
            warnings: Vec::new(),
        });
    }
    let path = dir.join("draft.json");
    std::fs::write(&path, vssid_core::draft::encode(&registration)).unwrap();
    path.display().to_string()
}

async fn run_cli(args: Vec<String>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = vssid_cli::run_with(&args, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_submitted_once_and_field_errors_are_listed() {
    let data = tempfile::tempdir().unwrap();
    // A folder the service creates itself (0700): it refuses one others can read.
    let mut config = Config::for_data_dir(data.path().join("service"));
    config.limits.rate_per_second = 0.0;
    let state = AppState::open(config).unwrap();
    let service = vssid_reception::start(state.clone()).await.unwrap();
    let base = service.base_url();

    let drafts = tempfile::tempdir().unwrap();
    let key = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
    let draft = write_draft(drafts.path(), key, "hong.le@example.vn");
    let args = vec![
        "submit".into(),
        draft.clone(),
        "--api".into(),
        base.clone(),
        "--json".into(),
    ];
    let (code, out, err) = run_cli(args.clone()).await;
    assert_eq!(code, 0, "{err}");
    let receipt: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(receipt["status"], "received");
    let (code, again, _) = run_cli(args).await;
    assert_eq!(code, 0);
    let again: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(
        again["id"], receipt["id"],
        "the same draft is the same registration"
    );
    assert_eq!(state.store().count().unwrap(), 1);

    let (code, text, _) = run_cli(vec![
        "submit".into(),
        draft,
        "--api".into(),
        base.clone(),
        "--lang".into(),
        "en".into(),
    ])
    .await;
    assert_eq!(code, 0);
    assert!(text.contains("Registration received."), "{text}");
    assert!(text.contains(receipt["reference"].as_str().unwrap()));

    let bad = tempfile::tempdir().unwrap();
    let bad_draft = write_draft(bad.path(), "0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d", "");
    let (code, out, _) = run_cli(vec![
        "submit".into(),
        bad_draft.clone(),
        "--api".into(),
        base.clone(),
        "--json".into(),
    ])
    .await;
    assert_eq!(code, 1);
    let error: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(error["error"]["code"], "invalid_fields");
    assert_eq!(error["error"]["errors"]["email"]["code"], "required");
    let (code, _, err) = run_cli(vec!["submit".into(), bad_draft, "--api".into(), base]).await;
    assert_eq!(code, 1);
    assert!(err.contains("  email: "), "{err}");
    assert_eq!(state.store().count().unwrap(), 1);
    service.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_says_what_it_means_and_resubmit_is_refused_before_the_office_asks() {
    let data = tempfile::tempdir().unwrap();
    let mut config = Config::for_data_dir(data.path().join("service"));
    config.limits.rate_per_second = 0.0;
    let state = AppState::open(config).unwrap();
    let service = vssid_reception::start(state.clone()).await.unwrap();
    let base = service.base_url();
    let drafts = tempfile::tempdir().unwrap();
    let key = "7a1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4c";
    let draft = write_draft(drafts.path(), key, "hong.le@example.vn");
    let (code, out, err) = run_cli(vec![
        "submit".into(),
        draft,
        "--api".into(),
        base.clone(),
        "--json".into(),
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    let receipt: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = receipt["id"].as_str().unwrap().to_string();

    let (code, out, err) = run_cli(vec![
        "status".into(),
        id.clone(),
        "--api".into(),
        base.clone(),
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    let words = vssid_core::api::RegistrationStatus::Received.text(vssid_core::Lang::Vi);
    assert!(out.contains(words.title), "{out}");
    assert!(out.contains(words.next), "{out}");
    let (code, out, _) = run_cli(vec![
        "status".into(),
        id.clone(),
        "--api".into(),
        base.clone(),
        "--lang".into(),
        "en".into(),
    ])
    .await;
    assert_eq!(code, 0);
    assert!(out.contains("Waiting for the e-mail code"), "{out}");

    let (code, _, err) = run_cli(vec![
        "resubmit".into(),
        id,
        "--secret".into(),
        key.into(),
        "--set".into(),
        "street=99 Hai Bà Trưng".into(),
        "--api".into(),
        base,
    ])
    .await;
    assert_eq!(code, 1);
    assert!(err.contains("không yêu cầu bổ sung"), "{err}");
}
