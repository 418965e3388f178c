//! Finding and decoding a QR code in an upright grey photo. A fixed list of strategies is
//! tried in order, cheapest and most likely first, until one yields a payload the caller
//! accepts: the whole image at a moderate and a larger scale, then the corner regions where
//! the QR of an ID card sits, each with the decoder's own thresholding, then with a 2-D
//! adaptive binarisation (uneven light), a contrast stretch and a sharpening (blur).

use super::locate::{self, Corners};
use super::pyramid::{Pyramid, Rect};
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
    // The adaptive look at 1024 px comes before the larger native one: where it finds a code
    // it cannot read (too few pixels per module), the code is read from a crop (see `scan`),
    // which costs far less than a whole-image pass at 1600 px.
    let mut list = vec![
        Strategy::new(Region::Whole, 1024, Native),
        Strategy::new(Region::Whole, 1024, Adaptive),
        Strategy::new(Region::Whole, 1600, Native),
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

/// The size of the view a strategy takes of a `w × h` region.
fn view_size(w: u32, h: u32, strategy: &Strategy) -> (u32, u32) {
    let long = w.max(h);
    let target = if strategy.enlarge {
        (2 * long).min(strategy.long_side).max(long)
    } else {
        strategy.long_side.min(long)
    };
    scaled_to(w, h, target)
}

/// `w × h` scaled so that its long side is `target`.
fn scaled_to(w: u32, h: u32, target: u32) -> (u32, u32) {
    let long = u64::from(w.max(h));
    (
        (u64::from(w) * u64::from(target) / long).max(1) as u32,
        (u64::from(h) * u64::from(target) / long).max(1) as u32,
    )
}

/// Crops `region` out of `image` and resamples it to the strategy's size: area averaging
/// when shrinking, bilinear when enlarging.
fn view(image: &GrayImage, strategy: &Strategy) -> GrayImage {
    let (x, y, w, h) = strategy.region.rect(image.width(), image.height());
    let long = w.max(h);
    let (tw, th) = view_size(w, h, strategy);
    let target = tw.max(th);
    if tw == w && th == h {
        return image::imageops::crop_imm(image, x, y, w, h).to_image();
    }
    if target > long {
        return enlarge(image, (x, y, w, h), tw, th);
    }
    shrink(image, (x, y, w, h), tw, th)
}

/// The rounded mean of `n` grey pixels by a multiplication: a division per output pixel was a
/// tenth of the search's time. With `m = ⌈2³²/n⌉`, `⌊a·m / 2³²⌋ = ⌊a/n⌋` exactly whenever
/// `a·n < 2³²` (the error `a·(m·n − 2³²)/(n·2³²)` stays below `1/n`), which holds for the sums
/// of up to 256 pixels (`a < 2¹⁶`, `n ≤ 256`); larger spans divide.
#[derive(Clone, Copy)]
struct MeanOf {
    n: u32,
    reciprocal: Option<u64>,
}

impl MeanOf {
    fn new(n: u32) -> MeanOf {
        let n = n.max(1);
        let reciprocal = (n <= 256).then(|| (1u64 << 32).div_ceil(u64::from(n)));
        MeanOf { n, reciprocal }
    }

    /// `(sum + n / 2) / n`.
    fn of(self, sum: u32) -> u8 {
        let a = u64::from(sum + self.n / 2);
        match self.reciprocal {
            Some(m) => ((a * m) >> 32) as u8,
            None => (a / u64::from(self.n)) as u8,
        }
    }
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
    // Rows of a band are first added column-wise (vectorises), then turned into running sums
    // along the row, so that each output pixel's span is one subtraction.
    let mut column_sums = vec![0u32; w];
    let mut running = vec![0u32; w + 1];
    // The mean of each column span's pixels, for the band height it was made for.
    let mut means: Vec<MeanOf> = Vec::new();
    let mut counted_rows = 0;
    for j in 0..th {
        let ya = y0 as usize + (u64::from(j) * u64::from(h) / u64::from(th)) as usize;
        let yb =
            (y0 as usize + (u64::from(j + 1) * u64::from(h) / u64::from(th)) as usize).max(ya + 1);
        let first = &src[ya * stride + x0..ya * stride + x0 + w];
        for (sum, &p) in column_sums.iter_mut().zip(first) {
            *sum = u32::from(p);
        }
        for yy in ya + 1..yb {
            let row = &src[yy * stride + x0..yy * stride + x0 + w];
            for (sum, &p) in column_sums.iter_mut().zip(row) {
                *sum += u32::from(p);
            }
        }
        // Wrapping: a span's sum, the difference of two running sums, is exact whenever the
        // span's own sum fits in 32 bits (as the column sums must), however long the row.
        let mut total = 0u32;
        for (run, &sum) in running[1..].iter_mut().zip(&column_sums) {
            total = total.wrapping_add(sum);
            *run = total;
        }
        let rows = (yb - ya) as u32;
        if rows != counted_rows {
            means = edges
                .iter()
                .map(|&(a, b)| MeanOf::new((b - a) as u32 * rows))
                .collect();
            counted_rows = rows;
        }
        out.extend(
            edges
                .iter()
                .zip(&means)
                .map(|(&(a, b), mean)| mean.of(running[b].wrapping_sub(running[a]))),
        );
    }
    GrayImage::from_raw(tw, th, out).unwrap_or_default()
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
    let stride = w + 1;
    let mut table = vec![0u32; stride * (h + 1)];
    for (y, row) in image.as_raw().chunks_exact(w.max(1)).enumerate().take(h) {
        let (above, below) = table.split_at_mut((y + 1) * stride);
        let above = &above[y * stride + 1..];
        let below = &mut below[1..stride];
        let mut running = 0u32;
        for ((cell, &up), &p) in below.iter_mut().zip(above).zip(row) {
            running += u32::from(p);
            // Views are at most 2600 px square, so no sum reaches 2^32 (255 × 6.8 M).
            *cell = up + running;
        }
    }
    table
}

/// The sum and the number of the pixels within `radius` of `(x, y)`: a square window clipped
/// at the edges of the `w × h` image whose summed-area `table` ([`integral`]) this is.
fn window_around(
    table: &[u32],
    (w, h): (usize, usize),
    (x, y): (usize, usize),
    radius: usize,
) -> (u32, u32) {
    let (xa, xb) = (x.saturating_sub(radius), (x + radius + 1).min(w));
    let (ya, yb) = (y.saturating_sub(radius), (y + radius + 1).min(h));
    let sum = table[yb * (w + 1) + xb] + table[ya * (w + 1) + xa]
        - table[ya * (w + 1) + xb]
        - table[yb * (w + 1) + xa];
    (sum, ((xb - xa) * (yb - ya)) as u32)
}

/// Bradley–Roth: a pixel is black when darker than `(100 - percent)`% of the mean of the
/// square window around it (clipped at the image's edges).
fn adaptive_binarise(image: &GrayImage, percent: u32) -> Vec<bool> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let radius = (w.max(h) / 32).max(6);
    let table = integral(image);
    let stride = w + 1;
    let keep = u64::from(100 - percent);
    let mut out = vec![false; w * h];
    // Away from the left and right edges every window is `2·radius + 1` columns wide, so a
    // row's pixels there are compared along slices (no index arithmetic per pixel).
    let (inner_start, inner_end) = if w > 2 * radius {
        (radius, w - radius)
    } else {
        (0, 0)
    };
    let inner = inner_end - inner_start;
    for (y, (pixels, out_row)) in image
        .as_raw()
        .chunks_exact(w.max(1))
        .zip(out.chunks_exact_mut(w.max(1)))
        .enumerate()
        .take(h)
    {
        let (ya, yb) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        let rows = (yb - ya) as u64;
        let top = &table[ya * stride..(ya + 1) * stride];
        let bottom = &table[yb * stride..(yb + 1) * stride];
        for x in (0..inner_start).chain(inner_end..w) {
            let (sum, count) = window_around(&table, (w, h), (x, y), radius);
            out_row[x] = u64::from(pixels[x]) * u64::from(count) * 100 < u64::from(sum) * keep;
        }
        if inner == 0 {
            continue;
        }
        let span = 2 * radius + 1;
        let scale = span as u64 * rows * 100;
        let window_sums = bottom[span..span + inner]
            .iter()
            .zip(&top[..inner])
            .zip(&top[span..span + inner])
            .zip(&bottom[..inner])
            .map(|(((&br, &tl), &tr), &bl)| br + tl - tr - bl);
        for ((black, &pixel), sum) in out_row[inner_start..inner_end]
            .iter_mut()
            .zip(&pixels[inner_start..inner_end])
            .zip(window_sums)
        {
            *black = u64::from(pixel) * scale < u64::from(sum) * keep;
        }
    }
    out
}

