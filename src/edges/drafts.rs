//! Where the draft lives: a file in the app's data folder (desktop, mobile), the browser's
//! localStorage (web), or memory (tests). A draft that cannot be read is set aside, never
//! overwritten; drafts, set-aside ones included, are deleted 30 days after their last save
//! (`vssid_core::draft::DRAFT_MAX_AGE_SECS`), and "Xóa bản nháp" deletes the set-aside ones too.

use super::StoreError;
use std::cell::{Cell, RefCell};
use vssid_core::draft::{self, DraftError, DRAFT_MAX_AGE_SECS};
use vssid_core::flow::Registration;

/// Storage of the one current draft document.
pub trait DraftStore {
    /// The saved document, if any.
    fn load(&self) -> Result<Option<String>, StoreError>;
    /// Replaces the saved document (atomically where the platform allows).
    fn save(&self, document: &str) -> Result<(), StoreError>;
    fn delete(&self) -> Result<(), StoreError>;
    /// Moves the saved document out of the way; answers where it now is.
    fn set_aside(&self) -> Result<String, StoreError>;
    /// Waits until every write asked for is done (a store that writes at once has nothing to
    /// wait for): before the app closes.
    fn sync(&self) {}
    /// When the saved document was last saved, in seconds since 1970, where known.
    fn saved_at(&self) -> Option<u64>;
    /// Deletes the documents set aside, all of them (`None`) or those last saved before
    /// `saved_before`; answers how many were deleted.
    fn delete_set_aside(&self, saved_before: Option<u64>) -> Result<usize, StoreError>;
}

/// What was found on start.
#[derive(Debug, Clone, PartialEq)]
pub enum Restored {
    Nothing,
    Draft(Box<Registration>),
    /// The document could not be read; it was kept at `kept_at` (if moving it worked).
    Refused {
        error: DraftError,
        kept_at: Option<String>,
    },
    /// The draft was last saved more than 30 days ago and has been deleted.
    Expired,
}

/// The time now, in seconds since 1970 (the browser's clock on the web).
pub fn now_secs() -> u64 {
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    {
        (js_sys::Date::now() / 1000.0) as u64
    }
    #[cfg(not(all(target_arch = "wasm32", feature = "web")))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
}

/// Reads the saved draft at `now` (seconds since 1970). Set-aside drafts past their keeping
/// time are deleted first; a draft past it is deleted (`Expired`); a refused one is set aside
/// so the next save cannot overwrite it.
pub fn restore(store: &dyn DraftStore, now: u64) -> Restored {
    let _ = store.delete_set_aside(Some(now.saturating_sub(DRAFT_MAX_AGE_SECS)));
    match store.load() {
        Ok(None) | Err(_) => Restored::Nothing,
        Ok(Some(_))
            if store
                .saved_at()
                .is_some_and(|at| draft::is_expired(at, now)) =>
        {
            match store.delete() {
                Ok(()) => Restored::Expired,
                // Not deleted: not shown either; the next start tries again.
                Err(_) => Restored::Nothing,
            }
        }
        Ok(Some(document)) => match draft::decode(&document) {
            Ok(registration) => Restored::Draft(Box::new(registration)),
            Err(error) => Restored::Refused {
                error,
                kept_at: store.set_aside().ok(),
            },
        },
    }
}

/// Drafts in memory only.
#[derive(Default)]
pub struct MemoryDraftStore {
    pub current: RefCell<Option<String>>,
    /// When `current` was last saved (the clock at `save`; tests may set it).
    pub saved_at: Cell<Option<u64>>,
    pub set_aside: RefCell<Vec<String>>,
    /// When each set-aside document had been saved, in the order of `set_aside`.
    pub set_aside_saved_at: RefCell<Vec<Option<u64>>>,
}

