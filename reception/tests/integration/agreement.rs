//! One validation, proven: a table of registrations, each sent the app's way (the core flow
//! as the app drives it, pressing "Gửi" on the e-mail screen) and to a real service on
//! loopback. Both must refuse the same fields with the same errors (code and both messages),
//! and accept the same registrations.

use crate::common::{client_for, TestService};
use vssid_client::{ApiError, Submission};
use vssid_core::api::RegistrationRequest;
use vssid_core::consent::{Consent, GuardianConsent, NOTICE_VERSION};
use vssid_core::declaration::fixtures::sample_form;
use vssid_core::declaration::DeclarationForm;
use vssid_core::directory::{Directory, OfficeDirectory};
use vssid_core::fields::{FieldErrors, FieldId, FieldId as F, UnitDirectory};
use vssid_core::flow::{
    update, ConsentGiven, Effect, Event, FlowContext, PhotoRef, PhotoState, Photos, Registration,
    Step,
};
use vssid_core::Lang;
use vssid_testkit::jpeg::small_photos;
use vssid_testkit::sample::CONSENTED_AT;

/// What the app's flow is given (`src/edges/catalog.rs`: `CatalogFlow` over the
/// `DirectoryCatalog`, which answers from the shared directory): units and offices of
/// [`Directory::global`].
struct AppContext;

impl FlowContext for AppContext {
    fn units(&self) -> &dyn UnitDirectory {
        Directory::global()
    }
    fn offices(&self) -> &dyn OfficeDirectory {
        Directory::global()
    }
}

/// One registration as a person filled it in.
#[derive(Clone)]
struct Row {
    name: &'static str,
    form: DeclarationForm,
    office: &'static str,
    email: String,
    /// Both boxes of the Consent screen ticked and confirmed, to this notice version.
    consent_to: Option<&'static str>,
    date_of_birth: &'static str,
    guardian: Option<GuardianConsent>,
    /// What both sides must say: (field, error code); empty when the registration is accepted.
    expected: Vec<(FieldId, &'static str)>,
}

fn row(name: &'static str, expected: Vec<(FieldId, &'static str)>) -> Row {
    Row {
        name,
        form: sample_form(),
        office: "079",
        email: format!("{}@example.com", name.replace(' ', ".")),
        consent_to: Some(NOTICE_VERSION),
        date_of_birth: "",
        guardian: None,
        expected,
    }
}

fn father() -> GuardianConsent {
    GuardianConsent {
        name: "Nguyễn Văn Bình".into(),
        relation: "father".into(),
        accepted: true,
    }
}

