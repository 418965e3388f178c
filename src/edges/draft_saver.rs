//! When the draft is written: a moment after the last change (so typing costs no disk write
//! per keystroke), and at once when it matters — the step changes, a field is left, the app is
//! hidden (a phone's app switcher, a closed tab) or its window closed.

use std::cell::{Cell, RefCell};
use vssid_core::flow::Registration;

/// How long the draft waits after a change before it is written (natively the write itself
/// then happens on the draft writer's thread).
pub const DRAFT_DELAY_MS: u32 = 400;

/// The newest state not yet written, and whether a timer is already waiting to write it.
#[derive(Default)]
pub struct DraftSaver {
    pending: RefCell<Option<Box<Registration>>>,
    waiting: Cell<bool>,
}

impl DraftSaver {
    /// Keeps `state` as the one to write (replacing an older one not written yet). Answers
    /// whether a timer must be started: none is waiting yet.
    pub fn stage(&self, state: Box<Registration>) -> bool {
        *self.pending.borrow_mut() = Some(state);
        !self.waiting.replace(true)
    }

    /// The state to write now, if any; the waiting timer (if any) has nothing left to do.
    pub fn take(&self) -> Option<Box<Registration>> {
        self.pending.borrow_mut().take()
    }

    /// The timer went off.
    pub fn timer_done(&self) {
        self.waiting.set(false);
    }

    /// The draft is being deleted: nothing staged may be written after that.
    pub fn forget(&self) {
        self.pending.borrow_mut().take();
    }

    /// Whether a state is waiting to be written.
    pub fn has_pending(&self) -> bool {
        self.pending.borrow().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vssid_core::Lang;

    fn state(name: &str) -> Box<Registration> {
        let mut r = Registration::new("key-1", Lang::Vi);
        r.form.full_name = name.into();
        Box::new(r)
    }

    #[test]
    fn only_the_first_change_starts_a_timer_and_the_newest_is_written() {
        let saver = DraftSaver::default();
        assert!(saver.stage(state("N")));
        assert!(!saver.stage(state("Ng")), "a timer is already waiting");
        assert!(!saver.stage(state("Ngu")));
        assert_eq!(saver.take().unwrap().form.full_name, "Ngu");
        assert!(saver.take().is_none(), "written once");
        saver.timer_done();
        assert!(
            saver.stage(state("Nguy")),
            "the next change starts a new timer"
        );
        saver.forget();
        assert!(!saver.has_pending());
    }
}
