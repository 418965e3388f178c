//! The export page (`GET /console/export`): a period and an office, and two downloads of its
//! approved registrations from the staff API (`/v1/staff/exports/approved.csv` and `.zip`).
//! Exports are for supervisors and admins; a reviewer is told so.

use super::extract::PageSession;
use super::html::{esc, html, page as shell, t};
use super::{words, Here};
use crate::staff::exports::{headings, MAX_PERIOD_DAYS};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use vssid_core::Lang;

/// `YYYY-MM-DD` of a Unix time in Vietnam.
fn vietnam_date(ms: i64) -> String {
    let shown = vssid_core::datetime::vietnam_time_from_unix_ms(ms);
    // dd/mm/yyyy HH:mm
    format!("{}-{}-{}", &shown[6..10], &shown[3..5], &shown[..2])
}

/// `GET /console/export`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    PageSession(session): PageSession,
) -> Response {
    let lang = here.lang;
    let title = t(lang, "Xuất hồ sơ đã duyệt", "Export approved registrations");
    if !session.account.role.supervises() {
        let body = format!(
            "<h1>{title}</h1>\n<p>{}</p>",
            t(
                lang,
                "Chỉ giám sát viên và quản trị viên được xuất dữ liệu.",
                "Only supervisors and admins may export data."
            )
        );
        return html(
            StatusCode::OK,
            shell(lang, &here, title, Some(&session), &body),
        );
    }
    let today = vietnam_date(state.clock().now_ms());
    let first = format!("{}-01", &today[..7]);
    let offices: String = session
        .account
        .offices
        .iter()
        .map(|code| {
            format!(
                r#"<option value="{}">{}</option>"#,
                esc(code),
                esc(&words::office(&state, code))
            )
        })
        .collect();
    let all = if session.account.offices.len() > 1 {
        format!(
            r#"<option value="">{}</option>"#,
            t(lang, "Tất cả cơ quan của tôi", "All my offices")
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"<h1>{title}</h1>
<p>{lead}</p>
<form method="get" action="/v1/staff/exports/approved.csv" class="export">
<p><label for="export-office">{office}</label>
<select id="export-office" name="office">{all}{offices}</select></p>
<p><label for="export-from">{from}</label>
<input id="export-from" name="from" type="date" required value="{first}"></p>
<p><label for="export-to">{to}</label>
<input id="export-to" name="to" type="date" required value="{today}"></p>
<p><button type="submit" id="export-csv">{csv}</button>
<button type="submit" id="export-zip" formaction="/v1/staff/exports/approved.zip">{zip}</button></p>
</form>
<p class="hint">{columns}: {headings}.</p>
<p class="hint">{audit}</p>"#,
        lead = esc(&match lang {
            Lang::Vi => format!(
                "Các hồ sơ được duyệt trong khoảng ngày đã chọn (giờ Việt Nam, tối đa {MAX_PERIOD_DAYS} ngày). CSV mở được bằng Excel; tệp ZIP gồm CSV và ảnh của từng hồ sơ, đặt tên theo mã hồ sơ."
            ),
            Lang::En => format!(
                "The registrations approved on the days chosen (Vietnam time, at most {MAX_PERIOD_DAYS} days). The CSV opens in Excel; the ZIP holds the CSV and each registration's photos, named by reference."
            ),
        }),
        office = t(lang, "Cơ quan", "Office"),
        from = t(lang, "Từ ngày", "From"),
        to = t(lang, "Đến ngày", "To"),
        csv = t(lang, "Tải CSV", "Download CSV"),
        zip = t(lang, "Tải ZIP kèm ảnh", "Download ZIP with photos"),
        columns = t(lang, "Các cột", "Columns"),
        headings = esc(&headings(lang).join(", ")),
        audit = t(
            lang,
            "Mỗi lần xuất được ghi vào nhật ký truy cập.",
            "Every export is written to the audit log."
        ),
    );
    html(
        StatusCode::OK,
        shell(lang, &here, title, Some(&session), &body),
    )
}
