//! The flow's state: the steps, the photos, the code's countdown, the notices, and the
//! registration as a whole (what the draft format maps from and to), and what is kept after
//! the receipt ("Hồ sơ của tôi": the registrations kept, the corrections under way).

use super::consent::*;
use crate::api::{is_photo, DecisionSummary, DeclarationChanges, RegistrationStatus};
use crate::declaration::{Declaration, DeclarationForm};
use crate::fields::{Email, FieldError, FieldErrors, FieldId};
use crate::lang::Lang;
use crate::qr::offer::CardFacts;
use serde::{Deserialize, Serialize};

/// The screens, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    #[default]
    Start,
    /// The privacy notice's summary and the two boxes, before anything is typed.
    Consent,
    Declaration,
    Photos,
    Office,
    Email,
    Submitting,
    Otp,
    Receipt,
    /// "Hồ sơ của tôi": one registration kept on the device, its status and what to do.
    Tracking,
    /// Correcting what the office asked for.
    Fixing,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 11] = [
        Step::Start,
        Step::Consent,
        Step::Declaration,
        Step::Photos,
        Step::Office,
        Step::Email,
        Step::Submitting,
        Step::Otp,
        Step::Receipt,
        Step::Tracking,
        Step::Fixing,
    ];

    /// The step a person comes back to with "Quay lại", if going back is allowed.
    pub fn previous(self) -> Option<Step> {
        match self {
            Step::Consent | Step::Declaration => Some(Step::Start),
            Step::Photos => Some(Step::Declaration),
            Step::Office => Some(Step::Photos),
            Step::Email => Some(Step::Office),
            Step::Tracking => Some(Step::Start),
            Step::Fixing => Some(Step::Tracking),
            Step::Start | Step::Submitting | Step::Otp | Step::Receipt => None,
        }
    }

    /// The step where `field` is typed or chosen.
    pub fn of_field(field: FieldId) -> Step {
        match field {
            FieldId::Consent => Step::Consent,
            FieldId::BhxhCode
            | FieldId::FullName
            | FieldId::PersonId
            | FieldId::DateOfBirth
            | FieldId::Province
            | FieldId::Commune
            | FieldId::Street
            | FieldId::Phone
            | FieldId::GuardianName
            | FieldId::GuardianRelation
            | FieldId::GuardianConsent => Step::Declaration,
            FieldId::Portrait | FieldId::IdFront | FieldId::IdBack => Step::Photos,
            FieldId::Office => Step::Office,
            FieldId::Email => Step::Email,
        }
    }

    /// Whether a card read from a QR may still fill the declaration (before submitting).
    pub fn accepts_a_card(self) -> bool {
        matches!(
            self,
            Step::Start
                | Step::Consent
                | Step::Declaration
                | Step::Photos
                | Step::Office
                | Step::Email
        )
    }

    /// 1-based position among the steps a person fills in (Declaration … Email), for the
    /// step indicator; `None` for the others.
    pub fn form_position(self) -> Option<(u8, u8)> {
        match self {
            Step::Declaration => Some((1, 4)),
            Step::Photos => Some((2, 4)),
            Step::Office => Some((3, 4)),
            Step::Email => Some((4, 4)),
            _ => None,
        }
    }
}

/// The three photos of a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoSlot {
    Portrait,
    IdFront,
    IdBack,
}

impl PhotoSlot {
    pub const ALL: [PhotoSlot; 3] = [PhotoSlot::Portrait, PhotoSlot::IdFront, PhotoSlot::IdBack];

    /// The field code of the slot (`portrait`, `id_front`, `id_back`), as the API names parts.
    pub fn field(self) -> FieldId {
        match self {
            PhotoSlot::Portrait => FieldId::Portrait,
            PhotoSlot::IdFront => FieldId::IdFront,
            PhotoSlot::IdBack => FieldId::IdBack,
        }
    }

    /// The multipart part name of the API (the same as the field code).
    pub fn part_name(self) -> &'static str {
        self.field().as_str()
    }

    /// The slot whose part is named `name`.
    pub fn from_part_name(name: &str) -> Option<PhotoSlot> {
        PhotoSlot::ALL.into_iter().find(|s| s.part_name() == name)
    }
}

/// A processed photo kept in the app's private storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    /// The key under which the processed JPEG is stored.
    pub key: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    /// Quality warnings (too dark, blurry, …): the photo is usable, a retake is suggested.
    #[serde(default)]
    pub warnings: Vec<FieldError>,
}

/// Where one photo slot stands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PhotoState {
    #[default]
    Empty,
    /// The raw picture is staged under `staged_key` and being processed.
    Processing {
        staged_key: String,
    },
    Ready(PhotoRef),
    /// Processing refused the picture; the error says why.
    Failed {
        error: FieldError,
    },
}

