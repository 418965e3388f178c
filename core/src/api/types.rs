//! The JSON documents and limits of the registration API (`/v1`), shared by client and service.

use crate::consent::Consent;
use crate::declaration::DeclarationForm;
use crate::directory::{ClosedOffice, OfficeDirectory, OfficeKind, OfficeState};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// The path prefix of this version of the API.
pub const API_PREFIX: &str = "/v1";
/// The request header carrying the idempotency key (a UUID made when the draft was created).
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";
/// The response header set when a registration is answered again for a repeated key.
pub const IDEMPOTENT_REPLAYED_HEADER: &str = "Idempotent-Replayed";
/// The media type of error documents (RFC 9457).
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// The largest photo part the service accepts, in bytes.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// The smallest width and height of a photo, in pixels.
pub const MIN_PHOTO_DIMENSION: u32 = 200;
/// The largest width and height of a photo, in pixels.
pub const MAX_PHOTO_DIMENSION: u32 = 8000;
/// The largest `declaration` part, in bytes.
pub const MAX_DECLARATION_BYTES: usize = 64 * 1024;
/// Digits in an e-mail confirmation code.
pub const OTP_LENGTH: usize = 6;

/// The name of the multipart part that carries the declaration JSON.
pub const DECLARATION_PART: &str = "declaration";

/// The three photos of a registration: the flow's slots, each sent as the multipart part
/// named by its field code.
pub use crate::flow::PhotoSlot;

/// The `declaration` part of a registration: every typed field (keys are the field codes of
/// [`crate::fields::FieldId`]), the chosen office, the e-mail address and the language of the e-mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRequest {
    #[serde(flatten)]
    pub form: DeclarationForm,
    /// The receiving BHXH office code, e.g. `079` or `07901`.
    #[serde(default)]
    pub office: String,
    /// Where the declaration and the confirmation code are sent.
    #[serde(default)]
    pub email: String,
    /// The language of the e-mail and of messages (`vi` by default).
    #[serde(default)]
    pub lang: Lang,
    /// The consent to the privacy notice (`GET /v1/privacy`): required; a registration
    /// without it, or given to another notice version, is refused on the field `consent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
}

impl RegistrationRequest {
    /// The canonical JSON bytes of this request: the same request always gives the same bytes
    /// (fields in a fixed order), which is what the service hashes to recognise a repeat.
    pub fn canonical_json(&self) -> Vec<u8> {
        // A struct with fixed field order serialises deterministically.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

use super::status::RegistrationStatus;

/// The answer to a registration (`201 Created`, also for a repeated idempotency key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationReceipt {
    /// The registration's id (a UUID), used in the other paths.
    pub id: String,
    /// The reference shown to the person, e.g. `DK-20261125-7KQ3MX`.
    pub reference: String,
    pub status: RegistrationStatus,
    /// When the service stored it (RFC 3339, UTC).
    pub received_at: String,
}

impl From<RegistrationReceipt> for crate::flow::Submission {
    fn from(receipt: RegistrationReceipt) -> Self {
        crate::flow::Submission {
            id: receipt.id,
            reference: receipt.reference,
            status: receipt.status,
            received_at: receipt.received_at,
        }
    }
}

/// The state of a registration (`GET /v1/registrations/{id}`); no personal fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationState {
    pub id: String,
    pub reference: String,
    pub status: RegistrationStatus,
    pub received_at: String,
    /// When the e-mail code was confirmed (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<String>,
    /// The receiving office code.
    pub office: String,
    /// The office's last decision (its reason and what to correct), once there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<super::DecisionSummary>,
}

/// The header that carries the applicant's secret for `DELETE /v1/registrations/{id}` and
/// `GET /v1/registrations/{id}/data`: `Authorization: Bearer <the Idempotency-Key the
/// registration was sent with>`. Only the device that sent the registration has it.
pub const AUTHORIZATION_HEADER: &str = "Authorization";

/// A photo as the service holds it (`GET /v1/registrations/{id}/data`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPhoto {
    pub slot: PhotoSlot,
    pub sha256: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    /// The JPEG itself, base64 (standard alphabet, padded).
    pub jpeg_base64: String,
}

/// Everything the service holds about a registration (`GET /v1/registrations/{id}/data`):
/// the right of access (Luật 91/2025/QH15, Điều 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationData {
    pub id: String,
    pub reference: String,
    pub status: RegistrationStatus,
    pub office: String,
    pub received_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<String>,
    /// The declaration as received (with the e-mail address and the consent).
    pub declaration: RegistrationRequest,
    pub photos: Vec<StoredPhoto>,
}

/// The body of `POST /v1/registrations/{id}/otp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpSubmission {
    /// The 6-digit code from the e-mail.
    pub code: String,
}

/// The answer to `POST /v1/registrations/{id}/otp/resend`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtpResent {
    /// When the new code expires (RFC 3339, UTC).
    pub expires_at: String,
    /// Seconds before another resend is allowed.
    pub resend_after_seconds: u64,
    /// How many more resends are allowed.
    pub resends_left: u32,
}

