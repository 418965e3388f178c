//! A Vietnamese mobile number, stored in E.164.
//!
//! Accepts the forms people type (`0912 345 678`, `+84 91 234 5678`, `84912345678`,
//! `0084-912-345-678`, `(091) 234.5678`) and checks the number against Google's
//! libphonenumber metadata for the mobile ranges of Vietnam (`phone_rules`: Vietnam's
//! metadata only, as tables made at build time). Old 11-digit numbers (`01x…`, renumbered in 2018) are refused with their new
//! 10-digit form; landlines and foreign numbers are refused.

use crate::fields::full_name::describe_char;
use crate::fields::phone_rules::{self, NumberType};
use crate::fields::{REQUIRED_EN, REQUIRED_VI};
use crate::lang::{localized, Lang};
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
    #[error("character {0:?} is not allowed in a phone number")]
    InvalidCharacter(char),
    #[error("a mobile number has 10 digits, this one has {found}")]
    Length { found: usize },
    #[error("old 11-digit number; its new form is {new_form}")]
    Legacy11Digits { new_form: String },
    #[error("not a mobile number")]
    NotMobile,
    #[error("a foreign number (country code +{country_code})")]
    Foreign { country_code: String },
    #[error("no Vietnamese mobile number starts like this")]
    UnknownRange,
}

localized! {
    PhoneError {
        Self::Empty => "required", vi ("{REQUIRED_VI}"), en ("{REQUIRED_EN}");
        Self::InvalidCharacter(c) => "phone_invalid_character",
            vi ("Số điện thoại chỉ gồm chữ số (có thể có dấu +, dấu cách, dấu chấm, gạch nối, ngoặc); không dùng được {}", describe_char(*c, Lang::Vi)),
            en ("A phone number has only digits (and +, spaces, dots, dashes, brackets); {} is not allowed", describe_char(*c, Lang::En));
        Self::Length { found } => "phone_length",
            vi ("Số điện thoại di động có 10 chữ số, ví dụ 0912 345 678; số vừa nhập có {found} chữ số"),
            en ("A mobile number has 10 digits, e.g. 0912 345 678; this one has {found}");
        Self::Legacy11Digits { new_form } => "phone_legacy_11_digits",
            vi ("Số 11 chữ số đã được chuyển sang 10 chữ số từ năm 2018; số mới của bạn là {new_form}"),
            en ("11-digit numbers were changed to 10 digits in 2018; the new number is {new_form}");
        Self::NotMobile => "phone_not_mobile",
            vi ("Đây không phải số di động; vui lòng nhập số di động của bạn (BHXH gửi thông tin tài khoản qua số này)"),
            en ("This is not a mobile number; please enter your mobile number (the account details are sent to it)");
        Self::Foreign { country_code } => "phone_foreign",
            vi ("Đây là số nước ngoài (mã +{country_code}); vui lòng nhập số di động Việt Nam"),
            en ("This is a foreign number (country code +{country_code}); please enter a Vietnamese mobile number");
        Self::UnknownRange => "phone_unknown_range",
            vi ("Số điện thoại không hợp lệ: không có số di động Việt Nam nào bắt đầu như vậy"),
            en ("This is not a valid number: no Vietnamese mobile number starts like this");
    }
}

/// The 2018 renumbering of 11-digit mobile numbers: old prefix (without the leading 0) →
/// new prefix (without the leading 0). The last 7 digits were kept.
const LEGACY_PREFIXES: [(&str, &str); 21] = [
    ("120", "70"),
    ("121", "79"),
    ("122", "77"),
    ("126", "76"),
    ("128", "78"),
    ("123", "83"),
    ("124", "84"),
    ("125", "85"),
    ("127", "81"),
    ("129", "82"),
    ("162", "32"),
    ("163", "33"),
    ("164", "34"),
    ("165", "35"),
    ("166", "36"),
    ("167", "37"),
    ("168", "38"),
    ("169", "39"),
    ("186", "56"),
    ("188", "58"),
    ("199", "59"),
];

/// The new 10-digit national form of an old 11-digit number, given its 10 significant
/// digits (without the trunk 0), e.g. `1681234567` → `0381234567`.
pub fn renumbered_2018(significant: &str) -> Option<String> {
    if significant.len() != 10 || !significant.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (old, rest) = significant.split_at(3);
    LEGACY_PREFIXES
        .iter()
        .find(|(from, _)| *from == old)
        .map(|(_, to)| format!("0{to}{rest}"))
}

