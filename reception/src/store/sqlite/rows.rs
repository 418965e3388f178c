//! Reading rows of the SQLite store: a registration record, the code's row, the mail log.

use super::RECORD_COLUMNS;
use crate::store::{recipient_key, MailCap, RegistrationRecord, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use vssid_core::api::RegistrationStatus;
use vssid_core::Lang;

pub(super) fn read_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRecord> {
    Ok(RawRecord {
        id: row.get(0)?,
        reference: row.get(1)?,
        idempotency_key: row.get(2)?,
        body_hash: row.get(3)?,
        status: row.get(4)?,
        office: row.get(5)?,
        email: row.get(6)?,
        lang: row.get(7)?,
        declaration_json: row.get(8)?,
        received_at_ms: row.get(9)?,
        confirmed_at_ms: row.get(10)?,
        withdrawn_at_ms: row.get(11)?,
    })
}

/// A row as stored, before its codes are checked.
pub(super) struct RawRecord {
    id: String,
    reference: String,
    idempotency_key: String,
    body_hash: String,
    status: String,
    office: String,
    email: String,
    lang: String,
    declaration_json: String,
    received_at_ms: i64,
    confirmed_at_ms: Option<i64>,
    withdrawn_at_ms: Option<i64>,
}

impl RawRecord {
    fn typed(self) -> Result<RegistrationRecord, StoreError> {
        let status = RegistrationStatus::parse(&self.status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {}", self.status)))?;
        Ok(RegistrationRecord {
            status: if self.withdrawn_at_ms.is_some() {
                RegistrationStatus::Withdrawn
            } else {
                status
            },
            withdrawn_at_ms: self.withdrawn_at_ms,
            lang: Lang::from_tag(&self.lang)
                .ok_or_else(|| StoreError::Corrupt(format!("lang {}", self.lang)))?,
            id: self.id,
            reference: self.reference,
            idempotency_key: self.idempotency_key,
            body_hash: self.body_hash,
            office: self.office,
            email: self.email,
            declaration_json: self.declaration_json,
            received_at_ms: self.received_at_ms,
            confirmed_at_ms: self.confirmed_at_ms,
        })
    }
}

pub(super) fn select_one(
    connection: &Connection,
    column: &str,
    value: &str,
) -> Result<Option<RegistrationRecord>, StoreError> {
    let sql = format!("SELECT {RECORD_COLUMNS} FROM registrations WHERE {column} = ?1");
    connection
        .prepare_cached(&sql)?
        .query_row([value], read_record)
        .optional()?
        .map(RawRecord::typed)
        .transpose()
}

/// The OTP columns of one registration.
pub(super) struct OtpRow {
    pub(super) status: String,
    pub(super) otp_hash: String,
    pub(super) sent_at_ms: i64,
    pub(super) expires_at_ms: i64,
    pub(super) failed_tries: u32,
    pub(super) resends: u32,
    pub(super) wrong_total: u32,
    pub(super) email: String,
}

pub(super) fn otp_row(connection: &Connection, id: &str) -> Result<Option<OtpRow>, StoreError> {
    Ok(connection
        .prepare_cached(
            "SELECT status, otp_hash, otp_sent_at_ms, otp_expires_at_ms, otp_failed_tries, \
             otp_resends, otp_wrong_total, email FROM registrations \
             WHERE id = ?1 AND withdrawn_at_ms IS NULL",
        )?
        .query_row([id], |row| {
            Ok(OtpRow {
                status: row.get(0)?,
                otp_hash: row.get(1)?,
                sent_at_ms: row.get(2)?,
                expires_at_ms: row.get(3)?,
                failed_tries: row.get(4)?,
                resends: row.get(5)?,
                wrong_total: row.get(6)?,
                email: row.get(7)?,
            })
        })
        .optional()?)
}

/// E-mails logged for the recipient key since `since_ms`.
pub(super) fn mails_logged_since(
    connection: &Connection,
    key: &str,
    since_ms: i64,
) -> Result<u32, StoreError> {
    Ok(connection
        .prepare_cached(
            "SELECT COUNT(*) FROM mail_log WHERE recipient_sha256 = ?1 AND sent_at_ms > ?2",
        )?
        .query_row(params![key, since_ms], |row| row.get(0))?)
}

/// Logs one e-mail to `email` at `now_ms` if `cap` allows it; false when the cap is reached.
pub(super) fn take_mail_slot(
    connection: &Connection,
    email: &str,
    now_ms: i64,
    cap: MailCap,
) -> Result<bool, StoreError> {
    let key = recipient_key(email);
    if cap.max > 0 && mails_logged_since(connection, &key, now_ms - cap.window_ms)? >= cap.max {
        return Ok(false);
    }
    connection
        .prepare_cached("INSERT INTO mail_log (recipient_sha256, sent_at_ms) VALUES (?1, ?2)")?
        .execute(params![key, now_ms])?;
    Ok(true)
}
