//! Resubmissions in SQLite: stored with the new declaration, the photos swapped (the old ones
//! kept in `replaced_photos`) and the status move, in one transaction; the history read back;
//! the replaced photos let go once the office decided again.

use super::{move_status, select_one};
use crate::store::resubmissions::{NewResubmission, ResubmissionRecord, ResubmitOutcome};
use crate::store::StoreError;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use vssid_core::api::{PhotoSlot, StatusChange};

const COLUMNS: &str = "registration_id, idempotency_key, body_hash, at_ms, changes, photos";

fn read_row(
    row: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, String, String, i64, String, String)> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

fn record_of(
    (registration_id, idempotency_key, body_hash, at_ms, changes, photos): (
        String,
        String,
        String,
        i64,
        String,
        String,
    ),
) -> Result<ResubmissionRecord, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("resubmission {what}"));
    let changes = serde_json::from_str(&changes).map_err(|_| corrupt("changes"))?;
    let photos: Vec<String> = serde_json::from_str(&photos).map_err(|_| corrupt("photos"))?;
    let photos = photos
        .iter()
        .map(|slot| PhotoSlot::from_part_name(slot).ok_or_else(|| corrupt("slot")))
        .collect::<Result<_, _>>()?;
    Ok(ResubmissionRecord {
        registration_id,
        idempotency_key,
        body_hash,
        at_ms,
        changes,
        photos,
    })
}

/// See `RegistrationStore::find_resubmission`.
pub(super) fn find(
    connection: &Connection,
    idempotency_key: &str,
) -> Result<Option<ResubmissionRecord>, StoreError> {
    let row = connection
        .query_row(
            &format!("SELECT {COLUMNS} FROM resubmissions WHERE idempotency_key = ?1"),
            [idempotency_key],
            read_row,
        )
        .optional()?;
    row.map(record_of).transpose()
}

/// See `RegistrationStore::resubmissions`.
pub(super) fn history(
    connection: &Connection,
    registration_id: &str,
) -> Result<Vec<ResubmissionRecord>, StoreError> {
    let mut statement = connection.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM resubmissions WHERE registration_id = ?1 ORDER BY id"
    ))?;
    let rows = statement
        .query_map([registration_id], read_row)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(record_of).collect()
}

/// See `RegistrationStore::resubmit`.
pub(super) fn resubmit(
    connection: &mut Connection,
    new: &NewResubmission,
) -> Result<ResubmitOutcome, StoreError> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(existing) = find(&transaction, &new.idempotency_key)? {
        return Ok(ResubmitOutcome::Existing(Box::new(existing)));
    }
    match move_status(
        &transaction,
        &new.registration_id,
        StatusChange::Resubmitted,
    )? {
        None => return Ok(ResubmitOutcome::NotFound),
        Some(Err(refused)) => return Ok(ResubmitOutcome::Refused(refused)),
        Some(Ok(_)) => {}
    }
    let slots: Vec<&str> = new.photos.iter().map(|p| p.slot.part_name()).collect();
    let slots = serde_json::to_string(&slots).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    transaction.execute(
        "INSERT INTO resubmissions (registration_id, idempotency_key, body_hash, at_ms, \
         changes, photos) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            new.registration_id,
            new.idempotency_key,
            new.body_hash,
            new.at_ms,
            new.changes_json,
            slots
        ],
    )?;
    let resubmission_id = transaction.last_insert_rowid();
    transaction.execute(
        "UPDATE registrations SET declaration_json = ?2 WHERE id = ?1",
        params![new.registration_id, new.declaration_json],
    )?;
    for photo in &new.photos {
        let slot = photo.slot.part_name();
        let old: Option<String> = transaction
            .query_row(
                "SELECT sha256 FROM photos WHERE registration_id = ?1 AND slot = ?2",
                params![new.registration_id, slot],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(old) = old {
            transaction.execute(
                "INSERT INTO replaced_photos (registration_id, resubmission_id, slot, sha256) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![new.registration_id, resubmission_id, slot, old],
            )?;
        }
        transaction.execute(
            "INSERT OR REPLACE INTO photos (registration_id, slot, sha256, bytes, width, height) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new.registration_id,
                slot,
                photo.sha256,
                photo.bytes as i64,
                photo.width,
                photo.height
            ],
        )?;
    }
    let record = select_one(&transaction, "id", &new.registration_id)?
        .ok_or_else(|| StoreError::Corrupt("resubmitted row not found".into()))?;
    transaction.commit()?;
    Ok(ResubmitOutcome::Stored(Box::new(record)))
}

/// The photos (SHA-256) among `hashes` that no registration and no kept replaced photo uses.
pub(super) fn unused(
    connection: &Connection,
    hashes: Vec<String>,
) -> Result<Vec<String>, StoreError> {
    let mut used = connection.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM photos WHERE sha256 = ?1) \
         OR EXISTS (SELECT 1 FROM replaced_photos WHERE sha256 = ?1)",
    )?;
    let mut unused = Vec::new();
    for hash in hashes {
        if !used.query_row([&hash], |row| row.get::<_, bool>(0))? && !unused.contains(&hash) {
            unused.push(hash);
        }
    }
    Ok(unused)
}

/// See `RegistrationStore::release_replaced_photos`: the replaced photos of registrations the
/// office decided on since (no longer with the office) are let go.
pub(super) fn release(connection: &mut Connection) -> Result<Vec<String>, StoreError> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let decided = "SELECT id FROM registrations \
                   WHERE status NOT IN ('confirmed', 'in_review', 'resubmitted')";
    let hashes: Vec<String> = transaction
        .prepare(&format!(
            "SELECT sha256 FROM replaced_photos WHERE registration_id IN ({decided})"
        ))?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    transaction.execute(
        &format!("DELETE FROM replaced_photos WHERE registration_id IN ({decided})"),
        [],
    )?;
    let unused = unused(&transaction, hashes)?;
    transaction.commit()?;
    Ok(unused)
}
