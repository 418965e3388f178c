//! The retry loop against scripted answers and a timer that records instead of waiting.

use super::*;
use std::collections::VecDeque;
use std::sync::Mutex;

/// Ready at once; remembers every wait asked for.
#[derive(Default)]
struct RecordingSleeper(Mutex<Vec<Duration>>);

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

impl RecordingSleeper {
    /// The waits between attempts (the attempt deadlines left out).
    fn waits(&self, policy: &RetryPolicy) -> Vec<Duration> {
        let all = self.0.lock().unwrap();
        all.iter()
            .copied()
            .filter(|d| *d != policy.attempt_timeout)
            .collect()
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_millis(400),
        max_retry_after: Duration::from_secs(5),
        attempt_timeout: Duration::from_secs(99),
    }
}

fn answer(status: u16, body: &str, retry_after: Option<u64>) -> Result<Answer, SendError> {
    Ok(Answer {
        status,
        retry_after: retry_after.map(Duration::from_secs),
        etag: None,
        body: body.as_bytes().to_vec(),
    })
}

/// Runs the loop against `script` (one outcome per attempt; `None` never answers) and returns
/// the result, the steps heard and the number of attempts made.
fn run(
    policy: &RetryPolicy,
    sleeper: &RecordingSleeper,
    script: Vec<Option<Result<Answer, SendError>>>,
) -> (Result<Answer, ApiError>, Vec<Step>, usize) {
    let script = Mutex::new(VecDeque::from(script));
    let mut attempts = 0;
    let mut steps = Vec::new();
    let result = pollster::block_on(retrying(
        policy,
        sleeper,
        "https://api.example.vn/v1/x",
        |status| (200..300).contains(&status),
        || {
            attempts += 1;
            let next = script
                .lock()
                .unwrap()
                .pop_front()
                .expect("an attempt too many");
            async move {
                match next {
                    Some(outcome) => outcome,
                    None => std::future::pending().await,
                }
            }
        },
        |step| steps.push(step),
    ));
    (result, steps, attempts)
}

#[test]
fn backoff_grows_is_capped_and_jittered() {
    let policy = RetryPolicy::default();
    let seeds = [1u64, 2, 3, 4, 5];
    for attempt in 2..=10 {
        let ceiling = policy
            .base_delay
            .saturating_mul(1 << (attempt - 2))
            .min(policy.max_delay);
        for seed in seeds {
            let d = policy.backoff(attempt, seed);
            assert!(d >= ceiling / 2 && d <= ceiling, "{d:?} vs {ceiling:?}");
        }
    }
    let spread: std::collections::BTreeSet<_> =
        seeds.iter().map(|s| policy.backoff(3, *s)).collect();
    assert!(spread.len() > 1, "jitter should differ between seeds");
}

#[test]
fn a_transient_failure_is_retried_after_a_wait() {
    let (policy, sleeper) = (policy(), RecordingSleeper::default());
    let (result, steps, attempts) = run(
        &policy,
        &sleeper,
        vec![
            Some(answer(503, "", None)),
            Some(Err(SendError::Network)),
            Some(answer(201, "{}", None)),
        ],
    );
    assert_eq!(result.unwrap().status, 201);
    assert_eq!(attempts, 3);
    let waits = sleeper.waits(&policy);
    assert_eq!(waits.len(), 2);
    assert_eq!(
        steps,
        vec![
            Step::Sending { attempt: 1 },
            Step::Waiting {
                attempt: 1,
                delay: waits[0],
                reason: "server_busy"
            },
            Step::Sending { attempt: 2 },
            Step::Waiting {
                attempt: 2,
                delay: waits[1],
                reason: "offline"
            },
            Step::Sending { attempt: 3 },
        ]
    );
}

#[test]
fn the_last_transient_error_is_returned_when_no_attempt_is_left() {
    let (policy, sleeper) = (policy(), RecordingSleeper::default());
    let (result, _, attempts) = run(
        &policy,
        &sleeper,
        vec![
            Some(answer(500, "", None)),
            Some(answer(408, "", None)),
            Some(answer(502, "", None)),
        ],
    );
    assert_eq!(result, Err(ApiError::Server { status: 502 }));
    assert_eq!(attempts, 3);
    assert_eq!(sleeper.waits(&policy).len(), 2);
}

#[test]
fn an_attempt_without_an_answer_in_time_is_a_timeout() {
    let (policy, sleeper) = (policy(), RecordingSleeper::default());
    let (result, _, attempts) = run(&policy, &sleeper, vec![None, None, None]);
    assert_eq!(result, Err(ApiError::Timeout));
    assert_eq!(attempts, 3);
}

#[test]
fn retry_after_is_respected_and_a_long_one_is_not_waited_for() {
    let (policy, sleeper) = (policy(), RecordingSleeper::default());
    let (result, _, _) = run(
        &policy,
        &sleeper,
        vec![
            Some(answer(429, "", Some(2))),
            Some(answer(200, "{}", None)),
        ],
    );
    assert_eq!(result.unwrap().status, 200);
    assert_eq!(sleeper.waits(&policy), vec![Duration::from_secs(2)]);

    let sleeper = RecordingSleeper::default();
    let (result, _, attempts) = run(&policy, &sleeper, vec![Some(answer(503, "", Some(60)))]);
    assert_eq!(
        result,
        Err(ApiError::Busy {
            retry_after: Some(Duration::from_secs(60))
        })
    );
    assert_eq!(attempts, 1);
    assert!(sleeper.waits(&policy).is_empty());
}

#[test]
fn a_refusal_is_final_and_typed() {
    let (policy, sleeper) = (policy(), RecordingSleeper::default());
    let invalid = r#"{"type":"about:blank","code":"invalid_fields","status":422,"errors":{}}"#;
    let (result, _, attempts) = run(&policy, &sleeper, vec![Some(answer(422, invalid, None))]);
    assert!(
        matches!(result, Err(ApiError::InvalidFields(_))),
        "{result:?}"
    );
    assert_eq!(attempts, 1);

    // A 429 that is not rate limiting (a new code asked for too early) is not retried.
    let early = r#"{"code":"resend_too_soon","status":429}"#;
    let (result, _, attempts) = run(&policy, &sleeper, vec![Some(answer(429, early, Some(30)))]);
    assert_eq!(attempts, 1);
    let Err(ApiError::Refused(problem)) = result else {
        panic!("{result:?}")
    };
    assert_eq!(problem.retry_after, Some(30));

    let (result, _, _) = run(&policy, &sleeper, vec![Some(answer(307, "", None))]);
    assert_eq!(result, Err(ApiError::UnexpectedResponse { status: 307 }));
    assert!(sleeper.waits(&policy).is_empty());
}

#[test]
fn a_request_that_cannot_be_made_is_not_retried() {
    let (policy, sleeper) = (policy(), RecordingSleeper::default());
    let (result, _, attempts) = run(&policy, &sleeper, vec![Some(Err(SendError::Builder))]);
    assert_eq!(result, Err(ApiError::InvalidBaseUrl));
    assert_eq!(attempts, 1);
}
