//! An e-mail address fit for registration (what <input type=email> accepts, with a dotted domain).
//!
//! The rule is the WHATWG HTML "valid e-mail address" (ASCII, no quoted local parts, no
//! comments, no display names), narrowed for an address BHXH must be able to write to:
//! the domain has at least one dot and its last label starts and ends with a letter (no
//! numeric top-level domain, so no bare IP address; single letters and `xn--` labels stay);
//! the local part neither starts nor ends with a dot nor has two dots in a row; at most 64
//! characters before the `@` and 254 in all. The input is trimmed and the domain lower-cased
//! (the local part is kept as typed: its case may matter to the mail server).

use crate::fields::full_name::describe_char;
use crate::fields::{REQUIRED_EN, REQUIRED_VI};
use crate::lang::{localized, Lang};
use serde::{Deserialize, Serialize};

/// Longest address accepted (RFC 5321 path limit less the angle brackets).
pub const MAX_LEN: usize = 254;
/// Longest local part (before the `@`) accepted.
pub const MAX_LOCAL_LEN: usize = 64;
/// Longest domain label accepted.
const MAX_LABEL_LEN: usize = 63;

/// An e-mail address fit for registration (what <input type=email> accepts, with a dotted domain).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a value is not a valid [`Email`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("required")]
    Empty,
    #[error("a display name or angle brackets around the address")]
    DisplayName,
    #[error("character {0:?} is not allowed in an e-mail address")]
    InvalidCharacter(char),
    #[error("no @")]
    MissingAt,
    #[error("more than one @")]
    MultipleAt,
    #[error("nothing before the @")]
    EmptyLocalPart,
    #[error("nothing after the @")]
    EmptyDomain,
    #[error("the part before the @ starts or ends with a dot, or has two dots in a row")]
    LocalPartDots,
    #[error("the part before the @ is longer than {MAX_LOCAL_LEN} characters")]
    LocalPartTooLong,
    #[error("the address is longer than {MAX_LEN} characters")]
    TooLong,
    #[error("the domain is not valid")]
    InvalidDomain,
    #[error("the domain has no dot")]
    DomainWithoutDot,
    #[error("the top-level domain does not start and end with a letter")]
    InvalidTopLevelDomain,
}

localized! {
    EmailError {
        Self::Empty => "required", vi ("{REQUIRED_VI}"), en ("{REQUIRED_EN}");
        Self::DisplayName => "email_display_name",
            vi ("Chỉ nhập địa chỉ email (ví dụ ten@gmail.com), không kèm tên hay dấu < >"),
            en ("Enter only the address (e.g. name@gmail.com), without a name or < >");
        Self::InvalidCharacter(c) => "email_invalid_character",
            vi ("Địa chỉ email không dùng được {} (chỉ chữ không dấu, chữ số và . _ - + …)", describe_char(*c, Lang::Vi)),
            en ("An e-mail address cannot contain {} (only unaccented letters, digits and . _ - + …)", describe_char(*c, Lang::En));
        Self::MissingAt => "email_missing_at",
            vi ("Địa chỉ email cần có ký tự @, ví dụ ten@gmail.com"),
            en ("An e-mail address needs an @, e.g. name@gmail.com");
        Self::MultipleAt => "email_multiple_at",
            vi ("Địa chỉ email chỉ có một ký tự @"),
            en ("An e-mail address has only one @");
        Self::EmptyLocalPart => "email_local_empty",
            vi ("Thiếu tên hộp thư trước ký tự @"),
            en ("The mailbox name before the @ is missing");
        Self::EmptyDomain => "email_domain_empty",
            vi ("Thiếu tên miền sau ký tự @ (ví dụ gmail.com)"),
            en ("The domain after the @ is missing (e.g. gmail.com)");
        Self::LocalPartDots => "email_local_dots",
            vi ("Phần trước @ không được bắt đầu hay kết thúc bằng dấu chấm, hoặc có hai dấu chấm liền nhau"),
            en ("The part before the @ cannot start or end with a dot or have two dots in a row");
        Self::LocalPartTooLong => "email_local_too_long",
            vi ("Phần trước @ dài tối đa {MAX_LOCAL_LEN} ký tự"),
            en ("The part before the @ has at most {MAX_LOCAL_LEN} characters");
        Self::TooLong => "email_too_long",
            vi ("Địa chỉ email dài tối đa {MAX_LEN} ký tự"),
            en ("An e-mail address has at most {MAX_LEN} characters");
        Self::InvalidDomain => "email_domain_invalid",
            vi ("Tên miền sau @ không hợp lệ (ví dụ đúng: gmail.com, hcmus.edu.vn)"),
            en ("The domain after the @ is not valid (valid ones: gmail.com, hcmus.edu.vn)");
        Self::DomainWithoutDot => "email_domain_no_dot",
            vi ("Tên miền sau @ cần có dấu chấm, ví dụ gmail.com"),
            en ("The domain after the @ needs a dot, e.g. gmail.com");
        Self::InvalidTopLevelDomain => "email_tld_invalid",
            vi ("Đuôi tên miền phải bắt đầu và kết thúc bằng chữ cái, ví dụ .com, .vn"),
            en ("The domain must end in a suffix that starts and ends with a letter, such as .com or .vn");
    }
}

