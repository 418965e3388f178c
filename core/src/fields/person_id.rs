//! The identity document number: CCCD (12 digits), CMND (9 or 12 digits) or passport.
//!
//! A CCCD number (số định danh cá nhân, Thông tư 07/2016/TT-BCA Điều 7) is built as
//! `PPP S YY RRRRRR`: `PPP` is where the birth was registered (a pre-2025 province code,
//! zero-padded, or a country code when the first digit is not 0), `S` gives century and sex,
//! `YY` the last two digits of the birth year, then six random digits. There is no check
//! digit. A 12-digit CMND has the same structure and is treated as a CCCD.

use crate::fields::{REQUIRED_EN, REQUIRED_VI};
use crate::lang::localized;
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

/// Sex as encoded in a CCCD number (and printed on the card).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// Where a birth was registered, read from the first three digits of a CCCD number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum BirthRegistration {
    /// In Vietnam: a pre-2025 province, its 3-digit code (e.g. `034`) and name.
    Province { code: String, name: String },
    /// Abroad: the 3-digit country code (first digit not 0).
    Abroad { country_code: String },
}

/// What a CCCD number tells about its holder; used to cross-check the card's QR code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CccdFacts {
    pub birth_registration: BirthRegistration,
    pub sex: Sex,
    pub birth_year: u16,
}

/// The 63 provinces before the 2025 merger, by their GSO code (two digits; a CCCD number
/// carries them zero-padded to three). CCCD numbers keep these codes for good.
pub const LEGACY_PROVINCES: [(u8, &str); 63] = [
    (1, "Hà Nội"),
    (2, "Hà Giang"),
    (4, "Cao Bằng"),
    (6, "Bắc Kạn"),
    (8, "Tuyên Quang"),
    (10, "Lào Cai"),
    (11, "Điện Biên"),
    (12, "Lai Châu"),
    (14, "Sơn La"),
    (15, "Yên Bái"),
    (17, "Hòa Bình"),
    (19, "Thái Nguyên"),
    (20, "Lạng Sơn"),
    (22, "Quảng Ninh"),
    (24, "Bắc Giang"),
    (25, "Phú Thọ"),
    (26, "Vĩnh Phúc"),
    (27, "Bắc Ninh"),
    (30, "Hải Dương"),
    (31, "Hải Phòng"),
    (33, "Hưng Yên"),
    (34, "Thái Bình"),
    (35, "Hà Nam"),
    (36, "Nam Định"),
    (37, "Ninh Bình"),
    (38, "Thanh Hóa"),
    (40, "Nghệ An"),
    (42, "Hà Tĩnh"),
    (44, "Quảng Bình"),
    (45, "Quảng Trị"),
    (46, "Thừa Thiên Huế"),
    (48, "Đà Nẵng"),
    (49, "Quảng Nam"),
    (51, "Quảng Ngãi"),
    (52, "Bình Định"),
    (54, "Phú Yên"),
    (56, "Khánh Hòa"),
    (58, "Ninh Thuận"),
    (60, "Bình Thuận"),
    (62, "Kon Tum"),
    (64, "Gia Lai"),
    (66, "Đắk Lắk"),
    (67, "Đắk Nông"),
    (68, "Lâm Đồng"),
    (70, "Bình Phước"),
    (72, "Tây Ninh"),
    (74, "Bình Dương"),
    (75, "Đồng Nai"),
    (77, "Bà Rịa - Vũng Tàu"),
    (79, "Hồ Chí Minh"),
    (80, "Long An"),
    (82, "Tiền Giang"),
    (83, "Bến Tre"),
    (84, "Trà Vinh"),
    (86, "Vĩnh Long"),
    (87, "Đồng Tháp"),
    (89, "An Giang"),
    (91, "Kiên Giang"),
    (92, "Cần Thơ"),
    (93, "Hậu Giang"),
    (94, "Sóc Trăng"),
    (95, "Bạc Liêu"),
    (96, "Cà Mau"),
];

