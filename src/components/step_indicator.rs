//! "Bước 2/4 · Ảnh" with a bar of four segments, on the four form screens.

use crate::flow_context::{use_flow, use_view};
use crate::i18n::{step_of, Text};
use dioxus::prelude::*;
use vssid_core::flow::Step;

/// The name of a form step.
pub fn step_name(step: Step) -> Text {
    match step {
        Step::Photos => Text::StepPhotos,
        Step::Office => Text::StepOffice,
        Step::Email => Text::StepEmail,
        _ => Text::StepDeclaration,
    }
}

#[component]
pub fn StepIndicator() -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let step = use_view(|state| state.step)();
    let Some((position, total)) = step.form_position() else {
        return rsx! {};
    };
    let name = step_name(step).get(lang);
    let form_steps = [Step::Declaration, Step::Photos, Step::Office, Step::Email];
    rsx! {
        nav { class: "steps", aria_label: "{step_of(lang, position, total)}",
            p { class: "steps-text",
                span { class: "steps-count", "{step_of(lang, position, total)}" }
                " · {name}"
            }
            ol { class: "steps-bar",
                for (i, s) in form_steps.into_iter().enumerate() {
                    li {
                        key: "{i}",
                        class: if (i as u8) < position { "done" } else { "" },
                        aria_current: if s == step { "step" } else { "false" },
                        span { class: "visually-hidden", "{step_name(s).get(lang)}" }
                    }
                }
            }
        }
    }
}
