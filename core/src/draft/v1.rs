//! Version 1 of the draft file: its own types, so the file on a phone does not follow the
//! flow's state when a field of it is renamed or moved.
//!
//! Every name here (fields, the photo `state` tag, step words) is the file format as the first
//! release wrote it: never rename one. A change of the format is a new version (`DraftV2`,
//! read beside this one). Codes shared with the API keep their API spelling: the language
//! (`vi`, `en`), field codes (the keys of `errors`) and registration statuses.

use super::{DRAFT_FORMAT, DRAFT_VERSION};
use crate::api::RegistrationStatus;
use crate::consent::GuardianConsent;
use crate::declaration::DeclarationForm;
use crate::fields::{FieldError, FieldId};
use crate::flow::{
    AfterReceipt, ConsentGiven, ConsentState, FieldRewrites, Notice, OtpState, PhotoRef,
    PhotoState, Photos, Registration, Step, Submission,
};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A version-1 draft document:
/// `{ "format": "vssid-draft", "version": 1, "registration": { … } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftV1 {
    pub format: String,
    pub version: u32,
    pub registration: RegistrationV1,
}

/// The registration as version 1 saves it (the flow's [`Registration`] without what is never
/// saved: a card read from a QR and the rewrite counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationV1 {
    pub step: StepV1,
    pub lang: Lang,
    pub idempotency_key: String,
    #[serde(default)]
    pub form: FormV1,
    #[serde(default)]
    pub errors: BTreeMap<FieldId, FieldErrorV1>,
    #[serde(default)]
    pub photos: PhotosV1,
    #[serde(default)]
    pub office: Option<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub submission: Option<SubmissionV1>,
    #[serde(default)]
    pub otp: OtpV1,
    #[serde(default)]
    pub notice: Option<NoticeV1>,
    #[serde(default)]
    pub consent: ConsentV1,
    #[serde(default)]
    pub after_receipt: AfterReceiptV1,
}

/// The screen the person was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepV1 {
    #[serde(rename = "start")]
    Start,
    #[serde(rename = "consent")]
    Consent,
    #[serde(rename = "declaration")]
    Declaration,
    #[serde(rename = "photos")]
    Photos,
    #[serde(rename = "office")]
    Office,
    #[serde(rename = "email")]
    Email,
    #[serde(rename = "submitting")]
    Submitting,
    #[serde(rename = "otp")]
    Otp,
    #[serde(rename = "receipt")]
    Receipt,
}

/// The declaration as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormV1 {
    pub bhxh_code: String,
    pub full_name: String,
    pub person_id: String,
    pub province: String,
    pub commune: String,
    pub street: String,
    pub phone: String,
}

/// An error shown beside a field (or a photo's warning, or a notice): its code and words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrorV1 {
    pub code: String,
    pub vi: String,
    pub en: String,
}

/// The three photo slots.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PhotosV1 {
    pub portrait: PhotoV1,
    pub id_front: PhotoV1,
    pub id_back: PhotoV1,
}

/// One photo slot, tagged by `state`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state")]
pub enum PhotoV1 {
    #[default]
    #[serde(rename = "empty")]
    Empty,
    #[serde(rename = "processing")]
    Processing { staged_key: String },
    #[serde(rename = "ready")]
    Ready(ReadyPhotoV1),
    #[serde(rename = "failed")]
    Failed { error: FieldErrorV1 },
}

/// A processed photo in the app's private storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadyPhotoV1 {
    pub key: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    #[serde(default)]
    pub warnings: Vec<FieldErrorV1>,
}

/// What the service answered to the submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionV1 {
    pub id: String,
    pub reference: String,
    pub status: RegistrationStatus,
    pub received_at: String,
}

/// The e-mail code screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OtpV1 {
    pub code: String,
    pub verifying: bool,
    pub resend_wait_secs: u32,
    pub resending: bool,
    pub error: Option<FieldErrorV1>,
}

