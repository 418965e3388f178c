//! The registration flow as one state machine: `update(state, event) -> (state, effects)`.
//!
//! The state is plain data (it is what the draft saves); events are what a person or the
//! outside world did; effects are what the shell must do next (save the draft, process a
//! photo, submit, verify the OTP, move the focus). Nothing here performs I/O, so every
//! transition is tested as a table.

use crate::api::RegistrationRequest;
use crate::declaration::{Declaration, DeclarationForm};
use crate::directory::OfficeDirectory;
use crate::fields::{Email, FieldError, FieldErrors, FieldId, UnitDirectory};
use crate::lang::{Lang, Localized};
use crate::qr::offer::{CardFacts, QrOffer};
use serde::{Deserialize, Serialize};

mod consent;
pub use consent::{AfterReceipt, ConsentBox, ConsentGiven, ConsentState};

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
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 9] = [
        Step::Start,
        Step::Consent,
        Step::Declaration,
        Step::Photos,
        Step::Office,
        Step::Email,
        Step::Submitting,
        Step::Otp,
        Step::Receipt,
    ];

    /// The step a person comes back to with "Quay lại", if going back is allowed.
    pub fn previous(self) -> Option<Step> {
        match self {
            Step::Consent | Step::Declaration => Some(Step::Start),
            Step::Photos => Some(Step::Declaration),
            Step::Office => Some(Step::Photos),
            Step::Email => Some(Step::Office),
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
    fn storage_keys(&self) -> Vec<String> {
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

    fn bump(&mut self, field: FieldId) {
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

/// What the flow needs to know of the world to check its guards.
pub trait FlowContext {
    fn units(&self) -> &dyn UnitDirectory;
    /// The offices a registration may name (unknown, open, or closed with its successors).
    fn offices(&self) -> &dyn OfficeDirectory;
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// "Đăng ký tài khoản" on the Start screen.
    Begin,
    /// A field changed (declaration fields and the e-mail).
    Edit {
        field: FieldId,
        value: String,
    },
    /// The focus left a field: check it alone.
    Blur(FieldId),
    /// "Tiếp tục".
    Next,
    /// "Quay lại".
    Back,
    /// The shell staged a raw picture for `slot` under `staged_key` (camera or file).
    PhotoChosen {
        slot: PhotoSlot,
        staged_key: String,
    },
    /// The picture staged under `staged_key` was processed and stored as `photo`.
    PhotoProcessed {
        slot: PhotoSlot,
        staged_key: String,
        photo: PhotoRef,
    },
    /// The picture staged under `staged_key` could not be used.
    PhotoFailed {
        slot: PhotoSlot,
        staged_key: String,
        error: FieldError,
    },
    /// "Chọn" on an office.
    ChooseOffice(String),
    /// "Gửi" on the e-mail screen.
    Submit,
    SubmitSucceeded(Submission),
    SubmitFailed(SubmitFailure),
    OtpEdit(String),
    OtpSubmit,
    /// The code was right; the registration now has `status`.
    OtpAccepted {
        status: crate::api::RegistrationStatus,
    },
    OtpRejected {
        error: FieldError,
    },
    OtpResend,
    /// A new code was sent; the next resend is allowed in `wait_secs`.
    OtpResent {
        wait_secs: u32,
    },
    OtpResendFailed {
        error: FieldError,
    },
    /// One second passed (drives the resend countdown).
    Tick,
    SetLang(Lang),
    /// "Xóa bản nháp": forget everything and start again with a fresh key.
    Discard {
        new_idempotency_key: String,
    },
    DismissNotice,
    /// A card's QR was read (after an ID photo, or "Quét mã QR trên CCCD" on the Start
    /// screen, which then moves to the Declaration): offer to fill the declaration from it.
    /// A card that would change nothing is not offered.
    QrRead {
        card: Box<CardFacts>,
    },
    /// "Điền vào tờ khai" with these rows ticked (rows as in `QrOffer`: `Province` stands for
    /// the province and its commune). Only those fields change; the offer is closed.
    QrAccept {
        fields: Vec<FieldId>,
    },
    /// "Bỏ qua": the offer is closed, nothing changes.
    QrDismiss,
    /// A box of the Consent screen (or the guardian's, on the Declaration) was ticked or
    /// unticked.
    ConsentTick {
        which: ConsentBox,
        ticked: bool,
    },
    /// "Đồng ý và tiếp tục", at `at` (RFC 3339, UTC, the shell's clock): with both boxes
    /// ticked, the consent is recorded and the Declaration opens.
    ConsentAccept {
        at: String,
    },
    /// "Không đồng ý": nothing is collected; the screen says where else to register.
    ConsentDecline,
    /// "Rút lại đồng ý và xóa hồ sơ" on the Receipt: asks for confirmation.
    WithdrawAsk,
    /// The confirmation was cancelled.
    WithdrawCancel,
    /// The confirmation: the service is asked to delete the registration.
    WithdrawConfirm,
    Withdrawn,
    WithdrawFailed {
        error: FieldError,
    },
    /// "Tải dữ liệu của tôi" on the Receipt.
    DataRequest,
    DataReceived {
        json: String,
    },
    DataFailed {
        error: FieldError,
    },
    /// An ID photo had no readable card QR: nothing to offer, nothing changes.
    QrAbsent {
        slot: PhotoSlot,
    },
    /// "Quét mã QR trên CCCD" found no usable code: the reason is shown and the person types
    /// the declaration (from Start, moves to the Declaration).
    QrFailed {
        error: FieldError,
    },
}

/// What the shell must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Save this state as the draft.
    PersistDraft(Box<Registration>),
    /// Remove the saved draft.
    DeleteDraft,
    /// Remove these photos (staged or processed) from private storage.
    DeletePhotos(Vec<String>),
    /// Run the photo pipeline on the staged picture and answer with
    /// `PhotoProcessed` or `PhotoFailed`.
    ProcessPhoto { slot: PhotoSlot, staged_key: String },
    /// Submit; answer with `SubmitSucceeded` or `SubmitFailed`.
    Submit(Box<SubmitPayload>),
    /// Check the e-mail code; answer with `OtpAccepted` or `OtpRejected`.
    VerifyOtp {
        registration_id: String,
        code: String,
    },
    /// Ask for a new code; answer with `OtpResent` or `OtpResendFailed`.
    ResendOtp { registration_id: String },
    /// Move the keyboard focus to this field.
    Focus(FieldId),
    /// Look for the card's QR in this processed ID photo; answer with `QrRead` when a card
    /// was read, `QrAbsent` otherwise (the back of a chip CCCD has no QR: not an error).
    ReadCardQr { slot: PhotoSlot, key: String },
    /// Ask the service to delete the registration (the secret is the idempotency key it was
    /// sent with); answer with `Withdrawn` or `WithdrawFailed`.
    Withdraw {
        registration_id: String,
        secret: String,
    },
    /// Ask the service for a copy of what it holds; answer with `DataReceived` or
    /// `DataFailed`.
    FetchData {
        registration_id: String,
        secret: String,
    },
}

/// Messages of the flow itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FlowMessage {
    #[error("the code has 6 digits")]
    OtpIncomplete,
    #[error("choose a receiving office")]
    OfficeRequired,
    #[error("the office is not in the directory")]
    UnknownOffice,
    #[error("take or choose this photo")]
    PhotoRequired,
    #[error("wait for the photo to finish processing")]
    PhotoProcessing,
    #[error("the photo was not processed: take it again")]
    PhotoNotUsable,
}

impl Localized for FlowMessage {
    fn code(&self) -> &'static str {
        match self {
            FlowMessage::OtpIncomplete => "otp_incomplete",
            FlowMessage::OfficeRequired => "required",
            FlowMessage::UnknownOffice => "unknown_office",
            FlowMessage::PhotoRequired => "required",
            FlowMessage::PhotoProcessing => "photo_processing",
            FlowMessage::PhotoNotUsable => "photo_not_usable",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            FlowMessage::OtpIncomplete => (
                "Mã xác thực (OTP) gồm 6 chữ số",
                "The one-time code (OTP) has 6 digits",
            ),
            FlowMessage::OfficeRequired => (
                "Vui lòng chọn cơ quan BHXH tiếp nhận",
                "Please choose the receiving BHXH office",
            ),
            FlowMessage::UnknownOffice => (
                "Cơ quan BHXH này không có trong danh sách",
                "This office is not in the list",
            ),
            FlowMessage::PhotoRequired => (
                "Vui lòng chụp hoặc chọn ảnh này",
                "Please take or choose this photo",
            ),
            FlowMessage::PhotoProcessing => (
                "Ảnh đang được xử lý, vui lòng chờ",
                "The photo is still being processed, please wait",
            ),
            FlowMessage::PhotoNotUsable => (
                "Ảnh này không dùng được, vui lòng chụp lại",
                "This photo cannot be used, please take it again",
            ),
        };
        match lang {
            Lang::Vi => vi.into(),
            Lang::En => en.into(),
        }
    }
}

impl Registration {
    /// A new, empty registration at the Start screen.
    pub fn new(idempotency_key: impl Into<String>, lang: Lang) -> Registration {
        Registration {
            step: Step::Start,
            lang,
            idempotency_key: idempotency_key.into(),
            form: DeclarationForm::default(),
            errors: FieldErrors::new(),
            photos: Photos::default(),
            office: None,
            email: String::new(),
            submission: None,
            otp: OtpState::default(),
            notice: None,
            qr_card: None,
            rewrites: FieldRewrites::default(),
            consent: ConsentState::default(),
            after_receipt: AfterReceipt::default(),
        }
    }

    /// The text of a typed field (declaration texts and the e-mail).
    pub fn typed(&self, field: FieldId) -> Option<&str> {
        match field {
            FieldId::Email => Some(&self.email),
            _ => self.form.get(field),
        }
    }

    /// Tidies a typed field ([`crate::text::tidy`]): done when it is left and before its step
    /// is checked, never while it is being typed in.
    fn tidy(&mut self, field: FieldId) {
        let Some(value) = self.typed(field) else {
            return;
        };
        let tidy = crate::text::tidy(value);
        if tidy != value {
            match field {
                FieldId::Email => self.email = tidy,
                _ => {
                    self.form.set(field, tidy);
                }
            }
        }
    }

    /// The offer of the pending card against the form as it stands now (statuses follow
    /// what is typed after the card was read).
    pub fn qr_offer(&self, units: &dyn UnitDirectory) -> Option<QrOffer> {
        self.qr_card
            .as_ref()
            .map(|card| QrOffer::new(card, &self.form, units))
    }

    /// Whether anything was typed or chosen yet (a draft worth offering to resume).
    pub fn has_progress(&self) -> bool {
        self.step != Step::Start
            || self.form != DeclarationForm::default()
            || !self.photos.storage_keys().is_empty()
            || self.office.is_some()
            || !self.email.is_empty()
    }

    /// What the shell must do again after restoring this state from a draft: a photo that
    /// was being processed is processed again, a submission under way is sent again (with the
    /// same key, so it cannot be duplicated).
    pub fn resume_effects(&self, ctx: &dyn FlowContext) -> Vec<Effect> {
        let mut effects = Vec::new();
        for slot in PhotoSlot::ALL {
            if let PhotoState::Processing { staged_key } = self.photos.get(slot) {
                effects.push(Effect::ProcessPhoto {
                    slot,
                    staged_key: staged_key.clone(),
                });
            }
        }
        if self.step == Step::Submitting {
            if let Ok(payload) = self.payload(ctx) {
                effects.push(Effect::Submit(Box::new(payload)));
            }
        }
        effects
    }

    fn photo_keys(&self) -> Result<PhotoKeys, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut key = |slot: PhotoSlot| match self.photos.get(slot) {
            PhotoState::Ready(photo) => photo.key.clone(),
            PhotoState::Processing { .. } => {
                errors.insert(
                    slot.field(),
                    FieldError::from_localized(&FlowMessage::PhotoProcessing),
                );
                String::new()
            }
            PhotoState::Failed { .. } => {
                errors.insert(
                    slot.field(),
                    FieldError::from_localized(&FlowMessage::PhotoNotUsable),
                );
                String::new()
            }
            PhotoState::Empty => {
                errors.insert(
                    slot.field(),
                    FieldError::from_localized(&FlowMessage::PhotoRequired),
                );
                String::new()
            }
        };
        let keys = PhotoKeys {
            portrait: key(PhotoSlot::Portrait),
            id_front: key(PhotoSlot::IdFront),
            id_back: key(PhotoSlot::IdBack),
        };
        if errors.is_empty() {
            Ok(keys)
        } else {
            Err(errors)
        }
    }

    fn office_error(&self, ctx: &dyn FlowContext) -> Option<FieldError> {
        crate::api::check_office(self.office.as_deref().unwrap_or_default(), ctx.offices()).err()
    }

    fn email_error(&self) -> Option<FieldError> {
        Email::parse(&self.email)
            .err()
            .map(|e| FieldError::from_localized(&e))
    }

    /// The registration request of what was typed and chosen, as sent to the service before
    /// its values are normalized: the consent only with both boxes ticked.
    pub fn request(&self) -> RegistrationRequest {
        let ticked = self.consent.general && self.consent.id_images;
        RegistrationRequest {
            form: self.form.clone(),
            office: self.office.clone().unwrap_or_default(),
            email: self.email.clone(),
            lang: self.lang,
            consent: self.consent_record().filter(|_| ticked),
        }
    }

    /// Builds the submission from every step's data, or every error at once: the photos,
    /// and the rest by the one validation of a registration
    /// ([`RegistrationRequest::validate`], the service's own).
    pub fn payload(&self, ctx: &dyn FlowContext) -> Result<SubmitPayload, FieldErrors> {
        let mut errors = FieldErrors::new();
        let photos = self.photo_keys().map_err(|e| errors.extend(e)).ok();
        let valid = self
            .request()
            .validate(ctx.units(), ctx.offices())
            .map_err(|e| errors.extend(e))
            .ok();
        match (valid, photos) {
            (Some(valid), Some(photos)) if errors.is_empty() => Ok(SubmitPayload {
                idempotency_key: self.idempotency_key.clone(),
                declaration: valid.declaration,
                office: valid.office,
                email: valid.email,
                lang: valid.lang,
                photos,
                consent: valid.consent,
            }),
            _ => Err(errors),
        }
    }

    /// The errors that keep a person on `step`, all at once.
    fn step_errors(&self, step: Step, ctx: &dyn FlowContext) -> FieldErrors {
        match step {
            Step::Declaration => {
                let mut errors = self.form.validate(ctx.units()).err().unwrap_or_default();
                // The consent itself was given on its own screen: only what the Declaration
                // asks (date of birth, guardian) stops here.
                errors.extend(
                    self.consent_errors()
                        .into_iter()
                        .filter(|(field, _)| Step::of_field(*field) == Step::Declaration),
                );
                errors
            }
            Step::Photos => self.photo_keys().err().unwrap_or_default(),
            Step::Office => self
                .office_error(ctx)
                .map(|e| FieldErrors::from([(FieldId::Office, e)]))
                .unwrap_or_default(),
            Step::Email => self
                .email_error()
                .map(|e| FieldErrors::from([(FieldId::Email, e)]))
                .unwrap_or_default(),
            _ => FieldErrors::new(),
        }
    }

    /// Checks one field alone and returns its error, if any.
    fn field_error(&self, field: FieldId, ctx: &dyn FlowContext) -> Option<FieldError> {
        match field {
            FieldId::Email => self.email_error(),
            FieldId::Office => self.office_error(ctx),
            FieldId::Portrait | FieldId::IdFront | FieldId::IdBack => {
                self.photo_keys().err().and_then(|mut e| e.remove(&field))
            }
            FieldId::Consent
            | FieldId::DateOfBirth
            | FieldId::GuardianName
            | FieldId::GuardianRelation
            | FieldId::GuardianConsent => self.consent_errors().remove(&field),
            _ => self.form.check_field(field, ctx.units()),
        }
    }

    /// Shows `errors` (replacing those of their step), moves to the step of the first one and
    /// focuses it.
    fn show_errors(&mut self, errors: FieldErrors, effects: &mut Vec<Effect>) {
        let Some(first) = FieldId::ALL.into_iter().find(|f| errors.contains_key(f)) else {
            return;
        };
        self.step = Step::of_field(first);
        self.errors = errors;
        effects.push(Effect::Focus(first));
    }

    fn after_submission_keys(&self) -> Vec<String> {
        self.photos.storage_keys()
    }
}

