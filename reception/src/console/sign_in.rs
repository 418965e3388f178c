//! Signing in and out of the console: the form (e-mail, password, and a 6-digit
//! authenticator code field named `totp`), checked by the same login as
//! `POST /v1/staff/session` (lockout, audit, session and cookie); signing out ends the session
//! as `DELETE /v1/staff/session` does.

use super::extract::{form_fields, ConsoleForm};
use super::html::{esc, html, page as shell, see_other, t, SIGN_IN};
use super::Here;
use crate::client_addr::ClientAddr;
use crate::problem::{blocking, ApiProblem};
use crate::staff::audit::client_text;
use crate::staff::sessions::{check_login, cleared_cookie, end_session, session_cookie, Login};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use vssid_core::api::StaffLogin;
use vssid_core::Lang;

/// The sign-in form, with the address typed and the refusal when there was one.
fn form_page(here: &Here, email: &str, refusal: Option<&str>) -> String {
    let lang = here.lang;
    let error = match refusal {
        Some(message) => format!(
            r#"<p role="alert" class="error" id="sign-in-error">{}</p>"#,
            esc(message)
        ),
        None => String::new(),
    };
    let described = if refusal.is_some() {
        r#" aria-describedby="sign-in-error""#
    } else {
        ""
    };
    let body = format!(
        r#"<h1>{heading}</h1>
{error}
<form method="post" action="/console/sign-in" class="sign-in">
<p><label for="email">{email_label}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="{email}"{described}></p>
<p><label for="password">{password_label}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><label for="totp">{totp_label}</label>
<input id="totp" name="totp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{{6}}" maxlength="6" aria-describedby="totp-hint">
<span class="hint" id="totp-hint">{totp_hint}</span></p>
<p><button type="submit" id="sign-in">{submit}</button></p>
</form>"#,
        heading = t(lang, "Đăng nhập", "Sign in"),
        email_label = t(lang, "Email công vụ", "Work e-mail"),
        email = esc(email),
        password_label = t(lang, "Mật khẩu", "Password"),
        totp_label = t(lang, "Mã xác thực (nếu có)", "Authenticator code (if any)"),
        totp_hint = t(
            lang,
            "6 chữ số trong ứng dụng xác thực, khi tài khoản có bật xác thực hai bước",
            "The 6 digits of your authenticator app, when the account has two-step sign-in"
        ),
        submit = t(lang, "Đăng nhập", "Sign in"),
    );
    shell(lang, here, t(lang, "Đăng nhập", "Sign in"), None, &body)
}

/// `GET /console/sign-in`.
pub async fn page(here: Here) -> Response {
    html(StatusCode::OK, form_page(&here, "", None))
}

/// `POST /console/sign-in`: the login; on success the session cookie and the queue.
pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    here: Here,
    request: Request,
) -> Result<Response, Response> {
    let fields = form_fields(request, &here).await?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let email = field("email");
    let totp = field("totp");
    let login = StaffLogin {
        email: email.clone(),
        password: field("password"),
        // An empty code field is no code.
        totp: (!totp.trim().is_empty()).then_some(totp),
    };
    let outcome = blocking(move || check_login(&state, &login, &client_text(client)))
        .await
        .map_err(|problem| refused_page(&here, &email, problem))?;
    match outcome {
        Login::Opened { token, .. } => {
            let mut response = see_other("/console/");
            response
                .headers_mut()
                .insert(header::SET_COOKIE, session_cookie(&token));
            Ok(response)
        }
        Login::Refused(problem) => Err(refused_page(&here, &email, problem)),
    }
}

/// The form again with the login's refusal (its status, and `Retry-After` when locked).
fn refused_page(here: &Here, email: &str, problem: ApiProblem) -> Response {
    let message = match here.lang {
        Lang::Vi => problem.0.vi.clone(),
        Lang::En => problem.0.en.clone(),
    };
    let status = StatusCode::from_u16(problem.0.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = html(status, form_page(here, email, Some(&message)));
    if let Some(seconds) = problem.0.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// `POST /console/sign-out`: ends the session, clears the cookie, back to the sign-in page.
pub async fn sign_out(
    State(state): State<AppState>,
    client: ClientAddr,
    here: Here,
    form: ConsoleForm,
) -> Response {
    let session = form.session;
    match blocking(move || end_session(&state, &session, client)).await {
        Ok(()) => {
            let mut response = see_other(SIGN_IN);
            response
                .headers_mut()
                .insert(header::SET_COOKIE, cleared_cookie());
            response
        }
        Err(problem) => super::html::problem_page(here.lang, &here, None, problem),
    }
}
