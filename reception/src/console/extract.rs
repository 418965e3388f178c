//! What a console page takes from its request: the page's address and language ([`Here`]),
//! the signed-in account ([`PageSession`]: none leads to the sign-in page), and a posted form
//! ([`ConsoleForm`]: the session, then the session's CSRF token in the form's `csrf_token`
//! field, compared as the API compares its header, before the handler runs).

use super::html::{problem_page, see_other, SIGN_IN};
use super::Here;
use crate::staff::sessions::{csrf_matches, live_session};
use crate::staff::{StaffProblem, StaffSession};
use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::Response;
use vssid_core::Lang;

/// The longest form body, in bytes (a decision's note is at most 500 characters).
const MAX_FORM_BYTES: usize = 16 * 1024;

impl<S: Send + Sync> FromRequestParts<S> for Here {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Here>()
            .cloned()
            .unwrap_or_else(|| Here::at(Lang::Vi, parts.uri.path())))
    }
}

/// A page's signed-in account.
pub struct PageSession(pub StaffSession);

impl FromRequestParts<AppState> for PageSession {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let here = Here::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        live_session(&parts.headers, state)
            .await
            .map(PageSession)
            .map_err(|problem| problem_page(here.lang, &here, None, problem))
    }
}

/// A form posted from a console page by a signed-in account, its CSRF token checked.
pub struct ConsoleForm {
    pub session: StaffSession,
    pub fields: Vec<(String, String)>,
}

impl ConsoleForm {
    /// The first value of the field `name` (empty when absent).
    pub fn value(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of the field `name` (checkboxes).
    pub fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The fields of a form body (`application/x-www-form-urlencoded`), or a page saying it is
/// too large.
pub async fn form_fields(request: Request, here: &Here) -> Result<Vec<(String, String)>, Response> {
    let bytes = axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES)
        .await
        .map_err(|_| {
            problem_page(
                here.lang,
                here,
                None,
                crate::problem::ApiProblem::bad_request("the form is too large"),
            )
        })?;
    Ok(form_urlencoded::parse(&bytes).into_owned().collect())
}

impl FromRequest<AppState> for ConsoleForm {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let here = Here::from_request_parts(&mut parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        let session = match live_session(&parts.headers, state).await {
            Ok(session) => session,
            Err(problem) if problem.0.status == 401 => return Err(see_other(SIGN_IN)),
            Err(problem) => return Err(problem_page(here.lang, &here, None, problem)),
        };
        let fields = form_fields(Request::from_parts(parts, body), &here).await?;
        let form = ConsoleForm { session, fields };
        if !csrf_matches(form.value("csrf_token"), &form.session) {
            return Err(problem_page(
                here.lang,
                &here,
                Some(&form.session),
                StaffProblem::CsrfToken.into(),
            ));
        }
        Ok(form)
    }
}
