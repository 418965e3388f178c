#!/usr/bin/env bash
# Checks a built APK against what the app promises (android/README.md, "What the workflow
# checks", says what each check guards against). Runs in .github/workflows/mobile.yml after the
# build, and on any APK downloaded from there:
#
#   scripts/check-apk.sh [--debug-signed] <app.apk>
#
# Expected values come from Dioxus.toml as dx 0.7.10 reads it (scripts/lib/dioxus_toml.py).
# Tools, each overridable by the variable named:
#   AAPT2, APKSIGNER  newest $ANDROID_HOME/build-tools/*/ (or on PATH)
#   READELF           llvm-readelf of $ANDROID_NDK_HOME (or on PATH)
#   ANDROID_NDK_HOME  its sysroot holds the libraries of each API level; without it the check of
#                     the native library's symbols against the minimum API level is skipped
# CHECK_APK_REPORT_DIR, if set, receives what the tools printed (badging, manifest, libraries).
# Every check runs; the script lists each failure and exits 1 if there was one.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)

debug_signed=false
if [ "${1:-}" = "--debug-signed" ]; then
  debug_signed=true
  shift
fi
apk=${1:?usage: scripts/check-apk.sh [--debug-signed] <app.apk>}
[ -f "$apk" ] || { echo "check-apk: no file $apk" >&2; exit 1; }

{
  read -r package
  read -r min_sdk
  read -r ndk_api
  read -r lib_name
} < <(python3 "$root/scripts/lib/dioxus_toml.py" "$root/Dioxus.toml" \
  android_identifier android_min_sdk android_ndk_api android_lib_name)

failures=0
fail() {
  echo "check-apk: FAIL: $*" >&2
  failures=$((failures + 1))
}
pass() {
  echo "check-apk: ok: $*"
}

# --- tools -----------------------------------------------------------------------------------
sdk_tool() { # newest build-tools copy of $1, else $1 on PATH
  local found=""
  if [ -n "${ANDROID_HOME:-}" ] && [ -d "$ANDROID_HOME/build-tools" ]; then
    found=$(find "$ANDROID_HOME/build-tools" -mindepth 2 -maxdepth 2 -name "$1" | sort -V | tail -1)
  fi
  if [ -z "$found" ]; then
    found=$(command -v "$1" || true)
  fi
  [ -n "$found" ] || { echo "check-apk: $1 not found (set ANDROID_HOME or ${2})" >&2; exit 1; }
  echo "$found"
}
aapt2=${AAPT2:-$(sdk_tool aapt2 AAPT2)}
ndk_prebuilt=""
if [ -n "${ANDROID_NDK_HOME:-}" ]; then
  ndk_prebuilt=$(find "$ANDROID_NDK_HOME/toolchains/llvm/prebuilt" -mindepth 1 -maxdepth 1 -type d | head -1)
  [ -n "$ndk_prebuilt" ] || { echo "check-apk: no toolchains/llvm/prebuilt in ANDROID_NDK_HOME=$ANDROID_NDK_HOME" >&2; exit 1; }
fi
if [ -n "${READELF:-}" ]; then
  readelf=$READELF
elif [ -n "$ndk_prebuilt" ]; then
  readelf=$ndk_prebuilt/bin/llvm-readelf
else
  readelf=$(command -v llvm-readelf || true)
fi
if [ -z "$readelf" ] || ! command -v "$readelf" >/dev/null; then
  echo "check-apk: llvm-readelf not found (set ANDROID_NDK_HOME or READELF)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report() { # keep what a tool printed next to the APK's checks, for review
  if [ -n "${CHECK_APK_REPORT_DIR:-}" ]; then
    mkdir -p "$CHECK_APK_REPORT_DIR"
    cp "$1" "$CHECK_APK_REPORT_DIR/$2"
  fi
}

echo "check-apk: $apk (expecting $package, minSdk $min_sdk, lib$lib_name.so)"

# --- the two API levels dx takes from two keys ----------------------------------------------
if [ "$min_sdk" = "$ndk_api" ]; then
  pass "Dioxus.toml: [android] min_sdk = [application] android_min_sdk_version = $min_sdk"
else
  fail "Dioxus.toml: [android] min_sdk ($min_sdk, the manifest) differs from [application] android_min_sdk_version ($ndk_api, the native library)"
fi

# --- badging: identity, API level, permissions, features -------------------------------------
"$aapt2" dump badging "$apk" >"$work/badging.txt"
report "$work/badging.txt" badging.txt

if grep -q "^package: name='${package//./\\.}' " "$work/badging.txt"; then
  pass "package $package"
else
  fail "package is not $package: $(head -1 "$work/badging.txt")"
fi

