//! A registration's page (`GET /console/registrations/{reference}`): the three photos side
//! by side at full resolution (each zooms to its own pixels), the declaration beside them,
//! possible duplicates, what the applicant changed in corrections (`changes.rs`), the history; and the office's actions, each a form posted with the
//! CSRF token: take it from the queue (`…/review`), and approve, reject or ask for changes
//! (`…/decision`) with the core's reasons; and the person's requests made in person
//! (`requests.rs`: the copy, the tờ khai, the erasure posted to `…/erase`). The reads and
//! moves are the API's (`registration_view`, `review_started`, `decision_recorded`,
//! `erased_in_person`): the same checks and audit.

use super::extract::{ConsoleForm, PageSession};
use super::html::{csrf_field, esc, html, page as shell, problem_page, see_other, t, url_part};
use super::{words, Here};
use crate::client_addr::ClientAddr;
use crate::problem::{blocking, ApiProblem};
use crate::staff::decisions::{decision_recorded, review_started};
use crate::staff::registrations::{registration_view, RegistrationView};
use crate::staff::requests::erased_in_person;
use crate::staff::StaffSession;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use vssid_core::api::decision::MAX_NOTE_CHARS;
use vssid_core::api::{
    is_photo, review_overdue, Decision, DecisionReason, DecisionRequest, PhotoSlot,
    RegistrationStatus, CORRECTABLE_FIELDS,
};
use vssid_core::fields::FieldId;
use vssid_core::Lang;

/// What a request for changes can name: the photos first, then the declaration's fields
/// the core lets an applicant correct (one list for the app, the console and the service).
fn changeable() -> impl Iterator<Item = FieldId> {
    let photos = CORRECTABLE_FIELDS.into_iter().filter(|f| is_photo(*f));
    let fields = CORRECTABLE_FIELDS.into_iter().filter(|f| !is_photo(*f));
    photos.chain(fields)
}

/// The page's address.
fn page_path(reference: &str) -> String {
    format!("/console/registrations/{}", url_part(reference))
}

/// A text value of the stored declaration.
fn declared<'a>(view: &'a RegistrationView, field: &str) -> &'a str {
    view.declaration
        .as_ref()
        .and_then(|d| d.get(field))
        .and_then(|v| v.as_str())
        .unwrap_or("")
}

/// The photos, side by side; each a link to the full picture, zoomed in place by the script
/// (its button, or the keys 1, 2, 3).
fn photos(lang: Lang, view: &RegistrationView) -> String {
    let name = declared(view, "full_name");
    let mut figures = String::new();
    for (n, slot) in PhotoSlot::ALL.into_iter().enumerate() {
        let field = slot.field();
        let label = field.label(lang);
        let Some(link) = view.photos.get(slot.part_name()) else {
            figures.push_str(&format!(
                r#"<figure class="photo"><p class="missing">{}</p><figcaption>{}</figcaption></figure>"#,
                t(lang, "Không có ảnh", "No photo"),
                esc(label)
            ));
            continue;
        };
        figures.push_str(&format!(
            r#"<figure class="photo" id="photo-{slot}">
<div class="frame"><a href="{link}" class="full"><img src="{link}" alt="{label}: {name}" id="img-{slot}"></a></div>
<figcaption>{n}. {label} <button type="button" class="zoom" data-zoom="photo-{slot}" aria-pressed="false" aria-keyshortcuts="{n}">{zoom}</button></figcaption>
</figure>
"#,
            slot = slot.part_name(),
            link = esc(link),
            label = esc(label),
            name = esc(name),
            n = n + 1,
            zoom = t(lang, "Phóng to", "Zoom"),
        ));
    }
    format!(
        r#"<section class="photos" aria-labelledby="photos-heading">
<h2 id="photos-heading">{heading}</h2>
<p class="hint">{hint}</p>
<div class="photo-row">
{figures}</div>
</section>"#,
        heading = t(lang, "Ảnh", "Photos"),
        hint = t(
            lang,
            "Ảnh ở độ phân giải gốc. Phím 1, 2, 3 (hoặc nút Phóng to) xem từng ảnh ở kích thước thật.",
            "Photos at full resolution. Keys 1, 2, 3 (or the Zoom button) show each at its real size."
        ),
    )
}

