//! Corrections ready to send (`POST /v1/registrations/{id}/resubmission`): only what changed —
//! a `declaration` part with the changed fields (left out when only photos change) and the
//! new photos by slot name — under a new idempotency key.

use crate::submission::{multipart_body, Part};
use vssid_core::api::{DeclarationChanges, PhotoSlot, DECLARATION_PART};

/// Corrections ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resubmission {
    /// A new UUID for this resubmission; every attempt sends the same one.
    pub idempotency_key: String,
    pub changes: DeclarationChanges,
    /// The new photos' JPEG bytes.
    pub photos: Vec<(PhotoSlot, Vec<u8>)>,
}

impl Resubmission {
    /// The `multipart/form-data` body and its content type (the same bytes every attempt).
    pub fn multipart_body(&self) -> (String, Vec<u8>) {
        let declaration = serde_json::to_vec(&self.changes).unwrap_or_default();
        let mut parts = Vec::new();
        if !self.changes.is_empty() {
            parts.push(Part::json(DECLARATION_PART, &declaration));
        }
        for (slot, bytes) in &self.photos {
            parts.push(Part::photo(*slot, bytes));
        }
        multipart_body(&self.idempotency_key, &parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vssid_core::fields::FieldId;

    #[test]
    fn only_the_changed_parts_are_sent() {
        let photo_only = Resubmission {
            idempotency_key: "k".into(),
            changes: DeclarationChanges::new(),
            photos: vec![(PhotoSlot::Portrait, b"\xff\xd8jpeg".to_vec())],
        };
        let (content_type, body) = photo_only.multipart_body();
        let text = String::from_utf8_lossy(&body);
        assert!(content_type.starts_with("multipart/form-data; boundary=vssid-"));
        assert!(text.contains("name=\"portrait\""));
        assert!(!text.contains("name=\"declaration\""));
        assert!(!text.contains("name=\"id_front\""));
        assert_eq!(photo_only.multipart_body(), (content_type, body), "stable");

        let mut changes = DeclarationChanges::new();
        changes.insert(FieldId::Street, "99 Hai Bà Trưng".into());
        let field_only = Resubmission {
            changes,
            photos: Vec::new(),
            ..photo_only
        };
        let (_, body) = field_only.multipart_body();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("name=\"declaration\""));
        assert!(text.contains(r#"{"street":"99 Hai Bà Trưng"}"#));
        assert!(!text.contains("name=\"portrait\""));
    }
}
