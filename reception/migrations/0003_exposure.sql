-- Wrong codes entered for a registration over all its codes: a resend resets the tries of the
-- current code (otp_failed_tries), never this total.
ALTER TABLE registrations ADD COLUMN otp_wrong_total INTEGER NOT NULL DEFAULT 0;

-- One row per e-mail with a code written to a recipient, for the per-recipient daily cap.
-- The address is kept only as the SHA-256 of its lower-case form; rows older than the cap's
-- window are deleted by the sweeper.
CREATE TABLE mail_log (
    recipient_sha256 TEXT NOT NULL,
    sent_at_ms       INTEGER NOT NULL
);
CREATE INDEX mail_log_by_recipient ON mail_log (recipient_sha256, sent_at_ms);

-- The sweeper looks registrations up by status and age.
CREATE INDEX registrations_by_status_age ON registrations (status, received_at_ms);
