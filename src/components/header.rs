//! The top bar: the app's name, the "Giới thiệu" (about) link and the language switch.

use crate::components::AboutOpen;
use crate::flow_context::use_flow;
use crate::focus::focus;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::flow::Event;
use vssid_core::Lang;

#[component]
pub fn Header() -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let about = try_use_context::<AboutOpen>();
    let other = match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    };
    // Behind the open about panel: out of reach of the keyboard and screen readers.
    let behind_dialog = about.is_some_and(|AboutOpen(open)| open());
    rsx! {
        header { class: "topbar",
            "inert": behind_dialog.then_some("true"),
            div { class: "brand",
                span { class: "logo", aria_hidden: "true", "V" }
                div { class: "brand-text",
                    p { class: "app-title", "{Text::AppTitle.get(lang)}" }
                    p { class: "app-subtitle", "{Text::AppSubtitle.get(lang)}" }
                }
            }
            div { class: "topbar-actions",
                if let Some(AboutOpen(mut open)) = about {
                    button {
                        r#type: "button",
                        class: "about-link",
                        id: "about-link",
                        aria_haspopup: "dialog",
                        onclick: move |_| {
                            open.set(true);
                            focus("about-heading");
                        },
                        "{Text::AboutLink.get(lang)}"
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
}
