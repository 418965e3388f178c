//! Version 1 of the draft file: its own types, so the file on a phone does not follow the
//! flow's state when a field of it is renamed or moved.
//!
//! Every name here (fields, the photo `state` tag, step words) is the file format as the first
//! release wrote it: never rename one. A change of the format is a new version (`DraftV2`,
//! read beside this one). Codes shared with the API keep their API spelling: the language
//! (`vi`, `en`), field codes (the keys of `errors`) and registration statuses.

use crate::api::RegistrationStatus;
use crate::fields::FieldId;
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
