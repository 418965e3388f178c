//! Administrative units: the 2025 scheme (province → commune) and the legacy scheme
//! (province → district → commune), read from the embedded tab-separated files.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which numbering a code belongs to. The 2025 reform reused old province codes for other
/// provinces (15 was Yên Bái, is now Lào Cai), so a bare code is ambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Scheme {
    /// Before 2025-07-01: 63 provinces, districts, communes.
    #[serde(rename = "legacy")]
    Legacy,
    /// From 2025-07-01: 34 provinces and their communes, no district level.
    #[serde(rename = "2025")]
    Y2025,
}

/// The level of an administrative unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Tỉnh / thành phố trực thuộc trung ương (2 digits).
    Province,
    /// Quận / huyện / thị xã / thành phố thuộc tỉnh (3 digits; legacy scheme only).
    District,
    /// Xã / phường / thị trấn / đặc khu (5 digits).
    Commune,
}

/// A unit code together with its scheme and level, e.g. `2025 commune 26734`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UnitCode {
    pub scheme: Scheme,
    pub level: Level,
    pub code: String,
}

impl UnitCode {
    pub fn new(scheme: Scheme, level: Level, code: &str) -> Self {
        Self {
            scheme,
            level,
            code: code.to_string(),
        }
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.scheme {
            Scheme::Legacy => "legacy",
            Scheme::Y2025 => "2025",
        };
        let level = match self.level {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
        };
        write!(f, "{} ({scheme} {level})", self.code)
    }
}

/// A 2025 province (tỉnh / thành phố).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Province {
    /// Always `Scheme::Y2025`: says which numbering `code` belongs to.
    pub scheme: Scheme,
    /// 2-digit code in the 2025 scheme.
    pub code: &'static str,
    /// "Tỉnh" or "Thành phố".
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Full name, e.g. "Thành phố Hồ Chí Minh".
    pub name: &'static str,
}

impl Province {
    /// The code with its scheme and level.
    pub fn unit_code(&self) -> UnitCode {
        UnitCode::new(self.scheme, Level::Province, self.code)
    }
}

/// A 2025 commune-level unit (xã / phường / đặc khu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commune {
    /// Always `Scheme::Y2025`: says which numbering `code` belongs to.
    pub scheme: Scheme,
    /// 5-digit code in the 2025 scheme.
    pub code: &'static str,
    /// 2-digit code of its 2025 province.
    pub province: &'static str,
    /// "Xã", "Phường" or "Đặc khu".
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Full name, e.g. "Phường Sài Gòn".
    pub name: &'static str,
}

impl Commune {
    /// The code with its scheme and level.
    pub fn unit_code(&self) -> UnitCode {
        UnitCode::new(self.scheme, Level::Commune, self.code)
    }
}

/// A pre-2025 province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegacyProvince {
    /// Always `Scheme::Legacy`: says which numbering `code` belongs to.
    pub scheme: Scheme,
    pub code: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: &'static str,
}

impl LegacyProvince {
    /// The code with its scheme and level.
    pub fn unit_code(&self) -> UnitCode {
        UnitCode::new(self.scheme, Level::Province, self.code)
    }
}

/// A pre-2025 district (quận / huyện / thị xã / thành phố thuộc tỉnh).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegacyDistrict {
    /// Always `Scheme::Legacy`: says which numbering `code` belongs to.
    pub scheme: Scheme,
    pub code: &'static str,
    /// 2-digit code of its legacy province.
    pub province: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: &'static str,
    /// For the island districts that had no communes: the 2025 unit (đặc khu) replacing it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<&'static str>,
}

impl LegacyDistrict {
    /// The code with its scheme and level.
    pub fn unit_code(&self) -> UnitCode {
        UnitCode::new(self.scheme, Level::District, self.code)
    }
}

/// A pre-2025 commune (xã / phường / thị trấn).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegacyCommune {
    /// Always `Scheme::Legacy`: says which numbering `code` belongs to.
    pub scheme: Scheme,
    pub code: &'static str,
    /// 3-digit code of its legacy district.
    pub district: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: &'static str,
    /// Comma-separated 2025 commune codes it went into; the default one first.
    #[serde(skip)]
    pub(crate) successors: &'static str,
}

impl LegacyCommune {
    /// The code with its scheme and level.
    pub fn unit_code(&self) -> UnitCode {
        UnitCode::new(self.scheme, Level::Commune, self.code)
    }
}

impl LegacyCommune {
    /// The 2025 communes this commune went into, the default (main) one first.
    pub fn successor_codes(&self) -> impl Iterator<Item = &'static str> {
        self.successors.split(',').filter(|c| !c.is_empty())
    }
}

/// The embedded unit files were not as expected (only possible if they were edited by hand).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, line {line}: {reason}")]
pub struct DataError {
    pub file: &'static str,
    pub line: usize,
    pub reason: &'static str,
}

