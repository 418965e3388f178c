//! The office console's web pages at `/console/`: HTML made here on the server, plain CSS
//! and a little script for keyboard shortcuts and the photos' zoom. Vietnamese first,
//! English on `?lang=en` (remembered in a cookie). The pages call the same staff functions as
//! the JSON API (`crate::staff`): the same session and lockout, the same office scoping (404
//! for another office's registration), the same decisions and the same audit lines. Forms
//! carry the session's CSRF token in a hidden field, checked before anything else.

mod assets;
mod changes;
mod export;
mod extract;
mod html;
mod queue;
mod registration;
mod requests;
mod sign_in;
mod words;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use vssid_core::Lang;

use crate::AppState;

/// The cookie that keeps the console's language.
pub const LANG_COOKIE: &str = "vssid_console_lang";

/// The address of the page asked for, without its `lang` parameter (for the language switch),
/// and the page's language.
#[derive(Debug, Clone)]
pub struct Here {
    pub lang: Lang,
    path: String,
    query: Vec<(String, String)>,
}

impl Here {
    /// The same address in `lang`.
    pub fn with_lang(&self, lang: &str) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.query {
            query.append_pair(name, value);
        }
        query.append_pair("lang", lang);
        format!("{}?{}", self.path, query.finish())
    }

    /// A page's own address (for pages answered to a form).
    pub fn at(lang: Lang, path: &str) -> Here {
        Here {
            lang,
            path: path.to_string(),
            query: Vec::new(),
        }
    }
}

/// The console's pages and files.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/console",
            get(|| async { Redirect::permanent("/console/") }),
        )
        .route("/console/", get(queue::page))
        // The language switch of a search's page asks for it by GET: back to the queue.
        .route(
            "/console/search",
            get(|| async { Redirect::to("/console/") }).post(queue::search),
        )
        .route(
            "/console/sign-in",
            get(sign_in::page).post(sign_in::sign_in),
        )
        .route("/console/sign-out", post(sign_in::sign_out))
        .route(
            "/console/registrations/{reference}",
            get(registration::page),
        )
        .route(
            "/console/registrations/{reference}/review",
            post(registration::start_review),
        )
        .route(
            "/console/registrations/{reference}/decision",
            post(registration::decide),
        )
        .route(
            "/console/registrations/{reference}/erase",
            post(registration::erase),
        )
        .route("/console/export", get(export::page))
        .route("/console/console.css", get(assets::css))
        .route("/console/console.js", get(assets::js))
        .layer(middleware::from_fn(language_and_headers))
}

/// The language of the request (`?lang=`, else the cookie, else Vietnamese), kept in the
/// cookie when asked for; and the headers every console answer carries: no framing, no
/// other origin's scripts, styles, images or form targets, no referrer.
async fn language_and_headers(mut request: Request, next: Next) -> Response {
    let asked = request
        .uri()
        .query()
        .into_iter()
        .flat_map(|q| form_urlencoded::parse(q.as_bytes()))
        .find(|(name, _)| name == "lang")
        .and_then(|(_, value)| Lang::from_tag(&value));
    let remembered = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Lang::from_tag(value.trim()));
    let lang = asked.or(remembered).unwrap_or_default();
    let query: Vec<(String, String)> = request
        .uri()
        .query()
        .into_iter()
        .flat_map(|q| form_urlencoded::parse(q.as_bytes()).into_owned())
        .filter(|(name, _)| name != "lang")
        .collect();
    let here = Here {
        lang,
        path: request.uri().path().to_string(),
        query,
    };
    request.extensions_mut().insert(here);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(lang) = asked {
        if let Ok(cookie) = HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; HttpOnly; Secure; SameSite=Strict; Path=/console; Max-Age=31536000",
            lang.tag()
        )) {
            headers.append(header::SET_COOKIE, cookie);
        }
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