/// The single transition function: the new state and what the shell must do.
///
/// Every change of state asks for the draft to be saved (except the resend countdown); the
/// end of the flow deletes the draft and the photos instead.
pub fn update(
    mut state: Registration,
    event: Event,
    ctx: &dyn FlowContext,
) -> (Registration, Vec<Effect>) {
    let mut before = state.clone();
    let mut effects = Vec::new();
    let mut persist = true;
    let typed_in = match &event {
        Event::Edit { field, .. } => Some(*field),
        _ => None,
    };
    // Nothing is typed, chosen or sent without consent to the current notice: such an event
    // brings the person to the Consent screen instead.
    let collects = matches!(
        event,
        Event::Edit { .. }
            | Event::Blur(_)
            | Event::Next
            | Event::PhotoChosen { .. }
            | Event::ChooseOffice(_)
            | Event::Submit
            | Event::QrAccept { .. }
    );
    if collects && state.step.needs_consent() && !state.has_consent() {
        if let Event::PhotoChosen { staged_key, .. } = event {
            effects.push(Effect::DeletePhotos(vec![staged_key]));
        }
        state.settle_consent();
        state.step = Step::Consent;
        let changed = state != before;
        if changed {
            effects.insert(0, Effect::PersistDraft(Box::new(state.clone())));
        }
        return (state, effects);
    }
    match event {
        Event::Begin => {
            if state.step == Step::Start {
                state.step = if state.has_consent() {
                    Step::Declaration
                } else {
                    Step::Consent
                };
            }
        }
        Event::Edit { field, value } => {
            let editable = match field {
                FieldId::Email => state.step == Step::Email,
                _ => matches!(state.step, Step::Declaration),
            };
            if editable {
                if field == FieldId::Email {
                    state.email = value;
                } else if state.set_consent_field(field, value.clone()) {
                    // Date of birth, guardian: kept with the consent.
                } else {
                    if field == FieldId::Province && state.form.province != value {
                        state.errors.remove(&FieldId::Commune);
                    }
                    state.form.set(field, value);
                }
                // An error already shown follows the value as it is corrected.
                if state.errors.contains_key(&field) {
                    match state.field_error(field, ctx) {
                        Some(e) => state.errors.insert(field, e),
                        None => state.errors.remove(&field),
                    };
                }
            }
        }
        Event::Blur(field) => {
            if TYPED_FIELDS.contains(&field) {
                state.tidy(field);
            }
            let typed = match field {
                FieldId::Email => !state.email.trim().is_empty(),
                _ => state
                    .form
                    .get(field)
                    .or_else(|| state.consent_field(field))
                    .is_some_and(|v| !v.trim().is_empty()),
            };
            if typed {
                match state.field_error(field, ctx) {
                    Some(e) => state.errors.insert(field, e),
                    None => state.errors.remove(&field),
                };
            }
        }
        Event::Next => match state.step {
            Step::Start => return update(state, Event::Begin, ctx),
            // The consent needs the time it was given: `ConsentAccept`.
            Step::Consent => {}
            Step::Declaration | Step::Photos | Step::Office => {
                for field in TYPED_FIELDS {
                    if Step::of_field(field) == state.step {
                        state.tidy(field);
                    }
                }
                let errors = state.step_errors(state.step, ctx);
                if errors.is_empty() {
                    state.errors.clear();
                    state.notice = None;
                    state.step = match state.step {
                        Step::Declaration => Step::Photos,
                        Step::Photos => Step::Office,
                        _ => Step::Email,
                    };
                } else {
                    state.show_errors(errors, &mut effects);
                }
            }
            Step::Email => return update(state, Event::Submit, ctx),
            Step::Otp => return update(state, Event::OtpSubmit, ctx),
            Step::Submitting | Step::Receipt => {}
        },
        Event::Back => {
            if let Some(previous) = state.step.previous() {
                state.step = previous;
                state.notice = None;
            }
        }
        Event::PhotoChosen { slot, staged_key } => {
            if state.step == Step::Photos {
                let old = std::mem::replace(
                    state.photos.get_mut(slot),
                    PhotoState::Processing {
                        staged_key: staged_key.clone(),
                    },
                );
                let stale = old.storage_keys();
                if !stale.is_empty() {
                    effects.push(Effect::DeletePhotos(stale));
                }
                state.errors.remove(&slot.field());
                effects.push(Effect::ProcessPhoto { slot, staged_key });
            } else {
                // Not expected here: the staged picture is not kept.
                effects.push(Effect::DeletePhotos(vec![staged_key]));
            }
        }
        // An answer counts only for the picture it was asked about: a late answer for a
        // picture replaced (or removed) since is dropped, and its result deleted.
        Event::PhotoProcessed {
            slot,
            staged_key,
            photo,
        } => {
            let awaited = matches!(
                state.photos.get(slot),
                PhotoState::Processing { staged_key: waiting } if *waiting == staged_key
            );
            if awaited {
                if staged_key != photo.key {
                    effects.push(Effect::DeletePhotos(vec![staged_key]));
                }
                if slot != PhotoSlot::Portrait {
                    effects.push(Effect::ReadCardQr {
                        slot,
                        key: photo.key.clone(),
                    });
                }
                *state.photos.get_mut(slot) = PhotoState::Ready(photo);
                state.errors.remove(&slot.field());
            } else if photo.key != staged_key {
                effects.push(Effect::DeletePhotos(vec![photo.key]));
            }
        }
        Event::PhotoFailed {
            slot,
            staged_key,
            error,
        } => {
            let awaited = matches!(
                state.photos.get(slot),
                PhotoState::Processing { staged_key: waiting } if *waiting == staged_key
            );
            if awaited {
                effects.push(Effect::DeletePhotos(vec![staged_key]));
                *state.photos.get_mut(slot) = PhotoState::Failed { error };
            }
        }
        Event::ChooseOffice(office) => {
            if state.step == Step::Office {
                state.office = Some(office);
                match state.office_error(ctx) {
                    Some(e) => state.errors.insert(FieldId::Office, e),
                    None => state.errors.remove(&FieldId::Office),
                };
            }
        }
        Event::Submit => {
            if state.step == Step::Email {
                state.tidy(FieldId::Email);
                match state.payload(ctx) {
                    Ok(payload) => {
                        state.errors.clear();
                        state.notice = None;
                        state.step = Step::Submitting;
                        effects.push(Effect::Submit(Box::new(payload)));
                    }
                    Err(errors) => state.show_errors(errors, &mut effects),
                }
            }
        }
        Event::SubmitSucceeded(submission) => {
            if state.step == Step::Submitting {
                // The photos are with the service now: remove them from the device.
                let keys = state.after_submission_keys();
                if !keys.is_empty() {
                    effects.push(Effect::DeletePhotos(keys));
                }
                state.photos = Photos::default();
                state.qr_card = None;
                state.submission = Some(submission);
                state.otp = OtpState::default();
                state.step = Step::Otp;
            }
        }
        Event::SubmitFailed(failure) => {
            if state.step == Step::Submitting {
                match failure {
                    SubmitFailure::Invalid { errors } if !errors.is_empty() => {
                        state.show_errors(errors, &mut effects);
                    }
                    SubmitFailure::Invalid { .. } => state.step = Step::Email,
                    SubmitFailure::Transient { message } | SubmitFailure::Rejected { message } => {
                        state.step = Step::Email;
                        state.notice = Some(Notice {
                            message,
                            is_error: true,
                        });
                    }
                }
            }
        }
        Event::OtpEdit(code) => {
            if state.step == Step::Otp {
                state.otp.code = code.chars().filter(char::is_ascii_digit).take(6).collect();
                state.otp.error = None;
            }
        }
        Event::OtpSubmit => {
            if state.step == Step::Otp && !state.otp.verifying {
                if state.otp.code.len() != 6 {
                    state.otp.error = Some(FieldError::from_localized(&FlowMessage::OtpIncomplete));
                } else if let Some(submission) = &state.submission {
                    state.otp.verifying = true;
                    state.otp.error = None;
                    effects.push(Effect::VerifyOtp {
                        registration_id: submission.id.clone(),
                        code: state.otp.code.clone(),
                    });
                }
            }
        }
        Event::OtpAccepted { status } => {
            if state.step == Step::Otp {
                if let Some(submission) = &mut state.submission {
                    submission.status = status;
                }
                state.otp = OtpState::default();
                state.step = Step::Receipt;
                persist = false;
                effects.push(Effect::DeleteDraft);
            }
        }
        Event::OtpRejected { error } => {
            if state.step == Step::Otp {
                state.otp.verifying = false;
                state.otp.error = Some(error);
            }
        }
        Event::OtpResend => {
            if state.step == Step::Otp && state.otp.resend_wait_secs == 0 && !state.otp.resending {
                if let Some(submission) = &state.submission {
                    state.otp.resending = true;
                    effects.push(Effect::ResendOtp {
                        registration_id: submission.id.clone(),
                    });
                }
            }
        }
        Event::OtpResent { wait_secs } => {
            state.otp.resending = false;
            state.otp.resend_wait_secs = wait_secs;
            state.otp.error = None;
        }
        Event::OtpResendFailed { error } => {
            state.otp.resending = false;
            state.otp.error = Some(error);
        }
        Event::Tick => {
            state.otp.resend_wait_secs = state.otp.resend_wait_secs.saturating_sub(1);
            persist = false;
        }
        Event::SetLang(lang) => state.lang = lang,
        Event::Discard {
            new_idempotency_key,
        } => {
            let keys = state.photos.storage_keys();
            if !keys.is_empty() {
                effects.push(Effect::DeletePhotos(keys));
            }
            let rewrites = std::mem::take(&mut state.rewrites);
            state = Registration::new(new_idempotency_key, state.lang);
            state.rewrites = rewrites;
            persist = false;
            effects.push(Effect::DeleteDraft);
        }
        Event::DismissNotice => state.notice = None,
        Event::QrRead { card } => {
            if state.step.accepts_a_card() {
                if matches!(state.step, Step::Start | Step::Consent) {
                    // The card waits (in memory only) for the consent.
                    state.step = if state.has_consent() {
                        Step::Declaration
                    } else {
                        Step::Consent
                    };
                }
                let offer = QrOffer::new(&card, &state.form, ctx.units());
                state.qr_card = offer.has_changes().then_some(*card);
            }
        }
        Event::QrAccept { fields } => {
            if matches!(state.step, Step::Declaration | Step::Photos) {
                if let Some(offer) = state.qr_offer(ctx.units()) {
                    if let Some(card) = state.qr_card.take() {
                        let changed = offer.apply(&card, &fields, &mut state.form);
                        // Errors already shown follow the new values.
                        for field in changed {
                            if state.errors.contains_key(&field) {
                                match state.field_error(field, ctx) {
                                    Some(e) => state.errors.insert(field, e),
                                    None => state.errors.remove(&field),
                                };
                            }
                        }
                    }
                }
            }
        }
        Event::QrDismiss => state.qr_card = None,
        Event::ConsentTick { which, ticked } => match which {
            ConsentBox::General | ConsentBox::IdImages if state.step == Step::Consent => {
                if which == ConsentBox::General {
                    state.consent.general = ticked;
                } else {
                    state.consent.id_images = ticked;
                }
                state.consent.declined = false;
                // Unticking takes the consent back.
                if !ticked {
                    state.consent.given = None;
                }
                state.errors.remove(&FieldId::Consent);
            }
            ConsentBox::Guardian if state.step == Step::Declaration && state.has_consent() => {
                state.consent.guardian.accepted = ticked;
                if state.errors.contains_key(&FieldId::GuardianConsent) {
                    match state.field_error(FieldId::GuardianConsent, ctx) {
                        Some(e) => state.errors.insert(FieldId::GuardianConsent, e),
                        None => state.errors.remove(&FieldId::GuardianConsent),
                    };
                }
            }
            _ => {}
        },
        Event::ConsentAccept { at } => {
            if state.step == Step::Consent {
                if state.consent.general && state.consent.id_images {
                    state.consent.given = Some(ConsentGiven {
                        notice_version: crate::consent::NOTICE_VERSION.to_string(),
                        accepted_at: at,
                    });
                    state.consent.declined = false;
                    state.errors.remove(&FieldId::Consent);
                    state.step = Step::Declaration;
                } else {
                    state.show_errors(
                        FieldErrors::from([(
                            FieldId::Consent,
                            FieldError::from_localized(&crate::consent::ConsentError::Missing),
                        )]),
                        &mut effects,
                    );
                }
            }
        }
        Event::ConsentDecline => {
            if state.step == Step::Consent {
                state.consent.declined = true;
                state.consent.given = None;
                state.consent.general = false;
                state.consent.id_images = false;
            }
        }
        Event::WithdrawAsk => {
            if state.step == Step::Receipt && !state.after_receipt.withdrawn {
                state.after_receipt.confirming_withdrawal = true;
                state.after_receipt.error = None;
            }
        }
        Event::WithdrawCancel => state.after_receipt.confirming_withdrawal = false,
        Event::WithdrawConfirm => {
            let receipt = &mut state.after_receipt;
            if state.step == Step::Receipt && receipt.confirming_withdrawal && !receipt.withdrawing
            {
                if let Some(submission) = &state.submission {
                    receipt.withdrawing = true;
                    receipt.error = None;
                    effects.push(Effect::Withdraw {
                        registration_id: submission.id.clone(),
                        secret: state.idempotency_key.clone(),
                    });
                }
            }
        }
        Event::Withdrawn => {
            let receipt = &mut state.after_receipt;
            receipt.withdrawing = false;
            receipt.confirming_withdrawal = false;
            receipt.withdrawn = true;
            receipt.data = None;
        }
        Event::WithdrawFailed { error } => {
            state.after_receipt.withdrawing = false;
            state.after_receipt.error = Some(error);
        }
        Event::DataRequest => {
            let receipt = &mut state.after_receipt;
            if state.step == Step::Receipt && !receipt.withdrawn && !receipt.fetching_data {
                if let Some(submission) = &state.submission {
                    receipt.fetching_data = true;
                    receipt.error = None;
                    effects.push(Effect::FetchData {
                        registration_id: submission.id.clone(),
                        secret: state.idempotency_key.clone(),
                    });
                }
            }
        }
        Event::DataReceived { json } => {
            state.after_receipt.fetching_data = false;
            state.after_receipt.data = Some(json);
        }
        Event::DataFailed { error } => {
            state.after_receipt.fetching_data = false;
            state.after_receipt.error = Some(error);
        }
        Event::QrAbsent { .. } => {}
        Event::QrFailed { error } => {
            if state.step.accepts_a_card() {
                if state.step == Step::Start {
                    state.step = if state.has_consent() {
                        Step::Declaration
                    } else {
                        Step::Consent
                    };
                }
                state.notice = Some(Notice {
                    message: error,
                    is_error: true,
                });
            }
        }
    }
    // A typed field changed by anything but typing in it: the shell writes it into its box.
    for field in TYPED_FIELDS {
        if typed_in != Some(field) && state.typed(field) != before.typed(field) {
            state.rewrites.bump(field);
        }
    }
    // The pending card and the rewrite counts are not part of the draft: a change of them
    // alone is not saved.
    let card = state.qr_card.take();
    let rewrites = std::mem::take(&mut state.rewrites);
    before.qr_card = None;
    before.rewrites = FieldRewrites::default();
    let draft_changed = state != before;
    state.qr_card = card;
    state.rewrites = rewrites;
    if persist && draft_changed && state.step != Step::Receipt {
        effects.insert(0, Effect::PersistDraft(Box::new(state.clone())));
    }
    (state, effects)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod consent_tests;
