//! Table tests of every transition of the registration flow.

use super::*;
use crate::declaration::fixtures::{TinyOffices, TinyUnits};
use crate::declaration::DeclarationForm;
use crate::directory::OfficeDirectory;
use crate::fields::Required;
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

/// A registration at `step` whose person consented to the current notice (the consent
/// itself is tested in `consent_tests`).
fn at(step: Step) -> Registration {
    let mut r = Registration::new("key-1", Lang::Vi);
    r.step = step;
    r.consent.general = true;
    r.consent.id_images = true;
    r.consent.given = Some(ConsentGiven {
        notice_version: crate::consent::NOTICE_VERSION.into(),
        accepted_at: "2026-11-29T08:00:00Z".into(),
    });
    r
}

fn filled_form() -> DeclarationForm {
    crate::declaration::fixtures::sample_form()
}

fn ready(key: &str) -> PhotoState {
    PhotoState::Ready(PhotoRef {
        key: key.into(),
        bytes: 100_000,
        width: 1200,
        height: 1600,
        warnings: vec![],
    })
}

fn complete(step: Step) -> Registration {
    let mut r = at(step);
    r.form = filled_form();
    r.photos = Photos {
        portrait: ready("p"),
        id_front: ready("f"),
        id_back: ready("b"),
    };
    r.office = Some("079".into());
    r.email = "an@example.com".into();
    r
}

fn submitted() -> Registration {
    let mut r = complete(Step::Otp);
    r.photos = Photos::default();
    r.submission = Some(Submission {
        id: "reg-1".into(),
        reference: "079-000001".into(),
        status: crate::api::RegistrationStatus::Received,
        received_at: "2026-11-25T10:00:00Z".into(),
    });
    r
}

fn run(state: Registration, event: Event) -> (Registration, Vec<Effect>) {
    update(state, event, &Ctx)
}

fn persisted(effects: &[Effect]) -> bool {
    effects.iter().any(|e| matches!(e, Effect::PersistDraft(_)))
}

#[test]
fn next_and_back_move_along_the_steps_when_data_is_valid() {
    // (from, event, expected step)
    let table = [
        (at(Step::Start), Event::Begin, Step::Declaration),
        (at(Step::Start), Event::Next, Step::Declaration),
        (complete(Step::Declaration), Event::Next, Step::Photos),
        (complete(Step::Photos), Event::Next, Step::Office),
        (complete(Step::Office), Event::Next, Step::Email),
        (complete(Step::Email), Event::Next, Step::Submitting),
        (complete(Step::Email), Event::Submit, Step::Submitting),
        (complete(Step::Declaration), Event::Back, Step::Start),
        (complete(Step::Photos), Event::Back, Step::Declaration),
        (complete(Step::Office), Event::Back, Step::Photos),
        (complete(Step::Email), Event::Back, Step::Office),
        (complete(Step::Submitting), Event::Back, Step::Submitting),
        (submitted(), Event::Back, Step::Otp),
        (complete(Step::Receipt), Event::Back, Step::Receipt),
        (complete(Step::Receipt), Event::Next, Step::Receipt),
        (complete(Step::Submitting), Event::Next, Step::Submitting),
        (complete(Step::Declaration), Event::Begin, Step::Declaration),
    ];
    for (i, (from, event, expected)) in table.into_iter().enumerate() {
        let (to, _) = run(from.clone(), event.clone());
        assert_eq!(to.step, expected, "row {i}: {:?} on {:?}", from.step, event);
        // Going back never loses data.
        assert_eq!(to.form, from.form, "row {i}");
        assert_eq!(to.email, from.email, "row {i}");
        assert_eq!(to.photos, from.photos, "row {i}");
    }
}