impl DraftStore for MemoryDraftStore {
    fn load(&self) -> Result<Option<String>, StoreError> {
        Ok(self.current.borrow().clone())
    }
    fn save(&self, document: &str) -> Result<(), StoreError> {
        *self.current.borrow_mut() = Some(document.to_string());
        self.saved_at.set(Some(now_secs()));
        Ok(())
    }
    fn delete(&self) -> Result<(), StoreError> {
        *self.current.borrow_mut() = None;
        self.saved_at.set(None);
        Ok(())
    }
    fn set_aside(&self) -> Result<String, StoreError> {
        let doc = self.current.borrow_mut().take().unwrap_or_default();
        let mut aside = self.set_aside.borrow_mut();
        aside.push(doc);
        self.set_aside_saved_at
            .borrow_mut()
            .push(self.saved_at.take());
        Ok(format!("memory #{}", aside.len()))
    }
    fn saved_at(&self) -> Option<u64> {
        self.saved_at.get()
    }
    fn delete_set_aside(&self, saved_before: Option<u64>) -> Result<usize, StoreError> {
        let mut docs = self.set_aside.borrow_mut();
        let mut times = self.set_aside_saved_at.borrow_mut();
        times.resize(docs.len(), None);
        let before = docs.len();
        let kept: Vec<(String, Option<u64>)> = docs
            .drain(..)
            .zip(times.drain(..))
            .filter(|(_, at)| match (saved_before, at) {
                (None, _) => false,
                (Some(cutoff), Some(at)) => *at >= cutoff,
                (Some(_), None) => true,
            })
            .collect();
        for (doc, at) in kept {
            docs.push(doc);
            times.push(at);
        }
        Ok(before - docs.len())
    }
}

/// The draft as `draft.json` in a folder; writes go to a temporary file renamed over it.
#[cfg(not(target_arch = "wasm32"))]
pub struct FileDraftStore {
    dir: std::path::PathBuf,
}

#[cfg(not(target_arch = "wasm32"))]
impl FileDraftStore {
    pub fn new(dir: impl Into<std::path::PathBuf>) -> Self {
        FileDraftStore { dir: dir.into() }
    }

    fn path(&self) -> std::path::PathBuf {
        self.dir.join("draft.json")
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl DraftStore for FileDraftStore {
    fn load(&self) -> Result<Option<String>, StoreError> {
        match std::fs::read(self.path()) {
            Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::Unavailable(e.to_string())),
        }
    }

    fn save(&self, document: &str) -> Result<(), StoreError> {
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            let temp = self.dir.join("draft.json.tmp");
            std::fs::write(&temp, document)?;
            std::fs::rename(&temp, self.path())
        };
        write().map_err(|e| StoreError::Write(e.to_string()))
    }

    fn delete(&self) -> Result<(), StoreError> {
        match std::fs::remove_file(self.path()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::Write(e.to_string())),
        }
    }

    fn set_aside(&self) -> Result<String, StoreError> {
        let target = (1..)
            .map(|n| self.dir.join(format!("draft.refused-{n}.json")))
            .find(|p| !p.exists())
            .unwrap_or_else(|| self.dir.join("draft.refused.json"));
        std::fs::rename(self.path(), &target).map_err(|e| StoreError::Write(e.to_string()))?;
        Ok(target.display().to_string())
    }

    /// The file's modification time: every save writes a new file.
    fn saved_at(&self) -> Option<u64> {
        modified_secs(&self.path())
    }

    /// Set-aside files keep the modification time of their last save (a rename keeps it).
    fn delete_set_aside(&self, saved_before: Option<u64>) -> Result<usize, StoreError> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(StoreError::Unavailable(e.to_string())),
        };
        let mut deleted = 0;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with("draft.refused") && name.ends_with(".json")) {
                continue;
            }
            let path = entry.path();
            let old_enough = match saved_before {
                None => true,
                Some(cutoff) => modified_secs(&path).is_some_and(|at| at < cutoff),
            };
            if old_enough {
                std::fs::remove_file(&path).map_err(|e| StoreError::Write(e.to_string()))?;
                deleted += 1;
            }
        }
        Ok(deleted)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn modified_secs(path: &std::path::Path) -> Option<u64> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    modified
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

/// The draft in the browser's localStorage under `vssid.draft`, its save time (seconds since
/// 1970) under `vssid.draft.saved-at`; set-aside drafts under `vssid.draft.refused-N`, with
/// `vssid.draft.refused-N.saved-at`.
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub struct LocalStorageDraftStore;

#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub(crate) fn local_storage() -> Result<web_sys::Storage, StoreError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| StoreError::Unavailable("localStorage".into()))
}

