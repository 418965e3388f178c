//! The directory's offices: lookups by code or id, labels as the official picker shows them,
//! whether one can be chosen, search by name or code, and suggestions for an address.

use super::search::{best, search_key, starts_a_word, MatchRank, SearchKey};
use super::{ClosedOffice, Directory, DirectoryError, Office, OfficeData, OfficeKind};
use crate::lang::{Lang, Localized};
use serde::Serialize;

/// Why an office cannot be named by a registration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfficeRefusal {
    #[error(transparent)]
    Unknown(DirectoryError),
    #[error("{0}")]
    Closed(ClosedOffice),
}

impl Localized for OfficeRefusal {
    fn code(&self) -> &'static str {
        match self {
            OfficeRefusal::Unknown(error) => error.code(),
            OfficeRefusal::Closed(closed) => closed.code(),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            OfficeRefusal::Unknown(error) => error.message(lang),
            OfficeRefusal::Closed(closed) => closed.message(lang),
        }
    }
}

/// One result of [`Directory::search_offices`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OfficeHit<'a> {
    pub office: &'a Office,
    pub rank: MatchRank,
}

/// Why an office is suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionReason {
    /// The office serves the chosen commune.
    ServesCommune,
    /// The BHXH office of the chosen province.
    ProvinceOffice,
}

/// One result of [`Directory::suggest_offices`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Suggestion<'a> {
    pub office: &'a Office,
    pub reason: SuggestionReason,
}

/// Office-name words that do not tell offices apart (as search keys).
const OFFICE_PREFIXES: [&str; 6] = [
    "bhxh co so",
    "bhxh tp",
    "bhxh tinh",
    "bhxh thanh pho",
    "bao hiem xa hoi",
    "bhxh",
];

/// The search key of an office name, with its generic leading words marked as the type.
pub(super) fn office_key(name: &str) -> SearchKey {
    let key = search_key(name);
    let prefix = OFFICE_PREFIXES
        .iter()
        .find(|p| key.starts_with(*p) && key.as_bytes().get(p.len()) == Some(&b' '))
        .copied()
        .unwrap_or("");
    SearchKey::from_key(key, prefix, Vec::new())
}

impl Directory {
    /// Every office, in data order.
    pub fn offices(&self) -> &[Office] {
        &self.offices.offices
    }

    /// The office data (version, sources, offices), e.g. to serve `GET /v1/offices`.
    pub fn office_data(&self) -> &OfficeData {
        &self.offices
    }

    /// The office data version (changes whenever an office changes; usable as an ETag).
    pub fn offices_version(&self) -> &str {
        &self.offices.version
    }

    /// An office by its official code ("079", "07901") or its id ("79-tan-dinh").
    pub fn office(&self, code_or_id: &str) -> Result<&Office, DirectoryError> {
        let wanted = code_or_id
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']');
        self.offices
            .offices
            .iter()
            .find(|o| o.code.as_deref() == Some(wanted))
            .or_else(|| self.offices.offices.iter().find(|o| o.id == wanted))
            .ok_or_else(|| DirectoryError::UnknownOffice(code_or_id.to_string()))
    }

    /// The label of an office as the official picker shows it: a BHXH cơ sở after its
    /// provincial office, "(001) BHXH TP. Hà Nội - BHXH cơ sở Đống Đa", so two similar names
    /// cannot be confused; other offices "[079] BHXH TP. Hồ Chí Minh". A code no source
    /// confirms is left out of the label (the name alone).
    pub fn label(&self, office: &Office) -> String {
        let parent = office
            .parent
            .as_deref()
            .filter(|_| office.kind == OfficeKind::Base)
            .and_then(|parent| self.office(parent).ok());
        match parent {
            Some(parent) => match parent.confirmed_code() {
                Some(code) => format!("({code}) {} - {}", parent.name, office.name),
                None => format!("{} - {}", parent.name, office.name),
            },
            None => office.label(),
        }
    }

    /// The office a registration may name: it exists and is open. A closed office is
    /// refused with its successors, so the person can choose one of them.
    pub fn choosable_office(&self, code_or_id: &str) -> Result<&Office, OfficeRefusal> {
        let office = self.office(code_or_id).map_err(OfficeRefusal::Unknown)?;
        if office.closed {
            let successors = office
                .successors
                .iter()
                .map(|id| {
                    self.office(id)
                        .map(|o| self.label(o))
                        .unwrap_or_else(|_| id.clone())
                })
                .collect();
            return Err(OfficeRefusal::Closed(ClosedOffice {
                name: office.label(),
                closed_from: office.closed_from(),
                successors,
            }));
        }
        Ok(office)
    }

    /// Offices matching `query` by name, code or id (or, ranked last, by province name), at
    /// most `limit`, best first; provincial offices before BHXH cơ sở before former offices,
    /// then by name.
    pub fn search_offices(&self, query: &str, limit: usize) -> Vec<OfficeHit<'_>> {
        let query = search_key(query.trim().trim_start_matches('[').trim_end_matches(']'));
        if query.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(MatchRank, OfficeKind, usize)> = Vec::new();
        for (index, (office, key)) in self
            .offices
            .offices
            .iter()
            .zip(&self.office_keys)
            .enumerate()
        {
            let by_code = office.code.as_deref().and_then(|code| {
                if code == query {
                    Some(MatchRank::Exact)
                } else {
                    code.starts_with(&query).then_some(MatchRank::Prefix)
                }
            });
            let by_id = (self.office_id_keys[index] == query).then_some(MatchRank::Exact);
            let by_province = || {
                let province = &self.province_keys[self.office_province_keys[index]];
                let short = &province.full[province.short_start..];
                (short == query || starts_a_word(short, &query)).then_some(MatchRank::Province)
            };
            let rank = [by_code, by_id, key.rank(&query)]
                .into_iter()
                .flatten()
                .min()
                .or_else(by_province);
            if let Some(rank) = rank {
                hits.push((rank, office.kind, index));
            }
        }
        let keys = &self.office_keys;
        best(hits, limit, |a, b| {
            (a.0, a.1, &keys[a.2].full).cmp(&(b.0, b.1, &keys[b.2].full))
        })
        .into_iter()
        .map(|(rank, _, index)| OfficeHit {
            office: &self.offices.offices[index],
            rank,
        })
        .collect()
    }

    /// The offices to suggest for an address (2025 codes): those serving the commune, then
    /// the province office. A closed office is never suggested.
    pub fn suggest_offices(
        &self,
        province: &str,
        commune: Option<&str>,
    ) -> Result<Vec<Suggestion<'_>>, DirectoryError> {
        let province = match commune {
            Some(commune) => self.check_address(province, commune)?.0,
            None => self.province(province)?,
        };
        let serving: Vec<usize> = commune
            .and_then(|c| self.offices_by_commune.get(c.trim()))
            .cloned()
            .unwrap_or_default();
        let mut suggestions: Vec<Suggestion<'_>> = serving
            .iter()
            .filter(|i| !self.offices.offices[**i].closed)
            .map(|i| Suggestion {
                office: &self.offices.offices[*i],
                reason: SuggestionReason::ServesCommune,
            })
            .collect();
        suggestions.extend(
            self.offices
                .offices
                .iter()
                .filter(|o| {
                    o.kind == OfficeKind::Province && o.province == province.code && !o.closed
                })
                .map(|office| Suggestion {
                    office,
                    reason: SuggestionReason::ProvinceOffice,
                }),
        );
        Ok(suggestions)
    }
}
