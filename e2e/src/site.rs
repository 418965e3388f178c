//! The site under test: the web build and the reception service's `/v1` API on one
//! ephemeral loopback port (same origin, so the page needs no CORS), with the service's data
//! directory (database, photos, outbox) kept in a temporary folder the test can read.

use crate::{check_failed, E2eError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vssid_reception::{AppState, Config};

/// A running site.
pub struct Site {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    pub state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _data: tempfile::TempDir,
}

/// A registration as stored by the service.
#[derive(Debug, Clone)]
pub struct StoredRegistration {
    pub id: String,
    pub reference: String,
    pub status: String,
    pub office: String,
    pub email: String,
    pub declaration: serde_json::Value,
    /// (slot, file) of each photo.
    pub photos: Vec<(String, PathBuf)>,
}

impl Site {
    /// Serves `dist` and the API of a fresh service on 127.0.0.1 (a free port).
    pub async fn start(dist: &Path) -> Result<Site, E2eError> {
        if !dist.join("index.html").is_file() {
            return Err(check_failed(format!(
                "the web build is missing ({}): run scripts/build-web.sh",
                dist.display()
            )));
        }
        let data = tempfile::tempdir()?;
        // A folder the service creates itself (0700): it refuses one others can read.
        let mut config = Config::for_data_dir(data.path().join("service"));
        config.limits.rate_per_second = 0.0;
        let state = AppState::open(config)?;
        // The service's routes answer `/v1/…`; everything else is a file of the web build.
        let app = vssid_reception::router(state.clone())
            .fallback_service(tower_http::services::ServeDir::new(dist));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Site {
            base_url: format!("http://{addr}"),
            state,
            shutdown: Some(shutdown),
            task: Some(task),
            _data: data,
        })
    }

    /// The app's address with the API pointed at this site (and more query parameters).
    pub fn app_url(&self, extra_query: &str) -> String {
        let mut url = format!("{}/?api={}", self.base_url, self.base_url);
        if !extra_query.is_empty() {
            url.push('&');
            url.push_str(extra_query);
        }
        url
    }

    /// Stops serving (the page stays open in the browser; its next request fails).
    pub async fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
    }

    /// The confirmation code of the newest e-mail in the outbox, waiting up to `wait`.
    pub fn latest_code(&self, wait: Duration) -> Result<String, E2eError> {
        let outbox = self.state.config().outbox_path();
        let deadline = Instant::now() + wait;
        loop {
            let mut mails: Vec<PathBuf> = std::fs::read_dir(&outbox)?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect();
            mails.sort();
            if let Some(newest) = mails.last() {
                let raw = std::fs::read_to_string(newest)?;
                return vssid_testkit::mail::body(&raw)
                    .as_deref()
                    .and_then(vssid_testkit::mail::code)
                    .ok_or_else(|| check_failed(format!("no code line in {}", newest.display())));
            }
            if Instant::now() > deadline {
                return Err(check_failed(format!(
                    "no e-mail in the outbox {} after {wait:?}",
                    outbox.display()
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Every registration in the service's database, with its photos' files.
    pub fn registrations(&self) -> Result<Vec<StoredRegistration>, E2eError> {
        let db = rusqlite::Connection::open_with_flags(
            self.state.config().database_path(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?;
        let mut query = db.prepare(
            "SELECT id, reference, status, office, email, declaration_json FROM registrations",
        )?;
        let rows = query.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
            ))
        })?;
        let mut found = Vec::new();
        for row in rows {
            let (id, reference, status, office, email, declaration) = row?;
            let declaration = serde_json::from_str(&declaration)
                .map_err(|e| check_failed(format!("stored declaration is not JSON: {e}")))?;
            let photos = self
                .state
                .store()
                .photos(&id)
                .map_err(|e| check_failed(format!("photos of {id}: {e}")))?
                .into_iter()
                .map(|p| {
                    (
                        p.slot.field().as_str().to_string(),
                        self.state.photo_directory().path_of(&p.sha256),
                    )
                })
                .collect();
            found.push(StoredRegistration {
                id,
                reference,
                status,
                office,
                email,
                declaration,
                photos,
            });
        }
        Ok(found)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// Whether a JPEG carries EXIF metadata (an APP1 segment starting `Exif\0\0`).
pub fn jpeg_has_exif(bytes: &[u8]) -> bool {
    vssid_testkit::jpeg::exif_segment(bytes).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exif_is_found_in_the_public_samples_and_not_in_a_fresh_jpeg() {
        let sample = std::fs::read(crate::testdata_dir().join("exif/Landscape_3.jpg"))
            .expect("public EXIF sample");
        assert!(jpeg_has_exif(&sample));
        let fresh = crate::pictures::card_jpeg(crate::pictures::CardSide::Front, None)
            .expect("card picture");
        assert!(!jpeg_has_exif(&fresh));
    }
}
