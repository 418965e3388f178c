//! A short chaos run in the test suite: 30 registrations through the seeded fault proxy, the
//! service (the real binary, as a child process) killed with SIGKILL and restarted once;
//! every registration must be stored exactly once, every client must get its receipt, and
//! every registration its first e-mail.
//! The long run (100+ registrations, two restarts) is `scripts/chaos.sh`.

use crate::support::chaos::{run_chaos, ChaosOptions};
use std::path::PathBuf;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_and_a_restart_neither_duplicate_nor_lose_a_registration() {
    let mut options = ChaosOptions::new(PathBuf::from(env!("CARGO_BIN_EXE_vssid-reception")));
    options.submissions = 30;
    options.concurrency = 6;
    options.seed = 20261125;
    options.restarts = 1;
    options.attempt_timeout = Duration::from_millis(1000);
    let dir = tempfile::tempdir().unwrap();
    let report = run_chaos(&options, dir.path()).await.unwrap();
    report.print();
    assert_eq!(report.attempted, 30);
    assert_eq!(report.succeeded, 30, "{report:?}");
    assert_eq!(report.duplicated, 0, "{report:?}");
    assert_eq!(report.lost, 0, "{report:?}");
    assert_eq!(report.records, 30, "{report:?}");
    assert_eq!(report.photos_missing, 0, "{report:?}");
    assert_eq!(report.first_mails_missing, 0, "{report:?}");
    assert_eq!(report.restarts, 1);
    assert!(
        report.proxy.faults.values().sum::<u64>() >= 5,
        "the proxy disturbed too little to mean anything: {report:?}"
    );
}

/// The two-instance mode: two service processes on one PostgreSQL database, each behind its
/// own fault proxy, rounds of a submission alternating between them, instance A killed and
/// restarted mid-run: 0 lost, 0 duplicated, photos in the database, every first e-mail in one
/// of the outboxes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_one_killed_neither_duplicate_nor_lose_a_registration() {
    let Some(url) = vssid_testkit::postgres::fresh_database() else {
        return;
    };
    let mut options = ChaosOptions::new(PathBuf::from(env!("CARGO_BIN_EXE_vssid-reception")));
    options.submissions = 30;
    options.concurrency = 6;
    options.seed = 20261130;
    options.restarts = 1;
    options.attempt_timeout = Duration::from_millis(1000);
    options.database_url = Some(url);
    let dir = tempfile::tempdir().unwrap();
    let report = run_chaos(&options, dir.path()).await.unwrap();
    report.print();
    assert_eq!(report.succeeded, 30, "{report:?}");
    assert_eq!(report.duplicated, 0, "{report:?}");
    assert_eq!(report.lost, 0, "{report:?}");
    assert_eq!(report.records, 30, "{report:?}");
    assert_eq!(report.photos_missing, 0, "{report:?}");
    assert_eq!(report.first_mails_missing, 0, "{report:?}");
    assert_eq!(report.restarts, 1);
}
