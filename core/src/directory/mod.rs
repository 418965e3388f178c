//! Administrative units (2025 and legacy) and BHXH offices, with Vietnamese search.
//!
//! The data is embedded in the binary (no file access, so it works on the web and on
//! phones): the unit tables come from the MIT-licensed `vietnamadminunits` package
//! (see `core/data/README.md`), the offices from `core/data/offices.json`.
//! [`Directory::global`] loads everything once, on first use.

mod legacy_address;
mod office_queries;
mod offices;
mod search;
mod units;

pub use legacy_address::{AddressMatch, CardAddress, LegacyPlace, NamedUnit};
pub use office_queries::{OfficeHit, OfficeRefusal, Suggestion, SuggestionReason};
pub use offices::{
    day_after, Attribution, ClosedOffice, Office, OfficeData, OfficeDirectory, OfficeKind,
    OfficeSource, OfficeState,
};
pub use search::{search_key, MatchRank};
pub use units::{
    Commune, DataError, LegacyCommune, LegacyDistrict, LegacyProvince, Level, Province, Scheme,
    UnitCode,
};

use crate::fields::UnitDirectory;
use crate::lang::{Lang, Localized};
use office_queries::office_key;
use search::{best, SearchKey};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;
use units::{find, LegacyTables, UnitTables};

/// Why a directory question has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    #[error("unknown province {0}")]
    UnknownProvince(UnitCode),
    #[error("unknown commune {0}")]
    UnknownCommune(UnitCode),
    #[error("commune {commune} is not in province {province}")]
    CommuneNotInProvince {
        commune: UnitCode,
        province: UnitCode,
    },
    #[error("unknown office {0}")]
    UnknownOffice(String),
}

impl Localized for DirectoryError {
    fn code(&self) -> &'static str {
        match self {
            DirectoryError::UnknownProvince(_) => "unknown_province",
            DirectoryError::UnknownCommune(c) if c.scheme == Scheme::Legacy => {
                "unknown_legacy_commune"
            }
            DirectoryError::UnknownCommune(_) => "unknown_commune",
            DirectoryError::CommuneNotInProvince { .. } => "commune_not_in_province",
            DirectoryError::UnknownOffice(_) => "unknown_office",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DirectoryError::UnknownProvince(c), Lang::Vi) => {
                format!("Không có tỉnh/thành phố mã {} trong danh mục", c.code)
            }
            (DirectoryError::UnknownProvince(c), Lang::En) => {
                format!("There is no province with code {} in the directory", c.code)
            }
            (DirectoryError::UnknownCommune(c), Lang::Vi) if c.scheme == Scheme::Legacy => {
                format!("Không có phường/xã cũ (trước 1/7/2025) mã {}", c.code)
            }
            (DirectoryError::UnknownCommune(c), Lang::En) if c.scheme == Scheme::Legacy => {
                format!("There is no pre-2025 commune with code {}", c.code)
            }
            (DirectoryError::UnknownCommune(c), Lang::Vi) => {
                format!("Không có phường/xã/đặc khu mã {} trong danh mục", c.code)
            }
            (DirectoryError::UnknownCommune(c), Lang::En) => {
                format!("There is no commune with code {} in the directory", c.code)
            }
            (DirectoryError::CommuneNotInProvince { commune, province }, Lang::Vi) => format!(
                "Phường/xã/đặc khu mã {} không thuộc tỉnh/thành phố mã {}",
                commune.code, province.code
            ),
            (DirectoryError::CommuneNotInProvince { commune, province }, Lang::En) => format!(
                "The commune {} is not in the province {}",
                commune.code, province.code
            ),
            (DirectoryError::UnknownOffice(id), Lang::Vi) => {
                format!("Không có cơ quan BHXH mã {id}")
            }
            (DirectoryError::UnknownOffice(id), Lang::En) => {
                format!("There is no BHXH office {id}")
            }
        }
    }
}

/// The embedded data could not be read (a build with hand-edited data files).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("unit data: {0}")]
    Units(#[from] DataError),
    #[error("office data: {0}")]
    Offices(#[from] serde_json::Error),
    #[error("office data: {0}")]
    OfficeReference(String),
}

static LEGACY: OnceLock<Result<LegacyTables, DataError>> = OnceLock::new();

/// The legacy tables, read on first use (only address conversion needs them).
fn legacy_tables() -> Result<&'static LegacyTables, DataError> {
    LEGACY
        .get_or_init(LegacyTables::load)
        .as_ref()
        .map_err(Clone::clone)
}

