//! The offer card "Thông tin đọc từ mã QR trên CCCD": one row per field the card can fill,
//! with the card's value, what was typed when it differs (flagged), a checkbox per row, the
//! note about a converted address, and "Điền vào tờ khai" / "Bỏ qua".
//!
//! Rows that only fill empty fields start ticked; disagreements start unticked, so
//! confirming as shown never replaces anything typed.

use crate::edges::catalog::CatalogUnits;
use crate::flow_context::{use_flow, use_view};
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::Event;
use vssid_core::qr::{QrOffer, RowStatus};

/// The label of an offer row.
fn row_label(field: FieldId) -> Text {
    match field {
        FieldId::FullName => Text::FullName,
        FieldId::PersonId => Text::PersonId,
        FieldId::Street => Text::Street,
        _ => Text::QrOfferUnits,
    }
}

/// The offer of the pending card, if any; a new card draws a fresh card (fresh ticks).
#[component]
pub fn QrOfferCard() -> Element {
    let flow = use_flow();
    // Worked out from each new state, drawn again only when the offer changed.
    let offer = use_view(move |state| {
        let catalog = flow.services.peek().catalog.clone();
        let offer = state.qr_offer(&CatalogUnits(&*catalog))?;
        // A new card, or a status changed by typing, starts again from the default ticks: a
        // row that became a disagreement is never left ticked from before.
        let statuses: String = offer
            .rows
            .iter()
            .map(|r| format!("{}:{:?};", r.field.as_str(), r.status))
            .collect();
        let key = state
            .qr_card
            .as_ref()
            .map(|c| format!("{}|{}|{statuses}", c.id_number, c.address.printed))
            .unwrap_or_default();
        Some((key, offer))
    });
    let Some((key, offer)) = offer() else {
        return rsx! {};
    };
    rsx! {
        OfferBody { key: "{key}", offer }
    }
}

#[component]
fn OfferBody(offer: QrOffer) -> Element {
    let flow = use_flow();
    let lang = flow.lang();
    let defaults = offer.default_fields();
    let mut ticked = use_signal(move || defaults);
    let note = offer.address_note(lang);
    rsx! {
        section {
            class: "qr-offer",
            id: "qr-offer",
            role: "region",
            aria_labelledby: "qr-offer-heading",
            h2 { id: "qr-offer-heading", "{Text::QrOfferHeading.get(lang)}" }
            p { class: "hint", "{Text::QrOfferIntro.get(lang)}" }
            if let Some(note) = note {
                p { class: "qr-note", id: "qr-address-note", role: "note", "{note}" }
            }
            ul { class: "qr-rows",
                for row in offer.rows.iter().cloned() {
                    {
                        let field = row.field;
                        let id = format!("qr-{}", field.as_str());
                        let checked = ticked.read().contains(&field);
                        let same = row.status == RowStatus::Same;
                        let differs = row.status == RowStatus::Differs;
                        let class = match row.status {
                            RowStatus::WillFill => "qr-row fill",
                            RowStatus::Same => "qr-row same",
                            RowStatus::Differs => "qr-row differs",
                        };
                        let explain_id = format!("{id}-status");
                        let status = match row.status {
                            RowStatus::WillFill => Text::QrOfferWillFill,
                            RowStatus::Same => Text::QrOfferSame,
                            RowStatus::Differs => Text::QrOfferDiffers,
                        };
                        rsx! {
                            li { key: "{id}", class, "data-status": if differs { "differs" } else if same { "same" } else { "fill" },
                                div { class: "qr-check",
                                    input {
                                        r#type: "checkbox",
                                        id: "{id}",
                                        checked: checked && !same,
                                        disabled: same,
                                        aria_describedby: "{explain_id}",
                                        onchange: move |e: FormEvent| {
                                            let mut fields = ticked.write();
                                            fields.retain(|f| *f != field);
                                            if e.checked() {
                                                fields.push(field);
                                            }
                                        },
                                    }
                                    label { r#for: "{id}", class: "qr-field", "{row_label(field).get(lang)}" }
                                }
                                p { class: "qr-card-value",
                                    span { class: "qr-caption", "{Text::QrOfferCard.get(lang)}: " }
                                    strong { "{row.card}" }
                                }
                                if differs {
                                    p { class: "qr-typed-value",
                                        span { class: "qr-caption", "{Text::QrOfferTyped.get(lang)}: " }
                                        span { "{row.typed}" }
                                    }
                                }
                                p {
                                    id: "{explain_id}",
                                    class: if differs { "qr-status warning" } else { "qr-status hint" },
                                    "{status.get(lang)}"
                                }
                            }
                        }
                    }
                }
            }
            div { class: "qr-actions",
                button {
                    r#type: "button",
                    class: "button primary",
                    id: "qr-fill",
                    onclick: move |_| {
                        let fields = ticked.read().clone();
                        flow.send(Event::QrAccept { fields });
                    },
                    "{Text::QrOfferFill.get(lang)}"
                }
                button {
                    r#type: "button",
                    class: "button secondary",
                    id: "qr-skip",
                    onclick: move |_| flow.send(Event::QrDismiss),
                    "{Text::QrOfferSkip.get(lang)}"
                }
            }
        }
    }
}
