//! The optional second factor of a staff account: time-based one-time codes (RFC 6238,
//! SHA-1, 6 digits, 30-second steps, as every authenticator app reads an `otpauth://` link).
//! A code is accepted for the current step or the one before or after (a phone's clock a
//! little off), and only once: the store keeps the last step taken.

use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per step.
const STEP_SECONDS: u64 = 30;
/// Steps accepted either side of now.
const SKEW_STEPS: u64 = 1;
/// The issuer shown in the authenticator app.
const ISSUER: &str = "VssID reception";

/// Why a secret is not usable.
#[derive(Debug, thiserror::Error)]
pub enum TotpError {
    #[error("cannot draw random bytes: {0}")]
    Random(String),
    #[error("the stored second-factor secret is not valid: {0}")]
    Secret(String),
}

fn totp(secret_base32: &str, account: &str) -> Result<TOTP, TotpError> {
    let bytes = Secret::Encoded(secret_base32.to_string())
        .to_bytes()
        .map_err(|e| TotpError::Secret(format!("{e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        vssid_core::api::staff_login::TOTP_DIGITS,
        SKEW_STEPS as u8,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_string()),
        account.to_string(),
    )
    .map_err(|e| TotpError::Secret(e.to_string()))
}

/// A new secret: 20 random bytes (160 bits, RFC 4226's recommendation), base32.
pub fn new_secret() -> Result<String, TotpError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| TotpError::Random(e.to_string()))?;
    Ok(Secret::Raw(bytes.to_vec()).to_encoded().to_string())
}

/// The `otpauth://totp/…` link an authenticator app takes (as a QR code or pasted).
pub fn setup_link(secret_base32: &str, account: &str) -> Result<String, TotpError> {
    Ok(totp(secret_base32, account)?.get_url())
}

/// The code of the step that holds `unix_seconds` (for tests and the operator's check).
pub fn code_at(secret_base32: &str, unix_seconds: u64) -> Result<String, TotpError> {
    Ok(totp(secret_base32, "")?.generate(unix_seconds))
}

/// The time step whose code `code` is, within one step of `now_ms`; `None` when it is none
/// of them. Spaces in the code (as apps show "123 456") are ignored.
pub fn matching_step(
    secret_base32: &str,
    code: &str,
    now_ms: i64,
) -> Result<Option<i64>, TotpError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let totp = totp(secret_base32, "")?;
    let now_step = (now_ms.max(0) as u64 / 1000) / STEP_SECONDS;
    let first = now_step.saturating_sub(SKEW_STEPS);
    let mut found = None;
    for step in first..=now_step + SKEW_STEPS {
        // Every candidate is computed and compared whole, so the time taken says nothing.
        let candidate = totp.generate(step * STEP_SECONDS);
        let same = candidate
            .bytes()
            .zip(code.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
        if same && found.is_none() {
            found = Some(step as i64);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret ("12345678901234567890"), in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_rfc_6238_appendix_b() {
        // The RFC gives 8 digits; 6 digits are their last six.
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
        ] {
            assert_eq!(code_at(RFC_SECRET, time).unwrap(), &eight[2..], "{time}");
        }
    }

    #[test]
    fn a_code_matches_its_step_and_the_neighbours_only() {
        let secret = new_secret().unwrap();
        assert_eq!(secret.len(), 32);
        let at = 1_700_000_000_000i64;
        let code = code_at(&secret, (at / 1000) as u64).unwrap();
        let step = at / 1000 / 30;
        assert_eq!(matching_step(&secret, &code, at).unwrap(), Some(step));
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert_eq!(matching_step(&secret, &spaced, at).unwrap(), Some(step));
        assert_eq!(
            matching_step(&secret, &code, at + 30_000).unwrap(),
            Some(step)
        );
        assert_eq!(
            matching_step(&secret, &code, at - 30_000).unwrap(),
            Some(step)
        );
        assert_eq!(matching_step(&secret, &code, at + 90_000).unwrap(), None);
        assert_eq!(matching_step(&secret, "12345", at).unwrap(), None);
        assert_eq!(matching_step(&secret, "abcdef", at).unwrap(), None);
    }

    #[test]
    fn the_setup_link_names_the_issuer_and_the_account() {
        let link = setup_link(RFC_SECRET, "lan@example.vn").unwrap();
        assert!(
            link.starts_with("otpauth://totp/VssID%20reception:lan%40example.vn?"),
            "{link}"
        );
        assert!(link.contains(&format!("secret={RFC_SECRET}")), "{link}");
    }
}
