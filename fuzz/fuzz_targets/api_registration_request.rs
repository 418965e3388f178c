//! Fuzzes the declaration part of `POST /v1/registrations` as the service reads it: JSON into
//! `RegistrationRequest`, then the one validation of the whole request the service calls
//! (`RegistrationRequest::validate`: declaration with the embedded directory, e-mail, office
//! known and open, consent).
//! Never panics; the canonical JSON (what the service hashes to recognise a repeat) reads back
//! to the same canonical bytes; the normalized request of an accepted one (what the service
//! stores and mails) is accepted again and normalizes to itself, and holds no control,
//! bidi-override or zero-width character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::api::RegistrationRequest;
use vssid_core::directory::Directory;
use vssid_core::text::is_bidi_or_invisible_format;

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
    let directory = Directory::global();
    let Ok(valid) = request.validate(directory, directory) else {
        return;
    };
    let stored = valid.normalized_request();
    let again = stored
        .validate(directory, directory)
        .expect("the normalized request is valid");
    assert_eq!(again.normalized_request(), stored, "normalizing is stable");
    let json = String::from_utf8(stored.canonical_json()).expect("UTF-8");
    let text: String = serde_json::from_str::<serde_json::Value>(&json)
        .expect("JSON")
        .as_object()
        .expect("an object")
        .values()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() || is_bidi_or_invisible_format(c)),
        "an invisible character is stored: {text:?}"
    );
});
