//! Fuzzes the declaration part of `POST /v1/registrations` as the service reads it: JSON into
//! `RegistrationRequest`, then the same validation as the app (declaration with the embedded
//! directory, e-mail). Never panics; the canonical JSON (what the service hashes to recognise
//! a repeat) reads back to the same canonical bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::api::RegistrationRequest;
use vssid_core::directory::Directory;
use vssid_core::fields::Email;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<RegistrationRequest>(data) else {
        return;
    };
    let canonical = request.canonical_json();
    let again: RegistrationRequest =
        serde_json::from_slice(&canonical).expect("canonical JSON reads back");
    assert_eq!(
        again.canonical_json(),
        canonical,
        "canonical JSON is stable"
    );
    let _ = request.form.validate(Directory::global());
    let _ = Email::parse(&request.email);
});
