//! The version-1 draft mapped to and from the flow's state, field by field: a new field of the
//! state does not compile until it is placed in the format.

use super::v1::*;
use super::{DRAFT_FORMAT, DRAFT_VERSION};
use crate::consent::GuardianConsent;
use crate::declaration::DeclarationForm;
use crate::fields::FieldError;
use crate::flow::{
    AfterReceipt, ConsentGiven, ConsentState, FieldRewrites, Notice, OtpState, PhotoRef,
    PhotoState, Photos, Registration, Step, Submission,
};

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
            follow_up: _,
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
            follow_up: Default::default(),
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
            // "Hồ sơ của tôi" is not part of the draft: it opens from the Start screen.
            Step::Tracking | Step::Fixing => StepV1::Start,
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
            // Fetched again when wanted, never written with the draft.
            fetching_pdf: _,
            pdf: _,
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
            ..AfterReceipt::default()
        }
    }
}
