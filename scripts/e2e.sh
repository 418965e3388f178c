#!/usr/bin/env bash
# End-to-end tests (`make e2e`): installs what they need when it is missing (Debian's
# chromium and chromium-driver, xvfb and ImageMagick; axe-core from npm at a pinned version,
# vendored into e2e/vendor/, git-ignored), builds the web app (scripts/build-web.sh), runs
# the browser tests of the `vssid-e2e` crate, then the desktop smoke test and the desktop
# typing test (xdotool, xclip).
# Screenshots and failure notes: target/e2e/.
# SKIP_DESKTOP=1 skips the desktop smoke test; SKIP_WEB_BUILD=1 reuses dist/web.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/debian.sh

AXE_VERSION="4.10.3"
# The registry's integrity value for that tarball (npm view axe-core@4.10.3 dist.integrity).
AXE_INTEGRITY="sha512-Xm7bpRXnDSX2YE2YFfBk2FnF0ep6tmG7xPh8iHee8MIcrgq762Nkce856dYtJYLkuIoYZvGfTs/PbZhideTcEg=="
axe_dir="e2e/vendor/axe-core"

want=(chromium chromium-driver xvfb xauth imagemagick curl openssl xdotool xclip)
install_missing_debian_packages e2e "${want[@]}"

if ! grep -q "axe v$AXE_VERSION" "$axe_dir/axe.min.js" 2>/dev/null; then
  echo "e2e: vendoring axe-core $AXE_VERSION from the npm registry"
  tmp="$(mktemp -d)"
  curl -fsSL --retry 3 -o "$tmp/axe.tgz" "https://registry.npmjs.org/axe-core/-/axe-core-$AXE_VERSION.tgz"
  got="$(openssl dgst -sha512 -binary "$tmp/axe.tgz" | base64 -w0)"
  if [ "sha512-$got" != "$AXE_INTEGRITY" ]; then
    echo "e2e: axe-core tarball does not match its registry integrity ($AXE_INTEGRITY)" >&2
    exit 1
  fi
  tar xzf "$tmp/axe.tgz" -C "$tmp"
  mkdir -p "$axe_dir"
  cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$axe_dir/"
  rm -rf "$tmp"
fi

# The page names no reception service: the tests point it at theirs with `?api=`, and one
# checks what a page without a service says.
if [ -z "${SKIP_WEB_BUILD:-}" ]; then
  VSSID_API_BASE="" CARGO_TARGET_DIR="${WASM_TARGET_DIR:-${CARGO_TARGET_DIR:-target}}" \
    scripts/build-web.sh
fi

mkdir -p target/e2e
# Selected through the workspace (`--workspace --test web`, the e2e crate's only test target)
# so that features resolve as in `cargo test --workspace`, whose build is then reused as is.
cargo test --workspace --test web -- --ignored --test-threads=1 --skip figures_

if [ -z "${SKIP_DESKTOP:-}" ]; then
  scripts/desktop-smoke.sh
  VSSID_DESKTOP_BIN="${CARGO_TARGET_DIR:-target}/debug/vssid-app" scripts/desktop-typing.sh
fi
