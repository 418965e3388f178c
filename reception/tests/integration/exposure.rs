//! The service put on the internet (issue 14): one test per finding, named after it. Each
//! fails on the service as it was before the finding's control.

use crate::common;
use vssid_reception::store::resubmissions::{NewResubmission, ResubmissionRecord, ResubmitOutcome};

use common::{otp_in, valid_submission, TestService};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vssid_client::{ApiError, Submission};
use vssid_core::api::{InvalidTransition, Problem, ProblemCode, RegistrationStatus, StatusChange};
use vssid_reception::store::{
    InsertOutcome, NewRegistration, OtpOutcome, OtpPolicy, PhotoRecord, PurgeRules, Purged,
    RegistrationRecord, RegistrationStore, ResendOutcome, SqliteStore, StoreError,
};
use vssid_reception::{AppState, Config};

fn problem_code(result: Result<impl std::fmt::Debug, ApiError>) -> ProblemCode {
    match result {
        Err(error) => error
            .problem_code()
            .unwrap_or_else(|| panic!("not a problem: {error:?}")),
        Ok(value) => panic!("expected an error, got {value:?}"),
    }
}

/// A submission with its own key sent to `email`.
fn submission_to(email: &str) -> Submission {
    let mut submission = valid_submission();
    submission.request.email = email.into();
    submission
}

/// The body of a multipart registration request (declaration and three photos).
fn multipart_body(submission: &Submission, boundary: &str) -> Vec<u8> {
    let declaration = serde_json::to_vec(&submission.request).unwrap();
    common::multipart_body(&declaration, submission, boundary)
}

/// A whole registration request with extra header lines (each ending in CRLF).
fn registration_request(submission: &Submission, extra_headers: &str) -> Vec<u8> {
    let boundary = "exposure-boundary-41c9";
    let body = multipart_body(submission, boundary);
    let mut request = format!(
        "POST /v1/registrations HTTP/1.1\r\nHost: x\r\nIdempotency-Key: {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n{extra_headers}Connection: close\r\n\r\n",
        submission.idempotency_key,
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    request
}

/// Sends raw bytes and reads the whole answer: status, lower-case head, body.
async fn exchange(service: &TestService, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(service.running.addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer)).await;
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP answer");
    let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
    let status = head[9..12].parse().unwrap();
    (status, head, answer[end + 4..].to_vec())
}

fn problem(body: &[u8]) -> Problem {
    serde_json::from_slice(body).expect("a problem document")
}

fn get(path: &str, extra_headers: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: x\r\n{extra_headers}Connection: close\r\n\r\n")
        .into_bytes()
}

/// Every file (not folder) under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn photo_files(service: &TestService) -> usize {
    std::fs::read_dir(service.state.config().photos_path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "jpg"))
        .count()
}

// --- Finding 1: mail relay / mail bomb -------------------------------------------------------

#[tokio::test]
async fn finding_1_recipient_cap_refuses_the_sixth_mail_of_the_day_even_after_a_restart() {
    let service = TestService::start().await;
    let client = service.client();
    let victim = "nan.nhan@example.vn";
    let mut receipts = Vec::new();
    for _ in 0..5 {
        receipts.push(client.submit(&submission_to(victim), |_| {}).await.unwrap());
    }
    assert_eq!(service.mails().len(), 5);
    // The sixth registration to the same address (in another case) is refused, not stored,
    // and writes no e-mail.
    match client
        .submit(&submission_to("Nan.Nhan@EXAMPLE.vn"), |_| {})
        .await
    {
        Err(ApiError::Refused(problem)) => {
            assert_eq!(problem.kind(), Some(ProblemCode::RecipientMailLimit));
            assert_eq!(problem.status, 429);
            assert!(problem.vi.contains("24 giờ"), "{}", problem.vi);
            assert!(problem.en.contains("24 hours"), "{}", problem.en);
        }
        other => panic!("expected the recipient cap, got {other:?}"),
    }
    assert_eq!(service.count(), 5);
    assert_eq!(service.mails().len(), 5);
    // A resend counts too.
    service.clock.advance_ms(60_000);
    assert_eq!(
        problem_code(client.resend_otp(&receipts[0].id).await),
        ProblemCode::RecipientMailLimit
    );
    assert_eq!(service.mails().len(), 5);
    // Other addresses are not affected (no per-domain cap).
    client
        .submit(&submission_to("khac@example.vn"), |_| {})
        .await
        .expect("another address");

    // The count is in the store: a restarted service still refuses.
    let TestService {
        state,
        clock,
        running,
        dir,
    } = service;
    running.stop().await.unwrap();
    let config = state.config().clone();
    drop(state);
    let state = AppState::builder(config)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let running = vssid_reception::start(state.clone()).await.unwrap();
    let restarted = TestService {
        state,
        clock,
        running,
        dir,
    };
    let client = restarted.client();
    assert_eq!(
        problem_code(client.submit(&submission_to(victim), |_| {}).await),
        ProblemCode::RecipientMailLimit
    );
    // A day later the address may be written to again.
    restarted.clock.advance_ms(24 * 3_600_000);
    client
        .submit(&submission_to(victim), |_| {})
        .await
        .expect("accepted the next day");
}

