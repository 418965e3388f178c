//! One exchange with the service as the client sees it: the answer it read, or why there was
//! none (shared by the native path through reqwest and the web path through `fetch`).

use std::time::Duration;

/// One read answer: status, the headers the client needs, and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) etag: Option<String>,
    pub(crate) body: Vec<u8>,
}

/// Why one exchange gave no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SendError {
    /// The request could not be made (a bad address or header).
    Builder,
    /// No answer in time (the browser's fetch has no timeout of its own to report).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Timeout,
    /// No answer: offline, refused, reset, or a redirect the client does not follow.
    Network,
}
