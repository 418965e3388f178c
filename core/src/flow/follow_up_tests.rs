//! Table tests of "Hồ sơ của tôi": kept at the receipt, the status fetched, changes requested
//! → only those fields and photos open → resubmitted. No UI.

use super::*;
use crate::api::{
    Decision, DecisionReason, DecisionSummary, DeclaredRegistration, RegistrationState,
    RegistrationStatus,
};
use crate::declaration::fixtures::{sample_form, TinyOffices, TinyUnits};
use crate::directory::OfficeDirectory;
use crate::fields::UnitDirectory;
use crate::lang::Lang;

struct Ctx;

impl FlowContext for Ctx {
    fn units(&self) -> &dyn UnitDirectory {
        &TinyUnits
    }
    fn offices(&self) -> &dyn OfficeDirectory {
        &TinyOffices
    }
}

fn run(state: Registration, event: Event) -> (Registration, Vec<Effect>) {
    update(state, event, &Ctx)
}

fn kept(status: RegistrationStatus) -> SavedRegistration {
    SavedRegistration {
        id: "reg-1".into(),
        secret: "key-1".into(),
        reference: "DK-20261125-ABCDEF".into(),
        office: "079".into(),
        status,
        received_at: "2026-11-25T10:00:00Z".into(),
        checked_at: None,
        decision: None,
    }
}

fn at_start_with(status: RegistrationStatus) -> Registration {
    let mut r = Registration::new("draft-key", Lang::Vi);
    r.follow_up.saved = vec![kept(status)];
    r
}

fn heard(status: RegistrationStatus, decision: Option<DecisionSummary>) -> RegistrationState {
    RegistrationState {
        id: "reg-1".into(),
        reference: "DK-20261125-ABCDEF".into(),
        status,
        received_at: "2026-11-25T10:00:00Z".into(),
        confirmed_at: Some("2026-11-25T10:05:00Z".into()),
        office: "079".into(),
        decision,
    }
}

fn portrait_asked() -> DecisionSummary {
    DecisionSummary {
        decision: Decision::RequestChanges,
        reason: DecisionReason::PortraitUnsuitable,
        note: "Ảnh đeo kính râm".into(),
        fields: vec![FieldId::Portrait, FieldId::Street],
        decided_at: "2026-11-26T09:00:00Z".into(),
    }
}

fn saved_effect(effects: &[Effect]) -> Option<&Vec<SavedRegistration>> {
    effects.iter().find_map(|e| match e {
        Effect::SaveRegistrations(saved) => Some(saved),
        _ => None,
    })
}

#[test]
fn the_receipt_keeps_the_registration_without_personal_data() {
    let mut r = Registration::new("key-1", Lang::Vi);
    r.step = Step::Otp;
    r.form = sample_form();
    r.office = Some("079".into());
    r.email = "an@example.com".into();
    r.submission = Some(Submission {
        id: "reg-1".into(),
        reference: "DK-20261125-ABCDEF".into(),
        status: RegistrationStatus::Received,
        received_at: "2026-11-25T10:00:00Z".into(),
    });
    let (r, effects) = run(
        r,
        Event::OtpAccepted {
            status: RegistrationStatus::Confirmed,
        },
    );
    assert_eq!(r.step, Step::Receipt);
    let saved = saved_effect(&effects).expect("kept on the device");
    let mut expected = kept(RegistrationStatus::Confirmed);
    expected.secret = "key-1".into();
    assert_eq!(saved, &vec![expected]);
    // Nothing typed is in what is kept.
    let json = serde_json::to_string(saved).unwrap();
    let form = sample_form();
    for typed in [&form.full_name, &form.person_id, "an@example.com"] {
        assert!(!json.contains(typed), "{typed} kept");
    }
    // "Đăng ký mới" keeps the list.
    let (r, _) = run(
        r,
        Event::Discard {
            new_idempotency_key: "key-2".into(),
        },
    );
    assert_eq!(r.follow_up.saved.len(), 1);
}

