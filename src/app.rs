//! The root of the interface, where the parts are put together: it holds the registration
//! state and hands the flow to the screens through the context; the header, the notices and
//! the current screen.

use crate::components::{AboutOpen, AboutPanel, Header, Notices, ReceptionBanner, StepIndicator};
use crate::config::{self, Reception};
use crate::edges::timer::sleep_ms;
use crate::flow_context::{use_view, Flow};
use crate::focus::focus;
use crate::i18n::Text;
use crate::services::{self, OfficeRefresh, Services};
use crate::setup::Setup;
use crate::steps;
use dioxus::prelude::*;
use vssid_core::flow::{Event, Step};

/// The style sheet, built into the binary so it works without a bundler.
pub const STYLE: &str = include_str!("../assets/style.css");

/// The launched app: once the platform's storage is ready (the web reads its photos from
/// IndexedDB first), restores the draft (or a demo state) and draws the root.
#[component]
pub fn App() -> Element {
    let storage = use_resource(crate::edges::prepare_storage);
    if storage.read().is_none() {
        return rsx! {};
    }
    rsx! {
        Launched {}
    }
}

/// The app after its storage is ready.
#[component]
fn Launched() -> Element {
    let setup = use_hook(platform_setup);
    rsx! {
        Root { setup }
    }
}

/// How the launched app starts: a demo state when one is asked for, else the saved draft.
pub fn platform_setup() -> Setup {
    if let Some(setup) = config::demo_request().and_then(|name| crate::demo::setup(&name)) {
        return setup;
    }
    Setup::restore(Services::for_platform(&Reception::configured()))
}

/// The root, from a given start: tests render it with any state.
#[component]
pub fn Root(setup: Setup) -> Element {
    let state = use_signal(|| setup.initial.clone());
    let notices = use_signal(|| setup.notices.clone());
    let services = use_hook(|| CopyValue::new(setup.services.clone()));
    let lang = use_memo(move || state.read().lang);
    let flow = use_context_provider(|| Flow {
        state,
        lang,
        notices,
        services,
    });

    // "Giới thiệu" over the current step; the system Back button through the page history;
    // the viewport and the keyboard on phones.
    let mut about = use_signal(|| false);
    use_context_provider(|| AboutOpen(about));
    use_context_provider(|| setup.picker);
    crate::history::use_system_back(flow);
    crate::handset_page::use_handset_page();

    // The draft waiting to be written is written when the app is hidden or closed.
    crate::lifecycle::use_draft_flush_on_leave(flow);

    // Redo what a restored draft had under way (a photo being processed, a submission).
    use_hook(move || {
        let services = flow.services.cloned();
        let performed = services::resume(&services, &flow.state.peek());
        flow.carry_out(performed);
    });

    // The reception service's office list: the version on the device is checked once at the
    // start (a new one replaces the built-in or kept list; offline, the kept one stays).
    // The swap redraws nothing: a screen opened after it (the office step comes after the
    // declaration and the photos) works out its lists from the new catalogue; one already
    // open keeps its lists until its search or the address changes.
    use_future(move || async move {
        let services = flow.services.cloned();
        match services.refresh_offices().await {
            OfficeRefresh::Replaced(catalog) => {
                let mut held = flow.services;
                held.write().catalog = catalog;
            }
            OfficeRefresh::Refused(reason) => {
                eprintln!("vssid-app: the reception service's office list is not used ({reason})")
            }
            OfficeRefresh::Current | OfficeRefresh::Unreachable => {}
        }
    });

    // The resend countdown.
    use_future(move || async move {
        loop {
            sleep_ms(1000).await;
            let waiting = {
                let s = flow.state.peek();
                s.step == Step::Otp && s.otp.resend_wait_secs > 0
            };
            if waiting {
                flow.send(Event::Tick);
            }
        }
    });

    // The root is drawn again when the step or the language changes, not at every keystroke.
    let step = use_view(|state| state.step)();
    let lang = flow.lang();
    // Where registrations go: said above every screen unless it is a reception service.
    let reception = flow.services.read().backend.reception();
    // The page language, for screen readers and hyphenation.
    use_effect(move || {
        let tag = flow.lang().tag();
        document::eval(&format!("document.documentElement.lang = '{tag}';"));
    });

    rsx! {
        style { {STYLE} }
        document::Title { "{Text::PageTitle.get(lang)}" }
        div { class: "app", lang: lang.tag(),
            Header {}
            main { class: "screen", id: "content",
                // Behind the open about panel: out of reach of the keyboard and screen readers.
                "inert": about().then_some("true"),
                ReceptionBanner { lang, reception: reception.clone() }
                StepIndicator {}
                Notices {}
                {match step {
                    Step::Start => rsx! { steps::start::StartScreen {} },
                    Step::Consent => rsx! { steps::consent::ConsentScreen {} },
                    Step::Declaration => rsx! { steps::declaration::DeclarationScreen {} },
                    Step::Photos => rsx! { steps::photos::PhotosScreen {} },
                    Step::Office => rsx! { steps::office::OfficeScreen {} },
                    Step::Email => rsx! { steps::email::EmailScreen {} },
                    Step::Submitting => rsx! { steps::submitting::SubmittingScreen {} },
                    Step::Otp => rsx! { steps::otp::OtpScreen {} },
                    Step::Receipt => rsx! { steps::receipt::ReceiptScreen {} },
                    Step::Tracking => rsx! { steps::follow_up::TrackingScreen {} },
                    Step::Fixing => rsx! { steps::follow_up::FixingScreen {} },
                }}
            }
            if about() {
                AboutPanel {
                    lang,
                    reception,
                    office_data: flow.services.read().catalog.office_data(),
                    onclose: move |_| {
                        about.set(false);
                        focus("about-link");
                    },
                }
            }
        }
    }
}
