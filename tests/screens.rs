//! The screens rendered without a window (server-side rendering of the root for given
//! registration states): labels, keyboards, errors tied to their fields, disabled buttons,
//! the language switch.

use dioxus::prelude::*;
use std::rc::Rc;
use vssid_app::edges::drafts::{DraftStore, MemoryDraftStore};
use vssid_app::i18n::Text;
use vssid_app::services::{step, Services};
use vssid_app::{Root, RootProps, Setup};
use vssid_core::fields::FieldId;
use vssid_core::flow::{Event, OtpState, PhotoRef, PhotoState, Registration, Step, Submission};
use vssid_core::Lang;

fn setup_with(services: Services, state: Registration) -> Setup {
    Setup {
        services,
        initial: state,
        notices: Vec::new(),
        demo: false,
    }
}

fn render_setup(setup: Setup) -> String {
    let mut dom = VirtualDom::new_with_props(Root, RootProps { setup });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

fn render(state: Registration) -> String {
    render_setup(setup_with(Services::in_memory(), state))
}

/// The opening tag of the element with `id`.
fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let needle = format!("id=\"{id}\"");
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no element with id {id}"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

fn at(step: Step, lang: Lang) -> Registration {
    let mut r = Registration::new("test-key", lang);
    r.step = step;
    r
}

fn filled(mut r: Registration) -> Registration {
    r.form.bhxh_code = "7901234567".into();
    r.form.full_name = "Nguyễn Thị Ánh".into();
    r.form.person_id = "079303001234".into();
    r.form.province = "79".into();
    r.form.commune = "26737".into();
    r.form.street = "12 Lý Văn Phức".into();
    r.form.phone = "0912345678".into();
    r
}

#[test]
fn declaration_has_every_field_with_its_label_and_keyboard() {
    let html = render(at(Step::Declaration, Lang::Vi));
    for label in [
        "Mã BHXH",
        "Họ và tên",
        "Số CCCD/Hộ chiếu/CMND",
        "Địa chỉ liên hệ",
        "Tỉnh - TP",
        "Phường - Xã",
        "Số nhà, tên đường, tổ/xóm, khu phố/thôn",
        "Số điện thoại",
        "Quay lại",
        "Tiếp tục",
        "Bước 1/4",
    ] {
        assert!(html.contains(label), "missing {label}");
    }
    for field in [
        FieldId::BhxhCode,
        FieldId::FullName,
        FieldId::PersonId,
        FieldId::Province,
        FieldId::Commune,
        FieldId::Street,
        FieldId::Phone,
    ] {
        assert!(
            html.contains(&format!("for=\"{}\"", field.as_str())),
            "no label for {field:?}"
        );
        assert!(tag_with_id(&html, field.as_str()).contains("aria-invalid=\"false\""));
    }
    assert!(tag_with_id(&html, "bhxh_code").contains("inputmode=\"numeric\""));
    let phone = tag_with_id(&html, "phone");
    assert!(phone.contains("type=\"tel\""), "{phone}");
    assert!(phone.contains("autocomplete=\"tel-national\""));
    assert!(tag_with_id(&html, "full_name").contains("autocomplete=\"name\""));
    // Seven required marks: six fields, the address legend and its two pickers share it.
    assert!(html.matches("class=\"req\"").count() >= 7);
    // Without a province the commune picker says why it is closed.
    let commune = tag_with_id(&html, "commune");
    assert!(commune.contains("disabled"), "{commune}");
    assert!(html.contains(Text::ChooseProvinceFirst.get(Lang::Vi)));
    assert!(html.contains("lang=\"vi\""));
}

#[test]
fn errors_after_next_show_beside_their_fields_in_the_current_language() {
    let services = Services::in_memory();
    let mut r = at(Step::Declaration, Lang::Vi);
    r.form.full_name = "Nguyễn Thị Ánh".into();
    r.form.bhxh_code = "123".into();
    let (r, performed) = step(&services, r, Event::Next);
    assert_eq!(r.step, Step::Declaration);
    assert!(format!("{performed:?}").contains("Focus(BhxhCode)"));
    let error = r
        .errors
        .get(&FieldId::BhxhCode)
        .expect("bhxh error")
        .clone();

    let html = render_setup(setup_with(services.clone(), r.clone()));
    let input = tag_with_id(&html, "bhxh_code");
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    assert!(input.contains("aria-describedby=\"bhxh_code-hint bhxh_code-error\""));
    assert!(html.contains(&format!(
        "id=\"bhxh_code-error\" class=\"error\">{}",
        error.vi
    )));
    assert!(tag_with_id(&html, "full_name").contains("aria-invalid=\"false\""));
    assert!(tag_with_id(&html, "province").contains("aria-invalid=\"true\""));
    assert!(html.contains(&r.errors[&FieldId::Phone].vi));

    // The same state in English: the labels and the core's messages change language.
    let (en, _) = step(&services, r, Event::SetLang(Lang::En));
    let html = render_setup(setup_with(services, en));
    assert!(html.contains(&error.en), "{}", error.en);
    assert!(!html.contains(&error.vi));
    assert!(
        html.contains("Full name") && html.contains("Continue") && html.contains("Step 1 of 4")
    );
    assert!(!html.contains("Họ và tên"));
    assert!(
        html.contains("Tiếng Việt"),
        "the switch offers Vietnamese back"
    );
    assert!(html.contains("lang=\"en\""));
}

#[test]
fn start_offers_to_resume_only_when_a_draft_has_progress() {
    let fresh = render(Registration::new("k", Lang::Vi));
    assert!(fresh.contains("Đăng ký tài khoản"));
    assert!(fresh.contains(Text::PrepareBhxhCode.get(Lang::Vi)));
    assert!(fresh.contains("id=\"begin\""));
    assert!(!fresh.contains(Text::ResumeHeading.get(Lang::Vi)));

    let mut draft = Registration::new("k", Lang::Vi);
    draft.form.full_name = "Lê Văn Tám".into();
    let html = render(draft);
    assert!(html.contains(Text::ResumeHeading.get(Lang::Vi)));
    assert!(html.contains("id=\"resume\""));
    assert!(html.contains("Xóa bản nháp"));
}

#[test]
fn photos_have_three_slots_with_the_file_picker() {
    let mut r = filled(at(Step::Photos, Lang::Vi));
    let services = Services::in_memory();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x04\xb0\0\0\x06\x40\x08\x02\0\0\0";
    services.photos.put("p1", png).unwrap();
    r.photos.portrait = PhotoState::Ready(PhotoRef {
        key: "p1".into(),
        bytes: png.len() as u64,
        width: 1200,
        height: 1600,
        warnings: vec![],
    });
    r.photos.id_front = PhotoState::Processing {
        staged_key: "s1".into(),
    };
    let html = render_setup(setup_with(services, r));
    for label in [
        "Ảnh cá nhân",
        "Ảnh CCCD/CMND/HC mặt trước",
        "Ảnh CCCD/CMND/HC mặt sau",
    ] {
        assert!(html.contains(label), "missing {label}");
    }
    for id in ["portrait", "id_front", "id_back"] {
        let input = tag_with_id(&html, id);
        assert!(input.contains("type=\"file\"") && input.contains("accept=\"image/*\""));
    }
    assert!(
        html.contains("src=\"data:image/png;base64,"),
        "preview shown"
    );
    assert!(html.contains("1200 × 1600 px"));
    assert!(
        html.contains("Chọn lại ảnh"),
        "retake offered for the ready photo"
    );
    assert!(
        tag_with_id(&html, "id_front").contains("disabled"),
        "busy slot"
    );
    assert!(html.contains(Text::PhotoProcessing.get(Lang::Vi)));
}

#[test]
fn office_list_shows_codes_with_suggestions_first_and_details() {
    let mut r = filled(at(Step::Office, Lang::Vi));
    r.office = Some("079".into());
    let html = render(r);
    assert!(html.contains("Cơ quan BHXH tiếp nhận"));
    assert!(html.contains("[079]") && html.contains("BHXH TP. Hồ Chí Minh"));
    // Phường Tân Định is served by BHXH cơ sở Tân Định: suggested first.
    let suggested = html.find("Gợi ý theo địa chỉ").expect("suggestions");
    let serving = html.find("id=\"office-79-tan-dinh\"").unwrap();
    let all = html.find("Tất cả cơ quan").unwrap();
    let other = html.find("id=\"office-07909\"").unwrap();
    assert!(suggested < serving && serving < all && all < other);
    assert!(tag_with_id(&html, "office-079").contains("aria-checked=\"true\""));
    assert!(html.contains("(028) 39.979.039"));
    assert!(html.contains(">Chọn<"));
}

#[test]
fn email_screen_shows_the_office_card_and_the_guide_note() {
    let mut r = filled(at(Step::Email, Lang::Vi));
    r.office = Some("079".into());
    let html = render(r);
    for text in [
        "Cơ quan BHXH",
        "BHXH TP. Hồ Chí Minh",
        "Số điện thoại",
        "(028) 39.979.039",
        "Nhập địa chỉ email của bạn",
        "Email này để nhận tờ khai và được sử dụng để giao dịch, nhận thông tin từ cơ quan BHXH",
        "Quay lại",
        ">Gửi<",
    ] {
        assert!(html.contains(text), "missing {text}");
    }
    let office = Services::in_memory().catalog.office("079").unwrap();
    assert!(
        html.contains(&office.address.unwrap()),
        "the directory's address"
    );
    let input = tag_with_id(&html, "email");
    assert!(input.contains("type=\"email\"") && input.contains("autocomplete=\"email\""));
    assert!(html.contains("href=\"tel:02839979039\""));
}

fn at_otp(otp: OtpState) -> Registration {
    let mut r = filled(at(Step::Otp, Lang::Vi));
    r.office = Some("079".into());
    r.submission = Some(Submission {
        id: "r1".into(),
        reference: "079-DK-000001".into(),
        status: "awaiting_confirmation".into(),
        received_at: String::new(),
    });
    r.otp = otp;
    r
}

#[test]
fn otp_counts_down_and_disables_what_cannot_be_used() {
    let html = render(at_otp(OtpState {
        code: "12".into(),
        resend_wait_secs: 42,
        ..OtpState::default()
    }));
    let input = tag_with_id(&html, "otp");
    assert!(input.contains("inputmode=\"numeric\""));
    assert!(input.contains("autocomplete=\"one-time-code\""));
    assert!(html.contains("Gửi lại mã sau 42 giây"));
    assert!(tag_with_id(&html, "otp-resend").contains("disabled"));
    assert!(!tag_with_id(&html, "otp-confirm").contains("disabled"));

    let html = render(at_otp(OtpState {
        code: "123456".into(),
        verifying: true,
        ..OtpState::default()
    }));
    assert!(tag_with_id(&html, "otp-confirm").contains("disabled"));
    assert!(!tag_with_id(&html, "otp-resend").contains("disabled"));
    assert!(html.contains("Gửi lại mã<"));
}

#[test]
fn receipt_has_reference_hotline_and_the_guide_notes() {
    let mut r = at_otp(OtpState::default());
    r.step = Step::Receipt;
    let html = render(r);
    assert!(html.contains("079-DK-000001"));
    assert!(html.contains("href=\"tel:19009068\""));
    assert!(html.contains("[079] BHXH TP. Hồ Chí Minh"));
    assert!(html.contains(Text::ReceiptNoteAccount.get(Lang::Vi)));
    assert!(html.contains(Text::ReceiptNotePhone.get(Lang::Vi)));
}

#[test]
fn submitting_shows_progress() {
    let html = render(filled(at(Step::Submitting, Lang::Vi)));
    assert!(html.contains("Đang gửi hồ sơ"));
    assert!(html.contains("<progress"));
    assert!(!html.contains("id=\"action-next\""));
}

#[test]
fn a_refused_draft_is_set_aside_and_announced() {
    let drafts = Rc::new(MemoryDraftStore::default());
    drafts.save("{ damaged").unwrap();
    let mut services = Services::in_memory();
    services.drafts = drafts.clone();
    let setup = Setup::restore(services);
    assert_eq!(setup.initial.step, Step::Start);
    assert_eq!(drafts.load().unwrap(), None);
    assert_eq!(drafts.set_aside.borrow().as_slice(), ["{ damaged"]);
    let html = render_setup(setup);
    assert!(html.contains("Bản nháp đã lưu bị hỏng"), "notice shown");
    assert!(html.contains("memory #1"));
}
