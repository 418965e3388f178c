//! Receiving office: a searchable list with codes, the offices suggested for the address
//! first, the chosen office's details, "Chọn".

use crate::app::{error_id, field_error, use_flow};
use crate::components::{ActionBar, DiscardDraft, OfficeCard};
use crate::edges::catalog::{matches_query, OfficeInfo};
use crate::i18n::Text;
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
                        if let Some(code) = office.code.clone() {
                            span { class: "office-code", "[{code}]" }
                            " "
                        }
                        span { class: "office-name", "{office.name}" }
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
