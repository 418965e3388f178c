//! The office list as `GET /v1/offices` publishes it, made from the directory, and a
//! directory made back from a published list (the app's copy of the service's offices).

use super::types::{Office, OfficeList};
use crate::directory::{
    Attribution, Directory, LoadError, Office as DirectoryOffice, OfficeData, OfficeKind,
};
use std::collections::BTreeMap;

/// The source key of facts that came from a reception service's list.
pub const SERVED_SOURCE: &str = "reception-service";

impl OfficeList {
    /// Every office of `directory`, published under its directory id (the official agency
    /// code when a source gives it, `079`, `07901`; otherwise a stable id, `79-tan-dinh`),
    /// versioned as the directory's data is.
    pub fn from_directory(directory: &Directory) -> OfficeList {
        let offices = directory
            .offices()
            .iter()
            .map(|office| Office {
                code: office.id.clone(),
                name: office.name.clone(),
                label: directory.label(office),
                address: office.address.clone().unwrap_or_default(),
                phone: office.phone.clone().unwrap_or_default(),
                province: office.province.clone(),
                code_confirmed: office.code_confirmed && office.code.as_ref() == Some(&office.id),
                closed: office.closed,
                valid_until: office.valid_until.clone(),
                successors: office.successors.clone(),
                kind: Some(office.kind),
                parent: office.parent.clone(),
                communes: office.communes.clone(),
                address_current: office.address_from.as_ref().is_none_or(|a| a.current),
                phone_current: office.phone_from.as_ref().is_none_or(|a| a.current),
            })
            .collect();
        OfficeList {
            version: directory.offices_version().to_string(),
            offices,
        }
    }

    /// The list as the directory's office data: each office keeps its published code as its
    /// id (and as its agency code when that is digits), so a registration names it the same
    /// way the service does.
    pub fn to_office_data(&self) -> OfficeData {
        let attribution = |value: &str, current: bool| {
            (!value.is_empty()).then(|| Attribution {
                source: SERVED_SOURCE.to_string(),
                date: None,
                current,
            })
        };
        let non_empty = |value: &str| (!value.is_empty()).then(|| value.to_string());
        let offices = self
            .offices
            .iter()
            .map(|office| DirectoryOffice {
                id: office.code.clone(),
                code: (!office.code.is_empty() && office.code.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| office.code.clone()),
                code_confirmed: office.code_confirmed,
                name: office.name.clone(),
                kind: office.kind.unwrap_or(if office.parent.is_some() {
                    OfficeKind::Base
                } else {
                    OfficeKind::Province
                }),
                province: office.province.clone(),
                parent: office.parent.clone(),
                formerly: None,
                successors: office.successors.clone(),
                address: non_empty(&office.address),
                address_from: attribution(&office.address, office.address_current),
                phone: non_empty(&office.phone),
                phone_from: attribution(&office.phone, office.phone_current),
                communes: office.communes.clone(),
                valid_from: None,
                valid_until: office.valid_until.clone(),
                closed: office.closed,
                sources: vec![SERVED_SOURCE.to_string()],
                notes: None,
            })
            .collect();
        OfficeData {
            version: self.version.clone(),
            description: None,
            sources: BTreeMap::new(),
            offices,
        }
    }

    /// The built-in units with this list's offices; refused when an office names a province
    /// or commune the units don't have, or a parent or successor the list doesn't have.
    pub fn to_directory(&self) -> Result<Directory, LoadError> {
        let known = |code: &str| self.offices.iter().any(|o| o.code == code);
        for office in &self.offices {
            let missing = office
                .parent
                .iter()
                .chain(&office.successors)
                .find(|code| !known(code));
            if let Some(code) = missing {
                return Err(LoadError::OfficeReference(format!(
                    "{}: unknown office {code}",
                    office.code
                )));
            }
        }
        Directory::with_offices(self.to_office_data())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::SuggestionReason;

    fn published() -> OfficeList {
        OfficeList::from_directory(Directory::global())
    }

    #[test]
    fn a_published_list_makes_a_directory_that_labels_searches_and_suggests_alike() {
        let list = published();
        let json = serde_json::to_string(&list).unwrap();
        let read: OfficeList = serde_json::from_str(&json).unwrap();
        assert_eq!(read, list, "the list survives JSON");
        let copy = read
            .to_directory()
            .expect("the published list is a directory");
        let built_in = Directory::global();
        assert_eq!(copy.offices_version(), built_in.offices_version());
        assert_eq!(copy.offices().len(), built_in.offices().len());
        let id = |o: &DirectoryOffice| o.code.clone().unwrap_or_else(|| o.id.clone());
        for (a, b) in built_in.offices().iter().zip(copy.offices()) {
            assert_eq!(id(a), id(b));
            assert_eq!(built_in.label(a), copy.label(b), "{}", a.id);
            assert_eq!(a.closed_from(), b.closed_from(), "{}", a.id);
            assert_eq!(
                a.address_from.as_ref().map(|f| f.current),
                b.address_from.as_ref().map(|f| f.current),
                "{}",
                a.id
            );
            assert_eq!(
                a.phone_from.as_ref().map(|f| f.current),
                b.phone_from.as_ref().map(|f| f.current),
                "{}",
                a.id
            );
        }
        for query in ["07901", "quan 1", "dong da", "ha noi", "079", "tan dinh"] {
            let names = |d: &Directory| {
                d.search_offices(query, 10)
                    .iter()
                    .map(|h| d.label(h.office))
                    .collect::<Vec<_>>()
            };
            assert_eq!(names(built_in), names(&copy), "search {query:?}");
        }
        for commune in built_in.communes().iter().step_by(7) {
            let suggested = |d: &Directory| {
                d.suggest_offices(commune.province, Some(commune.code))
                    .unwrap()
                    .iter()
                    .map(|s| (id(s.office), s.reason == SuggestionReason::ServesCommune))
                    .collect::<Vec<_>>()
            };
            assert_eq!(suggested(built_in), suggested(&copy), "{}", commune.code);
        }
        assert!(
            copy.choosable_office("07901").is_err(),
            "a closed office stays closed"
        );
    }

    #[test]
    fn a_list_naming_what_does_not_exist_is_refused() {
        let mut list = published();
        list.offices[0].communes.push("99999".into());
        assert!(matches!(
            list.to_directory(),
            Err(LoadError::OfficeReference(_))
        ));
        let mut list = published();
        list.offices[0].province = "99".into();
        assert!(list.to_directory().is_err());
        let mut list = published();
        let base = list
            .offices
            .iter_mut()
            .find(|o| o.parent.is_some())
            .unwrap();
        base.parent = Some("no-such-office".into());
        assert!(list.to_directory().is_err());
    }

    #[test]
    fn an_operators_short_list_without_the_new_fields_still_reads() {
        let list: OfficeList = serde_json::from_str(
            r#"{"version":"op-1","offices":[{"code":"079","name":"BHXH TP. Hồ Chí Minh","province":"79","code_confirmed":true}]}"#,
        )
        .unwrap();
        let directory = list.to_directory().unwrap();
        let office = directory.office("079").unwrap();
        assert_eq!(office.kind, OfficeKind::Province);
        assert_eq!(directory.label(office), "[079] BHXH TP. Hồ Chí Minh");
        let suggested = directory.suggest_offices("79", None).unwrap();
        assert_eq!(suggested.len(), 1, "the provincial office");
    }
}
