//! The offer to fill the declaration from an ID card's QR: for each field the card can give,
//! the card's value, what was typed, and whether filling it would change anything.
//!
//! Nothing is written here: [`QrOffer::apply`] fills only the rows a person chose, and the
//! rows where the card disagrees with a typed value start unticked
//! ([`QrOffer::default_fields`]).

use super::{CccdQrData, CccdScan, QrError};
use crate::declaration::DeclarationForm;
use crate::directory::{CardAddress, Directory};
use crate::fields::{FieldId, UnitDirectory};
use crate::lang::Lang;
use crate::text::{collapse_whitespace, nfc};
use serde::{Deserialize, Serialize};

/// What the offer keeps of a card: the facts the declaration asks for, and nothing else
/// (no birth date, sex or old ID number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardFacts {
    pub id_number: String,
    pub full_name: String,
    /// The permanent address, read against the directory.
    pub address: CardAddress,
}

impl CardFacts {
    /// The facts of a card, its address looked up (and converted) in `directory`.
    pub fn read(data: &CccdQrData, directory: &Directory) -> CardFacts {
        CardFacts {
            id_number: data.id_number.clone(),
            full_name: data.full_name.clone(),
            address: directory.read_card_address(&data.address),
        }
    }

    /// [`CardFacts::read`] of a scan.
    pub fn from_scan(scan: &CccdScan, directory: &Directory) -> CardFacts {
        CardFacts::read(&scan.data, directory)
    }

    /// Reads the card's QR in a photo (JPEG or PNG bytes), then its facts.
    pub fn from_photo(bytes: &[u8], directory: &Directory) -> Result<CardFacts, QrError> {
        super::read_cccd(bytes).map(|scan| CardFacts::from_scan(&scan, directory))
    }
}

/// How a card value compares with what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Nothing typed yet: the card's value fills it.
    WillFill,
    /// The typed value already says the same.
    Same,
    /// The typed value says something else: flagged, unticked unless the person ticks it.
    Differs,
}

/// One field the card can fill.
///
/// `field` is [`FieldId::Province`] for the administrative units: the row fills the province
/// and, when the card's commune was found, the commune with it (a commune only makes sense
/// in its province).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferRow {
    pub field: FieldId,
    /// The card's value as shown ("Phường Tân Định, Thành phố Hồ Chí Minh" for the units).
    pub card: String,
    /// The typed value as shown; empty when nothing was typed.
    pub typed: String,
    pub status: RowStatus,
}

/// The offer made from a card against the form as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QrOffer {
    /// Rows in form order; only the fields the card gives.
    pub rows: Vec<OfferRow>,
    /// The address reading (for the conversion note).
    pub address: CardAddress,
}

