-- PostgreSQL: registrations, their photos, and their e-mail confirmation code
-- (as migrations/0001_registrations.sql for SQLite). Times are milliseconds (BIGINT).
CREATE TABLE registrations (
    id                 TEXT PRIMARY KEY,
    reference          TEXT NOT NULL UNIQUE,
    idempotency_key    TEXT NOT NULL UNIQUE,
    body_hash          TEXT NOT NULL,
    status             TEXT NOT NULL CONSTRAINT registrations_status_check
                           CHECK (status IN ('received', 'confirmed', 'approved', 'rejected')),
    office             TEXT NOT NULL,
    email              TEXT NOT NULL,
    lang               TEXT NOT NULL,
    declaration_json   TEXT NOT NULL,
    received_at_ms     BIGINT NOT NULL,
    confirmed_at_ms    BIGINT,
    otp_hash           TEXT NOT NULL,
    otp_sent_at_ms     BIGINT NOT NULL,
    otp_expires_at_ms  BIGINT NOT NULL,
    otp_failed_tries   BIGINT NOT NULL DEFAULT 0,
    otp_resends        BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE photos (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    slot            TEXT NOT NULL CHECK (slot IN ('portrait', 'id_front', 'id_back')),
    sha256          TEXT NOT NULL,
    bytes           BIGINT NOT NULL,
    width           BIGINT NOT NULL,
    height          BIGINT NOT NULL,
    PRIMARY KEY (registration_id, slot)
);

CREATE INDEX photos_by_hash ON photos (sha256);
