//! Every string the interface shows, in Vietnamese and English, in one catalogue.
//!
//! Components never hold literal text: they name a [`Text`] and ask for it in the current
//! language. Messages of the core (field errors, draft errors) come with both languages
//! already and are shown with `FieldError::message(lang)`.

use vssid_core::api::{BaseUrlError, RegistrationStatus};
use vssid_core::fields::FieldError;
use vssid_core::Lang;

/// A string of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Text {
    AppTitle,
    AppSubtitle,
    PageTitle,
    SwitchLanguage,
    SwitchLanguageLabel,
    // Start
    StartHeading,
    StartIntro,
    StartPrepareHeading,
    PrepareIdPhotos,
    PreparePortrait,
    PrepareBhxhCode,
    PreparePhone,
    StartButton,
    ResumeHeading,
    ResumeBody,
    ResumeButton,
    DraftRestored,
    DraftExpired,
    Unofficial,
    // Common
    Back,
    Continue,
    Required,
    DiscardDraft,
    DiscardConfirm,
    DiscardYes,
    DiscardNo,
    Dismiss,
    StepDeclaration,
    StepPhotos,
    StepOffice,
    StepEmail,
    // Declaration
    DeclarationHeading,
    DeclarationIntro,
    BhxhCode,
    BhxhCodeHint,
    FullName,
    PersonId,
    PersonIdHint,
    AddressLegend,
    Province,
    Commune,
    Street,
    Phone,
    PhoneHint,
    ChooseProvince,
    ChooseCommune,
    ChooseProvinceFirst,
    SearchPlaceholder,
    NoMatch,
    MoreResults,
    // Photos
    PhotosHeading,
    PhotosIntro,
    PhotosKeptHere,
    PhotoPortrait,
    PhotoIdFront,
    PhotoIdBack,
    ChoosePhoto,
    RetakePhoto,
    TakeWithCamera,
    PhotoProcessing,
    PhotoReady,
    PhotoEmpty,
    PhotoPreviewAlt,
    PhotoUnreadable,
    PhotoMissing,
    // Office
    OfficeHeading,
    OfficeIntro,
    OfficeSearch,
    OfficeSuggested,
    OfficeAll,
    OfficeChoose,
    OfficeSelected,
    OfficeChosenLabel,
    // Email
    EmailHeading,
    OfficeCardHeading,
    OfficeCardOffice,
    OfficeCardPhone,
    OfficeCardAddress,
    OfficeCardCode,
    OfficeCodeUnconfirmed,
    OfficeOldValue,
    EmailSendHeading,
    EmailLabel,
    EmailNote,
    Send,
    NotGiven,
    // Submitting
    SubmittingHeading,
    SubmittingBody,
    // OTP
    OtpHeading,
    OtpIntro,
    OtpLabel,
    OtpConfirm,
    OtpChecking,
    OtpResend,
    OtpResending,
    // Receipt
    ReceiptHeadingReceived,
    ReceiptHeadingConfirmed,
    ReceiptHeadingApproved,
    ReceiptHeadingRejected,
    ReceiptHeadingWithdrawn,
    ReceiptHeadingInReview,
    ReceiptHeadingChangesRequested,
    ReceiptHeadingResubmitted,
    ReceiptHeadingExpired,
    ReceiptBodyInReview,
    ReceiptBodyChangesRequested,
    ReceiptBodyResubmitted,
    ReceiptBodyExpired,
    ReceiptNextFixAndResend,
    ReceiptBodyReceived,
    ReceiptBodyConfirmed,
    ReceiptBodyApproved,
    ReceiptBodyRejected,
    ReceiptBodyWithdrawn,
    ReceiptReference,
    ReceiptOffice,
    ReceiptStatus,
    ReceiptSentAt,
    ReceiptNextHeading,
    ReceiptNextConfirmEmail,
    ReceiptNextReview,
    ReceiptNextAccountIssued,
    ReceiptNextLogIn,
    ReceiptNextAskOffice,
    ReceiptNextNewRegistration,
    ReceiptNextCall,
    ReceiptHotlineScope,
    ReceiptNotesHeading,
    ReceiptNoteAccount,
    ReceiptNotePhone,
    NewRegistration,
    SaveDeclarationPdf,
    FetchingDeclarationPdf,
    DeclarationPdfReady,
    // Consent, the guardian's consent and the rights on the receipt
    ConsentHeading,
    ConsentIntro,
    ConsentSummaryHeading,
    ConsentFullText,
    ConsentFromService,
    ConsentBuiltIn,
    ConsentLegend,
    ConsentGeneral,
    ConsentIdImages,
    ConsentForYoungChild,
    ConsentAccept,
    ConsentDecline,
    DeclinedHeading,
    DeclinedBody,
    DeclinedOfficialApp,
    DeclinedWebsite,
    DeclinedHotline,
    DateOfBirth,
    DateOfBirthHint,
    GuardianHeading,
    GuardianIntroChild,
    GuardianIntroYoungChild,
    GuardianName,
    GuardianRelation,
    GuardianChoose,
    GuardianConsent,
    RightsHeading,
    RightsIntro,
    DownloadData,
    DownloadingData,
    DataReady,
    SaveData,
    Withdraw,
    WithdrawConfirmHeading,
    WithdrawConfirmBody,
    WithdrawYes,
    WithdrawNo,
    Withdrawing,
    WithdrawnHeading,
    WithdrawnBody,
    RightsOtherChannels,
    // Shell notices
    DraftSaveFailed,
    // The reception service
    DemoBanner,
    ReceptionMissing,
    ReceptionRefused,
    NotSentNoReception,
    NotSentAddressRefused,
    // About
    AboutLink,
    AboutHeading,
    AboutWhat,
    AboutPublisher,
    AboutSource,
    AboutVersion,
    AboutOfficeData,
    AboutOfficeDataVersion,
    AboutOfficeDataDate,
    AboutOfficeDataBuiltIn,
    AboutOfficeDataServed,
    AboutBackendHeading,
    AboutBackendBuiltIn,
    AboutBackendMissing,
    AboutBackendRefused,
    AboutOfficialHeading,
    AboutOfficialWebsite,
    AboutHotline,
    AboutOfficialApp,
    AboutGooglePlay,
    AboutAppStore,
    AboutClose,
    // QR
    QrOfferHeading,
    QrOfferIntro,
    QrOfferCard,
    QrOfferTyped,
    QrOfferDiffers,
    QrOfferWillFill,
    QrOfferSame,
    QrOfferUnits,
    QrOfferFill,
    QrOfferSkip,
    QrScanButton,
    QrScanHint,
    QrScanFileFailed,
    QrScanReading,
    // Camera
    CameraRetake,
    CameraShoot,
    CameraShootLabel,
    CameraSwitch,
    CameraCancel,
    CameraStarting,
    CameraCapturing,
    CameraVideoLabel,
    CameraGuidePortrait,
    CameraGuideCard,
    CameraCaptureFailed,
    CameraUnsupported,
    CameraInsecure,
    CameraDenied,
    CameraNotFound,
    CameraBusy,
    CameraFailed,
    CameraUseFile,
    PhotoRetakeAdvice,
    PhotoProcessingSteps,
    PhotoProcessingFailed,
    // "Hồ sơ của tôi"
    MyRegistrationsHeading,
    MyRegistrationsOpen,
    TrackingHeading,
    TrackingMeaning,
    TrackingNext,
    TrackingRefresh,
    TrackingRefreshing,
    TrackingCheckedAt,
    TrackingNotChecked,
    TrackingWhy,
    TrackingToFix,
    TrackingNote,
    TrackingFix,
    TrackingBack,
    FixHeading,
    FixIntro,
    FixReadOnly,
    FixSend,
    FixSending,
    FixLoading,
}

