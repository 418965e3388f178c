//! The CCCD QR payload: `id|old id|name|birth date|sex|address|issue date[|…]`, parsed,
//! validated field by field and cross-checked (the ID's century/sex digit and birth year
//! against the date of birth and sex).

use crate::lang::{Lang, Localized};
use crate::text::{collapse_whitespace, nfc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The number of fields every CCCD QR payload carries; later card models may add more.
pub const CORE_FIELD_COUNT: usize = 7;

/// Longest name accepted, in characters (real names are far shorter).
const MAX_NAME_CHARS: usize = 100;
/// Longest address accepted, in characters.
const MAX_ADDRESS_CHARS: usize = 300;

/// A calendar date (proleptic Gregorian), written `YYYY-MM-DD` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: u16,
    month: u8,
    day: u8,
}

impl CivilDate {
    /// The date `year-month-day`, if it exists (leap years included).
    pub fn new(year: u16, month: u8, day: u8) -> Option<CivilDate> {
        if year == 0 || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(CivilDate { year, month, day })
    }

    /// Reads `ddmmyyyy` (exactly 8 ASCII digits), the form printed in the QR.
    pub fn parse_ddmmyyyy(s: &str) -> Option<CivilDate> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let day = s[0..2].parse().ok()?;
        let month = s[2..4].parse().ok()?;
        let year = s[4..8].parse().ok()?;
        CivilDate::new(year, month, day)
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<CivilDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| {
            s.get(r.clone())
                .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))
        };
        CivilDate::new(
            digits(0..4)?.parse().ok()?,
            digits(5..7)?.parse().ok()?,
            digits(8..10)?.parse().ok()?,
        )
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// `dd/mm/yyyy`, the way dates are written on Vietnamese forms.
    pub fn to_vietnamese(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

// `is_multiple_of` needs Rust 1.87; the workspace supports 1.85.
#[allow(clippy::manual_is_multiple_of)]
fn is_leap_year(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for CivilDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CivilDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        CivilDate::parse_iso(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD date: {s}")))
    }
}

/// Sex as printed on the card ("Nam" / "Nữ").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// Reads the card's word, `Nam` or `Nữ` (any case, any Unicode normal form).
    pub fn parse_card_word(s: &str) -> Option<Sex> {
        match nfc(s.trim()).to_lowercase().as_str() {
            "nam" => Some(Sex::Male),
            "nữ" => Some(Sex::Female),
            _ => None,
        }
    }

    /// The word for a person, in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Sex::Male, Lang::Vi) => "Nam",
            (Sex::Female, Lang::Vi) => "Nữ",
            (Sex::Male, Lang::En) => "Male",
            (Sex::Female, Lang::En) => "Female",
        }
    }
}

/// What the QR on a Vietnamese citizen identity card says about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CccdQrData {
    /// The 12-digit personal identification number (số CCCD / số định danh cá nhân).
    pub id_number: String,
    /// The old people's ID number (CMND, 9 or 12 digits), when the card carries one.
    pub old_id: Option<String>,
    /// The full name, NFC-normalised, white space collapsed, as printed (usually upper case).
    pub full_name: String,
    pub date_of_birth: CivilDate,
    pub sex: Sex,
    /// The permanent address (nơi thường trú) as printed: raw text, NFC-normalised.
    pub address: String,
    pub issue_date: CivilDate,
    /// Fields after the seventh, kept as they are (NFC-normalised), empty ones included.
    pub extra: Vec<String>,
}

/// Why a QR payload is not a CCCD payload, or not a consistent one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("the QR code holds no CCCD data (found {found} fields, need at least 7)")]
    WrongFieldCount { found: usize },
    #[error("the ID number is not 12 digits")]
    BadIdNumber,
    #[error("the old ID number is not 9 or 12 digits")]
    BadOldId,
    #[error("the full name is missing or not a name")]
    BadName,
    #[error("the date of birth is not a real ddmmyyyy date")]
    BadBirthDate,
    #[error("the sex is neither Nam nor Nữ")]
    BadSex,
    #[error("the address is missing or too long")]
    BadAddress,
    #[error("the issue date is not a real ddmmyyyy date")]
    BadIssueDate,
    #[error("the issue date is before the date of birth")]
    IssuedBeforeBirth,
    #[error("the ID number's century/sex digit does not match the date of birth and sex")]
    IdCenturySexMismatch,
    #[error("the ID number's birth year digits do not match the date of birth")]
    IdBirthYearMismatch,
}

