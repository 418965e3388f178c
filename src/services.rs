//! The set of edges the app runs with, and the one place where each effect of the flow is
//! carried out.
//!
//! [`step`] runs the core's `update` and turns every `Effect` into what the screens must do
//! next ([`Performed`]): most effects are done at once (save or delete the draft, delete
//! photos), slow ones come back as a future that yields the next event (process a photo,
//! submit, check the code). The Dioxus shell and the tests drive the flow the same way.

use crate::config::Reception;
use crate::edges::backend::OfficesFetch;
use crate::edges::backend::{default_backend, Backend, FakeBackend};
use crate::edges::catalog::{default_catalog, Catalog, CatalogFlow, DirectoryCatalog};
use crate::edges::draft_saver::{DraftSaver, DRAFT_DELAY_MS};
use crate::edges::drafts::now_secs;
use crate::edges::drafts::{DraftStore, MemoryDraftStore};
use crate::edges::office_cache::{CachedOffices, MemoryOfficeCache, OfficeCache};
use crate::edges::photos::{data_url, MemoryPhotoStore, PhotoProcessor, PhotoStore};
use crate::edges::saved_registrations::{MemorySavedRegistrations, SavedRegistrations};
use crate::edges::slow_work::{read_card_later, PipelineProcessor};
use crate::edges::{BoxFuture, StoreError};
use crate::i18n::Text;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use vssid_core::draft;
use vssid_core::fields::FieldId;
use vssid_core::flow::{update, Effect, Event, PhotoRef, PhotoState, Registration};

/// Everything outside the screens.
#[derive(Clone)]
pub struct Services {
    pub catalog: Rc<dyn Catalog>,
    pub backend: Rc<dyn Backend>,
    pub drafts: Rc<dyn DraftStore>,
    pub photos: Rc<dyn PhotoStore>,
    pub processor: Rc<dyn PhotoProcessor>,
    previews: Rc<RefCell<HashMap<String, String>>>,
    /// The draft waiting to be written, and how long it waits (0: written at once).
    draft_saver: Rc<DraftSaver>,
    pub draft_delay_ms: u32,
    /// The device's copy of the reception service's office list.
    pub office_cache: Rc<dyn OfficeCache>,
    /// "Hồ sơ của tôi": the registrations kept after their receipt.
    pub saved: Rc<dyn SavedRegistrations>,
}

/// What asking the reception service for its office list came to.
pub enum OfficeRefresh {
    /// A new list came, was kept on the device, and is the catalogue to use from now on.
    Replaced(Rc<dyn Catalog>),
    /// The list on the device is the service's current one.
    Current,
    /// No service to ask, or no answer (offline): the list in use stays.
    Unreachable,
    /// The service's list names provinces, communes or offices the app does not know: it is
    /// not used (the list in use stays).
    Refused(String),
}

impl PartialEq for Services {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.previews, &other.previews)
    }
}

impl Services {
    /// Builds a set from its parts.
    pub fn new(
        catalog: Rc<dyn Catalog>,
        backend: Rc<dyn Backend>,
        drafts: Rc<dyn DraftStore>,
        photos: Rc<dyn PhotoStore>,
    ) -> Self {
        Services {
            catalog,
            backend,
            drafts,
            photos,
            processor: Rc::new(PipelineProcessor),
            previews: Rc::default(),
            draft_saver: Rc::default(),
            draft_delay_ms: 0,
            office_cache: Rc::new(MemoryOfficeCache::default()),
            saved: Rc::new(MemorySavedRegistrations::default()),
        }
    }

    /// The same set, keeping "Hồ sơ của tôi" in `saved`.
    pub fn with_saved(mut self, saved: Rc<dyn SavedRegistrations>) -> Self {
        self.saved = saved;
        self
    }

    /// The same set, keeping the reception service's office list in `cache`; a copy kept
    /// there from this set's service is used at once (offline too).
    pub fn with_office_cache(mut self, cache: Rc<dyn OfficeCache>) -> Self {
        let base = self.service_base();
        let cached = cache.load().filter(|c| Some(&c.base) == base.as_ref());
        if let Some(cached) = cached {
            match DirectoryCatalog::served(&cached.list, cached.fetched_at_ms) {
                Ok(catalog) => self.catalog = Rc::new(catalog),
                Err(error) => eprintln!("vssid-app: the kept office list is not used ({error})"),
            }
        }
        self.office_cache = cache;
        self
    }

