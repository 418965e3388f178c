//! The photo files in PostgreSQL (`photo_files`, BYTEA by SHA-256): what several instances
//! use instead of a shared disk. A deleted photo's table is vacuumed at once, so the dead row
//! version with the picture is reclaimed (see `registrations.rs` on erasure).

use super::PgStore;
use crate::photos::PhotoStore;
use crate::store::StoreError;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn io(error: StoreError) -> std::io::Error {
    std::io::Error::other(error.to_string())
}

impl PhotoStore for PgStore {
    fn put_all(&self, photos: &[(&str, &[u8])]) -> std::io::Result<()> {
        let photos: Vec<(String, Vec<u8>)> = photos
            .iter()
            .map(|(sha256, bytes)| (sha256.to_string(), bytes.to_vec()))
            .collect();
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis() as i64;
        self.run(move |client| {
            let mut transaction = client.transaction()?;
            for (sha256, bytes) in &photos {
                transaction.execute(
                    "INSERT INTO photo_files (sha256, bytes, stored_at_ms) VALUES ($1, $2, $3) \
                     ON CONFLICT (sha256) DO NOTHING",
                    &[sha256, bytes, &now_ms],
                )?;
            }
            transaction.commit()?;
            Ok(())
        })
        .map_err(io)
    }

    fn read(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let sha256 = sha256.to_string();
        let bytes = self
            .run(move |client| {
                Ok(client
                    .query_opt(
                        "SELECT bytes FROM photo_files WHERE sha256 = $1",
                        &[&sha256],
                    )?
                    .map(|row| row.get::<_, Vec<u8>>(0)))
            })
            .map_err(io)?;
        bytes.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such photo"))
    }

    fn remove(&self, sha256: &str) -> std::io::Result<()> {
        let sha256 = sha256.to_string();
        self.run(move |client| {
            let deleted =
                client.execute("DELETE FROM photo_files WHERE sha256 = $1", &[&sha256])?;
            if deleted > 0 {
                client.batch_execute("VACUUM photo_files")?;
            }
            Ok(())
        })
        .map_err(io)
    }

    fn list(&self) -> std::io::Result<Vec<(String, SystemTime)>> {
        self.run(|client| {
            Ok(client
                .query("SELECT sha256, stored_at_ms FROM photo_files", &[])?
                .iter()
                .map(|row| {
                    let at = Duration::from_millis(row.get::<_, i64>(1).max(0) as u64);
                    (row.get(0), UNIX_EPOCH + at)
                })
                .collect())
        })
        .map_err(io)
    }
}