/// A message above the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeV1 {
    pub message: FieldErrorV1,
    pub is_error: bool,
}

/// The consent: the two boxes, when and to which notice, and for a person who may be under
/// 16 the date of birth and the guardian's consent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentV1 {
    pub general: bool,
    pub id_images: bool,
    pub given: Option<ConsentGivenV1>,
    pub declined: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub date_of_birth: String,
    pub guardian: GuardianV1,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentGivenV1 {
    pub notice_version: String,
    pub accepted_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GuardianV1 {
    pub name: String,
    pub relation: String,
    pub accepted: bool,
}

/// The Receipt screen's state (a draft is never at the Receipt: always the defaults, kept
/// because the first release wrote it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AfterReceiptV1 {
    pub confirming_withdrawal: bool,
    pub withdrawing: bool,
    pub withdrawn: bool,
    pub fetching_data: bool,
    pub data: Option<String>,
    pub error: Option<FieldErrorV1>,
}

impl From<&Registration> for DraftV1 {
    fn from(registration: &Registration) -> DraftV1 {
        DraftV1 {
            format: DRAFT_FORMAT.to_string(),
            version: DRAFT_VERSION,
            registration: RegistrationV1::from(registration),
        }
    }
}

impl DraftV1 {
    /// The flow's state this document holds (before the draft's own settling: see
    /// [`super::decode`]).
    pub fn into_registration(self) -> Registration {
        self.registration.into_registration()
    }
}

impl From<&Registration> for RegistrationV1 {
    fn from(registration: &Registration) -> RegistrationV1 {
        // Every field named, so a new one must be placed in the format (or left out) here.
        let Registration {
            step,
            lang,
            idempotency_key,
            form,
            errors,
            photos,
            office,
            email,
            submission,
            otp,
            notice,
            qr_card: _,
            rewrites: _,
            consent,
            after_receipt,
        } = registration;
        RegistrationV1 {
            step: StepV1::from(*step),
            lang: *lang,
            idempotency_key: idempotency_key.clone(),
            form: FormV1::from(form),
            errors: errors
                .iter()
                .map(|(field, error)| (*field, FieldErrorV1::from(error)))
                .collect(),
            photos: PhotosV1::from(photos),
            office: office.clone(),
            email: email.clone(),
            submission: submission.as_ref().map(SubmissionV1::from),
            otp: OtpV1::from(otp),
            notice: notice.as_ref().map(NoticeV1::from),
            consent: ConsentV1::from(consent),
            after_receipt: AfterReceiptV1::from(after_receipt),
        }
    }
}

impl RegistrationV1 {
    /// The flow's state this registration holds (nothing read from a card, no rewrites).
    pub fn into_registration(self) -> Registration {
        Registration {
            step: self.step.into(),
            lang: self.lang,
            idempotency_key: self.idempotency_key,
            form: self.form.into(),
            errors: self
                .errors
                .into_iter()
                .map(|(field, error)| (field, error.into()))
                .collect(),
            photos: self.photos.into(),
            office: self.office,
            email: self.email,
            submission: self.submission.map(Into::into),
            otp: self.otp.into(),
            notice: self.notice.map(Into::into),
            qr_card: None,
            rewrites: FieldRewrites::default(),
            consent: self.consent.into(),
            after_receipt: self.after_receipt.into(),
        }
    }
}

impl From<Step> for StepV1 {
    fn from(step: Step) -> StepV1 {
        match step {
            Step::Start => StepV1::Start,
            Step::Consent => StepV1::Consent,
            Step::Declaration => StepV1::Declaration,
            Step::Photos => StepV1::Photos,
            Step::Office => StepV1::Office,
            Step::Email => StepV1::Email,
            Step::Submitting => StepV1::Submitting,
            Step::Otp => StepV1::Otp,
            Step::Receipt => StepV1::Receipt,
        }
    }
}