impl Text {
    /// An error with `code` and this text's words in both languages.
    pub fn error(self, code: &str) -> FieldError {
        FieldError {
            code: code.into(),
            vi: self.get(Lang::Vi).into(),
            en: self.get(Lang::En).into(),
        }
    }

    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        let (vi, en) = self.both();
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// The Vietnamese and English strings.
    pub fn both(self) -> (&'static str, &'static str) {
        use Text::*;
        match self {
            AppTitle => ("Đăng ký tài khoản VssID", "VssID account registration"),
            AppSubtitle => (
                "Ứng dụng hỗ trợ đăng ký (không chính thức)",
                "Registration helper (unofficial)",
            ),
            PageTitle => (
                "Đăng ký tài khoản VssID — ứng dụng hỗ trợ (không chính thức)",
                "VssID account registration — helper app (unofficial)",
            ),
            SwitchLanguage => ("English", "Tiếng Việt"),
            SwitchLanguageLabel => ("Chuyển sang tiếng Anh", "Switch to Vietnamese"),
            StartHeading => ("Đăng ký tài khoản", "Register an account"),
            StartIntro => (
                "VssID là ứng dụng Bảo hiểm xã hội số của BHXH Việt Nam. Ứng dụng này giúp bạn kê khai và gửi hồ sơ đăng ký tài khoản VssID.",
                "VssID is the digital social insurance app of Vietnam Social Security (BHXH). This app helps you fill in and send your VssID account registration.",
            ),
            StartPrepareHeading => ("Chuẩn bị trước", "Have these ready"),
            PrepareIdPhotos => (
                "Ảnh chụp mặt trước và mặt sau của thẻ căn cước (CCCD), CMND hoặc hộ chiếu",
                "Photos of the front and back of your ID card (CCCD/CMND) or passport",
            ),
            PreparePortrait => ("Ảnh chân dung", "A portrait photo"),
            PrepareBhxhCode => (
                "Mã BHXH (10 số cuối trên thẻ BHYT) hoặc số định danh cá nhân 12 số",
                "Your BHXH code (the last 10 digits on the health-insurance card) or your 12-digit personal ID",
            ),
            PreparePhone => (
                "Số điện thoại đang hoạt động của chính bạn (cơ quan BHXH gửi thông tin tài khoản tới số này)",
                "Your own working phone number (BHXH sends the account details to it)",
            ),
            StartButton => ("Đăng ký tài khoản", "Register an account"),
            ResumeHeading => ("Bạn có một bản nháp chưa gửi", "You have an unsent draft"),
            ResumeBody => (
                "Thông tin đã nhập được lưu trên máy này. Bạn có thể tiếp tục hoặc xóa để làm lại từ đầu.",
                "What you typed is saved on this device. You can go on or discard it and start again.",
            ),
            ResumeButton => ("Tiếp tục điền hồ sơ", "Continue filling in the registration"),
            DraftRestored => (
                "Đã mở lại bản nháp bạn đang làm dở.",
                "Your unfinished draft was restored.",
            ),
            DraftExpired => (
                "Bản nháp chưa gửi đã quá 30 ngày nên đã được xóa cùng ảnh khỏi máy này. Vui lòng làm lại từ đầu.",
                "Your unsent draft was more than 30 days old, so it and its photos were deleted from this device. Please start again.",
            ),
            Unofficial => (
                "Ứng dụng không chính thức, không thuộc BHXH Việt Nam. Hồ sơ được gửi tới máy chủ tiếp nhận do bên vận hành ứng dụng thiết lập, không phải hệ thống của BHXH Việt Nam.",
                "Unofficial app, not made by Vietnam Social Security. Registrations go to a reception service set up by whoever runs this app, not to a system of Vietnam Social Security.",
            ),
            Back => ("Quay lại", "Back"),
            Continue => ("Tiếp tục", "Continue"),
            Required => ("(bắt buộc)", "(required)"),
            DiscardDraft => ("Xóa bản nháp", "Discard draft"),
            DiscardConfirm => (
                "Xóa toàn bộ thông tin và ảnh đã nhập? Không thể hoàn tác.",
                "Delete everything you typed and every photo? This cannot be undone.",
            ),
            DiscardYes => ("Xóa", "Delete"),
            DiscardNo => ("Hủy", "Cancel"),
            Dismiss => ("Đóng", "Dismiss"),
            StepDeclaration => ("Tờ khai", "Declaration"),
            StepPhotos => ("Ảnh", "Photos"),
            StepOffice => ("Cơ quan BHXH", "BHXH office"),
            StepEmail => ("Email", "E-mail"),
            DeclarationHeading => ("Tờ khai đăng ký", "Registration form"),
            DeclarationIntro => (
                "Các mục đánh dấu * là bắt buộc.",
                "Fields marked * are required.",
            ),
            BhxhCode => ("Mã BHXH", "BHXH code"),
            BhxhCodeHint => (
                "10 số cuối trên thẻ BHYT, hoặc số định danh cá nhân 12 số",
                "The last 10 digits on the health-insurance card, or the 12-digit personal ID",
            ),
            FullName => ("Họ và tên", "Full name"),
            PersonId => ("Số CCCD/Hộ chiếu/CMND", "ID card / passport number"),
            PersonIdHint => (
                "CCCD 12 số, CMND 9 hoặc 12 số, hộ chiếu 1 chữ cái và 7 số",
                "CCCD 12 digits, CMND 9 or 12 digits, passport one letter and 7 digits",
            ),
            AddressLegend => ("Địa chỉ liên hệ", "Contact address"),
            Province => ("Tỉnh - TP", "Province / city"),
            Commune => ("Phường/Xã/Đặc khu", "Ward / commune / special zone"),
            Street => (
                "Số nhà, tên đường, tổ/xóm, khu phố/thôn/ấp/bản",
                "House number, street, neighbourhood or hamlet",
            ),
            Phone => ("Số điện thoại", "Phone number"),
            PhoneHint => (
                "Số di động của chính bạn; BHXH gửi thông tin tài khoản tới số này",
                "Your own mobile number; BHXH sends the account details to it",
            ),
            ChooseProvince => ("Chọn tỉnh/thành phố", "Choose a province"),
            ChooseCommune => (
                "Chọn phường/xã/đặc khu",
                "Choose a ward, commune or special zone",
            ),
            ChooseProvinceFirst => ("Chọn tỉnh/thành phố trước", "Choose the province first"),
            SearchPlaceholder => ("Tìm kiếm", "Search"),
            NoMatch => ("Không tìm thấy kết quả", "Nothing matches"),
            MoreResults => (
                "Gõ thêm để thu hẹp danh sách",
                "Type more to narrow the list",
            ),
            PhotosHeading => ("Ảnh chân dung và giấy tờ", "Portrait and ID photos"),
            PhotosIntro => (
                "Chụp rõ nét, đủ sáng, không bị lóa, thấy đủ bốn góc giấy tờ.",
                "Take sharp, well-lit photos without glare, with all four corners of the card visible.",
            ),
            PhotosKeptHere => (
                "Ảnh chỉ được lưu trên máy này và tự xóa sau khi gửi hồ sơ hoặc sau 30 ngày.",
                "Photos are kept only on this device and deleted after sending or after 30 days.",
            ),
            PhotoPortrait => ("Ảnh cá nhân", "Portrait photo"),
            PhotoIdFront => ("Ảnh CCCD/CMND/HC mặt trước", "ID card / passport, front"),
            PhotoIdBack => ("Ảnh CCCD/CMND/HC mặt sau", "ID card / passport, back"),
            ChoosePhoto => ("Chọn ảnh", "Choose a photo"),
            RetakePhoto => ("Chọn lại ảnh", "Replace the photo"),
            TakeWithCamera => ("Chụp ảnh", "Take a photo"),
            PhotoProcessing => ("Đang xử lý ảnh…", "Processing the photo…"),
            PhotoReady => ("Đã có ảnh", "Photo ready"),
            PhotoEmpty => ("Chưa có ảnh", "No photo yet"),
            PhotoPreviewAlt => ("Ảnh xem trước", "Preview"),
            PhotoUnreadable => (
                "Tệp này không phải ảnh JPEG, PNG, WebP hoặc GIF",
                "This file is not a JPEG, PNG, WebP or GIF picture",
            ),
            PhotoMissing => (
                "Không tìm thấy ảnh đã lưu, vui lòng chọn lại",
                "The saved photo was not found, please choose it again",
            ),
            OfficeHeading => ("Cơ quan BHXH tiếp nhận", "Receiving BHXH office"),
            OfficeIntro => (
                "Chọn cơ quan BHXH sẽ tiếp nhận hồ sơ của bạn.",
                "Choose the BHXH office that will handle your registration.",
            ),
            OfficeSearch => ("Tìm kiếm", "Search"),
            OfficeSuggested => ("Gợi ý theo địa chỉ của bạn", "Suggested for your address"),
            OfficeAll => ("Tất cả cơ quan BHXH", "All BHXH offices"),
            OfficeChoose => ("Chọn", "Choose"),
            OfficeSelected => ("Đã chọn", "Selected"),
            OfficeChosenLabel => ("Cơ quan BHXH tiếp nhận", "Receiving BHXH office"),
            EmailHeading => ("Gửi email tờ khai", "E-mail for the declaration"),
            OfficeCardHeading => ("Cơ quan BHXH tiếp nhận", "Receiving BHXH office"),
            OfficeCardOffice => ("Cơ quan BHXH", "BHXH office"),
            OfficeCardPhone => ("Số điện thoại", "Phone"),
            OfficeCardAddress => ("Địa chỉ", "Address"),
            OfficeCardCode => ("Mã cơ quan", "Office code"),
            OfficeCodeUnconfirmed => (
                "chưa xác nhận: suy ra từ mã tỉnh, chưa có nguồn chính thức",
                "unconfirmed: inferred from the province code, no official source found",
            ),
            OfficeOldValue => (
                "thông tin từ trước 1/7/2025, chưa tìm được thông tin mới",
                "known only from before 1 July 2025; no newer one found",
            ),
            EmailSendHeading => ("Gửi email tờ khai", "Send the declaration by e-mail"),
            EmailLabel => ("Nhập địa chỉ email của bạn", "Your e-mail address"),
            EmailNote => (
                "Email này để nhận tờ khai và được sử dụng để giao dịch, nhận thông tin từ cơ quan BHXH",
                "This e-mail receives the declaration and is used for dealings with, and messages from, the BHXH office",
            ),
            Send => ("Gửi", "Send"),
            NotGiven => ("—", "—"),
            SubmittingHeading => ("Đang gửi hồ sơ…", "Sending your registration…"),
            SubmittingBody => (
                "Vui lòng không đóng ứng dụng. Nếu mất kết nối, hồ sơ sẽ được gửi lại mà không bị trùng.",
                "Please keep the app open. If the connection drops, it is sent again without making a duplicate.",
            ),
            OtpHeading => ("Xác nhận email", "Confirm your e-mail"),
            OtpIntro => (
                "Mã xác thực (OTP) gồm 6 chữ số đã được gửi tới email của bạn.",
                "A 6-digit one-time code (OTP) was sent to your e-mail address.",
            ),
            OtpLabel => ("Mã xác thực (OTP)", "One-time code (OTP)"),
            OtpConfirm => ("Xác nhận", "Confirm"),
            OtpChecking => ("Đang kiểm tra…", "Checking…"),
            OtpResend => ("Gửi lại mã", "Send a new code"),
            OtpResending => ("Đang gửi lại mã…", "Sending a new code…"),
            ReceiptHeadingReceived => (
                "Hồ sơ chưa được gửi tới cơ quan BHXH",
                "Registration not yet sent to the BHXH office",
            ),
            ReceiptHeadingConfirmed => (
                "Đã gửi hồ sơ tới cơ quan BHXH",
                "Registration sent to the BHXH office",
            ),
            ReceiptHeadingApproved => ("Hồ sơ đã được duyệt", "Registration approved"),
            ReceiptHeadingRejected => ("Hồ sơ không được chấp nhận", "Registration refused"),
            ReceiptHeadingWithdrawn => ("Hồ sơ đã được rút lại", "Registration withdrawn"),
            ReceiptHeadingInReview => (
                "Cơ quan BHXH đang xem xét hồ sơ",
                "The BHXH office is reviewing the registration",
            ),
            ReceiptHeadingChangesRequested => (
                "Cơ quan BHXH đề nghị bổ sung hồ sơ",
                "The BHXH office asks for corrections",
            ),
            ReceiptHeadingResubmitted => (
                "Đã gửi lại hồ sơ đã bổ sung",
                "Corrected registration sent again",
            ),
            ReceiptHeadingExpired => ("Hồ sơ đã hết hạn", "Registration expired"),
            ReceiptBodyInReview => (
                "Một cán bộ của cơ quan BHXH bạn chọn đã mở hồ sơ và đang xem xét; cơ quan chưa quyết định.",
                "Someone at the BHXH office you chose has opened the registration and is reviewing it; the office has not decided yet.",
            ),
            ReceiptBodyChangesRequested => (
                "Cơ quan BHXH chưa duyệt hồ sơ: cần sửa hoặc bổ sung một số thông tin hay ảnh trước khi xem xét tiếp.",
                "The BHXH office has not approved the registration: some information or photos must be corrected before it looks again.",
            ),
            ReceiptBodyResubmitted => (
                "Hồ sơ đã bổ sung đã được gửi lại tới cơ quan BHXH và chờ xem xét lại.",
                "The corrected registration was sent to the BHXH office again and waits to be reviewed.",
            ),
            ReceiptBodyExpired => (
                "Email không được xác thực kịp thời nên hồ sơ không được gửi tới cơ quan BHXH và đã bị xóa khỏi máy chủ tiếp nhận.",
                "The e-mail address was not confirmed in time, so the registration never went to the BHXH office and was deleted from the reception service.",
            ),
            ReceiptNextFixAndResend => (
                "Sửa những mục cơ quan BHXH nêu rồi gửi lại hồ sơ; xem email của cơ quan để biết lý do.",
                "Correct what the BHXH office named and send the registration again; its e-mail gives the reason.",
            ),
            ReceiptBodyWithdrawn => (
                "Bạn đã rút lại đồng ý: dữ liệu cá nhân và ảnh của hồ sơ đã bị xóa khỏi máy chủ tiếp nhận; chỉ còn mã hồ sơ, cơ quan và ngày tháng.",
                "You withdrew your consent: the personal data and photos of this registration were deleted from the reception service; only its reference, office and dates remain.",
            ),
            ReceiptNextNewRegistration => (
                "Muốn đăng ký lại, hãy lập hồ sơ mới.",
                "To register again, make a new registration.",
            ),
            ReceiptBodyReceived => (
                "Hồ sơ đã được lưu trên máy chủ tiếp nhận nhưng chưa được gửi tới cơ quan BHXH, vì email chưa được xác thực.",
                "The registration is stored by the reception service but not yet sent to the BHXH office, because the e-mail address is not confirmed.",
            ),
            ReceiptBodyConfirmed => (
                "Email đã được xác thực. Hồ sơ đăng ký tài khoản VssID của bạn đã được gửi tới cơ quan BHXH bạn chọn để xem xét; cơ quan chưa trả lời.",
                "Your e-mail address is confirmed. Your VssID account registration was sent to the BHXH office you chose, for review; the office has not answered yet.",
            ),
            ReceiptBodyApproved => (
                "Cơ quan BHXH đã duyệt hồ sơ đăng ký tài khoản VssID của bạn.",
                "The BHXH office approved your VssID account registration.",
            ),
            ReceiptBodyRejected => (
                "Cơ quan BHXH đã từ chối hồ sơ đăng ký tài khoản VssID của bạn.",
                "The BHXH office refused your VssID account registration.",
            ),
            ReceiptReference => ("Mã hồ sơ", "Reference"),
            ReceiptOffice => ("Cơ quan BHXH tiếp nhận", "Receiving office"),
            ReceiptStatus => ("Trạng thái", "Status"),
            ReceiptSentAt => ("Thời điểm gửi (giờ Việt Nam)", "Sent at (Vietnam time)"),
            ReceiptNextHeading => ("Bước tiếp theo", "What happens next"),
            ReceiptNextConfirmEmail => (
                "Hồ sơ chỉ được gửi tới cơ quan BHXH sau khi bạn nhập mã xác thực (OTP) đã gửi tới email.",
                "The registration goes to the BHXH office only after you enter the code (OTP) sent to your e-mail.",
            ),
            ReceiptNextReview => (
                "Cơ quan BHXH xem xét hồ sơ và có thể đề nghị bạn mang thẻ căn cước (CCCD) đến cơ quan để đối chiếu trong vòng 10 ngày (Công văn 2659/BHXH-CNTT).",
                "The BHXH office reviews the registration and may ask you to come in with your identity card (CCCD) within 10 days to check it (letter 2659/BHXH-CNTT).",
            ),
            ReceiptNextAccountIssued => (
                "Tài khoản VssID (tên đăng nhập và mật khẩu) do cơ quan BHXH cấp và gửi tới số điện thoại bạn đã khai; ứng dụng này không cấp tài khoản.",
                "The VssID account (user name and password) is issued by BHXH and sent to the phone number you gave; this app does not issue accounts.",
            ),
            ReceiptNextLogIn => (
                "Đăng nhập bằng ứng dụng VssID chính thức với tên đăng nhập và mật khẩu cơ quan BHXH đã gửi tới số điện thoại của bạn.",
                "Log in with the official VssID app, with the user name and password BHXH sent to your phone.",
            ),
            ReceiptNextAskOffice => (
                "Liên hệ cơ quan BHXH tiếp nhận để biết lý do, hoặc lập hồ sơ mới.",
                "Ask the receiving BHXH office for the reason, or make a new registration.",
            ),
            ReceiptNextCall => (
                "Thắc mắc về thủ tục: tổng đài hỗ trợ của BHXH Việt Nam",
                "Questions about the procedure: the Vietnam Social Security support line",
            ),
            ReceiptHotlineScope => (
                "Tổng đài của BHXH Việt Nam không xem được hồ sơ gửi qua ứng dụng này; khi hỏi về hồ sơ, hãy liên hệ cơ quan BHXH tiếp nhận và báo mã hồ sơ.",
                "The Vietnam Social Security line cannot see registrations sent with this app; about your registration, contact the receiving BHXH office with its reference.",
            ),
            ReceiptNotesHeading => ("Lưu ý", "Please note"),
            ReceiptNoteAccount => (
                "Bạn đăng ký VssID thành công khi được cấp tên tài khoản và mật khẩu đăng nhập.",
                "Your VssID registration is complete when you are given a user name and password.",
            ),
            ReceiptNotePhone => (
                "Số điện thoại phải là số bạn đang sử dụng: sau khi đăng ký thành công, cơ quan BHXH gửi toàn bộ thông tin tài khoản tới số này.",
                "The phone number must be the one you use: once registered, BHXH sends all account information to it.",
            ),
            NewRegistration => ("Lập hồ sơ mới", "Start a new registration"),
            SaveDeclarationPdf => ("Lưu tờ khai (PDF)", "Save the form (PDF)"),
            FetchingDeclarationPdf => ("Đang tải tờ khai…", "Getting the form…"),
            DeclarationPdfReady => (
                "Tờ khai đã sẵn sàng: bấm để lưu, in, ký và mang theo khi cần",
                "The form is ready: press to save it, print it, sign it and bring it when asked",
            ),
            // Consent, the guardian's consent and the rights on the receipt
            ConsentHeading => ("Dữ liệu cá nhân của bạn", "Your personal data"),
            ConsentIntro => (
                "Trước khi bạn nhập thông tin, hãy đọc cách dữ liệu của bạn được xử lý và cho biết bạn có đồng ý không. Không đánh dấu nghĩa là không đồng ý.",
                "Before you type anything, read how your data is processed and say whether you consent. Leaving a box unticked means no.",
            ),
            ConsentSummaryHeading => ("Tóm tắt", "In short"),
            ConsentFullText => (
                "Đọc toàn văn thông báo xử lý dữ liệu cá nhân",
                "Read the full personal data notice",
            ),
            ConsentFromService => (
                "Thông báo của đơn vị vận hành dịch vụ tiếp nhận",
                "The notice of the reception service's operator",
            ),
            ConsentBuiltIn => (
                "Bản thông báo có sẵn trong ứng dụng (chưa tải được bản của dịch vụ tiếp nhận)",
                "The app's built-in copy (the reception service's copy could not be loaded)",
            ),
            ConsentLegend => ("Sự đồng ý của bạn", "Your consent"),
            ConsentGeneral => (
                "Tôi đồng ý cho xử lý dữ liệu cá nhân cơ bản của tôi (mã BHXH, họ tên, số giấy tờ, địa chỉ, số điện thoại, email, ảnh chân dung) để đăng ký tài khoản VssID với cơ quan BHXH tôi chọn.",
                "I consent to the processing of my basic personal data (BHXH code, name, ID number, address, phone, e-mail, portrait) to register a VssID account with the BHXH office I choose.",
            ),
            ConsentIdImages => (
                "Tôi đồng ý riêng cho xử lý ảnh giấy tờ tùy thân (CCCD/CMND/hộ chiếu), là dữ liệu cá nhân nhạy cảm, cho cùng mục đích.",
                "Separately, I consent to the processing of the photos of my ID document (ID card/passport), which are sensitive personal data, for the same purpose.",
            ),
            ConsentForYoungChild => (
                "Đăng ký cho trẻ dưới 7 tuổi: cha, mẹ hoặc người giám hộ đánh dấu thay cho trẻ.",
                "Registering a child under 7: the parent or guardian ticks the boxes for the child.",
            ),
            ConsentAccept => ("Đồng ý và tiếp tục", "Consent and continue"),
            ConsentDecline => ("Không đồng ý", "I do not consent"),
            DeclinedHeading => ("Bạn chưa đồng ý", "You did not consent"),
            DeclinedBody => (
                "Không có sự đồng ý thì không thể đăng ký qua ứng dụng này, và không có dữ liệu nào được thu thập. Bạn vẫn có thể đăng ký bằng các kênh chính thức của BHXH Việt Nam:",
                "Without consent the registration cannot be made in this app, and no data is collected. You can still register through the official channels of Vietnam Social Security:",
            ),
            DeclinedOfficialApp => (
                "Ứng dụng VssID chính thức (Google Play)",
                "The official VssID app (Google Play)",
            ),
            DeclinedWebsite => (
                "Cổng thông tin BHXH Việt Nam",
                "The Vietnam Social Security portal",
            ),
            DeclinedHotline => ("Tổng đài BHXH 1900 9068", "BHXH hotline 1900 9068"),
            DateOfBirth => ("Ngày sinh", "Date of birth"),
            DateOfBirthHint => (
                "Ví dụ 05/09/2011. Chỉ hỏi khi số giấy tờ không cho biết bạn có dưới 16 tuổi hay không.",
                "For example 05/09/2011. Asked only when the ID number does not tell whether you are under 16.",
            ),
            GuardianHeading => (
                "Sự đồng ý của cha, mẹ hoặc người giám hộ",
                "Consent of a parent or guardian",
            ),
            GuardianIntroChild => (
                "Người đăng ký dưới 16 tuổi: cần thêm sự đồng ý của cha, mẹ hoặc người giám hộ.",
                "The person registering is under 16: a parent or guardian must consent too.",
            ),
            GuardianIntroYoungChild => (
                "Người đăng ký dưới 7 tuổi: cha, mẹ hoặc người giám hộ đồng ý và đăng ký thay cho trẻ.",
                "The person registering is under 7: a parent or guardian consents and registers for the child.",
            ),
            GuardianName => (
                "Họ và tên cha, mẹ hoặc người giám hộ",
                "Name of the parent or guardian",
            ),
            GuardianRelation => ("Quan hệ với người đăng ký", "Relation to the person"),
            GuardianChoose => ("Chọn quan hệ", "Choose the relation"),
            GuardianConsent => (
                "Tôi là cha, mẹ hoặc người giám hộ của người đăng ký; tôi đã đọc thông báo xử lý dữ liệu cá nhân và đồng ý cho xử lý dữ liệu của người đó, kể cả ảnh giấy tờ tùy thân.",
                "I am the person's parent or guardian; I have read the personal data notice and consent to the processing of their data, the ID photos included.",
            ),
            RightsHeading => ("Dữ liệu của bạn", "Your data"),
            RightsIntro => (
                "Bạn có thể nhận bản sao dữ liệu dịch vụ tiếp nhận đang lưu, hoặc rút lại sự đồng ý: hồ sơ và ảnh bị xóa ngay và hồ sơ không được xử lý tiếp.",
                "You can get a copy of the data the reception service holds, or withdraw your consent: the registration and the photos are deleted at once and it is not processed further.",
            ),
            DownloadData => ("Tải dữ liệu của tôi", "Download my data"),
            DownloadingData => ("Đang tải dữ liệu…", "Fetching the data…"),
            DataReady => (
                "Bản sao dữ liệu đã sẵn sàng.",
                "The copy of your data is ready.",
            ),
            SaveData => ("Lưu tệp JSON", "Save the JSON file"),
            Withdraw => ("Rút lại đồng ý và xóa hồ sơ", "Withdraw consent and delete"),
            WithdrawConfirmHeading => ("Xóa hồ sơ này?", "Delete this registration?"),
            WithdrawConfirmBody => (
                "Toàn bộ dữ liệu cá nhân và ảnh của hồ sơ sẽ bị xóa khỏi dịch vụ tiếp nhận và cơ quan BHXH sẽ không xử lý hồ sơ. Việc này không hoàn tác được; muốn đăng ký lại, bạn phải làm lại từ đầu.",
                "All the registration's personal data and photos will be deleted from the reception service and the BHXH office will not handle it. This cannot be undone; to register again you start over.",
            ),
            WithdrawYes => ("Xóa hồ sơ", "Delete the registration"),
            WithdrawNo => ("Không xóa", "Keep it"),
            Withdrawing => ("Đang xóa hồ sơ…", "Deleting the registration…"),
            WithdrawnHeading => ("Đã xóa hồ sơ", "Registration deleted"),
            WithdrawnBody => (
                "Dữ liệu cá nhân và ảnh đã bị xóa; chỉ còn mã hồ sơ và các mốc thời gian. Một email xác nhận đã được gửi.",
                "The personal data and photos were deleted; only the reference and the dates remain. A confirmation e-mail was sent.",
            ),
            RightsOtherChannels => (
                "Yêu cầu khác (chỉnh sửa, hạn chế, phản đối) hoặc khi không còn ứng dụng: gửi email cho đơn vị vận hành, kèm mã hồ sơ (xem thông báo xử lý dữ liệu cá nhân).",
                "Other requests (correction, restriction, objection), or without the app: e-mail the operator with the reference (see the personal data notice).",
            ),
            DraftSaveFailed => (
                "Không lưu được bản nháp trên máy này; thông tin vẫn còn cho tới khi đóng ứng dụng.",
                "The draft could not be saved on this device; what you typed stays until the app is closed.",
            ),
            DemoBanner => (
                "Chế độ minh họa: hồ sơ không được gửi đi; mã xác thực (OTP) là 123456.",
                "Demo mode: nothing is sent; the one-time code (OTP) is 123456.",
            ),
            ReceptionMissing => (
                "Chưa cấu hình dịch vụ tiếp nhận hồ sơ, nên ứng dụng không gửi được hồ sơ. Bên vận hành ứng dụng cần đặt địa chỉ của dịch vụ (VSSID_API_BASE).",
                "No reception service is configured, so the app cannot send a registration. Whoever runs the app must set the service's address (VSSID_API_BASE).",
            ),
            ReceptionRefused => (
                "Địa chỉ dịch vụ tiếp nhận bị từ chối, nên ứng dụng không gửi được hồ sơ:",
                "The reception service's address was refused, so the app cannot send a registration:",
            ),
            NotSentNoReception => (
                "Hồ sơ chưa được gửi: chưa cấu hình dịch vụ tiếp nhận. Thông tin đã nhập vẫn được lưu trên máy này.",
                "The registration was not sent: no reception service is configured. What you typed stays saved on this device.",
            ),
            NotSentAddressRefused => (
                "Hồ sơ chưa được gửi: địa chỉ dịch vụ tiếp nhận bị từ chối.",
                "The registration was not sent: the reception service's address was refused.",
            ),
            // About
            AboutLink => ("Giới thiệu", "About"),
            AboutHeading => ("Giới thiệu ứng dụng", "About this app"),
            AboutWhat => (
                "Đây là ứng dụng giúp điền và gửi hồ sơ đăng ký tài khoản VssID. Đây không phải ứng dụng VssID chính thức và không do Bảo hiểm xã hội Việt Nam phát hành.",
                "This app helps you fill in and send a VssID account registration. It is not the official VssID app and is not published by Vietnam Social Security (BHXH).",
            ),
            AboutPublisher => (
                "Do dự án mã nguồn mở “VssID registration client” phát hành theo giấy phép MIT.",
                "Published by the open-source “VssID registration client” project under the MIT licence.",
            ),
            AboutSource => ("Mã nguồn", "Source code"),
            AboutVersion => ("Phiên bản", "Version"),
            AboutOfficeData => ("Danh sách cơ quan BHXH", "BHXH office list"),
            AboutOfficeDataVersion => ("phiên bản", "version"),
            AboutOfficeDataDate => ("dữ liệu ngày", "data of"),
            AboutOfficeDataBuiltIn => ("có sẵn trong ứng dụng", "built into the app"),
            AboutOfficeDataServed => (
                "nhận từ máy chủ tiếp nhận lúc",
                "received from the reception service at",
            ),
            AboutBackendHeading => (
                "Hồ sơ được gửi tới máy chủ tiếp nhận",
                "Registrations are sent to the reception service",
            ),
            AboutBackendBuiltIn => (
                "Dịch vụ minh họa có sẵn trong ứng dụng: hồ sơ không được gửi đi.",
                "The demo service built into the app: nothing is sent anywhere.",
            ),
            AboutBackendMissing => (
                "Chưa cấu hình dịch vụ tiếp nhận: hồ sơ không gửi được.",
                "No reception service is configured: registrations cannot be sent.",
            ),
            AboutBackendRefused => (
                "Địa chỉ bị từ chối, hồ sơ không gửi được:",
                "The address was refused, registrations cannot be sent:",
            ),
            AboutOfficialHeading => (
                "Kênh chính thức của BHXH Việt Nam",
                "Official channels of Vietnam Social Security",
            ),
            AboutOfficialWebsite => (
                "Cổng thông tin điện tử BHXH Việt Nam",
                "Vietnam Social Security website",
            ),
            AboutHotline => (
                "Tổng đài hỗ trợ của BHXH Việt Nam: 1900 9068",
                "Vietnam Social Security support line: 1900 9068",
            ),
            AboutOfficialApp => (
                "Ứng dụng VssID chính thức (nhà phát hành: Bảo hiểm xã hội Việt Nam):",
                "The official VssID app (publisher: Vietnam Social Security):",
            ),
            AboutGooglePlay => ("Tìm trên Google Play", "Find it on Google Play"),
            AboutAppStore => ("Tìm trên App Store", "Find it on the App Store"),
            AboutClose => ("Đóng", "Close"),
            // QR
            QrOfferHeading => (
                "Thông tin đọc từ mã QR trên CCCD",
                "Information read from the ID card's QR code",
            ),
            QrOfferIntro => (
                "Chọn những thông tin muốn điền vào tờ khai. Tờ khai chỉ thay đổi sau khi bạn xác nhận.",
                "Choose what to fill into the declaration. Nothing changes until you confirm.",
            ),
            QrOfferCard => ("Trên thẻ", "On the card"),
            QrOfferTyped => ("Bạn đã nhập", "You typed"),
            QrOfferDiffers => (
                "Khác với thông tin bạn đã nhập. Hãy kiểm tra lại; chỉ thay thế khi bạn đánh dấu ô này.",
                "Differs from what you typed. Please check; it is replaced only if you tick this box.",
            ),
            QrOfferWillFill => ("Sẽ điền vào ô đang trống", "Fills an empty field"),
            QrOfferSame => ("Trùng với thông tin đã nhập", "Same as what you typed"),
            QrOfferUnits => (
                "Tỉnh - TP, Phường/Xã/Đặc khu",
                "Province, ward / commune / special zone",
            ),
            QrOfferFill => ("Điền vào tờ khai", "Fill in the declaration"),
            QrOfferSkip => ("Bỏ qua", "Skip"),
            QrScanButton => ("Quét mã QR trên CCCD", "Scan the QR code on the ID card"),
            QrScanHint => (
                "Chọn ảnh mặt có mã QR của thẻ (CCCD gắn chip: mặt trước; thẻ căn cước cấp từ 01/7/2024: mặt sau) để điền sẵn họ tên, số CCCD và địa chỉ.",
                "Choose a photo of the card side with the QR code (chip ID card: front; identity card issued from 1 July 2024: back) to prefill your name, ID number and address.",
            ),
            QrScanFileFailed => (
                "Không đọc được tệp ảnh đã chọn. Bạn có thể nhập thông tin bằng tay.",
                "The chosen file could not be read. You can type the information instead.",
            ),
            QrScanReading => ("Đang đọc mã QR trên ảnh…", "Reading the QR code in the photo…"),
            // Camera
            CameraRetake => ("Chụp lại", "Retake"),
            CameraShoot => ("Chụp", "Capture"),
            CameraShootLabel => ("Chụp ảnh này", "Take this photo"),
            CameraSwitch => ("Đổi camera", "Switch camera"),
            CameraCancel => ("Hủy", "Cancel"),
            CameraStarting => ("Đang mở camera…", "Opening the camera…"),
            CameraCapturing => ("Đang chụp…", "Taking the photo…"),
            CameraVideoLabel => ("Hình ảnh trực tiếp từ camera", "Live camera picture"),
            CameraGuidePortrait => (
                "Đặt khuôn mặt vào trong khung bầu dục, nhìn thẳng, đủ sáng, không đeo kính râm hay đội mũ.",
                "Fit your face inside the oval and look straight ahead, in good light, without sunglasses or a hat.",
            ),
            CameraGuideCard => (
                "Đặt thẻ nằm gọn trong khung, thấy rõ đủ bốn góc, không bị lóa hay che chữ.",
                "Fit the card inside the frame with all four corners visible, no glare and nothing covering the text.",
            ),
            CameraCaptureFailed => (
                "Không chụp được ảnh, vui lòng thử lại.",
                "The photo could not be taken, please try again.",
            ),
            CameraUnsupported => (
                "Không dùng được camera trong ứng dụng trên thiết bị hoặc trình duyệt này.",
                "The camera cannot be used inside the app on this device or browser.",
            ),
            CameraInsecure => (
                "Trình duyệt chỉ cho dùng camera trên trang bảo mật (https).",
                "The browser allows the camera only on a secure (https) page.",
            ),
            CameraDenied => (
                "Ứng dụng chưa được phép dùng camera. Bạn có thể cấp lại quyền camera trong cài đặt.",
                "The app is not allowed to use the camera. You can allow it again in the settings.",
            ),
            CameraNotFound => (
                "Không tìm thấy camera trên thiết bị này.",
                "No camera was found on this device.",
            ),
            CameraBusy => (
                "Không mở được camera: camera đang được ứng dụng khác sử dụng hoặc bị lỗi.",
                "The camera could not start: another app may be using it, or it failed.",
            ),
            CameraFailed => ("Không mở được camera.", "The camera could not be opened."),
            CameraUseFile => (
                "Bạn có thể chọn ảnh có sẵn trên máy bằng nút “Chọn ảnh”.",
                "You can choose a saved picture with the “Choose a photo” button instead.",
            ),
            PhotoRetakeAdvice => (
                "Bạn nên chụp lại để ảnh rõ hơn.",
                "Retaking it gives a clearer photo.",
            ),
            PhotoProcessingSteps => (
                "Xoay đúng chiều, xóa thông tin vị trí, thu nhỏ và nén ảnh",
                "Turning it upright, removing location data, scaling and compressing",
            ),
            MyRegistrationsHeading => ("Hồ sơ của tôi", "My registrations"),
            MyRegistrationsOpen => ("Xem trạng thái", "See the status"),
            TrackingHeading => ("Trạng thái hồ sơ", "Registration status"),
            TrackingMeaning => ("Ý nghĩa", "What it means"),
            TrackingNext => ("Bạn cần làm gì", "What to do next"),
            TrackingRefresh => ("Cập nhật trạng thái", "Refresh the status"),
            TrackingRefreshing => ("Đang cập nhật…", "Refreshing…"),
            TrackingCheckedAt => ("Cập nhật lúc", "Last checked"),
            TrackingNotChecked => ("Chưa cập nhật từ khi gửi", "Not checked since it was sent"),
            TrackingWhy => ("Lý do", "Why"),
            TrackingToFix => ("Cần sửa", "To correct"),
            TrackingNote => ("Ghi chú của cơ quan BHXH", "The office's note"),
            TrackingFix => ("Sửa và gửi lại", "Correct and send again"),
            TrackingBack => ("Quay lại", "Back"),
            FixHeading => ("Sửa hồ sơ theo yêu cầu", "Correct what the office asked"),
            FixIntro => (
                "Chỉ những mục cơ quan BHXH yêu cầu được mở để sửa; các mục khác giữ nguyên.",
                "Only the parts the office asked for open for changes; the rest stays as it is.",
            ),
            FixReadOnly => ("Giữ nguyên", "Unchanged"),
            FixSend => ("Gửi bổ sung", "Send the corrections"),
            FixSending => ("Đang gửi…", "Sending…"),
            FixLoading => ("Đang tải hồ sơ đã khai…", "Loading what you declared…"),
            PhotoProcessingFailed => (
                "Không xử lý được ảnh, vui lòng chụp hoặc chọn lại.",
                "The photo could not be processed, please take or choose it again.",
            ),
        }
    }
}