/// `⌊a·(d − 1) / d⌋` by one multiplication, for `a < 2¹⁷` and `1 ≤ d ≤ 512`: with
/// `L = ⌈log₂ d⌉` and `m = ⌈2^(26+L) / d⌉`, the error `e = m·d − 2^(26+L)` is below
/// `d ≤ 2^L`, so for `n = a·(d − 1) < 2²⁶`, `n·e < 2^(26+L)` and `⌊n·m / 2^(26+L)⌋ = ⌊n / d⌋`;
/// `n·m` is computed as `a·((d − 1)·m)`, below 2⁶¹.
#[derive(Clone, Copy)]
struct DecayDivisor {
    multiplier: u64,
    shift: u32,
}

impl DecayDivisor {
    const MAX_VALUE: usize = 1 << 17;
    const MAX_DIVISOR: usize = 512;

    fn new(d: usize) -> DecayDivisor {
        let d = d.clamp(1, Self::MAX_DIVISOR);
        let l = usize::BITS - (d - 1).leading_zeros();
        let shift = 26 + l;
        DecayDivisor {
            multiplier: (1u64 << shift).div_ceil(d as u64) * (d as u64 - 1),
            shift,
        }
    }

    /// `⌊a·(d − 1) / d⌋`.
    fn decay(self, a: usize) -> usize {
        ((a as u64 * self.multiplier) >> self.shift) as usize
    }
}

