//! A token bucket per client address: each address may send `burst` requests at once and
//! `rate` per second on average; beyond that it is told when to come back. And a quota per
//! address over a fixed window (registrations per hour).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// The buckets of every client address seen recently.
#[derive(Debug)]
pub struct RateLimiter {
    rate_per_ms: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated_ms: i64,
}

/// Above this many addresses, full (idle) buckets are forgotten.
const PRUNE_ABOVE: usize = 10_000;

impl RateLimiter {
    /// `rate_per_second` requests per second on average, `burst` at once. A rate of 0 or less
    /// turns limiting off.
    pub fn new(rate_per_second: f64, burst: f64) -> RateLimiter {
        RateLimiter {
            rate_per_ms: rate_per_second / 1000.0,
            burst: burst.max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client` at `now_ms`: `Ok(())`, or `Err(ms)` to wait before the
    /// next token.
    pub fn check(&self, client: IpAddr, now_ms: i64) -> Result<(), i64> {
        if self.rate_per_ms <= 0.0 {
            return Ok(());
        }
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() > PRUNE_ABOVE {
            let (rate, burst) = (self.rate_per_ms, self.burst);
            buckets.retain(|_, b| b.tokens + (now_ms - b.updated_ms) as f64 * rate < burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: self.burst,
            updated_ms: now_ms,
        });
        let elapsed = (now_ms - bucket.updated_ms).max(0) as f64;
        bucket.tokens = (bucket.tokens + elapsed * self.rate_per_ms).min(self.burst);
        bucket.updated_ms = now_ms.max(bucket.updated_ms);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / self.rate_per_ms).ceil() as i64)
        }
    }
}

/// At most `max` events per client address in each window of `window_ms` (a fixed window
/// starting at the address's first event); 0 turns the quota off.
#[derive(Debug)]
pub struct WindowQuota {
    max: u32,
    window_ms: i64,
    windows: Mutex<HashMap<IpAddr, (i64, u32)>>,
}

impl WindowQuota {
    pub fn new(max: u32, window_ms: i64) -> WindowQuota {
        WindowQuota {
            max,
            window_ms: window_ms.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one event for `client` at `now_ms`: `Ok(())`, or `Err(ms)` until its window
    /// ends.
    pub fn take(&self, client: IpAddr, now_ms: i64) -> Result<(), i64> {
        if self.max == 0 {
            return Ok(());
        }
        let Ok(mut windows) = self.windows.lock() else {
            return Ok(());
        };
        if windows.len() > PRUNE_ABOVE {
            let window_ms = self.window_ms;
            windows.retain(|_, (start, _)| now_ms - *start < window_ms);
        }
        let (start, count) = windows.entry(client).or_insert((now_ms, 0));
        if now_ms - *start >= self.window_ms {
            *start = now_ms;
            *count = 0;
        }
        if *count >= self.max {
            return Err(*start + self.window_ms - now_ms);
        }
        *count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_quota_counts_per_address_and_resets() {
        let quota = WindowQuota::new(2, 3_600_000);
        let a: IpAddr = "198.51.100.1".parse().unwrap();
        let b: IpAddr = "198.51.100.2".parse().unwrap();
        assert_eq!(quota.take(a, 0), Ok(()));
        assert_eq!(quota.take(a, 10), Ok(()));
        assert_eq!(quota.take(a, 1_000), Err(3_599_000));
        assert_eq!(quota.take(b, 1_000), Ok(()));
        assert_eq!(quota.take(a, 3_600_000), Ok(()));
        let off = WindowQuota::new(0, 1);
        for _ in 0..10 {
            assert_eq!(off.take(a, 0), Ok(()));
        }
    }

    #[test]
    fn burst_then_refill_at_the_rate() {
        let limiter = RateLimiter::new(2.0, 3.0);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(limiter.check(a, 0), Ok(()));
        }
        assert_eq!(limiter.check(a, 0), Err(500));
        assert_eq!(
            limiter.check(b, 0),
            Ok(()),
            "addresses have their own buckets"
        );
        assert_eq!(limiter.check(a, 250), Err(250));
        assert_eq!(limiter.check(a, 500), Ok(()));
        assert!(limiter.check(a, 500).is_err());
    }

    #[test]
    fn zero_rate_means_no_limit() {
        let limiter = RateLimiter::new(0.0, 1.0);
        let a: IpAddr = "::1".parse().unwrap();
        for _ in 0..100 {
            assert_eq!(limiter.check(a, 0), Ok(()));
        }
    }
}
