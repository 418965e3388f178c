#!/usr/bin/env bash
# Checks a built iOS app (the .app folder) against what the app promises (ios/README.md, "What
# the workflow checks"). Runs in .github/workflows/mobile.yml after the simulator build and the
# copy of ios/{vi,en}.lproj, and on any .app:
#
#   scripts/check-ios-app.sh target/dx/vssid-app/debug/ios/VssidApp.app
#
# Info.plist (dx writes it from assets/ios/ios.plist.hbs and Dioxus.toml):
#   * CFBundleIdentifier is Dioxus.toml's identifier;
#   * MinimumOSVersion is [ios.plist] MinimumOSVersion, and equals IPHONEOS_DEPLOYMENT_TARGET
#     when that is set (the version the Rust code was built for);
#   * NSCameraUsageDescription is [permissions] camera's text, and CFBundleLocalizations has vi
#     and en;
# vi.lproj/InfoPlist.strings and en.lproj/InfoPlist.strings hold the camera text in Vietnamese
# and in English (the bilingual Info.plist text contains both), and the app's name;
# with macOS's otool, the executable's minimum iOS version (LC_BUILD_VERSION minos) is
# MinimumOSVersion; with plutil, every plist and .strings file passes `plutil -lint`.
# Reading is done by Python's plistlib, the same on macOS and Linux (scripts/test-bundle-checks.sh
# runs this script on a sample app).
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
app=${1:?usage: scripts/check-ios-app.sh <App.app>}
[ -f "$app/Info.plist" ] || { echo "check-ios-app: no Info.plist in $app" >&2; exit 1; }

failures=0
fail() {
  echo "check-ios-app: FAIL: $*" >&2
  failures=$((failures + 1))
}

# macOS's tools; PLUTIL= or OTOOL= (empty) leaves their checks out.
plutil=${PLUTIL-plutil}
otool=${OTOOL-otool}
if [ -n "$plutil" ] && command -v "$plutil" >/dev/null; then
  for file in "$app/Info.plist" "$app"/*.lproj/InfoPlist.strings; do
    [ -f "$file" ] || continue
    "$plutil" -lint "$file" >/dev/null || fail "plutil -lint $file"
  done
fi

{
  read -r identifier
  read -r minimum_os
  read -r camera_text
} < <(python3 "$root/scripts/lib/dioxus_toml.py" "$root/Dioxus.toml" \
  ios_identifier ios_minimum_os ios_camera_text)

# Prints "ok: …" and "FAIL: …" lines; the executable's name last, as "executable: <name>".
results=$(
  EXPECT_IDENTIFIER=$identifier EXPECT_MINIMUM_OS=$minimum_os EXPECT_CAMERA_TEXT=$camera_text \
    python3 - "$app" <<'PY'
import os, plistlib, re, sys

app = sys.argv[1]
identifier = os.environ["EXPECT_IDENTIFIER"]
minimum_os = os.environ["EXPECT_MINIMUM_OS"]
camera_text = os.environ["EXPECT_CAMERA_TEXT"]
deployment_target = os.environ.get("IPHONEOS_DEPLOYMENT_TARGET", "")


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)


def strings_file(path):
    """Reads an old-style .strings file ("key" = "value"; with /* */ and // comments)."""
    raw = open(path, "rb").read()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        text = raw.decode("utf-8-sig")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"(?m)^\s*//.*$", "", text)
    entry = r'"((?:[^"\\]|\\.)*)"\s*=\s*"((?:[^"\\]|\\.)*)"\s*;'
    unescape = lambda s: re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), s)
    rest = re.sub(entry, "", text).strip()
    if rest:
        raise ValueError(f"not a .strings entry: {rest[:60]!r}")
    return {unescape(k): unescape(v) for k, v in re.findall(entry, text)}


with open(os.path.join(app, "Info.plist"), "rb") as file:
    plist = plistlib.load(file)

got = plist.get("CFBundleIdentifier")
check(got == identifier, f"CFBundleIdentifier {got!r}, expected {identifier!r}")

got = plist.get("MinimumOSVersion")
check(bool(minimum_os) and got == minimum_os,
      f"MinimumOSVersion {got!r}, expected {minimum_os!r} ([ios.plist] MinimumOSVersion)")
if deployment_target:
    check(got == deployment_target,
          f"MinimumOSVersion {got!r} equals IPHONEOS_DEPLOYMENT_TARGET {deployment_target!r}")

fallback = plist.get("NSCameraUsageDescription", "")
check(bool(camera_text) and fallback == camera_text,
      "NSCameraUsageDescription is [permissions] camera's text")

localizations = plist.get("CFBundleLocalizations", [])
check("vi" in localizations and "en" in localizations,
      f"CFBundleLocalizations {localizations!r} has vi and en")

texts = {}
for language in ("vi", "en"):
    path = os.path.join(app, f"{language}.lproj", "InfoPlist.strings")
    if not os.path.isfile(path):
        check(False, f"{language}.lproj/InfoPlist.strings is in the app")
        continue
    try:
        entries = strings_file(path)
    except (ValueError, UnicodeDecodeError) as error:
        check(False, f"{language}.lproj/InfoPlist.strings is readable: {error}")
        continue
    text = entries.get("NSCameraUsageDescription", "").strip()
    texts[language] = text
    check(bool(text), f"{language}.lproj has NSCameraUsageDescription")
    check(bool(entries.get("CFBundleDisplayName", "").strip()),
          f"{language}.lproj has CFBundleDisplayName")
    check(text in fallback, f"Info.plist's camera text contains the {language} one")

if "vi" in texts and "en" in texts:
    # Vietnamese is written with diacritics; the English text has none.
    check(any(ord(c) > 127 and c.isalpha() for c in texts["vi"]),
          "the vi camera text is Vietnamese (has diacritics)")
    check(texts["en"].isascii() and texts["en"] != texts["vi"],
          "the en camera text is English (plain ASCII, not the vi one)")

print("executable: " + str(plist.get("CFBundleExecutable", "")))
PY
) || { echo "check-ios-app: could not read $app/Info.plist" >&2; exit 1; }
while IFS= read -r line; do
  case "$line" in
    "ok: "*) echo "check-ios-app: $line" ;;
    "FAIL: "*) fail "${line#FAIL: }" ;;
    "executable: "*) executable=${line#executable: } ;;
  esac
done <<<"$results"

# The executable's own minimum iOS version: what rustc and cc were told through
# IPHONEOS_DEPLOYMENT_TARGET (dx does not set it, .github/workflows/mobile.yml does).
if [ -z "${executable:-}" ] || [ ! -f "$app/$executable" ]; then
  fail "the executable named by CFBundleExecutable (${executable:-none}) is not in the app"
elif [ -n "$otool" ] && command -v "$otool" >/dev/null; then
  minos=$("$otool" -l "$app/$executable" | awk '
    /cmd LC_BUILD_VERSION/ { build = 1 }
    build && $1 == "minos" { print $2; exit }
    /cmd LC_VERSION_MIN_IPHONEOS/ { old = 1 }
    old && $1 == "version" { print $2; exit }')
  if [ "$minos" = "$minimum_os" ]; then
    echo "check-ios-app: ok: $executable is built for iOS $minos and later"
  else
    fail "$executable is built for iOS ${minos:-?} and later, Info.plist says $minimum_os"
  fi
else
  echo "check-ios-app: skipped: the executable's minimum iOS version (no otool here)"
fi

if [ "$failures" -gt 0 ]; then
  echo "check-ios-app: $failures check(s) failed for $app" >&2
  exit 1
fi
echo "check-ios-app: $app passes every check"