/// The QR decoder's own threshold (`rqrr`'s `PreparedImage::prepare`: a moving average along
/// each row, run both ways, over `width / 8` pixels; black below 95 % of it), the same black
/// and white pixel for pixel, with its divisions done as multiplications: two divisions per
/// pixel were most of the decoder's preparation time on a large view.
fn native_binarise(image: &GrayImage) -> Vec<bool> {
    let window = (image.width() as usize / 8).max(1);
    // The running averages stay below 256·window.
    if window <= DecayDivisor::MAX_DIVISOR && 256 * window <= DecayDivisor::MAX_VALUE {
        let divisor = DecayDivisor::new(window);
        native_binarise_with(image, window, |a| divisor.decay(a))
    } else {
        native_binarise_with(image, window, |a| a * (window - 1) / window)
    }
}

/// [`native_binarise`] with `decay(a) = ⌊a·(window − 1) / window⌋`.
fn native_binarise_with(
    image: &GrayImage,
    window: usize,
    decay: impl Fn(usize) -> usize,
) -> Vec<bool> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let mut out = Vec::with_capacity(w * h);
    let mut row_average = vec![0usize; w];
    let (mut avg_v, mut avg_u) = (0usize, 0usize);
    for (y, row) in image.as_raw().chunks_exact(w.max(1)).enumerate().take(h) {
        row_average.fill(0);
        // Even rows: `v` runs right to left and `u` left to right; odd rows the other way.
        let (forward, backward) = if y % 2 == 0 {
            (&mut avg_u, &mut avg_v)
        } else {
            (&mut avg_v, &mut avg_u)
        };
        for x in 0..w {
            let back = w - 1 - x;
            *forward = decay(*forward) + usize::from(row[x]);
            *backward = decay(*backward) + usize::from(row[back]);
            row_average[x] += *forward;
            row_average[back] += *backward;
        }
        // `p < ⌊a·95 / (200·window)⌋` ⟺ `(p + 1)·200·window ≤ a·95`.
        for (&p, &average) in row.iter().zip(&row_average) {
            out.push((usize::from(p) + 1) * 200 * window <= average * 95);
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
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let (sum, count) = window_around(&table, (w, h), (x, y), 2);
            let mean = (sum / count) as i32;
            let p = i32::from(src[y * w + x]);
            out.push((2 * p - mean).clamp(0, 255) as u8);
        }
    }
    GrayImage::from_raw(w as u32, h as u32, out).unwrap_or_default()
}

/// What one look at an image gave: every payload read, as raw bytes, the corners of every
/// QR grid that was found but could not be read, and of every code the finder-pattern
/// locator (`qr::locate`) found, when it ran (in the looked-at view's pixels).
#[derive(Debug, Default)]
pub struct Reading {
    pub payloads: Vec<Vec<u8>>,
    pub unread: Vec<Corners>,
    pub located: Vec<Corners>,
}

/// Every payload the QR decoder reads from a prepared image, and the grids it could not read.
macro_rules! decode_all {
    ($prepared:expr) => {{
        let mut reading = Reading::default();
        for grid in $prepared.detect_grids() {
            let mut bytes = Vec::new();
            if grid.decode_to(&mut bytes).is_ok() && !bytes.is_empty() {
                reading.payloads.push(bytes);
            } else {
                reading
                    .unread
                    .push(grid.bounds.map(|p| (p.x as f32, p.y as f32)));
            }
        }
        reading
    }};
}

