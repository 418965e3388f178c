//! The office decides, against a real service on loopback: a decision needs the session's
//! CSRF token, is refused (`409`) on an unconfirmed or already-decided registration and
//! (`404`) for another office, checks its body (`422`), moves the status as the core's table
//! says, shows in the registration's history, and is audited once.

use crate::common::staff::*;
use crate::common::{valid_submission, TestService};
use serde_json::json;
use vssid_reception::staff::Role;

#[tokio::test]
async fn the_office_asks_for_changes_then_cannot_decide_twice_and_every_decision_is_audited() {
    let service = TestService::start().await;
    let base = service.base_url();
    add_staff(&service, "hcm@bhxh.example.vn", Role::Reviewer, &["079"]);
    add_staff(&service, "hn@bhxh.example.vn", Role::Supervisor, &["001"]);
    let hcm = login(&base, "hcm@bhxh.example.vn", PASSWORD).await;
    let hanoi = login(&base, "hn@bhxh.example.vn", PASSWORD).await;
    let submission = valid_submission();
    let confirmed = register(&service, &submission, true).await;

    let changes = json!({
        "decision": "request_changes",
        "reason": "photo_unclear",
        "note": "Ảnh chân dung bị mờ",
        "fields": ["portrait"],
    });
    // No CSRF token: refused before anything happens.
    let no_csrf = decide(&base, &hcm, &confirmed, changes.clone(), false).await;
    assert_eq!((no_csrf.status, no_csrf.code()), (403, "staff_csrf_token"));
    // Another office's staff: as if there were no such registration.
    let other = decide(&base, &hanoi, &confirmed, changes.clone(), true).await;
    assert_eq!(other.status, 404);
    // A body that breaks the rules: the reason must fit, changes name their fields.
    let unfit = json!({"decision": "reject", "reason": "photo_unclear"});
    let answer = decide(&base, &hcm, &confirmed, unfit, true).await;
    assert_eq!(
        (answer.status, answer.code()),
        (422, "decision_reason_does_not_fit")
    );
    assert!(answer.body["vi"].as_str().unwrap().contains("Lý do"));
    let no_fields = json!({"decision": "request_changes", "reason": "photo_unclear"});
    let answer = decide(&base, &hcm, &confirmed, no_fields, true).await;
    assert_eq!(answer.code(), "decision_fields_required");

    // The reviewer takes it from the queue; it stays in the office's default list.
    let review = start_review(&base, &hcm, &confirmed).await;
    assert_eq!(review.status, 200, "{}", review.body);
    assert_eq!(review.body["status"], "in_review");
    let twice = start_review(&base, &hcm, &confirmed).await;
    assert_eq!((twice.status, twice.code()), (409, "staff_wrong_status"));
    let queue = get(&base, "/v1/staff/registrations", Some(&hcm)).await;
    assert_eq!(references(&queue), vec![confirmed.clone()]);
    assert_eq!(queue.body["items"][0]["status"], "in_review");
    let only_new = get(
        &base,
        "/v1/staff/registrations?status=confirmed",
        Some(&hcm),
    )
    .await;
    assert!(references(&only_new).is_empty());

    let answer = decide(&base, &hcm, &confirmed, changes.clone(), true).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["status"], "changes_requested");
    assert_eq!(
        answer.headers["cache-control"], "no-store",
        "staff answers are never cached"
    );
    // Decided: a second decision is a conflict, and changes nothing.
    let approve = json!({
        "decision": "approve",
        "reason": "verified",
        "account_name": submission.request.form.bhxh_code,
    });
    let again = decide(&base, &hcm, &confirmed, approve.clone(), true).await;
    assert_eq!((again.status, again.code()), (409, "staff_wrong_status"));

    // The registration page shows the status and the decision.
    let view = get(
        &base,
        &format!("/v1/staff/registrations/{confirmed}"),
        Some(&hcm),
    )
    .await;
    assert_eq!(view.body["status"], "changes_requested");
    let history = view.body["decisions"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["decision"], "request_changes");
    assert_eq!(history[0]["reason"], "photo_unclear");
    assert_eq!(history[0]["fields"], json!(["portrait"]));
    assert_eq!(history[0]["staff_name"], "Cán bộ hcm@bhxh.example.vn");

    // The applicant's own view of the status says the same.
    let state = service
        .client()
        .status(&view_id(&service, &confirmed))
        .await;
    assert_eq!(
        state.unwrap().status,
        vssid_core::api::RegistrationStatus::ChangesRequested
    );

    // A registration whose e-mail was never confirmed is not the office's to decide yet.
    let unconfirmed = register(&service, &valid_submission(), false).await;
    let early = decide(&base, &hcm, &unconfirmed, approve, true).await;
    assert!(
        early.status == 404 || early.status == 409,
        "reviewers don't see it: {}",
        early.status
    );

    assert_eq!(audit_lines(&service, "review_started").len(), 1);
    // Decided registrations leave the queue; asked for by status, they are listed.
    let queue = get(&base, "/v1/staff/registrations", Some(&hcm)).await;
    assert!(references(&queue).is_empty());
    let asked = get(
        &base,
        "/v1/staff/registrations?status=changes_requested,approved",
        Some(&hcm),
    )
    .await;
    assert_eq!(references(&asked), vec![confirmed.clone()]);
    let lines = audit_lines(&service, "decide");
    assert_eq!(lines.len(), 1, "only the decision that happened is audited");
    assert_eq!(lines[0].reference.as_deref(), Some(confirmed.as_str()));
    assert_eq!(lines[0].detail, "request_changes:photo_unclear");
}

/// The registration's id (the applicant's API names it by id, the console by reference).
fn view_id(service: &TestService, reference: &str) -> String {
    service
        .state
        .store()
        .find_by_reference(reference)
        .unwrap()
        .expect("stored")
        .id
}
