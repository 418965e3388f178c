//! Receiving office: a searchable list with codes, the offices suggested for the address
//! first, the chosen office's details, "Chọn". A closed office found by its old code or name
//! is shown as closed, with the offices that took over one tap away.

use crate::components::{error_id, field_error, ActionBar, DiscardDraft, OfficeCard};
use crate::edges::catalog::OfficeInfo;
use crate::flow_context::use_flow;
use crate::i18n::{office_closed_note, Text};
use crate::views::office::{office_lists, OfficeLists, OfficeQuery};
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::Event;

#[component]
pub fn OfficeScreen() -> Element {
    let flow = use_flow();
    let mut search = use_signal(String::new);
    // The lists are worked out again only when what they depend on changed (not on every
    // drawing, e.g. when a notice comes or goes).
    let query = use_memo(move || {
        let state = flow.state.read();
        OfficeQuery {
            province: state.form.province.clone(),
            commune: state.form.commune.clone(),
            chosen: state.office.clone(),
            search: search.read().clone(),
        }
    });
    let lists = use_memo(move || office_lists(&*flow.services.peek().catalog, &query.read()));
    let state = flow.state.read();
    let lang = state.lang;
    let selected = state.office.clone();
    let OfficeLists {
        chosen_closed,
        suggested,
        others,
    } = lists.read().clone();
    let error = field_error(&state, FieldId::Office);
    let nothing = lists.read().is_empty();
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
                    oninput: move |e| search.set(e.value()),
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
