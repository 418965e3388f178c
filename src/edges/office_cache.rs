//! The device's copy of the reception service's office list (`GET /v1/offices`), kept with
//! its ETag so the list can change without a new app release and is still there offline: a
//! file in the app's data folder, or localStorage on the web.

use crate::edges::StoreError;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use vssid_core::api::OfficeList;

/// The office list as last received from a reception service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedOffices {
    /// The service it came from (a copy from another service is not used).
    pub base: String,
    /// The service's ETag for it, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// When it was received (Unix milliseconds).
    pub fetched_at_ms: i64,
    pub list: OfficeList,
}

/// Where the copy is kept.
pub trait OfficeCache {
    /// The copy, if one was kept and can be read.
    fn load(&self) -> Option<CachedOffices>;
    fn save(&self, cached: &CachedOffices) -> Result<(), StoreError>;
}

/// A copy kept in memory only (tests, a device without storage).
#[derive(Default)]
pub struct MemoryOfficeCache(RefCell<Option<CachedOffices>>);

impl OfficeCache for MemoryOfficeCache {
    fn load(&self) -> Option<CachedOffices> {
        self.0.borrow().clone()
    }
    fn save(&self, cached: &CachedOffices) -> Result<(), StoreError> {
        *self.0.borrow_mut() = Some(cached.clone());
        Ok(())
    }
}

/// `offices.json` in the app's data folder, replaced whole (written beside, then renamed).
#[cfg(not(target_arch = "wasm32"))]
pub struct FileOfficeCache {
    path: std::path::PathBuf,
}

#[cfg(not(target_arch = "wasm32"))]
impl FileOfficeCache {
    pub fn new(dir: impl Into<std::path::PathBuf>) -> Self {
        FileOfficeCache {
            path: dir.into().join("offices.json"),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl OfficeCache for FileOfficeCache {
    fn load(&self) -> Option<CachedOffices> {
        let text = std::fs::read(&self.path).ok()?;
        serde_json::from_slice(&text).ok()
    }

    fn save(&self, cached: &CachedOffices) -> Result<(), StoreError> {
        let write = |e: std::io::Error| StoreError::Write(e.to_string());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(write)?;
        }
        let text = serde_json::to_vec(cached).map_err(|e| StoreError::Write(e.to_string()))?;
        let partial = self.path.with_extension("json.partial");
        std::fs::write(&partial, text).map_err(write)?;
        std::fs::rename(&partial, &self.path).map_err(write)
    }
}

/// The copy in the page's localStorage.
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub struct LocalStorageOfficeCache;

#[cfg(all(target_arch = "wasm32", feature = "web"))]
const LOCAL_STORAGE_KEY: &str = "vssid-offices";

#[cfg(all(target_arch = "wasm32", feature = "web"))]
impl OfficeCache for LocalStorageOfficeCache {
    fn load(&self) -> Option<CachedOffices> {
        let storage = super::drafts::local_storage().ok()?;
        let text = storage.get_item(LOCAL_STORAGE_KEY).ok()??;
        serde_json::from_str(&text).ok()
    }

    fn save(&self, cached: &CachedOffices) -> Result<(), StoreError> {
        let storage = super::drafts::local_storage()?;
        let text = serde_json::to_string(cached).map_err(|e| StoreError::Write(e.to_string()))?;
        storage
            .set_item(LOCAL_STORAGE_KEY, &text)
            .map_err(|_| StoreError::Write("localStorage is full or refused".into()))
    }
}