    /// The address of the reception service registrations go to, if there is one.
    fn service_base(&self) -> Option<String> {
        match self.backend.reception() {
            Reception::Service(base) => Some(base),
            _ => None,
        }
    }

    /// Asks the reception service for its office list, sending the version the device holds;
    /// a new usable list is kept on the device and answered as the catalogue to use.
    pub async fn refresh_offices(&self) -> OfficeRefresh {
        let Some(base) = self.service_base() else {
            return OfficeRefresh::Unreachable;
        };
        let cached = self.office_cache.load().filter(|c| c.base == base);
        let etag = cached.as_ref().and_then(|c| c.etag.clone());
        match self.backend.offices(etag).await {
            None => OfficeRefresh::Unreachable,
            Some(OfficesFetch::NotModified) => OfficeRefresh::Current,
            Some(OfficesFetch::Fresh { etag, list }) => {
                let fetched_at_ms = (now_secs() * 1000) as i64;
                match DirectoryCatalog::served(&list, fetched_at_ms) {
                    Err(error) => OfficeRefresh::Refused(error.to_string()),
                    Ok(catalog) => {
                        let kept = CachedOffices {
                            base,
                            etag,
                            fetched_at_ms,
                            list,
                        };
                        if let Err(error) = self.office_cache.save(&kept) {
                            eprintln!("vssid-app: the office list could not be kept ({error})");
                        }
                        OfficeRefresh::Replaced(Rc::new(catalog))
                    }
                }
            }
        }
    }

    /// The same set, with the draft written `delay_ms` after the last change instead of at
    /// every change (the platforms; tests keep 0 unless they test the delay).
    pub fn with_draft_delay(mut self, delay_ms: u32) -> Self {
        self.draft_delay_ms = delay_ms;
        self
    }

    /// Writes the draft waiting to be written, if any, now (a step changed, a field was left,
    /// the app is hidden or closing). Answers the notice to show when it could not be saved.
    pub fn flush_draft(&self) -> Option<Text> {
        let state = self.draft_saver.take()?;
        self.drafts
            .save(&draft::encode(&state))
            .err()
            .map(|_| Text::DraftSaveFailed)
    }

    /// Writes the waiting draft and waits for the writes under way (the window is closing).
    pub fn flush_draft_and_wait(&self) {
        let _ = self.flush_draft();
        self.drafts.sync();
    }

    /// Everything in memory, with the fake service answering at once (tests, demos).
    pub fn in_memory() -> Self {
        Services::new(
            default_catalog(),
            Rc::new(FakeBackend::new(0)),
            Rc::new(MemoryDraftStore::default()),
            Rc::new(MemoryPhotoStore::default()),
        )
    }

    /// The set for this platform: files in the app's data folder on desktop and mobile; on
    /// the web the draft in localStorage and the photos in IndexedDB (read beforehand by
    /// `edges::prepare_storage`); the reception as configured (`VSSID_API_BASE`).
    pub fn for_platform(reception: &Reception) -> Self {
        #[cfg(all(target_arch = "wasm32", feature = "web"))]
        {
            use crate::edges::drafts::LocalStorageDraftStore;
            use crate::edges::indexed_db_photos::IndexedDbPhotoStore;
            let photos: Rc<dyn PhotoStore> = Rc::new(IndexedDbPhotoStore::new());
            Services::new(
                default_catalog(),
                default_backend(reception, photos.clone()),
                Rc::new(LocalStorageDraftStore),
                photos,
            )
            .with_draft_delay(DRAFT_DELAY_MS)
            .with_office_cache(Rc::new(crate::edges::office_cache::LocalStorageOfficeCache))
            .with_saved(Rc::new(
                crate::edges::saved_registrations::LocalStorageSavedRegistrations,
            ))
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            use crate::edges::draft_writer::BackgroundDraftStore;
            use crate::edges::drafts::FileDraftStore;
            use crate::edges::photos::FilePhotoStore;
            match app_data_dir() {
                Some(dir) => {
                    let photos: Rc<dyn PhotoStore> =
                        Rc::new(FilePhotoStore::new(dir.join("photos")));
                    Services::new(
                        default_catalog(),
                        default_backend(reception, photos.clone()),
                        Rc::new(BackgroundDraftStore::new(FileDraftStore::new(&dir))),
                        photos,
                    )
                    .with_draft_delay(DRAFT_DELAY_MS)
                    .with_office_cache(Rc::new(crate::edges::office_cache::FileOfficeCache::new(
                        &dir,
                    )))
                    .with_saved(Rc::new(
                        crate::edges::saved_registrations::FileSavedRegistrations::new(&dir),
                    ))
                }
                None => {
                    let mut services = Services::in_memory();
                    services.backend = default_backend(reception, services.photos.clone());
                    services
                }
            }
        }
        #[cfg(all(target_arch = "wasm32", not(feature = "web")))]
        {
            let mut services = Services::in_memory();
            services.backend = default_backend(reception, services.photos.clone());
            services
        }
    }

