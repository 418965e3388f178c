//! The PostgreSQL store, for several service instances on one database: the same operations
//! as SQLite with the same guarantees, each one transaction on a connection of the pool
//! (`pool.rs`); migrations from the one list (`store/migrations.rs`), run once at start under
//! an advisory lock so instances starting together do not race.
//!
//! How each operation stays atomic when several instances run it at once (READ COMMITTED,
//! PostgreSQL's default):
//! - A decision read from a row and written back (checking a code, a new code, a status move,
//!   a decision, a resubmission, a withdrawal, a session's use) locks the row first with
//!   `SELECT … FOR UPDATE`: the rules are Rust functions (`vssid_core::api::next_status`,
//!   `store::otp_rules`) applied to several columns, so the row is held while they decide and
//!   a concurrent caller waits, then reads the result. N guesses of a code count N tries.
//! - One-column changes are conditional updates (`UPDATE … WHERE … RETURNING`): the TOTP step
//!   taken once (`totp_last_step < step`), the first e-mail recorded once, a lockout counter.
//! - Rows that do not exist yet cannot be locked: a registration's idempotency key and a
//!   recipient's mail count take a transaction-scoped advisory lock on their key
//!   (`pg_advisory_xact_lock`), so identical requests run one after the other and the second
//!   finds the first; the unique constraints stay as the last word (`ON CONFLICT DO NOTHING`).
//! - The audit log is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.

mod photos;
mod pool;
mod registrations;
mod staff;

use super::migrations::{other_build, MIGRATIONS};
use super::record::{RawRecord, RECORD_COLUMNS};
use super::StoreError;
use pool::Pool;
use postgres::{GenericClient, Row};

/// The advisory lock held while migrations run (any number; the same in every instance).
const MIGRATION_LOCK: i64 = 0x7653_5349_445f_6d67;

/// How many connections a store opens unless told.
pub const DEFAULT_CONNECTIONS: usize = 8;

/// Registrations (and the console's staff) in a PostgreSQL database.
pub struct PgStore {
    pool: Pool,
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/database`) with `connections`
    /// connections and applies the pending migrations.
    pub fn connect(url: &str, connections: usize) -> Result<PgStore, StoreError> {
        let store = PgStore {
            pool: Pool::start(url, connections),
        };
        store.pool.run(migrate)?;
        Ok(store)
    }

    /// The versions of the migrations applied, in order.
    pub fn applied_migrations(&self) -> Result<Vec<i64>, StoreError> {
        self.pool.run(|client| {
            Ok(client
                .query(
                    "SELECT version FROM schema_migrations ORDER BY version",
                    &[],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect())
        })
    }

    /// Runs `work` on a connection of the pool.
    pub(crate) fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut postgres::Client) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.pool.run(work)
    }
}

/// Applies every migration not yet recorded, each in its own transaction, holding the
/// migration lock: a second instance starting at the same time waits, then finds them done.
fn migrate(client: &mut postgres::Client) -> Result<(), StoreError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let migrated = run_migrations(client);
    let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
    migrated?;
    unlocked?;
    Ok(())
}

fn run_migrations(client: &mut postgres::Client) -> Result<(), StoreError> {
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version BIGINT PRIMARY KEY,
             name TEXT NOT NULL,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )?;
    for migration in MIGRATIONS {
        let fail = |source: postgres::Error| StoreError::Migration {
            name: migration.name.to_string(),
            message: source.to_string(),
        };
        let mut transaction = client.transaction().map_err(fail)?;
        let recorded: Option<String> = transaction
            .query_opt(
                "SELECT name FROM schema_migrations WHERE version = $1",
                &[&migration.version],
            )
            .map_err(fail)?
            .map(|row| row.get(0));
        if let Some(other) = recorded.as_deref().filter(|other| *other != migration.name) {
            return Err(other_build(migration.version, other, migration.name));
        }
        if recorded.is_none() {
            transaction
                .batch_execute(migration.postgres)
                .map_err(fail)?;
            transaction
                .execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                    &[&migration.version, &migration.name],
                )
                .map_err(fail)?;
        }
        transaction.commit().map_err(fail)?;
    }
    Ok(())
}

/// A registration row (selected with `RECORD_COLUMNS`), typed.
fn record_of(row: &Row) -> Result<super::RegistrationRecord, StoreError> {
    RawRecord {
        id: row.get(0),
        reference: row.get(1),
        idempotency_key: row.get(2),
        body_hash: row.get(3),
        status: row.get(4),
        office: row.get(5),
        email: row.get(6),
        lang: row.get(7),
        declaration_json: row.get(8),
        received_at_ms: row.get(9),
        confirmed_at_ms: row.get(10),
        withdrawn_at_ms: row.get(11),
    }
    .typed()
}

/// The registration whose `column` is `value`; with `lock`, its row locked until the
/// transaction ends (`FOR UPDATE`).
fn select_one(
    client: &mut impl GenericClient,
    column: &str,
    value: &str,
    lock: bool,
) -> Result<Option<super::RegistrationRecord>, StoreError> {
    let lock = if lock { " FOR UPDATE" } else { "" };
    let sql = format!("SELECT {RECORD_COLUMNS} FROM registrations WHERE {column} = $1{lock}");
    client
        .query_opt(&sql, &[&value])?
        .map(|row| record_of(&row))
        .transpose()
}

/// Takes the transaction-scoped advisory lock named `name` (held until commit or rollback).
fn lock_name(client: &mut impl GenericClient, name: &str) -> Result<(), StoreError> {
    client.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
        &[&name],
    )?;
    Ok(())
}

/// Whether `error` is a unique-constraint violation.
fn is_unique_violation(error: &postgres::Error) -> bool {
    error.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION)
}

#[cfg(test)]
mod tests;
