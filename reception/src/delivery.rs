//! The delivery worker: with `mail.smtp_url` (`VSSID_SMTP_URL`) set, sends every message of
//! the outbox over SMTP (lettre, rustls with ring and the webpki roots) and records what
//! became of it in the delivery log (`delivery_log.rs`).
//!
//! - Accepted (2xx): the record says `sent` with the server's answer; then the file is
//!   deleted. The record is written (and synced) before the delete, so a restart that finds
//!   both deletes the file without sending it again.
//! - Refused for now (4xx) or no connection: tried again after 30 s (`first_retry_seconds`),
//!   doubling up to an hour, until `retry_seconds` (2 days) after the first try; then
//!   `failed`.
//! - Refused for good (5xx): `failed` with the server's text at once, logged as a warning
//!   and listed by `vssid-reception outbox`.
//!
//! The one window left: the service dying after the server answered 250 and before the
//! record reached the disk (a few milliseconds). That message is sent again after the
//! restart (with the same `Message-ID`, so a mailbox can tell). SMTP has no way to ask a
//! server whether it already took a message, so no client can close this window.

use crate::delivery_log::{DeliveryLog, DeliveryRecord, DeliveryStatus};
use crate::dkim::Dkim;
use crate::mail::Outbox;
use crate::AppState;
use lettre::address::Envelope;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::Path;
use std::time::Duration;

/// The longest wait between two tries of one message.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// How often the outbox is looked at when nothing wakes the worker.
const IDLE_SCAN: Duration = Duration::from_secs(30);

/// Why the worker could not start.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("VSSID_SMTP_URL is not a valid SMTP URL: {0}")]
    Url(String),
    #[error("the envelope sender {0} is not an e-mail address")]
    Sender(String),
    #[error("{0}")]
    Dkim(String),
}

/// What the worker needs, prepared once.
pub struct Worker {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    sender: Address,
    dkim: Option<Dkim>,
    outbox: Outbox,
    log: DeliveryLog,
    first_retry: Duration,
    retry_for: Duration,
    /// Messages the server took in this run: never sent again, even when their record could
    /// not be written (a full disk) and their file is still there.
    sent_here: std::sync::Mutex<std::collections::HashSet<String>>,
}

/// The result of one try.
enum Outcome {
    Sent(String),
    Later(String),
    Refused(String),
}

