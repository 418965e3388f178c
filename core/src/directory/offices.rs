//! BHXH offices (cơ quan BHXH): versioned data read from the embedded `offices.json`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The kind of a BHXH office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfficeKind {
    /// BHXH tỉnh / thành phố: one per 2025 province; code "0" + province code.
    Province,
    /// BHXH cơ sở: from 2025-07-01, serves a list of communes.
    Base,
    /// BHXH quận / huyện: the district offices before 2025-07-01.
    District,
}

/// One BHXH office. Every field a source does not give is `None` (or empty), never guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    /// Stable identifier: the official code when known ("079", "07901"), otherwise a slug of
    /// the 2025 province code and the name ("79-tan-dinh").
    pub id: String,
    /// Official agency code (mã cơ quan BHXH) when a source gives it.
    pub code: Option<String>,
    pub name: String,
    pub kind: OfficeKind,
    /// 2-digit code of the 2025 province the office belongs to.
    pub province: String,
    /// `id` of the office above it.
    pub parent: Option<String>,
    /// Name of the district-level office it replaced (for a BHXH cơ sở), as the source writes it.
    pub formerly: Option<String>,
    /// `id` of the office that replaced it (for a pre-2025 district office).
    pub successor: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// 5-digit codes of the 2025 communes it serves.
    #[serde(default)]
    pub communes: Vec<String>,
    /// First day in service (ISO date), when known.
    pub valid_from: Option<String>,
    /// Last day in service (ISO date), when known.
    pub valid_until: Option<String>,
    /// Keys of `OfficeData::sources` the facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// What the sources disagree on or leave open.
    pub notes: Option<String>,
}

impl Office {
    /// The label shown in pickers, e.g. "[079] BHXH TP. Hồ Chí Minh" or the bare name.
    pub fn label(&self) -> String {
        match &self.code {
            Some(code) => format!("[{code}] {}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Where office facts come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSource {
    pub title: String,
    /// Date of the document (ISO), when known.
    pub date: Option<String>,
    /// Where a copy was read.
    pub location: String,
    pub note: Option<String>,
}

/// The whole office file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeData {
    /// Data version; changes whenever any office changes (used as an ETag).
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    pub sources: BTreeMap<String, OfficeSource>,
    pub offices: Vec<Office>,
}

/// The embedded office file.
pub(crate) const OFFICES_JSON: &str = include_str!("../../data/offices.json");

impl OfficeData {
    /// Reads the embedded office file.
    pub fn embedded() -> Result<Self, serde_json::Error> {
        serde_json::from_str(OFFICES_JSON)
    }
}
