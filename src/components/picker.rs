//! A searchable picker: a button showing the choice, opening a search box and a list.
//! Used for the province and the commune; the search ignores accents and case.

use crate::components::field::{described_by, error_id, field_error, FieldLabel};
use crate::edges::catalog::matches_query;
use crate::flow_context::{use_flow, use_view};
use crate::focus::focus;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::Event;

/// How many matching entries are listed at once.
const SHOWN: usize = 80;

/// One entry: its code (what is stored) and its name (what is shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerOption {
    pub code: String,
    pub name: String,
}

#[component]
pub fn SearchPicker(
    field: FieldId,
    label: Text,
    /// Shown while nothing is chosen.
    placeholder: Text,
    options: Vec<PickerOption>,
    /// The chosen code (empty when none).
    selected: String,
    /// Why the picker cannot be used yet (e.g. choose the province first).
    #[props(default)]
    blocked: Option<Text>,
) -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let error = use_view(move |state| field_error(state, field))();
    let mut open = use_signal(|| false);
    let mut query = use_signal(String::new);
    let id = field.as_str();
    let list_id = format!("{id}-list");
    let chosen = options
        .iter()
        .find(|o| o.code == selected)
        .map(|o| o.name.clone());
    let shown_text = match (&chosen, blocked) {
        (Some(name), _) => name.clone(),
        (None, Some(reason)) => reason.get(lang).to_string(),
        (None, None) => placeholder.get(lang).to_string(),
    };
    let matching: Vec<PickerOption> = options
        .iter()
        .filter(|o| matches_query(&o.name, &query.read()))
        .cloned()
        .collect();
    let more = matching.len() > SHOWN;
    let is_open = open() && blocked.is_none();
    rsx! {
        div { class: if error.is_some() { "field picker invalid" } else { "field picker" },
            FieldLabel { r#for: id, label }
            button {
                id,
                r#type: "button",
                class: "picker-button",
                disabled: blocked.is_some(),
                aria_haspopup: "listbox",
                aria_expanded: if is_open { "true" } else { "false" },
                aria_controls: list_id.clone(),
                aria_invalid: if error.is_some() { "true" } else { "false" },
                aria_describedby: described_by(field, false, error.is_some()),
                onclick: move |_| {
                    let now = !open();
                    open.set(now);
                    query.set(String::new());
                    if now {
                        focus(&format!("{id}-search"));
                    }
                },
                span { class: if chosen.is_some() { "value" } else { "placeholder" }, "{shown_text}" }
                span { class: "chevron", aria_hidden: "true", if is_open { "▴" } else { "▾" } }
            }
            if is_open {
                div { class: "picker-panel",
                    input {
                        id: "{id}-search",
                        r#type: "search",
                        class: "picker-search",
                        placeholder: Text::SearchPlaceholder.get(lang),
                        aria_label: "{Text::SearchPlaceholder.get(lang)}: {label.get(lang)}",
                        aria_controls: list_id.clone(),
                        autocomplete: "off",
                        // The box owns its text (no value written back while typing).
                        oninput: move |e| query.set(e.value()),
                        onkeydown: move |e| {
                            if e.key() == Key::Escape {
                                open.set(false);
                                focus(id);
                            }
                        },
                    }
                    ul { id: "{list_id}", class: "options", role: "listbox", aria_label: label.get(lang),
                        for option in matching.into_iter().take(SHOWN) {
                            li { key: "{option.code}", role: "none",
                                button {
                                    r#type: "button",
                                    role: "option",
                                    class: "option",
                                    aria_selected: if option.code == selected { "true" } else { "false" },
                                    onclick: {
                                        let code = option.code.clone();
                                        move |_| {
                                            flow.send(Event::Edit { field, value: code.clone() });
                                            flow.send(Event::Blur(field));
                                            open.set(false);
                                            focus(id);
                                        }
                                    },
                                    "{option.name}"
                                }
                            }
                        }
                        if options.iter().all(|o| !matches_query(&o.name, &query.read())) {
                            li { class: "empty", role: "none", "{Text::NoMatch.get(lang)}" }
                        }
                    }
                    if more {
                        p { class: "hint", "{Text::MoreResults.get(lang)}" }
                    }
                }
            }
            if let Some(error) = &error {
                p { id: error_id(field), class: "error", "{error}" }
            }
        }
    }
}
