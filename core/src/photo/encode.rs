//! Encoding the output JPEG within a size budget, with no metadata segment.
//!
//! The encoder writes only the JFIF APP0 header, tables and scan: no EXIF (APP1), XMP or ICC
//! (APP2) segment, so nothing of the original file (GPS position, device, time) survives.
//! The quality is predicted rather than searched: one band of rows in eight is encoded at a
//! ladder of qualities (in parallel where there are threads), which tells how large the whole
//! picture would be at each; the highest quality predicted to fit is then encoded, and should
//! it not fit, one a step lower. Should neither fit (a picture whose bands are unlike each
//! other), a bisection between [`FLOOR_QUALITY`] and the failing quality finishes the search;
//! when even the floor is predicted not to fit, the picture is scaled down first. Each whole
//! picture is encoded as two halves side by side, joined at a restart marker
//! ([`super::halves`]): the same bytes on every platform, in about half the time where there
//! are two cores.

use super::halves;
use super::raster::{self, RgbImage};
use super::side_by_side::{both, each};
use super::PhotoError;
use jpeg_encoder::{ColorType, Encoder, SamplingFactor};
use std::borrow::Cow;

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

fn too_big() -> PhotoError {
    PhotoError::Processing {
        detail: "picture too large for JPEG".into(),
    }
}

/// Encodes `pixels`, RGB rows of `width` px, at `quality` with 4:2:0 chroma (16×16 MCUs,
/// whatever the quality: [`halves::MCU_EDGE`], on which the halves are cut), and a restart
/// marker every `restart_interval` MCUs if given.
fn encode_rows(
    pixels: &[u8],
    width: u32,
    height: u32,
    quality: u8,
    restart_interval: Option<u16>,
) -> Result<Vec<u8>, PhotoError> {
    let mut jpeg = Vec::with_capacity(pixels.len() / 8);
    let mut encoder = Encoder::new(&mut jpeg, quality);
    encoder.set_sampling_factor(SamplingFactor::F_2_2);
    if let Some(interval) = restart_interval {
        encoder.set_restart_interval(interval);
    }
    let width = u16::try_from(width).map_err(|_| too_big())?;
    let height = u16::try_from(height).map_err(|_| too_big())?;
    encoder
        .encode(pixels, width, height, ColorType::Rgb)
        .map_err(|e| PhotoError::Processing {
            detail: e.to_string(),
        })?;
    Ok(jpeg)
}

/// Encodes `image` in one piece: the samples, which are measured, not sent.
fn encode_whole(image: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    encode_rows(&image.pixels, image.width, image.height, quality, None)
}

/// Encodes `image` as a file to send: its top and bottom halves side by side, joined at a
/// restart marker (in one piece when it is under two MCU rows tall).
fn encode_at(image: &RgbImage, quality: u8) -> Result<Vec<u8>, PhotoError> {
    let (width, height) = (image.width, image.height);
    let Some(cut) = halves::cut(width, height) else {
        return encode_whole(image, quality);
    };
    let (top, bottom) = image
        .pixels
        .split_at(cut.top_rows as usize * width as usize * 3);
    let (top, bottom) = both(
        || encode_rows(top, width, cut.top_rows, quality, None),
        || encode_rows(bottom, width, height - cut.top_rows, quality, None),
    );
    let height = u16::try_from(height).map_err(|_| too_big())?;
    halves::join(&top?, &bottom?, height, cut)
}

/// Qualities the sample is encoded at, highest first, from [`START_QUALITY`] to
/// [`FLOOR_QUALITY`].
const LADDER: [u8; 8] = [85, 80, 75, 70, 65, 60, 55, 50];
/// Rows of one sampled band (two MCU rows at 4:2:0), and one band in how many is sampled.
const BAND_ROWS: u32 = 16;
const SAMPLE_EVERY: u32 = 8;
/// The prediction aims this far under the budget: bands differ a little from the whole.
const AIM: f64 = 0.97;
/// When the start quality is predicted this far under the budget, it is encoded alone.
const COMFORTABLY: f64 = 0.9;

