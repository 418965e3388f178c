//! The bottom bar: "Quay lại" on the left, the main action ("Tiếp tục", "Chọn", "Gửi") on
//! the right.

use crate::flow_context::use_flow;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::flow::Event;

#[component]
pub fn ActionBar(
    /// The main button's words.
    #[props(default = Text::Continue)]
    next_label: Text,
    /// What the main button sends.
    #[props(default = Event::Next)]
    next_event: Event,
    /// Whether "Quay lại" is shown.
    #[props(default = true)]
    back: bool,
    #[props(default)] busy: bool,
) -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    rsx! {
        div { class: "action-bar",
            if back {
                button {
                    r#type: "button",
                    class: "button secondary",
                    id: "action-back",
                    onclick: move |_| flow.send(Event::Back),
                    "{Text::Back.get(lang)}"
                }
            }
            button {
                r#type: "button",
                class: "button primary",
                id: "action-next",
                disabled: busy,
                aria_busy: if busy { "true" } else { "false" },
                onclick: move |_| flow.send(next_event.clone()),
                "{next_label.get(lang)}"
            }
        }
    }
}
