//! An office's decision on a registration as the console sends it
//! (`POST /v1/staff/registrations/{reference}/decision`): the decision, a reason from the list
//! that fits it (with free text where "other" needs one), the fields to correct when changes
//! are asked for, and the VssID user name issued on approval (the Mã BHXH).

use super::status::Decision;
use crate::fields::{BhxhCode, FieldId};
use crate::lang::{localized, Lang};
use serde::{Deserialize, Serialize};

/// The longest free-text note, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// Why an office decided as it did (the list the console offers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionReason {
    /// Approve: the details and photos match the documents.
    Verified,
    /// Reject: the person already has a VssID account, or this repeats a registration.
    Duplicate,
    /// Reject: the details do not match the national population database.
    IdentityMismatch,
    /// Reject: the address is not served by this office.
    NotServedHere,
    /// Request changes: a photo is blurred, dark or cut.
    PhotoUnclear,
    /// Request changes: the portrait does not follow the rules (face, background, glasses).
    PortraitUnsuitable,
    /// Request changes: the ID card cannot be read on its photos.
    IdCardUnreadable,
    /// Request changes: some declared details are wrong or incomplete.
    DetailsWrong,
    /// Any decision: said in the note.
    Other,
}

impl DecisionReason {
    pub const ALL: [DecisionReason; 9] = [
        DecisionReason::Verified,
        DecisionReason::Duplicate,
        DecisionReason::IdentityMismatch,
        DecisionReason::NotServedHere,
        DecisionReason::PhotoUnclear,
        DecisionReason::PortraitUnsuitable,
        DecisionReason::IdCardUnreadable,
        DecisionReason::DetailsWrong,
        DecisionReason::Other,
    ];

    /// The stable code, e.g. `photo_unclear`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionReason::Verified => "verified",
            DecisionReason::Duplicate => "duplicate",
            DecisionReason::IdentityMismatch => "identity_mismatch",
            DecisionReason::NotServedHere => "not_served_here",
            DecisionReason::PhotoUnclear => "photo_unclear",
            DecisionReason::PortraitUnsuitable => "portrait_unsuitable",
            DecisionReason::IdCardUnreadable => "id_card_unreadable",
            DecisionReason::DetailsWrong => "details_wrong",
            DecisionReason::Other => "other",
        }
    }

    /// Reads a stable code back.
    pub fn parse(code: &str) -> Option<DecisionReason> {
        DecisionReason::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// The decisions this reason can be given for.
    pub fn fits(self, decision: Decision) -> bool {
        use DecisionReason as R;
        match decision {
            Decision::Approve => matches!(self, R::Verified | R::Other),
            Decision::Reject => matches!(
                self,
                R::Duplicate | R::IdentityMismatch | R::NotServedHere | R::Other
            ),
            Decision::RequestChanges => matches!(
                self,
                R::PhotoUnclear
                    | R::PortraitUnsuitable
                    | R::IdCardUnreadable
                    | R::DetailsWrong
                    | R::Other
            ),
        }
    }

    /// How the console and the applicant's notice name it.
    pub fn label(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            DecisionReason::Verified => (
                "Thông tin và ảnh khớp với giấy tờ",
                "The details and photos match the documents",
            ),
            DecisionReason::Duplicate => (
                "Đã có tài khoản VssID hoặc hồ sơ trùng",
                "A VssID account or the same registration already exists",
            ),
            DecisionReason::IdentityMismatch => (
                "Thông tin không khớp với Cơ sở dữ liệu quốc gia về dân cư",
                "The details do not match the national population database",
            ),
            DecisionReason::NotServedHere => (
                "Địa chỉ không thuộc cơ quan BHXH này",
                "The address is not served by this BHXH office",
            ),
            DecisionReason::PhotoUnclear => (
                "Ảnh bị mờ, tối hoặc bị cắt",
                "A photo is blurred, dark or cut off",
            ),
            DecisionReason::PortraitUnsuitable => (
                "Ảnh chân dung chưa đúng quy định",
                "The portrait does not follow the rules",
            ),
            DecisionReason::IdCardUnreadable => (
                "Ảnh thẻ căn cước không đọc được",
                "The identity card cannot be read on its photos",
            ),
            DecisionReason::DetailsWrong => (
                "Thông tin khai chưa đúng hoặc chưa đủ",
                "Some declared details are wrong or missing",
            ),
            DecisionReason::Other => ("Lý do khác", "Another reason"),
        };
        match lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// The body of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRequest {
    pub decision: Decision,
    pub reason: DecisionReason,
    /// Free text (required with `other`), at most [`MAX_NOTE_CHARS`] characters.
    #[serde(default)]
    pub note: String,
    /// For `request_changes`: what to correct (field codes, photos included).
    #[serde(default)]
    pub fields: Vec<FieldId>,
    /// For `approve`: the VssID user name issued (the Mã BHXH).
    #[serde(default)]
    pub account_name: Option<String>,
}

