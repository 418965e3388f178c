//! The reception service's integration tests in one test binary: the API, abuse and privacy
//! checks, faults, the OpenAPI document and the chaos run.

mod abuse;
mod api;
mod chaos;
mod common;
mod consent;
mod faults;
mod openapi;
mod privacy_logs;
mod privacy_photos;
