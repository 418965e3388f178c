//! Fuzzes `FullName::parse`: never panics, and its normalised value parses to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::fields::FullName;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(value) = FullName::parse(input) {
        let again = FullName::parse(value.as_str()).expect("a normalised value parses again");
        assert_eq!(again, value, "normalisation is idempotent");
    }
});
