#!/usr/bin/env bash
# Tests the phone bundle checks on this machine, without the Android SDK, the NDK or a Mac:
#
#   * Dioxus.toml, scripts/check-mobile.sh and the workflow agree on the API levels;
#   * scripts/android-patch-project.sh on dx 0.7.10's manifest for this app
#     (tests/fixtures/dx-0.7.10-AndroidManifest.xml);
#   * scripts/check-ios-app.sh on an app folder made of dx's Info.plist for this app
#     (tests/fixtures/ios/Info.plist) and ios/{vi,en}.lproj, and on broken copies of it;
#   * scripts/check-apk.sh on sample APKs: zip files holding ELF libraries written by llvm-ifs
#     (Debian's llvm), read by the real llvm-readelf against a stand-in NDK sysroot of stub
#     libraries; aapt2 and apksigner are stand-ins printing tests/fixtures/apk/*.txt, which
#     follow aapt2's output formats (DumpManifest.cpp for badging, XmlPrinter for xmltree).
#     Each broken sample must make the check fail with the expected message.
#
# Installs Debian's llvm (llvm-ifs, llvm-readelf), zip and unzip when missing.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
. scripts/lib/debian.sh

find_llvm_tool() {
  command -v "$1" 2>/dev/null || find /usr/lib -maxdepth 3 -path '/usr/lib/llvm-*/bin/*' -name "$1" 2>/dev/null | sort -V | tail -1
}
packages=()
[ -n "$(find_llvm_tool llvm-ifs)" ] && [ -n "$(find_llvm_tool llvm-readelf)" ] || packages+=(llvm)
command -v zip >/dev/null || packages+=(zip)
command -v unzip >/dev/null || packages+=(unzip)
command -v python3 >/dev/null || packages+=(python3)
install_missing_debian_packages test-bundle-checks "${packages[@]}"
llvm_ifs=$(find_llvm_tool llvm-ifs)
llvm_readelf=$(find_llvm_tool llvm-readelf)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tests=0
failed=0

ok() {
  tests=$((tests + 1))
  echo "test-bundle-checks: ok: $1"
}
not_ok() {
  tests=$((tests + 1))
  failed=$((failed + 1))
  echo "test-bundle-checks: FAILED: $1" >&2
  [ -z "${2:-}" ] || sed 's/^/    | /' "$2" >&2
}
# expect <pass|fail> <what> <text the output must contain, or ""> -- <command…>
expect() {
  local outcome=$1 what=$2 text=$3
  shift 4
  local log=$work/log.txt status=0
  "$@" >"$log" 2>&1 || status=$?
  if [ "$outcome" = pass ] && [ $status -ne 0 ]; then
    not_ok "$what: expected success, got status $status" "$log"
  elif [ "$outcome" = fail ] && [ $status -eq 0 ]; then
    not_ok "$what: expected a failure" "$log"
  elif [ -n "$text" ] && ! grep -qF -- "$text" "$log"; then
    not_ok "$what: output lacks \"$text\"" "$log"
  else
    ok "$what"
  fi
}

config() {
  python3 scripts/lib/dioxus_toml.py Dioxus.toml "$@"
}

# --- one number for each minimum version --------------------------------------------------------
if [ "$(config android_min_sdk)" = "$(config android_ndk_api)" ]; then
  ok "Dioxus.toml: [android] min_sdk = [application] android_min_sdk_version ($(config android_min_sdk))"
else
  not_ok "Dioxus.toml: [android] min_sdk $(config android_min_sdk) != [application] android_min_sdk_version $(config android_ndk_api)"
fi
# shellcheck disable=SC2016 # the line of check-mobile.sh, as written
if grep -qxF 'api=$(python3 scripts/lib/dioxus_toml.py Dioxus.toml android_ndk_api)' scripts/check-mobile.sh; then
  ok "scripts/check-mobile.sh compiles C for the API level of Dioxus.toml"
else
  not_ok "scripts/check-mobile.sh does not take its API level from Dioxus.toml"