#[test]
fn guards_keep_a_person_on_a_step_with_every_error_and_the_focus_on_the_first() {
    // (state, expected fields in error, expected focus)
    let mut no_phone_no_name = complete(Step::Declaration);
    no_phone_no_name.form.phone.clear();
    no_phone_no_name.form.full_name = "   ".into();
    let mut wrong_commune = complete(Step::Declaration);
    wrong_commune.form.commune = "00004".into(); // a Hà Nội commune under HCMC
    let mut one_photo = at(Step::Photos);
    one_photo.photos.portrait = ready("p");
    one_photo.photos.id_front = PhotoState::Processing {
        staged_key: "s".into(),
    };
    let mut unknown_office = complete(Step::Office);
    unknown_office.office = Some("99999".into());
    let mut bad_email = complete(Step::Email);
    bad_email.email = "an@".into();
    let table: Vec<(Registration, Vec<FieldId>, FieldId)> = vec![
        (
            at(Step::Declaration),
            vec![
                FieldId::BhxhCode,
                FieldId::FullName,
                FieldId::PersonId,
                FieldId::Province,
                FieldId::Commune,
                FieldId::Street,
                FieldId::Phone,
            ],
            FieldId::BhxhCode,
        ),
        (
            no_phone_no_name,
            vec![FieldId::FullName, FieldId::Phone],
            FieldId::FullName,
        ),
        (wrong_commune, vec![FieldId::Commune], FieldId::Commune),
        (
            one_photo,
            vec![FieldId::IdFront, FieldId::IdBack],
            FieldId::IdFront,
        ),
        (at(Step::Office), vec![FieldId::Office], FieldId::Office),
        (unknown_office, vec![FieldId::Office], FieldId::Office),
        (bad_email, vec![FieldId::Email], FieldId::Email),
    ];
    for (i, (from, fields, focus)) in table.into_iter().enumerate() {
        let (to, effects) = run(from.clone(), Event::Next);
        assert_eq!(to.step, from.step, "row {i} must stay");
        let got: Vec<FieldId> = to.errors.keys().copied().collect();
        assert_eq!(got, fields, "row {i}");
        assert!(
            effects.contains(&Effect::Focus(focus)),
            "row {i}: {effects:?}"
        );
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::Submit(_))),
            "row {i}"
        );
        for e in to.errors.values() {
            assert!(
                !e.vi.is_empty() && !e.en.is_empty() && e.vi != e.en,
                "row {i}"
            );
        }
    }
}

#[test]
fn commune_error_is_exact_for_a_commune_outside_the_province() {
    let mut r = complete(Step::Declaration);
    r.form.commune = "00004".into();
    let (to, _) = run(r, Event::Next);
    assert_eq!(to.errors[&FieldId::Commune].code, "commune_not_in_province");
}

#[test]
fn submit_from_email_revalidates_every_step_and_goes_to_the_first_bad_one() {
    let mut r = complete(Step::Email);
    r.photos.id_back = PhotoState::Empty;
    r.form.street.clear();
    let (to, effects) = run(r, Event::Submit);
    assert_eq!(to.step, Step::Declaration);
    assert!(to.errors.contains_key(&FieldId::Street));
    assert!(to.errors.contains_key(&FieldId::IdBack));
    assert!(effects.contains(&Effect::Focus(FieldId::Street)));
}

#[test]
fn submit_sends_the_whole_validated_payload_with_the_draft_key() {
    let (to, effects) = run(complete(Step::Email), Event::Submit);
    assert_eq!(to.step, Step::Submitting);
    let payload = effects
        .iter()
        .find_map(|e| match e {
            Effect::Submit(p) => Some(p.clone()),
            _ => None,
        })
        .expect("a submit effect");
    assert_eq!(payload.idempotency_key, "key-1");
    assert_eq!(payload.office, "079");
    assert_eq!(payload.email.as_str(), "an@example.com");
    assert_eq!(payload.declaration.address.commune, "26737");
    assert_eq!(
        payload.photos,
        PhotoKeys {
            portrait: "p".into(),
            id_front: "f".into(),
            id_back: "b".into()
        }
    );
    assert!(
        persisted(&effects),
        "the outbox (draft) is saved before sending"
    );
}

#[test]
fn submit_outcomes() {
    let receipt = Submission {
        id: "reg-9".into(),
        reference: "079-000009".into(),
        status: crate::api::RegistrationStatus::Received,
        received_at: "2026-11-25T10:00:00Z".into(),
    };
    // Success: OTP step, photos removed from the device, draft kept for the OTP step.
    let (to, effects) = run(
        complete(Step::Submitting),
        Event::SubmitSucceeded(receipt.clone()),
    );
    assert_eq!(to.step, Step::Otp);
    assert_eq!(to.submission, Some(receipt.clone()));
    assert_eq!(to.photos, Photos::default());
    assert!(effects.contains(&Effect::DeletePhotos(vec![
        "p".into(),
        "f".into(),
        "b".into()
    ])));
    assert!(persisted(&effects));

    // Server field errors go back to the field's step.
    let err = FieldError {
        code: "phone_not_mobile".into(),
        vi: "Không phải số di động".into(),
        en: "Not a mobile number".into(),
    };
    let (to, effects) = run(
        complete(Step::Submitting),
        Event::SubmitFailed(SubmitFailure::Invalid {
            errors: FieldErrors::from([(FieldId::Phone, err.clone())]),
        }),
    );
    assert_eq!(to.step, Step::Declaration);
    assert_eq!(to.errors[&FieldId::Phone], err);
    assert!(effects.contains(&Effect::Focus(FieldId::Phone)));

    // Transient failure: back to e-mail with a notice, everything kept for a retry.
    let (to, _) = run(
        complete(Step::Submitting),
        Event::SubmitFailed(SubmitFailure::Transient {
            message: err.clone(),
        }),
    );
    assert_eq!(to.step, Step::Email);
    assert_eq!(to.notice.as_ref().map(|n| &n.message), Some(&err));
    assert_eq!(to.photos, complete(Step::Email).photos);
    let (again, effects) = run(to, Event::Submit);
    assert_eq!(again.step, Step::Submitting);
    assert!(again.notice.is_none());
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::Submit(p) if p.idempotency_key == "key-1")));

    // A late answer on another step changes nothing.
    let (to, effects) = run(complete(Step::Email), Event::SubmitSucceeded(receipt));
    assert_eq!(to, complete(Step::Email));
    assert!(effects.is_empty());
}

