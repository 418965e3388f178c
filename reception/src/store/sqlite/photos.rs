//! The photo files in SQLite (`photo_files`, BLOB by SHA-256), when `photos_in_database` asks
//! for them there instead of the photos directory. `secure_delete` overwrites a deleted
//! photo's pages.

use super::SqliteStore;
use crate::photos::PhotoStore;
use rusqlite::{params, OptionalExtension};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn io(error: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(error.to_string())
}

impl PhotoStore for SqliteStore {
    fn put_all(&self, photos: &[(&str, &[u8])]) -> std::io::Result<()> {
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis() as i64;
        let mut connection = self.lock().map_err(io)?;
        let transaction = connection.transaction().map_err(io)?;
        for (sha256, bytes) in photos {
            transaction
                .execute(
                    "INSERT OR IGNORE INTO photo_files (sha256, bytes, stored_at_ms) \
                     VALUES (?1, ?2, ?3)",
                    params![sha256, bytes, now_ms],
                )
                .map_err(io)?;
        }
        transaction.commit().map_err(io)
    }

    fn read(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        self.lock()
            .map_err(io)?
            .query_row(
                "SELECT bytes FROM photo_files WHERE sha256 = ?1",
                [sha256],
                |row| row.get::<_, Vec<u8>>(0),
            )
            .optional()
            .map_err(io)?
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such photo"))
    }

    fn remove(&self, sha256: &str) -> std::io::Result<()> {
        self.lock()
            .map_err(io)?
            .execute("DELETE FROM photo_files WHERE sha256 = ?1", [sha256])
            .map_err(io)?;
        Ok(())
    }

    fn list(&self) -> std::io::Result<Vec<(String, SystemTime)>> {
        let connection = self.lock().map_err(io)?;
        let mut statement = connection
            .prepare("SELECT sha256, stored_at_ms FROM photo_files")
            .map_err(io)?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })
            .map_err(io)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(io)?;
        Ok(rows
            .into_iter()
            .map(|(sha256, at)| (sha256, UNIX_EPOCH + Duration::from_millis(at.max(0) as u64)))
            .collect())
    }
}
