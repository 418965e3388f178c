//! "Hồ sơ của tôi" on the device: the registrations kept after their receipt (reference,
//! office, status, dates, the id and secret; no personal data), in a file of the app's data
//! folder or in localStorage on the web, like the drafts.

use crate::edges::StoreError;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use vssid_core::flow::SavedRegistration;

/// The stored document: versioned, so a later app can read what an earlier one kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFile {
    pub version: u32,
    pub registrations: Vec<SavedRegistration>,
}

/// The only version written.
pub const SAVED_VERSION: u32 = 1;

fn encode(saved: &[SavedRegistration]) -> Result<String, StoreError> {
    serde_json::to_string(&SavedFile {
        version: SAVED_VERSION,
        registrations: saved.to_vec(),
    })
    .map_err(|e| StoreError::Write(e.to_string()))
}

/// What was kept (nothing when it cannot be read, or was written by a newer app).
fn decode(text: &str) -> Vec<SavedRegistration> {
    match serde_json::from_str::<SavedFile>(text) {
        Ok(file) if file.version == SAVED_VERSION => file.registrations,
        _ => Vec::new(),
    }
}

/// Where the list is kept.
pub trait SavedRegistrations {
    fn load(&self) -> Vec<SavedRegistration>;
    /// Replaces the whole list.
    fn save(&self, saved: &[SavedRegistration]) -> Result<(), StoreError>;
}

/// Kept in memory only (tests, a device without storage).
#[derive(Default)]
pub struct MemorySavedRegistrations(RefCell<String>);

impl SavedRegistrations for MemorySavedRegistrations {
    fn load(&self) -> Vec<SavedRegistration> {
        decode(&self.0.borrow())
    }
    fn save(&self, saved: &[SavedRegistration]) -> Result<(), StoreError> {
        *self.0.borrow_mut() = encode(saved)?;
        Ok(())
    }
}

/// `registrations.json` in the app's data folder, replaced whole (written beside, renamed).
#[cfg(not(target_arch = "wasm32"))]
pub struct FileSavedRegistrations {
    path: std::path::PathBuf,
}

#[cfg(not(target_arch = "wasm32"))]
impl FileSavedRegistrations {
    pub fn new(dir: impl Into<std::path::PathBuf>) -> Self {
        FileSavedRegistrations {
            path: dir.into().join("registrations.json"),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl SavedRegistrations for FileSavedRegistrations {
    fn load(&self) -> Vec<SavedRegistration> {
        std::fs::read_to_string(&self.path)
            .map(|text| decode(&text))
            .unwrap_or_default()
    }

    fn save(&self, saved: &[SavedRegistration]) -> Result<(), StoreError> {
        let write = |e: std::io::Error| StoreError::Write(e.to_string());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(write)?;
        }
        let partial = self.path.with_extension("json.partial");
        std::fs::write(&partial, encode(saved)?).map_err(write)?;
        std::fs::rename(&partial, &self.path).map_err(write)
    }
}

/// The list in the page's localStorage.
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub struct LocalStorageSavedRegistrations;

#[cfg(all(target_arch = "wasm32", feature = "web"))]
const LOCAL_STORAGE_KEY: &str = "vssid-registrations";

#[cfg(all(target_arch = "wasm32", feature = "web"))]
impl SavedRegistrations for LocalStorageSavedRegistrations {
    fn load(&self) -> Vec<SavedRegistration> {
        super::drafts::local_storage()
            .ok()
            .and_then(|storage| storage.get_item(LOCAL_STORAGE_KEY).ok().flatten())
            .map(|text| decode(&text))
            .unwrap_or_default()
    }

    fn save(&self, saved: &[SavedRegistration]) -> Result<(), StoreError> {
        let storage = super::drafts::local_storage()?;
        storage
            .set_item(LOCAL_STORAGE_KEY, &encode(saved)?)
            .map_err(|_| StoreError::Write("localStorage is full or refused".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vssid_core::api::RegistrationStatus;

    #[test]
    fn the_list_survives_a_restart_and_a_newer_format_is_not_misread() {
        let dir = tempfile::tempdir().unwrap();
        let kept = vec![SavedRegistration {
            id: "reg-1".into(),
            secret: "key-1".into(),
            reference: "DK-20261125-ABCDEF".into(),
            office: "079".into(),
            status: RegistrationStatus::ChangesRequested,
            received_at: "2026-11-25T10:00:00Z".into(),
            checked_at: Some("2026-11-26T10:00:00Z".into()),
            decision: None,
        }];
        FileSavedRegistrations::new(dir.path()).save(&kept).unwrap();
        assert_eq!(FileSavedRegistrations::new(dir.path()).load(), kept);
        std::fs::write(
            dir.path().join("registrations.json"),
            r#"{"version": 2, "registrations": []}"#,
        )
        .unwrap();
        assert!(FileSavedRegistrations::new(dir.path()).load().is_empty());
    }
}
