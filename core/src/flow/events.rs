//! What reaches the flow (events, and the context it checks its guards against) and what
//! it asks of the shell (effects).

use super::consent::*;

use super::state::*;
use crate::directory::OfficeDirectory;
use crate::fields::{FieldError, FieldId, UnitDirectory};
use crate::lang::Lang;
use crate::qr::offer::CardFacts;

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
    /// "Rút lại đồng ý và xóa hồ sơ" on the Receipt or on a kept registration's status
    /// screen: asks for confirmation.
    WithdrawAsk,
    /// The confirmation was cancelled.
    WithdrawCancel,
    /// The confirmation: the service is asked to delete the registration.
    WithdrawConfirm,
    /// The service deleted the registration `registration_id`.
    Withdrawn {
        registration_id: String,
    },
    WithdrawFailed {
        error: FieldError,
    },
    /// "Tải dữ liệu của tôi" on the Receipt or on a kept registration's status screen.
    DataRequest,
    DataReceived {
        json: String,
    },
    DataFailed {
        error: FieldError,
    },
    /// "Lưu tờ khai (PDF)" on the Receipt: the service is asked for the tờ khai.
    DeclarationPdfRequest,
    DeclarationPdfReceived {
        pdf: Vec<u8>,
    },
    DeclarationPdfFailed {
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
    /// A registration of "Hồ sơ của tôi" was opened from the Start screen.
    OpenSaved {
        id: String,
    },
    /// "Cập nhật trạng thái" on the status screen.
    RefreshStatus,
    /// The service answered the status at `at` (RFC 3339, UTC, the shell's clock).
    StatusFetched {
        state: crate::api::RegistrationState,
        at: String,
    },
    /// No status could be heard (offline): the last known one stays, with its time.
    StatusFetchFailed {
        error: FieldError,
    },
    /// "Sửa và gửi lại": the declaration is fetched; the resubmission will carry this new key.
    FixStart {
        idempotency_key: String,
    },
    DeclarationFetched(Box<crate::api::DeclaredRegistration>),
    DeclarationFetchFailed {
        error: FieldError,
    },
    /// The service took the corrections: the registration's new state.
    Resubmitted(crate::api::RegistrationState),
    ResubmitFailed(SubmitFailure),
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
    /// Ask the service for the tờ khai as a PDF (behind the same secret as the data: it holds
    /// the whole declaration); answer with `DeclarationPdfReceived` or `DeclarationPdfFailed`.
    FetchDeclarationPdf {
        registration_id: String,
        secret: String,
    },
    /// Keep these registrations on the device ("Hồ sơ của tôi"), replacing what was kept.
    SaveRegistrations(Vec<SavedRegistration>),
    /// Ask the service for the status; answer with `StatusFetched` or `StatusFetchFailed`.
    FetchStatus { registration_id: String },
    /// Ask for what was declared; answer with `DeclarationFetched` or
    /// `DeclarationFetchFailed`.
    FetchDeclaration {
        registration_id: String,
        secret: String,
    },
    /// Send the corrections; answer with `Resubmitted` or `ResubmitFailed`.
    Resubmit(Box<ResubmitPayload>),
}

/// What a resubmission sends: only what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResubmitPayload {
    pub registration_id: String,
    pub secret: String,
    /// A new key for this resubmission.
    pub idempotency_key: String,
    /// The changed fields (the `declaration` part; not sent when empty).
    pub changes: crate::api::DeclarationChanges,
    /// The new photos: each slot and the storage key of its processed JPEG.
    pub photos: Vec<(PhotoSlot, String)>,
}
