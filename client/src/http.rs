//! The HTTP stack under the API client: the reqwest client (on native targets rustls on the
//! ring provider with the webpki roots, no system TLS library, no redirects followed) and one
//! request sent and its whole answer read (on wasm through the browser's fetch with
//! `redirect: "error"`, `browser_fetch`).

use crate::error::ApiError;
use crate::exchange::{Answer, SendError};
#[cfg(not(target_arch = "wasm32"))]
use std::sync::Arc;
#[cfg(not(target_arch = "wasm32"))]
use std::time::Duration;

/// The HTTP client the API client uses: on native targets rustls on the ring provider with
/// the webpki roots (no system TLS library), on wasm the browser's fetch.
#[cfg(not(target_arch = "wasm32"))]
pub fn http_client() -> Result<reqwest::Client, ApiError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|_| ApiError::InvalidBaseUrl)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        // A redirect is an answer, never followed: a 307 would re-send the registration
        // (identity and photos) to wherever it points.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("vssid/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|_| ApiError::InvalidBaseUrl)
}

/// The HTTP client the API client uses to build requests on wasm; they are sent by the
/// browser's fetch without following redirects (`browser_fetch`).
#[cfg(target_arch = "wasm32")]
pub fn http_client() -> Result<reqwest::Client, ApiError> {
    reqwest::Client::builder()
        .build()
        .map_err(|_| ApiError::InvalidBaseUrl)
}

/// One request and its whole answer, through reqwest (which follows no redirect:
/// [`http_client`]).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) async fn send(request: reqwest::RequestBuilder) -> Result<Answer, SendError> {
    let sent = async move {
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers();
        let retry_after = headers
            .get("Retry-After")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let etag = headers
            .get("ETag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.bytes().await?.to_vec();
        Ok::<Answer, reqwest::Error>(Answer {
            status,
            retry_after,
            etag,
            body,
        })
    };
    sent.await.map_err(|error| {
        if error.is_builder() {
            SendError::Builder
        } else if error.is_timeout() {
            SendError::Timeout
        } else {
            SendError::Network
        }
    })
}

/// One request and its whole answer, through the browser's fetch with `redirect: "error"`
/// (reqwest 0.13's wasm client has no redirect setting and lets the browser follow them,
/// re-sending the body of a 307 to wherever it points).
#[cfg(target_arch = "wasm32")]
pub(crate) async fn send(request: reqwest::RequestBuilder) -> Result<Answer, SendError> {
    let request = request.build().map_err(|_| SendError::Builder)?;
    crate::browser_fetch::send(&request).await
}
