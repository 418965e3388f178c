//! `vssid photo` end to end: the JPEG written, the JSON report, refusals and usage errors.

use vssid_cli::run_captured as run;

const EXIF_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/testdata/exif");

fn temp_path(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("vssid-cli-photo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).to_string_lossy().into_owned()
}

#[test]
fn a_rotated_photo_is_written_upright_with_a_json_report() {
    let input = format!("{EXIF_DIR}/Landscape_6.jpg");
    let output = temp_path("landscape6.jpg");
    let (code, out, err) = run(&["photo", "id-front", &input, &output, "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["orientation"], 6);
    assert_eq!(report["input_width"], 1200);
    assert_eq!(report["input_height"], 1800);
    assert_eq!(report["output_width"], 1600);
    assert_eq!(report["output_height"], 1067);
    assert_eq!(report["kind"], "id_front");
    let written = std::fs::read(&output).unwrap();
    assert_eq!(report["output_bytes"], written.len());
    assert!(written.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert!(!written.windows(6).any(|w| w == b"Exif\0\0"));
    // Each warning carries its code and a message in the chosen language.
    for warning in report["warnings"].as_array().unwrap() {
        assert!(warning["code"].as_str().unwrap().starts_with("photo_"));
        assert!(!warning["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        report["retake"],
        !report["warnings"].as_array().unwrap().is_empty()
    );
}

#[test]
fn refused_input_exits_1_with_a_localized_message() {
    let input = temp_path("photo.heic");
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(&[0; 64]);
    std::fs::write(&input, heic).unwrap();
    let output = temp_path("never.jpg");
    let (code, _, err) = run(&["photo", "portrait", &input, &output]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Định dạng ảnh HEIC không được hỗ trợ"),
        "{err}"
    );
    let (code, out, err) = run(&[
        "photo", "portrait", &input, &output, "--json", "--lang", "en",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("HEIC image format is not supported"), "{err}");
    let body: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(body["error"]["code"], "photo_unsupported_format");
    assert!(!std::path::Path::new(&output).exists());

    // An oversized file is refused from its size, before it is read.
    let huge = temp_path("huge.jpg");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(26 * 1024 * 1024).unwrap();
    let (code, out, _) = run(&["photo", "id-front", &huge, &output, "--json"]);
    assert_eq!(code, 1);
    let body: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(body["error"]["code"], "photo_file_too_large", "{out}");
    assert!(!std::path::Path::new(&output).exists());

    let (code, _, err) = run(&["photo", "portrait", "/nonexistent/photo.jpg", &output]);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/photo.jpg"));
}

#[test]
fn bad_arguments_are_usage_errors() {
    let (code, _, err) = run(&["photo", "selfie", "a.jpg", "b.jpg"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown photo kind: selfie"));
    let (code, _, err) = run(&["photo", "portrait", "a.jpg"]);
    assert_eq!(code, 2);
    assert!(err.contains("Usage: vssid photo"), "{err}");
}