/// The declaration as stored, with the address's names.
fn declaration(state: &AppState, lang: Lang, view: &RegistrationView) -> String {
    if view.declaration.is_none() {
        return format!(
            r#"<section aria-labelledby="declaration-heading"><h2 id="declaration-heading">{}</h2><p>{}</p></section>"#,
            t(lang, "Tờ khai", "Declaration"),
            t(
                lang,
                "Người đăng ký đã rút lại đồng ý; dữ liệu cá nhân đã bị xóa.",
                "The applicant withdrew their consent; the personal data was deleted."
            )
        );
    }
    let units = state.units();
    let province = declared(view, "province");
    let commune = declared(view, "commune");
    let rows: Vec<(FieldId, String)> = vec![
        (FieldId::FullName, declared(view, "full_name").into()),
        (FieldId::BhxhCode, declared(view, "bhxh_code").into()),
        (FieldId::PersonId, declared(view, "person_id").into()),
        (FieldId::DateOfBirth, declared(view, "date_of_birth").into()),
        (FieldId::Street, declared(view, "street").into()),
        (
            FieldId::Commune,
            units
                .commune_name(commune)
                .unwrap_or_else(|| commune.to_string()),
        ),
        (
            FieldId::Province,
            units
                .province_name(province)
                .unwrap_or_else(|| province.to_string()),
        ),
        (FieldId::Phone, declared(view, "phone").into()),
        (FieldId::Email, declared(view, "email").into()),
        (FieldId::Office, words::office(state, &view.office)),
    ];
    let mut list = String::new();
    for (field, value) in rows.into_iter().filter(|(_, v)| !v.is_empty()) {
        list.push_str(&format!(
            "<dt>{}</dt><dd id=\"value-{}\">{}</dd>\n",
            esc(field.label(lang)),
            field.as_str(),
            esc(&value)
        ));
    }
    format!(
        r#"<section class="declaration" aria-labelledby="declaration-heading">
<h2 id="declaration-heading">{heading}</h2>
<dl>
{list}</dl>
</section>"#,
        heading = t(lang, "Tờ khai", "Declaration"),
    )
}

/// Possible duplicates (same BHXH code or ID number), flagged.
fn duplicates(lang: Lang, view: &RegistrationView) -> String {
    if view.possible_duplicates.is_empty() {
        return String::new();
    }
    let mut items = String::new();
    for d in &view.possible_duplicates {
        let which = match &d.reference {
            Some(reference) => format!(
                r#"<a href="{}">{}</a>"#,
                esc(&page_path(reference)),
                esc(reference)
            ),
            None => esc(t(
                lang,
                "hồ sơ của cơ quan khác",
                "a registration of another office",
            )),
        };
        items.push_str(&format!(
            "<li>{which} · {} · {}</li>\n",
            esc(&d.office),
            words::status_badge(lang, d.status)
        ));
    }
    format!(
        r#"<section class="duplicates" aria-labelledby="duplicates-heading">
<h2 id="duplicates-heading">{heading}</h2>
<p>{lead}</p>
<ul>
{items}</ul>
</section>"#,
        heading = t(lang, "Có thể trùng hồ sơ", "Possible duplicates"),
        lead = t(
            lang,
            "Các hồ sơ sau có cùng mã BHXH hoặc số CCCD:",
            "These registrations have the same BHXH code or ID number:"
        ),
    )
}

/// The history: received, confirmed, each decision.
fn history(lang: Lang, view: &RegistrationView) -> String {
    let mut items = format!(
        "<li>{} · {}</li>\n",
        esc(&words::time(&view.received_at)),
        t(lang, "Tiếp nhận", "Received")
    );
    if let Some(at) = &view.confirmed_at {
        items.push_str(&format!(
            "<li>{} · {}</li>\n",
            esc(&words::time(at)),
            t(
                lang,
                "Người đăng ký xác thực email",
                "The applicant confirmed the e-mail"
            )
        ));
    }
    for d in &view.decisions {
        let mut line = format!(
            "{} · {} · {}: {}",
            esc(&vssid_core::datetime::vietnam_time_from_unix_ms(d.at_ms)),
            esc(&d.staff_name),
            esc(words::decision(lang, d.decision)),
            esc(d.reason.label(lang)),
        );
        if !d.fields.is_empty() {
            let named: Vec<&str> = d.fields.iter().map(|f| f.label(lang)).collect();
            line.push_str(&format!(
                " · {}: {}",
                t(lang, "cần bổ sung", "to correct"),
                esc(&named.join(", "))
            ));
        }
        if let Some(name) = &d.account_name {
            line.push_str(&format!(
                " · {}: {}",
                t(lang, "tên đăng nhập", "user name"),
                esc(name)
            ));
        }
        if !d.note.is_empty() {
            line.push_str(&format!(" · “{}”", esc(&d.note)));
        }
        items.push_str(&format!("<li>{line}</li>\n"));
    }
    if let Some(at) = &view.withdrawn_at {
        items.push_str(&format!(
            "<li>{} · {}</li>\n",
            esc(&words::time(at)),
            t(
                lang,
                "Người đăng ký rút lại đồng ý",
                "The applicant withdrew"
            )
        ));
    }
    format!(
        r#"<section aria-labelledby="history-heading">
<h2 id="history-heading">{}</h2>
<ol class="history">
{items}</ol>
</section>"#,
        t(lang, "Lịch sử", "History"),
    )
}

