//! `RegistrationStore` on PostgreSQL: each operation one transaction (see `mod.rs` for how
//! each stays atomic across instances). Erasure (a withdrawal, a purge) runs `VACUUM` on the
//! tables it touched once committed, so the dead row versions holding the personal data are
//! reclaimed.

use super::{is_unique_violation, lock_name, select_one, PgStore};
use crate::store::otp_rules::{resend_refusal, verify_step, OtpRow, VerifyStep};
use crate::store::resubmissions::{NewResubmission, ResubmissionRecord, ResubmitOutcome};
use crate::store::{
    recipient_key, InsertOutcome, MailCap, NewRegistration, OtpOutcome, OtpPolicy, PhotoRecord,
    PurgeRules, Purged, RegistrationRecord, RegistrationStore, ResendOutcome, StoreError,
    WithdrawOutcome,
};
use postgres::{Client, GenericClient, Transaction};
use vssid_core::api::{
    next_status, InvalidTransition, PhotoSlot, RegistrationStatus, StatusChange,
};

/// The tables that hold a registration's personal data, vacuumed after an erasure.
const ERASED_TABLES: &str =
    "registrations, photos, replaced_photos, resubmissions, decisions, photo_files";

fn otp_row(client: &mut impl GenericClient, id: &str) -> Result<Option<OtpRow>, StoreError> {
    Ok(client
        .query_opt(
            "SELECT status, otp_hash, otp_sent_at_ms, otp_expires_at_ms, otp_failed_tries, \
             otp_resends, otp_wrong_total, email FROM registrations \
             WHERE id = $1 AND withdrawn_at_ms IS NULL FOR UPDATE",
            &[&id],
        )?
        .map(|row| OtpRow {
            status: row.get(0),
            otp_hash: row.get(1),
            sent_at_ms: row.get(2),
            expires_at_ms: row.get(3),
            failed_tries: row.get::<_, i64>(4) as u32,
            resends: row.get::<_, i64>(5) as u32,
            wrong_total: row.get::<_, i64>(6) as u32,
            email: row.get(7),
        }))
}

fn mails_logged_since(
    client: &mut impl GenericClient,
    key: &str,
    since_ms: i64,
) -> Result<u32, StoreError> {
    let count: i64 = client
        .query_one(
            "SELECT COUNT(*) FROM mail_log WHERE recipient_sha256 = $1 AND sent_at_ms > $2",
            &[&key, &since_ms],
        )?
        .get(0);
    Ok(count as u32)
}

/// Logs one e-mail to `email` if `cap` allows; the recipient's advisory lock makes the count
/// and the insert one step for every instance.
fn take_mail_slot(
    transaction: &mut Transaction<'_>,
    email: &str,
    now_ms: i64,
    cap: MailCap,
) -> Result<bool, StoreError> {
    let key = recipient_key(email);
    lock_name(transaction, &format!("mail:{key}"))?;
    if cap.max > 0 && mails_logged_since(transaction, &key, now_ms - cap.window_ms)? >= cap.max {
        return Ok(false);
    }
    transaction.execute(
        "INSERT INTO mail_log (recipient_sha256, sent_at_ms) VALUES ($1, $2)",
        &[&key, &now_ms],
    )?;
    Ok(true)
}

/// See `SqliteStore`'s `move_status`: the row locked, the move decided by `next_status`.
pub(super) fn move_status(
    transaction: &mut Transaction<'_>,
    id: &str,
    change: StatusChange,
) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError> {
    let Some(record) = select_one(transaction, "id", id, true)? else {
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
        "UPDATE registrations SET status = $2 WHERE id = $1",
        &[&id, &next.as_str()],
    )?;
    Ok(Some(Ok(next)))
}

