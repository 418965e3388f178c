//! The command line's integration tests in one test binary: `vssid check`, `vssid photo`,
//! `vssid qr`, `vssid submit` and `vssid declaration-pdf`, each run as the real binary.

mod check;
mod declaration_pdf;
mod photo;
mod qr;
mod submit;
