//! After the receipt ("Hồ sơ của tôi"; its state is kept in `state.rs`): the registrations
//! kept on the device (no personal data: reference, office, status, dates, and the id and
//! secret that reach the service), the status fetched when one is opened, and fixing what the
//! office asked for — only the fields and photos it named open, checked by the rules a
//! registration gets ([`crate::api::apply_corrections`]), sent back as a resubmission.

use super::events::*;
use super::photo_slots;
use super::state::*;
use crate::api::{apply_corrections, DecisionSummary, RegistrationStatus};
use crate::fields::{FieldError, FieldErrors, FieldId};

impl FollowUp {
    /// Keeps a registration just received (replacing one with the same id).
    pub(super) fn keep(&mut self, saved: SavedRegistration, effects: &mut Vec<Effect>) {
        self.saved.retain(|s| s.id != saved.id);
        self.saved.insert(0, saved);
        effects.push(Effect::SaveRegistrations(self.saved.clone()));
    }

    /// Notes a status heard from the service for `id`. The status answer carries no note
    /// (the office's words come only with the declaration, behind the secret): a note already
    /// heard for the same decision is kept.
    pub(super) fn heard(
        &mut self,
        id: &str,
        status: RegistrationStatus,
        decision: Option<DecisionSummary>,
        at: Option<String>,
        effects: &mut Vec<Effect>,
    ) {
        if let Some(saved) = self.saved.iter_mut().find(|s| s.id == id) {
            saved.status = status;
            if let Some(mut decision) = decision {
                let known = saved.decision.as_ref().filter(|known| {
                    known.decided_at == decision.decided_at && known.decision == decision.decision
                });
                if let (true, Some(known)) = (decision.note.is_empty(), known) {
                    decision.note = known.note.clone();
                }
                saved.decision = Some(decision);
            }
            if at.is_some() {
                saved.checked_at = at;
            }
            effects.push(Effect::SaveRegistrations(self.saved.clone()));
        }
    }
}

/// The photo events of the corrections' screen.
fn photo_event(fix: &mut Fix, event: Event, effects: &mut Vec<Effect>) {
    match event {
        Event::PhotoChosen { slot, staged_key } => {
            if fix.asked.contains(&slot.field()) && !fix.sending {
                photo_slots::choose(&mut fix.photos, &mut fix.errors, slot, staged_key, effects);
            } else {
                effects.push(Effect::DeletePhotos(vec![staged_key]));
            }
        }
        Event::PhotoProcessed {
            slot,
            staged_key,
            photo,
        } => {
            photo_slots::take_processed(
                &mut fix.photos,
                &mut fix.errors,
                slot,
                staged_key,
                photo,
                effects,
            );
        }
        Event::PhotoFailed {
            slot,
            staged_key,
            error,
        } => photo_slots::take_failure(&mut fix.photos, slot, staged_key, error, effects),
        _ => {}
    }
}

