//! The chosen office as the guide shows it: name, phone, address.

use crate::edges::catalog::OfficeInfo;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::Lang;

#[component]
pub fn OfficeCard(office: OfficeInfo, lang: Lang) -> Element {
    let missing = Text::NotGiven.get(lang);
    let phone = office.phone.clone();
    rsx! {
        dl { class: "office-card",
            div {
                dt { "{Text::OfficeCardOffice.get(lang)}" }
                dd { "{office.name}" }
            }
            div {
                dt { "{Text::OfficeCardPhone.get(lang)}" }
                dd {
                    if let Some(phone) = phone {
                        a { href: "tel:{phone_digits(&phone)}", "{phone}" }
                    } else {
                        "{missing}"
                    }
                }
            }
            div {
                dt { "{Text::OfficeCardAddress.get(lang)}" }
                dd { "{office.address.clone().unwrap_or_else(|| missing.to_string())}" }
            }
        }
    }
}

/// The digits of a phone number as written, for a `tel:` link.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}
