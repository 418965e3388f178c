//! The registration HTTP API as data: request and response types, problem documents, the
//! service's validation of a request, and which backend addresses are acceptable. The client
//! that sends them is the `vssid-client` crate; nothing here touches the network.
//!
//! The contract is written down in `docs/api/openapi.yaml`; the reference service in
//! `reception/` implements it with the same types, so both sides agree by construction.

pub mod base_url;
pub mod decision;
pub mod offices;
pub mod problem;
pub mod resubmission;
pub mod staff_login;
pub mod status;
pub mod status_text;
pub mod types;
pub mod validate;

/// Which fields a request for changes may name (facts of the fields, kept beside them).
pub use crate::fields::{is_correctable, is_photo, CORRECTABLE_FIELDS};
pub use base_url::{
    is_loopback_base_url, validate_base_url, BaseUrlError, ALLOW_INSECURE_BY_DEFAULT,
};
pub use decision::{DecisionError, DecisionReason, DecisionRequest, ValidDecision};
pub use problem::{Problem, ProblemCode};
pub use resubmission::{
    apply_corrections, CorrectionError, DecisionSummary, DeclarationChanges, DeclaredRegistration,
};
pub use staff_login::{staff_email_key, StaffLogin};
pub use status::{
    next_status, review_overdue, Decision, InvalidTransition, RegistrationStatus, StatusChange,
    REVIEW_WINDOW_DAYS,
};
pub use status_text::StatusText;
pub use types::*;
pub use validate::{check_office, ValidRegistration};
