//! The HTTP routes of `/v1`: office directory, registrations, e-mail codes and status; errors
//! as `application/problem+json`; rate limiting, body limits and timeouts around them.

use crate::client_addr::ClientAddr;
pub use crate::problem::ApiProblem;
use crate::AppState;
use axum::extract::{ConnectInfo, DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use vssid_core::api::{
    ProblemCode, IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, PROBLEM_CONTENT_TYPE,
};

mod handlers;
mod registering;
mod resubmitting;
use handlers::*;
pub use registering::write_missing_first_mails;
/// The router of the whole API, with its limits.
pub fn router(state: AppState) -> Router {
    let limits = state.config().limits.clone();
    let timeout = state.config().request_timeout();
    Router::new()
        .route("/v1/offices", get(list_offices))
        .route("/v1/registrations", post(create_registration))
        .route("/v1/privacy", get(crate::rights::privacy_notice))
        .route(
            "/v1/registrations/{id}",
            get(registration_state).delete(crate::rights::withdraw),
        )
        .route(
            "/v1/registrations/{id}/data",
            get(crate::rights::registration_data),
        )
        .route(
            "/v1/registrations/{id}/declaration",
            get(resubmitting::declaration),
        )
        .route(
            "/v1/registrations/{id}/resubmission",
            post(resubmitting::resubmission),
        )
        .route(
            "/v1/registrations/{id}/declaration.pdf",
            get(crate::declaration_pdf::for_applicant),
        )
        .route("/v1/registrations/{id}/otp", post(confirm_otp))
        .route("/v1/registrations/{id}/otp/resend", post(resend_otp))
        .merge(crate::staff::routes())
        .merge(crate::console::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            resolve_client,
        ))
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(middleware::from_fn(plain_errors_as_problems))
        .layer(middleware::from_fn_with_state(state.clone(), shed_load))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(cors(&state.config().allowed_origins))
        .with_state(state)
}

/// The span of a request: its method and route template (`/v1/registrations/{id}/otp`), never
/// its path, which holds the registration id (the applicant's only credential).
fn request_span(request: &Request) -> tracing::Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(no route)", MatchedPath::as_str);
    tracing::debug_span!("request", method = %request.method(), route)
}

/// Which web pages on other origins may call the API: only the configured ones (outermost,
/// so that refusals such as 429 and 408 are readable by those pages too). With none
/// configured no CORS header is sent, and browsers keep other origins out.
fn cors(allowed_origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = allowed_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            header::IF_NONE_MATCH,
            header::AUTHORIZATION,
            header_name(IDEMPOTENCY_KEY_HEADER),
        ])
        .expose_headers([
            header::LOCATION,
            header::RETRY_AFTER,
            header::ETAG,
            header_name(IDEMPOTENT_REPLAYED_HEADER),
        ])
        .max_age(std::time::Duration::from_secs(600))
}

/// The API's own header names (constants, so always valid; stored lower-case).
fn header_name(name: &'static str) -> HeaderName {
    HeaderName::from_bytes(name.as_bytes()).expect("the API's header names are valid")
}

/// Turns the plain-text errors of the layers (413 body too large, 408 timeout) into problem
/// documents so clients see one error format.
async fn plain_errors_as_problems(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_CONTENT_TYPE.as_bytes()));
    if is_problem {
        return response;
    }
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiProblem::new(ProblemCode::PayloadTooLarge).into_response()
        }
        StatusCode::REQUEST_TIMEOUT => ApiProblem::new(ProblemCode::Timeout).into_response(),
        _ => response,
    }
}

/// Resolves the client's address (the peer, or what a trusted proxy says) and hands it to
/// the handlers as a [`ClientAddr`] extension.
async fn resolve_client(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let client = state.trusted_proxies().client_of(peer, request.headers());
    request.extensions_mut().insert(ClientAddr(client));
    next.run(request).await
}

/// Load shedding: at most `limits.max_requests_in_flight` requests are handled at once;
/// beyond that `503` with `Retry-After` at once, before any work.
async fn shed_load(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.in_flight().clone().try_acquire_owned() {
        Ok(permit) => {
            let response = next.run(request).await;
            drop(permit);
            response
        }
        Err(_) => ApiProblem::new(ProblemCode::Unavailable)
            .retry_after_ms(1_000)
            .into_response(),
    }
}

/// One token bucket per client address (IPv6: per /64); 429 with `Retry-After` when it is
/// empty.
async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let client = request
        .extensions()
        .get::<ClientAddr>()
        .copied()
        .unwrap_or(ClientAddr(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
    match state.limiter().check(client.bucket(), state.uptime_ms()) {
        Ok(()) => next.run(request).await,
        Err(wait_ms) => ApiProblem::new(ProblemCode::RateLimited)
            .retry_after_ms(wait_ms)
            .into_response(),
    }
}

async fn not_found() -> ApiProblem {
    ApiProblem::new(ProblemCode::NotFound).with_detail_owned("no such resource")
}

impl ApiProblem {
    fn with_detail_owned(self, detail: &str) -> ApiProblem {
        ApiProblem::from((*self.0).with_detail(detail))
    }
}
