//! The app being hidden or closed: the draft waiting to be written is written then, so
//! nothing typed is lost when a phone puts the app away, a tab is closed or the window shut.

use crate::flow_context::Flow;
use dioxus::prelude::*;

/// Writes the waiting draft when the page is hidden (`visibilitychange` to hidden,
/// `pagehide`: a phone's app switcher, a closed or reloaded tab) and, on desktop, when the
/// window is asked to close.
pub fn use_draft_flush_on_leave(flow: Flow) {
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    use_hook(move || {
        // The page may be gone right after these events: the write happens inside them.
        let services = flow.services.cloned();
        web::on_page_hidden(move || {
            let _ = services.flush_draft();
        });
    });
    #[cfg(not(all(target_arch = "wasm32", feature = "web")))]
    {
        use_future(move || async move {
            let mut hidden = document::eval(HIDDEN_SCRIPT);
            while hidden.recv::<String>().await.is_ok() {
                let notice = flow.services.cloned().flush_draft();
                if let Some(text) = notice {
                    flow.notify(crate::flow_context::ShellNotice::text(text, true));
                }
            }
        });
        #[cfg(feature = "desktop")]
        {
            // Only inside a real window (the screen tests render without one).
            let in_window = use_hook(|| {
                try_consume_context::<std::rc::Rc<dioxus::desktop::DesktopService>>().is_some()
            });
            if !in_window {
                return;
            }
            let services = flow.services.cloned();
            dioxus::desktop::use_wry_event_handler(move |event, _| {
                if let dioxus::desktop::tao::event::Event::WindowEvent {
                    event: dioxus::desktop::tao::event::WindowEvent::CloseRequested,
                    ..
                } = event
                {
                    services.flush_draft_and_wait();
                }
            });
        }
    }
}

/// Sends a message each time the page is hidden.
#[cfg(not(all(target_arch = "wasm32", feature = "web")))]
const HIDDEN_SCRIPT: &str = r#"
document.addEventListener("visibilitychange", function () {
  if (document.visibilityState === "hidden") dioxus.send("hidden");
});
window.addEventListener("pagehide", function () { dioxus.send("hidden"); });
"#;

#[cfg(all(target_arch = "wasm32", feature = "web"))]
mod web {
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    /// Runs `f` inside the page's `pagehide` and `visibilitychange`-to-hidden events.
    pub fn on_page_hidden(f: impl Fn() + 'static) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let f = Rc::new(f);
        let on_hide = {
            let f = f.clone();
            Closure::<dyn Fn()>::new(move || f())
        };
        let on_visibility = Closure::<dyn Fn()>::new(move || {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
                f();
            }
        });
        let _ =
            window.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
        }
        // Listening for the life of the page.
        on_hide.forget();
        on_visibility.forget();
    }
}