/// A 2025 unit found by a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "level", rename_all = "lowercase")]
pub enum UnitRef<'a> {
    Province(&'a Province),
    Commune(&'a Commune),
}

/// One result of [`Directory::search_units`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnitHit<'a> {
    pub unit: UnitRef<'a>,
    /// The province itself, or the province the commune is in.
    pub province: &'a Province,
    pub rank: MatchRank,
}

/// Where a pre-2025 commune went in the 2025 scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversion<'a> {
    pub legacy_commune: &'a LegacyCommune,
    pub legacy_district: &'a LegacyDistrict,
    pub legacy_province: &'a LegacyProvince,
    /// The 2025 commune the old one went into (for a split commune: the main part).
    pub commune: &'a Commune,
    pub province: &'a Province,
    /// True when the old commune was split among several 2025 communes.
    pub split: bool,
    /// For a split commune, the other 2025 communes that received a part of it.
    pub other_parts: Vec<&'a Commune>,
}

/// The pre-2025 units: provinces, districts and communes, each with lookups by code.
#[derive(Debug, Clone, Copy)]
pub struct LegacyUnits {
    tables: &'static LegacyTables,
}

impl LegacyUnits {
    /// The 63 pre-2025 provinces, by code.
    pub fn provinces(&self) -> &'static [LegacyProvince] {
        &self.tables.provinces
    }

    /// The pre-2025 districts, by code.
    pub fn districts(&self) -> &'static [LegacyDistrict] {
        &self.tables.districts
    }

    /// The pre-2025 communes, by code.
    pub fn communes(&self) -> &'static [LegacyCommune] {
        &self.tables.communes
    }

    /// A pre-2025 province by its (legacy) 2-digit code.
    pub fn province(&self, code: &str) -> Option<&'static LegacyProvince> {
        find(&self.tables.provinces, code, |p| p.code)
    }

    /// A pre-2025 district by its 3-digit code.
    pub fn district(&self, code: &str) -> Option<&'static LegacyDistrict> {
        find(&self.tables.districts, code, |d| d.code)
    }

    /// A pre-2025 commune by its 5-digit code.
    pub fn commune(&self, code: &str) -> Option<&'static LegacyCommune> {
        find(&self.tables.communes, code, |c| c.code)
    }
}

/// The administrative units of both schemes and the BHXH offices, searchable.
#[derive(Debug)]
pub struct Directory {
    units: UnitTables,
    /// Per 2025 province (same order as `units.provinces`): its communes, by name.
    communes_by_province: Vec<Vec<usize>>,
    province_keys: Vec<SearchKey>,
    commune_keys: Vec<SearchKey>,
    offices: OfficeData,
    office_keys: Vec<SearchKey>,
    /// Per office: its id as a search key ("79-tan-dinh" → "79 tan dinh").
    office_id_keys: Vec<String>,
    /// Per office: the index of its province (in `units.provinces` and `province_keys`).
    office_province_keys: Vec<usize>,
    /// 2025 commune code → offices serving it.
    offices_by_commune: HashMap<&'static str, Vec<usize>>,
}

static GLOBAL: OnceLock<Directory> = OnceLock::new();

/// Search keys of unit names, folding each type word ("Phường", "Tỉnh") only once.
struct UnitKeyMaker {
    type_keys: HashMap<&'static str, String>,
}

impl UnitKeyMaker {
    fn key(&mut self, name: &str, kind: &'static str, code: &'static str) -> SearchKey {
        let prefix = self
            .type_keys
            .entry(kind)
            .or_insert_with(|| search_key(kind));
        SearchKey::from_key(search_key(name), prefix, vec![code])
    }
}

