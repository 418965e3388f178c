//! Fuzzes the body of `POST /v1/staff/session` as the service reads it: JSON into
//! `StaffLogin`. Never panics; the e-mail key is stable (keying a key changes nothing) and
//! has no upper-case letter nor surrounding space; an authenticator code, when usable, is
//! exactly six ASCII digits and reads to itself again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::api::staff_login::{totp_digits, TOTP_DIGITS};
use vssid_core::api::{staff_email_key, StaffLogin};

fuzz_target!(|data: &[u8]| {
    let Ok(login) = serde_json::from_slice::<StaffLogin>(data) else {
        return;
    };
    let key = login.email_key();
    assert_eq!(staff_email_key(&key), key, "the key is stable");
    assert_eq!(key.trim(), key);
    assert_eq!(key.to_lowercase(), key);
    if let Some(code) = login.totp_digits() {
        assert_eq!(code.len(), TOTP_DIGITS);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(totp_digits(&code).as_deref(), Some(code.as_str()));
    }
    let json = serde_json::to_vec(&login).expect("serializes");
    assert_eq!(serde_json::from_slice::<StaffLogin>(&json).expect("reads back"), login);
});
