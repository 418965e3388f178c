#!/usr/bin/env bash
# Desktop smoke test: the Linux desktop app starts under a virtual X server (xvfb-run),
# draws its first screen (screenshot: target/e2e/desktop/start.png, must not be blank), and
# stops within a few seconds when asked (SIGTERM, as a session logout does).
# VSSID_DESKTOP_BIN=path skips the build and uses that binary.
set -euo pipefail
cd "$(dirname "$0")/.."

out="target/e2e/desktop"
mkdir -p "$out"
rm -f "$out"/*.png

bin="${VSSID_DESKTOP_BIN:-}"
if [ -z "$bin" ]; then
  # The binary `cargo test --workspace` builds for the app's tests (same features, so
  # after `make unit` nothing is compiled again).
  cargo test --workspace --no-run -q
  bin="${CARGO_TARGET_DIR:-target}/debug/vssid-app"
fi

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT

# One run inside the virtual display: start, wait until something is drawn, screenshot, stop.
export VSSID_DATA_DIR="$data" OUT="$out" BIN="$bin"
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
xvfb-run -a -s "-screen 0 600x900x24" bash -c '
  "$BIN" >"$OUT/app.log" 2>&1 &
  app=$!
  drawn=""
  for _ in $(seq 1 90); do
    sleep 1
    if ! kill -0 "$app" 2>/dev/null; then
      echo "desktop-smoke: the app exited before drawing (log: $OUT/app.log)" >&2
      exit 1
    fi
    import -window root "$OUT/probe.png" 2>/dev/null || continue
    colours="$(identify -format "%k" "$OUT/probe.png" 2>/dev/null || echo 0)"
    if [ "$colours" -gt 40 ]; then
      sleep 2
      import -window root "$OUT/start.png"
      drawn="$(identify -format "%k" "$OUT/start.png")"
      break
    fi
  done
  rm -f "$OUT/probe.png"
  if [ -z "$drawn" ]; then
    echo "desktop-smoke: nothing was drawn within 90 s (log: $OUT/app.log)" >&2
    kill -KILL "$app" 2>/dev/null || true
    exit 1
  fi
  echo "desktop-smoke: first screen drawn ($drawn colours): $OUT/start.png"
  kill -TERM "$app"
  for _ in $(seq 1 50); do
    kill -0 "$app" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$app" 2>/dev/null; then
    echo "desktop-smoke: the app did not stop within 5 s of SIGTERM" >&2
    kill -KILL "$app" 2>/dev/null || true
    exit 1
  fi
  status=0
  wait "$app" || status=$?
  # 143 = ended by SIGTERM (default action); anything else is a crash or an error exit.
  if [ "$status" -ne 0 ] && [ "$status" -ne 143 ]; then
    echo "desktop-smoke: the app exited with status $status (log: $OUT/app.log)" >&2
    exit 1
  fi
  echo "desktop-smoke: stopped cleanly on SIGTERM (status $status)"
'
