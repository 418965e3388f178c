//! Rendering the app without a window (server-side rendering of the root for a given state)
//! and finding elements in the HTML, for the screen tests.

use dioxus::prelude::*;
use vssid_app::components::PickerKind;
use vssid_app::services::Services;
use vssid_app::{Root, RootProps, Setup};
use vssid_core::flow::Registration;

/// The app's setup with these services, starting at `state`.
pub fn setup_with(services: Services, state: Registration) -> Setup {
    Setup {
        services,
        initial: state,
        notices: Vec::new(),
        picker: PickerKind::for_this_build(),
    }
}

/// The root's HTML for `setup`.
pub fn render_setup(setup: Setup) -> String {
    let mut dom = VirtualDom::new_with_props(Root, RootProps { setup });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

/// The root's HTML at `state`, with in-memory services.
pub fn render(state: Registration) -> String {
    render_setup(setup_with(Services::in_memory(), state))
}

/// The opening tag of the element with `id`.
pub fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let needle = format!("id=\"{id}\"");
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no element with id {id}"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}
