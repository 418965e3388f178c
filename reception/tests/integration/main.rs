//! The reception service's integration tests in one test binary: the API, the agreement of the
//! app's and the service's validation, abuse and privacy checks, the controls of the service
//! put on the internet, faults, the OpenAPI document, the chaos run and the office console's
//! staff API and commands, its console pages and exports, the SMTP delivery (against a real
//! server), the tờ khai PDF, and two instances on one PostgreSQL database.

mod abuse;
mod agreement;
mod api;
mod backup;
mod chaos;
mod common;
mod consent;
mod declaration_pdf;
mod exposure;
mod faults;
mod mail_delivery;
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
mod staff_requests;
// The service as a child process and the chaos run, shared with the examples.
#[path = "../../examples/support/mod.rs"]
mod support;
mod two_instances;