if grep -qx "sdkVersion:'$min_sdk'" "$work/badging.txt"; then
  pass "minSdkVersion $min_sdk"
else
  fail "minSdkVersion is not $min_sdk: $(grep '^sdkVersion:' "$work/badging.txt" || echo none)"
fi

for permission in android.permission.INTERNET android.permission.CAMERA; do
  if grep -q "^uses-permission: name='$permission'" "$work/badging.txt"; then
    pass "permission $permission"
  else
    fail "permission $permission is missing"
  fi
done
# The only permissions: the two above and the one androidx.core declares for the app's own
# non-exported receivers (the manifest merger adds it; it grants nothing to other apps).
allowed="android.permission.INTERNET android.permission.CAMERA $package.DYNAMIC_RECEIVER_NOT_EXPORTED_PERMISSION"
unexpected=0
while read -r permission; do
  case " $allowed " in
    *" $permission "*) ;;
    *)
      fail "unexpected permission $permission (a dependency's manifest or Dioxus.toml added it)"
      unexpected=$((unexpected + 1))
      ;;
  esac
done < <(sed -nE "s/^uses-permission(-sdk-23)?: name='([^']+)'.*/\2/p" "$work/badging.txt")
[ "$unexpected" -gt 0 ] || pass "no other permission than INTERNET, CAMERA and androidx's own"

for feature in android.hardware.camera android.hardware.camera.autofocus; do
  if grep -qE "^ *uses-feature-not-required: name='${feature//./\\.}'$" "$work/badging.txt"; then
    pass "feature $feature not required"
  else
    fail "feature $feature is not declared android:required=\"false\""
  fi
done
# A required camera feature of any kind, declared or implied by the CAMERA permission
# ("uses-feature: name=…" followed by "uses-implied-feature: …").
if required=$(grep -E "^ *uses-feature(-sdk-23)?: name='android\.hardware\.camera[^']*'" "$work/badging.txt"); then
  fail "a camera feature is required: $required"
else
  pass "no camera feature required"
fi

# --- the manifest's <application>: backups and network policy ---------------------------------
"$aapt2" dump xmltree "$apk" --file AndroidManifest.xml >"$work/manifest.txt"
report "$work/manifest.txt" AndroidManifest.txt
# The attribute lines right under "E: application" (aapt2 prints "A: <ns>:<name>(<id>)=<value>",
# children as "E: …" at the same depth as the attributes).
awk '
  app == 0 && /^ *E: application / { app = 1; depth = index($0, "E:"); next }
  app == 1 {
    if (index($0, "A:") == depth + 2) { print; next }
    exit
  }
' "$work/manifest.txt" >"$work/application.txt"
[ -s "$work/application.txt" ] || fail "no <application> attributes in the manifest"

