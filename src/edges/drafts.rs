//! Where the draft lives: a file in the app's data folder (desktop, mobile), the browser's
//! localStorage (web), or memory (tests). A draft that cannot be read is set aside, never
//! overwritten.

use super::StoreError;
use std::cell::RefCell;
use vssid_core::draft::{self, DraftError};
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
}

/// Reads the saved draft; a refused one is set aside so the next save cannot overwrite it.
pub fn restore(store: &dyn DraftStore) -> Restored {
    match store.load() {
        Ok(None) | Err(_) => Restored::Nothing,
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
    pub set_aside: RefCell<Vec<String>>,
}

impl DraftStore for MemoryDraftStore {
    fn load(&self) -> Result<Option<String>, StoreError> {
        Ok(self.current.borrow().clone())
    }
    fn save(&self, document: &str) -> Result<(), StoreError> {
        *self.current.borrow_mut() = Some(document.to_string());
        Ok(())
    }
    fn delete(&self) -> Result<(), StoreError> {
        *self.current.borrow_mut() = None;
        Ok(())
    }
    fn set_aside(&self) -> Result<String, StoreError> {
        let doc = self.current.borrow_mut().take().unwrap_or_default();
        let mut aside = self.set_aside.borrow_mut();
        aside.push(doc);
        Ok(format!("memory #{}", aside.len()))
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
}

/// The draft in the browser's localStorage under `vssid.draft`.
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub struct LocalStorageDraftStore;

#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub(crate) fn local_storage() -> Result<web_sys::Storage, StoreError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| StoreError::Unavailable("localStorage".into()))
}

#[cfg(all(target_arch = "wasm32", feature = "web"))]
impl DraftStore for LocalStorageDraftStore {
    fn load(&self) -> Result<Option<String>, StoreError> {
        local_storage()?
            .get_item("vssid.draft")
            .map_err(|_| StoreError::Unavailable("localStorage".into()))
    }
    fn save(&self, document: &str) -> Result<(), StoreError> {
        local_storage()?
            .set_item("vssid.draft", document)
            .map_err(|_| StoreError::Write("localStorage is full".into()))
    }
    fn delete(&self) -> Result<(), StoreError> {
        local_storage()?
            .remove_item("vssid.draft")
            .map_err(|_| StoreError::Write("localStorage".into()))
    }
    fn set_aside(&self) -> Result<String, StoreError> {
        let storage = local_storage()?;
        let doc = self.load()?.unwrap_or_default();
        let key = (1..1000)
            .map(|n| format!("vssid.draft.refused-{n}"))
            .find(|k| matches!(storage.get_item(k), Ok(None)))
            .unwrap_or_else(|| "vssid.draft.refused".into());
        storage
            .set_item(&key, &doc)
            .map_err(|_| StoreError::Write("localStorage".into()))?;
        self.delete()?;
        Ok(format!("localStorage[{key}]"))
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
        assert_eq!(restore(&store), Restored::Nothing);

        let mut r = Registration::new("key-1", Lang::Vi);
        r.form.full_name = "Lê Văn Tám".into();
        store.save(&draft::encode(&r)).unwrap();
        assert!(!dir.path().join("app/draft.json.tmp").exists());
        assert_eq!(restore(&store), Restored::Draft(Box::new(r)));

        store.save("{ not json").unwrap();
        match restore(&store) {
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
        assert!(matches!(restore(&store), Restored::Refused { .. }));
        assert!(dir.path().join("app/draft.refused-1.json").exists());
        assert!(dir.path().join("app/draft.refused-2.json").exists());
        store.delete().unwrap();
        store.delete().unwrap();
    }
}
