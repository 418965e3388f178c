//! The app's integration tests in one test binary (one link instead of one per file): screens
//! rendered without a window, the flow driven through the app's edges, the HTTP backend, the
//! card QR offer, the About panel, where registrations go (reception) and the phone bundle
//! configuration.

mod about;
mod bundle_config;
mod consent;
mod flow;
mod http_backend;
mod offices;
mod qr_offer;
mod reception;
mod render;
mod screens;