#[test]
fn opening_fetches_the_status_and_offline_keeps_the_last_known_one() {
    let (r, effects) = run(
        at_start_with(RegistrationStatus::Confirmed),
        Event::OpenSaved { id: "reg-1".into() },
    );
    assert_eq!(r.step, Step::Tracking);
    assert!(r.follow_up.fetching);
    assert_eq!(
        effects,
        vec![Effect::FetchStatus {
            registration_id: "reg-1".into()
        }],
        "no draft is written for opening it"
    );
    let (r, effects) = run(
        r,
        Event::StatusFetched {
            state: heard(RegistrationStatus::ChangesRequested, Some(portrait_asked())),
            at: "2026-11-26T10:00:00Z".into(),
        },
    );
    let opened = r.follow_up.opened().unwrap();
    assert_eq!(opened.status, RegistrationStatus::ChangesRequested);
    assert_eq!(opened.checked_at.as_deref(), Some("2026-11-26T10:00:00Z"));
    assert_eq!(opened.decision, Some(portrait_asked()));
    assert!(!r.follow_up.fetching);
    assert_eq!(saved_effect(&effects).unwrap()[0], opened.clone());

    // Refresh while offline: the error is shown, the last known status and time stay.
    let (r, effects) = run(r, Event::RefreshStatus);
    assert!(matches!(effects[..], [Effect::FetchStatus { .. }]));
    let offline = crate::fields::FieldError {
        code: "offline".into(),
        vi: "Không có kết nối".into(),
        en: "Offline".into(),
    };
    let (r, _) = run(
        r,
        Event::StatusFetchFailed {
            error: offline.clone(),
        },
    );
    assert_eq!(r.follow_up.error, Some(offline));
    let opened = r.follow_up.opened().unwrap();
    assert_eq!(opened.status, RegistrationStatus::ChangesRequested);
    assert_eq!(opened.checked_at.as_deref(), Some("2026-11-26T10:00:00Z"));

    // Back to the Start screen, the list kept.
    let (r, _) = run(r, Event::Back);
    assert_eq!(r.step, Step::Start);
    assert_eq!(r.follow_up.open, None);
    assert_eq!(r.follow_up.saved.len(), 1);
}

/// At the corrections screen, with the declaration fetched.
fn fixing() -> Registration {
    let mut r = at_start_with(RegistrationStatus::ChangesRequested);
    r.follow_up.saved[0].decision = Some(portrait_asked());
    let (r, _) = run(r, Event::OpenSaved { id: "reg-1".into() });
    let (r, _) = run(
        r,
        Event::StatusFetched {
            state: heard(RegistrationStatus::ChangesRequested, Some(portrait_asked())),
            at: "2026-11-26T10:00:00Z".into(),
        },
    );
    let (r, effects) = run(
        r,
        Event::FixStart {
            idempotency_key: "fix-key".into(),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::FetchDeclaration {
            registration_id: "reg-1".into(),
            secret: "key-1".into()
        }]
    );
    let (r, _) = run(
        r,
        Event::DeclarationFetched(Box::new(DeclaredRegistration {
            id: "reg-1".into(),
            reference: "DK-20261125-ABCDEF".into(),
            status: RegistrationStatus::ChangesRequested,
            office: "079".into(),
            declaration: sample_form(),
            photos: PhotoSlot::ALL.to_vec(),
            fields_to_fix: vec![FieldId::Portrait, FieldId::Street],
            decision: Some(portrait_asked()),
        })),
    );
    assert_eq!(r.step, Step::Fixing);
    r
}

fn ready(key: &str) -> PhotoRef {
    PhotoRef {
        key: key.into(),
        bytes: 90_000,
        width: 600,
        height: 800,
        warnings: vec![],
    }
}

