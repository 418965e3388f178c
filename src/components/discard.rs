//! "Xóa bản nháp", with a confirmation before anything is deleted.

use crate::flow_context::use_flow;
use crate::i18n::Text;
use dioxus::prelude::*;

#[component]
pub fn DiscardDraft() -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let mut confirming = use_signal(|| false);
    rsx! {
        div { class: "discard",
            if confirming() {
                div {
                    class: "confirm",
                    role: "alertdialog",
                    aria_labelledby: "discard-question",
                    p { id: "discard-question", "{Text::DiscardConfirm.get(lang)}" }
                    div { class: "confirm-buttons",
                        button {
                            r#type: "button",
                            class: "button secondary",
                            id: "discard-cancel",
                            onclick: move |_| confirming.set(false),
                            "{Text::DiscardNo.get(lang)}"
                        }
                        button {
                            r#type: "button",
                            class: "button danger",
                            id: "discard-confirm",
                            onclick: move |_| {
                                confirming.set(false);
                                flow.discard();
                            },
                            "{Text::DiscardYes.get(lang)}"
                        }
                    }
                }
            } else {
                button {
                    r#type: "button",
                    class: "link-button",
                    id: "discard-draft",
                    onclick: move |_| confirming.set(true),
                    "{Text::DiscardDraft.get(lang)}"
                }
            }
        }
    }
}