impl PhotoState {
    /// The processed photo, when ready.
    pub fn ready(&self) -> Option<&PhotoRef> {
        match self {
            PhotoState::Ready(photo) => Some(photo),
            _ => None,
        }
    }

    /// Every storage key this slot holds (staged or processed).
    pub(crate) fn storage_keys(&self) -> Vec<String> {
        match self {
            PhotoState::Processing { staged_key } => vec![staged_key.clone()],
            PhotoState::Ready(photo) => vec![photo.key.clone()],
            PhotoState::Empty | PhotoState::Failed { .. } => Vec::new(),
        }
    }
}

/// The three photo slots.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Photos {
    pub portrait: PhotoState,
    pub id_front: PhotoState,
    pub id_back: PhotoState,
}

impl Photos {
    /// Whether `slot` waits for the answer about the picture staged under `staged_key` (an
    /// answer about a picture replaced since is not awaited).
    pub fn awaits(&self, slot: PhotoSlot, staged_key: &str) -> bool {
        matches!(self.get(slot), PhotoState::Processing { staged_key: waiting } if waiting == staged_key)
    }

    pub fn get(&self, slot: PhotoSlot) -> &PhotoState {
        match slot {
            PhotoSlot::Portrait => &self.portrait,
            PhotoSlot::IdFront => &self.id_front,
            PhotoSlot::IdBack => &self.id_back,
        }
    }

    pub fn get_mut(&mut self, slot: PhotoSlot) -> &mut PhotoState {
        match slot {
            PhotoSlot::Portrait => &mut self.portrait,
            PhotoSlot::IdFront => &mut self.id_front,
            PhotoSlot::IdBack => &mut self.id_back,
        }
    }

    /// Every storage key held by any slot.
    pub fn storage_keys(&self) -> Vec<String> {
        PhotoSlot::ALL
            .into_iter()
            .flat_map(|slot| self.get(slot).storage_keys())
            .collect()
    }
}

/// The storage keys of the three processed photos, in the order the API sends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoKeys {
    pub portrait: String,
    pub id_front: String,
    pub id_back: String,
}

/// What the reception service answered to a successful submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub id: String,
    pub reference: String,
    pub status: crate::api::RegistrationStatus,
    pub received_at: String,
}

/// Everything a submission sends, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitPayload {
    pub idempotency_key: String,
    pub declaration: Declaration,
    pub office: String,
    pub email: Email,
    pub lang: Lang,
    pub photos: PhotoKeys,
    /// The consent to the privacy notice (and a guardian's, for a person under 16).
    pub consent: crate::consent::Consent,
}

/// Why a submission did not go through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SubmitFailure {
    /// The service refused some fields; each error goes beside its field.
    Invalid { errors: FieldErrors },
    /// Nothing definitive was heard (offline, timeouts, busy service after retries): the
    /// registration stays in the outbox and can be sent again with the same key.
    Transient { message: FieldError },
    /// The service refused the registration as a whole.
    Rejected { message: FieldError },
}

/// The e-mail confirmation code screen.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OtpState {
    /// The digits typed so far (at most 6).
    pub code: String,
    /// A check of the code is under way.
    pub verifying: bool,
    /// Seconds before "Gửi lại mã" may be used again.
    pub resend_wait_secs: u32,
    /// A resend request is under way.
    pub resending: bool,
    pub error: Option<FieldError>,
}

/// A message shown above the current screen (not tied to a field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub message: FieldError,
    pub is_error: bool,
}

/// The whole in-progress registration: this is what the draft saves, through the draft's own
/// file types ([`crate::draft::DraftV1`]); the state itself has no serialized form, so
/// renaming a field here cannot change the files on phones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub step: Step,
    pub lang: Lang,
    /// Made when the draft was created; sent as `Idempotency-Key` so a retried submission
    /// never makes a second record.
    pub idempotency_key: String,
    pub form: DeclarationForm,
    /// Errors currently shown, by field.
    pub errors: FieldErrors,
    pub photos: Photos,
    /// The chosen receiving office (its code or id in the office directory).
    pub office: Option<String>,
    pub email: String,
    pub submission: Option<Submission>,
    pub otp: OtpState,
    pub notice: Option<Notice>,
    /// A card read from its QR, waiting for the person to fill the declaration from it
    /// ([`Event::QrAccept`]) or to dismiss it. Kept out of the draft on purpose: the draft
    /// holds only what the person typed or chose, never facts decoded from a card.
    pub qr_card: Option<CardFacts>,
    /// How often each typed field was changed by something other than typing in it. Not part
    /// of the draft: see [`FieldRewrites`].
    pub rewrites: FieldRewrites,
    /// The consent to the privacy notice. Drafts saved before it existed load without one and
    /// are asked for it ([`Registration::settle_consent`]).
    pub consent: ConsentState,
    /// Withdrawal and the copy of the data, on the Receipt screen.
    pub after_receipt: AfterReceipt,
    /// "Hồ sơ của tôi": kept apart from the draft (the shell keeps it in its own store).
    pub follow_up: FollowUp,
}

