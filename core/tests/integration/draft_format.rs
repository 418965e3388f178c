//! The draft is a file format: drafts written by the first release of version 1
//! (`core/tests/data/draft-v1-*.json`, never regenerated) still load, field by field, and
//! writing them again gives the same bytes.

use vssid_core::api::RegistrationStatus;
use vssid_core::consent::NOTICE_VERSION;
use vssid_core::draft::{decode, encode, DraftV1};
use vssid_core::fields::{FieldError, FieldId};
use vssid_core::flow::{PhotoState, Registration, Step};
use vssid_core::Lang;

const AT_EMAIL: &str = include_str!("../data/draft-v1-email.json");
const AT_OTP: &str = include_str!("../data/draft-v1-otp.json");

/// The notice the fixtures' person consented to.
const FIXTURE_NOTICE: &str = "2026-11-29";

fn error(code: &str, vi: &str, en: &str) -> FieldError {
    FieldError {
        code: code.into(),
        vi: vi.into(),
        en: en.into(),
    }
}

/// The state the version-1 mapping reads (before `decode` settles what cannot outlive the
/// app).
fn mapped(document: &str) -> Registration {
    serde_json::from_str::<DraftV1>(document)
        .expect("a version-1 draft")
        .into_registration()
}

/// `decode` gives the mapped state, settled: a consent to a notice that has since changed is
/// asked again (the rest is kept).
fn assert_decode_settles(document: &str, mapped: &Registration) {
    let decoded = decode(document).expect("the draft loads");
    if NOTICE_VERSION == FIXTURE_NOTICE {
        assert_eq!(&decoded, mapped);
    } else {
        assert_eq!(decoded.step, Step::Consent);
        assert_eq!(decoded.consent.given, None);
        assert_eq!(decoded.form, mapped.form);
    }
}

#[test]
fn a_draft_at_the_email_step_from_the_first_release_loads_field_by_field() {
    let r = mapped(AT_EMAIL);
    assert_eq!(r.step, Step::Email);
    assert_eq!(r.lang, Lang::En);
    assert_eq!(r.idempotency_key, "6f1c2a4e-0b7e-4c1e-9a57-3d2f5b8e9c10");

    assert_eq!(r.form.bhxh_code, "7901234567");
    assert_eq!(r.form.full_name, "Nguyễn Thị Ánh");
    assert_eq!(r.form.person_id, "352576714");
    assert_eq!(r.form.province, "79");
    assert_eq!(r.form.commune, "26737");
    assert_eq!(r.form.street, "12 Lý Văn Phức");
    assert_eq!(r.form.phone, "0912345678");

    assert_eq!(r.errors.len(), 2);
    assert_eq!(
        r.errors[&FieldId::Email],
        error(
            "email_no_domain",
            "Địa chỉ email thiếu tên miền",
            "The e-mail address has no domain"
        )
    );
    assert_eq!(
        r.errors[&FieldId::GuardianName],
        error("required", "Vui lòng nhập", "Required")
    );

    let PhotoState::Ready(portrait) = &r.photos.portrait else {
        panic!("the portrait is ready: {:?}", r.photos.portrait);
    };
    assert_eq!(portrait.key, "photo-portrait-1");
    assert_eq!(portrait.bytes, 120_000);
    assert_eq!((portrait.width, portrait.height), (1200, 1600));
    assert_eq!(
        portrait.warnings,
        [error(
            "photo_dark",
            "Ảnh hơi tối",
            "The photo is a little dark"
        )]
    );
    assert_eq!(
        r.photos.id_front,
        PhotoState::Processing {
            staged_key: "staged-front".into()
        }
    );
    assert_eq!(
        r.photos.id_back,
        PhotoState::Failed {
            error: error("photo_too_small", "Ảnh quá nhỏ", "The photo is too small")
        }
    );

    assert_eq!(r.office.as_deref(), Some("79-tan-dinh"));
    assert_eq!(r.email, "anh.nguyen@example");
    assert_eq!(r.submission, None);
    assert_eq!(r.otp, Default::default());
    let notice = r.notice.as_ref().expect("a notice");
    assert_eq!(
        notice.message,
        error("offline", "Không có mạng", "No network")
    );
    assert!(notice.is_error);

    assert!(r.consent.general);
    assert!(r.consent.id_images);
    let given = r.consent.given.as_ref().expect("consent given");
    assert_eq!(given.notice_version, FIXTURE_NOTICE);
    assert_eq!(given.accepted_at, "2026-11-25T09:00:00Z");
    assert!(!r.consent.declined);
    assert_eq!(r.consent.date_of_birth, "2012-03-04");
    assert_eq!(r.consent.guardian.name, "Nguyễn Văn Bình");
    assert_eq!(r.consent.guardian.relation, "father");
    assert!(r.consent.guardian.accepted);

    assert_eq!(r.after_receipt, Default::default());
    assert_eq!(r.qr_card, None);

    assert_decode_settles(AT_EMAIL, &r);
}

#[test]
fn a_draft_at_the_code_step_from_the_first_release_loads_field_by_field() {
    let r = mapped(AT_OTP);
    assert_eq!(r.step, Step::Otp);
    assert_eq!(r.lang, Lang::Vi);
    assert_eq!(r.idempotency_key, "0d9b7a52-4c3e-4f0a-8e21-5b6c7d8e9f01");
    assert_eq!(r.form.person_id, "079303001234");
    assert_eq!(r.form.full_name, "Nguyễn Thị Ánh");
    assert!(r.errors.is_empty());
    assert_eq!(r.photos, Default::default());
    assert_eq!(r.office.as_deref(), Some("079"));
    assert_eq!(r.email, "anh.nguyen@example.com");

    let submission = r.submission.as_ref().expect("submitted");
    assert_eq!(submission.id, "3b0e5c1a-7d2f-4e8b-9a61-0c4d5e6f7a8b");
    assert_eq!(submission.reference, "079-2026-000042");
    assert_eq!(submission.status, RegistrationStatus::Received);
    assert_eq!(submission.received_at, "2026-11-25T10:00:00Z");

    assert_eq!(r.otp.code, "1234");
    assert!(!r.otp.verifying);
    assert_eq!(r.otp.resend_wait_secs, 42);
    assert!(!r.otp.resending);
    assert_eq!(
        r.otp.error,
        Some(error("otp_wrong", "Mã không đúng", "The code is wrong"))
    );
    assert_eq!(r.notice, None);

    assert!(r.consent.general && r.consent.id_images);
    assert_eq!(
        r.consent.given.as_ref().map(|g| g.accepted_at.as_str()),
        Some("2026-11-25T09:00:00Z")
    );
    assert_eq!(r.consent.date_of_birth, "");
    assert_eq!(r.consent.guardian, Default::default());

    assert_decode_settles(AT_OTP, &r);

    // The status word of drafts from before `received` still reads.
    let older = AT_OTP.replace("\"received\"", "\"awaiting_confirmation\"");
    assert_eq!(mapped(&older), r);
}

#[test]
fn writing_a_first_release_draft_again_gives_the_same_bytes() {
    for document in [AT_EMAIL, AT_OTP] {
        let r = mapped(document);
        assert_eq!(encode(&r), document);
        // And what is written reads back to the same state.
        assert_eq!(mapped(&encode(&r)), r);
    }
}
