//! The app's HTTP backend against the real reception service on a loopback port: a
//! registration goes through once (a second send with the same key is the same registration),
//! a wrong e-mail code is refused, and a photo missing from the device is reported on its field.

use std::rc::Rc;
use vssid_app::edges::backend::{Backend, HttpBackend};
use vssid_app::edges::photos::{MemoryPhotoStore, PhotoStore};
use vssid_client::ApiClient;
use vssid_core::directory::Directory;
use vssid_core::fields::{Email, FieldId};
use vssid_core::flow::{PhotoKeys, SubmitFailure, SubmitPayload};
use vssid_reception::{AppState, Config};
use vssid_testkit::jpeg::jpeg;
use vssid_testkit::loopback::LoopbackServer;
use vssid_testkit::sample::valid_request;

/// The sample registration, as the flow hands it to the backend.
fn payload(key: &str) -> SubmitPayload {
    let request = valid_request();
    SubmitPayload {
        idempotency_key: key.into(),
        declaration: request
            .form
            .validate(Directory::global())
            .expect("a valid declaration"),
        office: request.office,
        email: Email::parse(&request.email).expect("e-mail"),
        lang: request.lang,
        photos: PhotoKeys {
            portrait: "p".into(),
            id_front: "f".into(),
            id_back: "b".into(),
        },
        consent: request.consent.expect("consent"),
    }
}

#[test]
fn registrations_go_through_the_http_backend_exactly_once() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    // A folder the service creates itself (private, 0700): it refuses one others can read.
    let mut config = Config::for_data_dir(dir.path().join("service"));
    config.limits.rate_per_second = 0.0;
    let state = AppState::builder(config).build().expect("service state");
    let running = runtime
        .block_on(vssid_reception::start(state.clone()))
        .expect("service");

    let photos = Rc::new(MemoryPhotoStore::default());
    photos.put("p", jpeg(600, 800, 40, 80)).unwrap();
    photos.put("f", jpeg(856, 540, 120, 80)).unwrap();
    photos.put("b", jpeg(856, 540, 200, 80)).unwrap();
    let client = ApiClient::new(&running.base_url()).expect("client");
    let backend = HttpBackend::new(client, photos.clone());

    let key = "5b0f6a0e-8a55-4c1b-9d7e-0d2f1c3b4a59";
    let first = runtime
        .block_on(backend.submit(payload(key)))
        .expect("accepted");
    assert!(!first.id.is_empty());
    assert!(!first.reference.is_empty());
    let again = runtime
        .block_on(backend.submit(payload(key)))
        .expect("accepted again");
    assert_eq!(again.id, first.id, "the same key is the same registration");
    assert_eq!(state.store().count().unwrap(), 1);

    let wrong = runtime
        .block_on(backend.verify_otp(&first.id, "000000"))
        .expect_err("a wrong code is refused");
    assert!(wrong.code.starts_with("otp"), "{}", wrong.code);
    assert_ne!(wrong.vi, wrong.en);

    // The receipt's rights: a copy of the data, then the withdrawal (the key is the secret).
    let json = runtime
        .block_on(backend.registration_data(&first.id, key))
        .expect("the copy");
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(data["declaration"]["full_name"], "Nguyễn Thị Ánh");
    assert_eq!(data["photos"].as_array().unwrap().len(), 3);
    let refused = runtime
        .block_on(backend.withdraw(&first.id, "0b9a4f8e-6d1c-4b8e-9f3a-2c5d7e8f9a0b"))
        .expect_err("another secret deletes nothing");
    assert_eq!(refused.code, "not_found");
    runtime
        .block_on(backend.withdraw(&first.id, key))
        .expect("withdrawn");
    let record = state.store().get(&first.id).unwrap().unwrap();
    assert!(record.withdrawn_at_ms.is_some());
    assert!(!record.declaration_json.contains("Ánh"));
    let notice = runtime
        .block_on(backend.privacy_notice())
        .expect("the service's notice");
    assert_eq!(notice.version, vssid_core::consent::NOTICE_VERSION);

    photos.delete("b");
    match runtime.block_on(backend.submit(payload("another-key-0001"))) {
        Err(SubmitFailure::Invalid { errors }) => {
            assert_eq!(errors[&FieldId::IdBack].code, "photo_missing");
        }
        other => panic!("expected a photo error, got {other:?}"),
    }
    assert_eq!(state.store().count().unwrap(), 1);
}

/// Finding 9 of issue 14: the client follows no redirect. A 307 would have it send the same
/// body (identity, photos, the e-mail code) again to wherever the answer points.
#[test]
fn finding_9_the_client_follows_no_redirect() {
    use vssid_client::{ApiError, RetryPolicy};
    let elsewhere = LoopbackServer::with_status("404 Not Found");
    let service = LoopbackServer::redirecting_to(&format!("{}/collect", elsewhere.base_url()));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = ApiClient::new(&service.base_url())
        .expect("client")
        .with_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        });
    let answer = runtime.block_on(client.confirm_otp("reg-1", "123456"));
    assert_eq!(service.requests(), 1);
    assert_eq!(
        elsewhere.requests(),
        0,
        "the body was sent again to the redirect's target"
    );
    assert!(
        matches!(answer, Err(ApiError::UnexpectedResponse { status: 307 })),
        "{answer:?}"
    );
}
