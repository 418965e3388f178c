//! How hard a call tries, written once: every call of the API client goes through
//! [`retrying`], which bounds each attempt, retries what is safe to retry (network errors,
//! timeouts, 5xx, 408, 429 rate limiting) with bounded, jittered back-off that respects
//! `Retry-After`, and turns a final refusal into a typed error.

use crate::error::ApiError;
use crate::exchange::{Answer, SendError};
use crate::mix::{fnv1a, splitmix64};
use crate::sleep::{SleepFuture, Sleeper};
use std::future::Future;
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;
use vssid_core::api::{Problem, ProblemCode};
use vssid_core::lang::Localized;

/// How hard the client tries before giving up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The back-off before the second attempt; it doubles each time, up to `max_delay`.
    pub base_delay: Duration,
    /// The longest wait between attempts.
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the error goes to the caller.
    pub max_retry_after: Duration,
    /// How long one attempt (sending the body and reading the answer) may take.
    pub attempt_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            attempt_timeout: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before attempt `next_attempt` (2, 3, …): exponential back-off with "equal
    /// jitter" (half fixed, half random), so many clients that failed together do not return
    /// together. `seed` makes the randomness differ between submissions.
    pub fn backoff(&self, next_attempt: u32, seed: u64) -> Duration {
        let exponent = next_attempt.saturating_sub(2).min(20);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let half = ceiling / 2;
        let random = splitmix64(seed ^ u64::from(next_attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let fraction = (random >> 11) as f64 / (1u64 << 53) as f64;
        half + half.mul_f64(fraction)
    }

    /// The wait before the attempt after `attempt`, or the error when no attempt is left or
    /// the service asks for a longer wait than the policy allows.
    fn next_delay(
        &self,
        attempt: u32,
        seed: u64,
        error: &ApiError,
        retry_after: Option<Duration>,
    ) -> Result<Duration, ApiError> {
        if attempt >= self.max_attempts {
            return Err(error.clone());
        }
        match retry_after {
            Some(wait) if wait > self.max_retry_after => Err(error.clone()),
            Some(wait) => Ok(wait.max(self.backoff(attempt + 1, seed) / 4)),
            None => Ok(self.backoff(attempt + 1, seed)),
        }
    }
}

/// What the retry loop is doing, for those who show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// Attempt `attempt` (from 1) is sending.
    Sending { attempt: u32 },
    /// Attempt `attempt` failed with a transient error (`reason` is its code); the next one
    /// starts after `delay`.
    Waiting {
        attempt: u32,
        delay: Duration,
        reason: &'static str,
    },
}

/// The outcome of one attempt, before deciding whether to try again.
enum Attempt {
    Answered(Answer),
    Transient {
        error: ApiError,
        retry_after: Option<Duration>,
    },
}

/// One call to the service, attempted as often as `policy` allows: `send` makes one attempt
/// (a fresh request each time), `accepts` says which statuses end the call with an answer for
/// the caller to read, and `on_step` hears each attempt and each wait. `jitter_key` (the
/// idempotency key, or the URL) makes the back-off differ between calls.
pub(crate) async fn retrying<F, S>(
    policy: &RetryPolicy,
    sleeper: &dyn Sleeper,
    jitter_key: &str,
    accepts: impl Fn(u16) -> bool,
    mut send: S,
    mut on_step: impl FnMut(Step),
) -> Result<Answer, ApiError>
where
    S: FnMut() -> F,
    F: Future<Output = Result<Answer, SendError>>,
{
    let seed = fnv1a(jitter_key.as_bytes());
    let mut attempt = 0;
    loop {
        attempt += 1;
        on_step(Step::Sending { attempt });
        let deadline = sleeper.sleep(policy.attempt_timeout);
        let outcome = match race(send(), deadline).await {
            None | Some(Err(SendError::Timeout)) => Attempt::Transient {
                error: ApiError::Timeout,
                retry_after: None,
            },
            Some(Err(SendError::Builder)) => return Err(ApiError::InvalidBaseUrl),
            Some(Err(SendError::Network)) => Attempt::Transient {
                error: ApiError::Offline,
                retry_after: None,
            },
            Some(Ok(answer)) if accepts(answer.status) => return Ok(answer),
            Some(Ok(answer)) => classify_failure(answer),
        };
        let (error, retry_after) = match outcome {
            Attempt::Answered(answer) => return Err(refusal(&answer)),
            Attempt::Transient { error, retry_after } => (error, retry_after),
        };
        let delay = policy.next_delay(attempt, seed, &error, retry_after)?;
        on_step(Step::Waiting {
            attempt,
            delay,
            reason: error.code(),
        });
        sleeper.sleep(delay).await;
    }
}

/// Runs `work` until it finishes or `deadline` fires first (then `None`).
async fn race<T>(work: impl Future<Output = T>, deadline: SleepFuture) -> Option<T> {
    let mut work = pin!(work);
    let mut deadline = deadline;
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(value) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(value));
        }
        if deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// Sorts an answer the caller did not accept into "try again" (5xx, 408, 429 rate limiting)
/// or a final answer.
fn classify_failure(answer: Answer) -> Attempt {
    let status = answer.status;
    let problem_code = serde_json::from_slice::<Problem>(&answer.body)
        .ok()
        .and_then(|p| p.kind());
    let transient = match status {
        408 => Some(ApiError::Timeout),
        429 => match problem_code {
            None | Some(ProblemCode::RateLimited) => Some(ApiError::Busy {
                retry_after: answer.retry_after,
            }),
            Some(_) => None,
        },
        503 => Some(ApiError::Busy {
            retry_after: answer.retry_after,
        }),
        500..=599 => Some(ApiError::Server { status }),
        _ => None,
    };
    match transient {
        Some(error) => Attempt::Transient {
            error,
            retry_after: answer.retry_after,
        },
        None => Attempt::Answered(answer),
    }
}

/// The error for a final answer the caller did not accept.
fn refusal(answer: &Answer) -> ApiError {
    match serde_json::from_slice::<Problem>(&answer.body) {
        Ok(problem) if problem.kind() == Some(ProblemCode::InvalidFields) => {
            ApiError::InvalidFields(problem.errors)
        }
        Ok(mut problem) => {
            if problem.retry_after.is_none() {
                problem.retry_after = answer.retry_after.map(|d| d.as_secs());
            }
            if problem.status == 0 {
                problem.status = answer.status;
            }
            ApiError::Refused(Box::new(problem))
        }
        Err(_) => ApiError::UnexpectedResponse {
            status: answer.status,
        },
    }
}

#[cfg(test)]
mod tests;
