//! Where a registration is in its life, and the one table of what may move it on: the
//! applicant's code, the office's review and decisions, a resubmission, a withdrawal, the
//! sweep of never-confirmed registrations. The service and the console ask [`next_status`];
//! anything else is refused (`409` on the wire).

use serde::{Deserialize, Serialize};

/// Where a registration is in its life. The words on the wire are the snake_case names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Stored; waiting for the e-mail confirmation code. (Drafts saved by older versions of
    /// the app may carry the word `awaiting_confirmation`, read as this.)
    #[serde(alias = "awaiting_confirmation")]
    Received,
    /// The e-mail code was entered: in the office's queue.
    Confirmed,
    /// A person at the office has opened it.
    InReview,
    /// The office issued the account.
    Approved,
    /// The office refused the request.
    Rejected,
    /// The office asked the applicant to correct something (a photo, a field).
    ChangesRequested,
    /// The applicant sent the corrections: back in the office's queue.
    Resubmitted,
    /// The person withdrew their consent: the personal data was deleted, only the reference,
    /// office and dates remain.
    Withdrawn,
    /// Never confirmed with the e-mail code in time.
    Expired,
}

impl RegistrationStatus {
    /// Every status, in the order a registration may go through them.
    pub const ALL: [RegistrationStatus; 9] = [
        RegistrationStatus::Received,
        RegistrationStatus::Confirmed,
        RegistrationStatus::InReview,
        RegistrationStatus::Approved,
        RegistrationStatus::Rejected,
        RegistrationStatus::ChangesRequested,
        RegistrationStatus::Resubmitted,
        RegistrationStatus::Withdrawn,
        RegistrationStatus::Expired,
    ];

    /// The stable code, e.g. `received`.
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Received => "received",
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::InReview => "in_review",
            RegistrationStatus::Approved => "approved",
            RegistrationStatus::Rejected => "rejected",
            RegistrationStatus::ChangesRequested => "changes_requested",
            RegistrationStatus::Resubmitted => "resubmitted",
            RegistrationStatus::Withdrawn => "withdrawn",
            RegistrationStatus::Expired => "expired",
        }
    }

    /// Reads a stable code back.
    pub fn parse(code: &str) -> Option<RegistrationStatus> {
        RegistrationStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == code)
    }

    /// Waiting for the office: in its queue or being looked at.
    pub fn with_the_office(self) -> bool {
        matches!(
            self,
            RegistrationStatus::Confirmed
                | RegistrationStatus::InReview
                | RegistrationStatus::Resubmitted
        )
    }

    /// A registration in this status has a tờ khai: once its code was accepted, until its
    /// data is deleted (the app offers it, the service makes it).
    pub fn has_declaration_pdf(self) -> bool {
        !matches!(
            self,
            RegistrationStatus::Received
                | RegistrationStatus::Withdrawn
                | RegistrationStatus::Expired
        )
    }

    /// Nothing moves it any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RegistrationStatus::Approved
                | RegistrationStatus::Rejected
                | RegistrationStatus::Withdrawn
                | RegistrationStatus::Expired
        )
    }
}

/// What an office decides about a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
    RequestChanges,
}

impl Decision {
    pub const ALL: [Decision; 3] = [
        Decision::Approve,
        Decision::Reject,
        Decision::RequestChanges,
    ];

    /// The stable code, e.g. `request_changes` (the word on the wire).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Reject => "reject",
            Decision::RequestChanges => "request_changes",
        }
    }

    /// Reads a stable code back.
    pub fn parse(code: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == code)
    }
}

/// How many days an office has to handle a registration once it is in its queue: the
/// e-declaration of Công văn 2659/BHXH-CNTT is cancelled when the person has not been seen
/// within 10 days (the app's receipt says the same). The console marks a registration still
/// with the office after this many whole days since its confirmation as overdue.
pub const REVIEW_WINDOW_DAYS: i64 = 10;

/// Whether a registration in `status`, `days_waiting` whole days after its confirmation, is
/// past the review window: only what still waits for the office can be overdue.
pub fn review_overdue(status: RegistrationStatus, days_waiting: i64) -> bool {
    status.with_the_office() && days_waiting >= REVIEW_WINDOW_DAYS
}

/// Something that happens to a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    /// The applicant entered the right e-mail code.
    CodeAccepted,
    /// A person at the office opened it from the queue.
    ReviewStarted,
    /// The office decided (from the queue or while reviewing).
    Decided(Decision),
    /// The applicant sent the corrections asked for.
    Resubmitted,
    /// The applicant withdrew their consent (or asked the operator to erase the data).
    Withdrawn,
    /// The sweep found it never confirmed in time.
    Expired,
}

/// A change that cannot happen in the registration's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a registration that is {} cannot be {change:?}", from.as_str())]
pub struct InvalidTransition {
    pub from: RegistrationStatus,
    pub change: StatusChange,
}

