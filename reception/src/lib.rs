//! The reference reception service: the registration API (`/v1`) over HTTP, with SQLite and
//! files for storage (or PostgreSQL, for several instances), an outbox directory for e-mail
//! and, with `VSSID_SMTP_URL`, a worker that delivers it over SMTP.
//!
//! [`serve`] runs it from a [`Config`]; [`router`] gives the axum router for an [`AppState`];
//! [`start`] runs it in the background (tests use an ephemeral loopback port).

pub mod backup;
pub mod client_addr;
pub mod clock;
pub mod config;
pub mod console;
pub mod declaration_pdf;
pub mod delivery;
pub mod delivery_log;
pub mod dkim;
pub mod files;
pub mod mail;
pub mod notices;
pub mod offices;
pub mod photos;
pub mod problem;
pub mod published;
pub mod ratelimit;
pub mod retention;
pub mod rights;
pub mod routes;
pub mod staff;
pub mod store;
pub mod zip;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::Config;
pub use routes::router;

use client_addr::TrustedProxies;
use mail::Outbox;
use offices::{DirectoryOffices, OfficeCatalog, PublishedOffices, StaticOffices};
use photos::{PhotoDirectory, PhotoStore};
use ratelimit::{RateLimiter, WindowQuota};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use store::{PgStore, RegistrationStore, SqliteStore, StaffStore, StoreError};
use vssid_core::directory::Directory;
use vssid_core::fields::UnitDirectory;

/// The administrative units the service validates addresses against.
pub type Units = Arc<dyn UnitDirectory + Send + Sync>;

/// The unit directory used when none is given: the shared directory of `vssid_core`
/// (34 provinces and 3,321 communes of the 2025 scheme), the same data the app validates with.
pub fn default_units() -> Units {
    Arc::new(SharedUnits)
}

/// The shared directory of `vssid_core`, as the service's unit directory.
struct SharedUnits;

impl UnitDirectory for SharedUnits {
    fn province_name(&self, province_code: &str) -> Option<String> {
        Directory::global().province_name(province_code)
    }
    fn commune_province(&self, commune_code: &str) -> Option<String> {
        Directory::global().commune_province(commune_code)
    }
    fn commune_name(&self, commune_code: &str) -> Option<String> {
        Directory::global().commune_name(commune_code)
    }
}

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot prepare {what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Offices(#[from] offices::OfficesError),
    #[error(transparent)]
    NotPrivate(#[from] files::NotPrivate),
    #[error(transparent)]
    Delivery(#[from] delivery::DeliveryError),
    #[error(
        "trusted_proxies: {0} is not an IP network (expected e.g. 10.0.0.0/8 or 2001:db8::/32)"
    )]
    TrustedProxy(String),
}

/// Everything a request handler needs, shared between requests.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    config: Config,
    store: Arc<dyn RegistrationStore>,
    staff: Arc<dyn StaffStore>,
    photos: Arc<dyn PhotoStore>,
    photo_directory: PhotoDirectory,
    outbox: Outbox,
    offices: Arc<dyn OfficeCatalog>,
    published_offices: PublishedOffices,
    privacy_notice: rights::PublishedNotice,
    units: Units,
    clock: Arc<dyn Clock>,
    limiter: RateLimiter,
    registration_quota: WindowQuota,
    proxies: TrustedProxies,
    in_flight: Arc<tokio::sync::Semaphore>,
    started: Instant,
}

/// Builds an [`AppState`], replacing any of the default parts.
pub struct AppStateBuilder {
    config: Config,
    store: Option<Arc<dyn RegistrationStore>>,
    staff: Option<Arc<dyn StaffStore>>,
    offices: Option<Arc<dyn OfficeCatalog>>,
    units: Option<Units>,
    clock: Option<Arc<dyn Clock>>,
}