#[test]
fn photo_slot_lifecycle() {
    let r = at(Step::Photos);
    let (r, effects) = run(
        r,
        Event::PhotoChosen {
            slot: PhotoSlot::IdFront,
            staged_key: "raw-1".into(),
        },
    );
    assert_eq!(
        r.photos.id_front,
        PhotoState::Processing {
            staged_key: "raw-1".into()
        }
    );
    assert!(effects.contains(&Effect::ProcessPhoto {
        slot: PhotoSlot::IdFront,
        staged_key: "raw-1".into()
    }));
    let photo = PhotoRef {
        key: "out-1".into(),
        bytes: 1,
        width: 1600,
        height: 1009,
        warnings: vec![],
    };
    let (r, effects) = run(
        r,
        Event::PhotoProcessed {
            slot: PhotoSlot::IdFront,
            staged_key: "raw-1".into(),
            photo: photo.clone(),
        },
    );
    assert_eq!(r.photos.id_front, PhotoState::Ready(photo.clone()));
    assert!(effects.contains(&Effect::DeletePhotos(vec!["raw-1".into()])));

    // Retake: the old processed photo is deleted.
    let (r, effects) = run(
        r,
        Event::PhotoChosen {
            slot: PhotoSlot::IdFront,
            staged_key: "raw-2".into(),
        },
    );
    assert!(effects.contains(&Effect::DeletePhotos(vec!["out-1".into()])));
    let err = FieldError {
        code: "photo_unsupported_format".into(),
        vi: "Định dạng ảnh không được hỗ trợ".into(),
        en: "Unsupported image format".into(),
    };
    let (r, effects) = run(
        r,
        Event::PhotoFailed {
            slot: PhotoSlot::IdFront,
            staged_key: "raw-2".into(),
            error: err.clone(),
        },
    );
    assert_eq!(r.photos.id_front, PhotoState::Failed { error: err });
    assert!(effects.contains(&Effect::DeletePhotos(vec!["raw-2".into()])));

    // A processed result for a slot that is not processing is dropped, not stored.
    let (r2, effects) = run(
        r.clone(),
        Event::PhotoProcessed {
            slot: PhotoSlot::IdBack,
            staged_key: "raw-9".into(),
            photo: photo.clone(),
        },
    );
    assert_eq!(r2.photos.id_back, PhotoState::Empty);
    assert!(effects.contains(&Effect::DeletePhotos(vec!["out-1".into()])));

    // Photos chosen outside the photo step are not kept.
    let (r3, effects) = run(
        at(Step::Office),
        Event::PhotoChosen {
            slot: PhotoSlot::Portrait,
            staged_key: "x".into(),
        },
    );
    assert_eq!(r3.photos.portrait, PhotoState::Empty);
    assert_eq!(effects, vec![Effect::DeletePhotos(vec!["x".into()])]);
}

#[test]
fn editing_saves_the_draft_and_corrects_shown_errors_live() {
    let (r, effects) = run(at(Step::Declaration), Event::Next);
    assert!(r.errors.contains_key(&FieldId::FullName));
    assert!(persisted(&effects));
    let (r, effects) = run(
        r,
        Event::Edit {
            field: FieldId::FullName,
            value: "Trần Văn B".into(),
        },
    );
    assert_eq!(r.form.full_name, "Trần Văn B");
    assert!(!r.errors.contains_key(&FieldId::FullName));
    assert!(r.errors.contains_key(&FieldId::Phone), "other errors stay");
    match effects.first() {
        Some(Effect::PersistDraft(saved)) => assert_eq!(**saved, r),
        other => panic!("expected a draft save first, got {other:?}"),
    }

    // Changing the province clears the commune and its error.
    let mut r = complete(Step::Declaration);
    r.errors
        .insert(FieldId::Commune, FieldError::from_localized(&Required));
    let (r, _) = run(
        r,
        Event::Edit {
            field: FieldId::Province,
            value: "01".into(),
        },
    );
    assert_eq!(r.form.commune, "");
    assert!(!r.errors.contains_key(&FieldId::Commune));

    // Edits on the wrong step are ignored.
    let (r2, effects) = run(
        complete(Step::Photos),
        Event::Edit {
            field: FieldId::Phone,
            value: "x".into(),
        },
    );
    assert_eq!(r2, complete(Step::Photos));
    assert!(effects.is_empty());
}

