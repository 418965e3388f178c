//! Checks `Dioxus.toml`, the packaging of the phone apps: a reverse-DNS identifier, the camera
//! purpose in Vietnamese and English, icons that exist, and no permission the app does not use.

use std::path::Path;
use toml::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> Value {
    let text =
        std::fs::read_to_string(root().join("Dioxus.toml")).expect("Dioxus.toml is readable");
    text.parse::<Value>().expect("Dioxus.toml is valid TOML")
}

fn table<'a>(value: &'a Value, key: &str) -> &'a toml::value::Table {
    value
        .get(key)
        .and_then(Value::as_table)
        .unwrap_or_else(|| panic!("[{key}] is a table"))
}

fn string<'a>(table: &'a toml::value::Table, key: &str) -> &'a str {
    table
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{key} is a string"))
}

#[test]
fn identifier_is_reverse_dns_and_not_the_official_one() {
    let config = config();
    let identifier = string(table(&config, "bundle"), "identifier");
    let labels: Vec<&str> = identifier.split('.').collect();
    assert!(labels.len() >= 2, "{identifier} has no dot");
    for label in &labels {
        assert!(
            !label.is_empty()
                && label.starts_with(|c: char| c.is_ascii_lowercase())
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{identifier}: label {label:?} is not a Java package name part"
        );
    }
    let lower = identifier.to_lowercase();
    for official in ["gov.vn", "baohiemxahoi", "vss.vssid", "bhxh"] {
        assert!(!lower.contains(official), "{identifier} looks official");
    }
}

#[test]
fn application_has_a_name_and_bundle_a_publisher_and_version() {
    let config = config();
    assert!(!string(table(&config, "application"), "name")
        .trim()
        .is_empty());
    let bundle = table(&config, "bundle");
    assert!(!string(bundle, "publisher").trim().is_empty());
    let version = string(bundle, "version");
    assert_eq!(
        version,
        env!("CARGO_PKG_VERSION"),
        "bundle version follows Cargo.toml"
    );
}

#[test]
fn camera_purpose_is_in_vietnamese_and_english() {
    let config = config();
    let camera = table(&config, "permissions")
        .get("camera")
        .and_then(|camera| camera.get("description"))
        .and_then(Value::as_str)
        .expect("camera has a description");
    // Vietnamese: words with their diacritics.
    for word in ["máy ảnh", "chân dung", "CCCD", "đăng ký"] {
        assert!(
            camera.contains(word),
            "Vietnamese part lacks {word:?}: {camera}"
        );
    }
    for word in ["camera", "portrait", "ID card", "registration"] {
        assert!(
            camera.contains(word),
            "English part lacks {word:?}: {camera}"
        );
    }
}

#[test]
fn every_icon_listed_exists_as_a_square_png() {
    let config = config();
    let icons = table(&config, "bundle")
        .get("icon")
        .and_then(Value::as_array)
        .expect("bundle.icon is a list");
    assert!(!icons.is_empty());
    for icon in icons {
        let path = root().join(icon.as_str().expect("icon path is a string"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            &bytes[..8],
            b"\x89PNG\r\n\x1a\n",
            "{} is not a PNG",
            path.display()
        );
        // IHDR: width and height, big-endian, right after the chunk header.
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!(width, height, "{} is not square", path.display());
    }
    assert!(
        icons
            .iter()
            .any(|i| i.as_str() == Some("assets/icons/1024x1024.png")),
        "the 1024 px icon the stores ask for is listed"
    );
}

#[test]
fn no_permission_beyond_what_the_app_uses() {
    let config = config();
    let permissions: Vec<&String> = table(&config, "permissions").keys().collect();
    assert_eq!(permissions, ["camera"], "unexpected [permissions]");
    // No raw platform permissions either (dx always adds android.permission.INTERNET).
    if let Some(android) = config.get("android") {
        assert!(
            android.get("permissions").is_none(),
            "[android.permissions] is set"
        );
        let raw = android
            .get("raw")
            .and_then(|raw| raw.get("manifest"))
            .and_then(Value::as_str)
            .unwrap_or("");
        assert!(
            !raw.contains("uses-permission"),
            "raw manifest adds a permission"
        );
    }
    if let Some(plist) = config.get("ios").and_then(|ios| ios.get("plist")) {
        let keys: Vec<&String> = plist.as_table().expect("[ios.plist]").keys().collect();
        assert!(
            keys.iter().all(|k| !k.ends_with("UsageDescription")),
            "extra iOS usage description in {keys:?}"
        );
    }
}
