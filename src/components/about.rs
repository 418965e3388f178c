//! "Giới thiệu": who publishes this client, that it is not the official VssID app, which
//! reception service it sends to, and the official channels of Vietnam Social Security.

use crate::config::{Reception, Unavailable};
use crate::edges::catalog::{OfficeData, OfficeOrigin};
use crate::i18n::Text;
use dioxus::prelude::*;
use vssid_core::Lang;

/// The portal of Vietnam Social Security.
pub const OFFICIAL_WEBSITE: &str = "https://baohiemxahoi.gov.vn";
/// The support hotline of Vietnam Social Security, 1900 9068, as a link that dials it.
pub const OFFICIAL_HOTLINE: &str = "tel:19009068";
/// The official VssID app in the stores (searches, so no store identifier is assumed).
pub const OFFICIAL_APP_GOOGLE_PLAY: &str = "https://play.google.com/store/search?q=VssID&c=apps";
pub const OFFICIAL_APP_APP_STORE: &str = "https://apps.apple.com/vn/search?term=VssID";

/// Whether the about panel is open; shared by the header's link and the root.
#[derive(Clone, Copy, PartialEq)]
pub struct AboutOpen(pub Signal<bool>);

/// The about panel, over the current step (which stays as it was): a modal dialog that keeps
/// the keyboard inside it and closes with "Đóng" or Escape.
#[component]
pub fn AboutPanel(
    lang: Lang,
    /// Where registrations go.
    reception: Reception,
    onclose: EventHandler<()>,
    /// The office data in use.
    #[props(default)]
    office_data: Option<OfficeData>,
) -> Element {
    let version = env!("CARGO_PKG_VERSION");
    let repository = crate::config::repository_url();
    use_effect(|| crate::focus::keep_focus_inside("about"));
    rsx! {
        section {
            class: "about",
            id: "about",
            role: "dialog",
            aria_modal: "true",
            aria_labelledby: "about-heading",
            onkeydown: move |e: KeyboardEvent| {
                if e.key() == Key::Escape {
                    e.prevent_default();
                    onclose.call(());
                }
            },
            div { class: "about-body",
                h1 { id: "about-heading", tabindex: "-1", "{Text::AboutHeading.get(lang)}" }
                p { class: "lead", "{Text::AboutWhat.get(lang)}" }
                p { "{Text::AboutPublisher.get(lang)}" }
                p {
                    "{Text::AboutSource.get(lang)}: "
                    a { href: repository, rel: "noopener", target: "_blank", "{repository}" }
                    " · {Text::AboutVersion.get(lang)} {version}"
                }
                if let Some(office_data) = office_data {
                    p { id: "about-office-data", {office_data_line(&office_data, lang)} }
                }
                h2 { "{Text::AboutBackendHeading.get(lang)}" }
                p { class: "about-backend", id: "about-backend",
                    match reception {
                        Reception::Service(url) => rsx! { code { "{url}" } },
                        Reception::Demo => rsx! { "{Text::AboutBackendBuiltIn.get(lang)}" },
                        Reception::Unavailable(Unavailable::NotConfigured) => rsx! {
                            "{Text::AboutBackendMissing.get(lang)}"
                        },
                        Reception::Unavailable(Unavailable::Refused { address, reason }) => rsx! {
                            "{Text::AboutBackendRefused.get(lang)} "
                            code { "{address}" }
                            " — {reason.message(lang)}"
                        },
                    }
                }
                h2 { "{Text::AboutOfficialHeading.get(lang)}" }
                ul { class: "about-links",
                    li {
                        a { href: OFFICIAL_WEBSITE, rel: "noopener", target: "_blank",
                            "{Text::AboutOfficialWebsite.get(lang)} (baohiemxahoi.gov.vn)"
                        }
                    }
                    li {
                        a { class: "hotline", href: OFFICIAL_HOTLINE, "{Text::AboutHotline.get(lang)}" }
                    }
                    li {
                        "{Text::AboutOfficialApp.get(lang)} "
                        a { href: OFFICIAL_APP_GOOGLE_PLAY, rel: "noopener", target: "_blank",
                            "{Text::AboutGooglePlay.get(lang)}"
                        }
                        " · "
                        a { href: OFFICIAL_APP_APP_STORE, rel: "noopener", target: "_blank",
                            "{Text::AboutAppStore.get(lang)}"
                        }
                    }
                }
                button {
                    r#type: "button",
                    class: "button secondary wide",
                    id: "about-close",
                    onclick: move |_| onclose.call(()),
                    "{Text::AboutClose.get(lang)}"
                }
            }
        }
    }
}

/// "Danh sách cơ quan BHXH: phiên bản 2026-11-30.1 (dữ liệu ngày 30/11/2026), nhận từ máy chủ
/// tiếp nhận lúc 30/11/2026 12:40" — or "…, có sẵn trong ứng dụng".
pub fn office_data_line(data: &OfficeData, lang: Lang) -> String {
    let date = data
        .date()
        .map(|date| format!(" ({} {date})", Text::AboutOfficeDataDate.get(lang)))
        .unwrap_or_default();
    let origin = match data.origin {
        OfficeOrigin::BuiltIn => Text::AboutOfficeDataBuiltIn.get(lang).to_string(),
        OfficeOrigin::Served { fetched_at_ms } => format!(
            "{} {}",
            Text::AboutOfficeDataServed.get(lang),
            vssid_core::datetime::vietnam_time_from_unix_ms(fetched_at_ms)
        ),
    };
    format!(
        "{}: {} {}{date}, {origin}",
        Text::AboutOfficeData.get(lang),
        Text::AboutOfficeDataVersion.get(lang),
        data.version
    )
}
