//! The social-insurance code (mã số BHXH): 10 digits, or since 2025-08-01 a 12-digit personal ID.
//!
//! The 10-digit code is the last 10 characters of the health-insurance (BHYT) card; no check
//! digit is known, so only its shape is checked and it stays a string (a leading 0 counts).
//! From 2025-08-01 the 12-digit personal identification number replaces it (Công văn
//! 1804/BHXH-QLT), so a 12-digit number is accepted when it is a well-formed CCCD number.

use crate::fields::person_id::{PersonId, PersonIdError};
use crate::fields::{REQUIRED_EN, REQUIRED_VI};
use crate::lang::{localized, Lang};
use serde::{Deserialize, Serialize};

/// The social-insurance code (mã số BHXH): 10 digits, or since 2025-08-01 a 12-digit personal ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BhxhCode(String);

/// Why a value is not a valid [`BhxhCode`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BhxhCodeError {
    #[error("required")]
    Empty,
    #[error("only digits are allowed, found {0:?}")]
    NotDigit(char),
    #[error("the code has {found} digits; 10, or 12 for a personal ID")]
    Length { found: usize },
    #[error("12 digits but not a valid personal ID: {0}")]
    PersonalId(PersonIdError),
}

localized! {
    BhxhCodeError {
        Self::Empty => "required", vi ("{REQUIRED_VI}"), en ("{REQUIRED_EN}");
        Self::NotDigit(c) => "bhxh_code_not_digit",
            vi ("Mã BHXH chỉ gồm chữ số; không dùng được ký tự “{c}”"),
            en ("The social insurance code has only digits; “{c}” is not allowed");
        Self::Length { found } => "bhxh_code_length",
            vi ("Mã BHXH có 10 chữ số (10 số cuối trên thẻ BHYT) hoặc là số định danh cá nhân 12 chữ số; số vừa nhập có {found} chữ số"),
            en ("The social insurance code has 10 digits (the last 10 on the health insurance card), or is the 12-digit personal ID; this one has {found}");
        Self::PersonalId(inner) => "bhxh_code_personal_id",
            vi ("Mã 12 chữ số phải là số định danh cá nhân (số CCCD) hợp lệ: {}", inner.message(Lang::Vi)),
            en ("A 12-digit code must be a valid personal ID (CCCD number): {}", inner.message(Lang::En));
    }
}

impl BhxhCode {
    /// Parses what a person typed: spaces, dots and dashes are removed; then 10 digits, or
    /// 12 digits that form a CCCD number.
    pub fn parse(input: &str) -> Result<Self, BhxhCodeError> {
        let value = crate::fields::strip_separators(input);
        if value.is_empty() {
            return Err(BhxhCodeError::Empty);
        }
        if let Some(c) = value.chars().find(|c| !c.is_ascii_digit()) {
            return Err(BhxhCodeError::NotDigit(c));
        }
        match value.len() {
            10 => {}
            12 => {
                PersonId::parse(&value).map_err(BhxhCodeError::PersonalId)?;
            }
            found => return Err(BhxhCodeError::Length { found }),
        }
        Ok(Self(value))
    }

    /// The normalised value: 10 or 12 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when the code is a 12-digit personal ID rather than a 10-digit BHXH code.
    pub fn is_personal_id(&self) -> bool {
        self.0.len() == 12
    }
}

impl TryFrom<String> for BhxhCode {
    type Error = BhxhCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<BhxhCode> for String {
    fn from(value: BhxhCode) -> String {
        value.0
    }
}

impl std::fmt::Display for BhxhCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Localized;

    #[test]
    fn ten_digits_are_kept_with_leading_zero() {
        let code = BhxhCode::parse("0123456789").unwrap();
        assert_eq!(code.as_str(), "0123456789");
        assert!(!code.is_personal_id());
    }

    #[test]
    fn typed_separators_are_removed() {
        for typed in [
            " 79 2345 6789 ",
            "79.2345.6789",
            "79-2345-6789",
            "7923\t456789",
        ] {
            assert_eq!(BhxhCode::parse(typed).unwrap().as_str(), "7923456789");
        }
    }

    #[test]
    fn a_twelve_digit_personal_id_is_accepted_since_2025() {
        let code = BhxhCode::parse("034 303 011 829").unwrap();
        assert_eq!(code.as_str(), "034303011829");
        assert!(code.is_personal_id());
    }

    #[test]
    fn a_twelve_digit_number_that_is_no_cccd_is_rejected() {
        let err = BhxhCode::parse("003303011829").unwrap_err();
        assert!(matches!(
            err,
            BhxhCodeError::PersonalId(PersonIdError::UnknownProvince { .. })
        ));
        assert_eq!(err.code(), "bhxh_code_personal_id");
        assert!(err.message(Lang::Vi).contains("003"));
    }

    #[test]
    fn wrong_lengths_and_letters_are_rejected() {
        assert_eq!(BhxhCode::parse(""), Err(BhxhCodeError::Empty));
        assert_eq!(BhxhCode::parse(" - . ").unwrap_err().code(), "required");
        for (typed, found) in [("123456789", 9), ("12345678901", 11), ("1234567890123", 13)] {
            let err = BhxhCode::parse(typed).unwrap_err();
            assert_eq!(err, BhxhCodeError::Length { found });
            assert_eq!(err.code(), "bhxh_code_length");
            assert!(err.message(Lang::En).contains(&found.to_string()));
        }
        let err = BhxhCode::parse("GD4797923456789").unwrap_err();
        assert_eq!(err, BhxhCodeError::NotDigit('G'));
        assert_eq!(err.code(), "bhxh_code_not_digit");
        assert!(err.message(Lang::Vi).contains('G'));
    }

    #[test]
    fn serde_round_trips_through_parse() {
        let code: BhxhCode = serde_json::from_str("\"79-2345-6789\"").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"7923456789\"");
        assert!(serde_json::from_str::<BhxhCode>("\"12\"").is_err());
    }
}