/// How many times each typed field's value was changed by something other than the person
/// typing in it (filled from the card's QR, tidied when the field was left, a new draft).
///
/// While a person types, the text box owns its text: the shell never writes a value into it,
/// because a value written back while the next keystrokes (or an input method's composition)
/// are on their way replaces them. It writes a field's value only when this count changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldRewrites(std::collections::BTreeMap<FieldId, u32>);

impl FieldRewrites {
    /// The count for `field` (0 until it is first rewritten).
    pub fn of(&self, field: FieldId) -> u32 {
        self.0.get(&field).copied().unwrap_or(0)
    }

    pub(super) fn bump(&mut self, field: FieldId) {
        *self.0.entry(field).or_insert(0) += 1;
    }
}

/// The fields typed into a text box: the declaration's texts and the e-mail.
pub const TYPED_FIELDS: [FieldId; 6] = [
    FieldId::BhxhCode,
    FieldId::FullName,
    FieldId::PersonId,
    FieldId::Street,
    FieldId::Phone,
    FieldId::Email,
];

/// A registration kept on the device after its receipt. The personal data is not in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRegistration {
    /// The registration's id: with it anyone can read the status, so it is a secret.
    pub id: String,
    /// The applicant's secret for the declaration and the resubmission (the idempotency key
    /// the registration was sent with).
    pub secret: String,
    pub reference: String,
    pub office: String,
    pub status: RegistrationStatus,
    /// RFC 3339, UTC.
    pub received_at: String,
    /// When the status was last heard from the service (RFC 3339, UTC); `None`: only at the
    /// receipt.
    #[serde(default)]
    pub checked_at: Option<String>,
    /// The office's last decision, as last heard.
    #[serde(default)]
    pub decision: Option<DecisionSummary>,
}

/// The corrections being made.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fix {
    /// A new key for this resubmission (a retry sends the same one).
    pub idempotency_key: String,
    /// What the service holds; `None` while it is being fetched.
    pub declared: Option<DeclarationForm>,
    /// The declaration with the corrections typed so far.
    pub form: DeclarationForm,
    /// What the office asked for: the only fields and photos that open.
    pub asked: Vec<FieldId>,
    /// The new photos (only the slots asked for).
    pub photos: Photos,
    pub errors: FieldErrors,
    pub sending: bool,
}

impl Fix {
    /// Whether `field` may be changed (the commune goes with the province).
    pub fn editable(&self, field: FieldId) -> bool {
        self.asked.contains(&field)
            || (matches!(field, FieldId::Province | FieldId::Commune)
                && (self.asked.contains(&FieldId::Province)
                    || self.asked.contains(&FieldId::Commune)))
    }

    /// The changed fields, as the `declaration` part sends them.
    pub fn changes(&self) -> DeclarationChanges {
        let Some(declared) = &self.declared else {
            return DeclarationChanges::new();
        };
        FieldId::ALL
            .into_iter()
            .filter(|field| self.editable(*field) && !is_photo(*field))
            .filter_map(|field| {
                let now = self.form.get(field)?;
                (declared.get(field) != Some(now)).then(|| (field, now.to_string()))
            })
            .collect()
    }
}

/// "Hồ sơ của tôi": what is kept, which one is open, and the corrections under way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowUp {
    pub saved: Vec<SavedRegistration>,
    /// The id of the registration open on the status screen.
    pub open: Option<String>,
    /// A status (or the declaration) is being fetched.
    pub fetching: bool,
    /// Why the last fetch or resubmission failed (offline: the last known status stays).
    pub error: Option<FieldError>,
    pub fix: Option<Fix>,
}

impl FollowUp {
    /// The registration open on the status screen.
    pub fn opened(&self) -> Option<&SavedRegistration> {
        let id = self.open.as_deref()?;
        self.saved.iter().find(|s| s.id == id)
    }

    /// Every storage key the corrections' photos hold.
    pub fn storage_keys(&self) -> Vec<String> {
        self.fix
            .as_ref()
            .map(|fix| fix.photos.storage_keys())
            .unwrap_or_default()
    }
}