fn table() -> Vec<Row> {
    let with = |mut row: Row, change: &dyn Fn(&mut Row)| {
        change(&mut row);
        row
    };
    vec![
        row("accepted", vec![]),
        with(row("empty name", vec![(F::FullName, "required")]), &|r| {
            r.form.full_name = "   ".into()
        }),
        with(
            row(
                "bhxh code too short",
                vec![(F::BhxhCode, "bhxh_code_length")],
            ),
            &|r| r.form.bhxh_code = "79012345".into(),
        ),
        with(
            row(
                "bhxh code with letters",
                vec![(F::BhxhCode, "bhxh_code_not_digit")],
            ),
            &|r| r.form.bhxh_code = "79O1234567".into(),
        ),
        // A 9-digit CMND was last issued in 2021, to people of 14 and over: an adult, sent
        // with its warning.
        with(row("cmnd without birth date", vec![]), &|r| {
            r.form.person_id = "352576714".into()
        }),
        // A passport number tells nothing of the age.
        with(
            row(
                "passport without birth date",
                vec![(F::DateOfBirth, "date_of_birth_needed")],
            ),
            &|r| r.form.person_id = "C1234567".into(),
        ),
        with(row("cmnd of an adult", vec![]), &|r| {
            r.form.person_id = "352576714".into();
            r.date_of_birth = "1990-05-17";
        }),
        with(
            row(
                "cmnd of a child without guardian",
                vec![
                    (F::GuardianName, "required"),
                    (F::GuardianRelation, "required"),
                    (F::GuardianConsent, "guardian_consent_required"),
                ],
            ),
            &|r| {
                r.form.person_id = "352576714".into();
                r.date_of_birth = "2014-02-03";
            },
        ),
        with(
            row(
                "id number of 10 digits",
                vec![(F::PersonId, "person_id_length")],
            ),
            &|r| r.form.person_id = "0793030012".into(),
        ),
        with(
            row(
                "cccd with another birth year",
                vec![(F::DateOfBirth, "date_of_birth_mismatch")],
            ),
            &|r| r.date_of_birth = "1999-01-01",
        ),
        with(row("bad phone", vec![(F::Phone, "phone_length")]), &|r| {
            r.form.phone = "0123".into()
        }),
        with(
            row(
                "email without domain",
                vec![(F::Email, "email_domain_no_dot")],
            ),
            &|r| r.email = "anh.nguyen@example".into(),
        ),
        with(row("no email", vec![(F::Email, "required")]), &|r| {
            r.email = String::new()
        }),
        with(
            row("unknown office", vec![(F::Office, "unknown_office")]),
            &|r| r.office = "99999",
        ),
        with(
            row("closed office", vec![(F::Office, "office_closed")]),
            &|r| r.office = "07901",
        ),
        with(row("no office", vec![(F::Office, "required")]), &|r| {
            r.office = ""
        }),
        with(
            row(
                "commune not in province",
                vec![(F::Commune, "commune_not_in_province")],
            ),
            &|r| r.form.province = "01".into(),
        ),
        with(
            row(
                "street with a bidi override",
                vec![(F::Street, "street_control_character")],
            ),
            &|r| r.form.street = "12 Lê \u{202E}iợL".into(),
        ),
        with(
            row("no consent", vec![(F::Consent, "consent_required")]),
            &|r| r.consent_to = None,
        ),
        with(
            row(
                "consent to an old notice",
                vec![(F::Consent, "consent_stale_notice")],
            ),
            &|r| r.consent_to = Some("2025-01-01"),
        ),
        with(
            row(
                "minor without guardian",
                vec![
                    (F::GuardianName, "required"),
                    (F::GuardianRelation, "required"),
                    (F::GuardianConsent, "guardian_consent_required"),
                ],
            ),
            &|r| r.form.person_id = "079212001234".into(),
        ),
        with(
            row(
                "minor whose guardian is an uncle",
                vec![(F::GuardianRelation, "guardian_relation_invalid")],
            ),
            &|r| {
                r.form.person_id = "079212001234".into();
                r.guardian = Some(GuardianConsent {
                    relation: "uncle".into(),
                    ..father()
                });
            },
        ),
        with(row("minor with guardian", vec![]), &|r| {
            r.form.person_id = "079212001234".into();
            r.guardian = Some(father());
        }),
        with(
            row(
                "several errors at once",
                vec![
                    (F::FullName, "required"),
                    (F::Phone, "phone_length"),
                    (F::Commune, "required"),
                    (F::Office, "office_closed"),
                    (F::Email, "email_missing_at"),
                ],
            ),
            &|r| {
                r.form.full_name = String::new();
                r.form.phone = "12".into();
                r.form.commune = String::new();
                r.office = "07901";
                r.email = "no-at-sign".into();
            },
        ),
    ]
}

/// The flow's state of `row` on the e-mail screen, the photos ready.
fn registration(row: &Row, key: &str) -> Registration {
    let mut r = Registration::new(key, Lang::Vi);
    r.step = Step::Email;
    r.form = row.form.clone();
    let ready = |key: &str| {
        PhotoState::Ready(PhotoRef {
            key: key.into(),
            bytes: 40_000,
            width: 240,
            height: 320,
            warnings: vec![],
        })
    };
    r.photos = Photos {
        portrait: ready("portrait"),
        id_front: ready("id-front"),
        id_back: ready("id-back"),
    };
    r.office = (!row.office.is_empty()).then(|| row.office.to_string());
    r.email = row.email.clone();
    if let Some(version) = row.consent_to {
        r.consent.general = true;
        r.consent.id_images = true;
        r.consent.given = Some(ConsentGiven {
            notice_version: version.into(),
            accepted_at: CONSENTED_AT.into(),
        });
    }
    r.consent.date_of_birth = row.date_of_birth.into();
    r.consent.guardian = row.guardian.clone().unwrap_or_default();
    r
}

