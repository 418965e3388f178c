//! The console's HTML: escaping (every text from the store or the request goes through
//! [`esc`]), the page shell (language, header, navigation, sign-out form) and the answers
//! every page shares (a problem as a page, the way to the sign-in page).

use super::Here;
use crate::problem::ApiProblem;
use crate::staff::StaffSession;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use vssid_core::Lang;

/// The sign-in page's address.
pub const SIGN_IN: &str = "/console/sign-in";

/// Text for HTML content and quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A path segment or query value (the references are `[A-Z0-9-]`, but nothing is assumed).
pub fn url_part(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Vietnamese or English.
pub fn t(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// The hidden field that carries the session's CSRF token in a form.
pub fn csrf_field(session: &StaffSession) -> String {
    format!(
        r#"<input type="hidden" name="csrf_token" value="{}">"#,
        esc(&session.csrf_token)
    )
}

/// A whole page: `title` (already plain text), `body` (HTML) in `<main>`, the header with
/// the account, navigation and sign-out when signed in, and the language switch to the
/// same address.
pub fn page(
    lang: Lang,
    here: &Here,
    title: &str,
    session: Option<&StaffSession>,
    body: &str,
) -> String {
    let console = t(lang, "Bàn tiếp nhận VssID", "VssID reception console");
    let (other, other_name) = match lang {
        Lang::Vi => ("en", "English"),
        Lang::En => ("vi", "Tiếng Việt"),
    };
    let switch = format!(
        r#"<a class="lang" href="{}" lang="{other}" hreflang="{other}">{other_name}</a>"#,
        esc(&here.with_lang(other))
    );
    let account = match session {
        Some(session) => format!(
            r#"<nav aria-label="{nav}"><a href="/console/">{queue}</a> <a href="/console/export">{export}</a></nav>
<p class="who">{name} · {offices}</p>
<form method="post" action="/console/sign-out" class="sign-out">{csrf}<button type="submit">{sign_out}</button></form>"#,
            nav = t(lang, "Điều hướng", "Navigation"),
            queue = t(lang, "Hàng chờ", "Queue"),
            export = t(lang, "Xuất dữ liệu", "Export"),
            name = esc(&session.account.name),
            offices = esc(&session.account.offices.join(", ")),
            csrf = csrf_field(session),
            sign_out = t(lang, "Đăng xuất", "Sign out"),
        ),
        None => String::new(),
    };
    format!(
        r##"<!doctype html>
<html lang="{tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {console}</title>
<link rel="stylesheet" href="/console/console.css">
<script src="/console/console.js" defer></script>
</head>
<body>
<a class="skip" href="#main">{skip}</a>
<header class="bar">
<p class="brand">{console}</p>
{account}
{switch}
</header>
<main id="main" tabindex="-1">
{body}
</main>
</body>
</html>
"##,
        tag = lang.tag(),
        title = esc(title),
        skip = t(
            lang,
            "Bỏ qua đến nội dung chính",
            "Skip to the main content"
        ),
    )
}

/// A page answer with its status, never cached.
pub fn html(status: StatusCode, page: String) -> Response {
    let mut response = (status, page).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `303 See Other` to `to` (after a form, or to the sign-in page).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A problem of the staff functions as a page: no session leads to the sign-in page, any
/// other is told in the page's language with its status (and `Retry-After`).
pub fn problem_page(
    lang: Lang,
    here: &Here,
    session: Option<&StaffSession>,
    problem: ApiProblem,
) -> Response {
    if problem.0.status == 401 {
        return see_other(SIGN_IN);
    }
    let status = StatusCode::from_u16(problem.0.status).unwrap_or(StatusCode::BAD_REQUEST);
    let message = match lang {
        Lang::Vi => &problem.0.vi,
        Lang::En => &problem.0.en,
    };
    let title = if status == StatusCode::NOT_FOUND {
        t(lang, "Không tìm thấy", "Not found")
    } else {
        t(lang, "Không thực hiện được", "Could not be done")
    };
    let body = format!(
        r#"<h1>{title}</h1>
<p role="alert" class="error">{message}</p>
<p><a href="/console/">{back}</a></p>"#,
        message = esc(message),
        back = t(lang, "Về hàng chờ", "Back to the queue"),
    );
    let mut response = html(status, page(lang, here, title, session, &body));
    if let Some(seconds) = problem.0.retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            esc(r#"<b a="1" b='2'>&</b>"#),
            "&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;&lt;/b&gt;"
        );
        assert_eq!(esc("Nguyễn Thị Ánh"), "Nguyễn Thị Ánh");
        assert_eq!(url_part("a b/&?"), "a+b%2F%26%3F");
    }
}
