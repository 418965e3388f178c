#!/usr/bin/env bash
# Installs what building and testing the project needs on Debian 12, idempotently:
# Debian packages that are missing, rustup components and targets that are missing.
# Usage: scripts/setup.sh [run|test]
set -euo pipefail
. "$(dirname "$0")/lib/debian.sh"

# postgresql: the server binaries the PostgreSQL store's tests start (testkit/src/postgres.rs).
want=(pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev libxdo-dev xvfb python3 curl postgresql)

install_missing_debian_packages setup "${want[@]}"

have_component() { rustup component list --installed 2>/dev/null | grep -q "^$1"; }
for c in rustfmt clippy; do
  have_component "$c" || rustup component add "$c"
done
