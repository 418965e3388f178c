//! The written contract (`docs/api/openapi.yaml`) names every problem code, field code and
//! path the service implements.

use vssid_core::api::ProblemCode;
use vssid_core::fields::FieldId;

const OPENAPI: &str = include_str!("../../../docs/api/openapi.yaml");

#[test]
fn the_contract_names_every_code_and_path() {
    assert!(OPENAPI.starts_with("openapi: 3.1"));
    let problem_enum = OPENAPI
        .lines()
        .find(|l| l.trim_start().starts_with("enum: [invalid_fields"))
        .expect("problem code enum");
    for code in ProblemCode::ALL {
        assert!(
            problem_enum.contains(code.as_str()),
            "{} missing",
            code.as_str()
        );
    }
    let field_enum = OPENAPI
        .lines()
        .find(|l| l.trim_start().starts_with("enum: [bhxh_code"))
        .expect("field code enum");
    for field in FieldId::ALL {
        assert!(
            field_enum.contains(field.as_str()),
            "{} missing",
            field.as_str()
        );
    }
    for path in [
        "/v1/offices:",
        "/v1/registrations:",
        "/v1/registrations/{id}:",
        "/v1/registrations/{id}/otp:",
        "/v1/registrations/{id}/otp/resend:",
        "/v1/registrations/{id}/data:",
        "/v1/registrations/{id}/declaration:",
        "/v1/registrations/{id}/resubmission:",
        "/v1/privacy:",
    ] {
        assert!(OPENAPI.contains(&format!("  {path}\n")), "{path} missing");
    }
    assert!(
        OPENAPI.contains(
            "    delete:\n      tags: [privacy]\n      operationId: withdrawRegistration"
        ),
        "DELETE /v1/registrations/{{id}} missing"
    );
}

/// The `example:` values of the properties of schema `schema`, by property name (quotes
/// removed). The document keeps one property per line: `name: { …, example: value }`.
fn property_examples(schema: &str) -> Vec<(String, String)> {
    let header = format!("    {schema}:\n");
    let start = OPENAPI.find(&header).unwrap_or_else(|| panic!("{schema}")) + header.len();
    let body = &OPENAPI[start..];
    // The schema ends at the next line indented like its name.
    let end = body
        .lines()
        .position(|l| l.starts_with("    ") && !l.starts_with("     "))
        .map(|n| body.lines().take(n).map(|l| l.len() + 1).sum())
        .unwrap_or(body.len());
    body[..end]
        .lines()
        .filter_map(|line| {
            let (name, rest) = line.trim().split_once(": {")?;
            let example = rest
                .rsplit_once("example: ")?
                .1
                .trim_end_matches(" }")
                .trim();
            Some((name.to_string(), example.trim_matches('"').to_string()))
        })
        .collect()
}

#[test]
fn every_example_of_the_contract_is_accepted_by_the_same_validation() {
    use vssid_core::api::RegistrationRequest;
    use vssid_core::directory::Directory;
    use vssid_core::fields::Email;

    let directory = Directory::global();
    // The declaration example: one document, as the app would send it.
    let examples = property_examples("RegistrationRequest");
    assert_eq!(examples.len(), 9, "{examples:?}");
    let document: serde_json::Map<String, serde_json::Value> = examples
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    let request: RegistrationRequest =
        serde_json::from_value(serde_json::Value::Object(document)).unwrap();
    if let Err(errors) = request.form.validate(directory) {
        panic!("the declaration example is refused: {errors:?}");
    }
    Email::parse(&request.email).expect("the e-mail example");
    directory
        .choosable_office(&request.office)
        .expect("the office example");
    // The office example names an office that can be chosen, and its label is one the
    // directory gives.
    let office = property_examples("Office");
    let code = &office.iter().find(|(k, _)| k == "code").unwrap().1;
    directory
        .choosable_office(code)
        .expect("the office code example");
    let label = &office.iter().find(|(k, _)| k == "label").unwrap().1;
    assert!(
        directory
            .offices()
            .iter()
            .any(|o| &directory.label(o) == label),
        "{label} is not a label of the directory"
    );
    // The code example has the length the service checks; timestamps are RFC 3339.
    let otp = property_examples("OtpSubmission");
    assert_eq!(otp[0].1.len(), vssid_core::api::OTP_LENGTH);
    assert!(otp[0].1.bytes().all(|b| b.is_ascii_digit()));
    for (name, value) in property_examples("RegistrationReceipt") {
        if name.ends_with("_at") {
            assert!(
                vssid_core::datetime::vietnam_time_from_rfc3339(&value).is_some(),
                "{name}: {value}"
            );
        }
    }
    // Field errors in the problem examples name real fields and codes.
    for line in OPENAPI.lines().filter(|l| l.contains("{ code: ")) {
        let (field, rest) = line.trim().split_once(": { code: ").unwrap();
        assert!(FieldId::parse(field).is_some(), "{field}");
        assert!(!rest.starts_with(' '), "{line}");
    }
}

#[test]
fn the_contract_names_the_staff_paths_and_problem_codes() {
    use vssid_reception::staff::StaffProblem;
    for path in [
        "/v1/staff/session:",
        "/v1/staff/registrations:",
        "/v1/staff/registrations/{reference}:",
        "/v1/staff/registrations/{reference}/photos/{slot}:",
        "/v1/staff/registrations/{reference}/review:",
        "/v1/staff/registrations/{reference}/decision:",
        "/v1/staff/audit:",
        "/v1/staff/exports/approved.csv:",
        "/v1/staff/exports/approved.zip:",
        "/console/:",
        "/console/sign-in:",
        "/console/sign-out:",
        "/console/export:",
        "/console/registrations/{reference}:",
        "/console/registrations/{reference}/review:",
        "/console/registrations/{reference}/decision:",
    ] {
        assert!(OPENAPI.contains(&format!("  {path}\n")), "{path} missing");
    }
    let staff_enum = OPENAPI
        .lines()
        .find(|l| l.trim_start().starts_with("enum: [staff_login_failed"))
        .expect("staff problem code enum");
    for error in [
        vssid_core::api::DecisionError::ReasonDoesNotFit,
        vssid_core::api::DecisionError::NoteRequired,
        vssid_core::api::DecisionError::NoteTooLong,
        vssid_core::api::DecisionError::FieldsRequired,
        vssid_core::api::DecisionError::FieldsNotExpected,
        vssid_core::api::DecisionError::AccountNameRequired,
        vssid_core::api::DecisionError::AccountNameInvalid,
        vssid_core::api::DecisionError::AccountNameNotExpected,
    ] {
        use vssid_core::Localized;
        assert!(
            staff_enum.contains(error.code()),
            "{} missing",
            error.code()
        );
    }
    for problem in StaffProblem::ALL {
        assert!(
            staff_enum.contains(problem.code()),
            "{} missing",
            problem.code()
        );
    }
    assert!(OPENAPI.contains("      in: cookie\n      name: vssid_staff\n"));
}
