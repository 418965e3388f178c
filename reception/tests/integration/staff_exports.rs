//! Exports of approved registrations against a real service on loopback: the CSV opens with
//! the UTF-8 byte order mark and holds the Vietnamese names exactly; the ZIP holds the CSV and
//! the photos named by reference, each entry's CRC right (read here, and by `unzip -t` when
//! it is installed); another office's supervisor gets 404, a reviewer 403, no session 401;
//! each export is one audit line.

use crate::common::staff::*;
use crate::common::{valid_submission, TestService};
use serde_json::json;
use vssid_reception::staff::Role;

/// The service clock's day in Vietnam at the tests' start (2026-11-26 00:31, UTC+7).
const DAY: &str = "2026-11-26";

async fn approve(base: &str, session: &Session, reference: &str, account_name: &str) {
    let answer = send(signed_in(
        http()
            .post(format!(
                "{base}/v1/staff/registrations/{reference}/decision"
            ))
            .header("content-type", "application/json")
            .body(
                json!({"decision": "approve", "reason": "verified", "account_name": account_name})
                    .to_string(),
            ),
        session,
        Some(&session.csrf),
    ))
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

/// The entries of a ZIP archive (name, data), each CRC-32 checked against its data.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
    let u32_at =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let end = bytes.len() - 22;
    assert_eq!(&bytes[end..end + 4], b"PK\x05\x06", "the end record");
    let count = u16_at(end + 10);
    let mut at = u32_at(end + 16) as usize;
    let mut entries = Vec::new();
    for _ in 0..count {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02", "a directory entry");
        let (crc, size) = (u32_at(at + 16), u32_at(at + 20) as usize);
        let name_len = u16_at(at + 28);
        let local = u32_at(at + 42) as usize;
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap();
        assert_eq!(
            &bytes[local..local + 4],
            b"PK\x03\x04",
            "{name}: local header"
        );
        let data_at = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let data = bytes[data_at..data_at + size].to_vec();
        assert_eq!(crc32fast::hash(&data), crc, "{name}: CRC-32");
        entries.push((name, data));
        at += 46 + name_len + u16_at(at + 30) + u16_at(at + 32);
    }
    entries
}

#[tokio::test]
async fn a_supervisor_exports_the_approved_registrations_as_csv_and_zip() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(
        &service,
        "giam.sat@bhxh.example.vn",
        Role::Supervisor,
        &["079"],
    );
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    add_staff(&service, "hn@bhxh.example.vn", Role::Supervisor, &["001"]);
    let submission = valid_submission();
    let approved = register(&service, &submission, true).await;
    let waiting = register(&service, &valid_submission(), true).await;
    let supervisor = login(&base, "giam.sat@bhxh.example.vn", PASSWORD).await;
    approve(&base, &supervisor, &approved, "79 0123 4567").await;

    let csv = get(
        &base,
        &format!("/v1/staff/exports/approved.csv?office=079&from={DAY}&to={DAY}"),
        Some(&supervisor),
    )
    .await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.headers["cache-control"], "no-store");
    let disposition = csv.headers["content-disposition"].to_str().unwrap();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"vssid-da-duyet-079-{DAY}-{DAY}.csv\"")
    );
    assert_eq!(
        &csv.bytes[..3],
        b"\xEF\xBB\xBF",
        "the UTF-8 byte order mark"
    );
    let text = std::str::from_utf8(&csv.bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines.len(),
        2,
        "the headings and one approved registration: {text}"
    );
    assert!(lines[0].starts_with("Mã hồ sơ (Reference),Cơ quan BHXH (Office)"));
    let form = &submission.request.form;
    assert!(
        lines[1].starts_with(&format!("{approved},079,")),
        "{}",
        lines[1]
    );
    for exact in [
        "Nguyễn Thị Ánh",
        form.full_name.as_str(),
        form.person_id.as_str(),
        "7901234567",
        "Phường Tân Định",
        "anh.nguyen@example.com",
        "Cán bộ giam.sat@bhxh.example.vn",
    ] {
        assert!(lines[1].contains(exact), "{exact} in {}", lines[1]);
    }
    assert!(!text.contains(&waiting), "only approved ones");

    let zip = get(
        &base,
        &format!("/v1/staff/exports/approved.zip?from={DAY}&to={DAY}"),
        Some(&supervisor),
    )
    .await;
    assert_eq!(zip.status, 200);
    assert_eq!(zip.headers["content-type"], "application/zip");
    let entries = unzip(&zip.bytes);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            format!("vssid-da-duyet-079-{DAY}-{DAY}.csv"),
            format!("{approved}/portrait.jpg"),
            format!("{approved}/id_front.jpg"),
            format!("{approved}/id_back.jpg"),
        ]
    );
    assert_eq!(entries[0].1, csv.bytes, "the same CSV inside");
    assert_eq!(entries[1].1, submission.portrait, "the photo as stored");
    assert_eq!(entries[2].1, submission.id_front);
    assert_eq!(entries[3].1, submission.id_back);
    // `unzip -t` agrees, when it is installed.
    let file = service.dir.path().join("export.zip");
    std::fs::write(&file, &zip.bytes).unwrap();
    if let Ok(output) = std::process::Command::new("unzip")
        .arg("-t")
        .arg(&file)
        .output()
    {
        let said = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{said}");
        assert!(said.contains("No errors detected"), "{said}");
    }

    // Each export is one audit line naming what left.
    let exports = audit_lines(&service, "export");
    assert_eq!(exports.len(), 2);
    assert!(exports.iter().all(|line| line.detail.ends_with(&approved)));
    assert!(exports
        .iter()
        .any(|line| line.detail.starts_with("csv office=079")));
    assert!(exports
        .iter()
        .any(|line| line.detail.starts_with("zip office=079")));

    // An export by an account serving two offices writes a line per office, each with its
    // own references: Hà Nội's supervisor reads its own and never Hồ Chí Minh's.
    add_staff(
        &service,
        "hai.noi@bhxh.example.vn",
        Role::Supervisor,
        &["001", "079"],
    );
    let both = login(&base, "hai.noi@bhxh.example.vn", PASSWORD).await;
    let path = format!("/v1/staff/exports/approved.csv?from={DAY}&to={DAY}");
    assert_eq!(get(&base, &path, Some(&both)).await.status, 200);
    let hanoi = login(&base, "hn@bhxh.example.vn", PASSWORD).await;
    let seen = get(&base, "/v1/staff/audit?limit=1000", Some(&hanoi)).await;
    let text = seen.body.to_string();
    assert!(text.contains("csv office=001"), "{text}");
    assert!(!text.contains(&approved), "{text}");
    assert!(!text.contains("office=079"), "{text}");
}

