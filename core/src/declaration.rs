//! The declaration (tờ khai): what a person types, and its validated form.

use crate::fields::{
    Address, BhxhCode, FieldError, FieldErrors, FieldId, FullName, PersonId, PhoneNumber, Required,
    StreetAddress, UnitDirectory,
};
use crate::lang::{Lang, Localized};
use serde::{Deserialize, Serialize};

/// The declaration as typed: raw strings, kept as they are so nothing a person typed is lost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeclarationForm {
    pub bhxh_code: String,
    pub full_name: String,
    pub person_id: String,
    /// 2-digit province code (2025 scheme), empty until chosen.
    pub province: String,
    /// 5-digit commune code (2025 scheme), empty until chosen.
    pub commune: String,
    pub street: String,
    pub phone: String,
}

/// A declaration whose every field is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    pub bhxh_code: BhxhCode,
    pub full_name: FullName,
    pub person_id: PersonId,
    pub address: Address,
    pub phone: PhoneNumber,
}

/// Why the chosen administrative units do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("unknown province code")]
    UnknownProvince,
    #[error("unknown commune code")]
    UnknownCommune,
    #[error("the commune is not in the chosen province")]
    CommuneNotInProvince,
}

impl Localized for UnitError {
    fn code(&self) -> &'static str {
        match self {
            UnitError::UnknownProvince => "unknown_province",
            UnitError::UnknownCommune => "unknown_commune",
            UnitError::CommuneNotInProvince => "commune_not_in_province",
        }
    }
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (UnitError::UnknownProvince, Lang::Vi) => "Tỉnh/thành phố không có trong danh mục",
            (UnitError::UnknownProvince, Lang::En) => "This province is not in the directory",
            (UnitError::UnknownCommune, Lang::Vi) => "Phường/xã không có trong danh mục",
            (UnitError::UnknownCommune, Lang::En) => "This commune is not in the directory",
            (UnitError::CommuneNotInProvince, Lang::Vi) => {
                "Phường/xã này không thuộc tỉnh/thành phố đã chọn"
            }
            (UnitError::CommuneNotInProvince, Lang::En) => {
                "This commune is not in the chosen province"
            }
        }
        .into()
    }
}

impl DeclarationForm {
    /// The value typed for `field`, if it is a declaration field.
    pub fn get(&self, field: FieldId) -> Option<&str> {
        Some(match field {
            FieldId::BhxhCode => &self.bhxh_code,
            FieldId::FullName => &self.full_name,
            FieldId::PersonId => &self.person_id,
            FieldId::Province => &self.province,
            FieldId::Commune => &self.commune,
            FieldId::Street => &self.street,
            FieldId::Phone => &self.phone,
            _ => return None,
        })
    }

    /// Sets the value typed for `field`; returns false for fields that are not part of the
    /// declaration. Choosing another province clears the commune.
    pub fn set(&mut self, field: FieldId, value: String) -> bool {
        match field {
            FieldId::BhxhCode => self.bhxh_code = value,
            FieldId::FullName => self.full_name = value,
            FieldId::PersonId => self.person_id = value,
            FieldId::Province => {
                if self.province != value {
                    self.commune.clear();
                }
                self.province = value
            }
            FieldId::Commune => self.commune = value,
            FieldId::Street => self.street = value,
            FieldId::Phone => self.phone = value,
            _ => return false,
        }
        true
    }

    /// Checks one field alone (for errors on blur). Province/commune are checked together.
    pub fn check_field(&self, field: FieldId, units: &dyn UnitDirectory) -> Option<FieldError> {
        match self.validate(units) {
            Ok(_) => None,
            Err(mut errors) => errors.remove(&field),
        }
    }

    /// Validates every field and returns **all** errors at once, keyed by field.
    pub fn validate(&self, units: &dyn UnitDirectory) -> Result<Declaration, FieldErrors> {
        let mut errors = FieldErrors::new();
        fn keep<T, E: Localized>(
            errors: &mut FieldErrors,
            field: FieldId,
            result: Result<T, E>,
        ) -> Option<T> {
            match result {
                Ok(v) => Some(v),
                Err(e) => {
                    errors.insert(field, FieldError::from_localized(&e));
                    None
                }
            }
        }
        let bhxh_code = keep(
            &mut errors,
            FieldId::BhxhCode,
            BhxhCode::parse(&self.bhxh_code),
        );
        let full_name = keep(
            &mut errors,
            FieldId::FullName,
            FullName::parse(&self.full_name),
        );
        let person_id = keep(
            &mut errors,
            FieldId::PersonId,
            PersonId::parse(&self.person_id),
        );
        let street = keep(
            &mut errors,
            FieldId::Street,
            StreetAddress::parse(&self.street),
        );
        let phone = keep(&mut errors, FieldId::Phone, PhoneNumber::parse(&self.phone));

        let province = self.province.trim();
        let commune = self.commune.trim();
        let mut units_ok = true;
        if province.is_empty() {
            errors.insert(FieldId::Province, FieldError::from_localized(&Required));
            units_ok = false;
        } else if units.province_name(province).is_none() {
            errors.insert(
                FieldId::Province,
                FieldError::from_localized(&UnitError::UnknownProvince),
            );
            units_ok = false;
        }
        if commune.is_empty() {
            errors.insert(FieldId::Commune, FieldError::from_localized(&Required));
            units_ok = false;
        } else {
            match units.commune_province(commune) {
                None => {
                    errors.insert(
                        FieldId::Commune,
                        FieldError::from_localized(&UnitError::UnknownCommune),
                    );
                    units_ok = false;
                }
                Some(p) if p != province && !province.is_empty() => {
                    errors.insert(
                        FieldId::Commune,
                        FieldError::from_localized(&UnitError::CommuneNotInProvince),
                    );
                    units_ok = false;
                }
                Some(_) => {}
            }
        }

        match (bhxh_code, full_name, person_id, street, phone) {
            (Some(bhxh_code), Some(full_name), Some(person_id), Some(street), Some(phone))
                if units_ok && errors.is_empty() =>
            {
                Ok(Declaration {
                    bhxh_code,
                    full_name,
                    person_id,
                    address: Address {
                        province: province.to_string(),
                        commune: commune.to_string(),
                        street,
                    },
                    phone,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A small unit directory for tests: two provinces, three communes.
#[cfg(any(test, feature = "test-fixtures"))]
pub mod fixtures {
    use super::*;

    /// Two provinces and three communes. The codes are only for tests: the real directory
    /// is `crate::directory`.
    pub struct TinyUnits;

    impl UnitDirectory for TinyUnits {
        fn province_name(&self, code: &str) -> Option<String> {
            match code {
                "79" => Some("Thành phố Hồ Chí Minh".into()),
                "01" => Some("Thành phố Hà Nội".into()),
                _ => None,
            }
        }
        fn commune_province(&self, code: &str) -> Option<String> {
            match code {
                "26734" | "26737" => Some("79".into()),
                "00004" => Some("01".into()),
                _ => None,
            }
        }
        fn commune_name(&self, code: &str) -> Option<String> {
            match code {
                "26734" => Some("Phường Sài Gòn".into()),
                "26737" => Some("Phường Tân Định".into()),
                "00004" => Some("Phường Ba Đình".into()),
                _ => None,
            }
        }
    }
}