impl From<StepV1> for Step {
    fn from(step: StepV1) -> Step {
        match step {
            StepV1::Start => Step::Start,
            StepV1::Consent => Step::Consent,
            StepV1::Declaration => Step::Declaration,
            StepV1::Photos => Step::Photos,
            StepV1::Office => Step::Office,
            StepV1::Email => Step::Email,
            StepV1::Submitting => Step::Submitting,
            StepV1::Otp => Step::Otp,
            StepV1::Receipt => Step::Receipt,
        }
    }
}

impl From<&DeclarationForm> for FormV1 {
    fn from(form: &DeclarationForm) -> FormV1 {
        let DeclarationForm {
            bhxh_code,
            full_name,
            person_id,
            province,
            commune,
            street,
            phone,
        } = form.clone();
        FormV1 {
            bhxh_code,
            full_name,
            person_id,
            province,
            commune,
            street,
            phone,
        }
    }
}

impl From<FormV1> for DeclarationForm {
    fn from(form: FormV1) -> DeclarationForm {
        let FormV1 {
            bhxh_code,
            full_name,
            person_id,
            province,
            commune,
            street,
            phone,
        } = form;
        DeclarationForm {
            bhxh_code,
            full_name,
            person_id,
            province,
            commune,
            street,
            phone,
        }
    }
}

impl From<&FieldError> for FieldErrorV1 {
    fn from(error: &FieldError) -> FieldErrorV1 {
        let FieldError { code, vi, en } = error.clone();
        FieldErrorV1 { code, vi, en }
    }
}

impl From<FieldErrorV1> for FieldError {
    fn from(error: FieldErrorV1) -> FieldError {
        let FieldErrorV1 { code, vi, en } = error;
        FieldError { code, vi, en }
    }
}

impl From<&Photos> for PhotosV1 {
    fn from(photos: &Photos) -> PhotosV1 {
        let Photos {
            portrait,
            id_front,
            id_back,
        } = photos;
        PhotosV1 {
            portrait: portrait.into(),
            id_front: id_front.into(),
            id_back: id_back.into(),
        }
    }
}

impl From<PhotosV1> for Photos {
    fn from(photos: PhotosV1) -> Photos {
        Photos {
            portrait: photos.portrait.into(),
            id_front: photos.id_front.into(),
            id_back: photos.id_back.into(),
        }
    }
}

impl From<&PhotoState> for PhotoV1 {
    fn from(photo: &PhotoState) -> PhotoV1 {
        match photo {
            PhotoState::Empty => PhotoV1::Empty,
            PhotoState::Processing { staged_key } => PhotoV1::Processing {
                staged_key: staged_key.clone(),
            },
            PhotoState::Ready(PhotoRef {
                key,
                bytes,
                width,
                height,
                warnings,
            }) => PhotoV1::Ready(ReadyPhotoV1 {
                key: key.clone(),
                bytes: *bytes,
                width: *width,
                height: *height,
                warnings: warnings.iter().map(FieldErrorV1::from).collect(),
            }),
            PhotoState::Failed { error } => PhotoV1::Failed {
                error: error.into(),
            },
        }
    }
}

impl From<PhotoV1> for PhotoState {
    fn from(photo: PhotoV1) -> PhotoState {
        match photo {
            PhotoV1::Empty => PhotoState::Empty,
            PhotoV1::Processing { staged_key } => PhotoState::Processing { staged_key },
            PhotoV1::Ready(ready) => PhotoState::Ready(PhotoRef {
                key: ready.key,
                bytes: ready.bytes,
                width: ready.width,
                height: ready.height,
                warnings: ready.warnings.into_iter().map(Into::into).collect(),
            }),
            PhotoV1::Failed { error } => PhotoState::Failed {
                error: error.into(),
            },
        }
    }
}

impl From<&Submission> for SubmissionV1 {
    fn from(submission: &Submission) -> SubmissionV1 {
        let Submission {
            id,
            reference,
            status,
            received_at,
        } = submission.clone();
        SubmissionV1 {
            id,
            reference,
            status,
            received_at,
        }
    }
}

