#!/usr/bin/env bash
# Figures for README: the first paint of the web app's start screen in headless Chromium with
# a 4× CPU slowdown and the "Slow 4G" network profile (DevTools protocol), on a first visit
# and on a second one served by the service worker, for a build folder.
#
#   scripts/first-paint.sh                 # dist/web as it is
#   scripts/first-paint.sh /tmp/web-debug  # another build (made by scripts/build-web.sh)
#
# Needs Chromium and chromedriver (scripts/e2e.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
dist="$(realpath "${1:-dist/web}")"
wasm="$dist/pkg/vssid_app_bg.wasm"
echo "first-paint: $dist: wasm $(stat -c %s "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzipped"
VSSID_E2E_DIST="$dist" cargo test --workspace --test web -- --ignored --test-threads=1 \
  --nocapture --exact figures_first_paint_on_a_slow_phone 2>&1 | grep -E "^first-paint:|FAIL|panicked|test result"
