//! Photos: the portrait and both sides of the ID card, each with a preview and a retake.
//!
//! The file picker is the source for now (`accept="image/*"`); a chosen file is staged in
//! the private photo store and the flow asks for it to be processed.

use crate::app::{error_id, use_flow, Flow, ShellNotice};
use crate::components::{ActionBar, DiscardDraft};
use crate::i18n::{photo_size, Text};
use dioxus::prelude::*;
use vssid_core::flow::{Event, PhotoSlot, PhotoState};

/// The label of a slot, as in the guide.
pub fn slot_label(slot: PhotoSlot) -> Text {
    match slot {
        PhotoSlot::Portrait => Text::PhotoPortrait,
        PhotoSlot::IdFront => Text::PhotoIdFront,
        PhotoSlot::IdBack => Text::PhotoIdBack,
    }
}

#[component]
pub fn PhotosScreen() -> Element {
    let lang = use_flow().lang();
    rsx! {
        section { class: "photos", aria_labelledby: "photos-heading",
            h1 { id: "photos-heading", "{Text::PhotosHeading.get(lang)}" }
            p { class: "hint", "{Text::PhotosIntro.get(lang)}" }
            crate::components::qr_offer::QrOfferCard {}
            div { class: "photo-grid",
                for slot in PhotoSlot::ALL {
                    PhotoCard { key: "{slot.field().as_str()}", slot }
                }
            }
            ActionBar {}
            DiscardDraft {}
        }
    }
}

/// Reads the chosen file and hands it to the flow.
async fn take_file(flow: Flow, slot: PhotoSlot, event: FormEvent) {
    let Some(file) = event.files().into_iter().next() else {
        return;
    };
    let services = flow.services.cloned();
    let staged = match file.read_bytes().await {
        Ok(bytes) => services.stage_photo(&bytes).ok(),
        Err(_) => None,
    };
    match staged {
        Some(staged_key) => flow.send(Event::PhotoChosen { slot, staged_key }),
        None => flow.notify(ShellNotice::text(Text::PhotoMissing, true)),
    }
}

#[component]
fn PhotoCard(slot: PhotoSlot) -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let photo = state.photos.get(slot).clone();
    let field = slot.field();
    let id = field.as_str();
    let label = slot_label(slot).get(lang);
    let error = state
        .errors
        .get(&field)
        .map(|e| e.message(lang).to_string())
        .or_else(|| match &photo {
            PhotoState::Failed { error } => Some(error.message(lang).to_string()),
            _ => None,
        });
    let preview = photo
        .ready()
        .and_then(|p| flow.services.read().preview(&p.key));
    let (status, busy) = match &photo {
        PhotoState::Empty | PhotoState::Failed { .. } => {
            (Text::PhotoEmpty.get(lang).to_string(), false)
        }
        PhotoState::Processing { .. } => (Text::PhotoProcessing.get(lang).to_string(), true),
        PhotoState::Ready(p) => (photo_size(p.width, p.height, p.bytes), false),
    };
    let warnings: Vec<String> = photo
        .ready()
        .map(|p| {
            p.warnings
                .iter()
                .map(|w| w.message(lang).to_string())
                .collect()
        })
        .unwrap_or_default();
    let action = if photo.ready().is_some() {
        Text::RetakePhoto
    } else {
        Text::ChoosePhoto
    };
    rsx! {
        div {
            class: if error.is_some() { "photo-card invalid" } else { "photo-card" },
            role: "group",
            aria_labelledby: "{id}-title",
            h2 { id: "{id}-title", class: "photo-title",
                "{label}"
                span { class: "req", aria_hidden: "true", "*" }
            }
            div { class: "photo-frame", aria_busy: if busy { "true" } else { "false" },
                if let Some(url) = preview {
                    img { src: "{url}", alt: "{Text::PhotoPreviewAlt.get(lang)}: {label}" }
                } else if busy {
                    div { class: "spinner", aria_hidden: "true" }
                } else {
                    svg {
                        class: "camera-icon",
                        view_box: "0 0 24 24",
                        "aria-hidden": "true",
                        path { d: "M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z" }
                        circle { cx: "12", cy: "13", r: "4" }
                    }
                }
            }
            p { class: "photo-status", role: "status", "{status}" }
            for (i, warning) in warnings.into_iter().enumerate() {
                p { key: "{i}", class: "warning", "{warning}" }
            }
            input {
                id,
                r#type: "file",
                class: "visually-hidden file-input",
                accept: "image/*",
                disabled: busy,
                aria_invalid: if error.is_some() { "true" } else { "false" },
                aria_describedby: if error.is_some() { Some(error_id(field)) } else { None },
                onchange: move |e| take_file(flow, slot, e),
            }
            label { r#for: id, class: if busy { "button secondary file-button disabled" } else { "button secondary file-button" },
                "{action.get(lang)}"
                span { class: "visually-hidden", ": {label}" }
            }
            if let Some(error) = &error {
                p { id: error_id(field), class: "error", "{error}" }
            }
        }
    }
}
