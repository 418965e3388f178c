//! What the screens need from the unit and office directory, behind one trait.
//!
//! [`DirectoryCatalog`] serves the full directory of `vssid_core::directory` (34 provinces,
//! 3,321 communes, the BHXH offices); [`SampleCatalog`] is a tiny offline sample for widget
//! tests. [`default_catalog`] is the one place that chooses.

use std::rc::Rc;
use vssid_core::directory::{Directory, Office};
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
    /// The official agency code, when known.
    pub code: Option<String>,
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// The 2025 province code the office is in.
    pub province: String,
}

impl OfficeInfo {
    /// `[079] BHXH TP. Hồ Chí Minh`, as the list shows it (the name alone without a code).
    pub fn label(&self) -> String {
        match &self.code {
            Some(code) => format!("[{code}] {}", self.name),
            None => self.name.clone(),
        }
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
    fn office_exists(&self, office: &str) -> bool {
        self.catalog.office(office).is_some()
    }
}

/// Whether `haystack` matches every word of `query`, ignoring accents and case.
pub fn matches_query(haystack: &str, query: &str) -> bool {
    let folded = fold(haystack);
    fold(query)
        .split_whitespace()
        .all(|word| folded.contains(word))
}

/// The directory the app uses.
pub fn default_catalog() -> Rc<dyn Catalog> {
    Rc::new(DirectoryCatalog::global())
}

/// The full directory of the core.
pub struct DirectoryCatalog {
    directory: &'static Directory,
}

impl DirectoryCatalog {
    pub fn global() -> Self {
        DirectoryCatalog {
            directory: Directory::global(),
        }
    }
}

fn office_info(office: &Office) -> OfficeInfo {
    OfficeInfo {
        id: office.code.clone().unwrap_or_else(|| office.id.clone()),
        code: office.code.clone(),
        name: office.name.clone(),
        address: office.address.clone(),
        phone: office.phone.clone(),
        province: office.province.clone(),
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
        UnitDirectory::province_name(self.directory, code)
    }

    fn commune_name(&self, code: &str) -> Option<String> {
        UnitDirectory::commune_name(self.directory, code)
    }

    fn commune_province(&self, code: &str) -> Option<String> {
        UnitDirectory::commune_province(self.directory, code)
    }

    fn search_offices(&self, query: &str, limit: usize) -> Vec<OfficeInfo> {
        if query.trim().is_empty() {
            return self
                .directory
                .offices()
                .iter()
                .take(limit)
                .map(office_info)
                .collect();
        }
        self.directory
            .search_offices(query, limit)
            .into_iter()
            .map(|hit| office_info(hit.office))
            .collect()
    }

    fn suggest_offices(&self, province_code: &str, commune_code: &str) -> Vec<OfficeInfo> {
        let commune = (!commune_code.is_empty()).then_some(commune_code);
        self.directory
            .suggest_offices(province_code, commune)
            .unwrap_or_default()
            .into_iter()
            .map(|s| office_info(s.office))
            .collect()
    }

    fn office(&self, code: &str) -> Option<OfficeInfo> {
        self.directory.office(code).ok().map(office_info)
    }
}

/// A small built-in sample: five provinces, a few communes each, the offices of the guide.
pub struct SampleCatalog {
    provinces: Vec<Unit>,
    communes: Vec<(String, Unit)>,
    offices: Vec<OfficeInfo>,
}

impl Default for SampleCatalog {
    fn default() -> Self {
        Self::new()
    }
}

const SAMPLE_PROVINCES: &[(&str, &str)] = &[
    ("01", "Thành phố Hà Nội"),
    ("31", "Thành phố Hải Phòng"),
    ("48", "Thành phố Đà Nẵng"),
    ("79", "Thành phố Hồ Chí Minh"),
    ("92", "Thành phố Cần Thơ"),
];

const SAMPLE_COMMUNES: &[(&str, &str, &str)] = &[
    ("01", "00004", "Phường Ba Đình"),
    ("01", "00008", "Phường Ngọc Hà"),
    ("01", "00025", "Phường Giảng Võ"),
    ("01", "00070", "Phường Hoàn Kiếm"),
    ("31", "11311", "Phường Hồng Bàng"),
    ("31", "11329", "Phường Ngô Quyền"),
    ("48", "20194", "Phường Hải Châu"),
    ("48", "20224", "Phường Hòa Cường"),
    ("79", "26734", "Phường Sài Gòn"),
    ("79", "26737", "Phường Tân Định"),
    ("79", "26743", "Phường Bến Thành"),
    ("79", "26758", "Phường Cầu Ông Lãnh"),
    ("79", "26767", "Phường Bàn Cờ"),
    ("79", "26794", "Phường Xuân Hòa"),
    ("79", "27007", "Phường Phú Nhuận"),
    ("79", "26965", "Phường Gò Vấp"),
    ("79", "26941", "Phường Bình Thạnh"),
    ("79", "27094", "Phường Tân Bình"),
    ("79", "26842", "Phường Thủ Đức"),
    ("92", "31117", "Phường Ninh Kiều"),
];

/// (code, name, province, address, phone)
type OfficeRow = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

const SAMPLE_OFFICES: &[OfficeRow] = &[
    ("001", "BHXH TP. Hà Nội", "01", None, None),
    ("031", "BHXH TP. Hải Phòng", "31", None, None),
    ("048", "BHXH TP. Đà Nẵng", "48", None, None),
    (
        "079",
        "BHXH TP. Hồ Chí Minh",
        "79",
        Some("117C Nguyễn Đình Chính P.15 Q.Phú Nhuận"),
        Some("(028) 39.979.039"),
    ),
    ("07901", "BHXH Quận 1", "79", None, None),
    ("07902", "BHXH Quận 12", "79", None, None),
    ("07903", "BHXH thành phố Thủ Đức", "79", None, None),
    ("07905", "BHXH Quận Gò Vấp", "79", None, None),
    ("07906", "BHXH Quận Bình Thạnh", "79", None, None),
    ("07907", "BHXH Quận Tân Bình", "79", None, None),
    ("07908", "BHXH Quận Tân Phú", "79", None, None),
    ("07909", "BHXH Quận Phú Nhuận", "79", None, None),
    ("07911", "BHXH Quận 3", "79", None, None),
    ("07912", "BHXH Quận 10", "79", None, None),
    ("07913", "Bảo hiểm xã hội Quận 11", "79", None, None),
    ("07914", "BHXH Quận 4", "79", None, None),
    ("07915", "BHXH Quận 5", "79", None, None),
    ("07916", "BHXH Quận 6", "79", None, None),
    ("07917", "BHXH Quận 8", "79", None, None),
    ("092", "BHXH TP. Cần Thơ", "92", None, None),
];

/// Communes of the sample whose old district office is known: (commune, office).
const SAMPLE_COMMUNE_OFFICES: &[(&str, &str)] = &[
    ("26734", "07901"),
    ("26737", "07901"),
    ("26743", "07901"),
    ("26758", "07901"),
    ("26767", "07911"),
    ("26794", "07911"),
    ("27007", "07909"),
    ("26965", "07905"),
    ("26941", "07906"),
    ("27094", "07907"),
    ("26842", "07903"),
];

impl SampleCatalog {
    pub fn new() -> Self {
        SampleCatalog {
            provinces: SAMPLE_PROVINCES
                .iter()
                .map(|(code, name)| Unit {
                    code: (*code).into(),
                    name: (*name).into(),
                })
                .collect(),
            communes: SAMPLE_COMMUNES
                .iter()
                .map(|(province, code, name)| {
                    (
                        (*province).into(),
                        Unit {
                            code: (*code).into(),
                            name: (*name).into(),
                        },
                    )
                })
                .collect(),
            offices: SAMPLE_OFFICES
                .iter()
                .map(|(code, name, province, address, phone)| OfficeInfo {
                    id: (*code).into(),
                    code: Some((*code).into()),
                    name: (*name).into(),
                    address: address.map(Into::into),
                    phone: phone.map(Into::into),
                    province: (*province).into(),
                })
                .collect(),
        }
    }
}

impl Catalog for SampleCatalog {
    fn provinces(&self) -> Vec<Unit> {
        self.provinces.clone()
    }

