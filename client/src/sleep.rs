//! Waiting without blocking, on whatever runtime runs the code: tokio's timer on native
//! targets, the browser's on wasm. The API client waits between attempts and bounds each
//! attempt through a [`Sleeper`]; the app's own waits go through [`sleep`].

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed future that is `Send` where threads exist (native) and need not be on wasm.
#[cfg(not(target_arch = "wasm32"))]
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
/// A boxed future that is `Send` where threads exist (native) and need not be on wasm.
#[cfg(target_arch = "wasm32")]
pub type SleepFuture = Pin<Box<dyn Future<Output = ()>>>;

/// Waits for a while on whatever runtime the app uses.
pub trait Sleeper: Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// The platform's timer: tokio on native targets (a tokio runtime with its timer must be
/// running), browser timers on wasm.
#[derive(Debug, Clone, Copy, Default)]
pub struct RuntimeSleeper;

impl Sleeper for RuntimeSleeper {
    #[cfg(not(target_arch = "wasm32"))]
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }

    #[cfg(target_arch = "wasm32")]
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(gloo_timers::future::sleep(duration))
    }
}

/// Waits `duration` on the platform's timer ([`RuntimeSleeper`]).
pub fn sleep(duration: Duration) -> SleepFuture {
    RuntimeSleeper.sleep(duration)
}
