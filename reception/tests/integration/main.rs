//! The reception service's integration tests in one test binary: the API, the agreement of the
//! app's and the service's validation, abuse and privacy checks, the controls of the service
//! put on the internet, faults, the OpenAPI document and the chaos run.

mod abuse;
mod agreement;
mod api;
mod chaos;
mod common;
mod consent;
mod exposure;
mod faults;
mod openapi;
mod privacy_logs;
mod privacy_photos;
