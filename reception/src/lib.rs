//! The reference reception service: the registration API (`/v1`) over HTTP, with SQLite and
//! files for storage and an outbox directory for e-mail.
//!
//! [`serve`] runs it from a [`Config`]; [`router`] gives the axum router for an [`AppState`];
//! [`start`] runs it in the background (tests use an ephemeral loopback port).

pub mod clock;
pub mod config;
pub mod mail;
pub mod offices;
pub mod photos;
pub mod ratelimit;
pub mod routes;
pub mod store;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::Config;
pub use routes::router;

use mail::Outbox;
use offices::{OfficeCatalog, PublishedOffices, StaticOffices};
use photos::PhotoStore;
use ratelimit::RateLimiter;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use store::{RegistrationStore, SqliteStore, StoreError};
use vssid_core::fields::UnitDirectory;

/// The administrative units the service validates addresses against.
pub type Units = Arc<dyn UnitDirectory + Send + Sync>;

/// The unit directory used when none is given. This is the seam where the shared directory of
/// `vssid_core::directory` plugs in; until then it is the core's small test directory.
pub fn default_units() -> Units {
    Arc::new(vssid_core::declaration::fixtures::TinyUnits)
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
}

/// Everything a request handler needs, shared between requests.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    config: Config,
    store: Arc<dyn RegistrationStore>,
    photos: PhotoStore,
    outbox: Outbox,
    offices: Arc<dyn OfficeCatalog>,
    published_offices: PublishedOffices,
    units: Units,
    clock: Arc<dyn Clock>,
    limiter: RateLimiter,
    started: Instant,
}

/// Builds an [`AppState`], replacing any of the default parts.
pub struct AppStateBuilder {
    config: Config,
    store: Option<Arc<dyn RegistrationStore>>,
    offices: Option<Arc<dyn OfficeCatalog>>,
    units: Option<Units>,
    clock: Option<Arc<dyn Clock>>,
}

impl AppStateBuilder {
    /// Replaces the store (default: SQLite at the configured path).
    pub fn store(mut self, store: Arc<dyn RegistrationStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// Replaces the office catalog (default: the configured file, or the built-in list).
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
        std::fs::create_dir_all(&config.data_dir).map_err(io("the data directory"))?;
        let store: Arc<dyn RegistrationStore> = match self.store {
            Some(store) => store,
            None => Arc::new(SqliteStore::open(&config.database_path())?),
        };
        let offices: Arc<dyn OfficeCatalog> = match (self.offices, &config.offices_file) {
            (Some(offices), _) => offices,
            (None, Some(path)) => Arc::new(StaticOffices::from_file(path)?),
            (None, None) => Arc::new(StaticOffices::builtin()),
        };
        let photos = PhotoStore::open(&config.photos_path()).map_err(io("the photo directory"))?;
        let outbox = Outbox::open(&config.outbox_path()).map_err(io("the outbox"))?;
        let limiter = RateLimiter::new(config.limits.rate_per_second, config.limits.rate_burst);
        Ok(AppState {
            inner: Arc::new(Shared {
                published_offices: PublishedOffices::of(offices.as_ref()),
                store,
                photos,
                outbox,
                offices,
                units: self.units.unwrap_or_else(default_units),
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                limiter,
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

    pub fn photo_store(&self) -> &PhotoStore {
        &self.inner.photos
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

    pub fn units(&self) -> &Units {
        &self.inner.units
    }

    pub fn clock(&self) -> &dyn Clock {
        self.inner.clock.as_ref()
    }

    pub fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
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
        match (&mut self.task).await {
            Ok(result) => result,
            Err(join) => Err(std::io::Error::other(join)),
        }
    }
}

/// Binds `state.config().bind` (port 0 picks a free port) and serves in the background.
pub async fn start(state: AppState) -> Result<RunningService, StartError> {
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
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = signal.await;
            })
            .await
    });
    Ok(RunningService {
        addr,
        shutdown: Some(shutdown),
        task,
    })
}

/// Runs the service from `config` until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let state = AppState::open(config)?;
    let bind = state.config().bind;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|source| StartError::Io {
            what: format!("the listener on {bind}"),
            source,
        })?;
    tracing::info!(addr = %bind, data_dir = %state.config().data_dir.display(), "listening");
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|source| StartError::Io {
            what: "the server".into(),
            source,
        })
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
