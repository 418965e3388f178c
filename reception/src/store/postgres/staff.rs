//! `StaffStore` on PostgreSQL: accounts, sessions (shared by every instance, so a login on one
//! is a session on all), the append-only audit log, the console's reads of registrations and
//! the office's decisions. The console's search folds text with `vssid_core::text::fold` in
//! the service (the one folding the app uses), on the rows of the offices and statuses asked.

use super::registrations::move_status;
use super::PgStore;
use crate::store::staff::{
    AddStaffOutcome, ApprovedRow, AuditEntry, AuditFilter, ConsolePage, ConsoleQuery, ConsoleRow,
    DecisionRow, DuplicateRow, LiveSession, LockoutPolicy, NewAuditEntry, NewDecision, NewSession,
    NewStaff, Role, SessionPolicy, StaffAccount, StaffStore, StatusCount,
};
use crate::store::StoreError;
use postgres::types::ToSql;
use postgres::{GenericClient, Row};
use vssid_core::api::{
    Decision, DecisionReason, InvalidTransition, RegistrationStatus, StatusChange,
};
use vssid_core::fields::FieldId;

const STAFF_COLUMNS: &str = "id, email, name, role, offices, password_hash, disabled, \
     failed_logins, locked_until_ms, created_at_ms, totp_secret, totp_last_step";

fn staff_of(row: &Row) -> Result<StaffAccount, StoreError> {
    let role: String = row.get(3);
    let offices: String = row.get(4);
    Ok(StaffAccount {
        id: row.get(0),
        email: row.get(1),
        name: row.get(2),
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?,
        offices: serde_json::from_str(&offices)
            .map_err(|_| StoreError::Corrupt(format!("offices {offices}")))?,
        password_hash: row.get(5),
        disabled: row.get(6),
        failed_logins: row.get::<_, i64>(7) as u32,
        locked_until_ms: row.get(8),
        created_at_ms: row.get(9),
        totp_secret: row.get(10),
        totp_last_step: row.get(11),
    })
}

fn staff_where(
    client: &mut impl GenericClient,
    condition: &str,
    value: &(dyn ToSql + Sync),
) -> Result<Option<StaffAccount>, StoreError> {
    let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE {condition}");
    client
        .query_opt(&sql, &[value])?
        .map(|row| staff_of(&row))
        .transpose()
}

fn status_of(text: &str, withdrawn_at_ms: Option<i64>) -> Result<RegistrationStatus, StoreError> {
    if withdrawn_at_ms.is_some() {
        return Ok(RegistrationStatus::Withdrawn);
    }
    RegistrationStatus::parse(text).ok_or_else(|| StoreError::Corrupt(format!("status {text}")))
}

/// The console list's conditions: $1 the offices, $2 the statuses (`withdrawn` stands for the
/// withdrawn ones).
const CONSOLE_WHERE: &str = "office = ANY($1) AND (CASE WHEN withdrawn_at_ms IS NOT NULL \
     THEN 'withdrawn' = ANY($2) ELSE status = ANY($2) END)";

/// Whether a console row matches the folded search text (reference, BHXH code, ID number or
/// name), as SQLite's `vssid_fold` search does.
fn matches_search(row: &Row, search: &str) -> bool {
    let fold = |text: Option<String>| vssid_core::text::fold(text.as_deref().unwrap_or(""));
    [
        Some(row.get::<_, String>(0)),
        row.get::<_, Option<String>>(7),
        row.get::<_, Option<String>>(8),
        row.get::<_, Option<String>>(3),
    ]
    .into_iter()
    .any(|field| fold(field).contains(search))
}

