#!/usr/bin/env bash
# Installs what building and testing the project needs on Debian 12, idempotently:
# Debian packages that are missing, rustup components and targets that are missing.
# Usage: scripts/setup.sh [run|test]
set -euo pipefail

want=(pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev libxdo-dev xvfb python3 curl)

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

have_component() { rustup component list --installed 2>/dev/null | grep -q "^$1"; }
for c in rustfmt clippy; do
  have_component "$c" || rustup component add "$c"
done