/// The status after `change`, or why it cannot happen: the one place that says how a
/// registration moves.
pub fn next_status(
    from: RegistrationStatus,
    change: StatusChange,
) -> Result<RegistrationStatus, InvalidTransition> {
    use RegistrationStatus as S;
    use StatusChange as C;
    let to = match (from, change) {
        (S::Received, C::CodeAccepted) => S::Confirmed,
        (S::Received, C::Expired) => S::Expired,
        (S::Confirmed | S::Resubmitted, C::ReviewStarted) => S::InReview,
        (from, C::Decided(decision)) if from.with_the_office() => match decision {
            Decision::Approve => S::Approved,
            Decision::Reject => S::Rejected,
            Decision::RequestChanges => S::ChangesRequested,
        },
        (S::ChangesRequested, C::Resubmitted) => S::Resubmitted,
        (from, C::Withdrawn) if from != S::Withdrawn && from != S::Expired => S::Withdrawn,
        _ => return Err(InvalidTransition { from, change }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RegistrationStatus as S;

    #[test]
    fn the_words_on_the_wire_are_the_codes() {
        for status in S::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(S::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::from_str::<S>(&json).unwrap(), status);
        }
        assert_eq!(
            serde_json::from_str::<S>("\"awaiting_confirmation\"").unwrap(),
            S::Received
        );
        assert_eq!(S::parse("approved_maybe"), None);
        for decision in Decision::ALL {
            let json = serde_json::to_string(&decision).unwrap();
            assert_eq!(json, format!("\"{}\"", decision.as_str()));
            assert_eq!(Decision::parse(decision.as_str()), Some(decision));
        }
    }

    #[test]
    fn only_registrations_with_the_office_are_overdue_from_the_tenth_day() {
        assert!(!review_overdue(S::Confirmed, REVIEW_WINDOW_DAYS - 1));
        assert!(review_overdue(S::Confirmed, REVIEW_WINDOW_DAYS));
        assert!(review_overdue(S::InReview, 40));
        assert!(review_overdue(S::Resubmitted, 10));
        for status in [S::Received, S::Approved, S::ChangesRequested, S::Withdrawn] {
            assert!(!review_overdue(status, 40), "{status:?}");
        }
    }

    #[test]
    fn a_registration_goes_through_review_and_back_after_changes() {
        let steps = [
            (StatusChange::CodeAccepted, S::Confirmed),
            (StatusChange::ReviewStarted, S::InReview),
            (
                StatusChange::Decided(Decision::RequestChanges),
                S::ChangesRequested,
            ),
            (StatusChange::Resubmitted, S::Resubmitted),
            (StatusChange::ReviewStarted, S::InReview),
            (StatusChange::Decided(Decision::Approve), S::Approved),
        ];
        let mut status = S::Received;
        for (change, expected) in steps {
            status = next_status(status, change).unwrap();
            assert_eq!(status, expected);
        }
        assert!(status.is_final());
    }

    #[test]
    fn unconfirmed_or_decided_registrations_cannot_be_decided() {
        for from in [
            S::Received,
            S::Approved,
            S::Rejected,
            S::ChangesRequested,
            S::Withdrawn,
            S::Expired,
        ] {
            for decision in [
                Decision::Approve,
                Decision::Reject,
                Decision::RequestChanges,
            ] {
                assert_eq!(
                    next_status(from, StatusChange::Decided(decision)),
                    Err(InvalidTransition {
                        from,
                        change: StatusChange::Decided(decision)
                    }),
                    "{from:?}"
                );
            }
        }
        // Only what is with the office can be decided, and it can be from the queue directly.
        for from in S::ALL.into_iter().filter(|s| s.with_the_office()) {
            assert_eq!(
                next_status(from, StatusChange::Decided(Decision::Reject)),
                Ok(S::Rejected)
            );
        }
    }

    #[test]
    fn every_change_is_allowed_from_exactly_the_listed_statuses() {
        let changes = [
            StatusChange::CodeAccepted,
            StatusChange::ReviewStarted,
            StatusChange::Decided(Decision::Approve),
            StatusChange::Resubmitted,
            StatusChange::Withdrawn,
            StatusChange::Expired,
        ];
        let allowed = |change: StatusChange| -> Vec<S> {
            S::ALL
                .into_iter()
                .filter(|from| next_status(*from, change).is_ok())
                .collect()
        };
        assert_eq!(allowed(changes[0]), [S::Received]);
        assert_eq!(allowed(changes[1]), [S::Confirmed, S::Resubmitted]);
        assert_eq!(
            allowed(changes[2]),
            [S::Confirmed, S::InReview, S::Resubmitted]
        );
        assert_eq!(allowed(changes[3]), [S::ChangesRequested]);
        assert_eq!(
            allowed(changes[4]),
            S::ALL
                .into_iter()
                .filter(|s| *s != S::Withdrawn && *s != S::Expired)
                .collect::<Vec<_>>()
        );
        assert_eq!(allowed(changes[5]), [S::Received]);
        // Final statuses move only by a withdrawal (the data can always be erased).
        for from in S::ALL.into_iter().filter(|s| s.is_final()) {
            for change in changes {
                if let Ok(to) = next_status(from, change) {
                    assert_eq!(to, S::Withdrawn, "{from:?} {change:?}");
                }
            }
        }
    }
}
