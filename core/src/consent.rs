//! Consent to the processing of personal data, and the age rule for children.
//!
//! Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (in force 2026-01-01), Điều 9: consent is valid
//! only when given freely, knowing the data, the purpose, who controls the data and the
//! person's rights; silence or a pre-ticked box is not consent. Điều 24: a child's rights are
//! exercised by the legal representative; processing the data of a child from 7 years old
//! needs the child's consent and the representative's. "Trẻ em" is a person under 16 (Luật
//! Trẻ em 2016, Điều 1).
//!
//! A registration carries its [`Consent`]: the notice version it was given to, when, and for
//! a person under 16 the parent's or guardian's own consent. [`check_consent`] is the one
//! check: the app runs it before submitting and the service runs it on every registration.

use crate::fields::{FieldError, FieldErrors, FieldId, PersonId, PersonIdKind, Required};
use crate::lang::{Lang, Localized};
use crate::qr::CivilDate;
use serde::{Deserialize, Serialize};

/// The version of the privacy notice this code shows (the date its words last changed). A
/// consent given to another version is asked again.
pub const NOTICE_VERSION: &str = "2026-11-29";

/// Under this age a person is a child (Luật Trẻ em 2016, Điều 1): a parent or guardian
/// consents too.
pub const CHILD_AGE: u16 = 16;
/// From this age a child's own consent is asked as well as the guardian's (Luật 91/2025/QH15,
/// Điều 24); under it the guardian consents alone.
pub const OWN_CONSENT_AGE: u16 = 7;

/// Who stands for a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuardianRelation {
    Mother,
    Father,
    /// Another legal guardian (người giám hộ).
    Guardian,
}

impl GuardianRelation {
    pub const ALL: [GuardianRelation; 3] = [
        GuardianRelation::Mother,
        GuardianRelation::Father,
        GuardianRelation::Guardian,
    ];

    /// The stable code (`mother`, `father`, `guardian`).
    pub fn as_str(self) -> &'static str {
        match self {
            GuardianRelation::Mother => "mother",
            GuardianRelation::Father => "father",
            GuardianRelation::Guardian => "guardian",
        }
    }

    pub fn parse(code: &str) -> Option<GuardianRelation> {
        GuardianRelation::ALL
            .into_iter()
            .find(|r| r.as_str() == code.trim())
    }

    /// The label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (GuardianRelation::Mother, Lang::Vi) => "Mẹ",
            (GuardianRelation::Mother, Lang::En) => "Mother",
            (GuardianRelation::Father, Lang::Vi) => "Cha",
            (GuardianRelation::Father, Lang::En) => "Father",
            (GuardianRelation::Guardian, Lang::Vi) => "Người giám hộ",
            (GuardianRelation::Guardian, Lang::En) => "Legal guardian",
        }
    }
}

/// A parent's or guardian's consent, as sent and stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GuardianConsent {
    pub name: String,
    /// A [`GuardianRelation`] code.
    pub relation: String,
    /// The guardian ticked their own box.
    pub accepted: bool,
}

/// The consent a registration carries (`"consent"` in the declaration part).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Consent {
    /// The [`NOTICE_VERSION`] the person was shown.
    pub notice_version: String,
    /// When both boxes were ticked and confirmed (RFC 3339, UTC).
    pub accepted_at: String,
    /// `YYYY-MM-DD`, only when the ID number cannot tell whether the person is under 16.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date_of_birth: String,
    /// For a person under 16.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guardian: Option<GuardianConsent>,
}

impl Consent {
    /// A person's own consent to the current notice, given at `accepted_at` (RFC 3339).
    pub fn to_current_notice(accepted_at: impl Into<String>) -> Consent {
        Consent {
            notice_version: NOTICE_VERSION.to_string(),
            accepted_at: accepted_at.into(),
            ..Default::default()
        }
    }
}

/// How old a person is, as far as the consent rules go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeGroup {
    /// 16 or older: their own consent.
    Adult,
    /// 7 to 15: their own consent and a parent's or guardian's.
    Child,
    /// Under 7: a parent's or guardian's consent alone, given by them.
    YoungChild,
}