/// Runs the QR decoder; should it panic on some odd pixel pattern, that attempt counts as
/// reading nothing (where panics unwind: native and mobile builds).
fn guarded(decode: impl FnOnce() -> Reading) -> Reading {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode)).unwrap_or_default()
}

/// The view a strategy looks at, kept so that the next strategy with the same region and
/// scale (another preparation) reuses it instead of resampling the image again.
struct ViewCache {
    key: Option<(Region, u32, bool)>,
    pixels: GrayImage,
}

impl ViewCache {
    fn new() -> ViewCache {
        ViewCache {
            key: None,
            pixels: GrayImage::new(0, 0),
        }
    }

    fn get(&mut self, image: &GrayImage, strategy: &Strategy) -> &GrayImage {
        let key = (strategy.region, strategy.long_side, strategy.enlarge);
        if self.key != Some(key) {
            self.pixels = view(image, strategy);
            self.key = Some(key);
        }
        &self.pixels
    }
}

/// Applies one strategy to `image`, taking the view from `views` when the previous strategy
/// made it; returns every payload read, and where grids that could not be read are, in
/// `image`'s pixels. With `locate`, when nothing is read, the same bitmap is also searched
/// for finder patterns too small for the decoder (`qr::locate`).
fn run_strategy(
    image: &GrayImage,
    strategy: &Strategy,
    views: &mut ViewCache,
    locate: bool,
) -> Reading {
    // The smallest QR code (version 1) is 21 modules wide.
    if image.width() < 21 || image.height() < 21 {
        return Reading::default();
    }
    let pixels = views.get(image, strategy);
    if pixels.width() < 21 || pixels.height() < 21 {
        return Reading::default();
    }
    let (vw, vh) = (pixels.width() as usize, pixels.height() as usize);
    let black = binarise(pixels, strategy.preparation);
    let mut reading = read_bitmap(&black, vw, vh);
    if locate && reading.payloads.is_empty() {
        reading.located = locate::locate_codes(&black, vw, vh);
    }
    // Back from the view's pixels to the image's.
    let (x, y, w, h) = strategy.region.rect(image.width(), image.height());
    let (sx, sy) = (
        w as f32 / view_size(w, h, strategy).0 as f32,
        h as f32 / view_size(w, h, strategy).1 as f32,
    );
    for corners in reading.unread.iter_mut().chain(&mut reading.located) {
        for point in corners.iter_mut() {
            *point = (x as f32 + point.0 * sx, y as f32 + point.1 * sy);
        }
    }
    reading
}

/// Prepares `pixels` as `preparation` says and reads every QR code in them.
fn read_prepared(pixels: &GrayImage, preparation: Preparation) -> Reading {
    if pixels.width() < 21 || pixels.height() < 21 {
        return Reading::default();
    }
    let black = binarise(pixels, preparation);
    read_bitmap(&black, pixels.width() as usize, pixels.height() as usize)
}

/// `pixels` in black (`true`) and white, as `preparation` says.
fn binarise(pixels: &GrayImage, preparation: Preparation) -> Vec<bool> {
    match preparation {
        Preparation::Native => native_binarise(pixels),
        Preparation::Sharpened => native_binarise(&sharpen(pixels)),
        Preparation::Adaptive => adaptive_binarise(pixels, 12),
        Preparation::StretchedAdaptive => {
            let mut stretched = pixels.clone();
            stretch(&mut stretched);
            adaptive_binarise(&stretched, 12)
        }
    }
}

/// Reads every QR code in a `w × h` bitmap.
fn read_bitmap(black: &[bool], w: usize, h: usize) -> Reading {
    guarded(|| {
        let mut prepared = PreparedImage::prepare_from_bitmap(w, h, |x, y| black[y * w + x]);
        decode_all!(prepared)
    })
}

/// Long side, in pixels, at which a located QR code is read: at most this, else the full
/// detail of the crop (a card's QR then has 6 or more pixels per module).
pub const LOCATED_LONG_SIDE: u32 = 1200;

/// The preparations tried, in order, on a crop around a QR code that was located but not read.
const LOCATED_PREPARATIONS: [Preparation; 2] = [Preparation::Native, Preparation::Adaptive];

