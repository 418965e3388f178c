//! The command line's integration tests in one test binary: `vssid check`, `vssid photo`,
//! `vssid qr` and `vssid submit`, each run as the real binary.

mod check;
mod photo;
mod qr;
mod submit;
