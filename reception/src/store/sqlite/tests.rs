//! The SQLite store's own tests: migrations, group commit, erasure of a withdrawn registration
//! (the contract every store passes is in `store/contract.rs`).

use super::*;
use crate::store::contract::new_registration;

#[test]
fn migrations_are_applied_once_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.applied_migrations().unwrap(),
        (1..=10).collect::<Vec<i64>>()
    );
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    drop(store);
    let reopened = SqliteStore::open(&path).unwrap();
    assert_eq!(
        reopened.applied_migrations().unwrap(),
        (1..=10).collect::<Vec<i64>>()
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
        (1..=10).collect::<Vec<i64>>()
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
