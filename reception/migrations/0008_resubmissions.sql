-- Corrections an applicant sent after the office asked for changes
-- (POST /v1/registrations/{id}/resubmission): what changed, for the office's history.
CREATE TABLE resubmissions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    -- The resubmission's own key (a repeat with it is answered again, not applied twice).
    idempotency_key TEXT NOT NULL UNIQUE,
    body_hash       TEXT NOT NULL,
    at_ms           INTEGER NOT NULL,
    -- The changed declaration fields, {"street": {"before": "…", "after": "…"}} (JSON;
    -- blanked when the consent is withdrawn).
    changes         TEXT NOT NULL DEFAULT '{}',
    -- The photo slots replaced, a JSON array.
    photos          TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX resubmissions_by_registration ON resubmissions (registration_id, id);

-- The photos a resubmission replaced: kept for the office until its next decision, then
-- deleted by the retention sweep.
CREATE TABLE replaced_photos (
    registration_id TEXT NOT NULL REFERENCES registrations (id),
    resubmission_id INTEGER NOT NULL REFERENCES resubmissions (id),
    slot            TEXT NOT NULL,
    sha256          TEXT NOT NULL
);
CREATE INDEX replaced_photos_by_hash ON replaced_photos (sha256);
CREATE INDEX replaced_photos_by_registration ON replaced_photos (registration_id);
