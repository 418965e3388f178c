//! The root of the interface: holds the registration state, sends events through the flow
//! and carries out what comes back; the header, the notices and the current screen.

use crate::components::{AboutOpen, AboutPanel, Header, Notices, StepIndicator};
use crate::edges::drafts::{now_secs, restore, Restored};
use crate::edges::timer::sleep_ms;
use crate::i18n::Text;
use crate::services::{self, new_idempotency_key, Performed, Services};
use crate::steps;
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::{Event, Registration, Step};
use vssid_core::{Lang, Localized};

/// The style sheet, built into the binary so it works without a bundler.
pub const STYLE: &str = include_str!("../assets/style.css");

/// A message from the app itself (not from the flow), in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellNotice {
    pub vi: String,
    pub en: String,
    pub is_error: bool,
}

impl ShellNotice {
    pub fn text(text: Text, is_error: bool) -> Self {
        let (vi, en) = text.both();
        ShellNotice {
            vi: vi.into(),
            en: en.into(),
            is_error,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// What the root starts with.
#[derive(Clone, PartialEq)]
pub struct Setup {
    pub services: Services,
    pub initial: Registration,
    pub notices: Vec<ShellNotice>,
    /// Sample data for screenshots: says so on screen.
    pub demo: bool,
}

impl Setup {
    /// A fresh registration with the given services.
    pub fn fresh(services: Services) -> Self {
        Setup {
            services,
            initial: Registration::new(new_idempotency_key(), Lang::Vi),
            notices: Vec::new(),
            demo: false,
        }
    }

    /// Opens the saved draft, if any: a readable one is restored at its step, a refused one
    /// is set aside and a notice says so, one saved more than 30 days ago is deleted with its
    /// photos and a notice says so. Photos no draft uses are deleted.
    pub fn restore(services: Services) -> Self {
        Self::restore_at(services, now_secs())
    }

    /// [`Setup::restore`] at a given time (seconds since 1970).
    pub fn restore_at(services: Services, now: u64) -> Self {
        let mut setup = Setup::fresh(services);
        let restored = restore(&*setup.services.drafts, now);
        match &restored {
            Restored::Draft(state) => {
                setup.services.forget_photos_not_in(state);
            }
            _ => setup.services.forget_all_photos(),
        }
        match restored {
            Restored::Nothing => {}
            Restored::Expired => setup
                .notices
                .push(ShellNotice::text(Text::DraftExpired, false)),
            Restored::Draft(state) => {
                setup.initial = setup.services.reconcile(*state);
                if setup.initial.step != Step::Start {
                    setup
                        .notices
                        .push(ShellNotice::text(Text::DraftRestored, false));
                }
            }
            Restored::Refused { error, kept_at } => {
                let mut notice = ShellNotice {
                    vi: error.message(Lang::Vi),
                    en: error.message(Lang::En),
                    is_error: true,
                };
                if let Some(place) = kept_at {
                    notice.vi = format!(
                        "{} {}",
                        notice.vi,
                        crate::i18n::draft_kept_at(Lang::Vi, &place)
                    );
                    notice.en = format!(
                        "{} {}",
                        notice.en,
                        crate::i18n::draft_kept_at(Lang::En, &place)
                    );
                }
                setup.notices.push(notice);
            }
        }
        setup
    }
}

/// The handle every screen uses: the state to draw and `send` to report what happened.
#[derive(Clone, Copy, PartialEq)]
pub struct Flow {
    pub state: Signal<Registration>,
    pub notices: Signal<Vec<ShellNotice>>,
    pub services: CopyValue<Services>,
    pub demo: bool,
}

impl Flow {
    /// Sends an event through the flow and carries out its effects.
    pub fn send(self, event: Event) {
        let services = self.services.cloned();
        let current = self.state.peek().clone();
        let (next, performed) = services::step(&services, current, event);
        if *self.state.peek() != next {
            let mut state = self.state;
            state.set(next);
        }
        self.carry_out(performed);
    }

    /// Carries out what the effects left for the screens.
    pub fn carry_out(self, performed: Vec<Performed>) {
        for p in performed {
            match p {
                Performed::Focus(field) => focus(field.as_str()),
                Performed::Notice(text) => self.notify(ShellNotice::text(text, true)),
                Performed::Background(future) => {
                    dioxus::core::spawn_forever(async move {
                        if let Some(text) = future.await {
                            self.notify(ShellNotice::text(text, true));
                        }
                    });
                }
                Performed::Later(future) => {
                    // Not tied to the screen that asked: the answer must arrive even after
                    // the screen changed.
                    dioxus::core::spawn_forever(async move {
                        let event = future.await;
                        self.send(event);
                    });
                }
            }
        }
    }

    /// Shows a message from the app, once.
    pub fn notify(self, notice: ShellNotice) {
        let mut notices = self.notices;
        if !notices.peek().contains(&notice) {
            notices.write().push(notice);
        }
    }

    /// The current language.
    pub fn lang(self) -> Lang {
        self.state.read().lang
    }

    /// "Xóa bản nháp": starts again with a fresh key; the draft, its photos and the drafts
    /// set aside are deleted (`services::perform`, `Effect::DeleteDraft`).
    pub fn discard(self) {
        self.send(Event::Discard {
            new_idempotency_key: new_idempotency_key(),
        });
        let mut notices = self.notices;
        notices.write().clear();
    }
}

/// The flow handle of the current app.
pub fn use_flow() -> Flow {
    use_context::<Flow>()
}

/// Moves the keyboard focus to the element with this id, once the screen has been drawn.
pub fn focus(id: &str) {
    let id = serde_json::to_string(id).unwrap_or_default();
    let script = format!(
        "setTimeout(function() {{ var e = document.getElementById({id}); if (e) {{ e.focus(); if (e.scrollIntoView) e.scrollIntoView({{block: 'center'}}); }} }}, 60);"
    );
    document::eval(&script);
}

/// Makes the element with this id behave as a modal dialog for the keyboard: Tab from its last
/// control goes to its first and Shift+Tab from its first (or from the dialog itself) to its
/// last, so focus never leaves it for the page behind. Installed once per element.
pub fn keep_focus_inside(id: &str) {
    let id = serde_json::to_string(id).unwrap_or_default();
    let script = format!("setTimeout(function() {{ {FOCUS_TRAP_SCRIPT}({id}); }}, 0);");
    document::eval(&script);
}

/// `keep_focus_inside`'s script: a function of the dialog's id.
const FOCUS_TRAP_SCRIPT: &str = r#"(function (id) {
  var dialog = document.getElementById(id);
  if (!dialog || dialog.dataset.focusTrap) return;
  dialog.dataset.focusTrap = "on";
  var selector = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    var controls = Array.prototype.filter.call(dialog.querySelectorAll(selector), function (e) {
      return e.getClientRects().length > 0;
    });
    if (controls.length === 0) return;
    var first = controls[0], last = controls[controls.length - 1];
    var at = document.activeElement;
    var target = null;
    if (controls.indexOf(at) < 0) target = event.shiftKey ? last : first;
    else if (event.shiftKey && at === first) target = last;
    else if (!event.shiftKey && at === last) target = first;
    if (target) {
      event.preventDefault();
      target.focus();
    }
  });
})"#;

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
    let setup = use_hook(crate::platform_setup);
    rsx! {
        Root { setup }
    }
}

