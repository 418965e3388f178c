//! Fuzzes the JPEG structure check the reception service applies to every photo part
//! (`photo::structure::check_jpeg_structure`: markers, segment lengths, scan data, end of
//! image) on arbitrary bytes: never panics, and whatever it accepts starts with SOI, ends with
//! EOI, has a frame of non-zero size, and is refused once a byte is appended or the last byte
//! is cut.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vssid_core::photo::structure::{check_jpeg_structure, JpegStructureError};

fuzz_target!(|data: &[u8]| {
    let Ok(frame) = check_jpeg_structure(data) else {
        return;
    };
    assert!(data.starts_with(&[0xFF, 0xD8]), "accepted without SOI");
    assert!(data.ends_with(&[0xFF, 0xD9]), "accepted without EOI at the end");
    assert!(frame.width > 0 && frame.height > 0, "{frame:?}");
    let mut longer = data.to_vec();
    longer.push(0);
    assert_eq!(
        check_jpeg_structure(&longer),
        Err(JpegStructureError::TrailingData { bytes: 1 })
    );
    assert!(check_jpeg_structure(&data[..data.len() - 1]).is_err());
});
