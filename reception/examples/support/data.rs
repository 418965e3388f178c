//! Generated registrations: distinct, valid declarations and small (or photo-sized) JPEGs,
//! each made unique by their quantization tables.

use std::io::Cursor;
use vssid_client::Submission;
use vssid_core::api::RegistrationRequest;
use vssid_core::declaration::DeclarationForm;
use vssid_core::Lang;

/// A textured JPEG of `width`×`height` (`seed` varies it); noise compresses poorly, like a
/// photo under a phone camera's grain.
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

/// A JPEG of roughly `target_kb` kilobytes, 3:4.
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
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in tag.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    for (i, entry) in out[table + 56..table + 64].iter_mut().enumerate() {
        *entry = ((hash >> (8 * i)) as u8).max(1);
    }
    out
}

const NAMES: [&str; 8] = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Thu Dung",
    "Hoàng Minh Đức",
    "Vũ Thị Hà",
    "Đặng Quốc Khánh",
    "Bùi Ngọc Lan",
];

/// Registration number `n` (below 1,000,000): its own name, codes, phone, e-mail and street,
/// all valid.
pub fn request(n: u32) -> RegistrationRequest {
    RegistrationRequest {
        form: DeclarationForm {
            bhxh_code: format!("79{:08}", n),
            full_name: NAMES[n as usize % NAMES.len()].into(),
            person_id: format!("079201{:06}", n),
            province: "79".into(),
            commune: "26740".into(),
            street: format!("{} Lê Lợi", n % 500 + 1),
            phone: format!("0912{:06}", n),
        },
        office: "079".into(),
        email: format!("nguoi.dung{n}@example.vn"),
        lang: if n.is_multiple_of(2) {
            Lang::Vi
        } else {
            Lang::En
        },
        consent: Some(vssid_core::consent::Consent::to_current_notice(
            "2026-11-29T08:00:00Z",
        )),
    }
}

/// Registration `n` with a fresh idempotency key and the three base photos made unique.
pub fn submission(n: u32, photos: &[Vec<u8>; 3]) -> Submission {
    let key = uuid::Uuid::new_v4().to_string();
    Submission {
        request: request(n),
        portrait: unique(&photos[0], &key),
        id_front: unique(&photos[1], &key),
        id_back: unique(&photos[2], &key),
        idempotency_key: key,
    }
}

/// Three small valid photos (a portrait and two card sides), a few tens of KB each.
pub fn small_photos() -> [Vec<u8>; 3] {
    [
        jpeg(240, 320, 1, 80),
        jpeg(320, 240, 2, 80),
        jpeg(320, 240, 3, 80),
    ]
}