attribute_is() { # <name> <extended regex of the value>
  grep -qE ":$1\(0x[0-9a-f]+\)=($2)\$" "$work/application.txt"
}
false_value='false|\(type 0x12\)0x0'
reference_value='@0x[0-9a-f]+|@xml/[a-z_]+'
for name in allowBackup fullBackupContent; do
  if attribute_is "$name" "$false_value"; then
    pass "android:$name=false"
  else
    fail "android:$name is not false: $(grep ":$name(" "$work/application.txt" || echo 'absent (Android then backs up)')"
  fi
done
for name in dataExtractionRules networkSecurityConfig; do
  if attribute_is "$name" "$reference_value"; then
    pass "android:$name points to a resource"
  else
    fail "android:$name does not point to a resource: $(grep ":$name(" "$work/application.txt" || echo absent)"
  fi
done

# The XML files those attributes name. Debug builds keep res/xml/<name>.xml; a release build may
# shorten resource paths, then `aapt2 dump resources` says where the file went.
unzip -Z1 "$apk" >"$work/entries.txt"
resource_file() { # <xml resource name>
  if grep -qx "res/xml/$1.xml" "$work/entries.txt"; then
    echo "res/xml/$1.xml"
    return
  fi
  { "$aapt2" dump resources "$apk" 2>/dev/null || true; } | awk -v name="xml/$1" '
    $0 ~ ("[ ]" name "([ ]|$)") { found = 1 }
    found && match($0, /res\/[^ ]+/) { print substr($0, RSTART, RLENGTH); exit }
  '
}

rules=$(resource_file data_extraction_rules)
if [ -z "$rules" ]; then
  fail "no data_extraction_rules XML in the APK"
else
  "$aapt2" dump xmltree "$apk" --file "$rules" >"$work/rules.txt"
  report "$work/rules.txt" data_extraction_rules.txt
  for section in cloud-backup device-transfer; do
    if [ "$(grep -cE "^ *E: $section " "$work/rules.txt")" = 1 ]; then
      pass "data extraction rules have <$section>"
    else
      fail "data extraction rules lack <$section>"
    fi
  done
  if grep -qE '^ *E: include ' "$work/rules.txt"; then
    fail "data extraction rules include something"
  fi
  for domain in root file database sharedpref external; do
    count=$(sed -nE 's/^ *A: domain="?([a-z]+)"?.*/\1/p' "$work/rules.txt" | grep -cx "$domain" || true)
    if [ "$count" = 2 ]; then
      pass "domain $domain excluded from cloud backup and device transfer"
    else
      fail "domain $domain is excluded $count times, not 2"
    fi
  done
  if [ "$(grep -cE '^ *E: exclude ' "$work/rules.txt")" != 10 ] \
    || [ "$(grep -cE '^ *A: path="?\."?( |$)' "$work/rules.txt")" != 10 ]; then
    fail "data extraction rules are not ten whole-domain excludes"
  fi
fi

network=$(resource_file network_security_config)
if [ -z "$network" ]; then
  fail "no network_security_config XML in the APK"
else
  "$aapt2" dump xmltree "$apk" --file "$network" >"$work/network.txt"
  report "$work/network.txt" network_security_config.txt
  if awk '/^ *E: base-config / { in_base = 1; next } /^ *E: / { in_base = 0 }
      in_base && /cleartextTrafficPermitted/ && /=("?false"?|\(type 0x12\)0x0)( |$)/ { ok = 1 }
      END { exit !ok }' "$work/network.txt"; then
    pass "network policy: no plain HTTP by default"
  else
    fail "network policy: <base-config cleartextTrafficPermitted=\"false\"> is missing"
  fi
  domains=$(sed -nE "s/^ *T: '(.*)'\$/\1/p" "$work/network.txt" | tr -d '[:space:]')
  if [ "$domains" = 127.0.0.1 ] && [ "$(grep -cE '^ *E: domain ' "$work/network.txt")" = 1 ]; then
    pass "network policy: plain HTTP only to 127.0.0.1"
  else
    fail "network policy: plain HTTP allowed to other domains than 127.0.0.1: ${domains:-none}"
  fi
fi

# --- signature -------------------------------------------------------------------------------
if $debug_signed; then
  apksigner=${APKSIGNER:-$(sdk_tool apksigner APKSIGNER)}
  if "$apksigner" verify --print-certs "$apk" >"$work/signer.txt" 2>&1; then
    report "$work/signer.txt" signer.txt
    if grep -q 'certificate DN: .*CN=Android Debug' "$work/signer.txt"; then
      pass "signed with the SDK's debug key"
    else
      fail "not signed with the SDK's debug key: $(grep 'certificate DN' "$work/signer.txt" || true)"
    fi
  else
    fail "apksigner verify: $(cat "$work/signer.txt")"
  fi
fi

# --- native libraries --------------------------------------------------------------------------
# Libraries every Android device has (the NDK's stable system libraries) and the API level that
# introduced each; anything else must be packaged in the APK next to the library needing it.
system_library_api() {
  case "$1" in
    libc.so | libm.so | libdl.so | liblog.so | libz.so | libandroid.so | libjnigraphics.so) echo 21 ;;
    libEGL.so | libGLESv1_CM.so | libGLESv2.so | libGLESv3.so | libOpenSLES.so | libOpenMAXAL.so) echo 21 ;;
    libmediandk.so) echo 21 ;;
    libvulkan.so | libcamera2ndk.so) echo 24 ;;
    libaaudio.so | libnativewindow.so | libsync.so) echo 26 ;;
    libneuralnetworks.so) echo 27 ;;
    libamidi.so | libbinder_ndk.so) echo 29 ;;
    libicu.so) echo 31 ;;
    *) echo "" ;;
  esac
}
ndk_triple() {
  case "$1" in
    arm64-v8a) echo aarch64-linux-android ;;
    armeabi-v7a) echo arm-linux-androideabi ;;
    x86) echo i686-linux-android ;;
    x86_64) echo x86_64-linux-android ;;
  esac
}
elf_machine() {
  case "$1" in
    arm64-v8a) echo AArch64 ;;
    armeabi-v7a) echo ARM ;;
    x86) echo 'Intel 80386' ;;
    x86_64) echo 'Advanced Micro Devices X86-64' ;;
  esac
}
needed_of() {
  { "$readelf" -d -W "$1" 2>/dev/null || true; } | sed -nE 's/.*\(NEEDED\).*\[(.*)\].*/\1/p'
}
# Dynamic symbols as "<UND|DEF> <GLOBAL|WEAK|…> <name without @version>", from lines like
#   12: 0000000000000000  0 FUNC  GLOBAL DEFAULT  UND memcpy@LIBC      (llvm-readelf)
#   12: 0000000000000000  0 FUNC  GLOBAL DEFAULT  UND memcpy@LIBC (2)  (GNU readelf)
symbols_of() {
  { "$readelf" --dyn-syms -W "$1" 2>/dev/null || true; } | awk '
    $1 ~ /^[0-9]+:$/ && NF >= 8 {
      name = $NF; section = $(NF - 1)
      if (name ~ /^\([0-9]+\)$/) { name = $(NF - 1); section = $(NF - 2) }
      sub(/@.*/, "", name)
      print (section == "UND" ? "UND" : "DEF"), $5, name
    }'
}

