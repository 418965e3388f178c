//! `vssid declaration-pdf`: a draft's tờ khai with every field in its text (pdftotext),
//! marked as a draft without a reference, sound for `qpdf --check`; a bad draft is refused.

use vssid_core::flow::Registration;
use vssid_core::Lang;
use vssid_testkit::sample::valid_request;
use vssid_testkit::tools::{pdf_text, qpdf_check, squeeze};

#[test]
fn a_drafts_pdf_holds_its_fields_and_the_draft_mark() {
    let dir = tempfile::tempdir().unwrap();
    let mut registration = Registration::new("9f1c2e4a-1b2c-4d5e-8f90-123456789abc", Lang::Vi);
    registration.form = valid_request().form;
    registration.form.full_name = "Đặng Hữu Phước".into();
    registration.office = Some("079".into());
    registration.email = "phuoc@example.vn".into();
    let draft = dir.path().join("draft.json");
    std::fs::write(&draft, vssid_core::draft::encode(&registration)).unwrap();
    let out = dir.path().join("to-khai.pdf");
    let (code, stdout, stderr) = vssid_cli::run_captured(&[
        "declaration-pdf",
        draft.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), out.display().to_string());
    qpdf_check(&out).unwrap();
    let text = squeeze(&pdf_text(&out));
    for expected in [
        "chưa gửi — bản nháp",
        "Đặng Hữu Phước",
        "7901234567",
        "079303001234",
        "12 Lý Văn Phức, Phường Tân Định, Thành phố Hồ Chí Minh",
        "0912345678",
        "phuoc@example.vn",
        "Kính gửi: [079] BHXH TP. Hồ Chí Minh",
        "Tôi cam kết chịu trách nhiệm trước pháp luật",
        "ngày ..... tháng ..... năm",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    assert!(!text.contains("DK-"), "a draft has no reference: {text}");
    assert!(!text.contains("Full name"), "Vietnamese only: {text}");

    std::fs::write(&draft, "{not a draft").unwrap();
    let (code, _, stderr) = vssid_cli::run_captured(&[
        "--lang",
        "en",
        "declaration-pdf",
        draft.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("Not a valid draft"), "{stderr}");
}
