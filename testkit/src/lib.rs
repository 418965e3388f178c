//! Test fixtures shared by the workspace's tests and examples, so that each exists once: a
//! valid registration and numbered ones ([`sample`]), generated JPEGs ([`jpeg`]) and ID-card
//! photos with a QR code ([`cards`]), small hash helpers ([`hash`]), reading the service's
//! e-mails ([`mail`]), a seeded fault proxy ([`fault_proxy`]) and a loopback HTTP server with
//! one fixed answer ([`loopback`]), a real PostgreSQL server ([`postgres`]), and the outside
//! tools of the e-mail and PDF tests ([`tools`]).
//!
//! A dev-dependency only (and a dependency of the e2e test crate); it uses no HTTP client,
//! so each test keeps its own.

pub mod cards;
pub mod fault_proxy;
pub mod hash;
mod http;
pub mod jpeg;
pub mod loopback;
pub mod mail;
pub mod postgres;
pub mod sample;
pub mod tools;