#[test]
fn blur_checks_one_typed_field_only() {
    let mut r = at(Step::Declaration);
    r.form.commune = "00004".into();
    r.form.province = "79".into();
    let (r, _) = run(r, Event::Blur(FieldId::Commune));
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[&FieldId::Commune].code, "commune_not_in_province");
    // An empty field is not complained about on blur.
    let (r, _) = run(r, Event::Blur(FieldId::Phone));
    assert!(!r.errors.contains_key(&FieldId::Phone));
    let mut e = at(Step::Email);
    e.email = "not-an-email".into();
    let (e, _) = run(e, Event::Blur(FieldId::Email));
    assert!(e.errors.contains_key(&FieldId::Email));
}

#[test]
fn choosing_an_office() {
    let (r, _) = run(at(Step::Office), Event::ChooseOffice("79-tan-dinh".into()));
    assert_eq!(r.office.as_deref(), Some("79-tan-dinh"));
    assert!(r.errors.is_empty());
    // A closed office (a restored draft may hold one) is refused with its successor.
    let (closed, _) = run(r.clone(), Event::ChooseOffice("07901".into()));
    let error = &closed.errors[&FieldId::Office];
    assert_eq!(error.code, "office_closed");
    assert!(
        error.vi.contains("nay là BHXH Cơ sở Tân Định"),
        "{}",
        error.vi
    );
    let (closed, _) = run(closed, Event::Next);
    assert_eq!(closed.step, Step::Office);
    let (r, _) = run(r, Event::ChooseOffice("nope".into()));
    assert_eq!(r.errors[&FieldId::Office].code, "unknown_office");
    let (r, _) = run(r, Event::Next);
    assert_eq!(r.step, Step::Office);
}

#[test]
fn otp_step() {
    let (r, effects) = run(submitted(), Event::OtpEdit("12a 34-5".into()));
    assert_eq!(r.otp.code, "12345");
    assert!(persisted(&effects));
    let (r, effects) = run(r, Event::OtpSubmit);
    assert_eq!(r.otp.error.as_ref().unwrap().code, "otp_incomplete");
    assert!(!effects
        .iter()
        .any(|e| matches!(e, Effect::VerifyOtp { .. })));
    let (r, _) = run(r, Event::OtpEdit("1234567".into()));
    assert_eq!(r.otp.code, "123456");
    let (r, effects) = run(r, Event::OtpSubmit);
    assert!(r.otp.verifying);
    assert!(effects.contains(&Effect::VerifyOtp {
        registration_id: "reg-1".into(),
        code: "123456".into()
    }));
    // A second press while checking sends nothing more.
    let (r, effects) = run(r, Event::OtpSubmit);
    assert!(!effects
        .iter()
        .any(|e| matches!(e, Effect::VerifyOtp { .. })));
    let wrong = FieldError {
        code: "otp_wrong".into(),
        vi: "Mã không đúng".into(),
        en: "Wrong code".into(),
    };
    let (r, _) = run(
        r,
        Event::OtpRejected {
            error: wrong.clone(),
        },
    );
    assert!(!r.otp.verifying);
    assert_eq!(r.otp.error, Some(wrong));
    let (r, _) = run(r, Event::OtpSubmit);
    let (done, effects) = run(
        r,
        Event::OtpAccepted {
            status: crate::api::RegistrationStatus::Confirmed,
        },
    );
    assert_eq!(done.step, Step::Receipt);
    assert_eq!(
        done.submission.as_ref().unwrap().status,
        crate::api::RegistrationStatus::Confirmed
    );
    assert_eq!(
        effects[0],
        Effect::DeleteDraft,
        "the draft is wiped, not saved"
    );
    assert!(
        matches!(&effects[1..], [Effect::SaveRegistrations(kept)] if kept.len() == 1),
        "the registration stays in \"Hồ sơ của tôi\": {effects:?}"
    );
}

#[test]
fn otp_resend_has_a_countdown() {
    let (r, effects) = run(submitted(), Event::OtpResend);
    assert!(r.otp.resending);
    assert!(effects.contains(&Effect::ResendOtp {
        registration_id: "reg-1".into()
    }));
    let (r, effects) = run(r, Event::OtpResend);
    assert!(!effects
        .iter()
        .any(|e| matches!(e, Effect::ResendOtp { .. })));
    let (r, _) = run(r, Event::OtpResent { wait_secs: 2 });
    assert_eq!(r.otp.resend_wait_secs, 2);
    let (r, effects) = run(r, Event::OtpResend);
    assert!(effects.is_empty(), "no resend during the countdown");
    let (r, effects) = run(r, Event::Tick);
    assert_eq!(r.otp.resend_wait_secs, 1);
    assert!(!persisted(&effects), "ticks are not saved");
    let (r, _) = run(r, Event::Tick);
    let (r, _) = run(r, Event::Tick);
    assert_eq!(r.otp.resend_wait_secs, 0);
    let (_, effects) = run(r, Event::OtpResend);
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::ResendOtp { .. })));
}

