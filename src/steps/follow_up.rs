//! "Hồ sơ của tôi": the list on the Start screen, the status screen (what it means and what
//! to do, per status; refresh; the last known status with its time offline), and the
//! corrections screen (only the fields and photos the office named open; the rest read-only).

use super::photos::{facing, guide_shape, slot_label, take_bytes};
use crate::components::camera::CameraDialog;
use crate::components::PickFile;
use crate::flow_context::use_flow;
use crate::i18n::{status_label, Text};
use dioxus::prelude::*;
use vssid_core::api::{is_photo, CORRECTABLE_FIELDS};
use vssid_core::datetime::vietnam_time_from_rfc3339;
use vssid_core::fields::FieldId;
use vssid_core::flow::{Event, PhotoSlot, PhotoState};

/// The registrations kept on the device, on the Start screen.
#[component]
pub fn SavedList() -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let saved = state.follow_up.saved.clone();
    if saved.is_empty() {
        return rsx! {};
    }
    rsx! {
        section { class: "my-registrations", aria_labelledby: "my-registrations-heading",
            h2 { id: "my-registrations-heading", "{Text::MyRegistrationsHeading.get(lang)}" }
            ul { class: "saved-list",
                for item in saved {
                    li { key: "{item.id}", class: "saved-item",
                        button {
                            r#type: "button",
                            class: "button secondary wide saved-open",
                            id: "open-{item.reference}",
                            "data-status": item.status.as_str(),
                            onclick: {
                                let id = item.id.clone();
                                move |_| flow.send(Event::OpenSaved { id: id.clone() })
                            },
                            span { class: "reference", "{item.reference}" }
                            span { class: "saved-status", "{status_label(lang, item.status)}" }
                        }
                    }
                }
            }
        }
    }
}

#[component]
pub fn TrackingScreen() -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let follow = &state.follow_up;
    let Some(saved) = follow.opened().cloned() else {
        return rsx! {};
    };
    let text = saved.status.text(lang);
    let office = flow
        .services
        .read()
        .catalog
        .office(&saved.office)
        .map(|o| o.label())
        .unwrap_or_else(|| saved.office.clone());
    let received = vietnam_time_from_rfc3339(&saved.received_at).unwrap_or_default();
    let checked = saved
        .checked_at
        .as_deref()
        .and_then(vietnam_time_from_rfc3339);
    let fetching = follow.fetching;
    let error = follow.error.as_ref().map(|e| e.message(lang).to_string());
    let decision = saved.decision.clone();
    let can_fix = saved.status == vssid_core::api::RegistrationStatus::ChangesRequested;
    rsx! {
        section { class: "tracking receipt", aria_labelledby: "tracking-heading", aria_busy: if fetching { "true" } else { "false" },
            h1 { id: "tracking-heading", "{Text::TrackingHeading.get(lang)}" }
            p { class: "status-title", id: "tracking-status", "data-status": saved.status.as_str(), role: "status", "{text.title}" }
            if let Some(error) = error {
                p { class: "error", id: "tracking-error", role: "alert", "{error}" }
            }
            dl { class: "office-card receipt-card",
                div {
                    dt { "{Text::ReceiptReference.get(lang)}" }
                    dd { class: "reference", id: "reference", "{saved.reference}" }
                }
                div {
                    dt { "{Text::ReceiptOffice.get(lang)}" }
                    dd { "{office}" }
                }
                div {
                    dt { "{Text::ReceiptSentAt.get(lang)}" }
                    dd { "{received}" }
                }
                div {
                    dt { "{Text::TrackingCheckedAt.get(lang)}" }
                    dd { id: "tracking-checked-at",
                        {checked.unwrap_or_else(|| Text::TrackingNotChecked.get(lang).to_string())}
                    }
                }
            }
            h2 { "{Text::TrackingMeaning.get(lang)}" }
            p { id: "tracking-meaning", "{text.meaning}" }
            if let Some(decision) = decision.filter(|_| saved.status.is_final() || can_fix) {
                div { class: "decision", id: "tracking-decision",
                    p { strong { "{Text::TrackingWhy.get(lang)}: " } "{decision.reason.label(lang)}" }
                    if !decision.fields.is_empty() && can_fix {
                        p { strong { "{Text::TrackingToFix.get(lang)}: " }
                            {decision.fields.iter().map(|f| f.label(lang)).collect::<Vec<_>>().join(", ")}
                        }
                    }
                    if !decision.note.is_empty() {
                        p { strong { "{Text::TrackingNote.get(lang)}: " } "{decision.note}" }
                    }
                }
            }
            h2 { "{Text::TrackingNext.get(lang)}" }
            p { id: "tracking-next", "{text.next}" }
            if can_fix {
                button {
                    r#type: "button",
                    class: "button primary wide",
                    id: "fix-start",
                    disabled: fetching,
                    onclick: move |_| flow.send(Event::FixStart {
                        idempotency_key: crate::services::new_idempotency_key(),
                    }),
                    "{Text::TrackingFix.get(lang)}"
                }
            }
            crate::components::rights_panel::RightsPanel {}
            button {
                r#type: "button",
                class: "button secondary wide",
                id: "tracking-refresh",
                disabled: fetching,
                onclick: move |_| flow.send(Event::RefreshStatus),
                if fetching { "{Text::TrackingRefreshing.get(lang)}" } else { "{Text::TrackingRefresh.get(lang)}" }
            }
            button {
                r#type: "button",
                class: "button secondary wide",
                id: "tracking-back",
                onclick: move |_| flow.send(Event::Back),
                "{Text::TrackingBack.get(lang)}"
            }
        }
    }
}

