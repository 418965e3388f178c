//! The stores' contract: one test suite that every back-end passes, run against SQLite (in
//! memory) and PostgreSQL (a real server started by the tests, one fresh database per test;
//! skipped with one line where no server binaries exist). Includes the concurrent cases two
//! instances produce: identical inserts, guesses of a code, decisions, TOTP steps, lockouts,
//! the per-recipient mail cap.

use super::resubmissions::{NewResubmission, ResubmitOutcome};
use super::staff::{
    AddStaffOutcome, AuditFilter, LockoutPolicy, NewAuditEntry, NewDecision, NewSession, NewStaff,
    Role, SessionPolicy, StaffStore,
};
use super::*;
use std::sync::Arc;
use vssid_core::api::{Decision, DecisionReason, RegistrationStatus, StatusChange, ValidDecision};

/// Both stores' traits, as one object.
pub(crate) trait Stores: RegistrationStore + StaffStore {}
impl<T: RegistrationStore + StaffStore> Stores for T {}

type Store = Arc<dyn Stores>;

const POLICY: OtpPolicy = OtpPolicy {
    max_tries: 3,
    resend_interval_ms: 60_000,
    max_resends: 2,
    max_wrong_total: 0,
    mail_cap: MailCap::NONE,
};

pub(crate) fn new_registration(id: &str, key: &str, reference: &str) -> NewRegistration {
    NewRegistration {
        id: id.into(),
        reference: reference.into(),
        idempotency_key: key.into(),
        body_hash: "h1".into(),
        office: "079".into(),
        email: "a@b.vn".into(),
        lang: Lang::En,
        declaration_json:
            r#"{"full_name":"Nguyễn Thị Ánh","bhxh_code":"7912345678","person_id":"079123456789"}"#
                .into(),
        received_at_ms: 1_000,
        otp_hash: "otp-1".into(),
        otp_expires_at_ms: 601_000,
        photos: PhotoSlot::ALL
            .iter()
            .map(|slot| PhotoRecord {
                slot: *slot,
                sha256: format!("sha-{}", slot.part_name()),
                bytes: 10,
                width: 300,
                height: 400,
            })
            .collect(),
        mail_cap: MailCap::NONE,
        consent_notice_version: "2026-11-29".into(),
        consent_accepted_at: "1970-01-01T00:00:01Z".into(),
    }
}

