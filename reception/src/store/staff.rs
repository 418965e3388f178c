//! Where the office console keeps its staff: the `StaffStore` trait (accounts, sessions, the
//! append-only audit log and the console's reads of registrations) and its types. SQLite
//! implements it (`store/sqlite/staff.rs`); another database provides the same operations,
//! each one atomic.

use super::StoreError;
use serde::Serialize;
use vssid_core::api::{
    Decision, DecisionReason, InvalidTransition, RegistrationStatus, ValidDecision,
};
use vssid_core::fields::FieldId;

/// What a staff account may do. A reviewer works through the confirmed queue of its offices;
/// a supervisor and an admin also see unconfirmed registrations and the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Reviewer,
    Supervisor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Supervisor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }

    /// Supervisors and admins: unconfirmed registrations, the audit log.
    pub fn supervises(self) -> bool {
        matches!(self, Role::Supervisor | Role::Admin)
    }
}

/// A staff account as stored. Its `Debug` leaves out the password hash and the second
/// factor's secret, so that no log line can carry them.
#[derive(Clone, PartialEq, Eq)]
pub struct StaffAccount {
    pub id: i64,
    /// Trimmed and lower-case; unique without regard to case.
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The office codes it serves.
    pub offices: Vec<String>,
    /// Argon2id, PHC string.
    pub password_hash: String,
    pub disabled: bool,
    pub failed_logins: u32,
    pub locked_until_ms: Option<i64>,
    pub created_at_ms: i64,
    /// The second factor's secret (base32), when the account has one.
    pub totp_secret: Option<String>,
    /// The last TOTP time step a code was accepted for (each code is taken once).
    pub totp_last_step: Option<i64>,
}

impl std::fmt::Debug for StaffAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffAccount")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .field("offices", &self.offices)
            .field("disabled", &self.disabled)
            .field("failed_logins", &self.failed_logins)
            .field("locked_until_ms", &self.locked_until_ms)
            .field("second_factor", &self.totp_secret.is_some())
            .finish_non_exhaustive()
    }
}

impl StaffAccount {
    pub fn serves(&self, office: &str) -> bool {
        self.offices.iter().any(|o| o == office)
    }
}

/// An account to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStaff {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub offices: Vec<String>,
    pub password_hash: String,
    pub created_at_ms: i64,
}

/// What creating an account did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddStaffOutcome {
    Added(i64),
    /// An account with this address (in any case) exists; nothing was written.
    EmailTaken,
}

/// The lockout after wrong passwords: from `max_failures` failures on, each failure locks the
/// account for `base_ms` doubled for every failure past the first lock, at most `cap_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failures: u32,
    pub base_ms: i64,
    pub cap_ms: i64,
}

impl LockoutPolicy {
    /// How long the `failures`-th failure in a row locks the account (0: not locked).
    pub fn lock_ms(&self, failures: u32) -> i64 {
        if failures < self.max_failures {
            return 0;
        }
        let doublings = (failures - self.max_failures).min(30);
        self.base_ms
            .saturating_mul(1i64 << doublings)
            .min(self.cap_ms)
    }
}

/// How long a session lives: `idle_ms` after its last request, `absolute_ms` after login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle_ms: i64,
    pub absolute_ms: i64,
}

/// A session to open at login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// SHA-256 (hex) of the cookie's token; the token itself is never stored.
    pub token_sha256: String,
    pub staff_id: i64,
    pub csrf_token: String,
    pub created_at_ms: i64,
}

/// A live session with its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSession {
    pub token_sha256: String,
    pub csrf_token: String,
    pub created_at_ms: i64,
    pub account: StaffAccount,
}

/// One line to append to the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEntry {
    pub at_ms: i64,
    pub staff_id: Option<i64>,
    pub action: String,
    pub reference: Option<String>,
    /// The client address as the service determined it (`cli` for operator commands).
    pub client: String,
    /// Never personal data of applicants (search text is not recorded, only that there was one).
    pub detail: String,
    /// The office a line without a single registration concerns (an export), for scoping.
    pub office: Option<String>,
}

/// A line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at_ms: i64,
    pub staff_id: Option<i64>,
    pub action: String,
    pub reference: Option<String>,
    pub client: String,
    pub detail: String,
}

/// Which audit lines to read (newest first, at most `limit`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub reference: Option<String>,
    pub staff_id: Option<i64>,
    pub since_ms: Option<i64>,
    /// Only what concerns these offices (a supervisor's): lines about their registrations,
    /// and lines without a registration by accounts that serve one of them. `None`: every
    /// line (an admin).
    pub offices: Option<Vec<String>>,
    pub limit: u32,
}

/// A page of the console's registration list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleQuery {
    /// Only registrations of these offices.
    pub offices: Vec<String>,
    /// Only registrations in one of these statuses (`withdrawn`: those withdrawn).
    pub statuses: Vec<RegistrationStatus>,
    /// Folded (`vssid_core::text::fold`) search text; empty: no search.
    pub search: String,
    /// From 0.
    pub offset: u32,
    pub limit: u32,
}

/// A registration as the console's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleRow {
    pub reference: String,
    pub status: RegistrationStatus,
    pub office: String,
    pub full_name: String,
    pub received_at_ms: i64,
    pub confirmed_at_ms: Option<i64>,
}

/// The rows of one page and how many match in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsolePage {
    pub rows: Vec<ConsoleRow>,
    pub total: u64,
}

