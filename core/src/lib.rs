//! The VssID registration core: everything that is not drawing.
//!
//! Typed fields and their validation (with Vietnamese and English messages), the registration
//! flow as one state machine, the draft format, the administrative-unit and office
//! directories, the photo pipeline, CCCD QR reading, and the HTTP API's types and rules.
//! No UI, network, runtime or browser dependency: every part is tested without a window or a
//! connection (the HTTP client is the `vssid-client` crate).

pub mod api;
pub mod consent;
pub mod datetime;
pub mod declaration;
pub mod directory;
pub mod draft;
pub mod fields;
pub mod flow;
pub mod lang;
pub mod photo;
pub mod privacy_notice;
pub mod qr;
pub mod text;

pub use lang::{Lang, Localized};
