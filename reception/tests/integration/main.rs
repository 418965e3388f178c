//! The reception service's integration tests in one test binary: the API, the agreement of the
//! app's and the service's validation, abuse and privacy checks, the controls of the service
//! put on the internet, faults, the OpenAPI document, the chaos run and the office console's
//! staff API and commands, its console pages and exports.

mod abuse;
mod agreement;
mod api;
mod backup;
mod chaos;
mod common;
mod consent;
mod exposure;
mod faults;
mod notices;
mod openapi;
mod privacy_logs;
mod privacy_photos;
mod resubmission;
mod staff;
mod staff_audit;
mod staff_cli;
mod staff_console;
mod staff_decisions;
mod staff_exports;
