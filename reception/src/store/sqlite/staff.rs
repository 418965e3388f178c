//! The staff store on SQLite: accounts, sessions, the append-only audit log (its triggers
//! refuse UPDATE and DELETE) and the console's reads of registrations (the name search folds
//! with `vssid_fold`, a function registered on the connection).

use super::SqliteStore;
use crate::store::staff::{
    AddStaffOutcome, ApprovedRow, AuditEntry, AuditFilter, ConsolePage, ConsoleQuery, ConsoleRow,
    DecisionRow, DuplicateRow, LiveSession, LockoutPolicy, NewAuditEntry, NewDecision, NewSession,
    NewStaff, Role, SessionPolicy, StaffAccount, StaffStore, StatusCount,
};
use crate::store::StoreError;
use rusqlite::functions::FunctionFlags;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use vssid_core::api::{InvalidTransition, RegistrationStatus};

const STAFF_COLUMNS: &str = "id, email, name, role, offices, password_hash, disabled, \
     failed_logins, locked_until_ms, created_at_ms, totp_secret, totp_last_step";

/// Registers `vssid_fold(text)`: `vssid_core::text::fold`, for the console's search.
pub(super) fn register_functions(connection: &Connection) -> rusqlite::Result<()> {
    connection.create_scalar_function(
        "vssid_fold",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(vssid_core::text::fold(text.as_deref().unwrap_or("")))
        },
    )
}

fn read_staff(row: &rusqlite::Row<'_>) -> rusqlite::Result<(StaffAccount, String, String)> {
    let role: String = row.get(3)?;
    let offices: String = row.get(4)?;
    Ok((
        StaffAccount {
            id: row.get(0)?,
            email: row.get(1)?,
            name: row.get(2)?,
            role: Role::Reviewer,
            offices: Vec::new(),
            password_hash: row.get(5)?,
            disabled: row.get(6)?,
            failed_logins: row.get(7)?,
            locked_until_ms: row.get(8)?,
            created_at_ms: row.get(9)?,
            totp_secret: row.get(10)?,
            totp_last_step: row.get(11)?,
        },
        role,
        offices,
    ))
}

fn typed_staff(
    (mut account, role, offices): (StaffAccount, String, String),
) -> Result<StaffAccount, StoreError> {
    account.role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?;
    account.offices = serde_json::from_str(&offices)
        .map_err(|_| StoreError::Corrupt(format!("offices {offices}")))?;
    Ok(account)
}

fn staff_where(
    connection: &Connection,
    condition: &str,
    value: &dyn rusqlite::ToSql,
) -> Result<Option<StaffAccount>, StoreError> {
    let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE {condition}");
    connection
        .prepare_cached(&sql)?
        .query_row([value], read_staff)
        .optional()?
        .map(typed_staff)
        .transpose()
}

fn status_of(text: &str, withdrawn_at_ms: Option<i64>) -> Result<RegistrationStatus, StoreError> {
    if withdrawn_at_ms.is_some() {
        return Ok(RegistrationStatus::Withdrawn);
    }
    RegistrationStatus::parse(text).ok_or_else(|| StoreError::Corrupt(format!("status {text}")))
}

/// The console list's conditions: ?1 the offices (JSON array), ?2 the statuses (JSON array;
/// `withdrawn` stands for the withdrawn ones), ?3 the folded search text.
const CONSOLE_WHERE: &str = "office IN (SELECT value FROM json_each(?1)) \
     AND (CASE WHEN withdrawn_at_ms IS NOT NULL \
          THEN 'withdrawn' IN (SELECT value FROM json_each(?2)) \
          ELSE status IN (SELECT value FROM json_each(?2)) END) \
     AND (?3 = '' \
          OR instr(vssid_fold(reference), ?3) > 0 \
          OR instr(vssid_fold(json_extract(declaration_json, '$.bhxh_code')), ?3) > 0 \
          OR instr(vssid_fold(json_extract(declaration_json, '$.person_id')), ?3) > 0 \
          OR instr(vssid_fold(json_extract(declaration_json, '$.full_name')), ?3) > 0)";

