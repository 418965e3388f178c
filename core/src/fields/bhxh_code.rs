//! The social-insurance code (mã số BHXH): 10 digits, or since 2025-08-01 a 12-digit personal ID.

use crate::lang::{Lang, Localized};
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
}

impl Localized for BhxhCodeError {
    fn code(&self) -> &'static str {
        match self {
            BhxhCodeError::Empty => "required",
        }
    }
    fn message(&self, lang: Lang) -> String {
        crate::fields::Required.message(lang)
    }
}

impl BhxhCode {
    /// Parses what a person typed. (Placeholder rule: non-empty after trimming.)
    pub fn parse(input: &str) -> Result<Self, BhxhCodeError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(BhxhCodeError::Empty);
        }
        Ok(Self(value.to_string()))
    }

    /// The normalised value.
    pub fn as_str(&self) -> &str {
        &self.0
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
