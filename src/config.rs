//! What the app is configured with when it starts: the reception service's address
//! (`VSSID_API_BASE`), the demo state asked for (`?demo=NAME`, `VSSID_DEMO`), and where the
//! project's source is published.

/// The base URL of the reception service, read at start; none means the built-in fake
/// service. Desktop and mobile read `VSSID_API_BASE`, falling back to the value the build saw
/// (phone apps have no environment of their own: `VSSID_API_BASE=… dx bundle …`); the web
/// page reads its `<meta name="vssid-api-base" content="...">` (set when the page is built), and for local
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
        let search = window.location().search().ok()?;
        let from_link = web_sys::UrlSearchParams::new_with_str(&search)
            .ok()
            .and_then(|params| params.get("api"))
            .filter(|url| loopback_api_base(url));
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
        let search = web_sys::window()?.location().search().ok()?;
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
        params.get("demo")
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

#[cfg(test)]
mod tests {
    use super::loopback_api_base;

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
}

/// Whether the web page asked for the phones' file picker (`?picker=script`), so that a
/// browser test goes the way Android and iOS go. Always false outside the web build.
pub fn script_picker_requested() -> bool {
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    {
        web_sys::window()
            .and_then(|window| window.location().search().ok())
            .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
            .and_then(|params| params.get("picker"))
            .is_some_and(|picker| picker == "script")
    }
    #[cfg(not(all(target_arch = "wasm32", feature = "web")))]
    {
        false
    }
}