impl Directory {
    /// The directory built from the embedded data, loaded on first use.
    pub fn global() -> &'static Directory {
        GLOBAL.get_or_init(|| {
            // The embedded files are checked by the tests of this module; a failure here
            // means a build with broken data files.
            Directory::load().expect("the embedded directory data is valid")
        })
    }

    /// Reads and indexes the embedded data (prefer [`Directory::global`]).
    pub fn load() -> Result<Directory, LoadError> {
        Self::with_offices(OfficeData::embedded()?)
    }

    /// The embedded units with another office list (e.g. a newer one fetched from the API).
    pub fn with_offices(offices: OfficeData) -> Result<Directory, LoadError> {
        let units = UnitTables::load()?;
        let mut maker = UnitKeyMaker {
            type_keys: HashMap::new(),
        };
        let province_keys: Vec<SearchKey> = units
            .provinces
            .iter()
            .map(|p| maker.key(p.name, p.kind, p.code))
            .collect();
        let commune_keys: Vec<SearchKey> = units
            .communes
            .iter()
            .map(|c| maker.key(c.name, c.kind, c.code))
            .collect();
        let mut communes_by_province = vec![Vec::new(); units.provinces.len()];
        for (index, commune) in units.communes.iter().enumerate() {
            let province = units
                .provinces
                .binary_search_by(|p| p.code.cmp(commune.province))
                .map_err(|_| DataError {
                    file: "communes-2025.tsv",
                    line: 0,
                    reason: "a commune names an unknown province",
                })?;
            communes_by_province[province].push(index);
        }
        for list in &mut communes_by_province {
            list.sort_by(|a, b| commune_keys[*a].full.cmp(&commune_keys[*b].full));
        }

        let mut office_keys = Vec::with_capacity(offices.offices.len());
        let mut office_province_keys = Vec::with_capacity(offices.offices.len());
        let mut offices_by_commune: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (index, office) in offices.offices.iter().enumerate() {
            let province = units
                .provinces
                .binary_search_by(|p| p.code.cmp(office.province.as_str()))
                .map_err(|_| {
                    LoadError::OfficeReference(format!("{}: unknown province", office.id))
                })?;
            office_province_keys.push(province);
            office_keys.push(office_key(&office.name));
            for code in &office.communes {
                let commune = find(&units.communes, code, |c| c.code).ok_or_else(|| {
                    LoadError::OfficeReference(format!("{}: unknown commune {code}", office.id))
                })?;
                offices_by_commune
                    .entry(commune.code)
                    .or_default()
                    .push(index);
            }
        }
        Ok(Directory {
            units,
            communes_by_province,
            province_keys,
            commune_keys,
            office_keys,
            office_id_keys: offices.offices.iter().map(|o| search_key(&o.id)).collect(),
            office_province_keys,
            offices_by_commune,
            offices,
        })
    }

    /// The 34 provinces (2025), by code.
    pub fn provinces(&self) -> &[Province] {
        &self.units.provinces
    }

    /// Every 2025 commune, by code.
    pub fn communes(&self) -> &[Commune] {
        &self.units.communes
    }

    /// A 2025 province by its 2-digit code.
    pub fn province(&self, code: &str) -> Result<&Province, DirectoryError> {
        find(&self.units.provinces, code.trim(), |p| p.code).ok_or_else(|| {
            DirectoryError::UnknownProvince(UnitCode::new(Scheme::Y2025, Level::Province, code))
        })
    }

    /// A 2025 commune by its 5-digit code.
    pub fn commune(&self, code: &str) -> Result<&Commune, DirectoryError> {
        find(&self.units.communes, code.trim(), |c| c.code).ok_or_else(|| {
            DirectoryError::UnknownCommune(UnitCode::new(Scheme::Y2025, Level::Commune, code))
        })
    }

    /// The communes of a 2025 province, in alphabetical order (diacritics ignored).
    pub fn communes_of(&self, province: &str) -> Result<Vec<&Commune>, DirectoryError> {
        let index = self
            .units
            .provinces
            .binary_search_by(|p| p.code.cmp(province.trim()))
            .map_err(|_| {
                DirectoryError::UnknownProvince(UnitCode::new(
                    Scheme::Y2025,
                    Level::Province,
                    province,
                ))
            })?;
        Ok(self.communes_by_province[index]
            .iter()
            .map(|i| &self.units.communes[*i])
            .collect())
    }

    /// Checks that both codes exist (2025 scheme) and that the commune is in the province.
    pub fn check_address(
        &self,
        province: &str,
        commune: &str,
    ) -> Result<(&Province, &Commune), DirectoryError> {
        let province = self.province(province)?;
        let commune = self.commune(commune)?;
        if commune.province != province.code {
            return Err(DirectoryError::CommuneNotInProvince {
                commune: UnitCode::new(Scheme::Y2025, Level::Commune, commune.code),
                province: UnitCode::new(Scheme::Y2025, Level::Province, province.code),
            });
        }
        Ok((province, commune))
    }

    /// The pre-2025 units (63 provinces, 696 districts, 10,035 communes), read on first use.
    pub fn legacy(&self) -> Result<LegacyUnits, DataError> {
        legacy_tables().map(|tables| LegacyUnits { tables })
    }

    /// Where a pre-2025 commune (5-digit code) went in the 2025 scheme.
    pub fn convert_legacy_commune(&self, code: &str) -> Result<Conversion<'_>, DirectoryError> {
        let unknown =
            || DirectoryError::UnknownCommune(UnitCode::new(Scheme::Legacy, Level::Commune, code));
        let legacy = self.legacy().map_err(|_| unknown())?;
        let legacy_commune = legacy.commune(code.trim()).ok_or_else(unknown)?;
        let legacy_district = legacy
            .district(legacy_commune.district)
            .ok_or_else(unknown)?;
        let legacy_province = legacy
            .province(legacy_district.province)
            .ok_or_else(unknown)?;
        let mut parts = legacy_commune
            .successor_codes()
            .filter_map(|c| find(&self.units.communes, c, |x| x.code));
        let commune = parts.next().ok_or_else(unknown)?;
        let other_parts: Vec<&Commune> = parts.collect();
        let province = self.province(commune.province)?;
        Ok(Conversion {
            legacy_commune,
            legacy_district,
            legacy_province,
            commune,
            province,
            split: !other_parts.is_empty(),
            other_parts,
        })
    }

    /// Provinces and communes (2025) matching `query`, at most `limit`, best first:
    /// exact name or code, then prefix, then word prefix, then inside a word; provinces
    /// before communes, then shorter names first.
    pub fn search_units(&self, query: &str, limit: usize) -> Vec<UnitHit<'_>> {
        let query = search_key(query);
        if query.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(MatchRank, u8, usize, usize)> = Vec::new();
        for (index, key) in self.province_keys.iter().enumerate() {
            if let Some(rank) = key.rank(&query) {
                hits.push((rank, 0, key.full.len() - key.short_start, index));
            }
        }
        for (index, key) in self.commune_keys.iter().enumerate() {
            if let Some(rank) = key.rank(&query) {
                hits.push((rank, 1, key.full.len() - key.short_start, index));
            }
        }
        best(hits, limit, |a, b| a.cmp(b))
            .into_iter()
            .filter_map(|(rank, level, _, index)| {
                if level == 0 {
                    let province = &self.units.provinces[index];
                    Some(UnitHit {
                        unit: UnitRef::Province(province),
                        province,
                        rank,
                    })
                } else {
                    let commune = &self.units.communes[index];
                    let province = find(&self.units.provinces, commune.province, |p| p.code)?;
                    Some(UnitHit {
                        unit: UnitRef::Commune(commune),
                        province,
                        rank,
                    })
                }
            })
            .collect()
    }
}

impl OfficeDirectory for Directory {
    fn office_state(&self, code: &str) -> OfficeState {
        match self.choosable_office(code) {
            Ok(_) => OfficeState::Open,
            Err(OfficeRefusal::Unknown(_)) => OfficeState::Unknown,
            Err(OfficeRefusal::Closed(closed)) => OfficeState::Closed(closed),
        }
    }
}

impl UnitDirectory for Directory {
    fn province_name(&self, province_code: &str) -> Option<String> {
        self.province(province_code)
            .ok()
            .map(|p| p.name.to_string())
    }

    fn commune_province(&self, commune_code: &str) -> Option<String> {
        self.commune(commune_code)
            .ok()
            .map(|c| c.province.to_string())
    }

    fn commune_name(&self, commune_code: &str) -> Option<String> {
        self.commune(commune_code).ok().map(|c| c.name.to_string())
    }
}

#[cfg(test)]
mod tests;