#[test]
fn changes_requested_open_only_the_named_fields_and_photos() {
    let r = fixing();
    let fix = r.follow_up.fix.as_ref().unwrap();
    assert_eq!(fix.asked, [FieldId::Portrait, FieldId::Street]);
    assert!(fix.editable(FieldId::Street));
    assert!(!fix.editable(FieldId::FullName));

    // A field not asked for stays as declared.
    let (r, _) = run(
        r,
        Event::Edit {
            field: FieldId::FullName,
            value: "Người Khác".into(),
        },
    );
    let fix = r.follow_up.fix.as_ref().unwrap();
    assert_eq!(fix.form.full_name, sample_form().full_name);
    assert!(fix.changes().is_empty());

    // A photo not asked for is not kept.
    let (r, effects) = run(
        r,
        Event::PhotoChosen {
            slot: PhotoSlot::IdBack,
            staged_key: "staged-back".into(),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::DeletePhotos(vec!["staged-back".into()])]
    );
    assert_eq!(
        r.follow_up.fix.as_ref().unwrap().photos.id_back,
        PhotoState::Empty
    );

    // Sending with nothing done: the portrait is asked for, by the registration's words.
    let (r, effects) = run(r, Event::Next);
    let fix = r.follow_up.fix.as_ref().unwrap();
    assert_eq!(fix.errors[&FieldId::Portrait].code, "required");
    assert!(
        effects.contains(&Effect::Focus(FieldId::Street))
            || effects.contains(&Effect::Focus(FieldId::Portrait))
    );
    assert!(!effects.iter().any(|e| matches!(e, Effect::Resubmit(_))));

    // A wrong street is refused by the same rule as at registration.
    let (r, _) = run(
        r,
        Event::Edit {
            field: FieldId::Street,
            value: "x".repeat(300),
        },
    );
    let (r, _) = run(r, Event::Blur(FieldId::Street));
    let expected = {
        let mut form = sample_form();
        form.street = "x".repeat(300);
        form.check_field(FieldId::Street, &TinyUnits)
    };
    assert!(expected.is_some());
    assert_eq!(
        r.follow_up
            .fix
            .as_ref()
            .unwrap()
            .errors
            .get(&FieldId::Street),
        expected.as_ref()
    );
}

#[test]
fn the_corrections_are_resubmitted_with_only_what_changed() {
    let r = fixing();
    let (r, effects) = run(
        r,
        Event::PhotoChosen {
            slot: PhotoSlot::Portrait,
            staged_key: "staged-1".into(),
        },
    );
    assert!(effects.contains(&Effect::ProcessPhoto {
        slot: PhotoSlot::Portrait,
        staged_key: "staged-1".into()
    }));
    let (r, _) = run(
        r,
        Event::PhotoProcessed {
            slot: PhotoSlot::Portrait,
            staged_key: "staged-1".into(),
            photo: ready("photo-new"),
        },
    );
    // The street was asked for too, but left as it was: only the portrait goes.
    let (r, effects) = run(r, Event::Next);
    let payload = effects
        .iter()
        .find_map(|e| match e {
            Effect::Resubmit(p) => Some(p.clone()),
            _ => None,
        })
        .expect("resubmitted");
    assert_eq!(payload.registration_id, "reg-1");
    assert_eq!(payload.secret, "key-1");
    assert_eq!(payload.idempotency_key, "fix-key");
    assert!(payload.changes.is_empty());
    assert_eq!(
        payload.photos,
        vec![(PhotoSlot::Portrait, "photo-new".into())]
    );
    assert!(r.follow_up.fix.as_ref().unwrap().sending);

    // A second press while it is on its way sends nothing.
    let (r, effects) = run(r, Event::Next);
    assert!(effects.is_empty());

    let (r, effects) = run(
        r,
        Event::Resubmitted(heard(RegistrationStatus::Resubmitted, None)),
    );
    assert_eq!(r.step, Step::Tracking);
    assert_eq!(r.follow_up.fix, None);
    assert!(effects.contains(&Effect::DeletePhotos(vec!["photo-new".into()])));
    assert_eq!(
        saved_effect(&effects).unwrap()[0].status,
        RegistrationStatus::Resubmitted
    );
    // The decision that asked is still shown until the next one.
    assert_eq!(
        r.follow_up.opened().unwrap().decision,
        Some(portrait_asked())
    );
}