/// The reasons that fit `decision`, as options.
fn reason_options(lang: Lang, decision: Decision) -> String {
    DecisionReason::ALL
        .into_iter()
        .filter(|r| r.fits(decision))
        .map(|r| {
            format!(
                r#"<option value="{}">{}</option>"#,
                r.as_str(),
                esc(r.label(lang))
            )
        })
        .collect()
}

/// One decision's form: its reasons, its own part (the user name, the fields), a note.
fn decision_form(
    lang: Lang,
    session: &StaffSession,
    view: &RegistrationView,
    decision: Decision,
) -> String {
    let id = match decision {
        Decision::Approve => "approve",
        Decision::Reject => "reject",
        Decision::RequestChanges => "changes",
    };
    let key = match decision {
        Decision::Approve => "A",
        Decision::Reject => "R",
        Decision::RequestChanges => "C",
    };
    let own = match decision {
        Decision::Approve => format!(
            r#"<p><label for="approve-account">{label}</label>
<input id="approve-account" name="account_name" required inputmode="numeric" autocomplete="off" value="{value}" aria-describedby="approve-account-hint">
<span class="hint" id="approve-account-hint">{hint}</span></p>"#,
            label = t(lang, "Tên đăng nhập đã cấp", "User name issued"),
            value = esc(declared(view, "bhxh_code")),
            hint = t(
                lang,
                "Mã BHXH của người đăng ký (tên đăng nhập VssID)",
                "The applicant's BHXH code (the VssID user name)"
            ),
        ),
        Decision::Reject => String::new(),
        Decision::RequestChanges => {
            let boxes: String = changeable()
                .map(|f| {
                    format!(
                        r#"<label class="check"><input type="checkbox" name="fields" value="{code}" id="changes-{code}"> {label}</label>"#,
                        code = f.as_str(),
                        label = esc(f.label(lang))
                    )
                })
                .collect();
            format!(
                r#"<fieldset><legend>{legend}</legend>{boxes}</fieldset>"#,
                legend = t(lang, "Mục cần bổ sung", "What to correct"),
            )
        }
    };
    format!(
        r#"<form method="post" action="{action}" class="decision decision-{id}" id="{id}-form" aria-labelledby="{id}-heading">
{csrf}<input type="hidden" name="decision" value="{decision}">
<h3 id="{id}-heading">{title} <kbd>{key}</kbd></h3>
<p><label for="{id}-reason">{reason}</label>
<select id="{id}-reason" name="reason">{options}</select></p>
{own}
<p><label for="{id}-note">{note}</label>
<textarea id="{id}-note" name="note" rows="2" maxlength="{MAX_NOTE_CHARS}"></textarea></p>
<p><button type="submit" id="{id}-submit">{submit}</button></p>
</form>"#,
        action = esc(&format!("{}/decision", page_path(&view.reference))),
        csrf = csrf_field(session),
        decision = decision.as_str(),
        title = esc(words::decision(lang, decision)),
        reason = t(lang, "Lý do", "Reason"),
        options = reason_options(lang, decision),
        note = t(
            lang,
            "Ghi chú (bắt buộc với “Lý do khác”)",
            "Note (required with “Another reason”)"
        ),
        submit = esc(words::decision(lang, decision)),
    )
}

