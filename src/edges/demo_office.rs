//! The built-in demo service's office: what it answers about the registrations sent to it, so
//! that "Hồ sơ của tôi" can be seen without a reception service. A registration's first status
//! check finds the office asking for a new portrait; the corrections sent, it is
//! `resubmitted`, and the next check finds it approved. Nothing leaves the device.

use super::timer::now_rfc3339;
use std::collections::HashMap;
use vssid_core::api::{
    apply_corrections, Decision, DecisionReason, DecisionSummary, DeclaredRegistration,
    RegistrationState, RegistrationStatus,
};
use vssid_core::declaration::DeclarationForm;
use vssid_core::directory::Directory;
use vssid_core::fields::{FieldError, FieldErrors, FieldId};
use vssid_core::flow::{PhotoSlot, ResubmitPayload};

/// What the demo office asks for: a new portrait.
pub const DEMO_ASKED: [FieldId; 1] = [FieldId::Portrait];

/// The demo office's words with its request (only in the declaration, behind the secret).
pub const DEMO_NOTE: &str =
    "Ảnh chân dung bị lóa sáng, vui lòng chụp lại nơi đủ ánh sáng, không đeo kính.";

/// One registration as the demo office holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Held {
    reference: String,
    office: String,
    received_at: String,
    declaration: DeclarationForm,
    status: RegistrationStatus,
    decision: Option<DecisionSummary>,
}

/// The registrations the demo service was sent in this run.
#[derive(Debug, Default)]
pub struct DemoOffice {
    held: HashMap<String, Held>,
}

/// The demo's answer for an id it does not know (a registration kept by an earlier run).
fn sample_declaration() -> DeclarationForm {
    DeclarationForm {
        bhxh_code: "7901234567".into(),
        full_name: "Nguyễn Thị Ánh".into(),
        person_id: "079303001234".into(),
        province: "79".into(),
        commune: "26737".into(),
        street: "12 Lý Văn Phức, khu phố 3".into(),
        phone: "0912345678".into(),
    }
}

fn not_found() -> FieldError {
    FieldError {
        code: "not_found".into(),
        vi: "Dịch vụ demo không có hồ sơ này".into(),
        en: "The demo service has no such registration".into(),
    }
}

impl DemoOffice {
    /// Notes a registration just sent.
    pub fn received(
        &mut self,
        id: &str,
        reference: &str,
        office: &str,
        declaration: DeclarationForm,
    ) {
        self.held.insert(
            id.to_string(),
            Held {
                reference: reference.to_string(),
                office: office.to_string(),
                received_at: now_rfc3339(),
                declaration,
                status: RegistrationStatus::Received,
                decision: None,
            },
        );
    }

    /// The e-mail code was confirmed.
    pub fn confirmed(&mut self, id: &str) {
        let held = self.held_or_sample(id);
        if held.status == RegistrationStatus::Received {
            held.status = RegistrationStatus::Confirmed;
        }
    }

    /// An id the demo does not know is taken as one of its registrations (kept by an earlier
    /// run, or a demo state's): confirmed, with the sample declaration.
    fn held_or_sample(&mut self, id: &str) -> &mut Held {
        self.held.entry(id.to_string()).or_insert_with(|| Held {
            reference: "079-DK-204518".into(),
            office: "079".into(),
            received_at: now_rfc3339(),
            declaration: sample_declaration(),
            status: RegistrationStatus::Confirmed,
            decision: None,
        })
    }

    /// The status check: the office moves on one step at each check (confirmed → a new
    /// portrait asked for; resubmitted → approved). The note is not in this answer.
    pub fn status(&mut self, id: &str) -> RegistrationState {
        let held = self.held_or_sample(id);
        match held.status {
            RegistrationStatus::Received | RegistrationStatus::Confirmed => {
                held.status = RegistrationStatus::ChangesRequested;
                held.decision = Some(DecisionSummary {
                    decision: Decision::RequestChanges,
                    reason: DecisionReason::PortraitUnsuitable,
                    note: DEMO_NOTE.into(),
                    fields: DEMO_ASKED.to_vec(),
                    decided_at: now_rfc3339(),
                });
            }
            RegistrationStatus::Resubmitted => {
                held.status = RegistrationStatus::Approved;
                held.decision = Some(DecisionSummary {
                    decision: Decision::Approve,
                    reason: DecisionReason::Verified,
                    note: String::new(),
                    fields: Vec::new(),
                    decided_at: now_rfc3339(),
                });
            }
            _ => {}
        }
        let held = held.clone();
        state_of(id, &held, false)
    }

