#!/usr/bin/env bash
# `make api-contract`: the running reception service against its written contract
# (docs/api/openapi.yaml) with schemathesis: no server error, no answer outside the
# documented schemas, no undocumented status. Semantic refusals (an unknown commune, a closed
# office) are documented 422s, so the check that positive data is accepted is left out.
#
# Installs schemathesis into a virtual environment under target/ when missing (pip, PyPI),
# builds the reception binary (debug, as the tests build it), starts it on a free loopback
# port with a temporary data directory and the rate limit raised, runs `st run`, stops it.
# SCHEMATHESIS_MAX_EXAMPLES (default 25) bounds the run time.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
venv="$target_dir/schemathesis-venv"
version="${SCHEMATHESIS_VERSION:-4.32.5}"
if [ ! -x "$venv/bin/st" ]; then
  echo "schemathesis: installing schemathesis $version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$version"
fi

# Built through the workspace, as `cargo test --workspace` builds it (same features: after
# `make unit` nothing is compiled again).
cargo build --workspace --bins -q
binary="$target_dir/debug/vssid-reception"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
bind="127.0.0.1:$port"
data_dir="$(mktemp -d)"
VSSID_RATE_PER_SECOND=10000 VSSID_RATE_BURST=10000 VSSID_LOG=warn \
  "$binary" --bind "$bind" --data-dir "$data_dir" &
service=$!
trap 'kill $service 2>/dev/null || true; wait $service 2>/dev/null || true; rm -rf "$data_dir"' EXIT

for _ in $(seq 1 100); do
  if python3 - "$bind" <<'PY' 2>/dev/null; then break; fi
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
socket.create_connection((host, int(port)), timeout=0.2).close()
PY
  sleep 0.1
done

started=$SECONDS
"$venv/bin/st" run docs/api/openapi.yaml \
  --url "http://$bind" \
  --checks all \
  --exclude-checks positive_data_acceptance \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-25}" \
  --workers 1
echo "schemathesis: passed in $((SECONDS - started)) s"
