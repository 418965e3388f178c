//! Start: what to prepare, "Đăng ký tài khoản", "Quét mã QR trên CCCD" (a photo of the
//! card fills the declaration, after confirmation), and the resume banner when a draft exists.

use crate::components::step_indicator::step_name;
use crate::components::{DiscardDraft, PickFile};
use crate::edges::slow_work::read_card_later;
use crate::flow_context::{use_flow, Flow};
use crate::i18n::{draft_at_step, Text};
use dioxus::prelude::*;
use vssid_core::flow::Event;

/// Reads the card's QR in the chosen photo, off the interface's thread while `reading` is
/// shown, and goes to the declaration with the offer, or with the reason no card was read.
fn scan_card(flow: Flow, mut reading: Signal<bool>, bytes: Option<Vec<u8>>) {
    let Some(bytes) = bytes else {
        flow.send(Event::QrFailed {
            error: Text::QrScanFileFailed.error("qr_file_unreadable"),
        });
        return;
    };
    reading.set(true);
    spawn(async move {
        let next = match read_card_later(bytes.into()).await {
            Ok(card) => Event::QrRead {
                card: Box::new(card),
            },
            Err(error) => Event::QrFailed { error },
        };
        reading.set(false);
        flow.send(next);
    });
}

#[component]
pub fn StartScreen() -> Element {
    let flow = use_flow();
    let reading = use_signal(|| false);
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
            super::follow_up::SavedList {}
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
            div { class: "qr-scan", role: "group", aria_labelledby: "qr-scan-label",
                PickFile {
                    id: "qr-scan",
                    label_id: "qr-scan-label",
                    class: "button secondary wide file-button",
                    disabled: reading(),
                    invalid: false,
                    describedby: "qr-scan-hint",
                    on_bytes: move |bytes: Vec<u8>| scan_card(flow, reading, Some(bytes)),
                    on_unreadable: move |_| scan_card(flow, reading, None),
                    "{Text::QrScanButton.get(lang)}"
                }
                p { id: "qr-scan-hint", class: "hint", "{Text::QrScanHint.get(lang)}" }
                p { id: "qr-scan-reading", class: "hint", role: "status",
                    if reading() {
                        "{Text::QrScanReading.get(lang)}"
                    }
                }
            }
            p { class: "fineprint", "{Text::Unofficial.get(lang)}" }
        }
    }
}
