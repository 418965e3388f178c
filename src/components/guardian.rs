//! On the Declaration, when the person may be under 16: the date of birth when the ID number
//! cannot tell, and the consent of a parent or guardian (name, relation, their own box).

use crate::components::field::{described_by, error_id, field_error};
use crate::flow_context::{use_flow, use_view};
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::consent::{AgeFinding, AgeGroup, GuardianRelation};
use vssid_core::fields::FieldId;
use vssid_core::flow::{ConsentBox, ConsentState, Event, Registration};

/// A label with the `*` of a required field.
#[component]
fn RequiredLabel(r#for: &'static str, text: Text) -> Element {
    let lang = use_flow().lang();
    rsx! {
        label { r#for, class: "label",
            "{text.get(lang)}"
            span { class: "req", aria_hidden: "true", "*" }
            span { class: "visually-hidden", " {Text::Required.get(lang)}" }
        }
    }
}

/// A text input of the consent fields.
#[component]
fn ConsentTextField(
    field: FieldId,
    label: Text,
    value: String,
    #[props(default)] hint: Option<Text>,
    #[props(default)] inputmode: Option<&'static str>,
    #[props(default)] autocomplete: Option<&'static str>,
) -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let error = use_view(move |state| field_error(state, field))();
    let id = field.as_str();
    rsx! {
        div { class: if error.is_some() { "field invalid" } else { "field" },
            RequiredLabel { r#for: id, text: label }
            if let Some(hint) = hint {
                p { id: "{id}-hint", class: "hint", "{hint.get(lang)}" }
            }
            input {
                id,
                name: id,
                r#type: "text",
                value,
                inputmode,
                autocomplete,
                spellcheck: "false",
                required: true,
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

/// What the section shows of the registration: it is drawn again when this changes (a
/// keystroke in the ID number may change the age found), not at every keystroke.
#[derive(Clone, PartialEq)]
struct GuardianView {
    consent: ConsentState,
    asks_birth_date: bool,
    group: Option<AgeGroup>,
    relation_error: Option<String>,
    consent_error: Option<String>,
}

impl GuardianView {
    fn of(state: &Registration) -> GuardianView {
        let finding = state.age_finding();
        GuardianView {
            consent: state.consent.clone(),
            asks_birth_date: finding == AgeFinding::NeedsBirthDate
                || !state.consent.date_of_birth.is_empty()
                || state.errors.contains_key(&FieldId::DateOfBirth),
            group: match finding {
                AgeFinding::Known(group) if group.needs_guardian() => Some(group),
                _ => None,
            },
            relation_error: field_error(state, FieldId::GuardianRelation),
            consent_error: field_error(state, FieldId::GuardianConsent),
        }
    }
}

#[component]
pub fn GuardianSection() -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let GuardianView {
        consent,
        asks_birth_date,
        group,
        relation_error,
        consent_error,
    } = use_view(GuardianView::of)();
    rsx! {
        if asks_birth_date {
            ConsentTextField {
                field: FieldId::DateOfBirth,
                label: Text::DateOfBirth,
                value: consent.date_of_birth.clone(),
                hint: Text::DateOfBirthHint,
                inputmode: "numeric",
                autocomplete: "bday",
            }
        }
        if let Some(group) = group {
            fieldset { class: "guardian", id: "guardian",
                legend { "{Text::GuardianHeading.get(lang)}" }
                p { class: "hint",
                    if group == AgeGroup::YoungChild {
                        "{Text::GuardianIntroYoungChild.get(lang)}"
                    } else {
                        "{Text::GuardianIntroChild.get(lang)}"
                    }
                }
                ConsentTextField {
                    field: FieldId::GuardianName,
                    label: Text::GuardianName,
                    value: consent.guardian.name.clone(),
                    autocomplete: "off",
                }
                div { class: if relation_error.is_some() { "field invalid" } else { "field" },
                    RequiredLabel { r#for: "guardian_relation", text: Text::GuardianRelation }
                    select {
                        id: "guardian_relation",
                        name: "guardian_relation",
                        required: true,
                        aria_invalid: if relation_error.is_some() { "true" } else { "false" },
                        aria_describedby: described_by(FieldId::GuardianRelation, false, relation_error.is_some()),
                        onchange: move |e| flow.send(Event::Edit { field: FieldId::GuardianRelation, value: e.value() }),
                        option { value: "", selected: consent.guardian.relation.is_empty(), "{Text::GuardianChoose.get(lang)}" }
                        for relation in GuardianRelation::ALL {
                            option {
                                key: "{relation.as_str()}",
                                value: relation.as_str(),
                                selected: consent.guardian.relation == relation.as_str(),
                                "{relation.label(lang)}"
                            }
                        }
                    }
                    if let Some(error) = &relation_error {
                        p { id: error_id(FieldId::GuardianRelation), class: "error", "{error}" }
                    }
                }
                div { class: if consent_error.is_some() { "check invalid" } else { "check" },
                    input {
                        id: "guardian_consent",
                        r#type: "checkbox",
                        checked: consent.guardian.accepted,
                        aria_invalid: if consent_error.is_some() { "true" } else { "false" },
                        aria_describedby: described_by(FieldId::GuardianConsent, false, consent_error.is_some()),
                        onchange: move |e: FormEvent| flow.send(Event::ConsentTick { which: ConsentBox::Guardian, ticked: e.checked() }),
                    }
                    label { r#for: "guardian_consent", "{Text::GuardianConsent.get(lang)}" }
                    if let Some(error) = &consent_error {
                        p { id: error_id(FieldId::GuardianConsent), class: "error", "{error}" }
                    }
                }
            }
        }
    }
}
