//! What the app is configured with when it starts: the reception service it sends to
//! (`VSSID_API_BASE`: an address, `demo` for the built-in demo service, or nothing), the demo
//! state asked for (`?demo=NAME`, `VSSID_DEMO`), and where the project's source is published.

use crate::i18n::{base_url_refusal, Text};
use vssid_core::api::{validate_base_url, ALLOW_INSECURE_BY_DEFAULT};
use vssid_core::fields::FieldError;

/// The setting (`VSSID_API_BASE`, the web page's address) that asks for the built-in demo
/// service instead of a reception service.
pub const DEMO_SERVICE: &str = "demo";

/// Where registrations go, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reception {
    /// The reception service at this base URL (as the client contacts it).
    Service(String),
    /// The built-in demo service, asked for by name: it accepts every registration and the
    /// code 123456 and sends nothing anywhere. The screens say so.
    Demo,
    /// No service can be used: nothing is sent, and the screens say why.
    Unavailable(Unavailable),
}

/// Why no reception service can be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// No address is configured.
    NotConfigured,
    /// The configured address cannot be used (plain `http://` to another machine from a
    /// release build, say), and why.
    Refused { address: String, reason: FieldError },
}

impl Reception {
    /// The reception this app was configured with ([`api_base`]).
    pub fn configured() -> Reception {
        Reception::from_setting(api_base().as_deref())
    }

    /// Reads a setting by the client's rules ([`ALLOW_INSECURE_BY_DEFAULT`]): nothing or blank
    /// is not configured, `demo` the demo service, anything else an address to check.
    pub fn from_setting(setting: Option<&str>) -> Reception {
        Reception::from_setting_with_rule(setting, ALLOW_INSECURE_BY_DEFAULT)
    }

    /// [`Reception::from_setting`], saying whether plain `http://` to another machine is
    /// allowed (release builds: no).
    pub fn from_setting_with_rule(setting: Option<&str>, allow_insecure: bool) -> Reception {
        let Some(value) = setting.map(str::trim).filter(|v| !v.is_empty()) else {
            return Reception::Unavailable(Unavailable::NotConfigured);
        };
        if value.eq_ignore_ascii_case(DEMO_SERVICE) {
            return Reception::Demo;
        }
        match validate_base_url(value, allow_insecure) {
            Ok(base) => Reception::Service(base),
            Err(error) => Reception::Unavailable(Unavailable::Refused {
                address: value.to_string(),
                reason: base_url_refusal(&error),
            }),
        }
    }
}

impl Unavailable {
    /// Why the registration was not sent (the message after "Gửi"), in both languages.
    pub fn why_nothing_is_sent(&self) -> FieldError {
        let (code, text, reason) = match self {
            Unavailable::NotConfigured => {
                ("reception_not_configured", Text::NotSentNoReception, None)
            }
            Unavailable::Refused { reason, .. } => (
                "reception_refused",
                Text::NotSentAddressRefused,
                Some(reason),
            ),
        };
        let (vi, en) = text.both();
        let with_reason = |words: &str, why: Option<&str>| match why {
            Some(why) => format!("{words} {why}"),
            None => words.to_string(),
        };
        FieldError {
            code: code.into(),
            vi: with_reason(vi, reason.map(|r| r.vi.as_str())),
            en: with_reason(en, reason.map(|r| r.en.as_str())),
        }
    }
}

/// The reception service's setting, read at start; none means none is configured, `demo`
/// the built-in demo service ([`Reception`]). Desktop and mobile read `VSSID_API_BASE`,
/// falling back to the value the build saw (phone apps have no environment of their own:
/// `VSSID_API_BASE=… dx bundle …`); the web page reads its
/// `<meta name="vssid-api-base" content="...">` (set when the page is built), and for local
/// testing a `?api=http://127.0.0.1:PORT` parameter, which is only honoured for a service on
/// this machine so that a link can never send someone's data elsewhere.
pub fn api_base() -> Option<String> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::env::var("VSSID_API_BASE")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .or_else(|| built_in_api_base().map(String::from))
    }
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    {
        let window = web_sys::window()?;
        let from_link = page_query("api").filter(|url| loopback_api_base(url));
        let from_page = || {
            window
                .document()?
                .query_selector("meta[name='vssid-api-base']")
                .ok()??
                .get_attribute("content")
                .filter(|v| !v.trim().is_empty())
        };
        from_link.or_else(from_page)
    }
    #[cfg(all(target_arch = "wasm32", not(feature = "web")))]
    {
        None
    }
}

