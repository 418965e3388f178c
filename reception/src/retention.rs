//! Deleting what is no longer kept: unconfirmed registrations after
//! `retention.unconfirmed_hours`, confirmed (or decided) ones after `retention.confirmed_days`,
//! each with its photos and e-mails; photo files no registration refers to (a request that
//! failed after writing them, or a stop in between); the photos a resubmission replaced, once
//! the office decided again; and the mail log past its window. It runs
//! inside the service every `retention.sweep_interval_seconds` and as `vssid-reception purge`.

use crate::store::PurgeRules;
use crate::AppState;
use std::collections::HashSet;
use std::time::{Duration, SystemTime};

/// The mail log window: the per-recipient cap counts e-mails of the last 24 hours.
pub const MAIL_WINDOW_MS: i64 = 24 * 3_600_000;

/// A photo file no registration refers to is deleted once it is this old (younger ones may
/// belong to a registration being stored right now).
pub const ORPHAN_PHOTO_GRACE: Duration = Duration::from_secs(3_600);

/// What one sweep deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub registrations: usize,
    pub photos: usize,
    pub mails: usize,
    pub orphan_photos: usize,
}

/// Why a sweep stopped.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("cannot delete files: {0}")]
    Io(#[from] std::io::Error),
}

/// Deletes everything expired at the clock's current time (blocking: database and files).
pub fn sweep(state: &AppState) -> Result<SweepReport, SweepError> {
    let now = state.clock().now_ms();
    let retention = &state.config().retention;
    let rules = PurgeRules {
        unconfirmed_before_ms: now - retention.unconfirmed_ms(),
        confirmed_before_ms: retention.confirmed_ms().map(|keep| now - keep),
        mail_log_before_ms: now - MAIL_WINDOW_MS,
    };
    let purged = state.store().purge(rules)?;
    let mut report = SweepReport {
        registrations: purged.references.len(),
        ..SweepReport::default()
    };
    let released = state.store().release_replaced_photos()?;
    for sha256 in purged.unreferenced_photos.iter().chain(&released) {
        state.photo_store().remove(sha256)?;
        report.photos += 1;
    }
    let references: HashSet<String> = purged.references.into_iter().collect();
    report.mails = state.outbox().remove_for(&references)?;
    report.orphan_photos = remove_orphan_photos(state, SystemTime::now())?;
    state
        .staff()
        .end_expired_sessions(now, crate::staff::SESSION_POLICY)?;
    if report != SweepReport::default() {
        tracing::info!(
            registrations = report.registrations,
            photos = report.photos,
            mails = report.mails,
            orphan_photos = report.orphan_photos,
            "expired data deleted"
        );
    }
    Ok(report)
}

/// Deletes photo files older than [`ORPHAN_PHOTO_GRACE`] that no registration refers to.
fn remove_orphan_photos(state: &AppState, now: SystemTime) -> Result<usize, SweepError> {
    let mut removed = 0;
    for (sha256, modified) in state.photo_store().list()? {
        let old = now
            .duration_since(modified)
            .is_ok_and(|age| age >= ORPHAN_PHOTO_GRACE);
        if old && !state.store().photo_referenced(&sha256)? {
            state.photo_store().remove(&sha256)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Runs [`sweep`] now and then every `retention.sweep_interval_seconds`, until the service
/// stops (the task is aborted with it).
pub fn spawn_sweeper(state: AppState) -> tokio::task::JoinHandle<()> {
    let every = Duration::from_secs(state.config().retention.sweep_interval_seconds.max(1));
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let worker = state.clone();
            match tokio::task::spawn_blocking(move || sweep(&worker)).await {
                Ok(Ok(_)) => {}
                Ok(Err(error)) => tracing::error!(%error, "the retention sweep failed"),
                Err(join) => tracing::error!(%join, "the retention sweep failed"),
            }
        }
    })
}
