//! The photo pipeline end to end: EXIF orientation on the public test suite, metadata
//! stripping, input limits, the size budget and the quality warnings.

#[path = "photo_support/scenes.rs"]
mod scenes;

use scenes::{add_noise, blur, card_scene, expose, jpeg, jpeg_markers, portrait_scene, Rng, Scene};
use vssid_core::photo::{
    process_photo, process_photo_from, PhotoError, PhotoKind, PhotoLimits, PhotoStage, PhotoWarning,
};
use vssid_core::Localized;

const EXIF_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata/exif");

fn process(bytes: &[u8], kind: PhotoKind) -> Result<vssid_core::photo::ProcessedPhoto, PhotoError> {
    process_photo(bytes, kind, &PhotoLimits::default(), &mut |_| {})
}

/// Decodes a JPEG to grey (BT.601), independently of the pipeline's own code path.
fn decode_grey(jpeg: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    let pixels = decoder.decode().expect("output decodes");
    let info = decoder.info().unwrap();
    let grey = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels
            .chunks_exact(3)
            .map(|p| {
                ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2]) + 128) >> 8)
                    as u8
            })
            .collect(),
        jpeg_decoder::PixelFormat::L8 => pixels,
        other => panic!("unexpected pixel format {other:?}"),
    };
    (usize::from(info.width), usize::from(info.height), grey)
}

/// Area-average resampling of a grey picture to `w`×`h` (a plain reference, not the
/// pipeline's resizer).
fn resample(src: &(usize, usize, Vec<u8>), w: usize, h: usize) -> Vec<f32> {
    let (sw, sh, p) = src;
    let mut out = vec![0f32; w * h];
    for y in 0..h {
        let (y0, y1) = (y * sh / h, ((y + 1) * sh / h).max(y * sh / h + 1));
        for x in 0..w {
            let (x0, x1) = (x * sw / w, ((x + 1) * sw / w).max(x * sw / w + 1));
            let mut sum = 0u32;
            for yy in y0..y1 {
                for xx in x0..x1 {
                    sum += u32::from(p[yy * sw + xx]);
                }
            }
            out[y * w + x] = sum as f32 / ((y1 - y0) * (x1 - x0)) as f32;
        }
    }
    out
}

fn mean_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f32>() / a.len() as f32
}

#[test]
fn every_exif_orientation_comes_out_upright_and_without_metadata() {
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{EXIF_DIR}/expected.json")).expect("expected.json"),
    )
    .unwrap();
    let cases = expected["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 18);
    for case in cases {
        let file = case["file"].as_str().unwrap();
        let set = file.split('_').next().unwrap();
        let bytes = std::fs::read(format!("{EXIF_DIR}/{file}")).unwrap();
        let photo = process(&bytes, PhotoKind::Portrait).unwrap_or_else(|e| panic!("{file}: {e}"));
        let report = &photo.report;

        let exif_value = case["exif_orientation"].as_u64().unwrap() as u16;
        let applied = if (1..=8).contains(&exif_value) {
            exif_value
        } else {
            1
        };
        assert_eq!(report.orientation, applied, "{file}");
        let (uw, uh) = (
            case["upright_width"].as_u64().unwrap() as u32,
            case["upright_height"].as_u64().unwrap() as u32,
        );
        // 1800×1200 upright → 1600×1067 (long edge capped, ratio kept).
        let (ow, oh) = if uw > uh {
            (1600, (uh * 1600 + uw / 2) / uw)
        } else {
            ((uw * 1600 + uh / 2) / uh, 1600)
        };
        assert_eq!(
            (report.output_width, report.output_height),
            (ow, oh),
            "{file}"
        );

        let markers = jpeg_markers(&photo.jpeg);
        assert!(
            markers.contains(&0xDA),
            "{file}: no scan found in {markers:x?}"
        );
        for app in [0xE1, 0xE2, 0xED, 0xEE] {
            assert!(
                !markers.contains(&app),
                "{file}: output has APP segment {app:#x}"
            );
        }
        assert!(
            !photo.jpeg.windows(6).any(|w| w == b"Exif\0\0"),
            "{file}: Exif left"
        );

        let out = decode_grey(&photo.jpeg);
        assert_eq!((out.0, out.1), (ow as usize, oh as usize));
        // Both are compared at a quarter of the output size, where the resampling filters
        // (the pipeline's Catmull-Rom, the reference's box) no longer matter.
        let (cw, ch) = (out.0 / 4, out.1 / 4);
        let out_f = resample(&out, cw, ch);
        let reference = decode_grey(&std::fs::read(format!("{EXIF_DIR}/{set}_1.jpg")).unwrap());
        let reference = resample(&reference, cw, ch);
        let diff = mean_abs_diff(&out_f, &reference);
        eprintln!("{file}: mean abs diff {diff:.2} against {set}_1");
        assert!(
            diff < 6.0,
            "{file}: mean abs diff {diff:.2} against {set}_1"
        );
        // The comparison can tell: the same output turned upside down is far off.
        let flipped: Vec<f32> = out_f.iter().rev().copied().collect();
        let wrong = mean_abs_diff(&flipped, &reference);
        assert!(
            wrong > 20.0,
            "{file}: a wrong rotation only differs by {wrong:.2}"
        );
    }
}

