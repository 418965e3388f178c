//! Typed fields of the declaration: each value is built only through its parse function.

pub mod address;
pub mod bhxh_code;
pub mod email;
pub mod full_name;
pub mod person_id;
pub mod phone;
pub mod phone_rules;

pub use address::{Address, StreetAddress, StreetAddressError, UnitDirectory};
pub use bhxh_code::{BhxhCode, BhxhCodeError};
pub use email::{Email, EmailError};
pub use full_name::{FullName, FullNameError};
pub use person_id::{
    BirthRegistration, CccdFacts, PersonId, PersonIdError, PersonIdKind, PersonIdWarning, Sex,
};
pub use phone::{PhoneError, PhoneNumber};

use crate::lang::{localized, Lang, Localized};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every input of the registration, by a stable code shared by the app, the draft and the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldId {
    /// The consent to the privacy notice (both ticks); the API's field for a missing or stale
    /// consent.
    Consent,
    BhxhCode,
    FullName,
    PersonId,
    Province,
    Commune,
    Street,
    Phone,
    Portrait,
    IdFront,
    IdBack,
    Office,
    Email,
    /// The date of birth, asked only when the ID number cannot tell whether the person is
    /// under 16 (`crate::consent`).
    DateOfBirth,
    /// A parent's or guardian's name, relation and own tick, for a person under 16.
    GuardianName,
    GuardianRelation,
    GuardianConsent,
}

/// The fields an office may ask to be corrected: the declaration's and the three photos (the
/// office, the e-mail and the consent are not corrected, a new registration is made instead).
pub const CORRECTABLE_FIELDS: [FieldId; 10] = [
    FieldId::BhxhCode,
    FieldId::FullName,
    FieldId::PersonId,
    FieldId::Province,
    FieldId::Commune,
    FieldId::Street,
    FieldId::Phone,
    FieldId::Portrait,
    FieldId::IdFront,
    FieldId::IdBack,
];

/// Whether the office may ask for `field` to be corrected.
pub fn is_correctable(field: FieldId) -> bool {
    CORRECTABLE_FIELDS.contains(&field)
}

/// Whether `field` is one of the photos.
pub fn is_photo(field: FieldId) -> bool {
    matches!(
        field,
        FieldId::Portrait | FieldId::IdFront | FieldId::IdBack
    )
}

impl FieldId {
    /// All fields in screen order (the order errors are focused in).
    pub const ALL: [FieldId; 17] = [
        FieldId::Consent,
        FieldId::BhxhCode,
        FieldId::FullName,
        FieldId::PersonId,
        FieldId::DateOfBirth,
        FieldId::Province,
        FieldId::Commune,
        FieldId::Street,
        FieldId::Phone,
        FieldId::GuardianName,
        FieldId::GuardianRelation,
        FieldId::GuardianConsent,
        FieldId::Portrait,
        FieldId::IdFront,
        FieldId::IdBack,
        FieldId::Office,
        FieldId::Email,
    ];

    /// The stable code, e.g. `bhxh_code`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldId::Consent => "consent",
            FieldId::DateOfBirth => "date_of_birth",
            FieldId::GuardianName => "guardian_name",
            FieldId::GuardianRelation => "guardian_relation",
            FieldId::GuardianConsent => "guardian_consent",
            FieldId::BhxhCode => "bhxh_code",
            FieldId::FullName => "full_name",
            FieldId::PersonId => "person_id",
            FieldId::Province => "province",
            FieldId::Commune => "commune",
            FieldId::Street => "street",
            FieldId::Phone => "phone",
            FieldId::Portrait => "portrait",
            FieldId::IdFront => "id_front",
            FieldId::IdBack => "id_back",
            FieldId::Office => "office",
            FieldId::Email => "email",
        }
    }

    /// Reads a stable code back.
    pub fn parse(code: &str) -> Option<FieldId> {
        FieldId::ALL.into_iter().find(|f| f.as_str() == code)
    }

    /// A short name of the field, as the office console and a request for changes name it
    /// (the words of the app's form).
    pub fn label(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            FieldId::Consent => (
                "Đồng ý xử lý dữ liệu cá nhân",
                "Consent to the data processing",
            ),
            FieldId::BhxhCode => ("Mã BHXH", "BHXH code"),
            FieldId::FullName => ("Họ và tên", "Full name"),
            FieldId::PersonId => ("Số CCCD/Hộ chiếu/CMND", "ID card / passport number"),
            FieldId::DateOfBirth => ("Ngày sinh", "Date of birth"),
            FieldId::Province => ("Tỉnh - TP", "Province / city"),
            FieldId::Commune => ("Phường/Xã/Đặc khu", "Ward / commune / special zone"),
            FieldId::Street => ("Số nhà, tên đường", "House number and street"),
            FieldId::Phone => ("Số điện thoại", "Phone number"),
            FieldId::GuardianName => ("Người giám hộ", "Parent or guardian"),
            FieldId::GuardianRelation => ("Quan hệ với người giám hộ", "Relation to the guardian"),
            FieldId::GuardianConsent => ("Đồng ý của người giám hộ", "The guardian's consent"),
            FieldId::Portrait => ("Ảnh cá nhân (chân dung)", "Portrait photo"),
            FieldId::IdFront => ("Ảnh CCCD/CMND/HC mặt trước", "ID card / passport, front"),
            FieldId::IdBack => ("Ảnh CCCD/CMND/HC mặt sau", "ID card / passport, back"),
            FieldId::Office => ("Cơ quan BHXH tiếp nhận", "Receiving BHXH office"),
            FieldId::Email => ("Email", "E-mail"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// One field's error as data: its code and the message in both languages. This is what the
/// flow keeps, the draft stores and the API sends, so every side shows the same words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub code: String,
    pub vi: String,
    pub en: String,
}

impl FieldError {
    /// Captures a typed error.
    pub fn from_localized(error: &dyn Localized) -> FieldError {
        FieldError {
            code: error.code().to_string(),
            vi: error.message(Lang::Vi),
            en: error.message(Lang::En),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }
}

/// Errors of several fields at once, keyed by field, in screen order.
pub type FieldErrors = BTreeMap<FieldId, FieldError>;

/// The error every required field gives when left empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this field is required")]
pub struct Required;

/// What an empty required field says.
pub(crate) const REQUIRED_VI: &str = "Vui lòng nhập thông tin này";
pub(crate) const REQUIRED_EN: &str = "This field is required";

localized! {
    Required {
        Required => "required", vi ("{REQUIRED_VI}"), en ("{REQUIRED_EN}");
    }
}

/// Keeps only the characters people type as separators out of a number: spaces, dots, dashes.
pub(crate) fn strip_separators(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_codes_round_trip() {
        for f in FieldId::ALL {
            assert_eq!(FieldId::parse(f.as_str()), Some(f));
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.as_str()));
        }
        assert_eq!(FieldId::parse("nope"), None);
    }

    #[test]
    fn every_field_has_its_own_label_in_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for f in FieldId::ALL {
            for lang in [Lang::Vi, Lang::En] {
                assert!(seen.insert(f.label(lang)), "{} used twice", f.label(lang));
            }
        }
    }
}
