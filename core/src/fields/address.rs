//! The contact address: administrative unit codes (2025 scheme) plus the street line.

use crate::lang::{Lang, Localized};
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

/// Why a street line is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StreetAddressError {
    #[error("required")]
    Empty,
}

impl Localized for StreetAddressError {
    fn code(&self) -> &'static str {
        "required"
    }
    fn message(&self, lang: Lang) -> String {
        crate::fields::Required.message(lang)
    }
}

impl StreetAddress {
    /// Parses the street line. (Placeholder rule.)
    pub fn parse(input: &str) -> Result<Self, StreetAddressError> {
        let v = crate::text::collapse_whitespace(&crate::text::nfc(input));
        if v.is_empty() {
            return Err(StreetAddressError::Empty);
        }
        Ok(Self(v))
    }

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

/// A contact address in the 2025 two-level scheme: province, commune, street line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// 2-digit province code (2025 scheme).
    pub province: String,
    /// 5-digit commune code (2025 scheme).
    pub commune: String,
    pub street: StreetAddress,
}
