//! Keyboard focus in the webview: moving it to an element once the screen is drawn, and
//! keeping it inside a modal dialog.

use dioxus::prelude::*;

/// Moves the keyboard focus to the element with this id, once the screen has been drawn.
pub fn focus(id: &str) {
    let id = serde_json::to_string(id).unwrap_or_default();
    let script = format!(
        "setTimeout(function() {{ var e = document.getElementById({id}); if (e) {{ e.focus(); if (e.scrollIntoView) e.scrollIntoView({{block: 'center'}}); }} }}, 60);"
    );
    document::eval(&script);
}

/// Makes the element with this id behave as a modal dialog for the keyboard: Tab from its last
/// control goes to its first and Shift+Tab from its first (or from the dialog itself) to its
/// last, so focus never leaves it for the page behind. Installed once per element.
pub fn keep_focus_inside(id: &str) {
    let id = serde_json::to_string(id).unwrap_or_default();
    let script = format!("setTimeout(function() {{ {FOCUS_TRAP_SCRIPT}({id}); }}, 0);");
    document::eval(&script);
}

/// `keep_focus_inside`'s script: a function of the dialog's id.
const FOCUS_TRAP_SCRIPT: &str = r#"(function (id) {
  var dialog = document.getElementById(id);
  if (!dialog || dialog.dataset.focusTrap) return;
  dialog.dataset.focusTrap = "on";
  var selector = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    var controls = Array.prototype.filter.call(dialog.querySelectorAll(selector), function (e) {
      return e.getClientRects().length > 0;
    });
    if (controls.length === 0) return;
    var first = controls[0], last = controls[controls.length - 1];
    var at = document.activeElement;
    var target = null;
    if (controls.indexOf(at) < 0) target = event.shiftKey ? last : first;
    else if (event.shiftKey && at === first) target = last;
    else if (!event.shiftKey && at === last) target = first;
    if (target) {
      event.preventDefault();
      target.focus();
    }
  });
})"#;
