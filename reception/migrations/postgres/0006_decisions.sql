-- PostgreSQL: the status model of the office's review (the CHECK is replaced in place; SQLite
-- rebuilds the table) and the office's decisions.
ALTER TABLE registrations DROP CONSTRAINT registrations_status_check;
ALTER TABLE registrations ADD CONSTRAINT registrations_status_check
    CHECK (status IN ('received', 'confirmed', 'in_review', 'approved', 'rejected',
                      'changes_requested', 'resubmitted', 'withdrawn', 'expired'));

CREATE TABLE decisions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id TEXT NOT NULL,
    at_ms           BIGINT NOT NULL,
    staff_id        BIGINT NOT NULL REFERENCES staff (id),
    decision        TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'request_changes')),
    reason          TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    fields          TEXT NOT NULL DEFAULT '[]',
    account_name    TEXT
);
CREATE INDEX decisions_by_registration ON decisions (registration_id, id);
