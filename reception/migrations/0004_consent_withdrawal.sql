-- The consent a registration was sent with (the privacy notice's version and when it was
-- given), and when the person withdrew it. A withdrawn registration keeps only its reference,
-- office, dates and consent record; its personal data and photos are deleted.
ALTER TABLE registrations ADD COLUMN consent_notice_version TEXT;
ALTER TABLE registrations ADD COLUMN consent_accepted_at TEXT;
ALTER TABLE registrations ADD COLUMN withdrawn_at_ms INTEGER;
