//! Where registrations are kept: the `RegistrationStore` trait and its implementations, SQLite
//! (one machine, the default) and PostgreSQL (several instances, one database).
//!
//! Each method is one atomic operation (the OTP checks included), so another database only has
//! to provide the same operations with the same guarantees.

#[cfg(test)]
mod contract;
pub mod migrations;
pub mod otp_rules;
pub mod postgres;
pub mod record;
pub mod resubmissions;
pub mod sqlite;
pub mod staff;

use vssid_core::api::{InvalidTransition, PhotoSlot, RegistrationStatus, StatusChange};
use vssid_core::Lang;

pub use self::postgres::PgStore;
pub use sqlite::SqliteStore;
pub use staff::StaffStore;

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("PostgreSQL error: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("migration {name} failed: {message}")]
    Migration { name: String, message: String },
    #[error("the stored value {0} is not valid")]
    Corrupt(String),
    #[error("the database lock was poisoned")]
    Poisoned,
    #[error("the group commit failed: {0}")]
    Batch(String),
    #[error("the database connections are unavailable: {0}")]
    Unavailable(String),
}

/// A photo as recorded with its registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoRecord {
    pub slot: PhotoSlot,
    pub sha256: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
}

/// A registration to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRegistration {
    pub id: String,
    pub reference: String,
    pub idempotency_key: String,
    /// SHA-256 of the canonical request (declaration JSON and photo hashes).
    pub body_hash: String,
    pub office: String,
    pub email: String,
    pub lang: Lang,
    /// The `declaration` part, canonical JSON.
    pub declaration_json: String,
    pub received_at_ms: i64,
    pub otp_hash: String,
    pub otp_expires_at_ms: i64,
    pub photos: Vec<PhotoRecord>,
    /// The privacy notice version the person consented to, and when (RFC 3339).
    pub consent_notice_version: String,
    pub consent_accepted_at: String,
    /// The cap on e-mails to `email`; the first e-mail is counted with the insert.
    pub mail_cap: MailCap,
}

/// At most `max` e-mails with a code to one recipient address within `window_ms` (a `max` of
/// 0 means no cap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailCap {
    pub max: u32,
    pub window_ms: i64,
}

impl MailCap {
    /// No cap.
    pub const NONE: MailCap = MailCap {
        max: 0,
        window_ms: 0,
    };
}

/// How a recipient address is kept in the mail log: the SHA-256 of its trimmed lower-case
/// form (the log never holds the address itself).
pub fn recipient_key(email: &str) -> String {
    crate::photos::sha256_hex(email.trim().to_lowercase().as_bytes())
}

/// What [`RegistrationStore::purge`] deletes: registrations received (and never confirmed)
/// before `unconfirmed_before_ms`, confirmed or decided ones confirmed before
/// `confirmed_before_ms` (none when `None`), and mail-log rows older than
/// `mail_log_before_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurgeRules {
    pub unconfirmed_before_ms: i64,
    pub confirmed_before_ms: Option<i64>,
    pub mail_log_before_ms: i64,
}

/// What a purge deleted from the database; the caller deletes the files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    /// The references of the deleted registrations (their e-mails are `<reference>-*.eml`).
    pub references: Vec<String>,
    /// Photos (SHA-256) that belonged to deleted registrations and to no remaining one.
    pub unreferenced_photos: Vec<String>,
}

/// A stored registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationRecord {
    pub id: String,
    pub reference: String,
    pub idempotency_key: String,
    pub body_hash: String,
    pub status: RegistrationStatus,
    pub office: String,
    pub email: String,
    pub lang: Lang,
    pub declaration_json: String,
    pub received_at_ms: i64,
    pub confirmed_at_ms: Option<i64>,
    /// When the person withdrew their consent (the personal data was deleted then).
    pub withdrawn_at_ms: Option<i64>,
}

/// What storing a registration did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertOutcome {
    /// A new record.
    Created(RegistrationRecord),
    /// A record with the same idempotency key already existed (nothing was written).
    Existing(RegistrationRecord),
    /// The reference is already taken (draw another one).
    ReferenceTaken,
    /// The recipient address had its cap of e-mails in the window (nothing was written).
    RecipientCapReached,
}

/// What withdrawing a registration did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WithdrawOutcome {
    /// The personal data is deleted; `email` (read before) is where to confirm it;
    /// `unused_photos` are the photo hashes no other registration uses (their files go).
    Withdrawn {
        record: Box<RegistrationRecord>,
        email: String,
        lang: Lang,
        unused_photos: Vec<String>,
    },
    AlreadyWithdrawn(Box<RegistrationRecord>),
    NotFound,
}

/// What checking an e-mail code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OtpOutcome {
    Confirmed(Box<RegistrationRecord>),
    Wrong {
        tries_left: u32,
    },
    Expired,
    TooManyTries,
    /// The registration's total of wrong codes (over every code) is used up.
    TooManyWrongCodes,
    AlreadyConfirmed,
    NotFound,
}

/// What replacing the e-mail code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResendOutcome {
    Replaced {
        record: Box<RegistrationRecord>,
        resends_left: u32,
    },
    TooSoon {
        retry_after_ms: i64,
    },
    LimitReached,
    /// The recipient address had its cap of e-mails in the window (nothing was changed).
    RecipientCapReached,
    /// The registration's total of wrong codes is used up: no new code would help.
    TooManyWrongCodes,
    AlreadyConfirmed,
    NotFound,
}

