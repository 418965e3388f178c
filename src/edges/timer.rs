//! Waiting without blocking: tokio's timer on desktop and mobile, the browser's on the web.

/// Waits `ms` milliseconds.
pub async fn sleep_ms(ms: u32) {
    if ms == 0 {
        return;
    }
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    {
        gloo_timers::future::TimeoutFuture::new(ms).await;
    }
    #[cfg(all(
        not(target_arch = "wasm32"),
        any(feature = "desktop", feature = "mobile")
    ))]
    {
        tokio::time::sleep(std::time::Duration::from_millis(u64::from(ms))).await;
    }
    #[cfg(not(any(
        all(target_arch = "wasm32", feature = "web"),
        all(
            not(target_arch = "wasm32"),
            any(feature = "desktop", feature = "mobile")
        )
    )))]
    {
        let _ = ms;
    }
}
