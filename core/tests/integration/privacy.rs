//! Privacy checks of the registration flow: nothing personal stays on the device once it is
//! no longer needed.
//!
//! The flow is driven through `flow::update` by a simulated shell that keeps a draft slot and a
//! set of stored photo keys exactly as the effects say. The checks: after a successful
//! submission every photo (staged and processed) is gone and the saved draft names none; when
//! the e-mail code is accepted the draft is deleted and not written again; "Xóa bản nháp"
//! deletes the draft and every photo from any step.

use std::collections::BTreeSet;
use vssid_core::directory::{Directory, OfficeDirectory};
use vssid_core::fields::{FieldId, UnitDirectory};
use vssid_core::flow::{
    update, Effect, Event, FlowContext, PhotoRef, PhotoSlot, Registration, Step, Submission,
};
use vssid_core::Lang;

struct RealDirectory;

impl FlowContext for RealDirectory {
    fn units(&self) -> &dyn UnitDirectory {
        Directory::global()
    }
    fn offices(&self) -> &dyn OfficeDirectory {
        Directory::global()
    }
}

/// What the shell holds on the device, updated from the effects only.
#[derive(Default)]
struct Device {
    draft: Option<Registration>,
    photos: BTreeSet<String>,
}

impl Device {
    fn apply(&mut self, effects: &[Effect]) {
        for effect in effects {
            match effect {
                Effect::PersistDraft(state) => self.draft = Some((**state).clone()),
                Effect::DeleteDraft => self.draft = None,
                Effect::DeletePhotos(keys) => {
                    for key in keys {
                        self.photos.remove(key);
                    }
                }
                _ => {}
            }
        }
    }
}

struct Session {
    state: Registration,
    device: Device,
    last_effects: Vec<Effect>,
}

impl Session {
    fn new() -> Session {
        Session {
            state: Registration::new("key-privacy-1", Lang::Vi),
            device: Device::default(),
            last_effects: Vec::new(),
        }
    }

    fn send(&mut self, event: Event) {
        match &event {
            Event::PhotoChosen { staged_key, .. } => {
                self.device.photos.insert(staged_key.clone());
            }
            Event::PhotoProcessed { photo, .. } => {
                self.device.photos.insert(photo.key.clone());
            }
            _ => {}
        }
        let (state, effects) = update(self.state.clone(), event, &RealDirectory);
        self.device.apply(&effects);
        self.state = state;
        self.last_effects = effects;
    }

    fn edit(&mut self, field: FieldId, value: &str) {
        self.send(Event::Edit {
            field,
            value: value.into(),
        });
    }
}

const NAME: &str = "Nguyễn Thị Ánh";
const PERSON_ID: &str = "079303001234";
const STREET: &str = "12 Lý Văn Phức";
const PHONE: &str = "0912345678";
const EMAIL: &str = "an@example.com";

/// Drives a session to the given step with real directory data, photos on the device.
fn session_at(target: Step) -> Session {
    let directory = Directory::global();
    let commune = directory.communes_of("79").expect("province 79 exists")[0].code;
    let office = directory
        .offices()
        .first()
        .expect("the directory has offices")
        .id
        .clone();
    let mut s = Session::new();
    s.send(Event::Begin);
    // The consent screen comes first: consent to the current notice.
    assert_eq!(s.state.step, Step::Consent);
    s.state.consent_to_current_notice("2026-11-29T08:00:00Z");
    s.state.step = Step::Declaration;
    s.edit(FieldId::BhxhCode, "7901234567");
    s.edit(FieldId::FullName, NAME);
    s.edit(FieldId::PersonId, PERSON_ID);
    s.edit(FieldId::Province, "79");
    s.edit(FieldId::Commune, commune);
    s.edit(FieldId::Street, STREET);
    s.edit(FieldId::Phone, PHONE);
    if target == Step::Declaration {
        return s;
    }
    s.send(Event::Next);
    assert_eq!(s.state.step, Step::Photos, "errors: {:?}", s.state.errors);
    for (i, slot) in PhotoSlot::ALL.into_iter().enumerate() {
        s.send(Event::PhotoChosen {
            slot,
            staged_key: format!("staged-{i}"),
        });
        s.send(Event::PhotoProcessed {
            slot,
            staged_key: format!("staged-{i}"),
            photo: PhotoRef {
                key: format!("photo-{i}"),
                bytes: 100_000,
                width: 1200,
                height: 1600,
                warnings: vec![],
            },
        });
    }
    if target == Step::Photos {
        return s;
    }
    s.send(Event::Next);
    assert_eq!(s.state.step, Step::Office);
    s.send(Event::ChooseOffice(office));
    s.send(Event::Next);
    assert_eq!(s.state.step, Step::Email, "errors: {:?}", s.state.errors);
    s.edit(FieldId::Email, EMAIL);
    if target == Step::Email {
        return s;
    }
    s.send(Event::Submit);
    assert_eq!(
        s.state.step,
        Step::Submitting,
        "errors: {:?}",
        s.state.errors
    );
    if target == Step::Submitting {
        return s;
    }
    s.send(Event::SubmitSucceeded(Submission {
        id: "reg-1".into(),
        reference: "079-000001".into(),
        status: vssid_core::api::RegistrationStatus::Received,
        received_at: "2026-11-25T10:00:00Z".into(),
    }));
    assert_eq!(s.state.step, Step::Otp);
    s
}

