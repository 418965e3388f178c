//! The e-mail confirmation code: six digits, "Xác nhận", and a resend with a countdown.

use crate::flow_context::use_flow;
use crate::i18n::{resend_in, Text};
use dioxus::prelude::*;
use vssid_core::flow::Event;

#[component]
pub fn OtpScreen() -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let otp = state.otp.clone();
    let error = otp.error.as_ref().map(|e| e.message(lang).to_string());
    let resend_text = if otp.resending {
        Text::OtpResending.get(lang).to_string()
    } else if otp.resend_wait_secs > 0 {
        resend_in(lang, otp.resend_wait_secs)
    } else {
        Text::OtpResend.get(lang).to_string()
    };
    let resend_blocked = otp.resending || otp.resend_wait_secs > 0;
    rsx! {
        section { class: "otp", aria_labelledby: "otp-heading",
            h1 { id: "otp-heading", "{Text::OtpHeading.get(lang)}" }
            p { id: "otp-hint", class: "hint", "{Text::OtpIntro.get(lang)}" }
            form {
                novalidate: true,
                onsubmit: move |e| {
                    e.prevent_default();
                    flow.send(Event::OtpSubmit);
                },
                div { class: if error.is_some() { "field invalid" } else { "field" },
                    label { r#for: "otp", class: "label", "{Text::OtpLabel.get(lang)}" }
                    input {
                        id: "otp",
                        name: "otp",
                        class: "otp-input",
                        r#type: "text",
                        inputmode: "numeric",
                        autocomplete: "one-time-code",
                        pattern: "[0-9]*",
                        maxlength: "6",
                        // The box owns its text: seeded once, the flow keeps its digits,
                        // nothing is written back while typing.
                        initial_value: otp.code.clone(),
                        aria_invalid: if error.is_some() { "true" } else { "false" },
                        aria_describedby: if error.is_some() { "otp-hint otp-error" } else { "otp-hint" },
                        oninput: move |e| flow.send(Event::OtpEdit(e.value())),
                    }
                    if let Some(error) = &error {
                        p { id: "otp-error", class: "error", role: "alert", "{error}" }
                    }
                }
                button {
                    r#type: "submit",
                    class: "button primary wide",
                    id: "otp-confirm",
                    disabled: otp.verifying,
                    aria_busy: if otp.verifying { "true" } else { "false" },
                    if otp.verifying { "{Text::OtpChecking.get(lang)}" } else { "{Text::OtpConfirm.get(lang)}" }
                }
            }
            button {
                r#type: "button",
                class: "button secondary wide",
                id: "otp-resend",
                disabled: resend_blocked,
                aria_live: "polite",
                onclick: move |_| flow.send(Event::OtpResend),
                "{resend_text}"
            }
        }
    }
}