fn console_registrations(
    client: &mut postgres::Client,
    query: &ConsoleQuery,
) -> Result<ConsolePage, StoreError> {
    let statuses: Vec<&str> = query.statuses.iter().map(|s| s.as_str()).collect();
    let columns = "reference, status, office, declaration_json::jsonb ->> 'full_name', \
                   received_at_ms, confirmed_at_ms, withdrawn_at_ms, \
                   declaration_json::jsonb ->> 'bhxh_code', \
                   declaration_json::jsonb ->> 'person_id'";
    let order = "ORDER BY COALESCE(confirmed_at_ms, received_at_ms), reference";
    let (rows, total) = if query.search.is_empty() {
        let total: i64 = client
            .query_one(
                &format!("SELECT COUNT(*) FROM registrations WHERE {CONSOLE_WHERE}"),
                &[&query.offices, &statuses],
            )?
            .get(0);
        let rows = client.query(
            &format!(
                "SELECT {columns} FROM registrations WHERE {CONSOLE_WHERE} {order} \
                 LIMIT $3 OFFSET $4"
            ),
            &[
                &query.offices,
                &statuses,
                &(query.limit as i64),
                &(query.offset as i64),
            ],
        )?;
        (rows, total as u64)
    } else {
        let matching: Vec<Row> = client
            .query(
                &format!("SELECT {columns} FROM registrations WHERE {CONSOLE_WHERE} {order}"),
                &[&query.offices, &statuses],
            )?
            .into_iter()
            .filter(|row| matches_search(row, &query.search))
            .collect();
        let total = matching.len() as u64;
        let page = matching
            .into_iter()
            .skip(query.offset as usize)
            .take(query.limit as usize)
            .collect();
        (page, total)
    };
    let rows = rows
        .iter()
        .map(|row| {
            Ok(ConsoleRow {
                reference: row.get(0),
                status: status_of(&row.get::<_, String>(1), row.get(6))?,
                office: row.get(2),
                full_name: row.get::<_, Option<String>>(3).unwrap_or_default(),
                received_at_ms: row.get(4),
                confirmed_at_ms: row.get(5),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(ConsolePage { rows, total })
}

fn decide(
    client: &mut postgres::Client,
    registration_id: &str,
    new: &NewDecision,
) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError> {
    let mut transaction = client.transaction()?;
    let valid = &new.decision;
    let next = match move_status(
        &mut transaction,
        registration_id,
        StatusChange::Decided(valid.decision),
    )? {
        Some(Ok(next)) => next,
        refused_or_none => return Ok(refused_or_none),
    };
    let fields = serde_json::to_string(&valid.fields)
        .map_err(|e| StoreError::Corrupt(format!("fields: {e}")))?;
    transaction.execute(
        "INSERT INTO decisions (registration_id, at_ms, staff_id, decision, reason, note, \
         fields, account_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &registration_id,
            &new.at_ms,
            &new.staff_id,
            &valid.decision.as_str(),
            &valid.reason.as_str(),
            &valid.note,
            &fields,
            &valid.account_name,
        ],
    )?;
    transaction.commit()?;
    Ok(Some(Ok(next)))
}

fn decision_of(row: &Row) -> Result<DecisionRow, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("decision {what}"));
    let decision: String = row.get(3);
    let reason: String = row.get(4);
    let fields: String = row.get(6);
    Ok(DecisionRow {
        at_ms: row.get(0),
        staff_id: row.get(1),
        staff_name: row.get(2),
        decision: Decision::parse(&decision).ok_or_else(|| corrupt("word"))?,
        reason: DecisionReason::parse(&reason).ok_or_else(|| corrupt("reason"))?,
        note: row.get(5),
        fields: serde_json::from_str::<Vec<FieldId>>(&fields).map_err(|_| corrupt("fields"))?,
        account_name: row.get(7),
    })
}

/// Ends an account's sessions inside a change to the account.
fn end_sessions_of(client: &mut impl GenericClient, id: i64) -> Result<(), StoreError> {
    client.execute("DELETE FROM staff_sessions WHERE staff_id = $1", &[&id])?;
    Ok(())
}

impl StaffStore for PgStore {
    fn add_staff(&self, staff: &NewStaff) -> Result<AddStaffOutcome, StoreError> {
        let staff = staff.clone();
        self.run(move |client| {
            let offices = serde_json::to_string(&staff.offices)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            // The unique index on lower(email) decides between two concurrent adds.
            let added = client.query_opt(
                "INSERT INTO staff (email, name, role, offices, password_hash, created_at_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
                &[
                    &staff.email,
                    &staff.name,
                    &staff.role.as_str(),
                    &offices,
                    &staff.password_hash,
                    &staff.created_at_ms,
                ],
            )?;
            Ok(match added {
                Some(row) => AddStaffOutcome::Added(row.get(0)),
                None => AddStaffOutcome::EmailTaken,
            })
        })
    }

    fn staff_by_email(&self, email: &str) -> Result<Option<StaffAccount>, StoreError> {
        let email = email.trim().to_string();
        self.run(move |client| staff_where(client, "lower(email) = lower($1)", &email))
    }

    fn list_staff(&self) -> Result<Vec<StaffAccount>, StoreError> {
        self.run(|client| {
            client
                .query(
                    &format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY id"),
                    &[],
                )?
                .iter()
                .map(staff_of)
                .collect()
        })
    }

    fn disable_staff(&self, id: i64) -> Result<bool, StoreError> {
        self.run(move |client| {
            let mut transaction = client.transaction()?;
            let changed =
                transaction.execute("UPDATE staff SET disabled = TRUE WHERE id = $1", &[&id])?;
            end_sessions_of(&mut transaction, id)?;
            transaction.commit()?;
            Ok(changed == 1)
        })
    }

    fn enable_staff(&self, id: i64) -> Result<bool, StoreError> {
        self.run(move |client| {
            let changed = client.execute(
                "UPDATE staff SET disabled = FALSE, failed_logins = 0, locked_until_ms = NULL \
                 WHERE id = $1",
                &[&id],
            )?;
            Ok(changed == 1)
        })
    }

    fn set_staff_totp(&self, id: i64, secret: Option<&str>) -> Result<bool, StoreError> {
        let secret = secret.map(str::to_string);
        self.run(move |client| {
            let mut transaction = client.transaction()?;
            let changed = transaction.execute(
                "UPDATE staff SET totp_secret = $2, totp_last_step = NULL WHERE id = $1",
                &[&id, &secret],
            )?;
            end_sessions_of(&mut transaction, id)?;
            transaction.commit()?;
            Ok(changed == 1)
        })
    }

    fn use_totp_step(&self, id: i64, step: i64) -> Result<bool, StoreError> {
        // A conditional update: of two instances taking the same step, one changes the row.
        self.run(move |client| {
            let changed = client.execute(
                "UPDATE staff SET totp_last_step = $2 \
                 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
                &[&id, &step],
            )?;
            Ok(changed == 1)
        })
    }

    fn set_staff_password(&self, id: i64, password_hash: &str) -> Result<bool, StoreError> {
        let password_hash = password_hash.to_string();
        self.run(move |client| {
            let mut transaction = client.transaction()?;
            let changed = transaction.execute(
                "UPDATE staff SET password_hash = $2, failed_logins = 0, locked_until_ms = NULL \
                 WHERE id = $1",
                &[&id, &password_hash],
            )?;
            end_sessions_of(&mut transaction, id)?;
            transaction.commit()?;
            Ok(changed == 1)
        })
    }

    fn login_failed(
        &self,
        id: i64,
        now_ms: i64,
        policy: LockoutPolicy,
    ) -> Result<Option<i64>, StoreError> {
        self.run(move |client| {
            let mut transaction = client.transaction()?;
            // The increment locks the row until commit: failures on two instances add up.
            let Some(row) = transaction.query_opt(
                "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = $1 \
                 RETURNING failed_logins",
                &[&id],
            )?
            else {
                return Ok(None);
            };
            let lock_ms = policy.lock_ms(row.get::<_, i64>(0) as u32);
            let locked_until = (lock_ms > 0).then_some(now_ms + lock_ms);
            if let Some(until) = locked_until {
                transaction.execute(
                    "UPDATE staff SET locked_until_ms = $2 WHERE id = $1",
                    &[&id, &until],
                )?;
            }
            transaction.commit()?;
            Ok(locked_until)
        })
    }

    fn login_succeeded(&self, session: &NewSession) -> Result<(), StoreError> {
        let session = session.clone();
        self.run(move |client| {
            let mut transaction = client.transaction()?;
            transaction.execute(
                "UPDATE staff SET failed_logins = 0, locked_until_ms = NULL WHERE id = $1",
                &[&session.staff_id],
            )?;
            transaction.execute(
                "INSERT INTO staff_sessions \
                 (token_sha256, staff_id, csrf_token, created_at_ms, last_seen_ms) \
                 VALUES ($1, $2, $3, $4, $4)",
                &[
                    &session.token_sha256,
                    &session.staff_id,
                    &session.csrf_token,
                    &session.created_at_ms,
                ],
            )?;
            transaction.commit()?;
            Ok(())
        })
    }

    fn session(
        &self,
        token_sha256: &str,
        now_ms: i64,
        policy: SessionPolicy,
    ) -> Result<Option<LiveSession>, StoreError> {
        let token = token_sha256.to_string();
        self.run(move |client| {
            let mut transaction = client.transaction()?;
            let Some(row) = transaction.query_opt(
                "SELECT staff_id, csrf_token, created_at_ms, last_seen_ms \
                 FROM staff_sessions WHERE token_sha256 = $1 FOR UPDATE",
                &[&token],
            )?
            else {
                return Ok(None);
            };
            let (staff_id, csrf_token, created_at_ms, last_seen_ms): (i64, String, i64, i64) =
                (row.get(0), row.get(1), row.get(2), row.get(3));
            let account = staff_where(&mut transaction, "id = $1", &staff_id)?;
            let expired = now_ms - last_seen_ms >= policy.idle_ms
                || now_ms - created_at_ms >= policy.absolute_ms;
            match account {
                Some(account) if !expired && !account.disabled => {
                    transaction.execute(
                        "UPDATE staff_sessions SET last_seen_ms = $2 WHERE token_sha256 = $1",
                        &[&token, &now_ms.max(last_seen_ms)],
                    )?;
                    transaction.commit()?;
                    Ok(Some(LiveSession {
                        token_sha256: token,
                        csrf_token,
                        created_at_ms,
                        account,
                    }))
                }
                _ => {
                    transaction.execute(
                        "DELETE FROM staff_sessions WHERE token_sha256 = $1",
                        &[&token],
                    )?;
                    transaction.commit()?;
                    Ok(None)
                }
            }
        })
    }

    fn end_session(&self, token_sha256: &str) -> Result<bool, StoreError> {
        let token = token_sha256.to_string();
        self.run(move |client| {
            Ok(client.execute(
                "DELETE FROM staff_sessions WHERE token_sha256 = $1",
                &[&token],
            )? == 1)
        })
    }

    fn end_expired_sessions(&self, now_ms: i64, policy: SessionPolicy) -> Result<u64, StoreError> {
        self.run(move |client| {
            Ok(client.execute(
                "DELETE FROM staff_sessions WHERE last_seen_ms <= $1 OR created_at_ms <= $2",
                &[&(now_ms - policy.idle_ms), &(now_ms - policy.absolute_ms)],
            )?)
        })
    }

    fn append_audit(&self, entry: &NewAuditEntry) -> Result<i64, StoreError> {
        let entry = entry.clone();
        self.run(move |client| {
            Ok(client
                .query_one(
                    "INSERT INTO audit_log (at_ms, staff_id, action, reference, client, detail, \
                     office) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                    &[
                        &entry.at_ms,
                        &entry.staff_id,
                        &entry.action,
                        &entry.reference,
                        &entry.client,
                        &entry.detail,
                        &entry.office,
                    ],
                )?
                .get(0))
        })
    }

    fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let filter = filter.clone();
        self.run(move |client| {
            let rows = client.query(
                "SELECT id, at_ms, staff_id, action, reference, client, detail FROM audit_log \
                 WHERE ($1::text IS NULL OR reference = $1) \
                 AND ($2::bigint IS NULL OR staff_id = $2) \
                 AND ($3::bigint IS NULL OR at_ms >= $3) \
                 AND ($5::text[] IS NULL \
                      OR (office IS NOT NULL AND office = ANY($5)) \
                      OR (office IS NULL AND reference IS NOT NULL AND reference IN \
                          (SELECT reference FROM registrations WHERE office = ANY($5))) \
                      OR (office IS NULL AND reference IS NULL AND staff_id IN \
                          (SELECT staff.id FROM staff, \
                           jsonb_array_elements_text(staff.offices::jsonb) AS served \
                           WHERE served = ANY($5)))) \
                 ORDER BY id DESC LIMIT $4",
                &[
                    &filter.reference,
                    &filter.staff_id,
                    &filter.since_ms,
                    &(filter.limit as i64),
                    &filter.offices,
                ],
            )?;
            Ok(rows
                .iter()
                .map(|row| AuditEntry {
                    id: row.get(0),
                    at_ms: row.get(1),
                    staff_id: row.get(2),
                    action: row.get(3),
                    reference: row.get(4),
                    client: row.get(5),
                    detail: row.get(6),
                })
                .collect())
        })
    }

    fn console_registrations(&self, query: &ConsoleQuery) -> Result<ConsolePage, StoreError> {
        let query = query.clone();
        self.run(move |client| console_registrations(client, &query))
    }

    fn possible_duplicates(
        &self,
        reference: &str,
        bhxh_code: &str,
        person_id: &str,
    ) -> Result<Vec<DuplicateRow>, StoreError> {
        let (reference, bhxh_code, person_id) = (
            reference.to_string(),
            bhxh_code.to_string(),
            person_id.to_string(),
        );
        self.run(move |client| {
            client
                .query(
                    "SELECT reference, status, office, withdrawn_at_ms FROM registrations \
                     WHERE reference <> $1 AND withdrawn_at_ms IS NULL \
                     AND (($2 <> '' AND declaration_json::jsonb ->> 'bhxh_code' = $2) \
                       OR ($3 <> '' AND declaration_json::jsonb ->> 'person_id' = $3)) \
                     ORDER BY received_at_ms, reference",
                    &[&reference, &bhxh_code, &person_id],
                )?
                .iter()
                .map(|row| {
                    Ok(DuplicateRow {
                        reference: row.get(0),
                        status: status_of(&row.get::<_, String>(1), row.get(3))?,
                        office: row.get(2),
                    })
                })
                .collect()
        })
    }

    fn decide(
        &self,
        registration_id: &str,
        decision: &NewDecision,
    ) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError> {
        let (id, decision) = (registration_id.to_string(), decision.clone());
        self.run(move |client| decide(client, &id, &decision))
    }

    fn decisions(&self, registration_id: &str) -> Result<Vec<DecisionRow>, StoreError> {
        let id = registration_id.to_string();
        self.run(move |client| {
            client
                .query(
                    "SELECT d.at_ms, d.staff_id, s.name, d.decision, d.reason, d.note, \
                     d.fields, d.account_name FROM decisions d JOIN staff s ON s.id = d.staff_id \
                     WHERE d.registration_id = $1 ORDER BY d.id",
                    &[&id],
                )?
                .iter()
                .map(decision_of)
                .collect()
        })
    }

    fn status_counts(&self, offices: &[String]) -> Result<Vec<StatusCount>, StoreError> {
        let offices = offices.to_vec();
        self.run(move |client| {
            client
                .query(
                    "SELECT office, CASE WHEN withdrawn_at_ms IS NOT NULL THEN 'withdrawn' \
                     ELSE status END AS shown, COUNT(*), \
                     MIN(COALESCE(confirmed_at_ms, received_at_ms)) FROM registrations \
                     WHERE office = ANY($1) GROUP BY office, shown ORDER BY office, shown",
                    &[&offices],
                )?
                .iter()
                .map(|row| {
                    Ok(StatusCount {
                        office: row.get(0),
                        status: status_of(&row.get::<_, String>(1), None)?,
                        count: row.get::<_, i64>(2) as u64,
                        oldest_ms: row.get(3),
                    })
                })
                .collect()
        })
    }

    fn approved_between(
        &self,
        offices: &[String],
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<ApprovedRow>, StoreError> {
        let offices = offices.to_vec();
        self.run(move |client| {
            Ok(client
                .query(
                    "SELECT r.id, r.reference, r.office, r.email, r.declaration_json, d.at_ms, \
                     d.account_name, s.name FROM registrations r \
                     JOIN decisions d ON d.registration_id = r.id AND d.decision = 'approve' \
                     JOIN staff s ON s.id = d.staff_id \
                     WHERE r.office = ANY($1) \
                     AND r.status = 'approved' AND r.withdrawn_at_ms IS NULL \
                     AND d.at_ms >= $2 AND d.at_ms < $3 \
                     ORDER BY d.at_ms, r.reference",
                    &[&offices, &from_ms, &to_ms],
                )?
                .iter()
                .map(|row| ApprovedRow {
                    id: row.get(0),
                    reference: row.get(1),
                    office: row.get(2),
                    email: row.get(3),
                    declaration_json: row.get(4),
                    approved_at_ms: row.get(5),
                    account_name: row.get(6),
                    staff_name: row.get(7),
                })
                .collect())
        })
    }
}
