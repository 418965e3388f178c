-- When the first e-mail with the confirmation code was written (NULL: not yet). A registration
-- stored just before the service died has none; a replay of its request, or the next start,
-- writes it with a fresh code. Rows from before this column had theirs written already.
ALTER TABLE registrations ADD COLUMN first_mail_at_ms INTEGER;
UPDATE registrations SET first_mail_at_ms = otp_sent_at_ms;
