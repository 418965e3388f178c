//! The chosen office as the guide shows it: name, phone, address; an unconfirmed code and a
//! phone or address known only from before 2025 are said so, not shown as current.

use crate::edges::catalog::OfficeInfo;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::Lang;

#[component]
pub fn OfficeCard(office: OfficeInfo, lang: Lang) -> Element {
    let missing = Text::NotGiven.get(lang);
    let phone = office.phone.clone();
    let old = Text::OfficeOldValue.get(lang);
    let unconfirmed_code = office.code.clone().filter(|_| !office.code_confirmed);
    rsx! {
        dl { class: "office-card",
            div {
                dt { "{Text::OfficeCardOffice.get(lang)}" }
                dd { "{office.label}" }
            }
            if let Some(code) = unconfirmed_code {
                div {
                    dt { "{Text::OfficeCardCode.get(lang)}" }
                    dd { class: "unconfirmed", "{code} ({Text::OfficeCodeUnconfirmed.get(lang)})" }
                }
            }
            div {
                dt { "{Text::OfficeCardPhone.get(lang)}" }
                dd {
                    if let Some(phone) = phone {
                        a { href: "tel:{phone_digits(&phone)}", "{phone}" }
                        if !office.phone_current {
                            span { class: "old-value", " ({old})" }
                        }
                    } else {
                        "{missing}"
                    }
                }
            }
            div {
                dt { "{Text::OfficeCardAddress.get(lang)}" }
                dd {
                    "{office.address.clone().unwrap_or_else(|| missing.to_string())}"
                    if office.address.is_some() && !office.address_current {
                        span { class: "old-value", " ({old})" }
                    }
                }
            }
        }
    }
}

/// The digits of a phone number as written, for a `tel:` link.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}
