//! What the registration's Photos screen and the corrections' screen do alike with a photo
//! slot: a picture chosen, its processed photo or its failure coming back.

use super::events::Effect;
use super::state::{PhotoRef, PhotoSlot, PhotoState, Photos};
use crate::fields::{FieldError, FieldErrors};

/// A picture staged under `staged_key` for `slot`: the slot now waits for it (the effect asks
/// for its processing), and what the slot held before is deleted.
pub(crate) fn choose(
    photos: &mut Photos,
    errors: &mut FieldErrors,
    slot: PhotoSlot,
    staged_key: String,
    effects: &mut Vec<Effect>,
) {
    let old = std::mem::replace(
        photos.get_mut(slot),
        PhotoState::Processing {
            staged_key: staged_key.clone(),
        },
    );
    let stale = old.storage_keys();
    if !stale.is_empty() {
        effects.push(Effect::DeletePhotos(stale));
    }
    errors.remove(&slot.field());
    effects.push(Effect::ProcessPhoto { slot, staged_key });
}

/// The processed photo of the picture staged under `staged_key`. It counts only when the
/// slot still waits for that picture (true): the staged picture is deleted and the photo
/// takes the slot. A late answer, for a picture replaced or removed since, is dropped and its
/// result deleted (false).
pub(crate) fn take_processed(
    photos: &mut Photos,
    errors: &mut FieldErrors,
    slot: PhotoSlot,
    staged_key: String,
    photo: PhotoRef,
    effects: &mut Vec<Effect>,
) -> bool {
    if !photos.awaits(slot, &staged_key) {
        if photo.key != staged_key {
            effects.push(Effect::DeletePhotos(vec![photo.key]));
        }
        return false;
    }
    if staged_key != photo.key {
        effects.push(Effect::DeletePhotos(vec![staged_key]));
    }
    *photos.get_mut(slot) = PhotoState::Ready(photo);
    errors.remove(&slot.field());
    true
}

/// The failure to process the picture staged under `staged_key`, when the slot still waits
/// for it: the staged picture is deleted and the slot shows why.
pub(crate) fn take_failure(
    photos: &mut Photos,
    slot: PhotoSlot,
    staged_key: String,
    error: FieldError,
    effects: &mut Vec<Effect>,
) {
    if photos.awaits(slot, &staged_key) {
        effects.push(Effect::DeletePhotos(vec![staged_key]));
        *photos.get_mut(slot) = PhotoState::Failed { error };
    }
}
