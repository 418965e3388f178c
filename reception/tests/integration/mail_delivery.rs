//! The delivery worker against a real SMTP server (aiosmtpd, started by the tests on
//! loopback): a registration's two mails arrive (the PDF only with the second), a 451 then
//! 250 delivers the message once, a 550 is recorded as failed and listed by
//! `vssid-reception outbox`, a killed service resumes after a restart without a duplicate,
//! a record written before a stop keeps the message from being sent again, and the DKIM
//! signature checks out with an independent verifier (dkimpy).

use crate::common::smtp::{free_port, header, wait_until, PortHolder, SmtpServer};
use crate::common::{client_for, otp_in, private_tempdir, valid_submission, TestService};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use vssid_reception::delivery_log::{DeliveryLog, DeliveryRecord, DeliveryStatus};

async fn service_for(
    server: &SmtpServer,
    adjust: impl FnOnce(&mut vssid_reception::Config),
) -> TestService {
    let url = server.url();
    TestService::start_with(move |config| {
        config.mail.smtp_url = Some(url);
        config.mail.first_retry_seconds = Some(1);
        config.mail.reply_to = "Hỗ trợ <hotro@example.vn>".into();
        adjust(config);
    })
    .await
}

fn log_of(service: &TestService) -> DeliveryLog {
    DeliveryLog::of(service.state.outbox().dir())
}

fn eml_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count()
}

#[tokio::test]
async fn a_registrations_mails_arrive_and_the_second_carries_the_pdf() {
    let server = SmtpServer::start();
    let service = service_for(&server, |_| {}).await;
    let mut submission = valid_submission();
    submission.request.email = "tuyet@example.vn".into();
    let client = service.client();
    let receipt = client.submit(&submission, |_| {}).await.unwrap();

    let first = server.wait_for_messages(1).await.remove(0);
    assert_eq!(header(&first, "To"), Some("tuyet@example.vn"));
    assert!(header(&first, "Reply-To").is_some_and(|r| r.ends_with("<hotro@example.vn>")));
    assert_eq!(
        header(&first, "Message-ID"),
        Some(format!("<{}.0@vssid.invalid>", receipt.reference).as_str())
    );
    assert!(
        vssid_testkit::mail::parts(&first).is_empty(),
        "no attachment before the code"
    );
    let code = otp_in(&vssid_testkit::mail::body(&first).unwrap());
    client.confirm_otp(&receipt.id, &code).await.unwrap();

    let second = server.wait_for_messages(2).await.remove(1);
    let parts = vssid_testkit::mail::parts(&second);
    assert_eq!(parts.len(), 2, "{second:.400}");
    assert!(String::from_utf8_lossy(&parts[0].1).contains("Nguyễn Thị Ánh"));
    assert!(parts[1].0.contains("application/pdf"), "{}", parts[1].0);
    assert!(parts[1]
        .0
        .contains(&format!("to-khai-{}.pdf", receipt.reference)));
    assert!(parts[1].1.starts_with(b"%PDF-"));

    // Recorded as sent with the server's answer, and gone from the outbox.
    let outbox = service.state.config().outbox_path();
    wait_until(Duration::from_secs(10), || eml_files(&outbox) == 0).await;
    let records = log_of(&service).all().unwrap();
    assert_eq!(records.len(), 2);
    for record in &records {
        assert_eq!(record.status, DeliveryStatus::Sent, "{record:?}");
        assert_eq!(record.attempts, 1);
        assert!(record.answer.starts_with("250 "), "{}", record.answer);
        assert!(
            record.answer.contains("queued as test-"),
            "{}",
            record.answer
        );
    }
}

#[tokio::test]
async fn a_451_then_250_gets_the_message_once() {
    let server = SmtpServer::start();
    let service = service_for(&server, |_| {}).await;
    let mut submission = valid_submission();
    submission.request.email = "tempfail@example.vn".into();
    let receipt = service.client().submit(&submission, |_| {}).await.unwrap();
    let stem = format!("{}-0", receipt.reference);
    let log = log_of(&service);
    wait_until(Duration::from_secs(20), || {
        log.get(&stem)
            .is_some_and(|r| r.status == DeliveryStatus::Sent)
    })
    .await;
    let record = log.get(&stem).unwrap();
    assert_eq!(record.attempts, 2, "{record:?}");
    assert!(record.answer.starts_with("250"), "{record:?}");
    // Wait past another retry interval: nothing more is sent.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let id = format!("<{}.0@vssid.invalid>", receipt.reference);
    let codes: Vec<String> = server
        .attempts()
        .iter()
        .filter(|line| line.ends_with(&id))
        .map(|line| line[..3].to_string())
        .collect();
    assert_eq!(codes, ["451", "250"]);
    let delivered = server.messages();
    assert_eq!(delivered.len(), 1);
    assert_eq!(header(&delivered[0], "Message-ID"), Some(id.as_str()));
}