/// The rectangle `(x, y, width, height)` to crop around a grid with these corners, in an
/// image of `width × height`: the grid's bounding box grown by a quarter of its size on each
/// side (the quiet zone, and slack for corners found on a reduced image), kept inside.
fn crop_around(corners: &Corners, width: u32, height: u32) -> Option<Rect> {
    let xs = corners.map(|p| p.0);
    let ys = corners.map(|p| p.1);
    let (x0, x1) = (
        xs.iter().copied().fold(f32::MAX, f32::min),
        xs.iter().copied().fold(f32::MIN, f32::max),
    );
    let (y0, y1) = (
        ys.iter().copied().fold(f32::MAX, f32::min),
        ys.iter().copied().fold(f32::MIN, f32::max),
    );
    let margin = (x1 - x0).max(y1 - y0) / 4.0 + 8.0;
    let clamp_x = |v: f32| v.clamp(0.0, width as f32) as u32;
    let clamp_y = |v: f32| v.clamp(0.0, height as f32) as u32;
    let (left, right) = (clamp_x(x0 - margin), clamp_x(x1 + margin));
    let (top, bottom) = (clamp_y(y0 - margin), clamp_y(y1 + margin));
    (right >= left + 21 && bottom >= top + 21).then(|| (left, top, right - left, bottom - top))
}

/// Reads a crop around a located QR code at full detail (reduced to [`LOCATED_LONG_SIDE`] if
/// larger), with each of [`LOCATED_PREPARATIONS`] in turn, lazily.
fn read_located(crop: GrayImage) -> impl Iterator<Item = (Preparation, Vec<Vec<u8>>)> {
    let (w, h) = crop.dimensions();
    let crop = if w.max(h) > LOCATED_LONG_SIDE {
        let (tw, th) = scaled_to(w, h, LOCATED_LONG_SIDE);
        shrink(&crop, (0, 0, w, h), tw, th)
    } else {
        crop
    };
    LOCATED_PREPARATIONS
        .into_iter()
        .map(move |preparation| (preparation, read_prepared(&crop, preparation).payloads))
}

