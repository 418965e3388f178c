//! The consent part of the flow: the two ticks on the Consent screen (general data, and the
//! ID-card images, which are sensitive), the date of birth and the guardian's consent asked on
//! the Declaration when the person may be under 16, and after the receipt the withdrawal of
//! consent (deleting the registration) and the copies of the data and of the tờ khai — on the
//! Receipt, and later on the status screen of a registration kept on the device.

use super::{Registration, Step};
use crate::consent::{
    check_consent, date_of_time, AgeFinding, AgeGroup, Consent, GuardianConsent, NOTICE_VERSION,
};
use crate::fields::{FieldError, FieldErrors, FieldId};
use serde::{Deserialize, Serialize};

/// The boxes a person ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentBox {
    /// The basic personal data, for the purpose of the notice.
    General,
    /// The photos of the ID document (sensitive personal data).
    IdImages,
    /// The parent's or guardian's own box (on the Declaration, for a person under 16).
    Guardian,
}

/// When and to which notice the person consented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentGiven {
    pub notice_version: String,
    /// RFC 3339, UTC (the shell's clock when "Đồng ý và tiếp tục" was pressed).
    pub accepted_at: String,
}

/// The consent as the flow keeps it (and the draft saves it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentState {
    pub general: bool,
    pub id_images: bool,
    pub given: Option<ConsentGiven>,
    /// "Không đồng ý" was pressed: the screen explains where else to register.
    pub declined: bool,
    /// Typed only when the ID number cannot tell whether the person is under 16 (not written
    /// to the draft when empty: the draft holds only what the person gave).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date_of_birth: String,
    pub guardian: GuardianConsent,
}

/// After the receipt: withdrawing the consent (deleting the registration on the service) and
/// getting a copy of the data. Never saved (a finished registration is not a draft).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AfterReceipt {
    /// "Rút lại đồng ý và xóa hồ sơ" was pressed: the confirmation is shown.
    pub confirming_withdrawal: bool,
    pub withdrawing: bool,
    /// The service deleted the registration.
    pub withdrawn: bool,
    pub fetching_data: bool,
    /// The copy of the data, as the service sent it (JSON).
    pub data: Option<String>,
    pub fetching_pdf: bool,
    /// The tờ khai as the service made it (PDF bytes), ready to save.
    pub pdf: Option<Vec<u8>>,
    pub error: Option<FieldError>,
}

/// The registration the person's requests are about: the one just sent (Receipt), or the one
/// kept on the device and open on its status screen (Tracking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RightsSubject {
    pub id: String,
    /// The applicant's secret (the idempotency key it was sent with).
    pub secret: String,
    pub reference: String,
    pub status: crate::api::RegistrationStatus,
}

impl RightsSubject {
    /// The tờ khai exists once the code was accepted, until the data is deleted.
    pub fn has_declaration_pdf(&self) -> bool {
        self.status.has_declaration_pdf()
    }
}

impl Registration {
    /// The registration the rights' buttons act on, on the screens that offer them.
    pub fn rights_subject(&self) -> Option<RightsSubject> {
        match self.step {
            Step::Receipt => self.submission.as_ref().map(|s| RightsSubject {
                id: s.id.clone(),
                secret: self.idempotency_key.clone(),
                reference: s.reference.clone(),
                status: s.status,
            }),
            Step::Tracking => self.follow_up.opened().map(|s| RightsSubject {
                id: s.id.clone(),
                secret: s.secret.clone(),
                reference: s.reference.clone(),
                status: s.status,
            }),
            _ => None,
        }
    }

    /// Both boxes ticked and the consent to the current notice given at `at` (what the
    /// Consent screen's events lead to; for demos, restored states and tests).
    pub fn consent_to_current_notice(&mut self, at: &str) {
        self.consent.general = true;
        self.consent.id_images = true;
        self.consent.declined = false;
        self.consent.given = Some(ConsentGiven {
            notice_version: NOTICE_VERSION.to_string(),
            accepted_at: at.to_string(),
        });
    }

    /// Whether the person consented to the current notice with both boxes ticked.
    pub fn has_consent(&self) -> bool {
        self.consent.general
            && self.consent.id_images
            && self
                .consent
                .given
                .as_ref()
                .is_some_and(|g| g.notice_version == NOTICE_VERSION)
    }

    /// The consent as sent with the registration (`None` before it was given).
    pub fn consent_record(&self) -> Option<Consent> {
        let given = self.consent.given.as_ref()?;
        let mut record = Consent {
            notice_version: given.notice_version.clone(),
            accepted_at: given.accepted_at.clone(),
            date_of_birth: self.consent.date_of_birth.trim().to_string(),
            guardian: None,
        };
        if self.age_finding() != AgeFinding::Known(AgeGroup::Adult) {
            record.guardian = Some(self.consent.guardian.clone());
        }
        Some(record)
    }

    /// What is known of the person's age group on the day of the consent (before it, as of
    /// no particular day: assumed adult).
    pub fn age_finding(&self) -> AgeFinding {
        let Some(on) = self
            .consent
            .given
            .as_ref()
            .and_then(|g| date_of_time(&g.accepted_at))
        else {
            return AgeFinding::Known(AgeGroup::Adult);
        };
        let record = Consent {
            notice_version: NOTICE_VERSION.into(),
            accepted_at: format!("{on}T00:00:00Z"),
            date_of_birth: self.consent.date_of_birth.clone(),
            guardian: None,
        };
        let check = check_consent(Some(&record), &self.form.person_id);
        if check.errors.contains_key(&FieldId::DateOfBirth)
            && !self.consent.date_of_birth.trim().is_empty()
        {
            // A date that cannot be read leaves the question open.
            return AgeFinding::NeedsBirthDate;
        }
        check.age
    }

    /// The consent errors: `Consent` itself, or those of the Declaration (date of birth,
    /// guardian).
    pub(super) fn consent_errors(&self) -> FieldErrors {
        check_consent(self.consent_record().as_ref(), &self.form.person_id).errors
    }

    /// A consent given to an older notice is asked again: the ticks are cleared and a person
    /// past the Start screen is brought to the Consent screen (what they typed is kept).
    pub fn settle_consent(&mut self) {
        let stale = self
            .consent
            .given
            .as_ref()
            .is_some_and(|g| g.notice_version != NOTICE_VERSION);
        if stale {
            self.consent.given = None;
            self.consent.general = false;
            self.consent.id_images = false;
        }
        if self.step.needs_consent() && !self.has_consent() {
            self.step = Step::Consent;
        }
    }

    /// The value typed for one of the consent fields of the Declaration.
    pub(super) fn consent_field(&self, field: FieldId) -> Option<&str> {
        match field {
            FieldId::DateOfBirth => Some(&self.consent.date_of_birth),
            FieldId::GuardianName => Some(&self.consent.guardian.name),
            FieldId::GuardianRelation => Some(&self.consent.guardian.relation),
            _ => None,
        }
    }

    /// Sets one of the consent fields of the Declaration; false for other fields.
    pub(super) fn set_consent_field(&mut self, field: FieldId, value: String) -> bool {
        match field {
            FieldId::DateOfBirth => self.consent.date_of_birth = value,
            FieldId::GuardianName => self.consent.guardian.name = value,
            FieldId::GuardianRelation => self.consent.guardian.relation = value,
            _ => return false,
        }
        true
    }
}

impl Step {
    /// The steps where personal data is typed, chosen or sent: only after consent.
    pub fn needs_consent(self) -> bool {
        matches!(
            self,
            Step::Declaration | Step::Photos | Step::Office | Step::Email | Step::Submitting
        )
    }
}
