//! Requests a person makes in person, handled by the office's staff: the copy of their data
//! is the applicant's own copy, for the staff of the registration's office only, one
//! `access_copy` line each; the erasure needs a supervisor (or admin) and, on the console, the
//! reference typed again; it deletes like the applicant's withdrawal, leaves the minimal record
//! (the photos are 404 to the console), mails the confirmation and is one `withdrawn` line.

use crate::common::staff::*;
use crate::common::{valid_submission, TestService};
use crate::staff_console::{csrf_of, page, post_form, sign_in};
use vssid_reception::staff::Role;

#[tokio::test]
async fn a_copy_asked_for_in_person_is_the_applicants_copy_and_is_audited() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    add_staff(&service, "hn@bhxh.example.vn", Role::Supervisor, &["001"]);
    let submission = valid_submission();
    let reference = register(&service, &submission, true).await;
    let path = format!("/v1/staff/registrations/{reference}/data");

    // Another office's staff: the same 404 as for none, nothing audited.
    let other = login(&base, "hn@bhxh.example.vn", PASSWORD).await;
    assert_eq!(get(&base, &path, Some(&other)).await.status, 404);
    assert_eq!(get(&base, &path, None).await.status, 401);
    assert!(audit_lines(&service, "access_copy").is_empty());

    let session = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;
    let copy = get(&base, &path, Some(&session)).await;
    assert_eq!(copy.status, 200, "{}", copy.body);
    assert_eq!(copy.headers["cache-control"], "no-store");
    assert_eq!(
        copy.headers["content-disposition"],
        format!("attachment; filename=\"du-lieu-{reference}.json\"").as_str()
    );
    assert_eq!(copy.body["reference"], reference.as_str());
    assert_eq!(
        copy.body["declaration"]["full_name"],
        submission.request.form.full_name.as_str()
    );
    assert_eq!(copy.body["photos"].as_array().map(Vec::len), Some(3));
    let audited = audit_lines(&service, "access_copy");
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].reference.as_deref(), Some(reference.as_str()));
    assert_eq!(audited[0].detail, "in person: data.json");

    // The console's page links to it and to the tờ khai.
    let cookie = sign_in(&base, "hcm@bhxh.example.vn").await;
    let shown = page(
        &base,
        &format!("/console/registrations/{reference}"),
        Some(&cookie),
    )
    .await;
    assert!(
        shown.text.contains(&format!(r#"href="{path}""#)),
        "{}",
        shown.text
    );
    assert!(shown.text.contains(&format!(
        r#"href="/v1/staff/registrations/{reference}/declaration.pdf""#
    )));
    // A reviewer is told who erases; no erasure form.
    assert!(shown.text.contains("trưởng bộ phận hoặc quản trị viên"));
    assert!(!shown.text.contains(r#"id="erase""#));
}

#[tokio::test]
async fn an_erasure_in_person_needs_a_supervisor_and_the_typed_reference() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(
        &service,
        "reviewer@bhxh.example.vn",
        Role::Reviewer,
        &["079"],
    );
    let supervisor = add_staff(&service, "lead@bhxh.example.vn", Role::Supervisor, &["079"]);
    let submission = valid_submission();
    let reference = register(&service, &submission, true).await;
    let record = || {
        service
            .state
            .store()
            .find_by_reference(&reference)
            .unwrap()
            .unwrap()
    };
    let api = format!("/v1/staff/registrations/{reference}");

    // A reviewer may not (403), even with the CSRF token; nothing deleted.
    let reviewer = login(&base, "reviewer@bhxh.example.vn", PASSWORD).await;
    let refused = send(signed_in(
        http().delete(format!("{base}{api}")),
        &reviewer,
        Some(&reviewer.csrf),
    ))
    .await;
    assert_eq!((refused.status, refused.code()), (403, "staff_forbidden"));
    assert!(record().withdrawn_at_ms.is_none());

    // The console: the form, refused when the typed reference does not match.
    let cookie = sign_in(&base, "lead@bhxh.example.vn").await;
    let path = format!("/console/registrations/{reference}");
    let shown = page(&base, &path, Some(&cookie)).await;
    assert!(shown.text.contains(r#"id="erase""#), "{}", shown.text);
    let csrf = csrf_of(&shown.text);
    let wrong = post_form(
        &base,
        &format!("{path}/erase"),
        Some(&cookie),
        &[("csrf_token", &csrf), ("confirm", "DK-WRONG")],
    )
    .await;
    assert_eq!(wrong.status, 422, "{}", wrong.text);
    assert!(wrong.text.contains("không khớp; dữ liệu chưa bị xóa"));
    assert!(record().withdrawn_at_ms.is_none());
    // Without the CSRF token: 403.
    let forged = post_form(
        &base,
        &format!("{path}/erase"),
        Some(&cookie),
        &[("confirm", &reference)],
    )
    .await;
    assert_eq!(forged.status, 403);
    assert!(record().withdrawn_at_ms.is_none());
    let photo = format!("{api}/photos/portrait");
    assert_eq!(get(&base, &photo, Some(&reviewer)).await.status, 200);

    let done = post_form(
        &base,
        &format!("{path}/erase"),
        Some(&cookie),
        &[
            ("csrf_token", &csrf),
            ("confirm", &reference.to_lowercase()),
        ],
    )
    .await;
    assert_eq!(done.status, 303, "{}", done.text);
    let erased = record();
    assert!(erased.withdrawn_at_ms.is_some());
    assert_eq!(erased.status.as_str(), "withdrawn");
    assert!(erased.email.is_empty());
    assert_eq!(erased.office, "079");
    // The photos are gone for the console too; the page shows the minimal record.
    assert_eq!(get(&base, &photo, Some(&reviewer)).await.status, 404);
    let after = page(&base, &path, Some(&cookie)).await;
    assert_eq!(after.status, 200);
    assert!(after.text.contains("đã bị xóa; chỉ còn bản ghi tối thiểu"));
    assert!(!after.text.contains(&submission.request.form.full_name));
    assert!(!after.text.contains("declaration.pdf"));
    // The confirmation is mailed; one audit line names the supervisor.
    assert!(service
        .mails()
        .iter()
        .any(|(_, body)| body.contains(&reference) && body.contains("đã bị xóa khỏi dịch vụ")));
    let audited = audit_lines(&service, "withdrawn");
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].staff_id, Some(supervisor));
    assert_eq!(audited[0].detail, "in person, by the staff");

    // Again through the API: the same 204, nothing more recorded.
    let lead = login(&base, "lead@bhxh.example.vn", PASSWORD).await;
    let again = send(signed_in(
        http().delete(format!("{base}{api}")),
        &lead,
        Some(&lead.csrf),
    ))
    .await;
    assert_eq!(again.status, 204);
    assert_eq!(audit_lines(&service, "withdrawn").len(), 1);
}
