#!/usr/bin/env bash
# Builds the web version of the app without `dx`: cargo for wasm32, then wasm-bindgen of
# the exact version in Cargo.lock (installed once), then web/index.html beside it (with
# VSSID_API_BASE, when set, as the page's reception service address, or `demo` for the
# built-in demo service; unset, the page says that no reception service is configured).
# Output: dist/web/ (serve it with `make web`). PROFILE=release for an optimised build.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${PROFILE:-debug}"
target_dir="${CARGO_TARGET_DIR:-target}"
out="dist/web"

if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$version" ]; then
  echo "build-web: wasm-bindgen is not in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
  echo "build-web: installing wasm-bindgen-cli $version (once)"
  cargo install wasm-bindgen-cli --version "$version"
fi

flags=()
[ "$profile" = "release" ] && flags+=(--release)
cargo build -p vssid-app --bin vssid-app --target wasm32-unknown-unknown \
  --no-default-features --features web "${flags[@]}"

rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out/pkg" --out-name vssid_app \
  "$target_dir/wasm32-unknown-unknown/$profile/vssid-app.wasm"
# VSSID_API_BASE (an https:// address, or `demo`) goes into the page's <meta name="vssid-api-base">.
api="${VSSID_API_BASE:-}"
if [ -n "$api" ] && [ "$api" != "demo" ] && ! [[ "$api" =~ ^https?://[A-Za-z0-9.:_/\[\]-]+$ ]]; then
  echo "build-web: VSSID_API_BASE must be a plain http(s) address or demo" >&2
  exit 1
fi
sed "s|<meta name=\"vssid-api-base\" content=\"\">|<meta name=\"vssid-api-base\" content=\"$api\">|" \
  web/index.html >"$out/index.html"
echo "build-web: $out ready ($(du -sh "$out" | cut -f1))"