impl AgeGroup {
    pub fn needs_guardian(self) -> bool {
        self != AgeGroup::Adult
    }

    fn of_age(age: u16) -> AgeGroup {
        if age >= CHILD_AGE {
            AgeGroup::Adult
        } else if age >= OWN_CONSENT_AGE {
            AgeGroup::Child
        } else {
            AgeGroup::YoungChild
        }
    }
}

/// What is known of a person's age group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeFinding {
    Known(AgeGroup),
    /// The ID number alone cannot tell (a birth year on a boundary, or a passport): the date
    /// of birth is needed.
    NeedsBirthDate,
}

/// Full years between `birth` and `on`.
pub fn age_on(birth: CivilDate, on: CivilDate) -> u16 {
    let years = on.year().saturating_sub(birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years.saturating_sub(1)
    } else {
        years
    }
}

/// The age group of the holder of `person_id` on `on`: from the date of birth when known,
/// otherwise from the birth year a CCCD number carries (digits 4–6, DOMAIN.md §1.2), which
/// leaves one year of doubt (the birthday may or may not have passed). A 9-digit CMND was
/// issued from 14 and no longer since 2021, so its holder is an adult; a passport says
/// nothing. A number that is not valid is not judged here (its own field reports it).
pub fn age_group(person_id: &str, date_of_birth: Option<CivilDate>, on: CivilDate) -> AgeFinding {
    if let Some(birth) = date_of_birth {
        return AgeFinding::Known(AgeGroup::of_age(age_on(birth, on)));
    }
    let Ok(id) = PersonId::parse(person_id) else {
        return AgeFinding::Known(AgeGroup::Adult);
    };
    match (id.kind(), id.cccd_facts()) {
        (PersonIdKind::Cccd, Some(facts)) => {
            // The age is `years` or `years - 1`.
            let years = on.year().saturating_sub(facts.birth_year);
            let oldest = AgeGroup::of_age(years);
            let youngest = AgeGroup::of_age(years.saturating_sub(1));
            if oldest == youngest {
                AgeFinding::Known(oldest)
            } else {
                AgeFinding::NeedsBirthDate
            }
        }
        (PersonIdKind::Cmnd, _) => AgeFinding::Known(AgeGroup::Adult),
        _ => AgeFinding::NeedsBirthDate,
    }
}

/// The RFC 3339 time (UTC, whole seconds) of `ms` milliseconds after the Unix epoch, e.g.
/// `2026-11-29T08:00:00Z`: how the shell stamps a consent.
pub fn rfc3339_of_unix_ms(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Reads a date of birth as typed: `dd/mm/yyyy` (as on Vietnamese forms) or `YYYY-MM-DD`.
pub fn parse_birth_date(input: &str) -> Option<CivilDate> {
    let input = input.trim();
    CivilDate::parse_iso(input).or_else(|| {
        let parts: Vec<&str> = input.split(['/', '.', '-']).collect();
        match parts.as_slice() {
            [d, m, y] if y.len() == 4 => {
                CivilDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            }
            _ => None,
        }
    })
}

/// The calendar date of an RFC 3339 time (`2026-11-29T08:00:00Z` → 2026-11-29).
pub fn date_of_time(time: &str) -> Option<CivilDate> {
    let date = time.get(..10)?;
    if time
        .as_bytes()
        .get(10)
        .is_some_and(|b| *b == b'T' || *b == b't')
    {
        CivilDate::parse_iso(date)
    } else {
        None
    }
}

/// Why a consent is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ConsentError {
    #[error("consent to the privacy notice is missing")]
    Missing,
    #[error("the consent was given to another version of the privacy notice")]
    StaleNotice,
    #[error("the date of birth is not a valid date")]
    BadBirthDate,
    #[error("the date of birth does not match the ID number")]
    BirthDateNotOnId,
    #[error("the date of birth is needed to know whether a guardian must consent")]
    BirthDateNeeded,
    #[error("a parent or guardian must consent for a person under 16")]
    GuardianRequired,
    #[error("the relation is not one of mother, father, guardian")]
    BadRelation,
}

