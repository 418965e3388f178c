//! CCCD QR reading: find and decode the QR on an ID card photo, parse and cross-check its payload.