#[cfg(all(target_arch = "wasm32", feature = "web"))]
const DRAFT_KEY: &str = "vssid.draft";
#[cfg(all(target_arch = "wasm32", feature = "web"))]
const SAVED_AT_SUFFIX: &str = ".saved-at";
#[cfg(all(target_arch = "wasm32", feature = "web"))]
const SET_ASIDE_PREFIX: &str = "vssid.draft.refused";

#[cfg(all(target_arch = "wasm32", feature = "web"))]
fn stored_time(storage: &web_sys::Storage, key: &str) -> Option<u64> {
    storage
        .get_item(&format!("{key}{SAVED_AT_SUFFIX}"))
        .ok()??
        .parse()
        .ok()
}

#[cfg(all(target_arch = "wasm32", feature = "web"))]
impl DraftStore for LocalStorageDraftStore {
    fn load(&self) -> Result<Option<String>, StoreError> {
        local_storage()?
            .get_item(DRAFT_KEY)
            .map_err(|_| StoreError::Unavailable("localStorage".into()))
    }
    fn save(&self, document: &str) -> Result<(), StoreError> {
        let storage = local_storage()?;
        storage
            .set_item(DRAFT_KEY, document)
            .map_err(|_| StoreError::Write("localStorage is full".into()))?;
        let _ = storage.set_item(
            &format!("{DRAFT_KEY}{SAVED_AT_SUFFIX}"),
            &now_secs().to_string(),
        );
        Ok(())
    }
    fn delete(&self) -> Result<(), StoreError> {
        let storage = local_storage()?;
        let _ = storage.remove_item(&format!("{DRAFT_KEY}{SAVED_AT_SUFFIX}"));
        storage
            .remove_item(DRAFT_KEY)
            .map_err(|_| StoreError::Write("localStorage".into()))
    }
    fn set_aside(&self) -> Result<String, StoreError> {
        let storage = local_storage()?;
        let doc = self.load()?.unwrap_or_default();
        let key = (1..1000)
            .map(|n| format!("{SET_ASIDE_PREFIX}-{n}"))
            .find(|k| matches!(storage.get_item(k), Ok(None)))
            .unwrap_or_else(|| SET_ASIDE_PREFIX.into());
        storage
            .set_item(&key, &doc)
            .map_err(|_| StoreError::Write("localStorage".into()))?;
        let saved_at = self.saved_at().unwrap_or_else(now_secs);
        let _ = storage.set_item(&format!("{key}{SAVED_AT_SUFFIX}"), &saved_at.to_string());
        self.delete()?;
        Ok(format!("localStorage[{key}]"))
    }
    /// A draft saved before save times were kept starts its 30 days now.
    fn saved_at(&self) -> Option<u64> {
        let storage = local_storage().ok()?;
        if let Some(at) = stored_time(&storage, DRAFT_KEY) {
            return Some(at);
        }
        let now = now_secs();
        if matches!(storage.get_item(DRAFT_KEY), Ok(Some(_))) {
            let _ = storage.set_item(&format!("{DRAFT_KEY}{SAVED_AT_SUFFIX}"), &now.to_string());
        }
        Some(now)
    }
    fn delete_set_aside(&self, saved_before: Option<u64>) -> Result<usize, StoreError> {
        let storage = local_storage()?;
        let length = storage
            .length()
            .map_err(|_| StoreError::Unavailable("localStorage".into()))?;
        let keys: Vec<String> = (0..length)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(SET_ASIDE_PREFIX) && !k.ends_with(SAVED_AT_SUFFIX))
            .collect();
        let mut deleted = 0;
        for key in keys {
            let old_enough = match saved_before {
                None => true,
                // Set aside before save times were kept: 30 days from now.
                Some(cutoff) => match stored_time(&storage, &key) {
                    Some(at) => at < cutoff,
                    None => {
                        let _ = storage
                            .set_item(&format!("{key}{SAVED_AT_SUFFIX}"), &now_secs().to_string());
                        false
                    }
                },
            };
            if old_enough {
                let _ = storage.remove_item(&format!("{key}{SAVED_AT_SUFFIX}"));
                storage
                    .remove_item(&key)
                    .map_err(|_| StoreError::Write("localStorage".into()))?;
                deleted += 1;
            }
        }
        Ok(deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vssid_core::Lang;

    #[test]
    fn file_store_round_trips_and_keeps_refused_drafts() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileDraftStore::new(dir.path().join("app"));
        assert_eq!(store.load().unwrap(), None);
        assert_eq!(restore(&store, now_secs()), Restored::Nothing);

        let mut r = Registration::new("key-1", Lang::Vi);
        r.form.full_name = "Lê Văn Tám".into();
        store.save(&draft::encode(&r)).unwrap();
        assert!(!dir.path().join("app/draft.json.tmp").exists());
        assert_eq!(restore(&store, now_secs()), Restored::Draft(Box::new(r)));

        store.save("{ not json").unwrap();
        match restore(&store, now_secs()) {
            Restored::Refused { error, kept_at } => {
                assert!(matches!(error, DraftError::NotJson(_)));
                let kept = kept_at.unwrap();
                assert_eq!(std::fs::read_to_string(&kept).unwrap(), "{ not json");
            }
            other => panic!("expected a refused draft, got {other:?}"),
        }
        assert_eq!(store.load().unwrap(), None);
        // A second refused draft does not overwrite the first.
        store.save("[]").unwrap();
        assert!(matches!(
            restore(&store, now_secs()),
            Restored::Refused { .. }
        ));
        assert!(dir.path().join("app/draft.refused-1.json").exists());
        assert!(dir.path().join("app/draft.refused-2.json").exists());
        store.delete().unwrap();
        store.delete().unwrap();
    }