    fn communes_of(&self, province_code: &str) -> Vec<Unit> {
        self.communes
            .iter()
            .filter(|(p, _)| p == province_code)
            .map(|(_, unit)| unit.clone())
            .collect()
    }

    fn province_name(&self, code: &str) -> Option<String> {
        self.provinces
            .iter()
            .find(|u| u.code == code)
            .map(|u| u.name.clone())
    }

    fn commune_name(&self, code: &str) -> Option<String> {
        self.communes
            .iter()
            .find(|(_, u)| u.code == code)
            .map(|(_, u)| u.name.clone())
    }

    fn commune_province(&self, code: &str) -> Option<String> {
        self.communes
            .iter()
            .find(|(_, u)| u.code == code)
            .map(|(p, _)| p.clone())
    }

    fn search_offices(&self, query: &str, limit: usize) -> Vec<OfficeInfo> {
        self.offices
            .iter()
            .filter(|o| matches_query(&o.label(), query))
            .take(limit)
            .cloned()
            .collect()
    }

    fn suggest_offices(&self, province_code: &str, commune_code: &str) -> Vec<OfficeInfo> {
        let mut out = Vec::new();
        if let Some((_, office)) = SAMPLE_COMMUNE_OFFICES
            .iter()
            .find(|(commune, _)| *commune == commune_code)
        {
            out.extend(self.office(office));
        }
        let provincial = format!("0{province_code}");
        out.extend(self.office(&provincial));
        out
    }

    fn office(&self, code: &str) -> Option<OfficeInfo> {
        self.offices.iter().find(|o| o.id == code).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_is_consistent() {
        let catalog = SampleCatalog::new();
        for (province, unit) in &catalog.communes {
            assert!(catalog.province_name(province).is_some(), "{}", unit.code);
        }
        for (commune, office) in SAMPLE_COMMUNE_OFFICES {
            assert!(catalog.commune_name(commune).is_some());
            assert!(catalog.office(office).is_some());
        }
        assert_eq!(catalog.communes_of("79").len(), 11);
    }

    #[test]
    fn search_ignores_accents_and_suggestions_follow_the_address() {
        let catalog = SampleCatalog::new();
        let found = catalog.search_offices("ho chi minh", 10);
        assert_eq!(found[0].label(), "[079] BHXH TP. Hồ Chí Minh");
        assert_eq!(
            catalog.search_offices("07909", 10)[0].name,
            "BHXH Quận Phú Nhuận"
        );
        assert!(catalog.search_offices("zzz", 10).is_empty());
        let suggested: Vec<_> = catalog
            .suggest_offices("79", "27007")
            .into_iter()
            .map(|o| o.id)
            .collect();
        assert_eq!(suggested, ["07909", "079"]);
    }

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
        assert!(catalog.search_offices("", 500).len() > 100);
    }
}