fi
ios_min=$(config ios_minimum_os)
deployment_target=$(python3 -c 'import tomllib; print(tomllib.load(open("Dioxus.toml", "rb"))["ios"]["deployment_target"])')
workflow_target=$(sed -nE 's/^ *IPHONEOS_DEPLOYMENT_TARGET: *"?([0-9.]+)"?.*/\1/p' .github/workflows/mobile.yml)
if [ -n "$ios_min" ] && [ "$ios_min" = "$deployment_target" ] && [ "$ios_min" = "$workflow_target" ]; then
  ok "iOS $ios_min in [ios.plist] MinimumOSVersion, [ios] deployment_target and the workflow's IPHONEOS_DEPLOYMENT_TARGET"
else
  not_ok "iOS versions differ: MinimumOSVersion '$ios_min', deployment_target '$deployment_target', workflow '$workflow_target'"
fi
raw_manifest=$(python3 -c 'import tomllib; print(tomllib.load(open("Dioxus.toml", "rb"))["android"]["raw"]["manifest"])')
for feature in android.hardware.camera android.hardware.camera.autofocus; do
  if grep -qF "<uses-feature android:name=\"$feature\" android:required=\"false\" />" <<<"$raw_manifest"; then
    ok "[android.raw] manifest: $feature not required"
  else
    not_ok "[android.raw] manifest does not declare $feature android:required=\"false\""
  fi
done

# --- the patch of dx's Gradle project -----------------------------------------------------------
project=$work/project
mkdir -p "$project/app/src/main"
cp tests/fixtures/dx-0.7.10-AndroidManifest.xml "$project/app/src/main/AndroidManifest.xml"
expect pass "android-patch-project.sh on dx's manifest" "keeps the app's data out of backups" -- \
  scripts/android-patch-project.sh "$project"
expect pass "android-patch-project.sh a second time" "" -- scripts/android-patch-project.sh "$project"
if python3 - "$project/app/src/main/AndroidManifest.xml" <<'PY'; then
import sys, xml.etree.ElementTree as ET
A = "{http://schemas.android.com/apk/res/android}"
app = ET.parse(sys.argv[1]).getroot().find("application")
want = {"allowBackup": "false", "fullBackupContent": "false",
        "dataExtractionRules": "@xml/data_extraction_rules",
        "networkSecurityConfig": "@xml/network_security_config"}
sys.exit(any(app.get(A + k) != v for k, v in want.items()))
PY
  ok "the patched manifest is XML with the four <application> attributes"
else
  not_ok "the patched manifest lacks an <application> attribute"
fi
for file in data_extraction_rules.xml network_security_config.xml; do
  if cmp -s "android/res/xml/$file" "$project/app/src/main/res/xml/$file"; then
    ok "android/res/xml/$file is in the project"
  else
    not_ok "android/res/xml/$file is not in the project"
  fi
done
rm "$project/app/src/main/AndroidManifest.xml"
expect fail "android-patch-project.sh without dx's project" "run dx bundle first" -- \
  scripts/android-patch-project.sh "$project"

# --- the iOS app --------------------------------------------------------------------------------
sample_app() { # <dir>: an app folder as the workflow has it after the copy of the .lproj folders
  mkdir -p "$1"
  cp tests/fixtures/ios/Info.plist "$1/Info.plist"
  cp -R ios/vi.lproj ios/en.lproj "$1/"
  printf 'not a Mach-O file\n' >"$1/vssid-app"
}
ios_check() {
  PLUTIL='' OTOOL='' scripts/check-ios-app.sh "$@"
}
app=$work/ios/good/VssidApp.app
sample_app "$app"
expect pass "check-ios-app.sh on dx's Info.plist with both .lproj folders" "passes every check" -- ios_check "$app"
expect pass "check-ios-app.sh with IPHONEOS_DEPLOYMENT_TARGET=$ios_min" "" -- \
  env IPHONEOS_DEPLOYMENT_TARGET="$ios_min" PLUTIL='' OTOOL='' scripts/check-ios-app.sh "$app"
