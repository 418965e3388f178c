//! Faults between client and service: a loopback proxy drops the connection after the body
//! was delivered, answers 503, or holds the answer past the client's timeout. After its
//! retries the client reports success, and exactly one record exists.

use crate::common;

use common::{valid_submission, TestService};
use std::time::Duration;
use tokio::net::TcpListener;
use vssid_client::{ApiClient, RetryPolicy, SubmitProgress};
use vssid_testkit::fault_proxy::{Fault, FaultPlan, FaultProxy};

fn client(base: &str, attempt_timeout: Duration) -> ApiClient {
    ApiClient::new(base).unwrap().with_policy(RetryPolicy {
        max_attempts: 5,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        max_retry_after: Duration::from_secs(2),
        attempt_timeout,
    })
}

/// Sends the sample through a proxy that gives the first `faulty` requests `fault` (a 503
/// asks for a retry at once; a delay holds for `hold`).
async fn submit_through(fault: Fault, faulty: usize, hold: Duration, attempt_timeout: Duration) {
    let service = TestService::start().await;
    let plan = FaultPlan::first(faulty as u64, fault).holding(hold);
    let proxy = FaultProxy::start(service.running.addr, plan).await.unwrap();
    let client = client(&proxy.base_url(), attempt_timeout);
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
    assert!(proxy.counts().requests > faulty as u64);
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
    submit_through(
        Fault::DropAfterForward,
        2,
        Duration::ZERO,
        Duration::from_secs(20),
    )
    .await;
}

#[tokio::test]
async fn service_unavailable_is_retried() {
    submit_through(Fault::Status503, 3, Duration::ZERO, Duration::from_secs(20)).await;
}

#[tokio::test]
async fn an_answer_later_than_the_timeout_is_retried_into_one_record() {
    submit_through(
        Fault::DelayAfterForward,
        1,
        Duration::from_millis(1500),
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
