//! The console's list search and duplicates, and its audit log: one line per action, read by
//! supervisors and admins only, append-only down to SQLite.

use crate::common::staff::*;
use crate::common::{valid_submission, TestService};
use serde_json::{json, Value};
use vssid_reception::staff::Role;

#[tokio::test]
async fn the_list_searches_folded_names_and_numbers_and_the_view_shows_duplicates() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let first_submission = valid_submission();
    let first = register(&service, &first_submission, true).await;
    service.clock.advance_ms(3 * 86_400_000);
    let second = register(&service, &valid_submission(), true).await;
    service.clock.advance_ms(1_000);
    let mut elsewhere = valid_submission();
    elsewhere.request.office = "001".into();
    register(&service, &elsewhere, true).await;
    let session = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;

    let all = get(&base, "/v1/staff/registrations", Some(&session)).await;
    assert_eq!(
        references(&all),
        vec![first.clone(), second.clone()],
        "oldest first"
    );
    assert_eq!(all.body["items"][0]["age_days"], 3);
    let name = vssid_core::text::fold(&first_submission.request.form.full_name).to_uppercase();
    let form = &first_submission.request.form;
    for q in [
        name.as_str(),
        form.bhxh_code.as_str(),
        form.person_id.as_str(),
        &first[3..],
    ] {
        let url = format!("/v1/staff/registrations?q={}", q.replace(' ', "+"));
        let found = get(&base, &url, Some(&session)).await;
        assert!(references(&found).contains(&first), "{q}: {}", found.body);
    }
    let nothing = get(&base, "/v1/staff/registrations?q=zzzz", Some(&session)).await;
    assert_eq!(nothing.body["total"], 0);
    let page_two = get(&base, "/v1/staff/registrations?page=2", Some(&session)).await;
    assert!(references(&page_two).is_empty());
    assert_eq!(page_two.body["total"], 2);

    let view = get(
        &base,
        &format!("/v1/staff/registrations/{first}"),
        Some(&session),
    )
    .await;
    let duplicates = view.body["possible_duplicates"].as_array().unwrap().clone();
    assert_eq!(duplicates.len(), 2, "{duplicates:?}");
    assert_eq!(duplicates[0]["reference"], second.as_str());
    assert_eq!(duplicates[0]["status"], "confirmed");
    // Another office's registration: its office is said, its reference is not.
    assert_eq!(duplicates[1]["reference"], Value::Null);
    assert_eq!(duplicates[1]["office"], "001");
}

#[tokio::test]
async fn each_action_appears_once_in_the_audit_log_which_reviewers_cannot_read() {
    let service = TestService::start().await;
    let base = service.base_url();
    let staff_id = add_staff(&service, "sup@bhxh.example.vn", Role::Supervisor, &["079"]);
    add_staff(&service, "rev@bhxh.example.vn", Role::Reviewer, &["079"]);
    let reference = register(&service, &valid_submission(), true).await;

    assert_eq!(
        login_answer(&base, "sup@bhxh.example.vn", "wrong password")
            .await
            .status,
        401
    );
    let session = login(&base, "sup@bhxh.example.vn", PASSWORD).await;
    get(&base, "/v1/staff/registrations", Some(&session)).await;
    get(
        &base,
        &format!("/v1/staff/registrations/{reference}"),
        Some(&session),
    )
    .await;
    get(
        &base,
        &format!("/v1/staff/registrations/{reference}/photos/portrait"),
        Some(&session),
    )
    .await;
    let at = service.state.clock().now_ms();

    let audit = get(
        &base,
        &format!("/v1/staff/audit?staff={staff_id}"),
        Some(&session),
    )
    .await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "view_photo",
            "view_registration",
            "list_registrations",
            "login",
            "login_failed"
        ],
        "newest first, each once"
    );
    let by_reference = get(
        &base,
        &format!("/v1/staff/audit?reference={reference}"),
        Some(&session),
    )
    .await;
    assert_eq!(by_reference.body["items"].as_array().unwrap().len(), 2);
    let later = get(
        &base,
        "/v1/staff/audit?since=2030-01-01T00:00:00Z",
        Some(&session),
    )
    .await;
    assert_eq!(later.body["items"], json!([]));

    assert_eq!(
        logout(&base, &session, Some(&session.csrf)).await.status,
        204
    );
    for (action, count) in [
        ("login_failed", 1),
        ("login", 1),
        ("list_registrations", 1),
        ("view_registration", 1),
        ("view_photo", 1),
        ("view_audit", 3),
        ("logout", 1),
        ("staff_added", 2),
    ] {
        let lines = audit_lines(&service, action);
        assert_eq!(lines.len(), count, "{action}");
        for line in lines {
            assert_eq!(
                line.client,
                if action == "staff_added" {
                    "cli"
                } else {
                    "127.0.0.1"
                }
            );
            if action.starts_with("view_") && action != "view_audit" {
                assert_eq!(line.reference.as_deref(), Some(reference.as_str()));
                assert_eq!(line.at_ms, at);
            }
            if action != "staff_added" {
                assert_eq!(line.staff_id, Some(staff_id));
            }
        }
    }
    assert!(audit_lines(&service, "view_photo")[0].detail == "portrait");

    let reviewer = login(&base, "rev@bhxh.example.vn", PASSWORD).await;
    let refused = get(&base, "/v1/staff/audit", Some(&reviewer)).await;
    assert_eq!((refused.status, refused.code()), (403, "staff_forbidden"));
}

