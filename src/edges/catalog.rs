//! What the screens need from the unit and office directory, behind one trait.
//!
//! [`DirectoryCatalog`] serves the full directory of `vssid_core::directory` (34 provinces,
//! 3,321 communes, the BHXH offices: built in, or the reception service's list);
//! [`default_catalog`] is the built-in one.

use std::rc::Rc;
use vssid_core::api::OfficeList;
use vssid_core::directory::{Directory, LoadError, Office, OfficeDirectory, OfficeState};
use vssid_core::fields::UnitDirectory;
use vssid_core::flow::FlowContext;
use vssid_core::text::fold;

/// An administrative unit: its code and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub code: String,
    pub name: String,
}

/// A BHXH office as the screens show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeInfo {
    /// What the registration stores: the official code when known (`079`, `07901`),
    /// otherwise the directory's id (`79-tan-dinh`).
    pub id: String,
    /// The agency code, when a source gives it or the pattern suggests it.
    pub code: Option<String>,
    /// Whether a source confirms `code` (an unconfirmed code is not shown as official).
    pub code_confirmed: bool,
    pub name: String,
    /// As the official picker shows it: "(001) BHXH TP. Hà Nội - BHXH cơ sở Đống Đa",
    /// "[079] BHXH TP. Hồ Chí Minh", or the name alone when the code is not confirmed.
    pub label: String,
    pub address: Option<String>,
    /// False when the address is only known from before the 2025 reorganisation.
    pub address_current: bool,
    pub phone: Option<String>,
    /// False when the phone is only known from before the 2025 reorganisation.
    pub phone_current: bool,
    /// The 2025 province code the office is in.
    pub province: String,
    /// The office no longer exists: it is shown, never chosen.
    pub closed: bool,
    /// The first day it no longer served ("01/7/2025").
    pub closed_from: Option<String>,
    /// The offices that took over from a closed one: (id, label).
    pub successors: Vec<(String, String)>,
}

impl OfficeInfo {
    /// The office as the list shows it.
    pub fn label(&self) -> String {
        self.label.clone()
    }
}

/// The unit and office directory, as the screens use it.
pub trait Catalog {
    /// Every province, in display order.
    fn provinces(&self) -> Vec<Unit>;
    /// The communes of a province, in display order.
    fn communes_of(&self, province_code: &str) -> Vec<Unit>;
    fn province_name(&self, code: &str) -> Option<String>;
    fn commune_name(&self, code: &str) -> Option<String>;
    fn commune_province(&self, code: &str) -> Option<String>;
    /// Offices whose code or name matches `query` (accent- and case-insensitive), at most
    /// `limit`; every office when the query is empty.
    fn search_offices(&self, query: &str, limit: usize) -> Vec<OfficeInfo>;
    /// The offices that likely serve this address, best first.
    fn suggest_offices(&self, province_code: &str, commune_code: &str) -> Vec<OfficeInfo>;
    fn office(&self, code: &str) -> Option<OfficeInfo>;
    /// Whether `code` names an open office, a closed one (and who took over), or none.
    fn office_state(&self, code: &str) -> OfficeState;
    /// Which office data is in use.
    fn office_data(&self) -> OfficeData;
}

/// The office data in use, as the about panel tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeData {
    /// Its version (the built-in data's begins with its date, `2026-11-30.1`).
    pub version: String,
    pub origin: OfficeOrigin,
}

impl OfficeData {
    /// The date at the start of the version, as people read it ("30/11/2026"), if it has one.
    pub fn date(&self) -> Option<String> {
        let date = self.version.get(..10)?;
        let mut parts = date.split('-');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        (digits(year, 4) && digits(month, 2) && digits(day, 2))
            .then(|| format!("{day}/{month}/{year}"))
    }
}

/// Where the office data in use comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfficeOrigin {
    /// The list built into the app (no service list received yet, or none usable).
    BuiltIn,
    /// The reception service's list, received at this time (Unix milliseconds).
    Served { fetched_at_ms: i64 },
}

/// The catalogue seen as the core's `UnitDirectory`.
pub struct CatalogUnits<'a>(pub &'a dyn Catalog);

