//! Two instances, one truth: two service processes (the real binary) on one PostgreSQL
//! database (a real server the tests start), each with its own data directory and nothing
//! shared but the database. A registration sent to A and retried on B with its key is one
//! record; its code, mailed by A, is confirmed on B; the per-recipient cap of e-mails counts
//! what both sent; the photos are in the database, and erased from it.

use crate::common::{client_for, decode_mail_body, otp_in};
use crate::support::service::ServiceProcess;
use std::path::{Path, PathBuf};
use vssid_core::api::{ProblemCode, RegistrationStatus};
use vssid_reception::photos::PhotoStore;
use vssid_reception::store::{PgStore, RegistrationStore};
use vssid_testkit::sample::valid_submission;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_vssid-reception"))
}

/// The e-mails an instance wrote, in name order, as decoded bodies.
fn mails(data_dir: &Path) -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(data_dir.join("outbox"))
        .map(|dir| dir.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|x| x == "eml"));
    paths.sort();
    paths
        .iter()
        .map(|p| decode_mail_body(&std::fs::read_to_string(p).unwrap()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_agree() {
    let Some(url) = vssid_testkit::postgres::fresh_database() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let env = [
        ("VSSID_DATABASE_URL", url.as_str()),
        ("VSSID_RATE_PER_SECOND", "0"),
        ("VSSID_REGISTRATIONS_PER_ADDRESS_PER_HOUR", "0"),
        ("VSSID_MAILS_PER_RECIPIENT_PER_DAY", "2"),
    ];
    let (dir_a, dir_b) = (work.path().join("a"), work.path().join("b"));
    // Both start at once: the migrations run once, under the lock.
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| ServiceProcess::start(&binary(), &dir_a, &env).unwrap());
        let b = scope.spawn(|| ServiceProcess::start(&binary(), &dir_b, &env).unwrap());
        (a.join().unwrap(), b.join().unwrap())
    });
    let on_a = client_for(&format!("http://{}", a.addr));
    let on_b = client_for(&format!("http://{}", b.addr));

    // Sent to A; the answer lost, retried on B with the same key: one record.
    let submission = valid_submission();
    let receipt = on_a.submit(&submission, |_| {}).await.unwrap();
    let retried = on_b.submit(&submission, |_| {}).await.unwrap();
    assert_eq!(receipt, retried, "B answers the record A stored");
    let database = PgStore::connect(&url, 1).unwrap();
    assert_eq!(database.count().unwrap(), 1);
    assert_eq!(mails(&dir_a).len(), 1, "A wrote the e-mail");
    assert!(mails(&dir_b).is_empty(), "the retry on B wrote none");

    // A wrong code on A and the right one on B: the tries are the database's.
    let code = otp_in(&mails(&dir_a)[0]);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert!(on_a.confirm_otp(&receipt.id, wrong).await.is_err());
    let confirmed = on_b.confirm_otp(&receipt.id, &code).await.unwrap();
    assert_eq!(confirmed.status, RegistrationStatus::Confirmed);
    assert_eq!(
        on_a.status(&receipt.id).await.unwrap().status,
        RegistrationStatus::Confirmed,
        "A sees what B confirmed"
    );

    // The cap of two e-mails a day to one address counts both instances' e-mails.
    let second = valid_submission();
    assert_eq!(second.request.email, submission.request.email);
    on_b.submit(&second, |_| {}).await.unwrap();
    let third = on_a.submit(&valid_submission(), |_| {}).await.unwrap_err();
    assert_eq!(
        third.problem_code(),
        Some(ProblemCode::RecipientMailLimit),
        "{third:?}"
    );
    assert_eq!(database.count().unwrap(), 2);
    assert_eq!(
        database
            .mails_sent_since(&submission.request.email, 0)
            .unwrap(),
        2
    );

    // The photos are in the database, not on either instance's disk; withdrawing both
    // registrations (one on each instance) deletes them from it.
    let jpegs_on_disk = |dir: &Path| {
        std::fs::read_dir(dir.join("photos"))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.path().extension().is_some_and(|x| x == "jpg"))
                    .count()
            })
            .unwrap_or(0)
    };
    assert_eq!((jpegs_on_disk(&dir_a), jpegs_on_disk(&dir_b)), (0, 0));
    let stored = PhotoStore::list(&database).unwrap();
    assert_eq!(
        stored.len(),
        3,
        "the three photos, shared by both registrations"
    );
    let second_id = database
        .find_by_key(&second.idempotency_key)
        .unwrap()
        .unwrap()
        .id;
    on_a.withdraw(&receipt.id, &submission.idempotency_key)
        .await
        .unwrap();
    assert_eq!(PhotoStore::list(&database).unwrap().len(), 3, "still used");
    on_b.withdraw(&second_id, &second.idempotency_key)
        .await
        .unwrap();
    assert!(PhotoStore::list(&database).unwrap().is_empty(), "erased");
    drop((a, b));
}
