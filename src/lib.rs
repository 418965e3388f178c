//! The VssID registration app: Dioxus screens over the `vssid-core` flow state machine.
//!
//! The screens (`steps`) draw a `Registration` and send `Event`s through the flow handle they
//! take from the context (`flow_context::Flow::send`), which runs the core's `update`;
//! `services::perform` carries out the effects through the small traits of `edges`
//! (directory, reception service, draft and photo storage, photo processing). `app` puts
//! the parts together.

pub mod app;
pub mod components;
pub mod config;
pub mod demo;
pub mod edges;
pub mod flow_context;
pub mod focus;
pub mod handset_page;
pub mod history;
pub mod i18n;
pub mod lifecycle;
pub mod services;
pub mod setup;
pub mod steps;
pub mod views;

pub use app::{App, Root, RootProps};
pub use services::Services;
pub use setup::Setup;
