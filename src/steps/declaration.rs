//! Declaration (tờ khai): the seven fields of the guide, with the address as cascading
//! searchable pickers, the offer to fill it from the ID card's QR when one was read, and the
//! warnings about accepted values (an old CMND, a Mã BHXH that differs from the CCCD).

use crate::components::qr_offer::QrOfferCard;
use crate::components::{ActionBar, DiscardDraft, PickerOption, SearchPicker, TextField};
use crate::edges::catalog::Unit;
use crate::flow_context::use_flow;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::fields::FieldId;

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

#[component]
pub fn DeclarationScreen() -> Element {
    let flow = use_flow();
    // The pickers' lists, worked out once (provinces) and when the province changes
    // (communes), not at every keystroke in the other fields.
    let provinces = use_memo(move || options(flow.services.peek().catalog.provinces()));
    let province = use_memo(move || flow.state.read().form.province.clone());
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
    let state = flow.state.read();
    let lang = state.lang;
    let form = state.form.clone();
    let warnings = form.warnings();
    let warning = |field: FieldId| {
        warnings
            .get(&field)
            .filter(|_| !state.errors.contains_key(&field))
            .map(|w| w.message(lang).to_string())
    };
    let bhxh_warning = warning(FieldId::BhxhCode);
    let person_id_warning = warning(FieldId::PersonId);
    let commune_blocked = form
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
                    value: form.bhxh_code.clone(),
                    hint: Text::BhxhCodeHint,
                    inputmode: "numeric",
                    autocomplete: "off",
                }
                FieldWarning { field: FieldId::BhxhCode, text: bhxh_warning }
                TextField {
                    field: FieldId::FullName,
                    label: Text::FullName,
                    value: form.full_name.clone(),
                    autocomplete: "name",
                    autocapitalize: "words",
                }
                TextField {
                    field: FieldId::PersonId,
                    label: Text::PersonId,
                    value: form.person_id.clone(),
                    hint: Text::PersonIdHint,
                    autocomplete: "off",
                    autocapitalize: "characters",
                }
                FieldWarning { field: FieldId::PersonId, text: person_id_warning }
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
                        selected: form.province.clone(),
                    }
                    SearchPicker {
                        field: FieldId::Commune,
                        label: Text::Commune,
                        placeholder: Text::ChooseCommune,
                        options: communes,
                        selected: form.commune.clone(),
                        blocked: commune_blocked,
                    }
                    TextField {
                        field: FieldId::Street,
                        label: Text::Street,
                        value: form.street.clone(),
                        autocomplete: "street-address",
                    }
                }
                TextField {
                    field: FieldId::Phone,
                    label: Text::Phone,
                    value: form.phone.clone(),
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