/// "Bước 2/4" — the position in the form steps.
pub fn step_of(lang: Lang, position: u8, total: u8) -> String {
    match lang {
        Lang::Vi => format!("Bước {position}/{total}"),
        Lang::En => format!("Step {position} of {total}"),
    }
}

/// "Gửi lại mã sau 42 giây".
pub fn resend_in(lang: Lang, seconds: u32) -> String {
    match lang {
        Lang::Vi => format!("Gửi lại mã sau {seconds} giây"),
        Lang::En => format!("Send a new code in {seconds} s"),
    }
}

/// The photo's size line: "1200 × 1600 px · 240 KB".
pub fn photo_size(width: u32, height: u32, bytes: u64) -> String {
    let kb = bytes.div_ceil(1024);
    format!("{width} × {height} px · {kb} KB")
}

/// "đã giải thể từ 01/7/2025; nay là" — before the offices that took over a closed one.
pub fn office_closed_note(lang: Lang, closed_from: Option<&str>) -> String {
    match (lang, closed_from) {
        (Lang::Vi, Some(date)) => format!("đã giải thể từ {date}; nay là"),
        (Lang::Vi, None) => "đã giải thể; nay là".into(),
        (Lang::En, Some(date)) => format!("dissolved on {date}; now"),
        (Lang::En, None) => "dissolved; now".into(),
    }
}

