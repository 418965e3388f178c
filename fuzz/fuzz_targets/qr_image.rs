//! Fuzzes `qr::read_cccd` on arbitrary bytes (JPEG/PNG decoding with its pixel limit, EXIF
//! orientation, QR scanning): never panics, never exceeds the memory limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = vssid_core::qr::read_cccd(data);
});