impl AppStateBuilder {
    /// Replaces the store (default: PostgreSQL at `database_url` when set, else SQLite at the
    /// configured path).
    pub fn store(mut self, store: Arc<dyn RegistrationStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// Replaces the staff store (default: the SQLite store of the registrations; with
    /// another registration store and none given here, an empty store in memory, so nobody
    /// can log in).
    pub fn staff_store(mut self, staff: Arc<dyn StaffStore>) -> Self {
        self.staff = Some(staff);
        self
    }

    /// Replaces the office catalog (default: the configured file, or the shared directory).
    pub fn offices(mut self, offices: Arc<dyn OfficeCatalog>) -> Self {
        self.offices = Some(offices);
        self
    }

    /// Replaces the unit directory (default: [`default_units`]).
    pub fn units(mut self, units: Units) -> Self {
        self.units = Some(units);
        self
    }

    /// Replaces the clock (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Opens storage and builds the state.
    pub fn build(self) -> Result<AppState, StartError> {
        let config = self.config;
        let io = |what: &str| {
            let what = what.to_string();
            move |source| StartError::Io { what, source }
        };
        let proxies =
            TrustedProxies::parse(&config.trusted_proxies).map_err(StartError::TrustedProxy)?;
        // Personal data lives here: folders 0700, files 0600, and a folder others can read is
        // refused rather than used.
        files::create_private_dir(&config.data_dir).map_err(io("the data directory"))?;
        files::check_private_dir(&config.data_dir)?;
        for dir in [&config.photos_dir, &config.outbox_dir]
            .into_iter()
            .flatten()
        {
            files::create_private_dir(dir).map_err(io("a data folder"))?;
            files::check_private_dir(dir)?;
        }
        // The photos go in the database when it is PostgreSQL (or `photos_in_database`);
        // a store given by the caller keeps them in the directory.
        let photo_directory =
            PhotoDirectory::open(&config.photos_path()).map_err(io("the photo directory"))?;
        let mut photos_in_database: Option<Arc<dyn PhotoStore>> = None;
        let (store, staff): (Arc<dyn RegistrationStore>, Arc<dyn StaffStore>) = match self.store {
            Some(store) => {
                let staff: Arc<dyn StaffStore> = match self.staff {
                    Some(staff) => staff,
                    None => Arc::new(SqliteStore::in_memory()?),
                };
                (store, staff)
            }
            None if config.database_url.is_some() => {
                let url = config.database_url.as_deref().unwrap_or_default();
                let store = Arc::new(PgStore::connect(url, config.database_connections)?);
                photos_in_database = Some(store.clone());
                let staff: Arc<dyn StaffStore> = match self.staff {
                    Some(staff) => staff,
                    None => store.clone(),
                };
                (store, staff)
            }
            None => {
                let path = config.database_path();
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    files::create_private_dir(parent).map_err(io("the database folder"))?;
                    files::check_private_dir(parent)?;
                }
                let store = SqliteStore::open(&path)?;
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    files::make_private(std::path::Path::new(&file))
                        .map_err(io("the database file"))?;
                }
                let store = Arc::new(store);
                if config.photos_in_database() {
                    photos_in_database = Some(store.clone());
                }
                let staff: Arc<dyn StaffStore> = match self.staff {
                    Some(staff) => staff,
                    None => store.clone(),
                };
                (store, staff)
            }
        };
        let offices: Arc<dyn OfficeCatalog> = match (self.offices, &config.offices_file) {
            (Some(offices), _) => offices,
            (None, Some(path)) => Arc::new(StaticOffices::from_file(path)?),
            (None, None) => Arc::new(DirectoryOffices::shared()),
        };
        let photos: Arc<dyn PhotoStore> = match photos_in_database {
            Some(database) => database,
            None => Arc::new(photo_directory.clone()),
        };
        let outbox = Outbox::open(&config.outbox_path())
            .map_err(io("the outbox"))?
            .with_reply_to(&config.mail.reply_to);
        let limiter = RateLimiter::new(config.limits.rate_per_second, config.limits.rate_burst);
        let registration_quota =
            WindowQuota::new(config.limits.registrations_per_address_per_hour, 3_600_000);
        let in_flight = Arc::new(tokio::sync::Semaphore::new(
            config.limits.max_requests_in_flight.max(1),
        ));
        Ok(AppState {
            inner: Arc::new(Shared {
                published_offices: PublishedOffices::of(offices.as_ref()),
                privacy_notice: rights::PublishedNotice::new(
                    &config.notice_operator(),
                    config.notice_retention(),
                ),
                store,
                staff,
                photos,
                photo_directory,
                outbox,
                offices,
                units: self.units.unwrap_or_else(default_units),
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                limiter,
                registration_quota,
                proxies,
                in_flight,
                started: Instant::now(),
                config,
            }),
        })
    }
}

impl AppState {
    /// A builder with the default parts for `config`.
    pub fn builder(config: Config) -> AppStateBuilder {
        AppStateBuilder {
            config,
            store: None,
            staff: None,
            offices: None,
            units: None,
            clock: None,
        }
    }

    /// The state with every default part.
    pub fn open(config: Config) -> Result<AppState, StartError> {
        AppState::builder(config).build()
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn store(&self) -> &Arc<dyn RegistrationStore> {
        &self.inner.store
    }

    /// The staff accounts, sessions and audit log of the office console.
    pub fn staff(&self) -> &Arc<dyn StaffStore> {
        &self.inner.staff
    }

    /// Where the photo files are kept (the directory, or the database).
    pub fn photo_store(&self) -> &dyn PhotoStore {
        self.inner.photos.as_ref()
    }

    /// The photos directory (where photos are kept unless they are in the database).
    pub fn photo_directory(&self) -> &PhotoDirectory {
        &self.inner.photo_directory
    }

    pub fn outbox(&self) -> &Outbox {
        &self.inner.outbox
    }

    pub fn offices(&self) -> &dyn OfficeCatalog {
        self.inner.offices.as_ref()
    }

    pub fn published_offices(&self) -> &PublishedOffices {
        &self.inner.published_offices
    }

    /// The privacy notice the service publishes (`GET /v1/privacy`).
    pub fn privacy_notice(&self) -> &rights::PublishedNotice {
        &self.inner.privacy_notice
    }

    pub fn units(&self) -> &Units {
        &self.inner.units
    }

    pub fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }

    pub fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// Registrations per client address per hour.
    pub fn registration_quota(&self) -> &WindowQuota {
        &self.inner.registration_quota
    }

    /// The reverse proxies whose forwarding headers are believed.
    pub fn trusted_proxies(&self) -> &TrustedProxies {
        &self.inner.proxies
    }

    /// Permits for the requests handled at once.
    pub fn in_flight(&self) -> &Arc<tokio::sync::Semaphore> {
        &self.inner.in_flight
    }

    /// Whether the data directory's disk has more free space than
    /// `limits.min_free_disk_bytes` (true when it cannot be told).
    pub fn disk_has_room(&self) -> bool {
        let min = self.inner.config.limits.min_free_disk_bytes;
        min == 0 || files::free_bytes(&self.inner.config.data_dir).is_none_or(|free| free >= min)
    }

    /// Milliseconds since the state was built (a monotonic clock, for rate limiting).
    pub fn uptime_ms(&self) -> i64 {
        self.inner.started.elapsed().as_millis() as i64
    }
}

/// A service running in the background.
pub struct RunningService {
    /// The address it listens on.
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    sweeper: tokio::task::JoinHandle<()>,
    delivery: Option<tokio::task::JoinHandle<()>>,
}

impl RunningService {
    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections, lets requests in progress finish, and waits.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.sweeper.abort();
        if let Some(delivery) = &self.delivery {
            delivery.abort();
        }
        match (&mut self.task).await {
            Ok(result) => result,
            Err(join) => Err(std::io::Error::other(join)),
        }
    }
}

/// Before serving: writes the first e-mail of registrations stored without it (the service
/// died between storing one and writing its e-mail). Failures are logged; serving goes on.
async fn write_missing_first_mails(state: &AppState) {
    let worker = state.clone();
    match tokio::task::spawn_blocking(move || routes::write_missing_first_mails(&worker)).await {
        Ok(Ok(0)) => {}
        Ok(Ok(count)) => tracing::info!(count, "first e-mails written at start"),
        Ok(Err(problem)) => tracing::error!(?problem, "cannot write the missing first e-mails"),
        Err(join) => tracing::error!(%join, "cannot write the missing first e-mails"),
    }
}

/// Binds `state.config().bind` (port 0 picks a free port) and serves in the background.
pub async fn start(state: AppState) -> Result<RunningService, StartError> {
    write_missing_first_mails(&state).await;
    let listener = tokio::net::TcpListener::bind(state.config().bind)
        .await
        .map_err(|source| StartError::Io {
            what: format!("the listener on {}", state.config().bind),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| StartError::Io {
        what: "the listener".into(),
        source,
    })?;
    let (shutdown, signal) = tokio::sync::oneshot::channel::<()>();
    let header_timeout = state.config().header_timeout();
    let sweeper = retention::spawn_sweeper(state.clone());
    let delivery = delivery::spawn(&state)?;
    let app = router(state);
    let task = tokio::spawn(async move {
        serve_connections(listener, app, header_timeout, async move {
            let _ = signal.await;
        })
        .await;
        Ok(())
    });
    Ok(RunningService {
        addr,
        shutdown: Some(shutdown),
        task,
        sweeper,
        delivery,
    })
}

/// Runs the service from `config` until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), StartError> {
    files::restrict_umask();
    let state = AppState::open(config)?;
    write_missing_first_mails(&state).await;
    let bind = state.config().bind;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| StartError::Io {
            what: format!("the listener on {bind}"),
            source,
        })?;
    tracing::info!(addr = %bind, data_dir = %state.config().data_dir.display(), "listening");
    let header_timeout = state.config().header_timeout();
    let sweeper = retention::spawn_sweeper(state.clone());
    let delivery = delivery::spawn(&state)?;
    serve_connections(listener, router(state), header_timeout, shutdown_signal()).await;
    sweeper.abort();
    if let Some(delivery) = delivery {
        delivery.abort();
    }
    Ok(())
}

/// Accepts HTTP/1.1 connections until `shutdown`, then lets requests in progress finish.
///
/// Like `axum::serve`, with one difference that matters against slow clients: a connection
/// that takes longer than `header_timeout` to send a request's headers (or stays idle that
/// long between requests) is closed, so a client cannot hold connections open by trickling
/// headers. (Slow bodies are cut by the request timeout of the router.)
async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    header_timeout: std::time::Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let (closing, closed) = tokio::sync::watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(
            move |mut request: axum::extract::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(remote));
                app.clone().oneshot(request.map(axum::body::Body::new))
            },
        );
        let mut closed = closed.clone();
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = closed.wait_for(|closing| *closing) => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = closing.send(true);
    // Every connection task holds a receiver; wait until they have all finished.
    drop(closed);
    closing.closed().await;
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