// --- Finding 2: personal data to an unverified address --------------------------------------

#[tokio::test]
async fn finding_2_code_mails_carry_only_the_reference_and_the_summary_follows_confirmation() {
    let service = TestService::start().await;
    let client = service.client();
    let submission = valid_submission();
    let receipt = client.submit(&submission, |_| {}).await.unwrap();
    service.clock.advance_ms(60_000);
    client.resend_otp(&receipt.id).await.unwrap();
    let form = &submission.request.form;
    let personal = [
        form.full_name.as_str(),
        form.person_id.as_str(),
        form.bhxh_code.as_str(),
        form.street.as_str(),
        "0912345678",
        "+84912345678",
        "Lê Lợi",
    ];
    let mails = service.mails();
    assert_eq!(mails.len(), 2);
    for (_, body) in &mails {
        assert!(body.contains(&receipt.reference), "{body}");
        otp_in(body);
        for value in personal {
            assert!(
                !body.contains(value),
                "{value:?} in an unverified mail:\n{body}"
            );
        }
        assert!(!body.contains("Họ và tên"), "{body}");
    }
    let code = service.latest_otp();
    client.confirm_otp(&receipt.id, &code).await.unwrap();
    let mails = service.mails();
    assert_eq!(mails.len(), 3, "the summary follows the confirmation");
    let (raw, summary) = mails.last().unwrap();
    assert!(raw.contains("To: anh.nguyen@example.com\r\n"));
    assert!(summary.contains("Họ và tên: Nguyễn Thị Ánh"), "{summary}");
    assert!(summary.contains(&receipt.reference));
    assert!(!summary.contains(&code), "the used code is not repeated");
}

// --- Finding 3: disk filling, nothing ever deleted -------------------------------------------

#[tokio::test]
async fn finding_3_photos_must_be_complete_jpegs_without_extra_segments_or_trailing_bytes() {
    let service = TestService::start().await;
    let client = service.client();
    let mut padded = valid_submission();
    // A real JPEG followed by a MiB of other bytes (the old check read the header only).
    padded
        .portrait
        .extend((0..1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    // A comment segment can carry anything.
    let mut commented = padded.id_front.clone();
    let tail = commented.split_off(2);
    commented.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x06, b'd', b'a', b't', b'a']);
    commented.extend_from_slice(&tail);
    padded.id_front = commented;
    match client.submit(&padded, |_| {}).await {
        Err(ApiError::InvalidFields(errors)) => {
            let codes: Vec<(&str, &str)> = errors
                .iter()
                .map(|(field, error)| (field.as_str(), error.code.as_str()))
                .collect();
            assert_eq!(
                codes,
                vec![
                    ("portrait", "photo_malformed"),
                    ("id_front", "photo_has_metadata")
                ]
            );
        }
        other => panic!("expected field errors, got {other:?}"),
    }
    assert_eq!(service.count(), 0);
    assert_eq!(photo_files(&service), 0);
}

