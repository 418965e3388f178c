//! Synthetic photos of Vietnamese ID cards carrying a CCCD-style QR code, made entirely from
//! fake data: a card-like picture (ID-1 shape, tinted background with guilloche lines, text-like
//! blocks, a portrait block, the QR where each card model prints it) placed into a larger photo
//! with rotation, perspective, blur, noise, uneven light, low resolution and optionally an EXIF
//! orientation. Shared by the decoding tests, the command line's tests and the benchmark set
//! generator (`cargo run -p vssid-core --example make_qr_cards`).

use image::{ImageEncoder, Rgb, RgbImage};
use qrcode::{Color, EcLevel, QrCode};

/// ID-1 card size in millimetres.
pub const CARD_MM: (f32, f32) = (85.6, 54.0);

/// A small deterministic generator (xorshift64*), so every set is reproducible from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn range(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * self.unit()
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Roughly normal, mean 0, standard deviation 1.
    pub fn normal(&mut self) -> f32 {
        (self.unit() + self.unit() + self.unit() + self.unit() - 2.0) * 1.732
    }
}

/// Which card is photographed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardModel {
    /// Chip CCCD (2021): QR on the front, top right.
    Chip2021Front,
    /// "Căn cước" (2024): QR on the back, top left; payload with extra trailing fields.
    CanCuoc2024Back,
}

const FAMILY: [&str; 8] = ["NGUYỄN", "TRẦN", "LÊ", "PHẠM", "HOÀNG", "VŨ", "ĐẶNG", "BÙI"];
const MIDDLE: [&str; 6] = ["VĂN", "HỮU", "QUANG", "NGỌC", "MINH", "ĐỨC"];
const GIVEN: [&str; 8] = ["AN", "BÌNH", "CHÂU", "DŨNG", "GIANG", "HẠNH", "KHÔI", "LỤA"];
const STREETS: [&str; 5] = [
    "Đường Mẫu",
    "Ngõ Thử Nghiệm",
    "Phố Giả Định",
    "Thôn Ví Dụ",
    "Ấp Minh Họa",
];
const PLACES: [(&str, &str); 5] = [
    ("001", "Hà Nội"),
    ("031", "Hải Phòng"),
    ("048", "Đà Nẵng"),
    ("079", "Hồ Chí Minh"),
    ("089", "An Giang"),
];

/// A made-up card holder's payload, consistent (ID digits agree with birth date and sex).
pub fn fake_payload(rng: &mut Rng, model: CardModel) -> String {
    let female = rng.below(2) == 1;
    let year = 1950 + rng.below(60) as u32;
    let month = 1 + rng.below(12) as u32;
    let day = 1 + rng.below(28) as u32;
    let (province_code, province) = *rng.pick(&PLACES);
    let century_sex = (year - 1900) / 100 * 2 + u32::from(female);
    let id = format!(
        "{province_code}{century_sex}{:02}{:06}",
        year % 100,
        rng.below(1_000_000)
    );
    let old_id = if rng.below(3) == 0 {
        String::new()
    } else {
        format!("{:09}", rng.below(1_000_000_000))
    };
    let middle = if female { "THỊ" } else { rng.pick(&MIDDLE) };
    let name = format!("{} {} {}", rng.pick(&FAMILY), middle, rng.pick(&GIVEN));
    let address = format!(
        "Số {} {}, Phường Mẫu {}, {}",
        1 + rng.below(200),
        rng.pick(&STREETS),
        1 + rng.below(20),
        province
    );
    let issue_year = 2021 + rng.below(4) as u32;
    let issue = format!(
        "{:02}{:02}{issue_year}",
        1 + rng.below(28),
        1 + rng.below(12)
    );
    let sex = if female { "Nữ" } else { "Nam" };
    let mut payload =
        format!("{id}|{old_id}|{name}|{day:02}{month:02}{year}|{sex}|{address}|{issue}");
    if model == CardModel::CanCuoc2024Back {
        payload.push_str(&format!("|{} VĂN CHA|", rng.pick(&FAMILY)));
    }
    payload
}

/// Everything that decides how one photo looks.
#[derive(Debug, Clone)]
pub struct Scene {
    pub model: CardModel,
    pub photo_size: (u32, u32),
    /// Card width as a fraction of the photo width.
    pub card_fraction: f32,
    pub rotation_degrees: f32,
    /// Perspective: corner displacement as a fraction of the card width.
    pub tilt: f32,
    /// Box-blur radius in pixels, applied twice (close to a Gaussian).
    pub blur: u32,
    /// Noise standard deviation in grey levels.
    pub noise: f32,
    /// Strength of the uneven light (0 = even), with a shadow across the card.
    pub uneven_light: f32,
    /// Contrast factor around mid-grey (1 = unchanged).
    pub contrast: f32,
    /// Store rotated with EXIF orientation 6 (the way phones save portrait shots).
    pub exif_orientation_6: bool,
    /// JPEG quality; `None` writes PNG.
    pub jpeg_quality: Option<u8>,
    pub seed: u64,
}

