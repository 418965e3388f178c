//! Shared by the `chaos` and `load` examples and the `chaos` test: the reception service as a
//! child process that can be killed and restarted on the same port and data directory, a
//! seeded fault proxy, generated registrations, and the audit of what the database holds.
#![allow(dead_code)]

pub mod chaos;
pub mod data;
pub mod proxy;
pub mod service;

/// A small, fast, seedable mixer (SplitMix64): the same seed gives the same sequence.
pub fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a of bytes, to turn a string into a seed.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x100_0000_01b3)
    })
}

/// The value at fraction `p` (0..=1) of sorted durations.
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    if sorted.is_empty() {
        return std::time::Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}
