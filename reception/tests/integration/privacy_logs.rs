//! Privacy of the service's logs: a whole registration (accepted, refused, wrong and right
//! codes, a resend) runs with a subscriber that captures every level of every target, and no
//! log line may contain a personal field of the request or the registration id.

use crate::common;

use common::{valid_submission, TestService};
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finding_8_no_log_line_carries_the_registration_id_or_a_personal_field() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let service = TestService::start().await;
    let client = service.client();
    let submission = valid_submission();
    let receipt = client.submit(&submission, |_| {}).await.expect("accepted");
    // A refused one too: errors must not echo what was typed either.
    let mut refused = valid_submission();
    refused.request.form.phone = "0243 999 888".into();
    refused.request.form.person_id = "079201009999x".into();
    let _ = client.submit(&refused, |_| {}).await;
    let _ = client.confirm_otp(&receipt.id, "000000").await;
    let _ = client.resend_otp(&receipt.id).await;
    let code = service.latest_otp();
    client
        .confirm_otp(&receipt.id, &code)
        .await
        .expect("right code");

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).expect("utf-8 logs");
    assert!(
        text.contains(&receipt.reference),
        "the logs were not captured:\n{text}"
    );
    // Issue 14, finding 8: the registration id is the applicant's only credential (it reads
    // and confirms the registration); the logs name the reference only.
    for line in text.lines() {
        assert!(
            !line.contains(&receipt.id),
            "a log line carries the registration id: {line}"
        );
    }
    let form = &submission.request.form;
    let personal = [
        ("full name", form.full_name.as_str()),
        ("ID number", form.person_id.as_str()),
        ("BHXH code", form.bhxh_code.as_str()),
        ("phone", form.phone.as_str()),
        ("phone (E.164)", "+84912345678"),
        ("e-mail", submission.request.email.as_str()),
        ("street", form.street.as_str()),
        ("refused phone", "0243 999 888"),
        ("refused ID number", "079201009999x"),
    ];
    for line in text.lines() {
        for (what, value) in personal {
            assert!(
                !line.contains(value),
                "a log line carries the {what}: {line}"
            );
        }
    }
}
