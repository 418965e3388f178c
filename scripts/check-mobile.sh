#!/usr/bin/env bash
# Type-checks the app for Android with the `mobile` feature (aarch64 phones; x86_64 emulators
# on request), without the Android SDK or NDK: Debian's clang stands in for the NDK's compiler
# for the few C parts (ring). Installs the rustup targets and clang/llvm when missing, idempotently.
# Usage: scripts/check-mobile.sh            (honours CARGO_TARGET_DIR; else the default)
#        ANDROID_TARGETS="aarch64-linux-android x86_64-linux-android" scripts/check-mobile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/debian.sh

read -r -a targets <<<"${ANDROID_TARGETS:-aarch64-linux-android}"
# The API level the C code is compiled against: the one dx compiles and links the phone build
# for, Dioxus.toml's [application] android_min_sdk_version (equal to [android] min_sdk, the
# manifest's minSdk; android/README.md, "API level").
api=$(python3 scripts/lib/dioxus_toml.py Dioxus.toml android_ndk_api)

installed_targets=$(rustup target list --installed 2>/dev/null || true)
for t in "${targets[@]}"; do
  grep -qx "$t" <<<"$installed_targets" || rustup target add "$t"
done

# Packages named after the commands the cross build needs (clang for ring's C, llvm-ar).
packages=()
command -v clang >/dev/null || packages+=(clang)
command -v llvm-ar >/dev/null || packages+=(llvm)
install_missing_debian_packages check-mobile "${packages[@]}"

for t in "${targets[@]}"; do
  var=${t//-/_}
  echo "check-mobile: cargo check -p vssid-app --target $t --no-default-features --features mobile"
  env "CC_${var}=clang" \
      "AR_${var}=llvm-ar" \
      "CFLAGS_${var}=--target=${t}${api} -ffreestanding -nostdlibinc -DRING_CORE_NOSTDLIBINC=1" \
      cargo check -p vssid-app --target "$t" --no-default-features --features mobile
done
