//! The app's HTTP backend against the real reception service on a loopback port: a
//! registration goes through once (a second send with the same key is the same registration),
//! a wrong e-mail code is refused, and a photo missing from the device is reported on its field.

use std::rc::Rc;
use vssid_app::edges::backend::{Backend, HttpBackend};
use vssid_app::edges::photos::{MemoryPhotoStore, PhotoStore};
use vssid_client::ApiClient;
use vssid_core::declaration::fixtures::sample_form;
use vssid_core::directory::Directory;
use vssid_core::fields::{Email, FieldId};
use vssid_core::flow::{PhotoKeys, SubmitFailure, SubmitPayload};
use vssid_core::Lang;
use vssid_reception::{AppState, Config};

fn jpeg(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([shade, (x % 256) as u8, (y % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode");
    out.into_inner()
}

fn payload(key: &str) -> SubmitPayload {
    let form = sample_form();
    SubmitPayload {
        idempotency_key: key.into(),
        declaration: form
            .validate(Directory::global())
            .expect("a valid declaration"),
        office: "079".into(),
        email: Email::parse("anh.nguyen@example.com").expect("e-mail"),
        lang: Lang::Vi,
        photos: PhotoKeys {
            portrait: "p".into(),
            id_front: "f".into(),
            id_back: "b".into(),
        },
        consent: vssid_core::consent::Consent::to_current_notice("2026-11-29T08:00:00Z"),
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
    photos.put("p", &jpeg(600, 800, 40)).unwrap();
    photos.put("f", &jpeg(856, 540, 120)).unwrap();
    photos.put("b", &jpeg(856, 540, 200)).unwrap();
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

/// Reads one HTTP request (its head and a `Content-Length` body) from `stream`.
fn read_request(stream: &mut std::net::TcpStream) -> String {
    use std::io::Read;
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let read = stream.read(&mut buffer).unwrap_or(0);
        if read == 0 {
            break;
        }
        request.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&request);
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if request.len() >= head_end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&request).into_owned()
}

/// Answers every request on `listener` with `answer`; counts the requests.
fn answer_every_request(
    listener: std::net::TcpListener,
    answer: String,
) -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
    use std::io::Write;
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            read_request(&mut stream);
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    count
}

/// Finding 9 of issue 14: the client follows no redirect. A 307 would have it send the same
/// body (identity, photos, the e-mail code) again to wherever the answer points.
#[test]
fn finding_9_the_client_follows_no_redirect() {
    use std::sync::atomic::Ordering;
    use vssid_client::{ApiError, RetryPolicy};
    let elsewhere = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let elsewhere_port = elsewhere.local_addr().unwrap().port();
    let reached_elsewhere = answer_every_request(
        elsewhere,
        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
    );
    let service = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let service_port = service.local_addr().unwrap().port();
    let reached_service = answer_every_request(
        service,
        format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:{elsewhere_port}/collect\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = ApiClient::new(&format!("http://127.0.0.1:{service_port}"))
        .expect("client")
        .with_policy(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        });
    let answer = runtime.block_on(client.confirm_otp("reg-1", "123456"));
    assert_eq!(reached_service.load(Ordering::SeqCst), 1);
    assert_eq!(
        reached_elsewhere.load(Ordering::SeqCst),
        0,
        "the body was sent again to the redirect's target"
    );
    assert!(
        matches!(answer, Err(ApiError::UnexpectedResponse { status: 307 })),
        "{answer:?}"
    );
}
