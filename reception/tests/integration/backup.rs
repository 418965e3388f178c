//! `vssid-reception backup --to DIR` through the real binary while the service runs: the copy
//! is one consistent moment, `sha256sum -c` accepts its manifest, and a service started on
//! the copy as its data directory lets the staff sign in and shows the same registration
//! and photo bytes.

use crate::common::staff::{add_staff, get, login, register, PASSWORD};
use crate::common::{private_tempdir, valid_submission, TestService};
use std::process::Command;
use vssid_reception::staff::Role;
use vssid_reception::{AppState, Config};

fn run_backup(data_dir: &std::path::Path, to: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vssid-reception"))
        .args(["backup", "--data-dir"])
        .arg(data_dir)
        .arg("--to")
        .arg(to)
        .env("VSSID_LOG", "warn")
        .output()
        .expect("the binary")
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_as_a_data_directory() {
    let service = TestService::start().await;
    let base = service.base_url();
    let email = "lan@bhxh.example.vn";
    add_staff(&service, email, Role::Supervisor, &["079"]);
    let confirmed = register(&service, &valid_submission(), true).await;
    let waiting = register(&service, &valid_submission(), false).await;
    let session = login(&base, email, PASSWORD).await;
    let path = format!("/v1/staff/registrations/{confirmed}/photos/portrait");
    let portrait = get(&base, &path, Some(&session)).await;
    assert_eq!(portrait.status, 200);

    let backups = private_tempdir();
    let to = backups.path().join("2026-11-30");
    let output = run_backup(service.dir.path(), &to);
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("2 registrations"), "{said}");
    // Every e-mail in the outbox (two code mails, one declaration mail) came along.
    let mails = std::fs::read_dir(service.state.config().outbox_path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".eml")
        })
        .count();
    assert!(mails >= 3);
    assert!(said.contains(&format!("{mails} e-mails")), "{said}");
    let check = Command::new("sha256sum")
        .args(["-c", "--strict", "--quiet", "MANIFEST.sha256"])
        .current_dir(&to)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // A second backup into the same directory is refused and leaves the first intact.
    let again = run_backup(service.dir.path(), &to);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    service.running.stop().await.unwrap();

    // Restore: the copy is the data directory of a new service.
    let mut config = Config::for_data_dir(&to);
    config.limits.rate_per_second = 0.0;
    // On the same clock: the unconfirmed registration is not yet past its code's window.
    let state = AppState::builder(config)
        .clock(std::sync::Arc::new(service.clock.clone()))
        .build()
        .unwrap();
    let restored = vssid_reception::start(state).await.unwrap();
    let base = restored.base_url();
    let session = login(&base, email, PASSWORD).await;
    let again = get(&base, &path, Some(&session)).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.bytes, portrait.bytes);
    for (status, reference) in [("confirmed", &confirmed), ("received", &waiting)] {
        let path = format!("/v1/staff/registrations?status={status}");
        let list = get(&base, &path, Some(&session)).await.body.to_string();
        assert!(list.contains(reference.as_str()), "{status}: {list}");
    }
    restored.stop().await.unwrap();
}

#[test]
fn a_backup_without_a_database_says_so() {
    let empty = private_tempdir();
    let to = empty.path().join("copy");
    let output = run_backup(&empty.path().join("nothing here"), &to);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("no database at"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
