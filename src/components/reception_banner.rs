//! The line above every screen that says where registrations go when it is not a reception
//! service: the built-in demo service, or none at all (not configured, or its address
//! refused, with why).

use crate::config::{Reception, Unavailable};
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::Lang;

#[component]
pub fn ReceptionBanner(lang: Lang, reception: Reception) -> Element {
    match reception {
        Reception::Service(_) => rsx! {},
        Reception::Demo => rsx! {
            p { class: "demo-banner", id: "demo-banner", role: "note", "{Text::DemoBanner.get(lang)}" }
        },
        Reception::Unavailable(Unavailable::NotConfigured) => rsx! {
            p { class: "reception-banner", id: "reception-banner", role: "alert",
                "{Text::ReceptionMissing.get(lang)}"
            }
        },
        Reception::Unavailable(Unavailable::Refused { address, reason }) => rsx! {
            p { class: "reception-banner", id: "reception-banner", role: "alert",
                "{Text::ReceptionRefused.get(lang)} "
                code { "{address}" }
                " — {reason.message(lang)}"
            }
        },
    }
}
