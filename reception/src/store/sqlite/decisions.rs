//! The office's decisions in SQLite: recorded with the status move in one transaction, and
//! read back for the registration's history.

use super::move_status;
use crate::store::staff::{DecisionRow, NewDecision};
use crate::store::StoreError;
use rusqlite::{params, Connection, TransactionBehavior};
use vssid_core::api::{
    Decision, DecisionReason, InvalidTransition, RegistrationStatus, StatusChange,
};
use vssid_core::fields::FieldId;

/// See `StaffStore::decide`.
pub(super) fn decide(
    connection: &mut Connection,
    registration_id: &str,
    new: &NewDecision,
) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let valid = &new.decision;
    let next = match move_status(
        &transaction,
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
         fields, account_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            registration_id,
            new.at_ms,
            new.staff_id,
            valid.decision.as_str(),
            valid.reason.as_str(),
            valid.note,
            fields,
            valid.account_name,
        ],
    )?;
    transaction.commit()?;
    Ok(Some(Ok(next)))
}

/// See `StaffStore::decisions`.
pub(super) fn decisions(
    connection: &Connection,
    registration_id: &str,
) -> Result<Vec<DecisionRow>, StoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT d.at_ms, d.staff_id, s.name, d.decision, d.reason, d.note, d.fields, \
         d.account_name FROM decisions d JOIN staff s ON s.id = d.staff_id \
         WHERE d.registration_id = ?1 ORDER BY d.id",
    )?;
    let rows = statement
        .query_map([registration_id], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, Option<String>>(7)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(at_ms, staff_id, staff_name, decision, reason, note, fields, account_name)| {
                let corrupt = |what: &str| StoreError::Corrupt(format!("decision {what}"));
                let decision = Decision::parse(&decision).ok_or_else(|| corrupt("word"))?;
                let reason = DecisionReason::parse(&reason).ok_or_else(|| corrupt("reason"))?;
                let fields: Vec<FieldId> =
                    serde_json::from_str(&fields).map_err(|_| corrupt("fields"))?;
                Ok(DecisionRow {
                    at_ms,
                    staff_id,
                    staff_name,
                    decision,
                    reason,
                    note,
                    fields,
                    account_name,
                })
            },
        )
        .collect()
}
