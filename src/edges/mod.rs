//! The app's edges: small traits for everything outside the screens (unit and office
//! directory, reception service, draft and photo storage, photo processing, timers), each
//! with the implementations the app uses today.

pub mod backend;
pub mod catalog;
pub mod demo_office;
pub mod draft_saver;
#[cfg(not(target_arch = "wasm32"))]
pub mod draft_writer;
pub mod drafts;
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub mod indexed_db_photos;
pub mod office_cache;
pub mod photos;
pub mod saved_registrations;
pub mod slow_work;
pub mod timer;
#[cfg(all(target_arch = "wasm32", feature = "web"))]
pub mod web_worker;
pub mod worker_jobs;

use std::future::Future;
use std::pin::Pin;

/// A boxed future that may stay on one thread (the web has only one).
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + 'static>>;

/// Makes the platform's storage ready before the app draws its first screen: on the web the
/// photos are read from IndexedDB (which only answers later); elsewhere there is nothing to
/// wait for.
pub async fn prepare_storage() {
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    indexed_db_photos::preload().await;
}

/// Why a store could not read or write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("storage is not available: {0}")]
    Unavailable(String),
    #[error("could not write: {0}")]
    Write(String),
}
