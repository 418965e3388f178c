//! A Vietnamese full name (họ và tên), NFC, trimmed, inner spaces collapsed.

use crate::lang::{Lang, Localized};
use serde::{Deserialize, Serialize};

/// A Vietnamese full name (họ và tên), NFC, trimmed, inner spaces collapsed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FullName(String);

/// Why a value is not a valid [`FullName`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FullNameError {
    #[error("required")]
    Empty,
}

impl Localized for FullNameError {
    fn code(&self) -> &'static str {
        match self {
            FullNameError::Empty => "required",
        }
    }
    fn message(&self, lang: Lang) -> String {
        crate::fields::Required.message(lang)
    }
}

impl FullName {
    /// Parses what a person typed. (Placeholder rule: non-empty after trimming.)
    pub fn parse(input: &str) -> Result<Self, FullNameError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(FullNameError::Empty);
        }
        Ok(Self(value.to_string()))
    }

    /// The normalised value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FullName {
    type Error = FullNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<FullName> for String {
    fn from(value: FullName) -> String {
        value.0
    }
}

impl std::fmt::Display for FullName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
