//! Reading rows of the SQLite store: a registration record, the code's row, the mail log.

use crate::store::otp_rules::OtpRow;
use crate::store::record::{RawRecord, RECORD_COLUMNS};
use crate::store::{recipient_key, MailCap, RegistrationRecord, StoreError};
use rusqlite::{params, Connection, OptionalExtension};

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