/// A character the WHATWG rule allows before the `@`.
fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

/// A domain label per the WHATWG rule (1 to 63 letters, digits or hyphens, not starting or
/// ending with a hyphen), where a hyphen pair in 3rd and 4th place (reserved by IDNA) is
/// only allowed in an `xn--` label that decodes as Punycode.
fn is_domain_label(label: &str) -> bool {
    let ldh = !label.is_empty()
        && label.len() <= MAX_LABEL_LEN
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-');
    if !ldh {
        return false;
    }
    if label.get(2..4) != Some("--") {
        return true;
    }
    let lower = label.to_ascii_lowercase();
    lower
        .strip_prefix("xn--")
        .and_then(decode_punycode)
        .is_some_and(|decoded| !decoded.is_ascii())
}

/// Decodes a Punycode string (RFC 3492) made of lower-case letters, digits and hyphens;
/// `None` when it is malformed.
fn decode_punycode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    fn adapt(delta: u32, points: u32, first: bool) -> u32 {
        let mut delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
    }
    let (basic, extended) = match input.rfind('-') {
        Some(pos) => (&input[..pos], &input[pos + 1..]),
        None => ("", input),
    };
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = extended.bytes().peekable();
    while digits.peek().is_some() {
        let old_i = i;
        let mut weight = 1u32;
        let mut k = BASE;
        loop {
            let digit = match digits.next()? {
                b @ b'a'..=b'z' => u32::from(b - b'a'),
                b @ b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = if k <= bias {
                T_MIN
            } else if k >= bias + T_MAX {
                T_MAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let length = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, length, old_i == 0);
        n = n.checked_add(i / length)?;
        i %= length;
        let c = char::from_u32(n).filter(|c| !c.is_ascii())?;
        output.insert(usize::try_from(i).ok()?, c);
        i += 1;
    }
    Some(output.into_iter().collect())
}

impl Email {
    /// Parses what a person typed (see the module documentation for the rule).
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(EmailError::Empty);
        }
        if value.contains('<') || value.contains('>') {
            return Err(EmailError::DisplayName);
        }
        if let Some(c) = value.chars().find(|&c| c != '@' && !is_local_char(c)) {
            return Err(EmailError::InvalidCharacter(c));
        }
        let (local, domain) = value.split_once('@').ok_or(EmailError::MissingAt)?;
        if domain.contains('@') {
            return Err(EmailError::MultipleAt);
        }
        if local.is_empty() {
            return Err(EmailError::EmptyLocalPart);
        }
        if domain.is_empty() {
            return Err(EmailError::EmptyDomain);
        }
        if let Some(c) = domain
            .chars()
            .find(|&c| !c.is_ascii_alphanumeric() && c != '.' && c != '-')
        {
            return Err(EmailError::InvalidCharacter(c));
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(EmailError::LocalPartDots);
        }
        if local.len() > MAX_LOCAL_LEN {
            return Err(EmailError::LocalPartTooLong);
        }
        if value.len() > MAX_LEN {
            return Err(EmailError::TooLong);
        }
        if !domain.split('.').all(is_domain_label) {
            return Err(EmailError::InvalidDomain);
        }
        let Some((_, top_level)) = domain.rsplit_once('.') else {
            return Err(EmailError::DomainWithoutDot);
        };
        let is_letter = |c: char| c.is_ascii_alphabetic();
        if !top_level.starts_with(is_letter) || !top_level.ends_with(is_letter) {
            return Err(EmailError::InvalidTopLevelDomain);
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Localized;

    const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata/email");

    fn lines(file: &str) -> Vec<String> {
        let path = format!("{TESTDATA}/{file}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        text.split('\n')
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The WHATWG `<input type=email>` rule, written out independently of [`Email::parse`].
    fn whatwg_valid(s: &str) -> bool {
        let Some((local, domain)) = s.split_once('@') else {
            return false;
        };
        !local.is_empty()
            && local.chars().all(is_local_char)
            && domain.split('.').all(|label| {
                let b = label.as_bytes();
                !b.is_empty()
                    && b.len() <= 63
                    && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                    && b[0].is_ascii_alphanumeric()
                    && b[b.len() - 1].is_ascii_alphanumeric()
            })
    }

    #[test]
    fn every_consensus_valid_address_is_accepted() {
        let valid = lines("valid.txt");
        assert_eq!(valid.len(), 38);
        for address in valid {
            let email = Email::parse(&address).unwrap_or_else(|e| panic!("{address:?}: {e}"));
            let (local, domain) = address.split_once('@').unwrap();
            assert_eq!(
                email.as_str(),
                format!("{local}@{}", domain.to_ascii_lowercase())
            );
        }
    }

    #[test]
    fn every_consensus_invalid_address_is_rejected() {
        let invalid = lines("invalid.txt");
        assert_eq!(invalid.len(), 103);
        for address in invalid {
            assert!(Email::parse(&address).is_err(), "{address:?} accepted");
        }
    }

    #[test]
    fn the_rule_is_never_looser_than_the_browser_on_all_cases() {
        let path = format!("{TESTDATA}/cases.json");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let cases = json["cases"].as_array().unwrap();
        assert!(cases.len() > 300);
        let (mut accepted, mut display_names) = (0, 0);
        let mut looser_than_email_validator = Vec::new();
        for case in cases {
            let address = case["address"].as_str().unwrap();
            let result = Email::parse(address);
            // The whatwg column is computed on the untrimmed string; we trim first.
            if address.trim() == address {
                assert_eq!(
                    case["whatwg"] == "valid",
                    whatwg_valid(address),
                    "{address:?}: the reference rule disagrees with the stored verdict"
                );
            }
            if result.is_ok() {
                accepted += 1;
                assert!(whatwg_valid(address.trim()), "{address:?} accepted");
                if address.trim() == address && case["email_validator_2_4_0_default"] == "invalid" {
                    looser_than_email_validator.push(address);
                }
            }
            if case["rfc"] == "display_name_form" {
                display_names += 1;
                assert!(result.is_err(), "{address:?}");
            }
            if case["rfc"] == "rfc5322_only" && address.trim() == address {
                assert!(result.is_err(), "{address:?}: comments and obsolete forms");
            }
        }
        assert!(accepted >= 38, "{accepted}");
        assert_eq!(looser_than_email_validator, Vec::<&str>::new());
        assert!(display_names >= 1);
    }

    #[test]
    fn punycode_labels_must_decode() {
        assert_eq!(decode_punycode("jxalpdlp").as_deref(), Some("δοκιμή"));
        assert_eq!(decode_punycode("bcher-kva").as_deref(), Some("bücher"));
        assert_eq!(decode_punycode("0"), None);
        assert!(Email::parse("a@xn--bcher-kva.de").is_ok());
        assert!(Email::parse("a@XN--BCHER-KVA.de").is_ok());
        assert_eq!(Email::parse("a@xn--0.tld"), Err(EmailError::InvalidDomain));
        assert_eq!(Email::parse("a@ab--cd.vn"), Err(EmailError::InvalidDomain));
    }

    #[test]
    fn input_is_trimmed_and_only_the_domain_lower_cased() {
        let email = Email::parse("  Nguyen.Van.A@GMail.COM \n").unwrap();
        assert_eq!(email.as_str(), "Nguyen.Van.A@gmail.com");
        assert_eq!(
            Email::parse("sv+vssid@st.hcmus.edu.vn").unwrap().as_str(),
            "sv+vssid@st.hcmus.edu.vn"
        );
    }

    #[test]
    fn each_mistake_has_its_own_code() {
        let cases = [
            ("", "required"),
            ("Nguyen Van A <a@gmail.com>", "email_display_name"),
            ("a b@gmail.com", "email_invalid_character"),
            ("nguyễn@gmail.com", "email_invalid_character"),
            ("a＠gmail.com", "email_invalid_character"),
            ("a@gmail_x.com", "email_invalid_character"),
            ("gmail.com", "email_missing_at"),
            ("a@b@gmail.com", "email_multiple_at"),
            ("@gmail.com", "email_local_empty"),
            ("a@", "email_domain_empty"),
            (".a@gmail.com", "email_local_dots"),
            ("a.@gmail.com", "email_local_dots"),
            ("a..b@gmail.com", "email_local_dots"),
            ("a@gmail..com", "email_domain_invalid"),
            ("a@-gmail.com", "email_domain_invalid"),
            ("a@gmail.com.", "email_domain_invalid"),
            ("a@localhost", "email_domain_no_dot"),
            ("a@1.2.3.4", "email_tld_invalid"),
            ("a@gmail.0com", "email_tld_invalid"),
            ("a@bad.tld-2", "email_tld_invalid"),
        ];
        for (input, code) in cases {
            let err = Email::parse(input).unwrap_err();
            assert_eq!(err.code(), code, "{input:?}");
            assert!(!err.message(Lang::Vi).is_empty());
            assert_ne!(err.message(Lang::Vi), err.message(Lang::En), "{input:?}");
        }
        assert!(Email::parse("a b@gmail.com")
            .unwrap_err()
            .message(Lang::Vi)
            .contains("dấu cách"));
    }

    #[test]
    fn lengths_are_limited() {
        let local = "a".repeat(MAX_LOCAL_LEN);
        assert!(Email::parse(&format!("{local}@gmail.com")).is_ok());
        assert_eq!(
            Email::parse(&format!("{local}a@gmail.com")),
            Err(EmailError::LocalPartTooLong)
        );
        let label = "b".repeat(63);
        let domain = format!("{label}.{label}.{label}.{}.vn", "c".repeat(51));
        let longest = format!("{}@{domain}", "a".repeat(MAX_LEN - domain.len() - 1));
        assert_eq!(longest.len(), MAX_LEN);
        assert!(Email::parse(&longest).is_ok());
        assert_eq!(
            Email::parse(&format!("a{longest}")),
            Err(EmailError::TooLong)
        );
        let long_label = format!("a@{}.vn", "b".repeat(64));
        assert_eq!(Email::parse(&long_label), Err(EmailError::InvalidDomain));
    }
}
