//! The console's words for what the core names by code: statuses and decisions as the office
//! sees them, offices by their directory name, times in Vietnam time.

use super::html::{esc, t};
use crate::AppState;
use vssid_core::api::{Decision, RegistrationStatus};
use vssid_core::Lang;

/// A status as the office's staff reads it.
pub fn status(lang: Lang, status: RegistrationStatus) -> &'static str {
    use RegistrationStatus as S;
    match status {
        S::Received => t(
            lang,
            "Chờ xác thực email",
            "Waiting for e-mail confirmation",
        ),
        S::Confirmed => t(lang, "Chờ xem xét", "Waiting for review"),
        S::InReview => t(lang, "Đang xem xét", "In review"),
        S::Approved => t(lang, "Đã duyệt", "Approved"),
        S::Rejected => t(lang, "Đã từ chối", "Rejected"),
        S::ChangesRequested => t(lang, "Chờ bổ sung", "Changes requested"),
        S::Resubmitted => t(lang, "Đã bổ sung, chờ xem xét", "Resubmitted"),
        S::Withdrawn => t(lang, "Đã rút (dữ liệu đã xóa)", "Withdrawn (data deleted)"),
        S::Expired => t(lang, "Hết hạn xác thực", "Expired unconfirmed"),
    }
}

/// A status badge (the code as its class, the words as its text).
pub fn status_badge(lang: Lang, status_code: RegistrationStatus) -> String {
    format!(
        r#"<span class="status status-{}">{}</span>"#,
        status_code.as_str(),
        esc(status(lang, status_code))
    )
}

/// A decision as a verb phrase.
pub fn decision(lang: Lang, decision: Decision) -> &'static str {
    match decision {
        Decision::Approve => t(lang, "Duyệt", "Approve"),
        Decision::Reject => t(lang, "Từ chối", "Reject"),
        Decision::RequestChanges => t(lang, "Yêu cầu bổ sung", "Request changes"),
    }
}

/// An office by its code and directory name.
pub fn office(state: &AppState, code: &str) -> String {
    match state.offices().find(code) {
        Some(office) => format!("[{}] {}", office.code, office.name),
        None => code.to_string(),
    }
}

/// `dd/mm/yyyy HH:mm`, Vietnam time, of an RFC 3339 time (as it is when it is not one).
pub fn time(rfc3339: &str) -> String {
    vssid_core::datetime::vietnam_time_from_rfc3339(rfc3339).unwrap_or_else(|| rfc3339.into())
}

/// `n ngày` / `n days`.
pub fn days(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Vi => format!("{n} ngày"),
        Lang::En if n == 1 => "1 day".into(),
        Lang::En => format!("{n} days"),
    }
}
