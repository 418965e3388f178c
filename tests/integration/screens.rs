//! The screens rendered without a window (server-side rendering of the root for given
//! registration states): labels, keyboards, errors tied to their fields, disabled buttons,
//! the language switch.

use crate::render::{render, render_setup, setup_with, tag_with_id};
use dioxus::prelude::*;
use std::rc::Rc;
use vssid_app::edges::drafts::{DraftStore, MemoryDraftStore};
use vssid_app::i18n::Text;
use vssid_app::services::{step, Services};
use vssid_app::Setup;
use vssid_core::api::RegistrationStatus;
use vssid_core::declaration::fixtures::sample_form;
use vssid_core::fields::FieldId;
use vssid_core::flow::{Event, OtpState, PhotoRef, PhotoState, Registration, Step, Submission};
use vssid_core::Lang;

/// A registration at `step` whose person consented (the Consent screen has its own tests).
fn at(step: Step, lang: Lang) -> Registration {
    let mut r = Registration::new("test-key", lang);
    r.step = step;
    r.consent_to_current_notice("2026-11-29T08:00:00Z");
    r
}

fn filled(mut r: Registration) -> Registration {
    r.form = sample_form();
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
        "Phường/Xã/Đặc khu",
        "Số nhà, tên đường, tổ/xóm, khu phố/thôn/ấp/bản",
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
    services.photos.put("p1", png.to_vec()).unwrap();
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
    let other = html.find("id=\"office-01-dong-da\"").unwrap();
    // The whole list holds no closed office, and labels put the provincial office first.
    assert!(!html.contains("id=\"office-07909\""));
    assert!(html.contains("(001) BHXH TP. Hà Nội - BHXH Cơ sở Đống Đa"));
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
        status: RegistrationStatus::Received,
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

/// The receipt at `status` in `lang`.
fn receipt_at(status: RegistrationStatus, lang: Lang) -> String {
    let mut r = at_otp(OtpState::default());
    r.lang = lang;
    r.step = Step::Receipt;
    r.submission.as_mut().unwrap().status = status;
    render(r)
}

/// The text inside the element with `id` (its opening tag to the next `<`).
fn text_of(html: &str, id: &str) -> String {
    let tag = tag_with_id(html, id);
    let start = html.find(tag).unwrap() + tag.len();
    html[start..start + html[start..].find('<').unwrap()].to_string()
}

#[test]
fn the_receipt_offers_the_declaration_pdf_once_confirmed_and_as_a_file_once_fetched() {
    // Before the code: no tờ khai yet.
    let received = receipt_at(RegistrationStatus::Received, Lang::Vi);
    assert!(!received.contains("id=\"get-declaration\""));
    // After it: a button that fetches it behind the secret (never a link holding the id).
    let confirmed = receipt_at(RegistrationStatus::Confirmed, Lang::Vi);
    assert!(tag_with_id(&confirmed, "get-declaration").starts_with("<button"));
    assert!(!confirmed.contains("declaration.pdf"));
    // Fetched: a file to save, named by the reference.
    let mut r = at_otp(OtpState::default());
    r.step = Step::Receipt;
    r.submission.as_mut().unwrap().status = RegistrationStatus::Confirmed;
    r.after_receipt.pdf = Some(b"%PDF-1.7 test".to_vec());
    let reference = r.submission.as_ref().unwrap().reference.clone();
    let html = render(r);
    let link = tag_with_id(&html, "save-declaration");
    assert!(
        link.contains("href=\"data:application/pdf;base64,JVBERi0xLjcgdGVzdA==\""),
        "{link}"
    );
    assert!(
        link.contains(&format!("download=\"to-khai-{reference}.pdf\"")),
        "{link}"
    );
    assert!(html.contains(Text::DeclarationPdfReady.get(Lang::Vi)));
}

#[test]
fn the_receipt_says_in_words_what_each_status_means_in_both_languages() {
    for status in RegistrationStatus::ALL {
        for lang in [Lang::Vi, Lang::En] {
            let html = receipt_at(status, lang);
            let shown = text_of(&html, "receipt-status");
            assert_eq!(shown, vssid_app::i18n::status_label(lang, status));
            assert_ne!(shown, status.as_str(), "the raw word is shown");
            let words = vssid_app::i18n::receipt_words(status);
            assert!(
                html.contains(words.heading.get(lang)),
                "{status:?} {lang:?}"
            );
            assert!(html.contains(words.body.get(lang)), "{status:?} {lang:?}");
            for step in words.next {
                assert!(html.contains(step.get(lang)), "{status:?} {lang:?}");
            }
            // The hotline is BHXH Việt Nam's, and it cannot see registrations made here.
            assert!(html.contains(Text::ReceiptHotlineScope.get(lang)));
            assert!(
                html.contains(">1900 9068</a>."),
                "no space before the full stop"
            );
        }
    }
    // What the service answers after the code: sent to the office, not "received by BHXH".
    let confirmed = receipt_at(RegistrationStatus::Confirmed, Lang::Vi);
    assert_eq!(
        text_of(&confirmed, "receipt-status"),
        "Đã gửi tới cơ quan BHXH, chờ xem xét"
    );
    assert!(confirmed.contains("trong vòng 10 ngày"));
    assert!(
        !confirmed.contains("tin nhắn xác nhận"),
        "no SMS is promised"
    );
    assert!(!confirmed.contains("đã tiếp nhận hồ sơ"));
    let received = receipt_at(RegistrationStatus::Received, Lang::En);
    assert!(!received.contains("was sent to the BHXH office"));
}

#[test]
fn the_receipt_gives_the_time_in_vietnam_time() {
    let mut r = at_otp(OtpState::default());
    r.step = Step::Receipt;
    r.submission.as_mut().unwrap().received_at = "2026-11-25T17:31:08Z".into();
    let html = render(r);
    assert_eq!(text_of(&html, "receipt-sent-at"), "26/11/2026 00:31");
    assert!(html.contains(Text::ReceiptSentAt.get(Lang::Vi)));
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

// Camera

use vssid_app::components::camera::{
    CameraPhase, CameraRefusal, CameraView, GuideShape, LiveCamera,
};
use vssid_app::steps::photos::{camera_button_id, facing, guide_shape, CameraFallback};
use vssid_core::flow::PhotoSlot;

fn render_element(app: fn() -> Element) -> String {
    let mut dom = VirtualDom::new(app);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn photos_offer_the_camera_first_and_the_file_picker_beside_it() {
    let html = render(filled(at(Step::Photos, Lang::Vi)));
    for slot in PhotoSlot::ALL {
        let field = slot.field().as_str();
        let id = camera_button_id(slot);
        assert_eq!(id, format!("camera-{field}"));
        let button = tag_with_id(&html, &id);
        assert!(button.starts_with("<button"), "{button}");
        assert!(button.contains("type=\"button\""));
        assert!(!button.contains("disabled"), "{button}");
        // The visible words and the slot, for screen readers.
        let label = vssid_app::steps::photos::slot_label(slot).get(Lang::Vi);
        let after = &html[html.find(button).unwrap() + button.len()..];
        let text = &after[..after.find("</button>").unwrap()];
        assert!(text.contains("Chụp ảnh"), "{text}");
        assert!(text.contains(label), "{text}");
        // The file input keeps its id; the camera comes first.
        assert!(tag_with_id(&html, field).contains("type=\"file\""));
        assert!(html.find(&format!("id=\"{id}\"")) < html.find(&format!("id=\"{field}\"")));
        assert!(html.contains(&format!("for=\"{field}\"")));
    }
    assert!(!html.contains("role=\"dialog\""), "no camera until asked");

    let html = render(filled(at(Step::Photos, Lang::En)));
    assert!(html.contains("Take a photo") && html.contains("Choose a photo"));
}

#[test]
fn a_photo_being_processed_is_busy_and_says_what_happens() {
    let mut r = filled(at(Step::Photos, Lang::Vi));
    r.photos.id_back = PhotoState::Processing {
        staged_key: "s1".into(),
    };
    let html = render(r);
    assert!(tag_with_id(&html, "camera-id_back").contains("disabled"));
    assert!(!tag_with_id(&html, "camera-id_front").contains("disabled"));
    let card = html.find("aria-labelledby=\"id_back-title\"").unwrap();
    let card_tag = &html[html[..card].rfind('<').unwrap()..card + html[card..].find('>').unwrap()];
    assert!(card_tag.contains("aria-busy=\"true\""), "{card_tag}");
    assert_eq!(
        html.matches("aria-busy=\"true\"").count(),
        2,
        "card and frame"
    );
    assert!(html.contains(Text::PhotoProcessing.get(Lang::Vi)));
    assert!(html.contains(Text::PhotoProcessingSteps.get(Lang::Vi)));
}

#[test]
fn a_quality_warning_offers_a_retake_with_the_camera() {
    let mut r = filled(at(Step::Photos, Lang::Vi));
    let services = Services::in_memory();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x02\x80\0\0\x01\xe0\x08\x02\0\0\0";
    services.photos.put("f1", png.to_vec()).unwrap();
    let warning = vssid_core::fields::FieldError {
        code: "photo_dark".into(),
        vi: "Ảnh hơi tối".into(),
        en: "The photo is dark".into(),
    };
    r.photos.id_front = PhotoState::Ready(PhotoRef {
        key: "f1".into(),
        bytes: png.len() as u64,
        width: 640,
        height: 480,
        warnings: vec![warning],
    });
    let html = render_setup(setup_with(services, r));
    assert!(html.contains("Ảnh hơi tối"));
    assert!(html.contains(Text::PhotoRetakeAdvice.get(Lang::Vi)));
    let retake = tag_with_id(&html, "retake-id_front");
    assert!(
        retake.contains("aria-describedby=\"id_front-warnings\""),
        "{retake}"
    );
    let after = &html[html.find(retake).unwrap()..];
    assert!(after[..after.find("</button>").unwrap()].contains(">Chụp lại"));
    // The main camera button says the same for a ready photo; the others still "take".
    let main = &html[html.find("id=\"camera-id_front\"").unwrap()..];
    assert!(main[..main.find("</button>").unwrap()].contains("Chụp lại"));
    assert!(!html.contains("id=\"retake-portrait\""));
}

#[test]
fn every_refusal_of_the_camera_says_why_and_points_to_the_file_picker() {
    let mut seen = std::collections::HashSet::new();
    for refusal in CameraRefusal::ALL {
        for lang in [Lang::Vi, Lang::En] {
            let mut dom = VirtualDom::new_with_props(
                CameraFallback,
                vssid_app::steps::photos::CameraFallbackProps {
                    lang,
                    slot: PhotoSlot::IdFront,
                    refusal,
                },
            );
            dom.rebuild_in_place();
            let html = dioxus_ssr::render(&dom);
            let tag = tag_with_id(&html, "id_front-camera-refused");
            assert!(tag.contains("role=\"alert\""), "{tag}");
            assert!(tag.contains(&format!("data-reason=\"{}\"", refusal.code())));
            assert!(
                html.contains(refusal.text().get(lang)),
                "{refusal:?} {lang:?}"
            );
            assert!(html.contains(Text::CameraUseFile.get(lang)));
            assert!(seen.insert(html), "each message differs");
        }
    }
    // The names browsers throw, mapped to what the person is told.
    assert_eq!(
        CameraRefusal::from_js_error("NotAllowedError").text(),
        Text::CameraDenied
    );
    assert_eq!(
        CameraRefusal::from_js_error("NotFoundError").text(),
        Text::CameraNotFound
    );
    assert_eq!(
        CameraRefusal::from_js_error("InsecureContext").text(),
        Text::CameraInsecure
    );
    assert_eq!(
        CameraRefusal::from_js_error("NoMediaDevices").text(),
        Text::CameraUnsupported
    );
    assert!(Text::CameraDenied.get(Lang::Vi).contains("camera"));
}

/// A number attribute of an opening tag.
fn number(tag: &str, name: &str) -> f64 {
    let needle = format!(" {name}=\"");
    let at = tag
        .find(&needle)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + needle.len();
    tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
}

/// The opening tag of the first `<name` element.
fn first_tag<'a>(html: &'a str, name: &str) -> &'a str {
    let at = html
        .find(&format!("<{name} "))
        .unwrap_or_else(|| panic!("no <{name}>"));
    &html[at..=at + html[at..].find('>').unwrap()]
}

fn portrait_starting() -> Element {
    rsx! {
        CameraView {
            lang: Lang::Vi,
            title: "Chụp ảnh: Ảnh cá nhân".to_string(),
            shape: guide_shape(PhotoSlot::Portrait),
            phase: CameraPhase::Starting,
            problem: None,
            on_shoot: |_| {},
            on_switch: |_| {},
            on_cancel: |_| {},
        }
    }
}

fn card_live(devices: u32) -> Element {
    rsx! {
        CameraView {
            lang: Lang::En,
            title: "Take a photo: ID card / passport, front".to_string(),
            shape: guide_shape(PhotoSlot::IdFront),
            phase: CameraPhase::Live(LiveCamera { devices, width: 1920, height: 1080, mirrored: false }),
            problem: None,
            on_shoot: |_| {},
            on_switch: |_| {},
            on_cancel: |_| {},
        }
    }
}

fn card_live_two() -> Element {
    card_live(2)
}

fn card_live_one() -> Element {
    card_live(1)
}

#[test]
fn the_camera_dialog_is_labelled_and_draws_the_guide_of_its_slot() {
    assert_eq!(guide_shape(PhotoSlot::Portrait), GuideShape::Oval);
    assert_eq!(guide_shape(PhotoSlot::IdBack), GuideShape::Card);
    assert_eq!(facing(PhotoSlot::Portrait).as_js(), "user");
    assert_eq!(facing(PhotoSlot::IdFront).as_js(), "environment");

    // Opening: a modal dialog named by its heading, described by the instruction.
    let html = render_element(portrait_starting);
    let dialog = tag_with_id(&html, "camera-dialog");
    for attr in [
        "role=\"dialog\"",
        "aria-modal=\"true\"",
        "aria-labelledby=\"camera-title\"",
        "aria-describedby=\"camera-instruction\"",
        "tabindex=\"-1\"",
    ] {
        assert!(dialog.contains(attr), "{attr} in {dialog}");
    }
    assert!(html.contains("id=\"camera-title\""));
    assert!(html.contains("Chụp ảnh: Ảnh cá nhân"));
    assert!(html.contains(Text::CameraGuidePortrait.get(Lang::Vi)));
    let video = tag_with_id(&html, "camera-video");
    assert!(
        video.starts_with("<video") && video.contains("playsinline") && video.contains("muted")
    );
    assert!(
        tag_with_id(&html, "camera-shoot").contains("disabled"),
        "no frame yet"
    );
    assert!(tag_with_id(&html, "camera-shoot").contains("aria-label=\"Chụp ảnh này\""));
    assert!(html.contains(">Hủy<") && html.contains("id=\"camera-cancel\""));
    assert!(!html.contains("id=\"camera-switch\""));
    assert!(html.contains(Text::CameraStarting.get(Lang::Vi)));
    // The face guide: an upright oval, 3 : 4.
    let guide = first_tag(&html, "svg");
    assert!(guide.contains("data-shape=\"oval\"") && guide.contains("data-aspect=\"3 / 4\""));
    let oval = first_tag(&html, "ellipse");
    let ratio = number(oval, "rx") / number(oval, "ry");
    assert!((ratio - 0.75).abs() < 0.01, "{ratio}");
    assert!(!html.contains("<rect "));

    // Live, rear camera, two cameras: the card outline at the ID-1 ratio, every button.
    let html = render_element(card_live_two);
    let guide = first_tag(&html, "svg");
    assert!(guide.contains("data-shape=\"card\"") && guide.contains("data-aspect=\"85.6 / 54\""));
    assert!(guide.contains("viewBox=\"0 0 1920 1080\""), "{guide}");
    let card = first_tag(&html, "rect");
    let ratio = number(card, "width") / number(card, "height");
    assert!((ratio - 85.6 / 54.0).abs() < 0.01, "{ratio}");
    assert!(!html.contains("<ellipse "));
    assert!(!tag_with_id(&html, "camera-shoot").contains("disabled"));
    assert!(tag_with_id(&html, "camera-switch").contains("type=\"button\""));
    assert!(html.contains(">Switch camera<") && html.contains(">Cancel<"));
    assert!(html.contains(Text::CameraGuideCard.get(Lang::En)));
    assert!(!html.contains(Text::CameraStarting.get(Lang::En)));

    // One camera: nothing to switch to.
    let html = render_element(card_live_one);
    assert!(!html.contains("id=\"camera-switch\""));
}

#[test]
fn the_declaration_warns_beside_the_bhxh_code_and_an_old_cmnd_in_both_languages() {
    let mut r = filled(at(Step::Declaration, Lang::Vi));
    let html = render(r.clone());
    assert!(!html.contains("-warning\""), "no warning for the sample");
    r.form.bhxh_code = "079303001235".into();
    r.form.person_id = "079303001234".into();
    let html = render(r.clone());
    let warning = text_of(&html, "bhxh_code-warning");
    assert!(
        warning.starts_with("Mã BHXH 12 số khác số CCCD"),
        "{warning}"
    );
    assert!(warning.contains("01/8/2025"));
    // Beside Mã BHXH: after its input, before the next field.
    let at_warning = html.find("id=\"bhxh_code-warning\"").unwrap();
    assert!(html.find("id=\"bhxh_code\"").unwrap() < at_warning);
    assert!(at_warning < html.find("id=\"full_name\"").unwrap());
    r.form.bhxh_code = "7901234567".into();
    r.form.person_id = "025123456".into();
    r.lang = Lang::En;
    let html = render(r);
    let warning = text_of(&html, "person_id-warning");
    assert!(
        warning.contains("9-digit CMND is no longer valid"),
        "{warning}"
    );
    assert!(!html.contains("bhxh_code-warning"));
}

#[test]
fn a_closed_office_from_a_draft_is_shown_closed_with_its_successor_one_tap_away() {
    let mut r = filled(at(Step::Office, Lang::Vi));
    r.office = Some("07901".into());
    let html = render(r);
    let closed = tag_with_id(&html, "office-07901");
    assert!(closed.starts_with("<li"), "not a button: {closed}");
    assert!(html.contains("[07901] BHXH Quận 1"));
    assert!(html.contains("đã giải thể từ 01/7/2025; nay là"));
    let successor = tag_with_id(&html, "office-07901-successor-79-tan-dinh");
    assert!(successor.starts_with("<button"), "{successor}");
    assert!(html.contains("(079) BHXH TP. Hồ Chí Minh - BHXH Cơ sở Tân Định"));
}

#[test]
fn an_unconfirmed_code_and_an_old_phone_are_said_so_in_the_details() {
    let mut r = filled(at(Step::Office, Lang::Vi));
    r.form.province = "15".into();
    r.form.commune = String::new();
    r.office = Some("015".into());
    let html = render(r);
    assert!(
        !html.contains("[015]"),
        "an unconfirmed code is not shown as official"
    );
    assert!(html.contains("015 (chưa xác nhận"));
    let mut r = filled(at(Step::Office, Lang::Vi));
    r.office = Some("079".into());
    let html = render(r);
    assert!(html.contains("(028) 39.979.039"));
    assert!(html.contains("(thông tin từ trước 1/7/2025, chưa tìm được thông tin mới)"));
}

/// Finding 10 of issue 14: the photos screen says where the photos are kept and for how long.
#[test]
fn finding_10_the_photos_screen_says_where_photos_are_kept() {
    for (lang, words) in [
        (
            Lang::Vi,
            ["chỉ được lưu trên máy này", "sau khi gửi", "30 ngày"],
        ),
        (
            Lang::En,
            ["only on this device", "after sending", "30 days"],
        ),
    ] {
        let html = render(filled(at(Step::Photos, lang)));
        let note = tag_with_id(&html, "photos-kept-here");
        let after = &html[html.find(note).unwrap()..];
        let text = &after[..after.find("</p>").unwrap()];
        for word in words {
            assert!(text.contains(word), "{lang:?}: {text}");
        }
    }
}

/// Issue 17: on Android and iOS, Dioxus 0.7.10 answers a file input inside the app's tree
/// with no file; with the phones' picker the Start and Photos screens render no file input
/// at all, only buttons that the picker script (assets/file_picker.js) opens its own input
/// from. The web and desktop keep their file inputs.
#[test]
fn the_phones_picker_renders_no_file_input_in_the_app_tree() {
    use vssid_app::components::PickerKind;
    for (step, buttons) in [
        (Step::Start, vec!["qr-scan"]),
        (Step::Photos, vec!["portrait", "id_front", "id_back"]),
    ] {
        let state = filled(at(step, Lang::Vi));
        let mut phones = setup_with(Services::in_memory(), state.clone());
        phones.picker = PickerKind::Script;
        let html = render_setup(phones);
        assert!(!html.contains("type=\"file\""), "{step:?}: {html}");
        for id in &buttons {
            let button = tag_with_id(&html, id);
            assert!(button.starts_with("<button"), "{step:?}: {button}");
            assert!(
                button.contains(&format!("data-pick-file=\"{id}\"")),
                "{step:?}: {button}"
            );
        }
        let mut desktop = setup_with(Services::in_memory(), state);
        desktop.picker = PickerKind::Input;
        let html = render_setup(desktop);
        for id in &buttons {
            let input = tag_with_id(&html, id);
            assert!(input.contains("type=\"file\""), "{step:?}: {input}");
        }
    }
}

/// A kept registration the office asked to correct (its portrait and street).
fn kept_changes_requested() -> vssid_core::flow::SavedRegistration {
    use vssid_core::api::{Decision, DecisionReason, DecisionSummary};
    vssid_core::flow::SavedRegistration {
        id: "reg-1".into(),
        secret: "key-1".into(),
        reference: "DK-20261125-ABCDEF".into(),
        office: "079".into(),
        status: RegistrationStatus::ChangesRequested,
        received_at: "2026-11-25T10:00:00Z".into(),
        checked_at: Some("2026-11-26T03:00:00Z".into()),
        decision: Some(DecisionSummary {
            decision: Decision::RequestChanges,
            reason: DecisionReason::PortraitUnsuitable,
            note: "Ảnh đeo kính râm".into(),
            fields: vec![FieldId::Street, FieldId::Portrait],
            decided_at: "2026-11-26T02:00:00Z".into(),
        }),
    }
}

#[test]
fn my_registrations_are_listed_at_the_start_and_say_what_a_status_means() {
    let mut r = Registration::new("k", Lang::Vi);
    r.follow_up.saved = vec![kept_changes_requested()];
    let start = render(r.clone());
    assert!(start.contains("Hồ sơ của tôi"));
    assert!(start.contains("id=\"open-DK-20261125-ABCDEF\""));

    for lang in [Lang::Vi, Lang::En] {
        let mut tracking = r.clone();
        tracking.lang = lang;
        tracking.step = Step::Tracking;
        tracking.follow_up.open = Some("reg-1".into());
        let html = render(tracking);
        let words = RegistrationStatus::ChangesRequested.text(lang);
        assert!(html.contains(words.title), "{html}");
        assert!(html.contains(words.meaning));
        assert!(html.contains("Ảnh đeo kính râm"));
        assert!(html.contains(FieldId::Portrait.label(lang)));
        // The last time it was heard, in Vietnam time.
        assert!(html.contains("26/11/2026 10:00"));
        assert!(html.contains("id=\"fix-start\""));
        assert!(html.contains("id=\"tracking-refresh\""));
    }
}

#[test]
fn the_corrections_screen_opens_only_what_the_office_named() {
    let mut r = Registration::new("k", Lang::Vi);
    r.follow_up.saved = vec![kept_changes_requested()];
    r.follow_up.open = Some("reg-1".into());
    r.step = Step::Fixing;
    r.follow_up.fix = Some(vssid_core::flow::Fix {
        idempotency_key: "fix".into(),
        declared: Some(sample_form()),
        form: sample_form(),
        asked: vec![FieldId::Street, FieldId::Portrait],
        ..Default::default()
    });
    let html = render(r);
    let street = tag_with_id(&html, "fix-street");
    assert!(!street.contains("readonly"), "{street}");
    let name = tag_with_id(&html, "fix-full_name");
    assert!(name.contains("readonly"), "{name}");
    assert!(html.contains("id=\"camera-portrait\""));
    assert!(!html.contains("id=\"camera-id_front\""));
    assert!(html.contains("id=\"fix-send\""));
    // The read-only address by its names, not its codes.
    let province = tag_with_id(&html, "fix-province");
    assert!(province.contains("readonly"), "{province}");
    assert!(!province.contains("value=\"79\""), "{province}");
    // Why, in the office's words, where the corrections are made.
    assert!(html.contains("id=\"fix-decision\""));
    assert!(html.contains("Ảnh đeo kính râm"));
}
