//! Finding and decoding a QR code in an upright grey photo. A fixed list of strategies is
//! tried in order, cheapest and most likely first, until one yields a payload the caller
//! accepts: the whole image at a moderate and a larger scale, then the corner regions where
//! the QR of an ID card sits, each with the decoder's own thresholding, then with a 2-D
//! adaptive binarisation (uneven light), a contrast stretch and a sharpening (blur).

use image::GrayImage;
use rqrr::PreparedImage;

/// The part of the image a strategy looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Whole,
    TopRight,
    TopLeft,
    BottomRight,
    BottomLeft,
}

impl Region {
    pub const CORNERS: [Region; 4] = [
        Region::TopRight,
        Region::TopLeft,
        Region::BottomRight,
        Region::BottomLeft,
    ];

    /// `(x, y, width, height)` of the region in a `width × height` image. Corners are 60%
    /// of each side, so neighbouring corners overlap and a QR near the middle is still whole.
    fn rect(self, width: u32, height: u32) -> (u32, u32, u32, u32) {
        let (cw, ch) = ((width * 3).div_ceil(5), (height * 3).div_ceil(5));
        match self {
            Region::Whole => (0, 0, width, height),
            Region::TopRight => (width - cw, 0, cw, ch),
            Region::TopLeft => (0, 0, cw, ch),
            Region::BottomRight => (width - cw, height - ch, cw, ch),
            Region::BottomLeft => (0, height - ch, cw, ch),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Region::Whole => "whole",
            Region::TopRight => "top-right",
            Region::TopLeft => "top-left",
            Region::BottomRight => "bottom-right",
            Region::BottomLeft => "bottom-left",
        }
    }
}

/// How the grey pixels are turned into black and white before looking for the QR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preparation {
    /// The decoder's own row-wise moving-average threshold.
    Native,
    /// 2-D local mean threshold (Bradley–Roth) over a window of 1/16 of the long side.
    Adaptive,
    /// Histogram stretch (1st–99th percentile), then the adaptive threshold.
    StretchedAdaptive,
    /// Unsharp mask against blur, then the decoder's own threshold.
    Sharpened,
}

impl Preparation {
    fn name(self) -> &'static str {
        match self {
            Preparation::Native => "native",
            Preparation::Adaptive => "adaptive",
            Preparation::StretchedAdaptive => "stretched",
            Preparation::Sharpened => "sharpened",
        }
    }
}

/// One way of looking: a region, scaled so its long side is at most `long_side` pixels
/// (or, when `enlarge`, doubled up to `long_side`), prepared in one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Strategy {
    pub region: Region,
    pub long_side: u32,
    pub enlarge: bool,
    pub preparation: Preparation,
}

impl Strategy {
    const fn new(region: Region, long_side: u32, preparation: Preparation) -> Strategy {
        Strategy {
            region,
            long_side,
            enlarge: false,
            preparation,
        }
    }

    /// A short description such as `top-right@1400/adaptive`.
    pub fn describe(&self) -> String {
        format!(
            "{}@{}{}/{}",
            self.region.name(),
            self.long_side,
            if self.enlarge { "+" } else { "" },
            self.preparation.name()
        )
    }
}

