-- The office console's staff: accounts (Argon2id password hashes, PHC strings), their
-- sessions (the cookie's token only as its SHA-256) and the audit log, which is append-only:
-- triggers refuse every UPDATE and DELETE of its rows.
CREATE TABLE staff (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    email            TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('reviewer', 'supervisor', 'admin')),
    -- The office codes the account serves, a JSON array (e.g. ["001", "079"]).
    offices          TEXT NOT NULL,
    password_hash    TEXT NOT NULL,
    disabled         INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    locked_until_ms  INTEGER,
    created_at_ms    INTEGER NOT NULL
);

CREATE TABLE staff_sessions (
    token_sha256   TEXT PRIMARY KEY,
    staff_id       INTEGER NOT NULL REFERENCES staff (id),
    csrf_token     TEXT NOT NULL,
    created_at_ms  INTEGER NOT NULL,
    last_seen_ms   INTEGER NOT NULL
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms      INTEGER NOT NULL,
    staff_id   INTEGER REFERENCES staff (id),
    action     TEXT NOT NULL,
    reference  TEXT,
    client     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_reference ON audit_log (reference, id);
CREATE INDEX audit_log_by_staff ON audit_log (staff_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- The console's queue (office and status, oldest first) and its duplicate check (the same
-- BHXH code or ID number in another registration).
CREATE INDEX registrations_by_office_status ON registrations (office, status, confirmed_at_ms);
CREATE INDEX registrations_by_bhxh_code
    ON registrations (json_extract(declaration_json, '$.bhxh_code'));
CREATE INDEX registrations_by_person_id
    ON registrations (json_extract(declaration_json, '$.person_id'));
