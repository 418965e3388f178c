//! Submitting: the registration is on its way.

use crate::flow_context::use_flow;
use crate::i18n::Text;
use dioxus::prelude::*;

#[component]
pub fn SubmittingScreen() -> Element {
    let lang = use_flow().lang();
    rsx! {
        section { class: "submitting", aria_labelledby: "submitting-heading", aria_busy: "true",
            div { class: "spinner", aria_hidden: "true" }
            h1 { id: "submitting-heading", role: "status", "{Text::SubmittingHeading.get(lang)}" }
            progress { class: "progress", aria_labelledby: "submitting-heading" }
            p { class: "hint", "{Text::SubmittingBody.get(lang)}" }
        }
    }
}
