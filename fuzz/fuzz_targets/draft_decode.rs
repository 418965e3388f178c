//! Fuzzes `draft::decode`: never panics, and a decoded draft re-encodes and decodes to the
//! same registration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::draft;

fuzz_target!(|data: &[u8]| {
    let Ok(document) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(registration) = draft::decode(document) {
        let encoded = draft::encode(&registration);
        let again = draft::decode(&encoded).expect("an encoded draft decodes");
        assert_eq!(again, registration, "encode/decode round trip");
    }
});