/// Why a decision's body cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("the reason does not fit the decision")]
    ReasonDoesNotFit,
    #[error("the reason \"other\" needs a note")]
    NoteRequired,
    #[error("the note is longer than {MAX_NOTE_CHARS} characters")]
    NoteTooLong,
    #[error("asking for changes needs the fields to correct")]
    FieldsRequired,
    #[error("fields are only named when changes are asked for")]
    FieldsNotExpected,
    #[error("only the declaration's fields and the photos can be corrected")]
    FieldNotCorrectable,
    #[error("an approval needs the user name issued (a Mã BHXH)")]
    AccountNameRequired,
    #[error("the user name issued is not a Mã BHXH")]
    AccountNameInvalid,
    #[error("a user name is only given on approval")]
    AccountNameNotExpected,
}

localized! {
    DecisionError {
        Self::ReasonDoesNotFit => "decision_reason_does_not_fit",
            vi ("Lý do đã chọn không phù hợp với quyết định"),
            en ("The reason chosen does not fit the decision");
        Self::NoteRequired => "decision_note_required",
            vi ("Vui lòng ghi rõ lý do khác"),
            en ("Please write the other reason");
        Self::NoteTooLong => "decision_note_too_long",
            vi ("Ghi chú dài tối đa {MAX_NOTE_CHARS} ký tự"),
            en ("The note has at most {MAX_NOTE_CHARS} characters");
        Self::FieldsRequired => "decision_fields_required",
            vi ("Vui lòng chọn những mục cần bổ sung"),
            en ("Please choose what must be corrected");
        Self::FieldsNotExpected => "decision_fields_not_expected",
            vi ("Chỉ chọn mục cần bổ sung khi đề nghị bổ sung hồ sơ"),
            en ("Items to correct are chosen only when asking for changes");
        Self::FieldNotCorrectable => "decision_field_not_correctable",
            vi ("Chỉ có thể yêu cầu sửa các mục của tờ khai và ảnh"),
            en ("Only the declaration's fields and the photos can be asked to be corrected");
        Self::AccountNameRequired => "decision_account_name_required",
            vi ("Vui lòng nhập tên đăng nhập đã cấp (Mã BHXH)"),
            en ("Please enter the user name issued (the Mã BHXH)");
        Self::AccountNameInvalid => "decision_account_name_invalid",
            vi ("Tên đăng nhập đã cấp phải là Mã BHXH hợp lệ"),
            en ("The user name issued must be a valid Mã BHXH");
        Self::AccountNameNotExpected => "decision_account_name_not_expected",
            vi ("Tên đăng nhập chỉ được nhập khi duyệt hồ sơ"),
            en ("A user name is entered only on approval");
    }
}

/// A decision's body as the store keeps it: the note trimmed, the user name normalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDecision {
    pub decision: Decision,
    pub reason: DecisionReason,
    pub note: String,
    pub fields: Vec<FieldId>,
    pub account_name: Option<String>,
}

