//! The registration flow as one state machine: `update(state, event) -> (state, effects)`.
//!
//! The state is plain data (it is what the draft saves); events are what a person or the
//! outside world did; effects are what the shell must do next (save the draft, process a
//! photo, submit, verify the OTP, move the focus). Nothing here performs I/O, so every
//! transition is tested as a table.

use crate::fields::{FieldError, FieldErrors, FieldId};
use crate::qr::offer::QrOffer;

mod consent;
mod events;
mod follow_up;
mod messages;
mod photo_slots;
mod registration;
mod state;
use crate::api::RegistrationStatus;
pub use consent::{AfterReceipt, ConsentBox, ConsentGiven, ConsentState, RightsSubject};
pub use events::*;
pub use messages::*;
pub use state::*;

/// The single transition function: the new state and what the shell must do.
///
/// Every change of state asks for the draft to be saved (except the resend countdown); the
/// end of the flow deletes the draft and the photos instead.
pub fn update(
    mut state: Registration,
    event: Event,
    ctx: &dyn FlowContext,
) -> (Registration, Vec<Effect>) {
    let before = state.clone();
    let mut effects = Vec::new();
    let mut persist = true;
    let typed_in = match &event {
        Event::Edit { field, .. } => Some(*field),
        _ => None,
    };
    // Nothing is typed, chosen or sent without consent to the current notice: such an event
    // brings the person to the Consent screen instead.
    let collects = matches!(
        event,
        Event::Edit { .. }
            | Event::Blur(_)
            | Event::Next
            | Event::PhotoChosen { .. }
            | Event::ChooseOffice(_)
            | Event::Submit
            | Event::QrAccept { .. }
    );
    if collects && state.step.needs_consent() && !state.has_consent() {
        if let Event::PhotoChosen { staged_key, .. } = event {
            effects.push(Effect::DeletePhotos(vec![staged_key]));
        }
        state.settle_consent();
        state.step = Step::Consent;
        let changed = state != before;
        if changed {
            effects.insert(0, Effect::PersistDraft(Box::new(state.clone())));
        }
        return (state, effects);
    }
    if follow_up::takes(&state, &event) {
        follow_up::update(&mut state, event, ctx, &mut effects);
        return finish(state, before, effects, None, true);
    }
    match event {
        Event::Begin => {
            if state.step == Step::Start {
                state.step = if state.has_consent() {
                    Step::Declaration
                } else {
                    Step::Consent
                };
            }
        }
        Event::Edit { field, value } => {
            let editable = match field {
                FieldId::Email => state.step == Step::Email,
                _ => matches!(state.step, Step::Declaration),
            };
            if editable {
                if field == FieldId::Email {
                    state.email = value;
                } else if state.set_consent_field(field, value.clone()) {
                    // Date of birth, guardian: kept with the consent.
                } else {
                    if field == FieldId::Province && state.form.province != value {
                        state.errors.remove(&FieldId::Commune);
                    }
                    state.form.set(field, value);
                }
                // An error already shown follows the value as it is corrected.
                if state.errors.contains_key(&field) {
                    match state.field_error(field, ctx) {
                        Some(e) => state.errors.insert(field, e),
                        None => state.errors.remove(&field),
                    };
                }
            }
        }
        Event::Blur(field) => {
            if TYPED_FIELDS.contains(&field) {
                state.tidy(field);
            }
            let typed = match field {
                FieldId::Email => !state.email.trim().is_empty(),
                _ => state
                    .form
                    .get(field)
                    .or_else(|| state.consent_field(field))
                    .is_some_and(|v| !v.trim().is_empty()),
            };
            if typed {
                match state.field_error(field, ctx) {
                    Some(e) => state.errors.insert(field, e),
                    None => state.errors.remove(&field),
                };
            }
        }
        Event::Next => match state.step {
            Step::Start => return update(state, Event::Begin, ctx),
            // The consent needs the time it was given: `ConsentAccept`.
            Step::Consent => {}
            Step::Declaration | Step::Photos | Step::Office => {
                for field in TYPED_FIELDS {
                    if Step::of_field(field) == state.step {
                        state.tidy(field);
                    }
                }
                let errors = state.step_errors(state.step, ctx);
                if errors.is_empty() {
                    state.errors.clear();
                    state.notice = None;
                    state.step = match state.step {
                        Step::Declaration => Step::Photos,
                        Step::Photos => Step::Office,
                        _ => Step::Email,
                    };
                } else {
                    state.show_errors(errors, &mut effects);
                }
            }
            Step::Email => return update(state, Event::Submit, ctx),
            Step::Otp => return update(state, Event::OtpSubmit, ctx),
            Step::Submitting | Step::Receipt | Step::Tracking | Step::Fixing => {}
        },
        Event::Back => {
            if let Some(previous) = state.step.previous() {
                state.step = previous;
                state.notice = None;
            }
        }
        Event::PhotoChosen { slot, staged_key } => {
            if state.step == Step::Photos {
                photo_slots::choose(
                    &mut state.photos,
                    &mut state.errors,
                    slot,
                    staged_key,
                    &mut effects,
                );
            } else {
                // Not expected here: the staged picture is not kept.
                effects.push(Effect::DeletePhotos(vec![staged_key]));
            }
        }
        // An answer counts only for the picture it was asked about (`photo_slots`); the
        // card's QR code is read from an ID photo taken.
        Event::PhotoProcessed {
            slot,
            staged_key,
            photo,
        } => {
            let key = photo.key.clone();
            let taken = photo_slots::take_processed(
                &mut state.photos,
                &mut state.errors,
                slot,
                staged_key,
                photo,
                &mut effects,
            );
            if taken && slot != PhotoSlot::Portrait {
                effects.push(Effect::ReadCardQr { slot, key });
            }
        }
        Event::PhotoFailed {
            slot,
            staged_key,
            error,
        } => photo_slots::take_failure(&mut state.photos, slot, staged_key, error, &mut effects),
        Event::ChooseOffice(office) => {
            if state.step == Step::Office {
                state.office = Some(office);
                match state.office_error(ctx) {
                    Some(e) => state.errors.insert(FieldId::Office, e),
                    None => state.errors.remove(&FieldId::Office),
                };
            }
        }
        Event::Submit => {
            if state.step == Step::Email {
                state.tidy(FieldId::Email);
                match state.payload(ctx) {
                    Ok(payload) => {
                        state.errors.clear();
                        state.notice = None;
                        state.step = Step::Submitting;
                        effects.push(Effect::Submit(Box::new(payload)));
                    }
                    Err(errors) => state.show_errors(errors, &mut effects),
                }
            }
        }
        Event::SubmitSucceeded(submission) => {
            if state.step == Step::Submitting {
                // The photos are with the service now: remove them from the device.
                let keys = state.photos.storage_keys();
                if !keys.is_empty() {
                    effects.push(Effect::DeletePhotos(keys));
                }
                state.photos = Photos::default();
                state.qr_card = None;
                state.submission = Some(submission);
                state.otp = OtpState::default();
                state.step = Step::Otp;
            }
        }
        Event::SubmitFailed(failure) => {
            if state.step == Step::Submitting {
                match failure {
                    SubmitFailure::Invalid { errors } if !errors.is_empty() => {
                        state.show_errors(errors, &mut effects);
                    }
                    SubmitFailure::Invalid { .. } => state.step = Step::Email,
                    SubmitFailure::Transient { message } | SubmitFailure::Rejected { message } => {
                        state.step = Step::Email;
                        state.notice = Some(Notice {
                            message,
                            is_error: true,
                        });
                    }
                }
            }
        }
        Event::OtpEdit(code) => {
            if state.step == Step::Otp {
                state.otp.code = code.chars().filter(char::is_ascii_digit).take(6).collect();
                state.otp.error = None;
            }
        }
        Event::OtpSubmit => {
            if state.step == Step::Otp && !state.otp.verifying {
                if state.otp.code.len() != 6 {
                    state.otp.error = Some(FieldError::from_localized(&FlowMessage::OtpIncomplete));
                } else if let Some(submission) = &state.submission {
                    state.otp.verifying = true;
                    state.otp.error = None;
                    effects.push(Effect::VerifyOtp {
                        registration_id: submission.id.clone(),
                        code: state.otp.code.clone(),
                    });
                }
            }
        }
        Event::OtpAccepted { status } => {
            if state.step == Step::Otp {
                if let Some(submission) = &mut state.submission {
                    submission.status = status;
                }
                state.otp = OtpState::default();
                state.step = Step::Receipt;
                persist = false;
                effects.push(Effect::DeleteDraft);
                // What stays on the device: no personal data.
                if let Some(submission) = &state.submission {
                    let saved = SavedRegistration {
                        id: submission.id.clone(),
                        secret: state.idempotency_key.clone(),
                        reference: submission.reference.clone(),
                        office: state.office.clone().unwrap_or_default(),
                        status: submission.status,
                        received_at: submission.received_at.clone(),
                        checked_at: None,
                        decision: None,
                    };
                    state.follow_up.keep(saved, &mut effects);
                }
            }
        }
        Event::OtpRejected { error } => {
            if state.step == Step::Otp {
                state.otp.verifying = false;
                state.otp.error = Some(error);
            }
        }
        Event::OtpResend => {
            if state.step == Step::Otp && state.otp.resend_wait_secs == 0 && !state.otp.resending {
                if let Some(submission) = &state.submission {
                    state.otp.resending = true;
                    effects.push(Effect::ResendOtp {
                        registration_id: submission.id.clone(),
                    });
                }
            }
        }
        Event::OtpResent { wait_secs } => {
            state.otp.resending = false;
            state.otp.resend_wait_secs = wait_secs;
            state.otp.error = None;
        }
        Event::OtpResendFailed { error } => {
            state.otp.resending = false;
            state.otp.error = Some(error);
        }
        Event::Tick => {
            state.otp.resend_wait_secs = state.otp.resend_wait_secs.saturating_sub(1);
            persist = false;
        }
        Event::SetLang(lang) => state.lang = lang,
        Event::Discard {
            new_idempotency_key,
        } => {
            let keys = state.photos.storage_keys();
            if !keys.is_empty() {
                effects.push(Effect::DeletePhotos(keys));
            }
            let rewrites = std::mem::take(&mut state.rewrites);
            let follow_up = std::mem::take(&mut state.follow_up);
            state = Registration::new(new_idempotency_key, state.lang);
            state.rewrites = rewrites;
            state.follow_up = follow_up;
            persist = false;
            effects.push(Effect::DeleteDraft);
        }
        Event::DismissNotice => state.notice = None,
        Event::QrRead { card } => {
            if state.step.accepts_a_card() {
                if matches!(state.step, Step::Start | Step::Consent) {
                    // The card waits (in memory only) for the consent.
                    state.step = if state.has_consent() {
                        Step::Declaration
                    } else {
                        Step::Consent
                    };
                }
                let offer = QrOffer::new(&card, &state.form, ctx.units());
                state.qr_card = offer.has_changes().then_some(*card);
            }
        }
        Event::QrAccept { fields } => {
            if matches!(state.step, Step::Declaration | Step::Photos) {
                if let Some(offer) = state.qr_offer(ctx.units()) {
                    if let Some(card) = state.qr_card.take() {
                        let changed = offer.apply(&card, &fields, &mut state.form);
                        // Errors already shown follow the new values.
                        for field in changed {
                            if state.errors.contains_key(&field) {
                                match state.field_error(field, ctx) {
                                    Some(e) => state.errors.insert(field, e),
                                    None => state.errors.remove(&field),
                                };
                            }
                        }
                    }
                }
            }
        }
        Event::QrDismiss => state.qr_card = None,
        Event::ConsentTick { which, ticked } => match which {
            ConsentBox::General | ConsentBox::IdImages if state.step == Step::Consent => {
                if which == ConsentBox::General {
                    state.consent.general = ticked;
                } else {
                    state.consent.id_images = ticked;
                }
                state.consent.declined = false;
                // Unticking takes the consent back.
                if !ticked {
                    state.consent.given = None;
                }
                state.errors.remove(&FieldId::Consent);
            }
            ConsentBox::Guardian if state.step == Step::Declaration && state.has_consent() => {
                state.consent.guardian.accepted = ticked;
                if state.errors.contains_key(&FieldId::GuardianConsent) {
                    match state.field_error(FieldId::GuardianConsent, ctx) {
                        Some(e) => state.errors.insert(FieldId::GuardianConsent, e),
                        None => state.errors.remove(&FieldId::GuardianConsent),
                    };
                }
            }
            _ => {}
        },
        Event::ConsentAccept { at } => {
            if state.step == Step::Consent {
                if state.consent.general && state.consent.id_images {
                    state.consent.given = Some(ConsentGiven {
                        notice_version: crate::consent::NOTICE_VERSION.to_string(),
                        accepted_at: at,
                    });
                    state.consent.declined = false;
                    state.errors.remove(&FieldId::Consent);
                    state.step = Step::Declaration;
                } else {
                    state.show_errors(
                        FieldErrors::from([(
                            FieldId::Consent,
                            FieldError::from_localized(&crate::consent::ConsentError::Missing),
                        )]),
                        &mut effects,
                    );
                }
            }
        }
        Event::ConsentDecline => {
            if state.step == Step::Consent {
                state.consent.declined = true;
                state.consent.given = None;
                state.consent.general = false;
                state.consent.id_images = false;
            }
        }
        Event::WithdrawAsk => {
            let open = state
                .rights_subject()
                .is_some_and(|s| s.status != RegistrationStatus::Withdrawn);
            if open && !state.after_receipt.withdrawn {
                state.after_receipt.confirming_withdrawal = true;
                state.after_receipt.error = None;
            }
        }
        Event::WithdrawCancel => state.after_receipt.confirming_withdrawal = false,
        Event::WithdrawConfirm => {
            let subject = state.rights_subject();
            let receipt = &mut state.after_receipt;
            if receipt.confirming_withdrawal && !receipt.withdrawing {
                if let Some(subject) = subject {
                    receipt.withdrawing = true;
                    receipt.error = None;
                    effects.push(Effect::Withdraw {
                        registration_id: subject.id,
                        secret: subject.secret,
                    });
                }
            }
        }
        Event::Withdrawn { registration_id } => {
            if state
                .rights_subject()
                .is_some_and(|s| s.id == registration_id)
            {
                let receipt = &mut state.after_receipt;
                receipt.withdrawing = false;
                receipt.confirming_withdrawal = false;
                receipt.withdrawn = true;
                receipt.data = None;
                receipt.pdf = None;
            }
            if let Some(submission) = state
                .submission
                .as_mut()
                .filter(|s| s.id == registration_id)
            {
                submission.status = RegistrationStatus::Withdrawn;
            }
            state.follow_up.heard(
                &registration_id,
                RegistrationStatus::Withdrawn,
                None,
                None,
                &mut effects,
            );
        }
        Event::WithdrawFailed { error } => {
            state.after_receipt.withdrawing = false;
            state.after_receipt.error = Some(error);
        }
        Event::DataRequest => {
            let subject = state.rights_subject();
            let receipt = &mut state.after_receipt;
            if !receipt.withdrawn && !receipt.fetching_data {
                if let Some(subject) = subject.filter(|s| s.status != RegistrationStatus::Withdrawn)
                {
                    receipt.fetching_data = true;
                    receipt.error = None;
                    effects.push(Effect::FetchData {
                        registration_id: subject.id,
                        secret: subject.secret,
                    });
                }
            }
        }
        Event::DataReceived { json } => {
            state.after_receipt.fetching_data = false;
            state.after_receipt.data = Some(json);
        }
        Event::DataFailed { error } => {
            state.after_receipt.fetching_data = false;
            state.after_receipt.error = Some(error);
        }
        Event::DeclarationPdfRequest => {
            let subject = state.rights_subject();
            let receipt = &mut state.after_receipt;
            if !receipt.withdrawn && !receipt.fetching_pdf {
                if let Some(subject) = subject.filter(RightsSubject::has_declaration_pdf) {
                    receipt.fetching_pdf = true;
                    receipt.error = None;
                    effects.push(Effect::FetchDeclarationPdf {
                        registration_id: subject.id,
                        secret: subject.secret,
                    });
                }
            }
        }
        Event::DeclarationPdfReceived { pdf } => {
            state.after_receipt.fetching_pdf = false;
            state.after_receipt.pdf = Some(pdf);
        }
        Event::DeclarationPdfFailed { error } => {
            state.after_receipt.fetching_pdf = false;
            state.after_receipt.error = Some(error);
        }
        Event::QrAbsent { .. } => {}
        // Taken by the follow-up above (or not for this step).
        Event::OpenSaved { .. }
        | Event::RefreshStatus
        | Event::StatusFetched { .. }
        | Event::StatusFetchFailed { .. }
        | Event::FixStart { .. }
        | Event::DeclarationFetched(_)
        | Event::DeclarationFetchFailed { .. }
        | Event::Resubmitted(_)
        | Event::ResubmitFailed(_) => {}
        Event::QrFailed { error } => {
            if state.step.accepts_a_card() {
                if state.step == Step::Start {
                    state.step = if state.has_consent() {
                        Step::Declaration
                    } else {
                        Step::Consent
                    };
                }
                state.notice = Some(Notice {
                    message: error,
                    is_error: true,
                });
            }
        }
    }
    finish(state, before, effects, typed_in, persist)
}

