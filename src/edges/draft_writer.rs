//! A draft store whose writes happen on a thread of their own (desktop and mobile), one at a
//! time and in the order they were asked for, so saving never pauses the interface; reads,
//! set-asides and [`DraftStore::sync`]-style waits come after every write already asked for.

use super::drafts::DraftStore;
use super::StoreError;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the writer thread is asked to do.
enum Job {
    Save(String),
    Delete,
    /// Answer once every job before this one is done.
    Sync(Sender<()>),
}

/// Wraps a store (a [`super::drafts::FileDraftStore`]) so that `save` and `delete` return at
/// once and happen on the writer thread. A write that failed is reported by the next `save`
/// (the flow then tells the person that the draft could not be saved).
pub struct BackgroundDraftStore<S: DraftStore + Send + 'static> {
    store: Arc<S>,
    jobs: Mutex<Option<Sender<Job>>>,
    failed: Arc<Mutex<Option<StoreError>>>,
}

/// How long `sync` waits for the writer before giving up (a stuck disk must not freeze the
/// window being closed).
const SYNC_WAIT: Duration = Duration::from_secs(2);

impl<S: DraftStore + Send + Sync + 'static> BackgroundDraftStore<S> {
    pub fn new(store: S) -> Self {
        let store = Arc::new(store);
        let failed = Arc::new(Mutex::new(None));
        let (sender, receiver) = channel();
        let started = {
            let store = store.clone();
            let failed = failed.clone();
            std::thread::Builder::new()
                .name("draft-writer".into())
                .spawn(move || write_jobs(&*store, &receiver, &failed))
        };
        BackgroundDraftStore {
            store,
            // Without a thread, writes happen on the caller's thread, as before.
            jobs: Mutex::new(started.ok().map(|_| sender)),
            failed,
        }
    }

    /// Sends a job to the writer; `false` when there is no writer (then do it here).
    fn send(&self, job: Job) -> Result<(), Job> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        match jobs.as_ref() {
            Some(sender) => sender.send(job).map_err(|e| e.0),
            None => Err(job),
        }
    }

    /// Waits (at most two seconds) until every write asked for so far is done.
    pub fn sync(&self) {
        let (done, wait) = channel();
        if self.send(Job::Sync(done)).is_ok() {
            let _ = wait.recv_timeout(SYNC_WAIT);
        }
    }
}

fn write_jobs<S: DraftStore>(store: &S, jobs: &Receiver<Job>, failed: &Mutex<Option<StoreError>>) {
    while let Ok(job) = jobs.recv() {
        let result = match job {
            Job::Save(document) => store.save(&document),
            Job::Delete => store.delete(),
            Job::Sync(done) => {
                let _ = done.send(());
                Ok(())
            }
        };
        if let Err(error) = result {
            *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(error);
        }
    }
}

impl<S: DraftStore + Send + Sync + 'static> DraftStore for BackgroundDraftStore<S> {
    fn load(&self) -> Result<Option<String>, StoreError> {
        self.sync();
        self.store.load()
    }

    fn save(&self, document: &str) -> Result<(), StoreError> {
        let earlier = self.failed.lock().unwrap_or_else(|e| e.into_inner()).take();
        match self.send(Job::Save(document.to_string())) {
            Ok(()) => {}
            Err(_) => self.store.save(document)?,
        }
        earlier.map_or(Ok(()), Err)
    }

    fn delete(&self) -> Result<(), StoreError> {
        match self.send(Job::Delete) {
            Ok(()) => Ok(()),
            Err(_) => self.store.delete(),
        }
    }

    fn set_aside(&self) -> Result<String, StoreError> {
        self.sync();
        self.store.set_aside()
    }

    fn sync(&self) {
        BackgroundDraftStore::sync(self);
    }

    fn saved_at(&self) -> Option<u64> {
        self.sync();
        self.store.saved_at()
    }

    fn delete_set_aside(&self, saved_before: Option<u64>) -> Result<usize, StoreError> {
        self.sync();
        self.store.delete_set_aside(saved_before)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edges::drafts::FileDraftStore;

    #[test]
    fn writes_land_in_order_and_a_delete_is_not_overtaken_by_an_earlier_save() {
        let dir = tempfile::tempdir().unwrap();
        let store = BackgroundDraftStore::new(FileDraftStore::new(dir.path()));
        for i in 0..50 {
            store.save(&format!("{{\"n\":{i}}}")).unwrap();
        }
        store.sync();
        assert_eq!(store.load().unwrap().as_deref(), Some("{\"n\":49}"));
        store.save("{\"n\":50}").unwrap();
        store.delete().unwrap();
        store.sync();
        assert_eq!(store.load().unwrap(), None, "the delete came last");
        assert!(!dir.path().join("draft.json").exists());
    }

    #[test]
    fn a_failed_write_is_reported_by_the_next_save() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the folder should be: every write fails.
        let blocked = dir.path().join("not-a-folder");
        std::fs::write(&blocked, b"x").unwrap();
        let store = BackgroundDraftStore::new(FileDraftStore::new(&blocked));
        assert_eq!(store.save("{}"), Ok(()), "the first save only asks");
        store.sync();
        assert!(matches!(store.save("{}"), Err(StoreError::Write(_))));
    }
}
