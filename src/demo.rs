//! Demo states for screenshots and manual checks (`?demo=NAME` on the web,
//! `VSSID_DEMO=NAME` on desktop): sample data in memory with the built-in demo service,
//! clearly marked on screen, nothing saved and nothing sent anywhere.

use crate::services::{step, Services};
use crate::setup::Setup;
use vssid_core::api::{Decision, DecisionReason, DecisionSummary, RegistrationStatus};
use vssid_core::fields::FieldId;
use vssid_core::flow::{
    Event, Fix, OtpState, PhotoRef, PhotoSlot, PhotoState, Registration, SavedRegistration, Step,
    Submission,
};
use vssid_core::Lang;

/// The names `setup` knows.
pub const NAMES: &[&str] = &[
    "start",
    "resume",
    "consent",
    "declaration",
    "declaration-errors",
    "photos",
    "office",
    "email",
    "submitting",
    "otp",
    "receipt",
    "my-registrations",
    "status-changes",
    "status-approved",
    "fixing",
];

/// A sample picture (SVG) for a slot.
fn sample_picture(slot: PhotoSlot) -> String {
    let body = match slot {
        PhotoSlot::Portrait => {
            r##"<rect width="300" height="400" fill="#dfe8f3"/><circle cx="150" cy="150" r="70" fill="#8aa4c4"/><path d="M40 400c10-110 60-150 110-150s100 40 110 150z" fill="#8aa4c4"/>"##
        }
        PhotoSlot::IdFront => {
            r##"<rect width="400" height="252" rx="16" fill="#e9f1fb"/><rect x="24" y="60" width="96" height="128" rx="6" fill="#8aa4c4"/><rect x="140" y="30" width="220" height="16" fill="#1f5fa8"/><rect x="140" y="70" width="200" height="12" fill="#9fb3c8"/><rect x="140" y="100" width="180" height="12" fill="#9fb3c8"/><rect x="140" y="130" width="210" height="12" fill="#9fb3c8"/><rect x="140" y="160" width="150" height="12" fill="#9fb3c8"/>"##
        }
        PhotoSlot::IdBack => {
            r##"<rect width="400" height="252" rx="16" fill="#e9f1fb"/><rect x="24" y="30" width="80" height="80" fill="#1f2937"/><rect x="130" y="40" width="230" height="12" fill="#9fb3c8"/><rect x="130" y="70" width="200" height="12" fill="#9fb3c8"/><rect x="24" y="180" width="352" height="12" fill="#6b7280"/><rect x="24" y="205" width="352" height="12" fill="#6b7280"/>"##
        }
    };
    let (w, h) = match slot {
        PhotoSlot::Portrait => (300, 400),
        _ => (400, 252),
    };
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">{body}</svg>"#
    )
}

fn filled_form(r: &mut Registration) {
    r.form.bhxh_code = "7901234567".into();
    r.form.full_name = "Nguyễn Thị Ánh".into();
    r.form.person_id = "079303001234".into();
    r.form.province = "79".into();
    r.form.commune = "26737".into();
    r.form.street = "12 Lý Văn Phức, khu phố 3".into();
    r.form.phone = "0912345678".into();
}

/// The person consented to the current notice (every demo past the Consent screen).
fn consented(r: &mut Registration) {
    r.consent_to_current_notice("2026-11-29T08:00:00Z");
}

fn with_photos(services: &Services, r: &mut Registration) {
    for slot in PhotoSlot::ALL {
        let picture = sample_picture(slot);
        let key = format!("demo-{}", slot.field().as_str());
        if services
            .photos
            .put(&key, picture.as_bytes().to_vec())
            .is_ok()
        {
            let (width, height) = match slot {
                PhotoSlot::Portrait => (1200, 1600),
                _ => (1600, 1008),
            };
            *r.photos.get_mut(slot) = PhotoState::Ready(PhotoRef {
                key,
                bytes: picture.len() as u64,
                width,
                height,
                warnings: Vec::new(),
            });
        }
    }
}

fn submission(status: vssid_core::api::RegistrationStatus) -> Submission {
    Submission {
        id: "demo".into(),
        reference: "079-DK-204518".into(),
        status,
        received_at: String::new(),
    }
}

