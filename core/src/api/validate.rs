//! The one check of a whole registration request: every field by the app's rules, the office
//! against a directory, and the normalized values the service stores and mails. The app's
//! flow checks a registration with it before sending, and the service on receipt.

use super::types::RegistrationRequest;
use crate::consent::Consent;
use crate::declaration::Declaration;
use crate::directory::{OfficeDirectory, OfficeState};
use crate::fields::{Email, FieldError, FieldErrors, FieldId, UnitDirectory};
use crate::flow::FlowMessage;
use crate::lang::Lang;

/// A registration request every rule accepts, holding the normalized values (NFC, white space
/// collapsed, numbers without separators, phone in E.164, e-mail domain in lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    pub declaration: Declaration,
    /// The office code as found in the directory.
    pub office: String,
    pub email: Email,
    pub lang: Lang,
    /// The consent as given (checked against the current notice and the person's age).
    pub consent: Consent,
}

impl ValidRegistration {
    /// The request made of the normalized values: what is stored and mailed, never the raw
    /// text that was sent.
    pub fn normalized_request(&self) -> RegistrationRequest {
        RegistrationRequest {
            form: self.declaration.to_form(),
            office: self.office.clone(),
            email: self.email.as_str().to_string(),
            lang: self.lang,
            consent: Some(self.consent.clone()),
        }
    }
}

/// The one check of the office a registration names: chosen, in the directory, and open (a
/// closed office is refused with the offices that took over). Returns the code, trimmed.
pub fn check_office<'a>(
    office: &'a str,
    offices: &dyn OfficeDirectory,
) -> Result<&'a str, FieldError> {
    let office = office.trim();
    if office.is_empty() {
        return Err(FieldError::from_localized(&FlowMessage::OfficeRequired));
    }
    match offices.office_state(office) {
        OfficeState::Open => Ok(office),
        OfficeState::Unknown => Err(FieldError::from_localized(&FlowMessage::UnknownOffice)),
        OfficeState::Closed(closed) => Err(FieldError::from_localized(&closed)),
    }
}

impl RegistrationRequest {
    /// Validates the whole request: the declaration against `units`, the e-mail address, the
    /// office against `offices` ([`check_office`]) and the consent. Returns the normalized
    /// registration, or **all** errors at once. The app's flow and the service both call it.
    pub fn validate(
        &self,
        units: &dyn UnitDirectory,
        offices: &dyn OfficeDirectory,
    ) -> Result<ValidRegistration, FieldErrors> {
        let mut errors = FieldErrors::new();
        let declaration = self.form.validate(units).map_err(|e| errors.extend(e)).ok();
        let email = Email::parse(&self.email)
            .map_err(|e| {
                errors.insert(FieldId::Email, FieldError::from_localized(&e));
            })
            .ok();
        let office = check_office(&self.office, offices)
            .map_err(|e| {
                errors.insert(FieldId::Office, e);
            })
            .ok();
        // The consent to the current privacy notice (and a guardian's for a person under 16).
        errors.extend(
            crate::consent::check_consent(self.consent.as_ref(), &self.form.person_id).errors,
        );
        match (declaration, email, office, &self.consent) {
            (Some(declaration), Some(email), Some(office), Some(consent)) if errors.is_empty() => {
                Ok(ValidRegistration {
                    declaration,
                    office: office.to_string(),
                    email,
                    lang: self.lang,
                    consent: consent.clone(),
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::fixtures::{sample_form, TinyOffices, TinyUnits};

    fn request() -> RegistrationRequest {
        RegistrationRequest {
            form: sample_form(),
            office: "079".into(),
            email: "tuyet@example.vn".into(),
            lang: Lang::Vi,
            consent: Some(crate::consent::Consent::to_current_notice(
                "2026-11-29T08:00:00Z",
            )),
        }
    }

    #[test]
    fn the_normalized_values_are_what_validation_saw() {
        let mut raw = request();
        raw.form.full_name = "  Nguyễn \n\t Thị   Ánh ".into();
        raw.form.street = format!("12 {} Lý Văn Phức\r\n", " ".repeat(60_000));
        raw.form.bhxh_code = " 79-0123-4567 ".into();
        raw.form.phone = "0912 345 678".into();
        raw.office = " 079 ".into();
        raw.email = " tuyet@EXAMPLE.vn ".into();
        let valid = raw.validate(&TinyUnits, &TinyOffices).unwrap();
        let stored = valid.normalized_request();
        assert_eq!(stored.form.full_name, "Nguyễn Thị Ánh");
        assert_eq!(stored.form.street, "12 Lý Văn Phức");
        assert_eq!(stored.form.bhxh_code, "7901234567");
        assert_eq!(stored.form.phone, "+84912345678");
        assert_eq!(stored.office, "079");
        assert_eq!(stored.email, "tuyet@example.vn");
        // The normalized request is itself valid and normalizes to itself.
        let again = stored.validate(&TinyUnits, &TinyOffices).unwrap();
        assert_eq!(again.normalized_request(), stored);
    }

    #[test]
    fn every_error_comes_at_once_including_the_office_and_e_mail() {
        let mut raw = request();
        raw.form.street = "12 Lê \u{202E}iợL".into();
        raw.email = "not-an-address".into();
        raw.office = "999".into();
        let errors = raw.validate(&TinyUnits, &TinyOffices).unwrap_err();
        assert_eq!(errors[&FieldId::Street].code, "street_control_character");
        assert!(errors[&FieldId::Street].vi.contains("U+202E"));
        assert!(errors[&FieldId::Street].en.contains("U+202E"));
        assert!(errors.contains_key(&FieldId::Email));
        assert_eq!(errors[&FieldId::Office].code, "unknown_office");
        raw.office = "  ".into();
        let errors = raw.validate(&TinyUnits, &TinyOffices).unwrap_err();
        assert_eq!(errors[&FieldId::Office].code, "required");
    }

    #[test]
    fn a_closed_office_is_refused_with_the_offices_that_took_over() {
        let mut raw = request();
        raw.office = " 07901 ".into();
        let errors = raw.validate(&TinyUnits, &TinyOffices).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let error = &errors[&FieldId::Office];
        assert_eq!(error.code, "office_closed");
        assert!(
            error.vi.starts_with(
                "[07901] BHXH Quận 1 đã giải thể từ 01/7/2025; nay là BHXH Cơ sở Tân Định"
            ),
            "{}",
            error.vi
        );
    }
}
