//! The tờ khai as a PDF: served to the applicant once the code was accepted (404 before, and
//! for an unknown id), every declared field in its text exactly (names with stacked
//! diacritics, in Vietnamese and with English words), sound for `qpdf --check`, drawn by
//! `pdftoppm`; and served to the staff of the registration's office only, audited.

use crate::common::staff::{add_staff, audit_lines, get, http, login, register, send};
use crate::common::{decode_mail_body, otp_in, valid_submission, TestService};
use std::process::Command;
use vssid_core::Lang;
use vssid_reception::staff::Role;
use vssid_testkit::tools::{pdf_text, qpdf_check, squeeze};

/// The applicant's PDF of a registration confirmed with its code: (id, reference, bytes).
async fn confirmed_pdf(service: &TestService, name: &str, lang: Lang) -> (String, String, Vec<u8>) {
    let mut submission = valid_submission();
    submission.request.form.full_name = name.into();
    submission.request.lang = lang;
    let client = service.client();
    let receipt = client.submit(&submission, |_| {}).await.unwrap();
    let url = format!(
        "{}/v1/registrations/{}/declaration.pdf",
        service.base_url(),
        receipt.id
    );
    let with_secret = |request: reqwest::RequestBuilder| {
        request.header(
            "authorization",
            format!("Bearer {}", submission.idempotency_key),
        )
    };
    let before = send(with_secret(http().get(&url))).await;
    assert_eq!(
        before.status, 404,
        "no tờ khai before the code was accepted"
    );
    let mail = service
        .state
        .config()
        .outbox_path()
        .join(format!("{}-0.eml", receipt.reference));
    let code = otp_in(&decode_mail_body(&std::fs::read_to_string(mail).unwrap()));
    client.confirm_otp(&receipt.id, &code).await.unwrap();
    // The id alone (as a link would carry it) is not enough: the PDF holds the declaration.
    let without = get(&url, "", None).await;
    assert_eq!(without.status, 404, "no tờ khai without the secret");
    let wrong = send(
        http()
            .get(&url)
            .header("authorization", "Bearer not-the-key"),
    )
    .await;
    assert_eq!(wrong.status, 404);
    let answer = send(with_secret(http().get(&url))).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.headers["content-type"], "application/pdf");
    assert_eq!(answer.headers["cache-control"], "no-store");
    assert!(answer.headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains(&format!("to-khai-{}.pdf", receipt.reference)));
    (receipt.id, receipt.reference, answer.bytes)
}

#[tokio::test]
async fn the_applicants_pdf_holds_every_field_exactly_and_is_sound() {
    let service = TestService::start().await;
    let dir = tempfile::tempdir().unwrap();
    for (name, lang) in [
        ("Nguyễn Thị Ánh Tuyết", Lang::En),
        ("Đặng Hữu Phước", Lang::Vi),
    ] {
        let (_, reference, pdf) = confirmed_pdf(&service, name, lang).await;
        let path = dir.path().join(format!("{reference}.pdf"));
        std::fs::write(&path, &pdf).unwrap();
        qpdf_check(&path).unwrap();
        let text = squeeze(&pdf_text(&path));
        let sample = vssid_testkit::sample::valid_request();
        for expected in [
            name,
            "TỜ KHAI",
            "ĐĂNG KÝ SỬ DỤNG PHƯƠNG THỨC GIAO DỊCH ĐIỆN TỬ",
            "Kính gửi: [079] BHXH TP. Hồ Chí Minh",
            sample.form.bhxh_code.as_str(),
            sample.form.person_id.as_str(),
            "12 Lý Văn Phức, Phường Tân Định, Thành phố Hồ Chí Minh",
            "+84912345678",
            sample.email.as_str(),
            reference.as_str(),
            "Ngày tiếp nhận",
            "26/11/2026 00:31",
            "Tôi cam kết chịu trách nhiệm trước pháp luật",
            "Thành phố Hồ Chí Minh, ngày 26 tháng 11 năm 2026",
            "NGƯỜI KÊ KHAI",
            "(Ký, ghi rõ họ tên)",
        ] {
            assert!(text.contains(expected), "{expected:?} not in {text}");
        }
        assert_eq!(text.contains("Full name"), lang == Lang::En, "{text}");
        assert!(!text.contains("bản nháp"));
        // pdftoppm draws it (the picture in docs/screenshots/to-khai.png is made this way).
        let png = dir.path().join(&reference);
        let drawn = Command::new("pdftoppm")
            .args(["-png", "-r", "60", "-singlefile"])
            .arg(&path)
            .arg(&png)
            .status()
            .unwrap();
        assert!(drawn.success());
        assert!(std::fs::metadata(png.with_extension("png")).unwrap().len() > 10_000);
    }
    let unknown = format!(
        "{}/v1/registrations/00000000-0000-4000-8000-000000000000/declaration.pdf",
        service.base_url()
    );
    assert_eq!(get(&unknown, "", None).await.status, 404);
}

#[tokio::test]
async fn staff_of_the_office_download_it_audited_and_others_get_404() {
    let service = TestService::start().await;
    let reference = register(&service, &valid_submission(), true).await;
    add_staff(&service, "lan@bhxh.example.vn", Role::Reviewer, &["079"]);
    add_staff(&service, "minh@bhxh.example.vn", Role::Reviewer, &["001"]);
    let base = service.base_url();
    let path = format!("/v1/staff/registrations/{reference}/declaration.pdf");
    let ours = login(&base, "lan@bhxh.example.vn", crate::common::staff::PASSWORD).await;
    let answer = get(&base, &path, Some(&ours)).await;
    assert_eq!(answer.status, 200);
    assert!(answer.bytes.starts_with(b"%PDF-"));
    let lines = audit_lines(&service, "view_declaration");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].reference.as_deref(), Some(reference.as_str()));
    let theirs = login(
        &base,
        "minh@bhxh.example.vn",
        crate::common::staff::PASSWORD,
    )
    .await;
    assert_eq!(get(&base, &path, Some(&theirs)).await.status, 404);
    assert_eq!(get(&base, &path, None).await.status, 401);
    assert_eq!(audit_lines(&service, "view_declaration").len(), 1);
}
