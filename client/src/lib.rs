//! The HTTP client of the VssID registration API (`docs/api/openapi.yaml`): [`ApiClient`]
//! submits a registration with its idempotency key, retries what is safe to retry with bounded,
//! jittered back-off that respects `Retry-After` ([`RetryPolicy`]), and turns every outcome
//! into a typed error a person can read ([`ApiError`]).
//!
//! It runs on any executor: waiting goes through a [`Sleeper`] (tokio on native, browser
//! timers on wasm; the app's own waits use the same [`sleep`]), and per-attempt timeouts race
//! the request against that sleeper. Natively requests go through reqwest on rustls (the ring
//! provider, webpki roots); on the web through the browser's `fetch` with `redirect: "error"`.
//! The wire types, problem documents and base-URL rules it speaks are the core's
//! (`vssid_core::api`), which has no network dependency of its own.

#[cfg(target_arch = "wasm32")]
mod browser_fetch;
mod client;
mod error;
mod exchange;
mod http;
mod mix;
mod resubmission;
mod retry;
mod sleep;
mod submission;

pub use client::{ApiClient, OfficesFetch};
pub use error::ApiError;
pub use http::http_client;
pub use resubmission::Resubmission;
pub use retry::RetryPolicy;
pub use sleep::{sleep, RuntimeSleeper, SleepFuture, Sleeper};
pub use submission::{Submission, SubmitProgress};
