//! The office directory the service accepts and publishes (`GET /v1/offices`), behind the
//! `OfficeCatalog` seam: the shared directory of `vssid_core` by default, or a JSON file.

use sha2::{Digest, Sha256};
use std::path::Path;
use vssid_core::api::{Office, OfficeList};

/// Offices that receive registrations.
pub trait OfficeCatalog: Send + Sync {
    /// The whole list, with its data version.
    fn list(&self) -> &OfficeList;

    /// The office with this code.
    fn find(&self, code: &str) -> Option<&Office> {
        self.list()
            .offices
            .iter()
            .find(|office| office.code == code)
    }
}

/// The offices of the shared directory (`vssid_core::directory`, `core/data/offices.json`),
/// published under their directory id: the official agency code when a source gives it
/// (`079`, `07901`), otherwise a stable id (`79-tan-dinh`).
#[derive(Debug, Clone)]
pub struct DirectoryOffices {
    list: OfficeList,
}

impl DirectoryOffices {
    /// The shared directory's offices, versioned as the data file is.
    pub fn shared() -> DirectoryOffices {
        DirectoryOffices {
            list: OfficeList::from_directory(vssid_core::directory::Directory::global()),
        }
    }
}

impl OfficeCatalog for DirectoryOffices {
    fn list(&self) -> &OfficeList {
        &self.list
    }
}

/// A fixed list of offices (built in, or read from a JSON file).
#[derive(Debug, Clone)]
pub struct StaticOffices {
    list: OfficeList,
}

/// Why an office file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum OfficesError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not an office list: {source}")]
    Parse {
        path: String,
        source: serde_json::Error,
    },
    /// The list names a province, commune or office that does not exist (the app could not
    /// use it either).
    #[error("{path}: {source}")]
    References {
        path: String,
        source: vssid_core::directory::LoadError,
    },
}

impl StaticOffices {
    /// A catalog of `list`.
    pub fn new(list: OfficeList) -> StaticOffices {
        StaticOffices { list }
    }

    /// Reads `{"version": "...", "offices": [{"code", "name", "address", "phone", "province",
    /// …}]}` (the document `GET /v1/offices` serves), and checks that every province, commune,
    /// parent and successor it names exists.
    pub fn from_file(path: &Path) -> Result<StaticOffices, OfficesError> {
        let text = std::fs::read(path).map_err(|source| OfficesError::Read {
            path: path.display().to_string(),
            source,
        })?;
        let list: OfficeList =
            serde_json::from_slice(&text).map_err(|source| OfficesError::Parse {
                path: path.display().to_string(),
                source,
            })?;
        list.to_directory()
            .map_err(|source| OfficesError::References {
                path: path.display().to_string(),
                source,
            })?;
        Ok(StaticOffices { list })
    }
}

impl OfficeCatalog for StaticOffices {
    fn list(&self) -> &OfficeList {
        &self.list
    }
}

/// The serialised directory and its entity tag, computed once.
#[derive(Debug, Clone)]
pub struct PublishedOffices {
    pub body: bytes::Bytes,
    /// A strong ETag: the quoted start of the body's SHA-256.
    pub etag: String,
}

impl PublishedOffices {
    /// Serialises the catalog's list.
    pub fn of(catalog: &dyn OfficeCatalog) -> PublishedOffices {
        let body = serde_json::to_vec(catalog.list()).unwrap_or_default();
        let digest = Sha256::digest(&body);
        let etag = format!("\"{}\"", crate::photos::hex(&digest[..16]));
        PublishedOffices {
            body: body.into(),
            etag,
        }
    }

    /// Whether an `If-None-Match` value names this version (`*`, or one of a list of tags,
    /// weak or strong).
    pub fn matches(&self, if_none_match: &str) -> bool {
        crate::published::if_none_match_names(if_none_match, &self.etag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_follows_content_and_matches_lists() {
        let builtin = DirectoryOffices::shared();
        let published = PublishedOffices::of(&builtin);
        assert!(published.matches(&published.etag));
        assert!(published.matches(&format!("\"x\", W/{}", published.etag)));
        assert!(published.matches("*"));
        assert!(!published.matches("\"other\""));
        let mut list = builtin.list().clone();
        list.offices.pop();
        let changed = PublishedOffices::of(&StaticOffices::new(list));
        assert_ne!(changed.etag, published.etag);
        assert_eq!(builtin.find("079").unwrap().name, "BHXH TP. Hồ Chí Minh");
        assert!(builtin.find("999").is_none());
    }

    #[test]
    fn the_shared_directory_is_published_with_its_version() {
        let shared = DirectoryOffices::shared();
        let directory = vssid_core::directory::Directory::global();
        assert_eq!(shared.list().version, directory.offices_version());
        assert_eq!(shared.list().offices.len(), directory.offices().len());
        let hcmc = shared.find("079").expect("[079] is in the directory");
        assert!(hcmc.name.contains("Hồ Chí Minh"), "{}", hcmc.name);
        assert_eq!(hcmc.province, "79");
        assert!(
            shared.find("79-tan-dinh").is_some(),
            "offices without a code keep their id"
        );
        assert!(shared.find("99999").is_none());
    }

    /// The service validates against the list it publishes, the app against the directory:
    /// both say the same of every office (open, unknown, or closed with the same words).
    #[test]
    fn the_published_list_and_the_directory_say_the_same_of_every_office() {
        use vssid_core::directory::{OfficeDirectory, OfficeState};
        let shared = DirectoryOffices::shared();
        let directory = vssid_core::directory::Directory::global();
        let mut closed = 0;
        for office in directory.offices() {
            let state = directory.office_state(&office.id);
            closed += usize::from(matches!(state, OfficeState::Closed(_)));
            assert_eq!(
                shared.list().office_state(&office.id),
                state,
                "{}",
                office.id
            );
        }
        assert!(closed > 0, "the directory keeps its closed offices");
        for code in ["99999", "", "07901x"] {
            assert_eq!(shared.list().office_state(code), OfficeState::Unknown);
            assert_eq!(directory.office_state(code), OfficeState::Unknown);
        }
    }

    #[test]
    fn office_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("offices.json");
        std::fs::write(
            &path,
            r#"{"version":"t1","offices":[{"code":"048","name":"BHXH Thành phố Đà Nẵng","province":"48"}]}"#,
        )
        .unwrap();
        let catalog = StaticOffices::from_file(&path).unwrap();
        assert_eq!(catalog.find("048").unwrap().name, "BHXH Thành phố Đà Nẵng");
        assert!(StaticOffices::from_file(&dir.path().join("none.json")).is_err());
        // An office in no province, or serving a commune that does not exist, is refused.
        for office in [
            r#"{"code":"048","name":"BHXH Thành phố Đà Nẵng"}"#,
            r#"{"code":"048","name":"BHXH Thành phố Đà Nẵng","province":"48","communes":["99999"]}"#,
        ] {
            std::fs::write(&path, format!(r#"{{"version":"t2","offices":[{office}]}}"#)).unwrap();
            let refused = StaticOffices::from_file(&path);
            assert!(
                matches!(refused, Err(OfficesError::References { .. })),
                "{office}: {refused:?}"
            );
        }
    }
}
