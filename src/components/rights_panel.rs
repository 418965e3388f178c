//! The person's requests about a registration, on the Receipt and on the status screen of a
//! registration kept on the device ("Hồ sơ của tôi"): the tờ khai to save as a PDF, "Tải dữ
//! liệu của tôi" (a copy of what the service holds, saved as a JSON file) and "Rút lại đồng
//! ý và xóa hồ sơ" with a confirmation. Which registration: the core's `rights_subject`.

use crate::flow_context::use_flow;
use crate::focus::focus;
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::api::RegistrationStatus;
use vssid_core::flow::Event;

/// A `data:` URL of PDF bytes, for a download link.
fn pdf_data_url(pdf: &[u8]) -> String {
    use base64::Engine;
    format!(
        "data:application/pdf;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(pdf)
    )
}

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
    let Some(subject) = state.rights_subject() else {
        return rsx! {};
    };
    let reference = subject.reference.clone();
    // The tờ khai is the service's, once the code was accepted, behind the same secret as
    // the data: fetched on demand, then offered as a file to save.
    let pdf_offered = subject.has_declaration_pdf();
    let pdf_link = after.pdf.as_deref().map(pdf_data_url);
    if after.withdrawn || subject.status == RegistrationStatus::Withdrawn {
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
            if let Some(url) = pdf_link {
                p { role: "status", "{Text::DeclarationPdfReady.get(lang)}" }
                a {
                    class: "button secondary wide",
                    id: "save-declaration",
                    href: "{url}",
                    download: "to-khai-{reference}.pdf",
                    "{Text::SaveDeclarationPdf.get(lang)}"
                }
            } else if pdf_offered {
                button {
                    r#type: "button",
                    class: "button secondary wide",
                    id: "get-declaration",
                    disabled: after.fetching_pdf,
                    aria_busy: if after.fetching_pdf { "true" } else { "false" },
                    onclick: move |_| flow.send(Event::DeclarationPdfRequest),
                    if after.fetching_pdf {
                        "{Text::FetchingDeclarationPdf.get(lang)}"
                    } else {
                        "{Text::SaveDeclarationPdf.get(lang)}"
                    }
                }
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
