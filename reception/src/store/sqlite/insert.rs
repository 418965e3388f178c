//! Writing registrations: one insert, and the group commit that writes a batch of them in one
//! transaction (each in its own savepoint) and answers each after the flush.

use super::rows::{select_one, take_mail_slot};
use super::PendingInsert;
use crate::store::{InsertOutcome, NewRegistration, StoreError};
use rusqlite::{params, Connection, TransactionBehavior};

/// Writes a batch of registrations in one transaction and answers each after the commit.
pub(super) fn commit_batch(connection: &mut Connection, batch: Vec<PendingInsert>) {
    let (registrations, replies): (Vec<NewRegistration>, Vec<_>) =
        batch.into_iter().map(|p| (p.registration, p.reply)).unzip();
    let written = (|| -> Result<Vec<Result<InsertOutcome, StoreError>>, rusqlite::Error> {
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(registrations.len());
        for registration in &registrations {
            transaction.execute_batch("SAVEPOINT registration")?;
            let outcome = insert_one(&transaction, registration);
            if outcome.is_ok() {
                transaction.execute_batch("RELEASE registration")?;
            } else {
                transaction.execute_batch("ROLLBACK TO registration; RELEASE registration")?;
            }
            outcomes.push(outcome);
        }
        transaction.commit()?;
        Ok(outcomes)
    })();
    match written {
        Ok(outcomes) => {
            for (reply, outcome) in replies.into_iter().zip(outcomes) {
                let _ = reply.send(outcome);
            }
        }
        Err(error) => {
            let message = error.to_string();
            for reply in replies {
                let _ = reply.send(Err(StoreError::Batch(message.clone())));
            }
        }
    }
}

/// Inserts one registration inside the current transaction, unless its key is taken.
pub(super) fn insert_one(
    connection: &Connection,
    r: &NewRegistration,
) -> Result<InsertOutcome, StoreError> {
    if let Some(existing) = select_one(connection, "idempotency_key", &r.idempotency_key)? {
        return Ok(InsertOutcome::Existing(existing));
    }
    let taken: bool = connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM registrations WHERE reference = ?1)",
        [&r.reference],
        |row| row.get(0),
    )?;
    if taken {
        return Ok(InsertOutcome::ReferenceTaken);
    }
    if !take_mail_slot(connection, &r.email, r.received_at_ms, r.mail_cap)? {
        return Ok(InsertOutcome::RecipientCapReached);
    }
    connection
        .prepare_cached(
            "INSERT INTO registrations (id, reference, idempotency_key, body_hash, status, \
             office, email, lang, declaration_json, received_at_ms, otp_hash, \
             otp_sent_at_ms, otp_expires_at_ms, consent_notice_version, consent_accepted_at) \
             VALUES (?1, ?2, ?3, ?4, 'received', ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?11, ?12, ?13)",
        )?
        .execute(params![
            r.id,
            r.reference,
            r.idempotency_key,
            r.body_hash,
            r.office,
            r.email,
            r.lang.tag(),
            r.declaration_json,
            r.received_at_ms,
            r.otp_hash,
            r.otp_expires_at_ms,
            r.consent_notice_version,
            r.consent_accepted_at,
        ])?;
    let mut statement = connection.prepare_cached(
        "INSERT INTO photos (registration_id, slot, sha256, bytes, width, height) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for photo in &r.photos {
        statement.execute(params![
            r.id,
            photo.slot.part_name(),
            photo.sha256,
            photo.bytes as i64,
            photo.width,
            photo.height,
        ])?;
    }
    select_one(connection, "id", &r.id)?
        .map(InsertOutcome::Created)
        .ok_or_else(|| StoreError::Corrupt("inserted row not found".into()))
}
