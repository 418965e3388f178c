//! BHXH offices (cơ quan BHXH): versioned data read from the embedded `offices.json`.

use crate::lang::{Lang, Localized};
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
    /// Agency code (mã cơ quan BHXH), when a source gives it or a pattern suggests it.
    pub code: Option<String>,
    /// Whether a source gives `code` for this office (false: the code only follows the
    /// pattern "0" + province code and must not be shown as if it were official).
    #[serde(default)]
    pub code_confirmed: bool,
    pub name: String,
    pub kind: OfficeKind,
    /// 2-digit code of the 2025 province the office belongs to.
    pub province: String,
    /// `id` of the office above it.
    pub parent: Option<String>,
    /// Name of the district-level office it replaced (for a BHXH cơ sở), as the source writes it.
    pub formerly: Option<String>,
    /// `id`s of the offices that replaced it (for a closed office).
    #[serde(default)]
    pub successors: Vec<String>,
    pub address: Option<String>,
    /// Where `address` comes from and whether it is still current.
    #[serde(default)]
    pub address_from: Option<Attribution>,
    pub phone: Option<String>,
    /// Where `phone` comes from and whether it is still current.
    #[serde(default)]
    pub phone_from: Option<Attribution>,
    /// 5-digit codes of the 2025 communes it serves.
    #[serde(default)]
    pub communes: Vec<String>,
    /// First day in service (ISO date), when known.
    pub valid_from: Option<String>,
    /// Last day in service (ISO date), when known.
    pub valid_until: Option<String>,
    /// The office no longer exists (dissolved or merged; `valid_until` is its last day and
    /// `successors` the offices that took over). A closed office is never suggested nor
    /// accepted; a search for its old code or name shows it as closed.
    #[serde(default)]
    pub closed: bool,
    /// Keys of `OfficeData::sources` the facts come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// What the sources disagree on or leave open.
    pub notes: Option<String>,
}

impl Office {
    /// The label shown in lists: "[079] BHXH TP. Hồ Chí Minh" when the code is confirmed,
    /// the bare name otherwise. (For a BHXH cơ sở, prefer [`crate::directory::Directory::label`],
    /// which puts the provincial office first as the official picker does.)
    pub fn label(&self) -> String {
        match self.confirmed_code() {
            Some(code) => format!("[{code}] {}", self.name),
            None => self.name.clone(),
        }
    }

    /// The agency code when a source confirms it.
    pub fn confirmed_code(&self) -> Option<&str> {
        self.code.as_deref().filter(|_| self.code_confirmed)
    }

    /// The first day the office no longer served, as people read it ("01/7/2025"), for a
    /// closed office whose last day is known.
    pub fn closed_from(&self) -> Option<String> {
        let until = self.valid_until.as_deref().filter(|_| self.closed)?;
        day_after(until)
    }
}

/// Where an office code stands for a registration that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfficeState {
    /// No office has this code.
    Unknown,
    /// An office that receives registrations.
    Open,
    /// An office that no longer exists: it is refused, naming the offices that took over.
    Closed(ClosedOffice),
}

/// The offices a registration may name, as the one validation of a registration asks about
/// them ([`crate::api::RegistrationRequest::validate`]): implemented by the app's directory
/// ([`crate::directory::Directory`], through the flow's context) and by the service's
/// published list ([`crate::api::OfficeList`]), so both refuse an office with the same error.
pub trait OfficeDirectory {
    /// Whether `code` (trimmed, not empty) names an open office, a closed one, or none.
    fn office_state(&self, code: &str) -> OfficeState;
}

/// A registration named an office that no longer exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("the office {name} is closed")]
pub struct ClosedOffice {
    /// The closed office's label, e.g. "[07901] BHXH Quận 1".
    pub name: String,
    /// The first day it no longer served ("01/7/2025"), when known.
    pub closed_from: Option<String>,
    /// Labels of the offices that took over.
    pub successors: Vec<String>,
}

impl Localized for ClosedOffice {
    fn code(&self) -> &'static str {
        "office_closed"
    }

    fn message(&self, lang: Lang) -> String {
        let since = |word: &str| {
            self.closed_from
                .as_ref()
                .map(|date| format!(" {word} {date}"))
                .unwrap_or_default()
        };
        match lang {
            Lang::Vi => {
                let now = match self.successors.as_slice() {
                    [] => String::new(),
                    names => format!("; nay là {}", names.join(" hoặc ")),
                };
                format!(
                    "{} đã giải thể{}{now}. Vui lòng chọn cơ quan BHXH đang hoạt động.",
                    self.name,
                    since("từ")
                )
            }
            Lang::En => {
                let now = match self.successors.as_slice() {
                    [] => String::new(),
                    names => format!("; it is now {}", names.join(" or ")),
                };
                format!(
                    "{} was dissolved{}{now}. Please choose an office that is open.",
                    self.name,
                    since("on")
                )
            }
        }
    }
}

/// Where a fact (an address, a phone number) comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// Key of `OfficeData::sources`.
    pub source: String,
    /// Date of the source (ISO), when known.
    pub date: Option<String>,
    /// False when only an old value is known (e.g. a phone from before the 2025 merger).
    pub current: bool,
}

/// The day after the ISO date `last_day` as people read it: "2025-06-30" → "01/7/2025".
pub fn day_after(last_day: &str) -> Option<String> {
    let (year, month, day) = chrono_free::next_day(last_day)?;
    Some(format!("{day:02}/{month}/{year}"))
}

/// Calendar arithmetic on ISO dates without a date library.
mod chrono_free {
    /// The day after `iso` ("2025-06-30" → (2025, 7, 1)).
    pub fn next_day(iso: &str) -> Option<(u32, u32, u32)> {
        let mut parts = iso.split('-').map(|p| p.parse::<u32>().ok());
        let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if day == 0 || day > days {
            return None;
        }
        Some(match (day == days, month == 12) {
            (false, _) => (year, month, day + 1),
            (true, false) => (year, month + 1, 1),
            (true, true) => (year + 1, 1, 1),
        })
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
