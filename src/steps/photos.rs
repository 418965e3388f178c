//! Photos: the portrait and both sides of the ID card, each with a preview and a retake.
//!
//! Two sources, one path: the in-app camera (the main one on phones, where the file input
//! of the webview returns no file) and the file picker (`accept="image/*"`, always offered;
//! the only one where the camera cannot be used, with the reason shown). Either way the raw
//! bytes go through [`take_bytes`]: staged in the private photo store, then
//! `Event::PhotoChosen` asks the flow to process them.

use crate::components::camera::{CameraDialog, CameraRefusal, Facing, GuideShape};
use crate::components::{error_id, field_error, ActionBar, DiscardDraft, PickFile};
use crate::flow_context::{use_flow, Flow, ShellNotice};
use crate::focus::focus;
use crate::i18n::{photo_size, Text};
use dioxus::prelude::*;
use vssid_core::flow::{Event, PhotoSlot, PhotoState};
use vssid_core::Lang;

/// The label of a slot, as in the guide.
pub fn slot_label(slot: PhotoSlot) -> Text {
    match slot {
        PhotoSlot::Portrait => Text::PhotoPortrait,
        PhotoSlot::IdFront => Text::PhotoIdFront,
        PhotoSlot::IdBack => Text::PhotoIdBack,
    }
}

/// The guide drawn over the camera picture for a slot: an oval for the face, the card
/// outline for both sides of the ID.
pub fn guide_shape(slot: PhotoSlot) -> GuideShape {
    match slot {
        PhotoSlot::Portrait => GuideShape::Oval,
        PhotoSlot::IdFront | PhotoSlot::IdBack => GuideShape::Card,
    }
}

/// The camera opened first for a slot: the front one for the portrait, the rear one for
/// the card.
pub fn facing(slot: PhotoSlot) -> Facing {
    match slot {
        PhotoSlot::Portrait => Facing::User,
        PhotoSlot::IdFront | PhotoSlot::IdBack => Facing::Environment,
    }
}

/// The id of the button that opens the camera for a slot (`camera-portrait`, …).
pub fn camera_button_id(slot: PhotoSlot) -> String {
    format!("camera-{}", slot.field().as_str())
}

/// Which camera dialog is open, and the last reason the camera could not be used.
#[derive(Clone, Copy, PartialEq)]
struct CameraState {
    open: Signal<Option<PhotoSlot>>,
    refused: Signal<Option<(PhotoSlot, CameraRefusal)>>,
}

#[component]
pub fn PhotosScreen() -> Element {
    let flow = use_flow();
    // The processing gets ready while the person picks (the web starts its worker).
    use_hook(move || flow.services.read().processor.get_ready());
    let lang = flow.lang();
    let camera = CameraState {
        open: use_signal(|| None),
        refused: use_signal(|| None),
    };
    let open = *camera.open.read();
    rsx! {
        section {
            class: "photos",
            aria_labelledby: "photos-heading",
            // Behind the open camera dialog: out of reach of the keyboard and screen readers.
            "inert": open.map(|_| "true"),
            h1 { id: "photos-heading", "{Text::PhotosHeading.get(lang)}" }
            p { class: "hint", "{Text::PhotosIntro.get(lang)}" }
            p { class: "hint", id: "photos-kept-here", "{Text::PhotosKeptHere.get(lang)}" }
            crate::components::qr_offer::QrOfferCard {}
            div { class: "photo-grid",
                for slot in PhotoSlot::ALL {
                    PhotoCard { key: "{slot.field().as_str()}", slot, camera }
                }
            }
            ActionBar {}
            DiscardDraft {}
        }
        if let Some(slot) = open {
            CameraDialog {
                key: "{slot.field().as_str()}",
                lang,
                title: format!("{}: {}", Text::TakeWithCamera.get(lang), slot_label(slot).get(lang)),
                shape: guide_shape(slot),
                facing: facing(slot),
                on_photo: move |bytes: Vec<u8>| {
                    close_camera(camera, slot);
                    take_bytes(flow, slot, bytes);
                },
                on_refused: move |refusal: CameraRefusal| {
                    let mut open = camera.open;
                    open.set(None);
                    let mut refused = camera.refused;
                    refused.set(Some((slot, refusal)));
                    // The file picker is what remains.
                    focus(slot.field().as_str());
                },
                on_cancel: move |_| close_camera(camera, slot),
            }
        }
    }
}

