//! The PostgreSQL store's own tests (the contract every store passes is in
//! `store/contract.rs`): migrations once, under the lock, with the name check; the audit log
//! refusing changes; erasure vacuumed.

use super::PgStore;
use crate::store::migrations::MIGRATIONS;
use crate::store::staff::{NewAuditEntry, StaffStore};
use crate::store::StoreError;

fn database() -> Option<String> {
    vssid_testkit::postgres::fresh_database()
}

#[test]
fn migrations_are_applied_once_even_by_instances_starting_together() {
    let Some(url) = database() else { return };
    let stores: Vec<PgStore> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| PgStore::connect(&url, 1).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let all: Vec<i64> = MIGRATIONS.iter().map(|m| m.version).collect();
    for store in &stores {
        assert_eq!(store.applied_migrations().unwrap(), all);
    }
    let recorded: i64 = stores[0]
        .run(|client| {
            Ok(client
                .query_one("SELECT COUNT(*) FROM schema_migrations", &[])?
                .get(0))
        })
        .unwrap();
    assert_eq!(recorded, all.len() as i64);
    drop(stores);
    assert_eq!(
        PgStore::connect(&url, 1)
            .unwrap()
            .applied_migrations()
            .unwrap(),
        all
    );
}

#[test]
fn a_database_whose_migration_of_a_number_was_another_is_refused() {
    let Some(url) = database() else { return };
    let store = PgStore::connect(&url, 1).unwrap();
    store
        .run(|client| {
            client.execute(
                "UPDATE schema_migrations SET name = '0007_resubmissions' WHERE version = 7",
                &[],
            )?;
            Ok(())
        })
        .unwrap();
    drop(store);
    let refused = PgStore::connect(&url, 1).err().expect("refused");
    let said = refused.to_string();
    assert!(
        said.contains("0007_resubmissions") && said.contains("0007_staff_totp"),
        "{said}"
    );
}

#[test]
fn the_audit_log_refuses_every_change() {
    let Some(url) = database() else { return };
    let store = PgStore::connect(&url, 1).unwrap();
    store
        .append_audit(&NewAuditEntry {
            at_ms: 1,
            staff_id: None,
            action: "login".into(),
            reference: None,
            client: "cli".into(),
            detail: String::new(),
            office: None,
        })
        .unwrap();
    for sql in [
        "UPDATE audit_log SET detail = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ] {
        let refused = store.run(move |client| Ok(client.batch_execute(sql)?));
        match refused {
            Err(StoreError::Postgres(error)) => {
                assert!(
                    format!("{error:?}").contains("append-only"),
                    "{sql}: {error:?}"
                )
            }
            other => panic!("{sql}: {other:?}"),
        }
    }
}

/// Whether any row version (live, or dead and not yet vacuumed) in the `registrations`
/// table's pages holds `text`, as `pageinspect` reads the pages.
fn any_row_version_holds(store: &PgStore, text: &'static str) -> bool {
    store
        .run(move |client| {
            client.batch_execute("CREATE EXTENSION IF NOT EXISTS pageinspect")?;
            let blocks: i64 = client
                .query_one(
                    "SELECT pg_relation_size('registrations') / \
                     current_setting('block_size')::bigint",
                    &[],
                )?
                .get(0);
            let mut found = false;
            for block in 0..blocks {
                found |= client
                    .query_one(
                        "SELECT COALESCE(bool_or(position($2::bytea IN t_data) > 0), false) \
                         FROM heap_page_items(get_raw_page('registrations', $1::int))",
                        &[&(block as i32), &text.as_bytes()],
                    )?
                    .get::<_, bool>(0);
            }
            Ok(found)
        })
        .unwrap()
}

#[test]
fn a_withdrawal_leaves_no_row_version_with_the_address() {
    use crate::store::RegistrationStore;
    let Some(url) = database() else { return };
    let store = PgStore::connect(&url, 1).unwrap();
    const ADDRESS: &str = "nguyen.thi.anh.withdrawn@example.vn";
    let mut registration = crate::store::contract::new_registration("r1", "k1", "DK-1");
    registration.email = ADDRESS.into();
    store.insert(&registration).unwrap();
    assert!(
        any_row_version_holds(&store, ADDRESS),
        "the row holds it before"
    );
    store.withdraw("r1", 2_000).unwrap();
    // The UPDATE left the old version dead in the page; the VACUUM after the withdrawal
    // reclaimed it. (Its bytes may remain in the page's free space until overwritten, and in
    // the write-ahead log until recycled: reception/README.md says so.)
    assert!(
        !any_row_version_holds(&store, ADDRESS),
        "no live or dead row version holds the address"
    );
}

#[test]
fn connections_cut_by_a_database_restart_are_opened_again() {
    use crate::store::RegistrationStore;
    let Some(bin) = vssid_testkit::postgres::server_binaries() else {
        // `shared()` prints the skip line (and fails under CI=true).
        assert!(vssid_testkit::postgres::shared().is_none());
        return;
    };
    let server = vssid_testkit::postgres::PgServer::start(&bin).unwrap();
    let store = PgStore::connect(&server.create_database(), 2).unwrap();
    store
        .insert(&crate::store::contract::new_registration(
            "r1", "k1", "DK-1",
        ))
        .unwrap();
    server.restart().unwrap();
    // An operation on a cut connection may fail once (the client may retry it: every write
    // is idempotent by key); the connection is then opened again.
    let counts: Vec<_> = (0..4).map(|_| store.count().ok()).collect();
    assert_eq!(counts.last(), Some(&Some(1)), "{counts:?}");
    assert!(
        counts.iter().filter(|c| c.is_none()).count() <= 2,
        "at most one failure per connection: {counts:?}"
    );
}