/// The root, from a given start: tests render it with any state.
#[component]
pub fn Root(setup: Setup) -> Element {
    let state = use_signal(|| setup.initial.clone());
    let notices = use_signal(|| setup.notices.clone());
    let services = use_hook(|| CopyValue::new(setup.services.clone()));
    let flow = use_context_provider(|| Flow {
        state,
        notices,
        services,
        demo: setup.demo,
    });

    // "Giới thiệu" over the current step; the system Back button through the page history;
    // the viewport and the keyboard on phones.
    let mut about = use_signal(|| false);
    use_context_provider(|| AboutOpen(about));
    crate::history::use_system_back(flow);
    crate::phone::use_phone_page();

    // The draft waiting to be written is written when the app is hidden or closed.
    crate::lifecycle::use_draft_flush_on_leave(flow);

    // Redo what a restored draft had under way (a photo being processed, a submission).
    use_hook(move || {
        let services = flow.services.cloned();
        let performed = services::resume(&services, &flow.state.peek());
        flow.carry_out(performed);
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

    let lang = state.read().lang;
    let step = state.read().step;
    // The page language, for screen readers and hyphenation.
    use_effect(move || {
        let tag = state.read().lang.tag();
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
                if setup.demo {
                    p { class: "demo-banner", role: "note", "{Text::DemoBanner.get(lang)}" }
                }
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
                }}
            }
            if about() {
                AboutPanel {
                    lang,
                    api_base: crate::api_base(),
                    office_data: flow.services.read().catalog.office_data_version(),
                    onclose: move |_| {
                        about.set(false);
                        focus("about-link");
                    },
                }
            }
        }
    }
}

/// The error shown beside `field`, in the registration's language.
pub fn field_error(state: &Registration, field: FieldId) -> Option<String> {
    state
        .errors
        .get(&field)
        .map(|e| e.message(state.lang).to_string())
}

/// The id of the element that holds `field`'s error message.
pub fn error_id(field: FieldId) -> String {
    format!("{}-error", field.as_str())
}
