//! Decoding CCCD QR codes in generated card photos (fake data): one photo per hard condition,
//! kept small so the test stays fast in debug builds.

use vssid_core::qr::{self, QrError};
use vssid_core::Localized;
use vssid_testkit::cards::{self, CardModel, Scene};

fn assert_reads(scene: &Scene) {
    assert_reads_sample(scene, &cards::render(scene));
}

fn assert_reads_sample(scene: &Scene, sample: &cards::Sample) {
    match qr::read_cccd(&sample.bytes) {
        Ok(scan) => {
            assert_eq!(scan.payload, sample.payload, "{scene:?}");
            let expected_id = sample.payload.split('|').next().unwrap();
            assert_eq!(scan.data.id_number, expected_id);
        }
        Err(e) => panic!("{scene:?}: {} ({})", e.code(), e),
    }
}

const SIZE: (u32, u32) = (800, 600);

#[test]
fn an_upright_front_and_back_are_read() {
    assert_reads(&Scene::easy(CardModel::Chip2021Front, SIZE, 1));
    let mut back = Scene::easy(CardModel::CanCuoc2024Back, SIZE, 2);
    back.jpeg_quality = None;
    assert_reads(&back);
}

#[test]
fn rotation_and_perspective_are_tolerated() {
    let mut scene = Scene::easy(CardModel::Chip2021Front, SIZE, 3);
    scene.rotation_degrees = 17.0;
    scene.tilt = 0.06;
    scene.card_fraction = 0.75;
    assert_reads(&scene);
    let mut sideways = Scene::easy(CardModel::CanCuoc2024Back, SIZE, 4);
    sideways.rotation_degrees = 92.0;
    sideways.card_fraction = 0.7;
    assert_reads(&sideways);
}

#[test]
fn blur_noise_and_uneven_light_are_tolerated() {
    let mut scene = Scene::easy(CardModel::Chip2021Front, (1000, 750), 5);
    scene.card_fraction = 0.85;
    scene.blur = 1;
    scene.noise = 6.0;
    scene.jpeg_quality = Some(75);
    assert_reads(&scene);
    let mut shaded = Scene::easy(CardModel::Chip2021Front, SIZE, 6);
    shaded.uneven_light = 0.9;
    shaded.contrast = 0.7;
    assert_reads(&shaded);
}

#[test]
fn exif_orientation_is_applied_before_decoding() {
    let mut scene = Scene::easy(CardModel::Chip2021Front, SIZE, 7);
    scene.exif_orientation_6 = true;
    let sample = cards::render(&scene);
    let loaded = qr::load_gray(&sample.bytes).unwrap();
    assert_eq!(loaded.dimensions(), SIZE, "stored 600×800, shown 800×600");
    assert_reads_sample(&scene, &sample);
}

#[test]
fn a_low_resolution_photo_is_read() {
    let mut scene = Scene::easy(CardModel::Chip2021Front, (480, 360), 8);
    scene.card_fraction = 0.92;
    assert_reads(&scene);
}

#[test]
fn a_card_without_qr_and_a_foreign_qr_are_told_apart() {
    let card = cards::draw_card(
        CardModel::Chip2021Front,
        "https://example.com/not-a-card",
        8.0,
        &mut cards::Rng::new(10),
    );
    let gray = image::DynamicImage::ImageRgb8(card).into_luma8();
    assert_eq!(
        qr::read_cccd_in_gray(&gray).map(|scan| scan.payload),
        Err(QrError::NotCccd(qr::PayloadError::WrongFieldCount {
            found: 1
        }))
    );
    let blank = image::GrayImage::from_fn(240, 180, |x, y| {
        image::Luma([((x * 7 + y * 3) % 200) as u8])
    });
    assert_eq!(
        qr::read_cccd_in_gray(&blank).map(|scan| scan.payload),
        Err(QrError::NotFound)
    );
}
