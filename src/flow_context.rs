//! The flow handle every screen takes from the context: the registration to draw, the app's
//! own notices, and `send` to report what happened (the core's `update`, then the effects).

use crate::focus::focus;
use crate::i18n::Text;
use crate::services::{self, new_idempotency_key, Performed, Services};
use dioxus::prelude::*;
use vssid_core::flow::{Event, Registration};
use vssid_core::Lang;

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

/// The handle every screen uses: the state to draw and `send` to report what happened.
///
/// A component that reads `state` is drawn again at every change of the registration, so at
/// every keystroke; one that needs only a part reads it through [`use_view`] (or `lang`),
/// and is drawn again only when that part changes.
#[derive(Clone, Copy, PartialEq)]
pub struct Flow {
    pub state: Signal<Registration>,
    /// The registration's language, apart: nearly every component shows text in it.
    pub lang: Memo<Lang>,
    pub notices: Signal<Vec<ShellNotice>>,
    pub services: CopyValue<Services>,
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

    /// The current language (the component is drawn again when it changes, not at every
    /// change of the registration).
    pub fn lang(self) -> Lang {
        (self.lang)()
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

/// The part of the registration a component shows, worked out from each new state: the
/// component is drawn again only when that part changed (a keystroke in one field redraws
/// that field, not the screen).
pub fn use_view<T: PartialEq + 'static>(
    mut part: impl FnMut(&Registration) -> T + 'static,
) -> Memo<T> {
    let flow = use_flow();
    use_memo(move || part(&flow.state.read()))
}
