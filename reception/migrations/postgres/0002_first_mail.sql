-- PostgreSQL: when the first e-mail with the code was written (see the SQLite migration).
ALTER TABLE registrations ADD COLUMN first_mail_at_ms BIGINT;
UPDATE registrations SET first_mail_at_ms = otp_sent_at_ms;
