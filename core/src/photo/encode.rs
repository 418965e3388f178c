//! Encoding the output JPEG within a size budget, with no metadata segment.
//!
//! The encoder writes only the JFIF APP0 header, tables and scan: no EXIF (APP1), XMP or ICC
//! (APP2) segment, so nothing of the original file (GPS position, device, time) survives.
//! Quality starts at [`START_QUALITY`]; when the result is over budget, a bisection between
//! [`FLOOR_QUALITY`] and the last failing quality finds the best that fits; when even the
//! floor does not fit, the picture is scaled down and the search runs again.

use super::raster::{self, RgbImage};
use super::PhotoError;
use jpeg_encoder::{ColorType, Encoder};

/// Quality of the first attempt: visually clean for documents and faces, 4:2:0 chroma.
pub(crate) const START_QUALITY: u8 = 85;
/// Below this, JPEG blocking starts to blur the small print of an ID card; scaling down
/// keeps text more legible than lower quality.
pub(crate) const FLOOR_QUALITY: u8 = 50;
/// Bisection stops when the quality interval is this narrow.
const QUALITY_STEP: u8 = 4;
/// The smallest long edge the budget search may scale down to.
const MIN_LONG_EDGE: u32 = 320;

/// The encoded output.
pub(crate) struct Encoded {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub quality: u8,
}

fn encode_at(image: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let mut jpeg = Vec::with_capacity(image.pixels.len() / 8);
    let encoder = Encoder::new(&mut jpeg, quality);
    let too_big = || PhotoError::Processing {
        detail: "picture too large for JPEG".into(),
    };
    let width = u16::try_from(image.width).map_err(|_| too_big())?;
    let height = u16::try_from(image.height).map_err(|_| too_big())?;
    encoder
        .encode(&image.pixels, width, height, ColorType::Rgb)
        .map_err(|e| PhotoError::Processing {
            detail: e.to_string(),
        })?;
    Ok(jpeg)
}

/// Encodes `image` as a JPEG of at most `budget_bytes`.
pub(crate) fn encode_within_budget(
    mut image: RgbImage,
    budget_bytes: usize,
) -> Result<Encoded, PhotoError> {
    loop {
        let first = encode_at(&image, START_QUALITY)?;
        if first.len() <= budget_bytes {
            return Ok(Encoded {
                jpeg: first,
                width: image.width,
                height: image.height,
                quality: START_QUALITY,
            });
        }
        let floor = encode_at(&image, FLOOR_QUALITY)?;
        if floor.len() <= budget_bytes {
            let (mut fits, mut fits_quality, mut too_big_quality) =
                (floor, FLOOR_QUALITY, START_QUALITY);
            while too_big_quality - fits_quality > QUALITY_STEP {
                let middle = fits_quality + (too_big_quality - fits_quality) / 2;
                let attempt = encode_at(&image, middle)?;
                if attempt.len() <= budget_bytes {
                    (fits, fits_quality) = (attempt, middle);
                } else {
                    too_big_quality = middle;
                }
            }
            return Ok(Encoded {
                jpeg: fits,
                width: image.width,
                height: image.height,
                quality: fits_quality,
            });
        }
        // JPEG size grows roughly with the pixel count: shrink the area by the overshoot,
        // with a margin so that one more round usually suffices.
        let long = image.width.max(image.height);
        if long <= MIN_LONG_EDGE {
            return Err(PhotoError::BudgetUnreachable { budget_bytes });
        }
        let area_ratio = budget_bytes as f64 / floor.len() as f64;
        let edge_ratio = (area_ratio.sqrt() * 0.9).clamp(0.25, 0.9);
        let new_long = ((f64::from(long) * edge_ratio) as u32).max(MIN_LONG_EDGE);
        let (width, height) = raster::fit_within(image.width, image.height, new_long);
        image = raster::resize_rgb(image, width, height)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(width: u32, height: u32) -> RgbImage {
        let mut state = 0x2545_f491_u32;
        let pixels = (0..width * height * 3)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 24) as u8
            })
            .collect();
        RgbImage {
            width,
            height,
            pixels,
        }
    }

    #[test]
    fn a_flat_picture_fits_at_the_start_quality() {
        let flat = RgbImage {
            width: 64,
            height: 48,
            pixels: vec![128; 64 * 48 * 3],
        };
        let out = encode_within_budget(flat, 100_000).unwrap();
        assert_eq!(out.quality, START_QUALITY);
        assert_eq!((out.width, out.height), (64, 48));
        assert!(out.jpeg.starts_with(&[0xFF, 0xD8]));
    }

    #[test]
    fn noise_is_squeezed_into_the_budget_by_quality_then_size() {
        let at_start = encode_at(&noise(800, 600), START_QUALITY).unwrap().len();
        let at_floor = encode_at(&noise(800, 600), FLOOR_QUALITY).unwrap().len();
        // A budget between the two is met by lowering the quality only.
        let budget = (at_start + at_floor) / 2;
        let out = encode_within_budget(noise(800, 600), budget).unwrap();
        assert!(out.jpeg.len() <= budget, "{} > {budget}", out.jpeg.len());
        assert!(out.quality > FLOOR_QUALITY && out.quality < START_QUALITY);
        assert_eq!((out.width, out.height), (800, 600));
        // Below the floor's size the picture is scaled down.
        let budget = at_floor / 3;
        let tiny = encode_within_budget(noise(800, 600), budget).unwrap();
        assert!(tiny.jpeg.len() <= budget);
        assert!(tiny.width < 800 && tiny.width.abs_diff(tiny.height * 4 / 3) <= 2);
        assert_eq!(
            encode_within_budget(noise(400, 300), 100).err(),
            Some(PhotoError::BudgetUnreachable { budget_bytes: 100 })
        );
    }
}
