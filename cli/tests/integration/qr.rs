//! `vssid qr` end to end on generated card photos (fake data).

use vssid_cli::run_captured as run;
use vssid_testkit::cards::{self, CardModel, Scene};

fn write_temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("vssid-cli-qr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_card_photo_prints_its_fields_as_json() {
    let sample = cards::render(&Scene::easy(CardModel::Chip2021Front, (640, 480), 41));
    let path = write_temp("card.jpg", &sample.bytes);
    let (code, out, err) = run(&["qr", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fields: Vec<&str> = sample.payload.split('|').collect();
    assert_eq!(json["id_number"], fields[0]);
    assert_eq!(json["full_name"], fields[2]);
    let dob = fields[3];
    assert_eq!(
        json["date_of_birth"],
        format!("{}-{}-{}", &dob[4..8], &dob[2..4], &dob[0..2])
    );
    assert_eq!(json["address"], fields[5]);
}

#[test]
fn a_photo_without_qr_says_why_in_the_chosen_language() {
    let mut png = Vec::new();
    image::GrayImage::from_pixel(120, 80, image::Luma([200]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let path = write_temp("blank.png", &png);
    let (code, out, err) = run(&["qr", "--lang", "en", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("No QR code"), "{err}");
    let (code, out, err) = run(&["qr", "--json", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["error"]["code"], "qr_not_found");
    assert!(err.contains("Không tìm thấy mã QR"), "{err}");
}

#[test]
fn bad_files_and_bad_usage_are_refused() {
    let path = write_temp("notes.txt", b"just text");
    let (code, _, err) = run(&["qr", "--lang", "en", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("not a JPEG or PNG"), "{err}");
    let (code, _, err) = run(&["qr", "--lang", "en", "/nonexistent/card.jpg"]);
    assert_eq!(code, 1);
    assert!(err.contains("Cannot read"), "{err}");
    assert_eq!(run(&["qr"]).0, 2);
    assert_eq!(run(&["qr", "a.jpg", "b.jpg"]).0, 2);
}
