//! The consent screen, the guardian's consent on the Declaration and the rights on the
//! Receipt, rendered without a window and driven through the app's edges.

use crate::render::{render, render_setup, setup_with, tag_with_id};
use vssid_app::services::{step, Performed, Services};
use vssid_core::declaration::fixtures::sample_form;
use vssid_core::fields::FieldId;
use vssid_core::flow::{ConsentBox, Event, Registration, Step, Submission};
use vssid_core::Lang;

const AT: &str = "2026-11-29T08:00:00Z";

fn at_consent(lang: Lang) -> Registration {
    let mut r = Registration::new("test-key", lang);
    r.step = Step::Consent;
    r
}

#[test]
fn the_consent_screen_shows_the_summary_the_full_text_and_two_unticked_boxes() {
    for (lang, words) in [
        (
            Lang::Vi,
            [
                "Dữ liệu cá nhân của bạn",
                "Đọc toàn văn thông báo xử lý dữ liệu cá nhân",
                "dữ liệu cá nhân nhạy cảm",
                "Đồng ý và tiếp tục",
                "Không đồng ý",
            ],
        ),
        (
            Lang::En,
            [
                "Your personal data",
                "Read the full personal data notice",
                "sensitive personal data",
                "Consent and continue",
                "I do not consent",
            ],
        ),
    ] {
        let html = render(at_consent(lang));
        for word in words {
            assert!(html.contains(word), "{lang:?}: missing {word}");
        }
        for id in ["consent", "consent-id-images"] {
            let tag = tag_with_id(&html, id);
            assert!(tag.contains("type=\"checkbox\""), "{tag}");
            assert!(!tag.contains("checked"), "pre-ticked: {tag}");
            assert!(html.contains(&format!("for=\"{id}\"")), "no label for {id}");
        }
        // The full text is in a disclosure, one tap away.
        assert!(tag_with_id(&html, "notice-full").starts_with("<details"));
        assert!(html.contains("91/2025/QH15"));
    }
}

#[test]
fn accepting_needs_both_boxes_and_declining_points_to_the_official_channels() {
    let services = Services::in_memory();
    let (r, _) = step(
        &services,
        at_consent(Lang::Vi),
        Event::ConsentAccept { at: AT.into() },
    );
    assert_eq!(r.step, Step::Consent);
    let html = render(r.clone());
    assert!(tag_with_id(&html, "consent").contains("aria-invalid=\"true\""));
    assert!(html.contains("id=\"consent-error\""));

    let (declined, _) = step(&services, r, Event::ConsentDecline);
    let html = render(declined);
    assert!(html.contains("Bạn chưa đồng ý"));
    assert!(html.contains("https://baohiemxahoi.gov.vn"));
    assert!(html.contains("tel:19009068"));

    let mut r = at_consent(Lang::Vi);
    for which in [ConsentBox::General, ConsentBox::IdImages] {
        r = step(
            &services,
            r,
            Event::ConsentTick {
                which,
                ticked: true,
            },
        )
        .0;
    }
    let html = render(r.clone());
    assert!(tag_with_id(&html, "consent").contains("checked"));
    let (r, _) = step(&services, r, Event::ConsentAccept { at: AT.into() });
    assert_eq!(r.step, Step::Declaration);
    assert!(r.has_consent());
}

#[test]
fn a_child_is_asked_for_a_guardian_on_the_declaration() {
    let mut r = Registration::new("test-key", Lang::Vi);
    r.consent_to_current_notice(AT);
    r.step = Step::Declaration;
    r.form = sample_form();
    let adult = render(r.clone());
    assert!(!adult.contains("id=\"guardian\""));
    r.form.person_id = "079312001234".into(); // born 2012
    let child = render(r.clone());
    assert!(child.contains("Sự đồng ý của cha, mẹ hoặc người giám hộ"));
    for id in ["guardian_name", "guardian_relation", "guardian_consent"] {
        tag_with_id(&child, id);
        assert!(
            child.contains(&format!("for=\"{id}\"")),
            "no label for {id}"
        );
    }
    assert!(!tag_with_id(&child, "guardian_consent").contains("checked"));
    r.form.person_id = "079210001234".into(); // born 2010: 15 or 16
    let boundary = render(r);
    assert!(boundary.contains("for=\"date_of_birth\""));
}

#[test]
fn the_receipt_offers_the_copy_and_the_withdrawal_with_a_confirmation() {
    let services = Services::in_memory();
    let mut r = Registration::new("test-key", Lang::Vi);
    r.consent_to_current_notice(AT);
    r.step = Step::Receipt;
    r.form = sample_form();
    r.submission = Some(Submission {
        id: "fake-test-key".into(),
        reference: "079-DK-000001".into(),
        status: vssid_core::api::RegistrationStatus::Received,
        received_at: String::new(),
    });
    let html = render_setup(setup_with(services.clone(), r.clone()));
    assert!(html.contains("Rút lại đồng ý và xóa hồ sơ"));
    assert!(html.contains("Tải dữ liệu của tôi"));

    let (asking, _) = step(&services, r, Event::WithdrawAsk);
    let html = render(asking.clone());
    assert!(tag_with_id(&html, "withdraw-yes").contains("button"));
    assert!(html.contains("role=\"alertdialog\""));

    let (mut working, performed) = step(&services, asking, Event::WithdrawConfirm);
    assert!(working.after_receipt.withdrawing);
    for p in performed {
        if let Performed::Later(future) = p {
            let event = pollster::block_on(future);
            working = step(&services, working, event).0;
        }
    }
    assert!(working.after_receipt.withdrawn);
    assert!(render(working).contains("Đã xóa hồ sơ"));
}

#[test]
fn nothing_typed_before_consent_reaches_the_draft() {
    let services = Services::in_memory();
    let (r, _) = step(&services, Registration::new("k", Lang::Vi), Event::Begin);
    assert_eq!(r.step, Step::Consent);
    let mut sneaky = r.clone();
    sneaky.step = Step::Declaration;
    let (after, _) = step(
        &services,
        sneaky,
        Event::Edit {
            field: FieldId::FullName,
            value: "Nguyễn Thị Ánh".into(),
        },
    );
    assert_eq!(after.step, Step::Consent);
    let saved = services.drafts.load().unwrap().unwrap_or_default();
    assert!(!saved.contains("Nguyễn Thị Ánh"));
}
