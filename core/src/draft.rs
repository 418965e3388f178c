//! The draft: the whole in-progress registration as a versioned JSON document.
//!
//! ```json
//! { "format": "vssid-draft", "version": 1, "registration": { "step": "photos", … } }
//! ```
//! The version is read before anything else, so a document from a newer app or an unknown
//! format is refused with a clear error instead of being half-read. A refused document is
//! never overwritten by the caller: the shell keeps it aside (see `Draft store` in the app).
//!
//! The file has its own types ([`DraftV1`], in `v1`), mapped to and from the flow's
//! [`Registration`]: renaming a field of the flow's state changes the mapping, never the files
//! already on phones (`core/tests/data/draft-v1-*.json`, written by the first release, must
//! still load).

use crate::flow::{PhotoState, Registration, Step};
use crate::lang::{Lang, Localized};
use serde::Deserialize;

pub mod v1;
mod v1_mapping;
pub use v1::DraftV1;

/// The `format` value every draft carries.
pub const DRAFT_FORMAT: &str = "vssid-draft";
/// The version this code writes.
pub const DRAFT_VERSION: u32 = 1;

/// How long a draft (and its photos, and a draft set aside because it could not be read) is
/// kept on the device after it was last saved: 30 days. An older one is deleted at start.
pub const DRAFT_MAX_AGE_SECS: u64 = 30 * 24 * 60 * 60;

/// Whether a draft last saved at `saved_at` (seconds since 1970) is past its keeping time at
/// `now`. A save time in the future (a clock set back) counts as fresh.
pub fn is_expired(saved_at: u64, now: u64) -> bool {
    now.saturating_sub(saved_at) > DRAFT_MAX_AGE_SECS
}

/// Why a document could not be read as a draft.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    #[error("the draft is not valid JSON: {0}")]
    NotJson(String),
    #[error("this is not a VssID registration draft")]
    NotADraft,
    #[error("the draft has version {found}, newer than this app understands ({supported})")]
    TooNew { found: u32, supported: u32 },
    #[error("the draft has version {found}, which this app no longer reads")]
    TooOld { found: u32 },
    #[error("the draft is damaged: {0}")]
    Damaged(String),
}

impl Localized for DraftError {
    fn code(&self) -> &'static str {
        match self {
            DraftError::NotJson(_) => "draft_not_json",
            DraftError::NotADraft => "draft_not_a_draft",
            DraftError::TooNew { .. } => "draft_too_new",
            DraftError::TooOld { .. } => "draft_too_old",
            DraftError::Damaged(_) => "draft_damaged",
        }
    }

    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (DraftError::NotJson(_) | DraftError::Damaged(_), Lang::Vi) => {
                "Bản nháp đã lưu bị hỏng nên không mở được; bản nháp cũ vẫn được giữ lại.".into()
            }
            (DraftError::NotJson(_) | DraftError::Damaged(_), Lang::En) => {
                "The saved draft is damaged and could not be opened; the old file is kept.".into()
            }
            (DraftError::NotADraft, Lang::Vi) => {
                "Tệp này không phải bản nháp đăng ký VssID.".into()
            }
            (DraftError::NotADraft, Lang::En) => {
                "This file is not a VssID registration draft.".into()
            }
            (DraftError::TooNew { .. }, Lang::Vi) => {
                "Bản nháp được lưu bởi phiên bản ứng dụng mới hơn. Vui lòng cập nhật ứng dụng."
                    .into()
            }
            (DraftError::TooNew { .. }, Lang::En) => {
                "The draft was saved by a newer version of the app. Please update the app.".into()
            }
            (DraftError::TooOld { .. }, Lang::Vi) => {
                "Bản nháp được lưu bởi phiên bản ứng dụng quá cũ và không đọc được nữa.".into()
            }
            (DraftError::TooOld { .. }, Lang::En) => {
                "The draft was saved by a version of the app that is too old to read.".into()
            }
        }
    }
}

#[derive(Deserialize)]
struct DraftHeader {
    format: Option<String>,
    version: Option<u32>,
}

/// Writes `registration` as a draft document (current version, [`DraftV1`]).
pub fn encode(registration: &Registration) -> String {
    serde_json::to_string_pretty(&DraftV1::from(registration))
        .expect("a registration always serialises")
}