/// One band of rows in [`SAMPLE_EVERY`], stacked, and the fraction of the rows it holds; the
/// whole picture when it is too small for a sample to say much.
fn sample_bands(image: &RgbImage) -> (Cow<'_, RgbImage>, f64) {
    let period = BAND_ROWS * SAMPLE_EVERY;
    if image.height < 4 * period {
        return (Cow::Borrowed(image), 1.0);
    }
    let row_bytes = image.width as usize * 3;
    let mut pixels = Vec::with_capacity(row_bytes * (image.height / SAMPLE_EVERY) as usize);
    let mut rows = 0;
    // Bands from the middle of each period, so the first and last rows are not favoured.
    let mut top = (period - BAND_ROWS) / 2;
    while top + BAND_ROWS <= image.height {
        let start = top as usize * row_bytes;
        pixels.extend_from_slice(&image.pixels[start..start + BAND_ROWS as usize * row_bytes]);
        rows += BAND_ROWS;
        top += period;
    }
    let sample = RgbImage {
        width: image.width,
        height: rows,
        pixels,
    };
    let fraction = f64::from(rows) / f64::from(image.height);
    (Cow::Owned(sample), fraction)
}

/// Encodes `image` in one piece at each of `qualities`, side by side where there are threads;
/// results in the order of `qualities`.
fn encode_each(image: &RgbImage, qualities: &[u8]) -> Result<Vec<Vec<u8>>, PhotoError> {
    each(qualities, |&quality| encode_whole(image, quality))
        .into_iter()
        .collect()
}

/// Predicted sizes of the whole picture, from the sample's sizes at the same qualities: the
/// headers and tables (the size of a 16 × 16 picture) count once, the rest scales with the
/// rows.
fn predicted_sizes(
    sample_sizes: &[usize],
    qualities: &[u8],
    fraction: f64,
) -> Result<Vec<f64>, PhotoError> {
    let tiny = RgbImage {
        width: 16,
        height: 16,
        pixels: vec![128; 16 * 16 * 3],
    };
    qualities
        .iter()
        .zip(sample_sizes)
        .map(|(&quality, &size)| {
            let overhead = encode_whole(&tiny, quality)?.len().min(size) as f64;
            Ok(overhead + (size as f64 - overhead) / fraction)
        })
        .collect()
}

/// The highest quality whose predicted size is within `target`, interpolating between the
/// ladder's steps; `None` when even the floor is predicted over it.
fn quality_for(ladder: &[(u8, f64)], target: f64) -> Option<u8> {
    let (first_quality, first_size) = *ladder.first()?;
    if first_size <= target {
        return Some(first_quality);
    }
    for pair in ladder.windows(2) {
        let ((high_q, high_size), (low_q, low_size)) = (pair[0], pair[1]);
        if low_size <= target {
            let share = if high_size > low_size {
                (target - low_size) / (high_size - low_size)
            } else {
                0.0
            };
            let quality = f64::from(low_q) + share * f64::from(high_q - low_q);
            return Some((quality.floor() as u8).clamp(low_q, high_q));
        }
    }
    None
}

/// Encodes `image` as a JPEG of at most `budget_bytes`.
pub(crate) fn encode_within_budget(
    image: &RgbImage,
    budget_bytes: usize,
) -> Result<Encoded, PhotoError> {
    let encoded = |jpeg: Vec<u8>, image: &RgbImage, quality: u8| Encoded {
        jpeg,
        width: image.width,
        height: image.height,
        quality,
    };
    // Borrowed until the budget makes the picture smaller.
    let mut image = Cow::Borrowed(image);
    let scaled_down =
        |image: Cow<'_, RgbImage>, long: u32| -> Result<Cow<'_, RgbImage>, PhotoError> {
            let (width, height) = raster::fit_within(image.width, image.height, long);
            Ok(Cow::Owned(raster::resize_rgb(image, width, height)?))
        };
    loop {
        let (sample, fraction) = sample_bands(&image);
        let budget = budget_bytes as f64;
        // Most pictures fit at the start quality: one cheap look says so.
        let start_sample = encode_whole(&sample, START_QUALITY)?.len();
        let start_predicted = predicted_sizes(&[start_sample], &[START_QUALITY], fraction)?[0];
        if start_predicted <= budget * COMFORTABLY {
            let first = encode_at(&image, START_QUALITY)?;
            if first.len() <= budget_bytes {
                return Ok(encoded(first, &image, START_QUALITY));
            }
        }
        let rest = &LADDER[1..];
        let mut sizes = vec![start_sample];
        sizes.extend(encode_each(&sample, rest)?.iter().map(Vec::len));
        drop(sample);
        let predicted = predicted_sizes(&sizes, &LADDER, fraction)?;
        let ladder: Vec<(u8, f64)> = LADDER.iter().copied().zip(predicted).collect();
        let long = image.width.max(image.height);
        let Some(quality) = quality_for(&ladder, budget * AIM) else {
            // JPEG size grows roughly with the pixel count: shrink the area by the
            // overshoot, with a margin so that one more round usually suffices.
            if long <= MIN_LONG_EDGE {
                return Err(PhotoError::BudgetUnreachable { budget_bytes });
            }
            let floor_predicted = ladder[ladder.len() - 1].1;
            let area_ratio = budget / floor_predicted;
            let edge_ratio = (area_ratio.sqrt() * 0.9).clamp(0.25, 0.9);
            let new_long = ((f64::from(long) * edge_ratio) as u32).max(MIN_LONG_EDGE);
            image = scaled_down(image, new_long)?;
            continue;
        };
        // The predicted quality, then a step lower: each encoding already uses both cores,
        // and the first usually fits.
        let lower = quality.saturating_sub(QUALITY_STEP).max(FLOOR_QUALITY);
        let candidates = if lower < quality {
            vec![quality, lower]
        } else {
            vec![quality]
        };
        for candidate in candidates {
            let jpeg = encode_at(&image, candidate)?;
            if jpeg.len() <= budget_bytes {
                return Ok(encoded(jpeg, &image, candidate));
            }
        }
        // The sample misled: search below the lower candidate as before.
        if let Some(found) = bisect(&image, budget_bytes, lower)? {
            return Ok(found);
        }
        if long <= MIN_LONG_EDGE {
            return Err(PhotoError::BudgetUnreachable { budget_bytes });
        }
        image = scaled_down(image, long * 9 / 10)?;
    }
}

