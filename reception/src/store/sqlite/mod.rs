//! The SQLite store: one connection in WAL mode with `synchronous=FULL`, so a registration is
//! acknowledged only once it is on disk; migrations from `reception/migrations/` applied in
//! order and recorded in `schema_migrations`.
//!
//! Inserts are group-committed: registrations that arrive while a commit is flushing wait in a
//! queue, and the next thread to take the connection writes them all in one transaction (each
//! in its own savepoint, so one failure does not undo the others) and one flush. Nobody is
//! answered before the commit that holds their row.

use super::migrations::{other_build, MIGRATIONS};
use super::otp_rules::{resend_refusal, verify_step, VerifyStep};
use super::{
    recipient_key, InsertOutcome, NewRegistration, OtpOutcome, OtpPolicy, PhotoRecord, PurgeRules,
    Purged, RegistrationRecord, RegistrationStore, ResendOutcome, StoreError, WithdrawOutcome,
};
use crate::store::resubmissions::{NewResubmission, ResubmissionRecord, ResubmitOutcome};
mod decisions;
mod insert;
mod photos;
mod resubmissions;
mod rows;
mod staff;

use insert::commit_batch;
use rows::{mails_logged_since, otp_row, select_one, take_mail_slot};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Mutex, MutexGuard};
use vssid_core::api::{
    next_status, InvalidTransition, PhotoSlot, RegistrationStatus, StatusChange,
};

/// Registrations in a SQLite file.
pub struct SqliteStore {
    connection: Mutex<Connection>,
    pending: Mutex<Vec<PendingInsert>>,
}

/// A registration waiting for the next group commit, and where to send its outcome.
struct PendingInsert {
    registration: NewRegistration,
    reply: SyncSender<Result<InsertOutcome, StoreError>>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        Self::with_connection(Connection::open(path)?)
    }

    /// A store in memory, for tests.
    pub fn in_memory() -> Result<SqliteStore, StoreError> {
        Self::with_connection(Connection::open_in_memory()?)
    }

    fn with_connection(mut connection: Connection) -> Result<SqliteStore, StoreError> {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted personal data is overwritten in the file, not left in free pages.
        connection.pragma_update(None, "secure_delete", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        staff::register_functions(&connection)?;
        migrate(&mut connection)?;
        Ok(SqliteStore {
            connection: Mutex::new(connection),
            pending: Mutex::new(Vec::new()),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.connection.lock().map_err(|_| StoreError::Poisoned)
    }

    /// The versions of the migrations applied, in order.
    pub fn applied_migrations(&self) -> Result<Vec<i64>, StoreError> {
        let connection = self.lock()?;
        let mut statement =
            connection.prepare("SELECT version FROM schema_migrations ORDER BY version")?;
        let versions = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(versions)
    }
}

/// Applies every migration not yet recorded, each in its own transaction.
fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    connection.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY,
             name TEXT NOT NULL,
             applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
         )",
    )?;
    connection.pragma_update(None, "foreign_keys", "OFF")?;
    let migrated = run_migrations(connection);
    connection.pragma_update(None, "foreign_keys", "ON")?;
    migrated
}

/// Applies the migrations not applied yet, each in its own transaction.
fn run_migrations(connection: &mut Connection) -> Result<(), StoreError> {
    for migration in MIGRATIONS {
        let (version, name, sql) = (&migration.version, migration.name, migration.sqlite);
        let fail = |source: rusqlite::Error| StoreError::Migration {
            name: name.to_string(),
            message: source.to_string(),
        };
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let recorded: Option<String> = transaction
            .query_row(
                "SELECT name FROM schema_migrations WHERE version = ?1",
                [version],
                |row| row.get(0),
            )
            .optional()
            .map_err(fail)?;
        // A database written by another build whose migration of this number was a
        // different one: applying the rest would build on a schema they do not expect.
        if let Some(other) = recorded.as_deref().filter(|other| *other != name) {
            return Err(other_build(*version, other, name));
        }
        if recorded.is_none() {
            transaction.execute_batch(sql).map_err(fail)?;
            // A migration may rebuild a table others refer to (foreign keys are off while
            // migrations run, as SQLite's procedure for schema changes asks): every reference
            // must hold again before it is committed.
            let broken: i64 = transaction
                .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |row| {
                    row.get(0)
                })
                .map_err(fail)?;
            if broken > 0 {
                return Err(StoreError::Corrupt(format!(
                    "migration {name} leaves {broken} broken references"
                )));
            }
            transaction
                .execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?1, ?2)",
                    params![version, name],
                )
                .map_err(fail)?;
        }
        transaction.commit().map_err(fail)?;
    }
    Ok(())
}

