//! Where registrations go, as configured: with no reception service, or one whose address is
//! refused, "Gửi" sends nothing and the screen says why; the built-in demo service is only
//! there when asked for, and then says so above every screen.

use crate::render::render_setup;
use vssid_app::config::{Reception, Unavailable};
use vssid_app::edges::backend::{default_backend, FAKE_OTP};
use vssid_app::i18n::Text;
use vssid_app::services::{step, Performed, Services};
use vssid_app::Setup;
use vssid_core::flow::{Event, Registration, Step};
use vssid_core::Lang;

/// A registration ready to send (the demo's e-mail step) with the backend chosen for
/// `reception` instead of the demo's.
fn ready_to_send(reception: &Reception) -> Setup {
    let mut setup = vssid_app::demo::setup("email").expect("the e-mail demo state");
    setup.services.backend = default_backend(reception, setup.services.photos.clone());
    setup
}

/// Presses "Gửi" and waits for the answer.
fn submit(services: &Services, state: Registration) -> Registration {
    let (mut state, performed) = step(services, state, Event::Submit);
    assert_eq!(state.step, Step::Submitting, "the form was ready to send");
    for p in performed {
        if let Performed::Later(answer) = p {
            let event = pollster::block_on(answer);
            state = step(services, state, event).0;
        }
    }
    state
}

fn render_at(setup: &Setup, state: Registration) -> String {
    render_setup(Setup {
        services: setup.services.clone(),
        initial: state,
        notices: Vec::new(),
        picker: setup.picker,
    })
}

#[test]
fn with_no_reception_service_send_gives_no_receipt_and_says_none_is_configured() {
    let reception = Reception::from_setting(None);
    assert_eq!(
        reception,
        Reception::Unavailable(Unavailable::NotConfigured)
    );
    let setup = ready_to_send(&reception);

    let html = render_at(&setup, setup.initial.clone());
    assert!(html.contains("id=\"reception-banner\""), "{html}");
    assert!(
        html.contains(Text::ReceptionMissing.get(Lang::Vi)),
        "Vietnamese first"
    );
    assert!(
        !html.contains("id=\"demo-banner\""),
        "no demo service: {html}"
    );

    let after = submit(&setup.services, setup.initial.clone());
    assert_eq!(after.step, Step::Email, "back at the form, not at the code");
    assert_eq!(after.submission, None, "nothing was received");
    let notice = after.notice.clone().expect("a notice says why");
    assert!(notice.is_error);
    assert_eq!(notice.message.code, "reception_not_configured");
    assert_eq!(notice.message.vi, Text::NotSentNoReception.get(Lang::Vi));
    assert_eq!(notice.message.en, Text::NotSentNoReception.get(Lang::En));

    let html = render_at(&setup, after);
    assert!(
        html.contains(Text::NotSentNoReception.get(Lang::Vi)),
        "{html}"
    );
    assert!(!html.contains("id=\"otp\""));
}

#[test]
fn a_refused_address_is_shown_with_its_reason_and_nothing_is_sent() {
    // A release build's rule: plain http:// only to this machine.
    let reception = Reception::from_setting_with_rule(Some("http://192.168.1.10:8787"), false);
    let setup = ready_to_send(&reception);

    let mut english = setup.initial.clone();
    english.lang = Lang::En;
    let html = render_at(&setup, english);
    let refused_words = Text::ReceptionRefused.get(Lang::En).replace('\'', "&#39;");
    assert!(html.contains(&refused_words), "{html}");
    assert!(
        html.contains("<code>http://192.168.1.10:8787</code>"),
        "{html}"
    );
    assert!(html.contains("not to 192.168.1.10"), "the reason: {html}");

    let after = submit(&setup.services, setup.initial.clone());
    assert_eq!(after.step, Step::Email);
    assert_eq!(after.submission, None);
    let notice = after.notice.expect("a notice says why");
    assert_eq!(notice.message.code, "reception_refused");
    assert!(
        notice.message.vi.contains("192.168.1.10"),
        "{}",
        notice.message.vi
    );
}

#[test]
fn the_demo_service_is_opt_in_and_says_so_on_every_screen() {
    assert_eq!(Reception::from_setting(Some("demo")), Reception::Demo);
    let (vi, en) = Text::DemoBanner.both();
    assert!(
        vi.contains(FAKE_OTP) && en.contains(FAKE_OTP),
        "the banner names the code"
    );
    for name in vssid_app::demo::NAMES {
        let setup = vssid_app::demo::setup(name).expect(name);
        let html = render_setup(setup);
        assert!(html.contains("id=\"demo-banner\""), "{name}: {html}");
        assert!(!html.contains("id=\"reception-banner\""), "{name}");
    }
    // The demo service answers: the registration reaches the code screen.
    let setup = vssid_app::demo::setup("email").unwrap();
    let after = submit(&setup.services, setup.initial.clone());
    assert_eq!(after.step, Step::Otp);
}