/// The strategies for an image whose long side is `long_side`, in the order they are tried.
pub fn strategies_for(long_side: u32) -> Vec<Strategy> {
    use Preparation::*;
    let mut list = vec![
        Strategy::new(Region::Whole, 1024, Native),
        Strategy::new(Region::Whole, 1600, Native),
        Strategy::new(Region::Whole, 1024, Adaptive),
    ];
    for corner in Region::CORNERS {
        list.push(Strategy::new(corner, 1400, Native));
        list.push(Strategy::new(corner, 1400, Adaptive));
    }
    list.push(Strategy::new(Region::Whole, 1600, Adaptive));
    list.push(Strategy::new(Region::Whole, 1600, StretchedAdaptive));
    list.push(Strategy::new(Region::Whole, 1600, Sharpened));
    for corner in Region::CORNERS {
        list.push(Strategy::new(corner, 1400, Sharpened));
    }
    // Large photos: the corners again with the detail the reductions lost.
    for preparation in [Native, Adaptive] {
        for corner in Region::CORNERS {
            list.push(Strategy::new(corner, 2600, preparation));
        }
    }
    if long_side < 1400 {
        // Low-resolution photos: a small QR has too few pixels per module; enlarge it.
        for region in [Region::Whole].into_iter().chain(Region::CORNERS) {
            for preparation in [Native, Adaptive] {
                list.push(Strategy {
                    region,
                    long_side: 1600,
                    enlarge: true,
                    preparation,
                });
            }
        }
    }
    list.dedup_by(|b, a| {
        // Scales that give the same pixels for this image are the same strategy.
        a.region == b.region
            && a.preparation == b.preparation
            && a.enlarge == b.enlarge
            && a.long_side.min(long_side) == b.long_side.min(long_side)
    });
    let mut seen: Vec<Strategy> = Vec::new();
    list.retain(|s| {
        let key = Strategy {
            long_side: if s.enlarge {
                s.long_side
            } else {
                s.long_side.min(long_side)
            },
            ..*s
        };
        let fresh = !seen.contains(&key);
        seen.push(key);
        fresh
    });
    list
}

/// Crops `region` out of `image` and resamples it to the strategy's size: area averaging
/// when shrinking, bilinear when enlarging.
fn view(image: &GrayImage, strategy: &Strategy) -> GrayImage {
    let (x, y, w, h) = strategy.region.rect(image.width(), image.height());
    let long = w.max(h);
    let target = if strategy.enlarge {
        (2 * long).min(strategy.long_side).max(long)
    } else {
        strategy.long_side.min(long)
    };
    let (tw, th) = (
        (u64::from(w) * u64::from(target) / u64::from(long)).max(1) as u32,
        (u64::from(h) * u64::from(target) / u64::from(long)).max(1) as u32,
    );
    if tw == w && th == h {
        return image::imageops::crop_imm(image, x, y, w, h).to_image();
    }
    if target > long {
        return enlarge(image, (x, y, w, h), tw, th);
    }
    shrink(image, (x, y, w, h), tw, th)
}

fn shrink(image: &GrayImage, (x0, y0, w, h): (u32, u32, u32, u32), tw: u32, th: u32) -> GrayImage {
    let stride = image.width() as usize;
    let src = image.as_raw();
    let (x0, w) = (x0 as usize, w as usize);
    // Column edges of each output pixel, relative to x0; every span at least one pixel.
    let edges: Vec<(usize, usize)> = (0..tw as usize)
        .map(|i| {
            let a = i * w / tw as usize;
            let b = ((i + 1) * w / tw as usize).max(a + 1).min(w);
            (a, b)
        })
        .collect();
    let mut out = Vec::with_capacity(tw as usize * th as usize);
    // Rows of a band are first added column-wise (vectorises), then spans are summed.
    let mut column_sums = vec![0u32; w];
    for j in 0..th {
        let ya = y0 as usize + (u64::from(j) * u64::from(h) / u64::from(th)) as usize;
        let yb =
            (y0 as usize + (u64::from(j + 1) * u64::from(h) / u64::from(th)) as usize).max(ya + 1);
        column_sums.fill(0);
        for yy in ya..yb {
            let row = &src[yy * stride + x0..yy * stride + x0 + w];
            for (sum, &p) in column_sums.iter_mut().zip(row) {
                *sum += u32::from(p);
            }
        }
        let rows = (yb - ya) as u32;
        for &(a, b) in &edges {
            let n = (b - a) as u32 * rows;
            let sum: u32 = column_sums[a..b].iter().sum();
            out.push(((sum + n / 2) / n) as u8);
        }
    }
    GrayImage::from_raw(tw, th, out).unwrap_or_default()
}

