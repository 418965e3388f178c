//! Error documents of the API (`application/problem+json`, RFC 9457) and their stable codes.

use crate::fields::{FieldError, FieldErrors};
use crate::lang::{Lang, Localized};
use serde::{Deserialize, Serialize};

/// What went wrong, as a stable code; each has a status and messages in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemCode {
    /// Some fields are not valid; the document's `errors` says which.
    InvalidFields,
    /// The request is not of the documented form (bad JSON, missing part, …).
    BadRequest,
    /// The `Idempotency-Key` header is missing or not a UUID.
    IdempotencyKeyInvalid,
    /// The same idempotency key was used with a different registration.
    IdempotencyKeyReused,
    /// No such registration.
    NotFound,
    /// The request body is larger than the service accepts.
    PayloadTooLarge,
    /// Too many requests from this address; `Retry-After` says when to try again.
    RateLimited,
    /// The code entered is not the one sent.
    OtpWrong,
    /// The code has expired; ask for a new one.
    OtpExpired,
    /// Too many wrong codes; ask for a new one.
    OtpTooManyTries,
    /// The registration is already confirmed.
    AlreadyConfirmed,
    /// A new code was sent too recently; `Retry-After` says when to try again.
    ResendTooSoon,
    /// No more codes can be sent for this registration.
    ResendLimit,
    /// The service took too long.
    Timeout,
    /// Something failed inside the service.
    Internal,
    /// Too many wrong codes for this registration in all (new codes do not reset this).
    TooManyWrongCodes,
    /// The e-mail address was sent as many messages today as the service allows.
    RecipientMailLimit,
    /// The service is overloaded or short of disk space; `Retry-After` says when to try again.
    Unavailable,
    /// Corrections were sent, but the office is not asking for any now.
    NoChangesRequested,
}

impl ProblemCode {
    /// Every code, for look-ups.
    pub const ALL: [ProblemCode; 19] = [
        ProblemCode::InvalidFields,
        ProblemCode::BadRequest,
        ProblemCode::IdempotencyKeyInvalid,
        ProblemCode::IdempotencyKeyReused,
        ProblemCode::NotFound,
        ProblemCode::PayloadTooLarge,
        ProblemCode::RateLimited,
        ProblemCode::OtpWrong,
        ProblemCode::OtpExpired,
        ProblemCode::OtpTooManyTries,
        ProblemCode::AlreadyConfirmed,
        ProblemCode::ResendTooSoon,
        ProblemCode::ResendLimit,
        ProblemCode::Timeout,
        ProblemCode::Internal,
        ProblemCode::TooManyWrongCodes,
        ProblemCode::RecipientMailLimit,
        ProblemCode::Unavailable,
        ProblemCode::NoChangesRequested,
    ];