/// The common end of every transition: the rewrite counts, and the draft saved when what it
/// holds changed.
fn finish(
    mut state: Registration,
    mut before: Registration,
    mut effects: Vec<Effect>,
    typed_in: Option<FieldId>,
    persist: bool,
) -> (Registration, Vec<Effect>) {
    // A typed field changed by anything but typing in it: the shell writes it into its box.
    for field in TYPED_FIELDS {
        if typed_in != Some(field) && state.typed(field) != before.typed(field) {
            state.rewrites.bump(field);
        }
    }
    // The pending card, the rewrite counts and "Hồ sơ của tôi" are not part of the draft: a
    // change of them alone is not saved (nor is moving between the follow-up's screens).
    let card = state.qr_card.take();
    let rewrites = std::mem::take(&mut state.rewrites);
    let follow_up = std::mem::take(&mut state.follow_up);
    let step = state.step;
    let draft_step = |step: Step| match step {
        Step::Tracking | Step::Fixing => Step::Start,
        step => step,
    };
    state.step = draft_step(step);
    before.qr_card = None;
    before.rewrites = FieldRewrites::default();
    before.follow_up = FollowUp::default();
    before.step = draft_step(before.step);
    let draft_changed = state != before;
    state.qr_card = card;
    state.rewrites = rewrites;
    state.follow_up = follow_up;
    state.step = step;
    if persist && draft_changed && state.step != Step::Receipt {
        effects.insert(0, Effect::PersistDraft(Box::new(state.clone())));
    }
    (state, effects)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod consent_tests;

#[cfg(test)]
mod follow_up_tests;