expect fail "check-ios-app.sh: Rust built for another iOS" "equals IPHONEOS_DEPLOYMENT_TARGET" -- \
  env IPHONEOS_DEPLOYMENT_TARGET=14.0 PLUTIL='' OTOOL='' scripts/check-ios-app.sh "$app"

app=$work/ios/no-minimum/VssidApp.app
sample_app "$app"
python3 - "$app/Info.plist" <<'PY'
import plistlib, sys
plist = plistlib.load(open(sys.argv[1], "rb"))
del plist["MinimumOSVersion"]
plistlib.dump(plist, open(sys.argv[1], "wb"))
PY
expect fail "check-ios-app.sh: no MinimumOSVersion" "MinimumOSVersion None" -- ios_check "$app"

app=$work/ios/no-en/VssidApp.app
sample_app "$app"
rm -r "$app/en.lproj"
expect fail "check-ios-app.sh: no en.lproj" "en.lproj/InfoPlist.strings is in the app" -- ios_check "$app"

app=$work/ios/vi-in-english/VssidApp.app
sample_app "$app"
cp "$app/en.lproj/InfoPlist.strings" "$app/vi.lproj/InfoPlist.strings"
expect fail "check-ios-app.sh: the vi text is English" "the vi camera text is Vietnamese" -- ios_check "$app"

app=$work/ios/broken-strings/VssidApp.app
sample_app "$app"
printf '"NSCameraUsageDescription" = "unterminated;\n' >"$app/en.lproj/InfoPlist.strings"
expect fail "check-ios-app.sh: a broken .strings file" "en.lproj/InfoPlist.strings is readable" -- ios_check "$app"

app=$work/ios/other-id/VssidApp.app
sample_app "$app"
sed -i 's/io.github.vssid_dangky.client/vn.gov.baohiemxahoi.vssid/' "$app/Info.plist"
expect fail "check-ios-app.sh: another identifier" "CFBundleIdentifier" -- ios_check "$app"

app=$work/ios/no-executable/VssidApp.app
sample_app "$app"
rm "$app/vssid-app"
expect fail "check-ios-app.sh: no executable" "CFBundleExecutable" -- ios_check "$app"

# --- the APK ------------------------------------------------------------------------------------
min_sdk=$(config android_min_sdk)
package=$(config android_identifier)

# ELF stubs: <out.so> <soname> <needed, comma-separated> <symbols: name, name:undef, name:weak>
elf() {
  local out=$1 soname=$2 needed=$3 symbols=$4 arch=${5:-AArch64} ifs=$work/elf.ifs symbol name kind
  {
    echo '--- !ifs-v1'
    echo 'IfsVersion: 3.0'
    echo "SoName: $soname"
    echo "Target: { ObjectFormat: ELF, Arch: $arch, Endianness: little, BitWidth: 64 }"
    if [ -n "$needed" ]; then
      echo 'NeededLibs:'
      tr ',' '\n' <<<"$needed" | sed 's/^/  - /'
    fi
    echo 'Symbols:'
    for symbol in ${symbols//,/ }; do
      name=${symbol%%:*}
      kind=${symbol#"$name"}
      case "$kind" in
        "") echo "  - { Name: $name, Type: Func }" ;;
        :undef) echo "  - { Name: $name, Type: Func, Undefined: true }" ;;
        :weak) echo "  - { Name: $name, Type: Func, Undefined: true, Weak: true }" ;;
      esac
    done
    echo '...'
  } >"$ifs"
  "$llvm_ifs" --output-elf="$out" "$ifs"
}

