//! Abusive requests are refused cleanly, with the right status and a problem document, and
//! leave nothing behind: slow uploads, invalid UTF-8, oversized and deeply nested JSON,
//! oversized e-mail-code bodies, garbage idempotency keys. (Oversized registration bodies and
//! many wrong e-mail codes are in `api.rs`.)

use crate::common;

use common::{valid_submission, TestService};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vssid_core::api::{Problem, ProblemCode};

/// Sends raw bytes, then reads the whole answer (the request asks the server to close).
async fn raw_exchange(service: &TestService, request: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(service.running.addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    read_answer(&mut stream).await
}

async fn read_answer(stream: &mut TcpStream) -> (u16, String, Vec<u8>) {
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP answer");
    let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
    let status = head[9..12].parse().unwrap();
    (status, head, answer[end + 4..].to_vec())
}

fn problem_of(head: &str, body: &[u8]) -> Problem {
    assert!(
        head.contains("content-type: application/problem+json"),
        "{head}"
    );
    serde_json::from_slice(body).expect("a problem document")
}

/// A registration request with `declaration` as the declaration part and the valid photos.
fn multipart_request(declaration: &[u8]) -> Vec<u8> {
    let submission = valid_submission();
    let boundary = "abuse-boundary-7f3a";
    let body = common::multipart_body(declaration, &submission, boundary);
    let mut request = format!(
        "POST /v1/registrations HTTP/1.1\r\nHost: x\r\nIdempotency-Key: {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        uuid::Uuid::new_v4(),
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    request
}

#[tokio::test]
async fn a_slow_upload_is_cut_at_the_request_timeout() {
    let service = TestService::start_with(|c| c.limits.request_timeout_seconds = 1).await;
    let mut stream = TcpStream::connect(service.running.addr).await.unwrap();
    let head = format!(
        "POST /v1/registrations HTTP/1.1\r\nHost: x\r\nIdempotency-Key: {}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n",
        uuid::Uuid::new_v4()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    // One byte every 200 ms: a body that would take hours.
    let dribble = async {
        loop {
            if stream.write_all(b"x").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            let mut peek = [0u8; 1];
            if let Ok(Ok(n)) =
                tokio::time::timeout(Duration::from_millis(1), stream.peek(&mut peek)).await
            {
                if n > 0 {
                    break;
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), dribble)
        .await
        .expect("the server answered before the dribble ended");
    let (status, head, body) = read_answer(&mut stream).await;
    assert_eq!(status, 408, "{head}");
    assert_eq!(problem_of(&head, &body).kind(), Some(ProblemCode::Timeout));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(service.count(), 0);
}

#[tokio::test]
async fn a_declaration_in_invalid_utf8_is_a_bad_request() {
    let service = TestService::start().await;
    let mut declaration = serde_json::to_vec(&common::valid_request()).unwrap();
    // Replace the first byte of "Nguyễn" with a lone continuation byte.
    let at = declaration
        .windows(3)
        .position(|w| w == "ễ".as_bytes())
        .expect("a multibyte letter");
    declaration[at] = 0x80;
    let (status, head, body) = raw_exchange(&service, &multipart_request(&declaration)).await;
    assert_eq!(status, 400, "{head}");
    assert_eq!(
        problem_of(&head, &body).kind(),
        Some(ProblemCode::BadRequest)
    );
    assert_eq!(service.count(), 0);
}

#[tokio::test]
async fn an_idempotency_key_in_invalid_utf8_is_refused() {
    let service = TestService::start().await;
    let mut request = multipart_request(&serde_json::to_vec(&common::valid_request()).unwrap());
    let at = request
        .windows(b"Idempotency-Key: ".len())
        .position(|w| w == b"Idempotency-Key: ")
        .unwrap()
        + b"Idempotency-Key: ".len();
    request[at] = 0xC3;
    request[at + 1] = 0x28;
    let (status, head, body) = raw_exchange(&service, &request).await;
    assert_eq!(status, 400, "{head}");
    assert_eq!(
        problem_of(&head, &body).kind(),
        Some(ProblemCode::IdempotencyKeyInvalid)
    );
    assert_eq!(service.count(), 0);
}

#[tokio::test]
async fn a_huge_declaration_part_is_too_large() {
    let service = TestService::start().await;
    let mut request = common::valid_request();
    request.form.street = "x".repeat(vssid_core::api::MAX_DECLARATION_BYTES + 1);
    let declaration = serde_json::to_vec(&request).unwrap();
    let (status, head, body) = raw_exchange(&service, &multipart_request(&declaration)).await;
    assert_eq!(status, 413, "{head}");
    assert_eq!(
        problem_of(&head, &body).kind(),
        Some(ProblemCode::PayloadTooLarge)
    );
    assert_eq!(service.count(), 0);
}

#[tokio::test]
async fn deeply_nested_json_is_a_bad_request() {
    let service = TestService::start().await;
    let depth = 20_000;
    let mut declaration = "[".repeat(depth).into_bytes();
    declaration.extend_from_slice("]".repeat(depth).as_bytes());
    let (status, head, body) = raw_exchange(&service, &multipart_request(&declaration)).await;
    assert_eq!(status, 400, "{head}");
    assert_eq!(
        problem_of(&head, &body).kind(),
        Some(ProblemCode::BadRequest)
    );

    // The same on the e-mail code endpoint.
    let receipt = service
        .client()
        .submit(&valid_submission(), |_| {})
        .await
        .unwrap();
    let nested = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let request = format!(
        "POST /v1/registrations/{}/otp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{nested}",
        receipt.id,
        nested.len()
    );
    let (status, head, body) = raw_exchange(&service, request.as_bytes()).await;
    assert_eq!(status, 400, "{head}");
    assert_eq!(
        problem_of(&head, &body).kind(),
        Some(ProblemCode::BadRequest)
    );
}

#[tokio::test]
async fn an_oversized_code_body_is_refused_before_it_is_read() {
    let service = TestService::start_with(|c| c.limits.max_body_bytes = 1024 * 1024).await;
    let receipt = service
        .client()
        .submit(&valid_submission(), |_| {})
        .await
        .unwrap();
    let code = format!("{{\"code\":\"{}\"}}", "1".repeat(2 * 1024 * 1024));
    let request = format!(
        "POST /v1/registrations/{}/otp HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{code}",
        receipt.id,
        code.len()
    );
    let (status, head, body) = raw_exchange(&service, request.as_bytes()).await;
    assert_eq!(status, 413, "{head}");
    assert_eq!(
        problem_of(&head, &body).kind(),
        Some(ProblemCode::PayloadTooLarge)
    );
    // Nothing was counted against the code.
    let state = service.client().status(&receipt.id).await.unwrap();
    assert_eq!(state.status, vssid_core::api::RegistrationStatus::Received);
    let right = service.latest_otp();
    assert!(service
        .client()
        .confirm_otp(&receipt.id, &right)
        .await
        .is_ok());
}

/// How long the server took to close a connection that sent `sent` and then nothing.
async fn closed_after(service: &TestService, sent: &[u8]) -> Duration {
    let mut stream = TcpStream::connect(service.running.addr).await.unwrap();
    stream.write_all(sent).await.unwrap();
    let started = Instant::now();
    let mut sink = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut sink))
        .await
        .expect("the server closed the connection")
        .ok();
    started.elapsed()
}

#[tokio::test]
async fn headers_sent_slowly_or_never_are_cut_at_the_header_timeout() {
    let service = TestService::start_with(|c| c.limits.header_timeout_seconds = 1).await;
    let partial = closed_after(&service, b"POST /v1/registrations HTTP/1.1\r\nHost: x\r\n").await;
    assert!(partial < Duration::from_secs(4), "{partial:?}");
    let idle = closed_after(&service, b"").await;
    assert!(idle < Duration::from_secs(4), "{idle:?}");
    // A well-behaved client is not affected.
    assert!(service.client().offices(None).await.is_ok());
}