#[test]
fn language_and_discard() {
    let (r, effects) = run(complete(Step::Photos), Event::SetLang(Lang::En));
    assert_eq!(r.lang, Lang::En);
    assert!(persisted(&effects));
    let (fresh, effects) = run(
        r,
        Event::Discard {
            new_idempotency_key: "key-2".into(),
        },
    );
    // A fresh registration; only the rewrite counts remember that the fields were emptied.
    assert_eq!(fresh.rewrites.of(FieldId::FullName), 1);
    let mut fresh = fresh;
    fresh.rewrites = FieldRewrites::default();
    assert_eq!(fresh, Registration::new("key-2", Lang::En));
    assert!(effects.contains(&Effect::DeleteDraft));
    assert!(effects.contains(&Effect::DeletePhotos(vec![
        "p".into(),
        "f".into(),
        "b".into()
    ])));
    assert!(!persisted(&effects));
    assert!(!fresh.has_progress());
}

#[test]
fn nothing_changed_means_nothing_saved() {
    let (_, effects) = run(at(Step::Start), Event::Back);
    assert!(effects.is_empty());
    let (_, effects) = run(at(Step::Start), Event::DismissNotice);
    assert!(effects.is_empty());
}

#[test]
fn resume_after_restart_restarts_work_under_way() {
    let mut r = complete(Step::Submitting);
    r.photos.portrait = ready("p");
    let effects = r.resume_effects(&Ctx);
    assert!(matches!(effects.as_slice(), [Effect::Submit(p)] if p.idempotency_key == "key-1"));
    let mut p = at(Step::Photos);
    p.photos.id_back = PhotoState::Processing {
        staged_key: "s9".into(),
    };
    assert_eq!(
        p.resume_effects(&Ctx),
        vec![Effect::ProcessPhoto {
            slot: PhotoSlot::IdBack,
            staged_key: "s9".into()
        }]
    );
    assert!(complete(Step::Email).resume_effects(&Ctx).is_empty());
}

#[test]
fn steps_know_their_fields_and_positions() {
    for field in FieldId::ALL {
        let step = Step::of_field(field);
        if field == FieldId::Consent {
            assert_eq!(step, Step::Consent);
            continue;
        }
        assert!(step.form_position().is_some(), "{field:?}");
    }
    assert_eq!(Step::Declaration.form_position(), Some((1, 4)));
    assert_eq!(Step::Otp.form_position(), None);
    for slot in PhotoSlot::ALL {
        assert_eq!(Step::of_field(slot.field()), Step::Photos);
    }
}

// --- Filling the declaration from a card's QR ---

use crate::qr::{CardFacts, RowStatus};

/// The card of the person of `filled_form`, address already in 2025 units.
fn card() -> CardFacts {
    crate::qr::offer::fixtures::card()
}

fn with_card(mut r: Registration) -> Registration {
    r.qr_card = Some(card());
    r
}

fn typed(form: DeclarationForm, step: Step) -> Registration {
    let mut r = at(step);
    r.form = form;
    r
}

#[test]
fn a_card_read_is_offered_where_the_declaration_can_still_change() {
    let agreeing = typed(filled_form(), Step::Photos);
    // (from, expected step, offer kept)
    let table = [
        (at(Step::Start), Step::Declaration, true),
        (at(Step::Declaration), Step::Declaration, true),
        (at(Step::Photos), Step::Photos, true),
        (at(Step::Email), Step::Email, true),
        // Everything already agrees: nothing to offer.
        (agreeing, Step::Photos, false),
        (complete(Step::Submitting), Step::Submitting, false),
        (submitted(), Step::Otp, false),
    ];
    for (i, (from, step, kept)) in table.into_iter().enumerate() {
        let (to, effects) = run(
            from.clone(),
            Event::QrRead {
                card: Box::new(card()),
            },
        );
        assert_eq!(to.step, step, "row {i}");
        assert_eq!(to.qr_card.is_some(), kept, "row {i}");
        assert_eq!(
            to.form, from.form,
            "row {i}: reading a card changed the form"
        );
        // Only a change of step is saved: the card stays out of the draft.
        assert_eq!(persisted(&effects), from.step != step, "row {i}");
    }
}