#[test]
fn a_changed_field_is_sent_alone_and_the_service_errors_go_beside_it() {
    let r = fixing();
    let (r, _) = run(
        r,
        Event::Edit {
            field: FieldId::Street,
            value: "99 Hai Bà Trưng".into(),
        },
    );
    let (r, _) = run(
        r,
        Event::PhotoProcessed {
            slot: PhotoSlot::Portrait,
            staged_key: "not-asked-about".into(),
            photo: ready("stray"),
        },
    );
    assert_eq!(
        r.follow_up.fix.as_ref().unwrap().photos.portrait,
        PhotoState::Empty,
        "an answer about no picture is dropped"
    );
    let (r, _) = run(
        r,
        Event::PhotoChosen {
            slot: PhotoSlot::Portrait,
            staged_key: "s".into(),
        },
    );
    let (r, _) = run(
        r,
        Event::PhotoProcessed {
            slot: PhotoSlot::Portrait,
            staged_key: "s".into(),
            photo: ready("p"),
        },
    );
    let (r, effects) = run(r, Event::Next);
    let Some(Effect::Resubmit(payload)) = effects.last() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        payload.changes,
        [(FieldId::Street, "99 Hai Bà Trưng".to_string())].into()
    );
    let refusal = crate::fields::FieldError {
        code: "street_length".into(),
        vi: "…".into(),
        en: "…".into(),
    };
    let (r, _) = run(
        r,
        Event::ResubmitFailed(SubmitFailure::Invalid {
            errors: [(FieldId::Street, refusal.clone())].into(),
        }),
    );
    let fix = r.follow_up.fix.as_ref().unwrap();
    assert!(!fix.sending);
    assert_eq!(fix.errors[&FieldId::Street], refusal);
    assert_eq!(r.step, Step::Fixing);
}

#[test]
fn only_a_registration_with_changes_requested_can_be_corrected() {
    for status in RegistrationStatus::ALL {
        let (r, _) = run(
            at_start_with(status),
            Event::OpenSaved { id: "reg-1".into() },
        );
        let (r, _) = run(
            r,
            Event::StatusFetched {
                state: heard(status, None),
                at: "2026-11-26T10:00:00Z".into(),
            },
        );
        let (r, effects) = run(
            r,
            Event::FixStart {
                idempotency_key: "fix".into(),
            },
        );
        let fetches = effects
            .iter()
            .any(|e| matches!(e, Effect::FetchDeclaration { .. }));
        assert_eq!(
            fetches,
            status == RegistrationStatus::ChangesRequested,
            "{status:?}"
        );
        assert_eq!(r.step, Step::Tracking);
    }
    // Not from another screen, nor an id that is not kept.
    let (r, effects) = run(
        at_start_with(RegistrationStatus::Confirmed),
        Event::OpenSaved { id: "other".into() },
    );
    assert_eq!(r.step, Step::Start);
    assert!(effects.is_empty());
}

#[test]
fn the_offices_note_heard_with_the_declaration_stays_when_the_status_comes_without_it() {
    let mut r = at_start_with(RegistrationStatus::ChangesRequested);
    r.follow_up.saved[0].decision = Some(portrait_asked());
    r.follow_up.open = Some("reg-1".into());
    r.step = Step::Tracking;
    let mut without_note = portrait_asked();
    without_note.note.clear();
    let (r, _) = run(
        r,
        Event::StatusFetched {
            state: heard(RegistrationStatus::ChangesRequested, Some(without_note)),
            at: "2026-11-27T10:00:00Z".into(),
        },
    );
    let kept = r.follow_up.opened().unwrap().decision.clone().unwrap();
    assert_eq!(kept.note, "Ảnh đeo kính râm");

    // A later decision replaces it, note and all.
    let approved = DecisionSummary {
        decision: Decision::Approve,
        reason: DecisionReason::Verified,
        note: String::new(),
        fields: Vec::new(),
        decided_at: "2026-11-28T09:00:00Z".into(),
    };
    let (r, _) = run(
        r,
        Event::StatusFetched {
            state: heard(RegistrationStatus::Approved, Some(approved.clone())),
            at: "2026-11-28T10:00:00Z".into(),
        },
    );
    assert_eq!(r.follow_up.opened().unwrap().decision, Some(approved));
}

/// The effects that reach the service (not the draft's or the kept list's saving).
fn calls(effects: &[Effect]) -> Vec<&Effect> {
    effects
        .iter()
        .filter(|e| !matches!(e, Effect::PersistDraft(_) | Effect::SaveRegistrations(_)))
        .collect()
}