fn insert(client: &mut Client, r: &NewRegistration) -> Result<InsertOutcome, StoreError> {
    let mut transaction = client.transaction()?;
    lock_name(&mut transaction, &format!("key:{}", r.idempotency_key))?;
    if let Some(existing) = select_one(
        &mut transaction,
        "idempotency_key",
        &r.idempotency_key,
        false,
    )? {
        return Ok(InsertOutcome::Existing(existing));
    }
    let taken: bool = transaction
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM registrations WHERE reference = $1)",
            &[&r.reference],
        )?
        .get(0);
    if taken {
        return Ok(InsertOutcome::ReferenceTaken);
    }
    if !take_mail_slot(&mut transaction, &r.email, r.received_at_ms, r.mail_cap)? {
        return Ok(InsertOutcome::RecipientCapReached);
    }
    let inserted = transaction.query_opt(
        "INSERT INTO registrations (id, reference, idempotency_key, body_hash, status, \
         office, email, lang, declaration_json, received_at_ms, otp_hash, \
         otp_sent_at_ms, otp_expires_at_ms, consent_notice_version, consent_accepted_at) \
         VALUES ($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9, $10, $9, $11, $12, $13) \
         ON CONFLICT DO NOTHING RETURNING id",
        &[
            &r.id,
            &r.reference,
            &r.idempotency_key,
            &r.body_hash,
            &r.office,
            &r.email,
            &r.lang.tag(),
            &r.declaration_json,
            &r.received_at_ms,
            &r.otp_hash,
            &r.otp_expires_at_ms,
            &r.consent_notice_version,
            &r.consent_accepted_at,
        ],
    )?;
    if inserted.is_none() {
        // Another unique value (the reference, or the id) was taken between our reads and
        // the insert: nothing is written; the key decides what the caller hears.
        drop(transaction);
        return Ok(
            match select_one(client, "idempotency_key", &r.idempotency_key, false)? {
                Some(existing) => InsertOutcome::Existing(existing),
                None => InsertOutcome::ReferenceTaken,
            },
        );
    }
    for photo in &r.photos {
        transaction.execute(
            "INSERT INTO photos (registration_id, slot, sha256, bytes, width, height) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &r.id,
                &photo.slot.part_name(),
                &photo.sha256,
                &(photo.bytes as i64),
                &(photo.width as i64),
                &(photo.height as i64),
            ],
        )?;
    }
    let record = select_one(&mut transaction, "id", &r.id, false)?
        .ok_or_else(|| StoreError::Corrupt("inserted row not found".into()))?;
    transaction.commit()?;
    Ok(InsertOutcome::Created(record))
}