impl UnitDirectory for CatalogUnits<'_> {
    fn province_name(&self, province_code: &str) -> Option<String> {
        self.0.province_name(province_code)
    }
    fn commune_province(&self, commune_code: &str) -> Option<String> {
        self.0.commune_province(commune_code)
    }
    fn commune_name(&self, commune_code: &str) -> Option<String> {
        self.0.commune_name(commune_code)
    }
}

/// What the flow needs of the world, from the catalogue.
pub struct CatalogFlow<'a> {
    catalog: &'a dyn Catalog,
    units: CatalogUnits<'a>,
}

impl<'a> CatalogFlow<'a> {
    pub fn new(catalog: &'a dyn Catalog) -> Self {
        CatalogFlow {
            catalog,
            units: CatalogUnits(catalog),
        }
    }
}

impl FlowContext for CatalogFlow<'_> {
    fn units(&self) -> &dyn UnitDirectory {
        &self.units
    }
    fn offices(&self) -> &dyn OfficeDirectory {
        self
    }
}

impl OfficeDirectory for CatalogFlow<'_> {
    fn office_state(&self, code: &str) -> OfficeState {
        self.catalog.office_state(code)
    }
}

/// Whether `haystack` matches every word of `query`, ignoring accents and case.
pub fn matches_query(haystack: &str, query: &str) -> bool {
    let folded = fold(haystack);
    fold(query)
        .split_whitespace()
        .all(|word| folded.contains(word))
}

/// The directory the app uses before a reception service's list is known.
pub fn default_catalog() -> Rc<dyn Catalog> {
    Rc::new(DirectoryCatalog::global())
}

/// The full directory of the core: its units with the built-in offices, or with a reception
/// service's.
pub struct DirectoryCatalog {
    directory: HeldDirectory,
    origin: OfficeOrigin,
}

/// The built-in directory (loaded once for the process), or one made from a service's list.
enum HeldDirectory {
    Global(&'static Directory),
    Served(Box<Directory>),
}

impl std::ops::Deref for HeldDirectory {
    type Target = Directory;
    fn deref(&self) -> &Directory {
        match self {
            HeldDirectory::Global(directory) => directory,
            HeldDirectory::Served(directory) => directory,
        }
    }
}

impl DirectoryCatalog {
    /// The built-in data.
    pub fn global() -> Self {
        DirectoryCatalog {
            directory: HeldDirectory::Global(Directory::global()),
            origin: OfficeOrigin::BuiltIn,
        }
    }

    /// The built-in units with a reception service's office list, received at
    /// `fetched_at_ms`; refused when the list names what the units don't have.
    pub fn served(list: &OfficeList, fetched_at_ms: i64) -> Result<Self, LoadError> {
        Ok(DirectoryCatalog {
            directory: HeldDirectory::Served(Box::new(list.to_directory()?)),
            origin: OfficeOrigin::Served { fetched_at_ms },
        })
    }

    fn office_info(&self, office: &Office) -> OfficeInfo {
        let directory = &*self.directory;
        let id_of = |o: &Office| o.code.clone().unwrap_or_else(|| o.id.clone());
        OfficeInfo {
            id: id_of(office),
            code: office.code.clone(),
            code_confirmed: office.code_confirmed,
            name: office.name.clone(),
            label: directory.label(office),
            address: office.address.clone(),
            address_current: office.address_from.as_ref().is_none_or(|f| f.current),
            phone: office.phone.clone(),
            phone_current: office.phone_from.as_ref().is_none_or(|f| f.current),
            province: office.province.clone(),
            closed: office.closed,
            closed_from: office.closed_from(),
            successors: office
                .successors
                .iter()
                .filter_map(|id| directory.office(id).ok())
                .map(|o| (id_of(o), directory.label(o)))
                .collect(),
        }
    }
}

impl Catalog for DirectoryCatalog {
    fn provinces(&self) -> Vec<Unit> {
        self.directory
            .provinces()
            .iter()
            .map(|p| Unit {
                code: p.code.into(),
                name: p.name.into(),
            })
            .collect()
    }