/// Runs `work` on `threads` threads at once (released together) and returns their results.
fn at_once<T: Send>(threads: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let barrier = std::sync::Barrier::new(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let (barrier, work) = (&barrier, &work);
                scope.spawn(move || {
                    barrier.wait();
                    work(i)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn add_reviewer(store: &Store, email: &str) -> i64 {
    match store
        .add_staff(&NewStaff {
            email: email.into(),
            name: "Trần Thị Lan".into(),
            role: Role::Reviewer,
            offices: vec!["079".into()],
            password_hash: "$argon2id$test".into(),
            created_at_ms: 1,
        })
        .unwrap()
    {
        AddStaffOutcome::Added(id) => id,
        other => panic!("{other:?}"),
    }
}

fn decision(decision: Decision, staff_id: i64) -> NewDecision {
    let reason = match decision {
        Decision::Approve => DecisionReason::Verified,
        Decision::Reject => DecisionReason::Duplicate,
        Decision::RequestChanges => DecisionReason::PhotoUnclear,
    };
    NewDecision {
        at_ms: 5_000,
        staff_id,
        decision: ValidDecision {
            decision,
            reason,
            note: "ghi chú".into(),
            fields: Vec::new(),
            account_name: (decision == Decision::Approve).then(|| "7912345678".into()),
        },
    }
}

pub(crate) fn one_record_per_idempotency_key(store: Store) {
    let first = store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    assert!(matches!(first, InsertOutcome::Created(ref r) if r.id == "r1"));
    let second = store.insert(&new_registration("r2", "k1", "DK-2")).unwrap();
    assert!(matches!(second, InsertOutcome::Existing(ref r) if r.id == "r1"));
    let clash = store.insert(&new_registration("r3", "k3", "DK-1")).unwrap();
    assert_eq!(clash, InsertOutcome::ReferenceTaken);
    assert_eq!(store.count().unwrap(), 1);
    assert_eq!(store.photos("r1").unwrap().len(), 3);
    assert_eq!(store.find_by_key("k1").unwrap().unwrap().reference, "DK-1");
    assert_eq!(store.find_by_reference("DK-1").unwrap().unwrap().id, "r1");
    assert_eq!(
        store.get("r1").unwrap().unwrap().status,
        RegistrationStatus::Received
    );
}

pub(crate) fn identical_inserts_at_once_make_one_record(store: Store) {
    let outcomes = at_once(12, |i| {
        store
            .insert(&new_registration(
                &format!("r{i}"),
                "same-key",
                &format!("DK-{i}"),
            ))
            .unwrap()
    });
    let created: Vec<_> = outcomes
        .iter()
        .filter_map(|o| match o {
            InsertOutcome::Created(r) => Some(r.id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(created.len(), 1, "{outcomes:?}");
    for outcome in &outcomes {
        match outcome {
            InsertOutcome::Created(r) | InsertOutcome::Existing(r) => assert_eq!(r.id, created[0]),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(store.count().unwrap(), 1);
    assert_eq!(store.photos(&created[0]).unwrap().len(), 3);
}

pub(crate) fn pairs_of_keys_at_once_stay_unique(store: Store) {
    let outcomes = at_once(16, |i| {
        store
            .insert(&new_registration(
                &format!("r{i}"),
                &format!("k{}", i / 2),
                &format!("DK-{i}"),
            ))
            .unwrap()
    });
    let created = outcomes
        .iter()
        .filter(|o| matches!(o, InsertOutcome::Created(_)))
        .count();
    assert_eq!(created, 8);
    assert_eq!(store.count().unwrap(), 8);
    for outcome in &outcomes {
        if let InsertOutcome::Existing(record) = outcome {
            let winner = store.find_by_key(&record.idempotency_key).unwrap().unwrap();
            assert_eq!(winner.id, record.id);
        }
    }
}

pub(crate) fn the_recipient_cap_holds_under_concurrent_inserts(store: Store) {
    let cap = MailCap {
        max: 3,
        window_ms: 86_400_000,
    };
    let outcomes = at_once(10, |i| {
        let mut registration =
            new_registration(&format!("r{i}"), &format!("k{i}"), &format!("DK-{i}"));
        registration.mail_cap = cap;
        store.insert(&registration).unwrap()
    });
    let created = outcomes
        .iter()
        .filter(|o| matches!(o, InsertOutcome::Created(_)))
        .count();
    let capped = outcomes
        .iter()
        .filter(|o| matches!(o, InsertOutcome::RecipientCapReached))
        .count();
    assert_eq!((created, capped), (3, 7), "{outcomes:?}");
    assert_eq!(store.mails_sent_since("A@B.vn ", 0).unwrap(), 3);
}

pub(crate) fn otp_tries_expiry_and_confirmation(store: Store) {
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    assert_eq!(
        store.verify_otp("r1", "bad", 2_000, POLICY).unwrap(),
        OtpOutcome::Wrong { tries_left: 2 }
    );
    assert_eq!(
        store.verify_otp("r1", "otp-1", 601_000, POLICY).unwrap(),
        OtpOutcome::Expired
    );
    let confirmed = store.verify_otp("r1", "otp-1", 3_000, POLICY).unwrap();
    assert!(matches!(confirmed, OtpOutcome::Confirmed(ref r)
        if r.status == RegistrationStatus::Confirmed && r.confirmed_at_ms == Some(3_000)));
    assert_eq!(
        store.verify_otp("r1", "otp-1", 3_000, POLICY).unwrap(),
        OtpOutcome::AlreadyConfirmed
    );
    assert_eq!(
        store.verify_otp("nope", "otp-1", 3_000, POLICY).unwrap(),
        OtpOutcome::NotFound
    );
}

pub(crate) fn guesses_at_once_are_counted_exactly(store: Store) {
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    let policy = OtpPolicy {
        max_tries: 5,
        ..POLICY
    };
    let outcomes = at_once(16, |i| {
        store
            .verify_otp("r1", &format!("guess-{i}"), 2_000, policy)
            .unwrap()
    });
    let wrong = outcomes
        .iter()
        .filter(|o| matches!(o, OtpOutcome::Wrong { .. }))
        .count();
    assert_eq!(
        wrong, 4,
        "four answers with tries left, then none: {outcomes:?}"
    );
    let mut left: Vec<u32> = outcomes
        .iter()
        .filter_map(|o| match o {
            OtpOutcome::Wrong { tries_left } => Some(*tries_left),
            _ => None,
        })
        .collect();
    left.sort();
    assert_eq!(left, vec![1, 2, 3, 4], "each try counted once");
    assert_eq!(
        store.verify_otp("r1", "otp-1", 2_000, policy).unwrap(),
        OtpOutcome::TooManyTries,
        "the right code comes too late"
    );
    // The right code entered on several instances at once confirms once.
    store.insert(&new_registration("r2", "k2", "DK-2")).unwrap();
    let outcomes = at_once(8, |_| {
        store.verify_otp("r2", "otp-1", 2_000, POLICY).unwrap()
    });
    let confirmed = outcomes
        .iter()
        .filter(|o| matches!(o, OtpOutcome::Confirmed(_)))
        .count();
    assert_eq!(confirmed, 1, "{outcomes:?}");
    assert!(outcomes
        .iter()
        .all(|o| matches!(o, OtpOutcome::Confirmed(_) | OtpOutcome::AlreadyConfirmed)));
}

pub(crate) fn too_many_tries_then_a_new_code_resets_them(store: Store) {
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    for left in [2, 1] {
        assert_eq!(
            store.verify_otp("r1", "bad", 2_000, POLICY).unwrap(),
            OtpOutcome::Wrong { tries_left: left }
        );
    }
    assert_eq!(
        store.verify_otp("r1", "bad", 2_000, POLICY).unwrap(),
        OtpOutcome::TooManyTries
    );
    assert_eq!(
        store.verify_otp("r1", "otp-1", 2_000, POLICY).unwrap(),
        OtpOutcome::TooManyTries
    );
    assert_eq!(
        store
            .replace_otp("r1", "otp-2", 30_000, 630_000, POLICY)
            .unwrap(),
        ResendOutcome::TooSoon {
            retry_after_ms: 31_000
        }
    );
    let replaced = store
        .replace_otp("r1", "otp-2", 61_000, 661_000, POLICY)
        .unwrap();
    assert!(matches!(
        replaced,
        ResendOutcome::Replaced {
            resends_left: 1,
            ..
        }
    ));
    assert!(matches!(
        store.verify_otp("r1", "otp-2", 62_000, POLICY).unwrap(),
        OtpOutcome::Confirmed(_)
    ));
}

pub(crate) fn resends_at_once_respect_the_spacing(store: Store) {
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    let outcomes = at_once(8, |i| {
        store
            .replace_otp("r1", &format!("otp-{i}"), 61_000, 661_000, POLICY)
            .unwrap()
    });
    let replaced = outcomes
        .iter()
        .filter(|o| matches!(o, ResendOutcome::Replaced { .. }))
        .count();
    assert_eq!(replaced, 1, "one new code per interval: {outcomes:?}");
    assert!(outcomes.iter().all(|o| matches!(
        o,
        ResendOutcome::Replaced { .. }
            | ResendOutcome::TooSoon {
                retry_after_ms: 60_000
            }
    )));
}

pub(crate) fn a_registration_without_its_first_mail_gets_a_fresh_code_once(store: Store) {
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    store.insert(&new_registration("r2", "k2", "DK-2")).unwrap();
    store.first_mail_written("r2", 1_500).unwrap();
    assert_eq!(store.without_first_mail().unwrap(), vec!["r1".to_string()]);
    assert_eq!(
        store
            .reissue_unsent_first_code("r2", "otp-x", 2_000, 602_000)
            .unwrap(),
        None
    );
    let reissued = store
        .reissue_unsent_first_code("r1", "otp-2", 2_000, 602_000)
        .unwrap()
        .expect("reissued");
    assert_eq!(reissued.id, "r1");
    assert_eq!(
        store.verify_otp("r1", "otp-1", 2_500, POLICY).unwrap(),
        OtpOutcome::Wrong { tries_left: 2 }
    );
    store.first_mail_written("r1", 2_100).unwrap();
    assert!(store.without_first_mail().unwrap().is_empty());
    assert_eq!(
        store
            .reissue_unsent_first_code("r1", "otp-3", 3_000, 603_000)
            .unwrap(),
        None
    );
    assert!(matches!(
        store
            .replace_otp("r1", "otp-4", 62_000, 662_000, POLICY)
            .unwrap(),
        ResendOutcome::Replaced {
            resends_left: 1,
            ..
        }
    ));
}

pub(crate) fn resends_are_limited_and_statuses_move_once(store: Store) {
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    let mut now = 1_000;
    for _ in 0..POLICY.max_resends {
        now += 60_000;
        assert!(matches!(
            store
                .replace_otp("r1", "x", now, now + 600_000, POLICY)
                .unwrap(),
            ResendOutcome::Replaced { .. }
        ));
    }
    assert_eq!(
        store
            .replace_otp("r1", "x", now + 60_000, now, POLICY)
            .unwrap(),
        ResendOutcome::LimitReached
    );
    let approve = StatusChange::Decided(Decision::Approve);
    assert!(matches!(
        store.change_status("r1", approve).unwrap(),
        Some(Err(InvalidTransition {
            from: RegistrationStatus::Received,
            ..
        }))
    ));
    assert_eq!(
        store
            .change_status("r1", StatusChange::CodeAccepted)
            .unwrap(),
        Some(Ok(RegistrationStatus::Confirmed))
    );
    assert_eq!(
        store.change_status("r1", approve).unwrap(),
        Some(Ok(RegistrationStatus::Approved))
    );
    assert!(matches!(
        store.change_status("r1", approve).unwrap(),
        Some(Err(InvalidTransition {
            from: RegistrationStatus::Approved,
            ..
        }))
    ));
    assert_eq!(store.change_status("zz", approve).unwrap(), None);
}

pub(crate) fn decisions_at_once_are_taken_once(store: Store) {
    let staff = add_reviewer(&store, "lan@bhxh.example.vn");
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    store
        .change_status("r1", StatusChange::CodeAccepted)
        .unwrap();
    let outcomes = at_once(8, |i| {
        let word = if i % 2 == 0 {
            Decision::Approve
        } else {
            Decision::Reject
        };
        store.decide("r1", &decision(word, staff)).unwrap()
    });
    let taken = outcomes.iter().filter(|o| matches!(o, Some(Ok(_)))).count();
    assert_eq!(taken, 1, "{outcomes:?}");
    let decisions = store.decisions("r1").unwrap();
    assert_eq!(decisions.len(), 1);
    assert_eq!(decisions[0].staff_name, "Trần Thị Lan");
    assert_eq!(
        store
            .decide("nobody", &decision(Decision::Approve, staff))
            .unwrap(),
        None
    );
    if decisions[0].decision == Decision::Approve {
        let approved = store.approved_between(&["079".into()], 0, 10_000).unwrap();
        assert_eq!(approved.len(), 1);
        assert_eq!(approved[0].account_name.as_deref(), Some("7912345678"));
    }
    let counts = store.status_counts(&["079".into()]).unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[0].count, 1);
}

pub(crate) fn nothing_is_written_back_to_a_withdrawn_registration(store: Store) {
    let staff = add_reviewer(&store, "lan@bhxh.example.vn");
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    store
        .change_status("r1", StatusChange::CodeAccepted)
        .unwrap();
    store
        .decide("r1", &decision(Decision::RequestChanges, staff))
        .unwrap()
        .unwrap()
        .unwrap();
    let withdrawn = store.withdraw("r1", 2_000).unwrap();
    let WithdrawOutcome::Withdrawn {
        email,
        unused_photos,
        ..
    } = withdrawn
    else {
        panic!("{withdrawn:?}");
    };
    assert_eq!(email, "a@b.vn");
    assert_eq!(unused_photos.len(), 3);
    assert!(matches!(
        store.withdraw("r1", 3_000).unwrap(),
        WithdrawOutcome::AlreadyWithdrawn(_)
    ));
    let outcome = store
        .resubmit(&NewResubmission {
            registration_id: "r1".into(),
            idempotency_key: "k2".into(),
            body_hash: "h".into(),
            at_ms: 3_000,
            declaration_json: r#"{"full_name":"Nguyễn Thị Ánh"}"#.into(),
            changes_json: "{}".into(),
            photos: Vec::new(),
        })
        .unwrap();
    assert!(matches!(outcome, ResubmitOutcome::NotFound), "{outcome:?}");
    assert_eq!(
        store
            .decide("r1", &decision(Decision::Approve, staff))
            .unwrap(),
        None
    );
    let record = store.get("r1").unwrap().unwrap();
    assert_eq!(record.status, RegistrationStatus::Withdrawn);
    assert_eq!(
        (record.email.as_str(), record.declaration_json.as_str()),
        ("", "{}")
    );
    assert!(store.photos("r1").unwrap().is_empty());
    assert_eq!(store.decisions("r1").unwrap()[0].note, "");
}

pub(crate) fn a_resubmission_replaces_photos_once(store: Store) {
    let staff = add_reviewer(&store, "lan@bhxh.example.vn");
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    store
        .change_status("r1", StatusChange::CodeAccepted)
        .unwrap();
    store
        .decide("r1", &decision(Decision::RequestChanges, staff))
        .unwrap();
    let new = NewResubmission {
        registration_id: "r1".into(),
        idempotency_key: "rk".into(),
        body_hash: "h".into(),
        at_ms: 6_000,
        declaration_json: r#"{"full_name":"Nguyễn Văn B"}"#.into(),
        changes_json: r#"{"full_name":{"before":"A","after":"B"}}"#.into(),
        photos: vec![PhotoRecord {
            slot: PhotoSlot::Portrait,
            sha256: "sha-new".into(),
            bytes: 11,
            width: 300,
            height: 400,
        }],
    };
    let outcomes = at_once(4, |_| store.resubmit(&new).unwrap());
    let stored = outcomes
        .iter()
        .filter(|o| matches!(o, ResubmitOutcome::Stored(_)))
        .count();
    assert_eq!(stored, 1, "{outcomes:?}");
    assert_eq!(store.resubmissions("r1").unwrap().len(), 1);
    assert!(store.find_resubmission("rk").unwrap().is_some());
    assert!(
        store.photo_referenced("sha-portrait").unwrap(),
        "kept for the office"
    );
    assert!(store.photo_referenced("sha-new").unwrap());
    assert!(
        store.release_replaced_photos().unwrap().is_empty(),
        "not decided yet"
    );
    store
        .decide("r1", &decision(Decision::Approve, staff))
        .unwrap();
    assert_eq!(
        store.release_replaced_photos().unwrap(),
        vec!["sha-portrait".to_string()]
    );
}

pub(crate) fn expired_registrations_are_purged(store: Store) {
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    let mut late = new_registration("r2", "k2", "DK-2");
    late.received_at_ms = 50_000;
    for photo in &mut late.photos {
        photo.sha256 = format!("{}-2", photo.sha256);
    }
    store.insert(&late).unwrap();
    let purged = store
        .purge(PurgeRules {
            unconfirmed_before_ms: 10_000,
            confirmed_before_ms: None,
            mail_log_before_ms: 10_000,
        })
        .unwrap();
    assert_eq!(purged.references, vec!["DK-1".to_string()]);
    assert_eq!(purged.unreferenced_photos.len(), 3);
    assert_eq!(store.count().unwrap(), 1);
    assert!(store.get("r1").unwrap().is_none());
    assert_eq!(
        store.mails_sent_since("a@b.vn", 0).unwrap(),
        1,
        "the older mail row went"
    );
}

pub(crate) fn a_totp_step_is_taken_once_and_failures_add_up(store: Store) {
    let id = add_reviewer(&store, "Lan@BHXH.example.vn");
    assert_eq!(
        store
            .add_staff(&NewStaff {
                email: "lan@bhxh.example.vn".into(),
                name: "x".into(),
                role: Role::Admin,
                offices: vec![],
                password_hash: "h".into(),
                created_at_ms: 1,
            })
            .unwrap(),
        AddStaffOutcome::EmailTaken,
        "addresses are unique without regard to case"
    );
    assert_eq!(
        store
            .staff_by_email(" lan@bhxh.EXAMPLE.vn")
            .unwrap()
            .unwrap()
            .id,
        id
    );
    store.set_staff_totp(id, Some("SECRET")).unwrap();
    let taken = at_once(8, |_| store.use_totp_step(id, 100).unwrap());
    assert_eq!(taken.iter().filter(|t| **t).count(), 1);
    assert!(!store.use_totp_step(id, 99).unwrap());
    assert!(store.use_totp_step(id, 101).unwrap());
    let policy = LockoutPolicy {
        max_failures: 5,
        base_ms: 1_000,
        cap_ms: 60_000,
    };
    let locks = at_once(10, |_| store.login_failed(id, 10_000, policy).unwrap());
    let account = store
        .staff_by_email("lan@bhxh.example.vn")
        .unwrap()
        .unwrap();
    assert_eq!(account.failed_logins, 10, "every failure counted");
    assert_eq!(locks.iter().filter(|l| l.is_some()).count(), 6);
    // The failures are counted one after the other: the lock written last is the tenth's.
    assert_eq!(account.locked_until_ms, Some(10_000 + policy.lock_ms(10)));
}

pub(crate) fn sessions_live_expire_and_end(store: Store) {
    let id = add_reviewer(&store, "lan@bhxh.example.vn");
    let policy = SessionPolicy {
        idle_ms: 1_000,
        absolute_ms: 10_000,
    };
    store
        .login_succeeded(&NewSession {
            token_sha256: "t1".into(),
            staff_id: id,
            csrf_token: "c1".into(),
            created_at_ms: 100,
        })
        .unwrap();
    let live = store.session("t1", 900, policy).unwrap().unwrap();
    assert_eq!((live.account.id, live.csrf_token.as_str()), (id, "c1"));
    assert!(
        store.session("t1", 1_800, policy).unwrap().is_some(),
        "its use moved on"
    );
    assert!(
        store.session("t1", 2_900, policy).unwrap().is_none(),
        "idle too long"
    );
    assert!(
        !store.end_session("t1").unwrap(),
        "deleted when found expired"
    );
    store
        .login_succeeded(&NewSession {
            token_sha256: "t2".into(),
            staff_id: id,
            csrf_token: "c2".into(),
            created_at_ms: 100,
        })
        .unwrap();
    assert!(store.disable_staff(id).unwrap());
    assert!(
        store.session("t2", 200, policy).unwrap().is_none(),
        "disabled: ended"
    );
    assert!(store.enable_staff(id).unwrap());
    store
        .login_succeeded(&NewSession {
            token_sha256: "t3".into(),
            staff_id: id,
            csrf_token: "c3".into(),
            created_at_ms: 100,
        })
        .unwrap();
    assert_eq!(store.end_expired_sessions(50_000, policy).unwrap(), 1);
}

pub(crate) fn the_audit_log_reads_back_scoped(store: Store) {
    let id = add_reviewer(&store, "lan@bhxh.example.vn");
    store.insert(&new_registration("r1", "k1", "DK-1")).unwrap();
    for (action, reference, office) in [
        ("view", Some("DK-1"), None),
        ("export", None, Some("001")),
        ("login", None, None),
    ] {
        store
            .append_audit(&NewAuditEntry {
                at_ms: 1_000,
                staff_id: Some(id),
                action: action.into(),
                reference: reference.map(str::to_string),
                client: "127.0.0.1".into(),
                detail: String::new(),
                office: office.map(str::to_string),
            })
            .unwrap();
    }
    let all = store
        .audit(&AuditFilter {
            limit: 10,
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(
        all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["login", "export", "view"]
    );
    let scoped = store
        .audit(&AuditFilter {
            offices: Some(vec!["079".into()]),
            limit: 10,
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(
        scoped.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["login", "view"],
        "the other office's export is not shown"
    );
    let by_reference = store
        .audit(&AuditFilter {
            reference: Some("DK-1".into()),
            limit: 10,
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(by_reference.len(), 1);
}

pub(crate) fn the_console_lists_and_searches_folded(store: Store) {
    for i in 0..5 {
        let mut r = new_registration(&format!("r{i}"), &format!("k{i}"), &format!("DK-{i}"));
        r.received_at_ms = 1_000 + i as i64;
        if i == 3 {
            r.declaration_json = r#"{"full_name":"Lê Văn Đức","bhxh_code":"0100000003"}"#.into();
        }
        store.insert(&r).unwrap();
    }
    let query = |search: &str, offset: u32| super::staff::ConsoleQuery {
        offices: vec!["079".into()],
        statuses: vec![RegistrationStatus::Received],
        search: vt(search),
        offset,
        limit: 2,
    };
    fn vt(text: &str) -> String {
        vssid_core::text::fold(text)
    }
    let page = store.console_registrations(&query("", 2)).unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(
        page.rows
            .iter()
            .map(|r| r.reference.as_str())
            .collect::<Vec<_>>(),
        vec!["DK-2", "DK-3"]
    );
    let found = store
        .console_registrations(&query("le van duc", 0))
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.rows[0].full_name, "Lê Văn Đức");
    let by_name = store.console_registrations(&query("THỊ ÁNH", 0)).unwrap();
    assert_eq!((by_name.total, by_name.rows.len()), (4, 2));
    let duplicates = store.possible_duplicates("DK-0", "7912345678", "").unwrap();
    assert_eq!(duplicates.len(), 3);
}

/// One `#[test]` per contract body for a back-end: `$make` gives a fresh store, or `None` to
/// skip.
macro_rules! contract_tests {
    ($make:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let make: fn() -> Option<super::Store> = $make;
                if let Some(store) = make() {
                    super::$name(store);
                }
            }
        )*
    };
}

macro_rules! every_contract {
    ($make:expr) => {
        contract_tests!($make;
            one_record_per_idempotency_key,
            identical_inserts_at_once_make_one_record,
            pairs_of_keys_at_once_stay_unique,
            the_recipient_cap_holds_under_concurrent_inserts,
            otp_tries_expiry_and_confirmation,
            guesses_at_once_are_counted_exactly,
            too_many_tries_then_a_new_code_resets_them,
            resends_at_once_respect_the_spacing,
            a_registration_without_its_first_mail_gets_a_fresh_code_once,
            resends_are_limited_and_statuses_move_once,
            decisions_at_once_are_taken_once,
            nothing_is_written_back_to_a_withdrawn_registration,
            a_resubmission_replaces_photos_once,
            expired_registrations_are_purged,
            a_totp_step_is_taken_once_and_failures_add_up,
            sessions_live_expire_and_end,
            the_audit_log_reads_back_scoped,
            the_console_lists_and_searches_folded,
        );
    };
}

mod sqlite {
    every_contract!(|| Some(std::sync::Arc::new(
        crate::store::SqliteStore::in_memory().unwrap()
    )));
}

mod postgres {
    every_contract!(|| vssid_testkit::postgres::fresh_database()
        .map(|url| std::sync::Arc::new(crate::store::PgStore::connect(&url, 4).unwrap()) as _));
}

/// The photo files kept in a database: stored once per hash, read back, listed, deleted.
fn photo_files_round_trip(photos: Arc<dyn crate::photos::PhotoStore>) {
    let jpeg: &[u8] = &[0xff, 0xd8, 0xff, 0xe0, 1, 2, 3];
    photos.put_all(&[("h1", jpeg), ("h2", &[9, 9])]).unwrap();
    photos.put_all(&[("h1", &[0])]).unwrap();
    assert_eq!(
        photos.read("h1").unwrap(),
        jpeg,
        "a stored photo is kept as it is"
    );
    let mut listed: Vec<String> = photos.list().unwrap().into_iter().map(|(h, _)| h).collect();
    listed.sort();
    assert_eq!(listed, vec!["h1".to_string(), "h2".to_string()]);
    photos.remove("h1").unwrap();
    photos.remove("h1").unwrap();
    assert_eq!(
        photos.read("h1").unwrap_err().kind(),
        std::io::ErrorKind::NotFound
    );
    assert_eq!(photos.list().unwrap().len(), 1);
}

#[test]
fn photo_files_in_sqlite() {
    photo_files_round_trip(Arc::new(SqliteStore::in_memory().unwrap()));
}

#[test]
fn photo_files_in_postgres() {
    if let Some(url) = vssid_testkit::postgres::fresh_database() {
        photo_files_round_trip(Arc::new(PgStore::connect(&url, 2).unwrap()));
    }
}