/// `vssid-reception outbox <args> --data-dir <dir>`: (exit code, standard output).
fn outbox_command(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_vssid-reception"))
        .arg("outbox")
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env("VSSID_LOG", "warn")
        .output()
        .expect("the binary");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[tokio::test]
async fn a_550_is_recorded_as_failed_and_shown_to_the_operator() {
    let server = SmtpServer::start();
    let service = service_for(&server, |_| {}).await;
    let mut submission = valid_submission();
    submission.request.email = "reject@example.vn".into();
    let receipt = service.client().submit(&submission, |_| {}).await.unwrap();
    let stem = format!("{}-0", receipt.reference);
    let log = log_of(&service);
    wait_until(Duration::from_secs(20), || log.get(&stem).is_some()).await;
    let record = log.get(&stem).unwrap();
    assert_eq!(record.status, DeliveryStatus::Failed, "{record:?}");
    assert_eq!(record.attempts, 1, "a permanent refusal is not tried again");
    assert!(record.error.contains("550"), "{}", record.error);
    assert!(
        record.error.contains("Mailbox unavailable"),
        "{}",
        record.error
    );
    assert!(server.messages().is_empty());

    let (code, listing) = outbox_command(service.dir.path(), &["--failed"]);
    assert_eq!(code, 1, "failures make --failed exit 1: {listing}");
    let line = listing
        .lines()
        .find(|line| line.contains(&stem))
        .unwrap_or_else(|| panic!("{listing}"));
    assert!(line.starts_with("failed\t"), "{line}");
    assert!(
        line.contains("reject@example.vn") && line.contains("550"),
        "{line}"
    );
    // The refused message is kept (a refusal of every message, a wrong password say, loses
    // none), and put back to be tried again from the start.
    let outbox = service.state.config().outbox_path();
    let kept = outbox.join("failed").join(format!("{stem}.eml"));
    assert!(kept.is_file(), "kept in outbox/failed");
    assert!(!outbox.join(format!("{stem}.eml")).exists());
    service.running.stop().await.unwrap();
    let (code, said) = outbox_command(service.dir.path(), &["--retry-failed"]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains("1 failed e-mail(s) put back"), "{said}");
    assert!(outbox.join(format!("{stem}.eml")).is_file());
    assert!(!kept.exists());
    assert!(log.get(&stem).is_none(), "tried again from the start");
}

#[tokio::test]
async fn a_record_written_before_a_stop_keeps_the_message_from_going_twice() {
    let server = SmtpServer::start();
    let dir = private_tempdir();
    // As a service that died between recording "sent" and deleting the file leaves them.
    let config = vssid_reception::Config::for_data_dir(dir.path());
    let outbox = config.outbox_path();
    {
        let state = vssid_reception::AppState::open(config.clone()).unwrap();
        let message = vssid_reception::mail::MailMessage {
            from: "no-reply@vssid.invalid".into(),
            to: "an@example.vn".into(),
            subject: "Thử".into(),
            body: "Đã gửi".into(),
            lang: vssid_core::Lang::Vi,
            date_ms: 0,
            message_id: "DK-1.0@vssid.invalid".into(),
            reply_to: None,
            attachments: Vec::new(),
        };
        state.outbox().deliver("DK-1-0", &message).unwrap();
        DeliveryLog::of(state.outbox().dir())
            .put(&DeliveryRecord {
                stem: "DK-1-0".into(),
                status: DeliveryStatus::Sent,
                message_id: "<DK-1.0@vssid.invalid>".into(),
                to: "an@example.vn".into(),
                attempts: 1,
                first_attempt_ms: 1,
                last_attempt_ms: 1,
                next_attempt_ms: 1,
                answer: "250 2.0.0 Ok".into(),
                error: String::new(),
            })
            .unwrap();
    }
    let mut config = config;
    config.mail.smtp_url = Some(server.url());
    let state = vssid_reception::AppState::open(config).unwrap();
    let running = vssid_reception::start(state).await.unwrap();
    wait_until(Duration::from_secs(10), || eml_files(&outbox) == 0).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(server.attempts().is_empty(), "{:?}", server.attempts());
    running.stop().await.unwrap();
}

/// The service binary on `dir`, listening on `port`, sending to `smtp_port`.
fn spawn_service(dir: &Path, port: u16, smtp_port: u16) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_vssid-reception"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .env("VSSID_SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
        .env("VSSID_SMTP_FIRST_RETRY_SECONDS", "1")
        .env("VSSID_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary")
}