    /// Stages a raw picture; answers its key.
    pub fn stage_photo(&self, bytes: Vec<u8>) -> Result<String, StoreError> {
        let key = new_key("staged");
        self.photos.put(&key, bytes)?;
        Ok(key)
    }

    /// A `data:` URL of a stored picture, made once per key.
    pub fn preview(&self, key: &str) -> Option<String> {
        if let Some(url) = self.previews.borrow().get(key) {
            return Some(url.clone());
        }
        let url = data_url(&self.photos.get(key)?);
        self.previews.borrow_mut().insert(key.into(), url.clone());
        Some(url)
    }

    fn forget_photo(&self, key: &str) {
        self.photos.delete(key);
        self.previews.borrow_mut().remove(key);
    }

    /// Deletes every stored photo (they belong to the one draft).
    pub fn forget_all_photos(&self) {
        self.photos.clear();
        self.previews.borrow_mut().clear();
    }

    /// Deletes the stored photos that `state` does not use (left by an interrupted step or an
    /// older version); answers how many.
    pub fn forget_photos_not_in(&self, state: &Registration) -> usize {
        let mut used = state.photos.storage_keys();
        used.extend(state.follow_up.storage_keys());
        let unused: Vec<String> = self
            .photos
            .keys()
            .into_iter()
            .filter(|key| !used.contains(key))
            .collect();
        for key in &unused {
            self.forget_photo(key);
        }
        unused.len()
    }

    /// Checks a restored draft against the photo store: a ready photo whose file is gone is
    /// marked as failed, so the person is asked for it again.
    pub fn reconcile(&self, mut state: Registration) -> Registration {
        for slot in vssid_core::flow::PhotoSlot::ALL {
            if let PhotoState::Ready(photo) = state.photos.get(slot) {
                if self.photos.get(&photo.key).is_none() {
                    *state.photos.get_mut(slot) = PhotoState::Failed {
                        error: Text::PhotoMissing.error("photo_missing"),
                    };
                }
            }
        }
        state
    }
}

/// The app's private data folder (desktop and mobile).
///
/// Android: the app's internal files folder (`/data/data/<package>/files`), found from the
/// process name without a call into Java; the platform's data folder does not exist there
/// (`$HOME` is unset). iOS: `Library/Application Support` inside the app's sandbox.
#[cfg(not(target_arch = "wasm32"))]
pub fn app_data_dir() -> Option<std::path::PathBuf> {
    if let Some(dir) = std::env::var_os("VSSID_DATA_DIR") {
        return Some(dir.into());
    }
    #[cfg(target_os = "android")]
    {
        let cmdline = std::fs::read("/proc/self/cmdline").ok()?;
        let package = android_package(&cmdline)?;
        let files = std::path::Path::new("/data/data")
            .join(package)
            .join("files");
        files.is_dir().then(|| files.join("vssid-registration"))
    }
    #[cfg(all(
        not(target_os = "android"),
        any(feature = "desktop", feature = "mobile")
    ))]
    {
        dirs::data_local_dir().map(|d| d.join("vssid-registration"))
    }
    #[cfg(all(
        not(target_os = "android"),
        not(any(feature = "desktop", feature = "mobile"))
    ))]
    {
        None
    }
}

/// The package name of an Android app process, from its `/proc/self/cmdline` (the process is
/// named after the package; a `:suffix` names a secondary process of the same app).
pub fn android_package(cmdline: &[u8]) -> Option<&str> {
    let name = cmdline.split(|b| *b == 0).next()?;
    let package = std::str::from_utf8(name).ok()?.split(':').next()?;
    let is_part = |part: &str| {
        part.starts_with(|c: char| c.is_ascii_alphabetic())
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let parts: Vec<&str> = package.split('.').collect();
    (parts.len() >= 2 && parts.iter().all(|p| is_part(p))).then_some(package)
}

/// A fresh random key with a readable prefix.
pub fn new_key(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4())
}

