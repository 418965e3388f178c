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