impl Scene {
    /// A plain, easy scene: the card fills most of the photo, upright, sharp.
    pub fn easy(model: CardModel, photo_size: (u32, u32), seed: u64) -> Scene {
        Scene {
            model,
            photo_size,
            card_fraction: 0.8,
            rotation_degrees: 0.0,
            tilt: 0.0,
            blur: 0,
            noise: 0.0,
            uneven_light: 0.0,
            contrast: 1.0,
            exif_orientation_6: false,
            jpeg_quality: Some(90),
            seed,
        }
    }
}

/// One generated photo file and the payload its QR holds.
pub struct Sample {
    pub bytes: Vec<u8>,
    pub payload: String,
    pub extension: &'static str,
}

fn lerp(a: Rgb<u8>, b: Rgb<u8>, t: f32) -> Rgb<u8> {
    Rgb(std::array::from_fn(|i| {
        (f32::from(a.0[i]) * (1.0 - t) + f32::from(b.0[i]) * t).round() as u8
    }))
}

fn fill_rect(image: &mut RgbImage, x0: f32, y0: f32, x1: f32, y1: f32, colour: Rgb<u8>) {
    let (w, h) = (image.width() as f32, image.height() as f32);
    let (xa, xb) = (x0.max(0.0) as u32, x1.min(w).max(0.0) as u32);
    let (ya, yb) = (y0.max(0.0) as u32, y1.min(h).max(0.0) as u32);
    for y in ya..yb {
        for x in xa..xb {
            image.put_pixel(x, y, colour);
        }
    }
}

fn fill_ellipse(image: &mut RgbImage, cx: f32, cy: f32, rx: f32, ry: f32, colour: Rgb<u8>) {
    let (xa, xb) = (
        (cx - rx).max(0.0) as u32,
        ((cx + rx) as u32).min(image.width()),
    );
    let (ya, yb) = (
        (cy - ry).max(0.0) as u32,
        ((cy + ry) as u32).min(image.height()),
    );
    for y in ya..yb {
        for x in xa..xb {
            let (dx, dy) = ((x as f32 - cx) / rx, (y as f32 - cy) / ry);
            if dx * dx + dy * dy <= 1.0 {
                image.put_pixel(x, y, colour);
            }
        }
    }
}

/// Rows of dark "words" in the box `(x, y)`–`(x + width, …)`, in millimetres.
fn text_rows(
    card: &mut RgbImage,
    rng: &mut Rng,
    px_per_mm: f32,
    (x, y, width): (f32, f32, f32),
    rows: usize,
    row_height_mm: f32,
) {
    let ink = Rgb([30, 30, 40]);
    for row in 0..rows {
        let top = y + row as f32 * row_height_mm * 1.7;
        let mut left = x;
        let end = x + width * rng.range(0.5, 1.0);
        while left < end {
            let word = rng.range(2.5, 10.0).min(end - left);
            fill_rect(
                card,
                left * px_per_mm,
                top * px_per_mm,
                (left + word) * px_per_mm,
                (top + row_height_mm) * px_per_mm,
                ink,
            );
            left += word + rng.range(1.0, 2.0);
        }
    }
}