impl StaffStore for SqliteStore {
    fn add_staff(&self, staff: &NewStaff) -> Result<AddStaffOutcome, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if staff_where(&transaction, "email = ?1", &staff.email)?.is_some() {
            return Ok(AddStaffOutcome::EmailTaken);
        }
        let offices = serde_json::to_string(&staff.offices)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        transaction.execute(
            "INSERT INTO staff (email, name, role, offices, password_hash, created_at_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                staff.email,
                staff.name,
                staff.role.as_str(),
                offices,
                staff.password_hash,
                staff.created_at_ms
            ],
        )?;
        let id = transaction.last_insert_rowid();
        transaction.commit()?;
        Ok(AddStaffOutcome::Added(id))
    }

    fn staff_by_email(&self, email: &str) -> Result<Option<StaffAccount>, StoreError> {
        staff_where(&*self.lock()?, "email = ?1", &email.trim())
    }

    fn list_staff(&self) -> Result<Vec<StaffAccount>, StoreError> {
        let connection = self.lock()?;
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY id");
        let raw = connection
            .prepare(&sql)?
            .query_map([], read_staff)?
            .collect::<Result<Vec<_>, _>>()?;
        raw.into_iter().map(typed_staff).collect()
    }

    fn disable_staff(&self, id: i64) -> Result<bool, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = transaction.execute("UPDATE staff SET disabled = 1 WHERE id = ?1", [id])?;
        transaction.execute("DELETE FROM staff_sessions WHERE staff_id = ?1", [id])?;
        transaction.commit()?;
        Ok(changed == 1)
    }

    fn enable_staff(&self, id: i64) -> Result<bool, StoreError> {
        let changed = self.lock()?.execute(
            "UPDATE staff SET disabled = 0, failed_logins = 0, locked_until_ms = NULL \
             WHERE id = ?1",
            [id],
        )?;
        Ok(changed == 1)
    }

    fn set_staff_totp(&self, id: i64, secret: Option<&str>) -> Result<bool, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = transaction.execute(
            "UPDATE staff SET totp_secret = ?2, totp_last_step = NULL WHERE id = ?1",
            params![id, secret],
        )?;
        transaction.execute("DELETE FROM staff_sessions WHERE staff_id = ?1", [id])?;
        transaction.commit()?;
        Ok(changed == 1)
    }

    fn use_totp_step(&self, id: i64, step: i64) -> Result<bool, StoreError> {
        let changed = self.lock()?.execute(
            "UPDATE staff SET totp_last_step = ?2 \
             WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
            params![id, step],
        )?;
        Ok(changed == 1)
    }

    fn set_staff_password(&self, id: i64, password_hash: &str) -> Result<bool, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = transaction.execute(
            "UPDATE staff SET password_hash = ?2, failed_logins = 0, locked_until_ms = NULL \
             WHERE id = ?1",
            params![id, password_hash],
        )?;
        transaction.execute("DELETE FROM staff_sessions WHERE staff_id = ?1", [id])?;
        transaction.commit()?;
        Ok(changed == 1)
    }

    fn login_failed(
        &self,
        id: i64,
        now_ms: i64,
        policy: LockoutPolicy,
    ) -> Result<Option<i64>, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(failures) = transaction
            .query_row(
                "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = ?1 \
                 RETURNING failed_logins",
                [id],
                |row| row.get::<_, u32>(0),
            )
            .optional()?
        else {
            return Ok(None);
        };
        let lock_ms = policy.lock_ms(failures);
        let locked_until = (lock_ms > 0).then_some(now_ms + lock_ms);
        if let Some(until) = locked_until {
            transaction.execute(
                "UPDATE staff SET locked_until_ms = ?2 WHERE id = ?1",
                params![id, until],
            )?;
        }
        transaction.commit()?;
        Ok(locked_until)
    }

    fn login_succeeded(&self, session: &NewSession) -> Result<(), StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute(
            "UPDATE staff SET failed_logins = 0, locked_until_ms = NULL WHERE id = ?1",
            [session.staff_id],
        )?;
        transaction.execute(
            "INSERT INTO staff_sessions \
             (token_sha256, staff_id, csrf_token, created_at_ms, last_seen_ms) \
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![
                session.token_sha256,
                session.staff_id,
                session.csrf_token,
                session.created_at_ms
            ],
        )?;
        transaction.commit()?;
        Ok(())
    }

    fn session(
        &self,
        token_sha256: &str,
        now_ms: i64,
        policy: SessionPolicy,
    ) -> Result<Option<LiveSession>, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some((staff_id, csrf_token, created_at_ms, last_seen_ms)) = transaction
            .prepare_cached(
                "SELECT staff_id, csrf_token, created_at_ms, last_seen_ms \
                 FROM staff_sessions WHERE token_sha256 = ?1",
            )?
            .query_row([token_sha256], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                ))
            })
            .optional()?
        else {
            return Ok(None);
        };
        let account = staff_where(&transaction, "id = ?1", &staff_id)?;
        let expired =
            now_ms - last_seen_ms >= policy.idle_ms || now_ms - created_at_ms >= policy.absolute_ms;
        match account {
            Some(account) if !expired && !account.disabled => {
                transaction.execute(
                    "UPDATE staff_sessions SET last_seen_ms = ?2 WHERE token_sha256 = ?1",
                    params![token_sha256, now_ms.max(last_seen_ms)],
                )?;
                transaction.commit()?;
                Ok(Some(LiveSession {
                    token_sha256: token_sha256.to_string(),
                    csrf_token,
                    created_at_ms,
                    account,
                }))
            }
            _ => {
                transaction.execute(
                    "DELETE FROM staff_sessions WHERE token_sha256 = ?1",
                    [token_sha256],
                )?;
                transaction.commit()?;
                Ok(None)
            }
        }
    }

    fn end_session(&self, token_sha256: &str) -> Result<bool, StoreError> {
        let changed = self.lock()?.execute(
            "DELETE FROM staff_sessions WHERE token_sha256 = ?1",
            [token_sha256],
        )?;
        Ok(changed == 1)
    }

    fn end_expired_sessions(&self, now_ms: i64, policy: SessionPolicy) -> Result<u64, StoreError> {
        let changed = self.lock()?.execute(
            "DELETE FROM staff_sessions WHERE last_seen_ms <= ?1 OR created_at_ms <= ?2",
            params![now_ms - policy.idle_ms, now_ms - policy.absolute_ms],
        )?;
        Ok(changed as u64)
    }

    fn append_audit(&self, entry: &NewAuditEntry) -> Result<i64, StoreError> {
        let connection = self.lock()?;
        connection
            .prepare_cached(
                "INSERT INTO audit_log (at_ms, staff_id, action, reference, client, detail, \
                 office) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                entry.at_ms,
                entry.staff_id,
                entry.action,
                entry.reference,
                entry.client,
                entry.detail,
                entry.office
            ])?;
        Ok(connection.last_insert_rowid())
    }

    fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let offices = filter
            .offices
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let connection = self.lock()?;
        let mut statement = connection.prepare_cached(
            "SELECT id, at_ms, staff_id, action, reference, client, detail FROM audit_log \
             WHERE (?1 IS NULL OR reference = ?1) AND (?2 IS NULL OR staff_id = ?2) \
             AND (?3 IS NULL OR at_ms >= ?3) \
             AND (?5 IS NULL \
                  OR (office IS NOT NULL AND office IN (SELECT value FROM json_each(?5))) \
                  OR (office IS NULL AND reference IS NOT NULL AND reference IN \
                      (SELECT reference FROM registrations \
                       WHERE office IN (SELECT value FROM json_each(?5)))) \
                  OR (office IS NULL AND reference IS NULL AND staff_id IN \
                      (SELECT staff.id FROM staff, json_each(staff.offices) AS served \
                       WHERE served.value IN (SELECT value FROM json_each(?5))))) \
             ORDER BY id DESC LIMIT ?4",
        )?;
        let entries = statement
            .query_map(
                params![
                    filter.reference,
                    filter.staff_id,
                    filter.since_ms,
                    filter.limit,
                    offices
                ],
                |row| {
                    Ok(AuditEntry {
                        id: row.get(0)?,
                        at_ms: row.get(1)?,
                        staff_id: row.get(2)?,
                        action: row.get(3)?,
                        reference: row.get(4)?,
                        client: row.get(5)?,
                        detail: row.get(6)?,
                    })
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(entries)
    }

    fn console_registrations(&self, query: &ConsoleQuery) -> Result<ConsolePage, StoreError> {
        let connection = self.lock()?;
        let offices = serde_json::to_string(&query.offices)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let statuses: Vec<&str> = query.statuses.iter().map(|s| s.as_str()).collect();
        let status =
            serde_json::to_string(&statuses).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let total: i64 = connection
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM registrations WHERE {CONSOLE_WHERE}"
            ))?
            .query_row(params![offices, status, query.search], |row| row.get(0))?;
        let raw = connection
            .prepare_cached(&format!(
                "SELECT reference, status, office, \
                 COALESCE(json_extract(declaration_json, '$.full_name'), ''), \
                 received_at_ms, confirmed_at_ms, withdrawn_at_ms \
                 FROM registrations WHERE {CONSOLE_WHERE} \
                 ORDER BY COALESCE(confirmed_at_ms, received_at_ms), reference \
                 LIMIT ?4 OFFSET ?5"
            ))?
            .query_map(
                params![offices, status, query.search, query.limit, query.offset],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, i64>(4)?,
                        row.get::<_, Option<i64>>(5)?,
                        row.get::<_, Option<i64>>(6)?,
                    ))
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let rows = raw
            .into_iter()
            .map(
                |(reference, status, office, full_name, received, confirmed, withdrawn)| {
                    Ok(ConsoleRow {
                        reference,
                        status: status_of(&status, withdrawn)?,
                        office,
                        full_name,
                        received_at_ms: received,
                        confirmed_at_ms: confirmed,
                    })
                },
            )
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(ConsolePage {
            rows,
            total: total as u64,
        })
    }

    fn possible_duplicates(
        &self,
        reference: &str,
        bhxh_code: &str,
        person_id: &str,
    ) -> Result<Vec<DuplicateRow>, StoreError> {
        let connection = self.lock()?;
        let raw = connection
            .prepare_cached(
                "SELECT reference, status, office, withdrawn_at_ms FROM registrations \
                 WHERE reference <> ?1 AND withdrawn_at_ms IS NULL \
                 AND ((?2 <> '' AND json_extract(declaration_json, '$.bhxh_code') = ?2) \
                   OR (?3 <> '' AND json_extract(declaration_json, '$.person_id') = ?3)) \
                 ORDER BY received_at_ms, reference",
            )?
            .query_map(params![reference, bhxh_code, person_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, Option<i64>>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        raw.into_iter()
            .map(|(reference, status, office, withdrawn)| {
                Ok(DuplicateRow {
                    reference,
                    status: status_of(&status, withdrawn)?,
                    office,
                })
            })
            .collect()
    }

    fn decide(
        &self,
        registration_id: &str,
        decision: &NewDecision,
    ) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError> {
        super::decisions::decide(&mut *self.lock()?, registration_id, decision)
    }

    fn decisions(&self, registration_id: &str) -> Result<Vec<DecisionRow>, StoreError> {
        super::decisions::decisions(&*self.lock()?, registration_id)
    }

    fn status_counts(&self, offices: &[String]) -> Result<Vec<StatusCount>, StoreError> {
        let connection = self.lock()?;
        let offices =
            serde_json::to_string(offices).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let raw = connection
            .prepare_cached(
                "SELECT office, CASE WHEN withdrawn_at_ms IS NOT NULL THEN 'withdrawn' \
                 ELSE status END AS shown, COUNT(*), \
                 MIN(COALESCE(confirmed_at_ms, received_at_ms)) FROM registrations \
                 WHERE office IN (SELECT value FROM json_each(?1)) \
                 GROUP BY office, shown ORDER BY office, shown",
            )?
            .query_map([offices], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, i64>(3)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        raw.into_iter()
            .map(|(office, status, count, oldest_ms)| {
                Ok(StatusCount {
                    office,
                    status: status_of(&status, None)?,
                    count: count as u64,
                    oldest_ms,
                })
            })
            .collect()
    }

    fn approved_between(
        &self,
        offices: &[String],
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<ApprovedRow>, StoreError> {
        let connection = self.lock()?;
        let offices =
            serde_json::to_string(offices).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let rows = connection
            .prepare_cached(
                "SELECT r.id, r.reference, r.office, r.email, r.declaration_json, d.at_ms, \
                 d.account_name, s.name FROM registrations r \
                 JOIN decisions d ON d.registration_id = r.id AND d.decision = 'approve' \
                 JOIN staff s ON s.id = d.staff_id \
                 WHERE r.office IN (SELECT value FROM json_each(?1)) \
                 AND r.status = 'approved' AND r.withdrawn_at_ms IS NULL \
                 AND d.at_ms >= ?2 AND d.at_ms < ?3 \
                 ORDER BY d.at_ms, r.reference",
            )?
            .query_map(params![offices, from_ms, to_ms], |row| {
                Ok(ApprovedRow {
                    id: row.get(0)?,
                    reference: row.get(1)?,
                    office: row.get(2)?,
                    email: row.get(3)?,
                    declaration_json: row.get(4)?,
                    approved_at_ms: row.get(5)?,
                    account_name: row.get(6)?,
                    staff_name: row.get(7)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