/// The headers the envelope and the log need, read from a message of the outbox (written
/// by `mail.rs`, so one line each and plain ASCII addresses).
fn header<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    let head = message.split("\r\n\r\n").next()?;
    head.split("\r\n").find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// Unix milliseconds now.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Worker {
    /// The worker of `state`, `None` when no SMTP URL is configured.
    pub fn from_state(state: &AppState) -> Result<Option<Worker>, DeliveryError> {
        let config = state.config();
        let Some(url) = &config.mail.smtp_url else {
            return Ok(None);
        };
        // lettre's error says what is wrong without repeating the URL (and its password).
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|error| DeliveryError::Url(error.to_string()))?
            .timeout(Some(Duration::from_secs(60)))
            .build();
        let sender = config.envelope_sender();
        let sender: Address = sender.parse().map_err(|_| DeliveryError::Sender(sender))?;
        Ok(Some(Worker {
            transport,
            sender,
            dkim: Dkim::from_config(&config.mail).map_err(DeliveryError::Dkim)?,
            outbox: state.outbox().clone(),
            log: DeliveryLog::of(state.outbox().dir()),
            first_retry: config.mail.first_retry(),
            retry_for: config.mail.retry_for(),
            sent_here: Default::default(),
        }))
    }

    /// Sends until the task is stopped.
    pub async fn run(self) {
        tracing::info!("delivering the outbox over SMTP");
        loop {
            let wait = match self.pass().await {
                Ok(wait) => wait,
                Err(error) => {
                    tracing::error!(%error, "cannot read the outbox");
                    IDLE_SCAN
                }
            };
            tokio::select! {
                _ = self.outbox.written().notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// One pass over the outbox: every message that is due is tried. Returns how long to
    /// wait before the next pass (until the next retry, at most [`IDLE_SCAN`]).
    pub async fn pass(&self) -> std::io::Result<Duration> {
        let mut names: Vec<String> = std::fs::read_dir(self.outbox.dir())?
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".eml"))
            .collect();
        names.sort();
        let mut wait = IDLE_SCAN;
        for name in names {
            let stem = name.trim_end_matches(".eml");
            if self.sent_here.lock().is_ok_and(|sent| sent.contains(stem)) {
                remove(&self.outbox.dir().join(&name));
                continue;
            }
            let record = self.log.get(stem);
            match &record {
                Some(r) if r.status != DeliveryStatus::Queued => {
                    // Recorded before a stop kept the file from being put away: never again.
                    self.put_away(&self.outbox.dir().join(&name), r.status);
                    continue;
                }
                Some(r) => {
                    let due_in = r.next_attempt_ms - now_ms();
                    if due_in > 0 {
                        wait = wait.min(Duration::from_millis(due_in as u64));
                        continue;
                    }
                }
                None => {}
            }
            if let Some(next) = self.try_one(stem, record).await? {
                wait = wait.min(next);
            }
        }
        Ok(wait)
    }

    /// Tries one message; returns the wait before its next try when it stays queued.
    async fn try_one(
        &self,
        stem: &str,
        record: Option<DeliveryRecord>,
    ) -> std::io::Result<Option<Duration>> {
        let path = self.outbox.dir().join(format!("{stem}.eml"));
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            // Deleted meanwhile (withdrawn, expired): nothing to send.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(error),
        };
        let text = String::from_utf8_lossy(&bytes);
        let to = header(&text, "To").unwrap_or_default().to_string();
        let message_id = header(&text, "Message-ID").unwrap_or_default().to_string();
        let now = now_ms();
        let mut record = record.unwrap_or_else(|| DeliveryRecord {
            stem: stem.to_string(),
            status: DeliveryStatus::Queued,
            message_id,
            to: to.clone(),
            attempts: 0,
            first_attempt_ms: now,
            last_attempt_ms: now,
            next_attempt_ms: now,
            answer: String::new(),
            error: String::new(),
        });
        record.attempts += 1;
        record.last_attempt_ms = now;
        let outcome = self.send(&to, &bytes).await;
        let mut next = None;
        match outcome {
            Outcome::Sent(answer) => {
                if let Ok(mut sent) = self.sent_here.lock() {
                    sent.insert(stem.to_string());
                }
                record.status = DeliveryStatus::Sent;
                record.answer = answer;
                record.error.clear();
                tracing::info!(message = %stem, attempts = record.attempts, "e-mail sent");
            }
            Outcome::Refused(error) => {
                record.status = DeliveryStatus::Failed;
                tracing::warn!(message = %stem, %error, "e-mail refused by the server; recorded as failed (vssid-reception outbox)");
                record.error = error;
            }
            Outcome::Later(error) => {
                let given_up = now - record.first_attempt_ms >= self.retry_for.as_millis() as i64;
                if given_up {
                    record.status = DeliveryStatus::Failed;
                    record.error =
                        format!("undeliverable for {} s: {error}", self.retry_for.as_secs());
                    tracing::warn!(message = %stem, error = %record.error, "e-mail given up; recorded as failed (vssid-reception outbox)");
                } else {
                    let backoff = self
                        .first_retry
                        .saturating_mul(1 << (record.attempts - 1).min(16))
                        .min(MAX_BACKOFF);
                    record.next_attempt_ms = now + backoff.as_millis() as i64;
                    tracing::info!(message = %stem, %error, retry_in_s = backoff.as_secs(), "e-mail not delivered yet; will try again");
                    record.error = error;
                    next = Some(backoff);
                }
            }
        }
        // The record first, then the file: a stop in between leaves a record that says what
        // happened, and the next pass deletes the file without sending it.
        self.log.put(&record)?;
        if record.status != DeliveryStatus::Queued {
            self.put_away(&path, record.status);
        }
        Ok(next)
    }

    /// A sent message's file is deleted; a failed one is kept in `outbox/failed/`, for
    /// `vssid-reception outbox --retry-failed`.
    fn put_away(&self, path: &Path, status: DeliveryStatus) {
        if status != DeliveryStatus::Failed {
            return remove(path);
        }
        let Some(name) = path.file_name() else {
            return;
        };
        match std::fs::rename(path, self.outbox.failed_dir().join(name)) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => tracing::error!(%error, "cannot keep a refused e-mail in outbox/failed"),
        }
    }

    async fn send(&self, to: &str, bytes: &[u8]) -> Outcome {
        let Ok(recipient) = to.parse::<Address>() else {
            return Outcome::Refused(format!("the recipient {to:?} is not an address"));
        };
        let envelope = match Envelope::new(Some(self.sender.clone()), vec![recipient]) {
            Ok(envelope) => envelope,
            Err(error) => return Outcome::Refused(error.to_string()),
        };
        let signed;
        let bytes = match &self.dkim {
            Some(dkim) => match dkim.sign(bytes) {
                Ok(with_signature) => {
                    signed = with_signature;
                    &signed[..]
                }
                Err(error) => return Outcome::Later(error),
            },
            None => bytes,
        };
        match self.transport.send_raw(&envelope, bytes).await {
            Ok(response) => {
                let text: Vec<&str> = response.message().collect();
                Outcome::Sent(format!("{} {}", response.code(), text.join(" ")))
            }
            Err(error) if error.is_permanent() => Outcome::Refused(error.to_string()),
            Err(error) => Outcome::Later(error.to_string()),
        }
    }
}

fn remove(path: &Path) {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => tracing::error!(%error, "cannot delete a delivered e-mail from the outbox"),
    }
}

/// Starts the worker of `state` in the background when an SMTP URL is configured.
pub fn spawn(state: &AppState) -> Result<Option<tokio::task::JoinHandle<()>>, DeliveryError> {
    Ok(Worker::from_state(state)?.map(|worker| tokio::spawn(worker.run())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_from_the_head_only() {
        let message = "From: a@b\r\nTo: c@d\r\nMessage-ID: <x@y>\r\n\r\nTo: not@this\r\n";
        assert_eq!(header(message, "to"), Some("c@d"));
        assert_eq!(header(message, "Message-ID"), Some("<x@y>"));
        assert_eq!(header(message, "Subject"), None);
    }
}
