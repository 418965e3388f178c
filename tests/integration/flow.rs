//! The whole registration driven without a window, through the same `step` the screens use:
//! drafts saved on every change and restored, photos staged, processed and deleted, the fake
//! service answering submission and code, the draft wiped at the end.

use std::rc::Rc;
use vssid_app::edges::backend::{FakeBackend, FAKE_OTP};
use vssid_app::edges::catalog::default_catalog;
use vssid_app::edges::drafts::{DraftStore, MemoryDraftStore};
use vssid_app::edges::photos::{MemoryPhotoStore, PassthroughProcessor, PhotoStore};
use vssid_app::i18n::Text;
use vssid_app::services::{resume, step, Performed, Services};
use vssid_app::Setup;
use vssid_core::draft;
use vssid_core::fields::FieldId;
use vssid_core::flow::{ConsentBox, Event, PhotoSlot, PhotoState, Registration, Step};
use vssid_core::Lang;

struct Harness {
    services: Services,
    drafts: Rc<MemoryDraftStore>,
    photos: Rc<MemoryPhotoStore>,
    backend: Rc<FakeBackend>,
    state: Registration,
    focused: Vec<FieldId>,
}

impl Harness {
    fn new() -> Self {
        let drafts = Rc::new(MemoryDraftStore::default());
        let photos = Rc::new(MemoryPhotoStore::default());
        let backend = Rc::new(FakeBackend::new(0));
        let mut services = Services::new(
            default_catalog(),
            backend.clone(),
            drafts.clone(),
            photos.clone(),
        );
        // These tests follow the flow's edges with synthetic pictures; the photo pipeline
        // itself is tested in vssid-core (tests/photo_pipeline.rs).
        services.processor = Rc::new(PassthroughProcessor);
        Harness {
            state: Registration::new("idem-1", Lang::Vi),
            services,
            drafts,
            photos,
            backend,
            focused: Vec::new(),
        }
    }

    /// Sends an event and everything that follows from it, waiting for slow effects.
    fn send(&mut self, event: Event) {
        let (next, performed) = step(&self.services, self.state.clone(), event);
        self.state = next;
        self.carry_out(performed);
    }

    fn carry_out(&mut self, performed: Vec<Performed>) {
        for p in performed {
            match p {
                Performed::Focus(field) => self.focused.push(field),
                Performed::Notice(text) => panic!("unexpected notice {text:?}"),
                Performed::Later(future) => {
                    let event = pollster::block_on(future);
                    self.send(event);
                }
                Performed::Background(future) => {
                    if let Some(text) = pollster::block_on(future) {
                        panic!("unexpected notice {text:?}");
                    }
                }
            }
        }
    }

    fn edit(&mut self, field: FieldId, value: &str) {
        self.send(Event::Edit {
            field,
            value: value.into(),
        });
    }

    fn saved(&self) -> Option<Registration> {
        self.drafts
            .load()
            .unwrap()
            .map(|d| draft::decode(&d).unwrap())
    }
}

/// Ticks both boxes of the Consent screen and accepts.
fn consent(h: &mut Harness) {
    for which in [ConsentBox::General, ConsentBox::IdImages] {
        h.send(Event::ConsentTick {
            which,
            ticked: true,
        });
    }
    h.send(Event::ConsentAccept {
        at: "2026-11-29T08:00:00Z".into(),
    });
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    b.extend(width.to_be_bytes());
    b.extend(height.to_be_bytes());
    b.extend([8, 2, 0, 0, 0]);
    b
}

fn choose_photo(h: &mut Harness, slot: PhotoSlot, bytes: &[u8]) {
    let staged_key = h.services.stage_photo(bytes.to_vec()).unwrap();
    h.send(Event::PhotoChosen { slot, staged_key });
}