/// "Bản nháp cũ được giữ lại tại …" after a refused draft.
pub fn draft_kept_at(lang: Lang, place: &str) -> String {
    match lang {
        Lang::Vi => format!("Bản nháp cũ được giữ lại tại: {place}"),
        Lang::En => format!("The old draft is kept at: {place}"),
    }
}

/// The resume banner's step line: "Đang ở bước: Ảnh".
pub fn draft_at_step(lang: Lang, step: &str) -> String {
    match lang {
        Lang::Vi => format!("Đang ở bước: {step}"),
        Lang::En => format!("Saved at step: {step}"),
    }
}

/// Why a reception service's address is refused, in both languages.
pub fn base_url_refusal(error: &BaseUrlError) -> FieldError {
    let (code, vi, en) = match error {
        BaseUrlError::Scheme => (
            "base_url_scheme",
            "Địa chỉ phải bắt đầu bằng https:// (hoặc http:// cho chính máy này).".to_string(),
            "The address must start with https:// (or http:// for this machine).".to_string(),
        ),
        BaseUrlError::NoHost => (
            "base_url_no_host",
            "Địa chỉ không có tên máy chủ.".to_string(),
            "The address names no host.".to_string(),
        ),
        BaseUrlError::Malformed => (
            "base_url_malformed",
            "Không đọc được địa chỉ.".to_string(),
            "The address cannot be read as a URL.".to_string(),
        ),
        BaseUrlError::NotABase => (
            "base_url_not_a_base",
            "Địa chỉ không được chứa tên người dùng, mật khẩu, truy vấn (?) hay phân đoạn (#).".to_string(),
            "The address may not carry a user name, password, query (?) or fragment (#).".to_string(),
        ),
        BaseUrlError::Insecure { host } => (
            "base_url_insecure",
            format!("http:// (không mã hóa) chỉ được dùng cho chính máy này, không cho {host}; hãy dùng https://."),
            format!("Plain http:// (unencrypted) is only allowed to this machine, not to {host}; use https://."),
        ),
    };
    FieldError {
        code: code.into(),
        vi,
        en,
    }
}

