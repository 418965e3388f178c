//! Fuzzes the body of `POST /v1/staff/registrations/{reference}/decision` as the service reads
//! it: JSON into `DecisionRequest`, then `DecisionRequest::validate`. Never panics; a valid
//! decision, written back as a body, is valid again and the same (validating is stable); its
//! note holds no control, bidi-override or zero-width character and stays within the limit;
//! its fields are sorted without repeats; an approval's user name is a Mã BHXH.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::api::decision::MAX_NOTE_CHARS;
use vssid_core::api::DecisionRequest;
use vssid_core::fields::BhxhCode;
use vssid_core::text::is_bidi_or_invisible_format;

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<DecisionRequest>(data) else {
        return;
    };
    let Ok(valid) = request.validate() else {
        return;
    };
    assert!(valid.note.chars().count() <= MAX_NOTE_CHARS);
    assert!(
        !valid
            .note
            .chars()
            .any(|c| c.is_control() || is_bidi_or_invisible_format(c)),
        "an invisible character is kept: {:?}",
        valid.note
    );
    assert!(valid.fields.windows(2).all(|pair| pair[0] < pair[1]));
    if let Some(name) = &valid.account_name {
        assert_eq!(BhxhCode::parse(name).expect("a Mã BHXH").as_str(), name);
    }
    let again = DecisionRequest {
        decision: valid.decision,
        reason: valid.reason,
        note: valid.note.clone(),
        fields: valid.fields.clone(),
        account_name: valid.account_name.clone(),
    };
    let json = serde_json::to_vec(&again).expect("serializes");
    let read: DecisionRequest = serde_json::from_slice(&json).expect("reads back");
    assert_eq!(read.validate().expect("valid again"), valid, "validating is stable");
});