# A stand-in NDK: its readelf, and the stub libraries of API $min_sdk and 28 (getrandom is in
# Android's libc from API 28 on).
ndk=$work/ndk
prebuilt=$ndk/toolchains/llvm/prebuilt/linux-x86_64
mkdir -p "$prebuilt/bin"
ln -s "$llvm_readelf" "$prebuilt/bin/llvm-readelf"
libc_symbols=memcpy,malloc,free,__cxa_atexit,__cxa_finalize,__errno,pthread_create,__stack_chk_fail
for api in "$min_sdk" 28; do
  stubs=$prebuilt/sysroot/usr/lib/aarch64-linux-android/$api
  mkdir -p "$stubs"
  symbols=$libc_symbols
  [ "$api" -lt 28 ] || symbols=$symbols,getrandom
  elf "$stubs/libc.so" libc.so "" "$symbols"
  elf "$stubs/libm.so" libm.so "" sqrt,pow
  elf "$stubs/libdl.so" libdl.so "" dlopen,dlsym,dlclose
  elf "$stubs/liblog.so" liblog.so "" __android_log_write,__android_log_print
  elf "$stubs/libandroid.so" libandroid.so "" ANativeActivity_finish,AAssetManager_open
done

main_needed=libandroid.so,liblog.so,libm.so,libdl.so,libc.so
main_symbols=ANativeActivity_onCreate,JNI_OnLoad,memcpy:undef,malloc:undef,__cxa_finalize:undef,__android_log_write:undef,ANativeActivity_finish:undef,dlsym:undef,sqrt:undef,__cxa_thread_atexit_impl:weak,getrandom:weak

