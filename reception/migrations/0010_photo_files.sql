-- The photo files themselves, by SHA-256, when the photos are kept in the database
-- (`photos_in_database`; always with PostgreSQL) instead of the photos directory.
CREATE TABLE photo_files (
    sha256       TEXT PRIMARY KEY,
    bytes        BLOB NOT NULL,
    stored_at_ms INTEGER NOT NULL
);
