-- PostgreSQL: the total of wrong codes, the per-recipient mail log (the address only as a
-- SHA-256) and the sweeper's index (see the SQLite migration).
ALTER TABLE registrations ADD COLUMN otp_wrong_total BIGINT NOT NULL DEFAULT 0;

CREATE TABLE mail_log (
    recipient_sha256 TEXT NOT NULL,
    sent_at_ms       BIGINT NOT NULL
);
CREATE INDEX mail_log_by_recipient ON mail_log (recipient_sha256, sent_at_ms);

CREATE INDEX registrations_by_status_age ON registrations (status, received_at_ms);