impl DecisionRequest {
    /// Checks the body against the rules above (the status is checked by the store, with
    /// `next_status`).
    pub fn validate(&self) -> Result<ValidDecision, DecisionError> {
        if !self.reason.fits(self.decision) {
            return Err(DecisionError::ReasonDoesNotFit);
        }
        // Shown to the applicant (the notice, the app): no control character, and none of
        // the invisible ones that can make a text read as another.
        let note: String = crate::text::tidy(&self.note)
            .chars()
            .filter(|c| !c.is_control() && !crate::text::is_bidi_or_invisible_format(*c))
            .collect();
        let note = crate::text::tidy(&note);
        if self.reason == DecisionReason::Other && note.is_empty() {
            return Err(DecisionError::NoteRequired);
        }
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(DecisionError::NoteTooLong);
        }
        let mut fields = self.fields.clone();
        fields.sort();
        fields.dedup();
        match (self.decision, fields.is_empty()) {
            (Decision::RequestChanges, true) => return Err(DecisionError::FieldsRequired),
            (Decision::Approve | Decision::Reject, false) => {
                return Err(DecisionError::FieldsNotExpected)
            }
            _ => {}
        }
        if !fields.iter().all(|f| crate::fields::is_correctable(*f)) {
            return Err(DecisionError::FieldNotCorrectable);
        }
        let account_name = match (self.decision, self.account_name.as_deref()) {
            (Decision::Approve, None) => return Err(DecisionError::AccountNameRequired),
            (Decision::Approve, Some(name)) => Some(
                BhxhCode::parse(name)
                    .map_err(|_| DecisionError::AccountNameInvalid)?
                    .as_str()
                    .to_string(),
            ),
            (_, Some(_)) => return Err(DecisionError::AccountNameNotExpected),
            (_, None) => None,
        };
        Ok(ValidDecision {
            decision: self.decision,
            reason: self.reason,
            note,
            fields,
            account_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(decision: Decision, reason: DecisionReason) -> DecisionRequest {
        DecisionRequest {
            decision,
            reason,
            note: String::new(),
            fields: Vec::new(),
            account_name: None,
        }
    }

    #[test]
    fn each_decision_takes_its_own_reasons_and_parts() {
        let mut approve = request(Decision::Approve, DecisionReason::Verified);
        assert_eq!(approve.validate(), Err(DecisionError::AccountNameRequired));
        approve.account_name = Some("79 1234 5678".into());
        let valid = approve.validate().unwrap();
        assert_eq!(valid.account_name.as_deref(), Some("7912345678"));
        approve.account_name = Some("12345".into());
        assert_eq!(approve.validate(), Err(DecisionError::AccountNameInvalid));

        let mut changes = request(Decision::RequestChanges, DecisionReason::PhotoUnclear);
        assert_eq!(changes.validate(), Err(DecisionError::FieldsRequired));
        changes.fields = vec![FieldId::Portrait, FieldId::Portrait, FieldId::IdFront];
        assert_eq!(
            changes.validate().unwrap().fields,
            [FieldId::Portrait, FieldId::IdFront],
            "each field once"
        );
        changes.fields = vec![FieldId::Email];
        assert_eq!(changes.validate(), Err(DecisionError::FieldNotCorrectable));
        changes.fields = vec![FieldId::Portrait];
        changes.account_name = Some("7912345678".into());
        assert_eq!(
            changes.validate(),
            Err(DecisionError::AccountNameNotExpected)
        );

        let mut reject = request(Decision::Reject, DecisionReason::PhotoUnclear);
        assert_eq!(reject.validate(), Err(DecisionError::ReasonDoesNotFit));
        reject.reason = DecisionReason::Other;
        assert_eq!(reject.validate(), Err(DecisionError::NoteRequired));
        reject.note = "  hồ sơ   giả mạo ".into();
        assert_eq!(reject.validate().unwrap().note, "hồ sơ giả mạo");
        // The note reaches the applicant: invisible and control characters are dropped.
        reject.note = "Trùng\u{200b} hồ sơ\u{202e}\u{7} đã có".into();
        assert_eq!(reject.validate().unwrap().note, "Trùng hồ sơ đã có");
        reject.note = "\u{200b}\u{feff}".into();
        assert_eq!(reject.validate(), Err(DecisionError::NoteRequired));
        reject.note = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(reject.validate(), Err(DecisionError::NoteTooLong));
        reject.note = "x".into();
        reject.fields = vec![FieldId::Street];
        assert_eq!(reject.validate(), Err(DecisionError::FieldsNotExpected));
    }

    #[test]
    fn every_reason_fits_some_decision_and_is_named_in_both_languages() {
        for reason in DecisionReason::ALL {
            assert!(
                [
                    Decision::Approve,
                    Decision::Reject,
                    Decision::RequestChanges
                ]
                .into_iter()
                .any(|d| reason.fits(d)),
                "{reason:?}"
            );
            assert_ne!(reason.label(Lang::Vi), reason.label(Lang::En));
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.as_str()));
            assert_eq!(DecisionReason::parse(reason.as_str()), Some(reason));
        }
    }
}
