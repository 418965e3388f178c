//! Fuzzes `StreetAddress::parse`: never panics, and its normalised value parses to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::fields::StreetAddress;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(value) = StreetAddress::parse(input) {
        let again = StreetAddress::parse(value.as_str()).expect("a normalised value parses again");
        assert_eq!(again, value, "normalisation is idempotent");
    }
});
