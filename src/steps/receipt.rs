//! Receipt: what happened to the registration and what happens next, per status: reference,
//! office, the BHXH Việt Nam support line and the guide's notes, then the person's requests
//! (the tờ khai as a PDF, the copy of the data, the withdrawal: `RightsPanel`).

use crate::flow_context::use_flow;
use crate::i18n::{receipt_words, status_label, Text};
use dioxus::prelude::*;
use vssid_core::api::RegistrationStatus;
use vssid_core::datetime::vietnam_time_from_rfc3339;

/// The BHXH Việt Nam support line, as dialled.
pub const HOTLINE: &str = "19009068";
/// The support line as written for people to read.
pub const HOTLINE_DISPLAY: &str = "1900 9068";

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
    let reference = submission
        .as_ref()
        .map(|s| s.reference.clone())
        .unwrap_or_default();
    let sent_at = submission
        .as_ref()
        .and_then(|s| vietnam_time_from_rfc3339(&s.received_at));
    // Without an answer of the service nothing was confirmed: say only what is known.
    let status = submission
        .map(|s| s.status)
        .unwrap_or(RegistrationStatus::Received);
    let words = receipt_words(status);
    rsx! {
        section { class: "receipt", aria_labelledby: "receipt-heading",
            if status != RegistrationStatus::Rejected {
                div { class: "success-mark", aria_hidden: "true", "✓" }
            }
            h1 { id: "receipt-heading", "{words.heading.get(lang)}" }
            p { class: "lead", id: "receipt-body", "{words.body.get(lang)}" }
            dl { class: "office-card receipt-card",
                div {
                    dt { "{Text::ReceiptReference.get(lang)}" }
                    dd { class: "reference", id: "reference", "{reference}" }
                }
                div {
                    dt { "{Text::ReceiptOffice.get(lang)}" }
                    dd { "{office}" }
                }
                if let Some(sent_at) = sent_at {
                    div {
                        dt { "{Text::ReceiptSentAt.get(lang)}" }
                        dd { id: "receipt-sent-at", "{sent_at}" }
                    }
                }
                div {
                    dt { "{Text::ReceiptStatus.get(lang)}" }
                    dd { id: "receipt-status", "data-status": status.as_str(), "{status_label(lang, status)}" }
                }
            }
            h2 { "{Text::ReceiptNextHeading.get(lang)}" }
            ul { class: "next-steps",
                for step in words.next.iter() {
                    li { "{step.get(lang)}" }
                }
                li {
                    "{Text::ReceiptNextCall.get(lang)} "
                    a { href: "tel:{HOTLINE}", class: "hotline", "{HOTLINE_DISPLAY}" }
                    ". {Text::ReceiptHotlineScope.get(lang)}"
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