/// The name of a pre-2025 province from its code, given with 2 or 3 digits (`34`, `034`).
pub fn legacy_province_name(code: &str) -> Option<&'static str> {
    if !(2..=3).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u8 = code.parse().ok()?;
    LEGACY_PROVINCES
        .iter()
        .find(|(c, _)| *c == number)
        .map(|(_, name)| *name)
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
    #[error("unexpected character {0:?}")]
    InvalidCharacter(char),
    #[error("a number of {found} digits is neither a CCCD (12) nor a CMND (9)")]
    Length { found: usize },
    #[error("a passport number is one letter and 7 digits")]
    PassportFormat,
    #[error("province code {code} is not a birth-registration code")]
    UnknownProvince { code: String },
    #[error("century digit {digit} gives a birth year after 2099")]
    CenturyOutOfRange { digit: u8 },
    #[error("birth year {year} is in the future")]
    BirthYearInFuture { year: u16 },
}

localized! {
    PersonIdError {
        Self::Empty => "required", vi ("{REQUIRED_VI}"), en ("{REQUIRED_EN}");
        Self::InvalidCharacter(c) => "person_id_invalid_character",
            vi ("Số giấy tờ chỉ gồm chữ số (hộ chiếu: một chữ cái và 7 chữ số); không dùng được ký tự “{c}”"),
            en ("An ID number has only digits (a passport: one letter and 7 digits); “{c}” is not allowed");
        Self::Length { found } => "person_id_length",
            vi ("Số CCCD có 12 chữ số, số CMND có 9 hoặc 12 chữ số; số vừa nhập có {found} chữ số"),
            en ("A CCCD number has 12 digits, a CMND number 9 or 12; this one has {found}");
        Self::PassportFormat => "person_id_passport_format",
            vi ("Số hộ chiếu gồm một chữ cái in hoa và 7 chữ số, ví dụ C1234567"),
            en ("A passport number is one capital letter and 7 digits, e.g. C1234567");
        Self::UnknownProvince { code } => "person_id_unknown_province",
            vi ("Ba số đầu của số CCCD ({code}) không phải mã tỉnh/thành phố nơi đăng ký khai sinh"),
            en ("The first three digits of the CCCD number ({code}) are not a province code of birth registration");
        Self::CenturyOutOfRange { digit } => "person_id_century",
            vi ("Chữ số thứ tư của số CCCD ({digit}) ứng với năm sinh sau 2099; vui lòng kiểm tra lại"),
            en ("The fourth digit of the CCCD number ({digit}) means a birth year after 2099; please check it");
        Self::BirthYearInFuture { year } => "person_id_birth_year_future",
            vi ("Số CCCD cho năm sinh {year}, là năm trong tương lai; vui lòng kiểm tra lại"),
            en ("The CCCD number gives the birth year {year}, which is in the future; please check it");
    }
}

/// Something about an accepted number the person should know: the registration still goes,
/// but the office may ask about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonIdWarning {
    /// A 9-digit CMND: no longer valid since 2025-01-01 (Luật Căn cước 2023). A 12-digit
    /// CMND cannot be told from a CCCD, so it never gets this warning.
    CmndNoLongerValid,
    /// A 12-digit Mã BHXH and a 12-digit CCCD were both given and differ: since 2025-08-01
    /// the personal identification number (the CCCD number) is the Mã BHXH
    /// (Công văn 1804/BHXH-QLT), so they should be the same number.
    BhxhCodeDiffersFromCccd,
}