#[test]
fn accepting_fills_only_the_ticked_fields_and_closes_the_offer() {
    let mut partly = DeclarationForm {
        person_id: "079303009999".into(), // differs from the card
        phone: "0912345678".into(),
        ..Default::default()
    };
    let empty = DeclarationForm::default();
    // (form, ticked, expected form)
    let mut all_from_card = empty.clone();
    all_from_card.full_name = "NGUYỄN THỊ ÁNH".into();
    all_from_card.person_id = "079303001234".into();
    all_from_card.province = "79".into();
    all_from_card.commune = "26737".into();
    all_from_card.street = "12 Lý Văn Phức".into();
    let mut name_only = partly.clone();
    name_only.full_name = "NGUYỄN THỊ ÁNH".into();
    let mut id_too = name_only.clone();
    id_too.person_id = "079303001234".into();
    let all = vec![
        FieldId::FullName,
        FieldId::PersonId,
        FieldId::Province,
        FieldId::Street,
    ];
    let table = [
        (empty.clone(), all.clone(), all_from_card),
        (empty.clone(), vec![], empty.clone()),
        (partly.clone(), vec![FieldId::FullName], name_only),
        (
            partly.clone(),
            vec![FieldId::FullName, FieldId::PersonId],
            id_too,
        ),
        // Fields the card does not give are never touched, even if named.
        (
            partly.clone(),
            vec![FieldId::Phone, FieldId::BhxhCode],
            partly.clone(),
        ),
    ];
    for (i, (form, ticked, expected)) in table.into_iter().enumerate() {
        for step in [Step::Declaration, Step::Photos] {
            let (to, effects) = run(
                with_card(typed(form.clone(), step)),
                Event::QrAccept {
                    fields: ticked.clone(),
                },
            );
            assert_eq!(to.form, expected, "row {i} at {step:?}");
            assert_eq!(to.qr_card, None, "row {i}: the offer stayed open");
            assert_eq!(persisted(&effects), to.form != form, "row {i}");
        }
    }
    // No offer pending, or a step where the form is closed: nothing happens.
    partly.full_name = "Typed".into();
    let (to, _) = run(
        typed(partly.clone(), Step::Declaration),
        Event::QrAccept {
            fields: all.clone(),
        },
    );
    assert_eq!(to.form, partly);
    let closed = with_card(typed(partly.clone(), Step::Office));
    let (to, effects) = run(closed.clone(), Event::QrAccept { fields: all });
    assert_eq!(to, closed);
    assert!(effects.is_empty());
}

#[test]
fn nothing_is_overwritten_silently() {
    // Every typed value differs from the card.
    let form = DeclarationForm {
        bhxh_code: "7901234567".into(),
        full_name: "Nguyễn Thị Anh".into(),
        person_id: "079303009999".into(),
        province: "01".into(),
        commune: "00004".into(),
        street: "5 Hàng Bài".into(),
        phone: "0912345678".into(),
    };
    let (offered, _) = run(
        typed(form.clone(), Step::Declaration),
        Event::QrRead {
            card: Box::new(card()),
        },
    );
    let offer = offered.qr_offer(&TinyUnits).expect("offered");
    assert!(offer.rows.iter().all(|r| r.status == RowStatus::Differs));
    // What the screen ticks by default: nothing, so accepting as shown changes nothing.
    assert!(offer.default_fields().is_empty());
    let (to, _) = run(
        offered.clone(),
        Event::QrAccept {
            fields: offer.default_fields(),
        },
    );
    assert_eq!(to.form, form);
    // Dismissing changes nothing either, and is not saved.
    let (to, effects) = run(offered.clone(), Event::QrDismiss);
    assert_eq!(to.form, form);
    assert_eq!(to.qr_card, None);
    assert!(effects.is_empty());
    // Only what is explicitly ticked changes.
    let (to, _) = run(
        offered,
        Event::QrAccept {
            fields: vec![FieldId::PersonId],
        },
    );
    assert_eq!(to.form.person_id, "079303001234");
    assert_eq!(
        DeclarationForm {
            person_id: form.person_id.clone(),
            ..to.form
        },
        form
    );
}

#[test]
fn accepting_corrects_errors_already_shown() {
    let mut r = with_card(at(Step::Declaration));
    r.form.person_id = "12".into();
    let (r, _) = run(r, Event::Blur(FieldId::PersonId));
    assert!(r.errors.contains_key(&FieldId::PersonId));
    let (to, _) = run(
        r,
        Event::QrAccept {
            fields: vec![FieldId::PersonId],
        },
    );
    assert!(
        !to.errors.contains_key(&FieldId::PersonId),
        "{:?}",
        to.errors
    );
}

#[test]
fn a_failed_scan_says_why_and_leads_to_typing() {
    let error = FieldError {
        code: "qr_not_found".into(),
        vi: "Không tìm thấy mã QR trong ảnh.".into(),
        en: "No QR code was found in the photo.".into(),
    };
    // (from, expected step, notice shown)
    let table = [
        (at(Step::Start), Step::Declaration, true),
        (at(Step::Declaration), Step::Declaration, true),
        (submitted(), Step::Otp, false),
    ];
    for (i, (from, step, shown)) in table.into_iter().enumerate() {
        let (to, _) = run(
            from,
            Event::QrFailed {
                error: error.clone(),
            },
        );
        assert_eq!(to.step, step, "row {i}");
        assert_eq!(
            to.notice.as_ref().map(|n| n.message.code.as_str()),
            shown.then_some("qr_not_found"),
            "row {i}"
        );
        assert!(to.notice.as_ref().is_none_or(|n| n.is_error));
    }
}