/// A BHXH office that receives registrations, as the API lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    /// The office's identifier in the directory: the official agency code when a source gives
    /// it, e.g. `079` (province) or `07901` (local office), otherwise a stable id such as
    /// `79-tan-dinh` (the 2025 "BHXH cơ sở", whose codes are not published).
    pub code: String,
    /// The name, e.g. `BHXH Thành phố Hồ Chí Minh`.
    pub name: String,
    /// How lists show it, as the official picker does, e.g.
    /// `(001) BHXH TP. Hà Nội - BHXH cơ sở Đống Đa` (empty: `[code] name`, or the name alone
    /// when the code is not confirmed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    /// The 2-digit province code (2025 scheme) the office belongs to.
    #[serde(default)]
    pub province: String,
    /// Whether a source confirms `code` as the official agency code (false: an id, or a
    /// code that only follows the pattern "0" + province code).
    #[serde(default)]
    pub code_confirmed: bool,
    /// The office no longer exists; a registration naming it is refused (`office_closed`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub closed: bool,
    /// The last day a closed office served (ISO date), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// The codes of the offices that took over from a closed office.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<String>,
    /// `province` (BHXH tỉnh/thành phố), `base` (BHXH cơ sở, from 2025-07-01) or `district`
    /// (before 2025-07-01); absent: a BHXH cơ sở when it has a `parent`, else provincial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OfficeKind>,
    /// The code of the office above it (a BHXH cơ sở's provincial office).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The 5-digit codes of the 2025 communes it serves (what the app suggests it for).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communes: Vec<String>,
    /// False when `address` is only known from before the 2025 reorganisation.
    #[serde(default = "current", skip_serializing_if = "is_current")]
    pub address_current: bool,
    /// False when `phone` is only known from before the 2025 reorganisation.
    #[serde(default = "current", skip_serializing_if = "is_current")]
    pub phone_current: bool,
}

/// Absent `*_current` flags: the value is current.
fn current() -> bool {
    true
}

fn is_current(value: &bool) -> bool {
    *value
}

impl Office {
    /// Its `label`, or "[079] BHXH TP. Hồ Chí Minh" when the code is confirmed, the name
    /// alone otherwise.
    pub fn label(&self) -> String {
        if !self.label.is_empty() {
            self.label.clone()
        } else if self.code_confirmed {
            format!("[{}] {}", self.code, self.name)
        } else {
            self.name.clone()
        }
    }
}

impl OfficeList {
    /// The office with this code.
    pub fn find(&self, code: &str) -> Option<&Office> {
        self.offices.iter().find(|office| office.code == code)
    }

    /// Why the office `code` cannot be named by a registration because it is closed (the
    /// same rule and words as `Directory::choosable_office`), or `None`.
    pub fn closed(&self, code: &str) -> Option<ClosedOffice> {
        let office = self.find(code).filter(|office| office.closed)?;
        let closed_from = office
            .valid_until
            .as_deref()
            .and_then(crate::directory::day_after);
        let successors = office
            .successors
            .iter()
            .map(|code| self.find(code).map_or_else(|| code.clone(), Office::label))
            .collect();
        Some(ClosedOffice {
            name: office.label(),
            closed_from,
            successors,
        })
    }
}

/// The service validates a registration against the list it publishes.
impl OfficeDirectory for OfficeList {
    fn office_state(&self, code: &str) -> OfficeState {
        match self.find(code) {
            None => OfficeState::Unknown,
            Some(_) => self
                .closed(code)
                .map_or(OfficeState::Open, OfficeState::Closed),
        }
    }
}

/// The office directory (`GET /v1/offices`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeList {
    /// The data version (changes whenever the list changes).
    pub version: String,
    pub offices: Vec<Office>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_keys_are_field_codes_and_canonical_json_is_stable() {
        let request = RegistrationRequest {
            form: DeclarationForm {
                bhxh_code: "7912345678".into(),
                ..Default::default()
            },
            office: "079".into(),
            email: "a@b.vn".into(),
            lang: Lang::En,
            consent: None,
        };
        let value: serde_json::Value = serde_json::from_slice(&request.canonical_json()).unwrap();
        let object = value.as_object().unwrap();
        for key in object.keys() {
            if key != "lang" && key != "consent" {
                assert!(
                    crate::fields::FieldId::parse(key).is_some(),
                    "{key} is not a field code"
                );
            }
        }
        assert_eq!(object["lang"], "en");
        let again: RegistrationRequest = serde_json::from_value(value).unwrap();
        assert_eq!(again.canonical_json(), request.canonical_json());
    }

    #[test]
    fn photo_slots_are_named_by_their_field() {
        for slot in PhotoSlot::ALL {
            assert_eq!(PhotoSlot::from_part_name(slot.part_name()), Some(slot));
        }
        assert_eq!(PhotoSlot::IdBack.part_name(), "id_back");
        assert_eq!(PhotoSlot::from_part_name("declaration"), None);
    }
}