impl From<SubmissionV1> for Submission {
    fn from(submission: SubmissionV1) -> Submission {
        Submission {
            id: submission.id,
            reference: submission.reference,
            status: submission.status,
            received_at: submission.received_at,
        }
    }
}

impl From<&OtpState> for OtpV1 {
    fn from(otp: &OtpState) -> OtpV1 {
        let OtpState {
            code,
            verifying,
            resend_wait_secs,
            resending,
            error,
        } = otp;
        OtpV1 {
            code: code.clone(),
            verifying: *verifying,
            resend_wait_secs: *resend_wait_secs,
            resending: *resending,
            error: error.as_ref().map(FieldErrorV1::from),
        }
    }
}

impl From<OtpV1> for OtpState {
    fn from(otp: OtpV1) -> OtpState {
        OtpState {
            code: otp.code,
            verifying: otp.verifying,
            resend_wait_secs: otp.resend_wait_secs,
            resending: otp.resending,
            error: otp.error.map(Into::into),
        }
    }
}

impl From<&Notice> for NoticeV1 {
    fn from(notice: &Notice) -> NoticeV1 {
        let Notice { message, is_error } = notice;
        NoticeV1 {
            message: message.into(),
            is_error: *is_error,
        }
    }
}

impl From<NoticeV1> for Notice {
    fn from(notice: NoticeV1) -> Notice {
        Notice {
            message: notice.message.into(),
            is_error: notice.is_error,
        }
    }
}

impl From<&ConsentState> for ConsentV1 {
    fn from(consent: &ConsentState) -> ConsentV1 {
        let ConsentState {
            general,
            id_images,
            given,
            declined,
            date_of_birth,
            guardian:
                GuardianConsent {
                    name,
                    relation,
                    accepted,
                },
        } = consent;
        ConsentV1 {
            general: *general,
            id_images: *id_images,
            given: given.as_ref().map(
                |ConsentGiven {
                     notice_version,
                     accepted_at,
                 }| ConsentGivenV1 {
                    notice_version: notice_version.clone(),
                    accepted_at: accepted_at.clone(),
                },
            ),
            declined: *declined,
            date_of_birth: date_of_birth.clone(),
            guardian: GuardianV1 {
                name: name.clone(),
                relation: relation.clone(),
                accepted: *accepted,
            },
        }
    }
}

impl From<ConsentV1> for ConsentState {
    fn from(consent: ConsentV1) -> ConsentState {
        ConsentState {
            general: consent.general,
            id_images: consent.id_images,
            given: consent.given.map(|given| ConsentGiven {
                notice_version: given.notice_version,
                accepted_at: given.accepted_at,
            }),
            declined: consent.declined,
            date_of_birth: consent.date_of_birth,
            guardian: GuardianConsent {
                name: consent.guardian.name,
                relation: consent.guardian.relation,
                accepted: consent.guardian.accepted,
            },
        }
    }
}

impl From<&AfterReceipt> for AfterReceiptV1 {
    fn from(after: &AfterReceipt) -> AfterReceiptV1 {
        let AfterReceipt {
            confirming_withdrawal,
            withdrawing,
            withdrawn,
            fetching_data,
            data,
            error,
        } = after;
        AfterReceiptV1 {
            confirming_withdrawal: *confirming_withdrawal,
            withdrawing: *withdrawing,
            withdrawn: *withdrawn,
            fetching_data: *fetching_data,
            data: data.clone(),
            error: error.as_ref().map(FieldErrorV1::from),
        }
    }
}

impl From<AfterReceiptV1> for AfterReceipt {
    fn from(after: AfterReceiptV1) -> AfterReceipt {
        AfterReceipt {
            confirming_withdrawal: after.confirming_withdrawal,
            withdrawing: after.withdrawing,
            withdrawn: after.withdrawn,
            fetching_data: after.fetching_data,
            data: after.data,
            error: after.error.map(Into::into),
        }
    }
}