/// Halves both sides, each output pixel the mean of a 2 × 2 block (a last odd row or column
/// is dropped).
pub(crate) fn halve(image: &GrayImage) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let (hw, hh) = (w / 2, h / 2);
    let src = image.as_raw();
    let mut out = vec![0u8; hw * hh];
    for (y, out_row) in out.chunks_exact_mut(hw.max(1)).enumerate().take(hh) {
        let top = &src[2 * y * w..2 * y * w + 2 * hw];
        let bottom = &src[(2 * y + 1) * w..(2 * y + 1) * w + 2 * hw];
        for ((pixel, t), b) in out_row
            .iter_mut()
            .zip(top.chunks_exact(2))
            .zip(bottom.chunks_exact(2))
        {
            let sum = u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]);
            *pixel = ((sum + 2) / 4) as u8;
        }
    }
    GrayImage::from_raw(hw as u32, hh as u32, out).unwrap_or_default()
}

fn enlarge(image: &GrayImage, (x0, y0, w, h): (u32, u32, u32, u32), tw: u32, th: u32) -> GrayImage {
    let sx = w as f32 / tw as f32;
    let sy = h as f32 / th as f32;
    GrayImage::from_fn(tw, th, |i, j| {
        let fx = ((i as f32 + 0.5) * sx - 0.5).clamp(0.0, (w - 1) as f32);
        let fy = ((j as f32 + 0.5) * sy - 0.5).clamp(0.0, (h - 1) as f32);
        let (ix, iy) = (fx as u32, fy as u32);
        let (ax, ay) = (fx - ix as f32, fy - iy as f32);
        let (jx, jy) = ((ix + 1).min(w - 1), (iy + 1).min(h - 1));
        let p = |x: u32, y: u32| f32::from(image.get_pixel(x0 + x, y0 + y).0[0]);
        let top = p(ix, iy) * (1.0 - ax) + p(jx, iy) * ax;
        let bottom = p(ix, jy) * (1.0 - ax) + p(jx, jy) * ax;
        image::Luma([(top * (1.0 - ay) + bottom * ay).round() as u8])
    })
}

/// Summed-area table with one extra zero row and column.
fn integral(image: &GrayImage) -> Vec<u32> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let mut table = vec![0u32; (w + 1) * (h + 1)];
    for (y, row) in image.as_raw().chunks_exact(w).enumerate() {
        let mut running = 0u32;
        for (x, &p) in row.iter().enumerate() {
            running += u32::from(p);
            // Views are at most 2600 px square, so no sum reaches 2^32 (255 × 6.8 M).
            table[(y + 1) * (w + 1) + x + 1] = table[y * (w + 1) + x + 1] + running;
        }
    }
    table
}

/// Bradley–Roth: a pixel is black when darker than `(100 - percent)`% of the mean of the
/// square window around it.
fn adaptive_binarise(image: &GrayImage, percent: u32) -> Vec<bool> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let radius = (w.max(h) / 32).max(6);
    let table = integral(image);
    let src = image.as_raw();
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let (ya, yb) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        for x in 0..w {
            let (xa, xb) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            let sum = table[yb * (w + 1) + xb] + table[ya * (w + 1) + xa]
                - table[ya * (w + 1) + xb]
                - table[yb * (w + 1) + xa];
            let count = ((xb - xa) * (yb - ya)) as u64;
            let pixel = u64::from(src[y * w + x]);
            out.push(pixel * count * 100 < u64::from(sum) * u64::from(100 - percent));
        }
    }
    out
}

