//! The browser's `fetch` for the API client on the web, with `redirect: "error"`.
//!
//! reqwest 0.13's wasm client (`src/wasm/client.rs`, `fetch`) builds the browser request
//! itself and offers no redirect setting, so the browser's default (`follow`) applies: a 307
//! would re-send the registration body to wherever it points. Here reqwest only builds the
//! request; this module hands it to `fetch` with `redirect: "error"`, so any redirect ends
//! the exchange as a network error (the attempt is reported as offline, nothing is re-sent).

use crate::exchange::{Answer, SendError};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The `RequestInit` the API's requests are sent with: CORS, no credentials, no redirects.
pub(crate) fn request_init(method: &str) -> web_sys::RequestInit {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_redirect(web_sys::RequestRedirect::Error);
    init
}

/// Sends `request` and reads its whole answer.
pub(crate) async fn send(request: &reqwest::Request) -> Result<Answer, SendError> {
    let init = request_init(request.method().as_str());
    let headers = web_sys::Headers::new().map_err(|_| SendError::Builder)?;
    for (name, value) in request.headers() {
        let value = value.to_str().map_err(|_| SendError::Builder)?;
        headers
            .append(name.as_str(), value)
            .map_err(|_| SendError::Builder)?;
    }
    init.set_headers(&headers);
    if let Some(bytes) = request.body().and_then(|body| body.as_bytes()) {
        if !bytes.is_empty() {
            init.set_body(&js_sys::Uint8Array::from(bytes));
        }
    }
    let browser_request = web_sys::Request::new_with_str_and_init(request.url().as_str(), &init)
        .map_err(|_| SendError::Builder)?;
    let promise = match web_sys::window() {
        Some(window) => window.fetch_with_request(&browser_request),
        None => js_sys::global()
            .unchecked_into::<web_sys::WorkerGlobalScope>()
            .fetch_with_request(&browser_request),
    };
    let response: web_sys::Response = JsFuture::from(promise)
        .await
        .map_err(|_| SendError::Network)?
        .dyn_into()
        .map_err(|_| SendError::Network)?;
    let answer_headers = response.headers();
    let header = |name: &str| answer_headers.get(name).ok().flatten();
    let retry_after = header("Retry-After")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let etag = header("ETag");
    let buffer = response.array_buffer().map_err(|_| SendError::Network)?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|_| SendError::Network)?;
    Ok(Answer {
        status: response.status(),
        retry_after,
        etag,
        body: js_sys::Uint8Array::new(&buffer).to_vec(),
    })
}
