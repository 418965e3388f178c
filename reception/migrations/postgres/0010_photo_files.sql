-- PostgreSQL: the photo files themselves, by SHA-256, for several instances without a shared
-- disk (photos.rs, `DatabasePhotos`). Deleted with the last registration that uses them.
CREATE TABLE photo_files (
    sha256      TEXT PRIMARY KEY,
    bytes       BYTEA NOT NULL,
    stored_at_ms BIGINT NOT NULL
);