/// What the digits typed say before any range check.
enum Reading {
    /// A Vietnamese national significant number (no trunk 0, no country code).
    Vietnamese(String),
    /// An international number with another country code (all digits after the `+`).
    International(String),
}

/// Reads the digits people type: `+84…`, `0084…`, `84…` (11 or 12 digits), `0…`, or the
/// bare 9 significant digits.
fn read_digits(input: &str) -> Result<Reading, PhoneError> {
    let trimmed = input.trim();
    let mut digits = String::with_capacity(trimmed.len());
    let mut plus = false;
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            '.' | '-' | '(' | ')' | '/' => {}
            c if c.is_whitespace() => {}
            c => return Err(PhoneError::InvalidCharacter(c)),
        }
    }
    if digits.is_empty() {
        return Err(if plus {
            PhoneError::Length { found: 0 }
        } else {
            PhoneError::Empty
        });
    }
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    if let Some(after_plus) = international {
        return Ok(match after_plus.strip_prefix("84") {
            // "+84 (0) 912…": the trunk 0 is sometimes kept after the country code.
            Some(rest) => Reading::Vietnamese(rest.strip_prefix('0').unwrap_or(rest).into()),
            None => Reading::International(after_plus.into()),
        });
    }
    if let Some(rest) = digits.strip_prefix('0') {
        return Ok(Reading::Vietnamese(rest.into()));
    }
    if let Some(rest) = digits.strip_prefix("84") {
        if matches!(rest.len(), 9 | 10) {
            return Ok(Reading::Vietnamese(rest.into()));
        }
    }
    Ok(Reading::Vietnamese(digits))
}