impl Localized for PayloadError {
    fn code(&self) -> &'static str {
        match self {
            PayloadError::WrongFieldCount { .. } => "qr_not_cccd",
            PayloadError::BadIdNumber => "qr_bad_id_number",
            PayloadError::BadOldId => "qr_bad_old_id",
            PayloadError::BadName => "qr_bad_name",
            PayloadError::BadBirthDate => "qr_bad_birth_date",
            PayloadError::BadSex => "qr_bad_sex",
            PayloadError::BadAddress => "qr_bad_address",
            PayloadError::BadIssueDate => "qr_bad_issue_date",
            PayloadError::IssuedBeforeBirth => "qr_issued_before_birth",
            PayloadError::IdCenturySexMismatch => "qr_id_century_sex_mismatch",
            PayloadError::IdBirthYearMismatch => "qr_id_birth_year_mismatch",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Vi => match self {
                PayloadError::WrongFieldCount { found } => {
                    format!("Mã QR không chứa thông tin CCCD (có {found} trường, cần ít nhất 7).")
                }
                PayloadError::BadIdNumber => "Số CCCD trong mã QR không phải 12 chữ số.".into(),
                PayloadError::BadOldId => {
                    "Số CMND cũ trong mã QR không phải 9 hoặc 12 chữ số.".into()
                }
                PayloadError::BadName => "Họ và tên trong mã QR bị thiếu hoặc không hợp lệ.".into(),
                PayloadError::BadBirthDate => {
                    "Ngày sinh trong mã QR không phải ngày hợp lệ (ddmmyyyy).".into()
                }
                PayloadError::BadSex => "Giới tính trong mã QR không phải Nam hoặc Nữ.".into(),
                PayloadError::BadAddress => {
                    "Nơi thường trú trong mã QR bị thiếu hoặc quá dài.".into()
                }
                PayloadError::BadIssueDate => {
                    "Ngày cấp trong mã QR không phải ngày hợp lệ (ddmmyyyy).".into()
                }
                PayloadError::IssuedBeforeBirth => "Ngày cấp trong mã QR trước ngày sinh.".into(),
                PayloadError::IdCenturySexMismatch => {
                    "Chữ số thứ 4 của số CCCD không khớp với thế kỷ sinh và giới tính.".into()
                }
                PayloadError::IdBirthYearMismatch => {
                    "Chữ số thứ 5–6 của số CCCD không khớp với năm sinh.".into()
                }
            },
        }
    }
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || c == '.'
}

/// The 4th digit of a CCCD number for someone born in `year` with `sex`:
/// 1900s M0/F1, 2000s M2/F3, 2100s M4/F5, 2200s M6/F7, 2300s M8/F9.
pub fn century_sex_digit(year: u16, sex: Sex) -> Option<u8> {
    let century_index = year.checked_sub(1900)? / 100;
    if century_index > 4 {
        return None;
    }
    let female = u8::from(sex == Sex::Female);
    Some(century_index as u8 * 2 + female)
}

