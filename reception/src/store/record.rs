//! A registration's row as either database returns it, typed into a `RegistrationRecord`
//! (a withdrawn row reads as `withdrawn`, whatever its stored status).

use super::{RegistrationRecord, StoreError};
use vssid_core::api::RegistrationStatus;
use vssid_core::Lang;

/// The columns every record read selects, in this order.
pub const RECORD_COLUMNS: &str = "id, reference, idempotency_key, body_hash, status, office, \
     email, lang, declaration_json, received_at_ms, confirmed_at_ms, withdrawn_at_ms";

/// A row as stored, before its codes are checked.
pub struct RawRecord {
    pub id: String,
    pub reference: String,
    pub idempotency_key: String,
    pub body_hash: String,
    pub status: String,
    pub office: String,
    pub email: String,
    pub lang: String,
    pub declaration_json: String,
    pub received_at_ms: i64,
    pub confirmed_at_ms: Option<i64>,
    pub withdrawn_at_ms: Option<i64>,
}

impl RawRecord {
    pub fn typed(self) -> Result<RegistrationRecord, StoreError> {
        let status = RegistrationStatus::parse(&self.status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {}", self.status)))?;
        Ok(RegistrationRecord {
            status: if self.withdrawn_at_ms.is_some() {
                RegistrationStatus::Withdrawn
            } else {
                status
            },
            withdrawn_at_ms: self.withdrawn_at_ms,
            lang: Lang::from_tag(&self.lang)
                .ok_or_else(|| StoreError::Corrupt(format!("lang {}", self.lang)))?,
            id: self.id,
            reference: self.reference,
            idempotency_key: self.idempotency_key,
            body_hash: self.body_hash,
            office: self.office,
            email: self.email,
            declaration_json: self.declaration_json,
            received_at_ms: self.received_at_ms,
            confirmed_at_ms: self.confirmed_at_ms,
        })
    }
}
