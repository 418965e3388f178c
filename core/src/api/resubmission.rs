//! Fixing what the office asked (`changes_requested`): the declaration as the applicant sent
//! it (`GET /v1/registrations/{id}/declaration`), the corrections sent back
//! (`POST /v1/registrations/{id}/resubmission`: only the changed fields in the `declaration`
//! part, photo parts by slot name), and the one check of those corrections that the app and
//! the service both run ([`apply_corrections`]).

use super::decision::DecisionReason;
use super::status::RegistrationStatus;
use crate::declaration::{Declaration, DeclarationForm};
use crate::fields::{is_photo, FieldError, FieldErrors, FieldId, UnitDirectory};
use crate::lang::localized;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The office's last decision as the applicant sees it (in `GET /v1/registrations/{id}`):
/// no staff name, no issued user name (that goes by e-mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionSummary {
    pub decision: super::status::Decision,
    pub reason: DecisionReason,
    /// The office's own words, when it wrote some.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// For `request_changes`: what to correct.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldId>,
    /// RFC 3339, UTC.
    pub decided_at: String,
}

/// `GET /v1/registrations/{id}/declaration` (the applicant's secret in `Authorization`): what
/// was declared, and what the office asks to be corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredRegistration {
    pub id: String,
    pub reference: String,
    pub status: RegistrationStatus,
    pub office: String,
    /// The declaration's fields as the service holds them (normalized).
    pub declaration: DeclarationForm,
    /// The photos the service holds, by slot name.
    pub photos: Vec<super::PhotoSlot>,
    /// What may be corrected now: the fields of the last decision when it asked for changes
    /// and the status is `changes_requested`; empty otherwise.
    pub fields_to_fix: Vec<FieldId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionSummary>,
}

/// The `declaration` part of a resubmission: only the changed fields, by field code.
pub type DeclarationChanges = BTreeMap<FieldId, String>;

/// Why corrections cannot be used (besides the fields' own rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CorrectionError {
    #[error("the office did not ask for this to be corrected")]
    NotAsked,
    #[error("nothing was corrected")]
    NothingChanged,
}

localized! {
    CorrectionError {
        Self::NotAsked => "not_asked",
            vi ("Cơ quan BHXH không yêu cầu sửa mục này"),
            en ("The office did not ask for this to be corrected");
        Self::NothingChanged => "nothing_changed",
            vi ("Vui lòng sửa những mục cơ quan BHXH yêu cầu trước khi gửi lại"),
            en ("Please correct what the office asked before sending again");
    }
}

/// The declaration after the corrections, checked by the same rules as a registration
/// ([`DeclarationForm::validate`]): `changes` may name only fields in `asked`; photos named in
/// `photos_changed` must be in `asked` too. Nothing changed at all is refused. Returns the
/// whole valid declaration.
pub fn apply_corrections(
    declared: &DeclarationForm,
    changes: &DeclarationChanges,
    photos_changed: &[FieldId],
    asked: &[FieldId],
    units: &dyn UnitDirectory,
) -> Result<Declaration, FieldErrors> {
    let mut errors = FieldErrors::new();
    let not_asked = FieldError::from_localized(&CorrectionError::NotAsked);
    let mut form = declared.clone();
    let mut changed = 0;
    for (field, value) in changes {
        // The commune goes with the province: asking for one opens both.
        let allowed = asked.contains(field)
            || (matches!(field, FieldId::Province | FieldId::Commune)
                && (asked.contains(&FieldId::Province) || asked.contains(&FieldId::Commune)));
        if !allowed || is_photo(*field) || form.get(*field).is_none() {
            errors.insert(*field, not_asked.clone());
            continue;
        }
        let tidy = crate::text::tidy(value);
        if form.get(*field) != Some(tidy.as_str()) {
            changed += 1;
        }
        form.set(*field, tidy);
    }
    for field in photos_changed {
        if !is_photo(*field) || !asked.contains(field) {
            errors.insert(*field, not_asked.clone());
        } else {
            changed += 1;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if changed == 0 {
        let first = asked.first().copied().unwrap_or(FieldId::BhxhCode);
        return Err(FieldErrors::from([(
            first,
            FieldError::from_localized(&CorrectionError::NothingChanged),
        )]));
    }
    form.validate(units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::fixtures::{sample_form, TinyUnits};
    use crate::fields::{is_correctable, CORRECTABLE_FIELDS};

    #[test]
    fn only_the_fields_asked_may_change_and_they_follow_the_registration_rules() {
        let declared = sample_form();
        let asked = [FieldId::Street, FieldId::Portrait];
        let mut changes = DeclarationChanges::new();
        changes.insert(FieldId::Street, "  99   Hai Bà Trưng ".into());
        let valid = apply_corrections(&declared, &changes, &[], &asked, &TinyUnits).unwrap();
        assert_eq!(valid.address.street.as_str(), "99 Hai Bà Trưng");
        assert_eq!(valid.full_name.as_str(), declared.full_name);

        // A photo alone is a correction too.
        assert!(apply_corrections(
            &declared,
            &DeclarationChanges::new(),
            &[FieldId::Portrait],
            &asked,
            &TinyUnits
        )
        .is_ok());

        // Something not asked for: refused on that field.
        changes.insert(FieldId::FullName, "Trần Văn B".into());
        let errors = apply_corrections(&declared, &changes, &[FieldId::IdBack], &asked, &TinyUnits)
            .unwrap_err();
        assert_eq!(errors[&FieldId::FullName].code, "not_asked");
        assert_eq!(errors[&FieldId::IdBack].code, "not_asked");
        assert!(!errors.contains_key(&FieldId::Street));

        // The field's own rule, the one a registration gets.
        let mut bad = DeclarationChanges::new();
        bad.insert(FieldId::Street, String::new());
        let errors = apply_corrections(&declared, &bad, &[], &asked, &TinyUnits).unwrap_err();
        assert_eq!(
            errors[&FieldId::Street],
            declared_with(FieldId::Street, "")
                .check_field(FieldId::Street, &TinyUnits)
                .unwrap()
        );

        // Nothing changed.
        let mut same = DeclarationChanges::new();
        same.insert(FieldId::Street, declared.street.clone());
        let errors = apply_corrections(&declared, &same, &[], &asked, &TinyUnits).unwrap_err();
        assert_eq!(errors[&FieldId::Street].code, "nothing_changed");
    }

    fn declared_with(field: FieldId, value: &str) -> DeclarationForm {
        let mut form = sample_form();
        form.set(field, value.into());
        form
    }

    #[test]
    fn every_correctable_field_is_named_in_both_languages() {
        for field in CORRECTABLE_FIELDS {
            assert_ne!(field.label(crate::Lang::Vi), field.label(crate::Lang::En));
        }
        assert!(!is_correctable(FieldId::Email));
        let changes: DeclarationChanges = serde_json::from_str(r#"{"street": "1 A"}"#).unwrap();
        assert_eq!(changes[&FieldId::Street], "1 A");
    }
}
