//! Fuzzes the photo pipeline (`photo::process_photo`: format sniffing, header and EXIF
//! reading with the pixel limit, decoding, orientation, scaling, re-encoding) on arbitrary
//! bytes: never panics, never exceeds the memory limit, and whatever it accepts comes out as
//! a JPEG within the size limits that carries no metadata segment and passes the reception
//! service's structure check.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::photo::structure::check_jpeg_structure;
use vssid_core::photo::{process_photo, PhotoKind, PhotoLimits};

/// Small limits keep each input quick; the checks do not depend on the sizes.
const LIMITS: PhotoLimits = PhotoLimits {
    max_input_bytes: 1_000_000,
    max_pixels: 4_000_000,
    max_edge: 96,
    budget_bytes: 60_000,
};

/// The header segment markers of a JPEG, up to the scan.
fn header_markers(jpeg: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA {
        markers.push(jpeg[at + 1]);
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    markers
}

fuzz_target!(|data: &[u8]| {
    let kind = match data.first().map(|b| b % 3) {
        Some(0) => PhotoKind::Portrait,
        Some(1) => PhotoKind::IdFront,
        _ => PhotoKind::IdBack,
    };
    let Ok(photo) = process_photo(data, kind, &LIMITS, &mut |_| {}) else {
        return;
    };
    let jpeg = &photo.jpeg;
    assert!(jpeg.starts_with(&[0xFF, 0xD8]), "not a JPEG");
    assert_eq!(photo.report.output_bytes, jpeg.len());
    assert!(jpeg.len() <= LIMITS.budget_bytes);
    let (w, h) = (photo.report.output_width, photo.report.output_height);
    assert!(w >= 1 && h >= 1 && w.max(h) <= LIMITS.max_edge, "{w}×{h}");
    let frame = check_jpeg_structure(jpeg).expect("the service would refuse the output");
    assert_eq!((frame.width, frame.height), (w, h));
    for marker in header_markers(jpeg) {
        assert!(
            !matches!(marker, 0xE1..=0xEF | 0xFE),
            "metadata segment {marker:#x} in the output"
        );
    }
});