#[test]
fn photos_leave_the_device_once_submitted() {
    let before = session_at(Step::Submitting);
    assert!(
        before.device.photos.contains("photo-0"),
        "the photos are on the device until the submission succeeds"
    );
    let s = session_at(Step::Otp);
    assert!(
        s.device.photos.is_empty(),
        "photos left on the device: {:?}",
        s.device.photos
    );
    let draft = s.device.draft.as_ref().expect("the OTP step is resumable");
    assert!(
        draft.photos.storage_keys().is_empty(),
        "the saved draft still names photos"
    );
}

#[test]
fn the_draft_is_deleted_when_the_registration_is_confirmed() {
    let mut s = session_at(Step::Otp);
    assert!(s.device.draft.is_some());
    s.send(Event::OtpEdit("123456".into()));
    s.send(Event::OtpSubmit);
    s.send(Event::OtpAccepted {
        status: vssid_core::api::RegistrationStatus::Confirmed,
    });
    assert_eq!(s.state.step, Step::Receipt);
    assert!(s.device.draft.is_none(), "the draft survived the receipt");
    assert!(
        !s.last_effects
            .iter()
            .any(|e| matches!(e, Effect::PersistDraft(_))),
        "the finished registration is written again"
    );
    // Whatever happens on the receipt screen, nothing is saved again.
    for event in [Event::SetLang(Lang::En), Event::Back, Event::DismissNotice] {
        s.send(event);
        assert!(s.device.draft.is_none());
    }
}

#[test]
fn discarding_the_draft_removes_it_and_every_photo_from_any_step() {
    for step in [
        Step::Declaration,
        Step::Photos,
        Step::Email,
        Step::Submitting,
        Step::Otp,
    ] {
        let mut s = session_at(step);
        assert!(s.device.draft.is_some(), "{step:?}: a draft was saved");
        s.send(Event::Discard {
            new_idempotency_key: "key-privacy-2".into(),
        });
        assert!(s.device.draft.is_none(), "{step:?}: the draft survived");
        assert!(
            s.device.photos.is_empty(),
            "{step:?}: photos survived: {:?}",
            s.device.photos
        );
        assert_eq!(
            s.state.form.full_name, "",
            "{step:?}: the name is still held"
        );
        assert_eq!(s.state.email, "", "{step:?}: the e-mail is still held");
        assert!(!s.state.has_progress());
    }
}

#[test]
fn the_draft_holds_only_what_was_typed_and_no_more() {
    // The draft is the one personal file on the device; it must not pick up anything the
    // person did not give (for instance decoded CCCD facts or directory names).
    let s = session_at(Step::Email);
    let draft = s.device.draft.as_ref().expect("saved");
    let document = vssid_core::draft::encode(draft);
    assert!(document.contains(NAME));
    for absent in ["birth", "sex", "gender", "Hồ Chí Minh"] {
        assert!(
            !document.contains(absent),
            "the draft carries {absent:?}:\n{document}"
        );
    }
}