/// The resubmission of the corrections, or every error at once.
fn resubmission(
    saved: &SavedRegistration,
    fix: &Fix,
    ctx: &dyn FlowContext,
) -> Result<ResubmitPayload, FieldErrors> {
    let declared = fix.declared.clone().unwrap_or_default();
    let mut errors = FieldErrors::new();
    let mut photos = Vec::new();
    for slot in PhotoSlot::ALL {
        if !fix.asked.contains(&slot.field()) {
            continue;
        }
        match fix.photos.get(slot) {
            PhotoState::Ready(photo) => photos.push((slot, photo.key.clone())),
            PhotoState::Processing { .. } => {
                errors.insert(
                    slot.field(),
                    FieldError::from_localized(&super::FlowMessage::PhotoProcessing),
                );
            }
            PhotoState::Failed { .. } => {
                errors.insert(
                    slot.field(),
                    FieldError::from_localized(&super::FlowMessage::PhotoNotUsable),
                );
            }
            PhotoState::Empty => {
                errors.insert(
                    slot.field(),
                    FieldError::from_localized(&super::FlowMessage::PhotoRequired),
                );
            }
        }
    }
    let changes = fix.changes();
    let changed_photos: Vec<FieldId> = photos.iter().map(|(slot, _)| slot.field()).collect();
    if let Err(rule_errors) = apply_corrections(
        &declared,
        &changes,
        &changed_photos,
        &fix.asked,
        ctx.units(),
    ) {
        // A photo still missing says so rather than "nothing changed".
        for (field, error) in rule_errors {
            errors.entry(field).or_insert(error);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ResubmitPayload {
        registration_id: saved.id.clone(),
        secret: saved.secret.clone(),
        idempotency_key: fix.idempotency_key.clone(),
        changes,
        photos,
    })
}

/// Whether the follow-up takes this event on the current step (its own events, and the
/// typing and photo events of the corrections' screen).
pub(super) fn takes(state: &Registration, event: &Event) -> bool {
    match event {
        Event::OpenSaved { .. }
        | Event::RefreshStatus
        | Event::StatusFetched { .. }
        | Event::StatusFetchFailed { .. }
        | Event::FixStart { .. }
        | Event::DeclarationFetched(_)
        | Event::DeclarationFetchFailed { .. }
        | Event::Resubmitted(_)
        | Event::ResubmitFailed(_) => true,
        Event::Edit { .. }
        | Event::Blur(_)
        | Event::Next
        | Event::PhotoChosen { .. }
        | Event::PhotoProcessed { .. }
        | Event::PhotoFailed { .. } => state.step == Step::Fixing,
        Event::Back => matches!(state.step, Step::Tracking | Step::Fixing),
        _ => false,
    }
}

/// The follow-up's transitions (for the events [`takes`] accepts).
pub(super) fn update(
    state: &mut Registration,
    event: Event,
    ctx: &dyn FlowContext,
    effects: &mut Vec<Effect>,
) {
    let follow = &mut state.follow_up;
    match event {
        Event::OpenSaved { id }
            if state.step == Step::Start && follow.saved.iter().any(|s| s.id == id) =>
        {
            follow.open = Some(id.clone());
            follow.fetching = true;
            follow.error = None;
            // The rights' buttons start afresh for this registration.
            state.after_receipt = Default::default();
            state.step = Step::Tracking;
            effects.push(Effect::FetchStatus {
                registration_id: id,
            });
        }
        Event::RefreshStatus if state.step == Step::Tracking && !follow.fetching => {
            if let Some(id) = follow.open.clone() {
                follow.fetching = true;
                follow.error = None;
                effects.push(Effect::FetchStatus {
                    registration_id: id,
                });
            }
        }
        Event::StatusFetched { state: heard, at } => {
            if follow.open.as_deref() == Some(heard.id.as_str()) {
                follow.fetching = false;
                follow.error = None;
            }
            follow.heard(&heard.id, heard.status, heard.decision, Some(at), effects);
        }
        Event::StatusFetchFailed { error } => {
            follow.fetching = false;
            follow.error = Some(error);
        }
        Event::FixStart { idempotency_key } => {
            let asks = follow
                .opened()
                .is_some_and(|s| s.status == RegistrationStatus::ChangesRequested);
            if state.step == Step::Tracking && asks && !follow.fetching {
                let saved = follow.opened().cloned();
                if let Some(saved) = saved {
                    follow.fetching = true;
                    follow.error = None;
                    let keys = follow.storage_keys();
                    if !keys.is_empty() {
                        effects.push(Effect::DeletePhotos(keys));
                    }
                    follow.fix = Some(Fix {
                        idempotency_key,
                        ..Fix::default()
                    });
                    effects.push(Effect::FetchDeclaration {
                        registration_id: saved.id,
                        secret: saved.secret,
                    });
                }
            }
        }
        Event::DeclarationFetched(declared) => {
            let declared = *declared;
            if state.step != Step::Tracking || follow.open.as_deref() != Some(&declared.id) {
                return;
            }
            follow.fetching = false;
            follow.heard(
                &declared.id,
                declared.status,
                declared.decision.clone(),
                None,
                effects,
            );
            match follow.fix.as_mut() {
                Some(fix) if !declared.fields_to_fix.is_empty() => {
                    fix.asked = declared.fields_to_fix;
                    fix.form = declared.declaration.clone();
                    fix.declared = Some(declared.declaration);
                    fix.errors.clear();
                    state.step = Step::Fixing;
                }
                _ => follow.fix = None,
            }
        }
        Event::DeclarationFetchFailed { error } => {
            follow.fetching = false;
            follow.fix = None;
            follow.error = Some(error);
        }
        Event::Edit { field, value } => {
            if let Some(fix) = follow.fix.as_mut().filter(|f| !f.sending) {
                if fix.editable(field)
                    && fix.form.set(field, value)
                    && fix.errors.contains_key(&field)
                {
                    match fix.form.check_field(field, ctx.units()) {
                        Some(e) => fix.errors.insert(field, e),
                        None => fix.errors.remove(&field),
                    };
                }
            }
        }
        Event::Blur(field) => {
            if let Some(fix) = follow.fix.as_mut() {
                if fix.editable(field) {
                    if let Some(value) = fix.form.get(field) {
                        let tidy = crate::text::tidy(value);
                        fix.form.set(field, tidy);
                    }
                    match fix.form.check_field(field, ctx.units()) {
                        Some(e) => fix.errors.insert(field, e),
                        None => fix.errors.remove(&field),
                    };
                }
            }
        }
        Event::PhotoChosen { .. } | Event::PhotoProcessed { .. } | Event::PhotoFailed { .. } => {
            match follow.fix.as_mut() {
                Some(fix) => photo_event(fix, event, effects),
                None => {
                    if let Event::PhotoChosen { staged_key, .. } = event {
                        effects.push(Effect::DeletePhotos(vec![staged_key]));
                    }
                }
            }
        }
        Event::Next => {
            let saved = follow.opened().cloned();
            if let (Some(saved), Some(fix)) = (saved, follow.fix.as_mut()) {
                if fix.sending {
                    return;
                }
                match resubmission(&saved, fix, ctx) {
                    Ok(payload) => {
                        fix.sending = true;
                        fix.errors.clear();
                        follow.error = None;
                        effects.push(Effect::Resubmit(Box::new(payload)));
                    }
                    Err(errors) => {
                        if let Some(first) =
                            FieldId::ALL.into_iter().find(|f| errors.contains_key(f))
                        {
                            effects.push(Effect::Focus(first));
                        }
                        fix.errors = errors;
                    }
                }
            }
        }
        Event::Resubmitted(heard) => {
            if let Some(fix) = follow.fix.take() {
                let keys = fix.photos.storage_keys();
                if !keys.is_empty() {
                    effects.push(Effect::DeletePhotos(keys));
                }
            }
            follow.heard(&heard.id, heard.status, heard.decision, None, effects);
            if state.step == Step::Fixing {
                state.step = Step::Tracking;
            }
        }
        Event::ResubmitFailed(failure) => {
            if let Some(fix) = follow.fix.as_mut() {
                fix.sending = false;
                match failure {
                    SubmitFailure::Invalid { errors } if !errors.is_empty() => fix.errors = errors,
                    SubmitFailure::Invalid { .. } => {}
                    SubmitFailure::Transient { message } | SubmitFailure::Rejected { message } => {
                        follow.error = Some(message)
                    }
                }
            }
        }
        Event::Back => match state.step {
            Step::Fixing => {
                if let Some(fix) = follow.fix.take() {
                    let keys = fix.photos.storage_keys();
                    if !keys.is_empty() {
                        effects.push(Effect::DeletePhotos(keys));
                    }
                }
                state.step = Step::Tracking;
            }
            Step::Tracking => {
                follow.open = None;
                follow.error = None;
                follow.fetching = false;
                state.after_receipt = Default::default();
                state.step = Step::Start;
            }
            _ => {}
        },
        _ => {}
    }
}
