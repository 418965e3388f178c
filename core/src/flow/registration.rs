//! What the registration answers about itself: the step's guards, the payload to send, the
//! tidying of fields, the photos' keys.

use super::consent::*;
use super::events::*;
use super::messages::*;
use super::state::*;
use crate::api::RegistrationRequest;
use crate::declaration::DeclarationForm;
use crate::fields::{Email, FieldError, FieldErrors, FieldId, UnitDirectory};
use crate::lang::Lang;
use crate::qr::offer::QrOffer;

impl Registration {
    /// A new, empty registration at the Start screen.
    pub fn new(idempotency_key: impl Into<String>, lang: Lang) -> Registration {
        Registration {
            step: Step::Start,
            lang,
            idempotency_key: idempotency_key.into(),
            form: DeclarationForm::default(),
            errors: FieldErrors::new(),
            photos: Photos::default(),
            office: None,
            email: String::new(),
            submission: None,
            otp: OtpState::default(),
            notice: None,
            qr_card: None,
            rewrites: FieldRewrites::default(),
            consent: ConsentState::default(),
            after_receipt: AfterReceipt::default(),
            follow_up: Default::default(),
        }
    }

    /// The text of a typed field (declaration texts and the e-mail).
    pub fn typed(&self, field: FieldId) -> Option<&str> {
        match field {
            FieldId::Email => Some(&self.email),
            _ => self.form.get(field),
        }
    }

    /// Tidies a typed field ([`crate::text::tidy`]): done when it is left and before its step
    /// is checked, never while it is being typed in.
    pub(super) fn tidy(&mut self, field: FieldId) {
        let Some(value) = self.typed(field) else {
            return;
        };
        let tidy = crate::text::tidy(value);
        if tidy != value {
            match field {
                FieldId::Email => self.email = tidy,
                _ => {
                    self.form.set(field, tidy);
                }
            }
        }
    }

    /// The offer of the pending card against the form as it stands now (statuses follow
    /// what is typed after the card was read).
    pub fn qr_offer(&self, units: &dyn UnitDirectory) -> Option<QrOffer> {
        self.qr_card
            .as_ref()
            .map(|card| QrOffer::new(card, &self.form, units))
    }

    /// Whether anything was typed or chosen yet (a draft worth offering to resume).
    pub fn has_progress(&self) -> bool {
        self.step != Step::Start
            || self.form != DeclarationForm::default()
            || !self.photos.storage_keys().is_empty()
            || self.office.is_some()
            || !self.email.is_empty()
    }

    /// What the shell must do again after restoring this state from a draft: a photo that
    /// was being processed is processed again, a submission under way is sent again (with the
    /// same key, so it cannot be duplicated).
    pub fn resume_effects(&self, ctx: &dyn FlowContext) -> Vec<Effect> {
        let mut effects = Vec::new();
        for slot in PhotoSlot::ALL {
            if let PhotoState::Processing { staged_key } = self.photos.get(slot) {
                effects.push(Effect::ProcessPhoto {
                    slot,
                    staged_key: staged_key.clone(),
                });
            }
        }
        if self.step == Step::Submitting {
            if let Ok(payload) = self.payload(ctx) {
                effects.push(Effect::Submit(Box::new(payload)));
            }
        }
        effects
    }

