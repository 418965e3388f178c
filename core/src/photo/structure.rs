//! The structure of a JPEG, checked without decoding it: one complete baseline or progressive
//! image with no metadata and nothing hidden in or after it. The reception service refuses a
//! photo that fails it; the photo pipeline's output always passes it (both are fuzzed).

/// The frame's dimensions of a well-formed JPEG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegFrame {
    pub width: u32,
    pub height: u32,
}

/// Why bytes are not a well-formed JPEG without metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JpegStructureError {
    /// It does not start as a JPEG.
    #[error("not a JPEG")]
    NotJpeg,
    /// An application segment other than the JFIF header, or a comment (EXIF, XMP, ICC,
    /// IPTC, COM, APPn).
    #[error("a {0} segment")]
    Metadata(&'static str),
    /// Cut short, a marker out of place, a segment a photo does not need.
    #[error("not well formed: {0}")]
    Malformed(&'static str),
    /// Bytes after the end of the image.
    #[error("{bytes} bytes after the end of the image")]
    TrailingData { bytes: usize },
}

/// The name of an application or comment segment, for the refusal message: EXIF (with its
/// GPS block) or XMP in APP1, an ICC profile in APP2, IPTC in APP13, a comment, or `APPn`.
fn metadata_kind(marker: u8, payload: &[u8]) -> &'static str {
    const APP: [&str; 16] = [
        "APP0", "APP1", "APP2", "APP3", "APP4", "APP5", "APP6", "APP7", "APP8", "APP9", "APP10",
        "APP11", "APP12", "APP13", "APP14", "APP15",
    ];
    match marker {
        0xE1 if payload.starts_with(b"Exif\0") => "EXIF",
        0xE1 if payload.starts_with(b"http://ns.adobe.com/xap/1.0/") => "XMP",
        0xE2 if payload.starts_with(b"ICC_PROFILE\0") => "ICC",
        0xED => "IPTC",
        0xFE => "COM",
        m @ 0xE0..=0xEF => APP[usize::from(m - 0xE0)],
        _ => "unknown",
    }
}

/// Checks that `bytes` is one complete, well-formed baseline or progressive JPEG, walking
/// every marker and every entropy-coded segment (without decoding the image):
///
/// - SOI first, EOI last, nothing after EOI;
/// - segments only of the kinds such a file needs: APP0 with a `JFIF` identifier and no
///   thumbnail, DQT, DHT,
///   DRI, one SOF0/SOF1/SOF2 frame header (1 or 3 components) before the first scan, and scans
///   (SOS); every segment length inside the file;
/// - no other application segment (EXIF, XMP, ICC, IPTC, …) and no comment (COM);
/// - scan data contains only stuffed bytes (`FF 00`) and restart markers; at least one scan.
///
/// Returns the frame's dimensions.
pub fn check_jpeg_structure(bytes: &[u8]) -> Result<JpegFrame, JpegStructureError> {
    if bytes.len() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
        return Err(JpegStructureError::NotJpeg);
    }
    let malformed = |what: &'static str| JpegStructureError::Malformed(what);
    let mut frame: Option<JpegFrame> = None;
    let mut scans = 0usize;
    let mut at = 2;
    loop {
        if at >= bytes.len() {
            return Err(malformed("no end-of-image marker"));
        }
        if bytes[at] != 0xFF {
            return Err(malformed("bytes where a marker should be"));
        }
        // Fill bytes (FF FF …) may precede a marker.
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at + 1) else {
            return Err(malformed("no end-of-image marker"));
        };
        at += 2;
        match marker {
            0xD9 => {
                if frame.is_none() || scans == 0 {
                    return Err(malformed("no image data"));
                }
                if at != bytes.len() {
                    return Err(JpegStructureError::TrailingData {
                        bytes: bytes.len() - at,
                    });
                }
                return frame.ok_or(malformed("no frame header"));
            }
            0x00 | 0x01 | 0xD0..=0xD8 => return Err(malformed("a marker out of place")),
            _ => {}
        }
        if at + 2 > bytes.len() {
            return Err(malformed("a segment cut short"));
        }
        let length = usize::from(u16::from_be_bytes([bytes[at], bytes[at + 1]]));
        if length < 2 || at + length > bytes.len() {
            return Err(malformed("a segment longer than the file"));
        }
        let payload = &bytes[at + 2..at + length];
        match marker {
            // The JFIF header, without a thumbnail (which could carry anything).
            0xE0 if payload.starts_with(b"JFIF\0") => {
                if payload.len() != 14 || payload[12] != 0 || payload[13] != 0 {
                    return Err(malformed("a JFIF header with a thumbnail"));
                }
            }
            0xE0..=0xEF | 0xFE => {
                return Err(JpegStructureError::Metadata(metadata_kind(marker, payload)))
            }
            // Baseline, extended sequential and progressive Huffman frames.
            0xC0..=0xC2 => {
                if frame.is_some() || scans > 0 {
                    return Err(malformed("a second frame header"));
                }
                let components = usize::from(*payload.get(5).unwrap_or(&0));
                if payload.len() != 6 + 3 * components || !matches!(components, 1 | 3) {
                    return Err(malformed("a frame header of the wrong size"));
                }
                let height = u32::from(u16::from_be_bytes([payload[1], payload[2]]));
                let width = u32::from(u16::from_be_bytes([payload[3], payload[4]]));
                if width == 0 || height == 0 {
                    return Err(malformed("a frame without size"));
                }
                frame = Some(JpegFrame { width, height });
            }
            // Huffman tables, quantization tables, restart interval.
            0xC4 | 0xDB | 0xDD => {}
            0xDA => {
                if frame.is_none() {
                    return Err(malformed("a scan before the frame header"));
                }
                let components = usize::from(*payload.first().unwrap_or(&0));
                if payload.len() != 4 + 2 * components || !(1..=4).contains(&components) {
                    return Err(malformed("a scan header of the wrong size"));
                }
                at = skip_entropy_coded(bytes, at + length)?;
                scans += 1;
                continue;
            }
            _ => return Err(malformed("a segment a photo does not need")),
        }
        at += length;
    }
}

