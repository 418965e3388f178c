//! Quality measures of a processed photo and the warnings that ask for a retake.
//!
//! Everything is measured on a grey copy of the upright output scaled to a fixed size, so
//! that the figures do not depend on the camera's resolution:
//! - exposure: mean luma and the fractions of nearly black and nearly white pixels;
//! - sharpness: the variance of the Laplacian (a blurred picture has weak second
//!   derivatives);
//! - for ID cards, the share of the frame covered by the card, found as the bounding box of
//!   the pixels that stand out from the background seen along the frame's border.
//!
//! The thresholds were tuned on generated samples (`cargo run -p vssid-core --example
//! make_photo_samples`): card-like pictures and faces with text, edges and sensor noise, at
//! normal exposure, darkened, brightened, and Gaussian-blurred with σ = 1…8 px at 4032 px
//! width. See [`QualityThresholds`] for each figure and why.

use super::raster::{self, GreyImage, RgbImage};
use super::{PhotoError, PhotoKind, PhotoWarning};
use serde::{Deserialize, Serialize};

/// Long edge of the grey copy used for exposure and sharpness.
pub const ANALYSIS_EDGE: u32 = 800;
/// Long edge of the grey copy used to find the card.
pub const FRAMING_EDGE: u32 = 256;

/// What was measured on a photo.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QualityMeasures {
    /// Mean luma, 0–255.
    pub mean_luma: f32,
    /// Share of pixels with luma ≤ 16.
    pub dark_fraction: f32,
    /// Share of pixels with luma ≥ 250.
    pub bright_fraction: f32,
    /// Variance of the 4-neighbour Laplacian on the grey copy of [`ANALYSIS_EDGE`] px.
    pub sharpness: f32,
    /// For ID photos, the share of the frame covered by the card (0–1).
    pub card_fill: Option<f32>,
}

/// The limits beyond which a photo gets a warning.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QualityThresholds {
    /// Smallest acceptable long edge of the input. At 800 px an ID card filling ~60% of the
    /// frame still has small print ~8 px tall, about the least that stays legible.
    pub min_long_edge: u32,
    /// Smallest acceptable short edge of the input (an 800×480 frame, 5:3).
    pub min_short_edge: u32,
    /// Below this mean luma the picture is too dark. The card and portrait samples measure
    /// 150–165 at normal exposure, 60–65 at gain 0.4 (−1.3 EV, print still clear) and 45–49
    /// at gain 0.3 (−1.7 EV), where the print sinks into the sensor noise.
    pub min_mean_luma: f32,
    /// More than this share of nearly black pixels also means too dark (a deep shadow over
    /// half of the frame) even when a bright area lifts the mean.
    pub max_dark_fraction: f32,
    /// Above this mean luma the picture is overexposed (a washed-out portrait measures 208+
    /// at gain 1.6, a normal one ~150).
    pub max_mean_luma: f32,
    /// More than this share of clipped (≥ 250) pixels means glare or overexposure: clipped
    /// areas have lost whatever was printed there. Normal samples clip < 0.2%; the light
    /// card clips 39% at gain 1.3; a portrait clips 18% at gain 1.3 (accepted) and 72% at 1.6.
    pub max_bright_fraction: f32,
    /// Below this exposure-normalised Laplacian variance the picture is blurred. On the
    /// 800 px grey copy of 4032×3024 samples, the text-rich card measures 455 sharp, 121 at
    /// σ = 3 px, 74 at σ = 4 (still readable) and 46 at σ = 5; the smoother portrait 368
    /// sharp, 113 at σ = 2 and 50 at σ = 3 (visibly soft). 60 flags the card from σ ≈ 5 and
    /// the portrait from σ ≈ 3. Like every Laplacian measure it also depends on the content:
    /// a plain, featureless picture reads as blurred.
    pub min_sharpness: f32,
    /// Below this share of the frame the card is too far away. The measure follows the true
    /// share closely on the samples (0.10 → 0.10, 0.30 → 0.29, 0.40 → 0.38, 0.80 → 0.74); at
    /// 35% a card in a 4:3 frame spans about 68% of the frame's width, ~1090 px of the 1600 px
    /// output, which keeps its smallest print ≥ 8 px tall.
    pub min_card_fill: f32,
}

impl Default for QualityThresholds {
    fn default() -> Self {
        QualityThresholds {
            min_long_edge: 800,
            min_short_edge: 480,
            min_mean_luma: 55.0,
            max_dark_fraction: 0.5,
            max_mean_luma: 215.0,
            max_bright_fraction: 0.3,
            min_sharpness: 60.0,
            min_card_fill: 0.35,
        }
    }
}