/// A parameter of the page's address (`?name=value`), on the web.
#[cfg(all(target_arch = "wasm32", feature = "web"))]
fn page_query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The reception service given at build time (`VSSID_API_BASE` in the build's environment).
pub fn built_in_api_base() -> Option<&'static str> {
    option_env!("VSSID_API_BASE").filter(|v| !v.trim().is_empty())
}

/// Where the project's source is published: `VSSID_REPOSITORY_URL` at build time, else the
/// placeholder below, which a publisher replaces with their repository.
pub fn repository_url() -> &'static str {
    match option_env!("VSSID_REPOSITORY_URL") {
        Some(url) if !url.trim().is_empty() => url,
        _ => "https://example.invalid/vssid-registration-client",
    }
}

/// Whether a base URL given in a link names a service on this machine (the only kind a link
/// may choose), decided by the URL parser the client connects with.
pub fn loopback_api_base(url: &str) -> bool {
    vssid_core::api::is_loopback_base_url(url)
}

/// The name of a demo state asked for (`?demo=NAME` on the web, `VSSID_DEMO=NAME` elsewhere).
pub fn demo_request() -> Option<String> {
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    {
        page_query("demo")
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::env::var("VSSID_DEMO").ok()
    }
    #[cfg(all(target_arch = "wasm32", not(feature = "web")))]
    {
        None
    }
}

/// Whether the web page asked for the phones' file picker (`?picker=script`), so that a
/// browser test goes the way Android and iOS go. Always false outside the web build.
pub fn script_picker_requested() -> bool {
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    {
        page_query("picker").is_some_and(|picker| picker == "script")
    }
    #[cfg(not(all(target_arch = "wasm32", feature = "web")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_may_only_point_the_app_at_this_machine() {
        assert!(loopback_api_base("http://127.0.0.1:8787"));
        assert!(loopback_api_base("http://localhost:8787/"));
        assert!(loopback_api_base("HTTP://[::1]:9000"));
        assert!(!loopback_api_base("https://reception.example.org"));
        assert!(!loopback_api_base("http://192.168.1.10:8787"));
        assert!(!loopback_api_base("http://127.0.0.1@example.org"));
        assert!(!loopback_api_base("http://evil.example\\@127.0.0.1"));
        assert!(!loopback_api_base("javascript:alert(1)"));
        assert!(!loopback_api_base(""));
    }

    #[test]
    fn no_setting_is_no_service_and_the_demo_is_asked_for_by_name() {
        let not_configured = Reception::Unavailable(Unavailable::NotConfigured);
        assert_eq!(Reception::from_setting(None), not_configured);
        assert_eq!(Reception::from_setting(Some("  ")), not_configured);
        assert_eq!(Reception::from_setting(Some("demo")), Reception::Demo);
        assert_eq!(Reception::from_setting(Some(" DEMO ")), Reception::Demo);
        assert_eq!(
            Reception::from_setting(Some("https://tiep-nhan.example.org/")),
            Reception::Service("https://tiep-nhan.example.org".into())
        );
        let why = Unavailable::NotConfigured.why_nothing_is_sent();
        assert_eq!(why.code, "reception_not_configured");
        assert!(
            why.vi.contains("chưa cấu hình dịch vụ tiếp nhận"),
            "{}",
            why.vi
        );
        assert!(why.en.contains("no reception service is configured"));
    }

    #[test]
    fn an_address_refused_by_the_release_rule_says_why() {
        let refused = Reception::from_setting_with_rule(Some("http://192.168.1.10:8787"), false);
        let Reception::Unavailable(unavailable @ Unavailable::Refused { address, reason }) =
            &refused
        else {
            panic!("{refused:?}");
        };
        assert_eq!(address, "http://192.168.1.10:8787");
        assert!(reason.vi.contains("192.168.1.10"), "{}", reason.vi);
        assert!(reason.en.contains("https://"), "{}", reason.en);
        let why = unavailable.why_nothing_is_sent();
        assert_eq!(why.code, "reception_refused");
        assert!(why.vi.contains(&reason.vi) && why.en.contains(&reason.en));
        // The same address is a service where the rule allows it (debug builds), and
        // loopback is allowed by both.
        assert!(matches!(
            Reception::from_setting_with_rule(Some("http://192.168.1.10:8787"), true),
            Reception::Service(_)
        ));
        assert!(matches!(
            Reception::from_setting_with_rule(Some("http://127.0.0.1:8787"), false),
            Reception::Service(_)
        ));
        assert!(matches!(
            Reception::from_setting(Some("ftp://example.org")),
            Reception::Unavailable(Unavailable::Refused { .. })
        ));
    }
}
