//! The contact address: administrative unit codes (2025 scheme) plus the street line.

use crate::fields::full_name::describe_char;
use crate::fields::{REQUIRED_EN, REQUIRED_VI};
use crate::lang::{localized, Lang};
use serde::{Deserialize, Serialize};

/// What the address needs to know of the administrative units; the directory implements it.
pub trait UnitDirectory {
    /// The name of a 2025 province (2-digit code), if it exists.
    fn province_name(&self, province_code: &str) -> Option<String>;
    /// The province (2-digit code) a 2025 commune (5-digit code) belongs to, if it exists.
    fn commune_province(&self, commune_code: &str) -> Option<String>;
    /// The name of a 2025 commune, if it exists.
    fn commune_name(&self, commune_code: &str) -> Option<String>;
}

/// House number, street, hamlet (số nhà, tên đường, tổ/xóm, khu phố/thôn): free text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StreetAddress(String);

/// Shortest street line accepted, in characters.
pub const STREET_MIN_CHARS: usize = 2;
/// Longest street line accepted, in characters.
pub const STREET_MAX_CHARS: usize = 200;

/// Why a street line is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StreetAddressError {
    #[error("required")]
    Empty,
    #[error("at least {STREET_MIN_CHARS} characters")]
    TooShort,
    #[error("at most {STREET_MAX_CHARS} characters, found {found}")]
    TooLong { found: usize },
    #[error("needs a letter or a digit")]
    NoLetterOrDigit,
    #[error("control character {0:?} is not allowed")]
    ControlCharacter(char),
}

localized! {
    StreetAddressError {
        Self::Empty => "required", vi ("{REQUIRED_VI}"), en ("{REQUIRED_EN}");
        Self::TooShort => "street_too_short",
            vi ("Địa chỉ cần ít nhất {STREET_MIN_CHARS} ký tự"),
            en ("The address needs at least {STREET_MIN_CHARS} characters");
        Self::TooLong { found } => "street_too_long",
            vi ("Địa chỉ dài tối đa {STREET_MAX_CHARS} ký tự (đang có {found})"),
            en ("The address has at most {STREET_MAX_CHARS} characters (this one has {found})");
        Self::NoLetterOrDigit => "street_no_letter_or_digit",
            vi ("Địa chỉ cần có chữ hoặc số (số nhà, tên đường, tổ/xóm…)"),
            en ("The address needs letters or digits (house number, street, hamlet…)");
        Self::ControlCharacter(c) => "street_control_character",
            vi ("Địa chỉ có {} không hiển thị được; vui lòng nhập lại", describe_char(*c, Lang::Vi)),
            en ("The address contains {}, which cannot be shown; please type it again", describe_char(*c, Lang::En));
    }
}

impl StreetAddress {
    /// Parses the street line: NFC, trimmed, inner white space (tabs and line breaks too)
    /// collapsed; then [`STREET_MIN_CHARS`]..=[`STREET_MAX_CHARS`] characters with a letter or
    /// a digit, and no control characters, bidirectional overrides or zero-width characters
    /// ([`crate::text::is_bidi_or_invisible_format`]).
    pub fn parse(input: &str) -> Result<Self, StreetAddressError> {
        let value = crate::text::collapse_whitespace(&crate::text::nfc(input));
        if value.is_empty() {
            return Err(StreetAddressError::Empty);
        }
        if let Some(c) = value
            .chars()
            .find(|&c| c.is_control() || crate::text::is_bidi_or_invisible_format(c))
        {
            return Err(StreetAddressError::ControlCharacter(c));
        }
        let found = value.chars().count();
        if found > STREET_MAX_CHARS {
            return Err(StreetAddressError::TooLong { found });
        }
        if found < STREET_MIN_CHARS {
            return Err(StreetAddressError::TooShort);
        }
        if !value.chars().any(char::is_alphanumeric) {
            return Err(StreetAddressError::NoLetterOrDigit);
        }
        Ok(Self(value))
    }

    /// The normalised street line.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StreetAddress {
    type Error = StreetAddressError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<StreetAddress> for String {
    fn from(value: StreetAddress) -> String {
        value.0
    }
}

impl std::fmt::Display for StreetAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A contact address in the 2025 two-level scheme: province, commune, street line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// 2-digit province code (2025 scheme).
    pub province: String,
    /// 5-digit commune code (2025 scheme).
    pub commune: String,
    pub street: StreetAddress,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Localized;

    #[test]
    fn street_lines_are_composed_and_collapsed() {
        let street = StreetAddress::parse("  12/3   Nguye\u{0302}\u{0303}n Trãi,\n tổ 5 ").unwrap();
        assert_eq!(street.as_str(), "12/3 Nguyễn Trãi, tổ 5");
        assert_eq!(StreetAddress::parse("5A").unwrap().as_str(), "5A");
        assert_eq!(
            StreetAddress::parse("Số 7, ngõ 8/2, khu phố 3")
                .unwrap()
                .to_string(),
            "Số 7, ngõ 8/2, khu phố 3"
        );
    }

    #[test]
    fn bad_street_lines_are_rejected_with_their_codes() {
        let cases = [
            ("", StreetAddressError::Empty, "required"),
            (" \t\n ", StreetAddressError::Empty, "required"),
            ("7", StreetAddressError::TooShort, "street_too_short"),
            (
                "--/",
                StreetAddressError::NoLetterOrDigit,
                "street_no_letter_or_digit",
            ),
            (
                "12\u{7}B",
                StreetAddressError::ControlCharacter('\u{7}'),
                "street_control_character",
            ),
        ];
        for (input, error, code) in cases {
            let err = StreetAddress::parse(input).unwrap_err();
            assert_eq!(err, error, "{input:?}");
            assert_eq!(err.code(), code);
            assert!(!err.message(Lang::Vi).is_empty());
            assert_ne!(err.message(Lang::Vi), err.message(Lang::En));
        }
        let longest = "a".repeat(STREET_MAX_CHARS);
        assert!(StreetAddress::parse(&longest).is_ok());
        assert_eq!(
            StreetAddress::parse(&format!("{longest}b")),
            Err(StreetAddressError::TooLong {
                found: STREET_MAX_CHARS + 1
            })
        );
        let err = StreetAddress::parse("12\u{1b}[31m").unwrap_err();
        assert!(err.message(Lang::En).contains("U+001B"));
    }

    #[test]
    fn bidi_overrides_and_zero_width_characters_are_refused_with_a_clear_message() {
        for c in ['\u{202E}', '\u{2066}', '\u{200B}', '\u{FEFF}'] {
            let err = StreetAddress::parse(&format!("12 Lê {c}Lợi")).unwrap_err();
            assert_eq!(err, StreetAddressError::ControlCharacter(c));
            assert_eq!(err.code(), "street_control_character");
            let code_point = format!("U+{:04X}", c as u32);
            assert!(
                err.message(Lang::Vi).contains(&code_point),
                "{}",
                err.message(Lang::Vi)
            );
            assert!(
                err.message(Lang::En).contains(&code_point),
                "{}",
                err.message(Lang::En)
            );
        }
    }

    #[test]
    fn serde_goes_through_parse() {
        let street: StreetAddress = serde_json::from_str("\"  1  Lê Lợi \"").unwrap();
        assert_eq!(serde_json::to_string(&street).unwrap(), "\"1 Lê Lợi\"");
        assert!(serde_json::from_str::<StreetAddress>("\"!\"").is_err());
    }
}
