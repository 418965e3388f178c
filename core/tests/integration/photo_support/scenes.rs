//! Fake but photo-like scenes for the photo pipeline's tests, benchmark and threshold tuning:
//! an ID card on a table, a portrait; exposure changes, Gaussian-like blur, sensor noise,
//! and JPEG files with an EXIF block (orientation, camera make, GPS position).
#![allow(dead_code)]

/// An 8-bit RGB picture.
#[derive(Clone)]
pub struct Scene {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// A small deterministic random generator (xorshift32).
pub struct Rng(u32);

impl Rng {
    pub fn new(seed: u32) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
    /// Uniform in 0..n.
    pub fn below(&mut self, n: u32) -> u32 {
        self.next() % n.max(1)
    }
    /// Bell-shaped (triangular), mean 0, standard deviation 1, from one draw.
    pub fn normal(&mut self) -> f32 {
        let v = self.next();
        let (a, b) = ((v & 0xFFFF) as f32, (v >> 16) as f32);
        ((a + b) / 65_535.0 - 1.0) * 2.449
    }
}

fn put(scene: &mut Scene, x: u32, y: u32, colour: [u8; 3]) {
    if x < scene.width && y < scene.height {
        let at = ((y * scene.width + x) * 3) as usize;
        scene.rgb[at..at + 3].copy_from_slice(&colour);
    }
}

fn fill_rect(scene: &mut Scene, x0: u32, y0: u32, w: u32, h: u32, colour: [u8; 3]) {
    for y in y0..(y0 + h).min(scene.height) {
        for x in x0..(x0 + w).min(scene.width) {
            put(scene, x, y, colour);
        }
    }
}

fn fill_ellipse(scene: &mut Scene, cx: f32, cy: f32, rx: f32, ry: f32, colour: [u8; 3]) {
    let (x0, x1) = ((cx - rx).max(0.0) as u32, (cx + rx) as u32 + 1);
    let (y0, y1) = ((cy - ry).max(0.0) as u32, (cy + ry) as u32 + 1);
    for y in y0..y1 {
        for x in x0..x1 {
            let (dx, dy) = ((x as f32 - cx) / rx, (y as f32 - cy) / ry);
            if dx * dx + dy * dy <= 1.0 {
                put(scene, x, y, colour);
            }
        }
    }
}

/// Lines of dark "characters" (small bars of random widths) in a box, like printed text.
fn text_block(scene: &mut Scene, rng: &mut Rng, x0: u32, y0: u32, w: u32, h: u32, glyph: u32) {
    let line_gap = glyph * 2;
    let mut y = y0;
    while y + glyph <= y0 + h {
        let mut x = x0;
        let line_end = x0 + w / 2 + rng.below(w / 2);
        while x + glyph <= line_end {
            let gw = glyph / 2 + rng.below(glyph / 2 + 1);
            // A glyph: a few strokes inside a glyph-sized cell.
            let stroke = (glyph / 6).max(1);
            for _ in 0..3 {
                if rng.below(3) == 0 {
                    fill_rect(scene, x + rng.below(gw), y, stroke, glyph, [25, 25, 35]);
                } else {
                    fill_rect(scene, x, y + rng.below(glyph), gw, stroke, [25, 25, 35]);
                }
            }
            x += gw + glyph / 3;
            if rng.below(6) == 0 {
                x += glyph; // a space between words
            }
        }
        y += line_gap;
    }
}

/// An ID card (85.6 × 54 mm proportions) lying on a plain table, covering about `fill` of
/// the frame (0 < fill ≤ 0.9).
pub fn card_scene(width: u32, height: u32, fill: f32, seed: u32) -> Scene {
    let mut rng = Rng::new(seed);
    let mut scene = Scene {
        width,
        height,
        rgb: vec![0; (width * height * 3) as usize],
    };
    // Table: a gentle diagonal brown-grey gradient.
    for y in 0..height {
        for x in 0..width {
            let t = (x as f32 / width as f32 + y as f32 / height as f32) * 0.5;
            let base = 105.0 + 30.0 * t;
            put(
                &mut scene,
                x,
                y,
                [base as u8 + 12, base as u8, (base * 0.85) as u8],
            );
        }
    }
    let area = fill * (width * height) as f32;
    let card_w = ((area * 85.6 / 54.0).sqrt() as u32).min(width * 98 / 100);
    let card_h = ((card_w as f32) * 54.0 / 85.6) as u32;
    let (x0, y0) = ((width - card_w) / 2, (height - card_h) / 2);
    fill_rect(&mut scene, x0, y0, card_w, card_h, [226, 232, 236]);
    // Header band, photo, text.
    fill_rect(&mut scene, x0, y0, card_w, card_h / 7, [200, 60, 55]);
    let unit = card_w / 100;
    text_block(
        &mut scene,
        &mut rng,
        x0 + 20 * unit,
        y0 + unit,
        card_w * 60 / 100,
        card_h / 8,
        (unit * 2).max(2),
    );
    let (px, py, pw, ph) = (
        x0 + 4 * unit,
        y0 + card_h / 4,
        card_w * 26 / 100,
        card_h * 55 / 100,
    );
    fill_rect(&mut scene, px, py, pw, ph, [150, 170, 200]);
    fill_ellipse(
        &mut scene,
        (px + pw / 2) as f32,
        (py + ph * 2 / 5) as f32,
        pw as f32 * 0.3,
        ph as f32 * 0.28,
        [205, 165, 140],
    );
    fill_rect(
        &mut scene,
        px + pw / 6,
        py + ph * 3 / 4,
        pw * 2 / 3,
        ph / 4,
        [40, 50, 80],
    );
    text_block(
        &mut scene,
        &mut rng,
        x0 + 34 * unit,
        y0 + card_h / 4,
        card_w * 62 / 100,
        card_h * 65 / 100,
        (unit * 3).max(3),
    );
    add_noise(&mut scene, &mut rng, 3.0);
    scene
}

/// A head-and-shoulders portrait against a plain wall.
pub fn portrait_scene(width: u32, height: u32, seed: u32) -> Scene {
    let mut rng = Rng::new(seed);
    let mut scene = Scene {
        width,
        height,
        rgb: vec![0; (width * height * 3) as usize],
    };
    for y in 0..height {
        let v = 200.0 - 40.0 * y as f32 / height as f32;
        for x in 0..width {
            put(
                &mut scene,
                x,
                y,
                [v as u8, v as u8, (v + 10.0).min(255.0) as u8],
            );
        }
    }
    let (w, h) = (width as f32, height as f32);
    fill_ellipse(
        &mut scene,
        w * 0.5,
        h * 1.05,
        w * 0.45,
        h * 0.35,
        [40, 55, 90],
    );
    fill_ellipse(
        &mut scene,
        w * 0.5,
        h * 0.40,
        w * 0.24,
        h * 0.26,
        [45, 35, 30],
    );
    fill_ellipse(
        &mut scene,
        w * 0.5,
        h * 0.45,
        w * 0.20,
        h * 0.24,
        [210, 170, 145],
    );
    for side in [-1.0f32, 1.0] {
        fill_ellipse(
            &mut scene,
            w * (0.5 + side * 0.08),
            h * 0.40,
            w * 0.035,
            h * 0.015,
            [250, 250, 250],
        );
        fill_ellipse(
            &mut scene,
            w * (0.5 + side * 0.08),
            h * 0.40,
            w * 0.015,
            h * 0.013,
            [50, 35, 25],
        );
        fill_ellipse(
            &mut scene,
            w * (0.5 + side * 0.08),
            h * 0.365,
            w * 0.045,
            h * 0.006,
            [60, 45, 35],
        );
    }
    fill_ellipse(
        &mut scene,
        w * 0.5,
        h * 0.56,
        w * 0.07,
        h * 0.015,
        [160, 80, 80],
    );
    // Hair strands and fabric texture: fine detail a sharp photo shows.
    for _ in 0..(width * height / 4000) {
        let x = (w * 0.3) as u32 + rng.below((w * 0.4) as u32);
        let y = (h * 0.14) as u32 + rng.below((h * 0.12) as u32);
        fill_rect(
            &mut scene,
            x,
            y,
            1 + width / 1500,
            2 + rng.below(height / 60),
            [20, 15, 12],
        );
    }
    for _ in 0..(width * height / 2000) {
        let x = (w * 0.1) as u32 + rng.below((w * 0.8) as u32);
        let y = (h * 0.75) as u32 + rng.below((h * 0.25) as u32);
        fill_rect(
            &mut scene,
            x,
            y,
            2 + width / 1000,
            1 + height / 1500,
            [70, 85, 120],
        );
    }
    add_noise(&mut scene, &mut rng, 3.0);
    scene
}

/// Sensor noise of standard deviation `sigma`.
pub fn add_noise(scene: &mut Scene, rng: &mut Rng, sigma: f32) {
    for v in scene.rgb.iter_mut() {
        *v = (f32::from(*v) + rng.normal() * sigma)
            .round()
            .clamp(0.0, 255.0) as u8;
    }
}

/// Every channel multiplied by `gain` (exposure change: 0.25 ≈ −2 EV, 1.6 ≈ +0.7 EV), clipped.
pub fn expose(scene: &Scene, gain: f32) -> Scene {
    let mut out = scene.clone();
    for v in out.rgb.iter_mut() {
        *v = (f32::from(*v) * gain).round().clamp(0.0, 255.0) as u8;
    }
    out
}

fn box_blur_rows(data: &mut [f32], width: usize, height: usize, radius: usize) {
    let mut line = vec![0f32; width];
    for y in 0..height {
        let row = &mut data[y * width..(y + 1) * width];
        line.copy_from_slice(row);
        let mut sum: f32 =
            (0..=radius).map(|i| line[i.min(width - 1)]).sum::<f32>() + line[0] * radius as f32;
        let n = (2 * radius + 1) as f32;
        for x in 0..width {
            row[x] = sum / n;
            let add = line[(x + radius + 1).min(width - 1)];
            let sub = line[x.saturating_sub(radius)];
            sum += add - sub;
        }
    }
}

fn transpose(data: &[f32], width: usize, height: usize) -> Vec<f32> {
    let mut out = vec![0f32; data.len()];
    for y in 0..height {
        for x in 0..width {
            out[x * height + y] = data[y * width + x];
        }
    }
    out
}

/// An approximation of a Gaussian blur of standard deviation `sigma` pixels (three box
/// blurs per axis).
pub fn blur(scene: &Scene, sigma: f32) -> Scene {
    let (w, h) = (scene.width as usize, scene.height as usize);
    // Three boxes of width 2r+1 have variance 3((2r+1)²−1)/12 = r(r+1).
    let radius = ((sigma * sigma + 0.25).sqrt() - 0.5).round().max(1.0) as usize;
    let mut out = scene.clone();
    for c in 0..3 {
        let mut plane: Vec<f32> = scene.rgb[c..]
            .iter()
            .step_by(3)
            .map(|&v| f32::from(v))
            .collect();
        for _ in 0..3 {
            box_blur_rows(&mut plane, w, h, radius);
        }
        let mut t = transpose(&plane, w, h);
        for _ in 0..3 {
            box_blur_rows(&mut t, h, w, radius);
        }
        let plane = transpose(&t, h, w);
        for (i, v) in plane.iter().enumerate() {
            out.rgb[i * 3 + c] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

/// The pixels as a camera with EXIF orientation `orientation` would store them (the inverse
/// of the transform a viewer applies). Supports 1, 3, 6 and 8.
pub fn stored_for_orientation(upright: &Scene, orientation: u16) -> Scene {
    let (uw, uh) = (upright.width as usize, upright.height as usize);
    let (sw, sh) = match orientation {
        6 | 8 => (uh, uw),
        _ => (uw, uh),
    };
    let mut rgb = vec![0u8; upright.rgb.len()];
    for sy in 0..sh {
        for sx in 0..sw {
            let (ux, uy) = match orientation {
                3 => (uw - 1 - sx, uh - 1 - sy),
                6 => (uw - 1 - sy, sx),
                8 => (sy, uh - 1 - sx),
                _ => (sx, sy),
            };
            let (s, u) = ((sy * sw + sx) * 3, (uy * uw + ux) * 3);
            rgb[s..s + 3].copy_from_slice(&upright.rgb[u..u + 3]);
        }
    }
    Scene {
        width: sw as u32,
        height: sh as u32,
        rgb,
    }
}

/// A little-endian TIFF block with Orientation, Make, Model and a GPS position: what a
/// phone writes and what must not leave the device.
pub fn exif_block(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend_from_slice(&8u32.to_le_bytes());
    // IFD0 at 8: 4 entries (12 bytes each) + next-IFD offset.
    let ifd0_len = 2 + 4 * 12 + 4;
    let make_at = 8 + ifd0_len as u32;
    let make = b"FakeCam\0";
    let model_at = make_at + make.len() as u32;
    let model = b"Phone 12\0\0";
    let gps_at = model_at + model.len() as u32;
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    };
    t.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut t, 0x010F, 2, make.len() as u32, make_at);
    entry(&mut t, 0x0110, 2, model.len() as u32, model_at);
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut t, 0x8825, 4, 1, gps_at);
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(make);
    t.extend_from_slice(model);
    // GPS IFD: latitude ref "N" and latitude 21°01'42" (three rationals).
    let rationals_at = gps_at + 2 + 2 * 12 + 4;
    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, rationals_at);
    t.extend_from_slice(&0u32.to_le_bytes());
    for (num, den) in [(21u32, 1u32), (1, 1), (42, 1)] {
        t.extend_from_slice(&num.to_le_bytes());
        t.extend_from_slice(&den.to_le_bytes());
    }
    t
}

/// `scene` as a JPEG of `quality`, with an EXIF block when `orientation` is given.
pub fn jpeg(scene: &Scene, quality: u8, orientation: Option<u16>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    if let Some(orientation) = orientation {
        encoder
            .add_exif_metadata(&exif_block(orientation))
            .expect("EXIF block fits");
    }
    encoder
        .encode(
            &scene.rgb,
            scene.width as u16,
            scene.height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("scene encodes");
    out
}

/// The marker codes of a JPEG's segments before its first scan.
pub fn jpeg_markers(jpeg: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        at += 2 + length;
    }
    markers
}
