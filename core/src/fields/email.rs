//! An e-mail address fit for registration (what <input type=email> accepts, with a dotted domain).

use crate::lang::{Lang, Localized};
use serde::{Deserialize, Serialize};

/// An e-mail address fit for registration (what <input type=email> accepts, with a dotted domain).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a value is not a valid [`Email`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("required")]
    Empty,
}

impl Localized for EmailError {
    fn code(&self) -> &'static str {
        match self {
            EmailError::Empty => "required",
        }
    }
    fn message(&self, lang: Lang) -> String {
        crate::fields::Required.message(lang)
    }
}

impl Email {
    /// Parses what a person typed. (Placeholder rule: non-empty after trimming.)
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        Ok(Self(value.to_string()))
    }

    /// The normalised value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> String {
        value.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
