"""Prints the packaging values of Dioxus.toml the way dx 0.7.10 resolves them, one per line.

    python3 scripts/lib/dioxus_toml.py Dioxus.toml android_identifier android_min_sdk

Used by scripts/check-apk.sh, scripts/check-ios-app.sh and scripts/check-mobile.sh, so that the
checks expect what Dioxus.toml says instead of a second copy of it. Defaults are dx's
(packages/cli/src/...):

  android_identifier  [android] identifier, else [bundle] identifier (config/dioxus_config.rs:88-98)
  ios_identifier      [ios] identifier, else [bundle] identifier (same)
  android_min_sdk     [android] min_sdk, default 24: the manifest's minSdk (build/android.rs:184)
  android_ndk_api     [application] android_min_sdk_version, default 28: the API level the native
                      library is compiled and linked for (build/android.rs:1018-1023, request.rs:827)
  android_lib_name    [android] lib_name, default "main": lib<name>.so (build/android.rs:1027-1033)
  ios_minimum_os      [ios.plist] MinimumOSVersion, empty if unset (dx's template has none)
  ios_camera_text     [permissions] camera description: NSCameraUsageDescription
"""

import sys
import tomllib


def resolve(config, key):
    application = config.get("application", {})
    bundle = config.get("bundle", {})
    android = config.get("android", {})
    ios = config.get("ios", {})
    values = {
        "android_identifier": lambda: android.get("identifier") or bundle.get("identifier") or "",
        "ios_identifier": lambda: ios.get("identifier") or bundle.get("identifier") or "",
        "android_min_sdk": lambda: android.get("min_sdk", 24),
        "android_ndk_api": lambda: application.get("android_min_sdk_version", 28),
        "android_lib_name": lambda: android.get("lib_name", "main"),
        "ios_minimum_os": lambda: ios.get("plist", {}).get("MinimumOSVersion", ""),
        "ios_camera_text": lambda: config.get("permissions", {})
        .get("camera", {})
        .get("description", ""),
    }
    if key not in values:
        raise SystemExit(f"dioxus_toml.py: unknown key {key!r} (known: {', '.join(values)})")
    value = str(values[key]())
    if "\n" in value:
        raise SystemExit(f"dioxus_toml.py: {key} spans several lines")
    return value


def main(argv):
    if len(argv) < 3:
        raise SystemExit("usage: dioxus_toml.py <Dioxus.toml> <key>...")
    with open(argv[1], "rb") as file:
        config = tomllib.load(file)
    for key in argv[2:]:
        print(resolve(config, key))


if __name__ == "__main__":
    main(sys.argv)
