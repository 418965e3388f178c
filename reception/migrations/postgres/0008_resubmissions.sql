-- PostgreSQL: corrections an applicant sent after the office asked for changes, and the photos
-- they replaced (see the SQLite migration).
CREATE TABLE resubmissions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    idempotency_key TEXT NOT NULL UNIQUE,
    body_hash       TEXT NOT NULL,
    at_ms           BIGINT NOT NULL,
    changes         TEXT NOT NULL DEFAULT '{}',
    photos          TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX resubmissions_by_registration ON resubmissions (registration_id, id);

CREATE TABLE replaced_photos (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    resubmission_id BIGINT NOT NULL REFERENCES resubmissions (id),
    slot            TEXT NOT NULL,
    sha256          TEXT NOT NULL
);
CREATE INDEX replaced_photos_by_hash ON replaced_photos (sha256);
CREATE INDEX replaced_photos_by_registration ON replaced_photos (registration_id);
