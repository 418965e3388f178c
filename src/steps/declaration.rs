//! Declaration (tờ khai): the seven fields of the guide, with the address as cascading
//! searchable pickers, the offer to fill it from the ID card's QR when one was read, and the
//! warnings about accepted values (an old CMND, a Mã BHXH that differs from the CCCD).

use crate::components::qr_offer::QrOfferCard;
use crate::components::{ActionBar, DiscardDraft, PickerOption, SearchPicker, TextField};
use crate::edges::catalog::Unit;
use crate::flow_context::{use_flow, use_view};
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::fields::FieldId;
use vssid_core::flow::Registration;

/// Units as a picker lists them.
fn options(units: Vec<Unit>) -> Vec<PickerOption> {
    units
        .into_iter()
        .map(|u| PickerOption {
            code: u.code,
            name: u.name,
        })
        .collect()
}

/// What the screen itself shows of the registration; the typed texts are the fields' own, so
/// a keystroke does not draw the screen again.
#[derive(Clone, PartialEq)]
struct DeclarationView {
    province: String,
    commune: String,
    /// The warnings on accepted values, in the registration's language.
    bhxh_warning: Option<String>,
    person_id_warning: Option<String>,
}

impl DeclarationView {
    fn of(state: &Registration) -> DeclarationView {
        let form = &state.form;
        let warnings = form.warnings();
        let warning = |field: FieldId| {
            warnings
                .get(&field)
                .filter(|_| !state.errors.contains_key(&field))
                .map(|w| w.message(state.lang).to_string())
        };
        DeclarationView {
            province: form.province.clone(),
            commune: form.commune.clone(),
            bhxh_warning: warning(FieldId::BhxhCode),
            person_id_warning: warning(FieldId::PersonId),
        }
    }
}

#[component]
pub fn DeclarationScreen() -> Element {
    let flow = use_flow();
    let view = use_view(DeclarationView::of);
    // The pickers' lists, worked out once (provinces) and when the province changes
    // (communes), not at every keystroke in the other fields.
    let provinces = use_memo(move || options(flow.services.peek().catalog.provinces()));
    let province = use_memo(move || view.read().province.clone());
    let communes = use_memo(move || {
        let province = province.read();
        if province.is_empty() {
            Vec::new()
        } else {
            options(flow.services.peek().catalog.communes_of(&province))
        }
    });
    let provinces = provinces.read().clone();
    let communes = communes.read().clone();
    let lang = flow.lang();
    let view = view.read().clone();
    let commune_blocked = view
        .province
        .is_empty()
        .then_some(Text::ChooseProvinceFirst);
    rsx! {
        section { class: "declaration", aria_labelledby: "declaration-heading",
            h1 { id: "declaration-heading", "{Text::DeclarationHeading.get(lang)}" }
            p { class: "hint", "{Text::DeclarationIntro.get(lang)}" }
            QrOfferCard {}
            form {
                novalidate: true,
                onsubmit: move |e| {
                    e.prevent_default();
                    flow.send(vssid_core::flow::Event::Next);
                },
                TextField {
                    field: FieldId::BhxhCode,
                    label: Text::BhxhCode,
                    hint: Text::BhxhCodeHint,
                    inputmode: "numeric",
                    autocomplete: "off",
                }
                FieldWarning { field: FieldId::BhxhCode, text: view.bhxh_warning.clone() }
                TextField {
                    field: FieldId::FullName,
                    label: Text::FullName,
                    autocomplete: "name",
                    autocapitalize: "words",
                }
                TextField {
                    field: FieldId::PersonId,
                    label: Text::PersonId,
                    hint: Text::PersonIdHint,
                    autocomplete: "off",
                    autocapitalize: "characters",
                }
                FieldWarning { field: FieldId::PersonId, text: view.person_id_warning.clone() }
                fieldset { class: "address",
                    legend {
                        "{Text::AddressLegend.get(lang)}"
                        span { class: "req", aria_hidden: "true", "*" }
                    }
                    SearchPicker {
                        field: FieldId::Province,
                        label: Text::Province,
                        placeholder: Text::ChooseProvince,
                        options: provinces,
                        selected: view.province.clone(),
                    }
                    SearchPicker {
                        field: FieldId::Commune,
                        label: Text::Commune,
                        placeholder: Text::ChooseCommune,
                        options: communes,
                        selected: view.commune.clone(),
                        blocked: commune_blocked,
                    }
                    TextField {
                        field: FieldId::Street,
                        label: Text::Street,
                        autocomplete: "street-address",
                    }
                }
                TextField {
                    field: FieldId::Phone,
                    label: Text::Phone,
                    hint: Text::PhoneHint,
                    input_type: "tel",
                    inputmode: "tel",
                    autocomplete: "tel-national",
                }
                crate::components::guardian::GuardianSection {}
            }
            ActionBar {}
            DiscardDraft {}
        }
    }
}

/// A warning beside a field whose value is accepted (announced politely, not as an error).
#[component]
fn FieldWarning(field: FieldId, text: Option<String>) -> Element {
    rsx! {
        if let Some(text) = text {
            p { id: "{field.as_str()}-warning", class: "warning field-warning", role: "status", "{text}" }
        }
    }
}
