//! Launches the VssID registration app (desktop window, web page or mobile app).

use vssid_app::App;

fn main() {
    // In the web build's worker (`web/worker.js`, which loads this same wasm for the photo
    // pipeline) there is no page to draw: nothing to launch.
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    if web_sys::window().is_none() {
        return;
    }
    // Warnings and errors only in a release build. Dioxus's own default is INFO, and at INFO
    // every recomputed memo opens a span that the web build turns into a `performance.mark`
    // and `performance.measure` pair: about half of the work of a keystroke.
    #[cfg(not(debug_assertions))]
    let _ = dioxus::logger::init(dioxus::logger::tracing::Level::WARN);
    #[cfg(feature = "desktop")]
    {
        use dioxus::desktop::{Config, LogicalSize, WindowBuilder};
        let title = vssid_app::i18n::Text::PageTitle.get(vssid_core::Lang::Vi);
        let window = WindowBuilder::new()
            .with_title(title)
            .with_inner_size(LogicalSize::new(480.0, 860.0))
            .with_min_inner_size(LogicalSize::new(340.0, 560.0));
        let mut config = Config::new().with_window(window).with_menu(None);
        if let Some(dir) = vssid_app::services::app_data_dir() {
            config = config.with_data_directory(dir.join("webview"));
        }
        dioxus::LaunchBuilder::desktop()
            .with_cfg(config)
            .launch(App);
    }
    #[cfg(not(feature = "desktop"))]
    {
        dioxus::launch(App);
    }
}