/// A registration status of the reception service, in words (every status has its label).
pub fn status_label(lang: Lang, status: RegistrationStatus) -> &'static str {
    let (vi, en) = match status {
        RegistrationStatus::Received => (
            "Đã lưu, chờ xác thực email",
            "Stored, waiting for e-mail confirmation",
        ),
        RegistrationStatus::Confirmed => (
            "Đã gửi tới cơ quan BHXH, chờ xem xét",
            "Sent to the BHXH office, waiting for review",
        ),
        RegistrationStatus::Approved => {
            ("Đã được cơ quan BHXH duyệt", "Approved by the BHXH office")
        }
        RegistrationStatus::Rejected => ("Bị cơ quan BHXH từ chối", "Refused by the BHXH office"),
        RegistrationStatus::Withdrawn => (
            "Đã rút lại, dữ liệu đã bị xóa",
            "Withdrawn, the data was deleted",
        ),
        RegistrationStatus::InReview => (
            "Cơ quan BHXH đang xem xét",
            "Being reviewed by the BHXH office",
        ),
        RegistrationStatus::ChangesRequested => (
            "Cơ quan BHXH đề nghị bổ sung",
            "Corrections asked for by the BHXH office",
        ),
        RegistrationStatus::Resubmitted => (
            "Đã gửi lại sau khi bổ sung, chờ xem xét",
            "Sent again after corrections, waiting for review",
        ),
        RegistrationStatus::Expired => (
            "Hết hạn vì email chưa được xác thực",
            "Expired: the e-mail was never confirmed",
        ),
    };
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// What the receipt says for a status: its heading, what happened, and what happens next.
pub struct ReceiptWords {
    pub heading: Text,
    pub body: Text,
    pub next: &'static [Text],
}