#[test]
fn finding_3_photos_from_the_app_pipeline_pass_the_structure_check() {
    use vssid_core::photo::{process_photo, PhotoKind, PhotoLimits};
    let camera = common::jpeg(900, 700, 7, 90);
    let limits = PhotoLimits {
        max_edge: 640,
        ..PhotoLimits::default()
    };
    for kind in [PhotoKind::Portrait, PhotoKind::IdFront, PhotoKind::IdBack] {
        let processed = process_photo(&camera, kind, &limits, &mut |_| {}).expect("processed");
        let info = vssid_reception::photos::check_structure(&processed.jpeg)
            .unwrap_or_else(|error| panic!("{kind:?}: {error}"));
        assert!(info.width <= 640 && info.height <= 640, "{info:?}");
    }
    // So do the test photos made by the `image` encoder.
    vssid_reception::photos::check_structure(&common::jpeg(240, 320, 1, 80)).unwrap();
}

#[tokio::test]
async fn finding_3_unconfirmed_registrations_expire_with_their_photos_and_mails() {
    let service = TestService::start().await;
    let client = service.client();
    let kept = client.submit(&valid_submission(), |_| {}).await.unwrap();
    let code = service.latest_otp();
    client.confirm_otp(&kept.id, &code).await.unwrap();
    let mut other = submission_to("khac@example.vn");
    other.portrait = common::jpeg(240, 320, 11, 80);
    other.id_front = common::jpeg(320, 240, 12, 80);
    other.id_back = common::jpeg(320, 240, 13, 80);
    let expiring = client.submit(&other, |_| {}).await.unwrap();
    let expiring_photos = service.state.store().photos(&expiring.id).unwrap();
    assert_eq!(photo_files(&service), 6);

    // Within 24 hours nothing goes.
    service.clock.advance_ms(23 * 3_600_000);
    let report = vssid_reception::retention::sweep(&service.state).unwrap();
    assert_eq!(report.registrations, 0);
    assert_eq!(service.count(), 2);

    service.clock.advance_ms(3_600_000 + 1);
    let report = vssid_reception::retention::sweep(&service.state).unwrap();
    assert_eq!(report.registrations, 1);
    assert_eq!(report.photos, 3);
    assert_eq!(report.mails, 1);
    assert_eq!(service.count(), 1);
    assert!(service.state.store().get(&expiring.id).unwrap().is_none());
    for photo in &expiring_photos {
        assert!(!service
            .state
            .photo_directory()
            .path_of(&photo.sha256)
            .exists());
    }
    assert_eq!(photo_files(&service), 3);
    let mails = service.mails();
    assert!(mails
        .iter()
        .all(|(_, body)| !body.contains(&expiring.reference)));
    assert_eq!(
        client.status(&kept.id).await.unwrap().status,
        RegistrationStatus::Confirmed
    );

    // The confirmed one follows `retention.confirmed_days` (90 by default).
    service.clock.advance_ms(90 * 86_400_000);
    let report = vssid_reception::retention::sweep(&service.state).unwrap();
    assert_eq!(report.registrations, 1);
    assert_eq!(service.count(), 0);
    assert_eq!(photo_files(&service), 0);
    assert!(service.mails().is_empty());
}

#[tokio::test]
async fn finding_3_the_purge_subcommand_deletes_expired_registrations() {
    let service = TestService::start().await;
    let client = service.client();
    client.submit(&valid_submission(), |_| {}).await.unwrap();
    let data_dir = service.state.config().data_dir.clone();
    let TestService { running, state, .. } = service;
    running.stop().await.unwrap();
    drop(state);
    // Received on 2026-11-25 by the test clock; with an expiry of 0 hours the real clock
    // finds it expired.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_vssid-reception"))
        .arg("purge")
        .arg("--data-dir")
        .arg(&data_dir)
        .env("VSSID_UNCONFIRMED_EXPIRY_HOURS", "0")
        .env("VSSID_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout.contains("deleted: 1 registrations, 3 photos, 1 e-mails"),
        "{stdout}"
    );
    let store = SqliteStore::open(&data_dir.join("reception.sqlite3")).unwrap();
    assert_eq!(store.count().unwrap(), 0);
}