fn photos(client: &mut Client, id: &str) -> Result<Vec<PhotoRecord>, StoreError> {
    let mut photos = client
        .query(
            "SELECT slot, sha256, bytes, width, height FROM photos WHERE registration_id = $1",
            &[&id],
        )?
        .iter()
        .map(|row| {
            let slot: String = row.get(0);
            Ok(PhotoRecord {
                slot: PhotoSlot::from_part_name(&slot)
                    .ok_or_else(|| StoreError::Corrupt(format!("slot {slot}")))?,
                sha256: row.get(1),
                bytes: row.get::<_, i64>(2) as u64,
                width: row.get::<_, i64>(3) as u32,
                height: row.get::<_, i64>(4) as u32,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    photos.sort_by_key(|p| PhotoSlot::ALL.iter().position(|s| *s == p.slot));
    Ok(photos)
}

fn verify_otp(
    client: &mut Client,
    id: &str,
    otp_hash: &str,
    now_ms: i64,
    policy: OtpPolicy,
) -> Result<OtpOutcome, StoreError> {
    let mut transaction = client.transaction()?;
    let Some(row) = otp_row(&mut transaction, id)? else {
        return Ok(OtpOutcome::NotFound);
    };
    match verify_step(&row, otp_hash, now_ms, policy)? {
        VerifyStep::Answer(outcome) => Ok(outcome),
        VerifyStep::Confirm => {
            transaction.execute(
                "UPDATE registrations SET status = 'confirmed', confirmed_at_ms = $2 \
                 WHERE id = $1",
                &[&id, &now_ms],
            )?;
            let record = select_one(&mut transaction, "id", id, false)?
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
                "UPDATE registrations SET otp_failed_tries = $2, otp_wrong_total = $3 \
                 WHERE id = $1",
                &[&id, &(failed_tries as i64), &(wrong_total as i64)],
            )?;
            transaction.commit()?;
            Ok(outcome)
        }
    }
}

fn replace_otp(
    client: &mut Client,
    id: &str,
    otp_hash: &str,
    now_ms: i64,
    expires_at_ms: i64,
    policy: OtpPolicy,
) -> Result<ResendOutcome, StoreError> {
    let mut transaction = client.transaction()?;
    let Some(row) = otp_row(&mut transaction, id)? else {
        return Ok(ResendOutcome::NotFound);
    };
    if let Some(refusal) = resend_refusal(&row, now_ms, policy) {
        return Ok(refusal);
    }
    if !take_mail_slot(&mut transaction, &row.email, now_ms, policy.mail_cap)? {
        return Ok(ResendOutcome::RecipientCapReached);
    }
    transaction.execute(
        "UPDATE registrations SET otp_hash = $2, otp_sent_at_ms = $3, \
         otp_expires_at_ms = $4, otp_failed_tries = 0, otp_resends = otp_resends + 1 \
         WHERE id = $1",
        &[&id, &otp_hash, &now_ms, &expires_at_ms],
    )?;
    let record = select_one(&mut transaction, "id", id, false)?
        .ok_or_else(|| StoreError::Corrupt("updated row not found".into()))?;
    transaction.commit()?;
    Ok(ResendOutcome::Replaced {
        record: Box::new(record),
        resends_left: policy.max_resends - row.resends - 1,
    })
}

fn withdraw(client: &mut Client, id: &str, now_ms: i64) -> Result<WithdrawOutcome, StoreError> {
    let mut transaction = client.transaction()?;
    let Some(record) = select_one(&mut transaction, "id", id, true)? else {
        return Ok(WithdrawOutcome::NotFound);
    };
    if record.withdrawn_at_ms.is_some() {
        return Ok(WithdrawOutcome::AlreadyWithdrawn(Box::new(record)));
    }
    let email = record.email.clone();
    let lang = record.lang;
    let hashes: Vec<String> = transaction
        .query(
            "SELECT sha256 FROM photos WHERE registration_id = $1 \
             UNION SELECT sha256 FROM replaced_photos WHERE registration_id = $1",
            &[&id],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect();
    transaction.execute("DELETE FROM photos WHERE registration_id = $1", &[&id])?;
    transaction.execute(
        "DELETE FROM replaced_photos WHERE registration_id = $1",
        &[&id],
    )?;
    transaction.execute(
        "UPDATE resubmissions SET changes = '{}' WHERE registration_id = $1",
        &[&id],
    )?;
    let unused_photos = unused(&mut transaction, hashes)?;
    transaction.execute(
        "UPDATE registrations SET email = '', declaration_json = '{}', body_hash = '', \
         otp_hash = '', withdrawn_at_ms = $2 WHERE id = $1",
        &[&id, &now_ms],
    )?;
    transaction.execute(
        "UPDATE decisions SET note = '', account_name = NULL WHERE registration_id = $1",
        &[&id],
    )?;
    transaction.commit()?;
    vacuum_erased(client)?;
    let record = select_one(client, "id", id, false)?
        .ok_or_else(|| StoreError::Corrupt("withdrawn row not found".into()))?;
    Ok(WithdrawOutcome::Withdrawn {
        record: Box::new(record),
        email,
        lang,
        unused_photos,
    })
}

/// Reclaims the dead row versions an erasure left (outside any transaction, as VACUUM must
/// run). What the write-ahead log already holds stays there until its segments are recycled.
pub(super) fn vacuum_erased(client: &mut Client) -> Result<(), StoreError> {
    client.batch_execute(&format!("VACUUM {ERASED_TABLES}"))?;
    Ok(())
}

fn purge(client: &mut Client, rules: PurgeRules) -> Result<Purged, StoreError> {
    let mut transaction = client.transaction()?;
    let mut doomed: Vec<(String, String)> = transaction
        .query(
            "SELECT id, reference FROM registrations \
             WHERE status = 'received' AND received_at_ms < $1 FOR UPDATE",
            &[&rules.unconfirmed_before_ms],
        )?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    if let Some(before) = rules.confirmed_before_ms {
        doomed.extend(
            transaction
                .query(
                    "SELECT id, reference FROM registrations WHERE status <> 'received' \
                     AND COALESCE(confirmed_at_ms, received_at_ms) < $1 FOR UPDATE",
                    &[&before],
                )?
                .iter()
                .map(|row| (row.get::<_, String>(0), row.get::<_, String>(1))),
        );
    }
    let ids: Vec<String> = doomed.iter().map(|(id, _)| id.clone()).collect();
    let mut references: Vec<String> = doomed.into_iter().map(|(_, r)| r).collect();
    references.sort();
    let candidates: Vec<String> = transaction
        .query(
            "SELECT DISTINCT sha256 FROM photos WHERE registration_id = ANY($1) \
             UNION SELECT sha256 FROM replaced_photos WHERE registration_id = ANY($1)",
            &[&ids],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect();
    for table in ["photos", "replaced_photos", "resubmissions"] {
        transaction.execute(
            &format!("DELETE FROM {table} WHERE registration_id = ANY($1)"),
            &[&ids],
        )?;
    }
    transaction.execute("DELETE FROM registrations WHERE id = ANY($1)", &[&ids])?;
    let unreferenced_photos = unused(&mut transaction, candidates)?;
    transaction.execute(
        "DELETE FROM mail_log WHERE sent_at_ms < $1",
        &[&rules.mail_log_before_ms],
    )?;
    transaction.commit()?;
    if !ids.is_empty() {
        vacuum_erased(client)?;
    }
    Ok(Purged {
        references,
        unreferenced_photos,
    })
}

/// The photos among `hashes` that no registration and no kept replaced photo uses.
pub(super) fn unused(
    client: &mut impl GenericClient,
    hashes: Vec<String>,
) -> Result<Vec<String>, StoreError> {
    let mut unused = Vec::new();
    for hash in hashes {
        let used: bool = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM photos WHERE sha256 = $1) \
                 OR EXISTS (SELECT 1 FROM replaced_photos WHERE sha256 = $1)",
                &[&hash],
            )?
            .get(0);
        if !used && !unused.contains(&hash) {
            unused.push(hash);
        }
    }
    Ok(unused)
}

const RESUBMISSION_COLUMNS: &str =
    "registration_id, idempotency_key, body_hash, at_ms, changes, photos";

fn resubmission_of(row: &postgres::Row) -> Result<ResubmissionRecord, StoreError> {
    let corrupt = |what: &str| StoreError::Corrupt(format!("resubmission {what}"));
    let changes: String = row.get(4);
    let photos: String = row.get(5);
    let photos: Vec<String> = serde_json::from_str(&photos).map_err(|_| corrupt("photos"))?;
    Ok(ResubmissionRecord {
        registration_id: row.get(0),
        idempotency_key: row.get(1),
        body_hash: row.get(2),
        at_ms: row.get(3),
        changes: serde_json::from_str(&changes).map_err(|_| corrupt("changes"))?,
        photos: photos
            .iter()
            .map(|slot| PhotoSlot::from_part_name(slot).ok_or_else(|| corrupt("slot")))
            .collect::<Result<_, _>>()?,
    })
}

fn find_resubmission(
    client: &mut impl GenericClient,
    idempotency_key: &str,
) -> Result<Option<ResubmissionRecord>, StoreError> {
    client
        .query_opt(
            &format!("SELECT {RESUBMISSION_COLUMNS} FROM resubmissions WHERE idempotency_key = $1"),
            &[&idempotency_key],
        )?
        .map(|row| resubmission_of(&row))
        .transpose()
}

fn resubmit(client: &mut Client, new: &NewResubmission) -> Result<ResubmitOutcome, StoreError> {
    let mut transaction = client.transaction()?;
    lock_name(
        &mut transaction,
        &format!("resubmission:{}", new.idempotency_key),
    )?;
    if let Some(existing) = find_resubmission(&mut transaction, &new.idempotency_key)? {
        return Ok(ResubmitOutcome::Existing(Box::new(existing)));
    }
    match move_status(
        &mut transaction,
        &new.registration_id,
        StatusChange::Resubmitted,
    )? {
        None => return Ok(ResubmitOutcome::NotFound),
        Some(Err(refused)) => return Ok(ResubmitOutcome::Refused(refused)),
        Some(Ok(_)) => {}
    }
    let slots: Vec<&str> = new.photos.iter().map(|p| p.slot.part_name()).collect();
    let slots = serde_json::to_string(&slots).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let resubmission_id: i64 = transaction
        .query_one(
            "INSERT INTO resubmissions (registration_id, idempotency_key, body_hash, at_ms, \
             changes, photos) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &new.registration_id,
                &new.idempotency_key,
                &new.body_hash,
                &new.at_ms,
                &new.changes_json,
                &slots,
            ],
        )?
        .get(0);
    transaction.execute(
        "UPDATE registrations SET declaration_json = $2 WHERE id = $1",
        &[&new.registration_id, &new.declaration_json],
    )?;
    for photo in &new.photos {
        let slot = photo.slot.part_name();
        let old: Option<String> = transaction
            .query_opt(
                "SELECT sha256 FROM photos WHERE registration_id = $1 AND slot = $2",
                &[&new.registration_id, &slot],
            )?
            .map(|row| row.get(0));
        if let Some(old) = old {
            transaction.execute(
                "INSERT INTO replaced_photos (registration_id, resubmission_id, slot, sha256) \
                 VALUES ($1, $2, $3, $4)",
                &[&new.registration_id, &resubmission_id, &slot, &old],
            )?;
        }
        transaction.execute(
            "INSERT INTO photos (registration_id, slot, sha256, bytes, width, height) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (registration_id, slot) DO UPDATE \
             SET sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes, width = EXCLUDED.width, \
             height = EXCLUDED.height",
            &[
                &new.registration_id,
                &slot,
                &photo.sha256,
                &(photo.bytes as i64),
                &(photo.width as i64),
                &(photo.height as i64),
            ],
        )?;
    }
    let record = select_one(&mut transaction, "id", &new.registration_id, false)?
        .ok_or_else(|| StoreError::Corrupt("resubmitted row not found".into()))?;
    transaction.commit()?;
    Ok(ResubmitOutcome::Stored(Box::new(record)))
}

fn release_replaced_photos(client: &mut Client) -> Result<Vec<String>, StoreError> {
    let mut transaction = client.transaction()?;
    let decided = "SELECT id FROM registrations \
                   WHERE status NOT IN ('confirmed', 'in_review', 'resubmitted')";
    let hashes: Vec<String> = transaction
        .query(
            &format!(
                "DELETE FROM replaced_photos WHERE registration_id IN ({decided}) \
                 RETURNING sha256"
            ),
            &[],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect();
    let unused = unused(&mut transaction, hashes)?;
    transaction.commit()?;
    Ok(unused)
}

impl RegistrationStore for PgStore {
    fn insert(&self, registration: &NewRegistration) -> Result<InsertOutcome, StoreError> {
        let registration = registration.clone();
        self.run(move |client| {
            insert(client, &registration).or_else(|error| match error {
                // The unique constraints are the last word: a race the locks did not
                // serialize ends as the record that won.
                StoreError::Postgres(e) if is_unique_violation(&e) => {
                    match select_one(
                        client,
                        "idempotency_key",
                        &registration.idempotency_key,
                        false,
                    )? {
                        Some(existing) => Ok(InsertOutcome::Existing(existing)),
                        None => Ok(InsertOutcome::ReferenceTaken),
                    }
                }
                other => Err(other),
            })
        })
    }

    fn find_by_key(&self, idempotency_key: &str) -> Result<Option<RegistrationRecord>, StoreError> {
        let key = idempotency_key.to_string();
        self.run(move |client| select_one(client, "idempotency_key", &key, false))
    }

    fn get(&self, id: &str) -> Result<Option<RegistrationRecord>, StoreError> {
        let id = id.to_string();
        self.run(move |client| select_one(client, "id", &id, false))
    }

    fn find_by_reference(&self, reference: &str) -> Result<Option<RegistrationRecord>, StoreError> {
        let reference = reference.to_string();
        self.run(move |client| select_one(client, "reference", &reference, false))
    }

    fn photos(&self, id: &str) -> Result<Vec<PhotoRecord>, StoreError> {
        let id = id.to_string();
        self.run(move |client| photos(client, &id))
    }

    fn verify_otp(
        &self,
        id: &str,
        otp_hash: &str,
        now_ms: i64,
        policy: OtpPolicy,
    ) -> Result<OtpOutcome, StoreError> {
        let (id, otp_hash) = (id.to_string(), otp_hash.to_string());
        self.run(move |client| verify_otp(client, &id, &otp_hash, now_ms, policy))
    }

    fn replace_otp(
        &self,
        id: &str,
        otp_hash: &str,
        now_ms: i64,
        expires_at_ms: i64,
        policy: OtpPolicy,
    ) -> Result<ResendOutcome, StoreError> {
        let (id, otp_hash) = (id.to_string(), otp_hash.to_string());
        self.run(move |client| replace_otp(client, &id, &otp_hash, now_ms, expires_at_ms, policy))
    }

    fn first_mail_written(&self, id: &str, now_ms: i64) -> Result<(), StoreError> {
        let id = id.to_string();
        self.run(move |client| {
            client.execute(
                "UPDATE registrations SET first_mail_at_ms = $2 \
                 WHERE id = $1 AND first_mail_at_ms IS NULL",
                &[&id, &now_ms],
            )?;
            Ok(())
        })
    }

    fn reissue_unsent_first_code(
        &self,
        id: &str,
        otp_hash: &str,
        now_ms: i64,
        expires_at_ms: i64,
    ) -> Result<Option<RegistrationRecord>, StoreError> {
        let (id, otp_hash) = (id.to_string(), otp_hash.to_string());
        self.run(move |client| {
            let sql = format!(
                "UPDATE registrations SET otp_hash = $2, otp_sent_at_ms = $3, \
                 otp_expires_at_ms = $4, otp_failed_tries = 0 \
                 WHERE id = $1 AND status = 'received' AND first_mail_at_ms IS NULL \
                 RETURNING {}",
                crate::store::record::RECORD_COLUMNS
            );
            client
                .query_opt(&sql, &[&id, &otp_hash, &now_ms, &expires_at_ms])?
                .map(|row| super::record_of(&row))
                .transpose()
        })
    }

    fn without_first_mail(&self) -> Result<Vec<String>, StoreError> {
        self.run(|client| {
            Ok(client
                .query(
                    "SELECT id FROM registrations WHERE status = 'received' \
                     AND first_mail_at_ms IS NULL AND withdrawn_at_ms IS NULL \
                     ORDER BY received_at_ms",
                    &[],
                )?
                .iter()
                .map(|row| row.get(0))
                .collect())
        })
    }

    fn change_status(
        &self,
        id: &str,
        change: StatusChange,
    ) -> Result<Option<Result<RegistrationStatus, InvalidTransition>>, StoreError> {
        let id = id.to_string();
        self.run(move |client| {
            let mut transaction = client.transaction()?;
            let moved = move_status(&mut transaction, &id, change)?;
            transaction.commit()?;
            Ok(moved)
        })
    }

    fn withdraw(&self, id: &str, now_ms: i64) -> Result<WithdrawOutcome, StoreError> {
        let id = id.to_string();
        self.run(move |client| withdraw(client, &id, now_ms))
    }

    fn count(&self) -> Result<u64, StoreError> {
        self.run(|client| {
            let n: i64 = client
                .query_one("SELECT COUNT(*) FROM registrations", &[])?
                .get(0);
            Ok(n as u64)
        })
    }

    fn mails_sent_since(&self, email: &str, since_ms: i64) -> Result<u32, StoreError> {
        let key = recipient_key(email);
        self.run(move |client| mails_logged_since(client, &key, since_ms))
    }

    fn purge(&self, rules: PurgeRules) -> Result<Purged, StoreError> {
        self.run(move |client| purge(client, rules))
    }

    fn photo_referenced(&self, sha256: &str) -> Result<bool, StoreError> {
        let sha256 = sha256.to_string();
        self.run(move |client| Ok(unused(client, vec![sha256])?.is_empty()))
    }

    fn resubmit(&self, new: &NewResubmission) -> Result<ResubmitOutcome, StoreError> {
        let new = new.clone();
        self.run(move |client| resubmit(client, &new))
    }

    fn find_resubmission(
        &self,
        idempotency_key: &str,
    ) -> Result<Option<ResubmissionRecord>, StoreError> {
        let key = idempotency_key.to_string();
        self.run(move |client| find_resubmission(client, &key))
    }

    fn resubmissions(&self, registration_id: &str) -> Result<Vec<ResubmissionRecord>, StoreError> {
        let id = registration_id.to_string();
        self.run(move |client| {
            client
                .query(
                    &format!(
                        "SELECT {RESUBMISSION_COLUMNS} FROM resubmissions \
                         WHERE registration_id = $1 ORDER BY id"
                    ),
                    &[&id],
                )?
                .iter()
                .map(resubmission_of)
                .collect()
        })
    }

    fn release_replaced_photos(&self) -> Result<Vec<String>, StoreError> {
        self.run(release_replaced_photos)
    }
}