impl QualityThresholds {
    /// The warnings for a photo whose upright input was `width`×`height` and which measured
    /// `measures`.
    pub fn warnings(
        &self,
        width: u32,
        height: u32,
        measures: &QualityMeasures,
    ) -> Vec<PhotoWarning> {
        let mut warnings = Vec::new();
        if width.max(height) < self.min_long_edge || width.min(height) < self.min_short_edge {
            warnings.push(PhotoWarning::TooSmall);
        }
        if measures.mean_luma < self.min_mean_luma
            || measures.dark_fraction > self.max_dark_fraction
        {
            warnings.push(PhotoWarning::TooDark);
        } else if measures.mean_luma > self.max_mean_luma
            || measures.bright_fraction > self.max_bright_fraction
        {
            warnings.push(PhotoWarning::Overexposed);
        }
        if measures.sharpness < self.min_sharpness {
            warnings.push(PhotoWarning::Blurry);
        }
        if measures
            .card_fill
            .is_some_and(|fill| fill < self.min_card_fill)
        {
            warnings.push(PhotoWarning::CardTooSmall);
        }
        warnings
    }
}

/// Measures `image` (upright, as it will be sent).
pub(crate) fn measure(image: &RgbImage, kind: PhotoKind) -> Result<QualityMeasures, PhotoError> {
    let grey = raster::grey_within(image, ANALYSIS_EDGE)?;
    let (mean_luma, dark_fraction, bright_fraction) = exposure(&grey);
    // A darker exposure scales every difference, and the Laplacian's variance with its
    // square: dividing by (mean / 128)² makes the figure depend on focus, not on light.
    let exposure_gain = (f64::from(mean_luma) / 128.0).max(0.05);
    let sharpness = (f64::from(laplacian_variance(&grey)) / (exposure_gain * exposure_gain)) as f32;
    let card_fill = if kind.is_id_card() {
        let small = raster::grey_resized(&grey, FRAMING_EDGE)?;
        Some(card_fill(&small))
    } else {
        None
    };
    Ok(QualityMeasures {
        mean_luma,
        dark_fraction,
        bright_fraction,
        sharpness,
        card_fill,
    })
}

fn exposure(grey: &GreyImage) -> (f32, f32, f32) {
    let count = grey.pixels.len().max(1) as f64;
    let (mut sum, mut dark, mut bright) = (0u64, 0u64, 0u64);
    for &v in &grey.pixels {
        sum += u64::from(v);
        dark += u64::from(v <= 16);
        bright += u64::from(v >= 250);
    }
    (
        (sum as f64 / count) as f32,
        (dark as f64 / count) as f32,
        (bright as f64 / count) as f32,
    )
}

/// Variance of the 4-neighbour Laplacian over the interior pixels.
pub(crate) fn laplacian_variance(grey: &GreyImage) -> f32 {
    let (w, h) = (grey.width as usize, grey.height as usize);
    if w < 3 || h < 3 {
        return 0.0;
    }
    let p = &grey.pixels;
    let (mut sum, mut sum_sq, mut n) = (0f64, 0f64, 0f64);
    for y in 1..h - 1 {
        let (up, row, down) = ((y - 1) * w, y * w, (y + 1) * w);
        for x in 1..w - 1 {
            let l = i32::from(p[up + x])
                + i32::from(p[down + x])
                + i32::from(p[row + x - 1])
                + i32::from(p[row + x + 1])
                - 4 * i32::from(p[row + x]);
            let l = f64::from(l);
            sum += l;
            sum_sq += l * l;
            n += 1.0;
        }
    }
    let mean = sum / n;
    (sum_sq / n - mean * mean) as f32
}

