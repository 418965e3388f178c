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