#[tokio::test]
async fn finding_3_below_the_free_disk_threshold_nothing_is_written_and_503_says_when_to_retry() {
    let service = TestService::start_with(|c| c.limits.min_free_disk_bytes = u64::MAX).await;
    let (status, head, body) =
        exchange(&service, &registration_request(&valid_submission(), "")).await;
    assert_eq!(status, 503, "{head}");
    assert!(head.contains("retry-after: "), "{head}");
    assert_eq!(problem(&body).kind(), Some(ProblemCode::Unavailable));
    assert_eq!(service.count(), 0);
    assert_eq!(photo_files(&service), 0);
    // Reading still works.
    let (status, _, _) = exchange(&service, &get("/v1/offices", "")).await;
    assert_eq!(status, 200);
}

// --- Finding 4: rate limit behind a proxy ----------------------------------------------------

#[tokio::test]
async fn finding_4_forwarding_headers_are_ignored_unless_the_peer_is_a_trusted_proxy() {
    // Untrusted peer: a new X-Forwarded-For on each request does not give a new bucket.
    let service = TestService::start_with(|c| {
        c.limits.rate_per_second = 0.001;
        c.limits.rate_burst = 2.0;
    })
    .await;
    let mut statuses = Vec::new();
    for n in 0..3 {
        let header =
            format!("X-Forwarded-For: 198.51.100.{n}\r\nForwarded: for=198.51.100.{n}\r\n");
        statuses.push(exchange(&service, &get("/v1/offices", &header)).await.0);
    }
    assert_eq!(statuses, vec![200, 200, 429]);

    // Trusted proxy (loopback): the right-most untrusted hop is the client; IPv6 clients
    // share a bucket per /64.
    let service = TestService::start_with(|c| {
        c.limits.rate_per_second = 0.001;
        c.limits.rate_burst = 2.0;
        c.trusted_proxies = vec!["127.0.0.0/8".into()];
    })
    .await;
    let via = |hops: &str| format!("X-Forwarded-For: {hops}\r\n");
    let mut statuses = Vec::new();
    for n in 0..4 {
        // The client writes a fake first hop; the proxy appends the real one.
        let header = via(&format!("6.6.6.6, 198.51.100.{n}"));
        statuses.push(exchange(&service, &get("/v1/offices", &header)).await.0);
    }
    assert_eq!(
        statuses,
        vec![200, 200, 200, 200],
        "each client its own bucket"
    );
    let mut statuses = Vec::new();
    for host in ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3"] {
        let header = format!("Forwarded: for=\"[{host}]:4711\"\r\n");
        statuses.push(exchange(&service, &get("/v1/offices", &header)).await.0);
    }
    assert_eq!(statuses, vec![200, 200, 429], "one /64, one bucket");
}

