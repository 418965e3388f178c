//! `vssid-reception backup --to DIR`: a consistent copy of the service's data while it runs —
//! the SQLite database through `VACUUM INTO` (one read transaction, so one moment; the service
//! keeps writing meanwhile), the photos that copy refers to (each checked against its SHA-256
//! name) and the outbox's messages — laid out as a data directory, with a `MANIFEST.sha256`
//! that `sha256sum -c` checks. Restoring is using that directory as the data directory
//! (`reception/README.md`). With PostgreSQL (`database_url`) it refuses: `pg_dump` backs up
//! the database, photos included.

use crate::config::Config;
use crate::files::{create_private_dir, private_file_options};
use crate::photos::{sha256_hex, sync_dir};
use rusqlite::{Connection, OpenFlags};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The manifest's file name.
pub const MANIFEST: &str = "MANIFEST.sha256";

/// Why a backup could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "dữ liệu nằm trong PostgreSQL: hãy sao lưu bằng pg_dump (xem reception/README.md) / \
         the data is in PostgreSQL: back it up with pg_dump (see reception/README.md)"
    )]
    InPostgres,
    #[error("{0} exists and is not empty: a backup goes into a new directory")]
    NotEmpty(PathBuf),
    #[error("no database at {0}")]
    NoDatabase(PathBuf),
    #[error("the database copy failed: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the database copy is damaged: {0}")]
    Damaged(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What a backup holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupReport {
    pub registrations: u64,
    pub photos: u64,
    pub photo_bytes: u64,
    pub mails: u64,
    /// Photos the copy refers to that were not on disk (erased or deleted by the retention
    /// sweep after the database was copied), or whose bytes no longer match their name.
    pub missing_photos: Vec<String>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path` (new, private) and flushes it.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), BackupError> {
    let mut file = private_file_options().open(path).map_err(io(path))?;
    file.write_all(bytes).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

/// The regular files of `dir` whose names do not start with a dot, with their bytes, by
/// name (none when `dir` does not exist; a file deleted meanwhile is left out).
fn regular_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, BackupError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for name in names {
        let path = dir.join(&name);
        match fs::read(&path) {
            Ok(bytes) => files.push((name, bytes)),
            // Delivered (or erased) and deleted while we were copying.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(io(&path)(error)),
        }
    }
    Ok(files)
}

/// Copies the service's data (as `config` places it) into the new directory `to`.
pub fn backup(config: &Config, to: &Path) -> Result<BackupReport, BackupError> {
    if config.database_url.is_some() {
        return Err(BackupError::InPostgres);
    }
    let non_empty = fs::read_dir(to)
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if non_empty {
        return Err(BackupError::NotEmpty(to.to_path_buf()));
    }
    let database = config.database_path();
    if !database.is_file() {
        return Err(BackupError::NoDatabase(database));
    }
    let photos_to = to.join("photos");
    let outbox_to = to.join("outbox");
    for dir in [to, &photos_to, &outbox_to] {
        create_private_dir(dir).map_err(io(dir))?;
    }
    let mut manifest = Vec::new();

    // One read transaction of the live database, written out compacted.
    let copy = to.join("reception.sqlite3");
    let live = Connection::open_with_flags(
        &database,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    live.busy_timeout(std::time::Duration::from_secs(30))?;
    live.execute("VACUUM INTO ?1", [copy.to_string_lossy().as_ref()])?;
    drop(live);
    crate::files::make_private(&copy).map_err(io(&copy))?;
    let snapshot = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let check: String = snapshot.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if check != "ok" {
        return Err(BackupError::Damaged(check));
    }
    let mut report = BackupReport {
        registrations: snapshot.query_row("SELECT COUNT(*) FROM registrations", [], |row| {
            row.get::<_, i64>(0)
        })? as u64,
        ..BackupReport::default()
    };
    let hashes: Vec<String> = snapshot
        .prepare(
            "SELECT sha256 FROM photos UNION SELECT sha256 FROM replaced_photos ORDER BY sha256",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    drop(snapshot);
    let copy_bytes = fs::read(&copy).map_err(io(&copy))?;
    manifest.push((sha256_hex(&copy_bytes), "reception.sqlite3".to_string()));
    drop(copy_bytes);

    // The photos it refers to (those a resubmission replaced included: the office keeps them
    // until its next decision), each checked against its name.
    let photos_from = config.photos_path();
    for hash in hashes {
        let name = format!("{hash}.jpg");
        let bytes = match fs::read(photos_from.join(&name)) {
            Ok(bytes) if sha256_hex(&bytes) == hash => bytes,
            Ok(_) => {
                report.missing_photos.push(hash);
                continue;
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                report.missing_photos.push(hash);
                continue;
            }
            Err(error) => return Err(io(&photos_from.join(&name))(error)),
        };
        write_new(&photos_to.join(&name), &bytes)?;
        report.photos += 1;
        report.photo_bytes += bytes.len() as u64;
        manifest.push((hash, format!("photos/{name}")));
    }
    sync_dir(&photos_to).map_err(io(&photos_to))?;

    // The messages waiting in the outbox and those a server refused (kept to be retried);
    // the outbox's temporary files and its delivery log left out.
    let outbox_from = config.outbox_path();
    for (from, to_dir, prefix) in [
        (outbox_from.clone(), outbox_to.clone(), "outbox"),
        (
            outbox_from.join(crate::mail::FAILED_DIR),
            outbox_to.join(crate::mail::FAILED_DIR),
            "outbox/failed",
        ),
    ] {
        create_private_dir(&to_dir).map_err(io(&to_dir))?;
        for (name, bytes) in regular_files(&from)? {
            write_new(&to_dir.join(&name), &bytes)?;
            report.mails += 1;
            manifest.push((sha256_hex(&bytes), format!("{prefix}/{name}")));
        }
        sync_dir(&to_dir).map_err(io(&to_dir))?;
    }

    let text: String = manifest
        .iter()
        .map(|(hash, path)| format!("{hash}  {path}\n"))
        .collect();
    write_new(&to.join(MANIFEST), text.as_bytes())?;
    sync_dir(to).map_err(io(to))?;
    Ok(report)
}

#[cfg(test)]
mod postgres_refusal {
    #[test]
    fn a_backup_of_a_postgres_database_is_refused_with_what_to_use() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = crate::Config::for_data_dir(dir.path());
        config.database_url = Some("postgres://vssid@127.0.0.1:5432/vssid".into());
        let refused = super::backup(&config, &dir.path().join("backup")).unwrap_err();
        let said = refused.to_string();
        assert!(
            said.contains("pg_dump") && said.contains("sao lưu"),
            "{said}"
        );
    }
}