impl Localized for ConsentError {
    fn code(&self) -> &'static str {
        match self {
            ConsentError::Missing => "consent_required",
            ConsentError::StaleNotice => "consent_stale_notice",
            ConsentError::BadBirthDate => "date_invalid",
            ConsentError::BirthDateNotOnId => "date_of_birth_mismatch",
            ConsentError::BirthDateNeeded => "date_of_birth_needed",
            ConsentError::GuardianRequired => "guardian_consent_required",
            ConsentError::BadRelation => "guardian_relation_invalid",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            ConsentError::Missing => (
                "Cần sự đồng ý của bạn với thông báo xử lý dữ liệu cá nhân (đánh dấu cả hai ô)",
                "Your consent to the personal data notice is needed (tick both boxes)",
            ),
            ConsentError::StaleNotice => (
                "Thông báo xử lý dữ liệu cá nhân đã thay đổi: vui lòng đọc và đồng ý lại",
                "The personal data notice has changed: please read it and consent again",
            ),
            ConsentError::BadBirthDate => (
                "Ngày sinh không hợp lệ (ví dụ 05/09/2011)",
                "The date of birth is not valid (e.g. 05/09/2011)",
            ),
            ConsentError::BirthDateNotOnId => (
                "Năm sinh không khớp với số CCCD",
                "The year of birth does not match the ID number",
            ),
            ConsentError::BirthDateNeeded => (
                "Vui lòng nhập ngày sinh: cần biết người đăng ký có dưới 16 tuổi không",
                "Please enter the date of birth: it tells whether the person is under 16",
            ),
            ConsentError::GuardianRequired => (
                "Người dưới 16 tuổi cần sự đồng ý của cha, mẹ hoặc người giám hộ",
                "A person under 16 needs the consent of a parent or guardian",
            ),
            ConsentError::BadRelation => (
                "Chọn quan hệ: mẹ, cha hoặc người giám hộ",
                "Choose the relation: mother, father or guardian",
            ),
        };
        match lang {
            Lang::Vi => vi.into(),
            Lang::En => en.into(),
        }
    }
}

/// What [`check_consent`] found, besides the errors: the age group when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentCheck {
    pub age: AgeFinding,
    pub errors: FieldErrors,
}