/// Maps the 1st–99th percentile of grey levels to 0–255.
fn stretch(image: &mut GrayImage) {
    let mut histogram = [0usize; 256];
    for &p in image.as_raw() {
        histogram[usize::from(p)] += 1;
    }
    let total = image.as_raw().len();
    let percentile = |fraction: usize| {
        let mut seen = 0;
        histogram
            .iter()
            .position(|&n| {
                seen += n;
                seen * 100 >= total * fraction
            })
            .unwrap_or(255) as i32
    };
    let (low, high) = (percentile(1), percentile(99));
    if high - low < 8 {
        return;
    }
    for p in image.iter_mut() {
        *p = ((i32::from(*p) - low) * 255 / (high - low)).clamp(0, 255) as u8;
    }
}

/// Unsharp mask: `p + (p - mean of 5×5 around p)`.
fn sharpen(image: &GrayImage) -> GrayImage {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let table = integral(image);
    let src = image.as_raw();
    let radius = 2;
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let (ya, yb) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        for x in 0..w {
            let (xa, xb) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            let sum = table[yb * (w + 1) + xb] + table[ya * (w + 1) + xa]
                - table[ya * (w + 1) + xb]
                - table[yb * (w + 1) + xa];
            let mean = (sum / ((xb - xa) * (yb - ya)) as u32) as i32;
            let p = i32::from(src[y * w + x]);
            out.push((2 * p - mean).clamp(0, 255) as u8);
        }
    }
    GrayImage::from_raw(w as u32, h as u32, out).unwrap_or_default()
}

/// Every payload the QR decoder reads from a prepared image, as raw bytes.
macro_rules! decode_all {
    ($prepared:expr) => {{
        let mut payloads = Vec::new();
        for grid in $prepared.detect_grids() {
            let mut bytes = Vec::new();
            if grid.decode_to(&mut bytes).is_ok() && !bytes.is_empty() {
                payloads.push(bytes);
            }
        }
        payloads
    }};
}

/// Runs the QR decoder; should it panic on some odd pixel pattern, that attempt counts as
/// reading nothing (where panics unwind: native and mobile builds).
fn guarded(decode: impl FnOnce() -> Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode)).unwrap_or_default()
}

/// Applies one strategy to `image`; returns every payload read.
pub fn run_strategy(image: &GrayImage, strategy: &Strategy) -> Vec<Vec<u8>> {
    // The smallest QR code (version 1) is 21 modules wide.
    if image.width() < 21 || image.height() < 21 {
        return Vec::new();
    }
    let mut pixels = view(image, strategy);
    if pixels.width() < 21 || pixels.height() < 21 {
        return Vec::new();
    }
    let (w, h) = (pixels.width() as usize, pixels.height() as usize);
    match strategy.preparation {
        Preparation::Native | Preparation::Sharpened => {
            if strategy.preparation == Preparation::Sharpened {
                pixels = sharpen(&pixels);
            }
            let raw = pixels.as_raw();
            guarded(|| {
                let mut prepared =
                    PreparedImage::prepare_from_greyscale(w, h, |x, y| raw[y * w + x]);
                decode_all!(prepared)
            })
        }
        Preparation::Adaptive | Preparation::StretchedAdaptive => {
            if strategy.preparation == Preparation::StretchedAdaptive {
                stretch(&mut pixels);
            }
            let black = adaptive_binarise(&pixels, 12);
            guarded(|| {
                let mut prepared =
                    PreparedImage::prepare_from_bitmap(w, h, |x, y| black[y * w + x]);
                decode_all!(prepared)
            })
        }
    }
}

/// Long side from which views that need no more than half the resolution are cut from a
/// copy reduced once.
pub const HALF_FROM: u32 = 3200;

/// The pixels a search looks at: the image at full resolution and, for large photos, a copy
/// at half resolution that the reduced views are cut from. The full image can be left to be
/// produced when a strategy first needs it, so a photo read from the half copy never pays
/// for it.
pub struct Pyramid<'a> {
    long_side: u32,
    half: Option<GrayImage>,
    full: FullImage<'a>,
}

