//! Receiving office: a searchable list with codes, the offices suggested for the address
//! first, the chosen office's details, "Chọn". A closed office found by its old code or name
//! is shown as closed, with the offices that took over one tap away.

use crate::components::{error_id, field_error, ActionBar, DiscardDraft, OfficeCard};
use crate::edges::catalog::{matches_query, OfficeInfo};
use crate::flow_context::use_flow;
use crate::i18n::{office_closed_note, Text};
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::Event;

/// How many offices are listed at once.
const SHOWN: usize = 200;

#[component]
pub fn OfficeScreen() -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let mut query = use_signal(String::new);
    let catalog = flow.services.read().catalog.clone();
    let q = query.read().clone();
    let suggested: Vec<OfficeInfo> = catalog
        .suggest_offices(&state.form.province, &state.form.commune)
        .into_iter()
        .filter(|o| matches_query(&o.label(), &q))
        .collect();
    let others: Vec<OfficeInfo> = catalog
        .search_offices(&q, SHOWN)
        .into_iter()
        .filter(|o| !suggested.iter().any(|s| s.id == o.id))
        .collect();
    let selected = state.office.clone();
    // A closed office still held by a restored draft: shown first, with who took over.
    let chosen_closed: Vec<OfficeInfo> = selected
        .as_deref()
        .and_then(|code| catalog.office(code))
        .filter(|office| office.closed)
        .into_iter()
        .collect();
    let others: Vec<OfficeInfo> = others
        .into_iter()
        .filter(|o| !chosen_closed.iter().any(|c| c.id == o.id))
        .collect();
    let error = field_error(&state, FieldId::Office);
    let nothing = suggested.is_empty() && others.is_empty();
    rsx! {
        section { class: "office", aria_labelledby: "office-heading",
            h1 { id: "office-heading", "{Text::OfficeHeading.get(lang)}" }
            p { class: "hint", "{Text::OfficeIntro.get(lang)}" }
            div { class: "field",
                label { r#for: "office-search", class: "label", "{Text::OfficeSearch.get(lang)}" }
                input {
                    id: "office-search",
                    r#type: "search",
                    autocomplete: "off",
                    placeholder: "079, Hồ Chí Minh, Quận 1…",
                    // The box owns its text (no value written back while typing).
                    oninput: move |e| query.set(e.value()),
                }
            }
            if let Some(error) = error.clone() {
                p { id: error_id(FieldId::Office), class: "error", role: "alert", "{error}" }
            }
            div {
                id: "office",
                class: "office-lists",
                tabindex: "-1",
                role: "radiogroup",
                aria_labelledby: "office-heading",
                aria_invalid: if error.is_some() { "true" } else { "false" },
                if !chosen_closed.is_empty() {
                    OfficeList { offices: chosen_closed, selected: selected.clone() }
                }
                if !suggested.is_empty() {
                    h2 { class: "list-heading", "{Text::OfficeSuggested.get(lang)}" }
                    OfficeList { offices: suggested, selected: selected.clone() }
                }
                if !others.is_empty() {
                    h2 { class: "list-heading", "{Text::OfficeAll.get(lang)}" }
                    OfficeList { offices: others, selected: selected.clone() }
                }
                if nothing {
                    p { class: "empty", "{Text::NoMatch.get(lang)}" }
                }
            }
            ActionBar { next_label: Text::OfficeChoose }
            DiscardDraft {}
        }
    }
}

#[component]
fn OfficeList(offices: Vec<OfficeInfo>, selected: Option<String>) -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    rsx! {
        ul { class: "office-list",
            for office in offices {
                if office.closed {
                    li { key: "{office.id}", class: "office-closed", id: "office-{office.id}",
                        span { class: "office-name", "{office.label}" }
                        " — {office_closed_note(lang, office.closed_from.as_deref())}"
                        for (successor, label) in office.successors.clone() {
                            " "
                            button {
                                r#type: "button",
                                class: "link successor",
                                id: "office-{office.id}-successor-{successor}",
                                onclick: {
                                    let code = successor.clone();
                                    move |_| flow.send(Event::ChooseOffice(code.clone()))
                                },
                                "{label}"
                            }
                        }
                    }
                } else {
                li { key: "{office.id}",
                    button {
                        r#type: "button",
                        role: "radio",
                        class: "office-item",
                        id: "office-{office.id}",
                        aria_checked: if selected.as_deref() == Some(office.id.as_str()) { "true" } else { "false" },
                        onclick: {
                            let code = office.id.clone();
                            move |_| flow.send(Event::ChooseOffice(code.clone()))
                        },
                        span { class: "office-name", "{office.label}" }
                        if selected.as_deref() == Some(office.id.as_str()) {
                            span { class: "check", aria_hidden: "true", "✓" }
                            span { class: "visually-hidden", " ({Text::OfficeSelected.get(lang)})" }
                        }
                    }
                    if selected.as_deref() == Some(office.id.as_str()) {
                        OfficeCard { office: office.clone(), lang }
                    }
                }
                }
            }
        }
    }
}
