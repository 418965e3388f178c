//! The office console's server side (`/v1/staff/…`): staff accounts (created by the
//! operator with `vssid-reception staff …`), password login with lockout, cookie sessions
//! with a CSRF token, the registrations of the offices an account serves, their decisions and
//! exports, and the append-only audit log of every access.
//!
//! Rules: sessions end 30 minutes after their last request and 12 hours after login at the
//! latest; after 5 wrong passwords in a row an account is locked for 1 minute, and each
//! further wrong password doubles the lock (2, 4, 8 … minutes, at most 1 hour) until a right
//! one clears it; a registration of an office the account does not serve is answered 404,
//! like one that does not exist.

pub mod accounts;
pub mod audit;
pub mod call;
pub mod decisions;
pub mod download;
pub mod exports;
pub mod password;
mod private_json;
pub mod registrations;
pub mod requests;
pub mod routes;
pub mod sessions;
pub mod totp;

pub use crate::store::staff::{Role, StaffAccount, StaffStore};
pub use call::StaffCall;
pub use routes::routes;
pub use sessions::StaffSession;

use crate::problem::ApiProblem;
use crate::store::staff::{LockoutPolicy, SessionPolicy};
use vssid_core::api::{Problem, ProblemCode};

/// How long sessions live.
pub const SESSION_POLICY: SessionPolicy = SessionPolicy {
    idle_ms: 30 * 60_000,
    absolute_ms: 12 * 3_600_000,
};

/// When wrong passwords lock an account.
pub const LOCKOUT_POLICY: LockoutPolicy = LockoutPolicy {
    max_failures: 5,
    base_ms: 60_000,
    cap_ms: 3_600_000,
};

/// The console's own problems (the public API's codes are `vssid_core::api::ProblemCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffProblem {
    /// 401: wrong e-mail or password, a missing, wrong or reused second-factor code, or a
    /// disabled account (the same answer for each).
    LoginFailed,
    /// 429: too many wrong passwords; `Retry-After` says when the lock ends.
    Locked,
    /// 401: no session cookie, or the session has ended.
    Unauthenticated,
    /// 403: a state-changing request without the session's `X-CSRF-Token`.
    CsrfToken,
    /// 403: the account's role may not do this.
    Forbidden,
    /// 409: the registration's status does not allow this (not confirmed yet, or decided).
    WrongStatus,
}

impl StaffProblem {
    pub const ALL: [StaffProblem; 6] = [
        StaffProblem::LoginFailed,
        StaffProblem::Locked,
        StaffProblem::Unauthenticated,
        StaffProblem::CsrfToken,
        StaffProblem::Forbidden,
        StaffProblem::WrongStatus,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StaffProblem::LoginFailed => "staff_login_failed",
            StaffProblem::Locked => "staff_locked",
            StaffProblem::Unauthenticated => "staff_unauthenticated",
            StaffProblem::CsrfToken => "staff_csrf_token",
            StaffProblem::Forbidden => "staff_forbidden",
            StaffProblem::WrongStatus => "staff_wrong_status",
        }
    }

    pub fn status(self) -> u16 {
        match self {
            StaffProblem::LoginFailed | StaffProblem::Unauthenticated => 401,
            StaffProblem::Locked => 429,
            StaffProblem::CsrfToken | StaffProblem::Forbidden => 403,
            StaffProblem::WrongStatus => 409,
        }
    }

    /// (title, Vietnamese, English).
    fn texts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            StaffProblem::LoginFailed => (
                "Wrong e-mail, password or authenticator code",
                "Email, mật khẩu hoặc mã xác thực không đúng",
                "The e-mail address, the password or the authenticator code is not correct",
            ),
            StaffProblem::Locked => (
                "The account is locked for a while",
                "Tài khoản tạm thời bị khóa do nhập sai mật khẩu nhiều lần; vui lòng thử lại sau",
                "The account is locked for a while after too many wrong passwords; please try again later",
            ),
            StaffProblem::Unauthenticated => (
                "Not signed in",
                "Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn; vui lòng đăng nhập lại",
                "You are not signed in or your session has ended; please sign in again",
            ),
            StaffProblem::CsrfToken => (
                "Missing or wrong CSRF token",
                "Yêu cầu thiếu mã bảo vệ của phiên làm việc; vui lòng tải lại trang",
                "The request lacks the session's protection token; please reload the page",
            ),
            StaffProblem::Forbidden => (
                "Not allowed for this account",
                "Tài khoản của bạn không có quyền thực hiện thao tác này",
                "Your account may not do this",
            ),
            StaffProblem::WrongStatus => (
                "Not possible in the registration's status",
                "Không thể thực hiện với hồ sơ ở trạng thái hiện tại (chưa xác thực email hoặc đã có quyết định)",
                "Not possible for the registration as it stands (e-mail not confirmed yet, or already decided)",
            ),
        }
    }

    /// The problem document.
    pub fn problem(self) -> Problem {
        let (title, vi, en) = self.texts();
        console_problem(self.code(), self.status(), title, vi, en)
    }
}

/// A problem document with one of the console's own codes (beside the API's).
pub(crate) fn console_problem(code: &str, status: u16, title: &str, vi: &str, en: &str) -> Problem {
    let mut problem = Problem::new(ProblemCode::BadRequest);
    problem.type_uri = format!("https://vssid.invalid/problems/{code}");
    problem.title = title.into();
    problem.status = status;
    problem.code = code.into();
    problem.vi = vi.into();
    problem.en = en.into();
    problem
}

impl From<StaffProblem> for ApiProblem {
    fn from(problem: StaffProblem) -> ApiProblem {
        ApiProblem::from(problem.problem())
    }
}

/// The answer for a registration the account may not see: the same as for none.
pub(crate) fn not_found() -> ApiProblem {
    ApiProblem::new(ProblemCode::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_doubles_from_the_fifth_failure_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=13)
            .map(|n| LOCKOUT_POLICY.lock_ms(n) / 60_000)
            .collect();
        assert_eq!(minutes, [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(LOCKOUT_POLICY.lock_ms(u32::MAX), 3_600_000);
    }

    #[test]
    fn staff_problems_have_both_languages_and_their_status() {
        for kind in StaffProblem::ALL {
            let problem = kind.problem();
            assert_eq!(problem.code, kind.code());
            assert!(problem.type_uri.ends_with(kind.code()));
            assert!(!problem.vi.is_empty() && problem.vi != problem.en);
            assert!(
                ProblemCode::parse(kind.code()).is_none(),
                "not a public code"
            );
        }
    }
}
