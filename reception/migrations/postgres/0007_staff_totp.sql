-- PostgreSQL: the optional second factor of a staff account (see the SQLite migration).
ALTER TABLE staff ADD COLUMN totp_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_last_step BIGINT;