/// A fresh idempotency key for a new registration.
pub fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// What the screens must do after an effect.
pub enum Performed {
    Focus(FieldId),
    /// Tell the person something went wrong outside the flow.
    Notice(Text),
    /// Wait for this, then send the event it yields.
    Later(BoxFuture<Event>),
    /// Wait for this (work outside the flow, such as a delayed draft write), then show the
    /// notice it yields, if any.
    Background(BoxFuture<Option<Text>>),
}

impl std::fmt::Debug for Performed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Performed::Focus(field) => write!(f, "Focus({field:?})"),
            Performed::Notice(text) => write!(f, "Notice({text:?})"),
            Performed::Later(_) => write!(f, "Later(..)"),
            Performed::Background(_) => write!(f, "Background(..)"),
        }
    }
}

/// Runs one event through the flow and carries out its effects.
pub fn step(
    services: &Services,
    state: Registration,
    event: Event,
) -> (Registration, Vec<Performed>) {
    let ctx = CatalogFlow::new(&*services.catalog);
    // Moments when a draft waiting to be written is written at once.
    let left_a_field = matches!(event, Event::Blur(_));
    let step_before = state.step;
    let (next, effects) = update(state, event, &ctx);
    let mut performed: Vec<Performed> = effects
        .into_iter()
        .filter_map(|effect| perform(services, effect))
        .collect();
    if left_a_field || next.step != step_before {
        if let Some(text) = services.flush_draft() {
            performed.push(Performed::Notice(text));
        }
    }
    (next, performed)
}

/// The effects to redo after a restore, carried out.
pub fn resume(services: &Services, state: &Registration) -> Vec<Performed> {
    let ctx = CatalogFlow::new(&*services.catalog);
    state
        .resume_effects(&ctx)
        .into_iter()
        .filter_map(|effect| perform(services, effect))
        .collect()
}