/// The actions the status allows, and the refusal of the last one when there was one.
fn actions(
    lang: Lang,
    session: &StaffSession,
    view: &RegistrationView,
    refusal: Option<&str>,
) -> String {
    let error = match refusal {
        Some(message) => format!(r#"<p role="alert" class="error">{}</p>"#, esc(message)),
        None => String::new(),
    };
    if !view.status.with_the_office() {
        return format!(
            r#"<section aria-labelledby="actions-heading"><h2 id="actions-heading">{}</h2>{error}<p>{}</p></section>"#,
            t(lang, "Quyết định", "Decision"),
            t(
                lang,
                "Hồ sơ không ở trong hàng chờ của cơ quan: không có thao tác nào.",
                "The registration is not in the office's queue: nothing to do."
            )
        );
    }
    let review = if matches!(
        view.status,
        RegistrationStatus::Confirmed | RegistrationStatus::Resubmitted
    ) {
        format!(
            r#"<form method="post" action="{action}" class="review">{csrf}<button type="submit" id="review-start">{label}</button></form>"#,
            action = esc(&format!("{}/review", page_path(&view.reference))),
            csrf = csrf_field(session),
            label = t(lang, "Nhận xử lý hồ sơ này", "Take this registration"),
        )
    } else {
        String::new()
    };
    format!(
        r#"<section class="actions" aria-labelledby="actions-heading">
<h2 id="actions-heading">{heading}</h2>
{error}
<p class="hint">{hint}</p>
{review}
<div class="decisions">
{approve}
{reject}
{changes}
</div>
</section>"#,
        heading = t(lang, "Quyết định", "Decision"),
        hint = t(
            lang,
            "Phím tắt: A duyệt, R từ chối, C yêu cầu bổ sung, Q về hàng chờ.",
            "Shortcuts: A approve, R reject, C request changes, Q back to the queue."
        ),
        approve = decision_form(lang, session, view, Decision::Approve),
        reject = decision_form(lang, session, view, Decision::Reject),
        changes = decision_form(lang, session, view, Decision::RequestChanges),
    )
}

/// The whole page of a registration.
fn registration_page(
    state: &AppState,
    here: &Here,
    session: &StaffSession,
    view: &RegistrationView,
    refusal: Option<&str>,
) -> String {
    let lang = here.lang;
    let name = declared(view, "full_name");
    let overdue = if review_overdue(view.status, view.age_days) {
        format!(
            " <strong class=\"overdue\">{}</strong>",
            t(lang, "Quá hạn", "Overdue")
        )
    } else {
        String::new()
    };
    let body = format!(
        r#"<p><a href="/console/" id="back">{back}</a></p>
<h1>{heading} {reference}</h1>
<p class="summary">{name} · {status} · {waited}{overdue}</p>
{duplicates}
<div class="review-grid">
{photos}
{declaration}
</div>
{changes}
{actions}
{requests}
{history}"#,
        back = t(lang, "← Về hàng chờ", "← Back to the queue"),
        heading = t(lang, "Hồ sơ", "Registration"),
        reference = esc(&view.reference),
        name = esc(name),
        status = words::status_badge(lang, view.status),
        waited = esc(&match lang {
            Lang::Vi => format!("đã chờ {}", words::days(lang, view.age_days)),
            Lang::En => format!("waiting {}", words::days(lang, view.age_days)),
        }),
        duplicates = duplicates(lang, view),
        photos = photos(lang, view),
        declaration = declaration(state, lang, view),
        changes = super::changes::resubmissions(state, lang, &view.resubmissions),
        actions = actions(lang, session, view, refusal),
        requests = super::requests::section(lang, session, view),
        history = history(lang, view),
    );
    let title = format!("{} {}", t(lang, "Hồ sơ", "Registration"), view.reference);
    shell(lang, here, &title, Some(session), &body)
}

/// The page after a refused action (its status: 409, 422 …), read again (a view, audited).
async fn refused(
    state: AppState,
    client: ClientAddr,
    here: Here,
    session: StaffSession,
    reference: String,
    problem: ApiProblem,
) -> Response {
    let lang = here.lang;
    if matches!(problem.0.status, 401 | 404) {
        return problem_page(lang, &here, Some(&session), problem);
    }
    let message = match lang {
        Lang::Vi => problem.0.vi.clone(),
        Lang::En => problem.0.en.clone(),
    };
    let status = StatusCode::from_u16(problem.0.status).unwrap_or(StatusCode::BAD_REQUEST);
    let here = Here::at(lang, &page_path(&reference));
    let worker = session.clone();
    let shown = blocking(move || {
        let view = registration_view(&state, &worker, client, &reference)?;
        Ok(registration_page(
            &state,
            &here,
            &worker,
            &view,
            Some(&message),
        ))
    })
    .await;
    match shown {
        Ok(page) => html(status, page),
        Err(problem) => problem_page(lang, &Here::at(lang, "/console/"), Some(&session), problem),
    }
}

/// `GET /console/registrations/{reference}`.
pub async fn page(
    State(state): State<AppState>,
    client: ClientAddr,
    here: Here,
    PageSession(session): PageSession,
    Path(reference): Path<String>,
) -> Response {
    let worker = session.clone();
    let page_here = here.clone();
    let shown = blocking(move || {
        let view = registration_view(&state, &worker, client, &reference)?;
        Ok(registration_page(&state, &page_here, &worker, &view, None))
    })
    .await;
    match shown {
        Ok(page) => html(StatusCode::OK, page),
        Err(problem) => problem_page(here.lang, &here, Some(&session), problem),
    }
}

/// `POST /console/registrations/{reference}/review`: in review, back to the page.
pub async fn start_review(
    State(state): State<AppState>,
    client: ClientAddr,
    here: Here,
    Path(reference): Path<String>,
    form: ConsoleForm,
) -> Response {
    let session = form.session;
    let (worker, moved_state, moved_reference) =
        (session.clone(), state.clone(), reference.clone());
    match blocking(move || review_started(&moved_state, &worker, client, &moved_reference)).await {
        Ok(_) => see_other(&page_path(&reference)),
        Err(problem) => refused(state, client, here, session, reference, problem).await,
    }
}

/// The decision the form asks for (`None`: the form was not made by the page).
fn decision_request(form: &ConsoleForm) -> Option<DecisionRequest> {
    let decision = Decision::parse(form.value("decision"))?;
    let reason = DecisionReason::parse(form.value("reason"))?;
    let fields = form
        .values("fields")
        .map(FieldId::parse)
        .collect::<Option<Vec<_>>>()?;
    let account_name = Some(form.value("account_name").trim())
        .filter(|name| !name.is_empty())
        .map(str::to_string);
    Some(DecisionRequest {
        decision,
        reason,
        note: form.value("note").to_string(),
        fields,
        account_name,
    })
}

/// `POST /console/registrations/{reference}/decision`: recorded, back to the page; a refusal
/// is shown on the page.
pub async fn decide(
    State(state): State<AppState>,
    client: ClientAddr,
    here: Here,
    Path(reference): Path<String>,
    form: ConsoleForm,
) -> Response {
    let Some(request) = decision_request(&form) else {
        let problem = ApiProblem::bad_request("the form's decision, reason or fields are unknown");
        return problem_page(here.lang, &here, Some(&form.session), problem);
    };
    let session = form.session;
    let (worker, moved_state, moved_reference) =
        (session.clone(), state.clone(), reference.clone());
    let outcome = blocking(move || {
        decision_recorded(&moved_state, &worker, client, &moved_reference, &request)
    })
    .await;
    match outcome {
        Ok(_) => see_other(&page_path(&reference)),
        Err(problem) => refused(state, client, here, session, reference, problem).await,
    }
}

/// `POST /console/registrations/{reference}/erase`: erased, back to the page (which now shows
/// the minimal record); a refusal is shown on the page.
pub async fn erase(
    State(state): State<AppState>,
    client: ClientAddr,
    here: Here,
    Path(reference): Path<String>,
    form: ConsoleForm,
) -> Response {
    let session = form.session.clone();
    if !form
        .value("confirm")
        .trim()
        .eq_ignore_ascii_case(reference.trim())
    {
        return refused(
            state,
            client,
            here,
            session,
            reference,
            super::requests::not_confirmed(),
        )
        .await;
    }
    let (worker, moved_state, moved_reference) =
        (session.clone(), state.clone(), reference.clone());
    let outcome =
        blocking(move || erased_in_person(&moved_state, &worker, client, &moved_reference)).await;
    match outcome {
        Ok(_) => see_other(&page_path(&reference)),
        Err(problem) if problem.0.status == 403 => {
            problem_page(here.lang, &here, Some(&session), problem)
        }
        Err(problem) => refused(state, client, here, session, reference, problem).await,
    }
}
