//! A labelled text field with its hint and its error, tied together for screen readers.

use crate::flow_context::{use_flow, use_view};
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::{Event, Registration};

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
/// the flow's error for its field. It is drawn again when its error, its rewrite count or the
/// language changes, not at each keystroke (in it or elsewhere).
///
/// The text box owns its text while a person types. Its value is set once, when it is drawn
/// (`initial_value`), and written again only when the flow changed the field for another
/// reason (a card's QR, tidying when the field is left): the box is then drawn anew under the
/// flow's rewrite count, holding the registration's text of the field at that moment. A value
/// written back on every keystroke would overwrite the next keystrokes still on their way
/// (desktop and phones carry events and edits over a channel) and break an input method's
/// composition (Telex, VNI). During a composition nothing is sent; its result is sent when it
/// ends.
#[component]
pub fn TextField(
    field: FieldId,
    label: Text,
    #[props(default)] hint: Option<Text>,
    #[props(default = "text")] input_type: &'static str,
    #[props(default)] inputmode: Option<&'static str>,
    #[props(default)] autocomplete: Option<&'static str>,
    #[props(default)] autocapitalize: Option<&'static str>,
    #[props(default = true)] required: bool,
) -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let error = use_view(move |state| field_error(state, field))();
    let rewrite = use_view(move |state| state.rewrites.of(field))();
    // Read, not followed: the text box owns its text until the next rewrite.
    let value = flow
        .state
        .peek()
        .typed(field)
        .unwrap_or_default()
        .to_string();
    let id = field.as_str();
    let described = described_by(field, hint.is_some(), error.is_some());
    rsx! {
        div { class: if error.is_some() { "field invalid" } else { "field" },
            FieldLabel { r#for: id, label, required }
            if let Some(hint) = hint {
                p { id: "{id}-hint", class: "hint", "{hint.get(lang)}" }
            }
            // One keyed box: a new rewrite count draws a new box holding the flow's value.
            for rewrite in std::iter::once(rewrite) {
                TextBox {
                    key: "{rewrite}",
                    field,
                    value: value.clone(),
                    input_type,
                    inputmode,
                    autocomplete,
                    autocapitalize,
                    required,
                    invalid: error.is_some(),
                    described_by: described.clone(),
                }
            }
            if let Some(error) = &error {
                p { id: error_id(field), class: "error", "{error}" }
            }
        }
    }
}

/// The text box itself, seeded once with `value` when it is drawn; later values are not
/// written into it (see [`TextField`]).
#[component]
fn TextBox(
    field: FieldId,
    value: String,
    input_type: &'static str,
    inputmode: Option<&'static str>,
    autocomplete: Option<&'static str>,
    autocapitalize: Option<&'static str>,
    required: bool,
    invalid: bool,
    described_by: Option<String>,
) -> Element {
    let flow = use_flow();
    let seed = use_hook(|| value.clone());
    let mut composition = use_signal(Composition::default);
    let id = field.as_str();
    rsx! {
        input {
            id,
            name: id,
            r#type: input_type,
            initial_value: seed,
            inputmode,
            autocomplete,
            autocapitalize,
            spellcheck: "false",
            required,
            aria_invalid: if invalid { "true" } else { "false" },
            aria_describedby: described_by,
            oncompositionstart: move |_| composition.write().start(),
            oncompositionend: move |_| {
                if let Some(value) = composition.write().end() {
                    flow.send(Event::Edit { field, value });
                }
            },
            oninput: move |e| {
                if let Some(value) = composition.write().input(e.value()) {
                    flow.send(Event::Edit { field, value });
                }
            },
            onblur: move |_| {
                if let Some(value) = composition.write().end() {
                    flow.send(Event::Edit { field, value });
                }
                flow.send(Event::Blur(field));
            },
        }
    }
}

/// An input method's composition in a text box ("Nguyeenx" becoming "Nguyễn" in Telex):
/// what arrives while it lasts is held back and sent once, when it ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Composition {
    composing: bool,
    /// The box's latest value seen during the composition, not sent yet.
    held: Option<String>,
}

impl Composition {
    /// `compositionstart`.
    pub fn start(&mut self) {
        self.composing = true;
    }

    /// `input` with the box's value: the value to send now, if any.
    pub fn input(&mut self, value: String) -> Option<String> {
        if self.composing {
            self.held = Some(value);
            None
        } else {
            Some(value)
        }
    }

    /// `compositionend` (or the box left mid-composition): the held value to send, if any.
    pub fn end(&mut self) -> Option<String> {
        self.composing = false;
        self.held.take()
    }
}

#[cfg(test)]
mod tests {
    use super::Composition;

    #[test]
    fn a_composition_is_sent_once_when_it_ends() {
        let mut c = Composition::default();
        assert_eq!(
            c.input("N".into()),
            Some("N".into()),
            "plain typing goes at once"
        );
        c.start();
        // Telex: "Nguyeen" then "x" composes into "Nguyễn".
        for step in ["Ng", "Ngu", "Nguy", "Nguye", "Nguyê", "Nguyễn"] {
            assert_eq!(c.input(step.into()), None, "nothing sent mid-composition");
        }
        assert_eq!(c.end(), Some("Nguyễn".into()));
        assert_eq!(c.end(), None, "sent once");
        // Browsers that send an `input` after `compositionend` send the same text again.
        assert_eq!(c.input("Nguyễn".into()), Some("Nguyễn".into()));
    }

    #[test]
    fn a_composition_without_input_sends_nothing() {
        let mut c = Composition::default();
        c.start();
        assert_eq!(c.end(), None);
    }
}
