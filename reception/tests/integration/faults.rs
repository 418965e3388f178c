//! Faults between client and service: a loopback proxy drops the connection after the body
//! was delivered, answers 503, or holds the answer past the client's timeout. After its
//! retries the client reports success, and exactly one record exists.

use crate::common;

use common::{valid_submission, TestService};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use vssid_client::{ApiClient, RetryPolicy, SubmitProgress};

/// What the proxy does to the first `faulty` connections; later ones pass through.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Deliver the request to the service, then close the client's connection unanswered.
    DropAfterBody,
    /// Read the whole request and answer 503 with `Retry-After: 0` (the service never sees it).
    Unavailable,
    /// Deliver the request, and hold the answer for this long before passing it on.
    Delay(Duration),
}

/// Starts the proxy in front of `upstream`; returns its address and a connection counter.
async fn start_proxy(
    upstream: SocketAddr,
    fault: Fault,
    faulty: usize,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let fault = (n < faulty).then_some(fault);
            tokio::spawn(handle(client, upstream, fault));
        }
    });
    (addr, connections)
}

/// Reads one HTTP/1.1 request (head and `Content-Length` body) from `stream`.
async fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut data = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = stream.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            return data;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return data;
            }
        }
    }
}

async fn handle(mut client: TcpStream, upstream: SocketAddr, fault: Option<Fault>) {
    let Some(fault) = fault else {
        let Ok(mut server) = TcpStream::connect(upstream).await else {
            return;
        };
        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
        return;
    };
    let request = read_request(&mut client).await;
    match fault {
        Fault::Unavailable => {
            let _ = client
                .write_all(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                .await;
        }
        Fault::DropAfterBody | Fault::Delay(_) => {
            let mut server = TcpStream::connect(upstream).await.unwrap();
            server.write_all(&request).await.unwrap();
            // Wait for the service's answer: the record is stored once it starts.
            let mut answer = vec![0u8; 64 * 1024];
            let n = server.read(&mut answer).await.unwrap_or(0);
            if let Fault::Delay(delay) = fault {
                tokio::time::sleep(delay).await;
                let _ = client.write_all(&answer[..n]).await;
            }
        }
    }
    let _ = client.shutdown().await;
}

fn client(base: &str, attempt_timeout: Duration) -> ApiClient {
    ApiClient::new(base).unwrap().with_policy(RetryPolicy {
        max_attempts: 5,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        max_retry_after: Duration::from_secs(2),
        attempt_timeout,
    })
}

async fn submit_through(fault: Fault, faulty: usize, attempt_timeout: Duration) {
    let service = TestService::start().await;
    let (proxy, connections) = start_proxy(service.running.addr, fault, faulty).await;
    let client = client(&format!("http://{proxy}"), attempt_timeout);
    let submission = valid_submission();
    let mut progress = Vec::new();
    let receipt = client
        .submit(&submission, |p| progress.push(p))
        .await
        .unwrap_or_else(|e| panic!("{fault:?}: {e:?}"));
    let attempts = progress
        .iter()
        .filter(|p| matches!(p, SubmitProgress::Sending { .. }))
        .count();
    let waits = progress
        .iter()
        .filter(|p| matches!(p, SubmitProgress::Waiting { .. }))
        .count();
    assert_eq!(attempts, faulty + 1, "{fault:?}: {progress:?}");
    assert_eq!(waits, faulty, "{fault:?}");
    assert!(connections.load(Ordering::SeqCst) > faulty);
    assert_eq!(service.count(), 1, "{fault:?}: exactly one record");
    let stored = service
        .state
        .store()
        .find_by_key(&submission.idempotency_key)
        .unwrap()
        .unwrap();
    assert_eq!(stored.id, receipt.id);
    assert_eq!(service.mails().len(), 1, "{fault:?}: one e-mail");
}

#[tokio::test]
async fn a_connection_dropped_after_the_body_is_retried_into_one_record() {
    submit_through(Fault::DropAfterBody, 2, Duration::from_secs(20)).await;
}

#[tokio::test]
async fn service_unavailable_is_retried() {
    submit_through(Fault::Unavailable, 3, Duration::from_secs(20)).await;
}

#[tokio::test]
async fn an_answer_later_than_the_timeout_is_retried_into_one_record() {
    submit_through(
        Fault::Delay(Duration::from_millis(1500)),
        1,
        Duration::from_millis(700),
    )
    .await;
}

#[tokio::test]
async fn a_service_that_never_answers_is_reported_offline_and_nothing_is_lost() {
    // Nothing listens on this port once the listener is dropped.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = client(&format!("http://{addr}"), Duration::from_secs(2));
    let error = client
        .submit(&valid_submission(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(error, vssid_client::ApiError::Offline);
    assert!(error.is_transient());
}