/// Another registration with the same BHXH code or ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateRow {
    pub reference: String,
    pub status: RegistrationStatus,
    pub office: String,
}

/// Durable storage of the console's staff, sessions and audit log. Implementations are
/// shared between threads; callers run them off the async threads.
pub trait StaffStore: Send + Sync {
    /// Creates an account unless its address is taken.
    fn add_staff(&self, staff: &NewStaff) -> Result<AddStaffOutcome, StoreError>;
    /// The account with this address (without regard to case).
    fn staff_by_email(&self, email: &str) -> Result<Option<StaffAccount>, StoreError>;
    /// Every account, by id.
    fn list_staff(&self) -> Result<Vec<StaffAccount>, StoreError>;
    /// Disables an account and ends its sessions; false when there is no such id.
    fn disable_staff(&self, id: i64) -> Result<bool, StoreError>;
    /// Enables a disabled account and clears its lockout; false when there is no such account.
    fn enable_staff(&self, id: i64) -> Result<bool, StoreError>;
    /// Sets (or with `None` removes) the TOTP secret and ends the account's sessions.
    fn set_staff_totp(&self, id: i64, secret: Option<&str>) -> Result<bool, StoreError>;
    /// Takes the TOTP time step `step` for a login: false when a code of this or a later
    /// step was already accepted (a code is used once).
    fn use_totp_step(&self, id: i64, step: i64) -> Result<bool, StoreError>;
    /// Replaces the password hash, clears the failures and the lock, ends the sessions.
    fn set_staff_password(&self, id: i64, password_hash: &str) -> Result<bool, StoreError>;
    /// Counts a wrong password at `now_ms`; returns when the account is locked until, if the
    /// policy locks it now.
    fn login_failed(
        &self,
        id: i64,
        now_ms: i64,
        policy: LockoutPolicy,
    ) -> Result<Option<i64>, StoreError>;
    /// A right password: clears the failures and the lock and opens the session, at once.
    fn login_succeeded(&self, session: &NewSession) -> Result<(), StoreError>;
    /// The live session with this token hash, its last use moved to `now_ms`; `None` (and the
    /// session deleted) when it is unknown, expired by `policy` or its account disabled.
    fn session(
        &self,
        token_sha256: &str,
        now_ms: i64,
        policy: SessionPolicy,
    ) -> Result<Option<LiveSession>, StoreError>;
    /// Ends a session; false when there was none.
    fn end_session(&self, token_sha256: &str) -> Result<bool, StoreError>;
    /// Deletes the sessions `policy` has expired at `now_ms`; returns how many.
    fn end_expired_sessions(&self, now_ms: i64, policy: SessionPolicy) -> Result<u64, StoreError>;
    /// Appends a line to the audit log; its id.
    fn append_audit(&self, entry: &NewAuditEntry) -> Result<i64, StoreError>;
    /// Reads the audit log, newest first.
    fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError>;
    /// The console's list: registrations of the offices with the status (withdrawn: those
    /// withdrawn), matching the search on reference, BHXH code, ID number or folded name;
    /// oldest first (confirmation time, else reception time).
    fn console_registrations(&self, query: &ConsoleQuery) -> Result<ConsolePage, StoreError>;
    /// Registrations other than `reference` with this BHXH code or ID number (empty values
    /// match nothing), oldest first.
    fn possible_duplicates(
        &self,
        reference: &str,
        bhxh_code: &str,
        person_id: &str,
    ) -> Result<Vec<DuplicateRow>, StoreError>;
    /// Records an office's decision on the registration `registration_id` and moves its
    /// status as `next_status` allows, in one transaction: the new status, `None` when there
    /// is no such registration, or the refusal.
    fn decide(
        &self,
        registration_id: &str,
        decision: &NewDecision,
    ) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError>;
    /// The decisions on a registration, oldest first.
    fn decisions(&self, registration_id: &str) -> Result<Vec<DecisionRow>, StoreError>;
    /// How many registrations each of the offices has in each status (withdrawn: those
    /// withdrawn), and when the oldest of each was confirmed (else received).
    fn status_counts(&self, offices: &[String]) -> Result<Vec<StatusCount>, StoreError>;
    /// The approved registrations of the offices whose approval was recorded in
    /// `from_ms..to_ms`, with it; oldest approval first.
    fn approved_between(
        &self,
        offices: &[String],
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<ApprovedRow>, StoreError>;
}

/// How many registrations of an office are in a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCount {
    pub office: String,
    pub status: RegistrationStatus,
    pub count: u64,
    /// The earliest confirmation (else reception) time among them.
    pub oldest_ms: i64,
}

/// An approved registration with its approval, for an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedRow {
    pub id: String,
    pub reference: String,
    pub office: String,
    pub email: String,
    /// The stored (normalized) declaration.
    pub declaration_json: String,
    pub approved_at_ms: i64,
    /// The VssID user name issued.
    pub account_name: Option<String>,
    pub staff_name: String,
}

/// A decision to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDecision {
    pub at_ms: i64,
    pub staff_id: i64,
    pub decision: ValidDecision,
}

/// A recorded decision, as the console's registration page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRow {
    pub at_ms: i64,
    pub staff_id: i64,
    pub staff_name: String,
    pub decision: Decision,
    pub reason: DecisionReason,
    pub note: String,
    pub fields: Vec<FieldId>,
    pub account_name: Option<String>,
}