#[test]
fn a_reception_service_needs_no_banner() {
    let reception = Reception::from_setting(Some("https://tiep-nhan.example.org"));
    let setup = ready_to_send(&reception);
    assert_eq!(setup.services.backend.reception(), reception);
    let html = render_at(&setup, setup.initial.clone());
    assert!(!html.contains("id=\"demo-banner\""), "{html}");
    assert!(!html.contains("id=\"reception-banner\""), "{html}");
}

/// Sends `event` and, when `answered`, the answers of the slow effects it started.
fn send(services: &Services, state: Registration, event: Event, answered: bool) -> Registration {
    let (mut state, performed) = step(services, state, event);
    for p in performed {
        if let Performed::Later(answer) = p {
            if answered {
                let event = pollster::block_on(answer);
                state = step(services, state, event).0;
            }
        }
    }
    state
}

#[test]
fn the_demo_service_asks_for_a_new_portrait_then_approves_the_corrections() {
    use vssid_core::api::RegistrationStatus;
    use vssid_core::fields::FieldId;
    use vssid_core::flow::{PhotoRef, PhotoSlot};

    let setup = vssid_app::demo::setup("email").unwrap();
    let services = &setup.services;
    let mut r = submit(services, setup.initial.clone());
    r = send(services, r, Event::OtpEdit(FAKE_OTP.into()), false);
    r = send(services, r, Event::OtpSubmit, true);
    assert_eq!(r.step, Step::Receipt);
    let id = r.follow_up.saved[0].id.clone();
    r = send(
        services,
        r,
        Event::Discard {
            new_idempotency_key: "next".into(),
        },
        true,
    );
    assert_eq!(r.step, Step::Start);

    // The first look: the office asks for a new portrait (its note only behind the secret).
    r = send(services, r, Event::OpenSaved { id: id.clone() }, true);
    assert_eq!(r.step, Step::Tracking);
    let opened = r.follow_up.opened().unwrap();
    assert_eq!(opened.status, RegistrationStatus::ChangesRequested);
    assert_eq!(
        opened.decision.as_ref().unwrap().fields,
        vec![FieldId::Portrait]
    );
    let html = render_at(&setup, r.clone());
    assert!(html.contains("data-status=\"changes_requested\""), "{html}");
    assert!(!html.contains("tracking-error"), "the demo answers: {html}");

    r = send(
        services,
        r,
        Event::FixStart {
            idempotency_key: "fix-1".into(),
        },
        true,
    );
    assert_eq!(r.step, Step::Fixing);
    assert_eq!(
        r.follow_up.fix.as_ref().unwrap().asked,
        vec![FieldId::Portrait]
    );

    // A new portrait (processed as the pipeline would answer), then "Gửi lại".
    services
        .photos
        .put("new-portrait", b"jpeg".to_vec())
        .unwrap();
    r = send(
        services,
        r,
        Event::PhotoChosen {
            slot: PhotoSlot::Portrait,
            staged_key: "new-portrait".into(),
        },
        false,
    );
    r = send(
        services,
        r,
        Event::PhotoProcessed {
            slot: PhotoSlot::Portrait,
            staged_key: "new-portrait".into(),
            photo: PhotoRef {
                key: "new-portrait".into(),
                bytes: 4,
                width: 1200,
                height: 1600,
                warnings: Vec::new(),
            },
        },
        false,
    );
    r = send(services, r, Event::Next, true);
    assert_eq!(r.step, Step::Tracking, "{:?}", r.follow_up);
    assert_eq!(
        r.follow_up.opened().unwrap().status,
        RegistrationStatus::Resubmitted
    );

    // The next look: approved.
    r = send(services, r, Event::RefreshStatus, true);
    assert_eq!(
        r.follow_up.opened().unwrap().status,
        RegistrationStatus::Approved
    );
    let html = render_at(&setup, r.clone());
    assert!(html.contains("data-status=\"approved\""), "{html}");

    // Later, from the same screen: the copy, the tờ khai and the withdrawal are offered.
    assert!(html.contains("id=\"download-data\""), "{html}");
    assert!(html.contains("id=\"get-declaration\""), "{html}");
    r = send(services, r, Event::WithdrawAsk, false);
    r = send(services, r, Event::WithdrawConfirm, true);
    assert_eq!(
        r.follow_up.opened().unwrap().status,
        RegistrationStatus::Withdrawn
    );
    let html = render_at(&setup, r);
    assert!(html.contains("id=\"withdrawn\""), "{html}");
    assert!(!html.contains("id=\"withdraw\""), "{html}");
}