    fn age_file(path: &std::path::Path, days: u64) {
        let when = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 24 * 3600);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(when)
            .unwrap();
    }

    /// Finding 10 of issue 14: a draft (a whole identity) is deleted 30 days after its last
    /// save, at the next start.
    #[test]
    fn finding_10_a_file_draft_older_than_30_days_is_deleted_at_start() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileDraftStore::new(dir.path());
        let r = Registration::new("key-1", Lang::Vi);
        store.save(&draft::encode(&r)).unwrap();
        age_file(&dir.path().join("draft.json"), 29);
        assert_eq!(
            restore(&store, now_secs()),
            Restored::Draft(Box::new(r.clone()))
        );
        age_file(&dir.path().join("draft.json"), 31);
        assert_eq!(restore(&store, now_secs()), Restored::Expired);
        assert!(!dir.path().join("draft.json").exists());
        assert_eq!(restore(&store, now_secs()), Restored::Nothing);
    }

    /// Finding 10 of issue 14: drafts set aside because they could not be read are deleted
    /// after 30 days, and all of them by "Xóa bản nháp".
    #[test]
    fn finding_10_set_aside_file_drafts_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileDraftStore::new(dir.path());
        for damaged in ["{ one", "{ two"] {
            store.save(damaged).unwrap();
            assert!(matches!(
                restore(&store, now_secs()),
                Restored::Refused { .. }
            ));
        }
        let old = dir.path().join("draft.refused-1.json");
        let recent = dir.path().join("draft.refused-2.json");
        assert!(old.exists() && recent.exists());
        age_file(&old, 31);
        assert_eq!(restore(&store, now_secs()), Restored::Nothing);
        assert!(
            !old.exists(),
            "a set-aside draft past 30 days is deleted at start"
        );
        assert!(recent.exists(), "a recent one is kept");
        assert_eq!(store.delete_set_aside(None).unwrap(), 1);
        assert!(!recent.exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "nothing is left"
        );
    }

    #[test]
    fn finding_10_set_aside_memory_drafts_are_deleted() {
        let store = MemoryDraftStore::default();
        store.save("{ damaged").unwrap();
        store.saved_at.set(Some(1_000));
        assert!(matches!(restore(&store, 2_000), Restored::Refused { .. }));
        assert_eq!(store.set_aside.borrow().len(), 1);
        let later = 1_000 + DRAFT_MAX_AGE_SECS + 1;
        assert!(matches!(restore(&store, later), Restored::Nothing));
        assert!(store.set_aside.borrow().is_empty());
        store.save("{ again").unwrap();
        let _ = restore(&store, now_secs());
        assert_eq!(store.delete_set_aside(None).unwrap(), 1);
        assert!(store.set_aside.borrow().is_empty());
    }
}
