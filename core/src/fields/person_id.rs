//! The identity document number: CCCD (12 digits), CMND (9 or 12 digits) or passport.

use crate::lang::{Lang, Localized};
use serde::{Deserialize, Serialize};

/// Which document a number belongs to, inferred from its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonIdKind {
    /// 12-digit citizen identity card / personal identification number.
    Cccd,
    /// 9-digit people's identity card (old).
    Cmnd,
    /// Passport: one letter and 7 digits.
    Passport,
}

/// An identity document number (số CCCD/Hộ chiếu/CMND).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonId {
    value: String,
    kind: PersonIdKind,
}

/// Why a value is not a valid [`PersonId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonIdError {
    #[error("required")]
    Empty,
}

impl Localized for PersonIdError {
    fn code(&self) -> &'static str {
        match self {
            PersonIdError::Empty => "required",
        }
    }
    fn message(&self, lang: Lang) -> String {
        crate::fields::Required.message(lang)
    }
}

impl PersonId {
    /// Parses what a person typed. (Placeholder rule.)
    pub fn parse(input: &str) -> Result<Self, PersonIdError> {
        let value = crate::fields::strip_separators(input).to_uppercase();
        if value.is_empty() {
            return Err(PersonIdError::Empty);
        }
        let kind = match value.len() {
            9 => PersonIdKind::Cmnd,
            8 => PersonIdKind::Passport,
            _ => PersonIdKind::Cccd,
        };
        Ok(Self { value, kind })
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn kind(&self) -> PersonIdKind {
        self.kind
    }
}

impl TryFrom<String> for PersonId {
    type Error = PersonIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonId> for String {
    fn from(value: PersonId) -> String {
        value.value
    }
}