enum FullImage<'a> {
    Borrowed(&'a GrayImage),
    Owned(GrayImage),
    Pending(Box<dyn FnOnce() -> Option<GrayImage> + 'a>),
    Unavailable,
}

impl<'a> Pyramid<'a> {
    /// From a full-resolution image; large ones get a half copy by 2 × 2 averaging.
    pub fn from_full(image: &'a GrayImage) -> Pyramid<'a> {
        Pyramid {
            long_side: image.width().max(image.height()),
            half: halved_if_large(image),
            full: FullImage::Borrowed(image),
        }
    }

    /// Like [`Pyramid::from_full`], owning the image.
    pub fn from_owned(image: GrayImage) -> Pyramid<'a> {
        Pyramid {
            long_side: image.width().max(image.height()),
            half: halved_if_large(&image),
            full: FullImage::Owned(image),
        }
    }

    /// From a half-resolution copy of an image whose long side is `long_side`, and a way to
    /// produce the full image (`None` if it cannot be) the first time a strategy needs it.
    pub fn from_half(
        long_side: u32,
        half: GrayImage,
        full: impl FnOnce() -> Option<GrayImage> + 'a,
    ) -> Pyramid<'a> {
        Pyramid {
            long_side,
            half: Some(half),
            full: FullImage::Pending(Box::new(full)),
        }
    }

    /// The long side of the full image.
    pub fn long_side(&self) -> u32 {
        self.long_side
    }

    /// The half-resolution copy, if the image is large enough to have one.
    pub fn half(&self) -> Option<&GrayImage> {
        self.half.as_ref()
    }

    /// The full image, produced now if it was left for later.
    pub fn full(&mut self) -> Option<&GrayImage> {
        if let FullImage::Pending(_) = self.full {
            if let FullImage::Pending(produce) =
                std::mem::replace(&mut self.full, FullImage::Unavailable)
            {
                if let Some(image) = produce() {
                    self.full = FullImage::Owned(image);
                }
            }
        }
        match &self.full {
            FullImage::Borrowed(image) => Some(image),
            FullImage::Owned(image) => Some(image),
            FullImage::Pending(_) | FullImage::Unavailable => None,
        }
    }

    /// The image `strategy` is cut from: the half copy when it holds enough pixels for the
    /// strategy's size, else the full image.
    fn source_for(&mut self, strategy: &Strategy) -> Option<&GrayImage> {
        let from_half = match self.half() {
            Some(half) if !strategy.enlarge => {
                let (_, _, w, h) = strategy.region.rect(half.width(), half.height());
                w.max(h) >= strategy.long_side
            }
            _ => false,
        };
        if from_half {
            self.half()
        } else {
            self.full()
        }
    }
}

fn halved_if_large(image: &GrayImage) -> Option<GrayImage> {
    (image.width().max(image.height()) >= HALF_FROM).then(|| halve(image))
}

