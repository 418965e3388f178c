//! The queue (`GET /console/?office=&status=&page=`, and a search by `POST /console/search`):
//! per office, how many registrations are in each status and how long the oldest waiting one
//! has waited; then the list of the office's queue (or of the statuses asked for, or the
//! search's results), oldest first, those past the review window marked overdue. The list is
//! the API's (`list_page`: the same scoping and audit line).

use super::extract::{ConsoleForm, PageSession};
use super::html::{csrf_field, esc, html, page as shell, problem_page, t, url_part};
use super::{words, Here};
use crate::client_addr::ClientAddr;
use crate::problem::{blocking, ApiProblem};
use crate::staff::registrations::{age_days, list_page, ListPage, ListParams};
use crate::staff::StaffSession;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use vssid_core::api::{review_overdue, RegistrationStatus, REVIEW_WINDOW_DAYS};
use vssid_core::Lang;

/// The statuses the counts show, in the order a registration goes through them.
fn counted(session: &StaffSession) -> Vec<RegistrationStatus> {
    RegistrationStatus::ALL
        .into_iter()
        .filter(|s| *s != RegistrationStatus::Received || session.account.role.supervises())
        .collect()
}

/// The counts table: a row per office, a column per status, each count a link to its list.
fn counts_table(
    state: &AppState,
    session: &StaffSession,
    lang: Lang,
    offices: &[String],
) -> Result<String, ApiProblem> {
    let counts = state.staff().status_counts(offices)?;
    let now = state.clock().now_ms();
    let statuses = counted(session);
    let mut head = format!(r#"<th scope="col">{}</th>"#, t(lang, "Cơ quan", "Office"));
    for status in &statuses {
        head.push_str(&format!(
            r#"<th scope="col">{}</th>"#,
            esc(words::status(lang, *status))
        ));
    }
    head.push_str(&format!(
        r#"<th scope="col">{}</th>"#,
        t(lang, "Chờ lâu nhất", "Longest wait")
    ));
    let mut rows = String::new();
    for office in offices {
        let mut cells = format!(
            r#"<th scope="row">{}</th>"#,
            esc(&words::office(state, office))
        );
        let mut oldest: Option<i64> = None;
        for status in &statuses {
            let found = counts
                .iter()
                .find(|c| &c.office == office && c.status == *status);
            let n = found.map_or(0, |c| c.count);
            if let Some(c) = found.filter(|c| c.status.with_the_office()) {
                oldest = Some(oldest.map_or(c.oldest_ms, |o| o.min(c.oldest_ms)));
            }
            cells.push_str(&format!(
                r#"<td><a href="/console/?office={}&amp;status={}" aria-label="{}: {n}">{n}</a></td>"#,
                url_part(office),
                status.as_str(),
                esc(words::status(lang, *status)),
            ));
        }
        let wait = match oldest {
            Some(ms) => {
                let age = age_days(ms, now);
                // The oldest waiting registration decides; its status is one with the office.
                if review_overdue(RegistrationStatus::Confirmed, age) {
                    format!(
                        r#"<td class="overdue">{} <strong>{}</strong></td>"#,
                        esc(&words::days(lang, age)),
                        t(lang, "Quá hạn", "Overdue")
                    )
                } else {
                    format!("<td>{}</td>", esc(&words::days(lang, age)))
                }
            }
            None => "<td>–</td>".to_string(),
        };
        cells.push_str(&wait);
        rows.push_str(&format!("<tr>{cells}</tr>\n"));
    }
    Ok(format!(
        r#"<section aria-labelledby="counts-heading">
<h2 id="counts-heading">{heading}</h2>
<div class="scroll"><table class="counts">
<thead><tr>{head}</tr></thead>
<tbody>
{rows}</tbody>
</table></div>
</section>"#,
        heading = t(lang, "Số hồ sơ theo trạng thái", "Registrations by status"),
    ))
}

/// The list's filters that are set (office, statuses, and the search text when `with_q`),
/// kept when a page turns or a search is made.
fn kept_filters(params: &ListParams, with_q: bool) -> impl Iterator<Item = (&'static str, &str)> {
    [
        ("office", params.office.as_deref()),
        ("status", params.status.as_deref()),
        ("q", params.q.as_deref().filter(|_| with_q)),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name, value.filter(|v| !v.is_empty())?)))
}

