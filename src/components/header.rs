//! The top bar: the app's name and the language switch.

use crate::app::use_flow;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::flow::Event;
use vssid_core::Lang;

#[component]
pub fn Header() -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let other = match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    rsx! {
        header { class: "topbar",
            div { class: "brand",
                span { class: "logo", aria_hidden: "true", "V" }
                div { class: "brand-text",
                    p { class: "app-title", "{Text::AppTitle.get(lang)}" }
                    p { class: "app-subtitle", "{Text::AppSubtitle.get(lang)}" }
                }
            }
            button {
                r#type: "button",
                class: "lang-switch",
                id: "lang-switch",
                lang: other.tag(),
                aria_label: Text::SwitchLanguageLabel.get(lang),
                onclick: move |_| flow.send(Event::SetLang(other)),
                "{Text::SwitchLanguage.get(lang)}"
            }
        }
    }
}