async fn wait_for_port(port: u16) {
    let start = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the service did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_killed_service_resumes_delivery_after_restart_without_a_duplicate() {
    let dir = private_tempdir();
    let (port, smtp_port) = (free_port(), free_port());
    // No server yet: the first tries find the port closing each connection and the message
    // stays queued (the port held, so that no other test's service takes it meanwhile).
    let holder = PortHolder::bind(smtp_port);
    let mut child = spawn_service(dir.path(), port, smtp_port);
    wait_for_port(port).await;
    let client = client_for(&format!("http://127.0.0.1:{port}"));
    let receipt = client.submit(&valid_submission(), |_| {}).await.unwrap();
    let stem = format!("{}-0", receipt.reference);
    let config = vssid_reception::Config::for_data_dir(dir.path());
    let outbox = vssid_reception::mail::Outbox::open(&config.outbox_path()).unwrap();
    let log = DeliveryLog::of(outbox.dir());
    // Generous limits: a busy machine (CI beside other builds) can take long to start the
    // worker; a passing run does not wait them out.
    wait_until(Duration::from_secs(90), || log.get(&stem).is_some()).await;
    let record = log.get(&stem).unwrap();
    assert_eq!(record.status, DeliveryStatus::Queued, "{record:?}");

    child.kill().unwrap(); // SIGKILL: no shutdown at all.
    child.wait().unwrap();
    drop(holder);
    let server = SmtpServer::start_on(smtp_port);
    let mut child = spawn_service(dir.path(), port, smtp_port);
    let delivered = server.wait_for_messages(1).await;
    wait_until(Duration::from_secs(60), || {
        log.get(&stem)
            .is_some_and(|r| r.status == DeliveryStatus::Sent)
    })
    .await;
    // Kill it again and restart once more: what was sent is not sent again.
    child.kill().unwrap();
    child.wait().unwrap();
    let mut child = spawn_service(dir.path(), port, smtp_port);
    wait_for_port(port).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let delivered_now = server.messages();
    assert_eq!(delivered_now.len(), 1, "{:?}", server.attempts());
    assert_eq!(delivered, delivered_now);
    assert_eq!(
        header(&delivered[0], "Message-ID"),
        Some(format!("<{}.0@vssid.invalid>", receipt.reference).as_str())
    );
    assert_eq!(eml_files(&config.outbox_path()), 0);
}

#[tokio::test]
async fn the_dkim_signature_checks_out_with_an_independent_verifier() {
    let server = SmtpServer::start();
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("dkim.pem");
    vssid_testkit::tools::mail_test_venv();
    let made = Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
        ])
        .arg(&key)
        .status()
        .unwrap();
    assert!(made.success());
    let public = Command::new("openssl")
        .args(["pkey", "-pubout", "-outform", "DER", "-in"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(public.status.success());
    use base64::Engine;
    let public = base64::engine::general_purpose::STANDARD.encode(&public.stdout);
    let key_path = key.clone();
    let service = service_for(&server, move |config| {
        config.mail.dkim_key_file = Some(key_path);
        config.mail.dkim_domain = "example.vn".into();
        config.mail.dkim_selector = "vssid".into();
    })
    .await;
    service
        .client()
        .submit(&valid_submission(), |_| {})
        .await
        .unwrap();
    let message = server.wait_for_messages(1).await.remove(0);
    assert!(message.starts_with("DKIM-Signature:"), "{message:.200}");
    let signed = keys.path().join("signed.eml");
    std::fs::write(&signed, &message).unwrap();
    let tampered = keys.path().join("tampered.eml");
    std::fs::write(&tampered, message.replacen("Subject:", "Subject: X", 1)).unwrap();
    let verify = |path: &Path| -> String {
        let script = r#"
import sys, dkim
message = open(sys.argv[1], "rb").read()
record = ("v=DKIM1; k=rsa; p=" + sys.argv[2]).encode()
def dns(name, timeout=5):
    return record if name == b"vssid._domainkey.example.vn." else None
print("pass" if dkim.verify(message, dnsfunc=dns) else "fail")
"#;
        let output = Command::new(vssid_testkit::tools::mail_test_venv().join("bin/python"))
            .arg("-c")
            .arg(script)
            .arg(path)
            .arg(&public)
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    assert_eq!(verify(&signed), "pass");
    assert_eq!(verify(&tampered), "fail");
}

#[tokio::test]
async fn a_full_outbox_drains_once_each_and_the_rate_is_reported() {
    let server = SmtpServer::start();
    let dir = private_tempdir();
    let mut config = vssid_reception::Config::for_data_dir(dir.path());
    let count = 300;
    {
        let state = vssid_reception::AppState::open(config.clone()).unwrap();
        for n in 0..count {
            let message = vssid_reception::mail::MailMessage {
                from: "no-reply@vssid.invalid".into(),
                to: format!("nguoi{n}@example.vn"),
                subject: "Mã xác thực".into(),
                body: "Mã hồ sơ: DK-1\nMã xác thực (OTP) của bạn là: 123456\n".repeat(4),
                lang: vssid_core::Lang::Vi,
                date_ms: 0,
                message_id: format!("DK-{n:04}.0@vssid.invalid"),
                reply_to: None,
                attachments: Vec::new(),
            };
            state
                .outbox()
                .deliver(&format!("DK-{n:04}-0"), &message)
                .unwrap();
        }
    }
    config.mail.smtp_url = Some(server.url());
    let started = Instant::now();
    let state = vssid_reception::AppState::open(config).unwrap();
    let running = vssid_reception::start(state).await.unwrap();
    let delivered = server.wait_for_messages(count).await;
    let elapsed = started.elapsed();
    running.stop().await.unwrap();
    let ids: std::collections::HashSet<&str> = delivered
        .iter()
        .filter_map(|m| header(m, "Message-ID"))
        .collect();
    assert_eq!((delivered.len(), ids.len()), (count, count));
    println!(
        "delivery: {count} messages in {:.2} s = {:.0} messages/s to a local aiosmtpd",
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64()
    );
}
