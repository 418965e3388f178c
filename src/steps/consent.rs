//! Consent: before anything is typed, the privacy notice's summary (the full text one tap
//! away), an unticked box for the basic personal data and a separate one for the ID-card
//! photos (sensitive); "Đồng ý và tiếp tục" with both ticked, or "Không đồng ý", which says
//! where else to register.

use crate::components::about::{OFFICIAL_APP_GOOGLE_PLAY, OFFICIAL_HOTLINE, OFFICIAL_WEBSITE};
use crate::components::{error_id, field_error};
use crate::edges::timer::now_rfc3339;
use crate::flow_context::use_flow;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::{ConsentBox, Event};
use vssid_core::privacy_notice::{blocks, summary, Block, Operator, PrivacyNotice, Retention};
use vssid_core::Lang;

/// The notice's text drawn from its light Markdown.
#[component]
pub fn NoticeText(text: String) -> Element {
    rsx! {
        for (i, block) in blocks(&text).into_iter().enumerate() {
            match block {
                Block::Heading(heading) => rsx! { h3 { key: "{i}", "{heading}" } },
                Block::Paragraph(paragraph) => rsx! { p { key: "{i}", "{paragraph}" } },
                Block::List(items) => rsx! {
                    ul { key: "{i}",
                        for (j, item) in items.into_iter().enumerate() {
                            li { key: "{j}", "{item}" }
                        }
                    }
                },
            }
        }
    }
}

/// One box of the consent.
#[component]
fn ConsentCheckbox(id: &'static str, which: ConsentBox, checked: bool, label: Text) -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let state = flow.state.read();
    let invalid = field_error(&state, FieldId::Consent).is_some() && !checked;
    rsx! {
        div { class: "check",
            input {
                id,
                r#type: "checkbox",
                checked,
                aria_invalid: if invalid { "true" } else { "false" },
                aria_describedby: if invalid { Some(error_id(FieldId::Consent)) } else { None },
                onchange: move |e: FormEvent| flow.send(Event::ConsentTick { which, ticked: e.checked() }),
            }
            label { r#for: id, "{label.get(lang)}" }
        }
    }
}

#[component]
pub fn ConsentScreen() -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let consent = state.consent.clone();
    let error = field_error(&state, FieldId::Consent);
    // The operator's own notice when the service publishes it, else the built-in copy.
    let backend = flow.services.read().backend.clone();
    let fetched = use_resource(move || {
        let backend = backend.clone();
        async move { backend.privacy_notice().await }
    });
    let (notice, from_service) = match &*fetched.read() {
        Some(Some(notice)) => (notice.clone(), true),
        _ => (
            PrivacyNotice::new(&Operator::default(), Retention::default()),
            false,
        ),
    };
    let full_text = notice.text(lang).to_string();
    rsx! {
        section { class: "consent", aria_labelledby: "consent-heading",
            h1 { id: "consent-heading", "{Text::ConsentHeading.get(lang)}" }
            p { class: "lead", "{Text::ConsentIntro.get(lang)}" }
            h2 { "{Text::ConsentSummaryHeading.get(lang)}" }
            ul { class: "notice-summary",
                for (i, point) in summary(lang).into_iter().enumerate() {
                    li { key: "{i}", "{point}" }
                }
            }
            details { class: "notice-full", id: "notice-full",
                summary { id: "notice-full-toggle", "{Text::ConsentFullText.get(lang)}" }
                p { class: "hint",
                    if from_service {
                        "{Text::ConsentFromService.get(lang)}"
                    } else {
                        "{Text::ConsentBuiltIn.get(lang)}"
                    }
                }
                div { class: "notice-text", lang: lang.tag(),
                    NoticeText { text: full_text }
                }
            }
            fieldset { class: if error.is_some() { "consent-boxes invalid" } else { "consent-boxes" },
                legend { "{Text::ConsentLegend.get(lang)}" }
                ConsentCheckbox {
                    id: "consent",
                    which: ConsentBox::General,
                    checked: consent.general,
                    label: Text::ConsentGeneral,
                }
                ConsentCheckbox {
                    id: "consent-id-images",
                    which: ConsentBox::IdImages,
                    checked: consent.id_images,
                    label: Text::ConsentIdImages,
                }
                p { class: "hint", "{Text::ConsentForYoungChild.get(lang)}" }
                if let Some(error) = &error {
                    p { id: error_id(FieldId::Consent), class: "error", role: "alert", "{error}" }
                }
            }
            if consent.declined {
                Declined { lang }
            }
            div { class: "action-bar",
                button {
                    r#type: "button",
                    class: "button secondary",
                    id: "action-back",
                    onclick: move |_| flow.send(Event::Back),
                    "{Text::Back.get(lang)}"
                }
                button {
                    r#type: "button",
                    class: "button secondary",
                    id: "consent-decline",
                    onclick: move |_| {
                        flow.send(Event::ConsentDecline);
                        crate::focus::focus("declined-heading");
                    },
                    "{Text::ConsentDecline.get(lang)}"
                }
                button {
                    r#type: "button",
                    class: "button primary",
                    id: "consent-accept",
                    onclick: move |_| flow.send(Event::ConsentAccept { at: now_rfc3339() }),
                    "{Text::ConsentAccept.get(lang)}"
                }
            }
        }
    }
}

/// What declining means, and the official channels.
#[component]
fn Declined(lang: Lang) -> Element {
    rsx! {
        div { class: "declined", role: "region", aria_labelledby: "declined-heading",
            h2 { id: "declined-heading", tabindex: "-1", "{Text::DeclinedHeading.get(lang)}" }
            p { "{Text::DeclinedBody.get(lang)}" }
            ul {
                li {
                    a { href: OFFICIAL_APP_GOOGLE_PLAY, rel: "noopener", target: "_blank",
                        "{Text::DeclinedOfficialApp.get(lang)}"
                    }
                }
                li {
                    a { href: OFFICIAL_WEBSITE, rel: "noopener", target: "_blank",
                        "{Text::DeclinedWebsite.get(lang)}"
                    }
                }
                li {
                    a { href: OFFICIAL_HOTLINE, "{Text::DeclinedHotline.get(lang)}" }
                }
            }
        }
    }
}