/// Moves the registration `id` on by `change` inside `transaction`, as `next_status` allows
/// from its stored status (the caller commits): the new status, `None` when there is no such
/// registration or it was withdrawn (its data is gone: nothing may be written back, not even
/// by a resubmission or a decision that raced the withdrawal), or the refusal (nothing
/// written).
fn move_status(
    transaction: &Connection,
    id: &str,
    change: StatusChange,
) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError> {
    let Some(record) = select_one(transaction, "id", id)? else {
        return Ok(None);
    };
    if record.withdrawn_at_ms.is_some() {
        return Ok(None);
    }
    let next = match next_status(record.status, change) {
        Ok(next) => next,
        Err(refused) => return Ok(Some(Err(refused))),
    };
    transaction.execute(
        "UPDATE registrations SET status = ?2 WHERE id = ?1",
        params![id, next.as_str()],
    )?;
    Ok(Some(Ok(next)))
}

impl RegistrationStore for SqliteStore {
    fn insert(&self, registration: &NewRegistration) -> Result<InsertOutcome, StoreError> {
        let (reply, outcome) = sync_channel(1);
        self.pending
            .lock()
            .map_err(|_| StoreError::Poisoned)?
            .push(PendingInsert {
                registration: registration.clone(),
                reply,
            });
        {
            // Whoever holds the connection next commits everything queued so far, ours
            // included unless an earlier holder already did.
            let mut connection = self.lock()?;
            let batch =
                std::mem::take(&mut *self.pending.lock().map_err(|_| StoreError::Poisoned)?);
            if !batch.is_empty() {
                commit_batch(&mut connection, batch);
            }
        }
        outcome.recv().map_err(|_| {
            StoreError::Batch("the commit holding this registration was lost".into())
        })?
    }

    fn find_by_key(&self, idempotency_key: &str) -> Result<Option<RegistrationRecord>, StoreError> {
        select_one(&*self.lock()?, "idempotency_key", idempotency_key)
    }

    fn get(&self, id: &str) -> Result<Option<RegistrationRecord>, StoreError> {
        select_one(&*self.lock()?, "id", id)
    }

    fn find_by_reference(&self, reference: &str) -> Result<Option<RegistrationRecord>, StoreError> {
        select_one(&*self.lock()?, "reference", reference)
    }

