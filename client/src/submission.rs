//! A registration ready to send: its `multipart/form-data` body (the same bytes for every
//! attempt), and what a submission is doing, for a progress indicator.

use crate::mix::{fnv1a, splitmix64};
use std::time::Duration;
use vssid_core::api::{PhotoSlot, RegistrationRequest, DECLARATION_PART};
use vssid_core::declaration::DeclarationForm;
use vssid_core::flow::SubmitPayload;

/// A registration ready to send: the declaration part, the three JPEG photos, and the
/// idempotency key made when the draft was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// A UUID made once per draft; every attempt sends the same one.
    pub idempotency_key: String,
    pub request: RegistrationRequest,
    pub portrait: Vec<u8>,
    pub id_front: Vec<u8>,
    pub id_back: Vec<u8>,
}

impl Submission {
    /// The submission of the flow's validated payload with the photos' JPEG bytes (read by the
    /// shell from the payload's storage keys).
    pub fn from_payload(
        payload: &SubmitPayload,
        portrait: Vec<u8>,
        id_front: Vec<u8>,
        id_back: Vec<u8>,
    ) -> Submission {
        let declaration = &payload.declaration;
        Submission {
            idempotency_key: payload.idempotency_key.clone(),
            request: RegistrationRequest {
                form: DeclarationForm {
                    bhxh_code: declaration.bhxh_code.as_str().to_string(),
                    full_name: declaration.full_name.as_str().to_string(),
                    person_id: declaration.person_id.as_str().to_string(),
                    province: declaration.address.province.clone(),
                    commune: declaration.address.commune.clone(),
                    street: declaration.address.street.as_str().to_string(),
                    phone: declaration.phone.as_str().to_string(),
                },
                office: payload.office.clone(),
                email: payload.email.as_str().to_string(),
                lang: payload.lang,
                consent: Some(payload.consent.clone()),
            },
            portrait,
            id_front,
            id_back,
        }
    }

    /// The JPEG bytes of one slot.
    pub fn photo(&self, slot: PhotoSlot) -> &[u8] {
        match slot {
            PhotoSlot::Portrait => &self.portrait,
            PhotoSlot::IdFront => &self.id_front,
            PhotoSlot::IdBack => &self.id_back,
        }
    }

    /// The `multipart/form-data` body and its content type. The boundary is derived from the
    /// key and checked against the content, so the same submission always gives the same body.
    pub fn multipart_body(&self) -> (String, Vec<u8>) {
        let declaration = self.request.canonical_json();
        let mut parts = vec![Part::json(DECLARATION_PART, &declaration)];
        parts.extend(
            PhotoSlot::ALL
                .iter()
                .map(|slot| Part::photo(*slot, self.photo(*slot))),
        );
        multipart_body(&self.idempotency_key, &parts)
    }
}

/// One part of a multipart body.
pub(crate) struct Part<'a> {
    name: &'a str,
    filename: Option<String>,
    content_type: &'static str,
    content: &'a [u8],
}

impl<'a> Part<'a> {
    pub(crate) fn json(name: &'a str, content: &'a [u8]) -> Part<'a> {
        Part {
            name,
            filename: None,
            content_type: "application/json",
            content,
        }
    }

    pub(crate) fn photo(slot: PhotoSlot, content: &'a [u8]) -> Part<'a> {
        Part {
            name: slot.part_name(),
            filename: Some(format!("{}.jpg", slot.part_name())),
            content_type: "image/jpeg",
            content,
        }
    }
}

/// A `multipart/form-data` body of `parts` and its content type, with a boundary derived from
/// `key` and checked against the content (the same parts always give the same bytes).
pub(crate) fn multipart_body(key: &str, parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let mut salt = 0u64;
    let boundary = loop {
        let candidate = format!(
            "vssid-{:016x}{:016x}",
            fnv1a(key.as_bytes()),
            splitmix64(salt)
        );
        let clashes = parts
            .iter()
            .any(|part| contains(part.content, candidate.as_bytes()));
        if !clashes {
            break candidate;
        }
        salt += 1;
    };
    let mut body = Vec::with_capacity(parts.iter().map(|p| p.content.len()).sum::<usize>() + 1024);
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match &part.filename {
            Some(filename) => format!(
                "Content-Disposition: form-data; name=\"{}\"; filename=\"{filename}\"\r\n",
                part.name
            ),
            None => format!("Content-Disposition: form-data; name=\"{}\"\r\n", part.name),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(format!("Content-Type: {}\r\n\r\n", part.content_type).as_bytes());
        body.extend_from_slice(part.content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(haystack, needle).is_some()
}

/// What a submission is doing, for a progress indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubmitProgress {
    /// The body is built: `bytes` to send.
    Prepared { bytes: usize },
    /// Attempt `attempt` (from 1) is sending.
    Sending { attempt: u32, bytes: usize },
    /// Attempt `attempt` failed with a transient error (`reason` is its code); the next one
    /// starts after `delay`.
    Waiting {
        attempt: u32,
        delay: Duration,
        reason: &'static str,
    },
    /// The service stored the registration (the answer was read).
    Accepted { attempt: u32 },
}

#[cfg(test)]
mod tests {
    use super::*;
    use vssid_core::lang::Lang;

    fn submission() -> Submission {
        Submission {
            idempotency_key: "0b9a4f8e-6d1c-4b8e-9f3a-2c5d7e8f9a0b".into(),
            request: RegistrationRequest {
                form: DeclarationForm {
                    full_name: "Nguyễn Văn An".into(),
                    ..Default::default()
                },
                office: "079".into(),
                email: "an@example.vn".into(),
                lang: Lang::Vi,
                consent: None,
            },
            portrait: vec![0xFF, 0xD8, 1, 2, 3],
            id_front: vec![0xFF, 0xD8, 4, 5],
            id_back: vec![0xFF, 0xD8, 6],
        }
    }

    #[test]
    fn multipart_body_is_deterministic_and_holds_every_part() {
        let s = submission();
        let (content_type, body) = s.multipart_body();
        assert_eq!(s.multipart_body(), (content_type.clone(), body.clone()));
        let boundary = content_type.split("boundary=").nth(1).unwrap();
        let text = String::from_utf8_lossy(&body);
        for name in ["declaration", "portrait", "id_front", "id_back"] {
            assert!(text.contains(&format!("name=\"{name}\"")), "{name} missing");
        }
        assert!(text.contains("Nguyễn Văn An"));
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        assert_eq!(text.matches(&format!("--{boundary}\r\n")).count(), 4);
    }

    #[test]
    fn boundary_avoids_content_that_contains_it() {
        let mut s = submission();
        let (content_type, _) = s.multipart_body();
        let boundary = content_type.split("boundary=").nth(1).unwrap().to_string();
        s.portrait.extend_from_slice(boundary.as_bytes());
        let (other, _) = s.multipart_body();
        assert_ne!(other, content_type);
    }
}
