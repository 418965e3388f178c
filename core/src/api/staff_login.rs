//! The office console's login body (`POST /v1/staff/session`): the e-mail address as the
//! accounts are keyed (trimmed, lower-case), the password as typed, and the optional
//! authenticator code read the way people copy it ("123 456").

use serde::{Deserialize, Serialize};

/// Digits in an authenticator code.
pub const TOTP_DIGITS: usize = 6;

/// The login request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffLogin {
    pub email: String,
    pub password: String,
    /// The authenticator app's code, for an account with a second factor.
    #[serde(default)]
    pub totp: Option<String>,
}

/// An e-mail address as staff accounts are keyed: trimmed and lower-case.
pub fn staff_email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The code's digits when it is [`TOTP_DIGITS`] ASCII digits once white space is dropped.
pub fn totp_digits(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == TOTP_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

impl StaffLogin {
    /// The address as the account is keyed.
    pub fn email_key(&self) -> String {
        staff_email_key(&self.email)
    }

    /// The code's digits, when one was given in a usable shape.
    pub fn totp_digits(&self) -> Option<String> {
        self.totp.as_deref().and_then(totp_digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_reads_with_and_without_a_code() {
        let login: StaffLogin =
            serde_json::from_str(r#"{"email": " Lan@BHXH.vn ", "password": "p"}"#).unwrap();
        assert_eq!(login.email_key(), "lan@bhxh.vn");
        assert_eq!(login.totp_digits(), None);
        let login: StaffLogin =
            serde_json::from_str(r#"{"email": "a@b.vn", "password": "p", "totp": "123 456"}"#)
                .unwrap();
        assert_eq!(login.totp_digits().as_deref(), Some("123456"));
        for wrong in ["12345", "1234567", "12345a", "１２３４５６", ""] {
            assert_eq!(totp_digits(wrong), None, "{wrong}");
        }
        assert!(serde_json::from_str::<StaffLogin>(r#"{"email": "a@b.vn"}"#).is_err());
    }
}
