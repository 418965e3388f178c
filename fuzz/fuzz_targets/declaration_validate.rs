//! Fuzzes `DeclarationForm::validate` against the embedded directory: never panics, and a
//! validated declaration written back as a form validates to the same declaration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::declaration::DeclarationForm;
use vssid_core::directory::Directory;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    // One field per line, in declaration order; missing lines stay empty.
    let mut lines = input.split('\n').map(str::to_owned);
    let mut next = || lines.next().unwrap_or_default();
    let form = DeclarationForm {
        bhxh_code: next(),
        full_name: next(),
        person_id: next(),
        province: next(),
        commune: next(),
        street: next(),
        phone: next(),
    };
    let directory = Directory::global();
    if let Ok(declaration) = form.validate(directory) {
        let normalised = DeclarationForm {
            bhxh_code: declaration.bhxh_code.as_str().to_owned(),
            full_name: declaration.full_name.as_str().to_owned(),
            person_id: declaration.person_id.as_str().to_owned(),
            province: declaration.address.province.clone(),
            commune: declaration.address.commune.clone(),
            street: declaration.address.street.as_str().to_owned(),
            phone: declaration.phone.as_str().to_owned(),
        };
        let again = normalised
            .validate(directory)
            .expect("a validated declaration validates again");
        assert_eq!(again, declaration);
    }
});