localized! {
    PersonIdWarning {
        Self::CmndNoLongerValid => "person_id_cmnd_expired",
            vi ("CMND 9 số không còn giá trị sử dụng từ 01/01/2025. Hồ sơ vẫn được gửi, nhưng cơ quan BHXH có thể đề nghị bạn xuất trình thẻ căn cước (CCCD)."),
            en ("A 9-digit CMND is no longer valid since 1 January 2025. The registration can still be sent, but the BHXH office may ask you for your identity card (CCCD).");
        Self::BhxhCodeDiffersFromCccd => "bhxh_code_differs_from_cccd",
            vi ("Mã BHXH 12 số khác số CCCD đã nhập. Từ 01/8/2025, số định danh cá nhân (số CCCD) được dùng làm Mã BHXH (Công văn 1804/BHXH-QLT), nên hai số này phải trùng nhau; vui lòng kiểm tra lại."),
            en ("The 12-digit BHXH code differs from the CCCD number you typed. Since 1 August 2025 the personal identification number (the CCCD number) is the BHXH code (letter 1804/BHXH-QLT), so both should be the same; please check them.");
    }
}

impl PersonId {
    /// Parses what a person typed. Spaces, dots and dashes are removed and letters
    /// upper-cased; the kind is inferred: 12 digits → CCCD (a 12-digit CMND shares its
    /// structure), 9 digits → CMND, a letter and 7 digits → passport.
    pub fn parse(input: &str) -> Result<Self, PersonIdError> {
        let value = crate::fields::strip_separators(input).to_uppercase();
        let mut chars = value.chars();
        let Some(first) = chars.next() else {
            return Err(PersonIdError::Empty);
        };
        if let Some(c) = value
            .chars()
            .find(|c| !c.is_ascii_digit() && !c.is_ascii_uppercase())
        {
            return Err(PersonIdError::InvalidCharacter(c));
        }
        if first.is_ascii_uppercase() {
            if value.len() == 8 && chars.all(|c| c.is_ascii_digit()) {
                return Ok(Self {
                    value,
                    kind: PersonIdKind::Passport,
                });
            }
            return Err(PersonIdError::PassportFormat);
        }
        if let Some(c) = value.chars().find(|c| !c.is_ascii_digit()) {
            return Err(PersonIdError::InvalidCharacter(c));
        }
        let kind = match value.len() {
            9 => PersonIdKind::Cmnd,
            12 => {
                decode_cccd(&value)?;
                PersonIdKind::Cccd
            }
            found => return Err(PersonIdError::Length { found }),
        };
        Ok(Self { value, kind })
    }

    /// The normalised number: digits, or an upper-case letter and 7 digits.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn kind(&self) -> PersonIdKind {
        self.kind
    }

    /// What the number tells of its holder, for a CCCD; `None` for other kinds.
    pub fn cccd_facts(&self) -> Option<CccdFacts> {
        match self.kind {
            PersonIdKind::Cccd => decode_cccd(&self.value).ok(),
            _ => None,
        }
    }

    /// Checks the birth year against the current year (which the caller supplies, so that
    /// parsing stays independent of the clock). Numbers without a birth year pass.
    pub fn check_birth_year(&self, current_year: u16) -> Result<(), PersonIdError> {
        match self.cccd_facts() {
            Some(facts) if facts.birth_year > current_year => {
                Err(PersonIdError::BirthYearInFuture {
                    year: facts.birth_year,
                })
            }
            _ => Ok(()),
        }
    }
}