    fn photos(&self, id: &str) -> Result<Vec<PhotoRecord>, StoreError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare_cached(
            "SELECT slot, sha256, bytes, width, height FROM photos WHERE registration_id = ?1",
        )?;
        let rows = statement
            .query_map([id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, u32>(3)?,
                    row.get::<_, u32>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut photos = rows
            .into_iter()
            .map(|(slot, sha256, bytes, width, height)| {
                Ok(PhotoRecord {
                    slot: PhotoSlot::from_part_name(&slot)
                        .ok_or_else(|| StoreError::Corrupt(format!("slot {slot}")))?,
                    sha256,
                    bytes: bytes as u64,
                    width,
                    height,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        photos.sort_by_key(|p| PhotoSlot::ALL.iter().position(|s| *s == p.slot));
        Ok(photos)
    }

    fn verify_otp(
        &self,
        id: &str,
        otp_hash: &str,
        now_ms: i64,
        policy: OtpPolicy,
    ) -> Result<OtpOutcome, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(row) = otp_row(&transaction, id)? else {
            return Ok(OtpOutcome::NotFound);
        };
        match verify_step(&row, otp_hash, now_ms, policy)? {
            VerifyStep::Answer(outcome) => Ok(outcome),
            VerifyStep::Confirm => {
                transaction.execute(
                    "UPDATE registrations SET status = 'confirmed', confirmed_at_ms = ?2 \
                     WHERE id = ?1",
                    params![id, now_ms],
                )?;
                let record = select_one(&transaction, "id", id)?
                    .ok_or_else(|| StoreError::Corrupt("confirmed row not found".into()))?;
                transaction.commit()?;
                Ok(OtpOutcome::Confirmed(Box::new(record)))
            }
            VerifyStep::CountWrong {
                failed_tries,
                wrong_total,
                outcome,
            } => {
                transaction.execute(
                    "UPDATE registrations SET otp_failed_tries = ?2, otp_wrong_total = ?3 \
                     WHERE id = ?1",
                    params![id, failed_tries, wrong_total],
                )?;
                transaction.commit()?;
                Ok(outcome)
            }
        }
    }

    fn replace_otp(
        &self,
        id: &str,
        otp_hash: &str,
        now_ms: i64,
        expires_at_ms: i64,
        policy: OtpPolicy,
    ) -> Result<ResendOutcome, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(row) = otp_row(&transaction, id)? else {
            return Ok(ResendOutcome::NotFound);
        };
        if let Some(refusal) = resend_refusal(&row, now_ms, policy) {
            return Ok(refusal);
        }
        if !take_mail_slot(&transaction, &row.email, now_ms, policy.mail_cap)? {
            return Ok(ResendOutcome::RecipientCapReached);
        }
        transaction.execute(
            "UPDATE registrations SET otp_hash = ?2, otp_sent_at_ms = ?3, \
             otp_expires_at_ms = ?4, otp_failed_tries = 0, otp_resends = otp_resends + 1 \
             WHERE id = ?1",
            params![id, otp_hash, now_ms, expires_at_ms],
        )?;
        let record = select_one(&transaction, "id", id)?
            .ok_or_else(|| StoreError::Corrupt("updated row not found".into()))?;
        transaction.commit()?;
        Ok(ResendOutcome::Replaced {
            record: Box::new(record),
            resends_left: policy.max_resends - row.resends - 1,
        })
    }

    fn first_mail_written(&self, id: &str, now_ms: i64) -> Result<(), StoreError> {
        self.lock()?.execute(
            "UPDATE registrations SET first_mail_at_ms = ?2 \
             WHERE id = ?1 AND first_mail_at_ms IS NULL",
            params![id, now_ms],
        )?;
        Ok(())
    }

    fn reissue_unsent_first_code(
        &self,
        id: &str,
        otp_hash: &str,
        now_ms: i64,
        expires_at_ms: i64,
    ) -> Result<Option<RegistrationRecord>, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = transaction.execute(
            "UPDATE registrations SET otp_hash = ?2, otp_sent_at_ms = ?3, \
             otp_expires_at_ms = ?4, otp_failed_tries = 0 \
             WHERE id = ?1 AND status = 'received' AND first_mail_at_ms IS NULL",
            params![id, otp_hash, now_ms, expires_at_ms],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        let record = select_one(&transaction, "id", id)?
            .ok_or_else(|| StoreError::Corrupt("updated row not found".into()))?;
        transaction.commit()?;
        Ok(Some(record))
    }

    fn without_first_mail(&self) -> Result<Vec<String>, StoreError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT id FROM registrations \
             WHERE status = 'received' AND first_mail_at_ms IS NULL AND withdrawn_at_ms IS NULL \
             ORDER BY received_at_ms",
        )?;
        let ids = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    fn change_status(
        &self,
        id: &str,
        change: StatusChange,
    ) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let moved = move_status(&transaction, id, change)?;
        transaction.commit()?;
        Ok(moved)
    }

    fn withdraw(&self, id: &str, now_ms: i64) -> Result<WithdrawOutcome, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(record) = select_one(&transaction, "id", id)? else {
            return Ok(WithdrawOutcome::NotFound);
        };
        if record.withdrawn_at_ms.is_some() {
            return Ok(WithdrawOutcome::AlreadyWithdrawn(Box::new(record)));
        }
        let email = record.email.clone();
        let lang = record.lang;
        let hashes: Vec<String> = transaction
            .prepare_cached(
                "SELECT sha256 FROM photos WHERE registration_id = ?1 \
                 UNION SELECT sha256 FROM replaced_photos WHERE registration_id = ?1",
            )?
            .query_map([id], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        transaction.execute("DELETE FROM photos WHERE registration_id = ?1", [id])?;
        transaction.execute(
            "DELETE FROM replaced_photos WHERE registration_id = ?1",
            [id],
        )?;
        transaction.execute(
            "UPDATE resubmissions SET changes = '{}' WHERE registration_id = ?1",
            [id],
        )?;
        let unused_photos = resubmissions::unused(&transaction, hashes)?;
        transaction.execute(
            "UPDATE registrations SET email = '', declaration_json = '{}', body_hash = '', \
             otp_hash = '', withdrawn_at_ms = ?2 WHERE id = ?1",
            params![id, now_ms],
        )?;
        transaction.execute(
            "UPDATE decisions SET note = '', account_name = NULL WHERE registration_id = ?1",
            [id],
        )?;
        transaction.commit()?;
        // The old pages are in the write-ahead log until a checkpoint copies the zeroed ones
        // over them; truncating it leaves no copy of the deleted data on disk.
        connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let record = select_one(&connection, "id", id)?
            .ok_or_else(|| StoreError::Corrupt("withdrawn row not found".into()))?;
        Ok(WithdrawOutcome::Withdrawn {
            record: Box::new(record),
            email,
            lang,
            unused_photos,
        })
    }

    fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .lock()?
            .query_row("SELECT COUNT(*) FROM registrations", [], |row| row.get(0))?;
        Ok(n as u64)
    }