    /// The stable code, e.g. `invalid_fields`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::InvalidFields => "invalid_fields",
            ProblemCode::BadRequest => "bad_request",
            ProblemCode::IdempotencyKeyInvalid => "idempotency_key_invalid",
            ProblemCode::IdempotencyKeyReused => "idempotency_key_reused",
            ProblemCode::NotFound => "not_found",
            ProblemCode::PayloadTooLarge => "payload_too_large",
            ProblemCode::RateLimited => "rate_limited",
            ProblemCode::OtpWrong => "otp_wrong",
            ProblemCode::OtpExpired => "otp_expired",
            ProblemCode::OtpTooManyTries => "otp_too_many_tries",
            ProblemCode::AlreadyConfirmed => "already_confirmed",
            ProblemCode::ResendTooSoon => "resend_too_soon",
            ProblemCode::ResendLimit => "resend_limit",
            ProblemCode::Timeout => "timeout",
            ProblemCode::Internal => "internal",
            ProblemCode::TooManyWrongCodes => "too_many_wrong_codes",
            ProblemCode::RecipientMailLimit => "recipient_mail_limit",
            ProblemCode::Unavailable => "service_unavailable",
            ProblemCode::NoChangesRequested => "no_changes_requested",
        }
    }

    /// Reads a stable code back.
    pub fn parse(code: &str) -> Option<ProblemCode> {
        ProblemCode::ALL.into_iter().find(|c| c.as_str() == code)
    }

    /// The HTTP status this problem is answered with.
    pub fn status(self) -> u16 {
        match self {
            ProblemCode::InvalidFields | ProblemCode::IdempotencyKeyReused => 422,
            ProblemCode::BadRequest | ProblemCode::IdempotencyKeyInvalid => 400,
            ProblemCode::NotFound => 404,
            ProblemCode::PayloadTooLarge => 413,
            ProblemCode::RateLimited | ProblemCode::ResendTooSoon | ProblemCode::ResendLimit => 429,
            ProblemCode::OtpWrong
            | ProblemCode::OtpExpired
            | ProblemCode::OtpTooManyTries
            | ProblemCode::TooManyWrongCodes => 422,
            ProblemCode::RecipientMailLimit => 429,
            ProblemCode::Unavailable => 503,
            ProblemCode::AlreadyConfirmed | ProblemCode::NoChangesRequested => 409,
            ProblemCode::Timeout => 408,
            ProblemCode::Internal => 500,
        }
    }

    /// The `type` URI of the problem document.
    pub fn type_uri(self) -> String {
        format!("https://vssid.invalid/problems/{}", self.as_str())
    }

    /// A short English summary, the document's `title`.
    pub fn title(self) -> &'static str {
        match self {
            ProblemCode::InvalidFields => "Some fields are not valid",
            ProblemCode::BadRequest => "The request is not of the documented form",
            ProblemCode::IdempotencyKeyInvalid => "Missing or invalid Idempotency-Key",
            ProblemCode::IdempotencyKeyReused => {
                "The idempotency key was used for a different registration"
            }
            ProblemCode::NotFound => "No such registration",
            ProblemCode::PayloadTooLarge => "The request is too large",
            ProblemCode::RateLimited => "Too many requests",
            ProblemCode::OtpWrong => "Wrong confirmation code",
            ProblemCode::OtpExpired => "The confirmation code has expired",
            ProblemCode::OtpTooManyTries => "Too many wrong confirmation codes",
            ProblemCode::AlreadyConfirmed => "The registration is already confirmed",
            ProblemCode::ResendTooSoon => "A code was sent too recently",
            ProblemCode::ResendLimit => "No more codes can be sent",
            ProblemCode::Timeout => "The request took too long",
            ProblemCode::Internal => "Internal error",
            ProblemCode::TooManyWrongCodes => "Too many wrong codes for this registration",
            ProblemCode::RecipientMailLimit => "Too many e-mails to this address today",
            ProblemCode::Unavailable => "The service is temporarily unavailable",
            ProblemCode::NoChangesRequested => "The office is not asking for changes",
        }
    }
}

impl Localized for ProblemCode {
    fn code(&self) -> &'static str {
        self.as_str()
    }

    fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            ProblemCode::InvalidFields => (
                "Một số thông tin chưa hợp lệ, vui lòng kiểm tra lại",
                "Some information is not valid; please check it",
            ),
            ProblemCode::BadRequest => (
                "Yêu cầu không đúng định dạng",
                "The request is not in the expected form",
            ),
            ProblemCode::IdempotencyKeyInvalid => (
                "Yêu cầu thiếu mã định danh hồ sơ hợp lệ",
                "The request lacks a valid submission key",
            ),
            ProblemCode::IdempotencyKeyReused => (
                "Hồ sơ này đã được gửi với nội dung khác; vui lòng tạo hồ sơ mới",
                "This registration was already sent with different content; please start a new one",
            ),
            ProblemCode::NotFound => ("Không tìm thấy hồ sơ", "Registration not found"),
            ProblemCode::PayloadTooLarge => {
                ("Dữ liệu gửi lên quá lớn", "The data sent is too large")
            }
            ProblemCode::RateLimited => (
                "Hệ thống đang bận, vui lòng thử lại sau ít phút",
                "The service is busy; please try again in a few minutes",
            ),
            ProblemCode::OtpWrong => (
                "Mã xác thực (OTP) không đúng",
                "The confirmation code is not correct",
            ),
            ProblemCode::OtpExpired => (
                "Mã xác thực (OTP) đã hết hạn, vui lòng yêu cầu gửi lại mã",
                "The confirmation code has expired; please ask for a new one",
            ),
            ProblemCode::OtpTooManyTries => (
                "Bạn đã nhập sai quá nhiều lần, vui lòng yêu cầu gửi lại mã",
                "Too many wrong attempts; please ask for a new code",
            ),
            ProblemCode::AlreadyConfirmed => (
                "Hồ sơ đã được xác nhận",
                "The registration is already confirmed",
            ),
            ProblemCode::ResendTooSoon => (
                "Vui lòng chờ một chút trước khi yêu cầu gửi lại mã",
                "Please wait a moment before asking for another code",
            ),
            ProblemCode::ResendLimit => (
                "Đã gửi lại mã quá số lần cho phép",
                "The code has been resent too many times",
            ),
            ProblemCode::Timeout => (
                "Yêu cầu mất quá nhiều thời gian",
                "The request took too long",
            ),
            ProblemCode::Internal => (
                "Hệ thống gặp lỗi, vui lòng thử lại sau",
                "Something went wrong on the server; please try again later",
            ),
            ProblemCode::TooManyWrongCodes => (
                "Hồ sơ này đã bị nhập sai mã quá nhiều lần và không thể xác nhận được nữa; vui lòng đăng ký lại",
                "Too many wrong codes were entered for this registration, so it can no longer be confirmed; please register again",
            ),
            ProblemCode::RecipientMailLimit => (
                "Địa chỉ email này đã nhận đủ số thư cho phép trong hôm nay; vui lòng thử lại sau 24 giờ hoặc dùng địa chỉ khác",
                "This e-mail address has received as many messages as allowed today; please try again in 24 hours or use another address",
            ),
            ProblemCode::Unavailable => (
                "Hệ thống đang quá tải, vui lòng thử lại sau ít phút",
                "The service is overloaded; please try again in a few minutes",
            ),
            ProblemCode::NoChangesRequested => (
                "Cơ quan BHXH hiện không yêu cầu bổ sung hồ sơ này",
                "The office is not asking for changes to this registration now",
            ),
        };
        match lang {
            Lang::Vi => vi.to_string(),
            Lang::En => en.to_string(),
        }
    }
}

