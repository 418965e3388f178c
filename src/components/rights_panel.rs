//! On the Receipt (the registration is still in memory there): "Tải dữ liệu của tôi" (a copy
//! of what the service holds, saved as a JSON file) and "Rút lại đồng ý và xóa hồ sơ" with a
//! confirmation. The list of registrations kept on the device after the receipt does not
//! exist yet, so these are offered only here.

use crate::flow_context::use_flow;
use crate::focus::focus;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::flow::Event;

/// A `data:` URL of a JSON document, for a download link.
fn json_data_url(json: &str) -> String {
    use base64::Engine;
    format!(
        "data:application/json;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(json.as_bytes())
    )
}

#[component]
pub fn RightsPanel() -> Element {
    let flow = use_flow();
    let state = flow.state.read();
    let lang = state.lang;
    let after = state.after_receipt.clone();
    let reference = state
        .submission
        .as_ref()
        .map(|s| s.reference.clone())
        .unwrap_or_default();
    if after.withdrawn {
        return rsx! {
            div { class: "withdrawn", role: "status", id: "withdrawn",
                h2 { id: "withdrawn-heading", tabindex: "-1", "{Text::WithdrawnHeading.get(lang)}" }
                p { "{Text::WithdrawnBody.get(lang)}" }
            }
        };
    }
    rsx! {
        section { class: "rights", aria_labelledby: "rights-heading",
            h2 { id: "rights-heading", "{Text::RightsHeading.get(lang)}" }
            p { "{Text::RightsIntro.get(lang)}" }
            if let Some(error) = &after.error {
                p { class: "error", role: "alert", id: "rights-error", "{error.message(lang)}" }
            }
            if let Some(json) = &after.data {
                p { role: "status", "{Text::DataReady.get(lang)}" }
                a {
                    class: "button secondary wide",
                    id: "save-data",
                    href: json_data_url(json),
                    download: "vssid-{reference}.json",
                    "{Text::SaveData.get(lang)}"
                }
            } else {
                button {
                    r#type: "button",
                    class: "button secondary wide",
                    id: "download-data",
                    disabled: after.fetching_data,
                    aria_busy: if after.fetching_data { "true" } else { "false" },
                    onclick: move |_| flow.send(Event::DataRequest),
                    if after.fetching_data {
                        "{Text::DownloadingData.get(lang)}"
                    } else {
                        "{Text::DownloadData.get(lang)}"
                    }
                }
            }
            if after.confirming_withdrawal {
                div {
                    class: "confirm-withdraw",
                    role: "alertdialog",
                    aria_labelledby: "withdraw-confirm-heading",
                    aria_describedby: "withdraw-confirm-body",
                    h3 { id: "withdraw-confirm-heading", tabindex: "-1", "{Text::WithdrawConfirmHeading.get(lang)}" }
                    p { id: "withdraw-confirm-body", "{Text::WithdrawConfirmBody.get(lang)}" }
                    div { class: "confirm-actions",
                        button {
                            r#type: "button",
                            class: "button secondary",
                            id: "withdraw-no",
                            disabled: after.withdrawing,
                            onclick: move |_| {
                                flow.send(Event::WithdrawCancel);
                                focus("withdraw");
                            },
                            "{Text::WithdrawNo.get(lang)}"
                        }
                        button {
                            r#type: "button",
                            class: "button danger",
                            id: "withdraw-yes",
                            disabled: after.withdrawing,
                            aria_busy: if after.withdrawing { "true" } else { "false" },
                            onclick: move |_| {
                                flow.send(Event::WithdrawConfirm);
                                focus("withdrawn-heading");
                            },
                            if after.withdrawing {
                                "{Text::Withdrawing.get(lang)}"
                            } else {
                                "{Text::WithdrawYes.get(lang)}"
                            }
                        }
                    }
                }
            } else {
                button {
                    r#type: "button",
                    class: "button danger-outline wide",
                    id: "withdraw",
                    onclick: move |_| {
                        flow.send(Event::WithdrawAsk);
                        focus("withdraw-confirm-heading");
                    },
                    "{Text::Withdraw.get(lang)}"
                }
            }
            p { class: "hint", "{Text::RightsOtherChannels.get(lang)}" }
        }
    }
}