/// What the app does when the person presses "Gửi": the flow's `Submit`. Returns the errors
/// shown (none when the flow sends), and the submission it would send.
fn app(row: &Row, key: &str) -> (FieldErrors, Option<Submission>) {
    let state = registration(row, key);
    let (after, effects) = update(state.clone(), Event::Submit, &AppContext);
    let sent = effects.iter().find_map(|effect| match effect {
        Effect::Submit(payload) => Some(payload.clone()),
        _ => None,
    });
    if !state.has_consent() {
        // Nothing is sent without consent to the current notice: the person is brought to the
        // Consent screen. The errors are those of the payload the flow would send.
        assert_eq!(after.step, Step::Consent, "{}", row.name);
        assert!(sent.is_none(), "{}", row.name);
        let errors = state.payload(&AppContext).expect_err(row.name);
        return (errors, None);
    }
    match sent {
        Some(payload) => {
            assert_eq!(after.step, Step::Submitting, "{}", row.name);
            assert!(after.errors.is_empty(), "{}: {:?}", row.name, after.errors);
            let [portrait, id_front, id_back] = small_photos();
            let submission = Submission::from_payload(&payload, portrait, id_front, id_back);
            (FieldErrors::new(), Some(submission))
        }
        None => {
            assert!(
                !after.errors.is_empty(),
                "{}: neither sent nor refused",
                row.name
            );
            (after.errors, None)
        }
    }
}

/// The registration of `row` as any client could send it: the values as typed.
fn request(row: &Row) -> RegistrationRequest {
    RegistrationRequest {
        form: row.form.clone(),
        office: row.office.into(),
        email: row.email.clone(),
        lang: Lang::Vi,
        consent: row.consent_to.map(|version| Consent {
            notice_version: version.into(),
            accepted_at: CONSENTED_AT.into(),
            date_of_birth: row.date_of_birth.into(),
            guardian: row.guardian.clone(),
        }),
    }
}

/// What the service answers to `request` with three valid photos: its field errors, none
/// when it stored the registration.
async fn service(client: &vssid_client::ApiClient, request: RegistrationRequest) -> FieldErrors {
    let [portrait, id_front, id_back] = small_photos();
    let submission = Submission {
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        request,
        portrait,
        id_front,
        id_back,
    };
    match client.submit(&submission, |_| {}).await {
        Ok(_) => FieldErrors::new(),
        Err(ApiError::InvalidFields(errors)) => errors,
        Err(other) => panic!("neither stored nor refused on fields: {other:?}"),
    }
}

fn codes(errors: &FieldErrors) -> Vec<(FieldId, &str)> {
    errors
        .iter()
        .map(|(field, error)| (*field, error.code.as_str()))
        .collect()
}

#[tokio::test]
async fn the_app_and_the_service_refuse_the_same_registrations_with_the_same_errors() {
    let service_under_test = TestService::start().await;
    let client = client_for(&service_under_test.base_url());
    let rows = table();
    assert!(rows.len() >= 12);
    let mut accepted = 0;
    let mut failures = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        let (app_errors, app_sends) = app(row, &format!("agreement-{n}"));
        let service_errors = service(&client, request(row)).await;
        let mut expected = row.expected.clone();
        expected.sort();
        if codes(&app_errors) != expected {
            failures.push(format!(
                "{}: expected {expected:?}, the app says {:?}",
                row.name,
                codes(&app_errors)
            ));
        }
        if app_errors != service_errors {
            failures.push(format!(
                "{}: the app says {app_errors:?}, the service {service_errors:?}",
                row.name
            ));
        }
        // What the app sends of an accepted registration (its normalized values) is stored.
        if let Some(mut submission) = app_sends {
            submission.idempotency_key = uuid::Uuid::new_v4().to_string();
            if let Err(e) = client.submit(&submission, |_| {}).await {
                failures.push(format!(
                    "{}: the app's submission is refused: {e:?}",
                    row.name
                ));
            }
            accepted += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        service_under_test.count(),
        2 * accepted,
        "every accepted row is stored twice (as typed, and as the app sends it)"
    );
}
