//! The SQLite store's own tests: migrations, idempotency, group commit, codes and resends.

use super::*;
use crate::store::MailCap;
use vssid_core::api::Decision;
use vssid_core::Lang;

const POLICY: OtpPolicy = OtpPolicy {
    max_tries: 3,
    resend_interval_ms: 60_000,
    max_resends: 2,
    max_wrong_total: 0,
    mail_cap: MailCap::NONE,
};

fn new_registration(id: &str, key: &str, reference: &str) -> NewRegistration {
    NewRegistration {
        id: id.into(),
        reference: reference.into(),
        idempotency_key: key.into(),
        body_hash: "h1".into(),
        office: "079".into(),
        email: "a@b.vn".into(),
        lang: Lang::En,
        declaration_json: "{}".into(),
        received_at_ms: 1_000,
        otp_hash: "otp-1".into(),
        otp_expires_at_ms: 601_000,
        photos: PhotoSlot::ALL
            .iter()
            .map(|slot| PhotoRecord {
                slot: *slot,
                sha256: format!("sha-{}", slot.part_name()),
                bytes: 10,
                width: 300,
                height: 400,
            })
            .collect(),
        mail_cap: MailCap::NONE,
        consent_notice_version: "2026-11-29".into(),
        consent_accepted_at: "1970-01-01T00:00:01Z".into(),
    }
}

#[test]
fn migrations_are_applied_once_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.applied_migrations().unwrap(),
        (1..=9).collect::<Vec<i64>>()
    );
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    drop(store);
    let reopened = SqliteStore::open(&path).unwrap();
    assert_eq!(
        reopened.applied_migrations().unwrap(),
        (1..=9).collect::<Vec<i64>>()
    );
    assert_eq!(reopened.count().unwrap(), 1);
}

#[test]
fn the_review_statuses_migration_keeps_every_row_and_reference() {
    // A database as the previous release left it (migrations 1 to 5), with a registration
    // and its photos.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    {
        let store = SqliteStore::open(&path).unwrap();
        store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
        drop(store);
        let connection = Connection::open(&path).unwrap();
        // Back to version 5 as far as the runner knows: 0006 is applied again and rebuilds
        // the registrations table under the photos that refer to it.
        connection
            .execute_batch("DROP TABLE decisions; DELETE FROM schema_migrations WHERE version = 6;")
            .unwrap();
        let photos: i64 = connection
            .query_row("SELECT COUNT(*) FROM photos", [], |row| row.get(0))
            .unwrap();
        assert!(photos > 0, "the sample registration has photos");
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.applied_migrations().unwrap(),
        (1..=9).collect::<Vec<i64>>()
    );
    assert_eq!(store.count().unwrap(), 1);
    assert_eq!(
        store.photos("r1").unwrap().len(),
        3,
        "photos still refer to it"
    );
    // The new words are allowed, and references are enforced again after the migration.
    assert_eq!(
        store
            .change_status("r1", StatusChange::CodeAccepted)
            .unwrap(),
        Some(Ok(RegistrationStatus::Confirmed))
    );
    assert_eq!(
        store
            .change_status("r1", StatusChange::ReviewStarted)
            .unwrap(),
        Some(Ok(RegistrationStatus::InReview))
    );
    let orphan = store.lock().unwrap().execute(
        "INSERT INTO photos (registration_id, slot, sha256, bytes, width, height) \
         VALUES ('nobody', 'portrait', 'x', 1, 1, 1)",
        [],
    );
    assert!(orphan.is_err(), "foreign keys are on again");
}

#[test]
fn one_record_per_idempotency_key() {
    let store = SqliteStore::in_memory().unwrap();
    let first = store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    assert!(matches!(first, InsertOutcome::Created(ref r) if r.id == "r1"));
    let second = store.insert(&new_registration("r2", "k1", "DK-2")).unwrap();
    assert!(matches!(second, InsertOutcome::Existing(ref r) if r.id == "r1"));
    let clash = store.insert(&new_registration("r3", "k3", "DK-1")).unwrap();
    assert_eq!(clash, InsertOutcome::ReferenceTaken);
    assert_eq!(store.count().unwrap(), 1);
    assert_eq!(store.photos("r1").unwrap().len(), 3);
    assert_eq!(store.find_by_key("k1").unwrap().unwrap().reference, "DK-1");
}