impl PhoneNumber {
    /// Parses what a person typed and keeps it in E.164 (`+84912345678`).
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let significant = match read_digits(input)? {
            Reading::Vietnamese(significant) => significant,
            Reading::International(digits) => return Err(foreign(&digits)),
        };
        if let Some(new_form) = renumbered_2018(&significant) {
            return Err(PhoneError::Legacy11Digits { new_form });
        }
        let e164 = format!("+84{significant}");
        let national = phone_rules::vn_national(&significant).ok_or(PhoneError::Length {
            found: significant.len() + 1,
        })?;
        match phone_rules::number_type(national) {
            NumberType::Mobile => Ok(Self(e164)),
            NumberType::Unknown => {
                // A number that is neither 10 nor 11 digits long in national form.
                if !(9..=10).contains(&significant.len()) {
                    Err(PhoneError::Length {
                        found: significant.len() + 1,
                    })
                } else {
                    Err(PhoneError::UnknownRange)
                }
            }
            _ => Err(PhoneError::NotMobile),
        }
    }

    /// The number in E.164, e.g. `+84912345678`.
    pub fn as_e164(&self) -> &str {
        &self.0
    }

    /// The normalised value (E.164).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The national form as people write it: `0912 345 678`.
    pub fn national_display(&self) -> String {
        let national = format!("0{}", &self.0[3..]);
        let (head, tail) = national.split_at(4.min(national.len()));
        let (middle, last) = tail.split_at(3.min(tail.len()));
        [head, middle, last]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The error for a number with another country code, naming it when it can be found.
fn foreign(digits: &str) -> PhoneError {
    let country_code = phone_rules::country_code_of(digits)
        .map(str::to_string)
        .unwrap_or_else(|| digits.chars().take(3).collect());
    PhoneError::Foreign { country_code }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Localized;

    fn e164(input: &str) -> String {
        PhoneNumber::parse(input)
            .unwrap_or_else(|e| panic!("{input:?}: {e}"))
            .as_e164()
            .to_string()
    }

    /// The same check through the `phonenumber` crate's whole database (what the app used
    /// before the Vietnam-only tables): the reference the tables are compared with.
    fn parse_with_full_rules(input: &str) -> Result<String, PhoneError> {
        let significant = match read_digits(input)? {
            Reading::Vietnamese(significant) => significant,
            Reading::International(digits) => {
                let country_code = phonenumber::parse(None, format!("+{digits}"))
                    .map(|n| n.code().value().to_string())
                    .unwrap_or_else(|_| digits.chars().take(3).collect());
                return Err(PhoneError::Foreign { country_code });
            }
        };
        if let Some(new_form) = renumbered_2018(&significant) {
            return Err(PhoneError::Legacy11Digits { new_form });
        }
        let e164 = format!("+84{significant}");
        let parsed =
            phonenumber::parse(Some(phonenumber::country::Id::VN), &e164).map_err(|_| {
                PhoneError::Length {
                    found: significant.len() + 1,
                }
            })?;
        match parsed.number_type(&phonenumber::metadata::DATABASE) {
            phonenumber::Type::Mobile => Ok(e164),
            phonenumber::Type::Unknown if !(9..=10).contains(&significant.len()) => {
                Err(PhoneError::Length {
                    found: significant.len() + 1,
                })
            }
            phonenumber::Type::Unknown => Err(PhoneError::UnknownRange),
            _ => Err(PhoneError::NotMobile),
        }
    }

    /// Our answer is the full rules' one. One difference is allowed, and only in the country
    /// code named for a foreign number with fewer than 7 digits after it: the full rules read
    /// such a short number with that country's own rules (trunk prefix, lengths) and, when
    /// those refuse it, name its first three digits instead of the code; the tables know no
    /// other country's rules. Either way the number is refused as foreign.
    fn same_as_full_rules(input: &str) {
        let ours = PhoneNumber::parse(input).map(|n| n.as_e164().to_string());
        let full = parse_with_full_rules(input);
        if let (Err(PhoneError::Foreign { country_code: a }), Err(PhoneError::Foreign { .. })) =
            (&ours, &full)
        {
            let digits: String = input.chars().filter(char::is_ascii_digit).collect();
            let after_plus = if input.trim_start().starts_with('+') {
                digits.as_str()
            } else {
                digits.strip_prefix("00").unwrap_or(&digits)
            };
            if after_plus.len() < a.len() + 7 {
                return;
            }
        }
        assert_eq!(ours, full, "{input:?}");
    }

    /// A small deterministic generator (no dependency): xorshift.
    struct Digits(u64);
    impl Digits {
        fn next(&mut self) -> u8 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            b'0' + (self.0 % 10) as u8
        }
        fn string(&mut self, len: usize) -> String {
            (0..len).map(|_| char::from(self.next())).collect()
        }
    }

    #[test]
    fn the_vietnam_tables_answer_as_the_full_rules_on_every_prefix_and_length() {
        // Every national prefix of up to 4 digits, at every length from 1 to 13 digits, in
        // the forms people type (with the trunk 0, with +84, with 84, bare), the rest random.
        let mut random = Digits(0x9E37_79B9_7F4A_7C15);
        let mut checked = 0;
        for prefix_len in 1..=4u32 {
            for prefix in 0..10u32.pow(prefix_len) {
                let prefix = format!("{prefix:0width$}", width = prefix_len as usize);
                for len in prefix.len()..=13 {
                    let significant = format!("{prefix}{}", random.string(len - prefix.len()));
                    for typed in [
                        format!("0{significant}"),
                        format!("+84{significant}"),
                        format!("+840{significant}"),
                        format!("84{significant}"),
                        significant.clone(),
                    ] {
                        same_as_full_rules(&typed);
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 500_000, "{checked} cases");
    }

    #[test]
    fn the_vietnam_tables_answer_as_the_full_rules_on_the_metadata_examples_and_foreign_numbers() {
        // The example numbers of the shared metadata, and every exampleNumber of each type.
        let shared = include_str!("../../data/phone/libphonenumber-VN.xml");
        for example in shared.split("<exampleNumber>").skip(1) {
            let number = &example[..example.find('<').unwrap()];
            same_as_full_rules(&format!("0{number}"));
            same_as_full_rules(&format!("+84 {number}"));
        }
        // Foreign numbers: every country code, with a realistic number after it.
        let mut random = Digits(7);
        for code in phone_rules::COUNTRY_CALLING_CODES {
            for len in 7..=12 {
                let number = format!("{code}{}", random.string(len));
                same_as_full_rules(&format!("+{number}"));
                same_as_full_rules(&format!("00{number}"));
            }
        }
    }

    #[test]
    fn the_country_codes_are_those_of_the_full_metadata() {
        for code in 1..1000u16 {
            assert_eq!(
                phone_rules::COUNTRY_CALLING_CODES
                    .binary_search(&code)
                    .is_ok(),
                phonenumber::metadata::DATABASE.by_code(&code).is_some(),
                "+{code}"
            );
        }
    }

    #[test]
    fn mobile_ranges_follow_the_2026_metadata() {
        for (typed, expected) in [
            ("0912345678", "+84912345678"),
            ("0321234567", "+84321234567"),
            ("0591234567", "+84591234567"),
            ("0871234567", "+84871234567"),
            ("0896234567", "+84896234567"),
            ("0522123456", "+84522123456"),
            ("0121012345", "+84121012345"),
            ("0160123456", "+84160123456"),
            ("0701234567", "+84701234567"),
        ] {
            assert_eq!(e164(typed), expected, "{typed}");
        }
        for typed in [
            "0891234567",
            "0992234567",
            "0521234567",
            "0551234567",
            "0121412345",
        ] {
            let err = PhoneNumber::parse(typed).unwrap_err();
            assert_eq!(err, PhoneError::UnknownRange, "{typed}");
            assert_eq!(err.code(), "phone_unknown_range");
        }
    }

    #[test]
    fn typed_forms_are_normalised_to_e164() {
        for typed in [
            "+84 91 234 5678",
            "+84912345678",
            "84912345678",
            "0084-912-345-678",
            "(091) 234.5678",
            " 0912 345 678 ",
            "0912.345.678",
            "+84 (0) 912 345 678",
            "912345678",
        ] {
            assert_eq!(e164(typed), "+84912345678", "{typed}");
        }
    }

    #[test]
    fn the_national_display_groups_four_three_three() {
        let phone = PhoneNumber::parse("+84912345678").unwrap();
        assert_eq!(phone.national_display(), "0912 345 678");
        let phone = PhoneNumber::parse("0121012345").unwrap();
        assert_eq!(phone.national_display(), "0121 012 345");
    }

    #[test]
    fn old_eleven_digit_numbers_get_their_new_form_in_the_hint() {
        let err = PhoneNumber::parse("01681234567").unwrap_err();
        assert_eq!(
            err,
            PhoneError::Legacy11Digits {
                new_form: "0381234567".into()
            }
        );
        assert_eq!(err.code(), "phone_legacy_11_digits");
        assert!(err.message(Lang::Vi).contains("0381234567"));
        assert!(err.message(Lang::En).contains("0381234567"));
        for (old, new) in [
            ("01201234567", "0701234567"),
            ("+84 121 123 4567", "0791234567"),
            ("0129.123.4567", "0821234567"),
            ("01621234567", "0321234567"),
            ("01861234567", "0561234567"),
            ("01991234567", "0591234567"),
        ] {
            assert_eq!(
                PhoneNumber::parse(old),
                Err(PhoneError::Legacy11Digits {
                    new_form: new.into()
                }),
                "{old}"
            );
            // The hint is itself a valid mobile number.
            assert!(PhoneNumber::parse(new).is_ok(), "{new}");
        }
        assert_eq!(renumbered_2018("1301234567"), None);
        assert_eq!(renumbered_2018("168123456"), None);
    }

    #[test]
    fn landlines_and_service_numbers_are_not_mobile() {
        for typed in [
            "02838123456",
            "024 3974 7412",
            "+84 28 3812 3456",
            "1800 1234",
        ] {
            let err = PhoneNumber::parse(typed).unwrap_err();
            assert_eq!(err, PhoneError::NotMobile, "{typed}");
            assert_eq!(err.code(), "phone_not_mobile");
        }
    }

    #[test]
    fn foreign_numbers_name_their_country_code() {
        for (typed, code) in [
            ("+1 650 253 0000", "1"),
            ("+44 7911 123456", "44"),
            ("0065 9123 4567", "65"),
        ] {
            let err = PhoneNumber::parse(typed).unwrap_err();
            assert_eq!(
                err,
                PhoneError::Foreign {
                    country_code: code.into()
                },
                "{typed}"
            );
            assert!(err.message(Lang::Vi).contains(&format!("+{code}")));
        }
    }

    #[test]
    fn bad_input_is_refused_with_its_reason() {
        assert_eq!(PhoneNumber::parse("  "), Err(PhoneError::Empty));
        assert_eq!(PhoneNumber::parse("").unwrap_err().code(), "required");
        assert_eq!(
            PhoneNumber::parse("0912 345 67a"),
            Err(PhoneError::InvalidCharacter('a'))
        );
        assert_eq!(
            PhoneNumber::parse("091+2345678"),
            Err(PhoneError::InvalidCharacter('+'))
        );
        assert_eq!(
            PhoneNumber::parse("091234567"),
            Err(PhoneError::Length { found: 9 })
        );
        assert_eq!(
            PhoneNumber::parse("091234567890"),
            Err(PhoneError::Length { found: 12 })
        );
        assert_eq!(
            PhoneNumber::parse("+"),
            Err(PhoneError::Length { found: 0 })
        );
    }

    #[test]
    fn serde_goes_through_parse() {
        let phone: PhoneNumber = serde_json::from_str("\"0912 345 678\"").unwrap();
        assert_eq!(serde_json::to_string(&phone).unwrap(), "\"+84912345678\"");
        assert!(serde_json::from_str::<PhoneNumber>("\"01681234567\"").is_err());
    }
}
