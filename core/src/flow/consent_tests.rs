//! Table tests of the consent transitions: nothing is typed before consent, a new notice
//! version asks again, a person under 16 needs a guardian's consent, and the withdrawal on
//! the Receipt.

use super::*;
use crate::consent::NOTICE_VERSION;
use crate::declaration::fixtures::{TinyOffices, TinyUnits};
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

fn fresh() -> Registration {
    Registration::new("key-1", Lang::Vi)
}

const AT: &str = "2026-11-29T08:00:00Z";

fn consented() -> Registration {
    let (r, _) = run(fresh(), Event::Begin);
    let (r, _) = run(
        r,
        Event::ConsentTick {
            which: ConsentBox::General,
            ticked: true,
        },
    );
    let (r, _) = run(
        r,
        Event::ConsentTick {
            which: ConsentBox::IdImages,
            ticked: true,
        },
    );
    let (r, _) = run(r, Event::ConsentAccept { at: AT.into() });
    r
}

fn edit(field: FieldId, value: &str) -> Event {
    Event::Edit {
        field,
        value: value.into(),
    }
}

#[test]
fn nothing_is_typed_before_both_boxes_are_ticked() {
    let (r, _) = run(fresh(), Event::Begin);
    assert_eq!(r.step, Step::Consent);
    assert!(
        !r.consent.general && !r.consent.id_images,
        "no box is ticked"
    );

    // Every collecting event before consent leaves the data untouched.
    let mut sneaky = r.clone();
    sneaky.step = Step::Declaration;
    for event in [
        edit(FieldId::FullName, "Nguyễn Thị Ánh"),
        edit(FieldId::PersonId, "079303001234"),
        Event::Next,
        Event::ChooseOffice("079".into()),
        Event::Submit,
    ] {
        let (after, _) = run(sneaky.clone(), event.clone());
        assert_eq!(after.form, sneaky.form, "{event:?}");
        assert_eq!(after.office, None, "{event:?}");
        assert_eq!(after.step, Step::Consent, "{event:?}");
    }
    let mut at_photos = sneaky.clone();
    at_photos.step = Step::Photos;
    let (after, effects) = run(
        at_photos,
        Event::PhotoChosen {
            slot: PhotoSlot::IdFront,
            staged_key: "raw-1".into(),
        },
    );
    assert_eq!(after.photos.id_front, PhotoState::Empty);
    assert!(effects.contains(&Effect::DeletePhotos(vec!["raw-1".into()])));

    // One box is not enough.
    let (one, _) = run(
        r.clone(),
        Event::ConsentTick {
            which: ConsentBox::General,
            ticked: true,
        },
    );
    let (still, effects) = run(one, Event::ConsentAccept { at: AT.into() });
    assert_eq!(still.step, Step::Consent);
    assert_eq!(still.errors[&FieldId::Consent].code, "consent_required");
    assert!(effects.contains(&Effect::Focus(FieldId::Consent)));
    assert!(!still.has_consent());

    // Both boxes: the consent is recorded with the notice version and the time.
    let r = consented();
    assert_eq!(r.step, Step::Declaration);
    assert!(r.has_consent());
    let given = r.consent.given.clone().unwrap();
    assert_eq!(given.notice_version, NOTICE_VERSION);
    assert_eq!(given.accepted_at, AT);
    let (typed, _) = run(r, edit(FieldId::FullName, "Nguyễn Thị Ánh"));
    assert_eq!(typed.form.full_name, "Nguyễn Thị Ánh");

    // Unticking a box takes the consent back.
    let mut back = typed.clone();
    back.step = Step::Consent;
    let (back, _) = run(
        back,
        Event::ConsentTick {
            which: ConsentBox::IdImages,
            ticked: false,
        },
    );
    assert!(!back.has_consent());
}

#[test]
fn declining_collects_nothing_and_says_so() {
    let (r, _) = run(fresh(), Event::Begin);
    let (r, _) = run(
        r,
        Event::ConsentTick {
            which: ConsentBox::General,
            ticked: true,
        },
    );
    let (r, _) = run(r, Event::ConsentDecline);
    assert!(r.consent.declined);
    assert!(!r.consent.general);
    assert_eq!(r.step, Step::Consent);
    let (r, _) = run(r, Event::Back);
    assert_eq!(r.step, Step::Start);
}

