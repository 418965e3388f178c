//! The phone's Back button (and the browser's Back) takes the person one step back.
//!
//! On Android the webview's activity (wry's `WryActivity`) answers the system Back key with
//! the page history when it can go back, and otherwise closes the app. So while the current
//! step has a step before it, the page keeps one extra history entry (a "guard"); Back pops
//! it and the flow's `Event::Back` follows. On the first step and on the steps that cannot go
//! back (sending, code, receipt) the guard is taken away again, so Back leaves the app
//! instead of doing nothing. The same works for the browser's Back button on the web.

use crate::flow_context::{use_view, Flow};
use dioxus::prelude::*;
use vssid_core::flow::Event;

/// What the page history must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryCommand {
    /// Add the guard entry (`history.pushState`).
    Push,
    /// Remove the guard entry (`history.back()`); the `popstate` it causes is ours.
    Pop,
}

/// The bookkeeping of the guard entry, apart from the page so it can be tested.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackGuard {
    pushed: bool,
    ignore_next_pop: bool,
}

impl BackGuard {
    /// The screen now shows a step that can (or cannot) go back: what to do with the history.
    pub fn on_step(&mut self, can_go_back: bool) -> Option<HistoryCommand> {
        match (can_go_back, self.pushed) {
            (true, false) => {
                self.pushed = true;
                Some(HistoryCommand::Push)
            }
            (false, true) => {
                self.pushed = false;
                self.ignore_next_pop = true;
                Some(HistoryCommand::Pop)
            }
            _ => None,
        }
    }

    /// The page history went back (`popstate`): answers whether the flow goes back a step.
    pub fn on_pop(&mut self) -> bool {
        if self.ignore_next_pop {
            self.ignore_next_pop = false;
            false
        } else if self.pushed {
            self.pushed = false;
            true
        } else {
            false
        }
    }
}

/// The script for a command.
pub fn command_script(command: HistoryCommand) -> &'static str {
    match command {
        HistoryCommand::Push => "history.pushState({ vssidGuard: true }, '');",
        HistoryCommand::Pop => "history.back();",
    }
}

/// Listens to `popstate` and keeps the guard entry in step with the flow.
pub fn use_system_back(flow: Flow) {
    let mut guard = use_signal(BackGuard::default);

    let can_go_back = use_view(|state| state.step.previous().is_some());
    use_effect(move || {
        let can_go_back = can_go_back();
        if let Some(command) = guard.write().on_step(can_go_back) {
            document::eval(command_script(command));
        }
    });

    use_future(move || async move {
        let mut pops = document::eval(
            "window.addEventListener('popstate', function () { dioxus.send(true); });",
        );
        while pops.recv::<bool>().await.is_ok() {
            if guard.write().on_pop() {
                flow.send(Event::Back);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_with_a_step_before_it_pushes_one_guard() {
        let mut guard = BackGuard::default();
        assert_eq!(guard.on_step(true), Some(HistoryCommand::Push));
        // Typing on the same step, or moving on to another step that can go back: no more.
        assert_eq!(guard.on_step(true), None);
        assert_eq!(guard.on_step(true), None);
    }

    #[test]
    fn back_pops_the_guard_and_goes_back_and_the_guard_returns() {
        let mut guard = BackGuard::default();
        guard.on_step(true);
        assert!(guard.on_pop(), "the system Back is a step back");
        // Photos → Declaration: still a step before, so the guard is put back.
        assert_eq!(guard.on_step(true), Some(HistoryCommand::Push));
        assert!(guard.on_pop());
        // Declaration → Start: nothing to guard; the next Back leaves the app.
        assert_eq!(guard.on_step(false), None);
        assert!(!guard.on_pop());
    }

    #[test]
    fn leaving_for_a_step_without_back_removes_the_guard_quietly() {
        let mut guard = BackGuard::default();
        guard.on_step(true);
        // The in-app "Quay lại" to the start, or sending from the e-mail step.
        assert_eq!(guard.on_step(false), Some(HistoryCommand::Pop));
        assert!(!guard.on_pop(), "our own history.back() is not a step back");
        assert_eq!(guard.on_step(false), None);
        assert!(!guard.on_pop(), "a later Back with no guard does nothing");
    }

    #[test]
    fn scripts_touch_only_the_history() {
        assert!(command_script(HistoryCommand::Push).starts_with("history.pushState("));
        assert_eq!(command_script(HistoryCommand::Pop), "history.back();");
    }
}