    fn mails_sent_since(&self, email: &str, since_ms: i64) -> Result<u32, StoreError> {
        mails_logged_since(&*self.lock()?, &recipient_key(email), since_ms)
    }

    fn purge(&self, rules: PurgeRules) -> Result<Purged, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS purging (id TEXT PRIMARY KEY, reference TEXT NOT NULL);
             DELETE FROM purging;",
        )?;
        transaction.execute(
            "INSERT INTO purging (id, reference) SELECT id, reference FROM registrations \
             WHERE status = 'received' AND received_at_ms < ?1",
            params![rules.unconfirmed_before_ms],
        )?;
        if let Some(before) = rules.confirmed_before_ms {
            transaction.execute(
                "INSERT INTO purging (id, reference) SELECT id, reference FROM registrations \
                 WHERE status <> 'received' AND COALESCE(confirmed_at_ms, received_at_ms) < ?1",
                params![before],
            )?;
        }
        let references = transaction
            .prepare("SELECT reference FROM purging ORDER BY reference")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        let candidate_photos = transaction
            .prepare(
                "SELECT DISTINCT sha256 FROM photos \
                 WHERE registration_id IN (SELECT id FROM purging) \
                 UNION SELECT sha256 FROM replaced_photos \
                 WHERE registration_id IN (SELECT id FROM purging)",
            )?
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        transaction.execute_batch(
            "DELETE FROM photos WHERE registration_id IN (SELECT id FROM purging);
             DELETE FROM replaced_photos WHERE registration_id IN (SELECT id FROM purging);
             DELETE FROM resubmissions WHERE registration_id IN (SELECT id FROM purging);
             DELETE FROM registrations WHERE id IN (SELECT id FROM purging);
             DELETE FROM purging;",
        )?;
        let unreferenced_photos = resubmissions::unused(&transaction, candidate_photos)?;
        transaction.execute(
            "DELETE FROM mail_log WHERE sent_at_ms < ?1",
            params![rules.mail_log_before_ms],
        )?;
        transaction.commit()?;
        Ok(Purged {
            references,
            unreferenced_photos,
        })
    }

    fn photo_referenced(&self, sha256: &str) -> Result<bool, StoreError> {
        let connection = self.lock()?;
        Ok(resubmissions::unused(&connection, vec![sha256.to_string()])?.is_empty())
    }

    fn resubmit(&self, new: &NewResubmission) -> Result<ResubmitOutcome, StoreError> {
        resubmissions::resubmit(&mut *self.lock()?, new)
    }

    fn find_resubmission(
        &self,
        idempotency_key: &str,
    ) -> Result<Option<ResubmissionRecord>, StoreError> {
        resubmissions::find(&*self.lock()?, idempotency_key)
    }

    fn resubmissions(&self, registration_id: &str) -> Result<Vec<ResubmissionRecord>, StoreError> {
        resubmissions::history(&*self.lock()?, registration_id)
    }

    fn release_replaced_photos(&self) -> Result<Vec<String>, StoreError> {
        resubmissions::release(&mut *self.lock()?)
    }
}

#[cfg(test)]
mod tests;