#[tokio::test]
async fn the_audit_log_refuses_update_and_delete_in_sqlite() {
    let service = TestService::start().await;
    add_staff(&service, "sup@bhxh.example.vn", Role::Admin, &["079"]);
    login(&service.base_url(), "sup@bhxh.example.vn", PASSWORD).await;
    let path = service.state.config().database_path();
    let connection = rusqlite::Connection::open(&path).unwrap();
    let count = || -> i64 {
        connection
            .query_row("SELECT COUNT(*) FROM audit_log", [], |row| row.get(0))
            .unwrap()
    };
    assert_eq!(count(), 2, "staff_added, login");
    for sql in [
        "UPDATE audit_log SET action = 'nothing'",
        "UPDATE audit_log SET detail = '' WHERE id = 1",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE id = 2",
    ] {
        let error = connection.execute(sql, []).unwrap_err();
        assert!(error.to_string().contains("append-only"), "{sql}: {error}");
    }
    assert_eq!(count(), 2);
    let actions: Vec<String> = connection
        .prepare("SELECT action FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(actions, ["staff_added", "login"]);
    // Appending still works.
    connection
        .execute(
            "INSERT INTO audit_log (at_ms, action, client) VALUES (1, 'test', 'test')",
            [],
        )
        .unwrap();
    assert_eq!(count(), 3);
}

#[tokio::test]
async fn a_supervisor_reads_the_audit_of_its_offices_and_an_admin_reads_all() {
    let service = TestService::start().await;
    let base = service.base_url();
    let hcm_id = add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    let hanoi_id = add_staff(&service, "hn@bhxh.example.vn", Role::Reviewer, &["001"]);
    add_staff(
        &service,
        "sup.hn@bhxh.example.vn",
        Role::Supervisor,
        &["001"],
    );
    add_staff(
        &service,
        "sup.hcm@bhxh.example.vn",
        Role::Supervisor,
        &["079"],
    );
    add_staff(&service, "admin@bhxh.example.vn", Role::Admin, &["001"]);
    let reference = register(&service, &valid_submission(), true).await;
    let hcm = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;
    let path = format!("/v1/staff/registrations/{reference}");
    assert_eq!(get(&base, &path, Some(&hcm)).await.status, 200);
    login(&base, "hn@bhxh.example.vn", PASSWORD).await;

    let lines = |answer: &Answer| -> Vec<(i64, String)> {
        answer.body["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{}", answer.body))
            .iter()
            .filter(|line| !line["staff_id"].is_null())
            .map(|line| {
                (
                    line["staff_id"].as_i64().unwrap(),
                    line["action"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // Hà Nội's supervisor: its reviewer's login, nothing of Hồ Chí Minh's registration.
    let hanoi = login(&base, "sup.hn@bhxh.example.vn", PASSWORD).await;
    let seen = lines(&get(&base, "/v1/staff/audit", Some(&hanoi)).await);
    assert!(seen.contains(&(hanoi_id, "login".into())), "{seen:?}");
    assert!(seen.iter().all(|(id, _)| *id != hcm_id), "{seen:?}");
    let by_reference = get(
        &base,
        &format!("/v1/staff/audit?reference={reference}"),
        Some(&hanoi),
    )
    .await;
    assert_eq!(by_reference.body["items"], json!([]));
    // Hồ Chí Minh's supervisor sees its reviewer's view of the registration.
    let hcm_sup = login(&base, "sup.hcm@bhxh.example.vn", PASSWORD).await;
    let seen = lines(&get(&base, "/v1/staff/audit", Some(&hcm_sup)).await);
    assert!(
        seen.contains(&(hcm_id, "view_registration".into())),
        "{seen:?}"
    );
    assert!(seen.iter().all(|(id, _)| *id != hanoi_id), "{seen:?}");
    // The admin reads every line, the operator's commands too.
    let admin = login(&base, "admin@bhxh.example.vn", PASSWORD).await;
    let all = get(&base, "/v1/staff/audit", Some(&admin)).await;
    let seen = lines(&all);
    assert!(seen.contains(&(hcm_id, "view_registration".into())));
    assert!(seen.contains(&(hanoi_id, "login".into())));
    assert!(all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|line| line["action"] == "staff_added"));
}

#[tokio::test]
async fn the_audit_log_exports_as_csv_with_a_bom_scoped_and_recorded() {
    let service = TestService::start().await;
    let base = service.base_url();
    let hcm_id = add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    add_staff(&service, "sup@bhxh.example.vn", Role::Supervisor, &["001"]);
    let reference = register(&service, &valid_submission(), true).await;
    let hcm = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;
    let path = format!("/v1/staff/registrations/{reference}");
    assert_eq!(get(&base, &path, Some(&hcm)).await.status, 200);

    // A reviewer cannot export the log.
    let refused = get(&base, "/v1/staff/audit.csv", Some(&hcm)).await;
    assert_eq!(refused.status, 403);
    // Hà Nội's supervisor: a file with the heading, none of Hồ Chí Minh's lines.
    let supervisor = login(&base, "sup@bhxh.example.vn", PASSWORD).await;
    let csv = get(&base, "/v1/staff/audit.csv", Some(&supervisor)).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.headers["cache-control"], "no-store");
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("id,at,staff_id,action,reference,client,detail")
    );
    assert!(!text.contains(&reference), "{text}");
    assert!(!text.contains(&format!(",{hcm_id},")), "{text}");
    // The export itself is one line of the log.
    let exports = audit_lines(&service, "export");
    assert_eq!(exports.len(), 1);
    assert!(
        exports[0].detail.starts_with("audit.csv: "),
        "{}",
        exports[0].detail
    );
}