/// The rules an e-mail code operation applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OtpPolicy {
    pub max_tries: u32,
    pub resend_interval_ms: i64,
    pub max_resends: u32,
    /// Wrong codes allowed over every code of a registration (0: no total cap).
    pub max_wrong_total: u32,
    /// The cap on e-mails to the registration's address (a resend writes one).
    pub mail_cap: MailCap,
}

/// Durable storage of registrations. Implementations are shared between threads; callers
/// run them off the async threads.
pub trait RegistrationStore: Send + Sync {
    /// Stores a registration, unless one with the same idempotency key exists (then that one
    /// is returned and nothing is written) or its address had its cap of e-mails (nothing is
    /// written); the first e-mail is counted in the mail log with it. Durable when it returns.
    fn insert(&self, registration: &NewRegistration) -> Result<InsertOutcome, StoreError>;
    /// The registration sent with this idempotency key.
    fn find_by_key(&self, idempotency_key: &str) -> Result<Option<RegistrationRecord>, StoreError>;
    /// The registration with this id.
    fn get(&self, id: &str) -> Result<Option<RegistrationRecord>, StoreError>;
    /// The registration with this reference (as the person and the office know it).
    fn find_by_reference(&self, reference: &str) -> Result<Option<RegistrationRecord>, StoreError>;
    /// The photos of a registration.
    fn photos(&self, id: &str) -> Result<Vec<PhotoRecord>, StoreError>;
    /// Checks an e-mail code (by hash) at `now_ms`; counts wrong tries; confirms on success.
    fn verify_otp(
        &self,
        id: &str,
        otp_hash: &str,
        now_ms: i64,
        policy: OtpPolicy,
    ) -> Result<OtpOutcome, StoreError>;
    /// Replaces the e-mail code (new hash and expiry, tries of the code reset, the total of
    /// wrong codes kept) if the rules and the recipient's cap allow; the e-mail is counted.
    fn replace_otp(
        &self,
        id: &str,
        otp_hash: &str,
        now_ms: i64,
        expires_at_ms: i64,
        policy: OtpPolicy,
    ) -> Result<ResendOutcome, StoreError>;
    /// Records that the first e-mail with the code was written (kept if already recorded).
    fn first_mail_written(&self, id: &str, now_ms: i64) -> Result<(), StoreError>;
    /// For a registration still waiting for its first e-mail (stored, then the service died
    /// before writing it): replaces the code (tries reset; not counted as a resend) and
    /// returns the record. `None` when that e-mail was written or the code is no longer asked.
    fn reissue_unsent_first_code(
        &self,
        id: &str,
        otp_hash: &str,
        now_ms: i64,
        expires_at_ms: i64,
    ) -> Result<Option<RegistrationRecord>, StoreError>;
    /// The registrations waiting for their first e-mail, oldest first.
    fn without_first_mail(&self) -> Result<Vec<String>, StoreError>;
    /// Moves a registration on by `change`, as `vssid_core::api::next_status` allows from its
    /// current status (read and written in one transaction): the new status, `None` when
    /// there is no such id, or the refusal.
    fn change_status(
        &self,
        id: &str,
        change: StatusChange,
    ) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError>;
    /// Withdraws the consent: deletes the registration's personal data (e-mail, declaration,
    /// photo records) and leaves on disk no copy of them in the database files; the
    /// reference, office, dates and consent record stay.
    fn withdraw(&self, id: &str, now_ms: i64) -> Result<WithdrawOutcome, StoreError>;
    /// How many registrations are stored.
    fn count(&self) -> Result<u64, StoreError>;
    /// E-mails with a code logged for this address since `since_ms`.
    fn mails_sent_since(&self, email: &str, since_ms: i64) -> Result<u32, StoreError>;
    /// Deletes what the rules say has expired, in one transaction.
    fn purge(&self, rules: PurgeRules) -> Result<Purged, StoreError>;
    /// Whether any stored registration has a photo with this SHA-256 (a replaced photo kept
    /// for the office counts).
    fn photo_referenced(&self, sha256: &str) -> Result<bool, StoreError>;
    /// Stores corrections, as `next_status` allows from the current status (the change
    /// `Resubmitted`), in one transaction: the declaration replaced, the new photos in, the
    /// old ones kept as replaced; nothing written for a key already used.
    fn resubmit(
        &self,
        new: &resubmissions::NewResubmission,
    ) -> Result<resubmissions::ResubmitOutcome, StoreError>;
    /// The resubmission sent with this key.
    fn find_resubmission(
        &self,
        idempotency_key: &str,
    ) -> Result<Option<resubmissions::ResubmissionRecord>, StoreError>;
    /// The resubmissions of a registration, oldest first.
    fn resubmissions(
        &self,
        registration_id: &str,
    ) -> Result<Vec<resubmissions::ResubmissionRecord>, StoreError>;
    /// Lets go of the replaced photos of registrations the office decided on since: returns
    /// the hashes nothing uses any more (their files go).
    fn release_replaced_photos(&self) -> Result<Vec<String>, StoreError>;
}
