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

impl Declaration {
    /// The normalized values as a form (what the service stores and mails).
    pub fn to_form(&self) -> DeclarationForm {
        DeclarationForm {
            bhxh_code: self.bhxh_code.as_str().to_string(),
            full_name: self.full_name.as_str().to_string(),
            person_id: self.person_id.as_str().to_string(),
            province: self.address.province.clone(),
            commune: self.address.commune.clone(),
            street: self.address.street.as_str().to_string(),
            phone: self.phone.as_str().to_string(),
        }
    }
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
            (UnitError::UnknownCommune, Lang::Vi) => "Phường/xã/đặc khu không có trong danh mục",
            (UnitError::UnknownCommune, Lang::En) => "This commune is not in the directory",
            (UnitError::CommuneNotInProvince, Lang::Vi) => {
                "Phường/xã/đặc khu này không thuộc tỉnh/thành phố đã chọn"
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
    ///
    /// Only that field's rule runs (and, for the province and the commune, the rule that ties
    /// them together): this is what runs on a keystroke while an error is shown, so it stays
    /// small. It agrees with [`DeclarationForm::validate`] on that field.
    pub fn check_field(&self, field: FieldId, units: &dyn UnitDirectory) -> Option<FieldError> {
        fn error_of<T, E: Localized>(result: Result<T, E>) -> Option<FieldError> {
            result.err().map(|e| FieldError::from_localized(&e))
        }
        match field {
            FieldId::BhxhCode => error_of(BhxhCode::parse(&self.bhxh_code)),
            FieldId::FullName => error_of(FullName::parse(&self.full_name)),
            FieldId::PersonId => error_of(PersonId::parse(&self.person_id)),
            FieldId::Street => error_of(StreetAddress::parse(&self.street)),
            FieldId::Phone => error_of(PhoneNumber::parse(&self.phone)),
            FieldId::Province | FieldId::Commune => self.unit_errors(units).remove(&field),
            _ => None,
        }
    }

    /// The errors of the province and the commune: each chosen, known, and the commune in
    /// the province.
    fn unit_errors(&self, units: &dyn UnitDirectory) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let province = self.province.trim();
        let commune = self.commune.trim();
        if province.is_empty() {
            errors.insert(FieldId::Province, FieldError::from_localized(&Required));
        } else if units.province_name(province).is_none() {
            errors.insert(
                FieldId::Province,
                FieldError::from_localized(&UnitError::UnknownProvince),
            );
        }
        if commune.is_empty() {
            errors.insert(FieldId::Commune, FieldError::from_localized(&Required));
        } else {
            match units.commune_province(commune) {
                None => {
                    errors.insert(
                        FieldId::Commune,
                        FieldError::from_localized(&UnitError::UnknownCommune),
                    );
                }
                Some(p) if p != province && !province.is_empty() => {
                    errors.insert(
                        FieldId::Commune,
                        FieldError::from_localized(&UnitError::CommuneNotInProvince),
                    );
                }
                Some(_) => {}
            }
        }
        errors
    }