/// The search the prediction replaces, kept as its fallback: the highest quality below
/// `too_big_quality` that fits, to within [`QUALITY_STEP`], by bisection down to
/// [`FLOOR_QUALITY`]; `None` when even the floor does not fit.
fn bisect(
    image: &RgbImage,
    budget_bytes: usize,
    too_big_quality: u8,
) -> Result<Option<Encoded>, PhotoError> {
    let floor = encode_at(image, FLOOR_QUALITY)?;
    if floor.len() > budget_bytes {
        return Ok(None);
    }
    let (mut fits, mut fits_quality, mut too_big_quality) =
        (floor, FLOOR_QUALITY, too_big_quality.max(FLOOR_QUALITY));
    while too_big_quality - fits_quality > QUALITY_STEP {
        let middle = fits_quality + (too_big_quality - fits_quality) / 2;
        let attempt = encode_at(image, middle)?;
        if attempt.len() <= budget_bytes {
            (fits, fits_quality) = (attempt, middle);
        } else {
            too_big_quality = middle;
        }
    }
    Ok(Some(Encoded {
        jpeg: fits,
        width: image.width,
        height: image.height,
        quality: fits_quality,
    }))
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
        let out = encode_within_budget(&flat, 100_000).unwrap();
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
        let out = encode_within_budget(&noise(800, 600), budget).unwrap();
        assert!(out.jpeg.len() <= budget, "{} > {budget}", out.jpeg.len());
        assert!(out.quality > FLOOR_QUALITY && out.quality < START_QUALITY);
        assert_eq!((out.width, out.height), (800, 600));
        // Below the floor's size the picture is scaled down.
        let budget = at_floor / 3;
        let tiny = encode_within_budget(&noise(800, 600), budget).unwrap();
        assert!(tiny.jpeg.len() <= budget);
        assert!(tiny.width < 800 && tiny.width.abs_diff(tiny.height * 4 / 3) <= 2);
        assert_eq!(
            encode_within_budget(&noise(400, 300), 100).err(),
            Some(PhotoError::BudgetUnreachable { budget_bytes: 100 })
        );
    }

    /// A photo-like picture: smooth shading with grain of `grain` grey levels.
    fn grainy(width: u32, height: u32, grain: u32) -> RgbImage {
        let mut state = 0x9e37_79b9_u32;
        let mut pixels = Vec::with_capacity((width * height * 3) as usize);
        for y in 0..height {
            for x in 0..width {
                for channel in 0..3 {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    let base = 60 + (x * 120 / width) + (y * 60 / height) + channel * 10;
                    let jitter = (state >> 24) % (2 * grain + 1);
                    pixels.push((base + jitter).saturating_sub(grain).min(255) as u8);
                }
            }
        }
        RgbImage {
            width,
            height,
            pixels,
        }
    }

    /// The search before the prediction: the start quality, else the bisection.
    fn searched(image: &RgbImage, budget: usize) -> u8 {
        if encode_at(image, START_QUALITY).unwrap().len() <= budget {
            return START_QUALITY;
        }
        bisect(image, budget, START_QUALITY)
            .unwrap()
            .unwrap()
            .quality
    }

    #[test]
    fn the_predicted_quality_fits_and_is_within_a_step_of_the_search() {
        for (image, label) in [
            (noise(800, 600), "noise"),
            (grainy(1200, 900, 12), "grain 12"),
            (grainy(1200, 900, 30), "grain 30"),
        ] {
            let at_start = encode_at(&image, START_QUALITY).unwrap().len();
            let at_floor = encode_at(&image, FLOOR_QUALITY).unwrap().len();
            for share in [0.1, 0.4, 0.7, 0.95] {
                let budget = at_floor + ((at_start - at_floor) as f64 * share) as usize;
                let out = encode_within_budget(&image, budget).unwrap();
                let old = searched(&image, budget);
                assert!(
                    out.jpeg.len() <= budget,
                    "{label} {share}: {} > {budget}",
                    out.jpeg.len()
                );
                assert_eq!(
                    (out.width, out.height),
                    (image.width, image.height),
                    "{label}"
                );
                assert!(
                    out.quality + QUALITY_STEP >= old,
                    "{label} {share}: predicted {} against searched {old}",
                    out.quality
                );
            }
        }
    }

    fn decoded(jpeg: &[u8]) -> Vec<u8> {
        jpeg_decoder::Decoder::new(jpeg).decode().unwrap()
    }

    #[test]
    fn halves_joined_are_the_whole_picture_encoded_with_a_restart_interval() {
        for (image, label) in [
            (grainy(1600, 1200, 14), "1600×1200"),
            (noise(803, 611), "803×611, edges not on MCUs"),
            (grainy(1200, 1600, 30), "upright"),
            (noise(64, 17), "two MCU rows, the second of one pixel"),
        ] {
            let cut = halves::cut(image.width, image.height).unwrap();
            for quality in [START_QUALITY, 62, FLOOR_QUALITY] {
                let joined = encode_at(&image, quality).unwrap();
                let whole = encode_rows(
                    &image.pixels,
                    image.width,
                    image.height,
                    quality,
                    Some(cut.restart_interval),
                )
                .unwrap();
                assert!(joined == whole, "{label} at {quality}: the bytes differ");
                // And a decoder reads the same pixels as from the picture in one piece.
                assert!(
                    decoded(&joined) == decoded(&encode_whole(&image, quality).unwrap()),
                    "{label} at {quality}: the pixels differ"
                );
            }
        }
        // Under two MCU rows there is nothing to cut.
        let flat = noise(64, 16);
        assert_eq!(
            encode_at(&flat, START_QUALITY).unwrap(),
            encode_whole(&flat, START_QUALITY).unwrap()
        );
    }

    #[test]
    fn quality_is_interpolated_between_the_ladder_steps() {
        let ladder = [(85, 1000.0), (80, 800.0), (75, 600.0), (50, 200.0)];
        assert_eq!(quality_for(&ladder, 1200.0), Some(85));
        assert_eq!(quality_for(&ladder, 900.0), Some(82));
        assert_eq!(quality_for(&ladder, 800.0), Some(80));
        assert_eq!(quality_for(&ladder, 700.0), Some(77));
        assert_eq!(quality_for(&ladder, 200.0), Some(50));
        assert_eq!(quality_for(&ladder, 199.0), None);
    }

    #[test]
    fn the_sample_takes_one_band_in_eight() {
        let image = grainy(100, 1024, 0);
        let (sample, fraction) = sample_bands(&image);
        assert_eq!(sample.height, 1024 / SAMPLE_EVERY);
        assert!((fraction - 1.0 / f64::from(SAMPLE_EVERY)).abs() < 1e-9);
        let row = 100 * 3;
        let first_band = ((BAND_ROWS * SAMPLE_EVERY - BAND_ROWS) / 2) as usize;
        assert_eq!(
            sample.pixels[..row],
            image.pixels[first_band * row..(first_band + 1) * row]
        );
        let short = grainy(100, 300, 0);
        let (small, whole) = sample_bands(&short);
        assert_eq!((small.height, whole), (300, 1.0));
    }
}