/// An error document (RFC 9457) with this API's extension members: the stable `code`, the
/// message in both languages, and per-field errors keyed by field code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(rename = "type", default = "about_blank")]
    pub type_uri: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The stable code (see [`ProblemCode`]); unknown codes are kept as they are.
    #[serde(default)]
    pub code: String,
    /// The message for a person, in Vietnamese.
    #[serde(default)]
    pub vi: String,
    /// The message for a person, in English.
    #[serde(default)]
    pub en: String,
    /// Per-field errors, keyed by field code (`bhxh_code`, `portrait`, …).
    #[serde(default, skip_serializing_if = "FieldErrors::is_empty")]
    pub errors: FieldErrors,
    /// Wrong codes still allowed (for `otp_wrong`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u32>,
    /// Seconds to wait before trying again (also in the `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

fn about_blank() -> String {
    "about:blank".into()
}

impl Problem {
    /// A document for `code`, with its status, title and messages.
    pub fn new(code: ProblemCode) -> Problem {
        Problem {
            type_uri: code.type_uri(),
            title: code.title().into(),
            status: code.status(),
            detail: None,
            instance: None,
            code: code.as_str().into(),
            vi: code.message(Lang::Vi),
            en: code.message(Lang::En),
            errors: FieldErrors::new(),
            tries_left: None,
            retry_after: None,
        }
    }

    /// The `invalid_fields` document for `errors`.
    pub fn invalid_fields(errors: FieldErrors) -> Problem {
        Problem {
            errors,
            ..Problem::new(ProblemCode::InvalidFields)
        }
    }

    /// Adds a technical detail (English, for developers; never personal data).
    pub fn with_detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    /// The code, if it is one this version knows.
    pub fn kind(&self) -> Option<ProblemCode> {
        ProblemCode::parse(&self.code)
    }

    /// The message for a person in `lang` (falls back to the title).
    pub fn message(&self, lang: Lang) -> String {
        let text = match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        };
        if text.is_empty() {
            match self.kind() {
                Some(kind) => kind.message(lang),
                None => self.title.clone(),
            }
        } else {
            text.clone()
        }
    }

    /// The field error for one field, if any.
    pub fn field_error(&self, field: crate::fields::FieldId) -> Option<&FieldError> {
        self.errors.get(&field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::{FieldId, Required};

    #[test]
    fn codes_round_trip_and_have_both_languages() {
        for code in ProblemCode::ALL {
            assert_eq!(ProblemCode::parse(code.as_str()), Some(code));
            assert!(!code.message(Lang::Vi).is_empty());
            assert_ne!(code.message(Lang::Vi), code.message(Lang::En));
            assert!((400..600).contains(&code.status()));
        }
    }

    #[test]
    fn problem_documents_carry_field_errors_by_field_code() {
        let mut errors = FieldErrors::new();
        errors.insert(FieldId::Email, FieldError::from_localized(&Required));
        let problem = Problem::invalid_fields(errors);
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(json["status"], 422);
        assert_eq!(json["code"], "invalid_fields");
        assert_eq!(json["errors"]["email"]["code"], "required");
        let back: Problem = serde_json::from_value(json).unwrap();
        assert_eq!(back, problem);
        assert_eq!(back.kind(), Some(ProblemCode::InvalidFields));
    }

    #[test]
    fn unknown_codes_are_kept_and_messages_fall_back_to_the_title() {
        let problem: Problem =
            serde_json::from_str(r#"{"title":"Teapot","status":418,"code":"teapot"}"#).unwrap();
        assert_eq!(problem.kind(), None);
        assert_eq!(problem.message(Lang::En), "Teapot");
        assert_eq!(problem.type_uri, "about:blank");
    }
}
