//! The rules of the e-mail code operations, decided on a row read under the database's lock:
//! both stores read the code's row, ask these functions what to do, and write it in the same
//! transaction, so SQLite and PostgreSQL answer alike.

use super::{OtpOutcome, OtpPolicy, ResendOutcome, StoreError};
use vssid_core::api::{next_status, RegistrationStatus, StatusChange};

/// The code's columns of one registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpRow {
    pub status: String,
    pub otp_hash: String,
    pub sent_at_ms: i64,
    pub expires_at_ms: i64,
    pub failed_tries: u32,
    pub resends: u32,
    pub wrong_total: u32,
    pub email: String,
}

/// What checking a code asks the store to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyStep {
    /// Nothing to write; the answer.
    Answer(OtpOutcome),
    /// The code is right: confirm the registration at `now_ms`.
    Confirm,
    /// The code is wrong: store these counts, then answer.
    CountWrong {
        failed_tries: u32,
        wrong_total: u32,
        outcome: OtpOutcome,
    },
}

/// See `RegistrationStore::verify_otp`.
pub fn verify_step(
    row: &OtpRow,
    otp_hash: &str,
    now_ms: i64,
    policy: OtpPolicy,
) -> Result<VerifyStep, StoreError> {
    let status = RegistrationStatus::parse(&row.status)
        .ok_or_else(|| StoreError::Corrupt(format!("unknown status {}", row.status)))?;
    if next_status(status, StatusChange::CodeAccepted).is_err() {
        return Ok(VerifyStep::Answer(OtpOutcome::AlreadyConfirmed));
    }
    let total_capped = |total: u32| policy.max_wrong_total > 0 && total >= policy.max_wrong_total;
    if total_capped(row.wrong_total) {
        return Ok(VerifyStep::Answer(OtpOutcome::TooManyWrongCodes));
    }
    if row.failed_tries >= policy.max_tries {
        return Ok(VerifyStep::Answer(OtpOutcome::TooManyTries));
    }
    if now_ms >= row.expires_at_ms {
        return Ok(VerifyStep::Answer(OtpOutcome::Expired));
    }
    if row.otp_hash == otp_hash {
        return Ok(VerifyStep::Confirm);
    }
    let failed_tries = row.failed_tries + 1;
    let wrong_total = row.wrong_total + 1;
    let outcome = if total_capped(wrong_total) {
        OtpOutcome::TooManyWrongCodes
    } else if failed_tries >= policy.max_tries {
        OtpOutcome::TooManyTries
    } else {
        let mut tries_left = policy.max_tries - failed_tries;
        if policy.max_wrong_total > 0 {
            tries_left = tries_left.min(policy.max_wrong_total - wrong_total);
        }
        OtpOutcome::Wrong { tries_left }
    };
    Ok(VerifyStep::CountWrong {
        failed_tries,
        wrong_total,
        outcome,
    })
}

/// See `RegistrationStore::replace_otp`: the refusal, or `None` when a new code may be sent
/// (the recipient's cap is checked next, in the same transaction).
pub fn resend_refusal(row: &OtpRow, now_ms: i64, policy: OtpPolicy) -> Option<ResendOutcome> {
    if row.status != RegistrationStatus::Received.as_str() {
        return Some(ResendOutcome::AlreadyConfirmed);
    }
    if policy.max_wrong_total > 0 && row.wrong_total >= policy.max_wrong_total {
        return Some(ResendOutcome::TooManyWrongCodes);
    }
    if row.resends >= policy.max_resends {
        return Some(ResendOutcome::LimitReached);
    }
    let next_allowed = row.sent_at_ms + policy.resend_interval_ms;
    if now_ms < next_allowed {
        return Some(ResendOutcome::TooSoon {
            retry_after_ms: next_allowed - now_ms,
        });
    }
    None
}
