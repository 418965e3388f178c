//! End-to-end harness: the web build of the app in headless Chromium, driven through
//! WebDriver (chromedriver), against the reference reception service on a loopback port.
//!
//! [`Site`] serves `dist/web` and the service's `/v1` API on one ephemeral loopback port;
//! [`Browser`] starts chromedriver and a Chromium session; [`Run`] wraps each step so that a
//! failure names the step and why, and leaves a screenshot in `target/e2e/`; [`pictures`]
//! makes the photos (a synthetic ID card, the fake camera's video); [`axe`] runs axe-core.

pub mod axe;
pub mod browser;
pub mod pictures;
pub mod site;

pub use browser::{Browser, Run, StepFailed};
pub use site::Site;

use std::path::PathBuf;

/// Why a part of the harness failed.
#[derive(Debug, thiserror::Error)]
pub enum E2eError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("WebDriver command failed: {0}")]
    WebDriver(#[from] fantoccini::error::CmdError),
    #[error("could not open a browser session: {0}")]
    Session(#[from] fantoccini::error::NewSessionError),
    #[error("the reception service: {0}")]
    Service(#[from] vssid_reception::StartError),
    #[error("the service's database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("picture: {0}")]
    Picture(#[from] image::ImageError),
    #[error("{0}")]
    Check(String),
}

/// A failed check, with its explanation.
pub fn check_failed(why: impl Into<String>) -> E2eError {
    E2eError::Check(why.into())
}

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Where screenshots and failure notes go: `target/e2e/` of the workspace (or
/// `VSSID_E2E_OUT`).
pub fn output_dir() -> PathBuf {
    std::env::var_os("VSSID_E2E_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target").join("e2e"))
}

/// The web build (`dist/web`, made by `scripts/build-web.sh`), or `VSSID_E2E_DIST`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("VSSID_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist").join("web"))
}

/// The shared public test data (`../shared/testdata` beside the workspace).
pub fn testdata_dir() -> PathBuf {
    workspace_root().join("..").join("shared").join("testdata")
}