#[test]
fn progress_is_reported_in_order() {
    let bytes = std::fs::read(format!("{EXIF_DIR}/Portrait_6.jpg")).unwrap();
    let mut stages = Vec::new();
    process_photo(
        &bytes,
        PhotoKind::Portrait,
        &PhotoLimits::default(),
        &mut |s| stages.push(s),
    )
    .unwrap();
    assert_eq!(
        stages,
        [
            PhotoStage::ReadingHeader,
            PhotoStage::Decoding,
            PhotoStage::Resizing,
            PhotoStage::Orienting,
            PhotoStage::Checking,
            PhotoStage::Encoding,
            PhotoStage::Done
        ]
    );
}

/// Patches the first SOF segment of a JPEG to declare `width`×`height`.
fn with_declared_size(mut jpeg: Vec<u8>, width: u16, height: u16) -> Vec<u8> {
    let mut at = 2;
    loop {
        let marker = jpeg[at + 1];
        if (0xC0..=0xC2).contains(&marker) {
            jpeg[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
            jpeg[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
            return jpeg;
        }
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_bytes(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(rgba).unwrap();
    writer.finish().unwrap();
    out
}

#[test]
fn decompression_bombs_are_refused_from_the_header() {
    let small = Scene {
        width: 16,
        height: 16,
        rgb: vec![90; 16 * 16 * 3],
    };
    let bomb = with_declared_size(jpeg(&small, 80, None), 60000, 60000);
    assert!(bomb.len() < 2000);
    let err = process(&bomb, PhotoKind::Portrait).unwrap_err();
    assert_eq!(
        err,
        PhotoError::TooManyPixels {
            width: 60000,
            height: 60000,
            max_pixels: 50_000_000
        }
    );
    assert!(err.message(vssid_core::Lang::En).contains("60000×60000"));

    // A PNG whose header (with a valid checksum) declares 60000×60000.
    let mut png = png_bytes(4, 4, &[200; 64]);
    png[16..20].copy_from_slice(&60000u32.to_be_bytes());
    png[20..24].copy_from_slice(&60000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    assert_eq!(
        process(&png, PhotoKind::IdFront).unwrap_err().code(),
        "photo_too_many_pixels"
    );
}

#[test]
fn truncated_files_are_reported_as_cut_short() {
    let whole = std::fs::read(format!("{EXIF_DIR}/Landscape_1.jpg")).unwrap();
    for keep in [whole.len() / 2, 300, 3] {
        let err = process(&whole[..keep], PhotoKind::Portrait).unwrap_err();
        assert_eq!(err, PhotoError::Truncated, "kept {keep} bytes");
    }
    let rgba: Vec<u8> = (0..200 * 100 * 4).map(|i| (i * 7 % 251) as u8).collect();
    let png = png_bytes(200, 100, &rgba);
    let err = process(&png[..png.len() * 2 / 3], PhotoKind::Portrait).unwrap_err();
    assert_eq!(err, PhotoError::Truncated);
}

#[test]
fn heic_and_other_formats_are_refused_by_name() {
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0; 100]);
    let err = process(&heic, PhotoKind::Portrait).unwrap_err();
    assert_eq!(err, PhotoError::UnsupportedFormat { format: "HEIC" });
    assert!(err.message(vssid_core::Lang::Vi).contains("HEIC"));
    let err = process(b"GIF89a\x01\0\x01\0\0\0\0", PhotoKind::Portrait).unwrap_err();
    assert_eq!(err, PhotoError::UnsupportedFormat { format: "GIF" });
    let err = process(b"just some text, not an image", PhotoKind::Portrait).unwrap_err();
    assert_eq!(err.code(), "photo_unsupported_format");
}

#[test]
fn png_screenshots_and_webp_are_accepted() {
    let scene = card_scene(1200, 900, 0.7, 5);
    let rgba: Vec<u8> = scene
        .rgb
        .chunks_exact(3)
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect();
    let photo = process(&png_bytes(1200, 900, &rgba), PhotoKind::IdFront).unwrap();
    assert_eq!(
        photo.report.input_format,
        vssid_core::photo::InputFormat::Png
    );
    assert_eq!(
        (photo.report.output_width, photo.report.output_height),
        (1200, 900)
    );
    assert!(photo.jpeg.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert!(
        photo.report.warnings.is_empty(),
        "{:?}",
        photo.report.warnings
    );

    let mut webp = Vec::new();
    image_webp::WebPEncoder::new(&mut webp)
        .encode(&scene.rgb, 1200, 900, image_webp::ColorType::Rgb8)
        .unwrap();
    let photo = process(&webp, PhotoKind::IdFront).unwrap();
    assert_eq!(
        photo.report.input_format,
        vssid_core::photo::InputFormat::Webp
    );
    assert_eq!(photo.report.output_width, 1200);
}

#[test]
fn a_noisy_12_megapixel_photo_is_kept_within_the_budget() {
    let mut rng = Rng::new(99);
    let mut noisy = card_scene(4032, 3024, 0.6, 6);
    add_noise(&mut noisy, &mut rng, 40.0);
    let input = jpeg(&noisy, 95, Some(6));
    let photo = process(&input, PhotoKind::IdFront).unwrap();
    let r = &photo.report;
    assert_eq!(photo.jpeg.len(), r.output_bytes);
    assert!(r.output_bytes <= 500_000, "{} bytes", r.output_bytes);
    assert!(
        r.quality < 85,
        "the noise should have forced a lower quality ({})",
        r.quality
    );
    assert_eq!(r.decode_scale_denominator, 2);
    assert_eq!(r.orientation, 6);
    assert!(r.output_width.max(r.output_height) <= 1600);
    assert!(
        r.output_height > r.output_width,
        "orientation 6 gives a tall picture"
    );
    let tight = PhotoLimits {
        budget_bytes: 150_000,
        ..PhotoLimits::default()
    };
    let squeezed = process_photo(&input, PhotoKind::IdFront, &tight, &mut |_| {}).unwrap();
    assert!(squeezed.jpeg.len() <= 150_000);
}

/// A source that hands out at most three bytes per read (as a slow pipe or a network file
/// might), behind a five-byte buffer: every boundary the decoders' readers cross is exercised.
struct Trickle(std::io::Cursor<Vec<u8>>);

impl std::io::Read for Trickle {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = out.len().min(3);
        self.0.read(&mut out[..n])
    }
}

impl std::io::Seek for Trickle {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.0.seek(to)
    }
}

fn process_trickled(
    bytes: &[u8],
    kind: PhotoKind,
) -> Result<vssid_core::photo::ProcessedPhoto, PhotoError> {
    let mut source =
        std::io::BufReader::with_capacity(5, Trickle(std::io::Cursor::new(bytes.to_vec())));
    process_photo_from(
        &mut source,
        bytes.len(),
        kind,
        &PhotoLimits::default(),
        &mut |_| {},
    )
}

#[test]
fn a_picture_read_as_it_is_decoded_gives_the_same_photo_as_its_bytes() {
    let mut inputs: Vec<(String, Vec<u8>)> = ["Landscape_1.jpg", "Portrait_6.jpg"]
        .iter()
        .map(|file| {
            let bytes = std::fs::read(format!("{EXIF_DIR}/{file}")).unwrap();
            (file.to_string(), bytes)
        })
        .collect();
    let mut rng = Rng::new(7);
    let mut noisy = card_scene(2400, 1800, 0.6, 3);
    add_noise(&mut noisy, &mut rng, 30.0);
    inputs.push((
        "noisy card, orientation 6".into(),
        jpeg(&noisy, 92, Some(6)),
    ));
    let rgba: Vec<u8> = noisy
        .rgb
        .chunks_exact(3)
        .flat_map(|p| [p[0], p[1], p[2], 255])
        .collect();
    inputs.push(("PNG".into(), png_bytes(2400, 1800, &rgba)));
    let mut webp = Vec::new();
    image_webp::WebPEncoder::new(&mut webp)
        .encode(&noisy.rgb, 2400, 1800, image_webp::ColorType::Rgb8)
        .unwrap();
    inputs.push(("WebP".into(), webp));
    for (name, bytes) in &inputs {
        let whole = process(bytes, PhotoKind::IdFront).unwrap_or_else(|e| panic!("{name}: {e}"));
        let read = process_trickled(bytes, PhotoKind::IdFront)
            .unwrap_or_else(|e| panic!("{name}, read as decoded: {e}"));
        assert_eq!(read.report, whole.report, "{name}");
        assert!(read.jpeg == whole.jpeg, "{name}: the JPEGs differ");
    }
    let (_, card) = &inputs[2];
    assert_eq!(
        process_trickled(&card[..card.len() / 2], PhotoKind::IdFront).unwrap_err(),
        PhotoError::Truncated
    );
    assert_eq!(
        process_trickled(b"GIF89a\x01\0\x01\0\0\0\0", PhotoKind::Portrait).unwrap_err(),
        PhotoError::UnsupportedFormat { format: "GIF" }
    );
}

fn warnings_of(scene: &Scene, kind: PhotoKind) -> Vec<PhotoWarning> {
    process(&jpeg(scene, 92, None), kind)
        .unwrap()
        .report
        .warnings
}

#[test]
fn good_photos_get_no_warning() {
    assert_eq!(
        warnings_of(&card_scene(1600, 1200, 0.6, 7), PhotoKind::IdFront),
        []
    );
    assert_eq!(
        warnings_of(&card_scene(1600, 1200, 0.6, 8), PhotoKind::IdBack),
        []
    );
    assert_eq!(
        warnings_of(&portrait_scene(1200, 1600, 9), PhotoKind::Portrait),
        []
    );
}

#[test]
fn dark_bright_blurred_small_and_distant_photos_are_flagged() {
    let card = card_scene(1600, 1200, 0.6, 10);
    let portrait = portrait_scene(1200, 1600, 11);
    for (kind, scene) in [
        (PhotoKind::IdFront, &card),
        (PhotoKind::Portrait, &portrait),
    ] {
        assert_eq!(
            warnings_of(&expose(scene, 0.3), kind),
            [PhotoWarning::TooDark],
            "{kind:?}"
        );
        assert_eq!(
            warnings_of(&expose(scene, 2.0), kind),
            [PhotoWarning::Overexposed],
            "{kind:?}"
        );
        // σ = 3 px at 1600 px ≈ σ 7.5 px at 4032 px: a shaken or out-of-focus shot.
        assert_eq!(
            warnings_of(&blur(scene, 3.0), kind),
            [PhotoWarning::Blurry],
            "{kind:?}"
        );
    }
    let far = card_scene(1600, 1200, 0.15, 12);
    assert_eq!(
        warnings_of(&far, PhotoKind::IdFront),
        [PhotoWarning::CardTooSmall]
    );
    // The same picture as a portrait is not checked for a card.
    assert!(!warnings_of(&far, PhotoKind::Portrait).contains(&PhotoWarning::CardTooSmall));
    let small = card_scene(640, 480, 0.6, 13);
    assert!(warnings_of(&small, PhotoKind::IdFront).contains(&PhotoWarning::TooSmall));
}