/// A registration kept in "Hồ sơ của tôi" (no personal data), as the demo office answers it.
fn kept(reference: &str, status: RegistrationStatus) -> SavedRegistration {
    let decision = match status {
        RegistrationStatus::ChangesRequested => Some(DecisionSummary {
            decision: Decision::RequestChanges,
            reason: DecisionReason::PortraitUnsuitable,
            note: crate::edges::demo_office::DEMO_NOTE.into(),
            fields: vec![FieldId::Portrait],
            decided_at: "2026-11-26T02:15:00Z".into(),
        }),
        RegistrationStatus::Approved => Some(DecisionSummary {
            decision: Decision::Approve,
            reason: DecisionReason::Verified,
            note: String::new(),
            fields: Vec::new(),
            decided_at: "2026-11-28T03:40:00Z".into(),
        }),
        _ => None,
    };
    SavedRegistration {
        id: format!("demo-{reference}"),
        secret: "demo".into(),
        reference: reference.into(),
        office: "079".into(),
        status,
        received_at: "2026-11-25T01:30:00Z".into(),
        checked_at: Some("2026-11-28T04:05:00Z".into()),
        decision,
    }
}

/// "Hồ sơ của tôi" with `first` open (the others listed on the Start screen).
fn with_kept(r: &mut Registration, first: RegistrationStatus) {
    r.follow_up.saved = vec![
        kept("079-DK-204518", first),
        kept("079-DK-198003", RegistrationStatus::InReview),
    ];
    r.follow_up.open = Some(r.follow_up.saved[0].id.clone());
}

/// The demo state called `name`, if there is one.
pub fn setup(name: &str) -> Option<Setup> {
    let services = Services::in_memory();
    let mut r = Registration::new("demo-0000", Lang::Vi);
    if !matches!(name, "start" | "consent") {
        consented(&mut r);
    }
    match name {
        "start" => {}
        "consent" => r.step = Step::Consent,
        "resume" => {
            filled_form(&mut r);
            r.step = Step::Start;
        }
        "declaration" => {
            r.step = Step::Declaration;
            r.form.full_name = "Nguyễn Thị Ánh".into();
            r.form.province = "79".into();
        }
        "declaration-errors" => {
            r.step = Step::Declaration;
            r.form.bhxh_code = "79012".into();
            r.form.full_name = "Nguyễn Thị Ánh".into();
            r.form.phone = "0212345".into();
            r = step(&services, r, Event::Next).0;
        }
        "photos" => {
            filled_form(&mut r);
            with_photos(&services, &mut r);
            r.photos.id_back = PhotoState::Empty;
            r.step = Step::Photos;
        }
        "office" => {
            filled_form(&mut r);
            with_photos(&services, &mut r);
            r.step = Step::Office;
            r.office = Some("079".into());
        }
        "email" => {
            filled_form(&mut r);
            with_photos(&services, &mut r);
            r.office = Some("079".into());
            r.step = Step::Email;
            r.email = "anh.nguyen@example.com".into();
        }
        "submitting" => {
            filled_form(&mut r);
            r.office = Some("079".into());
            r.step = Step::Submitting;
        }
        "otp" => {
            filled_form(&mut r);
            r.office = Some("079".into());
            r.step = Step::Otp;
            r.submission = Some(submission(vssid_core::api::RegistrationStatus::Received));
            r.otp = OtpState {
                code: "1234".into(),
                resend_wait_secs: 42,
                ..OtpState::default()
            };
        }
        "receipt" => {
            filled_form(&mut r);
            r.office = Some("079".into());
            r.step = Step::Receipt;
            r.submission = Some(submission(vssid_core::api::RegistrationStatus::Confirmed));
        }
        "my-registrations" => {
            with_kept(&mut r, RegistrationStatus::ChangesRequested);
            r.follow_up.open = None;
        }
        "status-changes" => {
            with_kept(&mut r, RegistrationStatus::ChangesRequested);
            r.step = Step::Tracking;
        }
        "status-approved" => {
            with_kept(&mut r, RegistrationStatus::Approved);
            r.step = Step::Tracking;
        }
        "fixing" => {
            with_kept(&mut r, RegistrationStatus::ChangesRequested);
            let mut form = Registration::new("demo-form", Lang::Vi);
            filled_form(&mut form);
            with_photos(&services, &mut form);
            let mut photos = form.photos.clone();
            photos.id_front = PhotoState::Empty;
            photos.id_back = PhotoState::Empty;
            r.follow_up.fix = Some(Fix {
                idempotency_key: "demo-fix".into(),
                declared: Some(form.form.clone()),
                form: form.form,
                asked: vec![FieldId::Portrait],
                photos,
                ..Fix::default()
            });
            r.step = Step::Fixing;
        }
        _ => return None,
    }
    Some(Setup {
        services,
        initial: r,
        notices: Vec::new(),
        picker: crate::components::PickerKind::for_this_build(),
    })
}