/// Reads a draft document, whatever version it has, or says clearly why not.
///
/// What cannot outlive the app is settled on the way in: a check of the e-mail code that
/// was under way is forgotten (the person presses the button again). A photo being processed
/// and a submission under way are kept: `Registration::resume_effects` restarts them.
pub fn decode(document: &str) -> Result<Registration, DraftError> {
    let header: DraftHeader =
        serde_json::from_str(document).map_err(|e| DraftError::NotJson(e.to_string()))?;
    if header.format.as_deref() != Some(DRAFT_FORMAT) {
        return Err(DraftError::NotADraft);
    }
    let version = header.version.ok_or(DraftError::NotADraft)?;
    let mut registration = match version {
        0 => return Err(DraftError::TooOld { found: version }),
        1 => serde_json::from_str::<DraftV1>(document)
            .map_err(|e| DraftError::Damaged(e.to_string()))?
            .into_registration(),
        found => {
            return Err(DraftError::TooNew {
                found,
                supported: DRAFT_VERSION,
            })
        }
    };
    registration.otp.verifying = false;
    registration.otp.resending = false;
    registration.settle_consent();
    if registration.step == Step::Receipt {
        // A finished registration is never a draft; treat the file as damaged.
        return Err(DraftError::Damaged("a finished registration".into()));
    }
    if registration.idempotency_key.trim().is_empty() {
        return Err(DraftError::Damaged("no idempotency key".into()));
    }
    for slot in crate::flow::PhotoSlot::ALL {
        if let PhotoState::Ready(photo) = registration.photos.get(slot) {
            if photo.key.is_empty() {
                *registration.photos.get_mut(slot) = PhotoState::Empty;
            }
        }
    }
    Ok(registration)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{FieldError, FieldId};
    use crate::flow::{PhotoRef, Submission};

    /// Finding 10 of issue 14: a draft holds a whole identity; it is not kept for ever.
    #[test]
    fn finding_10_drafts_expire_thirty_days_after_their_last_save() {
        let day = 24 * 60 * 60;
        let saved = 1_780_000_000;
        assert!(!is_expired(saved, saved));
        assert!(!is_expired(saved, saved + 29 * day));
        assert!(!is_expired(saved, saved + 30 * day));
        assert!(is_expired(saved, saved + 30 * day + 1));
        assert!(is_expired(saved, saved + 400 * day));
        assert!(
            !is_expired(saved + day, saved),
            "a clock set back keeps the draft"
        );
    }

    fn full_registration() -> Registration {
        let mut r = Registration::new("6f1c2a4e-0b7e-4c1e-9a57-3d2f5b8e9c10", Lang::En);
        r.step = Step::Email;
        r.form = crate::declaration::fixtures::sample_form();
        r.errors.insert(
            FieldId::Email,
            FieldError {
                code: "required".into(),
                vi: "Vui lòng nhập".into(),
                en: "Required".into(),
            },
        );
        r.photos.portrait = PhotoState::Ready(PhotoRef {
            key: "photo-portrait-1".into(),
            bytes: 120_000,
            width: 1200,
            height: 1600,
            warnings: vec![],
        });
        r.photos.id_front = PhotoState::Processing {
            staged_key: "staged-front".into(),
        };
        r.office = Some("079".into());
        r.email = "an@example.com".into();
        r.consent.general = true;
        r.consent.id_images = true;
        r.consent.given = Some(crate::flow::ConsentGiven {
            notice_version: crate::consent::NOTICE_VERSION.into(),
            accepted_at: "2026-11-25T09:00:00Z".into(),
        });
        r
    }

    #[test]
    fn round_trip_keeps_everything() {
        let r = full_registration();
        let doc = encode(&r);
        assert!(doc.contains("\"format\": \"vssid-draft\""));
        assert!(doc.contains("\"version\": 1"));
        assert_eq!(decode(&doc).unwrap(), r);

        let mut at_otp = r.clone();
        at_otp.step = Step::Otp;
        at_otp.submission = Some(Submission {
            id: "r1".into(),
            reference: "079-2026-000001".into(),
            status: crate::api::RegistrationStatus::Received,
            received_at: "2026-11-25T10:00:00Z".into(),
        });
        at_otp.otp.code = "123".into();
        assert_eq!(decode(&encode(&at_otp)).unwrap(), at_otp);
    }

    #[test]
    fn checks_under_way_are_forgotten_on_restore() {
        let mut r = full_registration();
        r.step = Step::Otp;
        r.otp.verifying = true;
        r.otp.resending = true;
        let back = decode(&encode(&r)).unwrap();
        assert!(!back.otp.verifying);
        assert!(!back.otp.resending);
    }

    #[test]
    fn versions_are_handled_explicitly() {
        let r = full_registration();
        let doc = encode(&r);
        let newer = doc.replace("\"version\": 1", "\"version\": 2");
        assert_eq!(
            decode(&newer),
            Err(DraftError::TooNew {
                found: 2,
                supported: 1
            })
        );
        let older = doc.replace("\"version\": 1", "\"version\": 0");
        assert_eq!(decode(&older), Err(DraftError::TooOld { found: 0 }));
        let unversioned = doc.replace("\"version\": 1,", "");
        assert_eq!(decode(&unversioned), Err(DraftError::NotADraft));
    }

    #[test]
    fn bad_documents_get_clear_errors() {
        assert!(matches!(decode("{"), Err(DraftError::NotJson(_))));
        assert!(matches!(decode("[]"), Err(DraftError::NotJson(_))));
        assert_eq!(
            decode("{\"format\":\"other\",\"version\":1}"),
            Err(DraftError::NotADraft)
        );
        assert!(matches!(
            decode("{\"format\":\"vssid-draft\",\"version\":1}"),
            Err(DraftError::Damaged(_))
        ));
        let wrong_step =
            encode(&full_registration()).replace("\"step\": \"email\"", "\"step\": \"nowhere\"");
        assert!(matches!(decode(&wrong_step), Err(DraftError::Damaged(_))));
        for e in [
            DraftError::NotJson("x".into()),
            DraftError::NotADraft,
            DraftError::TooNew {
                found: 2,
                supported: 1,
            },
            DraftError::TooOld { found: 0 },
            DraftError::Damaged("x".into()),
        ] {
            assert_ne!(e.message(Lang::Vi), e.message(Lang::En));
            assert!(!e.code().is_empty());
        }
    }

    #[test]
    fn missing_optional_parts_take_defaults() {
        let doc = r#"{"format":"vssid-draft","version":1,
            "registration":{"step":"declaration","lang":"vi","idempotency_key":"k1",
                            "form":{"full_name":"Lê Văn Tám"}}}"#;
        let r = decode(doc).unwrap();
        // A version-1 draft from before the consent existed: kept, and the consent is asked.
        assert_eq!(r.step, Step::Consent);
        assert_eq!(r.form.full_name, "Lê Văn Tám");
        assert_eq!(r.form.phone, "");
        assert_eq!(r.photos.portrait, PhotoState::Empty);
        let no_key = doc.replace("\"k1\"", "\"  \"");
        assert!(matches!(decode(&no_key), Err(DraftError::Damaged(_))));
    }
}
