//! The declaration (tờ khai, form 01/ĐK-GD) as an A4 PDF with real, searchable text: one
//! layout for the reception service (the registrant's copy, the console's download, the
//! e-mail attachment) and for the CLI (`vssid declaration-pdf`, a draft not yet sent).
//!
//! Kept out of `vssid-core` (which stays free of heavy dependencies) and out of the app (so
//! no font travels in its web build): only the service and the CLI link this crate.

mod layout;
mod text;

use vssid_core::api::{Office, RegistrationRequest};
use vssid_core::fields::UnitDirectory;
use vssid_core::Lang;

pub use layout::render;

/// Why the PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font cannot be read")]
    Font,
    #[error("the PDF cannot be written: {0}")]
    Write(String),
}

/// A sent registration's stamp: its reference and when the service received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub reference: String,
    /// Unix milliseconds, shown in Vietnam time.
    pub received_at_ms: i64,
}

/// What the tờ khai shows, as text ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclarationDocument {
    /// The registrant's language: with English, each label has its English words beneath.
    pub lang: Lang,
    pub full_name: String,
    pub bhxh_code: String,
    pub person_id: String,
    /// Street, commune and province, as one line.
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The receiving office as the picker shows it, e.g. `[079] BHXH Thành phố Hồ Chí Minh`.
    pub office: String,
    /// The province's name, for the place and date line.
    pub place: String,
    /// `None`: a draft not sent yet, marked "chưa gửi — bản nháp", without a reference.
    pub submitted: Option<Submitted>,
}

/// The mark on a draft's tờ khai.
pub const DRAFT_MARK: &str = "chưa gửi — bản nháp";

impl DeclarationDocument {
    /// The document for a registration request (the service's stored, normalized values, or
    /// a draft's), with the unit names from `units` and the office from the directory when
    /// it is known there.
    pub fn from_request(
        request: &RegistrationRequest,
        units: &dyn UnitDirectory,
        office: Option<&Office>,
        submitted: Option<Submitted>,
    ) -> DeclarationDocument {
        let form = &request.form;
        let commune = units
            .commune_name(&form.commune)
            .unwrap_or_else(|| form.commune.clone());
        let province = units
            .province_name(&form.province)
            .unwrap_or_else(|| form.province.clone());
        let address = [form.street.trim(), commune.trim(), province.trim()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let office = match office {
            Some(office) if !office.label.is_empty() => office.label.clone(),
            Some(office) => format!("[{}] {}", office.code, office.name),
            None => request.office.clone(),
        };
        DeclarationDocument {
            lang: request.lang,
            full_name: form.full_name.trim().to_string(),
            bhxh_code: form.bhxh_code.trim().to_string(),
            person_id: form.person_id.trim().to_string(),
            address,
            phone: form.phone.trim().to_string(),
            email: request.email.trim().to_string(),
            office,
            place: province,
            submitted,
        }
    }

    /// The declared fields in the form's order: the Vietnamese label, its English words and
    /// the value.
    pub fn fields(&self) -> [(&'static str, &'static str, &str); 7] {
        [
            ("1. Họ và tên", "Full name", &self.full_name),
            ("2. Mã số BHXH", "Social insurance code", &self.bhxh_code),
            (
                "3. Số CCCD/Hộ chiếu",
                "ID card / passport number",
                &self.person_id,
            ),
            ("4. Địa chỉ liên hệ", "Contact address", &self.address),
            ("5. Số điện thoại di động", "Mobile phone", &self.phone),
            ("6. Địa chỉ thư điện tử", "E-mail address", &self.email),
            (
                "7. Cơ quan BHXH tiếp nhận",
                "Receiving BHXH office",
                &self.office,
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vssid_core::declaration::fixtures::TinyUnits;
    use vssid_core::declaration::DeclarationForm;

    fn request(lang: Lang) -> RegistrationRequest {
        RegistrationRequest {
            form: DeclarationForm {
                bhxh_code: "7912345678".into(),
                full_name: "Đặng Hữu Phước".into(),
                person_id: "079201001234".into(),
                province: "79".into(),
                commune: "26740".into(),
                street: "12 Lê Lợi".into(),
                phone: "+84912345678".into(),
            },
            office: "079".into(),
            email: "phuoc@example.vn".into(),
            lang,
            consent: None,
        }
    }

    #[test]
    fn the_document_takes_unit_names_and_the_office_label() {
        let office: Office =
            serde_json::from_str(r#"{"code": "079", "name": "BHXH Thành phố Hồ Chí Minh"}"#)
                .unwrap();
        let doc =
            DeclarationDocument::from_request(&request(Lang::Vi), &TinyUnits, Some(&office), None);
        assert_eq!(
            doc.address,
            "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh"
        );
        assert_eq!(doc.office, "[079] BHXH Thành phố Hồ Chí Minh");
        assert_eq!(doc.place, "Thành phố Hồ Chí Minh");
        let unknown = DeclarationDocument::from_request(&request(Lang::En), &TinyUnits, None, None);
        assert_eq!(unknown.office, "079");
        assert_eq!(unknown.fields()[0].2, "Đặng Hữu Phước");
    }

    #[test]
    fn a_pdf_is_made_with_the_font_subset() {
        let doc = DeclarationDocument::from_request(&request(Lang::En), &TinyUnits, None, None);
        let pdf = render(&doc).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        // Two subset fonts, far smaller than the 1.4 MB of the whole ones.
        assert!(pdf.len() < 200_000, "{} bytes", pdf.len());
    }
}