#[component]
pub fn FixingScreen() -> Element {
    let flow = use_flow();
    let mut camera = use_signal(|| None::<PhotoSlot>);
    let state = flow.state.read();
    let lang = state.lang;
    let Some(fix) = state.follow_up.fix.clone() else {
        return rsx! {};
    };
    let decision = state
        .follow_up
        .opened()
        .and_then(|saved| saved.decision.clone());
    let error = state
        .follow_up
        .error
        .as_ref()
        .map(|e| e.message(lang).to_string());
    let fields: Vec<FieldId> = CORRECTABLE_FIELDS
        .into_iter()
        .filter(|f| !is_photo(*f))
        .collect();
    let slots: Vec<PhotoSlot> = PhotoSlot::ALL
        .into_iter()
        .filter(|s| fix.asked.contains(&s.field()))
        .collect();
    let open = *camera.read();
    rsx! {
        section { class: "fixing", aria_labelledby: "fix-heading", "inert": open.map(|_| "true"),
            h1 { id: "fix-heading", "{Text::FixHeading.get(lang)}" }
            p { class: "hint", "{Text::FixIntro.get(lang)}" }
            if let Some(decision) = decision {
                div { class: "decision", id: "fix-decision",
                    p { strong { "{Text::TrackingWhy.get(lang)}: " } "{decision.reason.label(lang)}" }
                    if !decision.note.is_empty() {
                        p { strong { "{Text::TrackingNote.get(lang)}: " } "{decision.note}" }
                    }
                }
            }
            if let Some(error) = error {
                p { class: "error", role: "alert", "{error}" }
            }
            for field in fields {
                {
                    let id = field.as_str();
                    let editable = fix.editable(field);
                    let raw = fix.form.get(field).unwrap_or_default().to_string();
                    // A read-only province or commune by its name, not its code.
                    let catalog = flow.services.read().catalog.clone();
                    let value = match field {
                        FieldId::Province if !editable => catalog.province_name(&raw),
                        FieldId::Commune if !editable => catalog.commune_name(&raw),
                        _ => None,
                    }
                    .unwrap_or(raw);
                    let error = fix.errors.get(&field).map(|e| e.message(lang).to_string());
                    let invalid = if error.is_some() { "true" } else { "false" };
                    rsx! {
                        div { key: "{id}", class: if editable { "field" } else { "field read-only" },
                            label { r#for: "fix-{id}", class: "label", "{field.label(lang)}" }
                            input {
                                id: "fix-{id}",
                                r#type: "text",
                                value: "{value}",
                                readonly: !editable,
                                disabled: !editable || fix.sending,
                                "aria-invalid": invalid,
                                oninput: move |e: FormEvent| flow.send(Event::Edit { field, value: e.value() }),
                                onblur: move |_| flow.send(Event::Blur(field)),
                            }
                            if !editable {
                                p { class: "hint", "{Text::FixReadOnly.get(lang)}" }
                            }
                            if let Some(error) = error {
                                p { class: "error", id: "fix-{id}-error", "{error}" }
                            }
                        }
                    }
                }
            }
            for slot in slots {
                {
                    let id = slot.field().as_str();
                    let photo = fix.photos.get(slot).clone();
                    let preview = photo.ready().and_then(|p| flow.services.read().preview(&p.key));
                    let busy = matches!(photo, PhotoState::Processing { .. });
                    let error = fix
                        .errors
                        .get(&slot.field())
                        .map(|e| e.message(lang).to_string())
                        .or_else(|| match &photo {
                            PhotoState::Failed { error } => Some(error.message(lang).to_string()),
                            _ => None,
                        });
                    let label = slot_label(slot).get(lang);
                    let invalid = error.is_some();
                    rsx! {
                        div { key: "{id}", class: "photo-card", role: "group", aria_labelledby: "fix-{id}-title",
                            h2 { id: "fix-{id}-title", class: "photo-title", "{label}" }
                            div { class: "photo-frame", aria_busy: if busy { "true" } else { "false" },
                                if let Some(url) = preview {
                                    img { id: "fix-{id}-preview", src: "{url}", alt: "{Text::PhotoPreviewAlt.get(lang)}: {label}" }
                                } else if busy {
                                    div { class: "spinner", aria_hidden: "true" }
                                }
                            }
                            button {
                                id: "camera-{id}",
                                r#type: "button",
                                class: "button primary camera-button",
                                disabled: busy || fix.sending,
                                onclick: move |_| camera.set(Some(slot)),
                                "{Text::TakeWithCamera.get(lang)}"
                            }
                            PickFile {
                                id: id.to_string(),
                                class: "button secondary file-button",
                                disabled: busy || fix.sending,
                                invalid,
                                describedby: None,
                                on_bytes: move |bytes: Vec<u8>| take_bytes(flow, slot, bytes),
                                on_unreadable: move |_| {},
                                "{Text::ChoosePhoto.get(lang)}"
                            }
                            if let Some(error) = error {
                                p { class: "error", id: "fix-{id}-error", "{error}" }
                            }
                        }
                    }
                }
            }
            button {
                r#type: "button",
                class: "button primary wide",
                id: "fix-send",
                disabled: fix.sending,
                onclick: move |_| flow.send(Event::Next),
                if fix.sending { "{Text::FixSending.get(lang)}" } else { "{Text::FixSend.get(lang)}" }
            }
            button {
                r#type: "button",
                class: "button secondary wide",
                id: "fix-back",
                onclick: move |_| flow.send(Event::Back),
                "{Text::TrackingBack.get(lang)}"
            }
        }
        if let Some(slot) = open {
            CameraDialog {
                key: "{slot.field().as_str()}",
                lang,
                title: format!("{}: {}", Text::TakeWithCamera.get(lang), slot_label(slot).get(lang)),
                shape: guide_shape(slot),
                facing: facing(slot),
                on_photo: move |bytes: Vec<u8>| {
                    camera.set(None);
                    take_bytes(flow, slot, bytes);
                },
                on_refused: move |_| camera.set(None),
                on_cancel: move |_| camera.set(None),
            }
        }
    }
}
