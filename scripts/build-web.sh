#!/usr/bin/env bash
# Builds the web version of the app without `dx`: cargo for wasm32, then wasm-bindgen of
# the exact version in Cargo.lock (installed once), then web/index.html beside it (with
# VSSID_API_BASE, when set, as the page's reception service address, or `demo` for the
# built-in demo service; unset, the page says that no reception service is configured), the
# Web Worker that prepares photos, the web app manifest, its icons and the service worker
# that keeps the app shell for use with no network. Output: dist/web/ (serve it with
# `make web`). PROFILE=release for an optimised build, then shrunk with wasm-opt -Oz (npm's
# binaryen, installed under target/tools once) and its sizes printed: raw, gzip -9 and
# brotli -q 11 (Debian's brotli, installed when missing), for the wasm and for everything a
# first visit downloads. OUT=dir writes elsewhere than dist/web.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${PROFILE:-debug}"
target_dir="${CARGO_TARGET_DIR:-target}"
out="${OUT:-dist/web}"

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

if [ "$profile" = "release" ]; then
  # Debian's binaryen is too old for today's wasm features; npm's is current.
  binaryen_version="132.0.0"
  wasm_opt="$target_dir/tools/binaryen-$binaryen_version/node_modules/.bin/wasm-opt"
  if ! [ -x "$wasm_opt" ]; then
    echo "build-web: installing wasm-opt (npm binaryen $binaryen_version, once)"
    npm install --silent --no-audit --no-fund --prefix "$target_dir/tools/binaryen-$binaryen_version" \
      "binaryen@$binaryen_version" >&2
  fi
  wasm="$out/pkg/vssid_app_bg.wasm"
  before=$(stat -c %s "$wasm")
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  after=$(stat -c %s "$wasm")
  echo "build-web: wasm $before bytes from cargo, $after after wasm-opt -Oz"
fi

# The worker that prepares photos off the page's thread (src/edges/web_worker.rs).
cp web/worker.js "$out/"
# The installable web app: manifest, icons, and the service worker named after this build.
cp web/manifest.webmanifest "$out/"
mkdir -p "$out/icons"
for icon in 192x192 512x512 maskable-192x192 maskable-512x512; do
  cp "assets/icons/$icon.png" "$out/icons/"
done
shell_files="$(cd "$out" && find . -type f ! -name sw.js ! -name index.html | sed 's|^\./||' | LC_ALL=C sort)"
build="$(cd "$out" && cat index.html $shell_files | sha256sum | cut -c1-16)"
shell_json="[$(printf '"%s",' $shell_files | sed 's/,$//')]"
sed -e "s/__BUILD__/$build/" -e "s|/\*__SHELL__\*/ \[\]|$shell_json|" web/sw.js >"$out/sw.js"
if grep -q "__SHELL__\|__BUILD__" "$out/sw.js"; then
  echo "build-web: the service worker's file list was not filled in" >&2
  exit 1
fi
echo "build-web: $out ready ($(du -sh "$out" | cut -f1))"

if [ "$profile" = "release" ]; then
  . scripts/lib/debian.sh
  command -v brotli >/dev/null || install_missing_debian_packages build-web brotli
  sizes() { # raw gzip brotli of the files given
    local raw=0 gz=0 br=0 f
    for f in "$@"; do
      raw=$((raw + $(stat -c %s "$f")))
      gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
      br=$((br + $(brotli -q 11 -c "$f" | wc -c)))
    done
    printf "%9d raw %9d gzip %9d brotli" "$raw" "$gz" "$br"
  }
  echo "build-web: size report (bytes)"
  echo "  wasm              $(sizes "$out/pkg/vssid_app_bg.wasm")"
  echo "  first visit (all) $(sizes $(find "$out" -type f ! -name '*.png' | LC_ALL=C sort))"
fi