#[test]
fn a_new_notice_version_asks_again() {
    let mut r = consented();
    r.form = crate::declaration::fixtures::sample_form();
    r.step = Step::Office;
    r.consent.given.as_mut().unwrap().notice_version = "2025-01-01".into();
    assert!(!r.has_consent());

    // Restored from a draft: brought back to the Consent screen, boxes cleared, data kept.
    let doc = crate::draft::encode(&r);
    let restored = crate::draft::decode(&doc).unwrap();
    assert_eq!(restored.step, Step::Consent);
    assert!(!restored.consent.general && !restored.consent.id_images);
    assert_eq!(restored.form, r.form);

    // In memory too: the next collecting event asks first.
    let (after, _) = run(r.clone(), Event::ChooseOffice("079".into()));
    assert_eq!(after.step, Step::Consent);
    assert_eq!(after.office, None);

    // A draft from before consent existed loads and asks.
    let old = r#"{"format":"vssid-draft","version":1,
        "registration":{"step":"photos","lang":"vi","idempotency_key":"k1",
                        "form":{"full_name":"Lê Văn Tám"}}}"#;
    let old = crate::draft::decode(old).unwrap();
    assert_eq!(old.step, Step::Consent);
    assert_eq!(old.form.full_name, "Lê Văn Tám");
}

fn declaration_of(person_id: &str) -> Registration {
    let mut r = consented();
    r.form = crate::declaration::fixtures::sample_form();
    r.form.person_id = person_id.into();
    r
}

#[test]
fn under_16_requires_the_guardian_consent() {
    // Born 2012 (13 or 14 in 2026): the guardian is asked on the Declaration.
    let (r, effects) = run(declaration_of("079312001234"), Event::Next);
    assert_eq!(r.step, Step::Declaration);
    for field in [
        FieldId::GuardianName,
        FieldId::GuardianRelation,
        FieldId::GuardianConsent,
    ] {
        assert!(r.errors.contains_key(&field), "{field:?}");
    }
    assert!(effects.contains(&Effect::Focus(FieldId::GuardianName)));
    assert_eq!(
        r.age_finding(),
        crate::consent::AgeFinding::Known(crate::consent::AgeGroup::Child)
    );

    let (r, _) = run(r, edit(FieldId::GuardianName, "Nguyễn Văn Bình"));
    let (r, _) = run(r, edit(FieldId::GuardianRelation, "father"));
    let (r, _) = run(
        r,
        Event::ConsentTick {
            which: ConsentBox::Guardian,
            ticked: true,
        },
    );
    let (r, _) = run(r, Event::Next);
    assert_eq!(r.step, Step::Photos, "{:?}", r.errors);
    let guardian = r.consent_record().unwrap().guardian.unwrap();
    assert_eq!(guardian.name, "Nguyễn Văn Bình");
    assert!(guardian.accepted);

    // An adult is not asked, and sends no guardian.
    let (adult, _) = run(declaration_of("079303001234"), Event::Next);
    assert_eq!(adult.step, Step::Photos);
    assert_eq!(adult.consent_record().unwrap().guardian, None);

    // Born 2010 (15 or 16): the date of birth decides.
    let (r, _) = run(declaration_of("079210001234"), Event::Next);
    assert_eq!(r.errors[&FieldId::DateOfBirth].code, "date_of_birth_needed");
    let (r, _) = run(r, edit(FieldId::DateOfBirth, "01/01/2010"));
    let (r, _) = run(r, Event::Next);
    assert_eq!(r.step, Step::Photos, "16 on 2026-01-01: {:?}", r.errors);
    let (r, _) = run(
        declaration_of("079210001234"),
        edit(FieldId::DateOfBirth, "30/12/2010"),
    );
    let (r, _) = run(r, Event::Next);
    assert_eq!(r.step, Step::Declaration);
    assert!(r.errors.contains_key(&FieldId::GuardianConsent));
}

#[test]
fn the_payload_carries_the_consent() {
    let mut r = declaration_of("079303001234");
    r.photos = Photos {
        portrait: PhotoState::Ready(PhotoRef {
            key: "p".into(),
            bytes: 1,
            width: 1,
            height: 1,
            warnings: vec![],
        }),
        id_front: PhotoState::Ready(PhotoRef {
            key: "f".into(),
            bytes: 1,
            width: 1,
            height: 1,
            warnings: vec![],
        }),
        id_back: PhotoState::Ready(PhotoRef {
            key: "b".into(),
            bytes: 1,
            width: 1,
            height: 1,
            warnings: vec![],
        }),
    };
    r.office = Some("079".into());
    r.email = "an@example.com".into();
    let payload = r.payload(&Ctx).unwrap();
    assert_eq!(payload.consent.notice_version, NOTICE_VERSION);
    assert_eq!(payload.consent.accepted_at, AT);
    // The payload is the core's validation of the registration: the same errors as the
    // service's for the same consent.
    let mut stale = r.clone();
    stale.consent.given.as_mut().unwrap().notice_version = "2025-01-01".into();
    let errors = stale.payload(&Ctx).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[&FieldId::Consent].code, "consent_stale_notice");
    assert_eq!(
        errors,
        stale
            .request()
            .validate(&TinyUnits, &TinyOffices)
            .unwrap_err()
    );
    r.consent.id_images = false;
    let errors = r.payload(&Ctx).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[&FieldId::Consent].code, "consent_required");
}

