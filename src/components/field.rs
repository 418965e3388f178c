//! A labelled text field with its hint and its error, tied together for screen readers.

use crate::app::{error_id, field_error, use_flow};
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::Event;

/// A field's label, with the `*` of required fields.
#[component]
pub fn FieldLabel(r#for: String, label: Text, #[props(default = true)] required: bool) -> Element {
    let lang = use_flow().lang();
    rsx! {
        label { r#for: "{r#for}", class: "label",
            "{label.get(lang)}"
            if required {
                span { class: "req", aria_hidden: "true", "*" }
                span { class: "visually-hidden", " {Text::Required.get(lang)}" }
            }
        }
    }
}

/// The `aria-describedby` value of a field: its hint and its error, when shown.
pub fn described_by(field: FieldId, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{}-hint", field.as_str()));
    }
    if error {
        ids.push(error_id(field));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A text input of the registration: sends `Edit` as it changes and `Blur` when left; shows
/// the flow's error for its field.
#[component]
pub fn TextField(
    field: FieldId,
    label: Text,
    value: String,
    #[props(default)] hint: Option<Text>,
    #[props(default = "text")] input_type: &'static str,
    #[props(default)] inputmode: Option<&'static str>,
    #[props(default)] autocomplete: Option<&'static str>,
    #[props(default)] autocapitalize: Option<&'static str>,
    #[props(default = true)] required: bool,
) -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let error = field_error(&state, field);
    let id = field.as_str();
    rsx! {
        div { class: if error.is_some() { "field invalid" } else { "field" },
            FieldLabel { r#for: id, label, required }
            if let Some(hint) = hint {
                p { id: "{id}-hint", class: "hint", "{hint.get(lang)}" }
            }
            input {
                id,
                name: id,
                r#type: input_type,
                value,
                inputmode,
                autocomplete,
                autocapitalize,
                spellcheck: "false",
                required,
                aria_invalid: if error.is_some() { "true" } else { "false" },
                aria_describedby: described_by(field, hint.is_some(), error.is_some()),
                oninput: move |e| flow.send(Event::Edit { field, value: e.value() }),
                onblur: move |_| flow.send(Event::Blur(field)),
            }
            if let Some(error) = &error {
                p { id: error_id(field), class: "error", "{error}" }
            }
        }
    }
}