/// The embedded files, in the order the loader reads them.
pub(crate) mod files {
    pub const PROVINCES_2025: &str = include_str!("../../data/units/provinces-2025.tsv");
    pub const COMMUNES_2025: &str = include_str!("../../data/units/communes-2025.tsv");
    pub const PROVINCES_LEGACY: &str = include_str!("../../data/units/provinces-legacy.tsv");
    pub const DISTRICTS_LEGACY: &str = include_str!("../../data/units/districts-legacy.tsv");
    pub const COMMUNES_LEGACY: &str = include_str!("../../data/units/communes-legacy.tsv");
}

/// Splits a tab-separated file into rows of exactly `N` fields (missing trailing fields are
/// empty), skipping the `#` header; fails on a row with too many fields or an empty code.
fn rows<const N: usize>(
    file: &'static str,
    text: &'static str,
) -> impl Iterator<Item = Result<[&'static str; N], DataError>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.is_empty())
        .map(move |(index, line)| {
            let mut fields = [""; N];
            let mut parts = line.split('\t');
            for field in fields.iter_mut() {
                *field = parts.next().unwrap_or("");
            }
            let error = |reason| DataError {
                file,
                line: index + 1,
                reason,
            };
            if parts.next().is_some() {
                return Err(error("too many fields"));
            }
            if fields[0].is_empty() || !fields[0].bytes().all(|b| b.is_ascii_digit()) {
                return Err(error("the code is not made of digits"));
            }
            Ok(fields)
        })
}

/// The 2025 units, each list sorted by code.
#[derive(Debug)]
pub(crate) struct UnitTables {
    pub provinces: Vec<Province>,
    pub communes: Vec<Commune>,
}

/// The pre-2025 units with their 2025 successors, each list sorted by code.
#[derive(Debug)]
pub(crate) struct LegacyTables {
    pub provinces: Vec<LegacyProvince>,
    pub districts: Vec<LegacyDistrict>,
    pub communes: Vec<LegacyCommune>,
}

fn sorted_by_code<T>(
    mut items: Vec<T>,
    code: impl Fn(&T) -> &'static str,
    file: &'static str,
) -> Result<Vec<T>, DataError> {
    items.sort_by_key(|item| code(item));
    if items
        .windows(2)
        .any(|pair| code(&pair[0]) == code(&pair[1]))
    {
        return Err(DataError {
            file,
            line: 0,
            reason: "a code appears twice",
        });
    }
    Ok(items)
}

impl UnitTables {
    /// Reads the embedded 2025 files.
    pub fn load() -> Result<Self, DataError> {
        use files::*;
        let provinces = rows::<3>("provinces-2025.tsv", PROVINCES_2025)
            .map(|r| {
                r.map(|[code, kind, name]| Province {
                    scheme: Scheme::Y2025,
                    code,
                    kind,
                    name,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let communes = rows::<4>("communes-2025.tsv", COMMUNES_2025)
            .map(|r| {
                r.map(|[code, province, kind, name]| Commune {
                    scheme: Scheme::Y2025,
                    code,
                    province,
                    kind,
                    name,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            provinces: sorted_by_code(provinces, |p| p.code, "provinces-2025.tsv")?,
            communes: sorted_by_code(communes, |c| c.code, "communes-2025.tsv")?,
        })
    }
}

impl LegacyTables {
    /// Reads the embedded legacy files.
    pub fn load() -> Result<Self, DataError> {
        use files::*;
        let provinces = rows::<3>("provinces-legacy.tsv", PROVINCES_LEGACY)
            .map(|r| {
                r.map(|[code, kind, name]| LegacyProvince {
                    scheme: Scheme::Legacy,
                    code,
                    kind,
                    name,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let districts = rows::<5>("districts-legacy.tsv", DISTRICTS_LEGACY)
            .map(|r| {
                r.map(|[code, province, kind, name, successor]| LegacyDistrict {
                    scheme: Scheme::Legacy,
                    code,
                    province,
                    kind,
                    name,
                    successor: (!successor.is_empty()).then_some(successor),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let communes = rows::<5>("communes-legacy.tsv", COMMUNES_LEGACY)
            .map(|r| {
                r.map(|[code, district, kind, name, successors]| LegacyCommune {
                    scheme: Scheme::Legacy,
                    code,
                    district,
                    kind,
                    name,
                    successors,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            provinces: sorted_by_code(provinces, |p| p.code, "provinces-legacy.tsv")?,
            districts: sorted_by_code(districts, |d| d.code, "districts-legacy.tsv")?,
            communes: sorted_by_code(communes, |c| c.code, "communes-legacy.tsv")?,
        })
    }
}

/// Finds the item with `code` in a list sorted by code.
pub(crate) fn find<'a, T>(
    items: &'a [T],
    code: &str,
    key: impl Fn(&T) -> &'static str,
) -> Option<&'a T> {
    items
        .binary_search_by(|item| key(item).cmp(code))
        .ok()
        .map(|index| &items[index])
}
