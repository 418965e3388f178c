-- PostgreSQL: the consent a registration was sent with, and when it was withdrawn.
ALTER TABLE registrations ADD COLUMN consent_notice_version TEXT;
ALTER TABLE registrations ADD COLUMN consent_accepted_at TEXT;
ALTER TABLE registrations ADD COLUMN withdrawn_at_ms BIGINT;
