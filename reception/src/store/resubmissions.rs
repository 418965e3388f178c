//! The types of a resubmission as stored: the corrections an applicant sent after the office
//! asked for changes, what they replaced (kept for the office until its next decision), and
//! what storing one did.

use super::{PhotoRecord, RegistrationRecord};
use serde::Serialize;
use vssid_core::api::{InvalidTransition, PhotoSlot};

/// A resubmission to store, with the status move to `resubmitted` in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResubmission {
    pub registration_id: String,
    pub idempotency_key: String,
    /// SHA-256 of the changed fields and photo hashes (a repeat with the key must match).
    pub body_hash: String,
    pub at_ms: i64,
    /// The whole declaration after the corrections (canonical JSON of the request).
    pub declaration_json: String,
    /// The changed fields with their values before and after (JSON object).
    pub changes_json: String,
    /// The new photos; the ones they replace are kept until the office's next decision.
    pub photos: Vec<PhotoRecord>,
}

/// A stored resubmission, as the console's history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResubmissionRecord {
    #[serde(skip)]
    pub registration_id: String,
    #[serde(skip)]
    pub idempotency_key: String,
    #[serde(skip)]
    pub body_hash: String,
    pub at_ms: i64,
    /// `{"street": {"before": "…", "after": "…"}}` (empty once withdrawn).
    pub changes: serde_json::Value,
    /// The photos replaced.
    pub photos: Vec<PhotoSlot>,
}

/// What storing a resubmission did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResubmitOutcome {
    /// Stored; the registration as it is now.
    Stored(Box<RegistrationRecord>),
    /// A resubmission with this key exists (nothing was written).
    Existing(Box<ResubmissionRecord>),
    /// The registration's status does not allow it (nothing was written).
    Refused(InvalidTransition),
    NotFound,
}
