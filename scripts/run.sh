#!/usr/bin/env bash
# `make run`: starts the reference reception service on 127.0.0.1 (data under .data/reception),
# waits until it answers, then opens the desktop app pointed at it. The service stops with the app.
# The service's outbox (the e-mails it "sends", with the confirmation code) is
# .data/reception/outbox/*.eml.
set -euo pipefail
cd "$(dirname "$0")/.."

bind="${VSSID_BIND:-127.0.0.1:8787}"
data_dir="${VSSID_DATA_DIR_SERVICE:-.data/reception}"
mkdir -p "$data_dir"

cargo build -p vssid-reception -p vssid-app
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"

"$target_dir/debug/vssid-reception" --bind "$bind" --data-dir "$data_dir" &
service=$!
trap 'kill $service 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if python3 - "$bind" <<'PY' 2>/dev/null; then break; fi
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
socket.create_connection((host, int(port)), timeout=0.2).close()
PY
  sleep 0.1
done
echo "run: reception service on http://$bind (outbox: $data_dir/outbox)"

run_app=("$target_dir/debug/vssid-app")
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
  echo "run: no display; starting the app under xvfb-run"
  run_app=(xvfb-run -a "${run_app[@]}")
fi
VSSID_API_BASE="http://$bind" CARGO_MANIFEST_DIR="$PWD" "${run_app[@]}"