    /// What the person should know about values that are accepted, keyed by the field the
    /// warning stands beside: a 9-digit CMND (no longer valid since 2025-01-01), and a
    /// 12-digit Mã BHXH that differs from the 12-digit CCCD given (the same number since
    /// 2025-08-01). Fields that do not parse get no warning (their error says enough).
    pub fn warnings(&self) -> FieldErrors {
        use crate::fields::{PersonIdKind, PersonIdWarning};
        let mut warnings = FieldErrors::new();
        let person_id = PersonId::parse(&self.person_id).ok();
        let bhxh_code = BhxhCode::parse(&self.bhxh_code).ok();
        if let Some(id) = &person_id {
            if id.kind() == PersonIdKind::Cmnd {
                warnings.insert(
                    FieldId::PersonId,
                    FieldError::from_localized(&PersonIdWarning::CmndNoLongerValid),
                );
            }
        }
        if let (Some(id), Some(code)) = (&person_id, &bhxh_code) {
            if id.kind() == PersonIdKind::Cccd
                && code.is_personal_id()
                && id.as_str() != code.as_str()
            {
                warnings.insert(
                    FieldId::BhxhCode,
                    FieldError::from_localized(&PersonIdWarning::BhxhCodeDiffersFromCccd),
                );
            }
        }
        warnings
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
        let unit_errors = self.unit_errors(units);
        let units_ok = unit_errors.is_empty();
        errors.extend(unit_errors);

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

/// A small unit directory for tests: two provinces, three communes; and three offices.
#[cfg(any(test, feature = "test-fixtures"))]
pub mod fixtures {
    use super::*;
    use crate::directory::{ClosedOffice, OfficeDirectory, OfficeState};

    /// A declaration every rule accepts against [`TinyUnits`] and the real directory: the
    /// test person Nguyễn Thị Ánh, Phường Tân Định (TP. Hồ Chí Minh).
    pub fn sample_form() -> DeclarationForm {
        DeclarationForm {
            bhxh_code: "7901234567".into(),
            full_name: "Nguyễn Thị Ánh".into(),
            person_id: "079303001234".into(),
            province: "79".into(),
            commune: "26737".into(),
            street: "12 Lý Văn Phức".into(),
            phone: "0912345678".into(),
        }
    }

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
                "26740" | "26737" => Some("79".into()),
                "00004" => Some("01".into()),
                _ => None,
            }
        }
        fn commune_name(&self, code: &str) -> Option<String> {
            match code {
                "26740" => Some("Phường Sài Gòn".into()),
                "26737" => Some("Phường Tân Định".into()),
                "00004" => Some("Phường Ba Đình".into()),
                _ => None,
            }
        }
    }

    /// Three offices: `079` and `79-tan-dinh` open, `07901` closed (its successor is
    /// Tân Định). The codes are only for tests: the real directory is `crate::directory`.
    pub struct TinyOffices;

    impl OfficeDirectory for TinyOffices {
        fn office_state(&self, code: &str) -> OfficeState {
            match code {
                "079" | "79-tan-dinh" => OfficeState::Open,
                "07901" => OfficeState::Closed(ClosedOffice {
                    name: "[07901] BHXH Quận 1".into(),
                    closed_from: Some("01/7/2025".into()),
                    successors: vec!["BHXH Cơ sở Tân Định".into()],
                }),
                _ => OfficeState::Unknown,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::TinyUnits;
    use super::*;

    fn filled() -> DeclarationForm {
        DeclarationForm {
            bhxh_code: " 79-2345-6789 ".into(),
            full_name: "  Nguyễn   Văn A ".into(),
            person_id: "034 303 011 829".into(),
            province: "79".into(),
            commune: "26740".into(),
            street: " 12  Lê Lợi ".into(),
            phone: "+84 91 234 5678".into(),
        }
    }

    fn codes(errors: &FieldErrors) -> Vec<(FieldId, &str)> {
        errors.iter().map(|(f, e)| (*f, e.code.as_str())).collect()
    }

    #[test]
    fn a_complete_form_gives_normalised_values() {
        let declaration = filled().validate(&TinyUnits).unwrap();
        assert_eq!(declaration.bhxh_code.as_str(), "7923456789");
        assert_eq!(declaration.full_name.as_str(), "Nguyễn Văn A");
        assert_eq!(declaration.person_id.as_str(), "034303011829");
        assert_eq!(declaration.address.province, "79");
        assert_eq!(declaration.address.commune, "26740");
        assert_eq!(declaration.address.street.as_str(), "12 Lê Lợi");
        assert_eq!(declaration.phone.as_e164(), "+84912345678");
        let json = serde_json::to_string(&declaration).unwrap();
        let back: Declaration = serde_json::from_str(&json).unwrap();
        assert_eq!(back, declaration);
    }

    #[test]
    fn an_empty_form_reports_every_field_as_required() {
        let errors = DeclarationForm::default().validate(&TinyUnits).unwrap_err();
        let expected: Vec<(FieldId, &str)> = [
            FieldId::BhxhCode,
            FieldId::FullName,
            FieldId::PersonId,
            FieldId::Province,
            FieldId::Commune,
            FieldId::Street,
            FieldId::Phone,
        ]
        .into_iter()
        .map(|f| (f, "required"))
        .collect();
        assert_eq!(codes(&errors), expected);
        let phone = &errors[&FieldId::Phone];
        assert_eq!(phone.message(Lang::Vi), "Vui lòng nhập thông tin này");
        assert_eq!(phone.message(Lang::En), "This field is required");
    }

    #[test]
    fn every_wrong_field_is_reported_at_once_with_its_own_code() {
        let mut form = filled();
        form.bhxh_code = "12345".into();
        form.full_name = "Nguyễn Văn 2".into();
        form.person_id = "003303011829".into();
        form.street = "!".into();
        form.phone = "01681234567".into();
        let errors = form.validate(&TinyUnits).unwrap_err();
        assert_eq!(
            codes(&errors),
            vec![
                (FieldId::BhxhCode, "bhxh_code_length"),
                (FieldId::FullName, "full_name_digit"),
                (FieldId::PersonId, "person_id_unknown_province"),
                (FieldId::Street, "street_too_short"),
                (FieldId::Phone, "phone_legacy_11_digits"),
            ]
        );
        assert!(errors[&FieldId::Phone].vi.contains("0381234567"));
        assert!(errors[&FieldId::Phone].en.contains("0381234567"));
    }

    #[test]
    fn units_are_checked_against_the_directory_and_each_other() {
        let mut form = filled();
        form.commune = "00004".into();
        let errors = form.validate(&TinyUnits).unwrap_err();
        assert_eq!(
            codes(&errors),
            vec![(FieldId::Commune, "commune_not_in_province")]
        );

        form.province = "99".into();
        form.commune = "12345".into();
        let errors = form.validate(&TinyUnits).unwrap_err();
        assert_eq!(
            codes(&errors),
            vec![
                (FieldId::Province, "unknown_province"),
                (FieldId::Commune, "unknown_commune"),
            ]
        );

        form.province = " 01 ".into();
        form.commune = "00004 ".into();
        let declaration = form.validate(&TinyUnits).unwrap();
        assert_eq!(
            (
                declaration.address.province.as_str(),
                declaration.address.commune.as_str()
            ),
            ("01", "00004")
        );
    }

    #[test]
    fn one_field_can_be_checked_alone() {
        let mut form = filled();
        form.phone = "02838123456".into();
        form.full_name = String::new();
        let phone = form.check_field(FieldId::Phone, &TinyUnits).unwrap();
        assert_eq!(phone.code, "phone_not_mobile");
        assert_eq!(
            form.check_field(FieldId::FullName, &TinyUnits)
                .unwrap()
                .code,
            "required"
        );
        assert_eq!(form.check_field(FieldId::Street, &TinyUnits), None);
        assert_eq!(filled().check_field(FieldId::Phone, &TinyUnits), None);
    }

    #[test]
    fn setting_fields_keeps_raw_text_and_a_new_province_clears_the_commune() {
        let mut form = filled();
        assert!(form.set(FieldId::FullName, "  raw  text ".into()));
        assert_eq!(form.get(FieldId::FullName), Some("  raw  text "));
        assert!(form.set(FieldId::Province, "79".into()));
        assert_eq!(form.commune, "26740", "same province keeps the commune");
        assert!(form.set(FieldId::Province, "01".into()));
        assert_eq!(form.commune, "");
        assert!(!form.set(FieldId::Email, "a@b.vn".into()));
        assert_eq!(form.get(FieldId::Portrait), None);
        for field in FieldId::ALL {
            assert_eq!(
                form.get(field).is_some(),
                form.clone().set(field, "x".into())
            );
        }
    }
}

#[cfg(test)]
mod warning_tests {
    use super::fixtures::sample_form;
    use super::*;

    #[test]
    fn a_twelve_digit_bhxh_code_that_differs_from_the_cccd_is_pointed_out_in_both_languages() {
        let mut form = sample_form();
        // A 10-digit Mã BHXH is a different kind of number: nothing to compare.
        assert!(form.warnings().is_empty());
        form.bhxh_code = "079303001234".into();
        assert!(form.warnings().is_empty(), "the same number");
        form.bhxh_code = "079 303 001 235".into();
        let warnings = form.warnings();
        let warning = &warnings[&FieldId::BhxhCode];
        assert_eq!(warning.code, "bhxh_code_differs_from_cccd");
        assert!(warning.vi.contains("01/8/2025") && warning.vi.contains("1804/BHXH-QLT"));
        assert!(warning.en.contains("1 August 2025"));
        assert_eq!(warnings.len(), 1);
        // A passport number is not compared.
        form.person_id = "C1234567".into();
        assert!(form.warnings().is_empty());
    }

    #[test]
    fn a_nine_digit_cmnd_is_accepted_with_a_warning_a_twelve_digit_one_is_not_told_apart() {
        let mut form = sample_form();
        form.person_id = "025123456".into();
        assert!(form.validate(&fixtures::TinyUnits).is_ok());
        let warnings = form.warnings();
        let warning = &warnings[&FieldId::PersonId];
        assert_eq!(warning.code, "person_id_cmnd_expired");
        assert!(warning.vi.contains("01/01/2025") && warning.vi.contains("CCCD"));
        assert!(warning.en.contains("1 January 2025"));
        form.person_id = "079303001234".into();
        assert!(form.warnings().is_empty());
    }
}