/// The session's CSRF token and the kept filters as a form's hidden fields.
fn hidden_fields(session: &StaffSession, params: &ListParams, with_q: bool) -> String {
    let mut fields = csrf_field(session);
    for (name, value) in kept_filters(params, with_q) {
        fields.push_str(&format!(
            r#"<input type="hidden" name="{name}" value="{}">"#,
            esc(value)
        ));
    }
    fields
}

/// The list of the page, with its caption and paging links.
fn list_table(lang: Lang, session: &StaffSession, params: &ListParams, list: &ListPage) -> String {
    let listed: Vec<&str> = list
        .statuses
        .iter()
        .map(|s| words::status(lang, *s))
        .collect();
    let mut rows = String::new();
    for item in &list.items {
        let (class, marker) = if item.overdue {
            (
                r#" class="overdue""#,
                format!(" <strong>{}</strong>", t(lang, "Quá hạn", "Overdue")),
            )
        } else {
            ("", String::new())
        };
        rows.push_str(&format!(
            r#"<tr{class}>
<td><a class="open" href="/console/registrations/{link}">{reference}</a></td>
<td>{name}</td>
<td>{status}</td>
<td>{office}</td>
<td>{since}</td>
<td>{age}{marker}</td>
</tr>
"#,
            link = url_part(&item.reference),
            reference = esc(&item.reference),
            name = esc(&item.full_name),
            status = words::status_badge(lang, item.status),
            office = esc(&item.office),
            since = esc(&words::time(
                item.confirmed_at.as_deref().unwrap_or(&item.received_at)
            )),
            age = esc(&words::days(lang, item.age_days)),
        ));
    }
    if list.items.is_empty() {
        rows = format!(
            r#"<tr><td colspan="6">{}</td></tr>"#,
            t(lang, "Không có hồ sơ nào.", "No registration.")
        );
    }
    let link = |page: u32| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in kept_filters(params, true) {
            query.append_pair(name, value);
        }
        query.append_pair("page", &page.to_string());
        format!("/console/?{}", query.finish())
    };
    // A search's pages are asked for as the search was: by POST, the text kept in the form.
    let searched = params.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    let turn = |page: u32, rel: &str, label: &str| {
        if !searched {
            return format!(r#"<a href="{}" rel="{rel}">{label}</a> "#, esc(&link(page)));
        }
        let fields = hidden_fields(session, params, true);
        format!(
            r#"<form method="post" action="/console/search" class="turn">{fields}<input type="hidden" name="page" value="{page}"><button type="submit" class="{rel}">{label}</button></form> "#
        )
    };
    let mut paging = String::new();
    if list.page > 1 {
        paging.push_str(&turn(
            list.page - 1,
            "prev",
            t(lang, "Trang trước", "Previous page"),
        ));
    }
    if u64::from(list.page) * u64::from(list.per_page) < list.total {
        paging.push_str(&turn(
            list.page + 1,
            "next",
            t(lang, "Trang sau", "Next page"),
        ));
    }
    format!(
        r#"<div class="scroll"><table class="queue" id="queue">
<caption>{caption}: {listed} · {total} {records} · {order}</caption>
<thead><tr><th scope="col">{c_ref}</th><th scope="col">{c_name}</th><th scope="col">{c_status}</th><th scope="col">{c_office}</th><th scope="col">{c_since}</th><th scope="col">{c_age}</th></tr></thead>
<tbody>
{rows}</tbody>
</table></div>
<nav class="paging" aria-label="{paging_label}">{paging}</nav>"#,
        caption = t(lang, "Danh sách", "List"),
        listed = esc(&listed.join(", ")),
        total = list.total,
        records = t(lang, "hồ sơ", "registrations"),
        order = t(lang, "cũ nhất trước", "oldest first"),
        c_ref = t(lang, "Mã hồ sơ", "Reference"),
        c_name = t(lang, "Họ và tên", "Full name"),
        c_status = t(lang, "Trạng thái", "Status"),
        c_office = t(lang, "Cơ quan", "Office"),
        c_since = t(lang, "Xác thực lúc", "Confirmed"),
        c_age = t(lang, "Số ngày chờ", "Waiting"),
        paging_label = t(lang, "Phân trang", "Pages"),
    )
}

