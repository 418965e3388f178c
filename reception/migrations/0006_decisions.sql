-- The status model of the office's review (vssid_core::api::status): the registrations table
-- is rebuilt with the new words allowed (SQLite cannot change a CHECK in place; migrations
-- run with foreign keys off and checked with foreign_key_check before each commit).
CREATE TABLE registrations_rebuilt (
    id                     TEXT PRIMARY KEY,
    reference              TEXT NOT NULL UNIQUE,
    idempotency_key        TEXT NOT NULL UNIQUE,
    body_hash              TEXT NOT NULL,
    status                 TEXT NOT NULL CHECK (status IN ('received', 'confirmed', 'in_review',
                               'approved', 'rejected', 'changes_requested', 'resubmitted',
                               'withdrawn', 'expired')),
    office                 TEXT NOT NULL,
    email                  TEXT NOT NULL,
    lang                   TEXT NOT NULL,
    declaration_json       TEXT NOT NULL,
    received_at_ms         INTEGER NOT NULL,
    confirmed_at_ms        INTEGER,
    otp_hash               TEXT NOT NULL,
    otp_sent_at_ms         INTEGER NOT NULL,
    otp_expires_at_ms      INTEGER NOT NULL,
    otp_failed_tries       INTEGER NOT NULL DEFAULT 0,
    otp_resends            INTEGER NOT NULL DEFAULT 0,
    first_mail_at_ms       INTEGER,
    otp_wrong_total        INTEGER NOT NULL DEFAULT 0,
    consent_notice_version TEXT,
    consent_accepted_at    TEXT,
    withdrawn_at_ms        INTEGER
);
INSERT INTO registrations_rebuilt (id, reference, idempotency_key, body_hash, status, office,
    email, lang, declaration_json, received_at_ms, confirmed_at_ms, otp_hash, otp_sent_at_ms,
    otp_expires_at_ms, otp_failed_tries, otp_resends, first_mail_at_ms, otp_wrong_total,
    consent_notice_version, consent_accepted_at, withdrawn_at_ms)
SELECT id, reference, idempotency_key, body_hash, status, office, email, lang,
    declaration_json, received_at_ms, confirmed_at_ms, otp_hash, otp_sent_at_ms,
    otp_expires_at_ms, otp_failed_tries, otp_resends, first_mail_at_ms, otp_wrong_total,
    consent_notice_version, consent_accepted_at, withdrawn_at_ms
FROM registrations;
DROP TABLE registrations;
ALTER TABLE registrations_rebuilt RENAME TO registrations;
CREATE INDEX registrations_by_status_age ON registrations (status, received_at_ms);
CREATE INDEX registrations_by_office_status ON registrations (office, status, confirmed_at_ms);
CREATE INDEX registrations_by_bhxh_code
    ON registrations (json_extract(declaration_json, '$.bhxh_code'));
CREATE INDEX registrations_by_person_id
    ON registrations (json_extract(declaration_json, '$.person_id'));

-- The office's decisions on registrations: who decided what, when, why, what to correct,
CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    registration_id TEXT NOT NULL,
    at_ms           INTEGER NOT NULL,
    staff_id        INTEGER NOT NULL REFERENCES staff (id),
    decision        TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'request_changes')),
    reason          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    -- The field codes to correct, a JSON array.
    fields          TEXT NOT NULL DEFAULT '[]',
    account_name    TEXT
);
CREATE INDEX decisions_by_registration ON decisions (registration_id, id);
