//! The "Giới thiệu" (about) panel rendered without a window: it says plainly that this is not
//! the official app, shows the reception service the app sends to, and links to the official
//! channels of Vietnam Social Security; the header opens it.

use dioxus::prelude::*;
use vssid_app::components::AboutPanel;
use vssid_app::config::{Reception, Unavailable};
use vssid_app::{Services, Setup};
use vssid_core::Lang;

#[derive(Props, Clone, PartialEq)]
struct HostProps {
    lang: Lang,
    reception: Reception,
}

#[allow(non_snake_case)]
fn Host(props: HostProps) -> Element {
    rsx! {
        AboutPanel { lang: props.lang, reception: props.reception.clone(), onclose: |_| {} }
    }
}

fn render_about(lang: Lang, reception: Reception) -> String {
    let props = HostProps { lang, reception };
    let mut dom = VirtualDom::new_with_props(Host, props);
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

const OFFICIAL_LINKS: [&str; 4] = [
    "href=\"https://baohiemxahoi.gov.vn\"",
    "href=\"tel:19009068\"",
    "href=\"https://play.google.com/store/search?q=VssID&#38;c=apps\"",
    "href=\"https://apps.apple.com/vn/search?term=VssID\"",
];

#[test]
fn about_shows_the_configured_reception_service_and_the_official_links() {
    let base = "https://tiep-nhan.example.org/api/v1";
    let html = render_about(Lang::Vi, Reception::Service(base.into()));
    assert!(html.contains(base), "backend URL missing: {html}");
    for link in OFFICIAL_LINKS {
        assert!(html.contains(link), "missing {link}: {html}");
    }
    assert!(html.contains("không phải ứng dụng VssID chính thức"));
    assert!(html.contains("không do Bảo hiểm xã hội Việt Nam phát hành"));
    assert!(html.contains("giấy phép MIT"));
    assert!(html.contains(vssid_app::config::repository_url()));
    assert!(html.contains("1900 9068"));
}

#[test]
fn about_in_english_with_the_demo_service_says_nothing_is_sent() {
    let html = render_about(Lang::En, Reception::Demo);
    assert!(html.contains("not the official VssID app"));
    assert!(html.contains("nothing is sent anywhere"));
    assert!(!html.contains("<code>"), "the demo service has no URL");
    for link in OFFICIAL_LINKS {
        assert!(html.contains(link), "missing {link}");
    }
}

#[test]
fn about_without_a_usable_service_says_registrations_cannot_be_sent_and_why() {
    let html = render_about(Lang::Vi, Reception::Unavailable(Unavailable::NotConfigured));
    assert!(
        html.contains("Chưa cấu hình dịch vụ tiếp nhận: hồ sơ không gửi được."),
        "{html}"
    );
    assert!(
        !html.contains("dịch vụ minh họa"),
        "no demo service: {html}"
    );

    let refused = Reception::from_setting_with_rule(Some("http://192.168.1.10:8787"), false);
    let html = render_about(Lang::En, refused);
    assert!(
        html.contains("<code>http://192.168.1.10:8787</code>"),
        "{html}"
    );
    assert!(html.contains("only allowed to this machine, not to 192.168.1.10"));
}

#[test]
fn about_is_a_labelled_dialog_with_a_close_button() {
    let html = render_about(Lang::Vi, Reception::Demo);
    assert!(html.contains("role=\"dialog\""));
    assert!(html.contains("aria-labelledby=\"about-heading\""));
    assert!(html.contains("id=\"about-heading\""));
    assert!(html.contains("id=\"about-close\""));
    assert!(html.contains(">Đóng<"));
}

#[test]
fn the_header_offers_about_and_the_panel_starts_closed() {
    let html = crate::render::render_setup(Setup::fresh(Services::in_memory()));
    assert!(html.contains("id=\"about-link\""), "{html}");
    assert!(html.contains(">Giới thiệu<"));
    assert!(!html.contains("id=\"about\""), "closed until asked for");
}