impl CccdQrData {
    /// Parses and checks a CCCD QR payload.
    pub fn parse(payload: &str) -> Result<CccdQrData, PayloadError> {
        let payload = nfc(payload.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'));
        let fields: Vec<&str> = payload.split('|').collect();
        if fields.len() < CORE_FIELD_COUNT {
            return Err(PayloadError::WrongFieldCount {
                found: fields.len(),
            });
        }

        let id_number = fields[0].trim();
        if id_number.len() != 12 || !all_digits(id_number) {
            return Err(PayloadError::BadIdNumber);
        }

        let old_id = fields[1].trim();
        let old_id = match old_id.len() {
            0 => None,
            9 | 12 if all_digits(old_id) => Some(old_id.to_string()),
            _ => return Err(PayloadError::BadOldId),
        };

        let full_name = collapse_whitespace(fields[2]);
        if full_name.is_empty()
            || full_name.chars().count() > MAX_NAME_CHARS
            || !full_name.chars().all(is_name_char)
            || !full_name.chars().any(char::is_alphabetic)
        {
            return Err(PayloadError::BadName);
        }

        let date_of_birth =
            CivilDate::parse_ddmmyyyy(fields[3].trim()).ok_or(PayloadError::BadBirthDate)?;
        let sex = Sex::parse_card_word(fields[4]).ok_or(PayloadError::BadSex)?;

        let address = collapse_whitespace(fields[5]);
        if address.is_empty() || address.chars().count() > MAX_ADDRESS_CHARS {
            return Err(PayloadError::BadAddress);
        }

        let issue_date =
            CivilDate::parse_ddmmyyyy(fields[6].trim()).ok_or(PayloadError::BadIssueDate)?;
        if issue_date < date_of_birth {
            return Err(PayloadError::IssuedBeforeBirth);
        }

        let digits = id_number.as_bytes();
        let id_century_sex = digits[3] - b'0';
        if century_sex_digit(date_of_birth.year(), sex) != Some(id_century_sex) {
            return Err(PayloadError::IdCenturySexMismatch);
        }
        let id_year = u16::from(digits[4] - b'0') * 10 + u16::from(digits[5] - b'0');
        if id_year != date_of_birth.year() % 100 {
            return Err(PayloadError::IdBirthYearMismatch);
        }

        Ok(CccdQrData {
            id_number: id_number.to_string(),
            old_id,
            full_name,
            date_of_birth,
            sex,
            address,
            issue_date,
            extra: fields[CORE_FIELD_COUNT..]
                .iter()
                .map(|f| f.to_string())
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN.md §2.1 samples, with the name and address replaced by made-up ones.
    const FEMALE_2003_NO_CMND: &str =
        "034303011829||TRẦN THỊ MẪU|21032003|Nữ|Thôn Giả Định, Xã Mẫu, Thái Bình|14082021";
    const MALE_2002_WITH_CMND: &str =
        "089202017098|352576714|LÊ VĂN THỬ|23052002|Nam|Số 1 Đường Thử, An Giang|31122021";

    #[test]
    fn a_payload_without_old_id_is_read_field_by_field() {
        let data = CccdQrData::parse(FEMALE_2003_NO_CMND).unwrap();
        assert_eq!(data.id_number, "034303011829");
        assert_eq!(data.old_id, None);
        assert_eq!(data.full_name, "TRẦN THỊ MẪU");
        assert_eq!(data.date_of_birth, CivilDate::new(2003, 3, 21).unwrap());
        assert_eq!(data.sex, Sex::Female);
        assert_eq!(data.address, "Thôn Giả Định, Xã Mẫu, Thái Bình");
        assert_eq!(data.issue_date.to_string(), "2021-08-14");
        assert!(data.extra.is_empty());
    }

    #[test]
    fn a_payload_with_old_id_keeps_it() {
        let data = CccdQrData::parse(MALE_2002_WITH_CMND).unwrap();
        assert_eq!(data.old_id.as_deref(), Some("352576714"));
        assert_eq!(data.sex, Sex::Male);
        assert_eq!(data.date_of_birth.to_vietnamese(), "23/05/2002");
    }

    #[test]
    fn trailing_fields_are_kept_apart_empty_ones_included() {
        let payload = format!("{MALE_2002_WITH_CMND}|NGUYỄN VĂN CHA||x");
        let data = CccdQrData::parse(&payload).unwrap();
        assert_eq!(data.extra, vec!["NGUYỄN VĂN CHA", "", "x"]);
        assert_eq!(data.issue_date.to_string(), "2021-12-31");
    }

    #[test]
    fn decomposed_text_is_normalised_to_nfc() {
        let decomposed = FEMALE_2003_NO_CMND
            .replace('Ẫ', "A\u{0302}\u{0303}")
            .replace('ữ', "u\u{031b}\u{0303}");
        assert_ne!(decomposed, FEMALE_2003_NO_CMND);
        let data = CccdQrData::parse(&decomposed).unwrap();
        assert_eq!(data.full_name, "TRẦN THỊ MẪU");
        assert_eq!(data.sex, Sex::Female);
    }

    #[test]
    fn too_few_fields_is_not_cccd() {
        let err = CccdQrData::parse("034303011829|TRẦN THỊ MẪU|21032003|Nữ|x|14082021");
        assert_eq!(err, Err(PayloadError::WrongFieldCount { found: 6 }));
        assert_eq!(
            CccdQrData::parse("https://example.com").unwrap_err().code(),
            "qr_not_cccd"
        );
    }

    #[test]
    fn each_bad_field_has_its_own_error() {
        let with = |index: usize, value: &str| {
            let mut fields: Vec<&str> = MALE_2002_WITH_CMND.split('|').collect();
            fields[index] = value;
            CccdQrData::parse(&fields.join("|"))
        };
        assert_eq!(with(0, "08920201709"), Err(PayloadError::BadIdNumber));
        assert_eq!(with(0, "08920201709X"), Err(PayloadError::BadIdNumber));
        assert_eq!(with(1, "3525767"), Err(PayloadError::BadOldId));
        assert_eq!(with(2, "  "), Err(PayloadError::BadName));
        assert_eq!(with(2, "LÊ VĂN 7"), Err(PayloadError::BadName));
        assert_eq!(with(3, "30022002"), Err(PayloadError::BadBirthDate));
        assert_eq!(with(3, "2305202"), Err(PayloadError::BadBirthDate));
        assert_eq!(with(4, "M"), Err(PayloadError::BadSex));
        assert_eq!(with(5, ""), Err(PayloadError::BadAddress));
        assert_eq!(with(6, "31132021"), Err(PayloadError::BadIssueDate));
        assert_eq!(with(6, "01012001"), Err(PayloadError::IssuedBeforeBirth));
    }

    #[test]
    fn leap_days_exist_only_in_leap_years() {
        assert!(CivilDate::parse_ddmmyyyy("29022000").is_some());
        assert!(CivilDate::parse_ddmmyyyy("29022004").is_some());
        assert!(CivilDate::parse_ddmmyyyy("29021900").is_none());
        assert!(CivilDate::parse_ddmmyyyy("29022003").is_none());
        assert!(CivilDate::parse_ddmmyyyy("31042003").is_none());
        assert!(CivilDate::parse_ddmmyyyy("00012003").is_none());
        assert!(CivilDate::parse_ddmmyyyy("+1012003").is_none());
    }

    #[test]
    fn the_id_must_agree_with_sex_century_and_birth_year() {
        // Female born 2003: digit 4 must be 3; 2 says male.
        let wrong_sex = FEMALE_2003_NO_CMND.replacen("034303", "034203", 1);
        assert_eq!(
            CccdQrData::parse(&wrong_sex),
            Err(PayloadError::IdCenturySexMismatch)
        );
        // Digit 1 would be a woman born in the 1900s.
        let wrong_century = FEMALE_2003_NO_CMND.replacen("034303", "034103", 1);
        assert_eq!(
            CccdQrData::parse(&wrong_century),
            Err(PayloadError::IdCenturySexMismatch)
        );
        let wrong_year = FEMALE_2003_NO_CMND.replacen("034303", "034304", 1);
        assert_eq!(
            CccdQrData::parse(&wrong_year),
            Err(PayloadError::IdBirthYearMismatch)
        );
        // A man born in 1985 and a woman born in 2100.
        assert!(CccdQrData::parse("001085000001||A B|01011985|Nam|X|01012021").is_ok());
        assert_eq!(century_sex_digit(2100, Sex::Female), Some(5));
        assert_eq!(century_sex_digit(1899, Sex::Male), None);
    }

    #[test]
    fn dates_serialise_as_iso_and_back() {
        let data = CccdQrData::parse(FEMALE_2003_NO_CMND).unwrap();
        let json = serde_json::to_value(&data).unwrap();
        assert_eq!(json["date_of_birth"], "2003-03-21");
        assert_eq!(json["sex"], "female");
        assert_eq!(json["old_id"], serde_json::Value::Null);
        let back: CccdQrData = serde_json::from_value(json).unwrap();
        assert_eq!(back, data);
        assert!(serde_json::from_str::<CivilDate>("\"2003-02-29\"").is_err());
    }

    #[test]
    fn every_error_speaks_both_languages_with_a_stable_code() {
        let errors = [
            PayloadError::WrongFieldCount { found: 1 },
            PayloadError::BadIdNumber,
            PayloadError::IdCenturySexMismatch,
        ];
        for e in errors {
            assert!(e.code().starts_with("qr_"));
            assert_ne!(e.message(Lang::Vi), e.message(Lang::En));
        }
        assert!(PayloadError::BadSex.message(Lang::Vi).contains("Nữ"));
    }
}
