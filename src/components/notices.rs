//! Messages above the screen: the flow's notice (e.g. a submission that did not go
//! through) and the app's own (a restored or refused draft, storage trouble).

use crate::flow_context::{use_flow, use_view};
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::flow::Event;

#[component]
pub fn Notices() -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let mut shell = flow.notices;
    let flow_notice = use_view(|state| state.notice.clone())();
    let shell_notices = shell.read().clone();
    rsx! {
        if let Some(notice) = flow_notice {
            div {
                class: if notice.is_error { "notice error" } else { "notice" },
                role: if notice.is_error { "alert" } else { "status" },
                p { "{notice.message.message(lang)}" }
                button {
                    r#type: "button",
                    class: "notice-close",
                    aria_label: Text::Dismiss.get(lang),
                    onclick: move |_| flow.send(Event::DismissNotice),
                    "×"
                }
            }
        }
        for (i, notice) in shell_notices.into_iter().enumerate() {
            div {
                key: "{i}",
                class: if notice.is_error { "notice error" } else { "notice" },
                role: if notice.is_error { "alert" } else { "status" },
                p { "{notice.get(lang)}" }
                button {
                    r#type: "button",
                    class: "notice-close",
                    aria_label: Text::Dismiss.get(lang),
                    onclick: move |_| {
                        shell.write().remove(i);
                    },
                    "×"
                }
            }
        }
    }
}
