//! What every staff API handler starts from ([`StaffCall`]: the service, the caller's address
//! and the live session, its CSRF token checked on a change), and how it does its work: on a
//! blocking thread, because the store and the files block ([`StaffCall::run`]), answered as
//! JSON that no cache keeps ([`StaffCall::json`]).

use super::private_json::private_json;
use super::StaffSession;
use crate::client_addr::ClientAddr;
use crate::problem::{blocking, ApiProblem};
use crate::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use serde::Serialize;

/// A staff member's request: the service, where it came from, and whose session it is.
pub struct StaffCall {
    pub state: AppState,
    pub client: ClientAddr,
    pub session: StaffSession,
}

impl FromRequestParts<AppState> for StaffCall {
    type Rejection = ApiProblem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .unwrap_or_else(|never| match never {});
        let session = StaffSession::from_request_parts(parts, state).await?;
        Ok(StaffCall {
            state: state.clone(),
            client,
            session,
        })
    }
}

impl StaffCall {
    /// Runs `work` with the service, the session and the caller's address on a blocking
    /// thread.
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce(&AppState, &StaffSession, ClientAddr) -> Result<T, ApiProblem>
            + Send
            + 'static,
    ) -> Result<T, ApiProblem> {
        blocking(move || work(&self.state, &self.session, self.client)).await
    }

    /// The same, its result answered as JSON that no cache keeps.
    pub async fn json<T: Serialize + Send + 'static>(
        self,
        work: impl FnOnce(&AppState, &StaffSession, ClientAddr) -> Result<T, ApiProblem>
            + Send
            + 'static,
    ) -> Result<Response, ApiProblem> {
        let answer = self.run(work).await?;
        Ok(private_json(&answer))
    }
}
