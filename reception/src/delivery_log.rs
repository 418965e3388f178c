//! The delivery log: what became of each message of the outbox, one small JSON file per
//! message in `<outbox>/.delivery/<file stem>.json` (queued with its attempts and the next
//! one, sent with the server's answer, or failed with the refusal). Written durably before
//! the message file is deleted, so a restart never sends again what the server accepted.
//! Deleted with the registration's e-mails (retention, erasure).

use crate::photos::{sync_dir, write_durably};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The log's folder inside the outbox.
pub const LOG_DIR: &str = ".delivery";

/// Where a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting: not tried yet, or tried and refused for now (4xx, no connection).
    Queued,
    /// The server accepted it.
    Sent,
    /// The server refused it for good (5xx), or it stayed undeliverable for the whole
    /// retry time.
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
        }
    }
}

/// One message's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    /// The message file's name without `.eml`: `<reference>-<n>` or `<reference>-confirmed`.
    pub stem: String,
    pub status: DeliveryStatus,
    pub message_id: String,
    pub to: String,
    pub attempts: u32,
    /// When it was first tried (Unix milliseconds).
    pub first_attempt_ms: i64,
    /// When it was last tried.
    pub last_attempt_ms: i64,
    /// When a queued message is tried next.
    pub next_attempt_ms: i64,
    /// The server's answer to the message (`250 …`), once sent.
    #[serde(default)]
    pub answer: String,
    /// The last refusal or error (`451 …`, `550 …`, a connection error).
    #[serde(default)]
    pub error: String,
}

/// The log of one outbox.
#[derive(Debug, Clone)]
pub struct DeliveryLog {
    dir: PathBuf,
    tmp: PathBuf,
}

impl DeliveryLog {
    /// The log beside the messages of the outbox in `outbox_dir` (its folder is made when
    /// the outbox is opened).
    pub fn of(outbox_dir: &Path) -> DeliveryLog {
        DeliveryLog {
            dir: outbox_dir.join(LOG_DIR),
            tmp: outbox_dir.join(".tmp"),
        }
    }

    fn path(&self, stem: &str) -> PathBuf {
        self.dir.join(format!("{stem}.json"))
    }

    /// The record of a message, if it was tried (an unreadable record counts as none).
    pub fn get(&self, stem: &str) -> Option<DeliveryRecord> {
        let text = fs::read(self.path(stem)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Writes a record durably (the file, then its folder).
    pub fn put(&self, record: &DeliveryRecord) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
        write_durably(&self.tmp, &self.path(&record.stem), &bytes)?;
        sync_dir(&self.dir)
    }

    /// Deletes the record of a message (none is fine).
    pub fn remove(&self, stem: &str) -> std::io::Result<()> {
        match fs::remove_file(self.path(stem)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }

    /// Every record, oldest first attempt first.
    pub fn all(&self) -> std::io::Result<Vec<DeliveryRecord>> {
        let mut records = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".json") {
                records.extend(self.get(stem));
            }
        }
        records.sort_by(|a, b| (a.first_attempt_ms, &a.stem).cmp(&(b.first_attempt_ms, &b.stem)));
        Ok(records)
    }

    /// Deletes the records of these references' messages.
    pub fn remove_for(&self, references: &HashSet<String>) -> std::io::Result<()> {
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let reference = name
                .strip_suffix(".json")
                .and_then(|stem| stem.rsplit_once('-'))
                .map(|(reference, _)| reference);
            if reference.is_some_and(|r| references.contains(r)) {
                match fs::remove_file(entry.path()) {
                    Ok(()) => {}
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                    Err(error) => return Err(error),
                }
            }
        }
        Ok(())
    }
}
