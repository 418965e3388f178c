//! The registration HTTP API: request and response types, problem documents, and the client
//! that submits.
//!
//! The contract is written down in `docs/api/openapi.yaml`; the reference service in
//! `reception/` implements it with the same types, so both sides agree by construction.

pub mod base_url;
#[cfg(target_arch = "wasm32")]
mod browser_fetch;
pub mod client;
mod exchange;
pub mod problem;
pub mod types;
pub mod validate;

pub use base_url::{
    is_loopback_base_url, validate_base_url, BaseUrlError, ALLOW_INSECURE_BY_DEFAULT,
};
pub use client::{
    ApiClient, ApiError, OfficesFetch, RetryPolicy, Sleeper, Submission, SubmitProgress,
};
pub use problem::{Problem, ProblemCode};
pub use types::*;
pub use validate::ValidRegistration;
