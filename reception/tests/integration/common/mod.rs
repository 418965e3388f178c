//! Shared helpers of the integration tests: a service on an ephemeral loopback port with a
//! temporary data directory and a manual clock (on SQLite, or with `VSSID_TEST_STORE=postgres`
//! on a fresh PostgreSQL database), its e-mails, and a client with short waits.
//! The sample registration and the generated JPEGs are the workspace's (`vssid_testkit`).
#![allow(dead_code)]

pub mod smtp;
pub mod staff;

use std::sync::Arc;
use std::time::Duration;
use vssid_client::{ApiClient, RetryPolicy};
use vssid_reception::{AppState, Config, ManualClock, RunningService};
pub use vssid_testkit::jpeg::jpeg;
pub use vssid_testkit::sample::{valid_request, valid_submission};

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
        // VSSID_TEST_STORE=postgres runs the service on a fresh PostgreSQL database (photos in
        // it) instead of SQLite: the same tests, the other store.
        if std::env::var("VSSID_TEST_STORE").is_ok_and(|store| store == "postgres") {
            config.database_url = vssid_testkit::postgres::fresh_database().map(Into::into);
        }
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

/// The text of an e-mail from the outbox.
pub fn decode_mail_body(raw: &str) -> String {
    vssid_testkit::mail::body(raw).expect("a base64 body")
}

/// The 6-digit code of an e-mail's text.
pub fn otp_in(body: &str) -> String {
    vssid_testkit::mail::code(body).expect("a code line")
}

/// The body of a multipart registration request: `declaration` as the declaration part
/// (as given, so a test may send a malformed one) and the submission's three photos.
pub fn multipart_body(
    declaration: &[u8],
    submission: &vssid_client::Submission,
    boundary: &str,
) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"declaration\"\r\nContent-Type: application/json\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(declaration);
    body.extend_from_slice(b"\r\n");
    for (name, bytes) in [
        ("portrait", &submission.portrait),
        ("id_front", &submission.id_front),
        ("id_back", &submission.id_back),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    body
}
