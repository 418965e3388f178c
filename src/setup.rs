//! What the app starts with: the services, the registration (a fresh one, or the saved draft
//! restored) and the notices to show about it.

use crate::components::PickerKind;
use crate::edges::drafts::{now_secs, restore, Restored};
use crate::flow_context::ShellNotice;
use crate::i18n::Text;
use crate::services::{new_idempotency_key, Services};
use vssid_core::flow::{Registration, Step};
use vssid_core::{Lang, Localized};

/// What the root starts with.
#[derive(Clone, PartialEq)]
pub struct Setup {
    pub services: Services,
    pub initial: Registration,
    pub notices: Vec<ShellNotice>,
    /// How a picture file is chosen (the phones' way on Android and iOS).
    pub picker: PickerKind,
}

impl Setup {
    /// A fresh registration with the given services.
    pub fn fresh(services: Services) -> Self {
        Setup {
            services,
            initial: Registration::new(new_idempotency_key(), Lang::Vi),
            notices: Vec::new(),
            picker: PickerKind::for_this_build(),
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
        setup.initial.follow_up.saved = setup.services.saved.load();
        setup
    }
}