#[test]
fn a_registration_from_start_to_receipt() {
    let mut h = Harness::new();
    h.send(Event::Begin);
    // The consent comes first: nothing typed is kept before it.
    assert_eq!(h.state.step, Step::Consent);
    h.edit(FieldId::FullName, "Nguyễn Thị Ánh");
    assert_eq!(h.state.form.full_name, "");
    consent(&mut h);
    assert_eq!(h.state.step, Step::Declaration);
    assert_eq!(
        h.saved().unwrap().step,
        Step::Declaration,
        "saved on every change"
    );

    h.send(Event::Next);
    assert_eq!(
        h.focused.last(),
        Some(&FieldId::BhxhCode),
        "focus on the first error"
    );
    assert_eq!(h.state.errors.len(), 7);

    for (field, value) in [
        (FieldId::BhxhCode, "7901234567"),
        (FieldId::FullName, "  Nguyễn   Thị Ánh "),
        (FieldId::PersonId, "079303001234"),
        (FieldId::Province, "79"),
        (FieldId::Commune, "26737"),
        (FieldId::Street, "12 Lý Văn Phức"),
        (FieldId::Phone, "0912 345 678"),
    ] {
        h.edit(field, value);
    }
    assert!(h.state.errors.is_empty(), "{:?}", h.state.errors);
    assert_eq!(h.saved().unwrap().form.commune, "26737");
    h.send(Event::Next);
    assert_eq!(h.state.step, Step::Photos);

    // A file that is not a picture is refused; the staged copy is removed.
    choose_photo(&mut h, PhotoSlot::Portrait, b"%PDF-1.7 not a picture");
    assert!(matches!(h.state.photos.portrait, PhotoState::Failed { .. }));
    assert!(h.photos.keys().is_empty());

    choose_photo(&mut h, PhotoSlot::Portrait, &png(1200, 1600));
    choose_photo(&mut h, PhotoSlot::IdFront, &png(1600, 1000));
    h.send(Event::Next);
    assert_eq!(h.state.step, Step::Photos);
    assert_eq!(h.focused.last(), Some(&FieldId::IdBack));
    choose_photo(&mut h, PhotoSlot::IdBack, &png(1600, 1001));
    let back = h.state.photos.id_back.ready().expect("processed").clone();
    assert_eq!((back.width, back.height), (1600, 1001));
    assert_eq!(
        h.photos.keys().len(),
        3,
        "only the processed photos are kept"
    );

    // Retaking replaces the old photo in storage.
    choose_photo(&mut h, PhotoSlot::IdBack, &png(1600, 1002));
    assert_eq!(h.photos.keys().len(), 3);
    assert!(h.services.photos.get(&back.key).is_none());
    h.send(Event::Next);
    assert_eq!(h.state.step, Step::Office);

    h.send(Event::ChooseOffice("079".into()));
    h.send(Event::Next);
    assert_eq!(h.state.step, Step::Email);
    h.edit(FieldId::Email, "anh@example.com");

    // A restart here comes back to the same step with the same data.
    let restored = Setup::restore(h.services.clone());
    let mut expected = h.state.clone();
    expected.rewrites = Default::default(); // not part of the draft
    assert_eq!(restored.initial, expected);
    assert_eq!(restored.notices[0].vi, Text::DraftRestored.get(Lang::Vi));

    h.send(Event::Submit);
    assert_eq!(h.backend.submissions(), 1);
    assert_eq!(h.state.step, Step::Otp);
    assert!(
        h.photos.keys().is_empty(),
        "photos leave the device once sent"
    );

    h.send(Event::OtpEdit("000000".into()));
    h.send(Event::OtpSubmit);
    assert_eq!(h.state.step, Step::Otp);
    assert_eq!(h.state.otp.error.as_ref().unwrap().code, "otp_wrong");

    h.send(Event::OtpResend);
    assert_eq!(h.state.otp.resend_wait_secs, 60);
    h.send(Event::Tick);
    assert_eq!(h.state.otp.resend_wait_secs, 59);

    h.send(Event::OtpEdit(FAKE_OTP.into()));
    h.send(Event::OtpSubmit);
    assert_eq!(h.state.step, Step::Receipt);
    assert_eq!(
        h.state.submission.as_ref().unwrap().status,
        vssid_core::api::RegistrationStatus::Confirmed
    );
    assert!(h
        .state
        .submission
        .as_ref()
        .unwrap()
        .reference
        .starts_with("079-"));
    assert_eq!(h.drafts.load().unwrap(), None, "draft wiped after success");
}

