//! Start: what to prepare, "Đăng ký tài khoản", and the resume banner when a draft exists.

use crate::app::use_flow;
use crate::components::step_indicator::step_name;
use crate::components::DiscardDraft;
use crate::i18n::{draft_at_step, Text};
use dioxus::prelude::*;
use vssid_core::flow::Event;

#[component]
pub fn StartScreen() -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let has_draft = state.has_progress();
    let draft_step = step_name(state.step).get(lang);
    let prepare = [
        Text::PrepareIdPhotos,
        Text::PreparePortrait,
        Text::PrepareBhxhCode,
        Text::PreparePhone,
    ];
    rsx! {
        section { class: "start", aria_labelledby: "start-heading",
            h1 { id: "start-heading", "{Text::StartHeading.get(lang)}" }
            p { class: "lead", "{Text::StartIntro.get(lang)}" }
            if has_draft {
                div { class: "resume", role: "region", aria_labelledby: "resume-heading",
                    h2 { id: "resume-heading", "{Text::ResumeHeading.get(lang)}" }
                    p { "{Text::ResumeBody.get(lang)}" }
                    p { class: "hint", "{draft_at_step(lang, draft_step)}" }
                    button {
                        r#type: "button",
                        class: "button primary wide",
                        id: "resume",
                        onclick: move |_| flow.send(Event::Begin),
                        "{Text::ResumeButton.get(lang)}"
                    }
                    DiscardDraft {}
                }
            }
            h2 { "{Text::StartPrepareHeading.get(lang)}" }
            ul { class: "prepare",
                for (i, item) in prepare.into_iter().enumerate() {
                    li { key: "{i}", "{item.get(lang)}" }
                }
            }
            if !has_draft {
                button {
                    r#type: "button",
                    class: "button primary wide",
                    id: "begin",
                    onclick: move |_| flow.send(Event::Begin),
                    "{Text::StartButton.get(lang)}"
                }
            }
            p { class: "fineprint", "{Text::Unofficial.get(lang)}" }
        }
    }
}