# sample_apk <name>: $work/apk/<name>/ holds the stand-in tools' answers and lib/arm64-v8a/;
# the caller changes them, then build_apk zips the APK.
sample_apk() {
  local dir=$work/apk/$1
  mkdir -p "$dir/dumps" "$dir/lib/arm64-v8a"
  cp tests/fixtures/apk/badging.txt tests/fixtures/apk/signer.txt "$dir/dumps/"
  cp tests/fixtures/apk/AndroidManifest.txt "$dir/dumps/AndroidManifest.xml"
  cp tests/fixtures/apk/data_extraction_rules.txt "$dir/dumps/res__xml__data_extraction_rules.xml"
  cp tests/fixtures/apk/network_security_config.txt "$dir/dumps/res__xml__network_security_config.xml"
  elf "$dir/lib/arm64-v8a/libmain.so" libmain.so "$main_needed" "$main_symbols"
  echo "$dir"
}
build_apk() { # <dir> → <dir>/app.apk, with an entry for each dump and library
  local dir=$1 dump
  (
    cd "$dir"
    rm -f app.apk
    mkdir -p entries
    for dump in dumps/*.xml; do
      dump=${dump#dumps/}
      mkdir -p "entries/$(dirname "${dump//__//}")"
      echo "binary XML" >"entries/${dump//__//}"
    done
    cp -R lib entries/
    (cd entries && zip -qr ../app.apk .)
  )
}
# The stand-ins for aapt2 and apksigner answer from $FAKE_DUMPS.
mkdir -p "$work/bin"
cat >"$work/bin/aapt2" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
case "$1 $2" in
  "dump badging") cat "$FAKE_DUMPS/badging.txt" ;;
  "dump xmltree")
    [ "$4" = --file ] || { echo "aapt2 stand-in: expected dump xmltree <apk> --file <path>" >&2; exit 2; }
    file=$FAKE_DUMPS/${5//\//__}
    [ -f "$file" ] || { echo "error: no file $5 in the APK" >&2; exit 1; }
    cat "$file" ;;
  "dump resources") [ -f "$FAKE_DUMPS/resources.txt" ] && cat "$FAKE_DUMPS/resources.txt" ;;
  *) echo "aapt2 stand-in: $*" >&2; exit 2 ;;
esac
EOF
cat >"$work/bin/apksigner" <<'EOF'
#!/usr/bin/env bash
[ "$1 $2" = "verify --print-certs" ] && cat "$FAKE_DUMPS/signer.txt"
EOF
chmod +x "$work/bin/aapt2" "$work/bin/apksigner"

apk_check() { # <sample dir> [check-apk.sh options]: with the stand-in NDK
  local dir=$1
  shift
  FAKE_DUMPS=$dir/dumps AAPT2=$work/bin/aapt2 APKSIGNER=$work/bin/apksigner ANDROID_NDK_HOME=$ndk \
    scripts/check-apk.sh "$@" "$dir/app.apk"
}
apk_check_without_ndk() {
  FAKE_DUMPS=$1/dumps AAPT2=$work/bin/aapt2 READELF=$llvm_readelf env -u ANDROID_NDK_HOME \
    scripts/check-apk.sh "$1/app.apk"
}

dir=$(sample_apk good)
build_apk "$dir"
expect pass "check-apk.sh on a sample of this app's APK" "passes every check" -- apk_check "$dir" --debug-signed
expect pass "check-apk.sh: the library's symbols exist at API $min_sdk" "every symbol it uses exists at API $min_sdk" -- apk_check "$dir"
expect pass "check-apk.sh without the NDK skips the symbols" "skipped: arm64-v8a/libmain.so's symbols" -- apk_check_without_ndk "$dir"
report=$work/report
expect pass "check-apk.sh writes its report" "" -- env CHECK_APK_REPORT_DIR="$report" \
  FAKE_DUMPS="$dir/dumps" AAPT2="$work/bin/aapt2" ANDROID_NDK_HOME="$ndk" scripts/check-apk.sh "$dir/app.apk"
if [ -s "$report/badging.txt" ] && grep -q 'arm64-v8a/libmain.so: libandroid.so' "$report/needed.txt"; then
  ok "the report has the badging and the NEEDED libraries"
else
  not_ok "the report lacks the badging or the NEEDED libraries"
fi

# GNU readelf, and perhaps newer llvm-readelf, print versioned symbols as "memcpy@LIBC (2)".
cat >"$work/bin/readelf-versioned" <<EOF
#!/usr/bin/env bash
"$llvm_readelf" "\$@" | sed -E 's/( UND )([A-Za-z_][A-Za-z0-9_]*)\$/\1\2@LIBC (2)/; s/( [0-9]+ )([A-Za-z_][A-Za-z0-9_]*)\$/\1\2@@LIBC/'
EOF
chmod +x "$work/bin/readelf-versioned"
expect pass "check-apk.sh reads versioned symbols" "every symbol it uses exists at API $min_sdk" -- \
  env READELF="$work/bin/readelf-versioned" FAKE_DUMPS="$dir/dumps" AAPT2="$work/bin/aapt2" \
  ANDROID_NDK_HOME="$ndk" scripts/check-apk.sh "$dir/app.apk"
if "$work/bin/readelf-versioned" --dyn-syms -W "$dir/lib/arm64-v8a/libmain.so" 2>/dev/null | grep -q 'UND memcpy@LIBC (2)$'; then
  ok "the versioned stand-in prints \"memcpy@LIBC (2)\""
else
  not_ok "the versioned stand-in does not print versions"
fi

dir=$(sample_apk other-package)
sed -i "s/name='$package'/name='vn.gov.vssid'/" "$dir/dumps/badging.txt"
build_apk "$dir"
expect fail "check-apk.sh: another package" "package is not $package" -- apk_check "$dir"

dir=$(sample_apk min-sdk-28)
sed -i "s/^sdkVersion:'$min_sdk'/sdkVersion:'28'/" "$dir/dumps/badging.txt"
build_apk "$dir"
expect fail "check-apk.sh: another minSdk" "minSdkVersion is not $min_sdk" -- apk_check "$dir"

dir=$(sample_apk no-camera-permission)
sed -i "/android.permission.CAMERA/d" "$dir/dumps/badging.txt"
build_apk "$dir"
expect fail "check-apk.sh: no CAMERA permission" "permission android.permission.CAMERA is missing" -- apk_check "$dir"

dir=$(sample_apk extra-permission)
sed -i "/android.permission.CAMERA/a uses-permission: name='android.permission.READ_CONTACTS'" "$dir/dumps/badging.txt"
build_apk "$dir"
expect fail "check-apk.sh: a permission the app does not use" "unexpected permission android.permission.READ_CONTACTS" -- apk_check "$dir"

dir=$(sample_apk camera-required)
sed -i "/uses-feature-not-required/d" "$dir/dumps/badging.txt"
sed -i "/^feature-group/a \  uses-feature: name='android.hardware.camera'\n  uses-implied-feature: name='android.hardware.camera' reason='requested android.permission.CAMERA permission'" "$dir/dumps/badging.txt"
build_apk "$dir"
expect fail "check-apk.sh: the CAMERA permission implies a required camera" "a camera feature is required" -- apk_check "$dir"

dir=$(sample_apk autofocus-required)
sed -i "s/uses-feature-not-required: name='android.hardware.camera.autofocus'/uses-feature: name='android.hardware.camera.autofocus'/" "$dir/dumps/badging.txt"
build_apk "$dir"
expect fail "check-apk.sh: autofocus required" "android.hardware.camera.autofocus is not declared" -- apk_check "$dir"

dir=$(sample_apk backup-allowed)
sed -i '/:allowBackup(/d' "$dir/dumps/AndroidManifest.xml"
build_apk "$dir"
expect fail "check-apk.sh: no allowBackup (Android's default backs up)" "android:allowBackup is not false" -- apk_check "$dir"

dir=$(sample_apk backup-true)
sed -i 's/:fullBackupContent(0x010104eb)=false/:fullBackupContent(0x010104eb)=true/' "$dir/dumps/AndroidManifest.xml"
build_apk "$dir"
expect fail "check-apk.sh: fullBackupContent=true" "android:fullBackupContent is not false" -- apk_check "$dir"

dir=$(sample_apk activity-attribute)
# allowBackup on the activity, not on <application>, does not count.
sed -i '/:allowBackup(/d' "$dir/dumps/AndroidManifest.xml"
sed -i '/E: activity/a \        A: http://schemas.android.com/apk/res/android:allowBackup(0x01010280)=false' "$dir/dumps/AndroidManifest.xml"
build_apk "$dir"
expect fail "check-apk.sh: the attribute must be on <application>" "android:allowBackup is not false" -- apk_check "$dir"

dir=$(sample_apk no-rules)
sed -i '/:dataExtractionRules(/d' "$dir/dumps/AndroidManifest.xml"
rm "$dir/dumps/res__xml__data_extraction_rules.xml"
build_apk "$dir"
expect fail "check-apk.sh: no data extraction rules" "android:dataExtractionRules does not point to a resource" -- apk_check "$dir"

dir=$(sample_apk rules-include)
sed -i '0,/E: exclude/s/E: exclude/E: include/' "$dir/dumps/res__xml__data_extraction_rules.xml"
build_apk "$dir"
expect fail "check-apk.sh: the rules include a domain" "data extraction rules include something" -- apk_check "$dir"

dir=$(sample_apk rules-short)
python3 - "$dir/dumps/res__xml__data_extraction_rules.xml" <<'PY'
import sys
lines = open(sys.argv[1]).read().splitlines()
# Drop the last exclude (external, device transfer) and its two attributes.
open(sys.argv[1], "w").write("\n".join(lines[:-3]) + "\n")
PY
build_apk "$dir"
expect fail "check-apk.sh: a domain left out of device transfer" "domain external is excluded 1 times" -- apk_check "$dir"

dir=$(sample_apk shortened-paths)
# A release build may rename res/xml/data_extraction_rules.xml; aapt2 dump resources says where.
mv "$dir/dumps/res__xml__data_extraction_rules.xml" "$dir/dumps/res__0K.xml"
cat >"$dir/dumps/resources.txt" <<'EOF'
    resource 0x7f110000 xml/data_extraction_rules
      () (file) res/0K.xml type=XML
    resource 0x7f110001 xml/network_security_config
      () (file) res/xml/network_security_config.xml type=XML
EOF
build_apk "$dir"
expect pass "check-apk.sh: rules found through aapt2 dump resources" "domain external excluded" -- apk_check "$dir"

dir=$(sample_apk cleartext-elsewhere)
cat >>"$dir/dumps/res__xml__network_security_config.xml" <<'EOF'
    E: domain (line=12)
      A: includeSubdomains="false" (Raw: "false")
        T: '10.0.2.2'
EOF
build_apk "$dir"
expect fail "check-apk.sh: plain HTTP to another host" "plain HTTP allowed to other domains than 127.0.0.1" -- apk_check "$dir"

dir=$(sample_apk cleartext-default)
sed -i '3s/"false" (Raw: "false")/"true" (Raw: "true")/' "$dir/dumps/res__xml__network_security_config.xml"
build_apk "$dir"
expect fail "check-apk.sh: plain HTTP by default" "cleartextTrafficPermitted=\"false\"> is missing" -- apk_check "$dir"

dir=$(sample_apk release-signed)
sed -i 's/CN=Android Debug/CN=Release/' "$dir/dumps/signer.txt"
build_apk "$dir"
expect fail "check-apk.sh --debug-signed: another key" "not signed with the SDK's debug key" -- apk_check "$dir" --debug-signed

dir=$(sample_apk api-28-symbol)
elf "$dir/lib/arm64-v8a/libmain.so" libmain.so "$main_needed" "${main_symbols/getrandom:weak/getrandom:undef}"
build_apk "$dir"
expect fail "check-apk.sh: a libc function of API 28" "lack at API $min_sdk: getrandom" -- apk_check "$dir"

dir=$(sample_apk cxx-shared-missing)
elf "$dir/lib/arm64-v8a/libmain.so" libmain.so "$main_needed,libc++_shared.so" "$main_symbols,_ZdlPv:undef"
build_apk "$dir"
expect fail "check-apk.sh: libc++_shared.so needed, not packaged" "needs libc++_shared.so, which is not packaged" -- apk_check "$dir"

dir=$(sample_apk cxx-shared-packaged)
elf "$dir/lib/arm64-v8a/libmain.so" libmain.so "$main_needed,libc++_shared.so" "$main_symbols,_ZdlPv:undef"
elf "$dir/lib/arm64-v8a/libc++_shared.so" libc++_shared.so libc.so,libdl.so,libm.so "_ZdlPv,_Znwm,malloc:undef"
build_apk "$dir"
expect pass "check-apk.sh: libc++_shared.so packaged" "arm64-v8a/libc++_shared.so needs: libc.so libdl.so libm.so" -- apk_check "$dir"

dir=$(sample_apk foreign-library)
elf "$dir/lib/arm64-v8a/libmain.so" libmain.so "$main_needed,libssl.so.3" "$main_symbols"
build_apk "$dir"
expect fail "check-apk.sh: a library Android does not have" "needs libssl.so.3, which is neither an Android system library" -- apk_check "$dir"

dir=$(sample_apk newer-system-library)
elf "$dir/lib/arm64-v8a/libmain.so" libmain.so "$main_needed,libaaudio.so" "$main_symbols"
build_apk "$dir"
expect fail "check-apk.sh: a system library newer than minSdk" "needs libaaudio.so, which Android has from API 26 only" -- apk_check "$dir"

dir=$(sample_apk wrong-machine)
elf "$dir/lib/arm64-v8a/libmain.so" libmain.so "$main_needed" "$main_symbols" x86_64
build_apk "$dir"
expect fail "check-apk.sh: an x86_64 library in arm64-v8a" "is built for Advanced Micro Devices X86-64, not arm64-v8a" -- apk_check "$dir"

dir=$(sample_apk not-elf)
printf 'not an ELF file\n' >"$dir/lib/arm64-v8a/libmain.so"
build_apk "$dir"
expect fail "check-apk.sh: a library that is not an ELF file" "libmain.so is built for an unknown machine" -- apk_check "$dir"

dir=$(sample_apk other-lib-name)
mv "$dir/lib/arm64-v8a/libmain.so" "$dir/lib/arm64-v8a/libdioxusmain.so"
build_apk "$dir"
expect fail "check-apk.sh: the library is not the one the manifest loads" "arm64-v8a: no libmain.so" -- apk_check "$dir"

dir=$(sample_apk no-library)
rm -r "$dir/lib/arm64-v8a"
mkdir -p "$dir/lib"
build_apk "$dir"
expect fail "check-apk.sh: no native library" "no native library in the APK" -- apk_check "$dir"

echo "test-bundle-checks: $((tests - failed)) of $tests passed"
[ "$failed" -eq 0 ]