/// The receipt's words for `status`.
pub fn receipt_words(status: RegistrationStatus) -> ReceiptWords {
    use Text::*;
    match status {
        RegistrationStatus::Received => ReceiptWords {
            heading: ReceiptHeadingReceived,
            body: ReceiptBodyReceived,
            next: &[ReceiptNextConfirmEmail],
        },
        RegistrationStatus::Confirmed => ReceiptWords {
            heading: ReceiptHeadingConfirmed,
            body: ReceiptBodyConfirmed,
            next: &[ReceiptNextReview, ReceiptNextAccountIssued],
        },
        RegistrationStatus::Approved => ReceiptWords {
            heading: ReceiptHeadingApproved,
            body: ReceiptBodyApproved,
            next: &[ReceiptNextLogIn],
        },
        RegistrationStatus::Rejected => ReceiptWords {
            heading: ReceiptHeadingRejected,
            body: ReceiptBodyRejected,
            next: &[ReceiptNextAskOffice],
        },
        RegistrationStatus::Withdrawn => ReceiptWords {
            heading: ReceiptHeadingWithdrawn,
            body: ReceiptBodyWithdrawn,
            next: &[ReceiptNextNewRegistration],
        },
        RegistrationStatus::InReview => ReceiptWords {
            heading: ReceiptHeadingInReview,
            body: ReceiptBodyInReview,
            next: &[ReceiptNextReview, ReceiptNextAccountIssued],
        },
        RegistrationStatus::ChangesRequested => ReceiptWords {
            heading: ReceiptHeadingChangesRequested,
            body: ReceiptBodyChangesRequested,
            next: &[ReceiptNextFixAndResend],
        },
        RegistrationStatus::Resubmitted => ReceiptWords {
            heading: ReceiptHeadingResubmitted,
            body: ReceiptBodyResubmitted,
            next: &[ReceiptNextReview, ReceiptNextAccountIssued],
        },
        RegistrationStatus::Expired => ReceiptWords {
            heading: ReceiptHeadingExpired,
            body: ReceiptBodyExpired,
            next: &[ReceiptNextNewRegistration],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_differ_where_words_are_translated() {
        // Spot checks of the seed's labels.
        assert_eq!(Text::BhxhCode.get(Lang::Vi), "Mã BHXH");
        assert_eq!(Text::Back.get(Lang::Vi), "Quay lại");
        assert_eq!(Text::Continue.get(Lang::En), "Continue");
        assert_eq!(step_of(Lang::Vi, 2, 4), "Bước 2/4");
        assert_eq!(resend_in(Lang::En, 9), "Send a new code in 9 s");
        assert_eq!(photo_size(10, 20, 1025), "10 × 20 px · 2 KB");
    }

    #[test]
    fn the_consent_words_differ_between_the_languages() {
        use Text::*;
        for text in [
            ConsentHeading,
            ConsentGeneral,
            ConsentIdImages,
            ConsentAccept,
            ConsentDecline,
            GuardianConsent,
            Withdraw,
            DownloadData,
        ] {
            let (vi, en) = text.both();
            assert_ne!(vi, en, "{text:?}");
            assert!(!vi.is_empty() && !en.is_empty());
        }
    }

    #[test]
    fn every_status_has_its_own_label_in_both_languages() {
        let mut seen = std::collections::HashSet::new();
        for status in RegistrationStatus::ALL {
            for lang in [Lang::Vi, Lang::En] {
                let label = status_label(lang, status);
                assert_ne!(label, status.as_str());
                assert!(seen.insert(label), "{label} is used twice");
            }
        }
    }
}
