//! Shared helpers of the integration tests: a service on an ephemeral loopback port with a
//! temporary data directory and a manual clock, generated JPEGs, and a valid registration.
#![allow(dead_code)]

use base64::Engine;
use std::io::Cursor;
use std::sync::Arc;
use std::time::Duration;
use vssid_client::{ApiClient, RetryPolicy, Submission};
use vssid_core::api::RegistrationRequest;
use vssid_core::declaration::DeclarationForm;
use vssid_core::Lang;
use vssid_reception::{AppState, Config, ManualClock, RunningService};

/// A service under test and what the test needs to look inside it.
pub struct TestService {
    pub state: AppState,
    pub clock: ManualClock,
    pub running: RunningService,
    pub dir: tempfile::TempDir,
}

impl TestService {
    /// Starts a service; `adjust` may change the configuration first.
    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> TestService {
        let dir = private_tempdir();
        let mut config = Config::for_data_dir(dir.path());
        // Every test client is 127.0.0.1: no rate limit and no hourly quota per address
        // unless a test sets them.
        config.limits.rate_per_second = 0.0;
        config.limits.registrations_per_address_per_hour = 0;
        adjust(&mut config);
        let clock = ManualClock::new(1_795_627_868_000);
        let state = AppState::builder(config)
            .clock(Arc::new(clock.clone()))
            .build()
            .expect("state");
        let running = vssid_reception::start(state.clone()).await.expect("start");
        TestService {
            state,
            clock,
            running,
            dir,
        }
    }

    pub async fn start() -> TestService {
        TestService::start_with(|_| {}).await
    }

    pub fn base_url(&self) -> String {
        self.running.base_url()
    }

    /// A client with short waits, so retries do not slow the tests.
    pub fn client(&self) -> ApiClient {
        client_for(&self.base_url())
    }

    pub fn count(&self) -> u64 {
        self.state.store().count().expect("count")
    }

    /// The e-mails in the outbox, in name order (`<reference>-<n>`: the first message, then
    /// each resend), as (raw message, decoded body). Every message is written before its
    /// request is answered, so nothing is waited for.
    pub fn mails(&self) -> Vec<(String, String)> {
        let mut paths: Vec<_> = std::fs::read_dir(self.state.config().outbox_path())
            .expect("outbox")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let raw = std::fs::read_to_string(&p).expect("mail");
                let body = decode_mail_body(&raw);
                (raw, body)
            })
            .collect()
    }

    /// The confirmation code of the newest e-mail.
    pub fn latest_otp(&self) -> String {
        let (_, body) = self.mails().pop().expect("a mail");
        otp_in(&body)
    }
}

/// A temporary directory only its owner can read (the service refuses others).
pub fn private_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))
            .expect("chmod 700");
    }
    dir
}

pub fn client_for(base_url: &str) -> ApiClient {
    ApiClient::new(base_url)
        .expect("client")
        .with_policy(RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(200),
            max_retry_after: Duration::from_secs(2),
            attempt_timeout: Duration::from_secs(20),
        })
}

/// The body of an RFC 5322 message with a base64 body.
pub fn decode_mail_body(raw: &str) -> String {
    let (_, body) = raw.split_once("\r\n\r\n").expect("header/body separator");
    let joined: String = body.split("\r\n").collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(joined)
        .expect("base64 body");
    String::from_utf8(bytes).expect("utf-8 body")
}

/// The 6-digit code after the code line's colon.
pub fn otp_in(body: &str) -> String {
    let line = body
        .lines()
        .find(|l| {
            l.starts_with("Mã xác nhận của bạn là:") || l.starts_with("Your confirmation code is:")
        })
        .expect("code line");
    let code = line.rsplit(':').next().unwrap().trim().to_string();
    assert_eq!(code.len(), 6);
    code
}

/// A JPEG of `width`×`height` with some texture (`seed` varies it), at `quality`.
pub fn jpeg(width: u32, height: u32, seed: u32, quality: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let v = x.wrapping_mul(31) ^ y.wrapping_mul(17) ^ seed.wrapping_mul(2_654_435_761);
        let noise = (v.wrapping_mul(1_103_515_245).wrapping_add(12_345) >> 16) as u8;
        image::Rgb([noise, (x as u8).wrapping_add(noise / 2), (y as u8) ^ noise])
    });
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&image)
        .expect("jpeg");
    out.into_inner()
}

/// A declaration every rule accepts (the units are the core's test directory).
pub fn valid_request() -> RegistrationRequest {
    RegistrationRequest {
        form: DeclarationForm {
            bhxh_code: "7912345678".into(),
            full_name: "Nguyễn Văn An".into(),
            person_id: "079201001234".into(),
            province: "79".into(),
            commune: "26740".into(),
            street: "12 Lê Lợi".into(),
            phone: "0912345678".into(),
        },
        office: "079".into(),
        email: "an.nguyen@example.vn".into(),
        lang: Lang::Vi,
        consent: Some(vssid_core::consent::Consent::to_current_notice(
            "2026-11-29T08:00:00Z",
        )),
    }
}

/// A valid submission with a fresh key and small photos.
pub fn valid_submission() -> Submission {
    Submission {
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        request: valid_request(),
        portrait: jpeg(240, 320, 1, 80),
        id_front: jpeg(320, 240, 2, 80),
        id_back: jpeg(320, 240, 3, 80),
    }
}