/// Closes the camera dialog and gives the focus back to the button that opened it.
fn close_camera(camera: CameraState, slot: PhotoSlot) {
    let mut open = camera.open;
    open.set(None);
    focus(&camera_button_id(slot));
}

/// Hands a raw picture (a capture or a chosen file) to the flow: staged in the private
/// photo store, then processed.
pub fn take_bytes(flow: Flow, slot: PhotoSlot, bytes: Vec<u8>) {
    let services = flow.services.cloned();
    match services.stage_photo(bytes) {
        Ok(staged_key) => flow.send(Event::PhotoChosen { slot, staged_key }),
        Err(_) => flow.notify(ShellNotice::text(Text::PhotoMissing, true)),
    }
}

/// Why the camera could not be used, and that the file picker remains.
#[component]
pub fn CameraFallback(lang: Lang, slot: PhotoSlot, refusal: CameraRefusal) -> Element {
    let id = slot.field().as_str();
    rsx! {
        p {
            id: "{id}-camera-refused",
            class: "camera-refused",
            role: "alert",
            "data-reason": refusal.code(),
            "{refusal.text().get(lang)} {Text::CameraUseFile.get(lang)}"
        }
    }
}

#[component]
fn PhotoCard(slot: PhotoSlot, camera: CameraState) -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let photo = state.photos.get(slot).clone();
    let field = slot.field();
    let id = field.as_str();
    let label = slot_label(slot).get(lang);
    let error = field_error(&state, field).or_else(|| match &photo {
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
    let has_photo = photo.ready().is_some();
    let action = if has_photo {
        Text::RetakePhoto
    } else {
        Text::ChoosePhoto
    };
    let camera_action = if has_photo {
        Text::CameraRetake
    } else {
        Text::TakeWithCamera
    };
    let refused = (*camera.refused.read()).and_then(|(s, refusal)| (s == slot).then_some(refusal));
    let open_camera = move |_: MouseEvent| {
        let mut refused = camera.refused;
        refused.set(None);
        let mut open = camera.open;
        open.set(Some(slot));
    };
    rsx! {
        div {
            class: if error.is_some() { "photo-card invalid" } else { "photo-card" },
            role: "group",
            aria_labelledby: "{id}-title",
            aria_busy: if busy { "true" } else { "false" },
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
            p { class: "photo-status", role: "status",
                "{status}"
                if busy {
                    span { class: "photo-steps", ": {Text::PhotoProcessingSteps.get(lang)}" }
                }
            }
            if !warnings.is_empty() {
                div { class: "photo-warnings", id: "{id}-warnings",
                    for (i, warning) in warnings.into_iter().enumerate() {
                        p { key: "{i}", class: "warning", "{warning}" }
                    }
                    p { class: "warning retake-advice", "{Text::PhotoRetakeAdvice.get(lang)}" }
                    button {
                        id: "retake-{id}",
                        r#type: "button",
                        class: "button secondary retake-button",
                        aria_describedby: "{id}-warnings",
                        onclick: open_camera,
                        "{Text::CameraRetake.get(lang)}"
                        span { class: "visually-hidden", ": {label}" }
                    }
                }
            }
            if let Some(refusal) = refused {
                CameraFallback { lang, slot, refusal }
            }
            button {
                id: camera_button_id(slot),
                r#type: "button",
                class: "button primary camera-button",
                disabled: busy,
                onclick: open_camera,
                "{camera_action.get(lang)}"
                span { class: "visually-hidden", ": {label}" }
            }
            PickFile {
                id: id.to_string(),
                class: "button secondary file-button",
                disabled: busy,
                invalid: error.is_some(),
                describedby: if error.is_some() { Some(error_id(field)) } else { None },
                on_bytes: move |bytes: Vec<u8>| take_bytes(flow, slot, bytes),
                on_unreadable: move |_| flow.notify(ShellNotice::text(Text::PhotoMissing, true)),
                "{action.get(lang)}"
                span { class: "visually-hidden", ": {label}" }
            }
            if let Some(error) = &error {
                p { id: error_id(field), class: "error", "{error}" }
            }
        }
    }
}
