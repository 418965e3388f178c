//! The core's integration tests in one test binary: the photo pipeline on generated scenes and
//! the shared EXIF set, QR decoding of generated cards, the card offer, and privacy of drafts.

mod photo_pipeline;
mod privacy;
mod qr_decoding;
mod qr_offer;