#[test]
fn discard_forgets_everything_with_a_new_key() {
    let mut h = Harness::new();
    h.send(Event::Begin);
    consent(&mut h);
    h.send(Event::Next);
    h.edit(FieldId::FullName, "Lê Văn Tám");
    let key = h.state.idempotency_key.clone();
    h.send(Event::Discard {
        new_idempotency_key: "idem-2".into(),
    });
    assert_eq!(h.state.step, Step::Start);
    assert_ne!(h.state.idempotency_key, key);
    assert_eq!(h.state.form.full_name, "");
    assert_eq!(h.drafts.load().unwrap(), None);
}

#[test]
fn restoring_redoes_work_under_way_and_flags_lost_photos() {
    let h = Harness::new();
    let mut r = Registration::new("idem-3", Lang::Vi);
    r.step = Step::Photos;
    r.consent_to_current_notice("2026-11-29T08:00:00Z");
    let staged = h.services.stage_photo(png(10, 20)).unwrap();
    r.photos.portrait = PhotoState::Processing { staged_key: staged };
    r.photos.id_front = PhotoState::Ready(vssid_core::flow::PhotoRef {
        key: "gone".into(),
        bytes: 1,
        width: 1,
        height: 1,
        warnings: vec![],
    });
    h.drafts.save(&draft::encode(&r)).unwrap();

    let setup = Setup::restore(h.services.clone());
    let mut h2 = Harness {
        state: setup.initial.clone(),
        ..h
    };
    assert!(matches!(
        h2.state.photos.id_front,
        PhotoState::Failed { .. }
    ));
    let performed = resume(&h2.services, &h2.state);
    h2.carry_out(performed);
    let portrait = h2.state.photos.portrait.ready().expect("processed again");
    assert_eq!((portrait.width, portrait.height), (10, 20));
}