/// Decodes a 12-digit CCCD number (digits already checked).
fn decode_cccd(value: &str) -> Result<CccdFacts, PersonIdError> {
    let digits: Vec<u8> = value.bytes().map(|b| b - b'0').collect();
    let place = &value[..3];
    let birth_registration = if digits[0] == 0 {
        match legacy_province_name(place) {
            Some(name) => BirthRegistration::Province {
                code: place.to_string(),
                name: name.to_string(),
            },
            None => {
                return Err(PersonIdError::UnknownProvince {
                    code: place.to_string(),
                })
            }
        }
    } else {
        BirthRegistration::Abroad {
            country_code: place.to_string(),
        }
    };
    let century_digit = digits[3];
    // 0/1: 1900s, 2/3: 2000s; 4..=9 would be the 2100s to 2300s, not yet possible.
    if century_digit > 3 {
        return Err(PersonIdError::CenturyOutOfRange {
            digit: century_digit,
        });
    }
    // Even digits are men, odd digits women.
    let sex = match century_digit {
        0 | 2 => Sex::Male,
        _ => Sex::Female,
    };
    let century = 19 + u16::from(century_digit / 2);
    let birth_year = century * 100 + u16::from(digits[4]) * 10 + u16::from(digits[5]);
    Ok(CccdFacts {
        birth_registration,
        sex,
        birth_year,
    })
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

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, Localized};

    fn province(code: &str, name: &str) -> BirthRegistration {
        BirthRegistration::Province {
            code: code.into(),
            name: name.into(),
        }
    }

    #[test]
    fn legacy_table_has_63_distinct_codes_from_001_to_096() {
        let mut codes: Vec<u8> = LEGACY_PROVINCES.iter().map(|(c, _)| *c).collect();
        assert_eq!(codes.len(), 63);
        codes.dedup();
        assert_eq!(codes.len(), 63, "codes are sorted and distinct");
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(codes.first(), Some(&1));
        assert_eq!(codes.last(), Some(&96));
        let mut names: Vec<&str> = LEGACY_PROVINCES.iter().map(|(_, n)| *n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 63);
        for (code, name) in [
            ("001", "Hà Nội"),
            ("031", "Hải Phòng"),
            ("048", "Đà Nẵng"),
            ("079", "Hồ Chí Minh"),
            ("015", "Yên Bái"),
            ("92", "Cần Thơ"),
        ] {
            assert_eq!(legacy_province_name(code), Some(name));
        }
        for gap in [
            "003", "005", "007", "009", "013", "016", "018", "021", "023", "028",
        ] {
            assert_eq!(legacy_province_name(gap), None, "{gap}");
        }
        for gap in [
            "029", "032", "039", "041", "043", "047", "050", "097", "099", "000",
        ] {
            assert_eq!(legacy_province_name(gap), None, "{gap}");
        }
    }

    #[test]
    fn cccd_samples_decode_to_province_sex_and_year() {
        let cases = [
            (
                "034303011829",
                province("034", "Thái Bình"),
                Sex::Female,
                2003,
            ),
            ("089202017098", province("089", "An Giang"), Sex::Male, 2002),
            (
                "049202000284",
                province("049", "Quảng Nam"),
                Sex::Male,
                2002,
            ),
            (
                "079090012345",
                province("079", "Hồ Chí Minh"),
                Sex::Male,
                1990,
            ),
            ("001090123456", province("001", "Hà Nội"), Sex::Male, 1990),
            ("001185000001", province("001", "Hà Nội"), Sex::Female, 1985),
        ];
        for (number, place, sex, year) in cases {
            let id = PersonId::parse(number).unwrap();
            assert_eq!(id.kind(), PersonIdKind::Cccd);
            let facts = id.cccd_facts().unwrap();
            assert_eq!(facts.birth_registration, place, "{number}");
            assert_eq!(facts.sex, sex, "{number}");
            assert_eq!(facts.birth_year, year, "{number}");
        }
    }

    #[test]
    fn a_non_zero_first_digit_is_a_country_of_birth_registration() {
        let id = PersonId::parse("704301234567").unwrap();
        let facts = id.cccd_facts().unwrap();
        assert_eq!(
            facts.birth_registration,
            BirthRegistration::Abroad {
                country_code: "704".into()
            }
        );
        assert_eq!((facts.sex, facts.birth_year), (Sex::Female, 2001));
    }

    #[test]
    fn unknown_province_codes_are_rejected_with_the_code() {
        for number in [
            "003203011829",
            "097203011829",
            "000203011829",
            "099203011829",
        ] {
            let err = PersonId::parse(number).unwrap_err();
            assert_eq!(
                err,
                PersonIdError::UnknownProvince {
                    code: number[..3].into()
                }
            );
            assert_eq!(err.code(), "person_id_unknown_province");
            assert!(err.message(Lang::Vi).contains(&number[..3]));
        }
    }

    #[test]
    fn centuries_after_2099_are_rejected_and_future_years_need_the_clock() {
        let err = PersonId::parse("034403011829").unwrap_err();
        assert_eq!(err, PersonIdError::CenturyOutOfRange { digit: 4 });
        assert_eq!(err.code(), "person_id_century");
        let id = PersonId::parse("034330011829").unwrap();
        assert_eq!(id.cccd_facts().unwrap().birth_year, 2030);
        assert_eq!(
            id.check_birth_year(2026),
            Err(PersonIdError::BirthYearInFuture { year: 2030 })
        );
        assert_eq!(id.check_birth_year(2030), Ok(()));
        let cmnd = PersonId::parse("123456789").unwrap();
        assert_eq!(cmnd.check_birth_year(1900), Ok(()));
    }

    #[test]
    fn cmnd_and_passport_are_inferred() {
        let cmnd = PersonId::parse(" 352 576 714 ").unwrap();
        assert_eq!(
            (cmnd.as_str(), cmnd.kind()),
            ("352576714", PersonIdKind::Cmnd)
        );
        assert_eq!(cmnd.cccd_facts(), None);
        let passport = PersonId::parse("c1234567").unwrap();
        assert_eq!(
            (passport.as_str(), passport.kind()),
            ("C1234567", PersonIdKind::Passport)
        );
        assert_eq!(passport.cccd_facts(), None);
        let cccd = PersonId::parse("034.303.011.829").unwrap();
        assert_eq!(cccd.as_str(), "034303011829");
    }

    #[test]
    fn malformed_numbers_are_rejected() {
        assert_eq!(PersonId::parse("  "), Err(PersonIdError::Empty));
        assert_eq!(PersonId::parse("").unwrap_err().code(), "required");
        assert_eq!(
            PersonId::parse("12345678"),
            Err(PersonIdError::Length { found: 8 })
        );
        assert_eq!(
            PersonId::parse("0343030118290"),
            Err(PersonIdError::Length { found: 13 })
        );
        assert_eq!(
            PersonId::parse("C123456"),
            Err(PersonIdError::PassportFormat)
        );
        assert_eq!(
            PersonId::parse("CC234567"),
            Err(PersonIdError::PassportFormat)
        );
        assert_eq!(
            PersonId::parse("0343O3011829"),
            Err(PersonIdError::InvalidCharacter('O'))
        );
        assert_eq!(
            PersonId::parse("034303011829/"),
            Err(PersonIdError::InvalidCharacter('/'))
        );
        assert_eq!(
            PersonId::parse("Đ1234567"),
            Err(PersonIdError::InvalidCharacter('Đ'))
        );
    }

    #[test]
    fn serde_goes_through_parse() {
        let id: PersonId = serde_json::from_str("\"034303011829\"").unwrap();
        assert_eq!(id.kind(), PersonIdKind::Cccd);
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"034303011829\"");
        assert!(serde_json::from_str::<PersonId>("\"003303011829\"").is_err());
    }

    #[test]
    fn every_error_has_a_code_and_both_messages() {
        let errors = [
            PersonIdError::Empty,
            PersonIdError::InvalidCharacter('x'),
            PersonIdError::Length { found: 3 },
            PersonIdError::PassportFormat,
            PersonIdError::UnknownProvince { code: "003".into() },
            PersonIdError::CenturyOutOfRange { digit: 5 },
            PersonIdError::BirthYearInFuture { year: 2030 },
        ];
        for e in errors {
            assert!(!e.code().is_empty());
            assert_ne!(e.message(Lang::Vi), e.message(Lang::En));
        }
    }
}
