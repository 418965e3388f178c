//! The core's integration tests in one test binary: the photo pipeline on generated scenes and
//! the shared EXIF set, QR decoding of generated cards, the card offer, privacy of drafts, and
//! drafts written by the first release.

mod draft_format;
mod photo_pipeline;
mod privacy;
mod qr_decoding;
mod qr_offer;
