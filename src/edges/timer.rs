//! Waiting without blocking (the API client's timer: tokio's on desktop and mobile, the
//! browser's on the web); and the wall clock, for stamping a consent.

/// Now, in milliseconds since the Unix epoch.
pub fn now_unix_ms() -> i64 {
    #[cfg(all(target_arch = "wasm32", feature = "web"))]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(all(target_arch = "wasm32", feature = "web")))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// Now, as an RFC 3339 time (UTC).
pub fn now_rfc3339() -> String {
    vssid_core::consent::rfc3339_of_unix_ms(now_unix_ms())
}

/// Waits `ms` milliseconds, on the same timer as the API client's retries
/// ([`vssid_client::sleep`]: tokio's on desktop and mobile, the browser's on the web).
pub async fn sleep_ms(ms: u32) {
    if ms == 0 {
        return;
    }
    vssid_client::sleep(std::time::Duration::from_millis(u64::from(ms))).await;
}