/// Tries `strategies` on `pyramid` in order; returns the first payload `accept` takes, with
/// the strategy that found it. Payloads refused are collected in `seen`, and the search stops
/// after the first strategy that read any.
pub fn scan(
    pyramid: &mut Pyramid<'_>,
    strategies: &[Strategy],
    accept: &mut dyn FnMut(&[u8]) -> bool,
    seen: &mut Vec<Vec<u8>>,
) -> Option<(Vec<u8>, Strategy)> {
    for strategy in strategies {
        let Some(source) = pyramid.source_for(strategy) else {
            continue;
        };
        for payload in run_strategy(source, strategy) {
            if accept(&payload) {
                return Some((payload, *strategy));
            }
            if !seen.contains(&payload) {
                seen.push(payload);
            }
        }
        if !seen.is_empty() {
            // A QR code was read cleanly (its error correction agreed) and refused: looking
            // harder would read the same code again.
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_overlap_and_stay_inside_the_image() {
        for region in Region::CORNERS {
            let (x, y, w, h) = region.rect(1001, 667);
            assert!(x + w <= 1001 && y + h <= 667);
            assert!(w > 1001 / 2 && h > 667 / 2);
        }
    }

    #[test]
    fn shrinking_averages_and_enlarging_interpolates() {
        let image = GrayImage::from_fn(4, 2, |x, _| image::Luma([if x < 2 { 0 } else { 200 }]));
        let small = shrink(&image, (0, 0, 4, 2), 2, 1);
        assert_eq!(small.as_raw(), &vec![0, 200]);
        let big = enlarge(&image, (0, 0, 4, 2), 8, 4);
        assert_eq!(big.get_pixel(0, 0).0[0], 0);
        assert_eq!(big.get_pixel(7, 3).0[0], 200);
        let middle = big.get_pixel(4, 0).0[0];
        assert!(middle > 0 && middle < 200, "{middle}");
    }

    #[test]
    fn halving_averages_two_by_two_blocks() {
        let image = GrayImage::from_fn(5, 3, |x, y| image::Luma([(x * 10 + y * 100) as u8]));
        let half = halve(&image);
        assert_eq!(half.dimensions(), (2, 1));
        assert_eq!(half.as_raw(), &vec![55, 75]);
        assert_eq!(halve(&GrayImage::new(1, 1)).dimensions(), (0, 0));
    }

    #[test]
    fn the_full_image_is_produced_only_for_strategies_that_need_it() {
        let full = GrayImage::from_pixel(4000, 3000, image::Luma([200]));
        let produced = std::cell::Cell::new(0);
        let mut pyramid = Pyramid::from_half(4000, halve(&full), || {
            produced.set(produced.get() + 1);
            Some(full.clone())
        });
        let reduced = [
            Strategy::new(Region::Whole, 1024, Preparation::Native),
            Strategy::new(Region::Whole, 1600, Preparation::Adaptive),
        ];
        assert_eq!(
            scan(&mut pyramid, &reduced, &mut |_| true, &mut Vec::new()),
            None
        );
        assert_eq!(produced.get(), 0);
        let detailed = [
            Strategy::new(Region::TopRight, 1400, Preparation::Native),
            Strategy::new(Region::TopLeft, 2600, Preparation::Native),
        ];
        assert_eq!(
            scan(&mut pyramid, &detailed, &mut |_| true, &mut Vec::new()),
            None
        );
        assert_eq!(produced.get(), 1);
    }

    #[test]
    fn strategies_needing_a_full_image_that_cannot_be_produced_are_skipped() {
        let half = GrayImage::from_pixel(2000, 1500, image::Luma([90]));
        let mut pyramid = Pyramid::from_half(4000, half, || None);
        let strategies = strategies_for(pyramid.long_side());
        assert_eq!(
            scan(&mut pyramid, &strategies, &mut |_| true, &mut Vec::new()),
            None
        );
        assert!(pyramid.full().is_none());
    }

    #[test]
    fn adaptive_threshold_follows_uneven_light() {
        // Light falling from 220 on the left to 94 on the right, with a dot half as bright
        // as its surroundings on each side: both dots are black, nothing else is.
        let image = GrayImage::from_fn(64, 64, |x, y| {
            let base = 220 - 2 * x as u8;
            let dot = (x % 32 == 16) && y == 32;
            image::Luma([if dot { base / 2 } else { base }])
        });
        let black = adaptive_binarise(&image, 12);
        assert!(black[32 * 64 + 16] && black[32 * 64 + 48]);
        assert_eq!(black.iter().filter(|&&b| b).count(), 2);
    }

    #[test]
    fn every_image_size_gets_distinct_strategies() {
        for long_side in [300, 1000, 2000, 4000] {
            let list = strategies_for(long_side);
            assert!(list.len() >= 8);
            for (i, a) in list.iter().enumerate() {
                assert!(!list[i + 1..].contains(a), "{} repeated", a.describe());
            }
        }
    }
}
