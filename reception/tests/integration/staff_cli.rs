//! `vssid-reception staff add|list|disable|reset` through the real binary, the password on
//! standard input; then a service on the same data directory accepts and refuses logins as
//! the commands said.

use crate::common::private_tempdir;
use crate::common::staff::{login, login_answer, PASSWORD};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use vssid_reception::{AppState, Config};

/// Runs `vssid-reception staff <args> --data-dir <dir>` with `stdin` as its input.
fn staff(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vssid-reception"))
        .arg("staff")
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env("VSSID_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn add_args<'a>(email: &'a str, offices: &'a str) -> Vec<&'a str> {
    vec![
        "add",
        "--email",
        email,
        "--name",
        "Trần Thị Lan",
        "--office",
        offices,
        "--role",
        "supervisor",
        "--password-stdin",
    ]
}

/// A service on `dir` for a moment: `work` gets its base URL.
async fn with_service<F: std::future::Future<Output = ()>>(
    dir: &Path,
    work: impl FnOnce(String) -> F,
) {
    let mut config = Config::for_data_dir(dir);
    config.limits.rate_per_second = 0.0;
    let state = AppState::open(config).unwrap();
    let running = vssid_reception::start(state).await.unwrap();
    work(running.base_url()).await;
    running.stop().await.unwrap();
}

#[tokio::test]
async fn the_staff_subcommands_work_through_the_binary() {
    let dir = private_tempdir();
    let dir = dir.path();
    let email = "Lan.Tran@BHXH.example.vn";

    let added = staff(dir, &add_args(email, "079,001"), &format!("{PASSWORD}\n"));
    assert!(added.status.success(), "{}", text(&added));
    assert!(
        text(&added).contains("added staff 1: lan.tran@bhxh.example.vn"),
        "{}",
        text(&added)
    );
    // Refused, each with a reason and a failing exit code.
    for (args, stdin, reason) in [
        (
            add_args("lan.tran@bhxh.example.vn", "079"),
            PASSWORD,
            "exists",
        ),
        (
            add_args("other@bhxh.example.vn", "079"),
            "short pw\n",
            "at least 12",
        ),
        (
            add_args("other@bhxh.example.vn", "999"),
            PASSWORD,
            "999 is not an office",
        ),
        (
            add_args("not an address", "079"),
            PASSWORD,
            "not an e-mail address",
        ),
        (add_args("other@bhxh.example.vn", "079"), "", "no password"),
        (
            vec!["disable", "--email", "nobody@bhxh.example.vn"],
            "",
            "no account",
        ),
        (
            vec![
                "reset",
                "--email",
                "nobody@bhxh.example.vn",
                "--password-stdin",
            ],
            PASSWORD,
            "no account",
        ),
    ] {
        let output = staff(dir, &args, stdin);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", text(&output));
        assert!(
            text(&output).contains(reason),
            "{args:?}: {}",
            text(&output)
        );
    }
    // Without --password-stdin the command line is refused by clap (usage error).
    let no_flag = staff(dir, &["reset", "--email", email], "");
    assert_eq!(no_flag.status.code(), Some(2), "{}", text(&no_flag));

    let list = staff(dir, &["list"], "");
    assert!(list.status.success());
    let listed = text(&list);
    assert!(
        listed
            .contains("1\tlan.tran@bhxh.example.vn\tsupervisor\t079,001\tactive\t-\tTrần Thị Lan"),
        "{listed}"
    );
    assert!(
        !listed.contains("argon2") && !listed.contains('$'),
        "{listed}"
    );
    assert_eq!(listed.lines().count(), 2, "{listed}");

    with_service(dir, |base| async move {
        let session = login(&base, email, PASSWORD).await;
        assert!(!session.csrf.is_empty());
    })
    .await;

    let new_password = "một mật khẩu mới dài hơn";
    let reset = staff(
        dir,
        &["reset", "--email", email, "--password-stdin"],
        &format!("{new_password}\r\n"),
    );
    assert!(reset.status.success(), "{}", text(&reset));
    with_service(dir, |base| async move {
        assert_eq!(login_answer(&base, email, PASSWORD).await.status, 401);
        login(&base, email, new_password).await;
    })
    .await;

    let disable = staff(dir, &["disable", "--email", email], "");
    assert!(disable.status.success(), "{}", text(&disable));
    let list = text(&staff(dir, &["list"], ""));
    assert!(list.contains("\tdisabled\t"), "{list}");
    with_service(dir, |base| async move {
        assert_eq!(login_answer(&base, email, new_password).await.status, 401);
    })
    .await;
    let enable = staff(dir, &["enable", "--email", email], "");
    assert!(enable.status.success(), "{}", text(&enable));

    // A second factor: the secret and its link are printed once, `list` says "totp", and the
    // password alone no longer opens a session.
    let totp = staff(dir, &["totp", "--email", email], "");
    assert!(totp.status.success(), "{}", text(&totp));
    let printed = text(&totp);
    let secret = printed
        .lines()
        .find_map(|line| line.strip_prefix("secret: "))
        .unwrap_or_else(|| panic!("{printed}"))
        .to_string();
    assert!(
        printed.contains(&format!(
            "link: otpauth://totp/VssID%20reception:lan.tran%40bhxh.example.vn?secret={secret}"
        )),
        "{printed}"
    );
    assert!(text(&staff(dir, &["list"], "")).contains("\tactive\ttotp\t"));
    with_service(dir, |base| async move {
        assert_eq!(login_answer(&base, email, new_password).await.status, 401);
    })
    .await;
    let removed = staff(dir, &["totp", "--email", email, "--remove"], "");
    assert!(removed.status.success(), "{}", text(&removed));
    with_service(dir, |base| async move {
        login(&base, email, new_password).await;
    })
    .await;
    // The commands are in the audit log.
    let state = AppState::open(Config::for_data_dir(dir)).unwrap();
    let actions: Vec<String> = state
        .staff()
        .audit(&vssid_reception::store::staff::AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|line| line.client == "cli")
        .map(|line| line.action)
        .collect();
    assert_eq!(
        actions,
        [
            "staff_totp_removed",
            "staff_totp_set",
            "staff_enabled",
            "staff_disabled",
            "staff_password_reset",
            "staff_added"
        ]
    );
}
