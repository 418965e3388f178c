//! The flow's own messages, in Vietnamese and English.

use crate::lang::{Lang, Localized};

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