/// Names compare without case or spacing differences ("NGUYỄN VĂN A" is "Nguyễn Văn A"),
/// but with their diacritics.
fn same_name(a: &str, b: &str) -> bool {
    collapse_whitespace(&nfc(a)).to_lowercase() == collapse_whitespace(&nfc(b)).to_lowercase()
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn status(typed_empty: bool, same: bool) -> RowStatus {
    if same {
        RowStatus::Same
    } else if typed_empty {
        RowStatus::WillFill
    } else {
        RowStatus::Differs
    }
}

/// "Phường X, Thành phố Y" of the typed codes, or the codes themselves when unknown.
fn typed_units(form: &DeclarationForm, units: &dyn UnitDirectory) -> String {
    let province = units
        .province_name(&form.province)
        .unwrap_or_else(|| form.province.clone());
    let commune = units
        .commune_name(&form.commune)
        .unwrap_or_else(|| form.commune.clone());
    [commune, province]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

impl QrOffer {
    /// Compares `card` with `form`; `units` names the typed province and commune.
    pub fn new(card: &CardFacts, form: &DeclarationForm, units: &dyn UnitDirectory) -> QrOffer {
        let mut rows = Vec::new();
        if !card.full_name.trim().is_empty() {
            rows.push(OfferRow {
                field: FieldId::FullName,
                card: card.full_name.clone(),
                typed: form.full_name.clone(),
                status: status(
                    form.full_name.trim().is_empty(),
                    same_name(&card.full_name, &form.full_name),
                ),
            });
        }
        if !card.id_number.is_empty() {
            rows.push(OfferRow {
                field: FieldId::PersonId,
                card: card.id_number.clone(),
                typed: form.person_id.clone(),
                status: status(
                    form.person_id.trim().is_empty(),
                    digits(&form.person_id) == card.id_number,
                ),
            });
        }
        let address = &card.address;
        if let Some(province) = &address.province {
            let card_units = [&address.commune, &address.province]
                .into_iter()
                .flatten()
                .map(|u| u.name.clone())
                .collect::<Vec<_>>()
                .join(", ");
            let same = form.province == province.code
                && address
                    .commune
                    .as_ref()
                    .is_none_or(|c| form.commune == c.code);
            // Only the commune missing in the card's own province: filling adds, changes nothing.
            let empty = form.province.trim().is_empty()
                || (form.province == province.code && form.commune.trim().is_empty());
            rows.push(OfferRow {
                field: FieldId::Province,
                card: card_units,
                typed: typed_units(form, units),
                status: status(empty, same),
            });
        }
        if !address.street.trim().is_empty() {
            let same = crate::directory::search_key(&address.street)
                == crate::directory::search_key(&form.street);
            rows.push(OfferRow {
                field: FieldId::Street,
                card: address.street.clone(),
                typed: form.street.clone(),
                status: status(form.street.trim().is_empty(), same),
            });
        }
        QrOffer {
            rows,
            address: address.clone(),
        }
    }

    /// Whether filling would change anything at all.
    pub fn has_changes(&self) -> bool {
        self.rows.iter().any(|r| r.status != RowStatus::Same)
    }

    /// The rows ticked at first: those that only fill empty fields. Disagreements wait for
    /// the person to tick them.
    pub fn default_fields(&self) -> Vec<FieldId> {
        self.rows
            .iter()
            .filter(|r| r.status == RowStatus::WillFill)
            .map(|r| r.field)
            .collect()
    }

    /// The conversion note for the address, if any (see [`CardAddress::note`]).
    pub fn address_note(&self, lang: Lang) -> Option<String> {
        self.address.note(lang)
    }

    /// Writes the card's values of the rows in `chosen` (and of no other row) into `form`;
    /// answers the fields whose value changed.
    pub fn apply(
        &self,
        card: &CardFacts,
        chosen: &[FieldId],
        form: &mut DeclarationForm,
    ) -> Vec<FieldId> {
        let mut changed = Vec::new();
        for row in &self.rows {
            if row.status == RowStatus::Same || !chosen.contains(&row.field) {
                continue;
            }
            match row.field {
                FieldId::FullName => {
                    form.full_name = card.full_name.clone();
                    changed.push(FieldId::FullName);
                }
                FieldId::PersonId => {
                    form.person_id = card.id_number.clone();
                    changed.push(FieldId::PersonId);
                }
                FieldId::Province => {
                    if let Some(province) = &card.address.province {
                        if form.province != province.code {
                            form.set(FieldId::Province, province.code.clone());
                            changed.push(FieldId::Province);
                        }
                        if let Some(commune) = &card.address.commune {
                            if form.commune != commune.code {
                                form.set(FieldId::Commune, commune.code.clone());
                                changed.push(FieldId::Commune);
                            } else if changed.contains(&FieldId::Province) {
                                changed.push(FieldId::Commune);
                            }
                        } else if changed.contains(&FieldId::Province) {
                            // The commune typed belonged to the former province: cleared.
                            changed.push(FieldId::Commune);
                        }
                    }
                }
                FieldId::Street => {
                    form.street = card.address.street.clone();
                    changed.push(FieldId::Street);
                }
                _ => {}
            }
        }
        changed
    }
}

/// Test data shared by the tests of the crate.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::CardFacts;
    use crate::directory::{AddressMatch, CardAddress, NamedUnit};

    /// The card of a test person (Nguyễn Thị Ánh, Phường Tân Định), address already in 2025
    /// units: the flow tests and the offer tests share it.
    pub(crate) fn card() -> CardFacts {
        CardFacts {
            id_number: "079303001234".into(),
            full_name: "NGUYỄN THỊ ÁNH".into(),
            address: CardAddress {
                printed: "12 Lý Văn Phức, Phường Tân Định, Quận 1, TP. Hồ Chí Minh".into(),
                street: "12 Lý Văn Phức".into(),
                province: Some(NamedUnit {
                    code: "79".into(),
                    name: "Thành phố Hồ Chí Minh".into(),
                }),
                commune: Some(NamedUnit {
                    code: "26737".into(),
                    name: "Phường Tân Định".into(),
                }),
                matched: AddressMatch::Exact,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::fixtures::TinyUnits;

    fn card() -> CardFacts {
        super::fixtures::card()
    }

    fn statuses(offer: &QrOffer) -> Vec<(FieldId, RowStatus)> {
        offer.rows.iter().map(|r| (r.field, r.status)).collect()
    }

    #[test]
    fn an_empty_form_is_offered_every_field_ticked() {
        let offer = QrOffer::new(&card(), &DeclarationForm::default(), &TinyUnits);
        use RowStatus::*;
        assert_eq!(
            statuses(&offer),
            [
                (FieldId::FullName, WillFill),
                (FieldId::PersonId, WillFill),
                (FieldId::Province, WillFill),
                (FieldId::Street, WillFill)
            ]
        );
        assert_eq!(offer.rows[2].card, "Phường Tân Định, Thành phố Hồ Chí Minh");
        assert_eq!(offer.default_fields().len(), 4);
        let mut form = DeclarationForm::default();
        let changed = offer.apply(&card(), &offer.default_fields(), &mut form);
        assert_eq!(changed.len(), 5);
        assert_eq!(
            (
                form.province.as_str(),
                form.commune.as_str(),
                form.street.as_str()
            ),
            ("79", "26737", "12 Lý Văn Phức")
        );
        assert_eq!(form.full_name, "NGUYỄN THỊ ÁNH");
    }

    #[test]
    fn typed_values_that_agree_are_same_and_those_that_do_not_are_flagged_and_unticked() {
        let form = DeclarationForm {
            full_name: "Nguyễn  thị Ánh".into(),
            person_id: "079303009999".into(),
            province: "79".into(),
            street: "12 ly van phuc".into(),
            ..Default::default()
        };
        let offer = QrOffer::new(&card(), &form, &TinyUnits);
        use RowStatus::*;
        assert_eq!(
            statuses(&offer),
            [
                (FieldId::FullName, Same),
                (FieldId::PersonId, Differs),
                (FieldId::Province, WillFill),
                (FieldId::Street, Same)
            ]
        );
        assert_eq!(offer.rows[1].typed, "079303009999");
        assert_eq!(offer.default_fields(), [FieldId::Province]);
        let mut filled = form.clone();
        offer.apply(&card(), &offer.default_fields(), &mut filled);
        assert_eq!(
            filled.person_id, "079303009999",
            "a disagreement was overwritten"
        );
        assert_eq!(
            filled.full_name, form.full_name,
            "a same value was rewritten"
        );
        assert_eq!(filled.commune, "26737");
    }

    #[test]
    fn a_differing_province_shows_the_typed_names_and_fills_both_units_when_chosen() {
        let form = DeclarationForm {
            province: "01".into(),
            commune: "00004".into(),
            ..Default::default()
        };
        let offer = QrOffer::new(&card(), &form, &TinyUnits);
        let row = offer
            .rows
            .iter()
            .find(|r| r.field == FieldId::Province)
            .unwrap();
        assert_eq!(row.status, RowStatus::Differs);
        assert!(row.typed.contains("Hà Nội"), "{}", row.typed);
        let mut filled = form.clone();
        assert!(offer.apply(&card(), &[], &mut filled).is_empty());
        assert_eq!(filled, form);
        let changed = offer.apply(&card(), &[FieldId::Province], &mut filled);
        assert_eq!(changed, [FieldId::Province, FieldId::Commune]);
        assert_eq!(
            (filled.province.as_str(), filled.commune.as_str()),
            ("79", "26737")
        );
    }

    #[test]
    fn a_card_whose_address_was_not_read_offers_only_name_and_number() {
        let mut card = card();
        card.address = Directory::global().read_card_address("Ấp Không Có, Tỉnh Không Có");
        let offer = QrOffer::new(&card, &DeclarationForm::default(), &TinyUnits);
        assert_eq!(
            offer.rows.iter().map(|r| r.field).collect::<Vec<_>>(),
            [FieldId::FullName, FieldId::PersonId]
        );
        assert!(offer.address_note(Lang::Vi).is_some());
        assert!(offer.has_changes());
    }
}
