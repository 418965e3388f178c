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

/// Finding 10 of issue 14: Android's Auto Backup and device transfer would copy the draft (a
/// whole identity) and the ID-card photos off the phone. dx 0.7.10 writes its own manifest, so
/// `scripts/android-patch-project.sh` patches the generated project (here dx's manifest as it
/// renders for this app) and the phone workflow runs it between `dx bundle` and Gradle, then
/// checks the built APK's manifest with `scripts/check-apk.sh`.
#[test]
fn finding_10_the_android_manifest_keeps_the_data_out_of_backups() {
    let project = tempfile::tempdir().expect("temp dir");
    let main = project.path().join("app/src/main");
    std::fs::create_dir_all(&main).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/dx-0.7.10-AndroidManifest.xml"),
        main.join("AndroidManifest.xml"),
    )
    .unwrap();
    for _ in 0..2 {
        let status = std::process::Command::new("bash")
            .arg(root().join("scripts/android-patch-project.sh"))
            .arg(project.path())
            .status()
            .expect("bash runs");
        assert!(status.success(), "the patch runs, twice too");
    }
    let manifest = std::fs::read_to_string(main.join("AndroidManifest.xml")).unwrap();
    let start = manifest.find("<application").expect("an application");
    let application = &manifest[start..start + manifest[start..].find('>').unwrap()];
    for attribute in [
        "android:allowBackup=\"false\"",
        "android:fullBackupContent=\"false\"",
        "android:dataExtractionRules=\"@xml/data_extraction_rules\"",
    ] {
        assert_eq!(
            application.matches(attribute).count(),
            1,
            "{attribute} in {application}"
        );
        assert_eq!(manifest.matches(attribute).count(), 1);
    }

    let rules = std::fs::read_to_string(main.join("res/xml/data_extraction_rules.xml")).unwrap();
    for section in ["cloud-backup", "device-transfer"] {
        let open = rules.find(&format!("<{section}>")).expect(section);
        let close = rules.find(&format!("</{section}>")).expect(section);
        let body = &rules[open..close];
        for domain in ["root", "file", "database", "sharedpref", "external"] {
            assert!(
                body.contains(&format!("<exclude domain=\"{domain}\" path=\".\" />")),
                "{section} keeps {domain}"
            );
        }
        assert!(!body.contains("<include"), "{section} includes something");
    }

    let workflow = std::fs::read_to_string(root().join(".github/workflows/mobile.yml")).unwrap();
    let at = |text: &str| {
        workflow
            .find(text)
            .unwrap_or_else(|| panic!("mobile.yml: no {text}"))
    };
    assert!(at("dx bundle --platform android") < at("scripts/android-patch-project.sh target/"));
    assert!(at("scripts/android-patch-project.sh target/") < at("./gradlew assembleDebug"));
    assert!(at("./gradlew assembleDebug") < at("scripts/check-apk.sh --debug-signed"));
    assert!(at("scripts/check-apk.sh --debug-signed") < at("actions/upload-artifact"));
    let check = std::fs::read_to_string(root().join("scripts/check-apk.sh")).unwrap();
    for attribute in ["allowBackup", "fullBackupContent", "dataExtractionRules"] {
        assert!(
            check.contains(attribute),
            "scripts/check-apk.sh checks {attribute}"
        );
    }
}
