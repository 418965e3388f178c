-- Registrations, their photos, and their e-mail confirmation code.
CREATE TABLE registrations (
    id                 TEXT PRIMARY KEY,
    reference          TEXT NOT NULL UNIQUE,
    idempotency_key    TEXT NOT NULL UNIQUE,
    body_hash          TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('received', 'confirmed', 'approved', 'rejected')),
    office             TEXT NOT NULL,
    email              TEXT NOT NULL,
    lang               TEXT NOT NULL,
    declaration_json   TEXT NOT NULL,
    received_at_ms     INTEGER NOT NULL,
    confirmed_at_ms    INTEGER,
    otp_hash           TEXT NOT NULL,
    otp_sent_at_ms     INTEGER NOT NULL,
    otp_expires_at_ms  INTEGER NOT NULL,
    otp_failed_tries   INTEGER NOT NULL DEFAULT 0,
    otp_resends        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE photos (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    slot            TEXT NOT NULL CHECK (slot IN ('portrait', 'id_front', 'id_back')),
    sha256          TEXT NOT NULL,
    bytes           INTEGER NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    PRIMARY KEY (registration_id, slot)
);

CREATE INDEX photos_by_hash ON photos (sha256);