    fn communes_of(&self, province_code: &str) -> Vec<Unit> {
        self.directory
            .communes_of(province_code)
            .unwrap_or_default()
            .into_iter()
            .map(|c| Unit {
                code: c.code.into(),
                name: c.name.into(),
            })
            .collect()
    }

    fn province_name(&self, code: &str) -> Option<String> {
        UnitDirectory::province_name(&*self.directory, code)
    }

    fn commune_name(&self, code: &str) -> Option<String> {
        UnitDirectory::commune_name(&*self.directory, code)
    }

    fn commune_province(&self, code: &str) -> Option<String> {
        UnitDirectory::commune_province(&*self.directory, code)
    }

    fn search_offices(&self, query: &str, limit: usize) -> Vec<OfficeInfo> {
        if query.trim().is_empty() {
            // The whole list holds only offices that can be chosen; a closed one shows up
            // when searched for by its old code or name.
            return self
                .directory
                .offices()
                .iter()
                .filter(|o| !o.closed)
                .take(limit)
                .map(|o| self.office_info(o))
                .collect();
        }
        self.directory
            .search_offices(query, limit)
            .into_iter()
            .map(|hit| self.office_info(hit.office))
            .collect()
    }

    fn suggest_offices(&self, province_code: &str, commune_code: &str) -> Vec<OfficeInfo> {
        let commune = (!commune_code.is_empty()).then_some(commune_code);
        self.directory
            .suggest_offices(province_code, commune)
            .unwrap_or_default()
            .into_iter()
            .map(|s| self.office_info(s.office))
            .collect()
    }

    fn office(&self, code: &str) -> Option<OfficeInfo> {
        self.directory
            .office(code)
            .ok()
            .map(|o| self.office_info(o))
    }

    fn office_data(&self) -> OfficeData {
        OfficeData {
            version: self.directory.offices_version().to_string(),
            origin: self.origin.clone(),
        }
    }

    fn office_state(&self, code: &str) -> OfficeState {
        self.directory.office_state(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_directory_serves_the_screens() {
        let catalog = DirectoryCatalog::global();
        assert_eq!(catalog.provinces().len(), 34);
        let hcm = catalog.communes_of("79");
        assert!(hcm
            .iter()
            .any(|c| c.code == "26737" && c.name == "Phường Tân Định"));
        assert_eq!(catalog.commune_province("26737").as_deref(), Some("79"));
        let hits = catalog.search_offices("ho chi minh", 5);
        assert!(hits
            .iter()
            .any(|o| o.label() == "[079] BHXH TP. Hồ Chí Minh"));
        let suggested = catalog.suggest_offices("79", "26737");
        assert_eq!(suggested[0].id, "79-tan-dinh");
        assert!(suggested.iter().any(|o| o.id == "079"));
        assert!(catalog.office("79-tan-dinh").is_some());
        assert!(catalog.search_offices("", 500).len() > 90);
    }

    #[test]
    fn closed_offices_are_never_listed_nor_suggested_but_found_by_their_old_code() {
        let catalog = DirectoryCatalog::global();
        assert!(catalog.search_offices("", 500).iter().all(|o| !o.closed));
        for commune in catalog.communes_of("79") {
            assert!(catalog
                .suggest_offices("79", &commune.code)
                .iter()
                .all(|o| !o.closed));
        }
        let quan_1 = catalog.search_offices("07901", 5);
        assert_eq!(quan_1[0].id, "07901");
        assert!(quan_1[0].closed);
        assert_eq!(quan_1[0].closed_from.as_deref(), Some("01/7/2025"));
        assert_eq!(quan_1[0].successors[0].0, "79-tan-dinh");
        let OfficeState::Closed(closed) = catalog.office_state("07901") else {
            panic!("[07901] is closed");
        };
        assert_eq!(
            closed.successors,
            ["(079) BHXH TP. Hồ Chí Minh - BHXH Cơ sở Tân Định"]
        );
        assert_eq!(catalog.office_state("079"), OfficeState::Open);
        assert_eq!(catalog.office_state("99999"), OfficeState::Unknown);
        // The phone of [079] is known only from before 2025; its address is the 2025 one.
        let hcm = catalog.office("079").unwrap();
        assert!(!hcm.phone_current && hcm.address_current);
    }
}