#[test]
fn typing_writes_the_draft_after_a_pause_and_at_once_when_a_field_is_left() {
    let drafts = Rc::new(MemoryDraftStore::default());
    let services = Services::new(
        default_catalog(),
        Rc::new(FakeBackend::new(0)),
        drafts.clone(),
        Rc::new(MemoryPhotoStore::default()),
    )
    .with_draft_delay(30);
    let saved_name = || {
        drafts
            .load()
            .unwrap()
            .map(|d| draft::decode(&d).unwrap().form.full_name)
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let (state, performed) = step(
        &services,
        Registration::new("idem-1", Lang::Vi),
        Event::Begin,
    );
    assert!(
        performed
            .iter()
            .all(|p| matches!(p, Performed::Background(_))),
        "{performed:?}"
    );
    assert_eq!(
        drafts
            .load()
            .unwrap()
            .map(|d| draft::decode(&d).unwrap().step),
        Some(state.step),
        "the step change wrote the draft at once"
    );
    let mut state = state;
    state.consent_to_current_notice("2026-11-29T08:00:00Z");
    state.step = Step::Declaration;

    // Forty keystrokes: one timer, no write until it goes off.
    let typed = "Nguyễn Thị Ánh Tuyết Đặng Hữu Phước Lê V";
    let mut timers = Vec::new();
    let mut value = String::new();
    for c in typed.chars() {
        value.push(c);
        let (next, performed) = step(
            &services,
            state,
            Event::Edit {
                field: FieldId::FullName,
                value: value.clone(),
            },
        );
        state = next;
        timers.extend(performed);
    }
    assert!(
        timers.len() <= 1,
        "at most one delayed write for the whole run"
    );
    assert_eq!(
        saved_name().as_deref(),
        Some(""),
        "nothing written per keystroke"
    );
    for timer in performed.into_iter().chain(timers) {
        let Performed::Background(write) = timer else {
            panic!("expected the delayed write, got {timer:?}");
        };
        assert_eq!(runtime.block_on(write), None);
    }
    assert_eq!(
        saved_name().as_deref(),
        Some(typed),
        "written after the pause"
    );

    // Leaving the field writes at once (here the tidied value), no timer needed.
    let (state, _) = step(
        &services,
        state,
        Event::Edit {
            field: FieldId::FullName,
            value: format!("{typed}  "),
        },
    );
    let (_, _) = step(&services, state, Event::Blur(FieldId::FullName));
    assert_eq!(saved_name().as_deref(), Some(typed));
}

fn ready_photo(key: &str) -> PhotoState {
    PhotoState::Ready(vssid_core::flow::PhotoRef {
        key: key.into(),
        bytes: 1,
        width: 4,
        height: 4,
        warnings: vec![],
    })
}

/// Finding 10 of issue 14: "Xóa bản nháp" deletes the draft, every photo (also one an
/// interrupted step left behind) and the drafts set aside because they could not be read.
#[test]
fn finding_10_discard_deletes_every_photo_and_the_drafts_set_aside() {
    let mut h = Harness::new();
    h.drafts.save("{ damaged").unwrap();
    h.drafts.set_aside().unwrap();
    let left_behind = h.services.stage_photo(png(4, 4)).unwrap();
    h.send(Event::Begin);
    h.edit(FieldId::FullName, "Lê Văn Tám");
    assert!(h.saved().is_some());
    h.send(Event::Discard {
        new_idempotency_key: "idem-2".into(),
    });
    assert_eq!(h.drafts.load().unwrap(), None);
    assert!(
        h.drafts.set_aside.borrow().is_empty(),
        "set-aside drafts kept"
    );
    assert!(
        h.services.photos.get(&left_behind).is_none(),
        "a staged photo outlived its draft"
    );
    assert!(h.photos.keys().is_empty());
}

/// Finding 10 of issue 14: a draft last saved more than 30 days ago is deleted at start with
/// its photos, and a notice says so in both languages; a younger one is restored.
#[test]
fn finding_10_a_draft_older_than_30_days_is_deleted_with_its_photos_at_start() {
    use vssid_core::draft::DRAFT_MAX_AGE_SECS;
    let h = Harness::new();
    let key = h.services.stage_photo(png(4, 4)).unwrap();
    let mut r = Registration::new("idem-4", Lang::Vi);
    r.step = Step::Photos;
    r.consent_to_current_notice("2026-11-29T08:00:00Z");
    r.photos.portrait = ready_photo(&key);
    h.drafts.save(&draft::encode(&r)).unwrap();
    let saved_at = 1_780_000_000;
    h.drafts.saved_at.set(Some(saved_at));

    let young = Setup::restore_at(h.services.clone(), saved_at + DRAFT_MAX_AGE_SECS);
    assert_eq!(young.initial.step, Step::Photos);
    assert_eq!(h.photos.keys(), std::slice::from_ref(&key));

    let old = Setup::restore_at(h.services.clone(), saved_at + DRAFT_MAX_AGE_SECS + 1);
    assert_eq!(old.initial.step, Step::Start);
    assert_eq!(h.drafts.load().unwrap(), None);
    assert!(
        h.photos.keys().is_empty(),
        "the photos expire with the draft"
    );
    assert_eq!(old.notices.len(), 1);
    assert_eq!(old.notices[0].vi, Text::DraftExpired.get(Lang::Vi));
    assert_eq!(old.notices[0].en, Text::DraftExpired.get(Lang::En));
    assert!(old.notices[0].vi.contains("30 ngày"));
    assert!(old.notices[0].en.contains("30 days"));
}

/// Finding 10 of issue 14: photos no draft uses are deleted at start.
#[test]
fn finding_10_photos_no_draft_uses_are_deleted_at_start() {
    let h = Harness::new();
    let used = h.services.stage_photo(png(4, 4)).unwrap();
    let unused = h.services.stage_photo(png(5, 5)).unwrap();
    let mut r = Registration::new("idem-5", Lang::Vi);
    r.step = Step::Photos;
    r.photos.id_front = ready_photo(&used);
    h.drafts.save(&draft::encode(&r)).unwrap();
    let setup = Setup::restore(h.services.clone());
    assert_eq!(setup.initial.photos.id_front, ready_photo(&used));
    assert_eq!(h.photos.keys(), [used]);
    assert!(h.services.photos.get(&unused).is_none());

    h.drafts.delete().unwrap();
    let _ = Setup::restore(h.services.clone());
    assert!(h.photos.keys().is_empty(), "no draft, no photos");
}
