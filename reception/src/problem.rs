//! The service's one error type: a problem document (`application/problem+json`), with
//! `Retry-After` when the client should wait.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use vssid_core::api::{Problem, ProblemCode, PROBLEM_CONTENT_TYPE};

/// An error answered as a problem document, with `Retry-After` when it has a wait.
#[derive(Debug)]
pub struct ApiProblem(pub Box<Problem>);

impl ApiProblem {
    pub(crate) fn new(code: ProblemCode) -> ApiProblem {
        ApiProblem::from(Problem::new(code))
    }

    pub(crate) fn bad_request(detail: impl Into<String>) -> ApiProblem {
        ApiProblem::from(Problem::new(ProblemCode::BadRequest).with_detail(detail))
    }

    pub(crate) fn internal(error: impl std::fmt::Display) -> ApiProblem {
        tracing::error!(%error, "internal error");
        ApiProblem::new(ProblemCode::Internal)
    }

    pub(crate) fn retry_after_ms(mut self, ms: i64) -> ApiProblem {
        self.0.retry_after = Some(((ms.max(0) + 999) / 1000).max(1) as u64);
        self
    }
}

impl From<Problem> for ApiProblem {
    fn from(problem: Problem) -> ApiProblem {
        ApiProblem(Box::new(problem))
    }
}

impl From<crate::store::StoreError> for ApiProblem {
    fn from(error: crate::store::StoreError) -> ApiProblem {
        ApiProblem::internal(error)
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::to_vec(&*self.0).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        );
        if let Some(seconds) = self.0.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Runs store work off the async threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiProblem> + Send + 'static,
) -> Result<T, ApiProblem> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(ApiProblem::internal)?
}