#[test]
fn a_kept_registration_can_be_withdrawn_copied_and_its_pdf_fetched_from_its_status_screen() {
    // Not from the Start screen: nothing is open there.
    let r = at_start_with(RegistrationStatus::Confirmed);
    assert!(r.rights_subject().is_none());
    let (_, effects) = run(r.clone(), Event::DataRequest);
    assert!(calls(&effects).is_empty());

    let (r, _) = run(r, Event::OpenSaved { id: "reg-1".into() });
    assert_eq!(r.step, Step::Tracking);
    let subject = r.rights_subject().expect("the open registration");
    assert_eq!(
        (subject.id.as_str(), subject.secret.as_str()),
        ("reg-1", "key-1")
    );

    // The copy and the tờ khai, with the kept secret.
    let (r, effects) = run(r, Event::DataRequest);
    assert_eq!(
        calls(&effects),
        vec![&Effect::FetchData {
            registration_id: "reg-1".into(),
            secret: "key-1".into(),
        }]
    );
    let (r, _) = run(r, Event::DataReceived { json: "{}".into() });
    let (r, effects) = run(r, Event::DeclarationPdfRequest);
    assert_eq!(
        calls(&effects),
        vec![&Effect::FetchDeclarationPdf {
            registration_id: "reg-1".into(),
            secret: "key-1".into(),
        }]
    );
    let (r, _) = run(r, Event::DeclarationPdfReceived { pdf: vec![1, 2] });

    // Withdrawn: asked, confirmed, then the kept status says so and is saved.
    let (r, effects) = run(r, Event::WithdrawConfirm);
    assert!(calls(&effects).is_empty(), "not without the confirmation");
    let (r, _) = run(r, Event::WithdrawAsk);
    let (r, effects) = run(r, Event::WithdrawConfirm);
    assert_eq!(
        calls(&effects),
        vec![&Effect::Withdraw {
            registration_id: "reg-1".into(),
            secret: "key-1".into(),
        }]
    );
    let (r, effects) = run(
        r,
        Event::Withdrawn {
            registration_id: "reg-1".into(),
        },
    );
    assert!(r.after_receipt.withdrawn);
    assert_eq!(r.after_receipt.data, None, "the copy is forgotten");
    assert_eq!(r.after_receipt.pdf, None);
    assert_eq!(
        saved_effect(&effects).map(|saved| saved[0].status),
        Some(RegistrationStatus::Withdrawn)
    );
    let (_, effects) = run(r.clone(), Event::DataRequest);
    assert!(calls(&effects).is_empty(), "nothing left to fetch");
    let (_, effects) = run(r.clone(), Event::WithdrawAsk);
    assert!(calls(&effects).is_empty());

    // Back and open again: the buttons start afresh, and a withdrawn one offers nothing.
    let (r, _) = run(r, Event::Back);
    assert_eq!(r.after_receipt, AfterReceipt::default());
    let (r, _) = run(r, Event::OpenSaved { id: "reg-1".into() });
    let (r, _) = run(r, Event::WithdrawAsk);
    assert!(!r.after_receipt.confirming_withdrawal);
}

#[test]
fn a_registration_whose_code_was_not_accepted_has_no_pdf_and_a_late_withdrawal_touches_only_its_own(
) {
    let mut r = at_start_with(RegistrationStatus::Received);
    let mut other = kept(RegistrationStatus::Confirmed);
    other.id = "reg-2".into();
    r.follow_up.saved.push(other);
    let (r, _) = run(r, Event::OpenSaved { id: "reg-1".into() });
    let (r, effects) = run(r, Event::DeclarationPdfRequest);
    assert!(calls(&effects).is_empty(), "no tờ khai before the code");
    // The answer for reg-2 arrives while reg-1 is open: reg-1's screen is not marked.
    let (r, effects) = run(
        r,
        Event::Withdrawn {
            registration_id: "reg-2".into(),
        },
    );
    assert!(!r.after_receipt.withdrawn);
    let saved = saved_effect(&effects).expect("saved");
    assert_eq!(saved[0].status, RegistrationStatus::Received);
    assert_eq!(saved[1].status, RegistrationStatus::Withdrawn);
}