#[test]
fn the_offer_ends_with_the_registration_and_never_reaches_the_draft() {
    let pending = with_card(at(Step::Submitting));
    let (to, _) = run(
        pending.clone(),
        Event::SubmitSucceeded(Submission {
            id: "reg-1".into(),
            reference: "079-000001".into(),
            status: crate::api::RegistrationStatus::Received,
            received_at: "2026-11-25T10:00:00Z".into(),
        }),
    );
    assert_eq!(to.qr_card, None);
    let (to, _) = run(
        with_card(at(Step::Photos)),
        Event::Discard {
            new_idempotency_key: "key-2".into(),
        },
    );
    assert_eq!(to.qr_card, None);
    let document = crate::draft::encode(&pending);
    for fact in ["079303001234", "NGUYỄN THỊ ÁNH", "Lý Văn Phức", "qr_card"] {
        assert!(!document.contains(fact), "the draft carries {fact:?}");
    }
    let restored = crate::draft::decode(&document).unwrap();
    assert_eq!(restored.qr_card, None);
    assert_eq!(
        Registration {
            qr_card: None,
            ..pending
        },
        restored
    );
}

#[test]
fn a_processed_id_photo_is_searched_for_the_card_qr_and_a_portrait_is_not() {
    // (slot, expected effect)
    let table = [
        (
            PhotoSlot::IdFront,
            Some(Effect::ReadCardQr {
                slot: PhotoSlot::IdFront,
                key: "out".into(),
            }),
        ),
        (
            PhotoSlot::IdBack,
            Some(Effect::ReadCardQr {
                slot: PhotoSlot::IdBack,
                key: "out".into(),
            }),
        ),
        (PhotoSlot::Portrait, None),
    ];
    for (slot, expected) in table {
        let mut r = at(Step::Photos);
        *r.photos.get_mut(slot) = PhotoState::Processing {
            staged_key: "raw".into(),
        };
        let photo = PhotoRef {
            key: "out".into(),
            bytes: 1,
            width: 1600,
            height: 1009,
            warnings: vec![],
        };
        let (r, effects) = run(
            r,
            Event::PhotoProcessed {
                slot,
                staged_key: "raw".into(),
                photo,
            },
        );
        let reads: Vec<&Effect> = effects
            .iter()
            .filter(|e| matches!(e, Effect::ReadCardQr { .. }))
            .collect();
        assert_eq!(reads, expected.iter().collect::<Vec<_>>(), "{slot:?}");
        // A photo without a QR changes nothing and saves nothing.
        let (after, effects) = run(r.clone(), Event::QrAbsent { slot });
        assert_eq!(after, r);
        assert!(effects.is_empty());
    }
    // A late result for a slot that moved on is not searched.
    let (_, effects) = run(
        at(Step::Photos),
        Event::PhotoProcessed {
            slot: PhotoSlot::IdFront,
            staged_key: "raw-late".into(),
            photo: PhotoRef {
                key: "late".into(),
                bytes: 1,
                width: 1,
                height: 1,
                warnings: vec![],
            },
        },
    );
    assert!(!effects
        .iter()
        .any(|e| matches!(e, Effect::ReadCardQr { .. })));
}

#[test]
fn typing_never_rewrites_the_field_being_typed_in() {
    // The text box owns its text while a person types: `Edit` of a field never asks the shell
    // to write that field back, even when an error shown beside it is re-checked.
    let mut state = at(Step::Declaration);
    state
        .errors
        .insert(FieldId::FullName, FieldError::from_localized(&Required));
    let mut typed = String::new();
    for c in "Nguyễn  Thị Ánh ".chars() {
        typed.push(c);
        let (next, _) = run(
            state,
            Event::Edit {
                field: FieldId::FullName,
                value: typed.clone(),
            },
        );
        state = next;
        assert_eq!(
            state.form.full_name, typed,
            "kept exactly as typed, spaces included"
        );
        assert_eq!(state.rewrites.of(FieldId::FullName), 0);
    }
}

#[test]
fn leaving_a_field_tidies_it_and_asks_for_it_to_be_written_back() {
    let mut state = at(Step::Declaration);
    state.form.full_name = "  Ðặng  Hữu Phước ".into();
    state.form.street = "12 Lý Văn Phức".into();
    let (state, effects) = run(state, Event::Blur(FieldId::FullName));
    assert_eq!(state.form.full_name, "Đặng Hữu Phước");
    assert_eq!(state.rewrites.of(FieldId::FullName), 1);
    assert!(persisted(&effects), "the tidied value is saved");
    // Already tidy: nothing to write back.
    let (state, _) = run(state, Event::Blur(FieldId::Street));
    assert_eq!(state.rewrites.of(FieldId::Street), 0);
    let (state, _) = run(state, Event::Blur(FieldId::FullName));
    assert_eq!(state.rewrites.of(FieldId::FullName), 1);
}

