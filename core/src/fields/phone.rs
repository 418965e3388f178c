//! A Vietnamese mobile number, stored in E.164.

use crate::lang::{Lang, Localized};
use serde::{Deserialize, Serialize};

/// A Vietnamese mobile number, stored in E.164.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

/// Why a value is not a valid [`PhoneNumber`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("required")]
    Empty,
}

impl Localized for PhoneError {
    fn code(&self) -> &'static str {
        match self {
            PhoneError::Empty => "required",
        }
    }
    fn message(&self, lang: Lang) -> String {
        crate::fields::Required.message(lang)
    }
}

impl PhoneNumber {
    /// Parses what a person typed. (Placeholder rule: non-empty after trimming.)
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(PhoneError::Empty);
        }
        Ok(Self(value.to_string()))
    }

    /// The normalised value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> String {
        value.0
    }
}

impl std::fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
