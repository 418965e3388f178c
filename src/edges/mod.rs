//! The app's edges: small traits for everything outside the screens (unit and office
//! directory, reception service, draft and photo storage, photo processing, timers), each
//! with the implementations the app uses today.

pub mod backend;
pub mod catalog;
pub mod draft_saver;
#[cfg(not(target_arch = "wasm32"))]
pub mod draft_writer;
pub mod drafts;
pub mod photos;
pub mod timer;

use std::future::Future;
use std::pin::Pin;

/// A boxed future that may stay on one thread (the web has only one).
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + 'static>>;

/// Why a store could not read or write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("storage is not available: {0}")]
    Unavailable(String),
    #[error("could not write: {0}")]
    Write(String),
}
