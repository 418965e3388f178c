//! A registration every rule accepts, the same person everywhere: the core's sample
//! declaration (Nguyễn Thị Ánh, Phường Tân Định, TP. Hồ Chí Minh) with an office, an e-mail
//! and consent; numbered variants for load and chaos runs; and submissions with photos.

use crate::jpeg::{small_photos, unique};
use vssid_client::Submission;
use vssid_core::api::RegistrationRequest;
use vssid_core::consent::Consent;
use vssid_core::declaration::fixtures::sample_form;
use vssid_core::Lang;

/// When the sample person consented to the notice (RFC 3339).
pub const CONSENTED_AT: &str = "2026-11-29T08:00:00Z";

/// The sample person's e-mail address.
pub const EMAIL: &str = "anh.nguyen@example.com";

/// The sample person's office: BHXH TP. Hồ Chí Minh.
pub const OFFICE: &str = "079";

/// The sample registration: the core's [`sample_form`], office [`OFFICE`], e-mail [`EMAIL`],
/// in Vietnamese, with consent to the current notice.
pub fn valid_request() -> RegistrationRequest {
    RegistrationRequest {
        form: sample_form(),
        office: OFFICE.into(),
        email: EMAIL.into(),
        lang: Lang::Vi,
        consent: Some(Consent::to_current_notice(CONSENTED_AT)),
    }
}

const NAMES: [&str; 8] = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Thu Dung",
    "Hoàng Minh Đức",
    "Vũ Thị Hà",
    "Đặng Quốc Khánh",
    "Bùi Ngọc Lan",
];

/// Registration number `n` (below 1,000,000): the sample with its own name, codes, phone,
/// e-mail, street and language, all valid.
pub fn numbered_request(n: u32) -> RegistrationRequest {
    let mut request = valid_request();
    let form = &mut request.form;
    form.bhxh_code = format!("79{n:08}");
    form.full_name = NAMES[n as usize % NAMES.len()].into();
    form.person_id = format!("079201{n:06}");
    form.street = format!("{} Lý Văn Phức", n % 500 + 1);
    form.phone = format!("0912{n:06}");
    request.email = format!("nguoi.dung{n}@example.vn");
    request.lang = if n.is_multiple_of(2) {
        Lang::Vi
    } else {
        Lang::En
    };
    request
}

/// The sample registration with a fresh idempotency key and [`small_photos`].
pub fn valid_submission() -> Submission {
    let [portrait, id_front, id_back] = small_photos();
    Submission {
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        request: valid_request(),
        portrait,
        id_front,
        id_back,
    }
}

/// Registration `n` with a fresh idempotency key and the three base photos made unique.
pub fn numbered_submission(n: u32, photos: &[Vec<u8>; 3]) -> Submission {
    let key = uuid::Uuid::new_v4().to_string();
    Submission {
        request: numbered_request(n),
        portrait: unique(&photos[0], &key),
        id_front: unique(&photos[1], &key),
        id_back: unique(&photos[2], &key),
        idempotency_key: key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vssid_core::declaration::fixtures::{TinyOffices, TinyUnits};

    #[test]
    fn the_samples_pass_the_cores_rules() {
        valid_request()
            .validate(&TinyUnits, &TinyOffices)
            .expect("the sample is valid");
        for n in [0, 1, 7, 999_999] {
            numbered_request(n)
                .validate(&TinyUnits, &TinyOffices)
                .unwrap_or_else(|e| panic!("{n}: {e:?}"));
        }
        assert_ne!(
            numbered_submission(1, &small_photos()).portrait,
            numbered_submission(1, &small_photos()).portrait
        );
    }
}
