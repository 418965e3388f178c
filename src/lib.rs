//! The VssID registration app: Dioxus screens over the `vssid-core` flow state machine.
//!
//! The screens (`steps`) draw a `Registration` and send `Event`s; `app::Flow::send` runs the
//! core's `update` and `services::perform` carries out the effects through the small traits
//! of `edges` (directory, reception service, draft and photo storage, photo processing).

pub mod app;
pub mod components;
pub mod demo;
pub mod edges;
pub mod history;
pub mod i18n;
pub mod phone;
pub mod services;
pub mod steps;

pub use app::{App, Root, RootProps, Setup};
pub use services::Services;

/// The base URL of the reception service (`VSSID_API_BASE`), read at start; none means the
/// built-in fake service. Phone apps have no environment of their own, so outside the web the
/// value the build saw (`VSSID_API_BASE=… dx bundle …`) is the fallback.
pub fn api_base() -> Option<String> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::env::var("VSSID_API_BASE")
            .ok()
            .filter(|v| !v.trim().is_empty())
            .or_else(|| built_in_api_base().map(String::from))
    }
    #[cfg(target_arch = "wasm32")]
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

/// How the launched app starts: a demo state when one is asked for, else the saved draft.
pub fn platform_setup() -> Setup {
    if let Some(setup) = demo_request().and_then(|name| demo::setup(&name)) {
        return setup;
    }
    Setup::restore(Services::for_platform(api_base().as_deref()))
}