/// Draws the card at `px_per_mm`, QR included.
pub fn draw_card(model: CardModel, payload: &str, px_per_mm: f32, rng: &mut Rng) -> RgbImage {
    let (w, h) = (
        (CARD_MM.0 * px_per_mm).round() as u32,
        (CARD_MM.1 * px_per_mm).round() as u32,
    );
    let tints = [
        (Rgb([214, 232, 240]), Rgb([238, 226, 205])),
        (Rgb([225, 238, 214]), Rgb([240, 220, 224])),
        (Rgb([236, 229, 212]), Rgb([205, 222, 236])),
    ];
    let (left_tint, right_tint) = *rng.pick(&tints);
    let line = Rgb([150, 170, 190]);
    let phase = rng.range(0.0, 6.0);
    let mut card = RgbImage::from_fn(w, h, |x, y| {
        let (u, v) = (x as f32 / px_per_mm, y as f32 / px_per_mm);
        let base = lerp(left_tint, right_tint, u / CARD_MM.0);
        // Guilloche: two families of thin wavy lines.
        let a = ((v * 1.3 + 2.5 * (u * 0.35 + phase).sin()) * 2.0).sin();
        let b = ((u * 0.9 + 3.0 * (v * 0.25).cos()) * 1.7).sin();
        if a.abs() < 0.08 || b.abs() < 0.05 {
            lerp(base, line, 0.45)
        } else {
            base
        }
    });
    let qr_mm = 16.0;
    let (qr_x, qr_y) = match model {
        CardModel::Chip2021Front => {
            // Emblem, title, portrait, text, QR top right.
            fill_ellipse(
                &mut card,
                11.0 * px_per_mm,
                11.0 * px_per_mm,
                7.0 * px_per_mm,
                7.0 * px_per_mm,
                Rgb([200, 40, 40]),
            );
            fill_ellipse(
                &mut card,
                11.0 * px_per_mm,
                11.0 * px_per_mm,
                2.5 * px_per_mm,
                2.5 * px_per_mm,
                Rgb([240, 200, 40]),
            );
            text_rows(&mut card, rng, px_per_mm, (22.0, 4.0, 40.0), 3, 1.8);
            fill_rect(
                &mut card,
                4.0 * px_per_mm,
                22.0 * px_per_mm,
                24.0 * px_per_mm,
                48.0 * px_per_mm,
                Rgb([170, 180, 190]),
            );
            fill_ellipse(
                &mut card,
                14.0 * px_per_mm,
                32.0 * px_per_mm,
                6.0 * px_per_mm,
                7.5 * px_per_mm,
                Rgb([120, 95, 80]),
            );
            fill_ellipse(
                &mut card,
                14.0 * px_per_mm,
                47.0 * px_per_mm,
                9.0 * px_per_mm,
                6.0 * px_per_mm,
                Rgb([50, 60, 80]),
            );
            text_rows(&mut card, rng, px_per_mm, (27.0, 24.0, 54.0), 8, 1.6);
            (CARD_MM.0 - 4.0 - qr_mm, 3.5)
        }
        CardModel::CanCuoc2024Back => {
            // QR top left, chip, fingerprint blocks, text, MRZ-like lines at the bottom.
            fill_rect(
                &mut card,
                60.0 * px_per_mm,
                6.0 * px_per_mm,
                72.0 * px_per_mm,
                16.0 * px_per_mm,
                Rgb([205, 170, 80]),
            );
            text_rows(&mut card, rng, px_per_mm, (23.0, 5.0, 34.0), 6, 1.5);
            fill_ellipse(
                &mut card,
                70.0 * px_per_mm,
                28.0 * px_per_mm,
                5.0 * px_per_mm,
                6.5 * px_per_mm,
                Rgb([120, 120, 130]),
            );
            fill_rect(
                &mut card,
                3.0 * px_per_mm,
                36.0 * px_per_mm,
                82.6 * px_per_mm,
                51.0 * px_per_mm,
                Rgb([245, 245, 245]),
            );
            for row in 0..3 {
                let top = 37.5 + row as f32 * 4.5;
                let mut left = 5.0;
                while left < 80.0 {
                    fill_rect(
                        &mut card,
                        left * px_per_mm,
                        top * px_per_mm,
                        (left + 1.6) * px_per_mm,
                        (top + 2.6) * px_per_mm,
                        Rgb([20, 20, 20]),
                    );
                    left += 2.5;
                }
            }
            (4.0, 4.0)
        }
    };
    draw_qr(&mut card, payload, px_per_mm, (qr_x, qr_y), qr_mm);
    card
}

/// Draws the QR for `payload` (byte mode, error correction L) in a white square of `size_mm`
/// with a quiet zone of two modules.
fn draw_qr(card: &mut RgbImage, payload: &str, px_per_mm: f32, (x, y): (f32, f32), size_mm: f32) {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::L)
        .expect("a CCCD payload fits in a QR code");
    let modules = code.width();
    let colours = code.to_colors();
    let module_mm = size_mm / (modules + 4) as f32;
    let white = Rgb([250, 250, 250]);
    let ink = Rgb([15, 15, 20]);
    fill_rect(
        card,
        x * px_per_mm,
        y * px_per_mm,
        (x + size_mm) * px_per_mm,
        (y + size_mm) * px_per_mm,
        white,
    );
    // Each pixel takes the module under its centre.
    let (x0, y0) = (
        (x + 2.0 * module_mm) * px_per_mm,
        (y + 2.0 * module_mm) * px_per_mm,
    );
    let side = modules as f32 * module_mm * px_per_mm;
    for py in y0.floor() as u32..(y0 + side).ceil() as u32 {
        for px in x0.floor() as u32..(x0 + side).ceil() as u32 {
            let (mx, my) = (
                ((px as f32 + 0.5 - x0) / side * modules as f32).floor(),
                ((py as f32 + 0.5 - y0) / side * modules as f32).floor(),
            );
            if mx < 0.0 || my < 0.0 || mx >= modules as f32 || my >= modules as f32 {
                continue;
            }
            if colours[my as usize * modules + mx as usize] == Color::Dark
                && px < card.width()
                && py < card.height()
            {
                card.put_pixel(px, py, ink);
            }
        }
    }
}