/// Checks the consent a registration carries for the holder of `person_id`: the notice
/// version, the time, and for a person under 16 (judged on the day of the consent) a parent's
/// or guardian's name, relation and tick. The date of birth is needed only when the ID number
/// cannot tell. Errors are keyed by the fields they go beside.
pub fn check_consent(consent: Option<&Consent>, person_id: &str) -> ConsentCheck {
    let mut errors = FieldErrors::new();
    fn put(errors: &mut FieldErrors, field: FieldId, error: &dyn Localized) {
        errors.insert(field, FieldError::from_localized(error));
    }
    let Some(consent) = consent else {
        put(&mut errors, FieldId::Consent, &ConsentError::Missing);
        return ConsentCheck {
            age: AgeFinding::NeedsBirthDate,
            errors,
        };
    };
    if consent.notice_version != NOTICE_VERSION {
        put(&mut errors, FieldId::Consent, &ConsentError::StaleNotice);
    }
    let Some(on) = date_of_time(&consent.accepted_at) else {
        put(&mut errors, FieldId::Consent, &ConsentError::Missing);
        return ConsentCheck {
            age: AgeFinding::NeedsBirthDate,
            errors,
        };
    };
    let birth = if consent.date_of_birth.trim().is_empty() {
        None
    } else {
        match parse_birth_date(&consent.date_of_birth) {
            Some(birth) if birth <= on => {
                let id_year = PersonId::parse(person_id)
                    .ok()
                    .and_then(|id| id.cccd_facts())
                    .map(|facts| facts.birth_year);
                if id_year.is_some_and(|year| year != birth.year()) {
                    put(
                        &mut errors,
                        FieldId::DateOfBirth,
                        &ConsentError::BirthDateNotOnId,
                    );
                }
                Some(birth)
            }
            _ => {
                put(
                    &mut errors,
                    FieldId::DateOfBirth,
                    &ConsentError::BadBirthDate,
                );
                None
            }
        }
    };
    let age = age_group(person_id, birth, on);
    match age {
        AgeFinding::NeedsBirthDate => {
            if !errors.contains_key(&FieldId::DateOfBirth) {
                put(
                    &mut errors,
                    FieldId::DateOfBirth,
                    &ConsentError::BirthDateNeeded,
                );
            }
        }
        AgeFinding::Known(group) if group.needs_guardian() => {
            let guardian = consent.guardian.clone().unwrap_or_default();
            if guardian.name.trim().is_empty() {
                put(&mut errors, FieldId::GuardianName, &Required);
            }
            if guardian.relation.trim().is_empty() {
                put(&mut errors, FieldId::GuardianRelation, &Required);
            } else if GuardianRelation::parse(&guardian.relation).is_none() {
                put(
                    &mut errors,
                    FieldId::GuardianRelation,
                    &ConsentError::BadRelation,
                );
            }
            if !guardian.accepted {
                put(
                    &mut errors,
                    FieldId::GuardianConsent,
                    &ConsentError::GuardianRequired,
                );
            }
        }
        AgeFinding::Known(_) => {}
    }
    ConsentCheck { age, errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> CivilDate {
        CivilDate::new(y, m, d).unwrap()
    }

    fn consent(at: &str) -> Consent {
        Consent {
            notice_version: NOTICE_VERSION.into(),
            accepted_at: at.into(),
            ..Default::default()
        }
    }

    #[test]
    fn unix_times_are_written_in_rfc3339() {
        assert_eq!(rfc3339_of_unix_ms(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339_of_unix_ms(1_795_627_868_000),
            "2026-11-25T17:31:08Z"
        );
        assert_eq!(rfc3339_of_unix_ms(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(
            date_of_time(&rfc3339_of_unix_ms(1_795_627_868_000)),
            CivilDate::new(2026, 11, 25)
        );
    }

    #[test]
    fn ages_count_full_years() {
        assert_eq!(age_on(date(2010, 11, 30), date(2026, 11, 29)), 15);
        assert_eq!(age_on(date(2010, 11, 29), date(2026, 11, 29)), 16);
        assert_eq!(age_on(date(2020, 1, 1), date(2026, 11, 29)), 6);
    }

    #[test]
    fn the_cccd_birth_year_decides_unless_it_sits_on_a_boundary() {
        let on = date(2026, 11, 29);
        // 079 3 03 …: a woman born in 2003.
        assert_eq!(
            age_group("079303001234", None, on),
            AgeFinding::Known(AgeGroup::Adult)
        );
        // Born 2012: 13 or 14.
        assert_eq!(
            age_group("079312001234", None, on),
            AgeFinding::Known(AgeGroup::Child)
        );
        // Born 2010: 15 or 16, the year alone cannot tell.
        assert_eq!(
            age_group("079210001234", None, on),
            AgeFinding::NeedsBirthDate
        );
        // Born 2019: 6 or 7.
        assert_eq!(
            age_group("079219001234", None, on),
            AgeFinding::NeedsBirthDate
        );
        // Born 2022: under 7.
        assert_eq!(
            age_group("079222001234", None, on),
            AgeFinding::Known(AgeGroup::YoungChild)
        );
        // With the date the doubt goes.
        assert_eq!(
            age_group("079210001234", Some(date(2010, 12, 1)), on),
            AgeFinding::Known(AgeGroup::Child)
        );
        assert_eq!(
            age_group("079210001234", Some(date(2010, 1, 1)), on),
            AgeFinding::Known(AgeGroup::Adult)
        );
        assert_eq!(
            age_group("034085001234", None, on),
            AgeFinding::Known(AgeGroup::Adult),
            "a man born in 1985"
        );
        assert_eq!(
            age_group("123456789", None, on),
            AgeFinding::Known(AgeGroup::Adult)
        );
        assert_eq!(age_group("B1234567", None, on), AgeFinding::NeedsBirthDate);
    }

    #[test]
    fn a_consent_is_checked_for_version_time_and_guardian() {
        let adult = "079303001234";
        let missing = check_consent(None, adult);
        assert_eq!(missing.errors[&FieldId::Consent].code, "consent_required");

        let ok = check_consent(Some(&consent("2026-11-29T08:00:00Z")), adult);
        assert!(ok.errors.is_empty(), "{:?}", ok.errors);

        let mut stale = consent("2026-11-29T08:00:00Z");
        stale.notice_version = "2025-01-01".into();
        assert_eq!(
            check_consent(Some(&stale), adult).errors[&FieldId::Consent].code,
            "consent_stale_notice"
        );
        assert_eq!(
            check_consent(Some(&consent("yesterday")), adult).errors[&FieldId::Consent].code,
            "consent_required"
        );

        // A 13-year-old: the guardian's name, relation and tick.
        let child = "079312001234";
        let check = check_consent(Some(&consent("2026-11-29T08:00:00Z")), child);
        assert_eq!(check.age, AgeFinding::Known(AgeGroup::Child));
        for field in [
            FieldId::GuardianName,
            FieldId::GuardianRelation,
            FieldId::GuardianConsent,
        ] {
            assert!(check.errors.contains_key(&field), "{field:?}");
        }
        let mut with_guardian = consent("2026-11-29T08:00:00Z");
        with_guardian.guardian = Some(GuardianConsent {
            name: "Nguyễn Văn Bình".into(),
            relation: "father".into(),
            accepted: false,
        });
        let check = check_consent(Some(&with_guardian), child);
        assert_eq!(
            check.errors.keys().collect::<Vec<_>>(),
            vec![&FieldId::GuardianConsent]
        );
        with_guardian.guardian.as_mut().unwrap().accepted = true;
        assert!(check_consent(Some(&with_guardian), child).errors.is_empty());
        with_guardian.guardian.as_mut().unwrap().relation = "uncle".into();
        assert_eq!(
            check_consent(Some(&with_guardian), child).errors[&FieldId::GuardianRelation].code,
            "guardian_relation_invalid"
        );

        // On a boundary year the date of birth is asked, and must match the ID.
        let boundary = "079210001234";
        let check = check_consent(Some(&consent("2026-11-29T08:00:00Z")), boundary);
        assert_eq!(
            check.errors[&FieldId::DateOfBirth].code,
            "date_of_birth_needed"
        );
        let mut dated = consent("2026-11-29T08:00:00Z");
        dated.date_of_birth = "01/01/2010".into();
        assert!(check_consent(Some(&dated), boundary).errors.is_empty());
        dated.date_of_birth = "01/01/2009".into();
        assert_eq!(
            check_consent(Some(&dated), boundary).errors[&FieldId::DateOfBirth].code,
            "date_of_birth_mismatch"
        );
        dated.date_of_birth = "31/02/2010".into();
        assert_eq!(
            check_consent(Some(&dated), boundary).errors[&FieldId::DateOfBirth].code,
            "date_invalid"
        );
    }

    #[test]
    fn messages_exist_in_both_languages() {
        for e in [
            ConsentError::Missing,
            ConsentError::StaleNotice,
            ConsentError::BadBirthDate,
            ConsentError::BirthDateNotOnId,
            ConsentError::BirthDateNeeded,
            ConsentError::GuardianRequired,
            ConsentError::BadRelation,
        ] {
            assert_ne!(e.message(Lang::Vi), e.message(Lang::En));
        }
        for r in GuardianRelation::ALL {
            assert_eq!(GuardianRelation::parse(r.as_str()), Some(r));
        }
    }
}