/// The offset of the marker that ends the entropy-coded data starting at `at`: inside it
/// `FF` is only followed by `00` (a stuffed byte) or a restart marker `D0`–`D7`.
fn skip_entropy_coded(bytes: &[u8], mut at: usize) -> Result<usize, JpegStructureError> {
    loop {
        let Some(offset) = memchr::memchr(0xFF, &bytes[at.min(bytes.len())..]) else {
            return Err(JpegStructureError::Malformed("image data without an end"));
        };
        at += offset;
        match bytes.get(at + 1) {
            None => return Err(JpegStructureError::Malformed("image data without an end")),
            Some(0x00 | 0xD0..=0xD7) => at += 2,
            Some(_) => return Ok(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(width: u16, height: u16) -> Vec<u8> {
        let pixels: Vec<u8> = (0..usize::from(width) * usize::from(height) * 3)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, 80)
            .encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        jpeg
    }

    #[test]
    fn the_pipeline_encoder_output_is_well_formed() {
        let jpeg = encoded(64, 48);
        assert_eq!(
            check_jpeg_structure(&jpeg),
            Ok(JpegFrame {
                width: 64,
                height: 48
            })
        );
    }

    #[test]
    fn cut_padded_or_annotated_files_are_refused() {
        let jpeg = encoded(32, 32);
        for cut in 0..jpeg.len() {
            assert!(check_jpeg_structure(&jpeg[..cut]).is_err(), "cut at {cut}");
        }
        let mut padded = jpeg.clone();
        padded.push(0);
        assert_eq!(
            check_jpeg_structure(&padded),
            Err(JpegStructureError::TrailingData { bytes: 1 })
        );
        let mut commented = jpeg[..2].to_vec();
        commented.extend_from_slice(&[0xFF, 0xFE, 0x00, 0x04, b'h', b'i']);
        commented.extend_from_slice(&jpeg[2..]);
        assert_eq!(
            check_jpeg_structure(&commented),
            Err(JpegStructureError::Metadata("COM"))
        );
        assert_eq!(
            check_jpeg_structure(b"GIF89a"),
            Err(JpegStructureError::NotJpeg)
        );
    }
}
