//! Generated JPEGs: textured pictures of any size, of about a given file size, made unique
//! without a new segment, and the EXIF segment of a JPEG.

use crate::hash::fnv1a;
use std::io::Cursor;

/// A textured JPEG of `width`×`height` at `quality` (`seed` varies it); the noise compresses
/// poorly, like a photo under a phone camera's grain.
pub fn jpeg(width: u32, height: u32, seed: u32, quality: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        let mut v = x.wrapping_mul(0x9E37_79B9) ^ y.wrapping_mul(0x85EB_CA6B) ^ seed;
        v ^= v >> 15;
        v = v.wrapping_mul(0x2C1B_3C6D);
        v ^= v >> 12;
        let base = ((x / 8 + y / 8) % 64) as u8 * 3;
        image::Rgb([
            base.wrapping_add((v & 0x3F) as u8),
            base.wrapping_add((v >> 8 & 0x3F) as u8),
            base.wrapping_add((v >> 16 & 0x3F) as u8),
        ])
    });
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&image)
        .expect("the JPEG encoder writes to memory");
    out.into_inner()
}

/// A JPEG of roughly `target_kb` kilobytes (at least that), 3:4.
pub fn jpeg_of_size(target_kb: usize, seed: u32) -> Vec<u8> {
    let mut side = 400u32;
    loop {
        let bytes = jpeg(side, side * 4 / 3, seed, 85);
        if bytes.len() >= target_kb * 1024 || side > 3000 {
            return bytes;
        }
        side =
            (side as f64 * ((target_kb * 1024) as f64 / bytes.len() as f64).sqrt() * 1.05) as u32;
    }
}

/// Three small valid photos (a 3:4 portrait and two 4:3 card sides), a few tens of KB each.
pub fn small_photos() -> [Vec<u8>; 3] {
    [
        jpeg(240, 320, 1, 80),
        jpeg(320, 240, 2, 80),
        jpeg(320, 240, 3, 80),
    ]
}

/// The same JPEG made unique without adding a segment (the service refuses comments and
/// application segments other than JFIF): the last eight entries of the first quantization
/// table (the highest frequencies) are set from a hash of `tag`. The file stays a
/// well-formed JPEG that decodes to nearly the same picture.
pub fn unique(photo: &[u8], tag: &str) -> Vec<u8> {
    let mut out = photo.to_vec();
    let dqt = out
        .windows(2)
        .position(|w| w == [0xFF, 0xDB])
        .expect("a JPEG from the encoder has a quantization table");
    // FF DB, length (2), precision/table id (1), then 64 one-byte entries.
    let table = dqt + 5;
    let hash = fnv1a(tag.as_bytes());
    for (i, entry) in out[table + 56..table + 64].iter_mut().enumerate() {
        *entry = ((hash >> (8 * i)) as u8).max(1);
    }
    out
}

/// The whole APP1 `Exif` segment of a JPEG (marker included), if it has one.
pub fn exif_segment(jpeg: &[u8]) -> Option<&[u8]> {
    if jpeg.get(..2) != Some(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        if marker == 0xDA || marker == 0xD9 {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        if marker == 0xE1 && jpeg.get(at + 4..at + 10) == Some(b"Exif\0\0") {
            return jpeg.get(at..at + 2 + len);
        }
        at += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_photos_decode_and_differ_by_seed_and_tag() {
        let photo = jpeg(64, 48, 1, 80);
        let decoded = image::load_from_memory(&photo).expect("a JPEG");
        assert_eq!((decoded.width(), decoded.height()), (64, 48));
        assert_ne!(photo, jpeg(64, 48, 2, 80));
        let (a, b) = (unique(&photo, "a"), unique(&photo, "b"));
        assert_ne!(a, b);
        assert_eq!(a.len(), photo.len());
        assert!(image::load_from_memory(&a).is_ok());
        assert!(jpeg_of_size(40, 1).len() >= 40 * 1024);
    }

    #[test]
    fn the_exif_segment_is_found_only_where_there_is_one() {
        assert_eq!(exif_segment(&jpeg(16, 16, 1, 80)), None);
        let plain = jpeg(16, 16, 1, 80);
        let segment = crate::cards::exif_orientation_segment(6);
        let mut with = plain[..2].to_vec();
        with.extend_from_slice(&segment);
        with.extend_from_slice(&plain[2..]);
        assert_eq!(exif_segment(&with), Some(&segment[..]));
        assert_eq!(exif_segment(b"not a jpeg"), None);
    }
}