/// The search form (its office and statuses kept). Sent by POST, with the session's CSRF
/// token: a name or an ID number typed here stays out of addresses, and so out of the
/// browser's history and the access logs of proxies.
fn search_form(lang: Lang, session: &StaffSession, params: &ListParams) -> String {
    let hidden = hidden_fields(session, params, false);
    format!(
        r#"<form method="post" action="/console/search" class="search" role="search">
{hidden}<label for="q">{label}</label>
<input id="q" name="q" type="search" maxlength="100" value="{value}" aria-describedby="q-hint">
<button type="submit">{submit}</button>
<span class="hint" id="q-hint">{hint}</span>
</form>"#,
        label = t(
            lang,
            "Tìm theo mã hồ sơ, họ tên, mã BHXH hoặc số CCCD",
            "Search by reference, name, BHXH code or ID number"
        ),
        value = esc(params.q.as_deref().unwrap_or("")),
        submit = t(lang, "Tìm", "Search"),
        hint = t(
            lang,
            "Phím tắt: / để tìm, J và K để chuyển giữa các hồ sơ, Enter để mở.",
            "Shortcuts: / to search, J and K to move between registrations, Enter to open."
        ),
    )
}

/// `GET /console/`: the queue (office, status and page in the address; a search is POSTed).
pub async fn page(
    State(state): State<AppState>,
    client: ClientAddr,
    here: Here,
    PageSession(session): PageSession,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Response {
    match params {
        Ok(Query(params)) => queue_page(state, client, here, session, params).await,
        Err(e) => {
            let problem = ApiProblem::bad_request(e.body_text());
            problem_page(here.lang, &here, Some(&session), problem)
        }
    }
}

/// `POST /console/search`: the queue with the search's results (the form's office, status,
/// text and page; its CSRF token checked first).
pub async fn search(
    State(state): State<AppState>,
    client: ClientAddr,
    here: Here,
    form: ConsoleForm,
) -> Response {
    let field = |name: &str| Some(form.value(name).to_string()).filter(|v| !v.is_empty());
    let page = match field("page").map(|p| p.parse::<u32>()) {
        None => None,
        Some(Ok(page)) => Some(page),
        Some(Err(_)) => {
            let problem = ApiProblem::bad_request("page: a whole number from 1");
            return problem_page(here.lang, &here, Some(&form.session), problem);
        }
    };
    let params = ListParams {
        office: field("office"),
        status: field("status"),
        q: field("q"),
        page,
    };
    let session = form.session.clone();
    queue_page(state, client, here, session, params).await
}

/// The queue page for `params`.
async fn queue_page(
    state: AppState,
    client: ClientAddr,
    here: Here,
    session: StaffSession,
    params: ListParams,
) -> Response {
    let lang = here.lang;
    let worker = session.clone();
    let shown = blocking(move || {
        let list = list_page(&state, &worker, client, &params)?;
        let offices = match params.office.as_deref().map(str::trim) {
            Some(office) if !office.is_empty() => vec![office.to_string()],
            _ => worker.account.offices.clone(),
        };
        let counts = counts_table(&state, &worker, lang, &offices)?;
        let body = format!(
            r#"<h1>{heading}</h1>
<p class="lead">{lead}</p>
{counts}
<section aria-labelledby="list-heading">
<h2 id="list-heading">{list_heading}</h2>
{search}
{table}
</section>"#,
            heading = t(lang, "Hàng chờ hồ sơ", "Registration queue"),
            lead = esc(&match lang {
                Lang::Vi => format!(
                    "Hồ sơ đã chờ từ {REVIEW_WINDOW_DAYS} ngày trở lên kể từ khi xác thực được đánh dấu “Quá hạn”."
                ),
                Lang::En => format!(
                    "Registrations that have waited {REVIEW_WINDOW_DAYS} days or more since confirmation are marked “Overdue”."
                ),
            }),
            list_heading = t(lang, "Hồ sơ", "Registrations"),
            search = search_form(lang, &worker, &params),
            table = list_table(lang, &worker, &params, &list),
        );
        Ok(body)
    })
    .await;
    match shown {
        Ok(body) => html(
            StatusCode::OK,
            shell(
                lang,
                &here,
                t(lang, "Hàng chờ hồ sơ", "Registration queue"),
                Some(&session),
                &body,
            ),
        ),
        Err(problem) => problem_page(lang, &here, Some(&session), problem),
    }
}