    /// What was declared and what the office asks to be corrected (the note with it).
    pub fn declaration(&mut self, id: &str) -> DeclaredRegistration {
        let held = self.held_or_sample(id).clone();
        let asking = held.status == RegistrationStatus::ChangesRequested;
        DeclaredRegistration {
            id: id.to_string(),
            reference: held.reference.clone(),
            status: held.status,
            office: held.office.clone(),
            declaration: held.declaration.clone(),
            photos: PhotoSlot::ALL.to_vec(),
            fields_to_fix: if asking {
                held.decision
                    .as_ref()
                    .map(|d| d.fields.clone())
                    .unwrap_or_default()
            } else {
                Vec::new()
            },
            decision: held.decision,
        }
    }

    /// Takes the corrections by the rules the real service uses; the registration goes back
    /// to the office as `resubmitted`.
    pub fn resubmit(
        &mut self,
        payload: &ResubmitPayload,
    ) -> Result<RegistrationState, FieldErrors> {
        let held = self
            .held
            .get_mut(&payload.registration_id)
            .ok_or_else(|| FieldErrors::from([(FieldId::Portrait, not_found())]))?;
        if held.status != RegistrationStatus::ChangesRequested {
            return Ok(state_of(&payload.registration_id, held, false));
        }
        let asked = held
            .decision
            .as_ref()
            .map(|d| d.fields.clone())
            .unwrap_or_default();
        let photos: Vec<FieldId> = payload
            .photos
            .iter()
            .map(|(slot, _)| slot.field())
            .collect();
        let valid = apply_corrections(
            &held.declaration,
            &payload.changes,
            &photos,
            &asked,
            Directory::global(),
        )?;
        held.declaration = valid.to_form();
        held.status = RegistrationStatus::Resubmitted;
        Ok(state_of(&payload.registration_id, held, false))
    }
}

/// The registration's state as the status route answers it (`with_note`: behind the secret).
fn state_of(id: &str, held: &Held, with_note: bool) -> RegistrationState {
    RegistrationState {
        id: id.to_string(),
        reference: held.reference.clone(),
        status: held.status,
        received_at: held.received_at.clone(),
        confirmed_at: None,
        office: held.office.clone(),
        decision: held.decision.clone().map(|mut d| {
            if !with_note {
                d.note.clear();
            }
            d
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_office_asks_for_a_portrait_then_approves_the_corrections() {
        let mut office = DemoOffice::default();
        office.received("fake-1", "079-DK-000001", "079", sample_declaration());
        office.confirmed("fake-1");
        let asked = office.status("fake-1");
        assert_eq!(asked.status, RegistrationStatus::ChangesRequested);
        let decision = asked.decision.unwrap();
        assert_eq!(decision.fields, vec![FieldId::Portrait]);
        assert!(
            decision.note.is_empty(),
            "the note is only behind the secret"
        );
        let declared = office.declaration("fake-1");
        assert_eq!(declared.fields_to_fix, vec![FieldId::Portrait]);
        assert_eq!(declared.decision.unwrap().note, DEMO_NOTE);

        // A field not asked for is refused, as the service refuses it.
        let mut payload = ResubmitPayload {
            registration_id: "fake-1".into(),
            secret: "k".into(),
            idempotency_key: "k2".into(),
            changes: [(FieldId::Street, "1 Lê Lợi".to_string())].into(),
            photos: Vec::new(),
        };
        assert!(office
            .resubmit(&payload)
            .unwrap_err()
            .contains_key(&FieldId::Street));
        payload.changes.clear();
        payload.photos = vec![(PhotoSlot::Portrait, "new-portrait".into())];
        assert_eq!(
            office.resubmit(&payload).unwrap().status,
            RegistrationStatus::Resubmitted
        );
        let approved = office.status("fake-1");
        assert_eq!(approved.status, RegistrationStatus::Approved);
        assert_eq!(approved.decision.unwrap().reason, DecisionReason::Verified);
    }
}