    fn photo_keys(&self) -> Result<PhotoKeys, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut key = |slot: PhotoSlot| match self.photos.get(slot) {
            PhotoState::Ready(photo) => photo.key.clone(),
            PhotoState::Processing { .. } => {
                errors.insert(
                    slot.field(),
                    FieldError::from_localized(&FlowMessage::PhotoProcessing),
                );
                String::new()
            }
            PhotoState::Failed { .. } => {
                errors.insert(
                    slot.field(),
                    FieldError::from_localized(&FlowMessage::PhotoNotUsable),
                );
                String::new()
            }
            PhotoState::Empty => {
                errors.insert(
                    slot.field(),
                    FieldError::from_localized(&FlowMessage::PhotoRequired),
                );
                String::new()
            }
        };
        let keys = PhotoKeys {
            portrait: key(PhotoSlot::Portrait),
            id_front: key(PhotoSlot::IdFront),
            id_back: key(PhotoSlot::IdBack),
        };
        if errors.is_empty() {
            Ok(keys)
        } else {
            Err(errors)
        }
    }

    pub(super) fn office_error(&self, ctx: &dyn FlowContext) -> Option<FieldError> {
        crate::api::check_office(self.office.as_deref().unwrap_or_default(), ctx.offices()).err()
    }

    fn email_error(&self) -> Option<FieldError> {
        Email::parse(&self.email)
            .err()
            .map(|e| FieldError::from_localized(&e))
    }

    /// The registration request of what was typed and chosen, as sent to the service before
    /// its values are normalized: the consent only with both boxes ticked.
    pub fn request(&self) -> RegistrationRequest {
        let ticked = self.consent.general && self.consent.id_images;
        RegistrationRequest {
            form: self.form.clone(),
            office: self.office.clone().unwrap_or_default(),
            email: self.email.clone(),
            lang: self.lang,
            consent: self.consent_record().filter(|_| ticked),
        }
    }

    /// Builds the submission from every step's data, or every error at once: the photos,
    /// and the rest by the one validation of a registration
    /// ([`RegistrationRequest::validate`], the service's own).
    pub fn payload(&self, ctx: &dyn FlowContext) -> Result<SubmitPayload, FieldErrors> {
        let mut errors = FieldErrors::new();
        let photos = self.photo_keys().map_err(|e| errors.extend(e)).ok();
        let valid = self
            .request()
            .validate(ctx.units(), ctx.offices())
            .map_err(|e| errors.extend(e))
            .ok();
        match (valid, photos) {
            (Some(valid), Some(photos)) if errors.is_empty() => Ok(SubmitPayload {
                idempotency_key: self.idempotency_key.clone(),
                declaration: valid.declaration,
                office: valid.office,
                email: valid.email,
                lang: valid.lang,
                photos,
                consent: valid.consent,
            }),
            _ => Err(errors),
        }
    }

    /// The errors that keep a person on `step`, all at once.
    pub(super) fn step_errors(&self, step: Step, ctx: &dyn FlowContext) -> FieldErrors {
        match step {
            Step::Declaration => {
                let mut errors = self.form.validate(ctx.units()).err().unwrap_or_default();
                // The consent itself was given on its own screen: only what the Declaration
                // asks (date of birth, guardian) stops here.
                errors.extend(
                    self.consent_errors()
                        .into_iter()
                        .filter(|(field, _)| Step::of_field(*field) == Step::Declaration),
                );
                errors
            }
            Step::Photos => self.photo_keys().err().unwrap_or_default(),
            Step::Office => self
                .office_error(ctx)
                .map(|e| FieldErrors::from([(FieldId::Office, e)]))
                .unwrap_or_default(),
            Step::Email => self
                .email_error()
                .map(|e| FieldErrors::from([(FieldId::Email, e)]))
                .unwrap_or_default(),
            _ => FieldErrors::new(),
        }
    }

    /// Checks one field alone and returns its error, if any.
    pub(super) fn field_error(&self, field: FieldId, ctx: &dyn FlowContext) -> Option<FieldError> {
        match field {
            FieldId::Email => self.email_error(),
            FieldId::Office => self.office_error(ctx),
            FieldId::Portrait | FieldId::IdFront | FieldId::IdBack => {
                self.photo_keys().err().and_then(|mut e| e.remove(&field))
            }
            FieldId::Consent
            | FieldId::DateOfBirth
            | FieldId::GuardianName
            | FieldId::GuardianRelation
            | FieldId::GuardianConsent => self.consent_errors().remove(&field),
            _ => self.form.check_field(field, ctx.units()),
        }
    }

    /// Shows `errors` (replacing those of their step), moves to the step of the first one and
    /// focuses it.
    pub(super) fn show_errors(&mut self, errors: FieldErrors, effects: &mut Vec<Effect>) {
        let Some(first) = FieldId::ALL.into_iter().find(|f| errors.contains_key(f)) else {
            return;
        };
        self.step = Step::of_field(first);
        self.errors = errors;
        effects.push(Effect::Focus(first));
    }
}
