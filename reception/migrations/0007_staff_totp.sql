-- The optional second factor of a staff account: a TOTP secret (RFC 6238: SHA-1, 6 digits,
-- 30-second steps; base32 as authenticator apps take it) and the last time step a code was
-- accepted for, so that a code is used once.
ALTER TABLE staff ADD COLUMN totp_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_last_step INTEGER;
