//! Photo metadata never reaches the service's storage: a camera JPEG with EXIF (camera make
//! and model, GPS position, orientation) goes through the core's photo pipeline and the API
//! client, and the JPEG the service stores carries no EXIF/XMP/IPTC segment; the same JPEG sent
//! raw is refused beside its field (`photo_has_metadata`, 422) and nothing is stored.

use crate::common;

use common::{valid_submission, TestService};
use std::io::Cursor;
use vssid_client::{ApiError, Submission};
use vssid_core::photo::{process_photo, PhotoKind, PhotoLimits};

const CAMERA_JPEG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/testdata/exif/Landscape_6.jpg"
);

/// A big-endian TIFF structure with IFD0 (Make, Model, Orientation 6, a GPS pointer) and a
/// GPS IFD (latitude 10°46'30" N, longitude 106°41'12" E), as an APP1 "Exif" payload.
fn exif_payload() -> Vec<u8> {
    fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
        out.extend_from_slice(&tag.to_be_bytes());
        out.extend_from_slice(&kind.to_be_bytes());
        out.extend_from_slice(&count.to_be_bytes());
        out.extend_from_slice(&value);
    }
    const ASCII: u16 = 2;
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const RATIONAL: u16 = 5;
    let make = b"Canon\0";
    let model = b"Canon EOS 5D\0";
    // Layout: header 8, IFD0 at 8 (4 entries: 2+48+4 = 54) -> 62, Make at 62 (6) -> 68,
    // Model at 68 (13) -> 81, pad -> 82, GPS IFD at 82 (54) -> 136, latitude at 136 (24),
    // longitude at 160 (24) -> 184.
    let mut t = b"MM\0\x2A\0\0\0\x08".to_vec();
    t.extend_from_slice(&4u16.to_be_bytes());
    entry(
        &mut t,
        0x010F,
        ASCII,
        make.len() as u32,
        62u32.to_be_bytes(),
    );
    entry(
        &mut t,
        0x0110,
        ASCII,
        model.len() as u32,
        68u32.to_be_bytes(),
    );
    entry(&mut t, 0x0112, SHORT, 1, [0, 6, 0, 0]);
    entry(&mut t, 0x8825, LONG, 1, 82u32.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    t.extend_from_slice(make);
    t.extend_from_slice(model);
    t.push(0);
    assert_eq!(t.len(), 82);
    t.extend_from_slice(&4u16.to_be_bytes());
    entry(&mut t, 0x0001, ASCII, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, RATIONAL, 3, 136u32.to_be_bytes());
    entry(&mut t, 0x0003, ASCII, 2, *b"E\0\0\0");
    entry(&mut t, 0x0004, RATIONAL, 3, 160u32.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(t.len(), 136);
    for (num, den) in [
        (10u32, 1u32),
        (46, 1),
        (3000, 100),
        (106, 1),
        (41, 1),
        (1200, 100),
    ] {
        t.extend_from_slice(&num.to_be_bytes());
        t.extend_from_slice(&den.to_be_bytes());
    }
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&t);
    payload
}

/// The header segments of a JPEG up to the scan: (marker, payload).
fn segments(jpeg: &[u8]) -> Vec<(u8, &[u8])> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "not a JPEG");
    let mut out = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        out.push((marker, &jpeg[at + 4..at + 2 + length]));
        at += 2 + length;
    }
    out
}

/// The camera test picture with its APP1 replaced by [`exif_payload`].
fn camera_jpeg_with_gps() -> Vec<u8> {
    let original = std::fs::read(CAMERA_JPEG).expect("shared/testdata/exif (see SOURCES.md)");
    let payload = exif_payload();
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    let mut at = 2;
    while original[at] == 0xFF && original[at + 1] != 0xDA {
        let length = usize::from(u16::from_be_bytes([original[at + 2], original[at + 3]]));
        if original[at + 1] != 0xE1 {
            out.extend_from_slice(&original[at..at + 2 + length]);
        }
        at += 2 + length;
    }
    out.extend_from_slice(&original[at..]);
    out
}