/// Carries out one effect; answers what remains for the screens.
pub fn perform(services: &Services, effect: Effect) -> Option<Performed> {
    match effect {
        Effect::PersistDraft(state) => {
            let start_timer = services.draft_saver.stage(state);
            if services.draft_delay_ms == 0 {
                services.draft_saver.timer_done();
                return services.flush_draft().map(Performed::Notice);
            }
            start_timer.then(|| {
                let services = services.clone();
                Performed::Background(Box::pin(async move {
                    crate::edges::timer::sleep_ms(services.draft_delay_ms).await;
                    services.draft_saver.timer_done();
                    services.flush_draft()
                }))
            })
        }
        // After the receipt and at "Xóa bản nháp": the draft, the drafts set aside because
        // they could not be read, and every photo.
        Effect::DeleteDraft => {
            services.draft_saver.forget();
            let _ = services.drafts.delete();
            let _ = services.drafts.delete_set_aside(None);
            services.forget_all_photos();
            None
        }
        Effect::DeletePhotos(keys) => {
            for key in keys {
                services.forget_photo(&key);
            }
            None
        }
        Effect::Focus(field) => Some(Performed::Focus(field)),
        Effect::ProcessPhoto { slot, staged_key } => {
            let services = services.clone();
            Some(Performed::Later(Box::pin(async move {
                let Some(raw) = services.photos.get(&staged_key) else {
                    return Event::PhotoFailed {
                        slot,
                        staged_key,
                        error: Text::PhotoMissing.error("photo_missing"),
                    };
                };
                // Off the interface's thread where there is one: the screen keeps drawing.
                match services.processor.process_later(slot, raw).await {
                    Err(error) => Event::PhotoFailed {
                        slot,
                        staged_key,
                        error,
                    },
                    Ok(processed) => {
                        let key = new_key("photo");
                        let size = processed.bytes.len() as u64;
                        match services.photos.put(&key, processed.bytes) {
                            Err(_) => Event::PhotoFailed {
                                slot,
                                staged_key,
                                error: Text::DraftSaveFailed.error("photo_not_saved"),
                            },
                            Ok(()) => Event::PhotoProcessed {
                                slot,
                                staged_key,
                                photo: PhotoRef {
                                    key,
                                    bytes: size,
                                    width: processed.width,
                                    height: processed.height,
                                    warnings: processed.warnings,
                                },
                            },
                        }
                    }
                }
            })))
        }
        // The card's QR in a processed ID photo: an offer to fill the declaration.
        Effect::ReadCardQr { slot, key } => {
            let photos = services.photos.clone();
            Some(Performed::Later(Box::pin(async move {
                // Scanning takes a noticeable moment: off the interface's thread.
                let card = match photos.get(&key) {
                    Some(bytes) => read_card_later(bytes).await.ok(),
                    None => None,
                };
                match card {
                    Some(card) => Event::QrRead {
                        card: Box::new(card),
                    },
                    None => Event::QrAbsent { slot },
                }
            })))
        }
        Effect::Submit(payload) => {
            let call = services.backend.submit(*payload);
            Some(Performed::Later(Box::pin(async move {
                match call.await {
                    Ok(submission) => Event::SubmitSucceeded(submission),
                    Err(failure) => Event::SubmitFailed(failure),
                }
            })))
        }
        Effect::VerifyOtp {
            registration_id,
            code,
        } => {
            let call = services.backend.verify_otp(&registration_id, &code);
            Some(Performed::Later(Box::pin(async move {
                match call.await {
                    Ok(status) => Event::OtpAccepted { status },
                    Err(error) => Event::OtpRejected { error },
                }
            })))
        }
        Effect::Withdraw {
            registration_id,
            secret,
        } => {
            let call = services.backend.withdraw(&registration_id, &secret);
            Some(Performed::Later(Box::pin(async move {
                match call.await {
                    Ok(()) => Event::Withdrawn { registration_id },
                    Err(error) => Event::WithdrawFailed { error },
                }
            })))
        }
        Effect::FetchData {
            registration_id,
            secret,
        } => {
            let call = services
                .backend
                .registration_data(&registration_id, &secret);
            Some(Performed::Later(Box::pin(async move {
                match call.await {
                    Ok(json) => Event::DataReceived { json },
                    Err(error) => Event::DataFailed { error },
                }
            })))
        }
        Effect::FetchDeclarationPdf {
            registration_id,
            secret,
        } => {
            let call = services.backend.declaration_pdf(&registration_id, &secret);
            Some(Performed::Later(Box::pin(async move {
                match call.await {
                    Ok(pdf) => Event::DeclarationPdfReceived { pdf },
                    Err(error) => Event::DeclarationPdfFailed { error },
                }
            })))
        }
        Effect::SaveRegistrations(saved) => services
            .saved
            .save(&saved)
            .err()
            .map(|_| Performed::Notice(Text::DraftSaveFailed)),
        Effect::FetchStatus { registration_id } => {
            let call = services.backend.status(&registration_id);
            Some(Performed::Later(Box::pin(async move {
                match call.await {
                    Ok(state) => Event::StatusFetched {
                        state,
                        at: crate::edges::timer::now_rfc3339(),
                    },
                    Err(error) => Event::StatusFetchFailed { error },
                }
            })))
        }
        Effect::FetchDeclaration {
            registration_id,
            secret,
        } => {
            let call = services.backend.declaration(&registration_id, &secret);
            Some(Performed::Later(Box::pin(async move {
                match call.await {
                    Ok(declared) => Event::DeclarationFetched(Box::new(declared)),
                    Err(error) => Event::DeclarationFetchFailed { error },
                }
            })))
        }
        Effect::Resubmit(payload) => {
            let call = services.backend.resubmit(*payload);
            Some(Performed::Later(Box::pin(async move {
                match call.await {
                    Ok(state) => Event::Resubmitted(state),
                    Err(failure) => Event::ResubmitFailed(failure),
                }
            })))
        }
        Effect::ResendOtp { registration_id } => {
            let call = services.backend.resend_otp(&registration_id);
            Some(Performed::Later(Box::pin(async move {
                match call.await {
                    Ok(wait_secs) => Event::OtpResent { wait_secs },
                    Err(error) => Event::OtpResendFailed { error },
                }
            })))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::android_package;

    #[test]
    fn android_package_is_read_from_the_process_name() {
        assert_eq!(
            android_package(b"io.github.vssid_dangky.client\0"),
            Some("io.github.vssid_dangky.client")
        );
        assert_eq!(
            android_package(b"io.github.vssid_dangky.client:camera\0\0"),
            Some("io.github.vssid_dangky.client")
        );
    }

    #[test]
    fn android_package_refuses_what_is_not_a_package_name() {
        for cmdline in [
            &b""[..],
            b"\0",
            b"/system/bin/app_process\0",
            b"../../etc\0",
            b"nodots\0",
            b"a..b\0",
            b"1abc.def\0",
            b"\xff\xfe.x\0",
        ] {
            assert_eq!(android_package(cmdline), None, "{cmdline:?}");
        }
    }
}
