//! What a call to the service failed with, told the way a person needs it, and how the flow
//! sees a failed submission.

use std::time::Duration;
use vssid_core::api::{Problem, ProblemCode};
use vssid_core::fields::{FieldError, FieldErrors};
use vssid_core::flow::SubmitFailure;
use vssid_core::lang::{Lang, Localized};

/// What a client call failed with, told the way a person needs it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No connection to the service (after retrying).
    #[error("the service could not be reached")]
    Offline,
    /// The service did not answer in time (after retrying).
    #[error("the service did not answer in time")]
    Timeout,
    /// The service is overloaded or rate-limiting (after retrying, or asked to wait too long).
    #[error("the service is busy")]
    Busy { retry_after: Option<Duration> },
    /// The service failed (5xx after retrying).
    #[error("the service failed with HTTP {status}")]
    Server { status: u16 },
    /// Some fields were refused; each error belongs beside its field.
    #[error("some fields are not valid")]
    InvalidFields(FieldErrors),
    /// The service refused the request for another reason, told in its problem document.
    #[error("the request was refused: {}", .0.code)]
    Refused(Box<Problem>),
    /// The answer was not of the documented form.
    #[error("unexpected answer from the service (HTTP {status})")]
    UnexpectedResponse { status: u16 },
    /// The configured base URL cannot be used.
    #[error("the API base URL is not valid")]
    InvalidBaseUrl,
}

impl ApiError {
    /// The problem code of a refusal, if this is one.
    pub fn problem_code(&self) -> Option<ProblemCode> {
        match self {
            ApiError::Refused(problem) => problem.kind(),
            ApiError::InvalidFields(_) => Some(ProblemCode::InvalidFields),
            _ => None,
        }
    }

    /// Whether trying the same call again later may succeed (the draft stays in the outbox).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Offline | ApiError::Timeout | ApiError::Busy { .. } | ApiError::Server { .. }
        )
    }

    /// The flow's view of a failed submission: field errors, "try again later" (the draft
    /// stays in the outbox), or a refusal.
    pub fn to_submit_failure(&self) -> SubmitFailure {
        match self {
            ApiError::InvalidFields(errors) => SubmitFailure::Invalid {
                errors: errors.clone(),
            },
            error if error.is_transient() => SubmitFailure::Transient {
                message: FieldError::from_localized(error),
            },
            error => SubmitFailure::Rejected {
                message: FieldError::from_localized(error),
            },
        }
    }
}

impl Localized for ApiError {
    fn code(&self) -> &'static str {
        match self {
            ApiError::Offline => "offline",
            ApiError::Timeout => "timeout",
            ApiError::Busy { .. } => "server_busy",
            ApiError::Server { .. } => "server_error",
            ApiError::InvalidFields(_) => "invalid_fields",
            ApiError::Refused(problem) => problem.kind().map_or("refused", ProblemCode::as_str),
            ApiError::UnexpectedResponse { .. } => "unexpected_response",
            ApiError::InvalidBaseUrl => "invalid_base_url",
        }
    }

    fn message(&self, lang: Lang) -> String {
        let (vi, en) = match self {
            ApiError::Offline => (
                "Không kết nối được máy chủ. Hồ sơ đã được lưu và sẽ được gửi lại khi có mạng.",
                "Cannot reach the server. Your registration is saved and will be sent when you are online.",
            ),
            ApiError::Timeout => (
                "Máy chủ không phản hồi kịp. Hồ sơ đã được lưu, vui lòng thử gửi lại.",
                "The server did not answer in time. Your registration is saved; please try again.",
            ),
            ApiError::Busy { .. } => (
                "Hệ thống đang bận. Hồ sơ đã được lưu, vui lòng thử lại sau ít phút.",
                "The service is busy. Your registration is saved; please try again in a few minutes.",
            ),
            ApiError::Server { .. } => (
                "Hệ thống đang gặp sự cố. Hồ sơ đã được lưu, vui lòng thử lại sau.",
                "The service has a problem. Your registration is saved; please try again later.",
            ),
            ApiError::InvalidFields(_) => {
                return ProblemCode::InvalidFields.message(lang);
            }
            ApiError::Refused(problem) => return problem.message(lang),
            ApiError::UnexpectedResponse { .. } => (
                "Máy chủ trả lời không đúng định dạng. Vui lòng thử lại sau.",
                "The server gave an unexpected answer. Please try again later.",
            ),
            ApiError::InvalidBaseUrl => (
                "Địa chỉ máy chủ không hợp lệ.",
                "The server address is not valid.",
            ),
        };
        match lang {
            Lang::Vi => vi.into(),
            Lang::En => en.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_told_in_both_languages() {
        let errors = [
            ApiError::Offline,
            ApiError::Timeout,
            ApiError::Busy { retry_after: None },
            ApiError::Server { status: 500 },
            ApiError::InvalidFields(FieldErrors::new()),
            ApiError::Refused(Box::new(Problem::new(ProblemCode::OtpWrong))),
            ApiError::UnexpectedResponse { status: 200 },
            ApiError::InvalidBaseUrl,
        ];
        for error in errors {
            assert_ne!(error.message(Lang::Vi), error.message(Lang::En));
        }
        assert_eq!(
            ApiError::Refused(Box::new(Problem::new(ProblemCode::OtpWrong))).code(),
            "otp_wrong"
        );
        assert!(ApiError::Offline.is_transient());
        assert!(matches!(
            ApiError::Timeout.to_submit_failure(),
            SubmitFailure::Transient { .. }
        ));
        assert!(matches!(
            ApiError::Refused(Box::new(Problem::new(ProblemCode::IdempotencyKeyReused))).to_submit_failure(),
            SubmitFailure::Rejected { message } if message.code == "idempotency_key_reused"
        ));
        assert!(!ApiError::InvalidFields(FieldErrors::new()).is_transient());
    }
}