fn read_exif(jpeg: &[u8]) -> Option<exif::Exif> {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(jpeg))
        .ok()
}

fn assert_carries_no_metadata(jpeg: &[u8], what: &str) {
    for (marker, payload) in segments(jpeg) {
        assert!(
            !matches!(marker, 0xE1 | 0xED),
            "{what}: APP{} segment ({} bytes) left",
            marker - 0xE0,
            payload.len()
        );
    }
    assert!(read_exif(jpeg).is_none(), "{what}: EXIF readable");
    for needle in [&b"Exif\0"[..], b"Canon", b"http://ns.adobe.com/xap"] {
        assert!(
            !jpeg.windows(needle.len()).any(|w| w == needle),
            "{what}: {:?} found",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn the_test_picture_really_carries_camera_and_gps_data() {
    let jpeg = camera_jpeg_with_gps();
    let exif = read_exif(&jpeg).expect("EXIF readable");
    let field = |tag| exif.get_field(tag, exif::In::PRIMARY);
    let make = field(exif::Tag::Make).expect("Make");
    assert_eq!(make.display_value().to_string(), "\"Canon\"");
    assert!(field(exif::Tag::Model).is_some());
    assert!(field(exif::Tag::GPSLatitude).is_some());
    assert!(field(exif::Tag::GPSLongitude).is_some());
    let orientation = field(exif::Tag::Orientation).expect("Orientation");
    assert_eq!(orientation.value.get_uint(0), Some(6));
}

#[tokio::test]
async fn photos_from_the_pipeline_are_stored_without_metadata() {
    let service = TestService::start().await;
    let camera = camera_jpeg_with_gps();
    // A small output edge keeps the pipeline quick in debug builds; stripping does not
    // depend on the size.
    let limits = PhotoLimits {
        max_edge: 640,
        ..PhotoLimits::default()
    };
    let process = |kind| {
        let processed = process_photo(&camera, kind, &limits, &mut |_| {}).expect("processed");
        assert_eq!(processed.report.orientation, 6, "the orientation was read");
        processed.jpeg
    };
    let mut submission: Submission = valid_submission();
    submission.portrait = process(PhotoKind::Portrait);
    submission.id_front = process(PhotoKind::IdFront);
    submission.id_back = process(PhotoKind::IdBack);
    let receipt = service
        .client()
        .submit(&submission, |_| {})
        .await
        .expect("accepted");

    let photos = service.state.store().photos(&receipt.id).unwrap();
    assert_eq!(photos.len(), 3);
    for photo in photos {
        let stored = std::fs::read(service.state.photo_directory().path_of(&photo.sha256)).unwrap();
        assert_carries_no_metadata(&stored, photo.slot.part_name());
        // Turned upright from the EXIF orientation: the stored picture is landscape.
        assert!(photo.width > photo.height, "{photo:?}");
    }
}

#[tokio::test]
async fn a_raw_jpeg_with_exif_is_refused_beside_its_field() {
    let service = TestService::start().await;
    let mut submission = valid_submission();
    submission.id_front = camera_jpeg_with_gps();
    match service.client().submit(&submission, |_| {}).await {
        Err(ApiError::InvalidFields(errors)) => {
            let codes: Vec<(&str, &str)> = errors
                .iter()
                .map(|(field, error)| (field.as_str(), error.code.as_str()))
                .collect();
            assert_eq!(codes, vec![("id_front", "photo_has_metadata")]);
            let error = &errors.values().next().unwrap();
            assert!(error.vi.contains("EXIF") && error.en.contains("EXIF"));
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert_eq!(service.count(), 0);
    let stored = std::fs::read_dir(service.state.config().photos_path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "jpg"))
        .count();
    assert_eq!(
        stored, 0,
        "no photo file written for a refused registration"
    );
}