#[test]
fn withdrawal_on_the_receipt_is_confirmed_then_asked_of_the_service() {
    let mut r = consented();
    r.step = Step::Receipt;
    r.submission = Some(Submission {
        id: "reg-1".into(),
        reference: "DK-20261129-ABCDEF".into(),
        status: crate::api::RegistrationStatus::Confirmed,
        received_at: AT.into(),
    });
    let (r, effects) = run(r, Event::WithdrawConfirm);
    assert!(effects.is_empty(), "not without the confirmation");
    let (r, _) = run(r, Event::WithdrawAsk);
    assert!(r.after_receipt.confirming_withdrawal);
    let (cancelled, _) = run(r.clone(), Event::WithdrawCancel);
    assert!(!cancelled.after_receipt.confirming_withdrawal);
    let (r, effects) = run(r, Event::WithdrawConfirm);
    assert_eq!(
        effects,
        vec![Effect::Withdraw {
            registration_id: "reg-1".into(),
            secret: "key-1".into(),
        }]
    );
    assert!(r.after_receipt.withdrawing);
    let (r, _) = run(
        r,
        Event::Withdrawn {
            registration_id: "reg-1".into(),
        },
    );
    assert!(r.after_receipt.withdrawn);
    let (_, effects) = run(r, Event::DataRequest);
    assert!(effects.is_empty(), "nothing left to fetch");

    let mut r = consented();
    r.step = Step::Receipt;
    r.submission = Some(Submission {
        id: "reg-2".into(),
        reference: "DK".into(),
        status: crate::api::RegistrationStatus::Confirmed,
        received_at: AT.into(),
    });
    let (r, effects) = run(r, Event::DataRequest);
    assert_eq!(
        effects,
        vec![Effect::FetchData {
            registration_id: "reg-2".into(),
            secret: "key-1".into(),
        }]
    );
    let (r, _) = run(r, Event::DataReceived { json: "{}".into() });
    assert_eq!(r.after_receipt.data.as_deref(), Some("{}"));
}

#[test]
fn the_declaration_pdf_is_fetched_behind_the_secret_once_the_code_was_accepted() {
    let mut r = consented();
    r.step = Step::Receipt;
    r.submission = Some(Submission {
        id: "reg-3".into(),
        reference: "DK".into(),
        status: crate::api::RegistrationStatus::Received,
        received_at: AT.into(),
    });
    // Before the code: the service has no tờ khai to give.
    let (mut r, effects) = run(r, Event::DeclarationPdfRequest);
    assert!(effects.is_empty());
    r.submission.as_mut().unwrap().status = crate::api::RegistrationStatus::Confirmed;
    let (r, effects) = run(r, Event::DeclarationPdfRequest);
    assert_eq!(
        effects,
        vec![Effect::FetchDeclarationPdf {
            registration_id: "reg-3".into(),
            secret: "key-1".into(),
        }]
    );
    assert!(r.after_receipt.fetching_pdf);
    let (again, effects) = run(r.clone(), Event::DeclarationPdfRequest);
    assert!(effects.is_empty(), "one request at a time");
    assert!(again.after_receipt.fetching_pdf);
    let (failed, _) = run(
        r.clone(),
        Event::DeclarationPdfFailed {
            error: FieldError {
                code: "offline".into(),
                vi: "Mất kết nối".into(),
                en: "Offline".into(),
            },
        },
    );
    assert!(!failed.after_receipt.fetching_pdf);
    assert_eq!(failed.after_receipt.error.as_ref().unwrap().code, "offline");
    let (r, _) = run(
        r,
        Event::DeclarationPdfReceived {
            pdf: b"%PDF-1.7".to_vec(),
        },
    );
    assert!(!r.after_receipt.fetching_pdf);
    assert_eq!(r.after_receipt.pdf.as_deref(), Some(&b"%PDF-1.7"[..]));
}