sysroot=""
if [ -n "$ndk_prebuilt" ]; then
  sysroot=$ndk_prebuilt/sysroot
fi

mkdir -p "$work/lib"
grep -E '^lib/[^/]+/[^/]+\.so$' "$work/entries.txt" >"$work/libs.txt" || true
if [ ! -s "$work/libs.txt" ]; then
  fail "no native library in the APK (lib/<abi>/*.so)"
else
  unzip -q -o "$apk" 'lib/*' -d "$work"
fi
: >"$work/needed-report.txt"
for abi_dir in "$work"/lib/*/; do
  [ -d "$abi_dir" ] || continue
  abi=$(basename "$abi_dir")
  if [ -f "$abi_dir/lib$lib_name.so" ]; then
    pass "$abi: lib$lib_name.so (the library the manifest's android.app.lib_name loads)"
  else
    fail "$abi: no lib$lib_name.so"
  fi
  for so in "$abi_dir"*.so; do
    [ -f "$so" ] || continue
    library=$(basename "$so")
    machine=$({ "$readelf" -h "$so" 2>/dev/null || true; } | sed -nE 's/^ *Machine: *(.*)$/\1/p')
    if [ "$machine" != "$(elf_machine "$abi")" ]; then
      fail "$abi/$library is built for ${machine:-an unknown machine}, not $abi"
    fi
    needed=$(needed_of "$so")
    echo "$abi/$library: ${needed//$'\n'/ }" >>"$work/needed-report.txt"
    echo "check-apk: $abi/$library needs: ${needed//$'\n'/ }"
    undefined=$(symbols_of "$so" | awk '$1 == "UND" && $2 == "GLOBAL" { print $3 }' | sort -u)
    : >"$work/defined.txt"
    symbols_checked=true
    for dependency in $needed; do
      if [ -f "$abi_dir/$dependency" ]; then
        symbols_of "$abi_dir/$dependency" | awk '$1 == "DEF" { print $3 }' >>"$work/defined.txt"
        continue
      fi
      api=$(system_library_api "$dependency")
      if [ -z "$api" ]; then
        if [ "$dependency" = libc++_shared.so ]; then
          fail "$abi/$library needs libc++_shared.so, which is not packaged in lib/$abi/"
        else
          fail "$abi/$library needs $dependency, which is neither an Android system library nor packaged in lib/$abi/"
        fi
        symbols_checked=false
        continue
      fi
      if [ "$api" -gt "$min_sdk" ]; then
        fail "$abi/$library needs $dependency, which Android has from API $api only (minSdk is $min_sdk)"
      fi
      if [ -n "$sysroot" ]; then
        stub=$sysroot/usr/lib/$(ndk_triple "$abi")/$min_sdk/$dependency
        if [ -f "$stub" ]; then
          symbols_of "$stub" | awk '$1 == "DEF" { print $3 }' >>"$work/defined.txt"
        else
          fail "$abi/$library needs $dependency, absent from the NDK at API $min_sdk ($stub)"
          symbols_checked=false
        fi
      fi
    done
    # Every symbol the library takes from others (weak ones may stay unresolved) must be in one
    # of the libraries it names, as they are at the minimum API level: otherwise Android refuses
    # to load it ("cannot locate symbol") on the oldest versions the manifest lets install it.
    if [ -z "$sysroot" ]; then
      echo "check-apk: skipped: $abi/$library's symbols against API $min_sdk (set ANDROID_NDK_HOME)"
    elif $symbols_checked; then
      missing=$(comm -23 <(echo "$undefined" | sed '/^$/d') <(sort -u "$work/defined.txt"))
      if [ -z "$missing" ]; then
        pass "$abi/$library: every symbol it uses exists at API $min_sdk"
      else
        fail "$abi/$library uses symbols that its libraries lack at API $min_sdk: $(echo "$missing" | head -20 | tr '\n' ' ')"
      fi
    fi
  done
done
report "$work/needed-report.txt" needed.txt

if [ "$failures" -gt 0 ]; then
  echo "check-apk: $failures check(s) failed for $apk" >&2
  exit 1
fi
echo "check-apk: $apk passes every check"