#[tokio::test]
async fn exports_are_scoped_to_the_office_and_to_supervisors() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(
        &service,
        "giam.sat@bhxh.example.vn",
        Role::Supervisor,
        &["079"],
    );
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    add_staff(&service, "hn@bhxh.example.vn", Role::Supervisor, &["001"]);
    let approved = register(&service, &valid_submission(), true).await;
    let supervisor = login(&base, "giam.sat@bhxh.example.vn", PASSWORD).await;
    approve(&base, &supervisor, &approved, "7901234567").await;
    let hanoi = login(&base, "hn@bhxh.example.vn", PASSWORD).await;
    let reviewer = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;
    let period = format!("from={DAY}&to={DAY}");

    for kind in ["csv", "zip"] {
        let path = format!("/v1/staff/exports/approved.{kind}?office=079&{period}");
        assert_eq!(get(&base, &path, Some(&hanoi)).await.status, 404, "{kind}");
        let reviewer_answer = get(&base, &path, Some(&reviewer)).await;
        assert_eq!(
            (reviewer_answer.status, reviewer_answer.code()),
            (403, "staff_forbidden")
        );
        let none = get(&base, &path, None).await;
        assert_eq!((none.status, none.code()), (401, "staff_unauthenticated"));
    }
    // Hà Nội's own export holds no 079 registration.
    let own = get(
        &base,
        &format!("/v1/staff/exports/approved.csv?{period}"),
        Some(&hanoi),
    )
    .await;
    assert_eq!(own.status, 200);
    assert!(!String::from_utf8_lossy(&own.bytes).contains(&approved));
    // The period: both days, in order, at most a year.
    for bad in [
        "from=2026-11-26",
        "from=2026-11-26&to=2026-11-25",
        "from=2026-02-30&to=2026-03-01",
        "from=2025-01-01&to=2026-11-26",
    ] {
        let answer = get(
            &base,
            &format!("/v1/staff/exports/approved.csv?{bad}"),
            Some(&supervisor),
        )
        .await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, "bad_request"),
            "{bad}"
        );
    }
    // The day before holds nothing.
    let before = get(
        &base,
        "/v1/staff/exports/approved.csv?from=2026-11-25&to=2026-11-25",
        Some(&supervisor),
    )
    .await;
    assert!(!String::from_utf8_lossy(&before.bytes).contains(&approved));
    // Only the exports that were answered are audited (Hà Nội's own and the day before).
    assert_eq!(audit_lines(&service, "export").len(), 2);
}
