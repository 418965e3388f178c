//! E-mail: the chosen office as in the guide, the address that receives the declaration,
//! "Quay lại" / "Gửi".

use crate::components::{ActionBar, DiscardDraft, OfficeCard, TextField};
use crate::flow_context::{use_flow, use_view};
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::Event;

#[component]
pub fn EmailScreen() -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    // Not drawn again at each keystroke in the address.
    let office = use_view(move |state| state.office.clone())();
    let office = office
        .as_deref()
        .and_then(|code| flow.services.read().catalog.office(code));
    rsx! {
        section { class: "email", aria_labelledby: "email-heading",
            h1 { id: "email-heading", "{Text::EmailHeading.get(lang)}" }
            if let Some(office) = office {
                div { class: "chosen-office",
                    p { class: "label",
                        "{Text::OfficeChosenLabel.get(lang)}"
                        span { class: "req", aria_hidden: "true", "*" }
                        " "
                        strong { "{office.name}" }
                    }
                    OfficeCard { office, lang }
                }
            }
            h2 { class: "send-heading", "{Text::EmailSendHeading.get(lang)}" }
            form {
                novalidate: true,
                onsubmit: move |e| {
                    e.prevent_default();
                    flow.send(Event::Submit);
                },
                TextField {
                    field: FieldId::Email,
                    label: Text::EmailLabel,
                    hint: Text::EmailNote,
                    input_type: "email",
                    inputmode: "email",
                    autocomplete: "email",
                    autocapitalize: "none",
                }
            }
            ActionBar { next_label: Text::Send, next_event: Event::Submit }
            DiscardDraft {}
        }
    }
}
