//! Fuzzes `CccdQrData::parse` (the text of a CCCD QR): never panics, and what it accepts has
//! a 12-digit ID number and a name, and fills a form with exactly those values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::declaration::DeclarationForm;
use vssid_core::qr::CccdQrData;

fuzz_target!(|data: &[u8]| {
    let Ok(payload) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(card) = CccdQrData::parse(payload) {
        assert_eq!(card.id_number.len(), 12);
        assert!(card.id_number.bytes().all(|b| b.is_ascii_digit()));
        assert!(!card.full_name.trim().is_empty());
        let mut form = DeclarationForm::default();
        card.fill_form(&mut form);
        assert_eq!(form.person_id, card.id_number);
        assert_eq!(form.full_name, card.full_name);
        assert_eq!(
            CccdQrData::parse(payload).as_ref(),
            Ok(&card),
            "deterministic"
        );
    }
});
