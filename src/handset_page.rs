//! The page on a handset (a phone or tablet): drawn under the notch and home indicator with
//! the safe areas padded (the CSS uses `env(safe-area-inset-*)`), zoom left to the person,
//! and the focused field kept in sight when the on-screen keyboard opens. (Phone numbers are
//! checked in `vssid_core::fields::phone`.)

use dioxus::prelude::*;

/// The viewport the app wants: the whole screen (`viewport-fit=cover`), zoom allowed.
pub const VIEWPORT: &str = "width=device-width, initial-scale=1, viewport-fit=cover";

/// Sets the viewport and scrolls a focused field into view once the keyboard has opened
/// (the visible area shrinks) when the keyboard or the sticky bars hide it, on every
/// platform; once per page.
pub const PAGE_SCRIPT: &str = r#"
if (window.__vssidHandsetPage) { return; }
window.__vssidHandsetPage = true;
var meta = document.querySelector('meta[name="viewport"]');
if (!meta) { meta = document.createElement('meta'); meta.name = 'viewport'; document.head.appendChild(meta); }
meta.setAttribute('content', VIEWPORT);
function isField(e) { return e && e.matches && e.matches('input, select, textarea, .picker-button'); }
// Only a field the keyboard (or the sticky bars: 72 px on top, 88 px below, as the CSS's
// scroll-padding) hides is scrolled: a visible one stays put, so the page does not jump under
// a finger that has moved on to the next control.
function hidden(e) {
  var view = window.visualViewport;
  var top = view ? view.offsetTop : 0;
  var height = view ? view.height : window.innerHeight;
  var r = e.getBoundingClientRect();
  return r.top < top + 72 || r.bottom > top + height - 88;
}
function reveal() {
  var e = document.activeElement;
  if (isField(e) && e.scrollIntoView && hidden(e)) { e.scrollIntoView({ block: 'center' }); }
}
document.addEventListener('focusin', function (event) {
  if (isField(event.target)) { setTimeout(reveal, 300); }
});
if (window.visualViewport) { window.visualViewport.addEventListener('resize', reveal); }
"#;

/// Runs [`PAGE_SCRIPT`] once the page is drawn.
pub fn use_handset_page() {
    use_effect(|| {
        let script = PAGE_SCRIPT.replace("VIEWPORT", &format!("{VIEWPORT:?}"));
        document::eval(&script);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewport_covers_the_screen_and_allows_zoom() {
        assert!(VIEWPORT.contains("viewport-fit=cover"));
        assert!(!VIEWPORT.contains("user-scalable=no"));
        assert!(!VIEWPORT.contains("maximum-scale"));
    }

    #[test]
    fn the_script_names_the_viewport_once_and_guards_against_running_twice() {
        assert_eq!(PAGE_SCRIPT.matches("VIEWPORT").count(), 1);
        assert!(PAGE_SCRIPT
            .trim_start()
            .starts_with("if (window.__vssidHandsetPage)"));
    }
}