#[tokio::test]
async fn finding_4_registrations_per_address_per_hour_use_the_resolved_client_address() {
    let service = TestService::start_with(|c| {
        c.limits.registrations_per_address_per_hour = 1;
        c.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    let from = |ip: &str| format!("X-Forwarded-For: {ip}\r\n");
    let (status, head, _) = exchange(
        &service,
        &registration_request(&submission_to("a@example.vn"), &from("198.51.100.7")),
    )
    .await;
    assert_eq!(status, 201, "{head}");
    let (status, head, body) = exchange(
        &service,
        &registration_request(&submission_to("b@example.vn"), &from("198.51.100.7")),
    )
    .await;
    assert_eq!(status, 429, "{head}");
    assert!(head.contains("retry-after: "), "{head}");
    assert_eq!(problem(&body).kind(), Some(ProblemCode::RateLimited));
    let (status, head, _) = exchange(
        &service,
        &registration_request(&submission_to("c@example.vn"), &from("198.51.100.8")),
    )
    .await;
    assert_eq!(status, 201, "another client: {head}");
    assert_eq!(service.count(), 2);
}

#[tokio::test]
async fn finding_4_requests_beyond_the_in_flight_limit_are_shed_with_503() {
    let service = TestService::start_with(|c| c.limits.max_requests_in_flight = 1).await;
    // One request holds the only slot: its body never finishes.
    let mut slow = TcpStream::connect(service.running.addr).await.unwrap();
    slow.write_all(
        format!(
            "POST /v1/registrations HTTP/1.1\r\nHost: x\r\nIdempotency-Key: {}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n",
            uuid::Uuid::new_v4()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, head, body) = exchange(&service, &get("/v1/offices", "")).await;
    assert_eq!(status, 503, "{head}");
    assert!(head.contains("retry-after: 1"), "{head}");
    assert_eq!(problem(&body).kind(), Some(ProblemCode::Unavailable));
    drop(slow);
    // Once it is gone, requests are served again.
    let mut status = 0;
    for _ in 0..50 {
        status = exchange(&service, &get("/v1/offices", "")).await.0;
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, 200);
}

// --- Finding 5: readable by every local user --------------------------------------------------

#[cfg(unix)]
#[tokio::test]
async fn finding_5_files_are_0600_folders_0700_and_an_open_data_dir_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let service = TestService::start().await;
    let client = service.client();
    let receipt = client.submit(&valid_submission(), |_| {}).await.unwrap();
    let code = service.latest_otp();
    client.confirm_otp(&receipt.id, &code).await.unwrap();
    let data_dir = service.state.config().data_dir.clone();
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    for dir in [
        data_dir.clone(),
        service.state.config().photos_path(),
        service.state.config().outbox_path(),
    ] {
        assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    }
    let files = files_under(&data_dir);
    // Three photos, two e-mails, the database (and its WAL files).
    assert!(files.len() >= 6, "{files:?}");
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }

    let open = tempfile::tempdir().unwrap();
    std::fs::set_permissions(open.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let error = AppState::open(Config::for_data_dir(open.path()))
        .err()
        .expect("refused");
    let message = error.to_string();
    assert!(message.contains("can be read by other users"), "{message}");
    assert!(message.contains("chmod 700"), "{message}");
}

// --- Finding 6: raw text stored and mailed ----------------------------------------------------

#[tokio::test]
async fn finding_6_the_normalized_values_are_stored_and_mailed_and_bidi_overrides_refused() {
    let service = TestService::start().await;
    let client = service.client();
    let mut submission = valid_submission();
    submission.request.form.full_name = "  Nguyễn \n\t Văn   An ".into();
    submission.request.form.street = format!("12{}Lê Lợi\r\n", " ".repeat(50_000));
    submission.request.form.phone = "0912 345 678".into();
    submission.request.email = " an.nguyen@EXAMPLE.vn ".into();
    let receipt = client.submit(&submission, |_| {}).await.unwrap();
    let record = service.state.store().get(&receipt.id).unwrap().unwrap();
    assert!(
        record.declaration_json.len() < 1_000,
        "{}",
        record.declaration_json
    );
    let stored: vssid_core::api::RegistrationRequest =
        serde_json::from_str(&record.declaration_json).unwrap();
    assert_eq!(stored.form.full_name, "Nguyễn Văn An");
    assert_eq!(stored.form.street, "12 Lê Lợi");
    assert_eq!(stored.form.phone, "+84912345678");
    assert_eq!(stored.email, "an.nguyen@example.vn");
    assert_eq!(record.email, "an.nguyen@example.vn");
    let code = service.latest_otp();
    client.confirm_otp(&receipt.id, &code).await.unwrap();
    let (raw, summary) = service.mails().pop().unwrap();
    assert!(raw.contains("To: an.nguyen@example.vn\r\n"), "{raw}");
    assert!(
        summary.contains("Họ và tên: Nguyễn Văn An\r\n"),
        "{summary}"
    );
    assert!(summary.contains("12 Lê Lợi, "), "{summary}");

    let mut reordered = valid_submission();
    reordered.request.form.street = "12 \u{202E}iợL êL".into();
    match client.submit(&reordered, |_| {}).await {
        Err(ApiError::InvalidFields(errors)) => {
            let error = &errors[&vssid_core::fields::FieldId::Street];
            assert_eq!(error.code, "street_control_character");
            assert!(error.vi.contains("U+202E") && error.en.contains("U+202E"));
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert_eq!(service.count(), 1);
}

// --- Finding 7: wrong-code guesses reset on resend --------------------------------------------

#[tokio::test]
async fn finding_7_wrong_codes_are_capped_in_total_across_resends() {
    let service = TestService::start_with(|c| c.limits.mails_per_recipient_per_day = 0).await;
    let client = service.client();
    let receipt = client.submit(&valid_submission(), |_| {}).await.unwrap();
    let wrong = |code: &str| if code == "000000" { "111111" } else { "000000" }.to_string();
    // 5 wrong codes lock the first code; a resend gives a new one.
    let code = service.latest_otp();
    for _ in 0..4 {
        assert_eq!(
            problem_code(client.confirm_otp(&receipt.id, &wrong(&code)).await),
            ProblemCode::OtpWrong
        );
    }
    assert_eq!(
        problem_code(client.confirm_otp(&receipt.id, &wrong(&code)).await),
        ProblemCode::OtpTooManyTries
    );
    service.clock.advance_ms(60_000);
    client.resend_otp(&receipt.id).await.unwrap();
    let code = service.latest_otp();
    for expected_left in [4, 3, 2, 1] {
        match client.confirm_otp(&receipt.id, &wrong(&code)).await {
            Err(ApiError::Refused(problem)) => {
                assert_eq!(problem.kind(), Some(ProblemCode::OtpWrong));
                assert_eq!(problem.tries_left, Some(expected_left));
            }
            other => panic!("expected a wrong code, got {other:?}"),
        }
    }
    // The 10th wrong code in all: the registration can no longer be confirmed.
    match client.confirm_otp(&receipt.id, &wrong(&code)).await {
        Err(ApiError::Refused(problem)) => {
            assert_eq!(problem.kind(), Some(ProblemCode::TooManyWrongCodes));
            assert_eq!(problem.code, "too_many_wrong_codes");
            assert!(!problem.vi.is_empty() && !problem.en.is_empty());
        }
        other => panic!("expected too many wrong codes, got {other:?}"),
    }
    assert_eq!(
        problem_code(client.confirm_otp(&receipt.id, &code).await),
        ProblemCode::TooManyWrongCodes,
        "even the right code"
    );
    service.clock.advance_ms(60_000);
    assert_eq!(
        problem_code(client.resend_otp(&receipt.id).await),
        ProblemCode::TooManyWrongCodes,
        "and no new code is sent"
    );
    assert_eq!(
        client.status(&receipt.id).await.unwrap().status,
        RegistrationStatus::Received,
        "an error, not a new status"
    );
}

// --- Finding 8: temporary files and photos of failed requests ----------------------------------

#[tokio::test]
async fn finding_8_unfinished_files_are_deleted_at_start() {
    let dir = common::private_tempdir();
    let config = Config::for_data_dir(dir.path());
    for tmp in [
        config.photos_path().join(".tmp"),
        config.outbox_path().join(".tmp"),
    ] {
        vssid_reception::files::create_private_dir(&tmp).unwrap();
        std::fs::write(tmp.join("0b9a4f8e.part"), b"half a photo").unwrap();
    }
    let state = AppState::open(config.clone()).unwrap();
    for tmp in [
        config.photos_path().join(".tmp"),
        config.outbox_path().join(".tmp"),
    ] {
        assert_eq!(
            std::fs::read_dir(&tmp).unwrap().count(),
            0,
            "{}",
            tmp.display()
        );
    }
    drop(state);
}

/// A store whose inserts fail (the database is full, say), everything else from SQLite.
struct FailingInserts(SqliteStore);

impl RegistrationStore for FailingInserts {
    fn insert(&self, _: &NewRegistration) -> Result<InsertOutcome, StoreError> {
        Err(StoreError::Batch("disk I/O error".into()))
    }
    fn find_by_key(&self, key: &str) -> Result<Option<RegistrationRecord>, StoreError> {
        self.0.find_by_key(key)
    }
    fn get(&self, id: &str) -> Result<Option<RegistrationRecord>, StoreError> {
        self.0.get(id)
    }
    fn find_by_reference(&self, reference: &str) -> Result<Option<RegistrationRecord>, StoreError> {
        self.0.find_by_reference(reference)
    }
    fn withdraw(
        &self,
        id: &str,
        now_ms: i64,
    ) -> Result<vssid_reception::store::WithdrawOutcome, StoreError> {
        self.0.withdraw(id, now_ms)
    }
    fn photos(&self, id: &str) -> Result<Vec<PhotoRecord>, StoreError> {
        self.0.photos(id)
    }
    fn verify_otp(
        &self,
        id: &str,
        hash: &str,
        now: i64,
        policy: OtpPolicy,
    ) -> Result<OtpOutcome, StoreError> {
        self.0.verify_otp(id, hash, now, policy)
    }
    fn replace_otp(
        &self,
        id: &str,
        hash: &str,
        now: i64,
        expires: i64,
        policy: OtpPolicy,
    ) -> Result<ResendOutcome, StoreError> {
        self.0.replace_otp(id, hash, now, expires, policy)
    }
    fn first_mail_written(&self, id: &str, now: i64) -> Result<(), StoreError> {
        self.0.first_mail_written(id, now)
    }
    fn reissue_unsent_first_code(
        &self,
        id: &str,
        hash: &str,
        now: i64,
        expires: i64,
    ) -> Result<Option<RegistrationRecord>, StoreError> {
        self.0.reissue_unsent_first_code(id, hash, now, expires)
    }
    fn without_first_mail(&self) -> Result<Vec<String>, StoreError> {
        self.0.without_first_mail()
    }
    fn change_status(
        &self,
        id: &str,
        change: StatusChange,
    ) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError> {
        self.0.change_status(id, change)
    }
    fn count(&self) -> Result<u64, StoreError> {
        self.0.count()
    }
    fn mails_sent_since(&self, email: &str, since: i64) -> Result<u32, StoreError> {
        self.0.mails_sent_since(email, since)
    }
    fn purge(&self, rules: PurgeRules) -> Result<Purged, StoreError> {
        self.0.purge(rules)
    }
    fn photo_referenced(&self, sha256: &str) -> Result<bool, StoreError> {
        self.0.photo_referenced(sha256)
    }
    fn resubmit(&self, new: &NewResubmission) -> Result<ResubmitOutcome, StoreError> {
        self.0.resubmit(new)
    }
    fn find_resubmission(&self, key: &str) -> Result<Option<ResubmissionRecord>, StoreError> {
        self.0.find_resubmission(key)
    }
    fn resubmissions(&self, id: &str) -> Result<Vec<ResubmissionRecord>, StoreError> {
        self.0.resubmissions(id)
    }
    fn release_replaced_photos(&self) -> Result<Vec<String>, StoreError> {
        self.0.release_replaced_photos()
    }
}

#[tokio::test]
async fn finding_8_photos_of_a_request_that_failed_after_writing_them_are_deleted() {
    let dir = common::private_tempdir();
    let mut config = Config::for_data_dir(dir.path());
    config.limits.rate_per_second = 0.0;
    let state = AppState::builder(config)
        .store(Arc::new(FailingInserts(SqliteStore::in_memory().unwrap())))
        .build()
        .unwrap();
    let running = vssid_reception::start(state.clone()).await.unwrap();
    let client = common::client_for(&running.base_url());
    let result = client.submit(&valid_submission(), |_| {}).await;
    assert!(result.is_err(), "{result:?}");
    let left: Vec<_> = files_under(&state.config().photos_path());
    assert!(left.is_empty(), "photo files left behind: {left:?}");
    running.stop().await.unwrap();
}

// --- Finding 11: sender identity ---------------------------------------------------------------

#[tokio::test]
async fn finding_11_the_sender_and_footer_name_the_operator_and_no_authority_by_default() {
    let service = TestService::start().await;
    service
        .client()
        .submit(&valid_submission(), |_| {})
        .await
        .unwrap();
    let (raw, body) = service.mails().pop().unwrap();
    let from = raw.lines().find(|l| l.starts_with("From: ")).unwrap();
    assert!(from.ends_with("<no-reply@vssid.invalid>"), "{from}");
    assert!(!raw.contains("BHXH"), "{raw}");
    assert!(!body.contains("BHXH"), "{body}");
    assert!(
        body.contains(vssid_reception::config::DEFAULT_OPERATOR_NAME),
        "{body}"
    );

    let service = TestService::start_with(|c| {
        c.operator.name = "Hội Tin học Ví dụ".into();
        c.operator.contact_email = "lienhe@example.vn".into();
        c.operator.address = "1 Phố Huế, Hà Nội".into();
    })
    .await;
    service
        .client()
        .submit(&valid_submission(), |_| {})
        .await
        .unwrap();
    let (raw, body) = service.mails().pop().unwrap();
    let from = raw.lines().find(|l| l.starts_with("From: ")).unwrap();
    assert!(from.starts_with("From: =?UTF-8?B?"), "{from}");
    assert!(
        body.contains("Dịch vụ tiếp nhận này do Hội Tin học Ví dụ vận hành."),
        "{body}"
    );
    assert!(body.contains("Liên hệ: lienhe@example.vn"), "{body}");
    assert!(body.contains("Địa chỉ: 1 Phố Huế, Hà Nội"), "{body}");
}

/// The figure in `docs/reliability.md`: how long one sweep takes to delete 10,000 expired
/// registrations with their 30,000 photo files and 10,000 e-mails.
/// `cargo test --profile service -p vssid-reception --test integration sweep_time -- --ignored --nocapture`
#[test]
#[ignore = "a measurement (about a minute of setup); run by hand"]
fn finding_3_sweep_time_for_10000_expired_registrations() {
    use vssid_reception::store::MailCap;
    use vssid_reception::ManualClock;
    const COUNT: usize = 10_000;
    let dir = common::private_tempdir();
    let config = Config::for_data_dir(dir.path());
    let clock = ManualClock::new(1_795_627_868_000);
    let state = AppState::builder(config)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let setup = std::time::Instant::now();
    let photos_dir = state.config().photos_path();
    let outbox_dir = state.config().outbox_path();
    std::thread::scope(|scope| {
        for worker in 0..16 {
            let state = &state;
            let (photos_dir, outbox_dir) = (&photos_dir, &outbox_dir);
            scope.spawn(move || {
                for n in (worker..COUNT).step_by(16) {
                    let photos: Vec<PhotoRecord> = vssid_core::api::PhotoSlot::ALL
                        .iter()
                        .enumerate()
                        .map(|(index, slot)| {
                            let sha256 = format!("{n:060}{index:04}");
                            std::fs::write(photos_dir.join(format!("{sha256}.jpg")), b"jpeg")
                                .unwrap();
                            PhotoRecord {
                                slot: *slot,
                                sha256,
                                bytes: 4,
                                width: 300,
                                height: 400,
                            }
                        })
                        .collect();
                    let reference = format!("DK-20261125-{n:06}");
                    std::fs::write(outbox_dir.join(format!("{reference}-0.eml")), b"mail").unwrap();
                    let outcome = state
                        .store()
                        .insert(&NewRegistration {
                            id: format!("id-{n}"),
                            reference,
                            idempotency_key: format!("key-{n}"),
                            body_hash: "h".into(),
                            office: "079".into(),
                            email: format!("u{n}@example.vn"),
                            lang: vssid_core::Lang::Vi,
                            declaration_json: "{}".into(),
                            consent_notice_version: vssid_core::consent::NOTICE_VERSION.into(),
                            consent_accepted_at: "2026-11-25T08:00:00Z".into(),
                            received_at_ms: 1_795_627_868_000,
                            otp_hash: "x".into(),
                            otp_expires_at_ms: 1_795_628_468_000,
                            photos,
                            mail_cap: MailCap::NONE,
                        })
                        .unwrap();
                    assert!(matches!(outcome, InsertOutcome::Created(_)));
                }
            });
        }
    });
    println!(
        "setup: {COUNT} registrations in {:.1} s",
        setup.elapsed().as_secs_f64()
    );
    clock.advance_ms(25 * 3_600_000);
    let started = std::time::Instant::now();
    let report = vssid_reception::retention::sweep(&state).unwrap();
    let elapsed = started.elapsed();
    println!(
        "sweep: {} registrations, {} photos, {} e-mails in {:.2} s",
        report.registrations,
        report.photos,
        report.mails,
        elapsed.as_secs_f64()
    );
    assert_eq!(report.registrations, COUNT);
    assert_eq!(report.photos, 3 * COUNT);
    assert_eq!(report.mails, COUNT);
    assert_eq!(state.store().count().unwrap(), 0);
}