/// Tries `strategies` on `pyramid` in order; returns the first payload `accept` takes, with a
/// description of how it was found. Payloads refused are collected in `seen`, and the search
/// stops after the first strategy that read any. When a strategy finds a QR grid it cannot
/// read (too few pixels per module at its scale, say), the code is read again from a crop
/// around it at full detail before the next strategy: locating is cheap on a reduced image,
/// reading needs the detail only where the code is.
/// `crop_located` is off only to compare with the search without crops (tests).
pub fn scan(
    pyramid: &mut Pyramid<'_>,
    strategies: &[Strategy],
    accept: &mut dyn FnMut(&[u8]) -> bool,
    seen: &mut Vec<Vec<u8>>,
    crop_located: bool,
) -> Option<(Vec<u8>, String)> {
    let mut cropped: Vec<Rect> = Vec::new();
    let mut views = ViewCache::new();
    for strategy in strategies {
        let long_side = pyramid.long_side();
        let source = pyramid.source(|half| {
            let (_, _, w, h) = strategy.region.rect(half.width(), half.height());
            !strategy.enlarge && w.max(h) >= strategy.long_side
        });
        let to_full = long_side as f32 / source.width().max(source.height()) as f32;
        let locate = crop_located && locates(strategy, long_side);
        let reading = run_strategy(source, strategy, &mut views, locate);
        for payload in reading.payloads {
            if accept(&payload) {
                return Some((payload, strategy.describe()));
            }
            if !seen.contains(&payload) {
                seen.push(payload);
            }
        }
        if crop_located && seen.is_empty() {
            let (width, height) = pyramid.full_size();
            let unread = reading
                .unread
                .iter()
                .filter(|c| square_enough(c))
                .map(|c| (c, "qr"));
            let located = reading.located.iter().map(|c| (c, "finders"));
            for (corners, found_as) in unread.chain(located) {
                let corners = corners.map(|(x, y)| (x * to_full, y * to_full));
                let Some(rect) = crop_around(&corners, width, height) else {
                    continue;
                };
                if cropped.iter().any(|&done| covers(done, rect)) {
                    continue;
                }
                cropped.push(rect);
                let crop = pyramid.crop_full(rect);
                for (preparation, payloads) in read_located(crop) {
                    for payload in payloads {
                        if accept(&payload) {
                            let how = format!(
                                "{}→{found_as}/{}",
                                strategy.describe(),
                                preparation.name()
                            );
                            return Some((payload, how));
                        }
                        if !seen.contains(&payload) {
                            seen.push(payload);
                        }
                    }
                    if !seen.is_empty() {
                        return None;
                    }
                }
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

/// Whether a grid the decoder found but could not read has the shape of a whole code: no
/// side more than [`locate::MAX_SIDE_RATIO`] times another (the bound the finder-pattern
/// locator puts on a code's two sides from its corner finder). A grid the decoder puts together from part
/// of a code, with a finder-like patch of its data as a corner, is lopsided; the crop around
/// it does not hold the code, and reading it twice would only delay the crop around the code
/// itself. A whole code seen in steep perspective (its near side more than 1.5 times its far
/// side) is refused too: the locator's crop, or the later whole-image strategies, read it.
fn square_enough(corners: &Corners) -> bool {
    let side = |i: usize| {
        let (a, b) = (corners[i], corners[(i + 1) % 4]);
        (b.0 - a.0).hypot(b.1 - a.1)
    };
    let sides = [side(0), side(1), side(2), side(3)];
    let shortest = sides.iter().copied().fold(f32::MAX, f32::min);
    let longest = sides.iter().copied().fold(f32::MIN, f32::max);
    longest <= shortest * locate::MAX_SIDE_RATIO
}

/// Long side of the view on which the finder-pattern locator runs.
pub const LOCATE_LONG_SIDE: u32 = 1024;

/// Whether `strategy`'s bitmap is also searched for finder patterns (`qr::locate`): the
/// adaptive look at the whole image at [`LOCATE_LONG_SIDE`], the last look at that view, when
/// the full image holds at least half as much detail again for the crop.
fn locates(strategy: &Strategy, long_side: u32) -> bool {
    strategy.region == Region::Whole
        && strategy.preparation == Preparation::Adaptive
        && !strategy.enlarge
        && strategy.long_side == LOCATE_LONG_SIDE
        && 2 * long_side >= 3 * LOCATE_LONG_SIDE
}

/// Whether crop `a` already holds crop `b`: at least nine tenths of `b` lies inside `a`. (A
/// crop around a wrong grid the decoder put together from part of a code holds the centre
/// of the crop around the whole code, but not the code.)
fn covers(a: Rect, b: Rect) -> bool {
    let overlap = |a0: u32, a1: u32, b0: u32, b1: u32| {
        u64::from((a0 + a1).min(b0 + b1).saturating_sub(a0.max(b0)))
    };
    let inside = overlap(a.0, a.2, b.0, b.2) * overlap(a.1, a.3, b.1, b.3);
    10 * inside >= 9 * u64::from(b.2) * u64::from(b.3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::metadata::Orientation;

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
    fn shrinking_gives_each_output_pixel_the_rounded_mean_of_its_span() {
        let image = crate::qr::pyramid::noise(517, 389);
        for (rect, tw, th) in [
            ((0, 0, 517, 389), 260, 190),
            ((13, 7, 480, 360), 241, 181),
            ((100, 50, 301, 299), 97, 113),
            ((0, 0, 517, 389), 517, 130),
        ] {
            let (x0, y0, w, h) = rect;
            let small = shrink(&image, rect, tw, th);
            for j in 0..th {
                let ya = j * h / th;
                let yb = ((j + 1) * h / th).max(ya + 1);
                for i in 0..tw {
                    let xa = i * w / tw;
                    let xb = ((i + 1) * w / tw).max(xa + 1).min(w);
                    let (mut sum, mut n) = (0, 0);
                    for y in ya..yb {
                        for x in xa..xb {
                            sum += image.get_pixel(x0 + x, y0 + y).0[0] as u32;
                            n += 1;
                        }
                    }
                    let mean = ((sum + n / 2) / n) as u8;
                    assert_eq!(small.get_pixel(i, j).0[0], mean, "{rect:?} → ({i}, {j})");
                }
            }
        }
    }

    #[test]
    fn the_full_image_is_turned_upright_only_for_strategies_that_need_it() {
        let stored = GrayImage::from_pixel(3000, 4000, image::Luma([200]));
        let mut pyramid = Pyramid::from_stored(stored, Orientation::Rotate90);
        let reduced = [
            Strategy::new(Region::Whole, 1024, Preparation::Native),
            Strategy::new(Region::Whole, 1600, Preparation::Adaptive),
        ];
        assert_eq!(
            scan(&mut pyramid, &reduced, &mut |_| true, &mut Vec::new(), true),
            None
        );
        assert!(!pyramid.full_is_upright());
        let detailed = [
            Strategy::new(Region::TopRight, 1400, Preparation::Native),
            Strategy::new(Region::TopLeft, 2600, Preparation::Native),
        ];
        assert_eq!(
            scan(
                &mut pyramid,
                &detailed,
                &mut |_| true,
                &mut Vec::new(),
                true
            ),
            None
        );
        assert!(pyramid.full_is_upright());
    }

    #[test]
    fn means_by_multiplication_equal_rounded_division() {
        for n in 1..=300u32 {
            let mean = MeanOf::new(n);
            for sum in (0..=255 * n).step_by(1 + n as usize / 7) {
                assert_eq!(u32::from(mean.of(sum)), (sum + n / 2) / n, "{sum} / {n}");
            }
            assert_eq!(u32::from(mean.of(255 * n)), 255);
        }
    }

    #[test]
    fn only_grids_shaped_like_a_whole_code_are_cropped() {
        // Grids found in the bench's photos: codes seen square, tilted and in perspective…
        let codes: [Corners; 4] = [
            [
                (1554.7, 1158.2),
                (1591.8, 1427.7),
                (1320.3, 1455.1),
                (1287.1, 1193.4),
            ],
            [
                (751.3, 737.5),
                (728.8, 853.8),
                (620.0, 821.3),
                (635.0, 706.3),
            ],
            [(371.0, 49.0), (463.0, 17.0), (496.0, 110.0), (402.0, 142.0)],
            [(135.0, 20.0), (212.0, 51.0), (182.0, 128.0), (103.0, 96.0)],
        ];
        // …and two the decoder put together from the left part of one code.
        let parts: [Corners; 2] = [
            [
                (548.8, 455.1),
                (662.1, 484.4),
                (650.4, 640.6),
                (533.2, 654.3),
            ],
            [
                (548.8, 462.9),
                (691.4, 476.6),
                (580.1, 607.4),
                (535.2, 625.0),
            ],
        ];
        for code in &codes {
            assert!(square_enough(code), "{code:?}");
        }
        for part in &parts {
            assert!(!square_enough(part), "{part:?}");
        }
        // The bound itself: 1.4 to 1 is kept, 1.6 to 1 refused, whichever side is long.
        let rectangle = |w: f32, h: f32| [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
        assert!(square_enough(&rectangle(140.0, 100.0)));
        assert!(square_enough(&rectangle(100.0, 140.0)));
        assert!(!square_enough(&rectangle(160.0, 100.0)));
        assert!(!square_enough(&rectangle(100.0, 160.0)));
    }

    #[test]
    fn a_crop_around_a_grid_keeps_a_quiet_zone_and_stays_inside() {
        let corners = [
            (100.0, 100.0),
            (300.0, 100.0),
            (300.0, 300.0),
            (100.0, 300.0),
        ];
        let (x, y, w, h) = crop_around(&corners, 1000, 1000).unwrap();
        assert!(x <= 50 && y <= 50 && x + w >= 350 && y + h >= 350);
        let (x, y, w, h) = crop_around(&corners, 320, 310).unwrap();
        assert!(x + w <= 320 && y + h <= 310);
        assert!(crop_around(&[(5.0, 5.0); 4], 20, 20).is_none());
        assert!(covers((0, 0, 400, 400), (50, 50, 300, 300)));
        assert!(!covers((0, 0, 400, 400), (500, 50, 300, 300)));
        // A crop around part of a code does not hold the crop around the whole code.
        assert!(!covers((958, 802, 473, 614), (947, 791, 660, 655)));
        assert!(covers((947, 791, 660, 655), (958, 802, 473, 614)));
    }

    #[test]
    fn decay_by_multiplication_is_exact() {
        for d in 1..=DecayDivisor::MAX_DIVISOR {
            let divisor = DecayDivisor::new(d);
            let mut a = 0;
            while a < DecayDivisor::MAX_VALUE {
                for b in [a, a + 1, a + d - 1, a + d] {
                    assert_eq!(divisor.decay(b), b * (d - 1) / d, "{b}·({d} − 1) / {d}");
                }
                a += 1 + a / 64 + d / 3;
            }
            let last = DecayDivisor::MAX_VALUE - 1;
            assert_eq!(divisor.decay(last), last * (d - 1) / d, "{last} / {d}");
        }
    }

    #[test]
    fn the_native_threshold_matches_the_decoders_own() {
        let mut state = 0x9E37_79B9_u32;
        for (w, h) in [(1, 1), (7, 30), (64, 48), (333, 20), (1030, 9), (4200, 3)] {
            let image = GrayImage::from_fn(w, h, |x, y| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                // Gradients, stripes and noise: values on both sides of the threshold.
                let base = (x * 255 / w.max(1)) as i32 - (y % 40) as i32 * 3;
                let stripe = if (x / 3 + y / 5) % 2 == 0 { 60 } else { -60 };
                let noise = (state >> 27) as i32 - 16;
                image::Luma([(base + stripe + noise).clamp(0, 255) as u8])
            });
            let (wu, hu) = (w as usize, h as usize);
            let raw = image.as_raw();
            let expected = PreparedImage::prepare_from_greyscale(wu, hu, |x, y| raw[y * wu + x]);
            let black = native_binarise(&image);
            assert_eq!(black.len(), wu * hu);
            let mut blacks = 0;
            for y in 0..hu {
                for x in 0..wu {
                    assert_eq!(
                        expected.get_pixel_at(x, y) == 1u8,
                        black[y * wu + x],
                        "{w}×{h} at ({x}, {y})"
                    );
                    blacks += usize::from(black[y * wu + x]);
                }
            }
            // Under 16 px wide the window is one pixel and nothing is ever black.
            assert!(
                w < 16 || (blacks > 0 && blacks < wu * hu),
                "{w}×{h}: {blacks}"
            );
        }
    }

    #[test]
    fn the_summed_area_table_holds_the_sum_above_and_left_of_each_cell() {
        let image = GrayImage::from_fn(23, 17, |x, y| image::Luma([(x * 37 + y * 101) as u8]));
        let table = integral(&image);
        assert_eq!(table.len(), 24 * 18);
        for y in 0..=17u32 {
            for x in 0..=23u32 {
                let mut sum = 0u32;
                for yy in 0..y {
                    for xx in 0..x {
                        sum += u32::from(image.get_pixel(xx, yy).0[0]);
                    }
                }
                assert_eq!(table[(y * 24 + x) as usize], sum, "({x}, {y})");
            }
        }
        // A window clipped at a corner, one inside, one as large as the image.
        for ((x, y), radius, (x0, x1, y0, y1)) in [
            ((1, 0), 3, (0, 5, 0, 4)),
            ((10, 8), 2, (8, 13, 6, 11)),
            ((11, 8), 40, (0, 23, 0, 17)),
        ] {
            let mut sum = 0u32;
            for yy in y0..y1 {
                for xx in x0..x1 {
                    sum += u32::from(image.get_pixel(xx, yy).0[0]);
                }
            }
            let count = (x1 - x0) * (y1 - y0);
            assert_eq!(
                window_around(&table, (23, 17), (x as usize, y as usize), radius),
                (sum, count)
            );
        }
    }

    /// Bradley–Roth as written first: each pixel's window from the summed-area table.
    fn adaptive_binarise_by_pixel(image: &GrayImage, percent: u32) -> Vec<bool> {
        let (w, h) = (image.width() as usize, image.height() as usize);
        let radius = (w.max(h) / 32).max(6);
        let table = integral(image);
        let mut out = Vec::with_capacity(w * h);
        for y in 0..h {
            for x in 0..w {
                let (sum, count) = window_around(&table, (w, h), (x, y), radius);
                let pixel = u64::from(image.as_raw()[y * w + x]);
                let count = u64::from(count);
                out.push(pixel * count * 100 < u64::from(sum) * u64::from(100 - percent));
            }
        }
        out
    }

    #[test]
    fn the_adaptive_threshold_is_the_same_along_slices_as_pixel_by_pixel() {
        let mut state = 0x1234_5678u32;
        for (w, h) in [
            (1024, 683),
            (640, 480),
            (13, 40),
            (12, 12),
            (40, 13),
            (1, 1),
            (300, 1),
        ] {
            let image = GrayImage::from_fn(w, h, |x, y| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                // Light falling off across the image, with noise and dark blocks on it.
                let light = 200 - (x * 120 / w.max(1)) as i32;
                let block = if (x / 7 + y / 5) % 3 == 0 { -90 } else { 0 };
                image::Luma([(light + block + (state % 41) as i32 - 20).clamp(0, 255) as u8])
            });
            for percent in [12, 0, 40] {
                assert_eq!(
                    adaptive_binarise(&image, percent),
                    adaptive_binarise_by_pixel(&image, percent),
                    "{w} × {h}, {percent} %"
                );
            }
        }
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
