//! Shared by the `chaos`, `load` and `stress` examples and the `chaos` test: the reception
//! service as a child process that can be killed and restarted on the same port and data
//! directory, the chaos run and the audit of what the database holds. The fault proxy and the
//! generated registrations are the workspace's (`vssid_testkit`).
#![allow(dead_code)]

pub mod chaos;
pub mod service;

/// The value at fraction `p` (0..=1) of sorted durations.
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}