#[test]
fn concurrent_inserts_are_group_committed_and_keys_stay_unique() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(SqliteStore::open(&dir.path().join("db")).unwrap());
    let outcomes: Vec<InsertOutcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..16)
            .map(|i| {
                let store = store.clone();
                // Pairs of threads share a key: one creates, the other sees it.
                scope.spawn(move || {
                    store
                        .insert(&new_registration(
                            &format!("r{i}"),
                            &format!("k{}", i / 2),
                            &format!("DK-{i}"),
                        ))
                        .unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let created = outcomes
        .iter()
        .filter(|o| matches!(o, InsertOutcome::Created(_)))
        .count();
    assert_eq!(created, 8);
    assert_eq!(store.count().unwrap(), 8);
    for outcome in &outcomes {
        if let InsertOutcome::Existing(record) = outcome {
            let winner = store.find_by_key(&record.idempotency_key).unwrap().unwrap();
            assert_eq!(winner.id, record.id);
        }
    }
}

#[test]
fn otp_tries_expiry_and_confirmation() {
    let store = SqliteStore::in_memory().unwrap();
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    assert_eq!(
        store.verify_otp("r1", "bad", 2_000, POLICY).unwrap(),
        OtpOutcome::Wrong { tries_left: 2 }
    );
    assert_eq!(
        store.verify_otp("r1", "otp-1", 601_000, POLICY).unwrap(),
        OtpOutcome::Expired
    );
    let confirmed = store.verify_otp("r1", "otp-1", 3_000, POLICY).unwrap();
    assert!(matches!(confirmed, OtpOutcome::Confirmed(ref r)
        if r.status == RegistrationStatus::Confirmed && r.confirmed_at_ms == Some(3_000)));
    assert_eq!(
        store.verify_otp("r1", "otp-1", 3_000, POLICY).unwrap(),
        OtpOutcome::AlreadyConfirmed
    );
    assert_eq!(
        store.verify_otp("nope", "otp-1", 3_000, POLICY).unwrap(),
        OtpOutcome::NotFound
    );
}

#[test]
fn too_many_tries_then_a_new_code_resets_them() {
    let store = SqliteStore::in_memory().unwrap();
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    for left in [2, 1] {
        assert_eq!(
            store.verify_otp("r1", "bad", 2_000, POLICY).unwrap(),
            OtpOutcome::Wrong { tries_left: left }
        );
    }
    assert_eq!(
        store.verify_otp("r1", "bad", 2_000, POLICY).unwrap(),
        OtpOutcome::TooManyTries
    );
    assert_eq!(
        store.verify_otp("r1", "otp-1", 2_000, POLICY).unwrap(),
        OtpOutcome::TooManyTries
    );
    assert_eq!(
        store
            .replace_otp("r1", "otp-2", 30_000, 630_000, POLICY)
            .unwrap(),
        ResendOutcome::TooSoon {
            retry_after_ms: 31_000
        }
    );
    let replaced = store
        .replace_otp("r1", "otp-2", 61_000, 661_000, POLICY)
        .unwrap();
    assert!(matches!(
        replaced,
        ResendOutcome::Replaced {
            resends_left: 1,
            ..
        }
    ));
    assert!(matches!(
        store.verify_otp("r1", "otp-2", 62_000, POLICY).unwrap(),
        OtpOutcome::Confirmed(_)
    ));
}

#[test]
fn a_registration_without_its_first_mail_gets_a_fresh_code_once() {
    let store = SqliteStore::in_memory().unwrap();
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    store.insert(&new_registration("r2", "k2", "DK-2")).unwrap();
    store.first_mail_written("r2", 1_500).unwrap();
    assert_eq!(store.without_first_mail().unwrap(), vec!["r1".to_string()]);
    assert_eq!(
        store
            .reissue_unsent_first_code("r2", "otp-x", 2_000, 602_000)
            .unwrap(),
        None,
        "the code of a registration whose e-mail was written stays"
    );
    let reissued = store
        .reissue_unsent_first_code("r1", "otp-2", 2_000, 602_000)
        .unwrap()
        .expect("reissued");
    assert_eq!(reissued.id, "r1");
    assert_eq!(
        store.verify_otp("r1", "otp-1", 2_500, POLICY).unwrap(),
        OtpOutcome::Wrong { tries_left: 2 },
        "the code that was never sent no longer counts"
    );
    store.first_mail_written("r1", 2_100).unwrap();
    assert!(store.without_first_mail().unwrap().is_empty());
    assert_eq!(
        store
            .reissue_unsent_first_code("r1", "otp-3", 3_000, 603_000)
            .unwrap(),
        None
    );
    // The reissue spent none of the resends.
    assert!(matches!(
        store
            .replace_otp("r1", "otp-4", 62_000, 662_000, POLICY)
            .unwrap(),
        ResendOutcome::Replaced {
            resends_left: 1,
            ..
        }
    ));
    assert!(matches!(
        store.verify_otp("r1", "otp-4", 63_000, POLICY).unwrap(),
        OtpOutcome::Confirmed(_)
    ));
}

#[test]
fn resends_are_limited() {
    let store = SqliteStore::in_memory().unwrap();
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    let mut now = 1_000;
    for _ in 0..POLICY.max_resends {
        now += 60_000;
        assert!(matches!(
            store
                .replace_otp("r1", "x", now, now + 600_000, POLICY)
                .unwrap(),
            ResendOutcome::Replaced { .. }
        ));
    }
    assert_eq!(
        store
            .replace_otp("r1", "x", now + 60_000, now, POLICY)
            .unwrap(),
        ResendOutcome::LimitReached
    );
    // Not confirmed yet: no decision; once confirmed the office decides, once.
    let approve = StatusChange::Decided(Decision::Approve);
    assert!(matches!(
        store.change_status("r1", approve).unwrap(),
        Some(Err(InvalidTransition {
            from: RegistrationStatus::Received,
            ..
        }))
    ));
    assert_eq!(
        store
            .change_status("r1", StatusChange::CodeAccepted)
            .unwrap(),
        Some(Ok(RegistrationStatus::Confirmed))
    );
    assert_eq!(
        store.change_status("r1", approve).unwrap(),
        Some(Ok(RegistrationStatus::Approved))
    );
    assert!(matches!(
        store.change_status("r1", approve).unwrap(),
        Some(Err(InvalidTransition {
            from: RegistrationStatus::Approved,
            ..
        }))
    ));
    assert_eq!(store.change_status("zz", approve).unwrap(), None);
}

#[test]
fn nothing_is_written_back_to_a_withdrawn_registration() {
    use crate::store::resubmissions::{NewResubmission, ResubmitOutcome};
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("db.sqlite3")).unwrap();
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    // The office asked for changes; then the person withdrew (a resubmission or a decision
    // may still be on its way).
    store
        .lock()
        .unwrap()
        .execute(
            "UPDATE registrations SET status = 'changes_requested' WHERE id = 'r1'",
            [],
        )
        .unwrap();
    store.withdraw("r1", 2_000).unwrap();
    let outcome = store
        .resubmit(&NewResubmission {
            registration_id: "r1".into(),
            idempotency_key: "k2".into(),
            body_hash: "h".into(),
            at_ms: 3_000,
            declaration_json: r#"{"full_name":"Nguyễn Thị Ánh"}"#.into(),
            changes_json: "{}".into(),
            photos: Vec::new(),
        })
        .unwrap();
    assert!(matches!(outcome, ResubmitOutcome::NotFound), "{outcome:?}");
    let declaration: String = store
        .lock()
        .unwrap()
        .query_row(
            "SELECT declaration_json FROM registrations WHERE id = 'r1'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert!(!declaration.contains("Nguyễn"), "{declaration}");
}

#[test]
fn a_database_whose_migration_of_a_number_was_another_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(SqliteStore::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE schema_migrations SET name = '0007_resubmissions' WHERE version = 7",
            [],
        )
        .unwrap();
    let refused = SqliteStore::open(&path).err().expect("refused");
    let said = refused.to_string();
    assert!(
        said.contains("0007_resubmissions") && said.contains("0007_staff_totp"),
        "{said}"
    );
}

#[test]
fn an_account_printed_for_debugging_shows_no_secret() {
    use crate::store::staff::{Role, StaffAccount};
    let account = StaffAccount {
        id: 1,
        email: "lan@bhxh.example.vn".into(),
        name: "Trần Thị Lan".into(),
        role: Role::Reviewer,
        offices: vec!["079".into()],
        password_hash: "$argon2id$v=19$secret-hash".into(),
        disabled: false,
        failed_logins: 0,
        locked_until_ms: None,
        created_at_ms: 0,
        totp_secret: Some("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".into()),
        totp_last_step: None,
    };
    let printed = format!("{account:?}");
    assert!(printed.contains("lan@bhxh.example.vn"), "{printed}");
    assert!(
        !printed.contains("argon2") && !printed.contains("GEZDGNBV"),
        "{printed}"
    );
    assert!(printed.contains("second_factor: true"), "{printed}");
}