/// The share of the frame covered by the bounding box of the pixels that differ from the
/// background (the median of the frame's border) or sit on a strong edge. The box is taken
/// between the 1st and 99th percentiles of those pixels on each axis, so stray specks in the
/// background do not stretch it. A textured background makes everything stand out and
/// gives a large share: the check errs towards no warning.
pub(crate) fn card_fill(grey: &GreyImage) -> f32 {
    let (w, h) = (grey.width as usize, grey.height as usize);
    if w < 8 || h < 8 {
        return 1.0;
    }
    let p = &grey.pixels;
    let margin = (w.min(h) / 32).max(2);
    let mut border: Vec<u8> = Vec::with_capacity(2 * margin * (w + h));
    for y in 0..h {
        for x in 0..w {
            if x < margin || y < margin || x >= w - margin || y >= h - margin {
                border.push(p[y * w + x]);
            }
        }
    }
    border.sort_unstable();
    let background = i32::from(border[border.len() / 2]);
    let deviations: Vec<i32> = {
        let mut d: Vec<i32> = border
            .iter()
            .map(|&v| (i32::from(v) - background).abs())
            .collect();
        d.sort_unstable();
        d
    };
    // The background's own spread (noise, gentle shading) must not count as the card. The
    // median deviation is used because a card that reaches the border is part of the strip.
    let spread = 2 * deviations[deviations.len() / 2];
    let contrast_threshold = (spread + 12).max(24);
    let edge_threshold = (2 * spread + 24).max(40);

    let mut xs = vec![0u32; w];
    let mut ys = vec![0u32; h];
    let mut total = 0u64;
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let v = i32::from(p[y * w + x]);
            let gradient = (i32::from(p[y * w + x + 1]) - i32::from(p[y * w + x - 1])).abs()
                + (i32::from(p[(y + 1) * w + x]) - i32::from(p[(y - 1) * w + x])).abs();
            if (v - background).abs() > contrast_threshold || gradient > edge_threshold {
                xs[x] += 1;
                ys[y] += 1;
                total += 1;
            }
        }
    }
    if total < (w * h / 200) as u64 {
        return 0.0;
    }
    let span = |counts: &[u32]| -> usize {
        let low_target = total / 100;
        let high_target = total * 99 / 100;
        let (mut seen, mut low, mut high) = (0u64, 0usize, counts.len() - 1);
        let mut low_found = false;
        for (i, &c) in counts.iter().enumerate() {
            seen += u64::from(c);
            if !low_found && seen > low_target {
                low = i;
                low_found = true;
            }
            if seen >= high_target {
                high = i;
                break;
            }
        }
        high.saturating_sub(low) + 1
    };
    (span(&xs) * span(&ys)) as f32 / (w * h) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grey(width: u32, height: u32, f: impl Fn(u32, u32) -> u8) -> GreyImage {
        let pixels = (0..height)
            .flat_map(|y| (0..width).map(move |x| (x, y)))
            .map(|(x, y)| f(x, y))
            .collect();
        GreyImage {
            width,
            height,
            pixels,
        }
    }

    #[test]
    fn a_flat_picture_has_no_laplacian_and_a_checkerboard_has_much() {
        assert_eq!(laplacian_variance(&grey(50, 40, |_, _| 90)), 0.0);
        let checker =
            laplacian_variance(&grey(50, 40, |x, y| if (x + y) % 2 == 0 { 0 } else { 200 }));
        assert!(checker > 100_000.0, "{checker}");
    }

    #[test]
    fn the_card_share_follows_the_rectangle_size() {
        for (card_w, card_h) in [(60u32, 40u32), (120, 80), (200, 140)] {
            let (x0, y0) = ((256 - card_w) / 2, (192 - card_h) / 2);
            let picture = grey(256, 192, |x, y| {
                let inside = x >= x0 && x < x0 + card_w && y >= y0 && y < y0 + card_h;
                if inside {
                    if (x / 3 + y / 5) % 4 == 0 {
                        40
                    } else {
                        220
                    }
                } else {
                    120
                }
            });
            let expected = (card_w * card_h) as f32 / (256.0 * 192.0);
            let fill = card_fill(&picture);
            assert!(
                (fill - expected).abs() < 0.05,
                "{card_w}×{card_h}: {fill} vs {expected}"
            );
        }
        assert_eq!(card_fill(&grey(256, 192, |_, _| 120)), 0.0);
    }

    #[test]
    fn warnings_follow_the_thresholds() {
        let t = QualityThresholds::default();
        let good = QualityMeasures {
            mean_luma: 120.0,
            dark_fraction: 0.01,
            bright_fraction: 0.01,
            sharpness: 500.0,
            card_fill: Some(0.6),
        };
        assert!(t.warnings(4032, 3024, &good).is_empty());
        assert_eq!(t.warnings(640, 480, &good), vec![PhotoWarning::TooSmall]);
        let dark = QualityMeasures {
            mean_luma: 30.0,
            ..good
        };
        assert_eq!(t.warnings(4032, 3024, &dark), vec![PhotoWarning::TooDark]);
        let glare = QualityMeasures {
            bright_fraction: 0.5,
            ..good
        };
        assert_eq!(
            t.warnings(4032, 3024, &glare),
            vec![PhotoWarning::Overexposed]
        );
        let blurred_far = QualityMeasures {
            sharpness: 10.0,
            card_fill: Some(0.1),
            ..good
        };
        assert_eq!(
            t.warnings(4032, 3024, &blurred_far),
            vec![PhotoWarning::Blurry, PhotoWarning::CardTooSmall]
        );
    }
}