#[test]
fn decomposed_vietnamese_is_composed_when_the_field_is_left_and_at_submission() {
    // "Nguyễn" as some keyboards send it: e + combining circumflex + combining tilde.
    let decomposed = "Nguye\u{0302}\u{0303}n Thi\u{0323} A\u{0301}nh";
    let mut state = at(Step::Declaration);
    state.form = filled_form();
    let (s, _) = run(
        state,
        Event::Edit {
            field: FieldId::FullName,
            value: decomposed.into(),
        },
    );
    assert_eq!(s.form.full_name, decomposed, "not changed under the caret");
    let (s, _) = run(s, Event::Next);
    assert_eq!(s.step, Step::Photos);
    assert_eq!(s.form.full_name, "Nguyễn Thị Ánh");
    assert_eq!(s.rewrites.of(FieldId::FullName), 1);

    let mut state = complete(Step::Email);
    state.email = "  an@example.com ".into();
    let (s, effects) = run(state, Event::Submit);
    assert_eq!(s.step, Step::Submitting);
    assert_eq!(s.email, "an@example.com");
    assert!(effects.iter().any(|e| matches!(e, Effect::Submit(_))));
}

#[test]
fn a_card_fill_and_a_new_draft_rewrite_the_fields_they_change() {
    let mut state = at(Step::Declaration);
    state.form.full_name = "Nguyễn Thị Ánh".into();
    state.email = "an@example.com".into();
    state.step = Step::Email;
    let (state, _) = run(
        state,
        Event::Discard {
            new_idempotency_key: "key-2".into(),
        },
    );
    assert_eq!(state.rewrites.of(FieldId::FullName), 1);
    assert_eq!(state.rewrites.of(FieldId::Email), 1);
    assert_eq!(
        state.rewrites.of(FieldId::Phone),
        0,
        "unchanged, not rewritten"
    );
}

#[test]
fn one_field_is_checked_alone_and_agrees_with_the_whole_check() {
    let bad = [
        (FieldId::BhxhCode, "12"),
        (FieldId::FullName, "Nguyễn 3"),
        (FieldId::PersonId, "abc"),
        (FieldId::Street, ""),
        (FieldId::Phone, "02838123456"),
        (FieldId::Province, "99"),
        (FieldId::Commune, "00000"),
    ];
    for (field, value) in bad {
        let mut form = filled_form();
        form.set(field, value.into());
        let whole = form.validate(&TinyUnits).expect_err(value);
        assert_eq!(
            form.check_field(field, &TinyUnits),
            whole.get(&field).cloned(),
            "{field:?} = {value:?}"
        );
        for other in FieldId::ALL {
            if other != field && !(field == FieldId::Province && other == FieldId::Commune) {
                assert_eq!(form.check_field(other, &TinyUnits), None, "{other:?}");
            }
        }
    }
}

#[test]
fn a_late_result_for_a_replaced_photo_is_ignored_and_deleted() {
    let photo = |key: &str| PhotoRef {
        key: key.into(),
        bytes: 1,
        width: 1600,
        height: 1009,
        warnings: vec![],
    };
    let slot = PhotoSlot::IdFront;
    // A picture is chosen, then another before the first was processed.
    let (r, _) = run(
        at(Step::Photos),
        Event::PhotoChosen {
            slot,
            staged_key: "raw-a".into(),
        },
    );
    let (r, _) = run(
        r,
        Event::PhotoChosen {
            slot,
            staged_key: "raw-b".into(),
        },
    );
    assert_eq!(
        *r.photos.get(slot),
        PhotoState::Processing {
            staged_key: "raw-b".into()
        }
    );
    // The first picture's answers arrive late: neither is taken, the result is deleted.
    let (r, effects) = run(
        r,
        Event::PhotoProcessed {
            slot,
            staged_key: "raw-a".into(),
            photo: photo("out-a"),
        },
    );
    assert_eq!(
        *r.photos.get(slot),
        PhotoState::Processing {
            staged_key: "raw-b".into()
        },
        "still waiting for the second picture"
    );
    assert_eq!(effects, vec![Effect::DeletePhotos(vec!["out-a".into()])]);
    let (r, effects) = run(
        r,
        Event::PhotoFailed {
            slot,
            staged_key: "raw-a".into(),
            error: FieldError {
                code: "photo_unsupported_format".into(),
                vi: "x".into(),
                en: "x".into(),
            },
        },
    );
    assert!(matches!(r.photos.get(slot), PhotoState::Processing { .. }));
    assert!(effects.is_empty(), "{effects:?}");
    // The second picture's answer is the one kept.
    let (r, _) = run(
        r,
        Event::PhotoProcessed {
            slot,
            staged_key: "raw-b".into(),
            photo: photo("out-b"),
        },
    );
    assert_eq!(*r.photos.get(slot), PhotoState::Ready(photo("out-b")));
}
