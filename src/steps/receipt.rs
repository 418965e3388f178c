//! Receipt: the registration was received; reference, office, what happens next, the
//! hotline and the guide's notes.

use crate::app::use_flow;
use crate::i18n::{status_label, Text};
use dioxus::prelude::*;

/// The BHXH hotline of the guide.
pub const HOTLINE: &str = "19009068";

#[component]
pub fn ReceiptScreen() -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let submission = state.submission.clone();
    let office = state
        .office
        .as_deref()
        .and_then(|code| flow.services.read().catalog.office(code))
        .map(|o| o.label())
        .or_else(|| state.office.clone())
        .unwrap_or_default();
    let (reference, status) = submission
        .map(|s| (s.reference, s.status))
        .unwrap_or_default();
    rsx! {
        section { class: "receipt", aria_labelledby: "receipt-heading",
            div { class: "success-mark", aria_hidden: "true", "✓" }
            h1 { id: "receipt-heading", "{Text::ReceiptHeading.get(lang)}" }
            p { class: "lead", "{Text::ReceiptBody.get(lang)}" }
            dl { class: "office-card receipt-card",
                div {
                    dt { "{Text::ReceiptReference.get(lang)}" }
                    dd { class: "reference", id: "reference", "{reference}" }
                }
                div {
                    dt { "{Text::ReceiptOffice.get(lang)}" }
                    dd { "{office}" }
                }
                div {
                    dt { "{Text::ReceiptStatus.get(lang)}" }
                    dd { "{status_label(lang, &status)}" }
                }
            }
            h2 { "{Text::ReceiptNextHeading.get(lang)}" }
            ul { class: "next-steps",
                li { "{Text::ReceiptNextSms.get(lang)}" }
                li {
                    "{Text::ReceiptNextCall.get(lang)} "
                    a { href: "tel:{HOTLINE}", class: "hotline", "{HOTLINE}" }
                    "."
                }
            }
            h2 { "{Text::ReceiptNotesHeading.get(lang)}" }
            ul { class: "notes",
                li { "{Text::ReceiptNoteAccount.get(lang)}" }
                li { "{Text::ReceiptNotePhone.get(lang)}" }
            }
            crate::components::rights_panel::RightsPanel {}
            button {
                r#type: "button",
                class: "button secondary wide",
                id: "new-registration",
                onclick: move |_| flow.discard(),
                "{Text::NewRegistration.get(lang)}"
            }
        }
    }
}
