//! The HTTP client of the VssID registration API (`docs/api/openapi.yaml`): submits a
//! registration with its idempotency key, retries what is safe to retry, and turns every
//! outcome into a typed error a person can read. Natively requests go through reqwest on
//! rustls (the ring provider, webpki roots); on the web through the browser's `fetch` with
//! `redirect: "error"`. The wire types, problem documents and base-URL rules it speaks are the
//! core's (`vssid_core::api`), which has no network dependency of its own.

#[cfg(target_arch = "wasm32")]
mod browser_fetch;
mod client;
mod exchange;

pub use client::{
    http_client, ApiClient, ApiError, OfficesFetch, RetryPolicy, RuntimeSleeper, SleepFuture,
    Sleeper, Submission, SubmitProgress,
};