/// Solves the 3×3 homography (h33 = 1) taking each `from[i]` to `to[i]`.
fn homography(from: [(f32, f32); 4], to: [(f32, f32); 4]) -> [f64; 9] {
    let mut m = [[0f64; 9]; 8];
    for i in 0..4 {
        let (x, y) = (f64::from(from[i].0), f64::from(from[i].1));
        let (u, v) = (f64::from(to[i].0), f64::from(to[i].1));
        m[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        m[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    for col in 0..8 {
        let pivot = (col..8)
            .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            .unwrap_or(col);
        m.swap(col, pivot);
        let pivot_row = m[col];
        for (index, row) in m.iter_mut().enumerate() {
            if index != col {
                let f = row[col] / pivot_row[col];
                for (value, pivot_value) in row.iter_mut().zip(pivot_row).skip(col) {
                    *value -= f * pivot_value;
                }
            }
        }
    }
    let mut h = [0f64; 9];
    for i in 0..8 {
        h[i] = m[i][8] / m[i][i];
    }
    h[8] = 1.0;
    h
}

fn bilinear(image: &RgbImage, u: f64, v: f64) -> Rgb<u8> {
    let (w, h) = (image.width() as f64, image.height() as f64);
    let (fx, fy) = ((u - 0.5).clamp(0.0, w - 1.0), (v - 0.5).clamp(0.0, h - 1.0));
    let (ix, iy) = (fx as u32, fy as u32);
    let (ax, ay) = ((fx - ix as f64) as f32, (fy - iy as f64) as f32);
    let (jx, jy) = (
        (ix + 1).min(image.width() - 1),
        (iy + 1).min(image.height() - 1),
    );
    let top = lerp(*image.get_pixel(ix, iy), *image.get_pixel(jx, iy), ax);
    let bottom = lerp(*image.get_pixel(ix, jy), *image.get_pixel(jx, jy), ax);
    lerp(top, bottom, ay)
}

fn box_blur(image: &RgbImage, radius: u32) -> RgbImage {
    if radius == 0 {
        return image.clone();
    }
    let (w, h) = (image.width() as i64, image.height() as i64);
    let r = i64::from(radius);
    let pass = |src: &RgbImage, horizontal: bool| {
        let mut out = src.clone();
        let (outer, inner) = if horizontal { (h, w) } else { (w, h) };
        for o in 0..outer {
            let at = |i: i64| {
                let i = i.clamp(0, inner - 1) as u32;
                if horizontal {
                    (i, o as u32)
                } else {
                    (o as u32, i)
                }
            };
            let mut sum = [0i64; 3];
            for i in -r..=r {
                let p = src.get_pixel(at(i).0, at(i).1).0;
                for c in 0..3 {
                    sum[c] += i64::from(p[c]);
                }
            }
            for i in 0..inner {
                let (x, y) = at(i);
                out.put_pixel(
                    x,
                    y,
                    Rgb(std::array::from_fn(|c| (sum[c] / (2 * r + 1)) as u8)),
                );
                let (add, sub) = (at(i + r + 1), at(i - r));
                let (pa, ps) = (src.get_pixel(add.0, add.1).0, src.get_pixel(sub.0, sub.1).0);
                for c in 0..3 {
                    sum[c] += i64::from(pa[c]) - i64::from(ps[c]);
                }
            }
        }
        out
    };
    let once = pass(&pass(image, true), false);
    pass(&pass(&once, true), false)
}

/// A minimal APP1 segment: EXIF, big-endian TIFF, one IFD entry (0x0112 Orientation).
pub fn exif_orientation_segment(orientation: u16) -> Vec<u8> {
    let mut tiff = vec![b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1];
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut segment = vec![0xFF, 0xE1];
    let length = (2 + 6 + tiff.len()) as u16;
    segment.extend_from_slice(&length.to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}

/// Renders the photo for `scene`.
pub fn render(scene: &Scene) -> Sample {
    let mut rng = Rng::new(scene.seed);
    let payload = fake_payload(&mut rng, scene.model);
    let (pw, ph) = scene.photo_size;
    let card_px = pw as f32 * scene.card_fraction;
    let px_per_mm = (card_px * 1.15 / CARD_MM.0).max(4.0);
    let card = draw_card(scene.model, &payload, px_per_mm, &mut rng);

    // Where the card's corners land in the photo.
    let (cw, chh) = (card_px, card_px * CARD_MM.1 / CARD_MM.0);
    let centre = (
        pw as f32 / 2.0 + rng.range(-0.05, 0.05) * pw as f32,
        ph as f32 / 2.0 + rng.range(-0.05, 0.05) * ph as f32,
    );
    let angle = scene.rotation_degrees.to_radians();
    let (sin, cos) = angle.sin_cos();
    let corners = [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)].map(|(a, b): (f32, f32)| {
        let (x, y) = (
            a * cw + rng.range(-1.0, 1.0) * scene.tilt * cw,
            b * chh + rng.range(-1.0, 1.0) * scene.tilt * cw,
        );
        (centre.0 + x * cos - y * sin, centre.1 + x * sin + y * cos)
    });
    let (kw, kh) = (card.width() as f32, card.height() as f32);
    let to_card = homography(corners, [(0.0, 0.0), (kw, 0.0), (kw, kh), (0.0, kh)]);

    let table: [Rgb<u8>; 4] = [
        Rgb([90, 70, 55]),
        Rgb([60, 62, 70]),
        Rgb([150, 140, 125]),
        Rgb([35, 45, 40]),
    ];
    let table = *rng.pick(&table);
    let light_angle = rng.range(0.0, std::f32::consts::TAU);
    let (lx, ly) = light_angle.sin_cos();
    let shadow_x = rng.range(0.3, 0.7) * pw as f32;
    let mut photo = RgbImage::from_fn(pw, ph, |x, y| {
        let (xf, yf) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
        let d = to_card[6] * xf + to_card[7] * yf + to_card[8];
        let u = (to_card[0] * xf + to_card[1] * yf + to_card[2]) / d;
        let v = (to_card[3] * xf + to_card[4] * yf + to_card[5]) / d;
        if u >= 0.0 && v >= 0.0 && u < f64::from(kw) && v < f64::from(kh) {
            bilinear(&card, u, v)
        } else {
            let grain = ((x as f32 * 0.05).sin() * (y as f32 * 0.031).cos() * 12.0) as i16;
            Rgb(table.0.map(|c| (i16::from(c) + grain).clamp(0, 255) as u8))
        }
    });

    // Light: a gradient across the frame and a soft shadow edge; contrast; noise.
    for (x, y, pixel) in photo.enumerate_pixels_mut() {
        let (xn, yn) = (x as f32 / pw as f32 - 0.5, y as f32 / ph as f32 - 0.5);
        let gradient = 1.0 - scene.uneven_light * (0.5 + xn * lx + yn * ly).clamp(0.0, 1.0) * 0.7;
        let shadow = if scene.uneven_light > 0.0 {
            1.0 - 0.35 * scene.uneven_light
                / (1.0 + (-(x as f32 - shadow_x) / (0.02 * pw as f32)).exp())
        } else {
            1.0
        };
        let noise = if scene.noise > 0.0 {
            scene.noise * rng.normal()
        } else {
            0.0
        };
        for c in pixel.0.iter_mut() {
            let value = (f32::from(*c) - 128.0) * scene.contrast + 128.0;
            *c = (value * gradient * shadow + noise)
                .round()
                .clamp(0.0, 255.0) as u8;
        }
    }
    let mut photo = box_blur(&photo, scene.blur);
    if scene.exif_orientation_6 {
        photo = image::imageops::rotate270(&photo);
    }

    let mut bytes = Vec::new();
    let extension = match scene.jpeg_quality {
        Some(quality) => {
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
                .write_image(
                    photo.as_raw(),
                    photo.width(),
                    photo.height(),
                    image::ExtendedColorType::Rgb8,
                )
                .expect("encoding to memory works");
            if scene.exif_orientation_6 {
                let segment = exif_orientation_segment(6);
                bytes.splice(2..2, segment);
            }
            "jpg"
        }
        None => {
            image::codecs::png::PngEncoder::new(&mut bytes)
                .write_image(
                    photo.as_raw(),
                    photo.width(),
                    photo.height(),
                    image::ExtendedColorType::Rgb8,
                )
                .expect("encoding to memory works");
            "png"
        }
    };
    Sample {
        bytes,
        payload,
        extension,
    }
}
