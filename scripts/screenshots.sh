#!/usr/bin/env bash
# Takes a screenshot of every screen of the web build (demo states, 390x844, Vietnamese)
# with headless Chromium into docs/screenshots/. Needs `scripts/build-web.sh` first.
# Usage: scripts/screenshots.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8099}"
size="${SIZE:-390,844}"
out="docs/screenshots"
mkdir -p "$out"

python3 -m http.server "$port" --bind 127.0.0.1 --directory dist/web >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
sleep 1

for name in start resume consent declaration declaration-errors photos office email submitting otp receipt; do
  profile="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --window-size="$size" \
    --virtual-time-budget=8000 --screenshot="$out/$name.png" \
    "http://127.0.0.1:$port/?demo=$name" >/dev/null 2>&1 || echo "screenshots: $name failed" >&2
  rm -rf "$profile"
  echo "screenshots: $out/$name.png"
done
